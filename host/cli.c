#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bsyn_cli_report(const bsyn_diag *d) {
  char buf[1024];
  bsyn_diag_format(d, buf, sizeof buf);
  fprintf(stderr, "%s\n", buf);
  return 1;
}

int bsyn_cli_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "bsyn %s: error: ", cmd);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return 1;
}

int bsyn_cli_parse_u64(const char *s, uint64_t *out) {
  if (!s || !*s || *s == '-' || *s == '+')
    return -1;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 0);
  if (errno)
    return -1;
  if (*end == 'e' || *end == 'E' || *end == '.') {
    /* 1e6, 2.5e7: parse as double and require an integral result */
    double d = strtod(s, &end);
    if (*end || d < 0 || d > 1.8e19 || floor(d) != d)
      return -1;
    *out = (uint64_t)d;
    return 0;
  }
  uint64_t mul = 1;
  if (*end == 'k' || *end == 'K')
    mul = 1000, end++;
  else if (*end == 'M')
    mul = 1000000, end++;
  else if (*end == 'G')
    mul = 1000000000, end++;
  if (*end || end == s)
    return -1;
  if (v > UINT64_MAX / mul)
    return -1;
  *out = (uint64_t)v * mul;
  return 0;
}

int bsyn_cli_parse_double(const char *s, double *out) {
  if (!s || !*s)
    return -1;
  char *end;
  errno = 0;
  double d = strtod(s, &end);
  if (errno || *end || !(d >= 0) || isinf(d))
    return -1;
  *out = d;
  return 0;
}

int bsyn_cli_opt(int argc, char **argv, int *i, const char *name, const char **value) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (strncmp(a, name, n) != 0)
    return 0;
  if (a[n] == '=') {
    *value = a + n + 1;
    return 1;
  }
  if (a[n] != '\0')
    return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "bsyn %s: error: expected a value after %s, found end of arguments\n", argv[0], name);
    return -1;
  }
  *value = argv[++*i];
  return 1;
}
