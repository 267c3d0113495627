//! Scraped plain text: a page copied out of a browser or a scraper, with
//! its menus, repeated titles, hashtags, date stamps and comment-section
//! leftovers still in it.
//!
//! Lines are classified one by one ([`classify_line`]); blocks are the
//! runs of lines between blank lines, and the kept lines of a block form
//! one paragraph. The title is the first line that is not furniture when
//! it looks like a headline (it is repeated, matches the last step of the
//! breadcrumb trail, or is short and unpunctuated with a story after it);
//! every repeat of it is dropped. Once a story paragraph has been seen, a
//! comments or related-posts heading ends the story.

use super::dates::is_lone_dateline;
use super::discover::{date_from_text, same_title, YearHints};
use super::furniture::{classify_line, LineKind};
use super::Article;

/// One line of the input with its block number and classification.
struct Line<'a> {
    text: &'a str,
    block: usize,
    kind: LineKind,
}

fn looks_like_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let t = line.trim_end();
    (2..=24).contains(&words) && line.chars().count() <= 200 && !t.ends_with(['.', ',', ';', ':'])
}

/// Read scraped plain text: drop page furniture, find the title and the
/// publication date.
pub fn read_plain_text(text: &str) -> Article {
    read_plain_text_with(text, &YearHints::default())
}

pub(crate) fn read_plain_text_with(text: &str, hints: &YearHints<'_>) -> Article {
    let mut lines = Vec::new();
    let mut block = 0;
    for raw in text.lines() {
        let t = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if t.is_empty() {
            block += 1;
            continue;
        }
        lines.push(Line {
            text: t,
            block,
            kind: classify_line(t),
        });
    }

    // The title.
    let crumb_last = lines.iter().find_map(|l| match &l.kind {
        LineKind::Breadcrumb { last } => Some(last.clone()),
        _ => None,
    });
    let first_content = lines.iter().position(|l| l.kind == LineKind::Content);
    let title = first_content.and_then(|i| {
        let cand = lines[i].text;
        if cand.split_whitespace().count() > 30 || cand.chars().count() > 300 {
            return None;
        }
        let repeated = lines[i + 1..].iter().any(|l| same_title(l.text, cand));
        let crumb = crumb_last.as_deref().is_some_and(|c| same_title(c, cand));
        let alone_in_block = lines.iter().filter(|l| l.block == lines[i].block).count() == 1;
        let story_follows = lines[i + 1..]
            .iter()
            .any(|l| l.kind == LineKind::Content && l.text.split_whitespace().count() >= 12);
        let headline =
            looks_like_headline(cand) && alone_in_block && story_follows && !is_lone_dateline(cand);
        (repeated || crumb || headline).then(|| cand.to_string())
    });

    // The story.
    let mut paragraphs: Vec<String> = Vec::new();
    let mut date_lines = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for line in &lines {
        match &line.kind {
            LineKind::Content => {}
            LineKind::Date(d) => {
                date_lines.push((*d, line.text.to_string()));
                continue;
            }
            LineKind::SectionEnd if !paragraphs.is_empty() || current.is_some() => break,
            _ => continue,
        }
        if title.as_deref().is_some_and(|t| same_title(t, line.text)) {
            continue;
        }
        if is_lone_dateline(line.text) {
            // a dateline on a line of its own is a paragraph of its own,
            // not the start of the first sentence
            paragraphs.extend(current.take().map(|(_, p)| p));
            paragraphs.push(line.text.to_string());
            continue;
        }
        match &mut current {
            Some((b, para)) if *b == line.block => {
                para.push(' ');
                para.push_str(line.text);
            }
            _ => {
                if let Some((_, para)) = current.take() {
                    paragraphs.push(para);
                }
                current = Some((line.block, line.text.to_string()));
            }
        }
    }
    if let Some((_, para)) = current {
        paragraphs.push(para);
    }
    let paragraphs: Vec<String> = paragraphs
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let published = date_from_text(&date_lines, &paragraphs, hints);
    Article {
        title,
        published,
        text: paragraphs.join("\n\n"),
        ..Article::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_like_scrape() {
        let text = "Home | Articles | Russia closes the border\n\n\
            Russia closes the border\n\n\
            Russia closes the border\n\n\
            Russia closed its border with Kazakhstan on Monday, officials said in a statement.\n\n\
            Kazakhstan protested\nthe decision on Tuesday.\n\n\
            #border\n\n  \u{2022} 21 June, 2022\n\nComments are closed.\n\nPin It on Pinterest";
        let a = read_plain_text(text);
        assert_eq!(a.title.as_deref(), Some("Russia closes the border"));
        assert_eq!(
            a.text,
            "Russia closed its border with Kazakhstan on Monday, officials said in a statement.\
             \n\nKazakhstan protested the decision on Tuesday."
        );
        let p = a.published.unwrap();
        assert_eq!(p.date.ymd(), (2022, 6, 21));
        assert_eq!(p.evidence, "text \"\u{2022} 21 June, 2022\"");
    }

    #[test]
    fn no_title_when_story_starts_at_once() {
        let a = read_plain_text(
            "MOSCOW, June 19 (Reuters) - Russia blocked Kazakh oil exports at Novorossiysk.\n",
        );
        assert_eq!(a.title, None);
        assert!(a.text.starts_with("MOSCOW, June 19"));
        assert_eq!(a.published, None);
    }

    #[test]
    fn dateline_on_its_own_line_is_its_own_paragraph() {
        let story = "Russia criticized the United States on Tuesday.";
        for text in [
            format!("Moscow, 5 March 2024\n{story}\n"),
            format!("Moscow, 5 March 2024\n\n{story}\n"),
            format!(
                "Moscow, 5 March 2024\n{story} It said the sanctions \
                     imposed by Washington last week were a mistake.\n"
            ),
        ] {
            let a = read_plain_text(&text);
            assert_eq!(a.title, None, "{text:?}");
            let (dateline, rest) = a.text.split_once("\n\n").expect("two paragraphs");
            assert_eq!(dateline, "Moscow, 5 March 2024", "{text:?}");
            assert!(rest.starts_with(story), "{text:?}");
            let p = a.published.expect("dated by its dateline");
            assert_eq!(p.date.ymd(), (2024, 3, 5));
            assert_eq!(p.evidence, "dateline \"Moscow, 5 March 2024\"");
        }
        // a dateline opening the paragraph stays where it is
        let a = read_plain_text("MOSCOW, June 19 (Reuters) - Russia blocked\nthe port.\n");
        assert_eq!(
            a.text,
            "MOSCOW, June 19 (Reuters) - Russia blocked the port."
        );
    }

    #[test]
    fn empty_and_furniture_only() {
        assert_eq!(read_plain_text(""), Article::default());
        let a = read_plain_text("Home | News\n\nShare this\n\n#tag\n");
        assert_eq!(a.text, "");
        assert_eq!(a.title, None);
    }
}
