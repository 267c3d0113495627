//! Character-data helpers: entity decoding and text normalisation.

use crate::scanner::find_from;

/// Decode the XML predefined entities (`&amp;` `&lt;` `&gt;` `&quot;`
/// `&apos;`) and numeric character references (`&#65;`, `&#x41;`).
///
/// Anything that is not a well-formed, known reference (a bare `&`, an
/// unknown name, a reference to an invalid code point) is kept literally.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        // References are short; do not scan far for the `;`.
        let semi = after.bytes().take(12).position(|b| b == b';');
        let decoded = semi.and_then(|semi| {
            let name = &after[..semi];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse::<u32>().ok()?,
                    };
                    char::from_u32(code)
                }
            };
            ch.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Text content of raw element content: comments are dropped, CDATA
/// sections are kept verbatim, everything else is entity-decoded.
pub(crate) fn text_content(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pos = 0;
    while let Some(lt) = find_from(raw, pos, "<") {
        let rest = &raw[lt..];
        let (open, close) = if rest.starts_with("<!--") {
            ("<!--", "-->")
        } else if rest.starts_with("<![CDATA[") {
            ("<![CDATA[", "]]>")
        } else {
            // Keep scanning; `<` stays as text.
            out.push_str(&decode_entities(&raw[pos..=lt]));
            pos = lt + 1;
            continue;
        };
        let Some(end) = find_from(raw, lt + open.len(), close) else {
            break;
        };
        out.push_str(&decode_entities(&raw[pos..lt]));
        if open == "<![CDATA[" {
            out.push_str(&raw[lt + open.len()..end]);
        } else {
            // A comment separates words.
            out.push(' ');
        }
        pos = end + close.len();
    }
    out.push_str(&decode_entities(&raw[pos..]));
    out
}

/// Collapse every run of whitespace to a single space and trim the ends.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        let cases = [
            ("a &amp; b", "a & b"),
            ("&lt;x&gt; &quot;q&quot; &apos;", "<x> \"q\" '"),
            ("&#65;&#x42;&#X43;", "ABC"),
            ("&amp;TIETYPE", "&TIETYPE"),
            ("AT&T; R&D", "AT&T; R&D"),
            ("&#xD800; &#99999999999;", "&#xD800; &#99999999999;"),
            ("&", "&"),
            ("é&amp;é&", "é&é&"),
            ("&;&#;&#x;", "&;&#;&#x;"),
        ];
        for (input, want) in cases {
            assert_eq!(decode_entities(input), want, "input {input:?}");
        }
    }

    #[test]
    fn text_content_cases() {
        let cases = [
            ("a<!-- c -->b", "a b"),
            ("x<![CDATA[&amp;<y>]]>z", "x&amp;<y>z"),
            ("1 < 2 &amp; 3", "1 < 2 & 3"),
            ("open <!-- never closed &amp;", "open <!-- never closed &"),
        ];
        for (input, want) in cases {
            assert_eq!(text_content(input), want, "input {input:?}");
        }
    }

    #[test]
    fn collapse() {
        assert_eq!(collapse_whitespace("  a \n\t b  c\n"), "a b c");
        assert_eq!(collapse_whitespace(" \n "), "");
    }
}
