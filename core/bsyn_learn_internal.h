/* bsyn_learn_internal.h — what the learner's files share (not part of the public API).
 *
 * bsyn_learn.c        the learner object, the level loop, results
 * bsyn_learn_level.c  one level: frontier items, classification, node creation
 * bsyn_learn_refine.c counterexamples fed back: re-opening the leaves and merges they reach
 * bsyn_learn_checkpoint.c  the checkpoint format, its checksum and identity; saving
 * bsyn_learn_resume.c  reading a checkpoint back, every field checked before use
 * bsyn_learn_probe.c  batches of path-conditioned queries, run in chunks on the pool
 * bsyn_learn_choose.c variable choice from sampled sensitivity, live-support shrinking
 * bsyn_learn_merge.c  signature tables, merge confirmation, the cycle check
 * bsyn_learn_mass.c   exact probability mass (dyadic, no underflow)
 * bsyn_learn_verify.c simulation of the learned AIG against the oracle */
#ifndef BSYN_LEARN_INTERNAL_H
#define BSYN_LEARN_INTERNAL_H

#include <stdint.h>

#include "bsyn_learn.h"

/* A path entry: input index * 2 + value. */
static inline uint32_t bsyn_path_var(uint32_t e) { return e >> 1; }
static inline uint32_t bsyn_path_val(uint32_t e) { return e & 1u; }

/* ---- probing (bsyn_learn_probe.c) ---- */

/* One block of queries: nwords sample words starting at first_word, the path's bits forced,
 * input `flip` inverted (UINT32_MAX: none), output `output` kept. The output row goes to
 * dest (when non-NULL). With count non-NULL (a sensitivity probe: base = the unflipped
 * answers on the same words) it accumulates instead count[0] += vectors whose answer the
 * flip changed, count[1] / count[2] += ones of the cofactor flip = 0 / flip = 1. Blocks
 * of one group (starts_group = 1 on the first) run in one chunk, in order, so a later block
 * may compare against an earlier block's dest. */
typedef struct bsyn_probe_req {
  const uint32_t *path;
  uint32_t path_len;
  uint32_t output;
  uint32_t flip;
  uint32_t nwords;
  uint64_t first_word;
  uint64_t *dest;
  const uint64_t *base;
  uint32_t *count;
  uint8_t starts_group;
  uint8_t refine; /* words come from the refinement rows, not the sampler */
} bsyn_probe_req;

typedef struct bsyn_probe_ctx {
  bsyn_oracle *oracle;
  const bsyn_sampler *sampler;
  uint64_t seed;
  bsyn_pool *pool;
  uint64_t words_done; /* oracle words evaluated so far */
  /* per-thread scratch */
  unsigned nthreads;
  uint64_t **in, **out;
  size_t *cap_words;
  uint8_t **fixed;          /* per-thread mask of path inputs, for the sampler's fixup */
  int path_fixup;           /* bsyn_learn_params.path_fixup: run fixup under paths */
  const uint64_t *ref_rows; /* refinement vectors: ref_rows[i * ref_words + w] */
  size_t ref_words;
  /* The sampler's rows (before any path is forced) of two ranges of sample words that
   * every item of a level reads: the signature words and the level's confirmation words.
   * Filling is the costly part of structured samplers; with path_fixup, fixup still runs
   * per block. */
  struct {
    uint64_t first;
    uint32_t nwords;
    uint64_t *rows; /* rows[i * nwords + k] */
  } cache[2];
  bsyn_probe_offload offload; /* a device that may answer batches instead (bsyn_learn.h) */
} bsyn_probe_ctx;

void bsyn_probe_init(bsyn_probe_ctx *pc, bsyn_oracle *o, const bsyn_sampler *s, uint64_t seed,
                     bsyn_pool *pool);
void bsyn_probe_free(bsyn_probe_ctx *pc);
/* Keeps the sampler's rows of sample words [first, first + nwords) in cache slot k (0 or 1),
 * replacing what it held; later blocks inside the range copy them instead of filling. */
void bsyn_probe_cache(bsyn_probe_ctx *pc, unsigned k, uint64_t first, uint32_t nwords);
/* Runs the n requests. Returns 0 or -1 with d filled (the first failing chunk's error). */
int bsyn_probe_run(bsyn_probe_ctx *pc, const bsyn_probe_req *reqs, size_t n, bsyn_diag *d);

