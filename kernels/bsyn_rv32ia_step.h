/* bsyn_rv32ia_step.h — the bit-sliced rv32ia-priv step (docs/rv32ia-priv.md), built on the
 * rows and gates of bsyn_rv32_step.h: RV32I instructions are rv32i-core's core_tile; around
 * it the register file, the CSRs, interrupts, page faults, RV32A, the privileged SYSTEM words
 * and trap entry are gates over rows as well. The reference is bsyn_rv32ia_step
 * (core/bsyn_rv32ia.c); every name here follows the contract's step order.
 *
 * Rows are unqualified pointers (private memory in OpenCL), as in bsyn_rv32_step.h. */
#ifndef BSYN_RV32IA_STEP_H
#define BSYN_RV32IA_STEP_H

#include "bsyn_rv32_step.h"
#include "bsyn_rv32ia_layout.h"

/* Gates here take rows by value. In the baseline build a 64-byte row is passed in memory, not
 * in a register, and clang warns that this differs from an AVX-512 build's ABI; every function
 * here is static to the file that includes it, so no call ever crosses that boundary. */
#if defined(__clang__) && !defined(__OPENCL_VERSION__)
#pragma clang diagnostic ignored "-Wpsabi"
#endif

#define IA_ZERO BSYN_ROW_ZERO
#define IA_ONES (~BSYN_ROW_ZERO)
/* the row of bit i of the constant c */
#define IA_CONST(c, i) ((((c) >> (i)) & 1u) ? IA_ONES : IA_ZERO)
/* row i of CSR k among a tile's CSR rows */
#define IA_CSR(rows, k, i) ((rows)[32 * (k) + (i)])

/* The bits a CSR holds (its legal value); views: the bits their M-mode register can show. */
KINLINE unsigned ia_legal_mask(int k) {
  switch (k) {
  case BSYN_RV32IA_MSTATUS:
    return BSYN_RV32IA_MSTATUS_LEGAL;
  case BSYN_RV32IA_MEDELEG:
    return BSYN_RV32IA_MEDELEG_LEGAL;
  case BSYN_RV32IA_MIDELEG:
  case BSYN_RV32IA_MIP:
  case BSYN_RV32IA_SIE:
  case BSYN_RV32IA_SIP:
    return BSYN_RV32IA_MIDELEG_LEGAL; /* = mip's; views are within mideleg */
  case BSYN_RV32IA_MIE:
    return BSYN_RV32IA_MIE_LEGAL;
  case BSYN_RV32IA_SSTATUS:
    return BSYN_RV32IA_SSTATUS_MASK;
  case BSYN_RV32IA_MTVEC:
  case BSYN_RV32IA_STVEC:
  case BSYN_RV32IA_MEPC:
  case BSYN_RV32IA_SEPC:
    return BSYN_RV32IA_ALIGN_MASK;
  default:
    return 0xFFFFFFFFu;
  }
}

/* The address of CSR k (layout order) for CSR instructions. */
KINLINE unsigned ia_csr_address(int k) {
  switch (k) {
  case BSYN_RV32IA_MTVEC:
    return 0x305;
  case BSYN_RV32IA_MEPC:
    return 0x341;
  case BSYN_RV32IA_MCAUSE:
    return 0x342;
  case BSYN_RV32IA_MIE:
    return 0x304;
  case BSYN_RV32IA_MIP:
    return 0x344;
  case BSYN_RV32IA_MTVAL:
    return 0x343;
  case BSYN_RV32IA_MSCRATCH:
    return 0x340;
  case BSYN_RV32IA_MSTATUS:
    return 0x300;
  case BSYN_RV32IA_MIDELEG:
    return 0x303;
  case BSYN_RV32IA_MEDELEG:
    return 0x302;
  case BSYN_RV32IA_SEPC:
    return 0x141;
  case BSYN_RV32IA_STVEC:
    return 0x105;
  case BSYN_RV32IA_SCAUSE:
    return 0x142;
  case BSYN_RV32IA_SSCRATCH:
    return 0x140;
  case BSYN_RV32IA_STVAL:
    return 0x143;
  case BSYN_RV32IA_SSTATUS:
    return 0x100;
  case BSYN_RV32IA_SIE:
    return 0x104;
  case BSYN_RV32IA_SIP:
    return 0x144;
  case BSYN_RV32IA_SATP:
    return 0x180;
  case BSYN_RV32IA_MHARTID:
    return 0xF14;
  default:
    return 0x301; /* misa */
  }
}

/* The addresses that read 0 (read-only or writes ignored, by the address's top bits). */
KINLINE unsigned ia_zero_csr_address(int n) {
  switch (n) {
  case 0:
    return 0xF11;
  case 1:
    return 0xF12;
  case 2:
    return 0xF13;
  case 3:
    return 0xF15;
  case 4:
    return 0x306;
  case 5:
    return 0x30A;
  case 6:
    return 0x310;
  case 7:
    return 0x31A;
  case 8:
    return 0x106;
  default:
    return 0x10A;
  }
}
#define IA_NUM_ZERO_CSRS 10

