/* bsyn_out.h — output files that are replaced whole or not at all.
 *
 * Every file bsyn writes (netlists, traces, order files, hex images, signatures, reports,
 * caches) goes through here. bsyn_out_open creates a temporary ".NAME.XXXXXX" in the
 * target's folder (the same file system, so the rename is atomic); the caller writes through
 * out->f; bsyn_out_commit flushes and fsyncs it, renames it over the target and fsyncs the
 * folder. bsyn_out_abort, and a commit that fails, remove the temporary. A reader, a crash
 * or a full disk therefore finds the old file or the complete new one, never a torn one.
 *
 * Special cases:
 *  - a target that exists and is not a regular file (/dev/null, /dev/stdout, a FIFO, a
 *    terminal) is written in place: a rename cannot replace it and nothing can be torn;
 *  - a symbolic link is followed: the file it names is replaced and the link stays;
 *  - the new file gets the old one's permission bits, or 0666 less the umask when new;
 *  - an existing target the caller may not write (access(W_OK) fails) is refused, as an
 *    in-place open would be, although its folder would allow the rename.
 * A process killed between open and commit leaves its temporary behind (a dot file beside
 * the target); the target itself stays intact.
 *
 * Thread safety: a bsyn_out belongs to one thread; distinct ones may be used at once, also
 * for the same target (each has its own temporary; the last commit wins). */
#ifndef BSYN_OUT_H
#define BSYN_OUT_H

#include <stdio.h>

#include "bsyn_util.h"

typedef struct bsyn_out {
  FILE *f;      /* write here (fully buffered); NULL once committed or aborted */
  char *target; /* owned: the file that commit replaces */
  char *tmp;    /* owned: the temporary, or NULL when the target is written in place */
} bsyn_out;

/* Opens an output for path. Returns 0 with o ready, or -1 with d filled ("expected a
 * writable file, found <reason>") and o inert (bsyn_out_abort on it does nothing). d's path
 * is left to the caller. */
int bsyn_out_open(bsyn_out *o, const char *path, bsyn_diag *d);

/* Flushes, fsyncs and closes the temporary, renames it over the target and fsyncs the
 * folder (best effort: a file system that cannot sync folders is not an error). Returns 0,
 * or -1 with d filled when anything failed to write (ENOSPC, EFBIG, EIO, ...); the
 * temporary is then removed and the old target is untouched. Either way o is released. */
int bsyn_out_commit(bsyn_out *o, bsyn_diag *d);

/* Drops the output: closes and removes the temporary, leaving the old target as it was (a
 * target written in place keeps what was written). Releases o; a no-op on a released or
 * never opened (zeroed) o, so it is safe in cleanup paths after a commit. */
void bsyn_out_abort(bsyn_out *o);

#endif
