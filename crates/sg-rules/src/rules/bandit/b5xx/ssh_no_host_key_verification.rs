use sg_python::Ranged;
use sg_python::ast::{Expr, ExprCall};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `client.set_missing_host_key_policy(...)` with Paramiko's `AutoAddPolicy` or
    /// `WarningPolicy` (the class or an instance of it).
    ///
    /// The receiver cannot be typed statically, so any `.set_missing_host_key_policy` call is
    /// examined; the policy must resolve to a module path with a `paramiko` part
    /// (`paramiko.AutoAddPolicy()`, `from paramiko.client import WarningPolicy`, a project's
    /// `compat.paramiko` re-export). Bandit instead matches the policy's last
    /// name as text in any file that imports something containing `paramiko`, so a local
    /// class named `AutoAddPolicy` is reported there and not here.
    ///
    /// ## Why is this bad?
    /// These policies accept a server's host key the first time it is seen (or always, for
    /// `WarningPolicy`), so a man-in-the-middle can impersonate the server and capture the
    /// credentials and commands sent over SSH.
    ///
    /// ## Example
    /// ```python
    /// import paramiko
    ///
    /// client = paramiko.SSHClient()
    /// client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    /// client.connect("build.example.com", username="deploy")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import paramiko
    ///
    /// client = paramiko.SSHClient()
    /// client.load_system_host_keys()
    /// client.set_missing_host_key_policy(paramiko.RejectPolicy())
    /// client.connect("build.example.com", username="deploy")
    /// ```
    ///
    /// ## References
    /// - <https://docs.paramiko.org/en/latest/api/client.html#paramiko.client.SSHClient.set_missing_host_key_policy>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b507_ssh_no_host_key_verification.html>
    /// - <https://cwe.mitre.org/data/definitions/295.html>
    pub static SSH_NO_HOST_KEY_VERIFICATION: Rule {
        code: "B507",
        name: "ssh-no-host-key-verification",
        scanner: Source,
        severity: High,
        confidence: Medium,
        cwe: Some(295),
        summary: "Paramiko client trusts unknown host keys",
        aliases: ["ssh_no_host_key_verification", "S507"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall) {
    let Expr::Attribute(method) = &*call.func else {
        return;
    };
    if method.attr.as_str() != "set_missing_host_key_policy" {
        return;
    }
    let Some(policy) = call.arguments.find_argument_value("policy", 0) else {
        return;
    };
    let class = match policy {
        Expr::Call(instance) => &*instance.func,
        other => other,
    };
    // Any module path with a `paramiko` part: projects re-export Paramiko from compatibility
    // modules (`ansible.module_utils.compat.paramiko`).
    let trusts_unknown_keys = checker.resolve_qualified_name(class).is_some_and(|name| {
        matches!(
            name.segments().split_last(),
            Some((&("AutoAddPolicy" | "WarningPolicy"), module)) if module.contains(&"paramiko")
        )
    });
    if trusts_unknown_keys {
        checker.report(checker.finding(
            &SSH_NO_HOST_KEY_VERIFICATION,
            call.range(),
            "Paramiko call with policy set to automatically trust the unknown host key",
        ));
    }
}
