/* bsyn_rv32ia_oracle.h — the rv32ia-priv oracle: the RV32IA machine step of bsyn_rv32ia.h
 * answering bit-sliced batches (bsyn_oracle.h) through the kernels of bsyn_rv32ia_slice.h.
 * Exact semantics and layout: docs/rv32ia-priv.md.
 *
 * Inputs, 1,798 (1,894 with hints), bit 0 of each field first, in this order:
 *   x0[32] .. x31[32]  mtvec[32] mepc mcause mie mip mtval mscratch mstatus mideleg medeleg
 *   sepc stvec scause sscratch stval sstatus sie sip satp mhartid misa (32 each)
 *   inst[32] pc[32] load_data[32] irq inst_page_fault load_page_fault store_page_fault
 *   priv[2]  (hints: rs1_hint[32] rs2_hint[32] csr_hint[32])
 * Outputs, 1,826: x0_next .. x31_next, the 21 CSRs as <name>_next, next_pc[32]
 *   load_addr[32] store_data[32] store_addr[32] next_priv[2].
 * kernels/bsyn_rv32ia_layout.h gives each field's first bit. */
#ifndef BSYN_RV32IA_ORACLE_H
#define BSYN_RV32IA_ORACLE_H

#include "bsyn_oracle.h"

#include "bsyn_rv32ia_layout.h"

/* The name of CSR k (layout order, k < BSYN_RV32IA_NUM_CSRS): "mtvec", .. "misa". */
const char *bsyn_rv32ia_csr_name(unsigned k);

/* Creates the rv32ia-priv oracle (name "rv32ia-priv", or "rv32ia-priv:hints" with hints = 1
 * and the 96 hint inputs): eval answers any batch, never fails, thread_safe = 1. Close with
 * bsyn_oracle_close. Never NULL. */
bsyn_oracle *bsyn_rv32ia_oracle(int hints);

/* Opens the spec's argument after "rv32ia-priv:" (flags): "hints" is the only one. Returns
 * NULL with d filled ("expected a flag (hints) ..., found ...") for anything else. */
bsyn_oracle *bsyn_rv32ia_oracle_open(const char *flags, bsyn_diag *d);

#endif
