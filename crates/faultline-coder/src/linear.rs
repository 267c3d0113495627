//! From a parse tree to the coder's linear form.
//!
//! PETRARCH's dictionaries were written for a shallow parser, so the coder
//! works on a flat sequence rather than on the tree: phrase brackets, words,
//! and noun-phrase units (`Ne`) that are the only places actors can be found.
//! Compound noun phrases ("Gondor and Osgiliath") become a bracketed group of
//! `Ne` units (`NecOpen … NecClose`). The rules that decide which noun
//! phrases become units follow PETRARCH-1's reading of TreeBank parses:
//! a possessive or a simple `NP PP NP` chain is one unit; relative clauses
//! inside a noun phrase are flattened to plain words.

use std::ops::Range;

use faultline_lang::{NodeId, Tree};

/// One element of the linear form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item<'t> {
    /// Start of a phrase (`S`, `VP`, `PP`, a structural `NP`, …).
    Open(&'t str),
    /// End of the phrase opened by the matching `Open`.
    Close(&'t str),
    /// A word outside any noun-phrase unit: upper-case text, then tag and
    /// original text borrowed from the tree.
    Word {
        up: String,
        tag: &'t str,
        text: &'t str,
        /// The word's node in the tree.
        node: NodeId,
    },
    /// A noun-phrase unit (index into [`Linear::nes`]).
    Ne(usize),
    /// Start of a compound (index into [`Linear::necs`]).
    NecOpen(usize),
    /// End of a compound.
    NecClose(usize),
}

/// A noun-phrase unit: its words, upper case and as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NeUnit {
    pub up: Vec<String>,
    pub text: Vec<String>,
}

/// The linear form of one sentence.
#[derive(Debug, Clone, Default)]
pub(crate) struct Linear<'t> {
    pub items: Vec<Item<'t>>,
    pub nes: Vec<NeUnit>,
    /// Member units of each compound.
    pub necs: Vec<Vec<usize>>,
    /// For each compound: it was written inside a larger noun phrase
    /// ("the ambassadors of A, B and C") rather than standing alone.
    pub nested: Vec<bool>,
    /// For each unit inside a larger noun phrase that starts with a unit
    /// ("Gollum centre of a row between Radagast"), that first unit: the
    /// head the phrase is about.
    pub head: Vec<Option<usize>>,
}

/// A piece of a noun phrase before compounds are expanded.
#[derive(Debug, Clone)]
enum Part {
    Word(String, String),
    Compound(Vec<Vec<(String, String)>>),
}

fn is_noun_tag(label: &str) -> bool {
    label.starts_with("NN")
}

struct Builder<'t> {
    tree: &'t Tree,
    nec: Vec<bool>,
    out: Linear<'t>,
}

/// For a flat noun phrase whose conjunction joins two capitalized
/// modifiers of one head ("Indian and Chinese military officials", "U.S.
/// and South Korean forces"): the child ranges of the left modifier, the
/// right one and the shared rest.
fn coordinated_modifiers(
    tree: &Tree,
    p: NodeId,
) -> Option<(Range<usize>, Range<usize>, Range<usize>)> {
    let kids = tree.children(p);
    if tree.label(p) != "NP" || !kids.iter().all(|&k| tree.is_word(k)) {
        return None;
    }
    let mut ccs = kids
        .iter()
        .enumerate()
        .filter(|(_, &k)| tree.label(k) == "CC");
    let (c, _) = ccs.next()?;
    if ccs.next().is_some() {
        return None;
    }
    let cap = |i: usize| {
        let k = kids[i];
        matches!(tree.label(k), "JJ" | "NNP" | "NNPS")
            && tree.word(k).starts_with(char::is_uppercase)
    };
    let mut j = c + 1;
    while j + 1 < kids.len() && cap(j) {
        j += 1;
    }
    let mut i = c;
    while i > 0 && cap(i - 1) {
        i -= 1;
    }
    let head = tree.label(*kids.last()?);
    let common_tail = (j..kids.len()).all(|t| !cap(t));
    (i < c && j > c + 1 && j < kids.len() && matches!(head, "NN" | "NNS") && common_tail)
        .then(|| (i..c, c + 1..j, j..kids.len()))
}

