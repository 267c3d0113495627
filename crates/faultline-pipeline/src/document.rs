//! Documents: a text with its date, split into sentences, analysed
//! (tokenizer, tagger, shallow parser), coded with the sentences before as
//! context, and each event dated and placed.

use faultline_coder::{CodeError, Coder};
use faultline_core::Date;
use faultline_dict::CameoTables;

use crate::front::EventDate;
use crate::record::{EventRecord, SentenceContext};

/// One document to code: its main text and what is known about it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document's own id (a JSON Lines `id`, a feed `guid`, a URL) or,
    /// without one, where it was read (`file`, `file#3`, `file:12`).
    pub id: String,
    /// The publication date; actors are coded as of this day.
    pub date: Date,
    /// Where [`Document::date`] came from.
    pub date_source: DateSource,
    /// The main text, furniture removed.
    pub text: String,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The publisher or feed the document came from, when known.
    pub source: Option<String>,
}

/// Where a document's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// The document itself (a meta tag, a dateline, a JSON Lines `date`).
    Document,
    /// The date the user gave (`--date`).
    Given,
    /// The modification time of the file it was read from.
    FileTime,
}

impl DateSource {
    /// `document`, `--date` or `file modification time`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Document => "document",
            DateSource::Given => "--date",
            DateSource::FileTime => "file modification time",
        }
    }

    /// The note an event dated by the publication date carries: `None` for
    /// the document's own date.
    pub fn note(self) -> Option<&'static str> {
        match self {
            DateSource::Document => None,
            other => Some(other.as_str()),
        }
    }
}

/// The most text one document may hold. News articles are a few
/// kilobytes; a bigger text (a book, a dump read as one file) is refused
/// with a message rather than coded with gigabytes of memory.
pub const MAX_TEXT_BYTES: usize = 4 << 20;

/// Why a document cannot be coded as one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("no text to code")]
    Empty,
    #[error(
        "{:.1} MiB of text, more than the {} MiB one document may hold; split it",
        *.0 as f64 / f64::from(1u32 << 20),
        MAX_TEXT_BYTES >> 20
    )]
    TooLarge(usize),
}

impl Document {
    /// An error for a document that cannot be coded as one: no text at
    /// all, or more than [`MAX_TEXT_BYTES`] of it.
    pub fn check(&self) -> Result<(), DocumentError> {
        if self.text.trim().is_empty() {
            return Err(DocumentError::Empty);
        }
        if self.text.len() > MAX_TEXT_BYTES {
            return Err(DocumentError::TooLarge(self.text.len()));
        }
        Ok(())
    }
}

/// Counts for the closing summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct DocStats {
    pub documents: usize,
    pub sentences: usize,
    pub coded: usize,
    pub events: usize,
    pub discarded: usize,
}

impl std::ops::AddAssign for DocStats {
    fn add_assign(&mut self, o: DocStats) {
        self.documents += o.documents;
        self.sentences += o.sentences;
        self.coded += o.coded;
        self.events += o.events;
        self.discarded += o.discarded;
    }
}

/// One coded sentence of a document.
#[derive(Debug, Clone)]
pub struct CodedSentence {
    /// Index of the sentence within the document.
    pub index: usize,
    /// The sentence's id in output records: its index as text, or a
    /// PETRARCH record's id.
    pub id: String,
    /// Byte range of the sentence in the document text.
    pub range: std::ops::Range<usize>,
    /// The same range in characters (end exclusive), as written out.
    pub chars: (usize, usize),
    pub events: Vec<faultline_coder::Event>,
    /// The date of each event, parallel to `events`.
    pub dates: Vec<EventDate>,
    /// Where each event happened, parallel to `events` (see
    /// [`event_place`]).
    pub locations: Vec<Option<faultline_geo::Location>>,
    pub issues: Vec<(String, u32)>,
}

impl CodedSentence {
    /// The facts shared by this sentence's output records.
    pub fn context<'a>(&'a self, doc: &'a Document) -> SentenceContext<'a> {
        SentenceContext {
            doc_id: &doc.id,
            sentence_id: &self.id,
            doc_date: doc.date,
            date_note: doc.date_source.note(),
            doc_title: doc.title.as_deref(),
            doc_url: doc.url.as_deref(),
            chars: self.chars,
            sentence: doc.text.get(self.range.clone()).unwrap_or(""),
            issues: &self.issues,
        }
    }

    /// The output records of this sentence's events, in order.
    pub fn records<'a>(
        &'a self,
        ctx: &SentenceContext<'a>,
        tables: &CameoTables,
    ) -> impl Iterator<Item = EventRecord<'a>> + 'a {
        let ctx = ctx.clone();
        let infos: Vec<_> = self.events.iter().map(|e| tables.info(&e.code)).collect();
        self.events
            .iter()
            .zip(&self.dates)
            .zip(infos)
            .enumerate()
            .map(move |(i, ((event, date), info))| {
                let location = self.locations.get(i).and_then(Option::as_ref);
                EventRecord::new(&ctx, event, info, date).with_location(location)
            })
    }
}

