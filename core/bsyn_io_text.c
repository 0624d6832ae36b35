#include "bsyn_io_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int bsyn_text_slurp(const char *path, char **buf, size_t *len, bsyn_diag *d) {
  *buf = NULL;
  *len = 0;
  FILE *f = fopen(path, "rb");
  if (!f)
    return bsyn_diag_set(d, 0, 0, "expected a readable file, found %s", strerror(errno));
  /* one allocation for regular files; pipes and the like grow as they are read */
  struct stat st;
  size_t cap = 1 << 16, n = 0;
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size < SIZE_MAX / 2)
    cap = (size_t)st.st_size + 2;
  char *b = bsyn_malloc(cap);
  for (;;) {
    if (cap - n < 2) {
      cap *= 2;
      b = bsyn_realloc(b, cap);
    }
    size_t got = fread(b + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0)
      break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(b);
    return bsyn_diag_set(d, 0, 0, "expected a readable file, found a read error");
  }
  b[n] = '\0';
  *buf = b;
  *len = n;
  return 0;
}

void bsyn_text_lines_init(bsyn_text_lines *l, char *buf, size_t len, int continuations) {
  memset(l, 0, sizeof *l);
  l->p = buf;
  l->end = buf + len;
  l->line = 1;
  l->continuations = continuations;
}

void bsyn_text_lines_free(bsyn_text_lines *l) { bsyn_vec_free(l->toks); }

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

int bsyn_text_lines_next(bsyn_text_lines *l, bsyn_diag *d) {
  l->toks.size = 0;
  while (l->p < l->end) {
    char *start = l->p, *nl = memchr(start, '\n', (size_t)(l->end - start));
    char *stop = nl ? nl : l->end;
    uint32_t line = l->line++;
    l->p = nl ? nl + 1 : l->end;
    char *hash = memchr(start, '#', (size_t)(stop - start));
    if (hash)
      stop = hash;
    while (stop > start && is_blank(stop[-1]))
      stop--;
    int cont = l->continuations && stop > start && stop[-1] == '\\';
    if (cont)
      stop--;
    size_t first = l->toks.size;
    for (char *q = start; q < stop;) {
      if (is_blank(*q)) {
        q++;
        continue;
      }
      bsyn_text_token t = {q, 0, line, (uint32_t)(q - start) + 1};
      while (q < stop && !is_blank(*q))
        q++;
      t.len = (uint32_t)(q - t.s);
      bsyn_vec_push(l->toks, t);
    }
    /* cut only after the scan: each terminator overwrites a blank, '#', '\' or newline */
    for (size_t i = first; i < l->toks.size; i++)
      l->toks.data[i].s[l->toks.data[i].len] = '\0';
    if (cont) {
      if (l->p >= l->end)
        return bsyn_diag_set(d, line, 0,
                             "truncated file: expected a line after the '\\' continuation, "
                             "found end of file");
      continue;
    }
    if (l->toks.size)
      return 1;
  }
  return 0;
}

int bsyn_text_open(bsyn_text_out *o, const char *path, bsyn_diag *d) {
  o->path = path;
  int rc = bsyn_out_open(&o->out, path, d);
  o->f = o->out.f;
  return rc;
}

int bsyn_text_close(bsyn_text_out *o, bsyn_diag *d) {
  o->f = NULL;
  return bsyn_out_commit(&o->out, d);
}

void bsyn_text_puts(bsyn_text_out *o, const char *s) { fputs(s, o->f); }

void bsyn_text_putc(bsyn_text_out *o, char c) { putc(c, o->f); }

