/* Probing: turning a list of query blocks into oracle batches.
 *
 * Blocks are packed side by side into chunks of about CHUNK_WORDS words (a chunk boundary
 * only falls at a group start); each chunk is one oracle call. Chunks are independent and
 * go to the pool when the oracle is thread-safe. The partition depends only on the request
 * list, and every sample word comes from the sampler's counter-based hash, so the answers
 * are the same on any number of threads. */
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn_internal.h"

enum { CHUNK_WORDS = 256 };

void bsyn_probe_init(bsyn_probe_ctx *pc, bsyn_oracle *o, const bsyn_sampler *s, uint64_t seed,
                     bsyn_pool *pool) {
  memset(pc, 0, sizeof *pc);
  pc->oracle = o;
  pc->sampler = s;
  pc->seed = seed;
  pc->pool = o->thread_safe ? pool : NULL;
  pc->nthreads = bsyn_pool_threads(pc->pool);
  pc->in = bsyn_calloc(pc->nthreads, sizeof *pc->in);
  pc->out = bsyn_calloc(pc->nthreads, sizeof *pc->out);
  pc->cap_words = bsyn_calloc(pc->nthreads, sizeof *pc->cap_words);
  pc->fixed = bsyn_calloc(pc->nthreads, sizeof *pc->fixed);
}

void bsyn_probe_free(bsyn_probe_ctx *pc) {
  for (unsigned t = 0; t < pc->nthreads; t++) {
    bsyn_aligned_free(pc->in[t]);
    bsyn_aligned_free(pc->out[t]);
    free(pc->fixed[t]);
  }
  free(pc->fixed);
  free(pc->cache[0].rows);
  free(pc->cache[1].rows);
  free(pc->in);
  free(pc->out);
  free(pc->cap_words);
  memset(pc, 0, sizeof *pc);
}

typedef struct chunk {
  size_t first, last; /* request range [first, last) */
  size_t words;
  int rc;
  bsyn_diag diag;
} chunk;

typedef struct job {
  bsyn_probe_ctx *pc;
  const bsyn_probe_req *reqs;
  chunk *chunks;
} job;

void bsyn_probe_cache(bsyn_probe_ctx *pc, unsigned k, uint64_t first, uint32_t nwords) {
  if (pc->cache[k].rows && pc->cache[k].first == first && pc->cache[k].nwords == nwords)
    return;
  uint32_t nin = pc->oracle->num_inputs;
  free(pc->cache[k].rows);
  pc->cache[k].rows = bsyn_malloc((size_t)nin * nwords * sizeof(uint64_t) + 8);
  pc->cache[k].first = first;
  pc->cache[k].nwords = nwords;
  pc->sampler->fill(pc->sampler, pc->seed, first, nwords, pc->cache[k].rows, nwords);
}

/* The sampler's rows of words first.. (nwords), from a cache slot when one holds them. */
static void sampler_rows(const bsyn_probe_ctx *pc, uint64_t first, uint32_t nwords, uint64_t *in,
                         size_t stride) {
  for (unsigned c = 0; c < 2; c++) {
    uint64_t f = pc->cache[c].first;
    uint32_t n = pc->cache[c].nwords;
    if (pc->cache[c].rows && first >= f && first + nwords <= f + n) {
      for (uint32_t i = 0; i < pc->oracle->num_inputs; i++)
        memcpy(in + (size_t)i * stride, pc->cache[c].rows + (size_t)i * n + (first - f),
               nwords * sizeof *in);
      return;
    }
  }
  pc->sampler->fill(pc->sampler, pc->seed, first, nwords, in, stride);
}

static void fill_block(const bsyn_probe_ctx *pc, const bsyn_probe_req *r, uint64_t *in,
                       size_t stride, uint8_t *fixed) {
  const bsyn_sampler *s = pc->sampler;
  if (r->refine) {
    if (r->first_word + r->nwords > pc->ref_words)
      bsyn_abort("bsyn_probe: refinement words %llu..+%u of %zu", (unsigned long long)r->first_word,
                 r->nwords, pc->ref_words);
    for (uint32_t i = 0; i < pc->oracle->num_inputs; i++)
      memcpy(in + (size_t)i * stride, pc->ref_rows + i * pc->ref_words + r->first_word,
             r->nwords * 8);
  } else {
    sampler_rows(pc, r->first_word, r->nwords, in, stride);
  }
  for (uint32_t p = 0; p < r->path_len; p++) {
    uint64_t v = bsyn_path_val(r->path[p]) ? ~0ull : 0;
    uint64_t *row = in + (size_t)bsyn_path_var(r->path[p]) * stride;
    for (uint32_t k = 0; k < r->nwords; k++)
      row[k] = v;
  }
  if (s->fixup && pc->path_fixup && !r->refine) {
    for (uint32_t p = 0; p < r->path_len; p++)
      fixed[bsyn_path_var(r->path[p])] = 1;
    s->fixup(s, pc->seed, r->first_word, r->nwords, fixed, in, stride);
    for (uint32_t p = 0; p < r->path_len; p++)
      fixed[bsyn_path_var(r->path[p])] = 0;
  }
  if (r->flip != UINT32_MAX) {
    uint64_t *row = in + (size_t)r->flip * stride;
    for (uint32_t k = 0; k < r->nwords; k++)
      row[k] = ~row[k];
  }
}

