#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether an answer has each of Situation, Task, Action and Result at all: four small
/// logistic regressions over the labeller's marginals, trained by `starlint train` and
/// stored in the model file (`p:` lines with one weight).
///
/// The Viterbi path says a part is there when one sentence's best label is that part. The
/// answer-level question can use more: how strong the best candidate is, how strong the
/// second one is, how much of the part the marginals spread over the whole answer, how many
/// sentences the path gives it, the answer's length and whether the author wrote part
/// labels. Where the model disagrees with the path, the labels follow it: a part it finds
/// goes to the sentence most likely to be that part, and a part it rules out gives each of
/// its sentences their next most likely label (a part the author wrote a label for is
/// never ruled out, and a sentence keeps its label when the next is less than a twentieth
/// as likely).
///
/// Features, for part P (each `p:P name`): `bias`, `max` and `second` (log-odds of the
/// largest and second-largest marginal of P), `count` (sentences the path labels P, up to
/// 3), `sum` (P's marginals summed over the sentences), `size` (log of the number of
/// sentences), `labelled` (the answer has part labels) and `max-labelled` (`max` times it).
public struct PresenceModel: Sendable {
    static let featureNames = ["bias", "max", "second", "count", "sum", "size", "labelled", "max-labelled"]
    static let keys: [[UInt64]] = (0..<4).map { p in featureNames.map { Feature.symbol("p:\(StarLabel(index: p).letter) \($0)") } }
    /// A ruled-out part's sentence keeps its label when the next one's marginal is below this
    /// share of it. (No answer of the corpus has such a move with the committed model.)
    static let minimumMove = 0.05
    /// Weights, part after part (S, T, A, R), `featureNames.count` each.
    private(set) var weights: [Double] = []

    public var isEmpty: Bool { weights.isEmpty }

    init() {}

    /// Position of `key` in `weights` (part times the feature count, plus the feature), if it
    /// is one of the presence features.
    static func index(of key: UInt64) -> Int? {
        for p in 0..<4 { if let j = keys[p].firstIndex(of: key) { return p * featureNames.count + j } }
        return nil
    }

    /// Takes a model-file line's weight if `key` is one of the presence features.
    mutating func add(key: UInt64, weight: Double) -> Bool {
        guard let i = Self.index(of: key) else { return false }
        if weights.isEmpty { weights = Array(repeating: 0, count: 4 * Self.featureNames.count) }
        weights[i] = weight
        return true
    }

    /// Weight of `key` (0 when the model has no such feature).
    func weight(_ key: UInt64) -> Double {
        guard let i = Self.index(of: key), !weights.isEmpty else { return 0 }
        return weights[i]
    }

    @inline(__always)
    static func logOdds(_ v: Double) -> Double { log(v + 1e-6) - log(1 - v + 1e-6) }

    /// The features of part `p` from the marginals (`m[t * 5 + j]`), the path and whether the
    /// answer has part labels.
    static func features(part p: Int, marginals m: [Double], path: [Int], labelled: Bool) -> [Double] {
        let n = path.count
        var top = 0.0, second = 0.0, sum = 0.0
        for t in 0..<n {
            let v = m[t * 5 + p]
            sum += v
            if v > top { second = top; top = v } else if v > second { second = v }
        }
        let count = Double(min(3, path.reduce(0) { $0 + ($1 == p ? 1 : 0) }))
        let lab = labelled ? 1.0 : 0.0
        return [1, logOdds(top), logOdds(second), count, sum, log(Double(max(1, n))), lab, logOdds(top) * lab]
    }

    /// Whether the model finds part `p` in the answer.
    func isPresent(part p: Int, marginals: [Double], path: [Int], labelled: Bool) -> Bool {
        let f = Self.features(part: p, marginals: marginals, path: path, labelled: labelled)
        let n = Self.featureNames.count
        var z = 0.0
        for j in 0..<n { z += weights[p * n + j] * f[j] }
        return z > 0
    }

    /// `labels` made to agree with the model's presence decisions (see the type's comment),
    /// all four decided on the path as decoded. A ruled-out part's sentences take their most
    /// likely allowed label among the parts found and Other; then each part found and not on
    /// the path goes to the allowed sentence most likely to be it, leaving alone a sentence
    /// another addition took and one that is the only sentence of a part found.
    func apply(_ labels: [LabelPrediction], marginals m: [Double], allowed: [UInt8], written: [StarLabel?]) -> [LabelPrediction] {
        guard !isEmpty, !labels.isEmpty else { return labels }
        let path = labels.map { $0.label.index }
        let labelled = written.contains { $0 != nil }
        let present = (0..<4).map { isPresent(part: $0, marginals: m, path: path, labelled: labelled) } + [true]
        func ok(_ t: Int, _ j: Int) -> Bool { allowed[t] & (1 << UInt8(j)) != 0 }
        var wrote = [false, false, false, false, false]
        for case let l? in written { wrote[l.index] = true }
        var out = labels
        var count = [0, 0, 0, 0, 0]
        for t in out.indices {
            var l = path[t]
            if !present[l] && !wrote[l] {
                var next = -1
                for j in 0..<5 where present[j] && j != l && ok(t, j) && (next < 0 || m[t * 5 + j] > m[t * 5 + next]) { next = j }
                // Not into a label the sentence model all but rules out: a long run-on answer,
                // one sentence told with "I decided ... and I put ...", had its Action (0.71)
                // ruled out and went to Other at 0.000000001.
                if next >= 0, m[t * 5 + next] < Self.minimumMove * m[t * 5 + l] { next = -1 }
                if next >= 0 { out[t].label = StarLabel(index: next); out[t].confidence = m[t * 5 + next]; l = next }
            }
            count[l] += 1
        }
        // A one-sentence answer keeps the part the sentence model reads in it: ruled out on
        // presence features that have one sentence to go on, "Last month I fixed a bug in
        // production and the errors stopped." went to Other at 0.15 and was told it had no
        // Action. (With more sentences an answer can rightly lose every part: four sentences
        // of why the candidate wants the job are all Other.)
        if out.count == 1, count[4] == 1, path[0] < 4 { return labels }
        var taken = [Bool](repeating: false, count: out.count)
        for p in 0..<4 where present[p] && count[p] == 0 {
            var best = -1
            for t in out.indices where ok(t, p) && !taken[t] && (best < 0 || m[t * 5 + p] > m[best * 5 + p]) {
                let l = out[t].label.index
                if l < 4 && present[l] && count[l] == 1 { continue }
                best = t
            }
            if best >= 0 {
                count[out[best].label.index] -= 1
                count[p] += 1
                out[best].label = StarLabel(index: p)
                out[best].confidence = m[best * 5 + p]
                taken[best] = true
            }
        }
        return out
    }
}
