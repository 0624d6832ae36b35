/* bsyn learn — learns an oracle's outputs into one BSD, writes the AIG (docs/learner.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bsyn_bsd2aig.h"
#include "bsyn_cl.h"
#include "bsyn_cl_probe.h"
#include "bsyn_io.h"
#include "bsyn_learn.h"
#include "bsyn_learn_examples.h"
#include "bsyn_learn_order.h"
#include "bsyn_sample_rv32.h"
#include "bsyn_trace.h"
#include "cli.h"

/* Sample words (64 vectors each) --order auto looks at. */
#define ORDER_WORDS 64

static void usage(FILE *f) {
  fprintf(
      f,
      "usage: bsyn learn --oracle NAME -o OUT.aig [options]\n\n"
      "Learns the oracle's outputs (all, or --outputs) into one shared BSD and writes its AIG.\n"
      "  --oracle NAME        arith:add32, aig:FILE, rv32i-core, ... (bsyn oracle lists them)\n"
      "  -o FILE              the AIG (.aig, .aag, .blif or .v by extension)\n"
      "  --blif F --verilog F also write BLIF / structural Verilog\n"
      "  --dot F              the BSD as Graphviz DOT\n"
      "  --outputs LIST       e.g. 0-7,12 or y or y[3] or y[0-7] (oracle output indices/fields)\n"
      "  --seed S             default 1; same seed and options give the same netlist\n"
      "  --sampler KIND       uniform; stress: half the sample words copy one input field\n"
      "                       onto another of its width (a == b, b == ~a, near misses);\n"
      "                       rv32: RV32 encodings and operand stress values (3/4 of the\n"
      "                       words) mixed with uniform ones; auto (default): rv32 for the\n"
      "                       RV32 oracles, stress for the others\n"
      "  --stress-share F     the share of stress words under --sampler stress (default\n"
      "                       0.5; the rest are uniform)\n"
      "  --trace FILE         importance samples: a share of the sample words (--trace-share,\n"
      "                       default 0.5) are the trace's vectors, half of them as recorded,\n"
      "                       half with 1..3 bits flipped (their neighbourhood)\n"
      "  --lookahead K        decode before datapath: near the top, the K inputs that most\n"
      "                       control the others are probed in both cofactors, and one that\n"
      "                       switches off enough of the other inputs' influence splits\n"
      "                       first (0 = off, default); --lookahead-depth D (40) and\n"
      "                       --lookahead-gain G (0.25, the share it must switch off)\n"
      "  --pair-fields        after a split on bit k of an input field, prefer bit k of\n"
      "                       another field of the same width when it is at least half as\n"
      "                       sensitive (operand comparisons walk both operands in step)\n"
      "  --level-order        one input per level: the one most of the level's nodes would\n"
      "                       split on; nodes that do not depend on it wait for a later\n"
      "                       level (an ordered diagram: different paths read the same\n"
      "                       inputs, so their sub-functions meet; pair it with\n"
      "                       --sens-words 8 or 16)\n"
      "  --order FILE         a fixed input order (names, fields, indices; the inputs not\n"
      "                       listed follow): every node splits on the next input of it,\n"
      "                       an ordered diagram whatever the samples show (overrides\n"
      "                       --level-order, --pair-fields and --lookahead)\n"
      "  --order auto         the same with an order found from the oracle's answers:\n"
      "                       inputs that control the others first, then operand bits by\n"
      "                       the weight they have in the outputs, low bits first\n"
      "  --save-order FILE    write the order used (--order auto's included) as an order file\n"
      "  --path-fixup         re-derive the sampler's dependent inputs after a node's path\n"
      "                       is forced (default: free bits are the sampler's own words, the\n"
      "                       same under every path, so equal sub-functions merge)\n"
      "  --aig-form F         gates from the diagram: mux (a multiplexer per node), paths\n"
      "                       (the condition of reaching each node, top-down: outputs of an\n"
      "                       ordered diagram share them, e.g. a carry chain) or auto\n"
      "                       (default: the one with fewer ANDs)\n"
      "  --threads T          0 = one per core (default); results do not depend on it\n"
      "  --device D           where probe batches run: cpu, opencl[:N] or auto (the path\n"
      "                       measured fastest here; default from BSYN_DEVICE, else auto).\n"
      "                       The device takes the uniform sampler with arith and rv32i-core\n"
      "                       oracles; the netlist is the same byte for byte on every device\n"
      "  --epsilon E --delta D  accuracy target: signatures of ln(1/D)/E samples (0.01, 0.001)\n"
      "  --sig-words N --confirm-words N --sens-words N   override the sample sizes (words of 64)\n"
      "  --max-nodes N --max-seconds T --max-memory BYTES  budgets: the run ends with a partial\n"
      "                       netlist (majority leaves) and reports the unfinished mass\n"
      "                       (T counts learning time; refinement rounds also stop once\n"
      "                       the whole run has taken T seconds)\n"
      "  --verify-vectors N   simulate the result against the oracle on N vectors, feed the\n"
      "                       mismatching ones back and re-learn; when none are left, search\n"
      "                       N boundary vectors for counterexamples (operands equal, off by\n"
      "                       one, sign and carry boundaries, immediates) and feed those\n"
      "                       back, until a round finds nothing: learning from the oracle alone\n"
      "  --reference NETLIST  after learning, prove the result equal to NETLIST with ABC (per\n"
      "                       output: cec, or a BDD first under --order) and report the\n"
      "                       verdict; the reference never changes what is learned\n"
      "  --refine-rounds N    at most N refinement rounds (default 50)\n"
      "  --checkpoint FILE    save the learner's state after each level (every\n"
      "                       --checkpoint-seconds S, default 10) to FILE\n"
      "  --resume FILE        continue from a checkpoint (same oracle, seed and options): the\n"
      "                       result equals that of a run never interrupted\n"
      "  --json               one JSON summary line on stdout instead of the text summary\n\n"
      "Example sets (pla:FILE) answer no queries: each output becomes a decision diagram over\n"
      "the examples, cut to fit --max-ands N (default 5000); --validate FILE.pla reports the\n"
      "accuracy on held-out examples.\n");
}

