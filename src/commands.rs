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
    let corpus = read_corpus(inputs, err)?;
    if corpus.articles.is_empty() {
        return Ok(Outcome::NoArticles);
    }
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
    let corpus = read_corpus(inputs, err)?;
    if corpus.articles.is_empty() {
        return Ok(Outcome::NoArticles);
    }
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
