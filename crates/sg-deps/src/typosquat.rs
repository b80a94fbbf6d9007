//! Names that look like a popular package's name but are not popular themselves: the
//! typosquatting (`DEP201`) and combosquatting (`DEP202`) signals.
//!
//! The corpus is `data/top-pypi.txt` (the most downloaded PyPI projects, most popular first),
//! compiled into the binary. A dependency name is compared with the corpus after PEP 503
//! normalisation and, for look-alike characters, after PyPI's "ultranormalisation"
//! (separators removed, `l`/`i` → `1`, `o` → `0`).
//!
//! Techniques (Taylor et al.'s typogard, PyPI's TypoSnyper, Neupane et al. 2023):
//!
//! - typos (`DEP201`): look-alike characters or separators (same ultranormal form), visual
//!   confusions (`rn`/`m`, `vv`/`w`, `cl`/`d`, `l`/`1`/`i`, `0`/`o`), one edit (omitted,
//!   inserted or repeated character, keyboard-adjacent or other substitution, bit flip,
//!   swapped adjacent characters), and two edits for long names;
//! - combinations (`DEP202`): a popular name with a prefix or suffix added or removed
//!   (`python-`, `py`, `-py`, `-lib`, `-sdk`, …), its words in another order, or a version
//!   number appended.
//!
//! False positives are kept down the way the registries do it:
//!
//! - a name that is itself in the corpus is never reported (`pytest-cov` is not a squat of
//!   `pytest`);
//! - only the most popular names are targets ([`Options::typosquat_targets`], 5,000 by
//!   default, of a corpus of about 15,000), so the target is always far more popular than a
//!   candidate that is not in the corpus at all;
//! - edit-distance checks skip names shorter than 4 characters, two edits need names of at
//!   least 10 characters, and affix checks need a target among the 1,000 most popular;
//! - known-good pairs ([`KNOWN_GOOD`]) and the user's allowlist are never reported.
//!
//! [`Options::typosquat_targets`]: crate::Options::typosquat_targets

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use crate::model::PackageName;

/// The popularity corpus: PyPI project names, most downloaded first.
pub const TOP_PYPI: &str = include_str!("../data/top-pypi.txt");

/// Pairs (`candidate`, `target`) that look alike but are both legitimate: aliases, import
/// names published as distributions, and renamed projects. Names in the corpus need no entry
/// (they are never reported); these are the ones that may fall outside it.
pub const KNOWN_GOOD: &[(&str, &str)] = &[
    ("boto", "boto3"),
    ("bs4", "beautifulsoup4"),
    ("sklearn", "scikit-learn"),
    ("yaml", "pyyaml"),
    ("dateutil", "python-dateutil"),
    ("attr", "attrs"),
    ("jwt", "pyjwt"),
    ("dotenv", "python-dotenv"),
    ("magic", "python-magic"),
    ("docx", "python-docx"),
    ("jose", "python-jose"),
    ("multipart", "python-multipart"),
    ("pytorch", "torch"),
    ("opencv", "opencv-python"),
    ("pymysql", "mysql"),
    ("psycopg2", "psycopg2-binary"),
    ("psycopg", "psycopg2"),
    ("pycryptodomex", "pycryptodome"),
    ("msgpack-python", "msgpack"),
    ("discord", "discord-py"),
    ("tensorflow-cpu", "tensorflow"),
    ("tensorflow-gpu", "tensorflow"),
    ("torchvision", "torch"),
    ("ruamel-yaml", "pyyaml"),
    ("pyyaml-include", "pyyaml"),
    ("types-requests", "requests"),
];

/// Which family of technique matched: typos are `DEP201`, combinations `DEP202`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Typo,
    Combination,
}

/// A name that resembles a popular one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resemblance {
    /// The popular package it resembles.
    pub target: String,
    /// 1-based download rank of the target in the corpus.
    pub target_rank: usize,
    pub family: Family,
    /// How it resembles the target, for the message: "swapped characters", "added suffix
    /// `-sdk`"…
    pub technique: String,
}

