//! Sentence representation shared by every front end and the coder.
//!
//! A sentence is a constituency [`Tree`] held in a flat arena: nodes refer to
//! each other by index, so a tree is one allocation, cheap to build, and safe
//! to walk in any order without borrowing trouble. Both front ends fill the
//! same structure: [`parse_ptb`] reads a Penn Treebank bracketing (the gold
//! parses of PETRARCH input files), and the shallow parser of the raw-text
//! pipeline builds it directly. The coder only ever sees a `Tree`.
//!
//! Parsing never panics: malformed brackets come back as a [`ParseError`]
//! that says where the problem is.
//!
//! ```
//! let tree = faultline_lang::parse_ptb("(ROOT (S (NP (NNP Arnor)) (VP (VBD left))))").unwrap();
//! let words: Vec<&str> = tree.words().map(|n| tree.word(n)).collect();
//! assert_eq!(words, ["Arnor", "left"]);
//! assert_eq!(tree.label(tree.parent(tree.words().next().unwrap()).unwrap()), "NP");
//! ```

mod ptb;
pub mod shallow;
pub mod tagger;
pub mod timex;
pub mod token;

pub use ptb::{parse_ptb, ParseError, MAX_DEPTH};
pub use shallow::parse_tagged;
pub use tagger::{Tag, Tagger, TaggerError};
pub use timex::Timex;
pub use token::{split_sentences, tokenize, Token};

/// Penn Treebank phrase labels and part-of-speech tags.
const LABELS: &[&str] = &[
    "ROOT", "S", "SBAR", "SBARQ", "SINV", "SQ", "NP", "VP", "PP", "ADJP", "ADVP", "PRN", "PRT",
    "QP", "WHNP", "WHADVP", "WHPP", "WHADJP", "NX", "UCP", "CONJP", "FRAG", "INTJ", "LST", "RRC",
    "X", "NAC", "SBR", "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NN",
    "NNS", "NNP", "NNPS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH",
    "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "#", "$", ".", ",", ":",
    "``", "''", "-LRB-", "-RRB-", "HYPH", "NP-TMP",
];

fn intern(label: &str) -> std::borrow::Cow<'static, str> {
    match LABELS.iter().find(|l| **l == label) {
        Some(l) => std::borrow::Cow::Borrowed(l),
        None => std::borrow::Cow::Owned(label.to_string()),
    }
}

/// Index of a node in a [`Tree`].
pub type NodeId = usize;

/// One constituent or one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Phrase label (`NP`, `VP`, …) or part-of-speech tag (`NNP`, `VBD`, …).
    /// The Penn Treebank labels are shared static strings, so building a
    /// tree allocates only for unusual labels.
    pub label: std::borrow::Cow<'static, str>,
    /// The word, for a preterminal (a POS tag with its token); `None` for phrases.
    pub word: Option<String>,
    /// Children in sentence order.
    pub children: Vec<NodeId>,
    /// The enclosing node; `None` for the root.
    pub parent: Option<NodeId>,
}

/// A constituency tree in a flat arena. Node 0 is the root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    /// An empty tree; add nodes with [`Tree::push`].
    pub fn new() -> Tree {
        Tree { nodes: Vec::new() }
    }

    /// Adds a node under `parent` (or as the root when `parent` is `None`) and returns its id.
    pub fn push(&mut self, parent: Option<NodeId>, label: &str, word: Option<&str>) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node {
            label: intern(label),
            word: word.map(str::to_string),
            children: Vec::new(),
            parent,
        });
        if let Some(p) = parent {
            self.nodes[p].children.push(id);
        }
        id
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when the tree has no nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The root node id (0). Only meaningful for a non-empty tree.
    pub fn root(&self) -> NodeId {
        0
    }

    /// The node with id `n`.
    pub fn node(&self, n: NodeId) -> &Node {
        &self.nodes[n]
    }

    /// Label of node `n`.
    pub fn label(&self, n: NodeId) -> &str {
        &self.nodes[n].label
    }

    /// The word of a preterminal, or "" for a phrase.
    pub fn word(&self, n: NodeId) -> &str {
        self.nodes[n].word.as_deref().unwrap_or("")
    }

    /// True for a preterminal (a tagged word).
    pub fn is_word(&self, n: NodeId) -> bool {
        self.nodes[n].word.is_some()
    }

    /// Children of `n`.
    pub fn children(&self, n: NodeId) -> &[NodeId] {
        &self.nodes[n].children
    }

    /// Parent of `n`.
    pub fn parent(&self, n: NodeId) -> Option<NodeId> {
        self.nodes[n].parent
    }

    /// All nodes below `n` (not `n` itself), in document (pre-)order.
    pub fn descendants(&self, n: NodeId) -> Descendants<'_> {
        let mut stack: Vec<NodeId> = self.nodes[n].children.clone();
        stack.reverse();
        Descendants { tree: self, stack }
    }

    /// Preterminals (words) in sentence order.
    pub fn words(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes.len()).filter(|&n| self.nodes[n].word.is_some())
    }

    /// Words below `n`, in order (`n` itself if it is a word).
    pub fn words_under(&self, n: NodeId) -> Vec<NodeId> {
        if self.is_word(n) {
            return vec![n];
        }
        self.descendants(n).filter(|&d| self.is_word(d)).collect()
    }

    /// Node `n` in Penn Treebank brackets, one line: `(NP (DT the) (NN port))`.
    pub fn brackets(&self, n: NodeId) -> String {
        let mut out = String::new();
        self.write_brackets(n, &mut out);
        out
    }

    fn write_brackets(&self, n: NodeId, out: &mut String) {
        out.push('(');
        out.push_str(self.label(n));
        if let Some(w) = &self.nodes[n].word {
            out.push(' ');
            out.push_str(w);
        }
        for &c in self.children(n) {
            out.push(' ');
            self.write_brackets(c, out);
        }
        out.push(')');
    }

    /// The sentence text rebuilt from the words, separated by single spaces.
    pub fn text(&self) -> String {
        let words: Vec<&str> = self.words().map(|n| self.word(n)).collect();
        words.join(" ")
    }
}

/// Pre-order iterator over the nodes below a node.
pub struct Descendants<'a> {
    tree: &'a Tree,
    stack: Vec<NodeId>,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let n = self.stack.pop()?;
        self.stack
            .extend(self.tree.nodes[n].children.iter().rev().copied());
        Some(n)
    }
}
