//! A shallow, rule-based parser from tagged tokens to a constituency [`Tree`].
//!
//! The coder needs only a few things from a parse: noun phrases (with
//! possessives, `of`-phrases and coordination), verb groups nested the way
//! Penn Treebank nests auxiliaries (`(VP will (VP meet …))`), prepositional
//! phrases, and clause boundaries (subordinate, relative and reported
//! clauses), so that a verb phrase ends where its clause ends. This parser
//! builds exactly that, deterministically and in linear time, shaped like the
//! Stanford parses the PETRARCH dictionaries were tuned on.
//!
//! The key decision is to find each clause's main verb group first (the
//! first finite verb not introduced by a relative pronoun) and to parse the
//! subject inside the bound it sets, so that a relative clause in the subject
//! can never swallow the predicate.

use crate::{NodeId, Tree};

/// A node under construction: a token or a phrase.
#[derive(Debug, Clone)]
enum N {
    Leaf(usize),
    Phrase(&'static str, Vec<N>),
}

fn ph(label: &'static str, kids: Vec<N>) -> N {
    N::Phrase(label, kids)
}

struct Parser<'a> {
    words: &'a [&'a str],
    tags: &'a [&'a str],
    lower: Vec<String>,
}

fn is_noun(t: &str) -> bool {
    t.starts_with("NN")
}
fn is_adj(t: &str) -> bool {
    t.starts_with("JJ")
}
fn is_verb(t: &str) -> bool {
    t.starts_with("VB") || t.starts_with("AUX") || t == "MD"
}
fn is_finite(t: &str) -> bool {
    matches!(t, "VBD" | "VBZ" | "VBP" | "MD" | "AUXD" | "AUXZ" | "AUXP")
}
fn is_det(t: &str) -> bool {
    matches!(t, "DT" | "PDT" | "PRP$" | "WP$")
}

/// Words that open an adverbial or complement clause.
const SUBORDINATORS: &[&str] = &[
    "after", "before", "while", "when", "whenever", "because", "if", "unless", "although",
    "though", "since", "until", "till", "as", "that", "whether", "once", "where", "so",
];

impl<'a> Parser<'a> {
    fn tag(&self, i: usize) -> &str {
        self.tags.get(i).copied().unwrap_or("")
    }

    fn low(&self, i: usize) -> &str {
        self.lower.get(i).map(String::as_str).unwrap_or("")
    }

    /// True when a noun phrase can start at `i`.
    fn np_starts(&self, i: usize, limit: usize) -> bool {
        if i >= limit {
            return false;
        }
        let t = self.tag(i);
        is_det(t)
            || is_noun(t)
            || matches!(t, "PRP" | "CD" | "EX" | "$" | "#")
            || (is_adj(t) && (i + 1..limit).take(4).any(|j| is_noun(self.tag(j))))
            || (t == "RB" && self.tag(i + 1) == "CD")
            || (matches!(t, "VBN" | "VBG")
                && i + 1 < limit
                && (is_noun(self.tag(i + 1)) || is_adj(self.tag(i + 1)))
                && !is_finite(self.tag(i.wrapping_sub(1))))
    }

    /// True when a verb group starts at `i`.
    fn vg_starts(&self, i: usize, limit: usize) -> bool {
        i < limit && is_verb(self.tag(i))
    }

    fn is_subordinator(&self, i: usize) -> bool {
        matches!(self.tag(i), "IN" | "WRB") && SUBORDINATORS.contains(&self.low(i))
            || self.tag(i) == "WRB"
    }

