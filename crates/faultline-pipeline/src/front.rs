//! The raw-text front end: tokenizer, tagger and shallow parser in a row,
//! and the event dates read from a sentence's temporal expressions.

use faultline_core::Date;
use faultline_dict::actors::PhraseIndex;
use faultline_lang::tagger::{Tag, TagSet, Tagger};
use faultline_lang::timex;
use faultline_lang::{Token, Tree};

/// One sentence of raw text, analysed.
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub tree: Tree,
}

/// The parse tree of each sentence of `text` in Penn Treebank brackets,
/// one per sentence, as [`analyze`] builds them for the coder (`faultline
/// parse` prints them).
pub fn trees<'a>(
    text: &'a str,
    actors: Option<&'a PhraseIndex>,
) -> impl Iterator<Item = String> + 'a {
    faultline_lang::split_sentences(text)
        .into_iter()
        .map(move |range| {
            let tree = analyze(&text[range], actors).tree;
            tree.brackets(tree.root())
        })
}

/// The tokens and tree of one sentence of raw text. With the actor
/// dictionary, a name it knows is never read as a verb, an adverb or a
/// preposition ("Tokayev", "Xi", "Ahmed", "von der", a lower-case
/// "russia"): see [`name_tags`].
pub fn analyze(sentence: &str, actors: Option<&PhraseIndex>) -> Analysis {
    let tokens = faultline_lang::tokenize(sentence);
    let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    let tagger = Tagger::builtin();
    let mut tags = tagger.tag(&words);
    if let Some(allowed) = actors.and_then(|index| name_tags(index, &words, &tags)) {
        tags = tagger.tag_constrained(&words, &allowed);
    }
    let tags: Vec<&str> = tags.iter().map(|t| t.as_str()).collect();
    let tree = faultline_lang::parse_tagged(&words, &tags);
    Analysis { tokens, tree }
}

/// The longest actor phrase looked for, in words.
const MAX_NAME_WORDS: usize = 12;

/// Tag constraints for the words of actor phrases the tagger mistook, or
/// `None` when it mistook none. A word of a phrase the dictionary names
/// word for word keeps a nominal tag (noun, determiner, number, pronoun;
/// an adjective only as a one-word phrase); any other tag becomes `NNP` for a
/// capitalised word or a particle inside a name ("bin", "von"), and `NN`
/// or `NNP` for a lower-case name ("russia").
fn name_tags(index: &PhraseIndex, words: &[&str], tags: &[Tag]) -> Option<Vec<TagSet>> {
    // upper-case words are made only where a phrase may start
    let mut key = String::new();
    let mut upper: Vec<String> = Vec::new();
    let mut allowed = vec![TagSet::EMPTY; words.len()];
    let mut any = false;
    let mut pinned = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // a lower-case function word starts no name worth re-tagging
        // ("the kremlin" needs none; "Kremlin" is looked up on its own)
        let closed = matches!(
            tags[i],
            Tag::Dt
                | Tag::In
                | Tag::Cc
                | Tag::To
                | Tag::Prp
                | Tag::PrpPoss
                | Tag::Md
                | Tag::Wdt
                | Tag::Wp
                | Tag::Ex
                | Tag::Cd
                | Tag::Pos
        ) || !words[i].starts_with(char::is_alphabetic);
        if closed && !words[i].starts_with(char::is_uppercase) {
            i += 1;
            continue;
        }
        key.clear();
        key.extend(words[i].chars().flat_map(char::to_uppercase));
        if !index.has_first(&key) {
            i += 1;
            continue;
        }
        upper.clear();
        upper.extend(
            words[i..]
                .iter()
                .take(MAX_NAME_WORDS)
                .map(|w| w.to_uppercase()),
        );
        let Some((p, n)) = index.longest_at(&upper) else {
            i += 1;
            continue;
        };
        if n == p.words.len() {
            for k in i..i + n {
                // an adjective is nominal enough alone ("Russian"), not
                // inside a name ("Ahmed al-Sharaa")
                let adjective = matches!(tags[k], Tag::Jj | Tag::Jjr | Tag::Jjs);
                let nominal = tags[k].is_noun()
                    || (adjective && n == 1)
                    || matches!(
                        tags[k],
                        Tag::Cd | Tag::Dt | Tag::Pos | Tag::Prp | Tag::PrpPoss
                    );
                if nominal || !words[k].chars().any(char::is_alphabetic) {
                    // kept as it is, even when a neighbour is re-tagged
                    pinned.push(k);
                    continue;
                }
                let capital = words[k].starts_with(char::is_uppercase);
                let inside = k > i && k + 1 < i + n;
                allowed[k] = if capital || inside {
                    TagSet::one(Tag::Nnp)
                } else {
                    TagSet::one(Tag::Nn).with(Tag::Nnp)
                };
                any = true;
            }
        }
        i += n.max(1);
    }
    for k in pinned {
        allowed[k] = TagSet::one(tags[k]);
    }
    any.then_some(allowed)
}

