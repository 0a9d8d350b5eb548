import Foundation
import Testing
@testable import StarlintCore

@Suite("STAR labelling")
struct LabelingTests {
    static let examples = ["strong", "no-result", "filler-heavy", "labelled", "bullets", "hypothetical"]

    /// Each bundled example is labelled close to its gold labels.
    @Test(arguments: examples)
    func examplesAreLabelled(name: String) throws {
        let answer = try CorpusLoader.load(markdown: packageRoot + "/Corpus/examples/\(name).md",
                                           labels: packageRoot + "/Corpus/examples/\(name).labels", id: name)
        let input = analyzer.prepare(bytes: answer.bytes)
        let gold = CorpusLoader.goldLabels(input.document, answer)
        let predicted = analyzer.labeler.label(input, hypotheticalQuestion: Analyzer.isHypothetical(question: input.document.frontMatter["question"]))
        #expect(gold.count == predicted.count)
        let pairs = zip(gold, predicted).compactMap { g, p in g.map { ($0, p.label) } }
        let hits = pairs.filter { $0.0 == $0.1 }.count
        // Short hedged or hypothetical answers are the hardest: one slip in five is 0.8.
        let floor = ["hypothetical", "filler-heavy"].contains(name) ? 0.6 : 0.8
        #expect(Double(hits) / Double(pairs.count) >= floor, "\(name): gold \(pairs.map { String($0.0.letter) }.joined()) predicted \(pairs.map { String($0.1.letter) }.joined())")
        // Situation and Action are always found; in the complete answers every part is.
        let required: [StarLabel] = ["strong", "labelled"].contains(name) ? [.situation, .task, .action, .result] : [.situation, .action]
        for l in required where gold.contains(l) {
            #expect(predicted.contains { $0.label == l }, "\(name) lost \(l)")
        }
        for p in predicted { #expect(p.confidence > 0 && p.confidence <= 1) }
    }

    /// An answer about career plans, labelled by the corpus's rules for background and aims
    /// (2026-11-29): the role and history are the Situation, the stated aim the Task. The
    /// model before those rules read both as Other, and so reported the answer as missing
    /// its Situation and Task.
    @Test func careerBackgroundAndAimAreSituationAndTask() throws {
        let text = """
            I've been a care assistant on the dementia unit for three years.

            In five years I'd like to be a senior carer running the night shift.

            To get there I asked my manager to put me on the medication training, and I've been shadowing the senior on Thursdays.

            So far I've passed the first two modules and I now do the evening medication round on my own.
            """
        let analysis = try analyzer.analyze(bytes: Array(text.utf8), path: "career.md")
        #expect(analysis.sentences.map(\.label) == [.situation, .task, .action, .result])
        #expect(!analysis.findings.contains { $0.rule.hasPrefix("missing-") }, "\(analysis.findings.map(\.rule))")
    }

    /// Over all six examples together at least 85% of sentences get their gold label.
    @Test func examplesTogether() throws {
        var hits = 0, total = 0
        for name in Self.examples {
            let answer = try CorpusLoader.load(markdown: packageRoot + "/Corpus/examples/\(name).md",
                                               labels: packageRoot + "/Corpus/examples/\(name).labels", id: name)
            let a = try analyzer.analyze(bytes: answer.bytes, path: name)
            let gold = CorpusLoader.goldLabels(analyzer.prepare(bytes: answer.bytes).document, answer)
            for (g, s) in zip(gold, a.sentences) where g != nil {
                total += 1
                if g == s.label { hits += 1 }
            }
        }
        #expect(total == 39)
        #expect(Double(hits) / Double(total) >= 0.85, "\(hits) of \(total)")
    }

    @Test func explicitLabelsAreHonoured() throws {
        let a = try analyze("Situation: Our ward was two nurses short.\nTask: I had to cover the rota.\nAction: I called every agency on the list.\nResult: I rebuilt the rota in a day.")
        #expect(a.sentences.map(\.label) == [.situation, .task, .action, .result])
        #expect(a.sentences.allSatisfy { $0.explicitLabel })
        // A written label weighs for its part, but a sentence that plainly is another part is
        // read as that part (since 0.15; before, only the written part or Other), and says
        // which label it sits under. (A bare "Waits fell by half." there is a toss-up: Result at
        // 0.50 with model 84eb88f9, Other at 0.56 with 58eae920.)
        let b = try analyze("Result: I rebuilt the rota.\nSituation: After that, waits fell by half.")
        #expect(b.sentences.map(\.label) == [.action, .result])
        #expect(b.sentences.map(\.writtenLabel) == [.result, .situation])
        // A model file without `written-allows-any = 1` (before 0.15) decodes as it did: the
        // written part or Other only, and the bundled model says the line.
        #expect(Lexicon.bundled.model.writtenAllowsAny)
        var older = Lexicon.bundled.model
        older.writtenAllowsAny = false
        let c = try Analyzer(labeler: ModelLabeler(model: older)).analyze(bytes: Array("Result: I rebuilt the rota.\nSituation: Waits fell by half.".utf8), path: "answer.md")
        #expect(c.sentences[0].label == .result || c.sentences[0].label == .other)
        #expect(c.sentences[1].label == .situation || c.sentences[1].label == .other)
        var options = TrainingOptions()
        try options.set("written-allows-any=0")
        #expect(options.writtenAllowsAny == 0)
    }

    @Test func lessonsInsideAResultSectionMayBeOther() throws {
        let a = try analyze("Situation: The ward was short of staff.\nAction: I rebuilt the rota and called every agency.\nResult: Waits fell from nine weeks to three.\nWhat I learned from this is that I should always ask for help early.")
        #expect(a.sentences.map(\.label) == [.situation, .action, .result, .other])
    }

    /// An answer that opens with its outcome ("result first") and then tells the story:
    /// the opening counts as the Result, so the quantified result is found.
    @Test func anOutcomeToldFirstIsTheResult() throws {
        let a = try analyze("""
            Late deliveries from our two biggest suppliers have dropped from nine a month to one since I changed how we book slots.
            Here is how that happened.
            Last spring I was the buyer for a regional bakery chain, and flour kept arriving a day or two after we needed it.
            I was asked to stop the shortages without paying for express freight.
            I met both suppliers, mapped their loading times against our bake schedule and moved our orders to their quiet mornings.
            I also set up a shared calendar so they could see our orders three weeks ahead.
            """)
        #expect(a.sentences.first?.label == .result, "\(a.sentences.map { $0.label.letter })")
        #expect(a.quantifiedResult)
        #expect(a.sentences.contains { $0.label == .situation } && a.sentences.contains { $0.label == .action })
    }

    /// The confidences from the scaled forward-backward equal the marginals computed by
    /// summing over every label sequence, with and without explicit-label constraints, and
    /// the labels are the best-scoring sequence. The first step uses the opening transitions,
    /// a step into a new paragraph the paragraph transitions.
    @Test func confidencesAreTheExactMarginals() {
        let model = Lexicon.bundled.model
        #expect(model.openTransitionScores != model.transitionScores, "the bundled model has its own opening transitions")
        #expect(model.paragraphTransitionScores != model.transitionScores, "the bundled model has its own paragraph transitions")
        Self.expectExactMarginals(model, seed: 7)
    }

    /// With edge scores (a sentence's features' own transition weights) the labels are still
    /// the best-scoring sequence and the confidences the exact marginals (the log-space pass
    /// with them: the underflow test below).
    @Test func confidencesAreExactWithEdgeScores() {
        Self.expectExactMarginals(Lexicon.bundled.model, seed: 23, edges: true)
    }

    /// An `e:` line moves the step into a sentence with that feature: "So ..." after an
    /// Action, which nothing else in this model tells apart, becomes a Result.
    @Test func anEdgeLineChoosesTheStepIntoItsSentence() throws {
        let zeros = Array(repeating: "0", count: 25).joined(separator: " ")
        var toResult = Array(repeating: "0", count: 25)
        toResult[2 * 5 + 3] = "4"  // Action -> Result
        let base = """
            version = t
            prior = 0 0 0 0 0
            start = 0 0 0 0 0
            transitions = \(zeros)
            end = 0 0 0 0 0
            features = 2
            w:fixed\t0 0 6 0 0
            w:so\t0 0 0.5 0 0

            """
        let answer = "I fixed the pump on Monday.\nSo the line ran again.\n"
        let plain = ModelLabeler(model: try SentenceModel(bytes: Array(base.utf8)))
        let edged = ModelLabeler(model: try SentenceModel(bytes: Array((base + "e:w:so\t\(toResult.joined(separator: " "))\n").utf8)))
        let input = Analyzer(lexicon: .bundled).prepare(bytes: Array(answer.utf8))
        #expect(plain.label(input, hypotheticalQuestion: false).map(\.label) == [.action, .action])
        #expect(edged.label(input, hypotheticalQuestion: false).map(\.label) == [.action, .result])
        #expect(edged.model.hasEdges && !plain.model.hasEdges)
    }

    /// Transition scores so low that exp() of them is 0: the scaled forward-backward
    /// underflows at every step and the log-space pass gives the confidences, which must be
    /// the same exact marginals.
    @Test func confidencesAreExactWhenScaledProbabilitiesUnderflow() throws {
        let low = (0..<25).map { String(-800 - Double($0 % 7) / 2) }.joined(separator: " ")
        let open = (0..<25).map { String(-790 - Double($0 % 5)) }.joined(separator: " ")
        let paragraph = (0..<25).map { String(-780 - Double($0 % 3)) }.joined(separator: " ")
        let model = try SentenceModel(bytes: Array("""
            version = test
            transition-weight = 1
            prior = 0 0 0 0 0
            start = 0 -1 -2 0.5 1
            transitions = \(low)
            open-transitions = \(open)
            paragraph-transitions = \(paragraph)
            end = 1 0 -1 0 0.5
            features = 0

            """.utf8))
        #expect(exp(model.transitionWeight * model.transitionScores[0]) == 0)
        // The scaled pass gives up on these transitions, so the marginals checked below are
        // the log-space pass's.
        let T = 3
        let buffers = (0..<3).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: T * 5) }
        defer { buffers.forEach { $0.deallocate() } }
        let emissions = (0..<(T * 5)).map { Double($0 % 7) / 3 - 1 }
        #expect(!model.scaledForwardBackward(emissions, [UInt8](repeating: 0x1F, count: T), ee: buffers[0], alpha: buffers[1], beta: buffers[2], edges: []))
        // (The bundled model's transitions it takes.)
        #expect(Lexicon.bundled.model.scaledForwardBackward(emissions, [UInt8](repeating: 0x1F, count: T), ee: buffers[0], alpha: buffers[1], beta: buffers[2], edges: []))
        Self.expectExactMarginals(model, seed: 11)
        Self.expectExactMarginals(model, seed: 29, edges: true)
    }

    /// Over 40 random emission tables (1 to 4 sentences, some with a written label), the
    /// decoder's labels are the best-scoring sequence and its confidences the marginals
    /// computed by summing over every label sequence, and so is each sentence's probability
    /// of Result. The first step uses the opening transitions; in every other trial the third
    /// or fourth sentence starts a paragraph and the step into it uses the paragraph table.
    static func expectExactMarginals(_ model: SentenceModel, seed: UInt64, edges withEdges: Bool = false) {
        var rng = XorShiftForTests(seed: seed)
        for trial in 0..<40 {
            let T = 1 + trial % 4
            let e = (0..<(T * 5)).map { _ in rng.next(in: -6...6) * (trial % 5 == 4 ? 40 : 1) }
            // Feature-conditioned transitions: 25 more scores into each sentence after the first.
            // Sentence 0's are random too: no step leads into it, so they must not count.
            let edges = withEdges ? (0..<(T * 25)).map { _ in rng.next(in: -3...3) } : []
            let allowed: [UInt8] = (0..<T).map { t in
                (trial % 3 == 0 && t == 0 ? 0b10001 : 0x1F) | (trial % 2 == 1 && t == 2 + trial % 4 / 2 ? SentenceModel.paragraphStart : 0)
            }
            let predicted = model.decode(flatEmissions: e, allowed: allowed, marginals: nil, edges: edges)
            // Brute force over all 5^T sequences (log-sum-exp for stability).
            var logs: [(labels: [Int], score: Double)] = []
            for code in 0..<Int(pow(5.0, Double(T))) {
                var labels: [Int] = [], c = code
                for _ in 0..<T { labels.append(c % 5); c /= 5 }
                guard labels.indices.allSatisfy({ allowed[$0] & (1 << UInt8(labels[$0])) != 0 }) else { continue }
                var score = model.transitionWeight * (model.startScores[labels[0]] + model.endScores[labels[T - 1]])
                for t in 0..<T { score += e[t * 5 + labels[t]] }
                for t in 1..<T {
                    let table = t == 1 ? model.openTransitionScores
                        : allowed[t] & SentenceModel.paragraphStart != 0 ? model.paragraphTransitionScores : model.transitionScores
                    score += model.transitionWeight * table[labels[t - 1] * 5 + labels[t]]
                    if withEdges { score += model.transitionWeight * edges[t * 25 + labels[t - 1] * 5 + labels[t]] }
                }
                logs.append((labels, score))
            }
            let top = logs.map(\.score).max()!
            let best = logs.first { $0.score == top }!.labels
            #expect(predicted.map(\.label.index) == best, "trial \(trial)")
            let total = logs.reduce(0) { $0 + exp($1.score - top) }
            for t in 0..<T {
                let j = predicted[t].label.index
                let mass = logs.filter { $0.labels[t] == j }.reduce(0) { $0 + exp($1.score - top) }
                #expect(abs(predicted[t].confidence - mass / total) < 1e-9, "trial \(trial) sentence \(t)")
                let result = logs.filter { $0.labels[t] == StarLabel.result.index }.reduce(0) { $0 + exp($1.score - top) }
                #expect(abs(predicted[t].resultProbability - result / total) < 1e-9, "trial \(trial) sentence \(t), Result")
            }
        }
    }

    /// A model file without `open-transitions` or `paragraph-transitions` (written before they
    /// existed) uses its general transitions there; one with them reads the separate tables.
    @Test func openingTransitionsAreOptionalInTheModelFile() throws {
        let base = """
            version = test
            transition-weight = 1
            prior = 0 0 0 0 0
            start = 0 0 0 0 0
            transitions = \((0..<25).map { String(Double($0) / 100) }.joined(separator: " "))
            end = 0 0 0 0 0

            """
        let old = try SentenceModel(bytes: Array((base + "features = 0\n").utf8))
        #expect(old.openTransitionScores == old.transitionScores)
        #expect(old.paragraphTransitionScores == old.transitionScores)
        let open = (0..<25).map { -Double($0) / 10 }, paragraph = (0..<25).map { Double($0) / 7 }
        let new = try SentenceModel(bytes: Array((base + "open-transitions = \(open.map { String($0) }.joined(separator: " "))\n"
            + "paragraph-transitions = \(paragraph.map { String($0) }.joined(separator: " "))\nfeatures = 0\n").utf8))
        #expect(new.openTransitionScores == open)
        #expect(new.paragraphTransitionScores == paragraph)
        #expect(new.transitionScores == old.transitionScores)
        #expect(throws: StarlintError.self) { try SentenceModel(bytes: Array((base + "open-transitions = 1 2 3\nfeatures = 0\n").utf8)) }
        #expect(throws: StarlintError.self) { try SentenceModel(bytes: Array((base + "paragraph-transitions = 1 2 3\nfeatures = 0\n").utf8)) }
        // A model whose feature lines were cut off is an error, not a silent fallback to the
        // cue-phrase labeller; one that promises none (an untrained model) is not.
        #expect(throws: StarlintError.lexicons(path: "model.txt", problem: "declares 28481 features but has no feature lines (cut short?)")) {
            try SentenceModel(bytes: Array((base + "features = 28481\n").utf8))
        }
        #expect(try SentenceModel(bytes: Array((base + "features = 2\nx:bias\t1 0 0 0 0\n").utf8)).isTrained)
        #expect(try !SentenceModel(bytes: Array((base + "features = 0\n").utf8)).isTrained)
    }

    @Test func lowConfidenceIsMarkedUncertain() throws {
        var settings = AnalysisSettings()
        settings.uncertainBelow = 1.01
        let a = try Analyzer(settings: settings).analyze(bytes: Array("I went to the shop. Then I came back.".utf8), path: "x")
        #expect(a.sentences.allSatisfy { $0.uncertain })
        let b = try analyze("I went to the shop. Then I came back.")
        #expect(b.sentences.allSatisfy { $0.uncertain == ($0.confidence < 0.85) })
        #expect(Lexicon.bundled.rubric.value("confidence.uncertain", default: 0) == 0.85)
    }

    /// Each sentence also sees the first word of the sentences around it ("However, ...",
    /// "So ..."), by name in training and by the same key at run time.
    @Test func neighboursFirstWordsAreFeatures() throws {
        let input = analyzer.prepare(bytes: Array("Our ward was two nurses short. So I rebuilt the rota. Waits fell by half.".utf8))
        func names(_ k: Int) -> [String] {
            var sink = NamedSink()
            FeatureExtractor.extract(input, sentence: k, hypotheticalQuestion: false, into: &sink)
            #expect(sink.keys == sink.names.map { Feature.key(name: $0)! }, "sentence \(k)")
            return sink.names
        }
        #expect(names(0).contains("nf1:so") && !names(0).contains { $0.hasPrefix("pf1:") })
        #expect(names(1).contains("pf1:our") && names(1).contains("nf1:waits"))
        #expect(names(2).contains("pf1:so") && !names(2).contains { $0.hasPrefix("nf1:") })
    }

    /// Words in threes are features ("it turned out"), from the sentence's start on, with
    /// figures as their class; by name in training and by the same key at run time.
    @Test func wordTriplesAreFeatures() throws {
        let input = analyzer.prepare(bytes: Array("It turned out the rota had 12 gaps. I fixed it.".utf8))
        var sink = NamedSink()
        FeatureExtractor.extract(input, sentence: 0, hypotheticalQuestion: false, into: &sink)
        #expect(sink.keys == sink.names.map { Feature.key(name: $0)! })
        let triples = sink.names.filter { $0.hasPrefix("tg:") }
        #expect(triples == ["tg:<s> it turned", "tg:it turned out", "tg:turned out the", "tg:out the rota",
                            "tg:the rota had", "tg:rota had <num>", "tg:had <num> gaps"])
        var second = NamedSink()
        FeatureExtractor.extract(input, sentence: 1, hypotheticalQuestion: false, into: &second)
        #expect(second.names.filter { $0.hasPrefix("tg:") } == ["tg:<s> i fixed", "tg:i fixed it"])
    }

    /// Every sentence also sees the whole answer: how much of it is past tense and told by
    /// "I", how long it is, whether a present-tense sentence sits in a story told in the
    /// past, and, in an answer with part labels, whether this sentence has none.
    @Test func answerLevelFeatures() throws {
        func names(_ text: String, _ k: Int) -> [String] {
            let input = analyzer.prepare(bytes: Array(text.utf8))
            var sink = NamedSink()
            FeatureExtractor.extract(input, sentence: k, hypotheticalQuestion: false, into: &sink)
            #expect(sink.keys == sink.names.map { Feature.key(name: $0)! })
            return sink.names
        }
        let story = "Our ward was two nurses short. I redesigned the rota. I called the agency. Waits are shorter now."
        let s3 = names(story, 3)
        #expect(s3.contains("x:ans-past 3") && s3.contains("x:ans-i 2") && s3.contains("x:ans-size 0"))
        #expect(s3.contains("x:present-in-story") && !names(story, 1).contains("x:present-in-story"))
        let habits = "I always check the rota. I usually ring the agency first. Then I tell the team. It works well."
        #expect(names(habits, 3).contains("x:ans-past 0") && names(habits, 3).contains("x:present-in-present"))
        let labelled = "Hi, thanks for asking.\n\nSituation: Our ward was two nurses short.\n\nAction: I rebuilt the rota."
        #expect(names(labelled, 0).contains("x:label none-in-labelled"))
        #expect(!names(labelled, 1).contains("x:label none-in-labelled") && !names(story, 0).contains("x:label none-in-labelled"))
    }

    /// A trained model read from a lexicon folder must match its version (a hash of its
    /// body): cut short anywhere, or edited, it is an error rather than a smaller model (or the
    /// cue-phrase labeller) under the same name.
    @Test func aModelFileCutShortIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("starlint-model-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let whole = try FileIO.read(packageRoot + "/Lexicons/model.txt")
        let lines = whole.split(separator: 0x0A, omittingEmptySubsequences: false)
        func write(_ bytes: [UInt8]) throws { try FileIO.write(bytes, to: dir + "/model.txt") }
        try write(whole)
        #expect(try Lexicon.load(directory: dir).model.version == Lexicon.bundled.model.version)
        for keep in [16, 17, 5000, lines.count - 3] {
            try write(Array(lines.prefix(keep).joined(separator: [0x0A])) + [0x0A])
            #expect(throws: StarlintError.lexicons(path: dir + "/model.txt", problem: "does not match its version \(Lexicon.bundled.model.version) (cut short, or edited by hand?); rebuild it with 'starlint train'")) {
                try Lexicon.load(directory: dir)
            }
        }
        // One weight changed by hand
        let text = String(decoding: whole, as: UTF8.self)
        let edited = text.replacingOccurrences(of: "\nx:bias\t", with: "\nx:bias\t9")
        #expect(edited != text)
        try write(Array(edited.utf8))
        #expect(throws: StarlintError.self) { try Lexicon.load(directory: dir) }
        // A hand-made model (its version no hash) is not checked.
        try write(Array("version = mine\ntransition-weight = 1\nprior = 0 0 0 0 0\nstart = 0 0 0 0 0\ntransitions = \(Array(repeating: "0", count: 25).joined(separator: " "))\nend = 0 0 0 0 0\nfeatures = 1\nx:bias\t1 0 0 0 0\n".utf8))
        #expect(try Lexicon.load(directory: dir).model.version == "mine")
    }

    /// The committed model is exactly what `starlint train` produces from the corpus.
    @Test func committedModelMatchesTraining() throws {
        let dev = try CorpusLoader.load(directory: packageRoot + "/Corpus/answers").filter { CorpusSplit.dev.contains($0) }
        let trained = Trainer.train(dev, lexicon: Lexicon.bundled)
        let committed = String(decoding: try FileIO.read(packageRoot + "/Lexicons/model.txt"), as: UTF8.self)
        #expect(trained == committed, "Lexicons/model.txt drifted from the corpus; run 'starlint train'")
        #expect(Lexicon.bundled.model.version == (try SentenceModel(bytes: Array(trained.utf8))).version)
    }

    /// Training to a fixed point on 40 dev answers: the result, built into the lexicons in
    /// place of the bundled model, trains to itself, which one pass from the bundled model
    /// (trained on 922 answers) does not give.
    @Test func trainingToAFixedPointReproducesItself() throws {
        let dev = Array(try CorpusLoader.load(directory: packageRoot + "/Corpus/answers").filter { CorpusSplit.dev.contains($0) }.prefix(40))
        let result = try Trainer.trainToFixedPoint(dev, lexicon: .bundled, lexiconDirectory: nil)
        #expect(result.settled)
        #expect(result.passes >= 2)
        let rebuilt = try Lexicon.load(directory: nil, model: Array(result.model.utf8))
        #expect(rebuilt.model.version == (try SentenceModel(bytes: Array(result.model.utf8))).version)
        #expect(rebuilt.model.version != Lexicon.bundled.model.version)
        #expect(Trainer.train(dev, lexicon: rebuilt) == result.model)
        // Starting from lexicons that already hold the fixed point, one pass is enough.
        let again = try Trainer.trainToFixedPoint(dev, lexicon: rebuilt, lexiconDirectory: nil)
        #expect(again.settled && again.passes == 1 && again.model == result.model)
    }
}

