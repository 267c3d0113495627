//! The raw-text front end: tokenizer, tagger and shallow parser in a row,
//! and the event dates read from a sentence's temporal expressions.

use faultline_lang::tagger::Tagger;
use faultline_lang::timex::{self, Precision};
use faultline_lang::{Token, Tree};

/// One sentence of raw text, analysed.
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub tree: Tree,
}

/// The tokens and tree of one sentence of raw text.
pub fn analyze(sentence: &str) -> Analysis {
    let tokens = faultline_lang::tokenize(sentence);
    let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    let tags = Tagger::builtin().tag(&words);
    let tags: Vec<&str> = tags.iter().map(|t| t.as_str()).collect();
    let tree = faultline_lang::parse_tagged(&words, &tags);
    Analysis { tokens, tree }
}

/// The date of an event, at its precision, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDate {
    /// `2022-06-19`, `2022-05` or `2022`.
    pub iso: String,
    /// `day`, `month` or `year`.
    pub precision: &'static str,
    /// The phrase that gave the date, or `publication date`.
    pub evidence: String,
}

impl EventDate {
    /// The publication date, used when the sentence dates nothing;
    /// `source` says where a date not the document's own came from.
    pub fn publication(doc_date_iso: &str, source: Option<&str>) -> EventDate {
        EventDate {
            iso: doc_date_iso.to_string(),
            precision: "day",
            evidence: match source {
                Some(s) => format!("publication date ({s})"),
                None => "publication date".to_string(),
            },
        }
    }
}

fn precision_name(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::Month => "month",
        Precision::Year => "year",
    }
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
    ymd: (i32, u32, u32),
    aligned: bool,
) -> SentenceDates {
    let found = timex::find(sentence, ymd);
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
    /// The date of the event whose verb is `verb` in `tree`.
    pub fn for_event(
        &self,
        tree: &Tree,
        verb: faultline_lang::NodeId,
        doc_date_iso: &str,
        doc_date_source: Option<&str>,
    ) -> EventDate {
        match faultline_coder::date_scope(tree, verb, &self.spans) {
            Some(i) => {
                let t = &self.found[i];
                EventDate {
                    iso: t.date.to_iso(),
                    precision: precision_name(t.date.precision()),
                    evidence: t.text.clone(),
                }
            }
            None => EventDate::publication(doc_date_iso, doc_date_source),
        }
    }
}
