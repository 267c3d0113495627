//! Assembling PETRARCH records from the tag stream.

use crate::content::{collapse_whitespace, decode_entities, text_content};
use crate::error::TextError;
use crate::scanner::{Attr, Scanner, Token};

/// A whole PETRARCH XML input file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PetrarchFile {
    /// The `<Environment>` block (validation files have one; plain input
    /// files usually do not). Several blocks are merged into one.
    pub environment: Option<Environment>,
    /// Every `<Sentence>` record, in file order (codable or not).
    pub sentences: Vec<SentenceRecord>,
    /// Line of a `<Stop>` element, if one was met. As in PETRARCH, reading
    /// ends there: records after it are not returned.
    pub stop_line: Option<usize>,
}

impl PetrarchFile {
    /// The records marked `sentence="true"`.
    pub fn codable(&self) -> impl Iterator<Item = &SentenceRecord> {
        self.sentences.iter().filter(|s| s.codable)
    }
}

/// The `<Environment>` block of a validation file: which dictionaries to
/// load and global option settings. File names are as written (relative to
/// the XML file, in PETRARCH's convention); this crate opens nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    /// `<Verbfile>`.
    pub verb_file: Option<String>,
    /// Every `<Actorfile>`, in order.
    pub actor_files: Vec<String>,
    /// `<Agentfile>`.
    pub agent_file: Option<String>,
    /// `<Discardfile>`.
    pub discard_file: Option<String>,
    /// `<Issuefile>`.
    pub issue_file: Option<String>,
    /// `<Config>` elements inside the block.
    pub configs: Vec<ConfigOption>,
    /// `<Errorfile>`.
    pub error_file: Option<String>,
    /// Words of `<Include>`: record categories to run (`valid` is a keyword
    /// meaning "all records" in PETRARCH).
    pub include: Vec<String>,
    /// Words of `<Exclude>`: record categories to skip.
    pub exclude: Vec<String>,
    /// `<Pause>` setting, e.g. `Stop`.
    pub pause: Option<String>,
}

/// One `<Config option="..." value="...">` setting.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConfigOption {
    /// Option name, e.g. `require_dyad`.
    pub option: String,
    /// Value as written, e.g. `False` (interpretation is up to the caller).
    pub value: String,
}

/// One `<Sentence>` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceRecord {
    /// `id` attribute (required, non-empty).
    pub id: String,
    /// `date` attribute as written, normally `YYYYMMDD` (required,
    /// non-empty; validate with `faultline_core::Date::parse_day`).
    pub date: String,
    /// `category` attribute.
    pub category: Option<String>,
    /// `sentence="true"` (case-insensitive): the record should be coded.
    pub codable: bool,
    /// `source` attribute.
    pub source: Option<String>,
    /// `<Text>` content: entity-decoded, comments removed, whitespace
    /// collapsed to single spaces and trimmed. Empty if there is no `<Text>`.
    pub text: String,
    /// Raw contents of `<Parse>` (trimmed, otherwise untouched); `None` if
    /// missing or empty.
    pub parse: Option<String>,
    /// Option changes to apply from this record on: `<Config>` elements
    /// found after the previous record (outside any record) followed by
    /// those inside this one, in file order. PETRARCH treats them as
    /// persistent, so a caller should apply them cumulatively.
    pub configs: Vec<ConfigOption>,
    /// `<EventCoding>` elements (what a validation run expects).
    pub expected: Vec<ExpectedCoding>,
    /// 1-based line of the `<Sentence` tag.
    pub line: usize,
}

/// An `<EventCoding>` element: an expected result for validation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ExpectedCoding {
    /// `sourcecode`, `targetcode`, `eventcode` as written (trimmed); the
    /// source may be a quoted null-coded phrase such as `"INJURY TOLL"`.
    Event {
        /// Source actor code.
        source: String,
        /// Target actor code.
        target: String,
        /// CAMEO event code.
        code: String,
    },
    /// `noevents="True"`: the record should produce no events.
    NoEvents,
    /// `error="..."`: the record should be rejected for this reason
    /// (`dateline`, `bad_input_parse`, `storydiscard`, ...).
    Error(String),
}

/// Element names this reader acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sentence,
    Environment,
    Container,
    Config,
    EventCoding,
    Text,
    Parse,
    Stop,
    Verbfile,
    Actorfile,
    Agentfile,
    Discardfile,
    Issuefile,
    Errorfile,
    Include,
    Exclude,
    Pause,
    Other,
}

