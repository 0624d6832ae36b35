/* Sparse paged memory: a flat page table keeps every access at one indirection. */
#include "bsyn_mem.h"

#include <stdlib.h>
#include <string.h>

bsyn_mem *bsyn_mem_new(uint64_t max_bytes) {
  bsyn_mem *m = bsyn_calloc(1, sizeof *m);
  /* calloc of the 8 MiB table is backed by lazily mapped zero pages */
  m->pages = bsyn_calloc(BSYN_MEM_NUM_PAGES, sizeof *m->pages);
  uint64_t pages = (max_bytes + BSYN_MEM_PAGE_SIZE - 1) >> BSYN_MEM_PAGE_BITS;
  m->max_pages =
      (max_bytes == 0 || pages > BSYN_MEM_NUM_PAGES) ? BSYN_MEM_NUM_PAGES : (size_t)pages;
  return m;
}

void bsyn_mem_free(bsyn_mem *m) {
  if (!m)
    return;
  if (m->num_pages)
    for (size_t i = 0; i < BSYN_MEM_NUM_PAGES; i++)
      free(m->pages[i]);
  free(m->pages);
  free(m);
}

uint8_t *bsyn_mem_page_for_write(bsyn_mem *m, uint32_t addr) {
  uint8_t **slot = &m->pages[addr >> BSYN_MEM_PAGE_BITS];
  if (!*slot) {
    if (m->num_pages >= m->max_pages)
      return NULL;
    *slot = bsyn_calloc(1, BSYN_MEM_PAGE_SIZE);
    m->num_pages++;
  }
  return *slot;
}

int bsyn_mem_write32(bsyn_mem *m, uint32_t addr, uint32_t data, uint32_t wstrb) {
  uint8_t *p = bsyn_mem_page_for_write(m, addr);
  if (!p)
    return -1;
  uint8_t *b = p + (addr & (BSYN_MEM_PAGE_SIZE - 4));
  for (unsigned k = 0; k < 4; k++)
    if (wstrb >> k & 1)
      b[k] = (uint8_t)(data >> (8 * k));
  return 0;
}

uint8_t bsyn_mem_read8(const bsyn_mem *m, uint32_t addr) {
  const uint8_t *p = m->pages[addr >> BSYN_MEM_PAGE_BITS];
  return p ? p[addr & (BSYN_MEM_PAGE_SIZE - 1)] : 0;
}

void bsyn_mem_read(const bsyn_mem *m, uint32_t addr, void *dst, size_t n) {
  uint8_t *out = dst;
  while (n) {
    uint32_t off = addr & (BSYN_MEM_PAGE_SIZE - 1);
    size_t chunk = BSYN_MEM_PAGE_SIZE - off;
    if (chunk > n)
      chunk = n;
    const uint8_t *p = m->pages[addr >> BSYN_MEM_PAGE_BITS];
    if (p)
      memcpy(out, p + off, chunk);
    else
      memset(out, 0, chunk);
    out += chunk;
    n -= chunk;
    addr += (uint32_t)chunk;
  }
}

int bsyn_mem_write(bsyn_mem *m, uint32_t addr, const void *src, size_t n) {
  const uint8_t *in = src;
  while (n) {
    uint32_t off = addr & (BSYN_MEM_PAGE_SIZE - 1);
    size_t chunk = BSYN_MEM_PAGE_SIZE - off;
    if (chunk > n)
      chunk = n;
    uint8_t *p = bsyn_mem_page_for_write(m, addr);
    if (!p)
      return -1;
    memcpy(p + off, in, chunk);
    in += chunk;
    n -= chunk;
    addr += (uint32_t)chunk;
  }
  return 0;
}
