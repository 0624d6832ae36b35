/* bsyn_aig_join.c — joining parts over shared inputs; outputs ordered by name. */
#include "bsyn_aig_join.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *label_of(const char *const *labels, uint32_t k, char *buf, size_t size) {
  if (labels && labels[k])
    return labels[k];
  snprintf(buf, size, "part %u", k);
  return buf;
}

static int named(const char *s) { return s && *s; }

/* Input names agree across the parts: writes into owner[k] the first part that names input k
 * (or UINT32_MAX). Returns 0 or -1 with d filled. */
static int check_inputs(const bsyn_aig *const *parts, const char *const *labels, uint32_t n,
                        uint32_t *owner, bsyn_diag *d) {
  char b1[32], b2[32];
  uint32_t nin = parts[0]->num_inputs;
  for (uint32_t p = 1; p < n; p++)
    if (parts[p]->num_inputs != nin)
      return bsyn_diag_set(d, 0, 0, "expected %u inputs as in %s, found %u in %s", nin,
                           label_of(labels, 0, b1, sizeof b1), parts[p]->num_inputs,
                           label_of(labels, p, b2, sizeof b2));
  for (uint32_t k = 0; k < nin; k++) {
    owner[k] = UINT32_MAX;
    for (uint32_t p = 0; p < n; p++) {
      const char *name = bsyn_aig_input_name(parts[p], k);
      if (!named(name))
        continue;
      if (owner[k] == UINT32_MAX) {
        owner[k] = p;
        continue;
      }
      const char *first = bsyn_aig_input_name(parts[owner[k]], k);
      if (strcmp(name, first))
        return bsyn_diag_set(d, 0, 0, "expected input %u named '%s' as in %s, found '%s' in %s", k,
                             first, label_of(labels, owner[k], b1, sizeof b1), name,
                             label_of(labels, p, b2, sizeof b2));
    }
  }
  return 0;
}

/* Rebuilds part p's ANDs and outputs into g; map has p->num_vars entries (scratch). */
static void add_part(bsyn_aig *g, const bsyn_aig *p, bsyn_lit *map) {
  map[0] = BSYN_LIT_FALSE;
  for (uint32_t i = 1; i <= p->num_inputs; i++)
    map[i] = bsyn_lit_make(i, 0);
  for (uint32_t v = p->num_inputs + 1; v < p->num_vars; v++) {
    bsyn_lit a = bsyn_aig_fanin0(p, v), b = bsyn_aig_fanin1(p, v);
    map[v] = bsyn_aig_and(g, bsyn_lit_notif(map[bsyn_lit_var(a)], bsyn_lit_sign(a)),
                          bsyn_lit_notif(map[bsyn_lit_var(b)], bsyn_lit_sign(b)));
  }
  for (uint32_t o = 0; o < p->num_outputs; o++) {
    bsyn_lit l = p->outputs[o];
    bsyn_aig_add_output(g, bsyn_lit_notif(map[bsyn_lit_var(l)], bsyn_lit_sign(l)),
                        bsyn_aig_output_name(p, o));
  }
}

bsyn_aig *bsyn_aig_join_labeled(const bsyn_aig *const *parts, const char *const *labels, uint32_t n,
                                bsyn_diag *d) {
  if (!parts || n == 0)
    bsyn_abort("bsyn_aig_join: expected at least one part, found %u", n);
  uint32_t nin = parts[0]->num_inputs;
  uint32_t *owner = bsyn_malloc((nin + 1) * sizeof *owner);
  if (check_inputs(parts, labels, n, owner, d)) {
    free(owner);
    return NULL;
  }
  bsyn_aig *g = bsyn_aig_new();
  bsyn_aig_set_model_name(g, parts[0]->model_name);
  for (uint32_t k = 0; k < nin; k++)
    bsyn_aig_add_input(g, owner[k] == UINT32_MAX ? NULL : bsyn_aig_input_name(parts[owner[k]], k));
  free(owner);
  uint32_t maxvars = 1;
  for (uint32_t p = 0; p < n; p++)
    if (parts[p]->num_vars > maxvars)
      maxvars = parts[p]->num_vars;
  bsyn_lit *map = bsyn_malloc(maxvars * sizeof *map);
  for (uint32_t p = 0; p < n; p++)
    add_part(g, parts[p], map);
  free(map);
  return g;
}

