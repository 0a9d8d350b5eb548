#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Linear-chain conditional random field fine-tuning of the sentence model (training only).
///
/// The per-sentence logistic regression learns each sentence on its own, and the decoder then
/// adds transition scores counted from the corpus: the two parts never meet in training, so
/// a word that only marks a Result when it follows an Action cannot learn that. The CRF
/// objective is the log-likelihood of the whole gold label sequence under the same scores the
/// decoder uses (emissions, start, first-to-second, general and end transitions), so emission
/// weights and transitions are fitted together. It starts from the local model, runs a fixed
/// number of full-batch AdaGrad passes in a fixed order, and is therefore deterministic.
struct CRF {
    var weights: [Double]
    let features: Int
    var start: [Double]
    var transitions: [Double]
    var open: [Double]
    /// Into a sentence that starts a paragraph (marked in `Sequence.allowed`); empty: the
    /// general table is used there too.
    var paragraph: [Double]
    var end: [Double]
    /// Per-feature scale of the L2 penalty (empty: 1 for every feature).
    var penalty: [Double] = []
    /// Feature-conditioned transition weights (edge feature e, from i, to j at e * 25 + i * 5 + j).
    var edges: [Double] = []
    /// L2 penalty of the edge weights, as a multiple of `l2`.
    var edgePenalty = 1.0

    init(weights: [Double], features: Int, start: [Double], transitions: [Double], open: [Double], paragraph: [Double], end: [Double]) {
        self.weights = weights
        self.features = features
        self.start = start
        self.transitions = transitions
        self.open = open
        self.paragraph = paragraph
        self.end = end
    }

    /// One answer: its sentences in `Data.examples`, the labels each may take (a written
    /// part label allows that part or Other, as in decoding, plus the gold label where the
    /// annotator disagreed with the writer) and the written label's index (-1: none), whose
    /// score gets the explicit-label bonus as in decoding.
    struct Sequence {
        var range: Range<Int>
        var allowed: [UInt8]
        var written: [Int]
    }

    /// The training data: sentences' features and gold labels, and each answer's sentences.
    struct Data {
        var examples: [Trainer.Example]
        var sequences: [Sequence]
        var explicitBonus: Double
        /// Softmax-margin costs by gold label (`TrainingOptions.crfMargin`): added to the
        /// score of every other label in training, so the normaliser counts a wrong label as
        /// if it scored that much more; empty for the plain likelihood.
        var margin: [Double] = []
    }

    static let L = 5

    /// Offsets of start, transition, opening-transition, paragraph-transition and end scores
    /// in the flat parameter vector (the weights come first).
    var offsets: (start: Int, transitions: Int, open: Int, paragraph: Int, end: Int) {
        let p = features * Self.L, LL = Self.L * Self.L
        return (p, p + Self.L, p + Self.L + LL, p + Self.L + 2 * LL, p + Self.L + 2 * LL + paragraph.count)
    }

    /// All parameters as one vector: weights, start, transitions, open, paragraph, end, edges.
    var theta: [Double] {
        get { weights + start + transitions + open + paragraph + end + edges }
        set {
            let o = offsets
            weights = Array(newValue[0..<o.start])
            start = Array(newValue[o.start..<o.transitions])
            transitions = Array(newValue[o.transitions..<o.open])
            open = Array(newValue[o.open..<o.paragraph])
            paragraph = Array(newValue[o.paragraph..<o.end])
            end = Array(newValue[o.end..<(o.end + Self.L)])
            edges = Array(newValue[(o.end + Self.L)...])
        }
    }

    /// Offset of the table into sentence `t` (t >= 1), chosen as the decoder chooses.
    @inline(__always)
    func table(into t: Int, _ allowed: [UInt8]) -> Int {
        let o = offsets
        switch SentenceModel.table(into: t, allowed) {
        case 1: return o.open
        case 2 where !paragraph.isEmpty: return o.paragraph
        default: return o.transitions
        }
    }

