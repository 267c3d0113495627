//! The text formats: JSON Lines, CSV (RFC 4180) and GDELT's tab-separated
//! rows.

use std::io::{self, Write};

use serde::de::{MapAccess, Visitor};
use serde::{Deserializer as _, Serialize};
use serde_json::value::RawValue;

use crate::rows::Column;
use crate::Format;

/// Writes rows of one table in one format.
pub(crate) struct Rows<'w, W: Write> {
    format: Format,
    columns: &'static [Column],
    out: &'w mut W,
}

impl<'w, W: Write> Rows<'w, W> {
    /// Starts the output (the CSV header).
    pub fn new(
        format: Format,
        columns: &'static [Column],
        out: &'w mut W,
    ) -> io::Result<Rows<'w, W>> {
        if format == Format::Csv {
            let header: Vec<String> = columns.iter().map(|c| c.name.to_string()).collect();
            write_csv_record(out, &header)?;
        }
        Ok(Rows {
            format,
            columns,
            out,
        })
    }

    /// One row as JSON Lines or CSV.
    pub fn write(&mut self, row: &impl Serialize) -> io::Result<()> {
        let json = serde_json::to_string(row).map_err(io::Error::from)?;
        match self.format {
            Format::Csv => {
                let cells: Vec<String> = fields(&json)?.iter().map(|(_, v)| csv_cell(v)).collect();
                debug_assert_eq!(cells.len(), self.columns.len());
                write_csv_record(self.out, &cells)
            }
            Format::Jsonl | Format::Gdelt => {
                self.out.write_all(json.as_bytes())?;
                self.out.write_all(b"\n")
            }
        }
    }

    /// One GDELT row: tab-separated, tabs and line breaks in values
    /// replaced by spaces.
    pub fn gdelt(&mut self, cells: &[String]) -> io::Result<()> {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b"\t")?;
            }
            let clean = cell.replace(['\t', '\n', '\r'], " ");
            self.out.write_all(clean.as_bytes())?;
        }
        self.out.write_all(b"\n")
    }
}

/// The top-level fields of a JSON object, in order, values as written.
pub(crate) fn fields(json: &str) -> io::Result<Vec<(String, Box<RawValue>)>> {
    struct Fields;
    impl<'de> Visitor<'de> for Fields {
        type Value = Vec<(String, Box<RawValue>)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = map.next_entry()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_str(json);
    de.deserialize_map(Fields).map_err(io::Error::from)
}

/// A JSON value as a CSV cell: `null` is empty, a string is its text,
/// anything else (numbers, booleans, arrays, objects) its JSON text.
fn csv_cell(v: &RawValue) -> String {
    let text = v.get();
    match text {
        "null" => String::new(),
        _ if text.starts_with('"') => serde_json::from_str(text).unwrap_or_default(),
        _ => text.to_string(),
    }
}

/// One CSV record (RFC 4180): a cell with a comma, a quote or a line break
/// is quoted, its quotes doubled; records end with CRLF.
pub(crate) fn write_csv_record(out: &mut impl Write, cells: &[String]) -> io::Result<()> {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        if cell.contains([',', '"', '\n', '\r']) {
            out.write_all(b"\"")?;
            out.write_all(cell.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(cell.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        let mut out = Vec::new();
        let cells = ["plain", "a,b", "say \"hi\"", "two\nlines", ""].map(String::from);
        write_csv_record(&mut out, &cells).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n"
        );
    }
}
