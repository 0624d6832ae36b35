/* Per-key specialised AIG evaluation: inputs, the residual cache and the sweep. Building a
 * residual is bsyn_gates_spec_build.c's; the layout of values and nodes is described in
 * bsyn_gates_spec_internal.h.
 *
 * Evaluation. A part is swept (its deps first) when its stamp is older than the threshold
 * of its class, the highest free input group its nodes reach, with thr[c] the stamp of the
 * latest change of any group <= c; a key change makes every part stale. The sweep has no
 * data-dependent branch and its nodes are in level order, which is what makes it fast
 * (docs/gates.md).
 *
 * Cache. Residuals live in one malloc'd block each, found through an open-addressing table
 * by the key bits. When the blocks and the table would exceed the budget, every residual
 * is dropped (clear-all: simple, deterministic, and a program's working set is rebuilt in
 * milliseconds). */
#include <stdlib.h>
#include <string.h>

#include "bsyn_gates_spec_internal.h"

/* spread[b]: the 8 bits of b as 16 bytes, each bit as its value and its complement
 * (little-endian: bit 0 in bytes 0 and 1), the layout of free inputs in val. Per evaluator
 * (4 KiB), so that evaluators made by several threads share nothing. */
static void init_spread(uint64_t (*spread)[2]) {
  for (uint32_t b = 0; b < 256; b++)
    for (int k = 0; k < 8; k++) {
      uint64_t x = b >> k & 1;
      spread[b][k >> 2] |= (x | (x ^ 1) << 8) << (16 * (k & 3));
    }
}

static void setup_inputs(bsyn_gates_spec *s, const bsyn_gates_spec_params *p) {
  uint32_t ni = s->num_inputs;
  s->slot = bsyn_malloc(((size_t)ni + 1) * sizeof *s->slot);
  for (uint32_t i = 0; i < ni; i++)
    s->slot[i] = SPEC_NONE;
  for (uint32_t k = 0; k < p->num_key; k++) {
    if (p->key[k] >= ni || s->slot[p->key[k]] != SPEC_NONE)
      bsyn_abort("bsyn_gates_spec_new: key input %u out of range or repeated", p->key[k]);
    s->slot[p->key[k]] = SPEC_KEY_FLAG | k;
  }
  s->num_free = 0;
  s->finput = bsyn_malloc(((size_t)ni + 1) * sizeof *s->finput);
  s->fgroup = bsyn_malloc((size_t)ni + 1);
  for (uint32_t i = 0; i < ni; i++) {
    if (s->slot[i] != SPEC_NONE)
      continue;
    uint8_t g = p->group ? p->group[i] : 0;
    if (g >= BSYN_GATES_GROUPS)
      bsyn_abort("bsyn_gates_spec_new: input %u has group %u, expected < %d", i, g,
                 BSYN_GATES_GROUPS);
    s->finput[s->num_free] = i;
    s->fgroup[s->num_free] = g;
    s->slot[i] = s->num_free++;
  }
  /* run[i]: how many inputs from i on are consecutive key bits, or consecutive free
   * inputs of one group (capped at 32): set_word's block copies */
  s->run = bsyn_malloc((size_t)ni + 1);
  for (uint32_t i = ni; i-- > 0;) {
    uint32_t r = 1;
    if (i + 1 < ni && s->run[i + 1] < 32 && s->slot[i + 1] == s->slot[i] + 1 &&
        ((s->slot[i] & SPEC_KEY_FLAG) || s->fgroup[s->slot[i]] == s->fgroup[s->slot[i + 1]]))
      r = s->run[i + 1] + 1u;
    s->run[i] = (uint8_t)r;
  }
}

/* Renumbers the ANDs the outputs reach in depth-first post-order, first fanins first: the
 * order the partial evaluation walks them, so that a walk reads nearby records instead of
 * one cache miss per node on a large netlist. index: old variable -> new. */
static uint32_t renumber(const bsyn_aig *aig, const uint32_t *f, uint32_t *index, uint32_t *stack) {
  uint32_t ni = aig->num_inputs, next = ni + 1;
  for (uint32_t v = 0; v <= ni; v++)
    index[v] = v;
  for (uint32_t o = 0; o < aig->num_outputs; o++) {
    uint32_t sp = 0, root = bsyn_lit_var(aig->outputs[o]);
    if (root <= ni || index[root])
      continue;
    stack[sp++] = root; /* the stack holds one path: at most the root's level + 1 */
    while (sp) {
      uint32_t v = stack[sp - 1], pushed = 0;
      for (int k = 0; k < 2 && !pushed; k++) {
        uint32_t w = f[2 * v + k] >> 1;
        if (w > ni && !index[w])
          stack[sp++] = w, pushed = 1;
      }
      if (!pushed) {
        sp--;
        index[v] = next++;
      }
    }
  }
  return next;
}

