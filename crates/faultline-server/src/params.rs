//! Query parameters, read by name: each handler lists the names it
//! takes, and a parameter that is unknown, given twice or malformed is a
//! 400 naming it. A parameter given must be valid: an empty value
//! (`limit=`) is a bad value, not a missing one.

use faultline_core::Date;
use faultline_store::CodeFilter;

use crate::ApiError;

/// The longest actor code a filter takes.
const MAX_CODE: usize = 40;

/// The parameters of one request.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Reads a query string (without the `?`), taking only the names in
    /// `allowed`.
    pub fn parse(query: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (name, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            if !allowed.contains(&&*name) {
                return Err(ApiError::parameter(
                    &name,
                    format!(
                        "unknown parameter '{name}'; this endpoint takes {}",
                        list(allowed)
                    ),
                ));
            }
            if pairs.iter().any(|(n, _)| *n == name) {
                return Err(ApiError::parameter(
                    &name,
                    format!("'{name}' is given more than once"),
                ));
            }
            pairs.push((name.into_owned(), value.into_owned()));
        }
        Ok(Params { pairs })
    }

    /// The value of `name`, `None` when absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// An actor code (`RUS`), or a prefix (`RUS*`: `RUS`, `RUSGOV`, …);
    /// letters, digits and hyphens, in any case.
    pub fn code(&self, name: &str) -> Result<Option<CodeFilter>, ApiError> {
        self.get(name).map(|v| code(name, v)).transpose()
    }

    /// A date, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub fn date(&self, name: &str) -> Result<Option<Date>, ApiError> {
        self.get(name).map(|v| date(name, v)).transpose()
    }

    /// A whole number in `min..=max`.
    pub fn int(&self, name: &str, min: i64, max: i64) -> Result<Option<i64>, ApiError> {
        self.get(name).map(|v| int(name, v, min, max)).transpose()
    }

    /// One of `choices`.
    pub fn choice<'c>(&self, name: &str, choices: &[&'c str]) -> Result<Option<&'c str>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => choices
                .iter()
                .find(|c| **c == v)
                .map(|c| Some(*c))
                .ok_or_else(|| {
                    ApiError::parameter(name, format!("{name} must be one of {}", list(choices)))
                }),
        }
    }
}

fn list(names: &[&str]) -> String {
    names.join(", ")
}

/// An actor code or prefix as [`Params::code`] reads it.
pub fn code(name: &str, value: &str) -> Result<CodeFilter, ApiError> {
    let (code, prefix) = match value.strip_suffix('*') {
        Some(code) => (code, true),
        None => (value, false),
    };
    if code.is_empty()
        || code.len() > MAX_CODE
        || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(ApiError::parameter(
            name,
            format!(
                "{name} must be an actor code of letters, digits and hyphens (at most \
                 {MAX_CODE}), optionally ending in * for every code it begins: not '{value}'"
            ),
        ));
    }
    let code = code.to_ascii_uppercase();
    Ok(if prefix {
        CodeFilter::Prefix(code)
    } else {
        CodeFilter::Exact(code)
    })
}

/// A date as [`Params::date`] reads it.
pub fn date(name: &str, value: &str) -> Result<Date, ApiError> {
    let shape_ok = matches!(value.len(), 4 | 7 | 10)
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let parsed = shape_ok.then(|| Date::parse(value)).flatten();
    parsed.ok_or_else(|| {
        ApiError::parameter(
            name,
            format!("{name} must be a date, YYYY-MM-DD, YYYY-MM or YYYY: not '{value}'"),
        )
    })
}

/// A whole number in `min..=max`.
pub fn int(name: &str, value: &str, min: i64, max: i64) -> Result<i64, ApiError> {
    value
        .parse::<i64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            ApiError::parameter(
                name,
                format!("{name} must be a whole number from {min} to {max}: not '{value}'"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(e: ApiError) -> String {
        e.parameter.unwrap_or_default()
    }

    #[test]
    fn unknown_repeated_and_bad_parameters_are_named() {
        let parse = |q: &str| Params::parse(Some(q), &["limit", "from", "actor"]);
        assert_eq!(named(parse("limit=1&color=red").unwrap_err()), "color");
        assert_eq!(named(parse("limit=1&limit=2").unwrap_err()), "limit");
        let p = parse("limit=0&from=2022-13&actor=R%20S").unwrap();
        let empty = parse("limit=&from=&actor=").unwrap();
        assert_eq!(named(empty.int("limit", 1, 10).unwrap_err()), "limit");
        assert_eq!(named(empty.date("from").unwrap_err()), "from");
        assert_eq!(named(empty.code("actor").unwrap_err()), "actor");
        assert_eq!(named(p.int("limit", 1, 10).unwrap_err()), "limit");
        assert_eq!(named(p.date("from").unwrap_err()), "from");
        assert_eq!(named(p.code("actor").unwrap_err()), "actor");
    }

    #[test]
    fn values_are_read() {
        let p = Params::parse(
            Some("limit=10&from=2022-06&actor=rus*&q="),
            &["limit", "from", "actor", "q"],
        )
        .unwrap();
        assert_eq!(p.int("limit", 1, 10).unwrap(), Some(10));
        assert_eq!(p.date("from").unwrap(), Date::parse("2022-06"));
        assert_eq!(
            p.code("actor").unwrap(),
            Some(CodeFilter::Prefix("RUS".into()))
        );
        assert_eq!(p.get("q"), Some(""));
        assert_eq!(p.get("to"), None);
        assert_eq!(Params::parse(None, &[]).unwrap().get("q"), None);
    }

    #[test]
    fn dates_must_be_written_in_full() {
        for good in ["2022", "2022-06", "2022-06-19", "2024-02-29"] {
            assert!(date("from", good).is_ok(), "{good}");
        }
        for bad in [
            "22-06",
            "2022-6",
            "2022-06-1",
            "2023-02-29",
            "2022/06",
            "2022-06-19T00",
            "x",
        ] {
            assert!(date("from", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes_are_letters_digits_and_hyphens() {
        assert_eq!(
            code("a", "---GOV").unwrap(),
            CodeFilter::Exact("---GOV".into())
        );
        for bad in ["*", "RUS**", "R*S", "RUS GOV", "RUS;", &"A".repeat(41)] {
            assert!(code("a", bad).is_err(), "{bad}");
        }
    }
}
