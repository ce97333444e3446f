//! The binary's allocator: mimalloc, set for a batch run to give freed memory back at once.
//!
//! A run frees on one thread what another allocated, all the time: a document's text and
//! tokens are made on its reader thread and dropped by the writer thread or the index writer's
//! indexing thread. glibc's malloc takes the allocating thread's arena lock for each such
//! free, and the reader threads waited on those locks (`perf sched`, 2,000 submissions,
//! `--jobs 2`: about 2% of a core idle behind `__lll_lock_wait_private` in malloc, realloc and
//! free). mimalloc frees a block of another thread without a lock (it is pushed on the
//! owning page's free list).
//!
//! Its defaults keep freed pages for a while and commit whole segments at once, which on the
//! 2,000-submission scale batch raised peak RSS to about 333 MB (glibc: 265–271 MB); purging at
//! once and committing pages on demand (`tune`) brings it to about 300 MB, keeping most of the
//! speed (measured side by side, `--jobs 2`: 104–106 s of CPU against glibc's 111, and 188–189%
//! CPU against 186%). mimalloc is built as its v2 (`libmimalloc-sys`'s `v2` feature), whose
//! segments commit on demand when told so; v3 kept 317 MB with the same settings.
//!
//! What still calls glibc's malloc (the C libraries: tesseract, leptonica) is left as glibc
//! sets it up.

/// The process's Rust allocations go to mimalloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc's `mi_option_e` (`mimalloc.h` of the v2 sources `libmimalloc-sys` builds): the
// options are numbered by their place in the enum.
/// `mi_option_eager_commit`: commit a segment's memory when it is allocated (default 1).
const EAGER_COMMIT: i32 = 3;
/// `mi_option_purge_delay`: milliseconds before freed pages go back to the system (default 10;
/// 0 is at once).
const PURGE_DELAY: i32 = 15;

unsafe extern "C" {
    /// `void mi_option_set(mi_option_t option, long value)`.
    fn mi_option_set(option: i32, value: std::ffi::c_long);
    /// `long mi_option_get(mi_option_t option)`.
    #[cfg(test)]
    fn mi_option_get(option: i32) -> std::ffi::c_long;
}

/// Set once per process by [`tune`].
static ONCE: std::sync::Once = std::sync::Once::new();

/// Sets mimalloc for a batch run (once per process; both options are read at each use, so
/// they hold for the segments and purges that follow).
pub(crate) fn tune() {
    // SAFETY: mi_option_set only stores an option's value; both options accept 0 (see above).
    ONCE.call_once(|| unsafe {
        mi_option_set(EAGER_COMMIT, 0);
        mi_option_set(PURGE_DELAY, 0);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tuning_sets_mimallocs_purge_delay_and_eager_commit() {
        // SAFETY: mi_option_get only reads an option's value.
        let get = |o| unsafe { mi_option_get(o) };
        if !ONCE.is_completed() {
            // Untuned, the numbers name the options by their documented defaults.
            assert_eq!((get(PURGE_DELAY), get(EAGER_COMMIT)), (10, 1));
        }
        tune();
        assert_eq!((get(PURGE_DELAY), get(EAGER_COMMIT)), (0, 0));
    }
}
