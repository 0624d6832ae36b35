/* bsyn learn's options: the usage text, the defaults and the parser (cli_learn.h). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_learn.h"

void bsyn_cli_learn_usage(FILE *f) {
  fprintf(
      f,
      "usage: bsyn learn --oracle NAME -o OUT.aig [options]\n\n"
      "Learns the oracle's outputs (all, or --outputs) into one shared BSD and writes its AIG.\n"
      "An oracle with several output fields is learned as a plan of groups (--groups).\n"
      "  --oracle NAME        arith:add32, aig:FILE, rv32i-core, ... (bsyn oracle lists them)\n"
      "  -o FILE              the AIG (.aig, .aag, .blif or .v by extension)\n"
      "  --blif F --verilog F also write BLIF / structural Verilog\n"
      "  --dot F              the BSD as Graphviz DOT\n"
      "  --outputs LIST       e.g. 0-7,12 or y or y[3] or y[0-7] (oracle output indices/fields)\n"
      "  --groups G           auto (default, without --outputs and --resume): the narrow\n"
      "                       output fields as one group, each field of 16 bits or more\n"
      "                       alone; a group tries free order, --order auto, then\n"
      "                       --pair-fields (one output: --level-order first; a word:\n"
      "                       --order cases, then --order auto, ...) under a node\n"
      "                       budget (--max-nodes, else 4000 per output) and is split when\n"
      "                       all blow up; the parts are joined, checked and reported as\n"
      "                       one netlist (docs/learner.md); one: a single diagram\n"
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
      "  --order cases        one --order auto per case of the decode inputs (the inputs\n"
      "                       --order auto puts first): their values are sorted into cases\n"
      "                       by the oracle's answers, each case is learned from the\n"
      "                       oracle with them held, and the netlist selects by them (a\n"
      "                       case that runs out of nodes is split by its own decode\n"
      "                       inputs, twice at most)\n"
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
      "  --max-seconds T      time budget of the whole run: learning, counterexample search\n"
      "                       and refinement (default 600; 0 = none)\n"
      "  --max-memory BYTES   the process's resident memory, checked between slices of a\n"
      "                       level (default half of physical memory; 0 = none; 8G, 300M)\n"
      "  --max-nodes N        BSD nodes (default none). A budget that ends learning leaves a\n"
      "                       partial netlist (majority leaves), reports the unfinished mass\n"
      "                       and exits 2\n"
      "  --verify-vectors N   after learning, search N vectors for counterexamples (the\n"
      "                       learning distribution, the oracle's structured words and\n"
      "                       boundary words: operands equal, off by one, sign and carry\n"
      "                       boundaries, immediates), feed those found back and re-learn,\n"
      "                       until a round finds nothing; then check N fresh vectors (a\n"
      "                       third each from the sampler, uniform and boundary words).\n"
      "                       Default 1000000; 0 = no check\n"
      "  --cross-check        after the refinement, learn again from another seed and\n"
      "                       let ABC compare the two netlists; the oracle answers every\n"
      "                       input where they differ and both re-learn, until ABC proves\n"
      "                       them equal (a second opinion from the oracle alone)\n"
      "  --reference NETLIST  after learning, prove the result equal to NETLIST with ABC (per\n"
      "                       output: cec, or a BDD first under --order) and report the\n"
      "                       verdict; the reference never changes what is learned\n"
      "  --refine-rounds N    at most N refinement rounds (default 50)\n"
      "  --checkpoint FILE    save the learner's state after each level (every\n"
      "                       --checkpoint-seconds S, default 10) to FILE; with a plan of\n"
      "                       groups FILE is a folder: each group is saved there once\n"
      "                       learned, and the same command run again (after a crash, or on\n"
      "                       every MPI rank) reads the saved groups back instead of\n"
      "                       learning them\n"
      "  --resume FILE        continue from a checkpoint (same oracle, seed and options): the\n"
      "                       result equals that of a run never interrupted\n"
      "  --json               one JSON summary line on stdout instead of the text summary\n"
      "  --quiet              no progress line on a terminal\n\n"
      "The summary's first line is the verdict: proved (with --reference), checked on N\n"
      "vectors without a mismatch (with the error rate that bounds), wrong on K of N vectors,\n"
      "or partial (a budget ended learning). Exit status: 0 learned and proved, checked or\n"
      "unchecked; 1 error; 2 a budget ended learning (partial netlist written); 3 written but\n"
      "the check or the proof found it wrong.\n\n"
      "Example sets (pla:FILE) answer no queries: each output becomes a decision diagram over\n"
      "the examples, cut to fit --max-ands N (default 5000); --validate FILE.pla reports the\n"
      "accuracy on held-out examples.\n");
}

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

static int parse_args(int argc, char **argv, bsyn_cli_learn_opts *o) {
  static const struct {
    const char *name;
    size_t off;
  } strs[] = {{"--oracle", offsetof(bsyn_cli_learn_opts, oracle)},
              {"-o", offsetof(bsyn_cli_learn_opts, out)},
              {"--blif", offsetof(bsyn_cli_learn_opts, blif)},
              {"--verilog", offsetof(bsyn_cli_learn_opts, verilog)},
              {"--dot", offsetof(bsyn_cli_learn_opts, dot)},
              {"--outputs", offsetof(bsyn_cli_learn_opts, outputs)},
              {"--sampler", offsetof(bsyn_cli_learn_opts, sampler)},
              {"--reference", offsetof(bsyn_cli_learn_opts, reference)},
              {"--checkpoint", offsetof(bsyn_cli_learn_opts, checkpoint)},
              {"--resume", offsetof(bsyn_cli_learn_opts, resume)},
              {"--trace", offsetof(bsyn_cli_learn_opts, trace)},
              {"--validate", offsetof(bsyn_cli_learn_opts, validate)},
              {"--device", offsetof(bsyn_cli_learn_opts, device)},
              {"--order", offsetof(bsyn_cli_learn_opts, order)},
              {"--save-order", offsetof(bsyn_cli_learn_opts, save_order)},
              {"--aig-form", offsetof(bsyn_cli_learn_opts, aig_form)},
              {"--groups", offsetof(bsyn_cli_learn_opts, groups)}};
  static const struct {
    const char *name;
    size_t off;
  } nums[] = {{"--seed", offsetof(bsyn_cli_learn_opts, seed)},
              {"--threads", offsetof(bsyn_cli_learn_opts, threads)},
              {"--max-nodes", offsetof(bsyn_cli_learn_opts, max_nodes)},
              {"--max-memory", offsetof(bsyn_cli_learn_opts, max_memory)},
              {"--verify-vectors", offsetof(bsyn_cli_learn_opts, verify)},
              {"--sig-words", offsetof(bsyn_cli_learn_opts, sig_words)},
              {"--confirm-words", offsetof(bsyn_cli_learn_opts, confirm_words)},
              {"--sens-words", offsetof(bsyn_cli_learn_opts, sens_words)},
              {"--refine-rounds", offsetof(bsyn_cli_learn_opts, rounds)},
              {"--max-ands", offsetof(bsyn_cli_learn_opts, max_ands)},
              {"--lookahead", offsetof(bsyn_cli_learn_opts, lookahead)},
              {"--lookahead-depth", offsetof(bsyn_cli_learn_opts, lookahead_depth)}};
  static const struct {
    const char *name;
    size_t off;
  } dbls[] = {{"--epsilon", offsetof(bsyn_cli_learn_opts, epsilon)},
              {"--delta", offsetof(bsyn_cli_learn_opts, delta)},
              {"--max-seconds", offsetof(bsyn_cli_learn_opts, max_seconds)},
              {"--checkpoint-seconds", offsetof(bsyn_cli_learn_opts, checkpoint_seconds)},
              {"--trace-share", offsetof(bsyn_cli_learn_opts, trace_share)},
              {"--stress-share", offsetof(bsyn_cli_learn_opts, stress_share)},
              {"--lookahead-gain", offsetof(bsyn_cli_learn_opts, lookahead_gain)}};
  static const struct {
    const char *name;
    size_t off;
  } flags[] = {{"--json", offsetof(bsyn_cli_learn_opts, json)},
               {"--pair-fields", offsetof(bsyn_cli_learn_opts, pair_fields)},
               {"--level-order", offsetof(bsyn_cli_learn_opts, level_order)},
               {"--path-fixup", offsetof(bsyn_cli_learn_opts, path_fixup)},
               {"--quiet", offsetof(bsyn_cli_learn_opts, quiet)},
               {"--cross-check", offsetof(bsyn_cli_learn_opts, cross)}};
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
  if (strcmp(o->groups, "auto") && strcmp(o->groups, "one"))
    return bsyn_cli_error("learn", "expected --groups auto or one, found '%s'", o->groups);
  if (o->trace_share > 1)
    return bsyn_cli_error("learn", "expected --trace-share in [0, 1], found %g", o->trace_share);
  if (o->stress_share > 1)
    return bsyn_cli_error("learn", "expected --stress-share in [0, 1], found %g", o->stress_share);
  if (!(o->epsilon > 0 && o->epsilon < 1) || !(o->delta > 0 && o->delta < 1))
    return bsyn_cli_error("learn", "expected --epsilon and --delta in (0, 1), found %g and %g",
                          o->epsilon, o->delta);
  return 0;
}

uint64_t bsyn_cli_learn_default_memory(void) {
  long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || size <= 0)
    return 0;
  return (uint64_t)pages * (uint64_t)size / 2;
}

int bsyn_cli_learn_parse(int argc, char **argv, bsyn_cli_learn_opts *o) {
  memset(o, 0, sizeof *o);
  o->seed = 1;
  o->epsilon = 0.01;
  o->delta = 0.001;
  o->sampler = "auto";
  o->groups = "auto";
  o->rounds = 50;
  o->checkpoint_seconds = 10;
  o->trace_share = 0.5;
  o->stress_share = 0.5;
  o->max_ands = 5000;
  o->lookahead_depth = 40;
  o->lookahead_gain = 0.25;
  o->verify = BSYN_CLI_LEARN_VERIFY;
  o->max_seconds = -1; /* "not given" until parsed */
  o->max_memory = UINT64_MAX;
  if (parse_args(argc, argv, o))
    return 1;
  if ((o->default_seconds = o->max_seconds < 0))
    o->max_seconds = BSYN_CLI_LEARN_SECONDS;
  if ((o->default_memory = o->max_memory == UINT64_MAX))
    o->max_memory = bsyn_cli_learn_default_memory();
  return 0;
}
