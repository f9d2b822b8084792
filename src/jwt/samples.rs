//! Sample tokens and keys the debugger offers, kept here (pure) so native
//! tests check that they verify.

/// An RS256 token as an identity provider would issue it (signed with the
/// RSA key of RFC 7520 section 3.4, `kid` as there), and the provider's JWK
/// Set: that RSA key and the P-256 key of RFC 7515 appendix A.3. Checked in
/// `tests/asym_vectors.rs`.
pub const SAMPLE_RS256_TOKEN: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoiYWxpY2UiLCJhdWQiOiJqd3QtcGxheWdyb3VuZCIsIm5hbWUiOiJBbGljZSIsImlhdCI6MTc2NDYzMzYwMCwiZXhwIjo0MTAyNDQ0ODAwfQ.jmsOceOSAMXyhGVGT0_ikIOBV9sO8CgVt0FstGUS46Hd3ZlgxnYtBVHTOtTezPBmBL18UNH8GncOt0gfSoxHh-15WJqa2nC-jKSeppVcCVs6RYFSUHdkc0X3RQvu_kJeHmVzATf8XPB93TEH1UFjClITlDzt0i7xjITljrDLgo6a1GK3GwC_jQbsWwWmEQIEqEr_5cm-MMPkIaQxAm_nYz6RKklSsNP00yActb1b7Jb54W2OjzRJqOgbLaPOLkJjvH6soquiTkUJKz9W0jtJlFmO36LKlW8Ep9n9ULXY4Yw_RUXtE8GtJfY3p0rrrfbwTW_b54H3olxNbbEX5mrqgA";
pub const SAMPLE_RS256_JWKS: &str = r#"{"keys":[{"kty":"EC","kid":"e9bc097a-ce51-4036-9562-d2ade882db0d","use":"sig","alg":"ES256","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},{"kty":"RSA","kid":"bilbo.baggins@hobbiton.example","use":"sig","alg":"RS256","e":"AQAB","n":"n4EPtAOCc9AlkeQHPzHStgAbgs7bTZLwUBZdR8_KuKPEHLd4rHVTeT-O-XV2jRojdNhxJWTDvNd7nqQ0VEiZQHz_AJmSCpMaJMRBSFKrKb2wqVwGU_NsYOYL-QtiWN2lbzcEe6XC0dApr5ydQLrHqkHHig3RBordaZ6Aj-oBHqFEHYpPe7Tpe-OfVfHd1E6cS6M1FZcD1NNLYD5lFHpPI9bTwJlsde3uhGqC0ZCuEHg8lhzwOHrtIQbS0FVbb9k3-tVTU4fg_3L_vniUFAKwuCLqKnS2BYwdq_mzSnbLY7h_qixoR7jig3__kRhuaxwUkRz5iaiQkqgc5gHdrNP5zw"}]}"#;
