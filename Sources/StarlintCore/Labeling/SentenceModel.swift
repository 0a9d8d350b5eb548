#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sentence's label with the model's confidence in it.
public struct LabelPrediction: Sendable, Equatable {
    public var label: StarLabel
    /// Posterior probability of `label` for this sentence (0...1).
    public var confidence: Double
}

/// Anything that labels the sentences of an answer.
public protocol SentenceLabeler: Sendable {
    var name: String { get }
    func label(_ input: AnalysisInput, hypotheticalQuestion: Bool) -> [LabelPrediction]
}

/// Multinomial logistic regression over sentence features, decoded as a sequence.
///
/// Why logistic regression rather than an averaged perceptron: it gives probabilities,
/// which become the per-sentence confidence the report shows, and its L2 penalty keeps
/// weights small for rare words, so one corpus phrase cannot dominate on unseen prose.
/// The sequence part is a first-order transition table (learned from the corpus)
/// combined with the emission probabilities by Viterbi for the labels and
/// forward-backward for the confidences.
public struct SentenceModel: Sendable {
    public static let labelCount = 5
    public var version: String
    /// Feature key -> row in `weights` (5 floats per row).
    var index: [UInt64: Int32]
    var weights: [Float]
    /// Log transition scores: start -> label, label -> label (5x5, row = from), label -> end.
    public var startScores: [Double]
    public var transitionScores: [Double]
    public var endScores: [Double]
    /// Weight of transition scores against emission log-probabilities.
    public var transitionWeight: Double
    /// Log prior of each label in training, and how much of it to divide out of the
    /// emission posteriors before they meet the transition scores (hybrid decoding).
    public var logPrior: [Double] = [0, 0, 0, 0, 0]
    public var priorWeight: Double = 0
    /// Added to the emission score of the label the author wrote ("Result:"), which
    /// the decoder may otherwise only trade for Other.
    public var explicitBonus: Double = 0
    /// Number of features in the model file.
    public var featureCount: Int { index.count }
    public var isTrained: Bool { !index.isEmpty }

    public init(bytes: [UInt8]) throws(StarlintError) {
        version = "0"
        index = [:]
        weights = []
        startScores = Array(repeating: 0, count: 5)
        transitionScores = Array(repeating: 0, count: 25)
        endScores = Array(repeating: 0, count: 5)
        transitionWeight = 1
        var inFeatures = false
        var lineNo = 0
        var lineStart = 0
        let n = bytes.count
        while lineStart < n {
            var e = lineStart
            while e < n, bytes[e] != 0x0A { e += 1 }
            lineNo += 1
            defer { lineStart = e + 1 }
            if e == lineStart || bytes[lineStart] == 0x23 { continue }
            let line = String(decoding: bytes[lineStart..<e], as: UTF8.self)
            if inFeatures {
                // name<TAB>w w w w w
                guard let tab = line.firstIndex(of: "\t") else {
                    throw .lexicons(path: "model.txt:\(lineNo)", problem: "feature line needs a tab")
                }
                let nums = line[line.index(after: tab)...].split(separator: " ").compactMap { Float($0) }
                guard nums.count == 5, let key = Feature.key(name: String(line[..<tab])) else {
                    throw .lexicons(path: "model.txt:\(lineNo)", problem: "bad feature line")
                }
                index[key] = Int32(weights.count / 5)
                weights.append(contentsOf: nums)
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw .lexicons(path: "model.txt:\(lineNo)", problem: "expected 'key = value'")
            }
            let key = String(line[..<eq]).trimmingSpaces()
            let value = String(line[line.index(after: eq)...]).trimmingSpaces()
            let nums = value.split(separator: " ").compactMap { Double($0) }
            switch key {
            case "version": version = value
            case "transition-weight": transitionWeight = nums.first ?? 1
            case "start": startScores = nums
            case "end": endScores = nums
            case "transitions": transitionScores = nums
            case "prior": logPrior = nums
            case "prior-weight": priorWeight = nums.first ?? 0
            case "explicit-bonus": explicitBonus = nums.first ?? 0
            case "features": inFeatures = true
            default: break
            }
        }
        guard startScores.count == 5, endScores.count == 5, transitionScores.count == 25, logPrior.count == 5 else {
            throw .lexicons(path: "model.txt", problem: "transition tables need 5, 25 and 5 numbers")
        }
    }

    init(version: String, index: [UInt64: Int32], weights: [Float], start: [Double], transitions: [Double], end: [Double], transitionWeight: Double, logPrior: [Double], priorWeight: Double, explicitBonus: Double) {
        self.explicitBonus = explicitBonus
        self.logPrior = logPrior
        self.priorWeight = priorWeight
        self.version = version
        self.index = index
        self.weights = weights
        self.startScores = start
        self.transitionScores = transitions
        self.endScores = end
        self.transitionWeight = transitionWeight
    }

    /// Emission log-probabilities for one sentence's features.
    @inline(__always)
    func logProbabilities(_ keys: [UInt64], into out: inout [Double]) {
        var z: (Float, Float, Float, Float, Float) = (0, 0, 0, 0, 0)
        weights.withUnsafeBufferPointer { w in
            for k in keys {
                guard let row = index[k] else { continue }
                let b = Int(row) * 5
                z.0 += w[b]; z.1 += w[b + 1]; z.2 += w[b + 2]; z.3 += w[b + 3]; z.4 += w[b + 4]
            }
        }
        let zs = [Double(z.0), Double(z.1), Double(z.2), Double(z.3), Double(z.4)]
        let m = zs.max()!
        var sum = 0.0
        for v in zs { sum += exp(v - m) }
        let lse = m + log(sum)
        for j in 0..<5 { out[j] = zs[j] - lse }
    }