/* Legal CSR values of the rows src into dst (21 * 32 rows each; src = dst allowed): the bits
 * a CSR holds, MPP = 2 -> 0, the views sstatus, sie and sip recomputed from their registers.
 * Step 1 applies it to the inputs, the commit to every *_next. */
KINLINE void ia_legalize(const bsyn_row *src, bsyn_row *dst) {
  for (int k = 0; k < BSYN_RV32IA_NUM_CSRS; k++) {
    unsigned mask = ia_legal_mask(k);
    for (int i = 0; i < 32; i++)
      IA_CSR(dst, k, i) = (mask >> i & 1u) ? IA_CSR(src, k, i) : IA_ZERO;
  }
  /* MPP = 2 becomes 0: bit 12 survives only with bit 11 */
  IA_CSR(dst, BSYN_RV32IA_MSTATUS, 12) &= IA_CSR(dst, BSYN_RV32IA_MSTATUS, 11);
  for (int i = 0; i < 32; i++) {
    bsyn_row del = IA_CSR(dst, BSYN_RV32IA_MIDELEG, i);
    IA_CSR(dst, BSYN_RV32IA_SSTATUS, i) =
        IA_CSR(dst, BSYN_RV32IA_MSTATUS, i) & IA_CONST(BSYN_RV32IA_SSTATUS_MASK, i);
    IA_CSR(dst, BSYN_RV32IA_SIE, i) = IA_CSR(dst, BSYN_RV32IA_MIE, i) & del;
    IA_CSR(dst, BSYN_RV32IA_SIP, i) = IA_CSR(dst, BSYN_RV32IA_MIP, i) & del;
  }
}

/* The effective privilege, one-hot (priv = 2 is M). */
typedef struct ia_priv {
  bsyn_row u, s, m;
} ia_priv;

/* Step 2: the interrupt taken (*to_m or *to_s, at most one) and its code, one-hot by the
 * priority 11, 3, 7, 9, 1, 5 (11 and 3 are never pending: MEIP and MSIP read 0). */
KINLINE void ia_interrupts(const bsyn_row *in, const bsyn_row *cur, const ia_priv *p,
                           bsyn_row *to_m, bsyn_row *to_s, bsyn_row code[4]) {
  const int bits[4] = {7, 9, 1, 5}; /* priority order */
  bsyn_row ready[4], mset[4], sset[4];
  for (int j = 0; j < 4; j++) {
    int b = bits[j];
    bsyn_row pend = b == 7 ? in[BSYN_RV32IA_IN_IRQ] : IA_CSR(cur, BSYN_RV32IA_MIP, b);
    ready[j] = IA_CSR(cur, BSYN_RV32IA_MIE, b) & pend;
    mset[j] = ready[j] & ~IA_CSR(cur, BSYN_RV32IA_MIDELEG, b);
    sset[j] = ready[j] & IA_CSR(cur, BSYN_RV32IA_MIDELEG, b);
  }
  bsyn_row m_on = ~p->m | IA_CSR(cur, BSYN_RV32IA_MSTATUS, BSYN_RV32IA_MS_MIE);
  bsyn_row s_on = p->u | (p->s & IA_CSR(cur, BSYN_RV32IA_MSTATUS, BSYN_RV32IA_MS_SIE));
  *to_m = (mset[0] | mset[1] | mset[2] | mset[3]) & m_on;
  *to_s = (sset[0] | sset[1] | sset[2] | sset[3]) & s_on & ~*to_m;
  bsyn_row seen = IA_ZERO;
  for (int j = 0; j < 4; j++) {
    bsyn_row here = (*to_m & mset[j]) | (*to_s & sset[j]);
    code[j] = here & ~seen;
    seen |= here;
  }
}

/* The 12-bit CSR field inst[31:20] as two one-hot halves: address a is lo[a & 63] & hi[a >> 6]. */
typedef struct ia_csr_sel {
  bsyn_row lo[64], hi[64];
} ia_csr_sel;

/* a macro, not a function: rows are never returned by value (see bsyn_rv32_step.h) */
#define IA_IS_CSR(s, a) ((s)->lo[(a)&63u] & (s)->hi[(a) >> 6])

/* The CSR read value of a legal CSR instruction: the row of the addressed CSR (mstatus
 * without the reservation, mip with MTIP = irq); 0 for the constant addresses. */
