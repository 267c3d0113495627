//! The document readers against the fixture corpus in
//! `tests/fixtures/documents/`: every file goes through `detect` and the
//! reader it names, and what comes out (title, URL, date and its evidence,
//! the first and last words of the text, ...) is compared with
//! `expected.json`, a snapshot. Each entry's `absent` list, kept by hand,
//! names furniture that must not appear in the text.
//!
//! After a deliberate change, `UPDATE_EXPECT=1 cargo test -p faultline-text
//! --test readers` rewrites the snapshot (keeping the `absent` lists); review
//! the diff before committing it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use faultline_text::{
    detect, read_feed, read_html, read_jsonl_line, read_plain_text, read_warc, Article, Format,
    ReaderError,
};
use serde::{Deserialize, Serialize};

/// One document (or feed item, WARC record, JSON line) as the snapshot
/// records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Entry {
    /// Path below `tests/fixtures/documents/`.
    file: String,
    /// Position of the document in its file (feed item, WARC page, line).
    index: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    id: Option<String>,
    title: Option<String>,
    url: Option<String>,
    source: Option<String>,
    /// `YYYY-MM-DD`.
    published: Option<String>,
    evidence: Option<String>,
    paragraphs: usize,
    first_words: String,
    last_words: String,
    /// Furniture that must not be in the text (kept by hand).
    #[serde(default)]
    absent: Vec<String>,
}

const WORDS: usize = 8;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/documents")
}

fn is_fixture(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !(name == "expected.json" || name.ends_with(".py") || name.ends_with(".md"))
}

fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                todo.push(path);
            } else if is_fixture(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Read one file with the reader `detect` chooses.
fn read(name: &str, bytes: &[u8]) -> (Format, Vec<Result<Article, ReaderError>>) {
    let format = detect(name, bytes);
    let text = || String::from_utf8(bytes.to_vec()).expect("fixtures are UTF-8 text");
    let docs = match format {
        Format::Html => vec![Ok(read_html(&text()))],
        Format::Text => vec![Ok(read_plain_text(&text()))],
        Format::Rss => match read_feed(&text()) {
            Ok(items) => items.into_iter().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        },
        Format::Warc => read_warc(bytes).unwrap_or_else(|e| vec![Err(e)]),
        Format::Jsonl => text()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(read_jsonl_line)
            .collect(),
        Format::PetrarchXml => panic!("{name}: detected as PETRARCH XML"),
    };
    (format, docs)
}

fn words(text: &str, first: bool) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    let n = all.len().min(WORDS);
    let slice = if first {
        &all[..n]
    } else {
        &all[all.len() - n..]
    };
    slice.join(" ")
}

fn entry(file: &str, index: usize, doc: &Result<Article, ReaderError>) -> Entry {
    match doc {
        Ok(a) => Entry {
            file: file.to_string(),
            index,
            error: None,
            id: a.id.clone(),
            title: a.title.clone(),
            url: a.url.clone(),
            source: a.source.clone(),
            published: a.published.as_ref().map(|p| p.iso()),
            evidence: a.published.as_ref().map(|p| p.evidence.clone()),
            paragraphs: if a.text.is_empty() {
                0
            } else {
                a.text.split("\n\n").count()
            },
            first_words: words(&a.text, true),
            last_words: words(&a.text, false),
            absent: Vec::new(),
        },
        Err(e) => Entry {
            file: file.to_string(),
            index,
            error: Some(e.to_string()),
            id: None,
            title: None,
            url: None,
            source: None,
            published: None,
            evidence: None,
            paragraphs: 0,
            first_words: String::new(),
            last_words: String::new(),
            absent: Vec::new(),
        },
    }
}

/// Every fixture read: its entries, the texts (for the `absent` checks)
/// and the format of each file.
fn read_corpus() -> (Vec<Entry>, Vec<String>, BTreeMap<String, Format>) {
    let dir = fixtures_dir();
    let mut entries = Vec::new();
    let mut texts = Vec::new();
    let mut formats = BTreeMap::new();
    for path in fixture_files(&dir) {
        let rel = path
            .strip_prefix(&dir)
            .expect("below the fixtures folder")
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let (format, docs) = read(&rel, &bytes);
        formats.insert(rel.clone(), format);
        for (i, doc) in docs.iter().enumerate() {
            entries.push(entry(&rel, i, doc));
            texts.push(doc.as_ref().map(|a| a.text.clone()).unwrap_or_default());
        }
    }
    (entries, texts, formats)
}

