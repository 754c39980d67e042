//! Windows and pictures written as PNG files decode to the expected pixels.

use sn_graphics::pictures::{
    confusion_matrix, feature_maps, weight_tiles, MapLayer, Plot, Series, TileOptions,
};
use sn_graphics::png_io::{read_png, write_png};
use sn_graphics::{values, Canvas, ColorMap, Grid, Rgb, Window};
use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("sn-graphics-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn window_file_has_size_line_rect_and_gray() {
    let dir = scratch("window");
    let mut w = Window::new("net state", 64, 48, &dir).unwrap();
    w.begin_batch();
    w.draw(|c, ink| c.line(0, 0, 63, 0, ink)).unwrap();
    w.draw(|c, ink| c.fill_rect(10, 10, 5, 4, ink)).unwrap();
    w.set_color(Rgb::gray(0.5).number()).unwrap();
    w.draw(|c, ink| c.fill_rect(30, 30, 2, 2, ink)).unwrap();
    let path = w.path().unwrap();
    assert!(!path.exists(), "nothing is written inside a batch");
    w.end_batch().unwrap();
    assert_eq!(path, dir.join("net_state.png"));
    let img = read_png(&path).unwrap();
    assert_eq!((img.width(), img.height()), (64, 48));
    assert!((0..64).all(|x| img.get(x, 0) == Some(Rgb::BLACK)));
    assert_eq!(img.get(5, 1), Some(Rgb::WHITE));
    for (x, y) in [(10, 10), (14, 13)] {
        assert_eq!(img.get(x, y), Some(Rgb::BLACK));
    }
    for (x, y) in [(9, 10), (15, 10), (10, 14)] {
        assert_eq!(img.get(x, y), Some(Rgb::WHITE));
    }
    assert_eq!(img.get(31, 31), Some(Rgb(128, 128, 128)));
    let n_black = img.pixels().iter().filter(|&&p| p == Rgb::BLACK).count();
    assert_eq!(n_black, 64 + 20);
}

#[test]
fn cls_and_drop_rewrite_the_file() {
    let dir = scratch("drop");
    let path;
    {
        let mut w = Window::new("w", 8, 8, &dir).unwrap();
        w.draw(|c, ink| c.fill_rect(0, 0, 8, 8, ink)).unwrap();
        path = w.path().unwrap();
        assert_eq!(read_png(&path).unwrap().get(3, 3), Some(Rgb::BLACK));
        w.cls().unwrap();
    }
    assert_eq!(read_png(&path).unwrap().get(3, 3), Some(Rgb::WHITE));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left");
}

#[test]
fn blank_and_in_memory_windows_write_no_file() {
    let dir = scratch("nofile");
    {
        let mut w = Window::new("blank", 8, 8, &dir).unwrap();
        w.flush().unwrap();
        let mut m = Window::in_memory("mem", 8, 8).unwrap();
        assert_eq!(m.path(), None);
        m.draw(|c, ink| c.fill_rect(0, 0, 8, 8, ink)).unwrap();
        m.flush().unwrap();
        m.save_as(&dir.join("saved.png")).unwrap();
    }
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().to_string()))
        .collect();
    assert_eq!(names, vec!["saved.png".to_string()]);
}

#[test]
fn gray_draw_list_puts_levels_in_cells() {
    let mut c = Canvas::new(40, 20).unwrap();
    values::gray_draw_list(
        &mut c,
        0,
        0,
        &[-1.0, 0.0, 1.0, 3.0, 0.5],
        4,
        (-1.0, 1.0),
        10,
    );
    assert_eq!(c.get(5, 5), Some(Rgb::BLACK));
    assert_eq!(c.get(15, 5), Some(Rgb::gray(0.5)));
    assert_eq!(c.get(25, 5), Some(Rgb::WHITE));
    assert_eq!(c.get(35, 5), Some(Rgb::WHITE));
    assert_eq!(c.get(5, 15), Some(Rgb::gray(0.75)));
    assert_eq!(c.get(15, 15), Some(Rgb::WHITE));
}

