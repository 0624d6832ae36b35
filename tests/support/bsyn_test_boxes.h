/* bsyn_test_boxes.h — small black boxes for the learning suites, written as AIGER files into
 * the test's temporary folder: a word with flags, and a toy core with an opcode. */
#ifndef BSYN_TEST_BOXES_H
#define BSYN_TEST_BOXES_H

/* The toy core's operand width (a data word: 16 bits or more) and its inputs. */
#define TOY_BITS 16
#define TOY_INPUTS (2 + 3 * TOY_BITS)

/* A black box with a 16-bit data word s = a + b and two flags eq = (a == b), lt = (a < b),
 * over a[15:0] b[15:0]: output fields s[15:0], eq, lt. Returns the file's path. */
const char *bsyn_test_alu_flags(void);

/* A toy core: op[1:0] a b c (TOY_BITS each) in; a word y and a flag z = (a == b) out. op 0:
 * y = a + c (an add: a and c interleaved); op 1: y = c + 8 when a < b, else c + 1 (a branch:
 * a against b first, then c); op 2 and 3: y = c. Returns the file's path. */
const char *bsyn_test_toy_core(void);

#endif