/// The popular-name corpus with the indexes the checks use.
#[derive(Debug)]
pub struct Detector {
    /// Normalised name → 1-based rank, for every corpus name.
    rank: HashMap<String, usize>,
    /// Target names (the `targets` most popular), most popular first.
    targets: Vec<String>,
    /// Ultranormal form → index into `targets` (most popular wins).
    by_ultranormal: HashMap<String, usize>,
    /// Every target and each of its one-character deletions → target indexes.
    by_deletion: HashMap<String, Vec<usize>>,
    /// Sorted words (2 or more) → index into `targets`.
    by_words: HashMap<Vec<String>, usize>,
    /// Indexes of targets with at least 10 characters, for two-edit checks.
    long_targets: Vec<usize>,
    known_good: BTreeSet<(String, String)>,
    allowlist: BTreeSet<String>,
}

/// Targets of the affix and version checks must be at least this popular.
const AFFIX_TARGET_RANK: usize = 1_000;
/// Edit-distance checks skip names shorter than this.
const MIN_EDIT_LEN: usize = 4;
/// Two-edit checks need names at least this long, of the same length as a target among
/// the most popular (two changes anywhere match too many legitimate sibling names).
const MIN_TWO_EDIT_LEN: usize = 12;
const TWO_EDIT_TARGET_RANK: usize = 500;
/// Names that drop an affix of a target (`socks` for `pysocks`) are often the import name
/// published on its own: only the most popular targets count, and only names this long.
const REMOVED_AFFIX_TARGET_RANK: usize = 200;
const MIN_REMOVED_AFFIX_LEN: usize = 5;

const PREFIXES: &[&str] = &["python-", "python", "py-", "py", "pypi-", "lib"];
const SUFFIXES: &[&str] = &[
    "-python",
    "-py",
    "py",
    "-lib",
    "lib",
    "-dev",
    "-sdk",
    "-api",
    "-cli",
    "-tools",
    "-tool",
    "-client",
    "-utils",
    "-util",
    "-core",
    "-official",
    "-pkg",
    "-package",
    "-plus",
    "-pro",
    "-next",
    "2",
    "3",
    "-2",
    "-3",
];

/// Visual confusions: (what a squat writes, what the target has).
const VISUAL: &[(&str, &str)] = &[
    ("rn", "m"),
    ("m", "rn"),
    ("vv", "w"),
    ("w", "vv"),
    ("cl", "d"),
    ("d", "cl"),
    ("nn", "m"),
    ("1", "l"),
    ("l", "1"),
    ("1", "i"),
    ("i", "1"),
    ("l", "i"),
    ("i", "l"),
    ("0", "o"),
    ("o", "0"),
    ("5", "s"),
    ("q", "g"),
    ("g", "q"),
];

