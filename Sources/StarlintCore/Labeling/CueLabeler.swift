/// The baseline labeller: counts cue phrases per part, with small position and
/// number nudges. Kept for comparison in `starlint eval --labeler cues`, and used
/// when no trained model is available.
public struct CueLabeler: SentenceLabeler {
    public var name: String { "cues" }

    public init(lexicon: Lexicon) {}

    public func label(_ input: AnalysisInput, hypotheticalQuestion: Bool) -> [LabelPrediction] {
        let n = input.document.sentences.count
        return (0..<n).map { k in
            if let l = input.document.sentences[k].explicitLabel { return LabelPrediction(label: l, confidence: 1) }
            let f = input.facts[k]
            var scores = StarLabel.allCases.map { Double(f.cueCount($0)) }
            if f.quantifiesChange { scores[3] += 1.5 }
            if k == 0 { scores[0] += 0.5 }
            if k == n - 1 { scores[3] += 0.5 }
            if f.subjectI { scores[2] += 0.3 }
            let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
            if scores[best] <= 0 { return LabelPrediction(label: .action, confidence: 0.3) }
            let total = scores.reduce(0, +)
            return LabelPrediction(label: StarLabel(index: best), confidence: scores[best] / total)
        }
    }
}
