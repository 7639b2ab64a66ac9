//! The `claimscope` binary: parse arguments, call the library, turn outcomes into exit
//! codes (0 success, 1 the run failed, 2 bad usage).

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use claimscope::commands::{self, Inputs, Outcome};
use claimscope::corpus::LoadOptions;
use cli::{Cli, Command, InputArgs};

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

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr();
    let outcome = match cli.command {
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
