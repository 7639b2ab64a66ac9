//! Walking the inputs, reading each file once, and turning drafts into articles.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::fs;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::draft::{Draft, Parsed};
use super::format::{self, Format};
use super::hygiene;
use super::manifest::{Manifest, MANIFEST_NAME};
use super::plain::Furniture;
use super::{Article, ArticleId, Corpus, IngestReport, Skipped, Warning};
use crate::Error;

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Files in a one-article format (plain text, HTML) larger than this are skipped:
    /// an article is never hundreds of megabytes, a log file or a dump is.
    pub max_article_file_bytes: u64,
    pub furniture: Furniture,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_article_file_bytes: 64 << 20,
            furniture: Furniture::builtin().clone(),
        }
    }
}

/// One input to read: a file on disk or standard input.
#[derive(Debug, Clone)]
enum Source {
    File(PathBuf),
    Stdin,
}

impl Source {
    fn label(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "-".to_owned(),
        }
    }
}

/// What reading one file gave.
enum Outcome {
    Drafts {
        drafts: Vec<Draft>,
        format: Format,
        warnings: Vec<String>,
    },
    Skipped(String),
}

/// Read every input (files, folders read recursively, `-` for stdin) into a corpus.
/// Never fails: unreadable inputs are listed in the report's `skipped`.
pub fn load(inputs: &[String], options: &LoadOptions) -> Corpus {
    let mut report = IngestReport::default();
    let mut sources = Vec::new();
    let mut manifests: Vec<Manifest> = Vec::new();
    let mut seen_manifest_dirs: Vec<PathBuf> = Vec::new();
    for input in inputs {
        if input == "-" {
            sources.push(Source::Stdin);
            continue;
        }
        let path = PathBuf::from(input);
        match fs::metadata(&path) {
            Err(e) => report.skipped.push(Skipped {
                file: input.clone(),
                reason: describe_io(&e),
            }),
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                let mut dirs = vec![path.clone()];
                // `walk` lists files in path order already (see there): no sort needed.
                walk(&path, 0, &mut files, &mut dirs, &mut report);
                dirs.sort();
                for dir in &dirs {
                    load_manifest(dir, &mut manifests, &mut seen_manifest_dirs, &mut report);
                }
                sources.extend(files.into_iter().map(Source::File));
            }
            Ok(_) => {
                if let Some(dir) = path.parent() {
                    let dir = if dir.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        dir
                    };
                    load_manifest(dir, &mut manifests, &mut seen_manifest_dirs, &mut report);
                }
                sources.push(Source::File(path));
            }
        }
    }
    // Outer folders first, so that a manifest nearer the file wins.
    manifests.sort_by_key(|m| m.folder.components().count());

    let outcomes: Vec<(Source, Outcome)> = sources
        .into_par_iter()
        .map(|s| {
            let outcome = read_source(&s, options);
            (s, outcome)
        })
        .collect();

    // Drafts refer to their file by index into `labels`: a JSON Lines file gives
    // thousands of drafts, and each copies the label only once, into its article.
    let mut labels: Vec<String> = Vec::with_capacity(outcomes.len());
    let mut drafts: Vec<(usize, Format, Draft)> = Vec::new();
    for (source, outcome) in outcomes {
        let label = source.label();
        report.files_read += 1;
        match outcome {
            Outcome::Skipped(reason) => report.skipped.push(Skipped {
                file: label,
                reason,
            }),
            Outcome::Drafts {
                drafts: found,
                format,
                warnings,
            } => {
                report
                    .warnings
                    .extend(warnings.into_iter().map(|message| Warning {
                        file: label.clone(),
                        message,
                    }));
                for mut draft in found {
                    if let Source::File(path) = &source {
                        for m in &manifests {
                            m.apply(path, &mut draft);
                        }
                    }
                    drafts.push((labels.len(), format, draft));
                }
                labels.push(label);
            }
        }
    }
    // Clean-up is per article and independent: run it in parallel, keep the order.
    let articles: Vec<Article> = drafts
        .into_par_iter()
        .map(|(label, format, draft)| finish(draft, &labels[label], format))
        .collect();
    report.repeated_paragraphs += articles
        .iter()
        .map(|a| a.repeated_paragraphs)
        .sum::<usize>();
    let articles = merge_duplicates(articles, &mut report);
    Corpus { articles, report }
}

