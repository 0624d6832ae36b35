/* Checkpoints: the learner's state between two levels, enough to continue as if never
 * stopped; this file holds the format's identity (options, sampler and oracle fingerprints),
 * its checksum and the writer. bsyn_learn_resume.c reads it back. Node signatures are not
 * stored: they are a pure function of the oracle, the seed and each node's creation path,
 * so resuming recomputes them in one batch and re-inserts them in node order.
 *
 * Layout (native byte order; every count is followed by what it counts):
 *   frame     "BSYNCKPT"  u32 version 2  u32 byte-order mark 0x01020304  u64 file length
 *   identity  u32 len + oracle name  u32 inputs  u32 oracle outputs  u64 answer fingerprint
 *             u32 option count  u64 options[count]  u64 hash of the options
 *   graph     u32 learned outputs  u32 nodes  {u32 var lo hi aux}[nodes]  u32 node_out[nodes]
 *             u32 roots[learned outputs]
 *   state     u32 started  u64 stats[BSYN_CKP_STAT_WORDS]  u64 oracle words so far
 *             u64 n + u32 forced_slots[n]   u64 n + u32 forced_roots[n]
 *             u32 R  u64 ref_vecs  u64 ref_rows[inputs * R]
 *   frontier  u64 items, each: u32 parent slot output depth flags path_len sup_len,
 *             u32 path[path_len], u32 sup[sup_len], u32 counts[3 * sup_len] when carried
 *             (flags: 1 full, 2 data, 4 nomerge, 8 carried)
 *   trailer   u64 checksum of every byte before it (bsyn_ckp_sum)
 *
 * The file is written twice over: a first pass only counts its bytes, so that the length
 * in the frame is known before anything reaches the disk and nothing has to be buffered. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsyn_learn_internal.h"

/* ---- checksum ---- */

void bsyn_ckp_sum_init(bsyn_ckp_sum *s) {
  memset(s, 0, sizeof *s);
  s->h = 0x62737966636b7074ull;
}

static void sum_word(bsyn_ckp_sum *s, const uint8_t *p) {
  uint64_t w;
  memcpy(&w, p, 8);
  s->h = bsyn_mix64(s->h ^ w);
}

void bsyn_ckp_sum_add(bsyn_ckp_sum *s, const void *p, size_t n) {
  const uint8_t *b = p;
  if (n == 0) /* p may be NULL then */
    return;
  s->len += n;
  if (s->ntail) { /* complete the word left over from the last call */
    size_t room = 8 - (s->ntail & 7u), k = room < n ? room : n;
    memcpy(s->tail + (s->ntail & 7u), b, k);
    s->ntail += (unsigned)k;
    if (s->ntail < 8)
      return;
    sum_word(s, s->tail);
    s->ntail = 0;
    b += k;
    n -= k;
  }
  for (; n >= 8; b += 8, n -= 8)
    sum_word(s, b);
  memcpy(s->tail, b, n);
  s->ntail = (unsigned)n;
}

uint64_t bsyn_ckp_sum_final(const bsyn_ckp_sum *s) {
  bsyn_ckp_sum t = *s;
  if (t.ntail) { /* zero padding; the length below tells it from real zeros */
    memset(t.tail + t.ntail, 0, 8 - t.ntail);
    sum_word(&t, t.tail);
  }
  return bsyn_mix64(t.h ^ bsyn_mix64(t.len));
}

uint64_t bsyn_ckp_checksum(const void *p, size_t n) {
  bsyn_ckp_sum s;
  bsyn_ckp_sum_init(&s);
  bsyn_ckp_sum_add(&s, p, n);
  return bsyn_ckp_sum_final(&s);
}

/* ---- identity ---- */

static uint64_t hash_u32s(const uint32_t *v, size_t n) {
  bsyn_ckp_sum s;
  bsyn_ckp_sum_init(&s);
  uint64_t len = n;
  bsyn_ckp_sum_add(&s, &len, 8);
  bsyn_ckp_sum_add(&s, v, n * sizeof *v);
  return bsyn_ckp_sum_final(&s);
}

