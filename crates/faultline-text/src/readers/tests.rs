//! Robustness tests: no reader panics, whatever it is given.

use super::*;

const SAMPLE_HTML: &str = r#"<!DOCTYPE html><html><head><title>Russia blocks oil | Wire</title>
<meta property="og:title" content="Russia blocks oil">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-06-20"}</script>
</head><body><nav>Home | World</nav><article><h1>Russia blocks oil</h1>
<p>MOSCOW, June 19 (Reuters) - Russia blocked the shipment of Kazakh oil, officials said.</p>
<p>Kazakhstan responded by suspending permits for 1,700 railcars of coal.</p>
<div class="share">Share this</div></article><section id="comments"><h2>3 Comments</h2>
<p>Great, thanks &amp; more</p></section><footer>© Wire</footer></body></html>"#;

const SAMPLE_RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>
<item><title>A &amp; B</title><link>https://w.example/a</link><pubDate>Mon, 20 Jun 2022 10:00:00 GMT</pubDate>
<description><![CDATA[<p>Russia met China on Monday.</p>]]></description></item>
<item><title>C</title><content:encoded>&lt;p&gt;Turkey criticized Sweden.&lt;/p&gt;</content:encoded></item>
</channel></rss>"#;

const SAMPLE_ATOM: &str = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>
<entry><title>E</title><link href="https://f.example/e"/><published>2022-06-20T00:00:00Z</published>
<content type="xhtml"><div><p>Iran accused Israel.</p></div></content></entry></feed>"#;

const SAMPLE_TEXT: &str = "Home | Articles | Title here\n\nTitle here\n\nKazakhstan suspended \
    permits for the export of coal through its territory on Monday.\n\n#tag\n\n  • 20 June, 2022\n\n\
    Comments are closed.\n";

fn sample_warc() -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{SAMPLE_HTML}");
    let mut w = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://w.example/x\r\n\
         WARC-Date: 2022-06-20T12:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    w.extend_from_slice(http.as_bytes());
    w.extend_from_slice(b"\r\n\r\n");
    w
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// Run every reader over `bytes` (and its lossy text).
fn read_all(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = detect("x", bytes);
    let _ = detect("x.xml", bytes);
    let _ = read_html(&text);
    let _ = read_plain_text(&text);
    let _ = read_feed(&text);
    let _ = read_warc(bytes);
    for line in text.lines().take(50) {
        let _ = read_jsonl_line(line);
    }
}

#[test]
fn truncated_documents_do_not_panic() {
    let warc = sample_warc();
    let warc_gz = gzip(&warc);
    let samples: Vec<&[u8]> = vec![
        SAMPLE_HTML.as_bytes(),
        SAMPLE_RSS.as_bytes(),
        SAMPLE_ATOM.as_bytes(),
        SAMPLE_TEXT.as_bytes(),
        &warc,
        &warc_gz,
    ];
    for sample in samples {
        // Every prefix for the short ones would be slow through html5ever;
        // take a spread of cut points.
        let step = (sample.len() / 60).max(1);
        for cut in (0..sample.len()).step_by(step) {
            read_all(&sample[..cut]);
        }
    }
}

#[test]
fn mutated_documents_do_not_panic() {
    let warc = sample_warc();
    let mut rng = fastrand::Rng::with_seed(0x9e37_79b9_7f4a_7c15);
    let samples: Vec<Vec<u8>> = vec![
        SAMPLE_HTML.as_bytes().to_vec(),
        SAMPLE_RSS.as_bytes().to_vec(),
        SAMPLE_ATOM.as_bytes().to_vec(),
        SAMPLE_TEXT.as_bytes().to_vec(),
        warc,
    ];
    let specials = b"<>&;\"'/=!-[]{}:,\n\r\t\x00\xff\xc3#WARC";
    for sample in &samples {
        for _ in 0..40 {
            let mut m = sample.clone();
            for _ in 0..1 + rng.usize(..8) {
                let at = rng.usize(..m.len());
                match rng.usize(..3) {
                    0 => m[at] = specials[rng.usize(..specials.len())],
                    1 => {
                        m.remove(at);
                    }
                    _ => m.insert(at, specials[rng.usize(..specials.len())]),
                }
            }
            read_all(&m);
        }
    }
}

