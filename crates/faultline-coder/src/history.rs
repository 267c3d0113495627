//! Historical phrases in document mode: a phrase of the discard list that
//! places an act in the past ("years ago", "the 1970s", "World War Two")
//! discards the events it dates, not the whole sentence.
//!
//! A phrase dates an event when it stands in the event's clause or a clause
//! around it, and no date of the sentence stands nearer in that sense (a
//! date wins over a historical phrase in the same clause: "On June 19, under
//! the pretext of World War II bombs, the shipment was blocked" is dated
//! June 19). So "Kenya, which fought in World War Two, sent troops to Haiti"
//! is coded, "Weeks ago Russia attacked the village" is not.

use std::ops::Range;

use faultline_dict::{discards::Discard, Date, Dictionaries};
use faultline_lang::{NodeId, Tree};

use crate::scope::{in_root_clause, ranked_scope};

/// The historical phrases of the discard list found among the words of
/// `tree`, as word ranges.
pub(crate) fn historical_spans<'d>(
    dicts: &'d Dictionaries,
    tree: &Tree,
) -> Vec<(Range<usize>, &'d Discard)> {
    // the words as the discard list reads them, with their word indices
    let mut tokens = Vec::new();
    let mut index = Vec::new();
    for (i, n) in tree.words().enumerate() {
        let w = tree
            .word(n)
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_uppercase();
        if !w.is_empty() {
            tokens.push(w);
            index.push(i);
        }
    }
    dicts
        .discards
        .matches(&tokens)
        .into_iter()
        .filter(|(d, _)| d.is_historical())
        .filter_map(|(d, r)| {
            let start = *index.get(r.start)?;
            let end = index.get(r.end.checked_sub(1)?)? + 1;
            Some((start..end, d))
        })
        .collect()
}

/// The word ranges of the sentence's dates (`faultline_lang::timex`),
/// found by locating each word of `tree` in `text`.
pub(crate) fn date_spans(text: &str, tree: &Tree, date: Date) -> Vec<Range<usize>> {
    let ymd = faultline_core::calendar::split_yyyymmdd(date);
    let found = faultline_lang::timex::find(text, ymd);
    if found.is_empty() {
        return Vec::new();
    }
    let mut offsets = Vec::new();
    let mut at = 0;
    for n in tree.words() {
        let w = tree.word(n);
        match text.get(at..).and_then(|rest| rest.find(w)) {
            Some(p) => {
                offsets.push(Some(at + p..at + p + w.len()));
                at += p + w.len();
            }
            None => offsets.push(None),
        }
    }
    found
        .iter()
        .filter_map(|t| {
            let inside = |o: &Option<Range<usize>>| {
                o.as_ref()
                    .is_some_and(|o| o.start < t.end && o.end > t.start)
            };
            let first = offsets.iter().position(inside)?;
            let last = offsets.iter().rposition(inside)?;
            Some(first..last + 1)
        })
        .collect()
}

/// What the historical phrases of a sentence do to its events.
pub(crate) struct History<'d> {
    spans: Vec<Range<usize>>,
    /// For each span, the discard phrase if it is historical.
    phrases: Vec<Option<&'d Discard>>,
}

impl<'d> History<'d> {
    /// The sentence's dates and historical phrases; `None` when it has no
    /// historical phrase.
    pub(crate) fn of(dicts: &'d Dictionaries, text: &str, tree: &Tree, date: Date) -> Option<Self> {
        let historical = historical_spans(dicts, tree);
        if historical.is_empty() {
            return None;
        }
        let mut spans = Vec::new();
        let mut phrases = Vec::new();
        for r in date_spans(text, tree, date) {
            // a date that is itself a historical phrase ("two years ago")
            if historical
                .iter()
                .any(|(h, _)| h.start < r.end && r.start < h.end)
            {
                continue;
            }
            spans.push(r);
            phrases.push(None);
        }
        for (r, d) in historical {
            spans.push(r);
            phrases.push(Some(d));
        }
        Some(History { spans, phrases })
    }

    /// The historical phrase that dates the event whose verb is `verb`.
    pub(crate) fn dating(&self, tree: &Tree, verb: NodeId) -> Option<&'d Discard> {
        let words: Vec<NodeId> = tree.words().collect();
        let reach: Vec<Range<usize>> = self
            .spans
            .iter()
            .map(|s| {
                let ok = words
                    .get(s.start)
                    .is_some_and(|&w| reaches(tree, w, Some(verb)));
                // a span that cannot date the verb is moved out of reach
                if ok {
                    s.clone()
                } else {
                    usize::MAX - 1..usize::MAX
                }
            })
            .collect();
        let i = ranked_scope(tree, verb, &reach, |i| self.phrases[i].is_some())?;
        self.phrases[i]
    }

    /// The first historical phrase of the outermost clause, which dates the
    /// sentence's main act when nothing else does.
    pub(crate) fn main(&self, tree: &Tree) -> Option<&'d Discard> {
        let dated = self
            .spans
            .iter()
            .zip(&self.phrases)
            .any(|(s, p)| p.is_none() && in_root_clause(tree, s));
        if dated {
            return None;
        }
        let words: Vec<NodeId> = tree.words().collect();
        self.spans.iter().zip(&self.phrases).find_map(|(s, p)| {
            let reaches = words.get(s.start).is_some_and(|&w| reaches(tree, w, None));
            p.filter(|_| reaches && in_root_clause(tree, s))
        })
    }
}

/// True when the phrase whose first word is `word` can date the verb
/// `verb` (the clause's predicate when `None`): on the way up to the
/// smallest phrase holding both it passes no other predicate (a verb
/// phrase or clause of its own: "a country it first helped in the 1970s")
/// and no noun phrase holding a verb (a relative clause the parser left
/// flat: "Kenya, which fought in World War Two, …").
fn reaches(tree: &Tree, word: NodeId, verb: Option<NodeId>) -> bool {
    let mut around_verb = Vec::new();
    let mut v = verb.and_then(|v| tree.parent(v));
    while let Some(x) = v {
        around_verb.push(x);
        v = tree.parent(x);
    }
    let has_verb = |x: NodeId| {
        tree.descendants(x)
            .any(|d| tree.is_word(d) && tree.label(d).starts_with("VB"))
    };
    let mut n = tree.parent(word);
    while let Some(x) = n {
        if around_verb.contains(&x) {
            return true;
        }
        let label = tree.label(x);
        if verb.is_some() && (label == "VP" || label.starts_with('S')) {
            return false;
        }
        if label == "NP" && has_verb(x) {
            return false;
        }
        n = tree.parent(x);
    }
    true
}