/// The committed rubric is what `starlint calibrate` converges to on the dev split.
@Suite("Score calibration")
struct CalibrationTests {
    @Test func committedRubricIsACalibrationFixedPoint() throws {
        let dev = try CorpusLoader.load(directory: packageRoot + "/Corpus/answers").filter { CorpusSplit.dev.contains($0) }
        let result = Calibrator.fit(dev, analyzer: analyzer)
        let committed = String(decoding: try FileIO.read(packageRoot + "/Lexicons/rubric.txt"), as: UTF8.self)
        #expect(result.rubric.render() == committed, "Lexicons/rubric.txt is not calibrated; run 'starlint calibrate'")
        #expect(result.spearmanAfter >= 0.9)
    }
}

/// Held-out accuracy must not fall below the floors in Corpus/heldout-floors.txt.
@Suite("Accuracy guard")
struct AccuracyGuardTests {
    @Test func heldOutFiguresStayAboveFloors() throws {
        let answers = try CorpusLoader.load(directory: packageRoot + "/Corpus/answers").filter { CorpusSplit.heldout.contains($0) }
        #expect(answers.count >= 50)
        let r = Evaluator.evaluate(answers, analyzer: analyzer, split: "heldout")
        var floors: [String: Double] = [:]
        for line in String(decoding: try FileIO.read(packageRoot + "/Corpus/heldout-floors.txt"), as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, !line.hasPrefix("#"), let v = Double(parts[1]) { floors[String(parts[0])] = v }
        }
        #expect(floors.count == 12)
        #expect(r.macroF1 >= floors["macroF1"]!, "macro-F1 \(r.macroF1)")
        #expect(r.presenceAccuracy >= floors["presenceAccuracy"]!, "presence \(r.presenceAccuracy)")
        #expect(r.quantifiedAccuracy >= floors["quantifiedAccuracy"]!, "quantified \(r.quantifiedAccuracy)")
        #expect(r.spearman >= floors["spearman"]!, "spearman \(r.spearman)")
        #expect(r.withoutPartLabels.macroF1 >= floors["unlabelledMacroF1"]!, "unlabelled \(r.withoutPartLabels.macroF1)")
        // Every presence error is a part missed or a part found where the answer has none.
        let errors = (r.presenceMissed + r.presenceSpurious).reduce(0, +)
        #expect(errors > 0 && abs(Double(answers.count * 4 - errors) / Double(answers.count * 4) - r.presenceAccuracy) < 0.0005)
        // The same answers in one paragraph, without their part labels, with typing slips, in
        // lower case, padded with fillers, told with "we" and cut short.
        for p in Perturbation.allCases {
            let rewritten = answers.compactMap { p.apply($0, lexicon: .bundled) }
            #expect(rewritten.count >= 20, "\(p.rawValue)")
            let f1 = Evaluator.evaluate(rewritten, analyzer: analyzer, split: p.rawValue).macroF1
            #expect(f1 >= floors["perturbed.\(p.rawValue)"]!, "\(p.rawValue): macro-F1 \(f1)")
        }
    }

