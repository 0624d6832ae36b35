/* cli_progress.h — one progress line on stderr, refreshed in place, for the long commands
 * (learn, verify, run). Shown only on a terminal and without --quiet; never on stdout, so
 * --json output is unchanged. */
#ifndef BSYN_CLI_PROGRESS_H
#define BSYN_CLI_PROGRESS_H

#include <stdint.h>

#include "bsyn_util.h"

typedef struct bsyn_cli_progress {
  int on;          /* 1: stderr is a terminal and --quiet was not given */
  int shown;       /* 1: a line is on the screen */
  double t0, last; /* CLOCK_MONOTONIC seconds: the start, the last line */
} bsyn_cli_progress;

/* Seconds on the monotonic clock. */
double bsyn_cli_now(void);

/* Starts p now; it shows lines when stderr is a terminal and quiet is 0. */
void bsyn_cli_progress_init(bsyn_cli_progress *p, int quiet);

/* Replaces the line with the formatted text, then the elapsed time and, when done and total
 * are given (total > 0), the share done and an estimate of what is left from the rate so
 * far. At most five lines a second: returns without printing when the last one is newer
 * than 0.2 s, unless force. */
void bsyn_cli_progress_show(bsyn_cli_progress *p, int force, double done, double total,
                            const char *fmt, ...) BSYN_PRINTF(5, 6);

/* Clears the line (before the report is printed). */
void bsyn_cli_progress_end(bsyn_cli_progress *p);

/* One slice of a program run: at most n more steps of ctx (a runner), *stepped the steps it
 * took; returns the runner's status. */
typedef int (*bsyn_cli_run_slice)(void *ctx, uint64_t n, uint64_t *stepped);

/* Runs ctx for at most max_steps (0 = no limit): in one slice when p is off; on a terminal in
 * slices of `slice` steps with a line "run: N <unit>, R M/s" (and the share of max_steps)
 * between them, for as long as a slice ends with status `more` (its steps ran out). Returns
 * the last status. */
int bsyn_cli_progress_run(bsyn_cli_progress *p, uint64_t max_steps, uint64_t slice, int more,
                          const char *unit, bsyn_cli_run_slice run, void *ctx);

#endif
