//! The event coder: from a parsed sentence and the dictionaries to
//! "who did what to whom" records in CAMEO.
//!
//! The design follows PETRARCH-1, the coder the field's shared dictionaries
//! and unit tests were written for, because those dictionaries encode their
//! meaning in how they are matched. A sentence goes through five steps:
//!
//! 1. **Linearize** the tree into words, phrase brackets and noun-phrase
//!    units (the only places actors are looked up), with compounds
//!    ("Gondor and Osgiliath") expanded into groups of units.
//! 2. **Remove comma clauses** whose length falls inside the configured
//!    bounds, so that appositions and asides do not supply actors.
//! 3. **Code units**: the first actor phrase in a unit, with the code valid
//!    on the sentence date, plus any agent phrases (`GOV`, `MIL`, …).
//! 4. **Code verbs**: for each verb phrase headed by a dictionary verb, the
//!    most specific pattern written for that verb that matches the words
//!    around it gives the event code and possibly the source and target;
//!    otherwise the subject before the verb and the first unit after it are
//!    used.
//! 5. **Compose**: the dictionary's verb transformations combine an act
//!    with its operators (negation, future, condition) and with the verb
//!    governing it ("agreed to lift", "refused to meet", "said Moscow must
//!    withdraw"): see the `compose` module.
//!
//! Every [`Event`] carries the dictionary lines that produced it. The crate
//! does no I/O.
//!
//! ```
//! use faultline_dict::{Dictionaries, Kind, Source};
//! let (dicts, _) = Dictionaries::load(&[
//!     Source::new(Kind::Verbs, "v.txt", "--- RESTORE [064] ---\nRESTORE\n"),
//!     Source::new(Kind::Actors, "a.txt", "ARNOR [ARN]\nGONDOR [GON]\n"),
//! ]);
//! let coder = faultline_coder::Coder::new(&dicts);
//! let coded = coder
//!     .code_parsed(
//!         "Arnor restored ties with Gondor.",
//!         "(ROOT (S (NP (NNP Arnor)) (VP (VBD restored) (NP (NNS ties)) (PP (IN with) (NP (NNP Gondor)))) (. .)))",
//!         19950101,
//!     )
//!     .unwrap();
//! let e = &coded.events[0];
//! assert_eq!((e.source.code.as_str(), e.target.code.as_str(), e.code.as_str()), ("ARN", "GON", "064"));
//! assert_eq!(e.verb.verb.to_string(), "v.txt:2");
//! ```

mod actors;
mod compose;
mod config;
pub mod discourse;
mod history;
mod linear;
mod matcher;
mod scope;

pub use config::{Config, ConfigError};
pub use scope::date_scope;

use faultline_dict::{Date, Dictionaries, Origin, Pattern};
use faultline_lang::{NodeId, ParseError, Tree};

use actors::{code_unit, UnitCode};
use compose::{Coding, Phrase};
use linear::{linearize, Item, Linear};
use matcher::{is_adjunct_head, is_adjunct_word, Bind, Half, Matcher, Tok, Unit};

/// Why a sentence could not be coded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// The parse is malformed.
    #[error("malformed parse: {0}")]
    Parse(#[from] ParseError),
    /// The sentence looks like a dateline ("CEBU CITY: -- ...").
    #[error("sentence is a dateline")]
    Dateline,
}

/// A source or target of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    /// CAMEO actor code (`ARNGOV`), `---` for an unknown actor, or the noun
    /// phrase in double quotes when new-actor extraction is on.
    pub code: String,
    /// The noun phrase as written.
    pub text: String,
    /// Dictionary line of the actor code used.
    pub actor: Option<Origin>,
    /// Dictionary lines of the agents used.
    pub agents: Vec<Origin>,
    /// Set when the participant is an anaphor or missing agent that the
    /// document's context may resolve (see [`discourse`]).
    pub unresolved: Option<Anaphor>,
    /// When the code was inferred from context: the index, within the
    /// document, of the sentence it was taken from.
    pub inferred_from: Option<usize>,
}

/// A participant whose actor lies outside its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anaphor {
    /// The agent of a passive without a *by*-phrase ("… was blocked").
    Agent,
    /// A personal pronoun, upper case (`IT`, `HE`, `SHE`).
    Pronoun(String),
    /// A definite description ("the country", "the government", "its
    /// president"): the agent code it carries (`GOV`), or "" for a bare
    /// country.
    Description(String),
}

/// The verb behind an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbEvidence {
    /// The verb as written in the sentence.
    pub text: String,
    /// The dictionary spelling of the verb (`CORDON_OFF`).
    pub lemma: String,
    /// The verb family (`--- NAME [code] ---`).
    pub family: String,
    /// Dictionary line of the verb.
    pub verb: Origin,
    /// Dictionary line of the pattern that set the code, if one did.
    pub pattern: Option<Origin>,
    /// The verb's node in the sentence tree (for clause-scoped dates).
    pub node: NodeId,
    /// The verb transformation (`~` line) that combined this verb with
    /// another, if one did.
    pub transform: Option<Origin>,
    /// The other verb of that combination: the governed act's verb for an
    /// intent, demand, refusal…; the governing verb for a reported act.
    pub combined: Option<Box<VerbEvidence>>,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub source: Participant,
    pub target: Participant,
    /// CAMEO event code.
    pub code: String,
    pub verb: VerbEvidence,
    /// The verb was passive ("X was attacked by Y"): source and target were swapped.
    pub passive: bool,
}

/// A sentence dropped by the discard list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discarded {
    /// The phrase discards the whole story, not only the sentence.
    pub story: bool,
    pub origin: Origin,
}

/// An actor named in a sentence, in order of appearance: what later
/// sentences' anaphors can refer to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub code: String,
    pub text: String,
    /// Set for a pronoun or definite description ("the country"), whose
    /// code the discourse layer fills in before later sentences use it.
    pub anaphor: Option<Anaphor>,
}

/// What coding one sentence produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coded {
    pub events: Vec<Event>,
    /// Actors the sentence names (units with a full code), in order.
    pub mentions: Vec<Mention>,
    pub discard: Option<Discarded>,
    /// Issue codes with counts, for sentences that produced events.
    pub issues: Vec<(String, u32)>,
}

/// Codes sentences with one set of dictionaries.
#[derive(Debug, Clone)]
pub struct Coder<'d> {
    dicts: &'d Dictionaries,
    pub config: Config,
}

/// The report of a discard phrase.
fn discarded(d: &faultline_dict::discards::Discard) -> Discarded {
    Discarded {
        story: d.scope == faultline_dict::DiscardScope::Story,
        origin: d.origin.clone(),
    }
}

