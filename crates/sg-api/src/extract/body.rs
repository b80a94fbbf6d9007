//! What a function body does: auth guards, writes, credential checks.
//!
//! These are the facts the route rules need about a handler and that only the body shows:
//!
//! - a **guard**: among the first statements, an `if` whose test is about authentication
//!   (`not current_user.is_authenticated`, `"user_id" not in session`, `token is None`,
//!   `not request.user.has_perm(...)`) and whose branch rejects the request (`abort(401)`,
//!   `raise PermissionDenied`, `raise HTTPException(status_code=403)`, `return redirect(...)`,
//!   `return jsonify(...), 401`). A decorator written in the project is recognised the same
//!   way: the guard sits in its nested wrapper;
//! - a **write**: a database commit/save/create/delete, an `INSERT`/`UPDATE`/`DELETE`
//!   statement, a file opened for writing, a file removed;
//! - **credential calls**: `check_password`, `authenticate`, `jwt.encode`,
//!   `create_access_token`…, which make a handler an authentication endpoint.

use sg_python::ast::{self, CmpOp, Expr, Stmt};

use super::ast_util::{
    for_each_expr, for_each_expr_in_body, for_each_stmt, int_literal, last_segment, string_literal,
    without_docstring,
};
use super::names::{Names, dotted};
use crate::facts::BodySummary;

/// How many leading statements may hold a guard or a top-level auth check.
const TOP_STATEMENTS: usize = 8;

/// Summarises `function`'s body. `names` must have the function's scope pushed.
pub(crate) fn summarize(function: &ast::StmtFunctionDef, names: &Names<'_>) -> BodySummary {
    let body = without_docstring(&function.body);
    let mut summary = BodySummary {
        guard: find_guard(body, 0),
        ..BodySummary::default()
    };
    for stmt in body.iter().take(TOP_STATEMENTS) {
        let call = match stmt {
            Stmt::Expr(expr) => Some(&*expr.value),
            Stmt::Assign(assign) => Some(&*assign.value),
            Stmt::AnnAssign(assign) => assign.value.as_deref(),
            _ => None,
        };
        if let Some(Expr::Call(call)) = call.map(strip_await)
            && let Some(symbol) = names.symbol(&call.func)
        {
            summary.top_calls.push(symbol);
        }
    }
    for_each_expr_in_body(body, &mut |expr| {
        let Expr::Call(call) = expr else {
            if let Expr::Compare(compare) = expr
                && compares_unsafe_method(compare)
            {
                summary.handles_unsafe_method = true;
            }
            return;
        };
        if summary.write.is_none() {
            summary.write = write_description(call, names);
        }
        if let Some(credential) = credential_call(call, names)
            && !summary.credential_calls.contains(&credential)
        {
            summary.credential_calls.push(credential);
        }
    });
    for_each_stmt(body, &mut |stmt| {
        if rejection(stmt).is_some() {
            summary.rejects_unauthenticated = true;
        }
    });
    summary.condition = super::hook::condition(body, names);
    summary
}

/// An authentication check anywhere in `body`: an `if` about authentication whose branch
/// (or `else`) rejects the request.
pub(crate) fn nested_auth_rejection(body: &[Stmt]) -> Option<String> {
    let mut found = None;
    for_each_stmt(body, &mut |stmt| {
        if found.is_some() {
            return;
        }
        let Stmt::If(node) = stmt else { return };
        let mut tests = vec![(&*node.test, node.body.as_slice())];
        let mut previous = &*node.test;
        for clause in &node.elif_else_clauses {
            match &clause.test {
                Some(test) => {
                    tests.push((test, clause.body.as_slice()));
                    previous = test;
                }
                // `if allowed: ... else: reject`: the `else` belongs to the last test.
                None => tests.push((previous, clause.body.as_slice())),
            }
        }
        for (test, branch) in tests {
            if mentions_auth(test)
                && !checks_credentials(test)
                && let Some(rejection) = first_rejection(branch)
            {
                found = Some(rejection);
                return;
            }
        }
    });
    found
}

/// Whether a branch holds an auth rejection (at any depth).
pub(crate) fn branch_rejects(body: &[Stmt]) -> bool {
    first_rejection(body).is_some()
}

