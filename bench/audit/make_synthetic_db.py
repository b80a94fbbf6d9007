#!/usr/bin/env python3
"""Build a synthetic OSV PyPI export the size of osv.dev's live one, and a 700-package lock.

    python3 bench/audit/make_synthetic_db.py OUT_DIR [RECORDS]

Writes OUT_DIR/synthetic-all.zip (default 25,000 records, flat `<ID>.json` like
osv.dev's PyPI/all.zip) and OUT_DIR/synthetic-lock.txt (700 `name==version` pins over
packages of that database, about a quarter of them at affected versions).

The shape follows the real export: PYSEC records (GIT and ECOSYSTEM ranges, enumerated
`versions`, CVE/GHSA aliases, NVD-style details), GHSA records for the same
vulnerabilities (CVSS v3 vectors, `database_specific.severity`), and MAL records
(OpenSSF malicious packages: one-off typo names, `introduced: "0"` or a short version
list). Popular packages get many advisories (Zipf, capped at 300 vulnerabilities per
package like the real maximum), release histories have 20-150
versions, and about one range in ten has two intervals or unsorted events.
Deterministic (fixed seed); standard library only.
"""
import json
import random
import sys
import zipfile
from pathlib import Path

SEED = 20261128
WORDS = ("remote code execution", "cross-site scripting", "path traversal", "denial of service",
         "SQL injection", "server-side request forgery", "improper certificate validation",
         "open redirect", "deserialization of untrusted data", "regular expression denial of service")


def release_history(rng, count):
    versions, major, minor, patch = [], 0, rng.randint(1, 9), 0
    for _ in range(count):
        roll = rng.random()
        if roll < 0.05:
            major, minor, patch = major + 1, 0, 0
        elif roll < 0.30:
            minor, patch = minor + 1, 0
        else:
            patch += 1
        version = f"{major}.{minor}.{patch}"
        if rng.random() < 0.04:
            version += rng.choice(["rc1", "b1", ".post1", "a2"])
        versions.append(version)
    return versions


def details(rng, package, kind):
    sentence = (f"{kind.capitalize()} in {package}. An attacker can exploit this issue by sending a crafted "
                f"request that is not validated before it reaches the affected component. ")
    return (sentence * rng.randint(2, 6)).strip()


def cvss(rng):
    metrics = [("AV", "NALP"), ("AC", "LH"), ("PR", "NLH"), ("UI", "NR"), ("S", "UC"),
               ("C", "HLN"), ("I", "HLN"), ("A", "HLN")]
    return "CVSS:3.1/" + "/".join(f"{name}:{rng.choice(values)}" for name, values in metrics)