#[test]
fn draw_list_squares_grow_with_values() {
    let mut c = Canvas::new(40, 10).unwrap();
    values::draw_list(
        &mut c,
        0,
        0,
        &[1.0, 0.5, -1.0, 0.0],
        (4, 10),
        (1.0, 8),
        Rgb::BLACK,
    );
    let black_in = |x0: i64| {
        (x0..x0 + 10)
            .flat_map(|x| (0..10).map(move |y| (x, y)))
            .filter(|&(x, y)| c.get(x, y) == Some(Rgb::BLACK))
            .count()
    };
    assert_eq!(black_in(0), 64);
    assert_eq!(black_in(10), 16);
    assert_eq!(black_in(20), 28);
    assert_eq!(black_in(30), 0);
}

#[test]
fn rgb_and_colormap_arrays() {
    let mut c = Canvas::new(4, 4).unwrap();
    let img = [
        255.0, 0.0, 0.0, 0.0, 255.0, 0.0, 0.0, 0.0, 255.0, 300.0, -5.0, 128.0,
    ];
    values::rgb_draw_matrix(&mut c, 0, 0, &img, &[2, 2, 3], (2, 2)).unwrap();
    assert_eq!(c.get(1, 1), Some(Rgb(255, 0, 0)));
    assert_eq!(c.get(2, 0), Some(Rgb(0, 255, 0)));
    assert_eq!(c.get(3, 3), Some(Rgb(255, 0, 128)));
    assert!(values::rgb_draw_matrix(&mut c, 0, 0, &img, &[2, 3, 3], (1, 1)).is_err());
    let data = [0.0, 1.0];
    values::draw_array(
        &mut c,
        0,
        0,
        Grid::new(&data, 1, 2).unwrap(),
        ColorMap::Hot,
        (0.0, 1.0),
        (1, 1),
    );
    assert_eq!(c.get(0, 0), Some(Rgb::BLACK));
    assert_eq!(c.get(1, 0), Some(Rgb::WHITE));
}

#[test]
fn pictures_write_and_decode() {
    let dir = scratch("pictures");
    let kernels: Vec<f32> = (0..6 * 25)
        .map(|i| ((i * 37 % 11) as f32 - 5.0) / 5.0)
        .collect();
    let tiles = weight_tiles(&kernels, &[6, 5, 5], &TileOptions::default()).unwrap();
    let conv: Vec<f32> = (0..4 * 3 * 9).map(|i| (i as f32 * 0.7).sin()).collect();
    let layer = weight_tiles(
        &conv,
        &[4, 3, 3, 3],
        &TileOptions {
            per_tile: true,
            map: ColorMap::BlueWhiteRed,
            ..TileOptions::default()
        },
    )
    .unwrap();
    let digit: Vec<f32> = (0..16 * 16)
        .map(|i| {
            if (i % 16_usize).abs_diff(8) < 3 {
                1.0
            } else {
                -1.0
            }
        })
        .collect();
    let c1: Vec<f32> = (0..4 * 12 * 12).map(|i| (i as f32 * 0.1).cos()).collect();
    let out = [0.1f32, 0.9, -0.5, 0.0, 0.2, 0.3, -0.9, 0.4, 0.0, 0.1];
    let maps = feature_maps(
        &[
            MapLayer {
                name: "input",
                data: &digit,
                dims: &[16, 16],
            },
            MapLayer {
                name: "c1",
                data: &c1,
                dims: &[4, 12, 12],
            },
            MapLayer {
                name: "output",
                data: &out,
                dims: &[10],
            },
        ],
        ColorMap::Gray,
    )
    .unwrap();
    let counts: Vec<f32> = (0..100)
        .map(|i| if i % 11 == 0 { 95.0 } else { (i % 3) as f32 })
        .collect();
    let conf = confusion_matrix(&counts, &[10, 10], &[], "test set").unwrap();
    let mut plot = Plot::new("error over epochs");
    plot.y_label = "mse".into();
    plot.series.push(Series::over_epochs(
        "train",
        &[0.9, 0.5, 0.3, 0.2, 0.15, 0.12, 0.1],
    ));
    plot.series.push(Series::over_epochs(
        "test",
        &[1.0, 0.6, 0.42, 0.35, 0.33, 0.32, 0.32],
    ));
    let curves = plot.render().unwrap();
    for (name, pic) in [
        ("tiles", &tiles),
        ("conv", &layer),
        ("maps", &maps),
        ("confusion", &conf),
        ("curves", &curves),
    ] {
        let path = dir.join(format!("{name}.png"));
        write_png(pic, &path).unwrap();
        let back = read_png(&path).unwrap();
        assert_eq!(&back, pic, "{name} survives the round trip");
    }
}
