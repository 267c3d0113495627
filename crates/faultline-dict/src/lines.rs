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

/// Problems of a whole file, reported as diagnostics: a `<!--` that no
/// `-->` closes (everything after it is a comment, so the file's entries
/// after it are lost), and a file with no entries at all.
pub(crate) fn file_problems(src: &str, name: &str) -> Vec<crate::Diagnostic> {
    let file: std::sync::Arc<str> = std::sync::Arc::from(name);
    let at = |line: usize, message: String| {
        crate::Diagnostic::new(
            crate::Origin::new(&file, u32::try_from(line).unwrap_or(u32::MAX)),
            message,
        )
    };
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut total = 0;
    for (i, raw) in src.lines().enumerate() {
        total = i + 1;
        let mut text = raw;
        if open.is_some() {
            match text.find("-->") {
                Some(p) => {
                    open = None;
                    text = &text[p + 3..];
                }
                None => continue,
            }
        }
        // as `meaningful_lines` reads them: a comment closed on the line it
        // opens ends the line
        if let Some(p) = text.find("<!--") {
            if !text[p..].contains("-->") {
                open = Some(i + 1);
            }
        }
    }
    if let Some(line) = open {
        out.push(at(
            line,
            format!(
                "`<!--` is never closed by `-->`: the {} lines after it are read as a comment",
                total - line
            ),
        ));
    }
    if meaningful_lines(src).is_empty() {
        out.push(at(
            1,
            "no entries: the file is empty or holds only comments".to_string(),
        ));
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
    fn unclosed_comments_and_empty_files() {
        let problems = |src: &str| -> Vec<String> {
            file_problems(src, "d.txt")
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        assert!(problems("A [X]\n<!-- a -->\n<!-- b\nc -->\nB [Y] <!-- d -->\n").is_empty());
        assert_eq!(
            problems("A [X]\n<!-- closed -->\n<!-- open\nB [Y]\nC [Z]\n"),
            ["d.txt:3: `<!--` is never closed by `-->`: the 2 lines after it are read as a comment"]
        );
        assert_eq!(
            problems("<!-- open\nA [X]"),
            [
                "d.txt:1: `<!--` is never closed by `-->`: the 1 lines after it are read as a comment",
                "d.txt:1: no entries: the file is empty or holds only comments"
            ]
        );
        assert_eq!(
            problems(""),
            ["d.txt:1: no entries: the file is empty or holds only comments"]
        );
        assert_eq!(problems("# only\n\n  \n").len(), 1);
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
