//! Verb dictionary: synonym sets, verb families with their forms, and the
//! patterns that refine a family's code.
//!
//! Two dialects are read by one parser. The PETRARCH-1/TABARI dialect writes
//! flat patterns around the verb `*` (`- SAID WOULD * NOW [173]`, with `$`
//! source, `+` target, `^` skip a noun phrase, `%` compound). The PETRARCH-2
//! dialect (`CAMEO.2.0.txt`) adds `{...}` noun phrases and `(...)`
//! prepositional phrases; these are read as the same words in the same order.
//!
//! In both, `_` joins words that must stand next to each other, and a blank
//! lets other words come between.

use std::collections::HashMap;
use std::sync::Arc;

use crate::lines::meaningful_lines;
use crate::{Diagnostic, Origin};

/// What one pattern element matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Elem {
    /// A literal upper-case word.
    Word(String),
    /// Any phrase of a synonym set (index into [`VerbDict::synsets`]).
    Synset(usize),
    /// `$`: the source actor is the noun phrase here.
    Source,
    /// `+`: the target actor is the noun phrase here.
    Target,
    /// `^`: skip one noun phrase.
    Skip,
    /// `%`: a compound actor here is both source and target.
    Compound,
}

/// A pattern element and whether it must directly touch the element before
/// it (toward the verb).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub elem: Elem,
    pub adjacent: bool,
}

/// One pattern of a verb family.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// Elements before the verb, nearest to the verb first.
    pub upper: Vec<Step>,
    /// Elements after the verb, in sentence order.
    pub lower: Vec<Step>,
    /// The CAMEO code (`"064"`, `"031:032"` for a symmetric pair, `"---"` for none).
    pub code: String,
    pub origin: Origin,
}

impl Pattern {
    /// How many elements the pattern has: longer patterns are more specific.
    pub fn weight(&self) -> usize {
        self.upper.len() + self.lower.len()
    }
}

/// A verb family (`--- ABANDON [345] ---` and what follows).
#[derive(Debug, Clone)]
pub struct Family {
    pub name: String,
    /// The block's default code.
    pub code: String,
    pub patterns: Vec<Pattern>,
    pub origin: Origin,
    /// Patterns by one word they name (their first literal word): a
    /// pattern can only match a sentence holding that word.
    anchored: HashMap<String, Vec<u32>>,
    /// Patterns that name no literal word (synsets and actors only).
    unanchored: Vec<u32>,
}

