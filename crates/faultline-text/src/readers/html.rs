//! HTML pages: metadata (title, URL, site, publication date) and the main
//! text, with page furniture removed.
//!
//! The page is parsed by html5ever (through `scraper`), which accepts any
//! input the way a browser does, then copied into a flat pre-order arena:
//! a node's subtree is the index range `i..end[i]`, so every walk below is
//! a loop over indices (no recursion, whatever the nesting depth).
//!
//! The main text is found in four steps:
//!
//! 1. **Furniture** is marked by tag (`nav`, `header`, `footer`, `aside`,
//!    `script`, `form`, ...), ARIA role, hidden state, and class or id
//!    words (`share`, `comments`, `related`, `cookie`, `newsletter`,
//!    `breadcrumb`, `ad`, ...). WordPress-style state and taxonomy classes
//!    (`has-sidebar`, `comments-open`, `tag-russia`) are not evidence.
//! 2. **The container**: `[itemprop=articleBody]`, else the `<article>`,
//!    else `<main>`, provided it holds a fair share of the page's paragraph
//!    text; otherwise the element with the best Readability-style score
//!    (paragraph length and commas, credited to parent and grandparent),
//!    together with sibling blocks that score well too.
//! 3. **Blocks** (paragraphs, list items, subheadings, table cells) are
//!    cut from the container; a block made mostly of links, the title
//!    repeated, and whatever the line classifier calls furniture are
//!    dropped; a comments or related-posts heading ends the story.
//! 4. **Dates**: `article:published_time`, `og:published_time`, JSON-LD
//!    `datePublished`, `<time datetime>`, `meta[name=date|pubdate|dc.date]`,
//!    then the page's date stamps near the story, a dateline, or a date
//!    phrase in the text.
//!
//! If class words removed so much that no real paragraph is left (a page
//! wrapped in `<div class="sidebar-layout">`, say), the page is read again
//! with tag, role and hidden rules only.

use scraper::{Html, Node};
use serde_json::Value;

use super::dates::{first_date, parse_date_value, Ymd};
use super::discover::{date_from_text, published, same_title, YearHints};
use super::furniture::{classify_line, LineKind};
use super::{Article, Published};

/// Node 0 is the document (or fragment) root.
const ROOT: usize = 0;

enum Kind {
    Root,
    Element {
        tag: String,
        attrs: Vec<(String, String)>,
    },
    Text(String),
}

/// The page as a flat pre-order arena.
struct Dom {
    kind: Vec<Kind>,
    parent: Vec<usize>,
    /// `end[i]`: one past the last node of `i`'s subtree.
    end: Vec<usize>,
    /// Non-space characters of text in the subtree.
    text_len: Vec<usize>,
    /// Non-space characters of text inside `<a>` in the subtree.
    link_len: Vec<usize>,
    /// Commas in the subtree's text.
    commas: Vec<usize>,
}

impl Dom {
    fn build(html: &Html) -> Dom {
        let mut kind = vec![Kind::Root];
        let mut parent = vec![ROOT];
        let mut stack = vec![ROOT];
        let tree_root = html.tree.root().id();
        for edge in html.tree.root().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(n) => {
                    let top = stack.last().copied().unwrap_or(ROOT);
                    match n.value() {
                        Node::Element(e) => {
                            stack.push(kind.len());
                            kind.push(Kind::Element {
                                tag: e.name().to_ascii_lowercase(),
                                attrs: e
                                    .attrs()
                                    .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
                                    .collect(),
                            });
                            parent.push(top);
                        }
                        Node::Text(t) => {
                            let t: &str = t;
                            let stored = if t.trim().is_empty() {
                                " ".to_string()
                            } else {
                                t.to_string()
                            };
                            kind.push(Kind::Text(stored));
                            parent.push(top);
                        }
                        _ => {}
                    }
                }
                ego_tree::iter::Edge::Close(n) => {
                    if n.id() != tree_root && n.value().is_element() {
                        stack.pop();
                    }
                }
            }
        }
        let n = kind.len();
        let mut dom = Dom {
            kind,
            parent,
            end: (1..=n).collect(),
            text_len: vec![0; n],
            link_len: vec![0; n],
            commas: vec![0; n],
        };
        for i in (1..n).rev() {
            if let Kind::Text(t) = &dom.kind[i] {
                dom.text_len[i] = t.chars().filter(|c| !c.is_whitespace()).count();
                dom.commas[i] = t.matches(',').count();
            }
            if dom.tag(i) == Some("a") {
                dom.link_len[i] = dom.text_len[i];
            }
            let p = dom.parent[i];
            dom.end[p] = dom.end[p].max(dom.end[i]);
            dom.text_len[p] += dom.text_len[i];
            dom.link_len[p] += dom.link_len[i];
            dom.commas[p] += dom.commas[i];
        }
        dom
    }

    fn len(&self) -> usize {
        self.kind.len()
    }

    fn tag(&self, i: usize) -> Option<&str> {
        match self.kind.get(i)? {
            Kind::Element { tag, .. } => Some(tag),
            _ => None,
        }
    }

    fn attr(&self, i: usize, name: &str) -> Option<&str> {
        match self.kind.get(i)? {
            Kind::Element { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }

    fn attr_is(&self, i: usize, name: &str, value: &str) -> bool {
        self.attr(i, name)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case(value))
    }

    /// Text of `i`'s subtree, whitespace collapsed, at most about `max`
    /// bytes. Text nodes are joined as written: inline tags add no space.
    fn text(&self, i: usize, max: usize) -> String {
        let mut raw = String::new();
        for j in i..self.end[i] {
            match &self.kind[j] {
                Kind::Text(t) => {
                    raw.push_str(t);
                    if raw.len() > max {
                        break;
                    }
                }
                Kind::Element { tag, .. } if tag == "br" || BLOCK_TAGS.contains(&tag.as_str()) => {
                    raw.push(' ');
                }
                _ => {}
            }
        }
        let mut out = String::with_capacity(raw.len());
        for w in raw.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
        out
    }

    /// Children of `i`, in order.
    fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.end[i];
        let mut j = i + 1;
        std::iter::from_fn(move || {
            (j < end).then(|| {
                let c = j;
                j = self.end[j];
                c
            })
        })
    }

    fn contains(&self, ancestor: usize, node: usize) -> bool {
        ancestor <= node && node < self.end[ancestor]
    }
}

