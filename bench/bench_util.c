#include "bench_util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_util.h"

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

size_t bench_list_aig(const char *dir, char ***names) {
  *names = NULL;
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  BSYN_VEC(char *) v = {0};
  for (struct dirent *e; (e = readdir(d));) {
    size_t len = strlen(e->d_name);
    if (len > 4 && !strcmp(e->d_name + len - 4, ".aig"))
      bsyn_vec_push(v, bsyn_strdup(e->d_name));
  }
  closedir(d);
  if (v.size)
    qsort(v.data, v.size, sizeof v.data[0], by_name);
  *names = v.data;
  return v.size;
}

void bench_free_names(char **names, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
}

bsyn_aig *bench_random_aig(uint32_t ands, uint32_t window, uint64_t seed) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_rng r;
  bsyn_rng_seed(&r, seed);
  for (int i = 0; i < 256; i++)
    bsyn_aig_add_input(g, NULL);
  while (bsyn_aig_num_ands(g) < ands) {
    uint32_t nv = g->num_vars, pick[2];
    for (int k = 0; k < 2; k++) {
      uint64_t x = bsyn_rng_next(&r);
      int near = window && (x & 7) != 0 && nv - 1 > window;
      pick[k] = near ? nv - 1 - (uint32_t)((x >> 8) % window) : 1 + (uint32_t)((x >> 8) % (nv - 1));
      pick[k] = 2 * pick[k] + (uint32_t)(x >> 40 & 1);
    }
    bsyn_aig_and(g, pick[0], pick[1]);
  }
  for (uint32_t o = 0; o < 64; o++)
    bsyn_aig_add_output(g, 2 * (g->num_vars - 1 - o), NULL);
  return g;
}
