//! The check the sentence tables share (composition, coverage, actor
//! precision): each sentence is coded from raw text (built-in tokenizer,
//! tagger and shallow parser) with the built-in dictionaries in document
//! mode, on 2024-03-12, and must give exactly the (source, target, code)
//! triples listed, in any order; an empty list means no event.

use std::collections::BTreeSet;

use faultline_coder::{Coder, Config};
use faultline_dict::Dictionaries;

const DATE: u32 = 20240312;

/// (source, target, code) as the dictionaries write them.
pub type Triple<'a> = (&'a str, &'a str, &'a str);

fn tree(text: &str) -> faultline_lang::Tree {
    let tokens = faultline_lang::tokenize(text);
    let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    let tags = faultline_lang::tagger::Tagger::builtin().tag(&words);
    let tags: Vec<&str> = tags.iter().map(|t| t.as_str()).collect();
    faultline_lang::parse_tagged(&words, &tags)
}

fn events(coder: &Coder<'_>, text: &str) -> BTreeSet<(String, String, String)> {
    let coded = coder.code_sentence(text, &tree(text), DATE).expect("codes");
    coded
        .events
        .into_iter()
        .filter(|e| coder.keeps(e))
        .map(|e| (e.source.code, e.target.code, e.code))
        .collect()
}

/// Codes every case and fails once, listing every sentence whose events
/// differ from those wanted.
pub fn check(cases: &[(&str, &[Triple<'_>])]) {
    let (dicts, _) = Dictionaries::builtin();
    let mut coder = Coder::new(&dicts);
    coder.config = Config {
        discourse: true,
        ..Config::default()
    };
    let mut failures = Vec::new();
    for (text, want) in cases {
        let want: BTreeSet<(String, String, String)> = want
            .iter()
            .map(|(s, t, c)| (s.to_string(), t.to_string(), c.to_string()))
            .collect();
        let got = events(&coder, text);
        if got != want {
            failures.push(format!("{text}\n   want {want:?}\n   got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
