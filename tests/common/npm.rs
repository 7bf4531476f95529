//! Installs the Node peers' packages (`npm ci` in `tests/peer`, pinned by its lockfile) once,
//! when `node_modules` is missing: guarded in process by a `OnceCell` and across processes by
//! a file lock, bounded in time.

use std::{
    path::{Path, PathBuf},
    process::Stdio,
    time::Duration,
};

use tokio::{sync::OnceCell, time::timeout};

/// Upper bound for `npm ci`.
pub const NPM_CI_TIMEOUT: Duration = Duration::from_secs(300);

static NPM_CI: OnceCell<Result<(), String>> = OnceCell::const_new();

pub fn peer_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("peer")
}

/// `node_modules` is complete when npm wrote its hidden lockfile and socket.io is there.
fn peer_installed(dir: &Path) -> bool {
    dir.join("node_modules")
        .join(".package-lock.json")
        .is_file()
        && dir
            .join("node_modules")
            .join("socket.io")
            .join("package.json")
            .is_file()
}

/// Runs `npm ci` in `tests/peer` once per process, and only if `node_modules` is missing.
pub async fn ensure_peer_installed() {
    let result = NPM_CI
        .get_or_init(|| async {
            let dir = peer_dir();
            if peer_installed(&dir) {
                return Ok(());
            }
            // Another process (e.g. nextest runs one process per test) may be installing too:
            // serialise on a file lock, then look again.
            let lock_path = dir.join(".npm-ci.lock");
            let locked = tokio::task::spawn_blocking(move || -> Result<(), String> {
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&lock_path)
                    .map_err(|e| format!("open {}: {e}", lock_path.display()))?;
                let mut lock = fd_lock::RwLock::new(file);
                let _guard = lock
                    .write()
                    .map_err(|e| format!("lock {}: {e}", lock_path.display()))?;
                let dir = peer_dir();
                if peer_installed(&dir) {
                    return Ok(());
                }
                run_npm_ci(&dir)
            });
            match timeout(NPM_CI_TIMEOUT, locked).await {
                Ok(Ok(result)) => result,
                Ok(Err(join)) => Err(format!("npm ci task failed: {join}")),
                Err(_) => Err(format!("npm ci did not finish within {NPM_CI_TIMEOUT:?}")),
            }
        })
        .await;
    if let Err(e) = result {
        panic!("cannot install the socket.io peer: {e}");
    }
}

/// Blocking `npm ci`, bounded by [`NPM_CI_TIMEOUT`]: a watchdog thread kills it when late.
fn run_npm_ci(dir: &Path) -> Result<(), String> {
    let mut child = std::process::Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot run npm (is Node.js installed?): {e}"))?;
    let pid = child.id();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if done_rx.recv_timeout(NPM_CI_TIMEOUT).is_err() {
            // Late: end our own npm child by its pid.
            let _ = std::process::Command::new("kill")
                .arg(pid.to_string())
                .status();
        }
    });
    let status = child.wait().map_err(|e| format!("npm ci: {e}"));
    let _ = done_tx.send(());
    let _ = watchdog.join();
    let status = status?;
    if status.success() && peer_installed(dir) {
        Ok(())
    } else {
        Err(format!("npm ci failed: {status}"))
    }
}
