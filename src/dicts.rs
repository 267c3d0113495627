//! Choosing, reading and checking dictionaries (`faultline dict`).
//!
//! The dictionary crate does no I/O; this module reads the files an input
//! names and hands their texts over. A dictionary line that cannot be read
//! never stops a run: it comes back as a [`Diagnostic`] naming `file:line`.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use faultline_dict::{Diagnostic, Dictionaries, Kind, Source};
use faultline_text::Environment;

use crate::cli::{DictArgs, DictCommand};

/// Compiled dictionaries with the lines that were skipped.
pub struct Loaded {
    pub dicts: Dictionaries,
    pub diagnostics: Vec<Diagnostic>,
    /// The file names the dictionaries were read from, as used in
    /// diagnostics and event evidence.
    pub files: Vec<String>,
    /// True for the dictionaries compiled into the binary.
    pub builtin: bool,
}

/// The built-in dictionaries (CAMEO.2.0 verbs and the Phoenix files).
pub fn builtin() -> Loaded {
    let sources = Dictionaries::builtin_sources();
    let files = sources.iter().map(|s| s.name.clone()).collect();
    let (dicts, diagnostics) = Dictionaries::load(&sources);
    Loaded {
        dicts,
        diagnostics,
        files,
        builtin: true,
    }
}

/// The dictionaries for an input file: those its `<Environment>` names,
/// looked up in `dir` (by default the folder of `input`); if it names
/// none, every dictionary file in `dir`, or the built-in ones.
pub fn for_input(
    environment: Option<&Environment>,
    input: &Path,
    dir: Option<&Path>,
) -> anyhow::Result<Loaded> {
    let named = environment
        .map(faultline_pipeline::petrarch::dictionary_files)
        .unwrap_or_default();
    if named.is_empty() {
        return match dir {
            Some(dir) => load_dir(dir),
            None => Ok(builtin()),
        };
    }
    let base = match dir {
        Some(d) => d,
        None => input.parent().unwrap_or(Path::new("")),
    };
    let paths: Vec<(Kind, PathBuf)> = named
        .into_iter()
        .map(|(kind, name)| (kind, base.join(name)))
        .collect();
    load_files(&paths)
}

/// Reads and compiles the given files. A file that cannot be read is an
/// error; bytes that are not UTF-8 are replaced and reported
/// (`Source::from_bytes`).
fn load_files(paths: &[(Kind, PathBuf)]) -> anyhow::Result<Loaded> {
    let mut sources = Vec::with_capacity(paths.len());
    let mut encoding = Vec::new();
    for (kind, path) in paths {
        let name = path.display().to_string();
        let bytes = fs::read(path).with_context(|| format!("cannot read dictionary {name}"))?;
        let (source, bad) = Source::from_bytes(*kind, &name, &bytes);
        sources.push(source);
        encoding.extend(bad);
    }
    let (dicts, mut diagnostics) = Dictionaries::load(&sources);
    encoding.append(&mut diagnostics);
    Ok(Loaded {
        dicts,
        diagnostics: encoding,
        files: sources.into_iter().map(|s| s.name).collect(),
        builtin: false,
    })
}

/// Every recognisable dictionary file in `dir`, in case-insensitive name
/// order: among actor phrases of equal length the first file loaded wins,
/// so `faultline.actors.txt` comes before `Phoenix.*.actors.txt`, as in the
/// built-in set.
fn load_dir(dir: &Path) -> anyhow::Result<Loaded> {
    let entries =
        fs::read_dir(dir).with_context(|| format!("cannot list folder {}", dir.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list folder {}", dir.display()))?;
        let name = entry.file_name();
        if let Some(kind) = name.to_str().and_then(Kind::from_file_name) {
            paths.push((kind, entry.path()));
        }
    }
    anyhow::ensure!(
        !paths.is_empty(),
        "{}: no dictionary files found (expected *.txt files with verbs, actors, agents, \
         discards or issue in their names)",
        dir.display()
    );
    paths.sort_by_key(|(_, p)| {
        (
            p.file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default(),
            p.clone(),
        )
    });
    load_files(&paths)
}

/// Reports skipped dictionary lines on stderr: each one for dictionaries
/// the user supplied, one summary line for the built-in ones (whose known
/// quirks would otherwise bury everything else).
pub fn report(loaded: &Loaded) {
    if loaded.builtin {
        let n = loaded.diagnostics.len();
        if n > 0 {
            crate::report(format_args!(
                "note: built-in dictionaries: {n} malformed lines skipped \
                 (run 'faultline dict check' to list them)"
            ));
        }
    } else {
        for d in &loaded.diagnostics {
            crate::warn(format_args!("{d}"));
        }
    }
}

/// The dictionaries shared by the documents of a run: `--dictionaries
/// DIR` or the built-in ones, loaded (and reported) on first use.
pub fn shared<'a>(slot: &'a mut Option<Loaded>, dir: Option<&Path>) -> anyhow::Result<&'a Loaded> {
    if slot.is_none() {
        let loaded = match dir {
            Some(dir) => load_dir(dir)?,
            None => builtin(),
        };
        report(&loaded);
        *slot = Some(loaded);
    }
    Ok(slot.as_ref().expect("loaded just above"))
}

/// Parses a PETRARCH XML file read from `path`; errors name `file:line`.
pub fn read_petrarch(path: &Path, bytes: &[u8]) -> anyhow::Result<faultline_text::PetrarchFile> {
    faultline_pipeline::petrarch::read_file(&path.display().to_string(), bytes)
        .map_err(anyhow::Error::msg)
}

/// `faultline dict check|stats [DIR]`.
pub fn run(args: &DictArgs) -> anyhow::Result<ExitCode> {
    let (check, dir) = match &args.command {
        DictCommand::Check { dir } => (true, dir.as_deref()),
        DictCommand::Stats { dir } => (false, dir.as_deref()),
    };
    let loaded = match dir {
        Some(dir) => load_dir(dir)?,
        None => builtin(),
    };
    let mut out = io::stdout().lock();
    if check {
        for d in &loaded.diagnostics {
            writeln!(out, "{d}")?;
        }
        out.flush()?;
        let n = loaded.diagnostics.len();
        let with: std::collections::BTreeSet<&str> =
            loaded.diagnostics.iter().map(|d| &*d.origin.file).collect();
        crate::report(format_args!(
            "{n} malformed dictionary lines in {} of the {} files checked",
            with.len(),
            loaded.files.len()
        ));
        return Ok(if n == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let which = if loaded.builtin {
        "built-in"
    } else {
        "from files"
    };
    writeln!(out, "dictionaries ({which}):")?;
    for f in &loaded.files {
        writeln!(out, "  {f}")?;
    }
    write!(out, "{}", loaded.dicts.summary())?;
    writeln!(
        out,
        "skipped:  {} malformed lines (list them with `faultline dict check`)",
        loaded.diagnostics.len()
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
