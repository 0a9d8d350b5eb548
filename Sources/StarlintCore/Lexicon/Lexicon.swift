import StarlintLexicons

/// Categories of phrases matched over tokens in one pass.
public enum PhraseCategory: UInt8, Sendable, CaseIterable {
    case filler, hedge, weakVerb, vagueResult
    case cueSituation, cueTask, cueAction, cueResult, cueOther
    case change, multiplier

    static func cue(_ label: StarLabel) -> PhraseCategory {
        switch label {
        case .situation: .cueSituation
        case .task: .cueTask
        case .action: .cueAction
        case .result: .cueResult
        case .other: .cueOther
        }
    }
}

/// A condition on the token before or after a phrase.
struct PhraseCondition: Sendable {
    var before: Bool
    var negate: Bool
    var values: Set<UInt64>
}

/// One lexicon entry, pre-tokenized into hashes.
public struct PhraseEntry: Sendable {
    public var category: PhraseCategory
    public var text: String
    public var suggestion: String
    var hashes: [UInt64]
    var conditions: [PhraseCondition]
}

/// A lexicon phrase found in a sentence.
public struct PhraseMatch: Sendable {
    public var entry: Int32
    /// Token range (indices into `Document.tokens`).
    public var start: Int32
    public var end: Int32
}

let sentenceStartHash: UInt64 = 1
let sentenceEndHash: UInt64 = 2
let commaHash = fnvStep(fnvOffsetBasis, 0x2C)

/// All phrase lexicons in one table: first-token hash -> entries.
public struct PhraseTable: Sendable {
    public private(set) var entries: [PhraseEntry] = []
    private var byFirst: [UInt64: [Int32]] = [:]

    mutating func add(_ entry: PhraseEntry) {
        guard let first = entry.hashes.first else { return }
        byFirst[first, default: []].append(Int32(entries.count))
        entries.append(entry)
    }

    /// Every match inside the token range, in token order.
    func matches(in doc: Document, tokens range: Range<Int>, into out: inout [PhraseMatch]) {
        let toks = doc.tokens
        var i = range.lowerBound
        while i < range.upperBound {
            if let cands = byFirst[toks[i].hash] {
                for c in cands {
                    let e = entries[Int(c)]
                    let n = e.hashes.count
                    guard i + n <= range.upperBound else { continue }
                    var ok = true
                    var k = 1
                    while k < n {
                        if toks[i + k].hash != e.hashes[k] { ok = false; break }
                        k += 1
                    }
                    guard ok else { continue }
                    if !e.conditions.isEmpty {
                        let prev = i > range.lowerBound ? toks[i - 1].hash : sentenceStartHash
                        let next = i + n < range.upperBound ? toks[i + n].hash : sentenceEndHash
                        for cond in e.conditions {
                            let v = cond.before ? prev : next
                            if cond.values.contains(v) == cond.negate { ok = false; break }
                        }
                    }
                    if ok { out.append(PhraseMatch(entry: c, start: Int32(i), end: Int32(i + n))) }
                }
            }
            i += 1
        }
    }
}

/// Everything data-driven: word lists, cues, rubric and model.
public struct Lexicon: Sendable {
    public var text: TextLexicon
    public var phrases: PhraseTable
    public var rubric: Rubric
    public var model: SentenceModel
    /// Hashes of words that count as numbers when spelled out ("two", "twelve").
    var numberWords: Set<UInt64>
    /// Words the user allows (from config): never reported as filler or hedge.
    public var allowed: Set<UInt64> = []

    /// The lexicons compiled into the binary.
    public static let bundled: Lexicon = {
        do {
            return try Lexicon(files: BundledLexiconSource())
        } catch {
            fatalError("bundled lexicons are invalid: \(error)")
        }
    }()

    /// Lexicons from `directory`; files missing there come from the bundled set.
    public static func load(directory: String) throws(StarlintError) -> Lexicon {
        guard FileIO.isDirectory(directory) else {
            throw .lexicons(path: directory, problem: "not a directory")
        }
        return try Lexicon(files: DirectoryLexiconSource(directory: directory))
    }

