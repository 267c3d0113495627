//! A small, tolerant XML tag scanner.
//!
//! The scanner only understands what PETRARCH input files need: start and
//! end tags with (quoted or unquoted) attributes, comments, CDATA sections,
//! processing instructions and declarations. Character data between tags is
//! skipped; elements whose content matters (`<Text>`, `<Parse>`,
//! `<Verbfile>`, ...) are read as raw text with [`Scanner::read_raw`], so a
//! stray `<` or `&` inside a sentence never derails the scan.
//!
//! All positions are byte offsets into the source. Every offset the scanner
//! stores or slices at is either the start of the input, the end of the
//! input, or the position of an ASCII byte (or directly after one), which
//! guarantees that slicing never splits a UTF-8 sequence.

use crate::error::TextError;

/// Maps byte offsets to 1-based line numbers.
#[derive(Debug)]
pub(crate) struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(src: &str) -> Self {
        let newlines = src
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i)
            .collect();
        LineIndex { newlines }
    }

    /// 1-based line containing byte offset `pos`.
    pub(crate) fn line(&self, pos: usize) -> usize {
        self.newlines.partition_point(|&n| n < pos) + 1
    }
}

/// One attribute of a start tag; the value is still entity-encoded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attr<'a> {
    pub(crate) name: &'a str,
    pub(crate) raw_value: &'a str,
}

/// A tag found by the scanner.
#[derive(Debug)]
pub(crate) enum Token<'a> {
    /// `<name attr="v" ...>` or `<name ... />`.
    Open {
        name: &'a str,
        attrs: Vec<Attr<'a>>,
        self_closing: bool,
        line: usize,
    },
    /// `</name>`.
    Close { name: &'a str },
}

pub(crate) struct Scanner<'a> {
    src: &'a str,
    pos: usize,
    lines: LineIndex,
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':'
}

fn is_name_byte(b: u8) -> bool {
    // Non-ASCII bytes are accepted so that a multi-byte character is always
    // consumed whole (all of its bytes are >= 0x80).
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':') || b >= 0x80
}

/// Position of `needle` in `hay` at or after `from`.
pub(crate) fn find_from(hay: &str, from: usize, needle: &str) -> Option<usize> {
    hay.get(from..)?.find(needle).map(|i| i + from)
}

/// True if `bytes[at..]` starts with `word` (ASCII case-insensitive).
fn starts_with_ci(bytes: &[u8], at: usize, word: &str) -> bool {
    bytes
        .get(at..at + word.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(word.as_bytes()))
}

