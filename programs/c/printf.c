/* The runtime's printf: every conversion, flag and width against expected strings, then a
 * formatted table written through the write ecall. */
#include "runtime.h"

static int failures;

static void expect(const char *want, const char *fmt, ...) {
  char buf[64];
  va_list ap;
  va_start(ap, fmt);
  int n = fmt_vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (strcmp(buf, want) != 0 || n != (int)strlen(want)) {
    fmt_printf("FAIL: format \"%s\" gave \"%s\" (%d), expected \"%s\"\n", fmt, buf, n, want);
    failures++;
  }
}

int main(void) {
  expect("0", "%d", 0);
  expect("-1", "%d", -1);
  expect("2147483647", "%d", 2147483647);
  expect("-2147483648", "%d", (int)0x80000000u);
  expect("4294967295", "%u", 0xffffffffu);
  expect("deadbeef", "%x", 0xdeadbeefu);
  expect("DEADBEEF", "%X", 0xdeadbeefu);
  expect("0x10000", "%p", (void *)0x10000);
  expect("[   42]", "[%5d]", 42);
  expect("[42   ]", "[%-5d]", 42);
  expect("[00042]", "[%05d]", 42);
  expect("[-0042]", "[%05d]", -42);
  expect("[  -42]", "[%*d]", 5, -42);
  expect("[0000beef]", "[%08x]", 0xbeefu);
  expect("[abc  |  abc]", "[%-5s|%5s]", "abc", "abc");
  expect("x=7, c=Q, 100%", "x=%li, c=%c, 100%%", 7L, 'Q');
  expect("(null)", "%s", (const char *)0);
  /* truncation: the return value is the untruncated length */
  char small[8];
  int n = fmt_snprintf(small, sizeof small, "%s", "0123456789");
  if (n != 10 || strcmp(small, "0123456")) {
    fmt_printf("FAIL: truncation gave \"%s\" (%d)\n", small, n);
    failures++;
  }
  fmt_printf("%-6s %10s %10s %8s\n", "n", "n*n*n", "-n*1001", "hex");
  for (int i = 1; i <= 1000; i *= 3)
    fmt_printf("%-6d %10d %10d %08x\n", i, i * i * i, -i * 1001, (unsigned)i * 0x01010101u);
  fmt_printf("printf: %d failures\n", failures);
  return failures ? 1 : 0;
}
