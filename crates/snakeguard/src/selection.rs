//! Which rules run: `select`/`extend-select`/`ignore` from the configuration and the command
//! line, and `per-file-ignores`.

use std::collections::BTreeSet;

use globset::{Glob, GlobSet, GlobSetBuilder};
use sg_diagnostics::{Finding, Rule, Scanner};

/// Bandit's umbrella id for all blacklist checks (B3xx calls and B4xx imports).
const BANDIT_BLACKLIST_UMBRELLA: &str = "B001";

/// The rules Bandit's `B001` stands for, when `word` is that umbrella id.
pub fn blacklist_umbrella(all_rules: &[&'static Rule], word: &str) -> Option<Vec<&'static str>> {
    word.eq_ignore_ascii_case(BANDIT_BLACKLIST_UMBRELLA)
        .then(|| {
            all_rules
                .iter()
                .filter(|rule| rule.code.starts_with("B3") || rule.code.starts_with("B4"))
                .map(|rule| rule.code)
                .collect()
        })
}

#[derive(Debug, Clone)]
pub struct RuleSelection {
    enabled: BTreeSet<&'static str>,
}

impl RuleSelection {
    /// Applies `select` (or every rule when `None`), then `extend_select`, then `ignore`.
    /// Every selector must name at least one rule. Tool rules (`SG`) stay on unless ignored.
    pub fn new(
        all_rules: &[&'static Rule],
        select: Option<&[String]>,
        extend_select: &[String],
        ignore: &[String],
    ) -> Result<Self, String> {
        let mut enabled = BTreeSet::new();
        match select {
            Some(selectors) => {
                for selector in selectors {
                    enabled.extend(matching(all_rules, selector, "select")?);
                }
                enabled.extend(
                    all_rules
                        .iter()
                        .filter(|rule| rule.scanner == Scanner::Tool)
                        .map(|rule| rule.code),
                );
            }
            None => enabled.extend(all_rules.iter().map(|rule| rule.code)),
        }
        for selector in extend_select {
            enabled.extend(matching(all_rules, selector, "extend-select")?);
        }
        for selector in ignore {
            for code in matching(all_rules, selector, "ignore")? {
                enabled.remove(code);
            }
        }
        Ok(RuleSelection { enabled })
    }

    pub fn is_enabled(&self, code: &str) -> bool {
        self.enabled.contains(code)
    }
}

/// The codes of the rules one selector picks; an error when it picks none.
pub fn matching(
    all_rules: &[&'static Rule],
    selector: &str,
    key: &str,
) -> Result<Vec<&'static str>, String> {
    let selector = selector.trim();
    let codes: Vec<&'static str> = blacklist_umbrella(all_rules, selector).unwrap_or_else(|| {
        all_rules
            .iter()
            .filter(|rule| rule.matches_selector(selector))
            .map(|rule| rule.code)
            .collect()
    });
    if codes.is_empty() {
        Err(format!(
            "unknown rule selector `{selector}` in {key}\nhint: `snakeguard rule --all` lists every rule"
        ))
    } else {
        Ok(codes)
    }
}

/// `per-file-ignores`: globs (relative to the configuration's directory, or a bare file name
/// pattern) mapped to the rules they silence.
#[derive(Debug, Default)]
pub struct PerFileIgnores {
    globs: GlobSet,
    codes: Vec<Vec<&'static str>>,
}

impl PerFileIgnores {
    pub fn new(
        all_rules: &[&'static Rule],
        entries: &std::collections::BTreeMap<String, Vec<String>>,
    ) -> Result<Self, String> {
        let mut builder = GlobSetBuilder::new();
        let mut codes = Vec::new();
        for (pattern, selectors) in entries {
            let glob = Glob::new(pattern)
                .map_err(|error| format!("per-file-ignores: invalid glob `{pattern}`: {error}"))?;
            builder.add(glob);
            let mut rule_codes = Vec::new();
            for selector in selectors {
                rule_codes.extend(matching(
                    all_rules,
                    selector,
                    &format!("per-file-ignores.\"{pattern}\""),
                )?);
            }
            codes.push(rule_codes);
        }
        let globs = builder
            .build()
            .map_err(|error| format!("per-file-ignores: {error}"))?;
        Ok(PerFileIgnores { globs, codes })
    }

    /// Whether `finding` is silenced; `config_relative` is its path relative to the
    /// configuration's directory.
    pub fn silences(&self, finding: &Finding, config_relative: &str) -> bool {
        if self.codes.is_empty() {
            return false;
        }
        let file_name = config_relative
            .rsplit('/')
            .next()
            .unwrap_or(config_relative);
        let mut matches = self.globs.matches(config_relative);
        matches.extend(self.globs.matches(file_name));
        matches
            .iter()
            .any(|&index| self.codes[index].contains(&finding.rule.code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_string()).collect()
    }

    #[test]
    fn unknown_selector_is_an_error_naming_it() {
        let rules = registry::all_rules();
        let error = RuleSelection::new(&rules, Some(&strings(&["ZZZ9"])), &[], &[]).unwrap_err();
        assert!(error.contains("`ZZZ9`"), "{error}");
    }

    #[test]
    fn tool_rules_stay_on_with_a_narrow_select() {
        let rules = registry::all_rules();
        let selection = RuleSelection::new(&rules, Some(&strings(&["SG002"])), &[], &[]).unwrap();
        assert!(selection.is_enabled("SG001"));
        let selection = RuleSelection::new(&rules, None, &[], &strings(&["SG001"])).unwrap();
        assert!(!selection.is_enabled("SG001"));
        assert!(selection.is_enabled("SG002"));
    }

    #[test]
    fn names_select_like_codes() {
        let rules = registry::all_rules();
        let selection =
            RuleSelection::new(&rules, Some(&strings(&["analysis-failed"])), &[], &[]).unwrap();
        assert!(selection.is_enabled("SG002"));
    }
}
