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
//!
//! **Which verbs a pattern is for.** A synonym block gathers verbs that TABARI
//! once listed one by one, each with its own patterns; CAMEO.2.0 keeps, in
//! each pattern's comment, the verb the pattern was written for (`- * LIVES
//! [---] # TAKE`), and PETRARCH-2's documentation calls that comment "the
//! intended word to be matched". faultline reads it: a pattern whose comment
//! opens with verbs of its block (`# TAKE`, `# HALT, SUSPEND: ...`, an
//! inflected form such as `# CALLED_OFF`) applies to those verbs only; one
//! whose comment names only verbs of *other* blocks (left behind when blocks
//! were merged) applies to none of this block's verbs; a comment that names
//! no verb (`# pas 2 May 2005`) leaves the pattern to the whole block. So
//! "the army arrested …" no longer takes a pattern written for "take", and
//! "said Moscow must withdraw …" no longer one written for "announce".

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
    /// The verbs of its block the pattern applies to (indices into
    /// [`Family::verbs`]): `None` for every verb, `Some` of an empty list
    /// for none (its comment names verbs of other blocks only). See the
    /// module documentation.
    pub verbs: Option<Vec<u32>>,
    /// The verb names its comment opens with, upper case (`TAKE`,
    /// `CALLED_OFF`), resolved into `verbs` once the file is read.
    names: Vec<String>,
    /// Which file, in load order, wrote the pattern: between equally
    /// specific matches, a later file's pattern wins (a layer refines).
    pub layer: u32,
}

impl Pattern {
    /// How many elements the pattern has: longer patterns are more specific.
    pub fn weight(&self) -> usize {
        self.upper.len() + self.lower.len()
    }

    /// True when the pattern wins over `other` when both match: it is
    /// longer, or as long and from a later file. Within a file the pattern
    /// written first wins.
    pub fn beats(&self, other: &Pattern) -> bool {
        (self.weight(), self.layer) > (other.weight(), other.layer)
    }

    /// True when the pattern applies to verb `verb` of its block.
    pub fn applies_to(&self, verb: u32) -> bool {
        self.verbs.as_ref().is_none_or(|v| v.contains(&verb))
    }
}

/// How the patterns of a dictionary are tied to verbs (see the module
/// documentation): counts over all patterns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PatternScopes {
    /// Patterns that apply to every verb of their block: the comment names
    /// no verb, or the block has one verb, or it names them all.
    pub block: usize,
    /// Patterns restricted to some verbs of a block of several.
    pub restricted: usize,
    /// Patterns whose comment names only verbs of other blocks.
    pub orphaned: usize,
}

