//! CAMEO event-code tables: Goldstein scale, quad class and PLOVER mapping.
//!
//! Two small data files drive this module:
//!
//! * a Goldstein table, tab-separated with the header
//!   `CAMEOEVENTCODE<TAB>GOLDSTEINSCALE` and one `code<TAB>score` per line
//!   (scores between -10 and +10);
//! * a CAMEO-to-PLOVER table with lines `CODE: CATEGORY, MODE, CONTEXT`
//!   where mode and context (and their commas) may be left out or blank,
//!   `#` starts a comment, and a line of `~` characters ends the table.
//!
//! Lookups fall back from a code to successively shorter prefixes
//! (`"0311"` → `"031"` → `"03"`), because coders emit codes more specific
//! than a table may list, and because variant codes such as `"174K"`
//! should still map to their base code. Codes are never trusted: odd
//! input (`"---"`, `""`, non-ASCII) simply yields empty information.
//!
//! ```
//! use faultline_dict::cameo::CameoTables;
//!
//! let tables = CameoTables::builtin();
//! let info = tables.info("0311");
//! assert_eq!(info.root, "03");
//! assert_eq!(info.quad_class, Some(1));
//! assert_eq!(info.plover.map(|p| p.category).as_deref(), Some("AGREE"));
//! ```

use std::collections::HashMap;

use thiserror::Error;

const BUILTIN_GOLDSTEIN: &str = include_str!("../../../data/cameo/goldstein.tsv");
const BUILTIN_PLOVER: &str = include_str!("../../../data/cameo/CAMEO2PLOVER-2021.txt");

/// Error in a CAMEO table file; the message starts with `file:line: `.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CameoError {
    /// A line that does not follow the file's format.
    #[error("{file}:{line}: {message}")]
    Malformed {
        /// File name as given by the caller.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A Goldstein code listed twice with different scores.
    #[error("{file}:{line}: code {code} already has Goldstein score {first} (line {first_line})")]
    ConflictingDuplicate {
        /// File name as given by the caller.
        file: String,
        /// 1-based line number of the second entry.
        line: usize,
        /// The repeated code.
        code: String,
        /// Score from the first entry.
        first: f32,
        /// Line of the first entry.
        first_line: usize,
    },
}

/// PLOVER equivalent of a CAMEO code. Blank fields are empty strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Plover {
    /// Event category, e.g. `AGREE`.
    pub category: String,
    /// Mode, e.g. `visit` (often empty).
    pub mode: String,
    /// Context as written, e.g. `diplomatic` or `crime; corruption`.
    pub context: String,
}

/// Everything known about one CAMEO code.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CodeInfo {
    /// Goldstein score of the code or of its longest listed prefix.
    pub goldstein: Option<f32>,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict; `None` unless the root is `01`–`20`.
    pub quad_class: Option<u8>,
    /// Two-digit root code, or empty if the code does not start with two
    /// ASCII digits.
    pub root: String,
    /// PLOVER mapping of the code or of its longest listed prefix.
    pub plover: Option<Plover>,
}

/// Goldstein and PLOVER lookup tables.
#[derive(Debug, Clone, Default)]
pub struct CameoTables {
    goldstein: HashMap<String, f32>,
    plover: HashMap<String, Plover>,
    /// Longest key in either table: longer prefixes cannot match.
    max_key_len: usize,
}

/// The two-digit root of a code, if it starts with two ASCII digits.
///
/// ```
/// use faultline_dict::cameo::root_code;
/// assert_eq!(root_code("0311"), Some("03"));
/// assert_eq!(root_code("1"), None);
/// assert_eq!(root_code("---"), None);
/// ```
pub fn root_code(code: &str) -> Option<&str> {
    code.trim()
        .get(..2)
        .filter(|r| r.bytes().all(|b| b.is_ascii_digit()))
}

