/* BLIF: the writer (one .names per AND) and the reader (covers to balanced AND/OR trees). */
#include <stdlib.h>
#include <string.h>

#include "bsyn_io.h"
#include "bsyn_io_text.h"

/* ---- writer ---- */

/* Writes names after a directive, continuing long lines with '\' as SIS does. */
static void put_name_list(bsyn_text_out *o, const char *directive, char **names, uint32_t n) {
  size_t col = strlen(directive);
  bsyn_text_puts(o, directive);
  for (uint32_t i = 0; i < n; i++) {
    size_t len = strlen(names[i]);
    if (col + 1 + len > 78 && col > strlen(directive)) {
      bsyn_text_puts(o, " \\\n");
      col = 0;
    }
    bsyn_text_putc(o, ' ');
    bsyn_text_puts(o, names[i]);
    col += 1 + len;
  }
  bsyn_text_putc(o, '\n');
}

static void put_names_head(bsyn_text_out *o, const char *a, const char *b, const char *out) {
  bsyn_text_puts(o, ".names");
  const char *list[3] = {a, b, out};
  for (int i = 0; i < 3; i++) {
    if (!list[i])
      continue;
    bsyn_text_putc(o, ' ');
    bsyn_text_puts(o, list[i]);
  }
  bsyn_text_putc(o, '\n');
}

/* The constant signal <prefix>0 is only needed when an AND reads a constant, which a
 * strashed AIG never does but an unreduced one read from a file may. */
static int ands_read_constant(const bsyn_aig *aig) {
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++)
    if (bsyn_lit_var(bsyn_aig_fanin0(aig, v)) == 0 || bsyn_lit_var(bsyn_aig_fanin1(aig, v)) == 0)
      return 1;
  return 0;
}

int bsyn_io_write_blif(const bsyn_aig *aig, const char *path, bsyn_diag *d) {
  bsyn_diag_init(d, path);
  bsyn_text_out o;
  if (bsyn_text_open(&o, path, d))
    return -1;
  bsyn_netnames nn;
  bsyn_netnames_make(&nn, aig, 1);
  char b0[BSYN_NETNAME_BUF], b1[BSYN_NETNAME_BUF], b2[BSYN_NETNAME_BUF];

  bsyn_text_puts(&o, ".model ");
  bsyn_text_puts(&o, nn.model);
  bsyn_text_putc(&o, '\n');
  put_name_list(&o, ".inputs", nn.inputs, nn.num_inputs);
  put_name_list(&o, ".outputs", nn.outputs, nn.num_outputs);
  if (ands_read_constant(aig))
    put_names_head(&o, bsyn_netnames_var(&nn, aig, 0, b0), NULL, NULL);
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    bsyn_lit f0 = bsyn_aig_fanin0(aig, v), f1 = bsyn_aig_fanin1(aig, v);
    put_names_head(&o, bsyn_netnames_var(&nn, aig, bsyn_lit_var(f0), b0),
                   bsyn_netnames_var(&nn, aig, bsyn_lit_var(f1), b1),
                   bsyn_netnames_var(&nn, aig, v, b2));
    bsyn_text_putc(&o, bsyn_lit_sign(f0) ? '0' : '1');
    bsyn_text_putc(&o, bsyn_lit_sign(f1) ? '0' : '1');
    bsyn_text_puts(&o, " 1\n");
  }
  for (uint32_t i = 0; i < aig->num_outputs; i++) {
    bsyn_lit l = aig->outputs[i];
    if (nn.passthrough[i]) /* listed in .inputs and .outputs: no driver to write */
      continue;
    if (bsyn_lit_var(l) == 0) {
      put_names_head(&o, nn.outputs[i], NULL, NULL);
      if (l == BSYN_LIT_TRUE)
        bsyn_text_puts(&o, "1\n");
      continue;
    }
    put_names_head(&o, bsyn_netnames_var(&nn, aig, bsyn_lit_var(l), b0), nn.outputs[i], NULL);
    bsyn_text_puts(&o, bsyn_lit_sign(l) ? "0 1\n" : "1 1\n");
  }
  bsyn_text_puts(&o, ".end\n");
  bsyn_netnames_free(&nn);
  return bsyn_text_close(&o, d);
}

/* ---- reader ----
 * Two phases: parse records every signal, cover and row (the file's tokens are cut in
 * place in the slurped buffer, so names cost no copies); build then turns covers into ANDs
 * in file order, fanins first, so that a file this writer wrote reads back with the same
 * variable numbering (and writes back byte-identical). */

#define SIG_NONE UINT32_MAX
#define SIG_INPUT (UINT32_MAX - 1)

typedef struct net {
  uint32_t def;        /* cover index, SIG_INPUT or SIG_NONE */
  uint32_t first_line; /* first mention */
  uint32_t def_line;
  uint32_t out_line; /* line of its .outputs entry, 0 when not an output */
  uint8_t state;     /* build: 0 new, 1 on the DFS stack, 2 built */
  bsyn_lit lit;
} net;

