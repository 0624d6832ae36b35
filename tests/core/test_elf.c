#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_elf.h"
#include "bsyn_mem.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

/* ---- a small ELF32 writer for tests: header, program headers, data, symbols ---- */

typedef struct img {
  uint8_t b[1024];
  size_t n;
} img;

static void w16(img *m, size_t at, uint32_t v) {
  m->b[at] = (uint8_t)v;
  m->b[at + 1] = (uint8_t)(v >> 8);
}
static void w32(img *m, size_t at, uint32_t v) {
  w16(m, at, v & 0xffff);
  w16(m, at + 2, v >> 16);
}

/* Layout: 0 header, 52 three program headers, 148 segment 0 data (16 bytes), 164 segment 1
 * data (8 bytes), 172 strtab, 200 symtab (4 entries), 264 section headers (3). */
static void build(img *m) {
  memset(m, 0, sizeof *m);
  memcpy(m->b, "\177ELF\1\1\1", 7);
  w16(m, 16, 2);
  w16(m, 18, 243);
  w32(m, 20, 1);
  w32(m, 24, 0x80000004); /* entry */
  w32(m, 28, 52);
  w32(m, 32, 264);
  w16(m, 40, 52);
  w16(m, 42, 32);
  w16(m, 44, 3);
  w16(m, 46, 40);
  w16(m, 48, 3);
  /* segment 0: code at 0x80000000, 16 bytes */
  w32(m, 52 + 0, 1);
  w32(m, 52 + 4, 148);
  w32(m, 52 + 8, 0x80000000);
  w32(m, 52 + 16, 16);
  w32(m, 52 + 20, 16);
  w32(m, 52 + 24, 5);
  /* a PT_NOTE, skipped */
  w32(m, 84 + 0, 4);
  /* segment 2: 8 bytes of data then 0x2000 zero bytes, crossing pages */
  w32(m, 116 + 0, 1);
  w32(m, 116 + 4, 164);
  w32(m, 116 + 8, 0x00001ff8);
  w32(m, 116 + 16, 8);
  w32(m, 116 + 20, 0x2008);
  w32(m, 116 + 24, 6);
  for (int i = 0; i < 16; i++)
    m->b[148 + i] = (uint8_t)(0xa0 + i);
  for (int i = 0; i < 8; i++)
    m->b[164 + i] = (uint8_t)(0x10 + i);
  memcpy(m->b + 172, "\0tohost\0begin\0local\0", 20);
  /* symbols: null, tohost (local, 0x111) then tohost (global, 0x222), begin */
  size_t s = 200;
  w32(m, s + 16, 1), w32(m, s + 20, 0x111), m->b[s + 28] = 0x00;
  w32(m, s + 32, 1), w32(m, s + 36, 0x222), m->b[s + 44] = 0x10;
  w32(m, s + 48, 8), w32(m, s + 52, 0x80000008), w32(m, s + 56, 4), m->b[s + 60] = 0x10;
  /* sections: null, .symtab (link 2), .strtab */
  size_t h = 264 + 40;
  w32(m, h + 4, 2), w32(m, h + 16, 200), w32(m, h + 20, 64), w32(m, h + 24, 2), w32(m, h + 36, 16);
  h += 40;
  w32(m, h + 4, 3), w32(m, h + 16, 172), w32(m, h + 20, 20);
  m->n = 264 + 3 * 40;
}

