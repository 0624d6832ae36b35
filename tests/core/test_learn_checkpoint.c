/* Checkpoints as an attacker or a crash would leave them: every damaged file gives one
 * clear error (or, where nothing the learner reads changed, the same netlist), never a
 * crash; a resume with options that change the result is refused; an intact checkpoint
 * still resumes to the netlist of an uninterrupted run. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bsyn_aig.h"
#include "bsyn_arith.h"
#include "bsyn_learn.h"
#include "bsyn_learn_internal.h"
#include "bsyn_test.h"
#include "bsyn_test_files.h"

static void write_bytes(const char *path, const void *p, size_t n) {
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f, "%s", path);
  cr_assert_eq(n ? fwrite(p, n, 1, f) : 1, 1);
  cr_assert_eq(fclose(f), 0);
}

/* The run whose checkpoints the tests damage: arith:alu8 one input per level (so items
 * wait with carried counts), a checkpoint after every level. */
static void params_for(bsyn_learn_params *p) {
  bsyn_learn_defaults(p);
  p->seed = 5;
  p->level_order = 1;
  p->sens_words = 8;
  p->checkpoint_seconds = 0;
}

typedef struct keep_at {
  uint32_t level;
  const char *from, *to;
} keep_at;

/* Copies the checkpoint written after level k->level aside. */
static void keep_level(void *arg, const bsyn_learn_stats *st) {
  const keep_at *k = arg;
  if (st->levels != k->level)
    return;
  size_t n;
  char *b = bsyn_test_slurp(k->from, &n);
  write_bytes(k->to, b, n);
  free(b);
}

/* The uninterrupted run's netlist and statistics; its checkpoint after `level` levels is
 * left at mid (malloc'ed bytes returned, *len of them). */
static bsyn_aig *whole_run(bsyn_oracle *o, uint32_t level, const char *mid, bsyn_learn_stats *st,
                           char **bytes, size_t *len) {
  bsyn_learn_params p;
  params_for(&p);
  keep_at k = {level, bsyn_test_tmpfile("run.ckpt"), mid};
  p.checkpoint = k.from;
  p.progress = keep_level;
  p.progress_arg = &k;
  bsyn_learner *l = bsyn_learner_new(o, &p);
  bsyn_diag d;
  bsyn_diag_init(&d, o->name);
  cr_assert_eq(bsyn_learner_run(l, &d), 0, "%s", d.msg);
  cr_assert_gt(bsyn_learner_stats(l)->levels, level + 4, "the run should go past level %u", level);
  *st = *bsyn_learner_stats(l);
  bsyn_aig *aig = bsyn_learner_aig(l);
  bsyn_learner_free(l);
  *bytes = bsyn_test_slurp(mid, len);
  return aig;
}

/* Resumes from path with the test's parameters: NULL with d filled, or the finished
 * netlist (*stats receives the statistics). */
static bsyn_aig *resume_run(bsyn_oracle *o, const char *path, bsyn_diag *d,
                            bsyn_learn_stats *stats) {
  bsyn_learn_params p;
  params_for(&p);
  bsyn_diag_init(d, path);
  bsyn_learner *l = bsyn_learner_resume(o, &p, path, d);
  if (!l)
    return NULL;
  cr_assert_eq(bsyn_learner_run(l, d), 0, "%s", d->msg);
  bsyn_aig *aig = bsyn_learner_aig(l);
  if (stats)
    *stats = *bsyn_learner_stats(l);
  bsyn_learner_free(l);
  return aig;
}

static void assert_clear_error(const bsyn_diag *d, const char *what) {
  cr_assert(d->msg[0] && strstr(d->msg, "expected ") == d->msg && strstr(d->msg, ", found "),
            "%s: not an \"expected ..., found ...\" error: '%s'", what, d->msg);
}