def main():
    out = Path(sys.argv[1])
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 25_000
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    top = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "top-pypi.txt"
    if top.exists():
        names = [line.strip() for line in top.read_text().splitlines() if line.strip()][:6000]
    else:
        names = [f"package-{index}" for index in range(6000)]
    histories = {}
    malicious = int(total * 0.52)
    vulnerabilities = (total - malicious) // 2  # each is a PYSEC and a GHSA record (some lack one)
    records = []
    cve = 10_000
    chosen_packages = []
    per_package = {}
    for index in range(vulnerabilities):
        # Zipf-like popularity: low ranks get most advisories.
        # Popular names get most advisories, but no package more than 300 vulnerabilities
        # (about 600 records): the real export's largest, tensorflow, has about that many.
        while True:
            package = names[min(int(rng.paretovariate(0.9)) - 1, len(names) - 1) if rng.random() < 0.7 else rng.randrange(len(names))]
            if per_package.get(package, 0) < 300:
                break
        per_package[package] = per_package.get(package, 0) + 1
        history = histories.setdefault(package, release_history(rng, rng.randint(20, 150)))
        chosen_packages.append(package)
        start = rng.randrange(0, max(1, len(history) - 2))
        end = rng.randrange(start + 1, len(history))
        events = [{"introduced": "0" if start == 0 else history[start]}, {"fixed": history[end]}]
        affected_versions = history[start:end]
        if rng.random() < 0.1 and end + 2 < len(history):
            second = rng.randrange(end + 1, len(history))
            events += [{"introduced": history[end + 1]}, {"fixed": history[second]}]
            affected_versions += history[end + 1:second]
            if rng.random() < 0.5:
                rng.shuffle(events)
        kind = rng.choice(WORDS)
        cve += 1
        cve_id = f"CVE-{rng.randint(2015, 2026)}-{cve}"
        ghsa_id = "GHSA-" + "-".join("".join(rng.choice("23456789cfghjmpqrvwx") for _ in range(4)) for _ in range(3))
        pysec_id = f"PYSEC-{rng.randint(2015, 2026)}-{index + 1}"
        affected = {"package": {"ecosystem": "PyPI", "name": package, "purl": f"pkg:pypi/{package}"},
                    "ranges": [{"type": "ECOSYSTEM", "events": events}],
                    "versions": affected_versions}
        references = [{"type": "ADVISORY", "url": f"https://nvd.nist.gov/vuln/detail/{cve_id}"}] + [
            {"type": "WEB", "url": f"https://github.com/example/{package}/issues/{rng.randint(1, 9999)}"}
            for _ in range(rng.randint(1, 6))]
        if rng.random() < 0.85:
            pysec_affected = json.loads(json.dumps(affected))
            if rng.random() < 0.5:
                pysec_affected["ranges"].insert(0, {"type": "GIT", "repo": f"https://github.com/example/{package}",
                                                     "events": [{"introduced": "0"}, {"fixed": "%040x" % rng.getrandbits(160)}]})
            records.append({"id": pysec_id, "modified": "2026-01-01T00:00:00Z", "published": "2025-01-01T00:00:00Z",
                            "aliases": [cve_id, ghsa_id], "details": details(rng, package, kind),
                            "affected": [pysec_affected], "references": references, "schema_version": "1.6.0"})
        if rng.random() < 0.9:
            records.append({"id": ghsa_id, "modified": "2026-01-01T00:00:00Z", "published": "2025-01-01T00:00:00Z",
                            "aliases": [cve_id], "summary": f"{kind.capitalize()} in {package}",
                            "details": details(rng, package, kind),
                            "severity": [{"type": "CVSS_V3", "score": cvss(rng)}],
                            "affected": [affected], "references": references,
                            "database_specific": {"severity": rng.choice(["LOW", "MODERATE", "HIGH", "CRITICAL"]),
                                                  "cwe_ids": ["CWE-79"], "github_reviewed": True},
                            "schema_version": "1.6.0"})
    while len(records) < total:
        index = len(records)
        target = rng.choice(names[:500])
        package = f"{target}{rng.choice(['-utils', '2', 's', '-dev', 'x', '-py'])}{index}"
        affected = {"package": {"ecosystem": "PyPI", "name": package}}
        if rng.random() < 0.5:
            affected["ranges"] = [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]
        else:
            affected["versions"] = [f"{rng.randint(0, 3)}.{rng.randint(0, 9)}.{patch}" for patch in range(rng.randint(1, 3))]
        records.append({"id": f"MAL-{rng.randint(2022, 2026)}-{index}", "modified": "2026-01-01T00:00:00Z",
                        "summary": f"Malicious code in {package} (PyPI)",
                        "details": "\n---\n_-= Per source details. Do not edit below this line.=-_\n\n## Source: ossf-package-analysis\n" +
                                   f"The package {package} exfiltrates environment variables on install.",
                        "affected": [affected],
                        "database_specific": {"malicious-packages-origins": [{"source": "ossf-package-analysis", "sha256": "%064x" % rng.getrandbits(256)}]},
                        "schema_version": "1.6.0"})
    records = records[:total]
    zip_path = out / "synthetic-all.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for record in records:
            archive.writestr(f"{record['id']}.json", json.dumps(record, indent=2))

    # 700 pins over packages of the database: a quarter at an affected version.
    packages = sorted(histories)
    rng.shuffle(packages)
    lines = []
    for package in packages[:700]:
        history = histories[package]
        version = history[rng.randrange(len(history) // 2)] if rng.random() < 0.25 else history[-1]
        lines.append(f"{package}=={version}")
    for index in range(700 - len(lines)):
        lines.append(f"unlisted-package-{index}==1.0.0")
    (out / "synthetic-lock.txt").write_text("\n".join(sorted(lines)) + "\n")
    print(f"{zip_path}: {len(records)} records, {zip_path.stat().st_size} bytes; "
          f"{len(histories)} vulnerable packages; lock: {out / 'synthetic-lock.txt'}")


if __name__ == "__main__":
    main()
