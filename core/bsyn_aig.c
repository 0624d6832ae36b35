#include "bsyn_aig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_util.h"

bsyn_aig *bsyn_aig_new(void) {
  bsyn_aig *aig = bsyn_calloc(1, sizeof *aig);
  aig->cap_vars = 64;
  aig->fanins = bsyn_calloc(2 * (size_t)aig->cap_vars, sizeof(bsyn_lit));
  aig->num_vars = 1;
  aig->strash_cap = 64;
  aig->strash = bsyn_calloc(aig->strash_cap, sizeof(uint32_t));
  return aig;
}

static void free_names(char **names, uint32_t n) {
  if (!names)
    return;
  for (uint32_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
}

void bsyn_aig_free(bsyn_aig *aig) {
  if (!aig)
    return;
  free(aig->fanins);
  free(aig->outputs);
  free_names(aig->input_names, aig->num_inputs);
  free_names(aig->output_names, aig->num_outputs);
  free(aig->model_name);
  free(aig->strash);
  free(aig);
}

static char **dup_names(char *const *names, uint32_t n, uint32_t cap) {
  char **c = bsyn_calloc(cap ? cap : 1, sizeof(char *));
  for (uint32_t i = 0; i < n; i++)
    c[i] = bsyn_strdup(names[i]);
  return c;
}

bsyn_aig *bsyn_aig_dup(const bsyn_aig *aig) {
  bsyn_aig *c = bsyn_malloc(sizeof *c);
  *c = *aig;
  c->fanins = bsyn_malloc(2 * (size_t)aig->cap_vars * sizeof(bsyn_lit));
  memcpy(c->fanins, aig->fanins, 2 * (size_t)aig->num_vars * sizeof(bsyn_lit));
  c->outputs = aig->cap_outputs ? bsyn_malloc(aig->cap_outputs * sizeof(bsyn_lit)) : NULL;
  if (aig->num_outputs)
    memcpy(c->outputs, aig->outputs, aig->num_outputs * sizeof(bsyn_lit));
  c->input_names = dup_names(aig->input_names, aig->num_inputs, aig->cap_inputs);
  c->output_names = dup_names(aig->output_names, aig->num_outputs, aig->cap_outputs);
  c->model_name = bsyn_strdup(aig->model_name);
  c->strash = bsyn_malloc(aig->strash_cap * sizeof(uint32_t));
  memcpy(c->strash, aig->strash, aig->strash_cap * sizeof(uint32_t));
  return c;
}

static void grow_vars(bsyn_aig *aig) {
  if (aig->num_vars < aig->cap_vars)
    return;
  if (aig->cap_vars >= (1u << 30))
    bsyn_abort("AIG too large: %u variables", aig->num_vars);
  aig->cap_vars *= 2;
  aig->fanins = bsyn_realloc(aig->fanins, 2 * (size_t)aig->cap_vars * sizeof(bsyn_lit));
}

bsyn_lit bsyn_aig_add_input(bsyn_aig *aig, const char *name) {
  if (aig->num_vars != 1 + aig->num_inputs)
    bsyn_abort("bsyn_aig_add_input: inputs must be added before the first AND");
  grow_vars(aig);
  uint32_t v = aig->num_vars++;
  aig->fanins[2 * v] = aig->fanins[2 * v + 1] = 0;
  /* doubling: one realloc per input made reading 2^20 inputs quadratic under ASan */
  if (aig->num_inputs == aig->cap_inputs) {
    aig->cap_inputs = aig->cap_inputs ? 2 * aig->cap_inputs : 16;
    aig->input_names = bsyn_realloc(aig->input_names, aig->cap_inputs * sizeof(char *));
  }
  aig->num_inputs++;
  aig->input_names[aig->num_inputs - 1] = bsyn_strdup(name);
  return bsyn_lit_make(v, 0);
}

static void check_lit(const bsyn_aig *aig, bsyn_lit l, const char *what) {
  if (bsyn_lit_var(l) >= aig->num_vars)
    bsyn_abort("%s: literal %u out of range (%u variables)", what, l, aig->num_vars);
}

uint32_t bsyn_aig_add_output(bsyn_aig *aig, bsyn_lit lit, const char *name) {
  check_lit(aig, lit, "bsyn_aig_add_output");
  if (aig->num_outputs == aig->cap_outputs) {
    aig->cap_outputs = aig->cap_outputs ? 2 * aig->cap_outputs : 16;
    aig->outputs = bsyn_realloc(aig->outputs, aig->cap_outputs * sizeof(bsyn_lit));
    aig->output_names = bsyn_realloc(aig->output_names, aig->cap_outputs * sizeof(char *));
  }
  aig->outputs[aig->num_outputs] = lit;
  aig->output_names[aig->num_outputs] = bsyn_strdup(name);
  return aig->num_outputs++;
}

void bsyn_aig_set_output(bsyn_aig *aig, uint32_t idx, bsyn_lit lit) {
  if (idx >= aig->num_outputs)
    bsyn_abort("bsyn_aig_set_output: no output %u", idx);
  check_lit(aig, lit, "bsyn_aig_set_output");
  aig->outputs[idx] = lit;
}

void bsyn_aig_set_input_name(bsyn_aig *aig, uint32_t idx, const char *name) {
  if (idx >= aig->num_inputs)
    bsyn_abort("bsyn_aig_set_input_name: no input %u", idx);
  free(aig->input_names[idx]);
  aig->input_names[idx] = bsyn_strdup(name);
}

void bsyn_aig_set_output_name(bsyn_aig *aig, uint32_t idx, const char *name) {
  if (idx >= aig->num_outputs)
    bsyn_abort("bsyn_aig_set_output_name: no output %u", idx);
  free(aig->output_names[idx]);
  aig->output_names[idx] = bsyn_strdup(name);
}

void bsyn_aig_set_model_name(bsyn_aig *aig, const char *name) {
  free(aig->model_name);
  aig->model_name = bsyn_strdup(name);
}

const char *bsyn_aig_input_name(const bsyn_aig *aig, uint32_t idx) {
  return idx < aig->num_inputs ? aig->input_names[idx] : NULL;
}

const char *bsyn_aig_output_name(const bsyn_aig *aig, uint32_t idx) {
  return idx < aig->num_outputs ? aig->output_names[idx] : NULL;
}

static uint32_t strash_hash(bsyn_lit a, bsyn_lit b) {
  uint64_t k = ((uint64_t)a << 32) | b;
  return (uint32_t)(bsyn_mix64(k) >> 32);
}

static void strash_insert(bsyn_aig *aig, uint32_t var) {
  uint32_t mask = aig->strash_cap - 1;
  uint32_t h = strash_hash(aig->fanins[2 * var], aig->fanins[2 * var + 1]) & mask;
  while (aig->strash[h])
    h = (h + 1) & mask;
  aig->strash[h] = var;
}

static void strash_resize(bsyn_aig *aig) {
  free(aig->strash);
  while (aig->strash_cap < 2 * (bsyn_aig_num_ands(aig) + 1))
    aig->strash_cap *= 2;
  aig->strash = bsyn_calloc(aig->strash_cap, sizeof(uint32_t));
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++)
    strash_insert(aig, v);
}

