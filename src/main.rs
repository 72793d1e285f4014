/// A quarter of the server's CPU under load went to glibc's malloc and free (perf, bench/run).
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    tokenshop::server::startup::tune_allocator();
    match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime.block_on(run()),
        Err(err) => {
            eprintln!("tokenshop: could not start the async runtime: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "ssr")]
async fn run() -> std::process::ExitCode {
    use tracing_subscriber::EnvFilter;
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn,sqlx=warn")),
        )
        .init();
    let config = match tokenshop::server::Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("tokenshop: {err}");
            return std::process::ExitCode::from(2);
        }
    };
    let command = std::env::args().nth(1);
    let outcome = match command.as_deref() {
        None | Some("serve") => tokenshop::server::startup::serve(config).await,
        Some("rotate-key") => tokenshop::server::startup::rotate_key(config)
            .await
            .map(|kid| {
                println!("new signing key: {kid} (running instances pick it up within seconds)")
            }),
        Some(other) => {
            eprintln!(
                "tokenshop: unknown command {other:?}; usage: tokenshop [serve | rotate-key]"
            );
            return std::process::ExitCode::from(2);
        }
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
