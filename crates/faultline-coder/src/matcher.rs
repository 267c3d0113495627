//! Matching verb patterns against the words before and after a verb.
//!
//! A pattern's lower half is matched left to right over the words that
//! follow the verb inside its verb phrase; its upper half is matched over the
//! words before the verb, read backwards from the verb to the start of the
//! sentence or the nearest comma. Elements joined by `_` must touch (only
//! noun-phrase brackets may come between); others may have any words between
//! them. `$`, `+`, `^` and `%` act on noun-phrase units.
//!
//! An adjunct phrase after the verb ("during its long campaign", "after
//! the talks") is fenced off: a word or synset of a pattern may match inside
//! it only when the pattern's previous element matched inside it too, as
//! when the pattern names the preposition (`* (DURING PROTEST)`). So `*
//! CAMPAIGN` does not fire on "launched attacks during its long campaign".

use faultline_dict::{Elem, Step, VerbDict};

/// A noun-phrase unit or a compound of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Ne(usize),
    Nec(usize),
}

/// One token of a sequence; `Start` always comes before `End` in reading
/// order, in both directions, and so does `Fence` before `Unfence`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    Word(&'a str),
    Start(Unit),
    End(Unit),
    /// Start of an adjunct phrase (see the module documentation).
    Fence,
    /// End of an adjunct phrase.
    Unfence,
}

/// Prepositions and subordinators that open an adjunct of time or
/// circumstance rather than an argument of the verb.
pub(crate) fn is_adjunct_word(w: &str) -> bool {
    matches!(
        w,
        "DURING"
            | "AMID"
            | "AMIDST"
            | "AFTER"
            | "BEFORE"
            | "SINCE"
            | "DESPITE"
            | "THROUGHOUT"
            | "FOLLOWING"
            | "UNTIL"
            | "WHILE"
            | "UNDER"
    )
}

impl Tok<'_> {
    fn is_marker(&self) -> bool {
        !matches!(self, Tok::Word(_))
    }
}

/// Actors bound by `$`, `+` and `%`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Bind {
    pub source: Option<Unit>,
    pub target: Option<Unit>,
}

/// Which half of a pattern is being matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Half {
    /// After the verb, read forwards.
    Lower,
    /// Before the verb, read backwards.
    Upper,
}

pub(crate) struct Matcher<'a> {
    verbs: &'a VerbDict,
    toks: &'a [Tok<'a>],
    half: Half,
    /// For each token, the innermost noun-phrase unit it stands in.
    owner: Vec<Option<Unit>>,
    /// For each token inside an adjunct phrase, the index of the phrase's
    /// `Fence`: an element may match there only if the search for it
    /// started after the fence.
    fence: Vec<Option<usize>>,
    /// The distinct words of `toks`, sorted: a pattern naming a word that
    /// is not here cannot match, whatever its gaps.
    words: Vec<&'a str>,
    /// Whether some phrase of a synset has all its words in `words`, by
    /// synset, worked out when first asked.
    synsets: std::cell::RefCell<Vec<(usize, bool)>>,
    /// Steps left before a search gives up: backtracking over gaps is
    /// exponential in the worst case, and no sentence may stall the coder.
    budget: std::cell::Cell<u32>,
}

/// Match attempts allowed for one pattern half.
const BUDGET: u32 = 20_000;

