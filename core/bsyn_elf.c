/* ELF32 reader. Every offset and size read from the file is checked against the file size
 * in 64-bit arithmetic before use, so a hostile file cannot make the reader touch memory
 * outside the image. */
#include "bsyn_elf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Byte offsets in the ELF32 file header, a program header and a section header. */
enum {
  EH_SIZE = 52,
  EH_TYPE = 16,
  EH_MACHINE = 18,
  EH_VERSION = 20,
  EH_ENTRY = 24,
  EH_PHOFF = 28,
  EH_SHOFF = 32,
  EH_PHENTSIZE = 42,
  EH_PHNUM = 44,
  EH_SHENTSIZE = 46,
  EH_SHNUM = 48,
  PH_SIZE = 32,
  PH_TYPE = 0,
  PH_OFFSET = 4,
  PH_VADDR = 8,
  PH_FILESZ = 16,
  PH_MEMSZ = 20,
  PH_FLAGS = 24,
  SH_SIZE = 40,
  SH_TYPE = 4,
  SH_OFFSET = 16,
  SH_SIZE_F = 20,
  SH_LINK = 24,
  SH_ENTSIZE = 36,
  SYM_SIZE = 16,
  SYM_NAME = 0,
  SYM_VALUE = 4,
  SYM_SIZE_F = 8,
  SYM_INFO = 12
};
enum { ET_EXEC = 2, PT_LOAD = 1, SHT_SYMTAB = 2 };

static uint32_t rd16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t rd32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const char *type_name(uint32_t t) {
  switch (t) {
  case 0:
    return "ET_NONE";
  case 1:
    return "ET_REL (an object file)";
  case 3:
    return "ET_DYN (a shared object or PIE)";
  case 4:
    return "ET_CORE (a core dump)";
  default:
    return "an unknown type";
  }
}

static int check_ident(const uint8_t *b, size_t size, bsyn_diag *d) {
  if (size < 4 || memcmp(b, "\177ELF", 4) != 0)
    return bsyn_diag_set(d, 0, 0, "expected an ELF file (magic 7f 45 4c 46), found %s",
                         size < 4 ? "a file shorter than 4 bytes" : "other leading bytes");
  if (size < 7)
    return bsyn_diag_set(d, 0, 0, "expected a 52-byte ELF32 header, found a file of %zu bytes",
                         size);
  if (b[4] != 1)
    return bsyn_diag_set(d, 0, 0, "expected ELFCLASS32 (a 32-bit ELF), found %s",
                         b[4] == 2 ? "ELFCLASS64 (a 64-bit ELF)" : "an unknown class");
  if (b[5] != 1)
    return bsyn_diag_set(d, 0, 0, "expected ELFDATA2LSB (little-endian), found %s",
                         b[5] == 2 ? "ELFDATA2MSB (big-endian)" : "an unknown byte order");
  if (b[6] != 1)
    return bsyn_diag_set(d, 0, 0, "expected ELF version 1, found version %u", b[6]);
  if (size < EH_SIZE)
    return bsyn_diag_set(d, 0, 0, "expected a 52-byte ELF32 header, found a file of %zu bytes",
                         size);
  if (rd16(b + EH_TYPE) != ET_EXEC)
    return bsyn_diag_set(d, 0, 0, "expected an executable (ET_EXEC), found %s",
                         type_name(rd16(b + EH_TYPE)));
  if (rd16(b + EH_MACHINE) != BSYN_ELF_MACHINE_RISCV)
    return bsyn_diag_set(d, 0, 0, "expected machine RISC-V (243), found machine %u",
                         rd16(b + EH_MACHINE));
  return 0;
}