/// Words a multi-word verb may have between its parts.
fn is_filler(w: &str) -> bool {
    matches!(
        w,
        "THE"
            | "A"
            | "AN"
            | "IT"
            | "HE"
            | "THEY"
            | "HER"
            | "HAS"
            | "HAD"
            | "HAVE"
            | "SOME"
            | "FEW"
            | "THAT"
            | "HUNDRED"
            | "THOUSAND"
            | "MILLION"
            | "BILLION"
            | "TRILLION"
            | "DOZEN"
            | "ONE"
            | "TWO"
            | "THREE"
            | "FOUR"
            | "FIVE"
            | "SIX"
            | "SEVEN"
            | "EIGHT"
            | "NINE"
            | "DOLLAR"
            | "DUCAT"
    ) || w.parse::<i64>().is_ok()
}

/// The sentence after linearization, with unit codes.
struct Prepared<'t> {
    lin: Linear<'t>,
    codes: Vec<UnitCode>,
}

impl Prepared<'_> {
    fn unit_code(&self, u: Unit) -> Option<&str> {
        match u {
            Unit::Ne(id) => self.codes[id].code.as_deref(),
            Unit::Nec(_) => None,
        }
    }

    fn is_coded(&self, u: Unit) -> bool {
        self.unit_code(u).is_some_and(|c| c != "---")
    }

    fn push_unit<'a>(&'a self, out: &mut Vec<Tok<'a>>, id: usize, reversed: bool) {
        let u = Unit::Ne(id);
        out.push(Tok::Start(u));
        let words = &self.lin.nes[id].up;
        if reversed {
            out.extend(words.iter().rev().map(|w| Tok::Word(w)));
        } else {
            out.extend(words.iter().map(|w| Tok::Word(w)));
        }
        out.push(Tok::End(u));
    }

    /// True when between `k` and `before` there is only a coordinating
    /// conjunction and brackets: the phrase closing at `k` is a conjunct.
    fn conjunct_follows(&self, k: usize, before: usize) -> bool {
        let mut ccs = 0;
        for it in &self.lin.items[k + 1..before] {
            match it {
                Item::Word { tag, .. } if *tag == "CC" => ccs += 1,
                Item::Open(_) | Item::Close(_) => {}
                _ => return false,
            }
        }
        ccs == 1
    }

    /// Tokens after the verb up to the end of its phrase; an adjunct
    /// phrase ("during the talks", "after the vote") is fenced, and in
    /// document mode (`document`) a participle phrase with an agent too
    /// ("the agreement brokered by Russia", not "the restrictions imposed
    /// on Russia").
    fn lower(&self, from: usize, to: usize, document: bool) -> Vec<Tok<'_>> {
        let mut out = Vec::new();
        // for each open PP, SBAR or VP, the fences it opened (0, 1 or 2)
        let mut phrases: Vec<usize> = Vec::new();
        // where a fence starts: at the adjunct word ("six months | after …"),
        // and how many: the second part of a compound preposition ("in
        // return | for …") is no way into its phrase as a preposition of
        // its own is, so its fence is doubled (the inner fence lets the word
        // in, the outer one keeps it out)
        let mut fence_at = None;
        let items = &self.lin.items[from..to];
        for (k, it) in items.iter().enumerate() {
            if let Some((at, n)) = fence_at {
                if at == k {
                    out.extend(std::iter::repeat_n(Tok::Fence, n));
                }
            }
            match it {
                Item::Word { up, .. } => out.push(Tok::Word(up)),
                Item::Ne(id) => self.push_unit(&mut out, *id, false),
                Item::NecOpen(c) => out.push(Tok::Start(Unit::Nec(*c))),
                Item::NecClose(c) => out.push(Tok::End(Unit::Nec(*c))),
                Item::Open(l) if matches!(*l, "PP" | "SBAR" | "VP") => {
                    let fenced = if *l == "VP" {
                        // right after a noun: a participle modifying it; its
                        // agent ("the agreement brokered by Russia") has no
                        // part in this verb's act
                        let after_noun = k > 0
                            && matches!(
                                items[k - 1],
                                Item::Ne(_) | Item::NecClose(_) | Item::Close("NP" | "PP")
                            );
                        let participle = matches!(items.get(k + 1), Some(Item::Word { tag, .. }) if *tag == "VBN");
                        let by_agent = || {
                            let end = self
                                .lin
                                .close_of(from + k)
                                .map_or(items.len(), |e| e - from);
                            items[k..end.min(items.len())]
                                .iter()
                                .any(|it| matches!(it, Item::Word { up, .. } if up == "BY"))
                        };
                        (document && after_noun && participle && by_agent()).then_some((k + 1, 1))
                    } else {
                        // the first word, over a unit in front ("six months after")
                        let first = items[k + 1..].iter().enumerate().take(4).find_map(
                            |(i, it)| match it {
                                Item::Word { up, .. } => Some((k + 1 + i, up.as_str())),
                                _ => None,
                            },
                        );
                        // or the second part of a compound preposition
                        // ("ahead of", "in return for", "on the eve of")
                        let compound = || {
                            let before = self.word_before(&items[..k]);
                            first.is_some_and(|(at, w)| {
                                at == k + 1 && matches!(w, "OF" | "FOR" | "TO")
                            }) && before.is_some_and(is_adjunct_head)
                        };
                        // or one whose object opens with such a head ("on
                        // the eve of talks", a single unit)
                        let headed = |at: usize| match items.get(at + 1) {
                            Some(Item::Ne(id)) => self.lin.nes[*id]
                                .up
                                .iter()
                                .find(|w| *w != "THE")
                                .is_some_and(|w| is_adjunct_head(w)),
                            _ => false,
                        };
                        first
                            .filter(|&(at, w)| {
                                is_adjunct_word(w) || (matches!(w, "IN" | "ON") && headed(at))
                            })
                            .map(|(at, _)| (at, 1))
                            .or_else(|| compound().then_some((k + 1, 2)))
                    };
                    if fenced.is_some() {
                        fence_at = fenced;
                    }
                    phrases.push(fenced.map_or(0, |(_, n)| n));
                }
                Item::Close(l) if matches!(*l, "PP" | "SBAR" | "VP") => {
                    let n = phrases.pop().unwrap_or(0);
                    out.extend(std::iter::repeat_n(Tok::Unfence, n));
                }
                Item::Open(_) | Item::Close(_) => {}
            }
        }
        out
    }

    /// The last word before the end of `items`, over brackets, inside a
    /// unit if one ends there.
    fn word_before<'s>(&'s self, items: &'s [Item]) -> Option<&'s str> {
        items.iter().rev().find_map(|it| match it {
            Item::Word { up, .. } => Some(Some(up.as_str())),
            Item::Ne(id) => Some(self.lin.nes[*id].up.last().map(String::as_str)),
            Item::Open(_) | Item::Close(_) => None,
            _ => Some(None),
        })?
    }

    /// Tokens before the verb, read backwards to `floor` (the start) or
    /// the nearest comma. A complete verb phrase on the way (the first conjunct of
    /// "condemned X and promised Y") is passed over, so that a conjoined
    /// verb finds the shared subject.
    fn upper(&self, before: usize, floor: usize) -> Vec<Tok<'_>> {
        let mut out = Vec::new();
        let mut k = before;
        while k > floor {
            k -= 1;
            let it = &self.lin.items[k];
            if matches!(it, Item::Close(l) if *l == "VP") && self.conjunct_follows(k, before) {
                if let Some(open) = self.lin.open_of(k) {
                    k = open;
                    continue;
                }
            }
            match it {
                Item::Word { tag, .. } if *tag == "," => break,
                Item::Word { up, .. } => out.push(Tok::Word(up)),
                Item::Ne(id) => self.push_unit(&mut out, *id, true),
                Item::NecClose(c) => out.push(Tok::Start(Unit::Nec(*c))),
                Item::NecOpen(c) => out.push(Tok::End(Unit::Nec(*c))),
                Item::Open(_) | Item::Close(_) => {}
            }
        }
        out
    }
}

