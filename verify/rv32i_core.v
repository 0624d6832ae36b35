// rv32i_core.v — bsyn's rv32i-core function as register-transfer logic.
//
// One step of a single-cycle RV32I hart whose register file and memory live outside this
// block (docs/rv32i-core.md). It is purely combinational: the caller reads rs1/rs2 at
// rs1_addr/rs2_addr, presents the aligned word at mem_addr as mem_rdata, and commits rd,
// the store and next_pc when the step does not trap.
//
// It shares no code with the C reference model (core/bsyn_rv32.c), so the two check each
// other (tests/verify/test_rtl.c), and learned gates can be proved equal to a synthesized
// netlist of it (scripts/rtl_to_aig.sh, then ABC `cec`; see verify/README.md).
//
// Conventions of the function (the same in the C model):
//  - Total: every input has one answer. Illegal encodings trap with cause 2: inst[1:0] != 11,
//    unknown opcodes, reserved funct3/funct7 values, SYSTEM other than exactly ECALL/EBREAK,
//    FENCE.I (Zifencei is not part of RV32I). FENCE (MISC-MEM, funct3 = 0) is a no-op
//    whatever its other fields hold.
//  - A trap writes nothing: rd_we = 0, no memory access, next_pc = pc.
//  - Outputs that do not matter are 0: rd_wdata when rd_we = 0; mem_addr when no access;
//    mem_wstrb and mem_wdata when no store; cause when no trap.
//  - rs1_addr, rs2_addr and rd_addr are always inst[19:15], inst[24:20] and inst[11:7].
//  - A taken branch or jump to a target that is not 4-byte aligned traps with cause 0
//    (the instruction-address-misaligned exception is raised by the jump, not the fetch).
//  - Misaligned loads and stores trap with causes 4 and 6.
//
// Verilog-2005; accepted by Yosys, Icarus Verilog (-g2005 and later) and Verilator -Wall.
`default_nettype none

module rv32i_core (
    input  wire [31:0] pc,
    input  wire [31:0] inst,
    input  wire [31:0] rs1_val,
    input  wire [31:0] rs2_val,
    input  wire [31:0] mem_rdata,
    output wire [4:0]  rs1_addr,
    output wire [4:0]  rs2_addr,
    output wire        rd_we,
    output wire [4:0]  rd_addr,
    output wire [31:0] rd_wdata,
    output wire [31:0] next_pc,
    output wire [31:0] mem_addr,
    output wire        mem_re,
    output wire        mem_we,
    output wire [3:0]  mem_wstrb,
    output wire [31:0] mem_wdata,
    output wire        trap,
    output wire [3:0]  cause
);

  // ---------------------------------------------------------------------------------------
  // Instruction fields and immediates (RISC-V unprivileged ISA, chapter 2)
  // ---------------------------------------------------------------------------------------
  localparam [6:0] OP_LOAD     = 7'b0000011;
  localparam [6:0] OP_MISC_MEM = 7'b0001111;
  localparam [6:0] OP_OP_IMM   = 7'b0010011;
  localparam [6:0] OP_AUIPC    = 7'b0010111;
  localparam [6:0] OP_STORE    = 7'b0100011;
  localparam [6:0] OP_OP       = 7'b0110011;
  localparam [6:0] OP_LUI      = 7'b0110111;
  localparam [6:0] OP_BRANCH   = 7'b1100011;
  localparam [6:0] OP_JALR     = 7'b1100111;
  localparam [6:0] OP_JAL      = 7'b1101111;
  localparam [6:0] OP_SYSTEM   = 7'b1110011;

  // mcause exception codes
  localparam [3:0] CAUSE_INST_MISALIGNED  = 4'd0;
  localparam [3:0] CAUSE_ILLEGAL          = 4'd2;
  localparam [3:0] CAUSE_BREAKPOINT       = 4'd3;
  localparam [3:0] CAUSE_LOAD_MISALIGNED  = 4'd4;
  localparam [3:0] CAUSE_STORE_MISALIGNED = 4'd6;
  localparam [3:0] CAUSE_ECALL            = 4'd11;

  wire [6:0] opcode = inst[6:0];
  wire [2:0] funct3 = inst[14:12];
  wire [6:0] funct7 = inst[31:25];

  wire [31:0] imm_i = {{21{inst[31]}}, inst[30:20]};
  wire [31:0] imm_s = {{21{inst[31]}}, inst[30:25], inst[11:7]};
  wire [31:0] imm_b = {{20{inst[31]}}, inst[7], inst[30:25], inst[11:8], 1'b0};
  wire [31:0] imm_u = {inst[31:12], 12'b0};
  wire [31:0] imm_j = {{12{inst[31]}}, inst[19:12], inst[20], inst[30:21], 1'b0};

  assign rs1_addr = inst[19:15];
  assign rs2_addr = inst[24:20];
  assign rd_addr  = inst[11:7];

  // ---------------------------------------------------------------------------------------
  // Decoder: one line per instruction class, each true only for its legal encodings
  // ---------------------------------------------------------------------------------------
  wire f7_zero = funct7 == 7'b0000000;
  wire f7_alt  = funct7 == 7'b0100000;  // SUB, SRA, SRAI

  wire is_lui    = opcode == OP_LUI;
  wire is_auipc  = opcode == OP_AUIPC;
  wire is_jal    = opcode == OP_JAL;
  wire is_jalr   = opcode == OP_JALR && funct3 == 3'd0;
  // BEQ BNE - - BLT BGE BLTU BGEU
  wire is_branch = opcode == OP_BRANCH && funct3[2:1] != 2'b01;
  // LB LH LW - LBU LHU - -
  wire is_load   = opcode == OP_LOAD && funct3 != 3'd3 && funct3[2:1] != 2'b11;
  // SB SH SW
  wire is_store  = opcode == OP_STORE && funct3[2] == 1'b0 && funct3[1:0] != 2'b11;
  // SLLI needs imm[11:5] = 0; SRLI/SRAI need imm[11:5] = 0 or 0100000; the rest take any imm.
  wire is_op_imm = opcode == OP_OP_IMM &&
                   (funct3 == 3'd1 ? f7_zero :
                    funct3 == 3'd5 ? (f7_zero || f7_alt) : 1'b1);
  // funct7 = 0 for all eight; 0100000 only for SUB and SRA.
  wire is_op     = opcode == OP_OP &&
                   (f7_zero || (f7_alt && (funct3 == 3'd0 || funct3 == 3'd5)));
  wire is_fence  = opcode == OP_MISC_MEM && funct3 == 3'd0;
  // ECALL and EBREAK are single exact words: funct12 = 0 / 1, every other field 0.
  wire is_ecall  = opcode == OP_SYSTEM && inst[31:7] == {12'd0, 13'd0};
  wire is_ebreak = opcode == OP_SYSTEM && inst[31:7] == {12'd1, 13'd0};

  wire legal = is_lui | is_auipc | is_jal | is_jalr | is_branch | is_load | is_store |
               is_op_imm | is_op | is_fence | is_ecall | is_ebreak;

  // ---------------------------------------------------------------------------------------
  // ALU (OP and OP-IMM): funct3 selects the operation, inst[30] selects SUB and SRA
  // ---------------------------------------------------------------------------------------
  function [31:0] alu;
    input [2:0]  op;
    input        sub;    // ADD becomes SUB
    input        arith;  // SRL becomes SRA
    input [31:0] a;
    input [31:0] b;
    reg   [4:0]  shamt;
    begin
      shamt = b[4:0];
      case (op)
        3'd0: alu = sub ? a - b : a + b;
        3'd1: alu = a << shamt;
        3'd2: alu = {31'b0, $signed(a) < $signed(b)};
        3'd3: alu = {31'b0, a < b};
        3'd4: alu = a ^ b;
        3'd5: alu = arith ? $unsigned($signed(a) >>> shamt) : a >> shamt;
        3'd6: alu = a | b;
        default: alu = a & b;
      endcase
    end
  endfunction

  wire [31:0] alu_b      = is_op ? rs2_val : imm_i;
  wire [31:0] alu_result = alu(funct3, is_op & inst[30], inst[30], rs1_val, alu_b);

  // ---------------------------------------------------------------------------------------
  // Branch unit: the condition of BEQ/BNE/BLT/BGE/BLTU/BGEU
  // ---------------------------------------------------------------------------------------
  function branch_cond;
    input [2:0]  op;
    input [31:0] a;
    input [31:0] b;
    reg          holds;
    begin
      case (op[2:1])
        2'b00:   holds = a == b;
        2'b10:   holds = $signed(a) < $signed(b);
        default: holds = a < b;  // 2'b11; 2'b01 is not a branch
      endcase
      branch_cond = holds ^ op[0];  // odd funct3 negates: BNE, BGE, BGEU
    end
  endfunction

  wire        taken     = is_branch && branch_cond(funct3, rs1_val, rs2_val);
  wire [31:0] pc_plus4  = pc + 32'd4;
  wire [31:0] br_target = pc + imm_b;
  wire [31:0] jal_target  = pc + imm_j;
  wire [31:0] jalr_target = (rs1_val + imm_i) & ~32'd1;  // JALR clears bit 0

  // Where control goes when the instruction completes, and whether that target is legal.
  wire        redirect = is_jal | is_jalr | taken;
  wire [31:0] target   = is_jal ? jal_target : is_jalr ? jalr_target : br_target;
  wire        target_misaligned = redirect && target[1:0] != 2'b00;

  // ---------------------------------------------------------------------------------------
  // Load/store unit: address, alignment, byte lanes, load extension
  // ---------------------------------------------------------------------------------------
  // funct3[1:0]: 0 byte, 1 halfword, 2 word; funct3[2] on loads: zero-extend.
  wire [31:0] ls_addr = rs1_val + (is_store ? imm_s : imm_i);
  wire [1:0]  lane    = ls_addr[1:0];
  wire        ls_misaligned = (funct3[1:0] == 2'd1 && lane[0]) ||
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
        3'd4:    load_extend = {24'b0, shifted[7:0]};               // LBU
        3'd5:    load_extend = {16'b0, shifted[15:0]};              // LHU
        default: load_extend = shifted;                             // LW (lane is 0)
      endcase
    end
  endfunction

  function [3:0] store_strobe;
    input [1:0] size;
    input [1:0] byte_lane;
    begin
      case (size)
        2'd0:    store_strobe = 4'b0001 << byte_lane;
        2'd1:    store_strobe = 4'b0011 << byte_lane;
        default: store_strobe = 4'b1111;
      endcase
    end
  endfunction

  function [31:0] store_data;
    input [1:0]  size;
    input [1:0]  byte_lane;
    input [31:0] value;
    reg   [31:0] masked;
    begin
      case (size)
        2'd0:    masked = {24'b0, value[7:0]};
        2'd1:    masked = {16'b0, value[15:0]};
        default: masked = value;
      endcase
      store_data = masked << {byte_lane, 3'b000};
    end
  endfunction

  // ---------------------------------------------------------------------------------------
  // Traps: at most one cause applies to any instruction word, so no priority is needed
  // ---------------------------------------------------------------------------------------
  reg [3:0] trap_cause;
  always @* begin
    if (!legal)                           trap_cause = CAUSE_ILLEGAL;
    else if (is_ecall)                    trap_cause = CAUSE_ECALL;
    else if (is_ebreak)                   trap_cause = CAUSE_BREAKPOINT;
    else if (target_misaligned)           trap_cause = CAUSE_INST_MISALIGNED;
    else if (is_load && ls_misaligned)    trap_cause = CAUSE_LOAD_MISALIGNED;
    else                                  trap_cause = CAUSE_STORE_MISALIGNED;
  end

  assign trap = !legal || is_ecall || is_ebreak || target_misaligned ||
                ((is_load || is_store) && ls_misaligned);
  assign cause = trap ? trap_cause : 4'd0;

  // ---------------------------------------------------------------------------------------
  // Write-back, next pc and memory outputs
  // ---------------------------------------------------------------------------------------
  reg [31:0] result;
  always @* begin
    if (is_lui)                   result = imm_u;
    else if (is_auipc)            result = pc + imm_u;
    else if (is_jal || is_jalr)   result = pc_plus4;
    else if (is_load)             result = load_extend(funct3, lane, mem_rdata);
    else                          result = alu_result;
  end

  wire writes_rd = is_lui | is_auipc | is_jal | is_jalr | is_load | is_op_imm | is_op;

  assign rd_we    = writes_rd && !trap && rd_addr != 5'd0;
  assign rd_wdata = rd_we ? result : 32'd0;

  assign next_pc  = trap ? pc : redirect ? target : pc_plus4;

  assign mem_re    = is_load && !trap;
  assign mem_we    = is_store && !trap;
  assign mem_addr  = (mem_re || mem_we) ? {ls_addr[31:2], 2'b00} : 32'd0;
  assign mem_wstrb = mem_we ? store_strobe(funct3[1:0], lane) : 4'd0;
  assign mem_wdata = mem_we ? store_data(funct3[1:0], lane, rs2_val) : 32'd0;

endmodule

`default_nettype wire
