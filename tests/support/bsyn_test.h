/* bsyn_test.h — helpers shared by the Criterion suites. */
#ifndef BSYN_TEST_H
#define BSYN_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_aig.h"

/* A fresh empty directory under the build tree for this test process; never NULL. */
const char *bsyn_test_tmpdir(void);
/* tmpdir + "/" + name in a static rotating buffer (8 slots). */
const char *bsyn_test_tmpfile(const char *name);
/* Path of a file under tests/data, or under ../shared/data (NULL when that is absent). */
const char *bsyn_test_data(const char *rel);
const char *bsyn_test_shared(const char *rel);
/* 1 when an executable is on PATH. */
int bsyn_test_have(const char *program);
/* Runs a shell command, captures stdout+stderr (malloc'ed, NUL-terminated) into *output
 * when output is non-NULL, returns the exit status (or -1 when it did not exit normally). */
int bsyn_test_run(const char *cmd, char **output);
/* 1 when this CPU runs code built for isa: NULL (baseline), "avx2", or "avx512" (F, BW and
 * VL, as the *_avx512.c files are compiled). */
int bsyn_test_cpu_runs(const char *isa);
/* Path of the bsyn executable. */
const char *bsyn_test_exe(void);
/* Runs `bsyn SUB ARGS` (ARGS as shell words); returns stdout and stderr (malloc'ed) and the
 * exit status in *rc (-1 when it did not exit normally). */
char *bsyn_test_cli(const char *sub, const char *args, int *rc);
/* A random AIG with the given inputs, ANDs (approximately: strash may merge) and outputs,
 * deterministic in seed; outputs may be complemented or constant. */
bsyn_aig *bsyn_test_random_aig(uint32_t inputs, uint32_t ands, uint32_t outputs, uint64_t seed);
/* A chain `levels` deep over 8 inputs (multiplexers, ANDs and ORs in turn), with two outputs,
 * the chain's end and its complement: deeper than any recursion limit. */
bsyn_aig *bsyn_test_deep_chain_aig(uint32_t levels);
/* A netlist shaped like a learned one, deterministic in seed: one multiplexer per BSD node
 * (XORs and plain ANDs mixed in), selects mostly (3/4) from the first `keyish` inputs and
 * otherwise from any, data from recent nodes, complemented at random; outputs from the
 * later half of the nodes, a few constants and wires among them. 1 <= keyish <= inputs. */
bsyn_aig *bsyn_test_mux_aig(uint32_t inputs, uint32_t keyish, uint32_t nodes, uint32_t outputs,
                            uint64_t seed);

#endif
