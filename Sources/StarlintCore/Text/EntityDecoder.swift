#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Character references in text pasted from a web form or an HTML page ("customer&rsquo;s",
/// "10&percnt;", "&pound;2,000", "caf&eacute;", "I&#39;m") are decoded into the characters
/// they stand for before anything else reads the answer, so a word is not split at its
/// apostrophe and a figure keeps its % or currency sign. The decoded text is shorter than
/// the file: each reference's extra columns are recorded (`EntityDecoding.shifts`) and added
/// back to every column reported, and its extra bytes (`byteShifts`) to the sentences' byte
/// ranges, so positions stay the file's.
///
/// Not decoded (blanked as markup later, as before): `&amp;`, `&lt;`, `&gt;` and their
/// numbers, which would turn escaped text into markup; references to control characters or
/// to ASCII punctuation Markdown reads (`*`, `_`, `#`, `[` ...); references starlint does
/// not know. The front matter is left as written.
struct EntityDecoding {
    var bytes: [UInt8]
    /// Per decoded character: its line, its column in the decoded text, and how many more
    /// columns the reference takes in the file. In text order.
    var shifts: [(line: Int32, column: Int32, extra: Int32)]
    /// Per decoded character: the decoded offset just after it, and the bytes the file has
    /// more up to there (cumulative). In text order.
    var byteShifts: [(after: Int, total: Int)]

