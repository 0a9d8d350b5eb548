#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the parser needs from the lexicons.
public struct TextLexicon: Sendable {
    /// Hashes of abbreviations whose period does not end a sentence.
    public var abbreviations: Set<UInt64> {
        didSet { abbreviationTable = Self.abbreviationTable(abbreviations, clauseFinal) }
    }
    /// Those of `abbreviations` that often close a clause ("5 p.m.", "Acme Ltd."): their
    /// period ends the sentence when a word from `starters` follows, capitalised ("at 5 p.m.
    /// The next day ..."), and not before anything else ("at 5 p.m. Monday").
    public var clauseFinal: Set<UInt64> {
        didSet { abbreviationTable = Self.abbreviationTable(abbreviations, clauseFinal) }
    }
    /// Words that start sentences, not names ("the", "we", "after" ...).
    public var starters: Set<UInt64> {
        didSet { starterTable = HashKeyTable(keys: starters, value: 1) }
    }
    /// Hashes (`normalizedHash`) of a letter's greetings ("hi", "dear", "good morning") and
    /// sign-offs ("kind regards", "thanks"), from letter-lines.txt.
    public var greetings: Set<UInt64> = []
    public var signOffs: Set<UInt64> = []
    /// A chat's closing sentences ("hope that helps", "thanks for reading"), from letter-lines.txt.
    public var closings: Set<UInt64> = []
    /// Hashes of the words that name a thing by the number after them ("Year 6", "Ward 7"),
    /// from number-names.txt: such a number counts nothing (`TokenFlags.name`).
    public var numberNames: Set<UInt64> = []
    /// The words and two-word phrases that name a part in a heading written in the candidate's
    /// own words ("job", "landed", "going on"), from part-heading-words.txt: hash -> label
    /// index, plus 8 for a word that names a part only as the heading's one word ("After:",
    /// not "After lunch:"), 32 for a verb, which names it wherever it stands ("What I did
    /// about it"; other words are nouns, which name it only as the heading's head); 16 for a
    /// word that leaves the heading naming no one part ("My part"). Set by
    /// `setPartHeadingWords`.
    private(set) var partHeadingWordTable = HashKeyTable()

    /// `nouns`, `verbs` and `alone` name their label; `none` name no part.
    public mutating func setPartHeadingWords(nouns: [UInt64: StarLabel], verbs: [UInt64: StarLabel], alone: [UInt64: StarLabel], none: Set<UInt64>) {
        var values = nouns.mapValues { Int32($0.index) }
        for (h, l) in alone { values[h] = Int32(l.index) | 8 }
        for (h, l) in verbs { values[h] = Int32(l.index) | 32 }
        for h in none { values[h] = 16 }
        partHeadingWordTable = HashKeyTable(values)
    }
    /// Hash of a part-label alias ("what i did") -> label.
    public var partLabels: [UInt64: StarLabel] {
        didSet { partLabelTable = Self.labelTable(partLabels, singleLetterLabels, secondPartLabels) }
    }
    /// Single-letter aliases need a separator (":" or "-") to count.
    public var singleLetterLabels: Set<UInt64> {
        didSet { partLabelTable = Self.labelTable(partLabels, singleLetterLabels, secondPartLabels) }
    }
    /// Aliases that name two parts ("Challenge": Situation and Task), hash -> the second.
    public var secondPartLabels: [UInt64: StarLabel] {
        didSet { partLabelTable = Self.labelTable(partLabels, singleLetterLabels, secondPartLabels) }
    }
    let etcHash = normalizedHash("etc")
    /// The sets above as open-addressing tables (the parser asks them for every sentence
    /// end and line start): abbreviation hashes with value 1 (2 if clause-final), starters
    /// with 1, and alias hash -> label index, plus 8 for a single-letter alias, plus 16 times
    /// one more than the second part's index for an alias naming two.
    private(set) var abbreviationTable: HashKeyTable
    private(set) var starterTable: HashKeyTable
    private(set) var partLabelTable: HashKeyTable
    /// The most words in a part-label alias ("what i needed to do": 5): how far a line's
    /// first words are looked up.
    let partLabelMaxWords: Int
    /// The first words of the aliases of more than one word ("what", "what i", "the" ...):
    /// a line whose first words are none of them is looked up no further.
    let partLabelPrefixTable: HashKeyTable

