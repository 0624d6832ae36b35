/* The rv32ia-priv run loop, its devices and the lock-step pair. The step is a black box asked
 * twice a step (addresses, then everything), so the same loop drives the reference model, a
 * netlist, any oracle with the layout, or a lock-step pair of them. */
#include "bsyn_runner_ia.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_rv32_disasm.h"

enum {
  UART_LSR_WORD = 4,      /* the word holding the line status register, 0x10000005 */
  UART_LSR_IDLE = 0x6000, /* LSR 0x60 (THR empty, transmitter empty) in byte lane 1 */
  OPC_STORE = 0x23
};

bsyn_runner_ia *bsyn_runner_ia_new(uint64_t mem_limit) {
  bsyn_runner_ia *r = bsyn_calloc(1, sizeof *r);
  r->mem = bsyn_mem_new(mem_limit);
  r->csr[BSYN_RV32IA_MISA] = BSYN_RUNNER_IA_MISA;
  r->priv = BSYN_RV32IA_PRIV_M;
  r->mtimecmp = UINT64_MAX;
  r->step = (bsyn_runner_ia_step){bsyn_runner_ia_ref_step, &r->ref};
  bsyn_diag_init(&r->diag, NULL);
  return r;
}

void bsyn_runner_ia_free(bsyn_runner_ia *r) {
  if (!r)
    return;
  bsyn_mem_free(r->mem);
  free(r);
}

static int on_uart_page(uint32_t addr) {
  return (addr >> BSYN_MEM_PAGE_BITS) == (BSYN_RUNNER_IA_UART >> BSYN_MEM_PAGE_BITS);
}

static int on_clint(uint32_t addr) {
  return addr - BSYN_RUNNER_IA_CLINT < BSYN_RUNNER_IA_CLINT_SIZE;
}

/* 1 when [a, a + n) (n > 0) meets [b, b + m). */
int bsyn_runner_ia_load(bsyn_runner_ia *r, const bsyn_elf *e, bsyn_diag *d) {
  static const bsyn_elf_window devices[] = {
      {BSYN_RUNNER_IA_UART, BSYN_MEM_PAGE_SIZE, "the UART's page at 0x10000000"},
      {BSYN_RUNNER_IA_CLINT, BSYN_RUNNER_IA_CLINT_SIZE, "the CLINT at 0x02000000..0x0200ffff"}};
  if (bsyn_elf_load_program(e, r->mem, devices, 2, d))
    return -1;
  r->pc = e->entry;
  r->has_tohost = bsyn_elf_find_symbol(e, "tohost", &r->tohost_addr);
  r->has_fromhost = bsyn_elf_find_symbol(e, "fromhost", &r->fromhost_addr);
  return 0;
}

bsyn_runner_ia *bsyn_runner_ia_open(const char *path, uint64_t mem_limit, bsyn_elf **elf,
                                    bsyn_diag *d) {
  bsyn_diag_init(d, path);
  *elf = NULL;
  bsyn_elf *e;
  if (bsyn_elf_read(path, &e, d))
    return NULL;
  bsyn_runner_ia *r = bsyn_runner_ia_new(mem_limit);
  if (bsyn_runner_ia_load(r, e, d)) {
    bsyn_runner_ia_free(r);
    bsyn_elf_free(e);
    return NULL;
  }
  *elf = e;
  return r;
}

/* The CLINT's registers as words: the low or high half of mtime or mtimecmp, else NULL. */
static uint64_t *clint_reg(bsyn_runner_ia *r, uint32_t addr, unsigned *shift) {
  *shift = addr & 4 ? 32 : 0;
  if ((addr & ~4u) == BSYN_RUNNER_IA_MTIME)
    return &r->mtime;
  if ((addr & ~4u) == BSYN_RUNNER_IA_MTIMECMP)
    return &r->mtimecmp;
  return NULL;
}

static uint32_t load_word(bsyn_runner_ia *r, uint32_t addr) {
  if (on_clint(addr)) {
    unsigned shift;
    const uint64_t *reg = clint_reg(r, addr, &shift);
    return reg ? (uint32_t)(*reg >> shift) : 0;
  }
  if (on_uart_page(addr))
    return addr == BSYN_RUNNER_IA_UART + UART_LSR_WORD ? UART_LSR_IDLE : 0;
  return bsyn_mem_read32(r->mem, addr);
}

/* The byte lanes a store writes. The step's outputs carry the whole merged word, so only the
 * instruction tells which lanes it meant: SB and SH name theirs by the address's low bits;
 * SW, SC.W and the AMOs write all four. */
