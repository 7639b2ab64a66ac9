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
use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use serde::Serialize;

use std::io::Write;

use super::{
    claims_csv, contradictions, html, json, markdown, notes, write_atomically,
    write_atomically_with, write_pair_atomically,
};
use crate::align::{ClaimGroup, Verdict};
use crate::claims::{Claim, ClaimIndex, Measure};
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
    claims: ClaimIndex<'a>,
    articles: FxHashMap<&'a ArticleId, &'a Article>,
    groups: &'a [ClaimGroup],
    /// The group of each claim, by the claim's position; `NO_GROUP` for none.
    group_of_claim: Vec<u32>,
}

const NO_GROUP: u32 = u32::MAX;

impl<'a> Index<'a> {
    pub fn new(a: &Analysis<'a>) -> Self {
        let claims = ClaimIndex::new(a.claims);
        let mut group_of_claim = vec![NO_GROUP; a.claims.len()];
        for (g, group) in a.groups.iter().enumerate() {
            for id in &group.claims {
                if let Some(i) = claims.position(id) {
                    group_of_claim[i] = g as u32;
                }
            }
        }
        Self {
            claims,
            articles: a.articles.iter().map(|x| (&x.id, x)).collect(),
            groups: a.groups,
            group_of_claim,
        }
    }

    pub fn claim(&self, id: &str) -> Option<&'a Claim> {
        self.claims.get(id)
    }

    pub fn article(&self, id: &ArticleId) -> Option<&'a Article> {
        self.articles.get(id).copied()
    }

    pub fn group_of(&self, claim_id: &str) -> Option<&'a ClaimGroup> {
        let g = *self.group_of_claim.get(self.claims.position(claim_id)?)?;
        self.groups.get(g as usize)
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
    groups: &'a [ClaimGroup],
    claims: &'a [Claim],
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
            groups: a.groups,
            claims: a.claims,
            clusters: a.clusters,
            topic_choice: a.topic_choice,
            outlets: a.outlets,
            skipped: a.skipped,
        },
    )
}

/// `contradictions.json` and `analysis.json` in one pass: the groups and the claims,
/// most of the bytes of both, are rendered once and written to both (`contradictions.json`
/// takes the part that compares figures). Each document is byte for byte what
/// [`contradictions::write_json`] and [`write_analysis_json`] write.
pub fn write_json_documents(
    contradictions: &mut dyn Write,
    analysis: &mut dyn Write,
    a: &Analysis,
) -> std::io::Result<()> {
    // The groups and the claims are most of both documents: each is rendered once, for
    // the two, in the same place in both (after each document's own fields).
    let cited = contradictions::compared_claims(a.groups);
    let mut c = json::FieldWriter::begin(contradictions)?;
    c.field(contradictions, "version", &contradictions::JSON_VERSION)?;
    c.field(contradictions, "window_days", &a.window_days)?;
    c.field(
        contradictions,
        "single_figures",
        &contradictions::single_figures(a.groups),
    )?;
    let mut d = json::FieldWriter::begin(analysis)?;
    d.field(analysis, "version", &ANALYSIS_VERSION)?;
    d.field(analysis, "window_days", &a.window_days)?;
    d.field(analysis, "summary", &a.summary())?;
    d.field(analysis, "framing_categories", &a.categories)?;
    d.key(analysis, "articles")?;
    json::write_list(analysis, a.articles)?;
    c.key(contradictions, "groups")?;
    d.key(analysis, "groups")?;
    json::write_list_and_part(analysis, contradictions, a.groups, contradictions::compares)?;
    c.key(contradictions, "claims")?;
    d.key(analysis, "claims")?;
    json::write_list_and_part(analysis, contradictions, a.claims, |claim| {
        cited.contains(&*claim.id)
    })?;
    c.end(contradictions)?;
    d.field(analysis, "clusters", &a.clusters)?;
    d.field(analysis, "topic_choice", &a.topic_choice)?;
    d.field(analysis, "outlets", &a.outlets)?;
    d.field(analysis, "skipped", &a.skipped)?;
    d.end(analysis)
}