/// Marks noun phrases that are compounds: an `NP` whose enclosing bracket of
/// a `CC` holds no clause, only that one conjunction, and at least three
/// noun-ish nodes (itself included), or whose conjunction joins two
/// modifiers of one head ([`coordinated_modifiers`]).
fn mark_compounds(tree: &Tree) -> Vec<bool> {
    let mut nec = vec![false; tree.len()];
    for n in 0..tree.len() {
        if tree.label(n) != "CC" {
            continue;
        }
        let Some(p) = tree.parent(n) else { continue };
        let clause = |x: NodeId| tree.label(x) == "VP" || tree.label(x).starts_with('S');
        if clause(p) || tree.descendants(p).any(clause) {
            continue;
        }
        if tree
            .descendants(p)
            .filter(|&d| tree.label(d) == "CC")
            .count()
            > 1
        {
            continue;
        }
        let nouns = tree
            .descendants(p)
            .filter(|&d| tree.label(d).starts_with('N'))
            .count()
            + 1;
        if tree.label(p) == "NP" && (nouns >= 3 || coordinated_modifiers(tree, p).is_some()) {
            nec[p] = true;
        }
    }
    nec
}

impl<'t> Builder<'t> {
    fn word(&self, n: NodeId) -> (String, String) {
        let w = self.tree.word(n);
        (w.to_uppercase(), w.to_string())
    }

    /// The words of a noun-phrase token: a name written with underscores
    /// (`Dol_Amroth`, as PETRARCH texts join multi-word names) is its parts.
    fn unit_words(&self, n: NodeId) -> Vec<(String, String)> {
        let w = self.tree.word(n);
        if w.len() > 2 && w.contains('_') && !w.starts_with('_') && !w.ends_with('_') {
            w.split('_')
                .filter(|p| !p.is_empty())
                .map(|p| (p.to_uppercase(), p.to_string()))
                .collect()
        } else {
            vec![(w.to_uppercase(), w.to_string())]
        }
    }

    /// Descendants of `n` that are not inside an `SBAR` (the `SBAR` node
    /// itself is kept), in document order.
    fn visible(&self, n: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack: Vec<NodeId> = self.tree.children(n).iter().rev().copied().collect();
        while let Some(x) = stack.pop() {
            out.push(x);
            if self.tree.label(x) != "SBAR" {
                stack.extend(self.tree.children(x).iter().rev().copied());
            }
        }
        out
    }

    /// Members of a compound: each `NP` or noun below it, with any adjectives
    /// that stand before the first member copied onto bare-noun members; for
    /// coordinated modifiers, each modifier with the shared head ("Indian
    /// military officials", "Chinese military officials").
    fn compound_members(&self, n: NodeId) -> Vec<Vec<(String, String)>> {
        if let Some((left, right, tail)) = coordinated_modifiers(self.tree, n) {
            let kids = self.tree.children(n);
            let words = |r: Range<usize>| -> Vec<(String, String)> {
                kids[r].iter().flat_map(|&k| self.unit_words(k)).collect()
            };
            let shared = words(tail);
            return [left, right]
                .into_iter()
                .map(|r| {
                    let mut m = words(r);
                    m.extend(shared.iter().cloned());
                    m
                })
                .collect();
        }
        let mut adjs: Vec<(String, String)> = Vec::new();
        let mut seen_member = false;
        let mut members = Vec::new();
        let mut stack: Vec<NodeId> = self.tree.children(n).iter().rev().copied().collect();
        while let Some(x) = stack.pop() {
            let label = self.tree.label(x);
            if label == "NP" {
                seen_member = true;
                let words = self
                    .tree
                    .words_under(x)
                    .into_iter()
                    .filter(|&w| self.tree.label(w) != "POS")
                    .flat_map(|w| self.unit_words(w))
                    .collect();
                members.push(words);
            } else if self.tree.is_word(x) && is_noun_tag(label) {
                seen_member = true;
                let mut words = adjs.clone();
                words.extend(self.unit_words(x));
                members.push(words);
            } else if self.tree.is_word(x) {
                if !seen_member && label.starts_with("JJ") {
                    adjs.push(self.word(x));
                }
            } else {
                stack.extend(self.tree.children(x).iter().rev().copied());
            }
        }
        members
    }

