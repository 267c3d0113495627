//! Sentence splitting and Penn Treebank tokenization of English news text.
//!
//! This is the first step of the raw-text front end: [`split_sentences`]
//! cuts a story into sentences, and [`tokenize`] cuts one sentence into the
//! tokens a Penn Treebank parse would have as its leaves. The target is the
//! output of the Stanford PTB tokenizer as it appears in the gold parses of
//! PETRARCH files, because the dictionaries were written against those
//! leaves: a phrase such as `GONDOR 'S` only matches if the tokenizer splits
//! `Gondor's` the way the parser did.
//!
//! # Design
//!
//! Both functions are single left-to-right scans over `char`s with a fixed
//! lookahead of a few characters, with no regular expressions and no
//! backtracking, so the cost is linear in the input and a sentence takes a
//! microsecond or two. Each token carries the byte span of the source text
//! it came from; its `text` is what PTB writes, which differs from the
//! source for brackets (`(` → `-LRB-`), quotes (`"` → ``` `` ``` or `''`,
//! `’` → `'`), dashes (`—` → `--`) and ellipses (`…` → `...`).
//!
//! The rules, in the order a reader will want them:
//!
//! - Punctuation (`. , ; : ? ! % $` and brackets) is split from words, except
//!   inside numbers (`1,700`, `21.6`, `10:30`), URLs and e-mail addresses.
//! - Hyphenated words stay whole (`state-run`, `2022-06-20`, and `anti-` before
//!   a space); two or more hyphens and Unicode dashes are tokens of their own.
//! - Clitics are split: `don't` → `do n't`, `can't` → `ca n't`,
//!   `Gondor's` → `Gondor 's`, `states'` → `states '`, and `cannot` →
//!   `can not`.
//! - A period stays on an abbreviation: a word from a short list (`Mr.`,
//!   `Gen.`, `Jan.`, `Corp.`, …), a dotted acronym (`U.S.`, `e.g.`), an
//!   initial (`J.`), or `No.` before a number. When such a word ends the
//!   sentence, PTB writes the sentence period as well (`U.S.` `.`); that
//!   extra token has the span of the abbreviation's own period.
//!
//! Sentence boundaries fall after `.`, `?`, `!` or an ellipsis (with any
//! closing quotes and brackets) when whitespace and then a capital letter, a
//! digit or an opening quote follow, and at every blank line. A period that
//! belongs to an abbreviation ends a sentence only when the next word is a
//! common sentence opener (`in the U.S. The …`); after a title or an initial
//! (`Mr. Smith`, `J. R. R. Tolkien`) or before a number (`No. 5`), never.
//!
//! Neither function panics, whatever the input: every index used for slicing
//! comes from `char_indices`-style stepping, so it lies on a char boundary.
//!
//! ```
//! use faultline_lang::{split_sentences, tokenize};
//!
//! let text = "Gondor's envoy met Mr. Elrond in the U.S. The talks didn't end.";
//! let sentences: Vec<&str> = split_sentences(text).into_iter().map(|r| &text[r]).collect();
//! assert_eq!(sentences, ["Gondor's envoy met Mr. Elrond in the U.S.", "The talks didn't end."]);
//!
//! let words: Vec<String> = tokenize(sentences[0]).into_iter().map(|t| t.text).collect();
//! assert_eq!(words, ["Gondor", "'s", "envoy", "met", "Mr.", "Elrond", "in", "the", "U.S.", "."]);
//! ```

use std::ops::Range;

/// A token: its text as PTB writes it and its byte span in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token as it appears in a Penn Treebank parse (`-LRB-`, ``` `` ```, `n't`, …).
    pub text: String,
    /// Byte offset of the first source byte of the token.
    pub start: usize,
    /// Byte offset just past the last source byte of the token.
    pub end: usize,
}

