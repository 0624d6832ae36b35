/* Input and output bit lists of the CLI: indices, index ranges and named fields, as in
 * `bsyn learn --outputs` and the input order files of `bsyn learn --order`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn.h"
#include "bsyn_out.h"
#include "cli.h"

/* The bit range [*lo, *hi] of field[k] or field[k-j] (br points at '[', or NULL for the
 * whole field); 0 or -1. */
static int field_range(const bsyn_field *fd, const char *br, uint32_t *lo, uint32_t *hi) {
  uint64_t a = 0, b = fd->width - 1;
  if (br) {
    char inner[64];
    snprintf(inner, sizeof inner, "%s", br + 1);
    char *close = strchr(inner, ']');
    if (!close || close[1])
      return -1;
    *close = '\0';
    char *dash = strchr(inner, '-');
    if (dash)
      *dash = '\0';
    if (bsyn_cli_parse_u64(inner, &a) || (dash ? bsyn_cli_parse_u64(dash + 1, &b) : (b = a, 0)))
      return -1;
  }
  if (a > b || b >= fd->width)
    return -1;
  *lo = fd->lsb + (uint32_t)a;
  *hi = fd->lsb + (uint32_t)b;
  return 0;
}

int bsyn_cli_bit_token(const bsyn_field *fields, uint32_t nfields, uint32_t nbits, const char *tok,
                       uint32_t **list, uint32_t *n) {
  uint64_t a = 0, b = 0;
  char name[256];
  const char *dash = strchr(tok, '-'), *br = strchr(tok, '[');
  uint32_t lo = 0, hi = 0;
  int ok = 0;
  if (!bsyn_cli_parse_u64(tok, &a)) {
    lo = hi = (uint32_t)a, ok = a < nbits;
  } else if (dash && !br) {
    snprintf(name, sizeof name, "%.*s", (int)(dash - tok), tok);
    ok = !bsyn_cli_parse_u64(name, &a) && !bsyn_cli_parse_u64(dash + 1, &b) && a <= b && b < nbits;
    lo = (uint32_t)a, hi = (uint32_t)b;
  } else {
    snprintf(name, sizeof name, "%.*s", br ? (int)(br - tok) : (int)strlen(tok), tok);
    for (uint32_t f = 0; f < nfields && !ok; f++)
      if (!strcmp(fields[f].name, name))
        ok = !field_range(&fields[f], br, &lo, &hi);
  }
  if (!ok)
    return -1;
  for (uint32_t k = lo; k <= hi; k++) {
    *list = bsyn_realloc(*list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = k;
  }
  return 0;
}

/* Reports path:line: error: msg on stderr; returns 1. */
static int order_error(const char *path, unsigned line, const char *fmt, const char *tok,
                       const char *name) {
  fprintf(stderr, "%s:%u: error: ", path, line);
  fprintf(stderr, fmt, tok, name);
  fputc('\n', stderr);
  return 1;
}

int bsyn_cli_read_order(const char *path, const bsyn_oracle *o, uint32_t **order, uint32_t *n) {
  FILE *f = fopen(path, "r");
  if (!f)
    return bsyn_cli_error("learn", "cannot open --order file %s: %s", path, strerror(errno));
  uint8_t *seen = bsyn_calloc(o->num_inputs + 1, 1);
  char buf[4096];
  unsigned line = 0;
  int rc = 0;
  *order = NULL;
  *n = 0;
  while (!rc && fgets(buf, sizeof buf, f)) {
    line++;
    char *hash = strchr(buf, '#');
    if (hash)
      *hash = '\0';
    char *save = NULL;
    for (char *tok = strtok_r(buf, " \t\r\n,", &save); tok && !rc;
         tok = strtok_r(NULL, " \t\r\n,", &save)) {
      uint32_t first = *n;
      if (bsyn_cli_bit_token(o->in_fields, o->num_in_fields, o->num_inputs, tok, order, n)) {
        rc = order_error(path, line,
                         "expected an input of %2$s (N, N-M, field, field[k] or field[k-j]), "
                         "found '%1$s'",
                         tok, o->name);
        break;
      }
      for (uint32_t k = first; k < *n && !rc; k++)
        if (seen[(*order)[k]]++)
          rc = order_error(path, line, "expected each input once, found '%s' (%s) again", tok,
                           "listed before");
    }
  }
  if (!rc && ferror(f))
    rc = bsyn_cli_error("learn", "cannot read --order file %s", path);
  if (!rc && *n == 0)
    rc = order_error(path, line, "expected at least one input of %2$s, found %1$s", "an empty file",
                     o->name);
  fclose(f);
  free(seen);
  if (rc) {
    free(*order);
    *order = NULL;
    *n = 0;
  }
  return rc;
}

/* --save-order FILE: the order as names, one input per line (the inputs an order file left
 * out follow in index order, as the learner takes them). Returns 0 or 1 after the error. */
int bsyn_cli_write_order(const char *path, const bsyn_oracle * or, const uint32_t *order,
                         uint32_t norder) {
  if (!order)
    return bsyn_cli_error("learn", "expected --order FILE or --order auto with --save-order");
  bsyn_diag d;
  bsyn_diag_init(&d, path);
  bsyn_out out;
  if (bsyn_out_open(&out, path, &d))
    return bsyn_cli_report(&d);
  FILE *f = out.f;
  char **names = bsyn_learn_names(or, 0);
  uint8_t *seen = bsyn_calloc(or->num_inputs + 1, 1);
  fprintf(f, "# input order for %s (bsyn learn --order)\n", or->name);
  for (uint32_t k = 0; k < norder; k++) {
    seen[order[k]] = 1;
    fprintf(f, "%s\n", names[order[k]]);
  }
  for (uint32_t i = 0; i < or->num_inputs; i++)
    if (!seen[i])
      fprintf(f, "%s\n", names[i]);
  bsyn_learn_free_names(names, or->num_inputs);
  free(seen);
  return bsyn_out_commit(&out, &d) ? bsyn_cli_report(&d) : 0;
}
