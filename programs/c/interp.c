/* A small interpreter: arithmetic expressions are parsed (recursive descent, C precedence)
 * into code for a stack machine, which then runs them; the results must equal what the C
 * compiler computed for the same expressions. A hand-written stack-machine program with
 * loops (Collatz sequence lengths) is checked against the same computation in C. */
#include "runtime.h"

typedef enum op { PUSH, ADD, SUB, MUL, DIV, MOD, NEG, LOAD, STORE, JZ, JMP, LT, EQ, HALT } op;

typedef struct insn {
  op op;
  int32_t arg;
} insn;

enum { MAX_CODE = 256, MAX_STACK = 64, NVARS = 8 };

/* ---- compiler: expression text to stack code ---- */

typedef struct parser {
  const char *p;
  insn code[MAX_CODE];
  int n;
  int error;
} parser;

static void emit(parser *ps, op o, int32_t arg) {
  if (ps->n == MAX_CODE) {
    ps->error = 1;
    return;
  }
  ps->code[ps->n].op = o;
  ps->code[ps->n].arg = arg;
  ps->n++;
}

static char peek(parser *ps) {
  while (*ps->p == ' ')
    ps->p++;
  return *ps->p;
}

static void expr(parser *ps);

static void primary(parser *ps) {
  char c = peek(ps);
  if (c == '(') {
    ps->p++;
    expr(ps);
    if (peek(ps) != ')')
      ps->error = 1;
    else
      ps->p++;
  } else if (c == '-') {
    ps->p++;
    primary(ps);
    emit(ps, NEG, 0);
  } else if (c >= '0' && c <= '9') {
    int32_t v = 0;
    while (*ps->p >= '0' && *ps->p <= '9')
      v = v * 10 + (*ps->p++ - '0');
    emit(ps, PUSH, v);
  } else {
    ps->error = 1;
  }
}

static void term(parser *ps) {
  primary(ps);
  for (char c; (c = peek(ps)) == '*' || c == '/' || c == '%';) {
    ps->p++;
    primary(ps);
    emit(ps, c == '*' ? MUL : c == '/' ? DIV : MOD, 0);
  }
}

static void expr(parser *ps) {
  term(ps);
  for (char c; (c = peek(ps)) == '+' || c == '-';) {
    ps->p++;
    term(ps);
    emit(ps, c == '+' ? ADD : SUB, 0);
  }
}

/* ---- the stack machine ---- */

static int run(const insn *code, int32_t *vars, int32_t *result, uint32_t *steps) {
  int32_t stack[MAX_STACK];
  int sp = 0, pc = 0;
  for (;;) {
    const insn *i = &code[pc++];
    ++*steps;
    if (sp >= MAX_STACK - 1)
      return -1;
    switch (i->op) {
    case PUSH:
      stack[sp++] = i->arg;
      break;
    case LOAD:
      stack[sp++] = vars[i->arg];
      break;
    case STORE:
      vars[i->arg] = stack[--sp];
      break;
    case NEG:
      stack[sp - 1] = -stack[sp - 1];
      break;
    case JMP:
      pc = i->arg;
      break;
    case JZ:
      if (stack[--sp] == 0)
        pc = i->arg;
      break;
    case HALT:
      *result = sp ? stack[sp - 1] : 0;
      return 0;
    default: {
      int32_t b = stack[--sp], a = stack[--sp], r = 0;
      if ((i->op == DIV || i->op == MOD) && b == 0)
        return -1;
      switch (i->op) {
      case ADD:
        r = a + b;
        break;
      case SUB:
        r = a - b;
        break;
      case MUL:
        r = a * b;
        break;
      case DIV:
        r = a / b;
        break;
      case MOD:
        r = a % b;
        break;
      case LT:
        r = a < b;
        break;
      case EQ:
        r = a == b;
        break;
      default:
        return -1;
      }
      stack[sp++] = r;
    }
    }
  }
}

#define E(x)                                                                                       \
  { #x, (x) }
static const struct {
  const char *text;
  int32_t value;
} exprs[] = {
    E(1 + 2 * 3),
    E((1 + 2) * 3),
    E(100 - 7 - 3),
    E(100 / 7 / 2),
    E(-17 / 5),
    E(-17 % 5),
    E(17 % -5),
    E(2 * (3 + 4) * (5 - 9) / 3),
    E(-(-(-8))),
    E(12345 * 6789 % 1000),
    E((((((((1 + 1) * 2) + 1) * 2) + 1) * 2) + 1) * 2),
    E(46341 * 46340),
    E(1000000 / 3 - 333333 + 8 % 3 * 7),
    E(7 - -3 * -2),
};

/* vars[0] = n, vars[1] = steps; while (n != 1) { n = n % 2 ? 3n + 1 : n / 2; steps++ } */
static const insn collatz[] = {
    /* 0 */ {LOAD, 0},  {PUSH, 1}, {EQ, 0},  {PUSH, 1},  {SUB, 0}, {JZ, 26},
    /* 6 */ {LOAD, 0},  {PUSH, 2}, {MOD, 0}, {JZ, 17},
    /* 10 */ {LOAD, 0}, {PUSH, 3}, {MUL, 0}, {PUSH, 1},  {ADD, 0}, {STORE, 0}, {JMP, 21},
    /* 17 */ {LOAD, 0}, {PUSH, 2}, {DIV, 0}, {STORE, 0},
    /* 21 */ {LOAD, 1}, {PUSH, 1}, {ADD, 0}, {STORE, 1}, {JMP, 0},
    /* 26 */ {LOAD, 1}, {HALT, 0},
};

int main(void) {
  int failures = 0;
  uint32_t steps = 0;
  for (unsigned k = 0; k < sizeof exprs / sizeof exprs[0]; k++) {
    parser ps = {.p = exprs[k].text};
    expr(&ps);
    emit(&ps, HALT, 0);
    int32_t v = 0, vars[NVARS] = {0};
    if (ps.error || peek(&ps) != '\0' || run(ps.code, vars, &v, &steps) || v != exprs[k].value) {
      fmt_printf("FAIL: %s = %d, expected %d\n", exprs[k].text, v, exprs[k].value);
      failures++;
    } else {
      fmt_printf("%s = %d\n", exprs[k].text, v);
    }
  }
  /* the loop program: the jump at 5 leaves the loop when n == 1 */
  int32_t total = 0, longest = 0, longest_n = 0;
  for (int32_t n = 1; n <= 40; n++) {
    int32_t vars[NVARS] = {n, 0}, r = -1, c = 0;
    for (uint32_t m = (uint32_t)n; m != 1; c++)
      m = m % 2 ? 3 * m + 1 : m / 2;
    if (run(collatz, vars, &r, &steps) || r != c) {
      fmt_printf("FAIL: collatz(%d) = %d, expected %d\n", n, r, c);
      failures++;
    }
    total += r;
    if (r > longest)
      longest = r, longest_n = n;
  }
  fmt_printf("collatz 1..40: %d steps in all, longest %d (n = %d); %u machine steps\n", total,
             longest, longest_n, steps);
  return failures ? 1 : 0;
}