fn show(v: &Option<String>) -> String {
    match v {
        Some(s) => format!("{s:?}"),
        None => "null".into(),
    }
}

/// Field-by-field differences, ignoring `absent`.
fn differences(want: &Entry, got: &Entry) -> Vec<String> {
    let mut out = Vec::new();
    let mut cmp = |field: &str, w: String, g: String| {
        if w != g {
            out.push(format!(
                "    {field}:\n      expected {w}\n      actual   {g}"
            ));
        }
    };
    cmp("error", show(&want.error), show(&got.error));
    cmp("id", show(&want.id), show(&got.id));
    cmp("title", show(&want.title), show(&got.title));
    cmp("url", show(&want.url), show(&got.url));
    cmp("source", show(&want.source), show(&got.source));
    cmp("published", show(&want.published), show(&got.published));
    cmp("evidence", show(&want.evidence), show(&got.evidence));
    cmp(
        "paragraphs",
        want.paragraphs.to_string(),
        got.paragraphs.to_string(),
    );
    cmp(
        "first_words",
        format!("{:?}", want.first_words),
        format!("{:?}", got.first_words),
    );
    cmp(
        "last_words",
        format!("{:?}", want.last_words),
        format!("{:?}", got.last_words),
    );
    out
}

#[test]
fn fixtures_match_expected() {
    let expected_path = fixtures_dir().join("expected.json");
    let expected: Vec<Entry> = match std::fs::read_to_string(&expected_path) {
        Ok(s) => serde_json::from_str(&s).expect("expected.json is valid"),
        Err(_) => Vec::new(),
    };
    let (mut actual, texts, formats) = read_corpus();
    let key = |e: &Entry| (e.file.clone(), e.index);
    let by_key: BTreeMap<_, _> = expected.iter().map(|e| (key(e), e)).collect();
    for e in &mut actual {
        if let Some(old) = by_key.get(&key(e)) {
            e.absent = old.absent.clone();
        }
    }

    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let json = serde_json::to_string_pretty(&actual).expect("serialisable");
        std::fs::write(&expected_path, json + "\n").expect("write expected.json");
        eprintln!("rewrote {}", expected_path.display());
    }

    // Snapshot comparison.
    let actual_keys: BTreeMap<_, _> = actual.iter().map(|e| (key(e), e)).collect();
    let mut report = Vec::new();
    for (k, want) in &by_key {
        match actual_keys.get(k) {
            None => report.push(format!("{}#{}: expected, but not read", k.0, k.1)),
            Some(got) => {
                let diff = differences(want, got);
                if !diff.is_empty() {
                    report.push(format!("{}#{}:\n{}", k.0, k.1, diff.join("\n")));
                }
            }
        }
    }
    for k in actual_keys.keys() {
        if !by_key.contains_key(k) {
            report.push(format!("{}#{}: read, but not in expected.json", k.0, k.1));
        }
    }

    // Furniture that must not survive.
    for (e, text) in actual.iter().zip(&texts) {
        for junk in &e.absent {
            if text.contains(junk.as_str()) {
                report.push(format!(
                    "{}#{}: furniture {junk:?} is in the text",
                    e.file, e.index
                ));
            }
        }
        if e.error.is_none() && text.trim().is_empty() {
            report.push(format!("{}#{}: empty text", e.file, e.index));
        }
    }

    assert!(
        report.is_empty(),
        "{} problem(s) with the document fixtures \
         (after a deliberate change: UPDATE_EXPECT=1 cargo test -p faultline-text --test readers):\n\n{}\n",
        report.len(),
        report.join("\n\n")
    );

    // The corpus is as large as promised.
    let count = |f: Format| formats.values().filter(|&&x| x == f).count();
    assert!(count(Format::Html) >= 20, "at least 20 HTML pages");
    assert!(count(Format::Rss) >= 2, "an RSS and an Atom feed");
    assert!(count(Format::Warc) >= 2, "a .warc and a .warc.gz");
    assert!(count(Format::Jsonl) >= 1, "a JSON Lines file");
    assert!(count(Format::Text) >= 2, "scraped plain-text files");
    assert!(actual.len() >= 30, "at least 30 documents");
    assert!(actual.iter().all(|e| e.error.is_none()));
    assert!(
        actual.iter().all(|e| !e.absent.is_empty()),
        "every entry lists furniture that must be absent"
    );
}

