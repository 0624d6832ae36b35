/* Checkpoints: the learner's state between two levels, enough to continue as if never
 * stopped. The state between levels is the graph, the frontier and the counters; node
 * signatures are not stored because they are a pure function of the oracle, the seed and
 * each node's creation path, so resuming recomputes them in one batch and re-inserts them in
 * node order (which rebuilds the signature table exactly).
 *
 * File layout (native byte order, written and read on the same kind of machine):
 *   "BSYNCKP1"  u32 version  u32 len + oracle name  u64 seed
 *   u32 num_inputs, oracle outputs, learned outputs, W, Wc, Ws   u32 outs[learned outputs]
 *   u32 num_nodes  bsyn_bsd_node nodes[num_nodes]  u32 roots[learned outputs]
 *   u32 node_out[num_nodes]  u8 started  bsyn_learn_stats  u64 oracle words so far
 *   u64 n + u32 forced_slots[n]   u64 n + u32 forced_roots[n]
 *   u32 R  u64 ref_vecs  u64 ref_rows[num_inputs * R]
 *   u64 items, then per item: u32 parent slot output depth full(+2*data) nomerge path_len sup_len,
 *                             u32 path[path_len], u32 sup[sup_len]
 *   "BSYNEND1" */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn_internal.h"

enum { CKP_VERSION = 1 };

static int put(FILE *f, const void *p, size_t size) {
  return size == 0 || fwrite(p, size, 1, f) == 1;
}
static int put_u32(FILE *f, uint32_t v) { return put(f, &v, 4); }
static int put_u64(FILE *f, uint64_t v) { return put(f, &v, 8); }

static int write_items(FILE *f, const bsyn_learner *l) {
  int ok = put_u64(f, l->cur.size);
  for (size_t k = 0; ok && k < l->cur.size; k++) {
    const bsyn_learn_item *it = &l->cur.data[k];
    uint32_t h[8] = {
        it->parent,  it->slot,     it->output, it->depth, it->full | (uint32_t)it->data << 1,
        it->nomerge, it->path_len, it->sup_len};
    ok = put(f, h, sizeof h) && put(f, l->cur_path.data + it->path_off, it->path_len * 4) &&
         put(f, l->cur_sup.data + it->sup_off, it->sup_len * 4);
  }
  return ok;
}

int bsyn_learner_save(const bsyn_learner *l, const char *path, bsyn_diag *d) {
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = fopen(tmp, "wb");
  if (!f)
    return bsyn_diag_set(d, 0, 0, "expected a writable checkpoint file %s, found %s", tmp,
                         strerror(errno));
  uint32_t namelen = (uint32_t)strlen(l->o->name);
  const bsyn_bsd *g = l->g;
  uint8_t started = (uint8_t)l->started;
  int ok = put(f, "BSYNCKP1", 8) && put_u32(f, CKP_VERSION) && put_u32(f, namelen) &&
           put(f, l->o->name, namelen) && put_u64(f, l->p.seed) && put_u32(f, l->nin) &&
           put_u32(f, l->o->num_outputs) && put_u32(f, l->nout) && put_u32(f, l->W) &&
           put_u32(f, l->Wc) && put_u32(f, l->Ws) && put(f, l->outs, l->nout * 4) &&
           put_u32(f, g->num_nodes) && put(f, g->nodes, (size_t)g->num_nodes * sizeof *g->nodes) &&
           put(f, l->roots, l->nout * 4);
  for (uint32_t v = 0; ok && v < g->num_nodes; v++)
    ok = put_u32(f, v < l->node_out.size ? l->node_out.data[v] : UINT32_MAX);
  ok = ok && put(f, &started, 1) && put(f, &l->st, sizeof l->st) && put_u64(f, l->pc.words_done) &&
       put_u64(f, l->forced_slots.size) && put(f, l->forced_slots.data, l->forced_slots.size * 4) &&
       put_u64(f, l->forced_roots.size) && put(f, l->forced_roots.data, l->forced_roots.size * 4) &&
       put_u32(f, l->R) && put_u64(f, l->ref_vecs) &&
       put(f, l->ref_rows, (size_t)l->nin * l->R * 8) && write_items(f, l) && put(f, "BSYNEND1", 8);
  if (fclose(f) || !ok) {
    remove(tmp);
    return bsyn_diag_set(d, 0, 0, "expected to write checkpoint %s, found a write error", tmp);
  }
  if (rename(tmp, path))
    return bsyn_diag_set(d, 0, 0, "expected to rename %s to %s, found %s", tmp, path,
                         strerror(errno));
  return 0;
}

