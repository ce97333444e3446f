//! Returning free memory to the system while a batch streams (glibc's malloc only). Which
//! allocator a run uses is the binary's policy: the `intake` binary uses mimalloc (see
//! intake-cli's `alloc.rs`), which gives pages back itself; there this trims only what the C
//! libraries hold in glibc's heap.

/// Returns the free pages inside glibc's arenas to the system (`malloc_trim(3)`): small
/// blocks freed between the records kept while a batch streams leave whole pages free that
/// glibc would otherwise hold. A walk over the free lists (milliseconds); nothing on other C
/// libraries.
pub(crate) fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes the arena locks and only releases pages no block occupies.
    unsafe {
        libc::malloc_trim(0);
    }
}
