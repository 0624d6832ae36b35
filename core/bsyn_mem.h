/* bsyn_mem.h — sparse byte-addressed memory for the program runner.
 *
 * The whole 32-bit address space, stored as 4 KiB pages behind a flat table of 2^20 page
 * pointers (8 MiB of virtual memory that the OS maps lazily). Unwritten memory reads as
 * zero and costs nothing; a page is allocated on its first write, never on a read. Words
 * are little-endian, as on RV32I. A page budget bounds what a runaway program can allocate.
 *
 * Not thread safe: one memory belongs to one runner. */
#ifndef BSYN_MEM_H
#define BSYN_MEM_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_util.h"

#define BSYN_MEM_PAGE_BITS 12u
#define BSYN_MEM_PAGE_SIZE (1u << BSYN_MEM_PAGE_BITS)
#define BSYN_MEM_NUM_PAGES (1u << (32u - BSYN_MEM_PAGE_BITS))

typedef struct bsyn_mem {
  uint8_t **pages;  /* BSYN_MEM_NUM_PAGES entries, NULL = all zero */
  size_t num_pages; /* pages allocated so far */
  size_t max_pages; /* budget; an allocation beyond it fails */
} bsyn_mem;

/* Creates an empty memory that may allocate at most max_bytes (rounded up to whole pages;
 * 0 means the whole 4 GiB). Free with bsyn_mem_free. */
bsyn_mem *bsyn_mem_new(uint64_t max_bytes);
void bsyn_mem_free(bsyn_mem *m); /* NULL allowed */

/* The page holding addr, allocating it (zero-filled) when absent. Returns NULL when the
 * page budget is spent. */
uint8_t *bsyn_mem_page_for_write(bsyn_mem *m, uint32_t addr);

/* Reads the aligned 32-bit word containing addr (the low two address bits are ignored). */
static inline uint32_t bsyn_mem_read32(const bsyn_mem *m, uint32_t addr) {
  const uint8_t *p = m->pages[addr >> BSYN_MEM_PAGE_BITS];
  if (!p)
    return 0;
  const uint8_t *b = p + (addr & (BSYN_MEM_PAGE_SIZE - 4));
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Writes the byte lanes of the aligned word at addr selected by wstrb (bit k = byte k) from
 * data (lane k in bits 8k..8k+7). Returns 0, or -1 when a new page would exceed the budget. */
int bsyn_mem_write32(bsyn_mem *m, uint32_t addr, uint32_t data, uint32_t wstrb);

/* Copies n bytes between memory and a host buffer; addresses wrap at 2^32. write returns
 * 0 or -1 (page budget spent; the bytes before the failing page are written). */
void bsyn_mem_read(const bsyn_mem *m, uint32_t addr, void *dst, size_t n);
int bsyn_mem_write(bsyn_mem *m, uint32_t addr, const void *src, size_t n);

/* Byte access (for tests and tools). */
uint8_t bsyn_mem_read8(const bsyn_mem *m, uint32_t addr);

#endif
