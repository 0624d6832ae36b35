/* The rv32ia-priv reference step, in the order of docs/rv32ia-priv.md ("Step, in order"):
 * legalize, interrupts, instruction page fault, decode and execute, commit or trap entry.
 * RV32I instructions are the rv32i-core step's (bsyn_rv32_step), as the contract says. Written
 * for clarity: the bit-sliced oracle and the RTL are checked against it. */
#include "bsyn_rv32ia.h"

#include <string.h>

#include "bsyn_rv32.h"

/* An exception or interrupt: mcause value (bit 31 for interrupts) and tval. */
typedef struct trap_info {
  int taken;
  uint32_t cause, tval;
} trap_info;

/* The step under way: legalized inputs, and the outputs as the instruction commits them. */
typedef struct step {
  const bsyn_rv32ia_in *in;
  uint32_t csr[BSYN_RV32IA_NUM_CSRS]; /* legalized inputs */
  unsigned p;                         /* effective privilege: 0, 1 or 3 */
  uint32_t rs1_val, rs2_val;
  bsyn_rv32ia_out *o;
} step;

static uint32_t bit(uint32_t x, unsigned k) { return x >> k & 1; }

static uint32_t with_bit(uint32_t x, unsigned k, uint32_t b) {
  return (x & ~(1u << k)) | (b & 1) << k;
}

static trap_info exception(uint32_t cause, uint32_t tval) { return (trap_info){1, cause, tval}; }

static const trap_info no_trap = {0, 0, 0};

static trap_info illegal(const step *s) { return exception(BSYN_RV32_CAUSE_ILLEGAL, s->in->inst); }

static uint32_t rd_field(uint32_t inst) { return inst >> 7 & 31; }

static void write_rd(const step *s, uint32_t value) {
  unsigned rd = rd_field(s->in->inst);
  if (rd)
    s->o->x[rd] = value;
}

/* Step 2: the interrupt taken, if any (priority 11, 3, 7, 9, 1, 5; M-level before S-level). */
static trap_info interrupt(const step *s) {
  static const unsigned order[6] = {11, 3, 7, 9, 1, 5};
  const uint32_t *c = s->csr;
  uint32_t ms = c[BSYN_RV32IA_MSTATUS], mideleg = c[BSYN_RV32IA_MIDELEG];
  uint32_t ready = c[BSYN_RV32IA_MIE] & (c[BSYN_RV32IA_MIP] | (s->in->irq & 1) << 7);
  uint32_t m = ready & ~mideleg, sl = ready & mideleg;
  int m_on = s->p < 3 || bit(ms, BSYN_RV32IA_MS_MIE);
  int s_on = s->p < 1 || (s->p == 1 && bit(ms, BSYN_RV32IA_MS_SIE));
  uint32_t set = m && m_on ? m : sl && s_on ? sl : 0;
  for (unsigned k = 0; k < 6; k++)
    if (bit(set, order[k]))
      return exception(BSYN_RV32IA_CAUSE_INTERRUPT | order[k], 0);
  return no_trap;
}

/* The branch or jump target of a JAL, JALR or branch (JALR's bit 0 cleared). */
static uint32_t jump_target(const step *s) {
  uint32_t inst = s->in->inst, pc = s->in->pc;
  switch (inst & 0x7f) {
  case BSYN_RV32_OPC_JAL:
    return pc + bsyn_rv32_imm_j(inst);
  case BSYN_RV32_OPC_JALR:
    return (s->rs1_val + bsyn_rv32_imm_i(inst)) & ~1u;
  default:
    return pc + bsyn_rv32_imm_b(inst);
  }
}

/* The byte address of a load or store. */
static uint32_t mem_address(const step *s) {
  uint32_t inst = s->in->inst;
  uint32_t imm =
      (inst & 0x7f) == BSYN_RV32_OPC_STORE ? bsyn_rv32_imm_s(inst) : bsyn_rv32_imm_i(inst);
  return s->rs1_val + imm;
}

/* 0xff in each byte lane of the 4-bit strobe */
static uint32_t lane_mask(uint32_t wstrb) {
  uint32_t m = 0;
  for (unsigned j = 0; j < 4; j++)
    m |= bit(wstrb, j) * (0xffu << (8 * j));
  return m;
}

/* RV32I (rv32i-core's table): the core step, then the page-fault inputs and the memory
 * outputs (a byte or halfword store reads its word and stores the merged word). */
