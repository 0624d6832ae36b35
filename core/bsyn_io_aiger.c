/* bsyn_io_aiger.c — AIGER 1.9 reader and writer, combinational subset, ASCII and binary.
 *
 * File layout (AIGER 1.9):
 *   header   "aag M I L O A [B C J F]" or "aig ..."; here L, B, C, J and F must be 0
 *   aag      I input lines (an even literal each), O output lines (a literal each), A AND
 *            lines "lhs rhs0 rhs1"; variables anywhere in 1..M, ANDs in any order
 *   aig      inputs implicit (variables 1..I), O output lines, then AND k (k = 0..A-1) in
 *            binary: lhs = 2*(I+k+1), two varints delta0 = lhs - rhs0 (> 0) and
 *            delta1 = rhs0 - rhs1 (>= 0); a varint is 7 bits per byte, least significant
 *            group first, bit 7 set on every byte but the last
 *   both     optional symbol table ("i<pos> name", "o<pos> name"), then an optional comment
 *            section: a line "c", then free text to the end of the file
 *
 * Line numbers in diagnostics count '\n' bytes, also inside the binary section, so they are
 * what a pager shows; errors inside binary ANDs also name the AND and its byte offset. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_io.h"
#include "bsyn_io_text.h"

/* The largest variable index a bsyn_aig can hold (its variable array stops at 2^30). */
#define AIGER_MAX_VAR ((1u << 30) - 1)
/* Binary inputs take no bytes in the file, so their count needs a cap of its own (the
 * largest the other formats take: PLA and trace files stop at 2^24 bits too). */
#define AIGER_MAX_INPUTS (1u << 24)
/* An aag file may number its variables sparsely, but the reader's tables are indexed by
 * variable: a defined variable may lie at most this far above 8 per byte of the file. */
#define AIGER_SPARSE_SLACK (1u << 20)

/* A cursor over a whole file held in memory (NUL-terminated, so p[0] is always readable). */
typedef struct scan {
  const unsigned char *begin, *p, *end;
  unsigned long line;
  bsyn_diag *d;
} scan;

typedef struct header {
  int binary;
  uint32_t m, i, o, a;
} header;

/* A literal used on a line (an output, or an AND fanin checked for being defined). */
typedef struct lit_use {
  uint32_t lit, line;
} lit_use;

typedef BSYN_VEC(lit_use) usevec;

typedef struct aag_and {
  uint32_t lhs, rhs0, rhs1, line;
} aag_and;

/* "'token'", "end of line" or "end of file" for what the cursor sits on. */
static const char *found(const scan *s, char *buf, size_t size) {
  const unsigned char *q = s->p;
  if (q >= s->end)
    return "end of file";
  if (*q == '\n' || *q == '\r')
    return "end of line";
  size_t n = 0;
  buf[n++] = '\'';
  for (int k = 0; k < 24 && q < s->end && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r';
       k++, q++) {
    if (n + 6 >= size)
      break;
    if (*q >= 0x20 && *q < 0x7f)
      buf[n++] = (char)*q;
    else
      n += (size_t)snprintf(buf + n, size - n, "\\x%02x", *q);
  }
  buf[n++] = '\'';
  buf[n] = '\0';
  return buf;
}

static int vfail(scan *s, unsigned long line, const char *fmt, va_list ap) BSYN_PRINTF(3, 0);
static int vfail(scan *s, unsigned long line, const char *fmt, va_list ap) {
  char msg[sizeof s->d->msg];
  vsnprintf(msg, sizeof msg, fmt, ap);
  return bsyn_diag_set(s->d, line, 0, "%s", msg);
}

/* An error at the cursor's line; at the end of a file that ends in a newline, the last line
 * (where a reader of the file looks for what is missing). */
static int fail(scan *s, const char *fmt, ...) BSYN_PRINTF(2, 3);
static int fail(scan *s, const char *fmt, ...) {
  unsigned long line = s->line;
  if (s->p >= s->end && s->end > s->begin && s->end[-1] == '\n' && line > 1)
    line--;
  va_list ap;
  va_start(ap, fmt);
  vfail(s, line, fmt, ap);
  va_end(ap);
  return -1;
}