/* The partial evaluation's records: fanins ordered so that the one more likely to fold
 * comes first (fewer free input groups in its cone, 0 = key only and always constant;
 * then the lower level), renumbered, and the outputs over the new numbers. */
static void setup_fanins(bsyn_gates_spec *s, const bsyn_aig *aig) {
  uint32_t nv = aig->num_vars, depth = 0;
  uint32_t *level = bsyn_malloc((size_t)nv * sizeof *level);
  uint32_t *f = bsyn_calloc(2 * (size_t)nv, sizeof *f), *index = bsyn_calloc(nv, sizeof *index);
  uint8_t *kc = bsyn_calloc(nv, 1);
  bsyn_aig_levels(aig, level);
  for (uint32_t v = 0; v < nv; v++)
    depth = level[v] > depth ? level[v] : depth;
  s->stack = bsyn_malloc(((size_t)depth + 2) * sizeof *s->stack);
  for (uint32_t i = 0; i < aig->num_inputs; i++) {
    uint32_t sl = s->slot[i];
    kc[i + 1] = (sl & SPEC_KEY_FLAG) ? 0 : (uint8_t)(1 + s->fgroup[sl]);
  }
  for (uint32_t v = aig->num_inputs + 1; v < nv; v++) {
    bsyn_lit a = bsyn_aig_fanin0(aig, v), b = bsyn_aig_fanin1(aig, v);
    uint32_t u = bsyn_lit_var(a), w = bsyn_lit_var(b);
    kc[v] = kc[u] > kc[w] ? kc[u] : kc[w];
    int swap = kc[w] < kc[u] || (kc[w] == kc[u] && level[w] < level[u]);
    f[2 * v] = swap ? b : a;
    f[2 * v + 1] = swap ? a : b;
  }
  s->num_vars = renumber(aig, f, index, s->stack);
  s->pv = bsyn_calloc(s->num_vars, sizeof *s->pv);
  for (uint32_t v = aig->num_inputs + 1; v < nv; v++)
    for (int k = 0; index[v] && k < 2; k++)
      s->pv[index[v]].f[k] = 2 * index[f[2 * v + k] >> 1] + (f[2 * v + k] & 1);
  s->outputs = bsyn_malloc(((size_t)aig->num_outputs + 1) * sizeof *s->outputs);
  for (uint32_t o = 0; o < aig->num_outputs; o++)
    s->outputs[o] = 2 * index[aig->outputs[o] >> 1] + (aig->outputs[o] & 1);
  free(level);
  free(f);
  free(index);
  free(kc);
}

static void setup_parts(bsyn_gates_spec *s, const bsyn_gates_spec_params *p) {
  uint32_t no = s->num_outputs;
  s->num_parts = p->part_first ? p->num_parts : (no + 31) / 32;
  size_t np = (size_t)s->num_parts + 1;
  s->part_first = bsyn_malloc(np * sizeof *s->part_first);
  s->part_len = bsyn_malloc(np * sizeof *s->part_len);
  for (uint32_t q = 0; q < s->num_parts; q++) {
    uint32_t first = p->part_first ? p->part_first[q] : 32 * q;
    uint32_t len = p->part_first ? p->part_len[q] : (no - first < 32 ? no - first : 32);
    if (len < 1 || len > 32 || first > no || len > no - first)
      bsyn_abort("bsyn_gates_spec_new: part %u (outputs %u..+%u) of %u outputs", q, first, len, no);
    s->part_first[q] = first;
    s->part_len[q] = len;
  }
  s->pstamp = bsyn_calloc(np, sizeof *s->pstamp);
  s->pstack = bsyn_malloc(np * sizeof *s->pstack);
  s->b.parts = bsyn_calloc(np, sizeof *s->b.parts);
  s->b.depmark = bsyn_calloc(np, sizeof *s->b.depmark);
}

