/* Building one residual: partial evaluation of the AIG under the key, then compaction.
 *
 * Walk. From each part's outputs down (explicit stack, memoised per build), an AND whose
 * first fanin folds to 0 never visits the second, and the first fanin is the one whose
 * cone holds fewer free inputs (key-only cones always fold), so a multiplexer with a key
 * select visits its chosen side only. ANDs that do not fold become residual nodes,
 * structurally hashed. Parts are walked in their order; a part owns the nodes made while
 * walking it, one range of the residual.
 *
 * Compaction. (1) The three ANDs of a multiplexer with a free select, !(!(s & t) &
 * !(!s & e)), become one node s ? !t : !e (learned netlists are mostly multiplexers, so
 * their residuals shrink about threefold). (2) Nodes no output reaches are dropped: the walk
 * makes a node as soon as both fanins are known, and a later fold can leave it unused.
 * (3) Each part's deps (the earlier parts whose nodes it reads) and class are computed from
 * what is left. (4) Each part's nodes are sorted by level: in depth-first order nearly every
 * node reads the one stored just before it and the sweep waits for each store; by level,
 * a level's nodes are independent and the CPU overlaps them. */
#include <stdlib.h>
#include <string.h>

#include "bsyn_gates_spec_internal.h"

static uint32_t num_nodes(const spec_builder *b) { return (uint32_t)(b->nodes.size / SPEC_NW); }

static uint32_t hash_pair(uint32_t a, uint32_t b) {
  return (uint32_t)(bsyn_mix64((uint64_t)a << 32 | b) >> 17);
}

static void grow_strash(spec_builder *b) {
  uint32_t cap = b->tab_cap ? 2 * b->tab_cap : 1024, old_cap = b->tab_cap;
  spec_hslot *old = b->tab;
  b->tab = bsyn_calloc(cap, sizeof *b->tab);
  b->tab_cap = cap;
  for (uint32_t i = 0; i < old_cap; i++) {
    if (old[i].epoch != b->epoch)
      continue;
    uint32_t j = hash_pair(old[i].a, old[i].b) & (cap - 1);
    while (b->tab[j].epoch == b->epoch)
      j = (j + 1) & (cap - 1);
    b->tab[j] = old[i];
  }
  free(old);
}

static uint8_t lit_class(const bsyn_gates_spec *s, uint32_t lit) {
  uint32_t v = lit >> 1;
  if (v <= s->num_free)
    return v ? s->fgroup[v - 1] : 0;
  return s->b.cls.data[v - s->num_free - 1];
}

/* The residual literal of x & y (residual literals). */
static uint32_t mk_and(bsyn_gates_spec *s, uint32_t x, uint32_t y) {
  if (x == 0 || y == 0 || x == (y ^ 1))
    return 0;
  if (x == 1)
    return y;
  if (y == 1 || x == y)
    return x;
  if (x < y) {
    uint32_t t = x;
    x = y;
    y = t;
  }
  spec_builder *b = &s->b;
  if (2 * ((size_t)num_nodes(b) + 1) > b->tab_cap)
    grow_strash(b);
  uint32_t j = hash_pair(x, y) & (b->tab_cap - 1);
  for (; b->tab[j].epoch == b->epoch; j = (j + 1) & (b->tab_cap - 1))
    if (b->tab[j].a == x && b->tab[j].b == y)
      return b->tab[j].lit;
  uint32_t lit = 2 * (s->num_free + 1 + num_nodes(b));
  uint8_t cx = lit_class(s, x), cy = lit_class(s, y);
  bsyn_vec_push(b->nodes, x);
  bsyn_vec_push(b->nodes, y);
  bsyn_vec_push(b->nodes, 0u); /* x ? y : 0 */
  bsyn_vec_push(b->cls, cx > cy ? cx : cy);
  b->tab[j] = (spec_hslot){x, y, lit, b->epoch};
  return lit;
}

/* The residual literal of AIG variable v under the key: a demand walk with an explicit
 * stack (one path of the DAG, so bounded by v's level), memoised for the whole build. */
