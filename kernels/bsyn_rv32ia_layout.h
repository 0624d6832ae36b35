/* bsyn_rv32ia_layout.h — the input and output bit layout of the rv32ia-priv oracle
 * (docs/rv32ia-priv.md, "Bit layout"): each field's first bit, the CSR order, and the masks of
 * the CSR table. Plain enums and macros in the C/OpenCL common subset, so that the scalar model
 * (core/bsyn_rv32ia.c) and the bit-sliced step (bsyn_rv32ia_step.h) share them. */
#ifndef BSYN_RV32IA_LAYOUT_H
#define BSYN_RV32IA_LAYOUT_H

/* The 21 CSRs in layout order: CSR i is input (and output) bits 1024 + 32 i .. + 31. */
enum {
  BSYN_RV32IA_MTVEC,
  BSYN_RV32IA_MEPC,
  BSYN_RV32IA_MCAUSE,
  BSYN_RV32IA_MIE,
  BSYN_RV32IA_MIP,
  BSYN_RV32IA_MTVAL,
  BSYN_RV32IA_MSCRATCH,
  BSYN_RV32IA_MSTATUS,
  BSYN_RV32IA_MIDELEG,
  BSYN_RV32IA_MEDELEG,
  BSYN_RV32IA_SEPC,
  BSYN_RV32IA_STVEC,
  BSYN_RV32IA_SCAUSE,
  BSYN_RV32IA_SSCRATCH,
  BSYN_RV32IA_STVAL,
  BSYN_RV32IA_SSTATUS,
  BSYN_RV32IA_SIE,
  BSYN_RV32IA_SIP,
  BSYN_RV32IA_SATP,
  BSYN_RV32IA_MHARTID,
  BSYN_RV32IA_MISA,
  BSYN_RV32IA_NUM_CSRS
};

enum {
  BSYN_RV32IA_IN_X0 = 0, /* register xk at 32 k; the x0 input is ignored */
  BSYN_RV32IA_IN_CSR = 1024,
  BSYN_RV32IA_IN_INST = 1696,
  BSYN_RV32IA_IN_PC = 1728,
  BSYN_RV32IA_IN_LOAD_DATA = 1760,
  BSYN_RV32IA_IN_IRQ = 1792,
  BSYN_RV32IA_IN_INST_PAGE_FAULT = 1793,
  BSYN_RV32IA_IN_LOAD_PAGE_FAULT = 1794,
  BSYN_RV32IA_IN_STORE_PAGE_FAULT = 1795,
  BSYN_RV32IA_IN_PRIV = 1796,
  BSYN_RV32IA_NUM_INPUTS = 1798,
  /* rv32ia-priv:hints only */
  BSYN_RV32IA_IN_RS1_HINT = 1798,
  BSYN_RV32IA_IN_RS2_HINT = 1830,
  BSYN_RV32IA_IN_CSR_HINT = 1862,
  BSYN_RV32IA_NUM_INPUTS_HINTS = 1894,

  BSYN_RV32IA_OUT_X0 = 0, /* next xk at 32 k; x0_next is 0 */
  BSYN_RV32IA_OUT_CSR = 1024,
  BSYN_RV32IA_OUT_NEXT_PC = 1696,
  BSYN_RV32IA_OUT_LOAD_ADDR = 1728,
  BSYN_RV32IA_OUT_STORE_DATA = 1760,
  BSYN_RV32IA_OUT_STORE_ADDR = 1792,
  BSYN_RV32IA_OUT_NEXT_PRIV = 1824,
  BSYN_RV32IA_NUM_OUTPUTS = 1826
};

/* Implemented bits (legal values) of the masked CSRs; mtvec, stvec, mepc and sepc keep
 * BSYN_RV32IA_ALIGN_MASK, every other CSR all 32 bits. mstatus includes the hidden
 * reservation bit 30 (BSYN_RV32IA_MSTATUS_RES), which reads as 0 (BSYN_RV32IA_MSTATUS_READ). */
#define BSYN_RV32IA_MSTATUS_LEGAL 0x407E19AAu
#define BSYN_RV32IA_MSTATUS_READ 0x007E19AAu
#define BSYN_RV32IA_MSTATUS_RES 0x40000000u
#define BSYN_RV32IA_SSTATUS_MASK 0x000C0122u
#define BSYN_RV32IA_MEDELEG_LEGAL 0xB3FFu
#define BSYN_RV32IA_MIDELEG_LEGAL 0x222u
#define BSYN_RV32IA_MIE_LEGAL 0xAAAu
#define BSYN_RV32IA_MIP_LEGAL 0x222u
#define BSYN_RV32IA_ALIGN_MASK 0xFFFFFFFCu

/* mstatus fields (bit positions) */
enum {
  BSYN_RV32IA_MS_SIE = 1,
  BSYN_RV32IA_MS_MIE = 3,
  BSYN_RV32IA_MS_SPIE = 5,
  BSYN_RV32IA_MS_MPIE = 7,
  BSYN_RV32IA_MS_SPP = 8,
  BSYN_RV32IA_MS_MPP = 11, /* 2 bits, 12:11 */
  BSYN_RV32IA_MS_MPRV = 17,
  BSYN_RV32IA_MS_TVM = 20,
  BSYN_RV32IA_MS_TW = 21,
  BSYN_RV32IA_MS_TSR = 22,
  BSYN_RV32IA_MS_RES = 30
};

#endif
