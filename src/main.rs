//! `agentdesk` binary: parses the command line ([`agentdesk::cli`], a contract), resolves
//! the configuration ([`agentdesk::config`]) and runs the chosen mode. Usage and
//! configuration errors — clap's own (an unknown flag) included — print `agentdesk: …` and
//! exit with status 2, in one style. The desk itself needs a terminal and says so (status 1).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
#[cfg(feature = "sim")]
use std::time::Duration;

use anyhow::Context;

use clap::Parser;

use agentdesk::app::security::SecurityWarning;
use agentdesk::cli::{self, Cli, Mode};
use agentdesk::client::tls::{client_config, plain_http_hosts, TlsSettings};
#[cfg(feature = "sim")]
use agentdesk::client::Secret;
use agentdesk::client::{transport, ClientConfig, Endpoints};
use agentdesk::config::{self, Effective};
use agentdesk::credentials::{self, Credentials};
use agentdesk::runtime::{run_desk, DeskConfig, Remember};
#[cfg(feature = "sim")]
use agentdesk::sim;
use agentdesk::{doctor, ui};

/// mimalloc, configured by [`agentdesk::allocator`] (why: see there).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Prints `agentdesk: {message}` and exits with status 2 (usage and configuration errors).
fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("agentdesk: {message}");
    std::process::exit(2);
}

/// The command line; clap's errors in the desk's one style (`agentdesk: …`, status 2).
/// `--help` and `--version` print as clap prints them.
fn parse_command_line() -> Cli {
    match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => error.exit(),
        Err(error) => {
            let text = error.render().to_string();
            let first = text.lines().next().unwrap_or("invalid command line");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            fail(format_args!("{first} (see agentdesk --help)"))
        }
    }
}

/// The TUI needs a terminal on stdin and stdout; say so plainly (status 1) instead of
/// failing inside the terminal set-up or writing escape codes into a pipe.
fn require_terminal() {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        #[cfg(feature = "sim")]
        let hint = " (`agentdesk sim` runs the simulator alone, without one)";
        #[cfg(not(feature = "sim"))]
        let hint = "";
        eprintln!(
            "agentdesk: agentdesk needs a terminal: stdin and stdout must be a terminal{hint}"
        );
        std::process::exit(1);
    }
}

fn main() -> anyhow::Result<()> {
    agentdesk::allocator::configure();
    let cli = parse_command_line();
    // Commands that read no configuration.
    match &cli.command {
        #[cfg(feature = "sim")]
        Some(Mode::Sim {
            port,
            rona_secs,
            wrapup_secs,
            sla_secs,
            scripted_customers,
            load,
            require_token,
            encoded_text,
        }) => {
            if cli.server.is_some() || cli.username.is_some() {
                fail("--server and --username connect to a real Agent Manager; `sim` runs the built-in one");
            }
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            let config = sim::SimConfig {
                port: *port,
                rona: Duration::from_secs(*rona_secs),
                wrapup: Duration::from_secs(*wrapup_secs),
                scripted_customers: *scripted_customers,
                require_token: *require_token,
                encoded_text: *encoded_text,
                ..sim::SimConfig::default()
            }
            .with_answer_aids(*sla_secs);
            return runtime.block_on(run_sim(config, load.clone()));
        }
        Some(Mode::Completions { shell }) => {
            let mut out = Vec::new();
            cli::write_completions(*shell, &mut out);
            return print_out(&out);
        }
        Some(Mode::Man) => {
            let mut out = Vec::new();
            cli::write_man(&mut out).context("writing the man page")?;
            return print_out(&out);
        }
        #[cfg(feature = "sim")]
        Some(Mode::Demo { .. }) if cli.server.is_some() || cli.username.is_some() => {
            fail("--server and --username connect to a real Agent Manager; `demo` runs the built-in one");
        }
        _ => {}
    }
    let env = |name: &str| std::env::var(name).ok();
    let resolved = config::resolve(&config::Request {
        config_path: cli.config.clone(),
        profile: cli.profile.clone(),
        flags: cli.flags(),
        env: &env,
    });
    if let Some(Mode::Doctor) = cli.command {
        // The doctor reports a broken configuration instead of stopping at it.
        let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
        let report = runtime.block_on(doctor::run(resolved.as_ref(), &Credentials::os()));
        print_out(report.to_string().as_bytes())?;
        std::process::exit(if report.failed() { 1 } else { 0 });
    }
    let effective = resolved.unwrap_or_else(|error| fail(error));
    match cli.command {
        Some(Mode::Config) => {
            let text = format!("{}{}\n", effective.render(), password_note(&effective));
            print_out(text.as_bytes())
        }
        Some(Mode::Forget) => forget(&effective),
        #[cfg(feature = "sim")]
        Some(Mode::Demo {
            user,
            rona_secs,
            wrapup_secs,
            sla_secs,
        }) => {
            let Some(demo) = sim::DEMO_USERS.iter().find(|u| u.username == user) else {
                let names: Vec<&str> = sim::DEMO_USERS.iter().map(|u| u.username).collect();
                fail(format!(
                    "demo: no demo user '{user}'; try one of: {}",
                    names.join(", ")
                ));
            };
            let theme = load_theme(&effective);
            require_terminal();
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            let log = init_file_logging()?;
            let timing = (rona_secs, wrapup_secs, sla_secs);
            runtime.block_on(run_demo(log, &effective, theme, demo, timing))
        }
        #[cfg(feature = "sim")]
        Some(Mode::Sim { .. }) => unreachable!("handled above"),
        Some(Mode::Completions { .. } | Mode::Man | Mode::Doctor) => {
            unreachable!("handled above")
        }
        None => run_agent_desk(&effective, cli.insecure),
    }
}

