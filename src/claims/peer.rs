//! The `numbers --jsonl` contract (placeholder until the parser lands).

use std::io::{BufRead, Write};

/// Read `{"id","text"}` lines, write `{"id","found":[...]}` lines.
pub fn run(_input: impl BufRead, _output: impl Write) -> std::io::Result<usize> {
    Ok(0)
}
