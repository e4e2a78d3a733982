//! A CAPTCHA's picture: the answer's symbols drawn as SVG outlines, each turned, sized
//! and set on its own, every outline bent by a wave that differs from picture to
//! picture, over crossing lines and specks. The outlines come from [`super::glyphs`]
//! and are never the same twice, so the picture holds no text and no path a script
//! could look up. Pure: the same answer and seed give the same picture.

use super::glyphs::{GLYPHS, UNITS_PER_EM};
use std::fmt::Write as _;

/// The picture's size in CSS pixels.
pub const WIDTH: f64 = 200.0;
pub const HEIGHT: f64 = 64.0;

/// A small deterministic generator for the picture's wobble (the answer itself comes
/// from the operating system's generator).
struct Wobble(u64);

impl Wobble {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `[low, high)`.
    fn between(&mut self, low: f64, high: f64) -> f64 {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        low + unit * (high - low)
    }
}

/// Whether the pictures can draw `symbol`.
pub fn drawable(symbol: char) -> bool {
    GLYPHS.binary_search_by(|(c, _, _)| c.cmp(&symbol)).is_ok()
}

fn glyph(symbol: char) -> Option<(f64, &'static str)> {
    GLYPHS
        .binary_search_by(|(c, _, _)| c.cmp(&symbol))
        .ok()
        .map(|i| (GLYPHS[i].1, GLYPHS[i].2))
}

/// One symbol's placement: font units to picture pixels, then the wave.
struct Placement {
    scale: f64,
    cos: f64,
    sin: f64,
    /// The symbol's centre in font units, turned about.
    cx: f64,
    cy: f64,
    /// Where that centre lands in the picture.
    x: f64,
    y: f64,
    wave: (f64, f64, f64, f64),
}

impl Placement {
    fn point(&self, fx: f64, fy: f64) -> (f64, f64) {
        // Font y grows upwards; the picture's grows downwards.
        let (dx, dy) = ((fx - self.cx) * self.scale, (self.cy - fy) * self.scale);
        let (rx, ry) = (dx * self.cos - dy * self.sin, dx * self.sin + dy * self.cos);
        let (px, py) = (self.x + rx, self.y + ry);
        let (amp_x, freq_x, amp_y, freq_y) = self.wave;
        (
            px + amp_x * (py * freq_y).sin(),
            py + amp_y * (px * freq_x).cos(),
        )
    }
}

/// `d` (absolute M, L, H, V, Q and Z commands, as `generate.py` writes them) placed and
/// bent, written to `out`.
fn write_path(out: &mut String, d: &str, at: &Placement) {
    let mut numbers = Vec::new();
    let mut command = ' ';
    let emit =
        |out: &mut String, command: char, numbers: &[f64], cur: &mut (f64, f64)| match command {
            'M' | 'L' => {
                for pair in numbers.chunks_exact(2) {
                    let (x, y) = at.point(pair[0], pair[1]);
                    let _ = write!(out, "{command}{x:.1} {y:.1}");
                    *cur = (pair[0], pair[1]);
                }
            }
            'H' => {
                for &fx in numbers {
                    let (x, y) = at.point(fx, cur.1);
                    let _ = write!(out, "L{x:.1} {y:.1}");
                    cur.0 = fx;
                }
            }
            'V' => {
                for &fy in numbers {
                    let (x, y) = at.point(cur.0, fy);
                    let _ = write!(out, "L{x:.1} {y:.1}");
                    cur.1 = fy;
                }
            }
            'Q' => {
                for quad in numbers.chunks_exact(4) {
                    let (x1, y1) = at.point(quad[0], quad[1]);
                    let (x, y) = at.point(quad[2], quad[3]);
                    let _ = write!(out, "Q{x1:.1} {y1:.1} {x:.1} {y:.1}");
                    *cur = (quad[2], quad[3]);
                }
            }
            'Z' => out.push('Z'),
            _ => {}
        };
    let mut cur = (0.0, 0.0);
    let mut token = String::new();
    for ch in d.chars().chain(std::iter::once('\0')) {
        if ch.is_ascii_digit() || ch == '.' || (ch == '-' && token.is_empty()) {
            token.push(ch);
            continue;
        }
        if !token.is_empty() {
            if let Ok(n) = token.parse::<f64>() {
                numbers.push(n);
            }
            token.clear();
        }
        if ch == '-' {
            token.push(ch);
        } else if ch.is_ascii_alphabetic() || ch == '\0' {
            if command != ' ' {
                emit(out, command, &numbers, &mut cur);
            }
            numbers.clear();
            command = ch;
        }
    }
}

