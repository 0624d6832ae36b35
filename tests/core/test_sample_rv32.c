#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn_sample.h"
#include "bsyn_rv32.h"
#include "bsyn_rv32_oracle.h"
#include "bsyn_sample_rv32.h"
#include "bsyn_transpose.h"
#include "bsyn_util.h"

static uint64_t test_seed(void) {
  const char *s = getenv("BSYN_TEST_SEED");
  return s ? strtoull(s, NULL, 0) : 0x5eed;
}

static bsyn_sampler *sampler_for(bsyn_oracle *o) {
  bsyn_sampler *s = bsyn_sampler_rv32(o->num_inputs, o->in_fields, o->num_in_fields);
  cr_assert_not_null(s, "%s not recognised as an RV32 layout", o->name);
  return s;
}

/* The 40 RV32I instructions, by an independent decode of the encoding. */
static const char *const names[] = {"lui",  "auipc", "jal",  "jalr", "beq",  "bne",  "blt",  "bge",  "bltu", "bgeu",
                                    "lb",   "lh",    "lw",   "lbu",  "lhu",  "sb",   "sh",   "sw",   "addi", "slti",
                                    "sltiu", "xori", "ori",  "andi", "slli", "srli", "srai", "add",  "sub",  "sll",
                                    "slt",  "sltu",  "xor",  "srl",  "sra",  "or",   "and",  "fence", "ecall", "ebreak"};
enum { NUM_KINDS = 40 };

static int classify(uint32_t w) {
  uint32_t op = w & 0x7f, f3 = w >> 12 & 7, f7 = w >> 25;
  static const int branch[8] = {4, 5, -1, -1, 6, 7, 8, 9}, load[8] = {10, 11, 12, -1, 13, 14, -1, -1},
                   opimm[8] = {18, -1, 19, 20, 21, -1, 22, 23}, opr[8] = {27, 29, 30, 31, 32, 33, 35, 36};
  switch (op) {
  case 0x37: return 0;
  case 0x17: return 1;
  case 0x6f: return 2;
  case 0x67: return f3 ? -1 : 3;
  case 0x63: return branch[f3];
  case 0x03: return load[f3];
  case 0x23: return f3 < 3 ? 15 + (int)f3 : -1;
  case 0x13:
    if (f3 == 1)
      return f7 ? -1 : 24;
    if (f3 == 5)
      return f7 == 0 ? 25 : f7 == 0x20 ? 26 : -1;
    return opimm[f3];
  case 0x33:
    if (f7 == 0)
      return opr[f3];
    if (f7 == 0x20)
      return f3 == 0 ? 28 : f3 == 5 ? 34 : -1;
    return -1;
  case 0x0f: return f3 ? -1 : 37;
  case 0x73: return w == 0x73 ? 38 : w == 0x00100073 ? 39 : -1;
  default: return -1;
  }
}

/* The 32-bit field at lsb of vector v of the rows. */
static uint32_t field_of(const uint64_t *rows, size_t stride, uint32_t lsb, size_t v) {
  uint64_t m[64];
  bsyn_transpose64_gather(rows + (size_t)lsb * stride + v / 64, stride, 32, m);
  return (uint32_t)m[v % 64];
}

/* Same seed and words give the same bits whether drawn at once, piece by piece in reverse
 * order, or with another row stride; fixup with nothing forced changes nothing. */
