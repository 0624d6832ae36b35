/* The common part of every oracle: allocation, fields, evaluation, closing. The registry
 * that maps specs to implementations is in bsyn_oracle_registry.c. */
#include "bsyn_oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bsyn_oracle *bsyn_oracle_alloc(const bsyn_oracle_ops *ops, const char *name, uint32_t nin,
                               uint32_t nout) {
  bsyn_oracle *o = bsyn_calloc(1, sizeof *o);
  o->ops = ops;
  o->name = bsyn_strdup(name);
  o->num_inputs = nin;
  o->num_outputs = nout;
  return o;
}

void bsyn_oracle_add_field(bsyn_oracle *o, int is_output, const char *name, uint32_t lsb,
                           uint32_t width) {
  uint32_t limit = is_output ? o->num_outputs : o->num_inputs;
  if (width == 0 || lsb + width > limit)
    bsyn_abort("bsyn_oracle_add_field: field %s [%u +%u] outside %u bits", name, lsb, width, limit);
  bsyn_field **fields = is_output ? &o->out_fields : &o->in_fields;
  uint32_t *n = is_output ? &o->num_out_fields : &o->num_in_fields;
  *fields = bsyn_realloc(*fields, (*n + 1) * sizeof(bsyn_field));
  (*fields)[*n].name = bsyn_strdup(name);
  (*fields)[*n].lsb = lsb;
  (*fields)[*n].width = width;
  ++*n;
}

long bsyn_fields_first_difference(const bsyn_field *a, uint32_t na, const bsyn_field *b,
                                  uint32_t nb) {
  for (uint32_t f = 0; f < na || f < nb; f++)
    if (f >= na || f >= nb || strcmp(a[f].name, b[f].name) || a[f].lsb != b[f].lsb ||
        a[f].width != b[f].width)
      return f;
  return -1;
}

int bsyn_oracle_eval(bsyn_oracle *o, const uint64_t *in, uint64_t *out, size_t nwords,
                     bsyn_diag *d) {
  if (!o->ops || !o->ops->eval)
    bsyn_abort("oracle %s answers no queries (it is a fixed example set)", o->name);
  return o->ops->eval(o, in, out, nwords, d);
}

static void free_fields(bsyn_field *f, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    free((char *)f[i].name);
  free(f);
}

void bsyn_oracle_close(bsyn_oracle *o) {
  if (!o)
    return;
  if (o->ops && o->ops->destroy)
    o->ops->destroy(o);
  free_fields(o->in_fields, o->num_in_fields);
  free_fields(o->out_fields, o->num_out_fields);
  free(o->samples_in);
  free(o->samples_out);
  free(o->name);
  free(o->description);
  free(o);
}

/* Splits "base[k]" into its base length and k; returns 0 when name has no such suffix. */
static int bus_bit(const char *name, size_t *base_len, unsigned long *index) {
  size_t n = strlen(name);
  const char *open = strrchr(name, '[');
  if (!open || open == name || n < 3 || name[n - 1] != ']' || open + 1 == name + n - 1)
    return 0;
  unsigned long k = 0;
  for (const char *p = open + 1; p < name + n - 1; p++) {
    if (*p < '0' || *p > '9' || k > 100000000ul)
      return 0;
    k = 10 * k + (unsigned long)(*p - '0');
  }
  *base_len = (size_t)(open - name);
  *index = k;
  return 1;
}

void bsyn_oracle_fields_from_names(bsyn_oracle *o, int is_output, char *const *names,
                                   const char *unnamed_prefix) {
  uint32_t n = is_output ? o->num_outputs : o->num_inputs;
  char buf[64];
  for (uint32_t i = 0; i < n;) {
    const char *name = names ? names[i] : NULL;
    size_t base_len;
    unsigned long k;
    if (!name) {
      snprintf(buf, sizeof buf, "%s%u", unnamed_prefix, i);
      bsyn_oracle_add_field(o, is_output, buf, i, 1);
      i++;
      continue;
    }
    if (!bus_bit(name, &base_len, &k) || k != 0) {
      bsyn_oracle_add_field(o, is_output, name, i, 1);
      i++;
      continue;
    }
    uint32_t w = 1;
    while (i + w < n && names[i + w]) {
      size_t bl;
      unsigned long kk;
      if (!bus_bit(names[i + w], &bl, &kk) || bl != base_len || kk != w ||
          strncmp(names[i + w], name, base_len) != 0)
        break;
      w++;
    }
    char *base = bsyn_malloc(base_len + 1);
    memcpy(base, name, base_len);
    base[base_len] = '\0';
    bsyn_oracle_add_field(o, is_output, base, i, w);
    free(base);
    i += w;
  }
}
