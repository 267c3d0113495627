//! Training: a greedy averaged perceptron, and the two text formats that
//! feed it (tagged sentences, and exported perceptron weights).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::features::{
    atom, dict_key, key, template_arity, Context, FeatureSet, MAX_FEATURES, START, START2,
    TEMPLATE_NAMES,
};
use super::model::Entry;
use super::tags::{Tag, NTAGS};
use super::{Tagger, TaggerError};

/// One training sentence: its words and their tags, index for index.
pub type TaggedSentence = (Vec<String>, Vec<String>);

/// Settings for [`Tagger::train`].
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Passes over the training sentences. Default 5.
    pub epochs: usize,
    /// Seed of the shuffle between passes; the same seed and data give the
    /// same model, bit for bit.
    pub seed: u64,
    /// Feature templates of the new model. When starting from a model,
    /// this must not be smaller than that model's set.
    pub features: FeatureSet,
    /// A word enters the tag dictionary (and is then tagged without the
    /// perceptron) when it was seen at least this often …
    pub dict_min_count: u32,
    /// … and with its most frequent tag at least this share of the time.
    pub dict_min_share: f64,
    /// Averaged weights smaller than this (in absolute value) are dropped,
    /// which keeps the model file small.
    pub min_weight: f32,
    /// Multiplier of the starting model's weights. Above 1 the new data
    /// moves the model less (the start acts as a stronger prior).
    pub init_scale: f32,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 5,
            seed: 0x5eed_f417_1ea5_0001,
            features: FeatureSet::Extended,
            dict_min_count: 20,
            dict_min_share: 0.97,
            min_weight: 0.01,
            init_scale: 1.0,
        }
    }
}

/// What one training pass did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochStats {
    /// 1-based pass number.
    pub epoch: usize,
    /// Tokens tagged correctly during the pass (before averaging).
    pub correct: usize,
    /// Tokens seen.
    pub tokens: usize,
}

impl EpochStats {
    /// `correct / tokens`, 0 for an empty pass.
    pub fn accuracy(&self) -> f64 {
        if self.tokens == 0 {
            0.0
        } else {
            self.correct as f64 / self.tokens as f64
        }
    }
}

/// A hasher for keys that are already uniformly mixed.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8)) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// SplitMix64, for a shuffle that is the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        super::features::fmix(self.0)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Weights of one feature while training: current value, running total
/// and the step of the last change, per tag.
struct Row {
    w: [f32; NTAGS],
    total: [f64; NTAGS],
    stamp: [u32; NTAGS],
}

impl Row {
    fn new() -> Box<Row> {
        Box::new(Row {
            w: [0.0; NTAGS],
            total: [0.0; NTAGS],
            stamp: [0; NTAGS],
        })
    }
}

struct Perceptron {
    rows: IdMap<Box<Row>>,
    step: u32,
}

impl Perceptron {
    fn predict(&self, feats: &[u64]) -> usize {
        let mut scores = [0f32; NTAGS];
        for f in feats {
            if let Some(r) = self.rows.get(f) {
                for (s, w) in scores.iter_mut().zip(r.w.iter()) {
                    *s += *w;
                }
            }
        }
        argmax(&scores)
    }

    fn update(&mut self, truth: usize, guess: usize, feats: &[u64]) {
        self.step = self.step.saturating_add(1);
        if truth == guess {
            return;
        }
        let step = self.step;
        for f in feats {
            let r = self.rows.entry(*f).or_insert_with(Row::new);
            for (c, v) in [(truth, 1.0f32), (guess, -1.0f32)] {
                r.total[c] += f64::from(step - r.stamp[c]) * f64::from(r.w[c]);
                r.stamp[c] = step;
                r.w[c] += v;
            }
        }
    }

    fn averaged(&self, min_weight: f32) -> Vec<(u64, Vec<Entry>)> {
        let step = self.step;
        let mut out: Vec<(u64, Vec<Entry>)> = self
            .rows
            .iter()
            .filter_map(|(k, r)| {
                let es: Vec<Entry> = (0..NTAGS)
                    .filter_map(|c| {
                        let w = if step == 0 {
                            r.w[c]
                        } else {
                            let total =
                                r.total[c] + f64::from(step - r.stamp[c]) * f64::from(r.w[c]);
                            (total / f64::from(step)) as f32
                        };
                        (w.abs() >= min_weight && w != 0.0).then_some(Entry {
                            tag: c as u8,
                            weight: w,
                        })
                    })
                    .collect();
                (!es.is_empty()).then_some((*k, es))
            })
            .collect();
        out.sort_by_key(|f| f.0);
        out
    }
}

