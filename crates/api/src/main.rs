//! `biznespilot`: the one binary of BiznesPilot.

use std::io::BufRead;

use anyhow::Context;
use api::app::ApiOptions;
use api::{Application, Config};
use clap::{Parser, Subcommand};
use tokio_util::sync::CancellationToken;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "biznespilot",
    version,
    about = "BiznesPilot: marketing intelligence for businesses in Uzbekistan"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (and, unless --no-worker, run the scheduler and workers in-process).
    Serve {
        /// Leave background work to separate `biznespilot worker` processes.
        #[arg(long)]
        no_worker: bool,
    },
    /// Run only the scheduler and the background workers.
    Worker,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document (needs no configuration).
    Openapi,
    /// Create (or refresh) a demo account with a business, and print how to sign in.
    SeedDemo,
    /// Create the first super admin (the password comes from BIZNESPILOT_ADMIN_PASSWORD or stdin).
    CreateSuperAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
}

fn init_logging(json: bool) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new("info,sqlx=warn,actix_server=warn,tokio_cron_scheduler=warn")
    });
    use std::io::IsTerminal;
    // Logs go to stderr, so that the output of `openapi` and `seed-demo` stays clean; colours
    // only on a terminal.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        let document = api::openapi_document()
            .to_pretty_json()
            .context("rendering the OpenAPI document")?;
        #[allow(clippy::print_stdout)]
        {
            println!("{document}");
        }
        return Ok(());
    }

    let config = Config::from_env()?;
    init_logging(config.json_logs);
    let services = config.services().await?;

    match cli.command {
        Command::Openapi => {}
        Command::Migrate => {
            services.migrate().await.context("applying migrations")?;
            tracing::info!("migrations applied");
        }
        Command::Serve { no_worker } => {
            services.migrate().await.context("applying migrations")?;
            let app = Application::build(
                services.clone(),
                &config.addr,
                ApiOptions {
                    trust_proxy: config.trust_proxy,
                    workers: None,
                    static_dir: config.static_dir.clone(),
                },
            )?;
            tracing::info!(addr = %config.addr, public_url = %config.public_url, "BiznesPilot is listening (API at /api/v1, docs at /api/docs)");
            let shutdown = CancellationToken::new();
            let worker = (!no_worker)
                .then(|| tokio::spawn(scheduler::run(services.clone(), shutdown.clone())));
            app.run_until_stopped().await?;
            shutdown.cancel();
            if let Some(worker) = worker {
                worker.await.context("worker task")??;
            }
        }
        Command::Worker => {
            let shutdown = CancellationToken::new();
            let signal = shutdown.clone();
            tokio::spawn(async move {
                wait_for_stop_signal().await;
                signal.cancel();
            });
            scheduler::run(services, shutdown).await?;
        }
        Command::SeedDemo => {
            services.migrate().await.context("applying migrations")?;
            let demo = services::demo::seed(&services).await?;
            #[allow(clippy::print_stdout)]
            {
                println!("demo login: {} {}", demo.email, demo.password);
            }
        }
        Command::CreateSuperAdmin { email, name } => {
            let password = match std::env::var("BIZNESPILOT_ADMIN_PASSWORD") {
                Ok(password) => password,
                Err(_) => {
                    eprintln!("Password for {email} (12+ characters), then Enter:");
                    let mut line = String::new();
                    std::io::stdin().lock().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let user = services::accounts::create_super_admin(&services, &email, &name, &password)
                .await
                .map_err(|error| anyhow::anyhow!("{error}"))?;
            tracing::info!(user_id = %user.id, email = %user.email, "super admin ready");
        }
    }
    Ok(())
}

async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