    /// The base noun phrase at `i`: determiners, numbers, adjectives, nouns
    /// and possessives, ending in a nominal word. Adjectives joined by a
    /// conjunction form an `ADJP`.
    fn base_np(&self, i: usize, limit: usize) -> Option<(N, usize)> {
        let t = self.tag(i);
        if i >= limit {
            return None;
        }
        if matches!(t, "PRP" | "EX") {
            return Some((ph("NP", vec![N::Leaf(i)]), i + 1));
        }
        // "neither … nor": the correlative stays outside the noun phrase
        if matches!(self.low(i), "neither" | "either" | "both") && is_noun(self.tag(i + 1)) {
            return None;
        }
        let mut j = i;
        let mut last_nominal = None;
        while j < limit {
            let t = self.tag(j);
            let ok = if j == i {
                is_det(t)
                    || is_noun(t)
                    || is_adj(t)
                    || matches!(t, "CD" | "$" | "#" | "RB" | "VBN" | "VBG")
            } else {
                is_noun(t)
                    || is_adj(t)
                    || matches!(t, "CD" | "$" | "#" | "HYPH" | "FW")
                    || (t == "POS" && last_nominal == Some(j - 1))
                    || (is_det(t) && matches!(self.tag(j - 1), "PDT" | "POS"))
                    || (matches!(t, "VBN" | "VBG")
                        && (is_noun(self.tag(j + 1)) || is_adj(self.tag(j + 1))))
                    || (t == "CC"
                        && is_adj(self.tag(j - 1))
                        && is_adj(self.tag(j + 1))
                        && j + 1 < limit)
                    // "Japanese and Philippine troops", "U.S. and South
                    // Korean forces": two modifiers of one common noun
                    || (t == "CC" && self.coordinated_modifiers(j, limit))
                    // "a new bombing and shelling offensive"
                    || (t == "CC"
                        && is_noun(self.tag(j - 1))
                        && self.tag(j + 1) == "VBG"
                        && is_noun(self.tag(j + 2))
                        && j + 2 < limit)
                    // "a clearly inebriated official"
                    || (t == "RB"
                        && (is_det(self.tag(j - 1)) || is_adj(self.tag(j - 1)))
                        && matches!(self.tag(j + 1), "JJ" | "VBN"))
            };
            if !ok {
                break;
            }
            if is_noun(t) || matches!(t, "CD" | "POS" | "$") {
                last_nominal = Some(j);
            }
            j += 1;
        }
        let end = match last_nominal {
            // trailing adjectives right before a verb belong to the subject
            // ("Arnor cleric is …" when "cleric" is tagged JJ)
            Some(k) if j > k + 1 && self.vg_starts(j, limit) => j,
            Some(k) => k + 1,
            None if j > i && self.vg_starts(j, limit) && (i..j).all(|x| is_adj(self.tag(x))) => j,
            // a lone determiner ("this", "that") stands for a noun phrase
            None if matches!(t, "DT") && j == i + 1 => i + 1,
            None => return None,
        };
        if self.tag(i) == "RB" && end == i + 1 {
            return None;
        }
        let mut kids = Vec::new();
        let mut k = i;
        while k < end {
            if is_adj(self.tag(k))
                && self.tag(k + 1) == "CC"
                && k + 2 < end
                && is_adj(self.tag(k + 2))
            {
                kids.push(ph("ADJP", vec![N::Leaf(k), N::Leaf(k + 1), N::Leaf(k + 2)]));
                k += 3;
            } else {
                kids.push(N::Leaf(k));
                k += 1;
            }
        }
        Some((ph("NP", kids), end))
    }

    /// True when the conjunction at `j` joins two capitalized modifiers of
    /// one common noun: an adjective or proper noun before it, proper nouns
    /// and adjectives after it up to a common noun.
    fn coordinated_modifiers(&self, j: usize, limit: usize) -> bool {
        if j == 0 || !matches!(self.tag(j - 1), "JJ" | "NNP") {
            return false;
        }
        let mut k = j + 1;
        while k < limit && matches!(self.tag(k), "JJ" | "NNP") {
            k += 1;
        }
        k > j + 1 && k < limit && matches!(self.tag(k), "NN" | "NNS")
    }

    /// Counts of nouns and determiners in a base phrase.
    fn shape(&self, n: &N) -> (usize, bool) {
        match n {
            N::Phrase("NP", kids) => {
                let nouns = kids
                    .iter()
                    .filter(|k| matches!(k, N::Leaf(x) if is_noun(self.tag(*x))))
                    .count();
                let det = kids
                    .iter()
                    .any(|k| matches!(k, N::Leaf(x) if is_det(self.tag(*x))));
                (nouns, det)
            }
            _ => (0, true),
        }
    }