    /// The words of `n` as noun-phrase parts: compounds inside stay grouped.
    fn parts(&self, n: NodeId, out: &mut Vec<Part>) {
        if self.tree.is_word(n) {
            if self.tree.label(n) != "POS" {
                for (u, t) in self.unit_words(n) {
                    out.push(Part::Word(u, t));
                }
            }
            return;
        }
        if self.nec[n] {
            out.push(Part::Compound(self.compound_members(n)));
            return;
        }
        for &c in self.tree.children(n) {
            self.parts(c, out);
        }
    }

    /// Decides whether the `NP` at `n` is one noun-phrase unit, and if so returns its parts.
    fn np_unit(&self, n: NodeId) -> Option<Vec<Part>> {
        let vis = self.visible(n);
        let has = |l: &str| vis.iter().any(|&d| self.tree.label(d) == l);
        let mut parts = Vec::new();
        if has("POS") {
            self.parts(n, &mut parts);
            return Some(parts);
        }
        if let Some(&pp) = vis.iter().find(|&&d| self.tree.label(d) == "PP") {
            let p = self.tree.parent(pp)?;
            let first = *self.tree.children(p).first()?;
            if self.tree.label(p) != "NP" || self.tree.label(first) != "NP" {
                return None;
            }
            self.parts(first, &mut parts);
            let prep = *self.tree.children(pp).first()?;
            if !self.tree.is_word(prep) {
                return None;
            }
            let (u, t) = self.word(prep);
            parts.push(Part::Word(u, t));
            let obj = self
                .tree
                .descendants(pp)
                .find(|&d| self.tree.label(d) == "NP")?;
            if self
                .tree
                .descendants(obj)
                .any(|d| self.tree.label(d) == "PP")
            {
                return None;
            }
            self.parts(obj, &mut parts);
            return Some(parts);
        }
        if !vis
            .iter()
            .any(|&d| self.tree.label(d) == "NP" || self.nec[d])
        {
            self.parts(n, &mut parts);
            return Some(parts);
        }
        None
    }

    fn push_ne(&mut self, words: Vec<(String, String)>) -> usize {
        let (up, text) = words.into_iter().unzip();
        self.out.nes.push(NeUnit { up, text });
        self.out.nes.len() - 1
    }

    /// Emits a unit, expanding any compounds inside it into a compound of
    /// units (the cross product when there are several).
    fn emit_unit(&mut self, parts: Vec<Part>) {
        let mut variants: Vec<Vec<(String, String)>> = vec![Vec::new()];
        let mut compound = false;
        for p in parts {
            match p {
                Part::Word(u, t) => variants
                    .iter_mut()
                    .for_each(|v| v.push((u.clone(), t.clone()))),
                Part::Compound(members) if !members.is_empty() => {
                    compound = true;
                    variants = variants
                        .iter()
                        .flat_map(|v| {
                            members.iter().map(move |m| {
                                let mut x = v.clone();
                                x.extend(m.iter().cloned());
                                x
                            })
                        })
                        .collect();
                }
                Part::Compound(_) => {}
            }
        }
        if compound {
            self.emit_compound(variants);
            if let Some(last) = self.out.nested.last_mut() {
                *last = true;
            }
        } else if let Some(v) = variants.pop() {
            let id = self.push_ne(v);
            self.out.items.push(Item::Ne(id));
        }
    }

