//! Reader for Penn Treebank bracketed parses.

use crate::{NodeId, Tree};

/// Why a bracketed parse could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// No brackets at all.
    #[error("empty parse")]
    Empty,
    /// More `(` than `)`.
    #[error("unbalanced parse: {0} bracket(s) never closed")]
    Unclosed(usize),
    /// A `)` with nothing open, at this byte offset.
    #[error("unbalanced parse: unexpected ')' at byte {0}")]
    UnexpectedClose(usize),
    /// Text after the tree closed, at this byte offset.
    #[error("unexpected text after the end of the tree at byte {0}")]
    Trailing(usize),
    /// A word outside any bracket or a bracket without a label.
    #[error("malformed node at byte {0}")]
    Malformed(usize),
    /// Brackets nested deeper than [`MAX_DEPTH`], at this byte offset.
    #[error("parse nested deeper than {MAX_DEPTH} levels at byte {0}")]
    TooDeep(usize),
}

/// The deepest nesting accepted. Real parses stay far below it; the limit
/// keeps every later walk over the tree safe from stack exhaustion.
pub const MAX_DEPTH: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Open(usize),
    Close(usize),
    Atom(usize, &'a str),
}

fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        let is_bracket = c == '(' || c == ')';
        if is_bracket || c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push(Tok::Atom(st, &s[st..i]));
            }
            if c == '(' {
                out.push(Tok::Open(i));
            } else if c == ')' {
                out.push(Tok::Close(i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push(Tok::Atom(st, &s[st..]));
    }
    out
}

/// Reads one Penn Treebank tree, such as `(ROOT (S (NP (NNP Arnor)) (VP (VBD left))))`.
///
/// An outer bracket without a label (`( (S …) )`) is read as `ROOT`. A
/// preterminal is a bracket holding a tag and one word; a word standing
/// beside phrases is kept as a preterminal tagged `X`.
pub fn parse_ptb(s: &str) -> Result<Tree, ParseError> {
    let toks = tokenize(s);
    let mut tree = Tree::new();
    let mut stack: Vec<NodeId> = Vec::new();
    let mut i = 0;
    let mut done_at: Option<usize> = None;
    while i < toks.len() {
        match toks[i] {
            Tok::Open(pos) => {
                if let Some(end) = done_at {
                    let _ = end;
                    return Err(ParseError::Trailing(pos));
                }
                // (TAG word) is a preterminal.
                if let (Some(Tok::Atom(_, tag)), Some(Tok::Atom(_, word)), Some(Tok::Close(_))) =
                    (toks.get(i + 1), toks.get(i + 2), toks.get(i + 3))
                {
                    let parent = stack.last().copied();
                    if parent.is_none() {
                        return Err(ParseError::Malformed(pos));
                    }
                    tree.push(parent, tag, Some(word));
                    i += 4;
                    continue;
                }
                let (label, step) = match toks.get(i + 1) {
                    Some(Tok::Atom(_, l)) => (*l, 2),
                    _ => ("ROOT", 1),
                };
                if stack.is_empty() && !tree.is_empty() {
                    return Err(ParseError::Trailing(pos));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(ParseError::TooDeep(pos));
                }
                let id = tree.push(stack.last().copied(), label, None);
                stack.push(id);
                i += step;
            }
            Tok::Close(pos) => {
                if stack.pop().is_none() {
                    return Err(ParseError::UnexpectedClose(pos));
                }
                if stack.is_empty() {
                    done_at = Some(pos);
                }
                i += 1;
            }
            Tok::Atom(pos, word) => {
                match stack.last() {
                    Some(&p) => {
                        tree.push(Some(p), "X", Some(word));
                    }
                    None => return Err(ParseError::Malformed(pos)),
                }
                i += 1;
            }
        }
    }
    if !stack.is_empty() {
        return Err(ParseError::Unclosed(stack.len()));
    }
    if tree.is_empty() {
        return Err(ParseError::Empty);
    }
    // A root that is a single unlabeled wrapper around ROOT: keep as is.
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_simple_tree() {
        let t = parse_ptb("(ROOT (S (NP (NNP Arnor) ) (VP (VBD left)) (. .)))").unwrap();
        assert_eq!(t.label(t.root()), "ROOT");
        assert_eq!(t.text(), "Arnor left .");
        let s = t.children(t.root())[0];
        assert_eq!(t.label(s), "S");
        assert_eq!(t.children(s).len(), 3);
    }

    #[test]
    fn brackets_round_trip() {
        let src = "(ROOT (S (NP (NNP Arnor)) (VP (VBD left) (NP (DT the) (NN port))) (. .)))";
        let t = parse_ptb(src).unwrap();
        assert_eq!(t.brackets(t.root()), src);
        assert_eq!(parse_ptb(&t.brackets(t.root())).unwrap(), t);
    }

    #[test]
    fn unlabeled_outer_bracket_is_root() {
        let t = parse_ptb("( (S (NP (PRP It)) (VP (VBZ is))))").unwrap();
        assert_eq!(t.label(0), "ROOT");
        assert_eq!(t.text(), "It is");
    }

    #[test]
    fn malformed_inputs_are_errors() {
        let cases: &[(&str, ParseError)] = &[
            ("", ParseError::Empty),
            ("   ", ParseError::Empty),
            ("(ROOT (S (NP (NNP A))", ParseError::Unclosed(2)),
            ("(ROOT (S)))", ParseError::UnexpectedClose(10)),
            ("(ROOT (S)) (X)", ParseError::Trailing(11)),
            ("word", ParseError::Malformed(0)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_ptb(input).unwrap_err(), *want, "input {input:?}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let deep = format!(
            "{}(NN x){}",
            "(NP ".repeat(MAX_DEPTH + 5),
            ")".repeat(MAX_DEPTH + 5)
        );
        assert!(matches!(parse_ptb(&deep), Err(ParseError::TooDeep(_))));
    }

    #[test]
    fn never_panics_on_junk() {
        for junk in [
            "((((",
            "))))",
            "( ) ( )",
            "(\u{0} \u{fffd})",
            "(a (b c d) e) )",
            "(()())",
        ] {
            let _ = parse_ptb(junk);
        }
    }
}