impl Detector {
    /// The built-in corpus with the default number of targets and no user allowlist.
    pub fn builtin() -> &'static Detector {
        static DETECTOR: OnceLock<Detector> = OnceLock::new();
        DETECTOR.get_or_init(|| Detector::new(TOP_PYPI.lines(), 5_000, &[]))
    }

    /// A detector over `corpus` (most popular first); the first `targets` names are the
    /// ones a squat may imitate. `allowlist` entries are names never to report, or
    /// `name:target` pairs.
    pub fn new<'a>(
        corpus: impl IntoIterator<Item = &'a str>,
        targets: usize,
        allowlist: &[String],
    ) -> Self {
        let mut rank = HashMap::new();
        let mut target_names = Vec::new();
        for line in corpus {
            let Ok(name) = PackageName::new(line.trim()) else {
                continue;
            };
            let next_rank = rank.len() + 1;
            if rank.contains_key(name.as_str()) {
                continue;
            }
            rank.insert(name.to_string(), next_rank);
            if next_rank <= targets {
                target_names.push(name.to_string());
            }
        }
        let mut by_ultranormal = HashMap::new();
        let mut by_deletion: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_words = HashMap::new();
        let mut long_targets = Vec::new();
        for (index, target) in target_names.iter().enumerate() {
            by_ultranormal.entry(ultranormal(target)).or_insert(index);
            for variant in std::iter::once(target.clone()).chain(deletions(target)) {
                let list = by_deletion.entry(variant).or_default();
                if !list.contains(&index) {
                    list.push(index);
                }
            }
            let words = sorted_words(target);
            if words.len() >= 2 {
                by_words.entry(words).or_insert(index);
            }
            if target.len() >= MIN_TWO_EDIT_LEN {
                long_targets.push(index);
            }
        }
        let mut known_good: BTreeSet<(String, String)> = KNOWN_GOOD
            .iter()
            .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
            .collect();
        let mut allow = BTreeSet::new();
        for entry in allowlist {
            match entry.split_once(':') {
                Some((candidate, target)) => {
                    if let (Ok(candidate), Ok(target)) = (
                        PackageName::new(candidate.trim()),
                        PackageName::new(target.trim()),
                    ) {
                        known_good.insert((candidate.to_string(), target.to_string()));
                    }
                }
                None => {
                    if let Ok(name) = PackageName::new(entry.trim()) {
                        allow.insert(name.to_string());
                    }
                }
            }
        }
        Detector {
            rank,
            targets: target_names,
            by_ultranormal,
            by_deletion,
            by_words,
            long_targets,
            known_good,
            allowlist: allow,
        }
    }

    /// The same corpus with another allowlist and target count (cheap enough per scan).
    pub fn with_options(targets: usize, allowlist: &[String]) -> Self {
        Detector::new(TOP_PYPI.lines(), targets, allowlist)
    }

    /// The 1-based rank of a name in the corpus, if it is there.
    pub fn rank(&self, name: &PackageName) -> Option<usize> {
        self.rank.get(name.as_str()).copied()
    }

    pub fn corpus_len(&self) -> usize {
        self.rank.len()
    }

    /// What popular name `name` resembles, if any. Popular and allowlisted names never
    /// resemble anything.
    pub fn check(&self, name: &PackageName) -> Option<Resemblance> {
        let candidate = name.as_str();
        if self.rank.contains_key(candidate) || self.allowlist.contains(candidate) {
            return None;
        }
        let found = self
            .typo(candidate)
            .or_else(|| self.combination(candidate))?;
        let (target_index, family, technique) = found;
        let target = self.targets.get(target_index)?.clone();
        if self
            .known_good
            .contains(&(candidate.to_string(), target.clone()))
        {
            return None;
        }
        Some(Resemblance {
            target_rank: self.rank.get(&target).copied().unwrap_or(0),
            target,
            family,
            technique,
        })
    }

    fn typo(&self, candidate: &str) -> Option<(usize, Family, String)> {
        if let Some(&index) = self.by_ultranormal.get(&ultranormal(candidate)) {
            return Some((
                index,
                Family::Typo,
                "look-alike characters or separators".to_string(),
            ));
        }
        for (written, meant) in VISUAL {
            for (position, _) in candidate.match_indices(written) {
                let variant = format!(
                    "{}{}{}",
                    candidate.get(..position).unwrap_or(""),
                    meant,
                    candidate.get(position + written.len()..).unwrap_or("")
                );
                if let Some(index) = self.target_index(&variant) {
                    return Some((
                        index,
                        Family::Typo,
                        format!("`{written}` written for `{meant}`"),
                    ));
                }
            }
        }
        if candidate.len() >= MIN_EDIT_LEN {
            let mut best: Option<(usize, String)> = None;
            for variant in std::iter::once(candidate.to_string()).chain(deletions(candidate)) {
                for &index in self
                    .by_deletion
                    .get(&variant)
                    .map_or(&[][..], Vec::as_slice)
                {
                    let Some(target) = self.targets.get(index) else {
                        continue;
                    };
                    let Some((technique, kind)) = one_edit(candidate, target) else {
                        continue;
                    };
                    let (max_rank, min_len) = kind.limits();
                    if index >= max_rank || candidate.len().min(target.len()) < min_len {
                        continue;
                    }
                    if best
                        .as_ref()
                        .is_none_or(|(best_index, _)| index < *best_index)
                    {
                        best = Some((index, technique));
                    }
                }
            }
            if let Some((index, technique)) = best {
                return Some((index, Family::Typo, technique));
            }
        }
        if candidate.len() >= MIN_TWO_EDIT_LEN {
            for &index in &self.long_targets {
                let Some(target) = self.targets.get(index) else {
                    continue;
                };
                if index < TWO_EDIT_TARGET_RANK
                    && target.len() == candidate.len()
                    && same_words_shape(candidate, target)
                    && bounded_distance(candidate, target, 2) == Some(2)
                {
                    return Some((index, Family::Typo, "two characters changed".to_string()));
                }
            }
        }
        None
    }

    fn combination(&self, candidate: &str) -> Option<(usize, Family, String)> {
        let popular = |name: &str| {
            self.target_index(name)
                .filter(|index| *index < AFFIX_TARGET_RANK && name.len() >= 3)
        };
        for prefix in PREFIXES {
            if let Some(rest) = candidate.strip_prefix(prefix)
                && let Some(index) = popular(rest)
            {
                return Some((
                    index,
                    Family::Combination,
                    format!("added prefix `{prefix}`"),
                ));
            }
        }
        for suffix in SUFFIXES {
            if let Some(rest) = candidate.strip_suffix(suffix)
                && let Some(index) = popular(rest)
            {
                return Some((
                    index,
                    Family::Combination,
                    format!("added suffix `{suffix}`"),
                ));
            }
        }
        let popular_for_removal = |name: &str| {
            popular(name).filter(|index| {
                *index < REMOVED_AFFIX_TARGET_RANK && candidate.len() >= MIN_REMOVED_AFFIX_LEN
            })
        };
        for prefix in PREFIXES {
            if let Some(index) = popular_for_removal(&format!("{prefix}{candidate}")) {
                return Some((
                    index,
                    Family::Combination,
                    format!("removed prefix `{prefix}`"),
                ));
            }
        }
        for suffix in SUFFIXES {
            if let Some(index) = popular_for_removal(&format!("{candidate}{suffix}")) {
                return Some((
                    index,
                    Family::Combination,
                    format!("removed suffix `{suffix}`"),
                ));
            }
        }
        let words = sorted_words(candidate);
        if words.len() >= 2
            && let Some(&index) = self.by_words.get(&words)
        {
            return Some((
                index,
                Family::Combination,
                "words in another order".to_string(),
            ));
        }
        // A version number appended: `requests2`, `numpy-1-2`, `flask-v2`.
        let stripped = candidate
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
            .trim_end_matches("-v")
            .trim_end_matches('-');
        if stripped.len() < candidate.len()
            && let Some(index) = popular(stripped)
        {
            return Some((
                index,
                Family::Combination,
                "version number appended".to_string(),
            ));
        }
        None
    }

    fn target_index(&self, name: &str) -> Option<usize> {
        let rank = *self.rank.get(name)?;
        (rank <= self.targets.len()).then(|| rank - 1)
    }
}

