//! Bandit-compatible checks: Bandit's ids, meaning, default severity, confidence and CWE.
//!
//! Families follow Bandit's numbering: `b1xx` general, `b2xx` framework misconfiguration,
//! `b3xx` blacklisted calls, `b4xx` blacklisted imports, `b5xx` crypto/TLS, `b6xx`
//! injection, `b7xx` XSS. Unlike Bandit, names are matched after real name resolution (a
//! shadowed `pickle` or a root that was never imported does not match); each rule's doc says
//! where that makes it differ from Bandit.

pub mod b1xx;
pub mod b2xx;
pub mod b3xx;
pub mod b4xx;
pub mod b5xx;
pub mod b6xx;
pub mod b7xx;
pub mod helpers;
