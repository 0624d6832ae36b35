/* bsyn_decompose_oracle.c — the oracles a found selection defines: the selector (a read
 * port) and the reduced oracle (the rest of the function), and the composition check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_decompose.h"

/* Bit-sliced "window at lsb holds v" over nwords words of rows (row i at rows + i*stride). */
static void window_match(const uint64_t *rows, size_t stride, uint32_t lsb, uint32_t w, uint32_t v,
                         uint64_t *m, size_t nwords) {
  for (size_t k = 0; k < nwords; k++)
    m[k] = ~0ull;
  for (uint32_t j = 0; j < w; j++) {
    const uint64_t *r = rows + (size_t)(lsb + j) * stride;
    for (size_t k = 0; k < nwords; k++)
      m[k] &= ((v >> j) & 1) ? r[k] : ~r[k];
  }
}

/* out (width rows) = block b's value where the window (rows win, w of them) holds its code. */
static void select_rows(const bsyn_selection *sel, const uint64_t *in, const uint32_t *block_lsb,
                        const uint64_t *win, size_t nwords, uint64_t *out) {
  uint64_t *m = bsyn_malloc(nwords * sizeof *m);
  memset(out, 0, (size_t)sel->width * nwords * sizeof *out);
  for (uint32_t b = 0; b < sel->num_blocks; b++) {
    window_match(win, nwords, 0, sel->sel_width, sel->block_code[b], m, nwords);
    for (uint32_t i = 0; i < sel->width; i++) {
      const uint64_t *x = in + (size_t)(block_lsb[b] + i) * nwords;
      for (size_t k = 0; k < nwords; k++)
        out[(size_t)i * nwords + k] |= x[k] & m[k];
    }
  }
  free(m);
}

void bsyn_decompose_select(const bsyn_selection *sel, uint32_t r, const uint64_t *in, uint64_t *out,
                           size_t nwords) {
  if (r >= sel->num_reads)
    bsyn_abort("bsyn_decompose_select: read window %u of %u", r, sel->num_reads);
  select_rows(sel, in, sel->block_lsb, in + (size_t)sel->read_lsb[r] * nwords, nwords, out);
}

/* ---- the reduced oracle ---- */

typedef struct reduced {
  bsyn_oracle *full;
  const bsyn_selection *sel;
  uint32_t *in_map;   /* reduced input i < num_plain -> full input */
  uint32_t num_plain;
  uint32_t *out_map;  /* reduced output q < num_sel_out -> full output */
  uint32_t num_sel_out;
  int32_t *pass_out;  /* [block * width + bit] -> full output, -1 none */
} reduced;

static int reduced_eval(bsyn_oracle *o, const uint64_t *in, uint64_t *out, size_t nwords, bsyn_diag *d) {
  reduced *r = o->state;
  const bsyn_selection *sel = r->sel;
  bsyn_oracle *full = r->full;
  size_t nin = (size_t)full->num_inputs * nwords, nout = (size_t)full->num_outputs * nwords;
  uint64_t *fin = bsyn_malloc(2 * nin * sizeof *fin), *fout = bsyn_malloc(2 * nout * sizeof *fout);
  uint64_t *m = bsyn_malloc(nwords * sizeof *m);
  int rc = 0;
  for (int run = 0; run < 2 && rc == 0; run++) {
    uint64_t *x = fin + run * nin;
    memset(x, run ? 0xff : 0, nin * sizeof *x);
    for (uint32_t i = 0; i < r->num_plain; i++)
      memcpy(x + (size_t)r->in_map[i] * nwords, in + (size_t)i * nwords, nwords * sizeof *x);
    for (uint32_t w = sel->num_reads; w-- > 0;) { /* the first window written last wins */
      const uint64_t *val = in + ((size_t)r->num_plain + (size_t)w * sel->width) * nwords;
      for (uint32_t b = 0; b < sel->num_blocks; b++) {
        window_match(x, nwords, sel->read_lsb[w], sel->sel_width, sel->block_code[b], m, nwords);
        for (uint32_t i = 0; i < sel->width; i++) {
          uint64_t *row = x + (size_t)(sel->block_lsb[b] + i) * nwords;
          const uint64_t *v = val + (size_t)i * nwords;
          for (size_t k = 0; k < nwords; k++)
            row[k] = (row[k] & ~m[k]) | (v[k] & m[k]);
        }
      }
    }
    rc = bsyn_oracle_eval(full, x, fout + run * nout, nwords, d);
  }
  if (rc == 0) {
    for (uint32_t q = 0; q < r->num_sel_out; q++)
      memcpy(out + (size_t)q * nwords, fout + (size_t)r->out_map[q] * nwords, nwords * sizeof *out);
    if (sel->write_lsb >= 0) {
      uint64_t *en = out + (size_t)r->num_sel_out * nwords, *data = en + nwords;
      memset(en, 0, ((size_t)sel->width + 1) * nwords * sizeof *en);
      for (uint32_t b = 0; b < sel->num_blocks; b++) {
        window_match(fin, nwords, (uint32_t)sel->write_lsb, sel->sel_width, sel->block_code[b], m, nwords);
        for (uint32_t i = 0; i < sel->width; i++) { /* written: differs from the block in a run */
          int32_t q = r->pass_out[b * sel->width + i];
          if (q < 0)
            continue;
          for (int run = 0; run < 2; run++) {
            const uint64_t *y = fout + run * nout + (size_t)q * nwords;
            const uint64_t *xi = fin + run * nin + (size_t)(sel->block_lsb[b] + i) * nwords;
            for (size_t k = 0; k < nwords; k++)
              en[k] |= m[k] & (y[k] ^ xi[k]);
          }
        }
        for (uint32_t i = 0; i < sel->width; i++) {
          int32_t q = r->pass_out[b * sel->width + i];
          if (q < 0)
            continue;
          for (size_t k = 0; k < nwords; k++)
            data[(size_t)i * nwords + k] |= m[k] & fout[(size_t)q * nwords + k];
        }
      }
      for (uint32_t i = 0; i < sel->width; i++)
        for (size_t k = 0; k < nwords; k++)
          data[(size_t)i * nwords + k] &= en[k];
    }
  }
  free(fin), free(fout), free(m);
  return rc;
}

