//! TensorBoard event files: `events.out.tfevents.<secs>.<host>` in a log
//! folder, one record per event, framed as TFRecords (length, masked
//! CRC-32C of the length, data, masked CRC-32C of the data), the data an
//! `Event` protobuf.
//!
//! An event file is a log appended while training runs, not a result
//! file: it is written directly (no temporary file and rename) so that
//! TensorBoard can read it as it grows.

pub mod proto;

use prost::Message;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

pub use proto::{Event, Image, Summary, Value};

/// The CRC-32C mask of the TFRecord format.
pub fn masked_crc(data: &[u8]) -> u32 {
    let crc = crc32c::crc32c(data);
    ((crc >> 15) | (crc << 17)).wrapping_add(0xa282_ead8)
}

/// `data` framed as one TFRecord.
pub fn frame(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 16);
    write_frame(&mut out, data).expect("writing to a Vec");
    out
}

/// Writes `data` framed as one TFRecord to `w` (the record is not copied).
///
/// # Errors
/// Write errors.
pub fn write_frame(w: &mut impl Write, data: &[u8]) -> io::Result<()> {
    let len = (data.len() as u64).to_le_bytes();
    w.write_all(&len)?;
    w.write_all(&masked_crc(&len).to_le_bytes())?;
    w.write_all(data)?;
    w.write_all(&masked_crc(data).to_le_bytes())
}

/// Seconds since the Unix epoch.
fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// The machine's name for the file name ("localhost" when unknown), with
/// anything but letters, digits, '-' and '.' replaced by '_'.
fn host() -> String {
    let h = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .unwrap_or_default();
    let h: String = h
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if h.is_empty() {
        "localhost".into()
    } else {
        h
    }
}

/// An open event file being appended to.
pub struct EventWriter {
    out: BufWriter<File>,
    path: PathBuf,
    /// The encoding of the event being written, kept between events so
    /// that pictures do not allocate a new buffer each time.
    scratch: Vec<u8>,
}

impl EventWriter {
    /// Makes `dir` (and its parents) if needed and a new event file in it,
    /// and writes the first record (the file version).
    ///
    /// # Errors
    /// The folder cannot be made or the file cannot be created or written.
    pub fn create(dir: &Path) -> io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let t = now();
        let base = format!("events.out.tfevents.{}.{}", t as u64, host());
        let (file, path) = create_new(dir, &base)?;
        let mut w = EventWriter {
            out: BufWriter::new(file),
            path,
            scratch: Vec::new(),
        };
        w.write_event(&Event {
            wall_time: t,
            file_version: "brain.Event:2".into(),
            ..Event::default()
        })?;
        w.flush()?;
        Ok(w)
    }

    /// The event file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one event as a record (buffered until [`EventWriter::flush`]).
    ///
    /// # Errors
    /// Write errors.
    pub fn write_event(&mut self, e: &Event) -> io::Result<()> {
        self.scratch.clear();
        e.encode(&mut self.scratch).map_err(io::Error::other)?;
        write_frame(&mut self.out, &self.scratch)
    }

    /// Appends an event of the values `v` at `step`.
    fn values(&mut self, step: i64, v: Vec<Value>) -> io::Result<()> {
        self.write_event(&Event {
            wall_time: now(),
            step,
            summary: Some(Summary { value: v }),
            ..Event::default()
        })
    }

    /// Logs a scalar (a point of the curve `tag`).
    ///
    /// # Errors
    /// Write errors.
    pub fn scalar(&mut self, tag: &str, step: i64, value: f32) -> io::Result<()> {
        let v = Value {
            tag: tag.into(),
            simple_value: Some(value),
            ..Value::default()
        };
        self.values(step, vec![v])
    }

    /// Logs a PNG image of `w`×`h` pixels (RGBA); a `Vec` is moved in,
    /// a slice copied.
    ///
    /// # Errors
    /// Write errors.
    pub fn image_png(
        &mut self,
        tag: &str,
        step: i64,
        png: impl Into<Vec<u8>>,
        w: u32,
        h: u32,
    ) -> io::Result<()> {
        let img = Image {
            height: i32::try_from(h).unwrap_or(i32::MAX),
            width: i32::try_from(w).unwrap_or(i32::MAX),
            colorspace: 4,
            encoded_image_string: png.into(),
        };
        let v = Value {
            tag: tag.into(),
            image: Some(img),
            ..Value::default()
        };
        self.values(step, vec![v])
    }

    /// Logs a text (shown by TensorBoard's text plugin; Markdown).
    ///
    /// # Errors
    /// Write errors.
    pub fn text(&mut self, tag: &str, step: i64, text: &str) -> io::Result<()> {
        let tensor = proto::TensorProto {
            dtype: proto::DT_STRING,
            tensor_shape: Some(proto::TensorShape::default()),
            string_val: vec![text.as_bytes().to_vec()],
        };
        let meta = proto::SummaryMetadata {
            plugin_data: Some(proto::PluginData {
                plugin_name: "text".into(),
                content: Vec::new(),
            }),
        };
        let v = Value {
            tag: tag.into(),
            tensor: Some(tensor),
            metadata: Some(meta),
            ..Value::default()
        };
        self.values(step, vec![v])
    }

    /// Writes the buffered records to the file.
    ///
    /// # Errors
    /// Write errors.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Drop for EventWriter {
    fn drop(&mut self) {
        let _ = self.out.flush();
    }
}

/// Creates `dir/base`, or `dir/base.N` when a file of that name exists
/// (two runs started in the same second).
fn create_new(dir: &Path, base: &str) -> io::Result<(File, PathBuf)> {
    let mut n = 0u32;
    loop {
        let name = if n == 0 {
            base.to_string()
        } else {
            format!("{base}.{n}")
        };
        let p = dir.join(name);
        match OpenOptions::new().write(true).create_new(true).open(&p) {
            Ok(f) => return Ok((f, p)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_of_a_known_string() {
        // the check value of CRC-32C
        assert_eq!(crc32c::crc32c(b"123456789"), 0xe306_9283);
    }

    #[test]
    fn frames_carry_length_and_checksums() {
        let f = frame(b"abc");
        assert_eq!(f.len(), 3 + 16);
        assert_eq!(u64::from_le_bytes(f[..8].try_into().unwrap()), 3);
        assert_eq!(
            u32::from_le_bytes(f[8..12].try_into().unwrap()),
            masked_crc(&f[..8])
        );
        assert_eq!(&f[12..15], b"abc");
        assert_eq!(
            u32::from_le_bytes(f[15..].try_into().unwrap()),
            masked_crc(b"abc")
        );
    }
}