Test(learn_checkpoint, an_intact_checkpoint_resumes_to_the_same_netlist_and_counts) {
  bsyn_oracle *o = bsyn_arith_open("arith:alu8", NULL);
  const char *mid = bsyn_test_tmpfile("mid.ckpt");
  bsyn_learn_stats whole, resumed;
  char *bytes;
  size_t len;
  bsyn_aig *a = whole_run(o, 6, mid, &whole, &bytes, &len);
  bsyn_diag d;
  bsyn_aig *b = resume_run(o, mid, &d, &resumed);
  cr_assert_not_null(b, "%s", d.msg);
  cr_assert(bsyn_aig_identical(a, b), "the resumed netlist differs");
  cr_assert_eq(resumed.nodes, whole.nodes);
  cr_assert_eq(resumed.levels, whole.levels);
  cr_assert_eq(resumed.queries, whole.queries, "waiting items keep their counts");
  bsyn_aig_free(a);
  bsyn_aig_free(b);
  free(bytes);
  bsyn_oracle_close(o);
}

/* Every one of these single-bit flips changes a word the checksum covers, so each must be
 * refused; if one were accepted, it would have to give the same netlist. */
Test(learn_checkpoint, every_single_bit_flip_gives_a_clear_error, .timeout = 300) {
  bsyn_oracle *o = bsyn_arith_open("arith:alu8", NULL);
  const char *mid = bsyn_test_tmpfile("mid.ckpt"), *bad = bsyn_test_tmpfile("flip.ckpt");
  bsyn_learn_stats whole;
  char *bytes;
  size_t len;
  bsyn_aig *a = whole_run(o, 6, mid, &whole, &bytes, &len);
  uint64_t nbits = 8 * (uint64_t)len, tried = 0, refused = 0;
  /* every bit of the frame and the start of the identity, then about 400 spread over the
   * rest with an odd stride, so that every bit position within a byte is hit */
  uint64_t stride = (nbits / 400) | 1;
  for (uint64_t bit = 0; bit < nbits; bit = bit < 8 * 64 ? bit + 1 : bit + stride) {
    bytes[bit / 8] ^= (char)(1u << (bit % 8));
    write_bytes(bad, bytes, len);
    bytes[bit / 8] ^= (char)(1u << (bit % 8));
    bsyn_diag d;
    bsyn_aig *b = resume_run(o, bad, &d, NULL);
    tried++;
    if (!b) {
      assert_clear_error(&d, "a flipped bit");
      cr_assert(strstr(d.msg, "checksum") || strstr(d.msg, "format") ||
                    strstr(d.msg, "checkpoint") || strstr(d.msg, "byte order"),
                "bit %llu: %s", (unsigned long long)bit, d.msg);
      refused++;
      continue;
    }
    cr_assert(bsyn_aig_identical(a, b), "bit %llu was accepted and changed the netlist",
              (unsigned long long)bit);
    bsyn_aig_free(b);
  }
  cr_assert_geq(tried, 40);
  cr_log_info("%llu flips over %zu bytes, all refused", (unsigned long long)tried, len);
  cr_assert_eq(refused, tried, "every flip is in a word the checksum covers");
  bsyn_aig_free(a);
  free(bytes);
  bsyn_oracle_close(o);
}

/* A crafted file with a valid checksum: the checks behind it must still stop every value
 * the learner could trip on (the run either is refused or finishes; any netlist will do). */