KINLINE void ia_csr_read(const bsyn_row *in, const bsyn_row *cur, const ia_csr_sel *s,
                         bsyn_row *old) {
  bsyn_row sel[BSYN_RV32IA_NUM_CSRS];
  for (int k = 0; k < BSYN_RV32IA_NUM_CSRS; k++)
    sel[k] = IA_IS_CSR(s, ia_csr_address(k));
  for (int i = 0; i < 32; i++) {
    bsyn_row v = sel[BSYN_RV32IA_MSTATUS] & IA_CSR(cur, BSYN_RV32IA_MSTATUS, i) &
                 IA_CONST(BSYN_RV32IA_MSTATUS_READ, i);
    if (i == 7)
      v |= sel[BSYN_RV32IA_MIP] & in[BSYN_RV32IA_IN_IRQ];
    for (int k = 0; k < BSYN_RV32IA_NUM_CSRS; k++)
      if (k != BSYN_RV32IA_MSTATUS && (ia_legal_mask(k) >> i & 1u))
        v |= sel[k] & IA_CSR(cur, k, i);
    old[i] = v;
  }
}

/* Writes of a CSR instruction (we: the instruction writes, legally, and nothing traps) of
 * value v into the CSR rows nc (which hold the legal inputs): each register from its own
 * address and, for mstatus, mie and mip, through the views sstatus, sie and sip. */
KINLINE void ia_csr_write(const ia_csr_sel *s, bsyn_row we, const bsyn_row *v, bsyn_row *nc) {
  for (int k = 0; k < BSYN_RV32IA_NUM_CSRS; k++) {
    if (k == BSYN_RV32IA_SSTATUS || k == BSYN_RV32IA_SIE || k == BSYN_RV32IA_SIP ||
        k == BSYN_RV32IA_MISA || k == BSYN_RV32IA_MHARTID)
      continue;
    unsigned mask = k == BSYN_RV32IA_MSTATUS ? BSYN_RV32IA_MSTATUS_READ : ia_legal_mask(k);
    bsyn_row w = we & IA_IS_CSR(s, ia_csr_address(k));
    for (int i = 0; i < 32; i++)
      if (mask >> i & 1u)
        IA_CSR(nc, k, i) = MUX(w, v[i], IA_CSR(nc, k, i));
  }
  bsyn_row w_ss = we & IA_IS_CSR(s, 0x100), w_sie = we & IA_IS_CSR(s, 0x104);
  bsyn_row w_sip = we & IA_IS_CSR(s, 0x144) & IA_CSR(nc, BSYN_RV32IA_MIDELEG, 1);
  for (int i = 0; i < 32; i++) {
    if (BSYN_RV32IA_SSTATUS_MASK >> i & 1u)
      IA_CSR(nc, BSYN_RV32IA_MSTATUS, i) = MUX(w_ss, v[i], IA_CSR(nc, BSYN_RV32IA_MSTATUS, i));
    if (BSYN_RV32IA_MIDELEG_LEGAL >> i & 1u)
      IA_CSR(nc, BSYN_RV32IA_MIE, i) =
          MUX(w_sie & IA_CSR(nc, BSYN_RV32IA_MIDELEG, i), v[i], IA_CSR(nc, BSYN_RV32IA_MIE, i));
  }
  IA_CSR(nc, BSYN_RV32IA_MIP, 1) = MUX(w_sip, v[1], IA_CSR(nc, BSYN_RV32IA_MIP, 1));
}

/* op(w, b) of the AMOs, selected by the one-hot funct5 rows f5 (32 rows). */
KINLINE void ia_amo_alu(const bsyn_row *w, const bsyn_row *b, const bsyn_row *f5, bsyn_row *res) {
  const bsyn_row zero = IA_ZERO, ones = IA_ONES;
  bsyn_row sum[32], diff[32], carry;
  add32(sum, w, b, &zero, &zero, 0);
  add32(diff, w, b, &ones, &ones, &carry); /* w - b: no carry out = borrow */
  bsyn_row ltu = ~carry, lt = MUX(w[31] ^ b[31], w[31], ltu);
  /* MIN 10000, MAX 10100, MINU 11000, MAXU 11100: keep w when it wins */
  bsyn_row keep_w = (f5[0x10] & lt) | (f5[0x14] & ~lt) | (f5[0x18] & ltu) | (f5[0x1c] & ~ltu);
  bsyn_row minmax = f5[0x10] | f5[0x14] | f5[0x18] | f5[0x1c];
  for (int i = 0; i < 32; i++)
    res[i] = (f5[0x01] & b[i]) | (f5[0x00] & sum[i]) | (f5[0x04] & (w[i] ^ b[i])) |
             (f5[0x0c] & w[i] & b[i]) | (f5[0x08] & (w[i] | b[i])) |
             (minmax & MUX(keep_w, w[i], b[i]));
}

/* What the instruction does, as one-hot rows (exceptions before the interrupt and
 * instruction page fault gates). Memory exceptions are split by their tval source. */