/* Both fingerprints use a fixed seed, so that they tell the sampler and the oracle apart
 * from the run's seed (an option of its own); the oracle answers uniform rows, so that it
 * does not depend on the sampler either. */
int bsyn_ckp_fingerprint(bsyn_learner *l, bsyn_diag *d) {
  if (l->ckp_known)
    return 0;
  const uint64_t seed = 0x636b7074666e6770ull;
  size_t nin = l->nin ? l->nin : 1, nout = l->o->num_outputs ? l->o->num_outputs : 1;
  size_t inbytes = (size_t)l->nin * BSYN_CKP_FP_WORDS * 8;
  uint64_t *in = bsyn_aligned_alloc(nin * BSYN_CKP_FP_WORDS * 8);
  uint64_t *out = bsyn_aligned_alloc(nout * BSYN_CKP_FP_WORDS * 8);
  l->sampler->fill(l->sampler, seed, 0, BSYN_CKP_FP_WORDS, in, BSYN_CKP_FP_WORDS);
  bsyn_ckp_sum s;
  bsyn_ckp_sum_init(&s);
  bsyn_ckp_sum_add(&s, l->sampler->kind, strlen(l->sampler->kind));
  uint8_t fixup = l->sampler->fixup != NULL;
  bsyn_ckp_sum_add(&s, &fixup, 1);
  bsyn_ckp_sum_add(&s, in, inbytes);
  l->ckp_sampler = bsyn_ckp_sum_final(&s);
  for (uint32_t i = 0; i < l->nin; i++)
    for (uint32_t w = 0; w < BSYN_CKP_FP_WORDS; w++)
      in[(size_t)i * BSYN_CKP_FP_WORDS + w] = bsyn_sample_uniform_word(seed, i, w);
  int rc = bsyn_oracle_eval(l->o, in, out, BSYN_CKP_FP_WORDS, d);
  if (!rc) {
    l->ckp_answers = bsyn_ckp_checksum(out, (size_t)l->o->num_outputs * BSYN_CKP_FP_WORDS * 8);
    l->ckp_known = 1;
  }
  bsyn_aligned_free(in);
  bsyn_aligned_free(out);
  return rc;
}

/* Settings that only matter with another one on are recorded as 0 without it, so that a
 * resume is not refused over an option that changes nothing. */
void bsyn_ckp_options(const bsyn_learner *l, uint64_t *v) {
  const bsyn_learn_params *p = &l->p;
  uint64_t gain;
  memcpy(&gain, &p->lookahead_gain, 8);
  v[BSYN_CKP_OPT_SEED] = p->seed;
  v[BSYN_CKP_OPT_SIG_WORDS] = l->W;
  v[BSYN_CKP_OPT_CONFIRM_WORDS] = l->Wc;
  v[BSYN_CKP_OPT_SENS_WORDS] = l->Ws;
  v[BSYN_CKP_OPT_OUTPUTS] = hash_u32s(l->outs, l->nout);
  v[BSYN_CKP_OPT_ORDER] = l->order ? hash_u32s(l->order, l->nin) : 0;
  v[BSYN_CKP_OPT_LEVEL_ORDER] = p->level_order != 0;
  v[BSYN_CKP_OPT_PAIR_FIELDS] = p->pair_fields != 0;
  v[BSYN_CKP_OPT_PATH_FIXUP] = p->path_fixup && l->sampler->fixup;
  v[BSYN_CKP_OPT_LOOKAHEAD] = p->lookahead;
  v[BSYN_CKP_OPT_LOOKAHEAD_DEPTH] = p->lookahead ? p->lookahead_depth : 0;
  v[BSYN_CKP_OPT_LOOKAHEAD_GAIN] = p->lookahead ? gain : 0;
  v[BSYN_CKP_OPT_CYCLE_VISITS] = p->cycle_visits;
  v[BSYN_CKP_OPT_SAMPLER] = l->ckp_sampler;
}

uint64_t bsyn_ckp_options_hash(const uint64_t *v) {
  return bsyn_ckp_checksum(v, BSYN_CKP_OPT_COUNT * sizeof *v);
}

