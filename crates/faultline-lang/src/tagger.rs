//! Penn Treebank part-of-speech tagging with a greedy averaged perceptron.
//!
//! The tagger reads a sentence left to right and gives each word the tag
//! that scores highest under a linear model whose features look at the
//! word, its neighbours, their suffixes and the two tags already chosen
//! (Collins 2002; the feature set of Matthew Honnibal's 2013 tagger, plus a
//! few word-shape features). Frequent unambiguous words ("the", ",") are
//! looked up in a tag dictionary instead.
//!
//! Speed comes from never building a feature string: each word's atoms
//! (normal form, suffixes, shape) are hashed once per sentence, a feature
//! key is a mix of a template number and one or two atom hashes, and keys
//! index an open-addressing table of sparse `(tag, weight)` runs. Tagging
//! allocates per sentence, not per feature.
//!
//! A model is trained by this module ([`Tagger::train`], optionally
//! continuing from another model), saved as a compact checked binary
//! ([`Tagger::save`], weights quantized to `i16`) and loaded with
//! [`Tagger::load`]. The model built into the crate ([`Tagger::builtin`])
//! is `data/tagger/ptb-tagger.fltg`; `scripts/tagger/README.md` says how it
//! is regenerated.
//!
//! ```
//! use faultline_lang::tagger::{Tag, Tagger};
//!
//! let tags = Tagger::builtin().tag(&["Arnor", "accused", "Gondor", "of", "aggression", "."]);
//! assert_eq!(tags[0], Tag::Nnp);
//! assert_eq!(tags[1].as_str(), "VBD");
//! assert_eq!(tags[5], Tag::Period);
//! ```

mod features;
mod model;
mod tags;
mod train;

use std::sync::OnceLock;

pub use features::FeatureSet;
pub use tags::{Tag, TagSet, UnknownTag, NTAGS};
pub use train::{read_tagged_text, EpochStats, TaggedSentence, TrainOptions};

use features::{Context, MAX_FEATURES, START, START2};
use model::{Dict, Entry, Weights};

/// Why a model could not be loaded, imported or trained.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaggerError {
    /// The bytes do not start with the model file's magic number.
    #[error("not a faultline tagger model (bad magic bytes)")]
    NotAModel,
    /// A model file of another format version.
    #[error("tagger model format version {0} is not supported (this build reads version 1)")]
    UnsupportedVersion(u32),
    /// The file is shorter or longer than its header says.
    #[error("tagger model is truncated or has the wrong length")]
    Truncated,
    /// The checksum at the end does not match the contents.
    #[error("tagger model checksum mismatch: the file is damaged")]
    Checksum,
    /// The contents break an invariant of the format.
    #[error("corrupt tagger model: {0}")]
    Corrupt(&'static str),
    /// A line of a text input (tagged sentences, exported weights) is malformed.
    #[error("line {line}: {message}")]
    Text {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A training sentence has a different number of words and tags.
    #[error("training sentence {sentence}: words and tags differ in number")]
    LengthMismatch {
        /// 1-based sentence number.
        sentence: usize,
    },
    /// A training sentence uses a tag outside the 45 Penn Treebank tags.
    #[error("training sentence {sentence}: unknown tag {tag:?}")]
    UnknownTag {
        /// 1-based sentence number.
        sentence: usize,
        /// The tag as written.
        tag: String,
    },
    /// Training was asked to continue from a model with more feature
    /// templates than the options allow.
    #[error("the starting model uses a larger feature set than the training options")]
    IncompatibleInit,
}

/// Sizes of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelStats {
    /// Features with at least one weight.
    pub features: usize,
    /// Non-zero `(feature, tag)` weights.
    pub weights: usize,
    /// Words in the tag dictionary.
    pub dictionary: usize,
}

/// A part-of-speech tagger: perceptron weights and a tag dictionary.
#[derive(Debug, Clone)]
pub struct Tagger {
    set: FeatureSet,
    weights: Weights,
    dict: Dict,
}