/// What [`write_report`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Files written, relative to the output folder: the report's files in a fixed order
    /// (`FILE_ORDER`), then the notes.
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
    // Each file streams into its temporary: the large JSON documents are never held in
    // memory whole.
    let contradictions_json = dir.join("contradictions.json");
    let analysis_json = dir.join("analysis.json");
    // The files that need no index start first: the index takes a moment to build on
    // a large corpus (half a second on a million claims, on one core), and the JSON
    // documents, the longest job, can be under way meanwhile.
    let without_index: Vec<(Vec<&str>, Job)> = vec![
        (
            vec!["contradictions.json", "analysis.json"],
            Box::new(move || {
                write_pair_atomically(&contradictions_json, &analysis_json, |c, d| {
                    write_json_documents(c, d, a)
                })
            }),
        ),
        file(dir, "contradictions.md", move |out| {
            contradictions::write_markdown(out, a.groups, a.claims, a.articles, a.window_days)
        }),
        file(dir, "outlets.md", move |out| {
            out.write_all(markdown::outlets(a).as_bytes())
        }),
    ];
    // Outside the scope, so that the threads started after it is built can borrow it.
    let index_cell = OnceLock::new();
    let notes_dir = dir.join(NOTES_DIR);
    // The files are independent and the large ones take seconds each to render: all are
    // written at once, beside the notes.
    let (mut written, notes) = std::thread::scope(|scope| {
        let mut writers: Vec<_> = without_index
            .into_iter()
            .map(|(names, job)| (names, scope.spawn(job)))
            .collect();
        let index = index_cell.get_or_init(|| Index::new(a));
        writers.extend(
            jobs_with_index(dir, a, index)
                .into_iter()
                .map(|(names, job)| (names, scope.spawn(job))),
        );
        let notes = notes::note_names(a);
        let notes_written = write_notes(&notes_dir, &notes, index);
        let mut names = Vec::new();
        let mut first_error = notes_written.err();
        for (written, writer) in writers {
            match writer.join() {
                Ok(Ok(())) => names.extend(written),
                Ok(Err(e)) => {
                    first_error.get_or_insert(e);
                }
                Err(_) => {
                    first_error.get_or_insert(Error::Write {
                        path: dir.join(written.first().copied().unwrap_or_default()),
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
    // The list of files keeps its fixed order, whatever order the writers finished in.
    debug_assert!(written.iter().all(|name| FILE_ORDER.contains(name)));
    written.sort_by_key(|name| FILE_ORDER.iter().position(|f| f == name));
    let mut files: Vec<String> = written.into_iter().map(str::to_owned).collect();
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

/// The report's files besides the notes, in the order [`Written::files`] lists them.
const FILE_ORDER: [&str; 8] = [
    "index.html",
    "contradictions.md",
    "contradictions.json",
    "claims.csv",
    "outlets.md",
    "clusters.md",
    "analysis.json",
    REFERENCES_PATH,
];

/// `notes/references.json`.
const REFERENCES_PATH: &str = "notes/references.json";

/// The jobs of the files that read the [`Index`].
fn jobs_with_index<'j>(
    dir: &'j Path,
    a: &'j Analysis<'_>,
    index: &'j Index<'_>,
) -> Vec<(Vec<&'j str>, Job<'j>)> {
    vec![
        file(dir, "index.html", move |out| {
            out.write_all(html::page(a, index).as_bytes())
        }),
        file(dir, "claims.csv", move |out| {
            claims_csv::write_claims_csv(out, a.claims, index).map_err(std::io::Error::other)
        }),
        file(dir, "clusters.md", move |out| {
            out.write_all(markdown::clusters(a, index).as_bytes())
        }),
        file(dir, REFERENCES_PATH, move |out| {
            notes::write_references(out, a, index)
        }),
    ]
}

/// Writing one or more report files, on a thread of its own.
type Job<'a> = Box<dyn FnOnce() -> Result<(), Error> + Send + 'a>;

/// The job that writes the file `name` in `dir` atomically, filled by `fill`.
fn file<'a>(
    dir: &'a Path,
    name: &'a str,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 'a,
) -> (Vec<&'a str>, Job<'a>) {
    (
        vec![name],
        Box::new(move || write_atomically_with(&dir.join(name), fill)),
    )
}

/// Most threads writing notes. Writes are not forced to disk, so a writer is busy, not
/// waiting: one per core, and few, since creating and renaming files in one folder
/// takes the folder's lock (on 100k articles, 8 writers on 2 cores spent about a fifth
/// more CPU time on the 48k notes than 2).
const MAX_NOTE_WRITERS: usize = 4;

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
    let writers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_NOTE_WRITERS);
    let chunk = notes.len().div_ceil(writers).max(1);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{group_claims, AlignModel, AlignOptions};
    use crate::claims::{extract_corpus, ClaimModels};

    fn article(id: &str, outlet: &str, text: &str) -> Article {
        Article {
            outlet: Some(outlet.into()),
            title: Some(format!("Title \"{id}\"")),
            ..Article::plain(id, text)
        }
    }

    /// Two articles, their claims and groups, one framing category.
    fn parts() -> (Vec<Article>, Vec<Claim>, Vec<ClaimGroup>, Vec<CategoryInfo>) {
        let articles = vec![
            article(
                "a1",
                "Alpha",
                "There are about 12,000 ISIS militants fighting in Afghanistan, officials said.",
            ),
            article(
                "b1",
                "Beta",
                "There are roughly 7,000 Islamic State militants in Afghanistan.",
            ),
            article(
                "c1",
                "Gamma",
                "About 12,000 ISIS militants fight in Afghanistan. The bridge is 300 metres long.",
            ),
        ];
        let models = ClaimModels::builtin();
        let claims = extract_corpus(&articles, models);
        assert!(claims.len() >= 2, "{claims:?}");
        let options = AlignOptions {
            window_days: 365,
            conversion_tolerance: models.cues.widths.conversion_tolerance,
        };
        let groups = group_claims(&claims, AlignModel::builtin(), &options, None);
        let categories = vec![CategoryInfo {
            name: "loaded".into(),
            description: "d".into(),
        }];
        (articles, claims, groups, categories)
    }

    fn analysis<'a>(
        (articles, claims, groups, categories): &'a (
            Vec<Article>,
            Vec<Claim>,
            Vec<ClaimGroup>,
            Vec<CategoryInfo>,
        ),
    ) -> Analysis<'a> {
        Analysis {
            articles,
            claims,
            groups,
            clusters: &[],
            topic_choice: None,
            outlets: &[],
            categories,
            window_days: 365,
            skipped: &[],
        }
    }

    #[test]
    fn json_documents_written_together_equal_each_written_alone() {
        let parts = parts();
        let a = analysis(&parts);
        let (groups, claims) = (&parts.2, &parts.1);
        // Groups that compare figures and single figures: contradictions.json takes a
        // part of each list.
        assert!(groups.iter().any(contradictions::compares));
        assert!(groups.iter().any(|g| !contradictions::compares(g)));
        let (mut contradictions, mut analysis) = (Vec::new(), Vec::new());
        write_json_documents(&mut contradictions, &mut analysis, &a).unwrap();
        let mut alone = Vec::new();
        contradictions::write_json(&mut alone, groups, claims, 365).unwrap();
        assert_eq!(
            String::from_utf8(contradictions).unwrap(),
            String::from_utf8(alone).unwrap()
        );
        let mut alone = Vec::new();
        write_analysis_json(&mut alone, &a).unwrap();
        assert_eq!(
            String::from_utf8(analysis).unwrap(),
            String::from_utf8(alone).unwrap()
        );
    }

    #[test]
    fn written_files_are_listed_in_a_fixed_order_then_the_notes() {
        let parts = parts();
        let dir = tempfile::tempdir().unwrap();
        let written = write_report(dir.path(), &analysis(&parts)).unwrap();
        assert_eq!(written.files[..FILE_ORDER.len()], FILE_ORDER);
        assert_eq!(written.files.len(), FILE_ORDER.len() + written.notes);
        assert!(written.files[FILE_ORDER.len()..]
            .iter()
            .all(|f| f.starts_with("notes/") && f.ends_with(".md")));
        for name in FILE_ORDER {
            assert!(dir.path().join(name).is_file(), "{name}");
        }
    }

    #[test]
    fn the_references_path_is_the_notes_folder_and_file() {
        assert_eq!(
            REFERENCES_PATH,
            format!("{NOTES_DIR}/{}", notes::REFERENCES_FILE)
        );
    }
}
