import StarlintLexicons
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Categories of phrases matched over tokens in one pass.
public enum PhraseCategory: UInt8, Sendable, CaseIterable {
    case filler, hedge, weakVerb, vagueResult
    case cueSituation, cueTask, cueAction, cueResult, cueOther
    case change, multiplier
    /// Cue phrases that are not a part of their own: a stated aim ("in five years I'd like
    /// to"), and owning the problem ("it was on me"); both mostly mark a Task.
    case goal, ownership
    /// A subject that makes the team the one who acted ("the team", "everyone", "my team and
    /// I"): team-subjects.txt, read by the ownership rule.
    case teamSubject
    /// A step or outcome worded so generally it could be in anyone's answer ("analysed the
    /// problem", "created a plan"): stock-phrases.txt, read by the stock-phrase rule.
    case stockPhrase
    /// Office and CV jargon ("spearheaded", "leveraged", "drove alignment"): jargon.txt,
    /// read by the jargon rule.
    case jargon
    /// Common misspellings ("recieved", "seperate"): misspellings.txt, read by the spelling
    /// rule; the entry's suggestion is the word spelt right.
    case misspelling

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
    /// Which token it looks at: -2 two before the phrase, -1 the one before, 1 the one after,
    /// `PhraseCondition.later` any after it to the sentence's end, `PhraseCondition.earlier`
    /// any before it in its clause (back to the sentence's start, a comma, semicolon or colon,
    /// or a word that starts a clause: `clauseJoins`).
    var offset: Int8
    static let later: Int8 = 2
    static let earlier: Int8 = -3
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

    /// Words in the phrase ("you know": 2).
    var wordCount: Int { hashes.count }
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
/// `#` in a condition: a figure written in digits ("20", "3.5", "40%").
let figureHash: UInt64 = 3
let commaHash = fnvStep(fnvOffsetBasis, 0x2C)

/// All phrase lexicons in one table: a trie over token hashes.
///
/// The lookup runs for every token of every answer, so it works on flat arrays: the trie's
/// edges sit in one open-addressing table keyed by (node, token hash), using the hashes the
/// tokenizer already computed, and each node lists the entries that end there in the order
/// they were added. From each token the matcher walks down the trie as far as the tokens
/// go, so it never compares a phrase that shares only its first word.
public struct PhraseTable: Sendable {
    public private(set) var entries: [PhraseEntry] = []

    /// A condition with its values in `conditionValues` (a short list: membership is all
    /// that is asked of it, as of the `Set` it comes from).
    struct Condition: Sendable {
        var offset: Int8
        var negate: Bool
        var valueStart: Int32
        var valueCount: Int32
    }

    /// Trie edges; node 0 is the root.
    private var edges = TrieEdges()
    private var nodeCount: Int32 = 1
    /// Entries ending at each node: a chain through `nextAtNode`, in the order added.
    private var firstAtNode: [Int32] = [-1]
    private var lastAtNode: [Int32] = [-1]
    private var nextAtNode: [Int32] = []
    /// Per entry: its conditions' range in `conditions`.
    private var conditionStart: [Int32] = []
    private var conditionCount: [Int32] = []
    private var conditions: [Condition] = []
    private var conditionValues: [UInt64] = []

    mutating func add(_ entry: PhraseEntry) {
        guard !entry.hashes.isEmpty else { return }
        let id = Int32(entries.count)
        conditionStart.append(Int32(conditions.count))
        conditionCount.append(Int32(entry.conditions.count))
        for cond in entry.conditions {
            conditions.append(Condition(offset: cond.offset, negate: cond.negate,
                                        valueStart: Int32(conditionValues.count), valueCount: Int32(cond.values.count)))
            conditionValues.append(contentsOf: cond.values)
        }
        var node: Int32 = 0
        for h in entry.hashes {
            let child = edges.find(node, h)
            if child >= 0 {
                node = child
            } else {
                let new = nodeCount
                nodeCount += 1
                firstAtNode.append(-1)
                lastAtNode.append(-1)
                edges.insert(node, h, new)
                node = new
            }
        }
        nextAtNode.append(-1)
        if lastAtNode[Int(node)] >= 0 {
            nextAtNode[Int(lastAtNode[Int(node)])] = id
        } else {
            firstAtNode[Int(node)] = id
        }
        lastAtNode[Int(node)] = id
        entries.append(entry)
    }

