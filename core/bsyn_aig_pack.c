/* Packing an AIG into bytes and back (bsyn_aig_pack.h). Layout, all little-endian u32 unless
 * said: magic, inputs, ANDs, outputs; per AND its two fanin literals; per output its literal;
 * then the names (model, inputs, outputs), each a u32 length (0xffffffff = none) and bytes. */
#include "bsyn_aig_pack.h"

#include <stdlib.h>
#include <string.h>

#define PACK_MAGIC 0x6b706762u /* "bgpk" */
#define NO_NAME 0xffffffffu

typedef BSYN_VEC(uint8_t) packer;

static void put_u32(packer *p, uint32_t v) {
  uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
  bsyn_vec_append(*p, b, 4);
}

static void put_name(packer *p, const char *s) {
  if (!s) {
    put_u32(p, NO_NAME);
    return;
  }
  put_u32(p, (uint32_t)strlen(s));
  bsyn_vec_append(*p, s, strlen(s));
}

uint8_t *bsyn_aig_pack(const bsyn_aig *aig, size_t *len) {
  packer p = {0};
  uint32_t nands = bsyn_aig_num_ands(aig);
  put_u32(&p, PACK_MAGIC);
  put_u32(&p, aig->num_inputs);
  put_u32(&p, nands);
  put_u32(&p, aig->num_outputs);
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    put_u32(&p, bsyn_aig_fanin0(aig, v));
    put_u32(&p, bsyn_aig_fanin1(aig, v));
  }
  for (uint32_t o = 0; o < aig->num_outputs; o++)
    put_u32(&p, aig->outputs[o]);
  put_name(&p, aig->model_name);
  for (uint32_t i = 0; i < aig->num_inputs; i++)
    put_name(&p, bsyn_aig_input_name(aig, i));
  for (uint32_t o = 0; o < aig->num_outputs; o++)
    put_name(&p, bsyn_aig_output_name(aig, o));
  *len = p.size;
  return p.data;
}

typedef struct reader {
  const uint8_t *buf;
  size_t len, at;
  int bad;
} reader;

static uint32_t get_u32(reader *r) {
  if (r->len - r->at < 4) {
    r->bad = 1;
    return 0;
  }
  const uint8_t *b = r->buf + r->at;
  r->at += 4;
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* The next name, copied into a new string (NULL: none, or the buffer ended: r->bad). */
static char *get_name(reader *r) {
  uint32_t n = get_u32(r);
  if (r->bad || n == NO_NAME)
    return NULL;
  if (r->len - r->at < n) {
    r->bad = 1;
    return NULL;
  }
  char *s = bsyn_malloc((size_t)n + 1);
  memcpy(s, r->buf + r->at, n);
  s[n] = 0;
  r->at += n;
  return s;
}

bsyn_aig *bsyn_aig_unpack(const uint8_t *buf, size_t len, bsyn_diag *d) {
  reader r = {buf, len, 0, 0};
  uint32_t magic = get_u32(&r), nin = get_u32(&r), nands = get_u32(&r), nout = get_u32(&r);
  size_t need = 16 + 8 * (size_t)nands + 4 * (size_t)nout;
  if (r.bad || magic != PACK_MAGIC || len < need) {
    bsyn_diag_set(d, 0, 0, "expected a packed AIG of at least %zu bytes, found %zu", need, len);
    return NULL;
  }
  bsyn_aig *aig = bsyn_aig_new();
  for (uint32_t i = 0; i < nin; i++)
    bsyn_aig_add_input(aig, NULL);
  for (uint32_t k = 0; k < nands && !r.bad; k++) {
    bsyn_lit a = get_u32(&r), b = get_u32(&r);
    uint32_t v = aig->num_vars;
    if (bsyn_lit_var(a) >= v || bsyn_lit_var(b) >= v || bsyn_lit_var(bsyn_aig_and(aig, a, b)) != v)
      r.bad = 1; /* a fanin from ahead, or an AND that folds or exists: not a packed AIG */
  }
  for (uint32_t o = 0; o < nout && !r.bad; o++) {
    bsyn_lit l = get_u32(&r);
    if (bsyn_lit_var(l) >= aig->num_vars)
      r.bad = 1;
    else
      bsyn_aig_add_output(aig, l, NULL);
  }
  char *model = get_name(&r);
  bsyn_aig_set_model_name(aig, model);
  free(model);
  for (uint32_t i = 0; i < nin + nout && !r.bad; i++) {
    char *s = get_name(&r);
    if (s && i < nin)
      bsyn_aig_set_input_name(aig, i, s);
    else if (s)
      bsyn_aig_set_output_name(aig, i - nin, s);
    free(s);
  }
  if (r.bad || r.at != len) {
    bsyn_diag_set(d, 0, 0, "expected a packed AIG of %zu bytes, found %zu", r.at, len);
    bsyn_aig_free(aig);
    return NULL;
  }
  return aig;
}
