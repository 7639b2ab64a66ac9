//! Plain-text tables for terminals: columns padded to their widest cell, long cells cut
//! with an ellipsis so that one row stays one line.

use unicode_segmentation::UnicodeSegmentation;

use crate::text::whitespace_folded;

pub struct Table {
    headers: Vec<String>,
    max_widths: Vec<usize>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// `columns` are (header, maximum width in characters).
    pub fn new(columns: &[(&str, usize)]) -> Self {
        Self {
            headers: columns.iter().map(|(h, _)| (*h).to_owned()).collect(),
            max_widths: columns.iter().map(|(_, w)| *w).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    pub fn render(&self) -> String {
        let cells: Vec<Vec<String>> = std::iter::once(&self.headers)
            .chain(&self.rows)
            .map(|row| {
                row.iter()
                    .zip(&self.max_widths)
                    .map(|(cell, &max)| shorten(&whitespace_folded(cell), max))
                    .collect()
            })
            .collect();
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|c| {
                cells
                    .iter()
                    .map(|r| r.get(c).map_or(0, |s| width(s)))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for (i, row) in cells.iter().enumerate() {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                if c > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                if c + 1 < row.len() {
                    line.extend(std::iter::repeat_n(
                        ' ',
                        widths[c].saturating_sub(width(cell)),
                    ));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
            if i == 0 {
                let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
                out.push_str(&rule.join("  "));
                out.push('\n');
            }
        }
        out
    }
}

fn width(s: &str) -> usize {
    s.graphemes(true).count()
}

/// Cut to `max` characters, ending with "…" when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    let mut out: String = s.graphemes(true).take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_and_cuts() {
        let mut t = Table::new(&[("a", 10), ("b", 4)]);
        t.push(vec!["x".into(), "long cell".into()]);
        t.push(vec!["yy\nz".into(), "ok".into()]);
        assert_eq!(t.render(), "a     b\n----  ----\nx     lon…\nyy z  ok\n");
    }
}
