use sg_diagnostics::Severity;
use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::int_literal;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports DSA, RSA and elliptic-curve keys generated with a size that can be broken:
    ///
    /// - `cryptography`: `dsa.generate_private_key(key_size)`,
    ///   `rsa.generate_private_key(public_exponent, key_size)` and
    ///   `ec.generate_private_key(curve)` (the curve's size, e.g. 163 for `SECT163K1`);
    /// - PyCrypto / PyCryptodome: `Crypto.PublicKey.{DSA,RSA}.generate(bits)` and the same
    ///   under `Cryptodome`.
    ///
    /// A size below the "high" threshold is HIGH severity, below the "medium" one MEDIUM.
    /// Defaults: DSA and RSA 1024/2048 bits, EC 160/224 bits; configurable as
    /// `weak_cryptographic_key.weak_key_size_{dsa,rsa,ec}_{high,medium}`. Sizes that are not
    /// integer literals are not judged.
    ///
    /// Differences from Bandit: the curve is resolved, so both `ec.SECP192R1()` (an instance,
    /// which is what `cryptography` expects) and `ec.SECP192R1` are recognised; Bandit only
    /// recognises the class written without a call.
    ///
    /// ## Why is this bad?
    /// 1024-bit RSA and DSA keys are within reach of well-funded attackers, and NIST
    /// disallows keys under 2048 bits (curves under 224 bits) for new signatures and key
    /// exchange. Data protected by such a key today can be decrypted or forged later.
    ///
    /// ## Example
    /// ```python
    /// from cryptography.hazmat.primitives.asymmetric import rsa
    ///
    /// key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from cryptography.hazmat.primitives.asymmetric import rsa
    ///
    /// key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    /// ```
    ///
    /// ## References
    /// - <https://cryptography.io/en/latest/hazmat/primitives/asymmetric/rsa/#generation>
    /// - <https://csrc.nist.gov/pubs/sp/800/131/a/r2/final>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b505_weak_cryptographic_key.html>
    /// - <https://cwe.mitre.org/data/definitions/326.html>
    pub static WEAK_CRYPTOGRAPHIC_KEY: Rule {
        code: "B505",
        name: "weak-cryptographic-key",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(326),
        summary: "Cryptographic key generated with a breakable size",
        aliases: ["weak_cryptographic_key", "S505"],
    }
}

#[derive(Clone, Copy)]
enum KeyType {
    Dsa,
    Rsa,
    Ec,
}

impl KeyType {
    fn as_str(self) -> &'static str {
        match self {
            KeyType::Dsa => "DSA",
            KeyType::Rsa => "RSA",
            KeyType::Ec => "EC",
        }
    }
}

/// Curve sizes in bits, as Bandit lists them.
fn curve_size(curve: &str) -> Option<u64> {
    Some(match curve {
        "SECT571K1" => 571,
        "SECT571R1" => 570,
        "SECP521R1" => 521,
        "BrainpoolP512R1" => 512,
        "SECT409K1" | "SECT409R1" => 409,
        "BrainpoolP384R1" | "SECP384R1" => 384,
        "SECT283K1" | "SECT283R1" => 283,
        "BrainpoolP256R1" | "SECP256K1" | "SECP256R1" => 256,
        "SECT233K1" | "SECT233R1" => 233,
        "SECP224R1" => 224,
        "SECP192R1" => 192,
        "SECT163K1" | "SECT163R2" => 163,
        _ => return None,
    })
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    let arguments = &call.arguments;
    let (key_type, size) = match callee.segments() {
        [
            "cryptography",
            "hazmat",
            "primitives",
            "asymmetric",
            "dsa",
            "generate_private_key",
        ] => (
            KeyType::Dsa,
            arguments
                .find_argument_value("key_size", 0)
                .and_then(int_literal),
        ),
        [
            "cryptography",
            "hazmat",
            "primitives",
            "asymmetric",
            "rsa",
            "generate_private_key",
        ] => (
            KeyType::Rsa,
            arguments
                .find_argument_value("key_size", 1)
                .and_then(int_literal),
        ),
        [
            "cryptography",
            "hazmat",
            "primitives",
            "asymmetric",
            "ec",
            "generate_private_key",
        ] => (
            KeyType::Ec,
            arguments
                .find_argument_value("curve", 0)
                .and_then(|curve| ec_curve_size(checker, curve)),
        ),
        ["Crypto" | "Cryptodome", "PublicKey", "DSA", "generate"] => (
            KeyType::Dsa,
            arguments
                .find_argument_value("bits", 0)
                .and_then(int_literal),
        ),
        ["Crypto" | "Cryptodome", "PublicKey", "RSA", "generate"] => (
            KeyType::Rsa,
            arguments
                .find_argument_value("bits", 0)
                .and_then(int_literal),
        ),
        _ => return,
    };
    let Some(size) = size else { return };
    let options = &checker.options().weak_cryptographic_key;
    let (high, medium) = match key_type {
        KeyType::Dsa => (
            options.weak_key_size_dsa_high,
            options.weak_key_size_dsa_medium,
        ),
        KeyType::Rsa => (
            options.weak_key_size_rsa_high,
            options.weak_key_size_rsa_medium,
        ),
        KeyType::Ec => (
            options.weak_key_size_ec_high,
            options.weak_key_size_ec_medium,
        ),
    };
    let (threshold, severity) = if size < u64::from(high) {
        (high, Severity::High)
    } else if size < u64::from(medium) {
        (medium, Severity::Medium)
    } else {
        return;
    };
    checker.report(
        checker
            .finding(
                &WEAK_CRYPTOGRAPHIC_KEY,
                call.range(),
                format!(
                    "{} key sizes below {threshold} bits are considered breakable",
                    key_type.as_str()
                ),
            )
            .with_severity(severity),
    );
}

/// The size of the curve `ec.SECP192R1()` or `ec.SECP192R1` stands for.
fn ec_curve_size(checker: &Checker, curve: &Expr) -> Option<u64> {
    let class = match curve {
        Expr::Call(call) => &*call.func,
        other => other,
    };
    let name = checker.resolve_qualified_name(class)?;
    match name.segments() {
        ["cryptography", .., last] => curve_size(last),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::bandit::helpers::findings_of;
    use crate::{Options, RuleId};

    #[test]
    fn key_size_thresholds_are_options() {
        let options: Options = toml::from_str(
            "[weak_cryptographic_key]\nweak_key_size_rsa_high = 2048\nweak_key_size_rsa_medium = 4096\n",
        )
        .unwrap_or_default();
        let source = "from cryptography.hazmat.primitives.asymmetric import rsa\n\
                      rsa.generate_private_key(65537, 2048)\n\
                      rsa.generate_private_key(65537, 1024)\n\
                      rsa.generate_private_key(65537, 4096)\n";
        assert_eq!(
            findings_of(RuleId::B505, options, source),
            vec![
                "2:1 B505 medium RSA key sizes below 4096 bits are considered breakable",
                "3:1 B505 high RSA key sizes below 2048 bits are considered breakable",
            ]
        );
    }
}
