use std::collections::BTreeMap;

use sg_diagnostics::Finding;

use crate::inventory::{Endpoint, Framework, Inventory};
use crate::rules::helpers::endpoint_finding;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a state-changing endpoint that is authenticated but requires no scope or role
    /// while other endpoints declared on the same router or blueprint do: FastAPI
    /// `Security(get_user, scopes=["items:write"])` on some routes of an `APIRouter` and a
    /// plain `Depends(get_user)` on a sibling `DELETE`; Flask-Security `@roles_required`,
    /// Flask-HTTPAuth `login_required(role=...)` or Starlette `@requires([...])` on some
    /// routes of a blueprint but not on a sibling `POST`.
    ///
    /// ## Why is this bad?
    /// Scopes are how least privilege is expressed: a token issued for reading can then
    /// write or delete through the one route that forgot to ask for a scope (broken
    /// function-level authorization).
    ///
    /// ## Example
    /// ```python
    /// @router.get("/items")
    /// def list_items(user=Security(get_user, scopes=["items:read"])): ...
    ///
    /// @router.delete("/items/{item_id}")
    /// def delete_item(item_id: int, user=Depends(get_user)): ...
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// @router.delete("/items/{item_id}")
    /// def delete_item(item_id: int, user=Security(get_user, scopes=["items:write"])): ...
    /// ```
    ///
    /// ## References
    /// - <https://fastapi.tiangolo.com/advanced/security/oauth2-scopes/>
    /// - <https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/>
    /// - <https://cwe.mitre.org/data/definitions/285.html>
    pub static MISSING_SCOPE: Rule {
        code: "API004",
        name: "missing-scope-on-sibling-route",
        scanner: Api,
        severity: Medium,
        confidence: Medium,
        cwe: Some(285),
        summary: "Mutating route lacks the scope its sibling routes require",
    }
}

pub(crate) fn check(inventory: &Inventory, findings: &mut Vec<Finding>) {
    let mut groups: BTreeMap<&str, Vec<&Endpoint>> = BTreeMap::new();
    for endpoint in &inventory.endpoints {
        if matches!(endpoint.framework, Framework::Django | Framework::Drf) {
            continue;
        }
        if let Some(group) = endpoint.detail.group.as_deref() {
            groups.entry(group).or_default().push(endpoint);
        }
    }
    for endpoints in groups.values() {
        let mut scopes: Vec<&str> = endpoints
            .iter()
            .flat_map(|endpoint| endpoint.scopes.iter().map(String::as_str))
            .collect();
        if scopes.is_empty() {
            continue;
        }
        scopes.sort_unstable();
        scopes.dedup();
        for endpoint in endpoints {
            if !endpoint.is_mutating()
                || endpoint.auth.is_empty()
                || !endpoint.scopes.is_empty()
                || endpoint.detail.public
            {
                continue;
            }
            let message = format!(
                "`{}` requires no scope while sibling routes require {}",
                endpoint.label(),
                scopes
                    .iter()
                    .map(|scope| format!("`{scope}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            findings.push(endpoint_finding(&MISSING_SCOPE, endpoint, message));
        }
    }
}
