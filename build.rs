//! Sets `AGENTDESK_VERSION` for `--version`: the package version, plus the git commit when
//! the crate is built from its own git checkout (`0.1.0 (git 1a2b3c4d5e6f)`). A source
//! tarball (no `.git`) gives the plain version; packagers may set `AGENTDESK_GIT_COMMIT`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=AGENTDESK_GIT_COMMIT");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let commit = std::env::var("AGENTDESK_GIT_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| own_checkout_commit(&manifest));
    let full = match commit {
        Some(commit) => format!("{version} (git {commit})"),
        None => version,
    };
    println!("cargo:rustc-env=AGENTDESK_VERSION={full}");
}

/// The commit of `manifest`'s own checkout (not of a repository it happens to sit in), and
/// rebuild triggers on the files that change when HEAD moves.
fn own_checkout_commit(manifest: &Path) -> Option<String> {
    let top = git(manifest, &["rev-parse", "--show-toplevel"])?;
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same(Path::new(&top), manifest) {
        return None;
    }
    let absolute = |p: String| {
        let p = PathBuf::from(p);
        if p.is_absolute() {
            p
        } else {
            manifest.join(p)
        }
    };
    let git_dir = absolute(git(manifest, &["rev-parse", "--git-dir"])?);
    let common = git(manifest, &["rev-parse", "--git-common-dir"])
        .map(absolute)
        .unwrap_or_else(|| git_dir.clone());
    let head = git_dir.join("HEAD");
    let mut watch = vec![head.clone(), common.join("packed-refs")];
    if let Some(reference) = std::fs::read_to_string(&head)
        .ok()
        .and_then(|h| h.trim().strip_prefix("ref: ").map(str::to_string))
    {
        watch.push(common.join(reference));
    }
    for path in watch.iter().filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    git(manifest, &["rev-parse", "--short=12", "HEAD"])
}
