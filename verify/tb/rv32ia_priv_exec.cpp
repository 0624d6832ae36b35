// rv32ia_priv_exec.cpp — the RTL verify/rv32ia_priv.v, compiled by Verilator, as an `exec:`
// oracle responder (docs/exec-protocol.md): 1,798 inputs and 1,826 outputs in the rv32ia-priv
// layout, each vector of a batch set on the model's ports, evaluated and read back. With it
// `bsyn run --oracle exec:PATH` runs programs on the verilated RTL (docs/runner.md);
// scripts/rv32ia_verilator.sh builds it. Plain C++ on Verilator's generated class only; rows
// are read and written as the host's uint64_t, so the host must be little-endian (x86-64).
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "Vrv32ia_priv.h"
#include "verilated.h"

namespace {

const uint32_t kHello = 0x4e595342u, kRequest = 0x51525342u, kReply = 0x50525342u;
const uint32_t kInputs = 1798, kOutputs = 1826;

// A port: its first bit in the layout, its width, and where its value lives in the model.
struct Port {
  uint32_t lsb, width;
  uint32_t *word;  // ports of 32 bits (Verilator's IData)
  uint8_t *bits;   // ports of 1 or 2 bits (CData)
  uint32_t get() const { return word ? *word : *bits; }
  void set(uint32_t v) const {
    if (word)
      *word = v;
    else
      *bits = static_cast<uint8_t>(v);
  }
};

void ports(Vrv32ia_priv *m, std::vector<Port> *in, std::vector<Port> *out) {
  uint32_t *xs[32] = {&m->x0,  &m->x1,  &m->x2,  &m->x3,  &m->x4,  &m->x5,  &m->x6,  &m->x7,
                      &m->x8,  &m->x9,  &m->x10, &m->x11, &m->x12, &m->x13, &m->x14, &m->x15,
                      &m->x16, &m->x17, &m->x18, &m->x19, &m->x20, &m->x21, &m->x22, &m->x23,
                      &m->x24, &m->x25, &m->x26, &m->x27, &m->x28, &m->x29, &m->x30, &m->x31};
  uint32_t *xn[32] = {
      &m->x0_next,  &m->x1_next,  &m->x2_next,  &m->x3_next,  &m->x4_next,  &m->x5_next,
      &m->x6_next,  &m->x7_next,  &m->x8_next,  &m->x9_next,  &m->x10_next, &m->x11_next,
      &m->x12_next, &m->x13_next, &m->x14_next, &m->x15_next, &m->x16_next, &m->x17_next,
      &m->x18_next, &m->x19_next, &m->x20_next, &m->x21_next, &m->x22_next, &m->x23_next,
      &m->x24_next, &m->x25_next, &m->x26_next, &m->x27_next, &m->x28_next, &m->x29_next,
      &m->x30_next, &m->x31_next};
  uint32_t *cs[21] = {&m->mtvec,   &m->mepc,    &m->mcause,  &m->mie,     &m->mip,
                      &m->mtval,   &m->mscratch, &m->mstatus, &m->mideleg, &m->medeleg,
                      &m->sepc,    &m->stvec,   &m->scause,  &m->sscratch, &m->stval,
                      &m->sstatus, &m->sie,     &m->sip,     &m->satp,    &m->mhartid,
                      &m->misa};
  uint32_t *cn[21] = {&m->mtvec_next,   &m->mepc_next,    &m->mcause_next,  &m->mie_next,
                      &m->mip_next,     &m->mtval_next,   &m->mscratch_next, &m->mstatus_next,
                      &m->mideleg_next, &m->medeleg_next, &m->sepc_next,    &m->stvec_next,
                      &m->scause_next,  &m->sscratch_next, &m->stval_next,  &m->sstatus_next,
                      &m->sie_next,     &m->sip_next,     &m->satp_next,    &m->mhartid_next,
                      &m->misa_next};
  for (uint32_t k = 0; k < 32; k++) {
    in->push_back({32 * k, 32, xs[k], nullptr});
    out->push_back({32 * k, 32, xn[k], nullptr});
  }
  for (uint32_t k = 0; k < 21; k++) {
    in->push_back({1024 + 32 * k, 32, cs[k], nullptr});
    out->push_back({1024 + 32 * k, 32, cn[k], nullptr});
  }
  in->push_back({1696, 32, &m->inst, nullptr});
  in->push_back({1728, 32, &m->pc, nullptr});
  in->push_back({1760, 32, &m->load_data, nullptr});
  in->push_back({1792, 1, nullptr, &m->irq});
  in->push_back({1793, 1, nullptr, &m->inst_page_fault});
  in->push_back({1794, 1, nullptr, &m->load_page_fault});
  in->push_back({1795, 1, nullptr, &m->store_page_fault});
  in->push_back({1796, 2, nullptr, &m->priv});
  out->push_back({1696, 32, &m->next_pc, nullptr});
  out->push_back({1728, 32, &m->load_addr, nullptr});
  out->push_back({1760, 32, &m->store_data, nullptr});
  out->push_back({1792, 32, &m->store_addr, nullptr});
  out->push_back({1824, 2, nullptr, &m->next_priv});
}

bool read_all(void *p, size_t n) { return fread(p, 1, n, stdin) == n; }

void put32(std::vector<uint8_t> *b, uint32_t v) {
  for (int i = 0; i < 4; i++)
    b->push_back(static_cast<uint8_t>(v >> 8 * i));
}

void put64(std::vector<uint8_t> *b, uint64_t v) {
  put32(b, static_cast<uint32_t>(v));
  put32(b, static_cast<uint32_t>(v >> 32));
}

// Answers one batch of nwords words a row. Lanes equal to the lane before them share its
// answer: each run of equal lanes is evaluated once (a runner asks one vector a batch; the
// other 63 lanes are equal).
void answer(Vrv32ia_priv *m, const std::vector<Port> &in, const std::vector<Port> &out,
            const std::vector<uint64_t> &rows, uint64_t nwords, std::vector<uint64_t> *res) {
  res->assign(kOutputs * nwords, 0);
  for (uint64_t w = 0; w < nwords; w++) {
    uint64_t starts = 1;  // bit b: lane b differs from lane b - 1
    for (uint32_t i = 0; i < kInputs; i++) {
      uint64_t r = rows[i * nwords + w];
      starts |= r ^ (r << 1);
    }
    while (starts) {
      unsigned b = static_cast<unsigned>(__builtin_ctzll(starts));
      starts &= starts - 1;
      unsigned end = starts ? static_cast<unsigned>(__builtin_ctzll(starts)) : 64;
      uint64_t lanes = (end == 64 ? ~0ull : (1ull << end) - 1) & ~((1ull << b) - 1);
      for (const Port &p : in) {
        uint32_t x = 0;
        for (uint32_t k = 0; k < p.width; k++)
          x |= static_cast<uint32_t>(rows[(p.lsb + k) * nwords + w] >> b & 1) << k;
        p.set(x);
      }
      m->eval();
      for (const Port &p : out) {
        uint32_t x = p.get();
        for (uint32_t k = 0; k < p.width; k++)
          if (x >> k & 1)
            (*res)[(p.lsb + k) * nwords + w] |= lanes;
      }
    }
  }
}

}  // namespace

