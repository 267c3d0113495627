//! Accuracy of the built-in part-of-speech tagger against the gold parses
//! of the PETRARCH fixtures.
//!
//! Every `<Parse>` of `PETR.UnitTest.records.xml` and
//! `GigaWord.sample.PETR.xml` is read with `parse_ptb`; its words are
//! tagged and compared with the preterminal labels. These files are an
//! evaluation set only: the model is never trained on them.
//!
//! PETRARCH marks auxiliaries with tags of its own (`AUXD had`, `AUXZ
//! has`); they are scored as the Penn Treebank verb tag they stand for
//! (`AUXD` → `VBD`, `AUXB` → `VB`, …). Any other gold label outside the
//! 45 tags counts as an error. Parses whose brackets do not read are
//! skipped.
//!
//! Set `FAULTLINE_TAGGER_MODEL=path` to score another model file.
//! `cargo test --release -p faultline-lang --test tagger_accuracy -- --ignored --nocapture`
//! also measures tagging speed.

use std::time::Instant;

use faultline_lang::parse_ptb;
use faultline_lang::tagger::{Scratch, Tag, TaggedSentence, Tagger};

const FILES: [&str; 2] = ["PETR.UnitTest.records.xml", "GigaWord.sample.PETR.xml"];

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../tests/fixtures/petrarch/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The `(words, gold labels)` of every readable parse in `xml`, and the
/// number of parses skipped.
fn gold_sentences(xml: &str) -> (Vec<TaggedSentence>, usize) {
    let mut out = Vec::new();
    let mut skipped = 0;
    let mut rest = xml;
    while let Some(start) = rest.find("<Parse>") {
        let body = &rest[start + "<Parse>".len()..];
        let Some(end) = body.find("</Parse>") else {
            break;
        };
        match parse_ptb(&body[..end]) {
            Ok(tree) => {
                let (words, labels) = tree
                    .words()
                    .map(|n| {
                        let label = tree.label(n);
                        (tree.word(n).to_string(), ptb_label(label).to_string())
                    })
                    .unzip();
                out.push((words, labels));
            }
            Err(_) => skipped += 1,
        }
        rest = &body[end..];
    }
    (out, skipped)
}

/// PETRARCH's auxiliary tags as the Penn Treebank tag they stand for.
fn ptb_label(label: &str) -> &str {
    match label {
        "AUX" | "AUXB" => "VB",
        "AUXD" => "VBD",
        "AUXG" => "VBG",
        "AUXN" => "VBN",
        "AUXP" => "VBP",
        "AUXZ" => "VBZ",
        other => other,
    }
}

fn model() -> Tagger {
    match std::env::var_os("FAULTLINE_TAGGER_MODEL") {
        Some(p) => {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
            Tagger::load(&bytes).unwrap_or_else(|e| panic!("{p:?}: {e}"))
        }
        None => Tagger::try_builtin()
            .expect("the built-in tagger model loads")
            .clone(),
    }
}

#[test]
fn builtin_tagger_reaches_96_percent_on_the_petrarch_parses() {
    let tagger = model();
    let (mut all_ok, mut all_n) = (0usize, 0usize);
    for name in FILES {
        let (sentences, skipped) = gold_sentences(&fixture(name));
        assert!(sentences.len() > 50, "{name}: too few parses read");
        assert!(skipped <= 4, "{name}: {skipped} parses skipped");
        let (mut ok, mut n) = (0usize, 0usize);
        for (words, gold) in &sentences {
            let tags = tagger.tag(words);
            assert_eq!(tags.len(), words.len());
            ok += tags
                .iter()
                .zip(gold)
                .filter(|(t, g)| t.as_str() == *g)
                .count();
            n += words.len();
        }
        println!(
            "{name}: {} sentences ({skipped} skipped), {ok}/{n} tokens = {:.2}%",
            sentences.len(),
            100.0 * ok as f64 / n as f64
        );
        all_ok += ok;
        all_n += n;
    }
    let acc = all_ok as f64 / all_n as f64;
    println!("overall: {all_ok}/{all_n} tokens = {:.2}%", 100.0 * acc);
    assert!(acc >= 0.96, "accuracy {:.4} is below 0.96", acc);
}

#[test]
fn gold_labels_are_penn_treebank_tags() {
    // The scoring above compares strings; make sure the gold side speaks
    // the same 45 tags (after the AUX mapping), so no token is lost to a
    // spelling difference.
    for name in FILES {
        let (sentences, _) = gold_sentences(&fixture(name));
        let unknown: usize = sentences
            .iter()
            .flat_map(|(_, g)| g)
            .filter(|g| Tag::parse(g).is_none())
            .count();
        assert_eq!(unknown, 0, "{name}: gold labels outside the tag set");
    }
}

#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn tagging_speed() {
    let path = format!(
        "{}/../../data/tagger/ptb-tagger.fltg",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let start = Instant::now();
    let loaded = Tagger::load(&bytes).expect("the shipped model loads");
    println!(
        "load: {} bytes in {:.1?}, {:?}",
        bytes.len(),
        start.elapsed(),
        loaded.stats()
    );
    let tagger = model();
    let mut sentences = Vec::new();
    for name in FILES {
        sentences.extend(gold_sentences(&fixture(name)).0);
    }
    let words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|(w, _)| w.iter().map(String::as_str).collect())
        .collect();
    let per_pass: usize = words.iter().map(Vec::len).sum();
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    let mut first: Option<usize> = None;
    let passes = 200;
    let start = Instant::now();
    for _ in 0..passes {
        let mut nouns = 0;
        for w in &words {
            tagger.tag_with(w, &mut scratch, &mut out);
            nouns += out.iter().filter(|t| t.is_noun()).count();
        }
        // Every pass must tag the same way.
        assert_eq!(*first.get_or_insert(nouns), nouns);
    }
    let secs = start.elapsed().as_secs_f64();
    let tokens = (per_pass * passes) as f64;
    println!(
        "{:.0} tokens/s, {:.0} ns/token, {:.0} sentences/s ({} tokens per pass)",
        tokens / secs,
        1e9 * secs / tokens,
        (words.len() * passes) as f64 / secs,
        per_pass
    );
}
