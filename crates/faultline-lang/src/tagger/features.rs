//! Feature extraction: every feature is a 64-bit key, computed without
//! building a string.
//!
//! A feature is a template (such as "i-1 tag+i word") applied to one or two
//! atoms (a word form, a suffix, a tag). Each atom is hashed once per
//! sentence ([`Context`]); a feature key is a cheap mix of the template
//! number and the atom hashes ([`key`]). Tagging a token thus costs a few
//! multiplications per feature and one hash-table probe, and allocates
//! nothing per feature.
//!
//! The templates and the word normalization follow the greedy averaged
//! perceptron that Matthew Honnibal described in 2013 (the tagger of
//! `textblob-aptagger`), so a model trained with that feature set can be
//! imported; [`FeatureSet::Extended`] adds a few shape features of our own.

use super::tags::NTAGS;

/// Which feature templates a model uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FeatureSet {
    /// The 14 templates of the 2013 greedy averaged perceptron.
    Classic,
    /// `Classic` plus word shape, shape at sentence start, previous tag with
    /// suffix, and the first character of the next word.
    Extended,
}

impl FeatureSet {
    pub(crate) fn code(self) -> u32 {
        match self {
            FeatureSet::Classic => 1,
            FeatureSet::Extended => 2,
        }
    }

    pub(crate) fn from_code(c: u32) -> Option<FeatureSet> {
        match c {
            1 => Some(FeatureSet::Classic),
            2 => Some(FeatureSet::Extended),
            _ => None,
        }
    }
}

/// Template names, indexed by template number. The first 14 are spelled as
/// in the 2013 tagger so its weights can be imported by name.
pub(crate) const TEMPLATE_NAMES: [&str; MAX_FEATURES] = [
    "bias",
    "i suffix",
    "i pref1",
    "i-1 tag",
    "i-2 tag",
    "i tag+i-2 tag",
    "i word",
    "i-1 tag+i word",
    "i-1 word",
    "i-1 suffix",
    "i-2 word",
    "i+1 word",
    "i+1 suffix",
    "i+2 word",
    "i shape",
    "i shape+first",
    "i-1 tag+i suffix",
    "i+1 pref1",
];

const N_CLASSIC: usize = 14;
/// Features per token in the largest feature set.
pub(crate) const MAX_FEATURES: usize = 18;

/// Number of templates that take two atoms (the rest take one, `bias` none).
pub(crate) fn template_arity(t: usize) -> usize {
    match t {
        0 => 0,
        5 | 7 | 16 => 2,
        _ => 1,
    }
}

