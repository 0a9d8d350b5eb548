/// The five parts a sentence can play in a STAR answer.
public enum StarLabel: String, Sendable, Codable, CaseIterable, Comparable {
    case situation, task, action, result, other

    /// Stored once: the synthesized `allCases` builds a new array on every use, and the
    /// feature pass walks the labels several times per sentence.
    public static let allCases: [StarLabel] = [.situation, .task, .action, .result, .other]

    /// Index used by the model (S, T, A, R, O).
    public var index: Int {
        switch self {
        case .situation: 0
        case .task: 1
        case .action: 2
        case .result: 3
        case .other: 4
        }
    }

    public init(index: Int) {
        // A switch: `allCases` builds a new array on every call.
        switch index {
        case 0: self = .situation
        case 1: self = .task
        case 2: self = .action
        case 3: self = .result
        case 4: self = .other
        default: preconditionFailure("label index out of range: \(index)")
        }
    }

    /// One-letter code used in the corpus and the text report.
    public var letter: Character {
        switch self {
        case .situation: "S"
        case .task: "T"
        case .action: "A"
        case .result: "R"
        case .other: "O"
        }
    }

    public init?(letter: Character) {
        switch letter {
        case "S", "s": self = .situation
        case "T", "t": self = .task
        case "A", "a": self = .action
        case "R", "r": self = .result
        case "O", "o": self = .other
        default: return nil
        }
    }

    public static func < (a: StarLabel, b: StarLabel) -> Bool { a.index < b.index }
}

/// How a sentence sits in the Markdown structure.
public enum BlockKind: UInt8, Sendable {
    case paragraph
    case bullet
    case numbered
    case heading
}

/// One sentence of the answer.
public struct Sentence: Sendable {
    /// Indices into `Document.tokens`.
    public var tokens: Range<Int>
    /// The sentence's bytes in the file as given (where character references were decoded,
    /// not offsets into `Document.bytes`, which holds the decoded text).
    public var byteRange: Range<Int>
    public var span: SourceSpan
    /// 0-based paragraph (or list) index and position inside it.
    public var paragraph: Int
    public var indexInParagraph: Int
    public var paragraphCount: Int
    public var block: BlockKind
    /// The part label the author wrote for this sentence's section, if any.
    public var explicitLabel: StarLabel?
    /// The second part of a combined label ("Situation/Task:"): the sentence may be either.
    public var secondLabel: StarLabel? = nil
    /// This sentence was cut from the one before it in a stretch typed without punctuation
    /// (`long-sentence` judges the stretch as written).
    public var continuesRunOn = false
}

/// `key: value` lines between `---` fences at the top of the file.
public struct FrontMatter: Sendable, Equatable {
    public var entries: [(key: String, value: String)]

    public init(entries: [(key: String, value: String)] = []) {
        self.entries = entries
    }

    /// The value of `key`, written in any case ("Question:" is "question:"); a key written
    /// exactly so wins over one in another case.
    public subscript(key: String) -> String? {
        if let exact = entries.first(where: { $0.key == key }) { return exact.value }
        // ASCII letters compared without case, byte by byte (no lower-cased copies: role and
        // level are looked up for every answer, and are usually absent).
        func same(_ a: String, _ b: String) -> Bool {
            a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { x, y in
                x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A)
            }
        }
        return entries.first { same($0.key, key) }?.value
    }

    public static func == (a: FrontMatter, b: FrontMatter) -> Bool {
        a.entries.map(\.key) == b.entries.map(\.key) && a.entries.map(\.value) == b.entries.map(\.value)
    }
}

/// An inline `<!-- starlint-... -->` directive.
public struct SuppressionDirective: Sendable, Equatable {
    /// Each directive's name as written in the comment.
    public enum Kind: String, Sendable, Equatable {
        case disable = "starlint-disable", enable = "starlint-enable"
        case disableNextLine = "starlint-disable-next-line", disableLine = "starlint-disable-line"
        /// A comment that starts with "starlint" but names no directive ("starlint-disabel",
        /// "starlint-disable:"): reported, never applied. `rules` holds the word written.
        case unknown = ""
        /// A starlint directive never closed with "-->" before the end or before the next
        /// "<!--": reported, never applied. `rules` holds the comment's first line as written
        /// and, when it ran on to a later comment's "-->", the line that one ends on.
        case unclosed = "unclosed"
    }
    public static let names = [Kind.disable, .enable, .disableNextLine, .disableLine].map(\.rawValue)
    public var kind: Kind
    /// Rule ids; empty means all rules.
    public var rules: [String]
    /// The line of the comment's `<!--` (for `disableNextLine`, its last line).
    public var line: Int
    /// The column of the comment's `<!--`: `disable` and `enable` act from there on, so a
    /// comment at the end of a line does not reach back over the text before it.
    public var column: Int
    /// The line of the comment's `<!--`, where a problem with it is reported (`line` differs
    /// only for a `disableNextLine` comment over several lines).
    public var commentLine: Int
    /// Why, as written after "--" ("starlint-disable filler -- quoting the customer"); nil
    /// when the comment gives no reason.
    public var reason: String?

