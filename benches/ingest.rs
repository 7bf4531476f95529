//! End-to-end ingest benchmark (issue 7): the real release binary of the desk, in a
//! pseudo-terminal of 200×60, against the built-in simulator's load run (`agentdesk sim
//! --load`) over loopback, side by side in the same run with the official Node
//! `socket.io-client` 4.x doing the same wire work (`benches/node/client.js`, pinned by
//! `benches/node/package-lock.json`, installed here with `npm ci` when missing).
//!
//! ```sh
//! cargo bench --bench ingest                      # every scenario, 5 runs each
//! cargo bench --bench ingest -- --runs 3 --only burst3k,idle
//! cargo bench --bench ingest -- --desk /path/to/other/agentdesk   # e.g. an older build
//! ```
//!
//! Scenarios: `burst3k` and `burst20k` (one conversation, 3,000 / 20,000 customer messages of
//! ~3.7 KB as a burst; desk and Node alternate run by run), `many50` (50 conversations ×
//! 2,000 messages; desk only: its RSS once settled), `idle` (50 open conversations, then 20 s
//! of nothing: the desk's CPU per minute). Time is the simulator's: first message written →
//! READ receipt that completes the conversation. CPU (user + system) and peak RSS (`VmHWM`)
//! are read from `/proc` of the client process (Linux only). Cold start: spawn → "Online" on
//! the desk's screen (read through a terminal emulator, `vt100`; Node: its "online" line).
//!
//! Prints medians (and min–max) per scenario and client, the ratios, and every goal of the
//! issue with its figure; exits 1 when a goal is missed, 2 when a run failed. The machine is
//! shared and noisy: the load average before and after is printed with the figures.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

/// The demo agent both clients log in as.
const USER: &str = "agent1";
const PASSWORD: &str = "agent1";

/// Upper bound of one run, whatever happens.
const RUN_TIMEOUT: Duration = Duration::from_secs(240);

#[derive(Debug, Clone)]
struct Options {
    runs: usize,
    only: Option<Vec<String>>,
    desk: PathBuf,
    node: bool,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        runs: 5,
        only: None,
        desk: PathBuf::from(env!("CARGO_BIN_EXE_agentdesk")),
        node: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => {
                options.runs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or("--runs needs a number ≥ 1")?
            }
            "--only" => {
                options.only = Some(
                    args.next()
                        .ok_or("--only needs scenario names")?
                        .split(',')
                        .map(str::to_string)
                        .collect(),
                )
            }
            "--desk" => options.desk = PathBuf::from(args.next().ok_or("--desk needs a path")?),
            "--no-node" => options.node = false,
            // `cargo bench` passes `--bench`; filters are not used here.
            "--bench" => {}
            other if other.starts_with("--") => return Err(format!("unknown option {other}")),
            _ => {}
        }
    }
    Ok(options)
}

/// What one run of one client measured.
#[derive(Debug, Clone, Copy, Default)]
struct Sample {
    /// Simulator's time: first message → last READ receipt of a conversation, ms.
    elapsed_ms: f64,
    /// Simulator's time: first message → last message handed to the socket, ms (how long
    /// the client took to read the burst; the rest of `elapsed_ms` is receipts lagging).
    sending_ms: f64,
    /// CPU seconds (user + system) of the client process, whole run.
    cpu_s: f64,
    /// Peak RSS of the client process, MB.
    peak_mb: f64,
    /// RSS once the client settled after the run, MB.
    settled_mb: f64,
    /// Spawn → online, ms.
    start_ms: f64,
    /// CPU seconds per minute while idle (idle scenario).
    idle_cpu_per_min: f64,
    /// CPU seconds of the simulator (whole run, from its start): the other side of the wire.
    sim_cpu_s: f64,
    /// CPU seconds of this bench process during the run (the desk's pty drain and terminal
    /// emulator; 0 for Node).
    harness_cpu_s: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Client {
    Desk,
    Node,
}

struct Scenario {
    name: &'static str,
    spec: &'static str,
    with_node: bool,
    idle: bool,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "burst3k",
        spec: "conversations=1,messages=3000,rate=burst,timeout=120",
        with_node: true,
        idle: false,
    },
    Scenario {
        name: "burst20k",
        spec: "conversations=1,messages=20000,rate=burst,timeout=200",
        with_node: true,
        idle: false,
    },
    Scenario {
        name: "many50",
        spec: "conversations=50,messages=2000,rate=burst,mix=mixed,timeout=200",
        with_node: false,
        idle: false,
    },
    Scenario {
        name: "idle",
        spec: "conversations=50,messages=20,rate=burst,timeout=60",
        with_node: false,
        idle: true,
    },
];

