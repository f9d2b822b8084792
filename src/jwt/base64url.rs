//! base64url as JWS uses it: RFC 7515 section 2 ("Base64url Encoding") and
//! RFC 4648 section 5, with all trailing `=` removed.
//!
//! The strict decoder is what a verifier uses: padding, `+`, `/`, whitespace
//! and non-canonical trailing bits are all rejected, so every token has exactly
//! one spelling. The lenient decoder is for display only and says what it
//! tolerated.

use std::fmt;

/// RFC 4648 section 5: the URL- and filename-safe alphabet.
const URL_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// RFC 4648 section 4: standard base64.
const STANDARD_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Append the base64 of `bytes` in `alphabet`, with `=` padding or without.
fn encode_with(bytes: &[u8], alphabet: &[u8; 64], pad: bool, out: &mut String) {
    let symbol = |six: u32| {
        alphabet
            .get((six & 63) as usize)
            .map_or('A', |&b| char::from(b))
    };
    out.reserve(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let (a, b, c) = match *chunk {
            [a, b, c] => (a, Some(b), Some(c)),
            [a, b] => (a, Some(b), None),
            [a] => (a, None, None),
            _ => continue,
        };
        let n = u32::from(a) << 16 | u32::from(b.unwrap_or(0)) << 8 | u32::from(c.unwrap_or(0));
        out.push(symbol(n >> 18));
        out.push(symbol(n >> 12));
        match (b, c) {
            (Some(_), Some(_)) => {
                out.push(symbol(n >> 6));
                out.push(symbol(n));
            }
            (Some(_), None) => {
                out.push(symbol(n >> 6));
                if pad {
                    out.push('=');
                }
            }
            _ => {
                if pad {
                    out.push_str("==");
                }
            }
        }
    }
}

/// The 6-bit value of a base64url character.
fn value(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Decode base64url whose characters and length were already checked.
/// Leftover bits in the last character are an error unless `allow_trailing`.
fn decode_checked(text: &str, allow_trailing: bool) -> Result<Vec<u8>, Base64Error> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    for (i, chunk) in bytes.chunks(4).enumerate() {
        let mut n = 0u32;
        for (j, &c) in chunk.iter().enumerate() {
            let v = value(c).ok_or(Base64Error::InvalidCharacter {
                position: i * 4 + j,
                found: char::from(c),
            })?;
            n |= v << (18 - 6 * j as u32);
        }
        let [_, b0, b1, b2] = n.to_be_bytes();
        let (keep, leftover) = match chunk.len() {
            4 => (3, 0),
            3 => (2, n & 0xff),
            2 => (1, n & 0xffff),
            length => return Err(Base64Error::ImpossibleLength { length }),
        };
        if leftover != 0 && !allow_trailing {
            return Err(Base64Error::NonCanonicalTrailingBits {
                position: bytes.len() - 1,
            });
        }
        out.extend([b0, b1, b2].into_iter().take(keep));
    }
    Ok(out)
}

/// Why a segment is not canonical base64url.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Base64Error {
    /// `=` padding, which JWS strips (RFC 7515 section 2).
    Padding { position: usize },
    /// `+` or `/`: characters of standard base64, not of base64url.
    StandardAlphabet { position: usize, found: char },
    /// Spaces, tabs or line breaks inside a segment.
    Whitespace { position: usize },
    /// Any other character outside `A-Z a-z 0-9 - _`.
    InvalidCharacter { position: usize, found: char },
    /// A length of 4n+1 characters cannot come from any byte string.
    ImpossibleLength { length: usize },
    /// The last character carries bits that must be zero, so this spelling
    /// is not the one an encoder would produce (RFC 4648 section 3.5).
    NonCanonicalTrailingBits { position: usize },
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Base64Error::Padding { position } => write!(
                f,
                "'=' padding at character {}: JWTs strip base64 padding, so '=' never appears",
                position + 1
            ),
            Base64Error::StandardAlphabet { position, found } => write!(
                f,
                "'{found}' at character {}: that is standard base64; base64url uses '-' and '_' instead of '+' and '/'",
                position + 1
            ),
            Base64Error::Whitespace { position } => write!(
                f,
                "whitespace at character {}: a token segment cannot contain spaces or line breaks",
                position + 1
            ),
            Base64Error::InvalidCharacter { position, found } => write!(
                f,
                "'{}' at character {} is not a base64url character (only A-Z, a-z, 0-9, '-' and '_')",
                found.escape_default(),
                position + 1
            ),
            Base64Error::ImpossibleLength { length } => write!(
                f,
                "{length} characters cannot be base64url: one character too many or too few (a length of 4n+1 never decodes)"
            ),
            Base64Error::NonCanonicalTrailingBits { position } => write!(
                f,
                "the last character (position {}) has leftover bits set, so no encoder would write it this way",
                position + 1
            ),
        }
    }
}

