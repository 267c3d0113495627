//! The malformed-input corpus: every file of `tests/fixtures/malformed/`
//! (written by `scripts/malformed/gen.py`) and the large inputs made here
//! (a million attributes, gzip bombs, 50 MB lines, a named pipe) are read
//! by `faultline code` between two good documents, one run each, and all
//! of them by one `faultline ingest`. For each input the table says the
//! exit status and the message naming it; every run must not panic, take
//! less than 30 s and less than 1 GB of memory (the peak resident size of
//! the children, from `getrusage`), and the good documents before and
//! after it must come out coded and be stored.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use nix::sys::resource::{getrusage, UsageWho};

const CORPUS: &str = "tests/fixtures/malformed";
const TINY_DICTS: &str = "tests/fixtures/gold/dicts";
const MAX_TIME: Duration = Duration::from_secs(30);
/// 1 GB, in the KiB `ru_maxrss` counts.
const MAX_RSS_KIB: std::ffi::c_long = 1_000_000;
/// The good documents' text: coded by the built-in dictionaries (FRA, DEU)
/// and by the tiny ones (ARN, GON).
const GOOD: &str = "France criticized Germany. Arnor criticized Gondor.";

/// Where an input comes from.
#[derive(Clone, Copy)]
enum Source {
    /// A file of the corpus folder.
    Corpus,
    /// Made by the function into the path given.
    Made(fn(&Path)),
    /// A path as it is (`/dev/null`).
    Path(&'static str),
    /// A dictionary of `CORPUS/dicts/`, used with the tiny dictionaries.
    Dictionary,
}

struct Case {
    name: &'static str,
    from: Source,
    /// Exit status of `faultline code` with the good documents around it.
    status: i32,
    /// Expected on stderr right after the input's path; `""` for no
    /// warning naming the input at all.
    message: &'static str,
    /// A document id the input itself gives (`{path}` stands for its path).
    doc: Option<&'static str>,
}

const fn corpus(
    name: &'static str,
    status: i32,
    message: &'static str,
    doc: Option<&'static str>,
) -> Case {
    Case {
        name,
        from: Source::Corpus,
        status,
        message,
        doc,
    }
}

const PATH: Option<&str> = Some("{path}");

#[rustfmt::skip]
const CASES: &[Case] = &[
    // JSON Lines: a bad line is named and skipped, the file goes on
    corpus("jsonl-bom.jsonl", 0, "", Some("m-bom")),
    corpus("jsonl-broken.jsonl", 0, ":1: column 8: invalid JSON document", Some("m-ok")),
    corpus("jsonl-not-object.jsonl", 0, ":1: column 1: invalid JSON document: a document must be a JSON object; line skipped", Some("m-ok")),
    corpus("jsonl-missing-text.jsonl", 0, ":1: document \"x\": missing or non-string field `text`; line skipped", Some("m-ok")),
    corpus("jsonl-text-number.jsonl", 0, ":1: document \"x\": missing or non-string field `text`", None),
    corpus("jsonl-bad-date.jsonl", 0, ":1: document \"x\": bad date \"next week\"", None),
    corpus("jsonl-feb-30.jsonl", 0, ":1: document \"x\": bad date \"2022-02-30\"", None),
    corpus("jsonl-year-99999.jsonl", 0, ":1: document \"x\": bad date \"99999-01-01\"", None),
    corpus("jsonl-array-date.jsonl", 0, ":1: document \"x\": bad date", None),
    corpus("jsonl-latin1.jsonl", 0, ":1: not UTF-8; read as windows-1252 (and so is every such line)", Some("m-latin1")),
    corpus("jsonl-cp1252.jsonl", 0, ":1: not UTF-8; read as windows-1252", Some("m-cp1252")),
    corpus("jsonl-utf16le.jsonl", 0, "", Some("m-utf16le")),
    corpus("jsonl-utf16be.jsonl", 0, "", Some("m-utf16be")),
    corpus("jsonl-nul.jsonl", 0, ":1: binary data, not text (a NUL byte at column 16); line skipped", Some("m-ok")),
    corpus("jsonl-crlf.jsonl", 0, "", Some("m-crlf")),
    corpus("jsonl-empty.jsonl", 0, "", None),
    corpus("jsonl-blank-lines.jsonl", 0, "", None),
    corpus("jsonl-truncated.jsonl", 0, ":2: column 54: invalid JSON document: EOF while parsing a string", Some("m-ok")),
    corpus("jsonl-deep.jsonl", 0, ":1: column 128: invalid JSON document: recursion limit exceeded", Some("m-ok")),
    corpus("jsonl-huge-number.jsonl", 0, ":1: column 12: invalid JSON document: number out of range", None),
    corpus("jsonl-empty-text.jsonl", 0, ":1: document x: no text to code; line skipped", None),
    corpus("jsonl-bad-escape.jsonl", 0, ":1: column 46: invalid JSON document: invalid escape", None),
    corpus("jsonl-lone-surrogate.jsonl", 0, ":1: column 51: invalid JSON document", None),
    corpus("jsonl-control-char.jsonl", 0, ":1: column 45: invalid JSON document: control character", None),
    corpus("jsonl-null-fields.jsonl", 0, "", Some("{path}:1")),
    // plain text: decoded when it is not UTF-8, refused when it is binary
    corpus("text-latin1.txt", 0, ": not UTF-8; read as windows-1252", PATH),
    corpus("text-cp1252.txt", 0, ": not UTF-8; read as windows-1252", None),
    corpus("text-utf16le.txt", 0, ": not UTF-8; read as UTF-16LE", PATH),
    corpus("text-utf16be.txt", 0, ": not UTF-8; read as UTF-16BE", PATH),
    corpus("text-bom.txt", 0, "", PATH),
    corpus("text-binary.txt", 1, ": line 1: binary data, not text (a NUL byte at offset 7); file skipped", None),
    corpus("text-empty.txt", 1, ": no text to code; file skipped", None),
    corpus("text-whitespace.txt", 1, ": no text to code; file skipped", None),
    corpus("text-control-chars.txt", 0, "", PATH),
    corpus("text-long-word.txt", 0, "", None),
    corpus("text-furniture-only.txt", 1, ": no text to code; file skipped", None),
    corpus("text-one-char-lines.txt", 1, ": no text to code; file skipped", None),
    corpus("text-no-newline-punctuation.txt", 0, "", None),
    // HTML
    corpus("html-unclosed.html", 0, "", PATH),
    corpus("html-bom.html", 0, "", PATH),
    corpus("html-deep.html", 0, "", PATH),
    corpus("html-many-attributes.html", 0, ": byte 12: a tag with 3000 attributes; only the first 64 of each tag were read", PATH),
    corpus("html-script-only.html", 1, ": no text to code; file skipped", None),
    corpus("html-empty.html", 1, ": no text to code; file skipped", None),
    corpus("html-unclosed-comment.html", 1, ": no text to code; file skipped", None),
    corpus("html-bad-entities.html", 0, "", PATH),
    corpus("html-nul.html", 0, "", PATH),
    corpus("html-frameset.html", 1, ": no text to code; file skipped", None),
    corpus("html-svg-math.html", 1, ": no text to code; file skipped", None),
    corpus("html-unclosed-script.html", 0, "", PATH),
    corpus("html-quote-in-tag.html", 1, ": no text to code; file skipped", None),
    corpus("html-bad-date.html", 0, "", PATH),
    // feeds
    corpus("feed-truncated.rss", 1, ": not a readable feed: line 1: unterminated <item> (is the feed truncated?); file skipped", None),
    corpus("feed-html.rss", 1, ": not a readable feed: line 1: not an RSS or Atom feed (root element `<html>`)", None),
    corpus("feed-empty-items.rss", 0, ": document https://w.example/1: no text to code; skipped", Some("https://w.example/2")),
    corpus("feed-bad-dates.rss", 0, "", Some("https://w.example/1")),
    corpus("feed-entity-bomb.rss", 0, "", Some("https://w.example/1")),
    corpus("feed-atom-no-entries.atom", 0, "", None),
    corpus("feed-latin1.rss", 0, ": not UTF-8; read as windows-1252", Some("https://w.example/1")),
    corpus("feed-binary.rss", 1, ": line 1: binary data, not text (a NUL byte at offset 0); file skipped", None),
    // WARC: a damaged record is named, the records around it are read
    corpus("warc-truncated.warc", 0, ": record 2: WARC record 2 at byte 398: header not closed by a blank line (truncated?); skipped", Some("urn:uuid:/ok-0001")),
    corpus("warc-not-warc.warc", 1, ": not a readable WARC file: byte 0: not a WARC file: expected `WARC/`", None),
    corpus("warc-bad-length.warc", 0, ": record 1: WARC record 1 at byte 0 (https://w.example/len-0003): missing or bad Content-Length; skipped", Some("urn:uuid:/ok-0001")),
    corpus("warc-length-too-long.warc", 0, ": record 2: WARC record 2 at byte 398 (https://w.example/len-0004): block of 1000000000000 bytes runs past the end of the file", Some("urn:uuid:/ok-0001")),
    corpus("warc-gzip-garbage.warc.gz", 1, ": not a readable WARC file: byte 0: damaged gzip member", None),
    corpus("warc-gzip-truncated.warc.gz", 1, ": not a readable WARC file: byte 0: damaged gzip member: incomplete deflate stream", None),
    corpus("warc-gzip-trailing-junk.warc.gz", 0, ": record 2: byte 287: damaged gzip member: data after the last gzip member is not a gzip member; skipped", Some("urn:uuid:/ok-0001")),
    corpus("warc-empty.warc", 1, ": not a readable WARC file: byte 0: not a WARC file: expected `WARC/`, found \"\"", None),
    // PETRARCH XML and other XML
    corpus("petrarch-unterminated.xml", 1, ":2: unterminated <Sentence> element; file skipped", None),
    corpus("petrarch-latin1.xml", 1, ":3: not valid UTF-8 (first bad byte at offset 74); file skipped", None),
    corpus("xml-other.xml", 1, ": XML that is not a feed, an HTML page or PETRARCH XML (to read its text, name the format: --input html); file skipped", None),
    // no extension: chosen by content
    corpus("junk-elf", 1, ": line 1: binary data, not text (a NUL byte at offset 7); file skipped", None),
    corpus("junk-random", 1, ": line 3: binary data, not text (a NUL byte at offset 340); file skipped", None),
    corpus("junk-random-no-nul", 1, ": binary data, not text (", None),
    // dictionaries beside the tiny ones: named, and coding goes on
    Case { name: "dicts/unclosed-comment.actors.txt", from: Source::Dictionary, status: 0, message: ":2: `<!--` is never closed by `-->`: the 2 lines after it are read as a comment", doc: None },
    Case { name: "dicts/empty.verbs.txt", from: Source::Dictionary, status: 0, message: ":1: no entries: the file is empty or holds only comments", doc: None },
    Case { name: "dicts/only-comments.agents.txt", from: Source::Dictionary, status: 0, message: ":1: no entries: the file is empty or holds only comments", doc: None },
    // large inputs, made here
    Case { name: "big-attributes-1m.html", from: Source::Made(attributes_1m), status: 0, message: ": byte 6: a tag with 1000000 attributes; only the first 64 of each tag were read", doc: PATH },
    Case { name: "big-attributes-page.html", from: Source::Made(attributes_page), status: 0, message: ": byte 1587", doc: PATH },
    Case { name: "big-elements.html", from: Source::Made(elements), status: 0, message: ": byte 600061: more than 200000 elements; the rest of the page was not read", doc: PATH },
    Case { name: "big-scripts.html", from: Source::Made(scripts), status: 0, message: ": byte 3400019: more than 200000 elements; the rest of the page was not read", doc: PATH },
    Case { name: "big-nesting.html", from: Source::Made(nesting), status: 0, message: "", doc: PATH },
    Case { name: "big-html-40mb.html", from: Source::Made(html_40mb), status: 1, message: ": more than 32 MiB, the most an HTML page may hold; split it; file skipped", doc: None },
    Case { name: "big-broken-1m.jsonl", from: Source::Made(broken_1m), status: 0, message: ": 999990 more warnings not shown (1000000 in all)", doc: Some("m-last") },
    Case { name: "big-line-50mb.jsonl", from: Source::Made(line_50mb_jsonl), status: 0, message: ":1: longer than 32 MiB; line skipped", doc: Some("m-after-long") },
    Case { name: "big-line-50mb.txt", from: Source::Made(line_50mb_text), status: 1, message: ": more than 16 MiB, the most a text file (one document) may hold; split it; file skipped", doc: None },
    Case { name: "big-lines-500k.txt", from: Source::Made(lines_500k), status: 1, message: ": no text to code; file skipped", doc: None },
    Case { name: "big-random.bin", from: Source::Made(random), status: 1, message: ": line 1: binary data, not text", doc: None },
    Case { name: "big-feed-50k-items.rss", from: Source::Made(feed_50k), status: 0, message: ": 49990 more warnings not shown (50000 in all)", doc: Some("https://w.example/last") },
    Case { name: "big-warc-20k-records.warc", from: Source::Made(warc_20k), status: 0, message: "", doc: Some("urn:uuid:last") },
    Case { name: "big-bomb-3-members.warc.gz", from: Source::Made(bomb), status: 0, message: ": record 3: byte 415108: damaged gzip member: the file expands to more than 512 MiB; the records after this member were not read; skipped", doc: Some("urn:uuid:bomb") },
    Case { name: "fifo", from: Source::Made(fifo), status: 1, message: ": a named pipe, not a file; file skipped", doc: None },
    Case { name: "/dev/null", from: Source::Path("/dev/null"), status: 1, message: ": a device, not a file; file skipped", doc: None },
];

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_faultline")
}

