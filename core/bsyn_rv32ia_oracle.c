/* The rv32ia-priv oracle: the tiled bit-sliced step of bsyn_rv32ia_slice.h with the named
 * fields of docs/rv32ia-priv.md. */
#include "bsyn_rv32ia_oracle.h"

#include <stdio.h>
#include <string.h>

#include "bsyn_rv32_oracle.h"
#include "bsyn_rv32ia_slice.h"

static const char *const csr_names[BSYN_RV32IA_NUM_CSRS] = {
    "mtvec",   "mepc",    "mcause",  "mie",  "mip",   "mtval",   "mscratch",
    "mstatus", "mideleg", "medeleg", "sepc", "stvec", "scause",  "sscratch",
    "stval",   "sstatus", "sie",     "sip",  "satp",  "mhartid", "misa"};

const char *bsyn_rv32ia_csr_name(unsigned k) {
  return k < BSYN_RV32IA_NUM_CSRS ? csr_names[k] : NULL;
}

/* x0..x31 and the CSRs, with suffix ("" or "_next"), from bit 0 on one side. */
static void add_state_fields(bsyn_oracle *o, int is_output, const char *suffix) {
  char name[32];
  for (unsigned k = 0; k < 32; k++) {
    snprintf(name, sizeof name, "x%u%s", k, suffix);
    bsyn_oracle_add_field(o, is_output, name, 32 * k, 32);
  }
  for (unsigned k = 0; k < BSYN_RV32IA_NUM_CSRS; k++) {
    snprintf(name, sizeof name, "%s%s", csr_names[k], suffix);
    bsyn_oracle_add_field(o, is_output, name, BSYN_RV32IA_IN_CSR + 32 * k, 32);
  }
}

typedef struct field_def {
  const char *name;
  uint32_t lsb, width;
} field_def;

static const field_def in_tail[] = {{"inst", BSYN_RV32IA_IN_INST, 32},
                                    {"pc", BSYN_RV32IA_IN_PC, 32},
                                    {"load_data", BSYN_RV32IA_IN_LOAD_DATA, 32},
                                    {"irq", BSYN_RV32IA_IN_IRQ, 1},
                                    {"inst_page_fault", BSYN_RV32IA_IN_INST_PAGE_FAULT, 1},
                                    {"load_page_fault", BSYN_RV32IA_IN_LOAD_PAGE_FAULT, 1},
                                    {"store_page_fault", BSYN_RV32IA_IN_STORE_PAGE_FAULT, 1},
                                    {"priv", BSYN_RV32IA_IN_PRIV, 2},
                                    {"rs1_hint", BSYN_RV32IA_IN_RS1_HINT, 32},
                                    {"rs2_hint", BSYN_RV32IA_IN_RS2_HINT, 32},
                                    {"csr_hint", BSYN_RV32IA_IN_CSR_HINT, 32}};

static const field_def out_tail[] = {{"next_pc", BSYN_RV32IA_OUT_NEXT_PC, 32},
                                     {"load_addr", BSYN_RV32IA_OUT_LOAD_ADDR, 32},
                                     {"store_data", BSYN_RV32IA_OUT_STORE_DATA, 32},
                                     {"store_addr", BSYN_RV32IA_OUT_STORE_ADDR, 32},
                                     {"next_priv", BSYN_RV32IA_OUT_NEXT_PRIV, 2}};

bsyn_oracle *bsyn_rv32ia_oracle(int hints) {
  uint32_t nin = hints ? BSYN_RV32IA_NUM_INPUTS_HINTS : BSYN_RV32IA_NUM_INPUTS;
  bsyn_oracle *o = bsyn_rv32_oracle_tiled(hints ? "rv32ia-priv:hints" : "rv32ia-priv", nin,
                                          BSYN_RV32IA_NUM_OUTPUTS, bsyn_rv32ia_slice_pick(hints));
  o->description = bsyn_strdup(hints ? "one RV32IA M/S/U machine step with the rs1/rs2/CSR "
                                       "operand hints (docs/rv32ia-priv.md)"
                                     : "one RV32IA M/S/U machine step, registers and CSRs inside "
                                       "(docs/rv32ia-priv.md)");
  add_state_fields(o, 0, "");
  for (unsigned i = 0; i < sizeof in_tail / sizeof in_tail[0]; i++)
    if (in_tail[i].lsb < nin)
      bsyn_oracle_add_field(o, 0, in_tail[i].name, in_tail[i].lsb, in_tail[i].width);
  add_state_fields(o, 1, "_next");
  for (unsigned i = 0; i < sizeof out_tail / sizeof out_tail[0]; i++)
    bsyn_oracle_add_field(o, 1, out_tail[i].name, out_tail[i].lsb, out_tail[i].width);
  return o;
}

bsyn_oracle *bsyn_rv32ia_oracle_open(const char *flags, bsyn_diag *d) {
  if (!strcmp(flags, "hints"))
    return bsyn_rv32ia_oracle(1);
  bsyn_diag_set(d, 0, 0, "expected a flag (hints) after 'rv32ia-priv:', found '%s'", flags);
  return NULL;
}
