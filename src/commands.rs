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
                c.outlet.clone().unwrap_or_default(),
                c.time.map(|d| d.to_string()).unwrap_or_default(),
                format!("{} ({})", c.text, c.qualifier.as_str()),
                format!("{:?}", c.measure).to_lowercase(),
                c.subject.clone(),
                c.quote.clone(),
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
    let stories = crate::vectorize::ArticleSignatures::fit(&corpus.articles);
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
        let md = doc::markdown(&groups, &claims, &corpus.articles, config.window_days);
        report::write_atomically(&dir.join("contradictions.md"), md.as_bytes())?;
        let json = serde_json::to_vec_pretty(&doc::ContradictionsDocument {
            version: 1,
            window_days: config.window_days,
            groups: &groups,
            claims: &claims,
        })?;
        report::write_atomically(&dir.join("contradictions.json"), &json)?;
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
