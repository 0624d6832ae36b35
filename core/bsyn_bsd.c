/* The BSD node store: canonical nodes through one unique table, open nodes for the learner,
 * topological order, reduction and bit-sliced evaluation. */
#include "bsyn_bsd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_out.h"

bsyn_bsd *bsyn_bsd_new(uint32_t num_inputs) {
  bsyn_bsd *bsd = bsyn_calloc(1, sizeof *bsd);
  bsd->num_inputs = num_inputs;
  bsd->cap_nodes = 64;
  bsd->nodes = bsyn_malloc(bsd->cap_nodes * sizeof *bsd->nodes);
  bsd->nodes[0] = (bsyn_bsd_node){BSYN_BSD_NO_VAR, BSYN_EDGE_FALSE, BSYN_EDGE_FALSE, 0};
  bsd->num_nodes = 1;
  bsd->table_cap = 64;
  bsd->table = bsyn_calloc(bsd->table_cap, sizeof *bsd->table);
  return bsd;
}

void bsyn_bsd_free(bsyn_bsd *bsd) {
  if (!bsd)
    return;
  free(bsd->nodes);
  free(bsd->table);
  free(bsd);
}

static uint32_t node_hash(uint32_t var, bsyn_edge lo, bsyn_edge hi) {
  uint64_t k = ((uint64_t)var << 32) ^ ((uint64_t)lo << 16) ^ hi;
  return (uint32_t)bsyn_mix64(k ^ ((uint64_t)hi << 40));
}

static uint32_t new_node(bsyn_bsd *bsd, uint32_t var, bsyn_edge lo, bsyn_edge hi, uint32_t aux) {
  if (bsd->num_nodes >= BSYN_BSD_MAX_NODES)
    bsyn_abort("bsyn_bsd: more than %u nodes", BSYN_BSD_MAX_NODES);
  if (bsd->num_nodes == bsd->cap_nodes) {
    bsd->cap_nodes *= 2;
    bsd->nodes = bsyn_realloc(bsd->nodes, (size_t)bsd->cap_nodes * sizeof *bsd->nodes);
  }
  bsd->nodes[bsd->num_nodes] = (bsyn_bsd_node){var, lo, hi, aux};
  return bsd->num_nodes++;
}

static void table_insert(uint32_t *table, uint32_t cap, const bsyn_bsd_node *nodes, uint32_t idx) {
  const bsyn_bsd_node *n = &nodes[idx];
  uint32_t h = node_hash(n->var, n->lo, n->hi) & (cap - 1);
  while (table[h])
    h = (h + 1) & (cap - 1);
  table[h] = idx;
}

static void table_grow(bsyn_bsd *bsd) {
  uint32_t cap = bsd->table_cap * 2;
  uint32_t *t = bsyn_calloc(cap, sizeof *t);
  for (uint32_t i = 0; i < bsd->table_cap; i++)
    if (bsd->table[i])
      table_insert(t, cap, bsd->nodes, bsd->table[i]);
  free(bsd->table);
  bsd->table = t;
  bsd->table_cap = cap;
}

static void check_edge(const bsyn_bsd *bsd, bsyn_edge e, const char *what) {
  if (e == BSYN_EDGE_NONE || bsyn_edge_index(e) >= bsd->num_nodes)
    bsyn_abort("bsyn_bsd: %s edge %u out of range (%u nodes)", what, e, bsd->num_nodes);
}

bsyn_edge bsyn_bsd_make(bsyn_bsd *bsd, uint32_t var, bsyn_edge lo, bsyn_edge hi) {
  if (var >= bsd->num_inputs)
    bsyn_abort("bsyn_bsd_make: var %u out of range (%u inputs)", var, bsd->num_inputs);
  check_edge(bsd, lo, "lo");
  check_edge(bsd, hi, "hi");
  if (lo == hi)
    return lo;
  unsigned c = bsyn_edge_sign(hi); /* complement rule: the stored hi edge is regular */
  lo ^= c;
  hi ^= c;
  uint32_t mask = bsd->table_cap - 1;
  for (uint32_t h = node_hash(var, lo, hi) & mask;; h = (h + 1) & mask) {
    uint32_t idx = bsd->table[h];
    if (!idx)
      break;
    const bsyn_bsd_node *n = &bsd->nodes[idx];
    if (n->var == var && n->lo == lo && n->hi == hi)
      return bsyn_edge_make(idx, c);
  }
  uint32_t idx = new_node(bsd, var, lo, hi, 0);
  if (2 * (bsd->table_used + 1) > bsd->table_cap)
    table_grow(bsd);
  table_insert(bsd->table, bsd->table_cap, bsd->nodes, idx);
  bsd->table_used++;
  return bsyn_edge_make(idx, c);
}

bsyn_edge bsyn_bsd_literal(bsyn_bsd *bsd, uint32_t var, unsigned neg) {
  return bsyn_bsd_make(bsd, var, BSYN_EDGE_FALSE ^ (neg & 1u), BSYN_EDGE_TRUE ^ (neg & 1u));
}