fn strip_await(expr: &Expr) -> &Expr {
    match expr {
        Expr::Await(await_expr) => &await_expr.value,
        _ => expr,
    }
}

/// A guard among the first statements of `body`, or in a function nested in it (the wrapper
/// of a decorator, two levels for a decorator factory).
fn find_guard(body: &[Stmt], nesting: u32) -> Option<String> {
    let top = without_docstring(body);
    for (index, stmt) in top.iter().take(TOP_STATEMENTS).enumerate() {
        if let Stmt::If(node) = stmt {
            // In a decorator's wrapper: `if user_is_admin(): return view(*args)` then
            // `raise Redirect(login)`: the allowed case returns, the next statement rejects.
            // (Not in a handler, where `if request.cookies["role"] == "admin": ...` followed
            // by `abort(403)` is exactly the client-controlled check of API006.)
            if nesting > 0
                && mentions_auth(&node.test)
                && !checks_credentials(&node.test)
                && node
                    .body
                    .last()
                    .is_some_and(|last| matches!(last, Stmt::Return(_)))
                && node.elif_else_clauses.is_empty()
                && let Some(rejection) = top.get(index + 1).and_then(rejection)
            {
                return Some(rejection);
            }
            // `if not hmac.compare_digest(signature, expected): abort(400)`: the sender is
            // authenticated by a signature (webhooks).
            if checks_signature(&node.test) && first_client_error(&node.body).is_some() {
                return Some("signature check".to_string());
            }
            // `if not user.check_password(form["password"]): raise HTTPUnauthorized()` is the
            // login itself, not a requirement to be logged in.
            if mentions_auth(&node.test) && !checks_credentials(&node.test) {
                if let Some(rejection) = first_rejection(&node.body) {
                    return Some(rejection);
                }
                // `if user.is_authenticated: ... else: return redirect(login)`
                if let Some(clause) = node.elif_else_clauses.last()
                    && clause.test.is_none()
                    && let Some(rejection) = first_rejection(&clause.body)
                {
                    return Some(rejection);
                }
            }
        }
    }
    if nesting >= 2 {
        return None;
    }
    body.iter().find_map(|stmt| match stmt {
        Stmt::FunctionDef(inner) => find_guard(&inner.body, nesting + 1),
        _ => None,
    })
}

/// Whether a test calls a credential check (`check_password`, `authenticate`…).
fn checks_credentials(test: &Expr) -> bool {
    let mut found = false;
    for_each_expr(test, &mut |expr| {
        if let Expr::Call(call) = expr
            && let Some(name) = dotted(&call.func)
            && CREDENTIAL_CALLS.contains(&last_segment(&name))
        {
            found = true;
        }
    });
    found
}

/// Whether a test compares a signature (`hmac.compare_digest`, Django's
/// `constant_time_compare`, a `verify_signature(...)`/`verify_webhook(...)` call).
fn checks_signature(test: &Expr) -> bool {
    let mut found = false;
    for_each_expr(test, &mut |expr| {
        if let Expr::Call(call) = expr
            && let Some(name) = dotted(&call.func)
        {
            let last = last_segment(&name).to_ascii_lowercase();
            if last == "compare_digest"
                || last == "constant_time_compare"
                || (last.starts_with("verify")
                    && (last.contains("signature")
                        || last.contains("webhook")
                        || last.contains("hmac")))
            {
                found = true;
            }
        }
    });
    found
}

/// A rejection with any 4xx status (`abort(400)`, `return "", 403`,
/// `raise HTTPException(status_code=400)`), or an auth rejection.
fn first_client_error(body: &[Stmt]) -> Option<String> {
    let mut found = None;
    for_each_stmt(body, &mut |stmt| {
        if found.is_some() {
            return;
        }
        if let Some(rejection) = rejection(stmt) {
            found = Some(rejection);
            return;
        }
        let value = match stmt {
            Stmt::Return(ret) => ret.value.as_deref(),
            Stmt::Raise(raise) => raise.exc.as_deref(),
            Stmt::Expr(expr) => Some(&*expr.value),
            _ => None,
        };
        if let Some(value) = value {
            for_each_expr(value, &mut |inner| {
                if let Some(status) = int_literal(inner)
                    && (400..500).contains(&status)
                {
                    found = Some(format!("{status}"));
                }
            });
        }
    });
    found
}

