/* The RV32IA sampler: picked by bsyn_sampler_rv32 for the rv32ia-priv layouts only, its words
 * are pure functions of (seed, word), fixup keeps forced bits and re-derives hints, and the mix
 * covers every instruction class, CSR address, privilege and fault input of the contract. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn_sample.h"
#include "bsyn_rv32.h"
#include "bsyn_rv32ia.h"
#include "bsyn_rv32ia_oracle.h"
#include "bsyn_sample_rv32.h"
#include "bsyn_sample_rv32ia.h"
#include "bsyn_transpose.h"
#include "bsyn_util.h"

enum { NW = 64 };

static bsyn_sampler *sampler_for(bsyn_oracle *o) {
  bsyn_sampler *s = bsyn_sampler_rv32(o->num_inputs, o->in_fields, o->num_in_fields);
  cr_assert_not_null(s, "%s not recognised", o->name);
  return s;
}

/* Vector v's input from rows of nwords words. */
static void lane(const uint64_t *rows, size_t nwords, uint32_t nin, size_t v, int hints,
                 bsyn_rv32ia_in *in) {
  uint64_t bits[BSYN_RV32IA_IN_WORDS] = {0};
  for (uint32_t b = 0; b < nin; b++)
    bits[b / 64] |= (rows[(size_t)b * nwords + v / 64] >> (v % 64) & 1) << (b % 64);
  bsyn_rv32ia_unpack_in(bits, hints, in);
}

Test(sample_rv32ia, picked_for_its_layouts_only) {
  for (int hints = 0; hints < 2; hints++) {
    bsyn_oracle *o = bsyn_rv32ia_oracle(hints);
    bsyn_sampler *s = sampler_for(o);
    cr_assert_str_eq(s->kind, "rv32");
    cr_assert_eq(s->num_inputs, o->num_inputs);
    bsyn_sampler_free(s);
    s = bsyn_sampler_rv32_search(o->num_inputs, o->in_fields, o->num_in_fields);
    cr_assert_not_null(s);
    bsyn_sampler_free(s);
    bsyn_field f[80];
    memcpy(f, o->in_fields, o->num_in_fields * sizeof *f);
    f[53].lsb += 1; /* inst moved */
    cr_assert_null(bsyn_sampler_rv32ia(o->num_inputs, f, o->num_in_fields));
    cr_assert_null(bsyn_sampler_rv32ia(o->num_inputs + 1, o->in_fields, o->num_in_fields));
    bsyn_oracle_close(o);
  }
}

Test(sample_rv32ia, words_are_pure_and_fixup_keeps_forced_bits) {
  bsyn_oracle *o = bsyn_rv32ia_oracle(1);
  bsyn_sampler *s = sampler_for(o);
  uint32_t n = o->num_inputs;
  uint64_t *a = malloc(8 * (size_t)n * NW), *b = malloc(8 * (size_t)n * NW);
  s->fill(s, 7, 100, NW, a, NW);
  for (size_t w = 0; w < NW; w += 16) /* the same words drawn in other batches */
    s->fill(s, 7, 100 + w, 16, b + w, NW);
  cr_assert_eq(memcmp(a, b, 8 * (size_t)n * NW), 0);
  uint8_t *fixed = calloc(n, 1);
  s->fixup(s, 7, 100, NW, fixed, b, NW);
  cr_assert_eq(memcmp(a, b, 8 * (size_t)n * NW), 0, "fixup with nothing forced changed a word");
  /* force inst = amoadd.w x3, x2, (x1) and x1's low bits to 0: hints follow */
  uint32_t inst = 0x0020a1af;
  for (uint32_t k = 0; k < 32; k++) {
    fixed[BSYN_RV32IA_IN_INST + k] = 1;
    for (size_t w = 0; w < NW; w++)
      b[(size_t)(BSYN_RV32IA_IN_INST + k) * NW + w] = (inst >> k & 1) ? ~0ull : 0;
  }
  fixed[32] = fixed[33] = 1;
  for (size_t w = 0; w < NW; w++)
    b[32 * NW + w] = b[33 * NW + w] = 0;
  s->fixup(s, 7, 100, NW, fixed, b, NW);
  for (size_t v = 0; v < 64 * NW; v++) {
    bsyn_rv32ia_in in;
    lane(b, NW, n, v, 1, &in);
    cr_assert_eq(in.inst, inst);
    cr_assert_eq(in.x[1] & 3, 0);
    cr_assert_eq(in.rs1_hint, in.x[1], "vector %zu", v);
    cr_assert_eq(in.rs2_hint, in.x[2], "vector %zu", v);
  }
  free(fixed), free(a), free(b);
  bsyn_sampler_free(s);
  bsyn_oracle_close(o);
}