    fn emit_compound(&mut self, members: Vec<Vec<(String, String)>>) {
        let c = self.out.necs.len();
        self.out.necs.push(Vec::new());
        self.out.nested.push(false);
        self.out.items.push(Item::NecOpen(c));
        for m in members {
            let id = self.push_ne(m);
            self.out.necs[c].push(id);
            self.out.items.push(Item::Ne(id));
        }
        self.out.items.push(Item::NecClose(c));
    }

    fn walk(&mut self, n: NodeId, in_np: bool) {
        let tree = self.tree;
        let label = tree.label(n);
        if tree.is_word(n) {
            self.out.items.push(Item::Word {
                up: tree.word(n).to_uppercase(),
                tag: label,
                text: tree.word(n),
                node: n,
            });
            return;
        }
        if self.nec[n] {
            let members = self.compound_members(n);
            self.emit_compound(members);
            return;
        }
        if label == "NP" {
            if let Some(parts) = self.np_unit(n) {
                self.emit_unit(parts);
                return;
            }
        }
        if in_np && label == "SBAR" {
            // a relative clause inside a noun phrase is kept as plain words
            self.out.items.push(Item::Open("SBR"));
            for w in tree.words_under(n) {
                self.walk(w, true);
            }
            self.out.items.push(Item::Close("SBR"));
            return;
        }
        let open = self.out.items.len();
        let first_unit = self.out.nes.len();
        self.out.items.push(Item::Open(label));
        let inner = in_np || label == "NP";
        for &c in tree.children(n) {
            self.walk(c, inner);
        }
        self.out.items.push(Item::Close(label));
        if label == "NP" && !in_np {
            if let Some(&Item::Ne(h)) = self.out.items.get(open + 1) {
                self.out.head.resize(self.out.nes.len(), None);
                for id in first_unit..self.out.nes.len() {
                    self.out.head[id] = Some(h);
                }
            }
        }
    }
}

/// Builds the linear form of `tree`.
pub(crate) fn linearize(tree: &Tree) -> Linear<'_> {
    let mut b = Builder {
        tree,
        nec: mark_compounds(tree),
        out: Linear::default(),
    };
    if !tree.is_empty() {
        b.walk(tree.root(), false);
    }
    b.out.head.resize(b.out.nes.len(), None);
    b.out
}

