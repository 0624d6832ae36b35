/* The run loop and its conventions. The step is a black box asked in dependency order, so
 * the same loop drives the reference model, learned gates or a lock-step pair. */
#include "bsyn_runner.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_out.h"

enum {
  SYS_WRITE = 64,
  SYS_EXIT = 93,
  SYS_EXIT_GROUP = 94,
  ERR_BADF = 9,
  ERR_NOSYS = 38,
  REG_A0 = 10,
  REG_A1 = 11,
  REG_A2 = 12,
  REG_A7 = 17,
  UART_LSR = 5,
  UART_LSR_IDLE = 0x60 /* THR empty | transmitter empty */
};

bsyn_runner *bsyn_runner_new(bsyn_runner_step step, uint64_t mem_limit) {
  bsyn_runner *r = bsyn_calloc(1, sizeof *r);
  r->mem = bsyn_mem_new(mem_limit);
  r->step = step;
  r->console_addr = BSYN_RUNNER_CONSOLE_DEFAULT;
  bsyn_diag_init(&r->diag, NULL);
  return r;
}

void bsyn_runner_free(bsyn_runner *r) {
  if (!r)
    return;
  bsyn_mem_free(r->mem);
  free(r);
}

static int on_console_page(const bsyn_runner *r, uint32_t addr) {
  return r->console_addr && (addr >> BSYN_MEM_PAGE_BITS) == (r->console_addr >> BSYN_MEM_PAGE_BITS);
}

int bsyn_runner_load(bsyn_runner *r, const bsyn_elf *e, bsyn_diag *d) {
  char what[64];
  snprintf(what, sizeof what, "the console at 0x%08x", r->console_addr);
  bsyn_elf_window con = {r->console_addr & ~(uint32_t)(BSYN_MEM_PAGE_SIZE - 1), BSYN_MEM_PAGE_SIZE,
                         what};
  if (bsyn_elf_load_program(e, r->mem, &con, r->console_addr ? 1 : 0, d))
    return -1;
  r->pc = e->entry;
  r->has_tohost = bsyn_elf_find_symbol(e, "tohost", &r->tohost_addr);
  return 0;
}

bsyn_runner *bsyn_runner_open_ref(const char *path, uint64_t mem_limit, bsyn_elf **elf,
                                  bsyn_diag *d) {
  bsyn_diag_init(d, path);
  *elf = NULL;
  bsyn_elf *e;
  if (bsyn_elf_read(path, &e, d))
    return NULL;
  bsyn_runner *r = bsyn_runner_new((bsyn_runner_step){bsyn_runner_ref_step, NULL}, mem_limit);
  r->step.ctx = &r->ref;
  if (bsyn_runner_load(r, e, d)) {
    bsyn_runner_free(r);
    bsyn_elf_free(e);
    return NULL;
  }
  *elf = e;
  return r;
}

static uint32_t load_word(const bsyn_runner *r, uint32_t addr) {
  if (!on_console_page(r, addr))
    return bsyn_mem_read32(r->mem, addr);
  uint32_t lsr = r->console_addr + UART_LSR;
  return (addr & ~3u) == (lsr & ~3u) ? (uint32_t)UART_LSR_IDLE << (8 * (lsr & 3)) : 0;
}

static void emit(bsyn_runner *r, int fd, const uint8_t *buf, size_t n) {
  if (r->output && n)
    r->output(r->output_ctx, fd, buf, n);
}

/* Returns the new status (RUNNING to go on). */
static bsyn_runner_status store(bsyn_runner *r, const bsyn_rv32_out *o) {
  uint32_t addr = o->mem_addr & ~3u;
  if (on_console_page(r, addr)) {
    uint32_t lane = r->console_addr & 3;
    if (addr == (r->console_addr & ~3u) && (o->mem_wstrb >> lane & 1)) {
      uint8_t c = (uint8_t)(o->mem_wdata >> (8 * lane));
      emit(r, 1, &c, 1);
    }
    return BSYN_RUNNER_RUNNING;
  }
  if (bsyn_mem_write32(r->mem, addr, o->mem_wdata, o->mem_wstrb)) {
    bsyn_diag_set(&r->diag, 0, 0,
                  "expected a store within the memory limit, found one to 0x%08x at pc 0x%08x",
                  addr, r->pc);
    return BSYN_RUNNER_ERROR;
  }
  if (!r->has_tohost || addr != (r->tohost_addr & ~3u))
    return BSYN_RUNNER_RUNNING;
  uint32_t v = bsyn_mem_read32(r->mem, addr);
  if (v == 0)
    return BSYN_RUNNER_RUNNING;
  if (v == 1) {
    r->exit_code = BSYN_RUNNER_CODE_PASS;
    return BSYN_RUNNER_PASS;
  }
  if (v & 1) {
    r->test = v >> 1;
    r->exit_code = BSYN_RUNNER_CODE_FAIL;
    return BSYN_RUNNER_FAIL;
  }
  bsyn_diag_set(&r->diag, 0, 0,
                "expected tohost to be written with an odd value, found 0x%08x (an HTIF request) "
                "at pc 0x%08x",
                v, r->pc);
  return BSYN_RUNNER_ERROR;
}

