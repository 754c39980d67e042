//! Element types of matrix files and their byte encodings.

/// The element type of a matrix file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElemType {
    /// Unsigned byte, 0..255.
    U8,
    /// Signed byte, -128..127.
    I8,
    /// Signed 16-bit integer.
    I16,
    /// Signed 32-bit integer.
    I32,
    /// 32-bit float.
    F32,
    /// 64-bit float.
    F64,
    /// SN 4.4 fixed point: one signed byte per value, value = byte / 16.
    Packed,
}

/// Byte order of the numbers of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endian {
    /// Most significant byte first (IDX, and what sn writes).
    Big,
    /// Least significant byte first (Lush on x86).
    Little,
}

impl ElemType {
    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            ElemType::U8 | ElemType::I8 | ElemType::Packed => 1,
            ElemType::I16 => 2,
            ElemType::I32 | ElemType::F32 => 4,
            ElemType::F64 => 8,
        }
    }

    /// The name used in messages and in `save-matrix` format names.
    pub fn name(self) -> &'static str {
        match self {
            ElemType::U8 => "ubyte",
            ElemType::I8 => "byte",
            ElemType::I16 => "short",
            ElemType::I32 => "int",
            ElemType::F32 => "float",
            ElemType::F64 => "double",
            ElemType::Packed => "packed",
        }
    }

    /// Decode `bytes` (a whole number of elements) into `f32` values.
    pub fn decode(self, bytes: &[u8], e: Endian) -> Vec<f32> {
        fn arr<const N: usize>(c: &[u8], e: Endian) -> [u8; N] {
            let mut b = [0u8; N];
            b.copy_from_slice(c);
            if e == Endian::Little {
                b.reverse();
            }
            b
        }
        let n = self.size();
        let it = bytes.chunks_exact(n);
        match self {
            ElemType::U8 => bytes.iter().map(|&b| b as f32).collect(),
            ElemType::I8 => bytes.iter().map(|&b| b as i8 as f32).collect(),
            ElemType::Packed => bytes.iter().map(|&b| b as i8 as f32 / 16.0).collect(),
            ElemType::I16 => it.map(|c| i16::from_be_bytes(arr(c, e)) as f32).collect(),
            ElemType::I32 => it.map(|c| i32::from_be_bytes(arr(c, e)) as f32).collect(),
            ElemType::F32 => it.map(|c| f32::from_be_bytes(arr(c, e))).collect(),
            ElemType::F64 => it.map(|c| f64::from_be_bytes(arr(c, e)) as f32).collect(),
        }
    }

    /// Encode `values` big-endian; integer types round and saturate.
    pub fn encode(self, values: &[f32], out: &mut Vec<u8>) {
        out.reserve(values.len() * self.size());
        for &v in values {
            match self {
                ElemType::U8 => out.push(v.round() as u8),
                ElemType::I8 => out.push(v.round() as i8 as u8),
                ElemType::Packed => out.push((v * 16.0).round() as i8 as u8),
                ElemType::I16 => out.extend((v.round() as i16).to_be_bytes()),
                ElemType::I32 => out.extend((v.round() as i32).to_be_bytes()),
                ElemType::F32 => out.extend(v.to_be_bytes()),
                ElemType::F64 => out.extend((v as f64).to_be_bytes()),
            }
        }
    }

    /// Write the elements of `a` big-endian, a piece at a time (nothing of
    /// the size of the array is built).
    pub(crate) fn write_data(
        self,
        a: &crate::Array,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let mut buf = Vec::new();
        crate::ops::try_for_rows(a, |vals| {
            buf.clear();
            self.encode(vals, &mut buf);
            w.write_all(&buf)
        })
    }
}