    @Test func cueBaselineIsFarBelowTheModel() throws {
        let answers = try CorpusLoader.load(directory: packageRoot + "/Corpus/answers").filter { CorpusSplit.heldout.contains($0) }
        let model = Evaluator.evaluate(answers, analyzer: analyzer, split: "heldout")
        let cues = Evaluator.evaluate(answers, analyzer: Analyzer(labeler: CueLabeler(lexicon: .bundled)), split: "heldout")
        #expect(model.withoutPartLabels.macroF1 > cues.withoutPartLabels.macroF1 + 0.2)
    }

    /// The uncertain marks' figures count, on answers without part labels, the sentences below
    /// each threshold and the wrong labels among them, as the reports mark them.
    @Test func uncertaintyFiguresCountTheMarkedSentences() throws {
        // Held-out answers: the model has not trained on them, so some labels are wrong.
        let answers = Array(try CorpusLoader.load(directory: packageRoot + "/Corpus/answers").filter { CorpusSplit.heldout.contains($0) }.prefix(80))
        let r = Evaluator.evaluate(answers, analyzer: analyzer, split: "heldout")
        let u = try #require(r.uncertainWithoutPartLabels)
        let threshold = Lexicon.bundled.rubric.value("confidence.uncertain", default: 0)
        #expect(u.map(\.threshold) == Set(Evaluator.uncertaintyThresholds + [threshold]).sorted())
        var sentences = 0, wrong = 0
        var marked = [Int](repeating: 0, count: u.count), markedWrong = marked
        for a in answers where !a.labelled {
            let input = analyzer.prepare(bytes: a.bytes)
            let analysis = analyzer.analyze(input: input, path: a.path, contentHash: "")
            for (k, gold) in CorpusLoader.goldLabels(input.document, a).enumerated() {
                guard let gold else { continue }
                let s = analysis.sentences[k]
                sentences += 1
                if s.label != gold { wrong += 1 }
                for (i, m) in u.enumerated() where !s.explicitLabel && s.confidence < m.threshold {
                    marked[i] += 1
                    if s.label != gold { markedWrong[i] += 1 }
                }
                // At the rubric's threshold, the report's own mark.
                #expect(s.uncertain == (!s.explicitLabel && s.confidence < threshold))
            }
        }
        #expect(sentences == r.withoutPartLabels.sentences && sentences > 300 && wrong > 10)
        #expect(u.map(\.sentences) == Array(repeating: sentences, count: u.count) && u.map(\.wrong) == Array(repeating: wrong, count: u.count))
        #expect(u.map(\.marked) == marked && u.map(\.markedWrong) == markedWrong)
        #expect(zip(marked, marked.dropFirst()).allSatisfy { $0 <= $1 } && marked.last! > marked.first!)
    }

