//! Prints what intake_extract reads from a file, pages separated by form feed.
fn main() {
    let path = std::env::args().nth(1).expect("usage: extract_text FILE");
    let bytes = std::fs::read(&path).expect("read");
    let (f, doc) = intake_extract::extract(&bytes, &Default::default());
    match doc {
        Ok(d) => println!("{}", d.text()),
        Err(e) => eprintln!("{}: {e}", f.as_str()),
    }
}