static int fail_at(scan *s, unsigned long line, const char *fmt, ...) BSYN_PRINTF(3, 4);
static int fail_at(scan *s, unsigned long line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail(s, line, fmt, ap);
  va_end(ap);
  return -1;
}

static int is_blank(unsigned char c) { return c == ' ' || c == '\t'; }

static void skip_blanks(scan *s) {
  while (s->p < s->end && is_blank(*s->p))
    s->p++;
}

/* A decimal number below 2^32 that ends at a blank or a line end. */
static int parse_u32(scan *s, const char *what, uint32_t *out) {
  char tok[96];
  skip_blanks(s);
  const unsigned char *q = s->p;
  uint64_t v = 0;
  while (q < s->end && *q >= '0' && *q <= '9') {
    v = 10 * v + (uint64_t)(*q - '0');
    if (v > UINT32_MAX)
      return fail(s, "expected %s below 2^32, found %s", what, found(s, tok, sizeof tok));
    q++;
  }
  if (q == s->p || (q < s->end && !is_blank(*q) && *q != '\n' && *q != '\r'))
    return fail(s, "expected %s, found %s", what, found(s, tok, sizeof tok));
  s->p = q;
  *out = (uint32_t)v;
  return 0;
}

static int end_line(scan *s, const char *after) {
  char tok[96];
  skip_blanks(s);
  if (s->p < s->end && *s->p == '\r')
    s->p++;
  if (s->p < s->end && *s->p == '\n') {
    s->p++;
    s->line++;
    return 0;
  }
  if (s->p >= s->end)
    return 0;
  return fail(s, "expected end of line after %s, found %s", after, found(s, tok, sizeof tok));
}

/* A literal of at most 2M+1. */
static int parse_lit(scan *s, const header *h, const char *what, uint32_t *lit) {
  if (parse_u32(s, what, lit) < 0)
    return -1;
  if (*lit > 2 * (uint64_t)h->m + 1)
    return fail(s, "expected %s of at most 2M+1 = %llu, found %u (literal out of range)", what,
                2 * (unsigned long long)h->m + 1, *lit);
  return 0;
}

static int parse_header(scan *s, header *h) {
  static const char *const names[9] = {"M", "I", "L", "O", "A", "B", "C", "J", "F"};
  static const char *const what[9] = {
      "the maximum variable index M", "the input count I",   "the latch count L",
      "the output count O",           "the AND count A",     "the bad-state count B",
      "the constraint count C",       "the justice count J", "the fairness count F"};
  static const char *const section[9] = {"",
                                         "",
                                         "latches",
                                         "",
                                         "",
                                         "bad-state properties",
                                         "invariant constraints",
                                         "justice properties",
                                         "fairness constraints"};
  char tok[96];
  const unsigned char *p = s->p;
  if (s->end - p < 4 || p[0] != 'a' || (p[1] != 'a' && p[1] != 'i') || p[2] != 'g' ||
      !is_blank(p[3]))
    return fail(s, "expected an AIGER header 'aag' or 'aig', found %s", found(s, tok, sizeof tok));
  h->binary = p[1] == 'i';
  s->p += 3;
  uint32_t v[9] = {0};
  int n = 0;
  for (; n < 9; n++) {
    skip_blanks(s);
    if (n >= 5 && (s->p >= s->end || *s->p == '\n' || *s->p == '\r'))
      break;
    if (parse_u32(s, what[n], &v[n]) < 0)
      return -1;
  }
  if (end_line(s, "the header") < 0)
    return -1;
  for (int k = 2; k < 9; k++)
    if (v[k] && k != 3 && k != 4)
      return fail_at(s, 1, "expected a combinational file without %s (%s = 0), found %s = %u",
                     section[k], names[k], names[k], v[k]);
  h->m = v[0];
  h->i = v[1];
  h->o = v[3];
  h->a = v[4];
  uint64_t need = (uint64_t)h->i + h->a;
  if (h->m > AIGER_MAX_VAR)
    return fail_at(s, 1, "expected M of at most %u, found M = %u", AIGER_MAX_VAR, h->m);
  if (h->i > AIGER_MAX_INPUTS)
    return fail_at(s, 1, "expected at most %u inputs, found I = %u", AIGER_MAX_INPUTS, h->i);
  if (h->binary && h->m != need)
    return fail_at(s, 1, "expected M = I + L + A = %llu in a binary file, found M = %u",
                   (unsigned long long)need, h->m);
  if (h->m < need)
    return fail_at(s, 1, "expected M >= I + L + A = %llu, found M = %u", (unsigned long long)need,
                   h->m);
  return 0;
}

