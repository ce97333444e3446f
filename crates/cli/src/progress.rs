//! Progress of `intake run` for a terminal and for a log.
//!
//! On a terminal: a bar labelled with the phase (读取文档 / 跨申报核查 / 写出结果), the counts of
//! submissions done, failed and unreadable files, a rate rounded to what can be read, and an
//! estimate of the time left; phases without a known length show a spinner and their time so
//! far. Where stderr is not a terminal (`| tee log`, nohup, a scheduler): one plain line when a
//! phase begins and, while documents are read, every [`LOG_EVERY`] or every tenth of the
//! submissions, whichever comes first — never a bar's control characters.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use intake_pipeline::{Phase, Progress};

use crate::i18n::text;
use crate::tr;

/// The longest a log goes without a progress line while documents are read.
pub const LOG_EVERY: Duration = Duration::from_secs(5);

/// Where progress goes.
enum Sink {
    Bar(ProgressBar),
    Log,
    Silent,
}

/// What has been shown, to decide what to show next.
struct Shown {
    phase: Option<Phase>,
    phase_started: Instant,
    last_line: Instant,
    next_step: u64,
    last_redraw: Option<Instant>,
    /// Submissions done in the last log line: a report that raced past a later one is not
    /// printed, so a log's counts never go back.
    last_done: u64,
}

/// The progress display of one run.
pub struct Display {
    sink: Sink,
    started: Instant,
    shown: Mutex<Shown>,
    /// A line said once at the start (batch, counts, OUT), filled in by the first report.
    intro: Box<dyn Fn(&Progress) -> String + Send + Sync>,
}

impl Display {
    /// A bar when stderr is a terminal, plain lines when it is not, nothing with `quiet`.
    pub fn new(quiet: bool, intro: Box<dyn Fn(&Progress) -> String + Send + Sync>) -> Display {
        let sink = if quiet {
            Sink::Silent
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(200));
            Sink::Bar(bar)
        } else {
            Sink::Log
        };
        let now = Instant::now();
        Display {
            sink,
            started: now,
            shown: Mutex::new(Shown {
                phase: None,
                phase_started: now,
                last_line: now,
                next_step: 0,
                last_redraw: None,
                last_done: 0,
            }),
            intro,
        }
    }

    /// Takes one report of the pipeline (from any worker thread).
    pub fn update(&self, p: &Progress) {
        if matches!(self.sink, Sink::Silent) {
            return;
        }
        let mut shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let new_phase = shown.phase != Some(p.phase);
        if new_phase {
            if shown.phase.is_none() {
                self.say(&(self.intro)(p));
            } else if shown.phase == Some(Phase::Read) && matches!(self.sink, Sink::Log) {
                // The last line of the reading phase shows its final counts.
                self.say(&self.line(p, now));
            }
            shown.phase = Some(p.phase);
            shown.phase_started = now;
            shown.last_line = now;
            shown.next_step = step(p.submissions_total);
        }
        match &self.sink {
            Sink::Bar(bar) => {
                let due = shown
                    .last_redraw
                    .is_none_or(|t| now.duration_since(t) >= Duration::from_millis(100));
                if new_phase || due || p.files_done == p.files_total {
                    shown.last_redraw = Some(now);
                    self.draw(bar, p, new_phase, shown.phase_started, now);
                }
            }
            Sink::Log if new_phase => {
                let elapsed = clock(now.duration_since(self.started));
                let phase = phase_label(p.phase);
                self.say(&tr!(
                    "progress.phase_line",
                    elapsed = elapsed,
                    phase = phase
                ));
            }
            Sink::Log => {
                let step_due = p.submissions_done >= shown.next_step && p.submissions_done > 0;
                let time_due = now.duration_since(shown.last_line) >= LOG_EVERY;
                let behind = p.submissions_done < shown.last_done;
                if p.phase == Phase::Read && (step_due || time_due) && !behind {
                    self.say(&self.line(p, now));
                    shown.last_line = now;
                    shown.last_done = p.submissions_done;
                    let s = step(p.submissions_total);
                    shown.next_step = (p.submissions_done / s + 1) * s;
                }
            }
            Sink::Silent => {}
        }
    }

    /// Clears the bar before the summary is printed.
    pub fn finish(&self) {
        if let Sink::Bar(bar) = &self.sink {
            bar.finish_and_clear();
        }
    }

    fn say(&self, line: &str) {
        match &self.sink {
            Sink::Bar(bar) => bar.println(line),
            Sink::Log => eprintln!("{line}"),
            Sink::Silent => {}
        }
    }

    /// A log line of the reading phase.
    fn line(&self, p: &Progress, now: Instant) -> String {
        let percent = (p.submissions_done * 100)
            .checked_div(p.submissions_total)
            .unwrap_or(100);
        let line = tr!(
            "progress.line",
            elapsed = clock(now.duration_since(self.started)),
            phase = phase_label(Phase::Read),
            done = p.submissions_done,
            total = p.submissions_total,
            percent = percent,
            files = p.files_done,
            files_total = p.files_total,
            failed = p.failed,
            unreadable = p.unreadable,
            rate = tr!(
                "progress.rate",
                rate = rate(p.files_done, now.duration_since(self.started))
            ),
        );
        line + &ocr_pages()
    }

    fn draw(&self, bar: &ProgressBar, p: &Progress, new_phase: bool, since: Instant, now: Instant) {
        if new_phase {
            let style = match p.phase {
                Phase::Read => ProgressStyle::with_template(
                    "{prefix} [{elapsed_precise}] {bar:24} {percent:>3}%  {msg}",
                ),
                // No reports come while the batch checks run: the phase's time is redrawn by
                // the bar's own tick, so the line never sits still.
                _ => ProgressStyle::with_template(
                    "{spinner} {prefix} [{elapsed_precise}] {msg}  {phase_time}",
                ),
            };
            let style = style.expect("static template").with_key(
                "phase_time",
                move |_: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = w.write_str(&tr!("progress.waiting", elapsed = human(since.elapsed())));
                },
            );
            bar.set_style(style);
            bar.set_prefix(phase_label(p.phase));
        }
        let counts = tr!(
            "progress.counts",
            done = p.submissions_done,
            total = p.submissions_total,
            files = p.files_done,
            files_total = p.files_total,
            failed = p.failed,
            unreadable = p.unreadable,
        );
        let message = match p.phase {
            Phase::Read => {
                bar.set_length(p.files_total);
                bar.set_position(p.files_done);
                let elapsed = now.duration_since(self.started);
                let mut m = format!(
                    "{counts}  {}",
                    tr!("progress.rate", rate = rate(p.files_done, elapsed))
                );
                if let Some(eta) = eta(p.files_done, p.files_total, elapsed) {
                    m.push_str(&format!("  {}", tr!("progress.eta", eta = human(eta))));
                }
                m.push_str(&ocr_pages());
                m
            }
            _ => counts,
        };
        bar.set_message(message);
    }
}

