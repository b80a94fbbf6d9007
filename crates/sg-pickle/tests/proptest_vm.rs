//! Property tests of the pickle VM and container readers on arbitrary and opcode-shaped bytes:
//! no panic, deterministic results, a bounded number of findings. The fuzz target
//! `fuzz/fuzz_targets/pickle_vm.rs` runs the same entry points.

use std::path::Path;

use proptest::prelude::*;
use sg_pickle::Options;

fn small_limits() -> Options {
    Options {
        max_memo: 1_000,
        max_stack_depth: 1_000,
        max_pickle_size: 1 << 20,
        ..Options::default()
    }
}

/// Bytes biased towards opcodes and short arguments, so runs get deep into the machine.
fn opcode_soup() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop_oneof![
        Just(b"\x80\x04".to_vec()),
        Just(b"\x80\x02".to_vec()),
        Just(b"(".to_vec()),
        Just(b".".to_vec()),
        Just(b"0".to_vec()),
        Just(b"2".to_vec()),
        Just(b"N".to_vec()),
        Just(b"R".to_vec()),
        Just(b"b".to_vec()),
        Just(b"o".to_vec()),
        Just(b"t".to_vec()),
        Just(b"l".to_vec()),
        Just(b"d".to_vec()),
        Just(b"s".to_vec()),
        Just(b"u".to_vec()),
        Just(b"e".to_vec()),
        Just(b"a".to_vec()),
        Just(b"}".to_vec()),
        Just(b"]".to_vec()),
        Just(b")".to_vec()),
        Just(b"\x81".to_vec()),
        Just(b"\x85".to_vec()),
        Just(b"\x86".to_vec()),
        Just(b"\x92".to_vec()),
        Just(b"\x93".to_vec()),
        Just(b"\x94".to_vec()),
        Just(b"\x8f".to_vec()),
        Just(b"\x90".to_vec()),
        Just(b"\x91".to_vec()),
        Just(b"\x97".to_vec()),
        Just(b"\x98".to_vec()),
        Just(b"Q".to_vec()),
        Just(b"cos\nsystem\n".to_vec()),
        Just(b"ibuiltins\nset\n".to_vec()),
        Just(b"\x8c\x02os".to_vec()),
        Just(b"\x8c\x06system".to_vec()),
        Just(b"\x8c\x13joblib.numpy_pickle".to_vec()),
        Just(b"\x8c\x11NumpyArrayWrapper".to_vec()),
        Just(b"\x8c\x05shape".to_vec()),
        Just(b"\x8c\x05dtype".to_vec()),
        Just(b"\x8c\x03<f8".to_vec()),
        Just(b"\x8c\x0c__setstate__".to_vec()),
        (0u8..8).prop_map(|i| vec![b'q', i]),
        (0u8..8).prop_map(|i| vec![b'h', i]),
        (0u8..=255).prop_map(|i| vec![b'K', i]),
        (0u8..4).prop_map(|i| vec![0x82, i]),
        (0u64..64).prop_map(|n| {
            let mut frame = vec![0x95];
            frame.extend_from_slice(&n.to_le_bytes());
            frame
        }),
        proptest::collection::vec(any::<u8>(), 0..6),
    ];
    proptest::collection::vec(pieces, 0..80).prop_map(|parts| parts.concat())
}

fn zip_of(member: &[u8], name: &str) -> Vec<u8> {
    // A stored zip with one member, written by hand (no CRC check in the reader's way).
    let name = name.as_bytes();
    let mut out = Vec::new();
    let len = u32::try_from(member.len()).unwrap_or(u32::MAX);
    let name_len = u16::try_from(name.len()).unwrap_or(0);
    out.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00");
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&name_len.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(name);
    out.extend_from_slice(member);
    let central = out.len();
    out.extend_from_slice(b"PK\x01\x02\x14\x00\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00");
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&name_len.to_le_bytes());
    out.extend_from_slice(&[0; 12]);
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(name);
    let central_len = u32::try_from(out.len() - central).unwrap_or(0);
    out.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00\x01\x00\x01\x00");
    out.extend_from_slice(&central_len.to_le_bytes());
    out.extend_from_slice(&u32::try_from(central).unwrap_or(0).to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn check(bytes: &[u8], name: &str) {
    let options = small_limits();
    let first = sg_pickle::scan_bytes(bytes, Path::new(name), name, &options);
    let second = sg_pickle::scan_bytes(bytes, Path::new(name), name, &options);
    assert_eq!(first.findings, second.findings);
    assert!(first.findings.len() <= bytes.len() + 16);
    let head = &bytes[..bytes.len().min(sg_pickle::SNIFF_LEN)];
    let _ = sg_pickle::sniff(Path::new(name), head);
    let _ = sg_pickle::explain_bytes(bytes, Path::new(name), name, &options);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes, "random.pkl");
    }

    #[test]
    fn opcode_shaped_bytes_never_panic(bytes in opcode_soup()) {
        check(&bytes, "soup.pkl");
    }

    #[test]
    fn zip_members_never_panic(bytes in opcode_soup(), name in "[a-z/]{1,12}(\\.pkl|/data/[0-9]|\\.npy)?") {
        check(&zip_of(&bytes, &name), "archive.pt");
    }

    #[test]
    fn npy_payloads_never_panic(bytes in opcode_soup()) {
        let mut npy = b"\x93NUMPY\x01\x00\x46\x00{'descr': '|O', 'fortran_order': False, 'shape': (1,), }".to_vec();
        npy.resize(80, b' ');
        npy.extend_from_slice(&bytes);
        check(&npy, "array.npy");
    }

    #[test]
    fn truncations_of_a_real_pickle_are_never_clean(cut in 1usize..48) {
        // pickle.dumps(os.system-reducer, protocol=2), cut anywhere before its STOP.
        let full: &[u8] = b"\x80\x02cposix\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03.";
        let cut = cut.min(full.len() - 1);
        let report = sg_pickle::scan_bytes(&full[..cut], Path::new("t.pkl"), "t.pkl", &small_limits());
        prop_assert!(!report.findings.is_empty());
    }
}