/// Writes `bytes` to stdout; a closed pipe (`agentdesk config | head`) is not an error.
fn print_out(bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing to stdout"),
        _ => Ok(()),
    }
}

/// The desk against the configured Agent Manager; `insecure`: `--insecure`.
fn run_agent_desk(effective: &Effective, insecure: bool) -> anyhow::Result<()> {
    let settings = &effective.settings;
    let Some(server) = settings.server.clone() else {
        fail("give --server URL (or `server` in the configuration or a profile: see `agentdesk config`), or try `agentdesk demo` (see --help)");
    };
    let endpoints = Endpoints::from_server(server.as_str())
        .unwrap_or_else(|error| fail(format!("server {server}: {error}")));
    let theme = load_theme(effective);
    let tls = TlsSettings {
        ca_certs: settings
            .ca_cert
            .as_deref()
            .map(|path| effective.path_value("ca_cert", path))
            .into_iter()
            .collect(),
        insecure,
    };
    let tls_config = client_config(&tls).unwrap_or_else(|error| fail(error));
    require_terminal();
    let username = settings.username.clone().unwrap_or_default();
    let keyring = Arc::new(Credentials::os());
    let (password, notices) = if username.is_empty() {
        (None, Vec::new())
    } else {
        keyring.obtain(
            std::env::var("AGENTDESK_PASSWORD").ok(),
            settings.password_command.as_deref(),
            settings.remember,
            &credentials::account(server.as_str(), &username),
        )
    };
    let runtime = desk_runtime()?;
    let log = init_file_logging()?;
    let (password, password_source) = match password {
        Some((password, source)) => (Some(password), Some(source)),
        None => (None, None),
    };
    let endpoints = settings.services.apply(endpoints);
    let mut security = SecurityWarning::for_session(
        plain_http_hosts([
            &endpoints.agent_manager,
            &endpoints.unified_admin,
            &endpoints.file_engine,
            &endpoints.conversation_manager,
        ]),
        insecure,
    );
    security.sort_by_key(|w| !matches!(w, SecurityWarning::Insecure));
    let message_limit = settings
        .socket_message_limit_mb
        .map_or(transport::DEFAULT_MAX_MESSAGE_BYTES, |mb| {
            (mb as usize).saturating_mul(1_000_000)
        });
    let outbox_file = Some(agentdesk::persist::path_for(
        &agentdesk::persist::default_dir(),
        &endpoints.agent_manager,
        &username,
    ));
    let desk = DeskConfig {
        client: ClientConfig::secured(endpoints, tls_config, message_limit),
        security,
        outbox_file,
        server_label: server.to_string(),
        username,
        password,
        theme,
        wrapup_categories: settings.wrapup.clone(),
        notify: settings.notify,
        remember: settings.remember.then(|| Remember {
            credentials: keyring,
            server: server.to_string(),
        }),
        password_source,
        notices,
        log_path: Some(log.clone()),
        help_note: None,
        scrollback: settings.scrollback,
        canned: canned_of(settings),
        // Followed pull-mode lists are remembered per profile, else per server.
        desk_key: match &effective.profile {
            Some((profile, _)) => format!("profile:{profile}"),
            None => server.to_string(),
        },
        followed_lists_file: agentdesk::followed_lists::default_path(),
        wrapup_form: settings.wrapup_form_id(),
        confirm: settings.confirm,
        keymap: keymap(effective),
        mouse: settings.mouse,
    };
    let result = runtime.block_on(run_desk(desk));
    eprintln!("agentdesk: log at {}", log.display());
    result
}

