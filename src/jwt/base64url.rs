//! base64url as JWS uses it: RFC 7515 section 2 ("Base64url Encoding") and
//! RFC 4648 section 5, with all trailing `=` removed.
//!
//! The strict decoder is what a verifier uses: padding, `+`, `/`, whitespace
//! and non-canonical trailing bits are all rejected, so every token has exactly
//! one spelling. The lenient decoder is for display only and says what it
//! tolerated.
//!
//! The codec itself is the `base64` crate; this module chooses its
//! configuration and turns its errors into sentences with positions.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::{DecodeError, Engine as _};
use std::fmt;

/// The verifier's engine: RFC 4648 section 5 alphabet, no `=` at all
/// (RFC 7515 section 2), and the leftover bits of the last character must be
/// zero (RFC 4648 section 3.5), so each byte string has exactly one spelling.
const STRICT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// The display engine, used only after [`STRICT`] refused the leftover bits:
/// the same alphabet, the bits ignored.
const TOLERANT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

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
    STRICT.encode(bytes)
}

/// Append the base64url of `bytes` (no padding) to `out`.
pub fn encode_into(bytes: &[u8], out: &mut String) {
    STRICT.encode_string(bytes, out);
}

/// Encode bytes as standard base64 with padding (used to show the difference).
pub fn encode_standard(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decode standard base64 with padding (a DER key printed without its PEM
/// lines). `None` when it is not that.
pub fn decode_standard(text: &str) -> Option<Vec<u8>> {
    STANDARD.decode(text).ok()
}

/// The first character outside `A-Z a-z 0-9 - _`, as a typed error with its
/// (0-based, character) position. Checked before the engine runs so that `=`,
/// `+`, `/` and whitespace each get their own explanation.
fn check_alphabet(text: &str) -> Result<(), Base64Error> {
    for (position, c) in text.chars().enumerate() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' => {}
            '=' => return Err(Base64Error::Padding { position }),
            '+' | '/' => return Err(Base64Error::StandardAlphabet { position, found: c }),
            c if c.is_whitespace() => return Err(Base64Error::Whitespace { position }),
            found => return Err(Base64Error::InvalidCharacter { position, found }),
        }
    }
    Ok(())
}

/// The crate's error in our terms. `text` is pure alphabet by now (see
/// [`check_alphabet`]), so byte offsets are character positions.
fn from_crate(text: &str, error: DecodeError) -> Base64Error {
    match error {
        DecodeError::InvalidByte(position, byte) => match byte {
            b'=' => Base64Error::Padding { position },
            b'+' | b'/' => Base64Error::StandardAlphabet {
                position,
                found: char::from(byte),
            },
            b if b.is_ascii_whitespace() => Base64Error::Whitespace { position },
            b => Base64Error::InvalidCharacter {
                position,
                found: char::from(b),
            },
        },
        DecodeError::InvalidLength(_) => Base64Error::ImpossibleLength { length: text.len() },
        DecodeError::InvalidLastSymbol(position, _) => {
            Base64Error::NonCanonicalTrailingBits { position }
        }
        DecodeError::InvalidPadding => Base64Error::Padding {
            position: text.find('=').unwrap_or(text.len()),
        },
    }
}

/// Strict decode: the only spelling a verifier accepts.
pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    check_alphabet(text)?;
    // Every character is ASCII from here on, so byte length == char count.
    let length = text.len();
    if length % 4 == 1 {
        return Err(Base64Error::ImpossibleLength { length });
    }
    STRICT.decode(text).map_err(|e| from_crate(text, e))
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
    // The usual case, a segment in the base64url alphabet only, is decoded
    // as it is: no copy of a megabyte character by character.
    let canonical = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let cleaned: std::borrow::Cow<'_, str> = if canonical {
        std::borrow::Cow::Borrowed(text)
    } else {
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
        std::borrow::Cow::Owned(cleaned)
    };
    match decode(&cleaned) {
        Ok(bytes) => Ok((bytes, tolerated)),
        Err(Base64Error::NonCanonicalTrailingBits { .. }) => {
            let bytes = TOLERANT
                .decode(cleaned.as_ref())
                .map_err(|e| from_crate(&cleaned, e))?;
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

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

fn push_hex(out: &mut String, b: u8) {
    for nibble in [b >> 4, b & 15] {
        out.push(
            HEX_DIGITS
                .get(usize::from(nibble))
                .map_or('0', |&d| char::from(d)),
        );
    }
}

/// Lower-case hex of bytes, grouped in pairs separated by spaces.
pub fn hex_spaced(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for (i, &b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_hex(&mut out, b);
    }
    out
}

/// Lower-case hex of bytes, no separators.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        push_hex(&mut out, b);
    }
    out
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
