import Testing
@testable import StarlintCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Quantified-result model")
struct QuantifiedModelTests {
    let analyzer = Analyzer()

    /// A model file with no sentence features and the given quantified-model lines.
    static func model(_ lines: String) throws -> SentenceModel {
        try SentenceModel(bytes: Array("""
            version = test
            transition-weight = 1
            prior = 0 0 0 0 0
            start = 0 0 0 0 0
            transitions = \((0..<25).map { _ in "0" }.joined(separator: " "))
            end = 0 0 0 0 0
            features = 2
            w:fell\t0.5 0 0 1 0
            \(lines)
            w:rota\t0 0 1 0 0

            """.utf8))
    }

    func p(_ l: StarLabel, _ r: Double) -> LabelPrediction { LabelPrediction(label: l, confidence: 0.6, resultProbability: r) }

    @Test func oneWeightLinesAreTheQuantifiedModel() throws {
        let m = try Self.model("q:bias\t-1.5\nqw:claims\t2\nqb:<num> claims\t0.25\nqs:since\t0.5")
        #expect(m.featureCount == 2)
        #expect(m.quantified.featureCount == 4)
        #expect(m.quantified.weight(Feature.key(name: "qs:since")!) == 0.5)
        #expect(m.quantified.weight(Feature.symbol("q:bias")) == -1.5)
        #expect(m.quantified.weight(Feature.key(name: "qb:<num> claims")!) == 0.25)
        #expect(m.quantified.weight(Feature.symbol("q:rule")) == 0)
        #expect(ModelLabeler(model: m).quantifiedModel != nil)
        // Older files have none: the facts decide alone.
        #expect(try Self.model("").quantified.isEmpty)
        #expect(ModelLabeler(model: try Self.model("")).quantifiedModel == nil)
        #expect(CueLabeler(lexicon: .bundled).quantifiedModel == nil)
        // Two weights on a line is neither kind, and one weight belongs to the q namespaces only.
        #expect(throws: StarlintError.self) { try Self.model("qw:claims\t1 2") }
        #expect(throws: StarlintError.self) { try Self.model("w:claims\t1") }
        #expect(throws: StarlintError.self) { try Self.model("qx:claims\t1") }
    }

    /// Features come from candidate sentences only (labelled Result, or Result probability at
    /// least the threshold), are the words within three of a figure and every word of the
    /// sentence, and keep each key's largest candidate weight.
    @Test func featuresAreWordsNearFiguresInCandidateSentences() {
        let input = analyzer.prepare(bytes: Array("""
            We handled about forty claims a month for that customer, mostly for torn seams.
            I added a first-metre check on every roll.
            In the next two quarters we had two claims in total from them.
            """.utf8))
        var sink = NamedValueSink()
        QuantifiedModel.features(input, [p(.situation, 0.3), p(.action, 0.05), p(.result, 0.9)], ruleFires: false,
                                 minProbability: 0.2, numberWords: Lexicon.bundled.numberWords, into: &sink)
        let names = Dictionary(uniqueKeysWithValues: sink.pairs.values.map { ($0.name, $0.value) })
        #expect(names["q:bias"] == 1)
        #expect(names["q:rule"] == nil)
        #expect(names["qb:<num> claims"] == 1)  // the Result's weight beats the Situation's 0.3
        #expect(names["qw:quarters"] == 1)
        #expect(names["qw:month"] == 0.3)  // only in the first sentence
        #expect(names["qw:a"] == 0.3 && names["qw:for"] == nil)  // "for" is the fourth word after "forty"
        #expect(names["qw:seams"] == nil)
        #expect(names["qf:number-word"] == 1)
        #expect(names["qw:roll"] == nil)  // the Action is no candidate (0.05 < 0.2)
        // Every word of a candidate sentence, near a figure or not; number words are qw: only.
        #expect(names["qs:seams"] == 0.3 && names["qs:total"] == 1 && names["qs:claims"] == 1)
        #expect(names["qs:roll"] == nil && names["qs:forty"] == nil && names["qs:two"] == nil)
        #expect(names.keys.contains { $0.hasPrefix("qw:") && $0.contains("first") } == false)
    }

