//! Every rule snakeguard knows, from every scanner, in code order.

use sg_diagnostics::Rule;

pub fn all_rules() -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = Vec::new();
    rules.extend(sg_diagnostics::tool_rules::rules());
    rules.extend(sg_rules::rules());
    rules.extend(sg_taint::rules());
    rules.extend(sg_api::rules());
    rules.extend(sg_pickle::rules());
    rules.extend(sg_secrets::rules());
    rules.extend(sg_deps::rules());
    rules.extend(sg_audit::rules());
    rules.sort_by_key(|rule| rule.code);
    rules
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_docs_complete() {
        let rules = super::all_rules();
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in &rules {
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.missing_doc_sections().is_empty(),
                "{} lacks {:?}",
                rule.code,
                rule.missing_doc_sections()
            );
            assert!(
                !rule.summary.ends_with('.'),
                "{} summary ends with a period",
                rule.code
            );
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} name `{}` is not kebab-case",
                rule.code,
                rule.name
            );
        }
    }
}