    /// The negative log-likelihood of the gold sequences (divided by the number of sentences) plus l2 / 2 times the squared weights (each feature's scaled by `penalty`), and its gradient with respect to
    /// `theta`; with `data.margin`, the softmax-margin loss, the same with each wrong label's
    /// emission raised by the cost of the gold one. Transitions are not penalised: there are only 60 of them.
    func objective(_ theta: [Double], _ data: Data, l2: Double) -> (loss: Double, gradient: [Double]) {
        let L = Self.L
        let P = features * L
        let (oS, _, _, _, oE) = offsets
        let oEdge = oE + L
        var grad = [Double](repeating: 0, count: theta.count)
        var loss = 0.0
        for i in 0..<P {
            let l = penalty.isEmpty ? l2 : l2 * penalty[i / L]
            grad[i] = l * theta[i]
            loss += 0.5 * l * theta[i] * theta[i]
        }
        for i in oEdge..<theta.count {
            let l = l2 * edgePenalty
            grad[i] = l * theta[i]
            loss += 0.5 * l * theta[i] * theta[i]
        }
        let n = Double(max(1, data.examples.count))
        let negInf = -Double.infinity
        for sequence in data.sequences {
            let range = sequence.range, allowed = sequence.allowed
            let T = range.count
            // Emission scores (-inf where the label is not allowed).
            var e = [Double](repeating: negInf, count: T * L)
            for t in 0..<T {
                let ex = data.examples[range.lowerBound + t]
                for j in 0..<L where allowed[t] & (1 << UInt8(j)) != 0 {
                    var z = 0.0
                    for f in ex.features { z += theta[Int(f) * L + j] }
                    if j == sequence.written[t] { z += data.explicitBonus }
                    if !data.margin.isEmpty, j != ex.label { z += data.margin[ex.label] }
                    e[t * L + j] = z
                }
            }
            // Transition scores into each sentence: its table plus its edge features' weights.
            var trm = [Double](repeating: 0, count: T * L * L)
            for t in 1..<max(1, T) {
                let base = table(into: t, allowed)
                for q in 0..<(L * L) { trm[t * L * L + q] = theta[base + q] }
                for f in data.examples[range.lowerBound + t].edges {
                    let b = oEdge + Int(f) * L * L
                    for q in 0..<(L * L) { trm[t * L * L + q] += theta[b + q] }
                }
            }
            func tr(_ t: Int, _ i: Int, _ j: Int) -> Double { trm[t * L * L + i * L + j] }
            // Forward and backward in log space, as the decoder computes them.
            var alpha = [Double](repeating: negInf, count: T * L)
            var beta = [Double](repeating: negInf, count: T * L)
            alpha.withUnsafeMutableBufferPointer { a in
                beta.withUnsafeMutableBufferPointer { b in
                    logForwardBackward(e, allowed, start: { theta[oS + $0] }, end: { theta[oE + $0] }, transition: tr,
                                       alpha: a.baseAddress!, beta: b.baseAddress!)
                }
            }
            var logZ = negInf
            for j in 0..<L { logZ = logAdd(logZ, alpha[j] + beta[j]) }
            guard logZ.isFinite else { continue }
            // -log p(gold) = log Z - score(gold); its gradient is expected counts minus gold counts.
            let scale = 1 / n
            loss += scale * logZ
            for t in 0..<T {
                let ex = data.examples[range.lowerBound + t]
                loss -= scale * e[t * L + ex.label]
                if t == 0 { loss -= scale * theta[oS + ex.label] }
                if t == T - 1 { loss -= scale * theta[oE + ex.label] }
                if t > 0 { loss -= scale * tr(t, data.examples[range.lowerBound + t - 1].label, ex.label) }
                for j in 0..<L {
                    let mu = e[t * L + j] > negInf ? exp(alpha[t * L + j] + beta[t * L + j] - logZ) : 0
                    let d = (mu - (j == ex.label ? 1 : 0)) * scale
                    if d == 0 { continue }
                    for f in ex.features { grad[Int(f) * L + j] += d }
                    if t == 0 { grad[oS + j] += d }
                    if t == T - 1 { grad[oE + j] += d }
                }
                if t > 0 {
                    let base = table(into: t, allowed)
                    var d = [Double](repeating: 0, count: L * L)
                    for i in 0..<L where alpha[(t - 1) * L + i] > negInf {
                        for j in 0..<L where e[t * L + j] > negInf {
                            d[i * L + j] = exp(alpha[(t - 1) * L + i] + tr(t, i, j) + e[t * L + j] + beta[t * L + j] - logZ) * scale
                        }
                    }
                    d[data.examples[range.lowerBound + t - 1].label * L + ex.label] -= scale
                    for q in 0..<(L * L) { grad[base + q] += d[q] }
                    for f in ex.edges {
                        let b = oEdge + Int(f) * L * L
                        for q in 0..<(L * L) { grad[b + q] += d[q] }
                    }
                }
            }
        }
        return (loss, grad)
    }

    /// Full-batch AdaGrad on `objective` for a fixed number of passes.
    mutating func fit(_ data: Data, iterations: Int, learningRate: Double, l2: Double) {
        var theta = self.theta
        var g2 = [Double](repeating: 0, count: theta.count)
        for _ in 0..<iterations {
            let grad = objective(theta, data, l2: l2).gradient
            for i in 0..<theta.count where grad[i] != 0 {
                g2[i] += grad[i] * grad[i]
                theta[i] -= learningRate * grad[i] / (g2[i].squareRoot() + 1e-8)
            }
        }
        self.theta = theta
    }
}
