//! Event-coding dictionaries: verbs and their patterns, actors with dated
//! codes, agents, discards, issues, and the CAMEO code tables.
//!
//! Every dictionary is compiled once into hash-indexed structures so that the
//! coder looks words up instead of scanning lists: actor and agent phrases
//! are keyed by their first word, verb forms by their inflected head word.
//! Every compiled entry keeps its [`Origin`] (`file:line`) so each coded
//! event can say which dictionary lines produced it.
//!
//! The crate does no I/O: callers hand it file names and texts. The built-in
//! dictionaries (Phoenix actors, agents, discards, issues and the CAMEO.2.0
//! verbs, MIT licensed, vendored under `data/dict/`) are compiled into the
//! binary. A broken line never stops loading: it is skipped and reported as
//! a [`Diagnostic`] naming `file:line`.
//!
//! ```
//! use faultline_dict::{Dictionaries, Kind, Source};
//! let sources = [
//!     Source::new(Kind::Verbs, "v.txt", "--- MEET [031] ---\nMEET\n- * TALKS [032]\n"),
//!     Source::new(Kind::Actors, "a.txt", "GONDOR [GON]\n+MINAS_TIRITH\n"),
//! ];
//! let (dicts, diagnostics) = Dictionaries::load(&sources);
//! assert!(diagnostics.is_empty());
//! assert_eq!(dicts.verbs.forms("MET").len(), 0); // irregular forms must be listed
//! assert_eq!(dicts.verbs.forms("MEETS").len(), 1);
//! let (phrase, len) = dicts.actors.index.longest_at(&["MINAS", "TIRITH"]).unwrap();
//! assert_eq!((dicts.actors.actors[phrase.entry].name.as_str(), len), ("GONDOR", 2));
//! ```

pub mod actors;
pub mod cameo;
pub mod discards;
pub mod issues;
mod lines;
pub mod transforms;
pub mod verbs;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

pub use actors::{ActorDict, AgentDict, Date, Placement, Span};
pub use cameo::CameoTables;
pub use discards::{DiscardList, DiscardScope};
pub use issues::IssueDict;
pub use transforms::{ActSpec, Governor, Outcome, Slot, Transform, Transforms};
pub use verbs::{Elem, Family, Pattern, PatternScopes, Step, VerbDict, VerbForm};

/// Where a dictionary entry was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    pub file: Arc<str>,
    /// 1-based line number.
    pub line: u32,
}

impl Origin {
    pub fn new(file: &Arc<str>, line: u32) -> Origin {
        Origin {
            file: Arc::clone(file),
            line,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A dictionary line that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct Diagnostic {
    pub origin: Origin,
    pub message: String,
}

impl Diagnostic {
    pub fn new(origin: Origin, message: String) -> Diagnostic {
        Diagnostic { origin, message }
    }
}

/// Which dictionary a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Verbs,
    Actors,
    Agents,
    Discards,
    Issues,
}

impl Kind {
    /// Guesses a dictionary's kind from its file name, PETRARCH-style:
    /// a `*.txt` whose name holds `verb` or `cameo`, `actor`, `agent`,
    /// `discard` or `issue` (any case).
    ///
    /// ```
    /// use faultline_dict::Kind;
    /// let cases = [
    ///     ("CAMEO.2.0.txt", Some(Kind::Verbs)),
    ///     ("PETR.Validate.verbs.txt", Some(Kind::Verbs)),
    ///     ("Phoenix.Countries.actors.txt", Some(Kind::Actors)),
    ///     ("Phoenix.agents.txt", Some(Kind::Agents)),
    ///     ("Phoenix.discards.txt", Some(Kind::Discards)),
    ///     ("Phoenix.IssueCoding.txt", Some(Kind::Issues)),
    ///     ("Phoenix.prepositions.txt", None),
    ///     ("actors.csv", None),
    /// ];
    /// for (name, want) in cases {
    ///     assert_eq!(Kind::from_file_name(name), want, "{name}");
    /// }
    /// ```
    pub fn from_file_name(name: &str) -> Option<Kind> {
        let lower = name.to_ascii_lowercase();
        if !lower.ends_with(".txt") {
            return None;
        }
        let table = [
            ("verb", Kind::Verbs),
            ("cameo", Kind::Verbs),
            ("actor", Kind::Actors),
            ("agent", Kind::Agents),
            ("discard", Kind::Discards),
            ("issue", Kind::Issues),
        ];
        table
            .iter()
            .find(|(word, _)| lower.contains(word))
            .map(|&(_, kind)| kind)
    }
}

/// What compiled dictionaries hold, one line per kind (`faultline dict
/// stats`).
pub struct Summary<'a>(&'a Dictionaries);

impl std::fmt::Display for Summary<'_> {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.0;
        writeln!(
            out,
            "verbs:    {} families, {} verb heads, {} patterns",
            d.verbs.families.len(),
            d.verbs.head_count(),
            d.verbs.pattern_count()
        )?;
        writeln!(
            out,
            "actors:   {} entries, {} phrases",
            d.actors.actors.len(),
            d.actors.index.len()
        )?;
        writeln!(
            out,
            "agents:   {} entries, {} phrases",
            d.agents.agents.len(),
            d.agents.index.len()
        )?;
        writeln!(out, "discards: {} phrases", d.discards.discards.len())?;
        writeln!(out, "issues:   {} phrases", d.issues.len())
    }
}

/// One dictionary file: its kind, the name used in diagnostics, its text.
#[derive(Debug, Clone)]
pub struct Source {
    pub kind: Kind,
    pub name: String,
    pub text: Cow<'static, str>,
}