fn main() -> ExitCode {
    let options = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("ingest: {e}");
            return ExitCode::from(2);
        }
    };
    if !Path::new("/proc/self/stat").exists() {
        eprintln!("ingest: needs Linux /proc to read CPU and RSS");
        return ExitCode::from(2);
    }
    let node_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/node");
    if options.node {
        if let Err(e) = npm_ci(&node_dir) {
            eprintln!("ingest: {e}");
            return ExitCode::from(2);
        }
    }
    let load_before = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "agentdesk ingest bench — desk {} · {} CPUs · load average before: {}",
        options.desk.display(),
        thread::available_parallelism().map_or(0, |n| n.get()),
        load_before
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut results: Vec<(&str, Client, Vec<Sample>)> = Vec::new();
    for scenario in SCENARIOS {
        if options
            .only
            .as_ref()
            .is_some_and(|only| !only.iter().any(|n| n == scenario.name))
        {
            continue;
        }
        let mut desk = Vec::new();
        let mut node = Vec::new();
        for run in 0..options.runs {
            let mut clients = vec![Client::Desk];
            if scenario.with_node && options.node {
                clients.push(Client::Node);
            }
            if run % 2 == 1 {
                clients.reverse();
            }
            for client in clients {
                match run_once(scenario, client, &options, &node_dir) {
                    Ok(sample) => {
                        eprintln!(
                            "  {} {:?} run {}: {:.0} ms (sent in {:.0} ms), {:.2} CPU-s, peak {:.1} MB, settled {:.1} MB, start {:.0} ms, sim {:.2} CPU-s, bench {:.2} CPU-s{}",
                            scenario.name,
                            client,
                            run + 1,
                            sample.elapsed_ms,
                            sample.sending_ms,
                            sample.cpu_s,
                            sample.peak_mb,
                            sample.settled_mb,
                            sample.start_ms,
                            sample.sim_cpu_s,
                            sample.harness_cpu_s,
                            if scenario.idle { format!(", idle {:.3} CPU-s/min", sample.idle_cpu_per_min) } else { String::new() }
                        );
                        match client {
                            Client::Desk => desk.push(sample),
                            Client::Node => node.push(sample),
                        }
                    }
                    Err(e) => {
                        eprintln!("ingest: {} {client:?} run {}: {e}", scenario.name, run + 1);
                        return ExitCode::from(2);
                    }
                }
            }
        }
        results.push((scenario.name, Client::Desk, desk));
        if !node.is_empty() {
            results.push((scenario.name, Client::Node, node));
        }
    }
    let load_after = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    report(&results, options.runs, &load_after)
}

