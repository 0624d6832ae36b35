/* bench_cpu_vs_opencl — the same work on the CPU path and on an OpenCL device, one run.
 *
 * usage: bench_cpu_vs_opencl [--device opencl[:N]|cpu] [--threads T] [--epfl DIR]
 *                            [--min-time S] [--kernel aig_sim|bsd_eval|probe|learn]
 *
 * Kernels measured (JSON line each, per backend):
 *   aig_sim   bit-parallel AIG simulation (bsyn_sim_run vs bsyn_cl_sim_run) on the EPFL
 *             circuits (when present) and a generated 256k-AND AIG;
 *   bsd_eval  BSD evaluation (bsyn_bsd_eval vs bsyn_cl_bsd_eval) on a generated BSD;
 *   learn     whole learner runs (arith:alu16; rv32i-core control outputs), uniform sampler,
 *             probe batches on the CPU vs on the device; work = oracle vectors asked;
 *   probe     a learner level's probe list on rv32i-core under the uniform sampler
 *             (bsyn_probe_run on the pool vs bsyn_cl_probe_run, one launch), work = vectors;
 * {"bench":"cpu_vs_opencl","kernel":"aig_sim","case":...,"backend":"cpu-avx512"|"opencl:0",
 *  "device":...,"threads":T,"work":node-words,"seconds":best,"per_s":work/seconds,
 *  "equivalent":true|false}
 * The OpenCL time includes the host↔device copies a caller would pay; the first (build and
 * warm-up) launch is excluded. "equivalent" compares the results bit for bit with the CPU's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "bsyn_aig.h"
#include "bsyn_bsd.h"
#include "bsyn_cl.h"
#include "bsyn_cl_bsd.h"
#include "bsyn_cl_probe.h"
#include "bsyn_cl_sim.h"
#include "bsyn_io.h"
#include "bsyn_learn.h"
#include "bsyn_learn_sample.h"
#include "bsyn_learn_internal.h"
#include "bsyn_learn_sample.h"
#include "bsyn_pool.h"
#include "bsyn_rv32_oracle.h"
#include "bsyn_sim.h"
#include "bsyn_util.h"

typedef struct options {
  bsyn_device_choice device;
  unsigned threads;
  const char *epfl;
  double min_time;
  const char *kernel; /* only this kernel, or NULL for all */
} options;

