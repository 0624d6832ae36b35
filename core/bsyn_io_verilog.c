/* Structural Verilog writer: one module, one continuous assignment per AND. */
#include <stdlib.h>
#include <string.h>

#include "bsyn_io.h"
#include "bsyn_io_text.h"

/* IEEE 1364-2005 and 1800-2017 reserved words: a port with one of these names must be
 * written as an escaped identifier (tools read Verilog files as SystemVerilog too). */
/* clang-format off */
static const char *const keywords[] = {
    "accept_on", "alias", "always", "always_comb", "always_ff", "always_latch", "and",
    "assert", "assign", "assume", "automatic", "before", "begin", "bind", "bins", "binsof",
    "bit", "break", "buf", "bufif0", "bufif1", "byte", "case", "casex", "casez", "cell",
    "chandle", "checker", "class", "clocking", "cmos", "config", "const", "constraint",
    "context", "continue", "cover", "covergroup", "coverpoint", "cross", "deassign",
    "default", "defparam", "design", "disable", "dist", "do", "edge", "else", "end", "endcase",
    "endchecker", "endclass", "endclocking", "endconfig", "endfunction", "endgenerate",
    "endgroup", "endinterface", "endmodule", "endpackage", "endprimitive", "endprogram",
    "endproperty", "endsequence", "endspecify", "endtable", "endtask", "enum", "event",
    "eventually", "expect", "export", "extends", "extern", "final", "first_match", "for",
    "force", "foreach", "forever", "fork", "forkjoin", "function", "generate", "genvar",
    "global", "highz0", "highz1", "if", "iff", "ifnone", "ignore_bins", "illegal_bins",
    "implements", "implies", "import", "incdir", "include", "initial", "inout", "input",
    "inside", "instance", "int", "integer", "interconnect", "interface", "intersect", "join",
    "join_any", "join_none", "large", "let", "liblist", "library", "local", "localparam",
    "logic", "longint", "macromodule", "matches", "medium", "modport", "module", "nand",
    "negedge", "nettype", "new", "nexttime", "nmos", "nor", "noshowcancelled", "not",
    "notif0", "notif1", "null", "or", "output", "package", "packed", "parameter", "pmos",
    "posedge", "primitive", "priority", "program", "property", "protected", "pull0",
    "pull1", "pulldown", "pullup", "pulsestyle_ondetect", "pulsestyle_onevent", "pure",
    "rand", "randc", "randcase", "randsequence", "rcmos", "real", "realtime", "ref", "reg",
    "reject_on", "release", "repeat", "restrict", "return", "rnmos", "rpmos", "rtran",
    "rtranif0", "rtranif1", "s_always", "s_eventually", "s_nexttime", "s_until",
    "s_until_with", "scalared", "sequence", "shortint", "shortreal", "showcancelled",
    "signed", "small", "soft", "solve", "specify", "specparam", "static", "string", "strong",
    "strong0", "strong1", "struct", "super", "supply0", "supply1", "sync_accept_on",
    "sync_reject_on", "table", "tagged", "task", "this", "throughout", "time", "timeprecision",
    "timeunit", "tran", "tranif0", "tranif1", "tri", "tri0", "tri1", "triand", "trior",
    "trireg", "type", "typedef", "union", "unique", "unique0", "unsigned", "until",
    "until_with", "untyped", "use", "uwire", "var", "vectored", "virtual", "void", "wait",
    "wait_order", "wand", "weak", "weak0", "weak1", "while", "wildcard", "wire", "with",
    "within", "wor", "xnor", "xor",
};
/* clang-format on */

static int is_keyword(const char *s) {
  size_t lo = 0, hi = sizeof keywords / sizeof keywords[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(s, keywords[mid]);
    if (!c)
      return 1;
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return 0;
}

static int is_simple_identifier(const char *s) {
  if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
    return 0;
  for (const char *p = s; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
          *p == '_' || *p == '$'))
      return 0;
  return !is_keyword(s);
}

