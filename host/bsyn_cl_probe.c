/* Probe batches on a device: the request list flattened into the tables of kernels/probe.cl,
 * one launch, and the answers turned into dest rows and sensitivity counts exactly as
 * bsyn_probe_run does. The same kernel body, compiled here as host C, gives the host run. */
#include "bsyn_cl_probe.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsyn_arith.h"
#include "bsyn_learn_sample.h"

/* the kernel body, compiled as host C */
#include "probe.cl"

/* A request list in the kernel's form (layout in kernels/probe.cl). */
typedef struct plan {
  uint32_t *reqs;   /* BSYN_PROBE_REQ_WORDS per request */
  uint64_t *starts; /* n + 1 word offsets */
  uint32_t *paths;
  size_t npaths;
  uint64_t words; /* sample words in all */
  int any_x, any_refine;
  int oracle, op;
  uint32_t width, nin;
} plan;

/* BSYN_PROBE_RV32I_CORE or BSYN_PROBE_ARITH (with its op and width), or -1. */
static int oracle_kind(const bsyn_oracle *o, int *op, uint32_t *width) {
  if (!strcmp(o->name, "rv32i-core") && o->num_inputs == BSYN_RV32C_NUM_INPUTS &&
      o->num_outputs == BSYN_RV32C_NUM_OUTPUTS) {
    *op = 0;
    *width = 32;
    return BSYN_PROBE_RV32I_CORE;
  }
  bsyn_arith_spec s;
  if (strncmp(o->name, "arith:", 6) || bsyn_arith_parse(o->name, &s, NULL) ||
      bsyn_arith_num_inputs(s) != o->num_inputs || bsyn_arith_num_outputs(s) != o->num_outputs)
    return -1;
  *op = (int)s.op;
  *width = s.width;
  return BSYN_PROBE_ARITH;
}

int bsyn_cl_probe_supported(const bsyn_oracle *o, const bsyn_sampler *s) {
  int op;
  uint32_t width;
  return o && s && !strcmp(s->kind, "uniform") && !s->fixup && s->num_inputs == o->num_inputs &&
         oracle_kind(o, &op, &width) >= 0;
}

static void plan_free(plan *p) {
  free(p->reqs);
  free(p->starts);
  free(p->paths);
}

/* Checks what bsyn_probe_run would also rely on (aborting like it on misuse) and flattens
 * the list. Returns 0, or -1 with d filled when the oracle or sampler is not supported. */
static int plan_make(const bsyn_probe_ctx *pc, const bsyn_probe_req *reqs, size_t n, plan *p,
                     bsyn_diag *d) {
  memset(p, 0, sizeof *p);
  const bsyn_oracle *o = pc->oracle;
  if (!bsyn_cl_probe_supported(o, pc->sampler))
    return bsyn_diag_set(d, 0, 0,
                         "expected the uniform sampler with an arith:<op><N> or rv32i-core "
                         "oracle on the device, found sampler %s with oracle %s",
                         pc->sampler ? pc->sampler->kind : "(none)", o->name);
  p->oracle = oracle_kind(o, &p->op, &p->width);
  p->nin = o->num_inputs;
  if (n >= UINT32_MAX)
    bsyn_abort("bsyn_cl_probe: %zu requests in one list", n);
  for (size_t k = 0; k < n; k++)
    p->npaths += reqs[k].path_len;
  p->reqs = bsyn_calloc(n * BSYN_PROBE_REQ_WORDS, sizeof *p->reqs);
  p->starts = bsyn_malloc((n + 1) * sizeof *p->starts);
  p->paths = bsyn_malloc((p->npaths + 1) * sizeof *p->paths);
  size_t off = 0;
  for (size_t k = 0; k < n; k++) {
    const bsyn_probe_req *r = &reqs[k];
    if (r->output >= o->num_outputs || (r->flip != UINT32_MAX && r->flip >= p->nin) ||
        (r->count && r->flip == UINT32_MAX))
      bsyn_abort("bsyn_cl_probe: request %zu: output %u, flip %u, count %p", k, r->output, r->flip,
                 (void *)r->count);
    if (r->refine && r->first_word + r->nwords > pc->ref_words)
      bsyn_abort("bsyn_probe: refinement words %llu..+%u of %zu", (unsigned long long)r->first_word,
                 r->nwords, pc->ref_words);
    for (uint32_t e = 0; e < r->path_len; e++) {
      if (bsyn_path_var(r->path[e]) >= p->nin)
        bsyn_abort("bsyn_cl_probe: request %zu: path input %u of %u", k, bsyn_path_var(r->path[e]),
                   p->nin);
      p->paths[off + e] = r->path[e];
    }
    uint32_t *q = p->reqs + k * BSYN_PROBE_REQ_WORDS;
    q[0] = (uint32_t)off;
    q[1] = r->path_len;
    q[2] = r->output;
    q[3] = r->flip;
    q[4] = (r->refine ? BSYN_PROBE_REFINE : 0) | (r->count ? BSYN_PROBE_WANT_X : 0);
    q[5] = (uint32_t)r->first_word;
    q[6] = (uint32_t)(r->first_word >> 32);
    p->starts[k] = p->words;
    p->words += r->nwords;
    p->any_x |= r->count != NULL;
    p->any_refine |= r->refine;
    off += r->path_len;
  }
  p->starts[n] = p->words;
  return 0;
}

