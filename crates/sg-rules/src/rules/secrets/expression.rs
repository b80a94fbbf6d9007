//! `SEC401` in expressions: dict entries with a secret-like string key (`{"password": "…"}`,
//! at the value; Bandit's B105 reports the key) and comparisons with a secret-like name
//! (`password == "…"`, `"…" != token`, `request.form["password"] == "…"`).

use sg_python::Ranged;
use sg_python::ast::{CmpOp, Expr};
use sg_secrets::python::Site;

use super::{report, string_value, target_name};
use crate::checker::Checker;

pub(crate) fn check(checker: &Checker, expr: &Expr) {
    match expr {
        Expr::Dict(dict) => {
            for item in &dict.items {
                let Some(key) = &item.key else { continue };
                let Some(name) = string_value(key) else {
                    continue;
                };
                if matches!(item.value, Expr::StringLiteral(_)) {
                    report(
                        checker,
                        Site::DictEntry { key: name },
                        &item.value,
                        Some(key.range()),
                    );
                }
            }
        }
        Expr::Compare(compare) => {
            let ([op], [right]) = (&*compare.ops, &*compare.comparators) else {
                return;
            };
            if !matches!(op, CmpOp::Eq | CmpOp::NotEq) {
                return;
            }
            let (name_side, literal) = match (&*compare.left, right) {
                (Expr::StringLiteral(_), other) => (other, &*compare.left),
                (other, literal) => (other, literal),
            };
            if matches!(name_side, Expr::StringLiteral(_)) {
                return;
            }
            if let Some(name) = target_name(checker, name_side) {
                report(checker, Site::Comparison { name }, literal, None);
            }
        }
        _ => {}
    }
}
