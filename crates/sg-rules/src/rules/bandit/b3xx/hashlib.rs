use sg_diagnostics::Severity;
use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::{keyword, string_literal};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports weak hashes from `hashlib` used without `usedforsecurity=False`:
    /// `hashlib.md5(…)`, `hashlib.sha1(…)`, `hashlib.new("md5"…)` and the like (MD4, MD5, SHA,
    /// SHA-1) are HIGH severity. Also reports `crypt.crypt(word, salt)` and
    /// `crypt.mksalt(method)` with `METHOD_CRYPT`, `METHOD_MD5` or `METHOD_BLOWFISH` (MEDIUM).
    ///
    /// Beyond Bandit, the crypt method may be written `crypt.METHOD_MD5` (Bandit only sees a
    /// bare name or string), `usedforsecurity=True` is reported (Bandit ignores it), and a
    /// name that merely contains `hashlib` as a segment of some other module is not matched.
    ///
    /// ## Why is this bad?
    /// MD5 and SHA-1 collisions are cheap to compute, and these hashes are fast to brute
    /// force: as signatures, integrity checks or password hashes they protect nothing. Where
    /// the hash is not for security (a cache key, a file id), say so with
    /// `usedforsecurity=False`.
    ///
    /// ## Example
    /// ```python
    /// import hashlib
    ///
    /// digest = hashlib.md5(password.encode()).hexdigest()
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import hashlib
    ///
    /// digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    /// cache_key = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/hashlib.html>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b324_hashlib.html>
    /// - <https://cwe.mitre.org/data/definitions/327.html>
    pub static HASHLIB: Rule {
        code: "B324",
        name: "hashlib-insecure-hash",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(327),
        summary: "Use of a weak hash function for security",
        aliases: ["hashlib", "S324"],
    }
}

const WEAK_HASHES: [&str; 4] = ["md4", "md5", "sha", "sha1"];
const WEAK_CRYPT_METHODS: [&str; 3] = ["METHOD_CRYPT", "METHOD_MD5", "METHOD_BLOWFISH"];

fn used_for_security(call: &ExprCall) -> bool {
    !matches!(
        keyword(call, "usedforsecurity"),
        Some(Expr::BooleanLiteral(literal)) if !literal.value
    )
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    match callee.segments() {
        ["hashlib", "new"] => {
            let name = call
                .arguments
                .args
                .first()
                .or_else(|| keyword(call, "name"))
                .and_then(string_literal);
            if let Some(name) = name
                && WEAK_HASHES.contains(&name.to_ascii_lowercase().as_str())
                && used_for_security(call)
            {
                report_hash(checker, call, name);
            }
        }
        ["hashlib", function] if WEAK_HASHES.contains(function) && used_for_security(call) => {
            report_hash(checker, call, function);
        }
        ["crypt", function @ ("crypt" | "mksalt")] => {
            let method = if *function == "crypt" {
                call.arguments.args.get(1).or_else(|| keyword(call, "salt"))
            } else {
                call.arguments
                    .args
                    .first()
                    .or_else(|| keyword(call, "method"))
            };
            let Some(method) = method.and_then(|method| crypt_method(checker, method)) else {
                return;
            };
            checker.report(
                checker
                    .finding(
                        &HASHLIB,
                        call.range(),
                        format!("Use of insecure crypt.{method} hash function"),
                    )
                    .with_severity(Severity::Medium),
            );
        }
        _ => {}
    }
}

fn report_hash(checker: &Checker, call: &ExprCall, name: &str) {
    checker.report(checker.finding(
        &HASHLIB,
        call.range(),
        format!(
            "Use of weak {} hash for security. Consider usedforsecurity=False",
            name.to_ascii_uppercase()
        ),
    ));
}

/// `crypt.METHOD_MD5`, `METHOD_MD5` imported from crypt, or the string `"METHOD_MD5"`.
fn crypt_method(checker: &Checker, expr: &Expr) -> Option<&'static str> {
    let found = |name: &str| {
        WEAK_CRYPT_METHODS
            .iter()
            .copied()
            .find(|method| *method == name)
    };
    if let Some(text) = string_literal(expr) {
        return found(text);
    }
    let name = checker.resolve_qualified_name(expr)?;
    match name.segments() {
        ["crypt", method] => found(method),
        _ => None,
    }
}
