/// Fits the rubric's deductions and dimension weights so that scores track the
/// corpus's human quality grades (Spearman correlation), on the dev split only.
///
/// Findings do not depend on the rubric's costs, so they are computed once; the search
/// then re-scores in memory. Coordinate ascent over a fixed grid of multipliers, in a
/// fixed order: the same corpus always gives the same rubric.
public enum Calibrator {
    public struct Result: Sendable {
        public var rubric: Rubric
        public var spearmanBefore: Double
        public var spearmanAfter: Double
    }

    /// The least gain in dev Spearman for which a step is taken. Smaller gains are within the
    /// noise of a few answers more or less: taking them made the weights wander with every
    /// corpus addition (missing-result at 44 points, then 22) for +0.001.
    public static let minimumGain = 0.002

    /// Sets `band.2` ... `band.5`: each halfway between the median dev scores of the grade
    /// below and its own, so a score is shown beside the grade whose answers score most like
    /// it. Left out when a grade has no answers or two medians are too close for a band.
    static func setBands(_ rubric: inout Rubric, _ samples: [([Finding], Double)]) {
        for key in ScoreBand.startKeys { rubric.values[key] = nil }
        let scorer = Scorer(rubric: rubric)
        var byGrade: [Int: [Int]] = [:]
        for (findings, grade) in samples { byGrade[Int(grade), default: []].append(scorer.score(findings).score) }
        func median(_ g: Int) -> Double? {
            guard let s = byGrade[g]?.sorted(), !s.isEmpty else { return nil }
            return s.count % 2 == 1 ? Double(s[s.count / 2]) : Double(s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        var starts: [Double] = []
        for g in 2...5 {
            guard let a = median(g - 1), let b = median(g) else { return }
            let start = ((a + b) / 2).rounded()
            guard start > (starts.last ?? 0), start <= 100 else { return }
            starts.append(start)
        }
        for (key, start) in zip(ScoreBand.startKeys, starts) { rubric.values[key] = start }
    }

    public static func fit(_ answers: [CorpusAnswer], analyzer: Analyzer, rounds: Int = 3) -> Result {
        var samples: [([Finding], Double)] = []
        for a in answers.sorted(by: { $0.id < $1.id }) {
            let input = analyzer.prepare(bytes: a.bytes)
            guard !input.document.sentences.isEmpty else { continue }
            let analysis = analyzer.analyze(input: input, path: a.path, contentHash: "")
            samples.append((analysis.findings, Double(a.quality)))
        }
        let grades = samples.map(\.1)
        func objective(_ r: Rubric) -> Double {
            let scorer = Scorer(rubric: r)
            return Evaluator.spearman(samples.map { Double(scorer.score($0.0).score) }, grades)
        }
        var best = analyzer.lexicon.rubric
        let before = objective(best)
        var bestValue = before
        let multipliers = [0.5, 0.75, 1.25, 1.5, 2.0]
        for _ in 0..<rounds {
            var improved = false
            // A rule at 0 points is unscored on purpose (`spelling`): no multiple of 0 moves it.
            for id in best.costs.keys.sorted() where best.costs[id]!.points > 0 {
                for m in multipliers {
                    var trial = best
                    var c = trial.costs[id]!
                    let ratio = c.points > 0 ? c.cap / c.points : 1
                    c.points = min(100, max(1, (c.points * m).rounded()))
                    c.cap = min(100, max(c.points, (c.points * ratio).rounded()))
                    trial.costs[id] = c
                    let v = objective(trial)
                    if v >= bestValue + minimumGain { best = trial; bestValue = v; improved = true }
                }
            }
            for d in Dimension.allCases {
                for m in multipliers {
                    var trial = best
                    trial.weights[d] = ((trial.weights[d] ?? 0) * m * 1000).rounded() / 1000
                    let v = objective(trial)
                    if v >= bestValue + minimumGain { best = trial; bestValue = v; improved = true }
                }
            }
            if !improved { break }
        }
        // Normalise weights to sum to 1.
        let sum = best.weights.values.reduce(0, +)
        if sum > 0 { for d in Dimension.allCases { best.weights[d] = ((best.weights[d] ?? 0) / sum * 1000).rounded() / 1000 } }
        setBands(&best, samples)
        return Result(rubric: best, spearmanBefore: before, spearmanAfter: objective(best))
    }
}
