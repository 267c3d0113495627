//! Which temporal expression of a sentence dates an event: the one in the
//! event's own clause, else in an enclosing clause, never one inside a
//! different clause (a date in a relative or reported clause dates that
//! clause's event, not the main one).

use std::ops::Range;

use faultline_lang::{NodeId, Tree};

fn is_clause(label: &str) -> bool {
    label.starts_with('S')
}

/// The innermost clause node holding `n` (the root when there is none).
fn clause_of(tree: &Tree, mut n: NodeId) -> NodeId {
    while let Some(p) = tree.parent(n) {
        if is_clause(tree.label(p)) {
            return p;
        }
        n = p;
    }
    tree.root()
}

/// Picks, among `spans` (ranges of word indices, in sentence order), the
/// one that dates the event whose verb is the word node `verb`: a span
/// whose clause is the verb's clause or one of its enclosing clauses, the
/// innermost such clause first, then the span nearest the verb. Returns its
/// index, or `None` when every span belongs to another clause.
pub fn date_scope(tree: &Tree, verb: NodeId, spans: &[Range<usize>]) -> Option<usize> {
    ranked_scope(tree, verb, spans, |_| false)
}

/// [`date_scope`] where, within one clause, a span for which `later`
/// holds yields to the others (a historical phrase to a date).
pub(crate) fn ranked_scope(
    tree: &Tree,
    verb: NodeId,
    spans: &[Range<usize>],
    later: impl Fn(usize) -> bool,
) -> Option<usize> {
    let words: Vec<NodeId> = tree.words().collect();
    let verb_at = words.iter().position(|&w| w == verb)?;
    // the verb's clause chain, innermost first
    let mut chain = Vec::new();
    let mut c = clause_of(tree, verb);
    loop {
        chain.push(c);
        if c == tree.root() {
            break;
        }
        c = clause_of(tree, c);
    }
    spans
        .iter()
        .enumerate()
        .filter_map(|(i, span)| {
            let first = *words.get(span.start)?;
            let level = chain.iter().position(|&c| c == clause_of(tree, first))?;
            let distance = if span.start > verb_at {
                span.start - verb_at
            } else {
                verb_at - span.end.min(verb_at)
            };
            Some((level, later(i), distance, i))
        })
        .min()
        .map(|(_, _, _, i)| i)
}

/// True when the word range `span` lies in the sentence's outermost clause.
pub(crate) fn in_root_clause(tree: &Tree, span: &Range<usize>) -> bool {
    let Some(first) = tree.words().nth(span.start) else {
        return false;
    };
    let root = clause_of(tree, tree.root());
    let c = clause_of(tree, first);
    c == root || c == tree.root()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_clause_then_enclosing_never_sibling() {
        // On April 1 a man said that in May Kazakhstan joined sanctions .
        let t = faultline_lang::parse_ptb(
            "(ROOT (S (PP (IN On) (NP (NNP April) (CD 1))) (NP (DT a) (NN man)) (VP (VBD said) (SBAR (IN that) (S (PP (IN in) (NP (NNP May))) (NP (NNP Kazakhstan)) (VP (VBD joined) (NP (NNS sanctions)))))) (. .)))",
        )
        .unwrap();
        let word = |w: &str| t.words().find(|&n| t.word(n) == w).unwrap();
        let spans = [1..3, 8..9];
        assert_eq!(date_scope(&t, word("joined"), &spans), Some(1));
        assert_eq!(date_scope(&t, word("said"), &spans), Some(0));
        assert_eq!(date_scope(&t, word("said"), &spans[1..]), None);
    }
}