/// If a start or end tag named exactly `name` (case-insensitive) begins at
/// `at` (which must hold `<`), return whether it is an end tag.
fn tag_named_at(bytes: &[u8], at: usize, name: &str) -> Option<bool> {
    let (closing, name_at) = if bytes.get(at + 1) == Some(&b'/') {
        (true, at + 2)
    } else {
        (false, at + 1)
    };
    if !starts_with_ci(bytes, name_at, name) {
        return None;
    }
    match bytes.get(name_at + name.len()) {
        None => Some(closing),
        Some(&b) if b.is_ascii_whitespace() || b == b'>' || b == b'/' => Some(closing),
        Some(_) => None,
    }
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        Scanner {
            src,
            pos: 0,
            lines: LineIndex::new(src),
        }
    }

    pub(crate) fn line_at(&self, pos: usize) -> usize {
        self.lines.line(pos)
    }

    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    fn char_at(&self, pos: usize) -> char {
        self.src
            .get(pos..)
            .and_then(|s| s.chars().next())
            .unwrap_or('?')
    }

    /// Skip markup starting with `open` up to and including `close`.
    fn skip_past(
        &mut self,
        start: usize,
        open: &str,
        close: &str,
        what: &'static str,
    ) -> Result<(), TextError> {
        match find_from(self.src, start + open.len(), close) {
            Some(end) => {
                self.pos = end + close.len();
                Ok(())
            }
            None => Err(TextError::UnterminatedMarkup {
                line: self.line_at(start),
                what,
            }),
        }
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        let bytes = self.bytes();
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        i
    }

    fn scan_name(&self, mut i: usize) -> usize {
        let bytes = self.bytes();
        while bytes.get(i).copied().is_some_and(is_name_byte) {
            i += 1;
        }
        i
    }

    /// Next start or end tag, skipping character data, comments, CDATA,
    /// processing instructions and declarations. `Ok(None)` at end of input.
    pub(crate) fn next_token(&mut self) -> Result<Option<Token<'a>>, TextError> {
        let bytes = self.bytes();
        loop {
            let Some(lt) = find_from(self.src, self.pos, "<") else {
                self.pos = self.src.len();
                return Ok(None);
            };
            let rest = &bytes[lt..];
            if rest.starts_with(b"<!--") {
                self.skip_past(lt, "<!--", "-->", "comment (missing `-->`)")?;
            } else if rest.starts_with(b"<![CDATA[") {
                self.skip_past(lt, "<![CDATA[", "]]>", "CDATA section (missing `]]>`)")?;
            } else if rest.starts_with(b"<!") {
                self.skip_past(lt, "<!", ">", "declaration (missing `>`)")?;
            } else if rest.starts_with(b"<?") {
                self.skip_past(lt, "<?", "?>", "processing instruction (missing `?>`)")?;
            } else if rest.starts_with(b"</") && rest.get(2).copied().is_some_and(is_name_start) {
                return self.end_tag(lt).map(Some);
            } else if rest.get(1).copied().is_some_and(is_name_start) {
                return self.start_tag(lt).map(Some);
            } else {
                // A lone `<` in character data: tolerate it.
                self.pos = lt + 1;
            }
        }
    }

    fn end_tag(&mut self, lt: usize) -> Result<Token<'a>, TextError> {
        let line = self.line_at(lt);
        let name_end = self.scan_name(lt + 2);
        let name = &self.src[lt + 2..name_end];
        let i = self.skip_ws(name_end);
        match self.bytes().get(i) {
            Some(b'>') => {
                self.pos = i + 1;
                Ok(Token::Close { name })
            }
            None => Err(TextError::UnterminatedMarkup {
                line,
                what: "tag (missing `>`)",
            }),
            Some(_) => Err(TextError::MalformedTag {
                line: self.line_at(i),
                message: format!(
                    "unexpected character `{}` in closing tag </{name}>",
                    self.char_at(i).escape_debug()
                ),
            }),
        }
    }

    fn start_tag(&mut self, lt: usize) -> Result<Token<'a>, TextError> {
        let line = self.line_at(lt);
        let bytes = self.bytes();
        let name_end = self.scan_name(lt + 1);
        let name = &self.src[lt + 1..name_end];
        let mut attrs = Vec::new();
        let mut i = name_end;
        let unterminated = TextError::UnterminatedMarkup {
            line,
            what: "tag (missing `>`)",
        };
        loop {
            i = self.skip_ws(i);
            match bytes.get(i) {
                None => return Err(unterminated),
                Some(b'>') => {
                    self.pos = i + 1;
                    return Ok(Token::Open {
                        name,
                        attrs,
                        self_closing: false,
                        line,
                    });
                }
                Some(b'/') if bytes.get(i + 1) == Some(&b'>') => {
                    self.pos = i + 2;
                    return Ok(Token::Open {
                        name,
                        attrs,
                        self_closing: true,
                        line,
                    });
                }
                Some(&b) if is_name_start(b) => {
                    let attr_end = self.scan_name(i);
                    let attr_name = &self.src[i..attr_end];
                    let mut j = self.skip_ws(attr_end);
                    let raw_value;
                    if bytes.get(j) == Some(&b'=') {
                        j = self.skip_ws(j + 1);
                        match bytes.get(j) {
                            None => return Err(unterminated),
                            Some(&q) if q == b'"' || q == b'\'' => {
                                let close = bytes
                                    .get(j + 1..)
                                    .and_then(|s| s.iter().position(|&c| c == q || c == b'<'))
                                    .map(|p| p + j + 1);
                                match close {
                                    Some(c) if bytes.get(c) == Some(&q) => {
                                        raw_value = &self.src[j + 1..c];
                                        j = c + 1;
                                    }
                                    _ => {
                                        return Err(TextError::UnterminatedMarkup {
                                            line: self.line_at(j),
                                            what: "attribute value (missing closing quote)",
                                        })
                                    }
                                }
                            }
                            Some(_) => {
                                // Unquoted value: up to whitespace or `>`.
                                let start = j;
                                while bytes.get(j).is_some_and(|&c| {
                                    !c.is_ascii_whitespace() && c != b'>' && c != b'<'
                                }) {
                                    j += 1;
                                }
                                raw_value = &self.src[start..j];
                            }
                        }
                    } else {
                        // Attribute without a value (`<x flag>`).
                        raw_value = "";
                    }
                    attrs.push(Attr {
                        name: attr_name,
                        raw_value,
                    });
                    i = j;
                }
                Some(_) => {
                    return Err(TextError::MalformedTag {
                        line: self.line_at(i),
                        message: format!(
                            "unexpected character `{}` in <{name}> tag",
                            self.char_at(i).escape_debug()
                        ),
                    })
                }
            }
        }
    }

    /// Read the raw content of element `name` whose start tag (on line
    /// `open_line`) was just returned, up to its end tag, and move past
    /// that end tag. Comments inside the content are kept in the returned
    /// text but an end tag inside a comment does not count. Meeting a
    /// `<Sentence>`/`</Sentence>` or `<Environment>`/`</Environment>` tag
    /// first means the element was never closed.
    pub(crate) fn read_raw(&mut self, name: &str, open_line: usize) -> Result<&'a str, TextError> {
        let bytes = self.bytes();
        let start = self.pos;
        let mut i = start;
        let unterminated = || TextError::Unterminated {
            line: open_line,
            element: name.to_string(),
        };
        // Once a search for `-->` has failed, none can succeed later, so
        // stop looking (keeps pathological input linear).
        let mut comments_can_close = true;
        while let Some(lt) = find_from(self.src, i, "<") {
            if comments_can_close && bytes[lt..].starts_with(b"<!--") {
                // Skip the comment if it is closed; otherwise treat `<` as text.
                match find_from(self.src, lt + 4, "-->") {
                    Some(end) => i = end + 3,
                    None => {
                        comments_can_close = false;
                        i = lt + 1;
                    }
                }
                continue;
            }
            if tag_named_at(bytes, lt, name) == Some(true) {
                let name_end = lt + 2 + name.len();
                let gt = self.skip_ws(name_end);
                if bytes.get(gt) == Some(&b'>') {
                    self.pos = gt + 1;
                    return Ok(&self.src[start..lt]);
                }
                return Err(unterminated());
            }
            if tag_named_at(bytes, lt, "sentence").is_some()
                || tag_named_at(bytes, lt, "environment").is_some()
            {
                return Err(unterminated());
            }
            i = lt + 1;
        }
        Err(unterminated())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &str) -> Result<Vec<String>, TextError> {
        let mut sc = Scanner::new(src);
        let mut out = Vec::new();
        while let Some(t) = sc.next_token()? {
            out.push(match t {
                Token::Open {
                    name,
                    attrs,
                    self_closing,
                    line,
                } => {
                    let a: Vec<String> = attrs
                        .iter()
                        .map(|a| format!("{}={}", a.name, a.raw_value))
                        .collect();
                    format!(
                        "{line}:<{name} {}{}>",
                        a.join(" "),
                        if self_closing { "/" } else { "" }
                    )
                }
                Token::Close { name } => format!("</{name}>"),
            });
        }
        Ok(out)
    }

    #[test]
    fn scans_tags_attrs_and_skips_markup() {
        let src = "<?xml version=\"1.0\"?>\n<!DOCTYPE x>\n<a x = \"1\" y ='\"q\"' z=u flag>\n<!-- <b> -- < -->a < b<![CDATA[<c>]]></a ><d/>";
        assert_eq!(
            tokens(src).unwrap(),
            vec!["3:<a x=1 y=\"q\" z=u flag=>", "</a>", "4:<d />",]
        );
    }

    #[test]
    fn line_index() {
        let li = LineIndex::new("a\nb\n\nc");
        assert_eq!(li.line(0), 1);
        assert_eq!(li.line(1), 1);
        assert_eq!(li.line(2), 2);
        assert_eq!(li.line(4), 3);
        assert_eq!(li.line(5), 4);
        assert_eq!(li.line(99), 4);
    }

    #[test]
    fn raw_reading() {
        let mut sc = Scanner::new("<Text>a <b> &amp; <!-- </Text> --> c</TEXT >tail");
        let Some(Token::Open { name, line, .. }) = sc.next_token().unwrap() else {
            panic!("expected start tag");
        };
        assert_eq!(
            sc.read_raw(name, line).unwrap(),
            "a <b> &amp; <!-- </Text> --> c"
        );
        assert!(sc.next_token().unwrap().is_none());
    }
}
