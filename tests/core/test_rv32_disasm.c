/* The RV32I disassembler: hand-checked cases, legality equal to the reference model's, and
 * agreement with GNU objdump (-M no-aliases) on every instruction of the test programs. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsyn_rv32.h"
#include "bsyn_rv32_disasm.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

#define OBJDUMP "riscv64-unknown-elf-objdump"

static void check(uint32_t inst, uint32_t pc, const char *want) {
  char buf[64];
  bsyn_rv32_disasm(inst, pc, buf, sizeof buf);
  cr_assert_str_eq(buf, want, "0x%08x at 0x%x: '%s', expected '%s'", inst, pc, buf, want);
}

Test(rv32_disasm, hand_checked_cases) {
  check(0xfff50513, 0, "addi a0, a0, -1");
  check(0x00c586b3, 0, "add a3, a1, a2");
  check(0x40b50533, 0, "sub a0, a0, a1");
  check(0x4015d593, 0, "srai a1, a1, 0x1");
  check(0x00259593, 0, "slli a1, a1, 0x2");
  check(0x800005b7, 0, "lui a1, 0x80000");
  check(0x00852883, 0, "lw a7, 8(a0)");
  check(0xfe112e23, 0, "sw ra, -4(sp)");
  check(0x01e88023, 0, "sb t5, 0(a7)");
  check(0x3a9000ef, 0x10010, "jal ra, 0x10bb8");
  check(0x0000006f, 0x1001c, "jal zero, 0x1001c");
  check(0x18088863, 0x10028, "beq a7, zero, 0x101b8");
  check(0xfe0098e3, 0x10100, "bne ra, zero, 0x100f0");
  check(0x00008067, 0, "jalr zero, 0(ra)");
  check(0x0ff0000f, 0, "fence iorw, iorw");
  check(0x8330000f, 0, "fence.tso");
  check(0x00000073, 0, "ecall");
  check(0x00100073, 0, "ebreak");
  check(0x00000000, 0, ".word 0x00000000");
  check(0x02b50533, 0, ".word 0x02b50533"); /* mul: RV32M, illegal in rv32i-core */
  check(0x00001073, 0, ".word 0x00001073"); /* csrrw: Zicsr */
  char small[8];
  bsyn_rv32_disasm(0xfff50513, 0, small, sizeof small);
  cr_assert_str_eq(small, "addi a0");
  cr_assert_str_eq(bsyn_rv32_reg_name(8), "s0");
  cr_assert_str_eq(bsyn_rv32_reg_name(31), "t6");
}

/* Legal for the disassembler exactly when the model does not trap with "illegal". */
Test(rv32_disasm, legality_equals_the_model) {
  char buf[64];
  for (uint64_t k = 0; k < 400000; k++) {
    uint64_t r = bsyn_mix64(k ^ 0x64697361ull);
    uint32_t inst = (k & 1) ? bsyn_rv32_random_inst(r) : (uint32_t)r;
    bsyn_rv32_in in = {0x1000, inst, 0x2000, 0x40, 0};
    bsyn_rv32_out out;
    bsyn_rv32_step(&in, &out);
    int legal = !(out.trap && out.cause == BSYN_RV32_CAUSE_ILLEGAL);
    cr_assert_eq(bsyn_rv32_disasm(inst, 0x1000, buf, sizeof buf), legal, "0x%08x: %s", inst, buf);
  }
}

/* objdump's "mnemonic\toperands" in bsyn's syntax: ", " between operands, "0x" before a
 * jump or branch target, its "<symbol+off>" and "# value" annotations dropped. */
static void normalize(const char *mn, const char *ops, char *out, size_t size) {
  char buf[256];
  size_t n = 0;
  for (const char *p = ops; *p && n + 6 < sizeof buf; p++) {
    if (*p == ' ' && (p[1] == '<' || p[1] == '#'))
      break; /* "<symbol+off>" after a target, "# value" comments */
    buf[n++] = *p;
    if (*p == ',')
      buf[n++] = ' ';
  }
  buf[n] = 0;
  int target = mn[0] == 'b' || !strcmp(mn, "jal");
  if (target) {
    char *last = strrchr(buf, ' ');
    last = last ? last + 1 : buf;
    memmove(last + 2, last, strlen(last) + 1);
    memcpy(last, "0x", 2);
  }
  snprintf(out, size, n ? "%s %s" : "%s", mn, buf);
}

Test(rv32_disasm, equals_objdump_on_the_programs) {
  if (!bsyn_test_have(OBJDUMP))
    cr_skip("%s not installed", OBJDUMP);
  static const char *const progs[] = {"alu_reg", "alu_imm",   "shifts",    "compares", "branches",
                                      "jumps",   "loadstore", "lui_auipc", "printf",   "interp",
                                      "sort",    "crc32",     "sieve"};
  int compared = 0;
  for (size_t p = 0; p < sizeof progs / sizeof progs[0]; p++) {
    char path[1024], cmd[2048], *out;
    snprintf(path, sizeof path, "%s/programs/%s.elf", BSYN_BUILD_DIR, progs[p]);
    if (access(path, R_OK))
      cr_skip("%s not built (riscv64-unknown-elf-gcc missing)", path);
    snprintf(cmd, sizeof cmd, "%s -d -M no-aliases '%s'", OBJDUMP, path);
    cr_assert_eq(bsyn_test_run(cmd, &out), 0);
    /* lines: "   10010:\t3a9000ef          \tjal\tra,10bb8 <main>" */
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
      unsigned pc, inst;
      char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
      if (!t2 || sscanf(line, " %x:\t%x", &pc, &inst) != 2 || strlen(t1 + 1) < 8)
        continue;
      char mn[32] = "", *t3 = strchr(t2 + 1, '\t');
      snprintf(mn, sizeof mn, "%.*s", (int)(t3 ? t3 - t2 - 1 : (long)strlen(t2 + 1)), t2 + 1);
      char want[256], got[64];
      normalize(mn, t3 ? t3 + 1 : "", want, sizeof want);
      if (!bsyn_rv32_disasm(inst, pc, got, sizeof got))
        continue; /* data words and non-RV32I encodings: objdump names them its own way */
      cr_assert_str_eq(got, want, "%s at 0x%x (0x%08x): '%s', objdump '%s'", progs[p], pc, inst,
                       got, want);
      compared++;
    }
    free(out);
  }
  cr_assert_gt(compared, 1000, "only %d instructions compared", compared);
}