    /// Every match inside the token range, in token order (and, at one token, in the order
    /// the entries were added).
    func matches(in doc: Document, tokens range: Range<Int>, into out: inout [PhraseMatch]) {
        let lower = range.lowerBound, upper = range.upperBound
        guard lower < upper else { return }
        doc.tokens.withUnsafeBufferPointer { toks in
            edges.withLookup { edges in
                firstAtNode.withUnsafeBufferPointer { firstAtNode in
                    nextAtNode.withUnsafeBufferPointer { nextAtNode in
                        conditionCount.withUnsafeBufferPointer { conditionCount in
                            var i = lower
                            while i < upper {
                                var node = edges.find(0, toks[i].hash)
                                if node >= 0 {
                                    let before = out.count
                                    var end = i + 1
                                    while true {
                                        var id = firstAtNode[Int(node)]
                                        while id >= 0 {
                                            var ok = true
                                            if conditionCount[Int(id)] > 0 {
                                                let prev = i > lower ? toks[i - 1].hash : sentenceStartHash
                                                let prev2 = i - 1 > lower ? toks[i - 2].hash : i > lower ? sentenceStartHash : 0
                                                let after = end < upper ? toks[end].hash : sentenceEndHash
                                                let figureAfter = end < upper && toks[end].kind == .number
                                                ok = conditionsHold(Int(id), prev2: prev2, prev: prev, next: after, nextIsFigure: figureAfter) { v, later in
                                                    // `later=`: any token after the phrase, to the sentence's end;
                                                    // `earlier=`: any before it in its clause, back to the
                                                    // sentence's start, the nearest comma, semicolon or colon,
                                                    // or a word that starts a clause ("and", "but", "so" ...).
                                                    if later {
                                                        var k = end
                                                        while k < upper { if v(toks[k].hash) { return true }; k += 1 }
                                                        return false
                                                    }
                                                    var k = i - 1
                                                    while k >= lower {
                                                        let t = toks[k]
                                                        if t.kind == .punctuation, t.flags.contains(.comma) || t.hash == Self.semicolonHash || t.hash == Self.colonHash { return false }
                                                        if Self.clauseJoins.contains(t.hash) { return false }
                                                        if v(t.hash) { return true }
                                                        k -= 1
                                                    }
                                                    return false
                                                }
                                            }
                                            if ok { out.append(PhraseMatch(entry: id, start: Int32(i), end: Int32(end))) }
                                            id = nextAtNode[Int(id)]
                                        }
                                        guard end < upper else { break }
                                        node = edges.find(node, toks[end].hash)
                                        guard node >= 0 else { break }
                                        end += 1
                                    }
                                    if out.count - before > 1 { Self.sortByEntry(&out, from: before) }
                                }
                                i += 1
                            }
                        }
                    }
                }
            }
        }
    }

    static let semicolonHash = normalizedHash(";"), colonHash = normalizedHash(":")
    /// Words that start a clause of their own: `earlier=` looks back no further than one.
    static let clauseJoins: Set<UInt64> = Set(["and", "but", "so", "because", "then", "which", "when", "while", "although", "though"].map { normalizedHash($0) })

    /// Orders `out[from...]` (matches at one token, found shortest first) by entry index.
    private static func sortByEntry(_ out: inout [PhraseMatch], from: Int) {
        var k = from + 1
        while k < out.count {
            let m = out[k]
            var j = k
            while j > from, out[j - 1].entry > m.entry {
                out[j] = out[j - 1]
                j -= 1
            }
            out[j] = m
            k += 1
        }
    }

    /// Whether every condition of entry `id` holds, given the tokens around the phrase (in
    /// order, stopping at the first that fails).
    /// `anyAround(isValue, later)` tells whether a token after the phrase, to the sentence's end
    /// (`later`), or before it in its clause, is one a `later=` or `earlier=` condition names.
    private func conditionsHold(_ id: Int, prev2: UInt64, prev: UInt64, next: UInt64, nextIsFigure: Bool,
                                anyAround: ((UInt64) -> Bool, Bool) -> Bool) -> Bool {
        let start = Int(conditionStart[id])
        for ci in start..<(start + Int(conditionCount[id])) {
            let cond = conditions[ci]
            let values = Int(cond.valueStart)..<Int(cond.valueStart + cond.valueCount)
            func isValue(_ h: UInt64) -> Bool { values.contains { conditionValues[$0] == h } }
            let found = cond.offset == PhraseCondition.later ? anyAround(isValue, true)
                : cond.offset == PhraseCondition.earlier ? anyAround(isValue, false)
                : isValue(cond.offset == 1 ? next : cond.offset == -1 ? prev : prev2) || (cond.offset == 1 && nextIsFigure && isValue(figureHash))
            if found == cond.negate { return false }
        }
        return true
    }
}

/// The phrase trie's edges: (parent node, token hash) -> child node, open addressing with
/// linear probing. Both parts of the key are compared, so distinct edges never collide.
/// Nearly every token of an answer starts no phrase; a bit filter (8 bits per edge, one set
/// per edge) answers most of those lookups from a few KB in the L1 cache instead of a probe
/// into the slots (with the typing-slip variants of the cue words, some hundreds of KB).
struct TrieEdges: Sendable {
    struct Slot: Sendable {
        var hash: UInt64
        var parent: Int32
        /// -1 marks an empty slot.
        var child: Int32
    }