/// The configured key map (checked when the configuration was read).
fn keymap(effective: &Effective) -> ui::keymap::Keymap {
    ui::keymap::Keymap::configured(effective).unwrap_or_else(|error| fail(error))
}

/// The configured canned responses (checked when the configuration was read).
fn canned_of(settings: &config::Settings) -> agentdesk::app::canned::CannedSet {
    agentdesk::app::canned::CannedSet::parse(&settings.canned).unwrap_or_default()
}

/// The configured theme; a theme that cannot be loaded is a configuration error.
fn load_theme(effective: &Effective) -> ui::Theme {
    ui::theme::catalog::load_configured(effective).unwrap_or_else(|error| {
        fail(format!(
            "theme {:?} ({}): {error}",
            effective.settings.theme,
            effective.source("theme")
        ))
    })
}

/// `# password: …` for `agentdesk config`: where the password will come from, never it.
fn password_note(effective: &Effective) -> String {
    let settings = &effective.settings;
    let from = if std::env::var("AGENTDESK_PASSWORD").is_ok_and(|p| !p.is_empty()) {
        "AGENTDESK_PASSWORD (set; not shown)".to_string()
    } else if let Some(command) = &settings.password_command {
        format!("the first line printed by password_command {command:?} (not run here)")
    } else if settings.remember {
        "the OS keyring when remembered, else the login form (stored after a successful login)"
            .to_string()
    } else {
        "the login form".to_string()
    };
    format!("\n# password: {from}")
}

/// `agentdesk forget`: deletes the remembered password of the profile's server and user.
fn forget(effective: &Effective) -> anyhow::Result<()> {
    let settings = &effective.settings;
    let (Some(server), Some(username)) = (&settings.server, &settings.username) else {
        fail(
            "forget needs a server and a username: --profile NAME, or --server URL --username NAME",
        );
    };
    let account = credentials::account(server.as_str(), username);
    match Credentials::os().forget(&account) {
        Ok(true) => println!("Deleted the password of {account} from the OS keyring."),
        Ok(false) => println!("No password of {account} in the OS keyring; nothing to delete."),
        Err(error) => {
            eprintln!("agentdesk: {error}; nothing was deleted (agentdesk never stores passwords in files)");
            std::process::exit(1);
        }
    }
    Ok(())
}

/// `timing`: the simulator's RONA, wrap-up and response SLA, seconds (`demo --rona-secs
/// --wrapup-secs --sla-secs`).
#[cfg(feature = "sim")]
async fn run_demo(
    log: PathBuf,
    effective: &Effective,
    theme: ui::Theme,
    demo: &sim::DemoUser,
    (rona_secs, wrapup_secs, sla_secs): (u64, u64, u64),
) -> anyhow::Result<()> {
    let sim_config = sim::SimConfig {
        rona: Duration::from_secs(rona_secs),
        wrapup: Duration::from_secs(wrapup_secs),
        ..sim::SimConfig::default()
    }
    .with_answer_aids(sla_secs);
    let server = sim::start(sim_config)
        .await
        .context("starting the simulator")?;
    let url = server.base_url();
    let chat_page = server.chat_page_url();
    eprintln!("agentdesk demo: be the customer: open {chat_page} in a browser");
    // The demo talks to its own simulator: server, services and credentials from the
    // configuration do not apply; the look and the desk's own settings do.
    let settings = &effective.settings;
    let desk = DeskConfig {
        client: ClientConfig::new(
            Endpoints::from_server(&url)?,
            transport::default_connector(),
        ),
        server_label: format!("{url} (built-in simulator)"),
        username: demo.username.into(),
        password: Some(Secret::new(demo.password)),
        theme,
        wrapup_categories: settings.wrapup.clone(),
        notify: settings.notify,
        remember: None,
        password_source: None,
        notices: Vec::new(),
        log_path: Some(log.clone()),
        help_note: Some(format!("Be the customer: open {chat_page} in a browser")),
        scrollback: settings.scrollback,
        // The README's example set, when the configuration has none, so the demo has some.
        canned: if settings.canned.is_empty() {
            agentdesk::app::canned::examples()
        } else {
            canned_of(settings)
        },
        security: Vec::new(),
        // The demo's simulator forgets everything: nothing to keep between runs.
        outbox_file: None,
        // The simulator's port changes every run: its followed lists are remembered as `demo`.
        desk_key: agentdesk::followed_lists::DEMO_KEY.to_string(),
        followed_lists_file: agentdesk::followed_lists::default_path(),
        wrapup_form: settings.wrapup_form_id(),
        confirm: settings.confirm,
        keymap: keymap(effective),
        mouse: settings.mouse,
    };
    let result = run_desk(desk).await;
    server.shutdown().await;
    eprintln!("agentdesk demo: customer chat page was {chat_page}");
    eprintln!("agentdesk demo: log at {}", log.display());
    result
}