static uint32_t pe_var(bsyn_gates_spec *s, uint32_t v) {
  uint32_t *stack = s->stack, sp = 0, ep = s->epoch;
  spec_var *pv = s->pv;
  if (pv[v].seen == ep)
    return pv[v].res;
  stack[sp++] = v;
  while (sp) {
    spec_var *u = &pv[stack[sp - 1]];
    uint32_t a = u->f[0], r;
    if (pv[a >> 1].seen != ep) {
      stack[sp++] = a >> 1;
      continue;
    }
    uint32_t x = pv[a >> 1].res ^ (a & 1);
    if (x == 0) {
      r = 0;
    } else {
      uint32_t c = u->f[1];
      if (pv[c >> 1].seen != ep) {
        stack[sp++] = c >> 1;
        continue;
      }
      r = mk_and(s, x, pv[c >> 1].res ^ (c & 1));
    }
    u->res = r;
    u->seen = ep;
    s->st.visited++;
    sp--;
  }
  return pv[v].res;
}

static void start_build(bsyn_gates_spec *s) {
  if (++s->epoch == 0) {
    for (uint32_t v = 0; v < s->num_vars; v++)
      s->pv[v].seen = 0;
    s->epoch = 1;
  }
  s->pv[0].seen = s->epoch;
  s->pv[0].res = 0;
  for (uint32_t i = 0; i < s->num_inputs; i++) {
    uint32_t sl = s->slot[i], k = sl & ~SPEC_KEY_FLAG;
    s->pv[i + 1].seen = s->epoch;
    s->pv[i + 1].res =
        (sl & SPEC_KEY_FLAG) ? (uint32_t)(s->key[k >> 6] >> (k & 63) & 1) : 2 * (sl + 1);
  }
  spec_builder *b = &s->b;
  if (++b->epoch == 0) {
    if (b->tab)
      memset(b->tab, 0, (size_t)b->tab_cap * sizeof *b->tab);
    b->epoch = 1;
  }
  b->nodes.size = b->cls.size = b->words.size = 0;
}

/* Walks part q's outputs: its node range, constant bits, literals and wire test. */
static void walk_part(bsyn_gates_spec *s, uint32_t q) {
  spec_builder *b = &s->b;
  spec_part *pt = &b->parts[q];
  uint32_t len = s->part_len[q], lit[32], base = s->num_free + 1;
  pt->begin = num_nodes(b);
  for (uint32_t k = 0; k < len; k++) {
    uint32_t o = s->outputs[s->part_first[q] + k];
    lit[k] = pe_var(s, o >> 1) ^ (o & 1);
  }
  pt->end = num_nodes(b);
  pt->konst = pt->nlits = pt->ndeps = 0;
  pt->lits = (uint32_t)b->words.size;
  pt->wire =
      lit[0] >= 2 && lit[0] < 2 * base && !(lit[0] & 1) ? s->finput[lit[0] / 2 - 1] : SPEC_NONE;
  for (uint32_t k = 0; k < len; k++) {
    if (lit[k] <= 1) {
      pt->konst |= lit[k] << k;
      pt->wire = SPEC_NONE;
      continue;
    }
    if (pt->wire != SPEC_NONE && (lit[k] != lit[0] + 2 * k || lit[k] >= 2 * base ||
                                  s->finput[lit[k] / 2 - 1] != pt->wire + k))
      pt->wire = SPEC_NONE;
    bsyn_vec_push(b->words, k);
    bsyn_vec_push(b->words, lit[k]);
    pt->nlits++;
  }
}

static uint32_t relit(uint32_t lit, uint32_t base, const uint32_t *perm) {
  uint32_t v = lit >> 1;
  return v < base ? lit : 2 * (base + perm[v - base]) + (lit & 1);
}

/* (1) AND(!n1, !n2) with n1 = s & t, n2 = !s & e becomes the node s ? !t : !e. */
static void merge_muxes(bsyn_gates_spec *s) {
  spec_builder *b = &s->b;
  uint32_t n = num_nodes(b), base = s->num_free + 1, *nd = b->nodes.data;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t *x = &nd[SPEC_NW * i];
    if (x[2] || !(x[0] & x[1] & 1) || x[0] >> 1 < base || x[1] >> 1 < base)
      continue;
    const uint32_t *p = &nd[SPEC_NW * ((x[0] >> 1) - base)],
                   *r = &nd[SPEC_NW * ((x[1] >> 1) - base)];
    if (p[2] || r[2])
      continue; /* a fanin already merged is no AND any more */
    for (int j = 0; j < 4; j++)
      if (p[j >> 1] == (r[j & 1] ^ 1)) {
        uint32_t sel = p[j >> 1], t = p[1 - (j >> 1)] ^ 1, e = r[1 - (j & 1)] ^ 1;
        x[0] = sel;
        x[1] = t;
        x[2] = e;
        break;
      }
  }
}

