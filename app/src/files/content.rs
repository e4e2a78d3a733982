//! What an upload is, read from its bytes (never from its name alone): the kind of file,
//! and an image's width and height from its header. A file whose bytes are not what its
//! extension says is refused, and so is anything a browser would run or render as a
//! page, whatever it is called.

/// The kinds of file told apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Png,
    Jpeg,
    Gif,
    Webp,
    Pdf,
    /// A ZIP archive (also .docx, .xlsx, .odt, .ods).
    Zip,
    /// An OLE compound file (.doc, .xls).
    Ole,
    /// UTF-8 text without NUL bytes.
    Text,
    /// A program or a page: HTML, SVG, XML, script, Windows or ELF executable.
    Active,
    Other,
}

impl Kind {
    pub fn is_image(self) -> bool {
        matches!(self, Kind::Png | Kind::Jpeg | Kind::Gif | Kind::Webp)
    }

    /// The `Content-Type` it is served with: an image as itself, anything else as bytes
    /// to save (never a type a browser would render).
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Gif => "image/gif",
            Kind::Webp => "image/webp",
            _ => "application/octet-stream",
        }
    }

    /// The kind a file with extension `ext` must be; `None` for an extension with no
    /// single kind (any kind but [`Kind::Active`] passes).
    pub fn expected_for(ext: &str) -> Option<Kind> {
        Some(match ext {
            "png" => Kind::Png,
            "jpg" | "jpeg" | "jpe" => Kind::Jpeg,
            "gif" => Kind::Gif,
            "webp" => Kind::Webp,
            "pdf" => Kind::Pdf,
            "zip" | "docx" | "xlsx" | "pptx" | "odt" | "ods" | "odp" => Kind::Zip,
            "doc" | "xls" | "ppt" => Kind::Ole,
            "txt" | "csv" => Kind::Text,
            _ => return None,
        })
    }
}

/// An upload as read from its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sniffed {
    pub kind: Kind,
    /// An image's size in pixels.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn le16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
}

/// Width and height of a PNG: the IHDR chunk must come first.
fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    (b.get(12..16)? == b"IHDR").then_some(())?;
    Some((be32(b, 16)?, be32(b, 20)?))
}

/// Width and height of a JPEG, from its first frame header (SOFn).
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    while at + 4 <= b.len() {
        if b[at] != 0xFF {
            return None;
        }
        let marker = b[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let len = be16(b, at + 2)? as usize;
        let is_frame = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            return Some((be16(b, at + 7)?, be16(b, at + 5)?));
        }
        if len < 2 {
            return None;
        }
        at += 2 + len;
    }
    None
}

/// Width and height of a WebP (lossy, lossless or extended).
fn webp_size(b: &[u8]) -> Option<(u32, u32)> {
    match b.get(12..16)? {
        b"VP8 " => {
            (b.get(23..26)? == [0x9D, 0x01, 0x2A]).then_some(())?;
            Some((le16(b, 26)? & 0x3FFF, le16(b, 28)? & 0x3FFF))
        }
        b"VP8L" => {
            (*b.get(20)? == 0x2F).then_some(())?;
            let bits = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
        _ => None,
    }
}

/// Whether text starts like a page or a script a browser would run.
fn looks_active(b: &[u8]) -> bool {
    let start: String = String::from_utf8_lossy(&b[..b.len().min(512)])
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "<!doctype",
        "<html",
        "<svg",
        "<script",
        "<?xml",
        "<?php",
        "<body",
        "<head",
        "<iframe",
    ]
    .iter()
    .any(|p| start.starts_with(p))
}

/// Read what `bytes` are. An image whose header cannot be read is [`Kind::Other`].
pub fn sniff(bytes: &[u8]) -> Sniffed {
    let image = |kind: Kind, size: Option<(u32, u32)>| match size {
        Some((w, h)) if w > 0 && h > 0 => Sniffed {
            kind,
            width: Some(w),
            height: Some(h),
        },
        _ => Sniffed {
            kind: Kind::Other,
            width: None,
            height: None,
        },
    };
    let plain = |kind: Kind| Sniffed {
        kind,
        width: None,
        height: None,
    };
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        image(Kind::Png, png_size(bytes))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        image(Kind::Jpeg, jpeg_size(bytes))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        image(Kind::Gif, le16(bytes, 6).zip(le16(bytes, 8)))
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        image(Kind::Webp, webp_size(bytes))
    } else if bytes.starts_with(b"%PDF-") {
        plain(Kind::Pdf)
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        plain(Kind::Zip)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        plain(Kind::Ole)
    } else if bytes.starts_with(b"MZ") || bytes.starts_with(b"\x7fELF") || looks_active(bytes) {
        plain(Kind::Active)
    } else if !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok() {
        plain(Kind::Text)
    } else {
        plain(Kind::Other)
    }
}

#[cfg(test)]
pub(crate) mod samples {
    /// A PNG header of `w`×`h` pixels (enough for [`super::sniff`]).
    pub fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes, the kind they are, an image's width and height.
    type Case = (Vec<u8>, Kind, Option<(u32, u32)>);

    #[test]
    fn each_kind_is_told_by_its_bytes() {
        let cases: Vec<Case> = vec![
            (samples::png(640, 480), Kind::Png, Some((640, 480))),
            (
                // SOI, an APP0 segment, then SOF0 of 300×200.
                [
                    &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00][..],
                    &[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 200, 0x01, 0x2C, 0x03],
                ]
                .concat(),
                Kind::Jpeg,
                Some((300, 200)),
            ),
            (
                b"GIF89a\x20\x00\x10\x00\x80\x00\x00".to_vec(),
                Kind::Gif,
                Some((32, 16)),
            ),
            (
                [
                    &b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0"[..],
                    &[99, 0, 0, 49, 0, 0],
                ]
                .concat(),
                Kind::Webp,
                Some((100, 50)),
            ),
            (b"%PDF-1.7\n".to_vec(), Kind::Pdf, None),
            (b"PK\x03\x04rest".to_vec(), Kind::Zip, None),
            (b"name;city\nZo\xc3\xab;Ghent\n".to_vec(), Kind::Text, None),
            (b"  <!DOCTYPE html><script>".to_vec(), Kind::Active, None),
            (b"<svg onload=alert(1)>".to_vec(), Kind::Active, None),
            (b"MZ\x90\0".to_vec(), Kind::Active, None),
            (b"\0\x01\x02binary".to_vec(), Kind::Other, None),
            // A PNG signature without its header chunk is no image.
            (b"\x89PNG\r\n\x1a\n<html>".to_vec(), Kind::Other, None),
        ];
        for (bytes, kind, size) in cases {
            let s = sniff(&bytes);
            assert_eq!(s.kind, kind, "{:?}", String::from_utf8_lossy(&bytes));
            assert_eq!(s.width.zip(s.height), size, "{kind:?}");
        }
    }
}
