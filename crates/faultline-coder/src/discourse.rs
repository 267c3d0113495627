//! Resolving participants from the document's context: the agent of a
//! passive without a *by*-phrase, a pronoun (`it`, `he`), a definite
//! description ("the country", "the government", "its president").
//!
//! The rules are deliberately narrow, because an invented actor is worse
//! than a missing one: a pronoun or description takes the most recent
//! actor of the right kind from the two sentences before; a missing agent
//! is filled only for a material act (CAMEO roots 06–08 and 14–20: "was
//! blocked", "was attacked"; not "was considered" or "was criticized",
//! whose agent is often nobody in particular), only from the sentence just
//! before, and only with that sentence's first actor (its subject) when it
//! is not the target itself. Every resolved participant records the
//! sentence it came from. A description naming an institution ("the
//! government") that the sentences before cannot resolve belongs to the
//! state of the event's other participant.

use std::collections::VecDeque;

use crate::{Anaphor, Event, Mention, Participant};

/// How many earlier sentences are consulted.
const WINDOW: usize = 2;

/// Code prefixes that are not states.
const NON_STATE: &[&str] = &["IGO", "NGO", "NGM", "IMG", "MNC", "UAF", "---"];

/// The state part of an actor code (`KAZGOV` → `KAZ`), if it has one.
fn country(code: &str) -> Option<&str> {
    let c = code.get(..3)?;
    (c.bytes().all(|b| b.is_ascii_uppercase()) && !NON_STATE.contains(&c)).then_some(c)
}

/// True for a CAMEO code of a material act (roots 06–08, 14–20).
fn is_material(code: &str) -> bool {
    matches!(
        code.get(..2),
        Some("06" | "07" | "08" | "14" | "15" | "16" | "17" | "18" | "19" | "20")
    )
}

/// The code a mention gives an anaphor of `kind`, if it can be its antecedent.
fn fits(kind: &Anaphor, m: &Mention) -> Option<String> {
    match kind {
        Anaphor::Agent => None,
        Anaphor::Pronoun(w) if w == "IT" => country(&m.code).map(str::to_string),
        Anaphor::Pronoun(_) => {
            let person = m.code.len() > 3
                && m.text.chars().next().is_some_and(char::is_uppercase)
                && country(&m.code).is_some();
            person.then(|| m.code.clone())
        }
        Anaphor::Description(agent) => country(&m.code).map(|c| format!("{c}{agent}")),
    }
}

/// A participant as a possible antecedent.
fn mention_of(p: &Participant) -> Mention {
    Mention {
        code: p.code.clone(),
        text: p.text.clone(),
        anaphor: None,
    }
}

/// What the earlier sentences of a document named.
#[derive(Debug, Clone, Default)]
pub struct Discourse {
    recent: VecDeque<(usize, Vec<Mention>)>,
}

impl Discourse {
    pub fn new() -> Discourse {
        Discourse::default()
    }

    /// Records the actors named by sentence `index`; its pronouns and
    /// descriptions are first resolved against the sentences before it (and
    /// dropped when they cannot be).
    pub fn remember(&mut self, index: usize, mentions: Vec<Mention>) {
        let mut kept = Vec::with_capacity(mentions.len());
        for mut m in mentions {
            if let Some(kind) = m.anaphor.take() {
                match self.referent(&kind) {
                    Some((code, _, _)) => m.code = code,
                    None => continue,
                }
            }
            kept.push(m);
        }
        if kept.is_empty() {
            return;
        }
        self.recent.push_front((index, kept));
        self.recent.truncate(WINDOW);
    }

    /// What a pronoun or description refers to: subjects (first mentions)
    /// of the recent sentences first, then their other actors.
    fn referent(&self, kind: &Anaphor) -> Option<(String, usize, String)> {
        let pick = |m: &Mention| fits(kind, m);
        let subjects = self.recent.iter().find_map(|(index, mentions)| {
            let m = mentions.first()?;
            pick(m).map(|code| (code, *index, m.text.clone()))
        });
        subjects.or_else(|| self.find(pick))
    }

    /// Fills in the unresolved participants of `events`, which sentence
    /// `index` produced, where the context supports it; the others are left
    /// as they are.
    pub fn resolve(&self, index: usize, events: &mut [Event]) {
        for e in events {
            let material = is_material(&e.code);
            let target = mention_of(&e.target);
            let source = mention_of(&e.source);
            self.resolve_one(&mut e.source, &target, index, material);
            self.resolve_one(&mut e.target, &source, index, material);
        }
    }

    fn resolve_one(&self, p: &mut Participant, other: &Mention, index: usize, material: bool) {
        let Some(kind) = &p.unresolved else { return };
        if p.inferred_from.is_some() {
            return;
        }
        let other_code = other.code.as_str();
        let found = match kind {
            // "Kazakhstan said it would …": in a verbal act a pronoun that
            // fits the other participant most likely is that participant;
            // an earlier actor would be a guess. ("Russia attacked it": the
            // object of a material act is not its subject.)
            Anaphor::Pronoun(_) if !material && fits(kind, other).is_some() => None,
            Anaphor::Agent if !material => None,
            Anaphor::Agent => self.first_of(index.checked_sub(1), |m| {
                let differs = match (country(&m.code), country(other_code)) {
                    (Some(a), Some(b)) => a != b,
                    _ => m.code != other_code,
                };
                differs.then(|| m.code.clone())
            }),
            // "the government" with no antecedent in the sentences before
            // belongs to the state of the other participant ("Lapid demanded
            // that the government halt …")
            Anaphor::Description(agent) if !agent.is_empty() => self.referent(kind).or_else(|| {
                country(other_code).map(|c| (format!("{c}{agent}"), index, String::new()))
            }),
            kind => self.referent(kind),
        };
        if let Some((code, index, text)) = found {
            if code != other_code {
                p.code = code;
                p.inferred_from = Some(index);
                if p.text.is_empty() {
                    p.text = text;
                }
            }
        }
    }