/// Checks that `words` stand at the start of `toks` (fillers and unit
/// brackets may come between) and returns `toks` without them; unit
/// brackets stay, so a verb part taken from inside a noun phrase leaves the
/// phrase whole.
fn strip_words<'a>(toks: &[Tok<'a>], words: &[String]) -> Option<Vec<Tok<'a>>> {
    if words.is_empty() {
        return Some(toks.to_vec());
    }
    let mut kept = Vec::new();
    let mut i = 0;
    for w in words {
        loop {
            match *toks.get(i)? {
                Tok::Word(t) if t == w => {
                    i += 1;
                    break;
                }
                Tok::Word(t) if is_filler(t) => i += 1,
                Tok::Word(_) => return None,
                marker => {
                    kept.push(marker);
                    i += 1;
                }
            }
        }
    }
    kept.extend_from_slice(&toks[i..]);
    Some(kept)
}

impl<'d> Coder<'d> {
    /// A coder with default options.
    pub fn new(dicts: &'d Dictionaries) -> Coder<'d> {
        Coder {
            dicts,
            config: Config::default(),
        }
    }

    /// False for an event a dyad is required for but that still has a null
    /// side (after any resolution from context).
    pub fn keeps(&self, e: &Event) -> bool {
        !(self.config.require_dyad && (e.source.code == "---" || e.target.code == "---"))
    }

    /// The dictionaries in use.
    pub fn dictionaries(&self) -> &'d Dictionaries {
        self.dicts
    }

