//! Actor and agent dictionaries.
//!
//! Both are phrase lists keyed by their first word. Actor entries carry
//! codes that may be bounded by dates; agent entries carry one code that is
//! glued before (`XXX~`) or after (`~XXX`) the actor code.

use std::collections::HashMap;

use crate::lines::{meaningful_lines, phrase_words};
use crate::{Diagnostic, Origin};

/// A date as `YYYYMMDD` in one integer, so that comparisons are numeric.
pub type Date = u32;

/// When a code applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// No restriction.
    Always,
    /// On or before the date.
    Until(Date),
    /// On or after the date.
    From(Date),
    /// Between the dates, both included.
    Between(Date, Date),
}

/// One code of an actor with its validity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub span: Span,
    /// Where the code was written.
    pub origin: Origin,
}

/// An actor: its primary phrase and its codes.
#[derive(Debug, Clone)]
pub struct Actor {
    pub name: String,
    pub codes: Vec<DatedCode>,
    pub origin: Origin,
}

impl Actor {
    /// The code in force on `date`: the first restricted code whose span holds
    /// the date, else the last unrestricted one, else `None`.
    pub fn code_on(&self, date: Date) -> Option<&DatedCode> {
        let restricted = self.codes.iter().find(|c| match c.span {
            Span::Always => false,
            Span::Until(d) => date <= d,
            Span::From(d) => date >= d,
            Span::Between(a, b) => date >= a && date <= b,
        });
        restricted.or_else(|| {
            self.codes
                .iter()
                .rev()
                .find(|c| matches!(c.span, Span::Always))
        })
    }
}

/// A phrase pattern: words after the first, with how each joins the previous.
#[derive(Debug, Clone)]
pub struct PhrasePattern {
    /// All words, upper case; `words[0]` is the index key.
    pub words: Vec<String>,
    /// `consecutive[k]`: word `k + 1` must directly follow word `k`.
    pub consecutive: Vec<bool>,
    /// Index of the actor or agent this phrase names.
    pub entry: usize,
    /// Where the phrase was written.
    pub origin: Origin,
}

impl PhrasePattern {
    /// Matches the pattern at the start of `words`; returns how many words it spans.
    pub fn match_at<S: AsRef<str>>(&self, words: &[S]) -> Option<usize> {
        let first = words.first()?;
        if first.as_ref() != self.words[0] {
            return None;
        }
        let mut k = 1;
        for (i, w) in self.words.iter().enumerate().skip(1) {
            let consecutive = self.consecutive.get(i - 1).copied().unwrap_or(true);
            loop {
                let cand = words.get(k)?;
                k += 1;
                if cand.as_ref() == w {
                    break;
                }
                if consecutive {
                    return None;
                }
            }
        }
        Some(k)
    }
}

/// Phrases indexed by their first word, longest first within a key.
#[derive(Debug, Clone, Default)]
pub struct PhraseIndex {
    map: HashMap<String, Vec<PhrasePattern>>,
}

impl PhraseIndex {
    fn insert(&mut self, p: PhrasePattern) {
        self.map.entry(p.words[0].clone()).or_default().push(p);
    }