bsyn_gates_spec *bsyn_gates_spec_new(const bsyn_aig *aig, const bsyn_gates_spec_params *p) {
  bsyn_gates_spec *s = bsyn_calloc(1, sizeof *s);
  init_spread(s->spread);
  s->num_inputs = aig->num_inputs;
  s->num_outputs = aig->num_outputs;
  s->num_vars = aig->num_vars;
  s->num_key = p->num_key;
  s->nkw = (p->num_key + 63) / 64;
  setup_inputs(s, p);
  setup_fanins(s, aig);
  setup_parts(s, p);
  s->key = bsyn_calloc((size_t)s->nkw + 1, sizeof *s->key);
  s->key_dirty = 1;
  s->val_cap = 2 * ((size_t)s->num_free + 1 + 64);
  s->val = bsyn_malloc(s->val_cap);
  for (size_t i = 0; i < s->val_cap; i++)
    s->val[i] = i & 1; /* every value 0, every complement 1 */
  s->tab_cap = 1024;
  s->tab = bsyn_calloc(s->tab_cap, sizeof *s->tab);
  s->budget = p->cache_bytes ? p->cache_bytes : BSYN_GATES_SPEC_DEFAULT_CACHE;
  s->st.bytes = s->tab_cap * sizeof *s->tab;
  s->changed = (1u << BSYN_GATES_GROUPS) - 1;
  s->min_hits = p->min_hits;
  if (p->min_hits > 1) {
    s->fallback = bsyn_gates_new(aig, p->group, BSYN_GATES_MUX);
    s->dirty = bsyn_calloc(((size_t)s->num_inputs + 32 * 64 - 1) / (32 * 64) + 1, sizeof *s->dirty);
    s->hit_cap = 4096;
    s->hit_keys = bsyn_calloc((size_t)s->hit_cap * s->nkw + 1, sizeof *s->hit_keys);
    s->hit_count = bsyn_calloc(s->hit_cap, sizeof *s->hit_count);
  }
  return s;
}

static void clear_cache(bsyn_gates_spec *s) {
  for (uint32_t i = 0; i < s->tab_cap; i++) {
    free(s->tab[i]);
    s->tab[i] = NULL;
  }
  s->st.entries = 0;
  s->st.bytes = s->tab_cap * sizeof *s->tab;
  s->entry = NULL;
}

void bsyn_gates_spec_free(bsyn_gates_spec *s) {
  if (!s)
    return;
  clear_cache(s);
  free(s->tab);
  free(s->slot);
  free(s->run);
  free(s->finput);
  free(s->fgroup);
  free(s->pv);
  free(s->outputs);
  free(s->part_first);
  free(s->part_len);
  free(s->key);
  free(s->val);
  free(s->pstamp);
  free(s->pstack);
  free(s->stack);
  bsyn_vec_free(s->b.nodes);
  bsyn_vec_free(s->b.cls);
  bsyn_vec_free(s->b.words);
  bsyn_vec_free(s->b.words2);
  bsyn_vec_free(s->b.tmp);
  free(s->b.parts);
  free(s->b.depmark);
  free(s->b.tab);
  bsyn_gates_free(s->fallback);
  free(s->dirty);
  free(s->hit_keys);
  free(s->hit_count);
  free(s);
}

/* ---- inputs ---------------------------------------------------------------------------- */

static inline void set_bit(bsyn_gates_spec *s, uint32_t i, unsigned v) {
  uint32_t sl = s->slot[i];
  if (sl & SPEC_KEY_FLAG) {
    uint32_t k = sl & ~SPEC_KEY_FLAG;
    uint64_t w = s->key[k >> 6], m = 1ull << (k & 63), nw = v ? w | m : w & ~m;
    s->key_dirty |= nw != w;
    s->key[k >> 6] = nw;
  } else {
    uint8_t *b = &s->val[2 * (1 + sl)];
    s->changed |= (unsigned)((*b ^ v) & 1) << s->fgroup[sl];
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v ^ 1);
  }
}

/* Inputs first..last changed: the fallback's copy of their words is stale. */
static inline void mark_dirty(bsyn_gates_spec *s, uint32_t first, uint32_t last) {
  for (uint32_t w = first >> 5; w <= last >> 5; w++)
    s->dirty[w >> 6] |= 1ull << (w & 63);
}

void bsyn_gates_spec_set_input(bsyn_gates_spec *s, uint32_t i, unsigned v) {
  if (i >= s->num_inputs)
    bsyn_abort("bsyn_gates_spec_set_input: input %u of %u", i, s->num_inputs);
  set_bit(s, i, v & 1);
  if (s->fallback)
    mark_dirty(s, i, i);
}

