//! The `DEP1xx` pinning and `DEP2xx` typosquatting rules, one module each.

/// Every rule this crate emits, in code order.
pub fn rules() -> &'static [&'static sg_diagnostics::Rule] {
    &[]
}
