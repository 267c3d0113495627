//! Verb phrases as acts, and how acts combine.
//!
//! A verb phrase is first read as an [`Act`]: its code (from the verb's
//! best pattern or its own code) and the units of its source and target.
//! The verb transformations of the dictionary (`~` lines, see
//! `faultline_dict::transforms`) then rewrite it, innermost first:
//!
//! 1. operators on the act itself: a negation (`NOT`, document mode only:
//!    a negated act with no rule codes nothing), an auxiliary (`WILL`), a
//!    conditional clause (`UNLESS`, `IF`);
//! 2. the verb governing it: when a rule names the verb or its code, the
//!    first verb phrase of its complement ("agreed **to lift** …", "said
//!    Moscow **must withdraw** …", "denied **attacking** …") is read as the
//!    lower act (recursively, with its own operators) and the best rule
//!    gives the one event that replaces both.
//!
//! Without a rule an act is coded as PETRARCH codes it, and the phrases it
//! governs are not coded apart, as before.

use faultline_dict::{Governor, Outcome, Slot, Transform, VerbForm};

use crate::linear::Item;
use crate::matcher::{Bind, Tok, Unit};
use crate::{
    agentless_passive, find_source, negation, passive_verb, place_state, ranked_target,
    strip_words, Anaphor, Coder, Event, Participant, Prepared, VerbEvidence, Voice,
};

/// A coded verb phrase before it becomes events.
#[derive(Debug, Clone)]
pub(crate) struct Act {
    /// CAMEO code; `---` for a verb that codes nothing unless a rule
    /// combines it.
    pub code: String,
    pub evidence: VerbEvidence,
    /// The verb as written in its block, `+` removed (`CALL_OFF`).
    pub lemma: String,
    pub source: Option<Unit>,
    pub target: Option<Unit>,
    /// "X was blocked": the source is a missing agent.
    pub agentless: bool,
    /// The verb phrase is swapped ("X was attacked by Y").
    pub passive: bool,
    /// Extent of the verb phrase: its head verb and the item after its end.
    pub verb_at: usize,
    pub end: usize,
    pub negated: bool,
    /// Negated by "not yet": the act has not happened so far.
    pub not_yet: bool,
    /// How [`crate::ranked_target`] ranked the target (0 for a coded
    /// argument, or when a pattern bound it).
    pub target_rank: u8,
    /// The auxiliary before the verb (`WILL`, `MUST`, or `TO` for an
    /// infinitive), upper case.
    pub aux: Option<String>,
    /// A conditional clause in the phrase (`UNLESS`, `IF`).
    pub condition: Option<String>,
    /// The source was named by a state's military weapon in an attack
    /// phrase ("in a Ukrainian drone strike"): its armed forces.
    pub armed: bool,
}

/// A verb phrase to read as an act: where it opens, its main verb, where
/// it ends, its voice, and whether it is negated.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Phrase {
    pub vp: usize,
    pub verb_at: usize,
    pub end: usize,
    pub voice: Voice,
    /// Negated: `Some(true)` for "not yet".
    pub negation: Option<bool>,
}

/// What became of a verb phrase.
pub(crate) enum Coding {
    /// An act to turn into events.
    Emit(Box<Act>),
    /// The verb took a code (or a rule said so) but nothing is coded.
    Silent,
    /// The verb codes nothing: the phrases it governs are coded apart.
    Pass,
}

/// Personal pronouns that, as the subject of a governed clause, stand for
/// the governing verb's subject ("Kazakhstan said it would …").
fn is_pronoun(words: &[String]) -> bool {
    matches!(words, [w] if matches!(w.as_str(), "IT" | "HE" | "SHE" | "THEY" | "WE"))
}