/* (3) Each part's deps, class and needs from its nodes and literals; words are rewritten
 * (per part: literal pairs, then deps). owner: one entry per node. */
static void redo_deps(bsyn_gates_spec *s, uint32_t *owner) {
  spec_builder *b = &s->b;
  uint32_t base = s->num_free + 1, *nd = b->nodes.data;
  for (uint32_t q = 0; q < s->num_parts; q++)
    for (uint32_t i = b->parts[q].begin; i < b->parts[q].end; i++)
      owner[i] = q;
  b->words2.size = 0;
  for (uint32_t q = 0; q < s->num_parts; q++) {
    spec_part *pt = &b->parts[q];
    uint32_t lits = (uint32_t)b->words2.size, cls = 0, nl = pt->nlits;
    for (uint32_t i = 0; i < 2 * nl; i++)
      bsyn_vec_push(b->words2, b->words.data[pt->lits + i]);
    pt->lits = lits;
    pt->deps = (uint32_t)b->words2.size;
    pt->ndeps = 0;
    for (uint32_t i = 0; i < nl + SPEC_NW * (pt->end - pt->begin); i++) {
      uint32_t lit = i < nl ? b->words2.data[lits + 2 * i + 1] : nd[SPEC_NW * pt->begin + i - nl];
      uint32_t v = lit >> 1;
      if (i >= nl)
        cls = lit_class(s, lit) > cls ? lit_class(s, lit) : cls;
      if (v < base || owner[v - base] == q || b->depmark[owner[v - base]])
        continue;
      b->depmark[owner[v - base]] = 1;
      bsyn_vec_push(b->words2, owner[v - base]);
      pt->ndeps++;
    }
    for (uint32_t i = 0; i < pt->ndeps; i++) {
      uint32_t d = b->words2.data[pt->deps + i];
      b->depmark[d] = 0;
      cls = b->parts[d].cls > cls ? b->parts[d].cls : cls;
    }
    pt->cls = cls;
    pt->needs = pt->end > pt->begin || pt->ndeps;
  }
  uint32_t *data = b->words.data; /* swap words and words2 */
  size_t size = b->words.size, cap = b->words.cap;
  b->words.data = b->words2.data;
  b->words.size = b->words2.size;
  b->words.cap = b->words2.cap;
  b->words2.data = data;
  b->words2.size = size;
  b->words2.cap = cap;
}

/* (2) Drops the nodes no output literal reaches; live nodes keep their order and parts. */
static void prune(bsyn_gates_spec *s) {
  spec_builder *b = &s->b;
  uint32_t n = num_nodes(b), base = s->num_free + 1, *nd = b->nodes.data;
  bsyn_vec_reserve(b->tmp, (size_t)n + 1);
  uint32_t *perm = b->tmp.data; /* first 1 = live, then the new index */
  memset(perm, 0, ((size_t)n + 1) * sizeof *perm);
  for (uint32_t q = 0; q < s->num_parts; q++) {
    const spec_part *pt = &b->parts[q];
    for (uint32_t i = 0; i < pt->nlits; i++)
      if (b->words.data[pt->lits + 2 * i + 1] >> 1 >= base)
        perm[(b->words.data[pt->lits + 2 * i + 1] >> 1) - base] = 1;
  }
  for (uint32_t i = n; i-- > 0;)
    for (int k = 0; perm[i] && k < SPEC_NW; k++)
      if (nd[SPEC_NW * i + k] >> 1 >= base)
        perm[(nd[SPEC_NW * i + k] >> 1) - base] = 1;
  uint32_t m = 0;
  for (uint32_t q = 0; q < s->num_parts; q++) { /* ranges tile the nodes in part order */
    spec_part *pt = &b->parts[q];
    uint32_t begin = m;
    for (uint32_t i = pt->begin; i < pt->end; i++)
      perm[i] = perm[i] ? m++ : SPEC_NONE;
    pt->begin = begin;
    pt->end = m;
  }
  for (uint32_t i = 0; i < n; i++) {
    if (perm[i] == SPEC_NONE)
      continue;
    for (int k = 0; k < SPEC_NW; k++) /* perm[i] <= i: writes never pass the reads */
      nd[SPEC_NW * perm[i] + k] = relit(nd[SPEC_NW * i + k], base, perm);
    b->cls.data[perm[i]] = b->cls.data[i];
  }
  for (uint32_t q = 0; q < s->num_parts; q++) {
    const spec_part *pt = &b->parts[q];
    for (uint32_t i = 0; i < pt->nlits; i++)
      b->words.data[pt->lits + 2 * i + 1] = relit(b->words.data[pt->lits + 2 * i + 1], base, perm);
  }
  b->nodes.size = SPEC_NW * (size_t)m;
  b->cls.size = m;
}

