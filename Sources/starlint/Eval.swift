import ArgumentParser
import StarlintCore

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval",
        abstract: "Measure STAR labelling, quantified-result detection and the score against the labelled corpus.")

    enum Labeler: String, ExpressibleByArgument, CaseIterable { case model, cues }

    @Argument(help: "Folder of labelled answers (NAME.md + NAME.labels).")
    var path: String = "Corpus/answers"

    @Option(help: "Which answers: heldout (never tuned on), dev, or all.")
    var split: CorpusSplit = .heldout

    @Option(help: "Labeller to evaluate: the trained model or the cue-phrase baseline.")
    var labeler: Labeler = .model

    @Flag(help: "Also run cross-validation of training on the dev split (5 folds, or one per writing round with --by-round).")
    var crossValidate = false

    @Option(help: ArgumentHelp("With --cross-validate: repeat it over N fold assignments (the fixed folds, then N-1 reshuffled ones) and report the spread across them.", valueName: "N"))
    var repeats = 1

    @Flag(name: .customLong("by-round"), help: ArgumentHelp("With --cross-validate: leave one writing round out at a time (the rounds in rounds.txt beside the answers folder) instead of random folds; a test of prose by new writers in new fields."))
    var byRound = false

    @Option(name: .customLong("train-option"), help: ArgumentHelp("With --cross-validate: override a training option (name=value), e.g. l2=0.001.", valueName: "NAME=VALUE"))
    var trainOptions: [String] = []

    @Option(help: ArgumentHelp("Rewrite the evaluated answers first, to measure robustness: one-paragraph, no-labels, typos, lowercase, fillers, we or short (with --cross-validate, the test folds too).", valueName: "KIND"))
    var perturb: Perturbation?

    @Flag(name: .customLong("by-style"), help: ArgumentHelp("Also report macro-F1 per writing style (the styles: tags of the corpus: short, typos, hypothetical, plain ...), with and without part labels; with --cross-validate, pooled over the folds too."))
    var byStyle = false

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var lexicons: LexiconOptions

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be 1 or more") }
        guard repeats == 1 || crossValidate else { throw ValidationError("--repeats needs --cross-validate") }
        guard !byRound || crossValidate else { throw ValidationError("--by-round needs --cross-validate") }
        guard !byRound || repeats == 1 else { throw ValidationError("--by-round has one fold assignment; it cannot be repeated") }
    }

    func run() throws {
        try guarded {
            let lexicon = try lexicons.load()
            var options = TrainingOptions()
            for o in trainOptions { try options.set(o) }
            // The rounds file is checked before any evaluation runs.
            var writingRounds: [ClosedRange<Int>]?
            if byRound {
                let file = path + "/../rounds.txt"
                let bytes: [UInt8]
                do { bytes = try FileIO.read(file, limit: 1 << 20) } catch {
                    throw CLIFailure(message: "--by-round needs the writing rounds in \(file): " + ((error as? FileIO.ReadError) == .notFound ? "no such file" : "cannot read it"))
                }
                writingRounds = try CorpusSplit.rounds(bytes, path: file)
            }
            let all = try CorpusLoader.load(directory: path)
            var answers = all.filter { split.contains($0) }
            if let perturb { answers = answers.compactMap { perturb.apply($0, lexicon: lexicon) } }
            guard !answers.isEmpty else { throw CLIFailure(message: "no answers to evaluate in \(path) (split \(split.rawValue))") }
            let l: any SentenceLabeler = labeler == .cues ? CueLabeler(lexicon: lexicon) : ModelLabeler(model: lexicon.model)
            let name = split.rawValue + (perturb.map { ", \($0.rawValue)" } ?? "")
            let analyzer = Analyzer(lexicon: lexicon, labeler: l)
            var report = Evaluator.evaluate(answers, analyzer: analyzer, split: name, byStyle: byStyle, labelDependence: perturb == nil)
            if crossValidate {
                let dev = all.filter { CorpusSplit.dev.contains($0) }
                var rounds: [CrossValidation] = []
                for shuffle in 0..<repeats {
                    rounds.append(try Evaluator.crossValidate(dev, lexicon: lexicon, options: options, perturb: perturb, shuffle: shuffle, rounds: writingRounds, byStyle: byStyle,
                                                               labelDependence: perturb == nil))
                }
                report.crossValidation = rounds[0]
                if repeats > 1 { report.crossValidationRounds = CrossValidationRounds(rounds) }
            }
            switch format {
            case .json: Terminal.writeOut(JSONOutput.encode(report))
            case .text: Terminal.writeOut(EvalText.render(report, uncertainBelow: analyzer.uncertainBelow))
            }
        }
    }
}