/// PyPI's ultranormal form: lowercase, separators removed, `l`/`i` → `1`, `o` → `0`.
pub fn ultranormal(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_' | '.'))
        .map(|c| match c.to_ascii_lowercase() {
            'l' | 'i' => '1',
            'o' => '0',
            other => other,
        })
        .collect()
}

fn deletions(name: &str) -> impl Iterator<Item = String> + '_ {
    (0..name.len()).filter_map(move |index| {
        let before = name.get(..index)?;
        let after = name.get(index + 1..)?;
        Some(format!("{before}{after}"))
    })
}

fn sorted_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = name
        .split('-')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if words.len() > 5 {
        return Vec::new();
    }
    words.sort();
    words
}

/// Two names of the same "shape" (same number of words) — a two-edit change that adds or
/// removes a whole word boundary is an affix, not a typo.
fn same_words_shape(a: &str, b: &str) -> bool {
    a.matches('-').count() == b.matches('-').count()
}

/// How a one-edit difference was made; each kind needs a target at least this popular and
/// names at least this long, because the weaker signals (any substituted letter) match many
/// legitimate short names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EditKind {
    Separator,
    Transposition,
    Repeated,
    InsertedOrOmittedLetter,
    InsertedOrOmittedDigit,
    Keyboard,
    Substitution,
}

impl EditKind {
    /// (highest target rank, shortest name) for this kind.
    fn limits(self) -> (usize, usize) {
        match self {
            EditKind::Separator => (usize::MAX, 4),
            EditKind::Transposition | EditKind::Repeated => (usize::MAX, 5),
            EditKind::InsertedOrOmittedLetter | EditKind::Keyboard => (2_000, 5),
            EditKind::InsertedOrOmittedDigit => (1_000, 5),
            EditKind::Substitution => (1_000, 6),
        }
    }
}