/* ---- reading ---- */

typedef struct reader {
  FILE *f;
  bsyn_diag *d;
  int bad;
} reader;

static int get(reader *r, void *p, size_t size) {
  if (r->bad || (size && fread(p, size, 1, r->f) != 1)) {
    if (!r->bad)
      bsyn_diag_set(r->d, 0, 0, "expected more checkpoint data, found the end of the file");
    r->bad = 1;
    return 0;
  }
  return 1;
}

static uint32_t get_u32(reader *r) {
  uint32_t v = 0;
  get(r, &v, 4);
  return v;
}

static uint64_t get_u64(reader *r) {
  uint64_t v = 0;
  get(r, &v, 8);
  return v;
}

static int fail(reader *r, const char *what, uint64_t want, uint64_t found) {
  if (!r->bad)
    bsyn_diag_set(r->d, 0, 0,
                  "expected %s %llu (as this run is set up), found %llu in the checkpoint", what,
                  (unsigned long long)want, (unsigned long long)found);
  r->bad = 1;
  return -1;
}

static int read_header(reader *r, const bsyn_learner *l) {
  char magic[8];
  if (!get(r, magic, 8) || memcmp(magic, "BSYNCKP1", 8)) {
    if (!r->bad)
      bsyn_diag_set(r->d, 0, 0, "expected a bsyn learner checkpoint, found other data");
    r->bad = 1;
    return -1;
  }
  uint32_t v = get_u32(r);
  if (v != CKP_VERSION)
    return fail(r, "checkpoint version", CKP_VERSION, v);
  uint32_t n = get_u32(r);
  char name[1024];
  if (n >= sizeof name || !get(r, name, n))
    return fail(r, "an oracle name shorter than", sizeof name, n);
  name[n] = '\0';
  if (strcmp(name, l->o->name)) {
    bsyn_diag_set(r->d, 0, 0, "expected a checkpoint of oracle %s, found one of %s", l->o->name,
                  name);
    r->bad = 1;
    return -1;
  }
  uint64_t seed = get_u64(r);
  if (seed != l->p.seed)
    return fail(r, "seed", l->p.seed, seed);
  uint32_t want[6] = {l->nin, l->o->num_outputs, l->nout, l->W, l->Wc, l->Ws};
  static const char *const what[6] = {"inputs",          "oracle outputs",     "learned outputs",
                                      "signature words", "confirmation words", "sensitivity words"};
  for (int k = 0; k < 6; k++) {
    uint32_t x = get_u32(r);
    if (x != want[k])
      return fail(r, what[k], want[k], x);
  }
  for (uint32_t k = 0; k < l->nout; k++) {
    uint32_t x = get_u32(r);
    if (x != l->outs[k])
      return fail(r, "learned output", l->outs[k], x);
  }
  return r->bad ? -1 : 0;
}

static int read_graph(reader *r, bsyn_learner *l) {
  uint32_t nn = get_u32(r);
  if (nn == 0 || nn > BSYN_BSD_MAX_NODES)
    return fail(r, "a node count up to", BSYN_BSD_MAX_NODES, nn);
  bsyn_bsd *g = l->g;
  g->cap_nodes = nn + 64;
  g->nodes = bsyn_realloc(g->nodes, (size_t)g->cap_nodes * sizeof *g->nodes);
  if (!get(r, g->nodes, (size_t)nn * sizeof *g->nodes) || !get(r, l->roots, l->nout * 4))
    return -1;
  g->num_nodes = nn;
  l->node_out.size = 0;
  bsyn_vec_reserve(l->node_out, nn);
  uint8_t *open = bsyn_calloc(nn, 1);
  for (uint32_t v = 0; v < nn; v++) {
    uint32_t o = get_u32(r);
    l->node_out.data[l->node_out.size++] = o;
    open[v] = v == 0 || o != UINT32_MAX;
    if (o != UINT32_MAX && o >= l->o->num_outputs)
      fail(r, "a node output below", l->o->num_outputs, o);
    if (v && (g->nodes[v].var >= l->nin ||
              (g->nodes[v].lo != BSYN_EDGE_NONE && bsyn_edge_index(g->nodes[v].lo) >= nn) ||
              (g->nodes[v].hi != BSYN_EDGE_NONE && bsyn_edge_index(g->nodes[v].hi) >= nn)))
      fail(r, "nodes referring below", nn, v);
  }
  if (!r->bad)
    bsyn_bsd_rehash(g, open);
  free(open);
  return r->bad ? -1 : 0;
}

