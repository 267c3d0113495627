//! Full-text search over the sentences events were coded from.
//!
//! `event_text` is a contentless FTS5 table: it keeps the index of each
//! event's sentence and not the text, which the documents already hold.
//! Its row id is the event's page key, the date number above the event
//! id (`date << 36 | id`, see `query.rs`): FTS5 hands out matches in row
//! id order and seeks to a row id range, so a search reads its matches in
//! the order pages list them and stops after a page. a trigger fills it in the transaction that
//! stores the event, so the index is always that of the stored events.
//! One row per event rather than per sentence: a search then names
//! events directly, and most sentences give one event.
//!
//! Users' words never reach FTS5's query language as written:
//! [`text_query`] quotes every word, so `NOT`, `NEAR`, brackets and stray
//! quotes are searched for as words, never a syntax error.

use rusqlite::Connection;

use crate::StoreError;

/// The full-text table and the trigger that fills it.
pub(crate) const SCHEMA: &str = "
-- the words of each event's sentence; row id = date << 36 | event id (the
-- order of pages); contentless (the text is the document's) and without
-- column sizes (no ranking by them), so it costs the index only
CREATE VIRTUAL TABLE event_text USING fts5(
    sentence, content = '', columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER event_text_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_text (rowid, sentence)
    SELECT (new.date << 36) | new.id, substr(d.text, s.char_start + 1, s.char_end - s.char_start)
    FROM sentences s JOIN documents d ON d.id = s.document
    WHERE s.document = new.document AND s.sentence_index = new.sentence_index;
END;
";

/// Indexes the sentences of every stored event (upgrading a store made
/// before the index existed, or before its row ids were page keys).
pub(crate) fn fill(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "INSERT INTO event_text (rowid, sentence)
         SELECT (e.date << 36) | e.id,
                substr(d.text, s.char_start + 1, s.char_end - s.char_start)
         FROM events e
         JOIN sentences s ON s.document = e.document AND s.sentence_index = e.sentence_index
         JOIN documents d ON d.id = e.document
         ORDER BY e.date, e.id;",
    )?;
    Ok(())
}

/// The FTS5 query for what a user typed: every word must occur (in any
/// case, with or without accents); `"a b"` in double quotes is a phrase;
/// a word ending in `*` matches the words it begins. Words are letters
/// and digits; anything else separates them. `None` when there is no
/// word at all.
///
/// ```
/// use faultline_store::text_query;
/// assert_eq!(text_query("gas pipeline").as_deref(), Some(r#""gas" "pipeline""#));
/// assert_eq!(text_query(r#""Caspian Pipeline" sanc*"#).as_deref(),
///            Some(r#""Caspian Pipeline" "sanc"*"#));
/// assert_eq!(text_query("NOT (x)").as_deref(), Some(r#""NOT" "x""#));
/// assert_eq!(text_query(" -- ''"), None);
/// ```
pub fn text_query(typed: &str) -> Option<String> {
    let mut terms = Vec::new();
    // odd pieces between double quotes are phrases
    for (k, piece) in typed.split('"').enumerate() {
        if k % 2 == 1 {
            let words = words(piece).map(|(w, _)| w).collect::<Vec<_>>();
            if !words.is_empty() {
                terms.push(format!("\"{}\"", words.join(" ")));
            }
        } else {
            for (word, prefix) in words(piece) {
                let star = if prefix { "*" } else { "" };
                terms.push(format!("\"{word}\"{star}"));
            }
        }
    }
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The words of `text`, each with whether a `*` follows it.
fn words(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.find(char::is_alphanumeric)?;
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        rest = after;
        Some((word, after.starts_with('*')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_becomes_quoted_terms() {
        let cases = [
            ("Astana", Some(r#""Astana""#)),
            ("  oil,gas ", Some(r#""oil" "gas""#)),
            (
                r#"say "Caspian  pipe-line" now"#,
                Some(r#""say" "Caspian pipe line" "now""#),
            ),
            ("sanc* OR NEAR(a b)", Some(r#""sanc"* "OR" "NEAR" "a" "b""#)),
            (
                r#"unclosed "quote here"#,
                Some(r#""unclosed" "quote here""#),
            ),
            ("Zürich's", Some(r#""Zürich" "s""#)),
            ("***", None),
            ("", None),
        ];
        for (typed, want) in cases {
            assert_eq!(text_query(typed).as_deref(), want, "{typed:?}");
        }
    }
}
