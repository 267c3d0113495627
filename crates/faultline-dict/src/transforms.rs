//! Verb transformations: how a governing verb, or an operator on a verb
//! phrase, combines with the act it governs.
//!
//! PETRARCH-2 writes them at the end of its verb file:
//!
//! ```text
//! ~ a (a b ATTACK) SAY = a b 015
//! ```
//!
//! "when A says that A attacked B, code A → B 015". The parenthesis is the
//! governed (lower) act: its source, its target and its verb; the word after
//! it is the governing (upper) verb; after `=` come the source, target and
//! code of the event that replaces both. Letters are actors (one letter,
//! one actor), `.` any actor or none, `_` no actor of the lower act's own
//! (an infinitive or gerund, whose subject is the upper verb's).
//!
//! faultline reads these lines as PETRARCH-2 does and extends them, so
//! that CAMEO's composition of intents, appeals, demands, refusals and
//! threats can be written as data:
//!
//! * **Codes for verbs.** Either act may be a CAMEO code instead of a verb.
//!   A code ending in `0` at three digits (`030`, `190`), or a two-digit
//!   root, stands for its whole root; another three-digit code for itself
//!   and its four-digit children (`085` covers `0851`); four digits for
//!   itself. A verb stands for that verb in any of its forms; `Q` for any act.
//! * **Auxiliaries.** `MUST_Q`, `WILL_ATTACK`: the lower verb must carry the
//!   auxiliary (`will`, `would`, `shall`, `must`, `should`, `may`, `might`,
//!   `can`, `could`); `TO_Q`: the lower verb is an infinitive ("told Israel
//!   to …").
//! * **Operators.** In place of the upper verb: `NOT` (the lower act is
//!   negated; document mode only), an auxiliary (`WILL`: the act is
//!   future), or `UNLESS` / `IF` (the act's clause holds a condition).
//!   Operators apply to an act before any verb governing it, in that order.
//! * **Frames.** A result code written `030(Q)` takes its code from the
//!   rules whose upper act is the code `030`, matched on the lower act's
//!   code alone: "intent to do Q". Those rules are the frame's table; a row
//!   of it (every actor `.`) also applies directly, to a verb coded exactly
//!   `030`, not to every 03x verb.
//! * `---` as the result code: the construction codes nothing.
//!
//! Among the rules that match, the one with the most specific upper act
//! wins (verb, then longer code, then `Q`), then the one naming more
//! auxiliaries, then more actor constraints, then the more specific lower
//! act; then the rule of the later file (a layer refines), then the one
//! written first.

use crate::{Diagnostic, Origin};

/// An actor slot of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A letter: one actor wherever the letter appears.
    Var(char),
    /// `.`: any actor, or none.
    Any,
    /// `_`: no actor of the lower act's own.
    Own,
}

/// An act of a rule: what the lower verb is, or what the upper verb is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActSpec {
    /// `Q`: any act.
    Any,
    /// A verb, upper case, words joined by `_` (`CALL_OFF`).
    Verb(String),
    /// A CAMEO code or root (see the module documentation).
    Code(String),
}

/// What governs the lower act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Governor {
    /// A governing verb (or code, or `Q`).
    Verb(ActSpec),
    /// `NOT`: the act is negated.
    Not,
    /// An auxiliary on the act (`WILL`, `MUST`, …).
    Aux(String),
    /// A clause opened by this word in the act's clause (`UNLESS`, `IF`).
    Clause(String),
}

/// The code a rule gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `Q`: the lower act's code.
    Lower,
    /// A CAMEO code.
    Code(String),
    /// `030(Q)`: the code the frame `030` gives the lower act.
    Frame(String),
    /// `---`: nothing is coded.
    Null,
}

/// One `~` line.
#[derive(Debug, Clone)]
pub struct Transform {
    /// The upper act's source.
    pub source: Slot,
    pub lower_source: Slot,
    pub lower_target: Slot,
    /// Auxiliaries the lower verb must carry (upper case).
    pub aux: Vec<String>,
    pub lower: ActSpec,
    pub upper: Governor,
    pub out_source: Slot,
    pub out_target: Slot,
    pub outcome: Outcome,
    pub origin: Origin,
    /// Load order of the file it came from.
    pub layer: u32,
}