    /// The first mention of sentence `index` (its subject), if `pick` accepts it.
    fn first_of(
        &self,
        index: Option<usize>,
        pick: impl Fn(&Mention) -> Option<String>,
    ) -> Option<(String, usize, String)> {
        let index = index?;
        let (_, mentions) = self.recent.iter().find(|(i, _)| *i == index)?;
        let m = mentions.first()?;
        pick(m).map(|code| (code, index, m.text.clone()))
    }

    /// The first mention, most recent sentence first, that `pick` accepts.
    fn find(&self, pick: impl Fn(&Mention) -> Option<String>) -> Option<(String, usize, String)> {
        self.recent.iter().find_map(|(index, mentions)| {
            mentions
                .iter()
                .find_map(|m| pick(m).map(|code| (code, *index, m.text.clone())))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(code: &str, text: &str) -> Mention {
        Mention {
            code: code.into(),
            text: text.into(),
            anaphor: None,
        }
    }

    fn participant(code: &str, unresolved: Option<Anaphor>) -> Participant {
        Participant {
            code: code.into(),
            text: String::new(),
            actor: None,
            agents: Vec::new(),
            unresolved,
            inferred_from: None,
        }
    }

    #[test]
    fn country_codes() {
        assert_eq!(country("KAZGOV"), Some("KAZ"));
        assert_eq!(country("IGOUNO"), None);
        assert_eq!(country("---GOV"), None);
        assert_eq!(country("\"X\""), None);
    }

    #[test]
    fn resolves_agent_pronoun_and_description() {
        let mut d = Discourse::new();
        d.remember(3, vec![mention("RUSGOV", "the kremlin reaction")]);
        let mut p = participant("---", Some(Anaphor::Agent));
        d.resolve_one(&mut p, &mention("KAZ", ""), 4, true);
        assert_eq!((p.code.as_str(), p.inferred_from), ("RUSGOV", Some(3)));
        assert_eq!(p.text, "the kremlin reaction");
        // the agent is never the target itself, never for a verbal act, and
        // only from the sentence just before
        for (other, index, material) in [("RUS", 4, true), ("KAZ", 4, false), ("KAZ", 5, true)] {
            let mut p = participant("---", Some(Anaphor::Agent));
            d.resolve_one(&mut p, &mention(other, ""), index, material);
            assert_eq!(p.code, "---", "{other} {index} {material}");
        }
        let mut p = participant("---GOV", Some(Anaphor::Description("GOV".into())));
        d.resolve_one(&mut p, &mention("UKR", ""), 5, false);
        assert_eq!(p.code, "RUSGOV");
        let mut p = participant("---", Some(Anaphor::Pronoun("IT".into())));
        d.resolve_one(&mut p, &mention("UKR", "Ukraine"), 5, true);
        assert_eq!(p.code, "RUS");
        // "Ukraine said it …": it may be Ukraine itself, so it stays open
        let mut p = participant("---", Some(Anaphor::Pronoun("IT".into())));
        d.resolve_one(&mut p, &mention("UKR", "Ukraine"), 5, false);
        assert_eq!(p.code, "---");
        let mut p = participant("---", Some(Anaphor::Pronoun("IT".into())));
        d.resolve_one(&mut p, &mention("IGOUNO", "the UN"), 5, false);
        assert_eq!(p.code, "RUS");
    }

    #[test]
    fn only_two_sentences_back_and_no_guessing_without_mentions() {
        let mut d = Discourse::new();
        d.remember(0, vec![mention("FRA", "France")]);
        d.remember(1, vec![mention("DEU", "Germany")]);
        d.remember(2, vec![mention("ITA", "Italy")]);
        let mut p = participant("---", Some(Anaphor::Pronoun("IT".into())));
        d.resolve_one(&mut p, &mention("ESP", "Spain"), 3, true);
        assert_eq!(p.code, "ITA");
        // a remembered description is resolved before it is used: "the
        // country" after Italy is Italy, and "it" then prefers that subject
        // over a later object
        d.remember(
            3,
            vec![
                Mention {
                    code: "---".into(),
                    text: "The country".into(),
                    anaphor: Some(Anaphor::Description(String::new())),
                },
                mention("DEU", "Germany"),
            ],
        );
        let mut p = participant("---", Some(Anaphor::Pronoun("IT".into())));
        d.resolve_one(&mut p, &mention("ESP", "Spain"), 4, true);
        assert_eq!(p.code, "ITA");
        let empty = Discourse::new();
        let mut p = participant("---", Some(Anaphor::Agent));
        empty.resolve_one(&mut p, &mention("KAZ", ""), 3, true);
        assert_eq!((p.code.as_str(), p.inferred_from), ("---", None));
        // plain nulls are never touched
        let mut p = participant("---", None);
        d.resolve_one(&mut p, &mention("KAZ", ""), 3, true);
        assert_eq!(p.code, "---");
    }
}
