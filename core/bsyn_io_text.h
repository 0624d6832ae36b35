/* bsyn_io_text.h — pieces shared by the text netlist formats (BLIF, Verilog, DOT, PLA):
 * whole-file input, checked buffered output, a string-to-id map and the naming scheme the
 * writers share, so that one AIG gets the same signal names in every format. */
#ifndef BSYN_IO_TEXT_H
#define BSYN_IO_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bsyn_aig.h"
#include "bsyn_out.h"
#include "bsyn_util.h"

/* Reads the whole file at path into a malloc'ed, NUL-terminated buffer (*len excludes the
 * NUL). Returns 0, or -1 with d filled when the file cannot be opened or read. The caller
 * frees *buf. */
int bsyn_text_slurp(const char *path, char **buf, size_t *len, bsyn_diag *d);

/* Line-by-line tokenizing of a slurped buffer: '#' starts a comment, blank and
 * comment-only lines are skipped, and with continuations on, a line ending in '\' goes on
 * in the next one. Tokens are cut in place (the byte after each becomes NUL), so they stay
 * valid as long as the buffer does. */
typedef struct bsyn_text_token {
  char *s; /* NUL-terminated, inside the buffer */
  uint32_t len;
  uint32_t line, col; /* 1-based position of the first byte */
} bsyn_text_token;

typedef struct bsyn_text_lines {
  char *p, *end; /* scan position */
  uint32_t line; /* physical line of the next byte */
  int continuations;
  BSYN_VEC(bsyn_text_token) toks; /* the current logical line */
} bsyn_text_lines;

void bsyn_text_lines_init(bsyn_text_lines *l, char *buf, size_t len, int continuations);
/* Reads the next non-empty logical line into l->toks. Returns 1, 0 at end of input, or -1
 * with d filled when the input ends right after a continuation (a truncated file). */
int bsyn_text_lines_next(bsyn_text_lines *l, bsyn_diag *d);
void bsyn_text_lines_free(bsyn_text_lines *l);

/* A checked output file, replaced atomically (bsyn_out.h). Write errors are sticky in the
 * FILE and reported once, at close. */
typedef struct bsyn_text_out {
  FILE *f;          /* out.f */
  const char *path; /* not owned */
  bsyn_out out;
} bsyn_text_out;

/* Opens path for writing (a temporary beside it). Returns 0, or -1 with d filled. */
int bsyn_text_open(bsyn_text_out *o, const char *path, bsyn_diag *d);
/* Flushes and closes o and puts the file in place. Returns 0, or -1 with d filled when
 * anything failed to write; the old file at path is then left as it was. */
int bsyn_text_close(bsyn_text_out *o, bsyn_diag *d);
/* Append a string, a character, a decimal number; failures show at bsyn_text_close. */
void bsyn_text_puts(bsyn_text_out *o, const char *s);
void bsyn_text_putc(bsyn_text_out *o, char c);
void bsyn_text_putu(bsyn_text_out *o, uint64_t v);

/* A map from strings to dense ids 0, 1, 2, ... in insertion order. Keys are not copied:
 * the caller keeps each key's bytes alive and unchanged while the map is used. Zero-init
 * is an empty map. Not thread-safe. */
typedef struct bsyn_strmap {
  const char **keys; /* keys[id] */
  uint32_t *lens;    /* lens[id] */
  uint32_t size, cap;
  uint64_t *slots; /* open addressing: hash << 32 | (id + 1), 0 = empty */
  uint32_t nslots; /* power of two */
} bsyn_strmap;

#define BSYN_STRMAP_NONE UINT32_MAX

/* The id of the len-byte key s, or BSYN_STRMAP_NONE. */
uint32_t bsyn_strmap_find(const bsyn_strmap *m, const char *s, size_t len);
/* The id of s, inserting it when absent (*added = 1 then, else 0; added may be NULL). */
uint32_t bsyn_strmap_insert(bsyn_strmap *m, const char *s, size_t len, int *added);
/* Makes room for n keys in all, so that loading that many needs no rehash. */
void bsyn_strmap_reserve(bsyn_strmap *m, size_t n);
void bsyn_strmap_free(bsyn_strmap *m);

/* Signal names for writing one AIG: ports keep their AIG names where they have them,
 * with bytes that no text format could carry (whitespace, control characters, '#', '\')
 * replaced by '_'; unnamed inputs become i<k> and unnamed outputs o<k> (0-based port
 * index); clashes get a suffix _<n> (first come, named ports before unnamed ones, inputs
 * before outputs), so all port names are distinct, with one exception: when passthrough
 * is set (formats where a name may be both an input and an output, as in BLIF), an output
 * driven by an uncomplemented input that carries the same name keeps that name and is
 * flagged in passthrough[] (once per input). AND variable v is <and_prefix><v>, the prefix
 * chosen so that no port name has that form; variable 0 (constant) is <and_prefix>0. The
 * same AIG always gets the same names. */
typedef struct bsyn_netnames {
  char **inputs;        /* num_inputs owned strings */
  char **outputs;       /* num_outputs owned strings */
  uint8_t *passthrough; /* num_outputs flags: 1 = the output is its input, no driver */
  char *model;          /* sanitized model name, "top" when the AIG has none */
  char and_prefix[16];
  uint32_t num_inputs, num_outputs;
} bsyn_netnames;

void bsyn_netnames_make(bsyn_netnames *n, const bsyn_aig *aig, int passthrough);
void bsyn_netnames_free(bsyn_netnames *n);
/* The name of variable v (an input, an AND, or 0 for the constant): an input's name, or
 * the AND name formatted into buf (BSYN_NETNAME_BUF bytes), which is returned then. */
#define BSYN_NETNAME_BUF 32
const char *bsyn_netnames_var(const bsyn_netnames *n, const bsyn_aig *aig, uint32_t v, char *buf);

#endif