/// Why an element is furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Furn {
    /// Byline, date stamp, article header: not text, but may date the story.
    Meta,
    /// Anything else.
    Other,
}

#[rustfmt::skip]
const FURNITURE_TAGS: &[&str] = &[
    "nav", "footer", "aside", "script", "style", "noscript", "iframe", "svg", "button", "select",
    "textarea", "input", "template", "canvas", "object", "embed", "figure", "figcaption", "dialog",
    "menu", "head", "title", "link", "meta", "audio", "video", "picture", "map", "math", "address",
    "form",
];

#[rustfmt::skip]
const FURNITURE_ROLES: &[&str] = &[
    "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
    "menu", "menubar", "toolbar",
];

/// Class and id words that mark furniture. A class name is cut into words
/// at punctuation and at lower-to-upper case changes (`shareBar` is
/// `share bar`), and only whole words count: `advertorial` is no `advert`,
/// `hidden-xs` no `hidden`.
#[rustfmt::skip]
const OTHER_WORDS: &[&str] = &[
    "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adslot", "adunit",
    "adbox", "banner", "nav", "navbar", "navigation", "subnav", "menu", "menus", "submenu",
    "footer", "masthead", "widget", "widgets", "tags", "tag", "taglist", "toolbar", "pagination",
    "pager", "print", "skip", "modal", "popup", "overlay", "signup", "login", "bio", "disqus",
    "outbrain", "taboola", "trending", "popular", "recommended", "recirc", "caption", "credit",
    "credits", "share", "social", "follow", "subscribe", "newsletter", "cookie", "cookies",
    "consent", "gdpr", "related", "comments", "comment", "breadcrumb", "breadcrumbs", "sidebar",
    "promo", "promos", "sponsor", "sponsored", "rail", "teaser", "teasers", "mostread",
    "most", "also", "topbar", "sharing", "sponsors", "sidebars",
];

/// Parts of class and id names that mark furniture even inside a longer
/// word (`sharebar`, `postcomments`, `relatedposts`); only parts that no
/// common word of page content contains.
#[rustfmt::skip]
const OTHER_PARTS: &[&str] = &[
    "breadcrumb", "comment", "cookie", "newsletter", "share", "sharing", "social", "related",
    "subscribe", "outbrain", "taboola", "disqus", "consent", "gdpr", "popup", "navbar",
];

/// Words of [`OTHER_WORDS`] and parts of [`OTHER_PARTS`] that mark
/// furniture whatever the element holds: comments and other stories.
/// Any other class word (`widget`, `sidebar`, `teaser`, `caption`) is
/// overruled when the element holds most of the page's paragraph text: it
/// then wraps the story (Blogger's `widget Blog`, a `sidebar-wrap` layout).
#[rustfmt::skip]
const STRONG_WORDS: &[&str] = &[
    "comment", "comments", "disqus", "related", "outbrain", "taboola", "recirc", "cookie",
    "cookies", "consent", "gdpr", "newsletter", "subscribe",
];

/// Words that contain a part of [`OTHER_PARTS`] but are content.
const NOT_FURNITURE: &[&str] = &["commentary", "shareholder", "shareholders", "unrelated"];

/// Class and id words of bylines, date stamps and article headers.
#[rustfmt::skip]
const META_WORDS: &[&str] = &[
    "byline", "meta", "date", "time", "timestamp", "published", "posted", "author", "authors",
    "header",
];

/// Whole class names that hide an element.
#[rustfmt::skip]
const HIDING_CLASSES: &[&str] = &[
    "sr-only", "visually-hidden", "screen-reader-text", "d-none", "hidden", "hide", "invisible",
];

/// Class-name beginnings and endings that describe a state or a taxonomy,
/// not a part of the page (`has-sidebar`, `comments-open`, `tag-russia`).
#[rustfmt::skip]
const STATE_PREFIXES: &[&str] = &[
    "has-", "with-", "no-", "is-", "show-", "tag-", "category-", "cat-", "format-", "status-",
    "type-", "post-type-", "single-", "page-template",
];
const STATE_SUFFIXES: &[&str] = &["-open", "-closed", "-enabled", "-active", "-disabled"];

/// The words of a class or id name, lower-cased: cut at anything not a
/// letter or digit and where a lower-case letter meets an upper-case one.
fn class_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Class and id names of more words than this are slugs of headings.
const MAX_NAME_WORDS: usize = 4;

/// What class or id names say of an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClassSays {
    /// Comments, other stories, notices: furniture whatever it holds.
    Strong,
    /// Layout or page parts (`widget`, `sidebar`): furniture unless it
    /// holds most of the page's text.
    Weak,
    /// Byline, date stamp, article header.
    Meta,
}

