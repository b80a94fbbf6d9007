use std::fmt::Write;

use sg_diagnostics::Finding;

use crate::inventory::{Framework, Inventory};
use crate::rules::helpers::endpoint_finding;

use super::auth_endpoint_reason;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports an endpoint that changes state and has no authentication: it accepts `POST`,
    /// `PUT`, `PATCH` or `DELETE` (or any method, and its handler checks for one), or its
    /// handler writes to a database or a file, and the inventory found no authentication
    /// marker anywhere on its chain: no decorator (`@login_required`, `@jwt_required()`,
    /// `@auth.login_required`, `@permission_required`…), no mixin, no FastAPI security
    /// dependency (on the route, its router, the `include_router` or the app), no
    /// `before_request` hook or middleware that rejects anonymous requests, no DRF
    /// permission (the view's or `DEFAULT_PERMISSION_CLASSES`), no guard such as
    /// `if not current_user.is_authenticated: abort(401)` at the top of the handler.
    ///
    /// Authentication endpoints (login, registration, token, password reset) are public by
    /// design and left to `API002`; logout endpoints are not reported either. Endpoints made public on purpose are not reported:
    /// `@login_not_required`, an explicit DRF `permission_classes = [AllowAny]`, or a path
    /// listed in `public-paths`. In-house decorators are recognised when their wrapper
    /// rejects the request (`abort(403)`, `raise PermissionDenied`); others can be named in
    /// `auth-decorators`.
    ///
    /// A `before_request` (or `url_value_preprocessor`) hook whose check depends on the
    /// endpoint counts only where it plausibly applies, shown as
    /// `before_request (conditional): <hook>`. The heuristic: the hook must hold an
    /// authentication test that rejects (at any depth) and read `request.endpoint` /
    /// `endpoint`, `request.view_args` / `values` or `request.path`. Endpoint names it
    /// compares in an early-`return` test, an allow condition whose `else` rejects, or an
    /// assignment (`is_public = endpoint == "main.feed"`) are exempt (also through a list
    /// constant: `if request.endpoint in PUBLIC_ENDPOINTS: return`); names compared in a test
    /// whose branch rejects limit the check to them. `request.path.startswith(prefix)` limits
    /// or exempts by path prefix the same way, and `values.pop("project_id")` limits the check
    /// to routes with a `<project_id>` variable. Endpoints the hook exempts or does not reach
    /// are reported as if the hook did not exist. Names compare by their last segment
    /// (`main.join_project` matches the view `join_project`).
    ///
    /// ## Why is this bad?
    /// Anyone who can reach the server can call it: delete records, change other users'
    /// data, trigger payments. Missing authentication on one route is the most common way
    /// APIs leak (OWASP API Security Top 10: broken authentication, broken function-level
    /// authorization).
    ///
    /// ## Example
    /// ```python
    /// @admin_bp.route("/users/<int:user_id>", methods=["DELETE"])
    /// def delete_user(user_id):
    ///     User.query.filter_by(id=user_id).delete()
    ///     db.session.commit()
    ///     return "", 204
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// @admin_bp.route("/users/<int:user_id>", methods=["DELETE"])
    /// @login_required
    /// @roles_required("admin")
    /// def delete_user(user_id):
    ///     ...
    /// ```
    ///
    /// ## References
    /// - <https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/>
    /// - <https://cwe.mitre.org/data/definitions/306.html>
    /// - <https://flask-login.readthedocs.io/en/latest/#flask_login.login_required>
    /// - <https://fastapi.tiangolo.com/tutorial/security/>
    pub static UNAUTHENTICATED_ENDPOINT: Rule {
        code: "API001",
        name: "unauthenticated-state-changing-endpoint",
        scanner: Api,
        severity: High,
        confidence: Medium,
        cwe: Some(306),
        summary: "State-changing endpoint without authentication",
    }
}

pub(crate) fn check(inventory: &Inventory, findings: &mut Vec<Finding>) {
    for endpoint in &inventory.endpoints {
        let detail = &endpoint.detail;
        if detail.external || detail.public || !endpoint.auth.is_empty() {
            continue;
        }
        let any_method = endpoint.methods.iter().any(|method| method == "ANY");
        let mutating = endpoint.is_mutating()
            || detail.write.is_some()
            || (any_method && detail.handles_unsafe_method);
        if !mutating || auth_endpoint_reason(endpoint).is_some() || is_logout(endpoint) {
            continue;
        }
        let mut message = format!(
            "`{}` changes state and has no authentication",
            endpoint.label()
        );
        if let Some(write) = &detail.write {
            let _ = write!(message, " (the handler calls `{write}`)");
        } else if endpoint.framework == Framework::Drf {
            message.push_str(" (no `permission_classes`, and DRF's default is `AllowAny`)");
        }
        findings.push(endpoint_finding(
            &UNAUTHENTICATED_ENDPOINT,
            endpoint,
            message,
        ));
    }
}

/// Logging out needs no authentication (`/logout`, `/signout`, `def logout`).
fn is_logout(endpoint: &crate::inventory::Endpoint) -> bool {
    let path = endpoint.path.to_ascii_lowercase();
    let name = endpoint.handler.name.to_ascii_lowercase();
    [
        "logout", "signout", "sign-out", "log-out", "sign_out", "log_out",
    ]
    .iter()
    .any(|word| path.contains(word) || name.contains(word))
}