    private var slots: [Slot] = Array(repeating: Slot(hash: 0, parent: 0, child: -1), count: 16)
    private var count = 0
    /// Bit `filterIndex(parent, hash)` is set for every edge; 4 bits per slot.
    private var filter: [UInt64] = [0]
    private var filterShift: UInt64 = 58

    @inline(__always)
    static func filterIndex(_ parent: Int32, _ hash: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((hash &+ UInt64(UInt32(bitPattern: parent))) &* 0xD6E8_FEB8_6659_FD93) &>> shift)
    }

    @inline(__always)
    static func index(_ parent: Int32, _ hash: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((hash ^ (UInt64(UInt32(bitPattern: parent)) &* 0xD6E8_FEB8_6659_FD93)) &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    mutating func insert(_ parent: Int32, _ hash: UInt64, _ child: Int32) {
        if (count + 1) * 2 > slots.count {
            let old = slots
            slots = Array(repeating: Slot(hash: 0, parent: 0, child: -1), count: old.count * 2)
            filter = Array(repeating: 0, count: slots.count * 4 / 64)
            filterShift = UInt64(64 - (slots.count * 4).trailingZeroBitCount)
            count = 0
            for s in old where s.child >= 0 { insert(s.parent, s.hash, s.child) }
        }
        let mask = slots.count - 1
        let shift = UInt64(64 - slots.count.trailingZeroBitCount)
        var i = Self.index(parent, hash, shift: shift)
        while slots[i].child >= 0 {
            if slots[i].parent == parent && slots[i].hash == hash { slots[i].child = child; return }
            i = (i + 1) & mask
        }
        slots[i] = Slot(hash: hash, parent: parent, child: child)
        count += 1
        let f = Self.filterIndex(parent, hash, shift: filterShift)
        filter[f >> 6] |= 1 << UInt64(f & 63)
    }

    func find(_ parent: Int32, _ hash: UInt64) -> Int32 {
        withLookup { $0.find(parent, hash) }
    }

    /// Runs `body` with the edges' storage pinned, for many lookups in a loop.
    @inline(__always)
    func withLookup<R>(_ body: (Lookup) -> R) -> R {
        slots.withUnsafeBufferPointer { s in
            filter.withUnsafeBufferPointer { f in
                body(Lookup(slots: s, filter: f, filterShift: filterShift))
            }
        }
    }

    /// The edges' storage, valid inside `withLookup`.
    struct Lookup {
        let slots: UnsafeBufferPointer<Slot>
        let filter: UnsafeBufferPointer<UInt64>
        let filterShift: UInt64

        /// The child of `parent` along `hash`, or -1.
        @inline(__always)
        func find(_ parent: Int32, _ hash: UInt64) -> Int32 {
            let f = TrieEdges.filterIndex(parent, hash, shift: filterShift)
            if filter[f >> 6] & (1 << UInt64(f & 63)) == 0 { return -1 }
            let mask = slots.count - 1
            let shift = UInt64(64 - slots.count.trailingZeroBitCount)
            var i = TrieEdges.index(parent, hash, shift: shift)
            while true {
                let s = slots[i]
                if s.child < 0 { return -1 }
                if s.hash == hash && s.parent == parent { return s.child }
                i = (i + 1) & mask
            }
        }
    }
}

/// A set of token hashes that also keeps them as a `HashKeyTable` (value 1), built once:
/// the fact pass asks for that table for every answer.
struct HashKeySet: Sendable, Sequence {
    private let keys: Set<UInt64>
    /// Every key with value 1.
    let table: HashKeyTable

    init<S: Sequence>(_ keys: S) where S.Element == UInt64 {
        self.keys = Set(keys)
        table = HashKeyTable(keys: self.keys, value: 1)
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool { table.find(key) >= 0 }

    func makeIterator() -> Set<UInt64>.Iterator { keys.makeIterator() }
    var underestimatedCount: Int { keys.count }
}

/// Everything data-driven: word lists, cues, rubric and model.
public struct Lexicon: Sendable {
    public var text: TextLexicon
    public var phrases: PhraseTable
    public var rubric: Rubric
    public var model: SentenceModel
    /// Hashes of words that count as numbers when spelled out ("two", "twelve").
    var numberWords: HashKeySet
    /// misspellings.txt's entries by their word's hash: the `spelling` rule looks up the
    /// parts of a longer token with them ("well-recieved", "the comittee's"), which the
    /// phrase table, matching whole tokens, does not see.
    var misspellings: [UInt64: PhraseEntry] = [:]
    /// Words the user allows (from config): never reported as filler or hedge.
    public var allowed: Set<UInt64> = []

    /// Whether the user allows entry `e`'s phrase (`allowed`): no rule reports it.
    func allows(_ e: PhraseEntry) -> Bool {
        !allowed.isEmpty && allowed.contains(e.hashes.reduce(fnvOffsetBasis) { combineHash($0, $1) })
    }

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
            throw .lexicons(path: directory, problem: FileIO.exists(directory) ? "not a folder" : "no such folder")
        }
        return try Lexicon(files: DirectoryLexiconSource(directory: directory))
    }

    /// Lexicons from `directory` (nil: the bundled set) with `model` in place of `model.txt`:
    /// what the lexicons would be once a newly trained model is written and built in.
    public static func load(directory: String?, model: [UInt8]) throws(StarlintError) -> Lexicon {
        if let directory {
            return try Lexicon(files: ModelOverrideSource(base: DirectoryLexiconSource(directory: directory), model: model))
        }
        return try Lexicon(files: ModelOverrideSource(base: BundledLexiconSource(), model: model))
    }

    init(files: some LexiconSource) throws(StarlintError) {
        // The model's feature lines are parsed on a thread of their own while the word lists are
        // read and parsed here. The model (3.7 MB of text) is about half of `starlint score`'s
        // start-up and the lists most of the rest; the typing slips below need both (the
        // model's vocabulary tells a slip from a real word).
        let (lists, parsedModel) = try Self.inParallel({ () throws(StarlintError) in try Lists(files) }, { () throws(StarlintError) in
            try files.withModelBytes { (b) throws(StarlintError) in try SentenceModel(buffer: b) }
        })
        model = parsedModel
        let vocabulary = parsedModel
        let notTypos = lists.notTypos
        func isWord(_ w: String) -> Bool {
            let h = normalizedHash(w)
            return notTypos.contains(h) || vocabulary.hasWord(h)
        }
        var secondLabels = lists.secondLabels
        var labelSlips: [(String, StarLabel)] = []
        for (alias, label) in lists.partLabels where !alias.contains(" ") {
            // A label needs its colon (or a line of its own), so four-letter ones slip too
            // ("Taks:"), a dropped letter as well ("Tsk:"), but to three letters only with no
            // vowel left: "Gal:" and "Tak:" are names a transcript gives its speakers.
            for v in Typo.variants(of: alias, minimumLength: 4, shortest: 3)
            where !isWord(v) && (v.count > 3 || !v.contains(where: { "aeiouy".contains($0) })) {
                labelSlips.append((v, label))
                if let second = secondLabels[alias] { secondLabels[v] = second }
            }
        }
        text = TextLexicon(abbreviations: lists.abbreviations, partLabels: lists.partLabels + labelSlips, secondLabels: secondLabels)
        text.greetings = lists.greetings
        text.signOffs = lists.signOffs
        text.closings = lists.closings
        text.setPartHeadingWords(nouns: lists.headingNouns, verbs: lists.headingVerbs, alone: lists.headingAlone, none: lists.headingNone)
        text.numberNames = lists.numberNames
        var table = PhraseTable()
        for entry in lists.findingEntries { table.add(entry) }
        // Cues and change words match with their typing slips too.
        for entry in lists.cueEntries + lists.changeEntries {
            table.add(entry)
            for slip in Typo.entries(entry, isWord: isWord) { table.add(slip) }
        }
        phrases = table
        for e in table.entries where e.category == .misspelling && e.hashes.count == 1 { misspellings[e.hashes[0]] = e }
        rubric = try Rubric(bytes: files.bytes("rubric.txt"))
        numberWords = HashKeySet(Self.numberWordList.map { normalizedHash($0) })
    }

    /// Runs `first` here and `second` on a thread of its own at the same time, and gives both
    /// results; the first's error wins. (`DispatchQueue.concurrentPerform` ran both on the
    /// calling thread at start-up on Linux, hence a thread of our own.)
    static func inParallel<A, B>(_ first: () throws(StarlintError) -> A, _ second: () throws(StarlintError) -> B) throws(StarlintError) -> (A, B) {
        let b = UnsafeMutablePointer<Result<B, StarlintError>>.allocate(capacity: 1)
        defer { b.deinitialize(count: 1).deallocate() }
        let a = withoutActuallyEscaping(second) { second in
            // The thread is joined before `second` goes out of scope, and it releases its
            // work (the closure) before it ends.
            let work = ThreadWork { b.initialize(to: Result { () throws(StarlintError) in try second() }) }
            let thread = ThreadWork.start(work)
            let a = Result { () throws(StarlintError) in try first() }
            if let thread { ThreadWork.join(thread) } else { work.run() }
            return a
        }
        return (try a.get(), try b.pointee.get())
    }

    /// The word lists of a lexicon set, parsed: everything but the model and the rubric,
    /// and before the typing slips, which need the model.
    struct Lists {
        var abbreviations: [String]
        var partLabels: [(String, StarLabel)] = []
        /// "S/T challenge": a name for two parts (a sentence under it may be either).
        var secondLabels: [String: StarLabel] = [:]
        var notTypos: Set<UInt64>
        var greetings: Set<UInt64> = [], signOffs: Set<UInt64> = [], closings: Set<UInt64> = []
        var headingNouns: [UInt64: StarLabel] = [:], headingAlone: [UInt64: StarLabel] = [:], headingVerbs: [UInt64: StarLabel] = [:]
        var headingNone: Set<UInt64> = []
        var numberNames: Set<UInt64> = []
        /// Fillers, hedges, weak verbs, vague results, team subjects, stock phrases, jargon and
        /// misspellings, in that order: phrases that become findings, matched as written.
        var findingEntries: [PhraseEntry] = []
        var cueEntries: [PhraseEntry] = []
        var changeEntries: [PhraseEntry] = []

        init(_ files: some LexiconSource) throws(StarlintError) {
            func lines(_ name: String) throws(StarlintError) -> [LexiconFile.Line] {
                try LexiconFile.lines(files.bytes(name), name: name)
            }
            abbreviations = try lines("abbreviations.txt").map { $0.text }
            for line in try lines("part-labels.txt") {
                guard let sp = line.text.firstIndex(of: " "), let label = StarLabel(letter: line.text.first!) else {
                    throw .lexicons(path: "part-labels.txt:\(line.number)", problem: "expected 'LABEL alias' or 'LABEL/LABEL alias'")
                }
                let head = line.text[..<sp], alias = String(line.text[line.text.index(after: sp)...])
                if head.count == 3, head.dropFirst().first == "/", let second = StarLabel(letter: head.last!), second != label, second != .other, label != .other {
                    secondLabels[alias] = second
                } else if head.count != 1 {
                    throw .lexicons(path: "part-labels.txt:\(line.number)", problem: "expected 'LABEL alias' or 'LABEL/LABEL alias'")
                }
                partLabels.append((alias, label))
            }
            notTypos = Set(try lines("not-typos.txt").map { normalizedHash($0.text) })
            for line in try lines("letter-lines.txt") {
                let words = line.text.split(separator: " ")
                let phrase = words.dropFirst().joined(separator: " ")
                switch words.first {
                case "greeting" where !phrase.isEmpty: greetings.insert(normalizedHash(phrase))
                case "sign-off" where !phrase.isEmpty: signOffs.insert(normalizedHash(phrase))
                case "closing" where !phrase.isEmpty: closings.insert(normalizedHash(phrase))
                default: throw .lexicons(path: "letter-lines.txt:\(line.number)", problem: "expected 'greeting WORDS', 'sign-off WORDS' or 'closing WORDS'")
                }
            }
            for line in try lines("part-heading-words.txt") {
                var words = line.text.split(separator: " ")
                let only = words.last == "(alone)", verb = words.last == "(verb)"
                if only || verb { words.removeLast() }
                guard let first = words.first, first.count == 1, let letter = first.first, letter == "X" || StarLabel(letter: letter) != nil,
                      (2...3).contains(words.count), !only || words.count == 2 else {
                    throw .lexicons(path: "part-heading-words.txt:\(line.number)", problem: "expected 'LABEL word', 'LABEL word word', 'LABEL word (alone)', 'LABEL word (verb)' or 'X word'")
                }
                let h = normalizedHash(words.dropFirst().joined(separator: " "))
                if let label = StarLabel(letter: letter) {
                    if only { headingAlone[h] = label } else if verb { headingVerbs[h] = label } else { headingNouns[h] = label }
                } else {
                    headingNone.insert(h)
                }
            }
            for line in try lines("number-names.txt") {
                guard !line.text.contains(" ") else {
                    throw .lexicons(path: "number-names.txt:\(line.number)", problem: "expected one word")
                }
                numberNames.insert(normalizedHash(line.text))
            }
            for (name, cat) in [("fillers.txt", PhraseCategory.filler), ("hedges.txt", .hedge), ("weak-verbs.txt", .weakVerb), ("vague-result.txt", .vagueResult),
                                ("team-subjects.txt", .teamSubject), ("stock-phrases.txt", .stockPhrase),
                                ("jargon.txt", .jargon), ("misspellings.txt", .misspelling)] {
                for line in try lines(name) {
                    findingEntries.append(try LexiconFile.entry(line, category: cat, file: name))
                }
            }
            for line in try lines("cues.txt") {
                let letter = line.text.first!
                let category: PhraseCategory? = letter == "G" ? .goal : letter == "W" ? .ownership : StarLabel(letter: letter).map(PhraseCategory.cue)
                guard let category, line.text.dropFirst().first == " " else {
                    throw .lexicons(path: "cues.txt:\(line.number)", problem: "expected 'LABEL phrase' (LABEL one of S, T, A, R, O, G, W)")
                }
                let phrase = String(line.text.dropFirst(2))
                cueEntries.append(PhraseEntry(category: category, text: phrase, suggestion: "", hashes: LexiconFile.hashes(phrase), conditions: []))
            }
            for var line in try lines("change-verbs.txt") {
                let mult = line.text.hasPrefix("*")
                if mult { line.text.removeFirst() }
                changeEntries.append(try LexiconFile.entry(line, category: mult ? .multiplier : .change, file: "change-verbs.txt"))
            }
        }
    }

    /// Number words the fact pass counts as figures: "one" to "ninety-nine" (hyphenated
    /// compounds included: "twenty-five minutes instead of the hour"), the large units, and
    /// "zero", "half", "twice", and hyphenated fractions ("two-thirds", "three-quarters",
    /// "one-fifth"), which are one token where "two thirds" is two.
    static let numberWordList: [String] = {
        let units = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
        let teens = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
        let tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        let fractions = ["half", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "tenth", "tenths"]
        return units + teens + tens + tens.flatMap { t in units.map { "\(t)-\($0)" } }
            + ["hundred", "thousand", "million", "dozen", "zero", "half", "twice"]
            + (["a", "one", "two", "three", "four", "nine"].flatMap { u in fractions.map { "\(u)-\($0)" } })
    }()

    /// Adds user words (from config) to the filler or hedge list.
    public mutating func addPhrases(_ phrases: [String], category: PhraseCategory, suggestion: String) {
        // A phrase listed as a hedge is no longer a filler, and the other way round: the user
        // has filed it ("hedge-words: [basically]"), so it is reported once, as they filed it.
        if category == .filler || category == .hedge {
            let other: PhraseCategory = category == .filler ? .hedge : .filler
            let keys = Set(phrases.filter { !$0.isEmpty }.map { LexiconFile.hashes($0) })
            if self.phrases.entries.contains(where: { $0.category == other && keys.contains($0.hashes) }) {
                var table = PhraseTable()
                for e in self.phrases.entries where !(e.category == other && keys.contains(e.hashes)) { table.add(e) }
                self.phrases = table
            }
        }
        for p in phrases where !p.isEmpty {
            self.phrases.add(PhraseEntry(category: category, text: p.lowercased(), suggestion: suggestion, hashes: LexiconFile.hashes(p), conditions: []))
        }
    }

    /// Words never reported as filler, hedge or weak verb.
    public mutating func allow(_ words: [String]) {
        for w in words { allowed.insert(LexiconFile.phraseKey(w)) }
    }
}

/// Typing slips of lexicon words, so that "reduecd", "incresed" and "Sitaution:" still count
/// as the change word, cue or part label they were meant to be. Only words of five letters
/// or more, never their first letter, and only for labelling and the quantified-result
/// check (cues, change words, part labels); fillers, hedges and weak verbs, which become
/// findings, match as written. A slip that is itself a word of the model's vocabulary
/// ("singed" from "signed") is left out.
enum Typo {
    static let minimumLength = 5