static uint32_t store_lanes(const bsyn_rv32ia_in *in) {
  uint32_t inst = in->inst;
  if ((inst & 0x7f) != OPC_STORE)
    return 0xf;
  uint32_t imm = (inst >> 25) << 5 | (inst >> 7 & 31);
  uint32_t addr = in->x[inst >> 15 & 31] + (uint32_t)((int32_t)(imm << 20) >> 20);
  switch (inst >> 12 & 7) {
  case 0:
    return 1u << (addr & 3);
  case 1:
    return 3u << (addr & 2);
  default:
    return 0xf;
  }
}

static void emit(bsyn_runner_ia *r, uint8_t c) {
  if (r->output)
    r->output(r->output_ctx, 1, &c, 1);
}

static bsyn_runner_status tohost_written(bsyn_runner_ia *r, uint32_t v) {
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

/* The store of one step (addr word-aligned); sets *wrote_mtime when it wrote mtime. Returns
 * the new status (RUNNING to go on). */
static bsyn_runner_status store(bsyn_runner_ia *r, const bsyn_rv32ia_in *in, uint32_t addr,
                                uint32_t data, int *wrote_mtime) {
  if (on_clint(addr)) {
    unsigned shift;
    uint64_t *reg = clint_reg(r, addr, &shift);
    if (reg) {
      *reg = (*reg & ~((uint64_t)UINT32_MAX << shift)) | (uint64_t)data << shift;
      *wrote_mtime = reg == &r->mtime;
    }
    return BSYN_RUNNER_RUNNING;
  }
  if (on_uart_page(addr)) {
    if (addr == BSYN_RUNNER_IA_UART && (store_lanes(in) & 1))
      emit(r, (uint8_t)data);
    return BSYN_RUNNER_RUNNING;
  }
  if (bsyn_mem_write32(r->mem, addr, data, 0xf)) {
    bsyn_diag_set(&r->diag, 0, 0,
                  "expected a store within the memory limit, found one to 0x%08x at pc 0x%08x",
                  addr, r->pc);
    return BSYN_RUNNER_ERROR;
  }
  if (r->has_tohost && addr == (r->tohost_addr & ~3u))
    return tohost_written(r, data);
  return BSYN_RUNNER_RUNNING;
}

void bsyn_runner_ia_input(const bsyn_runner_ia *r, bsyn_rv32ia_in *in) {
  memset(in, 0, sizeof *in);
  memcpy(in->x, r->x, sizeof in->x);
  memcpy(in->csr, r->csr, sizeof in->csr);
  in->pc = r->pc;
  in->priv = r->priv;
  in->irq = r->mtime >= r->mtimecmp;
  in->inst = bsyn_mem_read32(r->mem, r->pc);
}

/* One step: both passes, the memory access, then the new state. */
static bsyn_runner_status step_once(bsyn_runner_ia *r) {
  bsyn_rv32ia_in in;
  bsyn_rv32ia_out o;
  bsyn_runner_ia_input(r, &in);
  if (r->step.eval(r->step.ctx, BSYN_RUNNER_IA_PASS_ADDR, &in, &o, &r->diag))
    return BSYN_RUNNER_ERROR;
  if (o.load_addr & 1)
    in.load_data = load_word(r, o.load_addr & ~3u);
  if (r->step.eval(r->step.ctx, BSYN_RUNNER_IA_PASS_FINAL, &in, &o, &r->diag))
    return BSYN_RUNNER_ERROR;
  memcpy(r->x, o.x, sizeof r->x);
  r->x[0] = 0;
  memcpy(r->csr, o.csr, sizeof r->csr);
  r->steps++;
  int wrote_mtime = 0;
  bsyn_runner_status s = BSYN_RUNNER_RUNNING;
  if (o.store_addr & 1)
    s = store(r, &in, o.store_addr & ~3u, o.store_data, &wrote_mtime);
  if (!wrote_mtime)
    r->mtime++;
  r->pc = o.next_pc;
  r->priv = o.next_priv & 3;
  return s;
}

bsyn_runner_status bsyn_runner_ia_run(bsyn_runner_ia *r, uint64_t max_steps) {
  bsyn_runner_status s = BSYN_RUNNER_RUNNING;
  for (uint64_t n = 0; s == BSYN_RUNNER_RUNNING; n++) {
    if (max_steps && n == max_steps) {
      s = BSYN_RUNNER_STEP_LIMIT;
      r->exit_code = BSYN_RUNNER_CODE_STEP_LIMIT;
      break;
    }
    s = step_once(r);
  }
  if (s == BSYN_RUNNER_ERROR)
    r->exit_code = BSYN_RUNNER_CODE_ERROR;
  r->status = s;
  return s;
}

int bsyn_runner_ia_ref_step(void *ctx, bsyn_runner_ia_pass pass, const bsyn_rv32ia_in *in,
                            bsyn_rv32ia_out *out, bsyn_diag *d) {
  bsyn_runner_ia_ref *ref = ctx;
  (void)d;
  if (pass == BSYN_RUNNER_IA_PASS_ADDR) {
    bsyn_rv32ia_step(in, &ref->last);
    ref->valid = 1;
    *out = ref->last;
    return 0;
  }
  /* without a read, load_data is 0 in both passes: the first answer is final */
  if (ref->valid && !(ref->last.load_addr & 1))
    *out = ref->last;
  else
    bsyn_rv32ia_step(in, out);
  ref->valid = 0;
  return 0;
}

/* out's fields from one vector of output rows (bit 0 of each row). */
static uint32_t row_bits(const uint64_t *rows, uint32_t first, uint32_t n) {
  uint32_t v = 0;
  for (uint32_t k = 0; k < n; k++)
    v |= (uint32_t)(rows[first + k] & 1) << k;
  return v;
}

static void unpack_rows(const uint64_t *rows, bsyn_rv32ia_out *out) {
  memset(out, 0, sizeof *out);
  for (uint32_t k = 0; k < 32; k++)
    out->x[k] = row_bits(rows, BSYN_RV32IA_OUT_X0 + 32 * k, 32);
  for (uint32_t k = 0; k < BSYN_RV32IA_NUM_CSRS; k++)
    out->csr[k] = row_bits(rows, BSYN_RV32IA_OUT_CSR + 32 * k, 32);
  out->next_pc = row_bits(rows, BSYN_RV32IA_OUT_NEXT_PC, 32);
  out->load_addr = row_bits(rows, BSYN_RV32IA_OUT_LOAD_ADDR, 32);
  out->store_data = row_bits(rows, BSYN_RV32IA_OUT_STORE_DATA, 32);
  out->store_addr = row_bits(rows, BSYN_RV32IA_OUT_STORE_ADDR, 32);
  out->next_priv = row_bits(rows, BSYN_RV32IA_OUT_NEXT_PRIV, 2);
}

int bsyn_runner_ia_oracle_step(void *ctx, bsyn_runner_ia_pass pass, const bsyn_rv32ia_in *in,
                               bsyn_rv32ia_out *out, bsyn_diag *d) {
  bsyn_runner_ia_oracle *s = ctx;
  if (pass == BSYN_RUNNER_IA_PASS_FINAL && s->valid && !(s->last.load_addr & 1)) {
    *out = s->last;
    s->valid = 0;
    return 0;
  }
  uint64_t bits[BSYN_RV32IA_IN_WORDS];
  bsyn_rv32ia_in plain = *in;
  plain.hints = 0;
  bsyn_rv32ia_pack_in(&plain, bits);
  for (uint32_t i = 0; i < BSYN_RV32IA_NUM_INPUTS; i++)
    s->rows_in[i] = bits[i / 64] >> (i % 64) & 1;
  if (bsyn_oracle_eval(s->o, s->rows_in, s->rows_out, 1, d))
    return -1;
  unpack_rows(s->rows_out, out);
  s->last = *out;
  s->valid = pass == BSYN_RUNNER_IA_PASS_ADDR;
  return 0;
}

static const char priv_letter[4] = {'U', 'S', 'M', 'M'};

void bsyn_runner_ia_describe(const bsyn_runner_ia *r, char *buf, size_t size) {
  switch (r->status) {
  case BSYN_RUNNER_PASS:
    snprintf(buf, size, "passed (tohost = 1)");
    break;
  case BSYN_RUNNER_FAIL:
    snprintf(buf, size, "failed test %u (tohost = 0x%08x)", r->test, r->test << 1 | 1);
    break;
  case BSYN_RUNNER_STEP_LIMIT:
    snprintf(buf, size,
             "stopped after %llu steps at pc 0x%08x in %c mode: step limit reached (mcause "
             "0x%08x, mepc 0x%08x, mtval 0x%08x)",
             (unsigned long long)r->steps, r->pc, priv_letter[r->priv & 3],
             r->csr[BSYN_RV32IA_MCAUSE], r->csr[BSYN_RV32IA_MEPC], r->csr[BSYN_RV32IA_MTVAL]);
    break;
  case BSYN_RUNNER_ERROR:
    snprintf(buf, size, "error: %s", r->diag.msg);
    break;
  default:
    snprintf(buf, size, "running");
    break;
  }
}

/* The names of the fields, in layout order (docs/rv32ia-priv.md, "Bit layout"). */
static const char *const field_names[BSYN_RUNNER_IA_NUM_FIELDS] = {
    "x0_next",   "x1_next",    "x2_next",       "x3_next",       "x4_next",      "x5_next",
    "x6_next",   "x7_next",    "x8_next",       "x9_next",       "x10_next",     "x11_next",
    "x12_next",  "x13_next",   "x14_next",      "x15_next",      "x16_next",     "x17_next",
    "x18_next",  "x19_next",   "x20_next",      "x21_next",      "x22_next",     "x23_next",
    "x24_next",  "x25_next",   "x26_next",      "x27_next",      "x28_next",     "x29_next",
    "x30_next",  "x31_next",   "mtvec_next",    "mepc_next",     "mcause_next",  "mie_next",
    "mip_next",  "mtval_next", "mscratch_next", "mstatus_next",  "mideleg_next", "medeleg_next",
    "sepc_next", "stvec_next", "scause_next",   "sscratch_next", "stval_next",   "sstatus_next",
    "sie_next",  "sip_next",   "satp_next",     "mhartid_next",  "misa_next",    "next_pc",
    "load_addr", "store_data", "store_addr",    "next_priv",
};

uint32_t bsyn_runner_ia_field(const bsyn_rv32ia_out *o, unsigned k, const char **name) {
  if (k >= BSYN_RUNNER_IA_NUM_FIELDS)
    bsyn_abort("bsyn_runner_ia_field: field %u out of range", k);
  if (name)
    *name = field_names[k];
  if (k < 32)
    return o->x[k];
  if (k < 32 + BSYN_RV32IA_NUM_CSRS)
    return o->csr[k - 32];
  const uint32_t tail[5] = {o->next_pc, o->load_addr, o->store_data, o->store_addr, o->next_priv};
  return tail[k - 32 - BSYN_RV32IA_NUM_CSRS];
}

/* Field k is known to the runner after pass p. */
static int known_in(unsigned k, bsyn_runner_ia_pass p) {
  unsigned load = 32 + BSYN_RV32IA_NUM_CSRS + 1, store = load + 2;
  return p == BSYN_RUNNER_IA_PASS_FINAL || k == load || k == store;
}

int bsyn_runner_ia_lockstep_step(void *ctx, bsyn_runner_ia_pass pass, const bsyn_rv32ia_in *in,
                                 bsyn_rv32ia_out *out, bsyn_diag *d) {
  bsyn_runner_ia_lockstep *ls = ctx;
  bsyn_rv32ia_out dut;
  if (ls->ref.eval(ls->ref.ctx, pass, in, out, d) || ls->dut.eval(ls->dut.ctx, pass, in, &dut, d))
    return -1;
  for (unsigned k = 0; k < BSYN_RUNNER_IA_NUM_FIELDS; k++) {
    const char *name;
    uint32_t want = bsyn_runner_ia_field(out, k, &name), got = bsyn_runner_ia_field(&dut, k, NULL);
    if (!known_in(k, pass) || want == got)
      continue;
    ls->diverged = 1;
    ls->pass = pass;
    ls->in = *in;
    ls->want = *out;
    ls->got = dut;
    return bsyn_diag_set(d, 0, 0,
                         "expected %s = 0x%x (reference), found 0x%x at pc 0x%08x (inst 0x%08x, "
                         "priv %c)",
                         name, want, got, in->pc, in->inst, priv_letter[in->priv & 3]);
  }
  return 0;
}

/* Appends printf-style text to buf at *len (truncating quietly). */
static void put(char *buf, size_t size, size_t *len, const char *fmt, ...) BSYN_PRINTF(4, 5);
static void put(char *buf, size_t size, size_t *len, const char *fmt, ...) {
  if (*len >= size)
    return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf + *len, size - *len, fmt, ap);
  va_end(ap);
  if (n > 0)
    *len = *len + (size_t)n < size ? *len + (size_t)n : size - 1;
}