#[test]
fn memo_bomb_stops_at_the_default_limit() {
    // MEMOIZE the same None again and again.
    let mut bytes = b"\x80\x04N".to_vec();
    bytes.extend(std::iter::repeat_n(0x94, 1_100_000));
    bytes.push(b'.');
    let report = sg_pickle::scan_bytes(&bytes, Path::new("m.pkl"), "m.pkl", &Options::default());
    let codes: Vec<&str> = report.findings.iter().map(|f| f.rule.code).collect();
    assert_eq!(codes, ["PKL008"]);
    assert!(report.findings[0].message.contains("max-memo"));
}

#[test]
fn mark_bomb_stops_at_the_default_stack_depth() {
    let mut bytes = b"\x80\x02".to_vec();
    bytes.resize(1_100_002, b'(');
    let report = sg_pickle::scan_bytes(&bytes, Path::new("m.pkl"), "m.pkl", &Options::default());
    let codes: Vec<&str> = report.findings.iter().map(|f| f.rule.code).collect();
    assert_eq!(codes, ["PKL008"]);
}

#[test]
fn nested_list_expansion_stays_small() {
    // Each list holds the previous one ten times (a "billion laughs" through the memo):
    // shared references, never copies.
    let mut bytes = b"\x80\x02]q\x00".to_vec();
    for i in 0u32..200_000 {
        bytes.push(b'(');
        for _ in 0..10 {
            bytes.extend_from_slice(b"j");
            bytes.extend_from_slice(&i.to_le_bytes());
        }
        bytes.push(b'l');
        bytes.push(b'r');
        bytes.extend_from_slice(&(i + 1).to_le_bytes());
        bytes.push(b'0');
    }
    bytes.extend_from_slice(b"N.");
    let report = sg_pickle::scan_bytes(&bytes, Path::new("l.pkl"), "l.pkl", &Options::default());
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn huge_declared_lengths_are_skipped_or_reported_never_allocated() {
    // BINBYTES8 claiming 2^62 bytes: truncated, reported, not allocated.
    let mut bytes = b"\x80\x04\x8e".to_vec();
    bytes.extend_from_slice(&(1u64 << 62).to_le_bytes());
    bytes.extend_from_slice(b"abc.");
    let report = sg_pickle::scan_bytes(&bytes, Path::new("b.pkl"), "b.pkl", &Options::default());
    let codes: Vec<&str> = report.findings.iter().map(|f| f.rule.code).collect();
    assert_eq!(codes, ["PKL007"]);
}

#[test]
fn deep_chains_do_not_recurse() {
    // A million nested 1-tuples, and a million calls each on the previous call's result.
    let mut tuples = b"\x80\x02N".to_vec();
    tuples.extend(std::iter::repeat_n(0x85, 1_000_000));
    tuples.push(b'.');
    let report = sg_pickle::scan_bytes(&tuples, Path::new("t.pkl"), "t.pkl", &Options::default());
    assert!(report.findings.is_empty(), "{:?}", report.findings);

    let mut calls = b"\x80\x02cbuiltins\nset\n)R".to_vec();
    for _ in 0..1_000_000 {
        calls.extend_from_slice(b")R");
    }
    calls.push(b'.');
    let report = sg_pickle::scan_bytes(&calls, Path::new("c.pkl"), "c.pkl", &Options::default());
    let codes: Vec<&str> = report.findings.iter().map(|f| f.rule.code).collect();
    assert_eq!(codes.len(), 257);
    assert!(
        codes
            .iter()
            .all(|code| *code == "PKL006" || *code == "PKL003")
    );
}
