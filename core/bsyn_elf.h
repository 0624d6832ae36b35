/* bsyn_elf.h — ELF32 executables for RV32 (little-endian, EM_RISCV = 243).
 *
 * The reader checks the identification (class, byte order, version), type (ET_EXEC),
 * machine, and that every PT_LOAD segment lies inside the file and inside the 32-bit address
 * space; it keeps the loadable segments, the entry point and the symbol table (.symtab)
 * for lookups such as `tohost` or `begin_signature`. Section contents other than the
 * symbols are not interpreted. Errors come back as "expected X, found Y" in a bsyn_diag
 * (line 0: binary files have no lines). */
#ifndef BSYN_ELF_H
#define BSYN_ELF_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_mem.h"
#include "bsyn_util.h"

#define BSYN_ELF_MACHINE_RISCV 243u
/* Largest total of the segments' memory sizes the reader accepts (bytes). */
#define BSYN_ELF_MAX_IMAGE (256u << 20)

typedef struct bsyn_elf_segment {
  uint32_t vaddr;
  uint32_t memsz;      /* bytes in memory; the part beyond filesz is zero */
  uint32_t filesz;     /* bytes taken from the file, filesz <= memsz */
  uint32_t flags;      /* PF_X = 1, PF_W = 2, PF_R = 4 */
  const uint8_t *data; /* filesz bytes inside the owning bsyn_elf's image */
} bsyn_elf_segment;

typedef struct bsyn_elf_symbol {
  const char *name; /* inside the owning bsyn_elf's image, NUL-terminated */
  uint32_t value;
  uint32_t size;
  uint32_t global; /* 1 for STB_GLOBAL/STB_WEAK, 0 for STB_LOCAL */
} bsyn_elf_symbol;

typedef struct bsyn_elf {
  uint32_t entry;
  bsyn_elf_segment *segments; /* PT_LOAD only, in file order */
  uint32_t num_segments;
  bsyn_elf_symbol *symbols; /* named symbols of .symtab (none when stripped) */
  uint32_t num_symbols;
  uint8_t *image; /* the whole file */
  size_t image_size;
} bsyn_elf;

/* Reads and checks the ELF file at path. Returns 0 with *out set (free with bsyn_elf_free),
 * or -1 with d filled and *out NULL: unreadable file, truncated header or tables, wrong
 * class/byte order/machine/type, segment outside the file, filesz > memsz, segment outside
 * the address space or the whole image above BSYN_ELF_MAX_IMAGE. */
int bsyn_elf_read(const char *path, bsyn_elf **out, bsyn_diag *d);

/* The same checks on a buffer already in memory (copied into the result). */
int bsyn_elf_parse(const void *buf, size_t size, bsyn_elf **out, bsyn_diag *d);

void bsyn_elf_free(bsyn_elf *e); /* NULL allowed */

/* Looks a symbol up by name. Returns 1 and sets *value (may be NULL) when found, else 0.
 * When several symbols share the name, a global one wins, then the first. */
int bsyn_elf_find_symbol(const bsyn_elf *e, const char *name, uint32_t *value);

/* Copies every segment into m (filesz bytes, then zeros up to memsz). Returns 0, or -1 with
 * d filled when m's page budget is too small. */
int bsyn_elf_load(const bsyn_elf *e, bsyn_mem *m, bsyn_diag *d);

/* An address window a program must leave to a device (its registers). */
typedef struct bsyn_elf_window {
  uint32_t base, size; /* bytes base .. base + size - 1 */
  const char *what;    /* named in the message: "the UART's page at 0x10000000" */
} bsyn_elf_window;

/* A program as the runners take it: checks that no segment overlaps one of the n windows
 * and that the entry point is 4-byte aligned, then loads it (bsyn_elf_load). Returns 0, or
 * -1 with d filled ("expected segment 1 (...) clear of WHAT, found an overlap"). */
int bsyn_elf_load_program(const bsyn_elf *e, bsyn_mem *m, const bsyn_elf_window *w, uint32_t n,
                          bsyn_diag *d);

#endif
