//! The report of `claimscope analyze`: everything the stages found, gathered in one
//! [`Analysis`], written as the set of files a researcher takes away.
//!
//! This module owns the list of report files, the `analysis.json` document, and the
//! cross-references the renderers share ([`Index`]: a claim's article and group). Each
//! file's rendering lives in its own module (`html`, `notes`, `claims_csv`,
//! `markdown`, `contradictions`); this one writes them, atomically, and removes the
//! notes a previous run left for groups that no longer exist. It computes nothing new.

use std::collections::BTreeSet;
use std::path::Path;

use rustc_hash::FxHashMap;
use serde::Serialize;

use std::io::Write;

use super::{
    claims_csv, contradictions, html, json, markdown, notes, write_atomically,
    write_atomically_with,
};
use crate::align::{ClaimGroup, Verdict};
use crate::claims::{Claim, Measure};
use crate::cluster::{Cluster, KChoice};
use crate::corpus::{Article, ArticleId, Skipped};
use crate::framing::OutletProfile;
use crate::Error;

/// Version of `analysis.json`; raised when a field changes meaning or disappears.
pub const ANALYSIS_VERSION: u32 = 1;

/// A framing category as the reports describe it.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryInfo {
    pub name: String,
    pub description: String,
}

/// Everything one run of the pipeline found, borrowed from the stages.
pub struct Analysis<'a> {
    pub articles: &'a [Article],
    pub claims: &'a [Claim],
    /// Conflicts first, as `align::group_claims` orders them.
    pub groups: &'a [ClaimGroup],
    pub clusters: &'a [Cluster],
    /// How the number of topics was chosen; `None` when the corpus could not be
    /// clustered.
    pub topic_choice: Option<&'a KChoice>,
    /// Sorted by outlet name.
    pub outlets: &'a [OutletProfile],
    /// The framing lexicon's categories, in lexicon order.
    pub categories: &'a [CategoryInfo],
    pub window_days: i64,
    /// Input files that gave no article.
    pub skipped: &'a [Skipped],
}

/// The counts the summary line and the page header show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub articles: usize,
    pub claims: usize,
    pub groups: usize,
    pub conflicts: usize,
    pub changed: usize,
    pub agree: usize,
    pub single: usize,
    pub clusters: usize,
    pub outlets: usize,
    pub skipped_files: usize,
}

impl Analysis<'_> {
    pub fn summary(&self) -> Summary {
        let count = |v: Verdict| self.groups.iter().filter(|g| g.verdict == v).count();
        Summary {
            articles: self.articles.len(),
            claims: self.claims.len(),
            groups: self.groups.len(),
            conflicts: count(Verdict::Conflict),
            changed: count(Verdict::Changed),
            agree: count(Verdict::Agree),
            single: count(Verdict::Single),
            clusters: self.clusters.len(),
            outlets: self.outlets.len(),
            skipped_files: self.skipped.len(),
        }
    }
}

/// Lookups the renderers share: built once per report.
pub struct Index<'a> {
    claims: FxHashMap<&'a str, &'a Claim>,
    articles: FxHashMap<&'a ArticleId, &'a Article>,
    group_of_claim: FxHashMap<&'a str, &'a ClaimGroup>,
}

impl<'a> Index<'a> {
    pub fn new(a: &Analysis<'a>) -> Self {
        Self {
            claims: a.claims.iter().map(|c| (c.id.as_str(), c)).collect(),
            articles: a.articles.iter().map(|x| (&x.id, x)).collect(),
            group_of_claim: a
                .groups
                .iter()
                .flat_map(|g| g.claims.iter().map(move |c| (c.as_str(), g)))
                .collect(),
        }
    }

    pub fn claim(&self, id: &str) -> Option<&'a Claim> {
        self.claims.get(id).copied()
    }

    pub fn article(&self, id: &ArticleId) -> Option<&'a Article> {
        self.articles.get(id).copied()
    }

    pub fn group_of(&self, claim_id: &str) -> Option<&'a ClaimGroup> {
        self.group_of_claim.get(claim_id).copied()
    }

    /// A group's claims, in the group's order, skipping ids that name no claim.
    pub fn claims_of<'g>(&'g self, group: &'g ClaimGroup) -> impl Iterator<Item = &'a Claim> + 'g {
        group.claims.iter().filter_map(|id| self.claim(id))
    }
}

/// The name a measure has in the JSON outputs ("headcount", "volume_rate").
pub fn measure_name(m: Measure) -> String {
    serde_json::to_value(m)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `analysis.json`: every result of the run in one document.
#[derive(Serialize)]
struct AnalysisDocument<'a> {
    version: u32,
    window_days: i64,
    summary: Summary,
    framing_categories: &'a [CategoryInfo],
    articles: &'a [Article],
    claims: &'a [Claim],
    groups: &'a [ClaimGroup],
    clusters: &'a [Cluster],
    topic_choice: Option<&'a KChoice>,
    outlets: &'a [OutletProfile],
    skipped: &'a [Skipped],
}

/// `analysis.json`, one record per line, ending with a newline.
pub fn write_analysis_json(out: &mut dyn Write, a: &Analysis) -> std::io::Result<()> {
    json::write_document(
        &mut *out,
        &AnalysisDocument {
            version: ANALYSIS_VERSION,
            window_days: a.window_days,
            summary: a.summary(),
            framing_categories: a.categories,
            articles: a.articles,
            claims: a.claims,
            groups: a.groups,
            clusters: a.clusters,
            topic_choice: a.topic_choice,
            outlets: a.outlets,
            skipped: a.skipped,
        },
    )
}

/// What [`write_report`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Files written, relative to the output folder, in the order written.
    pub files: Vec<String>,
    /// Notes written (one per group that is not a single figure).
    pub notes: usize,
    /// Notes of an earlier run removed because their group no longer exists.
    pub removed: Vec<String>,
}

