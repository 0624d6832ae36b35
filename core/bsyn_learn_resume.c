/* Reading a checkpoint back (the layout is in bsyn_learn_checkpoint.c). The file is loaded
 * whole, its frame and checksum are checked before anything else, and the state is then
 * read through a bounded cursor: every count is checked against the bytes that are left
 * before anything is allocated from it, and every index against the counts it refers to,
 * so that neither a damaged file (which the checksum stops first) nor a crafted one with a
 * valid checksum reaches the learner with a value it could trip on. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bsyn_learn_internal.h"

/* bsyn_learn_refine.c keeps at most 16,384 refinement vectors: 256 words. */
enum { MAX_REF_WORDS = 256, MAX_NAME = 4096, ITEM_HEAD = 7 };

typedef struct cursor {
  const uint8_t *p;
  size_t left;
  bsyn_diag *d;
  int bad;
} cursor;

/* Records the first error (later ones follow from it); returns -1. */
BSYN_PRINTF(2, 3) static int fail(cursor *c, const char *fmt, ...) {
  if (!c->bad) {
    char msg[sizeof c->d->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bsyn_diag_set(c->d, 0, 0, "%s", msg);
  }
  c->bad = 1;
  return -1;
}

static const uint8_t *take(cursor *c, size_t n, const char *what) {
  if (c->bad)
    return NULL;
  if (n > c->left) {
    fail(c, "expected %zu bytes of %s, found %zu before the checksum", n, what, c->left);
    return NULL;
  }
  const uint8_t *p = c->p;
  c->p += n;
  c->left -= n;
  return p;
}

static uint32_t take_u32(cursor *c, const char *what) {
  uint32_t v = 0;
  const uint8_t *p = take(c, 4, what);
  if (p)
    memcpy(&v, p, 4);
  return v;
}

static uint64_t take_u64(cursor *c, const char *what) {
  uint64_t v = 0;
  const uint8_t *p = take(c, 8, what);
  if (p)
    memcpy(&v, p, 8);
  return v;
}

/* count entries of elem bytes: the count must fit in the bytes that are left. */
static const uint8_t *take_array(cursor *c, uint64_t count, size_t elem, const char *what) {
  if (!c->bad && count > c->left / elem) {
    fail(c, "expected at most %zu %s (what the file holds), found a count of %llu", c->left / elem,
         what, (unsigned long long)count);
    return NULL;
  }
  return take(c, (size_t)count * elem, what);
}

static uint32_t u32_at(const uint8_t *p, size_t k) {
  uint32_t v;
  memcpy(&v, p + 4 * k, 4);
  return v;
}

/* ---- the file and its frame ---- */

static uint8_t *load(const char *path, size_t *len, bsyn_diag *d) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    bsyn_diag_set(d, 0, 0, "expected a readable checkpoint, found %s", strerror(errno));
    return NULL;
  }
  struct stat sb;
  uint8_t *buf = NULL;
  if (fstat(fd, &sb)) {
    bsyn_diag_set(d, 0, 0, "expected a readable checkpoint, found %s", strerror(errno));
  } else if (!S_ISREG(sb.st_mode)) {
    bsyn_diag_set(d, 0, 0, "expected a checkpoint file, found %s",
                  S_ISDIR(sb.st_mode) ? "a folder" : "something other than a plain file");
  } else if (!(buf = malloc((size_t)sb.st_size + 1))) {
    bsyn_diag_set(d, 0, 0, "expected memory for a checkpoint of %lld bytes, found none",
                  (long long)sb.st_size);
  } else {
    size_t n = 0, want = (size_t)sb.st_size;
    ssize_t k = 1;
    while (n < want && (k = read(fd, buf + n, want - n)) != 0)
      if (k > 0)
        n += (size_t)k;
      else if (errno != EINTR)
        break;
    *len = n;
    if (k < 0) {
      bsyn_diag_set(d, 0, 0, "expected a readable checkpoint, found %s", strerror(errno));
      free(buf);
      buf = NULL;
    }
  }
  close(fd);
  return buf;
}

