//! Crash safety of `faultline ingest`: a run killed with SIGKILL at
//! arbitrary moments and resumed leaves exactly what one clean run leaves,
//! and after every kill the database holds whole documents only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use faultline_store::Store;

const DOCUMENTS: usize = 2_000;
const FILES: usize = 20;
const KILLS: usize = 10;

const COUNTRIES: [&str; 12] = [
    "France", "Germany", "Russia", "China", "Japan", "India", "Brazil", "Egypt", "Iran", "Israel",
    "Turkey", "Canada",
];
const VERBS: [&str; 5] = ["criticized", "met with", "accused", "praised", "visited"];

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `FILES` JSON Lines files holding `DOCUMENTS` documents of three
/// sentences, each with distinct text.
fn corpus(dir: &Path, rng: &mut fastrand::Rng) {
    let per_file = DOCUMENTS / FILES;
    for f in 0..FILES {
        let mut lines = String::new();
        for k in 0..per_file {
            let i = f * per_file + k;
            let mut pick = |list: &[&'static str]| list[rng.usize(..list.len())];
            let (a, b, c, d) = (
                pick(&COUNTRIES),
                pick(&COUNTRIES),
                pick(&COUNTRIES),
                pick(&COUNTRIES),
            );
            let (v, w) = (pick(&VERBS), pick(&VERBS));
            let text = format!(
                "{a} {v} {b} on Monday. Officials said round {i} of the talks had ended. {c} {w} {d}."
            );
            let line = serde_json::json!({
                "id": format!("doc-{i}"),
                "date": format!("2022-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
                "text": text,
            });
            lines.push_str(&line.to_string());
            lines.push('\n');
        }
        std::fs::write(dir.join(format!("part-{f:02}.jsonl")), lines).expect("write corpus");
    }
}

fn ingest(db: &Path, input: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_faultline"));
    cmd.args(["ingest", "--db"])
        .arg(db)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// (sentences, events) of each document, by its own id.
fn per_document(db: &Path) -> BTreeMap<String, (u64, u64)> {
    if !db.exists() {
        // killed before it opened the database
        return BTreeMap::new();
    }
    // `open`, as the next ingest would: a run killed while it created the
    // database may have left the file without a schema
    let store = Store::open(db).expect("open database");
    store.check().expect("database intact");
    let snapshot = store.snapshot().expect("read database");
    snapshot
        .documents()
        .map(|d| {
            let d = d.expect("read document");
            (d.doc_id, (d.sentences, d.events))
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn killed_and_resumed_ingest_equals_a_clean_one() {
    let root = TempDir(std::env::temp_dir().join(format!("faultline-kill-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&root.0);
    let input = root.0.join("corpus");
    std::fs::create_dir_all(&input).expect("create corpus folder");
    let mut rng = fastrand::Rng::with_seed(0x5EED_F00D_CAFE_1234);
    corpus(&input, &mut rng);

    // How long a run takes to start (dictionaries; the fastest of three, as
    // the first run may find nothing in the page cache) and to do it all.
    let empty = root.0.join("empty.jsonl");
    std::fs::write(&empty, "").expect("write empty input");
    let startup = (0..3)
        .map(|_| {
            let started = Instant::now();
            let status = ingest(&root.0.join("startup.db"), &empty)
                .status()
                .expect("run");
            assert!(status.success());
            started.elapsed()
        })
        .min()
        .unwrap_or_default();

    let clean_db = root.0.join("clean.db");
    let started = Instant::now();
    let status = ingest(&clean_db, &input).status().expect("run");
    assert!(status.success(), "clean ingest failed");
    let full = started.elapsed();
    let clean = per_document(&clean_db);
    assert_eq!(clean.len(), DOCUMENTS);
    let clean_counts = Store::open_existing(&clean_db).unwrap().counts().unwrap();
    assert!(clean_counts.events >= DOCUMENTS as u64, "{clean_counts:?}");

    // Kill each run after the start-up plus a random part of the work,
    // small enough that about ten kills do not finish it. The schedule
    // adapts to a busy machine: a kill that came before any document was
    // stored makes later kills wait longer, and a run that finished the
    // work before enough kills starts again from an empty database,
    // killing sooner.
    let work = full.saturating_sub(startup).max(Duration::from_millis(50));
    let killed_db = root.0.join("killed.db");
    let (mut kills, mut midway, mut early, mut restarts) = (0, 0, 0, 0);
    let mut wait = startup;
    let mut scale = 8.0;
    let mut stored = 0;
    for _attempt in 0..KILLS * 8 {
        if kills >= KILLS && midway >= KILLS / 2 {
            break;
        }
        let mut child = ingest(&killed_db, &input).spawn().expect("spawn");
        std::thread::sleep(wait + work.mul_f64(rng.u64(..1000) as f64 / 1000.0 / scale));
        let killed = child.try_wait().expect("poll child").is_none();
        if killed {
            child.kill().expect("SIGKILL"); // SIGKILL on Unix
            kills += 1;
        }
        let _ = child.wait();
        // Whatever moment it died at, each stored document is whole.
        let now = per_document(&killed_db);
        for (id, counts) in &now {
            assert_eq!(Some(counts), clean.get(id), "document {id} after a kill");
        }
        if killed && now.len() == stored {
            early += 1;
            wait += work / 16;
        } else if killed && now.len() < clean.len() {
            midway += 1;
        }
        stored = now.len();
        if stored == clean.len() && !(kills >= KILLS && midway >= KILLS / 2) {
            for suffix in ["", "-wal", "-shm"] {
                let mut path = killed_db.clone().into_os_string();
                path.push(suffix);
                let _ = std::fs::remove_file(path);
            }
            restarts += 1;
            scale *= 2.0;
            stored = 0;
        }
    }
    eprintln!(
        "{kills} kills: {midway} with the database partly filled, {early} before a \
         document was stored; {restarts} restarts; clean run {full:.2?}, start-up {startup:.2?}"
    );
    assert!(
        kills >= KILLS,
        "could not kill a running ingest {KILLS} times"
    );
    assert!(
        midway >= KILLS / 2,
        "only {midway} kills left a partly filled database"
    );

    let status = ingest(&killed_db, &input).status().expect("run");
    assert!(status.success(), "resumed ingest failed");
    assert_eq!(per_document(&killed_db), clean);
    let counts = Store::open_existing(&killed_db).unwrap().counts().unwrap();
    assert_eq!(counts, clean_counts);
}
