/* bsyn_test_build.h — files the build makes for the suites: the cross-compiled programs and
 * netlists synthesized from the RTL in verify/. Each skips the calling test when what it
 * needs is missing. */
#ifndef BSYN_TEST_BUILD_H
#define BSYN_TEST_BUILD_H

/* The built program programs/<dir>/<name>.elf under the build tree (dir NULL: programs/
 * itself; "priv" for programs/priv) in a static rotating buffer (4 slots); skips the test
 * when it was not built (no cross compiler). */
const char *bsyn_test_program(const char *dir, const char *name);

/* The netlist of the RTL file verify/<rtl> synthesized by scripts/rtl_to_aig.sh into
 * tests/<name> under the build tree, shared by the test processes: made again when the RTL
 * or the script is newer, written aside and renamed into place so that concurrent tests
 * never see a half-written file. Skips the test without yosys; fails it when synthesis
 * fails. The path is valid until the next call. */
const char *bsyn_test_rtl_netlist(const char *rtl, const char *name);

#endif
