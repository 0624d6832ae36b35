/* The rv32i-core / rv32i-full netlist as a runner step, lock-step wiring and the divergence
 * report. Each phase evaluates the output fields the runner (and a lock-step comparison)
 * uses up to that phase; the evaluator (bsyn_gates, or bsyn_gates_spec keyed by pc and
 * inst, one part per output field) memoises what earlier phases already computed. */
#include "bsyn_gates_rv32.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_gates_spec.h"
#include "bsyn_rv32_disasm.h"
#include "bsyn_rv32_oracle.h"

#define NUM_PHASES 3
#define MAX_IN_FIELDS 34 /* rv32i-full: x1..x31, pc, inst, mem_rdata */
#define NO_BIT 0xffffu

/* Where each bsyn_rv32_out field sits in a layout's outputs (NO_BIT: not a netlist output;
 * rv32i-full derives those). */
static const struct {
  size_t offset;
  uint16_t first[2]; /* core, full */
  uint8_t width;
} out_bits[] = {
    {offsetof(bsyn_rv32_out, rs1_addr), {BSYN_RV32C_OUT_RS1_ADDR, NO_BIT}, 5},
    {offsetof(bsyn_rv32_out, rs2_addr), {BSYN_RV32C_OUT_RS2_ADDR, NO_BIT}, 5},
    {offsetof(bsyn_rv32_out, rd_we), {BSYN_RV32C_OUT_RD_WE, NO_BIT}, 1},
    {offsetof(bsyn_rv32_out, rd_addr), {BSYN_RV32C_OUT_RD_ADDR, NO_BIT}, 5},
    {offsetof(bsyn_rv32_out, rd_wdata), {BSYN_RV32C_OUT_RD_WDATA, NO_BIT}, 32},
    {offsetof(bsyn_rv32_out, next_pc), {BSYN_RV32C_OUT_NEXT_PC, BSYN_RV32F_OUT_NEXT_PC}, 32},
    {offsetof(bsyn_rv32_out, mem_addr), {BSYN_RV32C_OUT_MEM_ADDR, BSYN_RV32F_OUT_MEM_ADDR}, 32},
    {offsetof(bsyn_rv32_out, mem_re), {BSYN_RV32C_OUT_MEM_RE, BSYN_RV32F_OUT_MEM_RE}, 1},
    {offsetof(bsyn_rv32_out, mem_we), {BSYN_RV32C_OUT_MEM_WE, BSYN_RV32F_OUT_MEM_WE}, 1},
    {offsetof(bsyn_rv32_out, mem_wstrb), {BSYN_RV32C_OUT_MEM_WSTRB, BSYN_RV32F_OUT_MEM_WSTRB}, 4},
    {offsetof(bsyn_rv32_out, mem_wdata), {BSYN_RV32C_OUT_MEM_WDATA, BSYN_RV32F_OUT_MEM_WDATA}, 32},
    {offsetof(bsyn_rv32_out, trap), {BSYN_RV32C_OUT_TRAP, BSYN_RV32F_OUT_TRAP}, 1},
    {offsetof(bsyn_rv32_out, cause), {BSYN_RV32C_OUT_CAUSE, BSYN_RV32F_OUT_CAUSE}, 4},
};
enum { NUM_OUT_BITS = sizeof out_bits / sizeof out_bits[0] };

/* guard: evaluate only when the field at offset guard >> 1 is non-zero (guard & 1 = 1) or
 * zero (0); fields before it in the plan are evaluated first */
typedef struct plan_item {
  uint32_t offset, first, width, guard, part;
} plan_item;
#define NO_GUARD 0xffffffffu
#define FIELD(name) ((uint32_t)offsetof(bsyn_rv32_out, name))
#define IF_SET(name) (FIELD(name) << 1 | 1u)
#define IF_CLEAR(name) (FIELD(name) << 1)

/* The lazy plans: exactly what the runner reads (bsyn_runner.c): the read ports; the memory
 * address only for a load; at the end, on a trap only its cause, else rd_addr and rd_wdata
 * only when rd_we and the store's address and lanes only when mem_we. */
