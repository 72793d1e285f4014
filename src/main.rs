/// A quarter of the server's CPU under load went to glibc's malloc and free (perf, bench/run).
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The shop's command line. Parsed before any configuration is read, so `--help` and `--version`
/// work whatever the environment holds.
#[cfg(feature = "ssr")]
#[derive(clap::Parser)]
#[command(
    name = "tokenshop",
    version,
    about = "Tokenshop: a demo shop that teaches session cookies and JWTs by using both.",
    after_help = configuration_help()
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[cfg(feature = "ssr")]
#[derive(clap::Subcommand)]
enum Command {
    /// Serve the shop, its JSON API and the partner site (the default).
    Serve,
    /// Add a new JWT signing key; running instances pick it up within seconds, old keys keep
    /// verifying until their tokens expire.
    RotateKey,
}

/// The environment variables, with their defaults and meanings, read from `.env.example` (the one
/// place they are documented) when the binary is built.
#[cfg(feature = "ssr")]
fn configuration_help() -> String {
    let mut out = String::from(
        "Configuration: environment variables, or a .env file in the working directory (the \
         environment wins). Every one is optional:\n",
    );
    let mut about: Vec<&str> = Vec::new();
    for line in include_str!("../.env.example").lines() {
        let text = line.trim_start_matches('#').trim();
        match text.split_once('=') {
            Some((name, default))
                if !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') =>
            {
                let default = if default.is_empty() { "unset" } else { default };
                out.push_str(&format!("\n  {name} (default: {default})\n"));
                // Variables written one after another share the paragraph above them.
                if !about.is_empty() {
                    out.push_str(&format!("      {}\n", about.join(" ")));
                }
            }
            _ if text.is_empty() || text.starts_with("---") => about.clear(),
            _ if line.starts_with('#') => about.push(text),
            _ => {}
        }
    }
    out
}

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    use clap::Parser;
    let cli = Cli::parse();
    // A .env beside the binary's working directory fills in what the environment leaves unset.
    if let Err(err) = dotenvy::dotenv() {
        if !err.not_found() {
            eprintln!("tokenshop: .env could not be read: {err}");
            return std::process::ExitCode::from(2);
        }
    }
    tokenshop::server::startup::tune_allocator();
    match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime.block_on(run(cli.command.unwrap_or(Command::Serve))),
        Err(err) => {
            eprintln!("tokenshop: could not start the async runtime: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "ssr")]
async fn run(command: Command) -> std::process::ExitCode {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn,sqlx=warn"));
    // Logs are set up before the configuration is read, so its errors are logged too.
    match std::env::var("LOG_FORMAT").as_deref() {
        Ok("json") => tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init(),
        Ok("text") | Err(_) => tracing_subscriber::fmt().with_env_filter(filter).init(),
        Ok(other) => {
            eprintln!("tokenshop: LOG_FORMAT={other:?} is not valid: expected text or json");
            return std::process::ExitCode::from(2);
        }
    }
    let config = match tokenshop::server::Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("tokenshop: {err}");
            return std::process::ExitCode::from(2);
        }
    };
    let outcome = match command {
        Command::Serve => tokenshop::server::startup::serve(config).await,
        Command::RotateKey => tokenshop::server::startup::rotate_key(config)
            .await
            .map(|kid| {
                println!("new signing key: {kid} (running instances pick it up within seconds)")
            }),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("tokenshop: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "ssr"))]
pub fn main() {
    // The browser entry point is `hydrate` in lib.rs.
}
