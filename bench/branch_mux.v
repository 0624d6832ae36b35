// branch_mux.v — a branch target: t ? p + c : p + 4 with t a signed compare of a and b.
// A small learner benchmark (docs/learner.md, --level-order): scripts/rtl_to_aig.sh makes
// the AIG that `bsyn learn --oracle aig:FILE` queries.
module branch_mux(input [31:0] p, input [31:0] c, input [31:0] a, input [31:0] b, output [31:0] y);
  wire t = $signed(a) < $signed(b);
  assign y = t ? p + c : p + 32'd4;
endmodule
