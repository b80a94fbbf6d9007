//! Vulnerability audit: OSV database, cache and index, PEP 440 matching, fixes