fn first_rejection(body: &[Stmt]) -> Option<String> {
    let mut found = None;
    for_each_stmt(body, &mut |stmt| {
        if found.is_none() {
            found = rejection(stmt);
        }
    });
    found
}

/// Exception names that mean "not authenticated / not allowed".
const AUTH_EXCEPTIONS: &[&str] = &[
    "Unauthorized",
    "Forbidden",
    "PermissionDenied",
    "NotAuthenticated",
    "AuthenticationFailed",
    "HTTPUnauthorized",
    "HTTPForbidden",
    "Unauthenticated",
    "AuthError",
    "AuthenticationError",
    "NoAuthorizationError",
    "HttpResponseForbidden",
    "HTTPNotAuthorized",
];

/// How `stmt` rejects a request (`abort(401)`, `raise PermissionDenied`, `redirect`), if it
/// does.
fn rejection(stmt: &Stmt) -> Option<String> {
    match stmt {
        Stmt::Raise(raise) => {
            let exc = raise.exc.as_deref()?;
            let name = exception_name(exc)?;
            if AUTH_EXCEPTIONS.contains(&last_segment(&name)) {
                return Some(format!("raise {}", last_segment(&name)));
            }
            // `raise Redirect303(url_for(".authenticate"))`, `raise web.HTTPFound(login_url)`
            if last_segment(&name).contains("Redirect") || last_segment(&name) == "HTTPFound" {
                return Some("redirect".to_string());
            }
            let status = auth_status(exc)?;
            Some(format!("raise {}({status})", last_segment(&name)))
        }
        Stmt::Return(ret) => {
            let value = ret.value.as_deref()?;
            if let Some(call) = returned_call(value)
                && let Some(name) = dotted(&call.func)
            {
                let last = last_segment(&name);
                if last.contains("redirect") || last.contains("Redirect") {
                    return Some("redirect".to_string());
                }
                if AUTH_EXCEPTIONS.contains(&last) {
                    return Some(format!("return {last}"));
                }
            }
            auth_status(value).map(|status| format!("return {status}"))
        }
        Stmt::Expr(expr) => {
            let Expr::Call(call) = strip_await(&expr.value) else {
                return None;
            };
            let name = dotted(&call.func)?;
            if last_segment(&name) == "abort" {
                let status = call.arguments.args.first().and_then(auth_status)?;
                return Some(format!("abort({status})"));
            }
            None
        }
        _ => None,
    }
}

fn returned_call(value: &Expr) -> Option<&ast::ExprCall> {
    match strip_await(value) {
        Expr::Call(call) => Some(call),
        Expr::Tuple(tuple) => tuple.elts.first().and_then(|first| match first {
            Expr::Call(call) => Some(call),
            _ => None,
        }),
        _ => None,
    }
}

fn exception_name(exc: &Expr) -> Option<String> {
    match exc {
        Expr::Call(call) => dotted(&call.func),
        _ => dotted(exc),
    }
}

/// 401 or 403 when `expr` holds that status (a literal, `status.HTTP_401_UNAUTHORIZED`,
/// `HTTPStatus.FORBIDDEN`).
pub(crate) fn auth_status(expr: &Expr) -> Option<u16> {
    let mut status = None;
    for_each_expr(expr, &mut |inner| {
        if status.is_some() {
            return;
        }
        match int_literal(inner) {
            Some(401) => status = Some(401),
            Some(403) => status = Some(403),
            _ => {}
        }
        if let Expr::Attribute(attribute) = inner {
            let attr = attribute.attr.as_str();
            if attr.contains("401") || attr == "UNAUTHORIZED" {
                status = Some(401);
            } else if attr.contains("403") || attr == "FORBIDDEN" {
                status = Some(403);
            }
        }
        if let Expr::Name(name) = inner
            && (name.id.as_str() == "HttpResponseForbidden" || name.id.as_str() == "HTTPForbidden")
        {
            status = Some(403);
        }
    });
    status
}

