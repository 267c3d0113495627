//! Where an event's phrases are in its sentence: the character spans of
//! the source, the verb and the target, found from the phrases the
//! coder recorded.
//!
//! The coder keeps each phrase as its tokens joined by spaces
//! (`Kazakhstan 's`), not an offset, so a phrase is looked for in the
//! sentence with whitespace ignored on both sides. The verb is found
//! first; of the places a noun phrase occurs, the nearest one outside the
//! verb wins (the subject is usually just before the verb). A phrase
//! inferred from another sentence, or not found, has no span.

/// A span: characters `start..end` of the sentence.
pub(crate) type Span = (usize, usize);

/// The spans of the source, verb and target phrases in `sentence`.
pub(crate) fn spans(
    sentence: &str,
    source: Option<&str>,
    verb: &str,
    target: Option<&str>,
) -> (Option<Span>, Option<Span>, Option<Span>) {
    let chars: Vec<char> = sentence.chars().collect();
    let verb_span = occurrences(&chars, verb).next();
    let near = |phrase: Option<&str>| {
        let phrase = phrase?;
        let found = occurrences(&chars, phrase).filter(|s| match verb_span {
            Some(v) => s.1 <= v.0 || s.0 >= v.1,
            None => true,
        });
        match verb_span {
            Some(v) => found.min_by_key(|s| if s.1 <= v.0 { v.0 - s.1 } else { s.0 - v.1 }),
            None => found.min_by_key(|s| s.0),
        }
    };
    (near(source), verb_span, near(target))
}

/// Every place `phrase` occurs in `chars` as whole words, whitespace
/// ignored, as character spans that begin and end on a phrase character.
fn occurrences<'a>(chars: &'a [char], phrase: &str) -> impl Iterator<Item = Span> + 'a {
    let wanted: Vec<char> = phrase.chars().filter(|c| !c.is_whitespace()).collect();
    (0..chars.len()).filter_map(move |start| {
        let first = *wanted.first()?;
        let word = |at: Option<&char>| at.is_some_and(|c| c.is_alphanumeric());
        if chars[start] != first
            || (first.is_alphanumeric() && start > 0 && word(chars.get(start - 1)))
        {
            return None;
        }
        let mut at = start;
        for &w in &wanted {
            while chars.get(at).is_some_and(|c| c.is_whitespace()) {
                at += 1;
            }
            if chars.get(at) != Some(&w) {
                return None;
            }
            at += 1;
        }
        // a word phrase ends where a word does: "met" is not in "metal"
        let last = wanted.last().is_some_and(|c| c.is_alphanumeric());
        (!(last && word(chars.get(at)))).then_some((start, at))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_found_around_the_verb() {
        let cases: [(&str, Option<&str>, &str, Option<&str>, _); 6] = [
            (
                "Kazakhstan criticized Russia.",
                Some("Kazakhstan"),
                "criticized",
                Some("Russia"),
                (Some((0, 10)), Some((11, 21)), Some((22, 28))),
            ),
            // tokens joined by spaces; the subject nearest the verb
            (
                "Russia said Kazakhstan's minister met Russia's envoy.",
                Some("Kazakhstan 's minister"),
                "met",
                Some("Russia 's envoy"),
                (Some((12, 33)), Some((34, 37)), Some((38, 52))),
            ),
            (
                "Zürich: Frankreich kritisierte Deutschland.",
                Some("Frankreich"),
                "kritisierte",
                Some("Deutschland"),
                (Some((8, 18)), Some((19, 30)), Some((31, 42))),
            ),
            // an inferred source has no span; a phrase not there has none
            (
                "It protested.",
                None,
                "protested",
                Some("Iran"),
                (None, Some((3, 12)), None),
            ),
            // whole words only
            (
                "Metal firms met.",
                None,
                "met",
                None,
                (None, Some((12, 15)), None),
            ),
            ("", Some("a"), "b", Some(""), (None, None, None)),
        ];
        for (sentence, source, verb, target, want) in cases {
            assert_eq!(spans(sentence, source, verb, target), want, "{sentence}");
        }
    }
}