static int check_frame(const uint8_t *b, size_t len, bsyn_diag *d) {
  if (len >= 8 && !memcmp(b, "BSYNCKP1", 8))
    return bsyn_diag_set(d, 0, 0,
                         "expected checkpoint format %d, found format 1 (an older "
                         "bsyn's; start the run again)",
                         BSYN_CKP_VERSION);
  if (memcmp(b, BSYN_CKP_MAGIC, len < 8 ? len : 8)) /* a cut magic is a truncated file */
    return bsyn_diag_set(d, 0, 0, "expected a bsyn learner checkpoint, found other data");
  if (len < BSYN_CKP_HEAD + 8)
    return bsyn_diag_set(d, 0, 0,
                         "expected a checkpoint of at least %d bytes, found %zu: the "
                         "file is truncated",
                         BSYN_CKP_HEAD + 8, len);
  uint32_t version, bom;
  uint64_t total, stored;
  memcpy(&version, b + 8, 4);
  memcpy(&bom, b + 12, 4);
  memcpy(&total, b + 16, 8);
  if (bom == __builtin_bswap32(BSYN_CKP_BOM))
    return bsyn_diag_set(d, 0, 0,
                         "expected a checkpoint in this machine's byte order, found "
                         "the other byte order");
  if (version != BSYN_CKP_VERSION)
    return bsyn_diag_set(d, 0, 0, "expected checkpoint format %d, found format %u",
                         BSYN_CKP_VERSION, version);
  if (total != len)
    return bsyn_diag_set(d, 0, 0,
                         "expected %llu bytes (the length the checkpoint's header "
                         "gives), found %zu: the file is truncated or damaged",
                         (unsigned long long)total, len);
  memcpy(&stored, b + len - 8, 8);
  uint64_t sum = bsyn_ckp_checksum(b, len - 8);
  if (sum != stored)
    return bsyn_diag_set(d, 0, 0,
                         "expected checksum %016llx, found %016llx: the checkpoint is "
                         "damaged",
                         (unsigned long long)sum, (unsigned long long)stored);
  if (bom != BSYN_CKP_BOM)
    return bsyn_diag_set(d, 0, 0, "expected byte-order mark %08x, found %08x", BSYN_CKP_BOM, bom);
  return 0;
}

/* ---- identity: oracle and options ---- */

/* name (n bytes from a file) with anything unprintable shown as '?'. */
static void printable(const uint8_t *name, size_t n, char *buf, size_t size) {
  size_t k = 0;
  for (; k < n && k + 1 < size; k++)
    buf[k] = name[k] >= 0x20 && name[k] < 0x7f ? (char)name[k] : '?';
  buf[k] = '\0';
}

static int read_oracle(cursor *c, bsyn_learner *l) {
  uint32_t n = take_u32(c, "the oracle name's length");
  if (!c->bad && n > MAX_NAME)
    return fail(c, "expected an oracle name of at most %d bytes, found %u", MAX_NAME, n);
  const uint8_t *name = take(c, n, "the oracle name");
  if (!name)
    return -1;
  if (strlen(l->o->name) != n || memcmp(name, l->o->name, n)) {
    char shown[256];
    printable(name, n, shown, sizeof shown);
    return fail(c, "expected a checkpoint of oracle %s, found one of %s", l->o->name, shown);
  }
  uint32_t nin = take_u32(c, "the input count"), nout = take_u32(c, "the output count");
  uint64_t answers = take_u64(c, "the oracle's fingerprint");
  if (!c->bad && (nin != l->nin || nout != l->o->num_outputs))
    return fail(c,
                "expected oracle %s with %u inputs and %u outputs, found %u and %u in the "
                "checkpoint",
                l->o->name, l->nin, l->o->num_outputs, nin, nout);
  if (c->bad)
    return -1;
  if (bsyn_ckp_fingerprint(l, c->d)) {
    c->bad = 1;
    return -1;
  }
  if (answers != l->ckp_answers)
    return fail(c,
                "expected the oracle the checkpoint was written with, found %s answering "
                "differently (was the file behind it changed?)",
                l->o->name);
  return 0;
}

