/* bsyn_runner.h — runs RV32I programs one step at a time on a pluggable step function.
 *
 * The architectural state (x0..x31, pc, memory) lives here, outside the step; the step
 * itself is a bsyn_runner_step: the reference model (bsyn_runner_ref_step), learned gates,
 * or both in lock-step. Each instruction the runner asks the step three times, in the
 * order its answers depend on each other (docs/runner.md):
 *   BSYN_RUNNER_PHASE_REGS   in: pc, inst              → uses rs1_addr, rs2_addr
 *   BSYN_RUNNER_PHASE_MEM    in: + rs1_val, rs2_val    → uses mem_addr, mem_re
 *   BSYN_RUNNER_PHASE_FINAL  in: + mem_rdata           → uses every output
 * Inputs not yet known are 0. mem_rdata is the aligned word at mem_addr when mem_re = 1,
 * else 0. A step may compute every output in every phase; the runner reads only the ones
 * listed. When the step is bsyn_runner_ref_step the runner skips the protocol and calls the
 * model directly (same results, half the cost).
 *
 * Conventions (the bare-metal and Linux user-mode ones, DESIGN.md §5):
 *  - ecall with a7 = 93 or 94 (exit, exit_group) ends the run with code a0 & 255;
 *    a7 = 64 (write) sends a1..a1+a2 of fd a0 (1 or 2) to the output callback and returns a2
 *    in a0 (-9, EBADF, for other fds); other a7 return -38 (ENOSYS) in a0, as Linux does;
 *  - a store of lane 0 to the console address (default 0x10000000, the QEMU virt UART
 *    transmit register) sends that byte to fd 1; the console's page is device memory: other
 *    stores there are ignored and loads read 0 except the line status register (console + 5)
 *    which reads 0x60, "transmitter empty";
 *  - a store to the `tohost` symbol's word with an odd value v ends the run: v = 1 passes,
 *    else test v >> 1 failed; 0 is ignored; an even non-zero value (an HTIF device request)
 *    is an error;
 *  - any other trap (EBREAK, illegal instruction, misaligned fetch/load/store) ends the run.
 * Each end has its exit code (bsyn_runner_code), so that a script tells a failed test, a
 * trap and the step limit apart without reading stderr; a program's own exit code is passed
 * on as it is, so a program may still exit with one of those numbers itself.
 *
 * Not thread safe: one runner per thread. */
#ifndef BSYN_RUNNER_H
#define BSYN_RUNNER_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_elf.h"
#include "bsyn_mem.h"
#include "bsyn_rv32.h"
#include "bsyn_util.h"

#define BSYN_RUNNER_CONSOLE_DEFAULT 0x10000000u

typedef enum bsyn_runner_phase {
  BSYN_RUNNER_PHASE_REGS = 0,
  BSYN_RUNNER_PHASE_MEM = 1,
  BSYN_RUNNER_PHASE_FINAL = 2
} bsyn_runner_phase;

/* A step evaluator. Returns 0, or -1 with d filled (the run then ends with
 * BSYN_RUNNER_ERROR; a lock-step checker reports a divergence this way). */
typedef struct bsyn_runner_step {
  int (*eval)(void *ctx, bsyn_runner_phase phase, const bsyn_rv32_in *in, bsyn_rv32_out *out,
              bsyn_diag *d);
  void *ctx;
} bsyn_runner_step;

/* The reference step (bsyn_rv32_step): ctx must point at a bsyn_runner_ref, zeroed before
 * the first step; it keeps the answer of the MEM phase so that instructions that read no
 * memory cost one model evaluation. */
typedef struct bsyn_runner_ref {
  bsyn_rv32_in last_in;
  bsyn_rv32_out last_out;
  int valid;
} bsyn_runner_ref;
int bsyn_runner_ref_step(void *ctx, bsyn_runner_phase phase, const bsyn_rv32_in *in,
                         bsyn_rv32_out *out, bsyn_diag *d);

typedef struct bsyn_runner bsyn_runner;

/* Called once per executed instruction with its complete input (final mem_rdata) and answer,
 * before the answer changes the state (so r's registers are the ones the step saw). Returns
 * 0, or -1 with d filled to stop the run with BSYN_RUNNER_ERROR. */
typedef int (*bsyn_runner_observer)(void *ctx, const bsyn_runner *r, const bsyn_rv32_in *in,
                                    const bsyn_rv32_out *out, bsyn_diag *d);

/* Receives program output (write ecalls, console bytes): fd 1 or 2, n bytes. */
typedef void (*bsyn_runner_output)(void *ctx, int fd, const uint8_t *buf, size_t n);

/* The exit codes of a run's ends, besides the program's own (bsyn run and bsyn trace exit
 * with them; docs/runner.md). */
typedef enum bsyn_runner_code {
  BSYN_RUNNER_CODE_PASS = 0,        /* tohost = 1 */
  BSYN_RUNNER_CODE_ERROR = 1,       /* a bad file or option, a run-time error, a divergence */
  BSYN_RUNNER_CODE_FAIL = 2,        /* tohost = (N << 1) | 1: test N failed */
  BSYN_RUNNER_CODE_TRAP = 3,        /* an unhandled trap */
  BSYN_RUNNER_CODE_STEP_LIMIT = 124 /* the step budget ran out (as timeout(1)) */
} bsyn_runner_code;

