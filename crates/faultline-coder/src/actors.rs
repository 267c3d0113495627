//! Coding a noun-phrase unit: the first actor phrase found in it gives the
//! base code (chosen by the sentence date), and agent phrases elsewhere in
//! the unit are glued before or after it. A unit with no actor phrase but a
//! title followed by a surname the dictionary knows from a full name
//! ("President Ruto", "Chancellor Scholz") takes the state of that person
//! and the agent of the title (`KENGOV`). In document mode a unit with
//! neither may still name a place the built-in gazetteer knows
//! (`add_places`), which a place phrase makes a target.

use std::sync::{Arc, OnceLock};

use faultline_dict::{Date, Dictionaries, Origin, Placement};

use crate::linear::NeUnit;

/// The file a place's state is cited from.
pub(crate) const GAZETTEER: &str = "data/geo/gazetteer.tsv.gz";

fn gazetteer_name() -> &'static Arc<str> {
    static NAME: OnceLock<Arc<str>> = OnceLock::new();
    NAME.get_or_init(|| Arc::from(GAZETTEER))
}

/// Gives each unit that names no actor and no agent the state of the
/// first place the gazetteer finds in it ("full control of Avdiivka",
/// "the Zaporizhzhia region"), resolved with the states the sentence's
/// coded units name as context, when no place of another country comes
/// close ("Newport": Wales or Rhode Island, so neither). A one-word name the actor dictionary
/// knows as a person's surname is no place ("Kennedy's speech"). ISO codes
/// that CAMEO spells otherwise are mapped (Kosovo `XKX` → `KSV`), and a
/// place in the Gaza Strip is Gaza (`PSEGZA`), as the actor dictionary
/// codes it.
pub(crate) fn add_places(dicts: &Dictionaries, nes: &[NeUnit], codes: &mut [UnitCode]) {
    // most units have a code or no capitalised word past their first
    let candidate = |ne: &NeUnit| {
        ne.text
            .iter()
            .any(|w| w.chars().next().is_some_and(char::is_uppercase))
    };
    if !nes
        .iter()
        .zip(codes.iter())
        .any(|(ne, uc)| uc.code.is_none() && candidate(ne))
    {
        return;
    }
    let geo = faultline_geo::Gazetteer::builtin();
    let mut ctx = faultline_geo::Context::new();
    for uc in codes.iter() {
        if let Some(code) = &uc.code {
            ctx.add_actor_code(code);
        }
    }
    for (ne, uc) in nes.iter().zip(codes.iter_mut()) {
        if uc.code.is_some() || !candidate(ne) {
            continue;
        }
        let found = geo.find_places_with(ne.text.len(), |i| ne.text[i].as_str());
        let person = |m: &faultline_geo::PlaceMention<'_>| {
            m.end == m.start + 1
                && (is_calendar_word(&ne.up[m.start])
                    || !dicts.actors.by_surname(&ne.up[m.start]).is_empty())
        };
        let Some(m) = found.first().filter(|m| !person(m)) else {
            continue;
        };
        // "control of Avdiivka", "outskirts of northern Kherson", "the
        // Kherson region"
        let before = ne.up[..m.start]
            .iter()
            .rev()
            .find(|w| !is_direction(w))
            .is_some_and(|w| w == "OF" || is_locative(w));
        let marked = before || ne.up.get(m.end).is_some_and(|w| is_place_noun(w));
        let Some((loc, line)) = geo.resolve_clear(m, &ctx, 1.0) else {
            continue;
        };
        let state = match (loc.country.as_str(), loc.admin1.as_deref()) {
            ("XKX", _) => "KSV".to_string(),
            ("PSE", Some("Gaza Strip")) => "PSEGZA".to_string(),
            _ => loc.country,
        };
        uc.place = Some(PlaceCode {
            state,
            origin: Origin::new(gazetteer_name(), line),
            marked,
        });
    }
}

/// The code of one noun-phrase unit and the dictionary lines behind it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct UnitCode {
    /// `None` when neither an actor nor an agent was found.
    pub code: Option<String>,
    pub actor: Option<Origin>,
    pub agents: Vec<Origin>,
    /// Document mode, a unit without an actor or agent: the place it
    /// names ("the town of Avdiivka": `UKR`), from the gazetteer. Only a
    /// target in a place phrase uses it.
    pub place: Option<PlaceCode>,
}

