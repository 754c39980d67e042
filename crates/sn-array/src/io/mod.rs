//! Matrix files: IDX (MNIST), SN/Lush native (float, packed 4.4, double,
//! int, ubyte, short, byte; either byte order) and ASCII `.MAT`, each
//! possibly gzip-compressed. The format of a file is recognised from its
//! content; every malformed file is a [`ArrayError::Format`] naming the file.

mod ascii;
mod idx;
mod native;
mod reader;
mod types;

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::Path;

use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::array::Array;
use crate::error::ArrayError;
pub use idx::read_bytes_file as read_idx_bytes;
pub use types::{ElemType, Endian};

/// How `save` encodes an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// An IDX file of the given element type (not packed).
    Idx(ElemType),
    /// An SN/Lush native matrix of the given element type.
    Sn(ElemType),
    /// The ASCII `.MAT` form.
    Ascii,
}

impl FileFormat {
    /// The format named `name`: `float`, `double`, `int`, `short`, `ubyte`,
    /// `packed` (SN files), `idx-ubyte`, `idx-byte` ... `idx-double`, `ascii`.
    pub fn from_name(name: &str) -> Option<FileFormat> {
        let types = [
            ElemType::U8,
            ElemType::I8,
            ElemType::I16,
            ElemType::I32,
            ElemType::F32,
            ElemType::F64,
            ElemType::Packed,
        ];
        if name == "ascii" {
            return Some(FileFormat::Ascii);
        }
        let (idx, tname) = match name.strip_prefix("idx-") {
            Some(t) => (true, t),
            None => (false, name),
        };
        let t = types.into_iter().find(|t| t.name() == tname)?;
        match (idx, t) {
            (true, ElemType::Packed) => None,
            (true, t) => Some(FileFormat::Idx(t)),
            (false, ElemType::I8) => None,
            (false, t) => Some(FileFormat::Sn(t)),
        }
    }

    /// The default format for a file name: IDX ubyte for names containing
    /// `ubyte`, IDX float for other names containing `idx`, SN float otherwise.
    pub fn for_path(path: &str) -> FileFormat {
        let lower = path.to_ascii_lowercase();
        if lower.contains("ubyte") {
            FileFormat::Idx(ElemType::U8)
        } else if lower.contains("idx") {
            FileFormat::Idx(ElemType::F32)
        } else {
            FileFormat::Sn(ElemType::F32)
        }
    }
}

/// Parse a matrix (already decompressed) from `r`; `file` names it in
/// errors. Nothing may follow the data of an IDX file. SN/Lush and `.MAT`
/// files may carry text after their data, as SN2.8 wrote them (its
/// `perf-file` appends results to pattern files); Lush ignores it, and so
/// does sn. Gzip data is read to its end all the same, so that its checksum
/// is checked.
fn parse(file: &str, r: &mut dyn Read, gz: bool) -> Result<Array, ArrayError> {
    let (a, strict) = parse_matrix(file, r)?;
    if strict {
        reader::expect_end(file, r)?;
    } else if gz {
        reader::drain(file, r)?;
    }
    Ok(a)
}

/// Parse the header and data of a matrix from `r`; also says whether the
/// format forbids trailing bytes (IDX).
fn parse_matrix(file: &str, r: &mut dyn Read) -> Result<(Array, bool), ArrayError> {
    let m = reader::read_bytes(file, r, 4, "header (no magic number)")?;
    let magic = [m[0], m[1], m[2], m[3]];
    if magic[0] == 0 && magic[1] == 0 {
        return Ok((idx::read(file, magic, r)?, true));
    }
    if let Some((t, e)) = native::detect(magic) {
        return Ok((native::read(file, t, e, r)?, false));
    }
    if &magic == b".MAT" {
        return Ok((ascii::read(file, r)?, false));
    }
    Err(ArrayError::format(
        file,
        format!(
            "bad magic number 0x{:08X}: not an IDX, SN/Lush or .MAT matrix",
            u32::from_be_bytes(magic)
        ),
    ))
}

