//! `server seed`: the demo store and generated customers.

use super::app_error;
use app::customers::seed::SeedProgress;
use app::demo::DemoSeed;
use app::state::AppState;

pub(super) async fn seed_customers(state: &AppState, count: u64, seed: u64) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    // As a served store does: the write-ahead log is copied into the database file by
    // another thread while the load goes on, not by the load's own commits.
    state.db.spawn_checkpointer();
    let report = app::customers::seed::seed_customers(state, count, seed, |step| match step {
        SeedProgress::Customers { done, total } => {
            let width = 30;
            let filled = (done * width / total.max(1)) as usize;
            let rate = done as f64 / started.elapsed().as_secs_f64().max(0.001);
            eprint!(
                "\rseeding customers [{}{}] {done}/{total} ({rate:.0}/s)  ",
                "#".repeat(filled),
                "-".repeat(width as usize - filled)
            );
        }
        SeedProgress::BuildingIndexes => {
            eprint!("\nbuilding the grid and search indexes…");
        }
    })
    .await
    .map_err(app_error)?;
    eprintln!();
    println!(
        "{} customers and {} addresses added in {:.1} s",
        report.customers,
        report.addresses,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub(super) fn report_demo(seeded: DemoSeed) {
    match seeded {
        DemoSeed::Created {
            admin_email,
            password,
        } => {
            let addr = std::env::var("CLIENTELE_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
            println!("Demo store created.");
            println!("  Admin:    http://{addr}/admin");
            println!("  Email:    {admin_email}");
            println!(
                "  Password: {password}   (shown once; `server admin set-password` resets it)"
            );
        }
        DemoSeed::AlreadySeeded => {
            println!("Demo store already present; data kept.");
            println!(
                "  Demo admin: {} (password printed on the first run; \
                 `target/release/server admin set-password --email {}` sets a new one)",
                app::demo::DEMO_ADMIN_EMAIL,
                app::demo::DEMO_ADMIN_EMAIL
            );
        }
    }
}