impl Linear<'_> {
    /// Index of the `Close` matching the `Open` (or `NecOpen`) at `open`.
    pub fn close_of(&self, open: usize) -> Option<usize> {
        let mut depth = 0usize;
        for (i, it) in self.items.iter().enumerate().skip(open) {
            match it {
                Item::Open(_) | Item::NecOpen(_) => depth += 1,
                Item::Close(_) | Item::NecClose(_) => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Index of the `Open` matching the `Close` at `close`.
    pub fn open_of(&self, close: usize) -> Option<usize> {
        let mut depth = 0usize;
        for i in (0..=close).rev() {
            match &self.items[i] {
                Item::Close(_) | Item::NecClose(_) => depth += 1,
                Item::Open(_) | Item::NecOpen(_) => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Words the comma rules count between `lo` and `hi`: words that start
    /// with a letter, inside units or not.
    pub fn count_words(&self, lo: usize, hi: usize) -> usize {
        let alpha = |w: &str| w.chars().next().is_some_and(char::is_alphabetic);
        self.items[lo.min(self.items.len())..hi.min(self.items.len())]
            .iter()
            .map(|it| match it {
                Item::Word { up, .. } => usize::from(alpha(up)),
                Item::Ne(id) => self.nes[*id].up.iter().filter(|w| alpha(w)).count(),
                _ => 0,
            })
            .sum()
    }

    /// Removes every complete phrase inside `lo..hi`: all words and units,
    /// and the brackets whose partner is also inside the range.
    pub fn delete_phrases(&mut self, lo: usize, hi: usize) {
        let hi = hi.min(self.items.len());
        if lo >= hi {
            return;
        }
        let mut drop = vec![false; self.items.len()];
        let mut stack: Vec<usize> = Vec::new();
        for (i, it) in self.items.iter().enumerate().take(hi).skip(lo) {
            match it {
                Item::Word { .. } | Item::Ne(_) => drop[i] = true,
                Item::Open(_) | Item::NecOpen(_) => stack.push(i),
                Item::Close(_) | Item::NecClose(_) => {
                    if let Some(o) = stack.pop() {
                        drop[o] = true;
                        drop[i] = true;
                    }
                }
            }
        }
        let mut i = 0;
        self.items.retain(|_| {
            let keep = !drop[i];
            i += 1;
            keep
        });
    }

    /// True when the item is the comma word.
    pub fn is_comma(&self, i: usize) -> bool {
        matches!(&self.items[i], Item::Word { tag, .. } if *tag == ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(tree: &str) -> String {
        let t = faultline_lang::parse_ptb(tree).unwrap();
        let lin = linearize(&t);
        let mut out = Vec::new();
        for it in &lin.items {
            match it {
                Item::Open(l) => out.push(format!("({l}")),
                Item::Close(_) => out.push(")".into()),
                Item::Word { up, .. } => out.push(up.clone()),
                Item::Ne(id) => out.push(format!("[{}]", lin.nes[*id].up.join(" "))),
                Item::NecOpen(_) => out.push("{".into()),
                Item::NecClose(_) => out.push("}".into()),
            }
        }
        out.join(" ")
    }

    #[test]
    fn noun_phrase_units() {
        let cases = [
            (
                "(ROOT (S (NP (NP (NNP Gondor) (POS 's)) (NN government)) (VP (VBD left))))",
                "(ROOT (S [GONDOR GOVERNMENT] (VP LEFT ) ) )",
            ),
            (
                "(ROOT (S (NP (NP (DT The) (NNS ambassadors)) (PP (IN of) (NP (NNP Arnor) (, ,) (NNP Osgiliath) (CC and) (NNP Gondor)))) (VP (VBD left))))",
                "(ROOT (S { [THE AMBASSADORS OF ARNOR] [THE AMBASSADORS OF OSGILIATH] [THE AMBASSADORS OF GONDOR] } (VP LEFT ) ) )",
            ),
            (
                "(ROOT (S (NP (JJ Danish) (NNS media) (CC and) (NN government)) (VP (VBD warned))))",
                "(ROOT (S { [DANISH MEDIA] [DANISH GOVERNMENT] } (VP WARNED ) ) )",
            ),
            (
                "(ROOT (S (NP (NP (NNP Mordor)) (PP (IN of) (NP (NP (DT the) (NN west)) (PP (IN of) (NP (NNP X)))))) (VP (VBD left))))",
                "(ROOT (S (NP [MORDOR] (PP OF [THE WEST OF X] ) ) (VP LEFT ) ) )",
            ),
            (
                "(ROOT (S (NP (NNP U.S.) (CC and) (NNP South) (JJ Korean) (JJ naval) (NNS forces)) (VP (VBD left))))",
                "(ROOT (S { [U.S. NAVAL FORCES] [SOUTH KOREAN NAVAL FORCES] } (VP LEFT ) ) )",
            ),
        ];
        for (tree, want) in cases {
            assert_eq!(render(tree), want, "{tree}");
        }
    }

    #[test]
    fn phrase_deletion_keeps_balance() {
        let t = faultline_lang::parse_ptb(
            "(ROOT (S (NP (NNP A)) (, ,) (NP (DT the) (NN b)) (, ,) (VP (VBD c) (NP (NNP D)))))",
        )
        .unwrap();
        let mut lin = linearize(&t);
        let n = lin.items.len();
        lin.delete_phrases(3, 5);
        assert_eq!(lin.items.len(), n - 2);
        assert!(lin.close_of(0).is_some());
    }
}