void bsyn_ckp_describe(unsigned k, uint64_t v, char *buf, size_t size) {
  static const char *const flag[] = {
      [BSYN_CKP_OPT_LEVEL_ORDER] = "--level-order",
      [BSYN_CKP_OPT_PAIR_FIELDS] = "--pair-fields",
      [BSYN_CKP_OPT_PATH_FIXUP] = "--path-fixup",
  };
  static const char *const num[] = {
      [BSYN_CKP_OPT_SEED] = "--seed %llu",
      [BSYN_CKP_OPT_SIG_WORDS] = "%llu signature words: --sig-words, --epsilon, --delta",
      [BSYN_CKP_OPT_CONFIRM_WORDS] = "--confirm-words %llu",
      [BSYN_CKP_OPT_SENS_WORDS] = "--sens-words %llu",
      [BSYN_CKP_OPT_LOOKAHEAD] = "--lookahead %llu",
      [BSYN_CKP_OPT_LOOKAHEAD_DEPTH] = "--lookahead-depth %llu",
      [BSYN_CKP_OPT_CYCLE_VISITS] = "%llu cycle-check visits",
  };
  double gain;
  memcpy(&gain, &v, 8);
  if (k == BSYN_CKP_OPT_OUTPUTS)
    snprintf(buf, size, "the --outputs list");
  else if (k == BSYN_CKP_OPT_ORDER)
    snprintf(buf, size, v ? "an --order" : "no --order");
  else if (k == BSYN_CKP_OPT_SAMPLER)
    snprintf(buf, size, "the sampler: --sampler, --trace, --trace-share, --stress-share");
  else if (k == BSYN_CKP_OPT_LOOKAHEAD_GAIN)
    snprintf(buf, size, "--lookahead-gain %g", gain);
  else if (k < BSYN_CKP_OPT_COUNT && k < sizeof flag / sizeof *flag && flag[k])
    snprintf(buf, size, "%s%s", v ? "" : "no ", flag[k]);
  else if (k < sizeof num / sizeof *num && num[k])
    snprintf(buf, size, num[k], (unsigned long long)v);
  else
    snprintf(buf, size, "option %u", k);
}

/* ---- statistics ---- */

#define STAT(f) offsetof(bsyn_learn_stats, f)
static const size_t stat_u64[] = {
    STAT(nodes),        STAT(leaves_const),      STAT(leaves_literal),  STAT(leaves_forced),
    STAT(merges),       STAT(merges_complement), STAT(merges_rejected), STAT(merges_cyclic),
    STAT(requeued),     STAT(refinements),       STAT(reopened),        STAT(frontier),
    STAT(max_frontier), STAT(samples),           STAT(queries)};
static const size_t stat_u32[] = {STAT(levels), STAT(level)};
static const size_t stat_f64[] = {STAT(t_probe), STAT(t_classify),      STAT(t_confirm),
                                  STAT(t_total), STAT(unfinished_mass), STAT(unfinished_log2)};
#undef STAT
enum {
  N_U64 = sizeof stat_u64 / sizeof *stat_u64,
  N_U32 = sizeof stat_u32 / sizeof *stat_u32,
  N_F64 = sizeof stat_f64 / sizeof *stat_f64
};
_Static_assert(N_U64 + N_U32 + N_F64 + 1 == BSYN_CKP_STAT_WORDS, "a statistic is not kept");

void bsyn_ckp_stats_encode(const bsyn_learn_stats *st, uint64_t *w) {
  const char *b = (const char *)st;
  unsigned k = 0;
  for (unsigned i = 0; i < N_U64; i++)
    memcpy(&w[k++], b + stat_u64[i], 8);
  for (unsigned i = 0; i < N_U32; i++) {
    uint32_t x;
    memcpy(&x, b + stat_u32[i], 4);
    w[k++] = x;
  }
  for (unsigned i = 0; i < N_F64; i++)
    memcpy(&w[k++], b + stat_f64[i], 8);
  w[k] = (uint64_t)st->stop;
}

