//! The store: counters, topology, patterns, save/load, pruning.

use sn_units::{FanIn, Map, Net, Sharing, UnitsError, Window};

fn lcg(seed: u64) -> impl FnMut() -> f32 {
    let mut s = seed;
    move || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((s >> 40) as f32) / (1u64 << 24) as f32
    }
}

#[test]
fn connect_dup_cut_and_queries() {
    let mut net = Net::new(10, 10, 10);
    let u: Vec<u32> = net.newneurons(3).unwrap().collect();
    net.connect(u[0], u[2], 0.5, None).unwrap();
    net.dup_connection(u[0], u[2], u[1], u[2]).unwrap();
    assert_eq!((net.nnum(), net.snum(), net.wnum()), (4, 2, 1));
    assert_eq!(net.amont(u[2]), vec![u[0], u[1]]);
    assert_eq!(net.aval(u[0]), vec![u[2]]);
    assert_eq!(net.scounter(u[1], u[2]).unwrap(), 2);
    assert!(matches!(
        net.connect(u[0], u[2], 0.0, None),
        Err(UnitsError::AlreadyConnected { .. })
    ));
    assert!(matches!(
        net.connect(u[0], 0, 0.0, None),
        Err(UnitsError::IntoBias { .. })
    ));
    assert!(matches!(
        net.connect(u[0], 99, 0.0, None),
        Err(UnitsError::Unit { .. })
    ));
    net.cut_connection(u[0], u[2]).unwrap();
    assert_eq!((net.snum(), net.nfanin(u[2])), (1, 1));
    assert!(net.cut_connection(u[0], u[2]).is_err());
    // capacities grow, up to a hard limit
    assert_eq!(net.newneurons(100).unwrap().len(), 100);
    assert!(net.capacities().0 >= 104);
    assert!(matches!(
        net.newneurons(sn_units::MAX_ITEMS),
        Err(UnitsError::Capacity { .. })
    ));
}

/// Net-5 of the 1989 experiment: connections and free weights.
#[test]
fn net5_counts() {
    let mut net = Net::new(2000, 10000, 10000);
    let input: Vec<u32> = net.newneurons(256).unwrap().collect();
    let h1: Vec<Vec<u32>> = (0..2)
        .map(|_| net.newneurons(64).unwrap().collect())
        .collect();
    let h2: Vec<Vec<u32>> = (0..4)
        .map(|_| net.newneurons(16).unwrap().collect())
        .collect();
    let out: Vec<u32> = net.newneurons(10).unwrap().collect();
    let w3 = Window {
        xstep: 2,
        ystep: 2,
        xsize: 3,
        ysize: 3,
        toric: true,
    };
    let w5 = Window {
        xstep: 2,
        ystep: 2,
        xsize: 5,
        ysize: 5,
        toric: true,
    };
    for m in &h1 {
        let a = Map {
            units: &input,
            lin: 16,
            col: 16,
        };
        net.window_connect(
            "t",
            a,
            Map {
                units: m,
                lin: 8,
                col: 8,
            },
            w3,
            Sharing::Kernel,
        )
        .unwrap();
        net.bias_connect(m).unwrap();
    }
    for m2 in &h2 {
        for m1 in &h1 {
            let (a, b) = (
                Map {
                    units: m1,
                    lin: 8,
                    col: 8,
                },
                Map {
                    units: m2,
                    lin: 4,
                    col: 4,
                },
            );
            net.window_connect("t", a, b, w5, Sharing::Kernel).unwrap();
        }
        net.bias_connect(m2).unwrap();
    }
    for m2 in &h2 {
        for &s in m2 {
            for &o in &out {
                net.connect(s, o, 0.0, None).unwrap();
            }
        }
    }
    net.bias_connect(&out).unwrap();
    assert_eq!((net.snum(), net.wnum()), (5194, 1060));
}