impl Source {
    pub fn new(kind: Kind, name: &str, text: &str) -> Source {
        Source {
            kind,
            name: name.to_string(),
            text: Cow::Owned(text.to_string()),
        }
    }

    /// A source read from a file's bytes. Bytes that are not UTF-8 are
    /// replaced by U+FFFD, so that one bad character does not lose a whole
    /// dictionary, and reported by a diagnostic naming the first bad line.
    pub fn from_bytes(kind: Kind, name: &str, bytes: &[u8]) -> (Source, Option<Diagnostic>) {
        let bad = std::str::from_utf8(bytes).err().map(|e| {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Diagnostic::new(
                Origin::new(&Arc::from(name), u32::try_from(line).unwrap_or(u32::MAX)),
                "invalid UTF-8; bad bytes in this file were replaced by U+FFFD".to_string(),
            )
        });
        (
            Source::new(kind, name, &String::from_utf8_lossy(bytes)),
            bad,
        )
    }

    fn builtin(kind: Kind, name: &str, text: &'static str) -> Source {
        Source {
            kind,
            name: name.to_string(),
            text: Cow::Borrowed(text),
        }
    }
}

/// All dictionaries a coder needs.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    pub verbs: VerbDict,
    pub actors: ActorDict,
    pub agents: AgentDict,
    pub discards: DiscardList,
    pub issues: IssueDict,
}

macro_rules! builtin_file {
    ($kind:expr, $name:literal) => {
        Source::builtin(
            $kind,
            concat!("data/dict/", $name),
            include_str!(concat!("../../../data/dict/", $name)),
        )
    };
}

impl Dictionaries {
    /// What the dictionaries hold, printable (`faultline dict stats`).
    pub fn summary(&self) -> Summary<'_> {
        Summary(self)
    }

    /// Compiles the given files; returns the dictionaries and the lines skipped.
    pub fn load(sources: &[Source]) -> (Dictionaries, Vec<Diagnostic>) {
        let mut d = Dictionaries::default();
        let mut diags = Vec::new();
        for s in sources {
            diags.extend(lines::file_problems(&s.text, &s.name));
            match s.kind {
                Kind::Verbs => d.verbs.read(&s.text, &s.name, &mut diags),
                Kind::Actors => d.actors.read(&s.text, &s.name, &mut diags),
                Kind::Agents => d.agents.read(&s.text, &s.name, &mut diags),
                Kind::Discards => d.discards.read(&s.text, &s.name, &mut diags),
                Kind::Issues => d.issues.read(&s.text, &s.name, &mut diags),
            }
        }
        (d, diags)
    }

    /// The built-in files: CAMEO.2.0 verbs and faultline's verb layer over
    /// them, faultline's own actor layer and the Phoenix dictionaries.
    ///
    /// `faultline.verbs.txt` comes after CAMEO.2.0: its blocks extend the
    /// CAMEO blocks of the same name with patterns for acts of the 2020s.
    ///
    /// `faultline.actors.txt` (leaders, organisations, metonyms and renamed
    /// places of 2016 onwards, with dated codes) comes before the Phoenix
    /// actor files: the phrase index keeps file order among phrases of equal
    /// length, so where both name the same phrase, the newer, dated entry wins.
    /// `faultline.agents.txt` comes before Phoenix's agents for the same
    /// reason.
    pub fn builtin_sources() -> Vec<Source> {
        vec![
            builtin_file!(Kind::Verbs, "CAMEO.2.0.txt"),
            builtin_file!(Kind::Verbs, "faultline.verbs.txt"),
            builtin_file!(Kind::Actors, "faultline.actors.txt"),
            builtin_file!(Kind::Actors, "Phoenix.Countries.actors.txt"),
            builtin_file!(Kind::Actors, "Phoenix.International.actors.txt"),
            builtin_file!(Kind::Actors, "Phoenix.MilNonState.actors.txt"),
            builtin_file!(Kind::Agents, "faultline.agents.txt"),
            builtin_file!(Kind::Agents, "Phoenix.agents.txt"),
            builtin_file!(Kind::Discards, "Phoenix.discards.txt"),
            builtin_file!(Kind::Issues, "Phoenix.IssueCoding.txt"),
        ]
    }

    /// Compiles the built-in dictionaries.
    pub fn builtin() -> (Dictionaries, Vec<Diagnostic>) {
        Dictionaries::load(&Dictionaries::builtin_sources())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_dictionaries_load() {
        let (d, diags) = Dictionaries::builtin();
        for x in &diags {
            eprintln!("{x}");
        }
        assert!(diags.len() < 40, "{} diagnostics", diags.len());
        assert!(d.verbs.pattern_count() > 4000);
        assert!(d.actors.index.len() > 20000);
        assert!(d.agents.index.len() > 3000);
        assert!(!d.discards.discards.is_empty());
        assert!(!d.issues.is_empty());
    }

    /// How CAMEO.2.0's patterns are tied to verbs by their comments (see
    /// `verbs`): the counts the issue asked for, pinned.
    #[test]
    fn cameo_pattern_scopes() {
        let cameo = &Dictionaries::builtin_sources()[0];
        assert!(cameo.name.ends_with("CAMEO.2.0.txt"));
        let (d, _) = Dictionaries::load(std::slice::from_ref(cameo));
        let scopes = d.verbs.pattern_scopes();
        eprintln!("CAMEO.2.0: {scopes:?} of {}", d.verbs.pattern_count());
        assert_eq!(d.verbs.pattern_count(), 4665);
        assert_eq!(
            scopes,
            verbs::PatternScopes {
                block: 418,
                restricted: 4240,
                orphaned: 7
            }
        );
    }
}