typedef struct ia_exec {
  bsyn_row ill, fetch, ebreak, ecall;      /* tval inst, target, pc, 0 */
  bsyn_row r_lmis, r_smis, r_lpf, r_spf;   /* RV32I loads and stores: tval = address */
  bsyn_row a_lmis, a_smis, a_lpf, a_spf;   /* RV32A: tval = rs1_val */
  bsyn_row csr_ok, csr_writes, mret, sret; /* legal, executed */
  bsyn_row lr, sc, amo;                    /* legal, aligned, no page fault */
} ia_exec;

/* Decodes SYSTEM (exact words, privilege rules, CSR legality) into x. */
KINLINE void ia_decode_system(const bsyn_row *inst, const bsyn_row *f3, const ia_csr_sel *s,
                              const bsyn_row *cur, const ia_priv *p, bsyn_row o_sys, ia_exec *x) {
  bsyn_row rd_z = ~(inst[7] | inst[8] | inst[9] | inst[10] | inst[11]);
  bsyn_row rs1_nz = inst[15] | inst[16] | inst[17] | inst[18] | inst[19];
  bsyn_row sys0 = o_sys & f3[0] & rd_z & ~rs1_nz;
  bsyn_row ms_tsr = IA_CSR(cur, BSYN_RV32IA_MSTATUS, BSYN_RV32IA_MS_TSR);
  bsyn_row ms_tw = IA_CSR(cur, BSYN_RV32IA_MSTATUS, BSYN_RV32IA_MS_TW);
  bsyn_row ms_tvm = IA_CSR(cur, BSYN_RV32IA_MSTATUS, BSYN_RV32IA_MS_TVM);
  bsyn_row sfence_enc = o_sys & f3[0] & rd_z & inst[25] & inst[28] &
                        ~(inst[26] | inst[27] | inst[29] | inst[30] | inst[31]);
  x->ecall = sys0 & IA_IS_CSR(s, 0x000);
  x->ebreak = sys0 & IA_IS_CSR(s, 0x001);
  x->mret = sys0 & IA_IS_CSR(s, 0x302) & p->m;
  x->sret = sys0 & IA_IS_CSR(s, 0x102) & (p->m | (p->s & ~ms_tsr));
  bsyn_row wfi = sys0 & IA_IS_CSR(s, 0x105) & (p->m | (p->s & ~ms_tw));
  bsyn_row sfence = sfence_enc & (p->m | (p->s & ~ms_tvm));
  /* Zicsr: known address, privilege csr[9:8], read-only csr[11:10] = 11, satp under TVM */
  bsyn_row csr_ins = o_sys & ~f3[0] & ~f3[4];
  bsyn_row known = IA_ZERO;
  for (int k = 0; k < BSYN_RV32IA_NUM_CSRS; k++)
    known |= IA_IS_CSR(s, ia_csr_address(k));
  for (int n = 0; n < IA_NUM_ZERO_CSRS; n++)
    known |= IA_IS_CSR(s, ia_zero_csr_address(n));
  x->csr_writes = f3[1] | f3[5] | rs1_nz;
  bsyn_row low_priv = (inst[29] & ~p->m) | (~inst[29] & inst[28] & p->u);
  bsyn_row bad =
      low_priv | (x->csr_writes & inst[30] & inst[31]) | (IA_IS_CSR(s, 0x180) & p->s & ms_tvm);
  x->csr_ok = csr_ins & known & ~bad;
  bsyn_row legal = x->ecall | x->ebreak | x->mret | x->sret | wfi | sfence | x->csr_ok;
  x->ill |= o_sys & ~legal;
}

/* Decodes RV32A at addr = rs1 into x: legality, alignment, page faults, what executes. */
KINLINE void ia_decode_amo(const bsyn_row *in, const bsyn_row *inst, const bsyn_row *f3,
                           const bsyn_row *f5, const bsyn_row *rs1, bsyn_row o_amo, ia_exec *x) {
  bsyn_row rs2_z = ~(inst[20] | inst[21] | inst[22] | inst[23] | inst[24]);
  bsyn_row base = o_amo & f3[2];
  bsyn_row lr = base & f5[0x02] & rs2_z, sc = base & f5[0x03];
  bsyn_row op = base & (f5[0x01] | f5[0x00] | f5[0x04] | f5[0x0c] | f5[0x08] | f5[0x10] | f5[0x14] |
                        f5[0x18] | f5[0x1c]);
  bsyn_row mis = rs1[0] | rs1[1], scop = sc | op;
  bsyn_row lpf = in[BSYN_RV32IA_IN_LOAD_PAGE_FAULT], spf = in[BSYN_RV32IA_IN_STORE_PAGE_FAULT];
  x->ill |= o_amo & ~(lr | sc | op);
  x->a_lmis = lr & mis;
  x->a_smis = scop & mis;
  x->a_lpf = lr & ~mis & lpf;
  x->a_spf = scop & ~mis & spf;
  x->lr = lr & ~mis & ~lpf;
  x->sc = sc & ~mis & ~spf;
  x->amo = op & ~mis & ~spf;
}

