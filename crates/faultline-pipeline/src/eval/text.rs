//! The report as text for a terminal: the misses first (they are long),
//! then the scores of each gold file, then of all of them, so the numbers
//! end up on screen.

use std::fmt::Write;

use super::{ClassScore, Confusion, Miss, Report, Scores, Share, Verdict};

/// What the text report shows besides the scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions {
    /// List the sentences not coded exactly, with evidence.
    pub misses: bool,
    /// Add scores per gold tag.
    pub tags: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            misses: true,
            tags: false,
        }
    }
}

impl Report {
    /// The report as text.
    pub fn to_text(&self, options: TextOptions) -> String {
        let mut out = String::new();
        if options.misses {
            for split in &self.splits {
                if split.misses.is_empty() {
                    continue;
                }
                let _ = writeln!(
                    out,
                    "== {}: {} sentences not coded exactly ==\n",
                    split.name,
                    split.misses.len()
                );
                for m in &split.misses {
                    miss(&mut out, m);
                }
            }
        }
        for split in &self.splits {
            let skipped = match split.skipped {
                0 => String::new(),
                1 => ", 1 line skipped".to_string(),
                n => format!(", {n} lines skipped"),
            };
            let _ = writeln!(out, "== {}{skipped} ==", split.name);
            scores(&mut out, &split.scores, options);
        }
        if let Some(total) = &self.total {
            let _ = writeln!(out, "== all {} files ==", self.splits.len());
            scores(&mut out, total, options);
        }
        out
    }
}

fn miss(out: &mut String, m: &Miss) {
    let tags = if m.tags.is_empty() {
        String::new()
    } else {
        format!(" [{}]", m.tags.join(", "))
    };
    let _ = writeln!(out, "{} ({}){tags}", m.id, m.at);
    let _ = writeln!(out, "  {}", m.text);
    if let Some(note) = &m.note {
        let _ = writeln!(out, "  note: {note}");
    }
    if m.gold.is_empty() {
        let _ = writeln!(out, "  gold    (no event)");
    }
    for (i, g) in m.gold.iter().enumerate() {
        let verdict = match (g.verdict, g.paired) {
            (Verdict::Missed, _) => "MISSED".to_string(),
            (v, Some(p)) => format!("{} (got {})", verdict_text(v), p + 1),
            (v, None) => verdict_text(v).to_string(),
        };
        let _ = writeln!(
            out,
            "  gold {:<2} {:<28} {:<10} {verdict}",
            i + 1,
            g.event.to_string(),
            g.category
        );
    }
    if m.predicted.is_empty() {
        let _ = writeln!(out, "  got     (no event)");
    }
    for (i, p) in m.predicted.iter().enumerate() {
        let paired = match p.paired {
            Some(g) => format!("pairs gold {}", g + 1),
            None => "FALSE POSITIVE".to_string(),
        };
        let _ = writeln!(
            out,
            "  got {:<3} {:<28} {:<10} {paired}",
            i + 1,
            p.event.to_string(),
            p.category
        );
        let e = &p.evidence;
        let pattern = match &e.pattern {
            Some(line) => format!("pattern {line}"),
            None => "no pattern (the verb's own code)".to_string(),
        };
        let passive = if e.passive { ", passive" } else { "" };
        let _ = writeln!(
            out,
            "          verb \"{}\": {} in block {}, {}; {pattern}{passive}",
            e.verb_text, e.verb_lemma, e.verb_family, e.verb_entry
        );
        for (role, text, actor, agents) in [
            ("source", &e.source_text, &e.source_actor, &e.source_agents),
            ("target", &e.target_text, &e.target_actor, &e.target_agents),
        ] {
            let mut lines: Vec<&str> = actor.iter().map(String::as_str).collect();
            lines.extend(agents.iter().map(|a| a.as_str()));
            let lines = if lines.is_empty() {
                "no dictionary line".to_string()
            } else {
                lines.join(" + ")
            };
            let _ = writeln!(out, "          {role} \"{text}\": {lines}");
        }
    }
    out.push('\n');
}

fn verdict_text(v: Verdict) -> &'static str {
    match v {
        Verdict::Exact => "exact",
        Verdict::OtherCode => "right category and actors, other code",
        Verdict::WrongActor => "right category, WRONG ACTOR",
        Verdict::WrongCategory => "WRONG CATEGORY",
        Verdict::Missed => "MISSED",
    }
}

fn pct(r: Option<f64>) -> String {
    match r {
        Some(r) => format!("{:5.1}", 100.0 * r),
        None => "    -".to_string(),
    }
}