    init(files: some LexiconSource) throws(StarlintError) {
        let abbreviations = try LexiconFile.lines(files.bytes("abbreviations.txt"), name: "abbreviations.txt").map { $0.text }
        var partLabels: [(String, StarLabel)] = []
        for line in try LexiconFile.lines(files.bytes("part-labels.txt"), name: "part-labels.txt") {
            guard let sp = line.text.firstIndex(of: " "), let label = StarLabel(letter: line.text.first!) else {
                throw .lexicons(path: "part-labels.txt:\(line.number)", problem: "expected 'LABEL alias'")
            }
            partLabels.append((String(line.text[line.text.index(after: sp)...]), label))
        }
        text = TextLexicon(abbreviations: abbreviations, partLabels: partLabels)
        var table = PhraseTable()
        for (name, cat) in [("fillers.txt", PhraseCategory.filler), ("hedges.txt", .hedge), ("weak-verbs.txt", .weakVerb), ("vague-result.txt", .vagueResult)] {
            for line in try LexiconFile.lines(files.bytes(name), name: name) {
                table.add(try LexiconFile.entry(line, category: cat, file: name))
            }
        }
        for line in try LexiconFile.lines(files.bytes("cues.txt"), name: "cues.txt") {
            guard let label = StarLabel(letter: line.text.first!), line.text.dropFirst().first == " " else {
                throw .lexicons(path: "cues.txt:\(line.number)", problem: "expected 'LABEL phrase'")
            }
            let phrase = String(line.text.dropFirst(2))
            table.add(PhraseEntry(category: .cue(label), text: phrase, suggestion: "", hashes: LexiconFile.hashes(phrase), conditions: []))
        }
        for var line in try LexiconFile.lines(files.bytes("change-verbs.txt"), name: "change-verbs.txt") {
            let mult = line.text.hasPrefix("*")
            if mult { line.text.removeFirst() }
            table.add(try LexiconFile.entry(line, category: mult ? .multiplier : .change, file: "change-verbs.txt"))
        }
        phrases = table
        rubric = try Rubric(bytes: files.bytes("rubric.txt"))
        model = try SentenceModel(bytes: files.bytes("model.txt"))
        numberWords = Set(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                           "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "hundred", "thousand", "million", "dozen",
                           "zero", "half", "twice"].map { normalizedHash($0) })
    }

    /// Adds user words (from config) to the filler or hedge list.
    public mutating func addPhrases(_ phrases: [String], category: PhraseCategory, suggestion: String) {
        for p in phrases where !p.isEmpty {
            self.phrases.add(PhraseEntry(category: category, text: p.lowercased(), suggestion: suggestion, hashes: LexiconFile.hashes(p), conditions: []))
        }
    }

    /// Words never reported as filler, hedge or weak verb.
    public mutating func allow(_ words: [String]) {
        for w in words { allowed.insert(LexiconFile.phraseKey(w)) }
    }
}

protocol LexiconSource {
    func bytes(_ name: String) throws(StarlintError) -> [UInt8]
}

struct BundledLexiconSource: LexiconSource {
    func bytes(_ name: String) throws(StarlintError) -> [UInt8] {
        guard let b = BundledLexicons.files[name] else { throw .lexicons(path: name, problem: "not bundled") }
        return b
    }
}

struct DirectoryLexiconSource: LexiconSource {
    var directory: String
    func bytes(_ name: String) throws(StarlintError) -> [UInt8] {
        let path = directory + "/" + name
        guard FileIO.exists(path) else { return try BundledLexiconSource().bytes(name) }
        do {
            return try FileIO.read(path, limit: 64 << 20)
        } catch {
            throw .lexicons(path: path, problem: "cannot be read")
        }
    }
}

enum LexiconFile {
    struct Line {
        var number: Int
        var text: String
    }

    static func lines(_ bytes: [UInt8], name: String) throws(StarlintError) -> [Line] {
        var out: [Line] = []
        for (k, raw) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var s = Substring(raw)
            if let hash = s.firstIndex(of: "#"), s[..<hash].allSatisfy({ $0 == " " }) { s = s[..<hash] }
            let t = String(s).trimmingSpaces().replacingCR()
            if !t.isEmpty { out.append(Line(number: k + 1, text: t)) }
        }
        return out
    }

    /// Parses `phrase | conditions | suggestion`.
    static func entry(_ line: Line, category: PhraseCategory, file: String) throws(StarlintError) -> PhraseEntry {
        let parts = line.text.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
        guard let phrase = parts.first, !phrase.isEmpty else {
            throw .lexicons(path: "\(file):\(line.number)", problem: "empty phrase")
        }
        var conditions: [PhraseCondition] = []
        if parts.count > 1 {
            for c in parts[1].split(separator: " ") {
                var s = Substring(c)
                let negate = s.hasPrefix("!")
                if negate { s = s.dropFirst() }
                let before: Bool
                if s.hasPrefix("prev=") { before = true } else if s.hasPrefix("next=") { before = false } else {
                    throw .lexicons(path: "\(file):\(line.number)", problem: "unknown condition '\(c)'")
                }
                var values: Set<UInt64> = []
                let list = s.dropFirst(5)
                // A lone "," is the comma token; otherwise commas separate values.
                let items: [Substring] = list == "," ? [","] : list.split(separator: ",")
                for v in items {
                    switch v {
                    case "^": values.insert(sentenceStartHash)
                    case "$": values.insert(sentenceEndHash)
                    default: values.insert(normalizedHash(v))
                    }
                }
                conditions.append(PhraseCondition(before: before, negate: negate, values: values))
            }
        }
        return PhraseEntry(category: category, text: phrase, suggestion: parts.count > 2 ? parts[2] : "", hashes: hashes(phrase), conditions: conditions)
    }

    static func hashes(_ phrase: String) -> [UInt64] {
        phrase.split(separator: " ").map { normalizedHash($0) }
    }

    /// One key for a whole phrase (for allow-lists).
    static func phraseKey(_ phrase: String) -> UInt64 {
        hashes(phrase.lowercased()).reduce(fnvOffsetBasis) { combineHash($0, $1) }
    }
}

extension String {
    func replacingCR() -> String {
        guard contains("\r") else { return self }
        return String(filter { $0 != "\r" })
    }
}
