//! Taint analysis: untrusted input reaching dangerous sinks (TNT)
