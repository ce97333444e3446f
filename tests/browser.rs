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

/// A Chromium session (its own profile folder) through the chromedriver on `port`.
async fn session(chromium: &Path, port: u16, profile: &Path) -> Client {
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
    tokio::time::timeout(Duration::from_secs(60), connect)
        .await
        .expect("no WebDriver session within 60 s")
        .expect("starting a Chromium session through chromedriver")
}

/// Chromium and chromedriver, or `None` (the test then skips, passing).
fn browser() -> Option<(PathBuf, PathBuf)> {
    let Some(chromium) = on_path("chromium") else {
        eprintln!(
            "skipped: `chromium` is not on PATH (Debian: apt-get install chromium chromium-driver)"
        );
        return None;
    };
    let Some(driver) = Some(PathBuf::from("/usr/bin/chromedriver"))
        .filter(|p| p.is_file())
        .or_else(|| on_path("chromedriver"))
    else {
        eprintln!(
            "skipped: chromedriver is neither /usr/bin/chromedriver nor on PATH (Debian: apt-get install chromium-driver)"
        );
        return None;
    };
    Some((chromium, driver))
}

#[test]
fn search_and_a_finding_in_headless_chromium() {
    let Some((chromium, driver)) = browser() else {
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
        let client = session(&chromium, port, &profile).await;
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

/// The integrity officer's desk in two interleaved Chromium sessions (two officers): A confirms
/// a finding with a note, B (another browser) dismisses a second, A — its page drawn before B's
/// change — dismisses a third; both reload and see all three with their history. Then the queue
/// and the evidence text views of a PDF, a DOCX and a TXT quote, each with the quote marked.
/// Screenshots: queue.png, desk.png, text-pdf.png, text-docx.png, text-txt.png.
#[test]
fn two_officers_decide_in_headless_chromium() {
    let Some((chromium, driver)) = browser() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (batch, out) = (common::root().join("corpora/demo"), tmp.path().join("out"));
    common::run(&batch, &out, &[]);
    let findings = common::jsonl(&out, "findings");
    // The submission with the most findings that have evidence.
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for f in &findings {
        if !f["evidence"].as_array().unwrap().is_empty() {
            *counts
                .entry(f["submission"].as_str().unwrap().into())
                .or_default() += 1;
        }
    }
    let (sub, n) = counts
        .iter()
        .max_by_key(|(s, n)| (**n, std::cmp::Reverse(*s)))
        .unwrap();
    assert!(*n >= 2, "no demo submission has two findings with evidence");
    let other = counts.keys().find(|s| *s != sub).unwrap();
    // One evidence item of each format, as the desk links it.
    let evidence = |ext: &str| {
        findings
            .iter()
            .flat_map(|f| {
                let own = f["submission"].as_str().unwrap().to_string();
                f["evidence"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |e| (own.clone(), e.clone()))
            })
            .find(|(_, e)| {
                e["document"].as_str().unwrap().ends_with(ext)
                    && e["quote"].as_str().unwrap().chars().count() >= 6
            })
            .map(|(own, e)| {
                let s = e["submission"].as_str().map_or(own, str::to_string);
                (s, e)
            })
            .unwrap_or_else(|| panic!("no {ext} evidence in the demo findings"))
    };
    let views = [
        ("pdf", evidence(".pdf")),
        ("docx", evidence(".docx")),
        ("txt", evidence(".txt")),
    ];
    let (_server, base) = serve(&out, &batch);
    let (_driver, port) = chromedriver(&driver, &tmp.path().join("chromedriver.log"));
    let shots = screenshot_dir();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let a = session(&chromium, port, &tmp.path().join("profile-a")).await;
        let b = session(&chromium, port, &tmp.path().join("profile-b")).await;
        let outcome = tokio::time::timeout(Duration::from_secs(180), async {
            two_officers(&a, &b, &base, [sub, other], &shots).await?;
            for (ext, (s, e)) in &views {
                text_view(&a, &base, s, e, &shots.join(format!("text-{ext}.png"))).await?;
            }
            anyhow::Ok(())
        })
        .await;
        let _ = tokio::time::timeout(Duration::from_secs(20), a.close()).await;
        let _ = tokio::time::timeout(Duration::from_secs(20), b.close()).await;
        match outcome {
            Err(_) => panic!("the browser steps took more than 180 s"),
            Ok(Err(e)) => panic!("{e:#}"),
            Ok(Ok(())) => {}
        }
    });
    eprintln!("screenshots in {}", shots.display());
}

