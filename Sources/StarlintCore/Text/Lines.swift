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
    /// one line of a terminal: a file name or a value from a file can hold any of them.
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return self }
        var out = ""
        for u in unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.properties.generalCategory == .control { out += "\\u{" + String(u.value, radix: 16) + "}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}
