/* bsyn_gates_spec.h — AIG evaluation specialised per value of a key.
 *
 * Some inputs of a netlist repeat the same few values again and again: a CPU core netlist
 * is asked about the same (pc, inst) pairs over and over while a program runs. Those inputs
 * are the *key*. For each key value met, the evaluator constant-propagates the AIG with the
 * key fixed (walking from the outputs down, so a multiplexer whose select folds visits one
 * side only), keeps the cones of the outputs that are still not constant, and compiles them
 * into a small straight-line array of ANDs and multiplexers over the other (*free*) inputs:
 * the residual.
 * Residuals are cached in a hash table keyed by the key bits, bounded in memory; when the
 * budget is exceeded the whole cache is cleared (deterministic: the same calls give the same
 * builds). Outputs that fold to a constant, or to a free input, cost no AND at all
 * (docs/gates.md).
 *
 * A key value met fewer than min_hits times is answered by the demand-driven evaluator
 * instead (bsyn_gates.h), so cold code costs no build.
 *
 * Outputs are read in *parts*: ranges of at most 32 outputs given at creation and read as
 * one word. A part's residual is evaluated once and memoised until a free input group its
 * cone reaches changes, or the key changes. Free inputs are split into groups like
 * bsyn_gates' (0 = changes least often), which only affect speed.
 *
 * Results never depend on the key choice, groups, parts, cache budget or the order of
 * requests: every value equals bsyn_aig_eval's.
 *
 * Not thread safe: one evaluator per thread (its memo and cache are its state). */
#ifndef BSYN_GATES_SPEC_H
#define BSYN_GATES_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_gates.h"

typedef struct bsyn_gates_spec bsyn_gates_spec;

typedef struct bsyn_gates_spec_params {
  /* key inputs: num_key distinct input indices; key bit k is input key[k] */
  uint32_t num_key;
  const uint32_t *key;
  /* num_inputs entries in 0..BSYN_GATES_GROUPS-1 (key inputs' entries ignored), or NULL:
   * every free input in group 0 */
  const uint8_t *group;
  /* part p = outputs part_first[p] .. part_first[p] + part_len[p] - 1, 1 <= len <= 32;
   * parts may overlap and need not cover every output. The order matters for speed only:
   * a node shared by two parts is computed with the first. NULL (num_parts ignored): the
   * outputs in consecutive parts of 32 (the last one shorter). */
  uint32_t num_parts;
  const uint32_t *part_first, *part_len;
  /* residual cache budget in bytes; 0 = BSYN_GATES_SPEC_DEFAULT_CACHE */
  size_t cache_bytes;
  /* a key value is specialised the min_hits-th time it is met (0 or 1: at once); until
   * then its parts are read from a demand-driven evaluator (bsyn_gates, BSYN_GATES_MUX,
   * with group's entries for every input), so code that runs only a few times does not
   * pay for a build. Hits are counted in a bounded table, cleared when half full.
   * BSYN_GATES_SPEC_AUTO_HITS: the threshold follows the counters, 1 + the AIG nodes a
   * build visits over the nodes a demand evaluation of a key computes, on average so far
   * (2 before both are known; at most 64): deterministic, since it counts, never times. */
  uint32_t min_hits;
} bsyn_gates_spec_params;

#define BSYN_GATES_SPEC_AUTO_HITS 0xffffffffu

#define BSYN_GATES_SPEC_DEFAULT_CACHE ((size_t)64 << 20)

/* Counters since creation (for benches). */
typedef struct bsyn_gates_spec_stats {
  uint64_t builds;            /* residuals built (key values met with no cached residual) */
  uint64_t clears;            /* times the cache was emptied for its budget */
  uint64_t visited;           /* AIG nodes visited while building */
  uint64_t residual_ands;     /* ANDs of all residuals built */
  uint64_t computed;          /* residual nodes (ANDs and multiplexers) evaluated */
  uint64_t fallback_reads;    /* part reads answered by the demand-driven evaluator */
  uint64_t cold_meets;        /* key changes to a value not specialised (yet) */
  uint64_t fallback_computed; /* nodes that evaluator computed */
  uint64_t entries, bytes;    /* residuals cached now, and their bytes with the table */
} bsyn_gates_spec_stats;

/* Builds an evaluator for aig (copied: aig may be freed afterwards). All inputs start at 0.
 * Aborts on a key input out of range or repeated, a group out of range, a part out of
 * range or longer than 32. Free with bsyn_gates_spec_free. */
bsyn_gates_spec *bsyn_gates_spec_new(const bsyn_aig *aig, const bsyn_gates_spec_params *p);
void bsyn_gates_spec_free(bsyn_gates_spec *s); /* NULL allowed */

/* Sets input i (0-based, key or free) to v & 1. Aborts when i is out of range. */
void bsyn_gates_spec_set_input(bsyn_gates_spec *s, uint32_t i, unsigned v);

/* Sets the n inputs first..first+n-1 (n <= 32) from bits: input first+k gets bit k.
 * Aborts when the range is out of bounds. */
void bsyn_gates_spec_set_word(bsyn_gates_spec *s, uint32_t first, uint32_t n, uint32_t bits);

/* Part p's outputs under the current inputs as a word (its first output in bit 0, bits
 * above its length 0). Builds the key's residual when it is not cached. Aborts when p is
 * out of range. */
uint32_t bsyn_gates_spec_part(bsyn_gates_spec *s, uint32_t p);

/* 1 when, for the current key, part p's outputs are exactly the free inputs first..first +
 * len - 1 in order and uncomplemented (then the part's word is those inputs' word, and the
 * caller may read it from where it keeps them); *first receives the first input index.
 * 0 otherwise. Aborts when p is out of range. */
int bsyn_gates_spec_part_is_inputs(bsyn_gates_spec *s, uint32_t p, uint32_t *first);

/* The number of parts (num_parts, or the default parts' count). */
uint32_t bsyn_gates_spec_num_parts(const bsyn_gates_spec *s);

void bsyn_gates_spec_get_stats(const bsyn_gates_spec *s, bsyn_gates_spec_stats *st);

#endif