Test(learn_checkpoint, flips_behind_a_recomputed_checksum_never_crash, .timeout = 600) {
  bsyn_oracle *o = bsyn_arith_open("arith:alu8", NULL);
  const char *mid = bsyn_test_tmpfile("mid.ckpt"), *bad = bsyn_test_tmpfile("forged.ckpt");
  bsyn_learn_stats whole;
  char *bytes;
  size_t len;
  bsyn_aig *a = whole_run(o, 6, mid, &whole, &bytes, &len);
  uint64_t nbits = 8 * (uint64_t)(len - 8), accepted = 0, refused = 0;
  for (uint64_t bit = 8 * 8; bit < nbits; bit += nbits / 300 + 1) {
    char *f = bsyn_malloc(len);
    memcpy(f, bytes, len);
    f[bit / 8] ^= (char)(1u << (bit % 8));
    uint64_t sum = bsyn_ckp_checksum(f, len - 8);
    memcpy(f + len - 8, &sum, 8);
    write_bytes(bad, f, len);
    free(f);
    bsyn_diag d;
    bsyn_aig *b = resume_run(o, bad, &d, NULL);
    if (b) {
      accepted++;
      bsyn_aig_free(b);
    } else {
      assert_clear_error(&d, "a forged checkpoint");
      refused++;
    }
  }
  cr_assert_gt(refused, 0);
  cr_log_info("forged flips: %llu refused, %llu accepted", (unsigned long long)refused,
              (unsigned long long)accepted);
  bsyn_aig_free(a);
  free(bytes);
  bsyn_oracle_close(o);
}

Test(learn_checkpoint, a_truncated_checkpoint_gives_a_clear_error_at_every_length) {
  bsyn_oracle *o = bsyn_arith_open("arith:alu8", NULL);
  const char *mid = bsyn_test_tmpfile("mid.ckpt"), *bad = bsyn_test_tmpfile("short.ckpt");
  bsyn_learn_stats whole;
  char *bytes;
  size_t len;
  bsyn_aig *a = whole_run(o, 6, mid, &whole, &bytes, &len);
  size_t cuts[] = {0, 1, 7, 8, 20, 31, 32, 33, 100, len / 3, len / 2, len - 9, len - 8, len - 1};
  for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
    write_bytes(bad, bytes, cuts[k]);
    bsyn_diag d;
    cr_assert_null(resume_run(o, bad, &d, NULL), "cut at %zu accepted", cuts[k]);
    assert_clear_error(&d, "a truncated checkpoint");
    cr_assert(strstr(d.msg, "truncated") != NULL, "cut at %zu: %s", cuts[k], d.msg);
  }
  bsyn_aig_free(a);
  free(bytes);
  bsyn_oracle_close(o);
}

/* Resumes mid under p and expects a refusal whose message holds want. */
static void refused_with(bsyn_oracle *o, const char *mid, const bsyn_learn_params *p,
                         const char *want) {
  bsyn_diag d;
  bsyn_diag_init(&d, mid);
  bsyn_learner *l = bsyn_learner_resume(o, p, mid, &d);
  cr_assert_null(l, "a resume with %s was accepted", want);
  assert_clear_error(&d, want);
  cr_assert(strstr(d.msg, want) != NULL, "want '%s' in: %s", want, d.msg);
}

Test(learn_checkpoint, a_resume_with_other_result_changing_options_is_refused) {
  bsyn_oracle *o = bsyn_arith_open("arith:alu8", NULL);
  const char *mid = bsyn_test_tmpfile("mid.ckpt");
  bsyn_learn_stats whole;
  char *bytes;
  size_t len;
  bsyn_aig *a = whole_run(o, 6, mid, &whole, &bytes, &len);
  const char *opts = "expected the options the checkpoint was written with (";
  bsyn_learn_params p;
  char want[256];
  params_for(&p);
  p.level_order = 0;
  snprintf(want, sizeof want, "%s--level-order), found different ones (no --level-order)", opts);
  refused_with(o, mid, &p, want);
  params_for(&p);
  p.seed = 6;
  refused_with(o, mid, &p, "(--seed 5), found different ones (--seed 6)");
  params_for(&p);
  p.sens_words = 4;
  refused_with(o, mid, &p, "(--sens-words 8), found different ones (--sens-words 4)");
  params_for(&p);
  p.epsilon = 0.02;
  refused_with(o, mid, &p, "signature words");
  params_for(&p);
  p.confirm_words = 3;
  refused_with(o, mid, &p, "--confirm-words");
  params_for(&p);
  p.pair_fields = 1;
  refused_with(o, mid, &p, "(no --pair-fields), found different ones (--pair-fields)");
  params_for(&p);
  p.lookahead = 4;
  refused_with(o, mid, &p, "(--lookahead 0), found different ones (--lookahead 4)");
  params_for(&p);
  uint32_t outs[1] = {0};
  p.outputs = outs;
  p.num_outputs = 1;
  refused_with(o, mid, &p, "(the --outputs list), found different ones");
  params_for(&p);
  uint32_t order[2] = {1, 0};
  p.order = order;
  p.order_len = 2;
  refused_with(o, mid, &p, "(no --order), found different ones (an --order)");
  params_for(&p);
  bsyn_sampler *s = bsyn_sampler_stress(o->num_inputs, o->in_fields, o->num_in_fields);
  p.sampler = s;
  refused_with(o, mid, &p, "(the sampler");
  bsyn_sampler_free(s);
  bsyn_aig_free(a);
  free(bytes);
  bsyn_oracle_close(o);
}

