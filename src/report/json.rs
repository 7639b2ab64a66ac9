//! The layout of the large JSON documents (`analysis.json`, `contradictions.json`):
//! records one per line. Pretty-printing every field of a million claims doubles the
//! file and the time to write it, while a single line cannot be read or diffed; one
//! record per line keeps both the size of compact JSON and a readable, line-diffable
//! file (`jq` pretty-prints any of it on demand).
//!
//! Owns only whitespace: the values are whatever `serde` gives. A document can also be
//! written field by field ([`FieldWriter`]) in the same layout, so that a list goes to
//! two documents at once, whole to one and in part to the other
//! ([`write_list_and_part`]).

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

/// Levels of a document laid out one element per line: the document's fields, then
/// the records of each list (a claim, a group, an article per line).
const RECORD_DEPTH: usize = 2;

/// Write a document with its fields, and the records of its lists, one per line, each
/// record compact; ending with a newline.
pub fn write_document(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    write_with_records(out, value, RECORD_DEPTH)
}

/// Write `value` with containers down to `depth` levels broken onto indented lines
/// (two spaces), and everything deeper compact, ending with a newline.
fn write_with_records(out: &mut dyn Write, value: &impl Serialize, depth: usize) -> io::Result<()> {
    let mut staged = Staged::new(out);
    let mut serializer = Serializer::with_formatter(
        &mut staged,
        RecordsPerLine {
            open: 0,
            depth,
            has_value: false,
        },
    );
    value.serialize(&mut serializer)?;
    staged.write_all(b"\n")?;
    staged.hand_on()
}

/// Bytes [`Staged`] gathers before handing them on.
const STAGED_BYTES: usize = 64 * 1024;

/// A buffer in front of a `dyn Write`. The serializer writes a value in many small
/// pieces (a quotation mark, a comma, a key), and each piece would otherwise be a call
/// through the trait object; here it is an append to a vector, and
/// the target gets blocks of [`STAGED_BYTES`].
struct Staged<'a> {
    out: &'a mut dyn Write,
    buf: Vec<u8>,
}

impl<'a> Staged<'a> {
    fn new(out: &'a mut dyn Write) -> Self {
        Self {
            out,
            buf: Vec::with_capacity(STAGED_BYTES + 4096),
        }
    }

    /// Hand the gathered bytes on, without flushing the target.
    fn hand_on(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
}

impl Write for Staged<'_> {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.buf.extend_from_slice(buf);
        if self.buf.len() >= STAGED_BYTES {
            self.hand_on()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.hand_on()?;
        self.out.flush()
    }
}

/// A document written one top-level field at a time, laid out exactly as
/// [`write_document`] lays it out. Lets a caller write a field's value once to two
/// documents at the same time ([`write_list_and_part`]): the groups and claims, most of
/// the bytes of both `contradictions.json` and `analysis.json`, are rendered once for
/// the two.
pub struct FieldWriter {
    fields: usize,
}

impl FieldWriter {
    /// Open the document's object.
    pub fn begin(out: &mut dyn Write) -> io::Result<Self> {
        out.write_all(b"{")?;
        Ok(Self { fields: 0 })
    }

    /// Write the next field's name; its value must follow ([`write_value`]).
    pub fn key(&mut self, out: &mut dyn Write, name: &str) -> io::Result<()> {
        if self.fields > 0 {
            out.write_all(b",")?;
        }
        self.fields += 1;
        out.write_all(b"\n  ")?;
        serde_json::to_writer(&mut *out, name)?;
        out.write_all(b": ")
    }

    /// Write the next field, name and value.
    pub fn field(
        &mut self,
        out: &mut dyn Write,
        name: &str,
        value: &impl Serialize,
    ) -> io::Result<()> {
        self.key(out, name)?;
        write_value(out, value)
    }

    /// Close the document's object and end the last line.
    pub fn end(self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.fields > 0 { b"\n}\n" } else { b"}\n" })
    }
}

/// A top-level field's value as [`write_document`] lays it out: its records one per
/// line, one level in.
pub fn write_value(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let mut staged = Staged::new(out);
    let mut serializer = Serializer::with_formatter(
        &mut staged,
        RecordsPerLine {
            open: 1,
            depth: RECORD_DEPTH,
            has_value: false,
        },
    );
    value.serialize(&mut serializer)?;
    staged.hand_on()
}

