//! The stages whose panics a run catches and reports as a status: the per-document reader
//! (extraction and facts, on the document's watched thread) and a submission's integrity
//! checks. A panic there is that document's or submission's note, never the end of the batch;
//! a panic anywhere else is a defect of intake and must be seen. The binary owns the panic
//! hook and asks [`panic_is_caught`] which case it is in.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static CAUGHT: Cell<bool> = const { Cell::new(false) };
}

/// Whether the calling thread is inside a stage whose panics the pipeline catches and reports
/// (then a panic hook need not print it: the document's reason or the submission's note says
/// it). `false` everywhere else.
pub fn panic_is_caught() -> bool {
    CAUGHT.with(Cell::get)
}

/// Runs `f`, catching a panic, with [`panic_is_caught`] true on this thread meanwhile.
pub(crate) fn catching<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    let before = CAUGHT.with(|c| c.replace(true));
    let out = catch_unwind(AssertUnwindSafe(f));
    CAUGHT.with(|c| c.set(before));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_holds_inside_a_caught_stage_only() {
        assert!(!panic_is_caught());
        let inside = catching(panic_is_caught).unwrap();
        assert!(inside);
        assert!(catching(|| panic!("boom")).is_err());
        assert!(!panic_is_caught(), "reset after a panic too");
    }
}
