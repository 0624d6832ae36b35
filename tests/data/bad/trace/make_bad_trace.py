#!/usr/bin/env python3
"""Writes the bad trace files next to this script, one defect each, from a small valid trace
(oracle "toy", 5 inputs, 2 outputs, 3 vectors) laid out as docs/traces.md describes.
Run it again after changing a case; the files are committed."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def field(lsb, width, name):
    return struct.pack("<III", lsb, width, len(name)) + name


def trace(version=1, count=3, nin=5, nout=2, infields=None, outfields=None, name=b"toy",
          hsize=None, pad=b"", blocks=None, extra=b"", in_count=None):
    infields = infields if infields is not None else [field(0, 5, b"a")]
    outfields = outfields if outfields is not None else [field(0, 2, b"y")]
    in_count = len(infields) if in_count is None else in_count
    body = struct.pack("<IIIII", nin, nout, in_count, len(outfields), len(name)) + name
    body += b"".join(infields) + b"".join(outfields)
    size = 24 + len(body)
    padding = bytes((8 - size % 8) % 8)
    if pad:
        padding = pad + padding[len(pad):]
    hs = hsize if hsize is not None else size + len(padding)
    head = b"BSYNTRAC" + struct.pack("<IIQ", version, hs, count) + body + padding
    if blocks is None:
        nblocks = (count + 63) // 64
        blocks = [[0b101] * (nin + nout)] * nblocks
    data = b"".join(struct.pack("<%dQ" % len(b), *b) for b in blocks)
    return head + data + extra


CASES = {
    "not_trace.trace": b"pc inst rs1 rs2\n",
    "bad_version.trace": trace(version=2),
    "bad_header_size.trace": trace(hsize=45),
    "truncated_header.trace": trace()[:40],
    "zero_inputs.trace": trace(nin=0, infields=[]),
    "field_outside.trace": trace(infields=[field(3, 4, b"a")]),
    "empty_field_name.trace": trace(infields=[field(0, 5, b"")]),
    "header_padding.trace": trace(pad=b"\x01"),
    "truncated_data.trace": trace(count=100, blocks=[[1] * 7]),
    "extra_data.trace": trace(extra=bytes(8)),
    "padding_bits.trace": trace(blocks=[[0b1001] * 7]),
    "too_many_fields.trace": trace(nin=1 << 20, in_count=1 << 20, blocks=[]),
}

for name, data in CASES.items():
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