    fn finish(&mut self) {
        for v in self.map.values_mut() {
            // stable: equal lengths keep file order
            v.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
    }

    /// True when some phrase starts with `word` (upper case).
    pub fn has_first(&self, word: &str) -> bool {
        self.map.contains_key(word)
    }

    /// The first (longest) phrase matching at the start of `words`, with its span.
    pub fn longest_at<S: AsRef<str>>(&self, words: &[S]) -> Option<(&PhrasePattern, usize)> {
        let cands = self.map.get(words.first()?.as_ref())?;
        cands.iter().find_map(|p| p.match_at(words).map(|n| (p, n)))
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.map.values().map(Vec::len).sum()
    }

    /// True when there are no phrases.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The actor dictionary: entries and their phrase index.
#[derive(Debug, Clone, Default)]
pub struct ActorDict {
    pub actors: Vec<Actor>,
    pub index: PhraseIndex,
    /// Entries by the last word of a name of two to four words ("RUTO" for
    /// WILLIAM_SAMOEI_RUTO): what a title and a surname ("President Ruto")
    /// may refer to.
    surnames: HashMap<String, Vec<usize>>,
}

/// True for a word that can be part of a personal name.
fn name_word(w: &str) -> bool {
    w.len() > 1
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
}

/// True for a bare state code (`KEN`): the code of a country's name.
fn bare_state(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Reads a two-digit or four-digit-year date (`YYMMDD` or `YYYYMMDD`).
fn read_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, md) = match s.len() {
        6 => {
            let yy: u32 = s[..2].parse().ok()?;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        8 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    let m: u32 = md[..2].parse().ok()?;
    let d: u32 = md[2..].parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(y * 10000 + m * 100 + d)
}

/// Reads the inside of `[CODE restriction]`.
fn read_code(inner: &str) -> Result<(String, Span), String> {
    let inner = inner.trim();
    let (code, rest) = match inner.find(char::is_whitespace) {
        Some(p) => (&inner[..p], inner[p..].trim()),
        None => (inner, ""),
    };
    if code.is_empty() {
        return Err("empty code in [...]".into());
    }
    let code = code.to_uppercase();
    if rest.is_empty() {
        return Ok((code, Span::Always));
    }
    let bad = || format!("malformed date restriction '{rest}'");
    let span = if let Some(d) = rest.strip_prefix('<') {
        Span::Until(read_date(d).ok_or_else(bad)?)
    } else if let Some(d) = rest.strip_prefix('>') {
        Span::From(read_date(d).ok_or_else(bad)?)
    } else if let Some((a, b)) = rest.split_once('-') {
        let (a, b) = (read_date(a).ok_or_else(bad)?, read_date(b).ok_or_else(bad)?);
        if a > b {
            return Err(format!("date range '{rest}' ends before it starts"));
        }
        Span::Between(a, b)
    } else {
        return Err(bad());
    };
    Ok((code, span))
}

/// Splits `text` into the phrase before the first `[` and the bracketed codes.
fn split_codes(text: &str) -> Result<(&str, Vec<&str>), String> {
    let (phrase, mut rest) = match text.find('[') {
        Some(p) => (&text[..p], &text[p..]),
        None => (text, ""),
    };
    let mut codes = Vec::new();
    while let Some(open) = rest.find('[') {
        let close = rest[open..]
            .find(']')
            .ok_or_else(|| "unclosed '['".to_string())?;
        codes.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    // anything after the codes (TABARI `;` notes, tab-separated extras) is a comment
    Ok((phrase, codes))
}

/// Removes a TABARI `;` comment from a phrase.
fn strip_semicolon(s: &str) -> &str {
    s.split(';').next().unwrap_or("")
}

impl ActorDict {
    /// Adds the actors of one file.
    pub fn read(&mut self, src: &str, file: &str, diags: &mut Vec<Diagnostic>) {
        let file_id: std::sync::Arc<str> = file.into();
        let mut current: Option<usize> = None;
        for line in meaningful_lines(src) {
            let origin = Origin::new(&file_id, line.number);
            let text = line.text.trim();
            let diag = |msg: String| Diagnostic::new(origin.clone(), msg);
            if line.indented && text.starts_with('[') {
                // a code line for the current entry
                let Some(a) = current else {
                    diags.push(diag("code line with no actor before it".into()));
                    continue;
                };
                match split_codes(text) {
                    Ok((_, codes)) => {
                        for c in codes {
                            match read_code(c) {
                                Ok((code, span)) => self.actors[a].codes.push(DatedCode {
                                    code,
                                    span,
                                    origin: origin.clone(),
                                }),
                                Err(e) => diags.push(diag(e)),
                            }
                        }
                    }
                    Err(e) => diags.push(diag(e)),
                }
                continue;
            }
            let (is_synonym, body) = match text.strip_prefix('+') {
                Some(b) => (true, b),
                None => (false, text),
            };
            let (phrase, codes) = match split_codes(body) {
                Ok(x) => x,
                Err(e) => {
                    diags.push(diag(e));
                    continue;
                }
            };
            let phrase = strip_semicolon(phrase);
            let (words, consecutive) = phrase_words(phrase, true);
            if words.is_empty() {
                diags.push(diag("actor line without a phrase".into()));
                continue;
            }
            let entry = if is_synonym {
                match current {
                    Some(a) => a,
                    None => {
                        diags.push(diag("synonym '+' line with no actor before it".into()));
                        continue;
                    }
                }
            } else {
                self.actors.push(Actor {
                    name: words.join(" "),
                    codes: Vec::new(),
                    origin: origin.clone(),
                });
                self.actors.len() - 1
            };
            current = Some(entry);
            for c in codes {
                match read_code(c) {
                    Ok((code, span)) => self.actors[entry].codes.push(DatedCode {
                        code,
                        span,
                        origin: origin.clone(),
                    }),
                    Err(e) => diags.push(diag(e)),
                }
            }
            if (2..=4).contains(&words.len()) && words.iter().all(|w| name_word(w)) {
                if let Some(last) = words.last() {
                    let e = self.surnames.entry(last.clone()).or_default();
                    if !e.contains(&entry) {
                        e.push(entry);
                    }
                }
            }
            self.index.insert(PhrasePattern {
                words,
                consecutive,
                entry,
                origin,
            });
        }
        self.add_plural_demonyms(&file_id);
        self.index.finish();
    }

    /// Plural nationality nouns: a one-word name of a state ending in
    /// `-AN` or `-I` ("KENYAN", "ISRAELI") also stands for its plural
    /// ("Kenyans", "Israelis"), with the state's bare code, unless some
    /// phrase already starts with that word.
    fn add_plural_demonyms(&mut self, file: &std::sync::Arc<str>) {
        let mut add = Vec::new();
        for ps in self.index.map.values() {
            for p in ps {
                let [w] = p.words.as_slice() else { continue };
                let coded = self.actors[p.entry]
                    .codes
                    .iter()
                    .all(|c| bare_state(&c.code) && c.span == Span::Always);
                if !coded || self.actors[p.entry].codes.is_empty() {
                    continue;
                }
                if (w.ends_with("AN") || w.ends_with('I')) && w.len() > 4 {
                    let pl = format!("{w}S");
                    if !self.index.has_first(&pl) {
                        add.push((pl, p.entry, p.origin.line));
                    }
                }
            }
        }
        for (word, entry, line) in add {
            if self.index.has_first(&word) {
                continue;
            }
            self.index.insert(PhrasePattern {
                words: vec![word],
                consecutive: Vec::new(),
                entry,
                origin: Origin::new(file, line),
            });
        }
    }

    /// The entries whose name of two to four words ends in `surname`.
    pub fn by_surname(&self, surname: &str) -> &[usize] {
        self.surnames.get(surname).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Where an agent code goes relative to the actor code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `~XXX`: appended after the actor code.
    Suffix,
    /// `XXX~`: put before the actor code.
    Prefix,
}

/// An agent code and its placement.
#[derive(Debug, Clone)]
pub struct Agent {
    pub code: String,
    pub placement: Placement,
    pub origin: Origin,
}

/// The agent dictionary.
#[derive(Debug, Clone, Default)]
pub struct AgentDict {
    pub agents: Vec<Agent>,
    pub index: PhraseIndex,
}

/// Regular plural of a word: `-IES` after a consonant and `Y`, `-ES` after
/// `SS`, else `-S`.
pub(crate) fn plural(word: &str) -> String {
    let b = word.as_bytes();
    if word.ends_with('Y') && b.len() > 1 && !b"AEIOU".contains(&b[b.len() - 2]) {
        format!("{}IES", &word[..word.len() - 1])
    } else if word.ends_with("SS") {
        format!("{word}ES")
    } else {
        format!("{word}S")
    }
}

impl AgentDict {
    /// Adds the agents of one file.
    pub fn read(&mut self, src: &str, file: &str, diags: &mut Vec<Diagnostic>) {
        let file_id: std::sync::Arc<str> = file.into();
        let mut markers: Vec<(String, Vec<String>)> = Vec::new();
        for line in meaningful_lines(src) {
            let origin = Origin::new(&file_id, line.number);
            let text = line.text.trim();
            let diag = |msg: String| Diagnostic::new(origin.clone(), msg);
            let is_marker = text.starts_with('!')
                && text
                    .split_once('=')
                    .is_some_and(|(n, _)| n.trim().len() > 2 && n.trim().ends_with('!'));
            if is_marker {
                // !MARKER! = A, B, C
                match text.split_once('=') {
                    Some((name, list)) => {
                        let items = list
                            .split(',')
                            .map(|x| x.trim().to_uppercase())
                            .filter(|x| !x.is_empty())
                            .collect();
                        markers.push((name.trim().to_uppercase(), items));
                    }
                    _ => diags.push(diag("malformed substitution marker line".into())),
                }
                continue;
            }
            let (Some(open), Some(close)) = (text.rfind('['), text.rfind(']')) else {
                diags.push(diag("agent line without a [code]".into()));
                continue;
            };
            if close < open {
                diags.push(diag("malformed [code]".into()));
                continue;
            }
            let raw = text[open + 1..close].trim();
            let (code, placement) = if let Some(c) = raw.strip_prefix('~') {
                (c, Placement::Suffix)
            } else if let Some(c) = raw.strip_suffix('~') {
                (c, Placement::Prefix)
            } else {
                diags.push(diag(format!("agent code '{raw}' has no '~'")));
                continue;
            };
            if code.is_empty() || code.contains(char::is_whitespace) {
                diags.push(diag(format!("malformed agent code '{raw}'")));
                continue;
            }
            let head = &text[..open];
            let (phrase, plural_spec) = match (head.find('{'), head.find('}')) {
                (Some(a), Some(b)) if a < b => (&head[..a], Some(head[a + 1..b].trim())),
                (None, None) => (head, None),
                _ => {
                    diags.push(diag("unbalanced '{' in agent line".into()));
                    continue;
                }
            };
            self.agents.push(Agent {
                code: code.to_uppercase(),
                placement,
                origin: origin.clone(),
            });
            let entry = self.agents.len() - 1;
            // expand substitution markers, then plurals
            let mut phrases = vec![phrase.trim().to_uppercase()];
            for (name, items) in &markers {
                if phrases.iter().any(|p| p.contains(name.as_str())) {
                    phrases = phrases
                        .iter()
                        .flat_map(|p| items.iter().map(move |it| p.replace(name.as_str(), it)))
                        .collect();
                }
            }
            let has_marker = phrases.len() > 1;
            let mut all: Vec<String> = Vec::new();
            for p in phrases {
                let (words, _) = phrase_words(&p, true);
                if words.is_empty() {
                    continue;
                }
                match plural_spec {
                    Some("") => {}
                    Some(pl) => all.push(pl.to_uppercase()),
                    None if has_marker || p.ends_with('_') => {}
                    None => {
                        let mut w = words.clone();
                        if let Some(last) = w.last_mut() {
                            *last = plural(last);
                        }
                        all.push(w.join("_"));
                    }
                }
                all.push(p);
            }
            if all.is_empty() {
                diags.push(diag("agent line without a phrase".into()));
                continue;
            }
            for p in all {
                let (words, consecutive) = phrase_words(&p, true);
                if words.is_empty() {
                    continue;
                }
                self.index.insert(PhrasePattern {
                    words,
                    consecutive,
                    entry,
                    origin: origin.clone(),
                });
            }
        }
        self.index.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actors(src: &str) -> (ActorDict, Vec<Diagnostic>) {
        let mut d = ActorDict::default();
        let mut diags = Vec::new();
        d.read(src, "a.txt", &mut diags);
        (d, diags)
    }

    #[test]
    fn dated_codes() {
        let src = "GOLLUM  # x\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\nZIMBABWE\n\t[RHO <790606]\n\t[ZBW]\n";
        let (d, diags) = actors(src);
        assert!(diags.is_empty(), "{diags:?}");
        let code = |name: &str, date| {
            let (p, _) = d.index.longest_at(&[name]).unwrap();
            d.actors[p.entry].code_on(date).map(|c| c.code.clone())
        };
        assert_eq!(code("SMEAGOL", 19950101).as_deref(), Some("HOB"));
        assert_eq!(code("GOLLUM", 19970101).as_deref(), Some("HOBGOV"));
        assert_eq!(code("GOLLUM", 20010101).as_deref(), Some("HOBREB"));
        assert_eq!(code("ZIMBABWE", 19781223).as_deref(), Some("RHO"));
        assert_eq!(code("ZIMBABWE", 20010101).as_deref(), Some("ZBW"));
    }

    #[test]
    fn a_no_code_entry_read_first_cancels_a_later_one() {
        // faultline.actors.txt is read before the Phoenix files: `[---]`
        // there shadows a Phoenix entry of the same phrase
        let mut d = ActorDict::default();
        let mut diags = Vec::new();
        d.read(
            "HIGH_COUNCIL_ [---]  # names no state\n",
            "layer.txt",
            &mut diags,
        );
        d.read(
            "HIGH_COUNCIL_ [GONGOV]\nGONDOR_ [GON]\n",
            "phoenix.txt",
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
        let code = |w: &[&str]| {
            let (p, _) = d.index.longest_at(w).unwrap();
            d.actors[p.entry].code_on(20240101).unwrap().code.clone()
        };
        assert_eq!(code(&["HIGH", "COUNCIL"]), "---");
        assert_eq!(code(&["GONDOR"]), "GON");
    }

    #[test]
    fn phrases_and_gaps() {
        let (d, _) = actors("ITHILEN [ITH]\nITHILEN TELEVISION [ITHTV]\nNEW_ZEALAND [NZE]\n");
        let (p, n) = d
            .index
            .longest_at(&["ITHILEN", "STATE-RUN", "TELEVISION"])
            .unwrap();
        assert_eq!(
            (d.actors[p.entry].name.as_str(), n),
            ("ITHILEN TELEVISION", 3)
        );
        assert!(d.index.longest_at(&["NEW", "BIG", "ZEALAND"]).is_none());
    }

    #[test]
    fn broken_lines_are_reported_with_line_numbers() {
        let (_, diags) = actors("A [X 2004017-20061201]\n\t[Y]\nB [Z\nC [Q 990101-980101]\tnote\n");
        let lines: Vec<u32> = diags.iter().map(|d| d.origin.line).collect();
        assert_eq!(lines, [1, 3, 4]);
        assert!(diags[0].to_string().starts_with("a.txt:1: "));
    }

    #[test]
    fn agents_plurals_and_markers() {
        let src = "!PERSON! = MAN, WOMAN\nPOLICE {} [ ~COP]\nGOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]\nCONGRESS!PERSON! [~LEG]\nMSF {} [NGO~]\nOFFICIAL [~GOV]\n";
        let mut d = AgentDict::default();
        let mut diags = Vec::new();
        d.read(src, "g.txt", &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let code = |w: &[&str]| {
            d.index
                .longest_at(w)
                .map(|(p, _)| d.agents[p.entry].code.clone())
        };
        assert_eq!(code(&["POLICE"]).as_deref(), Some("COP"));
        assert_eq!(code(&["POLICES"]), None);
        assert_eq!(code(&["GOLDEN", "GEESE"]).as_deref(), Some("GGS"));
        assert_eq!(code(&["CONGRESSWOMAN"]).as_deref(), Some("LEG"));
        assert_eq!(code(&["OFFICIALS"]).as_deref(), Some("GOV"));
        let (p, _) = d.index.longest_at(&["MSF"]).unwrap();
        assert_eq!(d.agents[p.entry].placement, Placement::Prefix);
    }
}
