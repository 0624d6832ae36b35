/* The runtime of bsyn's C test programs. Compiled with -fno-builtin and
 * -fno-tree-loop-distribute-patterns, so that GCC does not turn these loops back into calls
 * to the functions they implement. */
#include "runtime.h"

long sys_write(int fd, const void *buf, size_t n) {
  register long a0 __asm__("a0") = fd;
  register long a1 __asm__("a1") = (long)buf;
  register long a2 __asm__("a2") = (long)n;
  register long a7 __asm__("a7") = 64;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}

void sys_exit(int code) {
  register long a0 __asm__("a0") = code;
  register long a7 __asm__("a7") = 93;
  __asm__ volatile("ecall" : : "r"(a0), "r"(a7) : "memory");
  for (;;)
    ;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  while (n--)
    *d++ = (unsigned char)c;
  return dst;
}

void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
    for (; n >= 4; n -= 4, d += 4, s += 4)
      *(uint32_t *)d = *(const uint32_t *)s;
  }
  while (n--)
    *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d <= s || d >= s + n)
    return memcpy(dst, src, n);
  while (n--)
    d[n] = s[n];
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (; n; n--, x++, y++)
    if (*x != *y)
      return *x - *y;
  return 0;
}

size_t strlen(const char *s) {
  size_t n = 0;
  while (s[n])
    n++;
  return n;
}

int strcmp(const char *a, const char *b) {
  while (*a && *a == *b)
    a++, b++;
  return (unsigned char)*a - (unsigned char)*b;
}

/* ---- formatting ---- */

typedef struct out {
  char *buf;
  size_t size, len;
} out;

static void put(out *o, char c) {
  if (o->len + 1 < o->size)
    o->buf[o->len] = c;
  o->len++;
}

static void pad(out *o, int n, char c) {
  while (n-- > 0)
    put(o, c);
}

/* Emits digits (most significant first) with sign, width and flags applied. */
static void emit(out *o, const char *digits, int ndigits, const char *prefix, int width, int left,
                 int zero) {
  int plen = (int)strlen(prefix), total = plen + ndigits;
  if (!left && !zero)
    pad(o, width - total, ' ');
  for (int i = 0; i < plen; i++)
    put(o, prefix[i]);
  if (!left && zero)
    pad(o, width - total, '0');
  for (int i = 0; i < ndigits; i++)
    put(o, digits[i]);
  if (left)
    pad(o, width - total, ' ');
}

static int to_digits(uint32_t v, unsigned base, int upper, char *tmp) {
  const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char rev[12];
  int n = 0;
  do {
    rev[n++] = set[v % base];
    v /= base;
  } while (v);
  for (int i = 0; i < n; i++)
    tmp[i] = rev[n - 1 - i];
  return n;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
  out o = {buf, size, 0};
  char tmp[12];
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') {
      put(&o, *p);
      continue;
    }
    int left = 0, zero = 0, width = 0;
    for (p++; *p == '-' || *p == '0'; p++)
      *p == '-' ? (left = 1) : (zero = 1);
    if (*p == '*') {
      width = va_arg(ap, int);
      p++;
    }
    for (; *p >= '0' && *p <= '9'; p++)
      width = width * 10 + (*p - '0');
    if (*p == 'l')
      p++;
    switch (*p) {
    case 'd':
    case 'i': {
      int v = va_arg(ap, int);
      uint32_t mag = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
      emit(&o, tmp, to_digits(mag, 10, 0, tmp), v < 0 ? "-" : "", width, left, zero);
      break;
    }
    case 'u':
      emit(&o, tmp, to_digits(va_arg(ap, unsigned), 10, 0, tmp), "", width, left, zero);
      break;
    case 'x':
      emit(&o, tmp, to_digits(va_arg(ap, unsigned), 16, 0, tmp), "", width, left, zero);
      break;
    case 'X':
      emit(&o, tmp, to_digits(va_arg(ap, unsigned), 16, 1, tmp), "", width, left, zero);
      break;
    case 'p':
      emit(&o, tmp, to_digits((uint32_t)(uintptr_t)va_arg(ap, void *), 16, 0, tmp), "0x", width,
           left, zero);
      break;
    case 'c':
      tmp[0] = (char)va_arg(ap, int);
      emit(&o, tmp, 1, "", width, left, 0);
      break;
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (!s)
        s = "(null)";
      emit(&o, s, (int)strlen(s), "", width, left, 0);
      break;
    }
    case '%':
      put(&o, '%');
      break;
    default: /* unknown conversion: print it as written */
      put(&o, '%');
      if (!*p)
        p--;
      else
        put(&o, *p);
      break;
    }
  }
  if (size)
    buf[o.len < size ? o.len : size - 1] = '\0';
  return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = fmt_vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

int fmt_printf(const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int n = fmt_vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n >= (int)sizeof buf)
    n = sizeof buf - 1;
  return (int)sys_write(1, buf, (size_t)n);
}
