/* Equivalence queries: ABC checks the learned netlist against a reference, and its
 * counterexamples become vectors the learner can take (bsyn_learner_refine). One check per
 * output cone gives a counterexample for every wrong output in one round (ABC's `cec` stops
 * at the first output that differs). A check is a global BDD of the miter (bdd_pass, its SAT
 * answer the counterexample) or `cec` of the two cones (cec_pass). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsyn_aig_join.h"
#include "bsyn_io.h"
#include "bsyn_learn_internal.h"
#include "bsyn_out.h"
#include "bsyn_sim.h"

/* Reads "name=v" pairs (separated by blanks or newlines, starting at p) into vec by
 * learned's input names; given[i] = 1 for the inputs named (some may be left out). 0, or -1
 * on a name learned does not have or a value that is not 0 or 1. */
static int parse_pairs(const char *p, const bsyn_aig *learned, uint8_t *vec, uint8_t *given) {
  memset(vec, 0, learned->num_inputs);
  memset(given, 0, learned->num_inputs);
  char name[256];
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
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

/* ABC's cec line "Input pattern: name=v name=v ...". */
static int parse_pattern(const char *line, const bsyn_aig *learned, uint8_t *vec, uint8_t *given) {
  const char *p = strchr(line, ':');
  return p ? parse_pairs(p + 1, learned, vec, given) : -1;
}

/* A file of ABC's write_cex -n (one "name=v" per line); -1 when missing or unreadable. */
static int read_cex_file(const char *path, const bsyn_aig *learned, uint8_t *vec, uint8_t *given) {
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  size_t cap = 64 * (size_t)learned->num_inputs + 64, len = 0;
  char *text = bsyn_malloc(cap + 1);
  len = fread(text, 1, cap, f);
  int rc = ferror(f) || len == cap ? -1 : 0;
  fclose(f);
  text[len] = '\0';
  if (!rc)
    rc = parse_pairs(text, learned, vec, given);
  free(text);
  return rc;
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

/* What a check's pass found; CHECK_KNOWN: equal by the memo of pairs already proven. */
enum { CHECK_OPEN, CHECK_EQUAL, CHECK_DIFFERS, CHECK_KNOWN };

/* The files of check k under dir: the reference and learned cones, and their miter. */
static void check_paths(const char *dir, uint32_t k, char *a, char *b, char *m, size_t size) {
  snprintf(a, size, "%s/reference%u.aig", dir, k);
  snprintf(b, size, "%s/learned%u.aig", dir, k);
  snprintf(m, size, "%s/miter%u.aig", dir, k);
}

/* Where the BDD pass leaves check k's counterexample. */
static void cex_path(const char *dir, uint32_t k, char *c, size_t size) {
  snprintf(c, size, "%s/cex%u.txt", dir, k);
}

/* One output: 1 where ref and learned (same inputs) differ; its inputs in order when not
 * NULL. ABC's own miter does not keep an input order, which its BDDs then need. */
static bsyn_aig *miter_of(const bsyn_aig *ref, const bsyn_aig *learned, const uint32_t *order,
                          bsyn_diag *d) {
  const bsyn_aig *parts[2] = {ref, learned};
  bsyn_aig *j = bsyn_aig_join(parts, 2, d);
  if (!j)
    return NULL;
  bsyn_lit x = BSYN_LIT_FALSE;
  for (uint32_t o = 0; o < ref->num_outputs; o++)
    x = bsyn_aig_or(j, x, bsyn_aig_xor(j, j->outputs[o], j->outputs[ref->num_outputs + o]));
  uint32_t out = bsyn_aig_add_output(j, x, "miter");
  bsyn_aig *m = bsyn_aig_cone(j, &out, 1, 1);
  bsyn_aig_free(j);
  if (order) {
    bsyn_aig *p = bsyn_aig_permute_inputs(m, order);
    bsyn_aig_free(m);
    m = p;
  }
  return m;
}

/* 1 when output k's cone pair c[2k], c[2k+1] is the pair proven equal last time (memo). */
static int known_equal(bsyn_aig *const *memo, uint32_t k, bsyn_aig *const *c) {
  return memo && memo[2 * k] && bsyn_aig_identical(memo[2 * k], c[2 * k]) &&
         bsyn_aig_identical(memo[2 * k + 1], c[2 * k + 1]);
}

/* Writes the checks (all outputs as one pair unless p->per_output, else one pair per output
 * cone) and, with p->bdd, their miters (inputs in p->order when it is not NULL) under dir;
 * a pair p->proven already holds gets verdict CHECK_KNOWN and no files. Returns the number
 * of checks, or -1 with d filled. */
static int64_t write_checks(const bsyn_aig *ref, const bsyn_aig *learned, const char *dir,
                            const bsyn_learn_abc_params *p, bsyn_aig ***cones, uint8_t **verdict,
                            bsyn_diag *d) {
  uint32_t n = p->per_output ? learned->num_outputs : 1;
  bsyn_aig **c = bsyn_calloc(2 * (size_t)n + 1, sizeof *c);
  *cones = c;
  *verdict = bsyn_calloc((size_t)n + 1, 1);
  char a[1024], b[1024], m[1024];
  for (uint32_t k = 0; k < n; k++) {
    c[2 * k] = p->per_output ? bsyn_aig_cone(ref, &k, 1, 1) : bsyn_aig_dup(ref);
    c[2 * k + 1] = p->per_output ? bsyn_aig_cone(learned, &k, 1, 1) : bsyn_aig_dup(learned);
    if (p->per_output && known_equal(p->proven, k, c)) {
      (*verdict)[k] = CHECK_KNOWN;
      continue;
    }
    check_paths(dir, k, a, b, m, sizeof a);
    int bad = bsyn_io_write_aiger(c[2 * k], a, 1, d) || bsyn_io_write_aiger(c[2 * k + 1], b, 1, d);
    if (!bad && p->bdd) {
      bsyn_aig *x = miter_of(c[2 * k], c[2 * k + 1], p->order, d);
      bad = !x || bsyn_io_write_aiger(x, m, 1, d);
      bsyn_aig_free(x);
    }
    if (bad)
      return -1;
  }
  return n;
}

/* The two kinds of ABC script: BDD checks of the miters, and cec of the cone pairs. */
enum { SCRIPT_BDD, SCRIPT_CEC };
enum { BDD_LIMIT = 4000000, SAT_CONFLICTS = 20000 };

/* Writes dir/NAME.abc with the commands of `kind` for each check k in ks (nk of them);
 * `ordered`: the BDD keeps the miter's input order (no reordering). 0 or -1. */
static int write_script(const char *dir, const char *name, const uint32_t *ks, uint32_t nk,
                        int kind, int ordered, bsyn_diag *d) {
  char script[1024], a[1024], b[1024], m[1024], c[1024];
  snprintf(script, sizeof script, "%s/%s.abc", dir, name);
  bsyn_out out;
  if (bsyn_out_open(&out, script, d))
    return -1;
  FILE *f = out.f;
  for (uint32_t j = 0; j < nk; j++) {
    check_paths(dir, ks[j], a, b, m, sizeof a);
    cex_path(dir, ks[j], c, sizeof c);
    /* muxes: the BDD as a mux network (strash of its cover alone takes seconds) */
    if (kind == SCRIPT_BDD)
      fprintf(f, "read %s\ncollapse -B %d%s\nmuxes\nstrash\nsat -C %d\nwrite_cex -n %s\n", m,
              BDD_LIMIT, ordered ? " -r" : "", SAT_CONFLICTS, c);
    else
      fprintf(f, "cec %s %s\n", a, b);
  }
  return bsyn_out_commit(&out, d);
}

static FILE *run_script(const char *dir, const char *name) {
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "berkeley-abc -f %s/%s.abc 2>&1", dir, name);
  return popen(cmd, "r");
}

/* The verdict an output line of the BDD script gives, or -1 when it gives none. */
static int verdict_of(const char *line) {
  if (strstr(line, "UNSATISFIABLE"))
    return CHECK_EQUAL;
  if (strstr(line, "SATISFIABLE"))
    return CHECK_DIFFERS;
  return strstr(line, "UNDECIDED") ? CHECK_OPEN : -1;
}

/* How many ABC processes the BDD pass runs side by side (one per core, at most MAX_JOBS). */
enum { MAX_JOBS = 8 };
static uint32_t bdd_jobs(uint32_t n) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  uint32_t j = cores < 1 ? 1 : cores > MAX_JOBS ? MAX_JOBS : (uint32_t)cores;
  return j < n ? j : (n ? n : 1);
}