/// The date of an event, at its precision, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDate {
    /// `2022-06-19`, `2022-05` or `2022` when written.
    pub date: Date,
    /// The phrase that gave the date ("June 19", "last week"), or `None`
    /// when it is the publication date.
    pub phrase: Option<String>,
}

/// Temporal expressions of a sentence with the token ranges they cover.
pub struct SentenceDates {
    found: Vec<timex::Timex>,
    spans: Vec<std::ops::Range<usize>>,
}

/// Finds the temporal expressions of `sentence` (published `ymd`) and maps
/// them onto `tokens`, the words of the sentence's tree. When the tree's
/// words are not these tokens (`aligned` false), every phrase is placed at
/// the first word, which belongs to the outermost clause: the sentence's
/// first date phrase then dates all its events.
pub fn sentence_dates(
    sentence: &str,
    tokens: &[Token],
    published: Date,
    aligned: bool,
) -> SentenceDates {
    let found = timex::find(sentence, published.ymd());
    let spans = found
        .iter()
        .map(|t| {
            if !aligned {
                return 0..1;
            }
            let first = tokens
                .iter()
                .position(|k| k.end > t.start)
                .unwrap_or(tokens.len());
            let last = tokens
                .iter()
                .rposition(|k| k.start < t.end)
                .map_or(first, |i| i + 1);
            first..last.max(first)
        })
        .collect();
    SentenceDates { found, spans }
}

impl SentenceDates {
    /// The date of the event whose verb is `verb` in `tree`: the phrase
    /// of its clause, else the publication date `published`.
    pub fn for_event(
        &self,
        tree: &Tree,
        verb: faultline_lang::NodeId,
        published: Date,
    ) -> EventDate {
        match faultline_coder::date_scope(tree, verb, &self.spans) {
            Some(i) => EventDate {
                date: self.found[i].date,
                phrase: Some(self.found[i].text.clone()),
            },
            None => EventDate {
                date: published,
                phrase: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::analyze;

    /// The tag of each word of `sentence`, analysed with or without the
    /// built-in actor dictionary.
    fn tags(sentence: &str, with_actors: bool) -> Vec<String> {
        let (dicts, _) = faultline_dict::Dictionaries::builtin();
        let index = with_actors.then_some(&dicts.actors.index);
        let a = analyze(sentence, index);
        let t = &a.tree;
        t.words()
            .map(|n| format!("{}/{}", t.word(n), t.label(n)))
            .collect()
    }

    #[test]
    fn known_names_keep_noun_tags() {
        // the tagger alone reads these names as an adverb, a preposition, a
        // verb and an adverb plus a verb
        for (sentence, name) in [
            (
                "Tokayev criticized the Kremlin over the war.",
                "Tokayev/NNP",
            ),
            ("Xi Jinping visited the Kremlin.", "Xi/NNP"),
            ("Ahmed al-Sharaa met Trump in Riyadh.", "Ahmed/NNP"),
            ("Ursula von der Leyen condemned Lukashenko.", "der/NNP"),
            ("Kazakhstan should not bow to russia forever.", "russia/NN"),
        ] {
            let with = tags(sentence, true);
            assert!(with.iter().any(|t| t == name), "{sentence}: {with:?}");
        }
        assert!(tags("Tokayev criticized the Kremlin over the war.", false)[0] != "Tokayev/NNP");
        // other words are left to the tagger
        assert_eq!(
            tags("Tokayev criticized the Kremlin over the war.", true),
            [
                "Tokayev/NNP",
                "criticized/VBD",
                "the/DT",
                "Kremlin/NNP",
                "over/IN",
                "the/DT",
                "war/NN",
                "./."
            ]
        );
    }
}
