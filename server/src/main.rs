//! `server`: serve the app or run a maintenance task. See `server --help`.

/// mimalloc, not glibc's malloc: a page rendered on the server makes thousands of small
/// allocations, and with glibc (tuned for memory, below) they took a quarter of the
/// server's time. Measured at a million customers, 50 connections over loopback:
/// storefront sign-in page 1,526 → 2,859 requests/s, admin grid page 1,623 → 3,222.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tune_allocator();
    server::cli::main()
}

/// Give password hashing's memory back to the system at once. Each argon2 hash takes a
/// 19 MiB block; mimalloc returns freed memory after a delay, but only when a later
/// allocation or free looks at it, so after a burst of sign-ins an idle server kept it
/// all (600 attempts at once: 167 MiB resident after, 87 MiB with no delay; the
/// throughput figures above did not move). (With glibc, the threshold for a block of its
/// own had to be fixed at 1 MiB: a burst of 200 sign-ins once left it at 1.1 GiB.)
fn tune_allocator() {
    // `mi_option_purge_delay` in mimalloc 3's `mi_option_t` (mimalloc.h); the crate
    // names only some options.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets one of mimalloc's options, a plain value read when memory is freed;
    // it runs first thing in main, before the runtime starts any other thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
}