/// What coding one document produced.
#[derive(Debug, Clone, Default)]
pub struct CodedDocument {
    /// Byte ranges of all the document's sentences; a sentence's index is
    /// its place here.
    pub ranges: Vec<std::ops::Range<usize>>,
    /// The same ranges in characters (end exclusive).
    pub chars: Vec<(usize, usize)>,
    /// Sentences that produced events, in order.
    pub sentences: Vec<CodedSentence>,
    pub stats: DocStats,
}

impl CodedDocument {
    /// The output records of every event of `doc` (the document this was
    /// coded from), in order.
    pub fn records<'a>(
        &'a self,
        doc: &'a Document,
        tables: &'a CameoTables,
    ) -> impl Iterator<Item = EventRecord<'a>> + 'a {
        self.sentences
            .iter()
            .flat_map(move |s| s.records(&s.context(doc), tables))
    }
}

/// Codes one document: splits it into sentences, analyses and codes each,
/// resolving missing agents, pronouns and definite descriptions from the
/// sentences before (see `faultline_coder::discourse`). A story discard
/// drops the whole document.
pub fn code_document(coder: &Coder<'_>, doc: &Document) -> CodedDocument {
    let mut coder = coder.clone();
    coder.config.discourse = true;
    let mut discourse = faultline_coder::discourse::Discourse::new();
    let mut coded_doc = CodedDocument {
        stats: DocStats {
            documents: 1,
            ..DocStats::default()
        },
        ..CodedDocument::default()
    };
    let stats = &mut coded_doc.stats;
    // place names of every sentence (context), and for each event of each
    // kept sentence the index of its own place among them
    let geo = faultline_geo::Gazetteer::builtin();
    let mut places = Vec::new();
    let mut picks: Vec<Vec<Option<usize>>> = Vec::new();
    // what each sentence says about the document's state (see `home`)
    let mut homes: Vec<crate::home::SentencePlaces> = Vec::new();
    let ranges = faultline_lang::split_sentences(&doc.text);
    let chars = char_ranges(&doc.text, &ranges);
    for (k, range) in ranges.iter().cloned().enumerate() {
        let sentence = doc.text.get(range.clone()).unwrap_or("");
        stats.sentences += 1;
        let analysis = crate::front::analyze(sentence, Some(&coder.dictionaries().actors.index));
        let tree = &analysis.tree;
        let tokens = &analysis.tokens;
        let here = geo.find_places_with(tokens.len(), |i| tokens[i].text.as_str());
        let first_place = places.len();
        places.extend_from_slice(&here);
        let named: Vec<(String, String)> = here
            .iter()
            .filter_map(|m| {
                let loc = geo.resolve(m, &faultline_geo::Context::new())?;
                let text = sentence.get(tokens[m.start].start..tokens[m.end - 1].end)?;
                Some((text.to_string(), loc.country))
            })
            .collect();
        homes.push(crate::home::SentencePlaces::new(named, []));
        let mut coded = match coder.code_sentence(sentence, tree, doc.date.yyyymmdd()) {
            Ok(c) => c,
            Err(CodeError::Dateline | CodeError::Parse(_)) => continue,
        };
        if let Some(h) = homes.last_mut() {
            *h = crate::home::SentencePlaces::new(
                std::mem::take(&mut h.places),
                coded.mentions.iter().map(|m| m.code.as_str()),
            );
        }
        discourse.resolve(k, &mut coded.events);
        coded.events.retain(|e| coder.keeps(e));
        discourse.remember(k, std::mem::take(&mut coded.mentions));
        if let Some(d) = &coded.discard {
            stats.discarded += 1;
            // a story discard (sports results, a typhoon report) drops the
            // whole document, events already found included
            if d.story {
                coded_doc.sentences.clear();
                picks.clear();
                stats.coded = 0;
                stats.events = 0;
                break;
            }
        }
        if coded.events.is_empty() {
            continue;
        }
        stats.coded += 1;
        stats.events += coded.events.len();
        let found = crate::front::sentence_dates(sentence, &analysis.tokens, doc.date, true);
        let dates = coded
            .events
            .iter()
            .map(|e| found.for_event(tree, e.verb.node, doc.date))
            .collect();
        picks.push(
            coded
                .events
                .iter()
                .map(|e| event_place(tree, tokens, sentence, e, &here).map(|j| first_place + j))
                .collect(),
        );
        coded_doc.sentences.push(CodedSentence {
            index: k,
            id: k.to_string(),
            range,
            chars: chars[k],
            locations: Vec::new(),
            events: coded.events,
            dates,
            issues: coded.issues,
        });
    }
    // stateless civic agents ("the jury", "the mayor") take the state of a
    // place in their own phrase, else the document's
    let home = crate::home::home_state(&homes);
    for s in coded_doc.sentences.iter_mut() {
        if let Some(here) = homes.get(s.index) {
            crate::home::localize(&mut s.events, s.index, here, home.as_ref());
        }
    }
    if picks.iter().flatten().any(Option::is_some) {
        let mut ctx = faultline_geo::Context::new();
        for e in coded_doc.sentences.iter().flat_map(|s| &s.events) {
            ctx.add_actor_code(&e.source.code);
            ctx.add_actor_code(&e.target.code);
        }
        geo.add_mentions(&mut ctx, &places);
        for (s, picks) in coded_doc.sentences.iter_mut().zip(&picks) {
            s.locations = picks
                .iter()
                .map(|p| p.and_then(|j| geo.resolve(&places[j], &ctx.without(j as u32))))
                .collect();
        }
    }
    coded_doc.ranges = ranges;
    coded_doc.chars = chars;
    coded_doc
}