#[test]
fn compressed_and_plain_warc_agree() {
    let dir = fixtures_dir().join("warc");
    let plain = std::fs::read(dir.join("crawl.warc")).expect("crawl.warc");
    let gz = std::fs::read(dir.join("crawl.warc.gz")).expect("crawl.warc.gz");
    let a = read_warc(&plain).expect("plain WARC");
    let b = read_warc(&gz).expect("gzip WARC");
    assert_eq!(a, b);
    assert!(a.len() >= 3 && a.iter().all(Result::is_ok));
}

#[test]
fn petrarch_files_are_detected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/petrarch");
    for name in ["GigaWord.sample.PETR.xml", "PETR.UnitTest.records.xml"] {
        let bytes = std::fs::read(dir.join(name)).expect("PETRARCH fixture");
        assert_eq!(detect(name, &bytes), Format::PetrarchXml, "{name}");
    }
}

/// The article this project is built for, as scraped (read from the
/// shared data folder beside the repository; CI has it).
#[test]
fn seed_scrape() {
    const SEED: &str = "shared/data/seed/kazakhstan-new-course-2022-06-20.txt";
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        manifest.join("../../..").join(SEED),
        Path::new("/work").join(SEED),
    ];
    let Some(path) = candidates.iter().find(|p| p.is_file()) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "seed file {SEED} not found beside the repository"
        );
        eprintln!("skipped: {SEED} not found");
        return;
    };
    let bytes = std::fs::read(path).expect("seed file");
    assert_eq!(
        detect("kazakhstan-new-course-2022-06-20.txt", &bytes),
        Format::Text
    );
    let a = read_plain_text(&String::from_utf8(bytes).expect("UTF-8"));
    assert_eq!(
        a.title.as_deref(),
        Some("Kazakhstan’s new course will change the political map of the world")
    );
    let p = a.published.as_ref().expect("a date");
    assert_eq!(p.iso(), "2022-06-20");
    assert!(p.evidence.contains("20 June, 2022"), "{}", p.evidence);
    assert!(a
        .text
        .starts_with("Kazakh President Kassym-Jomart Tokayev’s sensational speech"));
    assert!(a.text.ends_with("occupied by russia."));
    for junk in [
        "Home |",
        "Articles",
        "#infoterror",
        "20 June, 2022",
        "Comments are closed",
        "Pinterest",
        "political map of the world",
    ] {
        assert!(!a.text.contains(junk), "{junk:?} left in the text");
    }
    // Real paragraphs are kept whole, including the indented one.
    assert!(a.text.contains(
        "\n\nР. Kadyrov appealed to the CSTO members to respond harshly to Tokayev’s words.\n\n"
    ));
    assert!(a.text.contains(
        "\n\nIn May, Kazakhstan joined the sanctions against russian banks and blocked $21.6 million"
    ));
    assert_eq!(a.text.split("\n\n").count(), 23);
    assert!(a
        .text
        .split("\n\n")
        .all(|p| p == p.trim() && !p.contains('\n')));
}

/// Cut and damaged copies of every fixture go through every reader without
/// a panic.
#[test]
fn damaged_fixtures_do_not_panic() {
    let read_any = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        let _ = detect("x", bytes);
        let _ = read_html(&text);
        let _ = read_plain_text(&text);
        let _ = read_feed(&text);
        let _ = read_warc(bytes);
        for line in text.lines() {
            let _ = read_jsonl_line(line);
        }
    };
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for path in fixture_files(&fixtures_dir()) {
        let bytes = std::fs::read(&path).expect("fixture");
        for k in 0..12 {
            read_any(&bytes[..bytes.len() * k / 12]);
        }
        for _ in 0..6 {
            let mut damaged = bytes.clone();
            for _ in 0..8 {
                let at = (next() % damaged.len().max(1) as u64) as usize;
                if let Some(b) = damaged.get_mut(at) {
                    *b = b"<>&\"/\n\x00\xff"[(next() % 8) as usize];
                }
            }
            read_any(&damaged);
        }
    }
}
