/* bsyn_test_files.h — file helpers for reader/writer suites: whole-file comparison and the
 * bad-input folder check shared by every text format. */
#ifndef BSYN_TEST_FILES_H
#define BSYN_TEST_FILES_H

#include <stddef.h>

#include "bsyn_aig.h"
#include "bsyn_util.h"

/* The whole file as a malloc'ed NUL-terminated string (*len without the NUL; len may be
 * NULL). Fails the test when the file cannot be read. */
char *bsyn_test_slurp(const char *path, size_t *len);
/* 1 when both files have the same bytes. */
int bsyn_test_same_file(const char *a, const char *b);

/* Reads path with one reader, frees whatever it built and returns its status (0 or -1);
 * the adapter also checks that the reader left its result pointer NULL on failure. */
typedef int (*bsyn_test_reader)(const char *path, bsyn_diag *d);

/* Every file ending in ext (".blif") under tests/data/<folder> must be rejected with the
 * line and message fragment written in its sidecar NAME.expect ("LINE: fragment"), with an
 * "expected X, found Y" message and d->path set to the path. New files are covered without
 * touching the suites. Returns the number of files checked. */
int bsyn_test_bad_folder(const char *folder, const char *ext, bsyn_test_reader read);

/* Reads path with a netlist reader that must succeed and give a sound AIG (the test fails
 * with the formatted diagnostic otherwise). The caller frees the result. */
typedef int (*bsyn_test_netlist_reader)(const char *path, bsyn_aig **out, bsyn_diag *d);
bsyn_aig *bsyn_test_read_ok(const char *path, bsyn_test_netlist_reader read);

#endif