static const struct {
  uint32_t offset, guard;
} lazy_order[NUM_PHASES][10] = {
    {{FIELD(rs1_addr), NO_GUARD}, {FIELD(rs2_addr), NO_GUARD}},
    {{FIELD(mem_re), NO_GUARD}, {FIELD(mem_addr), IF_SET(mem_re)}},
    {{FIELD(trap), NO_GUARD},
     {FIELD(cause), IF_SET(trap)},
     {FIELD(rd_we), IF_CLEAR(trap)},
     {FIELD(rd_addr), IF_SET(rd_we)},
     {FIELD(rd_wdata), IF_SET(rd_we)},
     {FIELD(next_pc), IF_CLEAR(trap)},
     {FIELD(mem_we), IF_CLEAR(trap)},
     {FIELD(mem_addr), IF_SET(mem_we)},
     {FIELD(mem_wstrb), IF_SET(mem_we)},
     {FIELD(mem_wdata), IF_SET(mem_we)}},
};
static const uint32_t lazy_len[NUM_PHASES] = {2, 2, 10};

/* The specialised evaluator's parts: the fields in the order the runner reads them (a node
 * shared by two fields is computed with the first, so the memory address is ready in the
 * MEM phase), then rv32i-full's x1_next..x31_next. */
static const uint32_t part_order[] = {
    FIELD(rs1_addr), FIELD(rs2_addr),  FIELD(mem_re),   FIELD(mem_addr), FIELD(trap),
    FIELD(cause),    FIELD(rd_we),     FIELD(rd_addr),  FIELD(rd_wdata), FIELD(next_pc),
    FIELD(mem_we),   FIELD(mem_wstrb), FIELD(mem_wdata)};

struct bsyn_gates_rv32 {
  bsyn_gates_layout layout;
  bsyn_gates *g;                  /* demand-driven, or NULL when spec is used */
  bsyn_gates_spec *spec;          /* BSYN_GATES_SPEC */
  uint32_t part_of[NUM_OUT_BITS]; /* out_bits index -> spec part */
  uint32_t x_part;                /* rv32i-full: x1_next's part */
  /* plan[lazy][p]: the netlist fields to evaluate in phase p: every field the runner uses
   * up to p (what a lock-step compares), or with lazy only what the runner reads then */
  plan_item plan[2][NUM_PHASES][NUM_OUT_BITS];
  uint32_t plan_len[2][NUM_PHASES];
  uint32_t loaded[MAX_IN_FIELDS]; /* input words as last set, field k at inputs 32k.. */
  const uint32_t *x;              /* the attached runner's registers */
  int lazy;                       /* final phase: skip what the runner ignores */
  bsyn_runner_lockstep ls;
  bsyn_runner_ref ref;
  /* the first divergence of a lock-step run */
  int diverged;
  bsyn_runner_phase div_phase;
  bsyn_rv32_in div_in;
};

const char *bsyn_gates_layout_name(bsyn_gates_layout layout) {
  return layout == BSYN_GATES_RV32I_FULL ? "rv32i-full" : "rv32i-core";
}

static const uint32_t layout_inputs[2] = {BSYN_RV32C_NUM_INPUTS, BSYN_RV32F_NUM_INPUTS};
static const uint32_t layout_outputs[2] = {BSYN_RV32C_NUM_OUTPUTS, BSYN_RV32F_NUM_OUTPUTS};

static int pick_layout(const bsyn_aig *aig, const char *oracle, bsyn_gates_layout *out,
                       bsyn_diag *d) {
  int l;
  if (!oracle) {
    for (l = 1; l >= 0; l--)
      if (aig->num_inputs == layout_inputs[l] && aig->num_outputs == layout_outputs[l])
        break;
    if (l < 0)
      return bsyn_diag_set(
          d, 0, 0,
          "expected a netlist with the rv32i-core layout (%u inputs, %u outputs) or "
          "the rv32i-full layout (%u inputs, %u outputs), found %u inputs and %u "
          "outputs",
          layout_inputs[0], layout_outputs[0], layout_inputs[1], layout_outputs[1], aig->num_inputs,
          aig->num_outputs);
  } else if (!strcmp(oracle, "rv32i-core") || !strcmp(oracle, "rv32i-full")) {
    l = !strcmp(oracle, "rv32i-full");
    if (aig->num_inputs != layout_inputs[l] || aig->num_outputs != layout_outputs[l])
      return bsyn_diag_set(d, 0, 0,
                           "expected %u inputs and %u outputs (the %s layout), found %u inputs "
                           "and %u outputs",
                           layout_inputs[l], layout_outputs[l], oracle, aig->num_inputs,
                           aig->num_outputs);
  } else {
    return bsyn_diag_set(d, 0, 0, "expected oracle rv32i-core or rv32i-full, found '%s'", oracle);
  }
  *out = (bsyn_gates_layout)l;
  return 0;
}

