#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How schema v4 stores a sentence's text: as a span of its attempt's text instead of a copy.
///
/// A sentence row has either
/// - `textStart` and `textEnd`, UTF-8 byte offsets into `attempt.text` (start inclusive, end
///   exclusive), and `text` NULL: the sentence's text is `fold` of those bytes; or
/// - `text`, the sentence's text itself, and NULL offsets, for the rare sentence no span
///   reproduces exactly.
///
/// `fold` is the readable-text rule of StarlintCore's `Document.text(of:)` (emphasis and code
/// marks `*` and `` ` `` dropped; each run of spaces, tabs, CRs and LFs becomes one space),
/// written out here because it is now part of the file format: a later change to the
/// analyzer must not change what an old row reads as. A span is stored only after checking
/// that `fold` of it gives back exactly the bytes of the sentence's text, so a row reads as
/// the same text whatever the analyzer does; anything else keeps its text.
///
/// Offsets count bytes of the text as SQLite hands it to GRDB, which ends a string at its
/// first NUL byte: spans lie before any NUL, so that reading the attempt text back gives the
/// same bytes the span was checked against.
enum SentenceText {
    /// `fold` of bytes `[start, end)` of `text` (a UTF-8 string), or nil when the span does not
    /// lie inside it.
    static func read(_ text: String, start: Int, end: Int) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard start >= 0, start <= end, end <= bytes.count else { return nil }
            return fold(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
    }

    /// The readable text of `bytes`: `*` and `` ` `` dropped; each run of space, tab, CR and
    /// LF one space.
    static func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if isFolded(bytes) { return String(decoding: bytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            var n = 0
            var lastWasSpace = false
            for b in bytes {
                switch b {
                case 0x2A, 0x60:
                    continue
                case 0x0A, 0x0D, 0x20, 0x09:
                    if !lastWasSpace { out[n] = 0x20; n += 1 }
                    lastWasSpace = true
                default:
                    out[n] = b
                    n += 1
                    lastWasSpace = false
                }
            }
            return n
        }
    }

    /// The end of the shortest span starting at `start` whose `fold` is `expected`, or nil.
    static func match(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, expected: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count, m = expected.count
        guard start >= 0, start <= n else { return nil }
        if m == 0 { return start }
        // Most sentences are their bytes as they stand: when those bytes equal `expected` and
        // `fold` leaves `expected` as it is, they are the span (and the shortest one: the walk
        // below would stop at the same byte).
        if m <= n - start, let b = bytes.baseAddress, let e = expected.baseAddress,
           memcmp(b + start, e, m) == 0, isFolded(expected) {
            return start + m
        }
        return walk(bytes, from: start, expected: expected)
    }

    /// `match` the long way: walks the bytes as `fold` does and stops at the first difference.
    static func walk(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, expected: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count, m = expected.count
        guard start >= 0, start <= n else { return nil }
        if m == 0 { return start }
        var j = 0
        var k = start
        var lastWasSpace = false
        while k < n {
            let b = bytes[k]
            k += 1
            switch b {
            case 0x2A, 0x60:
                continue
            case 0x0A, 0x0D, 0x20, 0x09:
                if lastWasSpace { continue }
                lastWasSpace = true
                guard expected[j] == 0x20 else { return nil }
            default:
                lastWasSpace = false
                guard expected[j] == b else { return nil }
            }
            j += 1
            if j == m { return k }
        }
        return nil
    }

    /// Whether `fold` leaves `bytes` unchanged: no `*`, `` ` ``, tab, CR or LF, and no two
    /// spaces in a row. Eight bytes at a time.
    static func isFolded(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        let raw = UnsafeRawPointer(base)
        var k = 0
        var previousSpace = false
        while k + 8 <= n {
            let v = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
            if byteMask(v, 0x2A) | byteMask(v, 0x60) | byteMask(v, 0x0A) | byteMask(v, 0x0D) | byteMask(v, 0x09) != 0 { return false }
            let spaces = byteMask(v, 0x20)
            if spaces & (spaces << 8) != 0 { return false }
            if previousSpace, spaces & 0x80 != 0 { return false }
            previousSpace = spaces >> 63 != 0
            k += 8
        }
        while k < n {
            switch bytes[k] {
            case 0x2A, 0x60, 0x0A, 0x0D, 0x09: return false
            case 0x20:
                if previousSpace { return false }
                previousSpace = true
            default:
                previousSpace = false
            }
            k += 1
        }
        return true
    }

