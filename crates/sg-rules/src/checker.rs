//! What a rule sees: the Python checker (names, positions), the settings, and a place to
//! report findings.

use std::cell::RefCell;
use std::ops::Deref;

use sg_diagnostics::Finding;

use crate::registry::RuleId;
use crate::rules::secrets::Claim;
use crate::settings::{Options, Settings};

/// Passed to every rule. Derefs to [`sg_python::Checker`] for name resolution
/// (`resolve_qualified_name`), imported modules, positions and [`sg_python::Checker::finding`].
pub struct Checker<'c, 'a> {
    python: &'c sg_python::Checker<'a>,
    settings: &'c Settings,
    findings: &'c RefCell<Vec<Finding>>,
    secret_sites: &'c RefCell<Vec<Claim>>,
}

impl<'c, 'a> Checker<'c, 'a> {
    pub(crate) fn new(
        python: &'c sg_python::Checker<'a>,
        settings: &'c Settings,
        findings: &'c RefCell<Vec<Finding>>,
        secret_sites: &'c RefCell<Vec<Claim>>,
    ) -> Self {
        Checker {
            python,
            settings,
            findings,
            secret_sites,
        }
    }

    /// Whether `rule` is selected for this scan.
    #[inline]
    pub fn enabled(&self, rule: RuleId) -> bool {
        self.settings.rules.contains(rule)
    }

    pub fn settings(&self) -> &'c Settings {
        self.settings
    }

    pub fn options(&self) -> &'c Options {
        &self.settings.options
    }

    pub fn report(&self, finding: Finding) {
        self.findings.borrow_mut().push(finding);
    }

    /// Records the sites a Python-aware secret finding was made on, so that Bandit's
    /// B105–B107 findings there are dropped after the walk (`rules::secrets`).
    pub(crate) fn claim_secret_sites(&self, sites: &[Claim]) {
        self.secret_sites.borrow_mut().extend_from_slice(sites);
    }
}

impl<'a> Deref for Checker<'_, 'a> {
    type Target = sg_python::Checker<'a>;

    fn deref(&self) -> &Self::Target {
        self.python
    }
}