/* Deals the checks ks (n of them) round-robin to `jobs` scripts <prefix><j> of `kind` under
 * dir and starts one ABC process on each (f[j]): script j gets ks[j], ks[j + jobs], ...
 * Returns how many started; fewer than jobs, with d filled, when a script could not be
 * written or ABC not started. scratch: room for n check numbers. */
static uint32_t start_jobs(const char *dir, const char *prefix, int kind, int ordered,
                           const uint32_t *ks, uint32_t n, uint32_t jobs, uint32_t *scratch,
                           FILE **f, bsyn_diag *d) {
  char name[32];
  for (uint32_t j = 0; j < jobs; j++) {
    uint32_t nm = 0;
    for (uint32_t i = j; i < n; i += jobs)
      scratch[nm++] = ks[i];
    snprintf(name, sizeof name, "%s%u", prefix, j);
    if (write_script(dir, name, scratch, nm, kind, ordered, d))
      return j;
    if (!(f[j] = run_script(dir, name))) {
      bsyn_diag_set(d, 0, 0, "expected to run berkeley-abc, found no way to start it");
      return j;
    }
  }
  return jobs;
}

/* Global BDDs first: the miter of each check is collapsed (at most BDD_LIMIT live nodes;
 * in the written input order when `ordered`, else with dynamic reordering) and handed to a
 * SAT call that is trivial on it; a satisfying assignment is written to the check's cex
 * file. A learned ordered diagram and an adder-style reference make SAT sweeping (cec) slow
 * where their BDDs are small. verdict[k] becomes CHECK_EQUAL or CHECK_DIFFERS where the
 * pass decided. The checks are dealt round-robin to one ABC script per core, run side by
 * side (each check's answer is its own, so the split does not change them). ABC stops a
 * script at a failed collapse: that check stays open, the ones after it go to the next
 * pass. Checks already decided are left alone. */
