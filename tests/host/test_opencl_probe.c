/* The probe kernel (kernels/probe.cl): on random request lists (paths of random length,
 * sensitivity flips, refinement rows, empty blocks), its body compiled as host C and the
 * launched kernel (on a device; skipped without one) must give bsyn_probe_run's dest rows,
 * counts and word total bit for bit, for arith oracles at several widths and rv32i-core. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_cl.h"
#include "bsyn_cl_probe.h"
#include "bsyn_learn_internal.h"
#include "bsyn_learn_sample.h"
#include "bsyn_oracle.h"
#include "bsyn_rv32_oracle.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

enum { REF_WORDS = 24 };

/* A request list whose pointers are offsets, instantiated once per path under test. */
typedef struct tmpl {
  bsyn_probe_req *reqs; /* dest, base, count hold offsets + 1 (0: none) */
  size_t n;
  uint32_t *paths;
  size_t dest_words, ncounts;
} tmpl;

/* One instantiation: its own dest words and counts. */
typedef struct inst {
  bsyn_probe_req *reqs;
  uint64_t *dest;
  uint32_t *counts;
} inst;

static uint32_t random_path(bsyn_rng *r, const bsyn_oracle *o, uint32_t *path) {
  uint32_t len = (uint32_t)(bsyn_rng_next(r) % 14);
  if (len > o->num_inputs)
    len = o->num_inputs;
  for (uint32_t e = 0; e < len; e++) /* repeats allowed: the later entry wins */
    path[e] = (uint32_t)(bsyn_rng_next(r) % (2ull * o->num_inputs));
  /* rv32i-core: often a legal major opcode, so that more than the trap path is exercised */
  static const uint32_t opcodes[] = {0x33, 0x13, 0x03, 0x23, 0x63, 0x6f, 0x67, 0x37, 0x17, 0x73};
  if (o->num_inputs == BSYN_RV32C_NUM_INPUTS && (bsyn_rng_next(r) & 3)) {
    uint32_t opc = opcodes[bsyn_rng_next(r) % 10];
    for (uint32_t b = 0; b < 7; b++)
      path[len++] = 2 * (BSYN_RV32C_IN_INST + b) + ((opc >> b) & 1);
  }
  return len;
}

/* Groups of one base block (dest kept, or not at all) and 0..3 sensitivity blocks on the
 * same words comparing against it; some blocks read refinement rows, some are empty. */
static tmpl make_tmpl(const bsyn_oracle *o, uint64_t seed, size_t groups) {
  bsyn_rng r;
  bsyn_rng_seed(&r, seed);
  tmpl t = {0};
  t.reqs = bsyn_calloc(groups * 4, sizeof *t.reqs);
  t.paths = bsyn_malloc(groups * 4 * 32 * sizeof *t.paths);
  size_t poff = 0;
  for (size_t g = 0; g < groups; g++) {
    uint32_t *path = t.paths + poff;
    uint32_t len = random_path(&r, o, path);
    poff += len;
    int refine = bsyn_rng_next(&r) % 5 == 0;
    uint32_t nwords = (uint32_t)(bsyn_rng_next(&r) % (refine ? 6 : 13));
    uint64_t first = refine ? bsyn_rng_next(&r) % (REF_WORDS - nwords + 1) : bsyn_rng_next(&r);
    bsyn_probe_req base = {path,
                           len,
                           (uint32_t)(bsyn_rng_next(&r) % o->num_outputs),
                           UINT32_MAX,
                           nwords,
                           first,
                           NULL,
                           NULL,
                           NULL,
                           1,
                           (uint8_t)refine};
    int keep = bsyn_rng_next(&r) % 8 != 0;
    size_t base_off = t.dest_words;
    if (keep) {
      base.dest = (uint64_t *)(uintptr_t)(base_off + 1);
      t.dest_words += nwords;
    }
    t.reqs[t.n++] = base;
    unsigned nsens = keep ? (unsigned)(bsyn_rng_next(&r) % 4) : 0;
    for (unsigned k = 0; k < nsens; k++) {
      bsyn_probe_req s = base;
      s.dest = NULL;
      s.starts_group = 0;
      s.flip = (uint32_t)(bsyn_rng_next(&r) % o->num_inputs);
      s.base = (const uint64_t *)(uintptr_t)(base_off + 1);
      s.count = (uint32_t *)(uintptr_t)(3 * t.ncounts++ + 1);
      t.reqs[t.n++] = s;
    }
  }
  return t;
}