impl std::error::Error for Base64Error {}

/// Encode bytes as base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    encode_into(bytes, &mut out);
    out
}

/// Append the base64url of `bytes` (no padding) to `out`.
pub fn encode_into(bytes: &[u8], out: &mut String) {
    encode_with(bytes, URL_ALPHABET, false, out);
}

/// Encode bytes as standard base64 with padding (used to show the difference).
pub fn encode_standard(bytes: &[u8]) -> String {
    let mut out = String::new();
    encode_with(bytes, STANDARD_ALPHABET, true, &mut out);
    out
}

/// Strict decode: the only spelling a verifier accepts.
pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    for (position, c) in text.chars().enumerate() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' => {}
            '=' => return Err(Base64Error::Padding { position }),
            '+' | '/' => return Err(Base64Error::StandardAlphabet { position, found: c }),
            c if c.is_whitespace() => return Err(Base64Error::Whitespace { position }),
            found => return Err(Base64Error::InvalidCharacter { position, found }),
        }
    }
    // Every character is ASCII from here on, so byte length == char count.
    let length = text.len();
    if length % 4 == 1 {
        return Err(Base64Error::ImpossibleLength { length });
    }
    decode_checked(text, false)
}

/// What the lenient decoder had to forgive.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Tolerated {
    Padding,
    StandardAlphabet,
    Whitespace,
    TrailingBits,
}

impl fmt::Display for Tolerated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tolerated::Padding => "ignored '=' padding",
            Tolerated::StandardAlphabet => "read standard-base64 '+' and '/' as '-' and '_'",
            Tolerated::Whitespace => "ignored whitespace",
            Tolerated::TrailingBits => "ignored non-zero leftover bits in the last character",
        })
    }
}

/// Lenient decode for display: forgives padding, `+`/`/`, whitespace and
/// leftover bits, and reports each thing it forgave. A verifier must never use it.
pub fn decode_lenient(text: &str) -> Result<(Vec<u8>, Vec<Tolerated>), Base64Error> {
    let mut tolerated = Vec::new();
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '=' => push_once(&mut tolerated, Tolerated::Padding),
            '+' => {
                push_once(&mut tolerated, Tolerated::StandardAlphabet);
                cleaned.push('-');
            }
            '/' => {
                push_once(&mut tolerated, Tolerated::StandardAlphabet);
                cleaned.push('_');
            }
            c if c.is_whitespace() => push_once(&mut tolerated, Tolerated::Whitespace),
            c => cleaned.push(c),
        }
    }
    match decode(&cleaned) {
        Ok(bytes) => Ok((bytes, tolerated)),
        Err(Base64Error::NonCanonicalTrailingBits { .. }) => {
            let bytes = decode_checked(&cleaned, true)?;
            push_once(&mut tolerated, Tolerated::TrailingBits);
            Ok((bytes, tolerated))
        }
        Err(e) => Err(e),
    }
}

fn push_once(list: &mut Vec<Tolerated>, item: Tolerated) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Lower-case hex of bytes, grouped in pairs separated by spaces.
pub fn hex_spaced(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Lower-case hex of bytes, no separators.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_strips_padding() {
        assert_eq!(encode(b"a"), "YQ");
        assert_eq!(encode_standard(b"a"), "YQ==");
        assert_eq!(decode("YQ").as_deref(), Ok(&b"a"[..]));
    }

    #[test]
    fn strict_rejects_each_non_canonical_form() {
        assert_eq!(decode("YQ=="), Err(Base64Error::Padding { position: 2 }));
        assert!(matches!(
            decode("a+b/"),
            Err(Base64Error::StandardAlphabet { position: 1, .. })
        ));
        assert_eq!(decode("Y Q"), Err(Base64Error::Whitespace { position: 1 }));
        assert_eq!(
            decode("YQABC"),
            Err(Base64Error::ImpossibleLength { length: 5 })
        );
        // 'YR' decodes to 'a' only if leftover bits are ignored: R = 010001.
        assert_eq!(
            decode("YR"),
            Err(Base64Error::NonCanonicalTrailingBits { position: 1 })
        );
        assert!(matches!(
            decode("é"),
            Err(Base64Error::InvalidCharacter { found: 'é', .. })
        ));
    }

    #[test]
    fn lenient_says_what_it_forgave() {
        let (bytes, notes) = decode_lenient(" YQ== ").unwrap_or_default();
        assert_eq!(bytes, b"a");
        assert_eq!(notes, vec![Tolerated::Whitespace, Tolerated::Padding]);
        let (bytes, notes) = decode_lenient("YR").unwrap_or_default();
        assert_eq!(bytes, b"a");
        assert_eq!(notes, vec![Tolerated::TrailingBits]);
    }
}
