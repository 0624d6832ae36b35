/* The CSRs of the rv32ia-priv step: the table of docs/rv32ia-priv.md ("CSRs") as data, its
 * legal values, read values and write rules. */
#include "bsyn_rv32ia.h"

/* How a row of the table reads and writes. */
enum csr_kind {
  K_PLAIN,   /* stored CSR: reads its value; a write stores v, then the legal value applies */
  K_MSTATUS, /* reads without the reservation bit; writes keep it */
  K_MIP,     /* reads with MTIP = irq */
  K_SSTATUS, /* view of mstatus */
  K_SIE,     /* view of mie & mideleg */
  K_SIP,     /* view of mip & mideleg, SSIP writable when delegated */
  K_INPUT,   /* reads the input (misa, mhartid), writes ignored (mhartid's are illegal) */
  K_ZERO     /* reads 0, writes ignored (or illegal where the address is read-only) */
};

typedef struct csr_row {
  uint16_t addr;
  uint8_t kind;
  uint8_t index; /* into csr[] (K_ZERO: unused) */
} csr_row;

static const csr_row table[] = {
    {0x300, K_MSTATUS, BSYN_RV32IA_MSTATUS},
    {0x301, K_INPUT, BSYN_RV32IA_MISA},
    {0x302, K_PLAIN, BSYN_RV32IA_MEDELEG},
    {0x303, K_PLAIN, BSYN_RV32IA_MIDELEG},
    {0x304, K_PLAIN, BSYN_RV32IA_MIE},
    {0x305, K_PLAIN, BSYN_RV32IA_MTVEC},
    {0x340, K_PLAIN, BSYN_RV32IA_MSCRATCH},
    {0x341, K_PLAIN, BSYN_RV32IA_MEPC},
    {0x342, K_PLAIN, BSYN_RV32IA_MCAUSE},
    {0x343, K_PLAIN, BSYN_RV32IA_MTVAL},
    {0x344, K_MIP, BSYN_RV32IA_MIP},
    {0x100, K_SSTATUS, BSYN_RV32IA_SSTATUS},
    {0x104, K_SIE, BSYN_RV32IA_SIE},
    {0x105, K_PLAIN, BSYN_RV32IA_STVEC},
    {0x140, K_PLAIN, BSYN_RV32IA_SSCRATCH},
    {0x141, K_PLAIN, BSYN_RV32IA_SEPC},
    {0x142, K_PLAIN, BSYN_RV32IA_SCAUSE},
    {0x143, K_PLAIN, BSYN_RV32IA_STVAL},
    {0x144, K_SIP, BSYN_RV32IA_SIP},
    {0x180, K_PLAIN, BSYN_RV32IA_SATP},
    {0xF14, K_INPUT, BSYN_RV32IA_MHARTID},
    {0xF11, K_ZERO, 0},
    {0xF12, K_ZERO, 0},
    {0xF13, K_ZERO, 0},
    {0xF15, K_ZERO, 0},
    {0x306, K_ZERO, 0},
    {0x30A, K_ZERO, 0},
    {0x310, K_ZERO, 0},
    {0x31A, K_ZERO, 0},
    {0x106, K_ZERO, 0},
    {0x10A, K_ZERO, 0},
};

enum { NUM_ROWS = sizeof table / sizeof table[0] };

unsigned bsyn_rv32ia_num_csr_addrs(void) { return NUM_ROWS; }

uint32_t bsyn_rv32ia_csr_addr(unsigned k) { return k < NUM_ROWS ? table[k].addr : 0; }

static const csr_row *find(uint32_t addr) {
  for (unsigned k = 0; k < NUM_ROWS; k++)
    if (table[k].addr == addr)
      return &table[k];
  return 0;
}