/* What bsyn_probe_run does with a chunk's answers, for the whole list in order: res and xs
 * hold the answer and the flipped input's unflipped word at each request's offsets. */
static void finish(bsyn_probe_ctx *pc, const bsyn_probe_req *reqs, size_t n, const plan *p,
                   const uint64_t *res, const uint64_t *xs) {
  for (size_t k = 0; k < n; k++) {
    const bsyn_probe_req *r = &reqs[k];
    const uint64_t *row = res + p->starts[k];
    if (r->count) {
      const uint64_t *x = xs + p->starts[k];
      for (uint32_t w = 0; w < r->nwords; w++) {
        uint64_t f = r->base[w], g = row[w], v = x[w];
        r->count[0] += (uint32_t)__builtin_popcountll(f ^ g);
        r->count[1] += (uint32_t)__builtin_popcountll((~v & f) | (v & g));
        r->count[2] += (uint32_t)__builtin_popcountll((v & f) | (~v & g));
      }
    } else if (r->dest) {
      memcpy(r->dest, row, r->nwords * sizeof *row);
    }
  }
  pc->words_done += p->words;
}

int bsyn_cl_probe_run_host(bsyn_probe_ctx *pc, const bsyn_probe_req *reqs, size_t n, bsyn_diag *d) {
  plan p;
  if (n == 0)
    return 0;
  if (plan_make(pc, reqs, n, &p, d))
    return -1;
  uint64_t *res = bsyn_malloc((p.words + 1) * sizeof *res);
  uint64_t *xs = bsyn_malloc((p.words + 1) * sizeof *xs);
  for (uint64_t g = 0; g < p.words; g++)
    bsyn_k_probe_item(p.reqs, p.starts, (uint32_t)n, p.paths, pc->ref_rows, pc->ref_words, pc->seed,
                      p.oracle, p.op, p.width, p.nin, res, xs, g);
  finish(pc, reqs, n, &p, res, xs);
  free(res);
  free(xs);
  plan_free(&p);
  return 0;
}

#ifndef BSYN_HAVE_OPENCL

int bsyn_cl_probe_run(bsyn_cl *cl, bsyn_probe_ctx *pc, const bsyn_probe_req *reqs, size_t n,
                      bsyn_diag *d) {
  return bsyn_diag_set(d, 0, 0, "expected OpenCL support, found a build without it");
}

#else

#include "bsyn_cl_internal.h"

/* The device buffers of one launch. */
typedef struct bufs {
  cl_mem reqs, starts, paths, ref, res, xs;
} bufs;

static void bufs_release(bufs *b) {
  cl_mem *m[] = {&b->reqs, &b->starts, &b->paths, &b->ref, &b->res, &b->xs};
  for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
    if (*m[i])
      clReleaseMemObject(*m[i]);
}

/* Creates b's buffers (the inputs copied); on failure the ones made stay in b for
 * bufs_release. */
static int bufs_make(bsyn_cl *cl, const bsyn_probe_ctx *pc, const plan *p, size_t n, bufs *b,
                     bsyn_diag *d) {
  const cl_mem_flags ro = CL_MEM_READ_ONLY, wo = CL_MEM_WRITE_ONLY;
  size_t ref_bytes = p->any_refine ? (size_t)p->nin * pc->ref_words * sizeof(uint64_t) : 0;
  return !(b->reqs = bsyn_cl_buffer(cl, ro, n * BSYN_PROBE_REQ_WORDS * sizeof(cl_uint), p->reqs,
                                    "probe requests", d)) ||
                 !(b->starts = bsyn_cl_buffer(cl, ro, (n + 1) * sizeof(cl_ulong), p->starts,
                                              "probe starts", d)) ||
                 !(b->paths = bsyn_cl_buffer(cl, ro, (p->npaths + 1) * sizeof(cl_uint), p->paths,
                                             "probe paths", d)) ||
                 !(b->ref = bsyn_cl_buffer(cl, ro, ref_bytes, ref_bytes ? pc->ref_rows : NULL,
                                           "refinement rows", d)) ||
                 !(b->res = bsyn_cl_buffer(cl, wo, p->words * sizeof(cl_ulong), NULL,
                                           "probe answers", d)) ||
                 !(b->xs = bsyn_cl_buffer(cl, wo, p->any_x ? p->words * sizeof(cl_ulong) : 0, NULL,
                                          "probe flip words", d))
             ? -1
             : 0;
}