/// FNV-1a over bytes. `const` so the tag atoms are computed at compile time.
pub(crate) const fn hash_bytes(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < b.len() {
        h ^= b[i] as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    h
}

/// The atom hash of a string (a word form, a suffix, a tag name).
pub(crate) fn atom(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// A bijective 64-bit finalizer (MurmurHash3's `fmix64`).
pub(crate) const fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// The key of template `t` applied to atoms `a` and `b` (0 when unused).
/// Never 0, which the hash tables use for an empty slot.
#[inline]
pub(crate) fn key(t: usize, a: u64, b: u64) -> u64 {
    let seed = (t as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let h = fmix(fmix(a ^ seed) ^ b.rotate_left(29) ^ 0x2545_f491_4f6c_dd1d);
    if h == 0 {
        1
    } else {
        h
    }
}

/// The key under which a word's dictionary tag is stored.
pub(crate) fn dict_key(word: &str) -> u64 {
    key(63, atom(word), 0)
}

/// Index of the sentence-start pseudo-tags in [`TAG_ATOMS`].
pub(crate) const START: usize = NTAGS;
pub(crate) const START2: usize = NTAGS + 1;

const PSEUDO_NAMES: [&str; NTAGS + 2] = [
    "#", "$", "''", ",", "-LRB-", "-RRB-", ".", ":", "CC", "CD", "DT", "EX", "FW", "IN", "JJ",
    "JJR", "JJS", "LS", "MD", "NN", "NNP", "NNPS", "NNS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR",
    "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$",
    "WRB", "``", "-START-", "-START2-",
];

const fn tag_atoms() -> [u64; NTAGS + 2] {
    let mut out = [0u64; NTAGS + 2];
    let mut i = 0;
    while i < NTAGS + 2 {
        out[i] = hash_bytes(PSEUDO_NAMES[i].as_bytes());
        i += 1;
    }
    out
}

/// Atom hashes of the 45 tags (by index) and of `-START-`, `-START2-`.
pub(crate) const TAG_ATOMS: [u64; NTAGS + 2] = tag_atoms();

const END_ATOM: u64 = hash_bytes(b"-END-");

/// Padding words around a sentence, as the 2013 tagger spells them.
const PAD_BEFORE: [&str; 2] = ["-START-", "-START2-"];
const PAD_AFTER: [&str; 2] = ["-END-", "-END2-"];

/// The last `n` characters of `s` (all of `s` if it is shorter).
fn last_chars(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n - 1) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

/// The first character of `s` ("" for an empty string).
fn first_char(s: &str) -> &str {
    match s.chars().next() {
        Some(c) => &s[..c.len_utf8()],
        None => "",
    }
}

/// Appends the normalized form of `word` to `buf`: `!HYPHEN` for an inner
/// hyphen, `!YEAR` for four digits, `!DIGITS` for a leading digit, else the
/// word in lower case.
fn push_normalized(buf: &mut String, word: &str) {
    let first = word.chars().next();
    if word.contains('-') && first != Some('-') {
        buf.push_str("!HYPHEN");
    } else if word.chars().count() == 4 && word.chars().all(char::is_numeric) {
        buf.push_str("!YEAR");
    } else if first.is_some_and(char::is_numeric) {
        buf.push_str("!DIGITS");
    } else {
        for c in word.chars() {
            buf.extend(c.to_lowercase());
        }
    }
}

/// The hash of a word's shape: upper case → `X`, lower case → `x`, digit →
/// `d`, anything else kept; runs longer than two are cut to two, and only
/// the first 12 characters count.
fn shape_atom(word: &str) -> u64 {
    let mut h: u64 = 0x5bd1_e995_1234_5678;
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars().take(12) {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            last = s;
            run = 1;
        }
        h = (h ^ s as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Per-sentence atom hashes. Positions in `norm`/`norm_suf` are offset by
/// two (the padding before the sentence).
#[derive(Debug, Default)]
pub(crate) struct Context {
    buf: String,
    norm: Vec<u64>,
    norm_suf: Vec<u64>,
    raw_suf: Vec<u64>,
    raw_pref: Vec<u64>,
    shape: Vec<u64>,
    dict: Vec<u64>,
}

impl Context {
    /// Fills the context for `words`, reusing the buffers.
    pub(crate) fn fill<S: AsRef<str>>(&mut self, words: &[S], set: FeatureSet) {
        let n = words.len();
        for v in [
            &mut self.norm,
            &mut self.norm_suf,
            &mut self.raw_suf,
            &mut self.raw_pref,
            &mut self.shape,
            &mut self.dict,
        ] {
            v.clear();
            v.reserve(n + 4);
        }
        let extended = set == FeatureSet::Extended;
        fn push_norm(s: &str, norm: &mut Vec<u64>, suf: &mut Vec<u64>) {
            norm.push(atom(s));
            suf.push(atom(last_chars(s, 3)));
        }
        for p in PAD_BEFORE {
            push_norm(p, &mut self.norm, &mut self.norm_suf);
        }
        for w in words {
            let w = w.as_ref();
            self.buf.clear();
            push_normalized(&mut self.buf, w);
            push_norm(&self.buf, &mut self.norm, &mut self.norm_suf);
            self.raw_suf.push(atom(last_chars(w, 3)));
            self.raw_pref.push(atom(first_char(w)));
            self.dict.push(dict_key(w));
            if extended {
                self.shape.push(shape_atom(w));
            }
        }
        for p in PAD_AFTER {
            push_norm(p, &mut self.norm, &mut self.norm_suf);
        }
    }

    /// Number of words.
    pub(crate) fn len(&self) -> usize {
        self.dict.len()
    }

    /// The dictionary key of word `i`.
    pub(crate) fn dict_key(&self, i: usize) -> u64 {
        self.dict[i]
    }

    /// The feature keys of word `i` given the two previous tags (indices
    /// into [`TAG_ATOMS`]). Returns how many of `out` were filled.
    #[inline]
    pub(crate) fn features(
        &self,
        i: usize,
        prev: usize,
        prev2: usize,
        set: FeatureSet,
        out: &mut [u64; MAX_FEATURES],
    ) -> usize {
        let c = i + 2;
        let p = TAG_ATOMS[prev % (NTAGS + 2)];
        let p2 = TAG_ATOMS[prev2 % (NTAGS + 2)];
        let w = self.norm[c];
        out[0] = key(0, 0, 0);
        out[1] = key(1, self.raw_suf[i], 0);
        out[2] = key(2, self.raw_pref[i], 0);
        out[3] = key(3, p, 0);
        out[4] = key(4, p2, 0);
        out[5] = key(5, p, p2);
        out[6] = key(6, w, 0);
        out[7] = key(7, p, w);
        out[8] = key(8, self.norm[c - 1], 0);
        out[9] = key(9, self.norm_suf[c - 1], 0);
        out[10] = key(10, self.norm[c - 2], 0);
        out[11] = key(11, self.norm[c + 1], 0);
        out[12] = key(12, self.norm_suf[c + 1], 0);
        out[13] = key(13, self.norm[c + 2], 0);
        if set == FeatureSet::Classic {
            return N_CLASSIC;
        }
        let shape = self.shape[i];
        out[14] = key(14, shape, 0);
        out[15] = key(15, shape, u64::from(i == 0));
        out[16] = key(16, p, self.raw_suf[i]);
        out[17] = key(17, self.raw_pref.get(i + 1).copied().unwrap_or(END_ATOM), 0);
        MAX_FEATURES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(w: &str) -> String {
        let mut s = String::new();
        push_normalized(&mut s, w);
        s
    }

    #[test]
    fn normalization_follows_the_2013_tagger() {
        let cases = [
            ("Arnor", "arnor"),
            ("well-known", "!HYPHEN"),
            ("-LRB-", "-lrb-"),
            ("1998", "!YEAR"),
            ("12345", "!DIGITS"),
            ("3.5", "!DIGITS"),
            ("", ""),
            ("ÉTÉ", "été"),
        ];
        for (w, want) in cases {
            assert_eq!(normalized(w), want, "{w}");
        }
    }

    #[test]
    fn affixes_count_characters_not_bytes() {
        assert_eq!(last_chars("Gondor", 3), "dor");
        assert_eq!(last_chars("to", 3), "to");
        assert_eq!(last_chars("café", 3), "afé");
        assert_eq!(first_char("Éowyn"), "É");
        assert_eq!(first_char(""), "");
    }

    #[test]
    fn keys_depend_on_template_and_atoms() {
        let a = atom("dor");
        assert_ne!(key(1, a, 0), key(9, a, 0));
        assert_ne!(
            key(5, TAG_ATOMS[0], TAG_ATOMS[1]),
            key(5, TAG_ATOMS[1], TAG_ATOMS[0])
        );
        assert_eq!(TAG_ATOMS[START], atom("-START-"));
        assert_eq!(shape_atom("Gondor"), shape_atom("Arnor"));
        assert_ne!(shape_atom("Gondor"), shape_atom("gondor"));
    }

    #[test]
    fn context_handles_empty_and_odd_words() {
        let mut ctx = Context::default();
        let words = ["", "-", "ÿ", "1999", "a-b"];
        ctx.fill(&words, FeatureSet::Extended);
        let mut out = [0u64; MAX_FEATURES];
        for i in 0..ctx.len() {
            assert_eq!(
                ctx.features(i, START, START2, FeatureSet::Extended, &mut out),
                18
            );
            assert!(out.iter().all(|&k| k != 0));
        }
    }
}
