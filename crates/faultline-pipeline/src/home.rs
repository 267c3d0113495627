//! The state of a stateless agent: "the jury", "Rep. Cotten of
//! Weatherford", "the mayor" are coded `---JUD`, `---LEG`, `---GOV` by the
//! coder, which knows the role but not the state. A document tells it: a
//! place in the participant's own phrase ("of Weatherford", "the Atlanta
//! police") is its state; without one, the document's home state is: the
//! one country that more than two thirds of the votes of the document's places
//! (two each) and coded actors (one each) go to, with at least two votes,
//! so that a single foreign actor named does not make a home. Only civic
//! roles take it (officials, legislatures, courts, police, parties, unions,
//! schools): soldiers, rebels, gunmen, businesses, civilians and criminals
//! in a story may well be foreign ("arms makers may still sell weapons to
//! Ukraine" in a story about Slovakia).

use faultline_coder::{Event, Participant};

/// Roles of a stateless agent that take the document's state.
const CIVIC: &[&str] = &[
    "GOV", "LEG", "JUD", "COP", "EDU", "LAB", "PTY", "REL", "HLH", "MED", "ELI", "OPP", "AGR",
    "ENV",
];

/// What one sentence says about where the document is.
#[derive(Debug, Clone, Default)]
pub struct SentencePlaces {
    /// Each place named, as written, with its country (ISO alpha-3).
    pub places: Vec<(String, String)>,
    /// The states of the actors the sentence names (`RUSGOV` → `RUS`).
    pub states: Vec<String>,
}

/// The state part of an actor code, if it has one.
fn state(code: &str) -> Option<&str> {
    let c = code.get(..3)?;
    let non_state = ["IGO", "NGO", "NGM", "IMG", "MNC", "UAF", "---"];
    (c.bytes().all(|b| b.is_ascii_uppercase()) && !non_state.contains(&c)).then_some(c)
}

impl SentencePlaces {
    /// The places of one sentence (`(text, country)`) and the codes of the
    /// actors it names.
    pub fn new<'a>(
        places: Vec<(String, String)>,
        codes: impl IntoIterator<Item = &'a str>,
    ) -> SentencePlaces {
        let states = codes
            .into_iter()
            .filter_map(state)
            .map(str::to_string)
            .collect();
        SentencePlaces { places, states }
    }
}

/// The document's home state and the first sentence naming it: the
/// country more than two thirds of the votes of the places (two each) and actor
/// states (one each) of `sentences` (in document order) go to, with at
/// least two votes.
pub fn home_state(sentences: &[SentencePlaces]) -> Option<(String, usize)> {
    let mut votes: Vec<(&str, usize, usize)> = Vec::new();
    let mut total = 0;
    for (k, s) in sentences.iter().enumerate() {
        let places = s.places.iter().map(|(_, c)| (c.as_str(), 2));
        for (c, n) in places.chain(s.states.iter().map(|c| (c.as_str(), 1))) {
            total += n;
            match votes.iter_mut().find(|v| v.0 == c) {
                Some(v) => v.1 += n,
                None => votes.push((c, n, k)),
            }
        }
    }
    let best = votes.iter().max_by_key(|v| (v.1, std::cmp::Reverse(v.2)))?;
    (best.1 >= 2 && best.1 * 3 > total * 2).then(|| (best.0.to_string(), best.2))
}

/// Gives each stateless civic agent among the participants of `events`
/// (sentence `index`, whose places are `here`) a state: a place named in
/// its own phrase, else `home` (the document's state and the sentence that
/// first named it).
pub fn localize(
    events: &mut [Event],
    index: usize,
    here: &SentencePlaces,
    home: Option<&(String, usize)>,
) {
    for e in events {
        localize_one(&mut e.source, index, here, home);
        localize_one(&mut e.target, index, here, home);
    }
}

fn localize_one(
    p: &mut Participant,
    index: usize,
    here: &SentencePlaces,
    home: Option<&(String, usize)>,
) {
    let Some(agent) = p.code.strip_prefix("---") else {
        return;
    };
    if !agent.get(..3).is_some_and(|a| CIVIC.contains(&a)) {
        return;
    }
    let own = here
        .places
        .iter()
        .find(|(text, _)| !text.is_empty() && p.text.contains(text.as_str()))
        .map(|(_, c)| (c.as_str(), index));
    let Some((state, from)) = own.or(home.map(|(c, k)| (c.as_str(), *k))) else {
        return;
    };
    p.code = format!("{state}{agent}");
    p.unresolved = None;
    if from != index || p.inferred_from.is_none() {
        p.inferred_from = Some(from);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(list: &[(&str, &str)], codes: &[&str]) -> SentencePlaces {
        let places = list
            .iter()
            .map(|(t, c)| (t.to_string(), c.to_string()))
            .collect();
        SentencePlaces::new(places, codes.iter().copied())
    }

    fn participant(code: &str, text: &str) -> Participant {
        Participant {
            code: code.into(),
            text: text.into(),
            actor: None,
            agents: Vec::new(),
            unresolved: None,
            inferred_from: None,
        }
    }

    #[test]
    fn home_state_needs_a_majority() {
        let doc = [
            places(&[("Atlanta", "USA")], &[]),
            places(&[("Texas", "USA"), ("Paris", "FRA")], &["USAGOV"]),
        ];
        // a story between two states has no home
        let two = [places(
            &[("Ukraine", "UKR"), ("Slovakia", "SVK")],
            &["UKRGOV"],
        )];
        assert_eq!(home_state(&two), None);
        assert_eq!(home_state(&doc), Some(("USA".into(), 0)));
        let split = [places(&[("Texas", "USA")], &["RUSGOV", "RUS"])];
        assert_eq!(home_state(&split), None);
        // one actor named is no home; a place is
        assert_eq!(home_state(&[places(&[], &["RUSGOV"])]), None);
        let place = [places(&[("Texas", "USA"), ("Dallas", "USA")], &["RUSGOV"])];
        assert_eq!(home_state(&place), Some(("USA".into(), 0)));
        assert_eq!(home_state(&[]), None);
        // IGOs and unknown actors cast no vote
        let igo = [places(&[("Kenya", "KEN")], &["IGOUNO", "---GOV"])];
        assert_eq!(home_state(&igo), Some(("KEN".into(), 0)));
    }

    #[test]
    fn own_place_then_home_state_for_civic_agents_only() {
        let here = places(&[("Weatherford", "USA"), ("Lyon", "FRA")], &[]);
        let home = ("GBR".to_string(), 0);
        let mut p = participant("---LEG", "Rep. James Cotten of Weatherford");
        localize_one(&mut p, 3, &here, Some(&home));
        assert_eq!((p.code.as_str(), p.inferred_from), ("USALEG", Some(3)));
        let mut p = participant("---JUD", "The jury");
        localize_one(&mut p, 3, &here, Some(&home));
        assert_eq!((p.code.as_str(), p.inferred_from), ("GBRJUD", Some(0)));
        // armed agents, known states and unknown actors stay as they are
        for code in [
            "---MIL", "---UAF", "---REB", "---CVL", "---BUS", "KENGOV", "---",
        ] {
            let mut p = participant(code, "the troops");
            localize_one(&mut p, 3, &here, Some(&home));
            assert_eq!(p.code, code);
        }
        let mut p = participant("---COP", "police");
        localize_one(&mut p, 3, &here, None);
        assert_eq!(p.code, "---COP");
    }
}