/// Auxiliaries a rule may name.
pub const AUXILIARIES: &[&str] = &[
    "WILL", "WOULD", "SHALL", "MUST", "SHOULD", "MAY", "MIGHT", "CAN", "COULD", "TO",
];

/// Words that open a conditional clause.
pub const CONDITIONS: &[&str] = &["UNLESS", "IF"];

/// True when `code` (a CAMEO code, `031:032` read as `031`) falls under the
/// code or root `spec` (see the module documentation).
pub fn code_covers(spec: &str, code: &str) -> bool {
    let code = code.split(':').next().unwrap_or("");
    match spec.len() {
        2 => code.starts_with(spec),
        3 if spec.ends_with('0') => code.len() >= 3 && code.starts_with(&spec[..2]),
        _ => code.starts_with(spec),
    }
}

/// How specific a code or root is: 4 for four digits, 3 for a three-digit
/// code, 2 for a root.
fn code_rank(spec: &str) -> u32 {
    match spec.len() {
        0..=2 => 2,
        3 if spec.ends_with('0') => 2,
        3 => 3,
        _ => 4,
    }
}

fn is_code(s: &str) -> bool {
    (2..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

impl ActSpec {
    fn parse(s: &str) -> ActSpec {
        if s == "Q" {
            ActSpec::Any
        } else if is_code(s) {
            ActSpec::Code(s.to_string())
        } else {
            ActSpec::Verb(s.to_string())
        }
    }

    /// How specific: a verb 5, a code its rank, `Q` 0.
    pub fn rank(&self) -> u32 {
        match self {
            ActSpec::Any => 0,
            ActSpec::Verb(_) => 5,
            ActSpec::Code(c) => code_rank(c),
        }
    }

    /// True when the act of verb `lemma` coded `code` is this one.
    pub fn covers(&self, lemma: &str, code: &str) -> bool {
        match self {
            ActSpec::Any => true,
            ActSpec::Verb(v) => v == lemma,
            ActSpec::Code(c) => code_covers(c, code),
        }
    }
}

impl Transform {
    /// True for a row of a frame: every actor `.` and the upper act a code
    /// (`~ . (. . 085) 030 = . . 0354`).
    pub fn is_row(&self) -> bool {
        [
            self.source,
            self.lower_source,
            self.lower_target,
            self.out_source,
            self.out_target,
        ]
        .iter()
        .all(|s| *s == Slot::Any)
            && matches!(self.upper, Governor::Verb(ActSpec::Code(_)))
    }

    /// True when the upper verb `lemma` coded `code` is this rule's: a
    /// verb by name, a code by its family, but a frame's row only for a
    /// verb coded exactly with the frame's code (a row is a table entry,
    /// not a rule for every verb of the family).
    pub fn upper_covers(&self, lemma: &str, code: &str) -> bool {
        match &self.upper {
            Governor::Verb(ActSpec::Code(c)) if self.is_row() => {
                code.split(':').next() == Some(c.as_str())
            }
            Governor::Verb(spec) => spec.covers(lemma, code),
            _ => false,
        }
    }

    /// The order of preference among matching rules (see the module
    /// documentation); larger wins.
    pub fn rank(&self) -> (u32, u32, u32, u32, u32) {
        let upper = match &self.upper {
            Governor::Verb(a) => a.rank(),
            _ => 0,
        };
        let constraints = [self.lower_source, self.lower_target]
            .iter()
            .filter(|s| !matches!(s, Slot::Any))
            .count();
        (
            upper,
            self.aux.len() as u32,
            constraints as u32,
            self.lower.rank(),
            self.layer,
        )
    }
}

fn slot(s: &str) -> Result<Slot, String> {
    match s {
        "." => Ok(Slot::Any),
        "_" => Ok(Slot::Own),
        _ if s.len() == 1 && s.chars().all(|c| c.is_ascii_alphabetic()) => Ok(Slot::Var(
            s.chars().next().unwrap_or('a').to_ascii_lowercase(),
        )),
        _ => Err(format!("'{s}' is not an actor ('a', '.' or '_')")),
    }
}

/// Parses the body of a `~` line (without the `~`).
pub(crate) fn parse(body: &str, origin: Origin, layer: u32) -> Result<Transform, String> {
    let (left, right) = body
        .split_once('=')
        .ok_or_else(|| "transformation without '='".to_string())?;
    let open = left.find('(').ok_or("transformation without '('")?;
    let close = left.rfind(')').ok_or("transformation without ')'")?;
    if close < open {
        return Err("unbalanced parentheses in transformation".into());
    }
    let source = slot(left[..open].trim())?;
    let inner: Vec<&str> = left[open + 1..close].split_whitespace().collect();
    let [ls, lt, lower] = inner.as_slice() else {
        return Err("the parenthesis needs a source, a target and a verb".into());
    };
    let upper = left[close + 1..].trim().to_uppercase();
    if upper.is_empty() || upper.contains(char::is_whitespace) {
        return Err("transformation needs one upper verb after ')'".into());
    }
    let lower = lower.to_uppercase();
    let mut parts: Vec<&str> = lower.split('_').filter(|p| !p.is_empty()).collect();
    let mut aux = Vec::new();
    while parts.len() > 1 && AUXILIARIES.contains(&parts[0]) {
        aux.push(parts.remove(0).to_string());
    }
    let upper = if upper == "NOT" {
        Governor::Not
    } else if AUXILIARIES.contains(&upper.as_str()) {
        Governor::Aux(upper)
    } else if CONDITIONS.contains(&upper.as_str()) {
        Governor::Clause(upper)
    } else {
        Governor::Verb(ActSpec::parse(&upper))
    };
    let out: Vec<&str> = right.split_whitespace().collect();
    let [os, ot, code] = out.as_slice() else {
        return Err("the result needs a source, a target and a code".into());
    };
    let code = code.to_uppercase();
    let outcome = if code == "Q" {
        Outcome::Lower
    } else if code == "---" {
        Outcome::Null
    } else if let Some(frame) = code.strip_suffix("(Q)") {
        if !is_code(frame) {
            return Err(format!("'{code}' is not a frame such as 030(Q)"));
        }
        Outcome::Frame(frame.to_string())
    } else if code
        .split(':')
        .all(|c| c.is_empty() || c.bytes().all(|b| b.is_ascii_digit()))
    {
        Outcome::Code(code)
    } else {
        return Err(format!("'{code}' is not a code, Q, a frame or ---"));
    };
    Ok(Transform {
        source,
        lower_source: slot(ls)?,
        lower_target: slot(lt)?,
        aux,
        lower: ActSpec::parse(&parts.join("_")),
        upper,
        out_source: slot(os)?,
        out_target: slot(ot)?,
        outcome,
        origin,
        layer,
    })
}

/// The transformations of all verb files, with indexes for the coder.
#[derive(Debug, Clone, Default)]
pub struct Transforms {
    pub rules: Vec<Transform>,
}

impl Transforms {
    pub(crate) fn push(
        &mut self,
        body: &str,
        origin: Origin,
        layer: u32,
        diags: &mut Vec<Diagnostic>,
    ) {
        match parse(body, origin.clone(), layer) {
            Ok(t) => self.rules.push(t),
            Err(e) => diags.push(Diagnostic::new(origin, e)),
        }
    }

    /// True when some rule's upper act is verb `lemma` or covers `code`,
    /// so that it is worth looking for a lower act.
    pub fn governs(&self, lemma: &str, code: &str) -> bool {
        self.rules.iter().any(|r| r.upper_covers(lemma, code))
    }

    /// True when some rule names this operator.
    pub fn has_operator(&self, g: &Governor) -> bool {
        self.rules.iter().any(|r| &r.upper == g)
    }

    /// The code frame `frame` gives an act coded `code`: its most specific
    /// row (actors and auxiliaries aside), else the frame code itself.
    pub fn frame(&self, frame: &str, code: &str, depth: u32) -> Option<String> {
        let row = self
            .rules
            .iter()
            .filter(|r| matches!(&r.upper, Governor::Verb(ActSpec::Code(c)) if c == frame))
            .filter(|r| matches!(&r.lower, ActSpec::Code(_) | ActSpec::Any))
            .filter(|r| r.lower.covers("", code))
            .max_by_key(|r| (r.lower.rank(), r.layer, std::cmp::Reverse(r.origin.line)));
        match row.map(|r| &r.outcome) {
            None => Some(frame.to_string()),
            Some(Outcome::Code(c)) => Some(c.clone()),
            Some(Outcome::Lower) => Some(code.to_string()),
            Some(Outcome::Null) => None,
            Some(Outcome::Frame(f)) if depth < 4 && f != frame => self.frame(f, code, depth + 1),
            Some(Outcome::Frame(_)) => Some(frame.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn t(body: &str) -> Transform {
        let file: Arc<str> = "t.txt".into();
        parse(body, Origin::new(&file, 1), 1).unwrap()
    }

    #[test]
    fn petrarch_lines_and_extensions() {
        let r = t(" a (a b ATTACK) SAY = a b 015");
        assert_eq!(
            (r.source, r.lower_source, r.lower_target),
            (Slot::Var('a'), Slot::Var('a'), Slot::Var('b'))
        );
        assert_eq!(r.lower, ActSpec::Verb("ATTACK".into()));
        assert_eq!(r.upper, Governor::Verb(ActSpec::Verb("SAY".into())));
        assert_eq!(r.outcome, Outcome::Code("015".into()));
        let r = t(" a (b . MUST_Q) 010 = a b 100(Q)");
        assert_eq!(
            (r.aux.as_slice(), &r.lower),
            (&["MUST".to_string()][..], &ActSpec::Any)
        );
        assert_eq!(r.lower_target, Slot::Any);
        assert_eq!(r.upper, Governor::Verb(ActSpec::Code("010".into())));
        assert_eq!(r.outcome, Outcome::Frame("100".into()));
        assert_eq!(t(" a (a b 05) NOT = a b 120(Q)").upper, Governor::Not);
        assert_eq!(t(" a (a b 19) UNLESS = a b ---").outcome, Outcome::Null);
        assert_eq!(
            t(" a (a b CALL_OFF) WILL = a b Q").upper,
            Governor::Aux("WILL".into())
        );
        for bad in [
            " a (a b) SAY = a b 1",
            " a a b X SAY = a b 1",
            " a (a b X) SAY = a b XYZ",
            " a (a b X) = a b 1",
        ] {
            let file: Arc<str> = "t.txt".into();
            assert!(parse(bad, Origin::new(&file, 1), 1).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes_cover_their_family() {
        assert!(code_covers("030", "0354") && code_covers("030", "036"));
        assert!(code_covers("085", "0851") && !code_covers("085", "086"));
        assert!(code_covers("19", "195") && code_covers("190", "193:193"));
        assert!(code_covers("0354", "0354") && !code_covers("0354", "035"));
        assert!(!code_covers("030", "04"));
    }

    #[test]
    fn frames_take_their_most_specific_row() {
        let rows = Transforms {
            rules: vec![
                t(" . (. . 08) 030 = . . 035"),
                t(" . (. . 085) 030 = . . 0354"),
                t(" . (. . 19) 030 = . . 130(Q)"),
                t(" . (. . 19) 130 = . . 138"),
                t(" . (. . 01) 030 = . . ---"),
            ],
        };
        assert_eq!(rows.frame("030", "0851", 0).as_deref(), Some("0354"));
        assert_eq!(rows.frame("030", "087", 0).as_deref(), Some("035"));
        assert_eq!(rows.frame("030", "193", 0).as_deref(), Some("138"));
        assert_eq!(rows.frame("030", "064", 0).as_deref(), Some("030"));
        assert_eq!(rows.frame("030", "010", 0), None);
    }
}
