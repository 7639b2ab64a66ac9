//! Little-endian word loads from byte slices, for hashing and packing short strings
//! without variable-length copies, and the byte classes read from such a word eight
//! bytes at a time. Owns nothing else.

/// One in every byte, and its high bit in every byte (a word without it holds ASCII
/// only).
pub(crate) const ONES: u64 = u64::MAX / 0xff;
pub(crate) const HIGH: u64 = ONES * 0x80;

/// The first eight bytes as a little-endian word.
#[inline]
pub(crate) fn load8(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(word)
}

/// At most eight bytes as a little-endian word, zero-padded, by two overlapping loads
/// rather than a variable-length copy.
#[inline]
pub(crate) fn load_short(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    if n >= 4 {
        let lo = u64::from(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]));
        let hi = u64::from(u32::from_le_bytes([
            bytes[n - 4],
            bytes[n - 3],
            bytes[n - 2],
            bytes[n - 1],
        ]));
        lo | (hi << (8 * (n - 4)))
    } else if n >= 2 {
        let lo = u64::from(u16::from_le_bytes([bytes[0], bytes[1]]));
        let hi = u64::from(u16::from_le_bytes([bytes[n - 2], bytes[n - 1]]));
        lo | (hi << (8 * (n - 2)))
    } else {
        bytes.first().map_or(0, |&b| u64::from(b))
    }
}

/// The first eight bytes (zero-padded) as a big-endian word. For byte strings without
/// NUL bytes, comparing two prefixes orders the strings as comparing them does, unless
/// the prefixes are equal: a sort compares one integer before it reads any text.
#[inline]
pub(crate) fn order_prefix(bytes: &[u8]) -> u64 {
    load_short(&bytes[..bytes.len().min(8)]).swap_bytes()
}

/// The high bit of each byte of `x` that lies in `low..=high` (ASCII, `high` below
/// 0x80), read from eight bytes at once as `ascii_alnum_mask` does.
#[inline]
pub(crate) fn ascii_range_mask(x: u64, low: u8, high: u8) -> u64 {
    debug_assert!(low <= high && high < 0x80);
    let low7 = x & !HIGH;
    let at_least = |lowest: u8| low7 + ONES * u64::from(0x80 - lowest);
    at_least(low) & !at_least(high + 1) & !x & HIGH
}

/// The high bit of each byte of `x` that is an ASCII letter or digit, read from
/// eight bytes at once. The low seven bits of each byte are tested against the ranges
/// by adding what carries them into the high bit (`A`..=`Z` are folded onto `a`..=`z`);
/// no sum passes 0xff, so no byte carries into its neighbour, and bytes with the high
/// bit set (non-ASCII) are cleared at the end.
#[inline]
pub(crate) fn ascii_alnum_mask(x: u64) -> u64 {
    let low7 = x & !HIGH;
    let folded = low7 | (ONES * 0x20);
    let at_least = |v: u64, lowest: u8| v + ONES * u64::from(0x80 - lowest);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    let digit = at_least(low7, b'0') & !at_least(low7, b'9' + 1);
    (letter | digit) & !x & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_mask_marks_the_bytes_of_its_range_in_every_position() {
        for (low, high) in [
            (b' ', b' '),
            (b'\t', b'\r'),
            (0, 0x7f),
            (b'a', b'z'),
            (0x7f, 0x7f),
        ] {
            for b in 0..=u8::MAX {
                for position in 0..8 {
                    let mut eight = *b" \t\r\x08\x0e\xffz\x80";
                    eight[position] = b;
                    let mask = ascii_range_mask(u64::from_le_bytes(eight), low, high);
                    for (k, &byte) in eight.iter().enumerate() {
                        let marked = mask & (0x80 << (8 * k)) != 0;
                        assert_eq!(marked, (low..=high).contains(&byte), "{eight:?} at {k}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_alnum_mask_marks_ascii_letters_and_digits_in_every_position() {
        for b in 0..=u8::MAX {
            for position in 0..8 {
                // The byte among neighbours of every kind, so no carry between bytes
                // goes unnoticed.
                let mut eight = *b"a0 \xff_Z9\x80";
                eight[position] = b;
                let mask = ascii_alnum_mask(u64::from_le_bytes(eight));
                for (k, &byte) in eight.iter().enumerate() {
                    let marked = mask & (0x80 << (8 * k)) != 0;
                    assert_eq!(marked, byte.is_ascii_alphanumeric(), "{eight:?} at {k}");
                }
                assert_eq!(mask & !HIGH, 0);
            }
        }
    }

    #[test]
    fn order_prefixes_order_strings_as_their_bytes() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcdefgh",
            "abcdefghi",
            "abcdefgi",
            "b",
            "ba",
            "z",
            "zz",
            "\u{e9}t\u{e9}",
            "\u{44d}",
            "\u{e9}\u{e9}\u{e9}\u{e9}x",
            "\u{e9}\u{e9}\u{e9}\u{e9}y",
        ];
        for a in words {
            for b in words {
                let (pa, pb) = (order_prefix(a.as_bytes()), order_prefix(b.as_bytes()));
                if pa != pb {
                    assert_eq!(pa.cmp(&pb), a.cmp(b), "{a:?} vs {b:?}");
                } else {
                    assert_eq!(
                        &a.as_bytes()[..a.len().min(8)],
                        &b.as_bytes()[..b.len().min(8)]
                    );
                }
            }
        }
    }

    #[test]
    fn short_loads_match_a_zero_padded_copy_for_every_length() {
        let bytes = b"abcdefgh";
        for n in 0..=8 {
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(
                load_short(&bytes[..n]),
                u64::from_le_bytes(padded),
                "{n} bytes"
            );
        }
        assert_eq!(load8(b"abcdefghij"), u64::from_le_bytes(*b"abcdefgh"));
    }
}
