//! Builds a part-of-speech tagger model; see `scripts/tagger/README.md`.
//!
//! ```text
//! cargo run --release -p faultline-lang --example train_tagger -- \
//!     [--import WEIGHTS.tsv | --init MODEL.fltg] [--classic] [--epochs N] \
//!     [--seed N] [--min-weight W] [--eval TAGGED.txt]... \
//!     [--relabel IN OUT]... --out MODEL.fltg [TRAIN.txt ...]
//! ```
//!
//! `--relabel IN OUT` (repeatable) then tags the sentences of IN, whose
//! tokens are `word/TAG|TAG|…` candidate sets, choosing each word's tag
//! among its candidates with the model, and writes `word/TAG` lines to OUT.
//!
//! `--import` starts from perceptron weights exported as text (the output
//! of `scripts/tagger/convert_trontagger.py`), `--init` from a saved model.
//! Without training files the starting model is saved as it is. `--eval`
//! prints token accuracy on held-out tagged text after training.

use std::error::Error;
use std::time::Instant;

use faultline_lang::tagger::{read_tagged_text, FeatureSet, Tag, TagSet, Tagger, TrainOptions};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let mut opts = TrainOptions::default();
    let mut init: Option<Tagger> = None;
    let mut out: Option<String> = None;
    let mut evals: Vec<String> = Vec::new();
    let mut train: Vec<String> = Vec::new();
    let mut relabel: Vec<(String, String)> = Vec::new();
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--import" => {
                let p = value()?;
                let text = std::fs::read_to_string(&p).map_err(|e| format!("{p}: {e}"))?;
                init = Some(Tagger::import_weights(&text).map_err(|e| format!("{p}: {e}"))?);
            }
            "--init" => {
                let p = value()?;
                let bytes = std::fs::read(&p).map_err(|e| format!("{p}: {e}"))?;
                init = Some(Tagger::load(&bytes).map_err(|e| format!("{p}: {e}"))?);
            }
            "--classic" => opts.features = FeatureSet::Classic,
            "--epochs" => opts.epochs = value()?.parse()?,
            "--seed" => opts.seed = value()?.parse()?,
            "--min-weight" => opts.min_weight = value()?.parse()?,
            "--init-scale" => opts.init_scale = value()?.parse()?,
            "--dict-min-count" => opts.dict_min_count = value()?.parse()?,
            "--eval" => evals.push(value()?),
            "--out" => out = Some(value()?),
            "--relabel" => {
                let i = value()?;
                let o = value()?;
                relabel.push((i, o));
            }
            _ if a.starts_with("--") => return Err(format!("unknown option {a}").into()),
            _ => train.push(a),
        }
    }
    let out = out.ok_or("--out MODEL is required")?;

    let mut sentences = Vec::new();
    for p in &train {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"))?;
        let s = read_tagged_text(&text).map_err(|e| format!("{p}: {e}"))?;
        eprintln!("{p}: {} sentences", s.len());
        sentences.extend(s);
    }
    let tagger = if sentences.is_empty() {
        init.ok_or("nothing to do: give training files or --import/--init")?
    } else {
        if let Some(t) = &init {
            if t.feature_set() > opts.features {
                opts.features = t.feature_set();
            }
        }
        let start = Instant::now();
        let t = Tagger::train_with_progress(&sentences, init.as_ref(), &opts, &mut |e| {
            eprintln!(
                "epoch {}: {:.2}% of {} tokens ({:.1?})",
                e.epoch,
                100.0 * e.accuracy(),
                e.tokens,
                start.elapsed()
            );
        })?;
        eprintln!("trained in {:.1?}", start.elapsed());
        t
    };
    let bytes = tagger.save();
    std::fs::write(&out, &bytes).map_err(|e| format!("{out}: {e}"))?;
    // Evaluate what was written, quantization included.
    let saved = Tagger::load(&bytes)?;
    let s = saved.stats();
    eprintln!(
        "{out}: {} bytes, {} features, {} weights, {} dictionary words",
        bytes.len(),
        s.features,
        s.weights,
        s.dictionary
    );
    for p in &evals {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"))?;
        let (mut ok, mut n) = (0usize, 0usize);
        for (words, tags) in read_tagged_text(&text).map_err(|e| format!("{p}: {e}"))? {
            for (t, g) in saved.tag(&words).iter().zip(&tags) {
                ok += usize::from(t.as_str() == g);
                n += 1;
            }
        }
        eprintln!(
            "{p}: {ok}/{n} = {:.2}%",
            100.0 * ok as f64 / n.max(1) as f64
        );
    }
    for (i, o) in &relabel {
        let text = std::fs::read_to_string(i).map_err(|e| format!("{i}: {e}"))?;
        let mut out = String::with_capacity(text.len());
        let mut changed = 0usize;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let mut words = Vec::new();
            let mut allowed = Vec::new();
            for tok in line.split_whitespace() {
                let (w, c) = tok
                    .rsplit_once('/')
                    .ok_or_else(|| format!("{i}:{}: token {tok:?} has no /TAGS", n + 1))?;
                let set = c
                    .split('|')
                    .map(|t| t.parse::<Tag>())
                    .collect::<Result<TagSet, _>>()
                    .map_err(|e| format!("{i}:{}: {e}", n + 1))?;
                words.push(w);
                allowed.push(set);
            }
            let tags = saved.tag_constrained(&words, &allowed);
            for (k, (w, t)) in words.iter().zip(&tags).enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                out.push_str(w);
                out.push('/');
                out.push_str(t.as_str());
                changed += usize::from(allowed[k].len() > 1);
            }
            out.push('\n');
        }
        std::fs::write(o, out).map_err(|e| format!("{o}: {e}"))?;
        eprintln!("{o}: relabelled, {changed} tokens had a choice");
    }
    Ok(())
}