/// The auxiliary (`MD`) standing before the verb phrase opening at `vp`,
/// over negations and brackets: "will", "would not", "must"; `WILL` for an
/// infinitive after an adjective of readiness ("was willing to meet",
/// "ready to pull back"); `TO` for another infinitive ("told Israel to
/// send").
fn auxiliary(prep: &Prepared, vp: usize) -> Option<String> {
    let mut i = vp;
    let mut infinitive = false;
    while i > 0 {
        i -= 1;
        match &prep.lin.items[i] {
            Item::Open(l) if *l == "VP" || (infinitive && matches!(*l, "S" | "ADJP")) => {}
            Item::Word { tag, up, .. } if *tag == "MD" => return Some(up.clone()),
            Item::Word { tag, .. } if *tag == "RB" => {}
            Item::Word { tag, .. } if *tag == "TO" => infinitive = true,
            Item::Word { up, .. }
                if infinitive
                    && matches!(
                        up.as_str(),
                        "WILLING" | "READY" | "PREPARED" | "DETERMINED" | "EAGER"
                    ) =>
            {
                return Some("WILL".to_string());
            }
            _ => break,
        }
    }
    infinitive.then(|| "TO".to_string())
}

/// A conditional clause ("unless …", "if …") inside `from..to`.
fn condition(prep: &Prepared, from: usize, to: usize) -> Option<String> {
    let items = &prep.lin.items;
    (from..to.min(items.len())).find_map(|i| match (&items[i], items.get(i + 1)) {
        (Item::Open(l), Some(Item::Word { up, .. }))
            if *l == "SBAR" && faultline_dict::transforms::CONDITIONS.contains(&up.as_str()) =>
        {
            Some(up.clone())
        }
        _ => None,
    })
}

/// Variables bound while matching a rule.
#[derive(Debug, Clone, Copy, Default)]
struct Vars {
    slots: [(char, Option<Unit>); 4],
    n: usize,
}

impl Vars {
    fn get(&self, c: char) -> Option<Option<Unit>> {
        self.slots[..self.n]
            .iter()
            .find(|(v, _)| *v == c)
            .map(|&(_, u)| u)
    }

    fn set(&mut self, c: char, u: Option<Unit>) {
        if self.n < self.slots.len() {
            self.slots[self.n] = (c, u);
            self.n += 1;
        }
    }
}