static void reduced_destroy(bsyn_oracle *o) {
  reduced *r = o->state;
  free(r->in_map), free(r->out_map), free(r->pass_out), free(r);
}

static const bsyn_oracle_ops reduced_ops = {reduced_eval, reduced_destroy};

static int is_block_bit(const bsyn_selection *sel, uint32_t i) {
  for (uint32_t b = 0; b < sel->num_blocks; b++)
    if (i >= sel->block_lsb[b] && i < sel->block_lsb[b] + sel->width)
      return 1;
  return 0;
}

bsyn_oracle *bsyn_decompose_reduced(bsyn_oracle *full, const bsyn_selection *sel, bsyn_diag *d) {
  if (sel->num_reads == 0) {
    bsyn_diag_set(d, 0, 0, "expected a read window in the selection of %s, found none", full->name);
    return NULL;
  }
  reduced *r = bsyn_calloc(1, sizeof *r);
  r->full = full;
  r->sel = sel;
  r->in_map = bsyn_malloc(full->num_inputs * sizeof *r->in_map);
  r->out_map = bsyn_malloc(full->num_outputs * sizeof *r->out_map);
  r->pass_out = bsyn_malloc((size_t)sel->num_blocks * sel->width * sizeof *r->pass_out);
  for (size_t j = 0; j < (size_t)sel->num_blocks * sel->width; j++)
    r->pass_out[j] = -1;
  for (uint32_t i = 0; i < full->num_inputs; i++)
    if (!is_block_bit(sel, i))
      r->in_map[r->num_plain++] = i;
  for (uint32_t q = 0; q < full->num_outputs; q++) {
    if (sel->pass_block[q] < 0)
      r->out_map[r->num_sel_out++] = q;
    else
      r->pass_out[(uint32_t)sel->pass_block[q] * sel->width + sel->pass_bit[q]] = (int32_t)q;
  }
  uint32_t nin = r->num_plain + sel->num_reads * sel->width;
  uint32_t nout = r->num_sel_out + (sel->write_lsb >= 0 ? sel->width + 1 : 0);
  char name[256];
  snprintf(name, sizeof name, "reduced:%s", full->name);
  bsyn_oracle *o = bsyn_oracle_alloc(&reduced_ops, name, nin, nout);
  o->description = bsyn_strdup("the oracle with its selected input blocks replaced by the selected values");
  o->thread_safe = full->thread_safe;
  o->state = r;
  uint32_t pos = 0; /* non-block fields keep their names, renumbered */
  for (uint32_t j = 0; j < full->num_in_fields; j++) {
    const bsyn_field *fd = &full->in_fields[j];
    if (!is_block_bit(sel, fd->lsb)) {
      bsyn_oracle_add_field(o, 0, fd->name, pos, fd->width);
      pos += fd->width;
    }
  }
  for (uint32_t w = 0; w < sel->num_reads; w++) {
    snprintf(name, sizeof name, "rd%u_val", w + 1);
    bsyn_oracle_add_field(o, 0, name, r->num_plain + w * sel->width, sel->width);
  }
  pos = 0;
  for (uint32_t j = 0; j < full->num_out_fields; j++) {
    const bsyn_field *fd = &full->out_fields[j];
    if (sel->pass_block[fd->lsb] < 0) {
      bsyn_oracle_add_field(o, 1, fd->name, pos, fd->width);
      pos += fd->width;
    }
  }
  if (sel->write_lsb >= 0) {
    bsyn_oracle_add_field(o, 1, "wr_en", r->num_sel_out, 1);
    bsyn_oracle_add_field(o, 1, "wr_data", r->num_sel_out + 1, sel->width);
  }
  return o;
}

/* ---- the selector oracle ---- */