void bsyn_rv32ia_legalize(uint32_t csr[BSYN_RV32IA_NUM_CSRS]) {
  uint32_t ms = csr[BSYN_RV32IA_MSTATUS] & BSYN_RV32IA_MSTATUS_LEGAL;
  if ((ms >> BSYN_RV32IA_MS_MPP & 3) == 2)
    ms &= ~(3u << BSYN_RV32IA_MS_MPP);
  csr[BSYN_RV32IA_MSTATUS] = ms;
  csr[BSYN_RV32IA_MEDELEG] &= BSYN_RV32IA_MEDELEG_LEGAL;
  csr[BSYN_RV32IA_MIDELEG] &= BSYN_RV32IA_MIDELEG_LEGAL;
  csr[BSYN_RV32IA_MIE] &= BSYN_RV32IA_MIE_LEGAL;
  csr[BSYN_RV32IA_MIP] &= BSYN_RV32IA_MIP_LEGAL;
  csr[BSYN_RV32IA_MTVEC] &= BSYN_RV32IA_ALIGN_MASK;
  csr[BSYN_RV32IA_STVEC] &= BSYN_RV32IA_ALIGN_MASK;
  csr[BSYN_RV32IA_MEPC] &= BSYN_RV32IA_ALIGN_MASK;
  csr[BSYN_RV32IA_SEPC] &= BSYN_RV32IA_ALIGN_MASK;
  csr[BSYN_RV32IA_SSTATUS] = ms & BSYN_RV32IA_SSTATUS_MASK;
  csr[BSYN_RV32IA_SIE] = csr[BSYN_RV32IA_MIE] & csr[BSYN_RV32IA_MIDELEG];
  csr[BSYN_RV32IA_SIP] = csr[BSYN_RV32IA_MIP] & csr[BSYN_RV32IA_MIDELEG];
}

int bsyn_rv32ia_csr_read(const uint32_t csr[BSYN_RV32IA_NUM_CSRS], uint32_t addr, unsigned p,
                         uint32_t irq, int writes, uint32_t *old) {
  const csr_row *r = find(addr);
  if (!r || p < (addr >> 8 & 3) || (writes && (addr >> 10 & 3) == 3))
    return 0;
  if (addr == 0x180 && p == BSYN_RV32IA_PRIV_S &&
      (csr[BSYN_RV32IA_MSTATUS] >> BSYN_RV32IA_MS_TVM & 1))
    return 0;
  uint32_t mip = csr[BSYN_RV32IA_MIP] | (irq & 1) << 7;
  uint32_t mideleg = csr[BSYN_RV32IA_MIDELEG];
  switch (r->kind) {
  case K_MSTATUS:
    *old = csr[BSYN_RV32IA_MSTATUS] & BSYN_RV32IA_MSTATUS_READ;
    break;
  case K_MIP:
    *old = mip;
    break;
  case K_SSTATUS:
    *old = csr[BSYN_RV32IA_MSTATUS] & BSYN_RV32IA_SSTATUS_MASK;
    break;
  case K_SIE:
    *old = csr[BSYN_RV32IA_MIE] & mideleg;
    break;
  case K_SIP:
    *old = mip & mideleg;
    break;
  case K_ZERO:
    *old = 0;
    break;
  default:
    *old = csr[r->index];
  }
  return 1;
}

/* x with the bits of mask taken from v */
static uint32_t merge(uint32_t x, uint32_t v, uint32_t mask) { return (x & ~mask) | (v & mask); }

void bsyn_rv32ia_csr_write(uint32_t csr[BSYN_RV32IA_NUM_CSRS], uint32_t addr, uint32_t v) {
  const csr_row *r = find(addr);
  uint32_t *ms = &csr[BSYN_RV32IA_MSTATUS], *mie = &csr[BSYN_RV32IA_MIE];
  uint32_t *mip = &csr[BSYN_RV32IA_MIP], mideleg = csr[BSYN_RV32IA_MIDELEG];
  switch (r ? r->kind : K_ZERO) {
  case K_PLAIN:
    csr[r->index] = v;
    break;
  case K_MSTATUS:
    *ms = merge(*ms, v, BSYN_RV32IA_MSTATUS_READ);
    break;
  case K_MIP:
    *mip = v;
    break;
  case K_SSTATUS:
    *ms = merge(*ms, v, BSYN_RV32IA_SSTATUS_MASK);
    break;
  case K_SIE:
    *mie = merge(*mie, v, mideleg);
    break;
  case K_SIP:
    *mip = merge(*mip, v, mideleg & 2u);
    break;
  default: /* misa, mhartid and the constant rows keep their values */
    break;
  }
  bsyn_rv32ia_legalize(csr);
}