static int wanted(const options *opt, const char *kernel) {
  return !opt->kernel || !strcmp(opt->kernel, kernel);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Runs fn until min_time passed (at least 3 runs) after one warm-up; returns the best time,
 * or a negative value when a run failed. */
typedef int (*run_fn)(void *arg);
static double best_time(run_fn fn, void *arg, double min_time) {
  if (fn(arg))
    return -1;
  double best = 1e30, spent = 0;
  for (unsigned reps = 0; reps < 3 || spent < min_time; reps++) {
    double t0 = now();
    if (fn(arg))
      return -1;
    double t = now() - t0;
    spent += t;
    if (t < best)
      best = t;
  }
  return best;
}

static void line(const char *kernel, const char *name, const char *backend, const char *device, unsigned threads,
                 double work, double seconds, int equivalent) {
  printf("{\"bench\":\"cpu_vs_opencl\",\"kernel\":\"%s\",\"case\":\"%s\",\"backend\":\"%s\",\"device\":\"%s\","
         "\"threads\":%u,\"work\":%.6g,\"seconds\":%.6g,\"per_s\":%.6g,\"equivalent\":%s}\n",
         kernel, name, backend, device, threads, work, seconds, work / seconds, equivalent ? "true" : "false");
  fflush(stdout);
}

typedef struct sim_job {
  const bsyn_aig *g;
  uint64_t *values;
  size_t nwords;
  bsyn_pool *pool;
  bsyn_cl *cl;
  bsyn_diag d;
} sim_job;

static int sim_cpu(void *arg) {
  sim_job *j = arg;
  bsyn_sim_run(j->g, j->values, j->nwords, BSYN_SIMD_AUTO, j->pool);
  return 0;
}

static int sim_cl(void *arg) {
  sim_job *j = arg;
  return bsyn_cl_sim_run(j->cl, j->g, j->values, j->nwords, &j->d);
}

static void bench_aig(const char *name, const bsyn_aig *g, size_t nwords, bsyn_pool *pool, bsyn_cl *cl,
                      const options *opt) {
  size_t n = (size_t)g->num_vars * nwords;
  uint64_t *cpu = bsyn_aligned_alloc(n * sizeof(uint64_t)), *dev = bsyn_aligned_alloc(n * sizeof(uint64_t));
  memset(cpu, 0, n * sizeof(uint64_t));
  bsyn_sim_random_rows(cpu + nwords, nwords, g->num_inputs, nwords, 1, 0);
  memcpy(dev, cpu, n * sizeof(uint64_t));
  double work = (double)bsyn_aig_num_ands(g) * (double)nwords;
  sim_job j = {g, cpu, nwords, pool, NULL, {0}};
  double t = best_time(sim_cpu, &j, opt->min_time);
  char backend[64];
  snprintf(backend, sizeof backend, "cpu-%s", bsyn_simd_name(bsyn_simd_best()));
  line("aig_sim", name, backend, "cpu", bsyn_pool_threads(pool), work, t, 1);
  if (cl) {
    sim_job k = {g, dev, nwords, NULL, cl, {0}};
    bsyn_diag_init(&k.d, "opencl");
    t = best_time(sim_cl, &k, opt->min_time);
    snprintf(backend, sizeof backend, "opencl:%u", bsyn_cl_info(cl)->index);
    if (t < 0)
      fprintf(stderr, "bench_cpu_vs_opencl: %s: %s\n", name, k.d.msg);
    else
      line("aig_sim", name, backend, bsyn_cl_info(cl)->name, bsyn_cl_info(cl)->compute_units, work, t,
           !memcmp(cpu, dev, n * sizeof(uint64_t)));
  }
  bsyn_aligned_free(cpu);
  bsyn_aligned_free(dev);
}

typedef struct bsd_job {
  const bsyn_bsd *b;
  const bsyn_edge *roots;
  uint32_t n;
  const uint64_t *in;
  uint64_t *out;
  size_t nwords;
  bsyn_cl *cl;
  bsyn_diag d;
} bsd_job;

static int bsd_cpu(void *arg) {
  bsd_job *j = arg;
  bsyn_bsd_eval(j->b, j->roots, j->n, j->in, j->out, j->nwords);
  return 0;
}

static int bsd_cl(void *arg) {
  bsd_job *j = arg;
  return bsyn_cl_bsd_eval(j->cl, j->b, j->roots, j->n, j->in, j->out, j->nwords, &j->d);
}

static void bench_bsd(bsyn_cl *cl, const options *opt) {
  const uint32_t nin = 64, nodes = 100000, nroots = 32;
  const size_t nwords = 256;
  bsyn_bsd *b = bsyn_bsd_new(nin);
  bsyn_rng r;
  bsyn_rng_seed(&r, 5);
  bsyn_edge *made = bsyn_malloc((nodes + 1) * sizeof(bsyn_edge));
  uint32_t m = 0;
  made[m++] = BSYN_EDGE_FALSE;
  for (uint32_t k = 0; k < nodes; k++) {
    uint64_t x = bsyn_rng_next(&r);
    uint32_t span = m < 4096 ? m : 4096;
    bsyn_edge lo = made[m - 1 - (uint32_t)((x >> 8) % span)] ^ (uint32_t)(x & 1);
    bsyn_edge hi = made[m - 1 - (uint32_t)((x >> 24) % span)];
    made[m++] = bsyn_bsd_make(b, (uint32_t)((x >> 40) % nin), lo, hi);
  }
  bsyn_edge roots[32];
  for (uint32_t i = 0; i < nroots; i++)
    roots[i] = made[m - 1 - i];
  uint64_t *in = bsyn_malloc((size_t)nin * nwords * sizeof(uint64_t));
  bsyn_sim_random_rows(in, nwords, nin, nwords, 2, 0);
  uint64_t *cpu = bsyn_malloc(nroots * nwords * sizeof(uint64_t)), *dev = bsyn_malloc(nroots * nwords * sizeof(uint64_t));
  double work = (double)bsyn_bsd_count(b, roots, nroots) * (double)nwords;
  bsd_job j = {b, roots, nroots, in, cpu, nwords, NULL, {0}};
  line("bsd_eval", "random-100k", "cpu-scalar", "cpu", 1, work, best_time(bsd_cpu, &j, opt->min_time), 1);
  if (cl) {
    bsd_job k = {b, roots, nroots, in, dev, nwords, cl, {0}};
    bsyn_diag_init(&k.d, "opencl");
    double t = best_time(bsd_cl, &k, opt->min_time);
    char backend[32];
    snprintf(backend, sizeof backend, "opencl:%u", bsyn_cl_info(cl)->index);
    if (t < 0)
      fprintf(stderr, "bench_cpu_vs_opencl: bsd_eval: %s\n", k.d.msg);
    else
      line("bsd_eval", "random-100k", backend, bsyn_cl_info(cl)->name, bsyn_cl_info(cl)->compute_units, work, t,
           !memcmp(cpu, dev, nroots * nwords * sizeof(uint64_t)));
  }
  free(cpu);
  free(dev);
  free(in);
  free(made);
  bsyn_bsd_free(b);
}

typedef struct probe_job {
  bsyn_probe_ctx *pc;
  const bsyn_probe_req *reqs;
  size_t n;
  uint32_t *counts;
  size_t ncounts;
  bsyn_cl *cl;
  bsyn_diag d;
} probe_job;

/* Counts accumulate, so each run starts them from zero. */
static int probe_run(void *arg) {
  probe_job *j = arg;
  memset(j->counts, 0, j->ncounts * sizeof *j->counts);
  return j->cl ? bsyn_cl_probe_run(j->cl, j->pc, j->reqs, j->n, &j->d)
               : bsyn_probe_run(j->pc, j->reqs, j->n, &j->d);
}

/* A level of 1,000 nodes as the learner probes them: each a signature block of 16 words on
 * its path (10..40 fixed bits, the opcode among them) and 6 sensitivity blocks of 4 words. */
static void probe_list(bsyn_probe_req *reqs, uint32_t *paths, uint64_t *dest, uint32_t *counts,
                       size_t nodes) {
  bsyn_rng r;
  bsyn_rng_seed(&r, 11);
  size_t k = 0;
  for (size_t v = 0; v < nodes; v++) {
    uint32_t *path = paths + 40 * v, len = 10 + (uint32_t)(bsyn_rng_next(&r) % 31);
    for (uint32_t e = 0; e < len; e++)
      path[e] = e < 7 ? 2 * (32 + e) + (0x33 >> e & 1) : (uint32_t)(bsyn_rng_next(&r) % 320);
    uint64_t *sig = dest + 16 * v;
    reqs[k++] = (bsyn_probe_req){path, len, (uint32_t)(v % 155), UINT32_MAX, 16, 0, sig,
                                 NULL, NULL, 1, 0};
    for (unsigned f = 0; f < 6; f++)
      reqs[k++] = (bsyn_probe_req){path, len, (uint32_t)(v % 155), (uint32_t)(bsyn_rng_next(&r) % 160),
                                   4, 0, NULL, sig, counts + 3 * (6 * v + f), 0, 0};
  }
}

static void bench_probe(bsyn_pool *pool, bsyn_cl *cl, const options *opt) {
  const size_t nodes = 1000, n = nodes * 7, ncounts = nodes * 6 * 3;
  bsyn_oracle *o = bsyn_rv32_oracle_core();
  bsyn_sampler *s = bsyn_sampler_uniform(o->num_inputs);
  bsyn_probe_req *reqs = bsyn_malloc(2 * n * sizeof *reqs);
  uint32_t *paths = bsyn_malloc(nodes * 40 * sizeof *paths);
  uint64_t *dest = bsyn_calloc(2 * nodes * 16, sizeof *dest);
  uint32_t *counts = bsyn_calloc(2 * ncounts, sizeof *counts);
  probe_list(reqs, paths, dest, counts, nodes);
  probe_list(reqs + n, paths, dest + nodes * 16, counts + ncounts, nodes);
  double work = (double)nodes * (16 + 6 * 4) * 64;
  bsyn_probe_ctx pc;
  bsyn_probe_init(&pc, o, s, 3, pool);
  probe_job j = {&pc, reqs, n, counts, ncounts, NULL, {0}};
  char backend[64];
  snprintf(backend, sizeof backend, "cpu-%s", bsyn_simd_name(bsyn_simd_best()));
  line("probe", "rv32i-core-1k-nodes", backend, "cpu", bsyn_pool_threads(pc.pool), work,
       best_time(probe_run, &j, opt->min_time), 1);
  if (cl) {
    probe_job k = {&pc, reqs + n, n, counts + ncounts, ncounts, cl, {0}};
    bsyn_diag_init(&k.d, "opencl");
    double t = best_time(probe_run, &k, opt->min_time);
    snprintf(backend, sizeof backend, "opencl:%u", bsyn_cl_info(cl)->index);
    if (t < 0)
      fprintf(stderr, "bench_cpu_vs_opencl: probe: %s\n", k.d.msg);
    else
      line("probe", "rv32i-core-1k-nodes", backend, bsyn_cl_info(cl)->name,
           bsyn_cl_info(cl)->compute_units, work, t,
           !memcmp(dest, dest + nodes * 16, nodes * 16 * sizeof *dest) &&
               !memcmp(counts, counts + ncounts, ncounts * sizeof *counts));
  }
  bsyn_probe_free(&pc);
  free(reqs);
  free(paths);
  free(dest);
  free(counts);
  bsyn_sampler_free(s);
  bsyn_oracle_close(o);
}

static void bench_epfl(bsyn_pool *pool, bsyn_cl *cl, const options *opt) {
  char **names;
  size_t n = bench_list_aig(opt->epfl, &names);
  if (!n) {
    fprintf(stderr, "bench_cpu_vs_opencl: %s absent, EPFL cases skipped\n", opt->epfl);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    char path[1024], name[128];
    snprintf(path, sizeof path, "%s/%s", opt->epfl, names[i]);
    snprintf(name, sizeof name, "epfl/%.*s", (int)strlen(names[i]) - 4, names[i]);
    bsyn_aig *g;
    bsyn_diag d;
    if (bsyn_io_read_aiger(path, &g, &d) == 0) {
      bench_aig(name, g, 1024, pool, cl, opt);
      bsyn_aig_free(g);
    }
  }
  bench_free_names(names, n);
}

/* A whole `bsyn learn` run (uniform sampler, so every probe batch can go to the device):
 * the CPU path against probe batches on the device. work = oracle vectors asked. */
typedef struct learn_job {
  bsyn_oracle *o;
  bsyn_learn_params p;
  bsyn_aig *aig;
  uint64_t queries;
  bsyn_diag d;
} learn_job;

static int learn_once(void *arg) {
  learn_job *j = arg;
  bsyn_learner *l = bsyn_learner_new(j->o, &j->p);
  int rc = bsyn_learner_run(l, &j->d);
  bsyn_aig_free(j->aig);
  j->aig = rc ? NULL : bsyn_learner_aig(l);
  j->queries = bsyn_learner_stats(l)->queries;
  bsyn_learner_free(l);
  return rc;
}

static void bench_learn(const char *spec, const char *outputs, bsyn_pool *pool, bsyn_cl *cl, const options *opt) {
  bsyn_diag d;
  bsyn_diag_init(&d, spec);
  bsyn_oracle *o = bsyn_oracle_open(spec, &d);
  if (!o) {
    fprintf(stderr, "bench_cpu_vs_opencl: %s\n", d.msg);
    return;
  }
  uint32_t outs[64], nouts = 0;
  for (uint32_t f = 0; f < o->num_out_fields; f++)
    if (outputs && strstr(outputs, o->out_fields[f].name))
      for (uint32_t k = 0; k < o->out_fields[f].width && nouts < 64; k++)
        outs[nouts++] = o->out_fields[f].lsb + k;
  bsyn_sampler *uniform = bsyn_sampler_uniform(o->num_inputs);
  learn_job cpu = {o, {0}, NULL, 0, {0}};
  bsyn_learn_defaults(&cpu.p);
  cpu.p.sampler = uniform;
  cpu.p.pool = pool;
  cpu.p.max_nodes = 20000;
  if (nouts) {
    cpu.p.outputs = outs;
    cpu.p.num_outputs = nouts;
  }
  double t = best_time(learn_once, &cpu, opt->min_time);
  if (t < 0) {
    fprintf(stderr, "bench_cpu_vs_opencl: learn %s: %s\n", spec, cpu.d.msg);
  } else {
    line("learn", spec, "cpu", "cpu", bsyn_pool_threads(pool), (double)cpu.queries, t, 1);
    if (cl) {
      bsyn_cl_probe_state dev = {0};
      dev.cl = cl;
      learn_job gpu = cpu;
      gpu.aig = NULL;
      gpu.p.offload.run = bsyn_cl_probe_offload;
      gpu.p.offload.ctx = &dev;
      double tg = best_time(learn_once, &gpu, opt->min_time);
      char backend[32];
      snprintf(backend, sizeof backend, "opencl:%u", bsyn_cl_info(cl)->index);
      if (tg < 0 || dev.failed)
        fprintf(stderr, "bench_cpu_vs_opencl: learn %s on OpenCL: %s\n", spec, dev.failed ? dev.error.msg : gpu.d.msg);
      else
        line("learn", spec, backend, bsyn_cl_info(cl)->name, bsyn_cl_info(cl)->compute_units, (double)gpu.queries,
             tg, gpu.aig && cpu.aig && bsyn_aig_identical(gpu.aig, cpu.aig));
      bsyn_aig_free(gpu.aig);
    }
  }
  bsyn_aig_free(cpu.aig);
  bsyn_sampler_free(uniform);
  bsyn_oracle_close(o);
}

static int usage(void) {
  fprintf(stderr, "usage: bench_cpu_vs_opencl [--device opencl[:N]|cpu] [--threads T] [--epfl DIR] [--min-time S]\n"
                  "                           [--kernel aig_sim|bsd_eval|probe|learn]\n");
  return 1;
}

int main(int argc, char **argv) {
  options opt = {{BSYN_DEVICE_OPENCL, 0}, 0, BSYN_SOURCE_DIR "/../shared/data/epfl", 0.3, NULL};
  for (int i = 1; i < argc; i++) {
    bsyn_diag d;
    bsyn_diag_init(&d, "bench_cpu_vs_opencl");
    if (!strcmp(argv[i], "--device") && i + 1 < argc) {
      if (bsyn_device_parse(argv[++i], &opt.device, &d))
        return fprintf(stderr, "bench_cpu_vs_opencl: %s\n", d.msg), 1;
    } else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
      opt.threads = (unsigned)atoi(argv[++i]);
    } else if (!strcmp(argv[i], "--epfl") && i + 1 < argc) {
      opt.epfl = argv[++i];
    } else if (!strcmp(argv[i], "--min-time") && i + 1 < argc) {
      opt.min_time = atof(argv[++i]);
    } else if (!strcmp(argv[i], "--kernel") && i + 1 < argc) {
      opt.kernel = argv[++i];
    } else {
      return usage();
    }
  }
  bsyn_pool *pool = bsyn_pool_new(opt.threads);
  bsyn_cl *cl = NULL;
  if (opt.device.kind == BSYN_DEVICE_OPENCL) {
    bsyn_diag d;
    bsyn_diag_init(&d, "opencl");
    cl = bsyn_cl_open(opt.device.index, &d);
    if (!cl)
      fprintf(stderr, "bench_cpu_vs_opencl: OpenCL unavailable (%s); CPU figures only\n", d.msg);
  }
  if (wanted(&opt, "aig_sim")) {
    bench_epfl(pool, cl, &opt);
    bsyn_aig *g = bench_random_aig(256 * 1024, 1024, 1);
    bench_aig("random-256k", g, 256, pool, cl, &opt);
    bsyn_aig_free(g);
  }
  if (wanted(&opt, "bsd_eval"))
    bench_bsd(cl, &opt);
  if (wanted(&opt, "probe"))
    bench_probe(pool, cl, &opt);
  if (wanted(&opt, "learn")) {
    bench_learn("arith:alu16", NULL, pool, cl, &opt);
    bench_learn("rv32i-core", "rd_we mem_we mem_re trap", pool, cl, &opt);
  }
  bsyn_cl_close(cl);
  bsyn_pool_free(pool);
  return 0;
}
