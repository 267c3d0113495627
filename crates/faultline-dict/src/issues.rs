//! Issue dictionary: simple phrase matching that tags a sentence with topics
//! (`NUCLEAR_WEAPONS`, `ID_ATROCITY`, …) and counts how often each occurs.

use crate::lines::meaningful_lines;
use crate::{Diagnostic, Origin};

/// One issue phrase, already expanded (`n:` plurals, `v:` verb forms, `+`
/// blank/hyphen variants), padded with blanks for whole-word search.
#[derive(Debug, Clone)]
struct IssuePhrase {
    padded: String,
    /// `None` for an ignore phrase (`~...`), which cancels all issues.
    code: Option<String>,
}

/// The issue dictionary. All phrases are searched in one pass with an
/// Aho-Corasick automaton built when the last file is read.
#[derive(Debug, Clone, Default)]
pub struct IssueDict {
    phrases: Vec<IssuePhrase>,
    origins: Vec<Origin>,
    automaton: Option<aho_corasick::AhoCorasick>,
}

fn expand_word(w: &str) -> Vec<String> {
    if let Some(n) = w.strip_prefix("N:") {
        let pl = if let Some(stem) = n.strip_suffix('Y') {
            format!("{stem}IES")
        } else if n.ends_with('S') || n.ends_with("SH") || n.ends_with("CH") || n.ends_with('X') {
            format!("{n}ES")
        } else {
            format!("{n}S")
        };
        vec![n.to_string(), pl]
    } else if let Some(v) = w.strip_prefix("V:") {
        let stem = v.strip_suffix('E').unwrap_or(v);
        vec![
            v.to_string(),
            format!("{v}S"),
            format!("{stem}ED"),
            format!("{stem}ING"),
        ]
    } else if w.contains('+') {
        vec![w.replace('+', " "), w.replace('+', "-"), w.replace('+', "")]
    } else {
        vec![w.to_string()]
    }
}

impl IssueDict {
    /// Adds the phrases of one file.
    pub fn read(&mut self, src: &str, file: &str, diags: &mut Vec<Diagnostic>) {
        let file_id: std::sync::Arc<str> = file.into();
        for line in meaningful_lines(src) {
            let origin = Origin::new(&file_id, line.number);
            let text = line.text.trim();
            if text.starts_with('<') {
                continue; // <ISSUE ...> and </ISSUE> group tags
            }
            let upper = text.to_uppercase();
            let (phrase, code) = if let Some(rest) = upper.strip_prefix('~') {
                (rest.trim_start_matches('~').trim().to_string(), None)
            } else {
                match (upper.rfind('['), upper.rfind(']')) {
                    (Some(a), Some(b)) if a < b && !upper[a + 1..b].trim().is_empty() => (
                        upper[..a].trim().to_string(),
                        Some(upper[a + 1..b].trim().to_string()),
                    ),
                    _ => {
                        diags.push(Diagnostic::new(
                            origin,
                            "issue line without a [CODE]".into(),
                        ));
                        continue;
                    }
                }
            };
            if phrase.is_empty() {
                diags.push(Diagnostic::new(
                    origin,
                    "issue line without a phrase".into(),
                ));
                continue;
            }
            let mut variants = vec![String::new()];
            for w in phrase.split_whitespace() {
                let forms = expand_word(w);
                variants = variants
                    .iter()
                    .flat_map(|v| forms.iter().map(move |f| format!("{v} {f}")))
                    .collect();
            }
            for v in variants {
                self.phrases.push(IssuePhrase {
                    padded: format!("{v} "),
                    code: code.clone(),
                });
                self.origins.push(origin.clone());
            }
        }
        self.automaton =
            aho_corasick::AhoCorasick::new(self.phrases.iter().map(|p| &p.padded)).ok();
    }

    /// Issues in `text` as `(code, count)` in first-seen order; empty when an
    /// ignore phrase occurs.
    pub fn issues(&self, text: &str) -> Vec<(String, u32)> {
        let mut padded = String::with_capacity(text.len() + 2);
        padded.push(' ');
        for w in text.split_whitespace() {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            padded.push_str(&w.to_uppercase());
            padded.push(' ');
        }
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut hit = vec![false; self.phrases.len()];
        for m in ac.find_overlapping_iter(&padded) {
            hit[m.pattern().as_usize()] = true;
        }
        let mut out: Vec<(String, u32)> = Vec::new();
        for (p, _) in self.phrases.iter().zip(&hit).filter(|(_, &h)| h) {
            let Some(code) = &p.code else {
                return Vec::new();
            };
            match out.iter_mut().find(|(c, _)| c == code) {
                Some(e) => e.1 += 1,
                None => out.push((code.clone(), 1)),
            }
        }
        out
    }

    /// Number of expanded phrases.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_ignores() {
        let mut d = IssueDict::default();
        let mut diags = Vec::new();
        d.read(
            "<ISSUE CATEGORY=\"X\">\nn:atrocity [ID_ATROCITY]\nv:massacre [ID_ATROCITY]\nnuclear n:weapon [NUKE]\n~Saturday Night massacre\nbroken line\n</ISSUE>\n",
            "i.txt",
            &mut diags,
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].origin.line, 6);
        assert_eq!(
            d.issues("Troops massacred villagers; atrocities and nuclear weapons."),
            vec![("ID_ATROCITY".to_string(), 2), ("NUKE".to_string(), 1)]
        );
        assert!(d.issues("the Saturday Night massacre").is_empty());
    }
}