    /// The high bit of each byte of `v` that equals `b`, and no other bits (no carries between
    /// bytes).
    @inline(__always)
    static func byteMask(_ v: UInt64, _ b: UInt8) -> UInt64 {
        let x = v ^ (0x0101_0101_0101_0101 &* UInt64(b))
        let low7 = (x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F
        return ~(low7 | x | 0x7F7F_7F7F_7F7F_7F7F)
    }

    /// Finds the spans of an attempt's sentences in its text, walking the text once when the
    /// sentences come in order.
    ///
    /// Each sentence is looked for where its line and column (1-based; columns in Unicode
    /// scalars, lines ended by LF, CRLF or a lone CR, a UTF-8 byte order mark not counted, as
    /// the analyzer counts them) put it, then, failing that, at each later byte from the end of
    /// the previous sentence found.
    struct Locator {
        /// The text's bytes up to its first NUL.
        let bytes: UnsafeBufferPointer<UInt8>
        private let firstLineStart: Int
        private let hasCR: Bool
        /// A place in the text: byte `offset` is at `line`:`column`.
        private var line = 1
        private var column = 1
        private var offset: Int
        /// The end of the last span found.
        private var previousEnd = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            var n = bytes.count
            if let base = bytes.baseAddress, n > 0, let nul = memchr(base, 0, n) {
                n = UnsafeRawPointer(nul) - UnsafeRawPointer(base)
            }
            self.bytes = UnsafeBufferPointer(rebasing: bytes[0..<n])
            firstLineStart = n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
            offset = firstLineStart
            hasCR = n > 0 && memchr(bytes.baseAddress!, 0x0D, n) != nil
        }

        /// The span of a sentence whose text is `expected` and that starts at `line`:`column`,
        /// or nil when no span's `fold` is exactly `expected`.
        mutating func span(of expected: UnsafeBufferPointer<UInt8>, line: Int, column: Int) -> Range<Int>? {
            if let start = offset(line: line, column: column), let end = SentenceText.match(bytes, from: start, expected: expected) {
                previousEnd = end
                return start..<end
            }
            guard let first = expected.first else { return nil }
            var k = previousEnd
            while k < bytes.count {
                if bytes[k] == first, let end = SentenceText.match(bytes, from: k, expected: expected) {
                    previousEnd = end
                    return k..<end
                }
                k += 1
            }
            return nil
        }

        /// The byte offset of `line`:`column`, or nil when the text has no such place. Walks on
        /// from the place found last when this one is not before it.
        mutating func offset(line targetLine: Int, column targetColumn: Int) -> Int? {
            guard targetLine >= 1, targetColumn >= 1 else { return nil }
            var l = line, c = column, k = offset
            if targetLine < l || (targetLine == l && targetColumn < c) {
                l = 1
                c = 1
                k = firstLineStart
            }
            let n = bytes.count
            if l < targetLine {
                guard let base = bytes.baseAddress else { return nil }
                while l < targetLine {
                    if hasCR {
                        while k < n, bytes[k] != 0x0A, bytes[k] != 0x0D { k += 1 }
                        guard k < n else { return nil }
                        if bytes[k] == 0x0D, k + 1 < n, bytes[k + 1] == 0x0A { k += 1 }
                    } else {
                        guard k < n, let lf = memchr(base + k, 0x0A, n - k) else { return nil }
                        k = UnsafeRawPointer(lf) - UnsafeRawPointer(base)
                    }
                    k += 1
                    l += 1
                }
                c = 1
            }
            while c < targetColumn {
                guard k < n, bytes[k] != 0x0A, bytes[k] != 0x0D else { return nil }
                k += 1
                while k < n, bytes[k] & 0xC0 == 0x80 { k += 1 }
                c += 1
            }
            line = l
            column = c
            offset = k
            return k
        }
    }
}