typedef struct cover {
  uint32_t out;     /* net */
  uint32_t k;       /* inputs */
  size_t fanin_off; /* into fanins */
  size_t row_off;   /* into rows: nrows * k characters '0' '1' '-' */
  uint32_t nrows;
  int value; /* output column of its rows: 1 on-set, 0 off-set, -1 no rows yet */
  uint32_t line, value_line;
} cover;

typedef struct reader {
  bsyn_diag *d;
  bsyn_text_lines lines;
  bsyn_strmap names;
  BSYN_VEC(net) sigs;
  BSYN_VEC(cover) covers;
  BSYN_VEC(uint32_t) fanins;
  BSYN_VEC(char) rows;
  BSYN_VEC(uint32_t) inputs;  /* signals in .inputs order */
  BSYN_VEC(uint32_t) outputs; /* signals in .outputs order */
  const char *model;
  int have_model, have_end;
  int cover_open; /* rows now belong to the last cover */
} reader;

static uint32_t signal_of(reader *r, const bsyn_text_token *t) {
  int added;
  uint32_t id = bsyn_strmap_insert(&r->names, t->s, t->len, &added);
  if (added) {
    net s = {SIG_NONE, t->line, 0, 0, 0, 0};
    bsyn_vec_push(r->sigs, s);
  }
  return id;
}

static int define(reader *r, const bsyn_text_token *t, uint32_t def, uint32_t *id) {
  *id = signal_of(r, t);
  net *s = &r->sigs.data[*id];
  if (s->def != SIG_NONE)
    return bsyn_diag_set(r->d, t->line, t->col,
                         "signal '%s' already defined at line %lu: expected one definition, "
                         "found a second",
                         t->s, (unsigned long)s->def_line);
  s->def = def;
  s->def_line = t->line;
  return 0;
}

static int parse_names(reader *r) {
  if (r->lines.toks.size < 2)
    return bsyn_diag_set(r->d, r->lines.toks.data[0].line, 0,
                         "expected an output signal after .names, found end of line");
  cover c = {0};
  c.k = (uint32_t)(r->lines.toks.size - 2);
  c.fanin_off = r->fanins.size;
  c.row_off = r->rows.size;
  c.value = -1;
  c.line = r->lines.toks.data[0].line;
  for (uint32_t i = 0; i < c.k; i++) {
    uint32_t id = signal_of(r, &r->lines.toks.data[1 + i]);
    bsyn_vec_push(r->fanins, id);
  }
  if (define(r, &r->lines.toks.data[r->lines.toks.size - 1], (uint32_t)r->covers.size, &c.out))
    return -1;
  bsyn_vec_push(r->covers, c);
  r->cover_open = 1;
  return 0;
}

static int parse_row(reader *r) {
  const bsyn_text_token *t = r->lines.toks.data;
  if (!r->cover_open)
    return bsyn_diag_set(r->d, t->line, t->col, "expected a directive, found '%s'", t->s);
  cover *c = &r->covers.data[r->covers.size - 1];
  size_t want = c->k ? 2 : 1;
  if (r->lines.toks.size != want)
    return bsyn_diag_set(r->d, t->line, 0,
                         "expected a cover row of %zu field%s for '%s', found %zu", want,
                         want == 1 ? "" : "s", r->names.keys[c->out], r->lines.toks.size);
  if (c->k) {
    if (t->len != c->k)
      return bsyn_diag_set(r->d, t->line, t->col,
                           "cover row of the wrong width: expected %u input columns, found %u",
                           c->k, t->len);
    for (uint32_t i = 0; i < c->k; i++) {
      char ch = t->s[i];
      if (ch != '0' && ch != '1' && ch != '-')
        return bsyn_diag_set(r->d, t->line, t->col + i,
                             "bad character in cover row: expected '0', '1' or '-', found '%c'",
                             ch);
      bsyn_vec_push(r->rows, ch);
    }
    t++;
  }
  if (t->len != 1 || (t->s[0] != '0' && t->s[0] != '1'))
    return bsyn_diag_set(r->d, t->line, t->col,
                         "bad character in cover row: expected output value '0' or '1', "
                         "found '%s'",
                         t->s);
  int value = t->s[0] - '0';
  if (c->value >= 0 && c->value != value)
    return bsyn_diag_set(r->d, t->line, t->col,
                         "mixed on-set and off-set rows in the cover of '%s': expected output "
                         "value %d (as at line %lu), found %d",
                         r->names.keys[c->out], c->value, (unsigned long)c->value_line, value);
  c->value = value;
  c->value_line = t->line;
  c->nrows++;
  return 0;
}

