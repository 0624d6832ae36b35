/* One progress line on stderr (cli_progress.h). */
#include "cli_progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

double bsyn_cli_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void bsyn_cli_progress_init(bsyn_cli_progress *p, int quiet) {
  p->on = !quiet && isatty(2);
  p->shown = 0;
  p->t0 = p->last = bsyn_cli_now();
}

void bsyn_cli_progress_show(bsyn_cli_progress *p, int force, double done, double total,
                            const char *fmt, ...) {
  if (!p->on)
    return;
  double now = bsyn_cli_now();
  if (!force && now - p->last < 0.2)
    return;
  p->last = now;
  p->shown = 1;
  fprintf(stderr, "\r\033[K");
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  double el = now - p->t0;
  fprintf(stderr, "  %.1f s", el);
  if (total > 0 && done > 0) {
    fprintf(stderr, " (%.0f%%", 100.0 * done / total);
    if (done < total)
      fprintf(stderr, ", about %.0f s left", el * (total - done) / done);
    fprintf(stderr, ")");
  }
  fflush(stderr);
}

void bsyn_cli_progress_end(bsyn_cli_progress *p) {
  if (p->on && p->shown)
    fprintf(stderr, "\r\033[K");
  p->shown = 0;
}
