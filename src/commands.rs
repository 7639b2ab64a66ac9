//! What each command does, between a validated configuration and its output streams.
//!
//! The binary turns command-line arguments into these configurations; this module reads
//! the corpus, runs the stages and hands their results to `report`. It never parses
//! arguments and never decides exit codes beyond returning [`Outcome`].

use std::io::{self, Write};

use crate::corpus::{self, Corpus, LoadOptions};
use crate::report::{self, table::Table};

/// Where the articles come from.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Files, folders or `-`; never empty (the binary substitutes `seeds`).
    pub paths: Vec<String>,
    pub load: LoadOptions,
}

/// How a command ended, for the binary to turn into an exit code.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Nothing to work on: every input was skipped or empty.
    NoArticles,
}

/// Read the inputs and tell stderr what happened: one line per skipped file, one per
/// warning, then a summary.
pub fn read_corpus(inputs: &Inputs, err: &mut dyn Write) -> io::Result<Corpus> {
    let corpus = corpus::load(&inputs.paths, &inputs.load);
    let r = &corpus.report;
    for w in &r.warnings {
        writeln!(err, "warning: {}: {}", w.file, w.message)?;
    }
    for s in &r.skipped {
        writeln!(err, "skipped: {}: {}", s.file, s.reason)?;
    }
    writeln!(
        err,
        "read {} file{}: {} article{}, {} duplicate{} merged, {} repeated paragraph{} dropped, {} file{} skipped",
        r.files_read,
        plural(r.files_read),
        corpus.articles.len(),
        plural(corpus.articles.len()),
        r.duplicates_dropped,
        plural(r.duplicates_dropped),
        r.repeated_paragraphs,
        plural(r.repeated_paragraphs),
        r.skipped.len(),
        plural(r.skipped.len()),
    )?;
    if corpus.articles.is_empty() {
        writeln!(
            err,
            "error: no article was found in {}. Give files or folders of articles (plain text, HTML, RSS/Atom/JSON Feed, JSON Lines); see `claimscope --help`",
            inputs.paths.join(", ")
        )?;
    }
    Ok(corpus)
}

