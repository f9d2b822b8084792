//! ECDSA signatures in the wrong encoding. A JWS carries an ES256/384/512
//! signature as the two numbers `r` and `s` side by side, each padded to the
//! curve's size (RFC 7518 section 3.4). Most crypto libraries hand out the
//! other form, an ASN.1 DER `SEQUENCE { INTEGER r, INTEGER s }` (RFC 3279
//! section 2.2.3, X.690 section 8.3): Node's `crypto.sign` unless told
//! `dsaEncoding: 'ieee-p1363'`, Java's `SHA256withECDSA`, `openssl dgst
//! -sign`. A token signed that way fails every JOSE verifier; this module
//! recognises the shape so the debugger can name the cause.

/// `signature` read as a DER `SEQUENCE` of two positive `INTEGER`s, each at
/// most `coordinate_len` bytes, and rewritten as the JOSE `r || s`
/// (`2 * coordinate_len` bytes). `None` unless every byte fits that shape.
pub fn der_to_raw(signature: &[u8], coordinate_len: usize) -> Option<Vec<u8>> {
    let (tag, rest) = signature.split_first()?;
    if *tag != 0x30 {
        return None;
    }
    let (body, rest) = read_length(rest)?;
    if !rest.is_empty() || body.is_empty() {
        return None;
    }
    let (r, body) = read_integer(body, coordinate_len)?;
    let (s, body) = read_integer(body, coordinate_len)?;
    if !body.is_empty() {
        return None;
    }
    let mut raw = vec![0u8; 2 * coordinate_len];
    // Right-align each number in its half (big-endian, left-padded with zeros).
    raw.get_mut(coordinate_len - r.len()..coordinate_len)?
        .copy_from_slice(r);
    raw.get_mut(2 * coordinate_len - s.len()..)?
        .copy_from_slice(s);
    Some(raw)
}

/// A DER length (short form, or long form of one or two bytes) and the
/// bytes it covers, then what follows them.
fn read_length(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (first, rest) = bytes.split_first()?;
    let (len, rest) = match *first {
        n @ 0..=0x7f => (usize::from(n), rest),
        0x81 => {
            let (n, rest) = rest.split_first()?;
            (usize::from(*n), rest)
        }
        0x82 => {
            let (hi, rest) = rest.split_first()?;
            let (lo, rest) = rest.split_first()?;
            (usize::from(*hi) << 8 | usize::from(*lo), rest)
        }
        _ => return None,
    };
    if rest.len() < len {
        return None;
    }
    Some(rest.split_at(len))
}

/// A positive DER `INTEGER` of at most `max` bytes once its sign byte is
/// dropped, and what follows it.
fn read_integer(bytes: &[u8], max: usize) -> Option<(&[u8], &[u8])> {
    let (tag, rest) = bytes.split_first()?;
    if *tag != 0x02 {
        return None;
    }
    let (value, rest) = read_length(rest)?;
    let first = *value.first()?;
    if first & 0x80 != 0 {
        // Negative: never an ECDSA r or s.
        return None;
    }
    // A leading zero only marks a number whose top bit is set.
    let value = match value {
        [0, next, ..] if next & 0x80 != 0 => value.get(1..)?,
        [0, _, ..] => return None,
        _ => value,
    };
    if value.len() > max {
        return None;
    }
    Some((value, rest))
}

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn reads_der_into_r_and_s() {
        // r = 0x80 01 (needs a sign byte), s = 0x05.
        let der = [0x30, 0x08, 0x02, 0x03, 0x00, 0x80, 0x01, 0x02, 0x01, 0x05];
        let raw = der_to_raw(&der, 4).unwrap();
        assert_eq!(raw, vec![0, 0, 0x80, 0x01, 0, 0, 0, 0x05]);
    }

    #[test]
    fn refuses_what_is_not_exactly_der() {
        assert_eq!(der_to_raw(&[], 32), None);
        assert_eq!(der_to_raw(&[0x30], 32), None);
        assert_eq!(der_to_raw(&[0x30, 0x00], 32), None);
        // A raw r||s that happens to start with 0x30.
        let mut raw = vec![0x30; 64];
        raw[1] = 0x3e;
        assert_eq!(der_to_raw(&raw, 32), None);
        // Trailing bytes, a negative number, a needless zero, too long a number.
        assert_eq!(der_to_raw(&[0x30, 0x06, 2, 1, 1, 2, 1, 1, 0], 32), None);
        assert_eq!(der_to_raw(&[0x30, 0x06, 2, 1, 0x81, 2, 1, 1], 32), None);
        assert_eq!(der_to_raw(&[0x30, 0x07, 2, 2, 0, 1, 2, 1, 1], 32), None);
        assert_eq!(der_to_raw(&[0x30, 0x07, 2, 2, 1, 1, 2, 1, 1], 1), None);
        // A length that claims more than there is.
        assert_eq!(der_to_raw(&[0x30, 0x82, 0xff, 0xff, 2], 32), None);
    }

    #[test]
    fn any_bytes_are_safe() {
        for len in 0..80usize {
            for seed in 0..64u8 {
                let bytes: Vec<u8> = (0..len)
                    .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
                    .collect();
                let _ = der_to_raw(&bytes, 32);
                let mut shaped = bytes.clone();
                if let Some(b) = shaped.first_mut() {
                    *b = 0x30;
                }
                let _ = der_to_raw(&shaped, 32);
            }
        }
    }
}