    /// A coordination of one-noun base phrases ("Danish media and
    /// government", "Mordor, Rohan, Fornost and Bree"), written flat as
    /// Treebank parses write it. Only when the whole list through its
    /// conjunction is such phrases and the first has no determiner.
    fn coord_base(&self, i: usize, limit: usize) -> Option<(N, usize)> {
        let (first, first_end) = self.base_np(i, limit)?;
        if self.shape(&first) != (1, false) {
            return Some((first, first_end));
        }
        let mut conj = vec![first];
        let mut seps = Vec::new();
        let mut end = first_end;
        let mut closed = false;
        loop {
            let sep = end;
            if !matches!(self.tag(sep), "CC" | ",") {
                break;
            }
            let Some((next, e)) = self.base_np(sep + 1, limit) else {
                break;
            };
            if self.shape(&next) != (1, false) {
                break;
            }
            seps.push(sep);
            conj.push(next);
            end = e;
            if self.tag(sep) == "CC" {
                closed = true;
                break;
            }
        }
        if !closed {
            let first = conj.swap_remove(0);
            return Some((first, first_end));
        }
        let mut kids = Vec::new();
        for (k, c) in conj.into_iter().enumerate() {
            if k > 0 {
                kids.push(N::Leaf(seps[k - 1]));
            }
            match c {
                N::Phrase(_, inner) => kids.extend(inner),
                leaf => kids.push(leaf),
            }
        }
        Some((ph("NP", kids), end))
    }

    fn list_ends_in_cc(&self, mut j: usize, limit: usize) -> bool {
        while j < limit {
            match self.tag(j) {
                "CC" => return true,
                "," => j += 1,
                _ => match self.base_np(j, limit) {
                    Some((_, e)) => j = e,
                    None => return false,
                },
            }
        }
        false
    }

    /// A noun phrase with its modifiers: parenthetical, `of`-phrases (and,
    /// for a subject, any prepositional phrase), relative clauses, reduced
    /// relatives; then coordination with further noun phrases.
    fn np(&self, i: usize, limit: usize, subject: bool) -> Option<(N, usize)> {
        let (first, end) = self.np_one(i, limit, subject, true)?;
        let mut conj = vec![first];
        let mut seps: Vec<Vec<usize>> = Vec::new();
        let mut end = end;
        loop {
            // separators: "and", ",", ", and"
            let mut sep = vec![end];
            if self.tag(end) == "," && self.tag(end + 1) == "CC" {
                sep.push(end + 1);
            }
            let Some(&last) = sep.last() else { break };
            if !matches!(self.tag(end), "CC" | ",") || !self.np_starts(last + 1, limit) {
                break;
            }
            if sep.len() == 1 && self.tag(end) == "," && !self.list_ends_in_cc(last + 1, limit) {
                break;
            }
            let Some((next, e)) = self.np_one(last + 1, limit, subject, false) else {
                break;
            };
            let closing = self.tag(last) == "CC";
            seps.push(sep);
            conj.push(next);
            end = e;
            if closing {
                break;
            }
        }
        if conj.len() == 1 {
            return conj.pop().map(|n| (n, end));
        }
        let mut kids = Vec::new();
        for (k, c) in conj.into_iter().enumerate() {
            if k > 0 {
                kids.extend(seps[k - 1].iter().map(|&x| N::Leaf(x)));
            }
            kids.push(c);
        }
        Some((ph("NP", kids), end))
    }

