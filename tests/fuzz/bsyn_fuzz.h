/* bsyn_fuzz.h — what the libFuzzer harnesses in tests/fuzz share.
 *
 * A harness is one file fuzz_<reader>.c defining LLVMFuzzerTestOneInput; its seeds live in
 * corpus/<reader>/ and extra libFuzzer flags, when it needs any, in fuzz_<reader>.options
 * (one line). CMake and scripts/fuzz.sh find harnesses by those names: adding one is writing
 * the file and its seeds. Readers that take a path read the input through bsyn_fuzz_path;
 * a harness aborts (a crash to libFuzzer) when a reader breaks its own contract, e.g. fills
 * *out on failure or returns a result that fails its invariants. */
#ifndef BSYN_FUZZ_H
#define BSYN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_util.h"

/* The libFuzzer entry point every harness defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A path whose file holds exactly data[0..size): an in-memory file (memfd) made once per
 * process and rewritten on each call, named /proc/self/fd/N, so every fopen of it starts
 * at byte 0. The path stays valid until the next call. Aborts when the file cannot be
 * written. Not thread-safe. */
const char *bsyn_fuzz_path(const uint8_t *data, size_t size);

/* A descriptor reading data[0..size) from its start (the same in-memory file, opened anew;
 * the caller closes it). */
int bsyn_fuzz_fd(const uint8_t *data, size_t size);

/* Aborts with "<harness>: <what>" when cond is false: a reader's contract was broken. */
void bsyn_fuzz_require(int cond, const char *harness, const char *what);

/* Checks the failure contract shared by the readers: rc is 0 or -1; on -1 *out stayed NULL
 * (out_is_null) and d carries a message. */
void bsyn_fuzz_check_status(int rc, int out_is_null, const bsyn_diag *d, const char *harness);

/* The netlist readers' harness (AIGER, BLIF): reads data with read through a path, after
 * prefix when data does not already start with it (prefix may be NULL; it keeps the
 * AIGER harnesses on their own side of the header check), checks the status contract and
 * the result's invariants and evaluates it once on an all-ones input. */
typedef int (*bsyn_fuzz_netlist_reader)(const char *path, bsyn_aig **out, bsyn_diag *d);
void bsyn_fuzz_netlist(const uint8_t *data, size_t size, const char *prefix,
                       bsyn_fuzz_netlist_reader read, const char *harness);

#endif