/* rd's new value and whether it is written (before the trap and x0 gates). */
KINLINE void ia_rd_value(const bsyn_row *co, const bsyn_row *old, const bsyn_row *ld,
                         const ia_exec *x, bsyn_row res, bsyn_row *we, bsyn_row *val) {
  bsyn_row rv_we = co[BSYN_RV32C_OUT_RD_WE], from_ld = x->lr | x->amo;
  *we = rv_we | x->csr_ok | from_ld | x->sc;
  for (int i = 0; i < 32; i++)
    val[i] = (rv_we & co[BSYN_RV32C_OUT_RD_WDATA + i]) | (x->csr_ok & old[i]) | (from_ld & ld[i]);
  val[0] |= x->sc & ~res;
}

/* The memory outputs of an executed instruction (ok: nothing traps). */
KINLINE void ia_memory(const bsyn_row *co, const bsyn_row *ld, const bsyn_row *rs1,
                       const bsyn_row *rs2, const bsyn_row *amo_res, const bsyn_row *inst,
                       const ia_exec *x, bsyn_row res, bsyn_row ok, bsyn_row *out) {
  bsyn_row re = co[BSYN_RV32C_OUT_MEM_RE], we = co[BSYN_RV32C_OUT_MEM_WE];
  bsyn_row rv_ld = re | (we & ~inst[13]); /* SB and SH read their word */
  bsyn_row a_ld = x->lr | x->amo, sc_st = x->sc & res, a_st = sc_st | x->amo;
  for (int i = 0; i < 32; i++) {
    bsyn_row rv_a = co[BSYN_RV32C_OUT_MEM_ADDR + i], a = rs1[i];
    bsyn_row la, sa;
    if (i == 0) {
      la = rv_ld | a_ld;
      sa = we | a_st;
    } else if (i == 1) {
      la = sa = IA_ZERO;
    } else {
      la = (rv_ld & rv_a) | (a_ld & a);
      sa = (we & rv_a) | (a_st & a);
    }
    bsyn_row strobe = co[BSYN_RV32C_OUT_MEM_WSTRB + i / 8];
    bsyn_row merged = MUX(strobe, co[BSYN_RV32C_OUT_MEM_WDATA + i], ld[i]);
    out[BSYN_RV32IA_OUT_LOAD_ADDR + i] = ok & la;
    out[BSYN_RV32IA_OUT_STORE_ADDR + i] = ok & sa;
    out[BSYN_RV32IA_OUT_STORE_DATA + i] =
        ok & ((we & merged) | (sc_st & rs2[i]) | (x->amo & amo_res[i]));
  }
}

/* mstatus changes of an executed LR, SC, MRET or SRET (ok: nothing traps) in the rows ms. */
KINLINE void ia_mstatus_exec(const ia_exec *x, bsyn_row ok, bsyn_row *ms) {
  bsyn_row mret = ok & x->mret, sret = ok & x->sret;
  bsyn_row mpp0 = ms[BSYN_RV32IA_MS_MPP], mpp1 = ms[BSYN_RV32IA_MS_MPP + 1];
  ms[BSYN_RV32IA_MS_RES] =
      MUX(ok & x->lr, IA_ONES, ms[BSYN_RV32IA_MS_RES]) & ~(ok & (x->sc | x->mret | x->sret));
  ms[BSYN_RV32IA_MS_MIE] = MUX(mret, ms[BSYN_RV32IA_MS_MPIE], ms[BSYN_RV32IA_MS_MIE]);
  ms[BSYN_RV32IA_MS_MPIE] |= mret;
  ms[BSYN_RV32IA_MS_MPP] &= ~mret;
  ms[BSYN_RV32IA_MS_MPP + 1] &= ~mret;
  ms[BSYN_RV32IA_MS_SIE] = MUX(sret, ms[BSYN_RV32IA_MS_SPIE], ms[BSYN_RV32IA_MS_SIE]);
  ms[BSYN_RV32IA_MS_SPIE] |= sret;
  ms[BSYN_RV32IA_MS_SPP] &= ~sret;
  /* MPRV = 0 unless MRET returns to M (MPP = 3) */
  ms[BSYN_RV32IA_MS_MPRV] &= ~(sret | (mret & ~(mpp0 & mpp1)));
}

/* Trap entry into the CSR rows nc (holding the legal inputs where a trap occurs): to_m or
 * to_s (at most one), cause and tval rows, the privilege p. */