typedef enum bsyn_runner_status {
  BSYN_RUNNER_RUNNING = 0, /* not finished (only while stepping) */
  BSYN_RUNNER_EXIT,        /* exit ecall: exit_code = a0 & 0xff */
  BSYN_RUNNER_PASS,        /* tohost = 1: exit_code = BSYN_RUNNER_CODE_PASS */
  BSYN_RUNNER_FAIL,        /* tohost odd > 1: test = v >> 1, exit_code = BSYN_RUNNER_CODE_FAIL */
  BSYN_RUNNER_TRAP,        /* an unhandled trap: trap_pc, trap_inst, trap_cause;
                              exit_code = BSYN_RUNNER_CODE_TRAP */
  BSYN_RUNNER_STEP_LIMIT,  /* max_steps instructions ran without an end:
                              exit_code = BSYN_RUNNER_CODE_STEP_LIMIT */
  BSYN_RUNNER_ERROR        /* the step, observer or memory failed: diag;
                              exit_code = BSYN_RUNNER_CODE_ERROR */
} bsyn_runner_status;

struct bsyn_runner {
  uint32_t x[32]; /* x[0] stays 0 */
  uint32_t pc;
  bsyn_mem *mem;         /* owned */
  uint64_t steps;        /* instructions retired so far (an ecall counts, a trap does not) */
  uint32_t console_addr; /* word-aligned; 0 disables the console */
  uint32_t tohost_addr;
  int has_tohost;
  bsyn_runner_step step;
  bsyn_runner_observer observer; /* may be NULL */
  void *observer_ctx;
  bsyn_runner_output output; /* may be NULL: output is dropped */
  void *output_ctx;
  /* the result, valid once bsyn_runner_run returned */
  bsyn_runner_status status;
  int exit_code; /* the process exit code: the program's, or a bsyn_runner_code */
  uint32_t test; /* FAIL: the failing test number */
  uint32_t trap_pc, trap_inst, trap_cause;
  bsyn_diag diag;      /* ERROR: what went wrong */
  bsyn_runner_ref ref; /* the reference step's state when bsyn_runner_open_ref made r */
};

/* Creates a runner around step with an empty memory of at most mem_limit bytes (0 = 4 GiB),
 * all registers 0, pc 0 and the console at BSYN_RUNNER_CONSOLE_DEFAULT. */
bsyn_runner *bsyn_runner_new(bsyn_runner_step step, uint64_t mem_limit);
void bsyn_runner_free(bsyn_runner *r); /* NULL allowed */

/* Loads e's segments, sets pc to its entry point and picks up the `tohost` symbol.
 * Returns 0, or -1 with d filled (memory limit; a segment over the console's page). */
int bsyn_runner_load(bsyn_runner *r, const bsyn_elf *e, bsyn_diag *d);

/* Reads the ELF file at path and returns a runner on the reference step with the program
 * loaded; *elf receives the file (for symbols; free it after the runner's last use). Returns
 * NULL with d filled (d->path set to path) when the file is bad or does not fit. */
bsyn_runner *bsyn_runner_open_ref(const char *path, uint64_t mem_limit, bsyn_elf **elf,
                                  bsyn_diag *d);

/* Runs until the program ends, a trap, an error, or max_steps more instructions (0 = no
 * limit). Returns r->status; the run may be continued after BSYN_RUNNER_STEP_LIMIT. */
bsyn_runner_status bsyn_runner_run(bsyn_runner *r, uint64_t max_steps);

/* Two steps in lock-step: ctx points at a bsyn_runner_lockstep. Each phase asks `ref` and
 * `dut` (device under test) and compares the outputs that phase makes known (REGS: rs1_addr,
 * rs2_addr; MEM: + mem_addr, mem_re; FINAL: every output); the answer passed on is ref's.
 * The first difference fails the step with "expected <output> = 0x… (reference), found
 * 0x… at pc 0x… (inst 0x…)", which ends the run with BSYN_RUNNER_ERROR; `diverged` is then
 * set. The steps' own failures are passed on. */
typedef struct bsyn_runner_lockstep {
  bsyn_runner_step ref;
  bsyn_runner_step dut;
  int diverged;
} bsyn_runner_lockstep;
int bsyn_runner_lockstep_step(void *ctx, bsyn_runner_phase phase, const bsyn_rv32_in *in,
                              bsyn_rv32_out *out, bsyn_diag *d);

/* The step's outputs in the order the phases make them known (the order in which the
 * lock-step compares them): name, offset of the uint32_t in bsyn_rv32_out, and the first
 * phase whose answer the runner uses. Returns the static table and its length in *n. */
typedef struct bsyn_runner_field {
  const char *name;
  size_t offset;
  bsyn_runner_phase phase;
} bsyn_runner_field;
const bsyn_runner_field *bsyn_runner_fields(size_t *n);

/* The name of an mcause code ("illegal instruction", ...). */
const char *bsyn_runner_cause_name(uint32_t cause);

/* Formats the end of a run as one line without a newline, e.g. "trap at pc 0x00010074
 * (inst 0x00100073): breakpoint (cause 3)" or "passed". */
void bsyn_runner_describe(const bsyn_runner *r, char *buf, size_t size);

/* Writes the words from symbol begin_signature up to end_signature of e, as 8-digit
 * lowercase hex, one per line, to path. Returns 0, or -1 with d filled (symbols missing,
 * end before begin, file not writable). */
int bsyn_runner_write_signature(const bsyn_runner *r, const bsyn_elf *e, const char *path,
                                bsyn_diag *d);
/* The same from any memory m (the rv32ia-priv runner's). */
int bsyn_runner_write_signature_mem(const bsyn_mem *m, const bsyn_elf *e, const char *path,
                                    bsyn_diag *d);

#endif
