//! Side-by-side measurement of HTML main-text extractors on pages with a
//! known main text.
//!
//! An evaluation set is a folder of cases, one sub-folder each (any depth),
//! holding `source.html` and the expected main text as `expected.txt` or
//! `expected.html` (`scripts/html/build-eval-set.sh` assembles one). For
//! every candidate the tool reports, averaged over pages:
//!
//! - **recall**: the expected text is cut into snippets (sentences of four
//!   words or more); a snippet is recalled when it appears, whitespace
//!   collapsed, in the extracted text;
//! - **leak**: the page's own text is cut the same way; its snippets that
//!   do not appear in the expected text are boilerplate, and the leak is
//!   the share of them found in the extracted text;
//! - **pages/s**: pages read per second, one thread, parsing included.
//!
//! Usage: `html-compare [--only NAME,..] [--dump DIR] [--worst N] SET_DIR..`

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use scraper::{Html, Node};

type Extractor = fn(&str) -> Option<String>;

fn ours(html: &str) -> Option<String> {
    Some(faultline_text::read_html(html).text)
}

fn trafilatura(html: &str) -> Option<String> {
    let opts = trafilatura::Options::default();
    trafilatura::extract(html, &opts)
        .ok()
        .map(|r| r.content_text)
}

fn trafilatura_fallback(html: &str) -> Option<String> {
    let mut opts = trafilatura::Options::default();
    opts.enable_fallback = true;
    trafilatura::extract(html, &opts)
        .ok()
        .map(|r| r.content_text)
}

fn libreadability(html: &str) -> Option<String> {
    libreadability::extract(html, None)
        .ok()
        .map(|a| a.text_content)
}

fn dom_smoothie(html: &str) -> Option<String> {
    let mut r = dom_smoothie::Readability::new(html, None, None).ok()?;
    r.parse().ok().map(|a| a.text_content.to_string())
}

/// A combination: dom_smoothie's article HTML, then faultline's furniture
/// rules and line classifier over it.
fn dom_smoothie_then_faultline(html: &str) -> Option<String> {
    let mut r = dom_smoothie::Readability::new(html, None, None).ok()?;
    let article = r.parse().ok()?;
    Some(faultline_text::read_html(&article.content).text)
}

fn readabilityrs(html: &str) -> Option<String> {
    readabilityrs::Readability::new(html, None, None)
        .ok()?
        .parse()
        .and_then(|a| a.text_content)
}

fn llm_readability(html: &str) -> Option<String> {
    let url = url::Url::parse("https://example.com/").ok()?;
    llm_readability::extractor::extract(&mut html.as_bytes(), &url)
        .ok()
        .map(|p| p.text)
}

const CANDIDATES: &[(&str, Extractor)] = &[
    ("faultline", ours),
    ("trafilatura", trafilatura),
    ("trafilatura+fallback", trafilatura_fallback),
    ("libreadability", libreadability),
    ("dom_smoothie", dom_smoothie),
    ("dom_smoothie+faultline", dom_smoothie_then_faultline),
    ("readabilityrs", readabilityrs),
    ("llm_readability", llm_readability),
];

/// Whitespace collapsed, no-break spaces as spaces.
fn norm(s: &str) -> String {
    s.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sentences of four words or more, whitespace collapsed.
fn snippets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = norm(line);
        let mut start = 0;
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let end_of_sentence = matches!(b, b'.' | b'!' | b'?')
                && bytes.get(i + 1) == Some(&b' ')
                && bytes.get(i + 2).is_some_and(|c| c.is_ascii_uppercase());
            if end_of_sentence {
                out.push(line[start..=i].trim().to_string());
                start = i + 1;
            }
        }
        out.push(line[start..].trim().to_string());
    }
    out.retain(|s| s.split_whitespace().count() >= 4);
    out
}

const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "svg", "iframe",
];

#[rustfmt::skip]
const BLOCKS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "td", "th", "tr", "ul", "option", "button", "label",
];

/// The text of an HTML page or fragment as a browser lays it out in lines:
/// a line break at block boundaries, nothing at inline ones.
fn html_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::new();
    let mut skip_depth = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) => match n.value() {
                Node::Element(e) => {
                    let name = e.name();
                    if SKIP.contains(&name) {
                        skip_depth += 1;
                    } else if BLOCKS.contains(&name) {
                        out.push('\n');
                    }
                }
                Node::Text(t) if skip_depth == 0 => out.push_str(t),
                _ => {}
            },
            ego_tree::iter::Edge::Close(n) => {
                if let Node::Element(e) = n.value() {
                    let name = e.name();
                    if SKIP.contains(&name) {
                        skip_depth = skip_depth.saturating_sub(1);
                    } else if BLOCKS.contains(&name) {
                        out.push('\n');
                    }
                }
            }
        }
    }
    out
}

struct Case {
    name: String,
    set: String,
    html: String,
    /// Expected snippets.
    main: Vec<String>,
    /// Page snippets that are not main text.
    boiler: Vec<String>,
}

