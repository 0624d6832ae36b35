/* Graphviz DOT writer for looking at small AIGs: inputs at the bottom, outputs on top,
 * edges point from fanin to fanout, dashed when complemented. */
#include <string.h>

#include "bsyn_io.h"
#include "bsyn_io_text.h"

/* A DOT double-quoted string: only '"' and '\' need escaping. */
static void put_quoted(bsyn_text_out *o, const char *s) {
  bsyn_text_putc(o, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"' || *p == '\\')
      bsyn_text_putc(o, '\\');
    bsyn_text_putc(o, *p);
  }
  bsyn_text_putc(o, '"');
}

static void put_edge(bsyn_text_out *o, bsyn_lit from, const char *to_kind, uint32_t to) {
  bsyn_text_puts(o, "  v");
  bsyn_text_putu(o, bsyn_lit_var(from));
  bsyn_text_puts(o, " -> ");
  bsyn_text_puts(o, to_kind);
  bsyn_text_putu(o, to);
  bsyn_text_puts(o, bsyn_lit_sign(from) ? " [style=dashed];\n" : ";\n");
}

static int uses_constant(const bsyn_aig *aig) {
  for (uint32_t i = 0; i < aig->num_outputs; i++)
    if (bsyn_lit_var(aig->outputs[i]) == 0)
      return 1;
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++)
    if (bsyn_lit_var(bsyn_aig_fanin0(aig, v)) == 0 || bsyn_lit_var(bsyn_aig_fanin1(aig, v)) == 0)
      return 1;
  return 0;
}

int bsyn_io_write_dot(const bsyn_aig *aig, const char *path, bsyn_diag *d) {
  bsyn_diag_init(d, path);
  bsyn_text_out o;
  if (bsyn_text_open(&o, path, d))
    return -1;
  bsyn_netnames nn;
  bsyn_netnames_make(&nn, aig, 0);

  bsyn_text_puts(&o, "digraph ");
  put_quoted(&o, nn.model);
  bsyn_text_puts(&o, " {\n  rankdir=BT;\n  node [shape=circle, fontsize=10];\n");
  if (uses_constant(aig))
    bsyn_text_puts(&o, "  v0 [label=\"0\", shape=box];\n");
  bsyn_text_puts(&o, "  { rank=same;\n");
  for (uint32_t i = 0; i < aig->num_inputs; i++) {
    bsyn_text_puts(&o, "    v");
    bsyn_text_putu(&o, i + 1);
    bsyn_text_puts(&o, " [label=");
    put_quoted(&o, nn.inputs[i]);
    bsyn_text_puts(&o, ", shape=triangle];\n");
  }
  bsyn_text_puts(&o, "  }\n  { rank=same;\n");
  for (uint32_t i = 0; i < aig->num_outputs; i++) {
    bsyn_text_puts(&o, "    o");
    bsyn_text_putu(&o, i);
    bsyn_text_puts(&o, " [label=");
    put_quoted(&o, nn.outputs[i]);
    bsyn_text_puts(&o, ", shape=invtriangle];\n");
  }
  bsyn_text_puts(&o, "  }\n");
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    bsyn_text_puts(&o, "  v");
    bsyn_text_putu(&o, v);
    bsyn_text_puts(&o, " [label=\"");
    bsyn_text_putu(&o, v);
    bsyn_text_puts(&o, "\"];\n");
    put_edge(&o, bsyn_aig_fanin0(aig, v), "v", v);
    put_edge(&o, bsyn_aig_fanin1(aig, v), "v", v);
  }
  for (uint32_t i = 0; i < aig->num_outputs; i++)
    put_edge(&o, aig->outputs[i], "o", i);
  bsyn_text_puts(&o, "}\n");
  bsyn_netnames_free(&nn);
  return bsyn_text_close(&o, d);
}
