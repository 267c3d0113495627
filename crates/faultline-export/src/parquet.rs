//! `--format parquet`: a folder of Parquet files, partitioned Hive-style
//! by year and month (`year=2022/month=06/part-00000.parquet`).
//!
//! Rows are written one partition at a time: the store hands events,
//! documents and clusters over in date order
//! ([`Snapshot::for_each_event_by_date`] and the like), so
//! only one file is open and memory holds one batch of rows plus the row
//! group being encoded, whatever the size of the table. Each row goes
//! through its table's row type and [`fields`], exactly as a CSV row does,
//! so the Parquet columns are the CSV columns by construction; only their
//! types differ ([`Kind`]). `year` and `month` are partition keys, read
//! from the folder names, and are not stored in the files.
//!
//! A file is written under a hidden name (`.part-00000.parquet.partial`)
//! and renamed when complete, so a reader never sees half a file.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{
    Float64Builder, Int32Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use faultline_store::{Date as EventDate, Snapshot};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::rows::{
    ClusterRow, Column, DocumentRow, EventRow, Kind, CLUSTER_COLUMNS, DOCUMENT_COLUMNS,
    EVENT_COLUMNS,
};
use crate::text::fields;
use crate::{ExportError, Table};

/// Rows of a row group at most: 64 Ki, the size readers expect.
const ROW_GROUP_ROWS: usize = 64 * 1024;
/// Encoded bytes of a row group at most, so that a table of long
/// documents makes smaller row groups instead of holding gigabytes.
const ROW_GROUP_BYTES: usize = 128 << 20;
/// Bytes of a data page, and of a column's dictionary, at most. Every
/// column keeps its page and dictionary in memory until they are full, so
/// this bounds the writer's memory: 30 columns of 1 MiB (Parquet's
/// default) would be 60 MiB once partitions are large.
const PAGE_BYTES: usize = 128 << 10;

/// Text columns whose values are nearly all distinct: a dictionary would
/// only grow (to its page limit, per column, in memory) and then be
/// dropped, so they are written plain.
const DISTINCT_TEXT: [&str; 6] = ["evidence", "doc_id", "url", "title", "text", "content_hash"];

/// Rows gathered in memory before they are handed to the writer, at most
/// this many or this many bytes of JSON.
const BATCH_ROWS: usize = 1024;
const BATCH_BYTES: usize = 16 << 20;

/// Writes `table` into the folder `dir`, which must be new or empty.
pub(crate) fn export(snapshot: &Snapshot<'_>, table: Table, dir: &Path) -> Result<(), ExportError> {
    prepare_dir(dir)?;
    match table {
        Table::Events => {
            let mut out = PartitionedWriter::new(dir, &EVENT_COLUMNS);
            snapshot.for_each_event_by_date(|e| {
                out.write(Partition::of(&e.event.date), &EventRow::new(&e))
            })?;
            out.finish()
        }
        Table::Documents => {
            let mut out = PartitionedWriter::new(dir, &DOCUMENT_COLUMNS);
            snapshot.for_each_document_by_date(|d| {
                out.write(Partition::of(&d.doc_date), &DocumentRow::new(&d))
            })?;
            out.finish()
        }
        Table::Clusters => {
            let mut out = PartitionedWriter::new(dir, &CLUSTER_COLUMNS);
            snapshot.for_each_cluster_by_date(|c| {
                out.write(Partition::of(&c.first_date), &ClusterRow::new(&c))
            })?;
            out.finish()
        }
    }
}

/// Creates `dir`, or checks that it is an empty folder: an export never
/// mixes its files with others, nor removes any.
fn prepare_dir(dir: &Path) -> Result<(), ExportError> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(ExportError::NotEmpty(dir.to_path_buf()));
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(dir)
            .map_err(|e| ExportError::file("cannot create the folder", dir, e)),
        Err(e) => Err(ExportError::file("cannot use as a folder", dir, e)),
    }
}

