/* bsyn learn's summary: the verdict, the text report and the JSON line (cli_learn.h). */
#include <math.h>
#include <stdio.h>

#include "cli_learn.h"

const char *bsyn_cli_learn_stop_name(bsyn_learn_stop s) {
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

int bsyn_cli_learn_exit(const bsyn_cli_learn_summary *s) {
  if (s->st.stop != BSYN_LEARN_DONE)
    return BSYN_LEARN_EXIT_PARTIAL;
  if (s->proven == 0 || s->mismatches > 0)
    return BSYN_LEARN_EXIT_WRONG;
  return BSYN_LEARN_EXIT_OK;
}

/* One word for the verdict (JSON "status"). */
static const char *status_name(const bsyn_cli_learn_summary *s) {
  if (s->st.stop != BSYN_LEARN_DONE)
    return "partial";
  if (s->proven == 0 || s->mismatches > 0)
    return "wrong";
  if (s->proven > 0)
    return "proved";
  return s->verify_vectors ? "checked" : "unchecked";
}

/* The first line of the text report: what the netlist is worth. With 0 mismatches in N
 * independent vectors, an error rate above 3/N under the check's distribution would have
 * shown one with probability at least 95% (the rule of three). */
static void print_verdict(const bsyn_cli_learn_summary *s) {
  const bsyn_learn_stats *st = &s->st;
  if (st->stop != BSYN_LEARN_DONE)
    printf("PARTIAL: the %s ended learning after %.1f s; the netlist answers the majority "
           "on an unfinished mass of %.3g\n",
           bsyn_cli_learn_stop_name(st->stop), s->t_total, st->unfinished_mass);
  else if (s->proven == 0)
    printf("WRONG: %u outputs differ from %s (ABC proof after learning)\n", s->proof_differs,
           s->reference);
  else if (s->mismatches > 0)
    printf("WRONG on %lld of %llu vectors checked against the oracle\n", (long long)s->mismatches,
           (unsigned long long)s->verify_vectors);
  else if (s->proven > 0)
    printf("proved equal to %s (ABC, after learning)\n", s->reference);
  else if (s->verify_vectors)
    printf("checked: 0 mismatches on %llu vectors against the oracle (error rate below %.2g "
           "with 95%% confidence under the check's distribution; not a proof)\n",
           (unsigned long long)s->verify_vectors, 3.0 / (double)s->verify_vectors);
  else
    printf("learned, unchecked (--verify-vectors 0)\n");
}

static void print_budgets(const bsyn_cli_learn_summary *s) {
  printf("  budgets     ");
  if (s->max_seconds > 0)
    printf("%g s%s", s->max_seconds, s->default_seconds ? " (default)" : "");
  else
    printf("no time limit");
  if (s->max_memory)
    printf(", %.2f GB resident%s\n", (double)s->max_memory / 1e9,
           s->default_memory ? " (default: half of physical memory)" : "");
  else
    printf(", no memory limit\n");
}

static void print_text(const bsyn_cli_learn_summary *s) {
  const bsyn_learn_stats *st = &s->st;
  print_verdict(s);
  printf("learned %s: %u outputs over %u inputs", s->oracle, s->nout, s->nin);
  if (s->groups > 1)
    printf(", in %u groups (summed below)", s->groups);
  printf("\n");
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
  printf("  AIG         %u ANDs (no dead gates)", s->ands);
  if (s->cases && !s->groups_text)
    printf(", %u decode cases", s->cases);
  printf("\n");
  printf("  time        probe %.3f s, classify %.3f s, confirm+sensitivity %.3f s, aig %.3f s, "
         "check %.3f s, total %.3f s\n",
         st->t_probe, st->t_classify, st->t_confirm, s->t_aig, s->t_verify, s->t_total);
  print_budgets(s);
  if (isinf(st->unfinished_log2))
    printf("  stop        %s, unfinished mass 0\n", bsyn_cli_learn_stop_name(st->stop));
  else
    printf("  stop        %s, unfinished mass %.3g (2^%.1f)\n", bsyn_cli_learn_stop_name(st->stop),
           st->unfinished_mass, st->unfinished_log2);
  if (s->rounds || s->searched)
    printf("  refinement  %u rounds, %llu self-found counterexamples in %llu searched vectors, "
           "%llu leaves or merges re-opened, search %.3f s\n",
           s->rounds, (unsigned long long)s->self_cex, (unsigned long long)s->searched,
           (unsigned long long)st->reopened, s->t_check);
  if (s->cross_groups)
    printf("  cross-check %u of %u cross-checked groups proven equal to a second learner, %u "
           "rounds that differed on %llu inputs (ABC %.3f s)\n",
           s->cross_equal, s->cross_groups, s->cross_rounds, (unsigned long long)s->cross_cex,
           s->t_cross);
  else if (s->cross >= 0)
    printf("  cross-check %s a second learner (seed %llu) after %u rounds that differed on %llu "
           "inputs (ABC %.3f s)\n",
           s->cross ? "proven equal to" : "NOT proven equal to", (unsigned long long)s->cross_seed,
           s->cross_rounds, (unsigned long long)s->cross_cex, s->t_cross);
  if (s->proven > 0)
    printf("  proof       equal to the reference (ABC, after learning), %.3f s\n", s->t_proof);
  else if (s->proven == 0)
    printf("  proof       NOT equal to the reference: %u outputs differ (ABC), %.3f s\n",
           s->proof_differs, s->t_proof);
  if (s->verify_vectors)
    printf("  check       %llu fresh vectors, %lld with a mismatch%s\n",
           (unsigned long long)s->verify_vectors, (long long)s->mismatches,
           s->verify_vectors < s->verify_asked ? " (cut short by the time budget)" : "");
  if (s->groups_text)
    fputs(s->groups_text, stdout);
  if (s->ranks_text)
    fputs(s->ranks_text, stdout);
}

static void print_json(const bsyn_cli_learn_summary *s) {
  const bsyn_learn_stats *st = &s->st;
  printf(
      "{\"oracle\":\"%s\",\"status\":\"%s\",\"exit\":%d,\"inputs\":%u,\"outputs\":%u,"
      "\"threads\":%u,\"bsd_nodes\":%u,\"ands\":%u,"
      "\"learn_nodes\":%llu,\"leaves_const\":%llu,\"leaves_literal\":%llu,\"leaves_forced\":%llu,"
      "\"merges\":%llu,\"merges_complement\":%llu,\"merges_rejected\":%llu,\"merges_cyclic\":%llu,"
      "\"levels\":%u,\"max_frontier\":%llu,\"samples\":%llu,\"queries\":%llu,"
      "\"t_probe\":%.6f,\"t_classify\":%.6f,\"t_confirm\":%.6f,\"t_learn\":%.6f,\"t_aig\":%.6f,"
      "\"t_check\":%.6f,\"t_verify\":%.6f,\"seconds\":%.6f,\"max_seconds\":%g,"
      "\"max_memory\":%llu,\"stop\":\"%s\",\"unfinished_mass\":%.6g,",
      s->oracle, status_name(s), bsyn_cli_learn_exit(s), s->nin, s->nout, s->threads, s->bsd_nodes,
      s->ands, (unsigned long long)st->nodes, (unsigned long long)st->leaves_const,
      (unsigned long long)st->leaves_literal, (unsigned long long)st->leaves_forced,
      (unsigned long long)st->merges, (unsigned long long)st->merges_complement,
      (unsigned long long)st->merges_rejected, (unsigned long long)st->merges_cyclic, st->levels,
      (unsigned long long)st->max_frontier, (unsigned long long)st->samples,
      (unsigned long long)st->queries, st->t_probe, st->t_classify, st->t_confirm, st->t_total,
      s->t_aig, s->t_check, s->t_verify, s->t_total, s->max_seconds,
      (unsigned long long)s->max_memory, bsyn_cli_learn_stop_name(st->stop), st->unfinished_mass);
  if (isinf(st->unfinished_log2))
    printf("\"unfinished_log2\":null,");
  else
    printf("\"unfinished_log2\":%.6f,", st->unfinished_log2);
  printf("\"refine_rounds\":%u,\"self_cex\":%llu,\"searched\":%llu,\"reopened\":%llu,"
         "\"t_proof\":%.6f,\"proof_differs\":%u,\"proven\":%s,",
         s->rounds, (unsigned long long)s->self_cex, (unsigned long long)s->searched,
         (unsigned long long)st->reopened, s->t_proof, s->proof_differs,
         s->proven < 0 ? "null"
         : s->proven   ? "true"
                       : "false");
  printf("\"cross_check\":%s,\"cross_seed\":%llu,\"cross_rounds\":%u,\"cross_cex\":%llu,"
         "\"t_cross\":%.6f,",
         s->cross < 0 ? "null"
         : s->cross   ? "true"
                      : "false",
         (unsigned long long)s->cross_seed, s->cross_rounds, (unsigned long long)s->cross_cex,
         s->t_cross);
  if (s->groups_json)
    printf("\"groups\":%s,", s->groups_json);
  else if (s->cases)
    printf("\"cases\":%u,", s->cases);
  if (s->ranks_json)
    printf("\"ranks\":%s,", s->ranks_json);
  printf("\"verify_vectors\":%llu,\"mismatches\":%lld}\n", (unsigned long long)s->verify_vectors,
         (long long)s->mismatches);
}

void bsyn_cli_learn_report(const bsyn_cli_learn_summary *s, int json) {
  if (json)
    print_json(s);
  else
    print_text(s);
}
