//! glibc malloc tuning for a batch run, the binary's policy (set before `intake run` starts):
//! large blocks go to `mmap`, so their pages return to the system when freed.
//!
//! glibc starts with a 128 KiB mmap threshold but raises it (up to 32 MiB) to the size of any
//! mmapped block that is freed (`mallopt(3)`, "dynamic mmap threshold"). After the first large
//! PDF, every document's bytes, decompressed content streams and page texts are carved from the
//! threads' arena heaps instead, and the small records kept between them until the batch ends
//! pin those heaps' pages: resident memory grew with the batch while the live heap hardly did.
//! Setting the threshold fixes it (and turns the dynamic adjustment off). Measured with
//! `benches/peakrss.sh` on the scale batches (`--jobs 2`), before the other memory changes of
//! the same stop: peak RSS 195 → 174 MB at N = 200, 248 → 214 MB at N = 1,000, 308 → 249 MB
//! at N = 5,000, with no measurable change in wall time.

/// Blocks of this many bytes or more are mmapped (glibc's own starting value, held fixed).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 128 * 1024;

/// Fixes glibc's mmap threshold, once per process; does nothing on other C libraries (musl's
/// and the BSDs' allocators already return large blocks to the system).
pub(crate) fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        // SAFETY: mallopt takes the arena locks itself; M_MMAP_THRESHOLD only steers where
        // future blocks come from, never moves a live one. A refusal (returns 0) leaves
        // glibc's defaults, which are correct, only less frugal.
        ONCE.call_once(|| unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        });
    }
}
