use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports calls that unpickle data: `pickle.load`, `pickle.loads`, `pickle.Unpickler`,
    /// the same in `dill` (and Python 2's `cPickle`), `shelve.open`, `shelve.DbfilenameShelf`, `jsonpickle.decode`,
    /// `jsonpickle.unpickler.decode`, `jsonpickle.unpickler.Unpickler` and
    /// `pandas.read_pickle`.
    ///
    /// The callee is resolved through imports and aliases (`from pickle import loads as l`,
    /// `f = pickle.loads`). Unlike Bandit, which matches dotted text, a name that does not
    /// refer to the module is not reported: `def f(pickle): pickle.loads(x)` (a parameter),
    /// or `pickle.loads(x)` in a file that never imports `pickle`.
    ///
    /// ## Why is this bad?
    /// Unpickling runs code chosen by whoever wrote the data: a pickle can call any
    /// importable function (`os.system`) while it is loaded. Data from a user, the network
    /// or a shared cache must never be unpickled.
    ///
    /// ## Example
    /// ```python
    /// import pickle
    ///
    /// def load_session(cookie):
    ///     return pickle.loads(base64.b64decode(cookie))
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import json
    ///
    /// def load_session(cookie):
    ///     return json.loads(base64.b64decode(cookie))
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/pickle.html>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b301-pickle>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static PICKLE: Rule {
        code: "B301",
        name: "pickle",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "Deserialization with pickle or a module that wraps it",
        aliases: ["S301"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if matches!(
        callee.segments(),
        [
            "pickle" | "cPickle" | "dill",
            "loads" | "load" | "Unpickler"
        ] | ["shelve", "open" | "DbfilenameShelf"]
            | ["jsonpickle", "decode"]
            | ["jsonpickle", "unpickler", "decode" | "Unpickler"]
            | ["pandas", "read_pickle"]
    ) {
        checker.report(checker.finding(
            &PICKLE,
            call.range(),
            format!(
                "Pickle and modules that wrap it can be unsafe when used to deserialize \
                 untrusted data: `{callee}`"
            ),
        ));
    }
}
