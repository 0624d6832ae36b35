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

int bsyn_cli_progress_run(bsyn_cli_progress *p, uint64_t max_steps, uint64_t slice, int more,
                          const char *unit, bsyn_cli_run_slice run, void *ctx) {
  uint64_t done = 0, stepped = 0;
  if (!p->on)
    return run(ctx, max_steps, &stepped);
  int s;
  for (;;) {
    uint64_t n = max_steps && max_steps - done < slice ? max_steps - done : slice;
    s = run(ctx, n, &stepped);
    done += stepped;
    if (s != more || (max_steps && done >= max_steps))
      break;
    double el = bsyn_cli_now() - p->t0;
    bsyn_cli_progress_show(p, 0, (double)done, (double)max_steps, "run: %llu %s, %.3g M/s",
                           (unsigned long long)done, unit, el > 0 ? (double)done / el / 1e6 : 0.0);
  }
  bsyn_cli_progress_end(p);
  return s;
}