/// Parse a matrix from `r`, decompressing gzip data if it starts with the gzip magic.
fn parse_maybe_gz(file: &str, r: impl Read) -> Result<Array, ArrayError> {
    let mut r = BufReader::new(r);
    let head = {
        use std::io::BufRead;
        r.fill_buf()
            .map_err(|e| reader::read_error(file, "file", &e))?
            .to_vec()
    };
    if head.starts_with(&[0x1F, 0x8B]) {
        parse(file, &mut MultiGzDecoder::new(r), true)
    } else {
        parse(file, &mut r, false)
    }
}

/// Load a matrix from the bytes of a file named `file`.
///
/// # Errors
/// `Format` naming `file` and the problem for any malformed content.
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<Array, ArrayError> {
    parse_maybe_gz(file, bytes)
}

/// Load a matrix file in any supported format, gzip-compressed or not.
///
/// # Errors
/// `Io` if the file cannot be opened or read, `Format` if it is malformed.
pub fn load(path: &Path) -> Result<Array, ArrayError> {
    let file = path.display().to_string();
    let f = File::open(path).map_err(|e| ArrayError::Io {
        file: file.clone(),
        message: e.to_string(),
    })?;
    parse_maybe_gz(&file, f)
}

/// Write `a` in format `fmt` (not compressed) to `w`, the data a piece
/// at a time.
fn write_matrix(
    a: &Array,
    fmt: FileFormat,
    header: &[u8],
    w: &mut dyn Write,
) -> std::io::Result<()> {
    match fmt {
        FileFormat::Idx(t) | FileFormat::Sn(t) => {
            w.write_all(header)?;
            t.write_data(a, w)
        }
        FileFormat::Ascii => ascii::write(a, w),
    }
}

/// The header of `a` in format `fmt` (empty for ASCII, which writes its own).
///
/// # Errors
/// `Domain` if the format cannot hold the array (IDX packed, huge dims).
fn header(a: &Array, fmt: FileFormat) -> Result<Vec<u8>, ArrayError> {
    match fmt {
        FileFormat::Idx(t) => idx::header(a, t),
        FileFormat::Sn(t) => native::header(a, t),
        FileFormat::Ascii => Ok(Vec::new()),
    }
}

/// Encode `a` in format `fmt` (not compressed).
///
/// # Errors
/// `Domain` if the format cannot hold the array (IDX packed, huge dims).
pub fn save_bytes(a: &Array, fmt: FileFormat) -> Result<Vec<u8>, ArrayError> {
    let head = header(a, fmt)?;
    let mut out = Vec::new();
    write_matrix(a, fmt, &head, &mut out).map_err(|e| ArrayError::Io {
        file: "<memory>".into(),
        message: e.to_string(),
    })?;
    Ok(out)
}

/// Writes `path` with what `fill` writes, through [`sn_files::write_with`]:
/// atomically for a regular (or new) file, in place for a device such as
/// `/dev/null` or a FIFO, through to the target of a symbolic link.
///
/// # Errors
/// The I/O errors of the write, or the error returned by `fill`.
pub fn write_file<F>(path: &Path, fill: F) -> std::io::Result<()>
where
    F: FnOnce(&mut std::io::BufWriter<File>) -> std::io::Result<()>,
{
    sn_files::write_with(path, fill)
}

/// Save `a` to `path` in format `fmt`, gzip-compressed if the name ends in
/// `.gz`. The data streams through a buffered writer into a temporary file
/// that replaces `path` only once complete ([`sn_files::write_with`]): a
/// reader, or a save killed half way, never sees a torn file.
///
/// # Errors
/// `Io` if the file cannot be written, `Domain` if the format cannot hold the array.
pub fn save(a: &Array, path: &Path, fmt: FileFormat) -> Result<(), ArrayError> {
    let file = path.display().to_string();
    let head = header(a, fmt)?;
    let gz = file.ends_with(".gz");
    write_file(path, |w| {
        if gz {
            let mut g = GzEncoder::new(w, Compression::default());
            write_matrix(a, fmt, &head, &mut g)?;
            g.finish().map(|_| ())
        } else {
            write_matrix(a, fmt, &head, w)
        }
    })
    .map_err(|e| ArrayError::Io {
        file,
        message: e.to_string(),
    })
}