KINLINE void ia_trap_entry(const bsyn_row *pc, const bsyn_row *cause, const bsyn_row *tval,
                           const ia_priv *p, bsyn_row to_m, bsyn_row to_s, bsyn_row *nc) {
  for (int i = 0; i < 32; i++) {
    IA_CSR(nc, BSYN_RV32IA_MEPC, i) = MUX(to_m, pc[i], IA_CSR(nc, BSYN_RV32IA_MEPC, i));
    IA_CSR(nc, BSYN_RV32IA_MCAUSE, i) = MUX(to_m, cause[i], IA_CSR(nc, BSYN_RV32IA_MCAUSE, i));
    IA_CSR(nc, BSYN_RV32IA_MTVAL, i) = MUX(to_m, tval[i], IA_CSR(nc, BSYN_RV32IA_MTVAL, i));
    IA_CSR(nc, BSYN_RV32IA_SEPC, i) = MUX(to_s, pc[i], IA_CSR(nc, BSYN_RV32IA_SEPC, i));
    IA_CSR(nc, BSYN_RV32IA_SCAUSE, i) = MUX(to_s, cause[i], IA_CSR(nc, BSYN_RV32IA_SCAUSE, i));
    IA_CSR(nc, BSYN_RV32IA_STVAL, i) = MUX(to_s, tval[i], IA_CSR(nc, BSYN_RV32IA_STVAL, i));
  }
  bsyn_row *ms = &IA_CSR(nc, BSYN_RV32IA_MSTATUS, 0);
  bsyn_row trap = to_m | to_s;
  ms[BSYN_RV32IA_MS_MPP] = MUX(to_m, ~p->u, ms[BSYN_RV32IA_MS_MPP]); /* S: 01, M: 11 */
  ms[BSYN_RV32IA_MS_MPP + 1] = MUX(to_m, p->m, ms[BSYN_RV32IA_MS_MPP + 1]);
  ms[BSYN_RV32IA_MS_MPIE] = MUX(to_m, ms[BSYN_RV32IA_MS_MIE], ms[BSYN_RV32IA_MS_MPIE]);
  ms[BSYN_RV32IA_MS_MIE] &= ~to_m;
  ms[BSYN_RV32IA_MS_SPP] = MUX(to_s, p->s, ms[BSYN_RV32IA_MS_SPP]);
  ms[BSYN_RV32IA_MS_SPIE] = MUX(to_s, ms[BSYN_RV32IA_MS_SIE], ms[BSYN_RV32IA_MS_SPIE]);
  ms[BSYN_RV32IA_MS_SIE] &= ~to_s;
  ms[BSYN_RV32IA_MS_RES] &= ~trap;
}

/* The exception code rows (4 bits) and delegation of the one-hot exception rows e[k] of
 * code k (k < 16): *deleg = the taken code's medeleg bit. */
KINLINE void ia_exception_code(const bsyn_row *e, const bsyn_row *cur, bsyn_row *code,
                               bsyn_row *deleg) {
  code[0] = code[1] = code[2] = code[3] = *deleg = IA_ZERO;
  for (int k = 0; k < 16; k++) {
    for (int b = 0; b < 4; b++)
      if (k >> b & 1)
        code[b] |= e[k];
    if (BSYN_RV32IA_MEDELEG_LEGAL >> k & 1u)
      *deleg |= e[k] & IA_CSR(cur, BSYN_RV32IA_MEDELEG, k);
  }
}

/* pc + 4 */
KINLINE void ia_pc_plus4(const bsyn_row *pc, bsyn_row *pc4) {
  bsyn_row c = IA_ONES;
  for (int i = 0; i < 32; i++) {
    pc4[i] = i < 2 ? pc[i] : pc[i] ^ c;
    if (i >= 2)
      c &= pc[i];
  }
}

/* rv32ia-priv on one tile: in/out rows as BSYN_RV32IA_IN_* / BSYN_RV32IA_OUT_*; with hints,
 * rs1_val, rs2_val and the CSR read value come from the hint rows. */