    /// The discard phrase in `text`, if any. In document mode
    /// ([`Config::discourse`]) a historical phrase (a past year, a world
    /// war, "years ago") is left to [`history`], which drops only the
    /// events it dates: "On June 19, under the pretext of World War II
    /// bombs, the shipment was blocked" is coded and dated June 19, "During
    /// World War II the shipment was blocked" is not coded, nor is "Weeks
    /// ago Russia attacked the village"; "Kenya, which fought in World War
    /// Two, sent troops to Haiti" is. PETRARCH discards all four.
    fn discard(&self, text: &str) -> Option<Discarded> {
        let tokens: Vec<String> = text
            .split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_uppercase()
            })
            .filter(|w| !w.is_empty())
            .collect();
        self.dicts
            .discards
            .matches(&tokens)
            .into_iter()
            .map(|(d, _)| d)
            .find(|d| !(self.config.discourse && d.is_historical()))
            .map(discarded)
    }

    /// Codes one sentence from its text and Penn Treebank parse; `date` is `YYYYMMDD`.
    pub fn code_parsed(&self, text: &str, parse: &str, date: Date) -> Result<Coded, CodeError> {
        match faultline_lang::parse_ptb(parse) {
            Ok(tree) => self.code_sentence(text, &tree, date),
            // a discarded sentence is reported as such even when its parse is broken
            Err(err) => match self.discard(text) {
                Some(d) => Ok(Coded {
                    discard: Some(d),
                    ..Coded::default()
                }),
                None => Err(err.into()),
            },
        }
    }

    /// Codes one sentence from its text and a tree from any front end:
    /// discards are checked on the text, events come from the tree, issues
    /// from the text of sentences that produced events.
    pub fn code_sentence(&self, text: &str, tree: &Tree, date: Date) -> Result<Coded, CodeError> {
        if let Some(d) = self.discard(text) {
            return Ok(Coded {
                discard: Some(d),
                ..Coded::default()
            });
        }
        let (mut events, mentions) = self.code_tree_full(tree, date)?;
        // document mode: a historical phrase drops the events it dates, and
        // the sentence when it dates the main act
        let history = self
            .config
            .discourse
            .then(|| history::History::of(self.dicts, text, tree, date))
            .flatten();
        if let Some(h) = history {
            let before = events.len();
            let mut dropped = None;
            events.retain(|e| match h.dating(tree, e.verb.node) {
                Some(d) => {
                    dropped.get_or_insert(d);
                    false
                }
                None => true,
            });
            let main = if before == 0 { h.main(tree) } else { dropped };
            if events.is_empty() {
                if let Some(d) = main {
                    return Ok(Coded {
                        discard: Some(discarded(d)),
                        ..Coded::default()
                    });
                }
            }
        }
        let issues = if events.is_empty() {
            Vec::new()
        } else {
            self.dicts.issues.issues(text)
        };
        Ok(Coded {
            events,
            mentions,
            discard: None,
            issues,
        })
    }

    /// Codes a sentence tree; `date` is `YYYYMMDD`.
    pub fn code_tree(&self, tree: &Tree, date: Date) -> Result<Vec<Event>, CodeError> {
        self.code_tree_full(tree, date).map(|(events, _)| events)
    }

    /// Events and the actors the sentence names.
    fn code_tree_full(
        &self,
        tree: &Tree,
        date: Date,
    ) -> Result<(Vec<Event>, Vec<Mention>), CodeError> {
        let mut lin = linearize(tree);
        if is_dateline(&lin) {
            return Err(CodeError::Dateline);
        }
        self.remove_comma_clauses(&mut lin);
        let mut codes: Vec<UnitCode> = lin
            .nes
            .iter()
            .map(|ne| code_unit(self.dicts, &ne.up, date, self.config.discourse))
            .collect();
        if self.config.discourse {
            actors::add_places(self.dicts, &lin.nes, &mut codes);
        }
        let prep = Prepared { lin, codes };
        let mut events = Vec::new();
        let items = &prep.lin.items;
        // verb phrases being looked into because their verb found no
        // participants: (end of the phrase, first item its clauses may use)
        let mut open: Vec<(usize, usize)> = Vec::new();
        // end of the negated verb phrase being looked into, and how it is
        // negated
        let mut negated_until = 0;
        let mut negated_kind = None;
        let mut k = 0;
        while k < items.len() {
            while open.last().is_some_and(|&(end, _)| k >= end) {
                open.pop();
            }
            let floor = open.last().map_or(0, |&(_, floor)| floor);
            let heads_vp = matches!(&items[k], Item::Open(l) if *l == "VP")
                && matches!(items.get(k + 1), Some(Item::Word { tag, .. }) if tag.starts_with("VB"));
            // an infinitive under a verb that found no participants ("the
            // draft urged Tbilisi to withdraw the law") is not an act that
            // happened, as a clause it reports may be
            let infinitive = heads_vp
                && !open.is_empty()
                && matches!(
                    items[..k].iter().rev().find(|it| !matches!(it, Item::Open(_))),
                    Some(Item::Word { tag, .. }) if *tag == "TO"
                );
            if infinitive {
                k = prep.lin.close_of(k).unwrap_or(items.len());
            } else if heads_vp {
                let end = prep.lin.close_of(k).unwrap_or(items.len());
                // "did not comment", "never attacked": in document mode a
                // denied act is not its positive, nor is anything its
                // phrase governs; an auxiliary passes the negation on
                // ("does not recognize")
                let neg = if !self.config.discourse {
                    None
                } else if k < negated_until {
                    negated_kind
                } else {
                    negation(&prep.lin, k)
                };
                if neg.is_some() && k >= negated_until {
                    negated_until = end;
                    negated_kind = neg;
                }
                let (verb_at, voice) = self.voice_of(&prep, k, end);
                let phrase = Phrase {
                    vp: k,
                    verb_at,
                    end,
                    voice,
                    negation: neg,
                };
                let before = events.len();
                let coding = match self.analyse(&prep, phrase, floor) {
                    Some(act) => self.compose(&prep, act, 0),
                    None => Coding::Pass,
                };
                let coded = match coding {
                    Coding::Emit(act) => {
                        self.emit(&prep, &act, &mut events);
                        true
                    }
                    Coding::Silent => true,
                    Coding::Pass => false,
                };
                // in document mode a verb that found no participants does
                // not hide the clauses it governs ("noted that the protests
                // were overcome by …"); their actors are then looked for
                // after that verb only
                if neg.is_some() && coded {
                    k = end;
                } else if coded && self.config.discourse && events.len() == before {
                    open.push((end, verb_at + 1));
                } else if coded {
                    k = end;
                }
            }
            k += 1;
        }
        let mentions = prep
            .lin
            .items
            .iter()
            .filter_map(|it| match it {
                Item::Ne(id) => Some(*id),
                _ => None,
            })
            .filter_map(|id| {
                let code = prep.codes[id].code.as_deref().unwrap_or("---");
                let anaphor = anaphor(&prep.lin.nes[id].up, code);
                (anaphor.is_some() || !code.starts_with("---")).then(|| Mention {
                    code: code.to_string(),
                    text: prep.lin.nes[id].text.join(" "),
                    anaphor,
                })
            })
            .collect();
        Ok((events, mentions))
    }

    /// Removes comma-delimited clauses whose word counts fall within the
    /// configured bounds: first an initial clause, then a final one, then
    /// clauses between two commas; a comma left with nothing before or
    /// after it goes too.
    fn remove_comma_clauses(&self, lin: &mut Linear) {
        let c = &self.config;
        let commas = |lin: &Linear| -> Vec<usize> {
            (0..lin.items.len()).filter(|&i| lin.is_comma(i)).collect()
        };
        if commas(lin).is_empty() {
            return;
        }
        let end_of = |lin: &Linear| {
            (0..lin.items.len())
                .rev()
                .find(|&i| matches!(lin.items[i], Item::Word { .. } | Item::Ne(_)))
                .unwrap_or(0)
        };
        if c.comma_bmax != 0 {
            if let Some(&first) = commas(lin).first() {
                let n = lin.count_words(0, first);
                if n >= c.comma_bmin && n <= c.comma_bmax {
                    lin.delete_phrases(0, first);
                }
            }
        }
        if c.comma_emax != 0 {
            let end = end_of(lin);
            if let Some(&last) = commas(lin).iter().rev().find(|&&i| i < end) {
                let n = lin.count_words(last, lin.items.len());
                // a clause after the last comma is no aside when no verb
                // phrase opens before it ("Kenya, which fought in Somalia,
                // sent troops")
                let verb_before = lin.items[..last]
                    .iter()
                    .any(|it| matches!(it, Item::Open("VP")));
                if n >= c.comma_emin && n <= c.comma_emax && verb_before {
                    lin.delete_phrases(last + 1, end);
                }
            }
        }
        if c.comma_max != 0 {
            let mut from = 0;
            loop {
                let cs: Vec<usize> = commas(lin).into_iter().filter(|&i| i >= from).collect();
                let (Some(&a), Some(&b)) = (cs.first(), cs.get(1)) else {
                    break;
                };
                let n = lin.count_words(a + 1, b);
                // a main verb whose phrase runs past the second comma
                // ("…, Tokayev reminded Putin that many xenophobic, racist
                // hosts …") is no aside
                let main_verb = (a..b).any(|i| {
                    matches!(lin.items[i], Item::Open("VP"))
                        && lin.close_of(i).is_some_and(|e| e > b)
                });
                if n >= c.comma_min && n <= c.comma_max && !main_verb {
                    let before = lin.items.len();
                    // an aside inside the subject goes with both its
                    // commas, so that the verb finds its subject
                    let in_subject = !lin.items[..a]
                        .iter()
                        .any(|it| matches!(it, Item::Open("VP")));
                    lin.delete_phrases(a, if in_subject { b + 1 } else { b });
                    // the second comma moved left by what was removed
                    from = b - (before - lin.items.len());
                } else {
                    from = b;
                }
            }
        }
        if let Some(&first) = commas(lin).first() {
            if lin.count_words(0, first) == 0 {
                lin.items.remove(first);
            }
        }
        let end = end_of(lin);
        if let Some(&last) = commas(lin).iter().rev().find(|&&i| i < end) {
            if lin.count_words(last + 1, end) == 0 {
                lin.items.remove(last);
            }
        }
    }

    /// The most specific pattern written for verb `verb` of the family that
    /// matches both halves; ties go to the later file (a layer refines),
    /// then to the pattern written first.
    fn best_pattern<'p>(
        &self,
        family: &'p faultline_dict::Family,
        verb: u32,
        upper: &[Tok<'_>],
        lower: &[Tok<'_>],
    ) -> Option<(&'p Pattern, Bind)> {
        let lm = Matcher::new(&self.dicts.verbs, lower, Half::Lower);
        let um = Matcher::new(&self.dicts.verbs, upper, Half::Upper);
        let mut best: Option<(&Pattern, Bind)> = None;
        for i in family.candidates(lm.words().chain(um.words())) {
            let p = &family.patterns[i as usize];
            if best.is_some_and(|(b, _)| !p.beats(b)) || !p.applies_to(verb) {
                continue;
            }
            if !lm.may_match(&p.lower) || !um.may_match(&p.upper) {
                continue;
            }
            let Some(b) = lm.run(&p.lower, 0, Bind::default()) else {
                continue;
            };
            if let Some(b) = um.run(&p.upper, 0, b) {
                best = Some((p, b));
            }
        }
        best
    }

    /// The participants a unit stands for: one, or the members of a compound.
    /// A target ranked as a place (`place`), or one that says it is a
    /// place, that names only a place the gazetteer knows has that
    /// place's state.
    fn participants(&self, prep: &Prepared, u: Unit, place: bool) -> Vec<Participant> {
        let one = |id: usize| -> Option<Participant> {
            let uc = &prep.codes[id];
            let text = prep.lin.nes[id].text.join(" ");
            if let (None, Some(p)) = (&uc.code, uc.place.as_ref().filter(|p| place || p.marked)) {
                return Some(Participant {
                    code: p.state.clone(),
                    text,
                    actor: Some(p.origin.clone()),
                    agents: Vec::new(),
                    unresolved: None,
                    inferred_from: None,
                });
            }
            let code = match uc.code.as_deref() {
                Some(c) if c != "---" => c.to_string(),
                _ => {
                    let nal = self.config.new_actor_length;
                    let phrase = prep.lin.nes[id].up.join(" ");
                    if nal > 0 && phrase.matches(' ').count() < nal {
                        format!("\"{phrase}\"")
                    } else if nal > 0 || matches!(u, Unit::Ne(_)) {
                        "---".to_string()
                    } else {
                        return None;
                    }
                }
            };
            let unresolved = anaphor(&prep.lin.nes[id].up, &code);
            Some(Participant {
                code,
                text,
                actor: uc.actor.clone(),
                agents: uc.agents.clone(),
                unresolved,
                inferred_from: None,
            })
        };
        let mut out: Vec<Participant> = match u {
            Unit::Ne(id) => one(id).into_iter().collect(),
            Unit::Nec(c) => prep.lin.necs[c].iter().filter_map(|&id| one(id)).collect(),
        };
        if out.is_empty() {
            let text = match u {
                Unit::Ne(id) => prep.lin.nes[id].text.join(" "),
                Unit::Nec(c) => prep.lin.necs[c]
                    .iter()
                    .map(|&id| prep.lin.nes[id].text.join(" "))
                    .collect::<Vec<_>>()
                    .join(" and "),
            };
            out.push(Participant {
                code: "---".into(),
                text,
                actor: None,
                agents: Vec::new(),
                unresolved: None,
                inferred_from: None,
            });
        }
        // codes written as A/B stand for both actors
        out.into_iter()
            .flat_map(|p| {
                if p.code.contains('/') && !p.code.starts_with('"') {
                    p.code
                        .split('/')
                        .filter(|c| !c.is_empty())
                        .map(|c| Participant {
                            code: c.to_string(),
                            ..p.clone()
                        })
                        .collect()
                } else {
                    vec![p]
                }
            })
            .collect()
    }

    /// True, in document mode, for two differently named holders of one
    /// stateless role ("Rep. Cotten criticized Sen. Parkhouse": both
    /// `---LEG`): two actors, not a self-reference, whose state the
    /// document may tell.
    fn two_of_a_role(&self, a: &Participant, b: &Participant) -> bool {
        self.config.discourse
            && a.code.len() > 3
            && a.code.starts_with("---")
            && a.unresolved.is_none()
            && b.unresolved.is_none()
            && !a.text.eq_ignore_ascii_case(&b.text)
    }

    /// Events between every source and every target (self-references
    /// skipped, see [`Coder::two_of_a_role`]; a symmetric `A:B` code gives
    /// both directions).
    fn push_events(
        &self,
        mut srcs: Vec<Participant>,
        mut tgts: Vec<Participant>,
        code: &str,
        passive: bool,
        verb: &VerbEvidence,
        events: &mut Vec<Event>,
    ) {
        let mut push = |s: &[Participant], t: &[Participant], code: &str| {
            for a in s {
                for b in t {
                    if a.code == b.code && !self.two_of_a_role(a, b) {
                        continue;
                    }
                    let (a, b) = if passive { (b, a) } else { (a, b) };
                    let null = |p: &Participant| {
                        p.code == "---" && !(self.config.discourse && p.unresolved.is_some())
                    };
                    if self.config.require_dyad && (null(a) || null(b)) {
                        continue;
                    }
                    let dup = events.iter().any(|e| {
                        e.source.code == a.code && e.target.code == b.code && e.code == code
                    });
                    if !dup {
                        events.push(Event {
                            source: a.clone(),
                            target: b.clone(),
                            code: code.to_string(),
                            verb: verb.clone(),
                            passive,
                        });
                    }
                }
            }
        };
        match code.split_once(':') {
            Some((there, back)) => {
                if srcs[0].code == "---" || tgts[0].code == "---" {
                    if tgts[0].code == "---" {
                        tgts = srcs.clone();
                    } else {
                        srcs = tgts.clone();
                    }
                }
                push(&srcs, &tgts, there);
                push(&tgts, &srcs, back);
            }
            None => push(&srcs, &tgts, code),
        }
    }
}