    /// Two neighbouring letters swapped, one inner letter dropped, or one letter doubled;
    /// only slips of five letters or more (a four-letter slip is too often a word: "tank"),
    /// or four for part labels, which need their colon.
    /// `shortest`: the fewest letters a slip may have (a dropped letter makes one shorter than
    /// the word); `minimumLength` by default.
    static func variants(of word: String, minimumLength: Int = Typo.minimumLength, shortest: Int? = nil) -> [String] {
        let w = Array(word.utf8)
        guard w.count >= minimumLength, w.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return [] }
        var out: [[UInt8]] = []
        for i in 1..<(w.count - 1) {
            var t = w
            t.swapAt(i, i + 1)
            out.append(t)
        }
        for i in 1..<(w.count - 1) {
            var d = w
            d.remove(at: i)
            out.append(d)
        }
        for i in 1..<w.count {
            var d = w
            d.insert(w[i], at: i)
            out.append(d)
        }
        var seen: Set<[UInt8]> = [w]
        return out.filter { $0.count >= (shortest ?? minimumLength) && seen.insert($0).inserted }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// One entry per slip of one word of `entry`'s phrase (the others as written).
    static func entries(_ entry: PhraseEntry, isWord: (String) -> Bool) -> [PhraseEntry] {
        let words = entry.text.split(separator: " ").map(String.init)
        var out: [PhraseEntry] = []
        for (k, word) in words.enumerated() {
            for v in variants(of: word) where !isWord(v) {
                var e = entry
                e.hashes[k] = normalizedHash(v)
                var ws = words
                ws[k] = v
                e.text = ws.joined(separator: " ")
                out.append(e)
            }
        }
        return out
    }
}

protocol LexiconSource {
    func bytes(_ name: String) throws(StarlintError) -> [UInt8]
    /// Calls `body` with model.txt's bytes.
    func withModelBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(StarlintError) -> R) throws(StarlintError) -> R
}