/// Types `name` as this browser's reviewer (kept in its localStorage).
async fn set_reviewer(c: &Client, name: &str) -> anyhow::Result<()> {
    let who = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("reviewer"))
        .await?;
    who.clear().await?;
    who.send_keys(name).await?;
    c.execute(
        "arguments[0].dispatchEvent(new Event('change'));",
        vec![serde_json::to_value(&who)?],
    )
    .await?;
    Ok(())
}

/// The `.finding` sections of the page: (fingerprint, status).
async fn statuses(c: &Client) -> anyhow::Result<Vec<(String, String)>> {
    let mut got = Vec::new();
    for f in c.find_all(Locator::Css("section.finding")).await? {
        got.push((
            f.attr("data-fp").await?.unwrap_or_default(),
            f.attr("data-status").await?.unwrap_or_default(),
        ));
    }
    Ok(got)
}

/// Clicks the button for `status` of finding `fp` (with `note` typed first, if any) and waits
/// for the page to come back with the finding in that status.
async fn decide(c: &Client, fp: &str, status: &str, note: Option<&str>) -> anyhow::Result<()> {
    let section = c.find(Locator::Css(&format!("#f-{fp}"))).await?;
    if let Some(note) = note {
        let t = section.find(Locator::Css("textarea")).await?;
        t.clear().await?;
        t.send_keys(note).await?;
    }
    let button = section
        .find(Locator::Css(&format!("button[value=\"{status}\"]")))
        .await?;
    c.execute(
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![serde_json::to_value(&button)?],
    )
    .await?;
    button.click().await?;
    let done = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&format!("#f-{fp}[data-status=\"{status}\"]")))
        .await;
    if done.is_err() {
        let page = c.source().await.unwrap_or_default();
        let head: String = page.chars().take(600).collect();
        anyhow::bail!("finding {fp} did not become {status}; the page: {head}");
    }
    Ok(())
}

