/* bsyn_decompose.c — discovery of a selected block structure by sampled sensitivity
 * (the model and the steps are in bsyn_decompose.h). */
#include "bsyn_decompose.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn_sample.h"

/* One candidate field's measurement: the phase-1 change counts decide what it is. */
typedef struct cand {
  uint32_t lsb;
  int control;       /* changes selected outputs in >= 1/4 of the samples */
  int has_code;      /* a window explains it (set by the window search) */
  uint32_t code;
  BSYN_VEC(uint64_t) reads;  /* packed input bits (window space) of each read event */
  BSYN_VEC(uint64_t) writes; /* packed input bits of each write event */
} cand;

typedef struct finder {
  bsyn_oracle *o;
  uint32_t width, nwords, nctl, ctl_words, sel_width;
  uint64_t seed, queries;
  cand *c;
  uint32_t nc;
  int32_t *pt;        /* per output: candidate it passes through (phase 1), -1 none */
  uint8_t *own;       /* [candidate * num_outputs + output]: changed in > 1/2 of samples */
  uint8_t *pt_bit;
  uint32_t *ctl;      /* input index of each bit of the window space (packed order) */
  uint32_t *ctl_field_start, *ctl_field_len, nctl_fields;
  uint64_t *in0, *in1, *out0, *out1;
} finder;

static uint64_t popcount_rows(const uint64_t *a, const uint64_t *b, size_t n) {
  uint64_t s = 0;
  for (size_t k = 0; k < n; k++)
    s += (uint64_t)__builtin_popcountll(a[k] ^ b[k]);
  return s;
}

/* Uniform vectors in in0, the same with candidate ci complemented in in1; both evaluated. */
static int probe(finder *f, uint32_t ci, uint64_t salt, bsyn_diag *d) {
  bsyn_oracle *o = f->o;
  size_t nw = f->nwords;
  for (uint32_t i = 0; i < o->num_inputs; i++)
    for (size_t k = 0; k < nw; k++)
      f->in0[i * nw + k] = bsyn_sample_uniform_word(f->seed ^ salt, i, (uint64_t)ci * nw + k);
  memcpy(f->in1, f->in0, (size_t)o->num_inputs * nw * sizeof *f->in0);
  for (uint32_t i = f->c[ci].lsb; i < f->c[ci].lsb + f->width; i++)
    for (size_t k = 0; k < nw; k++)
      f->in1[i * nw + k] = ~f->in1[i * nw + k];
  f->queries += 2 * 64 * (uint64_t)nw;
  if (bsyn_oracle_eval(o, f->in0, f->out0, nw, d) != 0)
    return -1;
  return bsyn_oracle_eval(o, f->in1, f->out1, nw, d);
}

/* Phase 1: pass-through outputs (the field changes them in > 1/2 of the samples; the field
 * with the most changes wins) and the bit they follow; control fields. */
static int phase_outputs(finder *f, bsyn_diag *d) {
  bsyn_oracle *o = f->o;
  size_t nw = f->nwords;
  uint64_t total = 64 * (uint64_t)nw;
  uint64_t *best = bsyn_calloc(o->num_outputs, sizeof *best);
  uint64_t *sel_evt = bsyn_malloc(nw * sizeof *sel_evt);
  for (uint32_t ci = 0; ci < f->nc; ci++) {
    if (probe(f, ci, 0x7061737300000000ull, d) != 0) {
      free(best), free(sel_evt);
      return -1;
    }
    memset(sel_evt, 0, nw * sizeof *sel_evt);
    for (uint32_t q = 0; q < o->num_outputs; q++) {
      const uint64_t *a = f->out0 + (size_t)q * nw, *b = f->out1 + (size_t)q * nw;
      uint64_t n = popcount_rows(a, b, nw);
      uint8_t *own = f->own + (size_t)ci * o->num_outputs;
      own[q] = n > total / 2;
      if (own[q] && n > best[q]) {
        best[q] = n;
        f->pt[q] = (int32_t)ci;
        uint64_t agree_best = 0; /* the block bit the output equals most often */
        for (uint32_t i = 0; i < f->width; i++) {
          uint64_t dis = popcount_rows(a, f->in0 + (size_t)(f->c[ci].lsb + i) * nw, nw);
          if (total - dis > agree_best)
            agree_best = total - dis, f->pt_bit[q] = (uint8_t)i;
        }
      }
      if (!own[q])
        for (size_t k = 0; k < nw; k++)
          sel_evt[k] |= a[k] ^ b[k];
    }
    uint64_t ev = 0;
    for (size_t k = 0; k < nw; k++)
      ev += (uint64_t)__builtin_popcountll(sel_evt[k]);
    f->c[ci].control = ev * 4 >= total;
  }
  free(best), free(sel_evt);
  return 0;
}