/// Byte ranges of the sentences of `text`, in order; whitespace between
/// sentences is not included.
///
/// ```
/// let text = "Arnor protested. Gondor replied!\n\nNo comment";
/// let parts: Vec<&str> = faultline_lang::split_sentences(text).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(parts, ["Arnor protested.", "Gondor replied!", "No comment"]);
/// ```
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if c == '\n' || c == '\u{2029}' {
            if let Some(after) = blank_line_end(text, i) {
                push_trimmed(text, start..i, &mut out);
                start = after;
                i = after;
                continue;
            }
        } else if is_terminator(c) {
            let mut k = i;
            while let Some(d) = char_at(text, k).filter(|&d| is_terminator(d)) {
                k += d.len_utf8();
            }
            let lone_period = k == i + 1 && c == '.';
            while let Some(d) = char_at(text, k).filter(|&d| is_closer(d)) {
                k += d.len_utf8();
            }
            if char_at(text, k).is_some_and(is_sep) {
                let n = skip_seps(text, k);
                if let Some(next) = char_at(text, n) {
                    if starts_sentence(text, i, lone_period, next, n) {
                        push_trimmed(text, start..k, &mut out);
                        start = k;
                    }
                }
            }
            i = k;
            continue;
        }
        i += c.len_utf8();
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// PTB tokens of one sentence (offsets relative to the `sentence` string given).
///
/// ```
/// let toks = faultline_lang::tokenize("Gondor's envoy (Mr. Elrond) didn't pay $21.6 million.");
/// let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
/// assert_eq!(
///     words,
///     ["Gondor", "'s", "envoy", "-LRB-", "Mr.", "Elrond", "-RRB-", "did", "n't", "pay", "$", "21.6", "million", "."]
/// );
/// assert_eq!((toks[3].start, toks[3].end), (15, 16));
/// ```
pub fn tokenize(sentence: &str) -> Vec<Token> {
    let s = sentence;
    let mut out: Vec<Token> = Vec::with_capacity(s.len() / 5 + 2);
    let mut i = 0;
    while let Some(c) = char_at(s, i) {
        let len = c.len_utf8();
        if is_sep(c) {
            i += len;
            continue;
        }
        if is_word_char(c) {
            i = word(s, i, &mut out);
            continue;
        }
        let next = char_at(s, i + len);
        let (end, text): (usize, &str) = match c {
            '(' => (i + 1, "-LRB-"),
            ')' => (i + 1, "-RRB-"),
            '[' => (i + 1, "-LSB-"),
            ']' => (i + 1, "-RSB-"),
            '{' => (i + 1, "-LCB-"),
            '}' => (i + 1, "-RCB-"),
            '"' => (i + 1, double_quote(s, i, next)),
            '“' | '„' => (i + len, "``"),
            '”' => (i + len, "''"),
            '‘' | '‚' => (i + len, "`"),
            '`' if next == Some('`') => (i + 2, "``"),
            '\'' if next == Some('\'') => (i + 2, "''"),
            '\'' | '’' => match apostrophe(s, i, len, next) {
                Some(t) => t,
                None => {
                    // A leading apostrophe on a number: '90s.
                    let end = word_end(s, i + len);
                    out.push(token(normalize_apostrophes(&s[i..end]), i, end));
                    i = end;
                    continue;
                }
            },
            '—' | '–' | '―' | '‒' => (i + len, "--"),
            '…' => (i + len, "..."),
            '-' => {
                let end = run_end(s, i, |d| d == '-');
                (end, if end - i >= 2 { "--" } else { "-" })
            }
            '.' => {
                let end = run_end(s, i, |d| d == '.');
                (end, &s[i..end])
            }
            '?' | '!' => {
                let end = run_end(s, i, |d| d == '?' || d == '!');
                (end, &s[i..end])
            }
            '&' => (i + entity_len(s, i).unwrap_or(1), ""),
            '*' | '=' | '~' | '#' | '+' | '<' | '>' | '^' | '|' | '\\' | '/' => {
                (run_end(s, i, |d| d == c), "")
            }
            _ => (i + len, ""),
        };
        let text = if text.is_empty() {
            normalize_apostrophes(&s[i..end])
        } else {
            text.to_owned()
        };
        out.push(token(text, i, end));
        i = end;
    }
    add_final_period(&mut out);
    out
}

/// Scans the word starting at `start` (a word character), pushes its
/// token(s) and returns where it ends.
fn word(s: &str, start: usize, out: &mut Vec<Token>) -> usize {
    if let Some(end) = url_end(s, start) {
        out.push(token(s[start..end].to_owned(), start, end));
        return end;
    }
    let end = word_end(s, start);
    let w = &s[start..end];
    match split_clitic(w) {
        Some(k) => {
            out.push(token(normalize_apostrophes(&w[..k]), start, start + k));
            out.push(token(normalize_apostrophes(&w[k..]), start + k, end));
        }
        None => out.push(token(normalize_apostrophes(w), start, end)),
    }
    end
}

/// End of the word starting at `start`: word characters joined by the
/// connectors that PTB keeps inside a token, plus an abbreviation's period.
fn word_end(s: &str, start: usize) -> usize {
    let mut j = start;
    while let Some(c) = char_at(s, j) {
        let len = c.len_utf8();
        if is_word_char(c) {
            j += len;
            continue;
        }
        let next = char_at(s, j + len);
        let prev = prev_char(s, j);
        let next_is_word = next.is_some_and(is_word_char);
        let joins = match c {
            '-' => {
                if next.is_none_or(is_sep) {
                    // A dangling hyphen stays on its word: "anti- Gondor".
                    return j + 1;
                }
                next_is_word
            }
            '.' => {
                if next_is_word {
                    true
                } else if next != Some('.') && abbreviation(&s[start..j], next_non_sep(s, j + 1)) {
                    j += 1;
                    continue;
                } else {
                    false
                }
            }
            ',' | ':' => {
                prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit())
            }
            '\'' | '’' => next.is_some_and(char::is_alphabetic),
            '/' | '@' => prev.is_some_and(char::is_alphanumeric) && next_is_word,
            '&' => {
                prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric)
                    && entity_len(s, j).is_none()
            }
            '$' => {
                // Currency prefixes such as US$ or HK$ keep the sign.
                let w = &s[start..j];
                if w.len() <= 3
                    && w.bytes().all(|b| b.is_ascii_uppercase())
                    && next.is_none_or(|n| n.is_ascii_digit() || is_sep(n))
                {
                    return j + 1;
                }
                false
            }
            _ => false,
        };
        if !joins {
            break;
        }
        j += len;
    }
    j
}