/* ---- signature tables (bsyn_learn_merge.c) ---- */

/* Canonical signatures (first bit 0; the complement flag kept beside) mapped to ids. */
typedef struct bsyn_sigtab {
  uint32_t nwords;
  uint32_t *slots; /* entry + 1, 0 = empty */
  uint32_t cap;    /* power of two */
  BSYN_VEC(uint32_t) ids;
  BSYN_VEC(uint8_t) flags;
  BSYN_VEC(uint64_t) hashes;
  BSYN_VEC(uint64_t) words;
} bsyn_sigtab;

void bsyn_sigtab_init(bsyn_sigtab *t, uint32_t nwords);
void bsyn_sigtab_free(bsyn_sigtab *t);
void bsyn_sigtab_clear(bsyn_sigtab *t);
/* Hash of sig as canonicalized (complement when bit 0 is set); *flag = that bit. */
uint64_t bsyn_sig_canon_hash(const uint64_t *sig, uint32_t nwords, unsigned *flag);
/* The first entry whose canonical signature equals sig's, or UINT32_MAX; *id / *flag of it. */
uint32_t bsyn_sigtab_find(const bsyn_sigtab *t, const uint64_t *sig, uint64_t hash, unsigned flag,
                          uint32_t *id, unsigned *eflag);
void bsyn_sigtab_add(bsyn_sigtab *t, const uint64_t *sig, uint64_t hash, unsigned flag,
                     uint32_t id);
/* Like bsyn_sigtab_add, but an entry with the same canonical signature takes id instead of
 * a second entry being added. */
void bsyn_sigtab_put(bsyn_sigtab *t, const uint64_t *sig, uint64_t hash, unsigned flag,
                     uint32_t id);
size_t bsyn_sigtab_bytes(const bsyn_sigtab *t);

/* 1 when node `from` can reach node `to` in g through filled children, or when the search
 * visits more than budget nodes (the caller must then assume a path exists). stamp has
 * g->num_nodes entries (grown by the caller) and *epoch is advanced. */
int bsyn_learn_may_reach(const bsyn_bsd *g, uint32_t from, uint32_t to, uint32_t budget,
                         uint32_t *stamp, uint32_t *epoch, uint32_t **stack, size_t *stack_cap);

/* ---- variable choice (bsyn_learn_choose.c) ---- */

/* From the sensitivity probes of the support vars (stats[3k..3k+2] for support[k], see
 * bsyn_probe_req; lanes = vectors per probe; node_minority = the node's own minority
 * answers on those vectors): returns the index k of the var to split on, or -1 when no
 * flip changed anything; writes the support the children inherit (vars whose flips changed
 * something, the chosen one removed) into keep and its length into *nkeep. The most
 * sensitive var wins (ties to the lower input index), unless a var at least half as
 * sensitive has a cofactor with at most a quarter of the node's minority answers: then the
 * purest such split wins, since it turns a child into a near-leaf. */
int bsyn_learn_choose_split(const uint32_t *support, const uint32_t *stats, uint32_t n,
                            uint32_t lanes, uint32_t node_minority, uint32_t *keep,
                            uint32_t *nkeep);

/* Same-bit partners (--pair-fields): when the node's parent split on bit k of an input
 * field, prefer bit k of another field of the same width (o's field table) if it is at
 * least half as sensitive as support[best]: a == b and a < b then walk a[k], b[k] in
 * step instead of a whole operand first. Returns the chosen index into support (best
 * when no partner qualifies; the most sensitive partner, ties to the lower index). */
int bsyn_learn_choose_partner(const bsyn_oracle *o, uint32_t last, const uint32_t *support,
                              const uint32_t *stats, uint32_t n, int best);

/* ---- probability mass (bsyn_learn_mass.c) ---- */

/* m * 2^e with m in [0.5, 1) (or m = 0): exact for dyadic masses at any depth. */
typedef struct bsyn_mass {
  double m;
  int64_t e;
} bsyn_mass;