/// A fresh temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(what: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "faultline-malformed-{}-{n}-{what}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temporary folder");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("write input");
}

fn attributes_1m(path: &Path) {
    let attrs: String = (0..1_000_000).map(|i| format!(" a{i}=\"x\"")).collect();
    write(
        path,
        format!("<html><div{attrs}><p>{GOOD}</p></div></html>").as_bytes(),
    );
}

fn attributes_page(path: &Path) {
    let tag = format!(
        "<b{}>x</b>",
        (0..64).map(|i| format!(" a{i}")).collect::<String>()
    );
    write(
        path,
        format!("<p>{GOOD}</p>{}", tag.repeat(16_000)).as_bytes(),
    );
}

fn elements(path: &Path) {
    write(
        path,
        format!("<html><body><p>{GOOD}</p>{}", "<b>".repeat(300_000)).as_bytes(),
    );
}

fn scripts(path: &Path) {
    let s = "<script></script>".repeat(300_000);
    write(path, format!("<html><body><p>{GOOD}</p>{s}").as_bytes());
}

fn nesting(path: &Path) {
    let (open, close) = ("<div>".repeat(150_000), "</div>".repeat(150_000));
    write(path, format!("{open}<p>{GOOD}</p>{close}").as_bytes());
}

fn html_40mb(path: &Path) {
    write(path, format!("<p>{}</p>", GOOD.repeat(800_000)).as_bytes());
}