impl<'a> Matcher<'a> {
    pub fn new(verbs: &'a VerbDict, toks: &'a [Tok<'a>], half: Half) -> Matcher<'a> {
        let mut owner = Vec::with_capacity(toks.len());
        let mut fence = Vec::with_capacity(toks.len());
        let mut open: Vec<Unit> = Vec::new();
        let mut fences: Vec<usize> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            match t {
                Tok::Fence => fences.push(i),
                Tok::Unfence => {
                    fences.pop();
                }
                _ => {}
            }
            // the word that opens the phrase is its way in
            let entry = i > 0 && toks[i - 1] == Tok::Fence;
            let k = fences.len() - usize::from(entry && !fences.is_empty());
            fence.push(fences[..k].last().copied());
            match t {
                Tok::Fence | Tok::Unfence => owner.push(None),
                Tok::Start(u) => {
                    owner.push(None);
                    if matches!(u, Unit::Ne(_)) {
                        open.push(*u);
                    }
                }
                Tok::End(u) => {
                    if open.last() == Some(u) {
                        open.pop();
                    }
                    owner.push(None);
                }
                Tok::Word(_) => owner.push(open.last().copied()),
            }
        }
        let mut words: Vec<&str> = toks
            .iter()
            .filter_map(|t| match t {
                Tok::Word(w) => Some(*w),
                _ => None,
            })
            .collect();
        words.sort_unstable();
        words.dedup();
        Matcher {
            verbs,
            toks,
            half,
            owner,
            fence,
            words,
            synsets: std::cell::RefCell::new(Vec::new()),
            budget: std::cell::Cell::new(BUDGET),
        }
    }

    /// Index just past the `End` of unit `u`, searching from `from`.
    fn past_end(&self, u: Unit, from: usize) -> Option<usize> {
        (from..self.toks.len())
            .find(|&e| self.toks[e] == Tok::End(u))
            .map(|e| e + 1)
    }

    /// The distinct words of the tokens.
    pub fn words(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.words.iter().copied()
    }

    fn has_word(&self, w: &str) -> bool {
        self.words.binary_search(&w).is_ok()
    }

    /// False when `steps` cannot match anywhere: it names a word, or a
    /// synset none of whose phrases, that the tokens lack. A cheap test
    /// that spares the backtracking search for most patterns of a family.
    pub fn may_match(&self, steps: &[Step]) -> bool {
        steps.iter().all(|step| match &step.elem {
            Elem::Word(w) => self.has_word(w),
            Elem::Synset(id) => {
                if let Some(&(_, known)) = self.synsets.borrow().iter().find(|(s, _)| s == id) {
                    return known;
                }
                let present = self.verbs.synsets[*id]
                    .phrases
                    .iter()
                    .any(|p| p.iter().all(|w| self.has_word(w)));
                self.synsets.borrow_mut().push((*id, present));
                present
            }
            _ => true,
        })
    }

    /// Matches `steps` starting at token `i`; the first (earliest) match wins.
    pub fn run(&self, steps: &[Step], i: usize, bind: Bind) -> Option<Bind> {
        self.budget.set(BUDGET);
        self.search(steps, i, bind)
    }

    fn search(&self, steps: &[Step], i: usize, bind: Bind) -> Option<Bind> {
        let Some(step) = steps.first() else {
            return Some(bind);
        };
        let left = self.budget.get().checked_sub(1)?;
        self.budget.set(left);
        let rest = &steps[1..];
        // `^` inside a unit skips to the end of that unit
        if step.elem == Elem::Skip {
            if let Some(u) = self.owner.get(i).copied().flatten() {
                return self.search(rest, self.past_end(u, i)?, bind);
            }
        }
        let mut j = i;
        while j < self.toks.len() {
            if let Some(b) = self.at(step, rest, i, j, bind) {
                return Some(b);
            }
            if step.adjacent && !self.toks[j].is_marker() {
                return None;
            }
            j += 1;
        }
        None
    }

    /// True when token `j` lies in an adjunct phrase that a search
    /// starting at `from` entered from outside.
    fn fenced(&self, from: usize, j: usize) -> bool {
        self.fence[j].is_some_and(|f| from <= f)
    }

    fn at(&self, step: &Step, rest: &[Step], from: usize, j: usize, bind: Bind) -> Option<Bind> {
        let tok = self.toks[j];
        if matches!(step.elem, Elem::Word(_) | Elem::Synset(_)) && self.fenced(from, j) {
            return None;
        }
        match (&step.elem, tok) {
            (Elem::Word(w), Tok::Word(t)) if w == t => self.search(rest, j + 1, bind),
            (Elem::Synset(id), Tok::Word(_)) => {
                let phrases = &self.verbs.synsets[*id].phrases;
                let mut lens: Vec<usize> = phrases
                    .iter()
                    .filter(|p| self.phrase_at(p, j))
                    .map(Vec::len)
                    .collect();
                lens.sort_unstable_by(|a, b| b.cmp(a));
                lens.dedup();
                lens.into_iter()
                    .find_map(|n| self.search(rest, j + n, bind))
            }
            // `$` and `+` take the unit they stand in, or the one starting here
            (Elem::Target, Tok::Word(_)) if self.owner[j].is_some() => self.search(
                rest,
                j + 1,
                Bind {
                    target: self.owner[j],
                    ..bind
                },
            ),
            (Elem::Source, Tok::Word(_)) if self.owner[j].is_some() => self.search(
                rest,
                j + 1,
                Bind {
                    source: self.owner[j],
                    ..bind
                },
            ),
            (Elem::Target, Tok::Start(u)) => self.search(
                rest,
                j + 1,
                Bind {
                    target: Some(u),
                    ..bind
                },
            ),
            (Elem::Source, Tok::Start(u)) => self.search(
                rest,
                j + 1,
                Bind {
                    source: Some(u),
                    ..bind
                },
            ),
            (Elem::Skip, Tok::Start(u)) => self.search(rest, self.past_end(u, j + 1)?, bind),
            (Elem::Compound, Tok::Start(u @ Unit::Nec(_))) => {
                let b = match self.half {
                    Half::Lower => Bind {
                        target: Some(u),
                        ..bind
                    },
                    Half::Upper => Bind {
                        source: Some(u),
                        target: Some(u),
                    },
                };
                self.search(rest, j + 1, b)
            }
            _ => None,
        }
    }

    /// True when the words of `phrase` stand at `j` in reading order.
    fn phrase_at(&self, phrase: &[String], j: usize) -> bool {
        let n = phrase.len();
        if j + n > self.toks.len() {
            return false;
        }
        (0..n).all(|k| {
            let want = match self.half {
                Half::Lower => &phrase[k],
                Half::Upper => &phrase[n - 1 - k],
            };
            self.toks[j + k] == Tok::Word(want)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(spec: &[(&str, bool)]) -> Vec<Step> {
        spec.iter()
            .map(|(w, adjacent)| Step {
                elem: match *w {
                    "+" => Elem::Target,
                    "$" => Elem::Source,
                    "^" => Elem::Skip,
                    w => Elem::Word(w.to_string()),
                },
                adjacent: *adjacent,
            })
            .collect()
    }

    #[test]
    fn gaps_adjacency_and_units() {
        let verbs = VerbDict::default();
        let u = Unit::Ne(0);
        let toks = [
            Tok::Word("ON"),
            Tok::Word("A"),
            Tok::Word("RESOLUTION"),
            Tok::Word("WITH"),
            Tok::Start(u),
            Tok::Word("LIBYA"),
            Tok::End(u),
        ];
        let m = Matcher::new(&verbs, &toks, Half::Lower);
        let none = Bind::default();
        assert!(m
            .run(&steps(&[("ON", false), ("RESOLUTION", false)]), 0, none)
            .is_some());
        assert!(m
            .run(&steps(&[("ON", false), ("RESOLUTION", true)]), 0, none)
            .is_none());
        let b = m
            .run(&steps(&[("WITH", false), ("+", true)]), 0, none)
            .unwrap();
        assert_eq!(b.target, Some(u));
        assert!(m
            .run(&steps(&[("^", false), ("LIBYA", false)]), 0, none)
            .is_none());
        // inside a unit, `^` skips the rest of it and `+` takes it
        assert!(m
            .run(&steps(&[("WITH", false), ("^", false)]), 0, none)
            .is_some());
        // after a unit's last word there is nothing left of it to skip
        assert!(m
            .run(&steps(&[("LIBYA", false), ("^", false)]), 0, none)
            .is_none());
        let b = m.run(&steps(&[("+", false)]), 5, none).unwrap();
        assert_eq!(b.target, Some(u));
        // the prefilter rejects only patterns naming an absent word
        assert!(m.may_match(&steps(&[("WITH", false), ("+", true), ("LIBYA", false)])));
        assert!(!m.may_match(&steps(&[("WITH", false), ("SYRIA", false)])));
    }

    #[test]
    fn adjunct_phrases_are_fenced() {
        let verbs = VerbDict::default();
        let u = Unit::Ne(0);
        // launched attacks during [its long campaign]
        let toks = [
            Tok::Word("ATTACKS"),
            Tok::Fence,
            Tok::Word("DURING"),
            Tok::Start(u),
            Tok::Word("ITS"),
            Tok::Word("CAMPAIGN"),
            Tok::End(u),
            Tok::Unfence,
        ];
        let m = Matcher::new(&verbs, &toks, Half::Lower);
        let none = Bind::default();
        let run = |spec: &[(&str, bool)]| m.run(&steps(spec), 0, none).is_some();
        assert!(!run(&[("CAMPAIGN", false)]));
        assert!(!run(&[("ATTACKS", false), ("CAMPAIGN", false)]));
        // a pattern that names the preposition enters the phrase
        assert!(run(&[("DURING", false), ("CAMPAIGN", false)]));
        assert!(run(&[("ATTACKS", false), ("DURING", false)]));
        // actors inside it are still found
        assert_eq!(
            m.run(&steps(&[("+", false)]), 0, none).map(|b| b.target),
            Some(Some(u))
        );
    }
}