/// Records rendered at once per round of [`write_list`]: about 8 MB of claims, so that
/// a round's text is held briefly and the rayon threads share it in pieces of
/// [`RECORDS_PER_PIECE`].
const RECORDS_PER_ROUND: usize = 1 << 13;

/// Records one rayon task renders into one piece of text.
const RECORDS_PER_PIECE: usize = 256;

/// A top-level field's list, laid out as [`write_value`] lays it out (one record per
/// line, one level in), its records rendered in parallel. The large lists (claims,
/// groups) take most of the time of writing a report, and a record's text depends on
/// the record alone: inside the layout's outer levels, a record is compact JSON.
pub fn write_list<T: Serialize + Sync>(out: &mut dyn Write, items: &[T]) -> io::Result<()> {
    write_lists(Some(out), None, items, |_| false)
}

/// [`write_list`] of the items `keep` picks, the others skipped.
pub fn write_part<T: Serialize + Sync>(
    out: &mut dyn Write,
    items: &[T],
    keep: impl Fn(&T) -> bool + Sync,
) -> io::Result<()> {
    write_lists(None, Some(out), items, keep)
}

/// [`write_list`] of `items` into `all` and of the items `keep` picks into `part`, each
/// record rendered once for both (two documents that share a list and one of its parts).
pub fn write_list_and_part<T: Serialize + Sync>(
    all: &mut dyn Write,
    part: &mut dyn Write,
    items: &[T],
    keep: impl Fn(&T) -> bool + Sync,
) -> io::Result<()> {
    write_lists(Some(all), Some(part), items, keep)
}

/// One list as [`write_list`] lays it out, written as it is rendered.
struct ListOut<'a> {
    out: &'a mut dyn Write,
    records: usize,
}

impl ListOut<'_> {
    fn record(&mut self, record: &[u8]) -> io::Result<()> {
        let separator: &[u8] = if self.records == 0 {
            b"[\n    "
        } else {
            b",\n    "
        };
        self.records += 1;
        self.out.write_all(separator)?;
        self.out.write_all(record)
    }

    fn end(self) -> io::Result<()> {
        self.out
            .write_all(if self.records == 0 { b"[]" } else { b"\n  ]" })
    }
}

/// The list of `items` into `all`, and of the items `keep` picks into `part`, each
/// record rendered once (in parallel, in rounds) and only when some output takes it.
fn write_lists<T: Serialize + Sync>(
    all: Option<&mut dyn Write>,
    part: Option<&mut dyn Write>,
    items: &[T],
    keep: impl Fn(&T) -> bool + Sync,
) -> io::Result<()> {
    use rayon::prelude::*;
    let wants_all = all.is_some();
    let mut all = all.map(|out| ListOut { out, records: 0 });
    let mut part = part.map(|out| ListOut { out, records: 0 });
    for records in items.chunks(RECORDS_PER_ROUND) {
        // Each piece: the records' text and, per record, where it ends and whether the
        // part takes it (records neither output takes are not rendered).
        type Piece = (Vec<u8>, Vec<(usize, bool)>);
        let pieces: Vec<io::Result<Piece>> = records
            .par_chunks(RECORDS_PER_PIECE)
            .map(|records| {
                let mut text = Vec::with_capacity(records.len() * 512);
                let mut ends = Vec::with_capacity(records.len());
                for record in records {
                    let kept = keep(record);
                    if wants_all || kept {
                        serde_json::to_writer(&mut text, record)?;
                        ends.push((text.len(), kept));
                    }
                }
                Ok((text, ends))
            })
            .collect();
        for piece in pieces {
            let (text, ends) = piece?;
            let mut start = 0;
            for (end, kept) in ends {
                let record = &text[start..end];
                start = end;
                if let Some(all) = all.as_mut() {
                    all.record(record)?;
                }
                if kept {
                    if let Some(part) = part.as_mut() {
                        part.record(record)?;
                    }
                }
            }
        }
    }
    if let Some(all) = all {
        all.end()?;
    }
    match part {
        Some(part) => part.end(),
        None => Ok(()),
    }
}

/// A formatter that indents like `serde_json`'s pretty one for the outer `depth`
/// levels of nesting and writes compactly inside them.
struct RecordsPerLine {
    /// Containers open at this point.
    open: usize,
    /// Levels laid out one element per line.
    depth: usize,
    /// Whether the innermost open container holds a value yet.
    has_value: bool,
}