    public init(kind: Kind, rules: [String], line: Int, column: Int = 1, commentLine: Int? = nil, reason: String? = nil) {
        self.kind = kind
        self.rules = rules
        self.line = line
        self.column = column
        self.commentLine = commentLine ?? line
        self.reason = reason
    }
}

/// A tokenized, sentence-split answer. Built once; everything downstream reads it.
public struct Document: Sendable {
    /// Source bytes with HTML comments blanked out (offsets equal the file's).
    public let bytes: [UInt8]
    public internal(set) var tokens: [Token] = []
    public internal(set) var sentences: [Sentence] = []
    public internal(set) var frontMatter = FrontMatter()
    public internal(set) var directives: [SuppressionDirective] = []
    /// Number of lines in the file.
    public internal(set) var lineCount = 0
    /// The file opens with a front-matter fence (`---`) that no later `---` or `...` closes:
    /// its lines are read as the answer, and an answer that then has no text says why.
    public internal(set) var unclosedFrontMatter = false
    /// The front matter's fence is closed only after a line that cannot be front matter (a
    /// part label such as "Situation:", or prose), or never: the front matter is read as
    /// ending before that line (its number here), where the answer starts. Nil otherwise.
    public internal(set) var frontMatterCutAt: Int?
    /// The byte ranges that blanking Markdown or HTML turned into spaces (a link's address
    /// and brackets, a tag, a comment), in order; empty for nearly every answer. A sentence's
    /// text leaves out a space made only of them before a closing mark ("the [till](x), then"
    /// reads "the till, then").
    public internal(set) var blanked: [Range<Int>] = []
    /// Every part a part label names, whether or not any text follows it (a template's empty
    /// "## Task" heading), with the line of its first such label.
    public internal(set) var partLabelSpans: [StarLabel: SourceSpan] = [:]
    /// The parts the part labels name (`partLabelSpans`' keys).
    public var partLabelsWritten: Set<StarLabel> { Set(partLabelSpans.keys) }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether sentence `k` opens a paragraph or list after another one (the first sentence
    /// does not): where the decoder and the trainer switch to the paragraph transitions.
    func startsParagraph(_ k: Int) -> Bool {
        k > 0 && sentences[k].paragraph != sentences[k - 1].paragraph
    }

    /// A double quotation mark: straight (`"`, opens or closes), or curly opening (`“`) or
    /// closing (`”`).
    enum QuoteMark { case straight, opening, closing }

    /// The double quotation mark token `t` is, if any.
    func quoteMark(_ t: Token) -> QuoteMark? {
        let b = bytes[Int(t.start)]
        if b == 0x22 { return .straight }
        guard b == 0xE2, t.end - t.start == 3, bytes[Int(t.start) + 1] == 0x80 else { return nil }
        switch bytes[Int(t.start) + 2] {
        case 0x9C: return .opening
        case 0x9D: return .closing
        default: return nil
        }
    }

    /// A straight or closing curly single quote (' ’).
    func isSingleQuote(_ t: Token) -> Bool {
        let s = Int(t.start)
        return bytes[s] == 0x27 || (t.end - t.start == 3 && bytes[s] == 0xE2 && bytes[s + 1] == 0x80 && bytes[s + 2] == 0x99)
    }

    /// Whether token `t` is a word of five letters or more ending in "ly" ("Luckily",
    /// "Finally"): most such words are adverbs.
    func endsInLy(_ t: Token) -> Bool {
        Int(t.end - t.start) >= 5 && bytes[Int(t.end) - 1] | 0x20 == 0x79 && bytes[Int(t.end) - 2] | 0x20 == 0x6C
    }

    /// Whether word token `t` ends in "-ed" and is longer than `minimum` letters ("reduced";
    /// "used" only when `minimum` is below 4).
    func endsInEd(_ t: Token, longerThan minimum: Int) -> Bool {
        Int(t.end - t.start) > minimum && bytes[Int(t.end) - 1] | 0x20 == 0x64 && bytes[Int(t.end) - 2] | 0x20 == 0x65
    }

    /// Source text of a token.
    public func text(of token: Token) -> String {
        String(decoding: bytes[Int(token.start)..<Int(token.end)], as: UTF8.self)
    }

    /// Readable text of a sentence: Markdown emphasis removed, line breaks folded.
    public func text(of sentence: Sentence) -> String {
        text(ofTokens: sentence.tokens)
    }

    /// `text(of:)` without the invisible characters that only mark where a word may break
    /// (soft hyphen, zero-width space, word joiner, byte-order mark), for showing a sentence:
    /// a terminal may print a soft hyphen as a hyphen. Joiners inside emoji and direction
    /// marks are kept, and spaces stay as written.
    public func displayText(of sentence: Sentence) -> String {
        Self.mapScalars(text(ofTokens: sentence.tokens)) { u in
            switch u.value {
            case 0xAD, 0x200B, 0x2060, 0xFEFF: nil
            default: u
            }
        }
    }

    /// `text(ofTokens:)` without invisible characters (soft hyphens, zero-width spaces and
    /// joiners), for quoting the writer's words in a message.
    public func visibleText(ofTokens range: Range<Int>) -> String {
        // (Spaces of other widths between a phrase's words read as one plain space.)
        Self.mapScalars(text(ofTokens: range)) { u in
            switch u.value {
            case 0xAD, 0x200B...0x200F, 0x2060...0x2064, 0xFEFF: nil
            case 0x00A0, 0x202F, 0x1680, 0x2000...0x200A, 0x205F, 0x3000: " "
            default: u
            }
        }
    }

    /// `t` with each Unicode scalar mapped by `f` (nil drops it); ASCII text, where `f` has
    /// nothing to change, is returned as it is.
    private static func mapScalars(_ t: String, _ f: (Unicode.Scalar) -> Unicode.Scalar?) -> String {
        guard t.utf8.contains(where: { $0 >= 0xC2 }) else { return t }
        return String(String.UnicodeScalarView(t.unicodeScalars.compactMap(f)))
    }

    public func text(ofTokens range: Range<Int>) -> String {
        guard let first = range.first, let last = range.last else { return "" }
        let from = Int(tokens[first].start), to = Int(tokens[last].end)
        // Most sentences are already clean (no emphasis marks, line breaks, tabs or double
        // spaces): then the text is the bytes themselves.
        let clean = bytes.withUnsafeBufferPointer { p -> Bool in
            var previousSpace = false
            var k = from
            // Eight bytes at a time: exact per-byte masks of the marks and of spaces.
            if to - from >= 8, let base = p.baseAddress {
                let raw = UnsafeRawPointer(base)
                while k + 8 <= to {
                    let v = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
                    // * ` and any byte below 0x20 (tab, CR, LF and other controls: for those the
                    // general path below gives the same text, so sending it there is safe).
                    let marks = Self.byteMask(v, 0x2A) | Self.byteMask(v, 0x60) | Self.byteMask(v & 0xE0E0_E0E0_E0E0_E0E0, 0)
                    if marks != 0 { return false }
                    let spaces = Self.byteMask(v, 0x20)
                    // Two spaces in a row: inside the word, or across from the previous word.
                    if spaces & (spaces << 8) != 0 { return false }
                    if previousSpace, spaces & 0x80 != 0 { return false }
                    previousSpace = spaces >> 63 != 0
                    k += 8
                }
            }
            while k < to {
                switch p[k] {
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
        if clean { return String(decoding: bytes[from..<to], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(to - from)
        // A run of spaces is written as one space when the next byte comes, unless all of it
        // was markup and a closing mark follows.
        var runStart = -1
        var k = from
        while k < to {
            let b = bytes[k]
            switch b {
            case 0x2A, 0x60: break  // * `
            case 0x0A, 0x0D, 0x20, 0x09:
                if runStart < 0 { runStart = k }
            default:
                if runStart >= 0 {
                    if !(Self.closingMarks.contains(b) && isBlanked(runStart..<k)) { out.append(0x20) }
                    runStart = -1
                }
                out.append(b)
            }
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// , . ; : ! ? ) ]: marks a space is not written before.
    static let closingMarks: Set<UInt8> = [0x2C, 0x2E, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0x5D]

    /// Whether every byte of `range` is in `blanked` or is an emphasis mark (`*`, a
    /// backtick), which sentence text leaves out: the spaces there are not the writer's.
    /// Each blanked range is found by binary search, so an answer of many tags stays linear.
    func isBlanked(_ range: Range<Int>) -> Bool {
        guard !blanked.isEmpty else { return false }
        var at = range.lowerBound
        while at < range.upperBound {
            if bytes[at] == 0x2A || bytes[at] == 0x60 { at += 1; continue }
            var lo = 0, hi = blanked.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if blanked[mid].upperBound <= at { lo = mid + 1 } else { hi = mid }
            }
            guard lo < blanked.count, blanked[lo].lowerBound <= at else { return false }
            at = blanked[lo].upperBound
        }
        return true
    }

    /// The high bit of each byte of `v` that equals `b`, and no other bits (exact, no
    /// carries between bytes).
    @inline(__always)
    static func byteMask(_ v: UInt64, _ b: UInt8) -> UInt64 {
        let x = v ^ (0x0101_0101_0101_0101 &* UInt64(b))
        let low7 = (x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F
        return ~(low7 | x | 0x7F7F_7F7F_7F7F_7F7F)
    }

    /// Lower-cased text of a token range with single spaces (for matching and tests).
    public func words(of sentence: Sentence) -> [String] {
        tokens[sentence.tokens].filter { $0.kind == .word || $0.kind == .number }.map { text(of: $0).lowercased() }
    }

    /// Span covering tokens `range` (must be non-empty).
    public func span(ofTokens range: Range<Int>) -> SourceSpan {
        let a = tokens[range.lowerBound], b = tokens[range.upperBound - 1]
        return SourceSpan(line: Int(a.line), column: Int(a.column), endLine: Int(b.line), endColumn: Int(b.endColumn))
    }

    /// Number of word and number tokens in a sentence.
    public func wordCount(of sentence: Sentence) -> Int {
        var n = 0
        for i in sentence.tokens where tokens[i].kind == .word || tokens[i].kind == .number { n += 1 }
        return n
    }
}
