//! Caps on what an HTML page may hold before the HTML parser sees it.
//!
//! The parser checks each new attribute of a tag against the ones before
//! it, so a tag with a million attributes takes hours; and every element
//! becomes a node, so a page of millions of tiny elements takes gigabytes.
//! No real page comes near either cap, so [`cap_markup`] scans the tags
//! once (linear, without building anything), keeps the first
//! [`MAX_ATTRIBUTES`] attributes of a tag and the page up to its
//! [`MAX_ELEMENTS`]th element, and says what it cut.

use std::borrow::Cow;
use std::fmt;

/// Attributes of one tag beyond which the rest are dropped.
pub const MAX_ATTRIBUTES: usize = 64;

/// Elements of one page beyond which the rest of the page is dropped.
pub const MAX_ELEMENTS: usize = 200_000;

/// Attributes of one page beyond which the tags after keep none.
pub const MAX_PAGE_ATTRIBUTES: usize = 400_000;

/// Something [`cap_markup`] cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkupNote {
    /// Tags with more than [`MAX_ATTRIBUTES`] attributes.
    Attributes {
        /// Byte offset of the first such tag.
        offset: usize,
        /// Its number of attributes.
        count: usize,
        /// How many tags were cut.
        tags: usize,
    },
    /// More than [`MAX_PAGE_ATTRIBUTES`] attributes: the tags from the
    /// one at `offset` on keep none.
    PageAttributes {
        /// Byte offset of the first tag that lost attributes to this cap.
        offset: usize,
    },
    /// More than [`MAX_ELEMENTS`] elements: the page was cut before the
    /// first element over the cap.
    Elements {
        /// Byte offset where the page was cut.
        offset: usize,
    },
}

impl fmt::Display for MarkupNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MarkupNote::Attributes {
                offset,
                count,
                tags,
            } => {
                write!(
                    f,
                    "byte {offset}: a tag with {count} attributes; only the first \
                     {MAX_ATTRIBUTES} of each tag were read"
                )?;
                if *tags > 1 {
                    write!(f, " ({tags} tags cut)")?;
                }
                Ok(())
            }
            MarkupNote::PageAttributes { offset } => write!(
                f,
                "byte {offset}: more than {MAX_PAGE_ATTRIBUTES} attributes in the page; \
                 the tags from here on keep none"
            ),
            MarkupNote::Elements { offset } => write!(
                f,
                "byte {offset}: more than {MAX_ELEMENTS} elements; the rest of the page was not read"
            ),
        }
    }
}

/// A page with the caps applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capped<'a> {
    /// The page, borrowed when nothing was cut.
    pub html: Cow<'a, str>,
    /// What was cut, in page order.
    pub notes: Vec<MarkupNote>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Where `needle` (ASCII, lower case) starts in `hay` at or after `from`,
