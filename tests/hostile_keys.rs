//! Key fields and tokens as an attacker would fill them (issue 26): RSA
//! keys of any size are read alike, public or private, up to 16,384 bits;
//! bigger moduli and strange exponents are refused with a sentence before
//! any arithmetic; a field of thousands of keys is read up to a bound that
//! it names; the secret guesser refuses a megabyte token; repeated warnings
//! are counted rather than merged.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::display::tally;
use jwt_playground::jwt::guess::{CrackStatus, Cracker, MAX_CRACK_INPUT};
use jwt_playground::jwt::MAX_KEYS;
use jwt_playground::jwt::{Algorithm, KeyEncoding, KeyError, KeySet, Material, PublicKey};
use jwt_playground::jwt::{KeyReadError, MAX_RSA_BITS};
use rsa::pkcs1::der::pem::LineEnding;
use rsa::pkcs1::der::Encode;
use rsa::pkcs1::UintRef;

mod common;
use common::rsa_key;

const E: [u8; 3] = [1, 0, 1];

/// An odd modulus of exactly `bits` bits: not a product of two primes, but
/// nothing a verifier can tell from the key alone.
fn modulus(bits: usize) -> Vec<u8> {
    let mut n = vec![0u8; bits.div_ceil(8)];
    n[0] = 1 << ((bits - 1) % 8);
    *n.last_mut().unwrap() |= 1;
    n
}

fn pem(label: &str, der: &[u8]) -> String {
    rsa::pkcs1::der::pem::encode_string(label, LineEnding::LF, der).unwrap()
}

/// A PKCS#1 private key block with this modulus (the other numbers are
/// filler: the size is refused before they are looked at).
fn pkcs1_private_pem(n: &[u8], e: &[u8]) -> String {
    let filler = [3u8];
    let der = rsa::pkcs1::RsaPrivateKey {
        modulus: UintRef::new(n).unwrap(),
        public_exponent: UintRef::new(e).unwrap(),
        private_exponent: UintRef::new(n).unwrap(),
        prime1: UintRef::new(&filler).unwrap(),
        prime2: UintRef::new(&filler).unwrap(),
        exponent1: UintRef::new(&filler).unwrap(),
        exponent2: UintRef::new(&filler).unwrap(),
        coefficient: UintRef::new(&filler).unwrap(),
        other_prime_infos: None,
    }
    .to_der()
    .unwrap();
    pem("RSA PRIVATE KEY", &der)
}

fn pkcs1_public_pem(n: &[u8], e: &[u8]) -> String {
    let der = rsa::pkcs1::RsaPublicKey {
        modulus: UintRef::new(n).unwrap(),
        public_exponent: UintRef::new(e).unwrap(),
    }
    .to_der()
    .unwrap();
    pem("RSA PUBLIC KEY", &der)
}

fn read(text: &str) -> Result<KeySet, KeyError> {
    KeySet::for_alg(Algorithm::RS256, text, KeyEncoding::Utf8)
}

#[test]
fn rsa_public_keys_of_8192_and_16384_bits_are_read_in_every_form() {
    for bits in [8192, MAX_RSA_BITS] {
        let key = PublicKey::rsa_from_parts(&modulus(bits), &E).unwrap();
        assert_eq!(key.rsa_bits(), Some(bits));
        let forms = [
            key.to_pem(),
            pkcs1_public_pem(&modulus(bits), &E),
            key.to_jwk(Some("big"), None).to_compact(),
        ];
        for text in forms {
            let set = read(&text).unwrap_or_else(|e| panic!("{bits} bits: {e}"));
            assert!(
                matches!(&set.entries[0].material, Material::Public(k) if k.rsa_bits() == Some(bits)),
                "{bits} bits: {set}"
            );
            assert!(set.to_string().contains(&format!("{bits} bits")), "{set}");
        }
    }
}

#[test]
fn rsa_keys_over_16384_bits_are_refused_alike_public_and_private_saying_the_size() {
    let n = modulus(MAX_RSA_BITS + 8);
    assert_eq!(
        PublicKey::rsa_from_parts(&n, &E).unwrap_err(),
        KeyReadError::RsaTooLarge {
            bits: MAX_RSA_BITS + 8
        }
    );
    let jwk = format!(
        r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#,
        jwt_playground::jwt::base64url::encode(&n)
    );
    let private_jwk = format!(
        r#"{{"kty":"RSA","n":"{0}","e":"AQAB","d":"{0}"}}"#,
        jwt_playground::jwt::base64url::encode(&n)
    );
    let forms = [
        pkcs1_public_pem(&n, &E),
        pkcs1_private_pem(&n, &E),
        jwk,
        private_jwk,
    ];
    for text in forms {
        let message = read(&text).unwrap_err().to_string();
        assert!(
            message.contains("16,392 bits") && message.contains("up to 16,384 bits"),
            "{message}"
        );
    }
}