/* Input groups (bsyn_gates.h): what changes within an instruction goes in a higher group. */
static void input_groups(bsyn_gates_layout layout, uint8_t *group) {
  for (uint32_t i = 0; i < layout_inputs[layout]; i++) {
    if (layout == BSYN_GATES_RV32I_CORE)
      group[i] = i < BSYN_RV32C_IN_RS1_VAL ? 0 : i < BSYN_RV32C_IN_MEM_RDATA ? 1 : 2;
    else
      group[i] = i < BSYN_RV32F_IN_MEM_RDATA ? 0 : 1;
  }
}

static void plan_add(bsyn_gates_rv32 *s, int lazy, int phase, uint32_t offset, uint32_t guard) {
  for (int k = 0; k < NUM_OUT_BITS; k++)
    if (out_bits[k].offset == offset && out_bits[k].first[s->layout] != NO_BIT)
      s->plan[lazy][phase][s->plan_len[lazy][phase]++] = (plan_item){
          offset, out_bits[k].first[s->layout], out_bits[k].width, guard, s->part_of[k]};
}

static void make_plans(bsyn_gates_rv32 *s) {
  size_t n;
  const bsyn_runner_field *f = bsyn_runner_fields(&n);
  for (int p = 0; p < NUM_PHASES; p++) {
    for (size_t i = 0; i < n; i++)
      if ((int)f[i].phase <= p)
        plan_add(s, 0, p, (uint32_t)f[i].offset, NO_GUARD);
    for (uint32_t i = 0; i < lazy_len[p]; i++)
      plan_add(s, 1, p, lazy_order[p][i].offset, lazy_order[p][i].guard);
  }
}

/* The specialised evaluator: key = pc and inst (adjacent in both layouts), one part per
 * output field. */
static bsyn_gates_spec *make_spec(bsyn_gates_rv32 *s, const bsyn_aig *aig, const uint8_t *group,
                                  uint32_t min_hits, size_t cache_bytes) {
  uint32_t key[64], first[NUM_OUT_BITS + 31], len[NUM_OUT_BITS + 31], np = 0;
  uint32_t pc = s->layout == BSYN_GATES_RV32I_CORE ? BSYN_RV32C_IN_PC : BSYN_RV32F_IN_PC;
  for (uint32_t k = 0; k < 64; k++)
    key[k] = pc + k;
  for (size_t i = 0; i < sizeof part_order / sizeof part_order[0]; i++)
    for (uint32_t k = 0; k < NUM_OUT_BITS; k++)
      if (out_bits[k].offset == part_order[i] && out_bits[k].first[s->layout] != NO_BIT) {
        s->part_of[k] = np;
        first[np] = out_bits[k].first[s->layout];
        len[np++] = out_bits[k].width;
      }
  s->x_part = np;
  for (uint32_t k = 1; s->layout == BSYN_GATES_RV32I_FULL && k < 32; k++) {
    first[np] = BSYN_RV32F_OUT_X1 + 32 * (k - 1);
    len[np++] = 32;
  }
  bsyn_gates_spec_params p = {64, key, group, np, first, len, cache_bytes, min_hits};
  return bsyn_gates_spec_new(aig, &p);
}

static bsyn_gates_rv32 *make_step(const bsyn_aig *aig, const char *oracle, bsyn_gates_mode mode,
                                  uint32_t min_hits, size_t cache_bytes, bsyn_diag *d) {
  bsyn_gates_layout layout = BSYN_GATES_RV32I_CORE;
  if (pick_layout(aig, oracle, &layout, d))
    return NULL;
  bsyn_gates_rv32 *s = bsyn_calloc(1, sizeof *s);
  s->layout = layout;
  uint8_t *group = bsyn_malloc(aig->num_inputs);
  input_groups(layout, group);
  if (mode == BSYN_GATES_SPEC)
    s->spec = make_spec(s, aig, group, min_hits, cache_bytes);
  else
    s->g = bsyn_gates_new(aig, group, mode);
  free(group);
  make_plans(s);
  return s;
}

bsyn_gates_rv32 *bsyn_gates_rv32_new(const bsyn_aig *aig, const char *oracle, bsyn_gates_mode mode,
                                     bsyn_diag *d) {
  return make_step(aig, oracle, mode, BSYN_GATES_RV32_MIN_HITS, 0, d);
}

