//! `faultline actors`: the noun phrases the dictionaries missed, most
//! frequent first, with example sentences (the counting is
//! `faultline_pipeline::gaps`).

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use faultline_coder::Coder;
use faultline_pipeline::gaps::{add_batch, table, Gap, Gaps};
use faultline_pipeline::{DateSource, Document};
use faultline_store::Store;

use crate::cli::{ActorsArgs, ActorsFormat, InputFormat};
use crate::code::BATCH;

pub fn run(args: &ActorsArgs) -> anyhow::Result<ExitCode> {
    crate::threads(args.threads)?;
    let mut slot = None;
    let loaded = crate::dicts::shared(&mut slot, args.dictionaries.as_deref())?;
    let mut coder = Coder::new(&loaded.dicts);
    coder.config.require_dyad = false;

    let mut gaps = Gaps::new(args.examples);
    let mut documents = 0usize;
    let mut failed = 0usize;
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
    let mut add = |batch: &mut Vec<Document>, gaps: &mut Gaps| {
        documents += batch.len();
        add_batch(gaps, &coder, batch);
        batch.clear();
    };
    if let Some(db) = &args.db {
        let store = Store::open_read_only(db)
            .with_context(|| format!("cannot open the database {}", db.display()))?;
        let snapshot = store
            .snapshot()
            .with_context(|| format!("cannot read {}", db.display()))?;
        for stored in snapshot.documents() {
            let stored = stored.with_context(|| format!("cannot read {}", db.display()))?;
            batch.push(Document {
                id: stored.doc_id,
                date: stored.doc_date,
                date_source: DateSource::Document,
                text: stored.text,
                title: stored.title,
                url: stored.url,
                source: stored.source,
            });
            if batch.len() == BATCH {
                add(&mut batch, &mut gaps);
            }
        }
    } else {
        if args.input == InputFormat::PetrarchXml {
            anyhow::bail!("faultline actors reads documents, not PETRARCH XML");
        }
        let reading = crate::input::Reading {
            format: args.input.format(),
            given: crate::input::date_arg(args.date.as_deref())?,
        };
        let warn = |m: String| crate::warn(format_args!("{m}"));
        let (paths, bad) = crate::input::expand(&args.files, &[], &warn);
        failed += bad;
        reading.read(&paths, &warn, &mut |item| {
            match item {
                crate::input::Item::Document(_, read) => {
                    batch.push(read.doc);
                    if batch.len() == BATCH {
                        add(&mut batch, &mut gaps);
                    }
                }
                crate::input::Item::Petrarch(name, _) => {
                    crate::warn(format_args!(
                        "{name}: faultline actors reads documents, not PETRARCH XML; skipped"
                    ));
                    failed += 1;
                }
                crate::input::Item::Failed(msg) => {
                    crate::warn(format_args!("{msg}; file skipped"));
                    failed += 1;
                }
                crate::input::Item::InputDone => {}
            }
            Ok(())
        })?;
    }
    add(&mut batch, &mut gaps);

    let (actors, n_actors) = gaps.ranked(Gap::Actor, args.top);
    let (agents, n_agents) = gaps.ranked(Gap::AgentWithoutActor, args.top);
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        ActorsFormat::Jsonl => {
            for p in actors.iter().chain(&agents) {
                serde_json::to_writer(&mut out, p).map_err(io::Error::from)?;
                out.write_all(b"\n")?;
            }
        }
        ActorsFormat::Text => {
            write!(out, "{}", table("Unknown actors", &actors, n_actors))?;
            writeln!(out)?;
            write!(
                out,
                "{}",
                table("Agents without an actor", &agents, n_agents)
            )?;
        }
    }
    out.flush()?;
    crate::report(format_args!(
        "{documents} documents, {n_actors} unknown actor phrases, \
         {n_agents} agent phrases without an actor"
    ));
    Ok(crate::status(failed))
}
