#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Precision, recall and F1 of one label.
public struct LabelMetrics: Sendable, Codable, Equatable {
    public var label: StarLabel
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var support: Int
}

/// Figures for a subset of answers (with or without part labels).
public struct SubsetMetrics: Sendable, Codable, Equatable {
    public var answers: Int
    public var sentences: Int
    public var macroF1: Double
    public var accuracy: Double
}

/// Labelling figures for the answers the corpus tags with one writing style (`styles:` in
/// the sidecar: short, typos, hypothetical, plain ...), with and without part labels: where
/// a gap between the two groups comes from. With cross-validation, pooled over the folds.
public struct StyleMetrics: Sendable, Codable, Equatable {
    public var style: String
    public var withPartLabels: SubsetMetrics
    public var withoutPartLabels: SubsetMetrics
    /// The same answers as `withPartLabels`, labelled again with their part labels taken out
    /// (with `labelDependence`): what the labels are worth within the style, on the same
    /// answers, where `withoutPartLabels` is other answers.
    public var labelsRemoved: SubsetMetrics? = nil
}

/// Labelling figures for the answers to one kind of question (the corpus's `type:`: career
/// progression, situational ...), with and without part labels. Kinds are not spread evenly
/// between answers with and without part labels (the corpus's answers about career plans,
/// the hardest to read, are mostly unlabelled), so the overall gap between the two groups
/// measures the kind as well as the labels; compared kind with kind, it does not. With
/// cross-validation, pooled over the folds.
public struct QuestionTypeMetrics: Sendable, Codable, Equatable {
    public var type: String
    public var withPartLabels: SubsetMetrics
    public var withoutPartLabels: SubsetMetrics
}

/// Confusion counts of a group of answers (one style's, or all of them), kept apart for
/// answers with and without part labels, so that folds can be pooled before any F1 is taken.
struct StyleTally {
    var labelled = [[Int]](repeating: [Int](repeating: 0, count: 5), count: 5)
    var plain = [[Int]](repeating: [Int](repeating: 0, count: 5), count: 5)
    var labelledAnswers = 0, plainAnswers = 0

    mutating func add(_ o: StyleTally) {
        for i in 0..<5 { for j in 0..<5 { labelled[i][j] += o.labelled[i][j]; plain[i][j] += o.plain[i][j] } }
        labelledAnswers += o.labelledAnswers
        plainAnswers += o.plainAnswers
    }

    /// One row per question type, in name order.
    static func typeMetrics(_ tallies: [String: StyleTally]) -> [QuestionTypeMetrics] {
        tallies.keys.sorted().map { type in
            let t = tallies[type]!
            return QuestionTypeMetrics(type: type, withPartLabels: Evaluator.subset(t.labelledAnswers, t.labelled),
                                       withoutPartLabels: Evaluator.subset(t.plainAnswers, t.plain))
        }
    }

    /// `removed`: the labelled answers' tallies with their labels taken out (they count as
    /// answers without part labels there), by style, for `StyleMetrics.labelsRemoved`.
    static func metrics(_ tallies: [String: StyleTally], removed: [String: StyleTally]? = nil) -> [StyleMetrics] {
        tallies.keys.sorted().map { style in
            let t = tallies[style]!
            var m = StyleMetrics(style: style, withPartLabels: Evaluator.subset(t.labelledAnswers, t.labelled),
                                 withoutPartLabels: Evaluator.subset(t.plainAnswers, t.plain))
            if let removed, t.labelledAnswers > 0 {
                let r = removed[style] ?? StyleTally()
                m.labelsRemoved = Evaluator.subset(r.plainAnswers, r.plain)
            }
            return m
        }
    }
}

/// How well the uncertain marks find wrong labels in answers without part labels, at one
/// confidence threshold: sentences below it are the ones a report marks `?`.
public struct UncertaintyMetrics: Sendable, Codable, Equatable {
    public var threshold: Double
    /// Sentences of answers without part labels.
    public var sentences: Int
    /// Of those, below the threshold, and how many of those are labelled wrong.
    public var marked: Int
    public var markedWrong: Int
    /// Sentences labelled wrong, marked or not.
    public var wrong: Int