#[test]
fn a_megabyte_modulus_is_refused_by_its_length_before_any_arithmetic() {
    // From the review: a 1 MB `n` took 1.8 s per keystroke.
    let n = vec![0xffu8; 1 << 20];
    let jwk = format!(
        r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#,
        jwt_playground::jwt::base64url::encode(&n)
    );
    let message = read(&jwk).unwrap_err().to_string();
    assert!(message.contains("8,388,608 bits"), "{message}");
}

#[test]
fn rsa_exponents_that_are_not_small_odd_numbers_are_refused() {
    let n = modulus(2048);
    for (e, shown) in [
        (vec![1u8], "is 1;"),
        (vec![4u8], "is 4;"),
        (vec![1, 0, 0, 0, 0, 0], "is 1099511627776;"),
        (vec![0xff; 64], "a 512-bit number"),
    ] {
        let err = PublicKey::rsa_from_parts(&n, &e).unwrap_err();
        let message = err.to_string();
        assert!(
            matches!(err, KeyReadError::RsaExponent { .. }) && message.contains(shown),
            "{message}"
        );
        assert!(read(&pkcs1_public_pem(&n, &e)).is_err());
        assert!(read(&pkcs1_private_pem(&n, &e))
            .unwrap_err()
            .to_string()
            .contains("small odd number"));
    }
    // 3 and 65537 are fine; leading zero bytes do not count.
    assert!(PublicKey::rsa_from_parts(&n, &[3]).is_ok());
    assert!(PublicKey::rsa_from_parts(&n, &[0, 0, 1, 0, 1]).is_ok());
}

#[test]
fn a_real_private_key_is_still_read_and_signs() {
    let private = rsa_key();
    let set = read(&private.to_pem()).unwrap();
    assert!(matches!(set.entries[0].material, Material::Private(_)));
}

#[test]
fn thousands_of_pem_blocks_are_read_up_to_the_bound_which_is_named() {
    let one = rsa_key().public().to_pem();
    let text = one.repeat(1000);
    let set = read(&text).unwrap();
    assert_eq!(set.entries.len(), MAX_KEYS);
    assert!(
        set.notes
            .iter()
            .any(|n| n.contains("1,000 PEM blocks") && n.contains(&format!("first {MAX_KEYS}"))),
        "{:?}",
        set.notes
    );
    // Under the bound, no such note.
    assert!(read(&one.repeat(3)).unwrap().notes.is_empty());
}

#[test]
fn a_jwk_set_of_ten_thousand_keys_is_read_up_to_the_bound_which_is_named() {
    let jwk = rsa_key().public().to_jwk(None, None).to_compact();
    let keys = vec![jwk.as_str(); 10_000].join(",");
    let set = read(&format!(r#"{{"keys":[{keys}]}}"#)).unwrap();
    assert_eq!(set.entries.len(), MAX_KEYS);
    assert!(
        set.notes.iter().any(|n| n.contains("10,000 keys")),
        "{:?}",
        set.notes
    );
}

#[test]
fn the_guesser_refuses_a_token_over_its_bound_with_the_size() {
    let payload = "a".repeat(MAX_CRACK_INPUT);
    let token = format!("eyJhbGciOiJIUzI1NiJ9.{payload}.AAAA");
    assert_eq!(
        Cracker::new(&token).status(),
        &CrackStatus::TooLarge {
            bytes: MAX_CRACK_INPUT + 21
        }
    );
    // At the bound it runs.
    let token = format!("eyJhbGciOiJIUzI1NiJ9.{}.AAAA", &payload[21..]);
    assert!(matches!(
        Cracker::new(&token).status(),
        CrackStatus::Running { .. }
    ));
}

#[test]
fn repeated_warnings_are_counted_not_merged() {
    let block = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    let text = format!("{}{}", rsa_key().public().to_pem(), block.repeat(3));
    let set = read(&text).unwrap();
    assert_eq!(set.notes.len(), 3);
    let shown = tally(&set.notes);
    assert_eq!(shown.len(), 1);
    assert!(shown[0].ends_with("(3 times)"), "{shown:?}");
}