/// `  已识别扫描页 12` once OCR has read a page in this run (a scan takes seconds a page, so the
/// count shows the reading phase is moving while one long scan holds a worker); else nothing.
fn ocr_pages() -> String {
    match intake_extract::ocr::pages_recognised() {
        0 => String::new(),
        n => format!("  {}", tr!("progress.ocr", pages = n)),
    }
}

/// The phase's name in the officer's language.
pub fn phase_label(phase: Phase) -> &'static str {
    text(match phase {
        Phase::Read => "phase.read",
        Phase::BatchChecks => "phase.batch_checks",
        Phase::Write => "phase.write",
    })
}

/// Submissions between two log lines: a tenth of the batch (at least one).
fn step(total: u64) -> u64 {
    total.div_ceil(10).max(1)
}

/// Files per second, rounded to what a reader takes in: 766, 76.6, 7.66, 0.77.
pub fn rate(done: u64, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    if secs < 0.05 || done == 0 {
        return "0".into();
    }
    let r = done as f64 / secs;
    if r >= 100.0 {
        format!("{r:.0}")
    } else if r >= 10.0 {
        format!("{r:.1}")
    } else {
        format!("{r:.2}")
    }
}

/// The time left at the current rate, once there is a rate to go by.
fn eta(done: u64, total: u64, elapsed: Duration) -> Option<Duration> {
    if done == 0 || elapsed < Duration::from_secs(1) || done >= total {
        return None;
    }
    Some(elapsed.mul_f64((total - done) as f64 / done as f64))
}

/// `00:01:05`: elapsed time in a log line.
fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// A duration as people say it: 8 秒, 2 分 05 秒, 1 小时 03 分 (8 s, 2 min 05 s, 1 h 03 min).
pub fn human(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        tr!("time.seconds", s = s)
    } else if s < 3600 {
        tr!("time.minutes", m = s / 60, s = format!("{:02}", s % 60))
    } else {
        tr!(
            "time.hours",
            h = s / 3600,
            m = format!("{:02}", s / 60 % 60)
        )
    }
}

/// Seconds with one decimal under a minute (the run summary: 12.3 秒), else as [`human`].
pub fn seconds(secs: f64) -> String {
    if secs < 60.0 {
        tr!("time.seconds", s = format!("{secs:.1}"))
    } else {
        human(Duration::from_secs_f64(secs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_rounded_to_what_can_be_read() {
        let s = Duration::from_secs;
        assert_eq!(rate(7655091, Duration::from_secs(10_000)), "766");
        assert_eq!(rate(766, s(10)), "76.6");
        assert_eq!(rate(766, s(100)), "7.66");
        assert_eq!(rate(0, s(3)), "0");
        assert_eq!(rate(5, Duration::ZERO), "0");
    }

    #[test]
    fn eta_waits_for_a_rate_and_stops_at_the_end() {
        let s = Duration::from_secs;
        assert_eq!(eta(0, 10, s(5)), None);
        assert_eq!(eta(5, 10, s(5)), Some(s(5)));
        assert_eq!(eta(10, 10, s(5)), None);
    }

    #[test]
    fn log_lines_come_every_tenth() {
        assert_eq!(step(500), 50);
        assert_eq!(step(19), 2);
        assert_eq!(step(0), 1);
        assert_eq!(clock(Duration::from_secs(3725)), "01:02:05");
    }
}
