//! DSZ: unsafe deserialization that Bandit's B301/B302/B506/B614 do not see.
//!
//! Bandit reports `pickle.loads` and `yaml.load`; it misses the explicit opt-outs of newer
//! safe defaults (`weights_only=False`, `safe_mode=False`, `allow_pickle=True`,
//! `trust_remote_code=True`), the unsafe spellings of YAML loading (`yaml.unsafe_load`,
//! `Loader=yaml.UnsafeLoader`, ruamel's `typ="unsafe"`), pickle wrappers outside its list
//! (`joblib`, `cloudpickle`, more of `dill`), and `pickle.Unpickler` subclasses that do not
//! restrict what they import. Like the Bandit family, every callee is matched on its resolved
//! qualified name. Each finding says what to use instead.
//!
//! These rules say "this call can run code while loading"; whether the data comes from a user
//! is the taint pass's question (`TNT001` in `sg-taint`, which treats every sink here as a
//! deserialization sink).

use sg_python::QualifiedName;
use sg_python::ast::{ExprCall, Stmt};

use crate::checker::Checker;
use crate::registry::RuleId;

pub mod cloudpickle_load;
pub mod dill_deserialization;
pub mod joblib_load;
pub mod keras_unsafe_mode;
pub mod numpy_load_allow_pickle;
pub mod ruamel_yaml_unsafe;
pub mod torch_load_weights_only_false;
pub mod trust_remote_code;
pub mod unpickler_without_find_class;
pub mod yaml_unsafe_load;
pub mod yaml_unsafe_loader;

pub(crate) fn statement(checker: &Checker, stmt: &Stmt) {
    if let Stmt::ClassDef(class) = stmt
        && checker.enabled(RuleId::DSZ011)
    {
        unpickler_without_find_class::check(checker, class);
    }
}

pub(crate) fn call(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    // `model.from_pretrained(...)` on an object we cannot resolve still counts.
    if checker.enabled(RuleId::DSZ010) {
        trust_remote_code::check(checker, call, callee);
    }
    let Some(callee) = callee else { return };
    if checker.enabled(RuleId::DSZ001) {
        yaml_unsafe_load::check(checker, call, callee);
    }
    if checker.enabled(RuleId::DSZ002) {
        yaml_unsafe_loader::check(checker, call, callee);
    }
    if checker.enabled(RuleId::DSZ003) {
        ruamel_yaml_unsafe::check(checker, call, callee);
    }
    if checker.enabled(RuleId::DSZ004) {
        numpy_load_allow_pickle::check(checker, call, callee);
    }
    if checker.enabled(RuleId::DSZ005) {
        joblib_load::check(checker, call, callee);
    }
    if checker.enabled(RuleId::DSZ006) {
        cloudpickle_load::check(checker, call, callee);
    }
    if checker.enabled(RuleId::DSZ007) {
        dill_deserialization::check(checker, call, callee);
    }
    if checker.enabled(RuleId::DSZ008) {
        torch_load_weights_only_false::check(checker, call, callee);
    }
    if checker.enabled(RuleId::DSZ009) {
        keras_unsafe_mode::check(checker, call, callee);
    }
}

/// Whether `expr` is the literal `False` (not `None` or `0`: those mean "the default" for the
/// keywords these rules read).
pub(crate) fn is_false_literal(expr: &sg_python::ast::Expr) -> bool {
    matches!(expr, sg_python::ast::Expr::BooleanLiteral(literal) if !literal.value)
}