fn share(out: &mut String, label: &str, s: &Share) {
    let _ = writeln!(
        out,
        "  {label:<52} {:>5} {:>6} {}",
        s.right,
        s.total,
        pct(s.rate)
    );
}

fn class_row(out: &mut String, label: &str, c: &ClassScore) {
    let _ = writeln!(
        out,
        "  {label:<24} {:>5} {:>5} {:>5}   {} {} {}",
        c.gold,
        c.predicted,
        c.right,
        pct(c.precision),
        pct(c.recall),
        pct(c.f1)
    );
}

fn scores(out: &mut String, s: &Scores, options: TextOptions) {
    let dup = match s.duplicate_predictions {
        0 => String::new(),
        n => format!(" ({n} duplicates dropped)"),
    };
    let _ = writeln!(
        out,
        "{} sentences ({} with no event), {} gold events, {} predicted events{dup}\n",
        s.sentences, s.no_event_sentences, s.gold_events, s.predicted_events
    );
    let _ = writeln!(out, "  {:<52} {:>5} {:>6} {:>5}", "", "right", "of", "%");
    for (label, value) in [
        (
            "sentences exact (the gold events, nothing else)",
            &s.sentences_exact,
        ),
        (
            "no-event sentences left without events",
            &s.no_event_sentences_right,
        ),
        (
            "event type: same category (PLOVER; root for 01/02)",
            &s.event_type,
        ),
        ("  same CAMEO code", &s.exact_code),
        ("  same CAMEO root", &s.same_root),
        (
            "category + source + target all right",
            &s.category_source_target,
        ),
        ("code + source + target (exact event)", &s.exact_event),
        ("source: exact code", &s.source),
        ("source: same country (first 3 letters)", &s.source_country),
        ("target: exact code", &s.target),
        ("target: same country (first 3 letters)", &s.target_country),
    ] {
        share(out, label, value);
    }
    let header = |out: &mut String, title: &str| {
        let _ = writeln!(
            out,
            "\n  {title:<24} {:>5} {:>5} {:>5}   {:>5} {:>5} {:>5}",
            "gold", "pred", "right", "prec", "rec", "F1"
        );
    };
    header(out, "all events");
    class_row(out, "by category", &s.category_overall);
    class_row(out, "exact (code and actors)", &s.exact_overall);
    header(out, "PLOVER category");
    for c in &s.per_category {
        class_row(out, &c.label, c);
    }
    header(out, "CAMEO root");
    for c in &s.per_root {
        class_row(out, &c.label, c);
    }
    let _ = writeln!(
        out,
        "\n  confusion: rows gold category, columns predicted; none = unpaired"
    );
    confusion(out, &s.confusion);
    if options.tags && !s.tags.is_empty() {
        let _ = writeln!(
            out,
            "\n  {:<24} {:>5} {:>11} {:>5} {:>11} {:>11} {:>5}",
            "tag", "sent", "exact sent", "gold", "category", "cat+actors", "FP"
        );
        for t in &s.tags {
            let _ = writeln!(
                out,
                "  {:<24} {:>5} {:>4} {} {:>5} {:>4} {} {:>4} {} {:>5}",
                t.tag,
                t.sentences,
                t.sentences_exact.right,
                pct(t.sentences_exact.rate),
                t.gold_events,
                t.event_type.right,
                pct(t.event_type.rate),
                t.category_source_target.right,
                pct(t.category_source_target.rate),
                t.false_positives
            );
        }
    }
    out.push('\n');
}

/// Column headings: the first four letters of each label when those are
/// all different, else the whole labels.
fn confusion(out: &mut String, c: &Confusion) {
    let short: Vec<String> = c
        .labels
        .iter()
        .map(|l| l.chars().take(4).collect())
        .collect();
    let distinct = short
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len()
        == short.len();
    let heads = if distinct { &short } else { &c.labels };
    let width = heads
        .iter()
        .map(|h| h.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let row_width = c.labels.iter().map(|l| l.len()).max().unwrap_or(4).max(9);
    let mut line = format!("  {:<row_width$}", "");
    for h in heads {
        let _ = write!(line, " {h:>width$}");
    }
    let _ = writeln!(out, "{line}");
    for (label, row) in c.labels.iter().zip(&c.counts) {
        let mut line = format!("  {label:<row_width$}");
        for n in row {
            let cell = if *n == 0 {
                ".".to_string()
            } else {
                n.to_string()
            };
            let _ = write!(line, " {cell:>width$}");
        }
        let _ = writeln!(out, "{line}");
    }
}
