/* bench_util.h — pieces several benchmark programs share. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_aig.h"

/* The names of the .aig files in dir (malloc'ed, sorted by name) into *names; returns their
 * count, or 0 with *names NULL when dir cannot be read. Free with bench_free_names. */
size_t bench_list_aig(const char *dir, char ***names);
void bench_free_names(char **names, size_t n);

/* A random AIG of `ands` ANDs over 256 inputs and 64 outputs (the last ANDs); with
 * window > 0, 7 of 8 fanins come from the `window` latest variables and the rest from
 * anywhere (long wires), else all from anywhere. Deterministic in seed. */
bsyn_aig *bench_random_aig(uint32_t ands, uint32_t window, uint64_t seed);

#endif