static int read_options(cursor *c, const bsyn_learner *l) {
  uint32_t n = take_u32(c, "the option count");
  if (!c->bad && n != BSYN_CKP_OPT_COUNT)
    return fail(c, "expected %d options, found %u", BSYN_CKP_OPT_COUNT, n);
  const uint8_t *p = take_array(c, n, 8, "options");
  uint64_t hash = take_u64(c, "the options' hash");
  if (c->bad)
    return -1;
  uint64_t was[BSYN_CKP_OPT_COUNT], now[BSYN_CKP_OPT_COUNT];
  memcpy(was, p, sizeof was);
  if (bsyn_ckp_options_hash(was) != hash)
    return fail(c, "expected the options' hash %016llx, found %016llx",
                (unsigned long long)bsyn_ckp_options_hash(was), (unsigned long long)hash);
  bsyn_ckp_options(l, now);
  if (bsyn_ckp_options_hash(now) == hash)
    return 0;
  for (unsigned k = 0; k < BSYN_CKP_OPT_COUNT; k++)
    if (was[k] != now[k]) {
      char a[128], b[128];
      bsyn_ckp_describe(k, was[k], a, sizeof a);
      bsyn_ckp_describe(k, now[k], b, sizeof b);
      if (!strcmp(a, b)) /* a list or a sampler: only its name can be shown */
        return fail(c,
                    "expected the options the checkpoint was written with (%s), found "
                    "different ones",
                    a);
      return fail(c,
                  "expected the options the checkpoint was written with (%s), found "
                  "different ones (%s)",
                  a, b);
    }
  return 0;
}

/* ---- the graph ---- */

/* A learner node (made by expanding an item): its output is one of the learned ones, its
 * creating edge comes from an earlier learner node (so the walk up terminates), its filled
 * children are in range. */
static int check_open(cursor *c, const bsyn_learner *l, uint32_t v, const uint8_t *learned) {
  const bsyn_bsd_node *nd = &l->g->nodes[v];
  uint32_t nn = l->g->num_nodes, o = l->node_out.data[v], a = nd->aux;
  if (o >= l->o->num_outputs || !learned[o])
    return fail(c, "expected node %u's output to be a learned one, found output %u", v, o);
  if (nd->var >= l->nin)
    return fail(c, "expected node %u's input below %u, found %u", v, l->nin, nd->var);
  if (a != BSYN_BSD_ROOT_AUX &&
      (a >> 1 == 0 || a >> 1 >= v || l->node_out.data[a >> 1] == UINT32_MAX))
    return fail(c, "expected node %u's parent to be an earlier learned node, found %u", v, a >> 1);
  bsyn_edge kids[2] = {nd->lo, nd->hi};
  for (int b = 0; b < 2; b++)
    if (kids[b] != BSYN_EDGE_NONE && bsyn_edge_index(kids[b]) >= nn)
      return fail(c, "expected node %u's children below node %u, found edge %u", v, nn, kids[b]);
  return 0;
}

/* The only canonical nodes the learner makes are literal leaves, one per input at most. */
static int check_literal(cursor *c, const bsyn_learner *l, uint32_t v, uint8_t *seen) {
  const bsyn_bsd_node *nd = &l->g->nodes[v];
  if (nd->var >= l->nin || nd->lo != BSYN_EDGE_TRUE || nd->hi != BSYN_EDGE_FALSE || nd->aux ||
      seen[nd->var])
    return fail(c,
                "expected node %u to be a literal leaf of an input not seen before, found "
                "input %u, edges %u and %u",
                v, nd->var, nd->lo, nd->hi);
  seen[nd->var] = 1;
  return 0;
}

static int check_nodes(cursor *c, const bsyn_learner *l) {
  const bsyn_bsd_node *z = &l->g->nodes[0];
  if (z->var != BSYN_BSD_NO_VAR || z->lo != BSYN_EDGE_FALSE || z->hi != BSYN_EDGE_FALSE || z->aux ||
      l->node_out.data[0] != UINT32_MAX)
    return fail(c, "expected node 0 to be the constant, found input %u", z->var);
  uint8_t *learned = bsyn_calloc(l->o->num_outputs + 1, 1), *seen = bsyn_calloc(l->nin + 1, 1);
  for (uint32_t r = 0; r < l->nout; r++)
    learned[l->outs[r]] = 1;
  for (uint32_t v = 1; v < l->g->num_nodes && !c->bad; v++) {
    if (l->node_out.data[v] == UINT32_MAX)
      check_literal(c, l, v, seen);
    else
      check_open(c, l, v, learned);
  }
  free(learned);
  free(seen);
  return c->bad ? -1 : 0;
}