    @Test func spearmanHandlesTies() {
        #expect(Evaluator.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1)
        #expect(Evaluator.spearman([1, 2, 3, 4], [40, 30, 20, 10]) == -1)
        #expect(Evaluator.spearman([1, 1, 2, 2], [1, 1, 2, 2]) == 1)
    }
}

/// A small deterministic generator for test inputs (xorshift).
struct XorShiftForTests {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next(in range: ClosedRange<Double>) -> Double {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return range.lowerBound + Double(state >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
    }
}

/// The CRF fine-tuning that `starlint train` runs after the per-sentence fit.
@Suite("CRF training")
struct CRFTrainingTests {
    /// Answers shaped S, A ... A, R in which Action and Result sentences have the same
    /// features: only the sequence (where the answer ends) tells them apart. One answer has
    /// a written label on its first sentence (Situation or Other allowed); in the two longest
    /// the third sentence starts a paragraph, so the paragraph table is trained too.
    static func toy(seed: UInt64, edges: Bool = false) -> (CRF, CRF.Data) {
        var rng = XorShiftForTests(seed: seed)
        var examples: [Trainer.Example] = []
        var sequences: [CRF.Sequence] = []
        for k in 1...4 {
            let first = examples.count
            let labels = [0] + Array(repeating: 2, count: k) + [3]
            for l in labels {
                // With edges, feature 1 (Action and Result alike) has edge row 0, feature 2 row 1.
                examples.append(Trainer.Example(features: l == 0 ? [0, 2] : [0, 1], label: l, edges: edges ? (l == 0 ? [1] : [0]) : []))
            }
            var allowed = [UInt8](repeating: 0x1F, count: labels.count)
            var written = [Int](repeating: -1, count: labels.count)
            if k == 2 { allowed[0] = 0b10001; written[0] = 0 }
            if k >= 3 { allowed[2] |= SentenceModel.paragraphStart }
            sequences.append(CRF.Sequence(range: first..<examples.count, allowed: allowed, written: written))
        }
        func random(_ n: Int) -> [Double] { (0..<n).map { _ in rng.next(in: -1...1) } }
        var crf = CRF(weights: random(3 * 5), features: 3, start: random(5), transitions: random(25), open: random(25), paragraph: random(25), end: random(5))
        if edges { crf.edges = random(2 * 25) }
        return (crf, CRF.Data(examples: examples, sequences: sequences, explicitBonus: 0.5))
    }

