//! The HTML report in a real browser: headless Chromium loads `index.html` made from a
//! corpus with a hostile article (`tests/fixtures/analyze/hostile`: script tags, an
//! `onerror` attribute and a `javascript:` URL in its outlet, author, title and text)
//! and dumps the DOM after its scripts ran. The conflicts must be there with their
//! quotes, the page's own script must have run, and none of the article's markup.
//!
//! Skipped (with a message) when no `chromium` or `chromium-browser` is on PATH, unless
//! CLAIMSCOPE_REQUIRE_BROWSER=1, as in `.ci/run`, which installs Debian's chromium.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;

const HOSTILE: &str = "tests/fixtures/analyze/hostile";

fn find_browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Run the browser on `page` with `args`, killed after a minute; its stdout.
fn headless(browser: &Path, profile: &Path, args: &[&str], page: &Path) -> String {
    let url = format!("file://{}", page.display());
    let mut child = Process::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the browser");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).map(|_| s)
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().expect("wait for the browser").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the browser did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader
        .join()
        .expect("reader thread")
        .expect("browser output")
}

#[test]
fn report_renders_in_chromium_and_hostile_markup_stays_text() {
    let Some(browser) = find_browser() else {
        if std::env::var("CLAIMSCOPE_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("CLAIMSCOPE_REQUIRE_BROWSER=1 but no chromium or chromium-browser on PATH");
        }
        eprintln!("skipped: no chromium or chromium-browser on PATH");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    Command::cargo_bin("claimscope")
        .unwrap()
        .args(["analyze", HOSTILE, "--out"])
        .arg(&out)
        .assert()
        .success();
    let page = out.join("index.html").canonicalize().unwrap();
    let dom = headless(
        &browser,
        &dir.path().join("profile"),
        &["--dump-dom"],
        &page,
    );
    assert!(dom.contains("</html>"), "no DOM dumped: {dom:?}");

    // The page's own script ran (so scripts were on), and nothing else did.
    assert!(
        dom.contains("data-js=\"on\""),
        "the page's script did not run"
    );
    assert!(
        dom.contains("<title>claimscope report: 2 articles from 2 outlets</title>"),
        "the document title changed"
    );
    assert!(!dom.contains("PWNED</title>"));
    assert!(!dom.contains("id=\"pwned\""), "the injected element exists");
    assert!(!dom.contains("<img"), "an injected image exists");

    // The conflict, with both quotes and the figures marked.
    let conflicts = &dom[dom.find("id=\"conflicts\"").expect("a conflicts section")..];
    let conflicts = &conflicts[..conflicts.find("</section>").unwrap()];
    assert!(conflicts.contains("Tarn valley volunteers"));
    assert!(conflicts
        .contains("<mark>Some 500 Tarn valley volunteers</mark> are clearing the flood debris"));
    assert!(conflicts.contains(
        "Only <mark>200 Tarn valley volunteers</mark> &lt;script&gt;alert(1)&lt;/script&gt;"
    ));
    assert!(conflicts.contains("Night &lt;script&gt;alert(1)&lt;/script&gt; Gazette"));
    assert!(conflicts.contains("https://harbour-watch.example/2024/02/tarn-valley-flood"));
    assert!(!conflicts.contains("javascript:"));

    // The claims table was made sortable and filterable.
    assert!(dom.contains("6 of 6 claims"), "the filter did not start");
}
