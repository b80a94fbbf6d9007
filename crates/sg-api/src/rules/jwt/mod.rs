//! `JWT` rules: PyJWT, python-jose, Authlib, jwcrypto, flask-jwt-extended and simplejwt.
//!
//! [`classify`] names the library and operation of a call from its resolved callee
//! (`jwt.decode` is PyJWT, `jose.jwt.decode` python-jose, `authlib.jose.jwt.decode`
//! Authlib's module-level instance, `jwcrypto.jwt.JWT` jwcrypto), and knows where each
//! library takes its key, payload, algorithms and options.

pub(crate) mod alg_none;
pub(crate) mod algorithm_confusion;
pub(crate) mod claims_not_verified;
pub(crate) mod decode_without_algorithms;
pub(crate) mod key_from_constant;
pub(crate) mod sensitive_payload;
pub(crate) mod signature_not_verified;
pub(crate) mod token_without_expiry;
pub(crate) mod unverified_claims_used;

use sg_diagnostics::Finding;
use sg_python::ast::{self, Expr};

use crate::extract::Context;
use crate::extract::ast_util::{argument, is_false_literal, keyword, string_literal};
use crate::facts::PyJwtSensitivity;
use crate::options::LibraryVersions;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Library {
    PyJwt,
    Jose,
    Authlib,
    Jwcrypto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    Decode,
    Encode,
    UnverifiedHeader,
    UnverifiedClaims,
    /// python-jose `jws.verify(token, key, algorithms)`.
    JwsVerify,
    /// jwcrypto `JWT(jwt=..., key=..., algs=..., check_claims=...)`.
    JwcryptoToken,
    /// A key object built from key material: jwcrypto `JWK(kty="oct", k=...)`, Authlib
    /// `JsonWebKey.import_key(...)`.
    KeyImport,
}

/// A classified JWT call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JwtCall {
    pub library: Library,
    pub operation: Operation,
    /// The callee as users write it, for messages (`jwt.decode`, `jose.jwt.decode`).
    pub name: &'static str,
}

/// The library and operation of `call`, if it is a JWT call.
pub(crate) fn classify(context: &Context<'_, '_>, call: &ast::ExprCall) -> Option<JwtCall> {
    use Library::{Authlib, Jose, Jwcrypto, PyJwt};
    use Operation::{
        Decode, Encode, JwcryptoToken, JwsVerify, KeyImport, UnverifiedClaims, UnverifiedHeader,
    };
    let found = |library, operation, name| {
        Some(JwtCall {
            library,
            operation,
            name,
        })
    };
    if let Some(name) = context.qualified(&call.func) {
        return match name.as_str() {
            "jwt.decode" | "jwt.api_jwt.decode" => found(PyJwt, Decode, "jwt.decode"),
            "jwt.decode_complete" | "jwt.api_jwt.decode_complete" => {
                found(PyJwt, Decode, "jwt.decode_complete")
            }
            "jwt.encode" | "jwt.api_jwt.encode" => found(PyJwt, Encode, "jwt.encode"),
            "jwt.get_unverified_header" | "jwt.api_jws.get_unverified_header" => {
                found(PyJwt, UnverifiedHeader, "jwt.get_unverified_header")
            }
            "jose.jwt.decode" => found(Jose, Decode, "jose.jwt.decode"),
            "jose.jwt.encode" => found(Jose, Encode, "jose.jwt.encode"),
            "jose.jws.sign" => found(Jose, Encode, "jose.jws.sign"),
            "jose.jws.verify" => found(Jose, JwsVerify, "jose.jws.verify"),
            "jose.jwt.get_unverified_claims" | "jose.jws.get_unverified_claims" => {
                found(Jose, UnverifiedClaims, "get_unverified_claims")
            }
            "jose.jwt.get_unverified_header"
            | "jose.jwt.get_unverified_headers"
            | "jose.jws.get_unverified_header"
            | "jose.jws.get_unverified_headers" => {
                found(Jose, UnverifiedHeader, "get_unverified_header")
            }
            "authlib.jose.jwt.decode" => found(Authlib, Decode, "authlib.jose.jwt.decode"),
            "authlib.jose.jwt.encode" => found(Authlib, Encode, "authlib.jose.jwt.encode"),
            "authlib.jose.JsonWebKey.import_key" => {
                found(Authlib, KeyImport, "JsonWebKey.import_key")
            }
            "jwcrypto.jwt.JWT" => found(Jwcrypto, JwcryptoToken, "jwcrypto.jwt.JWT"),
            "jwcrypto.jwk.JWK" => found(Jwcrypto, KeyImport, "jwcrypto.jwk.JWK"),
            _ => None,
        };
    }
    // jwt.PyJWT().decode(...)
    if let Expr::Attribute(attribute) = &*call.func
        && let Expr::Call(constructor) = &*attribute.value
        && context
            .qualified(&constructor.func)
            .is_some_and(|name| matches!(name.as_str(), "jwt.PyJWT" | "jwt.api_jwt.PyJWT"))
    {
        return match attribute.attr.as_str() {
            "decode" | "decode_complete" => found(PyJwt, Decode, "jwt.PyJWT().decode"),
            "encode" => found(PyJwt, Encode, "jwt.PyJWT().encode"),
            _ => None,
        };
    }
    None
}

