//! Discard list: phrases that mark a sentence (or, with `+`, a whole story)
//! as not codable, such as sports results.

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
        let ac = self.automaton.as_ref()?;
        let mut text = String::new();
        for t in tokens {
            text.push(' ');
            text.push_str(t.as_ref());
        }
        text.push(' ');
        let mut best: Option<usize> = None;
        for m in ac.find_overlapping_iter(&text) {
            let i = m.pattern().as_usize();
            let rank = |k: usize| (self.discards[k].scope == DiscardScope::Sentence, k);
            if best.is_none_or(|b| rank(i) < rank(b)) {
                best = Some(i);
            }
        }
        best.map(|i| &self.discards[i])
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
        assert_eq!(find("peace talks"), None);
    }
}