/// Index of the highest score; on a tie the later tag wins.
#[inline]
pub(crate) fn argmax(scores: &[f32; NTAGS]) -> usize {
    let mut best = 0;
    let mut top = f32::NEG_INFINITY;
    for (i, &s) in scores.iter().enumerate() {
        if s >= top {
            top = s;
            best = i;
        }
    }
    best
}

/// Trains a model; see [`Tagger::train`].
pub(crate) fn train(
    sentences: &[TaggedSentence],
    init: Option<&Tagger>,
    opts: &TrainOptions,
    progress: &mut dyn FnMut(&EpochStats),
) -> Result<Tagger, TaggerError> {
    if let Some(t) = init {
        if t.set > opts.features {
            return Err(TaggerError::IncompatibleInit);
        }
    }
    // Tags as indices, checked once.
    let mut gold: Vec<Vec<u8>> = Vec::with_capacity(sentences.len());
    for (i, (words, tags)) in sentences.iter().enumerate() {
        if words.len() != tags.len() {
            return Err(TaggerError::LengthMismatch { sentence: i + 1 });
        }
        let g = tags
            .iter()
            .map(|t| {
                Tag::parse(t)
                    .map(|t| t as u8)
                    .ok_or_else(|| TaggerError::UnknownTag {
                        sentence: i + 1,
                        tag: t.clone(),
                    })
            })
            .collect::<Result<Vec<u8>, TaggerError>>()?;
        gold.push(g);
    }

    let dict = build_dict(sentences, &gold, init, opts);
    let dict_table = super::model::Dict::build(&dict);

    let mut p = Perceptron {
        rows: IdMap::default(),
        step: 0,
    };
    if let Some(t) = init {
        for (k, es) in t.weights.iter() {
            let mut r = Row::new();
            for e in es {
                if let Some(w) = r.w.get_mut(e.tag as usize) {
                    *w = e.weight * opts.init_scale;
                }
            }
            p.rows.insert(k, r);
        }
    }

    let set = opts.features;
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut rng = Rng(opts.seed);
    let mut ctx = Context::default();
    let mut feats = [0u64; MAX_FEATURES];
    for epoch in 1..=opts.epochs {
        let mut stats = EpochStats {
            epoch,
            correct: 0,
            tokens: 0,
        };
        for &s in &order {
            let words = &sentences[s].0;
            let tags = &gold[s];
            ctx.fill(words, set);
            let (mut prev, mut prev2) = (START, START2);
            for (i, &truth) in tags.iter().enumerate() {
                let guess = match dict_table.get(ctx.dict_key(i)) {
                    Some(t) => t as usize,
                    None => {
                        let n = ctx.features(i, prev, prev2, set, &mut feats);
                        let g = p.predict(&feats[..n]);
                        p.update(truth as usize, g, &feats[..n]);
                        g
                    }
                };
                stats.correct += usize::from(guess == truth as usize);
                stats.tokens += 1;
                prev2 = prev;
                prev = guess;
            }
        }
        progress(&stats);
        rng.shuffle(&mut order);
    }
    let features = p.averaged(opts.min_weight);
    Ok(Tagger::from_parts(set, &features, &dict))
}

/// The tag dictionary: frequent, nearly unambiguous words. Entries of the
/// starting model stay unless the new data shows the word to be ambiguous.
fn build_dict(
    sentences: &[TaggedSentence],
    gold: &[Vec<u8>],
    init: Option<&Tagger>,
    opts: &TrainOptions,
) -> Vec<(u64, u8)> {
    let mut counts: HashMap<&str, [u32; NTAGS]> = HashMap::new();
    for ((words, _), tags) in sentences.iter().zip(gold) {
        for (w, &t) in words.iter().zip(tags) {
            counts.entry(w.as_str()).or_insert([0; NTAGS])[t as usize % NTAGS] += 1;
        }
    }
    let mut dict: IdMap<u8> = IdMap::default();
    if let Some(t) = init {
        dict.extend(t.dict.iter());
    }
    for (w, c) in &counts {
        let n: u32 = c.iter().sum();
        if n < opts.dict_min_count {
            continue;
        }
        let best = argmax(&c.map(|x| x as f32));
        let k = dict_key(w);
        if f64::from(c[best]) / f64::from(n) >= opts.dict_min_share {
            dict.insert(k, best as u8);
        } else {
            dict.remove(&k);
        }
    }
    let mut out: Vec<(u64, u8)> = dict.into_iter().collect();
    out.sort_unstable();
    out
}