fn load_case(dir: &Path, root: &Path) -> Option<Case> {
    let bytes = std::fs::read(dir.join("source.html")).ok()?;
    let html = String::from_utf8_lossy(&bytes).into_owned();
    let expected = if let Ok(t) = std::fs::read_to_string(dir.join("expected.txt")) {
        t
    } else {
        html_text(&std::fs::read_to_string(dir.join("expected.html")).ok()?)
    };
    let main = snippets(&expected);
    if main.is_empty() {
        return None;
    }
    let expected_norm = norm(&expected);
    let mut boiler: Vec<String> = snippets(&html_text(&html))
        .into_iter()
        .filter(|s| !expected_norm.contains(s.as_str()))
        .collect();
    boiler.sort();
    boiler.dedup();
    let rel = dir.strip_prefix(root).unwrap_or(dir);
    let set = root
        .file_name()
        .map(|c| c.to_string_lossy().into_owned())
        .unwrap_or_default();
    Some(Case {
        name: format!("{set}/{}", rel.to_string_lossy()),
        set,
        html,
        main,
        boiler,
    })
}

fn find_cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    if entries.iter().any(|p| p.ends_with("source.html")) {
        out.push(dir.to_path_buf());
        return;
    }
    for p in entries {
        if p.is_dir() {
            find_cases(&p, out);
        }
    }
}

#[derive(Default, Clone)]
struct Score {
    pages: usize,
    recall_sum: f64,
    leak_sum: f64,
    leak_pages: usize,
    failed: usize,
    time: Duration,
}

impl Score {
    fn recall(&self) -> f64 {
        100.0 * self.recall_sum / self.pages.max(1) as f64
    }
    fn leak(&self) -> f64 {
        100.0 * self.leak_sum / self.leak_pages.max(1) as f64
    }
    fn rate(&self) -> f64 {
        self.pages as f64 / self.time.as_secs_f64().max(1e-9)
    }
}

fn main() {
    let mut only: Option<Vec<String>> = None;
    let mut dump: Option<PathBuf> = None;
    let mut worst = 0usize;
    let mut roots = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--only" => {
                only = args
                    .next()
                    .map(|s| s.split(',').map(str::to_string).collect())
            }
            "--dump" => dump = args.next().map(PathBuf::from),
            "--worst" => worst = args.next().and_then(|s| s.parse().ok()).unwrap_or(10),
            _ => roots.push(PathBuf::from(a)),
        }
    }
    if roots.is_empty() {
        eprintln!("usage: html-compare [--only NAME,..] [--dump DIR] [--worst N] SET_DIR..");
        std::process::exit(2);
    }
    let mut cases = Vec::new();
    for root in &roots {
        let mut dirs = Vec::new();
        find_cases(root, &mut dirs);
        cases.extend(dirs.iter().filter_map(|d| load_case(d, root)));
    }
    eprintln!("{} pages", cases.len());
    let candidates: Vec<&(&str, Extractor)> = CANDIDATES
        .iter()
        .filter(|(n, _)| only.as_ref().is_none_or(|o| o.iter().any(|x| x == n)))
        .collect();
    // candidate → set → score ("all" for every page)
    let mut table: BTreeMap<(String, usize), Score> = BTreeMap::new();
    for (ci, (name, f)) in candidates.iter().enumerate() {
        let mut per_page: Vec<(f64, f64, &str)> = Vec::new();
        for case in &cases {
            let start = Instant::now();
            let got = catch_unwind(AssertUnwindSafe(|| f(&case.html)))
                .ok()
                .flatten();
            let took = start.elapsed();
            let text = got.clone().unwrap_or_default();
            let out = norm(&text);
            let recall = case
                .main
                .iter()
                .filter(|s| out.contains(s.as_str()))
                .count() as f64
                / case.main.len() as f64;
            let leak = (!case.boiler.is_empty()).then(|| {
                case.boiler
                    .iter()
                    .filter(|s| out.contains(s.as_str()))
                    .count() as f64
                    / case.boiler.len() as f64
            });
            for key in ["all".to_string(), case.set.clone()] {
                let s = table.entry((key, ci)).or_default();
                s.pages += 1;
                s.recall_sum += recall;
                if let Some(l) = leak {
                    s.leak_sum += l;
                    s.leak_pages += 1;
                }
                s.failed += usize::from(got.is_none());
                s.time += took;
            }
            per_page.push((recall, leak.unwrap_or(0.0), &case.name));
            if let Some(d) = &dump {
                let p = d.join(name).join(case.name.replace('/', "__") + ".txt");
                if let Some(parent) = p.parent() {
                    let _ = std::fs::create_dir_all(parent);
                }
                let _ = std::fs::write(p, &text);
            }
        }
        if worst > 0 {
            per_page.sort_by(|a, b| (a.0 - a.1).total_cmp(&(b.0 - b.1)));
            eprintln!("{name}: worst pages (recall, leak)");
            for (r, l, n) in per_page.iter().take(worst) {
                eprintln!("  {:5.1} {:5.1}  {n}", 100.0 * r, 100.0 * l);
            }
        }
    }
    println!(
        "| extractor | set | pages | snippet recall % | boilerplate leak % | pages/s | no output |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|");
    for ((set, ci), s) in &table {
        println!(
            "| {} | {} | {} | {:.1} | {:.1} | {:.0} | {} |",
            candidates[*ci].0,
            set,
            s.pages,
            s.recall(),
            s.leak(),
            s.rate(),
            s.failed
        );
    }
}