static int read_graph(cursor *c, bsyn_learner *l) {
  uint32_t nout = take_u32(c, "the learned output count");
  if (!c->bad && nout != l->nout)
    return fail(c, "expected %u learned outputs, found %u", l->nout, nout);
  uint32_t nn = take_u32(c, "the node count");
  if (!c->bad && (nn == 0 || nn > BSYN_BSD_MAX_NODES))
    return fail(c, "expected 1 to %u nodes, found %u", BSYN_BSD_MAX_NODES, nn);
  const uint8_t *nodes = take_array(c, nn, 16, "nodes");
  const uint8_t *outs = take_array(c, nn, 4, "node outputs");
  const uint8_t *roots = take_array(c, l->nout, 4, "roots");
  if (c->bad)
    return -1;
  bsyn_bsd *g = l->g;
  g->cap_nodes = nn + 64;
  g->nodes = bsyn_realloc(g->nodes, (size_t)g->cap_nodes * sizeof *g->nodes);
  l->node_out.size = 0;
  bsyn_vec_reserve(l->node_out, nn);
  for (uint32_t v = 0; v < nn; v++) {
    const uint8_t *f = nodes + (size_t)16 * v;
    g->nodes[v] = (bsyn_bsd_node){u32_at(f, 0), u32_at(f, 1), u32_at(f, 2), u32_at(f, 3)};
    l->node_out.data[v] = u32_at(outs, v);
  }
  g->num_nodes = nn;
  l->node_out.size = nn;
  for (uint32_t r = 0; r < l->nout; r++) {
    l->roots[r] = u32_at(roots, r);
    if (l->roots[r] != BSYN_EDGE_NONE && bsyn_edge_index(l->roots[r]) >= nn)
      return fail(c, "expected root %u below node %u, found edge %u", r, nn, l->roots[r]);
  }
  if (check_nodes(c, l))
    return -1;
  uint8_t *open = bsyn_calloc(nn, 1);
  for (uint32_t v = 0; v < nn; v++)
    open[v] = v == 0 || l->node_out.data[v] != UINT32_MAX;
  bsyn_bsd_rehash(g, open); /* the literal leaves, checked to be canonical and distinct */
  free(open);
  return 0;
}

/* ---- the state between levels ---- */

static int read_forced(cursor *c, bsyn_learner *l, bsyn_u32_vec *v, int roots) {
  uint64_t n = take_u64(c, "a forced-leaf count");
  const uint8_t *p = take_array(c, n, 4, "forced leaves");
  if (!p)
    return -1;
  v->size = 0;
  bsyn_vec_reserve(*v, (size_t)n + 1);
  for (size_t k = 0; k < n; k++) {
    uint32_t s = u32_at(p, k), node = s >> 1;
    if (roots ? s >= l->nout
              : node == 0 || node >= l->g->num_nodes || l->node_out.data[node] == UINT32_MAX)
      return fail(c, "expected forced leaves in %s, found %u",
                  roots ? "learned outputs" : "learned nodes' branches", s);
    v->data[v->size++] = s;
  }
  return 0;
}

static int read_refinement(cursor *c, bsyn_learner *l) {
  uint32_t R = take_u32(c, "the refinement word count");
  uint64_t vecs = take_u64(c, "the refinement vector count");
  if (!c->bad && (R > MAX_REF_WORDS || vecs > 64ull * R || (R && vecs <= 64ull * (R - 1))))
    return fail(c,
                "expected up to %d refinement words holding the vectors, found %u words "
                "for %llu vectors",
                MAX_REF_WORDS, R, (unsigned long long)vecs);
  const uint8_t *rows = take_array(c, (uint64_t)l->nin * R, 8, "refinement rows");
  if (!rows)
    return -1;
  l->R = R;
  l->ref_vecs = (size_t)vecs;
  l->ref_rows = bsyn_calloc((size_t)l->nin * R + 1, 8);
  memcpy(l->ref_rows, rows, (size_t)l->nin * R * 8);
  l->pc.ref_rows = l->ref_rows;
  l->pc.ref_words = R;
  return 0;
}

static int read_state(cursor *c, bsyn_learner *l) {
  uint32_t started = take_u32(c, "the started flag");
  const uint8_t *st = take_array(c, BSYN_CKP_STAT_WORDS, 8, "statistics");
  l->pc.words_done = take_u64(c, "the oracle word count");
  if (c->bad)
    return -1;
  uint64_t w[BSYN_CKP_STAT_WORDS];
  memcpy(w, st, sizeof w);
  if (started > 1 || bsyn_ckp_stats_decode(w, &l->st))
    return fail(c, "expected statistics a run can produce, found others");
  l->started = (int)started;
  if (read_forced(c, l, &l->forced_slots, 0) || read_forced(c, l, &l->forced_roots, 1))
    return -1;
  return read_refinement(c, l);
}

