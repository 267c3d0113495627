//! Discard list: phrases that mark a sentence (or, with `+`, a whole story)
//! as not codable, such as sports results.

use std::ops::Range;

use crate::lines::meaningful_lines;
use crate::{Diagnostic, Origin};

/// What a discard phrase throws away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscardScope {
    Sentence,
    Story,
}

/// One discard phrase.
#[derive(Debug, Clone)]
pub struct Discard {
    /// Upper-case words.
    pub words: Vec<String>,
    /// The last word must be whole (`_`); otherwise it is a stem.
    pub whole_last: bool,
    pub scope: DiscardScope,
    pub origin: Origin,
}

/// The discard list, searched in one pass over the sentence with an
/// Aho-Corasick automaton of blank-padded phrases.
#[derive(Debug, Clone, Default)]
pub struct DiscardList {
    pub discards: Vec<Discard>,
    automaton: Option<aho_corasick::AhoCorasick>,
}

fn padded(d: &Discard) -> String {
    let mut s = String::new();
    for w in &d.words {
        s.push(' ');
        s.push_str(w);
    }
    if d.whole_last {
        s.push(' ');
    }
    s
}

impl Discard {
    /// True for a phrase that places a sentence in the past rather than in
    /// a topic: a year on its own ("1945", also read as a stem of "1970s"),
    /// a war ("WORLD WAR II") or a distance in time ("YEARS AGO", "WEEKS
    /// LATER").
    pub fn is_historical(&self) -> bool {
        let year = |w: &str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
        matches!(self.words.as_slice(), [w] if year(w))
            || self.words.iter().any(|w| w == "WAR")
            || self
                .words
                .last()
                .is_some_and(|w| w == "AGO" || w == "LATER")
    }
}

impl DiscardList {
    /// Adds the phrases of one file.
    pub fn read(&mut self, src: &str, file: &str, diags: &mut Vec<Diagnostic>) {
        let file_id: std::sync::Arc<str> = file.into();
        for line in meaningful_lines(src) {
            let origin = Origin::new(&file_id, line.number);
            let text = line.text.trim();
            let (scope, body) = match text.strip_prefix('+') {
                Some(b) => (DiscardScope::Story, b),
                None => (DiscardScope::Sentence, text),
            };
            let body = body.split(';').next().unwrap_or("").trim();
            let whole_last = body.ends_with('_');
            let words: Vec<String> = body
                .split(|c: char| c.is_whitespace() || c == '_')
                .filter(|w| !w.is_empty())
                .map(str::to_uppercase)
                .collect();
            if words.is_empty() {
                diags.push(Diagnostic::new(
                    origin,
                    "discard line without a phrase".into(),
                ));
                continue;
            }
            self.discards.push(Discard {
                words,
                whole_last,
                scope,
                origin,
            });
        }
        self.automaton = aho_corasick::AhoCorasick::new(self.discards.iter().map(padded)).ok();
    }

    /// The first discard found in the upper-case `tokens`, story discards first.
    pub fn find<S: AsRef<str>>(&self, tokens: &[S]) -> Option<&Discard> {
        self.matches(tokens).into_iter().next().map(|(d, _)| d)
    }

    /// Every discard found in the upper-case `tokens`, with the tokens it
    /// covers: story discards first, then in file order.
    pub fn matches<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<(&Discard, Range<usize>)> {
        let Some(ac) = self.automaton.as_ref() else {
            return Vec::new();
        };
        let mut text = String::new();
        for t in tokens {
            text.push(' ');
            text.push_str(t.as_ref());
        }
        text.push(' ');
        let mut found: Vec<(usize, Range<usize>)> = ac
            .find_overlapping_iter(&text)
            .map(|m| {
                let k = m.pattern().as_usize();
                // every token is preceded by one blank, the match starts at one
                let first = text.as_bytes()[..m.start()]
                    .iter()
                    .filter(|&&b| b == b' ')
                    .count();
                (k, first..first + self.discards[k].words.len())
            })
            .collect();
        found.sort_by_key(|(k, r)| {
            (
                self.discards[*k].scope == DiscardScope::Sentence,
                *k,
                r.start,
            )
        });
        found
            .into_iter()
            .map(|(k, r)| (&self.discards[k], r))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn story_and_sentence_discards() {
        let mut d = DiscardList::default();
        let mut diags = Vec::new();
        d.read(
            "+TYPHOON # x\nBASEBALL\nAFRICAN NATIONS CUP\nWORLD_CUP_\n",
            "d.txt",
            &mut diags,
        );
        assert!(diags.is_empty());
        let find = |s: &str| {
            let toks: Vec<String> = s.split_whitespace().map(str::to_uppercase).collect();
            d.find(&toks).map(|x| (x.scope, x.origin.line))
        };
        assert_eq!(find("a typhoons hit"), Some((DiscardScope::Story, 1)));
        assert_eq!(find("baseball game"), Some((DiscardScope::Sentence, 2)));
        assert_eq!(
            find("the African Nations Cup"),
            Some((DiscardScope::Sentence, 3))
        );
        assert_eq!(find("world cups"), None);
        let historical = |phrase: &str| {
            let mut l = DiscardList::default();
            l.read(phrase, "h.txt", &mut Vec::new());
            l.discards[0].is_historical()
        };
        assert!(historical("1945") && historical("SECOND WORLD WAR"));
        assert!(historical("YEARS AGO") && historical("WEEKS LATER"));
        assert!(!historical("2014 COMPETITION") && !historical("WARSAW"));
        let toks: Vec<String> = "old baseball and typhoon news"
            .split_whitespace()
            .map(str::to_uppercase)
            .collect();
        let spans: Vec<_> = d
            .matches(&toks)
            .into_iter()
            .map(|(x, r)| (x.origin.line, r))
            .collect();
        assert_eq!(spans, [(1, 3..4), (2, 1..2)]);
        assert_eq!(find("peace talks"), None);
    }
}