/// Read articles from bytes already in memory (used by tests and library callers).
pub fn load_bytes(label: &str, bytes: &[u8], options: &LoadOptions) -> Corpus {
    let mut report = IngestReport {
        files_read: 1,
        ..IngestReport::default()
    };
    let mut articles = Vec::new();
    match parse_bytes(label, bytes, options) {
        Outcome::Skipped(reason) => report.skipped.push(Skipped {
            file: label.to_owned(),
            reason,
        }),
        Outcome::Drafts {
            drafts,
            format,
            warnings,
        } => {
            report
                .warnings
                .extend(warnings.into_iter().map(|message| Warning {
                    file: label.to_owned(),
                    message,
                }));
            for draft in drafts {
                let article = finish(draft, label, format);
                report.repeated_paragraphs += article.repeated_paragraphs;
                articles.push(article);
            }
        }
    }
    let articles = merge_duplicates(articles, &mut report);
    Corpus { articles, report }
}

fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

fn walk(
    dir: &Path,
    depth: usize,
    files: &mut Vec<PathBuf>,
    dirs: &mut Vec<PathBuf>,
    report: &mut IngestReport,
) {
    const MAX_DEPTH: usize = 64;
    if depth > MAX_DEPTH {
        report.skipped.push(Skipped {
            file: dir.display().to_string(),
            reason: "folders nested too deep (a link loop?)".into(),
        });
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            report.skipped.push(Skipped {
                file: dir.display().to_string(),
                reason: describe_io(&e),
            });
            return;
        }
    };
    // Each folder's entries are sorted by name and folders are entered where they sort,
    // so files come out in the order `Path`'s `Ord` gives (component by component):
    // sorting the short names here is much cheaper than sorting all the full paths.
    let mut entries: Vec<fs::DirEntry> = entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            !(name.starts_with('.') || name == MANIFEST_NAME)
        })
        .collect();
    entries.sort_by_cached_key(fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        match entry.file_type() {
            // The entry's own type costs no system call; only a symbolic link needs a
            // `stat` to learn whether it points at a folder.
            Ok(t) if t.is_dir() || (t.is_symlink() && path.is_dir()) => {
                dirs.push(path.clone());
                walk(&path, depth + 1, files, dirs, report);
            }
            Ok(_) => files.push(path),
            Err(e) => report.skipped.push(Skipped {
                file: path.display().to_string(),
                reason: describe_io(&e),
            }),
        }
    }
}

fn load_manifest(
    dir: &Path,
    manifests: &mut Vec<Manifest>,
    seen: &mut Vec<PathBuf>,
    report: &mut IngestReport,
) {
    if seen.iter().any(|d| d == dir) {
        return;
    }
    seen.push(dir.to_path_buf());
    let path = dir.join(MANIFEST_NAME);
    let Ok(text) = fs::read_to_string(&path) else {
        return;
    };
    match Manifest::parse(&path, &text) {
        Ok(m) => manifests.push(m),
        Err(e) => {
            // The warning already names the file: do not repeat the path.
            let message = match e {
                Error::Manifest { message, .. } => message,
                other => other.to_string(),
            };
            report.warnings.push(Warning {
                file: path.display().to_string(),
                message: format!("manifest not applied: {message}"),
            })
        }
    }
}

fn read_source(source: &Source, options: &LoadOptions) -> Outcome {
    match source {
        Source::Stdin => {
            let mut bytes = Vec::new();
            match io::stdin().lock().read_to_end(&mut bytes) {
                Ok(_) => parse_bytes("-", &bytes, options),
                Err(e) => Outcome::Skipped(format!("cannot read standard input: {e}")),
            }
        }
        Source::File(path) => read_file(path, options),
    }
}