bsyn_aig *bsyn_aig_join(const bsyn_aig *const *parts, uint32_t n, bsyn_diag *d) {
  return bsyn_aig_join_labeled(parts, NULL, n, d);
}

/* ---- ordering outputs by name ---- */

typedef struct keyed {
  const char *name;
  uint32_t idx;
} keyed;

static int cmp_keyed(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* The first entry of sorted[0..n) named name, or n. */
static uint32_t lower_bound(const keyed *sorted, uint32_t n, const char *name) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (strcmp(sorted[mid].name, name) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Sorted (name, index) pairs of the list and of the named outputs; fills perm[i] = the output
 * listed as names[i]. Returns 0 or -1 with d filled. */
static int match_names(const bsyn_aig *aig, const char *const *names, uint32_t n, uint32_t *perm,
                       bsyn_diag *d) {
  uint32_t m = aig->num_outputs, nk = 0;
  keyed *outs = bsyn_malloc((size_t)(m + 1) * sizeof *outs);
  keyed *list = bsyn_malloc((size_t)(n + 1) * sizeof *list);
  for (uint32_t o = 0; o < m; o++)
    if (named(bsyn_aig_output_name(aig, o)))
      outs[nk++] = (keyed){bsyn_aig_output_name(aig, o), o};
  qsort(outs, nk, sizeof *outs, cmp_keyed);
  for (uint32_t i = 0; i < n; i++)
    list[i] = (keyed){names[i] ? names[i] : "", i};
  qsort(list, n, sizeof *list, cmp_keyed);
  int rc = 0;
  for (uint32_t i = 0; i + 1 < n && !rc; i++)
    if (!strcmp(list[i].name, list[i + 1].name))
      rc = bsyn_diag_set(d, 0, 0, "expected distinct names in the list, found '%s' at %u and %u",
                         list[i].name, list[i].idx, list[i + 1].idx);
  for (uint32_t i = 0; i < n && !rc; i++) {
    uint32_t j = lower_bound(outs, nk, names[i] ? names[i] : "");
    if (j == nk || strcmp(outs[j].name, names[i] ? names[i] : ""))
      rc = bsyn_diag_set(d, 0, 0, "expected an output named '%s', found none",
                         names[i] ? names[i] : "");
    else if (j + 1 < nk && !strcmp(outs[j + 1].name, outs[j].name)) {
      uint32_t count = 2;
      while (j + count < nk && !strcmp(outs[j + count].name, outs[j].name))
        count++;
      rc = bsyn_diag_set(d, 0, 0, "expected one output named '%s', found %u (outputs %u, %u%s)",
                         names[i], count, outs[j].idx, outs[j + 1].idx, count > 2 ? ", ..." : "");
    } else
      perm[i] = outs[j].idx;
  }
  if (!rc && m != n) {
    /* every listed name matched one output, so some output is not listed */
    uint8_t *used = bsyn_calloc(m, 1);
    for (uint32_t i = 0; i < n; i++)
      used[perm[i]] = 1;
    uint32_t o = 0;
    while (used[o])
      o++;
    const char *nm = bsyn_aig_output_name(aig, o);
    rc = named(nm)
             ? bsyn_diag_set(d, 0, 0,
                             "expected only the %u listed outputs, found output %u named '%s'", n,
                             o, nm)
             : bsyn_diag_set(
                   d, 0, 0, "expected only the %u listed outputs, found output %u (unnamed)", n, o);
    free(used);
  }
  free(outs);
  free(list);
  return rc;
}

int bsyn_aig_order_outputs(bsyn_aig *aig, const char *const *names, uint32_t n, bsyn_diag *d) {
  uint32_t *perm = bsyn_malloc((size_t)(n + 1) * sizeof *perm);
  if (match_names(aig, names, n, perm, d)) {
    free(perm);
    return -1;
  }
  /* copies first: names may point at aig's own output names */
  bsyn_lit *lits = bsyn_malloc((size_t)(n + 1) * sizeof *lits);
  char **copy = bsyn_malloc((size_t)(n + 1) * sizeof *copy);
  for (uint32_t i = 0; i < n; i++) {
    lits[i] = aig->outputs[perm[i]];
    copy[i] = bsyn_strdup(names[i]);
  }
  for (uint32_t i = 0; i < n; i++) {
    bsyn_aig_set_output(aig, i, lits[i]);
    bsyn_aig_set_output_name(aig, i, copy[i]);
    free(copy[i]);
  }
  free(copy);
  free(lits);
  free(perm);
  return 0;
}