static bsyn_runner_status ecall(bsyn_runner *r) {
  uint32_t *x = r->x;
  switch (x[REG_A7]) {
  case SYS_EXIT:
  case SYS_EXIT_GROUP:
    r->exit_code = (int)(x[REG_A0] & 0xff);
    return BSYN_RUNNER_EXIT;
  case SYS_WRITE: {
    if (x[REG_A0] != 1 && x[REG_A0] != 2) {
      x[REG_A0] = (uint32_t)-ERR_BADF;
      break;
    }
    uint8_t buf[4096];
    uint32_t addr = x[REG_A1], left = x[REG_A2];
    while (left) {
      uint32_t n = left < sizeof buf ? left : (uint32_t)sizeof buf;
      bsyn_mem_read(r->mem, addr, buf, n);
      emit(r, (int)x[REG_A0], buf, n);
      addr += n;
      left -= n;
    }
    x[REG_A0] = x[REG_A2];
    break;
  }
  default:
    x[REG_A0] = (uint32_t)-ERR_NOSYS;
    break;
  }
  return BSYN_RUNNER_RUNNING;
}

/* The state update after the step answered: observer, trap handling, register write,
 * store, next pc. */
static bsyn_runner_status retire(bsyn_runner *r, const bsyn_rv32_in *in, const bsyn_rv32_out *o) {
  if (r->observer && r->observer(r->observer_ctx, r, in, o, &r->diag))
    return BSYN_RUNNER_ERROR;
  if (o->trap) {
    if (o->cause != BSYN_RV32_CAUSE_ECALL) {
      r->trap_pc = in->pc;
      r->trap_inst = in->inst;
      r->trap_cause = o->cause;
      r->exit_code = BSYN_RUNNER_CODE_TRAP;
      return BSYN_RUNNER_TRAP;
    }
    r->steps++;
    bsyn_runner_status s = ecall(r);
    r->x[0] = 0;
    r->pc += 4;
    return s;
  }
  if (o->rd_we)
    r->x[o->rd_addr & 31] = o->rd_wdata;
  r->x[0] = 0;
  r->steps++;
  bsyn_runner_status s = o->mem_we ? store(r, o) : BSYN_RUNNER_RUNNING;
  r->pc = o->next_pc;
  return s;
}

/* One instruction on any step: the three phases, then the state update. */
static bsyn_runner_status step_phased(bsyn_runner *r) {
  bsyn_rv32_in in = {.pc = r->pc, .inst = bsyn_mem_read32(r->mem, r->pc)};
  bsyn_rv32_out o;
  bsyn_diag *d = &r->diag;
  if (r->step.eval(r->step.ctx, BSYN_RUNNER_PHASE_REGS, &in, &o, d))
    return BSYN_RUNNER_ERROR;
  in.rs1_val = r->x[o.rs1_addr & 31];
  in.rs2_val = r->x[o.rs2_addr & 31];
  if (r->step.eval(r->step.ctx, BSYN_RUNNER_PHASE_MEM, &in, &o, d))
    return BSYN_RUNNER_ERROR;
  in.mem_rdata = o.mem_re ? load_word(r, o.mem_addr) : 0;
  if (r->step.eval(r->step.ctx, BSYN_RUNNER_PHASE_FINAL, &in, &o, d))
    return BSYN_RUNNER_ERROR;
  return retire(r, &in, &o);
}

/* One instruction on the reference model, called directly: its read ports are the
 * instruction's fields by contract, and its memory address does not depend on mem_rdata,
 * so one model evaluation suffices unless the instruction loads. Same results as
 * step_phased with bsyn_runner_ref_step, at about half the cost. */
