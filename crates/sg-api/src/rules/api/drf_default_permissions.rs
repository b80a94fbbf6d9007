use sg_diagnostics::{Finding, Span};

use crate::facts::{Assignment, Scope};
use crate::inventory::project::Project;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a Django project with `rest_framework` in `INSTALLED_APPS` whose settings do
    /// not set `REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]`, or set it to `AllowAny` only.
    /// The finding points at `REST_FRAMEWORK` (or `INSTALLED_APPS` when there is none).
    ///
    /// ## Why is this bad?
    /// DRF's default permission is `AllowAny`: every API view that does not set
    /// `permission_classes` itself is open to anonymous users, including the ones written
    /// tomorrow. A deny-by-default setting (`IsAuthenticated`) makes the forgotten view
    /// safe.
    ///
    /// ## Example
    /// ```python
    /// REST_FRAMEWORK = {
    ///     "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// REST_FRAMEWORK = {
    ///     "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    ///     "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://www.django-rest-framework.org/api-guide/permissions/#setting-the-permission-policy>
    /// - <https://cwe.mitre.org/data/definitions/276.html>
    pub static DRF_DEFAULT_PERMISSIONS: Rule {
        code: "API109",
        name: "drf-default-permission-allow-any",
        scanner: Api,
        severity: Medium,
        confidence: High,
        cwe: Some(276),
        summary: "Django REST framework allows anonymous access by default",
    }
}

pub(crate) fn check(project: &Project<'_>, findings: &mut Vec<Finding>) {
    let installed: Vec<&Assignment> = project
        .module_assignments_named("INSTALLED_APPS")
        .into_iter()
        .map(|(_, assignment)| assignment)
        .filter(|assignment| {
            project
                .list(&assignment.value)
                .iter()
                .any(|item| item.as_str() == Some("rest_framework"))
        })
        .collect();
    let Some(first_installed) = installed.first() else {
        return;
    };
    let frameworks: Vec<&Assignment> = project
        .module_assignments_named("REST_FRAMEWORK")
        .into_iter()
        .map(|(_, assignment)| assignment)
        .filter(|assignment| assignment.scope == Scope::Module)
        .collect();
    let mut allow_any_only = None;
    for framework in &frameworks {
        if let Some(classes) = framework.value.dict_get("DEFAULT_PERMISSION_CLASSES") {
            let names = classes.strings();
            if !names.is_empty() && names.iter().all(|name| name.ends_with("AllowAny")) {
                allow_any_only = Some(*framework);
            } else {
                return;
            }
        }
    }
    let (anchor, message) = match (allow_any_only, frameworks.first()) {
        (Some(framework), _) => (
            framework,
            "`DEFAULT_PERMISSION_CLASSES` is `AllowAny`: DRF views without `permission_classes` are public",
        ),
        (None, Some(framework)) => (
            *framework,
            "`REST_FRAMEWORK` sets no `DEFAULT_PERMISSION_CLASSES`: DRF views without `permission_classes` are public (AllowAny)",
        ),
        (None, None) => (
            *first_installed,
            "`rest_framework` is installed and no `REST_FRAMEWORK[\"DEFAULT_PERMISSION_CLASSES\"]` is set: DRF views without `permission_classes` are public (AllowAny)",
        ),
    };
    let Some(path) = project.file_of(&anchor.target) else {
        return;
    };
    let span = if anchor.location.span.line == 0 {
        Span::point(1, 1)
    } else {
        anchor.location.span
    };
    findings.push(
        Finding::new(&DRF_DEFAULT_PERMISSIONS, path.to_string(), span, message)
            .with_snippet(anchor.location.snippet.clone()),
    );
}
