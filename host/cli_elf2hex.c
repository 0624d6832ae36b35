/* bsyn elf2hex — an RV32 ELF program as a Verilog $readmemh image of 32-bit words, for the
 * testbench verify/tb/rv32i_core_tb.v (docs/gates.md). */
#include <stdio.h>
#include <string.h>

#include "bsyn_elf.h"
#include "bsyn_mem.h"
#include "bsyn_out.h"
#include "cli.h"

static void usage(FILE *f) {
  fprintf(f, "usage: bsyn elf2hex PROG.elf OUT.hex [--max-words N]\n\n"
             "Writes the program's memory image as 32-bit little-endian words for $readmemh: the\n"
             "window from the first segment's page to the end of the last segment, word k of the\n"
             "file at address base + 4k. Prints the testbench's plusargs on stdout:\n"
             "  +base=<hex> +words=<dec> +entry=<hex> +tohost=<hex or 0> +has_tohost=<0|1>\n"
             "  --max-words N   the testbench memory's size (default 1048576 words, 4 MiB)\n");
}

int bsyn_cli_elf2hex(int argc, char **argv) {
  const char *in = NULL, *out = NULL;
  uint64_t max_words = 1u << 20;
  for (int i = 1; i < argc; i++) {
    const char *v;
    int r;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      usage(stdout);
      return 0;
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--max-words", &v)) != 0) {
      if (r < 0 || bsyn_cli_parse_u64(v, &max_words) || max_words == 0)
        return r < 0 ? 1 : bsyn_cli_error("elf2hex", "expected a word count, found '%s'", v);
    } else if (argv[i][0] == '-' || (in && out)) {
      return bsyn_cli_error("elf2hex", "expected PROG.elf OUT.hex, found '%s'", argv[i]);
    } else if (!in) {
      in = argv[i];
    } else {
      out = argv[i];
    }
  }
  if (!in || !out)
    return bsyn_cli_error("elf2hex", "expected PROG.elf OUT.hex, found %s",
                          in ? "one file" : "none");
  bsyn_diag d;
  bsyn_diag_init(&d, in);
  bsyn_elf *e;
  if (bsyn_elf_read(in, &e, &d))
    return bsyn_cli_report(&d);
  uint64_t lo = UINT64_MAX, hi = 0;
  for (uint32_t i = 0; i < e->num_segments; i++) {
    const bsyn_elf_segment *s = &e->segments[i];
    if (!s->memsz)
      continue;
    lo = s->vaddr < lo ? s->vaddr : lo;
    hi = (uint64_t)s->vaddr + s->memsz > hi ? (uint64_t)s->vaddr + s->memsz : hi;
  }
  int rc = 0;
  bsyn_mem *m = bsyn_mem_new(0);
  if (lo == UINT64_MAX) {
    rc = bsyn_diag_set(&d, 0, 0, "expected a loadable segment, found none");
  } else {
    lo &= ~(uint64_t)(BSYN_MEM_PAGE_SIZE - 1);
    uint64_t words = (hi - lo + 3) / 4;
    if (words > max_words)
      rc =
          bsyn_diag_set(&d, 0, 0,
                        "expected an image of at most %llu words, found %llu (0x%08llx..0x%08llx); "
                        "raise --max-words and the testbench's MEM_WORDS",
                        (unsigned long long)max_words, (unsigned long long)words,
                        (unsigned long long)lo, (unsigned long long)hi);
    else if (!(rc = bsyn_elf_load(e, m, &d))) {
      bsyn_out hex;
      bsyn_diag_init(&d, out);
      if (!(rc = bsyn_out_open(&hex, out, &d))) {
        fprintf(hex.f, "// %s: %llu words from 0x%08llx\n", in, (unsigned long long)words,
                (unsigned long long)lo);
        for (uint64_t k = 0; k < words; k++)
          fprintf(hex.f, "%08x\n", bsyn_mem_read32(m, (uint32_t)(lo + 4 * k)));
        rc = bsyn_out_commit(&hex, &d);
      }
      uint32_t tohost = 0;
      int has = bsyn_elf_find_symbol(e, "tohost", &tohost);
      if (!rc)
        printf("+base=%08llx +words=%llu +entry=%08x +tohost=%08x +has_tohost=%d\n",
               (unsigned long long)lo, (unsigned long long)words, e->entry, tohost, has);
    }
  }
  bsyn_mem_free(m);
  bsyn_elf_free(e);
  return rc ? bsyn_cli_report(&d) : 0;
}
