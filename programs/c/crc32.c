/* CRC-32 (IEEE 802.3, reflected, polynomial 0xedb88320): a table-driven and a bitwise
 * implementation must agree on 4 KiB of pseudo-random data, and the table one must give
 * the standard check value 0xcbf43926 for "123456789". */
#include "runtime.h"

enum { LEN = 4096 };

static uint32_t table[256];
static uint8_t data[LEN];

static void make_table(void) {
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t c = n;
    for (int k = 0; k < 8; k++)
      c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
}

static uint32_t crc_table(const uint8_t *p, size_t n) {
  uint32_t c = 0xffffffffu;
  while (n--)
    c = table[(c ^ *p++) & 0xff] ^ (c >> 8);
  return ~c;
}

static uint32_t crc_bitwise(const uint8_t *p, size_t n) {
  uint32_t c = 0xffffffffu;
  while (n--) {
    c ^= *p++;
    for (int k = 0; k < 8; k++)
      c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return ~c;
}

int main(void) {
  make_table();
  const char *check = "123456789";
  uint32_t c = crc_table((const uint8_t *)check, strlen(check));
  fmt_printf("crc32(\"%s\") = %08x\n", check, c);
  CHECK(c == 0xcbf43926u, 1, "standard check value");
  uint32_t s = 1;
  for (int i = 0; i < LEN; i++) {
    s = s * 1103515245u + 12345u;
    data[i] = (uint8_t)(s >> 16);
  }
  uint32_t t = crc_table(data, LEN), b = crc_bitwise(data, LEN);
  fmt_printf("crc32(%d pseudo-random bytes) = %08x (table), %08x (bitwise)\n", LEN, t, b);
  CHECK(t == b, 2, "table and bitwise agree");
  /* appending the CRC (little-endian) gives the fixed residue 0x2144df1c */
  uint8_t tail[4] = {(uint8_t)t, (uint8_t)(t >> 8), (uint8_t)(t >> 16), (uint8_t)(t >> 24)};
  uint32_t cont = ~crc_table(data, LEN);
  for (int i = 0; i < 4; i++)
    cont = table[(cont ^ tail[i]) & 0xff] ^ (cont >> 8);
  fmt_printf("residue %08x\n", ~cont);
  CHECK(~cont == 0x2144df1cu, 3, "CRC residue");
  return 0;
}
