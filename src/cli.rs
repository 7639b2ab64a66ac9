//! Command-line arguments. Parsed here, validated into the library's configurations, and
//! never seen by the library itself.

use clap::{Args, Parser, Subcommand};

/// Compare the numeric claims of news articles across outlets and measure how each
/// outlet frames its story.
#[derive(Debug, Parser)]
#[command(name = "claimscope", version, about, long_about = None)]
pub struct Cli {
    /// The command; none runs `analyze` on seeds into reports/.
    #[command(subcommand)]
    pub command: Option<Command>,
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
    /// Group articles into topics (stemmed TF-IDF, k-means): each topic with its label
    /// terms, articles, outlets and time span; near-duplicate articles are listed.
    ///
    /// Example: claimscope clusters seeds/ --k 4 --save models/seeds-topics.json
    Clusters(ClustersArgs),
    /// Profile each outlet's framing: loaded, threat, legitimacy, conspiracy, hedge,
    /// certainty, attribution and emotive terms per 1,000 words of its own voice
    /// (quoted speech counted apart), the share of sentences that name a source, its
    /// most distinctive words against the other outlets, and how it words its figures.
    ///
    /// Example: claimscope outlets seeds/ --json
    Outlets(OutletsArgs),
    /// Run everything and write the report into a folder: index.html (one page to
    /// open in a browser), contradictions.md/.json, claims.csv, outlets.md, clusters.md,
    /// analysis.json, and notes/ (one Markdown note per claim group, references.json
    /// in CSL-JSON). This is what `claimscope` with no command does, on seeds into
    /// reports/.
    ///
    /// Example: claimscope analyze corpus/ --out report/
    Analyze(AnalyzeArgs),
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

/// Where `analyze` writes when not told.
pub const DEFAULT_REPORT_DIR: &str = "reports";
/// Days within which disjoint figures conflict, when not told.
pub const DEFAULT_WINDOW_DAYS: i64 = 365;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Folder for the report files (created if needed; notes of groups that no longer
    /// exist are removed, nothing else).
    #[arg(long, value_name = "DIR", default_value = DEFAULT_REPORT_DIR)]
    pub out: std::path::PathBuf,
    /// Disjoint figures at most this many days apart conflict; further apart, they
    /// changed over time.
    #[arg(long, value_name = "DAYS", default_value_t = DEFAULT_WINDOW_DAYS, value_parser = clap::value_parser!(i64).range(0..))]
    pub window: i64,
}

impl Default for AnalyzeArgs {
    /// What `claimscope` with no command runs: seeds into reports/.
    fn default() -> Self {
        Self {
            inputs: InputArgs { paths: Vec::new() },
            out: DEFAULT_REPORT_DIR.into(),
            window: DEFAULT_WINDOW_DAYS,
        }
    }
}

#[derive(Debug, Args)]
pub struct ClustersArgs {
    #[command(flatten)]
    pub list: ListArgs,
    /// Number of topics. Default: chosen by the mean silhouette over 2..=40 on a
    /// sample of the articles.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub k: Option<u64>,
    /// Seed for the projection, the sample and k-means; the same seed gives the same
    /// output.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,
    /// Save the fitted topic model (vocabulary, IDF, projection, centroids, labels) as
    /// JSON to this file.
    #[arg(long, value_name = "FILE", conflicts_with = "model")]
    pub save: Option<std::path::PathBuf>,
    /// Assign the articles to the topics of a model saved with --save, without
    /// refitting.
    #[arg(long, value_name = "FILE", conflicts_with = "k")]
    pub model: Option<std::path::PathBuf>,
    /// k-means engine: spherical k-means on the sparse TF-IDF rows, or linfa's k-means
    /// on a 256-dimension random projection of them.
    #[arg(long, value_enum, default_value_t = EngineArg::Spherical)]
    pub engine: EngineArg,
    /// Also use bigrams as terms: adjacent pairs of non-stopword stems within a
    /// sentence, kept under the same document-frequency bounds as single stems. A
    /// model saved with bigrams reads them again with --model.
    #[arg(long, conflicts_with = "model")]
    pub bigrams: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EngineArg {
    Spherical,
    Linfa,
}

#[derive(Debug, Args)]
pub struct OutletsArgs {
    #[command(flatten)]
    pub list: ListArgs,
    /// Read the framing lexicon from this file instead of the built-in
    /// models/framing.toml (same format; copy that file to start).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<std::path::PathBuf>,
}
