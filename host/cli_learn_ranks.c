/* The plan's learned groups handed from every rank of an MPI job to rank 0
 * (bsyn_cli_learn_share in cli_learn.h). A rank's groups travel as one byte string: a u32
 * status and count, then per group its origin, kind, tries, seconds, --outputs spec, summary
 * (the struct's bytes: every rank runs the same build; its pointers are rank 0's own again
 * on arrival) and netlist (bsyn_aig_pack). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bsyn_aig_pack.h"
#include "cli.h"
#include "cli_learn.h"
#include "cli_mpi.h"

/* The packed groups being written. */
typedef BSYN_VEC(uint8_t) packing;

/* Packed groups being read: n bytes from at on (bad once something was missing). */
typedef struct bytes {
  const uint8_t *b;
  size_t len, at;
  int bad;
} bytes;

static void put_blob(packing *x, const void *p, uint64_t n) {
  bsyn_vec_append(*x, &n, sizeof n);
  bsyn_vec_append(*x, p, (size_t)n);
}

/* The next n bytes (NULL once the string ends: x->bad). */
static const uint8_t *take(bytes *x, size_t n) {
  if (x->bad || x->len - x->at < n) {
    x->bad = 1;
    return NULL;
  }
  x->at += n;
  return x->b + x->at - n;
}

/* The next blob's bytes and length. */
static const uint8_t *take_blob(bytes *x, size_t *n) {
  const uint8_t *p = take(x, sizeof(uint64_t));
  uint64_t m = 0;
  if (p)
    memcpy(&m, p, sizeof m);
  *n = (size_t)m;
  return m > x->len ? (x->bad = 1, NULL) : take(x, (size_t)m);
}

static void pack_group(packing *x, const bsyn_cli_learn_done *g) {
  uint32_t head[3] = {g->origin, (uint32_t)g->kind, g->tries};
  bsyn_vec_append(*x, head, sizeof head);
  bsyn_vec_append(*x, &g->seconds, sizeof g->seconds);
  put_blob(x, g->spec, strlen(g->spec));
  bsyn_vec_append(*x, &g->part.s, sizeof g->part.s);
  size_t len = 0;
  uint8_t *aig = bsyn_aig_pack(g->part.aig, &len);
  put_blob(x, aig, len);
  free(aig);
}

/* The next group of x into *g (rank 0's pointers in its summary); 0, or -1 when x does not
 * hold one. */
static int unpack_group(bytes *x, const bsyn_cli_learn_opts *o, bsyn_cli_learn_done *g) {
  const uint8_t *head = take(x, 3 * sizeof(uint32_t) + sizeof(double));
  size_t nspec = 0, naig = 0;
  const uint8_t *spec = take_blob(x, &nspec);
  const uint8_t *sum = take(x, sizeof g->part.s);
  const uint8_t *aig = take_blob(x, &naig);
  if (x->bad)
    return -1;
  uint32_t h[3];
  memcpy(h, head, sizeof h);
  g->origin = h[0], g->kind = (int)h[1], g->tries = h[2];
  memcpy(&g->seconds, head + sizeof h, sizeof g->seconds);
  g->spec = bsyn_malloc(nspec + 1);
  memcpy(g->spec, spec, nspec);
  g->spec[nspec] = 0;
  memcpy(&g->part.s, sum, sizeof g->part.s);
  g->part.s.oracle = o->oracle, g->part.s.reference = o->reference;
  g->part.s.groups_text = g->part.s.groups_json = NULL;
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  g->part.aig = bsyn_aig_unpack(aig, naig, &d);
  return g->part.aig ? 0 : -1;
}

uint8_t *bsyn_cli_learn_pack_groups(const bsyn_cli_learn_done *g, uint32_t n, int ok, size_t *len) {
  packing x = {0};
  uint32_t head[2] = {(uint32_t)ok, ok ? n : 0};
  bsyn_vec_append(x, head, sizeof head);
  for (uint32_t k = 0; k < n && ok; k++)
    pack_group(&x, &g[k]);
  *len = x.size;
  return x.data;
}

int bsyn_cli_learn_unpack_groups(const bsyn_cli_learn_opts *o, const uint8_t *buf, size_t len,
                                 bsyn_cli_learn_done **groups, uint32_t *n) {
  bytes in = {buf, len, 0, 0};
  const uint8_t *h = take(&in, 2 * sizeof(uint32_t));
  uint32_t rh[2] = {0, 0};
  if (h)
    memcpy(rh, h, sizeof rh);
  if (!h)
    return -1;
  if (!rh[0])
    return 1;
  for (uint32_t k = 0; k < rh[1]; k++) {
    bsyn_cli_learn_done g = {0};
    if (unpack_group(&in, o, &g)) {
      free(g.spec);
      return -1;
    }
    *groups = bsyn_realloc(*groups, (*n + 1) * sizeof **groups);
    (*groups)[(*n)++] = g;
  }
  return in.at == len ? 0 : -1;
}

