//! The 45 Penn Treebank part-of-speech tags.

use std::fmt;
use std::str::FromStr;

/// Number of tags a [`Tag`] can take.
pub const NTAGS: usize = 45;

macro_rules! tags {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// A Penn Treebank part-of-speech tag.
        ///
        /// The discriminants follow the byte order of the tag names, so
        /// `Tag as u8` is a dense index (`0..NTAGS`) usable for arrays, and
        /// sorting tags sorts them by name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Tag {
            $($(#[$doc])* $variant,)*
        }

        impl Tag {
            /// Every tag, in index order.
            pub const ALL: [Tag; NTAGS] = [$(Tag::$variant,)*];

            const NAMES: [&'static str; NTAGS] = [$($name,)*];
        }
    };
}

tags! {
    /// `#` pound sign.
    Pound = "#",
    /// `$` dollar sign (and `US$`, `C$`, …).
    Dollar = "$",
    /// `''` closing quotation mark.
    CloseQuote = "''",
    /// `,` comma.
    Comma = ",",
    /// `-LRB-` opening bracket.
    Lrb = "-LRB-",
    /// `-RRB-` closing bracket.
    Rrb = "-RRB-",
    /// `.` sentence-final punctuation.
    Period = ".",
    /// `:` colon, semicolon, dash, ellipsis.
    Colon = ":",
    /// `CC` coordinating conjunction.
    Cc = "CC",
    /// `CD` cardinal number.
    Cd = "CD",
    /// `DT` determiner.
    Dt = "DT",
    /// `EX` existential *there*.
    Ex = "EX",
    /// `FW` foreign word.
    Fw = "FW",
    /// `IN` preposition or subordinating conjunction.
    In = "IN",
    /// `JJ` adjective.
    Jj = "JJ",
    /// `JJR` comparative adjective.
    Jjr = "JJR",
    /// `JJS` superlative adjective.
    Jjs = "JJS",
    /// `LS` list item marker.
    Ls = "LS",
    /// `MD` modal.
    Md = "MD",
    /// `NN` singular or mass noun.
    Nn = "NN",
    /// `NNP` singular proper noun.
    Nnp = "NNP",
    /// `NNPS` plural proper noun.
    Nnps = "NNPS",
    /// `NNS` plural noun.
    Nns = "NNS",
    /// `PDT` predeterminer.
    Pdt = "PDT",
    /// `POS` possessive ending.
    Pos = "POS",
    /// `PRP` personal pronoun.
    Prp = "PRP",
    /// `PRP$` possessive pronoun.
    PrpPoss = "PRP$",
    /// `RB` adverb.
    Rb = "RB",
    /// `RBR` comparative adverb.
    Rbr = "RBR",
    /// `RBS` superlative adverb.
    Rbs = "RBS",
    /// `RP` particle.
    Rp = "RP",
    /// `SYM` symbol.
    Sym = "SYM",
    /// `TO` *to*.
    To = "TO",
    /// `UH` interjection.
    Uh = "UH",
    /// `VB` verb, base form.
    Vb = "VB",
    /// `VBD` verb, past tense.
    Vbd = "VBD",
    /// `VBG` verb, gerund or present participle.
    Vbg = "VBG",
    /// `VBN` verb, past participle.
    Vbn = "VBN",
    /// `VBP` verb, non-3rd person singular present.
    Vbp = "VBP",
    /// `VBZ` verb, 3rd person singular present.
    Vbz = "VBZ",
    /// `WDT` wh-determiner.
    Wdt = "WDT",
    /// `WP` wh-pronoun.
    Wp = "WP",
    /// `WP$` possessive wh-pronoun.
    WpPoss = "WP$",
    /// `WRB` wh-adverb.
    Wrb = "WRB",
    /// `` `` `` opening quotation mark.
    OpenQuote = "``",
}

impl Tag {
    /// The tag as written in the Penn Treebank (`"NNP"`, `"-LRB-"`, `` "``" ``).
    pub fn as_str(self) -> &'static str {
        Tag::NAMES[self as usize]
    }

    /// The tag with index `i` (`Tag as u8`), if there is one.
    pub fn from_index(i: usize) -> Option<Tag> {
        Tag::ALL.get(i).copied()
    }

    /// The tag named `name` (exact spelling), if there is one.
    pub fn parse(name: &str) -> Option<Tag> {
        Tag::NAMES
            .binary_search(&name)
            .ok()
            .and_then(Tag::from_index)
    }

    /// True for the verb tags `VB`…`VBZ` (not `MD`).
    pub fn is_verb(self) -> bool {
        (Tag::Vb as u8..=Tag::Vbz as u8).contains(&(self as u8))
    }

    /// True for the noun tags `NN`, `NNP`, `NNPS`, `NNS`.
    pub fn is_noun(self) -> bool {
        (Tag::Nn as u8..=Tag::Nns as u8).contains(&(self as u8))
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of tags, such as the tags a word may take.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TagSet(u64);

impl TagSet {
    /// No tag.
    pub const EMPTY: TagSet = TagSet(0);
    /// All 45 tags.
    pub const ALL: TagSet = TagSet((1u64 << NTAGS) - 1);

    /// The set holding only `t`.
    pub fn one(t: Tag) -> TagSet {
        TagSet(1u64 << t as u8)
    }

    /// This set with `t` added.
    pub fn with(self, t: Tag) -> TagSet {
        TagSet(self.0 | 1u64 << t as u8)
    }

    /// True if `t` is in the set.
    pub fn contains(self, t: Tag) -> bool {
        self.0 & (1u64 << t as u8) != 0
    }

    /// True for the empty set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Number of tags in the set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The tags in the set, in index order.
    pub fn iter(self) -> impl Iterator<Item = Tag> {
        Tag::ALL.into_iter().filter(move |t| self.contains(*t))
    }

    pub(crate) fn contains_index(self, i: usize) -> bool {
        i < NTAGS && self.0 & (1u64 << i) != 0
    }
}

impl FromIterator<Tag> for TagSet {
    fn from_iter<I: IntoIterator<Item = Tag>>(iter: I) -> TagSet {
        iter.into_iter().fold(TagSet::EMPTY, TagSet::with)
    }
}

/// The error of [`Tag::from_str`]: the name is not one of the 45 tags.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown part-of-speech tag {0:?}")]
pub struct UnknownTag(pub String);

impl FromStr for Tag {
    type Err = UnknownTag;
    fn from_str(s: &str) -> Result<Tag, UnknownTag> {
        Tag::parse(s).ok_or_else(|| UnknownTag(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_and_round_trip() {
        assert!(Tag::NAMES.windows(2).all(|w| w[0] < w[1]));
        for (i, t) in Tag::ALL.iter().enumerate() {
            assert_eq!(*t as usize, i);
            assert_eq!(Tag::parse(t.as_str()), Some(*t));
            assert_eq!(t.as_str().parse::<Tag>().ok(), Some(*t));
        }
        assert_eq!(Tag::parse("NNX"), None);
        assert_eq!(Tag::parse(""), None);
        assert_eq!(Tag::PrpPoss.as_str(), "PRP$");
        assert_eq!(Tag::OpenQuote.to_string(), "``");
        assert!(Tag::Vbz.is_verb() && !Tag::Md.is_verb());
        assert!(Tag::Nnps.is_noun() && !Tag::Pdt.is_noun());
    }

    #[test]
    fn tag_sets() {
        let s: TagSet = [Tag::Vb, Tag::Vbp, Tag::Vb].into_iter().collect();
        assert_eq!(s.len(), 2);
        assert!(s.contains(Tag::Vbp) && !s.contains(Tag::Vbz));
        assert_eq!(s.iter().collect::<Vec<_>>(), [Tag::Vb, Tag::Vbp]);
        assert_eq!(TagSet::ALL.len(), NTAGS);
        assert!(TagSet::EMPTY.is_empty());
        assert!(TagSet::one(Tag::OpenQuote).contains(Tag::OpenQuote));
        assert!(!TagSet::ALL.contains_index(NTAGS));
    }
}
