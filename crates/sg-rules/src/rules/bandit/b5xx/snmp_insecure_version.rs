use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::int_literal;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports pysnmp's `CommunityData(..., mpModel=0)` (SNMPv1) and `mpModel=1` (SNMPv2c),
    /// given as a keyword or as the third positional argument.
    ///
    /// Differences from Bandit: the callee is resolved through imports and may come from any
    /// module under `pysnmp.hlapi` (`pysnmp.hlapi.asyncio`, `pysnmp.hlapi.v3arch.asyncio`…),
    /// where current pysnmp releases define it; Bandit only matches the dotted text
    /// `pysnmp.hlapi.CommunityData`, and only the `mpModel=` keyword.
    ///
    /// ## Why is this bad?
    /// SNMPv1 and SNMPv2c authenticate with a community string sent in clear text and do not
    /// encrypt anything: whoever can see the traffic can read the data and reuse the
    /// community string to query or reconfigure the device.
    ///
    /// ## Example
    /// ```python
    /// from pysnmp.hlapi import CommunityData
    ///
    /// auth = CommunityData("public", mpModel=0)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from pysnmp.hlapi import UsmUserData, usmHMACSHAAuthProtocol, usmAesCfb128Protocol
    ///
    /// auth = UsmUserData(
    ///     "monitor", auth_key, priv_key,
    ///     authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol,
    /// )
    /// ```
    ///
    /// ## References
    /// - <https://datatracker.ietf.org/doc/html/rfc3414> (SNMPv3 user-based security)
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b508_snmp_insecure_version.html>
    /// - <https://cwe.mitre.org/data/definitions/319.html>
    pub static SNMP_INSECURE_VERSION: Rule {
        code: "B508",
        name: "snmp-insecure-version",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(319),
        summary: "SNMPv1 or SNMPv2c in use",
        aliases: ["snmp_insecure_version", "snmp_insecure_version_check", "S508"],
    }
}

/// `CommunityData(communityIndex, communityName=None, mpModel=1, ...)`.
const MP_MODEL_POSITION: usize = 2;

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(callee.segments(), ["pysnmp", "hlapi", .., "CommunityData"]) {
        return;
    }
    let Some(model) = call
        .arguments
        .find_argument_value("mpModel", MP_MODEL_POSITION)
    else {
        return;
    };
    if matches!(int_literal(model), Some(0 | 1)) {
        checker.report(checker.finding(
            &SNMP_INSECURE_VERSION,
            call.range(),
            "The use of SNMPv1 and SNMPv2 is insecure. You should use SNMPv3 if able",
        ));
    }
}