/// The Hive partition of a row: the year and month of its date, month
/// `0` when the date is known only to the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Partition {
    Month { year: i32, month: u32 },
}

impl Partition {
    fn of(date: &EventDate) -> Partition {
        Partition::Month {
            year: date.year(),
            month: date.month().unwrap_or(0),
        }
    }

    /// The folder, relative to the export's.
    fn folder(self) -> PathBuf {
        match self {
            Partition::Month { year, month } => {
                Path::new(&format!("year={year:04}")).join(format!("month={month:02}"))
            }
        }
    }
}

/// Writes rows that arrive grouped by partition, one file at a time.
struct PartitionedWriter {
    dir: PathBuf,
    schema: SchemaRef,
    batch: Batch,
    file: Option<PartFile>,
    /// Files begun so far in each partition: a partition seen again (only
    /// possible for [`Partition::Unknown`] rows) gets a new file.
    files: HashMap<Partition, u32>,
}

/// The file being written.
struct PartFile {
    partition: Partition,
    partial: PathBuf,
    path: PathBuf,
    writer: ArrowWriter<File>,
}

impl PartitionedWriter {
    fn new(dir: &Path, columns: &'static [Column]) -> PartitionedWriter {
        let fields: Vec<Field> = columns
            .iter()
            .map(|c| Field::new(c.name, data_type(c.kind), true))
            .collect();
        PartitionedWriter {
            dir: dir.to_path_buf(),
            schema: Arc::new(Schema::new(fields)),
            batch: Batch::new(columns),
            file: None,
            files: HashMap::new(),
        }
    }

