#!/usr/bin/env python3
"""Writes the bad ELF files next to this script, one defect each, all derived from one
minimal valid RV32 executable (ELF header, one PT_LOAD program header, one instruction).
Run it again after changing a case; the files are committed."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ENTRY = 0x10000


def ehdr(cls=1, data=1, etype=2, machine=243, phoff=52, phnum=1):
    ident = b"\x7fELF" + bytes([cls, data, 1]) + bytes(9)
    return ident + struct.pack("<HHIIIIIHHHHHH", etype, machine, 1, ENTRY, phoff, 0, 0,
                               52, 32, phnum, 40, 0, 0)


def phdr(offset=84, vaddr=ENTRY, filesz=4, memsz=4):
    return struct.pack("<IIIIIIII", 1, offset, vaddr, vaddr, filesz, memsz, 5, 4)


CODE = struct.pack("<I", 0x00100073)  # ebreak


def good(**kw):
    return ehdr(**kw) + phdr() + CODE


CASES = {
    "not_elf.elf": b"#!/bin/sh\necho not an ELF file\n",
    "truncated.elf": good()[:30],
    "elf64.elf": good(cls=2),
    "big_endian.elf": good(data=2),
    "wrong_machine.elf": good(machine=62),
    "not_executable.elf": good(etype=1),
    "truncated_phdrs.elf": ehdr(phnum=2) + phdr(),
    "segment_outside_file.elf": ehdr() + phdr(filesz=64, memsz=64) + CODE,
    "segment_filesz_over_memsz.elf": ehdr() + phdr(filesz=4, memsz=2) + CODE,
    "segment_outside_memory.elf": ehdr() + phdr(vaddr=0xFFFFF000, memsz=0x2000) + CODE,
    "segment_too_large.elf": ehdr() + phdr(memsz=0x20000000) + CODE,
}

for name, data in CASES.items():
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
