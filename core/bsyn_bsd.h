/* bsyn_bsd.h — the Binary Speculation Diagram node store.
 *
 * A BSD is a DAG of decision nodes like a BDD, but built top-down from oracle answers. Nodes
 * are 16 bytes and live in one array; children are 32-bit edge literals:
 *
 *   edge = 2 * index + complement      index 0 = the constant node (edge 0 false, 1 true)
 *
 * Node layout (bsyn_bsd_node, 4 x uint32_t):
 *   var  input index 0..num_inputs-1 the node decides on (BSYN_BSD_NO_VAR for node 0)
 *   lo   edge taken when the input is 0
 *   hi   edge taken when the input is 1
 *   aux  owned by whoever builds the store (the learner keeps the creating edge here:
 *        2 * parent + branch, or BSYN_BSD_ROOT_AUX for a root)
 *
 * Canonical nodes (made with bsyn_bsd_make) obey the complement rule "hi is regular" and
 * are shared through one unique table for all outputs, so no two canonical nodes have the
 * same (var, lo, hi). Open nodes (bsyn_bsd_add_open) are the learner's: their children are
 * filled in later and they are not in the table; bsyn_bsd_reduce turns a graph with open
 * nodes into a canonical one.
 *
 * A BSD may branch on inputs in any order along different paths (a free BDD), but never on
 * the same input twice along one path. Nothing here is thread-safe for writing; concurrent
 * readers are fine. */
#ifndef BSYN_BSD_H
#define BSYN_BSD_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_util.h"

typedef uint32_t bsyn_edge;

#define BSYN_EDGE_FALSE 0u
#define BSYN_EDGE_TRUE 1u
/* A child that is not known yet (open nodes only). */
#define BSYN_EDGE_NONE UINT32_MAX
#define BSYN_BSD_NO_VAR UINT32_MAX
#define BSYN_BSD_ROOT_AUX UINT32_MAX
/* Largest node count (edges must stay below BSYN_EDGE_NONE). */
#define BSYN_BSD_MAX_NODES 0x7ffffff0u

static inline uint32_t bsyn_edge_index(bsyn_edge e) { return e >> 1; }
static inline unsigned bsyn_edge_sign(bsyn_edge e) { return e & 1u; }
static inline bsyn_edge bsyn_edge_make(uint32_t index, unsigned sign) {
  return 2u * index + (sign & 1u);
}
static inline bsyn_edge bsyn_edge_notif(bsyn_edge e, unsigned c) { return e ^ (c & 1u); }
static inline int bsyn_edge_is_const(bsyn_edge e) { return e < 2u; }

typedef struct bsyn_bsd_node {
  uint32_t var;
  bsyn_edge lo;
  bsyn_edge hi;
  uint32_t aux;
} bsyn_bsd_node;

typedef struct bsyn_bsd {
  uint32_t num_inputs;
  uint32_t num_nodes; /* node 0 (the constant) included */
  uint32_t cap_nodes;
  bsyn_bsd_node *nodes;
  /* unique table: open addressing over canonical node indices, 0 = empty slot */
  uint32_t *table;
  uint32_t table_cap; /* power of two */
  uint32_t table_used;
} bsyn_bsd;

/* Creates a store for functions of num_inputs inputs holding only the constant node.
 * Free with bsyn_bsd_free. */
bsyn_bsd *bsyn_bsd_new(uint32_t num_inputs);
/* Frees bsd and everything it owns; NULL is allowed. */
void bsyn_bsd_free(bsyn_bsd *bsd);

/* The canonical edge for "var ? hi : lo": returns lo when lo == hi, applies the complement
 * rule and returns an existing equal node when there is one. Aborts on a var out of range
 * or a child edge out of range or open. */
bsyn_edge bsyn_bsd_make(bsyn_bsd *bsd, uint32_t var, bsyn_edge lo, bsyn_edge hi);

/* The literal "input var" (or its negation when neg != 0) as a canonical edge. */
bsyn_edge bsyn_bsd_literal(bsyn_bsd *bsd, uint32_t var, unsigned neg);

/* Appends an open node on var with both children BSYN_EDGE_NONE and the given aux; returns
 * its index. Open nodes are not hashed; fill them with bsyn_bsd_set_child. */
uint32_t bsyn_bsd_add_open(bsyn_bsd *bsd, uint32_t var, uint32_t aux);

/* Rebuilds the unique table from every node except those with open[v] != 0 (and node 0),
 * e.g. after the node array was loaded from a file. Aborts on a duplicate canonical node. */
void bsyn_bsd_rehash(bsyn_bsd *bsd, const uint8_t *open);

/* Sets child `branch` (0 = lo, 1 = hi) of node to e. Aborts on node 0 or e out of range. */
void bsyn_bsd_set_child(bsyn_bsd *bsd, uint32_t node, unsigned branch, bsyn_edge e);

/* Writes into order the indices of the non-constant nodes reachable from the n roots,
 * children before parents (a topological order), and returns their count. order needs
 * num_nodes entries. Aborts when it meets an open child (BSYN_EDGE_NONE) or a cycle. */
uint32_t bsyn_bsd_topo(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n, uint32_t *order);

/* Number of non-constant nodes reachable from the roots. */
uint32_t bsyn_bsd_count(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n);

/* A canonical copy of the graph below the n roots: redundant tests (lo == hi) removed,
 * equal sub-graphs shared, complement rule applied. new_roots receives the n roots in the
 * copy. Works on open nodes as long as every reachable child is filled in. */
bsyn_bsd *bsyn_bsd_reduce(const bsyn_bsd *src, const bsyn_edge *roots, uint32_t n,
                          bsyn_edge *new_roots);

/* Evaluates the n roots on bit-sliced vectors: in[i * nwords + w] (num_inputs rows),
 * out[r * nwords + w] (n rows), 64 vectors per word. Single-threaded, scratch allocated
 * inside; the reference the AIG conversion is tested against. */
void bsyn_bsd_eval(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n, const uint64_t *in,
                   uint64_t *out, size_t nwords);

/* Follows one input vector (in: num_inputs bytes 0/1) from edge e to a constant and
 * returns it (0 or 1). */
unsigned bsyn_bsd_eval1(const bsyn_bsd *bsd, bsyn_edge e, const uint8_t *in);

/* Writes the graph below the roots as Graphviz DOT (solid = hi, dashed = lo, a dot on a
 * complemented edge), root r labelled names[r] when names is non-NULL. Returns 0 or -1
 * with d filled when the file cannot be written. */
int bsyn_bsd_write_dot(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n,
                       const char *const *names, const char *path, bsyn_diag *d);

#endif