static int selector_eval(bsyn_oracle *o, const uint64_t *in, uint64_t *out, size_t nwords, bsyn_diag *d) {
  (void)d;
  const bsyn_selection *sel = o->state;
  uint32_t *lsb = bsyn_malloc(sel->num_blocks * sizeof *lsb);
  for (uint32_t b = 0; b < sel->num_blocks; b++)
    lsb[b] = b * sel->width;
  select_rows(sel, in, lsb, in + (size_t)sel->num_blocks * sel->width * nwords, nwords, out);
  free(lsb);
  return 0;
}

static void selector_destroy(bsyn_oracle *o) { (void)o; }

static const bsyn_oracle_ops selector_ops = {selector_eval, selector_destroy};

bsyn_oracle *bsyn_decompose_selector(const bsyn_selection *sel, uint32_t r) {
  if (r >= sel->num_reads)
    bsyn_abort("bsyn_decompose_selector: read window %u of %u", r, sel->num_reads);
  char name[64];
  snprintf(name, sizeof name, "selector:%u", r + 1);
  uint32_t nblk = sel->num_blocks * sel->width;
  bsyn_oracle *o = bsyn_oracle_alloc(&selector_ops, name, nblk + sel->sel_width, sel->width);
  o->description = bsyn_strdup("a read port: the block whose code the window holds");
  o->thread_safe = 1;
  o->state = (void *)(uintptr_t)sel; /* borrowed, never written */
  for (uint32_t b = 0; b < sel->num_blocks; b++) {
    snprintf(name, sizeof name, "b%u", b + 1);
    bsyn_oracle_add_field(o, 0, name, b * sel->width, sel->width);
  }
  bsyn_oracle_add_field(o, 0, "sel", nblk, sel->sel_width);
  bsyn_oracle_add_field(o, 1, "val", 0, sel->width);
  return o;
}

/* ---- the composition check ---- */

int64_t bsyn_decompose_check(bsyn_oracle *full, const bsyn_selection *sel, const uint64_t *in, size_t nwords,
                             uint64_t *mismatch_out, bsyn_diag *d) {
  bsyn_oracle *red = bsyn_decompose_reduced(full, sel, d);
  if (!red)
    return -1;
  reduced *r = red->state;
  uint64_t *rin = bsyn_malloc((size_t)red->num_inputs * nwords * sizeof *rin);
  uint64_t *rout = bsyn_malloc((size_t)red->num_outputs * nwords * sizeof *rout);
  uint64_t *fout = bsyn_malloc((size_t)full->num_outputs * nwords * sizeof *fout);
  uint64_t *bad = bsyn_calloc(nwords, sizeof *bad), *m = bsyn_malloc(nwords * sizeof *m);
  for (uint32_t i = 0; i < r->num_plain; i++)
    memcpy(rin + (size_t)i * nwords, in + (size_t)r->in_map[i] * nwords, nwords * sizeof *rin);
  for (uint32_t w = 0; w < sel->num_reads; w++)
    bsyn_decompose_select(sel, w, in, rin + ((size_t)r->num_plain + (size_t)w * sel->width) * nwords, nwords);
  int64_t rc = -1;
  if (bsyn_oracle_eval(red, rin, rout, nwords, d) == 0 && bsyn_oracle_eval(full, in, fout, nwords, d) == 0) {
    uint32_t qs = 0;
    const uint64_t *en = rout + (size_t)r->num_sel_out * nwords, *data = en + nwords;
    for (uint32_t q = 0; q < full->num_outputs; q++) {
      const uint64_t *y = fout + (size_t)q * nwords;
      int32_t b = sel->pass_block[q];
      if (b >= 0) { /* the block's bit, or the written value where the write window selects it */
        if (sel->write_lsb >= 0)
          window_match(in, nwords, (uint32_t)sel->write_lsb, sel->sel_width, sel->block_code[b], m, nwords);
        else
          memset(m, 0, nwords * sizeof *m);
        const uint64_t *x = in + (size_t)(sel->block_lsb[b] + sel->pass_bit[q]) * nwords;
        const uint64_t *v = data + (size_t)sel->pass_bit[q] * nwords;
        for (size_t k = 0; k < nwords; k++) {
          uint64_t w = m[k] & en[k];
          uint64_t diff = y[k] ^ ((x[k] & ~w) | (v[k] & w));
          bad[k] |= diff;
          mismatch_out[q] += (uint64_t)__builtin_popcountll(diff);
        }
      } else {
        const uint64_t *z = rout + (size_t)qs++ * nwords;
        for (size_t k = 0; k < nwords; k++) {
          bad[k] |= y[k] ^ z[k];
          mismatch_out[q] += (uint64_t)__builtin_popcountll(y[k] ^ z[k]);
        }
      }
    }
    rc = 0;
    for (size_t k = 0; k < nwords; k++)
      rc += __builtin_popcountll(bad[k]);
  }
  free(rin), free(rout), free(fout), free(bad), free(m);
  bsyn_oracle_close(red);
  return rc;
}
