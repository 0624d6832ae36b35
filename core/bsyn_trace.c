/* Trace files (docs/traces.md) and the recorder that makes them from program runs. The data
 * is stored as it is used: bit-sliced blocks of 64 vectors, so reading is a scatter of
 * words, never a bit transpose. */
#include "bsyn_trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_out.h"
#include "bsyn_transpose.h"

static const char trace_magic[8] = {'B', 'S', 'Y', 'N', 'T', 'R', 'A', 'C'};
enum {
  TRACE_VERSION = 1,
  OFF_COUNT = 16,      /* byte offset of num_vectors in the header */
  FIXED_HEADER = 44,   /* bytes before the oracle name */
  MAX_BITS = 1u << 24, /* inputs or outputs per vector */
  MAX_NAME = 4096,
  MAX_HEADER = 1u << 24
};

static void put32(uint8_t *p, uint32_t v) {
  for (int k = 0; k < 4; k++)
    p[k] = (uint8_t)(v >> (8 * k));
}
static void put64(uint8_t *p, uint64_t v) {
  for (int k = 0; k < 8; k++)
    p[k] = (uint8_t)(v >> (8 * k));
}
static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t get64(const uint8_t *p) { return get32(p) | (uint64_t)get32(p + 4) << 32; }

/* ---- header ---- */

typedef BSYN_VEC(uint8_t) byte_vec;

static void push_bytes(byte_vec *v, const void *src, size_t n) {
  bsyn_vec_reserve(*v, v->size + n);
  memcpy(v->data + v->size, src, n);
  v->size += n;
}
static void push32(byte_vec *v, uint32_t x) {
  uint8_t b[4];
  put32(b, x);
  push_bytes(v, b, 4);
}

static void push_fields(byte_vec *v, const bsyn_field *f, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    size_t len = strlen(f[i].name);
    push32(v, f[i].lsb);
    push32(v, f[i].width);
    push32(v, (uint32_t)len);
    push_bytes(v, f[i].name, len);
  }
}

static void encode_header(const bsyn_trace *t, size_t count, byte_vec *v) {
  uint8_t fixed[FIXED_HEADER] = {0};
  size_t name_len = strlen(t->oracle);
  memcpy(fixed, trace_magic, 8);
  put32(fixed + 8, TRACE_VERSION);
  put64(fixed + OFF_COUNT, count);
  put32(fixed + 24, t->num_inputs);
  put32(fixed + 28, t->num_outputs);
  put32(fixed + 32, t->num_in_fields);
  put32(fixed + 36, t->num_out_fields);
  put32(fixed + 40, (uint32_t)name_len);
  push_bytes(v, fixed, sizeof fixed);
  push_bytes(v, t->oracle, name_len);
  push_fields(v, t->in_fields, t->num_in_fields);
  push_fields(v, t->out_fields, t->num_out_fields);
  static const uint8_t zeros[8];
  push_bytes(v, zeros, (8 - v->size % 8) % 8);
  put32(v->data + 12, (uint32_t)v->size);
}

/* A bounds-checked cursor over the header bytes. */
typedef struct cursor {
  const uint8_t *p;
  size_t size, pos;
  bsyn_diag *d;
} cursor;

static int take(cursor *c, size_t n, const char *what, const uint8_t **out) {
  if (c->size - c->pos < n)
    return bsyn_diag_set(c->d, 0, 0, "expected %s at byte %zu, found the end of the header", what,
                         c->pos);
  *out = c->p + c->pos;
  c->pos += n;
  return 0;
}

static int take_name(cursor *c, const char *what, char **out) {
  const uint8_t *p = NULL;
  if (take(c, 4, what, &p))
    return -1;
  uint32_t len = get32(p);
  if (len == 0 || len > MAX_NAME)
    return bsyn_diag_set(c->d, 0, 0, "expected a %s of 1..%d bytes at byte %zu, found length %u",
                         what, MAX_NAME, c->pos - 4, len);
  if (take(c, len, what, &p))
    return -1;
  *out = bsyn_malloc(len + 1);
  memcpy(*out, p, len);
  (*out)[len] = '\0';
  return 0;
}

