extension StringProtocol {
    /// The lines of a text, split at "\n", "\r\n" or a lone "\r", without their line ends.
    ///
    /// In Swift "\r\n" is a single Character, so `split(separator: "\n")` leaves a file saved
    /// with Windows line ends in one piece; every reader of line-based text splits here.
    public func textLines(omittingEmpty: Bool = false) -> [SubSequence] {
        split(omittingEmptySubsequences: omittingEmpty, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }
}

extension String {
    /// The text with control characters written as escapes (`\n`, `\r`, `\t`, `\u{1b}`), for
    /// one line of a terminal: a file name or a value from a file can hold any of them. The
    /// bidirectional overrides (U+202A-202E, U+2066-2069), which reorder what a terminal shows,
    /// are escaped too; and when anything is escaped, so is a backslash, so the escaped text
    /// reads back without doubt. Text with nothing to escape is returned as it is.
    public var escapingControlCharacters: String {
        func needs(_ u: Unicode.Scalar) -> Bool {
            u.properties.generalCategory == .control || (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
        }
        guard unicodeScalars.contains(where: needs) else { return self }
        var out = ""
        for u in unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            default:
                if needs(u) { out += "\\u{" + String(u.value, radix: 16) + "}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}