    fn np_one(&self, i: usize, limit: usize, subject: bool, coord: bool) -> Option<(N, usize)> {
        let (mut np, mut end) = if coord {
            self.coord_base(i, limit)?
        } else {
            self.base_np(i, limit)?
        };
        loop {
            let t = self.tag(end);
            if end >= limit {
                break;
            }
            if t == "-LRB-" {
                if let Some(close) = (end + 1..limit).find(|&j| self.tag(j) == "-RRB-") {
                    let mut inner = vec![N::Leaf(end)];
                    let mut j = end + 1;
                    if let Some((n, e)) = self.np(j, close, false) {
                        inner.push(n);
                        j = e;
                    }
                    inner.extend((j..=close).map(N::Leaf));
                    np = ph("NP", vec![np, ph("PRN", inner)]);
                    end = close + 1;
                    continue;
                }
                break;
            }
            let prep = matches!(t, "IN" | "TO") && !self.is_subordinator(end);
            if prep && (self.low(end) == "of" || subject) && self.np_starts(end + 1, limit) {
                if let Some((obj, e)) = self.np(end + 1, limit, subject) {
                    np = ph("NP", vec![np, ph("PP", vec![N::Leaf(end), obj])]);
                    end = e;
                    break;
                }
            }
            let head = end.checked_sub(1).map(|h| self.tag(h)).unwrap_or("");
            let temporal = matches!(
                self.low(end.saturating_sub(1)),
                "monday"
                    | "tuesday"
                    | "wednesday"
                    | "thursday"
                    | "friday"
                    | "saturday"
                    | "sunday"
                    | "today"
                    | "yesterday"
                    | "week"
                    | "month"
                    | "year"
                    | "night"
            );
            let relative = match self.low(end) {
                "that" => matches!(head, "NN" | "NNS") && !temporal,
                _ => matches!(t, "WDT" | "WP"),
            };
            if relative {
                let (s, e) = self.relative(end, limit);
                np = ph("NP", vec![np, s]);
                end = e;
                break;
            }
            if subject && t == "VBN" {
                let (vp, e) = self.vp(end, limit);
                np = ph("NP", vec![np, vp]);
                end = e;
                break;
            }
            break;
        }
        Some((np, end))
    }

    /// A relative clause at `i` ("who shot at …"), up to `limit`.
    fn relative(&self, i: usize, limit: usize) -> (N, usize) {
        let wh = ph("WHNP", vec![N::Leaf(i)]);
        let (kids, e) = self.clause(i + 1, limit);
        (ph("SBAR", vec![wh, ph("S", kids)]), e)
    }

    /// Index of the clause's main verb: the first finite verb in `i..limit`
    /// that is not the verb of a relative clause, not inside a parenthesis,
    /// and not in a clause opened by a subordinator before it.
    fn main_verb(&self, i: usize, limit: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut relative = false;
        let mut finite = None;
        for j in i..limit {
            let t = self.tag(j);
            match t {
                "-LRB-" => depth += 1,
                "-RRB-" => depth = depth.saturating_sub(1),
                "WDT" | "WP" => relative = true,
                _ => {}
            }
            if depth > 0 {
                continue;
            }
            if is_finite(t) {
                if relative {
                    relative = false;
                    continue;
                }
                finite = Some(j);
                break;
            }
        }
        let first_verb = (i..limit).find(|&j| is_verb(self.tag(j)));
        match (first_verb, finite) {
            // "Ethiopia broken down a treaty … after crowds trashed …": a
            // participle as the predicate, with the finite verb in an
            // adverbial clause after it
            (Some(v), Some(f)) if v < f && j_between_subordinator(self, v, f) => Some(v),
            (_, Some(f)) => Some(f),
            (v, None) => v,
        }
    }

    /// A clause: leading adjuncts, subject, predicate. Returns the children
    /// of `S`. A subordinate clause whose first comma comes before any
    /// verb ("after a 12-year rift, the agency said") ends at that comma.
    fn clause(&self, i: usize, limit: usize) -> (Vec<N>, usize) {
        self.clause_in(i, limit, false)
    }

    fn sub_clause(&self, i: usize, limit: usize) -> (Vec<N>, usize) {
        self.clause_in(i, limit, true)
    }

    fn clause_in(&self, i: usize, mut limit: usize, subordinate: bool) -> (Vec<N>, usize) {
        let mut kids = Vec::new();
        let mut j = i;
        let mut main = self.main_verb(i, limit).unwrap_or(limit);
        if subordinate {
            if let Some(c) = (i..main).find(|&k| self.tag(k) == ",") {
                limit = c;
                main = c;
            }
        }
        while j < main {
            if self.np_starts(j, main) {
                match self.np(j, main, true) {
                    Some((n, e)) if e > j => {
                        // "Arnor's minister, in remarks published Monday, urged":
                        // an aside between commas right before the verb
                        if self.tag(e) == "," && main > e + 1 && self.tag(main - 1) == "," {
                            let mut inner = vec![n];
                            inner.extend((e..main).map(N::Leaf));
                            kids.push(ph("NP", inner));
                            j = main;
                        } else {
                            kids.push(n);
                            j = e;
                        }
                        continue;
                    }
                    _ => {}
                }
            }
            if matches!(self.tag(j), "IN" | "TO") && self.np_starts(j + 1, main) {
                if let Some((obj, e)) = self.np(j + 1, main, false) {
                    kids.push(ph("PP", vec![N::Leaf(j), obj]));
                    j = e;
                    continue;
                }
            }
            kids.push(N::Leaf(j));
            j += 1;
        }
        if j < limit && self.vg_starts(j, limit) {
            let (vp, e) = self.vp(j, limit);
            kids.push(vp);
            j = e;
        }
        (kids, j)
    }