    /// `abbreviations`: one per line as in abbreviations.txt, where a trailing " $" marks a
    /// clause-final one and a line "^ word word ..." lists sentence starters.
    public init(abbreviations lines: [String], partLabels: [(String, StarLabel)], secondLabels: [String: StarLabel] = [:]) {
        var all: Set<UInt64> = [], final: Set<UInt64> = [], starters: Set<UInt64> = []
        for line in lines {
            if line.hasPrefix("^ ") {
                for w in line.dropFirst(2).split(separator: " ") { starters.insert(normalizedHash(String(w))) }
            } else if line.hasSuffix(" $") {
                let h = normalizedHash(String(line.dropLast(2)).trimmingSpaces())
                all.insert(h)
                final.insert(h)
            } else {
                all.insert(normalizedHash(line))
            }
        }
        self.abbreviations = all
        self.clauseFinal = final
        self.starters = starters
        starterTable = HashKeyTable(keys: starters, value: 1)
        var labels: [UInt64: StarLabel] = [:]
        var single: Set<UInt64> = []
        partLabelMaxWords = partLabels.map { $0.0.split(separator: " ").count }.max() ?? 1
        var prefixes: Set<UInt64> = []
        for (alias, _) in partLabels {
            let words = alias.split(separator: " ")
            for n in stride(from: 1, to: words.count, by: 1) { prefixes.insert(normalizedHash(words.prefix(n).joined(separator: " "))) }
        }
        partLabelPrefixTable = HashKeyTable(keys: prefixes, value: 1)
        for (alias, label) in partLabels {
            let h = normalizedHash(alias)
            labels[h] = label
            if alias.count == 1 { single.insert(h) }
        }
        self.partLabels = labels
        self.singleLetterLabels = single
        let seconds = Dictionary(secondLabels.map { (normalizedHash($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.secondPartLabels = seconds
        abbreviationTable = Self.abbreviationTable(all, final)
        partLabelTable = Self.labelTable(labels, single, seconds)
    }

    private static func abbreviationTable(_ all: Set<UInt64>, _ final: Set<UInt64>) -> HashKeyTable {
        HashKeyTable(Dictionary(uniqueKeysWithValues: all.map { ($0, final.contains($0) ? 2 : 1) }))
    }

    private static func labelTable(_ labels: [UInt64: StarLabel], _ single: Set<UInt64>, _ seconds: [UInt64: StarLabel]) -> HashKeyTable {
        var values: [UInt64: Int32] = [:]
        for (h, label) in labels {
            values[h] = Int32(label.index) | (single.contains(h) ? 8 : 0) | Int32(seconds[h].map { ($0.index + 1) << 4 } ?? 0)
        }
        return HashKeyTable(values)
    }
}

/// Splits UTF-8 bytes into lines, Markdown blocks, tokens and sentences in one pass.
///
/// No regular expressions and no per-token `String`: the parser walks the bytes once,
/// classifying each line by its first bytes and each token by its scalars.
struct DocumentParser {
    let lexicon: TextLexicon
    var doc: Document
    private var blockStartToken = 0
    private var blockKind: BlockKind = .paragraph
    private var inBlock = false
    private var paragraph = 0
    /// The first title left out before the answer (bytes, line, column): read after all when
    /// nothing else is.
    private var droppedTitle: (start: Int, end: Int, line: Int, column: Int)?
    private var currentLabel: StarLabel? { didSet { if currentLabel == nil { currentSecondLabel = nil } } }
    /// The second part a combined label names ("Situation/Task:"); set with `currentLabel`.
    private var currentSecondLabel: StarLabel?
    /// An inline label ("Situation: text") covers its paragraph and any list right
    /// under it; a label on its own line or in a heading covers everything up to the
    /// next label.
    private var labelIsInline = false
    /// The indent of the list item the current inline label was written on ("- Situation:
    /// ..."), or nil when it was not written on one.
    private var labelItemIndent: Int?
    /// The last line that is neither blank, nor a list item without a part label, nor indented
    /// under one (`listRunsToEnd`); found when first needed.
    private var lastLineOutsideLists: Int?
    /// The current label is a phrase alone on its line ("What I did:"), introducing what
    /// follows; once a list under it has ended, the next paragraph is not claimed by it.
    private var labelIsLeadIn = false
    /// A list has closed since the current lead-in label was read.
    private var leadInListClosed = false
    private var previousLineEnd: UInt8 = 0
    /// Inside a "Q:" question's lines, and its text so far; then whether an "A:" may follow.
    private var inQuestion = false
    private var questionParts: [String] = []
    private var answerMarkerAllowed = false
    /// The answer is an interview transcript: it opened with the question ("Q:",
    /// "Interviewer:"), or has a line in the interviewer's or candidate's name. Then a later
    /// "Q:" line is the interviewer's turn, not the answer.
    private var transcript = false
    /// Inside an interviewer's turn after the answer has begun ("Interviewer: And what did you
    /// find?"): its lines, to a blank line or the candidate's next turn, are not the answer.
    private var inInterviewerTurn = false
    /// Skipping a forwarded message's header lines, or a quoted mail, above the answer.
    private var skippingMailHeaders = false
    /// Whether the line before this one ends a sentence (`endsWithSentenceEnd`).
    private var previousLineEndsSentence = false
    /// Whether the answer's labelled parts are paragraphs (`labelledParagraphs`): then an
    /// inline label holds to the end of its paragraph, over line breaks.
    private var carryLabelsAcrossLines = true
    /// Whether the answer heads its parts in its own words (`headsPartsInOwnWords`): then a
    /// heading, a line of its own or a phrase before a colon at a paragraph's start that names
    /// one part ("My part", "Where it landed", "What I did about it:") is that part's label.
    /// Worked out when first needed (`inferLabelsDecided`): most answers have no line that
    /// could be such a heading, and never need the pass over their lines.
    private var inferLabels: Bool?
    /// The text's lines and the first after any front matter, for that pass.
    private var textLines: [(Int, Int)] = []
    private var firstTextLine = 0
    /// Whether a part label on a line of its own (or a heading) has been read: the answer heads
    /// its parts, so a later line set out as a heading is one (`looksLikeHeading`).
    private var headedParts = false
    /// The last line longer than 80 bytes, for `footerRunsToEnd` (found when first needed).
    private var lastLongLine: Int?
    /// The index of the line that closes a fence read as prose (`proseFenceClose`), or -1.
    private var proseFenceCloseLine = -1
    /// The parts a table's header row names, column by column ("| Situation | Task | Action |
    /// Result |"), for the rows under it; empty outside a table.
    private var tableColumnLabels: [StarLabel?] = []
    /// In a table written without outer pipes, after its delimiter row.
    private var pipelessTable = false
    /// Whether the line being tokenized has offsets and columns that fit in Int32 (see `tokenize`).
    private var exactOffsets = false
    /// Whether the line being tokenized has a number token: `markNamedNumbers` runs only after
    /// a line that has one.
    private var lineHasNumber = false
    /// The line being read (its number, first byte and end without trailing blanks), so a part
    /// label can be located (`Document.partLabelSpans`).
    private var currentLine: (number: Int, start: Int, end: Int) = (0, 0, 0)

    init(bytes: [UInt8], lexicon: TextLexicon) {
        self.lexicon = lexicon
        // Character references decoded first ("customer&rsquo;s" is one word); positions are
        // taken back to the file's in `correctColumns`.
        let decoding = EntityDecoding.decode(bytes)
        let source = decoding?.bytes ?? bytes
        self.decoding = decoding
        var work = source
        var directives: [SuppressionDirective] = []
        // Link addresses first: a multibyte address becomes one space per byte, as the
        // tokenizer then counts columns, so a directive's column is counted the same way.
        DocumentParser.blankLinkTargets(&work)
        DocumentParser.blankMarkup(&work)
        DocumentParser.blankComments(&work, directives: &directives)
        self.doc = Document(bytes: work)
        self.doc.directives = directives
        if work != source { self.doc.blanked = DocumentParser.blankedRanges(original: source, blanked: work) }
        blankedScalars = work == source ? [] : DocumentParser.blankedScalars(original: source, blanked: work)
    }

    /// The character references decoded before parsing (nil for nearly every answer).
    private let decoding: EntityDecoding?

    /// Where blanking a comment or a link address turned a character of several bytes into
    /// as many spaces: the line and the (blanked) column of each space past the first. Columns
    /// are counted over the blanked bytes, so each of these adds one column that the file does
    /// not have; `correctColumns` takes them off again. Empty for nearly every answer.
    private var blankedScalars: [(line: Int32, column: Int32)] = []

    /// The ranges where `blanked` differs from `original` (`Document.blanked`). Two such
    /// ranges with only spaces between them are one: a space inside markup (`[a](x "title")`,
    /// `<br />`, `<!-- a note -->`) was blanked with it.
    static func blankedRanges(original: [UInt8], blanked: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var k = 0
        while k < blanked.count {
            guard original[k] != blanked[k] else { k += 1; continue }
            var start = k
            while k < blanked.count, original[k] != blanked[k] { k += 1 }
            if let last = out.last, original[last.upperBound..<start].allSatisfy({ $0 == 0x20 }) {
                start = last.lowerBound
                out.removeLast()
            }
            out.append(start..<k)
        }
        return out
    }

    static func blankedScalars(original: [UInt8], blanked: [UInt8]) -> [(line: Int32, column: Int32)] {
        var out: [(line: Int32, column: Int32)] = []
        var line: Int32 = 1, column: Int32 = 1
        var k = 0
        let n = blanked.count
        while k < n {
            let c = blanked[k]
            // Lines end at LF, CRLF or a lone CR, as in `run()`.
            if c == 0x0A || c == 0x0D {
                if c == 0x0D, k + 1 < n, blanked[k + 1] == 0x0A { k += 1 }
                line += 1
                column = 1
                k += 1
                continue
            }
            if c & 0xC0 != 0x80 {
                if c == 0x20, original[k] & 0xC0 == 0x80 { out.append((line, column)) }
                column += 1
            }
            k += 1
        }
        return out
    }

    /// `column` on `line` as the file counts it: less one for each extra space of a blanked
    /// character before it on the line (`blankedScalars`, sorted).
    static func corrected(_ column: Int32, line: Int32, _ shifts: [(line: Int32, column: Int32)]) -> Int32 {
        var lo = 0, hi = shifts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if (shifts[mid].line, shifts[mid].column) < (line, column) { lo = mid + 1 } else { hi = mid }
        }
        // The first shift on the line, by a second binary search: the count between is the
        // number of extra columns (a line of thousands of blanked accents stays linear).
        var first = 0, end = lo
        while first < end {
            let mid = (first + end) / 2
            if shifts[mid].line < line { first = mid + 1 } else { end = mid }
        }
        return column - Int32(lo - first)
    }

    /// Takes the extra columns of blanked characters off every token, sentence and directive,
    /// then adds those of decoded character references back (and their bytes to the
    /// sentences' byte ranges, and their columns to the part labels' spans), so every position
    /// is the file's.
    mutating func correctColumns() {
        let shifts = blankedScalars, decoding = decoding
        guard !shifts.isEmpty || decoding != nil else { return }
        func fileColumn(_ column: Int32, line: Int32) -> Int32 {
            let c = shifts.isEmpty ? column : Self.corrected(column, line: line, shifts)
            return decoding?.fileColumn(c, line: line) ?? c
        }
        for k in doc.tokens.indices {
            let t = doc.tokens[k]
            doc.tokens[k].column = fileColumn(t.column, line: t.line)
            doc.tokens[k].endColumn = fileColumn(t.endColumn, line: t.line)
        }
        for k in doc.sentences.indices {
            let r = doc.sentences[k].tokens
            let first = doc.tokens[r.lowerBound], last = doc.tokens[r.upperBound - 1]
            doc.sentences[k].span.column = Int(first.column)
            doc.sentences[k].span.endColumn = Int(last.endColumn)
            if let d = decoding {
                let b = doc.sentences[k].byteRange
                doc.sentences[k].byteRange = d.fileOffset(b.lowerBound)..<d.fileOffset(b.upperBound)
            }
        }
        for k in doc.directives.indices {
            let dir = doc.directives[k]
            doc.directives[k].column = Int(fileColumn(Int32(dir.column), line: Int32(dir.commentLine)))
        }
        guard let d = decoding else { return }
        for (part, span) in doc.partLabelSpans {
            var s = span
            s.column = Int(d.fileColumn(Int32(span.column), line: Int32(span.line)))
            s.endColumn = Int(d.fileColumn(Int32(span.endColumn), line: Int32(span.endLine)))
            doc.partLabelSpans[part] = s
        }
    }

    // MARK: - Entry point

    static func parse(_ bytes: [UInt8], lexicon: TextLexicon) -> Document {
        var p = DocumentParser(bytes: bytes, lexicon: lexicon)
        p.run()
        p.correctColumns()
        return p.doc
    }

    private mutating func run() {
        let bytes = doc.bytes
        let n = bytes.count
        let pos = UTF8Check.byteOrderMarkLength(bytes)
        // Lines as (start, end) without the terminator.
        var lines: [(Int, Int)] = []
        lines.reserveCapacity(n / 40 + 1)
        var s = pos
        var i = pos
        bytes.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }  // no bytes
            let raw = UnsafeRawPointer(base)
            while i < n {
                // Eight bytes at a time past any without a CR or LF.
                while i + 8 <= n {
                    let v = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    if Document.byteMask(v, 0x0A) | Document.byteMask(v, 0x0D) != 0 { break }
                    i += 8
                }
                guard i < n else { break }
                let b = p[i]
                if b == 0x0A {
                    lines.append((s, i > s && p[i - 1] == 0x0D ? i - 1 : i))
                    s = i + 1
                } else if b == 0x0D, i + 1 < n, p[i + 1] != 0x0A {
                    lines.append((s, i))
                    s = i + 1
                }
                i += 1
            }
        }
        if s < n || lines.isEmpty { lines.append((s, n)) }
        doc.lineCount = lines.count
        doc.tokens.reserveCapacity(n / 4 + 16)
        doc.sentences.reserveCapacity(n / 64 + 4)
        var li = 0
        // Front matter: from the first line, or after blank lines when the block then reads as
        // front matter ("key: value" first), so a stray blank line above it does not turn it
        // into a rule and a heading that swallow the answer's first line.
        let opening = Self.frontMatterOpening(lines, bytes)
        if let f = opening, isFence(lines[f], bytes) {
            var j = f + 1
            // The first line that cannot be front matter ("Situation: In my second year ...",
            // prose) before a closing fence: the answer starts there, whether a "---" further
            // down was meant to close the block or not.
            var cut: Int?
            while j < lines.count, !isFence(lines[j], bytes), !isDots(lines[j], bytes) {
                if cut == nil, !isFrontMatterLine(lines[j], bytes) { cut = j }
                j += 1
            }
            if let cut {
                parseFrontMatter(lines[(f + 1)..<cut], bytes)
                li = cut
                doc.frontMatterCutAt = cut + 1
            } else if j < lines.count {
                parseFrontMatter(lines[(f + 1)..<j], bytes)
                li = j + 1
            } else {
                doc.unclosedFrontMatter = true
            }
        }
        var inCode = false
        var fenceMark: UInt8 = 0, fenceLength = 0
        textLines = lines
        firstTextLine = li
        carryLabelsAcrossLines = labelledParagraphs(lines, from: li, bytes)
        while li < lines.count {
            let (ls, le) = lines[li]
            let lineNo = li + 1
            li += 1
            // The last visible byte of the line before this one (list markers that may also be
            // prose, "– and then", need a break before them).
            let lastLineEnd = previousLineEnd
            let lastLineEndsSentence = previousLineEndsSentence
            var last = le
            while last > ls, bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 { last -= 1 }
            previousLineEnd = last > ls ? bytes[last - 1] : 0
            previousLineEndsSentence = Self.endsWithSentenceEnd(ls, last, bytes)
            currentLine = (lineNo, ls, last)
            var c = ls
            var indent = 0
            while c < le, bytes[c] == 0x20 || bytes[c] == 0x09 {
                indent += bytes[c] == 0x09 ? 4 : 1
                c += 1
            }
            if inInterviewerTurn {
                if c < le, answerPrefix(c, le, bytes) == nil, candidatePrefix(c, le, bytes) == nil { continue }
                // An "A:" now opens the candidate's reply, not the Action.
                inInterviewerTurn = false
                answerMarkerAllowed = true
            }
            if inQuestion {
                // The question goes on to a blank line or its own end ("?" or "."), or to a
                // line that opens a part ("Situation: ...").
                if c < le, partLabel(c, le, bytes, allowBare: false) != nil { finishQuestion() }
                else if c < le {
                    questionParts.append(String(decoding: bytes[c..<last], as: UTF8.self))
                    // A bank id ("Question: q006") is the whole question.
                    if Self.endsWithSentenceEnd(c, last, bytes) || Self.isBankID(c, last, bytes) { finishQuestion() }
                    continue
                } else {
                    finishQuestion()
                    continue
                }
            }
            // After a "Q:" question or an interviewer's turn (and any blank lines), "A:" or
            // "Answer:" opens the answer: not the Action label. The first line of text after
            // either ends the chance, so blank lines need no check.
            if answerMarkerAllowed, c < le {
                answerMarkerAllowed = false
                if let a = answerPrefix(c, le, bytes) {
                    c = a
                    if c >= last { continue }
                }
            }
            // The candidate's turn in a transcript ("Candidate: Sure. So ...", "Me: ..."): the
            // name is not the answer's text, and each turn is a paragraph of its own.
            if c < le, isASCIILetter(bytes[c]), let a = candidatePrefix(c, le, bytes) {
                transcript = true
                closeBlock()
                c = a
                if c >= last { continue }
            }
            if li - 1 == proseFenceCloseLine {
                closeBlock()
                proseFenceCloseLine = -1
                continue
            }
            // Code fences: three or more backticks or tildes; the fence closes with at least as
            // many of the same mark, so a ```` block may hold a ``` line.
            // (Inside a fence read as prose, a shorter fence line is text: no fence opens there.)
            if c + 3 <= le, proseFenceCloseLine < 0, bytes[c] == 0x60 || bytes[c] == 0x7E, bytes[c + 1] == bytes[c], bytes[c + 2] == bytes[c] {
                var run = 3
                while c + run < le, bytes[c + run] == bytes[c] { run += 1 }
                if !inCode {
                    closeBlock()
                    // A fence round plain prose (no language named, no code in it) holds the
                    // answer pasted from a chat or an editor: read, the fence lines as breaks.
                    if let close = Self.proseFenceClose(lines, from: li, mark: bytes[c], run: run, info: c + run..<le, bytes) {
                        proseFenceCloseLine = close
                        continue
                    }
                    inCode = true; fenceMark = bytes[c]; fenceLength = run
                    continue
                }
                if bytes[c] == fenceMark, run >= fenceLength {
                    inCode = false
                    continue
                }
            }
            if inCode { continue }
            // A table row: its prose cells are read, its data cells are not (`tableRow`).
            if c < le, bytes[c] == 0x7C, (c + 1..<le).contains(where: { bytes[$0] == 0x7C }) {
                closeBlock()
                tableRow(ls, c + 1, last, line: lineNo)
                continue
            }
            // A table written without outer pipes ("Situation | The ward was short"): its header
            // row has a delimiter row under it ("--- | ---"), and its rows go on while lines
            // hold a "|".
            // (The next line is looked at before this one is scanned for a "|": most lines
            // have no delimiter row under them, and that test stops at its first byte.)
            if c < le, isASCIILetter(bytes[c]) || bytes[c] >= 0x80 || bytes[c] == 0x2A || bytes[c] == 0x5F,
               pipelessTable || (li < lines.count && Self.isDelimiterRow(lines[li].0, lines[li].1, bytes)),
               (c..<last).contains(where: { bytes[$0] == 0x7C }) {
                closeBlock()
                pipelessTable = true
                tableRow(ls, c, last, line: lineNo)
                continue
            }
            if pipelessTable, c < le, Self.isDelimiterRow(ls, le, bytes) { continue }
            pipelessTable = false
            tableColumnLabels = []
            // A link reference definition ("[1]: https://...").
            if c < le, bytes[c] == 0x5B, let close = (c..<le).first(where: { bytes[$0] == 0x5D }), close + 1 < le, bytes[close + 1] == 0x3A,
               !(close + 2 < le && (close + 3..<le).contains(where: { bytes[$0] == 0x20 && $0 > close + 2 })) {
                closeBlock()
                continue
            }
            // A line of "=" (a setext underline with no heading text above it): a break.
            if c < le, bytes[c] == 0x3D, Self.setextUnderline((c, le), bytes) != nil {
                closeBlock()
                continue
            }
            if c == le {  // blank
                closeBlock()
                if labelIsInline { currentLabel = nil; labelIsInline = false }
                skippingMailHeaders = false
                continue
            }
            // Block quote: strip markers and treat as text.
            let quoted = c < le && bytes[c] == 0x3E
            while c < le, bytes[c] == 0x3E {
                c += 1
                while c < le, bytes[c] == 0x20 { c += 1 }
            }
            if c == le { closeBlock(); continue }
            if isThematicBreak(c, le, bytes) {
                closeBlock()
                continue
            }
            // A forwarded message's header lines, or the quoted mail under "On ... wrote:", above
            // the answer: skipped to a blank line.
            if skippingMailHeaders {
                if quoted || isEmailHeader(c, le, bytes) { continue }
                skippingMailHeaders = false
            }
            // What a mail program adds after a message ("-- " before a signature, "Sent from my
            // iPhone", "On Tue, 4 Mar, Sam wrote:" and the quoted reply, "-----Original
            // Message-----") ends the answer, as a sign-off does. Above the answer, or after a
            // note of one sentence ("FYI, my answer is below."), a forwarded message's divider
            // or a reply's attribution opens what comes after it: skipped, with its header or
            // quoted lines.
            let shortTrail: MailTrail? = last - c <= 100 ? Self.mailTrail(c, le, bytes) ?? outlookHeader(c, le, next: li, lines) : nil
            let foreign: MailTrail? = last - c <= 200 && bytes[last - 1] == 0x3A && Self.isForeignAttribution(c, last, bytes) ? .attribution : nil
            if !quoted, let trail = shortTrail ?? foreign {
                let started = !doc.sentences.isEmpty || inBlock
                closeBlock()
                if trail != .signature, doc.sentences.count <= 1 {
                    skippingMailHeaders = true
                    continue
                }
                if started { break }
                continue
            }
            // A mail's legal footer after the answer ("This email and any attachments are
            // confidential ...", "DISCLAIMER: ...") ends it, as a signature does: a paragraph
            // of its own that is the mail's last, with at most short lines (a signature, "Sent
            // from ...") after it. A sentence of the answer that opens so ("Legal notice periods
            // varied ...") has more of the answer after it.
            if !quoted, !doc.sentences.isEmpty, !inBlock, Self.isDisclaimer(c, last, bytes), footerRunsToEnd(from: li, lines) {
                break
            }
            // The interview question pasted above the answer on a line of its own, with no
            // "Question:" ("Tell me about a time you had to ...?", "**Describe a conflict ...?**",
            // in quotes or not), then a blank line, or the answer at once on the next line when
            // the question ends in "?" or is a request ending in "." ("Tell me about a time you
            // dealt with an unhappy customer."; no answer opens by asking for itself): the
            // question, not the answer's first sentence. One typed with no end at all needs the
            // blank line. (A bare "Q: ..." opens a transcript, below.)
            if doc.sentences.isEmpty, !inBlock, doc.frontMatter["question"] == nil, li < lines.count,
               questionPrefix(c, le, bytes) == nil, let q = Self.bareQuestion(c, last, bytes),
               Self.isBlank(lines[li], bytes) || bytes[q.upperBound - 1] == 0x3F || bytes[q.upperBound - 1] == 0x2E {
                adoptQuestion(String(decoding: bytes[q], as: UTF8.self))
                answerMarkerAllowed = true
                continue
            }
            // A letter's greeting before the answer ("Hi Sam,") is skipped; its sign-off
            // ("Kind regards,") ends the answer, and the signature after it is not read.
            if isASCIILetter(bytes[c]) {
                // "Q: Tell me about ..." or "Question: ..." before the answer is the question,
                // with the lines after it up to a blank line (a question on the next line, or
                // wrapped); one that goes on past a sentence end is text.
                if doc.sentences.isEmpty, !inBlock, let q = questionPrefix(c, le, bytes),
                   interviewerPrefix(c, le, bytes) != nil || !Self.hasInnerSentenceEnd(q, last, bytes) {
                    questionParts = q < last ? [String(decoding: bytes[q..<last], as: UTF8.self)] : []
                    inQuestion = true
                    transcript = true
                    if q < last, Self.endsWithSentenceEnd(q, last, bytes) || Self.isBankID(q, last, bytes) { finishQuestion() }
                    continue
                }
                // A later turn of the interviewer's ("Q: And what did you find?", "Interviewer:
                // Okay."), in a transcript or named so, is not the answer: skipped to a blank
                // line or the candidate's next turn.
                if !doc.sentences.isEmpty || inBlock, transcript || interviewerPrefix(c, le, bytes) != nil,
                   questionPrefix(c, le, bytes) != nil {
                    transcript = true
                    closeBlock()
                    inInterviewerTurn = true
                    continue
                }
                // Greetings and sign-offs are short lines; a line of the answer's text seldom is.
                if last - c <= 80 {
                    if doc.sentences.isEmpty, !inBlock, !quoted, isGreeting(c, le, bytes) || isEmailHeader(c, le, bytes) { continue }
                    // The sign-off, on a line of its own after the answer's last sentence, then
                    // at most a short name ("Best, Sam"); not inside a quote of someone's reply.
                    // A chat's closing ("Hope that helps!") ends it only as the last thing said,
                    // with at most short lines after it.
                    if !doc.sentences.isEmpty || inBlock, !quoted, !inBlock || lastLineEndsSentence, let kind = signOff(c, le, bytes),
                       kind == .letter || footerRunsToEnd(from: li, lines) {
                        closeBlock()
                        break
                    }
                }
            }
            let col0 = scalarColumn(ls, c, bytes)
            // Heading; but not "# of trips" wrapped onto a line of its own in a paragraph
            // that has not ended ("#" as "number"): a lower-case word after it, mid-sentence.
            let wrappedHash = inBlock && blockKind == .paragraph && c + 2 < le && bytes[c + 1] == 0x20 && bytes[c + 2] &- 0x61 < 26
                && !(lastLineEndsSentence || lastLineEnd == 0x3A)
            if bytes[c] == 0x23, !wrappedHash {
                var h = c
                while h < le, bytes[h] == 0x23 { h += 1 }
                if h - c <= 6, h == le || bytes[h] == 0x20 {
                    closeBlock()
                    var t = h
                    while t < le, bytes[t] == 0x20 { t += 1 }
                    var e = le
                    while e > t, bytes[e - 1] == 0x23 || bytes[e - 1] == 0x20 { e -= 1 }
                    let tc = col0 + (t - c)
                    heading(t, e, line: lineNo, column: tc, bytes)
                    continue
                }
            }
            // A setext heading: one line of text, starting a block, underlined with "===" or
            // "---" on the next line (which is then skipped as a break). Not a list item, and
            // under "---" not a line ending as a sentence does ("I fixed it." above a rule
            // that separates parts).
            if !inBlock, !quoted, li < lines.count, let mark = Self.setextUnderline(lines[li], bytes),
               mark == 0x3D || !(bytes[last - 1] == 0x2E || bytes[last - 1] == 0x21),
               isASCIILetter(bytes[c]) || bytes[c] >= 0x80 || bytes[c] &- 0x30 < 10 || bytes[c] == 0x2A || bytes[c] == 0x5F || bytes[c] == 0x22,
               listMarker(c, le, bytes, afterBreak: true) == nil {
                closeBlock()
                heading(c, last, line: lineNo, column: col0, bytes)
                li += 1
                continue
            }
            // List item.
            if let (kind, contentStart) = listMarker(c, le, bytes, afterBreak: !inBlock || blockKind == .bullet || blockKind == .numbered
                                                        || lastLineEnd == 0x3A || lastLineEndsSentence,
                                                     afterColon: lastLineEnd == 0x3A || (inBlock && blockKind == .numbered)) {
                // The list's first item, right under a line of text.
                let underText = inBlock && blockKind == .paragraph
                closeBlock()
                var t = contentStart
                if let (label, rest, second) = partLabel(t, le, bytes, allowBare: kind == .numbered) {
                    // "1. Situation" alone on its line heads the part, as "## Situation" does.
                    if rest >= le {
                        startPart(label, second: second, inline: false)
                        continue
                    }
                    startPart(label, second: second, inline: true)
                    // One ending in a colon introduces the items after it ("- Task: I had three
                    // targets:⏎- cut the backlog ...").
                    if !(last > rest && bytes[last - 1] == 0x3A) { labelItemIndent = indent }
                    t = rest
                } else if labelIsInline, currentLabel != nil, !carryLabelsAcrossLines,
                          labelItemIndent.map({ indent <= $0 }) ?? (underText && lastLineEndsSentence && listRunsToEnd(lines, from: li, bytes)) {
                    // "- Situation: Last spring ...⏎- my job was to ...⏎- I sorted ...": a label
                    // on one item of a list, with no blank line between the parts, holds for that
                    // item, as one written on a line of text holds for that line (below); the
                    // items after it are read as the model reads unlabelled text. (An item nested
                    // under it is still its own.) So does one on a line of text that ends a
                    // sentence above a list that runs to the answer's end with no label in it
                    // ("Context: ... was ending.⏎- my job was ...⏎- I sorted ..."): a list with
                    // text or a label after it belongs to the label above ("Task: My manager gave
                    // me three goals.⏎- ...⏎⏎I started by ...", "A: I started by ...⏎- Met the
                    // managers ...⏎R: ..."); so does one under a line ending in a colon ("Action:
                    // what I did:⏎- ...").
                    currentLabel = nil
                    labelIsInline = false
                    labelItemIndent = nil
                }
                beginBlock(kind)
                tokenize(t, le, line: lineNo, column: col0 + scalarCount(c, t, bytes))
                continue
            }
            // Plain text line.
            var t = c
            if let (label, rest, second) = partLabel(c, le, bytes, allowBare: true)
                ?? (!inBlock || blockKind == .heading ? inferredPartLabel(c, le, bytes, heading: false).flatMap { inferLabelsDecided() ? ($0.label, $0.rest, nil) : nil } : nil) {
                closeBlock()
                startPart(label, second: second, inline: rest < le, leadIn: rest == le && Self.isPhraseEndingInColon(c, rest, bytes))
                t = rest
                if t == le { continue }
                beginBlock(.paragraph)
            } else if !inBlock || blockKind == .heading || ((blockKind == .bullet || blockKind == .numbered) && indent < 2) {
                closeBlock()
                // A line set out as a heading that names no part ("**The payoff**", or
                // "Mitigation" alone after a blank line, over text) where the answer heads its
                // parts: a heading, as a Markdown one is. It ends the part a label on a line of
                // its own opened above it, and the text under it starts a paragraph of its own.
                if lastLineEnd == 0, Self.looksLikeHeading(c, le, bytes), headedParts || inferLabelsDecided() {
                    if !labelIsInline { currentLabel = nil }
                    continue
                }
                // "What I did:⏎1. ...⏎⏎Queues got much shorter.": the phrase introduced the list.
                if labelIsLeadIn, leadInListClosed {
                    currentLabel = nil
                    labelIsLeadIn = false
                }
                beginBlock(.paragraph)
            } else if labelIsInline, currentLabel != nil, !carryLabelsAcrossLines,
                      lastLineEndsSentence || (isASCIIAlnum(lastLineEnd) && bytes[c] &- 0x41 < 26 && typedWithoutStops) {
                // (In an answer typed with no full stops at all, a line that starts with a capital
                // after one ending in a word is a new sentence, as after a stop.)
                // "Situation: I was a night porter.⏎My job was to ...", with no blank line
                // between the parts: the label written on the line of its text holds for that
                // line's sentences, and a new line after a sentence end starts text it does not
                // claim (one part per line, the first or some of them labelled, is how many
                // people write), read as the model reads unlabelled text. Where labelled parts
                // are paragraphs apart, a label holds to its paragraph's end.
                closeBlock()
                currentLabel = nil
                labelIsInline = false
                beginBlock(.paragraph)
            }
            tokenize(t, le, line: lineNo, column: col0 + scalarCount(c, t, bytes))
        }
        if inQuestion { finishQuestion() }
        closeBlock()
        // A title with nothing after it is the whole answer ("# I fixed the build"): read;
        // not over part labels with nothing under them (a template not filled in yet).
        if doc.sentences.isEmpty, doc.partLabelsWritten.isEmpty, let title = droppedTitle {
            beginBlock(.heading)
            tokenize(title.start, title.end, line: title.line, column: title.column)
            closeBlock()
        }
        finishParagraphCounts()
    }

    // MARK: - Fences and tables

    /// For a code fence opened by `run` of `mark` on the line before `from` with `info` after
    /// it: when nothing but prose is inside (no language named, or "text" or "markdown"; at
    /// least 15 words and a sentence end; hardly any of the characters code is made of), the
    /// index of the line that closes it (the line count for a fence never closed). Nil for code.
    static func proseFenceClose(_ lines: [(Int, Int)], from: Int, mark: UInt8, run: Int, info: Range<Int>, _ b: [UInt8]) -> Int? {
        var word = [UInt8]()
        for k in info where b[k] != 0x20 && b[k] != 0x09 && b[k] != 0x0D { word.append(b[k] | 0x20) }
        guard word.isEmpty || word == Array("text".utf8) || word == Array("markdown".utf8) || word == Array("md".utf8) || word == Array("txt".utf8) else { return nil }
        var words = 0, codeBytes = 0, bytes = 0
        var sentenceEnd = false
        var k = from
        while k < lines.count {
            let (ls, le) = lines[k]
            var c = ls
            while c < le, b[c] == 0x20 || b[c] == 0x09 { c += 1 }
            var r = 0
            while c + r < le, b[c + r] == mark { r += 1 }
            if r >= run {
                return words >= 15 && sentenceEnd && codeBytes * 50 <= bytes ? k : nil
            }
            // Indented four spaces or more: code, not a paragraph.
            if c - ls >= 4, c < le { return nil }
            var inWord = false
            for j in c..<le {
                let x = b[j]
                bytes += 1
                switch x {
                case 0x7B, 0x7D, 0x3B, 0x3D, 0x3C, 0x3E, 0x5B, 0x5D, 0x5C, 0x60, 0x24, 0x7C: codeBytes += 1
                case 0x2E, 0x21, 0x3F: if j + 1 == le || b[j + 1] == 0x20 { sentenceEnd = true }
                default: break
                }
                let letter = isASCIILetter(x) || x >= 0x80
                if letter, !inWord { words += 1 }
                inWord = letter || (inWord && x == 0x27)
            }
            k += 1
        }
        // Never closed: it runs to the end, and is read if it is prose.
        return words >= 15 && sentenceEnd && codeBytes * 50 <= bytes ? lines.count : nil
    }

    /// A table's delimiter row: "|", "-" and ":" only (spaces aside), with a "|" and a "-"
    /// ("--- | :---:", "|---|---|").
    static func isDelimiterRow(_ s: Int, _ e: Int, _ b: [UInt8]) -> Bool {
        var pipe = false, dash = false
        for k in s..<e {
            switch b[k] {
            case 0x7C: pipe = true
            case 0x2D: dash = true
            case 0x3A, 0x20, 0x09, 0x0D: break
            default: return false
            }
        }
        return pipe && dash
    }

    /// A Markdown table row from `c` (its first cell, after any "|" opening the row) to `e`. A
    /// cell of prose (six words or more, or three ending as a sentence does) is read as a
    /// paragraph of its own; a cell that is
    /// only a part label ("| **Situation** | The night shift was two porters short. |") labels
    /// the prose cells after it in the row, and a header row of part labels ("| Situation |
    /// Task | Action | Result |") labels the columns of the rows under it. A cell that opens
    /// with a label ("| Result: queues fell by half |") is that part. Short cells ("9 days",
    /// "Before") are data, as the separator row ("|---|:---:|") is: not read.
    private mutating func tableRow(_ ls: Int, _ c: Int, _ e: Int, line: Int) {
        let bytes = doc.bytes
        var cells: [(start: Int, end: Int)] = []
        var start = c
        var p = c
        while p < e {
            if bytes[p] == 0x7C, bytes[p - 1] != 0x5C {
                cells.append((start, p))
                start = p + 1
            }
            p += 1
        }
        if start < e { cells.append((start, e)) }
        cells = cells.map { cell in
            var (s, t) = cell
            while s < t, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
            while t > s, bytes[t - 1] == 0x20 || bytes[t - 1] == 0x09 { t -= 1 }
            return (s, t)
        }
        let labels: [StarLabel?] = cells.map { cell in
            guard cell.start < cell.end, let found = partLabel(cell.start, cell.end, bytes, allowBare: true), found.rest >= cell.end else { return nil }
            return found.label
        }
        let prose = cells.map { Self.isProseCell($0.start, $0.end, bytes) }
        if labels.count(where: { $0 != nil }) >= 2, !prose.contains(true) {
            tableColumnLabels = labels
            return
        }
        let saved = (currentLabel, currentSecondLabel, labelIsInline)
        let savedLeadIn = (labelIsLeadIn, leadInListClosed)
        defer { (labelIsLeadIn, leadInListClosed) = savedLeadIn }
        var rowLabel: StarLabel?
        for (i, cell) in cells.enumerated() {
            if let label = labels[i] {
                rowLabel = label
                continue
            }
            guard prose[i] else { continue }
            var t = cell.start
            var label = rowLabel ?? (i < tableColumnLabels.count ? tableColumnLabels[i] : nil)
            var second: StarLabel?
            if let found = partLabel(t, cell.end, bytes, allowBare: false), found.rest < cell.end {
                label = found.label
                second = found.second
                t = found.rest
            }
            if let label {
                startPart(label, second: second, inline: true)
            } else {
                (currentLabel, currentSecondLabel, labelIsInline) = saved
            }
            beginBlock(.paragraph)
            tokenize(t, cell.end, line: line, column: scalarColumn(ls, t, bytes))
            closeBlock()
        }
        (currentLabel, currentSecondLabel, labelIsInline) = saved
    }

    /// A table cell that holds prose rather than data: six words or more, or three or more
    /// ending as a sentence does ("I rang every supplier.").
    static func isProseCell(_ s: Int, _ e: Int, _ b: [UInt8]) -> Bool {
        var words = 0
        var k = s
        while k < e {
            while k < e, b[k] == 0x20 { k += 1 }
            guard k < e else { break }
            var letters = false
            while k < e, b[k] != 0x20 {
                if isASCIILetter(b[k]) || b[k] >= 0x80 { letters = true }
                k += 1
            }
            if letters { words += 1 }
        }
        return words >= 6 || (words >= 3 && endsWithSentenceEnd(s, e, b))
    }

    // MARK: - Blocks and sentences

    private mutating func beginBlock(_ kind: BlockKind) {
        inBlock = true
        blockKind = kind
        blockStartToken = doc.tokens.count
    }

    /// A part label just read becomes the current one, with the second part a combined label
    /// names, whether it was written on a line of text (`labelIsInline`) and whether it is a
    /// phrase introducing what follows (`labelIsLeadIn`).
    private mutating func startPart(_ label: StarLabel, second: StarLabel?, inline: Bool, leadIn: Bool = false) {
        for part in [label, second].compactMap({ $0 }) where doc.partLabelSpans[part] == nil {
            // Located at the line it is on, from its first visible character to the line's end.
            let (number, ls, end) = currentLine
            var c = ls
            while c < end, doc.bytes[c] == 0x20 || doc.bytes[c] == 0x09 { c += 1 }
            doc.partLabelSpans[part] = SourceSpan(line: number, column: scalarColumn(ls, c, doc.bytes), endLine: number,
                                                  endColumn: scalarColumn(ls, end, doc.bytes))
        }
        currentLabel = label
        currentSecondLabel = second
        if !inline { headedParts = true }
        labelIsInline = inline
        labelItemIndent = nil
        labelIsLeadIn = leadIn
        leadInListClosed = false
    }

    private mutating func closeBlock() {
        guard inBlock else { return }
        inBlock = false
        if labelIsLeadIn, blockKind == .bullet || blockKind == .numbered { leadInListClosed = true }
        let range = blockStartToken..<doc.tokens.count
        let before = doc.sentences.count
        splitSentences(range)
        if doc.sentences.count > before {
            // Bullets of one list share a paragraph index; other blocks start a new one.
            paragraph += 1
        }
    }

    private mutating func splitSentences(_ range: Range<Int>) {
        var start = range.lowerBound
        var i = range.lowerBound
        let toks = doc.tokens
        let bytes = doc.bytes
        let nBytes = bytes.count
        // For labels inside sentences: the last part split off, and whether the block's own
        // label is a single letter ("S:"), read when first needed.
        var lastSplitPart = -1
        var letterStyle: Bool?
        let lineStarts = blockKind == .paragraph ? Self.sentencePerLineBreaks(range, toks, bytes, twoLines: typedWithoutStops) : []
        var nextLineStart = 0
        while i < range.upperBound {
            let t = toks[i]
            // A block written one sentence to a line, without full stops: each such line
            // starts a sentence (`sentencePerLineBreaks`).
            if nextLineStart < lineStarts.count, lineStarts[nextLineStart] == i {
                nextLineStart += 1
                if i > start {
                    emitSentence(inlineLabel(start..<i, first: start == range.lowerBound))
                    start = i
                }
            }
            // "S: the truck left late T: I had to ... A: I split the picking ...": in a labelled
            // answer, the next part's label inside a sentence with no stop before it ends that
            // sentence; the label then starts the next one (`inlineLabel`).
            if t.flags.contains(.capitalized), i > start, t.kind == .word, let current = currentLabel {
                // Only a colon or a spaced dash after the word can make it a label.
                let e = Int(t.end)
                if e < nBytes, bytes[e] == 0x3A || (bytes[e] == 0x20 && e + 1 < nBytes && (bytes[e + 1] == 0x2D || bytes[e + 1] == 0xE2)),
                   let label = midSentenceLabel(i, range: range, letterStyle: &letterStyle), label.index > max(current.index, lastSplitPart) {
                    emitSentence(inlineLabel(start..<i, first: start == range.lowerBound))
                    start = i
                    lastSplitPart = label.index
                }
            }
            if t.flags.contains(.terminal) {
                // The run of terminals and closers from here ("!'", '?"', "...") is found once,
                // and each terminal in it asks whether it ends the sentence: linear in the run.
                var e = i + 1
                while e < range.upperBound, toks[e].flags.contains(.terminal) || toks[e].flags.contains(.closer) { e += 1 }
                var quoteAfter = -1  // the last quote mark in the run
                for q in i + 1..<e where [.straight, .closing].contains(doc.quoteMark(toks[q])) || doc.isSingleQuote(toks[q]) { quoteAfter = q }
                var ends = false
                for k in i..<e where toks[k].flags.contains(.terminal) && endsSentence(at: k, in: range, next: e, quoteAfter: quoteAfter > k) {
                    ends = true
                    break
                }
                if ends {
                    emitSentence(inlineLabel(start..<e, first: start == range.lowerBound))
                    start = e
                }
                i = e
                continue
            }
            i += 1
        }
        if start < range.upperBound { emitSentence(inlineLabel(start..<range.upperBound, first: start == range.lowerBound)) }
    }

    /// Where a paragraph is written one sentence to a line with no full stops ("I was a porter
    /// on nights⏎The emergency department kept waiting⏎..."): the first tokens of lines that
    /// start with a capital after a line ending in no punctuation, when the block has at least
    /// two such breaks and they are at least 60% of its line breaks. Hard-wrapped prose breaks
    /// mid-sentence, where the next line mostly starts in lower case; it keeps its breaks.
    /// With `twoLines` (an answer typed with no full stops anywhere), a block of two lines
    /// is enough ("I also kept a log of every dose we used⏎Waits fell from 9 hours to 1").
    static func sentencePerLineBreaks(_ range: Range<Int>, _ toks: [Token], _ bytes: [UInt8], twoLines: Bool = false) -> [Int] {
        // Most blocks are one line (a paragraph per line): nothing to look at.
        guard range.count > 2, toks[range.upperBound - 1].line - toks[range.lowerBound].line >= (twoLines ? 1 : 2) else { return [] }
        // A block with sentence ends before its last token is prose with full stops: it is
        // hard-wrapped, however many of its lines start with "I" or a name, unless its lines
        // show otherwise (`unstoppedLineBreaks`).
        for j in range.lowerBound..<(range.upperBound - 1) where toks[j].flags.contains(.terminal) {
            return unstoppedLineBreaks(range, toks, bytes)
        }
        var breaks = 0
        var starts: [Int] = []
        // Lines that start in lower case count too ("so i was a barista⏎my manager wanted
        // ..." typed on a phone) unless the block is hard-wrapped as a mail program or an
        // editor wraps it: its lines but the last of nearly one width, each broken where the
        // next word would not have fitted, and some broken after a word that cannot end a
        // sentence ("the", "to", "and").
        var lower: [Int] = []
        var widths: [(width: Int, next: Int)] = []
        var afterFunctionWord = false, lineStart = Int(toks[range.lowerBound].start)
        var j = range.lowerBound + 1
        while j < range.upperBound {
            if toks[j].line != toks[j - 1].line {
                breaks += 1
                widths.append((Int(toks[j - 1].end) - lineStart, Int(toks[j].end - toks[j].start)))
                lineStart = Int(toks[j].start)
                let p = toks[Self.lastWordOfLine(before: j, toks, from: range.lowerBound)]
                if Self.continuationWords.contains(p.hash) { afterFunctionWord = true }
                if p.kind == .word || p.kind == .number, toks[j].kind == .word {
                    if toks[j].flags.contains(.capitalized) { starts.append(j) } else { lower.append(j) }
                }
            }
            j += 1
        }
        if !lower.isEmpty, breaks >= 2 {
            let longest = widths.map(\.width).max() ?? 0, shortest = widths.map(\.width).min() ?? 0
            // Wrapped where the next word would not fit: at 90% of the breaks, or at 70% with a
            // line ending in a word such as "the".
            let fits = widths.filter { $0.width + 1 + $0.next > longest }.count * 10
            let wrapped = longest - shortest <= Self.wrapWidthSpread
                && (fits >= widths.count * 9 || (afterFunctionWord && fits >= widths.count * 7))
            if !wrapped { starts = (starts + lower).sorted() }
        }
        guard starts.count >= (twoLines ? 1 : 2), starts.count * 10 >= breaks * 6 else { return [] }
        return starts
    }

    /// In a block with full stops, the lines of a stretch typed without them, one step to a
    /// line ("... nothing went live broken.⏎Sorted the 40 sites by size⏎Gave the two juniors
    /// the small sites⏎Took the three e-commerce sites myself⏎All 40 sites moved ..."): a line
    /// that starts with a capital after one ending in a word starts a sentence, where at least
    /// three of the stretch's four or more lines do and most of its breaks are such (two names
    /// at line starts in one sentence wrapped by hand are not enough), and the block's lines
    /// are not wrapped to one width (a third of its lines have room for the word that starts
    /// the next: wrapped text breaks where the next word would not fit). Widths are counted in
    /// characters, not bytes ("O’Brien"), and the next word runs to a space ("e-commerce").
    static func unstoppedLineBreaks(_ range: Range<Int>, _ toks: [Token], _ bytes: [UInt8]) -> [Int] {
        func columns(_ from: Int, _ to: Int) -> Int {
            var n = 0
            for k in from..<to where bytes[k] & 0xC0 != 0x80 { n += 1 }
            return n
        }
        func wordWidth(at start: Int) -> Int {
            var e = start
            while e < bytes.count, bytes[e] != 0x20, bytes[e] != 0x0A, bytes[e] != 0x0D, bytes[e] != 0x09 { e += 1 }
            return columns(start, e)
        }
        var widths: [(width: Int, next: Int)] = []
        var lineStart = Int(toks[range.lowerBound].start)
        var out: [Int] = []
        var stretchStarts: [Int] = [], stretchBreaks = 0
        func close() {
            if stretchStarts.count >= 3, stretchStarts.count * 10 >= stretchBreaks * 6 { out += stretchStarts }
            stretchStarts = []
            stretchBreaks = 0
        }
        var j = range.lowerBound + 1
        while j < range.upperBound {
            if toks[j - 1].flags.contains(.terminal) { close() }
            if toks[j].line != toks[j - 1].line {
                widths.append((columns(lineStart, Int(toks[j - 1].end)), wordWidth(at: Int(toks[j].start))))
                lineStart = Int(toks[j].start)
                if !toks[j - 1].flags.contains(.terminal) {
                    stretchBreaks += 1
                    let p = toks[Self.lastWordOfLine(before: j, toks, from: range.lowerBound)]
                    if p.kind == .word || p.kind == .number, toks[j].kind == .word, toks[j].flags.contains(.capitalized),
                       !Self.continuationWords.contains(p.hash) {
                        stretchStarts.append(j)
                    }
                }
            }
            j += 1
        }
        close()
        guard !out.isEmpty else { return [] }
        let longest = widths.map(\.width).max() ?? 0
        // Room for the next line's first word on at least a third of the lines: not wrapped.
        let roomy = widths.filter { $0.width + 1 + $0.next <= longest }.count
        return roomy * 3 >= widths.count ? out : []
    }

    /// The token that ends the line before token `j`, looking past emoji, emoticons and closing
    /// brackets and quotes ("... for like 6 weeks 📊", "... the sales :)", "... (in May)"): a
    /// line typed as one thought ends at its last word.
    static func lastWordOfLine(before j: Int, _ toks: [Token], from lower: Int) -> Int {
        func mark(_ k: Int, _ bytes: [UInt8]) -> Bool {
            toks[k].kind == .punctuation && toks[k].end - toks[k].start == 1 && bytes.contains { fnvStep(fnvOffsetBasis, $0) == toks[k].hash }
        }
        var k = j - 1
        let line = toks[k].line
        while k > lower, toks[k - 1].line == line {
            if toks[k].kind == .symbol && toks[k].end - toks[k].start >= 3 {  // an emoji or a dingbat, not "&"
                k -= 1
                continue
            }
            // ":)", ";)", ":(", ":-)": the mouth, an optional nose and the eyes, touching.
            if mark(k, [0x29, 0x28]) {
                var e = k - 1
                if mark(e, [0x2D]), e > lower, toks[e - 1].end == toks[e].start { e -= 1 }
                if toks[e].end == toks[e + 1].start, mark(e, [0x3A, 0x3B]), e > lower, toks[e - 1].line == line {
                    k = e - 1
                    continue
                }
            }
            // A closing bracket or quote: "... (in May)" ends where "... in May" does.
            guard toks[k].flags.contains(.closer) else { break }
            k -= 1
        }
        return k
    }

    /// Words after which a capital "A." is an initial ("to A. Patel"), not a letter.
    static let wordsBeforeNames: Set<UInt64> = Set(["to", "with", "from", "and", "by", "told", "asked", "called", "rang", "emailed",
                                                    "met", "thanked", "mr", "mrs", "ms", "dr", "manager", "director", "colleague"]
        .map { normalizedHash($0) })

    /// Lines of a hard-wrapped block differ in width by about a word at most.
    static let wrapWidthSpread = 16
    /// Words that do not end a sentence: a line that ends in one was wrapped.
    static let continuationWords: Set<UInt64> = Set(["the", "a", "an", "to", "of", "and", "or", "but", "with", "for", "in", "on", "at", "my",
                                                     "our", "their", "his", "her", "its", "that", "which", "who", "is", "was", "were", "are",
                                                     "be", "by", "from", "as", "so", "if", "than", "into", "i", "we", "very", "more",
                                                     "because", "when", "while", "about", "have", "has", "had", "would", "could", "will",
                                                     "can", "not", "every", "each", "all", "this", "these", "those", "what", "where", "how"]
        .map { normalizedHash($0) })

    /// The part label the capitalised word at token `i` writes inside a sentence, if it is one:
    /// one word followed at once by a colon ("T:", "Result:"), or a whole label word followed
    /// by a spaced dash ("Result - ", "Task – "). Not after a capitalised word or "&" ("Site
    /// A:", "Plan B:", "AT&T:"), and a single letter only where the block's own label is one
    /// ("S: ... T: ..."), not in "I rewrote it in R: one script ...".
    private func midSentenceLabel(_ i: Int, range: Range<Int>, letterStyle: inout Bool?) -> StarLabel? {
        let b = doc.bytes
        let t = doc.tokens[i]
        let e = Int(t.end), n = b.count
        guard e < n else { return nil }
        if b[e] == 0x3A {
            guard e + 1 == n || b[e + 1] == 0x20 || b[e + 1] == 0x0A || b[e + 1] == 0x0D else { return nil }
        } else if b[e] == 0x20, e + 1 < n {
            // A dash, not an arrow ("Action -> reducer" is prose).
            let dash = (b[e + 1] == 0x2D && (e + 2 >= n || b[e + 2] != 0x3E)) || (e + 3 < n && b[e + 1] == 0xE2 && b[e + 2] == 0x80 && (b[e + 3] == 0x93 || b[e + 3] == 0x94))
            guard dash, t.end - t.start > 1 else { return nil }
        } else {
            return nil
        }
        if i > range.lowerBound {
            let p = doc.tokens[i - 1]
            if p.flags.contains(.capitalized) || (p.kind != .word && b[Int(p.start)] == 0x26) { return nil }
        }
        guard let (label, rest, _) = partLabel(Int(t.start), min(n, e + 8), b, allowBare: false), rest > e else { return nil }
        if t.end - t.start == 1 {
            if letterStyle == nil { letterStyle = Self.letterLabelBefore(Int(doc.tokens[range.lowerBound].start), b) }
            guard letterStyle == true else { return nil }
        }
        return label
    }

    /// Whether the text at `p` follows a single-letter part label on its line ("S: ", "**T:**
    /// ", "A - ").
    static func letterLabelBefore(_ p: Int, _ b: [UInt8]) -> Bool {
        var k = p - 1
        while k >= 0, b[k] == 0x20 || b[k] == 0x09 || b[k] == 0x2A || b[k] == 0x5F { k -= 1 }
        guard k >= 0, b[k] == 0x3A || b[k] == 0x2D || b[k] == 0x29 || b[k] == 0x2E else { return false }
        k -= 1
        while k >= 0, b[k] == 0x20 || b[k] == 0x2A || b[k] == 0x5F { k -= 1 }
        guard k >= 0, b[k] == 0x53 || b[k] == 0x54 || b[k] == 0x41 || b[k] == 0x52 else { return false }
        return k == 0 || !isASCIIAlnum(b[k - 1])
    }

    /// A part label that starts a sentence inside a paragraph ("... in March. Task: I had to
    /// ..."), as people write when they keep all four parts in one block: it becomes the
    /// current label, as one at the start of a line would, and its tokens leave the sentence.
    /// Only with a separator (colon, dash, closed emphasis), never a bare word. The first
    /// sentence of a block was already checked at the start of its line.
    private mutating func inlineLabel(_ range: Range<Int>, first: Bool) -> Range<Int> {
        guard !first, blockKind != .heading, range.count > 2 else { return range }
        let toks = doc.tokens
        let head = toks[range.lowerBound]
        // Emphasis markers are not tokens: "**Action**" starts at its asterisks.
        var c = Int(head.start)
        while c > 0, doc.bytes[c - 1] == 0x2A || doc.bytes[c - 1] == 0x5F { c -= 1 }
        // Most sentences have no label: look for a separator among the first few tokens
        // (as many as the longest alias has words, and one more) before parsing one.
        if c == Int(head.start) {
            var k = range.lowerBound + 1
            var separator = false
            while k < min(range.upperBound, range.lowerBound + lexicon.partLabelMaxWords + 2) {
                if toks[k].kind != .word { separator = true; break }
                k += 1
            }
            guard separator else { return range }
        }
        let end = Int(toks[range.upperBound - 1].end)
        guard let (label, rest, _) = partLabel(c, end, doc.bytes, allowBare: false) else { return range }
        if head.kind == .word, Self.weakLabelWords.contains(head.hash), let current = currentLabel, label.index <= current.index { return range }
        var k = range.lowerBound
        while k < range.upperBound, Int(toks[k].start) < rest { k += 1 }
        guard k < range.upperBound else { return range }
        startPart(label, second: nil, inline: true)
        return k..<range.upperBound
    }

    /// Whether the block's sentences start in lower case: its first word and the first word
    /// after each full stop, "!" or "?" are in lower case, and there are at least two such
    /// starts ("ok so this was at my last job. one morning ..."). A block that capitalises
    /// any of them is not ("A couple arrived at 11 p.m. to find ...": the "to" is inside a
    /// sentence). A figure right after a terminal is no start. Read only when such a word
    /// follows "mins." or "p.m.", which is rare, so it is not cached.
    private func lowerCaseBlock(_ range: Range<Int>) -> Bool {
        let toks = doc.tokens
        var starts = 0
        var atStart = true
        for i in range {
            let t = toks[i]
            if t.kind == .punctuation {
                if t.flags.contains(.terminal) { atStart = true }
                continue
            }
            if atStart, t.kind == .word {
                if !t.flags.isDisjoint(with: [.capitalized, .allCaps]) { return false }
                starts += 1
            }
            atStart = false
        }
        return starts >= 2
    }

    /// Whether the terminal at `i` ends the sentence; `j` is the first token after its run of
    /// terminals and closers, and `quoteAfter` whether a quote mark follows it in the run.
    private func endsSentence(at i: Int, in range: Range<Int>, next j: Int, quoteAfter: Bool) -> Bool {
        let toks = doc.tokens
        guard j < range.upperBound else { return true }
        let next = toks[j]
        let t = toks[i]
        if t.flags.contains(.ellipsis) {
            return next.flags.contains(.capitalized) || next.kind == .symbol
        }
        let b = doc.bytes[Int(t.start)]
        if b != 0x2E {  // ! or ?
            // A question quoted inside a sentence: `she asked "why not?" and I explained`.
            // After a terminal a single quote closes a quote too: `she said 'Of course!' and ...`.
            if j > i + 1, next.kind == .word, !next.flags.contains(.capitalized), quoteAfter { return false }
            return true
        }
        // A full stop with a word or figure right after it, no space between, is inside a
        // name, not at a sentence's end: "v2.1.3", "example.com", "Node.js", "python3.11".
        // But "ended.Then I left": a missing space, between a lower-case word and a capitalised one.
        if i + 1 < range.upperBound, toks[i + 1].start == t.end, toks[i + 1].kind == .word || toks[i + 1].kind == .number {
            let after = toks[i + 1]
            let missingSpace = after.kind == .word && after.flags.contains(.capitalized) && !after.flags.contains(.allCaps)
                && i > range.lowerBound && toks[i - 1].end == t.start && toks[i - 1].kind == .word
                && !toks[i - 1].flags.contains(.capitalized) && toks[i - 1].end - toks[i - 1].start > 1
            if !missingSpace { return false }
        }
        guard i > range.lowerBound else { return true }
        let prev = toks[i - 1]
        guard prev.end == t.start, prev.kind == .word else { return true }
        // A word that starts sentences, in a block written without capitals at sentence
        // starts: such a block's "... in about 15 mins. then i checked ..." ends there.
        func lowerCaseStarter() -> Bool { next.kind == .word && lexicon.starterTable.find(next.hash) >= 0 && lowerCaseBlock(range) }
        // A unit of time after a figure ("from 900 ms to 200 ms. Getting there ...", "15 min.
        // Complaints fell"; "ms" is milliseconds there, not the title): its period ends the
        // sentence before any capital, and not before a lower-case word ("waited 40 min. for a
        // call back"), unless the block is written without capitals. Not after a figure, "min"
        // and "hr" are words like any other ("I spoke to HR. Staying late ...").
        if Self.abbreviatedTimeUnits.contains(prev.hash), i - 1 > range.lowerBound, toks[i - 2].kind == .number, !toks[i - 2].flags.contains(.year) {
            return next.flags.contains(.capitalized) || lowerCaseStarter()
        }
        let abbreviation = lexicon.abbreviationTable.find(prev.hash)
        if abbreviation >= 0 {
            if prev.hash == lexicon.etcHash { return next.flags.contains(.capitalized) }
            // "No. 5" is "number"; "he said no. I told him ..." is the word no, ending a sentence.
            if prev.hash == Self.noHash { return next.kind != .number }
            if abbreviation == 2 {
                return (next.kind == .word && next.flags.contains(.capitalized) && lexicon.starterTable.find(next.hash) >= 0) || lowerCaseStarter()
            }
            return false
        }
        // A single capital letter other than "I" and "A" is an initial ("J. Smith"), unless it
        // ends a name an initial cannot end, after "&" ("A&E.", "R&D.") or after a word in lower
        // case ("plan B.", "vitamin D.") or a noun a letter names ("Plan B.", "Vitamin D."), and
        // a word that starts sentences follows ("I work in A&E. When ...", "plan B. Then ...";
        // "I met J. Smith" stays one sentence).
        if prev.end - prev.start == 1, prev.flags.contains(.capitalized) {
            let c = doc.bytes[Int(prev.start)]
            // "A" is mostly the article, a grade or an option ("got an A.", "pallet A."), and
            // "I" the pronoun: an initial only before a capitalised word that does not start
            // sentences, at the sentence's start, after a comma or after a word that comes
            // before names ("I rang A. Patel, the head teacher", "our therapist, I. Ivanova,
            // ..."; "we moved it to bay A. Nobody ..." ends).
            if c == 0x41 || c == 0x49, next.kind == .word, next.flags.contains(.capitalized), lexicon.starterTable.find(next.hash) < 0 {
                let before = i - 1 > range.lowerBound ? toks[i - 2] : nil
                if before.map({ $0.kind != .word || Self.wordsBeforeNames.contains($0.hash) }) ?? true { return false }
            }
            if c != 0x49 && c != 0x41 {
                guard i - 1 > range.lowerBound, next.kind == .word, next.flags.contains(.capitalized), lexicon.starterTable.find(next.hash) >= 0 else { return false }
                let before = toks[i - 2]
                let ampersand = before.end == prev.start && doc.bytes[Int(before.start)] == 0x26
                let lowerWord = before.kind == .word && before.end < prev.start
                    && (!before.flags.contains(.capitalized) || Self.letterNouns.contains(before.hash))
                // After a word in lower case the letter may be an initial before a surname that
                // is also a starter ("analyst H. An", "manager K. Still"): only a word that
                // cannot be a surname starts the sentence there.
                return ampersand || (lowerWord && Self.strongStarters.contains(next.hash))
            }
        }
        return true
    }

    /// Emits the sentence, or, for a long stretch typed without any punctuation ("last winter
    /// we kept running out of milk my job was the ordering so i started counting ..."), the
    /// pieces it splits into at the phrases that open a new sentence in such text.
    private mutating func emitSentence(_ range: Range<Int>) {
        // The sentence's own test first: it fails at its first comma, before the text is scanned.
        if range.count >= Self.unpunctuatedMinimum, let cuts = unpunctuatedCuts(range), typedWithoutStops {
            var lo = range.lowerBound
            let first = doc.sentences.count
            for c in cuts {
                emitOne(lo..<c)
                lo = c
            }
            emitOne(lo..<range.upperBound)
            if first + 1 < doc.sentences.count {
                for k in (first + 1)..<doc.sentences.count { doc.sentences[k].continuesRunOn = true }
            }
            return
        }
        emitOne(range)
    }

    /// Words in a stretch without punctuation before it is split.
    static let unpunctuatedMinimum = 30

    /// Whether the whole text has no sentence end (".", "!" or "?" before a space, a line end
    /// or the end) except at its very end: written without punctuation, as a text message is.
    /// An answer with full stops keeps a long unpunctuated sentence whole. Found once, when a
    /// first long stretch asks.
    private var noStops: Bool?
    private var typedWithoutStops: Bool {
        mutating get {
            if noStops == nil {
                let b = doc.bytes
                var end = b.count
                while end > 0, b[end - 1] == 0x20 || b[end - 1] == 0x0A || b[end - 1] == 0x0D || b[end - 1] == 0x09 { end -= 1 }
                var found = false
                var k = 0
                while k < end - 1 {
                    let c = b[k]
                    if c == 0x2E || c == 0x21 || c == 0x3F, b[k + 1] == 0x20 || b[k + 1] == 0x0A || b[k + 1] == 0x0D {
                        found = true
                        break
                    }
                    k += 1
                }
                noStops = !found
            }
            return noStops!
        }
    }

    /// Two-word openings of a new sentence in text typed without punctuation: a connective and
    /// a subject ("so i", "now we"), a time ("this year", "after that", "after three"), the
    /// task ("my job").
    static let unpunctuatedOpenings: Set<UInt64> = {
        var pairs: [(String, String)] = []
        for c in ["so", "then", "now", "but", "and", "after", "because"] { for p in ["i", "we", "they", "she", "he"] { pairs.append((c, p)) } }
        for (a, b) in [("and", "then"), ("after", "that"), ("in", "the"), ("as", "a"), ("since", "then"), ("looking", "back"),
                       ("by", "the"), ("which", "meant"), ("honestly", "it"), ("honestly", "i"), ("the", "result"), ("the", "next")] { pairs.append((a, b)) }
        for t in ["this", "last", "next", "that"] { for u in ["year", "month", "week", "time", "summer", "winter", "spring", "autumn", "day"] { pairs.append((t, u)) } }
        for o in ["my", "our"] { for r in ["job", "task", "role", "goal", "aim", "manager", "boss", "team"] { pairs.append((o, r)) } }
        // "after three months", "within two weeks": the time an outcome took (a time unit must
        // follow, see `unpunctuatedCuts`).
        for w in ["after", "within"] { for n in timeCountWords { pairs.append((w, n)) } }
        return Set(pairs.map { combineHash(normalizedHash($0.0), normalizedHash($0.1)) })
    }()
    static let inHash = normalizedHash("in"), byHash = normalizedHash("by"), theHash = normalizedHash("the")
    static let timeOpeners: Set<UInt64> = Set(["after", "within"].map { normalizedHash($0) })
    static let timeCountWords = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "2", "3", "4", "5", "6", "8", "10", "12"]
    static let timeCounts: Set<UInt64> = Set(timeCountWords.map { normalizedHash($0) })
    /// Plural time units, from the facts' list (with the periods of work a count can take).
    static let timeUnits: Set<UInt64> = Set((FactHashes.timeUnitWords + ["shift", "sprint", "term", "season"]).map { normalizedHash($0 + "s") })
    static let prepositions: Set<UInt64> = Set(["in", "for", "during", "over", "within", "of", "at", "by", "on", "from", "to", "until", "after", "before"].map { normalizedHash($0) })
    /// Words that open a clause and need it: no cut right after them.
    /// ("I noticed that / our team" is cut less often right than wrong: "customers hated that /
    /// our manager asked me" is rarer than "my manager told me that our team ...".)
    static let clauseJoiners: Set<UInt64> = Set(["which", "that", "who", "whom", "whose", "where", "because", "than", "whether", "if"]
        .map { normalizedHash($0) })
    /// Of those, the ones that may also end a clause, and the words that then open the next.
    static let clauseEnders: Set<UInt64> = Set(["that", "whose"].map { normalizedHash($0) })
    static let coordinators: Set<UInt64> = Set(["so", "and", "but"].map { normalizedHash($0) })
    static let connectives: Set<UInt64> = Set(["and", "but", "so", "then"].map { normalizedHash($0) })
    static let possessives: Set<UInt64> = Set(["my", "our"].map { normalizedHash($0) })
    /// Words after "my team", "our manager" that show it is a preposition's object, not a
    /// new subject ("for our team and ...", "with my manager on ...").
    static let afterObject: Set<UInt64> = Set(["and", "with", "on", "for", "in", "to", "at", "by", "of", "from"].map { normalizedHash($0) })
    /// "in the" and "by the" open a sentence only before these words ("in the end", "by the end").
    static let unpunctuatedEnds: Set<UInt64> = Set(["end", "time"].map { normalizedHash($0) })