    /// The best label sequence under the CRF's scores, by trying every one.
    static func bruteForceDecode(_ crf: CRF, _ data: CRF.Data, _ sequence: CRF.Sequence) -> [Int] {
        let range = sequence.range, allowed = sequence.allowed
        let T = range.count
        var best: [Int] = [], top = -Double.infinity
        for code in 0..<Int(pow(5.0, Double(T))) {
            var labels: [Int] = [], c = code
            for _ in 0..<T { labels.append(c % 5); c /= 5 }
            guard labels.indices.allSatisfy({ allowed[$0] & (1 << UInt8(labels[$0])) != 0 }) else { continue }
            var score = crf.start[labels[0]] + crf.end[labels[T - 1]]
            for t in 0..<T {
                let j = labels[t]
                score += data.examples[range.lowerBound + t].features.reduce(0) { $0 + crf.weights[Int($1) * 5 + j] }
                if j == sequence.written[t] { score += data.explicitBonus }
                if t > 0 {
                    let table = t == 1 ? crf.open : allowed[t] & SentenceModel.paragraphStart != 0 ? crf.paragraph : crf.transitions
                    score += table[labels[t - 1] * 5 + j]
                    for f in data.examples[range.lowerBound + t].edges { score += crf.edges[Int(f) * 25 + labels[t - 1] * 5 + j] }
                }
            }
            if score > top { top = score; best = labels }
        }
        return best
    }

