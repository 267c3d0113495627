//! A pattern coded `[---]` is a null code: when it is the best match the
//! verb codes nothing (TABARI's and PETRARCH's meaning), instead of falling
//! back to the verb's own code.

use faultline_coder::Coder;
use faultline_dict::{Dictionaries, Kind, Source};

#[test]
fn a_null_pattern_codes_nothing() {
    let verbs = "--- ASSEMBLE [040] ---\nCONVENE\n- * (FOR ASSEMBLY) [---]\n- * TALKS [046]\n";
    let actors = "ARNOR [ARN]\nGONDOR [GON]\n";
    let (dicts, diags) = Dictionaries::load(&[
        Source::new(Kind::Verbs, "v.txt", verbs),
        Source::new(Kind::Actors, "a.txt", actors),
    ]);
    assert!(diags.is_empty(), "{diags:?}");
    let coder = Coder::new(&dicts);
    let code = |text: &str, parse: &str| -> Vec<String> {
        coder
            .code_parsed(text, parse, 20220620)
            .unwrap()
            .events
            .into_iter()
            .map(|e| format!("{} {} {}", e.source.code, e.target.code, e.code))
            .collect()
    };
    let plain = code(
        "Arnor convened Gondor .",
        "(ROOT (S (NP (NNP Arnor)) (VP (VBD convened) (NP (NNP Gondor))) (. .)))",
    );
    assert_eq!(plain, ["ARN GON 040"]);
    let talks = code(
        "Arnor convened talks with Gondor .",
        "(ROOT (S (NP (NNP Arnor)) (VP (VBD convened) (NP (NNS talks)) (PP (IN with) (NP (NNP Gondor)))) (. .)))",
    );
    assert_eq!(talks, ["ARN GON 046"]);
    let null = code(
        "Arnor convened Gondor for assembly .",
        "(ROOT (S (NP (NNP Arnor)) (VP (VBD convened) (NP (NNP Gondor)) (PP (IN for) (NP (NN assembly)))) (. .)))",
    );
    assert!(null.is_empty(), "{null:?}");
}
