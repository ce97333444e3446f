//! The reviewers' view in a real browser: `intake serve` on the demo batch, driven in headless
//! Chromium through chromedriver (WebDriver, fantoccini). Searches a Chinese phrase and checks
//! the hits with their highlights, opens a submission with an integrity finding and checks its
//! evidence quote is on screen with the figure marked, and saves both screens as PNG under
//! `<target>/browser/`. Skips (passing) when chromium or chromedriver is not installed.

mod common;

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, ensure};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// How long one page element may take to appear.
const WAIT: Duration = Duration::from_secs(20);

/// A child process started by this test, in its own process group; dropping the guard kills the
/// group (chromedriver's Chromium processes with it) and reaps the child.
struct Guard(Child);

impl Guard {
    fn spawn(cmd: &mut Command) -> Guard {
        let program = cmd.get_program().to_string_lossy().into_owned();
        Guard(
            cmd.process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("starting {program}: {e}")),
        )
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        // The group id is the child's pid (process_group(0)); `kill -KILL -- -PID` ends the group.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.0.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `name` as an executable file in one of PATH's folders.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// `<target>/browser`: CARGO_TARGET_DIR if set (relative to the repository root), else
/// `<repo>/target`.
fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map_or_else(|| common::root().join("target"), |t| common::root().join(t));
    let dir = target.join("browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Starts `intake serve OUT --addr 127.0.0.1:0 --batch BATCH` and reads the address it prints
/// (`intake: serving … on http://ADDR/`). Returns the guard and `http://ADDR`.
fn serve(out: &Path, batch: &Path) -> (Guard, String) {
    let mut guard = Guard::spawn(
        Command::new(env!("CARGO_BIN_EXE_intake"))
            .arg("serve")
            .arg(out)
            .args(["--addr", "127.0.0.1:0", "--batch"])
            .arg(batch)
            .stdout(Stdio::piped()),
    );
    let stdout = guard.0.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    // Keeps draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx
            .recv_timeout(left)
            .unwrap_or_else(|e| panic!("`intake serve` printed no address within 30 s ({e})"));
        if let Some((_, url)) = line.split_once(" on http://") {
            let addr = url.trim_end().trim_end_matches('/');
            return (guard, format!("http://{addr}"));
        }
    }
}

/// Starts chromedriver on a free loopback port (its output to `log`) and waits until it accepts
/// connections. Panics with the log if it exits or is not up within 20 s.
fn chromedriver(driver: &Path, log: &Path) -> (Guard, u16) {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let file = std::fs::File::create(log).unwrap();
    let mut guard = Guard::spawn(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file),
    );
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(20);
    let log_text = || std::fs::read_to_string(log).unwrap_or_default();
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok() {
            return (guard, port);
        }
        if let Ok(Some(status)) = guard.0.try_wait() {
            panic!(
                "chromedriver exited ({status}) before listening on {port}:\n{}",
                log_text()
            );
        }
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen on port {port} within 20 s:\n{}",
            log_text()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn search_and_a_finding_in_headless_chromium() {
    let Some(chromium) = on_path("chromium") else {
        eprintln!(
            "skipped: `chromium` is not on PATH (Debian: apt-get install chromium chromium-driver)"
        );
        return;
    };
    let Some(driver) = Some(PathBuf::from("/usr/bin/chromedriver"))
        .filter(|p| p.is_file())
        .or_else(|| on_path("chromedriver"))
    else {
        eprintln!(
            "skipped: chromedriver is neither /usr/bin/chromedriver nor on PATH (Debian: apt-get install chromium-driver)"
        );
        return;
    };

    let tmp = tempfile::tempdir().unwrap();
    let (batch, out) = (common::root().join("corpora/demo"), tmp.path().join("out"));
    common::run(&batch, &out, &[]);
    let (_server, base) = serve(&out, &batch);
    let (_driver, port) = chromedriver(&driver, &tmp.path().join("chromedriver.log"));
    let profile = tmp.path().join("chromium-profile");
    let shots = screenshot_dir();

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                    format!("--user-data-dir={}", profile.display()),
                ],
            }),
        );
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(caps);
        let webdriver = format!("http://127.0.0.1:{port}");
        let connect = builder.connect(&webdriver);
        let client = tokio::time::timeout(Duration::from_secs(60), connect)
            .await
            .expect("no WebDriver session within 60 s")
            .expect("starting a Chromium session through chromedriver");
        let outcome = tokio::time::timeout(Duration::from_secs(120), async {
            search_page(&client, &base, &shots.join("search.png")).await?;
            submission_page(&client, &base, &shots.join("submission.png")).await
        })
        .await;
        // End the session (Chromium quits) before judging; the guards kill what is left.
        let _ = tokio::time::timeout(Duration::from_secs(20), client.close()).await;
        match outcome {
            Err(_) => panic!("the browser steps took more than 120 s"),
            Ok(Err(e)) => panic!("{e:#}"),
            Ok(Ok(())) => {}
        }
    });
    eprintln!(
        "screenshots: {} and {}",
        shots.join("search.png").display(),
        shots.join("submission.png").display()
    );
}