/// Words of identifiers that make a test about authentication or authorization.
const AUTH_WORDS: &[&str] = &[
    "authenticated",
    "anonymous",
    "user",
    "token",
    "session",
    "authorization",
    "auth",
    "authorized",
    "admin",
    "staff",
    "superuser",
    "perm",
    "perms",
    "permission",
    "permissions",
    "role",
    "roles",
    "jwt",
    "credentials",
    "identity",
    "logged",
    "login",
    "apikey",
    "bearer",
    "scope",
    "scopes",
];

/// Whether the identifiers, attribute names and string keys in `test` talk about
/// authentication (`current_user.is_authenticated`, `"user_id" in session`, `token`).
pub(crate) fn mentions_auth(test: &Expr) -> bool {
    let mut found = false;
    for_each_expr(test, &mut |expr| {
        if found {
            return;
        }
        let word = match expr {
            Expr::Name(name) => name.id.as_str(),
            Expr::Attribute(attribute) => attribute.attr.as_str(),
            Expr::StringLiteral(literal) => literal.value.to_str(),
            _ => return,
        };
        found = is_auth_identifier(word);
    });
    found
}

pub(crate) fn is_auth_identifier(word: &str) -> bool {
    word.split(['_', '-', '.'])
        .flat_map(split_camel)
        .any(|part| AUTH_WORDS.contains(&part.to_ascii_lowercase().as_str()))
}

/// `isAuthenticated` → `is`, `Authenticated`.
fn split_camel(word: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = word.as_bytes();
    for index in 1..bytes.len() {
        let previous = bytes.get(index - 1).copied().unwrap_or(b'a');
        let current = bytes.get(index).copied().unwrap_or(b'a');
        if previous.is_ascii_lowercase() && current.is_ascii_uppercase() {
            if let Some(part) = word.get(start..index) {
                parts.push(part);
            }
            start = index;
        }
    }
    if let Some(part) = word.get(start..) {
        parts.push(part);
    }
    parts
}

/// Methods whose call on anything writes to a database or a file.
const WRITE_METHODS: &[&str] = &[
    "commit",
    "save",
    "bulk_create",
    "bulk_update",
    "insert_one",
    "insert_many",
    "update_one",
    "update_many",
    "delete_one",
    "delete_many",
    "replace_one",
    "find_one_and_update",
    "find_one_and_delete",
    "find_one_and_replace",
    "write_text",
    "write_bytes",
    "executemany",
];

/// Methods that write when called on an ORM manager/queryset (`X.objects...`) or a session.
const ORM_WRITE_METHODS: &[&str] = &[
    "create",
    "update",
    "delete",
    "get_or_create",
    "update_or_create",
    "add",
    "add_all",
    "merge",
];

/// Functions that change files.
const FILE_WRITE_FUNCTIONS: &[&str] = &[
    "os.remove",
    "os.unlink",
    "os.rename",
    "os.replace",
    "os.rmdir",
    "shutil.rmtree",
    "shutil.move",
    "shutil.copy",
    "shutil.copyfile",
];

fn write_description(call: &ast::ExprCall, names: &Names<'_>) -> Option<String> {
    if let Some(qualified) = names.qualified(&call.func) {
        if FILE_WRITE_FUNCTIONS.contains(&qualified.as_str()) {
            return Some(format!("{qualified}()"));
        }
        if matches!(qualified.as_str(), "open" | "io.open" | "aiofiles.open")
            && opens_for_writing(call)
        {
            return Some(format!("{qualified}(..., \"w\")"));
        }
    }
    let Expr::Attribute(attribute) = &*call.func else {
        return None;
    };
    let method = attribute.attr.as_str();
    let receiver = dotted(&attribute.value).unwrap_or_else(|| receiver_text(&attribute.value));
    if WRITE_METHODS.contains(&method) {
        // `form.save()` on a bound ModelForm writes too; `session.save()` (a cache) rarely
        // matters for access control, but a `.save()` is the usual way to persist.
        return Some(format!("{receiver}.{method}()"));
    }
    // Flask's `session` is the signed cookie: `session.update(...)` writes no database.
    if ORM_WRITE_METHODS.contains(&method) && !(receiver == "session" && method == "update") {
        let on_orm = receiver.split('.').any(|segment| {
            matches!(segment, "objects" | "session" | "db" | "query") || segment.ends_with("_set")
        }) || receiver.ends_with("session");
        if on_orm {
            return Some(format!("{receiver}.{method}()"));
        }
    }
    if method == "execute"
        && let Some(sql) = call.arguments.args.first().and_then(string_literal)
    {
        let verb = sql
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        if matches!(
            verb.as_str(),
            "INSERT" | "UPDATE" | "DELETE" | "REPLACE" | "DROP" | "ALTER" | "CREATE" | "TRUNCATE"
        ) {
            return Some(format!("{receiver}.execute(\"{verb} ...\")"));
        }
    }
    None
}