int bsyn_ckp_stats_decode(const uint64_t *w, bsyn_learn_stats *st) {
  char *b = (char *)st;
  unsigned k = 0;
  for (unsigned i = 0; i < N_U64; i++)
    memcpy(b + stat_u64[i], &w[k++], 8);
  for (unsigned i = 0; i < N_U32; i++, k++) {
    if (w[k] > UINT32_MAX)
      return -1;
    uint32_t x = (uint32_t)w[k];
    memcpy(b + stat_u32[i], &x, 4);
  }
  for (unsigned i = 0; i < N_F64; i++)
    memcpy(b + stat_f64[i], &w[k++], 8);
  if (w[k] > BSYN_LEARN_MEMORY_BUDGET)
    return -1;
  st->stop = (bsyn_learn_stop)w[k];
  return 0;
}

/* ---- writing ---- */

enum { BUF_BYTES = 1 << 16 };

/* Bytes on their way to fd (or, with fd < 0, only counted), checksummed as they pass. */
typedef struct writer {
  int fd;
  int err; /* errno of the first failure, 0 = none */
  uint64_t total;
  size_t n;
  bsyn_ckp_sum sum;
  uint8_t *buf;
} writer;

static void flush(writer *w) {
  for (size_t off = 0; off < w->n && !w->err;) {
    ssize_t k = write(w->fd, w->buf + off, w->n - off);
    if (k < 0 && errno != EINTR)
      w->err = errno;
    else if (k > 0)
      off += (size_t)k;
  }
  w->n = 0;
}

/* Raw bytes (the trailer is not checksummed). */
static void put_raw(writer *w, const void *p, size_t size) {
  w->total += size;
  if (w->fd < 0)
    return;
  const uint8_t *b = p;
  while (size && !w->err) {
    size_t k = BUF_BYTES - w->n < size ? BUF_BYTES - w->n : size;
    memcpy(w->buf + w->n, b, k);
    w->n += k, b += k, size -= k;
    if (w->n == BUF_BYTES)
      flush(w);
  }
}

static void put(writer *w, const void *p, size_t size) {
  if (w->fd >= 0)
    bsyn_ckp_sum_add(&w->sum, p, size);
  put_raw(w, p, size);
}
static void put_u32(writer *w, uint32_t v) { put(w, &v, 4); }
static void put_u64(writer *w, uint64_t v) { put(w, &v, 8); }

static void write_identity(writer *w, const bsyn_learner *l) {
  uint32_t namelen = (uint32_t)strlen(l->o->name);
  put_u32(w, namelen);
  put(w, l->o->name, namelen);
  put_u32(w, l->nin);
  put_u32(w, l->o->num_outputs);
  put_u64(w, l->ckp_answers);
  uint64_t opts[BSYN_CKP_OPT_COUNT];
  bsyn_ckp_options(l, opts);
  put_u32(w, BSYN_CKP_OPT_COUNT);
  put(w, opts, sizeof opts);
  put_u64(w, bsyn_ckp_options_hash(opts));
}

static void write_graph(writer *w, const bsyn_learner *l) {
  const bsyn_bsd *g = l->g;
  put_u32(w, l->nout);
  put_u32(w, g->num_nodes);
  for (uint32_t v = 0; v < g->num_nodes; v++) {
    uint32_t f[4] = {g->nodes[v].var, g->nodes[v].lo, g->nodes[v].hi, g->nodes[v].aux};
    put(w, f, sizeof f);
  }
  for (uint32_t v = 0; v < g->num_nodes; v++)
    put_u32(w, v < l->node_out.size ? l->node_out.data[v] : UINT32_MAX);
  put(w, l->roots, (size_t)l->nout * 4);
}

static void write_state(writer *w, const bsyn_learner *l) {
  uint64_t st[BSYN_CKP_STAT_WORDS];
  bsyn_ckp_stats_encode(&l->st, st);
  put_u32(w, l->started != 0);
  put(w, st, sizeof st);
  put_u64(w, l->pc.words_done);
  put_u64(w, l->forced_slots.size);
  put(w, l->forced_slots.data, l->forced_slots.size * 4);
  put_u64(w, l->forced_roots.size);
  put(w, l->forced_roots.data, l->forced_roots.size * 4);
  put_u32(w, l->R);
  put_u64(w, l->ref_vecs);
  put(w, l->ref_rows, (size_t)l->nin * l->R * 8);
}