static void pack_event(finder *f, size_t k, unsigned bit, uint64_t *dst) {
  memset(dst, 0, f->ctl_words * sizeof *dst);
  for (uint32_t j = 0; j < f->nctl; j++)
    if ((f->in0[(size_t)f->ctl[j] * f->nwords + k] >> bit) & 1)
      dst[j / 64] |= 1ull << (j % 64);
}

/* Phase 2: the read and write events of every tentative block, with their input bits. */
static int phase_events(finder *f, bsyn_diag *d) {
  bsyn_oracle *o = f->o;
  size_t nw = f->nwords;
  uint64_t *rd = bsyn_malloc(nw * sizeof *rd), *wr = bsyn_malloc(nw * sizeof *wr);
  for (uint32_t ci = 0; ci < f->nc; ci++) {
    cand *c = &f->c[ci];
    if (c->control)
      continue;
    if (probe(f, ci, 0x6576656e74000000ull, d) != 0) {
      free(rd), free(wr);
      return -1;
    }
    memset(rd, 0, nw * sizeof *rd);
    memset(wr, 0, nw * sizeof *wr);
    for (uint32_t q = 0; q < o->num_outputs; q++) {
      const uint64_t *a = f->out0 + (size_t)q * nw, *b = f->out1 + (size_t)q * nw;
      for (size_t k = 0; k < nw; k++) {
        if (f->own[(size_t)ci * o->num_outputs + q])
          wr[k] |= ~(a[k] ^ b[k]); /* every block bit flipped; the output stayed */
        else
          rd[k] |= a[k] ^ b[k];
      }
    }
    for (size_t k = 0; k < nw; k++)
      for (unsigned bit = 0; bit < 64; bit++) {
        if ((rd[k] >> bit) & 1) {
          bsyn_vec_reserve(c->reads, c->reads.size + f->ctl_words);
          pack_event(f, k, bit, c->reads.data + c->reads.size);
          c->reads.size += f->ctl_words;
        }
        if ((wr[k] >> bit) & 1) {
          bsyn_vec_reserve(c->writes, c->writes.size + f->ctl_words);
          pack_event(f, k, bit, c->writes.data + c->writes.size);
          c->writes.size += f->ctl_words;
        }
      }
  }
  free(rd), free(wr);
  return 0;
}

static uint32_t window_value(const finder *f, const uint64_t *ev, uint32_t pos, uint32_t w) {
  uint32_t v = 0;
  for (uint32_t j = 0; j < w; j++)
    v |= (uint32_t)((ev[(pos + j) / 64] >> ((pos + j) % 64)) & 1) << j;
  return v;
}

/* Events of candidate c (reads or writes) whose window at pos holds value v. */
static uint64_t explained(const finder *f, const uint64_t *evs, size_t nev, uint32_t pos, uint32_t w,
                          uint32_t v, const uint8_t *done) {
  uint64_t n = 0;
  for (size_t e = 0; e < nev; e++)
    if (!(done && done[e]) && window_value(f, evs + e * f->ctl_words, pos, w) == v)
      n++;
  return n;
}

/* Score of a first window (pos, w): per tentative block the most frequent value is its code;
 * blocks whose code explains >= 1/4 of their reads and is unique among those count with
 * their explained reads minus what chance explains (reads * 2^-w). Sets codes when commit. */
