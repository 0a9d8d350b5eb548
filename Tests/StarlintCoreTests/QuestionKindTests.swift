import Testing
@testable import StarlintCore

@Suite("Question kind")
struct QuestionKindTests {
    /// A question's features: its words lowercased (curly apostrophes straight, quotes
    /// dropped) and word pairs from the start, each once.
    @Test func featureNamesAreWordsAndPairs() {
        #expect(QuestionKindModel.featureNames("Where do you see yourself in five years?")
                == ["bias", "w:where", "b:<s> where", "w:do", "b:where do", "w:you", "b:do you", "w:see", "b:you see",
                    "w:yourself", "b:see yourself", "w:in", "b:yourself in", "w:five", "b:in five", "w:years", "b:five years"])
        #expect(QuestionKindModel.featureNames("Why\u{2019}d you 'fit' — here, here?")
                == ["bias", "w:why'd", "b:<s> why'd", "w:you", "b:why'd you", "w:fit", "b:you fit", "w:here", "b:fit here", "b:here here"])
        #expect(QuestionKindModel.featureNames("?!") == ["bias"])
    }

    static let training: [(String, QuestionKind)] = [
        ("Where do you see your career in five years?", .careerProgression),
        ("What is the next step you want in your career?", .careerProgression),
        ("Why do you want to move into management?", .careerProgression),
        ("What kind of team culture do you work best in?", .culturalFit),
        ("Which of our values matters most to you?", .culturalFit),
        ("What would you do if a customer shouted at you?", .situational),
        ("What would you do if two deadlines clashed?", .situational),
        ("Tell me about a time you led a team through a change.", .teamworkLeadership),
        ("Tell me about a time you helped a struggling teammate.", .teamworkLeadership),
    ]

    static func model(_ lines: String) throws -> SentenceModel { try QuantifiedModelTests.model(lines) }

    /// Training gives the same lines every time, in any order of the examples; read back,
    /// they classify questions phrased in a new way by the words they share with their kind.
    @Test func trainedClassifierReadsNewPhrasings() throws {
        let format: (Double) -> String = { String((($0 * 10_000).rounded() / 10_000)) }
        let lines = QuestionKindModel.lines(Self.training, iterations: 100, learningRate: 0.5, l2: 0.01, minWeight: 0, format: format)
        #expect(lines == QuestionKindModel.lines(Self.training.reversed(), iterations: 100, learningRate: 0.5, l2: 0.01, minWeight: 0, format: format))
        #expect(lines.split(separator: "\n").allSatisfy { $0.hasPrefix("k:") && $0.split(separator: "\t").count == 2 })
        let m = try Self.model(String(lines.dropLast()))
        #expect(m.quantified.isEmpty && m.presence.isEmpty && !m.questionKinds.isEmpty)
        let k = m.questionKinds
        #expect(k.classify("Where do you want your career to be in three years?")?.kind == .careerProgression)
        #expect(k.classify("What would you do if a supplier let you down?")?.kind == .situational)
        #expect(k.classify("What sort of culture helps you do your best work?")?.kind == .culturalFit)
        #expect(k.classify("Tell me about a time you led a team of volunteers.")?.kind == .teamworkLeadership)
        let p = try #require(k.classify("Where do you see your career in five years?")).probability
        #expect(p > 0.5 && p <= 1)
        #expect(try Self.model("").questionKinds.classify("Where do you see yourself?") == nil)
    }

    /// Weights below the minimum are left out of the lines, each kind's bias never; the
    /// pruned classifier still reads the phrasings the full one does.
    @Test func smallWeightsAreLeftOut() throws {
        let format: (Double) -> String = { String((($0 * 10_000).rounded() / 10_000)) }
        let all = QuestionKindModel.lines(Self.training, iterations: 100, learningRate: 0.5, l2: 0.01, minWeight: 0, format: format)
        let pruned = QuestionKindModel.lines(Self.training, iterations: 100, learningRate: 0.5, l2: 0.01, minWeight: 0.2, format: format)
        let allLines = all.split(separator: "\n"), prunedLines = pruned.split(separator: "\n")
        #expect(prunedLines.count < allLines.count && Set(prunedLines).isSubset(of: Set(allLines)))
        #expect(prunedLines.allSatisfy { line in
            line.contains(" bias\t") || abs(Double(line.split(separator: "\t")[1])!) >= 0.2
        })
        #expect(prunedLines.filter { $0.contains(" bias\t") }.count == allLines.filter { $0.contains(" bias\t") }.count)
        let k = try Self.model(String(pruned.dropLast())).questionKinds
        #expect(k.classify("Where do you want your career to be in three years?")?.kind == .careerProgression)
        #expect(k.classify("What would you do if a supplier let you down?")?.kind == .situational)
    }

    /// Kinds once worked out are kept per question, "no kind" too, and the table empties
    /// itself rather than grow past 1,024 questions; the analyzer answers the same either way.
    @Test func kindsAreCachedPerQuestion() throws {
        let cache = QuestionKindCache()
        #expect(cache.kind(of: "Where next?") == nil)
        cache.store(nil, for: "Where next?")
        cache.store(.culturalFit, for: "What culture suits you?")
        #expect(cache.kind(of: "Where next?") == .some(nil))
        #expect(cache.kind(of: "What culture suits you?") == .some(.culturalFit))
        for i in 0..<1_023 { cache.store(.situational, for: "q\(i)") }
        // The 1,025th question found the table full: it is the only one left.
        #expect(cache.kind(of: "q1022") == .some(.situational))
        #expect(cache.kind(of: "q1021") == nil && cache.kind(of: "Where next?") == nil)
        let career = try #require(QuestionBank.bundled.questions.first { $0.type == "career-progression" })
        // A fresh analyzer (the shared one's table is filled by other tests) keeps what it found:
        // the bank's kind, and "no kind" for words the classifier never saw.
        let fresh = Analyzer()
        #expect(fresh.kindCache.kind(of: career.text) == nil && fresh.kindCache.kind(of: "Quux zebra?") == nil)
        #expect(fresh.questionKind(career.text) == .careerProgression)
        #expect(fresh.kindCache.kind(of: career.text) == .some(.careerProgression))
        #expect(fresh.questionKind(career.text) == .careerProgression)
        #expect(fresh.questionKind("Quux zebra?") == nil)
        #expect(fresh.kindCache.kind(of: "Quux zebra?") == .some(nil))
        #expect(fresh.questionKind("Quux zebra?") == nil)
    }

    /// The analyzer takes a bank question's kind from the bank, by id or text, and another
    /// question's from the classifier only when it is sure enough; no question, no kind.
    @Test func analyzerResolvesTheKind() throws {
        let bank = QuestionBank.bundled
        let career = try #require(bank.questions.first { $0.type == "career-progression" })
        #expect(analyzer.questionKind(career.id) == .careerProgression)
        #expect(analyzer.questionKind(career.text) == .careerProgression)
        let fit = try #require(bank.questions.first { $0.type == "cultural-fit" })
        #expect(analyzer.questionKind(fit.id.uppercased()) == .culturalFit)
        #expect(analyzer.questionKind(nil) == nil && analyzer.questionKind("  ") == nil)
        #expect(Analyzer(lexicon: .bundled, labeler: CueLabeler(lexicon: .bundled)).questionKind("Where do you see yourself in five years?") == nil)
        let lines = QuestionKindModel.lines(Self.training, iterations: 100, learningRate: 0.5, l2: 0.01, minWeight: 0, format: { String($0) })
        let trained = Analyzer(lexicon: .bundled, labeler: ModelLabeler(model: try Self.model(String(lines.dropLast()))))
        #expect(trained.questionKind("Where would you like your career to be in five years' time?") == .careerProgression)
        #expect(trained.questionKind(career.id) == .careerProgression)
        // Words the classifier never saw leave every kind near its prior: no kind.
        #expect(try #require(trained.labeler.questionKind("Quux zebra?")).probability < 0.5)
        #expect(trained.questionKind("Quux zebra?") == nil)
    }

    /// The kind is a sentence feature, alone and with the sentence's facts, only when known;
    /// by name in training and by the same key at run time.
    @Test func kindFeaturesOnlyWhenKnown() throws {
        var input = analyzer.prepare(bytes: Array("In five years I'd like to be running a shift. I started as a picker.".utf8))
        func names(_ k: Int) -> [String] {
            var sink = NamedSink()
            FeatureExtractor.extract(input, sentence: k, hypotheticalQuestion: false, into: &sink)
            #expect(sink.keys == sink.names.map { Feature.key(name: $0)! })
            return sink.names.filter { $0.hasPrefix("x:qk") }
        }
        #expect(names(0).isEmpty)
        input.questionKind = .careerProgression
        let first = names(0)
        #expect(first.contains("x:qk career-progression") && first.contains("x:qk career-progression goal")
                && first.contains("x:qk career-progression goal-present") && first.contains("x:qk career-progression relpos 0"))
        let second = names(1)
        #expect(second.contains("x:qk career-progression past") && !second.contains("x:qk career-progression goal"))
    }
}