/// The text and end of a straight or curly apostrophe at `i` that is not
/// part of a word: a clitic written apart (`'s`), a closing quote or plural
/// possessive (`'`), or an opening quote (`` ` ``). `None` means it starts
/// a word such as `'90s`.
fn apostrophe(s: &str, i: usize, len: usize, next: Option<char>) -> Option<(usize, &'static str)> {
    let rest = &s[i + len..];
    for clitic in ["s", "d", "m", "re", "ve", "ll"] {
        if let Some(head) = rest.get(..clitic.len()) {
            if head.eq_ignore_ascii_case(clitic)
                && !rest[clitic.len()..].starts_with(|c: char| c.is_alphanumeric())
            {
                return Some((i + len + clitic.len(), ""));
            }
        }
    }
    let prev = prev_char(s, i);
    if prev.is_some_and(|p| !is_sep(p) && !is_opener(p)) || next.is_none_or(is_sep) {
        return Some((i + len, "'"));
    }
    if next.is_some_and(|n| n.is_ascii_digit()) {
        return None;
    }
    Some((i + len, "`"))
}

/// `` `` `` for an opening straight double quote, `''` for a closing one.
fn double_quote(s: &str, i: usize, next: Option<char>) -> &'static str {
    let opening = match prev_char(s, i) {
        None => true,
        Some(p) => is_sep(p) || is_opener(p) || matches!(p, ':' | '-' | '—' | '–'),
    };
    if opening && next.is_some_and(|n| !is_sep(n)) {
        "``"
    } else {
        "''"
    }
}

/// Where a clitic starts in a word, if it has one: `do|n't`, `Gondor|'s`,
/// `can|not`.
fn split_clitic(w: &str) -> Option<usize> {
    for (whole, at) in [
        ("cannot", 3),
        ("gonna", 3),
        ("gotta", 3),
        ("wanna", 3),
        ("gimme", 3),
        ("lemme", 3),
    ] {
        if w.eq_ignore_ascii_case(whole) {
            return Some(at);
        }
    }
    if let Some(body) = w.strip_suffix(['t', 'T']) {
        if let Some(body) = body.strip_suffix(['\'', '’']) {
            if let Some(body) = body.strip_suffix(['n', 'N']) {
                if !body.is_empty() {
                    return Some(body.len());
                }
            }
        }
    }
    let a = w.rfind(['\'', '’'])?;
    let apos_len = if w[a..].starts_with('\'') { 1 } else { 3 };
    let suffix = &w[a + apos_len..];
    let clitic = ["s", "d", "m", "re", "ve", "ll"]
        .iter()
        .any(|c| suffix.eq_ignore_ascii_case(c));
    (clitic && a > 0).then_some(a)
}

/// What kind of abbreviation a word followed by a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbrev {
    /// Comes before a name and never ends a sentence: `Mr.`, `Gen.`, `Dr.`.
    Title,
    /// A single capital letter: `J.`.
    Initial,
    /// Anything else: `U.S.`, `Inc.`, `Jan.`, `St.`, `Jr.`, `etc.`.
    Other,
}

/// Whether `word` + `.` is an abbreviation; `next` is the first
/// non-whitespace character after the period.
fn abbreviation(word: &str, next: Option<char>) -> bool {
    abbrev_kind(word, next).is_some()
}