static double score_first(finder *f, uint32_t pos, uint32_t w, int commit) {
  uint32_t nv = 1u << w;
  uint32_t *code = bsyn_malloc(f->nc * sizeof *code);
  uint64_t *hits = bsyn_calloc(f->nc, sizeof *hits);
  uint32_t *users = bsyn_calloc(nv, sizeof *users);
  uint64_t *hist = bsyn_malloc(nv * sizeof *hist);
  for (uint32_t ci = 0; ci < f->nc; ci++) {
    cand *c = &f->c[ci];
    size_t nev = c->reads.size / f->ctl_words;
    if (c->control || nev == 0)
      continue;
    memset(hist, 0, nv * sizeof *hist);
    for (size_t e = 0; e < nev; e++)
      hist[window_value(f, c->reads.data + e * f->ctl_words, pos, w)]++;
    code[ci] = 0;
    for (uint32_t v = 1; v < nv; v++)
      if (hist[v] > hist[code[ci]])
        code[ci] = v;
    hits[ci] = hist[code[ci]];
    if (hits[ci] * 4 >= nev)
      users[code[ci]]++;
  }
  double score = 0;
  for (uint32_t ci = 0; ci < f->nc; ci++) {
    cand *c = &f->c[ci];
    size_t nev = c->reads.size / f->ctl_words;
    if (c->control || nev == 0 || hits[ci] * 4 < nev || users[code[ci]] != 1)
      continue;
    score += (double)hits[ci] / (double)nev - ldexp(1.0, -(int)w); /* every block weighs the same */
    if (commit)
      c->has_code = 1, c->code = code[ci];
  }
  free(code), free(hits), free(users), free(hist);
  return score;
}

/* Windows: all bit ranges of width w inside one input field; pos indexes packed bits. */
static int next_window(const finder *f, uint32_t w, uint32_t *it, uint32_t *pos) {
  for (;;) {
    uint32_t fi = *it >> 8, off = *it & 0xff;
    if (fi >= f->nctl_fields)
      return 0;
    (*it)++;
    if (off + w <= f->ctl_field_len[fi]) {
      *pos = f->ctl_field_start[fi] + off;
      return 1;
    }
    *it = (fi + 1) << 8;
  }
}

/* Read windows after the first, greedily on the reads no window explains yet (done[]). */
static void find_more_reads(finder *f, bsyn_selection *sel, uint8_t **done, uint64_t total) {
  while (sel->num_reads < BSYN_DECOMPOSE_MAX_WINDOWS) {
    uint32_t it = 0, pos, best_pos = 0;
    uint64_t best = 0;
    while (next_window(f, f->sel_width, &it, &pos)) {
      uint64_t n = 0;
      for (uint32_t ci = 0; ci < f->nc; ci++)
        if (f->c[ci].has_code)
          n += explained(f, f->c[ci].reads.data, f->c[ci].reads.size / f->ctl_words, pos, f->sel_width,
                         f->c[ci].code, done[ci]);
      if (n > best)
        best = n, best_pos = pos;
    }
    if (best * 100 < total) /* adds under 1% of the read events: noise */
      return;
    sel->read_coverage[sel->num_reads] = (double)best / (double)total;
    sel->read_lsb[sel->num_reads++] = best_pos;
    for (uint32_t ci = 0; ci < f->nc; ci++)
      for (size_t e = 0; e < f->c[ci].reads.size / f->ctl_words; e++)
        if (f->c[ci].has_code &&
            window_value(f, f->c[ci].reads.data + e * f->ctl_words, best_pos, f->sel_width) == f->c[ci].code)
          done[ci][e] = 1;
  }
}

static void find_write(finder *f, bsyn_selection *sel) {
  uint32_t it = 0, pos, best_pos = 0;
  uint64_t best = 0, total = 0;
  for (uint32_t ci = 0; ci < f->nc; ci++)
    if (f->c[ci].has_code)
      total += f->c[ci].writes.size / f->ctl_words;
  while (next_window(f, f->sel_width, &it, &pos)) {
    uint64_t n = 0;
    for (uint32_t ci = 0; ci < f->nc; ci++)
      if (f->c[ci].has_code)
        n += explained(f, f->c[ci].writes.data, f->c[ci].writes.size / f->ctl_words, pos, f->sel_width,
                       f->c[ci].code, NULL);
    if (n > best)
      best = n, best_pos = pos;
  }
  sel->write_events = total;
  sel->write_lsb = -1;
  if (total > 0 && best * 10 >= total * 9) {
    sel->write_lsb = (int32_t)best_pos;
    sel->write_unexplained = total - best;
  }
}