impl JwtCall {
    /// The key argument.
    pub fn key<'e>(&self, call: &'e ast::ExprCall) -> Option<&'e Expr> {
        match (self.library, self.operation) {
            (Library::Authlib, Operation::Encode) => argument(call, 2, "key"),
            (_, Operation::Decode | Operation::Encode | Operation::JwsVerify) => {
                argument(call, 1, "key")
            }
            (Library::Jwcrypto, Operation::JwcryptoToken) => keyword(call, "key"),
            (Library::Jwcrypto, Operation::KeyImport) => keyword(call, "k"),
            (Library::Authlib, Operation::KeyImport) => argument(call, 0, "raw"),
            _ => None,
        }
    }

    /// The payload (claims) argument of an encode.
    pub fn payload<'e>(&self, call: &'e ast::ExprCall) -> Option<&'e Expr> {
        match (self.library, self.operation) {
            (Library::Authlib, Operation::Encode) => argument(call, 1, "payload"),
            (Library::PyJwt, Operation::Encode) => argument(call, 0, "payload"),
            (Library::Jose, Operation::Encode) => {
                argument(call, 0, "claims").or_else(|| keyword(call, "payload"))
            }
            _ => None,
        }
    }

    /// The `algorithms` argument of a decode/verify.
    pub fn algorithms<'e>(&self, call: &'e ast::ExprCall) -> Option<&'e Expr> {
        match (self.library, self.operation) {
            (Library::Jose, Operation::Decode | Operation::JwsVerify) => {
                argument(call, 2, "algorithms")
            }
            // PyJWT 1.x had `verify` third: only trust a positional list.
            (Library::PyJwt, Operation::Decode) => keyword(call, "algorithms").or_else(|| {
                call.arguments
                    .args
                    .get(2)
                    .filter(|arg| matches!(arg, Expr::List(_) | Expr::Tuple(_)))
            }),
            (Library::Jwcrypto, Operation::JwcryptoToken) => keyword(call, "algs"),
            _ => None,
        }
    }

    /// The `algorithm` an encode signs with (Authlib: the header's `alg`).
    pub fn algorithm<'e>(&self, call: &'e ast::ExprCall) -> Option<&'e Expr> {
        match (self.library, self.operation) {
            (Library::Authlib, Operation::Encode) => match argument(call, 0, "header")? {
                Expr::Dict(dict) => dict
                    .items
                    .iter()
                    .find(|item| item.key.as_ref().and_then(string_literal) == Some("alg"))
                    .map(|item| &item.value),
                _ => None,
            },
            (Library::Jose, Operation::Encode) if self.name == "jose.jws.sign" => {
                keyword(call, "algorithm")
            }
            (_, Operation::Encode) => argument(call, 2, "algorithm"),
            _ => None,
        }
    }

    /// The `options` dict of a decode (followed through a local or module variable).
    pub fn options<'e>(
        &self,
        context: &Context<'_, 'e>,
        call: &'e ast::ExprCall,
    ) -> Option<&'e ast::ExprDict> {
        if !matches!(self.operation, Operation::Decode) || self.library == Library::Authlib {
            return None;
        }
        let options = argument(call, 3, "options")
            .filter(|_| self.library == Library::Jose)
            .or_else(|| keyword(call, "options"))?;
        match context.resolve_local(options) {
            Expr::Dict(dict) => Some(dict),
            _ => None,
        }
    }

    /// Whether the decode turns signature verification off (options or `verify=False`).
    pub fn verification_disabled<'e>(
        &self,
        context: &Context<'_, 'e>,
        call: &'e ast::ExprCall,
    ) -> bool {
        if self
            .options(context, call)
            .is_some_and(|options| option_is_false(options, "verify_signature"))
        {
            return true;
        }
        self.library == Library::PyJwt && keyword(call, "verify").is_some_and(is_false_literal)
    }
}

/// Whether `options[name]` is literally false.
pub(crate) fn option_is_false(options: &ast::ExprDict, name: &str) -> bool {
    options.items.iter().any(|item| {
        item.key.as_ref().and_then(string_literal) == Some(name) && is_false_literal(&item.value)
    })
}

/// Rewrites a PyJWT finding whose meaning depends on the major version; `None` drops it
/// (the pinned version does not have the problem).
pub(crate) fn pyjwt_version(
    finding: Finding,
    sensitivity: PyJwtSensitivity,
    versions: &LibraryVersions,
) -> Option<Finding> {
    let major = versions.pyjwt_major();
    match sensitivity {
        PyJwtSensitivity::VerifyKeyword => {
            Some(signature_not_verified::verify_keyword(finding, major))
        }
        PyJwtSensitivity::MissingAlgorithms => {
            decode_without_algorithms::pyjwt_missing(finding, major)
        }
    }
}

/// Whether an algorithm name is symmetric (HMAC).
pub(crate) fn is_symmetric(algorithm: &str) -> bool {
    algorithm.to_ascii_uppercase().starts_with("HS")
}

/// Whether an algorithm name is asymmetric.
pub(crate) fn is_asymmetric(algorithm: &str) -> bool {
    let upper = algorithm.to_ascii_uppercase();
    upper.starts_with("RS")
        || upper.starts_with("PS")
        || upper.starts_with("ES")
        || upper == "EDDSA"
}

/// The string elements of a list/tuple display, or of a single string.
pub(crate) fn string_elements(expr: &Expr) -> Vec<&str> {
    match expr {
        Expr::List(list) => list.elts.iter().filter_map(string_literal).collect(),
        Expr::Tuple(tuple) => tuple.elts.iter().filter_map(string_literal).collect(),
        Expr::Set(set) => set.elts.iter().filter_map(string_literal).collect(),
        other => string_literal(other).into_iter().collect(),
    }
}
