//! B3xx: blacklisted calls, matched on the callee's resolved qualified name.

use sg_python::QualifiedName;
use sg_python::ast::{ExprCall, Stmt};

use crate::checker::Checker;
use crate::registry::RuleId;

pub mod cipher_modes;
pub mod ciphers;
pub mod eval;
pub mod ftplib;
pub mod hashlib;
pub mod mark_safe;
pub mod marshal;
pub mod md5;
pub mod mktemp_q;
pub mod pickle;
pub mod random;
pub mod telnetlib;
pub mod unverified_context;
pub mod urllib_urlopen;
pub mod xml_bad_celementtree;
pub mod xml_bad_elementtree;
pub mod xml_bad_expatbuilder;
pub mod xml_bad_expatreader;
pub mod xml_bad_minidom;
pub mod xml_bad_pulldom;
pub mod xml_bad_sax;

pub(crate) fn statement(checker: &Checker, stmt: &Stmt) {
    let _ = (checker, stmt);
}

pub(crate) fn call(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    let Some(callee) = callee else { return };
    // Most calls go elsewhere: one match on the root module skips all the rules below.
    // A rule for a new root must add it here (its fixture test fails otherwise).
    if !matches!(
        callee.segments().first().copied(),
        Some(
            "" | "builtins"
                | "pickle"
                | "cPickle"
                | "dill"
                | "shelve"
                | "jsonpickle"
                | "pandas"
                | "marshal"
                | "Crypto"
                | "Cryptodome"
                | "cryptography"
                | "tempfile"
                | "django"
                | "urllib"
                | "six"
                | "random"
                | "telnetlib"
                | "xml"
                | "ftplib"
                | "ssl"
                | "hashlib"
                | "crypt"
        )
    ) {
        return;
    }
    if checker.enabled(RuleId::B301) {
        pickle::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B302) {
        marshal::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B303) {
        md5::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B304) {
        ciphers::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B305) {
        cipher_modes::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B306) {
        mktemp_q::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B307) {
        eval::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B308) {
        mark_safe::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B310) {
        urllib_urlopen::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B311) {
        random::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B312) {
        telnetlib::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B313) {
        xml_bad_celementtree::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B314) {
        xml_bad_elementtree::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B315) {
        xml_bad_expatreader::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B316) {
        xml_bad_expatbuilder::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B317) {
        xml_bad_sax::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B318) {
        xml_bad_minidom::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B319) {
        xml_bad_pulldom::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B321) {
        ftplib::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B323) {
        unverified_context::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B324) {
        hashlib::check(checker, call, callee);
    }
}