bsyn_gates_rv32 *bsyn_gates_rv32_new_spec(const bsyn_aig *aig, const char *oracle,
                                          uint32_t min_hits, size_t cache_bytes, bsyn_diag *d) {
  return make_step(aig, oracle, BSYN_GATES_SPEC, min_hits, cache_bytes, d);
}

void bsyn_gates_rv32_free(bsyn_gates_rv32 *s) {
  if (!s)
    return;
  bsyn_gates_free(s->g);
  bsyn_gates_spec_free(s->spec);
  free(s);
}

bsyn_gates_layout bsyn_gates_rv32_layout(const bsyn_gates_rv32 *s) { return s->layout; }

uint64_t bsyn_gates_rv32_computed(const bsyn_gates_rv32 *s) {
  if (!s->spec)
    return bsyn_gates_computed(s->g);
  bsyn_gates_spec_stats st;
  bsyn_gates_spec_get_stats(s->spec, &st);
  return st.computed + st.fallback_computed;
}

int bsyn_gates_rv32_spec_stats(const bsyn_gates_rv32 *s, bsyn_gates_spec_stats *st) {
  if (!s->spec)
    return 0;
  bsyn_gates_spec_get_stats(s->spec, st);
  return 1;
}

static void set_field(bsyn_gates_rv32 *s, uint32_t k, uint32_t v) {
  if (s->loaded[k] != v) {
    s->loaded[k] = v;
    if (s->spec)
      bsyn_gates_spec_set_word(s->spec, 32 * k, 32, v);
    else
      bsyn_gates_set_word(s->g, 32 * k, 32, v);
  }
}

/* Input field k sits at inputs 32k.. in both layouts. */
static void load_inputs(bsyn_gates_rv32 *s, const bsyn_rv32_in *in, const uint32_t *x) {
  if (s->layout == BSYN_GATES_RV32I_CORE) {
    set_field(s, 0, in->pc);
    set_field(s, 1, in->inst);
    set_field(s, 2, in->rs1_val);
    set_field(s, 3, in->rs2_val);
    set_field(s, 4, in->mem_rdata);
    return;
  }
  for (uint32_t k = 1; k < 32; k++)
    set_field(s, k - 1, x[k]);
  set_field(s, 31, in->pc);
  set_field(s, 32, in->inst);
  set_field(s, 33, in->mem_rdata);
}

static void eval_plan(bsyn_gates_rv32 *s, int lazy, bsyn_runner_phase phase, bsyn_rv32_out *out) {
  memset(out, 0, sizeof *out);
  const plan_item *p = s->plan[lazy][phase];
  for (uint32_t i = 0; i < s->plan_len[lazy][phase]; i++) {
    if (p[i].guard != NO_GUARD) {
      uint32_t v;
      memcpy(&v, (const char *)out + (p[i].guard >> 1), sizeof v);
      if ((v != 0) != (p[i].guard & 1))
        continue;
    }
    uint32_t v = s->spec ? bsyn_gates_spec_part(s->spec, p[i].part)
                         : bsyn_gates_word(s->g, p[i].first, p[i].width);
    memcpy((char *)out + p[i].offset, &v, sizeof v);
  }
}

/* rv32i-full: x<k>_next. Specialised, most of them are a copy of an input field for the
 * instruction at hand (x<k> itself): then the word as loaded, with no output bit read. */
static uint32_t next_reg(bsyn_gates_rv32 *s, uint32_t k) {
  if (!s->spec)
    return bsyn_gates_word(s->g, BSYN_RV32F_OUT_X1 + 32 * (k - 1), 32);
  uint32_t part = s->x_part + k - 1, in;
  if (bsyn_gates_spec_part_is_inputs(s->spec, part, &in) && in % 32 == 0)
    return s->loaded[in / 32];
  return bsyn_gates_spec_part(s->spec, part);
}

/* rv32i-full, final phase: the next registers, and the write they amount to. */
static int full_writeback(bsyn_gates_rv32 *s, const bsyn_rv32_in *in, const uint32_t *x,
                          bsyn_rv32_out *out, uint32_t *next_x, bsyn_diag *d) {
  uint32_t changed[2] = {0, 0}, nchanged = 0;
  out->rd_addr = in->inst >> 7 & 31;
  for (uint32_t k = 1; k < 32; k++) {
    uint32_t v = next_reg(s, k);
    if (next_x)
      next_x[k] = v;
    if (v == x[k])
      continue;
    if (nchanged < 2)
      changed[nchanged] = k;
    if (nchanged++ == 0) {
      out->rd_we = 1;
      out->rd_addr = k;
      out->rd_wdata = v;
    } else if (!next_x) {
      break;
    }
  }
  if (next_x)
    next_x[0] = 0;
  if (nchanged > 1)
    return bsyn_diag_set(d, 0, 0,
                         "expected at most one register written, found x%u and x%u changed at pc "
                         "0x%08x (inst 0x%08x)",
                         changed[0], changed[1], in->pc, in->inst);
  return 0;
}