    @Test(arguments: [3, 17] as [UInt64])
    func gradientMatchesFiniteDifferences(seed: UInt64) {
        let (plain, data) = Self.toy(seed: seed)
        // Also with a per-feature L2 scale (word features penalised less than symbolic ones).
        var scaled = plain
        scaled.penalty = [1, 0.1, 3]
        // And with edge weights (feature-conditioned transitions), penalised at their own scale.
        var (edged, edgeData) = Self.toy(seed: seed, edges: true)
        edged.edgePenalty = 3
        // And the softmax-margin loss, with a cost per gold label.
        var marginData = data
        marginData.margin = [0.5, 2, 1, 0.8, 0.3]
        for (crf, data) in [(plain, data), (scaled, data), (edged, edgeData), (plain, marginData)] {
            let theta = crf.theta
            let (loss, gradient) = crf.objective(theta, data, l2: 0.05)
            #expect(loss.isFinite && loss > 0)
            #expect(gradient.count == 3 * 5 + 5 + 25 + 25 + 25 + 5 + crf.edges.count)
            let h = 1e-6
            for i in theta.indices {
                var plus = theta, minus = theta
                plus[i] += h
                minus[i] -= h
                let numeric = (crf.objective(plus, data, l2: 0.05).loss - crf.objective(minus, data, l2: 0.05).loss) / (2 * h)
                #expect(abs(numeric - gradient[i]) < 1e-6, "parameter \(i): numeric \(numeric), analytic \(gradient[i])")
            }
        }
        // The costs raise the normaliser and nothing else: the margin loss is the larger.
        #expect(plain.objective(plain.theta, marginData, l2: 0.05).loss > plain.objective(plain.theta, data, l2: 0.05).loss)
        // The scale changes the penalty: the weight of feature 1 is held back a tenth as hard.
        #expect(plain.objective(plain.theta, data, l2: 0.05).gradient != scaled.objective(scaled.theta, data, l2: 0.05).gradient)
    }