static int read_segments(bsyn_elf *e, bsyn_diag *d) {
  const uint8_t *b = e->image;
  uint64_t phoff = rd32(b + EH_PHOFF), phnum = rd16(b + EH_PHNUM), phent = rd16(b + EH_PHENTSIZE);
  if (phnum == 0)
    return bsyn_diag_set(d, 0, 0, "expected program headers, found none");
  if (phent != PH_SIZE)
    return bsyn_diag_set(d, 0, 0, "expected 32-byte program headers, found %u-byte ones",
                         (unsigned)phent);
  if (phoff + phnum * PH_SIZE > e->image_size)
    return bsyn_diag_set(
        d, 0, 0,
        "expected %u program headers at offset 0x%llx inside the file, found a file of %zu bytes",
        (unsigned)phnum, (unsigned long long)phoff, e->image_size);
  e->segments = bsyn_calloc(phnum, sizeof *e->segments);
  uint64_t total = 0;
  for (uint32_t i = 0; i < phnum; i++) {
    const uint8_t *p = b + phoff + (uint64_t)i * PH_SIZE;
    if (rd32(p + PH_TYPE) != PT_LOAD)
      continue;
    uint64_t off = rd32(p + PH_OFFSET), filesz = rd32(p + PH_FILESZ), memsz = rd32(p + PH_MEMSZ);
    uint64_t vaddr = rd32(p + PH_VADDR);
    if (off + filesz > e->image_size)
      return bsyn_diag_set(d, 0, 0,
                           "expected segment %u (offset 0x%llx, 0x%llx bytes) inside the file, "
                           "found a file of %zu bytes",
                           i, (unsigned long long)off, (unsigned long long)filesz, e->image_size);
    if (filesz > memsz)
      return bsyn_diag_set(
          d, 0, 0, "expected segment %u's file size <= its memory size, found 0x%llx > 0x%llx", i,
          (unsigned long long)filesz, (unsigned long long)memsz);
    if (vaddr + memsz > (1ull << 32))
      return bsyn_diag_set(
          d, 0, 0,
          "expected segment %u inside the 32-bit address space, found 0x%llx bytes at 0x%08llx", i,
          (unsigned long long)memsz, (unsigned long long)vaddr);
    total += memsz;
    if (total > BSYN_ELF_MAX_IMAGE)
      return bsyn_diag_set(d, 0, 0,
                           "expected at most %u MiB of loadable segments, found 0x%llx bytes",
                           BSYN_ELF_MAX_IMAGE >> 20, (unsigned long long)total);
    bsyn_elf_segment *s = &e->segments[e->num_segments++];
    s->vaddr = (uint32_t)vaddr;
    s->memsz = (uint32_t)memsz;
    s->filesz = (uint32_t)filesz;
    s->flags = rd32(p + PH_FLAGS);
    s->data = b + off;
  }
  if (e->num_segments == 0)
    return bsyn_diag_set(d, 0, 0, "expected a PT_LOAD segment, found none");
  return 0;
}

/* Reads the first SHT_SYMTAB section and its string table. A file without section headers
 * (stripped) simply has no symbols. */
static int read_symbols(bsyn_elf *e, bsyn_diag *d) {
  const uint8_t *b = e->image;
  uint64_t shoff = rd32(b + EH_SHOFF), shnum = rd16(b + EH_SHNUM), shent = rd16(b + EH_SHENTSIZE);
  if (shoff == 0 || shnum == 0)
    return 0;
  if (shent != SH_SIZE)
    return bsyn_diag_set(d, 0, 0, "expected 40-byte section headers, found %u-byte ones",
                         (unsigned)shent);
  if (shoff + shnum * SH_SIZE > e->image_size)
    return bsyn_diag_set(
        d, 0, 0,
        "expected %u section headers at offset 0x%llx inside the file, found a file of %zu bytes",
        (unsigned)shnum, (unsigned long long)shoff, e->image_size);
  for (uint32_t i = 0; i < shnum; i++) {
    const uint8_t *sh = b + shoff + (uint64_t)i * SH_SIZE;
    if (rd32(sh + SH_TYPE) != SHT_SYMTAB)
      continue;
    uint64_t off = rd32(sh + SH_OFFSET), size = rd32(sh + SH_SIZE_F), link = rd32(sh + SH_LINK);
    if (rd32(sh + SH_ENTSIZE) != SYM_SIZE || off + size > e->image_size || link >= shnum)
      return bsyn_diag_set(
          d, 0, 0, "expected a symbol table inside the file, found section %u out of bounds", i);
    const uint8_t *str = b + shoff + link * SH_SIZE;
    uint64_t stroff = rd32(str + SH_OFFSET), strsize = rd32(str + SH_SIZE_F);
    if (stroff + strsize > e->image_size || strsize == 0 || b[stroff + strsize - 1] != '\0')
      return bsyn_diag_set(
          d, 0, 0, "expected a NUL-terminated string table inside the file, found section %u",
          (unsigned)link);
    uint64_t n = size / SYM_SIZE;
    e->symbols = bsyn_calloc(n ? n : 1, sizeof *e->symbols);
    for (uint64_t k = 0; k < n; k++) {
      const uint8_t *s = b + off + k * SYM_SIZE;
      uint32_t name = rd32(s + SYM_NAME);
      if (name == 0)
        continue;
      if (name >= strsize)
        return bsyn_diag_set(d, 0, 0,
                             "expected symbol %llu's name inside the string table, found offset %u",
                             (unsigned long long)k, name);
      bsyn_elf_symbol *y = &e->symbols[e->num_symbols++];
      y->name = (const char *)b + stroff + name;
      y->value = rd32(s + SYM_VALUE);
      y->size = rd32(s + SYM_SIZE_F);
      y->global = (s[SYM_INFO] >> 4) != 0;
    }
    return 0;
  }
  return 0;
}