static trap_info exec_rv32i(const step *s) {
  const bsyn_rv32ia_in *in = s->in;
  bsyn_rv32ia_out *o = s->o;
  bsyn_rv32_in ci = {in->pc, in->inst, s->rs1_val, s->rs2_val, in->load_data};
  bsyn_rv32_out co;
  bsyn_rv32_step(&ci, &co);
  if (co.trap) {
    switch (co.cause) {
    case BSYN_RV32_CAUSE_FETCH_MISALIGNED:
      return exception(co.cause, jump_target(s));
    case BSYN_RV32_CAUSE_LOAD_MISALIGNED:
    case BSYN_RV32_CAUSE_STORE_MISALIGNED:
      return exception(co.cause, mem_address(s));
    default: /* ECALL and EBREAK are decoded before, with the other SYSTEM words */
      return illegal(s);
    }
  }
  if (co.mem_re && (in->load_page_fault & 1))
    return exception(BSYN_RV32IA_CAUSE_LOAD_PAGE_FAULT, mem_address(s));
  if (co.mem_we && (in->store_page_fault & 1))
    return exception(BSYN_RV32IA_CAUSE_STORE_PAGE_FAULT, mem_address(s));
  if (co.rd_we)
    o->x[co.rd_addr] = co.rd_wdata;
  o->next_pc = co.next_pc;
  if (co.mem_re || (co.mem_we && co.mem_wstrb != 0xf))
    o->load_addr = co.mem_addr | 1;
  if (co.mem_we) {
    o->store_addr = co.mem_addr | 1;
    o->store_data = (in->load_data & ~lane_mask(co.mem_wstrb)) | co.mem_wdata;
  }
  return no_trap;
}

uint32_t bsyn_rv32ia_amo(unsigned funct5, uint32_t w, uint32_t b) {
  switch (funct5) {
  case 0x01:
    return b;
  case 0x00:
    return w + b;
  case 0x04:
    return w ^ b;
  case 0x0c:
    return w & b;
  case 0x08:
    return w | b;
  case 0x10:
    return (int32_t)w < (int32_t)b ? w : b;
  case 0x14:
    return (int32_t)w < (int32_t)b ? b : w;
  case 0x18:
    return w < b ? w : b;
  default:
    return w < b ? b : w;
  }
}

static int amo_funct5(unsigned f) {
  return f == 0x01 || f == 0x00 || f == 0x04 || f == 0x0c || f == 0x08 || f == 0x10 || f == 0x14 ||
         f == 0x18 || f == 0x1c;
}

/* RV32A: LR.W, SC.W and the AMOs at addr = rs1_val (word aligned, else misaligned). */
static trap_info exec_amo(const step *s) {
  const bsyn_rv32ia_in *in = s->in;
  bsyn_rv32ia_out *o = s->o;
  unsigned funct5 = in->inst >> 27, rs2 = in->inst >> 20 & 31;
  uint32_t addr = s->rs1_val, *ms = &o->csr[BSYN_RV32IA_MSTATUS];
  int lr = funct5 == 0x02, sc = funct5 == 0x03;
  if ((in->inst >> 12 & 7) != 2 || !(lr || sc || amo_funct5(funct5)) || (lr && rs2 != 0))
    return illegal(s);
  if (addr & 3)
    return exception(lr ? BSYN_RV32_CAUSE_LOAD_MISALIGNED : BSYN_RV32_CAUSE_STORE_MISALIGNED, addr);
  if (lr ? in->load_page_fault & 1 : in->store_page_fault & 1)
    return exception(lr ? BSYN_RV32IA_CAUSE_LOAD_PAGE_FAULT : BSYN_RV32IA_CAUSE_STORE_PAGE_FAULT,
                     addr);
  if (lr) {
    write_rd(s, in->load_data);
    o->load_addr = addr | 1;
    *ms |= BSYN_RV32IA_MSTATUS_RES;
  } else if (sc) {
    int reserved = bit(*ms, BSYN_RV32IA_MS_RES);
    write_rd(s, !reserved);
    if (reserved) {
      o->store_addr = addr | 1;
      o->store_data = s->rs2_val;
    }
    *ms &= ~BSYN_RV32IA_MSTATUS_RES;
  } else {
    write_rd(s, in->load_data);
    o->load_addr = o->store_addr = addr | 1;
    o->store_data = bsyn_rv32ia_amo(funct5, in->load_data, s->rs2_val);
  }
  return no_trap;
}

