/* The rv32i-core and rv32i-full oracles: batches are cut into tiles of 8 words (512
 * vectors), each tile answered by the bit-sliced step of bsyn_rv32_slice.h. */
#include "bsyn_rv32_oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_rv32_slice.h"

enum { TILE = BSYN_RV32_TILE };

/* What an oracle keeps: the tile function chosen for this CPU when it was created. */
typedef struct rv32_state {
  bsyn_rv32_tile_fn tile;
} rv32_state;

/* A full tile's copy has a constant size and compiles to a few vector moves; a library
 * memcpy call per row would cost a good part of the step itself. */
static inline void copy_words(uint64_t *dst, const uint64_t *src, size_t n) {
  if (n == TILE)
    memcpy(dst, src, TILE * sizeof *src);
  else
    memcpy(dst, src, n * sizeof *src);
}

/* Copies each tile's rows to contiguous aligned scratch, answers it, copies the answers
 * back. Besides giving the kernel whole aligned rows, the copy keeps the working set small:
 * a word's rows are nwords words apart, and with a power-of-two nwords they all fall into a
 * few cache sets. The last tile's unused words are zero and their answers dropped. */
static int eval(bsyn_oracle *o, const uint64_t *in, uint64_t *out, size_t nwords, bsyn_diag *d) {
  const rv32_state *st = o->state;
  uint64_t *tin = bsyn_aligned_alloc(sizeof(uint64_t) * TILE * o->num_inputs);
  uint64_t *tout = bsyn_aligned_alloc(sizeof(uint64_t) * TILE * o->num_outputs);
  if (nwords % TILE)
    memset(tin, 0, sizeof(uint64_t) * TILE * o->num_inputs);
  for (size_t w0 = 0; w0 < nwords; w0 += TILE) {
    size_t n = nwords - w0 < TILE ? nwords - w0 : TILE;
    for (size_t i = 0; i < o->num_inputs; i++)
      copy_words(tin + i * TILE, in + i * nwords + w0, n);
    st->tile(tin, tout);
    for (size_t i = 0; i < o->num_outputs; i++)
      copy_words(out + i * nwords + w0, tout + i * TILE, n);
  }
  bsyn_aligned_free(tin);
  bsyn_aligned_free(tout);
  return 0;
}

static void destroy(bsyn_oracle *o) { free(o->state); }

static const bsyn_oracle_ops ops = {eval, destroy};

static void *new_state(bsyn_rv32_tile_fn tile) {
  rv32_state *st = bsyn_malloc(sizeof *st);
  st->tile = tile;
  return st;
}

bsyn_oracle *bsyn_rv32_oracle_tiled(const char *name, uint32_t num_inputs, uint32_t num_outputs,
                                    bsyn_rv32_tile_fn tile) {
  bsyn_oracle *o = bsyn_oracle_alloc(&ops, name, num_inputs, num_outputs);
  o->state = new_state(tile);
  o->thread_safe = 1;
  return o;
}

/* The memory and trap fields both oracles end with, from output bit lsb on. */
static void add_mem_fields(bsyn_oracle *o, uint32_t lsb) {
  static const struct {
    const char *name;
    uint32_t width;
  } f[] = {{"mem_addr", 32},  {"mem_re", 1}, {"mem_we", 1}, {"mem_wstrb", 4},
           {"mem_wdata", 32}, {"trap", 1},   {"cause", 4}};
  for (unsigned i = 0; i < sizeof f / sizeof f[0]; i++) {
    bsyn_oracle_add_field(o, 1, f[i].name, lsb, f[i].width);
    lsb += f[i].width;
  }
}

bsyn_oracle *bsyn_rv32_oracle_core(void) {
  bsyn_oracle *o = bsyn_rv32_oracle_tiled("rv32i-core", BSYN_RV32C_NUM_INPUTS,
                                          BSYN_RV32C_NUM_OUTPUTS, bsyn_rv32_slice_pick(0));
  o->description =
      bsyn_strdup("one RV32I step, register file and memory outside (docs/rv32i-core.md)");
  static const char *const in_names[] = {"pc", "inst", "rs1_val", "rs2_val", "mem_rdata"};
  for (unsigned i = 0; i < 5; i++)
    bsyn_oracle_add_field(o, 0, in_names[i], 32 * i, 32);
  bsyn_oracle_add_field(o, 1, "rs1_addr", BSYN_RV32C_OUT_RS1_ADDR, 5);
  bsyn_oracle_add_field(o, 1, "rs2_addr", BSYN_RV32C_OUT_RS2_ADDR, 5);
  bsyn_oracle_add_field(o, 1, "rd_we", BSYN_RV32C_OUT_RD_WE, 1);
  bsyn_oracle_add_field(o, 1, "rd_addr", BSYN_RV32C_OUT_RD_ADDR, 5);
  bsyn_oracle_add_field(o, 1, "rd_wdata", BSYN_RV32C_OUT_RD_WDATA, 32);
  bsyn_oracle_add_field(o, 1, "next_pc", BSYN_RV32C_OUT_NEXT_PC, 32);
  add_mem_fields(o, BSYN_RV32C_OUT_MEM_ADDR);
  return o;
}

bsyn_oracle *bsyn_rv32_oracle_full(void) {
  bsyn_oracle *o = bsyn_rv32_oracle_tiled("rv32i-full", BSYN_RV32F_NUM_INPUTS,
                                          BSYN_RV32F_NUM_OUTPUTS, bsyn_rv32_slice_pick(1));
  o->description = bsyn_strdup("one RV32I step with the register file inside (docs/rv32i-full.md)");
  char name[16];
  for (unsigned k = 1; k < 32; k++) {
    snprintf(name, sizeof name, "x%u", k);
    bsyn_oracle_add_field(o, 0, name, BSYN_RV32F_IN_X1 + 32 * (k - 1), 32);
  }
  bsyn_oracle_add_field(o, 0, "pc", BSYN_RV32F_IN_PC, 32);
  bsyn_oracle_add_field(o, 0, "inst", BSYN_RV32F_IN_INST, 32);
  bsyn_oracle_add_field(o, 0, "mem_rdata", BSYN_RV32F_IN_MEM_RDATA, 32);
  for (unsigned k = 1; k < 32; k++) {
    snprintf(name, sizeof name, "x%u_next", k);
    bsyn_oracle_add_field(o, 1, name, BSYN_RV32F_OUT_X1 + 32 * (k - 1), 32);
  }
  bsyn_oracle_add_field(o, 1, "next_pc", BSYN_RV32F_OUT_NEXT_PC, 32);
  add_mem_fields(o, BSYN_RV32F_OUT_MEM_ADDR);
  return o;
}