bsyn_lit bsyn_aig_and(bsyn_aig *aig, bsyn_lit a, bsyn_lit b) {
  check_lit(aig, a, "bsyn_aig_and");
  check_lit(aig, b, "bsyn_aig_and");
  if (a < b) {
    bsyn_lit t = a;
    a = b;
    b = t;
  }
  /* b <= a: constants end up in b */
  if (b == BSYN_LIT_FALSE)
    return BSYN_LIT_FALSE;
  if (b == BSYN_LIT_TRUE)
    return a;
  if (a == b)
    return a;
  if (a == bsyn_lit_not(b))
    return BSYN_LIT_FALSE;
  uint32_t mask = aig->strash_cap - 1;
  uint32_t h = strash_hash(a, b) & mask;
  for (uint32_t v; (v = aig->strash[h]); h = (h + 1) & mask)
    if (aig->fanins[2 * v] == a && aig->fanins[2 * v + 1] == b)
      return bsyn_lit_make(v, 0);
  grow_vars(aig);
  uint32_t v = aig->num_vars++;
  aig->fanins[2 * v] = a;
  aig->fanins[2 * v + 1] = b;
  if (2 * (bsyn_aig_num_ands(aig) + 1) > aig->strash_cap)
    strash_resize(aig);
  else
    strash_insert(aig, v);
  return bsyn_lit_make(v, 0);
}

bsyn_lit bsyn_aig_or(bsyn_aig *aig, bsyn_lit a, bsyn_lit b) {
  return bsyn_lit_not(bsyn_aig_and(aig, bsyn_lit_not(a), bsyn_lit_not(b)));
}

bsyn_lit bsyn_aig_xor(bsyn_aig *aig, bsyn_lit a, bsyn_lit b) {
  bsyn_lit p = bsyn_aig_and(aig, a, bsyn_lit_not(b));
  bsyn_lit q = bsyn_aig_and(aig, bsyn_lit_not(a), b);
  return bsyn_aig_or(aig, p, q);
}

