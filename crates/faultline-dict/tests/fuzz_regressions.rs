//! Dictionary inputs found while fuzzing (`fuzz/`, target `dict`; see
//! FUZZING.md), kept as tests that run without the fuzzer.

use std::time::{Duration, Instant};

use faultline_dict::{Dictionaries, Kind, Source};

/// A verb listed in thousands of blocks, each with a pattern whose comment
/// names it: scoping the patterns looked up every block's form of the verb
/// in a list of the ones already found, once per pattern, which is cubic
/// (fuzz build: 1,000 blocks took 13 s, 2,000 took 102 s).
#[test]
fn a_verb_in_thousands_of_blocks_loads_in_time() {
    let n = 5_000;
    let text: String = (0..n)
        .map(|i| {
            format!(
                "--- B{i} [190] ---\nATTACK\n- * TOWN [19{}]  # ATTACK\n",
                i % 10
            )
        })
        .collect();
    let start = Instant::now();
    let (dicts, diags) = Dictionaries::load(&[Source::new(Kind::Verbs, "many.verbs.txt", &text)]);
    let took = start.elapsed();
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(dicts.verbs.families.len(), n);
    // each pattern names its block's only verb, so it applies to the block
    assert!(dicts
        .verbs
        .families
        .iter()
        .all(|f| f.patterns.len() == 1 && f.patterns[0].verbs.is_none()));
    assert!(took < Duration::from_secs(30), "took {took:?}");
}