/* The symbol table and comment section, applied to aig (whose names all start NULL). */
static int parse_symbols(scan *s, bsyn_aig *aig) {
  typedef BSYN_VEC(char) charvec;
  charvec name = {0};
  char tok[96];
  int rc = 0;
  while (s->p < s->end && rc == 0) {
    unsigned char c = *s->p;
    /* The comment section runs to the end of the file. ABC's &w puts binary extension data
     * right after the 'c' on the same line, so only "c<digit>" (a constraint symbol, which a
     * combinational file cannot have) is not a comment start. */
    if (c == 'c' && (s->p + 1 >= s->end || s->p[1] < '0' || s->p[1] > '9'))
      break;
    if (c != 'i' && c != 'o') {
      rc = fail(s, "expected a symbol (i<n> name, o<n> name) or a comment line 'c', found %s%s",
                found(s, tok, sizeof tok),
                c >= '0' && c <= '9' ? " (more lines than the header counts)" : "");
      break;
    }
    int input = c == 'i';
    uint32_t count = input ? aig->num_inputs : aig->num_outputs;
    const char *kind = input ? "input" : "output";
    uint32_t pos;
    s->p++;
    if (s->p >= s->end || *s->p < '0' || *s->p > '9') {
      s->p--;
      rc = fail(s, "expected a symbol position after '%c', found %s", c, found(s, tok, sizeof tok));
      break;
    }
    if ((rc = parse_u32(s, "a symbol position", &pos)) < 0)
      break;
    if (pos >= count) {
      rc = fail(s, "expected an %s position below %u, found %c%u", kind, count, c, pos);
      break;
    }
    const char *old = input ? aig->input_names[pos] : aig->output_names[pos];
    if (old) {
      rc = fail(s, "expected one symbol per %s, found a second one for %c%u (already '%s')", kind,
                c, pos, old);
      break;
    }
    if (s->p >= s->end || *s->p != ' ') {
      rc = fail(s, "expected a space and a name after %c%u, found %s", c, pos,
                found(s, tok, sizeof tok));
      break;
    }
    const unsigned char *b = ++s->p;
    while (s->p < s->end && *s->p != '\n')
      s->p++;
    size_t len = (size_t)(s->p - b);
    if (len && b[len - 1] == '\r')
      len--;
    if (!len) {
      rc = fail(s, "expected a name after %c%u, found end of line", c, pos);
      break;
    }
    name.size = 0;
    bsyn_vec_reserve(name, len + 1);
    memcpy(name.data, b, len);
    name.data[len] = '\0';
    if (input)
      bsyn_aig_set_input_name(aig, pos, name.data);
    else
      bsyn_aig_set_output_name(aig, pos, name.data);
    rc = end_line(s, "a symbol");
  }
  bsyn_vec_free(name);
  return rc;
}

static int parse_outputs(scan *s, const header *h, usevec *outs) {
  for (uint32_t k = 0; k < h->o; k++) {
    lit_use u = {0, (uint32_t)s->line};
    if (parse_lit(s, h, "an output literal", &u.lit) < 0 || end_line(s, "an output literal") < 0)
      return -1;
    bsyn_vec_push(*outs, u);
  }
  return 0;
}