/// The search page: 四阶闭环, typed and submitted, finds the passage both applicants share
/// (sub-0015's DOCX, sub-0016's PDF page 2; tests/search.rs), each snippet marking the phrase.
async fn search_page(c: &Client, base: &str, shot: &Path) -> anyhow::Result<()> {
    c.goto(&format!("{base}/")).await?;
    let q = c.wait().at_most(WAIT).for_element(Locator::Id("q")).await?;
    q.send_keys("四阶闭环").await?;
    ensure!(
        q.prop("value").await?.as_deref() == Some("四阶闭环"),
        "the search box holds {:?}",
        q.prop("value").await?
    );
    c.find(Locator::Id("go")).await?.click().await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#hits li.hit"))
        .await
        .context("no hits list after searching 四阶闭环")?;
    let count = c.find(Locator::Id("count")).await?.text().await?;
    ensure!(count == "共 2 条结果", "count line: {count:?}");
    let mut got = Vec::new();
    for hit in c.find_all(Locator::Css("#hits li.hit")).await? {
        let sub = hit.find(Locator::Css("a.sub")).await?.text().await?;
        let doc = hit.find(Locator::Css("a.doc")).await?.text().await?;
        let mut marks = Vec::new();
        for m in hit
            .find_all(Locator::Css("blockquote.snippet mark"))
            .await?
        {
            ensure!(m.is_displayed().await?, "a mark of {sub} is hidden");
            marks.push(m.text().await?);
        }
        ensure!(
            !marks.is_empty() && marks.iter().all(|m| m == "四阶闭环"),
            "{sub} {doc}: marks {marks:?}"
        );
        got.push((sub, doc));
    }
    got.sort();
    let want = [
        ("sub-0015", "申报书.docx"),
        ("sub-0016", "申报书.pdf · 第2页"),
    ];
    ensure!(
        got.iter()
            .map(|(s, d)| (s.as_str(), d.as_str()))
            .eq(want.iter().copied()),
        "hits {got:?}, expected {want:?}"
    );
    std::fs::write(shot, c.screenshot().await?).with_context(|| shot.display().to_string())?;
    Ok(())
}

/// sub-0005's page: its inconsistent_value finding shows both evidence quotes (tests/demo.rs
/// named_findings_with_their_evidence), the DOCX one exactly `仪器设备原值1,860万元` with the
/// figure `1,860万元` marked.
async fn submission_page(c: &Client, base: &str, shot: &Path) -> anyhow::Result<()> {
    c.goto(&format!("{base}/sub/sub-0005")).await?;
    let finding = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(
            r#"#detail .finding[data-rule="integrity.inconsistent_value"]"#,
        ))
        .await
        .context("the report drew no inconsistent_value finding for sub-0005")?;
    let url = c.current_url().await?;
    ensure!(url.fragment() == Some("sub=sub-0005"), "landed on {url}");
    let title = c.find(Locator::Css("#detail h2")).await?.text().await?;
    ensure!(title.contains("申报 sub-0005"), "detail heading {title:?}");
    ensure!(
        !c.find(Locator::Id("list")).await?.is_displayed().await?,
        "the submissions list is still shown over the detail"
    );
    let msg = finding.find(Locator::Css(".msg")).await?.text().await?;
    ensure!(msg.contains("前后不一致"), "finding message {msg:?}");
    c.execute(
        "arguments[0].scrollIntoView({block: 'nearest'});",
        vec![serde_json::to_value(&finding)?],
    )
    .await?;

    let want = "仪器设备原值1,860万元";
    let mut quote = None;
    for q in finding.find_all(Locator::Css("blockquote")).await? {
        if q.text().await? == want {
            quote = Some(q);
        }
    }
    let quote =
        quote.with_context(|| format!("no evidence quote {want:?} in the finding {msg:?}"))?;
    ensure!(quote.is_displayed().await?, "the quote {want:?} is hidden");
    let mark = quote.find(Locator::Css("mark")).await?;
    let marked = mark.text().await?;
    ensure!(marked == "1,860万元", "marked {marked:?} in {want:?}");
    ensure!(mark.is_displayed().await?, "the mark is hidden");
    std::fs::write(shot, c.screenshot().await?).with_context(|| shot.display().to_string())?;
    Ok(())
}
