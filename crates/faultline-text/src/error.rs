//! Error type for the PETRARCH XML reader.

use thiserror::Error;

/// Everything that can go wrong while reading a PETRARCH XML file.
///
/// Every variant carries the 1-based line number where the problem starts
/// (for an unterminated element: the line of its opening tag), and the
/// `Display` form always begins with `line N: `.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TextError {
    /// An element was opened but never closed (before end of input, or
    /// before a tag that cannot legally appear inside it).
    #[error("line {line}: unterminated <{element}> element")]
    Unterminated {
        /// Line of the opening tag.
        line: usize,
        /// Element name as written in the opening tag.
        element: String,
    },
    /// A comment, tag, CDATA section, declaration or attribute value ran
    /// to the end of the input.
    #[error("line {line}: unterminated {what}")]
    UnterminatedMarkup {
        /// Line where the construct starts.
        line: usize,
        /// What was left open, e.g. ``comment (missing `-->`)``.
        what: &'static str,
    },
    /// A tag whose inside could not be understood.
    #[error("line {line}: malformed tag: {message}")]
    MalformedTag {
        /// Line of the offending character.
        line: usize,
        /// Human-readable description.
        message: String,
    },
    /// A required attribute is missing or empty.
    #[error("line {line}: <{element}> is missing the `{attribute}` attribute")]
    MissingAttribute {
        /// Line of the tag.
        line: usize,
        /// Element name.
        element: &'static str,
        /// Attribute name.
        attribute: &'static str,
    },
    /// A control character that XML does not allow (typically a sign that
    /// the input is binary, not text).
    #[error("line {line}: invalid control character U+{code:04X} (is this a binary file?)")]
    InvalidCharacter {
        /// Line of the character.
        line: usize,
        /// Unicode scalar value of the character.
        code: u32,
    },
}

impl TextError {
    /// The 1-based line number the error refers to.
    pub fn line(&self) -> usize {
        match self {
            TextError::Unterminated { line, .. }
            | TextError::UnterminatedMarkup { line, .. }
            | TextError::MalformedTag { line, .. }
            | TextError::MissingAttribute { line, .. }
            | TextError::InvalidCharacter { line, .. } => *line,
        }
    }
}