extension CorpusSplit: ExpressibleByArgument {}
extension Perturbation: ExpressibleByArgument {}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train",
        abstract: "Rebuild the sentence model from the corpus's dev split (deterministic).")

    @Option(help: "Folder of labelled answers.")
    var corpus: String = "Corpus/answers"

    @Option(help: "Where to write the model.")
    var output: String = "Lexicons/model.txt"

    @Flag(help: "Do not write; exit 1 if the model at --output differs from what training produces.")
    var check = false

    @OptionGroup var lexicons: LexiconOptions

    func run() throws {
        try guarded {
            let lexicon = try lexicons.load()
            let dev = try CorpusLoader.load(directory: corpus).filter { CorpusSplit.dev.contains($0) }
            // Trained to its fixed point (see Trainer.trainToFixedPoint), so that the model
            // written here is what one pass produces once it is built in, as the tests check.
            let (text, passes, settled) = try Trainer.trainToFixedPoint(dev, lexicon: lexicon, lexiconDirectory: lexicons.directory)
            if !settled {
                Terminal.writeErr("starlint: warning: the model still changed after \(passes) training passes; writing the last one")
            }
            if check {
                let existing = (try? FileIO.read(output)).map { String(decoding: $0, as: UTF8.self) }
                if existing != text {
                    throw CLIFailure(message: "\(output) is not what training produces; run 'starlint train'", code: 1)
                }
                Terminal.writeOut("\(output) is up to date")
                return
            }
            do {
                try FileIO.write(Array(text.utf8), to: output)
            } catch {
                throw CLIFailure(message: "\(output): cannot be written")
            }
            let model = try SentenceModel(bytes: Array(text.utf8))
            Terminal.writeOut("wrote \(output): model \(model.version), \(model.featureCount) features from \(dev.count) answers")
        }
    }
}

enum EvalText {
    /// The uncertain marks at `threshold` (the rubric's), with the others in the JSON.
    static func uncertainLine(_ all: [UncertaintyMetrics]?, threshold: Double) -> String? {
        guard let u = all?.first(where: { $0.threshold == threshold }), u.sentences > 0 else { return nil }
        func pct(_ v: Double) -> String { String(Int((v * 100).rounded())) + "%" }
        return "uncertain below \(threshold) (without part labels): \(pct(u.markedShare)) of sentences marked, \(pct(u.markedPrecision)) of them wrong, \(pct(u.wrongCaught)) of wrong labels caught\n"
    }

    /// "; F1 S 0.885 T 0.863 A 0.933 R 0.900": where the figure without part labels is lost.
    static func partF1(_ confusion: [[Int]]?, pooled: Bool = false) -> String {
        guard let confusion else { return "" }
        let f1 = Evaluator.partF1(confusion)
        return (pooled ? " (pooled F1 " : "; F1 ") + zip("STAR", f1).map { "\($0) \(format3($1))" }.joined(separator: " ") + (pooled ? ")" : "")
    }

    /// What naming each answer's question changes (`QuestionGiven`), and how often its kind
    /// was known and right.
    static func questionGivenLine(_ g: QuestionGiven) -> String {
        let f = format3
        var o = "macro-F1 \(f(g.macroF1)) (with part labels \(f(g.withPartLabelsMacroF1)), without \(f(g.withoutPartLabelsMacroF1))), presence \(f(g.presenceAccuracy)), quantified \(f(g.quantifiedAccuracy)), Spearman \(f(g.spearman)); "
        o += "question kind known for \(g.kinds.known) of \(g.kinds.answers) answers, right for \(g.kinds.right)"
        if let u = g.unseenKinds, u.answers > 0 { o += " (questions no training answer was asked: known \(u.known) of \(u.answers), right \(u.right))" }
        return o + "\n"
    }