bsyn_mass bsyn_mass_one(void);
bsyn_mass bsyn_mass_zero(void);
bsyn_mass bsyn_mass_half(bsyn_mass a);
bsyn_mass bsyn_mass_add(bsyn_mass a, bsyn_mass b);
/* log2 of a (-inf for zero) and its value as a double (0 on underflow). */
double bsyn_mass_log2(bsyn_mass a);
double bsyn_mass_value(bsyn_mass a);

/* The uniform mass, summed over the roots, that reaches the listed slots (2 * node +
 * branch) of g; roots must be filled in completely. */
bsyn_mass bsyn_mass_of_slots(const bsyn_bsd *g, const bsyn_edge *roots, uint32_t nroots,
                             const uint32_t *slots, size_t nslots, const uint32_t *root_slots,
                             size_t nroot_slots);

/* Node v (signature sig, W + R words) into the node table: under p.order it replaces a node
 * of the same signature, else it is added beside it (bsyn_learn_merge.c). */
void bsyn_learn_table_node(bsyn_learner *l, const uint64_t *sig, uint64_t hash, unsigned flag,
                           uint32_t v);

/* Rebuilds the node table with signatures of W sampler words and the current R refinement
 * words, and sizes the level table to match (bsyn_learn_merge.c). With a table already
 * filled (refinement words were added) its entries keep their sampler words and only the
 * refinement words are probed, under each node's creation path; with an empty one (a
 * checkpoint was read) every node the learner made is probed in full, in node order.
 * 0, or -1 with d filled. */
int bsyn_learn_rehash_nodes(bsyn_learner *l, bsyn_diag *d);

/* ---- the learner's state (bsyn_learn.c, bsyn_learn_level.c, bsyn_learn_refine.c) ---- */

enum {
  BSYN_ITEM_CONST,
  BSYN_ITEM_LIT,
  BSYN_ITEM_FORCED,
  BSYN_ITEM_OLD,
  BSYN_ITEM_LEVEL,
  BSYN_ITEM_NEW
};

typedef struct bsyn_learn_item {
  uint32_t parent; /* node, or BSYN_BSD_ROOT_AUX for a root */
  uint32_t slot;   /* branch of the parent, or root index */
  uint32_t output; /* oracle output */
  uint32_t depth;
  size_t path_off;
  uint32_t path_len;
  size_t sup_off;
  uint32_t sup_len;
  uint8_t full;    /* support is every free input already */
  uint8_t nomerge; /* re-queued after a refused merge: expand, do not look up again */
  uint8_t expanded;
  uint8_t kind;
  uint8_t sflag; /* canonical flag of the item's signature */
  uint8_t tflag; /* canonical flag of the merge target's */
  uint8_t confirmed;
  uint8_t carried; /* level_order: waited a level; its sensitivity counts are in cur_carry */
  uint8_t data;    /* no control split below here: the look-ahead is skipped (lookahead.c) */
  uint64_t shash;
  uint32_t target;        /* BSYN_ITEM_OLD: node; BSYN_ITEM_LEVEL: bsyn_learn_item */
  bsyn_edge edge;         /* the resolution */
  size_t sens_off;        /* counts, or SIZE_MAX when not probed */
  size_t carry_off;       /* carried: 3 * sup_len counts in cur_carry */
  uint32_t sens_minority; /* minority answers on the sensitivity words */
  size_t conf_off;        /* confirmation rows (2 * (Wc + R) words) */
  size_t tpath_off;       /* BSYN_ITEM_OLD: the target's creation path in tpaths */
  uint32_t tpath_len;
  uint32_t la_var; /* the look-ahead's control split, or UINT32_MAX: the usual choice */
  size_t la_off;   /* look-ahead counts (2 per candidate), SIZE_MAX when not probed */
  uint32_t la_n;   /* candidates probed */
} bsyn_learn_item;

typedef BSYN_VEC(bsyn_learn_item) bsyn_item_vec;
typedef BSYN_VEC(uint32_t) bsyn_u32_vec;