    /// Emission scores used in decoding: log p(label | sentence) minus the weighted log prior.
    @inline(__always)
    func emissionScores(_ keys: [UInt64], into out: inout [Double]) {
        logProbabilities(keys, into: &out)
        if priorWeight != 0 {
            for j in 0..<5 { out[j] -= priorWeight * logPrior[j] }
        }
    }

    /// Labels a whole answer: Viterbi path plus forward-backward confidences.
    /// `allowed[t]` restricts sentence t's labels (explicit part labels allow that label or Other).
    func decode(emissions: [[Double]], allowed: [UInt8]) -> [LabelPrediction] {
        let T = emissions.count
        guard T > 0 else { return [] }
        let L = 5
        let tw = transitionWeight
        let negInf = -Double.infinity
        func ok(_ t: Int, _ j: Int) -> Bool { allowed[t] & (1 << UInt8(j)) != 0 }
        // Viterbi.
        var delta = [Double](repeating: negInf, count: T * L)
        var back = [Int](repeating: 0, count: T * L)
        for j in 0..<L where ok(0, j) { delta[j] = tw * startScores[j] + emissions[0][j] }
        if T > 1 {
            for t in 1..<T {
                for j in 0..<L where ok(t, j) {
                    var best = negInf, arg = 0
                    for i in 0..<L {
                        let v = delta[(t - 1) * L + i] + tw * transitionScores[i * L + j]
                        if v > best { best = v; arg = i }
                    }
                    delta[t * L + j] = best + emissions[t][j]
                    back[t * L + j] = arg
                }
            }
        }
        var bestEnd = negInf, arg = 0
        for j in 0..<L {
            let v = delta[(T - 1) * L + j] + tw * endScores[j]
            if v > bestEnd { bestEnd = v; arg = j }
        }
        var path = [Int](repeating: 0, count: T)
        path[T - 1] = arg
        var t = T - 1
        while t > 0 {
            path[t - 1] = back[t * L + path[t]]
            t -= 1
        }
        // Forward-backward (log space) for marginals.
        var alpha = [Double](repeating: negInf, count: T * L)
        var beta = [Double](repeating: negInf, count: T * L)
        for j in 0..<L where ok(0, j) { alpha[j] = tw * startScores[j] + emissions[0][j] }
        if T > 1 {
            for t in 1..<T {
                for j in 0..<L where ok(t, j) {
                    var acc = negInf
                    for i in 0..<L { acc = logAdd(acc, alpha[(t - 1) * L + i] + tw * transitionScores[i * L + j]) }
                    alpha[t * L + j] = acc + emissions[t][j]
                }
            }
        }
        for j in 0..<L { beta[(T - 1) * L + j] = tw * endScores[j] }
        if T > 1 {
            for t in stride(from: T - 2, through: 0, by: -1) {
                for i in 0..<L {
                    var acc = negInf
                    for j in 0..<L where ok(t + 1, j) {
                        acc = logAdd(acc, tw * transitionScores[i * L + j] + emissions[t + 1][j] + beta[(t + 1) * L + j])
                    }
                    beta[t * L + i] = acc
                }
            }
        }
        var logZ = negInf
        for j in 0..<L { logZ = logAdd(logZ, alpha[(T - 1) * L + j] + beta[(T - 1) * L + j]) }
        return (0..<T).map { t in
            let j = path[t]
            let p = exp(alpha[t * L + j] + beta[t * L + j] - logZ)
            return LabelPrediction(label: StarLabel(index: j), confidence: min(1, max(0, p)))
        }
    }
}

@inline(__always)
func logAdd(_ a: Double, _ b: Double) -> Double {
    if a == -.infinity { return b }
    if b == -.infinity { return a }
    return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b))
}

/// The trained labeller: model features, emissions, constrained sequence decoding.
public struct ModelLabeler: SentenceLabeler {
    public let model: SentenceModel
    public var name: String { "model-\(model.version)" }

    public init(model: SentenceModel) {
        self.model = model
    }

    public func label(_ input: AnalysisInput, hypotheticalQuestion: Bool) -> [LabelPrediction] {
        let n = input.document.sentences.count
        var sink = KeySink()
        sink.keys.reserveCapacity(128)
        var emissions = [[Double]](repeating: [0, 0, 0, 0, 0], count: n)
        var allowed = [UInt8](repeating: 0x1F, count: n)
        for k in 0..<n {
            sink.keys.removeAll(keepingCapacity: true)
            FeatureExtractor.extract(input, sentence: k, hypotheticalQuestion: hypotheticalQuestion, into: &sink)
            model.emissionScores(sink.keys, into: &emissions[k])
            if let l = input.document.sentences[k].explicitLabel {
                allowed[k] = (1 << UInt8(l.index)) | (1 << UInt8(StarLabel.other.index))
                emissions[k][l.index] += model.explicitBonus
            }
        }
        return model.decode(emissions: emissions, allowed: allowed)
    }
}