extension LexiconSource {
    func withModelBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(StarlintError) -> R) throws(StarlintError) -> R {
        try bytes("model.txt").withUnsafeBufferPointer { (b) throws(StarlintError) in try body(b) }
    }
}

struct BundledLexiconSource: LexiconSource {
    func bytes(_ name: String) throws(StarlintError) -> [UInt8] {
        guard let b = BundledLexicons.bytes(name) else { throw .lexicons(path: name, problem: "not bundled") }
        return b
    }

    /// The embedded model read where it is, without a copy.
    func withModelBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(StarlintError) -> R) throws(StarlintError) -> R {
        guard let result = BundledLexicons.withBytes("model.txt", { b in Result { () throws(StarlintError) in try body(b) } }) else {
            throw .lexicons(path: "model.txt", problem: "not bundled")
        }
        return try result.get()
    }
}

/// Another source's files, with `model.txt` replaced.
struct ModelOverrideSource<Base: LexiconSource>: LexiconSource {
    var base: Base
    var model: [UInt8]
    func bytes(_ name: String) throws(StarlintError) -> [UInt8] {
        name == "model.txt" ? model : try base.bytes(name)
    }
}

struct DirectoryLexiconSource: LexiconSource {
    var directory: String
    func bytes(_ name: String) throws(StarlintError) -> [UInt8] {
        let path = directory + "/" + name
        guard FileIO.exists(path) else { return try BundledLexiconSource().bytes(name) }
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(path, limit: 64 << 20)
        } catch {
            throw .lexicons(path: path, problem: "cannot be read")
        }
        // A trained model read from a folder must be whole: a file cut short would load as a
        // smaller model (or none) under the same version.
        if name == "model.txt", let problem = SentenceModel.versionMismatch(bytes) { throw .lexicons(path: path, problem: problem) }
        return bytes
    }
}

