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
use std::path::{Path, PathBuf};

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
/// stops half way, never sees half a file; a crash of the machine or a power cut within
/// about half a minute of a run (before the system writes its data out) can leave the
/// newest files empty or cut short, and the run must be made again.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let (temporary, mut file) = Temporary::create(path)?;
    file.write_all(bytes).map_err(|e| temporary.error(e))?;
    drop(file);
    temporary.persist()
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
    let (temporary, file) = Temporary::create(path)?;
    let mut buffered = io::BufWriter::with_capacity(WRITE_BUFFER, file);
    fill(&mut buffered)
        .and_then(|()| buffered.flush())
        .map_err(|e| temporary.error(e))?;
    drop(buffered);
    temporary.persist()
}

/// Write two files atomically in one pass: `fill` writes into both temporaries at once
/// (as `contradictions.json` and `analysis.json` share their groups and claims). The
/// first is written on the caller's thread; the second's bytes are handed, in blocks, to
/// a thread of its own, so that the two files' system calls (the copy of a gigabyte
/// into the page cache each, on a large corpus) run side by side instead of one after
/// the other. Both are written whole before either is renamed into place, so a failure
/// while writing leaves both files as they were; only the second rename failing after
/// the first succeeded (a folder changed under the run) can leave them from different
/// runs.
///
/// An error names the file whose write failed (the first when `fill` itself failed).
pub fn write_pair_atomically(
    first: &Path,
    second: &Path,
    fill: impl FnOnce(&mut dyn Write, &mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let (first_temporary, a) = Temporary::create(first)?;
    let (second_temporary, b) = Temporary::create(second)?;
    let mut a = io::BufWriter::with_capacity(WRITE_BUFFER, a);
    let (filled, second_written) = fill_pair(&mut a, b, fill);
    // The second file's own error explains a failure to hand it a block.
    second_written.map_err(|e| second_temporary.error(e))?;
    filled.map_err(|e| first_temporary.error(e))?;
    drop(a);
    first_temporary.persist()?;
    second_temporary.persist()
}

/// Run `fill` on `first` and on a [`Handoff`] to a thread that writes `second`: what
/// `fill` (then the flush of `first`) gave, and what writing `second` gave.
fn fill_pair(
    first: &mut dyn Write,
    mut second: impl Write + Send,
    fill: impl FnOnce(&mut dyn Write, &mut dyn Write) -> io::Result<()>,
) -> (io::Result<()>, io::Result<()>) {
    std::thread::scope(|scope| {
        let (blocks, received) = std::sync::mpsc::sync_channel::<Vec<u8>>(BLOCKS_IN_FLIGHT);
        // On the first failed write the thread returns, dropping `received`: the next
        // block handed to it fails, which stops `fill`.
        let writer = scope.spawn(move || {
            received
                .iter()
                .try_for_each(|block| second.write_all(&block))
                .and_then(|()| second.flush())
        });
        let mut handoff = Handoff {
            block: Vec::with_capacity(WRITE_BUFFER),
            blocks,
        };
        let filled = fill(first, &mut handoff)
            .and_then(|()| handoff.hand_on())
            .and_then(|()| first.flush());
        // Closes the channel: the writer ends once it has written every block.
        drop(handoff);
        let second_written = writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer stopped unexpectedly")));
        (filled, second_written)
    })
}

/// Blocks of [`WRITE_BUFFER`] bytes on their way to the second file of a pair: enough
/// to ride over a slow write, few enough to hold little memory.
const BLOCKS_IN_FLIGHT: usize = 8;

/// A writer that gathers bytes into blocks and hands each to another thread.
struct Handoff {
    block: Vec<u8>,
    blocks: std::sync::mpsc::SyncSender<Vec<u8>>,
}

impl Handoff {
    /// Hand the gathered bytes on (nothing when there are none).
    fn hand_on(&mut self) -> io::Result<()> {
        if self.block.is_empty() {
            return Ok(());
        }
        let block = std::mem::replace(&mut self.block, Vec::with_capacity(WRITE_BUFFER));
        self.blocks
            .send(block)
            .map_err(|_| io::Error::other("the file's writer stopped"))
    }
}

impl Write for Handoff {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.block.extend_from_slice(buf);
        if self.block.len() >= WRITE_BUFFER {
            self.hand_on()?;
        }
        Ok(buf.len())
    }

    /// Bytes go on in whole blocks; the last when the pair is finished.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A temporary file beside `target`, removed when dropped unless renamed into place.
struct Temporary {
    target: PathBuf,
    path: PathBuf,
    persisted: bool,
}

impl Temporary {
    /// Create the temporary (and `target`'s folder, if needed).
    fn create(target: &Path) -> Result<(Self, fs::File), Error> {
        let fail = |source| Error::Write {
            path: target.to_owned(),
            source,
        };
        let dir = target
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(fail)?;
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = dir.join(format!(".{file_name}.tmp{}", std::process::id()));
        let file = fs::File::create(&path).map_err(fail)?;
        let temporary = Self {
            target: target.to_owned(),
            path,
            persisted: false,
        };
        Ok((temporary, file))
    }

    /// The error of writing the target.
    fn error(&self, source: io::Error) -> Error {
        Error::Write {
            path: self.target.clone(),
            source,
        }
    }

    /// Rename the temporary into place.
    fn persist(mut self) -> Result<(), Error> {
        fs::rename(&self.path, &self.target).map_err(|e| self.error(e))?;
        self.persisted = true;
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.persisted {
            let _ = fs::remove_file(&self.path);
        }
    }
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

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_pair_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let (first, second) = (dir.path().join("a.json"), dir.path().join("b.json"));
        write_pair_atomically(&first, &second, |a, b| {
            a.write_all(b"one")?;
            b.write_all(b"two")
        })
        .unwrap();
        assert_eq!(fs::read(&first).unwrap(), b"one");
        assert_eq!(fs::read(&second).unwrap(), b"two");

        // `fill` fails half way: both files stay as they were.
        let failed = write_pair_atomically(&first, &second, |a, b| {
            a.write_all(b"new one")?;
            b.write_all(b"new two")?;
            Err(io::Error::other("stopped"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read(&first).unwrap(), b"one");
        assert_eq!(fs::read(&second).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["a.json", "b.json"]);
    }

    #[test]
    fn a_pair_whose_first_file_cannot_be_placed_leaves_the_second_alone() {
        let dir = tempfile::tempdir().unwrap();
        let (first, second) = (dir.path().join("a.json"), dir.path().join("b.json"));
        // A folder where the first file should go: its rename fails.
        fs::create_dir(&first).unwrap();
        fs::write(first.join("keep"), b"x").unwrap();
        fs::write(&second, b"old").unwrap();
        let failed = write_pair_atomically(&first, &second, |a, b| {
            a.write_all(b"new one")?;
            b.write_all(b"new two")
        });
        match failed {
            Err(Error::Write { path, .. }) => assert_eq!(path, first),
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read(&second).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["a.json", "b.json"]);
    }

    /// A writer that refuses every byte.
    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::other("disk full"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_pair_whose_fill_fails_names_the_first_file() {
        // An error of `fill` itself, no write failing: the first file is named.
        let dir = tempfile::tempdir().unwrap();
        let (first, second) = (dir.path().join("a.json"), dir.path().join("b.json"));
        match write_pair_atomically(&first, &second, |_, _| Err(io::Error::other("no"))) {
            Err(Error::Write { path, .. }) => assert_eq!(path, first),
            other => panic!("{other:?}"),
        }
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    #[test]
    fn the_second_file_gets_every_block_in_order() {
        let mut first = Vec::new();
        let mut second = Vec::new();
        let (filled, written) = fill_pair(&mut first, &mut second, |a, b| {
            // Pieces of every size, several blocks' worth, the last one short.
            for i in 0..5000u32 {
                let piece = i.to_string().repeat(i as usize % 97);
                a.write_all(piece.as_bytes())?;
                b.write_all(piece.as_bytes())?;
            }
            Ok(())
        });
        filled.unwrap();
        written.unwrap();
        assert!(second.len() > 3 * WRITE_BUFFER, "{}", second.len());
        assert_eq!(first, second);
    }

    #[test]
    fn a_failing_second_file_stops_the_fill_and_is_reported() {
        let mut first = Vec::new();
        let mut handed = 0;
        let (filled, written) = fill_pair(&mut first, Full, |a, b| {
            // Far more than the blocks in flight: the fill must be stopped, not hang.
            for _ in 0..(BLOCKS_IN_FLIGHT + 4) * 4 {
                a.write_all(&[b'x'; WRITE_BUFFER / 2])?;
                b.write_all(&[b'x'; WRITE_BUFFER / 2])?;
                handed += 1;
            }
            Ok(())
        });
        assert_eq!(written.unwrap_err().to_string(), "disk full");
        assert!(filled.is_err());
        assert!(handed < (BLOCKS_IN_FLIGHT + 4) * 4, "{handed}");
    }
}
