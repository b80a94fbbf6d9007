//! The table of every rule this crate can emit, in code order.
//!
//! Adding a rule adds one line here: the [`RuleId`] variant (used by the dispatch in
//! `if checker.enabled(RuleId::B301)`) and the path of its `static` [`Rule`].
//! [`RuleSet`] is a bitset over [`RuleId`], so "is this rule enabled" costs one bit test.

use sg_diagnostics::Rule;

macro_rules! rule_table {
    ($($id:ident => $rule:path,)*) => {
        /// One variant per rule, in code order; the discriminant indexes [`rules`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u16)]
        pub enum RuleId {
            $($id,)*
        }

        static RULES: &[&Rule] = &[$(&$rule,)*];

        impl RuleId {
            /// Every rule id, in code order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$id,)*];
        }
    };
}

rule_table! {
    B101 => crate::rules::bandit::b1xx::assert_used::ASSERT_USED,
    B301 => crate::rules::bandit::b3xx::pickle::PICKLE,
    B602 => crate::rules::bandit::b6xx::subprocess_popen_with_shell_equals_true::SUBPROCESS_POPEN_WITH_SHELL_EQUALS_TRUE,
}

const _: () = assert!(RuleId::ALL.len() <= RuleSet::CAPACITY, "grow RuleSet");

/// Every rule this crate can emit, in code order.
pub fn rules() -> &'static [&'static Rule] {
    RULES
}

impl RuleId {
    /// The rule's metadata.
    pub fn rule(self) -> &'static Rule {
        // The table and the enum come from the same macro list, so every id has an entry.
        RULES[self as usize]
    }

    /// The id of a rule of this crate, by code (`B301`), name or alias (`S301`, `pickle`).
    pub fn from_code(word: &str) -> Option<RuleId> {
        RuleId::ALL
            .iter()
            .copied()
            .find(|id| id.rule().is_named(word))
    }

    /// The id of one of this crate's rules.
    pub fn of(rule: &Rule) -> Option<RuleId> {
        RuleId::ALL
            .iter()
            .copied()
            .find(|id| std::ptr::eq(id.rule(), rule) || id.rule().code == rule.code)
    }
}

/// A set of rules, as a bitset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RuleSet {
    bits: [u64; 4],
}

impl RuleSet {
    const CAPACITY: usize = 256;

    pub fn empty() -> Self {
        RuleSet::default()
    }

    /// Every rule of this crate.
    pub fn all() -> Self {
        RuleId::ALL.iter().copied().collect()
    }

    /// The rules of this crate among `rules` (others, e.g. secrets rules, are ignored).
    pub fn from_rules<'r>(rules: impl IntoIterator<Item = &'r Rule>) -> Self {
        rules.into_iter().filter_map(RuleId::of).collect()
    }

    pub fn insert(&mut self, id: RuleId) {
        let index = id as usize;
        if let Some(word) = self.bits.get_mut(index / 64) {
            *word |= 1 << (index % 64);
        }
    }

    pub fn remove(&mut self, id: RuleId) {
        let index = id as usize;
        if let Some(word) = self.bits.get_mut(index / 64) {
            *word &= !(1 << (index % 64));
        }
    }

    #[inline]
    pub fn contains(&self, id: RuleId) -> bool {
        let index = id as usize;
        self.bits
            .get(index / 64)
            .is_some_and(|word| word & (1 << (index % 64)) != 0)
    }

    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|word| *word == 0)
    }

    /// The rules in the set, in code order.
    pub fn iter(&self) -> impl Iterator<Item = RuleId> + '_ {
        RuleId::ALL.iter().copied().filter(|id| self.contains(*id))
    }
}

impl FromIterator<RuleId> for RuleSet {
    fn from_iter<T: IntoIterator<Item = RuleId>>(iter: T) -> Self {
        let mut set = RuleSet::empty();
        for id in iter {
            set.insert(id);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_names_and_aliases_are_unique_and_in_code_order() {
        let mut seen = HashSet::new();
        for rule in rules() {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(seen.insert(rule.name), "duplicate name {}", rule.name);
            for alias in rule.aliases {
                assert!(
                    seen.insert(alias),
                    "duplicate alias {alias} on {}",
                    rule.code
                );
            }
        }
        let codes: Vec<&str> = rules().iter().map(|rule| rule.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn ids_match_table_order() {
        for (index, id) in RuleId::ALL.iter().enumerate() {
            assert_eq!(*id as usize, index);
            assert_eq!(format!("{id:?}"), id.rule().code);
        }
    }

    #[test]
    fn every_rule_doc_has_all_sections() {
        for rule in rules() {
            assert_eq!(
                rule.missing_doc_sections(),
                Vec::<&str>::new(),
                "{}",
                rule.code
            );
            assert!(
                rule.doc.contains("Use instead:"),
                "{} lacks \"Use instead:\"",
                rule.code
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
                "{} name is not kebab-case",
                rule.code
            );
        }
    }

    #[test]
    fn rule_sets() {
        let mut set = RuleSet::empty();
        assert!(!set.contains(RuleId::B301));
        set.insert(RuleId::B301);
        assert!(set.contains(RuleId::B301));
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![RuleId::B301]);
        set.remove(RuleId::B301);
        assert!(set.is_empty());
        assert_eq!(RuleId::from_code("S301"), Some(RuleId::B301));
        assert_eq!(
            RuleId::from_code("blacklist"),
            None,
            "B001's umbrella name is not one rule"
        );
    }
}