/// The picture of `answer` (symbols [`drawable`] or skipped), wobbling by `seed`.
pub fn svg(answer: &str, seed: u64) -> String {
    let mut rng = Wobble(seed | 1);
    let mut out = String::with_capacity(8_192);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\"><rect width=\"100%\" height=\"100%\" fill=\"#f6f7f9\"/>"
    );
    // Lines behind the symbols.
    for _ in 0..4 {
        noise_line(&mut out, &mut rng, "#9aa3b2");
    }
    let symbols: Vec<(f64, &str)> = answer.chars().filter_map(glyph).collect();
    let size = 38.0;
    let base_scale = size / UNITS_PER_EM;
    let total: f64 = symbols.iter().map(|(w, _)| w * base_scale * 0.92).sum();
    let mut x = ((WIDTH - total) / 2.0).max(4.0);
    let wave = (
        rng.between(1.0, 2.2),
        rng.between(0.05, 0.11),
        rng.between(1.0, 2.2),
        rng.between(0.05, 0.11),
    );
    for (advance, d) in symbols {
        let scale = base_scale * rng.between(0.9, 1.12);
        let angle = rng.between(-0.38, 0.38);
        let width = advance * scale * 0.92;
        let at = Placement {
            scale,
            cos: angle.cos(),
            sin: angle.sin(),
            cx: advance / 2.0,
            cy: 700.0,
            x: x + width / 2.0,
            y: HEIGHT / 2.0 + rng.between(-5.0, 5.0),
            wave,
        };
        let shade =
            ["#1f2a44", "#2b1f44", "#12363a", "#3a1f1f", "#1f3a24"][(rng.next() % 5) as usize];
        out.push_str("<path fill=\"");
        out.push_str(shade);
        out.push_str("\" d=\"");
        write_path(&mut out, d, &at);
        out.push_str("\"/>");
        x += width;
    }
    // And across them.
    for _ in 0..3 {
        noise_line(&mut out, &mut rng, "#4b5567");
    }
    for _ in 0..40 {
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\" fill=\"#5b6577\"/>",
            rng.between(0.0, WIDTH),
            rng.between(0.0, HEIGHT),
            rng.between(0.4, 1.3)
        );
    }
    out.push_str("</svg>");
    out
}

fn noise_line(out: &mut String, rng: &mut Wobble, colour: &str) {
    let _ = write!(
        out,
        "<path fill=\"none\" stroke=\"{colour}\" stroke-width=\"{:.1}\" \
         d=\"M{:.1} {:.1}Q{:.1} {:.1} {:.1} {:.1}\"/>",
        rng.between(1.0, 2.2),
        rng.between(0.0, 20.0),
        rng.between(0.0, HEIGHT),
        rng.between(40.0, WIDTH - 40.0),
        rng.between(-20.0, HEIGHT + 20.0),
        rng.between(WIDTH - 20.0, WIDTH),
        rng.between(0.0, HEIGHT),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_symbol_can_be_drawn() {
        for symbol in "ABCDEFGHJKMnpqrstuvwxyz23456789".chars() {
            assert!(drawable(symbol), "{symbol}");
        }
        assert!(!drawable('é'));
        assert!(!drawable('<'));
    }

    #[test]
    fn a_picture_holds_no_text_and_differs_each_time() {
        let a = svg("Ab3x", 1);
        let b = svg("Ab3x", 2);
        assert!(a.starts_with("<svg") && a.ends_with("</svg>"));
        assert!(!a.contains("<text"));
        assert_ne!(a, b);
        // The same seed draws the same picture (a reload of one challenge).
        assert_eq!(a, svg("Ab3x", 1));
        // No outline is the font's own path data.
        for (_, _, d) in GLYPHS {
            assert!(!a.contains(&d[..d.len().min(24)]));
        }
        // One filled outline per symbol.
        assert_eq!(a.matches("<path fill=\"#").count(), 4);
    }

    #[test]
    fn outlines_stay_near_the_picture() {
        let picture = svg("MWmw88", 7);
        let numbers: Vec<f64> = picture
            .split("d=\"")
            .skip(1)
            .flat_map(|rest| {
                rest.split('"')
                    .next()
                    .unwrap_or_default()
                    .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
                    .filter_map(|n| n.parse::<f64>().ok())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert!(numbers.len() > 100);
        for n in numbers {
            assert!((-40.0..=WIDTH + 40.0).contains(&n), "{n}");
        }
    }
}