/// The notes folder inside the output folder.
pub const NOTES_DIR: &str = "notes";

/// Write every report file into `dir` (created if needed), each atomically. The same
/// analysis gives the same bytes: nothing depends on the clock or the output path.
pub fn write_report(dir: &Path, a: &Analysis) -> Result<Written, Error> {
    let index = Index::new(a);
    let index = &index;
    // Each file streams into its temporary: the large JSON documents are never held in
    // memory whole.
    let files: Vec<(String, Fill)> = vec![
        file("index.html", move |out| {
            out.write_all(html::page(a, index).as_bytes())
        }),
        file("contradictions.md", move |out| {
            contradictions::write_markdown(out, a.groups, a.claims, a.articles, a.window_days)
        }),
        file("contradictions.json", move |out| {
            contradictions::write_json(out, a.groups, a.claims, a.window_days)
        }),
        file("claims.csv", move |out| {
            claims_csv::write_claims_csv(out, a.claims, index).map_err(std::io::Error::other)
        }),
        file("outlets.md", move |out| {
            out.write_all(markdown::outlets(a).as_bytes())
        }),
        file("clusters.md", move |out| {
            out.write_all(markdown::clusters(a, index).as_bytes())
        }),
        file("analysis.json", move |out| write_analysis_json(out, a)),
        file(
            &format!("{NOTES_DIR}/{}", notes::REFERENCES_FILE),
            move |out| notes::write_references(out, a, index),
        ),
    ];
    let notes_dir = dir.join(NOTES_DIR);
    // The files are independent and the large ones take seconds each to render: all are
    // written at once, beside the notes. The list of files keeps its fixed order.
    let (written, notes) = std::thread::scope(|scope| {
        let writers: Vec<_> = files
            .into_iter()
            .map(|(name, fill)| {
                let path = dir.join(&name);
                (
                    name,
                    scope.spawn(move || write_atomically_with(&path, fill)),
                )
            })
            .collect();
        let notes = notes::note_names(a);
        let notes_written = write_notes(&notes_dir, &notes, index);
        let mut names = Vec::new();
        let mut first_error = notes_written.err();
        for (name, writer) in writers {
            match writer.join() {
                Ok(Ok(())) => names.push(name),
                Ok(Err(e)) => {
                    first_error.get_or_insert(e);
                }
                Err(_) => {
                    first_error.get_or_insert(Error::Write {
                        path: dir.join(&name),
                        source: std::io::Error::other("the writer stopped unexpectedly"),
                    });
                }
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok((names, notes)),
        }
    })?;
    let mut files = written;
    let mut names = BTreeSet::new();
    for (file_name, _) in &notes {
        files.push(format!("{NOTES_DIR}/{file_name}"));
        names.insert(file_name.as_str());
    }
    let removed = remove_stale_notes(&notes_dir, &names)?;
    Ok(Written {
        files,
        notes: notes.len(),
        removed,
    })
}

/// How one report file is filled, on a thread of its own.
type Fill<'a> = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 'a>;

fn file<'a>(
    name: &str,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 'a,
) -> (String, Fill<'a>) {
    (name.to_owned(), Box::new(fill))
}

/// Threads writing notes: each write waits on the disk, so several overlap.
const NOTE_WRITERS: usize = 8;

/// Render and write the notes atomically, several at a time, leaving a note whose
/// bytes are already on disk untouched (a rerun keeps unchanged notes as they were,
/// mtime too).
fn write_notes(
    notes_dir: &Path,
    notes: &[(String, &ClaimGroup)],
    index: &Index,
) -> Result<(), Error> {
    let write_one = |(file_name, group): &(String, &ClaimGroup)| -> Result<(), Error> {
        let path = notes_dir.join(file_name);
        let text = notes::note_text(group, index);
        match std::fs::read(&path) {
            Ok(old) if old == text.as_bytes() => Ok(()),
            _ => write_atomically(&path, text.as_bytes()),
        }
    };
    let chunk = notes.len().div_ceil(NOTE_WRITERS).max(1);
    std::thread::scope(|scope| {
        let writers: Vec<_> = notes
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().try_for_each(write_one)))
            .collect();
        writers.into_iter().try_for_each(|w| {
            w.join().unwrap_or_else(|_| {
                Err(Error::Write {
                    path: notes_dir.to_owned(),
                    source: std::io::Error::other("a note writer stopped unexpectedly"),
                })
            })
        })
    })
}

/// Remove the notes an earlier run wrote for groups this run no longer has: files whose
/// name follows the notes' pattern *and* whose front matter says claimscope wrote them.
/// Anything else in the folder (a researcher's own notes) is left alone.
fn remove_stale_notes(notes_dir: &Path, keep: &BTreeSet<&str>) -> Result<Vec<String>, Error> {
    let read_fail = |source| Error::Read {
        path: notes_dir.to_owned(),
        source,
    };
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(notes_dir).map_err(read_fail)? {
        let entry = entry.map_err(read_fail)?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if keep.contains(name.as_str()) || !notes::is_note_file_name(&name) {
            continue;
        }
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        if !is_file {
            continue;
        }
        // Only the first bytes are needed to recognise our front matter.
        let head = read_head(&entry.path(), 256);
        if notes::is_generated_note(&head) {
            stale.push(name);
        }
    }
    stale.sort();
    for name in &stale {
        let path = notes_dir.join(name);
        std::fs::remove_file(&path).map_err(|source| Error::Write { path, source })?;
    }
    Ok(stale)
}

fn read_head(path: &Path, max: u64) -> String {
    use std::io::Read;
    let mut head = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(max).read_to_end(&mut head);
    }
    String::from_utf8_lossy(&head).into_owned()
}
