/* Demand-driven AIG evaluation: memoised by stamps, short-circuit ANDs, explicit stack.
 *
 * Every variable is one 12-byte node, the AND's two fanins in evaluation order and its state
 * word (layout below), so that one visit touches one node. A value is valid when its stamp
 * is at least the threshold of its group class: thr[c] is the stamp of the latest change of
 * any input group <= c, and a node's class is the highest group in its cone, so a node is
 * recomputed exactly when some group its cone may reach has changed since. Inputs and the
 * constant carry the largest stamp and are always valid. */
#include "bsyn_gates.h"

#include <stdlib.h>
#include <string.h>

#include "bsyn_util.h"

/* state word: bits 31..3 stamp, 2..1 class (highest input group in the cone), 0 value */
#define STAMP_SHIFT 3u
#define STAMP_MAX ((1u << (32u - STAMP_SHIFT)) - 1u)
#define CLASS_OF(sv) (((sv) >> 1) & 3u)

typedef struct gnode {
  uint32_t first, second; /* fanin literals, first evaluated first; 0,0 for inputs */
  uint32_t sv;            /* state word */
} gnode;

struct bsyn_gates {
  uint32_t num_inputs, num_vars, num_outputs;
  gnode *nodes;      /* num_vars */
  uint32_t *outputs; /* output literals */
  uint32_t *stack;   /* depth bound: the deepest output's level + 1 */
  uint32_t cur;      /* the stamp of the current input state */
  uint32_t thr[BSYN_GATES_GROUPS];
  unsigned changed; /* groups changed since the last evaluation, bit per group */
  uint64_t computed;
};

/* Orders each AND's fanins: with CHEAP the one of lower class, then lower level, first. */
static void build_nodes(bsyn_gates *g, const bsyn_aig *aig, const uint8_t *group,
                        bsyn_gates_order order, const uint32_t *level) {
  gnode *nd = g->nodes;
  nd[0].sv = STAMP_MAX << STAMP_SHIFT;
  for (uint32_t i = 0; i < aig->num_inputs; i++) {
    unsigned c = group ? group[i] : 0;
    if (c >= BSYN_GATES_GROUPS)
      bsyn_abort("bsyn_gates_new: input %u has group %u, expected < %d", i, c, BSYN_GATES_GROUPS);
    nd[i + 1].sv = STAMP_MAX << STAMP_SHIFT | c << 1;
  }
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    bsyn_lit a = bsyn_aig_fanin0(aig, v), b = bsyn_aig_fanin1(aig, v);
    uint32_t ca = CLASS_OF(nd[bsyn_lit_var(a)].sv), cb = CLASS_OF(nd[bsyn_lit_var(b)].sv);
    int swap = order == BSYN_GATES_ORDER_CHEAP &&
               (cb < ca || (cb == ca && level[bsyn_lit_var(b)] < level[bsyn_lit_var(a)]));
    nd[v].first = swap ? b : a;
    nd[v].second = swap ? a : b;
    nd[v].sv = (ca > cb ? ca : cb) << 1; /* stamp 0: not yet valid */
  }
}

bsyn_gates *bsyn_gates_new(const bsyn_aig *aig, const uint8_t *group, bsyn_gates_order order) {
  bsyn_gates *g = bsyn_calloc(1, sizeof *g);
  g->num_inputs = aig->num_inputs;
  g->num_vars = aig->num_vars;
  g->num_outputs = aig->num_outputs;
  g->nodes = bsyn_calloc(aig->num_vars, sizeof *g->nodes);
  g->outputs = bsyn_malloc((aig->num_outputs + 1) * sizeof *g->outputs);
  memcpy(g->outputs, aig->outputs, aig->num_outputs * sizeof *g->outputs);
  uint32_t *level = bsyn_malloc(aig->num_vars * sizeof *level);
  uint32_t depth = bsyn_aig_levels(aig, level);
  build_nodes(g, aig, group, order, level);
  free(level);
  g->stack = bsyn_malloc(((size_t)depth + 2) * sizeof *g->stack);
  g->changed = (1u << BSYN_GATES_GROUPS) - 1; /* stamps 0 are below the first thresholds */
  return g;
}

void bsyn_gates_free(bsyn_gates *g) {
  if (!g)
    return;
  free(g->nodes);
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
  for (uint32_t k = 0; k < n; k++) {
    uint32_t sv = nd[k].sv;
    if ((sv ^ (bits >> k)) & 1) {
      nd[k].sv = sv ^ 1;
      g->changed |= 1u << CLASS_OF(sv);
    }
  }
}

/* A new stamp for the changed groups; when stamps run out, every AND forgets its value. */
static void refresh(bsyn_gates *g) {
  if (g->cur + 1 >= STAMP_MAX) {
    for (uint32_t v = g->num_inputs + 1; v < g->num_vars; v++)
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

/* The value of variable root: a depth-first walk that leaves every node it finishes valid.
 * A node stays on the stack until its needed fanins are valid; on a DAG walked this way the
 * stack holds one path, so its depth is bounded by the root's level. */
static unsigned eval_var(bsyn_gates *g, uint32_t root) {
  gnode *nd = g->nodes;
  uint32_t thr[BSYN_GATES_GROUPS];
  memcpy(thr, g->thr, sizeof thr);
#define VALID(sv) (((sv) >> STAMP_SHIFT) >= thr[CLASS_OF(sv)])
  if (VALID(nd[root].sv))
    return nd[root].sv & 1;
  uint32_t *stack = g->stack, sp = 0, stamp = g->cur << STAMP_SHIFT;
  uint64_t computed = 0;
  stack[sp++] = root;
  while (sp) {
    gnode *n = &nd[stack[sp - 1]];
    uint32_t a = n->first, sa = nd[a >> 1].sv;
    if (!VALID(sa)) {
      stack[sp++] = a >> 1;
      continue;
    }
    uint32_t x = (sa ^ a) & 1;
    if (x) {
      uint32_t b = n->second, sb = nd[b >> 1].sv;
      if (!VALID(sb)) {
        stack[sp++] = b >> 1;
        continue;
      }
      x = (sb ^ b) & 1;
    }
    n->sv = stamp | (n->sv & 6u) | x;
    computed++;
    sp--;
  }
#undef VALID
  g->computed += computed;
  return nd[root].sv & 1;
}

unsigned bsyn_gates_output(bsyn_gates *g, uint32_t o) {
  if (o >= g->num_outputs)
    bsyn_abort("bsyn_gates_output: output %u of %u", o, g->num_outputs);
  if (g->changed)
    refresh(g);
  uint32_t l = g->outputs[o];
  return eval_var(g, l >> 1) ^ (l & 1);
}

uint32_t bsyn_gates_word(bsyn_gates *g, uint32_t first, uint32_t n) {
  if (n > 32 || first > g->num_outputs || n > g->num_outputs - first)
    bsyn_abort("bsyn_gates_word: outputs %u..+%u of %u", first, n, g->num_outputs);
  if (g->changed)
    refresh(g);
  uint32_t w = 0;
  for (uint32_t k = 0; k < n; k++) {
    uint32_t l = g->outputs[first + k];
    w |= (eval_var(g, l >> 1) ^ (l & 1)) << k;
  }
  return w;
}

uint64_t bsyn_gates_computed(const bsyn_gates *g) { return g->computed; }