impl RecordsPerLine {
    /// Whether the innermost open container lays out its elements one per line.
    fn broken(&self) -> bool {
        self.open <= self.depth
    }

    fn new_line<W: ?Sized + Write>(&self, w: &mut W, level: usize) -> io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn begin<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.open += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn end<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        let broken = self.broken();
        self.open -= 1;
        if broken && self.has_value {
            self.new_line(w, self.open)?;
        }
        w.write_all(bracket)
    }

    fn element<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.broken() {
            self.new_line(w, self.open)?;
        }
        Ok(())
    }
}

impl Formatter for RecordsPerLine {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.element(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.element(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(if self.broken() { b": " } else { b":" })
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(value: &serde_json::Value, depth: usize) -> String {
        let mut out = Vec::new();
        write_with_records(&mut out, value, depth).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn records_sit_one_per_line_and_are_compact_inside() {
        let doc = json!({
            "version": 1,
            "claims": [{"id": "a", "span": [1, 2]}, {"id": "b", "span": []}],
            "empty": [],
            "none": {}
        });
        // (`json!` sorts the keys.)
        let want = "{\n  \"claims\": [\n    {\"id\":\"a\",\"span\":[1,2]},\n    {\"id\":\"b\",\"span\":[]}\n  ],\n  \"empty\": [],\n  \"none\": {},\n  \"version\": 1\n}\n";
        assert_eq!(render(&doc, 2), want);
    }

    #[test]
    fn the_layout_changes_whitespace_only() {
        let doc = json!({"a": [1, {"b": [true, null, "x\ny"]}], "c": {"d": {"e": 2.5}}, "f": []});
        for depth in 0..5 {
            let text = render(&doc, depth);
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, doc, "depth {depth}");
        }
        assert_eq!(
            render(&doc, 0),
            format!("{}\n", serde_json::to_string(&doc).unwrap())
        );
        assert_eq!(
            render(&doc, 10),
            format!("{}\n", serde_json::to_string_pretty(&doc).unwrap())
        );
    }

    /// A writer that writes every byte to two writers.
    struct Both<'a>(pub &'a mut dyn Write, pub &'a mut dyn Write);

    impl Write for Both<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.write_all(buf)?;
            self.1.write_all(buf)?;
            Ok(buf.len())
        }

        fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
            self.0.write_all(buf)?;
            self.1.write_all(buf)
        }

