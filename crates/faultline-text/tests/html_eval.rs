//! The team-written pages of `tests/fixtures/html-eval/` (each a
//! `source.html` and the `expected.txt` main text, a paragraph a line):
//! the HTML reader must give exactly the expected paragraphs. Each page
//! stands for one way real pages went wrong: class-name substrings
//! (`advertorial`, Blogger's `widget Blog`, `hidden-xs`, `caption-wide`,
//! `teaser-layout`, `sidebar-wrap`), text in `<div>`s, a lead paragraph in
//! the story's `<header>`, `role=tablist` accordions, "related" headings in
//! German, French, Spanish and Russian, spaces at inline tags. The same pages are the "ours"
//! set of `bench/html-compare`.

use std::path::Path;

use faultline_text::readers::{decode_html, read_html};

fn corpus() -> Vec<(String, Vec<u8>, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/html-eval");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&root).expect("tests/fixtures/html-eval") {
        let dir = entry.expect("entry").path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let html = std::fs::read(dir.join("source.html")).expect("source.html");
        let expected = std::fs::read_to_string(dir.join("expected.txt")).expect("expected.txt");
        cases.push((name, html, expected));
    }
    cases.sort();
    cases
}

#[test]
fn team_pages_give_their_main_text() {
    let cases = corpus();
    assert!(cases.len() >= 12, "{} pages", cases.len());
    let mut wrong = Vec::new();
    for (name, html, expected) in &cases {
        let article = read_html(&decode_html(html, None).text);
        let want: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
        let got: Vec<&str> = article.text.split("\n\n").collect();
        if got != want {
            wrong.push(format!("{name}:\n  got  {got:?}\n  want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn team_pages_give_their_dates() {
    let dates = [
        (
            "header-lead",
            "2023-07-18",
            "meta[property=og:article:published_time]",
        ),
        ("german-related", "2023-05-10", "JSON-LD datePublished"),
        (
            "inline-links",
            "2023-02-14",
            "meta[property=article:published_time]",
        ),
        ("blogger-widget", "2023-03-12", "text \"12 March 2023\""),
    ];
    let cases = corpus();
    for (page, iso, evidence) in dates {
        let (_, html, _) = cases.iter().find(|(n, _, _)| n == page).expect(page);
        let p = read_html(&decode_html(html, None).text)
            .published
            .unwrap_or_else(|| panic!("{page}: no date"));
        assert_eq!(
            (p.iso().as_str(), p.evidence.as_str()),
            (iso, evidence),
            "{page}"
        );
    }
}

/// `<time itemprop=datePublished>` in the page's footer dates the story;
/// one among other stories (`<aside>`) does not.
#[test]
fn time_in_footer() {
    let story = "<p>The council met on Tuesday to approve a new budget for the schools of the district, officials said.</p>";
    let page = format!(
        "<html><body><article>{story}</article><footer><p>Published \
         <time itemprop=\"datePublished\" datetime=\"2021-11-03\">3 Nov</time></p></footer></body></html>"
    );
    let p = read_html(&page).published.expect("date");
    assert_eq!(
        (p.iso().as_str(), p.evidence.as_str()),
        ("2021-11-03", "<time datetime>")
    );

    let page = format!(
        "<html><body><article>{story}</article><aside><footer>\
         <time itemprop=\"datePublished\" datetime=\"2020-01-01\">1 Jan</time></footer></aside></body></html>"
    );
    assert_eq!(read_html(&page).published, None);

    let page = format!(
        "<html><body><article>{story}<span itemprop=\"datePublished\" content=\"2019-05-06\"></span></article></body></html>"
    );
    let p = read_html(&page).published.expect("date");
    assert_eq!(p.iso(), "2019-05-06");
}

/// JSON-LD in a `<script>` with no `type` counts; other scripts do not.
#[test]
fn json_ld_without_type() {
    let body = "<body><p>The council met on Tuesday to approve a new budget for the schools of the district.</p></body>";
    let ld = r#"{"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2022-08-09"}"#;
    let page = format!("<html><head><script>{ld}</script></head>{body}</html>");
    let p = read_html(&page).published.expect("date");
    assert_eq!(
        (p.iso().as_str(), p.evidence.as_str()),
        ("2022-08-09", "JSON-LD datePublished")
    );
    let page = format!(
        "<html><head><script>var x = {{\"datePublished\": \"2022-08-09\"}};</script></head>{body}</html>"
    );
    assert_eq!(read_html(&page).published, None);
}

/// A Windows-1252 page without a declaration reads right, and so does
/// its `<title>`.
#[test]
fn undeclared_windows_1252() {
    let page = b"<html><head><title>Gr\xfcne fordern Neuwahl</title></head><body><p>Die Gr\xfcnen haben am Montag Neuwahlen gefordert, nachdem der B\xfcrgermeister zur\xfcckgetreten war \x96 zum zweiten Mal.</p></body></html>";
    let a = read_html(&decode_html(page, None).text);
    assert_eq!(a.title.as_deref(), Some("Grüne fordern Neuwahl"));
    assert_eq!(
        a.text,
        "Die Grünen haben am Montag Neuwahlen gefordert, nachdem der Bürgermeister zurückgetreten war – zum zweiten Mal."
    );
}

/// A heading's slug as an id (`sharing-with-a-single-developer`) names no
/// share bar; a story in sections is read whole; a "Related" line above
/// the story does not end it.
#[test]
fn slugs_sections_and_early_section_ends() {
    let para = |n: usize| {
        format!(
            "<p>Paragraph {n} of the story says what the council decided on Tuesday and why the \
             mayor objected to it, at some length.</p>"
        )
    };
    let page = format!(
        "<html><body><div class=\"content\"><p>Related</p>\
         <section id=\"intro\"><div class=\"wrap\">{}{}</div></section>\
         <section id=\"sharing-with-a-single-developer\"><div class=\"wrap\">{}{}</div></section>\
         <section id=\"the-vote\"><div class=\"wrap\">{}{}{}</div></section>\
         </div></body></html>",
        para(1),
        para(2),
        para(3),
        para(4),
        para(5),
        para(6),
        para(7)
    );
    let text = read_html(&page).text;
    for n in 1..=7 {
        assert!(text.contains(&format!("Paragraph {n} of")), "{n}: {text}");
    }
}