    /// Where a long stretch of words with no punctuation token at all splits: before each
    /// opening phrase at least four words after the last cut and three before the end. Nil
    /// when the stretch has punctuation (ordinary run-on sentences stay whole) or no cut.
    private func unpunctuatedCuts(_ range: Range<Int>) -> [Int]? {
        let toks = doc.tokens
        var words = 0
        // Words only, but for a closing stop or emoticon in the last three tokens ("... lol :)").
        for k in range {
            if toks[k].kind == .word || toks[k].kind == .number { words += 1; continue }
            guard k + 3 >= range.upperBound else { return nil }
        }
        guard words >= Self.unpunctuatedMinimum else { return nil }
        let inHash = Self.inHash, byHash = Self.byHash, theHash = Self.theHash
        var cuts: [Int] = []
        var last = range.lowerBound
        var i = range.lowerBound + 4
        while i + 3 <= range.upperBound - 1 {
            let a = toks[i].hash, b = toks[i + 1].hash
            if i - last >= 4, Self.unpunctuatedOpenings.contains(combineHash(a, b)),
               (a != inHash && a != byHash) || Self.unpunctuatedEnds.contains(toks[i + 2].hash),
               // "after three months" opens; "look after two new starters" does not.
               !(Self.timeOpeners.contains(a) && Self.timeCounts.contains(b)) || Self.timeUnits.contains(toks[i + 2].hash),
               // "in the next three months": "the next" after a preposition is not an opening,
               // nor is "for our team and ...", "with my manager on ..." (but "working on / my
               // manager asked me" is: a verb follows).
               !Self.prepositions.contains(toks[i - 1].hash)
                || (a != theHash && (!Self.possessives.contains(a) || !Self.afterObject.contains(toks[i + 2].hash))),
               // "... to 18 percent which my team leader presented": the clause the word before
               // opens goes on. "that" and "whose" may end one instead, before "so", "and" or
               // "but" ("a bit like that / so I guess", "which pallet was whose / so we"); "if
               // so", "because then", "which then" go on.
               !Self.clauseJoiners.contains(toks[i - 1].hash)
                || (Self.clauseEnders.contains(toks[i - 1].hash) && Self.coordinators.contains(a)) {
                // "... to midnight and after that ...": the connective goes with what follows.
                let cut = Self.connectives.contains(toks[i - 1].hash) && i - 1 - last >= 4 ? i - 1 : i
                cuts.append(cut)
                last = i
            }
            i += 1
        }
        return cuts.isEmpty ? nil : cuts
    }

