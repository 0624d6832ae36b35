#include "bsyn_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bsyn_util.h"

const char *bsyn_test_tmpdir(void) {
  static char dir[512];
  if (!dir[0]) {
    snprintf(dir, sizeof dir, "%s/test-tmp", BSYN_BUILD_DIR);
    mkdir(dir, 0777);
    snprintf(dir, sizeof dir, "%s/test-tmp/XXXXXX", BSYN_BUILD_DIR);
    if (!mkdtemp(dir))
      bsyn_abort("cannot create a temporary directory under %s", BSYN_BUILD_DIR);
  }
  return dir;
}

const char *bsyn_test_tmpfile(const char *name) {
  static char buf[8][640];
  static int slot;
  char *b = buf[slot++ & 7];
  snprintf(b, sizeof buf[0], "%s/%s", bsyn_test_tmpdir(), name);
  return b;
}

const char *bsyn_test_data(const char *rel) {
  static char buf[8][640];
  static int slot;
  char *b = buf[slot++ & 7];
  snprintf(b, sizeof buf[0], "%s/%s", BSYN_TEST_DATA, rel);
  return b;
}

const char *bsyn_test_shared(const char *rel) {
  static char buf[8][640];
  static int slot;
  char *b = buf[slot++ & 7];
  snprintf(b, sizeof buf[0], "%s/%s", BSYN_SHARED_DATA, rel);
  return access(b, R_OK) == 0 ? b : NULL;
}

int bsyn_test_have(const char *program) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "command -v '%s' >/dev/null 2>&1", program);
  return system(cmd) == 0;
}

char *bsyn_test_cli(const char *sub, const char *args, int *rc) {
  size_t size = strlen(args) + strlen(sub) + strlen(bsyn_test_exe()) + 8;
  char *cmd = bsyn_malloc(size);
  snprintf(cmd, size, "'%s' %s %s", bsyn_test_exe(), sub, args);
  char *out;
  *rc = bsyn_test_run(cmd, &out);
  free(cmd);
  return out;
}

int bsyn_test_run(const char *cmd, char **output) {
  char full[8192];
  snprintf(full, sizeof full, "(%s) 2>&1 </dev/null", cmd);
  FILE *p = popen(full, "r");
  if (!p)
    return -1;
  size_t cap = 4096, n = 0;
  char *buf = bsyn_malloc(cap);
  size_t got;
  while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
    n += got;
    if (cap - n < 2) {
      cap *= 2;
      buf = bsyn_realloc(buf, cap);
    }
  }
  buf[n] = '\0';
  int status = pclose(p);
  if (output)
    *output = buf;
  else
    free(buf);
  if (status == -1 || !WIFEXITED(status))
    return -1;
  return WEXITSTATUS(status);
}

const char *bsyn_test_exe(void) { return BSYN_EXE; }

bsyn_aig *bsyn_test_random_aig(uint32_t inputs, uint32_t ands, uint32_t outputs, uint64_t seed) {
  bsyn_rng rng;
  bsyn_rng_seed(&rng, seed);
  bsyn_aig *aig = bsyn_aig_new();
  for (uint32_t i = 0; i < inputs; i++)
    bsyn_aig_add_input(aig, NULL);
  for (uint32_t k = 0; k < ands; k++) {
    uint32_t nv = aig->num_vars;
    /* favour recent nodes so the graph gets deep, not just wide */
    uint32_t span = nv - 1 < 64 ? nv - 1 : 64;
    uint64_t r = bsyn_rng_next(&rng);
    uint32_t va =
        (r & 1) ? 1 + (uint32_t)((r >> 8) % (nv - 1)) : nv - 1 - (uint32_t)((r >> 8) % span);
    uint32_t vb = 1 + (uint32_t)((r >> 40) % (nv - 1));
    bsyn_aig_and(aig, bsyn_lit_make(va, (r >> 2) & 1), bsyn_lit_make(vb, (r >> 3) & 1));
  }
  for (uint32_t o = 0; o < outputs; o++) {
    uint64_t r = bsyn_rng_next(&rng);
    bsyn_lit l = (bsyn_lit)(r % (2 * aig->num_vars));
    if (o == 0 && aig->num_vars > 1)
      l = 2 * (aig->num_vars - 1) + (r >> 60 & 1); /* the last AND is always observed */
    bsyn_aig_add_output(aig, l, NULL);
  }
  return aig;
}