void bsyn_gates_spec_set_word(bsyn_gates_spec *s, uint32_t first, uint32_t n, uint32_t bits) {
  if (n > 32 || first > s->num_inputs || n > s->num_inputs - first)
    bsyn_abort("bsyn_gates_spec_set_word: inputs %u..+%u of %u", first, n, s->num_inputs);
  if (n == 0)
    return;
  if (s->fallback)
    mark_dirty(s, first, first + n - 1);
  uint32_t sl = s->slot[first];
  uint64_t mask = (1ull << n) - 1;
  if (n <= s->run[first] && (sl & SPEC_KEY_FLAG) && ((sl & ~SPEC_KEY_FLAG) & 63) + n <= 64) {
    uint32_t k = sl & ~SPEC_KEY_FLAG;
    uint64_t *w = &s->key[k >> 6], nw = (*w & ~(mask << (k & 63))) | ((bits & mask) << (k & 63));
    s->key_dirty |= nw != *w;
    *w = nw;
    return;
  }
  if (n <= s->run[first] && !(sl & SPEC_KEY_FLAG)) {
    uint8_t *dst = &s->val[2 * (1 + sl)];
    uint64_t diff = 0;
    uint32_t k = 0;
    for (; k + 8 <= n; k += 8) { /* blocks of 8 bits: no branch on the data */
      uint64_t old[2];
      memcpy(old, dst + 2 * k, 16);
      const uint64_t *sp = s->spread[bits >> k & 255];
      diff |= (old[0] ^ sp[0]) | (old[1] ^ sp[1]);
      memcpy(dst + 2 * k, sp, 16);
    }
    for (; k < n; k++) {
      diff |= (uint64_t)((dst[2 * k] ^ (bits >> k)) & 1);
      dst[2 * k] = (uint8_t)(bits >> k & 1);
      dst[2 * k + 1] = (uint8_t)(dst[2 * k] ^ 1);
    }
    s->changed |= (unsigned)(diff != 0) << s->fgroup[sl];
    return;
  }
  for (uint32_t k = 0; k < n; k++)
    set_bit(s, first + k, bits >> k & 1);
}

/* ---- the cache ------------------------------------------------------------------------- */

static uint64_t key_hash(const bsyn_gates_spec *s, const uint64_t *key) {
  uint64_t h = 0x7370656300000000ull;
  for (uint32_t w = 0; w < s->nkw; w++)
    h = bsyn_mix64(h ^ key[w]);
  return h;
}

static void insert(bsyn_gates_spec *s, spec_entry *e) {
  uint32_t mask = s->tab_cap - 1, j = (uint32_t)key_hash(s, e->key) & mask;
  while (s->tab[j])
    j = (j + 1) & mask;
  s->tab[j] = e;
}

static void grow_table(bsyn_gates_spec *s) {
  spec_entry **old = s->tab;
  uint32_t old_cap = s->tab_cap;
  s->st.bytes -= old_cap * sizeof *old;
  s->tab_cap *= 2;
  s->tab = bsyn_calloc(s->tab_cap, sizeof *s->tab);
  s->st.bytes += s->tab_cap * sizeof *s->tab;
  for (uint32_t i = 0; i < old_cap; i++)
    if (old[i])
      insert(s, old[i]);
  free(old);
}

/* The residual of the current key, built now. */
static spec_entry *build(bsyn_gates_spec *s) {
  bsyn_gates_spec_build_(s);
  spec_builder *b = &s->b;
  uint32_t n = (uint32_t)(b->nodes.size / SPEC_NW);
  size_t kb = (size_t)s->nkw * sizeof(uint64_t), pb = (size_t)s->num_parts * sizeof(spec_part);
  size_t nb = (size_t)n * SPEC_NW * sizeof(uint32_t), wb = b->words.size * sizeof(uint32_t);
  size_t bytes = sizeof(spec_entry) + kb + pb + nb + wb;
  spec_entry *e = bsyn_malloc(bytes);
  memcpy(e->key, s->key, kb);
  char *p = (char *)e->key + kb; /* kb is a multiple of 8: parts stay aligned */
  memcpy(p, b->parts, pb);
  e->parts = (const spec_part *)p;
  if (nb) /* an empty vector has no data pointer */
    memcpy(p + pb, b->nodes.data, nb);
  e->nodes = (const uint32_t *)(p + pb);
  if (wb)
    memcpy(p + pb + nb, b->words.data, wb);
  e->words = (const uint32_t *)(p + pb + nb);
  e->num_nodes = n;
  e->bytes = bytes;
  s->st.builds++;
  s->st.residual_ands += n;
  if (s->st.entries && s->st.bytes + bytes > s->budget) {
    clear_cache(s);
    s->st.clears++;
  }
  if (2 * (s->st.entries + 1) > s->tab_cap)
    grow_table(s);
  insert(s, e);
  s->st.entries++;
  s->st.bytes += bytes;
  size_t need = 2 * ((size_t)s->num_free + 1 + n);
  if (need > s->val_cap) {
    size_t cap = need + need / 2;
    s->val = bsyn_realloc(s->val, cap);
    for (size_t i = s->val_cap; i < cap; i++)
      s->val[i] = i & 1;
    s->val_cap = cap;
  }
  return e;
}