static void bdd_pass(const char *dir, uint32_t n, int ordered, uint8_t *verdict, bsyn_diag *d) {
  uint32_t *pending = bsyn_malloc((n + 1) * sizeof *pending), np = 0;
  uint32_t *ks = bsyn_malloc((n + 1) * sizeof *ks);
  char line[4096], c[1024];
  for (uint32_t k = 0; k < n; k++) {
    cex_path(dir, k, c, sizeof c);
    remove(c); /* a file left by an earlier round must not pass for this one's */
    if (verdict[k] == CHECK_OPEN)
      pending[np++] = k;
  }
  FILE *f[MAX_JOBS];
  while (np) {
    uint32_t jobs = bdd_jobs(np);
    uint32_t started = start_jobs(dir, "bdd", SCRIPT_BDD, ordered, pending, np, jobs, ks, f, d);
    uint32_t left = 0;
    for (uint32_t j = 0; j < started; j++) {
      uint32_t i = j; /* pending[i]: the next check of script j */
      while (fgets(line, sizeof line, f[j])) {
        int v = verdict_of(line);
        if (v >= 0 && i < np) {
          verdict[pending[i]] = (uint8_t)v;
          i += jobs;
        }
      }
      pclose(f[j]);
      for (i += jobs; i < np; i += jobs) /* the check at i stopped the script */
        ks[left++] = pending[i];
    }
    if (started < jobs)
      break; /* a script not written or not started: the rest goes to cec */
    memcpy(pending, ks, left * sizeof *ks);
    np = left;
  }
  free(ks);
  free(pending);
}

/* Check k's counterexample from the BDD pass, completed into vec; 0, or -1 when there is
 * none to use (the check then goes to cec). */
static int bdd_cex(const char *dir, uint32_t k, const bsyn_aig *ref, const bsyn_aig *learned,
                   uint8_t *vec, uint8_t *given) {
  char c[1024];
  cex_path(dir, k, c, sizeof c);
  return read_cex_file(c, learned, vec, given) ? -1 : complete_cex(ref, learned, vec, given);
}

/* Reads the output of cec script j, whose checks are ks[j], ks[j + jobs], ...: each verdict
 * into verdict[k], each counterexample (completed) into cexs + k * nin. Returns the number
 * of verdicts read, or -1 with d filled. */
static int64_t read_cec(FILE *f, uint32_t j, uint32_t jobs, const uint32_t *ks, uint32_t nk,
                        bsyn_aig *const *cones, uint8_t *verdict, uint8_t *cexs, uint8_t *given,
                        bsyn_diag *d) {
  uint32_t nin = cones[1]->num_inputs, i = j;
  int64_t rc = 0;
  char line[65536];
  while (fgets(line, sizeof line, f)) {
    int equal = strstr(line, "Networks are equivalent") != NULL;
    if ((!equal && !strstr(line, "Input pattern")) || i >= nk || rc < 0)
      continue;
    uint32_t k = ks[i];
    i += jobs;
    rc++;
    verdict[k] = equal ? CHECK_EQUAL : CHECK_DIFFERS;
    if (equal)
      continue;
    uint8_t *vec = cexs + (size_t)k * nin;
    if (parse_pattern(line, cones[2 * k + 1], vec, given))
      rc = bsyn_diag_set(
          d, 0, 0, "expected ABC's counterexample over the learned inputs, found other names");
    else if (complete_cex(cones[2 * k], cones[2 * k + 1], vec, given))
      rc = bsyn_diag_set(
          d, 0, 0,
          "expected ABC's counterexample to tell the netlists apart, found none that does");
  }
  return rc;
}

/* `cec` on the checks ks (nk of them), dealt round-robin to one ABC process per core (as in
 * bdd_pass; each check's answer is its own): verdict[k] becomes CHECK_EQUAL or
 * CHECK_DIFFERS with check k's counterexample in cexs + k * nin. 0, or -1 with d filled. */
