//! Page furniture: the lines and blocks around a news story that are not
//! the story (menus, breadcrumbs, share buttons, "Comments are closed.",
//! cookie notices, bylines, date stamps), recognised from their text alone.
//!
//! The same classifier serves scraped plain text (one call per line) and
//! HTML (one call per block of the chosen content), so both readers drop
//! the same things. It is deliberately conservative with long lines: a
//! line of more than a few dozen words is only furniture if it is a cookie
//! or subscription notice, a list of hashtags or a list of links.

use super::dates::{date_line, Ymd};

/// What a line of text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Part of the story.
    Content,
    /// Furniture; the string says which kind (for tests and debugging).
    Furniture(&'static str),
    /// A line that only gives a date (`• 20 June, 2022`): furniture whose
    /// date is the story's publication date.
    Date(Ymd),
    /// A breadcrumb trail (`Home | Articles | Title`); `last` is its last
    /// step, often the story's title.
    Breadcrumb {
        /// The last step of the trail, as written.
        last: String,
    },
    /// The heading of what follows a story (comments, related posts): the
    /// rest of the page is furniture too.
    SectionEnd,
}

/// Lower-cased, with curly quotes made straight, bullets and arrows taken
/// off the front, closing punctuation off the end and whitespace collapsed.
pub(crate) fn normalize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            let c = match c {
                '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' => '\'',
                '\u{201c}' | '\u{201d}' => '"',
                c => c,
            };
            out.extend(c.to_lowercase());
        }
    }
    let trimmed = out
        .trim_start_matches(|c: char| "•·*-–—>›»→|▪►◦#".contains(c) || c.is_whitespace())
        .trim_end_matches(|c: char| ".:!…›»→|-–—".contains(c) || c.is_whitespace());
    trimmed.to_string()
}

/// Whole lines that are furniture (compared after [`normalize`]).
#[rustfmt::skip]
const EXACT: &[&str] = &[
    "pin it on pinterest", "share this", "share this article", "share this story",
    "share this post", "share this page", "share", "share article", "share on facebook",
    "share on twitter", "share on x", "share on linkedin", "share on whatsapp",
    "share on telegram", "share via email", "copy link", "link copied", "tweet", "print",
    "print this article", "email", "e-mail", "email this", "read more", "read more »",
    "read full article", "read the full story", "continue reading", "click here", "advertisement",
    "advertising", "ad", "sponsored", "sponsored content", "skip to content",
    "skip to main content", "skip to navigation", "toggle navigation", "menu", "main menu",
    "search", "home", "subscribe", "subscribe now", "sign up", "sign in", "log in", "login",
    "register", "accept", "accept all", "accept cookies", "i accept", "i agree", "reject",
    "reject all", "decline", "manage cookies", "cookie settings", "cookie policy",
    "privacy policy", "terms of use", "got it", "ok", "close", "loading", "back to top", "top",
    "previous article", "next article", "previous post", "next post", "previous", "next",
    "follow us", "like this", "like", "tags", "reply", "cancel reply", "newsletter",
    "all rights reserved", "listen to this article", "listen", "facebook", "twitter", "x",
    "linkedin", "whatsapp", "telegram", "reddit", "pinterest", "vk", "viber", "flipboard",
];