    @Test func fittingLearnsWhatOnlyTheSequenceShows() {
        var (crf, data) = Self.toy(seed: 5)
        let before = crf.objective(crf.theta, data, l2: 0.001).loss
        crf.fit(data, iterations: 300, learningRate: 0.1, l2: 0.001)
        let after = crf.objective(crf.theta, data, l2: 0.001).loss
        #expect(after < before / 4, "loss \(before) -> \(after)")
        for sequence in data.sequences {
            let gold = data.examples[sequence.range].map(\.label)
            #expect(Self.bruteForceDecode(crf, data, sequence) == gold)
        }
        // Per sentence, Action and Result sentences look the same.
        #expect(data.examples[1].features == data.examples[2].features)
    }

    /// With edge weights the fit still learns the sequences, and moves the edge weights.
    @Test func fittingWithEdgeWeightsLearnsTheSequences() {
        var (crf, data) = Self.toy(seed: 5, edges: true)
        let start = crf.edges
        let before = crf.objective(crf.theta, data, l2: 0.001).loss
        crf.fit(data, iterations: 300, learningRate: 0.1, l2: 0.001)
        #expect(crf.objective(crf.theta, data, l2: 0.001).loss < before / 4)
        #expect(crf.edges.count == 50 && crf.edges != start)
        for sequence in data.sequences {
            #expect(Self.bruteForceDecode(crf, data, sequence) == data.examples[sequence.range].map(\.label))
        }
    }