static int parse_directive(reader *r) {
  const bsyn_text_token *t = r->lines.toks.data;
  const char *s = t->s;
  if (!r->have_model && strcmp(s, ".model"))
    return bsyn_diag_set(r->d, t->line, t->col, "expected .model, found '%s'", s);
  if (!strcmp(s, ".model")) {
    if (r->have_model)
      return bsyn_diag_set(r->d, t->line, t->col, "expected one .model, found a second");
    r->have_model = 1;
    r->model = r->lines.toks.size > 1 ? r->lines.toks.data[1].s : NULL;
    return 0;
  }
  if (!strcmp(s, ".inputs")) {
    for (size_t i = 1; i < r->lines.toks.size; i++) {
      uint32_t id;
      if (define(r, &r->lines.toks.data[i], SIG_INPUT, &id))
        return -1;
      bsyn_vec_push(r->inputs, id);
    }
    return 0;
  }
  if (!strcmp(s, ".outputs")) {
    for (size_t i = 1; i < r->lines.toks.size; i++) {
      const bsyn_text_token *o = &r->lines.toks.data[i];
      uint32_t id = signal_of(r, o);
      if (r->sigs.data[id].out_line)
        return bsyn_diag_set(r->d, o->line, o->col,
                             "output '%s' listed twice: expected it once, found it again "
                             "(first at line %lu)",
                             o->s, (unsigned long)r->sigs.data[id].out_line);
      r->sigs.data[id].out_line = o->line;
      bsyn_vec_push(r->outputs, id);
    }
    return 0;
  }
  if (!strcmp(s, ".names"))
    return parse_names(r);
  if (!strcmp(s, ".end")) {
    r->have_end = 1;
    return 0;
  }
  if (!strcmp(s, ".latch") || !strcmp(s, ".mlatch"))
    return bsyn_diag_set(r->d, t->line, t->col,
                         "expected a combinational netlist, found a latch (%s)", s);
  if (!strcmp(s, ".subckt") || !strcmp(s, ".gate") || !strcmp(s, ".search"))
    return bsyn_diag_set(r->d, t->line, t->col,
                         "expected a flat netlist of .names, found %s (hierarchy and library "
                         "gates are not supported)",
                         s);
  return bsyn_diag_set(r->d, t->line, t->col,
                       "unknown directive: expected .model, .inputs, .outputs, .names or "
                       ".end, found '%s'",
                       s);
}

static int parse(reader *r) {
  int got;
  uint32_t last_line = 0;
  while ((got = bsyn_text_lines_next(&r->lines, r->d)) == 1) {
    const bsyn_text_token *t = r->lines.toks.data;
    last_line = t->line;
    if (r->have_end)
      return bsyn_diag_set(r->d, t->line, t->col,
                           "expected end of file after .end, found '%s' (one model per file)",
                           t->s);
    if (t->s[0] != '.') {
      if (parse_row(r))
        return -1;
      continue;
    }
    /* rows may follow only the .names they belong to */
    r->cover_open = 0;
    if (parse_directive(r))
      return -1;
  }
  if (got < 0)
    return -1;
  if (!r->have_model)
    return bsyn_diag_set(r->d, r->lines.line > 1 ? r->lines.line - 1 : 1, 0,
                         "expected .model, found end of file");
  if (!r->have_end)
    return bsyn_diag_set(r->d, r->lines.line > 1 ? r->lines.line - 1 : last_line, 0,
                         "truncated file: expected .end, found end of file");
  return 0;
}

/* Reduces lits[0..n) pairwise, level by level, into one literal: a balanced tree. */
static bsyn_lit balanced(bsyn_aig *aig, bsyn_lit *lits, size_t n, int is_or) {
  if (!n)
    return is_or ? BSYN_LIT_FALSE : BSYN_LIT_TRUE;
  while (n > 1) {
    size_t m = 0;
    for (size_t i = 0; i + 1 < n; i += 2)
      lits[m++] =
          is_or ? bsyn_aig_or(aig, lits[i], lits[i + 1]) : bsyn_aig_and(aig, lits[i], lits[i + 1]);
    if (n & 1)
      lits[m++] = lits[n - 1];
    n = m;
  }
  return lits[0];
}

typedef BSYN_VEC(bsyn_lit) lit_vec;
typedef BSYN_VEC(uint32_t) u32_vec;