/// The state of a place a unit names, the gazetteer line it comes from,
/// and whether the unit itself says it is a place ("control of
/// Avdiivka", "the Kherson region") rather than only the preposition
/// before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PlaceCode {
    pub state: String,
    pub origin: Origin,
    pub marked: bool,
}

/// Prepositions of place and direction: a place after one is where an
/// act went ("crossed into Gaza", "strikes on Kharkiv").
pub(crate) fn is_locative(w: &str) -> bool {
    matches!(
        w,
        "IN" | "INTO"
            | "AT"
            | "ON"
            | "ONTO"
            | "ACROSS"
            | "OVER"
            | "NEAR"
            | "AROUND"
            | "OUTSIDE"
            | "INSIDE"
            | "WITHIN"
            | "THROUGHOUT"
            | "TO"
            | "TOWARDS"
            | "TOWARD"
            | "FROM"
            | "THROUGH"
    )
}

/// Nouns after a place name that make it one ("the Zaporizhzhia region").
fn is_place_noun(w: &str) -> bool {
    matches!(
        w,
        "REGION"
            | "PROVINCE"
            | "OBLAST"
            | "STATE"
            | "DISTRICT"
            | "CITY"
            | "TOWN"
            | "VILLAGE"
            | "GOVERNORATE"
            | "COUNTY"
            | "AREA"
            | "VALLEY"
            | "BORDER"
            | "FRONT"
            | "PORT"
            | "AIRPORT"
            | "CAMP"
    )
}

/// Words between a preposition and a place name that leave it a place
/// phrase ("of northern Kherson", "into quake-hit northwest Syria").
fn is_direction(w: &str) -> bool {
    matches!(
        w,
        "THE"
            | "NORTHERN"
            | "SOUTHERN"
            | "EASTERN"
            | "WESTERN"
            | "CENTRAL"
            | "NORTH"
            | "SOUTH"
            | "EAST"
            | "WEST"
            | "NORTHEAST"
            | "NORTHWEST"
            | "SOUTHEAST"
            | "SOUTHWEST"
            | "NORTHEASTERN"
            | "NORTHWESTERN"
            | "SOUTHEASTERN"
            | "SOUTHWESTERN"
            | "UPPER"
            | "LOWER"
            | "GREATER"
    )
}

/// Month and day names, which some places share ("March", "Sunday").
fn is_calendar_word(w: &str) -> bool {
    matches!(
        w,
        "JANUARY"
            | "FEBRUARY"
            | "MARCH"
            | "APRIL"
            | "MAY"
            | "JUNE"
            | "JULY"
            | "AUGUST"
            | "SEPTEMBER"
            | "OCTOBER"
            | "NOVEMBER"
            | "DECEMBER"
            | "MONDAY"
            | "TUESDAY"
            | "WEDNESDAY"
            | "THURSDAY"
            | "FRIDAY"
            | "SATURDAY"
            | "SUNDAY"
    )
}