fn broken_1m(path: &Path) {
    let mut s = "{\"id\": broken\n".repeat(1_000_000);
    s.push_str(&format!(
        "{{\"id\": \"m-last\", \"date\": \"2022-06-20\", \"text\": \"{GOOD}\"}}\n"
    ));
    write(path, s.as_bytes());
}

fn line_50mb_jsonl(path: &Path) {
    let text = "Russia criticized Ukraine. ".repeat(2_000_000);
    let s = format!(
        "{{\"id\": \"long\", \"date\": \"2022-06-20\", \"text\": \"{text}\"}}\n\
         {{\"id\": \"m-after-long\", \"date\": \"2022-06-20\", \"text\": \"{GOOD}\"}}\n"
    );
    write(path, s.as_bytes());
}

fn line_50mb_text(path: &Path) {
    write(
        path,
        "Russia criticized Ukraine. ".repeat(2_000_000).as_bytes(),
    );
}

fn lines_500k(path: &Path) {
    write(path, "a\n".repeat(500_000).as_bytes());
}

fn random(path: &Path) {
    let mut rng = fastrand::Rng::with_seed(7);
    let bytes: Vec<u8> = (0..4 << 20).map(|_| rng.u8(..)).collect();
    write(path, &bytes);
}

fn feed_50k(path: &Path) {
    let item = |i: &str, text: &str| {
        format!(
            "<item><title>T</title><link>https://w.example/{i}</link>\
             <pubDate>Mon, 20 Jun 2022 10:00:00 GMT</pubDate><description>{text}</description></item>"
        )
    };
    let empty: String = (0..50_000).map(|i| item(&i.to_string(), "")).collect();
    let s = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>W</title>{empty}{}</channel></rss>",
        item("last", GOOD)
    );
    write(path, s.as_bytes());
}