    private mutating func emitOne(_ range: Range<Int>) {
        var hasWord = false
        for k in range where doc.tokens[k].kind == .word || doc.tokens[k].kind == .number {
            hasWord = true
            break
        }
        guard hasWord else { return }
        let first = doc.tokens[range.lowerBound], last = doc.tokens[range.upperBound - 1]
        let prevSameParagraph = doc.sentences.last.map { $0.paragraph == paragraph } ?? false
        doc.sentences.append(Sentence(
            tokens: range,
            byteRange: Int(first.start)..<Int(last.end),
            span: SourceSpan(line: Int(first.line), column: Int(first.column), endLine: Int(last.line), endColumn: Int(last.endColumn)),
            paragraph: paragraph,
            indexInParagraph: prevSameParagraph ? doc.sentences.last!.indexInParagraph + 1 : 0,
            paragraphCount: 0,
            block: blockKind,
            explicitLabel: currentLabel,
            secondLabel: currentSecondLabel))
    }

    private mutating func finishParagraphCounts() {
        var i = 0
        let s = doc.sentences
        while i < s.count {
            var j = i
            while j < s.count, s[j].paragraph == s[i].paragraph { j += 1 }
            for k in i..<j { doc.sentences[k].paragraphCount = j - i }
            i = j
        }
        // Renumber paragraphs densely from 0, in order of first appearance. Paragraph numbers
        // only grow as blocks close, so this is a running count; the map is the general case.
        var ascending = true
        var previous = Int.min
        for k in doc.sentences.indices {
            let p = doc.sentences[k].paragraph
            if p < previous { ascending = false; break }
            previous = p
        }
        if ascending {
            var last = Int.min, next = -1
            for k in doc.sentences.indices {
                let p = doc.sentences[k].paragraph
                if p != last { next += 1; last = p }
                doc.sentences[k].paragraph = next
            }
            return
        }
        var map: [Int: Int] = [:]
        for k in doc.sentences.indices {
            let p = doc.sentences[k].paragraph
            if map[p] == nil { map[p] = map.count }
            doc.sentences[k].paragraph = map[p]!
        }
    }

    // MARK: - Tokens

    /// Tokenizes bytes `[from, to)` of one line.
    private mutating func tokenize(_ from: Int, _ to: Int, line: Int, column: Int) {
        let array = doc.bytes
        let first = doc.tokens.count
        lineHasNumber = false
        array.withUnsafeBufferPointer { bytes in
            tokenize(bytes, array, from, to, line: line, column: column)
        }
        if lineHasNumber { markNamedNumbers(from: max(first, 1)) }
    }

    /// The mark ("=" or "-") of `line` when it is a setext underline: up to three spaces, then
    /// two or more of one mark, then only spaces or tabs; else nil.
    static func setextUnderline(_ line: (Int, Int), _ b: [UInt8]) -> UInt8? {
        var k = line.0
        let le = line.1
        while k < le, b[k] == 0x20, k - line.0 < 3 { k += 1 }
        guard k < le, b[k] == 0x3D || b[k] == 0x2D else { return nil }
        let mark = b[k]
        var e = k
        while e < le, b[e] == mark { e += 1 }
        guard e - k >= 2 else { return nil }
        while e < le, b[e] == 0x20 || b[e] == 0x09 { e += 1 }
        return e == le ? mark : nil
    }

    /// A heading's text (`t..<e`, without its markers) at line `lineNo`, column `tc`: a part
    /// label, the question, or a heading block of the answer. An ATX heading ("## ...") and a
    /// setext one (a line of text underlined with "===" or "---") alike.
    private mutating func heading(_ t: Int, _ e: Int, line lineNo: Int, column tc: Int, _ bytes: [UInt8]) {
        // A part label, numbered or not ("## 1. Situation", "### 2) Task", "3 Action", "(4) Result").
        for from in [Self.afterListNumber(t, e, bytes), t].compactMap({ $0 }) {
            guard let (label, rest, second) = partLabel(from, e, bytes, allowBare: true) else { continue }
            startPart(label, second: second, inline: false)
            if rest < e {
                beginBlock(.paragraph)
                tokenize(rest, e, line: lineNo, column: tc + scalarCount(t, rest, bytes))
            }
            return
        }
        // One in the candidate's own words ("## Where it landed"), where the answer heads its
        // parts so.
        if let (label, rest) = inferredPartLabel(t, e, bytes, heading: true), inferLabelsDecided() {
            startPart(label, second: nil, inline: false)
            if rest < e {
                beginBlock(.paragraph)
                tokenize(rest, e, line: lineNo, column: tc + scalarCount(t, rest, bytes))
            }
            return
        }
        // A heading before any sentence that asks a question is the question, not
        // part of the answer ("## Tell me about a time you ...?"): it is kept as
        // the question when the front matter names none.
        // So is one that sets the question as an interviewer words it ("# Tell me
        // about a time you disagreed with a colleague.", "## Question: ...").
        // ("Describe the situation" is a template's section, not a question.) After
        // an opening note of one sentence ("Practice for Monday."), and with no
        // question yet, one that says "Question:" or asks for an example as an
        // interviewer does ("# Tell me about a time ...") is still the question, not
        // an answer sentence; other headings there may be a template's sections
        // ("## What did I do?", "## Tell me about the result"), and any heading
        // later on is part of the answer.
        if e > t {
            let prefix = questionPrefix(t, e, bytes)
            let isQuestion = doc.sentences.isEmpty
                ? bytes[e - 1] == 0x3F || Self.isPrompt(t, e, bytes) || prefix != nil
                : doc.sentences.count == 1 && doc.frontMatter["question"] == nil
                    && (prefix != nil || Self.isPrompt(t, e, bytes) && Analyzer.pastExamplePhrases.matches(String(decoding: bytes[t..<e], as: UTF8.self)))
            if isQuestion {
                let q = prefix ?? t
                if q < e { adoptQuestion(String(decoding: bytes[q..<e], as: UTF8.self)) }
                // The opening note came before the question, so it is no part of
                // the answer: it goes, as the heading does, and the answer's first
                // paragraph is its paragraph 0.
                if !doc.sentences.isEmpty {
                    doc.sentences.removeAll()
                    doc.tokens.removeAll()
                    paragraph = 0
                }
                return
            }
            // A title before any sentence ("# My answer", "Draft 2" underlined with "===") is
            // not said in the interview: it is left out of the answer as the question is, so it
            // adds no words and is no sentence to label. One written as a sentence (ending in
            // "." or "!") or longer than a title is read as part of the answer.
            if doc.sentences.isEmpty, !Self.endsLikeASentence(t, e, bytes), Self.wordCount(t, e, bytes) <= Self.titleMaxWords {
                if droppedTitle == nil { droppedTitle = (t, e, lineNo, tc) }
                return
            }
        }
        // A heading that names no part ends the part a label above it opened ("## Mitigation"
        // after "## My responsibility"): the sentences under it are read as the model reads
        // them, not held to the part before. Where the answer heads its parts, such a heading
        // set out as a title (not a question, not ending as a sentence does, ten words at
        // most) is structure, not said in the interview: no sentence, as a title before the
        // answer is none.
        if !labelIsInline { currentLabel = nil }
        if headedParts || inferLabelsDecided(), e > t, bytes[e - 1] != 0x3F, !Self.endsLikeASentence(t, e, bytes), Self.wordCount(t, e, bytes) <= Self.titleMaxWords { return }
        beginBlock(.heading)
        tokenize(t, e, line: lineNo, column: tc)
        closeBlock()
    }

    /// Where the text after a heading's number starts ("1. ", "2) ", "3 ", "(4) ", "3: ", "3 - ",
    /// "3."): nil when `t..<e` does not open with one or two digits and such marks.
    static func afterListNumber(_ t: Int, _ e: Int, _ bytes: [UInt8]) -> Int? {
        var n = t
        if n < e, bytes[n] == 0x28 { n += 1 }  // (
        let digits = n
        while n < e, bytes[n] >= 0x30, bytes[n] <= 0x39, n - digits < 2 { n += 1 }
        guard n > digits else { return nil }
        var m = n
        while m < e, bytes[m] == 0x2E || bytes[m] == 0x29 || bytes[m] == 0x3A || bytes[m] == 0x2D || bytes[m] == 0x20 || bytes[m] == 0x09 { m += 1 }
        return m > n && m < e ? m : nil
    }

    /// Whether `t..<e` ends as a sentence does: ".", "!", "…", "。" or "！", before any closing
    /// quotes or brackets ('# "We fixed it."').
    static func endsLikeASentence(_ t: Int, _ e: Int, _ bytes: [UInt8]) -> Bool {
        var k = e
        while k > t {
            let b = bytes[k - 1]
            if b == 0x22 || b == 0x27 || b == 0x29 || b == 0x5D || b == 0x2A || b == 0x5F { k -= 1; continue }  // " ' ) ] * _
            // ” ’ (E2 80 9D, E2 80 99)
            if k - 3 >= t, bytes[k - 3] == 0xE2, bytes[k - 2] == 0x80, bytes[k - 1] == 0x9D || bytes[k - 1] == 0x99 { k -= 3; continue }
            break
        }
        guard k > t else { return false }
        if bytes[k - 1] == 0x2E || bytes[k - 1] == 0x21 { return true }
        guard k - 3 >= t else { return false }
        let (a, b, c) = (bytes[k - 3], bytes[k - 2], bytes[k - 1])
        return (a == 0xE2 && b == 0x80 && c == 0xA6) || (a == 0xE3 && b == 0x80 && c == 0x82) || (a == 0xEF && b == 0xBC && c == 0x81)
    }

    /// The most words a title before the answer has ("# How I rescued the spring launch").
    static let titleMaxWords = 10

    /// Runs of bytes between spaces and tabs in `t..<e`.
    static func wordCount(_ t: Int, _ e: Int, _ bytes: [UInt8]) -> Int {
        var n = 0, inWord = false
        for k in t..<e {
            let space = bytes[k] == 0x20 || bytes[k] == 0x09
            if !space, !inWord { n += 1 }
            inWord = !space
        }
        return n
    }

    /// "Year 6", "Key Stage 2", "Ward 7": a whole number of up to three characters right after
    /// a capitalised naming word (`TextLexicon.numberNames`, from number-names.txt) names a group, place or stage and counts
    /// nothing (`TokenFlags.name`). A pass over the line's tokens once they are read, so the
    /// tokenizer's appends stay as they were.
    private mutating func markNamedNumbers(from start: Int) {
        guard start < doc.tokens.count else { return }
        for i in start..<doc.tokens.count {
            let t = doc.tokens[i]
            guard t.kind == .number, t.end - t.start <= 3, t.flags.isDisjoint(with: Self.measureFlags) else { continue }
            // "24/7": around the clock, not two figures.
            if t.end - t.start == 2, doc.bytes[Int(t.start)] == 0x32, doc.bytes[Int(t.start) + 1] == 0x34, i + 2 < doc.tokens.count,
               doc.tokens[i + 1].start == t.end, doc.bytes[Int(t.end)] == 0x2F, doc.tokens[i + 2].start == t.end + 1,
               doc.tokens[i + 2].end == t.end + 2, doc.bytes[Int(t.end) + 1] == 0x37 {
                doc.tokens[i].flags.insert(.name)
                doc.tokens[i + 2].flags.insert(.name)
                continue
            }
            guard i > 0 else { continue }
            let prev = doc.tokens[i - 1]
            guard prev.kind == .word, prev.end < t.start else { continue }
            if !prev.flags.isDisjoint(with: [.capitalized, .allCaps]) ? lexicon.numberNames.contains(prev.hash) : Self.lowerCaseNamingWords.contains(prev.hash) {
                doc.tokens[i].flags.insert(.name)
            }
        }
    }

    /// Naming words that name by the number after them in lower case too: "my number 1
    /// goal", "page 2 of my CV", "chapter 3".
    static let lowerCaseNamingWords: Set<UInt64> = Set(["number", "page", "chapter", "section"].map { normalizedHash($0) })