static void read_ports(const bsyn_rv32_in *in, bsyn_rv32_out *out) {
  out->rs1_addr = in->inst >> 15 & 31;
  out->rs2_addr = in->inst >> 20 & 31;
}

int bsyn_gates_rv32_step(void *ctx, bsyn_runner_phase phase, const bsyn_rv32_in *in,
                         bsyn_rv32_out *out, bsyn_diag *d) {
  bsyn_gates_rv32 *s = ctx;
  if ((unsigned)phase >= NUM_PHASES)
    return bsyn_diag_set(d, 0, 0, "expected a runner phase, found %d", (int)phase);
  if (s->layout == BSYN_GATES_RV32I_CORE) {
    load_inputs(s, in, NULL);
    eval_plan(s, s->lazy, phase, out);
    return 0;
  }
  if (!s->x)
    bsyn_abort("bsyn_gates_rv32_step: a rv32i-full step must be attached to a runner");
  if (phase == BSYN_RUNNER_PHASE_REGS) {
    memset(out, 0, sizeof *out); /* the register file is inside: nothing to read yet */
  } else {
    load_inputs(s, in, s->x);
    eval_plan(s, s->lazy, phase, out);
  }
  read_ports(in, out);
  return phase == BSYN_RUNNER_PHASE_FINAL ? full_writeback(s, in, s->x, out, NULL, d) : 0;
}

int bsyn_gates_rv32_eval(bsyn_gates_rv32 *s, const bsyn_rv32_in *in, const uint32_t *x,
                         bsyn_rv32_out *out, uint32_t *next_x, bsyn_diag *d) {
  if (s->layout == BSYN_GATES_RV32I_FULL && !x)
    bsyn_abort("bsyn_gates_rv32_eval: a rv32i-full netlist needs the registers");
  load_inputs(s, in, x);
  eval_plan(s, 0, BSYN_RUNNER_PHASE_FINAL, out);
  if (s->layout == BSYN_GATES_RV32I_FULL) {
    read_ports(in, out);
    return full_writeback(s, in, x, out, next_x, d);
  }
  if (next_x) {
    for (uint32_t k = 0; k < 32; k++)
      next_x[k] = x ? x[k] : 0;
    if (out->rd_we)
      next_x[out->rd_addr & 31] = out->rd_wdata;
    next_x[0] = 0;
  }
  return 0;
}

/* A register write of the value the register already holds is no write (rv32i-full's view,
 * where only the next state is visible). */
static void normalize_write(const uint32_t *x, bsyn_rv32_out *out) {
  if (out->rd_we && x[out->rd_addr & 31] == out->rd_wdata) {
    out->rd_we = 0;
    out->rd_wdata = 0;
  }
}

static int full_ref_step(void *ctx, bsyn_runner_phase phase, const bsyn_rv32_in *in,
                         bsyn_rv32_out *out, bsyn_diag *d) {
  bsyn_gates_rv32 *s = ctx;
  if (bsyn_runner_ref_step(&s->ref, phase, in, out, d))
    return -1;
  normalize_write(s->x, out);
  return 0;
}

static int lockstep_step(void *ctx, bsyn_runner_phase phase, const bsyn_rv32_in *in,
                         bsyn_rv32_out *out, bsyn_diag *d) {
  bsyn_gates_rv32 *s = ctx;
  if (!bsyn_runner_lockstep_step(&s->ls, phase, in, out, d))
    return 0;
  /* the reference never fails: either an output differs, or the netlist's answer is no
   * answer at all (two registers changed) */
  s->diverged = 1;
  s->div_phase = phase;
  s->div_in = *in;
  return -1;
}