static void check_determinism(bsyn_oracle *o) {
  bsyn_sampler *s = sampler_for(o);
  uint64_t seed = test_seed();
  size_t nin = o->num_inputs, nw = 24;
  uint64_t *a = bsyn_calloc(nin * nw, 8), *b = bsyn_calloc(nin * (nw + 3), 8);
  s->fill(s, seed, 1000, nw, a, nw);
  for (size_t k = nw; k-- > 0;)
    s->fill(s, seed, 1000 + k, 1, b + k, nw + 3);
  for (size_t i = 0; i < nin; i++)
    for (size_t k = 0; k < nw; k++)
      cr_assert_eq(a[i * nw + k], b[i * (nw + 3) + k], "%s input %zu word %zu (seed %llu)", o->name, i, k,
                   (unsigned long long)seed);
  uint8_t *none = bsyn_calloc(nin, 1);
  s->fixup(s, seed, 1000, nw, none, b, nw + 3);
  for (size_t i = 0; i < nin; i++)
    for (size_t k = 0; k < nw; k++)
      cr_assert_eq(a[i * nw + k], b[i * (nw + 3) + k], "fixup moved input %zu (seed %llu)", i, (unsigned long long)seed);
  s->fill(s, seed + 1, 1000, nw, b, nw);
  cr_assert(memcmp(a, b, nin * nw * 8) != 0, "another seed gives the same samples");
  free(none);
  free(a);
  free(b);
  bsyn_sampler_free(s);
}

Test(sample_rv32, deterministic_core) {
  bsyn_oracle *o = bsyn_rv32_oracle_core();
  check_determinism(o);
  bsyn_oracle_close(o);
}

Test(sample_rv32, deterministic_full) {
  bsyn_oracle *o = bsyn_rv32_oracle_full();
  check_determinism(o);
  bsyn_oracle_close(o);
}

static int cause_index(uint32_t cause) {
  static const uint32_t causes[6] = {0, 2, 3, 4, 6, 11};
  for (int i = 0; i < 6; i++)
    if (causes[i] == cause)
      return i;
  return -1;
}

/* Decoding 2^17 core samples with the reference step: every RV32I instruction executes
 * (legally), every trap cause occurs, and the operand stress cases are present. */
Test(sample_rv32, covers_every_instruction_and_trap_core) {
  bsyn_oracle *o = bsyn_rv32_oracle_core();
  bsyn_sampler *s = sampler_for(o);
  uint64_t seed = test_seed();
  size_t nw = 2048, nvec = nw * 64;
  uint64_t *rows = bsyn_aligned_alloc((size_t)o->num_inputs * nw * 8);
  s->fill(s, seed, 0, nw, rows, nw);
  unsigned long kinds[NUM_KINDS] = {0}, causes[6] = {0}, x0 = 0, same_reg = 0, eq_ops = 0, aligned = 0, misaligned_mem = 0;
  for (size_t v = 0; v < nvec; v++) {
    bsyn_rv32_in in = {field_of(rows, nw, BSYN_RV32C_IN_PC, v), field_of(rows, nw, BSYN_RV32C_IN_INST, v),
                       field_of(rows, nw, BSYN_RV32C_IN_RS1_VAL, v), field_of(rows, nw, BSYN_RV32C_IN_RS2_VAL, v),
                       field_of(rows, nw, BSYN_RV32C_IN_MEM_RDATA, v)};
    bsyn_rv32_out out;
    bsyn_rv32_step(&in, &out);
    int k = classify(in.inst);
    cr_assert_eq(k < 0, out.trap && out.cause == BSYN_RV32_CAUSE_ILLEGAL, "inst %08x: decode and model disagree",
                 in.inst);
    if (k >= 0)
      kinds[k]++;
    if (out.trap) {
      int c = cause_index(out.cause);
      cr_assert_geq(c, 0, "unknown cause %u", out.cause);
      causes[c]++;
    }
    x0 += (in.inst >> 7 & 31) == 0 || (in.inst >> 15 & 31) == 0;
    same_reg += (in.inst >> 15 & 31) == (in.inst >> 20 & 31);
    eq_ops += in.rs1_val == in.rs2_val;
    aligned += (in.pc & 3) == 0;
    misaligned_mem += out.trap && (out.cause == 4 || out.cause == 6);
  }
  for (int k = 0; k < NUM_KINDS; k++)
    cr_expect_gt(kinds[k], 20, "%s drawn %lu times in %zu (seed %llu)", names[k], kinds[k], nvec,
                 (unsigned long long)seed);
  for (int c = 0; c < 6; c++)
    cr_expect_gt(causes[c], 20, "trap cause index %d seen %lu times (seed %llu)", c, causes[c],
                 (unsigned long long)seed);
  cr_expect_gt(x0, nvec / 8, "x0 fields in %lu of %zu", x0, nvec);
  cr_expect_gt(same_reg, nvec / 16, "rs1 == rs2 in %lu of %zu", same_reg, nvec);
  cr_expect_gt(eq_ops, nvec / 16, "rs1_val == rs2_val in %lu of %zu", eq_ops, nvec);
  cr_expect_gt(aligned, nvec * 3 / 4, "aligned pc in %lu of %zu", aligned, nvec);
  cr_expect_lt(aligned, nvec, "no misaligned pc at all");
  cr_expect_gt(misaligned_mem, nvec / 200, "misaligned loads/stores in %lu of %zu", misaligned_mem, nvec);
  bsyn_aligned_free(rows);
  bsyn_sampler_free(s);
  bsyn_oracle_close(o);
}

