#!/usr/bin/env python3
"""Writes the generated seed files of tests/fuzz/corpus (binary formats and small text sets:
exec replies, traces, ELF, PLA, order files). The netlist seeds are copies of
tests/data/good and files bsyn wrote. Run it again after changing a case; the files are
committed."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def put(folder, name, data):
    path = os.path.join(HERE, "corpus", folder)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# ---- exec protocol: everything a responder writes (docs/exec-protocol.md) ----
def hello(nin, nout, text=b""):
    return b"BSYN" + struct.pack("<IIII", 1, nin, nout, len(text)) + text


def reply(rows):
    nwords = len(rows[0])
    body = b"".join(struct.pack("<%dQ" % nwords, *r) for r in rows)
    return b"BSRP" + struct.pack("<IQ", 0, nwords) + body


def error(status, msg):
    return b"BSRP" + struct.pack("<IQ", status, len(msg)) + msg


put("exec", "and2.bin", hello(2, 1) + reply([[0x8]]))
put("exec", "fields.bin", hello(5, 3, b"in a 0 2\nin b 2 3\nout y 0 2\nout c 2 1\n")
    + reply([[1], [2], [3]]))
put("exec", "error.bin", hello(3, 2, b"in x 0 3\n") + error(7, b"operands out of range"))
put("exec", "handshake_only.bin", hello(64, 64))

# ---- traces (docs/traces.md) ----
def field(lsb, width, name):
    return struct.pack("<III", lsb, width, len(name)) + name


def trace(count, nin, nout, infields, outfields, name=b"toy", word=0b101):
    body = struct.pack("<IIIII", nin, nout, len(infields), len(outfields), len(name)) + name
    body += b"".join(infields) + b"".join(outfields)
    size = 24 + len(body)
    padding = bytes((8 - size % 8) % 8)
    head = b"BSYNTRAC" + struct.pack("<IIQ", 1, size + len(padding), count) + body + padding
    nblocks = (count + 63) // 64
    mask = (1 << (count % 64)) - 1 if count % 64 else (1 << 64) - 1
    blocks = [[word & (mask if b == nblocks - 1 else (1 << 64) - 1)] * (nin + nout)
              for b in range(nblocks)]
    return head + b"".join(struct.pack("<%dQ" % len(b), *b) for b in blocks)


put("trace", "toy.trace", trace(3, 5, 2, [field(0, 5, b"a")], [field(0, 2, b"y")]))
put("trace", "two_blocks.trace", trace(70, 4, 1, [field(0, 2, b"a"), field(2, 2, b"b")],
                                       [field(0, 1, b"y")], word=0x123456789abcdef))
put("trace", "no_fields.trace", trace(64, 3, 3, [], [], name=b"arith:add1"))

# ---- ELF: the minimal RV32 executable of tests/data/bad/elf/make_bad_elf.py, plus one
# with a symbol table (.symtab + .strtab) naming tohost ----
ENTRY = 0x10000


def ehdr(phnum=1, shoff=0, shnum=0):
    ident = b"\x7fELF" + bytes([1, 1, 1]) + bytes(9)
    return ident + struct.pack("<HHIIIIIHHHHHH", 2, 243, 1, ENTRY, 52, shoff, 0, 52, 32, phnum,
                               40, shnum, 0)


def phdr(offset, filesz, memsz):
    return struct.pack("<IIIIIIII", 1, offset, ENTRY, ENTRY, filesz, memsz, 5, 4)


def shdr(stype, offset, size, link=0, entsize=0):
    return struct.pack("<IIIIIIIIII", 0, stype, 0, 0, offset, size, link, 0, 4, entsize)


CODE = struct.pack("<I", 0x00100073)  # ebreak
put("elf", "ebreak.elf", ehdr() + phdr(84, 4, 4) + CODE)
strtab = b"\0tohost\0_start\0"
syms = bytes(16) + struct.pack("<IIIBBH", 1, 0x11000, 4, 0x11, 0, 1) \
    + struct.pack("<IIIBBH", 8, ENTRY, 0, 0x10, 0, 1)
data_off = 84
str_off = data_off + 8
sym_off = str_off + len(strtab)
sh_off = sym_off + len(syms)
image = ehdr(shoff=sh_off, shnum=3) + phdr(data_off, 8, 16) + CODE + CODE + strtab + syms
image += shdr(0, 0, 0) + shdr(3, str_off, len(strtab)) + shdr(2, sym_off, len(syms), 1, 16)
put("elf", "symbols.elf", image)

# ---- PLA example sets ----
put("pla", "and2.pla", ".i 2\n.o 1\n.p 4\n.type fr\n00 0\n01 0\n10 0\n11 1\n.e\n")
put("pla", "names_dont_care.pla",
    "# a comment\n.i 3\n.o 2\n.ilb a b c\n.ob y z\n000 1-\n101 -0\n111 11\n.e\n")
put("pla", "two_words.pla", ".i 7\n.o 1\n"
    + "".join("{:07b} {}\n".format(e, bin(e).count("1") & 1) for e in range(70)))

# ---- order files over the fuzz_order harness's oracle ----
put("order", "fields.order", "# control first\ninst a\npc\n")
put("order", "ranges.order", "0-3, 4\ninst[0-7] inst[8]\n# x[3] is a one-bit field\nx[3] 7\n")
put("order", "bits.order", "b-c[0-2]\tb-c[3]\n47\n40-42\n")