fn median(values: impl Iterator<Item = f64>) -> (f64, f64, f64) {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let mid = if v.len() % 2 == 1 {
        v[v.len() / 2]
    } else {
        (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
    };
    (mid, v[0], v[v.len() - 1])
}

fn report(results: &[(&str, Client, Vec<Sample>)], runs: usize, load_after: &str) -> ExitCode {
    println!();
    println!("| scenario | client | time to last READ (ms) | CPU (s) | peak RSS (MB) | settled RSS (MB) | start (ms) |");
    println!("|---|---|---|---|---|---|---|");
    let get = |name: &str, client: Client| {
        results
            .iter()
            .find(|(n, c, _)| *n == name && *c == client)
            .map(|(_, _, s)| s.as_slice())
    };
    for (name, client, samples) in results {
        let cell = |f: fn(&Sample) -> f64, digits: usize| {
            let (m, lo, hi) = median(samples.iter().map(f));
            format!("{m:.digits$} ({lo:.digits$}–{hi:.digits$})")
        };
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} |",
            match client {
                Client::Desk => "agentdesk",
                Client::Node => "Node socket.io-client",
            },
            cell(|s| s.elapsed_ms, 0),
            cell(|s| s.cpu_s, 2),
            cell(|s| s.peak_mb, 1),
            cell(|s| s.settled_mb, 1),
            cell(|s| s.start_ms, 0),
        );
    }
    println!(
        "\nmedians of {runs} runs (min–max); load average after: {}",
        load_after
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut missed = Vec::new();
    let mut goal = |ok: bool, text: String| {
        println!("{} {text}", if ok { "met   " } else { "MISSED" });
        if !ok {
            missed.push(text);
        }
    };
    println!();
    for name in ["burst3k", "burst20k"] {
        let (Some(desk), Some(node)) = (get(name, Client::Desk), get(name, Client::Node)) else {
            continue;
        };
        let time = median(desk.iter().map(|s| s.elapsed_ms)).0
            / median(node.iter().map(|s| s.elapsed_ms)).0.max(1.0);
        goal(
            time <= 0.5,
            format!("{name}: time to last READ receipt ≤ 0.5× Node's — {time:.2}×"),
        );
        let cpu = median(desk.iter().map(|s| s.cpu_s)).0
            / median(node.iter().map(|s| s.cpu_s)).0.max(0.001);
        goal(cpu < 1.0, format!("{name}: CPU < Node's — {cpu:.2}×"));
        if name == "burst20k" {
            let rss = median(desk.iter().map(|s| s.peak_mb)).0
                / median(node.iter().map(|s| s.peak_mb)).0.max(0.1);
            goal(rss <= 1.0, format!("{name}: peak RSS ≤ Node's — {rss:.2}×"));
        }
    }
    if let Some(desk) = get("many50", Client::Desk) {
        let mb = median(desk.iter().map(|s| s.settled_mb)).0;
        goal(
            mb <= 60.0,
            format!("many50: 50 conversations × 2,000 messages ≤ 60 MB RSS — {mb:.1} MB"),
        );
    }
    if let Some(desk) = get("idle", Client::Desk) {
        let cpu = median(desk.iter().map(|s| s.idle_cpu_per_min)).0;
        goal(
            cpu <= 0.5,
            format!("idle: ≤ 0.5 CPU-s per minute with 50 open conversations — {cpu:.3} CPU-s/min"),
        );
    }
    let starts: Vec<f64> = results
        .iter()
        .filter(|(_, c, _)| *c == Client::Desk)
        .flat_map(|(_, _, s)| s.iter().map(|s| s.start_ms))
        .collect();
    if !starts.is_empty() {
        let ms = median(starts.into_iter()).0;
        goal(
            ms <= 100.0,
            format!("cold start to \"Online\" ≤ 100 ms on loopback — {ms:.0} ms"),
        );
    }
    if missed.is_empty() {
        println!("\nall goals met");
        ExitCode::SUCCESS
    } else {
        println!("\n{} goal(s) missed", missed.len());
        ExitCode::from(1)
    }
}

/// `npm ci` in `benches/node` when `node_modules` is missing.
fn npm_ci(dir: &Path) -> Result<(), String> {
    if dir
        .join("node_modules/socket.io-client/package.json")
        .is_file()
    {
        return Ok(());
    }
    eprintln!(
        "ingest: installing the Node client (npm ci in {})",
        dir.display()
    );
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .status()
        .map_err(|e| format!("npm: {e} (Node.js and npm must be on the PATH)"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("npm ci failed: {status}"))
    }
}

/// The simulator of one run.
struct Sim {
    child: Child,
    url: String,
    lines: mpsc::Receiver<String>,
}

impl Sim {
    fn start(desk: &Path, spec: &str) -> Result<Sim, String> {
        let mut child = Command::new(desk)
            .args(["sim", "--port", "0", "--load", spec])
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("starting the simulator: {e}"))?;
        let stdout = child.stdout.take().ok_or("no simulator stdout")?;
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(at) = line.find("http://") {
                        let url = line[at..]
                            .split_whitespace()
                            .next()
                            .unwrap_or("")
                            .to_string();
                        return Ok(Sim { child, url, lines });
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    return Err("the simulator did not say where it listens".into());
                }
            }
        }
    }

    /// Waits for the load run's outcome line.
    fn report(&self, within: Duration) -> Result<serde_json::Value, String> {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .map_err(|_| "no load report from the simulator in time".to_string())?;
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) {
                if value.get("load").is_some() {
                    return Ok(value);
                }
            }
        }
    }

    fn stop(mut self) {
        signal(self.child.id(), libc::SIGINT);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn signal(pid: u32, sig: libc::c_int) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: kill(2) on a child process id we started; no memory is involved.
        unsafe {
            libc::kill(pid, sig);
        }
    }
}