/// ignoring ASCII case.
pub(crate) fn find_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = needle.first()?;
    let mut i = from;
    while i + needle.len() <= hay.len() {
        let off = hay[i..].iter().position(|&b| b == *first)?;
        let at = i + off;
        if hay
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// `html` with at most [`MAX_ATTRIBUTES`] attributes a tag and
/// [`MAX_ELEMENTS`] elements, and notes on what was cut.
///
/// ```
/// use faultline_text::readers::{cap_markup, MAX_ATTRIBUTES};
///
/// let attrs: String = (0..1000).map(|i| format!(" a{i}=\"x>y\"")).collect();
/// let page = format!("<p{attrs}>Kept.</p>");
/// let capped = cap_markup(&page);
/// assert!(capped.html.ends_with(&format!(" a{}=\"x>y\">Kept.</p>", MAX_ATTRIBUTES - 1)));
/// assert_eq!(capped.notes[0].to_string(),
///     "byte 0: a tag with 1000 attributes; only the first 64 of each tag were read");
/// assert!(cap_markup("<p class=a>Fine.</p>").notes.is_empty());
/// ```
pub fn cap_markup(html: &str) -> Capped<'_> {
    let b = html.as_bytes();
    let len = b.len();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut notes = Vec::new();
    let mut cut_tags = 0usize;
    let mut elements = 0usize;
    let mut page_attributes = 0usize;
    let mut i = 0usize;
    let mut truncated_at = None;
    while let Some(off) = b
        .get(i..)
        .and_then(|rest| rest.iter().position(|&c| c == b'<'))
    {
        let lt = i + off;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            i = find_ci(b, b"-->", lt + 4).map_or(len, |e| e + 3);
            continue;
        }
        if rest.starts_with(b"!") || rest.starts_with(b"?") {
            i = b[lt..]
                .iter()
                .position(|&c| c == b'>')
                .map_or(len, |e| lt + e + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = lt + 1;
            continue;
        }
        let mut j = name_start;
        while j < len && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = &b[name_start..j];
        if !closing {
            elements += 1;
            if elements > MAX_ELEMENTS {
                notes.push(MarkupNote::Elements { offset: lt });
                truncated_at = Some(lt);
                break;
            }
        }
        // the attributes, as the HTML tokenizer reads them; `keep` of them
        // are kept, the rest cut at `cut_at`
        let keep = MAX_ATTRIBUTES.min(MAX_PAGE_ATTRIBUTES.saturating_sub(page_attributes));
        let mut count = 0usize;
        let mut cut_at = (keep == 0).then_some(j);
        loop {
            while j < len && (is_space(b[j]) || b[j] == b'/') {
                j += 1;
            }
            if j >= len {
                break;
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            j += 1; // the name's first character may be anything, even `=`
            while j < len && !is_space(b[j]) && !matches!(b[j], b'/' | b'>' | b'=') {
                j += 1;
            }
            let mut k = j;
            while k < len && is_space(b[k]) {
                k += 1;
            }
            if k < len && b[k] == b'=' {
                k += 1;
                while k < len && is_space(b[k]) {
                    k += 1;
                }
                match b.get(k) {
                    Some(&q @ (b'"' | b'\'')) => {
                        k = b[k + 1..]
                            .iter()
                            .position(|&c| c == q)
                            .map_or(len, |e| k + 1 + e + 1);
                    }
                    _ => {
                        while k < len && !is_space(b[k]) && b[k] != b'>' {
                            k += 1;
                        }
                    }
                }
                j = k;
            }
            count += 1;
            if count == keep {
                cut_at = Some(j);
            }
        }
        let tag_end = j;
        page_attributes += count.min(keep);
        if count > keep {
            if let Some(cut) = cut_at {
                if count > MAX_ATTRIBUTES {
                    cut_tags += 1;
                    if cut_tags == 1 {
                        notes.push(MarkupNote::Attributes {
                            offset: lt,
                            count,
                            tags: 0,
                        });
                    }
                }
                if keep < MAX_ATTRIBUTES
                    && !notes
                        .iter()
                        .any(|n| matches!(n, MarkupNote::PageAttributes { .. }))
                {
                    notes.push(MarkupNote::PageAttributes { offset: lt });
                }
                let o = out.get_or_insert_with(|| String::with_capacity(len));
                o.push_str(&html[copied..cut]);
                o.push('>');
                copied = tag_end;
            }
        }
        i = tag_end;
        if !closing && (name.eq_ignore_ascii_case(b"script") || name.eq_ignore_ascii_case(b"style"))
        {
            let close: &[u8] = if name.eq_ignore_ascii_case(b"script") {
                b"</script"
            } else {
                b"</style"
            };
            i = find_ci(b, close, tag_end).unwrap_or(len);
        }
    }
    for note in &mut notes {
        if let MarkupNote::Attributes { tags, .. } = note {
            *tags = cut_tags;
        }
    }
    let end = truncated_at.unwrap_or(len);
    let html = match out {
        Some(mut o) => {
            o.push_str(&html[copied.min(end)..end]);
            Cow::Owned(o)
        }
        None if end < len => Cow::Borrowed(&html[..end]),
        None => Cow::Borrowed(html),
    };
    Capped { html, notes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_attributes_and_elements() {
        // quoted `>` and `/` do not end a tag; unquoted values end at a space
        let many: String = (0..200).map(|i| format!(" a{i}=v/{i} b{i}='>'")).collect();
        let page =
            format!("<!-- <p {many}> --><div{many}/><p>Text.</p><script>x<y {many}></script>");
        let capped = cap_markup(&page);
        let want_div: String = (0..32).map(|i| format!(" a{i}=v/{i} b{i}='>'")).collect();
        assert_eq!(
            capped.html,
            format!("<!-- <p {many}> --><div{want_div}><p>Text.</p><script>x<y {many}></script>")
        );
        assert_eq!(
            capped.notes,
            [MarkupNote::Attributes {
                offset: page.find("<div").unwrap(),
                count: 400,
                tags: 1
            }]
        );
        let page = "<p>a".repeat(MAX_ELEMENTS + 5);
        let capped = cap_markup(&page);
        assert_eq!(capped.html.len(), 4 * MAX_ELEMENTS);
        assert_eq!(
            capped.notes,
            [MarkupNote::Elements {
                offset: 4 * MAX_ELEMENTS
            }]
        );
        // the page's attributes: the tags after the cap keep none
        let tags = MAX_PAGE_ATTRIBUTES / 4;
        let page = "<i a b c d>".repeat(tags + 2);
        let capped = cap_markup(&page);
        let want = format!("{}<i><i>", "<i a b c d>".repeat(tags));
        assert!(capped.html == want, "{}", capped.html.len());
        assert_eq!(
            capped.notes,
            [MarkupNote::PageAttributes { offset: 11 * tags }]
        );
        // closing tags do not count; unterminated tags and odd `<` are fine
        for page in [
            "</p></p>", "<", "<p", "<p a=\"", "a < b", "<1>", "<p =x>", "<é>",
        ] {
            let capped = cap_markup(page);
            assert_eq!(capped.html, page);
            assert!(capped.notes.is_empty(), "{page}");
        }
    }
}
