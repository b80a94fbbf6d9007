//! Shannon entropy of a candidate secret, the gate that tells a random key from a word.
//!
//! Entropy is measured in bits per character over the characters of the value itself (not
//! a fixed alphabet), as gitleaks and detect-secrets do, so thresholds carry over: random
//! base62 of 20+ characters scores above 4, an English word or identifier below 3.

/// Bits per character of `value`; 0 for the empty string.
pub fn shannon_entropy(value: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut other: std::collections::BTreeMap<char, u32> = std::collections::BTreeMap::new();
    let mut total = 0u32;
    for ch in value.chars() {
        total += 1;
        if let Ok(byte) = u8::try_from(u32::from(ch)) {
            counts[usize::from(byte)] += 1;
        } else {
            *other.entry(ch).or_insert(0) += 1;
        }
    }
    if total == 0 {
        return 0.0;
    }
    let total = f64::from(total);
    counts
        .iter()
        .copied()
        .chain(other.values().copied())
        .filter(|count| *count > 0)
        .map(|count| {
            let probability = f64::from(count) / total;
            -probability * probability.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::shannon_entropy;

    #[test]
    fn entropy_of_known_strings() {
        assert!(shannon_entropy("").abs() < f64::EPSILON);
        assert!(shannon_entropy("aaaa").abs() < f64::EPSILON);
        assert!((shannon_entropy("ab") - 1.0).abs() < 1e-9);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
        assert!(shannon_entropy("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz") > 4.0);
        assert!(shannon_entropy("password") < 3.0);
    }
}
