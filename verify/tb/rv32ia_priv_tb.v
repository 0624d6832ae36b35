// rv32ia_priv_tb.v — hand-worked vectors for verify/rv32ia_priv.v, each answer worked out
// from docs/rv32ia-priv.md (not from another implementation): ALU ops, branches and jumps,
// CSR reads and writes per rule, illegal CSR accesses, ECALL/EBREAK, delegation, interrupts,
// MRET/SRET/WFI/SFENCE.VMA, loads and stores with the memory flags, LR/SC and AMOs.
//
//   iverilog -g2005 -o tb.vvp verify/tb/rv32ia_priv_tb.v verify/rv32ia_priv.v && vvp -n tb.vvp
//
// Prints one line per failed check and "rv32ia_priv_tb: N checks, F failed"; $finish with a
// nonzero exit code (vvp -n) when any check fails.
`default_nettype none
module rv32ia_priv_tb;
  reg  [31:0] x[0:31];
  wire [31:0] xn[0:31];
  reg  [31:0] mtvec, mepc, mcause, mie, mip, mtval, mscratch, mstatus, mideleg, medeleg, sepc,
              stvec, scause, sscratch, stval, sstatus, sie, sip, satp, mhartid, misa;
  reg  [31:0] inst, pc, load_data;
  reg         irq, inst_page_fault, load_page_fault, store_page_fault;
  reg  [1:0]  priv;
  wire [31:0] mtvec_next, mepc_next, mcause_next, mie_next, mip_next, mtval_next,
              mscratch_next, mstatus_next, mideleg_next, medeleg_next, sepc_next, stvec_next,
              scause_next, sscratch_next, stval_next, sstatus_next, sie_next, sip_next,
              satp_next, mhartid_next, misa_next;
  wire [31:0] next_pc, load_addr, store_data, store_addr;
  wire [1:0]  next_priv;

  rv32ia_priv dut (
      .x0(x[0]), .x1(x[1]), .x2(x[2]), .x3(x[3]), .x4(x[4]), .x5(x[5]), .x6(x[6]), .x7(x[7]),
      .x8(x[8]), .x9(x[9]), .x10(x[10]), .x11(x[11]), .x12(x[12]), .x13(x[13]), .x14(x[14]),
      .x15(x[15]), .x16(x[16]), .x17(x[17]), .x18(x[18]), .x19(x[19]), .x20(x[20]), .x21(x[21]),
      .x22(x[22]), .x23(x[23]), .x24(x[24]), .x25(x[25]), .x26(x[26]), .x27(x[27]), .x28(x[28]),
      .x29(x[29]), .x30(x[30]), .x31(x[31]), .mtvec(mtvec), .mepc(mepc), .mcause(mcause),
      .mie(mie), .mip(mip), .mtval(mtval), .mscratch(mscratch), .mstatus(mstatus),
      .mideleg(mideleg), .medeleg(medeleg), .sepc(sepc), .stvec(stvec), .scause(scause),
      .sscratch(sscratch), .stval(stval), .sstatus(sstatus), .sie(sie), .sip(sip), .satp(satp),
      .mhartid(mhartid), .misa(misa), .inst(inst), .pc(pc), .load_data(load_data), .irq(irq),
      .inst_page_fault(inst_page_fault), .load_page_fault(load_page_fault),
      .store_page_fault(store_page_fault), .priv(priv), .x0_next(xn[0]), .x1_next(xn[1]),
      .x2_next(xn[2]), .x3_next(xn[3]), .x4_next(xn[4]), .x5_next(xn[5]), .x6_next(xn[6]),
      .x7_next(xn[7]), .x8_next(xn[8]), .x9_next(xn[9]), .x10_next(xn[10]), .x11_next(xn[11]),
      .x12_next(xn[12]), .x13_next(xn[13]), .x14_next(xn[14]), .x15_next(xn[15]),
      .x16_next(xn[16]), .x17_next(xn[17]), .x18_next(xn[18]), .x19_next(xn[19]),
      .x20_next(xn[20]), .x21_next(xn[21]), .x22_next(xn[22]), .x23_next(xn[23]),
      .x24_next(xn[24]), .x25_next(xn[25]), .x26_next(xn[26]), .x27_next(xn[27]),
      .x28_next(xn[28]), .x29_next(xn[29]), .x30_next(xn[30]), .x31_next(xn[31]),
      .mtvec_next(mtvec_next), .mepc_next(mepc_next), .mcause_next(mcause_next),
      .mie_next(mie_next), .mip_next(mip_next), .mtval_next(mtval_next),
      .mscratch_next(mscratch_next), .mstatus_next(mstatus_next), .mideleg_next(mideleg_next),
      .medeleg_next(medeleg_next), .sepc_next(sepc_next), .stvec_next(stvec_next),
      .scause_next(scause_next), .sscratch_next(sscratch_next), .stval_next(stval_next),
      .sstatus_next(sstatus_next), .sie_next(sie_next), .sip_next(sip_next),
      .satp_next(satp_next), .mhartid_next(mhartid_next), .misa_next(misa_next),
      .next_pc(next_pc), .load_addr(load_addr), .store_data(store_data), .store_addr(store_addr),
      .next_priv(next_priv)
  );

  // -------------------------------------------------------------------------------------
  // Encoders (RISC-V instruction formats)
  // -------------------------------------------------------------------------------------
  localparam [6:0] LOAD = 7'b0000011, MISC = 7'b0001111, OPIMM = 7'b0010011,
                   STORE = 7'b0100011, AMO = 7'b0101111, OP = 7'b0110011,
                   BRANCH = 7'b1100011, JALR = 7'b1100111, SYSTEM = 7'b1110011;

  function [31:0] i_type(input [11:0] imm, input [4:0] rs1, input [2:0] f3, input [4:0] rd,
                         input [6:0] op);
    i_type = {imm, rs1, f3, rd, op};
  endfunction
  function [31:0] r_type(input [6:0] f7, input [4:0] rs2, input [4:0] rs1, input [2:0] f3,
                         input [4:0] rd);
    r_type = {f7, rs2, rs1, f3, rd, OP};
  endfunction
  function [31:0] s_type(input [11:0] imm, input [4:0] rs2, input [4:0] rs1, input [2:0] f3);
    s_type = {imm[11:5], rs2, rs1, f3, imm[4:0], STORE};
  endfunction
  function [31:0] b_type(input [12:0] imm, input [4:0] rs2, input [4:0] rs1, input [2:0] f3);
    b_type = {imm[12], imm[10:5], rs2, rs1, f3, imm[4:1], imm[11], BRANCH};
  endfunction
  function [31:0] csr_op(input [11:0] csr, input [4:0] rs1, input [2:0] f3, input [4:0] rd);
    csr_op = {csr, rs1, f3, rd, SYSTEM};
  endfunction
  function [31:0] a_type(input [4:0] f5, input [4:0] rs2, input [4:0] rs1, input [4:0] rd);
    a_type = {f5, 2'b00, rs2, rs1, 3'b010, rd, AMO};
  endfunction

  localparam [31:0] ECALL = 32'h00000073, EBREAK = 32'h00100073, MRET = 32'h30200073,
                    SRET = 32'h10200073, WFI = 32'h10500073;
  localparam [31:0] PC = 32'h80000100;
  localparam [2:0] CSRRW = 3'd1, CSRRS = 3'd2, CSRRC = 3'd3, CSRRWI = 3'd5, CSRRSI = 3'd6;

  // -------------------------------------------------------------------------------------
  // Checking
  // -------------------------------------------------------------------------------------
  integer checks = 0, failed = 0, k;
  reg [8*40-1:0] what;  // the current case, for the failure message

  task eq(input [8*16-1:0] field, input [31:0] got, input [31:0] want);
    begin
      checks = checks + 1;
      if (got !== want) begin
        failed = failed + 1;
        $display("FAIL %0s: %0s = %08h, expected %08h", what, field, got, want);
      end
    end
  endtask

  // The default state: M-mode, every CSR 0 except misa, registers x[k] = k * 0x01000001
  // (x0's input holds garbage, which the step must ignore).
  task start(input [8*40-1:0] name);
    begin
      what = name;
      for (k = 0; k < 32; k = k + 1)
        x[k] = k * 32'h01000001;
      x[0] = 32'hDEADBEEF;
      {mtvec, mepc, mcause, mie, mip, mtval, mscratch, mstatus, mideleg, medeleg, sepc, stvec,
       scause, sscratch, stval, sstatus, sie, sip, satp, mhartid} = 0;
      misa = 32'h40141101;
      inst = 32'h00000013;  // NOP
      pc = PC;
      load_data = 0;
      {irq, inst_page_fault, load_page_fault, store_page_fault} = 0;
      priv = 2'd3;
    end
  endtask

  // A step that completes: no trap (next_pc given), no memory access, privilege kept.
  task no_trap_no_mem(input [31:0] npc);
    begin
      #1;
      eq("next_pc", next_pc, npc);
      eq("next_priv", next_priv, priv == 2'd2 ? 2'd3 : priv);
      eq("load_addr", load_addr, 0);
      eq("store_addr", store_addr, 0);
      eq("store_data", store_data, 0);
      eq("mcause", mcause_next, mcause);
      eq("x0_next", xn[0], 0);
    end
  endtask

  // A trap to M with this cause and tval (mtvec holds the handler).
  task trap_m(input [31:0] cause, input [31:0] tval);
    begin
      #1;
      eq("mcause", mcause_next, cause);
      eq("mtval", mtval_next, tval);
      eq("mepc", mepc_next, pc & ~32'd3);
      eq("next_pc", next_pc, mtvec & ~32'd3);
      eq("next_priv", next_priv, 2'd3);
      eq("load_addr", load_addr, 0);
      eq("store_addr", store_addr, 0);
      eq("store_data", store_data, 0);
      for (k = 1; k < 32; k = k + 1)
        eq("x_next", xn[k], x[k]);
    end
  endtask

  task trap_s(input [31:0] cause, input [31:0] tval);
    begin
      #1;
      eq("scause", scause_next, cause);
      eq("stval", stval_next, tval);
      eq("sepc", sepc_next, pc & ~32'd3);
      eq("next_pc", next_pc, stvec & ~32'd3);
      eq("next_priv", next_priv, 2'd1);
      eq("mcause", mcause_next, mcause);
      eq("load_addr", load_addr, 0);
      eq("store_addr", store_addr, 0);
      for (k = 1; k < 32; k = k + 1)
        eq("x_next", xn[k], x[k]);
    end
  endtask

  initial begin
    // ----------------------------------------------------------------- ALU, x0, branches
    start("ADDI x5, x1, -1");
    inst = i_type(12'hFFF, 1, 0, 5, OPIMM);
    eq("encoding", inst, 32'hFFF08293);
    no_trap_no_mem(PC + 4);
    eq("x5", xn[5], 32'h01000000);
    eq("x1", xn[1], 32'h01000001);
    eq("mstatus", mstatus_next, 0);
    eq("misa", misa_next, 32'h40141101);

    start("ADDI x5, x0, 1 (x0 input ignored)");
    inst = i_type(12'd1, 0, 0, 5, OPIMM);
    no_trap_no_mem(PC + 4);
    eq("x5", xn[5], 1);

    start("ADDI x0, x1, 1 (no write)");
    inst = i_type(12'd1, 1, 0, 0, OPIMM);
    no_trap_no_mem(PC + 4);
    for (k = 1; k < 32; k = k + 1)
      eq("x_next", xn[k], x[k]);

    start("SUB x3, x1, x2");
    x[1] = 5; x[2] = 7;
    inst = r_type(7'b0100000, 2, 1, 0, 3);
    no_trap_no_mem(PC + 4);
    eq("x3", xn[3], 32'hFFFFFFFE);

    start("SRA x4, x1, x2");
    x[1] = 32'h80000000; x[2] = 32'h24;
    inst = r_type(7'b0100000, 2, 1, 5, 4);
    no_trap_no_mem(PC + 4);
    eq("x4", xn[4], 32'hF8000000);

    start("SLTU / SLT x6, x1, x2");
    x[1] = 1; x[2] = 32'hFFFFFFFF;
    inst = r_type(7'b0, 2, 1, 3, 6);
    no_trap_no_mem(PC + 4);
    eq("x6 sltu", xn[6], 1);
    inst = r_type(7'b0, 2, 1, 2, 6);
    #1 eq("x6 slt", xn[6], 0);

    start("BNE x1, x2, +8 taken");
    inst = b_type(13'd8, 2, 1, 3'b001);
    no_trap_no_mem(PC + 8);

    start("BEQ +6 not taken: no trap");
    inst = b_type(13'd6, 2, 1, 3'b000);
    no_trap_no_mem(PC + 4);

    start("BNE +6 taken: misaligned target");
    mtvec = 32'h00002003;
    inst = b_type(13'd6, 2, 1, 3'b001);
    trap_m(0, PC + 6);

    start("JALR x1, 1(x2)");
    x[2] = 32'h1000;
    inst = i_type(12'd1, 2, 0, 1, JALR);
    no_trap_no_mem(32'h1000);
    eq("x1", xn[1], PC + 4);

    start("JALR x1, 3(x2): misaligned");
    x[2] = 32'h1000;
    mtvec = 32'h2000;
    inst = i_type(12'd3, 2, 0, 1, JALR);
    trap_m(0, 32'h1002);

    start("illegal: all zero, inst[1:0] != 11");
    mtvec = 32'h2000;
    inst = 0;
    trap_m(2, 0);
    start("illegal: inst[1:0] = 10");
    mtvec = 32'h2000;
    inst = 32'h00000012;
    trap_m(2, 32'h00000012);

    start("FENCE.I with other bits set");
    inst = 32'h123F928F;
    no_trap_no_mem(PC + 4);
    eq("x5", xn[5], x[5]);

    // ----------------------------------------------------------------- CSRs
    start("CSRRW x7, mscratch, x1");
    mscratch = 32'h12345678; x[1] = 32'hCAFEF00D;
    inst = csr_op(12'h340, 1, CSRRW, 7);
    eq("encoding", inst, 32'h340093F3);
    no_trap_no_mem(PC + 4);
    eq("x7", xn[7], 32'h12345678);
    eq("mscratch", mscratch_next, 32'hCAFEF00D);

    start("CSRRS x7, mstatus, x1 (all ones)");
    mstatus = 32'h40001808; x[1] = 32'hFFFFFFFF;
    inst = csr_op(12'h300, 1, CSRRS, 7);
    no_trap_no_mem(PC + 4);
    eq("x7", xn[7], 32'h00001808);
    eq("mstatus", mstatus_next, 32'h407E19AA);
    eq("sstatus", sstatus_next, 32'h000C0122);

    start("CSRRC x7, mstatus, x1 (MPP)");
    mstatus = 32'h40001808; x[1] = 32'h1800;
    inst = csr_op(12'h300, 1, CSRRC, 7);
    no_trap_no_mem(PC + 4);
    eq("x7", xn[7], 32'h00001808);
    eq("mstatus", mstatus_next, 32'h40000008);

    start("CSRRW mstatus, MPP = 2 becomes 0");
    x[1] = 32'h00001000 | 32'h80000002;
    inst = csr_op(12'h300, 1, CSRRW, 0);
    no_trap_no_mem(PC + 4);
    eq("mstatus", mstatus_next, 32'h00000002);

    start("mstatus input legalized");
    mstatus = 32'hFFFFF7FF;  // MPP = 2
    no_trap_no_mem(PC + 4);
    eq("mstatus", mstatus_next, 32'h407E01AA);
    eq("sstatus", sstatus_next, 32'h000C0122);

    start("CSRRW sstatus, x1");
    mstatus = 32'h40001888; x[1] = 32'hFFFFFFFF;
    inst = csr_op(12'h100, 1, CSRRW, 7);
    no_trap_no_mem(PC + 4);
    eq("x7", xn[7], 0);
    eq("mstatus", mstatus_next, 32'h400C19AA);

    start("CSRRS x4, mhartid, x0: read");
    mhartid = 5;
    inst = csr_op(12'hF14, 0, CSRRS, 4);
    eq("encoding", inst, 32'hF1402273);
    no_trap_no_mem(PC + 4);
    eq("x4", xn[4], 5);

    start("CSRRW x4, mhartid, x1: illegal");
    mhartid = 5; mtvec = 32'h2003;
    inst = csr_op(12'hF14, 1, CSRRW, 4);
    trap_m(2, 32'hF1409273);
    eq("mhartid", mhartid_next, 5);

    start("CSRRWI mvendorid, 0: illegal");
    mtvec = 32'h2000;
    inst = csr_op(12'hF11, 0, CSRRWI, 4);
    trap_m(2, inst);
    start("CSRRS x4, mvendorid, x0: 0");
    x[4] = 77;
    inst = csr_op(12'hF11, 0, CSRRS, 4);
    no_trap_no_mem(PC + 4);
    eq("x4", xn[4], 0);

    start("CSRRS mstatus from U: illegal");
    priv = 0; mtvec = 32'h2000;
    inst = csr_op(12'h300, 0, CSRRS, 4);
    trap_m(2, inst);
    eq("mstatus", mstatus_next, 0);  // MPP = U

    start("CSRRS sstatus from U: illegal");
    priv = 0; mtvec = 32'h2000;
    inst = csr_op(12'h100, 0, CSRRS, 4);
    trap_m(2, inst);

    start("satp from S with TVM = 1: illegal");
    priv = 1; mtvec = 32'h2000; mstatus = 32'h00100000;
    inst = csr_op(12'h180, 0, CSRRS, 4);
    trap_m(2, inst);
    eq("mstatus", mstatus_next, 32'h00100800);
    start("satp from S with TVM = 0");
    priv = 1; satp = 32'h80012345;
    inst = csr_op(12'h180, 0, CSRRS, 4);
    no_trap_no_mem(PC + 4);
    eq("x4", xn[4], 32'h80012345);

    start("cycle (0xC00): illegal");
    mtvec = 32'h2000;
    inst = csr_op(12'hC00, 0, CSRRS, 4);
    trap_m(2, inst);

    start("CSRRW sie, x1");
    mideleg = 32'h222; mie = 32'h888; x[1] = 32'hFFF;
    inst = csr_op(12'h104, 1, CSRRW, 0);
    no_trap_no_mem(PC + 4);
    eq("mie", mie_next, 32'hAAA);
    eq("sie", sie_next, 32'h222);

    start("CSRRWI mtvec, 31");
    inst = csr_op(12'h305, 5'h1F, CSRRWI, 0);
    no_trap_no_mem(PC + 4);
    eq("mtvec", mtvec_next, 32'h1C);

    start("CSRRSI sip, 2 (SSIP delegated)");
    mideleg = 32'h2;
    inst = csr_op(12'h144, 5'd2, CSRRSI, 0);
    no_trap_no_mem(PC + 4);
    eq("mip", mip_next, 2);
    eq("sip", sip_next, 2);
    start("CSRRSI sip, 2 (not delegated)");
    mideleg = 32'h20;
    inst = csr_op(12'h144, 5'd2, CSRRSI, 0);
    no_trap_no_mem(PC + 4);
    eq("mip", mip_next, 0);

    start("CSRRS x4, mip, x0 with irq");
    mip = 32'hFFFFFFFF; irq = 1;
    inst = csr_op(12'h344, 0, CSRRS, 4);
    no_trap_no_mem(PC + 4);
    eq("x4", xn[4], 32'h2A2);
    eq("mip", mip_next, 32'h222);

    start("CSRRW x4, mcounteren, x1: ignored");
    x[4] = 77;
    inst = csr_op(12'h306, 1, CSRRW, 4);
    no_trap_no_mem(PC + 4);
    eq("x4", xn[4], 0);

    start("CSRRW x4, misa, x1: ignored");
    inst = csr_op(12'h301, 1, CSRRW, 4);
    no_trap_no_mem(PC + 4);
    eq("x4", xn[4], 32'h40141101);
    eq("misa", misa_next, 32'h40141101);

    start("CSRRW x4, medeleg, x1");
    x[1] = 32'hFFFFFFFF; medeleg = 32'hFFFFFFFF;
    inst = csr_op(12'h302, 1, CSRRW, 4);
    no_trap_no_mem(PC + 4);
    eq("x4", xn[4], 32'hB3FF);
    eq("medeleg", medeleg_next, 32'hB3FF);

    // ----------------------------------------------------------------- exceptions, delegation
    start("ECALL from U, delegated to S");
    priv = 0; medeleg = 32'h100; stvec = 32'h3001; mstatus = 32'h40000002; stval = 32'h55;
    inst = ECALL;
    trap_s(8, 0);
    eq("mstatus", mstatus_next, 32'h00000020);
    eq("sstatus", sstatus_next, 32'h00000020);

    start("ECALL from S, not delegated");
    priv = 1; medeleg = 32'h100; mtvec = 32'h2000;
    inst = ECALL;
    trap_m(9, 0);
    eq("mstatus", mstatus_next, 32'h00000800);

    start("ECALL from M, medeleg all ones");
    medeleg = 32'hFFFFFFFF; mtvec = 32'h2000; mstatus = 32'h8;
    inst = ECALL;
    trap_m(11, 0);
    eq("mstatus", mstatus_next, 32'h00001880);

    start("ECALL with priv = 2 (taken as M)");
    priv = 2; mtvec = 32'h2000;
    inst = ECALL;
    trap_m(11, 0);

    start("EBREAK");
    mtvec = 32'h2000;
    inst = EBREAK;
    trap_m(3, PC);

    start("instruction page fault, misaligned pc");
    mtvec = 32'h2000; pc = 32'h80000102; inst_page_fault = 1;
    inst = i_type(12'd1, 1, 0, 5, OPIMM);
    trap_m(12, 32'h80000102);
    eq("mepc", mepc_next, 32'h80000100);

    // ----------------------------------------------------------------- interrupts
    start("timer interrupt from U to M");
    priv = 0; mie = 32'h80; irq = 1; mtvec = 32'h2001;
    inst = i_type(12'd1, 1, 0, 5, OPIMM);
    trap_m(32'h80000007, 0);
    eq("mstatus", mstatus_next, 0);

    start("timer interrupt in M with MIE = 0");
    mie = 32'h80; irq = 1;
    inst = i_type(12'd1, 1, 0, 5, OPIMM);
    no_trap_no_mem(PC + 4);
    eq("x5", xn[5], 32'h01000002);

    start("timer interrupt in M with MIE = 1");
    mie = 32'h80; irq = 1; mstatus = 32'h40000008; mtvec = 32'h2000;
    trap_m(32'h80000007, 0);
    eq("mstatus", mstatus_next, 32'h00001880);

    start("STI from S to S");
    priv = 1; mstatus = 32'h2; mideleg = 32'h20; mie = 32'h20; mip = 32'h20;
    stvec = 32'h4000;
    trap_s(32'h80000005, 0);
    eq("mstatus", mstatus_next, 32'h00000120);

    start("STI pending in M: not taken");
    mstatus = 32'hA; mideleg = 32'h20; mie = 32'h20; mip = 32'h20;
    no_trap_no_mem(PC + 4);

    start("priority: MTI before SEI");
    priv = 0; mie = 32'hAAA; mip = 32'h222; irq = 1; mtvec = 32'h2000;
    trap_m(32'h80000007, 0);
    start("priority: SEI before SSI, STI");
    priv = 0; mie = 32'hAAA; mip = 32'h222; mtvec = 32'h2000;
    trap_m(32'h80000009, 0);

    // ----------------------------------------------------------------- xRET, WFI, SFENCE.VMA
    start("MRET to S");
    mstatus = 32'h40020880; mepc = 32'h5002;
    inst = MRET;
    #1;
    eq("next_pc", next_pc, 32'h5000);
    eq("next_priv", next_priv, 1);
    eq("mstatus", mstatus_next, 32'h00000088);
    eq("load_addr", load_addr, 0);

    start("MRET to M keeps MPRV");
    mstatus = 32'h00021800; mepc = 32'h5000;
    inst = MRET;
    #1;
    eq("next_priv", next_priv, 3);
    eq("mstatus", mstatus_next, 32'h00020080);

    start("MRET in S: illegal");
    priv = 1; mtvec = 32'h2000;
    inst = MRET;
    trap_m(2, MRET);

    start("SRET in S with TSR = 1: illegal");
    priv = 1; mtvec = 32'h2000; mstatus = 32'h00400000;
    inst = SRET;
    trap_m(2, SRET);

    start("SRET in S");
    priv = 1; mstatus = 32'h40020120; sepc = 32'h6001;
    inst = SRET;
    #1;
    eq("next_pc", next_pc, 32'h6000);
    eq("next_priv", next_priv, 1);
    eq("mstatus", mstatus_next, 32'h00000022);

    start("WFI in U: illegal");
    priv = 0; mtvec = 32'h2000;
    inst = WFI;
    trap_m(2, WFI);
    start("WFI in M");
    inst = WFI;
    no_trap_no_mem(PC + 4);

    start("SFENCE.VMA in S with TVM = 1: illegal");
    priv = 1; mtvec = 32'h2000; mstatus = 32'h00100000;
    inst = 32'h12B50073;  // rs1 = 10, rs2 = 11
    trap_m(2, inst);
    start("SFENCE.VMA in S");
    priv = 1;
    inst = 32'h12B50073;
    no_trap_no_mem(PC + 4);

    // ----------------------------------------------------------------- loads and stores
    start("LW x5, 4(x1)");
    x[1] = 32'h1000; load_data = 32'hA5A5A5A5;
    inst = i_type(12'd4, 1, 3'b010, 5, LOAD);
    #1;
    eq("load_addr", load_addr, 32'h1005);
    eq("store_addr", store_addr, 0);
    eq("store_data", store_data, 0);
    eq("x5", xn[5], 32'hA5A5A5A5);

    start("LB / LBU x5, 3(x1)");
    x[1] = 32'h1000; load_data = 32'h80FFFFFF;
    inst = i_type(12'd3, 1, 3'b000, 5, LOAD);
    #1;
    eq("load_addr", load_addr, 32'h1001);
    eq("x5 lb", xn[5], 32'hFFFFFF80);
    inst = i_type(12'd3, 1, 3'b100, 5, LOAD);
    #1 eq("x5 lbu", xn[5], 32'h80);

    start("LH misaligned before page fault");
    x[1] = 32'h1000; mtvec = 32'h2000; load_page_fault = 1;
    inst = i_type(12'd1, 1, 3'b001, 5, LOAD);
    trap_m(4, 32'h1001);

    start("LB page fault");
    x[1] = 32'h1000; mtvec = 32'h2000; load_page_fault = 1;
    inst = i_type(12'd7, 1, 3'b000, 5, LOAD);
    trap_m(13, 32'h1007);

    start("SB x2, 1(x1): merge");
    x[1] = 32'h1000; x[2] = 32'hAB; load_data = 32'h11223344;
    inst = s_type(12'd1, 2, 1, 3'b000);
    eq("encoding", inst, 32'h002080A3);
    sb_merge_checks;

    start("SH x2, 2(x1): merge");
    x[1] = 32'h1000; x[2] = 32'h1234BEEF; load_data = 32'h11223344;
    inst = s_type(12'd2, 2, 1, 3'b001);
    #1;
    eq("load_addr", load_addr, 32'h1001);
    eq("store_addr", store_addr, 32'h1001);
    eq("store_data", store_data, 32'hBEEF3344);

    start("SW x2, -4(x1)");
    x[1] = 32'h1004; x[2] = 32'hFEEDFACE; load_data = 32'h11223344;
    inst = s_type(12'hFFC, 2, 1, 3'b010);
    #1;
    eq("load_addr", load_addr, 0);
    eq("store_addr", store_addr, 32'h1001);
    eq("store_data", store_data, 32'hFEEDFACE);
    eq("next_pc", next_pc, PC + 4);

    start("SW page fault");
    x[1] = 32'h1000; mtvec = 32'h2000; store_page_fault = 1;
    inst = s_type(12'd8, 2, 1, 3'b010);
    trap_m(15, 32'h1008);

    start("SW misaligned");
    x[1] = 32'h1000; mtvec = 32'h2000;
    inst = s_type(12'd2, 2, 1, 3'b010);
    trap_m(6, 32'h1002);

    // ----------------------------------------------------------------- atomics
    start("LR.W x5, (x1)");
    x[1] = 32'h1004; load_data = 32'h600DF00D;
    inst = a_type(5'b00010, 0, 1, 5);
    eq("encoding", inst, 32'h1000A2AF);
    #1;
    eq("load_addr", load_addr, 32'h1005);
    eq("store_addr", store_addr, 0);
    eq("x5", xn[5], 32'h600DF00D);
    eq("mstatus", mstatus_next, 32'h40000000);
    eq("sstatus", sstatus_next, 0);

    start("LR.W with rs2 != 0: illegal");
    mtvec = 32'h2000;
    inst = a_type(5'b00010, 3, 1, 5);
    trap_m(2, inst);

    start("LR.W page fault");
    x[1] = 32'h1004; mtvec = 32'h2000; load_page_fault = 1; store_page_fault = 1;
    inst = a_type(5'b00010, 0, 1, 5);
    trap_m(13, 32'h1004);

    start("SC.W x6, x2, (x1) reserved");
    x[1] = 32'h1004; x[2] = 32'h77; mstatus = 32'h40000000; load_data = 32'h12345678;
    inst = a_type(5'b00011, 2, 1, 6);
    eq("encoding", inst, 32'h1820A32F);
    #1;
    eq("load_addr", load_addr, 0);
    eq("store_addr", store_addr, 32'h1005);
    eq("store_data", store_data, 32'h77);
    eq("x6", xn[6], 0);
    eq("mstatus", mstatus_next, 0);

    start("SC.W not reserved");
    x[1] = 32'h1004; x[2] = 32'h77;
    inst = a_type(5'b00011, 2, 1, 6);
    #1;
    eq("store_addr", store_addr, 0);
    eq("store_data", store_data, 0);
    eq("x6", xn[6], 1);
    eq("next_pc", next_pc, PC + 4);

    start("SC.W misaligned (reserved)");
    x[1] = 32'h1006; mtvec = 32'h2000; mstatus = 32'h40000000;
    inst = a_type(5'b00011, 2, 1, 6);
    trap_m(6, 32'h1006);
    eq("mstatus", mstatus_next, 32'h00001800);

    start("SC.W store page fault");
    x[1] = 32'h1004; mtvec = 32'h2000; store_page_fault = 1;
    inst = a_type(5'b00011, 2, 1, 6);
    trap_m(15, 32'h1004);

    start("AMOADD.W x7, x2, (x1)");
    x[1] = 32'h1000; x[2] = 7; load_data = 5; mstatus = 32'h40000000;
    inst = a_type(5'b00000, 2, 1, 7);
    eq("encoding", inst, 32'h0020A3AF);
    #1;
    eq("load_addr", load_addr, 32'h1001);
    eq("store_addr", store_addr, 32'h1001);
    eq("store_data", store_data, 12);
    eq("x7", xn[7], 5);
    eq("mstatus", mstatus_next, 32'h40000000);

    start("AMOMIN/MAX(U).W");
    x[1] = 32'h1000; x[2] = 1; load_data = 32'hFFFFFFFF;
    inst = a_type(5'b10000, 2, 1, 7);
    #1 eq("amomin", store_data, 32'hFFFFFFFF);
    inst = a_type(5'b10100, 2, 1, 7);
    #1 eq("amomax", store_data, 1);
    inst = a_type(5'b11000, 2, 1, 7);
    #1 eq("amominu", store_data, 1);
    inst = a_type(5'b11100, 2, 1, 7);
    #1 eq("amomaxu", store_data, 32'hFFFFFFFF);
    inst = a_type(5'b00001, 2, 1, 7);
    #1 eq("amoswap", store_data, 1);
    inst = a_type(5'b00100, 2, 1, 7);
    #1 eq("amoxor", store_data, 32'hFFFFFFFE);

    start("AMO: load page fault line ignored");
    x[1] = 32'h1000; load_page_fault = 1;
    inst = a_type(5'b01000, 2, 1, 7);
    #1 eq("store_addr", store_addr, 32'h1001);

    start("AMOOR store page fault");
    x[1] = 32'h1000; mtvec = 32'h2000; store_page_fault = 1;
    inst = a_type(5'b01000, 2, 1, 7);
    trap_m(15, 32'h1000);

    start("AMO funct5 00101: illegal");
    mtvec = 32'h2000;
    inst = a_type(5'b00101, 2, 1, 7);
    trap_m(2, inst);
    start("AMO funct3 011: illegal");
    mtvec = 32'h2000;
    inst = a_type(5'b00000, 2, 1, 7) | 32'h00001000;
    trap_m(2, inst);

    $display("rv32ia_priv_tb: %0d checks, %0d failed", checks, failed);
    if (failed != 0)
      $fatal(1, "rv32ia_priv_tb: failed");
    $finish;
  end

  // SB's outputs (the merge case above).
  task sb_merge_checks;
    begin
      #1;
      eq("load_addr", load_addr, 32'h1001);
      eq("store_addr", store_addr, 32'h1001);
      eq("store_data", store_data, 32'h1122AB44);
      eq("next_pc", next_pc, PC + 4);
    end
  endtask
endmodule
`default_nettype wire
