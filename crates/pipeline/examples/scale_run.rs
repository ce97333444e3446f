//! Runs the pipeline once and prints its [`intake_pipeline::Summary`] as one JSON line, stage
//! times included — what `benches/scale.sh` reads (the `intake` binary prints only the
//! one-line human summary).
//!
//! ```sh
//! cargo run --release -p intake-pipeline --example scale_run -- BATCH OUT [JOBS]
//! ```

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(batch), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: scale_run BATCH OUT [JOBS]");
        std::process::exit(2);
    };
    let jobs = args.get(2).and_then(|j| j.parse().ok());
    let opts = intake_pipeline::Options {
        jobs,
        ..Default::default()
    };
    match intake_pipeline::run(
        std::path::Path::new(batch),
        std::path::Path::new(out),
        &opts,
    ) {
        Ok(s) => {
            let st = s.stage_seconds;
            println!(
                "{{\"submissions\":{},\"documents\":{},\"pdf_pages\":{},\"facts\":{},\"findings\":{:?},\"seconds\":{:.3},\
                 \"read\":{:.3},\"rules\":{:.3},\"integrity\":{:.3},\"index\":{:.3},\"report\":{:.3}}}",
                s.submissions,
                s.documents,
                s.pdf_pages,
                s.facts,
                s.findings,
                s.seconds,
                st.read,
                st.rules,
                st.integrity,
                st.index,
                st.report
            );
        }
        Err(e) => {
            eprintln!("scale_run: {e}");
            std::process::exit(1);
        }
    }
}