/// Prepositions that put a place name in a locative phrase.
const LOCATIVE: [&str; 20] = [
    "in",
    "at",
    "near",
    "from",
    "outside",
    "inside",
    "into",
    "across",
    "around",
    "throughout",
    "to",
    "toward",
    "towards",
    "off",
    "along",
    "within",
    "on",
    "through",
    "over",
    "between",
];

/// Nouns whose "of" introduces a place ("the port of Novorossiysk").
const PLACE_NOUNS: [&str; 14] = [
    "port",
    "city",
    "town",
    "village",
    "province",
    "region",
    "capital",
    "outskirts",
    "suburbs",
    "district",
    "state",
    "island",
    "coast",
    "streets",
];

/// Which of the sentence's place mentions `found` an event happened at:
/// one in a locative prepositional phrase ("in Donetsk", "at the port of
/// Novorossiysk") of the event's clause or an enclosing one, nearest the
/// verb; else a place of that scope that is not part of the event's
/// source or target phrase; else none. `tokens` must be the tree's words.
pub fn event_place(
    tree: &faultline_lang::Tree,
    tokens: &[faultline_lang::Token],
    sentence: &str,
    event: &faultline_coder::Event,
    found: &[faultline_geo::PlaceMention<'_>],
) -> Option<usize> {
    if found.is_empty() || tokens.len() != tree.words().count() {
        return None;
    }
    let word = |i: usize| tokens[i].text.as_str();
    let is = |i: usize, set: &[&str]| set.iter().any(|w| w.eq_ignore_ascii_case(word(i)));
    let locative = |m: &faultline_geo::PlaceMention<'_>| {
        let s = m.start;
        // "in Donetsk", "in the Donetsk region", "of the city of Aleppo"
        let mut p = s;
        while p > 0 && matches!(word(p - 1), "the" | "The") {
            p -= 1;
        }
        p > 0 && (is(p - 1, &LOCATIVE) || (word(p - 1) == "of" && p > 1 && is(p - 2, &PLACE_NOUNS)))
    };
    let (near, other): (Vec<usize>, Vec<usize>) =
        (0..found.len()).partition(|&j| locative(&found[j]));
    let span = |j: usize| found[j].start..found[j].end;
    let spans: Vec<_> = near.iter().map(|&j| span(j)).collect();
    if let Some(k) = faultline_coder::date_scope(tree, event.verb.node, &spans) {
        return Some(near[k]);
    }
    let other: Vec<usize> = other
        .into_iter()
        .filter(|&j| {
            let m = &found[j];
            let text = sentence
                .get(tokens[m.start].start..tokens[m.end - 1].end)
                .unwrap_or("");
            !event.source.text.contains(text) && !event.target.text.contains(text)
        })
        .collect();
    let spans: Vec<_> = other.iter().map(|&j| span(j)).collect();
    faultline_coder::date_scope(tree, event.verb.node, &spans).map(|k| other[k])
}

/// Byte ranges of `text`, in increasing order, as character offsets: one
/// pass over the text, however many ranges (a range that is not on
/// character boundaries is counted from the boundary before it).
pub fn char_ranges(text: &str, ranges: &[std::ops::Range<usize>]) -> Vec<(usize, usize)> {
    let mut byte = 0;
    let mut chars = 0;
    let mut at = |b: usize| {
        let b = b.min(text.len());
        if b < byte {
            byte = 0;
            chars = 0;
        }
        let mut end = b;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        chars += text[byte..end].chars().count();
        byte = end;
        chars
    };
    ranges.iter().map(|r| (at(r.start), at(r.end))).collect()
}

#[cfg(test)]
mod tests {
    use super::char_ranges;

    #[test]
    fn byte_ranges_to_characters() {
        let text = "Kazakhstan’s move. Russia’s reply — swift. Done.";
        let ranges = faultline_lang::split_sentences(text);
        let chars = char_ranges(text, &ranges);
        for (r, &(a, b)) in ranges.iter().zip(&chars) {
            let by_chars: String = text.chars().skip(a).take(b - a).collect();
            assert_eq!(by_chars, text[r.clone()]);
        }
        // out of order and off-boundary ranges still give sane offsets
        assert_eq!(char_ranges(text, &[12..13, 0..3]), [(10, 11), (0, 3)]);
    }
}