impl Coder<'_> {
    /// How the verb phrase opening at `vp` relates its subject to the act:
    /// the item of its main verb and the voice. A participle heading a
    /// phrase that modifies a noun ("ten soldiers killed in …", "the convoy
    /// attacked by rebels") is passive too.
    pub(crate) fn voice_of(&self, prep: &Prepared, vp: usize, end: usize) -> (usize, Voice) {
        let lin = &prep.lin;
        if let Some(v) = passive_verb(lin, vp, end) {
            return (v, Voice::Passive);
        }
        if let Some(v) = agentless_passive(lin, vp, end) {
            if self.config.discourse {
                return (v, Voice::Agentless);
            }
        }
        if crate::reduced_relative(lin, vp) {
            if crate::has_agent_phrase(lin, vp + 1, end) {
                return (vp + 1, Voice::Passive);
            }
            if self.config.discourse {
                return (vp + 1, Voice::Agentless);
            }
        }
        (vp + 1, Voice::Active)
    }

    /// Reads a verb phrase as an act, or `None` when its verb is not in the
    /// dictionary, a null pattern matches, or it has no code and no rule
    /// names it. `floor` bounds the words before the verb that are read.
    pub(crate) fn analyse(&self, prep: &Prepared, phrase: Phrase, floor: usize) -> Option<Act> {
        let Phrase {
            vp,
            verb_at,
            end,
            voice,
            negation,
        } = phrase;
        let Item::Word { up, text, node, .. } = &prep.lin.items[verb_at] else {
            return None;
        };
        let forms = self.dicts.verbs.forms(up);
        if forms.is_empty() {
            return None;
        }
        let lower_all = prep.lower(verb_at + 1, end, self.config.discourse);
        let upper_all = prep.upper(verb_at, floor);
        let fit = |f: &VerbForm| -> Option<(Vec<Tok<'_>>, Vec<Tok<'_>>)> {
            Some((
                strip_words(&upper_all, &f.before)?,
                strip_words(&lower_all, &f.after)?,
            ))
        };
        let (form, (upper, lower)) = forms.iter().find_map(|f| fit(f).map(|x| (f, x)))?;
        let (upper, lower) = (upper.as_slice(), lower.as_slice());
        let family = &self.dicts.verbs.families[form.family];
        let lemma = family
            .verbs
            .get(form.verb as usize)
            .cloned()
            .unwrap_or_default();
        let best = self.best_pattern(family, form.verb, upper, lower);
        // a `%` pattern that says nothing of what follows the verb
        let bare_compound = best
            .is_some_and(|(p, b)| p.lower.is_empty() && b.source.is_some() && b.source == b.target);
        let (code, pattern, bind) = match best {
            Some((p, _)) if p.code == "---" => return None,
            Some((p, b)) => (p.code.clone(), Some(p.origin.clone()), b),
            None => {
                let code = form.code.clone().unwrap_or_else(|| family.code.clone());
                if code == "---" && !self.dicts.verbs.transforms.governs(&lemma, &code) {
                    return None;
                }
                (code, None, Bind::default())
            }
        };
        let evidence = VerbEvidence {
            text: text.to_string(),
            lemma: form.lemma.clone(),
            family: family.name.clone(),
            verb: form.origin.clone(),
            pattern,
            node: *node,
            transform: None,
            combined: None,
        };
        let mut act = Act {
            code,
            evidence,
            lemma,
            source: None,
            target: None,
            agentless: false,
            passive: voice == Voice::Passive,
            verb_at,
            end,
            negated: negation.is_some(),
            not_yet: negation == Some(true),
            target_rank: 0,
            aux: auxiliary(prep, vp),
            condition: condition(prep, verb_at + 1, end),
            armed: false,
        };
        // "X was blocked": X is what was acted on; who acted is unsaid
        if voice == Voice::Agentless && bind == Bind::default() {
            act.target = find_source(prep, upper, None);
            // "were killed in a Ukrainian drone strike": the attack phrase
            // names who acted
            match crate::attack_agent(prep, verb_at + 1, end) {
                Some((agent, weapon)) if self.config.discourse => {
                    act.source = Some(agent);
                    act.passive = true;
                    act.armed = weapon;
                }
                _ => act.agentless = true,
            }
            return Some(act);
        }
        // a symmetric act or a protest has a venue, not a target, in a
        // place phrase ("held talks in Brussels", "marched through Belgrade")
        let venue = act.code.contains(':') || act.code.starts_with("14");
        let mut target = bind.target;
        if target.is_none() {
            if let Some((u, rank)) = ranked_target(prep, lower, self.config.discourse, venue) {
                target = Some(u);
                act.target_rank = rank;
            }
        }
        // a bare `% *` makes a compound subject meet itself only when the
        // verb has no participant of its own ("A, B and C met" but "A and
        // B met C")
        if bare_compound && self.config.discourse {
            if let Some((t, rank)) = ranked_target(prep, lower, true, false) {
                if rank <= 2 {
                    target = Some(t);
                    act.target_rank = rank;
                }
            }
        }
        // a place ("declared a state of emergency in Lima") does not keep
        // its own state from being the subject
        let place = matches!(act.target_rank, 2 | 5);
        let source = bind
            .source
            .or_else(|| find_source(prep, upper, target.filter(|_| !place)));
        // stored by role: "X was attacked by Y" has Y as its source
        if act.passive {
            (act.source, act.target) = (target, source);
        } else {
            (act.source, act.target) = (source, target);
        }
        Some(act)
    }

    /// Applies the operators of `act` and the rules of the verb governing
    /// a lower act, innermost first (module documentation).
    pub(crate) fn compose(&self, prep: &Prepared, act: Act, depth: u32) -> Coding {
        let rules = &self.dicts.verbs.transforms;
        let mut act = act;
        if act.negated && self.config.discourse {
            // "has not yet approved": nothing has happened so far
            if act.not_yet {
                return Coding::Silent;
            }
            match self.best_rule(prep, &Governor::Not, &act, &act) {
                Some((rule, vars)) => match self.apply(rule, vars, &act, &act) {
                    Some(a) => act = a,
                    None => return Coding::Silent,
                },
                None => return Coding::Silent,
            }
        }
        for op in [
            act.aux.clone().map(Governor::Aux),
            act.condition.clone().map(Governor::Clause),
        ]
        .into_iter()
        .flatten()
        {
            if !rules.has_operator(&op) {
                continue;
            }
            if let Some((rule, vars)) = self.best_rule(prep, &op, &act, &act) {
                match self.apply(rule, vars, &act, &act) {
                    Some(a) => act = a,
                    None => return Coding::Silent,
                }
            }
        }
        if depth < 4 && rules.governs(&act.lemma, &act.code) {
            if let Some(lower) = self.lower_act(prep, &act, depth) {
                let upper_rule = |r: &Transform| r.upper_covers(&act.lemma, &act.code);
                if let Some((rule, vars)) = self.best_rule_by(prep, upper_rule, &act, &lower) {
                    match self.apply(rule, vars, &act, &lower) {
                        // a reported act between parties no dictionary
                        // knows ("said Baku was trying to damage
                        // relations") leaves the statement itself
                        Some(a)
                            if matches!(rule.outcome, Outcome::Lower)
                                && !(known(prep, a.source) && known(prep, a.target)) => {}
                        Some(a) => return Coding::Emit(Box::new(a)),
                        None => return Coding::Silent,
                    }
                }
            }
        }
        if act.code == "---" {
            return Coding::Pass;
        }
        Coding::Emit(Box::new(act))
    }

    /// The act of the first verb phrase of `upper`'s complement (not one
    /// inside a noun phrase), with its own operators and governed acts
    /// applied. In sentence mode a negated lower act stops composition.
    fn lower_act(&self, prep: &Prepared, upper: &Act, depth: u32) -> Option<Act> {
        let items = &prep.lin.items;
        let mut stack: Vec<&str> = Vec::new();
        let mut negated_until = 0;
        let mut negated_kind = None;
        let mut j = upper.verb_at + 1;
        // the end of the search: the governing verb's phrase, or the phrase
        // of a verb looked through ("was willing to meet": only inside it)
        let mut limit = upper.end.min(items.len());
        let mut looked_through = false;
        while j < limit {
            match &items[j] {
                // an adjunct or relative clause ("since Moscow launched …",
                // "which Moscow planned …") is not what the verb governs
                Item::Open(l)
                    if matches!(*l, "SBAR" | "PP" | "SBR")
                        && starts_adjunct(&items[j + 1..upper.end.min(items.len())]) =>
                {
                    j = prep.lin.close_of(j).unwrap_or(j);
                }
                // a participle right after a noun modifies it ("complied
                // with the restrictions imposed on Russia"): not governed
                Item::Open(l)
                    if *l == "VP"
                        && matches!(items.get(j + 1), Some(Item::Word { tag, .. }) if *tag == "VBN")
                        && matches!(
                            items[j - 1],
                            Item::Ne(_) | Item::NecClose(_) | Item::Close("NP" | "PP")
                        ) =>
                {
                    j = prep.lin.close_of(j).unwrap_or(j);
                }
                Item::Open(l) => {
                    let heads = *l == "VP"
                        && matches!(items.get(j + 1), Some(Item::Word { tag, .. }) if tag.starts_with("VB"));
                    if heads && !stack.contains(&"NP") {
                        let end = prep.lin.close_of(j).unwrap_or(items.len());
                        let neg = if j < negated_until {
                            negated_kind
                        } else {
                            negation(&prep.lin, j)
                        };
                        if neg.is_some() && j >= negated_until {
                            negated_until = end;
                            negated_kind = neg;
                        }
                        let (verb_at, voice) = self.voice_of(prep, j, end);
                        let phrase = Phrase {
                            vp: j,
                            verb_at,
                            end,
                            voice,
                            negation: neg,
                        };
                        // the lower act's own subject stands in its clause
                        // ("said in St Petersburg that his country …"), else
                        // after the upper verb ("called on Serbia to
                        // release …"); without one, the upper's subject is
                        // its subject
                        let floor = crate::clause_start(&prep.lin, j)
                            .filter(|&c| c > upper.verb_at)
                            .filter(|&c| {
                                items[c + 1..j]
                                    .iter()
                                    .any(|it| matches!(it, Item::Ne(_) | Item::NecOpen(_)))
                            })
                            .unwrap_or(upper.verb_at + 1);
                        if let Some(mut act) = self.analyse(prep, phrase, floor) {
                            if neg.is_some() && !self.config.discourse {
                                return None;
                            }
                            // "agreed on Wednesday to withdraw": a day is
                            // nobody's subject
                            let timely = matches!(act.source, Some(Unit::Ne(id)) if crate::is_time_unit(&prep.lin.nes[id].up));
                            if (act.source.is_none() || timely) && !act.agentless {
                                act.source = upper.source;
                            }
                            // an infinitive under a verb looked through
                            // ("was trying to damage") is no directive
                            if looked_through && act.aux.as_deref() == Some("TO") {
                                act.aux = None;
                            }
                            return match self.compose(prep, act, depth + 1) {
                                Coding::Emit(a) => Some(*a),
                                Coding::Silent | Coding::Pass => None,
                            };
                        }
                        // an auxiliary or a verb the dictionary does not
                        // know ("was ready to", "did not") is looked
                        // through; a known verb that codes nothing ends
                        // the search ("refused to accept the order, which
                        // Moscow planned …")
                        let known = matches!(&items[verb_at], Item::Word { up, .. }
                            if self.dicts.verbs.forms(up).iter().any(|f| f.before.is_empty() && f.after.is_empty()));
                        if known {
                            return None;
                        }
                        looked_through = true;
                        limit = limit.min(end);
                    }
                    stack.push(l);
                }
                Item::Close(_) => {
                    stack.pop();
                }
                _ => {}
            }
            j += 1;
        }
        None
    }

    fn best_rule<'r>(
        &'r self,
        prep: &Prepared,
        op: &Governor,
        upper: &Act,
        lower: &Act,
    ) -> Option<(&'r Transform, Vars)> {
        self.best_rule_by(prep, |r| &r.upper == op, upper, lower)
    }

    /// The best rule (by [`Transform::rank`], the first written among
    /// equals) whose governor passes `governs` and that matches the acts.
    fn best_rule_by<'r>(
        &'r self,
        prep: &Prepared,
        governs: impl Fn(&Transform) -> bool,
        upper: &Act,
        lower: &Act,
    ) -> Option<(&'r Transform, Vars)> {
        let mut best: Option<(&Transform, Vars)> = None;
        for rule in self.dicts.verbs.transforms.governed_by(governs) {
            if !rule.lower.covers(&lower.lemma, &lower.code) {
                continue;
            }
            if !rule
                .aux
                .iter()
                .all(|a| lower.aux.as_deref() == Some(a.as_str()))
            {
                continue;
            }
            if best.is_some_and(|(b, _)| b.rank() >= rule.rank()) {
                continue;
            }
            if let Some(vars) = self.bind_slots(prep, rule, upper, lower) {
                best = Some((rule, vars));
            }
        }
        best
    }

    /// True when units `a` and `b` are one actor: the same unit, units with
    /// one actor code, or a state and one of its institutions ("President
    /// Tokayev said Kazakhstan would …": `KAZGOV` and `KAZ`).
    fn same_actor(prep: &Prepared, a: Option<Unit>, b: Option<Unit>) -> bool {
        let (Some(a), Some(b)) = (a, b) else {
            return false;
        };
        if a == b {
            return true;
        }
        let (Some(x), Some(y)) = (prep.unit_code(a), prep.unit_code(b)) else {
            return false;
        };
        if x.starts_with("---") || y.starts_with("---") {
            return false;
        }
        let state = |c: &str| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase());
        x == y || (state(x) && y.starts_with(x)) || (state(y) && x.starts_with(y))
    }

    /// Binds the rule's actor slots to the acts' units, or `None` when
    /// they do not fit (module documentation of `faultline_dict::transforms`).
    fn bind_slots(
        &self,
        prep: &Prepared,
        rule: &Transform,
        upper: &Act,
        lower: &Act,
    ) -> Option<Vars> {
        let mut vars = Vars::default();
        if let Slot::Var(c) = rule.source {
            vars.set(c, upper.source);
        }
        // the lower act's subject is the upper's: none, the same unit, or a
        // pronoun standing for it
        // ("said his country would …": a possessive subject is the
        // speaker's own)
        let own_subject = lower.agentless
            || !(lower.source.is_none()
                || Self::same_actor(prep, lower.source, upper.source)
                || matches!(lower.source, Some(Unit::Ne(id)) if is_pronoun(&prep.lin.nes[id].up))
                || lower.source.is_some_and(|u| possessive(prep, u)));
        match rule.lower_source {
            Slot::Any => {}
            Slot::Own => {
                if own_subject {
                    return None;
                }
            }
            // the upper's letter: the lower act has no subject of its own;
            // a new letter: it has one
            Slot::Var(c) => match vars.get(c) {
                Some(_) => {
                    if own_subject {
                        return None;
                    }
                }
                None => {
                    if !own_subject || lower.source.is_none() {
                        return None;
                    }
                    vars.set(c, lower.source);
                }
            },
        }
        match rule.lower_target {
            Slot::Any | Slot::Own => {}
            Slot::Var(c) => match vars.get(c) {
                Some(bound) => {
                    if !Self::same_actor(prep, lower.target, bound) {
                        return None;
                    }
                }
                None => {
                    lower.target?;
                    vars.set(c, lower.target);
                }
            },
        }
        Some(vars)
    }

    /// The act a matched rule makes of `upper` governing `lower` (for an
    /// operator both are the act itself); `None` for a null outcome.
    fn apply(&self, rule: &Transform, vars: Vars, upper: &Act, lower: &Act) -> Option<Act> {
        let rules = &self.dicts.verbs.transforms;
        let code = match &rule.outcome {
            Outcome::Null => return None,
            Outcome::Lower => lower.code.clone(),
            Outcome::Code(c) => c.clone(),
            Outcome::Frame(f) => rules.frame(f, &lower.code, 0)?,
        };
        if code == "---" {
            return None;
        }
        // a reported act keeps its own verb (and date); anything else is
        // the governing verb's act
        let reported = matches!(rule.outcome, Outcome::Lower) && !std::ptr::eq(upper, lower);
        let (base, other) = if reported {
            (lower, upper)
        } else {
            (upper, lower)
        };
        let mut out = base.clone();
        out.code = code;
        let pick = |slot: Slot, default: Option<Unit>| match slot {
            Slot::Var(c) => vars.get(c).flatten().or(default),
            Slot::Any | Slot::Own => default,
        };
        let default_target = lower
            .target
            .or(lower
                .source
                .filter(|_| !std::ptr::eq(upper, lower))
                .filter(|s| Some(*s) != upper.source))
            .or(upper.target);
        out.source = pick(rule.out_source, upper.source);
        out.target = pick(rule.out_target, default_target);
        out.target_rank = if out.target.is_some() && out.target == lower.target {
            lower.target_rank
        } else if out.target.is_some() && out.target == upper.target {
            upper.target_rank
        } else {
            0
        };
        out.agentless = out.source.is_none() && (upper.agentless || lower.agentless);
        out.passive = false;
        if out.source == base.source && out.target == base.target {
            out.passive = base.passive;
        }
        out.evidence.transform = Some(rule.origin.clone());
        if !std::ptr::eq(upper, lower) {
            out.evidence.combined = Some(Box::new(other.evidence.clone()));
        }
        Some(out)
    }

    /// Turns an act into events: every source against every target.
    pub(crate) fn emit(&self, prep: &Prepared, act: &Act, events: &mut Vec<Event>) {
        if act.agentless {
            if let Some(target) = act.target {
                let agent = Participant {
                    code: "---".into(),
                    text: String::new(),
                    actor: None,
                    agents: Vec::new(),
                    unresolved: Some(Anaphor::Agent),
                    inferred_from: None,
                };
                let targets = self.participants(prep, target, false);
                self.push_events(
                    vec![agent],
                    targets,
                    &act.code,
                    false,
                    &act.evidence,
                    events,
                );
            }
            return;
        }
        let Some(source) = act.source else {
            return;
        };
        let mut srcs = self.participants(prep, source, false);
        if act.armed {
            for s in srcs.iter_mut().filter(|s| s.code.len() == 3) {
                if state_of(&s.code).is_some() {
                    s.code.push_str("MIL");
                }
            }
        }
        let mut tgts = match act.target {
            Some(target) => self.participants(prep, target, matches!(act.target_rank, 2 | 5)),
            None => Vec::new(),
        };
        if self.config.discourse && !domestic(&act.code) {
            // a place of the actor's own state is no target ("Ukrainian
            // troops pulled out of Avdiivka")
            let src_state = srcs.first().and_then(|s| state_of(&s.code));
            tgts.retain(|t| {
                let place = t
                    .actor
                    .as_ref()
                    .is_some_and(|o| &*o.file == crate::actors::GAZETTEER);
                !(place && src_state.is_some() && state_of(&t.code) == src_state)
            });
        }
        if self.config.discourse {
            // an act on the actor's own society ("Peru declared a state of
            // emergency") is its government's, and has that state as its
            // target
            // (a protest's venue is no target either: "marched through
            // Belgrade")
            let venue_only = act.code.starts_with("14") && act.target_rank == 5;
            let untargeted = venue_only
                || tgts
                    .iter()
                    .all(|t| t.code == "---" && t.unresolved.is_none());
            // "declared a state of emergency in Lima": a place of its own
            // is no target either
            let src_state = srcs.first().and_then(|s| state_of(&s.code));
            let own_place = act.target_rank == 2
                && src_state.is_some()
                && tgts.iter().all(|t| state_of(&t.code) == src_state);
            if (untargeted || own_place) && domestic(&act.code) {
                if let Some(state) = srcs
                    .first()
                    .and_then(|s| state_of(&s.code))
                    .map(str::to_string)
                {
                    // "Peru declared …": the state acting is its government
                    for s in srcs.iter_mut().filter(|s| s.code == state) {
                        s.code.push_str("GOV");
                    }
                    tgts = vec![Participant {
                        code: state,
                        text: String::new(),
                        actor: None,
                        agents: Vec::new(),
                        unresolved: None,
                        inferred_from: None,
                    }];
                }
            }
            // an agent with no state: "its army" is the subject's; one in a
            // place phrase of the act ("protesters … in Niamey") is of that
            // place; a civic one facing a state ("the opposition accused the
            // government") is of the other side's state
            let place = place_state(&prep.lin, &prep.codes, act.verb_at, act.end);
            let (first_src, first_tgt) = (srcs.first().cloned(), tgts.first().cloned());
            let own = act.target.is_some_and(|t| possessive(prep, t));
            if let Some(s) = &first_src {
                for p in tgts.iter_mut() {
                    if own {
                        localize(p, &s.code, true);
                    }
                    localize_by(p, place.as_deref(), &s.code);
                }
            }
            if let Some(t) = &first_tgt {
                for p in srcs.iter_mut() {
                    localize_by(p, place.as_deref(), &t.code);
                }
            }
            // a protest with no one named is against the protesters' own
            // government ("the opposition boycotted the election"), once a place
            // has given them a state ("students blocked a road in Belgrade")
            if untargeted && act.code.starts_with("14") {
                if let Some(state) = srcs.first().and_then(|s| state_of(&s.code)) {
                    tgts = vec![Participant {
                        code: format!("{state}GOV"),
                        text: String::new(),
                        actor: None,
                        agents: Vec::new(),
                        unresolved: None,
                        inferred_from: None,
                    }];
                }
            }
            // a compound subject whose act has no participant with a
            // state of its own but one of theirs, an agent or a place
            // ("Armenia and Azerbaijan agreed to reopen their embassies",
            // "… to withdraw troops", "… signed a pact in Niamey"), or no
            // actor at all in an act of cooperation ("… agreed to share
            // water"), acts on itself
            let compound = matches!(act.source, Some(Unit::Nec(_))) && srcs.len() > 1;
            let mutual = matches!(act.code.get(..2), Some("03" | "04" | "06")) || each(prep, act);
            let weak = (1..=3).contains(&act.target_rank) || (mutual && act.target_rank >= 4);
            let itself = compound && weak;
            if itself {
                tgts = srcs.clone();
            }
            // a capital in a place phrase is the place, not its government
            // ("launched strikes in Kyiv": UKR)
            if act.target_rank == 2 && !itself {
                for t in tgts.iter_mut() {
                    if let Some(state) = t.code.strip_suffix("GOV").filter(|s| s.len() == 3) {
                        t.code = state.to_string();
                    }
                }
            }
        }
        if tgts.is_empty() {
            return;
        }
        // `push_events` swaps the sides of a passive back
        if act.passive {
            self.push_events(tgts, srcs, &act.code, true, &act.evidence, events);
        } else {
            self.push_events(srcs, tgts, &act.code, false, &act.evidence, events);
        }
    }
}