/* ---- ASCII body ------------------------------------------------------------------------ */

/* What each variable of an aag file is: grown on demand up to the largest defined variable,
 * so a sparse M costs nothing. line 0 = undefined; and = 1 + AND index, 0 for an input. */
typedef struct aag_defs {
  uint32_t *line, *and;
  uint32_t size;
} aag_defs;

static int aag_define(scan *s, aag_defs *defs, const header *h, uint32_t lit, uint32_t and_index,
                      const char *what) {
  if (lit & 1u)
    return fail(s, "expected an even literal as %s, found odd literal %u", what, lit);
  if (lit < 2)
    return fail(s, "expected a variable literal as %s, found the constant %u", what, lit);
  uint32_t v = lit >> 1;
  if (v > h->m)
    return fail(s, "expected %s of at most 2M = %llu, found %u (literal out of range)", what,
                2 * (unsigned long long)h->m, lit);
  uint64_t dense = AIGER_SPARSE_SLACK + 8 * (uint64_t)(s->end - s->begin);
  if (v > dense)
    return fail(s,
                "expected %s of at most %llu in a file of %zu bytes (a denser numbering), "
                "found %u",
                what, 2 * (unsigned long long)dense, (size_t)(s->end - s->begin), lit);
  if (v >= defs->size) {
    uint32_t n = defs->size ? defs->size : 64;
    while (n <= v)
      n = n > h->m / 2 ? h->m + 1 : 2 * n;
    defs->line = bsyn_realloc(defs->line, (size_t)n * sizeof *defs->line);
    defs->and = bsyn_realloc(defs->and, (size_t)n * sizeof *defs->and);
    memset(defs->line + defs->size, 0, (size_t)(n - defs->size) * sizeof *defs->line);
    defs->size = n;
  }
  if (defs->line[v])
    return fail(s, "expected a new variable as %s, found literal %u already defined on line %u",
                what, lit, defs->line[v]);
  defs->line[v] = (uint32_t)s->line;
  defs->and[v] = and_index;
  return 0;
}

static int aag_defined(const aag_defs *defs, uint32_t lit) {
  uint32_t v = lit >> 1;
  return v == 0 || (v < defs->size && defs->line[v]);
}

static int aag_check_use(scan *s, const aag_defs *defs, uint32_t lit, uint32_t line) {
  if (aag_defined(defs, lit))
    return 0;
  return fail_at(
      s, line, "expected a literal defined by an input or an AND, found undefined literal %u", lit);
}

/* Rebuilds the ANDs through bsyn_aig_and in a depth-first post-order that keeps file order
 * wherever the file is already topological (so write(read(f)) reproduces an ordered f),
 * detecting combinational cycles on the way. map[v] receives v's literal in aig. */
static int aag_rebuild(scan *s, const aag_defs *defs, const aag_and *ands, uint32_t num_ands,
                       bsyn_aig *aig, bsyn_lit *map) {
  typedef struct frame {
    uint32_t var, next;
  } frame;
  BSYN_VEC(frame) stack = {0};
  uint8_t *state = bsyn_calloc(defs->size ? defs->size : 1, 1); /* 1 on the path, 2 built */
  int rc = 0;
  for (uint32_t k = 0; k < num_ands && rc == 0; k++) {
    uint32_t root = ands[k].lhs >> 1;
    if (state[root])
      continue;
    state[root] = 1;
    bsyn_vec_push(stack, ((frame){root, 0}));
    while (stack.size) {
      frame *top = &stack.data[stack.size - 1];
      const aag_and *g = &ands[defs->and [top->var] - 1];
      if (top->next < 2) {
        uint32_t u = (top->next++ ? g->rhs1 : g->rhs0) >> 1;
        if (u == 0 || !defs->and[u] || state[u] == 2)
          continue;
        if (state[u] == 1) {
          rc = fail_at(s, g->line,
                       "expected an acyclic AND graph, found a combinational cycle through "
                       "literal %u",
                       2 * u);
          break;
        }
        state[u] = 1;
        bsyn_vec_push(stack, ((frame){u, 0}));
        continue;
      }
      bsyn_lit a = bsyn_lit_notif(map[g->rhs0 >> 1], g->rhs0 & 1u);
      bsyn_lit b = bsyn_lit_notif(map[g->rhs1 >> 1], g->rhs1 & 1u);
      map[top->var] = bsyn_aig_and(aig, a, b);
      state[top->var] = 2;
      stack.size--;
    }
  }
  bsyn_vec_free(stack);
  free(state);
  return rc;
}

