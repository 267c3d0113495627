//! Penn Treebank bracketed trees (PETRARCH's gold parses).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    if let Ok(tree) = faultline_lang::parse_ptb(&s) {
        // a tree that was read can be written and walked
        let _ = tree.brackets(tree.root());
        let _ = tree.text();
        for n in tree.words() {
            let _ = tree.words_under(n);
        }
    }
});
