use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::has_unpacking;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports pysnmp's `UsmUserData(...)` without a privacy key, that is SNMPv3 in the
    /// `noAuthNoPriv` or `authNoPriv` mode: fewer than three positional arguments and no
    /// `privKey=` keyword.
    ///
    /// Differences from Bandit: the callee is resolved through imports and may come from any
    /// module under `pysnmp.hlapi`; a `privKey=` keyword (or `*args`/`**kwargs`, which may
    /// carry it) counts as encryption, where Bandit counts positional arguments only and so
    /// reports `UsmUserData("user", authKey=a, privKey=p)`.
    ///
    /// ## Why is this bad?
    /// Without a privacy key SNMPv3 sends every request and response in clear text; without
    /// an authentication key anyone can also forge them.
    ///
    /// ## Example
    /// ```python
    /// from pysnmp.hlapi import UsmUserData
    ///
    /// auth = UsmUserData("monitor", auth_key)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from pysnmp.hlapi import UsmUserData
    ///
    /// auth = UsmUserData("monitor", auth_key, priv_key)
    /// ```
    ///
    /// ## References
    /// - <https://datatracker.ietf.org/doc/html/rfc3414> (SNMPv3 user-based security)
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b509_snmp_weak_cryptography.html>
    /// - <https://cwe.mitre.org/data/definitions/319.html>
    pub static SNMP_WEAK_CRYPTOGRAPHY: Rule {
        code: "B509",
        name: "snmp-weak-cryptography",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(319),
        summary: "SNMPv3 without encryption",
        aliases: ["snmp_weak_cryptography", "snmp_crypto_check", "S509"],
    }
}

/// `UsmUserData(userName, authKey=None, privKey=None, ...)`.
const PRIV_KEY_POSITION: usize = 2;

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(callee.segments(), ["pysnmp", "hlapi", .., "UsmUserData"]) {
        return;
    }
    if has_unpacking(call) {
        return;
    }
    let encrypted = call
        .arguments
        .find_argument_value("privKey", PRIV_KEY_POSITION)
        .is_some_and(|key| !matches!(key, Expr::NoneLiteral(_)));
    if !encrypted {
        checker.report(checker.finding(
            &SNMP_WEAK_CRYPTOGRAPHY,
            call.range(),
            "You should not use SNMPv3 without encryption. noAuthNoPriv & authNoPriv is insecure",
        ));
    }
}
