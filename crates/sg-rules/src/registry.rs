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
    B102 => crate::rules::bandit::b1xx::exec_used::EXEC_USED,
    B103 => crate::rules::bandit::b1xx::set_bad_file_permissions::SET_BAD_FILE_PERMISSIONS,
    B104 => crate::rules::bandit::b1xx::hardcoded_bind_all_interfaces::HARDCODED_BIND_ALL_INTERFACES,
    B105 => crate::rules::bandit::b1xx::hardcoded_password_string::HARDCODED_PASSWORD_STRING,
    B106 => crate::rules::bandit::b1xx::hardcoded_password_funcarg::HARDCODED_PASSWORD_FUNCARG,
    B107 => crate::rules::bandit::b1xx::hardcoded_password_default::HARDCODED_PASSWORD_DEFAULT,
    B108 => crate::rules::bandit::b1xx::hardcoded_tmp_directory::HARDCODED_TMP_DIRECTORY,
    B110 => crate::rules::bandit::b1xx::try_except_pass::TRY_EXCEPT_PASS,
    B112 => crate::rules::bandit::b1xx::try_except_continue::TRY_EXCEPT_CONTINUE,
    B113 => crate::rules::bandit::b1xx::request_without_timeout::REQUEST_WITHOUT_TIMEOUT,
    B201 => crate::rules::bandit::b2xx::flask_debug_true::FLASK_DEBUG_TRUE,
    B202 => crate::rules::bandit::b2xx::tarfile_unsafe_members::TARFILE_UNSAFE_MEMBERS,
    B301 => crate::rules::bandit::b3xx::pickle::PICKLE,
    B302 => crate::rules::bandit::b3xx::marshal::MARSHAL,
    B303 => crate::rules::bandit::b3xx::md5::MD5,
    B304 => crate::rules::bandit::b3xx::ciphers::CIPHERS,
    B305 => crate::rules::bandit::b3xx::cipher_modes::CIPHER_MODES,
    B306 => crate::rules::bandit::b3xx::mktemp_q::MKTEMP_Q,
    B307 => crate::rules::bandit::b3xx::eval::EVAL,
    B308 => crate::rules::bandit::b3xx::mark_safe::MARK_SAFE,
    B310 => crate::rules::bandit::b3xx::urllib_urlopen::URLLIB_URLOPEN,
    B311 => crate::rules::bandit::b3xx::random::RANDOM,
    B312 => crate::rules::bandit::b3xx::telnetlib::TELNETLIB,
    B313 => crate::rules::bandit::b3xx::xml_bad_celementtree::XML_BAD_CELEMENTTREE,
    B314 => crate::rules::bandit::b3xx::xml_bad_elementtree::XML_BAD_ELEMENTTREE,
    B315 => crate::rules::bandit::b3xx::xml_bad_expatreader::XML_BAD_EXPATREADER,
    B316 => crate::rules::bandit::b3xx::xml_bad_expatbuilder::XML_BAD_EXPATBUILDER,
    B317 => crate::rules::bandit::b3xx::xml_bad_sax::XML_BAD_SAX,
    B318 => crate::rules::bandit::b3xx::xml_bad_minidom::XML_BAD_MINIDOM,
    B319 => crate::rules::bandit::b3xx::xml_bad_pulldom::XML_BAD_PULLDOM,
    B321 => crate::rules::bandit::b3xx::ftplib::FTPLIB,
    B323 => crate::rules::bandit::b3xx::unverified_context::UNVERIFIED_CONTEXT,
    B324 => crate::rules::bandit::b3xx::hashlib::HASHLIB,
    B401 => crate::rules::bandit::b4xx::import_telnetlib::IMPORT_TELNETLIB,
    B402 => crate::rules::bandit::b4xx::import_ftplib::IMPORT_FTPLIB,
    B403 => crate::rules::bandit::b4xx::import_pickle::IMPORT_PICKLE,
    B404 => crate::rules::bandit::b4xx::import_subprocess::IMPORT_SUBPROCESS,
    B405 => crate::rules::bandit::b4xx::import_xml_etree::IMPORT_XML_ETREE,
    B406 => crate::rules::bandit::b4xx::import_xml_sax::IMPORT_XML_SAX,
    B407 => crate::rules::bandit::b4xx::import_xml_expat::IMPORT_XML_EXPAT,
    B408 => crate::rules::bandit::b4xx::import_xml_minidom::IMPORT_XML_MINIDOM,
    B409 => crate::rules::bandit::b4xx::import_xml_pulldom::IMPORT_XML_PULLDOM,
    B411 => crate::rules::bandit::b4xx::import_xmlrpclib::IMPORT_XMLRPCLIB,
    B412 => crate::rules::bandit::b4xx::import_httpoxy::IMPORT_HTTPOXY,
    B413 => crate::rules::bandit::b4xx::import_pycrypto::IMPORT_PYCRYPTO,
    B415 => crate::rules::bandit::b4xx::import_pyghmi::IMPORT_PYGHMI,
    B501 => crate::rules::bandit::b5xx::request_with_no_cert_validation::REQUEST_WITH_NO_CERT_VALIDATION,
    B502 => crate::rules::bandit::b5xx::ssl_with_bad_version::SSL_WITH_BAD_VERSION,
    B503 => crate::rules::bandit::b5xx::ssl_with_bad_defaults::SSL_WITH_BAD_DEFAULTS,
    B504 => crate::rules::bandit::b5xx::ssl_with_no_version::SSL_WITH_NO_VERSION,
    B505 => crate::rules::bandit::b5xx::weak_cryptographic_key::WEAK_CRYPTOGRAPHIC_KEY,
    B506 => crate::rules::bandit::b5xx::yaml_load::YAML_LOAD,
    B507 => crate::rules::bandit::b5xx::ssh_no_host_key_verification::SSH_NO_HOST_KEY_VERIFICATION,
    B508 => crate::rules::bandit::b5xx::snmp_insecure_version::SNMP_INSECURE_VERSION,
    B509 => crate::rules::bandit::b5xx::snmp_weak_cryptography::SNMP_WEAK_CRYPTOGRAPHY,
    B601 => crate::rules::bandit::b6xx::paramiko_calls::PARAMIKO_CALLS,
    B602 => crate::rules::bandit::b6xx::subprocess_popen_with_shell_equals_true::SUBPROCESS_POPEN_WITH_SHELL_EQUALS_TRUE,
    B603 => crate::rules::bandit::b6xx::subprocess_without_shell_equals_true::SUBPROCESS_WITHOUT_SHELL_EQUALS_TRUE,
    B604 => crate::rules::bandit::b6xx::any_other_function_with_shell_equals_true::ANY_OTHER_FUNCTION_WITH_SHELL_EQUALS_TRUE,
    B605 => crate::rules::bandit::b6xx::start_process_with_a_shell::START_PROCESS_WITH_A_SHELL,
    B606 => crate::rules::bandit::b6xx::start_process_with_no_shell::START_PROCESS_WITH_NO_SHELL,
    B607 => crate::rules::bandit::b6xx::start_process_with_partial_path::START_PROCESS_WITH_PARTIAL_PATH,
    B608 => crate::rules::bandit::b6xx::hardcoded_sql_expressions::HARDCODED_SQL_EXPRESSIONS,
    B609 => crate::rules::bandit::b6xx::linux_commands_wildcard_injection::LINUX_COMMANDS_WILDCARD_INJECTION,
    B610 => crate::rules::bandit::b6xx::django_extra_used::DJANGO_EXTRA_USED,
    B611 => crate::rules::bandit::b6xx::django_rawsql_used::DJANGO_RAWSQL_USED,
    B612 => crate::rules::bandit::b6xx::logging_config_insecure_listen::LOGGING_CONFIG_INSECURE_LISTEN,
    B613 => crate::rules::bandit::b6xx::trojansource::TROJANSOURCE,
    B614 => crate::rules::bandit::b6xx::pytorch_load::PYTORCH_LOAD,
    B615 => crate::rules::bandit::b6xx::huggingface_unsafe_download::HUGGINGFACE_UNSAFE_DOWNLOAD,
    B701 => crate::rules::bandit::b7xx::jinja2_autoescape_false::JINJA2_AUTOESCAPE_FALSE,
    B702 => crate::rules::bandit::b7xx::use_of_mako_templates::USE_OF_MAKO_TEMPLATES,
    B703 => crate::rules::bandit::b7xx::django_mark_safe::DJANGO_MARK_SAFE,
    B704 => crate::rules::bandit::b7xx::markupsafe_markup_xss::MARKUPSAFE_MARKUP_XSS,
    DSZ001 => crate::rules::dsz::yaml_unsafe_load::YAML_UNSAFE_LOAD,
    DSZ002 => crate::rules::dsz::yaml_unsafe_loader::YAML_UNSAFE_LOADER,
    DSZ003 => crate::rules::dsz::ruamel_yaml_unsafe::RUAMEL_YAML_UNSAFE,
    DSZ004 => crate::rules::dsz::numpy_load_allow_pickle::NUMPY_LOAD_ALLOW_PICKLE,
    DSZ005 => crate::rules::dsz::joblib_load::JOBLIB_LOAD,
    DSZ006 => crate::rules::dsz::cloudpickle_load::CLOUDPICKLE_LOAD,
    DSZ007 => crate::rules::dsz::dill_deserialization::DILL_DESERIALIZATION,
    DSZ008 => crate::rules::dsz::torch_load_weights_only_false::TORCH_LOAD_WEIGHTS_ONLY_FALSE,
    DSZ009 => crate::rules::dsz::keras_unsafe_mode::KERAS_UNSAFE_MODE,
    DSZ010 => crate::rules::dsz::trust_remote_code::TRUST_REMOTE_CODE,
    DSZ011 => crate::rules::dsz::unpickler_without_find_class::UNPICKLER_WITHOUT_FIND_CLASS,
    // Python-aware secret rules: declared (and listed by `rules()`) in sg-secrets, run by this
    // crate's walk (`src/rules/secrets/`). They come last so that `rules()` is a prefix.
    SEC401 => sg_secrets::python::HARDCODED_SECRET_ASSIGNMENT,
    SEC402 => sg_secrets::python::HARDCODED_SECRET_ARGUMENT,
    SEC403 => sg_secrets::python::HARDCODED_SECRET_DEFAULT,
    SEC404 => sg_secrets::python::DJANGO_SECRET_KEY,
    SEC405 => sg_secrets::python::DJANGO_DATABASE_PASSWORD,
    SEC406 => sg_secrets::python::FLASK_SECRET_KEY,
    SEC407 => sg_secrets::python::JWT_SIGNING_KEY,
}

/// The rules of other crates that this crate's walk runs (`RuleId::SEC401..`), after its own.
const FIRST_FOREIGN: usize = RuleId::SEC401 as usize;

const _: () = assert!(RuleId::ALL.len() <= RuleSet::CAPACITY, "grow RuleSet");

/// Every rule this crate declares, in code order. The walk also runs the Python-aware secret
/// rules `SEC401`–`SEC407`, which `sg_secrets::rules()` lists (see [`RuleId`]).
pub fn rules() -> &'static [&'static Rule] {
    RULES.get(..FIRST_FOREIGN).unwrap_or(RULES)
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

    /// Every rule this crate declares (Bandit and DSZ); the Python-aware secret rules
    /// (`SEC4xx`) run only when selected through [`RuleSet::from_rules`] or [`RuleSet::insert`].
    pub fn all() -> Self {
        RuleId::ALL
            .iter()
            .copied()
            .filter(|id| (*id as usize) < FIRST_FOREIGN)
            .collect()
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