static int read_fields(cursor *c, uint32_t n, uint32_t limit, const char *side, bsyn_field *f) {
  for (uint32_t i = 0; i < n; i++) {
    const uint8_t *p = NULL;
    size_t at = c->pos;
    if (take(c, 8, "a field's lsb and width", &p))
      return -1;
    uint64_t lsb = get32(p), width = get32(p + 4);
    if (width == 0 || lsb + width > limit)
      return bsyn_diag_set(
          c->d, 0, 0, "expected %s field %u inside %u bits at byte %zu, found bits %llu..%llu",
          side, i, limit, at, (unsigned long long)lsb, (unsigned long long)(lsb + width - 1));
    char *name = NULL;
    if (take_name(c, "field name", &name))
      return -1;
    f[i].name = name;
    f[i].lsb = (uint32_t)lsb;
    f[i].width = (uint32_t)width;
  }
  return 0;
}

static void free_fields(bsyn_field *f, uint32_t n) {
  if (!f)
    return;
  for (uint32_t i = 0; i < n; i++)
    free((char *)f[i].name);
  free(f);
}

void bsyn_trace_free(bsyn_trace *t) {
  if (!t)
    return;
  free(t->oracle);
  free_fields(t->in_fields, t->num_in_fields);
  free_fields(t->out_fields, t->num_out_fields);
  bsyn_aligned_free(t->in);
  bsyn_aligned_free(t->out);
  free(t);
}

/* Parses everything of the header but the fixed part's magic/version/size (checked by the
 * caller). */
static int decode_header(cursor *c, bsyn_trace *t) {
  const uint8_t *h = c->p;
  t->num_vectors = (size_t)get64(h + OFF_COUNT);
  t->num_inputs = get32(h + 24);
  t->num_outputs = get32(h + 28);
  t->num_in_fields = get32(h + 32);
  t->num_out_fields = get32(h + 36);
  if (t->num_inputs == 0 || t->num_inputs > MAX_BITS || t->num_outputs == 0 ||
      t->num_outputs > MAX_BITS)
    return bsyn_diag_set(c->d, 0, 0,
                         "expected 1..%u inputs and outputs at byte 24, found %u and %u", MAX_BITS,
                         t->num_inputs, t->num_outputs);
  if (t->num_in_fields > t->num_inputs || t->num_out_fields > t->num_outputs)
    return bsyn_diag_set(c->d, 0, 0,
                         "expected at most one field per bit at byte 32, found %u and %u fields",
                         t->num_in_fields, t->num_out_fields);
  c->pos = 40;
  if (take_name(c, "oracle name", &t->oracle))
    return -1;
  /* a field takes 12 bytes at least (lsb, width, name length): a count the header cannot
   * hold is refused before the tables are allocated */
  uint64_t nfields = (uint64_t)t->num_in_fields + t->num_out_fields;
  if (nfields > (c->size - c->pos) / 12)
    return bsyn_diag_set(c->d, 0, 0,
                         "expected at most %zu fields in the %zu header bytes after byte %zu, "
                         "found %llu",
                         (c->size - c->pos) / 12, c->size - c->pos, c->pos,
                         (unsigned long long)nfields);
  t->in_fields = bsyn_calloc(t->num_in_fields + 1, sizeof *t->in_fields);
  t->out_fields = bsyn_calloc(t->num_out_fields + 1, sizeof *t->out_fields);
  if (read_fields(c, t->num_in_fields, t->num_inputs, "input", t->in_fields) ||
      read_fields(c, t->num_out_fields, t->num_outputs, "output", t->out_fields))
    return -1;
  for (size_t k = c->pos; k < c->size; k++)
    if (c->p[k])
      return bsyn_diag_set(c->d, 0, 0, "expected zero padding at byte %zu, found 0x%02x", k,
                           c->p[k]);
  return 0;
}

/* ---- reading ---- */