fn class_furniture(value: &str) -> Option<ClassSays> {
    let mut meta = false;
    let mut weak = false;
    for name in value.split_whitespace() {
        let lower = name.to_lowercase();
        if STATE_PREFIXES.iter().any(|p| lower.starts_with(p))
            || STATE_SUFFIXES.iter().any(|s| lower.ends_with(s))
        {
            continue;
        }
        if HIDING_CLASSES.contains(&lower.as_str()) {
            return Some(ClassSays::Strong);
        }
        let words = class_words(name);
        // A long name is a slug of a heading (`sharing-with-a-single-developer`),
        // not the name of a part of the page.
        if words.len() > MAX_NAME_WORDS {
            continue;
        }
        for word in words {
            let word = word.as_str();
            if OTHER_WORDS.contains(&word) {
                if STRONG_WORDS.contains(&word) {
                    return Some(ClassSays::Strong);
                }
                weak = true;
            } else if !NOT_FURNITURE.iter().any(|n| word.starts_with(n)) {
                if let Some(part) = OTHER_PARTS.iter().find(|p| word.contains(*p)) {
                    if STRONG_WORDS.iter().any(|s| s.starts_with(part)) {
                        return Some(ClassSays::Strong);
                    }
                    weak = true;
                }
            }
            if META_WORDS.contains(&word) || word.contains("byline") {
                meta = true;
            }
        }
    }
    if weak {
        Some(ClassSays::Weak)
    } else {
        meta.then_some(ClassSays::Meta)
    }
}

/// Paragraph-text measures used to choose the container.
struct Measures {
    /// Furniture root (nearest furniture ancestor-or-self) of each node.
    furniture: Vec<Option<(usize, Furn)>>,
    /// Characters of paragraph text outside furniture, per subtree.
    clean_p: Vec<usize>,
    /// Paragraph text of each node that is a paragraph (see [`Paragraphs`]).
    para: Paragraphs,
}

/// Elements that may hold a paragraph as their own text when a page
/// writes its story without `<p>`s.
#[rustfmt::skip]
const TEXT_BLOCKS: &[&str] = &[
    "div", "section", "article", "main", "td", "blockquote", "dd",
];

/// Paragraphs: every `<p>` and `<pre>`, and every other element of
/// [`TEXT_BLOCKS`] whose own text (text not inside a nested block) is long
/// and mostly not links: a story written in `<div>`s or with `<br>`s.
struct Paragraphs {
    /// Characters of the paragraph's text, 0 where the node is none.
    len: Vec<usize>,
    /// Commas in the paragraph's text.
    commas: Vec<usize>,
}

/// Own text of at least this many non-space characters makes a block
/// other than `<p>` a paragraph.
const MIN_OWN_TEXT: usize = 80;

fn paragraphs(dom: &Dom) -> Paragraphs {
    let n = dom.len();
    // Nearest block ancestor-or-self of each node.
    let mut block = vec![ROOT; n];
    for i in 1..n {
        let is_block = dom.tag(i).is_some_and(|t| {
            // a script's or a style's text is its own, never a div's
            BLOCK_TAGS.contains(&t) || TEXT_BLOCKS.contains(&t) || FURNITURE_TAGS.contains(&t)
        });
        block[i] = if is_block { i } else { block[dom.parent[i]] };
    }
    let mut own = vec![0usize; n];
    let mut own_links = vec![0usize; n];
    let mut own_commas = vec![0usize; n];
    let mut in_link = vec![false; n];
    for i in 1..n {
        in_link[i] = in_link[dom.parent[i]] || dom.tag(i) == Some("a");
        if let Kind::Text(_) = &dom.kind[i] {
            let b = block[i];
            own[b] += dom.text_len[i];
            own_commas[b] += dom.commas[i];
            if in_link[i] {
                own_links[b] += dom.text_len[i];
            }
        }
    }
    let mut len = vec![0usize; n];
    let mut commas = vec![0usize; n];
    for i in 1..n {
        match dom.tag(i) {
            Some("p" | "pre") => {
                len[i] = dom.text_len[i];
                commas[i] = dom.commas[i];
            }
            Some(t)
                if TEXT_BLOCKS.contains(&t)
                    && own[i] >= MIN_OWN_TEXT
                    && own_links[i] * 2 < own[i] =>
            {
                len[i] = own[i];
                commas[i] = own_commas[i];
            }
            _ => {}
        }
    }
    Paragraphs { len, commas }
}

fn measure(dom: &Dom, use_classes: bool) -> Measures {
    let n = dom.len();
    let para = paragraphs(dom);
    // Paragraph text of each subtree, furniture or not (for `<form>`).
    let mut all_p = para.len.clone();
    for i in (1..n).rev() {
        let p = dom.parent[i];
        all_p[p] += all_p[i];
    }
    let total_p = all_p[ROOT].max(1);
    let mut furniture: Vec<Option<(usize, Furn)>> = vec![None; n];
    for i in 1..n {
        let inherited = furniture[dom.parent[i]];
        furniture[i] = inherited
            .or_else(|| own_furniture(dom, i, use_classes, all_p[i], total_p).map(|f| (i, f)));
    }
    let mut clean_p = vec![0usize; n];
    for i in (1..n).rev() {
        if furniture[i].is_some() {
            continue;
        }
        clean_p[i] += para.len[i];
        let p = dom.parent[i];
        clean_p[p] += clean_p[i];
    }
    Measures {
        furniture,
        clean_p,
        para,
    }
}

/// Whether an ancestor of `i` has one of `tags`.
fn inside(dom: &Dom, i: usize, tags: &[&str]) -> bool {
    let mut p = dom.parent[i];
    while p != ROOT {
        if dom.tag(p).is_some_and(|t| tags.contains(&t)) {
            return true;
        }
        p = dom.parent[p];
    }
    false
}

