/* bsyn_runner_ia.h — runs programs on the rv32ia-priv machine step (docs/rv32ia-priv.md), one
 * step at a time, on a pluggable step function.
 *
 * The step holds no state: the runner keeps everything architectural outside it and feeds it
 * back every step: x1..x31, the 21 CSRs (their *_next outputs, views and the reservation bit
 * 30 of mstatus included), the pc, the privilege level, memory and the devices. Each step is
 * asked in two passes, as the contract's "Memory outputs" section prescribes:
 *   BSYN_RUNNER_IA_PASS_ADDR   load_data = 0  → the runner uses load_addr, store_addr
 *   BSYN_RUNNER_IA_PASS_FINAL  load_data = the word at load_addr & ~3 when load_addr[0] = 1
 *                                           → the runner uses every output
 * The second pass is always asked right after the first, on the same input but load_data.
 *
 * Devices (docs/runner.md, "The rv32ia-priv machine"):
 *  - memory is word-organized: a store writes the whole word store_data at store_addr & ~3;
 *  - HTIF: a store to the word of the ELF symbol `tohost` with an odd value v ends the run
 *    (v = 1 passes, else test v >> 1 failed); 0 is ignored; an even non-zero value (an HTIF
 *    device request, which this runner does not serve) is an error. `fromhost` is located
 *    but never written;
 *  - UART (QEMU virt's 16550 at 0x10000000): a store that writes byte lane 0 of the word at
 *    0x10000000 sends that byte to fd 1 (the lanes a store writes are read from the STORE
 *    instruction, since the step's outputs carry whole words); the word at 0x10000004 reads
 *    0x00006000 (line status 0x60 at 0x10000005: transmitter empty); the rest of the page
 *    reads 0 and ignores stores;
 *  - CLINT (as on QEMU virt and spike): mtimecmp at 0x02004000 (low word) and 0x02004004
 *    (high), mtime at 0x0200bff8 and 0x0200bffc; both read and write as 64-bit registers.
 *    mtime starts at 0 and advances by one after every step (a step that writes mtime sets
 *    the value the next step reads); mtimecmp starts at all ones. The irq input of every
 *    step is mtime >= mtimecmp. The rest of 0x02000000..0x0200ffff reads 0 and ignores
 *    stores (msip: the machine has no software interrupt).
 * Traps are the machine's business (they go through mtvec/stvec): a run ends only through
 * tohost, an error or the step budget.
 *
 * Not thread safe: one runner per thread. */
#ifndef BSYN_RUNNER_IA_H
#define BSYN_RUNNER_IA_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_elf.h"
#include "bsyn_mem.h"
#include "bsyn_oracle.h"
#include "bsyn_runner.h"
#include "bsyn_rv32ia.h"
#include "bsyn_util.h"

#define BSYN_RUNNER_IA_MISA 0x40141101u /* RV32, A, I, S, U: misa at reset */
#define BSYN_RUNNER_IA_UART 0x10000000u
#define BSYN_RUNNER_IA_CLINT 0x02000000u /* 64 KiB of device registers from here */
#define BSYN_RUNNER_IA_CLINT_SIZE 0x10000u
#define BSYN_RUNNER_IA_MTIMECMP 0x02004000u
#define BSYN_RUNNER_IA_MTIME 0x0200bff8u
/* The step budget of bsyn run on this machine when --max-steps is not given: a program that
 * traps forever still ends (exit 124), after about 10 s on the reference model. */
#define BSYN_RUNNER_IA_DEFAULT_STEPS 100000000ull

typedef enum bsyn_runner_ia_pass {
  BSYN_RUNNER_IA_PASS_ADDR = 0,
  BSYN_RUNNER_IA_PASS_FINAL = 1
} bsyn_runner_ia_pass;

/* A step evaluator: fills out's oracle outputs (x, csr, next_pc, load_addr, store_data,
 * store_addr, next_priv; trap, cause and tval need not be set) for in. In the ADDR pass only
 * load_addr and store_addr need be right. Returns 0, or -1 with d filled (the run then ends
 * with BSYN_RUNNER_ERROR; a lock-step checker reports a difference this way). */
typedef struct bsyn_runner_ia_step {
  int (*eval)(void *ctx, bsyn_runner_ia_pass pass, const bsyn_rv32ia_in *in, bsyn_rv32ia_out *out,
              bsyn_diag *d);
  void *ctx;
} bsyn_runner_ia_step;

/* The reference step (bsyn_rv32ia_step): ctx must point at a bsyn_runner_ia_ref, zeroed
 * before the first step. The ADDR pass evaluates the whole step; the FINAL pass reuses that
 * answer when nothing was loaded (load_data is then 0 in both passes). Never fails. */
typedef struct bsyn_runner_ia_ref {
  bsyn_rv32ia_out last;
  int valid;
} bsyn_runner_ia_ref;
int bsyn_runner_ia_ref_step(void *ctx, bsyn_runner_ia_pass pass, const bsyn_rv32ia_in *in,
                            bsyn_rv32ia_out *out, bsyn_diag *d);

/* Any oracle with the rv32ia-priv layout as the step (the bit-sliced `rv32ia-priv` oracle,
 * an `exec:` responder, `aig:FILE`), asked one vector per pass: ctx points at a
 * bsyn_runner_ia_oracle whose o has 1,798 inputs and 1,826 outputs (not checked here) and
 * whose other fields are zeroed before the first step. The FINAL pass reuses the ADDR pass's
 * answer when nothing was loaded. Fails with the oracle's own error. */
