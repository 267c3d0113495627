//! The raw-text front end: tokenizer, tagger and shallow parser in a row.

use faultline_lang::tagger::Tagger;
use faultline_lang::Tree;

/// The tree of one sentence of raw text.
pub fn analyze(sentence: &str) -> Tree {
    let tokens = faultline_lang::tokenize(sentence);
    let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    let tags = Tagger::builtin().tag(&words);
    let tags: Vec<&str> = tags.iter().map(|t| t.as_str()).collect();
    faultline_lang::parse_tagged(&words, &tags)
}