void bsyn_bsd_rehash(bsyn_bsd *bsd, const uint8_t *open) {
  uint32_t n = 0;
  for (uint32_t v = 1; v < bsd->num_nodes; v++)
    n += !open[v];
  uint32_t cap = 64;
  while (cap < 2 * (n + 1))
    cap *= 2;
  free(bsd->table);
  bsd->table = bsyn_calloc(cap, sizeof *bsd->table);
  bsd->table_cap = cap;
  bsd->table_used = 0;
  for (uint32_t v = 1; v < bsd->num_nodes; v++) {
    if (open[v])
      continue;
    const bsyn_bsd_node *nd = &bsd->nodes[v];
    if (nd->var >= bsd->num_inputs || bsyn_edge_sign(nd->hi))
      bsyn_abort("bsyn_bsd_rehash: node %u is not canonical", v);
    uint32_t mask = cap - 1, h = node_hash(nd->var, nd->lo, nd->hi) & mask;
    for (; bsd->table[h]; h = (h + 1) & mask) {
      const bsyn_bsd_node *o = &bsd->nodes[bsd->table[h]];
      if (o->var == nd->var && o->lo == nd->lo && o->hi == nd->hi)
        bsyn_abort("bsyn_bsd_rehash: nodes %u and %u are equal", bsd->table[h], v);
    }
    bsd->table[h] = v;
    bsd->table_used++;
  }
}

uint32_t bsyn_bsd_add_open(bsyn_bsd *bsd, uint32_t var, uint32_t aux) {
  if (var >= bsd->num_inputs)
    bsyn_abort("bsyn_bsd_add_open: var %u out of range (%u inputs)", var, bsd->num_inputs);
  return new_node(bsd, var, BSYN_EDGE_NONE, BSYN_EDGE_NONE, aux);
}

void bsyn_bsd_set_child(bsyn_bsd *bsd, uint32_t node, unsigned branch, bsyn_edge e) {
  if (node == 0 || node >= bsd->num_nodes)
    bsyn_abort("bsyn_bsd_set_child: node %u out of range", node);
  check_edge(bsd, e, "child");
  if (branch)
    bsd->nodes[node].hi = e;
  else
    bsd->nodes[node].lo = e;
}

/* Iterative post-order DFS (paths can be thousands of nodes deep). mark: 0 new, 1 on the
 * stack, 2 done. */
uint32_t bsyn_bsd_topo(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n, uint32_t *order) {
  uint8_t *mark = bsyn_calloc(bsd->num_nodes, 1);
  uint32_t *stack = bsyn_malloc((size_t)bsd->num_nodes * sizeof *stack);
  uint32_t count = 0;
  for (uint32_t r = 0; r < n; r++) {
    check_edge(bsd, roots[r], "root");
    uint32_t top = 0;
    uint32_t root = bsyn_edge_index(roots[r]);
    if (root == 0 || mark[root])
      continue;
    stack[top++] = root;
    mark[root] = 1;
    while (top) {
      uint32_t v = stack[top - 1];
      const bsyn_bsd_node *nd = &bsd->nodes[v];
      bsyn_edge kids[2] = {nd->lo, nd->hi};
      int pushed = 0;
      for (int k = 0; k < 2 && !pushed; k++) {
        check_edge(bsd, kids[k], "child");
        uint32_t c = bsyn_edge_index(kids[k]);
        if (c == 0 || mark[c] == 2)
          continue;
        if (mark[c] == 1)
          bsyn_abort("bsyn_bsd_topo: cycle through node %u", c);
        mark[c] = 1;
        stack[top++] = c;
        pushed = 1;
      }
      if (!pushed) {
        mark[v] = 2;
        order[count++] = v;
        top--;
      }
    }
  }
  free(stack);
  free(mark);
  return count;
}

uint32_t bsyn_bsd_count(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n) {
  uint32_t *order = bsyn_malloc((size_t)bsd->num_nodes * sizeof *order);
  uint32_t count = bsyn_bsd_topo(bsd, roots, n, order);
  free(order);
  return count;
}

bsyn_bsd *bsyn_bsd_reduce(const bsyn_bsd *src, const bsyn_edge *roots, uint32_t n,
                          bsyn_edge *new_roots) {
  uint32_t *order = bsyn_malloc((size_t)src->num_nodes * sizeof *order);
  uint32_t count = bsyn_bsd_topo(src, roots, n, order);
  bsyn_edge *map = bsyn_malloc((size_t)src->num_nodes * sizeof *map);
  map[0] = BSYN_EDGE_FALSE;
  bsyn_bsd *dst = bsyn_bsd_new(src->num_inputs);
  for (uint32_t k = 0; k < count; k++) {
    const bsyn_bsd_node *nd = &src->nodes[order[k]];
    bsyn_edge lo = map[bsyn_edge_index(nd->lo)] ^ bsyn_edge_sign(nd->lo);
    bsyn_edge hi = map[bsyn_edge_index(nd->hi)] ^ bsyn_edge_sign(nd->hi);
    map[order[k]] = bsyn_bsd_make(dst, nd->var, lo, hi);
  }
  for (uint32_t r = 0; r < n; r++)
    new_roots[r] = map[bsyn_edge_index(roots[r])] ^ bsyn_edge_sign(roots[r]);
  free(map);
  free(order);
  return dst;
}