    static func render(_ r: EvalReport, uncertainBelow: Double) -> String {
        let f = format3, pad = right
        var o = "split \(r.split), labeller \(r.labeler): \(r.answers) answers, \(r.sentences) sentences, accuracy \(f(r.accuracy))\n\n"
        o += "label      precision  recall     F1  support\n"
        for m in r.perLabel {
            o += "\(m.label.rawValue.padding(10))\(pad(f(m.precision), 9))\(pad(f(m.recall), 8))\(pad(f(m.f1), 7))\(pad(String(m.support), 9))\n"
        }
        o += "\nmacro-F1 (S/T/A/R)        \(f(r.macroF1))\n"
        o += "  with part labels        \(f(r.withPartLabels.macroF1))  (\(r.withPartLabels.answers) answers)\n"
        o += "  without part labels     \(f(r.withoutPartLabels.macroF1))  (\(r.withoutPartLabels.answers) answers\(partF1(r.withoutPartLabelsConfusion)))\n"
        if let d = r.labelDependence {
            o += "  labels removed          \(f(d.labelsRemoved.macroF1))  (the same \(d.labelsRemoved.answers) labelled answers without their labels)\n"
            o += "  and paragraphs joined   \(f(d.labelsRemovedOneParagraph.macroF1))  (\(d.labelsRemovedOneParagraph.answers) of them, those with no list; \(f(d.flattenedAsWritten.macroF1)) as written)\n"
        }
        o += "component presence acc.   \(f(r.presenceAccuracy))  (missed S T A R: \(r.presenceMissed.map(String.init).joined(separator: " ")); found where absent: \(r.presenceSpurious.map(String.init).joined(separator: " ")))\n"
        o += "quantified-result acc.    \(f(r.quantifiedAccuracy))\n"
        o += "Spearman(score, quality)  \(f(r.spearman))\n"
        if let line = uncertainLine(r.uncertainWithoutPartLabels, threshold: uncertainBelow) { o += line }
        if let g = r.questionGiven { o += "with each answer's question named: " + questionGivenLine(g) }
        o += "\nconfusion (rows gold, columns predicted)\n        S     T     A     R     O\n"
        for (i, row) in r.confusion.enumerated() {
            o += "  \(StarLabel(index: i).letter) " + row.map { pad(String($0), 6) }.joined() + "\n"
        }
        o += "\nworst answers (sentence accuracy, gold / predicted)\n"
        for w in r.worst.prefix(5) {
            o += "  \(w.id)  \(f(w.accuracy))  \(w.gold)\n              \(w.predicted)\n"
        }
        if let styles = r.byStyle { o += "\nby writing style\n" + styleTable(styles) }
        if let types = r.byQuestionType { o += "\nby question type (the gap kind with kind)\n" + typeTable(types) }
        if let cv = r.crossValidation {
            let kind = cv.byRound == true ? "\(cv.folds) writing rounds, each left out in turn," : "\(cv.folds)-fold cross-validation"
            o += "\n\(kind) on dev: macro-F1 \(f(cv.macroF1Mean)) ± \(f(cv.macroF1StdDev)) (\(cv.byRound == true ? "rounds" : "folds") \(cv.macroF1.map(f).joined(separator: ", ")))\n"
            o += "  presence \(f(cv.presenceAccuracyMean)) (missed S T A R: \(cv.presenceMissed.map(String.init).joined(separator: " ")); found where absent: \(cv.presenceSpurious.map(String.init).joined(separator: " "))), quantified \(f(cv.quantifiedAccuracyMean)), Spearman \(f(cv.spearmanMean)) ± \(f(cv.spearmanStdDev))\n"
            o += "  macro-F1 with part labels \(f(cv.withPartLabelsMacroF1Mean)), without \(f(cv.withoutPartLabelsMacroF1Mean))\(partF1(cv.withoutPartLabelsConfusion, pooled: true))\n"
            if let d = cv.labelDependence {
                o += "  labelled answers, pooled: as written \(f(d.asWritten.macroF1)), labels removed \(f(d.labelsRemoved.macroF1)), and paragraphs joined \(f(d.labelsRemovedOneParagraph.macroF1)) (\(d.labelsRemovedOneParagraph.answers) of \(d.asWritten.answers), those with no list; \(f(d.flattenedAsWritten.macroF1)) as written)\n"
            }
            if let line = uncertainLine(cv.uncertainWithoutPartLabels, threshold: uncertainBelow) { o += "  " + line }
            if let g = cv.questionGiven { o += "  with each test answer's question named: " + questionGivenLine(g) }
            o += "  confusion summed over folds (rows gold S T A R O): " + cv.confusion.map { $0.map(String.init).joined(separator: " ") }.joined(separator: " | ") + "\n"
            if let styles = cv.byStyle { o += "  by writing style, pooled over the \(cv.byRound == true ? "rounds" : "folds")\n" + styleTable(styles) }
            if let types = cv.byQuestionType { o += "  by question type, pooled over the \(cv.byRound == true ? "rounds" : "folds")\n" + typeTable(types) }
        }
        if let r = r.crossValidationRounds {
            o += "\ncross-validation over \(r.rounds.count) fold assignments (round 0 = the fixed folds):\n"
            for cv in r.rounds {
                o += "  round \(cv.shuffle): macro-F1 \(f(cv.macroF1Mean)), without part labels \(f(cv.withoutPartLabelsMacroF1Mean)), quantified \(f(cv.quantifiedAccuracyMean)), Spearman \(f(cv.spearmanMean))\n"
            }
            o += "  across rounds: macro-F1 \(f(r.macroF1Mean)) ± \(f(r.macroF1StdDev)), without part labels \(f(r.withoutPartLabelsMacroF1Mean)) ± \(f(r.withoutPartLabelsMacroF1StdDev)), quantified \(f(r.quantifiedAccuracyMean)), Spearman \(f(r.spearmanMean))\n"
        }
        return o
    }

