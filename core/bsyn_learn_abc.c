/* Equivalence queries: ABC's `cec` between the learned netlist and a reference, and its
 * counterexamples turned into vectors the learner can take (bsyn_learner_refine). ABC stops at
 * the first output that differs, so asking it once per output cone, in one ABC process, gives
 * a counterexample for every wrong output in one round. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_io.h"
#include "bsyn_learn_internal.h"
#include "bsyn_sim.h"

/* Reads ABC's "Input pattern: name=v name=v ..." line into vec by learned's input names;
 * given[i] = 1 for the inputs it names (it may leave some out). */
static int parse_pattern(const char *line, const bsyn_aig *learned, uint8_t *vec, uint8_t *given) {
  memset(vec, 0, learned->num_inputs);
  memset(given, 0, learned->num_inputs);
  const char *p = strchr(line, ':');
  if (!p)
    return -1;
  char name[256];
  for (p++; *p;) {
    while (*p == ' ' || *p == '\t')
      p++;
    const char *eq = strchr(p, '=');
    if (!eq || eq == p)
      break;
    size_t n = (size_t)(eq - p);
    if (n >= sizeof name)
      return -1;
    memcpy(name, p, n);
    name[n] = '\0';
    uint32_t i = 0;
    while (i < learned->num_inputs &&
           (!bsyn_aig_input_name(learned, i) || strcmp(bsyn_aig_input_name(learned, i), name)))
      i++;
    if (i == learned->num_inputs || (eq[1] != '0' && eq[1] != '1'))
      return -1;
    vec[i] = (uint8_t)(eq[1] - '0');
    given[i] = 1;
    p = eq + 2;
  }
  return 0;
}

/* ABC's pattern can leave inputs out; completes them (randomly, 4,096 tries in parallel) until
 * the two netlists differ. Returns 0 with vec completed, -1 when no completion differs. */
static int complete_cex(const bsyn_aig *ref, const bsyn_aig *learned, uint8_t *vec,
                        const uint8_t *given) {
  enum { NW = 64 };
  uint32_t nin = learned->num_inputs, nout = learned->num_outputs;
  uint64_t *in = bsyn_malloc(((size_t)nin * NW + 1) * 8);
  uint64_t *a = bsyn_malloc(((size_t)nout * NW + 1) * 8),
           *b = bsyn_malloc(((size_t)nout * NW + 1) * 8);
  for (uint32_t i = 0; i < nin; i++)
    for (size_t w = 0; w < NW; w++)
      in[i * NW + w] =
          given[i] ? (vec[i] ? ~0ull : 0) : (w ? bsyn_mix64(((uint64_t)i << 32) ^ w) : 0);
  bsyn_sim_eval(ref, in, a, NW, BSYN_SIMD_AUTO, NULL);
  bsyn_sim_eval(learned, in, b, NW, BSYN_SIMD_AUTO, NULL);
  int rc = -1;
  for (size_t w = 0; w < NW && rc; w++) {
    uint64_t diff = 0;
    for (uint32_t o = 0; o < nout; o++)
      diff |= a[o * NW + w] ^ b[o * NW + w];
    if (diff) {
      unsigned lane = (unsigned)__builtin_ctzll(diff);
      for (uint32_t i = 0; i < nin; i++)
        vec[i] = (uint8_t)((in[i * NW + w] >> lane) & 1u);
      rc = 0;
    }
  }
  free(in);
  free(a);
  free(b);
  return rc;
}

/* The pair of files of check k under dir. */
static void pair_paths(const char *dir, uint32_t k, char *a, char *b, size_t size) {
  snprintf(a, size, "%s/reference%u.aig", dir, k);
  snprintf(b, size, "%s/learned%u.aig", dir, k);
}

/* Writes the checks (all outputs as one pair when per_output is 0, else one pair per
 * output cone) and an ABC script running `cec` on each; returns the number of checks, or
 * -1 with d filled. */
