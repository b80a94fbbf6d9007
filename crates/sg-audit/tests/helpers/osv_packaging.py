"""Reference OSV evaluation for PyPI on top of Python's `packaging` (test helper only).

Reads a JSON list of cases from stdin; each case is
  {"ranges": [[[kind, version], ...], ...], "versions": [...], "candidates": [...]}
and prints, for each case, the list of candidates' "affected" booleans (null when the
candidate itself is not PEP 440). Mirrors the OSV schema's evaluation pseudocode:
events sorted by version with fixed < introduced < last_affected at equal versions,
introduced "0" below everything, limits ("*" = infinity), versions list OR ranges, and
versions in the data that are not PEP 440 skipped.
"""
import json
import sys

from packaging.version import InvalidVersion, Version

ORDER = {"fixed": 0, "introduced": 1, "last_affected": 2}
ZERO = object()


def parse(text):
    try:
        return Version(text.strip())
    except InvalidVersion:
        return None


def compile_range(events):
    walk, limits = [], []
    for kind, text in events:
        if kind == "limit":
            if text.strip() == "*":
                limits.append(None)
            else:
                version = parse(text)
                if version is not None:
                    limits.append(version)
            continue
        if kind == "introduced" and text.strip() == "0":
            walk.append((ZERO, kind))
            continue
        version = parse(text)
        if version is not None:
            walk.append((version, kind))
    walk.sort(key=lambda event: ((0, None) if event[0] is ZERO else (1, event[0]), ORDER[event[1]]))
    return walk, limits


def sort_key_fix(events):
    return events


def includes(walk, limits, version):
    if limits and not any(limit is None or version < limit for limit in limits):
        return False
    vulnerable = False
    for bound, kind in walk:
        if kind == "introduced":
            if bound is ZERO or version >= bound:
                vulnerable = True
        elif kind == "fixed":
            if version >= bound:
                vulnerable = False
        elif kind == "last_affected":
            if version > (Version("0") if bound is ZERO else bound):
                vulnerable = False
    return vulnerable


def main():
    cases = json.load(sys.stdin)
    out = []
    for case in cases:
        ranges = [compile_range(events) for events in case["ranges"]]
        listed = [v for v in (parse(text) for text in case["versions"]) if v is not None]
        answers = []
        for text in case["candidates"]:
            version = parse(text)
            if version is None:
                answers.append(None)
                continue
            answers.append(
                any(version == item for item in listed)
                or any(includes(walk, limits, version) for walk, limits in ranges)
            )
        out.append(answers)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