bsyn_aig *bsyn_test_deep_chain_aig(uint32_t levels) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit in[8];
  for (int i = 0; i < 8; i++)
    in[i] = bsyn_aig_add_input(g, NULL);
  bsyn_lit x = in[0];
  for (uint32_t k = 0; k < levels; k++)
    x = (k % 3 == 0)
            ? bsyn_aig_mux(g, in[k % 7 + 1], x, bsyn_lit_not(x))
            : bsyn_aig_or(g, bsyn_aig_and(g, x, in[(k + 3) % 8]), in[(k * 5) % 8] ^ (k & 1));
  bsyn_aig_add_output(g, x, NULL);
  bsyn_aig_add_output(g, bsyn_lit_not(x), NULL);
  return g;
}

/* A learned-style netlist: one multiplexer per BSD node, selects mostly from the first
 * `keyish` inputs (the ones a key will fix), some from the others; data from recent nodes,
 * complemented at random; XORs and plain ANDs mixed in. */
bsyn_aig *bsyn_test_mux_aig(uint32_t inputs, uint32_t keyish, uint32_t nodes, uint32_t outputs,
                            uint64_t seed) {
  bsyn_rng rng;
  bsyn_rng_seed(&rng, seed);
  bsyn_aig *g = bsyn_aig_new();
  BSYN_VEC(bsyn_lit) pool = {0};
  for (uint32_t i = 0; i < inputs; i++)
    bsyn_vec_push(pool, bsyn_aig_add_input(g, NULL));
  for (uint32_t k = 0; k < nodes; k++) {
    uint64_t r = bsyn_rng_next(&rng);
    size_t n = pool.size, span = n < 48 ? n : 48;
    uint32_t sel = (r & 3) ? (uint32_t)(r >> 2) % keyish : (uint32_t)(r >> 2) % inputs;
    bsyn_lit s = bsyn_lit_make(1 + sel, r >> 10 & 1);
    bsyn_lit t = pool.data[n - 1 - (r >> 12) % span] ^ (bsyn_lit)(r >> 20 & 1);
    bsyn_lit e = pool.data[(r >> 24) % n] ^ (bsyn_lit)(r >> 21 & 1);
    bsyn_lit x = (r >> 40 & 7) == 0   ? bsyn_aig_xor(g, t, e)
                 : (r >> 40 & 7) == 1 ? bsyn_aig_and(g, t, e)
                                      : bsyn_aig_mux(g, s, t, e);
    bsyn_vec_push(pool, x);
  }
  for (uint32_t o = 0; o < outputs; o++) {
    uint64_t r = bsyn_rng_next(&rng);
    bsyn_lit l = (r & 15) == 0 ? (bsyn_lit)(r >> 4 & 1) /* a constant output */
                 : (r & 15) == 1
                     ? bsyn_lit_make(1 + (uint32_t)(r >> 8) % inputs, 0) /* a wire */
                     : pool.data[pool.size - 1 - (r >> 8) % (pool.size / 2)] ^ (bsyn_lit)(o & 1);
    bsyn_aig_add_output(g, l, NULL);
  }
  bsyn_vec_free(pool);
  return g;
}

int bsyn_test_cpu_runs(const char *isa) {
  __builtin_cpu_init();
  if (!isa)
    return 1;
  if (!strcmp(isa, "avx2"))
    return __builtin_cpu_supports("avx2");
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl");
}
