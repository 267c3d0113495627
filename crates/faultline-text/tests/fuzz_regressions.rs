//! Inputs the fuzzers of `fuzz/` (see FUZZING.md) found, or that reading
//! the code for them showed, replayed through the same calls as their
//! target so that `cargo test` checks them without the fuzzer. Files in
//! `fuzz/regressions/<target>/` are replayed whole; the named tests say
//! what each case was.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use faultline_text::{read_feed, read_html, read_petrarch_xml, read_plain_text, read_warc};

/// The saved inputs of one fuzz target (none is fine: not every target
/// found something).
fn regressions(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<(String, Vec<u8>)> = entries
        .filter_map(Result::ok)
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).expect("readable regression file"))
        })
        .collect();
    files.sort();
    files
}

/// Runs `f` and fails if it takes longer than `limit` (unoptimised code on
/// a busy machine: the limits are generous; the quadratic cases took
/// minutes).
fn within<T>(limit: Duration, what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < limit, "{what} took {took:?} (limit {limit:?})");
    out
}

#[test]
fn saved_inputs_replay() {
    for (name, bytes) in regressions("html") {
        let text = String::from_utf8_lossy(&bytes);
        within(Duration::from_secs(10), &name, || read_html(&text));
    }
    for (name, bytes) in regressions("plain_text") {
        let text = String::from_utf8_lossy(&bytes);
        within(Duration::from_secs(10), &name, || read_plain_text(&text));
    }
    for (name, bytes) in regressions("feed") {
        let text = String::from_utf8_lossy(&bytes);
        within(Duration::from_secs(10), &name, || read_feed(&text)).ok();
    }
    for (name, bytes) in regressions("warc") {
        within(Duration::from_secs(10), &name, || read_warc(&bytes)).ok();
    }
    for (name, bytes) in regressions("petrarch_xml") {
        let text = String::from_utf8_lossy(&bytes);
        within(Duration::from_secs(10), &name, || read_petrarch_xml(&text)).ok();
    }
}

/// The HTML reader's tag pre-scan (nesting depth, tag stripping) lowered
/// the whole rest of the page for every `<script>` and looked for a `>`
/// after every lone `<`: a page of 48,000 empty scripts or 400,000 lone
/// `<` was quadratic (seconds per 200 KB, growing fourfold with each
/// doubling).
#[test]
fn many_scripts_and_lone_brackets_read_in_linear_time() {
    let scripts = format!(
        "<html><body><p>Russia blocked the port on Monday.</p>{}</body></html>",
        "<script></script>".repeat(60_000)
    );
    let a = within(Duration::from_secs(30), "60,000 scripts", || {
        read_html(&scripts)
    });
    assert!(a.text.contains("Russia blocked the port"), "{:?}", a.text);
    let brackets = format!(
        "<html><body><p>Russia blocked the port on Monday. {}</p></body>",
        "< ".repeat(500_000)
    );
    within(Duration::from_secs(30), "500,000 lone <", || {
        read_html(&brackets)
    });
}

/// The WARC reader looked for the end of each record's header twice, for
/// `\r\n\r\n` and for `\n\n`, each to the end of the file when it was not
/// there: a file of CRLF records without a `\n\n` anywhere was quadratic
/// (found by repeating a fuzzed record: 400 KB took 9 s, 800 KB 35 s).
#[test]
fn many_crlf_records_read_in_linear_time() {
    let record = "WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Date: 2023-09-21T06:00:00Z\r\n\
                  Content-Length: 2\r\n\r\nhi\r\n\r\n";
    let lost = "WARC/1.0\r\nWARC-Type: response\r\nContent-Lengthp: x\r\n\r\n<p>Tajikistan</p>\r\n";
    let warc = format!("{}{}", record.repeat(20_000), lost.repeat(20_000));
    let got = within(Duration::from_secs(30), "40,000 CRLF records", || {
        read_warc(warc.as_bytes())
    })
    .expect("a WARC file");
    // warcinfo records give no page; each record without a length is reported
    assert_eq!(got.len(), 20_000);
    assert!(got.iter().all(Result::is_err));
}
