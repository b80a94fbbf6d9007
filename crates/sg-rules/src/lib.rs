//! Source rules: Bandit-compatible checks (B…) and deserialization rules (DSZ)
