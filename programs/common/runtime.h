/* runtime.h — the freestanding runtime of bsyn's C test programs: Linux-style system calls
 * through ecall, the memory functions GCC may call, and a small printf. */
#ifndef BSYN_PROG_RUNTIME_H
#define BSYN_PROG_RUNTIME_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* write(2) and exit(2) as ecalls (a7 = 64 and 93). */
long sys_write(int fd, const void *buf, size_t n);
__attribute__((noreturn)) void sys_exit(int code);

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

/* Formats into buf (at most size bytes with the NUL) and returns the length the full
 * output would have. Conversions: %d %i %u %x %X %c %s %p %%, flags '-' and '0', a width
 * (number or '*'), length modifier 'l' (ignored: long is 32 bits). */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...);
/* Formats and writes to stdout; returns the number of bytes written. */
int fmt_printf(const char *fmt, ...);

/* Prints "FAIL: what" and exits with code when cond is false. */
#define CHECK(cond, code, what)                                                                    \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fmt_printf("FAIL: %s (line %d)\n", what, __LINE__);                                          \
      sys_exit(code);                                                                              \
    }                                                                                              \
  } while (0)

#endif