fn kind(name: &str) -> Kind {
    const NAMES: &[(&str, Kind)] = &[
        ("Sentence", Kind::Sentence),
        ("Environment", Kind::Environment),
        ("Sentences", Kind::Container),
        ("Validation", Kind::Container),
        ("Config", Kind::Config),
        ("EventCoding", Kind::EventCoding),
        ("Text", Kind::Text),
        ("Parse", Kind::Parse),
        ("Stop", Kind::Stop),
        ("Verbfile", Kind::Verbfile),
        ("Actorfile", Kind::Actorfile),
        ("Agentfile", Kind::Agentfile),
        ("Discardfile", Kind::Discardfile),
        ("Issuefile", Kind::Issuefile),
        ("Errorfile", Kind::Errorfile),
        ("Include", Kind::Include),
        ("Exclude", Kind::Exclude),
        ("Pause", Kind::Pause),
    ];
    NAMES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map_or(Kind::Other, |&(_, k)| k)
}

/// Decoded, trimmed value of attribute `name` (case-insensitive; the first
/// occurrence wins).
fn attr(attrs: &[Attr<'_>], name: &str) -> Option<String> {
    attrs
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(name))
        .map(|a| decode_entities(a.raw_value).trim().to_string())
}

fn required(
    attrs: &[Attr<'_>],
    element: &'static str,
    attribute: &'static str,
    line: usize,
) -> Result<String, TextError> {
    match attr(attrs, attribute) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(TextError::MissingAttribute {
            line,
            element,
            attribute,
        }),
    }
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.is_empty())
}

fn is_true(v: &str) -> bool {
    v.trim().eq_ignore_ascii_case("true")
}

