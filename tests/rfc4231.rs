//! RFC 4231 ("Identifier and Test Vectors for HMAC-SHA-224, HMAC-SHA-256,
//! HMAC-SHA-384, and HMAC-SHA-512"), sections 4.2 to 4.8, for the MAC layer.
//! Test case 5 (truncated output) does not apply to JWS, which never truncates.
//! Values transcribed from the RFC and cross-checked with Python's hmac module.

use jwt_playground::jwt::base64url::hex;
use jwt_playground::jwt::Algorithm;

struct Case {
    source: &'static str,
    key: Vec<u8>,
    data: Vec<u8>,
    sha256: &'static str,
    sha384: &'static str,
    sha512: &'static str,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            source: "RFC 4231 section 4.2 (test case 1)",
            key: vec![0x0b; 20],
            data: b"Hi There".to_vec(),
            sha256: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            sha384: "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
            sha512: "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
        },
        Case {
            source: "RFC 4231 section 4.3 (test case 2)",
            key: b"Jefe".to_vec(),
            data: b"what do ya want for nothing?".to_vec(),
            sha256: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            sha384: "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
            sha512: "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
        },
        Case {
            source: "RFC 4231 section 4.4 (test case 3)",
            key: vec![0xaa; 20],
            data: vec![0xdd; 50],
            sha256: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
            sha384: "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
            sha512: "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
        },
        Case {
            source: "RFC 4231 section 4.5 (test case 4)",
            key: (1u8..=25).collect(),
            data: vec![0xcd; 50],
            sha256: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
            sha384: "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
            sha512: "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
        },
        Case {
            source: "RFC 4231 section 4.7 (test case 6)",
            key: vec![0xaa; 131],
            data: b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
            sha256: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            sha384: "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
            sha512: "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
        },
        Case {
            source: "RFC 4231 section 4.8 (test case 7)",
            key: vec![0xaa; 131],
            data: b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
            sha256: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            sha384: "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
            sha512: "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
        },
    ]
}

#[test]
fn rfc4231_hmac_sha2_vectors() {
    for case in cases() {
        for (alg, expected) in [
            (Algorithm::HS256, case.sha256),
            (Algorithm::HS384, case.sha384),
            (Algorithm::HS512, case.sha512),
        ] {
            let mac = alg.mac(&case.key, &case.data);
            assert_eq!(hex(&mac), expected, "{} with {alg}", case.source);
            assert!(
                alg.verify_mac(&case.key, &case.data, &mac),
                "{} verify {alg}",
                case.source
            );
            let mut wrong = mac.clone();
            if let Some(b) = wrong.last_mut() {
                *b ^= 1;
            }
            assert!(
                !alg.verify_mac(&case.key, &case.data, &wrong),
                "{} tamper {alg}",
                case.source
            );
        }
    }
}
