#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_mem.h"
#include "bsyn_runner.h"
#include "bsyn_rv32.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

/* ---- RV32I encodings for hand-written programs ---- */
enum { A0 = 10, A1 = 11, A2 = 12, A7 = 17, T0 = 5, T1 = 6 };
static uint32_t i_type(uint32_t op, uint32_t f3, uint32_t rd, uint32_t rs1, int32_t imm) {
  return (uint32_t)imm << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
static uint32_t s_type(uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t imm) {
  uint32_t u = (uint32_t)imm;
  return (u >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 31) << 7 | 0x23;
}
static uint32_t addi(uint32_t rd, uint32_t rs1, int32_t imm) {
  return i_type(0x13, 0, rd, rs1, imm);
}
static uint32_t lui(uint32_t rd, uint32_t imm20) { return imm20 << 12 | rd << 7 | 0x37; }
static uint32_t lbu(uint32_t rd, uint32_t rs1, int32_t imm) {
  return i_type(0x03, 4, rd, rs1, imm);
}
static uint32_t lw(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(0x03, 2, rd, rs1, imm); }
static uint32_t sb(uint32_t rs1, uint32_t rs2, int32_t imm) { return s_type(0, rs1, rs2, imm); }
static uint32_t sw(uint32_t rs1, uint32_t rs2, int32_t imm) { return s_type(2, rs1, rs2, imm); }
static uint32_t add(uint32_t rd, uint32_t rs1, uint32_t rs2) {
  return rs2 << 20 | rs1 << 15 | rd << 7 | 0x33;
}
static uint32_t bne(uint32_t rs1, uint32_t rs2, int32_t imm) {
  uint32_t u = (uint32_t)imm;
  return (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | 1u << 12 |
         (u >> 1 & 15) << 8 | (u >> 11 & 1) << 7 | 0x63;
}
static uint32_t jal(uint32_t rd, int32_t imm) {
  uint32_t u = (uint32_t)imm;
  return (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 | (u >> 11 & 1) << 20 |
         (u >> 12 & 0xff) << 12 | rd << 7 | 0x6f;
}
enum { ECALL = 0x00000073, EBREAK = 0x00100073, JAL_SELF = 0x0000006f };

typedef struct capture {
  char buf[256];
  size_t n;
  int fds; /* bit fd set when fd wrote */
} capture;

static void on_output(void *ctx, int fd, const uint8_t *b, size_t n) {
  capture *c = ctx;
  cr_assert_lt(c->n + n, sizeof c->buf);
  memcpy(c->buf + c->n, b, n);
  c->n += n;
  c->fds |= 1 << fd;
}

/* A reference runner with prog at 0x1000 and the output captured. */
static bsyn_runner *make(const uint32_t *prog, size_t n, capture *cap) {
  bsyn_runner *r = bsyn_runner_new((bsyn_runner_step){bsyn_runner_ref_step, NULL}, 0);
  r->step.ctx = &r->ref;
  for (size_t i = 0; i < n; i++)
    bsyn_mem_write32(r->mem, 0x1000 + 4 * (uint32_t)i, prog[i], 0xf);
  r->pc = 0x1000;
  if (cap) {
    memset(cap, 0, sizeof *cap);
    r->output = on_output;
    r->output_ctx = cap;
  }
  return r;
}

Test(runner, exit_ecall) {
  const uint32_t prog[] = {addi(A0, 0, 300), addi(A7, 0, 93), ECALL, EBREAK};
  bsyn_runner *r = make(prog, 4, NULL);
  cr_assert_eq(bsyn_runner_run(r, 0), BSYN_RUNNER_EXIT);
  cr_assert_eq(r->exit_code, 300 & 0xff);
  cr_assert_eq(r->steps, 3);
  bsyn_runner_free(r);
}

Test(runner, write_ecall_and_errors) {
  /* "hi\n" at 0x3000, write(1, ..., 3), write(7, ...) -> -EBADF, unknown syscall -> -ENOSYS */
  const uint32_t prog[] = {
      lui(A1, 3),      addi(A2, 0, 3),  addi(A0, 0, 1), addi(A7, 0, 64), ECALL,
      addi(T0, A0, 0), addi(A0, 0, 7),  ECALL,          addi(T1, A0, 0), addi(A7, 0, 1000),
      ECALL,           addi(A7, 0, 93), ECALL};
  capture cap;
  bsyn_runner *r = make(prog, sizeof prog / 4, &cap);
  bsyn_mem_write(r->mem, 0x3000, "hi\n", 3);
  cr_assert_eq(bsyn_runner_run(r, 0), BSYN_RUNNER_EXIT);
  cr_assert_eq(cap.n, 3);
  cr_assert_eq(memcmp(cap.buf, "hi\n", 3), 0);
  cr_assert_eq(cap.fds, 1 << 1);
  cr_assert_eq(r->x[T0], 3, "write returns the count");
  cr_assert_eq(r->x[T1], (uint32_t)-9, "EBADF");
  cr_assert_eq(r->exit_code, (uint32_t)-38 & 0xff, "ENOSYS left in a0, then exit(a0)");
  bsyn_runner_free(r);
}

Test(runner, console_mmio) {
  /* poll the line status register, then store 'A' and 'B' to the transmit register */
  const uint32_t prog[] = {lui(T0, 0x10000), lbu(T1, T0, 5), addi(A1, 0, 'A'), sb(T0, A1, 0),
                           addi(A1, 0, 'B'), sw(T0, A1, 0),  sb(T0, A1, 1),    addi(A0, T1, 0),
                           addi(A7, 0, 93),  ECALL};
  capture cap;
  bsyn_runner *r = make(prog, sizeof prog / 4, &cap);
  cr_assert_eq(bsyn_runner_run(r, 0), BSYN_RUNNER_EXIT);
  cr_assert_eq(cap.n, 2, "a byte store to console + 1 is not output");
  cr_assert_eq(memcmp(cap.buf, "AB", 2), 0);
  cr_assert_eq(r->exit_code, 0x60, "line status: transmitter empty");
  cr_assert_eq(r->mem->pages[0x10000000 >> BSYN_MEM_PAGE_BITS], NULL,
               "device page never becomes memory");
  bsyn_runner_free(r);
}

static bsyn_runner *tohost_run(int32_t value) {
  const uint32_t prog[] = {lui(T0, 0x8), addi(A1, 0, value), sw(T0, A1, 0), EBREAK};
  bsyn_runner *r = make(prog, 4, NULL);
  r->has_tohost = 1;
  r->tohost_addr = 0x8000;
  bsyn_runner_run(r, 0);
  return r;
}

Test(runner, tohost) {
  bsyn_runner *r = tohost_run(1);
  cr_assert_eq(r->status, BSYN_RUNNER_PASS);
  cr_assert_eq(r->exit_code, 0);
  bsyn_runner_free(r);
  r = tohost_run(7);
  cr_assert_eq(r->status, BSYN_RUNNER_FAIL);
  cr_assert_eq(r->test, 3);
  cr_assert_eq(r->exit_code, BSYN_RUNNER_CODE_FAIL, "test 3 failing is not a trap (3)");
  bsyn_runner_free(r);
  r = tohost_run(0x7ff);
  cr_assert_eq(r->status, BSYN_RUNNER_FAIL);
  cr_assert_eq(r->test, 1023);
  cr_assert_eq(r->exit_code, BSYN_RUNNER_CODE_FAIL);
  bsyn_runner_free(r);
  r = tohost_run(0);
  cr_assert_eq(r->status, BSYN_RUNNER_TRAP, "0 is ignored: the run goes on to the ebreak");
  bsyn_runner_free(r);
  r = tohost_run(2);
  cr_assert_eq(r->status, BSYN_RUNNER_ERROR);
  cr_assert(strstr(r->diag.msg, "expected tohost to be written with an odd value"), "%s",
            r->diag.msg);
  cr_assert_eq(r->exit_code, 1);
  bsyn_runner_free(r);
}

Test(runner, traps_end_the_run) {
  const uint32_t prog[] = {addi(A0, 0, 1), EBREAK};
  bsyn_runner *r = make(prog, 2, NULL);
  cr_assert_eq(bsyn_runner_run(r, 0), BSYN_RUNNER_TRAP);
  cr_assert_eq(r->trap_pc, 0x1004);
  cr_assert_eq(r->trap_inst, EBREAK);
  cr_assert_eq(r->trap_cause, BSYN_RV32_CAUSE_BREAKPOINT);
  cr_assert_eq(r->exit_code, BSYN_RUNNER_CODE_TRAP);
  cr_assert_eq(r->pc, 0x1004, "a trap leaves pc on the instruction");
  char buf[256];
  bsyn_runner_describe(r, buf, sizeof buf);
  cr_assert_str_eq(buf, "trap at pc 0x00001004 (inst 0x00100073): breakpoint (cause 3)");
  bsyn_runner_free(r);
  /* running off the end into unwritten memory fetches 0: illegal */
  const uint32_t load[] = {addi(A1, 0, 2), lw(A0, A1, 0)};
  r = make(load, 2, NULL);
  cr_assert_eq(bsyn_runner_run(r, 0), BSYN_RUNNER_TRAP);
  cr_assert_eq(r->trap_cause, BSYN_RV32_CAUSE_LOAD_MISALIGNED);
  cr_assert_eq(r->x[A0], 0, "a trapping load writes nothing");
  bsyn_runner_free(r);
  r = make(prog, 1, NULL);
  cr_assert_eq(bsyn_runner_run(r, 0), BSYN_RUNNER_TRAP);
  cr_assert_eq(r->trap_cause, BSYN_RV32_CAUSE_ILLEGAL);
  cr_assert_eq(r->trap_pc, 0x1004);
  bsyn_runner_free(r);
}

Test(runner, step_limit_and_resume) {
  const uint32_t prog[] = {JAL_SELF};
  bsyn_runner *r = make(prog, 1, NULL);
  cr_assert_eq(bsyn_runner_run(r, 1000), BSYN_RUNNER_STEP_LIMIT);
  cr_assert_eq(r->steps, 1000);
  cr_assert_eq(r->exit_code, BSYN_RUNNER_CODE_STEP_LIMIT);
  cr_assert_eq(bsyn_runner_run(r, 500), BSYN_RUNNER_STEP_LIMIT);
  cr_assert_eq(r->steps, 1500);
  bsyn_runner_free(r);
}

Test(runner, memory_limit) {
  /* stores 4 KiB apart walk through fresh pages until the budget is spent */
  uint32_t loop[] = {lui(T0, 0x100), lui(T1, 1), sw(T0, T0, 0), add(T0, T0, T1), jal(0, -8)};
  bsyn_runner *r = make(loop, 5, NULL);
  r->mem->max_pages = r->mem->num_pages + 3;
  cr_assert_eq(bsyn_runner_run(r, 100000), BSYN_RUNNER_ERROR);
  cr_assert(strstr(r->diag.msg, "within the memory limit"), "%s", r->diag.msg);
  cr_assert_eq(r->exit_code, 1);
  bsyn_runner_free(r);
}

/* A step evaluator wrapping the reference that checks the runner's phase protocol. */
typedef struct checker {
  bsyn_runner_ref ref;
  int expect;
  uint64_t calls[3];
  int fail_at;
} checker;

static int checked_step(void *ctx, bsyn_runner_phase phase, const bsyn_rv32_in *in,
                        bsyn_rv32_out *out, bsyn_diag *d) {
  checker *c = ctx;
  cr_assert_eq((int)phase, c->expect, "phases come in order");
  if (phase == BSYN_RUNNER_PHASE_REGS)
    cr_assert(in->rs1_val == 0 && in->rs2_val == 0 && in->mem_rdata == 0);
  if (phase == BSYN_RUNNER_PHASE_MEM)
    cr_assert_eq(in->mem_rdata, 0);
  c->expect = (c->expect + 1) % 3;
  c->calls[phase]++;
  if (c->fail_at && c->calls[2] == (uint64_t)c->fail_at)
    return bsyn_diag_set(d, 0, 0, "expected agreement, found a divergence");
  return bsyn_runner_ref_step(&c->ref, phase, in, out, d);
}

typedef struct seen {
  uint64_t n;
  uint32_t last_pc;
} seen;

static int observe(void *ctx, const bsyn_runner *r, const bsyn_rv32_in *in,
                   const bsyn_rv32_out *out, bsyn_diag *d) {
  seen *s = ctx;
  cr_assert_eq(in->pc, r->pc, "the observer sees the state before the step");
  cr_assert_eq(in->rs1_val, r->x[in->inst >> 15 & 31]);
  bsyn_rv32_out ref;
  bsyn_rv32_step(in, &ref);
  cr_assert_eq(memcmp(&ref, out, sizeof ref), 0, "the answer is the model's at pc 0x%x", in->pc);
  s->n++;
  s->last_pc = in->pc;
  return 0;
}

Test(runner, custom_step_and_observer) {
  /* sum of bytes 1..10 stored and reloaded, then exit(sum) */
  uint32_t prog[] = {
      lui(T0, 4),      addi(A1, 0, 10),  addi(A0, 0, 0),  sb(T0, A1, 0),   lbu(T1, T0, 0),
      add(A0, A0, T1), addi(A1, A1, -1), bne(A1, 0, -16), addi(A7, 0, 93), ECALL};
  checker c = {0};
  seen s = {0};
  bsyn_runner *r = make(prog, sizeof prog / 4, NULL);
  r->step = (bsyn_runner_step){checked_step, &c};
  r->observer = observe;
  r->observer_ctx = &s;
  cr_assert_eq(bsyn_runner_run(r, 0), BSYN_RUNNER_EXIT, "status %d", r->status);
  cr_assert_eq(r->exit_code, 55, "exit %d", r->exit_code);
  cr_assert_eq(s.n, r->steps);
  cr_assert_eq(c.calls[0], r->steps);
  cr_assert_eq(c.calls[2], r->steps);
  cr_assert_eq(s.last_pc, 0x1000 + 4 * 9);
  bsyn_runner_free(r);
  /* a step that fails stops the run with its message */
  checker f = {.fail_at = 5};
  r = make(prog, sizeof prog / 4, NULL);
  r->step = (bsyn_runner_step){checked_step, &f};
  cr_assert_eq(bsyn_runner_run(r, 0), BSYN_RUNNER_ERROR);
  cr_assert_str_eq(r->diag.msg, "expected agreement, found a divergence");
  cr_assert_eq(r->steps, 4);
  bsyn_runner_free(r);
}

Test(runner, mem_pages_lanes_and_budget) {
  bsyn_mem *m = bsyn_mem_new(2 * BSYN_MEM_PAGE_SIZE);
  cr_assert_eq(bsyn_mem_read32(m, 0x12345678), 0);
  cr_assert_eq(m->num_pages, 0, "reads allocate nothing");
  cr_assert_eq(bsyn_mem_write32(m, 0xfffffffc, 0x11223344, 0xf), 0);
  cr_assert_eq(bsyn_mem_write32(m, 0xfffffffc, 0xaabbccdd, 0x5), 0);
  cr_assert_eq(bsyn_mem_read32(m, 0xfffffffe), 0x11bb33dd,
               "lanes 0 and 2; low address bits ignored");
  uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8}, back[8];
  cr_assert_eq(bsyn_mem_write(m, 0x0ffe, buf, 4), -1, "a second and third page exceed the budget");
  cr_assert_eq(m->num_pages, 2);
  bsyn_mem_read(m, 0x0ffe, back, 2);
  cr_assert_eq(memcmp(back, buf, 2), 0, "bytes before the failing page are written");
  bsyn_mem_read(m, 0xfffffffe, back, 4);
  cr_assert_eq(back[0], 0xbb);
  cr_assert_eq(back[2], 0, "wraps to address 0, unwritten");
  bsyn_mem_free(m);
}

/* A real program gives the same output, steps and final state on the direct reference path
 * and through the three-phase protocol (the path learned gates will take). */
static int plain_phased(void *ctx, bsyn_runner_phase phase, const bsyn_rv32_in *in,
                        bsyn_rv32_out *out, bsyn_diag *d) {
  bsyn_rv32_step(in, out);
  return 0;
}

typedef struct bigcap {
  char buf[8192];
  size_t n;
} bigcap;

static void on_big(void *ctx, int fd, const uint8_t *b, size_t n) {
  bigcap *c = ctx;
  cr_assert_lt(c->n + n, sizeof c->buf);
  memcpy(c->buf + c->n, b, n);
  c->n += n;
}

Test(runner, phased_equals_direct_on_a_program) {
  char path[1024];
  snprintf(path, sizeof path, "%s/programs/interp.elf", BSYN_BUILD_DIR);
  FILE *f = fopen(path, "rb");
  if (!f)
    cr_skip("no RV32 programs built (riscv64-unknown-elf-gcc missing)");
  fclose(f);
  bsyn_runner *r[2];
  bsyn_elf *e[2];
  static bigcap cap[2];
  for (int k = 0; k < 2; k++) {
    bsyn_diag d;
    r[k] = bsyn_runner_open_ref(path, 0, &e[k], &d);
    cr_assert_not_null(r[k], "%s", d.msg);
    if (k == 1)
      r[k]->step = (bsyn_runner_step){plain_phased, NULL};
    r[k]->output = on_big;
    r[k]->output_ctx = &cap[k];
    cr_assert_eq(bsyn_runner_run(r[k], 10000000), BSYN_RUNNER_EXIT);
  }
  cr_assert_eq(r[0]->exit_code, 0);
  cr_assert_eq(r[0]->steps, r[1]->steps);
  cr_assert_gt(cap[0].n, 100);
  cr_assert_eq(cap[0].n, cap[1].n);
  cr_assert_eq(memcmp(cap[0].buf, cap[1].buf, cap[0].n), 0);
  cr_assert_eq(memcmp(r[0]->x, r[1]->x, sizeof r[0]->x), 0);
  cr_assert_eq(r[0]->pc, r[1]->pc);
  for (int k = 0; k < 2; k++) {
    bsyn_runner_free(r[k]);
    bsyn_elf_free(e[k]);
  }
}

/* A step with one defect: SLTIU answers like SLTI (signed compare). */
static int broken_sltiu(void *ctx, bsyn_runner_phase phase, const bsyn_rv32_in *in,
                        bsyn_rv32_out *out, bsyn_diag *d) {
  bsyn_rv32_in x = *in;
  if ((in->inst & 0x707f) == 0x3013)
    x.inst = (in->inst & ~0x7000u) | 0x2000u;
  bsyn_rv32_step(&x, out);
  out->rs1_addr = in->inst >> 15 & 31;
  return 0;
}

Test(runner, lockstep_stops_at_the_first_divergence) {
  /* a0 = -1; a1 = a0 <u 5 (0; signed it would be 1); exit(a1) */
  const uint32_t prog[] = {addi(A0, 0, -1), addi(A2, 0, 1),  i_type(0x13, 3, A1, A0, 5),
                           addi(A7, 0, 93), addi(A0, A1, 0), ECALL};
  bsyn_runner_ref ref = {0}, ref2 = {0};
  bsyn_runner_lockstep same = {{bsyn_runner_ref_step, &ref}, {bsyn_runner_ref_step, &ref2}, 0};
  bsyn_runner *r = make(prog, 6, NULL);
  r->step = (bsyn_runner_step){bsyn_runner_lockstep_step, &same};
  cr_assert_eq(bsyn_runner_run(r, 0), BSYN_RUNNER_EXIT, "%s", r->diag.msg);
  cr_assert_eq(r->exit_code, 0);
  cr_assert_not(same.diverged);
  bsyn_runner_free(r);

  bsyn_runner_ref ref3 = {0};
  bsyn_runner_lockstep bad = {{bsyn_runner_ref_step, &ref3}, {broken_sltiu, NULL}, 0};
  r = make(prog, 6, NULL);
  r->step = (bsyn_runner_step){bsyn_runner_lockstep_step, &bad};
  cr_assert_eq(bsyn_runner_run(r, 0), BSYN_RUNNER_ERROR);
  cr_assert(bad.diverged);
  cr_assert_str_eq(
      r->diag.msg,
      "expected rd_wdata = 0x0 (reference), found 0x1 at pc 0x00001008 (inst 0x00553593)");
  cr_assert_eq(r->steps, 2, "the diverging instruction is not retired");
  cr_assert_eq(r->x[A1], 0);
  bsyn_runner_free(r);
}