    /// Where a clause's predicate ends at the comma at `c`: true when what
    /// follows the comma still belongs to this verb phrase (an adverbial
    /// clause such as ", almost five years after …").
    fn comma_continues(&self, c: usize, limit: usize) -> bool {
        let n = c + 1;
        if n >= limit || matches!(self.tag(n), "CC" | "." | "''" | "``") || self.vg_starts(n, limit)
        {
            return false;
        }
        // a short aside between commas (", it seems,") stays inside
        if let Some(c2) = (n..limit.min(n + 4)).find(|&k| self.tag(k) == ",") {
            if c2 > n {
                return true;
            }
        }
        if self.is_subordinator(n) {
            return true;
        }
        // a noun phrase followed by a verb starts a new clause
        match self.np(n, limit, true) {
            Some((_, e)) => !self.vg_starts(e, limit) || self.is_subordinator(e),
            None => true,
        }
    }

    /// A verb phrase at `i`: the verb group nested as Treebank nests
    /// auxiliaries, then complements up to the end of the clause, then any
    /// coordinated verb phrase.
    fn vp(&self, i: usize, limit: usize) -> (N, usize) {
        // the verb group
        let mut verbs = vec![i];
        let mut between: Vec<Vec<usize>> = vec![Vec::new()];
        let mut j = i + 1;
        while j < limit {
            let t = self.tag(j);
            if is_verb(t) {
                verbs.push(j);
                between.push(Vec::new());
                j += 1;
            } else if (t == "RB" && (self.vg_starts(j + 1, limit) || self.tag(j + 1) == "RB"))
                || (self.low(j) == "about" && self.tag(j + 1) == "TO")
            {
                // adverbs inside the verb group ("will not meet", "is about to")
                if let Some(b) = between.last_mut() {
                    b.push(j);
                }
                j += 1;
            } else {
                break;
            }
        }
        let (mut comps, end) = self.complements(j, limit);
        // particles and adverbs right after the main verb are its children
        let last = verbs.len() - 1;
        let mut inner = vec![N::Leaf(verbs[last])];
        inner.extend(between[last].iter().map(|&b| N::Leaf(b)));
        inner.append(&mut comps);
        let mut node = ph("VP", inner);
        for k in (0..last).rev() {
            let mut kids = vec![N::Leaf(verbs[k])];
            kids.extend(between[k].iter().map(|&b| N::Leaf(b)));
            // "is about to": the infinitive is a clause under the auxiliary
            kids.push(node);
            node = ph("VP", kids);
        }
        // a coordinated verb phrase: "condemned X and promised Y"
        if self.tag(end) == "CC" && self.vg_starts(end + 1, limit) {
            let (second, e2) = self.vp(end + 1, limit);
            return (ph("VP", vec![node, N::Leaf(end), second]), e2);
        }
        (node, end)
    }