/* (4) Each part's nodes in level order (counting sort, stable: fanins have lower levels,
 * so the order stays topological). */
static void levelise(bsyn_gates_spec *s) {
  spec_builder *b = &s->b;
  uint32_t n = num_nodes(b), base = s->num_free + 1, *nd = b->nodes.data;
  if (n < 2)
    return;
  uint32_t *lvl = bsyn_malloc((size_t)n * sizeof *lvl),
           *perm = bsyn_malloc((size_t)n * sizeof *perm);
  uint32_t *count = NULL, ncount = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t l = 0;
    for (int k = 0; k < SPEC_NW; k++) {
      uint32_t v = nd[SPEC_NW * i + k] >> 1;
      if (v >= base && lvl[v - base] + 1 > l)
        l = lvl[v - base] + 1;
    }
    lvl[i] = l;
  }
  for (uint32_t q = 0; q < s->num_parts; q++) {
    const spec_part *pt = &b->parts[q];
    uint32_t top = 0;
    for (uint32_t i = pt->begin; i < pt->end; i++)
      top = lvl[i] > top ? lvl[i] : top;
    if (top + 2 > ncount) {
      ncount = top + 2;
      count = bsyn_realloc(count, (size_t)ncount * sizeof *count);
    }
    memset(count, 0, (size_t)(top + 2) * sizeof *count);
    for (uint32_t i = pt->begin; i < pt->end; i++)
      count[lvl[i] + 1]++;
    count[0] = pt->begin;
    for (uint32_t l = 1; l <= top + 1; l++)
      count[l] += count[l - 1];
    for (uint32_t i = pt->begin; i < pt->end; i++)
      perm[i] = count[lvl[i]]++;
  }
  free(count);
  uint32_t *moved = bsyn_malloc(SPEC_NW * (size_t)n * sizeof *moved);
  uint8_t *cls = bsyn_malloc(n);
  for (uint32_t i = 0; i < n; i++) {
    for (int k = 0; k < SPEC_NW; k++)
      moved[SPEC_NW * perm[i] + k] = relit(nd[SPEC_NW * i + k], base, perm);
    cls[perm[i]] = b->cls.data[i];
  }
  memcpy(nd, moved, SPEC_NW * (size_t)n * sizeof *nd);
  memcpy(b->cls.data, cls, n);
  for (uint32_t q = 0; q < s->num_parts; q++) {
    const spec_part *pt = &b->parts[q];
    for (uint32_t i = 0; i < pt->nlits; i++)
      b->words.data[pt->lits + 2 * i + 1] = relit(b->words.data[pt->lits + 2 * i + 1], base, perm);
  }
  free(cls);
  free(moved);
  free(lvl);
  free(perm);
}

void bsyn_gates_spec_build_(bsyn_gates_spec *s) {
  start_build(s);
  for (uint32_t q = 0; q < s->num_parts; q++)
    walk_part(s, q);
  merge_muxes(s);
  prune(s);
  bsyn_vec_reserve(s->b.tmp, (size_t)num_nodes(&s->b) + 1);
  redo_deps(s, s->b.tmp.data);
  levelise(s);
}