static int read_header(FILE *f, bsyn_trace *t, uint64_t *header_size, bsyn_diag *d) {
  uint8_t fixed[16];
  size_t got = fread(fixed, 1, sizeof fixed, f);
  if (got < 8 || memcmp(fixed, trace_magic, 8) != 0)
    return bsyn_diag_set(d, 0, 0, "expected a bsyn trace (magic \"BSYNTRAC\") at byte 0, found %s",
                         got < 8 ? "a shorter file" : "other bytes");
  if (got < 16)
    return bsyn_diag_set(d, 0, 0,
                         "expected a version and header size at byte 8, found the end of the file");
  if (get32(fixed + 8) != TRACE_VERSION)
    return bsyn_diag_set(d, 0, 0, "expected trace format version %d at byte 8, found %u",
                         TRACE_VERSION, get32(fixed + 8));
  uint32_t hsize = get32(fixed + 12);
  if (hsize < FIXED_HEADER || hsize > MAX_HEADER || hsize % 8)
    return bsyn_diag_set(
        d, 0, 0, "expected a header size that is a multiple of 8 in %d..%u at byte 12, found %u",
        FIXED_HEADER, MAX_HEADER, hsize);
  uint8_t *h = bsyn_malloc(hsize);
  memcpy(h, fixed, 16);
  int rc;
  if (fread(h + 16, 1, hsize - 16, f) != hsize - 16) {
    rc = bsyn_diag_set(d, 0, 0, "expected a header of %u bytes, found the end of the file", hsize);
  } else {
    cursor c = {h, hsize, 0, d};
    rc = decode_header(&c, t);
  }
  free(h);
  *header_size = hsize;
  return rc;
}

static int read_blocks(FILE *f, bsyn_trace *t, uint64_t header_size, bsyn_diag *d) {
  size_t rows = (size_t)t->num_inputs + t->num_outputs;
  uint64_t nblocks = (t->num_vectors + 63) / 64;
  if (fseek(f, 0, SEEK_END))
    return bsyn_diag_set(d, 0, 0, "expected a seekable file, found %s", strerror(errno));
  uint64_t size = (uint64_t)ftell(f), want = header_size + nblocks * rows * 8;
  if (nblocks > (UINT64_MAX / 8) / rows || size < want)
    return bsyn_diag_set(
        d, 0, 0, "expected %llu bytes for %llu vectors, found a file of %llu bytes (truncated)",
        (unsigned long long)want, (unsigned long long)t->num_vectors, (unsigned long long)size);
  if (size > want)
    return bsyn_diag_set(d, 0, 0,
                         "expected the end of the file at byte %llu, found %llu more bytes",
                         (unsigned long long)want, (unsigned long long)(size - want));
  fseek(f, (long)header_size, SEEK_SET);
  t->nwords = (size_t)nblocks;
  t->in = bsyn_aligned_alloc((size_t)t->num_inputs * t->nwords * 8 + 8);
  t->out = bsyn_aligned_alloc((size_t)t->num_outputs * t->nwords * 8 + 8);
  uint8_t *buf = bsyn_malloc(rows * 8);
  uint64_t tail = t->num_vectors % 64 ? ~0ull << (t->num_vectors % 64) : 0;
  int rc = 0;
  for (size_t w = 0; w < t->nwords && rc == 0; w++) {
    if (fread(buf, 8, rows, f) != rows) {
      rc = bsyn_diag_set(d, 0, 0, "expected block %zu, found a read error", w);
      break;
    }
    for (size_t r = 0; r < rows; r++) {
      uint64_t x = get64(buf + 8 * r);
      if (w + 1 == t->nwords && (x & tail)) {
        rc = bsyn_diag_set(d, 0, 0,
                           "expected zero bits past vector %zu at byte %llu, found 0x%016llx",
                           t->num_vectors, (unsigned long long)(header_size + (w * rows + r) * 8),
                           (unsigned long long)x);
        break;
      }
      if (r < t->num_inputs)
        t->in[r * t->nwords + w] = x;
      else
        t->out[(r - t->num_inputs) * t->nwords + w] = x;
    }
  }
  free(buf);
  return rc;
}