/// A short text for a receiver that is not a plain dotted name (`Model.objects.filter(...)`).
fn receiver_text(expr: &Expr) -> String {
    match expr {
        Expr::Call(call) => format!("{}(...)", receiver_text(&call.func)),
        Expr::Attribute(attribute) => {
            format!("{}.{}", receiver_text(&attribute.value), attribute.attr)
        }
        Expr::Name(name) => name.id.to_string(),
        Expr::Subscript(subscript) => format!("{}[...]", receiver_text(&subscript.value)),
        _ => "...".to_string(),
    }
}

fn opens_for_writing(call: &ast::ExprCall) -> bool {
    let mode = call
        .arguments
        .args
        .get(1)
        .or_else(|| {
            call.arguments
                .find_keyword("mode")
                .map(|keyword| &keyword.value)
        })
        .and_then(string_literal);
    mode.is_some_and(|mode| mode.contains(['w', 'a', 'x', '+']))
}

/// Calls that authenticate a user or issue a token (last segment of the callee).
const CREDENTIAL_CALLS: &[&str] = &[
    "check_password",
    "check_password_hash",
    "verify_password",
    "authenticate",
    "authenticate_user",
    "checkpw",
    "create_access_token",
    "create_refresh_token",
    "login_user",
    "encode_auth_token",
];

fn credential_call(call: &ast::ExprCall, names: &Names<'_>) -> Option<String> {
    if let Some(qualified) = names.qualified(&call.func) {
        match qualified.as_str() {
            "jwt.encode"
            | "jose.jwt.encode"
            | "authlib.jose.jwt.encode"
            | "django.contrib.auth.authenticate"
            | "django.contrib.auth.login" => {
                return Some(qualified);
            }
            _ => {}
        }
    }
    let name = dotted(&call.func)?;
    CREDENTIAL_CALLS
        .contains(&last_segment(&name))
        .then_some(name)
}

fn compares_unsafe_method(compare: &ast::ExprCompare) -> bool {
    let is_method = |expr: &Expr| dotted(expr).is_some_and(|name| name.ends_with(".method"));
    let is_unsafe = |expr: &Expr| match expr {
        Expr::StringLiteral(literal) => matches!(
            literal.value.to_str().to_ascii_uppercase().as_str(),
            "POST" | "PUT" | "PATCH" | "DELETE"
        ),
        Expr::List(list) => list.elts.iter().any(|element| {
            string_literal(element).is_some_and(|text| {
                matches!(
                    text.to_ascii_uppercase().as_str(),
                    "POST" | "PUT" | "PATCH" | "DELETE"
                )
            })
        }),
        Expr::Tuple(tuple) => tuple.elts.iter().any(|element| {
            string_literal(element).is_some_and(|text| {
                matches!(
                    text.to_ascii_uppercase().as_str(),
                    "POST" | "PUT" | "PATCH" | "DELETE"
                )
            })
        }),
        _ => false,
    };
    let equality = compare
        .ops
        .iter()
        .all(|op| matches!(op, CmpOp::Eq | CmpOp::In));
    if !equality {
        return false;
    }
    let mut operands = std::iter::once(&*compare.left).chain(compare.comparators.iter());
    let any_method = operands.clone().any(is_method);
    any_method && operands.any(is_unsafe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_identifiers() {
        assert!(is_auth_identifier("is_authenticated"));
        assert!(is_auth_identifier("current_user"));
        assert!(is_auth_identifier("isAuthenticated"));
        assert!(is_auth_identifier("X-Api-Token"));
        assert!(!is_auth_identifier("author"));
        assert!(!is_auth_identifier("items"));
    }
}