    /// `qf:cross-unit`: a candidate's figure has the unit of another value's figure in an
    /// earlier sentence (the before figure told in the Situation), and only then.
    @Test func crossUnitNeedsAnEarlierFigureOfTheSameUnitWithAnotherValue() {
        func cross(_ text: String, _ labels: [LabelPrediction]) -> Double? {
            let input = analyzer.prepare(bytes: Array(text.utf8))
            var sink = NamedValueSink()
            QuantifiedModel.features(input, labels, ruleFires: false, minProbability: 0.2,
                                     numberWords: Lexicon.bundled.numberWords, into: &sink)
            return sink.pairs.values.first { $0.name == "qf:cross-unit" }?.value
        }
        let labels = [p(.situation, 0), p(.action, 0), p(.result, 0.9)]
        // Triggering: the same unit with another value (values compared as written: "nine" and "5").
        #expect(cross("Each audit took nine days end to end. I scripted the sampling. The last one took 5 days.", labels) == 1)
        #expect(cross("We had 14 defects per flat on the first block. I walked the snagging daily. The second block had 7 defects per flat.", labels) == 1)
        // Weighted by the candidate: a sentence with some Result probability.
        #expect(cross("Each audit took nine days end to end. I scripted the sampling. The last one took 5 days.",
                      [p(.situation, 0), p(.action, 0), p(.action, 0.4)]) == 0.4)
        // Not triggering: the same value again, another unit, the later sentence, a word that is no unit.
        #expect(cross("I trained six agents that spring. I wrote the scripts. The six agents now run the desk.", labels) == nil)
        #expect(cross("Each audit took nine days end to end. I scripted the sampling. We then hired 5 analysts.", labels) == nil)
        #expect(cross("The last one took 5 days. I scripted the sampling. Each audit had taken nine days.",
                      [p(.result, 0.9), p(.action, 0), p(.situation, 0)]) == nil)
        #expect(cross("There were 40 and the rest waited. I scripted the sampling. Only 5 and the manager were left.", labels) == nil)
        // Years say when, not how much.
        #expect(cross("In 2019 customers waited a week. I scripted the sampling. In 2021 customers were happier.", labels) == nil)
    }

    /// The model's probability is the logistic of its weights; it vetoes a change the facts
    /// found only below `quantified.model-veto`, and finds one they missed only from
    /// `quantified.model-rescue` (0.12 and 0.65 in the bundled rubric), naming the candidate
    /// whose own features weigh most.
    @Test func vetoAndRescueFollowTheProbability() throws {
        let changed = analyzer.prepare(bytes: Array("Complaints fell from 40 a week to 6. The desk was swamped. I rewrote the replies. Everyone was happier.".utf8))
        let labels = [p(.result, 0.9), p(.situation, 0.05), p(.action, 0.1), p(.result, 0.8)]
        #expect(RuleContext.quantifiedResult(changed, labels, hasResult: true, minProbability: 0.2) == 0)
        func context(_ input: AnalysisInput, _ labels: [LabelPrediction], _ lines: String) throws -> RuleContext {
            RuleContext(input: input, labels: labels, lexicon: .bundled, settings: AnalysisSettings(), hypotheticalQuestion: false,
                        quantifiedModel: try Self.model(lines).quantified)
        }
        // p = logistic(-3 + 2) = 0.27: not below the 0.12 veto, so the facts stand; nor is
        // p = logistic(-3 + 1.5) = 0.18 (below the 0.25 veto of rubric 12).
        let kept = try context(changed, labels, "q:bias\t-3\nq:rule\t2")
        #expect(abs(kept.quantifiedProbability! - 1 / (1 + exp(1.0))) < 1e-9)
        #expect(kept.quantifiedResultSentence == 0 && !kept.quantifiedVetoed)
        #expect(try context(changed, labels, "q:bias\t-3\nq:rule\t1.5").quantifiedResultSentence == 0)
        // p = logistic(-3 + 1) = 0.119: vetoed (below 0.12), and the finding says why.
        let vetoed = try context(changed, labels, "q:bias\t-3\nq:rule\t1")
        #expect(vetoed.quantifiedResultSentence == nil && vetoed.quantifiedVetoed)
        let findings = ResultNotQuantifiedRule().check(vetoed)
        #expect(findings.map(\.message) == ["the figures given (\"40 a week\", \"6\") describe scope, not a change (quantified-result model: 11%)"])

        let unchanged = analyzer.prepare(bytes: Array("""
            The desk was swamped with billing questions.
            I rewrote the replies.
            In the next two quarters we had two claims from them.
            Everyone was happier.
            """.utf8))
        let labels2 = [p(.situation, 0), p(.action, 0.1), p(.result, 0.9), p(.result, 0.7)]
        #expect(RuleContext.quantifiedResult(unchanged, labels2, hasResult: true, minProbability: 0.2) == nil)
        // "claims" near a figure: p = logistic(-1 + 2.5) = 0.82 reaches 0.65; sentence 2 is the one.
        let rescued = try context(unchanged, labels2, "q:bias\t-1\nqw:claims\t2.5")
        #expect(rescued.quantifiedResultSentence == 2)
        #expect(ResultNotQuantifiedRule().check(rescued).isEmpty)
        // p = logistic(-1 + 1.7) = 0.668 is enough too (the rescue threshold was 0.8 in rubric 12) ...
        #expect(try context(unchanged, labels2, "q:bias\t-1\nqw:claims\t1.7").quantifiedResultSentence == 2)
        // ... p = logistic(-1 + 1.4) = 0.599 no longer is (0.6 in rubric 17) ...
        #expect(try context(unchanged, labels2, "q:bias\t-1\nqw:claims\t1.4").quantifiedResultSentence == nil)
        // ... and p = logistic(-1 + 0.5) = 0.38 is not.
        let missed = try context(unchanged, labels2, "q:bias\t-1\nqw:claims\t0.5")
        #expect(missed.quantifiedResultSentence == nil && !missed.quantifiedVetoed)
        #expect(ResultNotQuantifiedRule().check(missed).map(\.message)
                    == ["the Result has figures (\"two quarters\", \"two claims\"), but they describe scope or time, not a change (quantified-result model: 37%)"])
        // No Result: no model, no quantified result.
        let none = try context(unchanged, labels2.map { p($0.label == .result ? .other : $0.label, $0.resultProbability) }, "q:bias\t5")
        #expect(none.quantifiedProbability == nil && none.quantifiedResultSentence == nil)
    }

    /// A sentence whose only figures are time put in ("I put in about 50 hours") is never the
    /// quantified Result, however sure the model is of its words: it is set aside and the model
    /// asked again without it, so another sentence the model finds a change in still counts.
    @Test func timePutInIsNotRescued() throws {
        func context(_ text: String, _ labels: [LabelPrediction], _ lines: String) throws -> RuleContext {
            RuleContext(input: analyzer.prepare(bytes: Array(text.utf8)), labels: labels, lexicon: .bundled, settings: AnalysisSettings(),
                        hypotheticalQuestion: false, quantifiedModel: try Self.model(lines).quantified)
        }
        let effort = "The desk was swamped. I rewrote the replies. Over the next two quarters I put in about 50 hours of claims work."
        // ("hours" makes the effort sentence the model's pick over the other below.)
        let lines = "q:bias\t-1\nqw:claims\t2.5\nqs:claims\t2.5\nqw:hours\t1"
        let labels = [p(.situation, 0), p(.action, 0.1), p(.result, 0.9)]
        // "claims": p = logistic(-1 + 2.5) = 0.82 at least, over the 0.65 rescue; the only
        // candidate is effort, so nothing counts, and the finding says why (without the model's
        // figure, which is no longer about that sentence).
        let set = try context(effort, labels, lines)
        #expect(set.quantifiedResultSentence == nil && set.quantifiedEffort == 2 && !set.quantifiedVetoed)
        #expect(ResultNotQuantifiedRule().check(set).map(\.message)
                    == ["the Result has figures (\"two quarters\", \"50 hours\"), but they count time put in, not a change it made"])
        // Another Result sentence with a change only the model reads is rescued instead.
        let both = try context(effort + " We had two claims in the next two quarters.", labels + [p(.result, 0.9)], lines)
        #expect(both.quantifiedResultSentence == 3 && both.quantifiedEffort == 2)
        // The same figures with a comparison, a saving or a number that is no span of time are
        // not effort only, and are rescued as before.
        for result in ["Over the next two quarters I put in about 50 hours less on the claims.",
                       "Over the next two quarters I saved about 50 hours on the claims.",
                       "Over the next two quarters I worked on 50 claims."] {
            let c = try context("The desk was swamped. I rewrote the replies. " + result, labels, lines)
            #expect(c.quantifiedResultSentence == 2 && c.quantifiedEffort == nil, "\(result)")
        }
        // Effort told with "spent", "worked", "devoted" and with number words and digits alike.
        for result in ["I spent three weekends on the claims.", "I worked 12 hours a day on the claims for two weeks.",
                       "I devoted roughly forty hours to the claims."] {
            #expect(RuleContext.effortOnly(analyzer.prepare(bytes: Array(result.utf8)), 0, numberWords: Lexicon.bundled.numberWords), "\(result)")
        }
        // A figure that is no span, a year, or no verb of putting time in: not effort only.
        // Nor are two spans in one unit (compared), nor time against another time or given back.
        for result in ["I spent 400 pounds on the claims.", "I worked on 50 claims in 2023.", "The claims took two weeks.",
                       "The agents spent 40 minutes per ticket in January and 15 minutes per ticket in June.",
                       "The agents spend 15 minutes per ticket versus 40 minutes last year.",
                       "The new rota put 5 hours a week back into each agent's diary."] {
            #expect(!RuleContext.effortOnly(analyzer.prepare(bytes: Array(result.utf8)), 0, numberWords: Lexicon.bundled.numberWords), "\(result)")
        }
    }

    /// The thresholds' edges: a probability equal to `quantified.model-veto` is not vetoed
    /// (below only), and one equal to `quantified.model-rescue` is rescued (from it on).
    @Test func thresholdsAreVetoBelowAndRescueFrom() throws {
        let z = -1.0, edge = 1 / (1 + exp(-z))  // q:bias -3 plus q:rule 2, or q:bias -2 plus qw:claims 1
        let dir = "/tmp/starlint-threshold-test-\(getpid())"
        mkdir(dir, 0o700)
        defer { unlink(dir + "/rubric.txt"); rmdir(dir) }
        let rubric = String(decoding: try FileIO.read(packageRoot + "/Lexicons/rubric.txt"), as: UTF8.self)
        func lexicon(veto: Double, rescue: Double) throws -> Lexicon {
            let lines = rubric.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                if line.hasPrefix("quantified.model-veto =") { return "quantified.model-veto = \(veto)" }
                if line.hasPrefix("quantified.model-rescue =") { return "quantified.model-rescue = \(rescue)" }
                return String(line)
            }
            try FileIO.write(Array(lines.joined(separator: "\n").utf8), to: dir + "/rubric.txt")
            return try Lexicon.load(directory: dir)
        }
        let changed = analyzer.prepare(bytes: Array("Complaints fell from 40 a week to 6. The desk was swamped.".utf8))
        let unchanged = analyzer.prepare(bytes: Array("The desk was swamped. In the next two quarters we had two claims.".utf8))
        let labels = [p(.result, 1), p(.result, 1)]
        func context(_ input: AnalysisInput, _ lex: Lexicon, _ lines: String) throws -> RuleContext {
            RuleContext(input: input, labels: labels, lexicon: lex, settings: AnalysisSettings(), hypotheticalQuestion: false,
                        quantifiedModel: try Self.model(lines).quantified)
        }
        let atP = try lexicon(veto: edge, rescue: edge)
        #expect(atP.rubric.value("quantified.model-veto", default: 0) == edge)
        let kept = try context(changed, atP, "q:bias\t-3\nq:rule\t2")
        #expect(kept.quantifiedProbability == edge && !kept.quantifiedVetoed && kept.quantifiedResultSentence == 0)
        let rescued = try context(unchanged, atP, "q:bias\t-2\nqw:claims\t1")
        #expect(rescued.quantifiedProbability == edge && rescued.quantifiedResultSentence != nil)
        let above = try lexicon(veto: edge.nextUp, rescue: edge.nextUp)
        #expect(try context(changed, above, "q:bias\t-3\nq:rule\t2").quantifiedVetoed)
        #expect(try context(unchanged, above, "q:bias\t-2\nqw:claims\t1").quantifiedResultSentence == nil)
    }

    /// A rescue names the candidate whose features weigh most: each feature once per sentence,
    /// times how much the sentence is a Result, so a Situation that repeats a word near its
    /// figures does not outweigh the Result that says it once.
    @Test func aRescueNamesTheSentenceThatWeighsMost() throws {
        let input = analyzer.prepare(bytes: Array("""
            Last year we had forty claims in March and thirty claims in April.
            I added a check on every roll.
            In the next two quarters we had two claims.
            """.utf8))
        let labels = [p(.situation, 0.3), p(.action, 0.05), p(.result, 0.9)]
        #expect(RuleContext.quantifiedResult(input, labels, hasResult: true, minProbability: 0.2) == nil)
        let m = try Self.model("q:bias\t-1\nqw:claims\t2").quantified
        let (probability, sentence) = m.probability(input, labels, ruleFires: false, minProbability: 0.2,
                                                    numberWords: Lexicon.bundled.numberWords)
        #expect(abs(probability - 1 / (1 + exp(-1.0))) < 1e-9)
        #expect(sentence == 2)
        // With the Situation a full candidate too, the tie goes to the first.
        let (_, first) = m.probability(input, [p(.result, 1), labels[1], labels[2]], ruleFires: false, minProbability: 0.2,
                                       numberWords: Lexicon.bundled.numberWords)
        #expect(first == 0)
    }

    /// `vague-result` follows the model's decision: a vetoed change leaves the Result's vague
    /// words to be reported, and the sentence a rescue names is not "vague with no figure".
    @Test func vagueResultFollowsTheModel() throws {
        func context(_ text: String, _ labels: [LabelPrediction], _ lines: String?) throws -> RuleContext {
            RuleContext(input: analyzer.prepare(bytes: Array(text.utf8)), labels: labels, lexicon: .bundled, settings: AnalysisSettings(),
                        hypotheticalQuestion: false, quantifiedModel: try lines.map { try Self.model($0).quantified })
        }
        let labels = [p(.situation, 0), p(.result, 0.9)]
        let changed = "The desk was swamped. Complaints fell significantly, from 40 a week to 6."
        #expect(try VagueResultRule().check(context(changed, labels, nil)).isEmpty)
        #expect(try VagueResultRule().check(context(changed, labels, "q:bias\t-3\nq:rule\t2")).isEmpty)  // p = 0.27: kept
        let vetoed = try context(changed, labels, "q:bias\t-3\nq:rule\t1")  // p = 0.119
        #expect(vetoed.quantifiedVetoed)
        #expect(VagueResultRule().check(vetoed).map(\.message) == ["vague result 'significantly' with no measured change"])

        let unchanged = "The desk was swamped. In the next two quarters we had two claims from them, which helped significantly."
        let plain = try context(unchanged, labels, nil)
        #expect(plain.quantifiedResultSentence == nil)
        #expect(VagueResultRule().check(plain).count == 1)
        let rescued = try context(unchanged, labels, "q:bias\t-1\nqw:claims\t2.5")  // p = 0.82
        #expect(rescued.quantifiedResultSentence == 1)
        #expect(VagueResultRule().check(rescued).isEmpty)
    }

    /// The fit separates what the targets separate, and is the same on every run.
    @Test func fittingIsLogisticRegression() {
        // Feature 0: bias; feature 1 marks the positives; feature 2 is noise on both sides.
        let rows: [[(Int, Double)]] = (0..<40).map { i in
            var r: [(Int, Double)] = [(0, 1)]
            if i % 2 == 0 { r.append((1, 1)) }
            if i % 4 < 2 { r.append((2, 1)) }
            return r
        }
        let targets = (0..<40).map { $0 % 2 == 0 }
        let w = QuantifiedModel.fit(rows: rows, labels: targets, features: 3, iterations: 300, learningRate: 0.5, l2: 0.003)
        #expect(w[1] > 2 && w[0] < -1)
        #expect(abs(w[2]) < w[1] / 5)
        #expect(w == QuantifiedModel.fit(rows: rows, labels: targets, features: 3, iterations: 300, learningRate: 0.5, l2: 0.003))
        // More penalty, smaller weights.
        let strong = QuantifiedModel.fit(rows: rows, labels: targets, features: 3, iterations: 300, learningRate: 0.5, l2: 0.1)
        #expect(abs(strong[1]) < abs(w[1]))
    }
}