/* Window search and acceptance; fills sel from f. Returns 0, or -1 when nothing fits. */
static int find_windows(finder *f, bsyn_selection *sel) {
  uint64_t total = 0;
  uint32_t ntent = 0;
  for (uint32_t ci = 0; ci < f->nc; ci++)
    if (!f->c[ci].control)
      total += f->c[ci].reads.size / f->ctl_words, ntent++;
  if (ntent < 2 || total == 0)
    return -1;
  double best = 0;
  uint32_t best_w = 0, best_pos = 0;
  for (uint32_t w = 1; w <= 8; w++) {
    uint32_t it = 0, pos;
    while (next_window(f, w, &it, &pos)) {
      double s = score_first(f, pos, w, 0);
      if (s > best)
        best = s, best_w = w, best_pos = pos;
    }
  }
  if (best_w == 0)
    return -1;
  f->sel_width = best_w;
  score_first(f, best_pos, best_w, 1);
  uint8_t **done = bsyn_calloc(f->nc, sizeof *done);
  for (uint32_t ci = 0; ci < f->nc; ci++)
    done[ci] = bsyn_calloc(f->c[ci].reads.size / f->ctl_words + 1, 1);
  find_more_reads(f, sel, done, total);
  /* accept the blocks the windows explain (>= 99% of their reads) */
  sel->read_events = total;
  for (uint32_t ci = 0; ci < f->nc; ci++) {
    size_t nev = f->c[ci].reads.size / f->ctl_words, miss = 0;
    for (size_t e = 0; e < nev; e++)
      miss += !done[ci][e];
    if (f->c[ci].has_code && miss * 100 > nev)
      f->c[ci].has_code = 0;
    if (f->c[ci].has_code)
      sel->read_unexplained += miss;
    free(done[ci]);
  }
  free(done);
  find_write(f, sel);
  return 0;
}

static void fill_selection(finder *f, bsyn_selection *sel) {
  bsyn_oracle *o = f->o;
  sel->width = f->width;
  sel->sel_width = f->sel_width;
  for (uint32_t r = 0; r < sel->num_reads; r++) /* packed position -> input bit */
    sel->read_lsb[r] = f->ctl[sel->read_lsb[r]];
  if (sel->write_lsb >= 0)
    sel->write_lsb = (int32_t)f->ctl[sel->write_lsb];
  sel->block_lsb = bsyn_malloc(f->nc * sizeof *sel->block_lsb);
  sel->block_code = bsyn_malloc(f->nc * sizeof *sel->block_code);
  int32_t *index = bsyn_malloc(f->nc * sizeof *index);
  for (uint32_t ci = 0; ci < f->nc; ci++) {
    index[ci] = -1;
    if (f->c[ci].has_code) {
      index[ci] = (int32_t)sel->num_blocks;
      sel->block_lsb[sel->num_blocks] = f->c[ci].lsb;
      sel->block_code[sel->num_blocks++] = f->c[ci].code;
    }
  }
  sel->pass_block = bsyn_malloc(o->num_outputs * sizeof *sel->pass_block);
  sel->pass_bit = bsyn_calloc(o->num_outputs, 1);
  for (uint32_t q = 0; q < o->num_outputs; q++) {
    sel->pass_block[q] = f->pt[q] >= 0 ? index[f->pt[q]] : -1;
    if (sel->pass_block[q] >= 0)
      sel->pass_bit[q] = f->pt_bit[q];
  }
  free(index);
  sel->queries = f->queries;
}

/* Candidates: the input fields of the most common width (ties: the wider). */
static void pick_candidates(finder *f) {
  bsyn_oracle *o = f->o;
  uint32_t best_n = 0;
  for (uint32_t j = 0; j < o->num_in_fields; j++) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < o->num_in_fields; i++)
      n += o->in_fields[i].width == o->in_fields[j].width;
    if (o->in_fields[j].width > 1 && (n > best_n || (n == best_n && o->in_fields[j].width > f->width)))
      best_n = n, f->width = o->in_fields[j].width;
  }
  f->c = bsyn_calloc(o->num_in_fields, sizeof *f->c);
  for (uint32_t j = 0; j < o->num_in_fields; j++)
    if (o->in_fields[j].width == f->width)
      f->c[f->nc++].lsb = o->in_fields[j].lsb;
}