KINLINE void rv32ia_tile(const bsyn_row *in, bsyn_row *out, int hints) {
  const bsyn_row *inst = in + BSYN_RV32IA_IN_INST, *pc = in + BSYN_RV32IA_IN_PC;
  const bsyn_row *ld = in + BSYN_RV32IA_IN_LOAD_DATA, *prv = in + BSYN_RV32IA_IN_PRIV;
  const bsyn_row zero = IA_ZERO;
  bsyn_row *nc = out + BSYN_RV32IA_OUT_CSR;
  bsyn_row cur[32 * BSYN_RV32IA_NUM_CSRS], sel[32], regs_a[32], regs_b[32];
  const bsyn_row *rs1 = regs_a, *rs2 = regs_b;

  /* step 1: registers, legal CSRs, privilege */
  if (hints) {
    rs1 = in + BSYN_RV32IA_IN_RS1_HINT;
    rs2 = in + BSYN_RV32IA_IN_RS2_HINT;
  } else {
    decode_field(inst + 15, 5, sel);
    read_port(in + BSYN_RV32IA_IN_X0 + 32, sel, regs_a);
    decode_field(inst + 20, 5, sel);
    read_port(in + BSYN_RV32IA_IN_X0 + 32, sel, regs_b);
  }
  ia_legalize(in + BSYN_RV32IA_IN_CSR, cur);
  ia_priv p = {~prv[1] & ~prv[0], ~prv[1] & prv[0], prv[1]};

  /* step 2: interrupts; step 3: instruction page fault */
  bsyn_row int_m, int_s, int_code[4];
  ia_interrupts(in, cur, &p, &int_m, &int_s, int_code);
  bsyn_row intr = int_m | int_s, ipf = ~intr & in[BSYN_RV32IA_IN_INST_PAGE_FAULT];
  bsyn_row ex = ~intr & ~ipf;

  /* step 4: RV32I through rv32i-core's step, the rest decoded here */
  bsyn_row ci[BSYN_RV32C_NUM_INPUTS], co[BSYN_RV32C_NUM_OUTPUTS];
  for (int i = 0; i < 32; i++) {
    ci[BSYN_RV32C_IN_PC + i] = pc[i];
    ci[BSYN_RV32C_IN_INST + i] = inst[i];
    ci[BSYN_RV32C_IN_RS1_VAL + i] = rs1[i];
    ci[BSYN_RV32C_IN_RS2_VAL + i] = rs2[i];
    ci[BSYN_RV32C_IN_MEM_RDATA + i] = ld[i];
  }
  core_tile(ci, co);
  bsyn_row opc[32], f3[8], f5[32];
  decode_field(inst + 2, 5, opc);
  decode_field(inst + 12, 3, f3);
  decode_field(inst + 27, 5, f5);
  bsyn_row low = inst[0] & inst[1];
  bsyn_row o_sys = low & opc[0x1c], o_amo = low & opc[0x0b];
  bsyn_row fencei = low & opc[0x03] & f3[1];
  bsyn_row rvi = ~(o_sys | o_amo | fencei);
  ia_csr_sel csel;
  decode_field(inst + 20, 6, csel.lo);
  decode_field(inst + 26, 6, csel.hi);

  ia_exec x;
  bsyn_row co_trap = rvi & co[BSYN_RV32C_OUT_TRAP];
  bsyn_row c1 = co[BSYN_RV32C_OUT_CAUSE + 1], c2 = co[BSYN_RV32C_OUT_CAUSE + 2];
  x.ill = co_trap & c1 & ~c2;
  x.fetch = co_trap & ~c1 & ~c2;
  x.r_lmis = co_trap & c2 & ~c1;
  x.r_smis = co_trap & c2 & c1;
  x.r_lpf = co[BSYN_RV32C_OUT_MEM_RE] & in[BSYN_RV32IA_IN_LOAD_PAGE_FAULT];
  x.r_spf = co[BSYN_RV32C_OUT_MEM_WE] & in[BSYN_RV32IA_IN_STORE_PAGE_FAULT];
  ia_decode_system(inst, f3, &csel, cur, &p, o_sys, &x);
  ia_decode_amo(in, inst, f3, f5, rs1, o_amo, &x);

  /* tval sources: the jump target and the load/store address, as rv32i-core computes them */
  decoded d;
  bsyn_row imm[32], maddr[32], target[32], pc4[32];
  decode(inst, &d);
  immediate(inst, &d, imm);
  add32(maddr, rs1, imm, &zero, &zero, 0);
  add32(target, pc, imm, &zero, &zero, 0);
  for (int i = 0; i < 32; i++)
    target[i] = MUX(d.jalr, i ? maddr[i] : zero, target[i]);
  ia_pc_plus4(pc, pc4);

  /* the trap, if any: cause, tval, target mode */
  bsyn_row e[16];
  for (int k = 0; k < 16; k++)
    e[k] = zero;
  bsyn_row r_mem = x.r_lmis | x.r_smis | x.r_lpf | x.r_spf;
  bsyn_row a_mem = x.a_lmis | x.a_smis | x.a_lpf | x.a_spf;
  e[0] = ex & x.fetch;
  e[2] = ex & x.ill;
  e[3] = ex & x.ebreak;
  e[4] = ex & (x.r_lmis | x.a_lmis);
  e[6] = ex & (x.r_smis | x.a_smis);
  e[8] = ex & x.ecall & p.u;
  e[9] = ex & x.ecall & p.s;
  e[11] = ex & x.ecall & p.m;
  e[12] = ipf;
  e[13] = ex & (x.r_lpf | x.a_lpf);
  e[15] = ex & (x.r_spf | x.a_spf);
  bsyn_row exc_code[4], deleg;
  ia_exception_code(e, cur, exc_code, &deleg);
  bsyn_row exc = ipf | (ex & (x.fetch | x.ill | x.ebreak | x.ecall | r_mem | a_mem));
  bsyn_row trap = intr | exc, ok = ~trap;
  bsyn_row to_s = int_s | (exc & deleg & ~p.m), to_m = trap & ~to_s;
  bsyn_row cause[32], tval[32];
  for (int i = 0; i < 32; i++) {
    cause[i] = i < 4 ? exc_code[i] : i == 31 ? intr : zero;
    tval[i] = (ex & ((x.ill & inst[i]) | (x.fetch & target[i]) | (x.ebreak & pc[i]) |
                     (r_mem & maddr[i]) | (a_mem & rs1[i]))) |
              (ipf & pc[i]);
  }
  /* interrupt codes 7, 9, 1, 5 (all odd) */
  cause[0] |= intr;
  cause[1] |= int_code[0];
  cause[2] |= int_code[0] | int_code[3];
  cause[3] |= int_code[1];

  /* step 5: commit, or trap entry */
  bsyn_row old[32], src[32], v[32], amo_res[32], rd_val[32], rd_we;
  if (hints)
    for (int i = 0; i < 32; i++)
      old[i] = in[BSYN_RV32IA_IN_CSR_HINT + i];
  else
    ia_csr_read(in, cur, &csel, old);
  bsyn_row rw = inst[12] & ~inst[13], rs = ~inst[12] & inst[13];
  for (int i = 0; i < 32; i++) {
    src[i] = i < 5 ? MUX(inst[14], inst[15 + i], rs1[i]) : ~inst[14] & rs1[i];
    v[i] = MUX(rw, src[i], MUX(rs, old[i] | src[i], old[i] & ~src[i]));
  }
  for (int i = 0; i < 32 * BSYN_RV32IA_NUM_CSRS; i++)
    nc[i] = cur[i];
  ia_csr_write(&csel, ok & x.csr_ok & x.csr_writes, v, nc);
  bsyn_row res = IA_CSR(cur, BSYN_RV32IA_MSTATUS, BSYN_RV32IA_MS_RES);
  ia_mstatus_exec(&x, ok, &IA_CSR(nc, BSYN_RV32IA_MSTATUS, 0));
  ia_trap_entry(pc, cause, tval, &p, to_m, to_s, nc);
  ia_legalize(nc, nc);

  ia_amo_alu(ld, rs2, f5, amo_res);
  ia_rd_value(co, old, ld, &x, res, &rd_we, rd_val);
  rd_we &= ok & (inst[7] | inst[8] | inst[9] | inst[10] | inst[11]);
  decode_field(inst + 7, 5, sel);
  for (int i = 0; i < 32; i++)
    out[BSYN_RV32IA_OUT_X0 + i] = zero;
  for (int k = 1; k < 32; k++) {
    bsyn_row m = sel[k] & rd_we;
    for (int i = 0; i < 32; i++)
      out[BSYN_RV32IA_OUT_X0 + 32 * k + i] = MUX(m, rd_val[i], in[BSYN_RV32IA_IN_X0 + 32 * k + i]);
  }
  ia_memory(co, ld, rs1, rs2, amo_res, inst, &x, res, ok, out);

  /* next_pc and next_priv */
  bsyn_row mret = ok & x.mret, sret = ok & x.sret;
  for (int i = 0; i < 32; i++) {
    bsyn_row seq = MUX(rvi, co[BSYN_RV32C_OUT_NEXT_PC + i], pc4[i]);
    seq = MUX(mret, IA_CSR(cur, BSYN_RV32IA_MEPC, i),
              MUX(sret, IA_CSR(cur, BSYN_RV32IA_SEPC, i), seq));
    bsyn_row vec = MUX(to_s, IA_CSR(cur, BSYN_RV32IA_STVEC, i), IA_CSR(cur, BSYN_RV32IA_MTVEC, i));
    out[BSYN_RV32IA_OUT_NEXT_PC + i] = MUX(trap, vec, seq);
  }
  bsyn_row mpp0 = IA_CSR(cur, BSYN_RV32IA_MSTATUS, BSYN_RV32IA_MS_MPP);
  bsyn_row mpp1 = IA_CSR(cur, BSYN_RV32IA_MSTATUS, BSYN_RV32IA_MS_MPP + 1);
  bsyn_row spp = IA_CSR(cur, BSYN_RV32IA_MSTATUS, BSYN_RV32IA_MS_SPP);
  bsyn_row np0 = MUX(mret, mpp0, MUX(sret, spp, ~p.u)), np1 = MUX(mret, mpp1, p.m & ~sret);
  out[BSYN_RV32IA_OUT_NEXT_PRIV] = trap | np0;
  out[BSYN_RV32IA_OUT_NEXT_PRIV + 1] = MUX(trap, to_m, np1);
}

#endif
