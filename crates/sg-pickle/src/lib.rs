//! Pickle and model files: a static pickle VM, allowlist verdicts and container readers