/* MRET / SRET ("xRET"): privilege and interrupt enable from the stacked fields. */
static void xret(const step *s, int mret) {
  bsyn_rv32ia_out *o = s->o;
  uint32_t ms = o->csr[BSYN_RV32IA_MSTATUS];
  if (mret) {
    o->next_priv = ms >> BSYN_RV32IA_MS_MPP & 3;
    ms = with_bit(ms, BSYN_RV32IA_MS_MIE, bit(ms, BSYN_RV32IA_MS_MPIE));
    ms = with_bit(ms, BSYN_RV32IA_MS_MPIE, 1) & ~(3u << BSYN_RV32IA_MS_MPP);
    o->next_pc = o->csr[BSYN_RV32IA_MEPC];
  } else {
    o->next_priv = bit(ms, BSYN_RV32IA_MS_SPP);
    ms = with_bit(ms, BSYN_RV32IA_MS_SIE, bit(ms, BSYN_RV32IA_MS_SPIE));
    ms = with_bit(ms, BSYN_RV32IA_MS_SPIE, 1) & ~(1u << BSYN_RV32IA_MS_SPP);
    o->next_pc = o->csr[BSYN_RV32IA_SEPC];
  }
  if (o->next_priv != BSYN_RV32IA_PRIV_M)
    ms &= ~(1u << BSYN_RV32IA_MS_MPRV);
  o->csr[BSYN_RV32IA_MSTATUS] = ms & ~BSYN_RV32IA_MSTATUS_RES;
}

/* Zicsr: CSRRW(I), CSRRS(I), CSRRC(I). */
static trap_info exec_csr(const step *s) {
  const bsyn_rv32ia_in *in = s->in;
  unsigned funct3 = in->inst >> 12 & 7, rs1 = in->inst >> 15 & 31, op = funct3 & 3;
  uint32_t addr = in->inst >> 20, src = funct3 & 4 ? rs1 : s->rs1_val, old;
  int writes = op == 1 || rs1 != 0;
  if (!bsyn_rv32ia_csr_read(s->csr, addr, s->p, in->irq, writes, &old))
    return illegal(s);
  if (in->hints)
    old = in->csr_hint;
  if (writes)
    bsyn_rv32ia_csr_write(s->o->csr, addr, op == 1 ? src : op == 2 ? old | src : old & ~src);
  write_rd(s, old);
  return no_trap;
}

/* SYSTEM: the exact funct3 = 000 words, and the CSR instructions. */
static trap_info exec_system(const step *s) {
  static const uint32_t ecall_cause[4] = {BSYN_RV32IA_CAUSE_ECALL_U, BSYN_RV32IA_CAUSE_ECALL_S,
                                          BSYN_RV32IA_CAUSE_ECALL_M, BSYN_RV32IA_CAUSE_ECALL_M};
  uint32_t inst = s->in->inst, ms = s->csr[BSYN_RV32IA_MSTATUS];
  unsigned funct3 = inst >> 12 & 7, p = s->p;
  if (funct3 == 4)
    return illegal(s);
  if (funct3 != 0)
    return exec_csr(s);
  int m = p == BSYN_RV32IA_PRIV_M, sv = p == BSYN_RV32IA_PRIV_S;
  if (inst == BSYN_RV32_INST_ECALL)
    return exception(ecall_cause[p], 0);
  if (inst == BSYN_RV32_INST_EBREAK)
    return exception(BSYN_RV32_CAUSE_BREAKPOINT, s->in->pc);
  if (inst == BSYN_RV32IA_INST_MRET && m)
    xret(s, 1);
  else if (inst == BSYN_RV32IA_INST_SRET && (m || (sv && !bit(ms, BSYN_RV32IA_MS_TSR))))
    xret(s, 0);
  else if (inst == BSYN_RV32IA_INST_WFI && (m || (sv && !bit(ms, BSYN_RV32IA_MS_TW))))
    ; /* no-op */
  else if ((inst & BSYN_RV32IA_SFENCE_MASK) == BSYN_RV32IA_SFENCE_MATCH &&
           (m || (sv && !bit(ms, BSYN_RV32IA_MS_TVM))))
    ; /* no-op: there is no translation to flush */
  else
    return illegal(s);
  return no_trap;
}

