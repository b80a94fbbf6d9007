//! Dependency readers: requirements, pyproject, lockfiles and environments; pinning and typosquat checks