/// Reads tagged sentences: one sentence per line, tokens separated by
/// spaces or tabs, each token `word/TAG` split at its last `/` (so a word
/// may itself contain `/`, as in `1\/2`). Blank lines and lines starting
/// with `#` are skipped.
pub fn read_tagged_text(text: &str) -> Result<Vec<TaggedSentence>, TaggerError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = Vec::new();
        let mut tags = Vec::new();
        for tok in line.split_whitespace() {
            let (w, t) = tok.rsplit_once('/').ok_or_else(|| TaggerError::Text {
                line: n + 1,
                message: format!("token {tok:?} has no /TAG"),
            })?;
            if w.is_empty() || Tag::parse(t).is_none() {
                return Err(TaggerError::Text {
                    line: n + 1,
                    message: format!("token {tok:?} is not word/TAG with a Penn Treebank tag"),
                });
            }
            words.push(w.to_string());
            tags.push(t.to_string());
        }
        out.push((words, tags));
    }
    Ok(out)
}

/// Reads exported perceptron weights (see [`Tagger::import_weights`]).
pub(crate) fn import(text: &str) -> Result<Tagger, TaggerError> {
    let mut feats: IdMap<Vec<Entry>> = IdMap::default();
    let mut dict: IdMap<u8> = IdMap::default();
    let mut set = FeatureSet::Classic;
    let err = |line: usize, message: String| TaggerError::Text { line, message };
    let parse_tag = |line: usize, t: &str| {
        Tag::parse(t)
            .map(|t| t as u8)
            .ok_or_else(|| err(line, format!("unknown tag {t:?}")))
    };
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["dict", word, tag] => {
                dict.insert(dict_key(word), parse_tag(n, tag)?);
            }
            ["feat", name, a, b, weights] => {
                let t = TEMPLATE_NAMES
                    .iter()
                    .position(|x| x == name)
                    .ok_or_else(|| err(n, format!("unknown feature template {name:?}")))?;
                if t >= 14 {
                    set = FeatureSet::Extended;
                }
                let (ka, kb) = match template_arity(t) {
                    0 => (0, 0),
                    1 => (atom(a), 0),
                    _ => (atom(a), atom(b)),
                };
                let es = feats.entry(key(t, ka, kb)).or_default();
                let mut it = weights.split(' ').filter(|s| !s.is_empty());
                while let Some(tag) = it.next() {
                    let tag = parse_tag(n, tag)?;
                    let w: f32 = it
                        .next()
                        .and_then(|w| w.parse().ok())
                        .filter(|w: &f32| w.is_finite())
                        .ok_or_else(|| err(n, "weights must be `TAG value` pairs".into()))?;
                    match es.iter_mut().find(|e| e.tag == tag) {
                        Some(e) => e.weight += w,
                        None => es.push(Entry { tag, weight: w }),
                    }
                }
            }
            _ => return Err(err(
                n,
                "expected `dict<TAB>word<TAB>TAG` or `feat<TAB>template<TAB>a<TAB>b<TAB>TAG w …`"
                    .into(),
            )),
        }
    }
    let mut features: Vec<(u64, Vec<Entry>)> =
        feats.into_iter().filter(|(_, es)| !es.is_empty()).collect();
    features.sort_by_key(|f| f.0);
    let mut dict: Vec<(u64, u8)> = dict.into_iter().collect();
    dict.sort_unstable();
    Ok(Tagger::from_parts(set, &features, &dict))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tagged_text() {
        let s = read_tagged_text("# c\nThe/DT 1\\/2/CD cats/NNS ./.\n\n``/`` no/DT\n").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].0, ["The", "1\\/2", "cats", "."]);
        assert_eq!(s[0].1, ["DT", "CD", "NNS", "."]);
        assert!(matches!(
            read_tagged_text("a/DT\nb/XX"),
            Err(TaggerError::Text { line: 2, .. })
        ));
        assert!(read_tagged_text("word").is_err());
        assert!(read_tagged_text("/DT").is_err());
    }

    #[test]
    fn shuffle_is_deterministic() {
        let mut a: Vec<u32> = (0..50).collect();
        let mut b = a.clone();
        Rng(7).shuffle(&mut a);
        Rng(7).shuffle(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..50).collect::<Vec<u32>>());
    }

    #[test]
    fn import_rejects_junk() {
        assert!(import("feat\tnope\tx\t\tNN 1").is_err());
        assert!(import("feat\ti word\tx\t\tNN").is_err());
        assert!(import("feat\ti word\tx\t\tXX 1").is_err());
        assert!(import("dict\tx").is_err());
        let t = import("dict\tthe\tDT\nfeat\ti word\tdog\t\tNN 2.5 VB -1\n").unwrap();
        assert_eq!(t.tag(&["the", "dog"]), [Tag::Dt, Tag::Nn]);
    }
}