/// The technique when `candidate` is exactly one edit away from `target`. Two names that
/// differ only in a digit (`pypdf3`/`pypdf2`, `elasticsearch7`/`elasticsearch8`) are
/// version siblings, not typos.
fn one_edit(candidate: &str, target: &str) -> Option<(String, EditKind)> {
    let c = candidate.as_bytes();
    let t = target.as_bytes();
    if c == t {
        return None;
    }
    let prefix = c.iter().zip(t).take_while(|(a, b)| a == b).count();
    match c.len().cmp(&t.len()) {
        std::cmp::Ordering::Equal => {
            let suffix = c
                .iter()
                .rev()
                .zip(t.iter().rev())
                .take_while(|(a, b)| a == b)
                .count();
            if prefix + suffix + 1 == c.len() {
                let written = *c.get(prefix)?;
                let meant = *t.get(prefix)?;
                if written == b'-' || meant == b'-' {
                    return Some(("separator changed".to_string(), EditKind::Separator));
                }
                if written.is_ascii_digit() && meant.is_ascii_digit() {
                    return None;
                }
                let (technique, kind) = if keyboard_adjacent(written, meant) {
                    ("keyboard typo", EditKind::Keyboard)
                } else if (written ^ meant).is_power_of_two() {
                    ("bit flip", EditKind::Substitution)
                } else {
                    ("one character changed", EditKind::Substitution)
                };
                return Some((
                    format!(
                        "{technique} (`{}` for `{}`)",
                        written as char, meant as char
                    ),
                    kind,
                ));
            }
            if prefix + suffix + 2 == c.len()
                && c.get(prefix) == t.get(prefix + 1)
                && c.get(prefix + 1) == t.get(prefix)
            {
                return Some(("swapped characters".to_string(), EditKind::Transposition));
            }
            None
        }
        std::cmp::Ordering::Greater if c.len() == t.len() + 1 => {
            // Candidate has one extra character.
            let rest_matches = c.get(prefix + 1..) == t.get(prefix..);
            if !rest_matches {
                return None;
            }
            let extra = *c.get(prefix)?;
            // A digit added at the end is a version suffix: a combination, not a typo.
            if extra.is_ascii_digit() && prefix + 1 == c.len() {
                return None;
            }
            let repeated = prefix > 0 && c.get(prefix - 1) == Some(&extra)
                || c.get(prefix + 1) == Some(&extra);
            Some(if extra == b'-' {
                ("separator added".to_string(), EditKind::Separator)
            } else if repeated {
                (
                    format!("repeated character `{}`", extra as char),
                    EditKind::Repeated,
                )
            } else if extra.is_ascii_digit() {
                (
                    format!("inserted character `{}`", extra as char),
                    EditKind::InsertedOrOmittedDigit,
                )
            } else {
                (
                    format!("inserted character `{}`", extra as char),
                    EditKind::InsertedOrOmittedLetter,
                )
            })
        }
        std::cmp::Ordering::Less if c.len() + 1 == t.len() => {
            let rest_matches = c.get(prefix..) == t.get(prefix + 1..);
            if !rest_matches {
                return None;
            }
            let missing = *t.get(prefix)?;
            Some(if missing == b'-' {
                ("separator removed".to_string(), EditKind::Separator)
            } else if missing.is_ascii_digit() {
                (
                    format!("omitted character `{}`", missing as char),
                    EditKind::InsertedOrOmittedDigit,
                )
            } else {
                (
                    format!("omitted character `{}`", missing as char),
                    EditKind::InsertedOrOmittedLetter,
                )
            })
        }
        _ => None,
    }
}