    /// Complements of a main verb from `j` to the end of its clause.
    fn complements(&self, mut j: usize, limit: usize) -> (Vec<N>, usize) {
        let mut kids = Vec::new();
        while j < limit {
            let t = self.tag(j);
            match t {
                "." | ":" => break,
                "," => {
                    if self.comma_continues(j, limit) {
                        kids.push(N::Leaf(j));
                        j += 1;
                        continue;
                    }
                    break;
                }
                "CC" => break,
                _ => {}
            }
            if t == "TO" && is_verb(self.tag(j + 1)) {
                let (vp, e) = self.vp(j + 1, limit);
                kids.push(ph("S", vec![ph("VP", vec![N::Leaf(j), vp])]));
                j = e;
                continue;
            }
            if self.is_subordinator(j) && j + 1 < limit {
                let (s, e) = self.sub_clause(j + 1, limit);
                kids.push(ph("SBAR", vec![N::Leaf(j), ph("S", s)]));
                j = e;
                continue;
            }
            // "responded by suspending permits": a means or manner
            // preposition before a gerund takes a clause, not a noun phrase
            if t == "IN" && matches!(self.low(j), "by" | "without") && self.tag(j + 1) == "VBG" {
                let (vp, e) = self.vp(j + 1, limit);
                kids.push(ph("PP", vec![N::Leaf(j), ph("S", vec![vp])]));
                j = e;
                continue;
            }
            if matches!(t, "IN" | "TO") && self.np_starts(j + 1, limit) {
                if let Some((obj, e)) = self.np(j + 1, limit, false) {
                    kids.push(ph("PP", vec![N::Leaf(j), obj]));
                    j = e;
                    continue;
                }
            }
            if self.np_starts(j, limit) {
                if let Some((n, e)) = self.np(j, limit, false) {
                    // "indicated it would act": the noun phrase starts a clause
                    if self.vg_starts(e, limit) && is_finite(self.tag(e)) {
                        let (s, e2) = self.clause(j, limit);
                        kids.push(ph("S", s));
                        j = e2;
                        continue;
                    }
                    // "almost five years after …"
                    if self.is_subordinator(e) {
                        let (s, e2) = self.sub_clause(e + 1, limit);
                        kids.push(ph("SBAR", vec![n, N::Leaf(e), ph("S", s)]));
                        j = e2;
                        continue;
                    }
                    kids.push(n);
                    j = e;
                    continue;
                }
            }
            if matches!(t, "WDT" | "WP") {
                let (s, e) = self.relative(j, limit);
                kids.push(s);
                j = e;
                continue;
            }
            if is_verb(t) {
                // a verb after the complements: a clause of its own
                let (vp, e) = self.vp(j, limit);
                kids.push(vp);
                j = e;
                continue;
            }
            kids.push(if t == "RP" {
                ph("PRT", vec![N::Leaf(j)])
            } else {
                N::Leaf(j)
            });
            j += 1;
        }
        (kids, j)
    }

    /// The whole sentence: clauses separated by commas, conjunctions and
    /// colons, under one `S`.
    fn sentence(&self) -> N {
        let n = self.words.len();
        let mut top = Vec::new();
        let mut j = 0;
        while j < n {
            let t = self.tag(j);
            if matches!(t, "," | "CC" | ":" | "." | "``" | "''") {
                top.push(N::Leaf(j));
                j += 1;
                continue;
            }
            // a leading subordinate clause ends at its comma
            if self.is_subordinator(j) && j == 0 {
                let stop = (j + 1..n).find(|&k| self.tag(k) == ",").unwrap_or(n);
                let (s, e) = self.clause(j + 1, stop);
                top.push(ph("SBAR", vec![N::Leaf(j), ph("S", s)]));
                j = e.max(j + 1);
                continue;
            }
            let (kids, e) = self.clause(j, n);
            if e <= j {
                top.push(N::Leaf(j));
                j += 1;
                continue;
            }
            let has_vp = kids.iter().any(|k| matches!(k, N::Phrase("VP", _)));
            if has_vp {
                top.push(ph("S", kids));
            } else {
                top.extend(kids);
            }
            j = e;
        }
        // one clause and punctuation: the clause is the sentence
        let clauses = top
            .iter()
            .filter(|k| matches!(k, N::Phrase("S", _)))
            .count();
        if clauses == 1 {
            let mut flat = Vec::new();
            for k in top {
                match k {
                    N::Phrase("S", kids) => flat.extend(kids),
                    other => flat.push(other),
                }
            }
            return ph("S", flat);
        }
        ph("S", top)
    }
}

/// True when a subordinator stands between `v` and `f` with no relative
/// pronoun before it.
fn j_between_subordinator(p: &Parser<'_>, v: usize, f: usize) -> bool {
    for k in v + 1..f {
        if matches!(p.tag(k), "WDT" | "WP") {
            return false;
        }
        if p.tag(k) == "IN" && p.is_subordinator(k) && p.low(k) != "that" {
            return true;
        }
    }
    false
}