    /// An exclusive-or only edge weights can learn: a second sentence with feature f follows a
    /// Situation as a Task and an Action as a Result; one with g the other way round. Per
    /// label pair the steps S->T, S->R, A->T and A->R each occur once, so no first-order
    /// table with emissions can label all four answers (the four inequalities sum to 0 > 0);
    /// with edges for f and g the fit labels every one.
    @Test func edgeWeightsLearnWhatNoFirstOrderTableCan() {
        // Features: 0 bias, 1 opens with S, 2 opens with A, 3 f, 4 g. Edge rows: f 0, g 1.
        let answers: [(first: Int32, second: Int32, labels: [Int])] = [(1, 3, [0, 1]), (2, 3, [2, 3]), (1, 4, [0, 3]), (2, 4, [2, 1])]
        func fitted(edges: Bool) -> (CRF, CRF.Data) {
            var examples: [Trainer.Example] = [], sequences: [CRF.Sequence] = []
            for a in answers {
                let first = examples.count
                examples.append(Trainer.Example(features: [0, a.first], label: a.labels[0]))
                examples.append(Trainer.Example(features: [0, a.second], label: a.labels[1], edges: edges ? [a.second - 3] : []))
                sequences.append(CRF.Sequence(range: first..<examples.count, allowed: [0x1F, 0x1F], written: [-1, -1]))
            }
            let zero = { (n: Int) in [Double](repeating: 0, count: n) }
            var crf = CRF(weights: zero(5 * 5), features: 5, start: zero(5), transitions: zero(25), open: zero(25), paragraph: zero(25), end: zero(5))
            if edges { crf.edges = zero(2 * 25) }
            let data = CRF.Data(examples: examples, sequences: sequences, explicitBonus: 0)
            crf.fit(data, iterations: 400, learningRate: 0.1, l2: 0.0001)
            return (crf, data)
        }
        func correct(_ fit: (CRF, CRF.Data)) -> Int {
            fit.1.sequences.filter { Self.bruteForceDecode(fit.0, fit.1, $0) == fit.1.examples[$0.range].map(\.label) }.count
        }
        #expect(correct(fitted(edges: false)) < 4)
        #expect(correct(fitted(edges: true)) == 4)
    }

    /// Rewritten copies of the training answers (`augment`) change the weights but not which
    /// words and word pairs the model keeps: copies do not count towards the minimum count.
    @Test func augmentedCopiesChangeWeightsNotTheVocabulary() throws {
        let dev = try CorpusLoader.load(directory: packageRoot + "/Corpus/answers").filter { CorpusSplit.dev.contains($0) }.prefix(40)
        var options = TrainingOptions()
        options.iterations = 20
        options.crfIterations = 0
        options.augment = 0
        let plain = Trainer.train(Array(dev), lexicon: .bundled, options: options)
        options.augment = 7
        let augmented = Trainer.train(Array(dev), lexicon: .bundled, options: options)
        func words(_ model: String) -> [Substring] {
            model.split(separator: "\n").compactMap { line in
                guard let tab = line.firstIndex(of: "\t"), !line.hasPrefix("x:"), !line.hasPrefix("sfx:") else { return nil }
                return line[..<tab]
            }
        }
        #expect(words(plain).count > 500)
        #expect(words(plain) == words(augmented))
        #expect(plain != augmented)
        #expect(augmented.contains("rewritten copies"))
    }

    /// Each `augment` bit adds one copy per answer its rewrite applies to; the chained bits
    /// (128: no part labels, then one paragraph; 256: fillers, then "we") only where every
    /// rewrite in the chain applies.
    @Test func augmentBitsCountTheirCopies() throws {
        let dev = Array(try CorpusLoader.load(directory: packageRoot + "/Corpus/answers").filter { CorpusSplit.dev.contains($0) }.prefix(40))
        var options = TrainingOptions()
        options.iterations = 1
        options.crfIterations = 0
        options.quantifiedIterations = 0
        options.presenceIterations = 0
        func copies(_ bits: Int) -> Int {
            options.augment = bits
            let header = Trainer.train(dev, lexicon: .bundled, options: options).split(separator: "\n")[1]
            guard let r = header.range(of: "; and ") else { return 0 }
            return Int(header[r.upperBound...].prefix { $0.isNumber })!
        }
        func applying(_ chain: [Perturbation]) -> Int {
            dev.filter { a in chain.reduce(Optional(a)) { r, p in r.flatMap { p.apply($0, lexicon: .bundled) } } != nil }.count
        }
        let labelled = applying([.noLabels]), joined = applying([.noLabels, .oneParagraph])
        #expect(labelled > 0 && joined > 0 && joined <= labelled)
        #expect(copies(1) == labelled)
        #expect(copies(128) == joined)
        #expect(copies(1 | 128) == labelled + joined)
        #expect(copies(256) == applying([.fillers, .we]))
        for (bit, p) in [(2, Perturbation.oneParagraph), (16, .fillers), (32, .we), (64, .short)] {
            #expect(copies(bit) == applying([p]), "\(p)")
        }
    }

    /// Training with and without the CRF step: the step changes the model and writes its
    /// transitions at full weight, and training stays byte-for-byte deterministic.
    @Test func trainingWithTheCRFIsDeterministic() throws {
        let dev = try CorpusLoader.load(directory: packageRoot + "/Corpus/answers").filter { CorpusSplit.dev.contains($0) }.prefix(40)
        var options = TrainingOptions()
        options.iterations = 20
        options.crfIterations = 5
        let a = Trainer.train(Array(dev), lexicon: .bundled, options: options)
        let b = Trainer.train(Array(dev), lexicon: .bundled, options: options)
        #expect(a == b)
        let model = try SentenceModel(bytes: Array(a.utf8))
        #expect(model.transitionWeight == 1 && model.priorWeight == 0)
        options.crfIterations = 0
        let local = try SentenceModel(bytes: Array(Trainer.train(Array(dev), lexicon: .bundled, options: options).utf8))
        #expect(local.transitionWeight == TrainingOptions().transitionWeight)
        #expect(local.version != model.version)
    }
}