/* fill and fixup write the layout's rows and nothing after them: without hints the last
 * chunk of 64 inputs is partial (1,798 = 28 * 64 + 6) and the 30th does not exist. */
Test(sample_rv32ia, fill_stays_inside_its_rows) {
  for (int hints = 0; hints < 2; hints++) {
    bsyn_oracle *o = bsyn_rv32ia_oracle(hints);
    bsyn_sampler *s = sampler_for(o);
    size_t n = o->num_inputs, guard = 64 * NW;
    uint64_t *rows = malloc(8 * (n * NW + guard));
    for (size_t i = 0; i < guard; i++)
      rows[n * NW + i] = 0x5a5a5a5a5a5a5a5aull ^ i;
    uint8_t *fixed = calloc(n, 1);
    fixed[BSYN_RV32IA_IN_PC] = 1;
    s->fill(s, 3, 0, NW, rows, NW);
    s->fixup(s, 3, 0, NW, fixed, rows, NW);
    for (size_t i = 0; i < guard; i++)
      cr_assert_eq(rows[n * NW + i], 0x5a5a5a5a5a5a5a5aull ^ i, "hints %d: word %zu past the rows",
                   hints, i);
    free(fixed), free(rows);
    bsyn_sampler_free(s);
    bsyn_oracle_close(o);
  }
}

/* The class of an instruction word for coverage counts. */
enum { C_RV32I, C_CSR, C_CSR_BAD, C_AMO, C_SYS, C_FENCE_I, C_OTHER, NUM_CLASSES };

static int csr_known(uint32_t a) {
  for (unsigned k = 0; k < bsyn_rv32ia_num_csr_addrs(); k++)
    if (bsyn_rv32ia_csr_addr(k) == a)
      return 1;
  return 0;
}

static int classify(uint32_t w) {
  uint32_t op = w & 0x7f, f3 = w >> 12 & 7;
  if (op == 0x73 && f3 && f3 != 4)
    return csr_known(w >> 20) ? C_CSR : C_CSR_BAD;
  if (op == 0x73)
    return w == BSYN_RV32_INST_ECALL || w == BSYN_RV32_INST_EBREAK || w == BSYN_RV32IA_INST_MRET ||
                   w == BSYN_RV32IA_INST_SRET || w == BSYN_RV32IA_INST_WFI ||
                   (w & BSYN_RV32IA_SFENCE_MASK) == BSYN_RV32IA_SFENCE_MATCH
               ? C_SYS
               : C_OTHER;
  if (op == BSYN_RV32IA_OPC_AMO)
    return f3 == 2 ? C_AMO : C_OTHER;
  if (op == 0x0f && f3 == 1)
    return C_FENCE_I;
  return C_RV32I;
}

