//! Making and reading the parts of ONNX messages: tensors, attributes,
//! typed values.

use crate::proto::{
    attr_type, data_type, AttributeProto, Dimension, TensorProto, TensorShapeProto, TypeProto,
    TypeTensor, ValueInfoProto,
};

/// A float tensor `name` of shape `dims` (values little-endian in `raw_data`).
pub fn floats(name: &str, dims: &[usize], v: &[f32]) -> TensorProto {
    TensorProto {
        name: name.to_string(),
        dims: dims.iter().map(|&d| d as i64).collect(),
        data_type: data_type::FLOAT,
        raw_data: v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        ..Default::default()
    }
}

/// An int64 tensor `name` of shape `[v.len()]`.
pub fn int64s(name: &str, v: &[i64]) -> TensorProto {
    TensorProto {
        name: name.to_string(),
        dims: vec![v.len() as i64],
        data_type: data_type::INT64,
        int64_data: v.to_vec(),
        ..Default::default()
    }
}

/// An integer attribute.
pub fn attr_int(name: &str, i: i64) -> AttributeProto {
    AttributeProto {
        name: name.to_string(),
        r#type: attr_type::INT,
        i,
        ..Default::default()
    }
}

/// A float attribute.
pub fn attr_float(name: &str, f: f32) -> AttributeProto {
    AttributeProto {
        name: name.to_string(),
        r#type: attr_type::FLOAT,
        f,
        ..Default::default()
    }
}

/// An integer-list attribute.
pub fn attr_ints(name: &str, v: &[usize]) -> AttributeProto {
    AttributeProto {
        name: name.to_string(),
        r#type: attr_type::INTS,
        ints: v.iter().map(|&d| d as i64).collect(),
        ..Default::default()
    }
}

/// A float tensor value `name`: its first dimension named `batch`, the
/// others fixed.
pub fn value_info(name: &str, dims: &[usize]) -> ValueInfoProto {
    let mut dim = vec![Dimension {
        dim_param: Some("batch".to_string()),
        ..Default::default()
    }];
    dim.extend(dims.iter().map(|&d| Dimension {
        dim_value: Some(d as i64),
        ..Default::default()
    }));
    ValueInfoProto {
        name: name.to_string(),
        r#type: Some(TypeProto {
            tensor_type: Some(TypeTensor {
                elem_type: data_type::FLOAT,
                shape: Some(TensorShapeProto { dim }),
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The values of a tensor as floats (from float, double, int64 data or
/// raw little-endian bytes), or why they cannot be read.
pub fn read_floats(t: &TensorProto) -> Result<Vec<f32>, String> {
    let n = element_count(t)?;
    let v: Vec<f32> = match t.data_type {
        data_type::FLOAT if !t.raw_data.is_empty() => raw(&t.raw_data, 4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect(),
        data_type::FLOAT => t.float_data.clone(),
        data_type::DOUBLE if !t.raw_data.is_empty() => raw(&t.raw_data, 8)
            .map(|b| f64::from_le_bytes(b.try_into().unwrap_or([0; 8])) as f32)
            .collect(),
        data_type::DOUBLE => t.double_data.iter().map(|&d| d as f32).collect(),
        data_type::INT64 => read_ints(t)?.into_iter().map(|i| i as f32).collect(),
        d => {
            return Err(format!(
                "tensor {:?} has element type {d}, not float",
                t.name
            ))
        }
    };
    if v.len() != n {
        return Err(format!(
            "tensor {:?} holds {} values for dims {:?}",
            t.name,
            v.len(),
            t.dims
        ));
    }
    Ok(v)
}

/// The values of an int64 tensor.
pub fn read_ints(t: &TensorProto) -> Result<Vec<i64>, String> {
    if t.data_type != data_type::INT64 {
        return Err(format!("tensor {:?} is not int64", t.name));
    }
    let n = element_count(t)?;
    let v: Vec<i64> = if t.raw_data.is_empty() {
        t.int64_data.clone()
    } else {
        raw(&t.raw_data, 8)
            .map(|b| i64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
            .collect()
    };
    if v.len() != n {
        return Err(format!("tensor {:?} holds {} values", t.name, v.len()));
    }
    Ok(v)
}

fn raw(b: &[u8], size: usize) -> std::slice::ChunksExact<'_, u8> {
    b.chunks_exact(size)
}

/// The number of elements of `t`'s dims, checked against the memory budget.
fn element_count(t: &TensorProto) -> Result<usize, String> {
    if t.data_location != 0 {
        return Err(format!("tensor {:?} is stored in an external file", t.name));
    }
    let mut n = 1usize;
    for &d in &t.dims {
        let d = usize::try_from(d).map_err(|_| format!("tensor {:?}: dim {d}", t.name))?;
        n = n
            .checked_mul(d)
            .filter(|&n| n <= 1 << 28)
            .ok_or_else(|| format!("tensor {:?}: more than 2^28 elements", t.name))?;
    }
    sn_array::budget::reserve_items("load-onnx", n, 4).map_err(|e| e.to_string())?;
    Ok(n)
}