static void add_outputs(bsyn_aig *aig, const usevec *outs, const bsyn_lit *map) {
  for (size_t k = 0; k < outs->size; k++) {
    uint32_t l = outs->data[k].lit;
    bsyn_aig_add_output(aig, bsyn_lit_notif(map[l >> 1], l & 1u), NULL);
  }
}

static int read_aag(scan *s, const header *h, bsyn_aig **out) {
  typedef BSYN_VEC(aag_and) andvec;
  aag_defs defs = {0};
  BSYN_VEC(uint32_t) inputs = {0};
  usevec outs = {0};
  andvec ands = {0};
  int rc = 0;
  for (uint32_t k = 0; k < h->i && rc == 0; k++) {
    uint32_t lit = 0;
    if ((rc = parse_u32(s, "an input literal", &lit)) == 0 &&
        (rc = aag_define(s, &defs, h, lit, 0, "an input")) == 0)
      rc = end_line(s, "an input literal");
    bsyn_vec_push(inputs, lit);
  }
  if (rc == 0)
    rc = parse_outputs(s, h, &outs);
  for (uint32_t k = 0; k < h->a && rc == 0; k++) {
    aag_and g = {0, 0, 0, (uint32_t)s->line};
    if ((rc = parse_u32(s, "an AND literal", &g.lhs)) == 0 &&
        (rc = aag_define(s, &defs, h, g.lhs, k + 1, "an AND output")) == 0 &&
        (rc = parse_lit(s, h, "an AND input literal", &g.rhs0)) == 0 &&
        (rc = parse_lit(s, h, "a second AND input literal", &g.rhs1)) == 0)
      rc = end_line(s, "an AND");
    bsyn_vec_push(ands, g);
  }
  for (size_t k = 0; k < outs.size && rc == 0; k++)
    rc = aag_check_use(s, &defs, outs.data[k].lit, outs.data[k].line);
  for (size_t k = 0; k < ands.size && rc == 0; k++)
    if ((rc = aag_check_use(s, &defs, ands.data[k].rhs0, ands.data[k].line)) == 0)
      rc = aag_check_use(s, &defs, ands.data[k].rhs1, ands.data[k].line);
  bsyn_aig *aig = NULL;
  if (rc == 0) {
    aig = bsyn_aig_new();
    bsyn_lit *map = bsyn_calloc(defs.size ? defs.size : 1, sizeof *map);
    for (size_t k = 0; k < inputs.size; k++)
      map[inputs.data[k] >> 1] = bsyn_aig_add_input(aig, NULL);
    rc = aag_rebuild(s, &defs, ands.data, (uint32_t)ands.size, aig, map);
    if (rc == 0) {
      add_outputs(aig, &outs, map);
      rc = parse_symbols(s, aig);
    }
    free(map);
  }
  bsyn_vec_free(inputs);
  bsyn_vec_free(outs);
  bsyn_vec_free(ands);
  free(defs.line);
  free(defs.and);
  if (rc < 0) {
    bsyn_aig_free(aig);
    aig = NULL;
  }
  *out = aig;
  return rc;
}

/* ---- binary body ----------------------------------------------------------------------- */

static unsigned long count_lines(const unsigned char *p, const unsigned char *end) {
  unsigned long n = 0;
  while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
    n++;
    p++;
  }
  return n;
}