    /// `tokenize` reading the bytes through `bytes` (no bounds checks in the loops); `array`
    /// is the same bytes for the helpers.
    private mutating func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, _ array: [UInt8], _ from: Int, _ to: Int, line: Int, column: Int) {
        var i = from
        var col = column
        let line32 = Int32(line)
        // Offsets stay below `to` and columns below `column + (to - from)` (a scalar is at
        // least a byte): when both fit in Int32, tokens take them without a check each.
        exactOffsets = to <= Int(Int32.max) && column >= 0 && column <= Int(Int32.max) - (to - from)
        while i < to {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 {
                i += 1; col += 1; continue
            }
            if b &- 0x61 < 26 {
                // The common token: lower-case ASCII letters ended by a byte that cannot
                // continue them (below: not a letter, digit or non-ASCII byte, not ' or -, and
                // not a '.' after a single letter). The general loop would make the same
                // token from them: a word, no flags, hashed as it is.
                let (k, h) = lowerCaseRun(bytes, from: i + 1, to: to, hash: fnvStep(fnvOffsetBasis, b))
                let run = k - i
                var ends = true
                if k < to {
                    let c = bytes[k]
                    ends = c < 0x80 && !isASCIIAlnum(c) && c != 0x27 && c != 0x2D && !(c == 0x2E && run == 1)
                }
                if ends {
                    appendToken(i, k, line32, col, col + run, .word, h, [])
                    col += run
                    i = k
                    continue
                }
            }
            if b == 0x2A || b == 0x5F || b == 0x60 {  // * _ ` : Markdown emphasis and code marks
                i += 1; col += 1; continue
            }
            let startCol = col
            if isASCIIAlnum(b) || (b >= 0x80 && isWordScalar(at: i, array)) || (isCurrencyStart(i, to, array) != 0) {
                var j = i
                var flags: TokenFlags = []
                var h = fnvOffsetBasis
                var scalars = 0
                // Only $, £, ¥ and € start a currency prefix (their first bytes: 24, C2, E2).
                let cur = b == 0x24 || b == 0xC2 || b == 0xE2 ? isCurrencyStart(i, to, array) : 0
                if cur > 0 {
                    flags.insert(.currency)
                    j += cur
                    scalars += 1
                }
                let firstIsDigit = j < to && bytes[j] >= 0x30 && bytes[j] <= 0x39
                var digits = 0, letters = 0, uppers = 0
                var lastAlnumWasDigit = false
                var segLen = 0
                var hasDot = false
                while j < to {
                    let c = bytes[j]
                    if c &- 0x61 < 26 {
                        // A run of lower-case ASCII letters, the bulk of any answer: hashed
                        // as they are; they never set `.capitalized` or count as upper case.
                        let (k, hh) = lowerCaseRun(bytes, from: j + 1, to: to, hash: fnvStep(h, c))
                        let run = k - j
                        letters += run; scalars += run; segLen += run
                        lastAlnumWasDigit = false
                        h = hh
                        j = k
                        // A space ends the token: none of the cases below continues it.
                        if k < to, bytes[k] == 0x20 { break }
                        continue
                    }
                    if isASCIIAlnum(c) {
                        if c <= 0x39 {
                            digits += 1
                            lastAlnumWasDigit = true
                            h = fnvStep(h, c)
                        } else {
                            letters += 1
                            if c <= 0x5A {
                                uppers += 1
                                if letters + digits == 1 { flags.insert(.capitalized) }
                            }
                            lastAlnumWasDigit = false
                            h = fnvStep(h, c | 0x20)  // ASCII lower case (a no-op on lower-case letters)
                        }
                        j += 1; scalars += 1; segLen += 1
                        continue
                    }
                    if c >= 0x80 {
                        let len = utf8Length(c)
                        // A soft hyphen or a zero-width character between letters ("basi\u{AD}cally",
                        // as pasted from a word processor): invisible, so not part of the word's hash.
                        if letters > 0, j + len < to, (c == 0xC2 && bytes[j + 1] == 0xAD) || ((c == 0xE2 || c == 0xEF) && isZeroWidth(j)),
                           isASCIILetter(bytes[j + len]) || bytes[j + len] >= 0xC0 {
                            j += len; scalars += 1
                            continue
                        }
                        // Curly apostrophe inside a word.
                        if c == 0xE2, j + 2 < to, bytes[j + 1] == 0x80, bytes[j + 2] == 0x99 {
                            if j + 3 < to, isASCIILetter(bytes[j + 3]), letters > 0 {
                                h = fnvStep(h, 0x27)
                                flags.insert(.joined)
                                j += 3; scalars += 1
                                continue
                            }
                            break
                        }
                        if isWordScalar(at: j, array) {
                            flags.insert(.nonASCII)
                            if letters + digits == 0 { flags.insert(.capitalized) }
                            letters += 1
                            for k in 0..<len where j + k < to { h = fnvStep(h, bytes[j + k]) }
                            j += len; scalars += 1; segLen += 1
                            continue
                        }
                        break
                    }
                    let next: UInt8 = j + 1 < to ? bytes[j + 1] : 0
                    if c == 0x27, letters > 0, isASCIILetter(next) {  // don't
                        h = fnvStep(h, c); j += 1; scalars += 1; flags.insert(.joined); continue
                    }
                    if c == 0x2D, isASCIIAlnum(next), letters + digits > 0 {  // follow-up, 24-hour
                        h = fnvStep(h, c); j += 1; scalars += 1; segLen = 0; flags.insert(.joined); continue
                    }
                    if (c == 0x2E || c == 0x2C), lastAlnumWasDigit, next >= 0x30, next <= 0x39, firstIsDigit {
                        if c == 0x2E { flags.insert(.decimal) }
                        h = fnvStep(h, c); j += 1; scalars += 1; continue
                    }
                    // Dotted abbreviation: e.g, i.e, U.S, a.m
                    if c == 0x2E, segLen == 1, !firstIsDigit, isASCIILetter(next) {
                        let after: UInt8 = j + 2 < to ? bytes[j + 2] : 0
                        if after == 0x2E || !isASCIIAlnum(after) {
                            hasDot = true
                            h = fnvStep(h, c); j += 1; scalars += 1; segLen = 0; continue
                        }
                    }
                    if c == 0x25, firstIsDigit, lastAlnumWasDigit {  // 35%
                        flags.insert(.percent)
                        h = fnvStep(h, c); j += 1; scalars += 1
                        break
                    }
                    break
                }
                _ = hasDot
                var kind = TokenKind.word
                if firstIsDigit || flags.contains(.currency) {
                    kind = .number
                    lineHasNumber = true
                    if letters > 0 {
                        // Suffix after the digits: k, m, bn, x ...
                        let suffix = trailingLetters(i, j, array)
                        switch suffix {
                        case "k", "m", "bn", "b", "mn", "mil": flags.insert(.magnitude)
                        case "x": flags.insert(.multiplier)
                        default: break
                        }
                    }
                    if digits == 4, letters == 0, !flags.contains(.decimal), !flags.contains(.currency), !flags.contains(.percent),
                       j - i == 4 {
                        let v = Int(bytes[i] - 0x30) * 1000 + Int(bytes[i + 1] - 0x30) * 100 + Int(bytes[i + 2] - 0x30) * 10 + Int(bytes[i + 3] - 0x30)
                        if v >= 1950 && v <= 2049 { flags.insert(.year) }
                    }
                } else if uppers == letters, letters > 1 {
                    flags.insert(.allCaps)
                }
                appendToken(i, j, line32, startCol, startCol + scalars, kind, h, flags)
                col = startCol + scalars
                i = j
                continue
            }
            // Punctuation and symbols.
            if b == 0x2E {
                if i + 2 < to, bytes[i + 1] == 0x2E, bytes[i + 2] == 0x2E {
                    var j = i + 3
                    while j < to, bytes[j] == 0x2E { j += 1 }
                    appendToken(i, j, line32, col, col + (j - i), .punctuation, fnvStep(fnvOffsetBasis, 0x2E), [.terminal, .ellipsis])
                    col += j - i; i = j; continue
                }
                appendToken(i, i + 1, line32, col, col + 1, .punctuation, fnvStep(fnvOffsetBasis, b), [.terminal])
                col += 1; i += 1; continue
            }
            if b < 0x80 {
                // Vertical tab and form feed are white space too.
                if b == 0x0B || b == 0x0C { i += 1; col += 1; continue }
                var flags: TokenFlags = []
                switch b {
                case 0x21, 0x3F: flags = [.terminal]
                case 0x2C: flags = [.comma]
                case 0x22, 0x27, 0x29, 0x5D: flags = [.closer]
                default: break
                }
                appendToken(i, i + 1, line32, col, col + 1, .punctuation, fnvStep(fnvOffsetBasis, b), flags)
                col += 1; i += 1; continue
            }
            let len = min(utf8Length(b), to - i)
            let scalar = decodeScalar(at: i, array, len)
            var flags: TokenFlags = []
            var kind = TokenKind.symbol
            switch scalar {
            // Spaces and invisible characters other than ASCII: no-break, the typographic
            // widths, ideographic, line and paragraph separators, NEL, marks and joiners.
            case 0x00A0, 0x202F, 0xFEFF, 0x0085, 0x1680, 0x2000...0x200F, 0x2028, 0x2029, 0x205F, 0x2060...0x2064, 0x3000:
                i += len; col += 1; continue
            case 0x2026: flags = [.terminal, .ellipsis]; kind = .punctuation
            // Full-width stops and commas, as an East Asian keyboard types them into English
            // text ("I rebuilt the rota。Then ...").
            case let s where Self.isFullWidthStop(s): flags = [.terminal]; kind = .punctuation
            case 0xFF0C, 0x3001: flags = [.comma]; kind = .punctuation
            case 0x2019, 0x201D, 0x00BB: flags = [.closer]; kind = .punctuation
            case 0x2018, 0x201C, 0x00AB, 0x2013, 0x2014, 0x2022, 0x00B7: kind = .punctuation
            default: break
            }
            let h = kind == .punctuation && scalar == 0x2026 ? fnvStep(fnvOffsetBasis, 0x2E) : hashBytes(i, i + len, array)
            appendToken(i, i + len, line32, col, col + 1, kind, h, flags)
            col += 1; i += len
        }
    }

    /// After "Q:", "Question:" or "Interview question:" at `c` (any case), where the question's
    /// text starts; nil for any other line.
    func questionPrefix(_ c: Int, _ e: Int, _ b: [UInt8]) -> Int? {
        wordPrefix(Self.questionWords, c, e, b)
    }

    static let questionWords = ["q", "question", "interview question", "interviewer"].map { Array($0.utf8) }
    static let interviewerWords = [Array("interviewer".utf8)]
    static let candidateWords = ["candidate", "me"].map { Array($0.utf8) }
    static let answerWords = ["a", "answer"].map { Array($0.utf8) }

    /// After "Interviewer:" at `c` (any case): a turn that is the interviewer's wherever it is.
    func interviewerPrefix(_ c: Int, _ e: Int, _ b: [UInt8]) -> Int? {
        wordPrefix(Self.interviewerWords, c, e, b)
    }

    /// After "Candidate:" or "Me:" at `c` (any case), where the candidate's turn starts.
    func candidatePrefix(_ c: Int, _ e: Int, _ b: [UInt8]) -> Int? {
        wordPrefix(Self.candidateWords, c, e, b)
    }

    /// After one of `words` (lower case) and a colon at `c`, any case: where the text starts.
    func wordPrefix(_ words: [[UInt8]], _ c: Int, _ e: Int, _ b: [UInt8]) -> Int? {
        // Most lines start with no speaker's word at all: their first letter says so.
        guard c < e, words.contains(where: { $0[0] == b[c] | 0x20 }) else { return nil }
        for w in words {
            guard c + w.count < e, b[c + w.count] == 0x3A, (0..<w.count).allSatisfy({ b[c + $0] | 0x20 == w[$0] }) else { continue }
            var t = c + w.count + 1
            while t < e, b[t] == 0x20 || b[t] == 0x09 { t += 1 }
            return t
        }
        return nil
    }

    /// Opening words of an interview question that is not written as one ("Tell me about a
    /// time ...", "Describe a situation ...").
    static let promptOpenings: [[UInt8]] = [
        "tell me about", "tell us about", "describe a", "describe an", "describe how",
        "give me an example", "give an example", "give us an example", "walk me through", "talk me through",
        "share an example", "share a time",
    ].map { Array($0.utf8) }

    static func isPrompt(_ t: Int, _ e: Int, _ b: [UInt8]) -> Bool {
        promptOpenings.contains { w in
            t + w.count < e && b[t + w.count] == 0x20 && (0..<w.count).allSatisfy { b[t + $0] | (isASCIILetter(w[$0]) ? 0x20 : 0) == w[$0] }
        }
    }

    /// Whether `b[s..<e]` ends with a sentence end: ". ! ?" or a full-width stop, before any
    /// closing quotes and brackets ('... "out of control."', "(as agreed.)").
    static func endsWithSentenceEnd(_ s: Int, _ e: Int, _ b: [UInt8]) -> Bool {
        var k = e
        while k > s {
            let c = b[k - 1]
            if c == 0x22 || c == 0x27 || c == 0x29 || c == 0x5D { k -= 1; continue }
            if k - 3 >= s, b[k - 3] == 0xE2, b[k - 2] == 0x80, b[k - 1] == 0x9D || b[k - 1] == 0x99 { k -= 3; continue }  // ” ’
            if k - 2 >= s, b[k - 2] == 0xC2, b[k - 1] == 0xBB { k -= 2; continue }  // »
            break
        }
        guard k > s else { return false }
        let c = b[k - 1]
        if c == 0x2E || c == 0x21 || c == 0x3F { return true }
        // The full-width stops are three bytes each.
        return k - 3 >= s && b[k - 3] & 0xF0 == 0xE0 && Self.isFullWidthStop(decodeScalar(at: k - 3, b, 3))
    }

    /// 。 ！ ？ ． ｡: stops as an East Asian keyboard types them.
    static func isFullWidthStop(_ s: UInt32) -> Bool {
        s == 0x3002 || s == 0xFF01 || s == 0xFF1F || s == 0xFF0E || s == 0xFF61
    }

    /// "q006": a question bank id, a question of its own.
    static func isBankID(_ c: Int, _ e: Int, _ b: [UInt8]) -> Bool {
        e - c >= 2 && e - c <= 5 && b[c] | 0x20 == 0x71 && b[(c + 1)..<e].allSatisfy { $0 &- 0x30 < 10 }
    }

    /// Ends a "Q:" question: its lines are the question, and an "A:" may open the answer.
    private mutating func finishQuestion() {
        inQuestion = false
        adoptQuestion(questionParts.joined(separator: " "))
        questionParts = []
        answerMarkerAllowed = true
    }

    /// `text` as the answer's question, unless the front matter names one.
    private mutating func adoptQuestion(_ text: String) {
        if doc.frontMatter["question"] == nil, !text.isEmpty { doc.frontMatter.entries.append((key: "question", value: text)) }
    }

    /// How interview questions open, in lower case ("tell me about a time ...", "what would
    /// you do if ..."); a candidate's rhetorical opening ("Have you ever ...?") is not one.
    static let questionOpenings = ["tell me about", "tell us about", "describe a", "describe the", "describe how", "describe your",
                                   "give me an example", "give an example", "give us an example", "can you tell me", "can you give",
                                   "can you describe", "could you tell me", "could you describe", "walk me through", "talk me through",
                                   "what would you do", "how would you", "how do you", "how did you", "how have you", "why do you want",
                                   "why are you", "why should we", "where do you see yourself", "what is your", "what's your",
                                   "what are your", "what motivates you", "what do you", "can you walk me through", "could you walk me through",
                                   "can you share", "share an example", "share a time", "please describe", "please tell me", "talk about a time",
                                   "what was the hardest", "what was your", "what has been your"].map { Array($0.utf8) }

    static let questionWord = Array("question".utf8)

    /// The openings that are requests ("tell me about", "describe a", "give an example", "walk
    /// me through"): those may end in a full stop.
    static let imperativeOpenings: Set<[UInt8]> = Set(questionOpenings.filter { w in
        ["tell ", "describe ", "give ", "walk ", "talk ", "share ", "please "].contains { w.starts(with: Array($0.utf8)) }
    })

    /// The question in `c..<e` (without emphasis or quote marks around it), when the line is
    /// one interview question: it opens as one (`questionOpenings`) and ends in "?" (or "." for
    /// a request), with no sentence end before that.
    static func bareQuestion(_ c: Int, _ e: Int, _ b: [UInt8]) -> Range<Int>? {
        var s = c
        while s < e, b[s] == 0x2A || b[s] == 0x5F || b[s] == 0x22 || b[s] == 0x27 { s += 1 }
        if s + 3 <= e, b[s] == 0xE2, b[s + 1] == 0x80, b[s + 2] == 0x9C || b[s + 2] == 0x98 { s += 3 }
        // "**Q: Tell me ...?**", "**Question:** Tell me ...", "**Q**: ...", "**Question 3:** ...",
        // "Q. ...": the question's name inside or before the emphasis.
        if s < e, b[s] | 0x20 == 0x71 {
            var p = s + 1
            if startsCaseless(questionWord, at: s, before: e, b) { p = s + questionWord.count }
            if p + 1 < e, b[p] == 0x20, b[p + 1] &- 0x30 < 10 {
                p += 1
                while p < e, b[p] &- 0x30 < 10 { p += 1 }
            }
            while p < e, b[p] == 0x2A || b[p] == 0x5F { p += 1 }
            if p < e, b[p] == 0x3A || (b[p] == 0x2E && p == s + 1) {
                s = p + 1
                while s < e, b[s] == 0x2A || b[s] == 0x5F || b[s] == 0x20 { s += 1 }
            }
        }
        guard s < e, b[s] | 0x20 >= 0x61, b[s] | 0x20 <= 0x7A else { return nil }
        var t = e
        while t > s {
            let x = b[t - 1]
            if x == 0x2A || x == 0x5F || x == 0x22 || x == 0x27 || x == 0x20 { t -= 1; continue }
            if t - 3 >= s, b[t - 3] == 0xE2, b[t - 2] == 0x80, b[t - 1] == 0x9D || b[t - 1] == 0x99 { t -= 3; continue }
            break
        }
        // Typed in haste it may have no end at all ("tell me about a time u had problem with
        // supplier"): a letter or figure ends it then.
        guard t > s, b[t - 1] == 0x3F || b[t - 1] == 0x2E || isASCIIAlnum(b[t - 1]), t - s <= 300 else { return nil }
        guard let opening = questionOpenings.first(where: { s + $0.count < t && startsCaseless($0, at: s, before: t, b) }) else { return nil }
        // A request may end in a full stop ("Tell me about a time you ... ."); a question not.
        if b[t - 1] == 0x2E, !imperativeOpenings.contains(opening) { return nil }
        let last = b[t - 1] == 0x3F || b[t - 1] == 0x2E ? t - 1 : t
        for k in s..<last where b[k] == 0x3F || ((b[k] == 0x2E || b[k] == 0x21) && k + 1 < t && b[k + 1] == 0x20) { return nil }
        return s..<t
    }

    /// After "A:" or "Answer:" at `c` (any case), where the answer's text starts.
    func answerPrefix(_ c: Int, _ e: Int, _ b: [UInt8]) -> Int? {
        wordPrefix(Self.answerWords, c, e, b)
    }

    /// Whether a sentence ends inside `b[s..<e]` with more text after it ("how could we halve
    /// it? That was the ask").
    static func hasInnerSentenceEnd(_ s: Int, _ e: Int, _ b: [UInt8]) -> Bool {
        var k = s
        while k + 2 < e {
            if b[k] == 0x2E || b[k] == 0x3F || b[k] == 0x21, b[k + 1] == 0x20, b[k + 2] != 0x20 { return true }
            k += 1
        }
        return false
    }

    /// Whether the three bytes at `j` are an invisible character that may sit inside a word:
    /// U+200B-U+200F (zero-width space, non-joiner, joiner, left-to-right and right-to-left
    /// marks), U+2060-U+2064 (word joiner, invisible operators) or U+FEFF (a byte-order mark
    /// pasted mid-text).
    @inline(__always)
    private func isZeroWidth(_ j: Int) -> Bool {
        let b = doc.bytes
        guard j + 2 < b.count else { return false }
        if b[j] == 0xEF { return b[j + 1] == 0xBB && b[j + 2] == 0xBF }
        guard b[j] == 0xE2 else { return false }
        return (b[j + 1] == 0x80 && b[j + 2] >= 0x8B && b[j + 2] <= 0x8F) || (b[j + 1] == 0x81 && b[j + 2] >= 0xA0 && b[j + 2] <= 0xA4)
    }

    @inline(__always)
    private mutating func appendToken(_ s: Int, _ e: Int, _ line: Int32, _ c: Int, _ ec: Int, _ kind: TokenKind, _ h: UInt64, _ flags: TokenFlags) {
        if exactOffsets {
            doc.tokens.append(Token(start: Int32(truncatingIfNeeded: s), end: Int32(truncatingIfNeeded: e), line: line,
                                    column: Int32(truncatingIfNeeded: c), endColumn: Int32(truncatingIfNeeded: ec), kind: kind, hash: h, flags: flags))
        } else {
            doc.tokens.append(Token(start: Int32(s), end: Int32(e), line: line, column: Int32(c), endColumn: Int32(ec), kind: kind, hash: h, flags: flags))
        }
    }

    // MARK: - Line helpers

    /// Whether line `l` holds only spaces and tabs (lines never hold their line break).
    static func isBlank(_ l: (Int, Int), _ b: [UInt8]) -> Bool {
        b[l.0..<l.1].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// Whether `b` at `k` starts with `w` (lower case, ASCII) in any case, before `e`.
    @inline(__always)
    static func startsCaseless(_ w: [UInt8], at k: Int, before e: Int, _ b: [UInt8]) -> Bool {
        guard e - k >= w.count else { return false }
        for j in 0..<w.count where (b[k + j] >= 0x41 && b[k + j] <= 0x5A ? b[k + j] | 0x20 : b[k + j]) != w[j] { return false }
        return true
    }

    /// The line that opens the front matter: the first `---` line, with only blank lines
    /// before it, whose next line that is neither blank nor a `#` comment is a `key:` line (or
    /// the closing fence). Nil for none: a `---` rule with prose under it ("---", "In 2023 I
    /// worked at ...") is the answer's, not front matter, on the first line as after blank ones.
    static func frontMatterOpening<L: Collection>(_ lines: L, _ b: [UInt8]) -> Int? where L.Element == (Int, Int), L.Index == Int {
        func fence(_ l: (Int, Int)) -> Bool {
            var e = l.1
            while e > l.0, b[e - 1] == 0x20 { e -= 1 }
            return e - l.0 == 3 && b[l.0] == 0x2D && b[l.0 + 1] == 0x2D && b[l.0 + 2] == 0x2D
        }
        guard let f = lines.firstIndex(where: { !isBlank($0, b) }), fence(lines[f]) else { return nil }
        // The next line with text, past comments: a key ("question:", "role:"), letters,
        // digits, '_' or '-', then a colon; or the closing fence of an empty block. None at all
        // (a lone "---" to the end): the opening of front matter never closed.
        func comment(_ l: (Int, Int)) -> Bool {
            var c = l.0
            while c < l.1, b[c] == 0x20 || b[c] == 0x09 { c += 1 }
            return c < l.1 && b[c] == 0x23
        }
        guard let k = lines[(f + 1)...].firstIndex(where: { !isBlank($0, b) && !comment($0) }) else { return f }
        let l = lines[k]
        if fence(l) || (l.1 - l.0 >= 3 && b[l.0] == 0x2E && b[l.0 + 1] == 0x2E && b[l.0 + 2] == 0x2E) { return f }
        return frontMatterKey(l, b) != nil ? f : nil
    }

    /// Line `l`'s front-matter key, past any leading spaces: letters, digits, "_" or "-", then
    /// a colon (`start..<colon`), or nil.
    static func frontMatterKey(_ l: (Int, Int), _ b: [UInt8]) -> (start: Int, colon: Int)? {
        var c = l.0
        while c < l.1, b[c] == 0x20 || b[c] == 0x09 { c += 1 }
        let keyStart = c
        while c < l.1, b[c] < 0x80, isASCIIAlnum(b[c]) || b[c] == 0x5F || b[c] == 0x2D { c += 1 }
        return c > keyStart && c < l.1 && b[c] == 0x3A ? (keyStart, c) : nil
    }

    /// Whether line `l`, inside front matter, can be part of it: blank, a "# comment", an
    /// indented line (a value's continuation), or a `key:` line whose key is not a part label
    /// ("question:", "role:"; not "Situation:").
    private func isFrontMatterLine(_ l: (Int, Int), _ b: [UInt8]) -> Bool {
        var c = l.0
        while c < l.1, b[c] == 0x20 || b[c] == 0x09 { c += 1 }
        if c == l.1 || c > l.0 || b[c] == 0x23 { return true }
        guard let (keyStart, colon) = Self.frontMatterKey(l, b) else { return false }
        // "Scenario: our nightly job failed twice a week ...": a capitalised name with a
        // sentence after it is the answer's (keys are written in lower case).
        if b[keyStart] &- 0x41 < 26, b[colon..<l.1].reduce(0, { $0 + ($1 == 0x20 ? 1 : 0) }) >= 6 { return false }
        return lexicon.partLabelTable.find(normalizedHash(bytes: b[keyStart..<colon])) < 0
    }

    private func isFence(_ l: (Int, Int), _ b: [UInt8]) -> Bool {
        var e = l.1
        while e > l.0, b[e - 1] == 0x20 { e -= 1 }
        return e - l.0 == 3 && b[l.0] == 0x2D && b[l.0 + 1] == 0x2D && b[l.0 + 2] == 0x2D
    }

    private func isDots(_ l: (Int, Int), _ b: [UInt8]) -> Bool {
        l.1 - l.0 == 3 && b[l.0] == 0x2E && b[l.0 + 1] == 0x2E && b[l.0 + 2] == 0x2E
    }

    /// The `key: value` lines between the fences, read as the simple YAML people write:
    /// comment lines and trailing " # comments" are dropped, quotes around a value are
    /// removed, and indented lines continue the value above them, as do the lines of a
    /// `>` or `|` block ("question: >" and the question on the next lines), joined by spaces.
    private mutating func parseFrontMatter(_ block: ArraySlice<(Int, Int)>, _ b: [UInt8]) {
        // Continuation lines of the last entry, joined once it is complete.
        var more: [String] = []
        func flush(_ doc: inout Document) {
            guard !more.isEmpty, let last = doc.frontMatter.entries.indices.last else { return }
            let value = doc.frontMatter.entries[last].value
            doc.frontMatter.entries[last].value = ((value.isEmpty ? [] : [value]) + more).joined(separator: " ")
            more = []
        }
        for l in block {
            var c = l.0
            while c < l.1, b[c] == 0x20 || b[c] == 0x09 { c += 1 }
            if c == l.1 || b[c] == 0x23 { continue }  // blank or "# comment"
            if c > l.0, !doc.frontMatter.entries.isEmpty {
                more.append(String(decoding: b[c..<l.1], as: UTF8.self).trimmingSpaces())
                continue
            }
            flush(&doc)
            parseFrontMatterLine(l, b)
            if let last = doc.frontMatter.entries.indices.last, [">", "|", ">-", "|-", ">+", "|+"].contains(doc.frontMatter.entries[last].value) {
                doc.frontMatter.entries[last].value = ""
            }
        }
        flush(&doc)
    }

    /// A value without its quotes, or without a trailing " # comment" when it has none.
    static func frontMatterValue(_ b: [UInt8], _ vs: Int, _ ve: Int) -> (Int, Int) {
        var vs = vs, ve = ve
        if ve - vs >= 2, b[vs] == 0x22 || b[vs] == 0x27 {
            var close = ve - 1
            while close > vs, b[close] != b[vs] { close -= 1 }
            if close > vs { return (vs + 1, close) }
            return (vs, ve)
        }
        var k = vs
        while k + 1 < ve, !(b[k] == 0x20 && b[k + 1] == 0x23) { k += 1 }
        if k + 1 < ve { ve = k }
        while ve > vs, b[ve - 1] == 0x20 || b[ve - 1] == 0x09 { ve -= 1 }
        return (vs, ve)
    }

    /// A quoted YAML value's escapes undone: in double quotes \" \\ \/, \n and \t (read as a
    /// space: a question is one line), \xXX, \uXXXX and \UXXXXXXXX; '' in single quotes. An
    /// escape YAML does not have keeps its letter.
    static func unescaped(_ v: String, quote: UInt8) -> String {
        if quote == 0x22, v.contains("\\") {
            var out = String.UnicodeScalarView()
            let scalars = Array(v.unicodeScalars)
            var k = 0
            while k < scalars.count {
                let u = scalars[k]
                k += 1
                guard u == "\\", k < scalars.count else { out.append(u); continue }
                let e = scalars[k]
                k += 1
                let digits = e == "x" ? 2 : e == "u" ? 4 : e == "U" ? 8 : 0
                if digits > 0, k + digits <= scalars.count,
                   let value = UInt32(String(String.UnicodeScalarView(scalars[k..<(k + digits)])), radix: 16), let scalar = Unicode.Scalar(value) {
                    out.append(scalar)
                    k += digits
                    continue
                }
                switch e {
                case "n", "t", "r": out.append(" ")
                case "0": break
                default: out.append(e)
                }
            }
            return String(out)
        }
        if quote == 0x27, v.contains("''") {
            var out = "", previousQuote = false
            for ch in v {
                if ch == "'", previousQuote { previousQuote = false; continue }
                previousQuote = ch == "'"
                out.append(ch)
            }
            return out
        }
        return v
    }

    /// One `key: value` line. Key and value are trimmed of spaces and tabs on bytes (both
    /// are ASCII, so this is exact for any line), and the value unquoted by `frontMatterValue`.
    private mutating func parseFrontMatterLine(_ l: (Int, Int), _ b: [UInt8]) {
        guard let colon = b[l.0..<l.1].firstIndex(of: 0x3A) else { return }
        var ks = l.0, ke = colon
        while ks < ke, b[ks] == 0x20 || b[ks] == 0x09 { ks += 1 }
        while ke > ks, b[ke - 1] == 0x20 || b[ke - 1] == 0x09 { ke -= 1 }
        guard ke > ks, !b[ks..<ke].contains(0x20) else { return }
        var vs = colon + 1, ve = l.1
        while vs < ve, b[vs] == 0x20 || b[vs] == 0x09 { vs += 1 }
        while ve > vs, b[ve - 1] == 0x20 || b[ve - 1] == 0x09 { ve -= 1 }
        let quote = vs < ve ? b[vs] : 0
        (vs, ve) = Self.frontMatterValue(b, vs, ve)
        doc.frontMatter.entries.append((String(decoding: b[ks..<ke], as: UTF8.self), Self.unescaped(String(decoding: b[vs..<ve], as: UTF8.self), quote: quote)))
    }

    private func isThematicBreak(_ c: Int, _ e: Int, _ b: [UInt8]) -> Bool {
        let m = b[c]
        guard m == 0x2D || m == 0x2A || m == 0x5F else { return false }
        var n = 0
        for k in c..<e {
            if b[k] == m { n += 1 } else if b[k] != 0x20 { return false }
        }
        return n >= 3
    }

    /// A list item's marker at `c`: "-", "*", "+", "•" and other bullet symbols (◦ ▪ ‣ ● ■ ○ →
    /// ✓ ·), "1." and "1)"; letters and roman numerals ("a)", "(a)", "iv.") and the dashes "–" /
    /// "—" only `afterBreak` (after a blank line, another item, or a line ending in ":" or a
    /// sentence end), as they also start wrapped prose lines ("– and then", "(a) hire two"). Returns the kind
    /// and where the item's text starts.
    func listMarker(_ c: Int, _ e: Int, _ b: [UInt8], afterBreak: Bool = true, afterColon: Bool = false) -> (BlockKind, Int)? {
        // The gap after a marker: a space, a TAB or a no-break space (Word pastes "1.<TAB>" and
        // "•<no-break space>"); its length in bytes, 0 if there is none at `k`.
        func gap(_ k: Int) -> Int {
            guard k < e else { return 0 }
            if b[k] == 0x20 || b[k] == 0x09 { return 1 }
            return b[k] == 0xC2 && k + 1 < e && b[k + 1] == 0xA0 ? 2 : 0
        }
        func text(after m: Int) -> Int {
            var t = m
            while case let g = gap(t), g > 0 { t += g }
            return t
        }
        let m = b[c]
        if (m == 0x2D || m == 0x2A || m == 0x2B), gap(c + 1) > 0 { return (.bullet, text(after: c + 1)) }
        if m >= 0x80 {
            let len = utf8Length(m)
            guard c + len < e, gap(c + len) > 0 else { return nil }
            switch decodeScalar(at: c, b, len) {
            case 0x2022, 0x25E6, 0x25AA, 0x25AB, 0x2023, 0x25CF, 0x25A0, 0x25CB, 0x2192, 0x2713, 0x2714, 0x00B7, 0x2043, 0x25B8, 0x25BA, 0x27A4,
                 0x27A2, 0x2794, 0x25C6, 0x2756, 0x2666, 0x25C7, 0x25B6, 0x25B9, 0x2219,
                 0xF0B7, 0xF0A7, 0xF0D8, 0xF076, 0xF0FC:  // Symbol/Wingdings bullets that Word pastes as private-use characters
                return (.bullet, text(after: c + len))
            case 0x2013 where afterBreak, 0x2014 where afterBreak:
                return (.bullet, text(after: c + len))
            default:
                return nil
            }
        }
        var d = c
        while d < e, d - c < 3, b[d] >= 0x30, b[d] <= 0x39 { d += 1 }
        if d > c, d + 1 < e, b[d] == 0x2E || b[d] == 0x29, gap(d + 1) > 0 { return (.numbered, text(after: d + 1)) }
        // A capital letter, A to H, after a break: "A) ..." or, before a lower-case word or
        // after a line ending in a colon (or in such a list), "A. keep the rent under 5%",
        // "A. Called the school" ("A. Smith" opening a paragraph is a name).
        if afterBreak, m >= 0x41, m <= 0x48, c + 2 < e, gap(c + 2) > 0,
           b[c + 1] == 0x29 || (b[c + 1] == 0x2E && text(after: c + 2) < e && (b[text(after: c + 2)] &- 0x61 < 26 || afterColon)) {
            return (.numbered, text(after: c + 2))
        }
        // Letters and roman numerals, lower case: "a)", "(b)", "iv.", "(ii)".
        let open = m == 0x28 ? 1 : 0
        var l = c + open
        while l < e, l - c - open < 4, b[l] >= 0x61, b[l] <= 0x7A { l += 1 }
        let n = l - c - open
        guard n > 0, l + 1 < e, gap(l + 1) > 0 else { return nil }
        let word = b[(c + open)..<l]
        let roman = word.allSatisfy { $0 == 0x69 || $0 == 0x76 || $0 == 0x78 }  // i v x
        guard n == 1 || roman else { return nil }
        guard afterBreak else { return nil }  // "we could either⏎(a) hire two more or (b) ..." is prose
        if open == 1 ? b[l] == 0x29 : (b[l] == 0x29 || b[l] == 0x2E) { return (.numbered, text(after: l + 1)) }
        return nil
    }

    /// Whether some part label after the first text line starts a paragraph (follows a blank
    /// line): the writer set the parts apart as paragraphs, so each label covers its own.
    private mutating func labelledParagraphs(_ lines: [(Int, Int)], from first: Int, _ b: [UInt8]) -> Bool {
        var blank = false, seenText = false, skipping = false, transcript = false, afterTurn = false
        for (ls, le) in lines[first...] {
            var c = ls
            while c < le, b[c] == 0x20 || b[c] == 0x09 || b[c] == 0x23 || b[c] == 0x3E { c += 1 }
            if c == le { blank = true; skipping = false; continue }
            // A question ("Q: ...", to a blank line) or a greeting before the answer is not its
            // text, nor is a later turn of the interviewer's in a transcript; the "A:" or
            // "Candidate:" that opens the reply after one is no part label.
            if questionPrefix(c, le, b) != nil, !seenText || transcript || interviewerPrefix(c, le, b) != nil {
                skipping = true; transcript = true; afterTurn = true
                continue
            }
            if let a = (afterTurn ? answerPrefix(c, le, b) : nil) ?? candidatePrefix(c, le, b) {
                skipping = false; transcript = true; c = a
            }
            afterTurn = false
            if skipping { continue }
            if !seenText, isGreeting(c, le, b) { skipping = true; continue }
            if blank, seenText, partLabel(c, le, b, allowBare: true) != nil
                || inferredPartLabel(c, le, b, heading: false) != nil && inferLabelsDecided() { return true }
            blank = false
            seenText = true
        }
        return false
    }

    /// `headsPartsInOwnWords` for the text, worked out once.
    private mutating func inferLabelsDecided() -> Bool {
        if let v = inferLabels { return v }
        let v = headsPartsInOwnWords(textLines, from: firstTextLine, doc.bytes)
        inferLabels = v
        return v
    }

    /// Whether the answer heads its parts in its own words: at least three lines that open a
    /// paragraph (or are headings) name a part, by a known label or by their words
    /// (`inferredPartLabel`), at least one of them by its words only, and they name at least
    /// three different parts. A title ("# My biggest challenge") over an answer with one
    /// "Result:" is no such answer, nor are "Step one:", "Step two:", "Step three:".
    func headsPartsInOwnWords(_ lines: [(Int, Int)], from first: Int, _ b: [UInt8]) -> Bool {
        var parts: UInt8 = 0, heads = 0, inferred = 0
        var afterBreak = true
        for (ls, le) in lines[first...] {
            var c = ls
            while c < le, b[c] == 0x20 || b[c] == 0x09 { c += 1 }
            if c == le { afterBreak = true; continue }
            let heading = b[c] == 0x23
            while c < le, b[c] == 0x23 || b[c] == 0x20 { c += 1 }
            defer { afterBreak = heading }
            guard afterBreak || heading, c < le, isASCIILetter(b[c]) || b[c] == 0x2A || b[c] == 0x5F else { continue }
            var label = partLabel(c, le, b, allowBare: true)?.label
            if label == nil, let (l, _) = inferredPartLabel(c, le, b, heading: heading) {
                label = l
                inferred += 1
            }
            guard let label else { continue }
            heads += 1
            parts |= 1 << UInt8(label.index)
        }
        return inferred > 0 && heads >= 3 && parts.nonzeroBitCount >= 3
    }

    /// Words that open a sentence rather than a heading ("I took four steps:").
    static let sentenceSubjects: Set<UInt64> = Set(["i", "i'm", "i've", "i'd", "we", "we're", "we'd", "they", "he", "she", "it", "it's", "you", "there",
                                                    "this", "that", "so", "then", "and", "but"].map { normalizedHash($0) })

    /// A part named in the candidate's own words at `c..<e`, a line's start (`heading`: a
    /// Markdown heading's text): up to six words of letters (with emphasis around them),
    /// alone on the line or before a colon, that name exactly one part by the words and
    /// two-word phrases of part-heading-words.txt ("My job", "Where it landed", "What I did
    /// about it:", "**After:**"). Not a phrase that names two parts ("How I solved the
    /// problem"), one that opens a sentence ("I took four steps:", "The problem was simple:";
    /// "is" and "was" only after "what", "how" ...), a word marked as a name only when alone
    /// ("After:", not "After lunch:"), or a line of its own that a line in lower case goes on
    /// ("The problem⏎was that nobody owned it").
    /// `rest`: where the text after it starts.
    func inferredPartLabel(_ c: Int, _ e: Int, _ b: [UInt8], heading: Bool) -> (label: StarLabel, rest: Int)? {
        var p = c
        var emphasis = 0
        while p < e, b[p] == 0x2A || b[p] == 0x5F { emphasis += 1; p += 1 }
        guard p < e, isASCIILetter(b[p]) else { return nil }
        // Most lines are sentences: a look at the bytes rules them out before any word is
        // hashed (a colon or the line's end within six words of letters).
        var q = p, spaces = 0
        while q < e, b[q] != 0x3A {
            let x = b[q]
            if x == 0x20 {
                spaces += 1
                if spaces > 6 { return nil }
            } else if !(isASCIILetter(x) || x == 0x27 || x == 0x2D || x == 0x2A || x == 0x5F || x >= 0x80) {
                return nil
            }
            q += 1
        }
        var names = HeadingNames(table: lexicon.partHeadingWordTable)
        var words = 0
        var previousStart = -1
        var question = false
        @inline(__always) func hash(_ from: Int, _ to: Int) -> UInt64 { normalizedHash(bytes: b[from..<to]) }
        while p < e {
            let ws = p
            while p < e {
                if isASCIILetter(b[p]) || (p > ws && (b[p] == 0x27 || b[p] == 0x2D)) {
                    p += 1
                } else if p > ws, p + 2 < e, b[p] == 0xE2, b[p + 1] == 0x80, b[p + 2] == 0x99 {  // ’
                    p += 3
                } else {
                    break
                }
            }
            guard p > ws else { return nil }
            words += 1
            let h = hash(ws, p)
            if words == 1 {
                // "I took four steps:", "We had to:" open a sentence, not a heading.
                if Self.sentenceSubjects.contains(h) { return nil }
                question = Self.whWords.contains(h)
            } else if !question, Self.copulas.contains(h) {
                return nil  // "The problem was simple:", "My job was sorting it"
            }
            if let noun = names.pendingNoun {
                names.pendingNoun = nil
                if Self.headingTailWords.contains(h), !names.commit(noun) { return nil }
            }
            guard words <= 6, names.note(h, single: true), previousStart < 0 || names.note(hash(previousStart, p), single: false) else { return nil }
            previousStart = ws
            guard p < e, b[p] == 0x20 else { break }
            p += 1
        }
        var closed = 0
        while p < e, b[p] == 0x2A || b[p] == 0x5F { closed += 1; p += 1 }
        while p < e, b[p] == 0x20 { p += 1 }
        if p < e, b[p] == 0x3A {
            p += 1
            while p < e, b[p] == 0x2A || b[p] == 0x5F { closed += 1; p += 1 }
            while p < e, b[p] == 0x20 { p += 1 }
        } else if p < e {
            return nil
        } else if !heading, Self.nextLineGoesOnInLowerCase(e, b) {
            return nil  // the start of a sentence broken across lines
        }
        if let noun = names.pendingNoun, !names.commit(noun) { return nil }
        if words == 1, names.found == nil { names.found = names.alone }
        guard let found = names.found, emphasis == 0 || closed > 0 else { return nil }
        return (found, p)
    }

    /// The part a heading's words name so far (`inferredPartLabel`).
    struct HeadingNames {
        let table: HashKeyTable
        var found: StarLabel?
        /// A word that names a part only as the heading's one word ("After").
        var alone: StarLabel?
        /// A noun that names a part counts at the heading's end or before a word such as "in",
        /// "we" or "I" ("My role in it", "The problem we faced"), not before another word that
        /// makes it a modifier ("Response time:", "Issue backlog:", "Target met").
        var pendingNoun: StarLabel?

        /// False when `label` is not the part found so far.
        mutating func commit(_ label: StarLabel) -> Bool {
            if let found, found != label { return false }
            found = label
            return true
        }

        /// Notes what the word or two-word phrase hashed `h` names; false when it names
        /// another part than the one found, or says the heading names no one part ("part").
        mutating func note(_ h: UInt64, single: Bool) -> Bool {
            let v = table.find(h)
            guard v >= 0 else { return true }
            if v & 16 != 0 { return false }
            let label = StarLabel(index: Int(v & 7))
            if v & 8 != 0 { alone = label; return true }
            if single, v & 32 == 0 { pendingNoun = label; return true }
            return commit(label)
        }
    }


    /// Words after which a noun that names a part still heads the phrase.
    static let headingTailWords: Set<UInt64> = Set(["in", "of", "on", "for", "with", "at", "to", "from", "and", "it", "this", "that", "these", "those",
                                                    "we", "i", "they", "he", "she", "you", "here", "there", "the", "a", "an", "my", "our", "your",
                                                    "their", "his", "her"].map { normalizedHash($0) })

    /// "What", "how", "where" ...: a heading that opens with one may say "was" ("What was
    /// going on").
    static let whWords: Set<UInt64> = Set(["what", "how", "where", "when", "why", "which", "who"].map { normalizedHash($0) })
    static let copulas: Set<UInt64> = Set(["is", "was", "were", "are", "am", "been"].map { normalizedHash($0) })

    /// Whether `c..<e` is set out as a heading rather than a sentence: wholly bold or italic, or
    /// at most five words of letters, capitalised, with no end punctuation, not going on in
    /// lower case on the next line.
    static func looksLikeHeading(_ c: Int, _ e: Int, _ b: [UInt8]) -> Bool {
        var last = e
        while last > c, b[last - 1] == 0x20 || b[last - 1] == 0x09 { last -= 1 }
        guard last > c else { return false }
        if last - c > 4, b[c] == 0x2A || b[c] == 0x5F, b[last - 1] == b[c], !(c + 1..<last - 1).contains(where: { b[$0] == 0x2E || b[$0] == 0x21 || b[$0] == 0x3F }) {
            return true  // "**The payoff**", "_Follow-up_"
        }
        // Capitalised (in a chat-style answer in lower case, a short line is as often a
        // sentence: "moved the round to 7").
        guard b[c] &- 0x41 < 26 else { return false }
        // "Mitigation:" alone on its line is one too; so is "Step 1" (a number only so: a word
        // and a number).
        if b[last - 1] == 0x3A { last -= 1 }
        // Most lines are sentences: the bytes rule them out before any word is hashed.
        var spaces = 0
        for k in c..<last {
            let x = b[k]
            if x == 0x20 {
                spaces += 1
                if spaces > 4 { return false }
            } else if !(isASCIILetter(x) || x &- 0x30 < 10 || x == 0x2D || x == 0x27 || x == 0x26 || x == 0x2F) {
                return false
            }
        }
        var words = 0, start = c, question = false
        var numbers = 0, lastIsNumber = false
        for k in c...last {
            if k < last, b[k] != 0x20 { continue }
            guard k > start else { start = k + 1; continue }
            let word = b[start..<k]
            lastIsNumber = word.allSatisfy { $0 &- 0x30 < 10 }
            if word.contains(where: { $0 &- 0x30 < 10 }) { numbers += 1 }
            // "We saved money", "Everyone was happy": a sentence, not a heading.
            let h = normalizedHash(bytes: b[start..<k])
            words += 1
            if words == 1 {
                if sentenceSubjects.contains(h) { return false }
                question = whWords.contains(h)
            } else if !question, copulas.contains(h) {
                return false
            }
            start = k + 1
        }
        guard words <= 5, numbers == 0 || numbers == 1 && words == 2 && lastIsNumber, !nextLineGoesOnInLowerCase(e, b) else { return false }
        // Text follows.
        var k = e
        while k < b.count, b[k] == 0x0D || b[k] == 0x0A || b[k] == 0x20 || b[k] == 0x09 { k += 1 }
        return k < b.count
    }

    /// The first byte of the line after the one ending at `e` that is not a space or tab (0
    /// at the end of the text; a CR or LF when that line is blank).
    static func nextLineStart(_ e: Int, _ b: [UInt8]) -> UInt8 {
        var k = e
        if k < b.count, b[k] == 0x0D { k += 1 }
        if k < b.count, b[k] == 0x0A { k += 1 }
        while k < b.count, b[k] == 0x20 || b[k] == 0x09 { k += 1 }
        return k < b.count ? b[k] : 0
    }

    /// Whether the next line goes on in lower case: the line ending at `e` is the start of a
    /// sentence broken across lines ("The problem⏎was that nobody owned it").
    static func nextLineGoesOnInLowerCase(_ e: Int, _ b: [UInt8]) -> Bool { nextLineStart(e, b) &- 0x61 < 26 }


    /// Whether the line `b[c..<e]` reads as a letter's greeting: at most five words, the
    /// first one or two a greeting from letter-lines.txt, ending in "," "!" or ":".
    func isGreeting(_ c: Int, _ e: Int, _ b: [UInt8]) -> Bool {
        var last = e
        while last > c, b[last - 1] == 0x20 || b[last - 1] == 0x09 || b[last - 1] == 0x0D { last -= 1 }
        guard last > c, last - c <= 80, isASCIILetter(b[c]), b[last - 1] == 0x2C || b[last - 1] == 0x21 || b[last - 1] == 0x3A,
              1 + b[c..<last].reduce(0, { $0 + ($1 == 0x20 ? 1 : 0) }) <= 5 else { return false }
        return letterWords(c, e, b).prefix(2).contains { w in lexicon.greetings.contains(w.hash) && (w.end == e || [0x20, 0x2C, 0x21, 0x3A].contains(b[w.end])) }
    }

    /// The first words of the line at `c` (up to five, ASCII letters and apostrophes, one
    /// space apart), each with the hash of the words up to it (`normalizedHash` of "kind
    /// regards") and whether the line ends or a "," "!" or "." follows it.
    func letterWords(_ c: Int, _ e: Int, _ b: [UInt8]) -> [(hash: UInt64, closes: Bool, end: Int)] {
        var out: [(hash: UInt64, closes: Bool, end: Int)] = []
        var h = fnvOffsetBasis
        var p = c
        while p < e, out.count < 5 {
            let ws = p
            while p < e, isASCIILetter(b[p]) || (b[p] == 0x27 && p > ws) {
                h = fnvStep(h, b[p] >= 0x41 && b[p] <= 0x5A ? b[p] | 0x20 : b[p])
                p += 1
            }
            if p == ws { break }
            out.append((h, p == e || b[p] == 0x2C || b[p] == 0x21 || b[p] == 0x2E, p))
            guard p + 1 < e, b[p] == 0x20, isASCIILetter(b[p + 1]) else { break }
            h = fnvStep(h, 0x20)
            p += 1
        }
        return out
    }

    enum SignOff { case letter, chat }

    /// What the line `b[c..<le]` is, if it is a letter's sign-off or a chat's closing and
    /// nothing more: at most six words, starting with a capital, the sign-off's words followed
    /// by nothing but "," "!" or ".", by another sign-off ("Hope that helps! Thanks for
    /// reading."), or by a comma and a name of up to three capitalised words ("Best, Sam").
    /// "Thanks, that fixed it!" and "best, most useful change" are text. `.chat` when a
    /// closing (`TextLexicon.closings`) is in it.
    func signOff(_ c: Int, _ le: Int, _ b: [UInt8]) -> SignOff? {
        var e = le
        while e > c, b[e - 1] == 0x20 || b[e - 1] == 0x09 { e -= 1 }
        guard c < e, b[c] >= 0x41, b[c] <= 0x5A, 1 + b[c..<e].reduce(0, { $0 + ($1 == 0x20 ? 1 : 0) }) <= 6,
              let w = letterWords(c, le, b).first(where: { $0.closes && (lexicon.signOffs.contains($0.hash) || lexicon.closings.contains($0.hash)) })
        else { return nil }
        let kind: SignOff = lexicon.closings.contains(w.hash) ? .chat : .letter
        var p = w.end
        let comma = p < e && b[p] == 0x2C
        while p < e, b[p] == 0x2C || b[p] == 0x21 || b[p] == 0x2E || b[p] == 0x20 { p += 1 }
        if p == e { return kind }
        if let next = signOff(p, le, b) { return kind == .chat ? .chat : next }
        guard comma else { return nil }
        // A name: capitalised words, no sentence punctuation.
        var names = 0
        while p < e {
            guard b[p] >= 0x41 && b[p] <= 0x5A || b[p] >= 0xC0 else { return nil }
            names += 1
            while p < e, b[p] != 0x20 {
                if b[p] == 0x21 || b[p] == 0x3F || b[p] == 0x2C || b[p] == 0x3A { return nil }
                p += 1
            }
            while p < e, b[p] == 0x20 { p += 1 }
        }
        return names <= 3 ? kind : nil
    }

    /// Whether every line from `from` on is a list item with no part label, an indented line
    /// under one, or blank: the list under a line runs to the answer's end. Worked out once
    /// per answer (the last line that is not such), so asking at each list stays linear.
    mutating func listRunsToEnd(_ lines: [(Int, Int)], from: Int, _ b: [UInt8]) -> Bool {
        if lastLineOutsideLists == nil {
            var last = -1
            for (k, (ls, le)) in lines.enumerated().reversed() {
                var c = ls
                while c < le, b[c] == 0x20 || b[c] == 0x09 { c += 1 }
                if c == le || c > ls { continue }
                if let (_, content) = listMarker(c, le, b), !(content < le && partLabel(content, le, b, allowBare: true) != nil) { continue }
                last = k
                break
            }
            lastLineOutsideLists = last
        }
        return lastLineOutsideLists! < from
    }

    /// Recognises "Situation:", "**Task**", "**Action:**", "S:", "Result -", "What I did:" at `c`.
    /// Returns the label and where the remaining text starts.
    func partLabel(_ c: Int, _ e: Int, _ b: [UInt8], allowBare: Bool) -> (label: StarLabel, rest: Int, second: StarLabel?)? {
        var p = c
        var emphasis = 0
        // "(S)", "(Task)", "[A]": a label in brackets; the closing bracket is its separator.
        var bracket: UInt8 = 0
        if p + 2 < e, b[p] == 0x28 || b[p] == 0x5B {
            bracket = b[p] == 0x28 ? 0x29 : 0x5D
            p += 1
        }
        while p < e, b[p] == 0x2A || b[p] == 0x5F || b[p] == 0x60 { emphasis += 1; p += 1 }
        // "**1. Situation**": a number inside the emphasis, before the label's word.
        if emphasis > 0, bracket == 0 {
            var d = p
            while d < e, d - p < 2, b[d] &- 0x30 < 10 { d += 1 }
            if d > p, d + 2 < e, b[d] == 0x2E || b[d] == 0x29, b[d + 1] == 0x20, isASCIILetter(b[d + 2]) { p = d + 2 }
        }
        let wordStart = p
        var best: (label: StarLabel, rest: Int, second: StarLabel?)?
        var h = fnvOffsetBasis
        var words = 0
        while words < lexicon.partLabelMaxWords, p < e {
            let ws = p
            while p < e, isASCIILetter(b[p]) || (b[p] == 0x27 && p > ws) {
                let c = b[p]
                h = fnvStep(h, (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c)
                p += 1
            }
            if p == ws { break }
            words += 1
            let found = lexicon.partLabelTable.find(h)
            if found >= 0 {
                let label = StarLabel(index: Int(found & 7))
                let single = found & 8 != 0
                // An alias naming two parts ("Challenge:").
                let named: StarLabel? = found >> 4 > 0 ? StarLabel(index: Int(found >> 4) - 1) : nil
                if bracket != 0 {
                    // Only the bracket closes it: "(Situation)", not "(Situation: ..."; and a
                    // letter goes on after it only as a word ("(S)he said"). A bracketed "(A)"
                    // may be a lettered list's first item ("(A) ... (B) ..."): it is a label only
                    // where the answer has labelled a part so before.
                    let after: UInt8 = p + 1 < e ? b[p + 1] : 0x20
                    if p < e, b[p] == bracket, b[wordStart] <= 0x5A, !isASCIIAlnum(after),
                       !single || label != .action || Self.bracketLetterLabelBefore(c, b) {
                        var r = p + 1
                        while r < e, b[r] == 0x20 || b[r] == 0x3A || b[r] == 0x2D { r += 1 }
                        best = (label, r, named)
                    }
                } else {
                    // "Situation/Context:", "Result/Impact -", "Situation / Task:", "Outcome &
                    // impact:", "Situation and Task:", "S&T:": a second name after a slash, "&"
                    // or "and"; when it names another part, a sentence under the label may be
                    // either part. "Task(s):" is the word's plural.
                    var q = p
                    if !single, q + 2 < e, b[q] == 0x28, b[q + 1] | 0x20 == 0x73, b[q + 2] == 0x29 { q += 3 }
                    var r = q
                    var second: StarLabel?
                    while r < e, b[r] == 0x20 { r += 1 }
                    var joined = r + 1 < e && (b[r] == 0x2F || b[r] == 0x26)
                    if joined {
                        r += 1
                    } else if !single, r > q, r + 4 < e, b[r] | 0x20 == 0x61, b[r + 1] | 0x20 == 0x6E, b[r + 2] | 0x20 == 0x64, b[r + 3] == 0x20 {
                        r += 4
                        joined = true
                    }
                    if joined {
                        while r < e, b[r] == 0x20 { r += 1 }
                        if r < e, isASCIILetter(b[r]) {
                            var q2 = r
                            var h2 = fnvOffsetBasis
                            while q2 < e, isASCIILetter(b[q2]) {
                                h2 = fnvStep(h2, b[q2] >= 0x41 && b[q2] <= 0x5A ? b[q2] | 0x20 : b[q2])
                                q2 += 1
                            }
                            // After a letter ("S&T", "S/T") only another letter; after a name any
                            // word ("Result/Learning").
                            let found2 = lexicon.partLabelTable.find(h2)
                            if single ? (q2 == r + 1 && found2 >= 0 && found2 & 8 != 0) : q2 > r + 1 {
                                q = q2
                                if found2 >= 0, (found2 & 8 == 0) != single {
                                    let other = StarLabel(index: Int(found2 & 7))
                                    if other != label && other != .other { second = other }
                                }
                            }
                        }
                    }
                    if let rest = labelSeparator(q, e, b, emphasis: emphasis, single: single && q == p, allowBare: allowBare && q == p, capital: b[c + emphasis] <= 0x5A) {
                        best = (label, rest, second ?? named)
                    }
                }
            }
            guard p < e, b[p] == 0x20, lexicon.partLabelPrefixTable.find(h) >= 0 else { break }
            h = fnvStep(h, 0x20)
            p += 1
        }
        return best
    }

    /// Abbreviated units of time, read as units after a figure (`endsSentence`).
    static let abbreviatedTimeUnits: Set<UInt64> = Set(["ms", "sec", "secs", "min", "mins", "hr", "hrs"].map { normalizedHash($0) })
    static let noHash = normalizedHash("no")
    /// Flags that make a number a measure whatever word comes before it.
    static let measureFlags: TokenFlags = [.percent, .currency, .decimal, .magnitude, .multiplier, .year]

    /// An email header line pasted above the answer ("Subject: my answer", "Re: interview").
    func isEmailHeader(_ c: Int, _ e: Int, _ b: [UInt8]) -> Bool {
        guard let w = letterWords(c, e, b).first, w.end < e, b[w.end] == 0x3A else { return false }
        return Self.emailHeaders.contains(w.hash)
    }
    /// What the line `b[c..<le]` is, if it is one a mail program writes around a message: the
    /// signature delimiter ("--", "-- "), "Sent from my ..." or "Get Outlook for ..." (at most
    /// seven words), a reply's attribution ("On ... wrote:"), or a forwarded or original
    /// message's divider ("-----Original Message-----", "---------- Forwarded message").
    enum MailTrail { case signature, divider, attribution }

    static func mailTrail(_ c: Int, _ le: Int, _ b: [UInt8]) -> MailTrail? {
        // Every such line starts with "-", "S", "G", "O" or "B": most lines are answered here.
        guard b[c] == 0x2D || b[c] == 0x53 || b[c] == 0x47 || b[c] == 0x4F || b[c] == 0x42 else { return nil }
        var e = le
        while e > c, b[e - 1] == 0x20 || b[e - 1] == 0x09 || b[e - 1] == 0x0D { e -= 1 }
        guard e > c else { return nil }
        func starts(_ s: StaticString) -> Bool {
            let n = s.utf8CodeUnitCount
            guard e - c >= n else { return false }
            return s.withUTF8Buffer { u in (0..<n).allSatisfy { b[c + $0] == u[$0] } }
        }
        if e - c == 2, b[c] == 0x2D, b[c + 1] == 0x2D { return .signature }
        if b[c] == 0x2D {
            var k = c
            while k < e, b[k] == 0x2D || b[k] == 0x20 { k += 1 }
            guard k - c >= 4, k < e else { return nil }
            let rest = String(decoding: b[k..<e], as: UTF8.self).lowercased()
            return rest.hasPrefix("original message") || rest.hasPrefix("forwarded message") ? .divider : nil
        }
        let words = 1 + b[c..<e].reduce(0) { $0 + ($1 == 0x20 ? 1 : 0) }
        if starts("Sent from "), words <= 7 { return .signature }
        if starts("Get Outlook for "), words <= 6 { return .signature }
        if starts("Begin forwarded message:"), words == 3 { return .divider }
        // A reply's attribution carries a date or an address ("On Tue, 4 Mar 2025 at 10:12, Sam
        // <sam@example.com> wrote:"); "On Monday I wrote:" is the answer's. An address in angle
        // brackets was blanked as markup before the line is read: a run of spaces marks it.
        if starts("On "), e - c >= 10, String(decoding: b[(e - 6)..<e], as: UTF8.self) == "wrote:",
           b[c..<e].contains(where: { $0 &- 0x30 < 10 || $0 == 0x40 })
            || (c..<(e - 8)).contains(where: { b[$0] == 0x20 && b[$0 + 1] == 0x20 && b[$0 + 2] == 0x20 }) { return .attribution }
        return nil
    }

    /// A reply's header as Outlook writes it, under the message ("From: Sam Lee
    /// <sam@example.com>" with "Sent:" or "Date:" on the next line): a divider.
    func outlookHeader(_ c: Int, _ le: Int, next: Int, _ lines: [(Int, Int)]) -> MailTrail? {
        let b = doc.bytes
        var c = c
        while c < le, b[c] == 0x2A { c += 1 }  // "**From:** ..."
        guard c < le, b[c] == 0x46, next < lines.count, let w = letterWords(c, le, b).first, w.hash == Self.fromHash, w.end < le, b[w.end] == 0x3A else { return nil }
        var n = lines[next].0
        while n < lines[next].1, b[n] == 0x20 || b[n] == 0x2A { n += 1 }
        guard let v = letterWords(n, lines[next].1, b).first, v.end < lines[next].1, b[v.end] == 0x3A,
              v.hash == Self.sentHash || v.hash == Self.dateHash else { return nil }
        return .divider
    }
    static let fromHash = normalizedHash("from"), sentHash = normalizedHash("sent"), dateHash = normalizedHash("date")

    /// A reply's attribution in another language, ending in ":" with a figure in it ("Le lun.
    /// 3 juin 2024 à 09:12, Sara <...> a écrit :", "Am Mo., 3. Juni 2024 um 09:12 Uhr schrieb
    /// Sara <...>:").
    static func isForeignAttribution(_ c: Int, _ e: Int, _ b: [UInt8]) -> Bool {
        guard b[c..<e].contains(where: { $0 &- 0x30 < 10 }) else { return false }
        let line = String(decoding: b[c..<e], as: UTF8.self)
        return foreignWrote.contains { line.contains($0) }
    }
    static let foreignWrote = [" a écrit", " schrieb", " escribió", " ha scritto", " schreef", " skrev", " escreveu", " napisał"]

    /// The opening words of a mail's legal footer, in lower case.
    static let disclaimerOpenings = ["confidentiality notice", "confidential:", "confidentiality:", "disclaimer:", "disclaimer -",
                                     "legal notice", "the content of this email", "the contents of this email",
                                     "the content of this e-mail", "the contents of this e-mail", "the content of this message",
                                     "the contents of this message", "this message contains confidential", "this email contains confidential",
                                     "this e-mail contains confidential", "this email and any",
                                     "this e-mail and any", "this message and any", "this email is confidential",
                                     "this e-mail is confidential", "this message is confidential", "this email may contain",
                                     "this e-mail may contain", "this message may contain", "the information contained in this",
                                     "the information in this email", "the information in this message", "privileged and confidential",
                                     "please consider the environment before printing"]

    /// Whether the line `c..<e` opens a mail's legal footer (`disclaimerOpenings`).
    static func isDisclaimer(_ c: Int, _ e: Int, _ b: [UInt8]) -> Bool {
        var k = c
        while k < e, b[k] == 0x2A || b[k] == 0x5F { k += 1 }
        return disclaimerBytes.contains { u in
            // A whole word: "Legal notice:", not "Legal notices were ...".
            startsCaseless(u, at: k, before: e, b) && (k + u.count == e || !isASCIILetter(u[u.count - 1]) || !isASCIILetter(b[k + u.count]))
        }
    }
    static let disclaimerBytes = disclaimerOpenings.map { Array($0.utf8) }

    /// Whether, after the paragraph that goes on at line `next`, no line is longer than a
    /// signature's (80 bytes): the text from here on is a footer, not more of the answer.
    /// The last long line is found once.
    mutating func footerRunsToEnd(from next: Int, _ lines: [(Int, Int)]) -> Bool {
        let b = doc.bytes
        if lastLongLine == nil {
            var k = lines.count - 1
            while k >= 0, Self.isBlank(lines[k], b) || lines[k].1 - lines[k].0 <= 80 { k -= 1 }
            lastLongLine = k
        }
        var k = next
        while k < lines.count, !Self.isBlank(lines[k], b) { k += 1 }
        return lastLongLine! < k
    }

    static let emailHeaders: Set<UInt64> = Set(["subject", "re", "fwd", "fw", "from", "to", "sent", "date", "cc"].map { normalizedHash($0) })

    /// Whether the label text `c..<rest` is a phrase of two or more words ending in a colon
    /// (spaces and emphasis after it allowed): "What I did:", "**Actions taken:**".
    static func isPhraseEndingInColon(_ c: Int, _ rest: Int, _ b: [UInt8]) -> Bool {
        var k = rest - 1
        while k > c, b[k] == 0x20 || b[k] == 0x2A || b[k] == 0x5F { k -= 1 }
        guard k > c, b[k] == 0x3A else { return false }
        return b[c..<k].contains(0x20)
    }

    /// Nouns a capital letter names ("Plan B", "Vitamin D", "Block C", "Option A"): written
    /// capitalised too, the letter after them is no initial.
    static let letterNouns: Set<UInt64> = Set(["plan", "vitamin", "grade", "type", "category", "level", "block", "wing", "building",
                                               "gate", "bay", "option", "section", "part", "phase", "floor", "platform", "terminal",
                                               "ward", "room", "zone", "hall", "site", "line", "shift", "model", "version", "form",
                                               "group", "team", "class", "unit", "stage", "tier", "scenario", "appendix", "annex",
                                               "exhibit", "schedule", "pallet", "aisle", "row", "column", "lane", "route", "pod", "lab",
                                               "studio", "court", "pitch", "door", "entrance", "exit", "cell", "step", "track", "batch",
                                               "hepatitis", "strep", "gen", "generation", "series", "size", "sector", "district"]
        .map { normalizedHash($0) })

    /// Sentence starters that are not surnames: after "plan B." they start a sentence.
    static let strongStarters: Set<UInt64> = Set(["the", "we", "i", "then", "it", "they", "he", "she", "when", "after", "this",
                                                  "that", "our", "my", "there", "once", "because", "but", "and", "afterwards", "later",
                                                  "finally", "eventually", "meanwhile", "however"].map { normalizedHash($0) })

    /// Label words that are also ordinary prose after a sentence end ("Problem: the old
    /// server had no logs"): inside a paragraph they start a part only after no label or an
    /// earlier part.
    static let weakLabelWords: Set<UInt64> = Set(["problem", "challenge", "my", "what"].map { normalizedHash($0) })

    /// Whether a line in the 2,000 bytes before `c` starts with a bracketed part letter other
    /// than A ("(S)", "[T]"; an "(A)" may itself be a list's item): then "(A)" at `c` continues
    /// the answer's own labels.
    static func bracketLetterLabelBefore(_ c: Int, _ b: [UInt8]) -> Bool {
        var k = c - 1
        let floor = max(0, c - 2000)
        while k >= floor {
            let o = b[k]
            if (o == 0x28 || o == 0x5B), k + 2 < c, b[k + 2] == (o == 0x28 ? 0x29 : 0x5D),
               b[k + 1] == 0x53 || b[k + 1] == 0x54 || b[k + 1] == 0x52 {
                var j = k - 1
                while j >= 0, b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x2A || b[j] == 0x5F { j -= 1 }
                if j < 0 || b[j] == 0x0A || b[j] == 0x0D { return true }
            }
            k -= 1
        }
        return false
    }

    /// After a label word: the separator, if any, and where the text starts.
    private func labelSeparator(_ p0: Int, _ e: Int, _ b: [UInt8], emphasis: Int, single: Bool, allowBare: Bool, capital: Bool) -> Int? {
        var p = p0
        var closed = 0
        func skipEmphasis() {
            while p < e, b[p] == 0x2A || b[p] == 0x5F || b[p] == 0x60 { closed += 1; p += 1 }
        }
        // Spaces, and the no-break spaces a word processor puts before a colon ("Situation :").
        func skipSpaces() {
            while p < e {
                if b[p] == 0x20 { p += 1 }
                else if p + 1 < e, b[p] == 0xC2, b[p + 1] == 0xA0 { p += 2 }
                else if p + 2 < e, b[p] == 0xE2, b[p + 1] == 0x80, b[p + 2] == 0xAF { p += 3 }
                else { break }
            }
        }
        skipEmphasis()
        skipSpaces()
        var sep = false
        if p < e, b[p] == 0x3A || b[p] == 0x29 {  // : )
            sep = true; p += 1
        } else if p < e, b[p] == 0x2E, !single, capital || emphasis > 0, p + 1 == e || b[p + 1] == 0x20 || b[p + 1] == 0x2A || b[p + 1] == 0x5F {
            // "Situation." or "**Task.**", capitalised (not "impact." wrapped to a line's start,
            // nor "S.", an initial).
            sep = true; p += 1
        } else if p < e, b[p] == 0x2D, p > p0, (p + 1 == e || b[p + 1] == 0x20) {  // " - "
            sep = true; p += 1
        } else if !single, p < e, b[p] == 0x3D, p > p0, p + 1 < e, b[p + 1] == 0x20 {  // "Action = I built ..." ("A = B" is prose)
            sep = true; p += 1
        } else if p + 2 < e, b[p] == 0xE2, b[p + 1] == 0x80, b[p + 2] == 0x93 || b[p + 2] == 0x94 {  // – —
            sep = true; p += 3
        } else if p + 2 < e, b[p] == 0xEF && b[p + 1] == 0xBC && b[p + 2] == 0x9A {  // ：
            sep = true; p += 3
        } else if !single, p + 2 < e, b[p] == 0xE2 && b[p + 1] == 0x86 && b[p + 2] == 0x92 {  // → after a part's name ("A → B" is prose)
            sep = true; p += 3
        } else if !single, p + 1 < e, b[p] == 0x2D || b[p] == 0x3D, b[p + 1] == 0x3E {  // -> =>
            sep = true; p += 2
        }
        skipEmphasis()
        skipSpaces()
        if emphasis > 0 && closed == 0 { return nil }  // "**Result of ..." is not a label
        if sep { return p }
        // A label alone on its line or heading; a single letter so only as a capital
        // ("## S", "R" over the outcome; no corpus answer has a line of one letter otherwise).
        if p == e, allowBare, !single || emphasis > 0 || capital { return p }
        if emphasis > 0, closed > 0, !single { return p }  // "**Task** I was asked ..."
        // "**S** I was a customer adviser": a bold letter before a capital ("**A** lot" is text).
        if emphasis > 0, closed > 0, single, capital, p > p0, p < e, b[p] >= 0x41, b[p] <= 0x5A { return p }
        return nil
    }

    private func scalarColumn(_ ls: Int, _ c: Int, _ b: [UInt8]) -> Int {
        1 + scalarCount(ls, c, b)
    }

    private func scalarCount(_ a: Int, _ e: Int, _ b: [UInt8]) -> Int {
        var n = 0
        var k = a
        while k < e {
            if b[k] & 0xC0 != 0x80 { n += 1 }
            k += 1
        }
        return n
    }

    private func trailingLetters(_ a: Int, _ e: Int, _ b: [UInt8]) -> String {
        var k = e
        while k > a, isASCIILetter(b[k - 1]) { k -= 1 }
        return String(decoding: b[k..<e], as: UTF8.self).lowercased()
    }

    private func hashBytes(_ a: Int, _ e: Int, _ b: [UInt8]) -> UInt64 {
        var h = fnvOffsetBasis
        for k in a..<e { h = fnvStep(h, b[k]) }
        return h
    }

    /// Length of a currency prefix ($, £, €, ¥) directly followed by a digit, else 0.
    private func isCurrencyStart(_ i: Int, _ to: Int, _ b: [UInt8]) -> Int {
        let c = b[i]
        var len = 0
        if c == 0x24 { len = 1 }
        else if c == 0xC2, i + 1 < to, b[i + 1] == 0xA3 || b[i + 1] == 0xA5 { len = 2 }
        else if c == 0xE2, i + 2 < to, b[i + 1] == 0x82, b[i + 2] == 0xAC { len = 3 }
        guard len > 0, i + len < to, b[i + len] >= 0x30, b[i + len] <= 0x39 else { return 0 }
        return len
    }

    // MARK: - Links

    /// Markdown links keep their text and lose their address: `[the guide](https://x.org/a.html)`
    /// reads "the guide"; images (`![a chart](img/c.png)`) go entirely. Replaced by spaces, so
    /// offsets and columns stay the file's, and the address's dots cannot end a sentence.
    static func blankLinkTargets(_ b: inout [UInt8]) {
        let n = b.count
        let has = b.withUnsafeBufferPointer { p -> Bool in
            guard let base = p.baseAddress, n > 0 else { return false }
            var k = 0
            while k < n, let hit = memchr(base + k, 0x5D, n - k) {
                k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if k + 1 < n, p[k + 1] == 0x28 { return true }
                k += 1
            }
            return false
        }
        if !has { return }
        var i = 0
        // Where the last search for a ")" stopped without one: a "](" before it stops there too,
        // so it is not searched again (a line of "[a](" repeated stays linear).
        var noCloseUntil = -1
        // The last search for each kind of title end (" ' )): where it began and where it stopped.
        var titleSearch: [(from: Int, stop: Int)] = [(Int.max, -1), (Int.max, -1), (Int.max, -1)]
        while i + 1 < n {
            guard b[i] == 0x5D, b[i + 1] == 0x28 else { i += 1; continue }
            // The "[" that opens the text, on the same line (the search stops at the last "]",
            // so each byte is passed once); the ")" that closes the address.
            var open = i - 1
            while open >= 0, b[open] != 0x5B, b[open] != 0x0A, b[open] != 0x5D { open -= 1 }
            guard open >= 0, b[open] == 0x5B, i + 2 > noCloseUntil else { i += 1; continue }
            // The address: `<...>`, or a run without spaces in which parentheses balance
            // ("/wiki/Foo_(bar)"), with spaces allowed around it; then an optional title in
            // quotes or parentheses ("... "Release dashboard")"), all on the line.
            var close = i + 2
            while close < n, b[close] == 0x20 { close += 1 }
            if close < n, b[close] == 0x3C {
                close += 1
                while close < n, b[close] != 0x3E, b[close] != 0x0A, b[close] != 0x3C { close += 1 }
                if close < n, b[close] == 0x3E { close += 1 }
            } else {
                var depth = 0
                while close < n, b[close] != 0x0A, b[close] != 0x20 {
                    if b[close] == 0x28 { depth += 1 } else if b[close] == 0x29 { if depth == 0 { break }; depth -= 1 }
                    close += 1
                }
            }
            var spaced = false
            while close < n, b[close] == 0x20 { close += 1; spaced = true }
            if spaced, close < n, b[close] == 0x22 || b[close] == 0x27 || b[close] == 0x28 {
                let end: UInt8 = b[close] == 0x28 ? 0x29 : b[close]
                // The first `end` or line break from here; a search that began earlier and
                // stopped at or past here found the same one, so a line of titles that never
                // close ("[a](x (" repeated) is searched once, not once per link.
                let slot = end == 0x22 ? 0 : end == 0x27 ? 1 : 2
                var t = close + 1
                if titleSearch[slot].from <= t, titleSearch[slot].stop >= t {
                    t = titleSearch[slot].stop
                } else {
                    let from = t
                    while t < n, b[t] != end, b[t] != 0x0A { t += 1 }
                    titleSearch[slot] = (from, t)
                }
                if t < n, b[t] == end {
                    close = t + 1
                    while close < n, b[close] == 0x20 { close += 1 }
                }
            }
            guard close < n, b[close] == 0x29 else { noCloseUntil = close; i += 1; continue }
            if open > 0, b[open - 1] == 0x21 {
                for k in (open - 1)...close { b[k] = 0x20 }
            } else {
                b[open] = 0x20
                for k in i...close { b[k] = 0x20 }
            }
            i = close + 1
        }
    }

    /// The end of the line holding `k` (its LF or CR, or the end of the text).
    static func lineEnd(_ b: [UInt8], from k: Int) -> Int {
        var e = k
        while e < b.count, b[e] != 0x0A, b[e] != 0x0D { e += 1 }
        return e
    }

    /// Where the front matter ends: the byte after its closing `---` or `...` line, as `run()`
    /// finds it (0 when the text opens with none, or never closes it).
    static func frontMatterEnd(_ b: [UInt8]) -> Int {
        let n = b.count
        func lineEnd(_ k: Int) -> Int { DocumentParser.lineEnd(b, from: k) }
        func next(_ e: Int) -> Int { e < n && b[e] == 0x0D && e + 1 < n && b[e + 1] == 0x0A ? e + 2 : e + 1 }
        func isClosing(_ s: Int, _ e: Int, _ c: UInt8) -> Bool {
            var t = e
            while t > s, b[t - 1] == 0x20 { t -= 1 }
            return t - s == 3 && b[s] == c && b[s + 1] == c && b[s + 2] == c
        }
        // The lines up to the first two with text that is not a `#` comment: where `run()`
        // looks for the opening.
        var lines: [(Int, Int)] = []
        var k = UTF8Check.byteOrderMarkLength(b)
        var filled = 0
        while k < n || lines.isEmpty {
            let end = lineEnd(k)
            lines.append((k, end))
            if let t = b[k..<end].firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), filled == 0 || b[t] != 0x23 { filled += 1 }
            if filled == 2 || end >= n { break }
            k = next(end)
        }
        guard let f = DocumentParser.frontMatterOpening(lines, b) else { return 0 }
        var e = lines[f].1
        guard isClosing(lines[f].0, e, 0x2D) else { return 0 }
        var s = next(e)
        while s < n {
            e = lineEnd(s)
            if isClosing(s, e, 0x2D) || isClosing(s, e, 0x2E) { return min(n, next(e)) }
            s = next(e)
        }
        return 0
    }

    /// Replaces markup that is not the answer's prose with spaces, so it is neither words nor
    /// sentences: inline HTML tags (`<br/>`, `<span class="x">`, `</b>`; the text between
    /// them stays) and autolinks (`<https://...>`), character references (`&mdash;`,
    /// `&#8212;`; `&amp;` keeps its `&`), link reference definitions (`[r0]: http://...
    /// "Title"`, the whole line),
    /// and footnote markers (`[^1]`, and `[^1]:` opening a footnote, whose text stays). (Setext
    /// underlines, `=====`, are the parser's: they make the line above a heading.) Each scan
    /// stops at the line's end or at the next `<`, so the pass is linear. Most answers hold
    /// none of `<`, `&` or `[`, and are not scanned.
    static func blankMarkup(_ b: inout [UInt8]) {
        let n = b.count
        guard n > 0 else { return }
        let present = b.withUnsafeBufferPointer { p -> Bool in
            let base = p.baseAddress!
            return memchr(base, 0x3C, n) != nil || memchr(base, 0x26, n) != nil || memchr(base, 0x5B, n) != nil
        }
        guard present else { return }
        func lineEnd(_ k: Int) -> Int { DocumentParser.lineEnd(b, from: k) }
        func blank(_ r: Range<Int>) { for k in r where b[k] != 0x0A && b[k] != 0x0D { b[k] = 0x20 } }
        /// Whether `[label]: destination "title"` fills the line from `k` to `le`.
        func referenceDefinition(_ k: Int, _ le: Int) -> Bool {
            var j = k + 1
            guard j < le, b[j] != 0x5E, b[j] != 0x5D else { return false }
            while j < le, b[j] != 0x5D, b[j] != 0x5B { j += 1 }
            guard j + 1 < le, b[j] == 0x5D, b[j + 1] == 0x3A else { return false }
            j += 2
            while j < le, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
            let dest = j
            var address = j < le && b[j] == 0x3C
            while j < le, b[j] != 0x20, b[j] != 0x09 {
                if b[j] == 0x2F || b[j] == 0x2E || b[j] == 0x3A || b[j] == 0x23 { address = true }
                j += 1
            }
            // An address has a '/', '.', ':' or '#' ("[Outcome]: Promoted" is a label and text).
            guard j > dest, address else { return false }
            while j < le, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
            if j < le, b[j] == 0x22 || b[j] == 0x27 || b[j] == 0x28 {
                let end: UInt8 = b[j] == 0x28 ? 0x29 : b[j]
                j += 1
                while j < le, b[j] != end { j += 1 }
                guard j < le else { return false }
                j += 1
                while j < le, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
            }
            return j == le
        }
        // Front matter is left to its own reading ("question: ... R&amp;D ..." is its text).
        var i = DocumentParser.frontMatterEnd(b)
        var lineStart = true
        while i < n {
            let c = b[i]
            if c == 0x0A || c == 0x0D { lineStart = true; i += 1; continue }
            if lineStart {
                lineStart = false
                var k = i, spaces = 0
                while k < n, b[k] == 0x20, spaces < 3 { k += 1; spaces += 1 }
                let le = lineEnd(k)
                if k < le, b[k] == 0x5B, referenceDefinition(k, le) { blank(k..<le); i = le; continue }
            }
            if c == 0x3C, i + 2 < n {
                // A tag (`<b>`, `</span>`, `<br/>`, `<a href="...">`) or an autolink.
                var j = i + 1
                if b[j] == 0x2F { j += 1 }
                if j < n, isASCIILetter(b[j]) {
                    while j < n, isASCIIAlnum(b[j]) || b[j] == 0x2D { j += 1 }
                    var end = -1
                    if j < n, b[j] == 0x3E { end = j + 1 } else if j + 1 < n, b[j] == 0x2F, b[j + 1] == 0x3E { end = j + 2 } else if j < n, b[j] == 0x3A || b[j] == 0x40 {
                        // The rest of an autolink's address (`<https://...>`, `<a@b.c>`): no spaces.
                        var t = j
                        while t < n, b[t] != 0x3E, b[t] != 0x3C, b[t] > 0x20 { t += 1 }
                        if t < n, b[t] == 0x3E { end = t + 1 }
                    } else if j < n, b[j] == 0x20 {
                        // Attributes as HTML writes them (`class="x"`, `href=/a`, `hidden`), then
                        // '>' or '/>': "<one hour, and ... >5%" is prose, not a tag.
                        var t = j
                        while true {
                            while t < n, b[t] == 0x20 { t += 1 }
                            guard t < n, isASCIILetter(b[t]) || b[t] == 0x5F || b[t] == 0x3A else { break }
                            while t < n, isASCIIAlnum(b[t]) || b[t] == 0x5F || b[t] == 0x3A || b[t] == 0x2E || b[t] == 0x2D { t += 1 }
                            guard t < n, b[t] == 0x3D else { continue }
                            t += 1
                            if t < n, b[t] == 0x22 || b[t] == 0x27 {
                                let q = b[t]
                                t += 1
                                while t < n, b[t] != q, b[t] != 0x0A { t += 1 }
                                guard t < n, b[t] == q else { break }
                                t += 1
                            } else {
                                let v = t
                                while t < n, b[t] > 0x20, b[t] != 0x22, b[t] != 0x27, b[t] != 0x3D, b[t] != 0x3C, b[t] != 0x3E, b[t] != 0x60 { t += 1 }
                                guard t > v else { break }
                            }
                        }
                        if t < n, b[t] == 0x3E { end = t + 1 } else if t + 1 < n, b[t] == 0x2F, b[t + 1] == 0x3E { end = t + 2 }
                    }
                    if end > 0 { blank(i..<end); i = end; continue }
                }
            } else if c == 0x26, i + 3 < n {
                // `&name;`, `&#123;`, `&#x1F;`.
                var j = i + 1
                if b[j] == 0x23 {
                    j += 1
                    if j < n, b[j] | 0x20 == 0x78 { j += 1 }
                }
                let start = j
                while j < n, j - start < 10, isASCIIAlnum(b[j]) { j += 1 }
                // A named one has two letters or more ("R&D;" is prose). "&amp;" (and "&#38;")
                // is an ampersand that a word processor or web form escaped: it keeps its "&",
                // which joins words ("5 days & keep ..."), and only the rest is blanked.
                if j - start >= (b[i + 1] == 0x23 ? 1 : 2), j < n, b[j] == 0x3B {
                    let name = b[start..<j]
                    let ampersand = name.elementsEqual("amp".utf8) || name.elementsEqual("AMP".utf8) || (b[i + 1] == 0x23 && name.elementsEqual("38".utf8))
                    blank((ampersand ? i + 1 : i)..<(j + 1))
                    i = j + 1
                    continue
                }
            } else if c == 0x5B, i + 2 < n, b[i + 1] == 0x5E {
                // A footnote marker `[^1]` (and the colon opening its text).
                var j = i + 2
                while j < n, j - i < 24, isASCIIAlnum(b[j]) || b[j] == 0x2D || b[j] == 0x5F { j += 1 }
                if j > i + 2, j < n, b[j] == 0x5D {
                    var end = j + 1
                    if end < n, b[end] == 0x3A { end += 1 }
                    blank(i..<end)
                    i = end
                    continue
                }
            }
            i += 1
        }
    }

    // MARK: - Comments and directives

    /// Replaces `<!-- ... -->` with spaces (keeping line breaks) and records starlint directives.
    static func blankComments(_ b: inout [UInt8], directives: inout [SuppressionDirective]) {
        let n = b.count
        // Most answers have no comment: then nothing changes and no line needs counting.
        let hasComment = b.withUnsafeBufferPointer { p -> Bool in
            var k = 0
            // Eight bytes at a time past any without a '<'.
            if let base = p.baseAddress {
                let raw = UnsafeRawPointer(base)
                while k + 8 <= n, Document.byteMask(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)), 0x3C) == 0 {
                    k += 8
                }
            }
            while k + 3 < n {
                if p[k] == 0x3C, p[k + 1] == 0x21, p[k + 2] == 0x2D, p[k + 3] == 0x2D { return true }
                k += 1
            }
            return false
        }
        if !hasComment { return }
        // One pass, left to right, as a Markdown reader meets them: a fence line opens code to
        // its closing fence; a run of backticks opens inline code to the next run of its length
        // on the line; `<!--` opens a comment to `-->`. Whichever starts first holds the
        // others: a fence or backtick inside a comment is the comment's text, and a comment
        // inside code is code (never a directive; inside inline code it is still blanked, so
        // `<!-- TODO -->` in backticks reads as it did).
        // A byte-order mark is no character of the first line (token columns skip it too).
        let bom = UTF8Check.byteOrderMarkLength(b)
        var i = bom
        var line = 1
        var lineStart = bom
        var atLineStart = true
        var countedTo = bom, countedColumn = 1
        var inFence = false
        var fenceMark: UInt8 = 0, fenceLength = 0
        // The backtick runs of one line, each with the index of the next run of its length.
        var runs: [(start: Int, length: Int)] = []
        var nextSame: [Int] = []
        var lastOfLength: [Int: Int] = [:]
        var runsLine = -1
        var runIndex = 0
        // A line ends at LF, CRLF or a lone CR, as in `run()`.
        func isLineBreak(_ k: Int) -> Bool { b[k] == 0x0A || (b[k] == 0x0D && (k + 1 == n || b[k + 1] != 0x0A)) }
        // The column of a comment's `<!--` at `k`: characters (UTF-8 lead bytes), as token
        // columns count them, counted on from the last comment on the same line, so many
        // comments on a line stay linear.
        func column(of k: Int) -> Int {
            if countedTo < lineStart { countedTo = lineStart; countedColumn = 1 }
            for x in countedTo..<k where b[x] & 0xC0 != 0x80 { countedColumn += 1 }
            countedTo = k
            return countedColumn
        }
        func lineEnd(_ k: Int) -> Int { DocumentParser.lineEnd(b, from: k) }
        func isCommentStart(_ k: Int) -> Bool { b[k] == 0x3C && k + 3 < n && b[k + 1] == 0x21 && b[k + 2] == 0x2D && b[k + 3] == 0x2D }
        while i < n {
            if atLineStart {
                atLineStart = false
                let le = lineEnd(i)
                var c = i
                while c < le, b[c] == 0x20 || b[c] == 0x09 { c += 1 }
                var run = 0
                if c < le, b[c] == 0x60 || b[c] == 0x7E {
                    while c + run < le, b[c + run] == b[c] { run += 1 }
                }
                if inFence {
                    if run >= 3, b[c] == fenceMark, run >= fenceLength { inFence = false }
                    i = le
                    continue
                }
                if run >= 3 {
                    inFence = true; fenceMark = b[c]; fenceLength = run
                    i = le
                    continue
                }
            }
            let c = b[i]
            if isLineBreak(i) { line += 1; i += 1; lineStart = i; atLineStart = true; continue }
            if c == 0x60 {
                if runsLine != lineStart {
                    runsLine = lineStart
                    runs.removeAll(keepingCapacity: true)
                    let le = lineEnd(lineStart)
                    var k = lineStart
                    while k < le {
                        if b[k] == 0x60 {
                            let s = k
                            while k < le, b[k] == 0x60 { k += 1 }
                            runs.append((s, k - s))
                        } else {
                            k += 1
                        }
                    }
                    nextSame = Array(repeating: -1, count: runs.count)
                    lastOfLength.removeAll(keepingCapacity: true)
                    for r in stride(from: runs.count - 1, through: 0, by: -1) {
                        nextSame[r] = lastOfLength[runs[r].length] ?? -1
                        lastOfLength[runs[r].length] = r
                    }
                    runIndex = 0
                }
                while runIndex < runs.count, runs[runIndex].start < i { runIndex += 1 }
                guard runIndex < runs.count, runs[runIndex].start == i else { i += 1; continue }
                let r = runIndex
                let m = nextSame[r]
                if m < 0 {
                    i += runs[r].length
                    runIndex = r + 1
                    continue
                }
                let end = runs[m].start + runs[m].length
                var k = i + runs[r].length
                scan: while k + 3 < end {
                    guard isCommentStart(k) else { k += 1; continue }
                    var close = k + 4
                    while close + 2 < end, !(b[close] == 0x2D && b[close + 1] == 0x2D && b[close + 2] == 0x3E) { close += 1 }
                    // No "-->" before the span ends: none for a later "<!--" in it either.
                    guard close + 2 < end else { break scan }
                    for x in k..<(close + 3) { b[x] = 0x20 }
                    k = close + 3
                }
                i = end
                runIndex = m + 1
                continue
            }
            if isCommentStart(i) {
                var j = i + 4
                var endLine = line
                var endLineStart = lineStart
                var terminated = false
                while j < n {
                    if j + 2 < n, b[j] == 0x2D, b[j + 1] == 0x2D, b[j + 2] == 0x3E { terminated = true; break }
                    if isLineBreak(j) { endLine += 1; endLineStart = j + 1 }
                    j += 1
                }
                // No "-->" anywhere after it: not a comment, so not a directive either. The
                // opener and the rest of its line are blanked (markup, not prose); the lines
                // after it are read. The rest of the file has no "-->", so stop looking.
                // A starlint directive so left open is reported: it suppresses nothing.
                guard terminated else {
                    if let open = unclosedDirective(b, from: i + 4, to: lineEnd(i)) {
                        directives.append(SuppressionDirective(kind: .unclosed, rules: [open], line: line, column: column(of: i)))
                    }
                    var k = i
                    while k < n, !isLineBreak(k), b[k] != 0x0D { b[k] = 0x20; k += 1 }
                    return
                }
                let end = j + 3
                // A directive whose "-->" is missing runs on to a later comment's: it is not
                // applied (its "rules" would be the prose between), only reported.
                var nested = i + 4
                while nested + 3 < j, !isCommentStart(nested) { nested += 1 }
                if nested + 3 < j, let open = unclosedDirective(b, from: i + 4, to: min(lineEnd(i), nested)) {
                    // The line its comment runs to goes with it: the text up to there is hidden.
                    directives.append(SuppressionDirective(kind: .unclosed, rules: [open, String(endLine)], line: line, column: column(of: i)))
                } else {
                    let inner = String(decoding: b[(i + 4)..<j], as: UTF8.self)
                    // disable-next-line refers to the line after the comment's last line.
                    if var d = parseDirective(inner, line: line, column: column(of: i)) {
                        if d.kind == .disableNextLine { d.line = endLine }
                        directives.append(d)
                    }
                }
                for k in i..<end where b[k] != 0x0A && b[k] != 0x0D { b[k] = 0x20 }
                line = endLine
                lineStart = endLineStart
                i = end
                continue
            }
            i += 1
        }
    }

    /// The text after an unclosed `<!--` on its line, trimmed and cut to 60 characters, when
    /// it starts as a directive does ("starlint-disable", "starlint-enable"); nil for any
    /// other comment (a note such as "starlint: see ...").
    static func unclosedDirective(_ b: [UInt8], from: Int, to: Int) -> String? {
        var s = from, e = to
        while s < e, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
        while e > s, b[e - 1] == 0x20 || b[e - 1] == 0x09 { e -= 1 }
        let text = String(decoding: b[s..<e], as: UTF8.self)
        let lower = text.lowercased()
        guard lower.hasPrefix("starlint-disable") || lower.hasPrefix("starlint-enable") else { return nil }
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }

    static func parseDirective(_ inner: String, line: Int, column: Int = 1) -> SuppressionDirective? {
        var parts = inner.split(whereSeparator: { $0.isWhitespace || $0 == "," })
        guard let head = parts.first else { return nil }
        // "starlint-disable filler -- quoting the customer": a reason after "--" names no rule.
        if let dashes = parts.firstIndex(where: { $0.hasPrefix("--") }) { parts.removeSubrange(dashes...) }
        guard let kind = SuppressionDirective.Kind(rawValue: String(head)), kind != .unknown else {
            // "starlint-disabel", "Starlint-disable", "starlint-disable:", "starlint_disable",
            // "starlint:disable", "starlint disable": a directive meant but misspelled, reported so
            // it does not silently do nothing. "starlint: reviewed" is a note.
            let lower = head.lowercased()
            guard lower.hasPrefix("starlint") else { return nil }
            var written = String(head)
            let rest = lower.dropFirst("starlint".count)
            if rest.hasPrefix("-") || rest.hasPrefix("_") {
                // a misspelled name
            } else if rest.isEmpty || rest == ":" {
                guard parts.count > 1, ["disable", "enable"].contains(where: { parts[1].lowercased().hasPrefix($0) }) else { return nil }
                written += " " + parts[1]
            } else if rest.hasPrefix(":") {
                guard ["disable", "enable"].contains(where: { rest.dropFirst().hasPrefix($0) }) else { return nil }
            } else {
                return nil
            }
            return SuppressionDirective(kind: .unknown, rules: [written], line: line, column: column)
        }
        // The reason: the comment's own words after "--", spaces at the ends and line breaks
        // folded (a comment may run over lines).
        var reason: String?
        let u = inner.utf8
        if let dash = u.indices.first(where: { u[$0] == 0x2D && u.index(after: $0) < u.endIndex && u[u.index(after: $0)] == 0x2D }) {
            let words = inner[u.index(dash, offsetBy: 2)...].split(whereSeparator: \.isWhitespace)
            if !words.isEmpty { reason = words.joined(separator: " ") }
        }
        return SuppressionDirective(kind: kind, rules: parts.dropFirst().map(String.init), line: line, column: column, reason: reason)
    }
}

