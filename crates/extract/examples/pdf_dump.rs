//! Prints what intake reads from one PDF: per page the blocks (kind, bbox, text), unmapped
//! glyphs and text-layer flag, then the metadata. `cargo run --example pdf_dump -- FILE.pdf`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_dump FILE.pdf [--text]");
        return;
    };
    let text_only = std::env::args().any(|a| a == "--text");
    let bytes = std::fs::read(&path).unwrap_or_default();
    match intake_extract::pdf::read_pdf(&bytes, &intake_extract::Limits::default().start()) {
        Ok(doc) if text_only => println!("{}", doc.text()),
        Ok(doc) => {
            for p in &doc.pages {
                println!(
                    "--- page {:?} text_layer={} unmapped={}",
                    p.number, p.has_text_layer, p.unmapped_glyphs
                );
                for b in &p.blocks {
                    println!(
                        "{:?} {:?} {}",
                        b.kind,
                        b.bbox.map(|r| r.map(|v| v.round())),
                        b.text
                    );
                }
            }
            println!("{:?}", doc.meta);
        }
        Err(e) => println!("error: {e}"),
    }
}
