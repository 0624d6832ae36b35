/* bench_learn — learning time, BSD size, AIG size and proof status of the arith oracles.
 *
 * usage: bench_learn [--widths 32] [--ops add,sub,...] [--threads T] [--reps R] [--dir DIR]
 *                    [--seed S]
 * For each op and width (and alu at each width): learns with the same defaults as
 * `bsyn learn` (stress sampler, epsilon 0.01, delta 0.001), keeps the fastest of R runs,
 * then proves the AIG equal to the structural reference with ABC `cec` (berkeley-abc), or,
 * without ABC, checks 10^7 random vectors. Writes JSON lines to stdout and DIR/learn.jsonl,
 * and a markdown table to DIR/learn.md. The original learner's times on this machine kind
 * (docs/learner.md) are printed next to the 32-bit rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bsyn_arith.h"
#include "bsyn_io.h"
#include "bsyn_learn.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct row {
  char name[32];
  double seconds, anchor;
  uint32_t bsd_nodes, ands;
  uint64_t queries;
  const char *proof; /* "yes (cec)", "yes (1e7 vectors)", "NO", "no abc" */
} row;

/* The original learner on add32/sub32/ltu32/shl32 (DESIGN.md section 7). */
static double anchor_of(const char *name) {
  static const struct {
    const char *name;
    double s;
  } a[] = {{"add32", 10.5}, {"sub32", 10.5}, {"ltu32", 4.3}, {"shl32", 24.5}};
  for (size_t k = 0; k < sizeof a / sizeof a[0]; k++)
    if (!strcmp(a[k].name, name))
      return a[k].s;
  return 0;
}

static int have_abc(void) { return system("command -v berkeley-abc >/dev/null 2>&1") == 0; }

static const char *prove(const char *spec, const bsyn_aig *aig, bsyn_oracle *o, const char *dir,
                         int abc) {
  bsyn_diag d;
  if (abc) {
    bsyn_aig *ref = bsyn_arith_reference(spec, &d);
    if (!ref)
      return "NO (no reference)";
    char a[512], b[512], cmd[1200];
    snprintf(a, sizeof a, "%s/ref.aig", dir);
    snprintf(b, sizeof b, "%s/learned.aig", dir);
    if (bsyn_io_write_aiger(ref, a, 1, &d) || bsyn_io_write_aiger(aig, b, 1, &d)) {
      bsyn_aig_free(ref);
      return "NO (write failed)";
    }
    bsyn_aig_free(ref);
    snprintf(cmd, sizeof cmd,
             "berkeley-abc -c 'cec %s %s' 2>&1 | grep -q 'Networks are equivalent'", a, b);
    return system(cmd) == 0 ? "yes (cec)" : "NO";
  }
  uint32_t *map = malloc(o->num_outputs * sizeof *map);
  for (uint32_t r = 0; r < o->num_outputs; r++)
    map[r] = r;
  int64_t bad =
      bsyn_learn_verify(aig, o, map, o->num_outputs, 10000000, 12345, NULL, NULL, NULL, &d);
  free(map);
  return bad == 0 ? "yes (1e7 vectors)" : "NO";
}

static int run_case(const char *op, unsigned width, unsigned threads, unsigned reps, uint64_t seed,
                    const char *dir, int abc, bsyn_pool *pool, row *out) {
  char spec[64];
  snprintf(spec, sizeof spec, "arith:%s%u", op, width);
  bsyn_diag d;
  bsyn_oracle *o = bsyn_arith_open(spec, &d);
  if (!o) {
    fprintf(stderr, "bench_learn: %s: %s\n", spec, d.msg);
    return -1;
  }
  bsyn_sampler *s =
      bsyn_sampler_mixture(bsyn_sampler_uniform(o->num_inputs),
                           bsyn_sampler_stress(o->num_inputs, o->in_fields, o->num_in_fields), 0.5);
  bsyn_learn_params p;
  bsyn_learn_defaults(&p);
  p.seed = seed;
  p.sampler = s;
  p.pool = pool;
  bsyn_aig *best = NULL;
  memset(out, 0, sizeof *out);
  snprintf(out->name, sizeof out->name, "%s%u", op, width);
  out->seconds = 1e30;
  for (unsigned r = 0; r < reps; r++) {
    double t0 = now();
    bsyn_learner *l = bsyn_learner_new(o, &p);
    if (bsyn_learner_run(l, &d)) {
      fprintf(stderr, "bench_learn: %s: %s\n", spec, d.msg);
      bsyn_learner_free(l);
      break;
    }
    bsyn_aig *aig = bsyn_learner_aig(l);
    double t = now() - t0;
    if (t < out->seconds) {
      out->seconds = t;
      out->queries = bsyn_learner_stats(l)->queries;
      bsyn_edge *roots = malloc((o->num_outputs + 1) * sizeof *roots);
      bsyn_bsd *bsd = bsyn_learner_bsd(l, roots);
      out->bsd_nodes = bsyn_bsd_count(bsd, roots, o->num_outputs);
      bsyn_bsd_free(bsd);
      free(roots);
      out->ands = bsyn_aig_num_ands(aig);
    }
    bsyn_aig_free(best);
    best = aig;
    bsyn_learner_free(l);
  }
  out->anchor = anchor_of(out->name);
  out->proof = best ? prove(spec, best, o, dir, abc) : "NO (failed)";
  bsyn_aig_free(best);
  bsyn_sampler_free(s);
  bsyn_oracle_close(o);
  return 0;
}

