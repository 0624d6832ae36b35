/* The per-key specialised evaluator (bsyn_gates_spec) against bsyn_aig_eval: random and
 * learned-style multiplexer netlists, random keys, groups, parts and cache budgets (small
 * ones force clears), random input changes and requests. Randomized tests print their seed;
 * BSYN_TEST_SEED=<n> changes it. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_gates_spec.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

static uint64_t test_seed(void) {
  const char *s = getenv("BSYN_TEST_SEED");
  return s ? strtoull(s, NULL, 0) : 0x73706563ull;
}

typedef struct setup {
  uint32_t num_key, key[64];
  uint8_t *group;
  uint32_t num_parts, first[64], len[64];
  int default_parts;
  size_t cache;
  uint32_t min_hits;
} setup;

/* A random key (a prefix, a scattered subset, none, or every input), groups, parts and a
 * cache budget. */
static void random_setup(const bsyn_aig *aig, bsyn_rng *rng, uint32_t keyish, setup *u) {
  uint32_t ni = aig->num_inputs, no = aig->num_outputs;
  uint64_t r = bsyn_rng_next(rng);
  memset(u, 0, sizeof *u);
  uint8_t *used = bsyn_calloc(ni, 1);
  switch (r & 3) {
  case 0:
    u->num_key = keyish < 64 ? keyish : 64;
    for (uint32_t k = 0; k < u->num_key; k++)
      u->key[k] = k;
    break;
  case 1:
    for (uint32_t k = 0; k < 64 && u->num_key < ni / 2; k++) {
      uint32_t i = (uint32_t)(bsyn_rng_next(rng) % ni);
      if (!used[i])
        used[i] = 1, u->key[u->num_key++] = i;
    }
    break;
  case 2:
    break; /* no key: one residual, the whole netlist */
  default:
    u->num_key = ni < 64 ? ni : 64; /* (nearly) everything fixed */
    for (uint32_t k = 0; k < u->num_key; k++)
      u->key[k] = ni - 1 - k;
  }
  free(used);
  u->group = bsyn_malloc(ni);
  for (uint32_t i = 0; i < ni; i++)
    u->group[i] = (uint8_t)(bsyn_rng_next(rng) % BSYN_GATES_GROUPS);
  u->default_parts = (r >> 4 & 3) == 0;
  u->num_parts = 1 + (uint32_t)(bsyn_rng_next(rng) % 40);
  for (uint32_t q = 0; q < u->num_parts; q++) {
    u->first[q] = (uint32_t)(bsyn_rng_next(rng) % no);
    uint32_t room = no - u->first[q];
    u->len[q] = 1 + (uint32_t)(bsyn_rng_next(rng) % (room < 32 ? room : 32));
  }
  u->cache = (r >> 8 & 1) ? 2048 : 0; /* a tiny budget: clears at nearly every new key */
  u->min_hits = !(r >> 9 & 1)        ? (uint32_t)(r >> 10 & 1) /* at once */
                : (r >> 10 & 3) == 3 ? BSYN_GATES_SPEC_AUTO_HITS
                                     : 2 + (uint32_t)(r >> 10 & 3);
}

/* Inputs change as a program's would: the key takes one of a few values (so residuals are
 * reused) or a fresh one; free inputs change group by group, bit by bit or as words. */