        fn flush(&mut self) -> io::Result<()> {
            self.0.flush()?;
            self.1.flush()
        }
    }

    /// Values far larger than the staging buffer come out whole and in order, written
    /// alone or field by field to two documents at once.
    #[test]
    fn values_larger_than_the_staging_buffer_are_written_whole() {
        let claims: Vec<serde_json::Value> = (0..20_000)
            .map(|i| json!({"id": format!("c{i}"), "quote": "say \"hi\"\n", "n": i}))
            .collect();
        let doc = json!({"claims": claims, "version": 1});
        let text = render(&doc, 0);
        assert!(text.len() > 4 * STAGED_BYTES);
        assert_eq!(text, format!("{}\n", serde_json::to_string(&doc).unwrap()));

        let (mut first, mut second) = (Vec::new(), Vec::new());
        let mut a = FieldWriter::begin(&mut first).unwrap();
        let mut b = FieldWriter::begin(&mut second).unwrap();
        a.key(&mut first, "claims").unwrap();
        b.key(&mut second, "claims").unwrap();
        write_value(&mut Both(&mut first, &mut second), &doc["claims"]).unwrap();
        a.field(&mut first, "version", &1).unwrap();
        a.end(&mut first).unwrap();
        b.end(&mut second).unwrap();
        let mut whole = Vec::new();
        write_document(&mut whole, &doc).unwrap();
        assert_eq!(first, whole);
        let mut claims_only = Vec::new();
        write_document(&mut claims_only, &json!({"claims": doc["claims"]})).unwrap();
        assert_eq!(second, claims_only);
    }

    /// Lists rendered in parallel are byte for byte the lists [`write_value`] writes:
    /// empty, one record, records of every shape, more than a round of them.
    #[test]
    fn lists_rendered_in_parallel_equal_lists_written_in_order() {
        let record = |i: usize| match i % 4 {
            0 => json!({"id": format!("c{i}"), "quote": "say \"hi\"\n\u{1}é", "span": [i, i + 1]}),
            1 => json!([]),
            2 => json!({"nested": {"a": [{"b": []}, {}], "n": null}, "x": 2.5e-7}),
            _ => json!(i),
        };
        for n in [0, 1, 2, RECORDS_PER_PIECE + 1, RECORDS_PER_ROUND * 2 + 3] {
            let items: Vec<serde_json::Value> = (0..n).map(record).collect();
            let (mut in_order, mut in_parallel) = (Vec::new(), Vec::new());
            write_value(&mut in_order, &items).unwrap();
            write_list(&mut in_parallel, &items).unwrap();
            assert!(in_order == in_parallel, "{n} records differ");
        }
    }

    /// A list and a part of it written at once are the lists [`write_list`] writes of
    /// the whole and of the part; the part alone ([`write_part`]) too.
    #[test]
    fn a_list_and_its_part_are_written_at_once() {
        for n in [0, 1, 2, RECORDS_PER_PIECE + 1, RECORDS_PER_ROUND * 2 + 3] {
            let items: Vec<serde_json::Value> =
                (0..n).map(|i| json!({"id": i, "q": "a\"b"})).collect();
            let keeps: [&(dyn Fn(&serde_json::Value) -> bool + Sync); 4] = [
                &|_| false,
                &|_| true,
                &|v| v["id"].as_u64().unwrap() % 3 == 1,
                &|v| v["id"].as_u64().unwrap() + 1 == n as u64,
            ];
            for keep in keeps {
                let part: Vec<&serde_json::Value> = items.iter().filter(|v| keep(v)).collect();
                let (mut want_all, mut want_part) = (Vec::new(), Vec::new());
                write_list(&mut want_all, &items).unwrap();
                write_list(&mut want_part, &part).unwrap();
                let (mut all, mut some, mut alone) = (Vec::new(), Vec::new(), Vec::new());
                write_list_and_part(&mut all, &mut some, &items, keep).unwrap();
                write_part(&mut alone, &items, keep).unwrap();
                assert!(all == want_all, "{n} records: the list differs");
                assert!(some == want_part, "{n} records: the part differs");
                assert!(alone == want_part, "{n} records: the part alone differs");
            }
        }
    }

    #[derive(Serialize)]
    struct Doc {
        version: u32,
        claims: Vec<serde_json::Value>,
        empty: Vec<u32>,
        nested: serde_json::Value,
        name: &'static str,
    }

    #[test]
    fn fields_written_one_by_one_lay_out_as_the_whole_document() {
        let doc = Doc {
            version: 1,
            claims: vec![
                json!({"id": "a", "span": [1, 2]}),
                json!({"q": "say \"hi\"\n"}),
            ],
            empty: vec![],
            nested: json!({"a": [{"b": []}], "c": {}}),
            name: "x\u{1}y",
        };
        let mut whole = Vec::new();
        write_document(&mut whole, &doc).unwrap();

        // The claims go to two documents at once; the second has no other field.
        let (mut by_field, mut claims_only) = (Vec::new(), Vec::new());
        let mut first = FieldWriter::begin(&mut by_field).unwrap();
        let mut second = FieldWriter::begin(&mut claims_only).unwrap();
        first.field(&mut by_field, "version", &doc.version).unwrap();
        first.key(&mut by_field, "claims").unwrap();
        second.key(&mut claims_only, "claims").unwrap();
        write_value(&mut Both(&mut by_field, &mut claims_only), &doc.claims).unwrap();
        first.field(&mut by_field, "empty", &doc.empty).unwrap();
        first.field(&mut by_field, "nested", &doc.nested).unwrap();
        first.field(&mut by_field, "name", &doc.name).unwrap();
        first.end(&mut by_field).unwrap();
        second.end(&mut claims_only).unwrap();

        assert_eq!(
            String::from_utf8(by_field).unwrap(),
            String::from_utf8(whole).unwrap()
        );
        let mut claims_whole = Vec::new();
        write_document(&mut claims_whole, &json!({"claims": doc.claims})).unwrap();
        assert_eq!(claims_only, claims_whole);

        let mut none = Vec::new();
        FieldWriter::begin(&mut none)
            .unwrap()
            .end(&mut none)
            .unwrap();
        let mut empty_whole = Vec::new();
        write_document(&mut empty_whole, &json!({})).unwrap();
        assert_eq!(none, empty_whole);
    }
}
