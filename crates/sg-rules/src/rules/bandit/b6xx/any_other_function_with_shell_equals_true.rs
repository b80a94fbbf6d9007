use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::{is_any_dotted, keyword_may_be_true};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports calls with a `shell=` argument that is true, or not a literal, to anything
    /// other than the `subprocess` functions of `shell_injection.subprocess` (those are
    /// B602): wrappers such as `invoke.run(cmd, shell=True)` or a project's own helpers.
    /// A call whose callee cannot be resolved (a method, a local) is "any other function"
    /// too, as in Bandit.
    ///
    /// ## Why is this bad?
    /// A `shell=True` parameter usually means the command string is handed to `/bin/sh`,
    /// where any part of it that comes from outside can add commands of its own.
    ///
    /// ## Example
    /// ```python
    /// from deploy.utils import run_command
    ///
    /// run_command(f"git checkout {branch}", shell=True)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from deploy.utils import run_command
    ///
    /// run_command(["git", "checkout", "--", branch], shell=False)
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/subprocess.html#security-considerations>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b604_any_other_function_with_shell_equals_true.html>
    /// - <https://cwe.mitre.org/data/definitions/78.html>
    pub static ANY_OTHER_FUNCTION_WITH_SHELL_EQUALS_TRUE: Rule {
        code: "B604",
        name: "any-other-function-with-shell-equals-true",
        scanner: Source,
        severity: Medium,
        confidence: Low,
        cwe: Some(78),
        summary: "Function call with shell=True",
        aliases: ["any_other_function_with_shell_equals_true", "S604"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    if !keyword_may_be_true(call, "shell") {
        return;
    }
    if callee
        .is_some_and(|callee| is_any_dotted(callee, &checker.options().shell_injection.subprocess))
    {
        return;
    }
    checker.report(checker.finding(
        &ANY_OTHER_FUNCTION_WITH_SHELL_EQUALS_TRUE,
        call.range(),
        "Function call with shell=True parameter identified, possible security issue",
    ));
}

#[cfg(test)]
mod tests {
    use crate::rules::bandit::helpers::findings_of;
    use crate::{Options, RuleId};

    #[test]
    fn shell_injection_lists_are_options() {
        let options: Options = toml::from_str(
            "[shell_injection]\nsubprocess = ['sh.run']\nshell = ['fabric.api.local']\nno_shell = []\n",
        )
        .unwrap_or_default();
        let source = "import os, subprocess, sh\n\
                      from fabric.api import local\n\
                      sh.run(cmd, shell=True)\n\
                      subprocess.run(cmd, shell=True)\n\
                      local(cmd)\n\
                      os.execv(p, a)\n";
        let codes = |rule| {
            findings_of(rule, options.clone(), source)
                .iter()
                .map(|finding| finding.split(' ').take(2).collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
        };
        // `subprocess.run` is no longer a subprocess function: it is "any other function".
        assert_eq!(codes(RuleId::B602), vec!["3:1 B602"]);
        assert_eq!(codes(RuleId::B603), Vec::<String>::new());
        assert_eq!(codes(RuleId::B604), vec!["4:1 B604"]);
        assert_eq!(codes(RuleId::B605), vec!["5:1 B605"]);
        assert_eq!(codes(RuleId::B606), Vec::<String>::new());
    }
}