/* BSD_EVAL_BLOCK words at a time: the scratch stays at that many words per node whatever
 * the batch size, and the inner loop over the block vectorizes. */
enum { BSD_EVAL_BLOCK = 8 };

void bsyn_bsd_eval(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n, const uint64_t *in,
                   uint64_t *out, size_t nwords) {
  uint32_t *order = bsyn_malloc((size_t)bsd->num_nodes * sizeof *order);
  uint32_t count = bsyn_bsd_topo(bsd, roots, n, order);
  uint64_t *val = bsyn_calloc((size_t)bsd->num_nodes * BSD_EVAL_BLOCK, sizeof *val);
  for (size_t w0 = 0; w0 < nwords; w0 += BSD_EVAL_BLOCK) {
    size_t nb = nwords - w0 < BSD_EVAL_BLOCK ? nwords - w0 : BSD_EVAL_BLOCK;
    for (uint32_t k = 0; k < count; k++) {
      const bsyn_bsd_node *nd = &bsd->nodes[order[k]];
      const uint64_t *x = in + (size_t)nd->var * nwords + w0;
      const uint64_t *lo = val + (size_t)bsyn_edge_index(nd->lo) * BSD_EVAL_BLOCK;
      const uint64_t *hi = val + (size_t)bsyn_edge_index(nd->hi) * BSD_EVAL_BLOCK;
      uint64_t lm = 0 - (uint64_t)bsyn_edge_sign(nd->lo), hm = 0 - (uint64_t)bsyn_edge_sign(nd->hi);
      uint64_t *v = val + (size_t)order[k] * BSD_EVAL_BLOCK;
      for (size_t j = 0; j < nb; j++)
        v[j] = (x[j] & (hi[j] ^ hm)) | (~x[j] & (lo[j] ^ lm));
    }
    for (uint32_t r = 0; r < n; r++) {
      const uint64_t *v = val + (size_t)bsyn_edge_index(roots[r]) * BSD_EVAL_BLOCK;
      uint64_t m = 0 - (uint64_t)bsyn_edge_sign(roots[r]);
      for (size_t j = 0; j < nb; j++)
        out[(size_t)r * nwords + w0 + j] = v[j] ^ m;
    }
  }
  free(val);
  free(order);
}

unsigned bsyn_bsd_eval1(const bsyn_bsd *bsd, bsyn_edge e, const uint8_t *in) {
  unsigned c = 0;
  for (uint32_t steps = 0; !bsyn_edge_is_const(e); steps++) {
    check_edge(bsd, e, "path");
    if (steps > bsd->num_nodes)
      bsyn_abort("bsyn_bsd_eval1: cycle");
    c ^= bsyn_edge_sign(e);
    const bsyn_bsd_node *nd = &bsd->nodes[bsyn_edge_index(e)];
    e = in[nd->var] ? nd->hi : nd->lo;
  }
  return c ^ bsyn_edge_sign(e);
}

int bsyn_bsd_write_dot(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n,
                       const char *const *names, const char *path, bsyn_diag *d) {
  bsyn_out out;
  if (bsyn_out_open(&out, path, d))
    return -1;
  FILE *f = out.f;
  uint32_t *order = bsyn_malloc((size_t)bsd->num_nodes * sizeof *order);
  uint32_t count = bsyn_bsd_topo(bsd, roots, n, order);
  fprintf(f, "digraph bsd {\n  node [shape=circle];\n  n0 [shape=box,label=\"0\"];\n");
  for (uint32_t k = 0; k < count; k++) {
    uint32_t v = order[k];
    const bsyn_bsd_node *nd = &bsd->nodes[v];
    fprintf(f, "  n%u [label=\"x%u\"];\n", v, nd->var);
    fprintf(f, "  n%u -> n%u [style=dashed%s];\n", v, bsyn_edge_index(nd->lo),
            bsyn_edge_sign(nd->lo) ? ",arrowhead=dot" : "");
    fprintf(f, "  n%u -> n%u [%s];\n", v, bsyn_edge_index(nd->hi),
            bsyn_edge_sign(nd->hi) ? "arrowhead=dot" : "");
  }
  for (uint32_t r = 0; r < n; r++) {
    fprintf(f, "  r%u [shape=plaintext,label=\"%s\"];\n", r, names && names[r] ? names[r] : "");
    if (!names || !names[r])
      fprintf(f, "  r%u [label=\"out%u\"];\n", r, r);
    fprintf(f, "  r%u -> n%u [%s];\n", r, bsyn_edge_index(roots[r]),
            bsyn_edge_sign(roots[r]) ? "arrowhead=dot" : "");
  }
  fprintf(f, "}\n");
  free(order);
  return bsyn_out_commit(&out, d);
}