typedef struct learn_opts {
  const char *oracle, *out, *blif, *verilog, *dot, *outputs, *sampler, *reference, *checkpoint,
      *resume, *trace, *validate, *device, *order, *save_order, *aig_form;
  uint64_t seed, threads, max_nodes, max_memory, verify, sig_words, confirm_words, sens_words,
      rounds, max_ands, lookahead, lookahead_depth;
  double epsilon, delta, max_seconds, checkpoint_seconds, trace_share, stress_share, lookahead_gain;
  int json, pair_fields, level_order, path_fixup;
} learn_opts;

static int parse_u64_opt(int argc, char **argv, int *i, const char *name, uint64_t *out, int *hit) {
  const char *v;
  int r = bsyn_cli_opt(argc, argv, i, name, &v);
  if (r == 0)
    return 0;
  *hit = 1;
  if (r < 0)
    return 1;
  if (bsyn_cli_parse_u64(v, out))
    return bsyn_cli_error("learn", "expected a number after %s, found '%s'", name, v);
  return 0;
}

static int parse_double_opt(int argc, char **argv, int *i, const char *name, double *out,
                            int *hit) {
  const char *v;
  int r = bsyn_cli_opt(argc, argv, i, name, &v);
  if (r == 0)
    return 0;
  *hit = 1;
  if (r < 0)
    return 1;
  if (bsyn_cli_parse_double(v, out))
    return bsyn_cli_error("learn", "expected a non-negative number after %s, found '%s'", name, v);
  return 0;
}

static int parse(int argc, char **argv, learn_opts *o) {
  static const struct {
    const char *name;
    size_t off;
  } strs[] = {{"--oracle", offsetof(learn_opts, oracle)},
              {"-o", offsetof(learn_opts, out)},
              {"--blif", offsetof(learn_opts, blif)},
              {"--verilog", offsetof(learn_opts, verilog)},
              {"--dot", offsetof(learn_opts, dot)},
              {"--outputs", offsetof(learn_opts, outputs)},
              {"--sampler", offsetof(learn_opts, sampler)},
              {"--reference", offsetof(learn_opts, reference)},
              {"--checkpoint", offsetof(learn_opts, checkpoint)},
              {"--resume", offsetof(learn_opts, resume)},
              {"--trace", offsetof(learn_opts, trace)},
              {"--validate", offsetof(learn_opts, validate)},
              {"--device", offsetof(learn_opts, device)},
              {"--order", offsetof(learn_opts, order)},
              {"--save-order", offsetof(learn_opts, save_order)},
              {"--aig-form", offsetof(learn_opts, aig_form)}};
  static const struct {
    const char *name;
    size_t off;
  } nums[] = {{"--seed", offsetof(learn_opts, seed)},
              {"--threads", offsetof(learn_opts, threads)},
              {"--max-nodes", offsetof(learn_opts, max_nodes)},
              {"--max-memory", offsetof(learn_opts, max_memory)},
              {"--verify-vectors", offsetof(learn_opts, verify)},
              {"--sig-words", offsetof(learn_opts, sig_words)},
              {"--confirm-words", offsetof(learn_opts, confirm_words)},
              {"--sens-words", offsetof(learn_opts, sens_words)},
              {"--refine-rounds", offsetof(learn_opts, rounds)},
              {"--max-ands", offsetof(learn_opts, max_ands)},
              {"--lookahead", offsetof(learn_opts, lookahead)},
              {"--lookahead-depth", offsetof(learn_opts, lookahead_depth)}};
  static const struct {
    const char *name;
    size_t off;
  } dbls[] = {{"--epsilon", offsetof(learn_opts, epsilon)},
              {"--delta", offsetof(learn_opts, delta)},
              {"--max-seconds", offsetof(learn_opts, max_seconds)},
              {"--checkpoint-seconds", offsetof(learn_opts, checkpoint_seconds)},
              {"--trace-share", offsetof(learn_opts, trace_share)},
              {"--stress-share", offsetof(learn_opts, stress_share)},
              {"--lookahead-gain", offsetof(learn_opts, lookahead_gain)}};
  static const struct {
    const char *name;
    size_t off;
  } flags[] = {{"--json", offsetof(learn_opts, json)},
               {"--pair-fields", offsetof(learn_opts, pair_fields)},
               {"--level-order", offsetof(learn_opts, level_order)},
               {"--path-fixup", offsetof(learn_opts, path_fixup)}};
  for (int i = 1; i < argc; i++) {
    int hit = 0;
    for (size_t k = 0; k < sizeof flags / sizeof flags[0] && !hit; k++)
      if (!strcmp(argv[i], flags[k].name))
        *(int *)((char *)o + flags[k].off) = hit = 1;
    if (hit)
      continue;
    for (size_t k = 0; k < sizeof strs / sizeof strs[0] && !hit; k++) {
      const char *v;
      int r = bsyn_cli_opt(argc, argv, &i, strs[k].name, &v);
      if (r < 0)
        return 1;
      if (r > 0) {
        *(const char **)((char *)o + strs[k].off) = v;
        hit = 1;
      }
    }
    for (size_t k = 0; k < sizeof nums / sizeof nums[0] && !hit; k++)
      if (parse_u64_opt(argc, argv, &i, nums[k].name, (uint64_t *)((char *)o + nums[k].off), &hit))
        return 1;
    for (size_t k = 0; k < sizeof dbls / sizeof dbls[0] && !hit; k++)
      if (parse_double_opt(argc, argv, &i, dbls[k].name, (double *)((char *)o + dbls[k].off), &hit))
        return 1;
    if (!hit)
      return bsyn_cli_error("learn", "expected an option (see bsyn learn --help), found '%s'",
                            argv[i]);
  }
  if (!o->oracle)
    return bsyn_cli_error("learn", "expected --oracle NAME, found none");
  if (!o->out)
    return bsyn_cli_error("learn", "expected -o OUT.aig, found none");
  if (strcmp(o->sampler, "uniform") && strcmp(o->sampler, "stress") && strcmp(o->sampler, "rv32") &&
      strcmp(o->sampler, "auto"))
    return bsyn_cli_error("learn", "expected --sampler uniform, stress, rv32 or auto, found '%s'",
                          o->sampler);
  if (o->aig_form && strcmp(o->aig_form, "auto") && strcmp(o->aig_form, "mux") &&
      strcmp(o->aig_form, "paths"))
    return bsyn_cli_error("learn", "expected --aig-form auto, mux or paths, found '%s'",
                          o->aig_form);
  if (o->trace_share > 1)
    return bsyn_cli_error("learn", "expected --trace-share in [0, 1], found %g", o->trace_share);
  if (o->stress_share > 1)
    return bsyn_cli_error("learn", "expected --stress-share in [0, 1], found %g", o->stress_share);
  if (!(o->epsilon > 0 && o->epsilon < 1) || !(o->delta > 0 && o->delta < 1))
    return bsyn_cli_error("learn", "expected --epsilon and --delta in (0, 1), found %g and %g",
                          o->epsilon, o->delta);
  return 0;
}

