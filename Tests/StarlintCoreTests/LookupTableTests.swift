import Foundation
@testable import StarlintCore
import StarlintLexicons
import StarlintQuestionData
import Testing

/// The hot-path tables put a bit filter in front of their slots; a lookup must still give
/// exactly what a dictionary gives, for present keys, absent keys and keys that share the
/// filter's bits.
struct LookupTableTests {
    @Test(arguments: [0, 1, 7, 100, 8_000])
    func hashKeyTableAgreesWithADictionary(count: Int) {
        var rng = SplitMix64(seed: UInt64(count))
        var truth: [UInt64: Int32] = [:]
        while truth.count < count { truth[rng.next()] = Int32(truth.count) }
        let table = HashKeyTable(truth)
        #expect(table.count == count)
        for (k, v) in truth { #expect(table.find(k) == v) }
        var absentFound = 0
        for _ in 0..<20_000 {
            let k = rng.next()
            if truth[k] == nil, table.find(k) != -1 { absentFound += 1 }
        }
        #expect(absentFound == 0)
        // Keys next to present ones (one bit flipped) are absent too.
        for k in truth.keys.prefix(500) where truth[k ^ 1] == nil { #expect(table.find(k ^ 1) == -1) }
    }

    @Test(arguments: [0, 1, 7, 100, 8_000])
    func emissionTableAgreesWithADictionary(count: Int) {
        var rng = SplitMix64(seed: UInt64(count) &+ 99)
        var truth: [UInt64: [Float]] = [:]
        var order: [UInt64] = []
        while truth.count < count {
            let k = rng.next()
            guard truth[k] == nil else { continue }
            truth[k] = (0..<5).map { _ in Float(Int(rng.next() % 2001) - 1000) / 1000 }
            order.append(k)
        }
        var table = EmissionTable(capacity: count)
        for k in order {
            let w = truth[k]!
            let added = table.insert(k, (w[0], w[1], w[2], w[3], w[4]))
            #expect(added)
        }
        #expect(table.count == count)
        // A key already in keeps its first weights, as the model file's later line, inserted
        // first, wins.
        if let k = order.first {
            let added = table.insert(k, (9, 9, 9, 9, 9))
            #expect(!added)
        }
        #expect(table.count == count)
        // Every third key gets an edge row.
        for (i, k) in order.enumerated() where i % 3 == 0 {
            let set = table.setEdge(k, Int32(i))
            #expect(set)
        }
        for (i, k) in order.enumerated() {
            let found = table.find(k)
            #expect(found.map { [$0.w.0, $0.w.1, $0.w.2, $0.w.3, $0.w.4] } == truth[k])
            #expect(found?.edge == (i % 3 == 0 ? Int32(i) : -1))
        }
        var absentFound = 0
        for _ in 0..<20_000 {
            let k = rng.next()
            if truth[k] == nil, table.contains(k) { absentFound += 1 }
        }
        #expect(absentFound == 0)
        for k in order.prefix(500) where truth[k ^ 1] == nil {
            #expect(!table.contains(k ^ 1))
            let set = table.setEdge(k ^ 1, 0)
            #expect(!set)
        }
        // It does not grow: it takes keys until half its slots (a power of two, at least
        // twice `count`) are full, and then refuses them, still finding the ones it has.
        var size = 8
        while size < count * 2 { size <<= 1 }
        while table.insert(rng.next(), (0, 0, 0, 0, 0)) {}
        #expect(table.count == size / 2)
        for k in order.prefix(100) { #expect(table.find(k).map { $0.w.0 } == truth[k]![0]) }
        // Key, five weights and edge row fill exactly half a cache line.
        #expect(MemoryLayout<EmissionTable.Slot>.stride == 32)
    }

    @Test func trieEdgesAgreeWithADictionary() {
        var rng = SplitMix64(seed: 42)
        var edges = TrieEdges()
        var truth: [String: Int32] = [:]
        // Parents 0..<300, a few children each, inserted as a phrase table would.
        for child in 1...3_000 {
            let parent = Int32(rng.next() % 300)
            let hash = rng.next()
            edges.insert(parent, hash, Int32(child))
            truth["\(parent)/\(hash)"] = Int32(child)
        }
        for (key, child) in truth {
            let parts = key.split(separator: "/")
            #expect(edges.find(Int32(parts[0])!, UInt64(parts[1])!) == child)
        }
        // The same hash under another parent, and unseen hashes, are not edges.
        for (key, _) in truth.prefix(500) {
            let parts = key.split(separator: "/")
            let other = (Int32(parts[0])! + 1) % 300
            if truth["\(other)/\(parts[1])"] == nil { #expect(edges.find(other, UInt64(parts[1])!) == -1) }
        }
        for _ in 0..<20_000 { #expect(edges.find(Int32(rng.next() % 300), rng.next()) == -1) }
    }
}

/// The model file's weights are read by an exact fast path; it must give what `Float(String)`
/// gives, bit for bit.
struct DecimalFloatTests {
    func fast(_ text: String) -> Float? {
        let b = Array(text.utf8)
        return b.withUnsafeBufferPointer { SentenceModel.decimalFloat($0, 0, b.count) }
    }

    @Test func everyWeightInTheBundledModelParsesExactlyAsFloatOfString() throws {
        let text = String(decoding: try FileIO.read(packageRoot + "/Lexicons/model.txt"), as: UTF8.self)
        var checked = 0
        for line in text.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            for part in line[line.index(after: tab)...].split(separator: " ") {
                let expected = Float(String(part))!
                let got = try #require(fast(String(part)), "fast path refused \(part)")
                #expect(got.bitPattern == expected.bitPattern, "\(part): \(got) vs \(expected)")
                checked += 1
            }
        }
        #expect(checked > 40_000)
    }

    @Test(arguments: ["0", "-0", "-0.0000", "1", "0.1", "0.3", "-2.5", "16777215", "1677721.5", "3.141592", ".5", "5.",
                      "0.0000001", "9.999999", "0.0000000001"])
    func plainDecimalsMatchFloatOfString(_ text: String) throws {
        let got = try #require(fast(text))
        #expect(got.bitPattern == Float(text)!.bitPattern)
    }

    @Test(arguments: ["", "-", ".", "1e5", "16777216", "123456789", "3.1415926", "0.00000000001", "1.2.3", "+1", "nan", "1 ", "--1"])
    func anythingElseIsLeftToTheSlowPath(_ text: String) {
        #expect(fast(text) == nil)
    }

    /// A feature line is read in one pass over its bytes; a weight with a byte above 0x7F
    /// sends the whole line to the String path, with no weight of it left behind.
    @Test func aFeatureLineReadsItsWeightsOnceAndHandsNonASCIIToTheStringPath() throws {
        func read(_ line: String) -> (SentenceModel.FeatureLine, [Float]) {
            let b = Array(line.utf8)
            var weights: [Float] = [9]
            var namespaces = SentenceModel.NamespaceCache()
            let r = b.withUnsafeBufferPointer { SentenceModel.asciiFeatureLine($0, 0, b.count, namespaces: &namespaces, into: &weights) }
            return (r, weights)
        }
        let (plain, w) = read("tg:i was asked\t0.5  -0.25 1e-3 x 2")
        guard case .parsed(let key) = plain else { Issue.record("not parsed: \(plain)"); return }
        #expect(key == Feature.key(name: "tg:i was asked"))
        #expect(w == [9, 0.5, -0.25, 0.001, 2])
        let (accented, w2) = read("w:x\t1 2\u{E9} 3")
        guard case .notASCII = accented else { Issue.record("read as ASCII: \(accented)"); return }
        #expect(w2 == [9])
        var weights: [Float] = []
        var namespaces = SentenceModel.NamespaceCache()
        let bytes = Array("w:x\t1 2\u{E9} 3".utf8)
        let slowKey = try bytes.withUnsafeBufferPointer {
            try SentenceModel.featureLine($0, 0, bytes.count, lineNo: 1, kind: "feature", namespaces: &namespaces, into: &weights)
        }
        #expect(slowKey == Feature.key(name: "w:x") && weights == [1, 3])
        guard case .noTab = read("w:x 1 2").0 else { Issue.record("a line without a tab was read"); return }
    }
}

/// The model file is read straight into the feature table (namespaces cached by their bytes,
/// the table sized from the `features = N` line): every feature must land on the weights of
/// its own line, exactly as reading each line as a String would place it.
struct ModelFileReadingTests {
    /// Key -> weights of each feature line, through `Feature.key(name:)` and `Float(String)`;
    /// a later line with the same key replaces the earlier one.
    func readSlowly(_ text: String) -> [UInt64: [Float]] {
        var out: [UInt64: [Float]] = [:]
        var inFeatures = false
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            if line.hasPrefix("features =") { inFeatures = true; continue }
            guard inFeatures, let tab = line.firstIndex(of: "\t"), let key = Feature.key(name: String(line[..<tab])) else { continue }
            out[key] = line[line.index(after: tab)...].split(separator: " ").map { Float(String($0))! }
        }
        return out
    }

    func weights(_ model: SentenceModel, _ key: UInt64) -> [Float]? {
        model.featureWeights(key)
    }

    @Test func everyFeatureOfTheBundledModelHasTheWeightsOfItsLine() throws {
        let text = String(decoding: try FileIO.read(packageRoot + "/Lexicons/model.txt"), as: UTF8.self)
        let truth = readSlowly(text)
        let model = try SentenceModel(bytes: Array(text.utf8))
        let sentence = truth.filter { $0.value.count == 5 }
        let presence = truth.filter { key, w in w.count == 1 && PresenceModel.keys.contains { $0.contains(key) } }
        let kinds = Set(text.split(separator: "\n").filter { $0.hasPrefix("k:") }.compactMap { Feature.key(name: String($0.prefix { $0 != "\t" })) })
        let quantified = truth.filter { key, w in w.count == 1 && presence[key] == nil && !kinds.contains(key) }
        #expect(sentence.count > 10_000)
        #expect(model.featureCount == sentence.count)
        for (key, w) in sentence { #expect(weights(model, key) == w) }
        // Lines with one weight are the part-presence model's (p:, 8 per part), the
        // question-kind classifier's (k:) and the quantified-result model's.
        #expect(presence.count == 32)
        for (key, w) in presence { #expect(model.presence.weight(key) == Double(w[0])) }
        #expect(quantified.count > 100)
        #expect(model.quantified.featureCount == quantified.count)
        for (key, w) in quantified { #expect(model.quantified.weight(key) == Double(w[0])) }
        // `k:` lines are the question-kind classifier's (2,881 in cccf47c1).
        #expect(kinds.count > 1_000)
        #expect(model.questionKinds.featureCount == kinds.count)
        for key in kinds { #expect(model.questionKinds.weight(key) == Double(truth[key]![0])) }
        // Lines with 25 weights are edge lines (`e:` and a feature's name): each is found
        // through its feature's row. (1,039 of them in 2432f3ec, 783 in 3f3200b0, 866 in
        // 21de4dc8, 1,253 in 7bece74b, 858 in 33085e31, 791 in 0657a94c, 789 in a2d8151a,
        // 792 in 62b9a047, 772 in 7299b0b5: how many pass `edge-min-weight` moves with each
        // retraining.)
        let edges = edgeLines(text)
        #expect(edges.count > 500)
        for (key, w) in edges { #expect(edgeWeights(model, key) == w) }
    }

    /// The `e:` lines of a model file by their feature's key, read the slow way.
    func edgeLines(_ text: String) -> [UInt64: [Float]] {
        var out: [UInt64: [Float]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("e:") {
            guard let tab = line.firstIndex(of: "\t"), let key = Feature.key(name: String(line[line.index(line.startIndex, offsetBy: 2)..<tab])) else { continue }
            out[key] = line[line.index(after: tab)...].split(separator: " ").map { Float(String($0))! }
        }
        return out
    }

    func edgeWeights(_ model: SentenceModel, _ key: UInt64) -> [Float]? {
        model.featureEdgeWeights(key)
    }

    @Test func duplicateNonASCIIAndUndercountedLinesReadAsTheStringPathReadsThem() throws {
        let text = """
            version = t
            prior = 0 0 0 0 0
            start = 0 0 0 0 0
            transitions = \(Array(repeating: "0", count: 25).joined(separator: " "))
            end = 0 0 0 0 0
            features = 1
            w:improved\t0.5 -0.25 0 0 1
            bg:from <num>\t1 2 3 4 5
            w:café\t-1 -2 -3 -4 -5
            x:cue R\t0.125 0 0 0 0
            w:improved\t9 8 7 6 5

            """
        let truth = readSlowly(text)
        let model = try SentenceModel(bytes: Array(text.utf8))
        #expect(truth.count == 4)
        #expect(model.featureCount == 4)
        for (key, w) in truth { #expect(weights(model, key) == w) }
        #expect(weights(model, Feature.key(name: "w:improved")!) == [9, 8, 7, 6, 5])
        #expect(throws: StarlintError.self) { try SentenceModel(bytes: Array((text + "w:short\t1 2 3\n").utf8)) }
        #expect(throws: StarlintError.self) { try SentenceModel(bytes: Array((text + "w:notab 1 2 3 4 5\n").utf8)) }
        // Edge lines, ASCII or not, hold 25 weights of a feature that has a line.
        let w25 = (0..<25).map { String(Double($0) / 4 - 3) }.joined(separator: " ")
        let withEdges = try SentenceModel(bytes: Array((text + "e:w:café\t\(w25)\ne:x:cue R\t\(w25)\n").utf8))
        #expect(edgeLines(text + "e:w:café\t\(w25)\ne:x:cue R\t\(w25)\n").count == 2)
        for name in ["w:café", "x:cue R"] {
            #expect(edgeWeights(withEdges, Feature.key(name: name)!) == (0..<25).map { Float(Double($0) / 4 - 3) })
        }
        #expect(edgeWeights(withEdges, Feature.key(name: "w:improved")!) == nil)
        #expect(edgeWeights(model, Feature.key(name: "w:café")!) == nil)
        #expect(throws: StarlintError.self) { try SentenceModel(bytes: Array((text + "e:w:improved\t1 2 3 4 5\n").utf8)) }
        #expect(throws: StarlintError.self) { try SentenceModel(bytes: Array((text + "e:w:unseen\t\(w25)\n").utf8)) }
        #expect(throws: StarlintError.self) { try SentenceModel(bytes: Array((text + "e:w:improved \(w25)\n").utf8)) }
    }
}

/// Lexicon files are split into lines from their bytes at every start-up; the lines must be
/// exactly those the String reading gave (`textLines()`, a comment after nothing but spaces
/// dropped, spaces and tabs trimmed), with the same numbers.
struct LexiconLineTests {
    static func stringLines(_ bytes: [UInt8]) -> [(Int, String)] {
        var out: [(Int, String)] = []
        for (k, raw) in String(decoding: bytes, as: UTF8.self).textLines().enumerated() {
            var s = Substring(raw)
            if let hash = s.firstIndex(of: "#"), s[..<hash].allSatisfy({ $0 == " " }) { s = s[..<hash] }
            let t = String(s).trimmingSpaces()
            if !t.isEmpty { out.append((k + 1, t)) }
        }
        return out
    }

    @Test(arguments: [
        "", "\n", "one", "one\ntwo\n", "a\r\nb\rc\n\nd", "  # comment\nword # not a comment\n",
        "\t# a tab first keeps it\n \t# so does a space then a tab\n", "  padded \t \n\t\ttabbed\t",
        "x\r\n\r\ny", "#", "é | à\r\n  ñ  ", "trailing\r",
    ])
    func bytesSplitAsTheStringsDid(_ text: String) throws {
        let lines = try LexiconFile.lines(Array(text.utf8), name: "test.txt")
        let expected = Self.stringLines(Array(text.utf8))
        #expect(lines.map { $0.number } == expected.map { $0.0 })
        #expect(lines.map { $0.text } == expected.map { $0.1 })
    }

    @Test func everyBundledLexiconFileSplitsAsBefore() throws {
        #expect(BundledLexicons.files.count > 10)
        for (name, bytes) in BundledLexicons.files where name != "model.txt" {
            let lines = try LexiconFile.lines(bytes, name: name)
            let expected = Self.stringLines(bytes)
            #expect(lines.map { $0.number } == expected.map { $0.0 }, "\(name)")
            #expect(lines.map { $0.text } == expected.map { $0.1 }, "\(name)")
        }
    }
}

/// The question bank is read from its bytes at every start-up too; it must read as the
/// String split did (empty lines skipped, the first line a header, four tab-separated
/// fields, competencies split at commas with empty ones dropped).
struct QuestionBankReadingTests {
    static func stringRead(_ tsv: [UInt8]) -> [Question] {
        var qs: [Question] = []
        for (k, line) in String(decoding: tsv, as: UTF8.self).textLines(omittingEmpty: true).enumerated() where k > 0 {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 4 else { continue }
            qs.append(Question(id: String(f[0]), type: String(f[1]), competencies: f[2].split(separator: ",").map(String.init), text: String(f[3])))
        }
        return qs
    }

    @Test(arguments: [
        "", "id\ttype\tcompetencies\tquestion", "\n\nid\ttype\tc\tq\n\nq1\tbehavioural\ta,b\tTell me.\n",
        "h\r\nq1\tsituational\t,a,,b,\tWhat would you do?\r\nq2\tx\ty\r\nq3\tt\tc\tq\textra\rq4\tt\t\tNo competencies.",
        "h\nq5\trole-specific\tcommunication\t\u{00C9}cris-moi\u{00A0}une r\u{00E9}ponse.\n",
    ])
    func bytesReadAsTheStringsDid(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(QuestionBank(tsv: bytes).questions == Self.stringRead(bytes))
    }

    @Test func theBundledBankReadsAsBefore() {
        #expect(QuestionBank.bundled.questions.count >= 90)
        #expect(QuestionBank.bundled.questions == Self.stringRead(BundledQuestions.tsv))
    }
}

/// `normalizedHash` reads a String's UTF-8 in place; it must give what hashing a copy of its
/// bytes gave (ASCII lower-cased, the curly apostrophe folded to "'").
struct NormalizedHashTests {
    static func reference(_ text: String) -> UInt64 {
        let bytes = Array(text.utf8)
        var h = fnvOffsetBasis
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x99 {
                h = fnvStep(h, 0x27); i += 3; continue
            }
            let b = bytes[i]
            h = fnvStep(h, (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b)
            i += 1
        }
        return h
    }

    @Test(arguments: ["", "a", "Hello", "don\u{2019}t", "DON\u{2019}T\u{2019}", "\u{2019}", "\u{2018}quoted\u{2019}",
                      "\u{00C0}ND \u{00E9}T\u{00C9}", "ZZ top", "x\u{2019}\u{2019}y", "\u{2013}dash\u{2014}"])
    func hashesAsACopyOfTheBytesDid(_ text: String) {
        #expect(normalizedHash(text) == Self.reference(text))
        #expect(normalizedHash(text.dropFirst()) == Self.reference(String(text.dropFirst())))
        #expect(normalizedHash(text) == normalizedHash(text.lowercased()) || text.contains { !$0.isASCII })
    }
}

/// The model is parsed on a thread of its own while the word lists are parsed (`Lexicon.inParallel`).
struct ParallelLoadTests {
    @Test func bothResultsComeBackAndTheSecondRunsOnAnotherThread() throws {
        let (a, b) = try Lexicon.inParallel({ () throws(StarlintError) in (pthread_self(), (1...1000).reduce(0, +)) },
                                            { () throws(StarlintError) in (pthread_self(), Array("model".utf8)) })
        #expect(a.1 == 500_500)
        #expect(b.1 == Array("model".utf8))
        #expect(pthread_equal(a.0, b.0) == 0)
        #expect(pthread_equal(a.0, pthread_self()) != 0)
    }

    @Test func theFirstErrorWinsAndTheSecondIsNotLost() {
        let listError = StarlintError.lexicons(path: "cues.txt:2", problem: "bad")
        let modelError = StarlintError.lexicons(path: "model.txt:9", problem: "bad")
        #expect(throws: listError) { try Lexicon.inParallel({ () throws(StarlintError) -> Int in throw listError }, { () throws(StarlintError) -> Int in throw modelError }) }
        #expect(throws: modelError) { try Lexicon.inParallel({ () throws(StarlintError) in 1 }, { () throws(StarlintError) -> Int in throw modelError }) }
        #expect(throws: listError) { try Lexicon.inParallel({ () throws(StarlintError) -> Int in throw listError }, { () throws(StarlintError) in 2 }) }
    }

    /// A lexicon folder loads the same as the bundled set it copies, labels and findings alike.
    @Test func aFolderCopyLoadsAsTheBundledSet() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("starlint-parallel-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, bytes) in BundledLexicons.files { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
        let copy = try Lexicon.load(directory: dir.path)
        #expect(copy.model.version == Lexicon.bundled.model.version)
        #expect(copy.phrases.entries.count == Lexicon.bundled.phrases.entries.count)
        #expect(copy.phrases.entries.map(\.text) == Lexicon.bundled.phrases.entries.map(\.text))
        let text = Array("Situation: our returns doubled. Taks: I had to fix it. Basically I rebuilt the rota and incresed cover. Result: returns fell by 40%.".utf8)
        let a = try Analyzer(lexicon: copy).analyze(bytes: text, path: "a.md"), b = try Analyzer().analyze(bytes: text, path: "a.md")
        #expect(a.sentences.map(\.label) == b.sentences.map(\.label))
        #expect(a.findings.map(\.rule) == b.findings.map(\.rule))
        #expect(a.findings.contains { $0.rule == "filler" })
        #expect(a.score == b.score)
    }
}