/// Whether two keys are neighbours on a QWERTY keyboard.
fn keyboard_adjacent(a: u8, b: u8) -> bool {
    const ROWS: [(&str, f32); 4] = [
        ("1234567890", 0.0),
        ("qwertyuiop", 0.5),
        ("asdfghjkl", 0.75),
        ("zxcvbnm", 1.25),
    ];
    let position = |key: u8| {
        ROWS.iter().enumerate().find_map(|(row, (keys, offset))| {
            keys.bytes()
                .position(|k| k == key)
                .map(|column| (row as f32, column as f32 + offset))
        })
    };
    match (position(a), position(b)) {
        (Some((row_a, x_a)), Some((row_b, x_b))) => {
            let rows_apart = (row_a - row_b).abs();
            let columns_apart = (x_a - x_b).abs();
            (rows_apart < 0.5 && (columns_apart - 1.0).abs() < 0.01)
                || ((rows_apart - 1.0).abs() < 0.01 && columns_apart <= 1.0)
        }
        _ => false,
    }
}

/// Damerau-Levenshtein (optimal string alignment) distance if it is at most `limit`.
fn bounded_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a = a.as_bytes();
    let b = b.as_bytes();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    let mut previous2 = vec![0usize; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current = vec![0usize; width];
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = current[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(previous2[j - 2] + 1);
            }
            current[j] = value;
            row_min = row_min.min(value);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut previous2, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= limit).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str) -> Option<(String, Family, String)> {
        let name = PackageName::new(name).unwrap();
        Detector::builtin()
            .check(&name)
            .map(|r| (r.target, r.family, r.technique))
    }

    #[test]
    fn popular_names_are_never_flagged() {
        for name in [
            "requests",
            "boto3",
            "pytest-cov",
            "urllib3",
            "python-dateutil",
            "six",
            "bs4",
        ] {
            assert_eq!(check(name), None, "{name}");
        }
    }

    #[test]
    fn techniques_are_named() {
        let cases = [
            ("reqeusts", "requests", Family::Typo, "swapped characters"),
            ("requets", "requests", Family::Typo, "omitted character `s`"),
            ("urlib3", "urllib3", Family::Typo, "omitted character `l`"),
            (
                "requestss",
                "requests",
                Family::Typo,
                "repeated character `s`",
            ),
            ("numpyy", "numpy", Family::Typo, "repeated character `y`"),
            (
                "djang0",
                "django",
                Family::Typo,
                "look-alike characters or separators",
            ),
            (
                "python-dateuti1",
                "python-dateutil",
                Family::Typo,
                "look-alike characters or separators",
            ),
            (
                "pythondateutil",
                "python-dateutil",
                Family::Typo,
                "look-alike characters or separators",
            ),
            (
                "requesrs",
                "requests",
                Family::Typo,
                "keyboard typo (`r` for `t`)",
            ),
            (
                "requests-sdk",
                "requests",
                Family::Combination,
                "added suffix `-sdk`",
            ),
            (
                "python-numpy",
                "numpy",
                Family::Combination,
                "added prefix `python-`",
            ),
            (
                "cryptography2",
                "cryptography",
                Family::Combination,
                "added suffix `2`",
            ),
        ];
        for (name, target, family, technique) in cases {
            assert_eq!(
                check(name),
                Some((target.to_string(), family, technique.to_string())),
                "{name}"
            );
        }
    }

    #[test]
    fn short_names_and_allowlisted_pairs_are_not_flagged() {
        // "sip" is one edit from "six" but too short for edit-distance checks.
        assert_eq!(check("sxi"), None);
        assert_eq!(check("pytorch"), None);
        let detector = Detector::with_options(
            5_000,
            &["reqeusts".to_string(), "requestz:requests".to_string()],
        );
        assert_eq!(detector.check(&PackageName::new("reqeusts").unwrap()), None);
        assert_eq!(detector.check(&PackageName::new("requestz").unwrap()), None);
        assert!(
            detector
                .check(&PackageName::new("requezts").unwrap())
                .is_some()
        );
    }

    #[test]
    fn edit_helpers() {
        assert_eq!(bounded_distance("kitten", "sitting", 3), Some(3));
        assert_eq!(bounded_distance("kitten", "sitting", 2), None);
        assert_eq!(bounded_distance("ab", "ba", 1), Some(1));
        assert!(keyboard_adjacent(b'r', b't'));
        assert!(keyboard_adjacent(b's', b'w'));
        assert!(!keyboard_adjacent(b'a', b'p'));
        assert_eq!(ultranormal("Mcp_Xray.lol"), "mcpxray101");
    }
}