/* Budgets, threads and the gate form do not change what is learned up to the checkpoint,
 * nor do look-ahead settings while the look-ahead is off. */
Test(learn_checkpoint, options_that_change_nothing_learned_may_differ) {
  bsyn_oracle *o = bsyn_arith_open("arith:alu8", NULL);
  const char *mid = bsyn_test_tmpfile("mid.ckpt");
  bsyn_learn_stats whole;
  char *bytes;
  size_t len;
  bsyn_aig *a = whole_run(o, 6, mid, &whole, &bytes, &len);
  bsyn_learn_params p;
  params_for(&p);
  p.max_nodes = 1u << 30;
  p.max_seconds = 1000;
  p.lookahead_depth = 7;
  p.lookahead_gain = 0.5;
  p.aig_form = BSYN_AIG_FORM_MUX;
  p.pool = bsyn_pool_new(2);
  bsyn_diag d;
  bsyn_diag_init(&d, mid);
  bsyn_learner *l = bsyn_learner_resume(o, &p, mid, &d);
  cr_assert_not_null(l, "%s", d.msg);
  cr_assert_eq(bsyn_learner_run(l, &d), 0, "%s", d.msg);
  cr_assert_eq(bsyn_learner_stats(l)->nodes, whole.nodes);
  bsyn_learner_free(l);
  bsyn_pool_free(p.pool);
  bsyn_aig_free(a);
  free(bytes);
  bsyn_oracle_close(o);
}

Test(learn_checkpoint, another_oracle_or_format_is_refused) {
  bsyn_oracle *o = bsyn_arith_open("arith:alu8", NULL);
  const char *mid = bsyn_test_tmpfile("mid.ckpt"), *bad = bsyn_test_tmpfile("other.ckpt");
  bsyn_learn_stats whole;
  char *bytes;
  size_t len;
  bsyn_aig *a = whole_run(o, 6, mid, &whole, &bytes, &len);
  bsyn_learn_params p;
  params_for(&p);
  bsyn_oracle *add = bsyn_arith_open("arith:add8", NULL);
  refused_with(add, mid, &p, "expected a checkpoint of oracle arith:add8, found one of arith:alu8");
  bsyn_oracle_close(add);
  memcpy(bytes, "BSYNCKP1", 8); /* the format before this one */
  write_bytes(bad, bytes, len);
  refused_with(o, bad, &p, "found format 1");
  memcpy(bytes, BSYN_CKP_MAGIC, 8);
  uint32_t bom = __builtin_bswap32(BSYN_CKP_BOM);
  memcpy(bytes + 12, &bom, 4);
  write_bytes(bad, bytes, len);
  refused_with(o, bad, &p, "the other byte order");
  write_bytes(bad, "BSYN", 4);
  refused_with(o, bad, &p, "truncated");
  write_bytes(bad, "#!/bin/sh\necho hello\n", 21);
  refused_with(o, bad, &p, "expected a bsyn learner checkpoint, found other data");
  refused_with(o, bsyn_test_tmpdir(), &p, "found a folder");
  refused_with(o, bsyn_test_tmpfile("absent.ckpt"), &p, "expected a readable checkpoint");
  bsyn_aig_free(a);
  free(bytes);
  bsyn_oracle_close(o);
}

