/* RV32 ELF executables through bsyn_elf_read, then what the runner does with one: look up
 * its symbols and load its segments into a small memory. The result's pointers must stay
 * inside the image. */
#include <stdlib.h>
#include <string.h>

#include "bsyn_elf.h"
#include "bsyn_fuzz.h"
#include "bsyn_mem.h"

static const char *harness = "fuzz_elf";

static int inside(const bsyn_elf *e, const uint8_t *p, size_t n) {
  return p >= e->image && n <= e->image_size && (size_t)(p - e->image) <= e->image_size - n;
}

static void check(const bsyn_elf *e) {
  for (uint32_t i = 0; i < e->num_segments; i++) {
    const bsyn_elf_segment *s = &e->segments[i];
    bsyn_fuzz_require(s->filesz <= s->memsz, harness, "filesz > memsz");
    bsyn_fuzz_require(!s->filesz || inside(e, s->data, s->filesz), harness,
                      "segment outside the image");
  }
  for (uint32_t i = 0; i < e->num_symbols; i++) {
    const uint8_t *name = (const uint8_t *)e->symbols[i].name;
    bsyn_fuzz_require(inside(e, name, 1), harness, "symbol name outside the image");
    bsyn_fuzz_require(memchr(name, 0, e->image_size - (size_t)(name - e->image)) != NULL,
                      harness, "symbol name not terminated inside the image");
  }
}

/* One memory for the whole process (a new one costs an 8 MiB page table), emptied after
 * each load by freeing the pages the segments may have touched. */
static bsyn_mem *memory(void) {
  static bsyn_mem *m;
  if (!m)
    m = bsyn_mem_new(64u << BSYN_MEM_PAGE_BITS); /* 64 pages: large images spend the budget */
  return m;
}

static void unload(bsyn_mem *m, const bsyn_elf *e) {
  for (uint32_t i = 0; i < e->num_segments; i++) {
    const bsyn_elf_segment *s = &e->segments[i];
    uint64_t first = s->vaddr >> BSYN_MEM_PAGE_BITS;
    uint64_t end = ((uint64_t)s->vaddr + s->memsz + BSYN_MEM_PAGE_SIZE - 1) >> BSYN_MEM_PAGE_BITS;
    for (uint64_t p = first; p < end && p < BSYN_MEM_NUM_PAGES; p++) {
      free(m->pages[p]);
      m->pages[p] = NULL;
    }
  }
  m->num_pages = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bsyn_diag d;
  bsyn_elf *e = (bsyn_elf *)&d;
  int rc = bsyn_elf_read(bsyn_fuzz_path(data, size), &e, &d);
  bsyn_fuzz_check_status(rc, e == NULL, &d, harness);
  if (rc)
    return 0;
  check(e);
  uint32_t value;
  bsyn_elf_find_symbol(e, "tohost", &value);
  if (e->num_symbols)
    bsyn_fuzz_require(bsyn_elf_find_symbol(e, e->symbols[0].name, NULL), harness,
                      "a listed symbol is not found");
  bsyn_mem *m = memory();
  bsyn_elf_load(e, m, &d);
  unload(m, e);
  bsyn_elf_free(e);
  return 0;
}