/// Parses a tagged sentence into a tree rooted at `ROOT`. `words` and `tags`
/// have the same length (extra entries of the longer one are ignored).
pub fn parse_tagged(words: &[&str], tags: &[&str]) -> Tree {
    let n = words.len().min(tags.len());
    let p = Parser {
        words: &words[..n],
        tags: &tags[..n],
        lower: words[..n].iter().map(|w| w.to_lowercase()).collect(),
    };
    let mut tree = Tree::new();
    let root = tree.push(None, "ROOT", None);
    if n > 0 {
        let s = p.sentence();
        build(&mut tree, root, &s, &p);
    }
    tree
}

fn build(tree: &mut Tree, parent: NodeId, n: &N, p: &Parser<'_>) {
    match n {
        N::Leaf(i) => {
            tree.push(Some(parent), p.tags[*i], Some(p.words[*i]));
        }
        N::Phrase(label, kids) => {
            let id = tree.push(Some(parent), label, None);
            for k in kids {
                build(tree, id, k, p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders a tree as brackets without the ROOT wrapper.
    fn brackets(t: &Tree, n: NodeId) -> String {
        if t.is_word(n) {
            return t.word(n).to_string();
        }
        let kids: Vec<String> = t.children(n).iter().map(|&c| brackets(t, c)).collect();
        format!("({} {})", t.label(n), kids.join(" "))
    }

    fn check(tagged: &str, want: &str) {
        let pairs: Vec<(&str, &str)> = tagged
            .split_whitespace()
            .map(|wt| wt.rsplit_once('/').unwrap())
            .collect();
        let words: Vec<&str> = pairs.iter().map(|p| p.0).collect();
        let tags: Vec<&str> = pairs.iter().map(|p| p.1).collect();
        let t = parse_tagged(&words, &tags);
        let s = t.children(t.root())[0];
        assert_eq!(brackets(&t, s), want, "{tagged}");
    }

    #[test]
    fn clauses_and_phrases() {
        check(
            "Arnor/NNP will/MD meet/VB Gondor/NNP and/CC Osgiliath/NNP ./.",
            "(S (NP Arnor) (VP will (VP meet (NP Gondor and Osgiliath))) .)",
        );
        check(
            "The/DT ambassadors/NNS of/IN Arnor/NNP left/VBD ./.",
            "(S (NP (NP The ambassadors) (PP of (NP Arnor))) (VP left) .)",
        );
        check(
            "Gondor/NNP 's/POS government/NN condemned/VBD the/DT attack/NN and/CC promised/VBD aid/NN ./.",
            "(S (NP Gondor 's government) (VP (VP condemned (NP the attack)) and (VP promised (NP aid))) .)",
        );
        check(
            "Arnor/NNP signed/VBD a/DT deal/NN ,/, a/DT senior/JJ official/NN said/VBD ./.",
            "(S (S (NP Arnor) (VP signed (NP a deal))) , (S (NP a senior official) (VP said)) .)",
        );
        check(
            "Kazakhstan/NNP responded/VBD by/IN suspending/VBG permits/NNS ./.",
            "(S (NP Kazakhstan) (VP responded (PP by (S (VP suspending (NP permits))))) .)",
        );
        check(
            "A/DT woman/NN who/WP shot/VBD at/IN officers/NNS was/VBD extradited/VBN to/TO Libya/NNP",
            "(S (NP (NP A woman) (SBAR (WHNP who) (S (VP shot (PP at (NP officers)))))) (VP was (VP extradited (PP to (NP Libya)))))",
        );
    }

    #[test]
    fn never_panics() {
        let tags = [
            "NN", "CC", ",", "VBD", "IN", "WDT", "-LRB-", "DT", "TO", "MD", ".",
        ];
        for n in 0..200usize {
            let len = n % 17;
            let t: Vec<&str> = (0..len).map(|k| tags[(k * 7 + n) % tags.len()]).collect();
            let w: Vec<&str> = (0..len).map(|_| "x").collect();
            let tree = parse_tagged(&w, &t);
            assert_eq!(tree.words().count(), len);
        }
    }
}
