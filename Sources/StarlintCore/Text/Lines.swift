extension StringProtocol {
    /// The lines of a text, split at "\n", "\r\n" or a lone "\r", without their line ends.
    ///
    /// In Swift "\r\n" is a single Character, so `split(separator: "\n")` leaves a file saved
    /// with Windows line ends in one piece; every reader of line-based text splits here.
    public func textLines(omittingEmpty: Bool = false) -> [SubSequence] {
        split(omittingEmptySubsequences: omittingEmpty, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// `textLines()` over UTF-8 bytes: the ranges of the lines, split at "\n", "\r\n" or a
    /// lone "\r", empty ones included (and one empty line for no bytes). For files read at
    /// every start-up, where splitting a String grapheme by grapheme costs too much.
    func lineRanges() -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while true {
            var e = i
            while e < count, self[e] != 0x0A, self[e] != 0x0D { e += 1 }
            out.append(i..<e)
            guard e < count else { return out }
            i = self[e] == 0x0D && e + 1 < count && self[e + 1] == 0x0A ? e + 2 : e + 1
        }
    }
}

extension Array where Element == String {
    /// The items as a sentence lists them: "a", "a and b", "a, b and c" (or "or").
    func listed(_ conjunction: String = "and") -> String {
        count < 2 ? (first ?? "") : dropLast().joined(separator: ", ") + " \(conjunction) " + last!
    }
}

extension String {
    /// Whether the UTF-8 bytes hold a control character (U+0000-001F, U+007F-009F) or a
    /// bidirectional override, found from the bytes: most text has none, and looking up each
    /// scalar's general category costs far more than the report it is for.
    static func hasControlCharacters(_ bytes: String.UTF8View) -> Bool {
        var prev: UInt8 = 0, prev2: UInt8 = 0
        for b in bytes {
            if b < 0x20 || b == 0x7F { return true }
            if prev == 0xC2 && b >= 0x80 && b <= 0x9F { return true }
            if prev2 == 0xE2 && ((prev == 0x80 && b >= 0xAA && b <= 0xAE) || (prev == 0x81 && b >= 0xA6 && b <= 0xA9)) { return true }
            prev2 = prev
            prev = b
        }
        return false
    }

    /// The text with control characters written as escapes (`\n`, `\r`, `\t`, `\u{1b}`), for
    /// one line of a terminal: a file name or a value from a file can hold any of them. The
    /// bidirectional overrides (U+202A-202E, U+2066-2069), which reorder what a terminal shows,
    /// are escaped too; and when anything is escaped, so is a backslash, so the escaped text
    /// reads back without doubt. Text with nothing to escape is returned as it is.
    public var escapingControlCharacters: String {
        guard Self.hasControlCharacters(utf8) else { return self }
        var out = ""
        for u in unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            default:
                if u.isShownEscaped { out += u.escapedForDisplay } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}

extension Unicode.Scalar {
    /// A control character (C0, DEL, C1) or a bidirectional override (U+202A-202E,
    /// U+2066-2069): what a report writes as an escape, never as itself.
    public var isShownEscaped: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    /// The escape a report writes for it: `\u{1b}`.
    public var escapedForDisplay: String { "\\u{" + String(value, radix: 16) + "}" }
}
