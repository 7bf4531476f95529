//! `agentdesk` command line (a contract: tests outside this repo drive it exactly like this):
//! `agentdesk --server URL --username NAME`, `agentdesk demo [--as USER]`, `agentdesk sim
//! [--port N] [--rona-secs N] [--wrapup-secs N] [--scripted-customers N] [--load SPEC]
//! [--require-token] [--encoded-text <on|off>]`, `--help`, `--version`.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};

use agentdesk::client::{transport, ClientConfig, Endpoints, Secret};
use agentdesk::config::Config;
use agentdesk::runtime::{run_desk, DeskConfig};
use agentdesk::{sim, ui};

/// Keyboard-driven terminal agent desk for the ExpertFlow CX Agent Manager.
#[derive(Debug, Parser)]
#[command(name = "agentdesk", version, about, long_about = None)]
struct Cli {
    /// Agent Manager base URL, e.g. https://cx.example.com/agent-manager
    #[arg(long, value_name = "URL", requires = "username")]
    server: Option<String>,
    /// Agent username. The password comes from AGENTDESK_PASSWORD, else the login form.
    #[arg(long, value_name = "NAME")]
    username: Option<String>,
    /// Configuration file (service URLs, theme, wrap-up choices); default
    /// ~/.config/agentdesk/config.toml when it exists.
    #[arg(long, value_name = "PATH", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Mode>,
}

#[derive(Debug, Subcommand)]
enum Mode {
    /// Start the built-in Agent Manager simulator on 127.0.0.1 and log in as a demo user.
    ///
    /// The simulator also serves a customer chat page, http://127.0.0.1:PORT/chat (the URL
    /// is printed and shown in the desk's help, `?`): open it in a browser to be the
    /// customer of the demo agent.
    Demo {
        /// Demo user to log in as: agent1, agent2 or supervisor1 (a supervisor's desk whose
        /// team has simulated agents in live chats).
        #[arg(long = "as", value_name = "USER", default_value = "agent1")]
        user: String,
    },
    /// Run the Agent Manager simulator alone until Ctrl+C.
    Sim {
        /// Port to listen on (127.0.0.1); 0 picks a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Seconds an offer waits before RONA.
        #[arg(long, value_name = "N", default_value_t = 30)]
        rona_secs: u64,
        /// Seconds of wrap-up after leaving a chat; 0 ends chats at once.
        #[arg(long, value_name = "N", default_value_t = 60)]
        wrapup_secs: u64,
        /// How many scripted customers write in; 0 turns them off, so that only web-chat
        /// customers (the chat page, the Web Interaction REST API) arrive. Default: no limit.
        #[arg(long, value_name = "N")]
        scripted_customers: Option<usize>,
        /// A load run instead of the scripted customers, e.g.
        /// `conversations=1,messages=3000,rate=burst,mix=plain,timeout=120` (rate: burst or
        /// messages per second per conversation; mix: plain or mixed). Prints one JSON line
        /// with the outcome (time to the last READ receipt of a conversation).
        #[arg(long, value_name = "SPEC")]
        load: Option<sim::LoadSpec>,
        /// Refuse REST calls without `Authorization: Bearer <token>` (401), as CX 4.9+ can.
        /// By default calls without it are accepted, as servers of ExpertFlow's 2024
        /// generation do (its own web desk sends none).
        #[arg(long)]
        require_token: bool,
        /// Whether scripted customers send base64-encoded text (`isEncoded`, 5.x servers);
        /// `off` for older desks that cannot decode it.
        #[arg(long, value_name = "on|off", default_value = "on", value_parser = on_off, action = clap::ArgAction::Set)]
        encoded_text: bool,
    },
}