Test(elf, parses_segments_entry_and_symbols) {
  img m;
  build(&m);
  bsyn_elf *e;
  bsyn_diag d;
  bsyn_diag_init(&d, "mem");
  cr_assert_eq(bsyn_elf_parse(m.b, m.n, &e, &d), 0, "%s", d.msg);
  cr_assert_eq(e->entry, 0x80000004);
  cr_assert_eq(e->num_segments, 2);
  cr_assert_eq(e->segments[0].vaddr, 0x80000000);
  cr_assert_eq(e->segments[0].filesz, 16);
  cr_assert_eq(e->segments[1].memsz, 0x2008);
  cr_assert_eq(e->segments[1].flags, 6);
  uint32_t v = 0;
  cr_assert(bsyn_elf_find_symbol(e, "tohost", &v));
  cr_assert_eq(v, 0x222, "the global symbol wins over a local one of the same name");
  cr_assert(bsyn_elf_find_symbol(e, "begin", &v));
  cr_assert_eq(v, 0x80000008);
  cr_assert_not(bsyn_elf_find_symbol(e, "end", NULL));
  cr_assert_not(bsyn_elf_find_symbol(e, "local", NULL), "a string that no symbol names");

  /* loading: file bytes, then zeros over memory that held something before */
  bsyn_mem *mem = bsyn_mem_new(0);
  uint8_t junk[0x4000];
  memset(junk, 0xee, sizeof junk);
  bsyn_mem_write(mem, 0x1000, junk, sizeof junk);
  cr_assert_eq(bsyn_elf_load(e, mem, &d), 0, "%s", d.msg);
  cr_assert_eq(bsyn_mem_read32(mem, 0x80000000), 0xa3a2a1a0);
  cr_assert_eq(bsyn_mem_read32(mem, 0x8000000c), 0xafaeadac);
  cr_assert_eq(bsyn_mem_read32(mem, 0x1ffc), 0x17161514);
  for (uint32_t a = 0x2000; a < 0x2000 + 0x2000; a += 4)
    cr_assert_eq(bsyn_mem_read32(mem, a), 0, "zero fill at 0x%x", a);
  cr_assert_eq(bsyn_mem_read8(mem, 0x4000), 0xee, "memory past memsz untouched");
  cr_assert_eq(bsyn_mem_read8(mem, 0x1ff7), 0xee, "memory before vaddr untouched");
  bsyn_mem_free(mem);

  /* a memory too small for the image */
  mem = bsyn_mem_new(BSYN_MEM_PAGE_SIZE);
  cr_assert_eq(bsyn_elf_load(e, mem, &d), -1);
  cr_assert(strstr(d.msg, "memory limit"), "%s", d.msg);
  bsyn_mem_free(mem);
  bsyn_elf_free(e);
}

/* Every prefix of a valid file, and random byte changes, are rejected or accepted cleanly
 * (the sanitizer build checks that no read leaves the buffer). */
Test(elf, truncations_and_corruptions_are_safe) {
  img m;
  build(&m);
  for (size_t n = 0; n < m.n; n++) {
    bsyn_elf *e;
    bsyn_diag d;
    bsyn_diag_init(&d, "mem");
    int rc = bsyn_elf_parse(m.b, n, &e, &d);
    cr_assert_eq(rc, -1, "a %zu-byte prefix of a %zu-byte file was accepted", n, m.n);
    cr_assert_null(e);
    cr_assert(strstr(d.msg, "expected") && strstr(d.msg, "found"), "%s", d.msg);
  }
  uint64_t seed = 0x5eed0001;
  bsyn_rng rng;
  bsyn_rng_seed(&rng, seed);
  for (int k = 0; k < 3000; k++) {
    img c = m;
    for (int f = 0; f < 3; f++) {
      uint64_t r = bsyn_rng_next(&rng);
      c.b[r % c.n] = (uint8_t)(r >> 32);
    }
    bsyn_elf *e;
    bsyn_diag d;
    bsyn_diag_init(&d, "mem");
    if (bsyn_elf_parse(c.b, c.n, &e, &d) == 0) {
      for (uint32_t i = 0; i < e->num_segments; i++)
        cr_assert((uint64_t)e->segments[i].vaddr + e->segments[i].memsz <= (1ull << 32),
                  "seed %llu", (unsigned long long)seed);
      for (uint32_t i = 0; i < e->num_symbols; i++)
        cr_assert(strlen(e->symbols[i].name) < c.n, "seed %llu", (unsigned long long)seed);
      bsyn_elf_free(e);
    } else {
      cr_assert(strstr(d.msg, "expected"), "seed %llu: %s", (unsigned long long)seed, d.msg);
    }
  }
}

