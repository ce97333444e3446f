//! Prints every quantity the reader finds in a text file, with its context, for hand checks:
//! `cargo run -p intake-facts --example quantities_of -- FILE [MAX]`

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: quantities_of FILE [MAX]");
        std::process::exit(2);
    };
    let max: usize = args
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(usize::MAX);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("{path}: cannot read");
        std::process::exit(1);
    };
    let mut shown = 0;
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        for q in intake_facts::quantity::find_quantities(line) {
            if shown >= max || q.unit.canonical() == "-" {
                continue;
            }
            let quote: String = chars[q.start..q.end].iter().collect();
            let ctx: String = chars[q.start.saturating_sub(8)..q.start].iter().collect();
            let approx = if q.approx { " approx" } else { "" };
            println!(
                "{} {}{approx}\t{quote}\t…{ctx}",
                q.value,
                q.unit.canonical()
            );
            shown += 1;
        }
    }
}
