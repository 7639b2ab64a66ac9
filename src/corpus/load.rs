//! Walking the inputs, reading each file once, and turning drafts into articles.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::draft::{Draft, Parsed};
use super::format::{self, Format};
use super::hygiene;
use super::manifest::{Manifest, MANIFEST_NAME};
use super::plain::Furniture;
use super::{Article, ArticleId, Corpus, IngestReport, Skipped, Warning};

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
                walk(&path, 0, &mut files, &mut dirs, &mut report);
                files.sort();
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

    let mut drafts: Vec<(String, Format, Draft)> = Vec::new();
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
                    drafts.push((label.clone(), format, draft));
                }
            }
        }
    }
    // Clean-up is per article and independent: run it in parallel, keep the order.
    let articles: Vec<Article> = drafts
        .into_par_iter()
        .map(|(label, format, draft)| finish(draft, &label, format))
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
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == MANIFEST_NAME {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() || path.is_dir() => {
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
        Err(e) => report.warnings.push(Warning {
            file: path.display().to_string(),
            message: format!("manifest not applied: {e}"),
        }),
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
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    // Look at the head first: a huge file in a one-article format is refused before
    // it is read into memory.
    let mut head = vec![0u8; 8192];
    let head_len = match read_up_to(&mut file, &mut head) {
        Ok(n) => n,
        Err(e) => return Outcome::Skipped(describe_io(&e)),
    };
    head.truncate(head_len);
    if let Some(reason) = binary_reason(&head) {
        return Outcome::Skipped(reason);
    }
    let format = format::detect(&String::from_utf8_lossy(&head), &name);
    let many_articles = matches!(format, Format::JsonLines | Format::Feed | Format::FeedDump);
    if !many_articles && size > options.max_article_file_bytes {
        return Outcome::Skipped(format!(
            "{} MB is too large for one {} article (limit {} MB); not read. A collection of articles belongs in JSON Lines",
            size >> 20,
            format.name(),
            options.max_article_file_bytes >> 20
        ));
    }
    let mut bytes = head;
    bytes.reserve(size.saturating_sub(bytes.len() as u64) as usize);
    if let Err(e) = file.read_to_end(&mut bytes) {
        return Outcome::Skipped(describe_io(&e));
    }
    parse_bytes(&name, &bytes, options)
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
    let text: std::borrow::Cow<'_, str> = if text.contains('\r') {
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
    let (text, repeated) = hygiene::drop_repeated_paragraphs(&draft.text);
    let date = draft.date.map(|d| d.to_string());
    let (text_fingerprint, words) = hygiene::fingerprint_and_words(&text);
    let id = hygiene::article_id(
        text_fingerprint,
        draft.title.as_deref(),
        draft.outlet.as_deref(),
        date.as_deref(),
    );
    Article {
        id: ArticleId(id),
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
    let mut first_by_text: HashMap<u64, usize> = HashMap::with_capacity(articles.len());
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