enum LexiconFile {
    struct Line {
        var number: Int
        var text: String
    }

    /// The file's lines that hold something, numbered from 1, with a comment line ("#" after
    /// nothing but spaces) left out and spaces and tabs trimmed. Lines end at "\n", "\r\n"
    /// or "\r", as `textLines()` splits them; read from the bytes, since every lexicon file is
    /// read at each start-up (splitting them as Strings was a tenth of `score`'s start).
    static func lines(_ bytes: [UInt8], name: String) throws(StarlintError) -> [Line] {
        var out: [Line] = []
        bytes.withUnsafeBufferPointer { b in
            for (k, line) in b.lineRanges().enumerated() {
                var s = line.lowerBound, t = line.upperBound
                while s < t, b[s] == 0x20 { s += 1 }
                if s < t, b[s] == 0x23 { t = s }
                while s < t, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
                while t > s, b[t - 1] == 0x20 || b[t - 1] == 0x09 { t -= 1 }
                if s < t { out.append(Line(number: k + 1, text: String(decoding: UnsafeBufferPointer(rebasing: b[s..<t]), as: UTF8.self))) }
            }
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
                let offset: Int8
                if s.hasPrefix("prev=") { offset = -1 } else if s.hasPrefix("next=") { offset = 1 } else if s.hasPrefix("prev2=") { offset = -2 }
                else if s.hasPrefix("later=") { offset = PhraseCondition.later } else if s.hasPrefix("earlier=") { offset = PhraseCondition.earlier } else {
                    throw .lexicons(path: "\(file):\(line.number)", problem: "unknown condition '\(c)'")
                }
                var values: Set<UInt64> = []
                let list = s.dropFirst(s.firstIndex(of: "=").map { s.distance(from: s.startIndex, to: $0) + 1 } ?? 0)
                // A lone "," is the comma token, as is "\," in a list; otherwise commas separate values.
                let items: [Substring] = list == "," ? [","] : Self.conditionValues(list)
                for v in items {
                    switch v {
                    case "^" where offset == -1 || offset == -2: values.insert(sentenceStartHash)
                    case "$" where offset == 1: values.insert(sentenceEndHash)
                    case "#" where offset == 1: values.insert(figureHash)
                    case "#": throw .lexicons(path: "\(file):\(line.number)", problem: "'#' (a figure) can only follow next=, not '\(c)'")
                    case "^", "$":
                        // The sentence's start is never after the phrase, nor its end before it.
                        throw .lexicons(path: "\(file):\(line.number)",
                                        problem: "'\(v)' (the sentence's \(v == "^" ? "start" : "end")) can only follow \(v == "^" ? "prev= or prev2=" : "next="), not '\(c)'")
                    default: values.insert(normalizedHash(v))
                    }
                }
                conditions.append(PhraseCondition(offset: offset, negate: negate, values: values))
            }
        }
        return PhraseEntry(category: category, text: phrase, suggestion: parts.count > 2 ? parts[2] : "", hashes: hashes(phrase), conditions: conditions)
    }

    /// A condition's values: split at commas, except one written `\,` (the comma token itself).
    static func conditionValues(_ list: Substring) -> [Substring] {
        var out: [Substring] = []
        var current = ""
        var i = list.startIndex
        while i < list.endIndex {
            let c = list[i]
            let next = list.index(after: i)
            if c == "\\", next < list.endIndex, list[next] == "," {
                current.append(",")
                i = list.index(after: next)
                continue
            }
            if c == "," {
                if !current.isEmpty { out.append(Substring(current)) }
                current = ""
            } else {
                current.append(c)
            }
            i = next
        }
        if !current.isEmpty { out.append(Substring(current)) }
        return out
    }

    static func hashes(_ phrase: String) -> [UInt64] {
        phrase.split(separator: " ").map { normalizedHash($0) }
    }

    /// One key for a whole phrase (for allow-lists).
    static func phraseKey(_ phrase: String) -> UInt64 {
        hashes(phrase.lowercased()).reduce(fnvOffsetBasis) { combineHash($0, $1) }
    }
}

/// A closure run on a POSIX thread of its own (`Lexicon.inParallel`).
final class ThreadWork: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }

    #if os(Linux)
    typealias Handle = pthread_t
    #else
    typealias Handle = pthread_t?
    #endif

    /// Starts `work` on a new thread, or gives nil when no thread could be made (the caller
    /// then runs it itself).
    static func start(_ work: ThreadWork) -> Handle? {
        let context = Unmanaged.passRetained(work).toOpaque()
        #if os(Linux)
        var handle = pthread_t()
        let started = pthread_create(&handle, nil, { p in
            Unmanaged<ThreadWork>.fromOpaque(p!).takeRetainedValue().run()
            return nil
        }, context)
        #else
        var handle: pthread_t? = nil
        let started = pthread_create(&handle, nil, { p in
            Unmanaged<ThreadWork>.fromOpaque(p).takeRetainedValue().run()
            return nil
        }, context)
        #endif
        guard started == 0 else {
            Unmanaged<ThreadWork>.fromOpaque(context).release()
            return nil
        }
        return handle
    }

    static func join(_ handle: Handle) {
        #if os(Linux)
        pthread_join(handle, nil)
        #else
        if let handle { pthread_join(handle, nil) }
        #endif
    }
}