/// The state part of an actor code (`KENGOV` → `KEN`), if it has one.
fn state_of(code: &str) -> Option<&str> {
    let c = code.get(..3)?;
    let non_state = ["IGO", "NGO", "NGM", "IMG", "MNC", "UAF", "---"];
    (c.bytes().all(|b| b.is_ascii_uppercase()) && !non_state.contains(&c)).then_some(c)
}

/// True for a CAMEO code of an act a state does to its own society:
/// easing or imposing administrative sanctions, curfews, states of
/// emergency (081x, 172x), easing dissent (082), political reform (083x,
/// 034x).
fn domestic(code: &str) -> bool {
    let code = code.split(':').next().unwrap_or("");
    ["081", "082", "083", "034", "172"]
        .iter()
        .any(|p| code.starts_with(p))
}

/// True when "each" stands between the act's subject and its verb
/// ("Russia and Ukraine each freed 390 prisoners"): the members act on one
/// another.
fn each(prep: &Prepared, act: &Act) -> bool {
    let items = &prep.lin.items;
    let after = |it: &Item| match (it, act.source) {
        (Item::NecClose(c), Some(Unit::Nec(s))) => *c == s,
        _ => false,
    };
    let Some(from) = items[..act.verb_at].iter().rposition(after) else {
        return false;
    };
    items[from..act.verb_at].iter().any(|it| match it {
        Item::Word { up, .. } => up == "EACH",
        Item::Ne(id) => prep.lin.nes[*id].up == ["EACH"],
        _ => false,
    })
}

