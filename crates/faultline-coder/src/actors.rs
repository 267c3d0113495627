//! Coding a noun-phrase unit: the first actor phrase found in it gives the
//! base code (chosen by the sentence date), and agent phrases elsewhere in
//! the unit are glued before or after it. A unit with no actor phrase but a
//! title followed by a surname the dictionary knows from a full name
//! ("President Ruto", "Chancellor Scholz") takes the state of that person
//! and the agent of the title (`KENGOV`).

use faultline_dict::{Date, Dictionaries, Origin, Placement};

/// The code of one noun-phrase unit and the dictionary lines behind it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct UnitCode {
    /// `None` when neither an actor nor an agent was found.
    pub code: Option<String>,
    pub actor: Option<Origin>,
    pub agents: Vec<Origin>,
}

/// Codes the upper-case `words` of a unit on `date`. In document mode
/// (`document`) a state named first yields to a later actor of that state
/// ("North Korean leader Kim Jong Un": `PRKGOV`, not `PRK`), and a
/// non-state armed group takes no armed agent ("RSF fighters": `SDNREB`).
pub(crate) fn code_unit(
    dicts: &Dictionaries,
    words: &[String],
    date: Date,
    document: bool,
) -> UnitCode {
    let mut out = UnitCode::default();
    let mut actor_span = (0, 0);
    let mut base: Option<String> = None;
    let mut k = 0;
    while k < words.len() {
        if let Some((p, n)) = dicts.actors.index.longest_at(&words[k..]) {
            let actor = &dicts.actors.actors[p.entry];
            let (code, origin) = match actor.code_on(date) {
                Some(c) => (c.code.clone(), c.origin.clone()),
                None => ("---".to_string(), p.origin.clone()),
            };
            let refines =
                |b: &str| b.len() == 3 && code.len() > 3 && code.starts_with(b) && code != "---";
            match &base {
                None => {}
                Some(b) if document && refines(b) => {}
                Some(_) => break,
            }
            base = Some(code);
            out.actor = Some(origin);
            actor_span = (k, k + n);
            if !document || base.as_deref().is_some_and(|b| b.len() > 3) {
                break;
            }
            k += n.max(1);
            continue;
        }
        k += 1;
    }
    let mut agents = Vec::new();
    let mut k = 0;
    while k < words.len() {
        if k >= actor_span.0 && k < actor_span.1 {
            k += 1;
            continue;
        }
        match dicts.agents.index.longest_at(&words[k..]) {
            Some((p, n)) => {
                agents.push((&dicts.agents.agents[p.entry], p.origin.clone()));
                k += n.max(1);
                // a title right before a known surname
                if base.is_none() {
                    if let Some((state, origin)) =
                        words.get(k).and_then(|w| surname_state(dicts, w, date))
                    {
                        base = Some(state);
                        out.actor = Some(origin);
                        actor_span = (k, k + 1);
                        k += 1;
                    }
                }
            }
            None => k += 1,
        }
    }
    if agents.is_empty() {
        out.code = base;
        return out;
    }
    let mut code = base.unwrap_or_else(|| "---".into());
    let armed_group = code.starts_with("IMG") || code.contains("REB") || code.contains("UAF");
    for (agent, origin) in agents {
        if document && armed_group && matches!(agent.code.as_str(), "UAF" | "MIL" | "REB") {
            continue;
        }
        let len = agent.code.len();
        // an agent code already present at a code boundary ends the gluing
        let present = (0..code.len().saturating_sub(len) + 1)
            .step_by(3)
            .any(|i| code.get(i..i + len) == Some(agent.code.as_str()));
        if present {
            break;
        }
        match agent.placement {
            Placement::Suffix => code.push_str(&agent.code),
            Placement::Prefix => code.insert_str(0, &agent.code),
        }
        out.agents.push(origin);
    }
    out.code = Some(code);
    out
}

/// The state of the person a surname names (`RUTO` → `KEN`), when every
/// entry whose name ends in it belongs to one state, with the line of the
/// first.
fn surname_state(dicts: &Dictionaries, word: &str, date: Date) -> Option<(String, Origin)> {
    let entries = dicts.actors.by_surname(word);
    let mut found: Option<(String, Origin)> = None;
    for &e in entries {
        let actor = &dicts.actors.actors[e];
        let code = actor.code_on(date).or_else(|| actor.codes.last())?;
        let state = code.code.get(..3)?;
        if !state.bytes().all(|b| b.is_ascii_uppercase())
            || ["IGO", "NGO", "NGM", "IMG", "MNC", "UAF"].contains(&state)
        {
            return None;
        }
        match &found {
            Some((s, _)) if s != state => return None,
            Some(_) => {}
            None => found = Some((state.to_string(), code.origin.clone())),
        }
    }
    found
}