fn start_sentence(
    attrs: &[Attr<'_>],
    line: usize,
    configs: Vec<ConfigOption>,
) -> Result<SentenceRecord, TextError> {
    Ok(SentenceRecord {
        id: required(attrs, "Sentence", "id", line)?,
        date: required(attrs, "Sentence", "date", line)?,
        category: non_empty(attr(attrs, "category")),
        codable: attr(attrs, "sentence").is_some_and(|v| is_true(&v)),
        source: non_empty(attr(attrs, "source")),
        text: String::new(),
        parse: None,
        configs,
        expected: Vec::new(),
        line,
    })
}

fn config_option(attrs: &[Attr<'_>], line: usize) -> Result<ConfigOption, TextError> {
    let option = required(attrs, "Config", "option", line)?;
    let value = attr(attrs, "value").ok_or(TextError::MissingAttribute {
        line,
        element: "Config",
        attribute: "value",
    })?;
    Ok(ConfigOption { option, value })
}

fn expected_coding(attrs: &[Attr<'_>], line: usize) -> Result<Option<ExpectedCoding>, TextError> {
    let noevents = attr(attrs, "noevents");
    if noevents.as_deref().is_some_and(is_true) {
        return Ok(Some(ExpectedCoding::NoEvents));
    }
    if let Some(err) = attr(attrs, "error") {
        return Ok(Some(ExpectedCoding::Error(err)));
    }
    let has_codes = ["sourcecode", "targetcode", "eventcode"]
        .iter()
        .any(|n| attr(attrs, n).is_some());
    if noevents.is_some() && !has_codes {
        // `noevents="False"` on its own says nothing.
        return Ok(None);
    }
    Ok(Some(ExpectedCoding::Event {
        source: required(attrs, "EventCoding", "sourcecode", line)?,
        target: required(attrs, "EventCoding", "targetcode", line)?,
        code: required(attrs, "EventCoding", "eventcode", line)?,
    }))
}

/// Reject control characters XML does not allow; they mean the input is
/// not a text file (tab, newline, carriage return, vertical tab and form
/// feed are accepted as whitespace).
fn check_characters(src: &str) -> Result<(), TextError> {
    let mut line = 1;
    for c in src.chars() {
        match c {
            '\n' => line += 1,
            '\t' | '\r' | '\u{0b}' | '\u{0c}' => {}
            c if (c as u32) < 0x20 => {
                return Err(TextError::InvalidCharacter {
                    line,
                    code: c as u32,
                })
            }
            _ => {}
        }
    }
    Ok(())
}

/// Read a PETRARCH XML file from a string.
///
/// The reader is deliberately tolerant: it does not require a single root
/// element, ignores unknown elements and stray text or end tags, accepts
/// `--` and `<` inside comments and a lone `<` or `&` in text, and matches
/// element and attribute names case-insensitively. `<Text>` and `<Parse>`
/// are read as raw text up to their end tag. It does fail, naming the line,
/// on: a record or element that is never closed, a `<Sentence>` without
/// `id` or `date`, an `<EventCoding>` with only some of its three codes, a
/// `<Config>` without `option`/`value`, a tag it cannot make sense of, or
/// control characters (binary input).
pub fn read_petrarch_xml(src: &str) -> Result<PetrarchFile, TextError> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    check_characters(src)?;
    let mut sc = Scanner::new(src);
    let mut file = PetrarchFile::default();
    let mut current: Option<SentenceRecord> = None;
    let mut pending_configs = Vec::new();
    // Line of the currently open <Environment>, if any.
    let mut env_open: Option<usize> = None;

    let unterminated_sentence = |rec: &SentenceRecord| TextError::Unterminated {
        line: rec.line,
        element: "Sentence".to_string(),
    };

    while let Some(token) = sc.next_token()? {
        match token {
            Token::Open {
                name,
                attrs,
                self_closing,
                line,
            } => {
                let k = kind(name);
                // Raw-content elements: read their content now so that the
                // scanner does not look for tags inside it.
                let raw = match k {
                    Kind::Text
                    | Kind::Parse
                    | Kind::Verbfile
                    | Kind::Actorfile
                    | Kind::Agentfile
                    | Kind::Discardfile
                    | Kind::Issuefile
                    | Kind::Errorfile
                    | Kind::Include
                    | Kind::Exclude
                    | Kind::Pause
                        if !self_closing =>
                    {
                        sc.read_raw(name, line)?
                    }
                    _ => "",
                };
                match k {
                    Kind::Sentence => {
                        if let Some(open) = &current {
                            return Err(unterminated_sentence(open));
                        }
                        if let Some(env_line) = env_open {
                            return Err(TextError::Unterminated {
                                line: env_line,
                                element: "Environment".to_string(),
                            });
                        }
                        let configs = std::mem::take(&mut pending_configs);
                        let rec = start_sentence(&attrs, line, configs)?;
                        if self_closing {
                            file.sentences.push(rec);
                        } else {
                            current = Some(rec);
                        }
                    }
                    Kind::Environment => {
                        if let Some(open) = &current {
                            return Err(unterminated_sentence(open));
                        }
                        file.environment.get_or_insert_with(Environment::default);
                        if !self_closing {
                            env_open = Some(line);
                        }
                    }
                    Kind::Config => {
                        let opt = config_option(&attrs, line)?;
                        if let Some(rec) = current.as_mut() {
                            rec.configs.push(opt);
                        } else if env_open.is_some() {
                            file.environment
                                .get_or_insert_with(Environment::default)
                                .configs
                                .push(opt);
                        } else {
                            pending_configs.push(opt);
                        }
                    }
                    Kind::EventCoding => {
                        if let Some(rec) = current.as_mut() {
                            if let Some(e) = expected_coding(&attrs, line)? {
                                rec.expected.push(e);
                            }
                        }
                    }
                    Kind::Text => {
                        if let Some(rec) = current.as_mut() {
                            let text = collapse_whitespace(&text_content(raw));
                            if !text.is_empty() {
                                if !rec.text.is_empty() {
                                    rec.text.push(' ');
                                }
                                rec.text.push_str(&text);
                            }
                        }
                    }
                    Kind::Parse => {
                        if let Some(rec) = current.as_mut() {
                            let parse = raw.trim();
                            if rec.parse.is_none() && !parse.is_empty() {
                                rec.parse = Some(parse.to_string());
                            }
                        }
                    }
                    Kind::Stop => {
                        if current.is_none() {
                            file.stop_line = Some(line);
                            return Ok(file);
                        }
                    }
                    Kind::Verbfile
                    | Kind::Actorfile
                    | Kind::Agentfile
                    | Kind::Discardfile
                    | Kind::Issuefile
                    | Kind::Errorfile
                    | Kind::Include
                    | Kind::Exclude
                    | Kind::Pause => {
                        if current.is_none() {
                            let env = file.environment.get_or_insert_with(Environment::default);
                            set_env_field(env, k, raw);
                        }
                    }
                    Kind::Container | Kind::Other => {}
                }
            }
            Token::Close { name, .. } => match kind(name) {
                Kind::Sentence => {
                    if let Some(rec) = current.take() {
                        file.sentences.push(rec);
                    }
                }
                Kind::Environment => env_open = None,
                Kind::Container => {
                    if let Some(open) = &current {
                        return Err(unterminated_sentence(open));
                    }
                }
                _ => {}
            },
        }
    }
    if let Some(open) = &current {
        return Err(unterminated_sentence(open));
    }
    if let Some(line) = env_open {
        return Err(TextError::Unterminated {
            line,
            element: "Environment".to_string(),
        });
    }
    Ok(file)
}

fn set_env_field(env: &mut Environment, k: Kind, raw: &str) {
    let value = collapse_whitespace(&text_content(raw));
    if value.is_empty() {
        return;
    }
    match k {
        Kind::Verbfile => env.verb_file = Some(value),
        Kind::Actorfile => env.actor_files.push(value),
        Kind::Agentfile => env.agent_file = Some(value),
        Kind::Discardfile => env.discard_file = Some(value),
        Kind::Issuefile => env.issue_file = Some(value),
        Kind::Errorfile => env.error_file = Some(value),
        Kind::Include => env
            .include
            .extend(value.split_whitespace().map(str::to_string)),
        Kind::Exclude => env
            .exclude
            .extend(value.split_whitespace().map(str::to_string)),
        Kind::Pause => env.pause = Some(value),
        _ => {}
    }
}
