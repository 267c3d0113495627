//! Inputs found while fuzzing the readers (`fuzz/`, see FUZZING.md: by the
//! targets, by `fuzz/scale.py` repeating their corpus, or by reading the
//! code for them), kept as tests that run without the fuzzer.

use std::time::{Duration, Instant};

use faultline_text::{read_html, read_warc};

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

/// The HTML reader's tag pre-scan (nesting depth, tag stripping) lowered
/// the whole rest of the page for every `<script>` and looked for a `>`
/// after every lone `<`: pages of empty scripts or of lone `<` were
/// quadratic (fuzz build: 200 KB of scripts took 1 s, 800 KB 24 s; in this
/// test's debug build, more than 200 s).
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
/// (found by `fuzz/scale.py` repeating a fuzzed record: 100 KB took 0.7 s,
/// 400 KB 8.7 s; this test, more than 140 s).
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