static int64_t write_checks(const bsyn_aig *ref, const bsyn_aig *learned, const char *dir,
                            int per_output, bsyn_aig ***cones, bsyn_diag *d) {
  uint32_t n = per_output ? learned->num_outputs : 1;
  bsyn_aig **c = bsyn_calloc(2 * (size_t)n + 1, sizeof *c);
  *cones = c;
  char script[1024], a[1024], b[1024];
  snprintf(script, sizeof script, "%s/cec.abc", dir);
  FILE *f = fopen(script, "w");
  if (!f)
    return bsyn_diag_set(d, 0, 0, "expected to write %s, found no way to", script);
  for (uint32_t k = 0; k < n; k++) {
    c[2 * k] = per_output ? bsyn_aig_cone(ref, &k, 1, 1) : bsyn_aig_dup(ref);
    c[2 * k + 1] = per_output ? bsyn_aig_cone(learned, &k, 1, 1) : bsyn_aig_dup(learned);
    pair_paths(dir, k, a, b, sizeof a);
    if (bsyn_io_write_aiger(c[2 * k], a, 1, d) || bsyn_io_write_aiger(c[2 * k + 1], b, 1, d)) {
      fclose(f);
      return -1;
    }
    fprintf(f, "cec %s %s\n", a, b);
  }
  if (fclose(f))
    return bsyn_diag_set(d, 0, 0, "expected to write %s, found no way to", script);
  return n;
}

int bsyn_learn_abc_cexs(const bsyn_aig *ref, const bsyn_aig *learned, const char *dir,
                        int per_output, uint32_t max, uint8_t *vecs, uint32_t *found,
                        bsyn_diag *d) {
  *found = 0;
  if (ref->num_inputs != learned->num_inputs || ref->num_outputs != learned->num_outputs)
    return bsyn_diag_set(
        d, 0, 0, "expected netlists of the same interface, found %u/%u and %u/%u inputs/outputs",
        ref->num_inputs, ref->num_outputs, learned->num_inputs, learned->num_outputs);
  bsyn_aig **cones = NULL;
  int64_t n = write_checks(ref, learned, dir, per_output, &cones, d);
  int rc = 0;
  if (n < 0)
    rc = -1;
  char cmd[1200], line[65536];
  snprintf(cmd, sizeof cmd, "berkeley-abc -f %s/cec.abc 2>&1", dir);
  FILE *f = rc ? NULL : popen(cmd, "r");
  if (!rc && !f)
    rc = bsyn_diag_set(d, 0, 0, "expected to run berkeley-abc, found no way to start it");
  uint32_t nin = learned->num_inputs, verdicts = 0;
  uint8_t *given = bsyn_malloc(nin + 1);
  while (f && fgets(line, sizeof line, f)) {
    if (strstr(line, "Networks are equivalent")) {
      verdicts++;
    } else if (strstr(line, "Input pattern") && !rc && verdicts < n) {
      const bsyn_aig *r = cones[2 * verdicts], *l = cones[2 * verdicts + 1];
      uint8_t *vec = vecs + (size_t)*found * nin;
      verdicts++;
      if (parse_pattern(line, l, vec, given))
        rc = bsyn_diag_set(
            d, 0, 0, "expected ABC's counterexample over the learned inputs, found other names");
      else if (complete_cex(r, l, vec, given))
        rc = bsyn_diag_set(
            d, 0, 0,
            "expected ABC's counterexample to tell the netlists apart, found none that does");
      else if (*found < max)
        ++*found;
    }
  }
  int st = f ? pclose(f) : 0;
  if (!rc && verdicts != n)
    rc = bsyn_diag_set(d, 0, 0,
                       "expected ABC's cec verdict on %lld checks, found %u (exit status %d; is "
                       "berkeley-abc installed?)",
                       (long long)n, verdicts, st);
  for (int64_t k = 0; cones && k < 2 * (n > 0 ? n : 0); k++)
    bsyn_aig_free(cones[k]);
  free(cones);
  free(given);
  if (rc)
    return -1;
  return *found > 0;
}

void bsyn_learn_cex_rows(const uint8_t *vecs, uint32_t n, uint32_t nin, uint64_t seed,
                         uint64_t *rows) {
  for (uint32_t j = 0; j < n; j++) {
    const uint8_t *vec = vecs + (size_t)j * nin;
    for (uint32_t i = 0; i < nin; i++)
      rows[(size_t)i * n + j] = vec[i] ? ~0ull : 0;
    for (unsigned lane = 1; lane < 64; lane++) {
      uint64_t h = bsyn_mix64(seed ^ ((uint64_t)j << 32) ^ lane);
      rows[(size_t)(h % nin) * n + j] ^= 1ull << lane;
      if (h >> 63)
        rows[(size_t)((h >> 20) % nin) * n + j] ^= 1ull << lane;
    }
  }
}