// MARK: - Byte classification

/// Extends a run of lower-case ASCII letters from `start` to the first other byte (or `to`),
/// hashing each letter into `hash`: the end of the run and the hash.
@inline(__always) func lowerCaseRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to: Int, hash: UInt64) -> (end: Int, hash: UInt64) {
    var k = start, h = hash
    while k < to {
        let d = bytes[k]
        if d &- 0x61 >= 26 { break }
        h = fnvStep(h, d)
        k += 1
    }
    return (k, h)
}
@inline(__always) func isASCIILetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
@inline(__always) func isASCIIAlnum(_ c: UInt8) -> Bool { isASCIILetter(c) || (c >= 0x30 && c <= 0x39) }
@inline(__always) func utf8Length(_ lead: UInt8) -> Int {
    if lead < 0x80 { return 1 }
    if lead < 0xE0 { return 2 }
    if lead < 0xF0 { return 3 }
    return 4
}

@inline(__always)
func decodeScalar(at i: Int, _ b: [UInt8], _ len: Int) -> UInt32 {
    switch len {
    case 2: return (UInt32(b[i] & 0x1F) << 6) | UInt32(b[i + 1] & 0x3F)
    case 3: return (UInt32(b[i] & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F)
    case 4: return (UInt32(b[i] & 0x07) << 18) | (UInt32(b[i + 1] & 0x3F) << 12) | (UInt32(b[i + 2] & 0x3F) << 6) | UInt32(b[i + 3] & 0x3F)
    default: return UInt32(b[i])
    }
}

/// Letters outside ASCII (accented Latin, Greek, Cyrillic, CJK ...) count as word characters;
/// general punctuation, symbols, arrows, dingbats and emoji do not.
func isWordScalar(at i: Int, _ b: [UInt8]) -> Bool {
    let len = min(utf8Length(b[i]), b.count - i)
    let s = decodeScalar(at: i, b, len)
    switch s {
    case 0x00A0...0x00BF, 0x00D7, 0x00F7: return false
    case 0x2000...0x2BFF: return false
    case 0x3000...0x303F: return false
    case 0xFE00...0xFE0F, 0xFEFF: return false
    // Full-width punctuation (its letters and digits are word scalars).
    case 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65: return false
    case 0x1F000...0x1FAFF: return false
    case 0xE0000...0xE007F: return false
    default: return s >= 0x00C0
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
