use sg_python::Ranged;
use sg_python::ast::{self, Expr, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::{for_each_expr, for_each_stmt, sg_child_bodies};
use crate::facts::LocalFinding;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports an endpoint or error handler that sends exception details to the client:
    /// a `return` (or a `raise HTTPException(detail=...)`) whose value holds
    /// `traceback.format_exc()`, `traceback.format_exception(...)`, `traceback.format_tb(...)`,
    /// or, inside an `except ... as error:` block, `str(error)`, `repr(error)`,
    /// `f"{error}"` or `error.args`.
    ///
    /// Only handlers count: the finding is kept when the function is an endpoint of the
    /// inventory or a registered error handler (`@app.errorhandler`,
    /// `@app.exception_handler`, `register_error_handler`); a helper returning the text to
    /// its caller is not reported.
    ///
    /// ## Why is this bad?
    /// Tracebacks and exception messages reveal file paths, library versions, SQL
    /// statements, internal hostnames and sometimes secrets, which help an attacker aim the
    /// next request.
    ///
    /// ## Example
    /// ```python
    /// except Exception as error:
    ///     return jsonify(error=str(error)), 500
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// except Exception:
    ///     app.logger.exception("payment failed")
    ///     return jsonify(error="internal error"), 500
    /// ```
    ///
    /// ## References
    /// - <https://cwe.mitre.org/data/definitions/209.html>
    /// - <https://owasp.org/www-community/Improper_Error_Handling>
    pub static STACK_TRACE_EXPOSURE: Rule {
        code: "API008",
        name: "stack-trace-exposure",
        scanner: Api,
        severity: Medium,
        confidence: Medium,
        cwe: Some(209),
        summary: "Exception details returned to the client",
    }
}

pub(crate) fn function(context: &Context<'_, '_>, function: &ast::StmtFunctionDef) {
    // Returns anywhere: traceback formatting.
    scan(context, &function.body, None);
}

fn scan(context: &Context<'_, '_>, body: &[Stmt], error_name: Option<&str>) {
    for stmt in body {
        match stmt {
            Stmt::Try(node) => {
                scan(context, &node.body, error_name);
                for handler in &node.handlers {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    let name = handler
                        .name
                        .as_ref()
                        .map(ast::Identifier::as_str)
                        .or(error_name);
                    scan(context, &handler.body, name);
                }
                scan(context, &node.orelse, error_name);
                scan(context, &node.finalbody, error_name);
            }
            Stmt::Return(ret) => {
                if let Some(value) = &ret.value {
                    check_value(context, value, error_name, stmt);
                }
            }
            Stmt::Raise(raise) => {
                if let Some(exc @ Expr::Call(call)) = raise.exc.as_deref() {
                    let is_http = matches!(&*call.func, Expr::Name(_) | Expr::Attribute(_))
                        && crate::extract::names::dotted(&call.func).is_some_and(|name| {
                            name.ends_with("HTTPException") || name.ends_with("APIException")
                        });
                    if is_http {
                        check_value(context, exc, error_name, stmt);
                    }
                }
            }
            _ => {
                for child in sg_child_bodies(stmt) {
                    scan(context, child, error_name);
                }
            }
        }
    }
    let _ = for_each_stmt;
}

fn check_value(context: &Context<'_, '_>, value: &Expr, error_name: Option<&str>, stmt: &Stmt) {
    let mut what = None;
    for_each_expr(value, &mut |expr| {
        if what.is_some() {
            return;
        }
        match expr {
            Expr::Call(call) => {
                if let Some(name) = context.qualified(&call.func)
                    && matches!(
                        name.as_str(),
                        "traceback.format_exc"
                            | "traceback.format_exception"
                            | "traceback.format_tb"
                            | "traceback.format_stack"
                    )
                {
                    what = Some(format!("`{name}()`"));
                    return;
                }
                if let (Some(error), Expr::Name(func)) = (error_name, &*call.func)
                    && matches!(func.id.as_str(), "str" | "repr")
                    && call
                        .arguments
                        .args
                        .first()
                        .is_some_and(|arg| is_name(arg, error))
                {
                    what = Some(format!("`{}({error})`", func.id));
                }
            }
            Expr::FString(fstring) => {
                if let Some(error) = error_name {
                    for element in fstring.value.elements() {
                        if let ast::InterpolatedStringElement::Interpolation(interpolation) =
                            element
                            && is_name(&interpolation.expression, error)
                        {
                            what = Some(format!("`{{{error}}}` in an f-string"));
                        }
                    }
                }
            }
            Expr::Attribute(attribute) => {
                if let Some(error) = error_name
                    && attribute.attr.as_str() == "args"
                    && is_name(&attribute.value, error)
                {
                    what = Some(format!("`{error}.args`"));
                }
            }
            _ => {}
        }
    });
    let Some(what) = what else { return };
    let finding = context.finding(
        &STACK_TRACE_EXPOSURE,
        stmt.range(),
        format!("Exception details ({what}) are sent to the client"),
    );
    context.push(LocalFinding {
        finding,
        subject: context.subject(),
        pyjwt: None,
        only_in_handlers: true,
        constant: None,
    });
}

fn is_name(expr: &Expr, name: &str) -> bool {
    matches!(expr, Expr::Name(found) if found.id.as_str() == name)
}
