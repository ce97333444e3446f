//! The quantity reader on arbitrary text: `find_quantities` and `parse_quantity` never panic,
//! and every quantity found points inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let n = text.chars().count();
    for q in intake_facts::quantity::find_quantities(text) {
        assert!(
            q.start <= q.end && q.end <= n,
            "offsets {}..{} outside {n} chars",
            q.start,
            q.end
        );
    }
    let _ = intake_facts::quantity::parse_quantity(text);
});
