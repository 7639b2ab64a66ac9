//! Everything users read: text tables, JSON Lines, and the report files of `analyze`
//! (`analysis` lists them; one module renders each kind).
//!
//! This module owns formatting and atomic file writing. It computes nothing: every
//! number it prints was decided by a stage before it.

pub mod analysis;
pub mod claims_csv;
pub mod clusters;
pub mod contradictions;
pub mod html;
pub mod json;
pub mod markdown;
pub mod notes;
pub mod outlets;
pub mod table;

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::Error;

/// Write one JSON object per line.
pub fn write_json_lines<T: Serialize>(
    out: &mut dyn Write,
    rows: impl IntoIterator<Item = T>,
) -> io::Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *out, &row)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Write a file so that readers see the old content or the new, never half of it:
/// write a temporary file beside it, then rename it into place.
///
/// The temporary is not forced to disk before the rename (no `fsync`): a report is
/// derived data that a second run rebuilds, and forcing each of tens of thousands of
/// notes to disk made writing a large report a third slower. A reader, or a run that
/// stops half way, still never sees half a file; only a power cut just after a run can
/// lose its last files.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_through_temporary(path, |file| file.write_all(bytes))
}

/// Room for a report file's pieces before they go to the file: large documents are
/// written in many small pieces (a field, a quote), and each write to the file costs a
/// system call.
const WRITE_BUFFER: usize = 256 * 1024;

/// [`write_atomically`] for content produced piece by piece: `fill` writes into the
/// buffered temporary file, so a large document is never held in memory whole.
pub fn write_atomically_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    write_through_temporary(path, |file| {
        let mut buffered = io::BufWriter::with_capacity(WRITE_BUFFER, file);
        fill(&mut buffered)?;
        buffered.flush()
    })
}

/// Write two files atomically in one pass: `fill` writes into both buffered temporaries
/// at once (as `contradictions.json` and `analysis.json` share their claims). Each is
/// renamed into place once written whole, the second first; when `fill` fails, neither.
///
/// An error names the second file when it arose while both were open: writing either
/// failed then, and the message says why.
pub fn write_pair_atomically(
    first: &Path,
    second: &Path,
    fill: impl FnOnce(&mut dyn Write, &mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let mut inner = None;
    let outer = write_atomically_with(first, |a| {
        write_atomically_with(second, |b| fill(a, b)).map_err(|e| {
            let message = io::Error::other(e.to_string());
            inner = Some(e);
            message
        })
    });
    match inner {
        Some(e) => Err(e),
        None => outer,
    }
}

fn write_through_temporary(
    path: &Path,
    fill: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> Result<(), Error> {
    let fail = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(fail)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.tmp{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        fill(&mut f)?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.txt");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
