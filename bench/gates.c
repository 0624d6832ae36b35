/* bench_gates — RV32I programs on a core netlist: instructions per second of the gate step.
 *
 * usage: bench_gates NETLIST PROG.elf... [--oracle NAME] [--max-steps N] [--lockstep]
 *                    [--shadow] [--modes spec,mux,cheap,plain] [--min-hits N]
 *
 * Each program runs to its end (or N instructions, default 2M; 0 = no limit) on the netlist
 * through the runner (bsyn_gates_rv32: demand-driven, memoised, short-circuit), then on the
 * reference model for comparison. --shadow lets the reference drive the run and evaluates
 * the netlist on the same inputs (for netlists that are not exact yet). Modes (default
 * spec,mux): spec = specialised per (pc, inst) (bsyn_gates_spec.h), the others the
 * demand-driven compilations (bsyn_gates_mode); --min-hits N|auto: spec's threshold
 * (bsyn_gates_spec_params.min_hits, default auto; -1 in the JSON). One JSON line per
 * program and mode:
 *   {"bench":"gates","case":"sort.elf","netlist":"core.aig","oracle":"rv32i-core",
 *    "mode":"run","backend":"demand-mux","threads":1,"ands":4670,"n":919318,"seconds":...,
 *    "cpu_seconds":...,"inst_per_s":...,"nodes_per_inst":...,"mismatches":0,
 *    "ref_inst_per_s":...,"min_hits":-1,"builds":0,"visited_per_build":0,
 *    "residual_nodes_per_build":0,"fallback_reads":0,"cache_clears":0,"cache_kib":0,
 *    "equivalent":true}
 * nodes_per_inst: nodes computed per instruction (bsyn_gates_computed; spec: residual nodes
 * swept plus the demand evaluator's nodes for pairs not yet specialised); builds,
 * visited_per_build (AIG nodes the partial evaluation visited), residual_nodes_per_build,
 * fallback_reads (field reads of pairs not yet specialised), cache_clears, cache_kib: the
 * specialised evaluator's counters (0 for the demand modes); mismatches (shadow):
 * instructions whose answer would change the state differently; equivalent: the run ended
 * as on the reference (same status, exit code, instruction count, registers and pc) with no
 * mismatch. inst_per_s uses wall time; cpu_seconds shows when the machine was shared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsyn_gates_rv32.h"
#include "bsyn_io.h"
#include "bsyn_runner.h"
#include "bsyn_util.h"

static double now_clock(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static const char *const mode_names[4] = {"mux", "cheap", "plain", "spec"};

typedef struct options {
  const char *netlist, *oracle;
  const char *progs[256];
  int nprogs;
  uint64_t max_steps;
  int modes[4], nmodes, lockstep, shadow;
  uint32_t min_hits;
} options;

static void die(const char *msg, const char *arg) {
  fprintf(stderr, "bench_gates: error: %s%s\n", msg, arg ? arg : "");
  exit(1);
}

static void parse(int argc, char **argv, options *o) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--oracle") && i + 1 < argc) {
      o->oracle = argv[++i];
    } else if (!strcmp(a, "--max-steps") && i + 1 < argc) {
      o->max_steps = strtoull(argv[++i], NULL, 0);
    } else if (!strcmp(a, "--min-hits") && i + 1 < argc) {
      const char *v = argv[++i];
      o->min_hits = !strcmp(v, "auto") ? BSYN_GATES_SPEC_AUTO_HITS : (uint32_t)strtoul(v, NULL, 0);
    } else if (!strcmp(a, "--lockstep")) {
      o->lockstep = 1;
    } else if (!strcmp(a, "--shadow")) {
      o->shadow = 1;
    } else if (!strcmp(a, "--modes") && i + 1 < argc) {
      const char *v = argv[++i];
      o->nmodes = 0;
      for (int m = 3; m >= 0; m--) /* spec first: the new path beside the old */
        if (strstr(v, mode_names[m]))
          o->modes[o->nmodes++] = m;
      if (!o->nmodes)
        die("expected spec, mux, cheap and/or plain after --modes, found ", v);
    } else if (a[0] == '-') {
      die("expected an option (see the source's header), found ", a);
    } else if (!o->netlist) {
      o->netlist = a;
    } else if (o->nprogs < 256) {
      o->progs[o->nprogs++] = a;
    }
  }
  if (!o->netlist || !o->nprogs)
    die("expected NETLIST PROG.elf...", NULL);
}

static bsyn_runner *open_prog(const char *path, bsyn_elf **elf) {
  bsyn_diag d;
  bsyn_runner *r = bsyn_runner_open_ref(path, 1ull << 30, elf, &d);
  if (!r) {
    char msg[1024];
    bsyn_diag_format(&d, msg, sizeof msg);
    die(msg, NULL);
  }
  return r;
}

/* The reference drives the run; the netlist answers every phase on the same inputs (lazily,
 * as in a plain run) and instructions where its final answer would change the state
 * differently are counted. Measures netlists that are not (yet) exact on the program's real
 * inputs. */
typedef struct shadow {
  bsyn_runner_ref ref;
  bsyn_gates_rv32 *gates;
  uint64_t mismatches;
} shadow;

/* 1 when the two final answers change the runner's state alike (the fields it reads). */
static int same_effect(const bsyn_rv32_out *a, const bsyn_rv32_out *b) {
  if (a->trap != b->trap || (a->trap && a->cause != b->cause))
    return 0;
  if (a->trap)
    return 1;
  return a->rd_we == b->rd_we &&
         (!a->rd_we || (a->rd_addr == b->rd_addr && a->rd_wdata == b->rd_wdata)) &&
         a->next_pc == b->next_pc && a->mem_we == b->mem_we &&
         (!a->mem_we || (a->mem_addr == b->mem_addr && a->mem_wstrb == b->mem_wstrb &&
                         a->mem_wdata == b->mem_wdata));
}