/// Reusable buffers for [`Tagger::tag_with`], for callers that tag many
/// sentences and want no allocation per sentence.
#[derive(Debug, Default)]
pub struct Scratch {
    ctx: Context,
}

static BUILTIN_BYTES: &[u8] = include_bytes!("../../../data/tagger/ptb-tagger.fltg");
static BUILTIN: OnceLock<Result<Tagger, TaggerError>> = OnceLock::new();

impl Tagger {
    fn from_parts(set: FeatureSet, features: &[(u64, Vec<Entry>)], dict: &[(u64, u8)]) -> Tagger {
        Tagger {
            set,
            weights: Weights::build(features),
            dict: Dict::build(dict),
        }
    }

    /// Reads a model saved by [`Tagger::save`]. A damaged, truncated or
    /// foreign file is an error.
    pub fn load(bytes: &[u8]) -> Result<Tagger, TaggerError> {
        let (parts, _scale) = model::decode(bytes)?;
        Ok(Tagger::from_parts(parts.set, &parts.features, &parts.dict))
    }

    /// The model built into the crate, parsed on first use.
    ///
    /// Should the embedded file ever fail to load (a test guards against
    /// it), this is an empty model; [`Tagger::try_builtin`] reports why.
    pub fn builtin() -> &'static Tagger {
        static EMPTY: OnceLock<Tagger> = OnceLock::new();
        match Tagger::try_builtin() {
            Ok(t) => t,
            Err(_) => EMPTY.get_or_init(|| Tagger::from_parts(FeatureSet::Classic, &[], &[])),
        }
    }

    /// The model built into the crate, or why it could not be read.
    pub fn try_builtin() -> Result<&'static Tagger, &'static TaggerError> {
        BUILTIN.get_or_init(|| Tagger::load(BUILTIN_BYTES)).as_ref()
    }

    /// Serializes the model (weights quantized to `i16`; weights that
    /// quantize to zero are dropped).
    pub fn save(&self) -> Vec<u8> {
        model::encode(self.set, &self.weights, &self.dict)
    }

    /// Reads perceptron weights exported as text, one item per line
    /// (fields separated by tabs):
    ///
    /// - `dict  WORD  TAG`: a tag-dictionary entry;
    /// - `feat  TEMPLATE  A  B  TAG W TAG W …`: the weights of one feature,
    ///   where `TEMPLATE` is a template name such as `i-1 tag+i word`
    ///   (the spelling of the 2013 tagger), `A` and `B` its arguments (`B`
    ///   empty for one-argument templates), then tag/weight pairs separated
    ///   by spaces.
    ///
    /// Lines starting with `#` are comments. `scripts/tagger/convert_trontagger.py`
    /// writes this format from the `textblob-aptagger` model.
    pub fn import_weights(text: &str) -> Result<Tagger, TaggerError> {
        train::import(text)
    }

    /// Trains a model on `(words, tags)` sentences, starting from `init`
    /// when given (its weights and tag dictionary), for `opts.epochs`
    /// shuffled passes. Deterministic for a given `opts.seed`.
    pub fn train(
        sentences: &[TaggedSentence],
        init: Option<&Tagger>,
        opts: &TrainOptions,
    ) -> Result<Tagger, TaggerError> {
        train::train(sentences, init, opts, &mut |_| {})
    }

    /// [`Tagger::train`], calling `progress` after each pass.
    pub fn train_with_progress(
        sentences: &[TaggedSentence],
        init: Option<&Tagger>,
        opts: &TrainOptions,
        progress: &mut dyn FnMut(&EpochStats),
    ) -> Result<Tagger, TaggerError> {
        train::train(sentences, init, opts, progress)
    }

    /// The feature templates the model uses.
    pub fn feature_set(&self) -> FeatureSet {
        self.set
    }

    /// Sizes of the model.
    pub fn stats(&self) -> ModelStats {
        ModelStats {
            features: self.weights.n_features(),
            weights: self.weights.n_entries(),
            dictionary: self.dict.len(),
        }
    }

    /// Tags one tokenized sentence (Penn Treebank tokens: `n't`, `'s`,
    /// `` `` ``, `-LRB-`, …). Returns one tag per word.
    pub fn tag<S: AsRef<str>>(&self, words: &[S]) -> Vec<Tag> {
        let mut out = Vec::with_capacity(words.len());
        self.tag_with(words, &mut Scratch::default(), &mut out);
        out
    }

    /// Tags one sentence into `out` (cleared first), reusing `scratch`.
    pub fn tag_with<S: AsRef<str>>(&self, words: &[S], scratch: &mut Scratch, out: &mut Vec<Tag>) {
        self.run(words, None, scratch, out);
    }

    /// Tags one sentence choosing each word's tag among `allowed[i]` (an
    /// empty set, or a missing one past the end of `allowed`, allows every
    /// tag). The previous tags seen by later words are the constrained
    /// choices. Useful to refine a coarse annotation into Penn Treebank
    /// tags, or to force known tags.
    pub fn tag_constrained<S: AsRef<str>>(&self, words: &[S], allowed: &[TagSet]) -> Vec<Tag> {
        let mut out = Vec::with_capacity(words.len());
        self.run(words, Some(allowed), &mut Scratch::default(), &mut out);
        out
    }

    fn run<S: AsRef<str>>(
        &self,
        words: &[S],
        allowed: Option<&[TagSet]>,
        scratch: &mut Scratch,
        out: &mut Vec<Tag>,
    ) {
        out.clear();
        let ctx = &mut scratch.ctx;
        ctx.fill(words, self.set);
        let mut feats = [0u64; MAX_FEATURES];
        let (mut prev, mut prev2) = (START, START2);
        for i in 0..ctx.len() {
            let allow = allowed
                .and_then(|a| a.get(i).copied())
                .filter(|a| !a.is_empty())
                .unwrap_or(TagSet::ALL);
            let t = match self.dict.get(ctx.dict_key(i)) {
                Some(t) if allow.contains_index(t as usize) => t as usize,
                _ => {
                    let n = ctx.features(i, prev, prev2, self.set, &mut feats);
                    self.predict(&feats[..n], allow)
                }
            };
            out.push(Tag::from_index(t).unwrap_or(Tag::Nn));
            prev2 = prev;
            prev = t;
        }
    }

    #[inline]
    fn predict(&self, feats: &[u64], allow: TagSet) -> usize {
        let mut scores = [0f32; 64];
        for &f in feats {
            for e in self.weights.get(f) {
                scores[e.tag as usize & 63] += e.weight;
            }
        }
        let mut s = [0f32; NTAGS];
        s.copy_from_slice(&scores[..NTAGS]);
        if allow != TagSet::ALL {
            for (i, v) in s.iter_mut().enumerate() {
                if !allow.contains_index(i) {
                    *v = f32::NEG_INFINITY;
                }
            }
        }
        train::argmax(&s)
    }
}