/// True when unit `u` begins with a possessive pronoun ("its army",
/// "their embassies"): it belongs to the act's subject.
fn possessive(prep: &Prepared, u: Unit) -> bool {
    matches!(u, Unit::Ne(id) if matches!(
        prep.lin.nes[id].up.first().map(String::as_str),
        Some("ITS" | "THEIR" | "HIS" | "HER")
    ))
}

/// Gives an agent-only participant (`---OPP`) the state of `other`; with
/// `any` false, only a civic agent that is not an anaphor the document's
/// context may resolve (not armed forces, rebels, gunmen, civilians or
/// businesses, whose state the other side does not tell).
fn localize(p: &mut Participant, other: &str, any: bool) {
    let Some(agent) = p.code.strip_prefix("---") else {
        return;
    };
    let civic = matches!(
        agent.get(..3),
        Some("GOV" | "OPP" | "LEG" | "JUD" | "COP" | "EDU" | "LAB" | "MED")
    );
    if agent.is_empty() || !(any || (civic && p.unresolved.is_none())) {
        return;
    }
    if let Some(state) = state_of(other) {
        p.code = format!("{state}{agent}");
        if any {
            p.unresolved = None;
        }
    }
}

/// [`localize`] by the act's place (any agent but gunmen and criminals),
/// else by the other side (civic agents).
fn localize_by(p: &mut Participant, place: Option<&str>, other: &str) {
    let armed = p
        .code
        .strip_prefix("---")
        .is_some_and(|a| matches!(a.get(..3), Some("UAF" | "CRM")));
    match place {
        Some(place) if !armed && p.unresolved.is_none() => localize(p, place, true),
        _ => localize(p, other, false),
    }
}