typedef struct bsyn_runner_ia_oracle {
  bsyn_oracle *o; /* not owned */
  uint64_t rows_in[BSYN_RV32IA_NUM_INPUTS], rows_out[BSYN_RV32IA_NUM_OUTPUTS];
  bsyn_rv32ia_out last;
  int valid;
} bsyn_runner_ia_oracle;
int bsyn_runner_ia_oracle_step(void *ctx, bsyn_runner_ia_pass pass, const bsyn_rv32ia_in *in,
                               bsyn_rv32ia_out *out, bsyn_diag *d);

typedef struct bsyn_runner_ia {
  uint32_t x[32]; /* x[0] stays 0 */
  uint32_t csr[BSYN_RV32IA_NUM_CSRS];
  uint32_t pc, priv;
  uint64_t mtime, mtimecmp;
  bsyn_mem *mem; /* owned */
  uint64_t steps; /* steps taken so far, a trapping step included */
  uint32_t tohost_addr, fromhost_addr;
  int has_tohost, has_fromhost;
  bsyn_runner_ia_step step;
  bsyn_runner_output output; /* may be NULL: console output is dropped */
  void *output_ctx;
  /* the result, valid once bsyn_runner_ia_run returned */
  bsyn_runner_status status; /* PASS, FAIL, STEP_LIMIT or ERROR */
  int exit_code;             /* a bsyn_runner_code */
  uint32_t test;             /* FAIL: the failing test number */
  bsyn_diag diag;            /* ERROR: what went wrong */
  bsyn_runner_ia_ref ref;    /* the reference step's state (bsyn_runner_ia_new's default) */
} bsyn_runner_ia;

/* Creates a runner in the reset state (every register and CSR 0 but misa =
 * BSYN_RUNNER_IA_MISA, priv M, pc 0, mtime 0, mtimecmp all ones) with an empty memory of at
 * most mem_limit bytes (0 = 4 GiB), on the reference step. Replace r->step to run another. */
bsyn_runner_ia *bsyn_runner_ia_new(uint64_t mem_limit);
void bsyn_runner_ia_free(bsyn_runner_ia *r); /* NULL allowed */

/* Loads e's segments, sets pc to its entry point and picks up the tohost and fromhost
 * symbols. Returns 0, or -1 with d's message set: a segment over the UART's page or the
 * CLINT, a misaligned entry, the memory limit. */
int bsyn_runner_ia_load(bsyn_runner_ia *r, const bsyn_elf *e, bsyn_diag *d);

/* Reads the ELF file at path and returns a runner on the reference step with the program
 * loaded; *elf receives the file (free it after the runner's last use). Returns NULL with d
 * filled (d->path = path) when the file is bad or does not fit. */
bsyn_runner_ia *bsyn_runner_ia_open(const char *path, uint64_t mem_limit, bsyn_elf **elf,
                                    bsyn_diag *d);

/* Runs until tohost ends the program, an error, or max_steps more steps (0 = no limit).
 * Returns r->status; the run may be continued after BSYN_RUNNER_STEP_LIMIT. */
bsyn_runner_status bsyn_runner_ia_run(bsyn_runner_ia *r, uint64_t max_steps);

/* The step's input as the runner would give it now (registers, CSRs, pc, priv, the fetched
 * instruction, irq from the timer; load_data and the page faults 0). */
void bsyn_runner_ia_input(const bsyn_runner_ia *r, bsyn_rv32ia_in *in);

/* Formats the end of a run as one line without a newline: "passed (tohost = 1)", "failed
 * test 3 (tohost = 0x00000007)", "error: ...", or "stopped after N steps at pc 0x… in M
 * mode: step limit reached (mcause 0x…, mepc 0x…, mtval 0x…)". */
void bsyn_runner_ia_describe(const bsyn_runner_ia *r, char *buf, size_t size);

/* The step's outputs one by one, in the order of the layout: x0_next .. x31_next, the CSRs
 * as <name>_next, next_pc, load_addr, store_data, store_addr, next_priv. */
#define BSYN_RUNNER_IA_NUM_FIELDS (32 + BSYN_RV32IA_NUM_CSRS + 5)
/* Field k (< BSYN_RUNNER_IA_NUM_FIELDS) of o; *name (may be NULL) receives its name in a
 * static string. */
uint32_t bsyn_runner_ia_field(const bsyn_rv32ia_out *o, unsigned k, const char **name);

/* Two steps in lock-step: ctx points at a bsyn_runner_ia_lockstep. Each pass asks `ref` and
 * `dut` and compares the outputs the pass makes known (ADDR: load_addr, store_addr; FINAL:
 * every field above); the answer passed on is ref's. The first difference fails the step
 * with "expected <field> = 0x… (reference), found 0x… at pc 0x… (inst 0x…, priv M)", which
 * ends the run with BSYN_RUNNER_ERROR; `diverged` is then set and in, want and got keep the
 * pass's input and both answers. The steps' own failures are passed on. */
typedef struct bsyn_runner_ia_lockstep {
  bsyn_runner_ia_step ref, dut;
  int diverged;
  bsyn_runner_ia_pass pass;
  bsyn_rv32ia_in in;
  bsyn_rv32ia_out want, got;
} bsyn_runner_ia_lockstep;
int bsyn_runner_ia_lockstep_step(void *ctx, bsyn_runner_ia_pass pass, const bsyn_rv32ia_in *in,
                                 bsyn_rv32ia_out *out, bsyn_diag *d);

/* After a lock-step run that ended at a difference, writes a report into buf (several lines,
 * no final newline): the step's number, pc, privilege and instruction, then one line per
 * field that differs, the device's value against the reference's. Returns 1, or 0 (buf
 * empty) when ls did not diverge. */
int bsyn_runner_ia_lockstep_report(const bsyn_runner_ia_lockstep *ls, const bsyn_runner_ia *r,
                                   char *buf, size_t size);

#endif