    /// Share of sentences marked, share of marked ones wrong, share of wrong ones marked.
    public var markedShare: Double { sentences > 0 ? Double(marked) / Double(sentences) : 0 }
    public var markedPrecision: Double { marked > 0 ? Double(markedWrong) / Double(marked) : 0 }
    public var wrongCaught: Double { wrong > 0 ? Double(markedWrong) / Double(wrong) : 0 }

    /// The counts of two sets of answers together (at the same threshold).
    static func + (a: Self, b: Self) -> Self {
        Self(threshold: a.threshold, sentences: a.sentences + b.sentences, marked: a.marked + b.marked,
             markedWrong: a.markedWrong + b.markedWrong, wrong: a.wrong + b.wrong)
    }
}

public struct WorstAnswer: Sendable, Codable, Equatable {
    public var id: String
    public var accuracy: Double
    public var gold: String
    public var predicted: String
}

public struct CrossValidation: Sendable, Codable, Equatable {
    /// Which fold assignment (`CorpusSplit.folds`): 0 is the fixed one.
    public var shuffle: Int
    /// True when the folds are writing rounds (`--by-round`), each left out in turn; nil otherwise.
    public var byRound: Bool? = nil
    public var folds: Int
    public var macroF1: [Double]
    public var macroF1Mean: Double
    public var macroF1StdDev: Double
    public var presenceAccuracyMean: Double
    public var quantifiedAccuracyMean: Double
    public var spearmanMean: Double
    public var spearmanStdDev: Double
    public var withoutPartLabelsMacroF1Mean: Double
    public var withPartLabelsMacroF1Mean: Double
    /// Summed over folds: confusion[gold][predicted].
    public var confusion: [[Int]]
    /// Summed over folds: the same for answers without part labels.
    public var withoutPartLabelsConfusion: [[Int]]? = nil
    /// Summed over folds: answers whose part (S, T, A, R) was missed, and found where the
    /// answer has none (`EvalReport.presenceMissed`, `presenceSpurious`).
    public var presenceMissed: [Int] = [0, 0, 0, 0]
    public var presenceSpurious: [Int] = [0, 0, 0, 0]
    /// With `eval --by-style`: figures per writing style, pooled over the folds' sentences.
    public var byStyle: [StyleMetrics]? = nil
    /// Figures per question type (`EvalReport.byQuestionType`), pooled over the folds' sentences.
    public var byQuestionType: [QuestionTypeMetrics]? = nil
    /// Pooled over the folds: the labelled test answers without their labels and paragraphs
    /// (`EvalReport.labelDependence`).
    public var labelDependence: LabelDependence? = nil
    /// Summed over folds: the uncertain marks at each of `Evaluator.uncertaintyThresholds`.
    public var uncertainWithoutPartLabels: [UncertaintyMetrics]? = nil
    /// Means over the folds with every test answer's question named (`EvalReport.questionGiven`).
    public var questionGiven: QuestionGiven? = nil
}

/// How often the kind of an answer's question was known (from the bank, or the classifier
/// sure enough: `Analyzer.questionKind`) and right, against the corpus's `type:`.
public struct QuestionKindTally: Sendable, Codable, Equatable {
    public var answers = 0
    public var known = 0
    public var right = 0

    static func + (a: Self, b: Self) -> Self { Self(answers: a.answers + b.answers, known: a.known + b.known, right: a.right + b.right) }

    /// Counts `answer`, and whether `analyzer` knows its question's kind and gets it right.
    mutating func add(_ answer: CorpusAnswer, analyzer: Analyzer) {
        answers += 1
        guard let k = analyzer.questionKind(answer.question) else { return }
        known += 1
        if k.name == answer.type { right += 1 }
    }
}