/// Nouns that, after "the" or a possessive, refer back to a country.
const COUNTRY_NOUNS: &[&str] = &[
    "COUNTRY",
    "NATION",
    "STATE",
    "REPUBLIC",
    "KINGDOM",
    "REGIME",
    "AUTHORITIES",
    "CAPITAL",
];

/// Whether a unit's words make it an anaphor to resolve from context: a
/// personal pronoun, or "the/its/their …" naming a country or carrying
/// only an agent code ("the government" → `---GOV`).
fn anaphor(words: &[String], code: &str) -> Option<Anaphor> {
    if let [w] = words {
        if matches!(w.as_str(), "IT" | "HE" | "SHE") && code == "---" {
            return Some(Anaphor::Pronoun(w.clone()));
        }
        return None;
    }
    let first = words.first()?;
    if !matches!(first.as_str(), "THE" | "ITS" | "THEIR" | "HIS" | "HER") {
        return None;
    }
    // "the government", "the army", "its parliament": state institutions
    // point back to a state; "the rebels", "the separatist republics" do not
    let institution = |a: &str| {
        ["GOV", "MIL", "LEG", "JUD", "COP", "SPY"]
            .iter()
            .any(|p| a.starts_with(p))
    };
    if let Some(agent) = code.strip_prefix("---").filter(|a| !a.is_empty()) {
        return institution(agent).then(|| Anaphor::Description(agent.to_string()));
    }
    (code == "---" && words.iter().any(|w| COUNTRY_NOUNS.contains(&w.as_str())))
        .then(|| Anaphor::Description(String::new()))
}