#[test]
fn junk_does_not_panic() {
    let mut rng = fastrand::Rng::with_seed(42);
    for len in [0, 1, 2, 7, 100, 5000] {
        let junk: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
        read_all(&junk);
    }
    let cases: &[&[u8]] = &[
        b"\x1f\x8b",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage",
        b"WARC/1.0\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        b"WARC/1.0\r\nContent-Length: 18446744073709551615\r\n\r\nx",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"<rss><channel><item><title><![CDATA[x",
        b"<feed><entry><link href='x'/><content type='xhtml'><div>",
        b"<rss><item><description>&lt;p&gt;&amp;",
        b"<",
        b"&#xD800;&#99999999999;&",
        b"{\"id\": \"x\", \"date\": \"2022-06-20\", \"text\": \"\\ud800\"}",
        "MOSCOW, June 19 (Reuters".as_bytes(),
        "• • •\n\n#\n\n©\n\nBy\n\n| | |".as_bytes(),
        "ééé, Juné 19 — x".as_bytes(),
        b"<time datetime='9999-99-99'></time><meta name=date content=''>",
        b"<script type='application/ld+json'>[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{}]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]</script>",
    ];
    for c in cases {
        read_all(c);
    }
}

#[test]
fn deep_and_large_inputs_do_not_panic() {
    let deep = format!(
        "{}<p>Russia blocked the port on Monday, officials said.</p>",
        "<div>".repeat(5_000)
    );
    let a = read_html(&deep);
    assert!(a.text.contains("Russia blocked the port"));
    let deep_inline = "<b><i>".repeat(5_000);
    let _ = read_html(&deep_inline);
    let deep_xml = format!(
        "<rss><channel><item>{}</item></channel></rss>",
        "<x>".repeat(20_000)
    );
    let _ = read_feed(&deep_xml);
    let json = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let _ = read_jsonl_line(&json);
    let ld = format!("<script type='application/ld+json'>{}</script>", json);
    let _ = read_html(&ld);
    let para = "Kazakhstan suspended permits for the export of coal, the ministry said. ";
    let big = format!(
        "<html><body>{}</body></html>",
        format!("<p>{}</p>", para.repeat(20)).repeat(2_000)
    );
    let a = read_html(&big);
    assert_eq!(a.text.split("\n\n").count(), 2_000);
    let big_text = format!("{}\n\n", para.repeat(10)).repeat(5_000);
    let a = read_plain_text(&big_text);
    assert_eq!(a.text.split("\n\n").count(), 5_000);
}

#[test]
fn detection_table() {
    let cases: &[(&str, &[u8], Format)] = &[
        ("a.html", b"", Format::Html),
        ("A.HTM", b"", Format::Html),
        ("a.txt", b"<html>", Format::Text),
        ("a.jsonl", b"", Format::Jsonl),
        ("a.ndjson", b"", Format::Jsonl),
        ("a.warc", b"", Format::Warc),
        ("dir/a.warc.gz", b"", Format::Warc),
        ("a.rss", b"", Format::Rss),
        ("a.atom", b"", Format::Rss),
        (
            "a.xml",
            b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>",
            Format::Rss,
        ),
        ("a.xml", b"<rdf:RDF>", Format::Rss),
        ("a.xml", b"<Sentences>", Format::PetrarchXml),
        (
            "a.xml",
            b"<Sentence date='20080801' id='x'>",
            Format::PetrarchXml,
        ),
        ("a.xml", b"<html><body>", Format::Html),
        ("a.xml", b"junk", Format::PetrarchXml),
        ("a", b"\x1f\x8b\x08", Format::Warc),
        ("a", b"\r\nWARC/1.0\r\n", Format::Warc),
        ("a", b"<rss version='2.0'>", Format::Rss),
        ("a", b"<feedback>", Format::Text),
        ("a", b"  <div>x</div>", Format::Html),
        ("a", b"<Sentences>", Format::PetrarchXml),
        ("a", b"{\"id\":1}\n{\"id\":2}", Format::Jsonl),
        ("a", b"{ not json", Format::Jsonl),
        ("a", b"Home | News\n\nRussia met China.", Format::Text),
        ("a", b"", Format::Text),
        ("a", b"\xff\xfe\x00", Format::Text),
    ];
    for &(name, bytes, want) in cases {
        assert_eq!(
            detect(name, bytes),
            want,
            "{name} {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn gzip_members_are_read_one_by_one() {
    let one = sample_warc();
    let mut two = gzip(&one);
    let first_len = two.len();
    two.extend(gzip(&one));
    let got = read_warc(&two).unwrap();
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(Result::is_ok));
    // Damage the second member: the first record is still read, and the
    // error names the second member's offset.
    let mut damaged = two.clone();
    let len = damaged.len();
    damaged.truncate(len - 30);
    let got = read_warc(&damaged).unwrap();
    assert!(got[0].is_ok());
    let err = got.last().unwrap().as_ref().unwrap_err();
    assert!(
        matches!(err, ReaderError::Gzip { offset, .. } if *offset == first_len),
        "{err}"
    );
}

#[test]
fn hostile_nesting_is_read_as_stripped_text() {
    // 100,000 nested <div>s took the HTML parser about 15 s (its scope
    // checks walk the open elements); past MAX_NESTING the page is read as
    // tag-stripped text instead
    let deep = format!(
        "<html><head><title>T</title><script>var x = '<div>';</script></head><body>{}<p>Russia &amp; Kazakhstan met on Monday.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    assert_eq!(html::nesting_depth(&deep), 100_002);
    let a = read_html(&deep);
    assert!(
        a.text.contains("Russia & Kazakhstan met on Monday."),
        "{:?}",
        a.text
    );
    assert!(!a.text.contains("var x"), "{:?}", a.text);
    // an ordinary page keeps the full reader (title, furniture removal)
    assert_eq!(html::nesting_depth(SAMPLE_HTML), 4);
    let a = read_html(SAMPLE_HTML);
    assert!(!a.text.contains("Share this"));
}
