//! The memory allocator: mimalloc (issue 7), set as the global allocator by the binary
//! (`main.rs`), with its options for a desk that must give memory back.
//!
//! Why not the system allocator (glibc malloc), measured with `cargo bench --bench ingest`
//! on the 2-core machine (BENCHMARKS.md, same commit otherwise): the network task
//! allocates the events the app task frees, and glibc's arenas make that costly. A
//! 20,000-message burst took 1.1–1.4 s and 0.75–0.85 CPU-s with glibc, 0.5 s and 0.55 CPU-s
//! with mimalloc's defaults; 50 conversations × 2,000 messages settled at 62 MB with glibc
//! and 62 MB with mimalloc's defaults. The options below keep most of the speed and give
//! memory back after a burst (the 60 MB goal):
//! - `arena_eager_commit = 0`: arena memory is committed when used, not when reserved;
//! - `purge_delay = 10` (ms; mimalloc's default, set so a new mimalloc cannot move it):
//!   freed pages go back to the OS 10 ms (× 10 for arenas) after they were freed. Pages
//!   freed just before the worker threads go idle would wait for a later allocation; the
//!   runtime calls [`return_free_memory`] in the first quiet second after a burst, which
//!   purges them at once.
//!
//! `purge_delay` measured (5 runs each, medians, load average 0.6–1.2, one series per
//! setting; BENCHMARKS.md): 0 (immediate) gave the 20k burst 624 ms against Node's 1,004
//! (0.62×), 0.72 CPU-s, and many50 settled at 57.1 MB; 1 ms: 580 ms (0.57×); 3 ms: 561 ms
//! against 1,056 (0.53×), many50 58.6 MB; 10 ms: 548 ms against 1,009 (0.54×), 0.59 CPU-s,
//! many50 58.7 MB (60.3 MB peak); the committed build, another series: 575 ms against
//! 1,042 (0.55×), many50 59.2 MB. Immediate purging cost ~0.1 CPU-s of the desk's at 20k
//! (likely: freed pages were decommitted and soon committed again; not traced).
//!
//! Transparent huge pages are off for mimalloc (crate feature `no_thp`): a 2 MiB page
//! counts in RSS in full however little of it is used.

/// `mi_option_arena_eager_commit` in `mimalloc.h` (mimalloc v3 as bundled by
/// `libmimalloc-sys` 0.1.49; the crate does not name it).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// `mi_option_purge_delay` in `mimalloc.h` (as above), milliseconds.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Delay before freed pages go back to the OS, ms (see the module docs).
const PURGE_DELAY_MS: std::os::raw::c_long = 10;

/// Sets mimalloc's options (see the module docs). Call first thing in `main`; harmless
/// when mimalloc is not the global allocator (it then manages nothing).
pub fn configure() {
    // SAFETY: mi_option_set only stores an option value; any option id and value are
    // accepted (unknown ids are ignored).
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS);
    }
}

/// Gives freed memory back to the OS now (after a burst, or when conversations closed):
/// mimalloc's and, where the allocator is glibc's, glibc's.
pub fn return_free_memory() {
    // SAFETY: mi_collect(true) frees mimalloc's unused memory of this thread's heap and
    // abandoned ones; it has no preconditions.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free pages at the top of glibc's heaps; it has no
    // preconditions and touches no memory the program uses.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_ids_name_the_options_we_mean() {
        configure();
        // SAFETY: reading an option value has no preconditions.
        let (eager, purge) = unsafe {
            (
                libmimalloc_sys::mi_option_get(ARENA_EAGER_COMMIT),
                libmimalloc_sys::mi_option_get(PURGE_DELAY),
            )
        };
        assert_eq!((eager, purge), (0, PURGE_DELAY_MS));
        // show_errors (0) is the first option: the enum is the one the ids were read from.
        // SAFETY: as above.
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(libmimalloc_sys::mi_option_verbose) },
            0
        );
        return_free_memory();
    }
}