/* An error inside the binary ANDs: AND k starting at byte `at`. */
static int fail_binary(scan *s, const unsigned char *bin, unsigned long bin_line, uint32_t k,
                       const unsigned char *at, const char *expected, const char *found_what) {
  return fail_at(s, bin_line + count_lines(bin, at),
                 "expected %s in binary AND %u (byte %zu), found %s", expected, k,
                 (size_t)(at - s->begin), found_what);
}

static int read_aig(scan *s, const header *h, bsyn_aig **out) {
  usevec outs = {0};
  int rc = parse_outputs(s, h, &outs);
  bsyn_aig *aig = NULL;
  bsyn_lit *map = NULL;
  if (rc == 0) {
    aig = bsyn_aig_new();
    /* every AND takes 2 bytes at least: a larger A than the rest of the file holds fails
     * at the end of the data, so the map need not be larger than the data allows */
    size_t fit = (size_t)(s->end - s->p) / 2, ands = h->a < fit ? h->a : fit;
    map = bsyn_malloc(((size_t)h->i + ands + 1) * sizeof *map);
    map[0] = BSYN_LIT_FALSE;
    for (uint32_t k = 0; k < h->i; k++)
      map[k + 1] = bsyn_aig_add_input(aig, NULL);
  }
  const unsigned char *bin = s->p, *p = s->p, *end = s->end;
  char what[96];
  for (uint32_t k = 0; k < h->a && rc == 0; k++) {
    const unsigned char *at = p;
    uint32_t lhs = 2 * (h->i + k + 1), delta[2];
    for (int j = 0; j < 2 && rc == 0; j++) {
      uint64_t x = 0;
      unsigned shift = 0, c;
      do {
        if (p >= end) {
          rc = fail_binary(s, bin, s->line, k, at, "two delta-coded fanins", "end of file");
          break;
        }
        c = *p++;
        x |= (uint64_t)(c & 0x7fu) << shift;
        shift += 7;
        if (shift >= 35 && (c & 0x80u || x > UINT32_MAX)) {
          rc = fail_binary(s, bin, s->line, k, at, "a delta below 2^32", "a longer varint");
          break;
        }
      } while (c & 0x80u);
      delta[j] = (uint32_t)x;
    }
    if (rc < 0)
      break;
    if (delta[0] == 0 || delta[0] > lhs) {
      snprintf(what, sizeof what, "a first delta in 1..%u (lhs %u)", lhs, lhs);
      char got[32];
      snprintf(got, sizeof got, "%u", delta[0]);
      rc = fail_binary(s, bin, s->line, k, at, what, got);
      break;
    }
    uint32_t rhs0 = lhs - delta[0];
    if (delta[1] > rhs0) {
      snprintf(what, sizeof what, "a second delta of at most %u (first fanin %u)", rhs0, rhs0);
      char got[32];
      snprintf(got, sizeof got, "%u", delta[1]);
      rc = fail_binary(s, bin, s->line, k, at, what, got);
      break;
    }
    uint32_t rhs1 = rhs0 - delta[1];
    map[lhs >> 1] = bsyn_aig_and(aig, bsyn_lit_notif(map[rhs0 >> 1], rhs0 & 1u),
                                 bsyn_lit_notif(map[rhs1 >> 1], rhs1 & 1u));
  }
  if (rc == 0) {
    s->line += count_lines(bin, p);
    s->p = p;
    add_outputs(aig, &outs, map);
    rc = parse_symbols(s, aig);
  }
  free(map);
  bsyn_vec_free(outs);
  if (rc < 0) {
    bsyn_aig_free(aig);
    aig = NULL;
  }
  *out = aig;
  return rc;
}

