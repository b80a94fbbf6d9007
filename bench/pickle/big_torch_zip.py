#!/usr/bin/env python3
"""Writes a multi-gigabyte synthetic PyTorch checkpoint, sparsely (tensor bytes are holes).

    python3 bench/pickle/big_torch_zip.py OUT.pt [--gib 4] [--tensors 64]

The layout is what ``torch.save`` writes: ``archive/data.pkl`` (a protocol 2 state dict of
``_rebuild_tensor_v2`` calls with persistent-id storages), ``archive/byteorder``,
``archive/data/<n>`` storages aligned to 64 bytes, ``archive/version``, zip64 records. The
storages are zeros left as holes in the file, so it takes seconds to write and almost no disk.
Nothing is imported from torch; the pickle comes from the fixture generator's stand-ins.
"""

import argparse
import collections
import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "resources", "test", "fixtures", "pickle"))
import generate  # noqa: E402  (the fixture generator: stand-in torch classes)


def crc_of_zeros(size):
    crc, chunk = 0, bytes(1 << 20)
    while size > 0:
        step = min(size, len(chunk))
        crc = zlib.crc32(chunk[:step] if step < len(chunk) else chunk, crc)
        size -= step
    return crc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--gib", type=float, default=4.0)
    parser.add_argument("--tensors", type=int, default=64)
    args = parser.parse_args()

    per_tensor = int(args.gib * (1 << 30)) // args.tensors
    numel = per_tensor // 4
    state = collections.OrderedDict()
    for i in range(args.tensors):
        state["layers.%d.weight" % i] = generate.Tensor(generate.Storage(i, "FloatStorage", numel), (numel,))
    data_pkl, storages = generate.torch_pickle(state)
    zeros_crc = crc_of_zeros(numel * 4)

    entries = []
    with open(args.out, "wb") as f:
        def add(name, data=None, size=0):
            offset = f.tell()
            name_b = name.encode()
            crc = zlib.crc32(data) if data is not None else zeros_crc
            size = len(data) if data is not None else size
            pad = (-(offset + 30 + len(name_b) + 4)) % 64
            extra = struct.pack("<HH", 0x4246, pad) + b"Z" * pad
            f.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0x21, crc, size, size,
                                len(name_b), len(extra)) + name_b + extra)
            if data is not None:
                f.write(data)
            else:
                f.seek(size, os.SEEK_CUR)
            entries.append((name_b, crc, size, offset))

        add("archive/data.pkl", data_pkl)
        add("archive/byteorder", b"little")
        for key in sorted(storages, key=int):
            add("archive/data/%s" % key, size=numel * 4)
        add("archive/version", b"3\n")
        cd_start = f.tell()
        for name_b, crc, size, offset in entries:
            extra, off32 = b"", offset
            if offset >= 0xFFFFFFFF:
                extra, off32 = struct.pack("<HHQ", 1, 8, offset), 0xFFFFFFFF
            f.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 45, 45, 0, 0, 0, 0x21, crc, size, size,
                                len(name_b), len(extra), 0, 0, 0, 0, off32) + name_b + extra)
        cd_end = f.tell()
        count = len(entries)
        f.write(struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, cd_end - cd_start, cd_start))
        f.write(struct.pack("<4sIQI", b"PK\x06\x07", 0, cd_end, 1))
        f.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, min(count, 0xFFFF), min(count, 0xFFFF),
                            min(cd_end - cd_start, 0xFFFFFFFF), min(cd_start, 0xFFFFFFFF), 0))
    print("wrote %s: %.2f GiB, %d tensors, data.pkl %d bytes" % (args.out, os.path.getsize(args.out) / (1 << 30), args.tensors, len(data_pkl)))


if __name__ == "__main__":
    main()