#[test]
fn non_toric_windows_end_at_the_edge_and_must_fit() {
    let mut net = Net::new(100, 1000, 1000);
    let a: Vec<u32> = net.newneurons(16).unwrap().collect();
    let b: Vec<u32> = net.newneurons(4).unwrap().collect();
    let w = Window {
        xstep: 2,
        ystep: 2,
        xsize: 3,
        ysize: 3,
        toric: false,
    };
    let (ma, mb) = (
        Map {
            units: &a,
            lin: 4,
            col: 4,
        },
        Map {
            units: &b,
            lin: 2,
            col: 2,
        },
    );
    let too_big = Window {
        xsize: 5,
        ysize: 1,
        ..w
    };
    assert!(net
        .window_connect("t", ma, mb, too_big, Sharing::None)
        .is_err());
    // windows at 0 and 2 of 3 units would pass the end of 4: the second
    // ends at the edge (starts at 1), with a warning, as SN2.8's local-next
    let mut n2 = Net::new(100, 1000, 1000);
    let a2: Vec<u32> = n2.newneurons(16).unwrap().collect();
    let b2: Vec<u32> = n2.newneurons(4).unwrap().collect();
    let (ma2, mb2) = (
        Map {
            units: &a2,
            lin: 4,
            col: 4,
        },
        Map {
            units: &b2,
            lin: 2,
            col: 2,
        },
    );
    let warn = n2.window_connect("t", ma2, mb2, w, Sharing::None).unwrap();
    assert!(warn.is_some());
    let mut last = n2.amont(b2[3]);
    last.sort();
    let want: Vec<u32> = [5, 6, 7, 9, 10, 11, 13, 14, 15]
        .iter()
        .map(|&i| a2[i])
        .collect();
    assert_eq!(last, want);
    let w = Window {
        xstep: 2,
        ystep: 2,
        xsize: 2,
        ysize: 2,
        toric: false,
    };
    assert_eq!(
        net.window_connect("t", ma, mb, w, Sharing::Single).unwrap(),
        None
    );
    assert_eq!((net.snum(), net.wnum()), (16, 1));
}

fn outputs(net: &mut Net, out: &[u32], hidden: &[u32]) -> Vec<f32> {
    let mut f = sn_units::Nlf::default_tanh(0);
    let mut g = || 0.0;
    net.update_state(0.0, &mut f, hidden, &mut g).unwrap();
    net.update_state(0.0, &mut f, out, &mut g).unwrap();
    out.iter().map(|&u| net.units.nval[u as usize]).collect()
}

#[test]
fn save_load_round_trip_and_corrupt_files() {
    let mut net = Net::new(100, 1000, 1000);
    let i: Vec<u32> = net.newneurons(3).unwrap().collect();
    let h: Vec<u32> = net.newneurons(2).unwrap().collect();
    let o: Vec<u32> = net.newneurons(1).unwrap().collect();
    for (a, b) in [(&i, &h), (&h, &o)] {
        for &x in a.iter() {
            for &y in b.iter() {
                net.connect(x, y, 0.0, None).unwrap();
            }
        }
    }
    net.forget(1.0, FanIn::Sqrt, None, &mut lcg(3)).unwrap();
    net.units.nval[1..4].copy_from_slice(&[0.2, -0.5, 1.0]);
    let before = outputs(&mut net, &o, &h);
    let tmp = tempfile::Builder::new()
        .prefix("sn-units-test-")
        .tempdir()
        .unwrap();
    let dir = tmp.path();
    let file = dir.join("w.bin");
    net.save_weights(&file).unwrap();
    let saved = net.weights.val.clone();
    net.forget(1.0, FanIn::Const, None, &mut lcg(9)).unwrap();
    assert_ne!(outputs(&mut net, &o, &h), before);
    net.load_weights(&file).unwrap();
    assert_eq!(outputs(&mut net, &o, &h), before);
    // corrupt: truncated body
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() - 3]).unwrap();
    net.forget(1.0, FanIn::Const, None, &mut lcg(5)).unwrap();
    let current = net.weights.val.clone();
    assert!(matches!(
        net.load_weights(&file),
        Err(UnitsError::Format { .. })
    ));
    assert_eq!(net.weights.val, current);
    // wrong count
    let mut other = Net::new(10, 10, 10);
    other.newneurons(1).unwrap();
    other.connect(0, 1, 0.0, None).unwrap();
    other.save_weights(&file).unwrap();
    assert!(matches!(
        net.load_weights(&file),
        Err(UnitsError::WeightCount { .. })
    ));
    std::fs::write(&file, b"garbage").unwrap();
    assert!(net.load_weights(&file).is_err());
    assert_eq!(net.weights.val, current);
    assert_ne!(saved, current);
    net.save_ascii(&dir.join("w.txt")).unwrap();
}

#[test]
fn obd_prunes_lowest_saliency() {
    let mut net = Net::new(10, 10, 10);
    let u: Vec<u32> = net.newneurons(4).unwrap().collect();
    net.connect(u[0], u[3], 0.1, None).unwrap();
    net.connect(u[1], u[3], 2.0, None).unwrap();
    net.connect(u[2], u[3], 1.0, None).unwrap();
    net.weights.hess.copy_from_slice(&[1.0, 1.0, 1.0]);
    // saliencies h·w²: 0.01, 4, 1; the 0.5 quantile (rank ⌊3·0.5⌋ = 1 of
    // the sorted list) is 1: only the connection below it goes
    assert_eq!(net.obd_prune(0.5), 1);
    assert_eq!(net.amont(u[3]), vec![u[1], u[2]]);
    // rank ⌊2·0.9⌋ = 1 of the remaining two (1, 4) is 4
    assert_eq!(net.obd_prune(0.9), 1);
    assert_eq!(net.amont(u[3]), vec![u[1]]);
}
