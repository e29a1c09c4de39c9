"""Writes a .npy file by hand, header and payload as given, so that tests
can make files NumPy would refuse to write (a shape whose product wraps, an
unknown format version).

  write_npy.py PATH SHAPE [--descr <f4] [--version 1] [--payload-bytes N]

SHAPE is comma-separated (`1152921504606846977,1,1,16`); the payload is N
zero bytes.
"""
import argparse
import struct

p = argparse.ArgumentParser()
p.add_argument("path")
p.add_argument("shape")
p.add_argument("--descr", default="<f4")
p.add_argument("--version", type=int, default=1)
p.add_argument("--payload-bytes", type=int, default=0)
a = p.parse_args()
dims = [int(d) for d in a.shape.split(",") if d]
header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
    a.descr, "".join("%d," % d for d in dims))
prefix = 10 if a.version == 1 else 12
header += " " * ((64 - (prefix + len(header) + 1) % 64) % 64) + "\n"
length = struct.pack("<H" if a.version == 1 else "<I", len(header))
with open(a.path, "wb") as f:
    f.write(b"\x93NUMPY" + bytes([a.version, 0]) + length + header.encode())
    f.write(b"\0" * a.payload_bytes)