int main(int argc, char **argv) {
  Verilated::commandArgs(argc, argv);
  Vrv32ia_priv model;
  std::vector<Port> in, out;
  ports(&model, &in, &out);
  std::vector<uint8_t> msg;
  put32(&msg, kHello);
  put32(&msg, 1);
  put32(&msg, kInputs);
  put32(&msg, kOutputs);
  put32(&msg, 0);
  fwrite(msg.data(), 1, msg.size(), stdout);
  fflush(stdout);
  std::vector<uint64_t> rows, res;
  for (;;) {
    uint8_t head[16];
    if (!read_all(head, sizeof head))
      return 0;  // the input ended: done
    uint32_t magic;
    uint64_t nwords;
    std::memcpy(&magic, head, 4);
    std::memcpy(&nwords, head + 8, 8);
    if (magic != kRequest || nwords == 0 || nwords > (1u << 20))
      return 2;
    rows.resize(kInputs * nwords);
    if (!read_all(rows.data(), rows.size() * sizeof rows[0]))
      return 2;
    answer(&model, in, out, rows, nwords, &res);
    msg.clear();
    put32(&msg, kReply);
    put32(&msg, 0);
    put64(&msg, nwords);
    fwrite(msg.data(), 1, msg.size(), stdout);
    fwrite(res.data(), sizeof res[0], res.size(), stdout);
    fflush(stdout);
  }
}
