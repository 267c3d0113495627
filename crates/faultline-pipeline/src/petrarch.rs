//! PETRARCH XML records, coded one at a time as PETRARCH does: each
//! `<Sentence>` is its own story, with its own date and (usually) its own
//! Penn Treebank parse, and no sentence lends context to another.

use faultline_coder::{CodeError, Coder, Config};
use faultline_core::{Date, DateError};
use faultline_dict::Kind;
use faultline_lang::ParseError;
use faultline_text::{ConfigOption, Environment, SentenceRecord};

use crate::document::CodedSentence;
use crate::front::{self, Analysis};
use crate::record::SentenceContext;

/// Why a record gave no events at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("bad date '{text}': {error}")]
    Date { text: String, error: DateError },
    #[error("bad parse: {0}; skipped")]
    Parse(ParseError),
}

/// One coded PETRARCH record.
#[derive(Debug, Clone)]
pub struct CodedRecord {
    /// The record's date.
    pub date: Date,
    /// The record's sentence with its events (none when nothing was coded).
    pub sentence: CodedSentence,
    /// A discard-list entry rejected the sentence.
    pub discarded: bool,
    /// The given parse was malformed and the text was coded instead: the
    /// parse error.
    pub parse_error: Option<ParseError>,
}

impl CodedRecord {
    /// The facts shared by the record's output records: the story id is
    /// the record id without its sentence number ([`doc_id`]).
    pub fn context<'a>(&'a self, rec: &'a SentenceRecord) -> SentenceContext<'a> {
        SentenceContext {
            doc_id: doc_id(&rec.id),
            sentence_id: &rec.id,
            doc_date: self.date,
            date_note: None,
            doc_title: None,
            doc_url: None,
            chars: self.sentence.chars,
            sentence: &rec.text,
            issues: &self.sentence.issues,
        }
    }
}

/// Counts of a PETRARCH file's records, for the closing summary (its
/// `Display` is the summary line).
#[derive(Debug, Default, Clone, Copy)]
pub struct RecordStats {
    pub sentences: usize,
    pub coded: usize,
    pub events: usize,
    pub discarded: usize,
    pub parse_errors: usize,
}

impl std::fmt::Display for RecordStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} sentences, {} coded, {} events, {} discarded, {} parse errors",
            self.sentences, self.coded, self.events, self.discarded, self.parse_errors
        )
    }
}

/// Parses the PETRARCH XML file `name` from its bytes; the error names
/// `name:line`.
pub fn read_file(name: &str, bytes: &[u8]) -> Result<faultline_text::PetrarchFile, String> {
    let text = crate::input::utf8(bytes).map_err(|e| e.located(name))?;
    let petrarch = ["<Sentence", "<sentence", "<SENTENCE", "<Environment"]
        .iter()
        .any(|tag| text.contains(tag));
    if !petrarch && !text.trim().is_empty() {
        return Err(format!("{name}: {}", crate::input::not_documents(bytes)));
    }
    faultline_text::read_petrarch_xml(text).map_err(|e| {
        let line = e.line();
        let message = e.to_string();
        let message = message
            .strip_prefix(&format!("line {line}: "))
            .unwrap_or(&message)
            .to_string();
        format!("{name}:{line}: {message}")
    })
}

/// Codes every codable record of `file` (named `name`) in order, as
/// PETRARCH does: the `<Environment>` options first, then each record's
/// `<Config>` changes, which persist from the record that makes them. Each
/// record with events goes to `each`; a record that cannot be coded, an
/// unknown option or a malformed parse (the text is coded instead) is a
/// warning naming `name:line: sentence ID`. The first error of `each`
/// stops it.
pub fn code_file<E>(
    coder: &mut Coder<'_>,
    file: &faultline_text::PetrarchFile,
    name: &str,
    ignore_parse: bool,
    stats: &mut RecordStats,
    warn: &mut dyn FnMut(String),
    each: &mut dyn FnMut(&SentenceRecord, &CodedRecord) -> Result<(), E>,
) -> Result<(), E> {
    if let Some(env) = &file.environment {
        for msg in apply_options(&mut coder.config, &env.configs) {
            warn(format!("{name}: <Environment>: {msg}"));
        }
    }
    for rec in &file.sentences {
        let at = format!("{name}:{}: sentence {}", rec.line, rec.id);
        for msg in apply_options(&mut coder.config, &rec.configs) {
            warn(format!("{at}: {msg}"));
        }
        if !rec.codable {
            continue;
        }
        stats.sentences += 1;
        let coded = match code_record(coder, rec, ignore_parse) {
            Ok(coded) => coded,
            Err(e) => {
                stats.parse_errors += usize::from(matches!(e, RecordError::Parse(_)));
                warn(format!("{at}: {e}"));
                continue;
            }
        };
        if let Some(e) = &coded.parse_error {
            stats.parse_errors += 1;
            warn(format!("{at}: bad parse: {e}; coded from the text instead"));
        }
        stats.discarded += usize::from(coded.discarded);
        if coded.sentence.events.is_empty() {
            continue;
        }
        stats.coded += 1;
        stats.events += coded.sentence.events.len();
        each(rec, &coded)?;
    }
    Ok(())
}

