/* Espresso PLA example sets (IWLS 2020 contest format), read into bit-sliced rows.
 * A file is a header (.i .o, optional .p .type .ilb .ob), one example per line
 * ("<inputs> <outputs>", '-' allowed only in outputs), and an optional .e. */
#include <stdlib.h>
#include <string.h>

#include "bsyn_io.h"
#include "bsyn_io_text.h"

/* Larger sizes are certainly a broken header, and keep every size product in range. */
#define PLA_MAX_BITS (1u << 24)

typedef struct reader {
  bsyn_diag *d;
  bsyn_text_lines lines;
  bsyn_pla *pla;
  int have_i, have_o, have_p, have_end;
  uint32_t p_line;
  uint64_t p_count;
  size_t capacity; /* examples the rows were allocated for */
} reader;

static int parse_count(reader *r, const bsyn_text_token *dir, uint64_t max, uint64_t *out) {
  if (r->lines.toks.size != 2)
    return bsyn_diag_set(r->d, dir->line, dir->col, "expected one number after %s, found %zu",
                         dir->s, r->lines.toks.size - 1);
  const bsyn_text_token *t = dir + 1;
  uint64_t v = 0;
  for (uint32_t i = 0; i < t->len; i++) {
    char c = t->s[i];
    if (c < '0' || c > '9')
      return bsyn_diag_set(r->d, t->line, t->col,
                           "non-numeric header: expected a decimal number after %s, found '%s'",
                           dir->s, t->s);
    v = v * 10 + (uint64_t)(c - '0');
    if (v > max)
      return bsyn_diag_set(r->d, t->line, t->col,
                           "expected a number up to %llu after %s, found '%s'",
                           (unsigned long long)max, dir->s, t->s);
  }
  *out = v;
  return 0;
}

static int parse_labels(reader *r, const bsyn_text_token *dir, int have, uint32_t n,
                        char ***names) {
  if (!have)
    return bsyn_diag_set(r->d, dir->line, dir->col, "expected %s before %s, found %s first",
                         !strcmp(dir->s, ".ilb") ? ".i" : ".o", dir->s, dir->s);
  if (*names)
    return bsyn_diag_set(r->d, dir->line, dir->col, "expected one %s, found a second", dir->s);
  if (r->lines.toks.size - 1 != n)
    return bsyn_diag_set(r->d, dir->line, dir->col, "expected %u names after %s, found %zu", n,
                         dir->s, r->lines.toks.size - 1);
  *names = bsyn_calloc(n ? n : 1, sizeof **names);
  for (uint32_t i = 0; i < n; i++)
    (*names)[i] = bsyn_strdup(dir[1 + i].s);
  return 0;
}

static int parse_directive(reader *r) {
  const bsyn_text_token *t = r->lines.toks.data;
  bsyn_pla *pla = r->pla;
  uint64_t v;
  if (r->capacity && strcmp(t->s, ".e") && strcmp(t->s, ".end"))
    return bsyn_diag_set(r->d, t->line, t->col,
                         "expected an example row or .e, found '%s' after the first example", t->s);
  if (!strcmp(t->s, ".i") || !strcmp(t->s, ".o")) {
    int *have = t->s[1] == 'i' ? &r->have_i : &r->have_o;
    if (*have)
      return bsyn_diag_set(r->d, t->line, t->col, "expected one %s, found a second", t->s);
    if (parse_count(r, t, PLA_MAX_BITS, &v))
      return -1;
    if (v == 0)
      return bsyn_diag_set(r->d, t[1].line, t[1].col, "expected a positive count after %s, found 0",
                           t->s);
    *(t->s[1] == 'i' ? &pla->num_inputs : &pla->num_outputs) = (uint32_t)v;
    *have = 1;
    return 0;
  }
  if (!strcmp(t->s, ".p")) {
    if (r->have_p)
      return bsyn_diag_set(r->d, t->line, t->col, "expected one .p, found a second");
    r->have_p = 1;
    r->p_line = t->line;
    return parse_count(r, t, UINT32_MAX, &r->p_count);
  }
  if (!strcmp(t->s, ".type")) {
    if (r->lines.toks.size != 2 || strcmp(t[1].s, "fr"))
      return bsyn_diag_set(r->d, t->line, t->col,
                           "expected '.type fr' (an example set), found '.type %s'",
                           r->lines.toks.size > 1 ? t[1].s : "");
    return 0;
  }
  if (!strcmp(t->s, ".ilb"))
    return parse_labels(r, t, r->have_i, pla->num_inputs, &pla->input_names);
  if (!strcmp(t->s, ".ob"))
    return parse_labels(r, t, r->have_o, pla->num_outputs, &pla->output_names);
  if (!strcmp(t->s, ".e") || !strcmp(t->s, ".end")) {
    r->have_end = 1;
    return 0;
  }
  return bsyn_diag_set(r->d, t->line, t->col,
                       "unknown directive: expected .i, .o, .p, .type, .ilb, .ob or .e, "
                       "found '%s'",
                       t->s);
}

/* Rows are counted before they are read, so the bit-sliced arrays are allocated once:
 * every non-blank line that is neither a directive nor a comment is taken as a row. */
static size_t count_rows(const char *p, const char *end) {
  size_t n = 0;
  while (p < end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
      p++;
    if (p < end && *p != '.' && *p != '#' && *p != '\n')
      n++;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    p = nl ? nl + 1 : end;
  }
  return n;
}

