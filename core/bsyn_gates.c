/* Demand-driven AIG evaluation: memoised by stamps, short-circuit ANDs and multiplexers.
 *
 * The AIG is compiled once into nodes of two kinds: ANDs, with the fanin to evaluate first
 * in `a`, and multiplexers (c != NO_MUX: the pattern !(!(s & t) & !(!s & e)) = s ? t : e
 * that one BSD node becomes), which evaluate their select and then one data input only.
 * Nodes are renumbered in depth-first order from the outputs, so that a walk touches nearby
 * memory, and nodes no output needs are dropped.
 *
 * A value is valid when its stamp is at least the threshold of its class: thr[c] is the
 * stamp of the latest change of any input group <= c, and a node's class is the highest
 * group in its cone, so a node is recomputed exactly when some group its cone may reach has
 * changed since. Inputs and the constant carry the largest stamp and are always valid. */
#include "bsyn_gates.h"

#include <stdlib.h>
#include <string.h>

#include "bsyn_util.h"

/* state word: bits 31..3 stamp, 2..1 class (highest input group in the cone), 0 value */
#define STAMP_SHIFT 3u
#define STAMP_MAX ((1u << (32u - STAMP_SHIFT)) - 1u)
#define CLASS_OF(sv) (((sv) >> 1) & 3u)
#define NO_MUX 0xffffffffu

/* 16 bytes, all of a visit in one cache line. Literals index the compiled nodes. */
typedef struct gnode {
  uint32_t a; /* AND: the fanin evaluated first; MUX: the select */
  uint32_t b; /* AND: the other fanin; MUX: the value when a = 1 */
  uint32_t c; /* MUX: the value when a = 0; NO_MUX for an AND */
  uint32_t sv;
} gnode;

struct bsyn_gates {
  uint32_t num_inputs, num_nodes, num_outputs;
  gnode *nodes;      /* constant, inputs 1..num_inputs, then compiled nodes */
  uint32_t *outputs; /* output literals over the compiled nodes */
  uint32_t *stack;   /* depth + 1 entries */
  uint32_t depth;    /* the deepest output's level in the compiled graph */
  uint32_t cur;      /* the stamp of the current input state */
  uint32_t thr[BSYN_GATES_GROUPS];
  unsigned changed; /* groups changed since the last evaluation, bit per group */
  uint64_t computed;
};

/* Scratch of the compilation, indexed by the AIG's variables. */
typedef struct compiler {
  const bsyn_aig *aig;
  uint32_t *level, *kids; /* kids[3v..3v+2]: the node's a, b, c as AIG literals */
  uint8_t *cls;
  uint32_t *index; /* compiled index, 0 = not (yet) placed */
} compiler;

/* lit "cheaper" than other: lower class, then lower level. */
static int cheaper(const compiler *k, bsyn_lit lit, bsyn_lit other) {
  uint32_t u = bsyn_lit_var(lit), w = bsyn_lit_var(other);
  return k->cls[u] < k->cls[w] || (k->cls[u] == k->cls[w] && k->level[u] < k->level[w]);
}

/* v = !(s & t) & !(!s & e) is the multiplexer s ? !t : !e. Returns 1 and fills kids when v
 * has that shape, preferring the cheapest select when there are several (XOR). */
static int find_mux(compiler *k, uint32_t v, uint32_t *kids) {
  const bsyn_aig *aig = k->aig;
  bsyn_lit f0 = bsyn_aig_fanin0(aig, v), f1 = bsyn_aig_fanin1(aig, v);
  if (!bsyn_lit_sign(f0) || !bsyn_lit_sign(f1) || !bsyn_aig_is_and(aig, bsyn_lit_var(f0)) ||
      !bsyn_aig_is_and(aig, bsyn_lit_var(f1)))
    return 0;
  const bsyn_lit *p = &aig->fanins[2 * bsyn_lit_var(f0)], *q = &aig->fanins[2 * bsyn_lit_var(f1)];
  int found = 0;
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++)
      if (p[i] == bsyn_lit_not(q[j]) && (!found || cheaper(k, p[i], kids[0]))) {
        kids[0] = p[i];
        kids[1] = bsyn_lit_not(p[1 - i]);
        kids[2] = bsyn_lit_not(q[1 - j]);
        found = 1;
      }
  return found;
}