/// How a verb phrase relates its subject to the action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Voice {
    Active,
    /// "X was attacked by Y": source and target swap.
    Passive,
    /// "X was attacked": the subject is the target, the agent is unsaid.
    Agentless,
}

/// How the verb phrase opening at `vp` is negated, if it is: *not*, *n't*,
/// *never* or *no longer* right before it or among its auxiliaries ("will
/// not", "did n't", "has never"), or a clause whose subject is *none*,
/// *no* …, *nobody* or *neither*; *not only* is not a negation.
/// `Some(true)` for "not yet", which only says that the act has not
/// happened so far; "not to X" negates the infinitive.
fn negation(lin: &Linear, vp: usize) -> Option<bool> {
    let word = |i: usize| match lin.items.get(i) {
        Some(Item::Word { up, tag, .. }) => Some((up.as_str(), *tag)),
        _ => None,
    };
    let negation = |w: &str| matches!(w, "NOT" | "N'T" | "NEVER");
    let yet = |i: usize| word(i).is_some_and(|(w, _)| w == "YET");
    // right before the phrase, over an infinitive marker ("not to send")
    let mut b = vp;
    while b > 0
        && (matches!(lin.items[b - 1], Item::Open("VP" | "S"))
            || word(b - 1).is_some_and(|(_, t)| t == "TO"))
    {
        b -= 1;
    }
    let before = b.checked_sub(1).and_then(word);
    if before.is_some_and(|(w, _)| negation(w) || w == "LONGER") {
        return Some(false);
    }
    // "None of the leaders recognized …", "No country attended …"
    let subject = clause_start(lin, vp).and_then(|start| {
        lin.items[start + 1..vp].iter().find_map(|it| match it {
            Item::Word { up, .. } => Some(up.as_str()),
            Item::Ne(id) => lin.nes[*id].up.first().map(String::as_str),
            _ => None,
        })
    });
    if matches!(subject, Some("NONE" | "NO" | "NOBODY" | "NEITHER")) {
        return Some(false);
    }
    let mut i = vp + 1;
    while let Some((w, tag)) = word(i) {
        // "was not only a slap … but": emphasis, not denial
        if negation(w) && word(i + 1).is_none_or(|(next, _)| next != "ONLY") {
            return Some(yet(i + 1));
        }
        let auxiliary = matches!(tag, "MD" | "RB" | "TO")
            || (tag.starts_with("VB")
                && matches!(word(i + 1), Some((_, "RB" | "MD" | "VB" | "VBN" | "VBG"))));
        if !auxiliary {
            break;
        }
        i += 1;
    }
    None
}

