/* bsyn_aig.h — and-inverter graphs with AIGER literals.
 *
 * Literals: lit = 2*var + complement; lit 0 is constant false, lit 1 constant true.
 * Variables: 0 is the constant, 1..num_inputs are the primary inputs, every later variable
 * is an AND. An AND's fanins are always lower variables, so the variable order *is* a
 * topological order (readers that accept files in any order rebuild it this way).
 * Fanins are stored canonically with fanin0 >= fanin1 (as binary AIGER requires).
 * Every AND built through bsyn_aig_and() is constant-propagated and structurally hashed.
 *
 * The struct is public so that simulators and device code can read the arrays directly;
 * change it only through the functions below. Nothing here is thread-safe for writing;
 * concurrent readers are fine. */
#ifndef BSYN_AIG_H
#define BSYN_AIG_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t bsyn_lit;

#define BSYN_LIT_FALSE 0u
#define BSYN_LIT_TRUE 1u

static inline uint32_t bsyn_lit_var(bsyn_lit l) { return l >> 1; }
static inline unsigned bsyn_lit_sign(bsyn_lit l) { return l & 1u; }
static inline bsyn_lit bsyn_lit_not(bsyn_lit l) { return l ^ 1u; }
static inline bsyn_lit bsyn_lit_regular(bsyn_lit l) { return l & ~1u; }
static inline bsyn_lit bsyn_lit_make(uint32_t var, unsigned sign) { return 2u * var + (sign & 1u); }
static inline bsyn_lit bsyn_lit_notif(bsyn_lit l, unsigned c) { return l ^ (c & 1u); }

typedef struct bsyn_aig {
  uint32_t num_inputs; /* variables 1..num_inputs */
  uint32_t num_vars;   /* constant + inputs + ANDs */
  uint32_t cap_vars;
  /* fanins[2*v], fanins[2*v+1]: the AND's fanin literals (fanin0 >= fanin1); 0,0 for the
   * constant and the inputs. */
  bsyn_lit *fanins;
  uint32_t num_outputs;
  uint32_t cap_outputs;
  bsyn_lit *outputs;
  uint32_t cap_inputs;  /* input_names allocated */
  char **input_names;  /* num_inputs entries (cap_inputs allocated), each NULL or owned */
  char **output_names; /* num_outputs entries (cap_outputs allocated), each NULL or owned */
  char *model_name;    /* owned, may be NULL */
  /* structural hash: open addressing over AND variables, 0 = empty slot */
  uint32_t *strash;
  uint32_t strash_cap; /* power of two */
} bsyn_aig;

/* Creates an empty AIG (constant only). Free with bsyn_aig_free. */
bsyn_aig *bsyn_aig_new(void);
/* Frees the AIG and everything it owns; NULL is allowed. */
void bsyn_aig_free(bsyn_aig *aig);
/* Deep copy (names included). */
bsyn_aig *bsyn_aig_dup(const bsyn_aig *aig);

/* Adds a primary input, optionally named (copied), returns its positive literal.
 * All inputs must be added before the first AND (aborts otherwise). */
bsyn_lit bsyn_aig_add_input(bsyn_aig *aig, const char *name);
/* Adds an output driven by lit, optionally named (copied); returns its index. */
uint32_t bsyn_aig_add_output(bsyn_aig *aig, bsyn_lit lit, const char *name);
/* Replaces the driver of output idx. */
void bsyn_aig_set_output(bsyn_aig *aig, uint32_t idx, bsyn_lit lit);

void bsyn_aig_set_input_name(bsyn_aig *aig, uint32_t idx, const char *name);
void bsyn_aig_set_output_name(bsyn_aig *aig, uint32_t idx, const char *name);
void bsyn_aig_set_model_name(bsyn_aig *aig, const char *name);
/* Names or NULL when unnamed. */
const char *bsyn_aig_input_name(const bsyn_aig *aig, uint32_t idx);
const char *bsyn_aig_output_name(const bsyn_aig *aig, uint32_t idx);