static void classify(compiler *k, const uint8_t *group, bsyn_gates_mode mode) {
  const bsyn_aig *aig = k->aig;
  for (uint32_t i = 0; i < aig->num_inputs; i++) {
    k->cls[i + 1] = group ? group[i] : 0;
    if (k->cls[i + 1] >= BSYN_GATES_GROUPS)
      bsyn_abort("bsyn_gates_new: input %u has group %u, expected < %d", i, k->cls[i + 1],
                 BSYN_GATES_GROUPS);
  }
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    bsyn_lit a = bsyn_aig_fanin0(aig, v), b = bsyn_aig_fanin1(aig, v);
    uint8_t ca = k->cls[bsyn_lit_var(a)], cb = k->cls[bsyn_lit_var(b)];
    k->cls[v] = ca > cb ? ca : cb;
    uint32_t *kids = &k->kids[3 * v];
    if ((mode == BSYN_GATES_MUX || mode == BSYN_GATES_SPEC) && find_mux(k, v, kids))
      continue;
    int swap = mode != BSYN_GATES_PLAIN && cheaper(k, b, a);
    kids[0] = swap ? b : a;
    kids[1] = swap ? a : b;
    kids[2] = NO_MUX;
  }
}

/* Places the compiled nodes reachable from the outputs in depth-first post-order (children
 * before parents, a path's nodes next to each other). Returns the number placed. */
static uint32_t place(compiler *k, uint32_t *stack) {
  const bsyn_aig *aig = k->aig;
  uint32_t next = aig->num_inputs + 1;
  for (uint32_t v = 0; v <= aig->num_inputs; v++)
    k->index[v] = v;
  for (uint32_t o = 0; o < aig->num_outputs; o++) {
    uint32_t sp = 0, root = bsyn_lit_var(aig->outputs[o]);
    if (k->index[root] || root == 0)
      continue;
    stack[sp++] = root;
    while (sp) {
      uint32_t v = stack[sp - 1], *kids = &k->kids[3 * v], pushed = 0;
      for (int i = 0; i < 3 && !pushed; i++) {
        if (kids[i] == NO_MUX)
          break;
        uint32_t w = bsyn_lit_var(kids[i]);
        if (!k->index[w] && w)
          stack[sp++] = w, pushed = 1;
      }
      if (pushed)
        continue;
      sp--;
      if (!k->index[v])
        k->index[v] = next++;
    }
  }
  return next - aig->num_inputs - 1;
}

static uint32_t relit(const compiler *k, uint32_t lit) {
  return lit == NO_MUX ? NO_MUX : 2 * k->index[bsyn_lit_var(lit)] + bsyn_lit_sign(lit);
}

static void emit(bsyn_gates *g, compiler *k) {
  const bsyn_aig *aig = k->aig;
  gnode *nd = g->nodes;
  uint32_t *lvl = bsyn_calloc(g->num_inputs + 1 + g->num_nodes, sizeof *lvl);
  for (uint32_t v = 0; v <= aig->num_inputs; v++)
    nd[v] = (gnode){0, 0, NO_MUX, STAMP_MAX << STAMP_SHIFT | (uint32_t)k->cls[v] << 1};
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    uint32_t n = k->index[v], *kids = &k->kids[3 * v];
    if (!n)
      continue;
    nd[n] = (gnode){relit(k, kids[0]), relit(k, kids[1]), relit(k, kids[2]),
                    (uint32_t)k->cls[v] << 1 /* stamp 0: not yet valid */};
    uint32_t l = 0;
    for (int i = 0; i < 3 && kids[i] != NO_MUX; i++)
      if (lvl[k->index[bsyn_lit_var(kids[i])]] > l)
        l = lvl[k->index[bsyn_lit_var(kids[i])]];
    lvl[n] = l + 1;
  }
  for (uint32_t o = 0; o < aig->num_outputs; o++) {
    g->outputs[o] = relit(k, aig->outputs[o]);
    if (lvl[g->outputs[o] >> 1] > g->depth)
      g->depth = lvl[g->outputs[o] >> 1];
  }
  free(lvl);
}

