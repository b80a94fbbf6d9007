#!/usr/bin/env python3
"""Build a 700-package requirements lock for the PyPA advisory snapshot.

    python3 bench/audit/make_snapshot_lock.py SNAPSHOT_ZIP OUT_FILE

Takes the 700 most downloaded packages of ../shared/data/top-pypi.txt. A package with
advisories in the snapshot is pinned, one time in four, to a version an advisory lists as
affected, otherwise to the highest version the advisories mention (typically a fixed
release); a package without advisories is pinned to 1.0.0. Deterministic; stdlib only.
"""
import json
import random
import sys
import zipfile
from pathlib import Path


def main():
    snapshot, out = Path(sys.argv[1]), Path(sys.argv[2])
    rng = random.Random(700)
    mentioned, affected = {}, {}
    with zipfile.ZipFile(snapshot) as archive:
        for name in archive.namelist():
            record = json.loads(archive.read(name))
            for entry in record.get("affected", []):
                package = entry["package"]["name"].lower().replace("_", "-").replace(".", "-")
                versions = entry.get("versions", [])
                affected.setdefault(package, []).extend(versions)
                for rng_entry in entry.get("ranges", []):
                    if rng_entry.get("type") == "ECOSYSTEM":
                        for event in rng_entry.get("events", []):
                            mentioned.setdefault(package, []).extend(v for v in event.values() if v != "0")
    top = snapshot.parent / "top-pypi.txt"
    names = [line.strip() for line in top.read_text().splitlines() if line.strip()][:700]
    lines = []
    for name in names:
        if name in affected and affected[name] and rng.random() < 0.25:
            version = rng.choice(affected[name])
        elif name in mentioned and mentioned[name]:
            version = max(mentioned[name], key=lambda text: [int(part) if part.isdigit() else -1 for part in text.split(".")])
        else:
            version = "1.0.0"
        lines.append(f"{name}=={version}")
    out.write_text("\n".join(lines) + "\n")
    print(f"{out}: {len(lines)} pins, {sum(1 for n in names if n in affected)} with advisories")


if __name__ == "__main__":
    main()
