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

/// A started `node tests/peer/<script>`: killed on drop; it printed its port first.
pub struct NodePeer {
    pub child: tokio::process::Child,
    pub port: u16,
    /// Held open by the caller: the peers exit when their stdin closes.
    pub stdin: Option<tokio::process::ChildStdin>,
    /// The rest of the peer's stdout, line by line.
    pub lines: tokio::io::Lines<tokio::io::BufReader<tokio::process::ChildStdout>>,
}

/// Installs the packages if needed, starts `node tests/peer/<script> <args>` and reads the
/// port it prints as its first stdout line (within `wait`).
pub async fn spawn_node_peer(script: &str, args: &[&str], wait: Duration) -> NodePeer {
    use tokio::io::AsyncBufReadExt;
    ensure_peer_installed().await;
    let mut child = tokio::process::Command::new("node")
        .arg(peer_dir().join(script))
        .args(args)
        .current_dir(peer_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("spawn node tests/peer/{script}: {e}"));
    let stdin = child.stdin.take();
    let stdout = child.stdout.take().expect("peer stdout is piped");
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let first = timeout(wait, lines.next_line())
        .await
        .unwrap_or_else(|_| panic!("{script} printed no port in time"))
        .expect("read peer stdout")
        .unwrap_or_else(|| panic!("{script} exited before printing its port"));
    let port: u16 = first
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("first line of {script} is not a port: {first:?}"));
    NodePeer {
        child,
        port,
        stdin,
        lines,
    }
}
