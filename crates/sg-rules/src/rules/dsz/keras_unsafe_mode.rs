//! DSZ009: Keras model loading with safe mode off.

use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::dsz::is_false_literal;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports Keras model loading with safe mode turned off: `load_model(...,
    /// safe_mode=False)` under `keras.models`, `keras.saving`, `tensorflow.keras.models`,
    /// `tensorflow.keras.saving` and `tf_keras.models`, and calls to
    /// `keras.config.enable_unsafe_deserialization()`, which turns it off for the whole
    /// process. Bandit has no Keras check.
    ///
    /// ## Why is this bad?
    /// A `.keras` model can contain `Lambda` layers, whose Python bytecode is stored in the
    /// file and runs when the model is loaded. Keras 3 refuses to load them unless
    /// `safe_mode=False` (CVE-2024-3660 was the bypass of that guard). Switching safe mode
    /// off makes a downloaded model an executable.
    ///
    /// ## Example
    /// ```python
    /// import keras
    ///
    /// model = keras.models.load_model("downloads/sentiment.keras", safe_mode=False)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import keras
    ///
    /// # Keep the default safe_mode=True; register custom layers with custom_objects.
    /// model = keras.models.load_model("downloads/sentiment.keras")
    /// ```
    ///
    /// ## References
    /// - <https://keras.io/api/models/model_saving_apis/model_saving_and_loading/>
    /// - <https://nvd.nist.gov/vuln/detail/CVE-2024-3660>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static KERAS_UNSAFE_MODE: Rule {
        code: "DSZ009",
        name: "keras-unsafe-mode",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "Keras model loading with safe_mode=False",
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    match callee.segments() {
        ["keras" | "tf_keras", "models" | "saving", "load_model"]
        | ["tensorflow", "keras", "models" | "saving", "load_model"] => {
            let Some(safe_mode) = call.arguments.find_keyword("safe_mode") else {
                return;
            };
            if is_false_literal(&safe_mode.value) {
                checker.report(checker.finding(
                    &KERAS_UNSAFE_MODE,
                    call.range(),
                    "`load_model` with `safe_mode=False` runs the Python code stored in Lambda \
                     layers; keep `safe_mode=True` (the default) or load weights only \
                     (safetensors)",
                ));
            }
        }
        [
            "keras" | "tf_keras",
            "config",
            "enable_unsafe_deserialization",
        ]
        | [
            "tensorflow",
            "keras",
            "config",
            "enable_unsafe_deserialization",
        ] => {
            checker.report(checker.finding(
                &KERAS_UNSAFE_MODE,
                call.range(),
                "`enable_unsafe_deserialization()` turns Keras safe mode off for every later \
                 load; remove it and keep `safe_mode=True`",
            ));
        }
        _ => {}
    }
}