static bsyn_runner_status step_ref(bsyn_runner *r) {
  uint32_t inst = bsyn_mem_read32(r->mem, r->pc);
  bsyn_rv32_in in = {r->pc, inst, r->x[inst >> 15 & 31], r->x[inst >> 20 & 31], 0};
  bsyn_rv32_out o;
  bsyn_rv32_step(&in, &o);
  if (o.mem_re) {
    in.mem_rdata = load_word(r, o.mem_addr);
    bsyn_rv32_step(&in, &o);
  }
  return retire(r, &in, &o);
}

bsyn_runner_status bsyn_runner_run(bsyn_runner *r, uint64_t max_steps) {
  bsyn_runner_status s = BSYN_RUNNER_RUNNING;
  int direct = r->step.eval == bsyn_runner_ref_step;
  for (uint64_t n = 0; s == BSYN_RUNNER_RUNNING; n++) {
    if (max_steps && n == max_steps) {
      s = BSYN_RUNNER_STEP_LIMIT;
      r->exit_code = BSYN_RUNNER_CODE_STEP_LIMIT;
      break;
    }
    s = direct ? step_ref(r) : step_phased(r);
  }
  if (s == BSYN_RUNNER_ERROR)
    r->exit_code = BSYN_RUNNER_CODE_ERROR;
  r->status = s;
  return s;
}

int bsyn_runner_ref_step(void *ctx, bsyn_runner_phase phase, const bsyn_rv32_in *in,
                         bsyn_rv32_out *out, bsyn_diag *d) {
  bsyn_runner_ref *ref = ctx;
  switch (phase) {
  case BSYN_RUNNER_PHASE_REGS:
    /* the read ports are the instruction's fields by the model's contract */
    memset(out, 0, sizeof *out);
    out->rs1_addr = in->inst >> 15 & 31;
    out->rs2_addr = in->inst >> 20 & 31;
    return 0;
  case BSYN_RUNNER_PHASE_MEM:
    bsyn_rv32_step(in, &ref->last_out);
    ref->last_in = *in;
    ref->valid = 1;
    *out = ref->last_out;
    return 0;
  case BSYN_RUNNER_PHASE_FINAL:
    /* without a memory read, mem_rdata is 0 in both phases: the MEM answer is final */
    if (ref->valid && !ref->last_out.mem_re && !memcmp(&ref->last_in, in, sizeof *in))
      *out = ref->last_out;
    else
      bsyn_rv32_step(in, out);
    ref->valid = 0;
    return 0;
  }
  return bsyn_diag_set(d, 0, 0, "expected a runner phase, found %d", (int)phase);
}

/* The outputs in the order the phases make them known; `phase` is the first phase at which
 * the runner uses each one. */
static const bsyn_runner_field lockstep_outputs[] = {
    {"rs1_addr", offsetof(bsyn_rv32_out, rs1_addr), BSYN_RUNNER_PHASE_REGS},
    {"rs2_addr", offsetof(bsyn_rv32_out, rs2_addr), BSYN_RUNNER_PHASE_REGS},
    {"mem_re", offsetof(bsyn_rv32_out, mem_re), BSYN_RUNNER_PHASE_MEM},
    {"mem_addr", offsetof(bsyn_rv32_out, mem_addr), BSYN_RUNNER_PHASE_MEM},
    {"trap", offsetof(bsyn_rv32_out, trap), BSYN_RUNNER_PHASE_FINAL},
    {"cause", offsetof(bsyn_rv32_out, cause), BSYN_RUNNER_PHASE_FINAL},
    {"rd_we", offsetof(bsyn_rv32_out, rd_we), BSYN_RUNNER_PHASE_FINAL},
    {"rd_addr", offsetof(bsyn_rv32_out, rd_addr), BSYN_RUNNER_PHASE_FINAL},
    {"rd_wdata", offsetof(bsyn_rv32_out, rd_wdata), BSYN_RUNNER_PHASE_FINAL},
    {"next_pc", offsetof(bsyn_rv32_out, next_pc), BSYN_RUNNER_PHASE_FINAL},
    {"mem_we", offsetof(bsyn_rv32_out, mem_we), BSYN_RUNNER_PHASE_FINAL},
    {"mem_wstrb", offsetof(bsyn_rv32_out, mem_wstrb), BSYN_RUNNER_PHASE_FINAL},
    {"mem_wdata", offsetof(bsyn_rv32_out, mem_wdata), BSYN_RUNNER_PHASE_FINAL},
};

const bsyn_runner_field *bsyn_runner_fields(size_t *n) {
  *n = sizeof lockstep_outputs / sizeof lockstep_outputs[0];
  return lockstep_outputs;
}