int bsyn_io_read_aiger(const char *path, bsyn_aig **out, bsyn_diag *d) {
  *out = NULL;
  if (d)
    bsyn_diag_init(d, path);
  char *buf;
  size_t len;
  if (bsyn_text_slurp(path, &buf, &len, d) < 0)
    return -1;
  const unsigned char *b = (const unsigned char *)buf;
  scan s = {b, b, b + len, 1, d};
  header h;
  int rc = parse_header(&s, &h);
  if (rc == 0)
    rc = h.binary ? read_aig(&s, &h, out) : read_aag(&s, &h, out);
  free(buf);
  return rc;
}

/* ---- writer ---------------------------------------------------------------------------- */

static void put_varint(bsyn_text_out *o, uint32_t x) {
  while (x & ~0x7fu) {
    bsyn_text_putc(o, (char)((x & 0x7fu) | 0x80u));
    x >>= 7;
  }
  bsyn_text_putc(o, (char)x);
}

static int has_line_break(const char *name) { return name && strpbrk(name, "\r\n") != NULL; }

static void put_symbols(bsyn_text_out *o, char kind, char *const *names, uint32_t n) {
  for (uint32_t k = 0; k < n; k++) {
    if (!names[k] || !names[k][0])
      continue;
    bsyn_text_putc(o, kind);
    bsyn_text_putu(o, k);
    bsyn_text_putc(o, ' ');
    bsyn_text_puts(o, names[k]);
    bsyn_text_putc(o, '\n');
  }
}

int bsyn_io_write_aiger(const bsyn_aig *aig, const char *path, int binary, bsyn_diag *d) {
  if (d)
    bsyn_diag_init(d, path);
  for (uint32_t k = 0; k < aig->num_inputs; k++)
    if (has_line_break(aig->input_names[k]))
      return bsyn_diag_set(d, 0, 0, "expected names without line breaks, found one in input %u", k);
  for (uint32_t k = 0; k < aig->num_outputs; k++)
    if (has_line_break(aig->output_names[k]))
      return bsyn_diag_set(d, 0, 0, "expected names without line breaks, found one in output %u",
                           k);
  bsyn_text_out o;
  if (bsyn_text_open(&o, path, d) < 0)
    return -1;
  uint32_t ni = aig->num_inputs;
  bsyn_text_puts(&o, binary ? "aig " : "aag ");
  bsyn_text_putu(&o, aig->num_vars - 1);
  bsyn_text_putc(&o, ' ');
  bsyn_text_putu(&o, ni);
  bsyn_text_puts(&o, " 0 ");
  bsyn_text_putu(&o, aig->num_outputs);
  bsyn_text_putc(&o, ' ');
  bsyn_text_putu(&o, bsyn_aig_num_ands(aig));
  bsyn_text_putc(&o, '\n');
  for (uint32_t k = 0; k < ni && !binary; k++) {
    bsyn_text_putu(&o, 2 * (uint64_t)(k + 1));
    bsyn_text_putc(&o, '\n');
  }
  for (uint32_t k = 0; k < aig->num_outputs; k++) {
    bsyn_text_putu(&o, aig->outputs[k]);
    bsyn_text_putc(&o, '\n');
  }
  for (uint32_t v = ni + 1; v < aig->num_vars; v++) {
    bsyn_lit f0 = aig->fanins[2 * v], f1 = aig->fanins[2 * v + 1];
    if (binary) {
      put_varint(&o, 2 * v - f0);
      put_varint(&o, f0 - f1);
      continue;
    }
    bsyn_text_putu(&o, 2 * (uint64_t)v);
    bsyn_text_putc(&o, ' ');
    bsyn_text_putu(&o, f0);
    bsyn_text_putc(&o, ' ');
    bsyn_text_putu(&o, f1);
    bsyn_text_putc(&o, '\n');
  }
  put_symbols(&o, 'i', aig->input_names, ni);
  put_symbols(&o, 'o', aig->output_names, aig->num_outputs);
  if (aig->model_name) {
    bsyn_text_puts(&o, "c\n");
    bsyn_text_puts(&o, aig->model_name);
    bsyn_text_putc(&o, '\n');
  }
  return bsyn_text_close(&o, d);
}