/// The `S`-like phrase that holds the item at `at`, as the index of its
/// opening bracket.
fn clause_start(lin: &Linear, at: usize) -> Option<usize> {
    let mut depth = 0usize;
    for i in (0..at).rev() {
        match &lin.items[i] {
            Item::Close(_) => depth += 1,
            Item::Open(l) if depth == 0 && l.starts_with('S') => return Some(i),
            Item::Open(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// A dateline ("CEBU CITY: -- ...") parses as a sentence whose first phrase
/// is a noun phrase holding a compound.
fn is_dateline(lin: &Linear) -> bool {
    let mut opens = lin
        .items
        .iter()
        .filter(|it| matches!(it, Item::Open(_) | Item::Ne(_) | Item::NecOpen(_)));
    matches!(
        (opens.next(), opens.next()),
        (Some(Item::Open(_)), Some(Item::NecOpen(c))) if lin.nested[*c]
    )
}

/// For a verb phrase at `vp..end`, the index of a passive participle: a
/// `VBN` after the head, in the same clause, with a form of *be* before it.
fn participle(lin: &Linear, vp: usize, end: usize) -> Option<usize> {
    let items = &lin.items;
    let mut clause_depth = 0usize;
    let mut vbn = None;
    for (i, it) in items.iter().enumerate().take(end).skip(vp + 2) {
        match it {
            Item::Open(l) if l.starts_with('S') => clause_depth += 1,
            Item::Close(l) if l.starts_with('S') => clause_depth = clause_depth.saturating_sub(1),
            Item::Word { tag, .. } if *tag == "VBN" && clause_depth == 0 => {
                vbn = Some(i);
                break;
            }
            _ => {}
        }
    }
    let vbn = vbn?;
    // "was prepared to free": an adjective of readiness, not a passive
    if readiness_adjective(items, vbn) {
        return None;
    }
    let aux = items[vp + 1..vbn].iter().any(|it| {
        matches!(it, Item::Word { up, tag, .. } if tag.starts_with("VB") && matches!(up.as_str(), "WAS" | "IS" | "BEEN" | "WERE" | "ARE"))
    });
    aux.then_some(vbn)
}

/// True when the participle at `i` is one of readiness followed by an
/// infinitive ("prepared to", "determined to"): it says what its subject
/// will do, like "ready to" and "willing to".
pub(crate) fn readiness_adjective(items: &[Item], i: usize) -> bool {
    let ready = matches!(&items[i], Item::Word { up, .. } if matches!(up.as_str(), "PREPARED" | "DETERMINED"));
    ready
        && items[i + 1..]
            .iter()
            .find(|it| !matches!(it, Item::Open(_)))
            .is_some_and(|it| matches!(it, Item::Word { tag, .. } if *tag == "TO"))
}

/// True when an agent phrase follows the participle inside the verb phrase:
/// *by* ("was attacked by …") or a causal *due to* / *thanks to* ("the
/// protests were overcome thanks to the support of …"), whose object names
/// who brought the act about.
fn has_agent_phrase(lin: &Linear, vbn: usize, end: usize) -> bool {
    let mut prev = "";
    for it in &lin.items[vbn + 1..end] {
        let words: &[String] = match it {
            Item::Word { up, .. } => std::slice::from_ref(up),
            Item::Ne(id) => &lin.nes[*id].up,
            _ => continue,
        };
        for w in words {
            if w == "BY" || (w == "TO" && matches!(prev, "DUE" | "THANKS")) {
                return true;
            }
            prev = w;
        }
    }
    false
}

/// True when the verb phrase opening at `vp` is a participle modifying a
/// noun: inside a noun phrase ("the convoy attacked by rebels") or right
/// after the noun of a *there is* clause ("there were ten soldiers killed
/// in …"). Its noun is what was acted on.
fn reduced_relative(lin: &Linear, vp: usize) -> bool {
    if !matches!(lin.items.get(vp + 1), Some(Item::Word { tag, .. }) if *tag == "VBN") {
        return false;
    }
    // the phrase holding this one, and what stands just before it
    let mut depth = 0usize;
    let mut parent = None;
    for i in (0..vp).rev() {
        match &lin.items[i] {
            Item::Close(_) | Item::NecClose(_) => depth += 1,
            Item::Open(l) if depth == 0 => {
                parent = Some((i, *l));
                break;
            }
            Item::Open(_) | Item::NecOpen(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let after_noun = matches!(
        lin.items.get(vp.wrapping_sub(1)),
        Some(Item::Ne(_) | Item::NecClose(_) | Item::Close("NP"))
    );
    match parent {
        Some((_, "NP")) => after_noun,
        Some((p, "VP")) => {
            let existential = (0..p).rev().find_map(|i| match &lin.items[i] {
                Item::Word { up, .. } => Some(up == "THERE"),
                Item::Ne(id) => Some(lin.nes[*id].up.first().is_some_and(|w| w == "THERE")),
                _ => None,
            });
            after_noun && existential == Some(true)
        }
        _ => false,
    }
}

/// The participle of a passive with an agent phrase ("was attacked by …").
fn passive_verb(lin: &Linear, vp: usize, end: usize) -> Option<usize> {
    participle(lin, vp, end).filter(|&v| has_agent_phrase(lin, v, end))
}

/// The participle of a passive without one ("was blocked").
fn agentless_passive(lin: &Linear, vp: usize, end: usize) -> Option<usize> {
    participle(lin, vp, end).filter(|&v| !has_agent_phrase(lin, v, end))
}

/// The state of the first country or capital named right after *in* among
/// the items `from..to`.
fn place_state(lin: &Linear, codes: &[UnitCode], from: usize, to: usize) -> Option<String> {
    let mut after_in = false;
    for it in &lin.items[from.min(lin.items.len())..to.min(lin.items.len())] {
        match it {
            Item::Word { up, .. } => after_in = up == "IN",
            Item::Ne(id) if after_in => {
                // an uncoded unit ("in an attack") is no place, nor is an
                // attack by a state ("in a Russian missile strike"); look on
                if lin.nes[*id]
                    .up
                    .iter()
                    .any(|w| ATTACK_NOUNS.contains(&w.as_str()))
                {
                    after_in = false;
                    continue;
                }
                if let (None, Some(place)) = (&codes[*id].code, &codes[*id].place) {
                    return Some(place.state.clone());
                }
                let code = codes[*id].code.as_deref().unwrap_or("---");
                let state = code.get(..3).unwrap_or("---");
                let ok = state.bytes().all(|b| b.is_ascii_uppercase())
                    && (code.len() == 3 || code.get(3..) == Some("GOV"))
                    && !["IGO", "NGO", "NGM", "IMG", "MNC", "UAF"].contains(&state);
                if ok {
                    return Some(state.to_string());
                }
                after_in = false;
            }
            Item::Ne(_) | Item::NecOpen(_) | Item::NecClose(_) => after_in = false,
            Item::Open(_) | Item::Close(_) => {}
        }
    }
    None
}

/// Nouns of an armed attack ("a drone strike", "an ambush").
const ATTACK_NOUNS: &[&str] = &[
    "ATTACK",
    "ATTACKS",
    "STRIKE",
    "STRIKES",
    "AIRSTRIKE",
    "AIRSTRIKES",
    "AIR-STRIKE",
    "RAID",
    "RAIDS",
    "AMBUSH",
    "BOMBING",
    "BOMBINGS",
    "BOMBARDMENT",
    "SHELLING",
    "ASSAULT",
    "OFFENSIVE",
    "BARRAGE",
];

/// Words that make an attack a military one ("a missile strike").
const WEAPON_WORDS: &[&str] = &[
    "DRONE",
    "MISSILE",
    "ROCKET",
    "AIR",
    "AIRSTRIKE",
    "AIRSTRIKES",
    "ARTILLERY",
    "MORTAR",
    "SHELLING",
    "BOMBARDMENT",
    "NAVAL",
];

/// The attack phrase of a passive without an agent phrase, among the
/// items `from..to`: a unit after *in* or *during* that names an attack
/// and an actor ("were killed in a Ukrainian drone strike", "during a
/// Hamas raid"), and whether it names a military weapon. The actor
/// carried out the act; the subject suffered it.
fn attack_agent(prep: &Prepared, from: usize, to: usize) -> Option<(Unit, bool)> {
    let items = &prep.lin.items;
    let mut after_in = false;
    for it in &items[from.min(items.len())..to.min(items.len())] {
        match it {
            Item::Word { up, .. } => after_in = matches!(up.as_str(), "IN" | "DURING"),
            Item::Ne(id) if after_in => {
                let words = &prep.lin.nes[*id].up;
                let code = prep.codes[*id].code.as_deref().unwrap_or("---");
                let attack = words.iter().any(|w| ATTACK_NOUNS.contains(&w.as_str()));
                if attack && !code.starts_with("---") {
                    let weapon = words.iter().any(|w| WEAPON_WORDS.contains(&w.as_str()));
                    return Some((Unit::Ne(*id), weapon));
                }
                after_in = false;
            }
            Item::Open(l) if l.starts_with('S') => return None,
            Item::Ne(_) | Item::NecOpen(_) | Item::NecClose(_) => after_in = false,
            Item::Open(_) | Item::Close(_) => {}
        }
    }
    None
}

/// Words of a unit that only tells the time ("Monday", "yesterday", "last
/// week"): never a participant.
fn is_time_unit(words: &[String]) -> bool {
    !words.is_empty()
        && words.iter().all(|w| {
            matches!(
                w.as_str(),
                "MONDAY"
                    | "TUESDAY"
                    | "WEDNESDAY"
                    | "THURSDAY"
                    | "FRIDAY"
                    | "SATURDAY"
                    | "SUNDAY"
                    | "TODAY"
                    | "YESTERDAY"
                    | "TOMORROW"
                    | "TONIGHT"
                    | "LAST"
                    | "NEXT"
                    | "THIS"
                    | "EARLIER"
                    | "WEEK"
                    | "MONTH"
                    | "YEAR"
                    | "WEEKEND"
                    | "MORNING"
                    | "EVENING"
                    | "NIGHT"
                    | "AFTERNOON"
            )
        })
}

/// Target rule: the first compound or coded unit after the verb, else the
/// first unit after the verb.
///
/// In document mode (`document`) units are ranked: a unit with an actor
/// code, then one with only an agent code ("the police"), then a country
/// or capital right after *in* ("launched strikes in Ukraine": a place, but
/// a better target than an object no dictionary codes), then a possessive
/// agent ("its troops", most often the subject's own), then an uncoded
/// unit, then a coded unit inside an adjunct ("after the talks with
/// Gondor") and last a unit that only tells the time ("on Monday"). For an
/// act with a venue (`venue`: a symmetric code such as `046:046`, "held
/// talks in Brussels", or a protest, "marched through Belgrade") a place
/// comes after the uncoded units, so that a compound subject meets itself
/// and protesters face their government rather than the venue; so does a
/// state after *on*, *at*, *through* and the like ("held drills on
/// Luzon"). Organisations after *in* ("its participation in the CSTO")
/// stay participants.
///
/// Returns the unit and its rank (0 to 2: an argument with a code).
fn ranked_target(
    prep: &Prepared,
    lower: &[Tok<'_>],
    document: bool,
    venue: bool,
) -> Option<(Unit, u8)> {
    let place_like = |u: Unit| {
        prep.unit_code(u).is_some_and(|c| {
            let country = c.len() >= 3 && c.as_bytes()[..3].iter().all(u8::is_ascii_uppercase);
            country && (c.len() == 3 || &c[3..] == "GOV") && !c.starts_with("IGO")
        })
    };
    let coded = |u: Unit| matches!(u, Unit::Nec(_)) || prep.is_coded(u);
    let words = |u: Unit| match u {
        Unit::Ne(id) => prep.lin.nes[id].up.as_slice(),
        Unit::Nec(_) => &[],
    };
    // (unit, rank): lower ranks win, then the first unit
    let mut best: Option<(Unit, u8)> = None;
    let mut last_word = "";
    let mut fences = 0usize;
    for t in lower {
        match t {
            Tok::Word(w) => last_word = w,
            Tok::Fence => fences += 1,
            Tok::Unfence => fences = fences.saturating_sub(1),
            Tok::End(_) => {}
            Tok::Start(u) => {
                let u = *u;
                let rank = if !document {
                    if coded(u) {
                        0
                    } else if matches!(u, Unit::Ne(_)) {
                        4
                    } else {
                        continue;
                    }
                } else if is_time_unit(words(u)) {
                    8
                } else if let Unit::Nec(c) = u {
                    // a compound ranks as its best member
                    let members = &prep.lin.necs[c];
                    let code = |id: &usize| prep.codes[*id].code.as_deref().unwrap_or("---");
                    let locative = matches!(
                        last_word,
                        "IN" | "ON" | "AT" | "THROUGH" | "ACROSS" | "OUTSIDE" | "NEAR" | "AROUND"
                    );
                    if venue && locative {
                        // "marched in Nairobi and a dozen other towns"
                        5
                    } else if members
                        .iter()
                        .any(|id| code(id) != "---" && !code(id).starts_with("---"))
                    {
                        if fences > 0 {
                            6
                        } else {
                            0
                        }
                    } else if members
                        .iter()
                        .any(|id| code(id).starts_with("---") && code(id) != "---")
                    {
                        if fences > 0 {
                            6
                        } else {
                            1
                        }
                    } else if fences > 0 {
                        7
                    } else {
                        4
                    }
                } else if !coded(u) {
                    // a place the gazetteer knows, in a place phrase
                    let place = matches!(u, Unit::Ne(id)
                    if prep.codes[id].code.is_none()
                        && prep.codes[id].place.as_ref().is_some_and(|p| {
                            p.marked || actors::is_locative(last_word)
                        }));
                    if fences > 0 {
                        7
                    } else if place && venue {
                        5
                    } else if place {
                        2
                    } else {
                        4
                    }
                } else if fences > 0 {
                    6
                } else if place_like(u)
                    && (last_word == "IN"
                        || (venue
                            && matches!(
                                last_word,
                                "ON" | "AT" | "THROUGH" | "ACROSS" | "OUTSIDE" | "NEAR" | "AROUND"
                            )))
                {
                    if venue {
                        5
                    } else {
                        2
                    }
                } else if prep.unit_code(u).is_some_and(|c| c.starts_with("---")) {
                    let own = matches!(
                        words(u).first().map(String::as_str),
                        Some("ITS" | "THEIR" | "HIS" | "HER")
                    );
                    if own {
                        3
                    } else {
                        1
                    }
                } else {
                    0
                };
                if best.is_none_or(|(_, b)| rank < b) {
                    best = Some((u, rank));
                }
            }
        }
    }
    best
}

/// Source rule: the nearest compound or coded unit before the verb that is
/// not the target's actor, else the nearest unit before the verb.
fn find_source(prep: &Prepared, upper: &[Tok<'_>], target: Option<Unit>) -> Option<Unit> {
    let tcode = target.and_then(|t| prep.unit_code(t));
    let differs = |u: Unit| Some(u) != target && (tcode.is_none() || prep.unit_code(u) != tcode);
    let starts = upper.iter().filter_map(|t| match t {
        Tok::Start(u) => Some(*u),
        _ => None,
    });
    let found = starts
        .clone()
        .find(|&u| differs(u) && (matches!(u, Unit::Nec(_)) || prep.is_coded(u)))
        .or_else(|| {
            starts
                .clone()
                .find(|&u| differs(u) && matches!(u, Unit::Ne(_)))
        })?;
    // a unit deep inside a longer noun phrase yields to the phrase's head
    if let Unit::Ne(id) = found {
        if let Some(h) = prep.lin.head[id] {
            let head = Unit::Ne(h);
            if h != id && differs(head) && prep.is_coded(head) {
                return Some(head);
            }
        }
    }
    Some(found)
}