static void allocate_rows(reader *r, size_t rows) {
  bsyn_pla *pla = r->pla;
  r->capacity = rows;
  pla->nwords = (r->capacity + 63) / 64;
  pla->in = bsyn_calloc((size_t)pla->num_inputs * pla->nwords, sizeof *pla->in);
  pla->out = bsyn_calloc((size_t)pla->num_outputs * pla->nwords, sizeof *pla->out);
  pla->care = bsyn_calloc((size_t)pla->num_outputs * pla->nwords, sizeof *pla->care);
}

/* Stores one plane of bits for example e: '1' sets the bit; '-' (outputs only) leaves the
 * care bit clear. */
static int store_plane(reader *r, const bsyn_text_token *t, uint32_t n, uint64_t *bits,
                       uint64_t *care, size_t e) {
  const char *what = care ? "output" : "input";
  if (t->len != n)
    return bsyn_diag_set(r->d, t->line, t->col, "wrong row width: expected %u %s columns, found %u",
                         n, what, t->len);
  size_t nw = r->pla->nwords, w = e / 64;
  uint64_t bit = 1ull << (e % 64);
  for (uint32_t i = 0; i < n; i++) {
    char c = t->s[i];
    if (c == '1')
      bits[i * nw + w] |= bit;
    else if (c == '-' && care)
      continue;
    else if (c != '0')
      return bsyn_diag_set(r->d, t->line, t->col + i, "bad character: expected %s, found '%c'",
                           care ? "'0', '1' or '-'" : "'0' or '1'", c);
    if (care)
      care[i * nw + w] |= bit;
  }
  return 0;
}

static int parse_row(reader *r) {
  const bsyn_text_token *t = r->lines.toks.data;
  bsyn_pla *pla = r->pla;
  if (!r->have_i || !r->have_o)
    return bsyn_diag_set(r->d, t->line, t->col, "expected %s before the first example, found '%s'",
                         !r->have_i ? ".i" : ".o", t->s);
  if (!r->capacity) /* this line plus the rest: the scan has not touched the rest yet */
    allocate_rows(r, 1 + count_rows(r->lines.p, r->lines.end));
  if (r->lines.toks.size != 2)
    return bsyn_diag_set(r->d, t->line, t->col,
                         "expected an example of 2 fields (inputs, outputs), found %zu fields",
                         r->lines.toks.size);
  size_t e = pla->num_examples;
  if (e >= r->capacity)
    bsyn_abort("bsyn_io_read_pla: more rows than counted");
  if (r->have_p && e >= r->p_count)
    return bsyn_diag_set(r->d, t->line, t->col,
                         "count mismatch with .p: expected %llu examples (.p at line %lu), "
                         "found more",
                         (unsigned long long)r->p_count, (unsigned long)r->p_line);
  if (store_plane(r, &t[0], pla->num_inputs, pla->in, NULL, e) ||
      store_plane(r, &t[1], pla->num_outputs, pla->out, pla->care, e))
    return -1;
  pla->num_examples++;
  return 0;
}

static int parse(reader *r) {
  int got;
  while ((got = bsyn_text_lines_next(&r->lines, r->d)) == 1) {
    const bsyn_text_token *t = r->lines.toks.data;
    if (r->have_end)
      return bsyn_diag_set(r->d, t->line, t->col, "expected end of file after .e, found '%s'",
                           t->s);
    if (t->s[0] == '.' ? parse_directive(r) : parse_row(r))
      return -1;
  }
  if (got < 0)
    return -1;
  unsigned long last = r->lines.line > 1 ? r->lines.line - 1 : 1;
  if (!r->have_i || !r->have_o)
    return bsyn_diag_set(r->d, last, 0, "expected %s, found end of file", !r->have_i ? ".i" : ".o");
  if (r->have_p && r->pla->num_examples != r->p_count)
    return bsyn_diag_set(r->d, last, 0,
                         "count mismatch with .p: expected %llu examples (.p at line %lu), "
                         "found %zu",
                         (unsigned long long)r->p_count, (unsigned long)r->p_line,
                         r->pla->num_examples);
  /* nothing can be learned from, or measured on, an empty set: refuse it here so that
   * every user of example sets (oracle info, learn, --validate) says the same */
  if (!r->pla->num_examples)
    return bsyn_diag_set(r->d, last, 0,
                         "expected at least one example row ('<inputs> <outputs>'), found none");
  return 0;
}

int bsyn_io_read_pla(const char *path, bsyn_pla **out, bsyn_diag *d) {
  bsyn_diag_init(d, path);
  *out = NULL;
  char *buf;
  size_t len;
  if (bsyn_text_slurp(path, &buf, &len, d))
    return -1;
  reader r = {0};
  r.d = d;
  r.pla = bsyn_calloc(1, sizeof *r.pla);
  bsyn_text_lines_init(&r.lines, buf, len, 0);
  int rc = parse(&r);
  bsyn_text_lines_free(&r.lines);
  free(buf);
  if (rc) {
    bsyn_pla_free(r.pla);
    return -1;
  }
  /* every counted line was read as a row, so this is the allocation's size */
  r.pla->nwords = (r.pla->num_examples + 63) / 64;
  *out = r.pla;
  return 0;
}

static void free_names(char **names, uint32_t n) {
  if (!names)
    return;
  for (uint32_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
}

void bsyn_pla_free(bsyn_pla *pla) {
  if (!pla)
    return;
  free(pla->in);
  free(pla->out);
  free(pla->care);
  free_names(pla->input_names, pla->num_inputs);
  free_names(pla->output_names, pla->num_outputs);
  free(pla);
}
