/* bsyn_learn_sample.h — sampling distributions for the learner (plug-ins).
 *
 * A sampler fills bit-sliced input rows for a range of *sample words*: word k holds samples
 * 64k..64k+63. The learner addresses samples only by word index, so every word must be a
 * pure function of (sampler state, seed, word index, input bit): common random numbers that
 * never depend on thread count, batch layout or the order in which nodes are probed.
 * The learner then overrides the bits of a node's path (and flips one bit for sensitivity
 * probes); a sampler whose inputs depend on each other re-derives them in `fixup`.
 *
 * Kinds shipped here:
 *   uniform       every bit independent and fair
 *   stress        uniform, but one field copied (or complemented) onto another of its width
 *   boundary      another sampler's words with fields set to boundary values and relations
 *   vectors       a fixed set of input vectors (e.g. a trace), each sample a set member
 *                 chosen by a hash of its index; with flips > 0, each sample is a member
 *                 with 1..flips random bits flipped (its neighbourhood)
 * A mixture takes each sample word from one of two samplers by a hash of the word index,
 * so traces can steer the learner while uniform words keep covering everything else. */
#ifndef BSYN_LEARN_SAMPLE_H
#define BSYN_LEARN_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_oracle.h"
#include "bsyn_util.h"

typedef struct bsyn_sampler bsyn_sampler;

/* Fills rows[i * stride + k] (k < nwords) with sample word first_word + k of input i for
 * all num_inputs inputs. Must be thread-safe and deterministic as described above. */
typedef void (*bsyn_sampler_fill_fn)(const bsyn_sampler *s, uint64_t seed, uint64_t first_word,
                                     size_t nwords, uint64_t *rows, size_t stride);

/* Re-derives dependent inputs after the learner forced the bits marked in fixed[] (one
 * byte per input, 1 = forced by the node's path) on sample words first_word.. of rows;
 * NULL when inputs are independent. Must leave forced bits alone and be deterministic like
 * fill; with nothing forced it must leave fill's words as they are (fill alone gives whole
 * samples of the distribution). An ISA-aware distribution (valid RV32 opcodes, rd = rs, ...)
 * plugs in here; the learner runs it only with bsyn_learn_params.path_fixup. */
typedef void (*bsyn_sampler_fixup_fn)(const bsyn_sampler *s, uint64_t seed, uint64_t first_word,
                                      size_t nwords, const uint8_t *fixed, uint64_t *rows,
                                      size_t stride);

struct bsyn_sampler {
  const char *kind; /* static string: "uniform", "vectors", "mixture", ... */
  uint32_t num_inputs;
  bsyn_sampler_fill_fn fill;
  bsyn_sampler_fixup_fn fixup;
  void (*destroy)(bsyn_sampler *s);
  void *state;
};

/* The uniform distribution over num_inputs bits. Free with bsyn_sampler_free. */
bsyn_sampler *bsyn_sampler_uniform(uint32_t num_inputs);

/* Samples drawn from nvec given vectors in bit-sliced rows (rows[i * row_words + w] bit b =
 * input i of vector 64w + b, row_words = ceil(nvec / 64)); the rows are copied. flips = 0
 * takes the vectors as they are; 1..3 flips 1..flips random bits of each (a neighbourhood).
 * nvec must be at least 1. */
bsyn_sampler *bsyn_sampler_vectors(uint32_t num_inputs, const uint64_t *rows, size_t nvec,
                                   unsigned flips);

/* Operand stress: uniform words in which one input field is overwritten by another field
 * of the same width, in each of the 64 vectors either as it is (b = a) or complemented
 * (b = ~a: carry-propagate chains), and then half of the vectors get one random bit of it
 * flipped (near misses). The copy is
 * made in fill, and again in fixup after a path's bits are forced (so that it holds under every
 * path when the learner asks for it: bsyn_learn_params.path_fixup). These are the
 * cases uniform sampling never produces at width 32 (a == b, full carry chains). fields
 * (lsb, width; names unused) are copied; with fewer than two fields of one width the
 * sampler is plain uniform. */
bsyn_sampler *bsyn_sampler_stress(uint32_t num_inputs, const bsyn_field *fields, uint32_t nfields);

/* Boundary words for counterexample search: base's words, and in half of the lanes one or
 * two fields (of 2..64 bits, from fields) set to a boundary value (0, all ones, 1, either
 * side of the sign bit, runs of ones above or below a bit, one bit set or clear), to
 * another field's value (equal, off by one, complemented), or to a sign-extended piece of
 * another field (plus -1, 0 or 1: an immediate compared with an operand). Uses the field
 * table only. base is borrowed (it must outlive the sampler); fields are copied. */
bsyn_sampler *bsyn_sampler_boundary(const bsyn_sampler *base, const bsyn_field *fields, uint32_t nfields);

/* Each sample word from a (probability share_a, 0..1) or b; takes ownership of a and b. */
bsyn_sampler *bsyn_sampler_mixture(bsyn_sampler *a, bsyn_sampler *b, double share_a);

/* The same distribution as s, which it borrows (s must outlive it): for handing a sampler
 * one does not own to a mixture. */
bsyn_sampler *bsyn_sampler_borrow(const bsyn_sampler *s);

/* Frees s (and, for a mixture, its parts). NULL is allowed. */
void bsyn_sampler_free(bsyn_sampler *s);

/* The uniform word of input i at sample word k for seed (what bsyn_sampler_uniform fills);
 * exposed so that other code can regenerate the same vectors. */
static inline uint64_t bsyn_sample_uniform_word(uint64_t seed, uint32_t input, uint64_t word) {
  uint64_t key = seed ^ (0x9e3779b97f4a7c15ull * ((uint64_t)input + 1));
  return bsyn_mix64(bsyn_mix64(key) ^ word);
}

#endif
