"""Runs fickling 0.1.12's own scanners over files in one process (its CLI takes one file).

    python fickling_scan.py PATH...   -> prints "files=N flagged=N" and, with -v, one line per file

Zip archives go through fickling.loader.scan_zip_archive (members named .pkl/.pickle/.bin),
everything else through fickling.loader.scan_file; graceful mode, so parse errors count as
flagged (SUSPICIOUS or worse), as fickling reports them.
"""

import os
import sys
import zipfile

from fickling.analysis import Severity
from fickling.loader import scan_file, scan_zip_archive


def files_of(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    yield os.path.join(root, name)
        else:
            yield path


def main():
    verbose = "-v" in sys.argv
    paths = [a for a in sys.argv[1:] if a != "-v"]
    total = flagged = 0
    for path in files_of(paths):
        total += 1
        try:
            if zipfile.is_zipfile(path):
                results = scan_zip_archive(path, graceful=True).values()
                severity = max((r.severity for r in results), default=Severity.LIKELY_SAFE)
            else:
                severity = scan_file(path, graceful=True).severity
        except Exception as error:  # fickling itself failed on the file
            severity = Severity.SUSPICIOUS
            if verbose:
                print("%s: error %s" % (path, error))
        bad = severity > Severity.LIKELY_SAFE
        flagged += bad
        if verbose:
            print("%s\t%s" % (os.path.basename(path), "flagged" if bad else "clean"))
    print("files=%d flagged=%d" % (total, flagged))


if __name__ == "__main__":
    main()