    /// One line per style: macro-F1, sentence accuracy and answers, without part labels and
    /// then with them ("-" for none), and, when measured, the answers with part labels again
    /// with their labels taken out (the same answers: what the labels are worth within the
    /// style). A style's macro-F1 swings with its rarest part (a few Task sentences among
    /// hundreds), so the accuracy is shown beside it.
    static func styleTable(_ styles: [StyleMetrics]) -> String {
        table(styles.map { ($0.style, $0.withoutPartLabels, $0.withPartLabels, $0.labelsRemoved) }, column: "style")
    }

    /// One line per question type, laid out as `styleTable` lays out a style's.
    static func typeTable(_ types: [QuestionTypeMetrics]) -> String {
        table(types.map { ($0.type, $0.withoutPartLabels, $0.withPartLabels, nil) }, column: "type")
    }

    static func table(_ rows: [(name: String, without: SubsetMetrics, with: SubsetMetrics, removed: SubsetMetrics?)], column: String) -> String {
        func cell(_ m: SubsetMetrics) -> String {
            m.answers == 0 ? right("-", 9) + right("-", 9) + right("0", 8)
                : right(format3(m.macroF1), 9) + right(format3(m.accuracy), 9) + right(String(m.answers), 8)
        }
        func pair(_ m: SubsetMetrics?) -> String {
            guard let m, m.answers > 0 else { return right("-", 9) + right("-", 9) }
            return right(format3(m.macroF1), 9) + right(format3(m.accuracy), 9)
        }
        let removed = rows.contains { $0.removed != nil }
        let width = max(16, (rows.map(\.name.count).max() ?? 0) + 2)
        var o = "  " + "".padding(width) + "      without part labels          with part labels" + (removed ? "       labels removed" : "") + "\n"
        o += "  " + column.padding(width) + " macro-F1 accuracy answers  macro-F1 accuracy answers" + (removed ? "  macro-F1 accuracy" : "") + "\n"
        for r in rows {
            o += "  " + r.name.padding(width) + cell(r.without) + "  " + cell(r.with) + (removed ? "  " + pair(r.removed) : "") + "\n"
        }
        return o
    }

    /// `s` right-aligned in `n` columns (as is, if longer).
    static func right(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }

    /// A figure with three decimals ("0.950", not "0.95").
    static func format3(_ v: Double) -> String {
        let s = String((v * 1000).rounded() / 1000)
        return s.count < 5 ? s + String(repeating: "0", count: 5 - s.count) : s
    }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calibrate",
        abstract: "Fit the rubric's deductions and weights to the corpus's quality grades (dev split only).")

    @Option(help: "Folder of labelled answers.")
    var corpus: String = "Corpus/answers"

    @Option(help: "Where to write the rubric.")
    var output: String = "Lexicons/rubric.txt"

    @OptionGroup var lexicons: LexiconOptions

    func run() throws {
        try guarded {
            let lexicon = try lexicons.load()
            let dev = try CorpusLoader.load(directory: corpus).filter { CorpusSplit.dev.contains($0) }
            var result = Calibrator.fit(dev, analyzer: Analyzer(lexicon: lexicon))
            let changed = result.rubric.render() != lexicon.rubric.render()
            if changed { result.rubric.version = String((Int(lexicon.rubric.version) ?? 0) + 1) }
            do {
                try FileIO.write(Array(result.rubric.render().utf8), to: output)
            } catch {
                throw CLIFailure(message: "\(output): cannot be written")
            }
            Terminal.writeOut("wrote \(output) (rubric \(result.rubric.version)): dev Spearman \(result.spearmanBefore) -> \(result.spearmanAfter)")
        }
    }
}