bsyn_lit bsyn_aig_mux(bsyn_aig *aig, bsyn_lit s, bsyn_lit t, bsyn_lit e) {
  if (t == e)
    return t;
  if (t == bsyn_lit_not(e))
    return bsyn_lit_not(bsyn_aig_xor(aig, s, t)); /* s ? t : !t  ==  !(s ^ t) */
  bsyn_lit p = bsyn_aig_and(aig, s, t);
  bsyn_lit q = bsyn_aig_and(aig, bsyn_lit_not(s), e);
  return bsyn_aig_or(aig, p, q);
}

uint32_t bsyn_aig_levels(const bsyn_aig *aig, uint32_t *level) {
  for (uint32_t v = 0; v <= aig->num_inputs; v++)
    level[v] = 0;
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    uint32_t l0 = level[bsyn_lit_var(aig->fanins[2 * v])];
    uint32_t l1 = level[bsyn_lit_var(aig->fanins[2 * v + 1])];
    level[v] = 1 + (l0 > l1 ? l0 : l1);
  }
  uint32_t depth = 0;
  for (uint32_t i = 0; i < aig->num_outputs; i++) {
    uint32_t l = level[bsyn_lit_var(aig->outputs[i])];
    if (l > depth)
      depth = l;
  }
  return depth;
}

uint32_t bsyn_aig_mark_cone(const bsyn_aig *aig, bsyn_lit lit, uint8_t *mark) {
  check_lit(aig, lit, "bsyn_aig_mark_cone");
  uint32_t top = bsyn_lit_var(lit);
  if (mark[top])
    return 0;
  /* One sweep down the variable order is enough: ANDs only point at lower variables, so a
   * variable is marked before it is visited. Re-expanding a node marked by an earlier call
   * only re-marks its (already marked) cone. */
  uint32_t inputs = 0;
  mark[top] = 1;
  for (uint32_t v = top; v > aig->num_inputs; v--) {
    if (!mark[v])
      continue;
    for (int k = 0; k < 2; k++) {
      uint32_t u = bsyn_lit_var(aig->fanins[2 * v + k]);
      if (!mark[u]) {
        mark[u] = 1;
        inputs += bsyn_aig_is_input(aig, u);
      }
    }
  }
  return inputs + bsyn_aig_is_input(aig, top);
}

uint32_t bsyn_aig_support(const bsyn_aig *aig, bsyn_lit lit, uint32_t *inputs) {
  uint8_t *mark = bsyn_calloc(aig->num_vars, 1);
  bsyn_aig_mark_cone(aig, lit, mark);
  uint32_t n = 0;
  for (uint32_t v = 1; v <= aig->num_inputs; v++)
    if (mark[v])
      inputs[n++] = v - 1;
  free(mark);
  return n;
}

/* Copies the ANDs marked in keep into dst, mapping old variables through map (which must
 * already hold the input literals); returns nothing, map is filled for kept ANDs. */
static void copy_marked(const bsyn_aig *src, bsyn_aig *dst, const uint8_t *keep, bsyn_lit *map) {
  for (uint32_t v = src->num_inputs + 1; v < src->num_vars; v++) {
    if (!keep[v])
      continue;
    bsyn_lit a = src->fanins[2 * v], b = src->fanins[2 * v + 1];
    bsyn_lit ma = bsyn_lit_notif(map[bsyn_lit_var(a)], bsyn_lit_sign(a));
    bsyn_lit mb = bsyn_lit_notif(map[bsyn_lit_var(b)], bsyn_lit_sign(b));
    map[v] = bsyn_aig_and(dst, ma, mb);
  }
}

static bsyn_lit map_lit(const bsyn_lit *map, bsyn_lit l) {
  return bsyn_lit_notif(map[bsyn_lit_var(l)], bsyn_lit_sign(l));
}

bsyn_aig *bsyn_aig_cone(const bsyn_aig *aig, const uint32_t *outs, uint32_t n,
                        int keep_all_inputs) {
  uint8_t *keep = bsyn_calloc(aig->num_vars, 1);
  for (uint32_t i = 0; i < n; i++) {
    if (outs[i] >= aig->num_outputs)
      bsyn_abort("bsyn_aig_cone: no output %u", outs[i]);
    bsyn_aig_mark_cone(aig, aig->outputs[outs[i]], keep);
  }
  bsyn_lit *map = bsyn_calloc(aig->num_vars, sizeof(bsyn_lit));
  bsyn_aig *dst = bsyn_aig_new();
  bsyn_aig_set_model_name(dst, aig->model_name);
  for (uint32_t v = 1; v <= aig->num_inputs; v++)
    if (keep_all_inputs || keep[v])
      map[v] = bsyn_aig_add_input(dst, aig->input_names[v - 1]);
  copy_marked(aig, dst, keep, map);
  for (uint32_t i = 0; i < n; i++)
    bsyn_aig_add_output(dst, map_lit(map, aig->outputs[outs[i]]), aig->output_names[outs[i]]);
  free(map);
  free(keep);
  return dst;
}