static int cec_pass(const char *dir, const uint32_t *ks, uint32_t nk, bsyn_aig *const *cones,
                    uint8_t *verdict, uint8_t *cexs, uint8_t *given, bsyn_diag *d) {
  uint32_t jobs = bdd_jobs(nk), *scratch = bsyn_malloc((nk + 1) * sizeof *scratch);
  FILE *f[MAX_JOBS];
  uint32_t started = start_jobs(dir, "cec", SCRIPT_CEC, 0, ks, nk, jobs, scratch, f, d);
  free(scratch);
  int rc = started < jobs ? -1 : 0;
  int64_t verdicts = 0;
  int st = 0;
  for (uint32_t j = 0; j < started; j++) {
    int64_t v = read_cec(f[j], j, jobs, ks, nk, cones, verdict, cexs, given, rc ? NULL : d);
    if (v < 0 && !rc)
      rc = -1;
    verdicts += v > 0 ? v : 0;
    int s = pclose(f[j]);
    st = s ? s : st;
  }
  if (!rc && verdicts != nk)
    rc = bsyn_diag_set(d, 0, 0,
                       "expected ABC's cec verdict on %u checks, found %lld (exit status %d; is "
                       "berkeley-abc installed?)",
                       nk, (long long)verdicts, st);
  return rc;
}

void bsyn_learn_abc_defaults(bsyn_learn_abc_params *p) {
  memset(p, 0, sizeof *p);
  p->per_output = 1;
}

void bsyn_learn_abc_forget(bsyn_aig **proven, uint32_t n) {
  for (size_t k = 0; proven && k < 2 * (size_t)n; k++) {
    bsyn_aig_free(proven[k]);
    proven[k] = NULL;
  }
}

int bsyn_learn_abc_cexs(const bsyn_aig *ref, const bsyn_aig *learned, const char *dir,
                        const bsyn_learn_abc_params *p, uint8_t *vecs, uint32_t *found,
                        bsyn_diag *d) {
  *found = 0;
  if (ref->num_inputs != learned->num_inputs || ref->num_outputs != learned->num_outputs)
    return bsyn_diag_set(
        d, 0, 0, "expected netlists of the same interface, found %u/%u and %u/%u inputs/outputs",
        ref->num_inputs, ref->num_outputs, learned->num_inputs, learned->num_outputs);
  uint32_t nin = learned->num_inputs, max = p->max ? p->max : UINT32_MAX;
  bsyn_aig **cones = NULL;
  uint8_t *verdict = NULL;
  int64_t n = write_checks(ref, learned, dir, p, &cones, &verdict, d);
  size_t nchecks = n > 0 ? (size_t)n : 0;
  uint32_t *ks = bsyn_malloc((nchecks + 1) * sizeof *ks), nk = 0, differ = 0;
  uint8_t *given = bsyn_malloc(nin + 1), *cexs = bsyn_malloc(nchecks * nin + 1);
  int rc = n < 0 ? -1 : 0;
  if (!rc && p->bdd)
    bdd_pass(dir, (uint32_t)n, p->order != NULL, verdict, d);
  for (uint32_t k = 0; !rc && k < nchecks; k++) {
    if (verdict[k] == CHECK_DIFFERS &&
        bdd_cex(dir, k, cones[2 * k], cones[2 * k + 1], cexs + (size_t)k * nin, given))
      verdict[k] = CHECK_OPEN; /* no usable vector from the BDD: cec decides */
    differ += verdict[k] == CHECK_DIFFERS;
    if (verdict[k] == CHECK_OPEN)
      ks[nk++] = k;
  }
  if (!rc && nk && differ < max) /* enough vectors from the BDDs: the rest may stay open */
    rc = cec_pass(dir, ks, nk, cones, verdict, cexs, given, d);
  for (uint32_t k = 0; !rc && k < nchecks; k++) {
    if (verdict[k] == CHECK_DIFFERS && *found < max)
      memcpy(vecs + (size_t)(*found)++ * nin, cexs + (size_t)k * nin, nin);
    if (verdict[k] == CHECK_EQUAL && p->proven && p->per_output) {
      bsyn_learn_abc_forget(p->proven + 2 * k, 1); /* the pair just proven is remembered */
      p->proven[2 * k] = cones[2 * k], p->proven[2 * k + 1] = cones[2 * k + 1];
      cones[2 * k] = cones[2 * k + 1] = NULL;
    }
  }
  for (size_t k = 0; k < 2 * (size_t)(p->per_output ? learned->num_outputs : 1); k++)
    bsyn_aig_free(cones[k]); /* all of them: write_checks may have stopped half way */
  free(cones);
  free(cexs);
  free(given);
  free(verdict);
  free(ks);
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
