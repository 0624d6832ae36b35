/* bsyn_gates_spec_internal.h — the specialised evaluator's state, shared by
 * bsyn_gates_spec.c (inputs, cache, evaluation) and bsyn_gates_spec_build.c (partial
 * evaluation under a key and the residual's compaction). Not a public interface.
 *
 * Residual literals: 2 * var + complement, var 0 the constant, 1..num_free the free inputs,
 * num_free + 1 + i residual node i. Values are kept in both polarities, one byte each:
 * val[lit] is the literal's value (val[2v] = x, val[2v + 1] = !x), so reading a
 * complemented fanin costs nothing.
 *
 * Residual nodes have three fanin literals (a, b, c) and compute a ? b : c, that is
 * c ^ ((b ^ c) & a) on 0/1 bytes; an AND is a ? b : 0 (c = literal 0). One node kind for
 * both means the sweep has no branch at all. */
#ifndef BSYN_GATES_SPEC_INTERNAL_H
#define BSYN_GATES_SPEC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_gates_spec.h"
#include "bsyn_util.h"

#define SPEC_KEY_FLAG 0x80000000u
#define SPEC_NONE 0xffffffffu
#define SPEC_NW 3 /* words per residual node */

/* One part of one residual. Offsets index the entry's words. */
typedef struct spec_part {
  uint32_t konst;       /* the values of the part's constant outputs */
  uint32_t nlits, lits; /* non-constant outputs: pairs (bit, residual literal) */
  uint32_t ndeps, deps; /* earlier parts whose nodes this part reads */
  uint32_t begin, end;  /* the part's own nodes */
  uint32_t cls;         /* highest free input group of its nodes and deps */
  uint32_t wire;        /* first input index when the part copies consecutive inputs */
  uint32_t needs;       /* 1 when it has nodes or deps (something to sweep first) */
} spec_part;

/* One cached residual, in one malloc'd block. */
typedef struct spec_entry {
  uint32_t num_nodes;
  const uint32_t *nodes; /* SPEC_NW per node */
  const spec_part *parts;
  const uint32_t *words;
  size_t bytes;
  uint64_t key[]; /* nkw words */
} spec_entry;

/* Per AIG variable, for the partial evaluation: the fanins (the one more likely to fold
 * first), and the residual literal res valid when seen equals the build's epoch. One
 * 16-byte record, so that a visit touches one cache line of a large netlist, not three. */
typedef struct spec_var {
  uint32_t f[2];
  uint32_t seen, res;
} spec_var;

typedef struct spec_hslot {
  uint32_t a, b, lit, epoch;
} spec_hslot;

/* Scratch of one build, reused by the next. */
typedef struct spec_builder {
  BSYN_VEC(uint32_t) nodes;  /* SPEC_NW per node */
  BSYN_VEC(uint8_t) cls;     /* per node: highest free input group in its cone */
  BSYN_VEC(uint32_t) words;  /* per part: literal pairs, then deps */
  BSYN_VEC(uint32_t) words2; /* the compaction's new words */
  BSYN_VEC(uint32_t) tmp;    /* per node scratch of the compaction passes */
  spec_part *parts;
  uint32_t *depmark; /* per part: 1 while recorded as a dep of the part at hand */
  spec_hslot *tab;   /* structural hash of the residual's ANDs */
  uint32_t tab_cap, epoch;
} spec_builder;

struct bsyn_gates_spec {
  uint32_t num_inputs, num_outputs, num_vars, num_key, num_free, num_parts, nkw;
  uint32_t *slot;    /* per input: SPEC_KEY_FLAG | key bit, or free index */
  uint8_t *run;      /* per input: inputs from here on set_word may take as one block */
  uint32_t *finput;  /* per free index: its input */
  uint8_t *fgroup;   /* per free index: its group */
  uint32_t *outputs; /* AIG output literals */
  uint32_t *part_first, *part_len;
  /* input state */
  uint64_t *key;
  int key_dirty;
  uint8_t *val;            /* both polarities: 2 bytes per residual variable */
  uint64_t spread[256][2]; /* 8 input bits -> their 16 bytes in val */
  size_t val_cap;
  /* evaluation state */
  const spec_entry *entry;
  uint32_t *pstamp, *pstack;
  uint32_t cur, thr[BSYN_GATES_GROUPS];
  unsigned changed;
  /* cache */
  spec_entry **tab;
  uint32_t tab_cap;
  size_t budget;
  /* keys met fewer than min_hits times: the demand-driven evaluator, its inputs brought up
   * to date lazily (dirty: one bit per 32 inputs set since), and the hit counts */
  bsyn_gates *fallback;
  uint64_t *dirty;
  uint32_t min_hits, hit_cap, hit_used;
  uint64_t *hit_keys;  /* hit_cap * nkw words */
  uint32_t *hit_count; /* 0 = empty slot */
  /* partial evaluation */
  spec_var *pv; /* per AIG variable */
  uint32_t epoch, *stack;
  spec_builder b;
  bsyn_gates_spec_stats st;
};

/* Builds the residual of s's current key into s->b: parts (ranges, literals, deps), nodes
 * and words, compacted (multiplexers merged, unused nodes dropped, nodes ordered by level
 * within each part). Counts visited nodes in s->st. */
void bsyn_gates_spec_build_(bsyn_gates_spec *s);

#endif
