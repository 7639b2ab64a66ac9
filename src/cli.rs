//! Command-line arguments. Parsed here, validated into the library's configurations, and
//! never seen by the library itself.

use clap::{Args, Parser, Subcommand};

/// Compare the numeric claims of news articles across outlets and measure how each
/// outlet frames its story.
#[derive(Debug, Parser)]
#[command(name = "claimscope", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the articles found in the inputs: id, file, outlet, author, title, date, words.
    ///
    /// Example: claimscope ingest seeds/ --json
    Ingest(ListArgs),
    /// List every numeric claim: outlet, date, value with its qualifier, measure,
    /// subject and the sentence it comes from.
    ///
    /// Example: claimscope claims seeds/ --json
    Claims(ListArgs),
    /// Group claims that speak of the same quantity and judge each group: conflict
    /// (disjoint figures for the same time), changed (disjoint figures for clearly
    /// different times), agree, or single. Conflicts come first.
    ///
    /// Example: claimscope contradictions seeds/ --window 365 --out reports/
    Contradictions(ContradictionsArgs),
    /// Find numbers in JSON Lines `{"id","text"}` read from stdin; print
    /// `{"id","found":[{"value","unit","span"}]}` per line.
    ///
    /// Example: echo '{"id":"1","text":"about 2,500 troops"}' | claimscope numbers --jsonl
    Numbers(NumbersArgs),
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or folders of articles (folders are read recursively); `-` reads stdin.
    /// Default: seeds
    #[arg(value_name = "PATHS")]
    pub paths: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Print JSON Lines (one object per line) instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NumbersArgs {
    /// Read and write JSON Lines (the only mode).
    #[arg(long, required = true)]
    pub jsonl: bool,
}

#[derive(Debug, Args)]
pub struct ContradictionsArgs {
    #[command(flatten)]
    pub list: ListArgs,
    /// Disjoint figures at most this many days apart conflict; further apart, they
    /// changed over time.
    #[arg(long, value_name = "DAYS", default_value_t = 365, value_parser = clap::value_parser!(i64).range(0..))]
    pub window: i64,
    /// Also write contradictions.md and contradictions.json into this folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<std::path::PathBuf>,
}