/* ---- the frontier ---- */

/* An item's slot is a learned output (a root) or a branch of a learner node; its output
 * is that slot's, its path and live support are distinct inputs, apart from each other. */
static int check_item(cursor *c, const bsyn_learner *l, const uint32_t *h, const uint8_t *path,
                      const uint8_t *sup, uint8_t *mark) {
  uint32_t parent = h[0], slot = h[1], out = h[2];
  int root = parent == BSYN_BSD_ROOT_AUX;
  if (root
          ? slot >= l->nout || out != l->outs[slot]
          : parent == 0 || parent >= l->g->num_nodes || slot > 1 || out != l->node_out.data[parent])
    return fail(c,
                "expected an item below a learned output or node, found parent %u, slot "
                "%u, output %u",
                parent, slot, out);
  if (h[4] > 15)
    return fail(c, "expected item flags up to 15, found %u", h[4]);
  int ok = 1;
  for (uint32_t k = 0; k < h[5]; k++) {
    uint32_t var = u32_at(path, k) >> 1;
    ok = ok && var < l->nin && !mark[var];
    if (ok)
      mark[var] = 1;
  }
  for (uint32_t k = 0; k < h[6]; k++) {
    uint32_t var = u32_at(sup, k);
    ok = ok && var < l->nin && !mark[var];
    if (ok)
      mark[var] = 2;
  }
  for (uint32_t k = 0; k < h[5] && u32_at(path, k) >> 1 < l->nin; k++)
    mark[u32_at(path, k) >> 1] = 0;
  for (uint32_t k = 0; k < h[6] && u32_at(sup, k) < l->nin; k++)
    mark[u32_at(sup, k)] = 0;
  if (!ok)
    return fail(c,
                "expected an item's path and support to be distinct inputs below %u, found "
                "others",
                l->nin);
  return 0;
}

static int read_item(cursor *c, bsyn_learner *l, uint8_t *mark) {
  const uint8_t *hp = take(c, 4 * ITEM_HEAD, "an item");
  if (!hp)
    return -1;
  uint32_t h[ITEM_HEAD];
  memcpy(h, hp, sizeof h);
  if (h[5] > l->nin || h[6] > l->nin)
    return fail(c, "expected an item's path and support within %u inputs, found %u and %u", l->nin,
                h[5], h[6]);
  const uint8_t *path = take_array(c, h[5], 4, "path entries");
  const uint8_t *sup = take_array(c, h[6], 4, "support entries");
  const uint8_t *carry = h[4] & 8u ? take_array(c, 3ull * h[6], 4, "carried counts") : NULL;
  if (c->bad || check_item(c, l, h, path, sup, mark))
    return -1;
  bsyn_learn_item it = {0};
  it.parent = h[0], it.slot = h[1], it.output = h[2], it.depth = h[3];
  it.full = h[4] & 1u, it.data = h[4] >> 1 & 1u, it.nomerge = h[4] >> 2 & 1u;
  if (carry) {
    it.carried = 1;
    it.carry_off = l->next_carry.size;
    bsyn_vec_reserve(l->next_carry, l->next_carry.size + 3 * (size_t)h[6] + 1);
    memcpy(l->next_carry.data + it.carry_off, carry, 3 * (size_t)h[6] * 4);
    l->next_carry.size += 3 * (size_t)h[6];
  }
  uint32_t *buf = bsyn_malloc(((size_t)h[5] + h[6] + 1) * 4);
  memcpy(buf, path, (size_t)h[5] * 4);
  memcpy(buf + h[5], sup, (size_t)h[6] * 4);
  bsyn_learn_push_item(l, it, buf, h[5], UINT32_MAX, buf + h[5], h[6]);
  free(buf);
  return 0;
}

static int read_items(cursor *c, bsyn_learner *l) {
  uint64_t n = take_u64(c, "the item count");
  if (!c->bad && n > c->left / (4 * ITEM_HEAD))
    return fail(c, "expected at most %zu items (what the file holds), found %llu",
                c->left / (4 * ITEM_HEAD), (unsigned long long)n);
  uint8_t *mark = bsyn_calloc(l->nin + 1, 1);
  for (uint64_t k = 0; k < n && !c->bad; k++)
    read_item(c, l, mark);
  free(mark);
  return c->bad ? -1 : 0;
}