/// The corpus, or `None` when no article could be read (the reason is already on `err`).
fn read_articles(inputs: &Inputs, err: &mut dyn Write) -> io::Result<Option<Corpus>> {
    let corpus = read_corpus(inputs, err)?;
    Ok((!corpus.articles.is_empty()).then_some(corpus))
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `claimscope ingest`: list the articles found.
pub fn ingest(
    inputs: &Inputs,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let Some(corpus) = read_articles(inputs, err)? else {
        return Ok(Outcome::NoArticles);
    };
    if json {
        report::write_json_lines(out, &corpus.articles)?;
    } else {
        let mut table = Table::new(&[
            ("id", 16),
            ("file", 28),
            ("outlet", 28),
            ("author", 20),
            ("title", 50),
            ("date", 10),
            ("words", 6),
        ]);
        for a in &corpus.articles {
            table.push(vec![
                a.id.to_string(),
                a.file.clone(),
                a.outlet.clone().unwrap_or_default(),
                a.author.clone().unwrap_or_default(),
                a.title.clone().unwrap_or_default(),
                a.date.map(|d| d.to_string()).unwrap_or_default(),
                a.words.to_string(),
            ]);
        }
        out.write_all(table.render().as_bytes())?;
    }
    Ok(Outcome::Done)
}

/// `claimscope claims`: every numeric claim, one per row.
pub fn claims(
    inputs: &Inputs,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let Some(corpus) = read_articles(inputs, err)? else {
        return Ok(Outcome::NoArticles);
    };
    let claims =
        crate::claims::extract_corpus(&corpus.articles, crate::claims::ClaimModels::builtin());
    writeln!(
        err,
        "found {} claim{} in {} article{}",
        claims.len(),
        plural(claims.len()),
        corpus.articles.len(),
        plural(corpus.articles.len())
    )?;
    if json {
        report::write_json_lines(out, &claims)?;
    } else {
        let mut table = Table::new(&[
            ("outlet", 24),
            ("date", 10),
            ("value", 24),
            ("measure", 10),
            ("subject", 40),
            ("quote", 80),
        ]);
        for c in &claims {
            table.push(vec![
                c.outlet.as_deref().unwrap_or_default().to_owned(),
                c.time.map(|d| d.to_string()).unwrap_or_default(),
                format!("{} ({})", c.text, c.qualifier.as_str()),
                format!("{:?}", c.measure).to_lowercase(),
                c.subject.to_string(),
                String::from(&*c.quote),
            ]);
        }
        out.write_all(table.render().as_bytes())?;
    }
    Ok(Outcome::Done)
}

/// Options of `claimscope contradictions`.
#[derive(Debug, Clone)]
pub struct ContradictionsConfig {
    pub json: bool,
    /// Days within which disjoint figures conflict; beyond, they changed.
    pub window_days: i64,
    /// Where to write `contradictions.md` and `contradictions.json`, if anywhere.
    pub out_dir: Option<std::path::PathBuf>,
}

/// `claimscope contradictions`: claim groups with verdicts, conflicts first.
pub fn contradictions(
    inputs: &Inputs,
    config: &ContradictionsConfig,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    use crate::align::{group_claims, AlignModel, AlignOptions, Verdict};
    use crate::report::contradictions as doc;
    let Some(corpus) = read_articles(inputs, err)? else {
        return Ok(Outcome::NoArticles);
    };
    let models = crate::claims::ClaimModels::builtin();
    let claims = crate::claims::extract_corpus(&corpus.articles, models);
    let options = AlignOptions {
        window_days: config.window_days,
        conversion_tolerance: models.cues.widths.conversion_tolerance,
    };
    let stories = crate::vectorize::ArticleSignatures::fit(&corpus.articles, models.aliases);
    let groups = group_claims(&claims, AlignModel::builtin(), &options, Some(&stories));
    let count = |v: Verdict| groups.iter().filter(|g| g.verdict == v).count();
    writeln!(
        err,
        "{} claims in {} groups: {} conflict, {} changed, {} agree, {} single",
        claims.len(),
        groups.len(),
        count(Verdict::Conflict),
        count(Verdict::Changed),
        count(Verdict::Agree),
        count(Verdict::Single)
    )?;
    if let Some(dir) = &config.out_dir {
        report::write_atomically_with(&dir.join("contradictions.md"), |out| {
            doc::write_markdown(out, &groups, &claims, &corpus.articles, config.window_days)
        })?;
        report::write_atomically_with(&dir.join("contradictions.json"), |out| {
            doc::write_json(out, &groups, &claims, config.window_days)
        })?;
        writeln!(
            err,
            "wrote {} and {}",
            dir.join("contradictions.md").display(),
            dir.join("contradictions.json").display()
        )?;
    }
    if config.json {
        report::write_json_lines(out, &groups)?;
    } else {
        out.write_all(doc::text_table(&groups, &claims).as_bytes())?;
    }
    Ok(Outcome::Done)
}

/// What `claimscope clusters` was asked for.
#[derive(Debug, Clone)]
pub struct ClustersConfig {
    pub json: bool,
    /// Number of topics; `None` lets the silhouette choose.
    pub k: Option<usize>,
    pub seed: u64,
    /// Save the fitted model here.
    pub save: Option<std::path::PathBuf>,
    /// Assign to the topics of this saved model instead of fitting.
    pub model: Option<std::path::PathBuf>,
    pub engine: crate::cluster::Engine,
    /// Count bigrams as terms too (a saved model says for itself).
    pub bigrams: bool,
}

/// `claimscope clusters`: topics with their label terms, articles and outlets.
pub fn clusters(
    inputs: &Inputs,
    config: &ClustersConfig,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    use crate::cluster::{self, ClusterOptions, TopicModel};
    let options = ClusterOptions {
        engine: config.engine,
        k: config.k,
        seed: config.seed,
        tfidf: crate::vectorize::TfidfOptions {
            bigrams: config.bigrams,
            ..crate::vectorize::TfidfOptions::default()
        },
        ..ClusterOptions::default()
    };
    // Read the model first: a wrong model file should fail before a long read.
    let model = match &config.model {
        Some(path) => {
            let json = std::fs::read_to_string(path).map_err(|source| crate::Error::Read {
                path: path.clone(),
                source,
            })?;
            Some(TopicModel::from_json(&path.display().to_string(), &json)?)
        }
        None => None,
    };
    let Some(corpus) = read_articles(inputs, err)? else {
        return Ok(Outcome::NoArticles);
    };
    let clustering = match &model {
        Some(model) => cluster::assign_articles(&corpus.articles, model, options.near_duplicate),
        None => cluster::cluster_articles(&corpus.articles, &options)?,
    };
    let duplicates: usize = clustering
        .clusters
        .iter()
        .map(|c| c.near_duplicates.len())
        .sum();
    writeln!(
        err,
        "{} article{} in {} topic{} (k {}), {} near-duplicate pair{}",
        corpus.articles.len(),
        plural(corpus.articles.len()),
        clustering.clusters.len(),
        plural(clustering.clusters.len()),
        match clustering.k.by {
            "silhouette" => format!("= {}, chosen by mean silhouette", clustering.k.k),
            "model" => format!("= {}, from the saved model", clustering.k.k),
            _ => format!("= {}, as given", clustering.k.k),
        },
        duplicates,
        plural(duplicates),
    )?;
    if let Some(path) = &config.save {
        report::write_atomically(path, clustering.model.to_json().as_bytes())?;
        writeln!(err, "saved the topic model to {}", path.display())?;
    }
    if config.json {
        report::write_json_lines(out, &clustering.clusters)?;
    } else {
        out.write_all(report::clusters::text_table(&clustering.clusters).as_bytes())?;
    }
    Ok(Outcome::Done)
}

/// What `claimscope outlets` was asked for.
#[derive(Debug, Clone)]
pub struct OutletsConfig {
    pub json: bool,
    /// A framing lexicon to use instead of the built-in `models/framing.toml`.
    pub lexicon: Option<std::path::PathBuf>,
}

/// Read and check a framing lexicon file.
pub fn read_lexicon(path: &std::path::Path) -> Result<crate::framing::Lexicon, crate::Error> {
    let text = std::fs::read_to_string(path).map_err(|source| crate::Error::Read {
        path: path.to_owned(),
        source,
    })?;
    crate::framing::Lexicon::from_toml_str(&text, &path.display().to_string())
}

/// `claimscope outlets`: one framing profile per outlet, sorted by outlet name.
pub fn outlets(
    inputs: &Inputs,
    config: &OutletsConfig,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    use crate::framing::{profile_articles, Lexicon, ProfileOptions};
    // Check the lexicon before a long read.
    let user_lexicon = config.lexicon.as_deref().map(read_lexicon).transpose()?;
    let lexicon = user_lexicon.as_ref().unwrap_or_else(|| Lexicon::builtin());
    let Some(corpus) = read_articles(inputs, err)? else {
        return Ok(Outcome::NoArticles);
    };
    let profiles = profile_articles(
        &corpus.articles,
        crate::claims::ClaimModels::builtin(),
        lexicon,
        &ProfileOptions::default(),
    );
    let single = profiles.iter().filter(|p| p.single_article).count();
    writeln!(
        err,
        "profiled {} outlet{} from {} article{} ({} with a single article)",
        profiles.len(),
        plural(profiles.len()),
        corpus.articles.len(),
        plural(corpus.articles.len()),
        single,
    )?;
    if config.json {
        report::write_json_lines(out, &profiles)?;
    } else {
        let names: Vec<String> = lexicon
            .categories()
            .iter()
            .map(|c| c.name.clone())
            .collect();
        out.write_all(report::outlets::text_table(&profiles, &names).as_bytes())?;
    }
    Ok(Outcome::Done)
}

/// What `claimscope analyze` was asked for.
#[derive(Debug, Clone)]
pub struct AnalyzeConfig {
    /// Where the report files go (created if needed).
    pub out_dir: std::path::PathBuf,
    /// Days within which disjoint figures conflict; beyond, they changed.
    pub window_days: i64,
    /// Whether the articles, claims and groups are handed back to the allocator at the
    /// end. A process that exits right after can leave them to the system, which takes
    /// the whole heap back at once: on 100k articles, freeing the millions of small
    /// allocations one by one takes seconds.
    pub free_at_end: bool,
}

/// Progress of a long command, for the binary to draw (or not). The library only says
/// which stage it is in.
pub trait Progress {
    /// Stage `step` of `steps` (counted from 1) begins.
    fn stage(&mut self, step: usize, steps: usize, name: &str);
    /// The command is done; clear whatever was drawn.
    fn finish(&mut self);
}

/// Progress nobody watches.
pub struct NoProgress;

impl Progress for NoProgress {
    fn stage(&mut self, _step: usize, _steps: usize, _name: &str) {}
    fn finish(&mut self) {}
}

/// `claimscope analyze`: run every stage and write the report files into `out_dir`.
///
/// Per-article work (the word count with framing's matching riding on it, claims with
/// the attributed sentences) runs in parallel inside the stages; the outlet profiles
/// are made right after the claims, and alignment and topics then run side by side.
/// Ends with one summary line on `err`.
pub fn analyze(
    inputs: &Inputs,
    config: &AnalyzeConfig,
    progress: &mut dyn Progress,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    use crate::align::{group_claims, AlignModel, AlignOptions};
    use crate::cluster::{cluster_rows, ClusterOptions};
    use crate::framing::{
        claims_and_scores, distinctive_from_count, profile_outlets_from, with_framed_count,
        Lexicon, OutletGroups, ProfileOptions, MIN_TERM_CHARS,
    };
    use crate::report::analysis::{write_report, Analysis, CategoryInfo};
    use crate::vectorize::{ArticleSignatures, Signatures};

    const STEPS: usize = 5;
    let started = std::time::Instant::now();
    progress.stage(1, STEPS, "reading articles");
    let Some(corpus) = read_articles(inputs, err)? else {
        progress.finish();
        return Ok(Outcome::NoArticles);
    };
    let articles = &corpus.articles;

    // Topics and story signatures weigh the same counted words: one count, made before
    // the claims exist, so that the memory the count frees holds the claims and groups
    // instead of adding to them. The stories' rows become signatures (up to 64 terms
    // each) before the topics' rows are made.
    progress.stage(2, STEPS, "counting words");
    let cluster_options = ClusterOptions::default();
    let topic_options = &cluster_options.tfidf;
    let story_options = Signatures::options();
    let min_chars = topic_options
        .min_chars
        .min(story_options.min_chars)
        .min(MIN_TERM_CHARS);
    // Framing's lexicon is matched over the same tokens, and the outlets' distinctive
    // terms are read from the same count.
    let lexicon = Lexicon::builtin();
    let outlets = OutletGroups::of(articles);
    let profile_options = ProfileOptions::default();
    let (signatures, (topic_model, topic_rows), framings, distinctive) =
        with_framed_count(articles, min_chars, lexicon, |count, framings| {
            // Only each outlet's few distinctive terms are kept of the term counts.
            let distinctive = distinctive_from_count(&count, &outlets, &profile_options);
            let signatures = Signatures::from_rows(count.fit(&story_options).1);
            (
                signatures,
                count.fit_last(topic_options),
                framings,
                distinctive,
            )
        });

    // The claims stage splits every text into sentences; framing counts the sentences
    // that carry a source while they are at hand.
    progress.stage(3, STEPS, "finding claims, profiling outlets");
    let models = crate::claims::ClaimModels::builtin();
    let (claims, scores) = claims_and_scores(articles, models, framings);
    // Profiles are quick to make from the scores, and made here the scores are freed
    // before alignment and clustering need the memory.
    let profiles = profile_outlets_from(
        articles,
        &claims,
        &outlets,
        scores,
        distinctive,
        lexicon,
        &profile_options,
    );

    progress.stage(4, STEPS, "comparing claims, finding topics");
    let align_options = AlignOptions {
        window_days: config.window_days,
        conversion_tolerance: models.cues.widths.conversion_tolerance,
    };
    let (groups, clustering) = rayon::join(
        || {
            let stories = ArticleSignatures::with_signatures(articles, models.aliases, signatures);
            group_claims(
                &claims,
                AlignModel::builtin(),
                &align_options,
                Some(&stories),
            )
        },
        || cluster_rows(articles, topic_model, topic_rows, &cluster_options),
    );
    let clustering = match clustering {
        Ok(c) => Some(c),
        Err(e) => {
            writeln!(err, "warning: no topics: {e}")?;
            None
        }
    };
    let categories: Vec<CategoryInfo> = lexicon
        .categories()
        .iter()
        .map(|c| CategoryInfo {
            name: c.name.clone(),
            description: c.description.clone(),
        })
        .collect();
    let analysis = Analysis {
        articles,
        claims: &claims,
        groups: &groups,
        clusters: clustering.as_ref().map_or(&[], |c| c.clusters.as_slice()),
        topic_choice: clustering.as_ref().map(|c| &c.k),
        outlets: &profiles,
        categories: &categories,
        window_days: config.window_days,
        skipped: &corpus.report.skipped,
    };

    progress.stage(5, STEPS, "writing the report");
    let written = write_report(&config.out_dir, &analysis)?;
    progress.finish();
    for name in &written.removed {
        writeln!(
            err,
            "removed {}: a note of an earlier run whose group no longer exists",
            config
                .out_dir
                .join(crate::report::analysis::NOTES_DIR)
                .join(name)
                .display()
        )?;
    }
    let s = analysis.summary();
    writeln!(
        err,
        "analyzed {} article{}: {} claim{}, {} conflict{}, {} topic{}, {} outlet{} in {:.1} s; wrote {} files and {} note{} to {}",
        s.articles,
        plural(s.articles),
        s.claims,
        plural(s.claims),
        s.conflicts,
        plural(s.conflicts),
        s.clusters,
        plural(s.clusters),
        s.outlets,
        plural(s.outlets),
        started.elapsed().as_secs_f64(),
        written.files.len() - written.notes,
        written.notes,
        plural(written.notes),
        config.out_dir.display()
    )?;
    if !config.free_at_end {
        std::mem::forget((corpus, claims, groups, clustering, profiles));
    }
    Ok(Outcome::Done)
}
