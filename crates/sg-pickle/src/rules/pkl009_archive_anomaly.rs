//! PKL009: zip quirks that made other scanners skip members.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports zip structures that loaders tolerate but that scanners have stumbled on: CRC
    /// mismatches, members flagged as encrypted, member names that differ between the local
    /// header and the central directory, compression methods that differ between the two,
    /// duplicate names, bytes before the archive (polyglots), and member counts that do not
    /// add up. snakeguard reads the members anyway, as PyTorch does, and scans them.
    ///
    /// ## Why is this bad?
    /// `torch.save` and `numpy.savez` never write these. They were used to make picklescan skip
    /// or abort on a malicious `data.pkl` (CVE-2025-1944, CVE-2025-1945, CVE-2025-10156).
    ///
    /// ## Example
    /// A `model.pt` whose central directory names a member `archive/data.pkl` while its local
    /// header says `archive/data.txt`.
    ///
    /// Use instead: obtain the file again from a trusted source; re-save it with `torch.save`.
    ///
    /// ## References
    /// - <https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT>
    /// - <https://github.com/mmaitre314/picklescan/security/advisories>
    pub static ARCHIVE_ANOMALY: Rule {
        code: "PKL009",
        name: "model-archive-anomaly",
        scanner: Pickle,
        severity: Medium,
        confidence: High,
        cwe: Some(434),
        summary: "Model archive has structural anomalies that hide members from scanners",
    }
}
