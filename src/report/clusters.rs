//! The clusters command's readable output: one row per topic, then the near-duplicate
//! pairs. JSON output is the `cluster::Cluster` records themselves.

use crate::cluster::Cluster;
use crate::report::table::Table;

/// Topics as a table: id, size, label, outlets (largest first), time span.
pub fn text_table(clusters: &[Cluster]) -> String {
    let mut table = Table::new(&[
        ("topic", 5),
        ("size", 6),
        ("label", 40),
        ("outlets", 60),
        ("dates", 23),
    ]);
    for c in clusters {
        let mut outlets: Vec<(&String, &usize)> = c.outlets.iter().collect();
        outlets.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let outlets = outlets
            .iter()
            .map(|(o, n)| format!("{o} ({n})"))
            .collect::<Vec<_>>()
            .join(", ");
        let dates = match (&c.first_date, &c.last_date) {
            (Some(a), Some(b)) if a == b => a.clone(),
            (Some(a), Some(b)) => format!("{a} – {b}"),
            _ => "undated".to_owned(),
        };
        table.push(vec![
            c.id.clone(),
            c.size.to_string(),
            c.label.clone(),
            outlets,
            dates,
        ]);
    }
    let mut out = table.render();
    let pairs: Vec<_> = clusters.iter().flat_map(|c| &c.near_duplicates).collect();
    if !pairs.is_empty() {
        out.push_str("\nnear-duplicate articles (TF-IDF cosine):\n");
        for p in pairs {
            out.push_str(&format!(
                "  {}  {}  {:.3}\n",
                p.articles[0].0, p.articles[1].0, p.cosine
            ));
        }
    }
    out
}
