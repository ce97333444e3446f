//! The PDF extractor on arbitrary bytes: must return (a document or an error), never panic,
//! hang or overflow the stack. Budgets are tightened so one input stays fast.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = intake_extract::Limits {
        max_decompressed_bytes: 16 << 20,
        timeout: std::time::Duration::from_secs(5),
        ..Default::default()
    }
    .start();
    let _ = intake_extract::pdf::read_pdf(data, &limits);
});