/// Codes the upper-case `words` of a unit on `date`. In document mode
/// (`document`) a state named first yields to a later actor of that state
/// ("North Korean leader Kim Jong Un": `PRKGOV`, not `PRK`), and a
/// non-state armed group takes no armed or government agent ("RSF
/// fighters", "a Hamas delegation": `SDNREB`, `PSEREBHMS`),
/// and a title before a person the dictionary gives a role replaces that
/// role ("Defence Secretary John Healey": `GBRGOVMIL`, not `GBRLEGGOVMIL`;
/// "opposition leader Raila Odinga": `KENOPP`): the title says what the
/// person is on the day, the dictionary's role may be out of date.
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
                // a phrase coded `[---]` names no actor ("National Security
                // Council", cancelled in faultline.actors.txt): an actor
                // after it gives the state ("... of Ukraine")
                Some(b) if document && b == "---" && code != "---" => {}
                Some(_) => break,
            }
            // the words of a phrase that names no actor stay open to the
            // agents ("Supreme Court justices": `---JUD`)
            actor_span = if code == "---" { (0, 0) } else { (k, k + n) };
            base = Some(code);
            out.actor = Some(origin);
            if !document || base.as_deref().is_some_and(|b| b.len() > 3) {
                break;
            }
            k += n.max(1);
            continue;
        }
        k += 1;
    }
    let mut agents = Vec::new();
    let mut titled = false;
    // past a preposition, once the head has an agent ("Tajik forces … of
    // shelling villages"): agents there are the object's
    let mut past_preposition = false;
    let mut k = 0;
    while k < words.len() {
        if k >= actor_span.0 && k < actor_span.1 {
            k += 1;
            continue;
        }
        if document && !agents.is_empty() && past_preposition {
            break;
        }
        past_preposition |= matches!(
            words[k].as_str(),
            "OF" | "IN" | "FROM" | "AT" | "ON" | "FOR" | "WITH"
        );
        match dicts.agents.index.longest_at(&words[k..]) {
            Some((p, n)) => {
                titled |= k < actor_span.0;
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
    if document && titled && code.len() > 3 && code.get(..3).is_some_and(is_state) {
        code.truncate(3);
    }
    let armed_group = code.starts_with("IMG") || code.contains("REB") || code.contains("UAF");
    let organisation = code.starts_with("IGO");
    for (agent, origin) in agents {
        if document && armed_group && matches!(agent.code.as_str(), "UAF" | "MIL" | "REB" | "GOV") {
            continue;
        }
        // "ASEAN's special envoy", "U.N. officials": the organisation
        if document && organisation && agent.code == "GOV" {
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
/// first. A word that begins an agent phrase is a role, not a surname:
/// "Foreign Ministry spokesman" and "Criminal Court" are not the
/// `WHITE_HOUSE_SPOKESMAN` or the `US_DISTRICT_COURT` of the actor files.
fn surname_state(dicts: &Dictionaries, word: &str, date: Date) -> Option<(String, Origin)> {
    if dicts.agents.index.has_first(word) || ROLE_NOUNS.contains(&word) {
        return None;
    }
    let entries = dicts.actors.by_surname(word);
    let mut found: Option<(String, Origin)> = None;
    for &e in entries {
        let actor = &dicts.actors.actors[e];
        let code = actor.code_on(date).or_else(|| actor.codes.last())?;
        let state = code.code.get(..3)?;
        if !is_state(state) {
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

/// Nouns of institutions that end actor names ("Supreme Court", "Foreign
/// Ministry") but begin no agent phrase of their own, and function words:
/// never surnames.
const ROLE_NOUNS: &[&str] = &[
    "COURT",
    "COURTS",
    "MINISTRY",
    "MINISTRIES",
    "DEPARTMENT",
    "OFFICE",
    "COUNCIL",
    "COMMITTEE",
    "COMMISSION",
    "AGENCY",
    "BUREAU",
    "SERVICE",
    "ASSEMBLY",
    "PARLIAMENT",
    "SENATE",
    "CONGRESS",
    "ARMY",
    "NAVY",
    "FORCE",
    "FORCES",
    "GUARD",
    "POLICE",
    "TRIBUNAL",
    "BOARD",
    "AUTHORITY",
    "COMMAND",
    "CORPS",
    "FACTION",
    "GROUP",
    "GROUPS",
    "BRIGADE",
    "BRIGADES",
    "FRONT",
    "MOVEMENT",
    "GUARDS",
    "HEADQUARTERS",
    "AFFAIRS",
    // function words end some names (MOON_JAE_IN, RONI_BAR_ON): "voters in
    // the capital" is not "voters" + Moon Jae-in
    "IN",
    "ON",
    "AN",
    "AT",
    "OF",
    "TO",
    "BY",
    "FOR",
    "FROM",
    "WITH",
    "AND",
    "OR",
    "THE",
    "A",
];

/// True for a three-letter state code (`KEN`), not a region or a
/// non-state prefix (`IGO`, `NGO`, `IMG`, `---`).
fn is_state(code: &str) -> bool {
    code.len() == 3
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && !["IGO", "NGO", "NGM", "IMG", "MNC", "UAF"].contains(&code)
}
