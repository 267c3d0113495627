//! The raw-text front end: sentence splitter, tokenizer, tagger and
//! shallow parser in a row, plus the shallow parser on arbitrary tags.
#![no_main]

use faultline_lang::tagger::Tagger;
use libfuzzer_sys::fuzz_target;

const TAGS: [&str; 16] = [
    "NN", "NNP", "NNS", "VB", "VBD", "VBZ", "VBN", "VBG", "IN", "DT", "JJ", "RB", "PRP", "CC",
    ",", "MD",
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ranges = faultline_lang::split_sentences(&text);
    let mut last = 0;
    for r in &ranges {
        // ordered, non-overlapping, on character boundaries
        assert!(r.start >= last && r.start <= r.end, "{ranges:?}");
        last = r.end;
        let sentence = text.get(r.clone()).expect("sentence range on char boundaries");
        let tokens = faultline_lang::tokenize(sentence);
        for t in &tokens {
            assert!(
                sentence.get(t.start..t.end).is_some(),
                "token {t:?} outside {sentence:?}"
            );
        }
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        let tags = Tagger::builtin().tag(&words);
        let tags: Vec<&str> = tags.iter().map(|t| t.as_str()).collect();
        let tree = faultline_lang::parse_tagged(&words, &tags);
        let _ = tree.brackets(tree.root());
        // the same words with tags the fuzzer picks
        let picked: Vec<&str> = (0..words.len())
            .map(|i| TAGS[usize::from(data[i % data.len()]) % TAGS.len()])
            .collect();
        let tree = faultline_lang::parse_tagged(&words, &picked);
        let _ = tree.brackets(tree.root());
    }
});