int bsyn_runner_lockstep_step(void *ctx, bsyn_runner_phase phase, const bsyn_rv32_in *in,
                              bsyn_rv32_out *out, bsyn_diag *d) {
  bsyn_runner_lockstep *ls = ctx;
  bsyn_rv32_out dut;
  if (ls->ref.eval(ls->ref.ctx, phase, in, out, d) || ls->dut.eval(ls->dut.ctx, phase, in, &dut, d))
    return -1;
  for (size_t i = 0; i < sizeof lockstep_outputs / sizeof lockstep_outputs[0]; i++) {
    if (lockstep_outputs[i].phase > phase)
      continue;
    uint32_t want, got;
    memcpy(&want, (const char *)out + lockstep_outputs[i].offset, sizeof want);
    memcpy(&got, (const char *)&dut + lockstep_outputs[i].offset, sizeof got);
    if (want != got) {
      ls->diverged = 1;
      return bsyn_diag_set(d, 0, 0,
                           "expected %s = 0x%x (reference), found 0x%x at pc 0x%08x (inst 0x%08x)",
                           lockstep_outputs[i].name, want, got, in->pc, in->inst);
    }
  }
  return 0;
}

const char *bsyn_runner_cause_name(uint32_t cause) {
  switch (cause) {
  case BSYN_RV32_CAUSE_FETCH_MISALIGNED:
    return "instruction address misaligned";
  case BSYN_RV32_CAUSE_ILLEGAL:
    return "illegal instruction";
  case BSYN_RV32_CAUSE_BREAKPOINT:
    return "breakpoint";
  case BSYN_RV32_CAUSE_LOAD_MISALIGNED:
    return "load address misaligned";
  case BSYN_RV32_CAUSE_STORE_MISALIGNED:
    return "store address misaligned";
  case BSYN_RV32_CAUSE_ECALL:
    return "environment call";
  default:
    return "unknown cause";
  }
}

void bsyn_runner_describe(const bsyn_runner *r, char *buf, size_t size) {
  switch (r->status) {
  case BSYN_RUNNER_RUNNING:
    snprintf(buf, size, "running");
    break;
  case BSYN_RUNNER_EXIT:
    snprintf(buf, size, "exit(%d)", r->exit_code);
    break;
  case BSYN_RUNNER_PASS:
    snprintf(buf, size, "passed (tohost = 1)");
    break;
  case BSYN_RUNNER_FAIL:
    snprintf(buf, size, "failed test %u (tohost = 0x%08x)", r->test, r->test << 1 | 1);
    break;
  case BSYN_RUNNER_TRAP:
    snprintf(buf, size, "trap at pc 0x%08x (inst 0x%08x): %s (cause %u)", r->trap_pc, r->trap_inst,
             bsyn_runner_cause_name(r->trap_cause), r->trap_cause);
    break;
  case BSYN_RUNNER_STEP_LIMIT:
    snprintf(buf, size, "stopped after %llu instructions at pc 0x%08x: step limit reached",
             (unsigned long long)r->steps, r->pc);
    break;
  case BSYN_RUNNER_ERROR:
    snprintf(buf, size, "error: %s", r->diag.msg);
    break;
  }
}

int bsyn_runner_write_signature(const bsyn_runner *r, const bsyn_elf *e, const char *path,
                                bsyn_diag *d) {
  return bsyn_runner_write_signature_mem(r->mem, e, path, d);
}

int bsyn_runner_write_signature_mem(const bsyn_mem *m, const bsyn_elf *e, const char *path,
                                    bsyn_diag *d) {
  uint32_t begin, end;
  if (!bsyn_elf_find_symbol(e, "begin_signature", &begin) ||
      !bsyn_elf_find_symbol(e, "end_signature", &end))
    return bsyn_diag_set(
        d, 0, 0, "expected symbols begin_signature and end_signature in the program, found %s",
        bsyn_elf_find_symbol(e, "begin_signature", NULL) ? "no end_signature"
                                                         : "no begin_signature");
  if (end < begin || (begin & 3))
    return bsyn_diag_set(
        d, 0, 0, "expected a word-aligned begin_signature <= end_signature, found 0x%08x..0x%08x",
        begin, end);
  bsyn_out out;
  if (bsyn_out_open(&out, path, d))
    return -1;
  for (uint64_t a = begin; a < end; a += 4)
    fprintf(out.f, "%08x\n", bsyn_mem_read32(m, (uint32_t)a));
  return bsyn_out_commit(&out, d);
}