bsyn_gates *bsyn_gates_new(const bsyn_aig *aig, const uint8_t *group, bsyn_gates_mode mode) {
  bsyn_gates *g = bsyn_calloc(1, sizeof *g);
  uint32_t nv = aig->num_vars;
  compiler k = {aig, bsyn_malloc(nv * sizeof *k.level),
                bsyn_malloc(3 * (size_t)nv * sizeof *k.kids), bsyn_calloc(nv, 1),
                bsyn_calloc(nv, sizeof *k.index)};
  bsyn_aig_levels(aig, k.level);
  classify(&k, group, mode);
  uint32_t *stack = bsyn_malloc(nv * sizeof *stack);
  g->num_inputs = aig->num_inputs;
  g->num_outputs = aig->num_outputs;
  g->num_nodes = place(&k, stack);
  free(stack);
  g->nodes = bsyn_aligned_alloc(((size_t)aig->num_inputs + 1 + g->num_nodes) * sizeof *g->nodes);
  g->outputs = bsyn_malloc(((size_t)aig->num_outputs + 1) * sizeof *g->outputs);
  emit(g, &k);
  free(k.level);
  free(k.kids);
  free(k.cls);
  free(k.index);
  g->stack = bsyn_malloc(((size_t)g->depth + 2) * sizeof *g->stack);
  g->changed = (1u << BSYN_GATES_GROUPS) - 1; /* stamps 0 are below the first thresholds */
  return g;
}

void bsyn_gates_free(bsyn_gates *g) {
  if (!g)
    return;
  bsyn_aligned_free(g->nodes);
  free(g->outputs);
  free(g->stack);
  free(g);
}

void bsyn_gates_set_input(bsyn_gates *g, uint32_t i, unsigned v) {
  if (i >= g->num_inputs)
    bsyn_abort("bsyn_gates_set_input: input %u of %u", i, g->num_inputs);
  uint32_t *sv = &g->nodes[i + 1].sv;
  if ((*sv ^ v) & 1) {
    *sv ^= 1;
    g->changed |= 1u << CLASS_OF(*sv);
  }
}

void bsyn_gates_set_word(bsyn_gates *g, uint32_t first, uint32_t n, uint32_t bits) {
  if (n > 32 || first > g->num_inputs || n > g->num_inputs - first)
    bsyn_abort("bsyn_gates_set_word: inputs %u..+%u of %u", first, n, g->num_inputs);
  gnode *nd = g->nodes + first + 1;
  unsigned changed = 0;
  for (uint32_t k = 0; k < n; k++) { /* branch-free: which bits change is data */
    uint32_t sv = nd[k].sv, d = (sv ^ (bits >> k)) & 1;
    nd[k].sv = sv ^ d;
    changed |= d << CLASS_OF(sv);
  }
  g->changed |= changed;
}

/* A new stamp for the changed groups; when stamps run out, every AND forgets its value. */
static void refresh(bsyn_gates *g) {
  if (g->cur + 1 >= STAMP_MAX) {
    for (uint32_t v = g->num_inputs + 1; v <= g->num_inputs + g->num_nodes; v++)
      g->nodes[v].sv &= (1u << STAMP_SHIFT) - 1;
    g->cur = 0;
    g->changed = (1u << BSYN_GATES_GROUPS) - 1;
  }
  g->cur++;
  unsigned lowest = (unsigned)__builtin_ctz(g->changed);
  for (unsigned c = lowest; c < BSYN_GATES_GROUPS; c++)
    g->thr[c] = g->cur;
  g->changed = 0;
}

#define VALID(sv, thr) (((sv) >> STAMP_SHIFT) >= (thr)[CLASS_OF(sv)])

/* Deeper netlists than this are walked with an explicit stack (a recursion frame is about
 * 48 bytes: 16,384 levels stay well inside any thread's stack). */