void bsyn_text_putu(bsyn_text_out *o, uint64_t v) {
  char tmp[24];
  int i = (int)sizeof tmp;
  tmp[--i] = '\0';
  do {
    tmp[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  fputs(tmp + i, o->f);
}

/* FNV-1a: signal names are short, and it spreads names that differ only in their last
 * digits (n17, n18, ...) well. */
static uint32_t hash_bytes(const char *s, size_t len) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
  return (uint32_t)(h ^ (h >> 32));
}

/* The slot holding s, or the empty slot where it belongs. Slots keep the key's hash next
 * to its id, so a probe past another key touches neither that key's bytes nor its length. */
static uint64_t *strmap_slot(const bsyn_strmap *m, const char *s, size_t len, uint32_t h) {
  uint32_t mask = m->nslots - 1;
  for (uint32_t i = h & mask;; i = (i + 1) & mask) {
    uint64_t e = m->slots[i];
    if (!e)
      return &m->slots[i];
    uint32_t id = (uint32_t)e - 1;
    if ((uint32_t)(e >> 32) == h && m->lens[id] == len && !memcmp(m->keys[id], s, len))
      return &m->slots[i];
  }
}

uint32_t bsyn_strmap_find(const bsyn_strmap *m, const char *s, size_t len) {
  if (!m->nslots)
    return BSYN_STRMAP_NONE;
  uint64_t e = *strmap_slot(m, s, len, hash_bytes(s, len));
  return e ? (uint32_t)e - 1 : BSYN_STRMAP_NONE;
}

static void strmap_rehash(bsyn_strmap *m, uint32_t n) {
  free(m->slots);
  m->slots = bsyn_calloc(n, sizeof *m->slots);
  m->nslots = n;
  for (uint32_t id = 0; id < m->size; id++) {
    uint32_t h = hash_bytes(m->keys[id], m->lens[id]);
    *strmap_slot(m, m->keys[id], m->lens[id], h) = (uint64_t)h << 32 | (id + 1);
  }
}

uint32_t bsyn_strmap_insert(bsyn_strmap *m, const char *s, size_t len, int *added) {
  if (len > UINT32_MAX || m->size >= UINT32_MAX - 1)
    bsyn_abort("bsyn_strmap_insert: key or map too large");
  if (2 * ((uint64_t)m->size + 1) > m->nslots)
    strmap_rehash(m, m->nslots ? 2 * m->nslots : 64);
  uint32_t h = hash_bytes(s, len);
  uint64_t *slot = strmap_slot(m, s, len, h);
  if (*slot) {
    if (added)
      *added = 0;
    return (uint32_t)*slot - 1;
  }
  if (m->size == m->cap) {
    m->cap = m->cap ? 2 * m->cap : 64;
    m->keys = bsyn_realloc(m->keys, m->cap * sizeof *m->keys);
    m->lens = bsyn_realloc(m->lens, m->cap * sizeof *m->lens);
  }
  uint32_t id = m->size++;
  m->keys[id] = s;
  m->lens[id] = (uint32_t)len;
  *slot = (uint64_t)h << 32 | (id + 1);
  if (added)
    *added = 1;
  return id;
}

void bsyn_strmap_reserve(bsyn_strmap *m, size_t n) {
  if (n > UINT32_MAX / 4)
    n = UINT32_MAX / 4;
  uint32_t slots = 64;
  while (slots < 2 * n)
    slots *= 2;
  if (slots > m->nslots)
    strmap_rehash(m, slots);
  if (n > m->cap) {
    m->cap = (uint32_t)n;
    m->keys = bsyn_realloc(m->keys, m->cap * sizeof *m->keys);
    m->lens = bsyn_realloc(m->lens, m->cap * sizeof *m->lens);
  }
}

void bsyn_strmap_free(bsyn_strmap *m) {
  free(m->keys);
  free(m->lens);
  free(m->slots);
  memset(m, 0, sizeof *m);
}

static char *sanitized(const char *s) {
  char *t = bsyn_strdup(s);
  for (char *p = t; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c <= ' ' || c == 0x7f || c == '#' || c == '\\')
      *p = '_';
  }
  return t;
}

/* Takes ownership of want; returns a name not yet in taken (want itself when free). */
static char *claim(bsyn_strmap *taken, char *want) {
  size_t len = strlen(want);
  if (bsyn_strmap_find(taken, want, len) != BSYN_STRMAP_NONE) {
    char *alt = bsyn_malloc(len + 24);
    for (uint64_t k = 1;; k++) {
      snprintf(alt, len + 24, "%s_%llu", want, (unsigned long long)k);
      if (bsyn_strmap_find(taken, alt, strlen(alt)) == BSYN_STRMAP_NONE)
        break;
    }
    free(want);
    want = alt;
  }
  bsyn_strmap_insert(taken, want, strlen(want), NULL);
  return want;
}

/* 1 when name is prefix followed by one or more decimal digits. */
static int has_form(const char *name, const char *prefix) {
  size_t n = strlen(prefix);
  if (strncmp(name, prefix, n) || !name[n])
    return 0;
  for (const char *p = name + n; *p; p++)
    if (*p < '0' || *p > '9')
      return 0;
  return 1;
}