static int parse_outputs(const bsyn_oracle * or, const char *spec, uint32_t **list, uint32_t *n) {
  char *copy = bsyn_strdup(spec), *save = NULL;
  int rc = 0;
  for (char *tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save))
    if (bsyn_cli_bit_token(or->out_fields, or->num_out_fields, or->num_outputs, tok, list, n))
      rc = bsyn_cli_error("learn", "expected an output index, range or field of %s, found '%s'",
                          or->name, tok);
  free(copy);
  if (!rc && *n == 0)
    rc = bsyn_cli_error("learn", "expected at least one output in --outputs, found '%s'", spec);
  return rc;
}

typedef struct progress_state {
  double t0, last;
} progress_state;

static void progress(void *arg, const bsyn_learn_stats *st) {
  progress_state *ps = arg;
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  double now = (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
  if (now - ps->last < 0.2)
    return;
  ps->last = now;
  double el = now - ps->t0;
  fprintf(stderr,
          "\rlevel %u  frontier %llu  nodes %llu  merges %llu  queries/s %.3g  elapsed %.1f s   ",
          st->level, (unsigned long long)st->frontier, (unsigned long long)st->nodes,
          (unsigned long long)st->merges, el > 0 ? (double)st->queries / el : 0.0, el);
}

static const char *stop_name(bsyn_learn_stop s) {
  switch (s) {
  case BSYN_LEARN_NODE_BUDGET:
    return "node budget";
  case BSYN_LEARN_TIME_BUDGET:
    return "time budget";
  case BSYN_LEARN_MEMORY_BUDGET:
    return "memory budget";
  default:
    return "done";
  }
}

typedef struct summary {
  const char *oracle;
  uint32_t nin, nout, bsd_nodes, ands, threads;
  const bsyn_learn_stats *st;
  double t_aig, t_verify, t_total;
  double t_check; /* refinement: simulation and ABC checks between learning rounds */
  uint64_t verify_vectors;
  int64_t mismatches;
  uint32_t rounds;
  uint64_t self_cex;      /* counterexamples the refinement found from the oracle alone */
  uint64_t searched;      /* vectors the counterexample search tried */
  int proven;             /* 1 proven equal to --reference, 0 not, -1 no reference */
  uint32_t proof_differs; /* outputs ABC found different from the reference */
  double t_proof;
} summary;

static void print_json(const summary *s) {
  const bsyn_learn_stats *st = s->st;
  printf(
      "{\"oracle\":\"%s\",\"inputs\":%u,\"outputs\":%u,\"threads\":%u,\"bsd_nodes\":%u,\"ands\":%u,"
      "\"learn_nodes\":%llu,\"leaves_const\":%llu,\"leaves_literal\":%llu,\"leaves_forced\":%llu,"
      "\"merges\":%llu,\"merges_complement\":%llu,\"merges_rejected\":%llu,\"merges_cyclic\":%llu,"
      "\"levels\":%u,\"max_frontier\":%llu,\"samples\":%llu,\"queries\":%llu,"
      "\"t_probe\":%.6f,\"t_classify\":%.6f,\"t_confirm\":%.6f,\"t_learn\":%.6f,\"t_aig\":%.6f,"
      "\"t_check\":%.6f,\"t_verify\":%.6f,\"seconds\":%.6f,\"stop\":\"%s\",\"unfinished_mass\":%."
      "6g,",
      s->oracle, s->nin, s->nout, s->threads, s->bsd_nodes, s->ands, (unsigned long long)st->nodes,
      (unsigned long long)st->leaves_const, (unsigned long long)st->leaves_literal,
      (unsigned long long)st->leaves_forced, (unsigned long long)st->merges,
      (unsigned long long)st->merges_complement, (unsigned long long)st->merges_rejected,
      (unsigned long long)st->merges_cyclic, st->levels, (unsigned long long)st->max_frontier,
      (unsigned long long)st->samples, (unsigned long long)st->queries, st->t_probe, st->t_classify,
      st->t_confirm, st->t_total, s->t_aig, s->t_check, s->t_verify, s->t_total,
      stop_name(st->stop), st->unfinished_mass);
  if (isinf(st->unfinished_log2))
    printf("\"unfinished_log2\":null,");
  else
    printf("\"unfinished_log2\":%.6f,", st->unfinished_log2);
  printf("\"refine_rounds\":%u,\"self_cex\":%llu,\"searched\":%llu,\"reopened\":%llu,"
         "\"t_proof\":%.6f,\"proof_differs\":%u,\"proven\":%s,",
         s->rounds, (unsigned long long)s->self_cex, (unsigned long long)s->searched, (unsigned long long)st->reopened, s->t_proof,
         s->proof_differs,
         s->proven < 0 ? "null"
         : s->proven   ? "true"
                       : "false");
  printf("\"verify_vectors\":%llu,\"mismatches\":%lld}\n", (unsigned long long)s->verify_vectors,
         (long long)s->mismatches);
}

static void print_text(const summary *s) {
  const bsyn_learn_stats *st = s->st;
  printf("learned %s: %u outputs over %u inputs\n", s->oracle, s->nout, s->nin);
  printf("  BSD nodes   %u (%llu created while learning)\n", s->bsd_nodes,
         (unsigned long long)st->nodes);
  printf("  leaves      %llu constant, %llu literal, %llu forced\n",
         (unsigned long long)st->leaves_const, (unsigned long long)st->leaves_literal,
         (unsigned long long)st->leaves_forced);
  printf("  merges      %llu (%llu complemented), %llu refuted by fresh vectors, %llu refused "
         "(cycle)\n",
         (unsigned long long)st->merges, (unsigned long long)st->merges_complement,
         (unsigned long long)st->merges_rejected, (unsigned long long)st->merges_cyclic);
  printf("  levels      %u, widest %llu\n", st->levels, (unsigned long long)st->max_frontier);
  printf("  samples     %llu signature samples, %llu oracle queries\n",
         (unsigned long long)st->samples, (unsigned long long)st->queries);
  printf("  AIG         %u ANDs\n", s->ands);
  printf("  time        probe %.3f s, classify %.3f s, confirm+sensitivity %.3f s, aig %.3f s, "
         "verify %.3f s, "
         "total %.3f s\n",
         st->t_probe, st->t_classify, st->t_confirm, s->t_aig, s->t_verify, s->t_total);
  if (isinf(st->unfinished_log2))
    printf("  stop        %s, unfinished mass 0\n", stop_name(st->stop));
  else
    printf("  stop        %s, unfinished mass %.3g (2^%.1f)\n", stop_name(st->stop),
           st->unfinished_mass, st->unfinished_log2);
  if (s->rounds)
    printf("  refinement  %u rounds, %llu self-found counterexamples in %llu searched vectors, "
           "%llu leaves or merges re-opened, checks %.3f s\n",
           s->rounds, (unsigned long long)s->self_cex, (unsigned long long)s->searched,
           (unsigned long long)st->reopened, s->t_check);
  if (s->proven > 0)
    printf("  proof       equal to the reference (ABC, after learning), %.3f s\n", s->t_proof);
  else if (s->proven == 0)
    printf("  proof       NOT equal to the reference: %u outputs differ (ABC), %.3f s\n",
           s->proof_differs, s->t_proof);
  if (s->verify_vectors)
    printf("  verify      %llu fresh vectors, %lld with a mismatch\n",
           (unsigned long long)s->verify_vectors, (long long)s->mismatches);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int write_outputs(const learn_opts *o, const bsyn_learner *l, const bsyn_aig *aig) {
  bsyn_diag d;
  const char *files[3] = {o->out, o->blif, o->verilog};
  for (int k = 0; k < 3; k++) {
    if (!files[k])
      continue;
    bsyn_diag_init(&d, files[k]);
    int rc = k == 1   ? bsyn_io_write_blif(aig, files[k], &d)
             : k == 2 ? bsyn_io_write_verilog(aig, files[k], &d)
                      : bsyn_io_write_netlist(aig, files[k], &d);
    if (rc)
      return bsyn_cli_report(&d);
  }
  if (o->dot) {
    uint32_t n = bsyn_learner_num_outputs(l);
    bsyn_edge *roots = bsyn_malloc((n + 1) * sizeof *roots);
    bsyn_bsd *bsd = bsyn_learner_bsd(l, roots);
    const char **names = bsyn_malloc((n + 1) * sizeof *names);
    for (uint32_t r = 0; r < n; r++)
      names[r] = bsyn_aig_output_name(aig, r);
    bsyn_diag_init(&d, o->dot);
    int rc = bsyn_bsd_write_dot(bsd, roots, n, names, o->dot, &d);
    free(names);
    bsyn_bsd_free(bsd);
    free(roots);
    if (rc)
      return bsyn_cli_report(&d);
  }
  return 0;
}

/* The base distribution of --sampler (trace vectors not yet mixed in). NULL with the error
 * printed when rv32 is asked of an oracle without the RV32 input fields. */
static bsyn_sampler *base_sampler(const learn_opts *o, const bsyn_oracle * or) {
  bsyn_sampler *rv = NULL;
  if (!strcmp(o->sampler, "rv32") || !strcmp(o->sampler, "auto"))
    rv = bsyn_sampler_rv32(or->num_inputs, or->in_fields, or->num_in_fields);
  if (!rv && !strcmp(o->sampler, "rv32")) {
    bsyn_cli_error("learn",
                   "expected an oracle with RV32 input fields for --sampler rv32, found %s",
                   or->name);
    return NULL;
  }
  bsyn_sampler *base = bsyn_sampler_uniform(or->num_inputs);
  if (rv) /* uniform words keep every input vector reachable */
    return bsyn_sampler_mixture(rv, base, 0.75);
  if (strcmp(o->sampler, "uniform"))
    base = bsyn_sampler_mixture(
        base, bsyn_sampler_stress(or->num_inputs, or->in_fields, or->num_in_fields),
        1 - o->stress_share);
  return base;
}

/* The sampling distribution: base_sampler, mixed with a trace's vectors and their
 * neighbourhoods when --trace is given. NULL with the error printed on a bad trace. */
static bsyn_sampler *make_sampler(const learn_opts *o, const bsyn_oracle * or, int *err) {
  *err = 0;
  bsyn_sampler *base = base_sampler(o, or);
  if (!base) {
    *err = 1;
    return NULL;
  }
  if (!o->trace)
    return base;
  bsyn_trace *t = NULL;
  bsyn_diag d;
  bsyn_diag_init(&d, o->trace);
  if (bsyn_trace_read(o->trace, &t, &d)) {
    *err = bsyn_cli_report(&d);
  } else if (t->num_inputs != or->num_inputs || t->num_vectors == 0) {
    *err = bsyn_cli_error(
        "learn", "expected a trace of %s with %u inputs, found %s with %u inputs and %zu vectors",
        or->name, or->num_inputs, t->oracle, t->num_inputs, t->num_vectors);
  } else {
    bsyn_sampler *tr =
        bsyn_sampler_mixture(bsyn_sampler_vectors(or->num_inputs, t->in, t->num_vectors, 0),
                             bsyn_sampler_vectors(or->num_inputs, t->in, t->num_vectors, 3), 0.5);
    base = bsyn_sampler_mixture(tr, base, o->trace_share);
  }
  bsyn_trace_free(t);
  if (*err) {
    bsyn_sampler_free(base);
    return NULL;
  }
  return base;
}

/* The reference's cone of the learned outputs (the learner may hold a subset). */
static bsyn_aig *reference_cone(const learn_opts *o, const bsyn_oracle * or, const bsyn_learner *l,
                                bsyn_diag *d) {
  bsyn_aig *ref = NULL;
  bsyn_diag_init(d, o->reference);
  if (bsyn_io_read_netlist(o->reference, &ref, d))
    return NULL;
  if (ref->num_inputs != or->num_inputs || ref->num_outputs != or->num_outputs) {
    bsyn_diag_set(d, 0, 0, "expected a netlist with %u inputs and %u outputs, found %u and %u",
                  or->num_inputs, or->num_outputs, ref->num_inputs, ref->num_outputs);
    bsyn_aig_free(ref);
    return NULL;
  }
  uint32_t n = bsyn_learner_num_outputs(l);
  uint32_t *outs = bsyn_malloc((n + 1) * sizeof *outs);
  for (uint32_t r = 0; r < n; r++)
    outs[r] = bsyn_learner_output(l, r);
  bsyn_aig *cone = bsyn_aig_cone(ref, outs, n, 1);
  free(outs);
  bsyn_aig_free(ref);
  return cone;
}

/* Refinement rounds from the oracle alone (docs/learner.md): the counterexample search
 * (bsyn_learner_hunt: --verify-vectors vectors around the learning distribution and the
 * oracle's structured words, plus a word aimed at every open node) gives one vector per
 * wrong output, fed back with 63 near neighbours each (bulk mismatches would make every
 * later signature longer and the diagram blow up), until a round finds nothing, a budget
 * ends the run, or the rounds run out. No reference is read here: --reference is only the
 * final proof (final_proof). Returns 0 or 1 after printing the error. */
static int refine_loop(const learn_opts *o, bsyn_oracle * or, bsyn_learner *l,
                       const bsyn_sampler *sampler, summary *s, double t0, bsyn_diag *d) {
  size_t most = (size_t)BSYN_HUNT_PER_OUTPUT * bsyn_learner_num_outputs(l);
  uint8_t *vecs = bsyn_malloc(most * or->num_inputs + 1);
  uint64_t *cex = bsyn_malloc((most * or->num_inputs + 1) * sizeof *cex);
  /* the search's base words: the learning distribution and, half of them, the oracle's
   * structured words (RV32 encodings for RV32 oracles, operand copies otherwise) */
  bsyn_sampler *own = bsyn_sampler_rv32_search(or->num_inputs, or->in_fields, or->num_in_fields);
  if (!own)
    own = bsyn_sampler_stress(or->num_inputs, or->in_fields, or->num_in_fields);
  bsyn_sampler *hunt_base = bsyn_sampler_mixture(own, bsyn_sampler_borrow(sampler), 0.5);
  int rc = 0;
  uint64_t nvec = o->verify; /* a search that finds nothing is repeated once, 4x larger */
  for (uint32_t round = 0, empty = 0;
       round < o->rounds && bsyn_learner_stats(l)->stop == BSYN_LEARN_DONE; round++) {
    if (o->max_seconds > 0 && now_s() - t0 > o->max_seconds)
      break; /* --max-seconds bounds the rounds too: the last learned diagram stands */
    int64_t fed = 0;
    double tc = now_s();
    bsyn_diag_init(d, o->oracle);
    uint32_t n = 0;
    uint64_t hseed = (o->seed ^ 0x68756e7400000000ull) + round;
    int64_t found = bsyn_learner_hunt(l, nvec, hseed, hunt_base, vecs, &n, d);
    s->searched += nvec;
    if (found == 0 && !empty++) {
      nvec *= 4;
      s->t_check += now_s() - tc;
      continue;
    }
    if (found > 0) {
      bsyn_learn_cex_rows(vecs, n, or->num_inputs, o->seed + round, cex);
      fed = bsyn_learner_refine(l, cex, 64 * (size_t)n, d);
      s->self_cex += n;
    }
    s->t_check += now_s() - tc;
    if (found < 0 || fed < 0) {
      rc = bsyn_cli_report(d);
      break;
    }
    if (fed <= 0)
      break;
    s->rounds = round + 1;
    if (bsyn_learner_run(l, d)) {
      rc = bsyn_cli_report(d);
      break;
    }
  }
  bsyn_sampler_free(hunt_base);
  free(vecs);
  free(cex);
  return rc;
}

/* --reference: after learning, ABC proves the learned outputs equal to the reference's cone
 * of them (per output; on BDDs first when the diagram is ordered). The verdict is reported,
 * never fed back. Returns 0 or 1 after printing the error. */
static int final_proof(const learn_opts *o, bsyn_oracle * or, const bsyn_learner *l, summary *s) {
  bsyn_diag d;
  bsyn_aig *ref = reference_cone(o, or, l, &d);
  if (!ref)
    return bsyn_cli_report(&d);
  char dir[] = "/tmp/bsyn-learn-XXXXXX";
  if (!mkdtemp(dir)) {
    bsyn_aig_free(ref);
    return bsyn_cli_error("learn", "expected a temporary directory, found none writable under /tmp");
  }
  double tp = now_s();
  uint32_t nout = bsyn_learner_num_outputs(l), n = 0;
  uint8_t *vecs = bsyn_malloc((size_t)nout * or->num_inputs + 1);
  bsyn_aig *aig = bsyn_learner_aig_as(l, BSYN_AIG_FORM_MUX);
  const uint32_t *order = bsyn_learner_order(l); /* BDDs first only for an ordered one */
  bsyn_diag_init(&d, o->reference);
  int v = bsyn_learn_abc_cexs(ref, aig, dir, 1, order != NULL, order, nout, vecs, &n, &d);
  bsyn_aig_free(aig);
  bsyn_aig_free(ref);
  free(vecs);
  if (!getenv("BSYN_KEEP_TMP") && bsyn_remove_dir(dir))
    fprintf(stderr, "bsyn learn: warning: could not remove %s\n", dir);
  s->t_proof = now_s() - tp;
  if (v < 0)
    return bsyn_cli_report(&d);
  s->proven = v == 0;
  s->proof_differs = n;
  return 0;
}

static void set_params(const learn_opts *o, bsyn_learn_params *p) {
  bsyn_learn_defaults(p);
  p->seed = o->seed;
  p->epsilon = o->epsilon;
  p->delta = o->delta;
  p->sig_words = (uint32_t)o->sig_words;
  p->confirm_words = (uint32_t)o->confirm_words;
  p->sens_words = (uint32_t)(o->sens_words ? o->sens_words : 2);
  p->max_nodes = o->max_nodes;
  p->max_seconds = o->max_seconds;
  p->max_memory = o->max_memory;
  p->checkpoint = o->checkpoint;
  p->checkpoint_seconds = o->checkpoint_seconds;
  p->lookahead = (uint32_t)o->lookahead;
  p->lookahead_depth = (uint32_t)o->lookahead_depth;
  p->lookahead_gain = o->lookahead_gain;
  p->pair_fields = o->pair_fields;
  p->level_order = o->level_order;
  p->path_fixup = o->path_fixup;
  p->aig_form = !o->aig_form || !strcmp(o->aig_form, "auto") ? BSYN_AIG_FORM_AUTO
                : !strcmp(o->aig_form, "mux")                ? BSYN_AIG_FORM_MUX
                                                             : BSYN_AIG_FORM_PATHS;
}

/* After learning (and refinement): the AIG, its files, the final check and the summary. */
static int finish(const learn_opts *o, bsyn_oracle * or, const bsyn_learner *l,
                  const bsyn_sampler *sampler, bsyn_pool *pool, summary *s, double t0) {
  s->oracle = o->oracle;
  s->nin = or->num_inputs;
  s->nout = bsyn_learner_num_outputs(l);
  s->st = bsyn_learner_stats(l);
  s->threads = bsyn_pool_threads(pool);
  double ta = now_s();
  bsyn_aig *aig = bsyn_learner_aig(l);
  s->t_aig = now_s() - ta;
  s->ands = bsyn_aig_num_ands(aig);
  bsyn_edge *roots = bsyn_malloc((s->nout + 1) * sizeof *roots);
  bsyn_bsd *bsd = bsyn_learner_bsd(l, roots);
  s->bsd_nodes = bsyn_bsd_count(bsd, roots, s->nout);
  bsyn_bsd_free(bsd);
  free(roots);
  int rc = write_outputs(o, l, aig);
  if (!rc && o->verify) {
    double tv = now_s();
    uint32_t *map = bsyn_malloc((s->nout + 1) * sizeof *map);
    for (uint32_t r = 0; r < s->nout; r++)
      map[r] = bsyn_learner_output(l, r);
    bsyn_diag d;
    bsyn_diag_init(&d, o->oracle);
    s->verify_vectors = o->verify;
    s->mismatches = bsyn_learn_verify(aig, or, map, s->nout, o->verify,
                                      o->seed ^ 0x7665726966790000ull, sampler, pool, NULL, &d);
    free(map);
    s->t_verify = now_s() - tv;
    if (s->mismatches < 0)
      rc = bsyn_cli_report(&d);
  }
  if (!rc && o->reference)
    rc = final_proof(o, or, l, s);
  s->t_total = now_s() - t0;
  if (!rc) {
    if (o->json)
      print_json(s);
    else
      print_text(s);
  }
  bsyn_aig_free(aig);
  return rc;
}

/* Learns (or resumes), refines and reports; returns the exit code. */
static int learn(const learn_opts *o, bsyn_oracle * or, bsyn_learn_params *p,
                 const bsyn_sampler *sampler, double t0) {
  bsyn_diag d;
  bsyn_learner *l;
  if (o->resume) {
    bsyn_diag_init(&d, o->resume);
    if (!(l = bsyn_learner_resume(or, p, o->resume, &d)))
      return bsyn_cli_report(&d);
  } else {
    l = bsyn_learner_new(or, p);
  }
  progress_state ps = {t0, t0};
  if (isatty(2)) {
    p->progress = progress;
    p->progress_arg = &ps;
  }
  summary s = {0};
  s.proven = -1;
  bsyn_diag_init(&d, o->oracle);
  int rc = bsyn_learner_run(l, &d);
  if (rc)
    rc = bsyn_cli_report(&d);
  else if (o->verify)
    rc = refine_loop(o, or, l, sampler, &s, t0, &d);
  if (p->progress && ps.last > t0)
    fprintf(stderr, "\n");
  if (!rc)
    rc = finish(o, or, l, sampler, p->pool, &s, t0);
  bsyn_learner_free(l);
  return rc;
}

/* An example set: a decision diagram per output within the AND budget. */
static int learn_examples(const learn_opts *o, bsyn_oracle * or, double t0) {
  bsyn_oracle *val = NULL;
  bsyn_diag d;
  if (o->validate) {
    char spec[4096];
    snprintf(spec, sizeof spec, "%s%s", strncmp(o->validate, "pla:", 4) ? "pla:" : "", o->validate);
    bsyn_diag_init(&d, o->validate);
    if (!(val = bsyn_oracle_open(spec, &d)))
      return bsyn_cli_report(&d);
    if (val->num_inputs != or->num_inputs || val->num_outputs != or->num_outputs ||
        val->ops->eval) {
      bsyn_oracle_close(val);
      return bsyn_cli_error("learn", "expected --validate examples with %u inputs and %u outputs",
                            or->num_inputs, or->num_outputs);
    }
  }
  bsyn_examples_params p;
  bsyn_examples_defaults(&p);
  p.max_ands = (uint32_t)o->max_ands;
  bsyn_examples_stats st;
  bsyn_aig *aig = bsyn_learn_examples(or, &p, &st);
  double acc = val ? bsyn_examples_accuracy(aig, val) : -1;
  int rc = 0;
  const char *files[3] = {o->out, o->blif, o->verilog};
  for (int k = 0; k < 3 && !rc; k++) {
    if (!files[k])
      continue;
    bsyn_diag_init(&d, files[k]);
    rc = (k == 1   ? bsyn_io_write_blif(aig, files[k], &d)
          : k == 2 ? bsyn_io_write_verilog(aig, files[k], &d)
                   : bsyn_io_write_netlist(aig, files[k], &d))
             ? bsyn_cli_report(&d)
             : 0;
  }
  if (!rc && o->json)
    printf("{\"oracle\":\"%s\",\"inputs\":%u,\"outputs\":%u,\"examples\":%zu,\"depth\":%u,\"full_"
           "depth\":%u,"
           "\"bsd_nodes\":%u,\"ands\":%u,\"train_accuracy\":%.6f,\"validation_accuracy\":%.6f,"
           "\"seconds\":%.6f}\n",
           o->oracle, or->num_inputs, or->num_outputs, or->num_samples, st.depth, st.full_depth,
           st.bsd_nodes, st.ands, st.train_accuracy, acc, now_s() - t0);
  else if (!rc) {
    printf("learned %s from %zu examples: %u outputs over %u inputs\n", o->oracle, or->num_samples,
           or->num_outputs, or->num_inputs);
    printf("  depth       %u of %u (cut to fit %u ANDs)\n", st.depth, st.full_depth, p.max_ands);
    printf("  BSD nodes   %u\n  AIG         %u ANDs\n", st.bsd_nodes, st.ands);
    printf("  accuracy    %.4f on the training examples", st.train_accuracy);
    if (val)
      printf(", %.4f on %zu validation examples", acc, val->num_samples);
    printf("\n  time        %.3f s\n", now_s() - t0);
  }
  bsyn_aig_free(aig);
  bsyn_oracle_close(val);
  return rc;
}

/* --order auto: an order found from the oracle's answers on the learning distribution
 * (bsyn_learn_discover_order) for the learned outputs. Returns 0 or 1 after the error. */
static int discover_order(const learn_opts *o, bsyn_oracle * or, const bsyn_sampler *sampler,
                          const uint32_t *outs, uint32_t nouts, bsyn_pool *pool, uint32_t **order,
                          uint32_t *norder) {
  uint32_t *all = NULL;
  if (!outs) {
    all = bsyn_malloc((or->num_outputs + 1) * sizeof *all);
    for (uint32_t r = 0; r < or->num_outputs; r++)
      all[r] = r;
    outs = all;
    nouts = or->num_outputs;
  }
  *order = bsyn_malloc((or->num_inputs + 1) * sizeof **order);
  *norder = or->num_inputs;
  bsyn_diag d;
  bsyn_diag_init(&d, o->oracle);
  int rc = bsyn_learn_discover_order(or, sampler, o->seed, outs, nouts, ORDER_WORDS, pool, *order,
                                     NULL, &d);
  free(all);
  return rc ? bsyn_cli_report(&d) : 0;
}

/* Opens the --device choice into dev->cl; 0 means the CPU path (chosen, or after the one-line
 * notice when the device cannot be opened; the netlist is the same either way). */
static int open_device(const learn_opts *o, bsyn_cl_probe_state *dev) {
  bsyn_device_choice choice;
  bsyn_diag d;
  bsyn_diag_init(&d, "learn");
  if (bsyn_device_parse(o->device, &choice, &d)) {
    fprintf(stderr, "bsyn learn: notice: %s; using the CPU path\n", d.msg);
    return 0;
  }
  dev->cl = bsyn_device_open(&choice, BSYN_KERNEL_PROBE, &d);
  if (!dev->cl && d.msg[0])
    fprintf(stderr, "bsyn learn: notice: OpenCL unavailable (%s); using the CPU path\n", d.msg);
  return dev->cl != NULL;
}

static void close_device(bsyn_cl_probe_state *dev) {
  if (!dev->cl)
    return;
  if (dev->failed)
    fprintf(stderr, "bsyn learn: notice: OpenCL failed (%s); the CPU path took over\n",
            dev->error.msg);
  fprintf(stderr, "bsyn learn: %llu probe batches on opencl:%u (%s)\n",
          (unsigned long long)dev->batches, bsyn_cl_info(dev->cl)->index,
          bsyn_cl_info(dev->cl)->name);
  bsyn_cl_close(dev->cl);
}

int bsyn_cli_learn(int argc, char **argv) {
  if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    usage(stdout);
    return 0;
  }
  learn_opts o = {0};
  o.seed = 1;
  o.epsilon = 0.01;
  o.delta = 0.001;
  o.sampler = "auto";
  o.rounds = 50;
  o.checkpoint_seconds = 10;
  o.trace_share = 0.5;
  o.stress_share = 0.5;
  o.max_ands = 5000;
  o.lookahead_depth = 40;
  o.lookahead_gain = 0.25;
  if (parse(argc, argv, &o))
    return 1;
  double t0 = now_s();
  bsyn_diag d;
  bsyn_diag_init(&d, o.oracle);
  bsyn_oracle * or = bsyn_oracle_open(o.oracle, &d);
  if (! or)
    return bsyn_cli_report(&d);
  if (! or->ops || ! or->ops->eval) {
    int rc = learn_examples(&o, or, t0);
    bsyn_oracle_close(or);
    return rc;
  }
  uint32_t *outs = NULL, nouts = 0, *order = NULL, norder = 0;
  int err = 0, rc = 1, auto_order = o.order && !strcmp(o.order, "auto");
  bsyn_sampler *sampler = NULL;
  if (!(o.outputs && parse_outputs(or, o.outputs, &outs, &nouts)) &&
      !(o.order && !auto_order && bsyn_cli_read_order(o.order, or, &order, &norder)) &&
      (sampler = make_sampler(&o, or, &err))) {
    bsyn_learn_params p;
    set_params(&o, &p);
    p.pool = o.threads == 1 ? NULL : bsyn_pool_new((unsigned)o.threads);
    if ((auto_order && discover_order(&o, or, sampler, outs, nouts, p.pool, &order, &norder)) ||
        (o.save_order && bsyn_cli_write_order(o.save_order, or, order, norder))) {
      bsyn_pool_free(p.pool);
      bsyn_sampler_free(sampler);
      free(outs);
      free(order);
      bsyn_oracle_close(or);
      return 1;
    }
    p.outputs = outs;
    p.num_outputs = nouts;
    p.order = order;
    p.order_len = norder;
    p.sampler = sampler;
    bsyn_cl_probe_state dev = {0};
    if (open_device(&o, &dev)) {
      p.offload.run = bsyn_cl_probe_offload;
      p.offload.ctx = &dev;
    }
    rc = learn(&o, or, &p, sampler, t0);
    close_device(&dev);
    bsyn_pool_free(p.pool);
  }
  bsyn_sampler_free(sampler);
  free(outs);
  free(order);
  bsyn_oracle_close(or);
  return rc;
}