#define MAX_RECURSION 16384u

/* The literal a node reads after its first one evaluated to x (bit 0): an AND's other fanin
 * when x = 1 (0 = stop: the AND is 0), a multiplexer's data input. */
static inline uint32_t second_of(const gnode *n, uint32_t x) {
  if (n->c == NO_MUX)
    return x & 1 ? n->b : 0;
  return x & 1 ? n->b : n->c;
}

/* The value of node v, whose state is not valid: recursion, because returning to the parent
 * through the call stack is predicted by the CPU, where an explicit stack re-examines the
 * parent after each child (measured about 1.4x slower, docs/gates.md). */
static uint32_t eval_rec(gnode *nd, const uint32_t *thr, uint32_t stamp, uint32_t v,
                         uint64_t *computed) {
  gnode *n = &nd[v];
  uint32_t a = n->a, sa = nd[a >> 1].sv;
  uint32_t x = (VALID(sa, thr) ? sa : eval_rec(nd, thr, stamp, a >> 1, computed)) ^ a;
  uint32_t b = second_of(n, x);
  if (b) {
    uint32_t sb = nd[b >> 1].sv;
    x = (VALID(sb, thr) ? sb : eval_rec(nd, thr, stamp, b >> 1, computed)) ^ b;
  } else {
    x = 0;
  }
  x &= 1;
  n->sv = stamp | (n->sv & 6u) | x;
  ++*computed;
  return x;
}

/* The same walk with an explicit stack, for netlists deeper than MAX_RECURSION. A node stays
 * on the stack until the inputs it needs are valid; on a DAG walked this way the stack
 * holds one path, so its depth is bounded by the root's level. */
static void eval_stack(bsyn_gates *g, uint32_t root) {
  gnode *nd = g->nodes;
  const uint32_t *thr = g->thr;
  uint32_t *stack = g->stack, sp = 0, stamp = g->cur << STAMP_SHIFT;
  stack[sp++] = root;
  while (sp) {
    gnode *n = &nd[stack[sp - 1]];
    uint32_t a = n->a, sa = nd[a >> 1].sv;
    if (!VALID(sa, thr)) {
      stack[sp++] = a >> 1;
      continue;
    }
    uint32_t b = second_of(n, sa ^ a), x = 0;
    if (b) {
      uint32_t sb = nd[b >> 1].sv;
      if (!VALID(sb, thr)) {
        stack[sp++] = b >> 1;
        continue;
      }
      x = (sb ^ b) & 1;
    }
    n->sv = stamp | (n->sv & 6u) | x;
    g->computed++;
    sp--;
  }
}

/* The value of literal l under the current inputs (stamps already refreshed). */
static unsigned eval_lit(bsyn_gates *g, uint32_t l) {
  gnode *nd = g->nodes;
  uint32_t v = l >> 1, sv = nd[v].sv;
  if (!VALID(sv, g->thr)) {
    if (g->depth <= MAX_RECURSION)
      eval_rec(nd, g->thr, g->cur << STAMP_SHIFT, v, &g->computed);
    else
      eval_stack(g, v);
    sv = nd[v].sv;
  }
  return (sv ^ l) & 1;
}

unsigned bsyn_gates_output(bsyn_gates *g, uint32_t o) {
  if (o >= g->num_outputs)
    bsyn_abort("bsyn_gates_output: output %u of %u", o, g->num_outputs);
  if (g->changed)
    refresh(g);
  return eval_lit(g, g->outputs[o]);
}

uint32_t bsyn_gates_word(bsyn_gates *g, uint32_t first, uint32_t n) {
  if (n > 32 || first > g->num_outputs || n > g->num_outputs - first)
    bsyn_abort("bsyn_gates_word: outputs %u..+%u of %u", first, n, g->num_outputs);
  if (g->changed)
    refresh(g);
  uint32_t w = 0;
  for (uint32_t k = 0; k < n; k++)
    w |= eval_lit(g, g->outputs[first + k]) << k;
  return w;
}

uint64_t bsyn_gates_computed(const bsyn_gates *g) { return g->computed; }
