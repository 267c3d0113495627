//! Line-level reading shared by every dictionary format: comments, blank
//! lines and XML-style comment blocks are removed here, so each format parser
//! sees only meaningful lines with their 1-based line numbers.

/// A meaningful line: its 1-based number, the text with comments removed
/// (right-trimmed), whether the raw line began with white space, and its
/// `#` comment (trimmed, without the `#`; empty when there is none).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub number: u32,
    pub text: &'a str,
    pub indented: bool,
    pub comment: &'a str,
}

/// Splits a line at its `#` comment, except inside `[...]` where `#` can be
/// part of a code such as TABARI's `[###]`: (text, comment after the `#`).
pub(crate) fn split_hash_comment(s: &str) -> (&str, &str) {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '#' if depth == 0 => return (&s[..i], &s[i + 1..]),
            _ => {}
        }
    }
    (s, "")
}

/// Iterates the meaningful lines of `src`. `<!-- ... -->` blocks (one or many
/// lines) and lines starting with `<!` are dropped; `#` comments are cut off.
pub(crate) fn meaningful_lines(src: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, raw) in src.lines().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut text = raw;
        if in_block {
            match text.find("-->") {
                Some(p) => {
                    in_block = false;
                    text = &text[p + 3..];
                }
                None => continue,
            }
        }
        if let Some(p) = text.find("<!--") {
            match text[p..].find("-->") {
                Some(q) => {
                    // a one-line comment; keep what stands before it (what
                    // follows it on the same line is rare and dropped)
                    let _ = q;
                    text = &text[..p];
                }
                None => {
                    in_block = true;
                    text = &text[..p];
                }
            }
        }
        if text.trim_start().starts_with("<!") {
            continue;
        }
        let indented = text.starts_with([' ', '\t']);
        let (text, comment) = split_hash_comment(text);
        let text = text.trim_end();
        if text.trim().is_empty() {
            continue;
        }
        out.push(Line {
            number,
            text,
            indented,
            comment: comment.trim(),
        });
    }
    out
}

/// Splits a phrase written with `_` or blanks into upper-case words, keeping
/// for each gap whether the next word must follow immediately (`_`) or may
/// come after other words (blank). Returns `(words, consecutive)` where
/// `consecutive[k]` tells how word `k + 1` joins word `k`.
pub(crate) fn phrase_words(s: &str, blank_means_gap: bool) -> (Vec<String>, Vec<bool>) {
    let mut words = Vec::new();
    let mut joins = Vec::new();
    for chunk in s.split_whitespace() {
        for (pi, part) in chunk.split('_').enumerate() {
            if part.is_empty() {
                continue;
            }
            if !words.is_empty() {
                joins.push(pi > 0 || !blank_means_gap);
            }
            words.push(part.to_uppercase());
        }
    }
    (words, joins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_removed() {
        let src = "A [X] # note\n<!-- one -->\n<!-- many\nlines -->\n\n  \tB [###]\n# whole\nC";
        let lines = meaningful_lines(src);
        let got: Vec<(u32, &str, bool, &str)> = lines
            .iter()
            .map(|l| (l.number, l.text, l.indented, l.comment))
            .collect();
        assert_eq!(
            got,
            [
                (1, "A [X]", false, "note"),
                (6, "  \tB [###]", true, ""),
                (8, "C", false, "")
            ]
        );
    }

    #[test]
    fn phrase_joins() {
        let (w, j) = phrase_words("caras galadhon_city", true);
        assert_eq!(w, ["CARAS", "GALADHON", "CITY"]);
        assert_eq!(j, [false, true]);
        let (w, j) = phrase_words("NEW_ZEALAND_", true);
        assert_eq!(w, ["NEW", "ZEALAND"]);
        assert_eq!(j, [true]);
    }
}