int bsyn_trace_read(const char *path, bsyn_trace **out, bsyn_diag *d) {
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f)
    return bsyn_diag_set(d, 0, 0, "expected a readable trace file, found %s", strerror(errno));
  bsyn_trace *t = bsyn_calloc(1, sizeof *t);
  uint64_t header_size = 0;
  int rc = read_header(f, t, &header_size, d);
  if (rc == 0)
    rc = read_blocks(f, t, header_size, d);
  fclose(f);
  if (rc) {
    bsyn_trace_free(t);
    return -1;
  }
  *out = t;
  return 0;
}

/* ---- writing ---- */

struct bsyn_trace_writer {
  bsyn_out out; /* replaced whole at close (bsyn_out.h) */
  FILE *f;      /* out.f */
  uint32_t num_inputs, num_outputs;
  size_t count;
  int ended; /* a partial block was written: no more adds */
  int failed;
  uint8_t *buf; /* one block */
};

static int io_error(bsyn_diag *d) {
  return bsyn_diag_set(d, 0, 0, "expected the trace file to be written, found %s", strerror(errno));
}

bsyn_trace_writer *bsyn_trace_writer_open(const char *path, const bsyn_trace *hdr, bsyn_diag *d) {
  bsyn_out out;
  if (bsyn_out_open(&out, path, d))
    return NULL;
  byte_vec h = {0};
  encode_header(hdr, 0, &h);
  size_t put = fwrite(h.data, 1, h.size, out.f);
  int ok = put == h.size;
  bsyn_vec_free(h);
  if (!ok) {
    io_error(d);
    bsyn_out_abort(&out);
    return NULL;
  }
  bsyn_trace_writer *w = bsyn_calloc(1, sizeof *w);
  w->out = out;
  w->f = out.f;
  w->num_inputs = hdr->num_inputs;
  w->num_outputs = hdr->num_outputs;
  w->buf = bsyn_malloc(((size_t)hdr->num_inputs + hdr->num_outputs) * 8);
  return w;
}

int bsyn_trace_writer_add(bsyn_trace_writer *w, const uint64_t *in, const uint64_t *out,
                          size_t nwords, size_t count, bsyn_diag *d) {
  if (w->ended || count > nwords * 64)
    bsyn_abort(
        "bsyn_trace_writer_add: %zu vectors after a partial block, or more than %zu words hold",
        count, nwords);
  size_t rows = (size_t)w->num_inputs + w->num_outputs;
  for (size_t wd = 0; wd * 64 < count; wd++) {
    uint64_t mask = count - wd * 64 >= 64 ? ~0ull : ~(~0ull << (count - wd * 64));
    for (size_t r = 0; r < rows; r++) {
      uint64_t x = r < w->num_inputs ? in[r * nwords + wd] : out[(r - w->num_inputs) * nwords + wd];
      put64(w->buf + 8 * r, x & mask);
    }
    if (fwrite(w->buf, 8, rows, w->f) != rows) {
      w->failed = 1;
      return io_error(d);
    }
  }
  w->count += count;
  w->ended = count % 64 != 0;
  return 0;
}

int bsyn_trace_writer_close(bsyn_trace_writer *w, bsyn_diag *d) {
  uint8_t b[8];
  put64(b, w->count);
  int rc = w->failed ? -1 : 0;
  if (rc == 0 && (fseek(w->f, OFF_COUNT, SEEK_SET) || fwrite(b, 1, 8, w->f) != 8))
    rc = io_error(d);
  if (rc == 0)
    rc = bsyn_out_commit(&w->out, d);
  else
    bsyn_out_abort(&w->out);
  free(w->buf);
  free(w);
  return rc;
}

int bsyn_trace_write(const char *path, const bsyn_trace *t, bsyn_diag *d) {
  bsyn_trace_writer *w = bsyn_trace_writer_open(path, t, d);
  if (!w)
    return -1;
  int rc = bsyn_trace_writer_add(w, t->in, t->out, t->nwords, t->num_vectors, d);
  int rc2 = bsyn_trace_writer_close(w, d);
  return rc ? rc : rc2;
}