fn warc_record(id: &str, kind: &str, body: &[u8]) -> Vec<u8> {
    let http = if kind == "response" {
        [
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".as_slice(),
            body,
        ]
        .concat()
    } else {
        body.to_vec()
    };
    let head = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://w.example/{id}\r\n\
         WARC-Date: 2022-06-20T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    );
    [head.as_bytes(), &http, b"\r\n\r\n"].concat()
}

fn warc_20k(path: &Path) {
    let mut data = Vec::new();
    for i in 0..20_000 {
        data.extend(warc_record(&i.to_string(), "metadata", b"x: y"));
    }
    let page = format!("<html><body><p>{GOOD}</p></body></html>");
    data.extend(warc_record("last", "response", page.as_bytes()));
    write(path, &data);
}

/// A gzip member of `mib` MiB of zeros, made from one compressed MiB
/// repeated (each ends on a byte boundary and refers only to itself).
fn zeros_member(mib: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, Crc, FlushCompress};
    let zeros = vec![0u8; 1 << 20];
    let mut c = Compress::new(Compression::best(), false);
    let mut chunk = Vec::with_capacity(4096);
    c.compress_vec(&zeros, &mut chunk, FlushCompress::Full)
        .expect("deflate");
    let mut crc = Crc::new();
    for _ in 0..mib {
        crc.update(&zeros);
    }
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    for _ in 0..mib {
        out.extend_from_slice(&chunk);
    }
    out.extend_from_slice(&[3, 0]); // an empty final block
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&((mib as u32) << 20).to_le_bytes());
    out
}

