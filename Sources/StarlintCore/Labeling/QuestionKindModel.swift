#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which kind of question (`QuestionKind`) a question's text asks: a multinomial logistic
/// regression over its words and word pairs, trained by `starlint train` on the questions of
/// the corpus's training answers and stored in the model file (`k:KIND NAME` lines with one
/// weight). A question from the bank needs none of it: the bank says its kind.
///
/// The kind is a feature of the sentence model only: in an answer about career plans, a
/// stated aim is the Task; asked about culture, a statement about oneself is Other. One
/// question is classified per analysis, so its words are split as Strings, not tokens.
public struct QuestionKindModel: Sendable {
    /// Feature key (kind and feature, as `Feature.key` hashes `k:KIND NAME`) -> weight.
    private var weights: [UInt64: Double] = [:]
    /// Hash of `k:KIND`, the start of each of the kind's keys.
    static let prefixes = QuestionKind.allCases.map { combineHash(Feature.ns("k"), normalizedHash($0.name)) }

    public var isEmpty: Bool { weights.isEmpty }
    public var featureCount: Int { weights.count }
    func weight(_ key: UInt64) -> Double { weights[key] ?? 0 }

    init() {}

    /// Takes a `k:` line's key and weight.
    mutating func add(key: UInt64, weight: Double) { weights[key] = weight }

    /// The features of a question, as written in the model file: `bias`, `w:WORD` and
    /// `b:WORD WORD` (a word pair, the first word of the question paired with `<s>`),
    /// words lowercased, split at anything but letters, digits and apostrophes.
    static func featureNames(_ question: String) -> [String] {
        var words: [String] = []
        var current = ""
        for c in question.lowercased().unicodeScalars {
            if c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "'" || c == "\u{2019}" {
                current.unicodeScalars.append(c == "\u{2019}" ? "'" : c)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var names = ["bias"]
        var seen: Set<String> = []
        var prev = "<s>"
        for w in words {
            // Quotes around a word are not part of it ('fit' is fit).
            let t = String(w.drop { $0 == "'" }.reversed().drop { $0 == "'" }.reversed())
            guard !t.isEmpty else { continue }
            for name in ["w:" + t, "b:" + prev + " " + t] where seen.insert(name).inserted { names.append(name) }
            prev = t
        }
        return names
    }

    /// Each feature's hash after the kind's prefix (`Feature.key`'s parts: split at spaces).
    static func partHashes(_ names: [String]) -> [[UInt64]] {
        names.map { $0.split(separator: " ").map { normalizedHash($0) } }
    }

    static func key(kind: Int, parts: [UInt64]) -> UInt64 {
        parts.reduce(prefixes[kind]) { combineHash($0, $1) }
    }

    /// The likeliest kind of `question` and its probability; nil without a trained model.
    public func classify(_ question: String) -> (kind: QuestionKind, probability: Double)? {
        guard !weights.isEmpty else { return nil }
        let parts = Self.partHashes(Self.featureNames(question))
        let scores = QuestionKind.allCases.map { k in parts.reduce(0.0) { $0 + (weights[Self.key(kind: k.rawValue, parts: $1)] ?? 0) } }
        let p = Self.softmax(scores)
        let best = p.indices.max { p[$0] < p[$1] || (p[$0] == p[$1] && $0 > $1) }!
        return (QuestionKind(rawValue: best)!, p[best])
    }

    static func softmax(_ s: [Double]) -> [Double] {
        let m = s.max() ?? 0
        let e = s.map { exp($0 - m) }
        let z = e.reduce(0, +)
        return e.map { $0 / z }
    }

    /// Fits the weights on (question, kind) pairs: each distinct question once, in sorted
    /// order, full-batch AdaGrad for a fixed number of passes, so the same questions give the
    /// same weights. Returns the model file's lines (`k:KIND NAME<TAB>weight`) of the weights
    /// at least `minWeight` in size and of every bias, sorted.
    static func lines(_ examples: [(String, QuestionKind)], iterations: Int, learningRate: Double, l2: Double, minWeight: Double,
                      format: (Double) -> String) -> String {
        var byQuestion: [String: QuestionKind] = [:]
        for (q, k) in examples { byQuestion[q] = byQuestion[q] ?? k }
        let questions = byQuestion.keys.sorted()
        var column: [String: Int] = [:]
        var names: [String] = []
        let rows: [[Int]] = questions.map { q in
            featureNames(q).map { name in
                if let j = column[name] { return j }
                column[name] = names.count
                names.append(name)
                return names.count - 1
            }
        }
        let K = QuestionKind.allCases.count, F = names.count
        var w = [Double](repeating: 0, count: F * K), g2 = [Double](repeating: 1e-8, count: F * K), grad = w
        let n = Double(max(1, questions.count))
        for _ in 0..<iterations {
            for j in grad.indices { grad[j] = l2 * w[j] }
            for (row, q) in zip(rows, questions) {
                var s = [Double](repeating: 0, count: K)
                for j in row { for k in 0..<K { s[k] += w[j * K + k] } }
                let p = softmax(s)
                let y = byQuestion[q]!.rawValue
                for k in 0..<K {
                    let err = (p[k] - (k == y ? 1 : 0)) / n
                    for j in row { grad[j * K + k] += err }
                }
            }
            for j in w.indices {
                g2[j] += grad[j] * grad[j]
                w[j] -= learningRate * grad[j] / g2[j].squareRoot()
            }
        }
        var out: [String] = []
        for j in 0..<F {
            for k in 0..<K {
                // Small weights are left out, the bias never: most word pairs are seen in one
                // question, and their weights would make the file 2.3 MB larger for nothing.
                guard names[j] == "bias" || abs(w[j * K + k]) >= minWeight else { continue }
                let v = format(w[j * K + k])
                if v != "0" { out.append("k:\(QuestionKind(rawValue: k)!.name) \(names[j])\t\(v)\n") }
            }
        }
        return out.sorted().joined()
    }
}
