//! The embedded MNIST digits, grey levels kept as bytes, with the box of
//! each digit's ink and the digits of each class.

use std::path::{Path, PathBuf};

use crate::error::AmountError;

/// Side of an MNIST image.
pub const SIDE: usize = 28;
/// Grey level (0..255) above which a pixel counts as ink when cropping.
const CROP_LEVEL: u8 = 40;

/// A set of 28x28 digits and their labels.
#[derive(Clone, Debug)]
pub struct DigitSet {
    images: Vec<u8>,
    labels: Vec<u8>,
    /// Ink box of each digit: rows [r0, r1), columns [c0, c1).
    boxes: Vec<[u8; 4]>,
    by_class: [Vec<u32>; 10],
    /// "train" or "test".
    pub part: &'static str,
}

/// The folder of the embedded digits of this source tree.
pub fn embedded_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/mnist")
}

impl DigitSet {
    /// Loads part `"train"` (files `train-*`) or `"test"` (files `t10k-*`)
    /// from `dir`.
    ///
    /// # Errors
    /// The reader's errors; `Domain` for another part or mismatched files.
    pub fn load(dir: &Path, part: &str) -> Result<DigitSet, AmountError> {
        const OP: &str = "digits";
        let (part, prefix) = match part {
            "train" => ("train", "train"),
            "test" => ("test", "t10k"),
            _ => {
                return Err(AmountError::domain(
                    OP,
                    format!("part {part:?} (train or test)"),
                ))
            }
        };
        let (idims, images) =
            sn_array::io::read_idx_bytes(&dir.join(format!("{prefix}-images-idx3-ubyte.gz")))?;
        let (ldims, labels) =
            sn_array::io::read_idx_bytes(&dir.join(format!("{prefix}-labels-idx1-ubyte.gz")))?;
        if idims.len() != 3 || idims[1] != SIDE || idims[2] != SIDE || ldims != [idims[0]] {
            return Err(AmountError::domain(OP, "images and labels do not match"));
        }
        if labels.iter().any(|&l| l > 9) {
            return Err(AmountError::domain(OP, "labels outside 0..9"));
        }
        let boxes = images.chunks(SIDE * SIDE).map(ink_box).collect();
        let mut by_class: [Vec<u32>; 10] = Default::default();
        for (i, &l) in labels.iter().enumerate() {
            by_class[l as usize].push(i as u32);
        }
        if by_class.iter().any(Vec::is_empty) {
            return Err(AmountError::domain(OP, "a digit class has no image"));
        }
        Ok(DigitSet {
            images,
            labels,
            boxes,
            by_class,
            part,
        })
    }

    /// The embedded digits of part `"train"` or `"test"`.
    ///
    /// # Errors
    /// As [`DigitSet::load`].
    pub fn embedded(part: &str) -> Result<DigitSet, AmountError> {
        DigitSet::load(&embedded_dir(), part)
    }

    /// Number of digits.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there is no digit.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Label of digit `i`.
    pub fn label(&self, i: usize) -> u8 {
        self.labels[i]
    }

    /// The 28x28 grey levels of digit `i`.
    pub fn image(&self, i: usize) -> &[u8] {
        &self.images[i * SIDE * SIDE..(i + 1) * SIDE * SIDE]
    }

    /// The ink box of digit `i`: rows [r0, r1), columns [c0, c1).
    pub fn ink_box(&self, i: usize) -> [usize; 4] {
        self.boxes[i].map(usize::from)
    }

    /// The digits of class `c`.
    pub fn of_class(&self, c: usize) -> &[u32] {
        &self.by_class[c]
    }
}

/// The box of the pixels above the crop level (the whole image when blank).
fn ink_box(img: &[u8]) -> [u8; 4] {
    let (mut r0, mut r1, mut c0, mut c1) = (SIDE, 0, SIDE, 0);
    for r in 0..SIDE {
        for c in 0..SIDE {
            if img[r * SIDE + c] > CROP_LEVEL {
                r0 = r0.min(r);
                r1 = r1.max(r + 1);
                c0 = c0.min(c);
                c1 = c1.max(c + 1);
            }
        }
    }
    if r1 == 0 {
        return [0, SIDE as u8, 0, SIDE as u8];
    }
    [r0 as u8, r1 as u8, c0 as u8, c1 as u8]
}