fn abbrev_kind(word: &str, next: Option<char>) -> Option<Abbrev> {
    // Every abbreviation is short; the bound keeps the scan O(1) per period.
    if word.is_empty() || word.len() > 24 {
        return None;
    }
    let mut chars = word.chars();
    let first = chars.next()?;
    if chars.as_str().is_empty() {
        return first.is_uppercase().then_some(Abbrev::Initial);
    }
    if word.contains('.') {
        // Dotted letters: U.S, U.S.A, e.g, a.m
        let dotted = word.split('.').all(|seg| {
            let mut cs = seg.chars();
            cs.next().is_some_and(char::is_alphabetic) && cs.next().is_none()
        });
        return (dotted || word == "Ph.D").then_some(Abbrev::Other);
    }
    match word {
        "Mr" | "Mrs" | "Ms" | "Messrs" | "Dr" | "Prof" | "Gen" | "Gens" | "Lt" | "Col" | "Maj"
        | "Capt" | "Cmdr" | "Cdr" | "Adm" | "Sgt" | "Cpl" | "Pvt" | "Brig" | "Rep" | "Reps"
        | "Sen" | "Sens" | "Gov" | "Pres" | "Rev" | "Hon" | "Fr" | "Supt" | "Insp" | "Det"
        | "Amb" => Some(Abbrev::Title),
        "No" | "Nos" | "Art" | "Fig" => next
            .is_some_and(|n| n.is_ascii_digit())
            .then_some(Abbrev::Other),
        "Jr" | "Sr" | "St" | "Mt" | "Ft" | "Inc" | "Corp" | "Co" | "Ltd" | "Bros" | "Jan"
        | "Feb" | "Mar" | "Apr" | "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct" | "Nov"
        | "Dec" | "etc" | "vs" | "al" | "cf" | "approx" | "Ave" | "Blvd" | "Rd" | "Dept"
        | "Univ" | "Assn" | "Vol" | "Ala" | "Ariz" | "Ark" | "Calif" | "Colo" | "Conn" | "Del"
        | "Fla" | "Ga" | "Ill" | "Ind" | "Kan" | "Kans" | "Ky" | "La" | "Md" | "Mass" | "Mich"
        | "Minn" | "Miss" | "Mo" | "Mont" | "Neb" | "Nev" | "Okla" | "Ore" | "Pa" | "Tenn"
        | "Tex" | "Va" | "Vt" | "Wash" | "Wis" | "Wyo" => Some(Abbrev::Other),
        _ => None,
    }
}

/// Words that open a sentence often enough that a capitalised one after an
/// abbreviation such as `U.S.` signals a new sentence.
fn is_sentence_opener(w: &str) -> bool {
    matches!(
        w,
        "The"
            | "A"
            | "An"
            | "In"
            | "On"
            | "At"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "Our"
            | "After"
            | "Before"
            | "As"
            | "When"
            | "While"
            | "If"
            | "Although"
            | "Since"
            | "Meanwhile"
            | "However"
            | "Earlier"
            | "Later"
            | "Last"
            | "Some"
            | "Many"
            | "Officials"
    )
}

/// Whether a terminator at `i` (a single period when `lone_period`),
/// followed by whitespace and then `next` at `n`, ends a sentence.
fn starts_sentence(text: &str, i: usize, lone_period: bool, next: char, n: usize) -> bool {
    if !(next.is_uppercase() || next.is_ascii_digit() || is_opener(next)) {
        return false;
    }
    if !lone_period {
        return true;
    }
    let before = &text[..i];
    let word_len: usize = before
        .chars()
        .rev()
        .take_while(|&c| !is_sep(c))
        .map(char::len_utf8)
        .sum();
    let word_start = before.len() - word_len;
    let word = before[word_start..].trim_start_matches(|c: char| !c.is_alphanumeric());
    match abbrev_kind(word, Some(next)) {
        None => true,
        Some(_) if next.is_ascii_digit() => false,
        Some(Abbrev::Title | Abbrev::Initial) => false,
        Some(Abbrev::Other) => {
            let rest = text[n..].trim_start_matches(is_opener);
            let w_end = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            is_sentence_opener(&rest[..w_end])
        }
    }
}

/// If a blank line starts with the newline at `i`, the offset after it.
fn blank_line_end(text: &str, i: usize) -> Option<usize> {
    if text[i..].starts_with('\u{2029}') {
        return Some(i + '\u{2029}'.len_utf8());
    }
    let mut k = i + 1;
    while let Some(d) = char_at(text, k) {
        if d == '\n' {
            return Some(k + 1);
        }
        if !is_sep(d) {
            return None;
        }
        k += d.len_utf8();
    }
    None
}

/// Pushes `r` without its leading and trailing whitespace, if anything is left.
fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let seg = &text[r.clone()];
    let start = r.start + (seg.len() - seg.trim_start_matches(is_sep).len());
    let end = r.start + seg.trim_end_matches(is_sep).len();
    if start < end {
        out.push(start..end);
    }
}

/// PTB writes a sentence-final abbreviation and then the sentence's period:
/// `U.S.` `.`. The added period shares the span of the abbreviation's own.
fn add_final_period(out: &mut Vec<Token>) {
    let closers = ["''", "'", "-RRB-", "-RSB-", "-RCB-"];
    let Some(last) = out
        .iter()
        .rposition(|t| !closers.contains(&t.text.as_str()))
    else {
        return;
    };
    let t = &out[last];
    if t.text.len() > 1 && t.text.ends_with('.') && !t.text.bytes().all(|b| b == b'.') {
        let end = t.end;
        out.insert(last + 1, token(".".to_owned(), end - 1, end));
    }
}

