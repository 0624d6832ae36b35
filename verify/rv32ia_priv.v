// rv32ia_priv.v — bsyn's rv32ia-priv function as register-transfer logic.
//
// One step of a single-hart RV32IA machine with M, S and U modes (docs/rv32ia-priv.md, the
// contract): the 32 registers and 21 CSRs come in as inputs and leave as `*_next` outputs,
// memory stays outside (load_addr / load_data / store_addr / store_data). Purely
// combinational, 1,798 inputs and 1,826 outputs.
//
// Written from the contract alone, independently of the C model and bit-sliced oracle
// (`rv32ia-priv` in core/), so that the two readings check each other:
// scripts/check_rv32ia_rtl.sh synthesizes this file (scripts/rtl_to_aig.sh) and runs
// `bsyn verify` against the oracle.
//
// Ports are the contract's fields in layout order, bit 0 first, so that the synthesized AIG's
// input k and output k are the oracle's bit k: x0..x31, the 21 CSRs, inst, pc, load_data, irq,
// the three page-fault lines, priv; then x0_next..x31_next, the 21 CSRs' `_next`, next_pc,
// load_addr, store_data, store_addr, next_priv.
//
// The step, in the contract's order, one section each below:
//   1. legalize the CSR inputs and the privilege,
//   2. interrupts (taken before the instruction is looked at),
//   3. instruction page fault,
//   4. decode and execute inst (RV32I, FENCE.I, SYSTEM, Zicsr, RV32A), CSR file, exceptions,
//   5. trap entry or commit.
//
// Verilog-2005; accepted by Yosys, Icarus Verilog (-g2005 and later) and Verilator -Wall.
`default_nettype none

module rv32ia_priv (
    // Register file (x0 is read as 0 whatever it holds)
    input  wire [31:0] x0, x1, x2, x3, x4, x5, x6, x7,
    input  wire [31:0] x8, x9, x10, x11, x12, x13, x14, x15,
    input  wire [31:0] x16, x17, x18, x19, x20, x21, x22, x23,
    input  wire [31:0] x24, x25, x26, x27, x28, x29, x30, x31,
    // The 21 CSRs, in the contract's order
    input  wire [31:0] mtvec, mepc, mcause, mie, mip, mtval, mscratch, mstatus,
    input  wire [31:0] mideleg, medeleg, sepc, stvec, scause, sscratch, stval,
    input  wire [31:0] sstatus, sie, sip, satp, mhartid, misa,
    // Fetch, memory and the outside world
    input  wire [31:0] inst,
    input  wire [31:0] pc,
    input  wire [31:0] load_data,
    input  wire        irq,
    input  wire        inst_page_fault,
    input  wire        load_page_fault,
    input  wire        store_page_fault,
    input  wire [1:0]  priv,

    output wire [31:0] x0_next, x1_next, x2_next, x3_next,
    output wire [31:0] x4_next, x5_next, x6_next, x7_next,
    output wire [31:0] x8_next, x9_next, x10_next, x11_next,
    output wire [31:0] x12_next, x13_next, x14_next, x15_next,
    output wire [31:0] x16_next, x17_next, x18_next, x19_next,
    output wire [31:0] x20_next, x21_next, x22_next, x23_next,
    output wire [31:0] x24_next, x25_next, x26_next, x27_next,
    output wire [31:0] x28_next, x29_next, x30_next, x31_next,
    output wire [31:0] mtvec_next, mepc_next, mcause_next, mie_next, mip_next, mtval_next,
    output wire [31:0] mscratch_next, mstatus_next, mideleg_next, medeleg_next, sepc_next,
    output wire [31:0] stvec_next, scause_next, sscratch_next, stval_next, sstatus_next,
    output wire [31:0] sie_next, sip_next, satp_next, mhartid_next, misa_next,
    output wire [31:0] next_pc,
    output wire [31:0] load_addr,
    output wire [31:0] store_data,
    output wire [31:0] store_addr,
    output wire [1:0]  next_priv
);

  // =======================================================================================
  // Constants
  // =======================================================================================
  localparam [1:0] PRIV_U = 2'd0;
  localparam [1:0] PRIV_S = 2'd1;
  localparam [1:0] PRIV_M = 2'd3;

  // Implemented bits (the "legal value" column of the contract's CSR table)
  localparam [31:0] MSTATUS_LEGAL = 32'h407E19AA;  // the read bits plus the reservation (30)
  localparam [31:0] MSTATUS_READ  = 32'h007E19AA;
  localparam [31:0] SSTATUS_BITS  = 32'h000C0122;  // SIE SPIE SPP SUM MXR
  localparam [31:0] MEDELEG_LEGAL = 32'h0000B3FF;
  localparam [31:0] MIDELEG_LEGAL = 32'h00000222;  // SSI STI SEI
  localparam [31:0] MIP_LEGAL     = 32'h00000222;  // MTIP (7) is the irq line, not stored
  localparam [31:0] MIE_LEGAL     = 32'h00000AAA;
  localparam [31:0] ALIGN4        = 32'hFFFFFFFC;  // xepc, xtvec
  localparam [31:0] RESERVATION   = 32'h40000000;  // mstatus bit 30: LR/SC's reservation

  // mstatus bit positions
  localparam SIE = 1, MIE = 3, SPIE = 5, MPIE = 7, SPP = 8, MPRV = 17, TVM = 20, TW = 21,
             TSR = 22, RSV = 30;

  // CSR addresses
  localparam [11:0] CSR_SSTATUS = 12'h100, CSR_SIE = 12'h104, CSR_STVEC = 12'h105,
                    CSR_SCOUNTEREN = 12'h106, CSR_SENVCFG = 12'h10A, CSR_SSCRATCH = 12'h140,
                    CSR_SEPC = 12'h141, CSR_SCAUSE = 12'h142, CSR_STVAL = 12'h143,
                    CSR_SIP = 12'h144, CSR_SATP = 12'h180;
  localparam [11:0] CSR_MSTATUS = 12'h300, CSR_MISA = 12'h301, CSR_MEDELEG = 12'h302,
                    CSR_MIDELEG = 12'h303, CSR_MIE = 12'h304, CSR_MTVEC = 12'h305,
                    CSR_MCOUNTEREN = 12'h306, CSR_MENVCFG = 12'h30A, CSR_MSTATUSH = 12'h310,
                    CSR_MENVCFGH = 12'h31A, CSR_MSCRATCH = 12'h340, CSR_MEPC = 12'h341,
                    CSR_MCAUSE = 12'h342, CSR_MTVAL = 12'h343, CSR_MIP = 12'h344;
  localparam [11:0] CSR_MVENDORID = 12'hF11, CSR_MARCHID = 12'hF12, CSR_MIMPID = 12'hF13,
                    CSR_MHARTID = 12'hF14, CSR_MCONFIGPTR = 12'hF15;

  // Opcodes
  localparam [6:0] OP_LOAD     = 7'b0000011;
  localparam [6:0] OP_MISC_MEM = 7'b0001111;
  localparam [6:0] OP_OP_IMM   = 7'b0010011;
  localparam [6:0] OP_AUIPC    = 7'b0010111;
  localparam [6:0] OP_STORE    = 7'b0100011;
  localparam [6:0] OP_AMO      = 7'b0101111;
  localparam [6:0] OP_OP       = 7'b0110011;
  localparam [6:0] OP_LUI      = 7'b0110111;
  localparam [6:0] OP_BRANCH   = 7'b1100011;
  localparam [6:0] OP_JALR     = 7'b1100111;
  localparam [6:0] OP_JAL      = 7'b1101111;
  localparam [6:0] OP_SYSTEM   = 7'b1110011;

  // RV32A funct5
  localparam [4:0] A_LR   = 5'b00010, A_SC   = 5'b00011, A_SWAP = 5'b00001,
                   A_ADD  = 5'b00000, A_XOR  = 5'b00100, A_AND  = 5'b01100,
                   A_OR   = 5'b01000, A_MIN  = 5'b10000, A_MAX  = 5'b10100,
                   A_MINU = 5'b11000, A_MAXU = 5'b11100;

  // Exception codes (mcause without the interrupt bit)
  localparam [4:0] EXC_INST_MISALIGNED  = 5'd0;
  localparam [4:0] EXC_ILLEGAL          = 5'd2;
  localparam [4:0] EXC_BREAKPOINT       = 5'd3;
  localparam [4:0] EXC_LOAD_MISALIGNED  = 5'd4;
  localparam [4:0] EXC_STORE_MISALIGNED = 5'd6;
  localparam [4:0] EXC_ECALL_U          = 5'd8;
  localparam [4:0] EXC_ECALL_S          = 5'd9;
  localparam [4:0] EXC_ECALL_M          = 5'd11;
  localparam [4:0] EXC_INST_PAGE_FAULT  = 5'd12;
  localparam [4:0] EXC_LOAD_PAGE_FAULT  = 5'd13;
  localparam [4:0] EXC_STORE_PAGE_FAULT = 5'd15;

  // =======================================================================================
  // 1. Legalize the state
  // =======================================================================================
  // mstatus: implemented bits only, and the reserved MPP = 2 becomes U.
  function [31:0] mstatus_legal;
    input [31:0] v;
    reg   [31:0] m;
    begin
      m = v & MSTATUS_LEGAL;
      if (m[12:11] == 2'b10)
        m[12:11] = 2'b00;
      mstatus_legal = m;
    end
  endfunction

  wire [31:0] l_mtvec    = mtvec & ALIGN4;
  wire [31:0] l_mepc     = mepc & ALIGN4;
  wire [31:0] l_mie      = mie & MIE_LEGAL;
  wire [31:0] l_mip      = mip & MIP_LEGAL;
  wire [31:0] l_mstatus  = mstatus_legal(mstatus);
  wire [31:0] l_mideleg  = mideleg & MIDELEG_LEGAL;
  wire [31:0] l_medeleg  = medeleg & MEDELEG_LEGAL;
  wire [31:0] l_sepc     = sepc & ALIGN4;
  wire [31:0] l_stvec    = stvec & ALIGN4;
  // mcause, mtval, mscratch, scause, sscratch, stval, satp: all 32 bits; mhartid and misa are
  // passed through; the sstatus, sie and sip inputs are views and are not read.

  // The effective privilege: the reserved 2 is taken as M.
  wire [1:0] p = priv == 2'd2 ? PRIV_M : priv;

  // The pending set as interrupts and CSR reads see it: stored bits plus the timer line.
  wire [31:0] mip_eff = l_mip | {24'd0, irq, 7'd0};

  // =======================================================================================
  // 2. Interrupts
  // =======================================================================================
  wire [11:0] ready    = l_mie[11:0] & mip_eff[11:0];
  wire        m_enable = p != PRIV_M || l_mstatus[MIE];
  wire        s_enable = p == PRIV_U || (p == PRIV_S && l_mstatus[SIE]);
  wire [11:0] m_take   = m_enable ? ready & ~l_mideleg[11:0] : 12'd0;
  wire [11:0] s_take   = s_enable ? ready & l_mideleg[11:0] : 12'd0;

  // The highest-priority pending code, in the order 11, 3, 7, 9, 1, 5 (MEI MSI MTI SEI SSI
  // STI). Only the odd bits are interrupts; mie's legal value holds no others.
  wire        irq_to_m  = |m_take;
  wire        irq_taken = irq_to_m || |s_take;
  wire [11:0] irq_set   = irq_to_m ? m_take : s_take;
  wire [3:0]  irq_code  = irq_set[11] ? 4'd11 :
                          irq_set[3]  ? 4'd3 :
                          irq_set[7]  ? 4'd7 :
                          irq_set[9]  ? 4'd9 :
                          irq_set[1]  ? 4'd1 :
                                        4'd5;

  // =======================================================================================
  // 4. Decode (3, the instruction page fault, is taken with the other traps below)
  // =======================================================================================
  wire [6:0]  opcode = inst[6:0];
  wire [4:0]  rd     = inst[11:7];
  wire [2:0]  funct3 = inst[14:12];
  wire [4:0]  rs1    = inst[19:15];
  wire [4:0]  rs2    = inst[24:20];
  wire [6:0]  funct7 = inst[31:25];
  wire [4:0]  funct5 = inst[31:27];
  wire [11:0] csr    = inst[31:20];

  wire [31:0] imm_i = {{21{inst[31]}}, inst[30:20]};
  wire [31:0] imm_s = {{21{inst[31]}}, inst[30:25], inst[11:7]};
  wire [31:0] imm_b = {{20{inst[31]}}, inst[7], inst[30:25], inst[11:8], 1'b0};
  wire [31:0] imm_u = {inst[31:12], 12'b0};
  wire [31:0] imm_j = {{12{inst[31]}}, inst[19:12], inst[20], inst[30:21], 1'b0};

  // Register file read: x[0] is 0.
  wire [1023:0] xfile = {x31, x30, x29, x28, x27, x26, x25, x24, x23, x22, x21, x20, x19, x18,
                         x17, x16, x15, x14, x13, x12, x11, x10, x9, x8, x7, x6, x5, x4, x3, x2,
                         x1, 32'd0};
  wire [31:0] rs1_val = xfile[{rs1, 5'd0} +: 32];
  wire [31:0] rs2_val = xfile[{rs2, 5'd0} +: 32];

  // RV32I, as in docs/rv32i-core.md
  wire f7_zero = funct7 == 7'b0000000;
  wire f7_alt  = funct7 == 7'b0100000;  // SUB, SRA, SRAI

  wire is_lui    = opcode == OP_LUI;
  wire is_auipc  = opcode == OP_AUIPC;
  wire is_jal    = opcode == OP_JAL;
  wire is_jalr   = opcode == OP_JALR && funct3 == 3'd0;
  wire is_branch = opcode == OP_BRANCH && funct3[2:1] != 2'b01;                  // no 010, 011
  wire is_load   = opcode == OP_LOAD && funct3 != 3'd3 && funct3[2:1] != 2'b11;  // LB LH LW LBU LHU
  wire is_store  = opcode == OP_STORE && !funct3[2] && funct3[1:0] != 2'b11;    // SB SH SW
  wire is_op_imm = opcode == OP_OP_IMM &&
                   (funct3 == 3'd1 ? f7_zero :
                    funct3 == 3'd5 ? (f7_zero || f7_alt) : 1'b1);
  wire is_op     = opcode == OP_OP &&
                   (f7_zero || (f7_alt && (funct3 == 3'd0 || funct3 == 3'd5)));
  wire is_fence  = opcode == OP_MISC_MEM && funct3 == 3'd0;
  wire is_fencei = opcode == OP_MISC_MEM && funct3 == 3'd1;  // Zifencei: a no-op

  // SYSTEM, funct3 = 000: exact encodings only
  wire is_ecall  = inst == 32'h00000073;
  wire is_ebreak = inst == 32'h00100073;
  wire is_mret   = inst == 32'h30200073;
  wire is_sret   = inst == 32'h10200073;
  wire is_wfi    = inst == 32'h10500073;
  wire is_sfence = (inst & 32'hFE007FFF) == 32'h12000073;

  wire in_m = p == PRIV_M;
  wire in_s = p == PRIV_S;
  wire mret_ok   = in_m;
  wire sret_ok   = in_m || (in_s && !l_mstatus[TSR]);
  wire wfi_ok    = in_m || (in_s && !l_mstatus[TW]);
  wire sfence_ok = in_m || (in_s && !l_mstatus[TVM]);

  // Zicsr: funct3 001 010 011 (register source), 101 110 111 (immediate source)
  wire is_csr    = opcode == OP_SYSTEM && funct3[1:0] != 2'b00;
  wire csr_imm   = funct3[2];
  // CSRRW(I) always write; CSRRS(I)/CSRRC(I) only with a nonzero rs1 field.
  wire csr_write = funct3[1:0] == 2'b01 || rs1 != 5'd0;

  // RV32A: funct3 = 010; aq and rl are ignored.
  wire a_space = opcode == OP_AMO && funct3 == 3'b010;
  wire is_lr   = a_space && funct5 == A_LR && rs2 == 5'd0;
  wire is_sc   = a_space && funct5 == A_SC;
  wire is_amo  = a_space && (funct5 == A_SWAP || funct5 == A_ADD || funct5 == A_XOR ||
                             funct5 == A_AND || funct5 == A_OR || funct5 == A_MIN ||
                             funct5 == A_MAX || funct5 == A_MINU || funct5 == A_MAXU);

  // =======================================================================================
  // 4. CSR file: which address, its read value, whether the access is legal
  // =======================================================================================
  wire sel_mstatus  = csr == CSR_MSTATUS;
  wire sel_misa     = csr == CSR_MISA;
  wire sel_medeleg  = csr == CSR_MEDELEG;
  wire sel_mideleg  = csr == CSR_MIDELEG;
  wire sel_mie      = csr == CSR_MIE;
  wire sel_mtvec    = csr == CSR_MTVEC;
  wire sel_mscratch = csr == CSR_MSCRATCH;
  wire sel_mepc     = csr == CSR_MEPC;
  wire sel_mcause   = csr == CSR_MCAUSE;
  wire sel_mtval    = csr == CSR_MTVAL;
  wire sel_mip      = csr == CSR_MIP;
  wire sel_sstatus  = csr == CSR_SSTATUS;
  wire sel_sie      = csr == CSR_SIE;
  wire sel_stvec    = csr == CSR_STVEC;
  wire sel_sscratch = csr == CSR_SSCRATCH;
  wire sel_sepc     = csr == CSR_SEPC;
  wire sel_scause   = csr == CSR_SCAUSE;
  wire sel_stval    = csr == CSR_STVAL;
  wire sel_sip      = csr == CSR_SIP;
  wire sel_satp     = csr == CSR_SATP;
  wire sel_mhartid  = csr == CSR_MHARTID;
  // Read as 0: the read-only ID registers, and registers whose writes are ignored.
  wire sel_zero     = csr == CSR_MVENDORID || csr == CSR_MARCHID || csr == CSR_MIMPID ||
                      csr == CSR_MCONFIGPTR || csr == CSR_MCOUNTEREN || csr == CSR_MENVCFG ||
                      csr == CSR_MSTATUSH || csr == CSR_MENVCFGH || csr == CSR_SCOUNTEREN ||
                      csr == CSR_SENVCFG;

  wire csr_exists = sel_mstatus || sel_misa || sel_medeleg || sel_mideleg || sel_mie ||
                    sel_mtvec || sel_mscratch || sel_mepc || sel_mcause || sel_mtval ||
                    sel_mip || sel_sstatus || sel_sie || sel_stvec || sel_sscratch ||
                    sel_sepc || sel_scause || sel_stval || sel_sip || sel_satp ||
                    sel_mhartid || sel_zero;

  wire csr_ok = csr_exists &&
                p >= csr[9:8] &&                                 // privilege
                !(csr_write && csr[11:10] == 2'b11) &&           // read-only space
                !(sel_satp && in_s && l_mstatus[TVM]);           // satp trapped by TVM

  // Read values (one-hot select: at most one sel_* is true)
  wire [31:0] csr_old =
      ({32{sel_mstatus}}  & (l_mstatus & MSTATUS_READ)) |
      ({32{sel_misa}}     & misa) |
      ({32{sel_medeleg}}  & l_medeleg) |
      ({32{sel_mideleg}}  & l_mideleg) |
      ({32{sel_mie}}      & l_mie) |
      ({32{sel_mtvec}}    & l_mtvec) |
      ({32{sel_mscratch}} & mscratch) |
      ({32{sel_mepc}}     & l_mepc) |
      ({32{sel_mcause}}   & mcause) |
      ({32{sel_mtval}}    & mtval) |
      ({32{sel_mip}}      & mip_eff) |
      ({32{sel_sstatus}}  & (l_mstatus & SSTATUS_BITS)) |
      ({32{sel_sie}}      & (l_mie & l_mideleg)) |
      ({32{sel_stvec}}    & l_stvec) |
      ({32{sel_sscratch}} & sscratch) |
      ({32{sel_sepc}}     & l_sepc) |
      ({32{sel_scause}}   & scause) |
      ({32{sel_stval}}    & stval) |
      ({32{sel_sip}}      & (mip_eff & l_mideleg)) |
      ({32{sel_satp}}     & satp) |
      ({32{sel_mhartid}}  & mhartid);

  // The value written: CSRRW source, CSRRS old | source, CSRRC old & ~source.
  wire [31:0] csr_src = csr_imm ? {27'd0, rs1} : rs1_val;
  wire [31:0] csr_v   = funct3[1:0] == 2'b01 ? csr_src :
                        funct3[1:0] == 2'b10 ? csr_old | csr_src :
                                               csr_old & ~csr_src;

  // =======================================================================================
  // 4. Execute: ALU, branches and jumps, loads and stores, atomics
  // =======================================================================================
  function [31:0] alu;
    input [2:0]  op;
    input        sub;    // ADD becomes SUB
    input        arith;  // SRL becomes SRA
    input [31:0] a;
    input [31:0] b;
    begin
      case (op)
        3'd0: alu = sub ? a - b : a + b;
        3'd1: alu = a << b[4:0];
        3'd2: alu = {31'd0, $signed(a) < $signed(b)};
        3'd3: alu = {31'd0, a < b};
        3'd4: alu = a ^ b;
        3'd5: alu = arith ? $unsigned($signed(a) >>> b[4:0]) : a >> b[4:0];
        3'd6: alu = a | b;
        default: alu = a & b;
      endcase
    end
  endfunction

  wire [31:0] alu_result = alu(funct3, is_op && inst[30], inst[30], rs1_val,
                               is_op ? rs2_val : imm_i);

  // Branch condition: funct3[2:1] picks =, signed <, unsigned <; funct3[0] negates.
  wire br_eq  = rs1_val == rs2_val;
  wire br_lt  = $signed(rs1_val) < $signed(rs2_val);
  wire br_ltu = rs1_val < rs2_val;
  wire br_holds = (funct3[2:1] == 2'b00 ? br_eq : funct3[2:1] == 2'b10 ? br_lt : br_ltu) ^
                  funct3[0];
  wire taken = is_branch && br_holds;

  wire [31:0] pc_plus4 = pc + 32'd4;
  wire        redirect = is_jal || is_jalr || taken;
  wire [31:0] target   = is_jal  ? pc + imm_j :
                         is_jalr ? (rs1_val + imm_i) & ~32'd1 :
                                   pc + imm_b;
  wire        target_misaligned = redirect && target[1:0] != 2'b00;

  // Memory address: loads rs1 + immI, stores rs1 + immS, atomics rs1.
  wire        is_atomic = is_lr || is_sc || is_amo;
  wire [31:0] addr = rs1_val + (is_store ? imm_s : is_atomic ? 32'd0 : imm_i);
  wire [1:0]  lane = addr[1:0];
  // funct3[1:0] is the access size for loads and stores (0 byte, 1 half, 2 word); atomics
  // are words.
  wire        misaligned = is_atomic ? lane != 2'b00 :
                           (funct3[1:0] == 2'd1 && lane[0]) ||
                           (funct3[1:0] == 2'd2 && lane != 2'b00);

  function [31:0] load_extend;
    input [2:0]  op;
    input [1:0]  byte_lane;
    input [31:0] word;
    reg   [31:0] shifted;
    begin
      shifted = word >> {byte_lane, 3'b000};
      case (op)
        3'd0:    load_extend = {{24{shifted[7]}}, shifted[7:0]};    // LB
        3'd1:    load_extend = {{16{shifted[15]}}, shifted[15:0]};  // LH
        3'd4:    load_extend = {24'd0, shifted[7:0]};               // LBU
        3'd5:    load_extend = {16'd0, shifted[15:0]};              // LHU
        default: load_extend = shifted;                             // LW (lane 0)
      endcase
    end
  endfunction

  // SB/SH: the word read, with the stored lane replaced; SW: rs2_val (lane 0, full mask).
  function [31:0] store_merge;
    input [1:0]  size;
    input [1:0]  byte_lane;
    input [31:0] word;
    input [31:0] value;
    reg   [31:0] mask;
    begin
      case (size)
        2'd0:    mask = 32'h000000FF << {byte_lane, 3'b000};
        2'd1:    mask = 32'h0000FFFF << {byte_lane, 3'b000};
        default: mask = 32'hFFFFFFFF;
      endcase
      store_merge = (word & ~mask) | ((value << {byte_lane, 3'b000}) & mask);
    end
  endfunction

  function [31:0] amo_op;
    input [4:0]  f5;
    input [31:0] w;  // the word in memory
    input [31:0] r;  // rs2_val
    begin
      case (f5)
        A_SWAP:  amo_op = r;
        A_ADD:   amo_op = w + r;
        A_XOR:   amo_op = w ^ r;
        A_AND:   amo_op = w & r;
        A_OR:    amo_op = w | r;
        A_MIN:   amo_op = $signed(w) < $signed(r) ? w : r;
        A_MAX:   amo_op = $signed(w) < $signed(r) ? r : w;
        A_MINU:  amo_op = w < r ? w : r;
        default: amo_op = w < r ? r : w;  // A_MAXU
      endcase
    end
  endfunction

  wire reserved = l_mstatus[RSV];

  // =======================================================================================
  // 4. Exceptions of the instruction (at most one applies)
  // =======================================================================================
  wire legal = is_lui || is_auipc || is_jal || is_jalr || is_branch || is_load || is_store ||
               is_op_imm || is_op || is_fence || is_fencei || is_ecall || is_ebreak ||
               (is_mret && mret_ok) || (is_sret && sret_ok) || (is_wfi && wfi_ok) ||
               (is_sfence && sfence_ok) || (is_csr && csr_ok) || is_lr || is_sc || is_amo;

  wire reads_like_load = is_load || is_lr;              // faults 4 and 13
  wire acts_like_store = is_store || is_sc || is_amo;   // faults 6 and 15
  wire mem_fault = (reads_like_load || acts_like_store) &&
                   (misaligned || (reads_like_load ? load_page_fault : store_page_fault));

  reg [4:0]  exc_code;
  reg [31:0] exc_tval;
  always @* begin
    if (!legal) begin
      exc_code = EXC_ILLEGAL;
      exc_tval = inst;
    end else if (is_ecall) begin
      exc_code = p == PRIV_U ? EXC_ECALL_U : p == PRIV_S ? EXC_ECALL_S : EXC_ECALL_M;
      exc_tval = 32'd0;
    end else if (is_ebreak) begin
      exc_code = EXC_BREAKPOINT;
      exc_tval = pc;
    end else if (target_misaligned) begin
      exc_code = EXC_INST_MISALIGNED;
      exc_tval = target;
    end else begin  // mem_fault: alignment first, then the page-fault line
      exc_code = reads_like_load ? (misaligned ? EXC_LOAD_MISALIGNED : EXC_LOAD_PAGE_FAULT) :
                                   (misaligned ? EXC_STORE_MISALIGNED : EXC_STORE_PAGE_FAULT);
      exc_tval = addr;
    end
  end
  wire exc_taken = !legal || is_ecall || is_ebreak || target_misaligned || mem_fault;

  // =======================================================================================
  // 5. Trap entry: interrupt, then instruction page fault, then the instruction's exception
  // =======================================================================================
  wire        trap = irq_taken || inst_page_fault || exc_taken;
  wire [31:0] trap_cause = irq_taken       ? {1'b1, 27'd0, irq_code} :
                           inst_page_fault ? {27'd0, EXC_INST_PAGE_FAULT} :
                                             {27'd0, exc_code};
  wire [31:0] trap_tval  = irq_taken       ? 32'd0 :
                           inst_page_fault ? pc :
                                             exc_tval;
  // Delegated to S from U or S: mideleg[code] for interrupts, medeleg[cause] for exceptions.
  wire        delegated  = irq_taken ? l_mideleg[{1'b0, irq_code}] : l_medeleg[trap_cause[4:0]];
  wire        trap_to_s  = trap && p != PRIV_M && delegated;
  wire        trap_to_m  = trap && !trap_to_s;

  // =======================================================================================
  // 5. Commit: registers, CSRs, pc, privilege, memory
  // =======================================================================================
  wire ok = !trap;  // the instruction completes

  // rd: the value of whichever instruction writes it.
  wire writes_rd = is_lui || is_auipc || is_jal || is_jalr || is_load || is_op_imm || is_op ||
                   is_csr || is_lr || is_sc || is_amo;
  wire [31:0] rd_value = is_lui              ? imm_u :
                         is_auipc            ? pc + imm_u :
                         is_jal || is_jalr   ? pc_plus4 :
                         is_load             ? load_extend(funct3, lane, load_data) :
                         is_csr              ? csr_old :
                         is_lr || is_amo     ? load_data :
                         is_sc               ? {31'd0, !reserved} :
                                               alu_result;
  wire [31:0] rd_hit = ok && writes_rd ? 32'd1 << rd : 32'd0;

  assign x0_next = 32'd0;
  assign x1_next = rd_hit[1] ? rd_value : x1;
  assign x2_next = rd_hit[2] ? rd_value : x2;
  assign x3_next = rd_hit[3] ? rd_value : x3;
  assign x4_next = rd_hit[4] ? rd_value : x4;
  assign x5_next = rd_hit[5] ? rd_value : x5;
  assign x6_next = rd_hit[6] ? rd_value : x6;
  assign x7_next = rd_hit[7] ? rd_value : x7;
  assign x8_next = rd_hit[8] ? rd_value : x8;
  assign x9_next = rd_hit[9] ? rd_value : x9;
  assign x10_next = rd_hit[10] ? rd_value : x10;
  assign x11_next = rd_hit[11] ? rd_value : x11;
  assign x12_next = rd_hit[12] ? rd_value : x12;
  assign x13_next = rd_hit[13] ? rd_value : x13;
  assign x14_next = rd_hit[14] ? rd_value : x14;
  assign x15_next = rd_hit[15] ? rd_value : x15;
  assign x16_next = rd_hit[16] ? rd_value : x16;
  assign x17_next = rd_hit[17] ? rd_value : x17;
  assign x18_next = rd_hit[18] ? rd_value : x18;
  assign x19_next = rd_hit[19] ? rd_value : x19;
  assign x20_next = rd_hit[20] ? rd_value : x20;
  assign x21_next = rd_hit[21] ? rd_value : x21;
  assign x22_next = rd_hit[22] ? rd_value : x22;
  assign x23_next = rd_hit[23] ? rd_value : x23;
  assign x24_next = rd_hit[24] ? rd_value : x24;
  assign x25_next = rd_hit[25] ? rd_value : x25;
  assign x26_next = rd_hit[26] ? rd_value : x26;
  assign x27_next = rd_hit[27] ? rd_value : x27;
  assign x28_next = rd_hit[28] ? rd_value : x28;
  assign x29_next = rd_hit[29] ? rd_value : x29;
  assign x30_next = rd_hit[30] ? rd_value : x30;
  assign x31_next = rd_hit[31] ? rd_value : x31;

  // CSR instruction write: each CSR's value after it, through its write rule.
  wire csr_we = ok && is_csr && csr_write;
  wire [31:0] w_mstatus =
      csr_we && sel_mstatus ? mstatus_legal((l_mstatus & RESERVATION) | (csr_v & MSTATUS_READ)) :
      csr_we && sel_sstatus ? (l_mstatus & ~SSTATUS_BITS) | (csr_v & SSTATUS_BITS) :
                              l_mstatus;
  wire [31:0] w_mie =
      csr_we && sel_mie ? csr_v & MIE_LEGAL :
      csr_we && sel_sie ? (l_mie & ~l_mideleg) | (csr_v & l_mideleg) :
                          l_mie;
  wire [31:0] w_mip =
      csr_we && sel_mip ? csr_v & MIP_LEGAL :
      csr_we && sel_sip && l_mideleg[1] ? {l_mip[31:2], csr_v[1], l_mip[0]} :
                                          l_mip;
  wire [31:0] w_medeleg  = csr_we && sel_medeleg  ? csr_v & MEDELEG_LEGAL : l_medeleg;
  wire [31:0] w_mideleg  = csr_we && sel_mideleg  ? csr_v & MIDELEG_LEGAL : l_mideleg;
  wire [31:0] w_mtvec    = csr_we && sel_mtvec    ? csr_v & ALIGN4 : l_mtvec;
  wire [31:0] w_mscratch = csr_we && sel_mscratch ? csr_v : mscratch;
  wire [31:0] w_mepc     = csr_we && sel_mepc     ? csr_v & ALIGN4 : l_mepc;
  wire [31:0] w_mcause   = csr_we && sel_mcause   ? csr_v : mcause;
  wire [31:0] w_mtval    = csr_we && sel_mtval    ? csr_v : mtval;
  wire [31:0] w_stvec    = csr_we && sel_stvec    ? csr_v & ALIGN4 : l_stvec;
  wire [31:0] w_sscratch = csr_we && sel_sscratch ? csr_v : sscratch;
  wire [31:0] w_sepc     = csr_we && sel_sepc     ? csr_v & ALIGN4 : l_sepc;
  wire [31:0] w_scause   = csr_we && sel_scause   ? csr_v : scause;
  wire [31:0] w_stval    = csr_we && sel_stval    ? csr_v : stval;
  wire [31:0] w_satp     = csr_we && sel_satp     ? csr_v : satp;

  // mstatus after the step: trap entry, xRET, LR/SC, or the CSR write.
  wire do_mret = ok && is_mret;
  wire do_sret = ok && is_sret;
  wire [1:0] mpp = l_mstatus[12:11];
  reg  [31:0] st;
  always @* begin
    st = w_mstatus;
    if (trap_to_m) begin
      st[12:11] = p;
      st[MPIE]  = l_mstatus[MIE];
      st[MIE]   = 1'b0;
      st[RSV]   = 1'b0;
    end else if (trap_to_s) begin
      st[SPP]   = p[0];
      st[SPIE]  = l_mstatus[SIE];
      st[SIE]   = 1'b0;
      st[RSV]   = 1'b0;
    end else if (do_mret) begin
      st[MIE]   = l_mstatus[MPIE];
      st[MPIE]  = 1'b1;
      st[12:11] = PRIV_U;
      if (mpp != PRIV_M)
        st[MPRV] = 1'b0;
      st[RSV]   = 1'b0;
    end else if (do_sret) begin
      st[SIE]   = l_mstatus[SPIE];
      st[SPIE]  = 1'b1;
      st[SPP]   = 1'b0;
      st[MPRV]  = 1'b0;
      st[RSV]   = 1'b0;
    end else if (ok && is_lr) begin
      st[RSV]   = 1'b1;
    end else if (ok && is_sc) begin
      st[RSV]   = 1'b0;
    end
  end

  assign mstatus_next  = st;
  assign sstatus_next  = st & SSTATUS_BITS;
  assign mie_next      = w_mie;
  assign mip_next      = w_mip;
  assign medeleg_next  = w_medeleg;
  assign mideleg_next  = w_mideleg;
  assign sie_next      = w_mie & w_mideleg;
  assign sip_next      = w_mip & w_mideleg;
  assign mtvec_next    = w_mtvec;
  assign mscratch_next = w_mscratch;
  assign mepc_next     = trap_to_m ? pc & ALIGN4 : w_mepc;
  assign mcause_next   = trap_to_m ? trap_cause : w_mcause;
  assign mtval_next    = trap_to_m ? trap_tval : w_mtval;
  assign stvec_next    = w_stvec;
  assign sscratch_next = w_sscratch;
  assign sepc_next     = trap_to_s ? pc & ALIGN4 : w_sepc;
  assign scause_next   = trap_to_s ? trap_cause : w_scause;
  assign stval_next    = trap_to_s ? trap_tval : w_stval;
  assign satp_next     = w_satp;
  assign mhartid_next  = mhartid;
  assign misa_next     = misa;  // writes ignored

  assign next_pc   = trap_to_m ? l_mtvec :
                     trap_to_s ? l_stvec :
                     do_mret   ? l_mepc :
                     do_sret   ? l_sepc :
                     redirect  ? target :
                                 pc_plus4;
  assign next_priv = trap_to_m ? PRIV_M :
                     trap_to_s ? PRIV_S :
                     do_mret   ? mpp :
                     do_sret   ? {1'b0, l_mstatus[SPP]} :
                                 p;

  // Memory: the low two address bits are the access flag. SB/SH read the word they merge into.
  wire mem_read  = ok && (is_load || is_lr || is_amo || (is_store && funct3[1:0] != 2'd2));
  wire mem_write = ok && (is_store || (is_sc && reserved) || is_amo);
  wire [31:0] word_addr = {addr[31:2], 2'b01};

  assign load_addr  = mem_read ? word_addr : 32'd0;
  assign store_addr = mem_write ? word_addr : 32'd0;
  assign store_data = !mem_write ? 32'd0 :
                      is_store   ? store_merge(funct3[1:0], lane, load_data, rs2_val) :
                      is_sc      ? rs2_val :
                                   amo_op(funct5, load_data, rs2_val);

  // Inputs the contract ignores (x0, the three views), x0's write enable, and the even bits of
  // the pending set, which are not interrupts. Verilator does not flag names matching
  // *unused*; synthesis removes the wire.
  wire _unused = &{1'b0, x0, sstatus, sie, sip, rd_hit[0], irq_set[10], irq_set[8],
                   irq_set[6:4], irq_set[2], irq_set[0]};

endmodule

`default_nettype wire