/// Trains a model from tagged texts in the format of [`read_tagged_text`]
/// (one sentence per line, `word/TAG` tokens), continuing from `init` when
/// given. This is the whole training recipe behind `faultline
/// train-tagger`; the caller reads the files and writes
/// [`Tagger::save`]'s bytes.
///
/// A malformed line is reported as [`TaggerError::Text`] with its line
/// number within its text; call [`read_tagged_text`] per file first to
/// name the file.
pub fn train_from_texts(
    texts: &[&str],
    init: Option<&Tagger>,
    opts: &TrainOptions,
    progress: &mut dyn FnMut(&EpochStats),
) -> Result<Tagger, TaggerError> {
    let mut sentences = Vec::new();
    for t in texts {
        sentences.extend(read_tagged_text(t)?);
    }
    Tagger::train_with_progress(&sentences, init, opts, progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<TaggedSentence> {
        let text = "The/DT dog/NN barks/VBZ ./.\nA/DT cat/NN sleeps/VBZ ./.\n\
                    Dogs/NNS bark/VBP ./.\nThe/DT cats/NNS sleep/VBP ./.\n";
        read_tagged_text(text).unwrap()
    }

    #[test]
    fn trains_saves_and_loads() {
        let opts = TrainOptions {
            dict_min_count: 3,
            min_weight: 0.0,
            ..TrainOptions::default()
        };
        let data = toy();
        let mut seen = 0;
        let t = Tagger::train_with_progress(&data, None, &opts, &mut |_| seen += 1).unwrap();
        assert_eq!(seen, opts.epochs);
        assert_eq!(
            t.tag(&["The", "dog", "sleeps", "."]),
            [Tag::Dt, Tag::Nn, Tag::Vbz, Tag::Period]
        );
        let bytes = t.save();
        let u = Tagger::load(&bytes).unwrap();
        assert_eq!(
            u.tag(&["A", "cat", "barks", "."]),
            t.tag(&["A", "cat", "barks", "."])
        );
        assert_eq!(u.save(), bytes);
        // Same seed, same model.
        assert_eq!(Tagger::train(&data, None, &opts).unwrap().save(), bytes);
        // Continue training from it.
        let v = Tagger::train(&data, Some(&u), &opts).unwrap();
        assert_eq!(v.tag(&["Dogs", "bark"]), [Tag::Nns, Tag::Vbp]);
    }

    #[test]
    fn training_input_errors() {
        let opts = TrainOptions::default();
        let bad = vec![(vec!["a".to_string()], vec![])];
        assert_eq!(
            Tagger::train(&bad, None, &opts).unwrap_err(),
            TaggerError::LengthMismatch { sentence: 1 }
        );
        let bad = vec![(vec!["a".to_string()], vec!["XX".to_string()])];
        assert!(matches!(
            Tagger::train(&bad, None, &opts),
            Err(TaggerError::UnknownTag { sentence: 1, .. })
        ));
        let ext = Tagger::train(&toy(), None, &opts).unwrap();
        let classic = TrainOptions {
            features: FeatureSet::Classic,
            ..opts
        };
        assert_eq!(
            Tagger::train(&toy(), Some(&ext), &classic).unwrap_err(),
            TaggerError::IncompatibleInit
        );
        assert!(train_from_texts(&["a/DT", "b"], None, &classic, &mut |_| {}).is_err());
    }

    #[test]
    fn damaged_models_are_errors() {
        let t = Tagger::train(&toy(), None, &TrainOptions::default()).unwrap();
        let bytes = t.save();
        assert_eq!(Tagger::load(b"").unwrap_err(), TaggerError::NotAModel);
        assert_eq!(
            Tagger::load(b"hello world").unwrap_err(),
            TaggerError::NotAModel
        );
        assert!(Tagger::load(&bytes[..bytes.len() - 1]).is_err());
        assert!(Tagger::load(&bytes[..20]).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Tagger::load(&longer).is_err());
        // Flip every byte in turn: always an error, never a panic.
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            assert!(Tagger::load(&b).is_err(), "byte {i}");
        }
        let mut v = bytes.clone();
        v[8] = 9;
        assert!(Tagger::load(&v).is_err());
    }

    #[test]
    fn builtin_loads_and_handles_odd_input() {
        let t = Tagger::try_builtin().expect("the built-in model loads");
        assert!(t.stats().features > 1000);
        let empty: [&str; 0] = [];
        assert!(t.tag(&empty).is_empty());
        let odd = [
            "", " ", "\u{0}", "ÿÿÿ", "-", "--", "1999", "١٢٣", "a-b-c", "🙂",
        ];
        assert_eq!(t.tag(&odd).len(), odd.len());
        let long: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        assert_eq!(t.tag(&long).len(), 5000);
    }
}
