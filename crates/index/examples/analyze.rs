//! Prints how the index analyzes each argument: word tokens (search mode), query tokens, bigrams.
//!
//! `cargo run -p intake-index --example analyze -- 产业技术基础公共服务平台`

fn main() {
    for text in std::env::args().skip(1) {
        println!("{text}");
        for (name, tokens) in [
            ("index", intake_index::analyze(&text)),
            ("query", intake_index::analyze_query(&text)),
            ("bigram", intake_index::analyze_bigrams(&text)),
        ] {
            let shown: Vec<String> = tokens
                .iter()
                .map(|t| format!("{}@{}[{},{})", t.text, t.position, t.start, t.end))
                .collect();
            println!("  {name:6} {}", shown.join(" "));
        }
    }
}