struct bsyn_learner {
  bsyn_oracle *o;
  bsyn_learn_params p;
  bsyn_sampler *own_sampler;
  const bsyn_sampler *sampler;
  uint32_t nin, nout;
  uint32_t *outs;
  uint32_t W, Wc, Ws;
  uint32_t R;         /* refinement words (counterexamples), 0 until bsyn_learner_refine */
  uint64_t *ref_rows; /* num_inputs rows of R words */
  size_t ref_vecs;
  bsyn_bsd *g; /* the learning graph: open nodes plus canonical literal leaves */
  bsyn_edge *roots;
  bsyn_u32_vec node_out; /* per node: the output it was created for */
  bsyn_sigtab nodes_tab, level_tab, lit_tab;
  bsyn_item_vec cur, next;
  bsyn_u32_vec cur_path, next_path, cur_sup, next_sup;
  bsyn_u32_vec cur_carry, next_carry; /* level_order: counts of the items that wait */
  BSYN_VEC(uint64_t) sigs;
  BSYN_VEC(uint64_t) conf;
  bsyn_u32_vec sens, tpath, tpaths, keep;
  bsyn_u32_vec votes;  /* level_order: per input, items of the level it is the best split of */
  uint32_t level_var;  /* level_order: the input this level splits on (UINT32_MAX: none) */
  uint32_t *order;     /* p.order: all nin inputs, the listed ones first; NULL when none */
  uint32_t *order_pos; /* p.order: each input's position in order */
  BSYN_VEC(bsyn_probe_req) reqs;
  bsyn_u32_vec forced_slots, forced_roots;
  uint32_t *stamp;
  size_t stamp_cap;
  uint32_t epoch;
  uint32_t *stack;
  size_t stack_cap;
  uint8_t *inpath;
  bsyn_probe_ctx pc;
  bsyn_learn_stats st;
  double *prio; /* bsyn_learn_priority scores (look-ahead on), NULL until the first run */
  bsyn_u32_vec la_paths, la_cand, la_cnt;
  double t_begin;     /* bsyn_learn_now() at the first bsyn_learner_run of this process */
  double t_lookahead; /* seconds the look-ahead took (priorities and rounds) */
  BSYN_VEC(uint64_t) la_rows;
  int started;
  double last_checkpoint;
  uint64_t ckp_sampler; /* checkpoint identity (bsyn_ckp_fingerprint), once ckp_known */
  uint64_t ckp_answers;
  int ckp_known;
};

static inline int bsyn_learn_over_node_budget(const bsyn_learner *l) {
  return l->p.max_nodes && l->st.nodes >= l->p.max_nodes;
}

/* Appends an item to the next level: its path is `path` (len entries) plus `extra` (when
 * not UINT32_MAX), its support `sup` (n entries). */
void bsyn_learn_push_item(bsyn_learner *l, bsyn_learn_item it, const uint32_t *path, uint32_t len,
                          uint32_t extra, const uint32_t *sup, uint32_t n);
/* Every input not on the path, into l->keep. */
void bsyn_learn_free_inputs(bsyn_learner *l, const uint32_t *path, uint32_t len);
/* Points the item's slot (a root or a node's branch) at e. */
void bsyn_learn_set_slot(bsyn_learner *l, const bsyn_learn_item *it, bsyn_edge e);
/* The creation path of node v (walking the aux chain), into l->tpath, leaf end first. */
void bsyn_learn_node_path(bsyn_learner *l, uint32_t v);
/* Makes the next level the current one (and empties the next). */
void bsyn_learn_swap_levels(bsyn_learner *l);
/* Runs one level over l->cur, filling l->next. force: budgets are spent, so items that
 * would become nodes become majority leaves. Returns 0 or -1 with d filled. */
int bsyn_learn_run_level(bsyn_learner *l, int force, bsyn_diag *d);

/* ---- look-ahead variable choice (bsyn_learn_lookahead.c) ---- */

/* The input priority scores, computed once per learner when p.lookahead is on. Returns 0
 * or -1 with d filled. */
int bsyn_learn_lookahead_init(bsyn_learner *l, bsyn_diag *d);
/* For the level's items that will split (sensitivity probed) and are still above the
 * datapath: probes the top control candidates' cofactors and sets it->la_var to the one
 * that switches off the most influence of the other inputs, when it switches off enough;
 * otherwise the item (and its subtree) is marked data. Does nothing once the look-ahead
 * has taken a quarter of a time budget (items then split as without it). Returns 0 or -1
 * with d filled. */
int bsyn_learn_lookahead_round(bsyn_learner *l, bsyn_diag *d);
/* The sensitivity words of item i (the Ws words with the most minority answers). */
void bsyn_learn_sens_words(const bsyn_learner *l, size_t i, uint32_t *words);