/// True when a clause or phrase whose items follow starts with a word of
/// time or circumstance ("after", "since", "while"), of cause or concession
/// ("because", "although") or a relative pronoun ("which", "who"): its
/// first word, over units and brackets in front of it ("six months after").
fn starts_adjunct(items: &[Item]) -> bool {
    items
        .iter()
        .take(8)
        .find_map(|it| match it {
            Item::Word { up, .. } => Some(
                crate::matcher::is_adjunct_word(up)
                    || matches!(
                        up.as_str(),
                        "BECAUSE"
                            | "ALTHOUGH"
                            | "THOUGH"
                            | "WHICH"
                            | "WHO"
                            | "WHOM"
                            | "WHOSE"
                            | "WHERE"
                            | "WHEN"
                    ),
            ),
            _ => None,
        })
        .unwrap_or(false)
}

/// True when unit `u` names an actor: a compound, a unit with a code, or
/// an anaphor the discourse layer resolves ("the country", "it").
fn known(prep: &Prepared, u: Option<Unit>) -> bool {
    match u {
        Some(Unit::Nec(_)) => true,
        Some(u @ Unit::Ne(id)) => {
            prep.is_coded(u)
                || crate::anaphor(
                    &prep.lin.nes[id].up,
                    prep.codes[id].code.as_deref().unwrap_or("---"),
                )
                .is_some()
        }
        None => false,
    }
}