fn bomb(path: &Path) {
    let page = format!("<html><body><p>{GOOD}</p></body></html>");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&warc_record("bomb", "response", page.as_bytes()))
        .expect("gzip");
    let mut data = gz.finish().expect("gzip");
    let member = zeros_member(200);
    for _ in 0..3 {
        data.extend_from_slice(&member);
    }
    write(path, &data);
}

fn fifo(path: &Path) {
    nix::unistd::mkfifo(path, nix::sys::stat::Mode::S_IRWXU).expect("mkfifo");
}

/// The peak resident size of the children waited for so far, in KiB.
fn children_peak_kib() -> std::ffi::c_long {
    getrusage(UsageWho::RUSAGE_CHILDREN).map_or(0, |u| u.max_rss())
}

fn run(args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    let out = Command::new(bin())
        .args(args)
        .output()
        .expect("run faultline");
    (out, start.elapsed())
}

/// The document ids of `code`'s events.
fn event_docs(stdout: &[u8]) -> BTreeSet<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["doc_id"].as_str().map(str::to_string))
        .collect()
}

/// Checks one run: status, message, no panic, time and memory bounds.
fn check_run(case: &Case, path: &str, out: &Output, took: Duration, problems: &mut Vec<String>) {
    let err = String::from_utf8_lossy(&out.stderr);
    let mut fail = |what: String| problems.push(format!("{}: {what}\n{err}", case.name));
    if out.status.code() != Some(case.status) {
        fail(format!(
            "exit status {:?}, want {}",
            out.status.code(),
            case.status
        ));
    }
    if err.contains("panicked") {
        fail("panicked".into());
    }
    if case.message.is_empty() {
        if err.contains(&format!("warning: {path}")) {
            fail("a warning names the input".into());
        }
    } else if !err.contains(&format!("{path}{}", case.message)) {
        fail(format!("no `{path}{}` on stderr", case.message));
    }
    if took > MAX_TIME {
        fail(format!("took {took:?}"));
    }
    let peak = children_peak_kib();
    if peak > MAX_RSS_KIB {
        fail(format!("peak memory {peak} KiB"));
    }
}

