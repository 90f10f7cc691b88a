#!/usr/bin/env python3
"""Build the disk image of examples/kernels/disk.

Usage: mkdisk.py OUT.img

Layout (all integers little-endian, sectors of 512 bytes):

  sector 0   header: magic "REWINDFS", u32 version (1), u32 nfiles,
             then nfiles entries of 32 bytes:
             name[16] (NUL-padded), u32 start sector, u32 sectors reserved,
             u32 length in bytes, u32 reserved (0)
  sector 1.. the files, each in whole sectors, in table order
  the rest   zeros, up to IMAGE_SECTORS
"""
import struct
import sys

SECTOR = 512
MAGIC = b"REWINDFS"
VERSION = 1
MAX_FILES = 15
IMAGE_SECTORS = 128  # 64 KiB

MOTD = b"""\
Welcome to the rewind disk kernel.
This message was read from sector 1 of a virtio disk.
"""

GUIDE = b"""\
A guide to this disk
====================

Sector 0 holds the table of contents: the magic "REWINDFS", a version,
the number of files, and for each file its name, first sector, sectors
reserved and length in bytes. Each file is a run of whole sectors. The
kernel reads the table once at boot and writes it back when a file's
length changes.

Each boot adds one to the number in "counter". QEMU writes to the image
itself, so the count keeps growing from one run to the next. rewind
writes to an overlay instead: the recorded image never changes, and
every replay sees the same count as its recording.

Commands at the prompt:
  ls          list the files
  cat NAME    print a file
  count       every hart adds to one counter, under a spinlock
  race        the same without the lock: updates get lost
  halt        power off

This guide is longer than one sector on purpose, so "cat guide" makes
the driver read two sectors in a row.
"""

# (name, contents, sectors to reserve: the file may grow to that size)
FILES = [
    ("motd", MOTD, 1),
    ("counter", b"0\n", 1),
    ("guide", GUIDE, 0),
]


def sectors_for(nbytes):
    return (nbytes + SECTOR - 1) // SECTOR


def build():
    assert len(FILES) <= MAX_FILES
    table = b""
    data = b""
    start = 1
    for name, contents, reserve in FILES:
        raw = name.encode()
        assert len(raw) <= 16, name
        n = max(sectors_for(len(contents)), reserve, 1)
        table += struct.pack("<16sIIII", raw, start, n, len(contents), 0)
        data += contents.ljust(n * SECTOR, b"\0")
        start += n
    header = struct.pack("<8sII", MAGIC, VERSION, len(FILES)) + table
    image = header.ljust(SECTOR, b"\0") + data
    assert len(image) <= IMAGE_SECTORS * SECTOR
    return image.ljust(IMAGE_SECTORS * SECTOR, b"\0")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: mkdisk.py OUT.img")
    with open(sys.argv[1], "wb") as f:
        f.write(build())


if __name__ == "__main__":
    main()
