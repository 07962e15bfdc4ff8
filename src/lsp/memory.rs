//! Handing freed memory back to the system between runs, so that a long editing session's
//! footprint follows its workspace rather than growing with the pages each run left behind.

/// Asks the allocator, on every thread a run uses (the rayon pool and this one), to return the
/// pages that freed blocks left empty, and to take back the heaps of finished run threads.
pub fn release_freed() {
    rayon::broadcast(|_| collect());
    collect();
}

/// Collects the calling thread's heap and abandoned heaps.
fn collect() {
    // SAFETY: `mi_collect` has no preconditions: it only frees pages of mimalloc's own heaps
    // (none when another allocator serves the process, as in tests).
    unsafe { libmimalloc_sys::mi_collect(true) }
}