/// A verb family (`--- ABANDON [345] ---` and what follows).
#[derive(Debug, Clone)]
pub struct Family {
    pub name: String,
    /// The block's default code.
    pub code: String,
    /// The block's verbs as written, `+` removed (`CALL_OFF`, `TAKE`), in
    /// file order: [`VerbForm::verb`] and [`Pattern::verbs`] index this.
    pub verbs: Vec<String>,
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
    /// Which verb of the family (index into [`Family::verbs`]).
    pub verb: u32,
    /// The verb's own code, which overrides the family code.
    pub code: Option<String>,
    /// Words before the head, nearest first.
    pub before: Vec<String>,
    /// Words after the head, in order.
    pub after: Vec<String>,
    /// The dictionary form, for provenance (`WIRE_TAP`).
    pub lemma: String,
    pub origin: Origin,
    /// When the verb line was read (counting over all files): among forms
    /// of one spelling, the latest definition wins.
    seq: u32,
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
    /// The `~` transformation lines of all files (see [`crate::transforms`]).
    pub transforms: crate::transforms::Transforms,
    /// Verb lines read so far, over all files.
    defined: u32,
    /// Files read so far.
    files: u32,
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

/// The upper-case words a pattern comment opens with, up to its first `:`,
/// `"` or `(`: `# HALT, SUSPEND: "Lithuania halted …"` gives `HALT`,
/// `SUSPEND`. Whether they name verbs is decided once the file is read.
fn comment_names(comment: &str) -> Vec<String> {
    let head = comment.split([':', '"', '(', '#']).next().unwrap_or("");
    head.split(|c: char| c == ',' || c == '/' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .take_while(|w| {
            w.chars()
                .all(|c| c.is_ascii_uppercase() || matches!(c, '_' | '-' | '\''))
        })
        .map(str::to_string)
        .collect()
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

    /// How many patterns apply to their whole block, to some of its verbs,
    /// or to none.
    pub fn pattern_scopes(&self) -> PatternScopes {
        let mut out = PatternScopes::default();
        for f in &self.families {
            for p in &f.patterns {
                match &p.verbs {
                    None => out.block += 1,
                    Some(v) if v.is_empty() => out.orphaned += 1,
                    Some(_) => out.restricted += 1,
                }
            }
        }
        out
    }

    /// The verbs (family, verb) a name from a pattern comment stands for:
    /// a verb as written in its block (`TAKE`, `CALL_OFF`) or any of its
    /// forms (`TOOK`, `CALLED_OFF`); `words` is the name split at `_`.
    fn resolve_name(&self, words: &[&str]) -> Vec<(usize, u32)> {
        let mut out = Vec::new();
        // a set beside the list: with a verb listed in thousands of blocks,
        // looking each up in the list made scoping the patterns cubic
        let mut seen = std::collections::HashSet::new();
        for (h, head) in words.iter().enumerate() {
            for f in self.forms(head) {
                let before = f
                    .before
                    .iter()
                    .map(String::as_str)
                    .eq(words[..h].iter().rev().copied());
                let after = f
                    .after
                    .iter()
                    .map(String::as_str)
                    .eq(words[h + 1..].iter().copied());
                if before && after && seen.insert((f.family, f.verb)) {
                    out.push((f.family, f.verb));
                }
            }
        }
        out
    }

    /// Ties every pattern to the verbs its comment names (module
    /// documentation). Run after each file, so that a verb a later file
    /// adds to a block picks up the patterns written for it.
    fn scope_patterns(&mut self) {
        // verbs that have forms of their own (a verb line repeated in its
        // block adds none, and cannot be named apart from the first)
        let live: std::collections::HashSet<(usize, u32)> = self
            .forms
            .values()
            .flatten()
            .map(|f| (f.family, f.verb))
            .collect();
        let mut scopes: Vec<(usize, usize, Option<Vec<u32>>)> = Vec::new();
        // comments repeat ("# ATTACK" on every pattern of a block): each
        // list of names is resolved once
        let mut resolved: HashMap<&[String], Vec<(usize, u32)>> = HashMap::new();
        for (fi, fam) in self.families.iter().enumerate() {
            for (pi, p) in fam.patterns.iter().enumerate() {
                let named = resolved
                    .entry(p.names.as_slice())
                    .or_insert_with(|| self.named_verbs(&p.names));
                let scope = if named.is_empty() {
                    None
                } else {
                    let mut ours: Vec<u32> = named
                        .iter()
                        .filter(|&&(f, _)| f == fi)
                        .map(|&(_, v)| v)
                        .collect();
                    ours.sort_unstable();
                    ours.dedup();
                    let every = (0..fam.verbs.len())
                        .filter_map(|v| u32::try_from(v).ok())
                        .all(|v| ours.contains(&v) || !live.contains(&(fi, v)));
                    (!every || ours.is_empty()).then_some(ours)
                };
                if scope != p.verbs {
                    scopes.push((fi, pi, scope));
                }
            }
        }
        for (fi, pi, scope) in scopes {
            self.families[fi].patterns[pi].verbs = scope;
        }
    }

    /// The verbs the leading names of a pattern comment stand for: names
    /// are read while they resolve, a name of up to three words (`BLOWN
    /// UP`) tried before a shorter one; the first name that resolves to no
    /// verb ends the list.
    fn named_verbs(&self, names: &[String]) -> Vec<(usize, u32)> {
        let mut out = Vec::new();
        let mut i = 0;
        'names: while i < names.len() {
            for j in (i + 1..=(i + 3).min(names.len())).rev() {
                let words: Vec<&str> = names[i..j]
                    .iter()
                    .flat_map(|n| n.split('_'))
                    .filter(|w| !w.is_empty())
                    .collect();
                let found = self.resolve_name(&words);
                if !found.is_empty() {
                    out.extend(found);
                    i = j;
                    continue 'names;
                }
            }
            break;
        }
        out
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
        self.files += 1;
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
                    verbs: Vec::new(),
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
                // a synset named again (by a layer) gains the phrases listed
                if let Some(&id) = self.synset_ids.get(name.trim_end_matches('_')) {
                    ctx = Ctx::Synset(id);
                    continue;
                }
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
                self.transforms
                    .push(rest, origin.clone(), self.files, diags);
            } else if let Some(body) = text.strip_prefix('-') {
                let Ctx::Family(f) = ctx else {
                    diags.push(diag("pattern outside a verb block".into()));
                    continue;
                };
                match self.read_pattern(body, line.comment, origin.clone()) {
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
        self.scope_patterns();
        for f in &mut self.families {
            f.index_patterns();
        }
        for v in self.forms.values_mut() {
            // multi-word forms first; among equals the latest definition
            // wins: a verb a later file lists under another block moves there
            v.sort_by_key(|f| std::cmp::Reverse((f.before.len() + f.after.len(), f.seq)));
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
        // a verb listed again in its block (by a later layer, or twice in
        // one file) keeps its place and patterns and takes the new code
        let name = spelling.replace('+', "").to_uppercase();
        let verbs = &mut self.families[family].verbs;
        let verb = match verbs.iter().position(|v| *v == name) {
            Some(v) => u32::try_from(v).unwrap_or(u32::MAX),
            None => {
                verbs.push(name);
                u32::try_from(verbs.len() - 1).unwrap_or(u32::MAX)
            }
        };
        self.defined += 1;
        let seq = self.defined;
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
            let same = |f: &VerbForm| f.family == family && f.before == before && f.after == after;
            if let Some(f) = entry.iter_mut().find(|f| same(f) && f.verb == verb) {
                f.code.clone_from(&code);
                f.origin = origin.clone();
                f.seq = seq;
            } else if !entry.iter().any(same) {
                entry.push(VerbForm {
                    family,
                    verb,
                    code: code.clone(),
                    before,
                    after,
                    lemma: lemma.clone(),
                    origin: origin.clone(),
                    seq,
                });
            }
        }
        Ok(())
    }

    fn read_pattern(&self, body: &str, comment: &str, origin: Origin) -> Result<Pattern, String> {
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
            verbs: None,
            names: comment_names(comment),
            layer: self.files,
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
    fn a_pattern_applies_to_the_verbs_its_comment_names() {
        let (mut d, diags) = dict(
            "--- SEIZE [171] ---\nSEIZE\nTAKE {TAKES TOOK TAKEN TAKING}\n+CALL_OFF {+CALLED_OFF}\n\
             - * TERRITORY [192] # TAKE\n\
             - * DRUGS [---] # SEIZE, TOOK: seized drugs\n\
             - * STRIKE [087] # CALLED_OFF\n\
             - * TALKS [160] # CONCLUDE\n\
             - * LAND [192] # pas 2 May 2005\n\
             - * ALL [1] # SEIZE TAKE CALL_OFF\n\
             --- FINISH [---] ---\nCONCLUDE\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let f = &d.families[0];
        assert_eq!(f.verbs, ["SEIZE", "TAKE", "CALL_OFF"]);
        let scopes: Vec<Option<Vec<u32>>> = f.patterns.iter().map(|p| p.verbs.clone()).collect();
        assert_eq!(
            scopes,
            [
                Some(vec![1]),
                Some(vec![0, 1]),
                Some(vec![2]),
                // written for a verb of another block: applies to none here
                Some(vec![]),
                // a comment that names no verb leaves the whole block
                None,
                None,
            ]
        );
        assert!(f.patterns[0].applies_to(1) && !f.patterns[0].applies_to(0));
        assert_eq!(
            d.pattern_scopes(),
            PatternScopes {
                block: 2,
                restricted: 3,
                orphaned: 1
            }
        );
        // a later file that adds the named verb to the block revives it
        let mut diags = Vec::new();
        d.read(
            "--- SEIZE [171] ---\nCONCLUDE [160]\n",
            "layer.txt",
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(d.families[0].patterns[3].verbs, Some(vec![3]));
    }

    #[test]
    fn a_later_file_recodes_or_moves_a_verb() {
        let (mut d, _) = dict(
            "--- SUE [173] ---\nSUE\n- * (IN COURT) [173] # SUE\n--- DESPATCH [---] ---\nDISMISS [110]\n--- DISPEL [---] ---\nDISMISS\n",
        );
        // among equal forms the latest definition wins
        assert_eq!(d.forms("DISMISSED")[0].family, 2);
        let mut diags = Vec::new();
        d.read(
            "--- SUE [173] ---\nSUE [115]\n- * (IN COURT) [115] # SUE\n--- DESPATCH [---] ---\nDISMISS [120]\n",
            "layer.txt",
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
        let sued = &d.forms("SUED")[0];
        assert_eq!((sued.verb, sued.code.as_deref()), (0, Some("115")));
        assert_eq!(sued.origin.to_string(), "layer.txt:2");
        assert_eq!(d.families[0].verbs, ["SUE"]);
        // the layer's pattern, as specific as CAMEO's, wins the tie
        let p = &d.families[0].patterns;
        assert!(p[1].beats(&p[0]) && !p[0].beats(&p[1]));
        let dismissed = &d.forms("DISMISSED")[0];
        assert_eq!(
            (dismissed.family, dismissed.code.as_deref()),
            (1, Some("120"))
        );
        // a synset named again gains phrases, for the patterns already read
        let (mut d, _) = dict("&MILITARY\n+TROOPS\n--- X [1] ---\nX\n- * &MILITARY [2]\n");
        d.read("&MILITARY\n+FORCES\n", "layer.txt", &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(d.synsets.len(), 1);
        assert!(d.synsets[0].phrases.contains(&vec!["FORCES".to_string()]));
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
