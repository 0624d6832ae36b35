/* gates_fixture.h — shared by the gate-level test suites of tests/verify: the test programs
 * and the RTL-synthesized rv32i-core netlist. Static functions: each suite includes it once. */
#ifndef GATES_FIXTURE_H
#define GATES_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "bsyn_test.h"
#include "bsyn_test_build.h"

static const char *prog(const char *name) { return bsyn_test_program(NULL, name); }

/* The rv32i-core RTL synthesized, shared through the build tree. */
static const char *core_netlist(void) {
  return bsyn_test_rtl_netlist("rv32i_core.v", "gates_rv32i_core.aig");
}

#endif