void bsyn_cli_learn_order_groups(bsyn_cli_learn_done *g, uint32_t n) {
  for (uint32_t a = 1; a < n; a++) /* insertion: stable, and n is small */
    for (uint32_t b = a; b > 0 && g[b - 1].origin > g[b].origin; b--) {
      bsyn_cli_learn_done t = g[b - 1];
      g[b - 1] = g[b];
      g[b] = t;
    }
}

bsyn_cli_learn_done *bsyn_cli_learn_share(const bsyn_cli_learn_opts *o,
                                          const bsyn_cli_learn_done *mine, uint32_t n, int ok,
                                          uint32_t *total, int *failed) {
  size_t len = 0;
  uint8_t *packed = bsyn_cli_learn_pack_groups(mine, n, ok, &len);
  unsigned ranks = bsyn_cli_mpi_size();
  size_t *lens = bsyn_calloc(ranks, sizeof *lens);
  uint8_t *all = bsyn_cli_mpi_gather(packed, len, lens);
  free(packed);
  *total = 0;
  *failed = 0;
  bsyn_cli_learn_done *groups = NULL;
  size_t off = 0;
  for (unsigned r = 0; all && r < ranks; off += lens[r], r++) {
    int got = bsyn_cli_learn_unpack_groups(o, all + off, lens[r], &groups, total);
    if (got < 0)
      bsyn_cli_error("learn",
                     "expected rank %u's learned groups, found %zu bytes that do "
                     "not unpack",
                     r, lens[r]);
    if (got)
      *failed = 1;
  }
  bsyn_cli_learn_order_groups(groups, *total);
  free(all);
  free(lens);
  return groups;
}

/* What one rank reports about itself (bsyn_cli_learn_rank_figures). */
typedef struct rank_figures {
  double cpu, learn, comm;
  uint64_t bytes;
  uint32_t groups, pad;
} rank_figures;

/* CPU seconds (user and system) of this process so far. */
static double cpu_seconds(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
         ru.ru_stime.tv_usec / 1e6;
}

int bsyn_cli_learn_rank_figures(double learn_seconds, uint32_t groups, char **json, char **text) {
  rank_figures mine = {cpu_seconds(),        learn_seconds, bsyn_cli_mpi_seconds(),
                       bsyn_cli_mpi_bytes(), groups,        0};
  unsigned ranks = bsyn_cli_mpi_size();
  size_t *lens = bsyn_calloc(ranks, sizeof *lens);
  uint8_t *all = bsyn_cli_mpi_gather((const uint8_t *)&mine, sizeof mine, lens);
  *json = *text = NULL;
  int rc = 0;
  if (all) {
    size_t cap = 128 + (size_t)ranks * 200, jl = 0, tl = 0;
    *json = bsyn_malloc(cap), *text = bsyn_malloc(cap);
    jl += (size_t)snprintf(*json, cap, "[");
    tl += (size_t)snprintf(*text, cap,
                           "  ranks       %u (groups, learning s, CPU s, s in collective calls "
                           "waiting or sending, bytes):\n",
                           ranks);
    for (unsigned r = 0; r < ranks; r++) {
      rank_figures f;
      if (lens[r] != sizeof f) {
        rc = -1;
        break;
      }
      memcpy(&f, all + r * sizeof f, sizeof f);
      jl += (size_t)snprintf(*json + jl, cap - jl,
                             "%s{\"rank\":%u,\"groups\":%u,\"seconds\":%.3f,\"cpu_seconds\":%.3f,"
                             "\"comm_seconds\":%.3f,\"comm_bytes\":%llu}",
                             r ? "," : "", r, f.groups, f.learn, f.cpu, f.comm,
                             (unsigned long long)f.bytes);
      tl += (size_t)snprintf(*text + tl, cap - tl,
                             "    rank %-4u %3u groups %8.1f s %8.1f s CPU %7.3f s %10llu bytes\n",
                             r, f.groups, f.learn, f.cpu, f.comm, (unsigned long long)f.bytes);
    }
    snprintf(*json + jl, cap - jl, "]");
  }
  free(all);
  free(lens);
  return rc;
}
