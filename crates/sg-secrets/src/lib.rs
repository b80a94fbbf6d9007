//! Secret detection: provider rules as data, keyword prefilter, entropy, allowlists