impl Family {
    /// The indices, in file order, of the patterns that may match a
    /// sentence whose words include `words`; the others name a word the
    /// sentence lacks.
    pub fn candidates<'w>(&self, words: impl IntoIterator<Item = &'w str>) -> Vec<u32> {
        let mut out = self.unanchored.clone();
        for w in words {
            if let Some(ps) = self.anchored.get(w) {
                out.extend_from_slice(ps);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn index_patterns(&mut self) {
        self.anchored.clear();
        self.unanchored.clear();
        for (i, p) in self.patterns.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            let literal = p.lower.iter().chain(&p.upper).find_map(|s| match &s.elem {
                Elem::Word(w) => Some(w),
                _ => None,
            });
            match literal {
                Some(w) => self.anchored.entry(w.clone()).or_default().push(i),
                None => self.unanchored.push(i),
            }
        }
    }
}

/// One surface form of a verb: the inflected head word plus the words that
/// must stand before or after it for multi-word verbs (`CORDONED OFF`).
#[derive(Debug, Clone)]
pub struct VerbForm {
    pub family: usize,
    /// The verb's own code, which overrides the family code.
    pub code: Option<String>,
    /// Words before the head, nearest first.
    pub before: Vec<String>,
    /// Words after the head, in order.
    pub after: Vec<String>,
    /// The dictionary form, for provenance (`WIRE_TAP`).
    pub lemma: String,
    pub origin: Origin,
}

/// A synonym set: phrases of consecutive words.
#[derive(Debug, Clone)]
pub struct Synset {
    pub name: String,
    pub phrases: Vec<Vec<String>>,
    pub origin: Origin,
}

/// The compiled verb dictionary.
#[derive(Debug, Clone, Default)]
pub struct VerbDict {
    pub synsets: Vec<Synset>,
    synset_ids: HashMap<String, usize>,
    pub families: Vec<Family>,
    /// Forms keyed by their inflected head word; multi-word forms first.
    forms: HashMap<String, Vec<VerbForm>>,
    /// Number of `~` transformation lines read (kept, not applied).
    pub transformations: usize,
}

/// Regular English forms of a verb head: base, -S, -ED, -ING, with the
/// usual spelling changes and, for short consonant-vowel-consonant stems,
/// doubled final consonants (BANNED).
pub fn regular_forms(base: &str) -> Vec<String> {
    let b = base.as_bytes();
    let n = b.len();
    let is_vowel = |c: u8| b"AEIOU".contains(&c);
    let mut out = vec![base.to_string()];
    if n == 0 {
        return out;
    }
    let last = b[n - 1];
    let cons_y = last == b'Y' && n > 1 && !is_vowel(b[n - 2]);
    // -S
    if cons_y {
        out.push(format!("{}IES", &base[..n - 1]));
    } else if base.ends_with('S')
        || base.ends_with("SH")
        || base.ends_with("CH")
        || base.ends_with('X')
        || base.ends_with('Z')
    {
        out.push(format!("{base}ES"));
    } else {
        out.push(format!("{base}S"));
    }
    // -ED and -ING
    if last == b'E' {
        out.push(format!("{base}D"));
        if base.ends_with("EE") {
            out.push(format!("{base}ING"));
        } else {
            out.push(format!("{}ING", &base[..n - 1]));
        }
    } else if cons_y {
        out.push(format!("{}IED", &base[..n - 1]));
        out.push(format!("{base}ING"));
    } else {
        out.push(format!("{base}ED"));
        out.push(format!("{base}ING"));
        let cvc = n >= 3
            && !is_vowel(last)
            && !b"WXY".contains(&last)
            && is_vowel(b[n - 2])
            && !is_vowel(b[n - 3]);
        if cvc {
            out.push(format!("{base}{}ED", last as char));
            out.push(format!("{base}{}ING", last as char));
        }
    }
    out
}

/// Splits a verb spelling such as `WIRE_+TAP` or `+CORDON_OFF` into (words
/// before the head, head, words after). Without `+` the first word is the head.
fn split_multiword(s: &str) -> Option<(Vec<String>, String, Vec<String>)> {
    let parts: Vec<&str> = s
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    let head_at = parts.iter().position(|p| p.starts_with('+')).unwrap_or(0);
    let up = |p: &str| p.trim_start_matches('+').to_uppercase();
    let head = up(parts[head_at]);
    if head.is_empty() {
        return None;
    }
    let before = parts[..head_at].iter().rev().map(|p| up(p)).collect();
    let after = parts[head_at + 1..].iter().map(|p| up(p)).collect();
    Some((before, head, after))
}

/// Takes the last `[...]` of a line as its code; returns (rest, code).
fn take_code(s: &str) -> Result<(&str, Option<String>), String> {
    match (s.rfind('['), s.rfind(']')) {
        (Some(a), Some(b)) if a < b => {
            let code = s[a + 1..b].trim();
            if code.is_empty() || code.contains(char::is_whitespace) {
                return Err(format!("malformed code '[{code}]'"));
            }
            Ok((&s[..a], Some(code.to_uppercase())))
        }
        (None, None) => Ok((s, None)),
        _ => Err("unbalanced '[' in line".into()),
    }
}

impl VerbDict {
    /// Forms whose head word is `word` (upper case), multi-word forms first.
    pub fn forms(&self, word: &str) -> &[VerbForm] {
        self.forms.get(word).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Number of distinct head words.
    pub fn head_count(&self) -> usize {
        self.forms.len()
    }

    /// Total number of patterns.
    pub fn pattern_count(&self) -> usize {
        self.families.iter().map(|f| f.patterns.len()).sum()
    }

    /// True when `word` (upper case) is a phrase of synset `id`, given the
    /// words that follow it; returns how many words the phrase spans.
    pub fn synset_match<S: AsRef<str>>(&self, id: usize, words: &[S]) -> Option<usize> {
        self.synsets[id]
            .phrases
            .iter()
            .filter(|p| p.len() <= words.len() && p.iter().zip(words).all(|(a, b)| a == b.as_ref()))
            .map(Vec::len)
            .max()
    }

    /// Reads one verb file. A block whose name an earlier file defined
    /// (`--- CANCEL [---] ---` after CAMEO.2.0) adds its verbs and patterns
    /// to that block instead of starting another: this is how a layer
    /// file extends the CAMEO dictionary without copying it.
    pub fn read(&mut self, src: &str, file: &str, diags: &mut Vec<Diagnostic>) {
        let file_id: Arc<str> = file.into();
        let earlier = self.families.len();
        enum Ctx {
            None,
            Synset(usize),
            Family(usize),
        }
        let mut ctx = Ctx::None;
        for line in meaningful_lines(src) {
            let origin = Origin::new(&file_id, line.number);
            let text = line.text.trim();
            let diag = |msg: String| Diagnostic::new(origin.clone(), msg);
            if text.starts_with("---") {
                // --- NAME [CODE] [...] ---
                let inner = text.trim_matches('-').trim();
                let name_end = inner.find('[').unwrap_or(inner.len());
                let name = inner[..name_end]
                    .trim()
                    .trim_end_matches('_')
                    .to_uppercase();
                let code = inner[name_end..]
                    .strip_prefix('[')
                    .and_then(|r| r.split_once(']'))
                    .map(|(c, _)| c.trim().to_uppercase())
                    .unwrap_or_else(|| "---".into());
                if name.is_empty() || code.is_empty() {
                    diags.push(diag("malformed verb block header".into()));
                    ctx = Ctx::None;
                    continue;
                }
                if let Some(f) = self.families[..earlier].iter().position(|f| f.name == name) {
                    let known = &self.families[f];
                    if known.code != code {
                        diags.push(diag(format!(
                            "block {name} extends {} whose code is [{}], not [{code}]",
                            known.origin, known.code
                        )));
                    }
                    ctx = Ctx::Family(f);
                    continue;
                }
                self.families.push(Family {
                    name,
                    code,
                    patterns: Vec::new(),
                    origin: origin.clone(),
                    anchored: HashMap::new(),
                    unanchored: Vec::new(),
                });
                ctx = Ctx::Family(self.families.len() - 1);
            } else if let Some(name) = text.strip_prefix('&') {
                let name = name.split_whitespace().next().unwrap_or("");
                if name.is_empty() {
                    diags.push(diag("synset without a name".into()));
                    ctx = Ctx::None;
                    continue;
                }
                let name = name.to_uppercase();
                let id = self.synsets.len();
                self.synsets.push(Synset {
                    name: name.trim_end_matches('_').to_string(),
                    phrases: Vec::new(),
                    origin: origin.clone(),
                });
                self.synset_ids
                    .insert(name.trim_end_matches('_').to_string(), id);
                // a label ending in '_' wants no plurals
                self.synsets[id].name = name;
                ctx = Ctx::Synset(id);
            } else if let Some(rest) = text.strip_prefix('~') {
                let _ = rest;
                self.transformations += 1;
            } else if let Some(body) = text.strip_prefix('-') {
                let Ctx::Family(f) = ctx else {
                    diags.push(diag("pattern outside a verb block".into()));
                    continue;
                };
                match self.read_pattern(body, origin.clone()) {
                    Ok(p) => self.families[f].patterns.push(p),
                    Err(e) => diags.push(diag(e)),
                }
            } else {
                match ctx {
                    Ctx::Synset(id) if text.starts_with('+') => {
                        let body = &text[1..];
                        match self.synset_phrases(id, body) {
                            Ok(ps) => self.synsets[id].phrases.extend(ps),
                            Err(e) => diags.push(diag(e)),
                        }
                    }
                    Ctx::Family(f) => {
                        if let Err(e) = self.read_verb_line(f, text, origin.clone()) {
                            diags.push(diag(e));
                        }
                    }
                    Ctx::Synset(_) | Ctx::None => {
                        diags.push(diag(format!("unexpected line '{text}'")));
                    }
                }
            }
        }
        for f in &mut self.families {
            f.index_patterns();
        }
        for v in self.forms.values_mut() {
            // multi-word forms first; among equals the latest block wins, as a
            // later definition of a verb replaces an earlier one
            v.sort_by_key(|f| std::cmp::Reverse((f.before.len() + f.after.len(), f.family)));
        }
    }

    fn synset_phrases(&self, id: usize, body: &str) -> Result<Vec<Vec<String>>, String> {
        let body = body.trim();
        if let Some(inner) = body.strip_prefix('&') {
            let name = inner.trim().trim_end_matches('_').to_uppercase();
            let Some(&other) = self.synset_ids.get(&name) else {
                return Err(format!("undefined synset &{name}"));
            };
            return Ok(self.synsets[other].phrases.clone());
        }
        let no_plural = body.ends_with('_') || self.synsets[id].name.ends_with('_');
        let words: Vec<String> = body
            .split(|c: char| c == '_' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .map(str::to_uppercase)
            .collect();
        if words.is_empty() {
            return Err("empty synset phrase".into());
        }
        let mut out = vec![words.clone()];
        if !no_plural {
            let mut pl = words;
            if let Some(last) = pl.last_mut() {
                *last = crate::actors::plural(last);
            }
            out.push(pl);
        }
        Ok(out)
    }

    fn read_verb_line(&mut self, family: usize, text: &str, origin: Origin) -> Result<(), String> {
        let (rest, code) = take_code(text)?;
        let (spelling, irregular) = match (rest.find('{'), rest.find('}')) {
            (Some(a), Some(b)) if a < b => (&rest[..a], Some(&rest[a + 1..b])),
            (None, None) => (rest, None),
            _ => return Err("unbalanced '{' in verb line".into()),
        };
        let spelling = spelling.trim();
        let (before, head, after) =
            split_multiword(spelling).ok_or_else(|| "verb line without a verb".to_string())?;
        let lemma = spelling.trim_start_matches('+').to_uppercase();
        let mut spellings: Vec<(Vec<String>, String, Vec<String>)> = regular_forms(&head)
            .into_iter()
            .map(|h| (before.clone(), h, after.clone()))
            .collect();
        if let Some(irr) = irregular {
            for form in irr.split_whitespace() {
                let parsed = split_multiword(form)
                    .ok_or_else(|| format!("malformed irregular form '{form}'"))?;
                spellings.push(parsed);
            }
        }
        for (before, head, after) in spellings {
            let entry = self.forms.entry(head).or_default();
            let dup = entry
                .iter()
                .any(|f| f.family == family && f.before == before && f.after == after);
            if !dup {
                entry.push(VerbForm {
                    family,
                    code: code.clone(),
                    before,
                    after,
                    lemma: lemma.clone(),
                    origin: origin.clone(),
                });
            }
        }
        Ok(())
    }

    fn read_pattern(&self, body: &str, origin: Origin) -> Result<Pattern, String> {
        let (rest, code) = take_code(body)?;
        let code = code.ok_or_else(|| "pattern without a [code]".to_string())?;
        // tokens with "joined to the previous token" flags
        let mut toks: Vec<(String, bool)> = Vec::new();
        let mut pending_join = false;
        for chunk in rest.split_whitespace() {
            let chunk = chunk.trim_matches(|c| c == '{' || c == '}' || c == '(' || c == ')');
            let chunk = chunk.replace(['{', '}', '(', ')'], "_");
            let parts: Vec<&str> = chunk.split('_').collect();
            for (i, part) in parts.iter().enumerate() {
                if part.is_empty() {
                    // a leading or trailing '_' joins across the blank
                    if i == 0 || i + 1 == parts.len() {
                        pending_join = true;
                    }
                    continue;
                }
                let joined = pending_join || (i > 0 && !parts[i - 1].is_empty());
                pending_join = false;
                toks.push((part.to_string(), joined));
            }
        }
        let star = toks
            .iter()
            .position(|(t, _)| t == "*")
            .ok_or_else(|| "pattern without '*'".to_string())?;
        if toks.iter().filter(|(t, _)| t == "*").count() > 1 {
            return Err("pattern with more than one '*'".into());
        }
        let elem = |t: &str| -> Result<Elem, String> {
            Ok(match t {
                "$" => Elem::Source,
                "+" => Elem::Target,
                "^" => Elem::Skip,
                "%" => Elem::Compound,
                s if s.starts_with('&') => {
                    let name = s[1..].trim_end_matches('_').to_uppercase();
                    match self.synset_ids.get(&name) {
                        Some(&id) => Elem::Synset(id),
                        None => return Err(format!("undefined synset &{name}")),
                    }
                }
                s => Elem::Word(s.to_uppercase()),
            })
        };
        let mut lower = Vec::new();
        for (t, joined) in &toks[star + 1..] {
            lower.push(Step {
                elem: elem(t)?,
                adjacent: *joined,
            });
        }
        let mut upper = Vec::new();
        for k in (0..star).rev() {
            upper.push(Step {
                elem: elem(&toks[k].0)?,
                adjacent: toks[k + 1].1,
            });
        }
        Ok(Pattern {
            upper,
            lower,
            code,
            origin,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(src: &str) -> (VerbDict, Vec<Diagnostic>) {
        let mut d = VerbDict::default();
        let mut diags = Vec::new();
        d.read(src, "v.txt", &mut diags);
        (d, diags)
    }

    #[test]
    fn forms_and_multiword() {
        let (d, diags) = dict(
            "--- BAN [191] ---\nBAN {BANS BANNED}\n--- CONFISCATE [1711] ---\nCONFISCATE\nWIRE_+TAP {WIRE_+TAPPED WIRE_+TAPPING}\n+CORDON_OFF {+CORDONED_OFF}\nDEPART\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(d.forms("BANNED").len(), 1);
        assert_eq!(d.forms("CONFISCATES").len(), 1);
        let tapped = &d.forms("TAPPED")[0];
        assert_eq!(
            (tapped.before.clone(), tapped.after.clone()),
            (vec!["WIRE".to_string()], vec![])
        );
        assert_eq!(d.forms("CORDONED")[0].after, ["OFF"]);
        assert_eq!(d.forms("DEPARTED").len(), 1);
        assert!(d.forms("DEPARTES").is_empty());
    }

    #[test]
    fn a_later_file_extends_a_block_by_name() {
        let (mut d, _) = dict("--- CANCEL [---] ---\nSUSPEND\n- * TALKS [---]\n");
        let mut diags = Vec::new();
        d.read(
            "--- CANCEL [---] ---\n- * PERMITS [163]\n--- NEW [010] ---\nNOTE\n",
            "layer.txt",
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(d.families.len(), 2);
        let cancel = &d.families[0];
        assert_eq!(cancel.patterns.len(), 2);
        assert_eq!(cancel.patterns[1].code, "163");
        assert_eq!(cancel.patterns[1].origin.to_string(), "layer.txt:2");
        assert_eq!(d.forms("SUSPENDED")[0].family, 0);
        // within one file a repeated name is a new block, as before; a
        // layer block that disagrees on the code is reported
        d.read("--- CANCEL [160] ---\n", "bad.txt", &mut diags);
        assert_eq!(diags.len(), 1);
        assert!(diags[0]
            .to_string()
            .starts_with("bad.txt:1: block CANCEL extends v.txt:1"));
    }

    #[test]
    fn candidate_patterns_name_a_present_word() {
        let (d, diags) = dict(
            "&T\n+TREATY\n--- X [1] ---\nX\n- * TALKS [2]\n- * &T [3]\n- ENVOY * TALKS [4]\n- * + [5]\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let f = &d.families[0];
        // file order; a pattern is filed under its first literal word (of
        // the lower half first); synset and actor-only patterns are always
        // candidates
        assert_eq!(f.candidates(["TALKS", "WITH"]), [0, 1, 2, 3]);
        assert_eq!(f.candidates(["ENVOY"]), [1, 3]);
        assert_eq!(f.candidates(["PEACE"]), [1, 3]);
    }

    #[test]
    fn pattern_adjacency() {
        let (d, diags) = dict("&T\n+MILITARY\n--- X [1] ---\nX\n- SO IN_AND_*_OUT_AGAIN NOW [074] # c\n- * NEW_&T_RELATIONS [903]\n- + WAS_ * TO_ ^ FROM $ [174]\n");
        assert!(diags.is_empty(), "{diags:?}");
        let p = &d.families[0].patterns;
        let adj = |s: &[Step]| s.iter().map(|x| x.adjacent).collect::<Vec<_>>();
        assert_eq!(adj(&p[0].upper), [true, true, false]);
        assert_eq!(p[0].upper[0].elem, Elem::Word("AND".into()));
        assert_eq!(adj(&p[0].lower), [true, true, false]);
        assert_eq!(adj(&p[1].lower), [false, true, true]);
        assert_eq!(p[1].lower[1].elem, Elem::Synset(0));
        assert_eq!(adj(&p[2].upper), [true, false]);
        assert_eq!(adj(&p[2].lower), [false, true, false, false]);
        assert_eq!(p[2].code, "174");
    }

    #[test]
    fn broken_lines_name_their_line() {
        let (_, diags) =
            dict("--- X [1] ---\nX\n- * FOO\n- * &NOPE [2]\n- FOO [3]\n&S\n+&UNDEFINED\n");
        let lines: Vec<u32> = diags.iter().map(|d| d.origin.line).collect();
        assert_eq!(lines, [3, 4, 5, 7]);
    }

    #[test]
    fn regular_forms_spelling() {
        assert_eq!(
            regular_forms("DENY"),
            ["DENY", "DENIES", "DENIED", "DENYING"]
        );
        assert_eq!(
            regular_forms("ARRIVE"),
            ["ARRIVE", "ARRIVES", "ARRIVED", "ARRIVING"]
        );
        assert!(regular_forms("BAN").contains(&"BANNED".to_string()));
    }
}