/// The same answers labelled as if each named its question (`score --question`, or a
/// `question:` line), from its `.labels` file: what knowing the question is worth. Most
/// corpus answers do not name it in their text, as most practice answers will not.
public struct QuestionGiven: Sendable, Codable, Equatable {
    public var macroF1: Double
    public var withPartLabelsMacroF1: Double
    public var withoutPartLabelsMacroF1: Double
    public var presenceAccuracy: Double
    public var quantifiedAccuracy: Double
    public var spearman: Double
    /// Answers without part labels: sentences labelled wrong.
    public var withoutPartLabelsWrong: Int
    public var kinds: QuestionKindTally
    /// Cross-validation only: the answers whose question is neither in the bank nor asked of
    /// any training answer (the classifier's test on questions it never saw).
    public var unseenKinds: QuestionKindTally? = nil
}

/// What `starlint eval` reports.
public struct EvalReport: Sendable, Codable, Equatable {
    public var split: String
    public var labeler: String
    public var answers: Int
    public var sentences: Int
    public var accuracy: Double
    public var perLabel: [LabelMetrics]
    public var macroF1: Double
    /// confusion[gold][predicted] in S T A R O order.
    public var confusion: [[Int]]
    public var presenceAccuracy: Double
    /// Per part (S, T, A, R): answers that have it where no sentence was labelled so, and
    /// answers without it where some sentence was: the two ways presence goes wrong.
    public var presenceMissed: [Int] = [0, 0, 0, 0]
    public var presenceSpurious: [Int] = [0, 0, 0, 0]
    public var quantifiedAccuracy: Double
    public var spearman: Double
    public var withPartLabels: SubsetMetrics
    public var withoutPartLabels: SubsetMetrics
    /// confusion[gold][predicted] of answers without part labels alone: which parts the
    /// model confuses when the writer names none.
    public var withoutPartLabelsConfusion: [[Int]]? = nil
    /// With `evaluate(..., labelDependence: true)`: what the writer's part labels and
    /// paragraphs themselves are worth, measured on the same answers (see `LabelDependence`).
    public var labelDependence: LabelDependence? = nil
    public var worst: [WorstAnswer]
    /// With `eval --by-style`: figures per writing style.
    public var byStyle: [StyleMetrics]? = nil
    /// Per question type (the `.labels` `type:`), with and without part labels: the gap
    /// compared kind with kind (`QuestionTypeMetrics`).
    public var byQuestionType: [QuestionTypeMetrics]? = nil
    /// The uncertain marks at each of `Evaluator.uncertaintyThresholds` (the rubric's
    /// `confidence.uncertain` is one of them), on answers without part labels.
    public var uncertainWithoutPartLabels: [UncertaintyMetrics]? = nil
    public var crossValidation: CrossValidation?
    /// The answers again, each with its question named.
    public var questionGiven: QuestionGiven? = nil
    /// With `eval --repeats N`: the cross-validation run over N fold assignments.
    public var crossValidationRounds: CrossValidationRounds?
}

/// The answers with part labels, labelled again with the labels taken out, and again with
/// the labels taken out and the answer in one paragraph. The corpus's answers with and
/// without labels differ in more than the labels (the unlabelled ones are more often short,
/// rambling or hypothetical), so the gap between `withPartLabels` and `withoutPartLabels` is
/// not the labels' worth alone; these figures are, for the same answers.
public struct LabelDependence: Sendable, Codable, Equatable {
    /// The labelled answers as written (the `withPartLabels` figure).
    public var asWritten: SubsetMetrics
    /// The same answers, their part labels removed.
    public var labelsRemoved: SubsetMetrics
    /// Those of them that can be joined once the labels are removed (no list, and no heading
    /// but a label heading), labels removed and lines joined into one paragraph
    /// (`flattenedAsWritten`: the same answers as written).
    public var labelsRemovedOneParagraph: SubsetMetrics
    public var flattenedAsWritten: SubsetMetrics
}