/* One file per defect under tests/data/bad/elf, each with its message, through the CLI. */
Test(elf, bad_files_name_their_defect) {
  static const struct {
    const char *file, *msg;
  } cases[] = {
      {"not_elf.elf", "expected an ELF file (magic 7f 45 4c 46), found other leading bytes"},
      {"truncated.elf", "expected a 52-byte ELF32 header, found a file of 30 bytes"},
      {"elf64.elf", "expected ELFCLASS32 (a 32-bit ELF), found ELFCLASS64 (a 64-bit ELF)"},
      {"big_endian.elf", "expected ELFDATA2LSB (little-endian), found ELFDATA2MSB (big-endian)"},
      {"wrong_machine.elf", "expected machine RISC-V (243), found machine 62"},
      {"not_executable.elf", "expected an executable (ET_EXEC), found ET_REL (an object file)"},
      {"truncated_phdrs.elf",
       "expected 2 program headers at offset 0x34 inside the file, found a file of 84 bytes"},
      {"segment_outside_file.elf",
       "expected segment 0 (offset 0x54, 0x40 bytes) inside the file, found a file of 88 bytes"},
      {"segment_filesz_over_memsz.elf",
       "expected segment 0's file size <= its memory size, found 0x4 > 0x2"},
      {"segment_outside_memory.elf",
       "expected segment 0 inside the 32-bit address space, found 0x2000 bytes at 0xfffff000"},
      {"segment_too_large.elf",
       "expected at most 256 MiB of loadable segments, found 0x20000000 bytes"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *path = bsyn_test_data("bad/elf/");
    char full[1024], cmd[2200], want[2200];
    snprintf(full, sizeof full, "%s%s", path, cases[i].file);
    bsyn_elf *e;
    bsyn_diag d;
    bsyn_diag_init(&d, full);
    cr_assert_eq(bsyn_elf_read(full, &e, &d), -1, "%s accepted", cases[i].file);
    cr_assert_null(e);
    cr_assert_str_eq(d.msg, cases[i].msg);
    snprintf(cmd, sizeof cmd, "'%s' run --ref '%s'", bsyn_test_exe(), full);
    char *out;
    int rc = bsyn_test_run(cmd, &out);
    snprintf(want, sizeof want, "%s: error: %s\n", full, cases[i].msg);
    cr_assert_eq(rc, 1, "%s: exit %d", cases[i].file, rc);
    cr_assert_str_eq(out, want);
    free(out);
  }
}

Test(elf, missing_file) {
  bsyn_elf *e;
  bsyn_diag d;
  bsyn_diag_init(&d, "/nonexistent/x.elf");
  cr_assert_eq(bsyn_elf_read("/nonexistent/x.elf", &e, &d), -1);
  cr_assert(strstr(d.msg, "expected a readable ELF file, found"), "%s", d.msg);
}

/* The programs built with the RISC-V toolchain load, with _start as the entry point. */
Test(elf, built_programs) {
  char path[1024];
  snprintf(path, sizeof path, "%s/programs/sort.elf", BSYN_BUILD_DIR);
  FILE *f = fopen(path, "rb");
  if (!f)
    cr_skip("no RV32 programs built (riscv64-unknown-elf-gcc missing)");
  fclose(f);
  bsyn_elf *e;
  bsyn_diag d;
  bsyn_diag_init(&d, path);
  cr_assert_eq(bsyn_elf_read(path, &e, &d), 0, "%s", d.msg);
  uint32_t start = 0, main_addr = 0;
  cr_assert(bsyn_elf_find_symbol(e, "_start", &start));
  cr_assert(bsyn_elf_find_symbol(e, "main", &main_addr));
  cr_assert_eq(e->entry, start);
  cr_assert_neq(main_addr, start);
  cr_assert_geq(e->num_segments, 1);
  bsyn_elf_free(e);
}