/* The cover's function over its (already built) fanins. */
static bsyn_lit build_cover(reader *r, bsyn_aig *aig, const cover *c, lit_vec *terms,
                            lit_vec *lits) {
  terms->size = 0;
  for (uint32_t row = 0; row < c->nrows; row++) {
    /* an index, not a pointer: rows.data is NULL when every cover so far is a constant */
    size_t at = c->row_off + (size_t)row * c->k;
    lits->size = 0;
    for (uint32_t i = 0; i < c->k; i++) {
      char ch = r->rows.data[at + i];
      if (ch == '-')
        continue;
      bsyn_lit l = r->sigs.data[r->fanins.data[c->fanin_off + i]].lit;
      bsyn_vec_push(*lits, bsyn_lit_notif(l, ch == '0'));
    }
    bsyn_vec_push(*terms, balanced(aig, lits->data, lits->size, 0));
  }
  bsyn_lit f = balanced(aig, terms->data, terms->size, 1);
  return c->nrows && c->value == 0 ? bsyn_lit_not(f) : f;
}

/* Builds the cover defining signal root and, depth first, every cover it reads.
 * Iterative, so that deep netlists cannot overflow the C stack. */
static int build_from(reader *r, bsyn_aig *aig, uint32_t root, u32_vec *stack, lit_vec *terms,
                      lit_vec *lits) {
  /* stack entries: signal id, next fanin position */
  stack->size = 0;
  bsyn_vec_push(*stack, root);
  bsyn_vec_push(*stack, 0);
  r->sigs.data[root].state = 1;
  while (stack->size) {
    uint32_t id = stack->data[stack->size - 2];
    uint32_t *pos = &stack->data[stack->size - 1];
    const cover *c = &r->covers.data[r->sigs.data[id].def];
    if (*pos < c->k) {
      uint32_t f = r->fanins.data[c->fanin_off + (*pos)++];
      net *fs = &r->sigs.data[f];
      if (fs->state == 1)
        return bsyn_diag_set(r->d, c->line, 0,
                             "combinational cycle through '%s': expected an acyclic netlist, "
                             "found that '%s' depends on itself via '%s'",
                             r->names.keys[f], r->names.keys[f], r->names.keys[id]);
      if (fs->state == 0) {
        fs->state = 1;
        bsyn_vec_push(*stack, f);
        bsyn_vec_push(*stack, 0);
      }
      continue;
    }
    r->sigs.data[id].lit = build_cover(r, aig, c, terms, lits);
    r->sigs.data[id].state = 2;
    stack->size -= 2;
  }
  return 0;
}

static int check_defined(reader *r) {
  for (uint32_t id = 0; id < r->sigs.size; id++)
    if (r->sigs.data[id].def == SIG_NONE)
      return bsyn_diag_set(r->d, r->sigs.data[id].first_line, 0,
                           "undefined signal '%s': expected it in .inputs or as a .names "
                           "output, found neither",
                           r->names.keys[id]);
  return 0;
}

static int build(reader *r, bsyn_aig *aig) {
  if (check_defined(r))
    return -1;
  bsyn_aig_set_model_name(aig, r->model);
  for (size_t i = 0; i < r->inputs.size; i++) {
    net *s = &r->sigs.data[r->inputs.data[i]];
    s->lit = bsyn_aig_add_input(aig, r->names.keys[r->inputs.data[i]]);
    s->state = 2;
  }
  u32_vec stack = {0};
  lit_vec terms = {0}, lits = {0};
  int rc = 0;
  for (size_t ci = 0; ci < r->covers.size && !rc; ci++)
    if (r->sigs.data[r->covers.data[ci].out].state == 0)
      rc = build_from(r, aig, r->covers.data[ci].out, &stack, &terms, &lits);
  bsyn_vec_free(stack);
  bsyn_vec_free(terms);
  bsyn_vec_free(lits);
  if (rc)
    return -1;
  for (size_t i = 0; i < r->outputs.size; i++) {
    uint32_t id = r->outputs.data[i];
    bsyn_aig_add_output(aig, r->sigs.data[id].lit, r->names.keys[id]);
  }
  return 0;
}

int bsyn_io_read_blif(const char *path, bsyn_aig **out, bsyn_diag *d) {
  bsyn_diag_init(d, path);
  *out = NULL;
  char *buf;
  size_t len;
  if (bsyn_text_slurp(path, &buf, &len, d))
    return -1;
  reader r = {0};
  r.d = d;
  bsyn_text_lines_init(&r.lines, buf, len, 1);
  /* a 2-input .names of a large netlist takes about 30 bytes and defines one net */
  bsyn_strmap_reserve(&r.names, len / 32);
  bsyn_aig *aig = NULL;
  int rc = parse(&r);
  if (!rc) {
    aig = bsyn_aig_new();
    rc = build(&r, aig);
  }
  bsyn_text_lines_free(&r.lines);
  bsyn_strmap_free(&r.names);
  bsyn_vec_free(r.sigs);
  bsyn_vec_free(r.covers);
  bsyn_vec_free(r.fanins);
  bsyn_vec_free(r.rows);
  bsyn_vec_free(r.inputs);
  bsyn_vec_free(r.outputs);
  free(buf);
  if (rc) {
    bsyn_aig_free(aig);
    return -1;
  }
  *out = aig;
  return 0;
}