/// Length of an HTML/XML entity (`&amp;`, `&#39;`) starting at `i`.
fn entity_len(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut k = i + 1;
    if b.get(k) == Some(&b'#') {
        k += 1;
    }
    let body = k;
    while k < b.len() && k - body < 10 && b[k].is_ascii_alphanumeric() {
        k += 1;
    }
    (k > body && b.get(k) == Some(&b';')).then_some(k + 1 - i)
}

/// End of a URL starting at `i` (`http://`, `https://`, `ftp://`, `www.`),
/// without trailing sentence punctuation.
fn url_end(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    if !b
        .get(i)
        .is_some_and(|&c| matches!(c | 0x20, b'h' | b'f' | b'w'))
    {
        return None;
    }
    let is_url = ["http://", "https://", "ftp://", "www."].iter().any(|p| {
        b.get(i..i + p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
    });
    if !is_url {
        return None;
    }
    let rest = &s[i..];
    let url = &rest[..rest.find(is_sep).unwrap_or(rest.len())];
    let open_paren = url.contains('(');
    let url = url.trim_end_matches(|c: char| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | ']' | '}' | '>' | '”' | '’' | '»'
        ) || (c == ')' && !open_paren)
    });
    Some(i + url.len().max(1))
}

/// End of the run of characters satisfying `f` that starts at `i`.
fn run_end(s: &str, i: usize, f: impl Fn(char) -> bool) -> usize {
    let rest = &s[i..];
    i + rest.find(|c: char| !f(c)).unwrap_or(rest.len())
}

fn token(text: String, start: usize, end: usize) -> Token {
    Token { text, start, end }
}

fn normalize_apostrophes(w: &str) -> String {
    if w.contains('’') {
        w.replace('’', "'")
    } else {
        w.to_owned()
    }
}

/// The character at byte offset `i`, or `None` at the end (or off a boundary).
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..)?.chars().next()
}

/// The character ending at byte offset `i`.
fn prev_char(s: &str, i: usize) -> Option<char> {
    s.get(..i)?.chars().next_back()
}

/// Offset of the first non-separator character at or after `i`.
fn skip_seps(s: &str, i: usize) -> usize {
    let rest = s.get(i..).unwrap_or("");
    i + (rest.len() - rest.trim_start_matches(is_sep).len())
}

fn next_non_sep(s: &str, i: usize) -> Option<char> {
    char_at(s, skip_seps(s, i))
}

/// Whitespace, and characters treated like it: controls, zero-width space, BOM.
fn is_sep(c: char) -> bool {
    c.is_whitespace() || c.is_control() || c == '\u{200B}' || c == '\u{FEFF}'
}