static int shadow_step(void *ctx, bsyn_runner_phase phase, const bsyn_rv32_in *in,
                       bsyn_rv32_out *out, bsyn_diag *d) {
  shadow *sh = ctx;
  bsyn_rv32_out got;
  if (bsyn_runner_ref_step(&sh->ref, phase, in, out, d) ||
      bsyn_gates_rv32_step(sh->gates, phase, in, &got, d))
    return -1;
  sh->mismatches += phase == BSYN_RUNNER_PHASE_FINAL && !same_effect(out, &got);
  return 0;
}

static bsyn_gates_rv32 *make_gates(const options *o, const bsyn_aig *aig, int mode) {
  bsyn_diag d;
  bsyn_diag_init(&d, o->netlist);
  bsyn_gates_rv32 *s = mode == BSYN_GATES_SPEC
                           ? bsyn_gates_rv32_new_spec(aig, o->oracle, o->min_hits, 0, &d)
                           : bsyn_gates_rv32_new(aig, o->oracle, (bsyn_gates_mode)mode, &d);
  if (!s) {
    char msg[1024];
    bsyn_diag_format(&d, msg, sizeof msg);
    die(msg, NULL);
  }
  return s;
}

/* One program in one compilation mode, run as "run" (the netlist drives the runner, optionally
 * in lock-step) or "shadow" (see shadow_step). */
static void run_case(const options *o, const bsyn_aig *aig, const char *prog, int mode,
                     int shadowed) {
  bsyn_gates_rv32 *s = make_gates(o, aig, mode);
  bsyn_elf *elf, *elf2;
  bsyn_runner *r = open_prog(prog, &elf), *ref = open_prog(prog, &elf2);
  shadow sh = {.gates = s};
  bsyn_gates_rv32_attach(s, r, o->lockstep);
  if (shadowed)
    r->step = (bsyn_runner_step){shadow_step, &sh};
  double t0 = now_clock(CLOCK_MONOTONIC), c0 = now_clock(CLOCK_PROCESS_CPUTIME_ID);
  bsyn_runner_run(r, o->max_steps);
  double t = now_clock(CLOCK_MONOTONIC) - t0, c = now_clock(CLOCK_PROCESS_CPUTIME_ID) - c0;
  double t1 = now_clock(CLOCK_MONOTONIC);
  bsyn_runner_run(ref, o->max_steps);
  double tr = now_clock(CLOCK_MONOTONIC) - t1;
  int same = r->status == ref->status && r->exit_code == ref->exit_code && r->steps == ref->steps &&
             !memcmp(r->x, ref->x, sizeof r->x) && r->pc == ref->pc && !sh.mismatches;
  uint64_t n = r->steps ? r->steps : 1;
  bsyn_gates_spec_stats st = {0};
  bsyn_gates_rv32_spec_stats(s, &st);
  double nb = st.builds ? (double)st.builds : 1.0;
  printf("{\"bench\":\"gates\",\"case\":\"%s\",\"netlist\":\"%s\",\"oracle\":\"%s\","
         "\"mode\":\"%s\",\"backend\":\"%s-%s\",\"threads\":1,\"ands\":%u,\"n\":%llu,"
         "\"seconds\":%.6f,\"cpu_seconds\":%.6f,\"inst_per_s\":%.0f,\"nodes_per_inst\":%.1f,"
         "\"mismatches\":%llu,\"ref_inst_per_s\":%.0f,\"min_hits\":%d,\"builds\":%llu,"
         "\"visited_per_build\":%.0f,\"residual_nodes_per_build\":%.1f,\"fallback_reads\":%llu,"
         "\"cache_clears\":%llu,\"cache_kib\":%.0f,\"equivalent\":%s}\n",
         base_name(prog), base_name(o->netlist), bsyn_gates_layout_name(bsyn_gates_rv32_layout(s)),
         shadowed      ? "shadow"
         : o->lockstep ? "lockstep"
                       : "run",
         mode == BSYN_GATES_SPEC ? "residual" : "demand", mode_names[mode], bsyn_aig_num_ands(aig),
         (unsigned long long)r->steps, t, c, (double)r->steps / t,
         (double)bsyn_gates_rv32_computed(s) / (double)n, (unsigned long long)sh.mismatches,
         (double)ref->steps / tr, mode == BSYN_GATES_SPEC ? (int)o->min_hits : 0,
         (unsigned long long)st.builds, (double)st.visited / nb, (double)st.residual_ands / nb,
         (unsigned long long)st.fallback_reads, (unsigned long long)st.clears,
         (double)st.bytes / 1024.0, same ? "true" : "false");
  fflush(stdout);
  bsyn_runner_free(r);
  bsyn_runner_free(ref);
  bsyn_elf_free(elf);
  bsyn_elf_free(elf2);
  bsyn_gates_rv32_free(s);
}

int main(int argc, char **argv) {
  options o = {.max_steps = 2000000,
               .modes = {BSYN_GATES_SPEC, BSYN_GATES_MUX},
               .nmodes = 2,
               .min_hits = BSYN_GATES_RV32_MIN_HITS};
  parse(argc, argv, &o);
  bsyn_aig *aig;
  bsyn_diag d;
  if (bsyn_io_read_netlist(o.netlist, &aig, &d)) {
    char msg[1024];
    bsyn_diag_format(&d, msg, sizeof msg);
    die(msg, NULL);
  }
  for (int p = 0; p < o.nprogs; p++)
    for (int k = 0; k < o.nmodes; k++)
      run_case(&o, aig, o.progs[p], o.modes[k], o.shadow);
  bsyn_aig_free(aig);
  return 0;
}