bsyn_aig *bsyn_aig_permute_inputs(const bsyn_aig *aig, const uint32_t *order) {
  uint8_t *keep = bsyn_malloc(aig->num_vars);
  memset(keep, 1, aig->num_vars);
  bsyn_lit *map = bsyn_calloc(aig->num_vars, sizeof(bsyn_lit));
  bsyn_aig *dst = bsyn_aig_new();
  bsyn_aig_set_model_name(dst, aig->model_name);
  for (uint32_t j = 0; j < aig->num_inputs; j++) {
    if (order[j] >= aig->num_inputs || map[order[j] + 1])
      bsyn_abort("bsyn_aig_permute_inputs: entry %u (%u) is not a permutation", j, order[j]);
    map[order[j] + 1] = bsyn_aig_add_input(dst, aig->input_names[order[j]]);
  }
  copy_marked(aig, dst, keep, map);
  for (uint32_t i = 0; i < aig->num_outputs; i++)
    bsyn_aig_add_output(dst, map_lit(map, aig->outputs[i]), aig->output_names[i]);
  free(map);
  free(keep);
  return dst;
}

bsyn_aig *bsyn_aig_cleanup(const bsyn_aig *aig) {
  uint32_t *all = bsyn_malloc((aig->num_outputs + 1) * sizeof(uint32_t));
  for (uint32_t i = 0; i < aig->num_outputs; i++)
    all[i] = i;
  bsyn_aig *c = bsyn_aig_cone(aig, all, aig->num_outputs, 1);
  free(all);
  return c;
}

void bsyn_aig_eval(const bsyn_aig *aig, const uint8_t *in, uint8_t *out) {
  uint8_t *val = bsyn_malloc(aig->num_vars);
  val[0] = 0;
  for (uint32_t v = 1; v <= aig->num_inputs; v++)
    val[v] = in[v - 1] & 1;
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    bsyn_lit a = aig->fanins[2 * v], b = aig->fanins[2 * v + 1];
    uint8_t x = val[bsyn_lit_var(a)] ^ (uint8_t)bsyn_lit_sign(a);
    uint8_t y = val[bsyn_lit_var(b)] ^ (uint8_t)bsyn_lit_sign(b);
    val[v] = x & y;
  }
  for (uint32_t i = 0; i < aig->num_outputs; i++) {
    bsyn_lit o = aig->outputs[i];
    out[i] = val[bsyn_lit_var(o)] ^ (uint8_t)bsyn_lit_sign(o);
  }
  free(val);
}

int bsyn_aig_check(const bsyn_aig *aig, char *msg, size_t size) {
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    bsyn_lit a = aig->fanins[2 * v], b = aig->fanins[2 * v + 1];
    if (bsyn_lit_var(a) >= v || bsyn_lit_var(b) >= v) {
      snprintf(msg, size, "AND %u has a fanin that is not below it (%u, %u)", v, a, b);
      return -1;
    }
    if (a < b) {
      snprintf(msg, size, "AND %u fanins not canonical (%u < %u)", v, a, b);
      return -1;
    }
  }
  for (uint32_t i = 0; i < aig->num_outputs; i++)
    if (bsyn_lit_var(aig->outputs[i]) >= aig->num_vars) {
      snprintf(msg, size, "output %u literal %u out of range", i, aig->outputs[i]);
      return -1;
    }
  return 0;
}

static int same_str(const char *a, const char *b) {
  if (!a || !b)
    return a == b;
  return strcmp(a, b) == 0;
}

int bsyn_aig_identical(const bsyn_aig *a, const bsyn_aig *b) {
  if (a->num_inputs != b->num_inputs || a->num_vars != b->num_vars ||
      a->num_outputs != b->num_outputs)
    return 0;
  if (memcmp(a->fanins, b->fanins, 2 * (size_t)a->num_vars * sizeof(bsyn_lit)))
    return 0;
  if (a->num_outputs && memcmp(a->outputs, b->outputs, a->num_outputs * sizeof(bsyn_lit)))
    return 0;
  for (uint32_t i = 0; i < a->num_inputs; i++)
    if (!same_str(a->input_names[i], b->input_names[i]))
      return 0;
  for (uint32_t i = 0; i < a->num_outputs; i++)
    if (!same_str(a->output_names[i], b->output_names[i]))
      return 0;
  return 1;
}