static void run_chunk(void *arg, size_t item, unsigned thread) {
  job *j = arg;
  bsyn_probe_ctx *pc = j->pc;
  chunk *c = &j->chunks[item];
  bsyn_oracle *o = pc->oracle;
  size_t cw = c->words;
  if (cw > pc->cap_words[thread]) {
    bsyn_aligned_free(pc->in[thread]);
    bsyn_aligned_free(pc->out[thread]);
    pc->in[thread] =
        bsyn_aligned_alloc((o->num_inputs ? o->num_inputs : 1) * cw * sizeof(uint64_t));
    pc->out[thread] =
        bsyn_aligned_alloc((o->num_outputs ? o->num_outputs : 1) * cw * sizeof(uint64_t));
    pc->cap_words[thread] = cw;
  }
  if (!pc->fixed[thread])
    pc->fixed[thread] = bsyn_calloc(o->num_inputs + 1, 1);
  uint64_t *in = pc->in[thread], *out = pc->out[thread];
  size_t col = 0;
  for (size_t k = c->first; k < c->last; k++) {
    fill_block(pc, &j->reqs[k], in + col, cw, pc->fixed[thread]);
    col += j->reqs[k].nwords;
  }
  bsyn_diag_init(&c->diag, o->name);
  c->rc = bsyn_oracle_eval(o, in, out, cw, &c->diag);
  if (c->rc)
    return;
  col = 0;
  for (size_t k = c->first; k < c->last; k++) {
    const bsyn_probe_req *r = &j->reqs[k];
    const uint64_t *row = out + (size_t)r->output * cw + col;
    if (r->count) { /* the flipped input's row is still in the batch, inverted */
      const uint64_t *x = in + (size_t)r->flip * cw + col;
      for (uint32_t w = 0; w < r->nwords; w++) {
        uint64_t f = r->base[w], g = row[w], v = ~x[w];
        r->count[0] += (uint32_t)__builtin_popcountll(f ^ g);
        r->count[1] += (uint32_t)__builtin_popcountll((~v & f) | (v & g));
        r->count[2] += (uint32_t)__builtin_popcountll((v & f) | (~v & g));
      }
    } else if (r->dest) {
      memcpy(r->dest, row, r->nwords * sizeof *row);
    }
    col += r->nwords;
  }
}

int bsyn_probe_run(bsyn_probe_ctx *pc, const bsyn_probe_req *reqs, size_t n, bsyn_diag *d) {
  if (n == 0)
    return 0;
  if (pc->offload.run) {
    int handled = pc->offload.run(pc->offload.ctx, pc, reqs, n, d);
    if (handled)
      return handled < 0 ? -1 : 0;
  }
  BSYN_VEC(chunk) chunks = {0};
  size_t start = 0, words = 0;
  for (size_t k = 0; k < n; k++) {
    if (k > start && reqs[k].starts_group && words >= CHUNK_WORDS) {
      bsyn_vec_push(chunks, ((chunk){start, k, words, 0, {0}}));
      start = k;
      words = 0;
    }
    words += reqs[k].nwords;
  }
  bsyn_vec_push(chunks, ((chunk){start, n, words, 0, {0}}));
  job j = {pc, reqs, chunks.data};
  if (pc->pool && chunks.size > 1)
    bsyn_pool_run(pc->pool, chunks.size, run_chunk, &j);
  else
    for (size_t c = 0; c < chunks.size; c++)
      run_chunk(&j, c, 0);
  int rc = 0;
  for (size_t c = 0; c < chunks.size; c++) {
    pc->words_done += chunks.data[c].words;
    if (chunks.data[c].rc && !rc) {
      rc = -1;
      if (d)
        *d = chunks.data[c].diag;
    }
  }
  bsyn_vec_free(chunks);
  return rc;
}