/// `(cpu seconds, peak RSS MB, RSS MB)` of a process from `/proc`.
fn proc_stats(pid: u32) -> Option<(f64, f64, f64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb = |key: &str| -> f64 {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    Some((ticks / hz, kb("VmHWM:") / 1024.0, kb("VmRSS:") / 1024.0))
}

/// Waits until the process's CPU time stops growing (less than 10 ms in 500 ms), at most
/// `within`.
fn settle(pid: u32, within: Duration) {
    let deadline = Instant::now() + within;
    let mut last = proc_stats(pid).map_or(0.0, |s| s.0);
    while Instant::now() < deadline {
        thread::sleep(Duration::from_millis(500));
        let now = proc_stats(pid).map_or(0.0, |s| s.0);
        if now - last < 0.01 {
            return;
        }
        last = now;
    }
}

fn run_once(
    scenario: &Scenario,
    client: Client,
    options: &Options,
    node_dir: &Path,
) -> Result<Sample, String> {
    // The simulator is always this build's (an older desk may have no `--load`).
    let sim = Sim::start(Path::new(env!("CARGO_BIN_EXE_agentdesk")), scenario.spec)?;
    let harness_before = proc_stats(std::process::id()).map_or(0.0, |s| s.0);
    let mut result = match client {
        Client::Desk => run_desk(&sim, scenario, &options.desk),
        Client::Node => run_node(&sim, scenario, node_dir),
    };
    if let Ok(sample) = result.as_mut() {
        sample.sim_cpu_s = proc_stats(sim.child.id()).map_or(0.0, |s| s.0);
        sample.harness_cpu_s = proc_stats(std::process::id()).map_or(0.0, |s| s.0) - harness_before;
    }
    sim.stop();
    result
}

/// The pty's output, drained all the time (a desk whose terminal is not read blocks), fed
/// to a terminal emulator so the bench sees the screen a person would.
struct Screen {
    parser: Mutex<vt100::Parser>,
    connected: AtomicBool,
}

impl Screen {
    fn contents(&self) -> String {
        self.parser
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .screen()
            .contents()
    }
}

fn run_desk(sim: &Sim, scenario: &Scenario, desk: &Path) -> Result<Sample, String> {
    let home = std::env::temp_dir().join(format!("agentdesk-bench-{}", std::process::id()));
    std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 60,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(|e| format!("openpty: {e}"))?;
    let mut cmd = CommandBuilder::new(desk);
    cmd.args(["--server", &sim.url, "--username", USER]);
    cmd.env("AGENTDESK_PASSWORD", PASSWORD);
    cmd.env("AGENTDESK_LOG", "warn");
    cmd.env("HOME", &home);
    cmd.env("XDG_STATE_HOME", home.join("state"));
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd.env("TERM", "xterm-256color");
    let spawned = Instant::now();
    let mut child = pty
        .slave
        .spawn_command(cmd)
        .map_err(|e| format!("starting the desk: {e}"))?;
    drop(pty.slave);
    let pid = child.process_id().ok_or("no desk pid")?;
    let screen = Arc::new(Screen {
        parser: Mutex::new(vt100::Parser::new(60, 200, 0)),
        connected: AtomicBool::new(false),
    });
    let mut reader = pty.master.try_clone_reader().map_err(|e| e.to_string())?;
    let seen = Arc::clone(&screen);
    let connected_at: Arc<Mutex<Option<Instant>>> = Arc::new(Mutex::new(None));
    let connected_at_reader = Arc::clone(&connected_at);
    thread::spawn(move || {
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            match reader.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let mut parser = seen.parser.lock().unwrap_or_else(|e| e.into_inner());
                    parser.process(&buffer[..n]);
                    if !seen.connected.load(Ordering::Relaxed)
                        && parser.screen().contents().contains("Online")
                    {
                        seen.connected.store(true, Ordering::Relaxed);
                        *connected_at_reader
                            .lock()
                            .unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
                    }
                }
            }
        }
    });
    let mut keys = pty.master.take_writer().map_err(|e| e.to_string())?;
    let outcome = (|| -> Result<Sample, String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !screen.connected.load(Ordering::Relaxed) {
            if Instant::now() > deadline {
                return Err(format!(
                    "the desk did not connect within 10 s; screen:\n{}",
                    screen.contents()
                ));
            }
            thread::sleep(Duration::from_millis(2));
        }
        let start_ms = connected_at
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .map_or(0.0, |at| (at - spawned).as_secs_f64() * 1000.0);
        type_keys(&mut keys, "/ready\r")?;
        // Accept offers until the load run ends (extra /accept only say "No offer").
        let report = loop {
            type_keys(&mut keys, "/accept\r")?;
            match sim.report(Duration::from_millis(150)) {
                Ok(report) => break report,
                Err(_) if spawned.elapsed() < RUN_TIMEOUT => continue,
                Err(e) => return Err(e),
            }
        };
        let sample = sample_after(pid, &report, start_ms, scenario)?;
        Ok(sample)
    })();
    let _ = type_keys(&mut keys, "\x03");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break;
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = std::fs::remove_dir_all(&home);
    outcome
}