/// The simulator alone; its log goes to stderr, coloured only when stderr is a terminal (a
/// redirected log gets no escape codes).
#[cfg(feature = "sim")]
async fn run_sim(mut config: sim::SimConfig, load: Option<sim::LoadSpec>) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
    let (scripted_customers, require_token, encoded_text) = (
        config.scripted_customers,
        config.require_token,
        config.encoded_text,
    );
    if load.is_some() {
        // A load run offers its chats at once and gives the desk time to accept them all.
        config.offer_delay = Duration::from_millis(20);
        config.rona = config.rona.max(Duration::from_secs(300));
        config.load = load;
        // Only the load: no simulated team chatting beside it, no pull-mode customers.
        config.team = false;
        config.pull_customers = Some(0);
    }
    let server = sim::start(config).await.context("starting the simulator")?;
    println!("Agent Manager simulator listening on {}", server.base_url());
    println!(
        "Connect with: agentdesk --server {} --username agent1",
        server.base_url()
    );
    println!("Demo users (username / password):");
    for user in sim::DEMO_USERS {
        let role = if user.supervisor {
            "supervisor"
        } else {
            "agent"
        };
        println!("  {:<12} / {:<12} {role}", user.username, user.password);
    }
    let team: Vec<String> = sim::TEAM_AGENTS
        .iter()
        .map(|u| format!("{} {}", u.first_name, u.last_name))
        .collect();
    println!(
        "Simulated team agents (in live chats, take transfers): {}",
        team.join(", ")
    );
    println!("Customer web chat (Web Interaction REST API):");
    println!("  chat page           {}", server.chat_page_url());
    println!("  API base URL        {}", server.web_chat_api_url());
    println!(
        "  client id / secret  {} / {}",
        sim::WEB_CHAT_CLIENT_ID,
        sim::WEB_CHAT_CLIENT_SECRET
    );
    if scripted_customers == Some(0) {
        println!("Scripted customers are off: only web chat customers arrive.");
    }
    println!("Pull mode: customers wait on the lists Web Leads and VIP Callbacks (/lists, /pull).");
    if require_token {
        println!("REST calls need the bearer token from login (--require-token).");
    }
    if !encoded_text {
        println!("Encoded text is off: customers send plain text only.");
    }
    println!("Press Ctrl+C to stop.");
    if server.config().load.is_some() {
        tokio::select! {
            report = server.load_report() => {
                println!("{}", report.to_json());
                use std::io::Write as _;
                let _ = std::io::stdout().flush();
                tokio::signal::ctrl_c().await.context("waiting for Ctrl+C")?;
            }
            stop = tokio::signal::ctrl_c() => stop.context("waiting for Ctrl+C")?,
        }
    } else {
        tokio::signal::ctrl_c()
            .await
            .context("waiting for Ctrl+C")?;
    }
    server.shutdown().await;
    Ok(())
}

/// The desk's async runtime: one worker thread for the network side (socket reader and
/// writer, the client session, REST calls), the terminal on the main thread (`block_on`).
/// A desk holds one session, so a second worker only added wake-ups across threads: a
/// 20,000-message burst took 491 / 453 ms to its last READ receipt with two workers, 429 /
/// 429 ms with one (issue 7, BENCHMARKS.md step 4). Blocking work has its own pool
/// (`spawn_blocking`).
fn desk_runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// Sends `tracing` output to the private, rotating log file (see [`agentdesk::logging`]),
/// never to the terminal the TUI draws on. Returns the path of the newest log.
fn init_file_logging() -> anyhow::Result<PathBuf> {
    agentdesk::logging::init(&agentdesk::logging::default_dir())
}
