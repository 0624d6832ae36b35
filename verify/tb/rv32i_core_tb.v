// rv32i_core_tb.v — runs an RV32I program on a gate-level rv32i-core netlist under iverilog
// or Verilator, with the conventions of `bsyn run` (docs/runner.md, docs/gates.md).
//
// The netlist is reached through `bsyn_core` (written by scripts/run_on_verilog.sh), a wrapper
// with the oracle's 160 input and 155 output bits as two vectors, bit k = oracle bit k. The
// register file and the memory live here; each instruction goes through the runner's three
// phases: pc and inst (register addresses), + rs1_val and rs2_val (memory address), +
// mem_rdata (everything), then the state update.
//
// Plusargs (from `bsyn elf2hex`): +hex=FILE +base=HEX +words=N +entry=HEX +tohost=HEX
// +has_tohost=0|1, and +status=FILE (the end of the run is written there: "exit N" on its
// first line, then a description), +max_steps=N (0 = no limit).
// Program output (console stores, write ecalls to fd 1 and 2) goes to stdout.
`timescale 1ns / 1ps
module rv32i_core_tb;
  parameter MEM_WORDS = 1 << 20;          // the memory window: 4 MiB from +base
  parameter [31:0] CONSOLE = 32'h10000000; // QEMU virt UART transmit register

  reg [31:0] mem[0:MEM_WORDS-1];
  reg [31:0] x[0:31];
  reg [31:0] pc, inst, rs1_val, rs2_val, mem_rdata;
  wire [159:0] core_in = {mem_rdata, rs2_val, rs1_val, inst, pc};
  wire [154:0] core_out;
  bsyn_core core (.in(core_in), .out(core_out));

  wire [4:0] rs1_addr = core_out[4:0];
  wire [4:0] rs2_addr = core_out[9:5];
  wire rd_we = core_out[10];
  wire [4:0] rd_addr = core_out[15:11];
  wire [31:0] rd_wdata = core_out[47:16];
  wire [31:0] next_pc = core_out[79:48];
  wire [31:0] mem_addr = core_out[111:80];
  wire mem_re = core_out[112];
  wire mem_we = core_out[113];
  wire [3:0] mem_wstrb = core_out[117:114];
  wire [31:0] mem_wdata = core_out[149:118];
  wire trap = core_out[150];
  wire [3:0] cause = core_out[154:151];

  reg [1023:0] hex, status;
  reg [31:0] base, words, entry, tohost, has_tohost, max_steps;
  reg [31:0] steps, n, code, v, i, a;
  reg done;
  integer fd;

  function on_console_page(input [31:0] addr);
    on_console_page = addr[31:12] == CONSOLE[31:12];
  endfunction

  function in_window(input [31:0] addr);
    in_window = addr - base < words * 4 && addr >= base;
  endfunction

  // The word the runner's load gives: memory, the UART line status (0x60 at CONSOLE + 5),
  // or 0 (memory never written reads 0, as in bsyn's sparse memory).
  function [31:0] load(input [31:0] addr);
    reg [31:0] lsr;
    begin
      lsr = CONSOLE + 5;
      if (on_console_page(addr))
        load = addr[31:2] == lsr[31:2] ? 32'h60 << (8 * lsr[1:0]) : 0;
      else if (in_window(addr))
        load = mem[(addr - base) >> 2];
      else
        load = 0;
    end
  endfunction

  function [7:0] byte_at(input [31:0] addr);
    reg [31:0] w;
    begin
      w = load(addr);
      byte_at = w >> (8 * addr[1:0]);
    end
  endfunction

  task finish(input [31:0] exit_code);
    begin
      code = exit_code;
      done = 1;
    end
  endtask

  task ecall;
    begin
      case (x[17])
        93, 94: begin
          $fdisplay(fd, "exit %0d", x[10] & 255);
          finish(x[10] & 255);
        end
        64:
        if (x[10] == 1 || x[10] == 2) begin
          for (i = 0; i < x[12]; i = i + 1) $write("%c", byte_at(x[11] + i));
          x[10] = x[12];
        end else x[10] = -9;
        default: x[10] = -38;
      endcase
    end
  endtask

  task store;
    reg [31:0] addr, w;
    integer lane;
    begin
      addr = {mem_addr[31:2], 2'b00};
      if (on_console_page(addr)) begin
        if (addr == {CONSOLE[31:2], 2'b00} && mem_wstrb[CONSOLE[1:0]])
          $write("%c", mem_wdata[8*CONSOLE[1:0]+:8]);
      end else if (!in_window(addr)) begin
        $fdisplay(fd, "exit 1\nerror: store to 0x%08x outside the testbench memory at pc 0x%08x",
                  addr, pc);
        finish(1);
      end else begin
        w = mem[(addr - base) >> 2];
        for (lane = 0; lane < 4; lane = lane + 1)
          if (mem_wstrb[lane]) w[8*lane+:8] = mem_wdata[8*lane+:8];
        mem[(addr - base) >> 2] = w;
        if (has_tohost && addr == {tohost[31:2], 2'b00} && w != 0) begin
          if (w == 1) begin
            $fdisplay(fd, "exit 0\npassed (tohost = 1)");
            finish(0);
          end else if (w[0]) begin
            $fdisplay(fd, "exit 2\nfailed test %0d (tohost = 0x%08x)", w >> 1, w);
            finish(2);
          end else begin
            $fdisplay(fd, "exit 1\nerror: tohost written with 0x%08x (an HTIF request)", w);
            finish(1);
          end
        end
      end
    end
  endtask

  initial begin
    if (!$value$plusargs("hex=%s", hex) || !$value$plusargs("status=%s", status) ||
        !$value$plusargs("base=%h", base) || !$value$plusargs("words=%d", words) ||
        !$value$plusargs("entry=%h", entry)) begin
      $display("rv32i_core_tb: expected +hex, +status, +base, +words and +entry");
      $finish;
    end
    if (!$value$plusargs("tohost=%h", tohost)) tohost = 0;
    if (!$value$plusargs("has_tohost=%d", has_tohost)) has_tohost = 0;
    if (!$value$plusargs("max_steps=%d", max_steps)) max_steps = 0;
    fd = $fopen(status, "w");
    if (words > MEM_WORDS) begin
      $fdisplay(fd, "exit 1\nerror: the image needs %0d words, MEM_WORDS is %0d", words, MEM_WORDS);
      $fclose(fd);
      $finish;
    end
    $readmemh(hex, mem, 0, words - 1);
    for (i = 0; i < 32; i = i + 1) x[i] = 0;
    pc = entry;
    steps = 0;
    done = 0;
    for (n = 0; !done; n = n + 1) begin
      if (max_steps != 0 && n == max_steps) begin
        $fdisplay(fd, "exit 124\nstopped after %0d instructions at pc 0x%08x: step limit reached",
                  steps, pc);
        finish(124);
      end else begin
        inst = load(pc);
        rs1_val = 0;
        rs2_val = 0;
        mem_rdata = 0;
        #1;
        rs1_val = x[rs1_addr];
        rs2_val = x[rs2_addr];
        #1;
        mem_rdata = mem_re ? load(mem_addr) : 0;
        #1;
        if (trap) begin
          if (cause == 11) begin
            steps = steps + 1;
            ecall;
            pc = pc + 4;
          end else begin
            $fdisplay(fd, "exit 3\ntrap at pc 0x%08x (inst 0x%08x): cause %0d", pc, inst, cause);
            finish(3);
          end
        end else begin
          if (rd_we && rd_addr != 0) x[rd_addr] = rd_wdata;
          steps = steps + 1;
          if (mem_we) store;
          pc = next_pc;
        end
      end
    end
    $fclose(fd);
    $finish;
  end
endmodule
