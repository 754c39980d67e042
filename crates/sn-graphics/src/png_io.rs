//! PNG files: encoding a canvas, writing it atomically, decoding it back.

use crate::canvas::Canvas;
use crate::color::Rgb;
use crate::error::{GraphicsError, Result};
use std::fs;
use std::path::Path;

/// The PNG encoding of a canvas (8-bit RGB).
///
/// # Errors
/// `Format` if the encoder fails (it does not for valid canvases).
pub fn encode(canvas: &Canvas) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let fail = |e: png::EncodingError| GraphicsError::Format {
        file: "<png>".into(),
        problem: e.to_string(),
    };
    {
        let mut enc = png::Encoder::new(&mut out, canvas.width() as u32, canvas.height() as u32);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        let mut writer = enc.write_header().map_err(fail)?;
        writer
            .write_image_data(&canvas.to_rgb_bytes())
            .map_err(fail)?;
        writer.finish().map_err(fail)?;
    }
    Ok(out)
}

/// Writes `canvas` as a PNG file at `path`, atomically
/// ([`sn_array::io::write_file`], a device such as `/dev/null` being
/// written in place): the bytes go to a temporary file in the same
/// folder, flushed to disk, which is then renamed over `path`, so a reader
/// never sees a half-written picture (and the temporary of a write killed
/// half way is removed by the next write). Missing parent folders are made:
/// a window's folder (`window-dir`) is documented to be made when first
/// written, and windows write through here.
///
/// # Errors
/// `Io` naming the file if a folder cannot be made or the file cannot be written.
pub fn write_png(canvas: &Canvas, path: &Path) -> Result<()> {
    let bytes = encode(canvas)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| GraphicsError::io(dir, &e))?;
    }
    sn_array::io::write_file(path, |w| std::io::Write::write_all(w, &bytes))
        .map_err(|e| GraphicsError::io(path, &e))
}

/// Reads a PNG file into a canvas (8-bit grey, grey-alpha, RGB or RGBA; alpha dropped).
///
/// # Errors
/// `Io` if the file cannot be opened, `Format` if it is not a PNG of a supported kind.
pub fn read_png(path: &Path) -> Result<Canvas> {
    let file = fs::File::open(path).map_err(|e| GraphicsError::io(path, &e))?;
    let format = |problem: String| GraphicsError::Format {
        file: path.display().to_string(),
        problem,
    };
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| format(e.to_string()))?;
    // The size comes from the file's header: ask the memory budget first.
    let size = reader.output_buffer_size();
    sn_array::budget::reserve("read-png", size).map_err(|e| format(e.to_string()))?;
    let mut buf = vec![0; size];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| format(e.to_string()))?;
    let channels = match info.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => return Err(format(format!("unsupported colour type {other:?}"))),
    };
    let (w, h) = (info.width as usize, info.height as usize);
    let mut canvas = Canvas::new(w, h)?;
    for y in 0..h {
        let row = &buf[y * info.line_size..];
        for x in 0..w {
            let p = &row[x * channels..];
            let c = if channels < 3 {
                Rgb(p[0], p[0], p[0])
            } else {
                Rgb(p[0], p[1], p[2])
            };
            canvas.set(x as i64, y as i64, c);
        }
    }
    Ok(canvas)
}