    fn write(&mut self, partition: Partition, row: &impl Serialize) -> Result<(), ExportError> {
        if self.file.as_ref().map(|f| f.partition) != Some(partition) {
            self.close_file()?;
            self.file = Some(self.open_file(partition)?);
        }
        let json = serde_json::to_string(row).map_err(io::Error::from)?;
        self.batch.push(&json)?;
        if self.batch.rows >= BATCH_ROWS || self.batch.bytes >= BATCH_BYTES {
            self.write_batch()?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(), ExportError> {
        self.close_file()
    }

    fn open_file(&mut self, partition: Partition) -> Result<PartFile, ExportError> {
        let n = self.files.entry(partition).or_insert(0);
        let name = format!("part-{:05}.parquet", *n);
        *n += 1;
        let folder = self.dir.join(partition.folder());
        fs::create_dir_all(&folder)
            .map_err(|e| ExportError::file("cannot create the folder", &folder, e))?;
        let partial = folder.join(format!(".{name}.partial"));
        let path = folder.join(name);
        let file =
            File::create(&partial).map_err(|e| ExportError::file("cannot create", &partial, e))?;
        let mut props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
            .set_data_page_size_limit(PAGE_BYTES)
            .set_dictionary_page_size_limit(PAGE_BYTES);
        for name in DISTINCT_TEXT {
            if self.schema.field_with_name(name).is_ok() {
                props = props.set_column_dictionary_enabled(ColumnPath::from(name), false);
            }
        }
        let props = props.build();
        let writer = ArrowWriter::try_new(file, self.schema.clone(), Some(props))
            .map_err(|e| ExportError::parquet(&partial, e))?;
        Ok(PartFile {
            partition,
            partial,
            path,
            writer,
        })
    }

    /// Hands the gathered rows to the open file.
    fn write_batch(&mut self) -> Result<(), ExportError> {
        if self.batch.rows == 0 {
            return Ok(());
        }
        let batch = self.batch.take(&self.schema)?;
        if let Some(f) = &mut self.file {
            f.writer
                .write(&batch)
                .map_err(|e| ExportError::parquet(&f.partial, e))?;
        }
        Ok(())
    }

    /// Writes the rest of the rows and the footer, then gives the file its
    /// real name.
    fn close_file(&mut self) -> Result<(), ExportError> {
        self.write_batch()?;
        let Some(f) = self.file.take() else {
            return Ok(());
        };
        let closed = f
            .writer
            .close()
            .map_err(|e| ExportError::parquet(&f.partial, e))
            .and_then(|_| {
                fs::rename(&f.partial, &f.path)
                    .map_err(|e| ExportError::file("cannot rename", &f.partial, e))
            });
        if closed.is_err() {
            let _ = fs::remove_file(&f.partial);
        }
        closed
    }
}

/// An export that failed leaves its complete files, not the one it was
/// writing.
impl Drop for PartitionedWriter {
    fn drop(&mut self) {
        if let Some(f) = self.file.take() {
            drop(f.writer);
            let _ = fs::remove_file(&f.partial);
        }
    }
}

fn data_type(kind: Kind) -> DataType {
    match kind {
        Kind::Int64 => DataType::Int64,
        Kind::Int32 => DataType::Int32,
        Kind::Float64 => DataType::Float64,
        Kind::Utf8 => DataType::Utf8,
        Kind::Int64List => DataType::List(Arc::new(Field::new_list_field(DataType::Int64, true))),
    }
}

/// Rows gathered column by column.
struct Batch {
    columns: &'static [Column],
    builders: Vec<Builder>,
    rows: usize,
    /// JSON bytes of the gathered rows.
    bytes: usize,
}

impl Batch {
    fn new(columns: &'static [Column]) -> Batch {
        Batch {
            columns,
            builders: columns.iter().map(|c| Builder::new(c.kind)).collect(),
            rows: 0,
            bytes: 0,
        }
    }

    /// Adds a row given as the JSON of its row type.
    fn push(&mut self, json: &str) -> Result<(), ExportError> {
        let fields = fields(json)?;
        if fields.len() != self.columns.len() {
            return Err(ExportError::Row(format!(
                "a row has {} fields, its table {} columns",
                fields.len(),
                self.columns.len()
            )));
        }
        for ((column, (name, value)), builder) in
            self.columns.iter().zip(&fields).zip(&mut self.builders)
        {
            debug_assert_eq!(column.name, name);
            builder.append(value).map_err(|_| {
                ExportError::Row(format!(
                    "column {}: cannot store {}",
                    column.name,
                    value.get()
                ))
            })?;
        }
        self.rows += 1;
        self.bytes += json.len();
        Ok(())
    }

    /// The gathered rows as a record batch; the builders start again empty.
    fn take(&mut self, schema: &SchemaRef) -> Result<RecordBatch, ExportError> {
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        self.rows = 0;
        self.bytes = 0;
        RecordBatch::try_new(schema.clone(), arrays).map_err(|e| ExportError::Row(e.to_string()))
    }
}

/// The builder of one column.
enum Builder {
    Int64(Int64Builder),
    Int32(Int32Builder),
    Float64(Float64Builder),
    Utf8(StringBuilder),
    Int64List(ListBuilder<Int64Builder>),
}

impl Builder {
    fn new(kind: Kind) -> Builder {
        match kind {
            Kind::Int64 => Builder::Int64(Int64Builder::new()),
            Kind::Int32 => Builder::Int32(Int32Builder::new()),
            Kind::Float64 => Builder::Float64(Float64Builder::new()),
            Kind::Utf8 => Builder::Utf8(StringBuilder::new()),
            Kind::Int64List => Builder::Int64List(ListBuilder::new(Int64Builder::new())),
        }
    }

    /// Appends a JSON value: `null` as null, a string as its text, other
    /// JSON (an object, an array) in a text column as its JSON text.
    fn append(&mut self, value: &RawValue) -> serde_json::Result<()> {
        let text = value.get();
        match self {
            Builder::Int64(b) => b.append_option(serde_json::from_str(text)?),
            Builder::Int32(b) => b.append_option(serde_json::from_str(text)?),
            Builder::Float64(b) => b.append_option(serde_json::from_str(text)?),
            Builder::Utf8(b) => match text {
                "null" => b.append_null(),
                _ if text.starts_with('"') => match serde_json::from_str::<&str>(text) {
                    Ok(s) => b.append_value(s),
                    // escapes: the text must be rebuilt
                    Err(_) => b.append_value(serde_json::from_str::<String>(text)?),
                },
                _ => b.append_value(text),
            },
            Builder::Int64List(b) => match serde_json::from_str::<Option<Vec<i64>>>(text)? {
                Some(ids) => {
                    b.values().append_slice(&ids);
                    b.append(true);
                }
                None => b.append_null(),
            },
        }
        Ok(())
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Int64(b) => Arc::new(b.finish()),
            Builder::Int32(b) => Arc::new(b.finish()),
            Builder::Float64(b) => Arc::new(b.finish()),
            Builder::Utf8(b) => Arc::new(b.finish()),
            Builder::Int64List(b) => Arc::new(b.finish()),
        }
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int64Type};
    use arrow_array::Array;

    use super::*;
    use crate::rows::col;

    #[test]
    fn partition_folders() {
        let cases = [
            ("2022-06-19", "year=2022/month=06"),
            ("2022-11", "year=2022/month=11"),
            ("2021", "year=2021/month=00"),
            ("0987-01-02", "year=0987/month=01"),
        ];
        for (date, folder) in cases {
            assert_eq!(
                Partition::of(&EventDate::parse(date).unwrap()).folder(),
                Path::new(folder),
                "{date}"
            );
        }
        // the order of dates as written is the order of partitions
        let mut dates = ["2022-06-19", "2021", "2022", "2022-05", "2022-05-31"];
        dates.sort_unstable();
        let partitions: Vec<Partition> = dates
            .iter()
            .map(|d| Partition::of(&EventDate::parse(d).unwrap()))
            .collect();
        assert!(
            partitions.windows(2).all(|w| w[0] <= w[1]),
            "{partitions:?}"
        );
    }

    #[test]
    fn values_fill_typed_columns() {
        const COLUMNS: [Column; 5] = [
            col("n", Kind::Int64),
            col("q", Kind::Int32),
            col("g", Kind::Float64),
            col("t", Kind::Utf8),
            col("ids", Kind::Int64List),
        ];
        let fields: Vec<Field> = COLUMNS
            .iter()
            .map(|c| Field::new(c.name, data_type(c.kind), true))
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let mut batch = Batch::new(&COLUMNS);
        batch
            .push(r#"{"n":7,"q":3,"g":-2.5,"t":"say \"hi\"","ids":[1,2]}"#)
            .unwrap();
        batch
            .push(r#"{"n":null,"q":null,"g":null,"t":{"a":[1]},"ids":null}"#)
            .unwrap();
        assert!(batch.push(r#"{"n":1}"#).is_err(), "missing fields");
        let got = batch.take(&schema).unwrap();
        assert_eq!((got.num_rows(), batch.rows), (2, 0));
        let t = got.column(3).as_string::<i32>();
        assert_eq!((t.value(0), t.value(1)), ("say \"hi\"", r#"{"a":[1]}"#));
        let g = got.column(2).as_primitive::<Float64Type>();
        assert_eq!((g.value(0), g.is_null(1)), (-2.5, true));
        let ids = got.column(4).as_list::<i32>();
        assert_eq!(ids.value(0).as_primitive::<Int64Type>().values(), &[1, 2]);
        assert!(ids.is_null(1));

        // a value of the wrong type is an error, not a panic
        for row in [
            r#"{"n":"x","q":1,"g":1,"t":"","ids":[]}"#,
            r#"{"n":1,"q":4294967296,"g":1,"t":"","ids":[]}"#,
            r#"{"n":1,"q":1,"g":"x","t":"","ids":[]}"#,
            r#"{"n":1,"q":1,"g":1,"t":"","ids":["a"]}"#,
        ] {
            assert!(Batch::new(&COLUMNS).push(row).is_err(), "{row}");
        }
    }
}
