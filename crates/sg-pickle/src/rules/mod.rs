//! The `PKL` rules, one per file. The checks themselves live in the pickle machine
//! ([`crate::vm`]) and the container readers; these modules hold each rule's metadata and
//! documentation.

mod pkl001_dangerous_import;
mod pkl002_unknown_import;
mod pkl003_dynamic_import;
mod pkl004_extension_import;
mod pkl005_attribute_injection;
mod pkl006_indirect_call;
mod pkl007_malformed;
mod pkl008_limit_exceeded;
mod pkl009_archive_anomaly;
mod pkl010_unsupported_format;

pub use pkl001_dangerous_import::DANGEROUS_IMPORT;
pub use pkl002_unknown_import::UNKNOWN_IMPORT;
pub use pkl003_dynamic_import::DYNAMIC_IMPORT;
pub use pkl004_extension_import::EXTENSION_IMPORT;
pub use pkl005_attribute_injection::ATTRIBUTE_INJECTION;
pub use pkl006_indirect_call::INDIRECT_CALL;
pub use pkl007_malformed::MALFORMED;
pub use pkl008_limit_exceeded::LIMIT_EXCEEDED;
pub use pkl009_archive_anomaly::ARCHIVE_ANOMALY;
pub use pkl010_unsupported_format::UNSUPPORTED_FORMAT;

use sg_diagnostics::Rule;

/// Every rule this crate can emit, in code order.
pub fn rules() -> &'static [&'static Rule] {
    static RULES: [&Rule; 10] = [
        &DANGEROUS_IMPORT,
        &UNKNOWN_IMPORT,
        &DYNAMIC_IMPORT,
        &EXTENSION_IMPORT,
        &ATTRIBUTE_INJECTION,
        &INDIRECT_CALL,
        &MALFORMED,
        &LIMIT_EXCEEDED,
        &ARCHIVE_ANOMALY,
        &UNSUPPORTED_FORMAT,
    ];
    &RULES
}