/* ---- checkpoints (bsyn_learn_checkpoint.c, bsyn_learn_resume.c) ---- */

/* The frame of a checkpoint file (native byte order; docs/learner.md has the whole layout):
 *   0  "BSYNCKPT"   8  u32 version   12  u32 byte-order mark   16  u64 file length
 *   24 ... the identity and the state ...   length - 8  u64 checksum of bytes [0, length - 8) */
#define BSYN_CKP_MAGIC "BSYNCKPT"
enum {
  BSYN_CKP_VERSION = 2,
  BSYN_CKP_BOM = 0x01020304,
  BSYN_CKP_HEAD = 24,    /* magic, version, byte-order mark, length */
  BSYN_CKP_FP_WORDS = 64 /* sample words of the sampler and oracle fingerprint */
};

/* The result-changing options, in the order the checkpoint records them. */
enum {
  BSYN_CKP_OPT_SEED,
  BSYN_CKP_OPT_SIG_WORDS,
  BSYN_CKP_OPT_CONFIRM_WORDS,
  BSYN_CKP_OPT_SENS_WORDS,
  BSYN_CKP_OPT_OUTPUTS, /* a hash of the list */
  BSYN_CKP_OPT_ORDER,   /* a hash of the full order, 0 = none */
  BSYN_CKP_OPT_LEVEL_ORDER,
  BSYN_CKP_OPT_PAIR_FIELDS,
  BSYN_CKP_OPT_PATH_FIXUP,
  BSYN_CKP_OPT_LOOKAHEAD,
  BSYN_CKP_OPT_LOOKAHEAD_DEPTH,
  BSYN_CKP_OPT_LOOKAHEAD_GAIN, /* the double's bits */
  BSYN_CKP_OPT_CYCLE_VISITS,
  BSYN_CKP_OPT_SAMPLER, /* bsyn_ckp_fingerprint's hash of the sampler */
  BSYN_CKP_OPT_COUNT
};

/* A running checksum: 8-byte words chained through bsyn_mix64, which is a bijection, so any
 * change confined to one aligned word (every single-bit flip) always changes the result. */
typedef struct bsyn_ckp_sum {
  uint64_t h, len;
  uint8_t tail[8];
  unsigned ntail;
} bsyn_ckp_sum;

void bsyn_ckp_sum_init(bsyn_ckp_sum *s);
void bsyn_ckp_sum_add(bsyn_ckp_sum *s, const void *p, size_t n);
uint64_t bsyn_ckp_sum_final(const bsyn_ckp_sum *s);
/* The checksum of n bytes at p (init, add, final). */
uint64_t bsyn_ckp_checksum(const void *p, size_t n);

/* Computes (once per learner) the fingerprints of the sampler (its kind and its rows of the
 * first BSYN_CKP_FP_WORDS sample words) and of the oracle (its answers to those rows) into
 * l->ckp_sampler / l->ckp_answers. One oracle batch, not counted in the statistics. 0, or -1
 * with d filled when the oracle failed. */
int bsyn_ckp_fingerprint(bsyn_learner *l, bsyn_diag *d);
/* The learner's result-changing options (BSYN_CKP_OPT_COUNT values; the fingerprint must
 * be known) and the hash of such a record. */
void bsyn_ckp_options(const bsyn_learner *l, uint64_t *v);
uint64_t bsyn_ckp_options_hash(const uint64_t *v);
/* Option k with value v as the command line spells it ("--level-order", "--seed 3"). */
void bsyn_ckp_describe(unsigned k, uint64_t v, char *buf, size_t size);

/* The statistics as BSYN_CKP_STAT_WORDS 64-bit words (doubles by their bits) and back;
 * decoding returns -1 on a value no run produces (a 32-bit field above 2^32, an unknown
 * stop reason), leaving st partly written. */
enum { BSYN_CKP_STAT_WORDS = 24 };
void bsyn_ckp_stats_encode(const bsyn_learn_stats *st, uint64_t *w);
int bsyn_ckp_stats_decode(const uint64_t *w, bsyn_learn_stats *st);

/* Seconds on a monotonic clock. */
double bsyn_learn_now(void);

#endif