/* Window bits: every input field (a block's own bits are random in its events, so a window
 * there explains nothing beyond chance; the control fields need not be known first). */
static void pick_window_space(finder *f) {
  bsyn_oracle *o = f->o;
  f->ctl = bsyn_malloc(o->num_inputs * sizeof *f->ctl);
  f->ctl_field_start = bsyn_malloc((o->num_in_fields + 1) * sizeof *f->ctl_field_start);
  f->ctl_field_len = bsyn_malloc((o->num_in_fields + 1) * sizeof *f->ctl_field_len);
  for (uint32_t j = 0; j < o->num_in_fields; j++) {
    const bsyn_field *fd = &o->in_fields[j];
    f->ctl_field_start[f->nctl_fields] = f->nctl;
    f->ctl_field_len[f->nctl_fields++] = fd->width;
    for (uint32_t b = 0; b < fd->width; b++)
      f->ctl[f->nctl++] = fd->lsb + b;
  }
  f->ctl_words = (f->nctl + 63) / 64;
  if (f->ctl_words == 0)
    f->ctl_words = 1;
}

static void finder_free(finder *f) {
  for (uint32_t ci = 0; ci < f->nc; ci++) {
    bsyn_vec_free(f->c[ci].reads);
    bsyn_vec_free(f->c[ci].writes);
  }
  free(f->c), free(f->pt), free(f->own), free(f->pt_bit), free(f->ctl), free(f->ctl_field_start), free(f->ctl_field_len);
  free(f->in0), free(f->in1), free(f->out0), free(f->out1);
}

int bsyn_decompose_find(bsyn_oracle *o, uint32_t nwords, uint64_t seed, bsyn_selection *sel, bsyn_diag *d) {
  if (!o->ops->eval)
    bsyn_abort("bsyn_decompose_find: oracle %s answers no queries", o->name);
  if (nwords == 0)
    bsyn_abort("bsyn_decompose_find: nwords must be positive");
  memset(sel, 0, sizeof *sel);
  finder f = {.o = o, .nwords = nwords, .seed = seed};
  pick_candidates(&f);
  f.pt = bsyn_malloc(o->num_outputs * sizeof *f.pt);
  for (uint32_t q = 0; q < o->num_outputs; q++)
    f.pt[q] = -1;
  f.pt_bit = bsyn_calloc(o->num_outputs, 1);
  f.own = bsyn_calloc((size_t)f.nc * o->num_outputs, 1);
  f.in0 = bsyn_malloc((size_t)o->num_inputs * nwords * sizeof *f.in0);
  f.in1 = bsyn_malloc((size_t)o->num_inputs * nwords * sizeof *f.in1);
  f.out0 = bsyn_malloc((size_t)o->num_outputs * nwords * sizeof *f.out0);
  f.out1 = bsyn_malloc((size_t)o->num_outputs * nwords * sizeof *f.out1);
  int rc = -1;
  if (f.nc < 2) {
    bsyn_diag_set(d, 0, 0, "expected input fields of equal width (blocks) in %s, found %u", o->name, f.nc);
  } else if (phase_outputs(&f, d) == 0) {
    pick_window_space(&f);
    if (phase_events(&f, d) == 0) {
      if (find_windows(&f, sel) != 0 || sel->num_reads == 0)
        bsyn_diag_set(d, 0, 0, "expected input blocks selected by a field of %s, found none", o->name);
      else
        rc = 0;
    }
  }
  if (rc == 0)
    fill_selection(&f, sel);
  else
    memset(sel, 0, sizeof *sel);
  finder_free(&f);
  return rc;
}

void bsyn_selection_free(bsyn_selection *sel) {
  free(sel->block_lsb), free(sel->block_code), free(sel->pass_block), free(sel->pass_bit);
  memset(sel, 0, sizeof *sel);
}