static void write_items(writer *w, const bsyn_learner *l) {
  put_u64(w, l->cur.size);
  for (size_t k = 0; k < l->cur.size; k++) {
    const bsyn_learn_item *it = &l->cur.data[k];
    uint32_t flags = (uint32_t)(it->full != 0) | (uint32_t)(it->data != 0) << 1 |
                     (uint32_t)(it->nomerge != 0) << 2 | (uint32_t)(it->carried != 0) << 3;
    uint32_t h[7] = {it->parent, it->slot, it->output, it->depth, flags, it->path_len, it->sup_len};
    put(w, h, sizeof h);
    put(w, l->cur_path.data + it->path_off, (size_t)it->path_len * 4);
    put(w, l->cur_sup.data + it->sup_off, (size_t)it->sup_len * 4);
    if (it->carried)
      put(w, l->cur_carry.data + it->carry_off, 3 * (size_t)it->sup_len * 4);
  }
}

/* The whole file; total is its length (unknown, and ignored, on the counting pass). */
static void write_all(writer *w, const bsyn_learner *l, uint64_t total) {
  bsyn_ckp_sum_init(&w->sum);
  put(w, BSYN_CKP_MAGIC, 8);
  put_u32(w, BSYN_CKP_VERSION);
  put_u32(w, BSYN_CKP_BOM);
  put_u64(w, total);
  write_identity(w, l);
  write_graph(w, l);
  write_state(w, l);
  write_items(w, l);
  uint64_t sum = bsyn_ckp_sum_final(&w->sum);
  put_raw(w, &sum, 8);
  if (w->fd >= 0 && !w->err)
    flush(w);
}

/* Makes the rename of a file in path's folder durable. 0 or an errno; file systems that
 * cannot sync a folder (EINVAL) count as done. */
static int sync_folder(const char *path) {
  const char *slash = strrchr(path, '/');
  char *dir = bsyn_strdup(slash ? path : ".");
  if (slash)
    dir[slash == path ? 1 : slash - path] = '\0';
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), err = 0;
  free(dir);
  if (fd < 0)
    return errno;
  if (fsync(fd) && errno != EINVAL)
    err = errno;
  close(fd);
  return err;
}

/* Writes the file at tmp (created afresh: a stray one from a killed run is removed first,
 * whatever it is) and syncs it. 0 or an errno. */
static int write_tmp(const bsyn_learner *l, const char *tmp, uint64_t total) {
  if (unlink(tmp) && errno != ENOENT)
    return errno;
  writer w = {0};
  w.fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (w.fd < 0)
    return errno;
  w.buf = bsyn_malloc(BUF_BYTES);
  write_all(&w, l, total);
  if (!w.err && w.total != total)
    bsyn_abort("bsyn_learner_save: wrote %llu bytes of %llu", (unsigned long long)w.total,
               (unsigned long long)total);
  if (!w.err && fsync(w.fd))
    w.err = errno;
  if (close(w.fd) && !w.err)
    w.err = errno;
  free(w.buf);
  return w.err;
}

int bsyn_learner_save(bsyn_learner *l, const char *path, bsyn_diag *d) {
  if (bsyn_ckp_fingerprint(l, d))
    return -1;
  writer count = {-1, 0, 0, 0, {0}, NULL};
  write_all(&count, l, 0);
  size_t n = strlen(path);
  char *tmp = bsyn_malloc(n + 5);
  memcpy(tmp, path, n);
  memcpy(tmp + n, ".tmp", 5);
  int err = write_tmp(l, tmp, count.total), rc = 0;
  if (err) {
    unlink(tmp);
    rc = bsyn_diag_set(d, 0, 0, "expected to write checkpoint %s, found %s", tmp, strerror(err));
  } else if (rename(tmp, path)) {
    err = errno;
    unlink(tmp);
    rc = bsyn_diag_set(d, 0, 0, "expected to rename %s to %s, found %s", tmp, path, strerror(err));
  } else if ((err = sync_folder(path))) {
    rc = bsyn_diag_set(d, 0, 0, "expected to sync the folder of %s, found %s", path, strerror(err));
  }
  free(tmp);
  return rc;
}