int main(int argc, char **argv) {
  const char *widths = "32", *ops = "add,sub,ltu,lt,eq,shl,shr,sra,alu", *dir = "bench-learn";
  unsigned threads = 1, reps = 3;
  uint64_t seed = 1;
  for (int i = 1; i < argc; i++) {
    if (i + 1 < argc && !strcmp(argv[i], "--widths"))
      widths = argv[++i];
    else if (i + 1 < argc && !strcmp(argv[i], "--ops"))
      ops = argv[++i];
    else if (i + 1 < argc && !strcmp(argv[i], "--threads"))
      threads = (unsigned)strtoul(argv[++i], NULL, 10);
    else if (i + 1 < argc && !strcmp(argv[i], "--reps"))
      reps = (unsigned)strtoul(argv[++i], NULL, 10);
    else if (i + 1 < argc && !strcmp(argv[i], "--dir"))
      dir = argv[++i];
    else if (i + 1 < argc && !strcmp(argv[i], "--seed"))
      seed = strtoull(argv[++i], NULL, 0);
    else {
      fprintf(stderr,
              "usage: bench_learn [--widths 8,16,32] [--ops add,sub,...] [--threads T] [--reps R] "
              "[--dir DIR] [--seed S]\n");
      return 1;
    }
  }
  if (reps == 0)
    reps = 1;
  mkdir(dir, 0777);
  char path[600];
  snprintf(path, sizeof path, "%s/learn.jsonl", dir);
  FILE *jf = fopen(path, "w");
  snprintf(path, sizeof path, "%s/learn.md", dir);
  FILE *mf = fopen(path, "w");
  if (!jf || !mf) {
    fprintf(stderr, "bench_learn: cannot write into %s\n", dir);
    return 1;
  }
  fprintf(mf,
          "| function | seconds | BSD nodes | AIG ANDs | oracle queries | proven | vs original |\n"
          "|---|---:|---:|---:|---:|---|---:|\n");
  int abc = have_abc();
  bsyn_pool *pool = threads == 1 ? NULL : bsyn_pool_new(threads);
  int failures = 0;
  char *wl = strdup(widths);
  for (char *ws = strtok(wl, ","); ws; ws = strtok(NULL, ",")) {
    unsigned width = (unsigned)strtoul(ws, NULL, 10);
    char *ol = strdup(ops), *save = NULL;
    for (char *op = strtok_r(ol, ",", &save); op; op = strtok_r(NULL, ",", &save)) {
      row r;
      if (run_case(op, width, threads, reps, seed, dir, abc, pool, &r))
        return 1;
      failures += strncmp(r.proof, "yes", 3) != 0;
      char speed[32] = "";
      if (r.anchor > 0)
        snprintf(speed, sizeof speed, "%.0fx", r.anchor / r.seconds);
      const char *line =
          "{\"bench\":\"learn\",\"case\":\"%s\",\"backend\":\"cpu\",\"threads\":%u,\"n\":%u,"
          "\"seconds\":%.6f,\"bsd_nodes\":%u,\"ands\":%u,\"queries\":%llu,\"original_seconds\":%g,"
          "\"equivalent\":%s,\"proof\":\"%s\"}\n";
      for (int k = 0; k < 2; k++)
        fprintf(k ? jf : stdout, line, r.name, bsyn_pool_threads(pool), width, r.seconds,
                r.bsd_nodes, r.ands, (unsigned long long)r.queries, r.anchor,
                strncmp(r.proof, "yes", 3) ? "false" : "true", r.proof);
      fprintf(mf, "| %s | %.4f | %u | %u | %llu | %s | %s |\n", r.name, r.seconds, r.bsd_nodes,
              r.ands, (unsigned long long)r.queries, r.proof, speed);
      fflush(stdout);
    }
    free(ol);
  }
  free(wl);
  bsyn_pool_free(pool);
  fclose(jf);
  fclose(mf);
  snprintf(path, sizeof path, "%s/learn.md", dir);
  fprintf(stderr, "bench_learn: table in %s%s\n", path,
          abc ? "" : " (no berkeley-abc: proofs by 10^7 vectors)");
  return failures ? 2 : 0;
}