fn own_furniture(
    dom: &Dom,
    i: usize,
    use_classes: bool,
    p_text: usize,
    total_p: usize,
) -> Option<Furn> {
    let tag = dom.tag(i)?;
    if matches!(tag, "html" | "body" | "main") {
        return None;
    }
    if tag == "header" {
        // A story's own header may hold its lead paragraph; the page's
        // header is furniture.
        if p_text > 0 && inside(dom, i, &["article", "main"]) {
            return None;
        }
        return Some(Furn::Meta);
    }
    if tag == "form" {
        // Some sites wrap the whole page in one form.
        return (p_text * 10 < total_p * 4).then_some(Furn::Other);
    }
    if FURNITURE_TAGS.contains(&tag) {
        return Some(Furn::Other);
    }
    if let Some(role) = dom.attr(i, "role") {
        let role = role.trim().to_ascii_lowercase();
        if role == "main" {
            return None;
        }
        if FURNITURE_ROLES.contains(&role.as_str()) {
            return Some(Furn::Other);
        }
    }
    if dom.attr(i, "hidden").is_some() || dom.attr_is(i, "aria-hidden", "true") {
        return Some(Furn::Other);
    }
    if let Some(style) = dom.attr(i, "style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return Some(Furn::Other);
        }
    }
    if !use_classes || dom.attr_is(i, "itemprop", "articlebody") {
        return None;
    }
    // The story's own <article> often carries taxonomy classes.
    if tag == "article" && p_text * 4 >= total_p {
        return None;
    }
    let by_class = dom.attr(i, "class").and_then(class_furniture);
    let by_id = dom.attr(i, "id").and_then(class_furniture);
    let says = [by_class, by_id];
    if says.contains(&Some(ClassSays::Strong)) {
        return Some(Furn::Other);
    }
    // A layout word on an element that holds most of the story wraps it.
    let wraps_story = p_text * 2 >= total_p;
    if says.contains(&Some(ClassSays::Weak)) && !wraps_story {
        return Some(Furn::Other);
    }
    if says.contains(&Some(ClassSays::Meta)) && !wraps_story {
        return Some(Furn::Meta);
    }
    None
}

const POSITIVE_WORDS: &[&str] = &[
    "article", "body", "content", "entry", "main", "post", "story", "text", "prose",
];

fn positive_class(dom: &Dom, i: usize) -> bool {
    ["class", "id"].iter().any(|a| {
        dom.attr(i, a).is_some_and(|v| {
            v.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| POSITIVE_WORDS.contains(&w))
        })
    })
}

/// The nodes whose text is the story, in page order.
fn choose_container(dom: &Dom, m: &Measures) -> Vec<usize> {
    let n = dom.len();
    let total = m.clean_p[ROOT];
    let clean = |i: usize| m.furniture[i].is_none();
    if total > 0 {
        let best_of = |pred: &dyn Fn(usize) -> bool| {
            (1..n)
                .filter(|&i| clean(i) && pred(i))
                .max_by_key(|&i| (m.clean_p[i], std::cmp::Reverse(i)))
                .filter(|&i| m.clean_p[i] * 10 >= total * 3)
        };
        let anchors: [&dyn Fn(usize) -> bool; 3] = [
            &|i| dom.attr_is(i, "itemprop", "articlebody"),
            &|i| dom.tag(i) == Some("article"),
            &|i| dom.tag(i) == Some("main") || dom.attr_is(i, "role", "main"),
        ];
        for pred in anchors {
            if let Some(i) = best_of(pred) {
                return vec![i];
            }
        }
        // Readability-style scoring.
        let mut score = vec![0f64; n];
        for i in 1..n {
            let len = m.para.len[i];
            if !clean(i) || len < 25 {
                continue;
            }
            let s = 1.0 + m.para.commas[i] as f64 + (len as f64 / 100.0).min(3.0);
            let p = dom.parent[i];
            score[p] += s;
            if p != ROOT {
                score[dom.parent[p]] += s / 2.0;
            }
        }
        let adjusted = |i: usize| {
            let mut s = score[i];
            if s > 0.0 && positive_class(dom, i) {
                s += 25.0;
            }
            let links = dom.link_len[i] as f64 / dom.text_len[i].max(1) as f64;
            s * (1.0 - links)
        };
        let best = (1..n)
            .filter(|&i| clean(i) && score[i] > 0.0)
            .max_by(|&a, &b| adjusted(a).total_cmp(&adjusted(b)).then(b.cmp(&a)));
        if let Some(best) = best {
            // A story cut into sections (`<section>` after `<section>`,
            // each with its own wrappers) scores in one section only:
            // the nearest ancestor that holds nearly all the page's clean
            // paragraph text, with few links, is the story.
            if m.clean_p[best] * 5 < total * 3 {
                let mut a = dom.parent[best];
                for _ in 0..6 {
                    if a == ROOT || matches!(dom.tag(a), Some("body" | "html")) {
                        break;
                    }
                    let links = dom.link_len[a] as f64 / dom.text_len[a].max(1) as f64;
                    if m.clean_p[a] * 20 >= total * 17 && links < 0.3 {
                        return vec![a];
                    }
                    a = dom.parent[a];
                }
            }
            let top = adjusted(best);
            let parent = dom.parent[best];
            if parent == ROOT {
                return vec![best];
            }
            let threshold = (top * 0.2).max(10.0);
            return dom
                .children(parent)
                .filter(|&c| {
                    if c == best {
                        return true;
                    }
                    if !clean(c) || dom.tag(c).is_none() {
                        return false;
                    }
                    let links = dom.link_len[c] as f64 / dom.text_len[c].max(1) as f64;
                    adjusted(c) >= threshold
                        || (dom.tag(c) == Some("p") && dom.text_len[c] >= 80 && links < 0.25)
                })
                .collect();
        }
    }
    // No paragraphs at all: the body, or the whole document.
    let body = (1..n).find(|&i| dom.tag(i) == Some("body"));
    vec![body.unwrap_or(ROOT)]
}

#[rustfmt::skip]
const BLOCK_TAGS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
];

/// A line of text cut from the container: a block (paragraph, heading,
/// list item, cell), or one line of it where `<br>` breaks it.
struct Block {
    text: String,
    link_share: f64,
    /// Heading level, if the block is a heading.
    heading: Option<u8>,
    /// Node where the block ended (for page order).
    pos: usize,
    /// Lines of one paragraph (separated by single `<br>`s) share a piece
    /// number; `<br><br>` and block boundaries start a new piece.
    piece: usize,
}