/* ---- whole-graph checks ---- */

/* Every open slot (a root or a learner node's branch not filled yet) has an item that
 * will fill it, else the finished diagram would keep a hole. */
static int check_cover(cursor *c, const bsyn_learner *l) {
  uint32_t nn = l->g->num_nodes;
  uint8_t *cover = bsyn_calloc(2 * (size_t)nn + l->nout + 1, 1);
  for (size_t k = 0; k < l->next.size; k++) {
    const bsyn_learn_item *it = &l->next.data[k];
    cover[it->parent == BSYN_BSD_ROOT_AUX ? 2 * (size_t)nn + it->slot
                                          : 2 * (size_t)it->parent + it->slot] = 1;
  }
  for (uint32_t r = 0; r < l->nout && !c->bad; r++)
    if (l->roots[r] == BSYN_EDGE_NONE && !cover[2 * (size_t)nn + r])
      fail(c, "expected an item for every open slot, found output %u open without one", r);
  for (uint32_t v = 1; v < nn && !c->bad; v++)
    for (unsigned b = 0; b < 2 && !c->bad; b++)
      if ((b ? l->g->nodes[v].hi : l->g->nodes[v].lo) == BSYN_EDGE_NONE && !cover[2 * v + b])
        fail(c,
             "expected an item for every open slot, found node %u's %s branch open without "
             "one",
             v, b ? "high" : "low");
  free(cover);
  return c->bad ? -1 : 0;
}

/* No filled child edge leads back to a node above it (a depth-first search). */
static int check_acyclic(cursor *c, const bsyn_bsd *g) {
  uint32_t nn = g->num_nodes, sp = 0;
  uint8_t *color = bsyn_calloc(nn, 1), *next = bsyn_calloc(nn, 1);
  uint32_t *stack = bsyn_malloc((size_t)nn * sizeof *stack);
  for (uint32_t s = 1; s < nn && !c->bad; s++) {
    if (color[s])
      continue;
    color[s] = 1;
    stack[sp++] = s;
    while (sp && !c->bad) {
      uint32_t v = stack[sp - 1];
      if (next[v] == 2) {
        color[v] = 2;
        sp--;
        continue;
      }
      bsyn_edge e = next[v]++ ? g->nodes[v].hi : g->nodes[v].lo;
      uint32_t u = bsyn_edge_index(e);
      if (e == BSYN_EDGE_NONE || u == 0 || color[u] == 2)
        continue;
      if (color[u] == 1) {
        fail(c, "expected a diagram without cycles, found one through node %u", u);
        break;
      }
      color[u] = 1;
      stack[sp++] = u;
    }
  }
  free(color);
  free(next);
  free(stack);
  return c->bad ? -1 : 0;
}

static int check_graph(cursor *c, const bsyn_learner *l) {
  if (!l->started) /* saved before the first level: nothing may have been learned */
    return l->g->num_nodes == 1 && l->next.size == 0
               ? 0
               : fail(c, "expected an empty diagram before the first level, found %u nodes",
                      l->g->num_nodes);
  return check_cover(c, l) || check_acyclic(c, l->g) ? -1 : 0;
}

static int read_body(cursor *c, bsyn_learner *l) {
  if (read_oracle(c, l) || read_options(c, l) || read_graph(c, l) || read_state(c, l) ||
      read_items(c, l))
    return -1;
  if (c->left)
    return fail(c, "expected the checksum after the last item, found %zu more bytes", c->left);
  return check_graph(c, l);
}

bsyn_learner *bsyn_learner_resume(bsyn_oracle *o, const bsyn_learn_params *p, const char *path,
                                  bsyn_diag *d) {
  size_t len = 0;
  uint8_t *buf = load(path, &len, d);
  if (!buf)
    return NULL;
  if (check_frame(buf, len, d)) {
    free(buf);
    return NULL;
  }
  bsyn_learner *l = bsyn_learner_new(o, p);
  cursor c = {buf + BSYN_CKP_HEAD, len - BSYN_CKP_HEAD - 8, d, 0};
  int rc = read_body(&c, l);
  free(buf);
  if (!rc) {
    bsyn_learn_swap_levels(l);
    rc = bsyn_learn_rehash_nodes(l, d);
  }
  if (rc) {
    bsyn_learner_free(l);
    return NULL;
  }
  return l;
}