/* The AND of a and b: constants and trivial cases (x&x, x&!x, x&1, x&0) fold, and an
 * existing equal AND is returned instead of a new one. Aborts on a literal out of range. */
bsyn_lit bsyn_aig_and(bsyn_aig *aig, bsyn_lit a, bsyn_lit b);
bsyn_lit bsyn_aig_or(bsyn_aig *aig, bsyn_lit a, bsyn_lit b);
bsyn_lit bsyn_aig_xor(bsyn_aig *aig, bsyn_lit a, bsyn_lit b);
/* s ? t : e */
bsyn_lit bsyn_aig_mux(bsyn_aig *aig, bsyn_lit s, bsyn_lit t, bsyn_lit e);

static inline uint32_t bsyn_aig_num_ands(const bsyn_aig *aig) {
  return aig->num_vars - 1 - aig->num_inputs;
}
static inline int bsyn_aig_is_input(const bsyn_aig *aig, uint32_t var) {
  return var >= 1 && var <= aig->num_inputs;
}
static inline int bsyn_aig_is_and(const bsyn_aig *aig, uint32_t var) {
  return var > aig->num_inputs && var < aig->num_vars;
}
static inline bsyn_lit bsyn_aig_fanin0(const bsyn_aig *aig, uint32_t var) {
  return aig->fanins[2 * var];
}
static inline bsyn_lit bsyn_aig_fanin1(const bsyn_aig *aig, uint32_t var) {
  return aig->fanins[2 * var + 1];
}

/* Fills level[v] for every variable (constant and inputs 0, AND = 1 + max fanin level) and
 * returns the largest level over the outputs. level has num_vars entries. */
uint32_t bsyn_aig_levels(const bsyn_aig *aig, uint32_t *level);

/* Marks the transitive fanin of lit: mark[v] = 1 for every variable in its cone (caller
 * zeroes mark, num_vars entries). Returns the number of inputs newly marked. */
uint32_t bsyn_aig_mark_cone(const bsyn_aig *aig, bsyn_lit lit, uint8_t *mark);

/* Support of lit: writes the input indices (0-based) it depends on structurally into
 * inputs (ascending, capacity num_inputs) and returns their count. */
uint32_t bsyn_aig_support(const bsyn_aig *aig, bsyn_lit lit, uint32_t *inputs);

/* A copy with only the ANDs reachable from the outputs, re-hashed; inputs, outputs and
 * names are kept in order. */
bsyn_aig *bsyn_aig_cleanup(const bsyn_aig *aig);

/* A copy whose input j is input order[j] of aig (order: a permutation of all inputs), names
 * kept; the same function of the named inputs, read in another order. */
bsyn_aig *bsyn_aig_permute_inputs(const bsyn_aig *aig, const uint32_t *order);

/* The cone of the selected outputs (indices into outputs, n of them): a new AIG with those
 * outputs in the given order. keep_all_inputs != 0 keeps every input (same interface);
 * otherwise only the support inputs are kept, in their original order. */
bsyn_aig *bsyn_aig_cone(const bsyn_aig *aig, const uint32_t *outs, uint32_t n, int keep_all_inputs);

/* Evaluates one pattern: in has num_inputs bytes (0/1), out receives num_outputs bytes.
 * Slow and obvious on purpose: the reference for the simulators. */
void bsyn_aig_eval(const bsyn_aig *aig, const uint8_t *in, uint8_t *out);

/* Checks the invariants (fanins lower than their AND, canonical order, outputs in range).
 * Returns 0 when sound, else -1 with a message in msg. */
int bsyn_aig_check(const bsyn_aig *aig, char *msg, size_t size);

/* 1 when a and b have the same inputs, ANDs, outputs and names (structural identity). */
int bsyn_aig_identical(const bsyn_aig *a, const bsyn_aig *b);

#endif
