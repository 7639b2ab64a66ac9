//! The `claimscope` binary: parse arguments, call the library, turn outcomes into exit
//! codes (0 success, 1 the run failed, 2 bad usage).

mod cli;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use claimscope::commands::{self, Inputs, Outcome};
use claimscope::corpus::LoadOptions;
use cli::{AnalyzeArgs, Cli, Command, InputArgs};
use indicatif::{ProgressBar, ProgressStyle};

fn inputs(args: InputArgs) -> Inputs {
    let paths = if args.paths.is_empty() {
        vec!["seeds".to_owned()]
    } else {
        args.paths
    };
    Inputs {
        paths,
        load: LoadOptions::default(),
    }
}

/// The stage bar of `analyze`, drawn on stderr only when stderr is a terminal.
struct StageBar(ProgressBar);

impl StageBar {
    fn new() -> Self {
        if !io::stderr().is_terminal() {
            return Self(ProgressBar::hidden());
        }
        let bar = ProgressBar::new(0);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} [{bar:24}] {pos}/{len} {msg} ({elapsed})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        Self(bar)
    }
}

impl commands::Progress for StageBar {
    fn stage(&mut self, step: usize, steps: usize, name: &str) {
        self.0.set_length(steps as u64);
        self.0.set_position(step.saturating_sub(1) as u64);
        self.0.set_message(name.to_owned());
    }

    fn finish(&mut self) {
        self.0.finish_and_clear();
    }
}

/// stderr that lifts the bar out of the way of each whole line written.
struct AboveBar {
    bar: ProgressBar,
    pending: Vec<u8>,
}

impl AboveBar {
    fn new(bar: ProgressBar) -> Self {
        Self {
            bar,
            pending: Vec::new(),
        }
    }
}

impl Write for AboveBar {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(end) = self.pending.iter().rposition(|&b| b == b'\n') {
            let lines: Vec<u8> = self.pending.drain(..=end).collect();
            self.bar.suspend(|| io::stderr().write_all(&lines))?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.bar.suspend(|| io::stderr().write_all(&rest))?;
        }
        io::stderr().flush()
    }
}

impl Drop for AboveBar {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr();
    // No command: the report of seeds, as README's first command promises.
    let command = cli
        .command
        .unwrap_or_else(|| Command::Analyze(AnalyzeArgs::default()));
    let outcome = match command {
        Command::Ingest(a) => commands::ingest(&inputs(a.inputs), a.json, &mut out, &mut err)?,
        Command::Claims(a) => commands::claims(&inputs(a.inputs), a.json, &mut out, &mut err)?,
        Command::Contradictions(a) => {
            let config = commands::ContradictionsConfig {
                json: a.list.json,
                window_days: a.window,
                out_dir: a.out,
            };
            commands::contradictions(&inputs(a.list.inputs), &config, &mut out, &mut err)?
        }
        Command::Clusters(a) => {
            let config = commands::ClustersConfig {
                json: a.list.json,
                k: a.k.map(|k| usize::try_from(k).unwrap_or(usize::MAX)),
                seed: a.seed,
                save: a.save,
                model: a.model,
                engine: match a.engine {
                    cli::EngineArg::Spherical => claimscope::cluster::Engine::Spherical,
                    cli::EngineArg::Linfa => claimscope::cluster::Engine::Linfa,
                },
                bigrams: a.bigrams,
            };
            commands::clusters(&inputs(a.list.inputs), &config, &mut out, &mut err)?
        }
        Command::Outlets(a) => {
            let config = commands::OutletsConfig {
                json: a.list.json,
                lexicon: a.lexicon,
            };
            commands::outlets(&inputs(a.list.inputs), &config, &mut out, &mut err)?
        }
        Command::Analyze(a) => {
            let config = commands::AnalyzeConfig {
                out_dir: a.out,
                window_days: a.window,
                // The process exits after the report: the system frees its memory.
                free_at_end: false,
            };
            let mut bar = StageBar::new();
            let mut err = AboveBar::new(bar.0.clone());
            commands::analyze(&inputs(a.inputs), &config, &mut bar, &mut err)?
        }
        Command::Numbers(_) => {
            claimscope::claims::peer::run(io::stdin().lock(), &mut out)?;
            Outcome::Done
        }
    };
    out.flush()?;
    Ok(outcome)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::NoArticles) => ExitCode::from(1),
        Err(e) => {
            // A closed pipe (`claimscope claims | head`) is not a failure.
            if let Some(io_err) = e.downcast_ref::<io::Error>() {
                if io_err.kind() == io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