void bsyn_gates_rv32_attach(bsyn_gates_rv32 *s, bsyn_runner *r, int lockstep) {
  s->x = r->x;
  s->diverged = 0;
  memset(&s->ref, 0, sizeof s->ref);
  int full = s->layout == BSYN_GATES_RV32I_FULL;
  s->ls = (bsyn_runner_lockstep){
      {full ? full_ref_step : bsyn_runner_ref_step, full ? (void *)s : &s->ref},
      {bsyn_gates_rv32_step, s},
      0};
  s->lazy = !lockstep;
  r->step = (bsyn_runner_step){lockstep ? lockstep_step : bsyn_gates_rv32_step, s};
}

/* Appends printf-style text to buf at *len (truncating quietly). */
static void put(char *buf, size_t size, size_t *len, const char *fmt, ...) BSYN_PRINTF(4, 5);
static void put(char *buf, size_t size, size_t *len, const char *fmt, ...) {
  if (*len >= size)
    return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf + *len, size - *len, fmt, ap);
  va_end(ap);
  if (n > 0)
    *len = *len + (size_t)n < size ? *len + (size_t)n : size - 1;
}

static const char *const phase_names[NUM_PHASES] = {"register-read", "memory-address", "final"};

static void report_inputs(const bsyn_gates_rv32 *s, const bsyn_runner *r, char *buf, size_t size,
                          size_t *len) {
  const bsyn_rv32_in *in = &s->div_in;
  uint32_t rs1 = in->inst >> 15 & 31, rs2 = in->inst >> 20 & 31;
  uint32_t v1 = s->layout == BSYN_GATES_RV32I_FULL ? r->x[rs1] : in->rs1_val;
  uint32_t v2 = s->layout == BSYN_GATES_RV32I_FULL ? r->x[rs2] : in->rs2_val;
  put(buf, size, len, "\n  inputs (%s phase): rs1 %s = 0x%08x, rs2 %s = 0x%08x, mem_rdata = 0x%08x",
      phase_names[s->div_phase], bsyn_rv32_reg_name(rs1), v1, bsyn_rv32_reg_name(rs2), v2,
      in->mem_rdata);
}

int bsyn_gates_rv32_report(bsyn_gates_rv32 *s, const bsyn_runner *r, char *buf, size_t size) {
  size_t len = 0;
  if (size)
    buf[0] = 0;
  if (!s->diverged)
    return 0;
  const bsyn_rv32_in *in = &s->div_in;
  int full = s->layout == BSYN_GATES_RV32I_FULL;
  bsyn_rv32_out want, got;
  uint32_t want_x[32], got_x[32];
  bsyn_diag d;
  if (full) {
    bsyn_rv32_full_step(r->x, in->pc, in->inst, in->mem_rdata, want_x, &want);
    normalize_write(r->x, &want);
  } else {
    bsyn_rv32_step(in, &want);
  }
  bsyn_gates_rv32_eval(s, in, r->x, &got, got_x, &d); /* a failure still fills got, got_x */
  char text[64];
  bsyn_rv32_disasm(in->inst, in->pc, text, sizeof text);
  put(buf, size, &len,
      "lockstep: divergence at instruction %llu (after %llu retired), pc 0x%08x: %s "
      "(inst 0x%08x)",
      (unsigned long long)r->steps + 1, (unsigned long long)r->steps, in->pc, text, in->inst);
  report_inputs(s, r, buf, size, &len);
  size_t n;
  const bsyn_runner_field *f = bsyn_runner_fields(&n);
  for (size_t i = 0; i < n; i++) {
    uint32_t a, b;
    memcpy(&a, (const char *)&got + f[i].offset, sizeof a);
    memcpy(&b, (const char *)&want + f[i].offset, sizeof b);
    /* rv32i-full's register write is a view of x_next, reported below */
    int derived = full && (f[i].offset == offsetof(bsyn_rv32_out, rd_we) ||
                           f[i].offset == offsetof(bsyn_rv32_out, rd_addr) ||
                           f[i].offset == offsetof(bsyn_rv32_out, rd_wdata));
    if (f[i].phase <= s->div_phase && a != b && !derived)
      put(buf, size, &len, "\n  %-9s gates 0x%08x, reference 0x%08x", f[i].name, a, b);
  }
  for (uint32_t k = 1; full && s->div_phase == BSYN_RUNNER_PHASE_FINAL && k < 32; k++)
    if (got_x[k] != want_x[k])
      put(buf, size, &len, "\n  x%u_next (%s) gates 0x%08x, reference 0x%08x", k,
          bsyn_rv32_reg_name(k), got_x[k], want_x[k]);
  return 1;
}