/* A simple identifier as is; anything else escaped (`\name `), which keeps the name's
 * text, so that tools reading this file report the original names (Yosys writes the
 * escaped `\a[3] ` back as `a[3]`). The netnames scheme has already made names unique and
 * free of whitespace, and `\x ` denotes the same identifier as `x`, so escaping cannot
 * merge two names. */
static void put_ident(bsyn_text_out *o, const char *s) {
  if (is_simple_identifier(s)) {
    bsyn_text_puts(o, s);
    return;
  }
  bsyn_text_putc(o, '\\');
  bsyn_text_puts(o, s);
  bsyn_text_putc(o, ' ');
}

static void put_operand(bsyn_text_out *o, const bsyn_netnames *nn, const bsyn_aig *aig,
                        bsyn_lit l) {
  char buf[BSYN_NETNAME_BUF];
  if (bsyn_lit_var(l) == 0) {
    bsyn_text_puts(o, l == BSYN_LIT_TRUE ? "1'b1" : "1'b0");
    return;
  }
  if (bsyn_lit_sign(l))
    bsyn_text_putc(o, '~');
  put_ident(o, bsyn_netnames_var(nn, aig, bsyn_lit_var(l), buf));
}

static void put_ports(bsyn_text_out *o, const bsyn_netnames *nn) {
  uint32_t total = nn->num_inputs + nn->num_outputs;
  bsyn_text_puts(o, "module ");
  put_ident(o, nn->model);
  bsyn_text_puts(o, total ? " (\n" : " (");
  for (uint32_t k = 0; k < total; k++) {
    bsyn_text_puts(o, "    ");
    put_ident(o, k < nn->num_inputs ? nn->inputs[k] : nn->outputs[k - nn->num_inputs]);
    bsyn_text_puts(o, k + 1 < total ? ",\n" : "\n");
  }
  bsyn_text_puts(o, ");\n");
  for (uint32_t k = 0; k < total; k++) {
    bsyn_text_puts(o, k < nn->num_inputs ? "  input " : "  output ");
    put_ident(o, k < nn->num_inputs ? nn->inputs[k] : nn->outputs[k - nn->num_inputs]);
    bsyn_text_puts(o, ";\n");
  }
}

int bsyn_io_write_verilog(const bsyn_aig *aig, const char *path, bsyn_diag *d) {
  bsyn_diag_init(d, path);
  bsyn_text_out o;
  if (bsyn_text_open(&o, path, d))
    return -1;
  bsyn_netnames nn;
  bsyn_netnames_make(&nn, aig, 0);
  char buf[BSYN_NETNAME_BUF];

  put_ports(&o, &nn);
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    bsyn_text_puts(&o, "  wire ");
    bsyn_text_puts(&o, bsyn_netnames_var(&nn, aig, v, buf));
    bsyn_text_puts(&o, ";\n");
  }
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    bsyn_text_puts(&o, "  assign ");
    bsyn_text_puts(&o, bsyn_netnames_var(&nn, aig, v, buf));
    bsyn_text_puts(&o, " = ");
    put_operand(&o, &nn, aig, bsyn_aig_fanin0(aig, v));
    bsyn_text_puts(&o, " & ");
    put_operand(&o, &nn, aig, bsyn_aig_fanin1(aig, v));
    bsyn_text_puts(&o, ";\n");
  }
  for (uint32_t i = 0; i < aig->num_outputs; i++) {
    bsyn_text_puts(&o, "  assign ");
    put_ident(&o, nn.outputs[i]);
    bsyn_text_puts(&o, " = ");
    put_operand(&o, &nn, aig, aig->outputs[i]);
    bsyn_text_puts(&o, ";\n");
  }
  bsyn_text_puts(&o, "endmodule\n");
  bsyn_netnames_free(&nn);
  return bsyn_text_close(&o, d);
}