/// Confusion counts behind `LabelDependence`, kept apart so that folds can be pooled.
struct DependenceTally {
    static let empty = [[Int]](repeating: [Int](repeating: 0, count: 5), count: 5)
    var asWritten = empty, removed = empty, flat = empty, flatWritten = empty
    var answers = 0, flatAnswers = 0
    /// `removed` by writing style (`StyleMetrics.labelsRemoved`).
    var styles: [String: StyleTally] = [:]

    init() {}

    /// The labelled ones of `answers`, labelled as written, without their part labels, and
    /// (those that can then be joined: no list) without labels in one paragraph.
    init(_ answers: [CorpusAnswer], analyzer: Analyzer) {
        let lexicon = analyzer.lexicon
        var labelled: [CorpusAnswer] = [], removedAnswers: [CorpusAnswer] = [], joinable: [CorpusAnswer] = [], flatAnswers: [CorpusAnswer] = []
        for a in answers where a.labelled {
            guard let r = Perturbation.noLabels.apply(a, lexicon: lexicon) else { continue }
            labelled.append(a)
            removedAnswers.append(r)
            if let f = Perturbation.oneParagraph.apply(r, lexicon: lexicon) {
                joinable.append(a)
                flatAnswers.append(f)
            }
        }
        // Answers without part labels are all there is in the rewritten sets; the written
        // sets' labelled answers are the whole confusion less the unlabelled part.
        func plain(_ a: [CorpusAnswer]) -> [[Int]] { Evaluator.evaluateWithStyles(a, analyzer: analyzer, split: "").0.withoutPartLabelsConfusion ?? Self.empty }
        func written(_ a: [CorpusAnswer]) -> [[Int]] {
            let r = Evaluator.evaluateWithStyles(a, analyzer: analyzer, split: "").0
            let p = r.withoutPartLabelsConfusion ?? Self.empty
            return (0..<5).map { i in (0..<5).map { j in r.confusion[i][j] - p[i][j] } }
        }
        self.answers = removedAnswers.count
        self.flatAnswers = flatAnswers.count
        guard !removedAnswers.isEmpty else { return }
        asWritten = written(labelled)
        let (removedReport, removedStyles, _) = Evaluator.evaluateWithStyles(removedAnswers, analyzer: analyzer, split: "")
        removed = removedReport.withoutPartLabelsConfusion ?? Self.empty
        styles = removedStyles
        if !flatAnswers.isEmpty {
            flat = plain(flatAnswers)
            flatWritten = written(joinable)
        }
    }

    mutating func add(_ o: DependenceTally) {
        for i in 0..<5 {
            for j in 0..<5 {
                asWritten[i][j] += o.asWritten[i][j]; removed[i][j] += o.removed[i][j]
                flat[i][j] += o.flat[i][j]; flatWritten[i][j] += o.flatWritten[i][j]
            }
        }
        answers += o.answers
        flatAnswers += o.flatAnswers
        for (style, t) in o.styles { styles[style, default: StyleTally()].add(t) }
    }

    var metrics: LabelDependence? {
        guard answers > 0 else { return nil }
        return LabelDependence(asWritten: Evaluator.subset(answers, asWritten), labelsRemoved: Evaluator.subset(answers, removed),
                               labelsRemovedOneParagraph: Evaluator.subset(flatAnswers, flat), flattenedAsWritten: Evaluator.subset(flatAnswers, flatWritten))
    }
}

/// Cross-validation repeated over several fold assignments: how much the split alone moves
/// the figures. A change smaller than the spread across rounds is not one to trust.
public struct CrossValidationRounds: Sendable, Codable, Equatable {
    /// Round 0 (the fixed folds) first.
    public var rounds: [CrossValidation]
    public var macroF1Mean: Double
    public var macroF1StdDev: Double
    public var withoutPartLabelsMacroF1Mean: Double
    public var withoutPartLabelsMacroF1StdDev: Double
    public var quantifiedAccuracyMean: Double
    public var spearmanMean: Double

