/* bsyn_decompose.h — finding a data-dependent selection of input blocks (a register file
 * read through address fields) from black-box queries, and the derived oracle that is left
 * once the selection is taken out (docs/decomposition.md).
 *
 * Model. Some input fields of equal width are *blocks* (x1..x31 of rv32i-full). An output
 * is a *pass-through* of a block when randomizing that block changes it in most samples
 * (x5_next for x5); every other output is *selected*: it depends on a block only when a
 * *read window* (a few adjacent input bits, e.g. inst[19:15]) holds that block's *code*.
 * A pass-through output keeps its block's bit except when a *write window* holds the
 * block's code. Discovery measures all of this with sampled sensitivity:
 *
 *   1. for every candidate field (input fields of the most common width), randomize it in
 *      uniform vectors and record which outputs changed;
 *   2. pass-through outputs are those a field changes in more than half of the samples;
 *      a field that changes the other outputs in at least a quarter of the samples is
 *      control, the rest are tentative blocks (rv32i-full: all 34 fields of 32 bits);
 *   3. windows are chosen greedily among the bit ranges of all input fields: the one whose
 *      value equals a per-block code (the most frequent value, unique among blocks) on the
 *      most samples where a block mattered, then the next on what is left; the write window
 *      likewise on the samples where a pass-through output did NOT follow its block;
 *   4. a tentative block whose changes the windows explain (>= 99%) is accepted.
 *
 * Nothing here knows RV32: the fields, widths and codes come out of the queries. */
#ifndef BSYN_DECOMPOSE_H
#define BSYN_DECOMPOSE_H

#include <stdint.h>

#include "bsyn_oracle.h"
#include "bsyn_util.h"

#define BSYN_DECOMPOSE_MAX_WINDOWS 4

typedef struct bsyn_selection {
  uint32_t width;        /* block width (bits) */
  uint32_t num_blocks;   /* accepted blocks */
  uint32_t *block_lsb;   /* [num_blocks] first input bit of each block (owned) */
  uint32_t *block_code;  /* [num_blocks] window value that selects the block (owned) */
  uint32_t sel_width;    /* bits of every window */
  uint32_t num_reads;    /* read windows found, in order of coverage */
  uint32_t read_lsb[BSYN_DECOMPOSE_MAX_WINDOWS];
  int32_t write_lsb;     /* the write window's lsb, -1 when none was found */
  /* Per oracle output: the block index (< num_blocks) it passes through, or -1 for a
   * selected output; pass_bit: which bit of that block it follows. Owned. */
  int32_t *pass_block;
  uint8_t *pass_bit;
  /* measurements */
  uint64_t queries;        /* vectors the oracle evaluated during discovery */
  uint64_t read_events;    /* samples where a block changed a selected output */
  uint64_t read_unexplained;  /* of those, by an accepted block and no read window */
  uint64_t write_events;   /* samples where a pass-through output did not follow its block */
  uint64_t write_unexplained;
  double read_coverage[BSYN_DECOMPOSE_MAX_WINDOWS]; /* share of read events each window adds */
} bsyn_selection;

/* Discovers the selection of oracle o from 64 * nwords uniform vectors per candidate field
 * and phase (seed fixes them). Fills *sel (free with bsyn_selection_free) and returns 0;
 * returns -1 with d filled when the oracle fails or no block is selected by a window (then
 * *sel holds nothing to free). Not thread-safe with respect to o unless o is. */
int bsyn_decompose_find(bsyn_oracle *o, uint32_t nwords, uint64_t seed, bsyn_selection *sel,
                        bsyn_diag *d);

void bsyn_selection_free(bsyn_selection *sel);

/* The selected value of read window r for a batch of full-oracle input rows (layout of
 * bsyn_oracle.h): out receives width rows of nwords words, block b's value where the window
 * holds block_code[b], zero where it holds no block's code. */
void bsyn_decompose_select(const bsyn_selection *sel, uint32_t r, const uint64_t *in,
                           uint64_t *out, size_t nwords);

/* The reduced oracle: o with the blocks replaced by one value field per read window.
 * Inputs: o's non-block input fields in order, then "rd<r>_val" (width bits) per read
 * window. Outputs: o's selected outputs (fields kept), then, with a write window,
 * "wr_en" and "wr_data" (width): whether a block is written and with what (0 when not).
 * One reduced query costs two queries of o (the unselected blocks filled with 0s, then 1s,
 * which also tells a write from a pass-through). The first read window wins when two
 * windows hold the same code. Borrows o and sel (they must outlive it); thread-safe when o
 * is. Returns NULL with d filled when sel has no read window. */
bsyn_oracle *bsyn_decompose_reduced(bsyn_oracle *o, const bsyn_selection *sel, bsyn_diag *d);

/* The selector oracle of read window r: inputs the blocks (in order) then the window's
 * bits, outputs "val" (width): the selected block's value (0 for no block). Its ground truth
 * is bsyn_decompose_select; learning it measures what a learned read port costs. Borrows
 * sel. */
bsyn_oracle *bsyn_decompose_selector(const bsyn_selection *sel, uint32_t r);

/* Checks the composition against o on the nwords * 64 vectors in `in` (o's input rows, layout
 * of bsyn_oracle.h): selected outputs from the reduced oracle fed with bsyn_decompose_select,
 * pass-through outputs from wr_en/wr_data where the write window holds the block's code, else
 * the block's bit. mismatch_out[q] (o->num_outputs entries, zeroed by the caller) is
 * incremented by the vectors on which output q differs. Returns the number of vectors with
 * any difference, or -1 with d filled (the oracle failed). */
int64_t bsyn_decompose_check(bsyn_oracle *o, const bsyn_selection *sel, const uint64_t *in,
                             size_t nwords, uint64_t *mismatch_out, bsyn_diag *d);

#endif