fn type_keys(keys: &mut Box<dyn Write + Send>, text: &str) -> Result<(), String> {
    keys.write_all(text.as_bytes())
        .and_then(|_| keys.flush())
        .map_err(|e| format!("typing into the desk: {e}"))
}

/// Reads the client's figures once the load run ended.
fn sample_after(
    pid: u32,
    report: &serde_json::Value,
    start_ms: f64,
    scenario: &Scenario,
) -> Result<Sample, String> {
    if report["load"] != "done" {
        return Err(format!("load run did not complete: {report}"));
    }
    let elapsed_ms = report["elapsed_ms"].as_f64().unwrap_or(0.0);
    let sending_ms = report["sending_ms"].as_f64().unwrap_or(0.0);
    let (cpu_s, peak_mb, _) = proc_stats(pid).ok_or("client process gone")?;
    settle(pid, Duration::from_secs(60));
    let (cpu_settled, peak_settled, settled_mb) = proc_stats(pid).ok_or("client process gone")?;
    let mut sample = Sample {
        elapsed_ms,
        sending_ms,
        cpu_s,
        peak_mb: peak_mb.max(peak_settled),
        settled_mb,
        start_ms,
        idle_cpu_per_min: 0.0,
        sim_cpu_s: 0.0,
        harness_cpu_s: 0.0,
    };
    if scenario.idle {
        let idle = Duration::from_secs(20);
        thread::sleep(idle);
        let (cpu_after, _, _) = proc_stats(pid).ok_or("client process gone")?;
        sample.idle_cpu_per_min = (cpu_after - cpu_settled) * 60.0 / idle.as_secs_f64();
    }
    Ok(sample)
}

fn run_node(sim: &Sim, scenario: &Scenario, node_dir: &Path) -> Result<Sample, String> {
    let spawned = Instant::now();
    let mut child = Command::new("node")
        .arg(node_dir.join("client.js"))
        .args([sim.url.as_str(), USER, PASSWORD])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("starting node: {e}"))?;
    let pid = child.id();
    let stdout = child.stdout.take().ok_or("no node stdout")?;
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.trim() == "online" {
                let _ = tx.send(Instant::now());
            }
        }
    });
    let outcome = (|| -> Result<Sample, String> {
        let online = rx
            .recv_timeout(Duration::from_secs(10))
            .map_err(|_| "the Node client did not come online within 10 s".to_string())?;
        let start_ms = (online - spawned).as_secs_f64() * 1000.0;
        let report = sim.report(RUN_TIMEOUT)?;
        sample_after(pid, &report, start_ms, scenario)
    })();
    let _ = child.kill();
    let _ = child.wait();
    outcome
}
