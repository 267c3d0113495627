//! The store when its file is at fault: damaged pages, an empty file left
//! by a full disk, a database in a folder that cannot be written. Nothing
//! is ever written into a damaged file, and what can be read is read.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A folder in the temporary folder, deleted with its contents when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("faultline-faults-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp folder");
        TempDir(path)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const BIN: &str = env!("CARGO_BIN_EXE_faultline");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run faultline")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// `n` one-line news documents as JSON Lines, ids starting at `first`.
fn news(dir: &TempDir, name: &str, first: usize, n: usize) -> PathBuf {
    let mut out = String::new();
    for k in first..first + n {
        out.push_str(&format!(
            "{{\"id\": \"d{k}\", \"date\": \"2022-06-20\", \"text\": \"Kazakhstan criticized Russia over the blocked oil terminal in report {k}.\"}}\n"
        ));
    }
    let path = dir.path(name);
    std::fs::write(&path, out).expect("write input");
    path
}

fn export_ids(db: &Path) -> Output {
    run(&[
        "export",
        "--db",
        s(db),
        "--table",
        "documents",
        "--format",
        "jsonl",
    ])
}

#[test]
fn a_damaged_database_is_named_and_never_written() {
    let dir = TempDir::new();
    let db = dir.path("f.db");
    let o = run(&["ingest", "--db", s(&db), s(&news(&dir, "a.jsonl", 0, 300))]);
    assert!(o.status.success(), "{}", stderr(&o));
    // garbage over the middle of a b-tree page, as a bad sector leaves it
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    assert!(bytes.len() > 8 * page, "{} bytes", bytes.len());
    for b in &mut bytes[5 * page + 8..5 * page + 600] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();

    let o = run(&["ingest", "--db", s(&db), s(&news(&dir, "b.jsonl", 300, 50))]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("f.db") && err.contains("damaged"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "the damaged file was written"
    );

    // nor does a server that would accept documents start on it
    let o = run(&[
        "serve",
        "--db",
        s(&db),
        "--token",
        "t",
        "--addr",
        "127.0.0.1:0",
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("f.db") && err.contains("damaged"), "{err}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "a server wrote the damaged file"
    );
}

#[test]
fn an_empty_file_is_not_a_database_and_a_failed_creation_leaves_none() {
    let dir = TempDir::new();
    let empty = dir.path("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let o = export_ids(&empty);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("empty.db") && err.contains("empty file"),
        "{err}"
    );

    // a full disk at creation: no byte can be written (RLIMIT_FSIZE 0,
    // with SIGXFSZ ignored so that writes fail instead of killing)
    let db = dir.path("full.db");
    let input = news(&dir, "a.jsonl", 0, 3);
    let o = Command::new("bash")
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 0; exec \"$@\"",
            "bash",
            BIN,
            "ingest",
            "--db",
        ])
        .arg(&db)
        .arg(&input)
        .output()
        .expect("run bash");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("full.db"), "{err}");
    assert!(!db.exists(), "an empty database was left behind: {err}");
}

#[test]
fn a_database_in_a_read_only_folder_is_exported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new();
    let folder = dir.path("ro");
    std::fs::create_dir_all(&folder).unwrap();
    let db = folder.join("f.db");
    let o = run(&["ingest", "--db", s(&db), s(&news(&dir, "a.jsonl", 0, 5))]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !folder.join("f.db-shm").exists(),
        "the last writer removes its files"
    );

    // as root, permissions do not bind: export as `nobody` instead
    let as_nobody = permissions_do_not_bind(&dir);
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    mode(&dir.0, 0o755).unwrap();
    mode(&folder, 0o555).unwrap();
    mode(&db, 0o444).unwrap();
    let mut export = if as_nobody {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        c
    } else {
        Command::new(BIN)
    };
    let o = export
        .args([
            "export",
            "--db",
            s(&db),
            "--table",
            "documents",
            "--format",
            "jsonl",
        ])
        .output()
        .expect("run faultline export");
    let nothing_made = !folder.join("f.db-shm").exists();
    mode(&folder, 0o755).unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(nothing_made, "a read-only folder was written");
    let expected = export_ids(&db);
    assert!(expected.status.success(), "{}", stderr(&expected));
    assert_eq!(o.stdout, expected.stdout);
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 5);
}

/// Whether this process may write where permissions say it may not (it
/// runs as root): a file made read-only opens for writing.
fn permissions_do_not_bind(dir: &TempDir) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.path("probe");
    std::fs::write(&probe, b"x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o444)).unwrap();
    let writable = std::fs::OpenOptions::new().write(true).open(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    writable
}
