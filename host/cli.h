/* cli.h — shared pieces of the `bsyn` command-line tool. Each subcommand lives in its own
 * cli_<name>.c and is listed in bsyn_main.c. Only the CLI prints and exits. */
#ifndef BSYN_CLI_H
#define BSYN_CLI_H

#include <stdint.h>

#include "bsyn_oracle.h"
#include "bsyn_util.h"

/* A subcommand's entry: argv[0] is the subcommand name. Returns the process exit code. */
typedef int (*bsyn_cli_fn)(int argc, char **argv);

/* Prints "path:line:col: error: msg" for d to stderr. Returns 1 (the exit code). */
int bsyn_cli_report(const bsyn_diag *d);
/* Prints "bsyn <cmd>: error: <msg>" to stderr. Returns 1. */
int bsyn_cli_error(const char *cmd, const char *fmt, ...) BSYN_PRINTF(2, 3);

/* Parses a whole decimal (or 0x hex) unsigned number; "1e6"-style and k/M/G suffixes are
 * accepted for counts. Returns 0 or -1 when s is not such a number. */
int bsyn_cli_parse_u64(const char *s, uint64_t *out);
/* Parses a non-negative floating-point number. Returns 0 or -1. */
int bsyn_cli_parse_double(const char *s, double *out);

/* Option scanning helper: when argv[*i] is `name` (with the value in the next argument) or
 * `name=value`, stores the value, advances *i and returns 1; returns -1 when the value is
 * missing (after printing the error); 0 when argv[*i] is another argument. */
int bsyn_cli_opt(int argc, char **argv, int *i, const char *name, const char **value);

/* Appends to *list (*n entries, realloc'ed) the bits named by tok: N, N-M, field, field[k]
 * or field[k-j] over nbits bits with the given fields. Returns 0, or -1 (nothing appended)
 * when tok names no such bits. */
int bsyn_cli_bit_token(const bsyn_field *fields, uint32_t nfields, uint32_t nbits, const char *tok,
                       uint32_t **list, uint32_t *n);

/* Reads an input order file for oracle o: tokens as for bsyn_cli_bit_token over the
 * oracle's inputs, separated by spaces, tabs, commas or newlines; '#' starts a comment.
 * Each input at most once. Returns 0 with *order (malloc'ed, *n entries), or 1 after
 * printing "path:line: error: ..." (nothing allocated). */
int bsyn_cli_read_order(const char *path, const bsyn_oracle *o, uint32_t **order, uint32_t *n);
/* Writes an order file (one input name per line, the inputs order[0..n) leaves out following
 * in index order) that bsyn_cli_read_order reads back; order NULL is an error. Returns 0 or
 * 1 after printing the error. */
int bsyn_cli_write_order(const char *path, const bsyn_oracle *o, const uint32_t *order,
                         uint32_t n);

/* The subcommands, one per host/cli_<name>.c (keep sorted; list them in bsyn_main.c too). */
int bsyn_cli_cec(int argc, char **argv);
int bsyn_cli_convert(int argc, char **argv);
int bsyn_cli_devices(int argc, char **argv);
int bsyn_cli_elf2hex(int argc, char **argv);
int bsyn_cli_join(int argc, char **argv);
int bsyn_cli_learn(int argc, char **argv);
int bsyn_cli_oracle(int argc, char **argv);
int bsyn_cli_run(int argc, char **argv);
int bsyn_cli_sim(int argc, char **argv);
int bsyn_cli_stats(int argc, char **argv);
int bsyn_cli_trace(int argc, char **argv);
int bsyn_cli_verify(int argc, char **argv);
int bsyn_cli_version(int argc, char **argv);

#endif