Test(sample_rv32ia, mix_covers_the_contract) {
  bsyn_oracle *o = bsyn_rv32ia_oracle(0);
  bsyn_sampler *s = sampler_for(o);
  uint32_t n = o->num_inputs;
  uint64_t *rows = malloc(8 * (size_t)n * NW);
  s->fill(s, 3, 0, NW, rows, NW);
  size_t cls[NUM_CLASSES] = {0}, priv[4] = {0}, irq = 0, ipf = 0, lpf = 0, spf = 0, res = 0;
  size_t amo_f5[32] = {0}, sys[6] = {0}, amo_aligned = 0, amo_all = 0;
  uint8_t csr_seen[4096] = {0};
  const size_t N = 64 * NW;
  for (size_t v = 0; v < N; v++) {
    bsyn_rv32ia_in in;
    lane(rows, NW, n, v, 0, &in);
    int c = classify(in.inst);
    cls[c]++;
    priv[in.priv]++;
    irq += in.irq, ipf += in.inst_page_fault, lpf += in.load_page_fault;
    spf += in.store_page_fault;
    res += in.csr[BSYN_RV32IA_MSTATUS] >> BSYN_RV32IA_MS_RES & 1;
    if (c == C_CSR)
      csr_seen[in.inst >> 20] = 1;
    if (c == C_AMO) {
      amo_f5[in.inst >> 27]++;
      unsigned rs1 = in.inst >> 15 & 31;
      amo_all += rs1 != 0;
      amo_aligned += rs1 && (in.x[rs1] & 3) == 0;
    }
    const uint32_t words[6] = {BSYN_RV32_INST_ECALL,  BSYN_RV32_INST_EBREAK,
                               BSYN_RV32IA_INST_MRET, BSYN_RV32IA_INST_SRET,
                               BSYN_RV32IA_INST_WFI,  BSYN_RV32IA_SFENCE_MATCH};
    for (unsigned k = 0; k < 6; k++)
      sys[k] += k < 5 ? in.inst == words[k]
                      : (in.inst & BSYN_RV32IA_SFENCE_MASK) == BSYN_RV32IA_SFENCE_MATCH;
  }
  for (unsigned c = 0; c < NUM_CLASSES; c++)
    cr_assert_gt(cls[c], N / 100, "class %u: %zu of %zu", c, cls[c], N);
  for (unsigned k = 0; k < bsyn_rv32ia_num_csr_addrs(); k++)
    cr_assert(csr_seen[bsyn_rv32ia_csr_addr(k)], "CSR %#x never drawn", bsyn_rv32ia_csr_addr(k));
  static const unsigned f5[11] = {0x02, 0x03, 0x01, 0x00, 0x04, 0x0c, 0x08, 0x10, 0x14, 0x18, 0x1c};
  for (unsigned k = 0; k < 11; k++)
    cr_assert_gt(amo_f5[f5[k]], 20, "funct5 %#x: %zu", f5[k], amo_f5[f5[k]]);
  for (unsigned k = 0; k < 6; k++)
    cr_assert_gt(sys[k], 20, "SYSTEM word %u: %zu", k, sys[k]);
  for (unsigned p = 0; p < 4; p++)
    cr_assert_gt(priv[p], p == 2 ? N / 40 : N / 4, "priv %u: %zu", p, priv[p]);
  cr_assert(amo_aligned > amo_all / 2 && amo_aligned < amo_all, "%zu of %zu aligned", amo_aligned,
            amo_all);
  cr_assert(irq > N / 16 && irq < N / 4, "irq %zu", irq);
  cr_assert(ipf > N / 64 && ipf < N / 16, "inst_page_fault %zu", ipf);
  cr_assert(lpf > N / 16 && lpf < N / 4 && spf > N / 16 && spf < N / 4);
  cr_assert(res > N / 4 && res < 3 * N / 4, "reservation %zu", res);
  free(rows);
  bsyn_sampler_free(s);
  bsyn_oracle_close(o);
}

/* The step's outcomes over the mix: every trap cause, both trap targets, and most steps
 * executing (so that the learner sees commits, not only traps). */
Test(sample_rv32ia, outcomes) {
  size_t causes[16] = {0}, ints = 0, to_s = 0, ok = 0, stores = 0;
  const size_t N = 1u << 15;
  for (size_t i = 0; i < N; i++) {
    bsyn_rv32ia_in in;
    bsyn_rv32ia_out out;
    bsyn_rv32ia_random_in(bsyn_mix64(i ^ 0xca5e), 0, &in);
    bsyn_rv32ia_step(&in, &out);
    if (!out.trap) {
      ok++;
      stores += out.store_addr != 0;
      continue;
    }
    to_s += out.next_priv == 1;
    if (out.cause >> 31)
      ints++;
    else
      causes[out.cause & 15]++;
  }
  static const unsigned want[11] = {0, 2, 3, 4, 6, 8, 9, 11, 12, 13, 15};
  for (unsigned k = 0; k < 11; k++)
    cr_assert_gt(causes[want[k]], N / 1000, "cause %u: %zu", want[k], causes[want[k]]);
  cr_assert(ok > N / 3, "%zu of %zu without trap", ok, N);
  cr_assert(ints > N / 20 && ints < N / 3, "%zu interrupts", ints);
  cr_assert_gt(to_s, N / 20);
  cr_assert_gt(stores, N / 20);
}
