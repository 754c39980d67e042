//! Colours: RGB triples, Lush colour numbers and colour maps.
//!
//! A colour number is what `(color c)` takes and `(alloccolor r g b)` returns:
//! `-1` is the foreground (black), `-2` the background (white), `-3` a middle
//! grey, and any number in `0 ..= 0xFFFFFF` is a packed `0xRRGGBB` colour.

use crate::error::{GraphicsError, Result};

/// An RGB colour, 8 bits per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Black, the default foreground.
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    /// White, the background of every window.
    pub const WHITE: Rgb = Rgb(255, 255, 255);
    /// The middle grey of `color-gray`.
    pub const GRAY: Rgb = Rgb(128, 128, 128);

    /// A grey level: 0 is black, 1 is white; out-of-range values are clipped.
    pub fn gray(level: f64) -> Rgb {
        let g = unit_to_byte(level);
        Rgb(g, g, g)
    }

    /// A colour from channels in `[0, 1]` (clipped).
    pub fn from_unit(r: f64, g: f64, b: f64) -> Rgb {
        Rgb(unit_to_byte(r), unit_to_byte(g), unit_to_byte(b))
    }

    /// The packed `0xRRGGBB` colour number of this colour.
    pub fn number(self) -> i64 {
        (i64::from(self.0) << 16) | (i64::from(self.1) << 8) | i64::from(self.2)
    }

    /// Linear interpolation between two colours, `t` in `[0, 1]`.
    pub fn lerp(self, other: Rgb, t: f64) -> Rgb {
        let t = if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(
            mix(self.0, other.0),
            mix(self.1, other.1),
            mix(self.2, other.2),
        )
    }
}

/// Colour number of the window foreground (black).
pub const COLOR_FG: i64 = -1;
/// Colour number of the window background (white).
pub const COLOR_BG: i64 = -2;
/// Colour number of the middle grey.
pub const COLOR_GRAY: i64 = -3;

/// Maps a value in `[0, 1]` to a byte, clipping; NaN gives 0.
pub fn unit_to_byte(v: f64) -> u8 {
    if v.is_nan() {
        0
    } else {
        (v.clamp(0.0, 1.0) * 255.0).round() as u8
    }
}

/// The colour of a colour number.
///
/// # Errors
/// `Domain` if the number is not -1, -2, -3 or a packed colour in `0 ..= 0xFFFFFF`.
pub fn resolve(number: i64) -> Result<Rgb> {
    match number {
        COLOR_FG => Ok(Rgb::BLACK),
        COLOR_BG => Ok(Rgb::WHITE),
        COLOR_GRAY => Ok(Rgb::GRAY),
        0..=0xFF_FFFF => Ok(Rgb(
            (number >> 16) as u8,
            ((number >> 8) & 0xFF) as u8,
            (number & 0xFF) as u8,
        )),
        _ => Err(GraphicsError::domain(
            "color",
            format!("{number} is not a colour number (-1, -2, -3 or 0..0xFFFFFF)"),
        )),
    }
}

/// A colour map: turns a value in `[0, 1]` into a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMap {
    /// Black to white.
    Gray,
    /// White to black (ink on paper: large values dark).
    GrayInverse,
    /// Black, red, yellow, white.
    Hot,
    /// Blue, white, red: for signed values centred on 0.
    BlueWhiteRed,
    /// The perceptually uniform viridis map (dark blue to yellow).
    Viridis,
}

const HOT: [Rgb; 4] = [
    Rgb(0, 0, 0),
    Rgb(230, 0, 0),
    Rgb(255, 210, 0),
    Rgb(255, 255, 255),
];
const BWR: [Rgb; 3] = [Rgb(33, 102, 172), Rgb(255, 255, 255), Rgb(178, 24, 43)];
const VIRIDIS: [Rgb; 6] = [
    Rgb(68, 1, 84),
    Rgb(65, 68, 135),
    Rgb(42, 120, 142),
    Rgb(34, 168, 132),
    Rgb(122, 209, 81),
    Rgb(253, 231, 37),
];

impl ColorMap {
    /// The map of a name: `gray`, `gray-inverse`, `hot`, `bwr`, `viridis`.
    ///
    /// # Errors
    /// `Domain` naming the known maps if `name` is none of them.
    pub fn from_name(name: &str) -> Result<ColorMap> {
        match name {
            "gray" | "grey" => Ok(ColorMap::Gray),
            "gray-inverse" | "grey-inverse" => Ok(ColorMap::GrayInverse),
            "hot" => Ok(ColorMap::Hot),
            "bwr" => Ok(ColorMap::BlueWhiteRed),
            "viridis" => Ok(ColorMap::Viridis),
            _ => Err(GraphicsError::domain(
                "colormap",
                format!("unknown colour map {name:?} (gray, gray-inverse, hot, bwr, viridis)"),
            )),
        }
    }

    /// The colour of `t` in `[0, 1]` (clipped; NaN maps to 0).
    pub fn at(self, t: f64) -> Rgb {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        match self {
            ColorMap::Gray => Rgb::gray(t),
            ColorMap::GrayInverse => Rgb::gray(1.0 - t),
            ColorMap::Hot => ramp(&HOT, t),
            ColorMap::BlueWhiteRed => ramp(&BWR, t),
            ColorMap::Viridis => ramp(&VIRIDIS, t),
        }
    }
}

/// Piecewise-linear interpolation between equally spaced colour stops.
fn ramp(stops: &[Rgb], t: f64) -> Rgb {
    let segments = stops.len() - 1;
    let pos = t * segments as f64;
    let i = (pos.floor() as usize).min(segments - 1);
    stops[i].lerp(stops[i + 1], pos - i as f64)
}

/// Maps `v` to `[0, 1]` so that `lo` gives 0 and `hi` gives 1 (clipped).
/// `lo` may exceed `hi` (the scale is reversed); an empty range maps to 0.5.
pub fn normalize(v: f64, lo: f64, hi: f64) -> f64 {
    let t = (v - lo) / (hi - lo);
    if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else if hi == lo || v.is_nan() {
        0.5
    } else {
        f64::from(u8::from(t > 0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        let c = Rgb(12, 200, 7);
        assert_eq!(resolve(c.number()), Ok(c));
        assert_eq!(resolve(COLOR_FG), Ok(Rgb::BLACK));
        assert_eq!(resolve(COLOR_BG), Ok(Rgb::WHITE));
        assert!(resolve(-4).is_err());
        assert!(resolve(0x100_0000).is_err());
    }

    #[test]
    fn maps_have_their_ends() {
        assert_eq!(ColorMap::Gray.at(0.0), Rgb::BLACK);
        assert_eq!(ColorMap::Gray.at(1.0), Rgb::WHITE);
        assert_eq!(ColorMap::Hot.at(1.0), Rgb::WHITE);
        assert_eq!(ColorMap::BlueWhiteRed.at(0.5), Rgb::WHITE);
        assert_eq!(ColorMap::Viridis.at(0.0), VIRIDIS[0]);
        assert_eq!(ColorMap::Viridis.at(2.0), VIRIDIS[5]);
        assert!(ColorMap::from_name("jet").is_err());
    }
}