/* A killed run may leave FILE.tmp behind, even as a link to someone else's file: the next
 * write replaces it (the link, not its target) and leaves none behind. */
Test(learn_checkpoint, a_stray_tmp_file_is_replaced_and_none_is_left_behind) {
  bsyn_oracle *o = bsyn_arith_open("arith:add4", NULL);
  const char *path = bsyn_test_tmpfile("stray.ckpt"), *tmp = bsyn_test_tmpfile("stray.ckpt.tmp");
  const char *victim = bsyn_test_tmpfile("victim.txt");
  write_bytes(victim, "keep me\n", 8);
  cr_assert_eq(symlink(victim, tmp), 0);
  bsyn_learn_params p;
  bsyn_learn_defaults(&p);
  p.checkpoint = path;
  p.checkpoint_seconds = 0;
  bsyn_learner *l = bsyn_learner_new(o, &p);
  bsyn_diag d;
  bsyn_diag_init(&d, path);
  cr_assert_eq(bsyn_learner_run(l, &d), 0, "%s", d.msg);
  bsyn_learner_free(l);
  struct stat sb;
  cr_assert_neq(lstat(tmp, &sb), 0, "%s was left behind", tmp);
  char *kept = bsyn_test_slurp(victim, NULL);
  cr_assert_str_eq(kept, "keep me\n");
  free(kept);
  write_bytes(tmp, "half a checkpoint", 17);
  l = bsyn_learner_resume(o, &p, path, &d);
  cr_assert_not_null(l, "%s", d.msg);
  cr_assert_eq(bsyn_learner_save(l, path, &d), 0, "%s", d.msg);
  cr_assert_neq(lstat(tmp, &sb), 0, "%s was left behind", tmp);
  bsyn_learner_free(l);
  bsyn_diag_init(&d, path);
  l = bsyn_learner_new(o, &p);
  cr_assert_eq(bsyn_learner_save(l, "/nonexistent-dir/x.ckpt", &d), -1);
  cr_assert(strstr(d.msg, "expected to write checkpoint /nonexistent-dir/x.ckpt.tmp") != NULL, "%s",
            d.msg);
  bsyn_learner_free(l);
  bsyn_oracle_close(o);
}

/* The command line prints the error in the project's form and exits 1. */
Test(learn_checkpoint, the_cli_reports_a_damaged_checkpoint_and_exits_1) {
  const char *ck = bsyn_test_tmpfile("cli.ckpt"), *out = bsyn_test_tmpfile("cli.aig");
  char cmd[4096];
  snprintf(cmd, sizeof cmd,
           "%s learn --oracle arith:add8 -o %s --checkpoint %s "
           "--checkpoint-seconds 0 --threads 1",
           bsyn_test_exe(), out, ck);
  cr_assert_eq(bsyn_test_run(cmd, NULL), 0);
  size_t len;
  char *b = bsyn_test_slurp(ck, &len);
  b[len / 2] ^= 0x10;
  write_bytes(ck, b, len);
  free(b);
  snprintf(cmd, sizeof cmd, "%s learn --oracle arith:add8 -o %s --resume %s --threads 1",
           bsyn_test_exe(), out, ck);
  char *text;
  cr_assert_eq(bsyn_test_run(cmd, &text), 1, "%s", text);
  char want[4200];
  snprintf(want, sizeof want, "%s: error: expected checksum ", ck);
  cr_assert(strstr(text, want) != NULL, "%s", text);
  free(text);
}
