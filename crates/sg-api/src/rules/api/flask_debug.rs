use sg_python::Ranged;
use sg_python::ast::{self, Expr, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::{is_true_literal, keyword};
use crate::rules::helpers::{
    ConfigPlace, config_assignments, config_call_items, is_development_name, is_django_settings,
};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports Flask debug mode switched on in code or configuration: `app.debug = True`,
    /// `app.config["DEBUG"] = True`, `app.config.update(DEBUG=True)`, `DEBUG = True` in a
    /// Flask config class or config module (not Django settings: that is `API101`), and
    /// aiohttp's `web.Application(debug=True)`. `app.run(debug=True)` is Bandit's `B201`.
    /// Classes and files named for development or tests (`DevelopmentConfig`,
    /// `config_test.py`) are not reported. Flask's environment files count too: `.flaskenv`,
    /// `.env` or `.env.<name>` (not `.env.development`/`.env.local`/`.env.test`) setting
    /// `FLASK_DEBUG` to a true value or `FLASK_ENV=development`, which `flask run` loads.
    /// A hardcoded `app.secret_key` /
    /// `SECRET_KEY` is the secrets scanner's `SEC406`.
    ///
    /// ## Why is this bad?
    /// Flask's debug mode serves the Werkzeug debugger: whoever triggers an error gets an
    /// interactive Python console in the server process. aiohttp's debug mode exposes
    /// internals and slows every request.
    ///
    /// ## Example
    /// ```python
    /// class ProductionConfig(Config):
    ///     DEBUG = True
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// class ProductionConfig(Config):
    ///     DEBUG = False
    /// ```
    ///
    /// ## References
    /// - <https://flask.palletsprojects.com/en/stable/config/#DEBUG>
    /// - <https://werkzeug.palletsprojects.com/en/stable/debug/>
    /// - <https://cwe.mitre.org/data/definitions/489.html>
    pub static FLASK_DEBUG: Rule {
        code: "API106",
        name: "flask-debug-enabled",
        scanner: Api,
        severity: High,
        confidence: Medium,
        cwe: Some(489),
        summary: "Flask or aiohttp debug mode enabled",
    }
}

pub(crate) fn statement(context: &Context<'_, '_>, stmt: &Stmt) {
    if is_development_name(context.stem) {
        return;
    }
    // app.debug = True
    if let Stmt::Assign(assign) = stmt
        && is_true_literal(&assign.value)
        && assign.targets.iter().any(|target| {
            matches!(target, Expr::Attribute(attribute) if attribute.attr.as_str() == "debug")
        })
        && context.imports("flask")
    {
        context.report(context.finding(&FLASK_DEBUG, stmt.range(), "Flask debug mode enabled (`debug = True`)"));
        return;
    }
    for item in config_assignments(context, stmt) {
        if item.key != "DEBUG" || !is_true_literal(item.value) {
            continue;
        }
        let applies = match item.place {
            ConfigPlace::AppConfig => true,
            ConfigPlace::Class(class) => {
                !is_development_name(class) && !is_django_settings(context)
            }
            ConfigPlace::Module => !is_django_settings(context) && context.stem.contains("config"),
        };
        if applies {
            context.report(context.finding(
                &FLASK_DEBUG,
                item.range,
                "Flask debug mode enabled (`DEBUG = True`)",
            ));
        }
    }
}

pub(crate) fn call(context: &Context<'_, '_>, call: &ast::ExprCall) {
    if is_development_name(context.stem) {
        return;
    }
    for (key, value) in config_call_items(call) {
        if key == "DEBUG" && is_true_literal(value) {
            context.report(context.finding(
                &FLASK_DEBUG,
                call.range(),
                "Flask debug mode enabled (`DEBUG=True`)",
            ));
        }
    }
    if context
        .qualified(&call.func)
        .is_some_and(|name| name == "aiohttp.web.Application")
        && keyword(call, "debug").is_some_and(is_true_literal)
    {
        context.report(context.finding(
            &FLASK_DEBUG,
            call.range(),
            "aiohttp application created with `debug=True`",
        ));
    }
}