static inst instantiate(const tmpl *t) {
  inst in;
  in.reqs = bsyn_malloc(t->n * sizeof *in.reqs);
  in.dest = bsyn_calloc(t->dest_words + 1, sizeof *in.dest);
  in.counts = bsyn_calloc(3 * t->ncounts + 1, sizeof *in.counts);
  for (size_t k = 0; k < t->n; k++) {
    bsyn_probe_req q = t->reqs[k];
    if (q.dest)
      q.dest = in.dest + ((uintptr_t)q.dest - 1);
    if (q.base)
      q.base = in.dest + ((uintptr_t)q.base - 1);
    if (q.count)
      q.count = in.counts + ((uintptr_t)q.count - 1);
    in.reqs[k] = q;
  }
  return in;
}

static void inst_free(inst *in) {
  free(in->reqs);
  free(in->dest);
  free(in->counts);
}

typedef int (*probe_fn)(bsyn_cl *cl, bsyn_probe_ctx *pc, const bsyn_probe_req *reqs, size_t n,
                        bsyn_diag *d);

static int run_host(bsyn_cl *cl, bsyn_probe_ctx *pc, const bsyn_probe_req *reqs, size_t n,
                    bsyn_diag *d) {
  return bsyn_cl_probe_run_host(pc, reqs, n, d);
}

/* Runs a random list on bsyn_probe_run and on fn; both must agree on every word. */
static void check_oracle(const char *spec, uint64_t seed, size_t groups, probe_fn fn, bsyn_cl *cl) {
  bsyn_diag d;
  bsyn_diag_init(&d, spec);
  bsyn_oracle *o = bsyn_oracle_open(spec, &d);
  cr_assert_not_null(o, "%s", d.msg);
  bsyn_sampler *s = bsyn_sampler_uniform(o->num_inputs);
  cr_assert(bsyn_cl_probe_supported(o, s), "%s", spec);
  uint64_t *ref = bsyn_malloc((size_t)o->num_inputs * REF_WORDS * sizeof *ref);
  for (size_t i = 0; i < (size_t)o->num_inputs * REF_WORDS; i++)
    ref[i] = bsyn_mix64(seed * 7919 + i);
  tmpl t = make_tmpl(o, seed, groups);
  inst want = instantiate(&t), got = instantiate(&t);
  bsyn_probe_ctx a, b;
  bsyn_probe_init(&a, o, s, seed, NULL);
  bsyn_probe_init(&b, o, s, seed, NULL);
  a.ref_rows = b.ref_rows = ref;
  a.ref_words = b.ref_words = REF_WORDS;
  cr_assert_eq(bsyn_probe_run(&a, want.reqs, t.n, &d), 0, "%s", d.msg);
  cr_assert_eq(fn(cl, &b, got.reqs, t.n, &d), 0, "%s seed %llu: %s", spec, (unsigned long long)seed,
               d.msg);
  cr_assert_eq(a.words_done, b.words_done, "%s seed %llu", spec, (unsigned long long)seed);
  for (size_t w = 0; w < t.dest_words; w++)
    cr_assert_eq(want.dest[w], got.dest[w], "%s seed %llu: dest word %zu", spec,
                 (unsigned long long)seed, w);
  for (size_t c = 0; c < 3 * t.ncounts; c++)
    cr_assert_eq(want.counts[c], got.counts[c], "%s seed %llu: count %zu", spec,
                 (unsigned long long)seed, c);
  bsyn_probe_free(&a);
  bsyn_probe_free(&b);
  inst_free(&want);
  inst_free(&got);
  free(t.reqs);
  free(t.paths);
  free(ref);
  bsyn_sampler_free(s);
  bsyn_oracle_close(o);
}

static const char *const arith_specs[] = {
    "arith:add1",  "arith:add32", "arith:sub13", "arith:ltu7", "arith:lt32",  "arith:eq5",
    "arith:shl32", "arith:shr5",  "arith:sra12", "arith:sra1", "arith:and3",  "arith:or8",
    "arith:xor64", "arith:mux9",  "arith:alu8",  "arith:alu3", "arith:add64", "arith:shl64"};

