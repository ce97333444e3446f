//! The DOCX path on arbitrary bytes (detection included, so zips that are not DOCX and OLE2
//! files are exercised too): never panic, hang or overflow the stack.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = intake_extract::Limits {
        max_decompressed_bytes: 16 << 20,
        timeout: std::time::Duration::from_secs(5),
        ..Default::default()
    };
    let _ = intake_extract::extract(data, &limits);
});