/// Quad class of a code from its root: `01`–`05` → 1, `06`–`08` → 2,
/// `09`–`13` → 3, `14`–`20` → 4, anything else `None`.
///
/// ```
/// use faultline_dict::cameo::quad_class;
/// assert_eq!(quad_class("036"), Some(1));
/// assert_eq!(quad_class("163"), Some(4));
/// assert_eq!(quad_class("345"), None);
/// ```
pub fn quad_class(code: &str) -> Option<u8> {
    let root: u8 = root_code(code)?.parse().ok()?;
    match root {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=13 => Some(3),
        14..=20 => Some(4),
        _ => None,
    }
}

/// A table key: 2 to 4 ASCII alphanumerics starting with two digits.
fn valid_code(code: &str) -> bool {
    (2..=4).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_alphanumeric())
        && root_code(code).is_some()
}

fn malformed(file: &str, line: usize, message: impl Into<String>) -> CameoError {
    CameoError::Malformed {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

/// Non-blank lines that are not `#` comments, with 1-based numbers and
/// surrounding whitespace removed.
fn content_lines(src: &str) -> impl Iterator<Item = (usize, &str)> {
    src.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

impl CameoTables {
    /// Tables built from the copies of `goldstein.tsv` and
    /// `CAMEO2PLOVER-2021.txt` compiled into the crate.
    pub fn builtin() -> CameoTables {
        match Self::parse(
            BUILTIN_GOLDSTEIN,
            "goldstein.tsv",
            BUILTIN_PLOVER,
            "CAMEO2PLOVER-2021.txt",
        ) {
            Ok(t) => t,
            // The data is fixed at compile time and checked by the tests.
            Err(e) => panic!("built-in CAMEO tables are invalid: {e}"),
        }
    }

    /// Parse the Goldstein TSV and the CAMEO-to-PLOVER text; the names are
    /// used in error messages (`name:line: ...`).
    ///
    /// A Goldstein code listed twice must have the same score. In the
    /// PLOVER table the first entry for a code wins: the published 2021
    /// table lists root `08` twice (CONCEDE, then RETREAT), and its
    /// sub-codes carry their own entries anyway.
    pub fn parse(
        goldstein_tsv: &str,
        goldstein_name: &str,
        plover_txt: &str,
        plover_name: &str,
    ) -> Result<CameoTables, CameoError> {
        let goldstein = parse_goldstein(goldstein_tsv, goldstein_name)?;
        let plover = parse_plover(plover_txt, plover_name)?;
        let max_key_len = goldstein
            .keys()
            .chain(plover.keys())
            .map(String::len)
            .max()
            .unwrap_or(0);
        Ok(CameoTables {
            goldstein,
            plover,
            max_key_len,
        })
    }

    /// Find `code` or its longest listed prefix (of at least two
    /// characters) in `table`.
    fn lookup<'t, V>(&self, table: &'t HashMap<String, V>, code: &str) -> Option<&'t V> {
        let code = code.trim();
        (2..=code.len().min(self.max_key_len))
            .rev()
            .filter_map(|n| code.get(..n))
            .find_map(|prefix| table.get(prefix))
    }

    /// Goldstein score of `code`, falling back to shorter prefixes.
    pub fn goldstein(&self, code: &str) -> Option<f32> {
        self.lookup(&self.goldstein, code).copied()
    }

    /// PLOVER mapping of `code`, falling back to shorter prefixes.
    pub fn plover(&self, code: &str) -> Option<&Plover> {
        self.lookup(&self.plover, code)
    }

    /// Everything known about `code`. Never fails: unknown or odd codes
    /// give `None`s and an empty root.
    pub fn info(&self, code: &str) -> CodeInfo {
        CodeInfo {
            goldstein: self.goldstein(code),
            quad_class: quad_class(code),
            root: root_code(code).unwrap_or_default().to_string(),
            plover: self.plover(code).cloned(),
        }
    }

    /// Number of codes with a Goldstein score.
    pub fn goldstein_len(&self) -> usize {
        self.goldstein.len()
    }

    /// Number of codes with a PLOVER mapping.
    pub fn plover_len(&self) -> usize {
        self.plover.len()
    }
}

fn parse_goldstein(src: &str, name: &str) -> Result<HashMap<String, f32>, CameoError> {
    let mut lines = content_lines(src);
    match lines.next() {
        Some((_, header))
            if header
                .split('\t')
                .map(str::trim)
                .eq(["CAMEOEVENTCODE", "GOLDSTEINSCALE"]) => {}
        Some((line, _)) => {
            return Err(malformed(
                name,
                line,
                "expected the header `CAMEOEVENTCODE<TAB>GOLDSTEINSCALE`",
            ))
        }
        None => return Err(malformed(name, 1, "empty Goldstein table")),
    }
    let mut table = HashMap::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for (line, text) in lines {
        let fields: Vec<&str> = text.split('\t').map(str::trim).collect();
        let [code, score] = fields[..] else {
            return Err(malformed(
                name,
                line,
                format!(
                    "expected `CODE<TAB>SCORE`, found {} tab-separated fields",
                    fields.len()
                ),
            ));
        };
        if !valid_code(code) {
            return Err(malformed(
                name,
                line,
                format!("invalid CAMEO code {code:?}"),
            ));
        }
        let score: f32 = match score.parse() {
            Ok(s) if (-10.0..=10.0).contains(&s) => s,
            _ => {
                return Err(malformed(
                    name,
                    line,
                    format!("invalid Goldstein score {score:?} (expected a number from -10 to 10)"),
                ))
            }
        };
        if let Some(&first) = table.get(code) {
            if first != score {
                return Err(CameoError::ConflictingDuplicate {
                    file: name.to_string(),
                    line,
                    code: code.to_string(),
                    first,
                    first_line: first_line.get(code).copied().unwrap_or(0),
                });
            }
            continue;
        }
        table.insert(code.to_string(), score);
        first_line.insert(code.to_string(), line);
    }
    Ok(table)
}

fn parse_plover(src: &str, name: &str) -> Result<HashMap<String, Plover>, CameoError> {
    let mut table = HashMap::new();
    for (line, raw) in content_lines(src) {
        let text = raw.split_once('#').map_or(raw, |(before, _)| before).trim();
        if text.is_empty() {
            continue;
        }
        if text.len() >= 3 && text.bytes().all(|b| b == b'~') {
            // End-of-table marker.
            break;
        }
        let Some((code, rest)) = text.split_once(':') else {
            return Err(malformed(
                name,
                line,
                "expected `CODE: CATEGORY, MODE, CONTEXT`",
            ));
        };
        let code = code.trim();
        if !valid_code(code) {
            return Err(malformed(
                name,
                line,
                format!("invalid CAMEO code {code:?}"),
            ));
        }
        let fields: Vec<&str> = rest.split(',').map(str::trim).collect();
        if fields.len() > 3 {
            return Err(malformed(
                name,
                line,
                format!(
                    "expected at most 3 comma-separated fields (CATEGORY, MODE, CONTEXT), found {}",
                    fields.len()
                ),
            ));
        }
        let field = |i: usize| fields.get(i).copied().unwrap_or_default().to_string();
        let category = field(0);
        if category.is_empty()
            || !category
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(malformed(
                name,
                line,
                format!("invalid PLOVER category {category:?}"),
            ));
        }
        table.entry(code.to_string()).or_insert(Plover {
            category,
            mode: field(1),
            context: field(2),
        });
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plover(category: &str, mode: &str, context: &str) -> Option<Plover> {
        Some(Plover {
            category: category.into(),
            mode: mode.into(),
            context: context.into(),
        })
    }

    #[test]
    fn builtin_tables() {
        let t = CameoTables::builtin();
        assert_eq!(t.goldstein_len(), 311);
        assert!(t.plover_len() > 250);

        let i = t.info("163");
        assert_eq!(i.goldstein, Some(-8.0));
        assert_eq!(i.quad_class, Some(4));
        assert_eq!(i.root, "16");
        assert_eq!(i.plover, plover("COERCE", "restrict", "diplomatic"));

        let i = t.info("036");
        assert_eq!(i.quad_class, Some(1));
        assert_eq!(i.goldstein, Some(4.0));
        assert_eq!(i.plover, plover("AGREE", "", "diplomatic"));

        assert_eq!(t.info("03").plover, plover("AGREE", "", ""));
        assert_eq!(t.info("041").plover, plover("CONSULT", "phone", ""));
        assert_eq!(
            t.info("091").plover,
            plover("ACCUSE", "investigate", "crime; corruption")
        );
        assert_eq!(
            t.info("0861").plover,
            plover("RETREAT", "access", "peacekeeping")
        );
        // Root 08 is listed twice; the first entry wins.
        assert_eq!(t.info("08").plover, plover("CONCEDE", "", ""));
        assert_eq!(
            t.info("0874").plover,
            plover("RETREAT", "disarm", "military")
        );
    }

    #[test]
    fn quad_classes() {
        let cases = [
            ("010", Some(1)),
            ("057", Some(1)),
            ("06", Some(2)),
            ("0874", Some(2)),
            ("090", Some(3)),
            ("138", Some(3)),
            ("14", Some(4)),
            ("204", Some(4)),
            ("00", None),
            ("21", None),
            ("345", None),
            ("1", None),
            ("", None),
            ("---", None),
            ("x12", None),
            ("é1", None),
        ];
        for (code, want) in cases {
            assert_eq!(quad_class(code), want, "code {code:?}");
        }
    }

    #[test]
    fn prefix_fallback_and_odd_codes() {
        let t = CameoTables::builtin();
        // 0311 is listed itself; 03111 is not, so it falls back to 0311.
        assert_eq!(t.goldstein("0311"), Some(5.2));
        assert_eq!(t.goldstein("03111"), t.goldstein("0311"));
        // 174K is a variant code: falls back to 174.
        let i = t.info("174K");
        assert_eq!(i.goldstein, Some(-5.0));
        assert_eq!(i.root, "17");
        assert_eq!(i.quad_class, Some(4));
        assert!(i.plover.is_some());
        // 1010 is not in the Goldstein table: falls back to 101.
        assert_eq!(t.goldstein("1010"), t.goldstein("101"));
        assert!(t.goldstein("101").is_some());

        for odd in ["---", "", "1", "é", "0é", " ", "\u{0}\u{0}", "x12"] {
            let i = t.info(odd);
            assert_eq!(i, CodeInfo::default(), "{odd:?}");
        }
        // Numeric roots outside 01-20 keep their root but have no class.
        for code in ["345", "99", "00"] {
            let i = t.info(code);
            assert_eq!(Some(i.root.as_str()), code.get(..2));
            assert_eq!((i.quad_class, i.goldstein, i.plover), (None, None, None));
        }
        // A non-ASCII suffix is cut at a character boundary.
        let i = t.info("03\u{e9}");
        assert_eq!(i.root, "03");
        assert_eq!(i.quad_class, Some(1));
        assert_eq!(i.goldstein, Some(4.0));
        let long = "0".repeat(100_000);
        assert_eq!(t.info(&long).goldstein, None);
        assert_eq!(t.info(" 163 ").goldstein, Some(-8.0));
    }

    #[test]
    fn fallback_uses_longest_listed_prefix() {
        let t = CameoTables::parse(
            "CAMEOEVENTCODE\tGOLDSTEINSCALE\n03\t4.0\n031\t5.2\n",
            "g.tsv",
            "03: AGREE\n0311: AGREE, , economic\n",
            "p.txt",
        )
        .unwrap();
        assert_eq!(t.goldstein("0311"), Some(5.2));
        assert_eq!(t.goldstein("0399"), Some(4.0));
        assert_eq!(t.goldstein("04"), None);
        assert_eq!(t.plover("0311"), plover("AGREE", "", "economic").as_ref());
        assert_eq!(t.plover("031"), plover("AGREE", "", "").as_ref());
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        const HEADER: &str = "CAMEOEVENTCODE\tGOLDSTEINSCALE\n";
        const GOOD_P: &str = "01: AGREE\n";
        let gold_cases = [
            ("", "g.tsv:1: empty Goldstein table"),
            (
                "CODE\tSCORE\n",
                "g.tsv:1: expected the header `CAMEOEVENTCODE<TAB>GOLDSTEINSCALE`",
            ),
            (
                "01\t0.0\n\n02 3.0\n",
                "g.tsv:4: expected `CODE<TAB>SCORE`, found 1 tab-separated fields",
            ),
            (
                "01\t0.0\t1\n",
                "g.tsv:2: expected `CODE<TAB>SCORE`, found 3 tab-separated fields",
            ),
            (
                "01\tabc\n",
                "g.tsv:2: invalid Goldstein score \"abc\" (expected a number from -10 to 10)",
            ),
            (
                "01\t11\n",
                "g.tsv:2: invalid Goldstein score \"11\" (expected a number from -10 to 10)",
            ),
            (
                "01\tNaN\n",
                "g.tsv:2: invalid Goldstein score \"NaN\" (expected a number from -10 to 10)",
            ),
            ("0x\t1\n", "g.tsv:2: invalid CAMEO code \"0x\""),
            ("01234\t1\n", "g.tsv:2: invalid CAMEO code \"01234\""),
            (
                "01\t1\n# c\n01\t2\n",
                "g.tsv:4: code 01 already has Goldstein score 1 (line 2)",
            ),
        ];
        for (body, want) in gold_cases {
            let src = if body.is_empty() || body.starts_with("CODE") {
                body.to_string()
            } else {
                format!("{HEADER}{body}")
            };
            let err = CameoTables::parse(&src, "g.tsv", GOOD_P, "p.txt").unwrap_err();
            assert_eq!(err.to_string(), want, "input {src:?}");
        }
        // An identical repeat is harmless.
        assert!(CameoTables::parse(&format!("{HEADER}01\t1\n01\t1.0\n"), "g", GOOD_P, "p").is_ok());

        let plover_cases = [
            ("03 AGREE\n", "p.txt:1: expected `CODE: CATEGORY, MODE, CONTEXT`"),
            ("# c\n\n03: \n", "p.txt:3: invalid PLOVER category \"\""),
            ("03: AGREE visit\n", "p.txt:1: invalid PLOVER category \"AGREE visit\""),
            (
                "03: AGREE, a, b, c # x, y\n",
                "p.txt:1: expected at most 3 comma-separated fields (CATEGORY, MODE, CONTEXT), found 4",
            ),
            ("3: AGREE\n", "p.txt:1: invalid CAMEO code \"3\""),
            ("---: AGREE\n", "p.txt:1: invalid CAMEO code \"---\""),
            ("# only a comment: AGREE\n01: AGREE\n0é: AGREE\n", "p.txt:3: invalid CAMEO code \"0é\""),
        ];
        for (src, want) in plover_cases {
            let err = CameoTables::parse(HEADER, "g.tsv", src, "p.txt").unwrap_err();
            assert_eq!(err.to_string(), want, "input {src:?}");
        }
        // Comments, blank fields and the `~~~` end marker are fine.
        let t = CameoTables::parse(
            HEADER,
            "g",
            "04: CONSULT # root\n041: CONSULT, phone,   # x\n~~~~~\nnot: parsed, at all, here, really\n",
            "p",
        )
        .unwrap();
        assert_eq!(t.plover_len(), 2);
    }
}
