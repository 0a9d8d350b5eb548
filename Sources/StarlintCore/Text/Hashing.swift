// FNV-1a hashing over normalised token bytes: the one key every lexicon and model
// lookup uses, so a token is hashed once and looked up everywhere.

@usableFromInline let fnvOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
@usableFromInline let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

@inlinable @inline(__always)
func fnvStep(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
    (hash ^ UInt64(byte)) &* fnvPrime
}

/// Hash of a string as the tokenizer would normalise it (ASCII lower-cased,
/// curly apostrophe folded to `'`).
func normalizedHash<S: StringProtocol>(_ text: S, seed: UInt64 = fnvOffsetBasis) -> UInt64 {
    // Native Strings and their Substrings hand over their UTF-8 bytes without a copy (the
    // lexicons hash some 30,000 words at each start-up); others are copied once.
    if let h = text.utf8.withContiguousStorageIfAvailable({ normalizedHash(bytes: $0, seed: seed) }) { return h }
    return Array(text.utf8).withUnsafeBufferPointer { normalizedHash(bytes: $0, seed: seed) }
}

/// `normalizedHash` of UTF-8 bytes (a buffer, or a slice of an array without a closure).
@inline(__always)
func normalizedHash<C: RandomAccessCollection>(bytes p: C, seed: UInt64 = fnvOffsetBasis) -> UInt64 where C.Element == UInt8, C.Index == Int {
    var h = seed
    var i = p.startIndex
    let n = p.endIndex
    while i < n {
        let b = p[i]
        if b == 0xE2, i + 2 < n, p[i + 1] == 0x80, p[i + 2] == 0x99 {
            h = fnvStep(h, 0x27)
            i += 3
            continue
        }
        h = fnvStep(h, (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b)
        i += 1
    }
    return h
}

/// Combine a sequence of token hashes into one n-gram key.
@inline(__always)
func combineHash(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var h = a &* 0x9E37_79B9_7F4A_7C15
    h ^= b &+ 0x632B_E59B_D9B4_E019 &+ (h << 6) &+ (h >> 2)
    return h
}