static uint32_t threshold(const bsyn_gates_spec *s) {
  if (s->min_hits != BSYN_GATES_SPEC_AUTO_HITS)
    return s->min_hits;
  uint64_t demand = bsyn_gates_computed(s->fallback);
  if (!s->st.builds || !s->st.cold_meets || !demand)
    return 2;
  double v = (double)s->st.visited / (double)s->st.builds;
  double d = (double)demand / (double)s->st.cold_meets;
  double t = 1.0 + v / d;
  return t >= 64.0 ? 64u : (uint32_t)t;
}

/* 1 when the current key has now been met threshold() times (counting this time). */
static int hit(bsyn_gates_spec *s) {
  if (2 * (s->hit_used + 1) > s->hit_cap) { /* bounded: forget every count */
    memset(s->hit_count, 0, (size_t)s->hit_cap * sizeof *s->hit_count);
    s->hit_used = 0;
  }
  size_t kb = (size_t)s->nkw * sizeof(uint64_t);
  uint32_t mask = s->hit_cap - 1, j = (uint32_t)(key_hash(s, s->key) >> 32) & mask;
  for (; s->hit_count[j]; j = (j + 1) & mask)
    if (!memcmp(&s->hit_keys[(size_t)j * s->nkw], s->key, kb))
      return ++s->hit_count[j] >= threshold(s);
  if (kb)
    memcpy(&s->hit_keys[(size_t)j * s->nkw], s->key, kb);
  s->hit_count[j] = 1;
  s->hit_used++;
  return threshold(s) <= 1;
}

/* The current key's residual: cached, built now, or NULL while the key is still cold. */
static const spec_entry *lookup(bsyn_gates_spec *s) {
  uint32_t mask = s->tab_cap - 1, j = (uint32_t)key_hash(s, s->key) & mask;
  size_t kb = (size_t)s->nkw * sizeof(uint64_t);
  for (; s->tab[j]; j = (j + 1) & mask)
    if (!memcmp(s->tab[j]->key, s->key, kb))
      return s->tab[j];
  if (s->fallback && !hit(s)) {
    s->st.cold_meets++;
    return NULL;
  }
  return build(s);
}

/* The fallback's inputs brought up to date from the words changed since its last use. */
static void sync_fallback(bsyn_gates_spec *s) {
  uint32_t nw = (s->num_inputs + 31) / 32;
  for (uint32_t w = 0; w < nw; w++) {
    if (!(s->dirty[w >> 6] >> (w & 63) & 1)) {
      if (!s->dirty[w >> 6])
        w |= 63; /* a clean block of 64 words */
      continue;
    }
    uint32_t first = 32 * w, n = s->num_inputs - first < 32 ? s->num_inputs - first : 32, bits = 0;
    for (uint32_t k = 0; k < n; k++) {
      uint32_t sl = s->slot[first + k], kb = sl & ~SPEC_KEY_FLAG;
      unsigned v = (sl & SPEC_KEY_FLAG) ? (unsigned)(s->key[kb >> 6] >> (kb & 63) & 1)
                                        : s->val[2 * (1 + sl)];
      bits |= (uint32_t)v << k;
    }
    bsyn_gates_set_word(s->fallback, first, n, bits);
  }
  memset(s->dirty, 0, ((size_t)nw + 63) / 64 * sizeof *s->dirty);
}

static uint32_t fallback_part(bsyn_gates_spec *s, uint32_t p) {
  sync_fallback(s);
  s->st.fallback_reads++;
  return bsyn_gates_word(s->fallback, s->part_first[p], s->part_len[p]);
}