/// Headings after which the rest of a page is comments or other stories.
#[rustfmt::skip]
const SECTION_ENDS: &[&str] = &[
    "comments are closed", "comments", "leave a reply", "leave a comment", "post a comment",
    "add a comment", "join the discussion", "join the conversation", "related", "related posts",
    "related articles", "related stories", "related news", "related coverage", "related content",
    "you may also like", "you might also like", "you may be interested in", "more stories",
    "more news", "more on this story", "recommended", "recommended for you", "read next",
    "most read", "most popular", "trending", "trending now", "see also", "read also", "also read",
    "further reading", "more on this topic",
    // German
    "das könnte sie auch interessieren", "das könnte dich auch interessieren",
    "könnte sie auch interessieren", "auch interessant", "ähnliche artikel", "ähnliche themen",
    "verwandte artikel", "weitere artikel", "weitere nachrichten", "mehr zum thema",
    "mehr zu diesem thema", "mehr zum thema lesen", "lesen sie auch", "lesen sie mehr",
    "meistgelesen", "meistgelesene artikel", "am meisten gelesen", "empfehlungen",
    "unsere empfehlungen", "kommentare", "kommentar schreiben", "diskutieren sie mit",
    "zum thema", "weitere themen",
    // French
    "à lire aussi", "a lire aussi", "lire aussi", "à lire également", "sur le même sujet",
    "sur le meme sujet", "articles similaires", "articles liés", "articles associés",
    "vous aimerez aussi", "vous aimerez peut-être aussi", "vous pourriez aussi aimer",
    "les plus lus", "dans la même rubrique", "commentaires", "laisser un commentaire",
    "réagissez", "à voir aussi", "voir aussi", "nos articles", "les articles les plus lus",
    // Spanish
    "artículos relacionados", "articulos relacionados", "noticias relacionadas",
    "te puede interesar", "también te puede interesar", "te puede gustar",
    "también te puede gustar", "puede interesarte", "lee también", "lea también",
    "más noticias", "lo más leído", "lo más visto", "relacionado", "relacionados",
    "relacionadas", "comentarios", "deja un comentario", "deja una respuesta", "ver también",
    "temas relacionados",
    // Russian
    "читайте также", "читайте также:", "похожие статьи", "похожие новости", "по теме",
    "новости по теме", "материалы по теме", "другие новости", "самое читаемое",
    "популярное", "комментарии", "рекомендуем", "смотрите также", "еще по теме",
    "ещё по теме", "вам может быть интересно",
    // Italian
    "articoli correlati", "notizie correlate", "leggi anche", "potrebbe interessarti",
    "ti potrebbe interessare", "potrebbe interessarti anche", "i più letti", "più letti",
    "altre notizie", "commenti", "lascia un commento", "vedi anche", "correlati",
    // Portuguese
    "artigos relacionados", "notícias relacionadas", "noticias relacionadas", "leia também",
    "veja também", "você também pode gostar", "voce tambem pode gostar",
    "você pode gostar", "mais lidas", "as mais lidas", "mais notícias", "comentários",
    "deixe um comentário", "relacionados", "conteúdo relacionado",
];

/// Beginnings of short furniture lines (after [`normalize`]).
#[rustfmt::skip]
const PREFIXES: &[&str] = &[
    "read more:", "read also:", "read more about", "see also:", "also read:", "related:", "tags:",
    "tagged:", "tagged with", "filed under", "posted in", "categories:", "category:", "share this",
    "share on", "follow us", "subscribe to", "sign up for", "sign up to", "get the latest",
    "copyright", "©", "(c) ", "all rights reserved", "you must be logged in",
    "your email address will not be published", "required fields are marked", "click here to",
    "previous article:", "next article:", "previous post:", "next post:", "photo:", "image:",
    "source:", "reporting by", "additional reporting by", "writing by", "editing by", "author:",
    "written by", "scroll to continue", "story continues below", "article continues below",
    "advertisement -", "download the app", "join our telegram", "enable javascript",
    "lesen sie auch:", "mehr zum thema:", "auch interessant:", "lire aussi :", "lire aussi:",
    "à lire aussi :", "à lire aussi:", "lee también:", "lea también:", "te puede interesar:",
    "читайте также:", "по теме:", "leggi anche:", "leia também:", "leia mais:", "veja também:",
];

/// Beginnings of cookie and subscription notices, furniture at any length.
#[rustfmt::skip]
const NOTICES: &[&str] = &[
    "we use cookies", "this website uses cookies", "this site uses cookies",
    "our website uses cookies", "by continuing to use", "by using this site",
    "by using this website", "subscribe to our newsletter", "sign up for our newsletter",
    "sign up to our newsletter",
];

/// Navigation words that start a breadcrumb trail.
#[rustfmt::skip]
const CRUMB_HOMES: &[&str] = &[
    "home", "homepage", "main", "main page", "news", "start", "front page",
];