static void check_against_eval(const bsyn_aig *aig, uint32_t keyish, uint64_t seed) {
  bsyn_rng rng;
  bsyn_rng_seed(&rng, seed);
  uint32_t ni = aig->num_inputs, no = aig->num_outputs;
  setup u;
  random_setup(aig, &rng, keyish, &u);
  bsyn_gates_spec_params p = {u.num_key,
                              u.key,
                              u.group,
                              u.num_parts,
                              u.default_parts ? NULL : u.first,
                              u.default_parts ? NULL : u.len,
                              u.cache,
                              u.min_hits};
  bsyn_gates_spec *s = bsyn_gates_spec_new(aig, &p);
  uint32_t np = bsyn_gates_spec_num_parts(s);
  cr_assert_eq(np, u.default_parts ? (no + 31) / 32 : u.num_parts);
  uint8_t *in = bsyn_calloc(ni, 1), *want = bsyn_malloc(no), *iskey = bsyn_calloc(ni, 1);
  for (uint32_t k = 0; k < u.num_key; k++)
    iskey[u.key[k]] = 1;
  uint64_t keys[4];
  for (int k = 0; k < 4; k++)
    keys[k] = bsyn_rng_next(&rng);
  for (int round = 0; round < 80; round++) {
    uint64_t r = bsyn_rng_next(&rng);
    if ((r & 3) != 3) { /* a new key value: one of four, or fresh */
      uint64_t kv = (r >> 2 & 7) < 6 ? keys[r >> 2 & 3] : bsyn_rng_next(&rng);
      for (uint32_t k = 0; k < u.num_key; k++) {
        in[u.key[k]] = kv >> k & 1;
        bsyn_gates_spec_set_input(s, u.key[k], in[u.key[k]]);
      }
    }
    unsigned grp = (unsigned)(r >> 8) % BSYN_GATES_GROUPS;
    for (uint32_t i = 0; i < ni; i++) {
      int flip = iskey[i]             ? 0
                 : (r >> 12 & 3) == 0 ? u.group[i] == grp && (bsyn_rng_next(&rng) & 1)
                 : (r >> 12 & 3) == 1 ? bsyn_rng_next(&rng) % ni == 0
                                      : 0;
      if (flip) {
        in[i] ^= 1;
        bsyn_gates_spec_set_input(s, i, in[i]);
      }
    }
    if ((r >> 16 & 3) == 0) { /* a word write over any inputs, key ones included */
      uint32_t n = 1 + (uint32_t)(r >> 20) % (ni < 32 ? ni : 32);
      uint32_t first = (uint32_t)(r >> 28) % (ni - n + 1), bits = (uint32_t)bsyn_rng_next(&rng);
      bsyn_gates_spec_set_word(s, first, n, bits);
      for (uint32_t k = 0; k < n; k++)
        in[first + k] = bits >> k & 1;
    }
    bsyn_aig_eval(aig, in, want);
    for (uint32_t q = 0; q < np; q++) {
      if (bsyn_rng_next(&rng) % 3 == 0)
        continue; /* not asked this round: its memo must still be right later */
      uint32_t first = u.default_parts ? 32 * q : u.first[q];
      uint32_t len = u.default_parts ? (no - first < 32 ? no - first : 32) : u.len[q];
      uint32_t w = bsyn_gates_spec_part(s, q), in_first;
      for (uint32_t k = 0; k < 32; k++)
        cr_assert_eq(w >> k & 1, k < len ? want[first + k] : 0,
                     "seed 0x%llx round %d: part %u bit %u is %u, bsyn_aig_eval says %u",
                     (unsigned long long)seed, round, q, k, w >> k & 1,
                     k < len ? want[first + k] : 0);
      if (bsyn_gates_spec_part_is_inputs(s, q, &in_first)) /* a copy of free inputs */
        for (uint32_t k = 0; k < len; k++) {
          cr_assert_lt(in_first + k, ni);
          cr_assert_not(iskey[in_first + k]);
          cr_assert_eq(w >> k & 1, in[in_first + k], "seed 0x%llx: part %u is not input %u..",
                       (unsigned long long)seed, q, in_first);
        }
    }
  }
  bsyn_gates_spec_stats st;
  bsyn_gates_spec_get_stats(s, &st);
  if (u.min_hits <= 1)
    cr_assert_geq(st.builds, 1);
  else
    cr_assert_gt(st.fallback_reads, 0, "seed 0x%llx: a new key is cold", (unsigned long long)seed);
  if (u.cache && st.builds > 1)
    cr_assert_gt(st.clears, 0, "seed 0x%llx: a 2 KiB budget must clear", (unsigned long long)seed);
  cr_assert_leq(st.entries, st.builds);
  bsyn_gates_spec_free(s);
  free(u.group);
  free(in);
  free(want);
  free(iskey);
}

Test(gates_spec, equals_aig_eval_on_random_aigs) {
  uint64_t seed = test_seed();
  for (uint64_t k = 0; k < 80; k++) {
    uint64_t s = bsyn_mix64(seed + k);
    uint32_t ni = 2 + (uint32_t)(s % 80);
    bsyn_aig *aig =
        bsyn_test_random_aig(ni, 10 + (uint32_t)(s >> 8) % 900, 1 + (uint32_t)(s >> 20) % 70, s);
    check_against_eval(aig, ni / 2, s);
    bsyn_aig_free(aig);
  }
}

Test(gates_spec, equals_aig_eval_on_learned_style_mux_netlists) {
  uint64_t seed = test_seed();
  for (uint64_t k = 0; k < 50; k++) {
    uint64_t s = bsyn_mix64(seed ^ (0x6d7578ull + k));
    uint32_t ni = 8 + (uint32_t)(s % 100), keyish = 1 + (uint32_t)(s >> 7) % (ni / 2);
    bsyn_aig *aig = bsyn_test_mux_aig(ni, keyish, 50 + (uint32_t)(s >> 8) % 3000,
                                      1 + (uint32_t)(s >> 20) % 80, s);
    check_against_eval(aig, keyish, s + 1);
    bsyn_aig_free(aig);
  }
}