static void pick_and_prefix(bsyn_netnames *n) {
  strcpy(n->and_prefix, "n");
  for (size_t len = 1; len + 1 < sizeof n->and_prefix; len++) {
    int clash = 0;
    for (uint32_t i = 0; i < n->num_inputs && !clash; i++)
      clash = has_form(n->inputs[i], n->and_prefix);
    for (uint32_t i = 0; i < n->num_outputs && !clash; i++)
      clash = has_form(n->outputs[i], n->and_prefix);
    if (!clash)
      return;
    n->and_prefix[len] = '_';
    n->and_prefix[len + 1] = '\0';
  }
  bsyn_abort("bsyn_netnames_make: no free AND name prefix");
}

/* The output keeps its input's name when it is that input (see bsyn_netnames). */
static int passes_through(bsyn_netnames *n, const bsyn_aig *aig, uint32_t o, const char *name,
                          uint8_t *shared) {
  bsyn_lit l = aig->outputs[o];
  uint32_t v = bsyn_lit_var(l);
  if (bsyn_lit_sign(l) || !bsyn_aig_is_input(aig, v) || shared[v - 1] || !n->inputs[v - 1])
    return 0;
  char *s = sanitized(name);
  int same = !strcmp(s, n->inputs[v - 1]);
  free(s);
  if (same) {
    shared[v - 1] = 1;
    n->passthrough[o] = 1;
    n->outputs[o] = bsyn_strdup(n->inputs[v - 1]);
  }
  return same;
}

void bsyn_netnames_make(bsyn_netnames *n, const bsyn_aig *aig, int passthrough) {
  n->num_inputs = aig->num_inputs;
  n->num_outputs = aig->num_outputs;
  n->inputs = bsyn_calloc(aig->num_inputs ? aig->num_inputs : 1, sizeof *n->inputs);
  n->outputs = bsyn_calloc(aig->num_outputs ? aig->num_outputs : 1, sizeof *n->outputs);
  n->passthrough = bsyn_calloc(aig->num_outputs ? aig->num_outputs : 1, 1);
  uint8_t *shared = bsyn_calloc(aig->num_inputs ? aig->num_inputs : 1, 1);
  n->model =
      aig->model_name && aig->model_name[0] ? sanitized(aig->model_name) : bsyn_strdup("top");
  bsyn_strmap taken = {0};
  for (int pass = 0; pass < 2; pass++) {
    for (uint32_t i = 0; i < aig->num_inputs; i++) {
      const char *s = bsyn_aig_input_name(aig, i);
      if ((s && s[0]) != (pass == 0))
        continue;
      char gen[32];
      snprintf(gen, sizeof gen, "i%u", i);
      n->inputs[i] = claim(&taken, pass == 0 ? sanitized(s) : bsyn_strdup(gen));
    }
    for (uint32_t i = 0; i < aig->num_outputs; i++) {
      const char *s = bsyn_aig_output_name(aig, i);
      if ((s && s[0]) != (pass == 0))
        continue;
      if (pass == 0 && passthrough && passes_through(n, aig, i, s, shared))
        continue;
      char gen[32];
      snprintf(gen, sizeof gen, "o%u", i);
      n->outputs[i] = claim(&taken, pass == 0 ? sanitized(s) : bsyn_strdup(gen));
    }
  }
  free(shared);
  bsyn_strmap_free(&taken);
  pick_and_prefix(n);
}

void bsyn_netnames_free(bsyn_netnames *n) {
  for (uint32_t i = 0; i < n->num_inputs; i++)
    free(n->inputs[i]);
  for (uint32_t i = 0; i < n->num_outputs; i++)
    free(n->outputs[i]);
  free(n->inputs);
  free(n->outputs);
  free(n->passthrough);
  free(n->model);
  memset(n, 0, sizeof *n);
}

const char *bsyn_netnames_var(const bsyn_netnames *n, const bsyn_aig *aig, uint32_t v, char *buf) {
  if (bsyn_aig_is_input(aig, v))
    return n->inputs[v - 1];
  /* formatted by hand: this runs once per AND fanin and printf dominated the writers */
  char digits[12];
  int k = 0;
  do {
    digits[k++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  size_t p = strlen(n->and_prefix);
  memcpy(buf, n->and_prefix, p);
  while (k)
    buf[p++] = digits[--k];
  buf[p] = '\0';
  return buf;
}