#[derive(Default)]
struct LineBuf {
    text: String,
    chars: usize,
    link_chars: usize,
}

#[derive(Default)]
struct BlockBuilder {
    line: LineBuf,
    /// Finished lines of the current block, each with "starts a piece".
    lines: Vec<(LineBuf, bool)>,
    new_piece: bool,
    piece: usize,
    blocks: Vec<Block>,
}

impl BlockBuilder {
    /// A text node, as written: inline tags around it add no space
    /// ("Office for <a>Students</a>, the" is "Office for Students, the").
    fn text(&mut self, t: &str, chars: usize, link: bool) {
        self.line.text.push_str(t);
        self.line.chars += chars;
        if link {
            self.line.link_chars += chars;
        }
    }

    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        if !line.text.trim().is_empty() {
            self.lines.push((line, self.new_piece));
            self.new_piece = false;
        }
    }

    /// `<br>`: a line break; the second in a row also ends the piece.
    fn br(&mut self, second: bool) {
        self.end_line();
        if second {
            self.new_piece = true;
        }
    }

    fn flush(&mut self, heading: Option<u8>, pos: usize) {
        self.end_line();
        for (i, (line, starts_piece)) in std::mem::take(&mut self.lines).into_iter().enumerate() {
            if i == 0 || starts_piece {
                self.piece += 1;
            }
            self.blocks.push(Block {
                text: line.text.split_whitespace().collect::<Vec<_>>().join(" "),
                link_share: line.link_chars as f64 / line.chars.max(1) as f64,
                heading,
                pos,
                piece: self.piece,
            });
        }
        self.new_piece = false;
    }
}