fn read_file(path: &Path, options: &LoadOptions) -> Outcome {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return Outcome::Skipped(describe_io(&e)),
    };
    // Most files are a few kilobytes: they are read whole into a buffer kept per
    // thread, which spares an allocation, page faults and a `stat` per file. The buffer
    // is taken out of its slot while in use, so a parser that runs other rayon jobs on
    // this thread (JSON Lines does) cannot find it borrowed; such a job makes its own.
    let mut buffer = READ_BUFFER.take();
    buffer.resize(FIRST_READ, 0);
    let outcome = read_opened(&mut file, &name, &mut buffer, options);
    READ_BUFFER.set(buffer);
    outcome
}

/// How much of a file is read before its size is asked for.
const FIRST_READ: usize = 64 << 10;

thread_local! {
    static READ_BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Reads and parses an open file; `buffer` is `FIRST_READ` bytes long.
fn read_opened(
    file: &mut fs::File,
    name: &str,
    buffer: &mut [u8],
    options: &LoadOptions,
) -> Outcome {
    let first = match read_up_to(file, buffer) {
        Ok(n) => n,
        Err(e) => return Outcome::Skipped(describe_io(&e)),
    };
    if first < buffer.len() {
        // The whole file.
        let bytes = &buffer[..first];
        if first as u64 > options.max_article_file_bytes {
            if let Some(refusal) = refuse_one_article(bytes, name, first as u64, options) {
                return refusal;
            }
        }
        return parse_bytes(name, bytes, options);
    }
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > options.max_article_file_bytes {
        // A huge file in a one-article format is refused before it is read into memory.
        if let Some(refusal) = refuse_one_article(buffer, name, size, options) {
            return refusal;
        }
    }
    let mut bytes = Vec::with_capacity((size as usize).max(first).saturating_add(1));
    bytes.extend_from_slice(buffer);
    if let Err(e) = file.read_to_end(&mut bytes) {
        return Outcome::Skipped(describe_io(&e));
    }
    parse_bytes(name, &bytes, options)
}

/// For a file above the size limit: the reason to skip it, judged from its first bytes,
/// unless it is in a format that holds many articles.
fn refuse_one_article(
    start: &[u8],
    name: &str,
    size: u64,
    options: &LoadOptions,
) -> Option<Outcome> {
    let head = &start[..start.len().min(8192)];
    if let Some(reason) = binary_reason(head) {
        return Some(Outcome::Skipped(reason));
    }
    let format = format::detect(&String::from_utf8_lossy(head), name);
    (!holds_many_articles(format)).then(|| {
        Outcome::Skipped(format!(
            "{} is too large for one {} article (limit {}); not read. A collection of articles belongs in JSON Lines",
            human_size(size),
            format.name(),
            human_size(options.max_article_file_bytes)
        ))
    })
}

/// Formats that hold a collection of articles, exempt from the one-article size limit.
fn holds_many_articles(format: Format) -> bool {
    matches!(format, Format::JsonLines | Format::Feed | Format::FeedDump)
}

/// "500 MB", "4 KB", "1.5 MB", "800 bytes": a size as a person reads it (binary units,
/// one decimal where a small figure would otherwise round to the wrong number).
fn human_size(bytes: u64) -> String {
    const KB: u64 = 1 << 10;
    const MB: u64 = 1 << 20;
    let (unit, name) = match bytes {
        b if b >= MB => (MB, "MB"),
        b if b >= KB => (KB, "KB"),
        _ => return format!("{bytes} bytes"),
    };
    if bytes % unit == 0 || bytes >= 10 * unit {
        format!("{} {name}", bytes / unit)
    } else {
        format!("{:.1} {name}", bytes as f64 / unit as f64)
    }
}

fn read_up_to(file: &mut fs::File, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

fn binary_reason(head: &[u8]) -> Option<String> {
    memchr::memchr(0, head)
        .map(|at| format!("binary file (a NUL byte at offset {at}); not read as text"))
}

fn parse_bytes(name: &str, bytes: &[u8], options: &LoadOptions) -> Outcome {
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(reason) = binary_reason(head) {
        return Outcome::Skipped(reason);
    }
    let mut warnings = Vec::new();
    let text: std::borrow::Cow<'_, str> = match std::str::from_utf8(bytes) {
        Ok(t) => t.into(),
        Err(e) => {
            warnings.push(format!(
                "invalid UTF-8 at byte {}; decoded with U+FFFD replacement characters",
                e.valid_up_to()
            ));
            String::from_utf8_lossy(bytes)
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // Windows line endings: every parser reads "\n" (and "\n\n" between paragraphs).
    // (memchr's vectorised search: this scans every byte of every input.)
    let text: std::borrow::Cow<'_, str> = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    };
    let text: &str = &text;
    if text.trim().is_empty() {
        return Outcome::Skipped("empty file".to_owned());
    }
    let format = format::detect(text, name);
    let parsed: Parsed = match format {
        Format::PlainText => super::plain::parse(text, &options.furniture),
        Format::KeyValue => super::keyvalue::parse(text),
        Format::FeedDump => super::wordpress::parse(text),
        Format::Feed => super::feed::parse(text.as_bytes()),
        Format::Html => super::html::parse(text),
        Format::JsonLines => super::jsonl::parse(text),
    };
    warnings.extend(parsed.warnings);
    if parsed.drafts.is_empty() {
        let why = if warnings.is_empty() {
            "no article found".to_owned()
        } else {
            warnings.join("; ")
        };
        return Outcome::Skipped(format!("read as {}: {why}", format.name()));
    }
    Outcome::Drafts {
        drafts: parsed.drafts,
        format,
        warnings,
    }
}

fn finish(draft: Draft, file: &str, format: Format) -> Article {
    let (cleaned, repeated) = hygiene::drop_repeated_paragraphs(&draft.text);
    // Borrowed means nothing was dropped: keep the draft's own string rather than copy it.
    let cleaned = match cleaned {
        Cow::Owned(text) => Some(text),
        Cow::Borrowed(_) => None,
    };
    let text = cleaned.unwrap_or(draft.text);
    let date = draft.date.map(|d| d.to_string());
    let (text_fingerprint, words) = hygiene::fingerprint_and_words(&text);
    let id = hygiene::article_id(
        text_fingerprint,
        draft.title.as_deref(),
        draft.outlet.as_deref(),
        date.as_deref(),
    );
    Article {
        id: ArticleId(id.into()),
        file: file.to_owned(),
        outlet: draft.outlet,
        author: draft.author,
        title: draft.title,
        date: draft.date,
        url: draft.url,
        original_source: draft.original_source,
        source_id: draft.source_id,
        format,
        words,
        also_in: Vec::new(),
        repeated_paragraphs: repeated,
        text_fingerprint,
        text,
    }
}

/// Keep the first copy of each text; note where the others came from.
fn merge_duplicates(articles: Vec<Article>, report: &mut IngestReport) -> Vec<Article> {
    let mut first_by_text: HashMap<u64, usize, BuildHasherDefault<IdentityHasher>> =
        HashMap::with_capacity_and_hasher(articles.len(), BuildHasherDefault::default());
    let mut kept: Vec<Article> = Vec::with_capacity(articles.len());
    for article in articles {
        let key = article.text_fingerprint;
        match first_by_text.get(&key) {
            Some(&i) => {
                report.duplicates_dropped += 1;
                let origin = match &article.source_id {
                    Some(id) => format!("{} ({id})", article.file),
                    None => article.file.clone(),
                };
                let first = &mut kept[i];
                if !first.also_in.contains(&origin) {
                    first.also_in.push(origin);
                }
            }
            None => {
                first_by_text.insert(key, kept.len());
                kept.push(article);
            }
        }
    }
    kept
}

/// The hasher for maps keyed by text fingerprints: those are already well-mixed 64-bit
/// hashes, so hashing them again (std's SipHash) is wasted work.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used for `u64` keys; fold anything else in for safety.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        for (bytes, want) in [
            (500 << 20, "500 MB"),
            (64 << 20, "64 MB"),
            (1024, "1 KB"),
            (4 << 10, "4 KB"),
            (1536, "1.5 KB"),
            (3 << 19, "1.5 MB"),
            (800, "800 bytes"),
            (20 * 1024 + 5, "20 KB"),
        ] {
            assert_eq!(human_size(bytes), want, "{bytes}");
        }
    }
}