/* The same on rv32i-full: the register file is inside, so the operand cases must come from
 * the registers the instruction names. */
Test(sample_rv32, covers_every_instruction_and_trap_full) {
  bsyn_oracle *o = bsyn_rv32_oracle_full();
  bsyn_sampler *s = sampler_for(o);
  uint64_t seed = test_seed();
  size_t nw = 512, nvec = nw * 64;
  uint64_t *rows = bsyn_aligned_alloc((size_t)o->num_inputs * nw * 8);
  s->fill(s, seed, 0, nw, rows, nw);
  unsigned long kinds[NUM_KINDS] = {0}, causes[6] = {0}, eq_ops = 0;
  for (size_t v = 0; v < nvec; v++) {
    uint32_t x[32], next[32];
    x[0] = 0;
    for (unsigned r = 1; r < 32; r++)
      x[r] = field_of(rows, nw, BSYN_RV32F_IN_X1 + 32 * (r - 1), v);
    uint32_t inst = field_of(rows, nw, BSYN_RV32F_IN_INST, v);
    bsyn_rv32_out out;
    bsyn_rv32_full_step(x, field_of(rows, nw, BSYN_RV32F_IN_PC, v), inst,
                        field_of(rows, nw, BSYN_RV32F_IN_MEM_RDATA, v), next, &out);
    int k = classify(inst);
    if (k >= 0)
      kinds[k]++;
    if (out.trap && cause_index(out.cause) >= 0)
      causes[cause_index(out.cause)]++;
    uint32_t r1 = inst >> 15 & 31, r2 = inst >> 20 & 31;
    eq_ops += r1 != r2 && x[r1] == x[r2];
  }
  for (int k = 0; k < NUM_KINDS; k++)
    cr_expect_gt(kinds[k], 5, "%s drawn %lu times (seed %llu)", names[k], kinds[k], (unsigned long long)seed);
  for (int c = 0; c < 6; c++)
    cr_expect_gt(causes[c], 5, "cause index %d seen %lu times (seed %llu)", c, causes[c], (unsigned long long)seed);
  cr_expect_gt(eq_ops, nvec / 32, "x[rs1] == x[rs2] with rs1 != rs2 in %lu of %zu", eq_ops, nvec);
  bsyn_aligned_free(rows);
  bsyn_sampler_free(s);
  bsyn_oracle_close(o);
}