static void check_all(probe_fn fn, bsyn_cl *cl, size_t arith_groups, size_t rv32_groups) {
  for (size_t k = 0; k < sizeof arith_specs / sizeof arith_specs[0]; k++)
    for (uint64_t seed = 1; seed <= 2; seed++)
      check_oracle(arith_specs[k], seed * 1000 + k, arith_groups, fn, cl);
  for (uint64_t seed = 1; seed <= 3; seed++)
    check_oracle("rv32i-core", seed, rv32_groups, fn, cl);
  /* one long list (some 20k words): a launch of many work groups */
  check_oracle("rv32i-core", 99, 1500, fn, cl);
}

Test(opencl_probe, kernel_body_as_host_c_matches_probe_run) { check_all(run_host, NULL, 40, 60); }

Test(opencl_probe, supported_cases) {
  bsyn_diag d;
  bsyn_oracle *core = bsyn_oracle_open("rv32i-core", &d),
              *full = bsyn_oracle_open("rv32i-full", &d);
  bsyn_oracle *add = bsyn_oracle_open("arith:add8", &d);
  cr_assert(core && full && add);
  bsyn_sampler *u = bsyn_sampler_uniform(core->num_inputs);
  bsyn_sampler *u16 = bsyn_sampler_uniform(add->num_inputs);
  bsyn_field f[2] = {{"a", 0, 8}, {"b", 8, 8}};
  bsyn_sampler *stress = bsyn_sampler_stress(add->num_inputs, f, 2);
  uint64_t rows[BSYN_RV32C_NUM_INPUTS] = {5}; /* one vector: a row word per input */
  bsyn_sampler *vec = bsyn_sampler_vectors(core->num_inputs, rows, 1, 0);
  cr_assert(bsyn_cl_probe_supported(core, u));
  cr_assert(bsyn_cl_probe_supported(add, u16));
  cr_assert_not(bsyn_cl_probe_supported(add, u), "sampler of another width");
  cr_assert_not(bsyn_cl_probe_supported(add, stress));
  cr_assert_not(bsyn_cl_probe_supported(core, vec));
  cr_assert_not(bsyn_cl_probe_supported(core, NULL));
  bsyn_sampler *uf = bsyn_sampler_uniform(full->num_inputs);
  cr_assert_not(bsyn_cl_probe_supported(full, uf));
  /* an unsupported pair is refused with a message, not run */
  bsyn_probe_ctx pc;
  bsyn_probe_init(&pc, full, uf, 1, NULL);
  uint64_t dest[2];
  bsyn_probe_req q = {NULL, 0, 0, UINT32_MAX, 2, 0, dest, NULL, NULL, 1, 0};
  bsyn_diag_init(&d, "probe");
  cr_assert_eq(bsyn_cl_probe_run_host(&pc, &q, 1, &d), -1);
  cr_assert(strstr(d.msg, "rv32i-full"), "%s", d.msg);
  bsyn_probe_free(&pc);
  bsyn_sampler_free(uf);
  bsyn_sampler_free(u);
  bsyn_sampler_free(u16);
  bsyn_sampler_free(stress);
  bsyn_sampler_free(vec);
  bsyn_oracle_close(core);
  bsyn_oracle_close(full);
  bsyn_oracle_close(add);
}

Test(opencl_probe, source_has_its_headers_pasted) {
  bsyn_diag d;
  bsyn_diag_init(&d, "probe.cl");
  char *src = bsyn_cl_kernel_source("probe.cl", &d);
#ifndef BSYN_HAVE_OPENCL
  cr_skip_test("a build without OpenCL");
#endif
  cr_assert_not_null(src, "%s", d.msg);
  cr_assert(strstr(src, "KINLINE void core_tile("), "the rv32 step is part of the program");
  cr_assert(strstr(src, "BSYN_RV32C_OUT_TRAP = 150"), "the layout is part of the program");
  cr_assert_null(strstr(src, "#include \"bsyn_rv32_step.h\""));
  free(src);
}

static bsyn_cl *open_or_skip(void) {
  bsyn_diag d;
  bsyn_diag_init(&d, "opencl");
  bsyn_cl *cl = bsyn_cl_open(0, &d);
  if (!cl)
    cr_skip_test("no OpenCL device: %s", d.msg);
  return cl;
}

Test(opencl_probe, device_matches_probe_run, .timeout = 300) {
  setenv("BSYN_CL_CACHE", BSYN_BUILD_DIR "/cl-cache-test", 1);
  bsyn_cl *cl = open_or_skip();
  check_all(bsyn_cl_probe_run, cl, 40, 60);
  bsyn_cl_close(cl);
}
