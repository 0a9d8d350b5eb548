/// What a token is, as far as the analysis cares.
public enum TokenKind: UInt8, Sendable {
    case word
    case number
    case punctuation
    case symbol
}

/// One token of the answer: a byte range of the source with its position.
///
/// Tokens carry no `String`; text is read back from the source bytes only when a
/// finding or a report needs it.
public struct Token: Sendable {
    /// Byte offsets into the source (half-open).
    public var start: Int32
    public var end: Int32
    /// 1-based line and column (column in Unicode scalars) of the first character.
    public var line: Int32
    public var column: Int32
    /// Column just after the last character (exclusive end, like SARIF).
    public var endColumn: Int32
    public var kind: TokenKind
    /// Hash of the lower-cased text (see `normalizedHash`).
    public var hash: UInt64
    public var flags: TokenFlags
}

public struct TokenFlags: OptionSet, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let capitalized = TokenFlags(rawValue: 1 << 0)
    public static let allCaps = TokenFlags(rawValue: 1 << 1)
    public static let percent = TokenFlags(rawValue: 1 << 2)
    public static let currency = TokenFlags(rawValue: 1 << 3)
    public static let decimal = TokenFlags(rawValue: 1 << 4)
    /// A number with a magnitude suffix: 40k, 1.2M, 3bn, 2x.
    public static let magnitude = TokenFlags(rawValue: 1 << 5)
    /// A four-digit number that reads as a year (1950-2049) with no other marks.
    public static let year = TokenFlags(rawValue: 1 << 6)
    /// Sentence-ending punctuation: . ! ? or an ellipsis.
    public static let terminal = TokenFlags(rawValue: 1 << 7)
    public static let ellipsis = TokenFlags(rawValue: 1 << 8)
    public static let comma = TokenFlags(rawValue: 1 << 9)
    /// Closing quote or bracket that may follow a sentence end.
    public static let closer = TokenFlags(rawValue: 1 << 10)
    /// The token contains a non-ASCII scalar.
    public static let nonASCII = TokenFlags(rawValue: 1 << 11)
    /// Multiplier such as "2x" or "3x".
    public static let multiplier = TokenFlags(rawValue: 1 << 12)
    /// A whole number that names something rather than counting it, after a capitalised
    /// naming word: "Year 6", "Key Stage 2", "Level 3", "Ward 7", "Phase 2", "Windows 11".
    /// Like a year, it is not a figure of the result.
    public static let name = TokenFlags(rawValue: 1 << 13)
    /// A hyphen or an apostrophe joins letters inside the token ("follow-up", "don't",
    /// "team's"): the spelling rule reads such a word's parts.
    public static let joined = TokenFlags(rawValue: 1 << 14)
    /// A year or a name: a number that is not a quantity.
    public static let notAQuantity: TokenFlags = [.year, .name]
}

/// A 1-based position in the source; column counts Unicode scalars.
public struct SourcePosition: Hashable, Sendable, Codable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A region of the source: start inclusive, `endColumn` exclusive.
public struct SourceSpan: Hashable, Sendable, Codable {
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public init(line: Int, column: Int, endLine: Int, endColumn: Int) {
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
    }
}