static void read_u32_list(reader *r, bsyn_u32_vec *v) {
  uint64_t n = get_u64(r);
  if (n > ((uint64_t)1 << 32)) {
    fail(r, "a list shorter than", (uint64_t)1 << 32, n);
    return;
  }
  v->size = 0;
  bsyn_vec_reserve(*v, (size_t)n + 1);
  if (get(r, v->data, (size_t)n * 4))
    v->size = (size_t)n;
}

static int read_items(reader *r, bsyn_learner *l) {
  uint64_t n = get_u64(r);
  BSYN_VEC(uint32_t) buf = {0};
  for (uint64_t k = 0; k < n && !r->bad; k++) {
    uint32_t h[8];
    if (!get(r, h, sizeof h))
      break;
    if (h[6] > l->nin || h[7] > l->nin || h[2] >= l->o->num_outputs) {
      fail(r, "an item within the inputs", l->nin, h[6] > h[7] ? h[6] : h[7]);
      break;
    }
    bsyn_vec_reserve(buf, (size_t)h[6] + h[7] + 1);
    if (!get(r, buf.data, ((size_t)h[6] + h[7]) * 4))
      break;
    bsyn_learn_item it = {0};
    it.parent = h[0], it.slot = h[1], it.output = h[2], it.depth = h[3];
    it.full = (uint8_t)(h[4] & 1u), it.data = (uint8_t)(h[4] >> 1 & 1u), it.nomerge = (uint8_t)h[5];
    bsyn_learn_push_item(l, it, buf.data, h[6], UINT32_MAX, buf.data + h[6], h[7]);
  }
  bsyn_vec_free(buf);
  return r->bad ? -1 : 0;
}

bsyn_learner *bsyn_learner_resume(bsyn_oracle *o, const bsyn_learn_params *p, const char *path,
                                  bsyn_diag *d) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    bsyn_diag_set(d, 0, 0, "expected a readable checkpoint, found %s", strerror(errno));
    return NULL;
  }
  bsyn_learner *l = bsyn_learner_new(o, p);
  reader r = {f, d, 0};
  uint8_t started = 0;
  if (!read_header(&r, l) && !read_graph(&r, l)) {
    get(&r, &started, 1);
    get(&r, &l->st, sizeof l->st);
    l->pc.words_done = get_u64(&r);
    read_u32_list(&r, &l->forced_slots);
    read_u32_list(&r, &l->forced_roots);
    uint32_t R = get_u32(&r);
    l->ref_vecs = (size_t)get_u64(&r);
    if (R > 256 || l->ref_vecs > (size_t)R * 64)
      fail(&r, "refinement words up to", 256, R);
    l->R = r.bad ? 0 : R;
    l->ref_rows = bsyn_calloc((size_t)l->nin * l->R + 1, 8);
    get(&r, l->ref_rows, (size_t)l->nin * l->R * 8);
    l->pc.ref_rows = l->ref_rows;
    l->pc.ref_words = l->R;
    read_items(&r, l);
    char end[8];
    if (get(&r, end, 8) && memcmp(end, "BSYNEND1", 8)) {
      bsyn_diag_set(d, 0, 0, "expected the checkpoint's end mark, found other data");
      r.bad = 1;
    }
  }
  fclose(f);
  if (!r.bad) {
    l->started = started;
    bsyn_learn_swap_levels(l);
    if (bsyn_learn_rehash_nodes(l, d))
      r.bad = 1;
  }
  if (r.bad) {
    bsyn_learner_free(l);
    return NULL;
  }
  return l;
}