/* Sets the arguments, launches over all sample words and reads the answers back. */
static int launch(bsyn_cl *cl, cl_kernel k, const bsyn_probe_ctx *pc, const plan *p, size_t n,
                  const bufs *b, uint64_t *res, uint64_t *xs, bsyn_diag *d) {
  cl_uint nn = (cl_uint)n, width = p->width, nin = p->nin;
  cl_ulong ref_words = pc->ref_words, seed = pc->seed;
  cl_int oracle = p->oracle, op = p->op;
  cl_int st = clSetKernelArg(k, 0, sizeof b->reqs, &b->reqs);
  st |= clSetKernelArg(k, 1, sizeof b->starts, &b->starts);
  st |= clSetKernelArg(k, 2, sizeof nn, &nn);
  st |= clSetKernelArg(k, 3, sizeof b->paths, &b->paths);
  st |= clSetKernelArg(k, 4, sizeof b->ref, &b->ref);
  st |= clSetKernelArg(k, 5, sizeof ref_words, &ref_words);
  st |= clSetKernelArg(k, 6, sizeof seed, &seed);
  st |= clSetKernelArg(k, 7, sizeof oracle, &oracle);
  st |= clSetKernelArg(k, 8, sizeof op, &op);
  st |= clSetKernelArg(k, 9, sizeof width, &width);
  st |= clSetKernelArg(k, 10, sizeof nin, &nin);
  st |= clSetKernelArg(k, 11, sizeof b->res, &b->res);
  st |= clSetKernelArg(k, 12, sizeof b->xs, &b->xs);
  if (bsyn_cl_check(st, "clSetKernelArg(probe)", d))
    return -1;
  /* an explicit work-group size: left to PoCL, it picked thousands of items per group and
   * overflowed its thread stack with their private rows */
  size_t local = 64, global = (size_t)(p->words + local - 1) / local * local;
  st = clEnqueueNDRangeKernel(cl->queue, k, 1, NULL, &global, &local, 0, NULL, NULL);
  if (bsyn_cl_check(st, "clEnqueueNDRangeKernel(probe)", d))
    return -1;
  st = clEnqueueReadBuffer(cl->queue, b->res, CL_FALSE, 0, p->words * sizeof(cl_ulong), res, 0,
                           NULL, NULL);
  if (!st && xs)
    st = clEnqueueReadBuffer(cl->queue, b->xs, CL_FALSE, 0, p->words * sizeof(cl_ulong), xs, 0,
                             NULL, NULL);
  if (bsyn_cl_check(st, "clEnqueueReadBuffer(probe answers)", d))
    return -1;
  return bsyn_cl_check(clFinish(cl->queue), "clFinish(probe)", d);
}

int bsyn_cl_probe_run(bsyn_cl *cl, bsyn_probe_ctx *pc, const bsyn_probe_req *reqs, size_t n,
                      bsyn_diag *d) {
  plan p;
  if (n == 0)
    return 0;
  if (plan_make(pc, reqs, n, &p, d))
    return -1;
  uint64_t *res = bsyn_malloc((p.words + 1) * sizeof *res);
  uint64_t *xs = bsyn_malloc((p.words + 1) * sizeof *xs);
  int rc = 0;
  if (p.words) { /* all requests may be empty */
    bufs b = {0};
    cl_kernel k = bsyn_cl_kernel(cl, "probe.cl", "probe", d);
    rc = !k || bufs_make(cl, pc, &p, n, &b, d) ||
                 launch(cl, k, pc, &p, n, &b, res, p.any_x ? xs : NULL, d)
             ? -1
             : 0;
    bufs_release(&b);
    if (k)
      clReleaseKernel(k);
  }
  if (!rc)
    finish(pc, reqs, n, &p, res, xs);
  free(res);
  free(xs);
  plan_free(&p);
  return rc;
}

#endif

/* The lazy open of the offload hook: once BSYN_CL_PROBE_LAZY_SECONDS (or $BSYN_DEVICE_WAIT)
 * have passed since the first batch the device could take. */
static void open_lazily(bsyn_cl_probe_state *s) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  double now = (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
  if (s->first_batch == 0)
    s->first_batch = now;
  const char *env = getenv("BSYN_DEVICE_WAIT");
  double wait = env && *env ? strtod(env, NULL) : BSYN_CL_PROBE_LAZY_SECONDS;
  if (now - s->first_batch < wait)
    return;
  s->opened = 1;
  bsyn_diag_init(&s->error, "opencl");
  s->cl = bsyn_device_open(&s->choice, BSYN_KERNEL_PROBE, &s->error);
}

int bsyn_cl_probe_offload(void *state, bsyn_probe_ctx *pc, const bsyn_probe_req *reqs, size_t n,
                          bsyn_diag *d) {
  (void)d;
  bsyn_cl_probe_state *s = state;
  if (s->failed || !bsyn_cl_probe_supported(pc->oracle, pc->sampler))
    return 0;
  if (!s->cl && s->lazy && !s->opened)
    open_lazily(s);
  if (!s->cl)
    return 0;
  bsyn_diag_init(&s->error, "opencl");
  if (bsyn_cl_probe_run(s->cl, pc, reqs, n, &s->error)) {
    s->failed = 1; /* nothing was written: the CPU path answers this batch and the rest */
    return 0;
  }
  s->batches++;
  return 1;
}