/* fixup never touches forced bits, whichever fields they are in, and is deterministic. */
Test(sample_rv32, fixup_keeps_forced_bits) {
  bsyn_oracle *o = bsyn_rv32_oracle_core();
  bsyn_sampler *s = sampler_for(o);
  uint64_t seed = test_seed();
  bsyn_rng rng;
  bsyn_rng_seed(&rng, seed);
  size_t nin = o->num_inputs, nw = 8;
  uint64_t *a = bsyn_calloc(nin * nw, 8), *b = bsyn_calloc(nin * nw, 8);
  uint8_t *fixed = bsyn_calloc(nin, 1);
  for (int round = 0; round < 40; round++) {
    memset(fixed, 0, nin);
    unsigned nfix = 1 + (unsigned)(bsyn_rng_next(&rng) % 40);
    s->fill(s, seed, 77 * (uint64_t)round, nw, a, nw);
    for (unsigned f = 0; f < nfix; f++) {
      size_t i = bsyn_rng_next(&rng) % nin;
      if (round % 4 == 0)
        i = BSYN_RV32C_IN_INST + f % 7; /* force the opcode: the operands must re-derive */
      fixed[i] = 1;
      uint64_t v = (bsyn_rng_next(&rng) & 1) ? ~0ull : 0;
      for (size_t k = 0; k < nw; k++)
        a[i * nw + k] = v;
    }
    memcpy(b, a, nin * nw * 8);
    s->fixup(s, seed, 77 * (uint64_t)round, nw, fixed, a, nw);
    for (size_t i = 0; i < nin; i++)
      if (fixed[i])
        for (size_t k = 0; k < nw; k++)
          cr_assert_eq(a[i * nw + k], b[i * nw + k], "forced input %zu changed (round %d, seed %llu)", i, round,
                       (unsigned long long)seed);
    s->fixup(s, seed, 77 * (uint64_t)round, nw, fixed, b, nw);
    cr_assert_eq(memcmp(a, b, nin * nw * 8), 0, "fixup is not deterministic (round %d)", round);
  }
  free(fixed);
  free(a);
  free(b);
  bsyn_sampler_free(s);
  bsyn_oracle_close(o);
}

/* Forcing inst to a word-sized load keeps the derived addresses hitting every alignment. */
Test(sample_rv32, forced_load_still_gets_address_stress) {
  bsyn_oracle *o = bsyn_rv32_oracle_core();
  bsyn_sampler *s = sampler_for(o);
  size_t nin = o->num_inputs, nw = 64;
  uint64_t *rows = bsyn_calloc(nin * nw, 8);
  uint8_t *fixed = bsyn_calloc(nin, 1);
  uint32_t lw = 0x0040a283; /* lw x5, 4(x1) */
  s->fill(s, test_seed(), 0, nw, rows, nw);
  for (unsigned b = 0; b < 32; b++) {
    fixed[BSYN_RV32C_IN_INST + b] = 1;
    for (size_t k = 0; k < nw; k++)
      rows[(BSYN_RV32C_IN_INST + b) * nw + k] = (lw >> b & 1) ? ~0ull : 0;
  }
  s->fixup(s, test_seed(), 0, nw, fixed, rows, nw);
  unsigned long low[4] = {0}, mmio = 0;
  for (size_t v = 0; v < nw * 64; v++) {
    cr_assert_eq(field_of(rows, nw, BSYN_RV32C_IN_INST, v), lw);
    uint32_t addr = field_of(rows, nw, BSYN_RV32C_IN_RS1_VAL, v) + 4;
    low[addr & 3]++;
    mmio += (addr & ~3u) == 0x10000000u;
  }
  for (int i = 0; i < 4; i++)
    cr_expect_gt(low[i], nw * 64 / 16, "address low bits %d in %lu", i, low[i]);
  cr_expect_gt(mmio, 0, "no MMIO address drawn");
  free(fixed);
  free(rows);
  bsyn_sampler_free(s);
  bsyn_oracle_close(o);
}

Test(sample_rv32, other_layouts_are_refused) {
  bsyn_field f[2] = {{"a", 0, 32}, {"b", 32, 32}};
  cr_assert_null(bsyn_sampler_rv32(64, f, 2));
  bsyn_field g[5] = {{"pc", 0, 32}, {"inst", 32, 32}, {"rs1_val", 64, 32}, {"rs2_val", 96, 32}, {"mem_rdata", 128, 16}};
  cr_assert_null(bsyn_sampler_rv32(144, g, 5));
  g[4].width = 32;
  cr_assert_null(bsyn_sampler_rv32(150, g, 5), "a field past the inputs is accepted");
  bsyn_sampler *s = bsyn_sampler_rv32(170, g, 5); /* 10 extra inputs, filled uniformly */
  cr_assert_not_null(s);
  uint64_t rows[170 * 2];
  s->fill(s, 1, 0, 2, rows, 2);
  cr_assert_eq(rows[165 * 2], bsyn_sample_uniform_word(1, 165, 0));
  bsyn_sampler_free(s);
}