int bsyn_runner_ia_lockstep_report(const bsyn_runner_ia_lockstep *ls, const bsyn_runner_ia *r,
                                   char *buf, size_t size) {
  size_t len = 0;
  if (size)
    buf[0] = 0;
  if (!ls->diverged)
    return 0;
  char text[64];
  bsyn_rv32_disasm(ls->in.inst, ls->in.pc, text, sizeof text);
  put(buf, size, &len,
      "lockstep: divergence at step %llu, pc 0x%08x in %c mode: %s (inst 0x%08x), %s pass "
      "(load_data 0x%08x, irq %u)",
      (unsigned long long)r->steps + 1, ls->in.pc, priv_letter[ls->in.priv & 3], text, ls->in.inst,
      ls->pass == BSYN_RUNNER_IA_PASS_ADDR ? "address" : "final", ls->in.load_data, ls->in.irq);
  for (unsigned k = 0; k < BSYN_RUNNER_IA_NUM_FIELDS; k++) {
    const char *name;
    uint32_t want = bsyn_runner_ia_field(&ls->want, k, &name);
    uint32_t got = bsyn_runner_ia_field(&ls->got, k, NULL);
    if (known_in(k, ls->pass) && want != got)
      put(buf, size, &len, "\n  %-14s device 0x%08x, reference 0x%08x", name, got, want);
  }
  return 1;
}