#[test]
fn malformed_inputs_are_named_bounded_and_lose_nothing() {
    let tmp = TempDir::new("inputs");
    // every corpus file has a row
    let rows: BTreeSet<&str> = CASES.iter().map(|c| c.name).collect();
    for dir in [CORPUS.to_string(), format!("{CORPUS}/dicts")] {
        for entry in std::fs::read_dir(&dir).expect("corpus folder") {
            let entry = entry.expect("corpus entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            let name = if dir.ends_with("dicts") {
                format!("dicts/{name}")
            } else {
                name
            };
            if entry.path().is_file() && name != "README.md" {
                assert!(rows.contains(name.as_str()), "{name} has no row in CASES");
            }
        }
    }
    assert!(CASES.len() >= 60);

    let before = tmp.0.join("good-before.jsonl");
    write(
        &before,
        format!("{{\"id\": \"good-before\", \"date\": \"2022-06-20\", \"text\": \"{GOOD}\"}}\n")
            .as_bytes(),
    );
    let after = tmp.0.join("good-after.txt");
    write(&after, GOOD.as_bytes());
    let (before_s, after_s) = (before.display().to_string(), after.display().to_string());

    // the inputs, made where needed
    let inputs: Vec<(&Case, String)> = CASES
        .iter()
        .map(|c| {
            let path = match c.from {
                Source::Corpus | Source::Dictionary => PathBuf::from(CORPUS).join(c.name),
                Source::Path(p) => PathBuf::from(p),
                Source::Made(make) => {
                    let p = tmp.0.join(c.name);
                    make(&p);
                    p
                }
            };
            (c, path.display().to_string())
        })
        .collect();

    // `faultline code`, one run per input, two at a time
    let problems = Mutex::new(Vec::new());
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                while let Some((case, path)) = inputs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let mut found = Vec::new();
                    let dict_dir;
                    let (out, took) = if let Source::Dictionary = case.from {
                        dict_dir = TempDir::new("dicts");
                        for f in std::fs::read_dir(TINY_DICTS).expect("tiny dictionaries") {
                            let f = f.expect("tiny dictionary").path();
                            std::fs::copy(&f, dict_dir.0.join(f.file_name().expect("name")))
                                .expect("copy");
                        }
                        let name = Path::new(path).file_name().expect("name");
                        let copy = dict_dir.0.join(name);
                        std::fs::copy(path, &copy).expect("copy");
                        let dir = dict_dir.0.display().to_string();
                        let (out, took) = run(&[
                            "code",
                            "--date",
                            "2022-06-20",
                            "--dictionaries",
                            &dir,
                            &before_s,
                            &after_s,
                        ]);
                        check_run(case, &copy.display().to_string(), &out, took, &mut found);
                        (out, took)
                    } else {
                        let (out, took) =
                            run(&["code", "--date", "2022-06-20", &before_s, path, &after_s]);
                        check_run(case, path, &out, took, &mut found);
                        (out, took)
                    };
                    let docs = event_docs(&out.stdout);
                    let mut want = vec!["good-before".to_string(), after_s.clone()];
                    want.extend(case.doc.map(|d| d.replace("{path}", path)));
                    for id in want {
                        if !docs.contains(&id) {
                            found.push(format!("{}: no events of {id}: {docs:?}", case.name));
                        }
                    }
                    eprintln!(
                        "{:<40} status {:?} {:>6.1} s",
                        case.name,
                        out.status.code(),
                        took.as_secs_f64()
                    );
                    problems
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .extend(found);
                }
            });
        }
    });

    // `faultline ingest`: every input in one batch, each between good documents
    let db = tmp.0.join("store.db");
    let db_s = db.display().to_string();
    let mut args = vec![
        "ingest".to_string(),
        "--db".into(),
        db_s.clone(),
        "--date".into(),
        "2022-06-20".into(),
    ];
    let mut good_ids = Vec::new();
    for (i, (case, path)) in inputs.iter().enumerate() {
        if let Source::Dictionary = case.from {
            continue;
        }
        let good = tmp.0.join(format!("good-{i}.jsonl"));
        let id = format!("good-{i}");
        write(
            &good,
            format!("{{\"id\": \"{id}\", \"date\": \"2022-06-20\", \"text\": \"{GOOD} ({i})\"}}\n")
                .as_bytes(),
        );
        args.push(good.display().to_string());
        args.push(path.clone());
        good_ids.push(id);
    }
    args.push(after_s.clone());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (out, took) = run(&args);
    let err = String::from_utf8_lossy(&out.stderr);
    let mut problems = problems.into_inner().unwrap_or_else(|e| e.into_inner());
    if out.status.code() != Some(1) || err.contains("panicked") {
        problems.push(format!("ingest: status {:?}\n{err}", out.status.code()));
    }
    let peak = children_peak_kib();
    eprintln!(
        "ingest of all inputs: {:.1} s; peak memory of every run: {} MB",
        took.as_secs_f64(),
        peak / 1000
    );
    if peak > MAX_RSS_KIB {
        problems.push(format!("peak memory {peak} KiB"));
    }
    let (export, _) = run(&["export", "--db", &db_s, "--table", "documents"]);
    let stored: BTreeSet<String> = String::from_utf8_lossy(&export.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["doc_id"].as_str().map(str::to_string))
        .collect();
    for id in good_ids.iter().chain([&after_s]) {
        if !stored.contains(id) {
            problems.push(format!("ingest: {id} not stored"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