int bsyn_elf_parse(const void *buf, size_t size, bsyn_elf **out, bsyn_diag *d) {
  *out = NULL;
  if (check_ident(buf, size, d))
    return -1;
  bsyn_elf *e = bsyn_calloc(1, sizeof *e);
  e->image = bsyn_malloc(size);
  memcpy(e->image, buf, size);
  e->image_size = size;
  e->entry = rd32(e->image + EH_ENTRY);
  if (read_segments(e, d) || read_symbols(e, d)) {
    bsyn_elf_free(e);
    return -1;
  }
  *out = e;
  return 0;
}

int bsyn_elf_read(const char *path, bsyn_elf **out, bsyn_diag *d) {
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f)
    return bsyn_diag_set(d, 0, 0, "expected a readable ELF file, found %s", strerror(errno));
  BSYN_VEC(uint8_t) buf = {0};
  for (;;) {
    bsyn_vec_reserve(buf, buf.size + 65536);
    size_t got = fread(buf.data + buf.size, 1, buf.cap - buf.size, f);
    buf.size += got;
    if (got == 0)
      break;
  }
  int err = ferror(f);
  fclose(f);
  int rc = err ? bsyn_diag_set(d, 0, 0, "expected a readable ELF file, found a read error")
               : bsyn_elf_parse(buf.data, buf.size, out, d);
  bsyn_vec_free(buf);
  return rc;
}

void bsyn_elf_free(bsyn_elf *e) {
  if (!e)
    return;
  free(e->segments);
  free(e->symbols);
  free(e->image);
  free(e);
}

int bsyn_elf_find_symbol(const bsyn_elf *e, const char *name, uint32_t *value) {
  const bsyn_elf_symbol *best = NULL;
  for (uint32_t i = 0; i < e->num_symbols; i++)
    if (!strcmp(e->symbols[i].name, name) && (!best || (!best->global && e->symbols[i].global)))
      best = &e->symbols[i];
  if (best && value)
    *value = best->value;
  return best != NULL;
}

int bsyn_elf_load(const bsyn_elf *e, bsyn_mem *m, bsyn_diag *d) {
  for (uint32_t i = 0; i < e->num_segments; i++) {
    const bsyn_elf_segment *s = &e->segments[i];
    int rc = bsyn_mem_write(m, s->vaddr, s->data, s->filesz);
    /* pages start zeroed, but an earlier segment may share the tail's page */
    for (uint32_t k = s->filesz; rc == 0 && k < s->memsz;) {
      uint32_t a = s->vaddr + k;
      uint32_t chunk = BSYN_MEM_PAGE_SIZE - (a & (BSYN_MEM_PAGE_SIZE - 1));
      if (chunk > s->memsz - k)
        chunk = s->memsz - k;
      uint8_t *p = bsyn_mem_page_for_write(m, a);
      if (!p)
        rc = -1;
      else
        memset(p + (a & (BSYN_MEM_PAGE_SIZE - 1)), 0, chunk);
      k += chunk;
    }
    if (rc)
      return bsyn_diag_set(
          d, 0, 0,
          "expected segment %u (0x%x bytes at 0x%08x) to fit the memory limit, found it spent", i,
          s->memsz, s->vaddr);
  }
  return 0;
}

int bsyn_elf_load_program(const bsyn_elf *e, bsyn_mem *m, const bsyn_elf_window *w, uint32_t n,
                          bsyn_diag *d) {
  for (uint32_t i = 0; i < e->num_segments; i++) {
    const bsyn_elf_segment *s = &e->segments[i];
    for (uint32_t k = 0; k < n && s->memsz; k++)
      if ((uint64_t)s->vaddr < (uint64_t)w[k].base + w[k].size &&
          w[k].base < (uint64_t)s->vaddr + s->memsz)
        return bsyn_diag_set(d, 0, 0,
                             "expected segment %u (0x%x bytes at 0x%08x) clear of %s, found an "
                             "overlap",
                             i, s->memsz, s->vaddr, w[k].what);
  }
  if (e->entry & 3)
    return bsyn_diag_set(d, 0, 0, "expected a 4-byte aligned entry point, found 0x%08x", e->entry);
  return bsyn_elf_load(e, m, d);
}