/// Characters that make up words: letters, digits, `_`, and any non-ASCII
/// character that is not punctuation PTB splits off (so combining marks,
/// `°` and the like stay inside their word).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    !is_sep(c)
        && !matches!(
            c,
            '“' | '”'
                | '„'
                | '‘'
                | '’'
                | '‚'
                | '«'
                | '»'
                | '‹'
                | '›'
                | '—'
                | '–'
                | '―'
                | '‒'
                | '…'
                | '•'
                | '·'
                | '¡'
                | '¿'
                | '£'
                | '€'
                | '¥'
                | '¢'
                | '₹'
                | '₽'
                | '₩'
        )
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '}' | '»')
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '`' | '“' | '‘' | '„' | '(' | '[' | '{' | '«' | '¿' | '¡'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(sentence: &str) -> Vec<String> {
        tokenize(sentence).into_iter().map(|t| t.text).collect()
    }

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn tokens() {
        let cases: &[(&str, &str)] = &[
            // punctuation
            (
                "Gondor fell, Arnor stood; Rohan rode.",
                "Gondor fell , Arnor stood ; Rohan rode .",
            ),
            ("Why? Because!", "Why ? Because !"),
            ("Really?!", "Really ?!"),
            ("They said: no.", "They said : no ."),
            (
                "the European Union (EU) agreed",
                "the European Union -LRB- EU -RRB- agreed",
            ),
            ("[sic] {x}", "-LSB- sic -RSB- -LCB- x -RCB-"),
            // quotes
            ("He said \"no\" twice.", "He said `` no '' twice ."),
            ("\"Go,\" he said.", "`` Go , '' he said ."),
            ("said:\"Go\"", "said : `` Go ''"),
            ("“Free Tibet” banners", "`` Free Tibet '' banners"),
            (
                "condemned as`` unacceptable'' claims",
                "condemned as `` unacceptable '' claims",
            ),
            ("a ‘limited’ strike", "a ` limited ' strike"),
            ("He said 'don't go' today", "He said ` do n't go ' today"),
            ("the '90s boom", "the '90s boom"),
            // clitics and possessives
            ("don't can't won't isn't", "do n't ca n't wo n't is n't"),
            ("DIDN'T", "DID N'T"),
            ("Gondor's army", "Gondor 's army"),
            (
                "they're we've I'll she'd I'm",
                "they 're we 've I 'll she 'd I 'm",
            ),
            ("the states' rights", "the states ' rights"),
            ("two nations’ border", "two nations ' border"),
            ("Russia’s envoy didn’t", "Russia 's envoy did n't"),
            ("O'Neill's plan", "O'Neill 's plan"),
            ("at five o'clock", "at five o'clock"),
            ("We cannot stay", "We can not stay"),
            ("Gondor 's army did n't", "Gondor 's army did n't"),
            ("the U.S.'s role", "the U.S. 's role"),
            // abbreviations and initials
            ("U.S. and U.N. officials", "U.S. and U.N. officials"),
            (
                "Gen. Smith met Mr. Jones, Mrs. Lee and Dr. Who",
                "Gen. Smith met Mr. Jones , Mrs. Lee and Dr. Who",
            ),
            (
                "on Jan. 5 and Feb. 6, Aug. 7, Sept. 8",
                "on Jan. 5 and Feb. 6 , Aug. 7 , Sept. 8",
            ),
            (
                "Acme Corp. and Foo Inc. and Bar Ltd. bought",
                "Acme Corp. and Foo Inc. and Bar Ltd. bought",
            ),
            (
                "St. Petersburg, e.g., No. 5",
                "St. Petersburg , e.g. , No. 5",
            ),
            ("J. R. R. Tolkien wrote", "J. R. R. Tolkien wrote"),
            ("The K.U. team", "The K.U. team"),
            ("He went to the U.S.", "He went to the U.S. ."),
            ("He founded Acme Inc.)", "He founded Acme Inc. . -RRB-"),
            ("He said No.", "He said No ."),
            ("U.S.-led forces", "U.S.-led forces"),
            // numbers and money
            (
                "1,700 troops and 50,000 people",
                "1,700 troops and 50,000 people",
            ),
            ("a $21.6 million deal", "a $ 21.6 million deal"),
            ("US$5 billion", "US$ 5 billion"),
            ("US$ 5 billion", "US$ 5 billion"),
            ("about 70% of it", "about 70 % of it"),
            ("on 2022-06-20 at 10:30", "on 2022-06-20 at 10:30"),
            ("£5 and €6", "£ 5 and € 6"),
            // hyphens and dashes
            (
                "Kassym-Jomart ran state-run war-torn media",
                "Kassym-Jomart ran state-run war-torn media",
            ),
            ("an anti- Gondor parade", "an anti- Gondor parade"),
            (
                "demand for coal-- the source",
                "demand for coal -- the source",
            ),
            ("Beijing--which", "Beijing -- which"),
            ("peace — or war – now", "peace -- or war -- now"),
            (
                "MOSCOW, June 19 (Reuters) - Russia",
                "MOSCOW , June 19 -LRB- Reuters -RRB- - Russia",
            ),
            // ellipses, URLs, e-mail, entities
            ("and then... nothing", "and then ... nothing"),
            ("and then… nothing", "and then ... nothing"),
            (
                "see https://example.com/a?b=1.",
                "see https://example.com/a?b=1 .",
            ),
            ("(www.example.org)", "-LRB- www.example.org -RRB-"),
            (
                "at https://en.wikipedia.org/wiki/X_(y).",
                "at https://en.wikipedia.org/wiki/X_(y) .",
            ),
            (
                "mail john.doe@example.com now",
                "mail john.doe@example.com now",
            ),
            ("full &amp;TIETYPE ties", "full &amp; TIETYPE ties"),
            ("AT&T and/or S&P", "AT&T and/or S&P"),
            // degenerate input
            ("", ""),
            ("   \n\t ", ""),
            ("...", "..."),
            ("'", "'"),
            ("\"", "''"),
        ];
        for &(input, expected) in cases {
            let expected: Vec<&str> = expected.split_whitespace().collect();
            assert_eq!(words(input), expected, "tokenizing {input:?}");
        }
    }

    #[test]
    fn spans_point_into_the_source() {
        let s = "“Gondor’s” envoy—didn't";
        let toks = tokenize(s);
        let spans: Vec<(&str, &str)> = toks
            .iter()
            .map(|t| (t.text.as_str(), &s[t.start..t.end]))
            .collect();
        assert_eq!(
            spans,
            [
                ("``", "“"),
                ("Gondor", "Gondor"),
                ("'s", "’s"),
                ("''", "”"),
                ("envoy", "envoy"),
                ("--", "—"),
                ("did", "did"),
                ("n't", "n't"),
            ]
        );
        let toks = tokenize("the U.S.");
        let last: Vec<(usize, usize)> = toks.iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(last, [(0, 3), (4, 8), (7, 8)]);
    }

    #[test]
    fn sentence_boundaries() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Arnor left. Gondor stayed.",
                &["Arnor left.", "Gondor stayed."],
            ),
            ("Why? Because! Fine.", &["Why?", "Because!", "Fine."]),
            (
                "He said \"Go.\" Then he left.",
                &["He said \"Go.\"", "Then he left."],
            ),
            (
                "He paused (briefly.) Then he left.",
                &["He paused (briefly.)", "Then he left."],
            ),
            (
                "It ended. \"Never again,\" he said.",
                &["It ended.", "\"Never again,\" he said."],
            ),
            ("It rose 5. 3 were hurt.", &["It rose 5.", "3 were hurt."]),
            (
                "It rained. then it stopped.",
                &["It rained. then it stopped."],
            ),
            (
                "Mr. Smith met Gen. Jones at St. Mary's.",
                &["Mr. Smith met Gen. Jones at St. Mary's."],
            ),
            (
                "J. R. R. Tolkien wrote it.",
                &["J. R. R. Tolkien wrote it."],
            ),
            ("He is No. 5 on the list.", &["He is No. 5 on the list."]),
            (
                "It began on Jan. 5 in Kiev.",
                &["It began on Jan. 5 in Kiev."],
            ),
            (
                "The U.S. Central Command said so.",
                &["The U.S. Central Command said so."],
            ),
            (
                "He flew to the U.S. The talks failed.",
                &["He flew to the U.S.", "The talks failed."],
            ),
            (
                "Talks with the U.N. But nothing came.",
                &["Talks with the U.N.", "But nothing came."],
            ),
            (
                "Acme Corp. Officials denied it.",
                &["Acme Corp.", "Officials denied it."],
            ),
            (
                "Acme Corp. Gondor denied it.",
                &["Acme Corp. Gondor denied it."],
            ),
            (
                "He lives on Main St. The house burned.",
                &["He lives on Main St.", "The house burned."],
            ),
            ("Dr. A. Smith spoke.", &["Dr. A. Smith spoke."]),
            (
                "He met John Smith Jr. He smiled.",
                &["He met John Smith Jr.", "He smiled."],
            ),
            ("Wait... The door opened.", &["Wait...", "The door opened."]),
            ("Pi is 3.14 today. Yes.", &["Pi is 3.14 today.", "Yes."]),
            ("Line one\nline two", &["Line one\nline two"]),
            (
                "Headline without stop\n\nBody text here",
                &["Headline without stop", "Body text here"],
            ),
            ("A\r\n \r\nB", &["A", "B"]),
            (
                "MOSCOW, June 19 (Reuters) - Russia blocked the plan. It said no.",
                &[
                    "MOSCOW, June 19 (Reuters) - Russia blocked the plan.",
                    "It said no.",
                ],
            ),
            ("no final punctuation", &["no final punctuation"]),
            ("  padded.  ", &["padded."]),
            ("", &[]),
            (" \n\n \n", &[]),
        ];
        for &(text, expected) in cases {
            assert_eq!(sentences(text), expected, "splitting {text:?}");
        }
    }

    /// `(text, parse)` of every sentence record in a PETRARCH XML file.
    fn records(xml: &str) -> Vec<(&str, &str)> {
        fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
            let a = s.find(open)? + open.len();
            let b = s[a..].find(close)? + a;
            Some(&s[a..b])
        }
        xml.split("<Sentence ")
            .skip(1)
            .filter_map(|rec| {
                Some((
                    between(rec, "<Text>", "</Text>")?,
                    between(rec, "<Parse>", "</Parse>")?,
                ))
            })
            .collect()
    }

    /// Text and leaves spell the same characters: the record's text was not
    /// edited after it was parsed, so the leaves are a fair oracle for it.
    fn same_characters(text: &str, leaves: &[String]) -> bool {
        let norm = |s: &str| -> String {
            s.replace("-LRB-", "(")
                .replace("-RRB-", ")")
                .replace("``", "\"")
                .replace("''", "\"")
                .replace(['“', '”'], "\"")
                .replace('’', "'")
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect()
        };
        norm(text) == norm(&leaves.concat())
    }

    /// Tokenizes the text of each record and compares with the leaves of its
    /// gold parse. Returns (records, exact matches, records whose text agrees
    /// with their parse, exact matches among those, texts split in two).
    fn oracle(name: &str, xml: &str) -> (usize, usize, usize, usize, usize) {
        let (mut n, mut exact, mut fair, mut fair_exact, mut split) = (0, 0, 0, 0, 0);
        for (text, parse) in records(xml) {
            // One unit-test record has an unbalanced parse; it is no oracle.
            let Ok(tree) = crate::parse_ptb(parse) else {
                continue;
            };
            let leaves: Vec<String> = tree.words().map(|w| tree.word(w).to_owned()).collect();
            let got = words(text);
            let ok = got == leaves;
            n += 1;
            exact += usize::from(ok);
            if split_sentences(text).len() > 1 {
                split += 1;
                eprintln!("{name}: split in two: {text:?}");
            }
            if same_characters(text, &leaves) {
                fair += 1;
                fair_exact += usize::from(ok);
                if !ok {
                    eprintln!(
                        "{name}: mismatch\n  got:  {}\n  want: {}",
                        got.join(" "),
                        leaves.join(" ")
                    );
                }
            }
        }
        eprintln!("{name}: {exact}/{n} identical; {fair_exact}/{fair} where text and parse agree");
        (n, exact, fair, fair_exact, split)
    }

    #[test]
    fn matches_gold_parse_leaves() {
        let giga = oracle(
            "GigaWord",
            include_str!("../../../tests/fixtures/petrarch/GigaWord.sample.PETR.xml"),
        );
        let unit = oracle(
            "UnitTest",
            include_str!("../../../tests/fixtures/petrarch/PETR.UnitTest.records.xml"),
        );
        for (n, exact, fair, fair_exact, split) in [giga, unit] {
            assert!(
                n > 0 && fair * 10 >= n * 6,
                "fixture reading broke: {n} records, {fair} usable"
            );
            assert!(
                fair_exact * 100 >= fair * 95,
                "{fair_exact}/{fair} identical"
            );
            assert!(exact <= n);
            assert_eq!(split, 0, "a one-sentence record was split");
        }
    }

    fn check_invariants(s: &str) {
        let ranges = split_sentences(s);
        let mut last_end = 0;
        for r in &ranges {
            assert!(
                r.start >= last_end && r.start < r.end && r.end <= s.len(),
                "{r:?} in {s:?}"
            );
            assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
            last_end = r.end;
            check_tokens(&s[r.clone()]);
        }
        check_tokens(s);
    }

    fn check_tokens(s: &str) {
        let toks = tokenize(s);
        let mut covered = 0;
        let mut last_start = 0;
        for t in &toks {
            assert!(!t.text.is_empty(), "empty token in {s:?}");
            assert!(
                t.start < t.end && t.end <= s.len() && t.start >= last_start,
                "{t:?} in {s:?}"
            );
            assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
            assert!(
                s[covered.min(t.start)..t.start].chars().all(is_sep),
                "skipped text before {t:?} in {s:?}"
            );
            covered = covered.max(t.end);
            last_start = t.start;
        }
        assert!(
            s[covered..].chars().all(is_sep),
            "text after the last token of {s:?}"
        );
    }

    #[test]
    fn never_panics() {
        const ALPHABET: &[&str] = &[
            "a", "Z", "7", " ", " ", "\n", "\n\n", "\t", "\r", "\0", "\u{7f}", "\u{85}", ".", ",",
            ";", ":", "?", "!", "'", "\"", "`", "(", ")", "[", "]", "{", "}", "-", "--", "$", "%",
            "&", "&amp;", "&#", "@", "/", "*", "_", "’", "‘", "“", "”", "—", "–", "…", "é",
            "e\u{301}", "\u{a0}", "\u{200b}", "\u{feff}", "\u{2029}", "日本", "🙂", "👍🏽", "U.S.",
            "Mr.", "No.", "n't", "'s", "http://", "www.", "US$", "1,000", "3.5", "J.", "cannot",
        ];
        let mut rng = fastrand::Rng::with_seed(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let len = rng.usize(..40);
            let s: String = (0..len)
                .map(|_| ALPHABET[rng.usize(..ALPHABET.len())])
                .collect();
            check_invariants(&s);
        }
        // Fixture sentences with characters deleted, duplicated or replaced.
        let xml = include_str!("../../../tests/fixtures/petrarch/PETR.UnitTest.records.xml");
        for (text, _) in records(xml).into_iter().take(120) {
            for _ in 0..5 {
                let mut chars: Vec<char> = text.chars().collect();
                for _ in 0..4 {
                    if chars.is_empty() {
                        break;
                    }
                    let at = rng.usize(..chars.len());
                    match rng.usize(..3) {
                        0 => {
                            chars.remove(at);
                        }
                        1 => chars.insert(at, chars[at]),
                        _ => {
                            let pick = ALPHABET[rng.usize(..ALPHABET.len())];
                            chars.splice(at..=at, pick.chars());
                        }
                    }
                }
                check_invariants(&chars.into_iter().collect::<String>());
            }
        }
    }

    #[test]
    fn huge_inputs() {
        let story =
            "Gondor's envoy met Mr. Elrond in the U.S. The talks (on Jan. 5) didn't end... ";
        let big = story.repeat(20_000);
        assert_eq!(split_sentences(&big).len(), 40_000);
        assert_eq!(tokenize(&big).len(), 20 * 20_000);
        let dots = "a.".repeat(200_000);
        assert_eq!(tokenize(&dots).len(), 2);
        let spaces = " ".repeat(500_000) + "x";
        assert_eq!(tokenize(&spaces).len(), 1);
        let found = split_sentences(&spaces);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].start, found[0].end), (500_000, 500_001));
    }
}