async fn two_officers(
    a: &Client,
    b: &Client,
    base: &str,
    [sub, other]: [&str; 2],
    shots: &Path,
) -> anyhow::Result<()> {
    let url = format!("{base}/desk/{sub}");
    // Both officers open the same submission.
    a.goto(&url).await?;
    set_reviewer(a, "王审查").await?;
    b.goto(&url).await?;
    set_reviewer(b, "李审查").await?;
    let fps: Vec<String> = statuses(a).await?.into_iter().map(|(fp, _)| fp).collect();
    ensure!(fps.len() >= 2, "{sub} shows {} findings", fps.len());
    ensure!(
        statuses(a).await?.iter().all(|(_, s)| s == "open"),
        "findings are decided before anyone decided"
    );
    // A confirms the first with a note; B, whose page predates that, dismisses the second.
    decide(a, &fps[0], "confirmed", Some("与台账核对，属实")).await?;
    decide(b, &fps[1], "dismissed", None).await?;
    // A dismisses a finding of another submission, with a note.
    a.goto(&format!("{base}/desk/{other}")).await?;
    let theirs = statuses(a).await?[0].0.clone();
    decide(a, &theirs, "dismissed", Some("误报：两处是同一数字")).await?;
    for c in [a, b] {
        c.goto(&url).await?;
        c.wait()
            .at_most(WAIT)
            .for_element(Locator::Css("section.finding"))
            .await?;
        let now = statuses(c).await?;
        let of = |fp: &str| now.iter().find(|(f, _)| f == fp).map(|(_, s)| s.clone());
        ensure!(
            of(&fps[0]).as_deref() == Some("confirmed"),
            "A's decision was lost: {now:?}"
        );
        ensure!(
            of(&fps[1]).as_deref() == Some("dismissed"),
            "B's decision was lost: {now:?}"
        );
        let h0 = history(c, &fps[0]).await?;
        ensure!(
            h0.len() == 1 && h0[0].contains("王审查 · 待处理 → 属实 · 与台账核对，属实"),
            "{h0:?}"
        );
        let h1 = history(c, &fps[1]).await?;
        ensure!(
            h1.len() == 1 && h1[0].contains("李审查 · 待处理 → 误报"),
            "{h1:?}"
        );
    }
    let verdict = a.find(Locator::Id("verdict")).await?.text().await?;
    ensure!(verdict.contains("原判定"), "verdict line {verdict:?}");
    a.execute("window.scrollTo(0, 0);", vec![]).await?;
    std::fs::write(shots.join("desk.png"), a.screenshot().await?)?;
    b.goto(&format!("{base}/desk/{other}")).await?;
    b.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&format!(
            "#f-{theirs}[data-status=\"dismissed\"]"
        )))
        .await
        .context("A's decision on the other submission is not shown to B")?;
    let note = b
        .find(Locator::Css(&format!("#f-{theirs} textarea")))
        .await?
        .prop("value")
        .await?;
    ensure!(
        note.as_deref() == Some("误报：两处是同一数字"),
        "note {note:?}"
    );
    ensure!(history(b, &theirs).await?.len() == 1, "history of {theirs}");
    // The queue: decided findings are no longer open; the dismissed filter lists both.
    a.goto(&format!("{base}/queue")).await?;
    let rows = a
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#queue tbody"))
        .await?;
    let listed = rows.html(true).await?;
    for fp in [&fps[0], &fps[1], &theirs] {
        ensure!(
            !listed.contains(fp.as_str()),
            "decided {fp} still in the open queue"
        );
    }
    ensure!(listed.contains("<tr"), "the open queue is empty");
    std::fs::write(shots.join("queue.png"), a.screenshot().await?)?;
    a.goto(&format!("{base}/queue?status=dismissed")).await?;
    let count = a
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("qcount"))
        .await?
        .text()
        .await?;
    ensure!(count.starts_with("共 2 条"), "dismissed count {count:?}");
    Ok(())
}

/// The history lines of finding `fp` on the page.
async fn history(c: &Client, fp: &str) -> anyhow::Result<Vec<String>> {
    let mut items = Vec::new();
    for li in c
        .find_all(Locator::Css(&format!("#f-{fp} ol.history li")))
        .await?
    {
        items.push(li.text().await?);
    }
    Ok(items)
}

/// The document's text view for one evidence item: the quote is marked (whitespace aside,
/// exactly the quote) and on screen.
async fn text_view(
    c: &Client,
    base: &str,
    sub: &str,
    e: &serde_json::Value,
    shot: &Path,
) -> anyhow::Result<()> {
    let enc = common::http::encode;
    let doc = e["document"].as_str().unwrap();
    let quote = e["quote"].as_str().unwrap();
    let url = format!(
        "{base}/text/{}/{}?{}q={}#hl",
        enc(sub),
        doc.split('/').map(enc).collect::<Vec<_>>().join("/"),
        e["page"]
            .as_u64()
            .map(|p| format!("page={p}&"))
            .unwrap_or_default(),
        enc(quote)
    );
    c.goto(&url).await?;
    let mark = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("mark#hl"))
        .await
        .with_context(|| format!("no highlight in {url}"))?;
    let marked = mark.text().await?;
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    ensure!(
        squash(&marked) == squash(quote),
        "marked {marked:?}, quote {quote:?}"
    );
    ensure!(mark.is_displayed().await?, "the mark is hidden");
    let in_view: bool = c
        .execute(
            "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;",
            vec![serde_json::to_value(&mark)?],
        )
        .await?
        .as_bool()
        .unwrap_or(false);
    ensure!(in_view, "the mark in {doc} is not scrolled into view");
    let orig = c
        .find(Locator::Id("orig"))
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    ensure!(orig.starts_with("/doc/"), "original link {orig:?}");
    std::fs::write(shot, c.screenshot().await?)?;
    Ok(())
}