    /// A decoded-text column on `line` as the file counts it: plus the extra columns of the
    /// references decoded before it on the line. (A token that starts at a decoded character
    /// starts where the reference does; one that ends after it, after the reference.)
    func fileColumn(_ column: Int32, line: Int32) -> Int32 {
        var lo = 0, hi = shifts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if (shifts[mid].line, shifts[mid].column) < (line, column) { lo = mid + 1 } else { hi = mid }
        }
        var k = lo - 1, extra: Int32 = 0
        while k >= 0, shifts[k].line == line { extra += shifts[k].extra; k -= 1 }
        return column + extra
    }

    /// A decoded-text byte offset as the file's.
    func fileOffset(_ offset: Int) -> Int {
        var lo = 0, hi = byteShifts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if byteShifts[mid].after <= offset { lo = mid + 1 } else { hi = mid }
        }
        return offset + (lo > 0 ? byteShifts[lo - 1].total : 0)
    }

    /// Named references decoded, by name (case as HTML writes them).
    static let named: [String: Unicode.Scalar] = [
        "rsquo": "\u{2019}", "lsquo": "\u{2018}", "apos": "'", "sbquo": "\u{201A}",
        "rdquo": "\u{201D}", "ldquo": "\u{201C}", "quot": "\"", "bdquo": "\u{201E}",
        "laquo": "\u{AB}", "raquo": "\u{BB}", "lsaquo": "\u{2039}", "rsaquo": "\u{203A}",
        "mdash": "\u{2014}", "ndash": "\u{2013}", "hyphen": "\u{2010}", "minus": "\u{2212}",
        "hellip": "\u{2026}", "bull": "\u{2022}", "middot": "\u{B7}", "prime": "\u{2032}",
        "percnt": "%", "pound": "\u{A3}", "euro": "\u{20AC}", "yen": "\u{A5}", "cent": "\u{A2}",
        "dollar": "$", "times": "\u{D7}", "divide": "\u{F7}", "deg": "\u{B0}", "plusmn": "\u{B1}",
        "frac12": "\u{BD}", "frac14": "\u{BC}", "frac34": "\u{BE}", "sup2": "\u{B2}", "sup3": "\u{B3}",
        "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "sect": "\u{A7}", "para": "\u{B6}",
        "comma": ",", "period": ".", "colon": ":", "semi": ";", "quest": "?",
        "lpar": "(", "rpar": ")", "sol": "/",
        "aacute": "\u{E1}", "agrave": "\u{E0}", "acirc": "\u{E2}", "auml": "\u{E4}", "atilde": "\u{E3}", "aring": "\u{E5}",
        "eacute": "\u{E9}", "egrave": "\u{E8}", "ecirc": "\u{EA}", "euml": "\u{EB}",
        "iacute": "\u{ED}", "igrave": "\u{EC}", "icirc": "\u{EE}", "iuml": "\u{EF}",
        "oacute": "\u{F3}", "ograve": "\u{F2}", "ocirc": "\u{F4}", "ouml": "\u{F6}", "otilde": "\u{F5}", "oslash": "\u{F8}",
        "uacute": "\u{FA}", "ugrave": "\u{F9}", "ucirc": "\u{FB}", "uuml": "\u{FC}",
        "ccedil": "\u{E7}", "ntilde": "\u{F1}", "szlig": "\u{DF}", "aelig": "\u{E6}", "oelig": "\u{153}",
        "Aacute": "\u{C1}", "Agrave": "\u{C0}", "Acirc": "\u{C2}", "Auml": "\u{C4}", "Aring": "\u{C5}",
        "Eacute": "\u{C9}", "Egrave": "\u{C8}", "Ecirc": "\u{CA}", "Euml": "\u{CB}",
        "Iacute": "\u{CD}", "Icirc": "\u{CE}", "Oacute": "\u{D3}", "Ocirc": "\u{D4}", "Ouml": "\u{D6}", "Oslash": "\u{D8}",
        "Uacute": "\u{DA}", "Ucirc": "\u{DB}", "Uuml": "\u{DC}", "Ccedil": "\u{C7}", "Ntilde": "\u{D1}",
    ]

    /// Whether a numeric reference to `v` is decoded: any character from U+00A0 on (a
    /// no-break space U+00A0 and U+202F are left to the blanking, as spaces), and of ASCII
    /// only letters, digits and punctuation Markdown does not read.
    static func decodes(_ v: UInt32) -> Bool {
        if v >= 0xA0 { return v != 0xA0 && v != 0x202F && v != 0xFEFF && !(0xD800...0xDFFF).contains(v) && v <= 0x10FFFF }
        guard let s = Unicode.Scalar(v) else { return false }
        if s.properties.isAlphabetic || (0x30...0x39).contains(v) { return v < 0x80 }
        return "\"$%'(),-./:;?".unicodeScalars.contains(s)
    }

    /// The decoded answer, or nil when it has no reference to decode (nearly every answer).
    static func decode(_ b: [UInt8]) -> EntityDecoding? {
        let n = b.count
        // Most answers hold no '&': found with memchr, as `blankMarkup` looks for markup.
        guard n > 3, b.withUnsafeBufferPointer({ memchr($0.baseAddress!, 0x26, n) != nil }) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(n)
        var shifts: [(line: Int32, column: Int32, extra: Int32)] = []
        var byteShifts: [(after: Int, total: Int)] = []
        // The front matter is copied as is (its lines and columns still counted).
        let start = DocumentParser.frontMatterEnd(b)
        var line: Int32 = 1, column: Int32 = 1
        // A byte order mark takes no column, as the parser reads it.
        let bom = UTF8Check.byteOrderMarkLength(b)
        out.append(contentsOf: b[0..<bom])
        var i = bom, total = 0
        while i < n {
            let c = b[i]
            // Lines end at LF, CRLF or a lone CR, as the parser reads them.
            if c == 0x0A || c == 0x0D {
                if c == 0x0D, i + 1 < n, b[i + 1] == 0x0A { out.append(c); i += 1 }
                out.append(b[i])
                line += 1
                column = 1
                i += 1
                continue
            }
            if c == 0x26, i >= start, let (scalar, length) = reference(b, at: i) {
                let utf8 = Array(String(Character(scalar)).utf8)
                out.append(contentsOf: utf8)
                shifts.append((line, column, Int32(length - 1)))
                total += length - utf8.count
                byteShifts.append((out.count, total))
                column += 1
                i += length
                continue
            }
            out.append(c)
            if c & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        guard !shifts.isEmpty else { return nil }
        return EntityDecoding(bytes: out, shifts: shifts, byteShifts: byteShifts)
    }

    /// The character a reference at `i` (`&name;`, `&#123;`, `&#x1F;`) stands for and the
    /// reference's length, when it is one that is decoded.
    static func reference(_ b: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        let n = b.count
        var j = i + 1
        guard j < n else { return nil }
        if b[j] == 0x23 {
            j += 1
            let hex = j < n && b[j] | 0x20 == 0x78
            if hex { j += 1 }
            let s = j
            var v: UInt32 = 0
            while j < n, j - s < 7 {
                let d = b[j]
                let digit: UInt32
                if d >= 0x30 && d <= 0x39 { digit = UInt32(d - 0x30) } else if hex, d | 0x20 >= 0x61, d | 0x20 <= 0x66 { digit = UInt32(d | 0x20) - 0x61 + 10 } else { break }
                v = v * (hex ? 16 : 10) + digit
                j += 1
            }
            guard j > s, j < n, b[j] == 0x3B, decodes(v), let scalar = Unicode.Scalar(v) else { return nil }
            return (scalar, j + 1 - i)
        }
        let s = j
        while j < n, j - s < 8, isASCIIAlnum(b[j]) { j += 1 }
        guard j > s + 1, j < n, b[j] == 0x3B else { return nil }
        guard let scalar = named[String(decoding: b[s..<j], as: UTF8.self)] else { return nil }
        return (scalar, j + 1 - i)
    }
}
