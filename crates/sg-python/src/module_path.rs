//! The dotted module path of a file (`pkg.sub.mod`), which relative imports resolve against.
//!
//! The package root is found the way Python finds it for a regular package: walk up from
//! the file's directory while the directory holds an `__init__.py`. The module path is the
//! chain of those package names plus the file stem (`__init__` for a package's own file,
//! which the semantic model expects: the `.` of a relative import then lands on the package).

use std::path::Path;

/// The dotted module path of `file`, or `None` when a component is not valid UTF-8.
///
/// A file outside any package gets a one-segment path (its stem).
pub fn module_path(file: &Path) -> Option<Vec<String>> {
    let stem = file.file_stem()?.to_str()?.to_string();
    let mut segments = vec![stem];
    let mut directory = file.parent();
    while let Some(dir) = directory {
        if dir.as_os_str().is_empty() || !dir.join("__init__.py").is_file() {
            break;
        }
        segments.push(dir.file_name()?.to_str()?.to_string());
        directory = dir.parent();
    }
    segments.reverse();
    Some(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_up_while_init_exists() -> std::io::Result<()> {
        let root = std::env::temp_dir().join(format!("sg-python-modpath-{}", std::process::id()));
        let sub = root.join("pkg").join("sub");
        std::fs::create_dir_all(&sub)?;
        std::fs::write(root.join("pkg").join("__init__.py"), "")?;
        std::fs::write(sub.join("__init__.py"), "")?;
        let file = sub.join("mod.py");
        assert_eq!(
            module_path(&file),
            Some(vec![
                "pkg".to_string(),
                "sub".to_string(),
                "mod".to_string()
            ])
        );
        assert_eq!(
            module_path(&sub.join("__init__.py")),
            Some(vec![
                "pkg".to_string(),
                "sub".to_string(),
                "__init__".to_string()
            ])
        );
        assert_eq!(
            module_path(&root.join("script.py")),
            Some(vec!["script".to_string()])
        );
        std::fs::remove_dir_all(&root)?;
        Ok(())
    }
}
