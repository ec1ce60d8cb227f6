//! The formats intake accepts, judged by a file's content and never by its
//! name (seed 001: documentation and Fuldmagt come in a format that "kan
//! variere"; seed 002 §3.1: an eFaktura's attachments must be in a format
//! the system supports, and one that is not never blocks the invoice).

use crate::model::DokumentFormat;
use serde::{Deserialize, Serialize};

/// Largest single document intake accepts (10 MiB).
pub const MAX_INTAKE_BYTES: usize = 10 * 1024 * 1024;

/// Why a received file cannot be stored as a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttachmentFault {
    /// No bytes at all.
    Tom,
    /// More than [`MAX_INTAKE_BYTES`].
    ForStor,
    /// Not one of the formats of [`sniff`].
    UkendtFormat,
    /// Starts like a supported format but is cut off or broken.
    Beskadiget,
}

impl AttachmentFault {
    pub const ALL: &'static [AttachmentFault] =
        &[AttachmentFault::Tom, AttachmentFault::ForStor, AttachmentFault::UkendtFormat, AttachmentFault::Beskadiget];

    /// The Danish reason shown in the "Behandl eFaktura" info box.
    pub fn label(self) -> &'static str {
        match self {
            AttachmentFault::Tom => "Filen er tom",
            AttachmentFault::ForStor => "Filen er større end 10 MB",
            AttachmentFault::UkendtFormat => "Filformatet understøttes ikke",
            AttachmentFault::Beskadiget => "Filen er beskadiget",
        }
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const ZIP_LOCAL_HEADER: &[u8] = b"PK\x03\x04";
/// How far from the end a PDF's `%%EOF` may be (incremental updates and
/// trailing white space put it a little before the last byte).
const PDF_EOF_WINDOW: usize = 1024;

/// The format of a received file, by its content alone:
///
/// - empty: [`AttachmentFault::Tom`]; larger than [`MAX_INTAKE_BYTES`]:
///   [`AttachmentFault::ForStor`] (checked first, before any format);
/// - PDF: starts `%PDF-`; damaged when no `%%EOF` lies in its last 1024 bytes
///   (a file cut off in transit);
/// - JPEG: starts `FF D8 FF`; damaged unless it ends with the end-of-image
///   marker `FF D9` (trailing zero padding is allowed);
/// - PNG: the 8-byte PNG signature, then chunks (length, type, data, CRC)
///   read one by one; damaged when a chunk runs past the end of the file or
///   there is no `IEND` chunk;
/// - TIFF: `II*\0` (little-endian) or `MM\0*` (big-endian); damaged when the
///   first directory's offset lies outside the file;
/// - DOCX: a ZIP (`PK\x03\x04`) whose central directory lists an entry
///   named `word/document.xml`; any other ZIP is
///   [`AttachmentFault::UkendtFormat`]; a ZIP whose central directory is
///   missing or runs past the end (cut off) is damaged;
/// - XML: `<` as the first character after an optional UTF-8 byte order mark
///   and white space, unless the document is HTML or SVG (its root element,
///   or its `<!DOCTYPE`, after the XML declaration, processing instructions
///   and comments, is `html` or `svg`, in any case and with any namespace
///   prefix): a browser would run those as a page or an image with scripts,
///   so they are [`AttachmentFault::UkendtFormat`];
/// - anything else: [`AttachmentFault::UkendtFormat`].
///
/// Manual post ([`crate::casework::documents::check_upload`]) and intake
/// judge a file by this one rule.
pub fn sniff(bytes: &[u8]) -> Result<DokumentFormat, AttachmentFault> {
    if bytes.is_empty() {
        return Err(AttachmentFault::Tom);
    }
    if bytes.len() > MAX_INTAKE_BYTES {
        return Err(AttachmentFault::ForStor);
    }
    if bytes.starts_with(b"%PDF-") {
        let tail = &bytes[bytes.len().saturating_sub(PDF_EOF_WINDOW)..];
        return if contains(tail, b"%%EOF") { Ok(DokumentFormat::Pdf) } else { Err(AttachmentFault::Beskadiget) };
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        let end = bytes.len() - bytes.iter().rev().take_while(|&&b| b == 0).count();
        return if end >= 5 && bytes[..end].ends_with(&[0xFF, 0xD9]) { Ok(DokumentFormat::Jpeg) } else { Err(AttachmentFault::Beskadiget) };
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        return if png_complete(&bytes[PNG_SIGNATURE.len()..]) { Ok(DokumentFormat::Png) } else { Err(AttachmentFault::Beskadiget) };
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return if tiff_directory_inside(bytes) { Ok(DokumentFormat::Tiff) } else { Err(AttachmentFault::Beskadiget) };
    }
    if bytes.starts_with(ZIP_LOCAL_HEADER) {
        return match zip_entry_names(bytes) {
            None => Err(AttachmentFault::Beskadiget),
            Some(names) if names.contains(&&b"word/document.xml"[..]) => Ok(DokumentFormat::Docx),
            Some(_) => Err(AttachmentFault::UkendtFormat),
        };
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') if !is_page_or_image(text) => Ok(DokumentFormat::Xml),
        _ => Err(AttachmentFault::UkendtFormat),
    }
}

/// Whether markup text is HTML or SVG: the name of its root element (or of
/// its `<!DOCTYPE`), past the XML declaration, processing instructions and
/// comments, without a namespace prefix, is `html` or `svg` in any case.
/// Markup whose prolog never ends counts as such too (nothing to show).
fn is_page_or_image(mut text: &[u8]) -> bool {
    loop {
        text = text.trim_ascii_start();
        let skip_past = |t: &[u8], open: usize, close: &[u8]| t.get(open..).and_then(|r| find(r, close).map(|i| open + i + close.len()));
        let next = if text.starts_with(b"<?") {
            skip_past(text, 2, b"?>")
        } else if text.starts_with(b"<!--") {
            skip_past(text, 4, b"-->")
        } else if text.len() >= 9 && text[..9].eq_ignore_ascii_case(b"<!DOCTYPE") {
            return markup_name_is_page_or_image(&text[9..]);
        } else if let Some(rest) = text.strip_prefix(b"<") {
            return markup_name_is_page_or_image(rest);
        } else {
            return false;
        };
        match next {
            Some(at) => text = &text[at..],
            None => return true,
        }
    }
}

fn markup_name_is_page_or_image(rest: &[u8]) -> bool {
    let rest = rest.trim_ascii_start();
    let end = rest.iter().position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/' | b'[')).unwrap_or(rest.len());
    let name = &rest[..end];
    let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
    local.eq_ignore_ascii_case(b"html") || local.eq_ignore_ascii_case(b"svg")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

/// Walks the chunks after the PNG signature up to `IEND`.
fn png_complete(mut rest: &[u8]) -> bool {
    while rest.len() >= 12 {
        let len = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let kind = &rest[4..8];
        let Some(total) = len.checked_add(12) else { return false };
        if total > rest.len() {
            return false;
        }
        if kind == b"IEND" {
            return true;
        }
        rest = &rest[total..];
    }
    false
}

/// The first image file directory (offset at bytes 4..8, in the file's
/// byte order) must lie inside the file, with room for its entry count.
fn tiff_directory_inside(bytes: &[u8]) -> bool {
    if bytes.len() < 8 {
        return false;
    }
    let raw = [bytes[4], bytes[5], bytes[6], bytes[7]];
    let offset = if bytes[0] == b'I' { u32::from_le_bytes(raw) } else { u32::from_be_bytes(raw) } as usize;
    offset >= 8 && offset.checked_add(2).is_some_and(|end| end <= bytes.len())
}

fn le16(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn le32(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// The entry names of a ZIP's central directory, found through its end
/// record (`PK\x05\x06`, in the last 64 KiB + 22 bytes); `None` when the end
/// record is missing or an entry runs past the end of the file.
fn zip_entry_names(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    const END: &[u8] = b"PK\x05\x06";
    const ENTRY: &[u8] = b"PK\x01\x02";
    let search_from = bytes.len().saturating_sub(22 + 0xFFFF);
    let end = (search_from..=bytes.len().checked_sub(22)?).rev().find(|&i| &bytes[i..i + 4] == END)?;
    let count = le16(bytes, end + 10)?;
    let mut at = le32(bytes, end + 16)?;
    let mut names = Vec::with_capacity(count.min(1024));
    for _ in 0..count {
        if bytes.get(at..at + 4)? != ENTRY {
            return None;
        }
        let (name_len, extra_len, comment_len) = (le16(bytes, at + 28)?, le16(bytes, at + 30)?, le16(bytes, at + 32)?);
        names.push(bytes.get(at + 46..at + 46 + name_len)?);
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(names)
}