/* A mux whose select is in the key costs nothing but the chosen side; constants and wires
 * cost nothing at all. */
Test(gates_spec, folding_leaves_the_selected_cone_only) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit sel = bsyn_aig_add_input(g, NULL), a = bsyn_aig_add_input(g, NULL),
           b = bsyn_aig_add_input(g, NULL), c = bsyn_aig_add_input(g, NULL);
  bsyn_lit big = c;
  for (int k = 0; k < 40; k++)
    big = bsyn_aig_xor(g, big, (k & 1) ? b : a); /* 120 ANDs over a, b, c */
  bsyn_aig_add_output(g, bsyn_aig_mux(g, sel, bsyn_aig_and(g, a, b), big), NULL);
  bsyn_aig_add_output(g, bsyn_aig_or(g, sel, bsyn_lit_not(sel)), NULL); /* folds to 1 */
  bsyn_aig_add_output(g, bsyn_aig_mux(g, sel, b, c), NULL);             /* a wire either way */
  uint32_t key[1] = {0}, first[3] = {0, 1, 2}, len[3] = {1, 1, 1};
  bsyn_gates_spec_params p = {1, key, NULL, 3, first, len, 0, 0};
  bsyn_gates_spec *s = bsyn_gates_spec_new(g, &p);
  bsyn_gates_spec_set_input(s, 0, 1);
  bsyn_gates_spec_set_input(s, 1, 1);
  bsyn_gates_spec_set_input(s, 2, 1);
  cr_assert_eq(bsyn_gates_spec_part(s, 0), 1);
  cr_assert_eq(bsyn_gates_spec_part(s, 1), 1);
  cr_assert_eq(bsyn_gates_spec_part(s, 2), 1);
  uint32_t in;
  cr_assert(bsyn_gates_spec_part_is_inputs(s, 2, &in));
  cr_assert_eq(in, 2);
  cr_assert_not(bsyn_gates_spec_part_is_inputs(s, 1, &in));
  bsyn_gates_spec_stats st;
  bsyn_gates_spec_get_stats(s, &st);
  cr_assert_eq(st.builds, 1);
  cr_assert_eq(st.residual_ands, 1, "sel = 1 leaves a & b only, found %llu ANDs",
               (unsigned long long)st.residual_ands);
  cr_assert_leq(st.visited, 8, "the other side (120 ANDs) is never visited");
  uint64_t n = st.computed;
  bsyn_gates_spec_set_input(s, 3, 1); /* c: not in the residual of sel = 1 ... */
  cr_assert_eq(bsyn_gates_spec_part(s, 0), 1);
  bsyn_gates_spec_set_input(s, 0, 0); /* sel = 0: another residual, the XOR chain */
  uint8_t v[4] = {0, 1, 1, 1}, want[3];
  bsyn_aig_eval(g, v, want);
  cr_assert_eq(bsyn_gates_spec_part(s, 0), want[0]);
  cr_assert(bsyn_gates_spec_part_is_inputs(s, 2, &in));
  cr_assert_eq(in, 3);
  bsyn_gates_spec_set_input(s, 0, 1); /* back: the first residual, from the cache */
  cr_assert_eq(bsyn_gates_spec_part(s, 0), 1);
  bsyn_gates_spec_get_stats(s, &st);
  cr_assert_eq(st.builds, 2);
  cr_assert_eq(st.entries, 2);
  cr_assert_gt(st.computed, n);
  bsyn_gates_spec_free(s);
  bsyn_aig_free(g);
}