/// Names of social networks and sharing targets (for share bars written
/// as a line of names).
#[rustfmt::skip]
const SOCIAL: &[&str] = &[
    "facebook", "twitter", "x", "linkedin", "whatsapp", "telegram", "reddit", "pinterest", "vk",
    "viber", "email", "e-mail", "print", "messenger", "tumblr", "flipboard", "copy", "link",
    "share", "tweet", "mail",
];

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn is_url(word: &str) -> bool {
    let w = word.trim_matches(|c: char| "<>()[]\"'".contains(c));
    w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www.")
}

/// Split a line at menu separators (`|`, `»`, `›`, `>`, `→`, `•`, `·`, ` / `).
fn segments(line: &str) -> Vec<&str> {
    line.split(['|', '»', '›', '>', '→', '•', '·'])
        .flat_map(|s| s.split(" / "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with(['.', '!', '?'])
}

/// Classify one line (or one block's text) of a page.
pub(crate) fn classify_line(line: &str) -> LineKind {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return LineKind::Furniture("empty");
    }
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    if words
        .iter()
        .all(|w| w.len() > 1 && w.starts_with('#') && !w[1..].starts_with('#'))
    {
        return LineKind::Furniture("hashtags");
    }
    if words.iter().all(|w| is_url(w)) {
        return LineKind::Furniture("links");
    }
    let norm = normalize(trimmed);
    if norm.is_empty() {
        // Only bullets, arrows and dashes.
        return LineKind::Furniture("decoration");
    }
    if NOTICES.iter().any(|p| norm.starts_with(p)) && words.len() <= 80 {
        return LineKind::Furniture("notice");
    }
    if words.len() > 40 {
        return LineKind::Content;
    }
    if let Some(d) = date_line(trimmed) {
        return LineKind::Date(d);
    }
    if SECTION_ENDS.contains(&norm.as_str())
        || is_comment_count(&norm)
        || ["leave a reply", "leave a comment", "comments are closed"]
            .iter()
            .any(|p| norm.starts_with(p))
    {
        return LineKind::SectionEnd;
    }
    if EXACT.contains(&norm.as_str()) {
        return LineKind::Furniture("boilerplate");
    }
    let segs = segments(trimmed);
    if segs.len() >= 2 {
        let first = normalize(segs[0]);
        if CRUMB_HOMES.contains(&first.as_str()) {
            let last = segs.last().copied().unwrap_or_default().to_string();
            return LineKind::Breadcrumb { last };
        }
        let menu_like = segs.len() >= 3
            && words.len() <= 24
            && segs.iter().all(|s| word_count(s) <= 4 && !ends_sentence(s));
        if menu_like {
            return LineKind::Furniture("menu");
        }
    }
    if words.len() <= 30 && PREFIXES.iter().any(|p| norm.starts_with(p)) {
        return LineKind::Furniture("boilerplate");
    }
    if words.len() <= 30 && norm.contains("appeared first on") {
        return LineKind::Furniture("feed footer");
    }
    if words.len() <= 8 {
        let all_social = norm
            .split(|c: char| c.is_whitespace() || ",|/•·".contains(c))
            .filter(|w| !w.is_empty())
            .all(|w| SOCIAL.contains(&w));
        if all_social {
            return LineKind::Furniture("share bar");
        }
        if is_byline(trimmed) {
            return LineKind::Furniture("byline");
        }
    }
    LineKind::Content
}

/// `12 comments`, `3 responses`, `5 thoughts on "..."`.
fn is_comment_count(norm: &str) -> bool {
    let mut words = norm.split_whitespace();
    let (Some(n), Some(what)) = (words.next(), words.next()) else {
        return false;
    };
    n.bytes().all(|b| b.is_ascii_digit())
        && matches!(
            what,
            "comment" | "comments" | "response" | "responses" | "replies" | "thoughts" | "thought"
        )
}

/// `By Anna Petrova`, `By Anna Petrova and Tom Reed, Reuters`.
fn is_byline(line: &str) -> bool {
    let mut words = line.split_whitespace();
    if !words.next().is_some_and(|w| w.eq_ignore_ascii_case("by")) {
        return false;
    }
    let rest: Vec<&str> = words.collect();
    !rest.is_empty()
        && rest.len() <= 6
        && !ends_sentence(line)
        && rest.iter().all(|w| {
            *w == "and"
                || w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c == '@')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines() {
        let content = LineKind::Content;
        let f = LineKind::Furniture;
        let cases: Vec<(&str, LineKind)> =
            vec![
            ("#infoterror", f("hashtags")),
            ("#Kazakhstan #Russia", f("hashtags")),
            ("  • 20 June, 2022", LineKind::Date((2022, 6, 20))),
            ("Comments are closed.", LineKind::SectionEnd),
            ("Pin It on Pinterest", f("boilerplate")),
            ("Share this:", f("boilerplate")),
            ("Related posts", LineKind::SectionEnd),
            ("Leave a Reply", LineKind::SectionEnd),
            ("Leave a reply Cancel reply", LineKind::SectionEnd),
            ("12 Comments", LineKind::SectionEnd),
            ("Das könnte Sie auch interessieren", LineKind::SectionEnd),
            ("Mehr zum Thema", LineKind::SectionEnd),
            ("À lire aussi", LineKind::SectionEnd),
            ("Sur le même sujet :", LineKind::SectionEnd),
            ("Noticias relacionadas", LineKind::SectionEnd),
            ("Читайте также", LineKind::SectionEnd),
            ("Articoli correlati", LineKind::SectionEnd),
            ("Leia também", LineKind::SectionEnd),
            ("Lesen Sie auch: Streit um Ganztagsschulen", f("boilerplate")),
            ("Read more", f("boilerplate")),
            ("Read more: Kazakhstan halts coal transit", f("boilerplate")),
            (
                "Home | Articles | Kazakhstan’s new course",
                LineKind::Breadcrumb {
                    last: "Kazakhstan’s new course".into(),
                },
            ),
            (
                "Home » World » Europe",
                LineKind::Breadcrumb {
                    last: "Europe".into(),
                },
            ),
            ("World | Politics | Economy | Sport | Culture", f("menu")),
            ("Facebook Twitter WhatsApp Telegram", f("share bar")),
            ("https://example.org/a https://example.org/b", f("links")),
            (
                "We use cookies to ensure that we give you the best experience on our website. \
                 If you continue to use this site we will assume that you are happy with it.",
                f("notice"),
            ),
            ("Subscribe to our newsletter and get the news first", f("notice")),
            ("Accept all", f("boilerplate")),
            ("Advertisement", f("boilerplate")),
            ("By Anna Petrova", f("byline")),
            ("Reporting by Anna Petrova; Editing by Tom Reed", f("boilerplate")),
            ("The post Russia blocks grain appeared first on Daily Wire.", f("feed footer")),
            ("© 2024 The Steppe Herald. All rights reserved.", f("boilerplate")),
            ("— • —", f("decoration")),
            // Real story lines are kept.
            (
                "Kazakhstan responded by suspending permits for the export of 1,700 railcars.",
                content.clone(),
            ),
            ("By Tuesday, the talks had collapsed.", content.clone()),
            ("Russia blocked the shipment of Kazakh oil.", content.clone()),
            ("Home affairs ministers met in Brussels on Monday.", content.clone()),
            ("The main points of Tokayev’s speech were as follows:", content.clone()),
            ("Poland | Lithuania border talks resume", content.clone()),
            (
                "In May, Kazakhstan joined the sanctions against russian banks and blocked \
                 $21.6 million on the accounts of banking institutions affiliated with the \
                 russian federation, such as Sberbank, Alfa-Bank and the Kazakhstani VTB.",
                content.clone(),
            ),
            ("Comments on the plan were due by Friday.", content.clone()),
        ];
        for (line, want) in cases {
            assert_eq!(classify_line(line), want, "line {line:?}");
        }
    }

    #[test]
    fn normalisation() {
        assert_eq!(
            normalize("  • Kazakhstan’s  NEW course… "),
            "kazakhstan's new course"
        );
        assert_eq!(normalize("Share this:"), "share this");
        assert_eq!(normalize("»»"), "");
    }
}