fn heading_level(tag: &str) -> Option<u8> {
    match tag {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Cut the containers' text into blocks, skipping furniture.
fn blocks(dom: &Dom, m: &Measures, containers: &[usize]) -> Vec<Block> {
    let mut b = BlockBuilder::default();
    for &c in containers {
        // Open elements: (index, is block, heading level).
        let mut open: Vec<(usize, bool, Option<u8>)> = Vec::new();
        let mut in_link = 0usize;
        let mut last_br = false;
        let mut j = c;
        let end = dom.end[c];
        while j < end {
            while let Some(&(o, is_block, h)) = open.last() {
                if dom.end[o] > j {
                    break;
                }
                open.pop();
                if dom.tag(o) == Some("a") {
                    in_link = in_link.saturating_sub(1);
                }
                if is_block {
                    b.flush(h, o);
                }
            }
            // Furniture below the container is skipped (the container
            // itself may be inside furniture after the fallback).
            if j != c && m.furniture[j].is_some_and(|(root, _)| root == j || !dom.contains(root, c))
            {
                j = dom.end[j];
                continue;
            }
            match &dom.kind[j] {
                Kind::Text(t) => {
                    let chars = dom.text_len[j];
                    b.text(t, chars, in_link > 0);
                    if chars > 0 {
                        last_br = false;
                    }
                }
                Kind::Element { tag, .. } => {
                    let tag = tag.as_str();
                    if tag == "br" {
                        b.br(last_br);
                        last_br = true;
                    } else {
                        let is_block = BLOCK_TAGS.contains(&tag);
                        if is_block {
                            b.flush(None, j);
                            last_br = false;
                        }
                        if tag == "a" {
                            in_link += 1;
                        }
                        open.push((j, is_block, heading_level(tag)));
                    }
                }
                Kind::Root => {}
            }
            j += 1;
        }
        while let Some((o, is_block, h)) = open.pop() {
            if is_block {
                b.flush(h, o);
            }
        }
        b.flush(None, end);
    }
    b.blocks
}

/// Page metadata read from `<head>`, JSON-LD and microdata.
#[derive(Default)]
struct Meta {
    /// `meta` key (property, name or itemprop, lower-cased) → (attribute, content).
    metas: Vec<(String, &'static str, String)>,
    canonical: Option<String>,
    title_tag: Option<String>,
    first_h1: Option<String>,
    ld: LdInfo,
}

#[derive(Default)]
struct LdInfo {
    date: Option<String>,
    headline: Option<String>,
    url: Option<String>,
    publisher: Option<String>,
}

impl Meta {
    fn get(&self, key: &str) -> Option<(&'static str, &str)> {
        self.metas
            .iter()
            .find(|(k, _, v)| k == key && !v.trim().is_empty())
            .map(|(_, a, v)| (*a, v.trim()))
    }
}

fn read_meta(dom: &Dom, m: &Measures) -> Meta {
    let mut meta = Meta::default();
    for i in 1..dom.len() {
        match dom.tag(i) {
            Some("meta") => {
                let content = dom.attr(i, "content").unwrap_or("").to_string();
                for attr in ["property", "name", "itemprop"] {
                    if let Some(k) = dom.attr(i, attr) {
                        meta.metas
                            .push((k.trim().to_ascii_lowercase(), attr, content.clone()));
                    }
                }
            }
            Some("link") if meta.canonical.is_none() => {
                let rel = dom.attr(i, "rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") {
                    meta.canonical = dom
                        .attr(i, "href")
                        .map(|h| h.trim().to_string())
                        .filter(|h| !h.is_empty());
                }
            }
            Some("title") if meta.title_tag.is_none() => {
                // Not an SVG <title>.
                let in_svg = {
                    let mut p = dom.parent[i];
                    let mut found = false;
                    while p != ROOT {
                        if dom.tag(p) == Some("svg") {
                            found = true;
                            break;
                        }
                        p = dom.parent[p];
                    }
                    found
                };
                if !in_svg {
                    meta.title_tag = Some(dom.text(i, 2000)).filter(|t| !t.is_empty());
                }
            }
            Some("h1") if meta.first_h1.is_none() => {
                let ok = m.furniture[i].is_none_or(|(_, f)| f == Furn::Meta);
                if ok {
                    meta.first_h1 = Some(dom.text(i, 2000)).filter(|t| !t.is_empty());
                }
            }
            Some("script") => {
                // JSON-LD, also in a script with no type or a plain JSON one
                // (browsers ignore it, but crawlers read it)
                let ty = dom
                    .attr(i, "type")
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                if ty.contains("ld+json") {
                    read_json_ld(&dom.text(i, usize::MAX), &mut meta.ld);
                } else if ty.is_empty() || ty == "application/json" {
                    let body = dom.text(i, usize::MAX);
                    let t = body.trim_start();
                    if (t.starts_with('{') || t.starts_with('['))
                        && t.contains("schema.org")
                        && t.contains("\"@type\"")
                    {
                        read_json_ld(&body, &mut meta.ld);
                    }
                }
            }
            _ => {}
        }
    }
    meta
}

fn read_json_ld(raw: &str, ld: &mut LdInfo) {
    let cleaned = raw
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim()
        .trim_end_matches(';');
    let Ok(value) = serde_json::from_str::<Value>(cleaned) else {
        return;
    };
    // Breadth-first over objects, bounded; article-typed objects first.
    let mut queue = std::collections::VecDeque::from([(&value, 0usize)]);
    let mut objects = Vec::new();
    while let Some((v, depth)) = queue.pop_front() {
        if depth > 12 || objects.len() > 500 {
            break;
        }
        match v {
            Value::Array(items) => queue.extend(items.iter().map(|x| (x, depth + 1))),
            Value::Object(map) => {
                objects.push(map);
                queue.extend(map.values().map(|x| (x, depth + 1)));
            }
            _ => {}
        }
    }
    let is_article = |map: &serde_json::Map<String, Value>| {
        let types: Vec<&str> = match map.get("@type") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        types
            .iter()
            .any(|t| t.contains("Article") || t.contains("BlogPosting") || t.contains("Report"))
    };
    let string = |map: &serde_json::Map<String, Value>, key: &str| {
        map.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let chosen = objects
        .iter()
        .find(|m| is_article(m))
        .or_else(|| objects.iter().find(|m| m.contains_key("datePublished")));
    if let Some(map) = chosen {
        if ld.date.is_none() {
            ld.date = string(map, "datePublished");
        }
        if ld.headline.is_none() {
            ld.headline = string(map, "headline");
        }
        if ld.url.is_none() {
            ld.url = string(map, "url");
        }
        if ld.publisher.is_none() {
            ld.publisher = map.get("publisher").and_then(|p| match p {
                Value::Object(o) => string(o, "name"),
                Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
                _ => None,
            });
        }
    }
}

/// Separators between a headline and the site name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " • "];

fn choose_title(meta: &Meta) -> Option<String> {
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((_, t)) = meta.get("og:title") {
        return Some(collapse(t));
    }
    if let Some(t) = &meta.title_tag {
        if let Some(h1) = &meta.first_h1 {
            if same_title(t, h1)
                || TITLE_SEPARATORS
                    .iter()
                    .any(|s| t.split(s).next().is_some_and(|head| same_title(head, h1)))
            {
                return Some(h1.clone());
            }
        }
        if let Some((_, site)) = meta.get("og:site_name") {
            for sep in TITLE_SEPARATORS {
                if let Some((head, tail)) = t.rsplit_once(sep) {
                    if same_title(tail, site) {
                        return Some(collapse(head));
                    }
                }
            }
        }
        return Some(t.clone());
    }
    meta.ld
        .headline
        .as_ref()
        .or(meta.first_h1.as_ref())
        .map(|s| collapse(s))
}

/// Keys of `<meta property=...>` that give the publication date first.
#[rustfmt::skip]
const PUBLISHED_META: &[&str] = &[
    "article:published_time", "og:article:published_time", "og:published_time",
    "article:published",
];

/// Keys of `<meta name=...>` that give a publication date.
#[rustfmt::skip]
const DATE_META_NAMES: &[&str] = &[
    "date", "pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
    "dc.date", "dc.date.issued", "dc.date.created", "dcterms.date", "dcterms.issued",
    "dcterms.created", "article.published", "article_date_original", "original-publish-date",
    "sailthru.date", "parsely-pub-date",
];

fn meta_date(meta: &Meta, key: &str) -> Option<Published> {
    let (attr, value) = meta.get(key)?;
    let d = parse_date_value(value)?;
    Some(published(d, format!("meta[{attr}={key}]")))
}

/// `<time>` elements that may date the story: one marked as the
/// publication date (`itemprop=datePublished`, `pubdate`), else the first
/// one near the story. A marked one counts outside furniture, in a byline
/// or header, and in a footer (many sites print it at the story's end),
/// but not among other stories (`aside`, related lists). Any other element
/// marked `itemprop=datePublished` with a `datetime` or `content` value
/// counts the same way.
fn time_date(dom: &Dom, m: &Measures, scope: usize) -> Option<Published> {
    let usable = |i: usize| {
        dom.tag(i) == Some("time") && m.furniture[i].is_none_or(|(_, f)| f == Furn::Meta)
    };
    let in_footer = |i: usize| {
        m.furniture[i].is_some_and(|(root, _)| {
            dom.tag(root) == Some("footer")
                || dom.attr_is(root, "role", "contentinfo")
                || dom.contains(scope, root)
        }) && !inside(dom, i, &["aside"])
    };
    let value = |i: usize| {
        dom.attr(i, "datetime")
            .and_then(parse_date_value)
            .map(|d| (d, "<time datetime>"))
            .or_else(|| parse_date_value(&dom.text(i, 200)).map(|d| (d, "<time>")))
    };
    let marked = (1..dom.len()).find_map(|i| {
        let item_prop = dom.attr_is(i, "itemprop", "datepublished");
        let is_marked = item_prop || dom.attr(i, "pubdate").is_some();
        let placed = m.furniture[i].is_none_or(|(_, f)| f == Furn::Meta) || in_footer(i);
        if !is_marked || !placed {
            return None;
        }
        match dom.tag(i) {
            Some("time") => value(i),
            Some("meta") => None,
            _ => ["datetime", "content"]
                .iter()
                .find_map(|a| dom.attr(i, a).and_then(parse_date_value))
                .map(|d| (d, "[itemprop=datePublished]")),
        }
    });
    let near = || (scope..dom.end[scope]).find_map(|i| if usable(i) { value(i) } else { None });
    let (d, what) = marked.or_else(near)?;
    Some(published(d, what.to_string()))
}

/// Options of one extraction.
#[derive(Default)]
pub(crate) struct Options<'a> {
    /// Content of a feed item, not a whole page: no metadata, the whole
    /// fragment is the container.
    pub(crate) fragment: bool,
    /// A title known from elsewhere (a feed item's), dropped from the text.
    pub(crate) known_title: Option<&'a str>,
    /// Where a yearless dateline may take its year.
    pub(crate) hints: YearHints<'a>,
}

/// Read an HTML page: title, URL, site name, publication date and main
/// text. Never fails: a page with no readable text gives an empty `text`.
pub fn read_html(html: &str) -> Article {
    extract(html, &Options::default())
}

/// Deeper element nesting than this is not a page but an attack or a
/// broken generator: the HTML parser's scope checks are linear in the
/// depth, so such a page is read as tag-stripped text instead.
const MAX_NESTING: usize = 1_000;

/// Elements that have no end tag, or whose end tag pages often leave out;
/// they do not count towards the nesting depth.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "colgroup", "dd", "dt", "embed", "hr", "img", "input", "li",
    "link", "meta", "option", "p", "param", "source", "tbody", "td", "th", "thead", "tr", "track",
    "wbr",
];

/// One tag of a linear scan: its lower-case name, whether it closes, and
/// the byte just after it.
fn next_tag(html: &str, from: usize) -> Option<(usize, &str, bool, usize)> {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(off) = html.get(i..).and_then(|h| h.find('<')) {
        let lt = i + off;
        if html[lt..].starts_with("<!--") {
            i = html[lt..].find("-->").map_or(html.len(), |e| lt + e + 3);
            continue;
        }
        let closing = bytes.get(lt + 1) == Some(&b'/');
        let start = lt + 1 + usize::from(closing);
        let len = html[start..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        if len == 0 {
            i = lt + 1;
            continue;
        }
        // only looked for once a tag is certain: a search for each lone `<`
        // would make the scan quadratic
        let end = html[lt..].find('>').map_or(html.len(), |e| lt + e + 1);
        return Some((lt, &html[start..start + len], closing, end));
    }
    None
}

/// After the start tag of a script or style ending at `end`, where its
/// closing tag starts (its text is not markup); else `end`.
fn skip_raw_text(html: &str, name: &str, closing: bool, end: usize) -> usize {
    let raw = ["script", "style"]
        .into_iter()
        .find(|r| r.eq_ignore_ascii_case(name));
    match raw {
        Some(r) if !closing => close_tag_at(html, end, r).unwrap_or(html.len()),
        _ => end,
    }
}

/// Where the first `</name` (any case) at or after `from` starts. Searched
/// in place: lower-casing the rest of the page for each script would make
/// a page of many scripts quadratic.
fn close_tag_at(html: &str, from: usize, name: &str) -> Option<usize> {
    let mut i = from;
    while let Some(off) = html.get(i..).and_then(|h| h.find("</")) {
        let at = i + off;
        let tag = html.as_bytes().get(at + 2..at + 2 + name.len());
        if tag.is_some_and(|t| t.eq_ignore_ascii_case(name.as_bytes())) {
            return Some(at);
        }
        i = at + 2;
    }
    None
}

/// How deeply the elements of `html` nest, counted on the tags themselves
/// (no tree is built).
pub(crate) fn nesting_depth(html: &str) -> usize {
    let (mut depth, mut max, mut at) = (0usize, 0usize, 0usize);
    while let Some((_, name, closing, end)) = next_tag(html, at) {
        at = skip_raw_text(html, name, closing, end);
        let self_closing = html[..end].ends_with("/>");
        if NOT_NESTING.iter().any(|t| t.eq_ignore_ascii_case(name)) || self_closing {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// The text of `html` without its tags, scripts and styles; block tags
/// become line breaks and character references are decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut at = 0;
    while let Some((lt, name, closing, end)) = next_tag(html, at) {
        out.push_str(&html[at..lt]);
        at = skip_raw_text(html, name, closing, end);
        if at != end {
            continue;
        }
        let name = name.to_ascii_lowercase();
        let block = matches!(
            name.as_str(),
            "p" | "div"
                | "br"
                | "li"
                | "tr"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "article"
                | "section"
                | "header"
                | "footer"
                | "title"
                | "blockquote"
        );
        out.push_str(if block { "\n\n" } else { " " });
    }
    out.push_str(&html[at.min(html.len())..]);
    // the XML references and numeric ones, plus HTML's no-break space
    crate::decode_entities(&out.replace("&nbsp;", " "))
}

pub(crate) fn extract(html: &str, opts: &Options<'_>) -> Article {
    // attribute and element caps first (`limits`): the parser is quadratic in a tag's attributes
    let capped = super::limits::cap_markup(html);
    let html: &str = &capped.html;
    if nesting_depth(html) > MAX_NESTING {
        return super::plain::read_plain_text_with(&strip_tags(html), &opts.hints);
    }
    let doc = if opts.fragment {
        Html::parse_fragment(html)
    } else {
        Html::parse_document(html)
    };
    let dom = Dom::build(&doc);
    drop(doc);
    let strict = extract_with(&dom, opts, true);
    let has_real_paragraph = strict.text.split("\n\n").any(|p| p.chars().count() >= 80);
    if has_real_paragraph || dom.text_len[ROOT] < 200 {
        return strict;
    }
    let loose = extract_with(&dom, opts, false);
    if loose.text.len() > strict.text.len() {
        loose
    } else {
        strict
    }
}

fn extract_with(dom: &Dom, opts: &Options<'_>, use_classes: bool) -> Article {
    let m = measure(dom, use_classes);
    let meta = if opts.fragment {
        Meta::default()
    } else {
        read_meta(dom, &m)
    };
    let containers = if opts.fragment {
        vec![ROOT]
    } else {
        choose_container(dom, &m)
    };

    let title = if opts.fragment {
        None
    } else {
        choose_title(&meta)
    };
    let url = meta
        .get("og:url")
        .map(|(_, v)| v.to_string())
        .or_else(|| meta.canonical.clone())
        .or_else(|| meta.ld.url.clone());
    let source = meta
        .get("og:site_name")
        .map(|(_, v)| v.to_string())
        .or_else(|| meta.ld.publisher.clone())
        .or_else(|| meta.get("application-name").map(|(_, v)| v.to_string()));

    // Titles that must not come back as text.
    let mut titles: Vec<String> = Vec::new();
    titles.extend(title.clone());
    titles.extend(opts.known_title.map(str::to_string));
    for key in ["og:title", "twitter:title"] {
        titles.extend(meta.get(key).map(|(_, v)| v.to_string()));
    }
    titles.extend(meta.title_tag.clone());
    titles.extend(meta.ld.headline.clone());
    let first_h1 = meta.first_h1.clone();

    // A `<title>` such as "Site - Headline" whose headline part stands as
    // a line of the page gives that part as the title.
    let mut title = title;
    let mut title_parts: Vec<String> = Vec::new();
    if meta.get("og:title").is_none() && title.is_some() && title == meta.title_tag {
        if let Some(t) = &meta.title_tag {
            let mut parts = vec![t.clone()];
            for sep in TITLE_SEPARATORS.iter().chain(&[": "]) {
                parts = parts
                    .iter()
                    .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
                    .collect();
            }
            title_parts = parts
                .into_iter()
                .filter(|p| p.split_whitespace().count() >= 3)
                .collect();
        }
    }

    // Blocks → paragraphs.
    let mut paragraphs: Vec<String> = Vec::new();
    let mut kept_headings: Vec<bool> = Vec::new();
    let mut date_lines: Vec<(usize, Ymd, String)> = Vec::new();
    let mut last_piece = None;
    for block in blocks(dom, &m, &containers) {
        if block.link_share > 0.5 {
            continue;
        }
        if let Some(part) = title_parts.iter().find(|p| same_title(p, &block.text)) {
            title = Some(part.trim().to_string());
            titles.push(part.clone());
            title_parts.clear();
            continue;
        }
        if titles.iter().any(|t| same_title(t, &block.text))
            || (block.heading == Some(1)
                && first_h1
                    .as_deref()
                    .is_some_and(|h| same_title(h, &block.text)))
        {
            continue;
        }
        match classify_line(&block.text) {
            LineKind::Content => {
                match paragraphs.last_mut() {
                    Some(last) if last_piece == Some(block.piece) => {
                        last.push(' ');
                        last.push_str(&block.text);
                    }
                    _ => {
                        paragraphs.push(block.text);
                        kept_headings.push(block.heading.is_some());
                    }
                }
                last_piece = Some(block.piece);
            }
            LineKind::Date(d) => date_lines.push((block.pos, d, block.text)),
            // a comments or related heading ends the story, once there
            // is a story (not a "Related" line above the headline)
            LineKind::SectionEnd if paragraphs.iter().any(|p| p.chars().count() >= 80) => break,
            _ => {}
        }
    }
    while kept_headings.last() == Some(&true) {
        kept_headings.pop();
        paragraphs.pop();
    }

    // Date stamps and bylines near the story: in the container's parent,
    // unless that is the whole page (whose header may show today's date).
    let first = containers.first().copied().unwrap_or(ROOT);
    let parent = dom.parent[first];
    let scope = if first == ROOT || matches!(dom.tag(parent), None | Some("body" | "html")) {
        first
    } else {
        parent
    };
    for i in scope..dom.end[scope] {
        if let Some((root, Furn::Meta)) = m.furniture[i] {
            if root == i {
                let text = dom.text(i, 400);
                if let Some((d, f)) = first_date(&text) {
                    date_lines.push((i, d, text[f.start..f.end].to_string()));
                }
            }
        }
    }
    date_lines.sort_by_key(|(pos, _, _)| *pos);
    let date_lines: Vec<(Ymd, String)> = date_lines.into_iter().map(|(_, d, t)| (d, t)).collect();

    let url_hint = url.clone().or_else(|| opts.hints.url.map(str::to_string));
    let hints = YearHints {
        reference: opts.hints.reference,
        url: url_hint.as_deref(),
    };
    let published = if opts.fragment {
        None
    } else {
        PUBLISHED_META
            .iter()
            .find_map(|k| meta_date(&meta, k))
            .or_else(|| {
                let d = parse_date_value(meta.ld.date.as_deref()?)?;
                Some(published(d, "JSON-LD datePublished".to_string()))
            })
            .or_else(|| {
                let (attr, v) = meta.get("datepublished")?;
                let d = parse_date_value(v)?;
                Some(published(d, format!("meta[{attr}=datePublished]")))
            })
            .or_else(|| time_date(dom, &m, scope))
            .or_else(|| DATE_META_NAMES.iter().find_map(|k| meta_date(&meta, k)))
    }
    .or_else(|| date_from_text(&date_lines, &paragraphs, &hints));

    Article {
        id: None,
        title,
        url,
        source,
        published,
        text: paragraphs.join("\n\n"),
    }
}