/* A part read twice with no input change is not swept again. */
Test(gates_spec, memo_across_reads_and_groups) {
  bsyn_aig *g = bsyn_test_random_aig(24, 400, 40, 5);
  uint8_t group[24];
  for (int i = 0; i < 24; i++)
    group[i] = i < 16 ? 0 : 1;
  uint32_t key[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  bsyn_gates_spec_params p = {8, key, group, 0, NULL, NULL, 0, 0};
  bsyn_gates_spec *s = bsyn_gates_spec_new(g, &p);
  bsyn_gates_spec_set_word(s, 0, 24, 0xabcdefu);
  for (uint32_t q = 0; q < 2; q++)
    bsyn_gates_spec_part(s, q);
  bsyn_gates_spec_stats a, b;
  bsyn_gates_spec_get_stats(s, &a);
  bsyn_gates_spec_set_word(s, 0, 24, 0xabcdefu); /* the same values: no change */
  for (uint32_t q = 0; q < 2; q++)
    bsyn_gates_spec_part(s, q);
  bsyn_gates_spec_get_stats(s, &b);
  cr_assert_eq(b.computed, a.computed);
  cr_assert_eq(b.builds, 1);
  bsyn_gates_spec_free(s);
  bsyn_aig_free(g);
}

Test(gates_spec, rejects_a_repeated_key_input, .signal = SIGABRT) {
  bsyn_aig *g = bsyn_test_random_aig(4, 10, 2, 1);
  uint32_t key[2] = {1, 1};
  bsyn_gates_spec_params p = {2, key, NULL, 0, NULL, NULL, 0, 0};
  bsyn_gates_spec_new(g, &p);
}

Test(gates_spec, rejects_a_part_past_the_outputs, .signal = SIGABRT) {
  bsyn_aig *g = bsyn_test_random_aig(4, 10, 2, 1);
  uint32_t first[1] = {1}, len[1] = {2};
  bsyn_gates_spec_params p = {0, NULL, NULL, 1, first, len, 0, 0};
  bsyn_gates_spec_new(g, &p);
}

Test(gates_spec, rejects_a_part_out_of_range, .signal = SIGABRT) {
  bsyn_aig *g = bsyn_test_random_aig(4, 10, 2, 1);
  bsyn_gates_spec_params p = {0, NULL, NULL, 0, NULL, NULL, 0, 0};
  bsyn_gates_spec *s = bsyn_gates_spec_new(g, &p);
  bsyn_gates_spec_part(s, 1);
}

/* 40,000 levels: the partial evaluation's explicit stack and a long residual. */
Test(gates_spec, deep_chain_matches_eval) {
  bsyn_aig *g = bsyn_test_deep_chain_aig(40000);
  uint32_t key[3] = {1, 4, 6};
  bsyn_gates_spec_params p = {3, key, NULL, 0, NULL, NULL, 0, 0};
  bsyn_gates_spec *s = bsyn_gates_spec_new(g, &p);
  uint8_t v[8], want[2];
  for (int m = 0; m < 24; m++) {
    for (int i = 0; i < 8; i++) {
      v[i] = (uint8_t)(bsyn_mix64((uint64_t)m * 8 + (uint64_t)i) & 1);
      bsyn_gates_spec_set_input(s, (uint32_t)i, v[i]);
    }
    bsyn_aig_eval(g, v, want);
    uint32_t w = bsyn_gates_spec_part(s, 0);
    cr_assert_eq(w, (uint32_t)want[0] | (uint32_t)want[1] << 1, "pattern %d", m);
  }
  bsyn_gates_spec_free(s);
  bsyn_aig_free(g);
}

/* min_hits = 3: the first two meetings of a key value are answered by the demand-driven
 * evaluator, the third builds the residual (two values taking turns: builds in rounds 4
 * and 5); values are right all along. */
Test(gates_spec, cold_keys_use_the_demand_evaluator) {
  bsyn_aig *g = bsyn_test_mux_aig(20, 6, 800, 24, 11);
  uint32_t key[6] = {0, 1, 2, 3, 4, 5};
  bsyn_gates_spec_params p = {6, key, NULL, 0, NULL, NULL, 0, 3};
  bsyn_gates_spec *s = bsyn_gates_spec_new(g, &p);
  uint8_t in[20] = {0}, want[24];
  bsyn_gates_spec_stats st;
  for (int round = 0; round < 12; round++) {
    uint32_t kv = round % 2 ? 0x2a : 0x15, fr = (uint32_t)bsyn_mix64((uint64_t)round) & 0x3fff;
    bsyn_gates_spec_set_word(s, 0, 6, kv);
    bsyn_gates_spec_set_word(s, 6, 14, fr);
    for (int i = 0; i < 20; i++)
      in[i] = (uint8_t)((i < 6 ? kv >> i : fr >> (i - 6)) & 1);
    bsyn_aig_eval(g, in, want);
    uint32_t w = bsyn_gates_spec_part(s, 0);
    for (int k = 0; k < 24; k++)
      cr_assert_eq(w >> k & 1, want[k], "round %d bit %d", round, k);
    bsyn_gates_spec_get_stats(s, &st);
    cr_assert_eq(st.builds,
                 round < 4    ? 0u
                 : round == 4 ? 1u
                              : 2u,
                 "round %d: %llu builds", round, (unsigned long long)st.builds);
  }
  cr_assert_eq(st.fallback_reads, 4);
  bsyn_gates_spec_free(s);
  bsyn_aig_free(g);
}