/// Codes one record: from its `<Parse>` unless `ignore_parse` (or the parse
/// is malformed, which [`CodedRecord::parse_error`] reports), else from its
/// `<Text>` with the raw-text front end. Dates and places come from the
/// sentence alone.
pub fn code_record(
    coder: &Coder<'_>,
    rec: &SentenceRecord,
    ignore_parse: bool,
) -> Result<CodedRecord, RecordError> {
    let date = Date::parse_day(&rec.date).map_err(|error| RecordError::Date {
        text: rec.date.clone(),
        error,
    })?;
    let given = if ignore_parse {
        None
    } else {
        rec.parse.as_deref()
    };
    let index = Some(&coder.dictionaries().actors.index);
    let mut parse_error = None;
    let analysis = match given.map(faultline_lang::parse_ptb) {
        Some(Ok(tree)) => Analysis {
            tokens: faultline_lang::tokenize(&rec.text),
            tree,
        },
        Some(Err(e)) => {
            parse_error = Some(e);
            front::analyze(&rec.text, index)
        }
        None => front::analyze(&rec.text, index),
    };
    let chars = (0, rec.text.chars().count());
    let mut sentence = CodedSentence {
        index: 0,
        id: rec.id.clone(),
        range: 0..rec.text.len(),
        chars,
        events: Vec::new(),
        dates: Vec::new(),
        locations: Vec::new(),
        issues: Vec::new(),
    };
    let tree = &analysis.tree;
    let coded = match coder.code_sentence(&rec.text, tree, date.yyyymmdd()) {
        Ok(coded) => coded,
        Err(CodeError::Parse(e)) => return Err(RecordError::Parse(e)),
        // A dateline ("BEIJING, Aug 4 (AFP) -") is not a sentence to code.
        Err(CodeError::Dateline) => {
            return Ok(CodedRecord {
                date,
                sentence,
                discarded: false,
                parse_error,
            })
        }
    };
    let discarded = coded.discard.is_some();
    if !coded.events.is_empty() {
        // A gold parse whose leaves are not the text's tokens cannot place a
        // date phrase in a clause; it then dates the whole sentence.
        let tokens = &analysis.tokens;
        let aligned = tokens.len() == tree.words().count();
        let found = front::sentence_dates(&rec.text, tokens, date, aligned);
        sentence.dates = coded
            .events
            .iter()
            .map(|e| found.for_event(tree, e.verb.node, date))
            .collect();
        // Places: records are single sentences, so the context is the
        // sentence's own actors and places.
        let geo = faultline_geo::Gazetteer::builtin();
        let places = geo.find_places_with(tokens.len(), |i| tokens[i].text.as_str());
        let mut ctx = faultline_geo::Context::new();
        for e in &coded.events {
            ctx.add_actor_code(&e.source.code);
            ctx.add_actor_code(&e.target.code);
        }
        geo.add_mentions(&mut ctx, &places);
        sentence.locations = coded
            .events
            .iter()
            .map(|e| {
                crate::document::event_place(tree, tokens, &rec.text, e, &places)
                    .and_then(|j| geo.resolve(&places[j], &ctx.without(j as u32)))
            })
            .collect();
        sentence.events = coded.events;
        sentence.issues = coded.issues;
    }
    Ok(CodedRecord {
        date,
        sentence,
        discarded,
        parse_error,
    })
}

/// The dictionary files an `<Environment>` names, in loading order
/// (verbs, actors, agents, discards, issues), as written.
pub fn dictionary_files(env: &Environment) -> Vec<(Kind, &str)> {
    let mut files = Vec::new();
    files.extend(env.verb_file.as_deref().map(|f| (Kind::Verbs, f)));
    files.extend(env.actor_files.iter().map(|f| (Kind::Actors, f.as_str())));
    files.extend(env.agent_file.as_deref().map(|f| (Kind::Agents, f)));
    files.extend(env.discard_file.as_deref().map(|f| (Kind::Discards, f)));
    files.extend(env.issue_file.as_deref().map(|f| (Kind::Issues, f)));
    files
}

/// Applies option changes in order; returns a message for each one the
/// coder rejects (the others still take effect).
pub fn apply_options(config: &mut Config, options: &[ConfigOption]) -> Vec<String> {
    options
        .iter()
        .filter_map(|o| config.set(&o.option, &o.value).err())
        .map(|e| e.to_string())
        .collect()
}

/// The story id of a sentence id: the id less a trailing `_N` or `-N`
/// sentence number.
pub fn doc_id(sentence_id: &str) -> &str {
    let digits = sentence_id.trim_end_matches(|c: char| c.is_ascii_digit());
    if digits.len() == sentence_id.len() {
        return sentence_id;
    }
    match digits.strip_suffix(['_', '-']) {
        Some(doc) if !doc.is_empty() => doc,
        _ => sentence_id,
    }
}

#[cfg(test)]
mod tests {
    use super::doc_id;

    #[test]
    fn doc_ids() {
        let cases = [
            ("AFP0808020625_4", "AFP0808020625"),
            ("NYT-2014-07", "NYT-2014"),
            ("DEMO-01", "DEMO"),
            ("AFP0808020625", "AFP0808020625"),
            ("_4", "_4"),
            ("4", "4"),
            ("A_", "A_"),
            ("", ""),
            ("ÉTÉ_12", "ÉTÉ"),
        ];
        for (id, want) in cases {
            assert_eq!(doc_id(id), want, "{id}");
        }
    }
}
