/* bsyn-example-responder — an exec: oracle responder (protocol: docs/exec-protocol.md).
 *
 *   bsyn-example-responder [--op add|sub|xor] [--width N] [--misbehave MODE]
 *
 * Serves y[N] = a OP b (mod 2^N) for inputs a[N] b[N], 1 <= N <= 64, bit-sliced: input row
 * i of a batch holds bit i of 64 vectors per word. --misbehave makes it break the protocol
 * on purpose, to test the caller: exit (exit 3 before the handshake), garbage (print text
 * instead of a handshake), hang (never answer), die (exit on the first request),
 * hang-batch, wrong-size (reply with one word per row too few), short (half a reply, then
 * exit), error (report an error through the protocol), extra (trailing bytes). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAGIC_HELLO 0x4e595342u   /* "BSYN" */
#define MAGIC_REQUEST 0x51525342u /* "BSRQ" */
#define MAGIC_REPLY 0x50525342u   /* "BSRP" */

static void put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> 8 * i);
}

static void put64(uint8_t *p, uint64_t v) {
  put32(p, (uint32_t)v);
  put32(p + 4, (uint32_t)(v >> 32));
}

static uint64_t get64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = v << 8 | p[i];
  return v;
}

static void send_bytes(const void *p, size_t n) {
  if (fwrite(p, 1, n, stdout) != n)
    exit(1); /* bsyn went away */
}

static void hello(uint32_t width) {
  char text[128];
  int tlen = snprintf(text, sizeof text, "in a 0 %u\nin b %u %u\nout y 0 %u\n", width, width, width,
                      width);
  uint8_t h[20];
  put32(h, MAGIC_HELLO);
  put32(h + 4, 1);
  put32(h + 8, 2 * width);
  put32(h + 12, width);
  put32(h + 16, (uint32_t)tlen);
  send_bytes(h, sizeof h);
  send_bytes(text, (size_t)tlen);
  fflush(stdout);
}

static void reply_header(uint32_t status, uint64_t n) {
  uint8_t h[16];
  put32(h, MAGIC_REPLY);
  put32(h + 4, status);
  put64(h + 8, n);
  send_bytes(h, sizeof h);
}

/* y = a OP b over rows: ripple carry across rows, 64 vectors per word operation */
static void compute(const char *op, uint32_t width, size_t nwords, const uint64_t *in,
                    uint64_t *out) {
  const uint64_t *a = in, *b = in + (size_t)width * nwords;
  uint64_t inv = !strcmp(op, "sub") ? ~0ull : 0; /* a - b = a + ~b + 1 */
  int carries = strcmp(op, "xor") != 0;
  uint64_t carry[256];
  for (size_t w0 = 0; w0 < nwords; w0 += 256) {
    size_t nw = nwords - w0 < 256 ? nwords - w0 : 256;
    for (size_t w = 0; w < nw; w++)
      carry[w] = inv;
    /* row by row, so that each inner loop runs over contiguous words */
    for (uint32_t i = 0; i < width; i++) {
      const uint64_t *ra = a + i * nwords + w0, *rb = b + i * nwords + w0;
      uint64_t *ry = out + i * nwords + w0;
      for (size_t w = 0; w < nw; w++) {
        uint64_t x = ra[w], y = rb[w] ^ inv, c = carries ? carry[w] : 0;
        ry[w] = x ^ y ^ c;
        carry[w] = (x & y) | (c & (x ^ y));
      }
    }
  }
}

/* Answers one request whose rows are in `in`; returns 0 to go on, else an exit status. */
static int answer(const char *op, const char *mode, uint32_t width, uint64_t nwords,
                  const uint64_t *in, uint64_t *out) {
  if (!strcmp(mode, "die"))
    return 4;
  if (!strcmp(mode, "hang-batch"))
    for (;;)
      pause();
  if (!strcmp(mode, "error")) {
    const char *msg = "operands out of range";
    reply_header(7, strlen(msg));
    send_bytes(msg, strlen(msg));
    fflush(stdout);
    return 0;
  }
  compute(op, width, (size_t)nwords, in, out);
  size_t words = (size_t)width * nwords;
  if (!strcmp(mode, "wrong-size")) {
    nwords -= 1;
    words = (size_t)width * nwords;
  }
  reply_header(0, nwords);
  if (!strcmp(mode, "short")) {
    send_bytes(out, words / 2 * 8);
    fflush(stdout);
    return 5;
  }
  send_bytes(out, words * 8);
  if (!strcmp(mode, "extra"))
    send_bytes("tail", 4);
  fflush(stdout);
  return 0;
}

int main(int argc, char **argv) {
  const char *op = "add", *mode = "";
  uint32_t width = 32;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--op"))
      op = argv[i + 1];
    else if (!strcmp(argv[i], "--width"))
      width = (uint32_t)strtoul(argv[i + 1], NULL, 10);
    else if (!strcmp(argv[i], "--misbehave"))
      mode = argv[i + 1];
  }
  if (width < 1 || width > 64 || (strcmp(op, "add") && strcmp(op, "sub") && strcmp(op, "xor"))) {
    fprintf(
        stderr,
        "usage: bsyn-example-responder [--op add|sub|xor] [--width 1..64] [--misbehave MODE]\n");
    return 2;
  }
  if (!strcmp(mode, "exit"))
    return 3;
  if (!strcmp(mode, "garbage")) {
    printf("Hello! I am not a bsyn responder at all.\n");
    fflush(stdout);
    while (getchar() != EOF) {
    }
    return 0;
  }
  if (!strcmp(mode, "hang"))
    for (;;)
      pause();
  hello(width);
  uint8_t h[16];
  while (fread(h, 1, sizeof h, stdin) == sizeof h) {
    uint32_t magic = (uint32_t)get64(h);
    uint64_t nwords = get64(h + 8);
    if (magic != MAGIC_REQUEST || nwords == 0 || nwords > (1u << 24)) {
      fprintf(stderr, "bsyn-example-responder: bad request header\n");
      return 1;
    }
    size_t nin = 2 * (size_t)width * nwords, nout = (size_t)width * nwords;
    uint64_t *in = malloc(nin * 8), *out = malloc(nout * 8);
    int quit = !in || !out || fread(in, 8, nin, stdin) != nin
                   ? 1
                   : answer(op, mode, width, nwords, in, out);
    free(in);
    free(out);
    if (quit)
      return quit;
  }
  return 0;
}
