//! `server`: serve the app or run a maintenance task. See `server --help`.

use clap::Parser;

fn main() -> std::process::ExitCode {
    tune_allocator();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: could not start the runtime: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(run())
}

async fn run() -> std::process::ExitCode {
    let _ = dotenvy::dotenv();
    let cli = server::cli::Cli::parse();
    server::cli::init_tracing();
    match server::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Give password hashing's memory back to the system. Each argon2 hash takes a 19 MiB
/// block; after the first such block is freed glibc raises its mmap threshold, so later
/// blocks come from per-thread arenas and stay resident: a burst of 200 sign-ins left
/// the process at 1.1 GiB. A fixed 1 MiB threshold (which also turns the raising off)
/// makes every large block a mapping of its own, returned when freed; fewer arenas keep
/// the small allocations compact.
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters; it runs once, first thing in
    // main, before the runtime starts any other thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_ARENA_MAX, 4);
    }
}