/* ---- evaluation ------------------------------------------------------------------------ */

static void refresh(bsyn_gates_spec *s) {
  if (s->key_dirty) {
    s->entry = lookup(s);
    s->key_dirty = 0;
    s->changed = (1u << BSYN_GATES_GROUPS) - 1; /* another residual: every part is stale */
  }
  if (!s->changed)
    return;
  if (++s->cur == 0) {
    memset(s->pstamp, 0, (size_t)s->num_parts * sizeof *s->pstamp);
    s->cur = 1;
    s->changed = (1u << BSYN_GATES_GROUPS) - 1;
  }
  for (unsigned c = (unsigned)__builtin_ctz(s->changed); c < BSYN_GATES_GROUPS; c++)
    s->thr[c] = s->cur;
  s->changed = 0;
}

/* The straight-line residual: a ? b : c per node, both polarities stored, no branch on a
 * value. */
static void sweep(uint8_t *restrict val, const uint32_t *restrict nd, uint32_t base, uint32_t begin,
                  uint32_t end) {
  uint8_t *out = val + 2 * ((size_t)base + begin);
  nd += (size_t)SPEC_NW * begin;
  for (uint32_t i = begin; i < end; i++, nd += SPEC_NW, out += 2) {
    unsigned a = val[nd[0]], b = val[nd[1]], c = val[nd[2]];
    unsigned x = c ^ ((b ^ c) & a);
    out[0] = (uint8_t)x;
    out[1] = (uint8_t)(x ^ 1);
  }
}

#define STALE(s, pt, q) ((s)->pstamp[q] < (s)->thr[(pt)[q].cls])

/* Makes part p's nodes and those of the parts it reads current (explicit stack: a chain of
 * deps is at most num_parts long). */
static void ensure(bsyn_gates_spec *s, const spec_entry *e, uint32_t p) {
  const spec_part *pt = e->parts;
  if (!STALE(s, pt, p))
    return;
  uint32_t *stack = s->pstack, sp = 0, base = s->num_free + 1;
  stack[sp++] = p;
  while (sp) {
    uint32_t q = stack[sp - 1], pushed = 0;
    const uint32_t *d = e->words + pt[q].deps;
    for (uint32_t i = 0; i < pt[q].ndeps && !pushed; i++)
      if (pt[d[i]].needs && STALE(s, pt, d[i]))
        stack[sp++] = d[i], pushed = 1;
    if (pushed)
      continue;
    sweep(s->val, e->nodes, base, pt[q].begin, pt[q].end);
    s->st.computed += pt[q].end - pt[q].begin;
    s->pstamp[q] = s->cur;
    sp--;
  }
}

uint32_t bsyn_gates_spec_part(bsyn_gates_spec *s, uint32_t p) {
  if (p >= s->num_parts)
    bsyn_abort("bsyn_gates_spec_part: part %u of %u", p, s->num_parts);
  if (s->key_dirty | s->changed)
    refresh(s);
  const spec_entry *e = s->entry;
  if (!e)
    return fallback_part(s, p);
  const spec_part *pt = &e->parts[p];
  if (pt->needs)
    ensure(s, e, p);
  uint32_t w = pt->konst;
  const uint32_t *l = e->words + pt->lits;
  const uint8_t *val = s->val;
  for (uint32_t i = 0; i < pt->nlits; i++)
    w |= (uint32_t)val[l[2 * i + 1]] << l[2 * i];
  return w;
}

int bsyn_gates_spec_part_is_inputs(bsyn_gates_spec *s, uint32_t p, uint32_t *first) {
  if (p >= s->num_parts)
    bsyn_abort("bsyn_gates_spec_part_is_inputs: part %u of %u", p, s->num_parts);
  if (s->key_dirty | s->changed)
    refresh(s);
  uint32_t w = s->entry ? s->entry->parts[p].wire : SPEC_NONE;
  if (w == SPEC_NONE)
    return 0;
  *first = w;
  return 1;
}

uint32_t bsyn_gates_spec_num_parts(const bsyn_gates_spec *s) { return s->num_parts; }

void bsyn_gates_spec_get_stats(const bsyn_gates_spec *s, bsyn_gates_spec_stats *st) {
  *st = s->st;
  st->fallback_computed = s->fallback ? bsyn_gates_computed(s->fallback) : 0;
}