/// `on` / `off` (also true/false, yes/no, 1/0) as a flag value.
fn on_off(value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Ok(true),
        "off" | "false" | "no" | "0" => Ok(false),
        other => Err(format!("expected on or off, got '{other}'")),
    }
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if cli.command.is_some() && (cli.server.is_some() || cli.username.is_some()) {
        eprintln!("agentdesk: --server and --username connect to a real Agent Manager; `demo` and `sim` run the built-in one");
        std::process::exit(2);
    }
    let config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("agentdesk: {error}");
            std::process::exit(2);
        }
    };
    let theme = match config.theme() {
        Ok(theme) => theme,
        Err(error) => {
            eprintln!("agentdesk: {error}");
            std::process::exit(2);
        }
    };
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    match cli.command {
        Some(Mode::Sim {
            port,
            rona_secs,
            wrapup_secs,
            scripted_customers,
            load,
            require_token,
            encoded_text,
        }) => runtime.block_on(run_sim(
            port,
            rona_secs,
            wrapup_secs,
            scripted_customers,
            load,
            require_token,
            encoded_text,
        )),
        Some(Mode::Demo { user }) => {
            let Some(demo) = sim::DEMO_USERS.iter().find(|u| u.username == user) else {
                let names: Vec<&str> = sim::DEMO_USERS.iter().map(|u| u.username).collect();
                eprintln!(
                    "agentdesk demo: no demo user '{user}'; try one of: {}",
                    names.join(", ")
                );
                std::process::exit(2);
            };
            let log = init_file_logging()?;
            runtime.block_on(run_demo(log, &config, theme, demo))
        }
        None => {
            let (Some(server), Some(username)) = (cli.server, cli.username) else {
                eprintln!("agentdesk: give --server URL --username NAME, or try `agentdesk demo` (see --help)");
                std::process::exit(2);
            };
            let endpoints =
                Endpoints::from_server(&server).with_context(|| format!("--server {server}"))?;
            let log = init_file_logging()?;
            let password = std::env::var("AGENTDESK_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty())
                .map(Secret::new);
            let desk = desk_config(&config, theme, endpoints, server, username, password, None);
            let result = runtime.block_on(run_desk(desk));
            eprintln!("agentdesk: log at {}", log.display());
            result
        }
    }
}

fn desk_config(
    config: &Config,
    theme: ui::theme::Theme,
    endpoints: Endpoints,
    server_label: String,
    username: String,
    password: Option<Secret>,
    help_note: Option<String>,
) -> DeskConfig {
    let desk_key = endpoints.agent_manager.to_string();
    DeskConfig {
        client: ClientConfig::new(config.apply(endpoints), transport::default_connector()),
        server_label,
        username,
        password,
        theme,
        wrapup_categories: config.wrapup.clone(),
        help_note,
        scrollback: config.scrollback,
        desk_key,
        followed_lists_file: agentdesk::followed_lists::default_path(),
        wrapup_form: config.wrapup_form_id(),
    }
}

async fn run_demo(
    log: PathBuf,
    config: &Config,
    theme: ui::theme::Theme,
    demo: &sim::DemoUser,
) -> anyhow::Result<()> {
    let server = sim::start(sim::SimConfig::default())
        .await
        .context("starting the simulator")?;
    let url = server.base_url();
    let chat_page = server.chat_page_url();
    eprintln!("agentdesk demo: be the customer: open {chat_page} in a browser");
    let endpoints = Endpoints::from_server(&url)?;
    // The demo talks to its own simulator: service overrides from the config do not apply.
    let demo_config = Config {
        services: Default::default(),
        ..config.clone()
    };
    let mut desk = desk_config(
        &demo_config,
        theme,
        endpoints,
        format!("{url} (built-in simulator)"),
        demo.username.into(),
        Some(Secret::new(demo.password)),
        Some(format!("Be the customer: open {chat_page} in a browser")),
    );
    // The simulator's port changes every run: its followed lists are remembered as `demo`.
    desk.desk_key = agentdesk::followed_lists::DEMO_KEY.to_string();
    let result = run_desk(desk).await;
    server.shutdown().await;
    eprintln!("agentdesk demo: customer chat page was {chat_page}");
    eprintln!("agentdesk demo: log at {}", log.display());
    result
}

async fn run_sim(
    port: u16,
    rona_secs: u64,
    wrapup_secs: u64,
    scripted_customers: Option<usize>,
    load: Option<sim::LoadSpec>,
    require_token: bool,
    encoded_text: bool,
) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let mut config = sim::SimConfig {
        port,
        rona: Duration::from_secs(rona_secs),
        wrapup: Duration::from_secs(wrapup_secs),
        scripted_customers,
        require_token,
        encoded_text,
        ..sim::SimConfig::default()
    };
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

/// Sends `tracing` output to `$XDG_STATE_HOME/agentdesk/agentdesk.log` (usually
/// `~/.local/state/agentdesk/`), never to the terminal the TUI draws on. Level from
/// `AGENTDESK_LOG` (default `info`). Returns the log file path.
fn init_file_logging() -> anyhow::Result<PathBuf> {
    let dir = directories::ProjectDirs::from("", "", "agentdesk")
        .map(|d| {
            d.state_dir()
                .unwrap_or_else(|| d.data_local_dir())
                .to_path_buf()
        })
        .unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating log dir {}", dir.display()))?;
    let path = dir.join("agentdesk.log");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| format!("opening log file {}", path.display()))?;
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("AGENTDESK_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .init();
    Ok(path)
}