    public init(_ rounds: [CrossValidation]) {
        self.rounds = rounds
        let f1 = rounds.map(\.macroF1Mean), plain = rounds.map(\.withoutPartLabelsMacroF1Mean)
        macroF1Mean = Evaluator.round3(Evaluator.mean(f1))
        macroF1StdDev = Evaluator.round3(Evaluator.stddev(f1))
        withoutPartLabelsMacroF1Mean = Evaluator.round3(Evaluator.mean(plain))
        withoutPartLabelsMacroF1StdDev = Evaluator.round3(Evaluator.stddev(plain))
        quantifiedAccuracyMean = Evaluator.round3(Evaluator.mean(rounds.map(\.quantifiedAccuracyMean)))
        spearmanMean = Evaluator.round3(Evaluator.mean(rounds.map(\.spearmanMean)))
    }
}

/// Runs an analyzer over labelled answers and measures it against the gold labels.
public enum Evaluator {
    /// The confidence thresholds `eval` measures the uncertain marks at (and the rubric's).
    public static let uncertaintyThresholds: [Double] = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]

    /// With `byStyle`, the report has figures per writing style (`EvalReport.byStyle`).
    /// With `labelDependence`, the labelled answers are labelled again without their part
    /// labels and paragraphs (`EvalReport.labelDependence`).
    public static func evaluate(_ answers: [CorpusAnswer], analyzer: Analyzer, split: String, byStyle: Bool = false,
                                labelDependence: Bool = false) -> EvalReport {
        let (report, tallies, _) = evaluateWithStyles(answers, analyzer: analyzer, split: split)
        var r = report
        let dependence = labelDependence ? DependenceTally(answers, analyzer: analyzer) : nil
        if byStyle { r.byStyle = StyleTally.metrics(tallies, removed: dependence?.styles) }
        r.labelDependence = dependence?.metrics
        r.questionGiven = questionGiven(answers, analyzer: analyzer, split: split)
        return r
    }

    /// `answers` labelled with their questions named (see `QuestionGiven`).
    static func questionGiven(_ answers: [CorpusAnswer], analyzer: Analyzer, split: String) -> QuestionGiven {
        let q = evaluateWithStyles(answers, analyzer: analyzer, split: split, questionGiven: true).0
        var kinds = QuestionKindTally()
        for a in answers { kinds.add(a, analyzer: analyzer) }
        return QuestionGiven(macroF1: q.macroF1, withPartLabelsMacroF1: q.withPartLabels.macroF1, withoutPartLabelsMacroF1: q.withoutPartLabels.macroF1,
                             presenceAccuracy: q.presenceAccuracy, quantifiedAccuracy: q.quantifiedAccuracy, spearman: q.spearman,
                             withoutPartLabelsWrong: wrong(q.withoutPartLabelsConfusion ?? []), kinds: kinds)
    }

    static func wrong(_ c: [[Int]]) -> Int {
        c.indices.reduce(0) { t, i in t + c[i].indices.reduce(0) { $0 + ($1 == i ? 0 : c[i][$1]) } }
    }

    /// With `questionGiven`, every answer is labelled as if its question were named
    /// (`score --question`), from its `.labels` file.
    static func evaluateWithStyles(_ answers: [CorpusAnswer], analyzer: Analyzer, split: String,
                                   questionGiven: Bool = false) -> (EvalReport, styles: [String: StyleTally], types: [String: StyleTally]) {
        var styles: [String: StyleTally] = [:], types: [String: StyleTally] = [:]
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: 5), count: 5)
        // Every answer's counts, with and without part labels; its styles' get the same.
        var byLabels = StyleTally()
        var presenceHits = 0, presenceTotal = 0
        var missed = [0, 0, 0, 0], spurious = [0, 0, 0, 0]
        var quantHits = 0
        var scores: [Double] = [], grades: [Double] = []
        var worst: [WorstAnswer] = []
        // The fixed thresholds and the one the analyzer marks at, if it is another.
        var uncertain = Set(uncertaintyThresholds + [analyzer.uncertainBelow]).sorted().map {
            UncertaintyMetrics(threshold: $0, sentences: 0, marked: 0, markedWrong: 0, wrong: 0)
        }
        for a in answers.sorted(by: { $0.id < $1.id }) {
            let input = analyzer.prepare(bytes: a.bytes)
            let analysis = analyzer.analyze(input: input, path: a.path, contentHash: "", question: questionGiven ? a.question : nil)
            let gold = CorpusLoader.goldLabels(input.document, a)
            var hit = 0, total = 0
            var g = "", p = ""
            var t = StyleTally()
            for (k, gl) in gold.enumerated() {
                guard let gl else { continue }
                let pl = analysis.sentences[k].label
                confusion[gl.index][pl.index] += 1
                if a.labelled { t.labelled[gl.index][pl.index] += 1 } else {
                    t.plain[gl.index][pl.index] += 1
                    // As reports mark them: a sentence under a written part label never is.
                    let confidence = analysis.sentences[k].confidence, written = analysis.sentences[k].explicitLabel
                    for i in uncertain.indices {
                        uncertain[i].sentences += 1
                        if gl != pl { uncertain[i].wrong += 1 }
                        if !written, confidence < uncertain[i].threshold {
                            uncertain[i].marked += 1
                            if gl != pl { uncertain[i].markedWrong += 1 }
                        }
                    }
                }
                total += 1
                if gl == pl { hit += 1 }
                g.append(gl.letter)
                p.append(pl.letter)
            }
            if a.labelled { t.labelledAnswers = 1 } else { t.plainAnswers = 1 }
            byLabels.add(t)
            for style in Set(a.styles) where !style.isEmpty { styles[style, default: StyleTally()].add(t) }
            types[a.type.isEmpty ? "unknown" : a.type, default: StyleTally()].add(t)
            for l in [StarLabel.situation, .task, .action, .result] {
                let gp = a.segments.contains { $0.label == l }
                let pp = analysis.sentences.contains { $0.label == l }
                presenceTotal += 1
                if gp == pp { presenceHits += 1 } else if gp { missed[l.index] += 1 } else { spurious[l.index] += 1 }
            }
            if analysis.quantifiedResult == a.quantified { quantHits += 1 }
            scores.append(Double(analysis.score))
            grades.append(Double(a.quality))
            worst.append(WorstAnswer(id: a.id, accuracy: total > 0 ? Double(hit) / Double(total) : 1, gold: g, predicted: p))
        }
        worst.sort { ($0.accuracy, $0.id) < ($1.accuracy, $1.id) }
        let per = metrics(confusion)
        var report = EvalReport(
            split: split, labeler: analyzer.labeler.name, answers: answers.count, sentences: confusion.joined().reduce(0, +),
            accuracy: accuracy(confusion), perLabel: per, macroF1: macroF1(per),
            confusion: confusion, presenceAccuracy: ratio(presenceHits, presenceTotal),
            presenceMissed: missed, presenceSpurious: spurious, quantifiedAccuracy: ratio(quantHits, answers.count),
            spearman: spearman(scores, grades),
            withPartLabels: subset(byLabels.labelledAnswers, byLabels.labelled), withoutPartLabels: subset(byLabels.plainAnswers, byLabels.plain),
            withoutPartLabelsConfusion: byLabels.plain,
            worst: Array(worst.prefix(10)), uncertainWithoutPartLabels: uncertain, crossValidation: nil)
        report.byQuestionType = StyleTally.typeMetrics(types)
        return (report, styles, types)
    }

    static func subset(_ answers: Int, _ c: [[Int]]) -> SubsetMetrics {
        SubsetMetrics(answers: answers, sentences: c.joined().reduce(0, +), macroF1: macroF1(metrics(c)), accuracy: accuracy(c))
    }

    /// k-fold cross-validation over `answers`: train on k-1 folds, evaluate on the rest.
    /// With `rounds`, the folds are those writing rounds instead (`CorpusSplit.roundFolds`).
    /// With `perturb`, each test fold is rewritten that way (training stays on the answers as written).
    /// `shuffle` picks the fold assignment (`CorpusSplit.folds`): 0 is the fixed one, and
    /// other rounds show how much of a difference between two runs the split alone makes.
    public static func crossValidate(_ answers: [CorpusAnswer], lexicon: Lexicon, options: TrainingOptions = TrainingOptions(), folds: Int = 5,
                                     perturb: Perturbation? = nil, shuffle: Int = 0,
                                     rounds: [ClosedRange<Int>]? = nil, byStyle: Bool = false,
                                     labelDependence: Bool = false) throws(StarlintError) -> CrossValidation {
        var styles: [String: StyleTally] = [:], types: [String: StyleTally] = [:]
        var dependence = DependenceTally()
        var f1s: [Double] = [], pres: [Double] = [], quant: [Double] = [], rho: [Double] = [], plain: [Double] = [], labelled: [Double] = []
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: 5), count: 5), plainConfusion = confusion
        var missed = [0, 0, 0, 0], spurious = [0, 0, 0, 0]
        var uncertain: [UncertaintyMetrics]? = nil
        var given: [QuestionGiven] = []
        var unseen = QuestionKindTally()
        // By writing round: one fold per round; answers in no round always train.
        let folds = rounds?.count ?? folds
        let assigned = rounds.map { CorpusSplit.roundFolds(answers, rounds: $0) } ?? CorpusSplit.folds(answers, count: folds, shuffle: shuffle)
        if let rounds {
            // A round with no answers here (a typing slip in the file) would drop out silently.
            for (k, r) in rounds.enumerated() where !assigned.contains(k) {
                throw .usage("writing round a\(r.lowerBound)-a\(r.upperBound) has no dev answers in this corpus")
            }
        }
        for k in 0..<folds {
            let train = answers.indices.filter { assigned[$0] != k }.map { answers[$0] }
            let fold = answers.indices.filter { assigned[$0] == k }.map { answers[$0] }
            let test = perturb.map { p in fold.compactMap { p.apply($0, lexicon: lexicon) } } ?? fold
            guard !test.isEmpty, !train.isEmpty else { continue }
            let text = Trainer.train(train, lexicon: lexicon, options: options)
            let model = try SentenceModel(bytes: Array(text.utf8))
            let analyzer = Analyzer(lexicon: lexicon, labeler: ModelLabeler(model: model))
            let (r, foldStyles, foldTypes) = evaluateWithStyles(test, analyzer: analyzer, split: "fold \(k)")
            if labelDependence { dependence.add(DependenceTally(test, analyzer: analyzer)) }
            given.append(questionGiven(test, analyzer: analyzer, split: "fold \(k)"))
            let asked = Set(train.map(\.question))
            for a in test where !asked.contains(a.question) && QuestionBank.bundled.question(idOrText: a.question) == nil {
                unseen.add(a, analyzer: analyzer)
            }
            for (style, t) in foldStyles { styles[style, default: StyleTally()].add(t) }
            for (type, t) in foldTypes { types[type, default: StyleTally()].add(t) }
            f1s.append(r.macroF1); pres.append(r.presenceAccuracy); quant.append(r.quantifiedAccuracy); rho.append(r.spearman)
            plain.append(r.withoutPartLabels.macroF1); labelled.append(r.withPartLabels.macroF1)
            for i in 0..<5 { for j in 0..<5 { confusion[i][j] += r.confusion[i][j]; plainConfusion[i][j] += r.withoutPartLabelsConfusion?[i][j] ?? 0 } }
            for l in 0..<4 { missed[l] += r.presenceMissed[l]; spurious[l] += r.presenceSpurious[l] }
            if let u = r.uncertainWithoutPartLabels { uncertain = uncertain.map { zip($0, u).map(+) } ?? u }
        }
        return CrossValidation(shuffle: shuffle, byRound: rounds == nil ? nil : true, folds: f1s.count, macroF1: f1s.map(round3), macroF1Mean: round3(mean(f1s)), macroF1StdDev: round3(stddev(f1s)),
                               presenceAccuracyMean: round3(mean(pres)), quantifiedAccuracyMean: round3(mean(quant)),
                               spearmanMean: round3(mean(rho)), spearmanStdDev: round3(stddev(rho)),
                               withoutPartLabelsMacroF1Mean: round3(mean(plain)), withPartLabelsMacroF1Mean: round3(mean(labelled)), confusion: confusion,
                               withoutPartLabelsConfusion: plainConfusion,
                               presenceMissed: missed, presenceSpurious: spurious,
                               byStyle: byStyle ? StyleTally.metrics(styles, removed: labelDependence ? dependence.styles : nil) : nil,
                               byQuestionType: StyleTally.typeMetrics(types),
                               labelDependence: dependence.metrics,
                               uncertainWithoutPartLabels: uncertain,
                               questionGiven: given.isEmpty ? nil : QuestionGiven(
                                   macroF1: round3(mean(given.map(\.macroF1))), withPartLabelsMacroF1: round3(mean(given.map(\.withPartLabelsMacroF1))),
                                   withoutPartLabelsMacroF1: round3(mean(given.map(\.withoutPartLabelsMacroF1))),
                                   presenceAccuracy: round3(mean(given.map(\.presenceAccuracy))), quantifiedAccuracy: round3(mean(given.map(\.quantifiedAccuracy))),
                                   spearman: round3(mean(given.map(\.spearman))), withoutPartLabelsWrong: given.map(\.withoutPartLabelsWrong).reduce(0, +),
                                   kinds: given.map(\.kinds).reduce(QuestionKindTally(), +), unseenKinds: unseen))
    }

    static func metrics(_ c: [[Int]]) -> [LabelMetrics] {
        (0..<5).map { i in
            let tp = Double(c[i][i])
            let predicted = Double((0..<5).reduce(0) { $0 + c[$1][i] })
            let actual = Double(c[i].reduce(0, +))
            let p = predicted > 0 ? tp / predicted : 0
            let r = actual > 0 ? tp / actual : 0
            let f = p + r > 0 ? 2 * p * r / (p + r) : 0
            return LabelMetrics(label: StarLabel(index: i), precision: round3(p), recall: round3(r), f1: round3(f), support: Int(actual))
        }
    }

    /// F1 of S, T, A and R from confusion counts (confusion[gold][predicted]).
    public static func partF1(_ c: [[Int]]) -> [Double] { metrics(c).prefix(4).map(\.f1) }

    /// Macro-F1 over S, T, A and R (Other is excluded, as the STAR parts are what users see).
    static func macroF1(_ m: [LabelMetrics]) -> Double {
        round3(m.prefix(4).map(\.f1).reduce(0, +) / 4)
    }

    static func accuracy(_ c: [[Int]]) -> Double {
        let total = c.joined().reduce(0, +)
        return total > 0 ? round3(Double((0..<5).reduce(0) { $0 + c[$1][$1] }) / Double(total)) : 0
    }

    static func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? round3(Double(a) / Double(b)) : 0 }
    static func round3(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }
    static func mean(_ v: [Double]) -> Double { v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count) }
    static func stddev(_ v: [Double]) -> Double {
        guard v.count > 1 else { return 0 }
        let m = mean(v)
        return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
    }

    /// Spearman's rank correlation (ties get their average rank).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count, x.count > 2 else { return 0 }
        let rx = ranks(x), ry = ranks(y)
        let mx = mean(rx), my = mean(ry)
        var num = 0.0, dx = 0.0, dy = 0.0
        for i in rx.indices {
            num += (rx[i] - mx) * (ry[i] - my)
            dx += (rx[i] - mx) * (rx[i] - mx)
            dy += (ry[i] - my) * (ry[i] - my)
        }
        guard dx > 0, dy > 0 else { return 0 }
        return round3(num / (dx * dy).squareRoot())
    }

    static func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, v[order[j + 1]] == v[order[i]] { j += 1 }
            let avg = Double(i + j) / 2 + 1
            for k in i...j { r[order[k]] = avg }
            i = j + 1
        }
        return r
    }
}