/* Step 4: decode and execute, committing into s->o; an exception leaves s->o to be reset. */
static trap_info execute(const step *s) {
  uint32_t inst = s->in->inst;
  switch (inst & 0x7f) {
  case BSYN_RV32_OPC_SYSTEM:
    return exec_system(s);
  case BSYN_RV32IA_OPC_AMO:
    return exec_amo(s);
  case BSYN_RV32_OPC_MISC_MEM:
    if ((inst >> 12 & 7) == 1)
      return no_trap; /* FENCE.I: a no-op */
    return exec_rv32i(s);
  default:
    return exec_rv32i(s);
  }
}

/* Trap entry: to S when p <= 1 and the cause is delegated, else to M. s->o holds the
 * legalized inputs again. */
static void enter_trap(const step *s, trap_info t) {
  bsyn_rv32ia_out *o = s->o;
  uint32_t *c = o->csr, ms = c[BSYN_RV32IA_MSTATUS], code = t.cause & 31;
  uint32_t deleg =
      t.cause & BSYN_RV32IA_CAUSE_INTERRUPT ? c[BSYN_RV32IA_MIDELEG] : c[BSYN_RV32IA_MEDELEG];
  if (s->p <= 1 && bit(deleg, code)) {
    c[BSYN_RV32IA_SEPC] = s->in->pc;
    c[BSYN_RV32IA_SCAUSE] = t.cause;
    c[BSYN_RV32IA_STVAL] = t.tval;
    ms = with_bit(ms, BSYN_RV32IA_MS_SPP, s->p);
    ms = with_bit(ms, BSYN_RV32IA_MS_SPIE, bit(ms, BSYN_RV32IA_MS_SIE));
    ms = with_bit(ms, BSYN_RV32IA_MS_SIE, 0);
    o->next_priv = BSYN_RV32IA_PRIV_S;
    o->next_pc = c[BSYN_RV32IA_STVEC];
  } else {
    c[BSYN_RV32IA_MEPC] = s->in->pc;
    c[BSYN_RV32IA_MCAUSE] = t.cause;
    c[BSYN_RV32IA_MTVAL] = t.tval;
    ms = (ms & ~(3u << BSYN_RV32IA_MS_MPP)) | s->p << BSYN_RV32IA_MS_MPP;
    ms = with_bit(ms, BSYN_RV32IA_MS_MPIE, bit(ms, BSYN_RV32IA_MS_MIE));
    ms = with_bit(ms, BSYN_RV32IA_MS_MIE, 0);
    o->next_priv = BSYN_RV32IA_PRIV_M;
    o->next_pc = c[BSYN_RV32IA_MTVEC];
  }
  c[BSYN_RV32IA_MSTATUS] = ms & ~BSYN_RV32IA_MSTATUS_RES;
  o->trap = 1;
  o->cause = t.cause;
  o->tval = t.tval;
}

/* The outputs as they are when nothing is executed: registers and legal CSRs unchanged. */
static void reset_outputs(const step *s) {
  bsyn_rv32ia_out *o = s->o;
  memset(o, 0, sizeof *o);
  memcpy(o->x, s->in->x, sizeof o->x);
  o->x[0] = 0;
  memcpy(o->csr, s->csr, sizeof o->csr);
  o->next_pc = s->in->pc + 4;
  o->next_priv = s->p;
}

void bsyn_rv32ia_step(const bsyn_rv32ia_in *in, bsyn_rv32ia_out *out) {
  step s = {.in = in, .o = out};
  memcpy(s.csr, in->csr, sizeof s.csr);
  bsyn_rv32ia_legalize(s.csr);
  s.p = (in->priv & 3) == 2 ? BSYN_RV32IA_PRIV_M : in->priv & 3;
  unsigned rs1 = in->inst >> 15 & 31, rs2 = in->inst >> 20 & 31;
  s.rs1_val = in->hints ? in->rs1_hint : rs1 ? in->x[rs1] : 0;
  s.rs2_val = in->hints ? in->rs2_hint : rs2 ? in->x[rs2] : 0;
  reset_outputs(&s);
  trap_info t = interrupt(&s);
  if (!t.taken && (in->inst_page_fault & 1))
    t = exception(BSYN_RV32IA_CAUSE_INST_PAGE_FAULT, in->pc);
  if (!t.taken)
    t = execute(&s);
  if (t.taken) {
    reset_outputs(&s);
    enter_trap(&s, t);
  }
  bsyn_rv32ia_legalize(out->csr);
}
