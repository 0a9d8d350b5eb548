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
    /// Posterior probability that this sentence is a Result, whatever its label.
    public var resultProbability: Double = 0
}

/// Anything that labels the sentences of an answer.
public protocol SentenceLabeler: Sendable {
    var name: String { get }
    func label(_ input: AnalysisInput, hypotheticalQuestion: Bool) -> [LabelPrediction]
    /// The quantified-result model trained with this labeller's labels, if any.
    var quantifiedModel: QuantifiedModel? { get }
    /// The kind of a question not in the bank, and the labeller's confidence in it, if it
    /// has a question-kind classifier.
    func questionKind(_ question: String) -> (kind: QuestionKind, probability: Double)?
}

extension SentenceLabeler {
    public var quantifiedModel: QuantifiedModel? { nil }
    public func questionKind(_ question: String) -> (kind: QuestionKind, probability: Double)? { nil }
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
    /// Feature key -> its five emission weights and its edge row, as an open-addressing table
    /// (`EmissionTable`): the lookup the emissions make for every feature. Built from the model
    /// file's lines without a `Dictionary` in between: reading the model is most of `starlint
    /// score`'s start-up.
    private(set) var emission = EmissionTable(capacity: 0)
    /// Log transition scores: start -> label, label -> label (5x5, row = from), label -> end.
    public var startScores: [Double]
    public var transitionScores: [Double] { didSet { updateExpTransitions() } }
    /// Log transition scores from the first sentence to the second (5x5): an answer that opens
    /// with its result ("We halved the fit-out time ...") goes on to the Situation, a step
    /// that is rare anywhere else. Without an `open-transitions` line, `transitionScores`.
    public var openTransitionScores: [Double] = [] { didSet { updateExpTransitions() } }
    /// Log transition scores into a sentence that starts a new paragraph or list (from the
    /// third sentence on; the second uses the opening table): parts tend to change where the
    /// writer broke the text, and to run on inside a paragraph. Without a
    /// `paragraph-transitions` line, `transitionScores`.
    public var paragraphTransitionScores: [Double] = [] { didSet { updateExpTransitions() } }
    /// Set in `allowed[t]` (above the five label bits) when sentence t starts a new paragraph.
    public static let paragraphStart: UInt8 = 0x80

    /// The label bits of a sentence under written part label `label` when it may be only that
    /// part or Other, with `allowed`'s paragraph bit kept: how decoding read such a sentence
    /// before `writtenAllowsAny`, how training still reads it then, and where the presence
    /// model may move it.
    static func writtenOrOther(_ label: StarLabel, keeping allowed: UInt8) -> UInt8 {
        (allowed & paragraphStart) | (1 << UInt8(label.index)) | (1 << UInt8(StarLabel.other.index))
    }
    public var endScores: [Double]
    /// Weight of transition scores against emission log-probabilities.
    public var transitionWeight: Double { didSet { updateExpTransitions() } }
    /// exp(transitionWeight * score) of the three transition tables (25 each: general,
    /// opening, paragraph), which forward-backward multiplies by: computed once, not per answer.
    private(set) var expTransitions: [Double] = []

    private mutating func updateExpTransitions() {
        guard transitionScores.count == 25, openTransitionScores.count == 25, paragraphTransitionScores.count == 25 else { expTransitions = []; return }
        expTransitions = (transitionScores + openTransitionScores + paragraphTransitionScores).map { exp(transitionWeight * $0) }
    }

    /// Which transition table leads into sentence `t` (t >= 1): 0 general, 1 opening (into
    /// the second sentence), 2 paragraph (`allowed[t]` has `paragraphStart`). The decoder's
    /// three passes and the CRF's training all choose by this.
    @inline(__always)
    static func table(into t: Int, _ allowed: [UInt8]) -> Int {
        t == 1 ? 1 : allowed[t] & paragraphStart != 0 ? 2 : 0
    }

    /// The transition scores into sentence `t` (t >= 1).
    @inline(__always)
    func transitions(into t: Int, _ allowed: [UInt8]) -> [Double] {
        switch Self.table(into: t, allowed) {
        case 1: openTransitionScores
        case 2: paragraphTransitionScores
        default: transitionScores
        }
    }
    /// Log prior of each label in training, and how much of it to divide out of the
    /// emission posteriors before they meet the transition scores (hybrid decoding).
    public var logPrior: [Double] = [0, 0, 0, 0, 0]
    public var priorWeight: Double = 0
    /// Added to the emission score of the label the author wrote ("Result:"); the decoder
    /// may read the sentence as another part when `writtenAllowsAny`, else only as Other.
    public var explicitBonus: Double = 0
    /// Whether a sentence under a written part label may take any label (the written one
    /// with `explicitBonus`), rather than only that label or Other (`written-allows-any = 1`).
    public var writtenAllowsAny = false
    /// The quantified-result model (lines with one weight; empty in older model files).
    public var quantified = QuantifiedModel()
    /// The part-presence model (`p:` lines with one weight; empty in older model files).
    public var presence = PresenceModel()
    /// The question-kind classifier (`k:` lines with one weight; empty in older model files).
    public var questionKinds = QuestionKindModel()
    /// Feature-conditioned transitions (`e:NAME` lines with 25 weights, from i to j at
    /// i * 5 + j): a sentence with feature NAME adds them to the transition scores into it, so
    /// "So" or a figure can make Action -> Result likelier than Situation -> Result. Empty in
    /// older model files. A feature's slot in `emission` holds its edge row (-1: none), whose
    /// 25 weights are at `edgeRow * 25` in `edgeWeights`: the emission pass finds a sentence's
    /// edge weights with its features.
    var edgeWeights: [Float] = []
    public var hasEdges: Bool { !edgeWeights.isEmpty }
    /// Whether the word with token hash `h` has a word feature (was seen in training).
    func hasWord(_ h: UInt64) -> Bool { emission.contains(combineHash(Feature.word, h)) }

    /// Number of features in the model file.
    public var featureCount: Int { emission.count }
    public var isTrained: Bool { emission.count > 0 }

    /// The five emission weights of the feature with key `key`, or nil if it has none.
    func featureWeights(_ key: UInt64) -> [Float]? {
        emission.find(key).map { [$0.w.0, $0.w.1, $0.w.2, $0.w.3, $0.w.4] }
    }

    /// The 25 edge weights of the feature with key `key`, or nil if it has none.
    func featureEdgeWeights(_ key: UInt64) -> [Float]? {
        guard let e = emission.find(key)?.edge, e >= 0 else { return nil }
        return Array(edgeWeights[Int(e) * 25..<Int(e) * 25 + 25])
    }

    public init(bytes: [UInt8]) throws(StarlintError) {
        self = try bytes.withUnsafeBufferPointer { (b) throws(StarlintError) in try SentenceModel(buffer: b) }
    }

    /// The model in the file whose bytes `b` holds. The feature lines are read through the
    /// pointer, without an array's bounds check on each byte and without a copy: 3.7 MB of
    /// them are most of `starlint score`'s start-up.
    init(buffer b: UnsafeBufferPointer<UInt8>) throws(StarlintError) {
        version = "0"
        // Each feature line's five weights, in file order, until the table is built.
        var weights: [Float] = []
        startScores = Array(repeating: 0, count: 5)
        transitionScores = Array(repeating: 0, count: 25)
        endScores = Array(repeating: 0, count: 5)
        transitionWeight = 1
        var inFeatures = false
        var lineNo = 0
        var lineStart = 0
        let n = b.count
        var namespaces = NamespaceCache()
        // Each feature line's key, in file order (its row is its position).
        var lineKeys: [UInt64] = []
        var edgeKeys: [UInt64] = []
        // The `features = N` line's N: an upper bound (lines whose weights are all zero are
        // left out), so only a model with none at all is known to be cut short.
        var declared = 0
        while lineStart < n {
            var e = lineStart
            if let nl = memchr(b.baseAddress! + lineStart, 0x0A, n - lineStart) {
                e = b.baseAddress!.distance(to: nl.assumingMemoryBound(to: UInt8.self))
            } else {
                e = n
            }
            lineNo += 1
            defer { lineStart = e + 1 }
            if e == lineStart || b[lineStart] == 0x23 { continue }
            if inFeatures {
                // e:name<TAB>25 weights: the feature `name`'s edge weights (from i to j at i * 5 + j).
                if e - lineStart > 2, b[lineStart] == 0x65, b[lineStart + 1] == 0x3A {
                    let row = edgeWeights.count
                    let key = try Self.featureLine(b, lineStart + 2, e, lineNo: lineNo, kind: "edge", namespaces: &namespaces, into: &edgeWeights)
                    guard let key, edgeWeights.count - row == 25 else {
                        throw .lexicons(path: "model.txt:\(lineNo)", problem: "edge line needs a feature name and 25 weights")
                    }
                    edgeKeys.append(key)
                    continue
                }
                // name<TAB>w w w w w.
                let row = weights.count
                let key = try Self.featureLine(b, lineStart, e, lineNo: lineNo, kind: "feature", namespaces: &namespaces, into: &weights)
                guard let key, weights.count - row == 5 || weights.count - row == 1 else {
                    throw .lexicons(path: "model.txt:\(lineNo)", problem: "bad feature line")
                }
                if weights.count - row == 1 {
                    // One weight: a feature of the part-presence model (p), or of the
                    // quantified-result model, whose namespaces are q, qf, qw, qb and qs; a
                    // sentence feature cut short is an error.
                    if b[lineStart] == 0x70, e - lineStart > 2, b[lineStart + 1] == 0x3A,
                       presence.add(key: key, weight: Double(weights[weights.count - 1])) {
                        weights.removeLast()
                        continue
                    }
                    // k:KIND NAME: the question-kind classifier.
                    if b[lineStart] == 0x6B, e - lineStart > 2, b[lineStart + 1] == 0x3A {
                        questionKinds.add(key: key, weight: Double(weights.removeLast()))
                        continue
                    }
                    guard Self.isQuantifiedLine(b, lineStart, e) else {
                        throw .lexicons(path: "model.txt:\(lineNo)", problem: "bad feature line")
                    }
                    quantified.add(key: key, weight: weights.removeLast())
                    continue
                }
                lineKeys.append(key)
                continue
            }
            let line = String(decoding: UnsafeBufferPointer(rebasing: b[lineStart..<e]), as: UTF8.self)
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
            case "open-transitions": openTransitionScores = nums
            case "paragraph-transitions": paragraphTransitionScores = nums
            case "prior": logPrior = nums
            case "prior-weight": priorWeight = nums.first ?? 0
            case "explicit-bonus": explicitBonus = nums.first ?? 0
            case "written-allows-any": writtenAllowsAny = (nums.first ?? 0) != 0
            case "features":
                inFeatures = true
                // The count of feature lines that follow: reserve the keys and weights once.
                declared = Int(exactly: nums.first ?? 0) ?? 0
                if let count = nums.first, count >= 0, count < 10_000_000 {
                    lineKeys.reserveCapacity(Int(count))
                    weights.reserveCapacity(Int(count) * 5)
                }
            default: break
            }
        }
        // Without feature lines the model labels nothing, and starlint would fall back to the
        // cue-phrase labeller without a word: a file that promised features is an error.
        if declared > 0, lineKeys.isEmpty {
            throw .lexicons(path: "model.txt", problem: "declares \(declared) features but has no feature lines (cut short?)")
        }
        if openTransitionScores.isEmpty { openTransitionScores = transitionScores }
        if paragraphTransitionScores.isEmpty { paragraphTransitionScores = transitionScores }
        guard startScores.count == 5, endScores.count == 5, transitionScores.count == 25, openTransitionScores.count == 25,
              paragraphTransitionScores.count == 25, logPrior.count == 5 else {
            throw .lexicons(path: "model.txt", problem: "transition tables need 5, 25 (three times) and 5 numbers")
        }
        // Into the table last line first, skipping keys already in: a later line with the same
        // key wins, as before. The order matters for speed only. With linear probing a key
        // inserted late is displaced further, and the file is sorted by name, so the symbolic
        // features ("x:...", in every sentence) and words ("w:...") come last; first in, they
        // sit at their home slots (file order cost about 2% more instructions per answer).
        emission = EmissionTable(capacity: lineKeys.count)
        for row in stride(from: lineKeys.count - 1, through: 0, by: -1) {
            let o = row * 5
            emission.insert(lineKeys[row], (weights[o], weights[o + 1], weights[o + 2], weights[o + 3], weights[o + 4]))
        }
        for (edgeRow, k) in edgeKeys.enumerated() where !emission.setEdge(k, Int32(edgeRow)) {
            throw .lexicons(path: "model.txt", problem: "an edge line names a feature the model has no line for")
        }
        updateExpTransitions()
    }

    /// A trained model's version: the first 8 hex digits of the FNV-1a hash of its body
    /// (everything after the version line).
    static func versionHash(_ body: some Sequence<UInt8>) -> String {
        var h = fnvOffsetBasis
        for b in body { h = fnvStep(h, b) }
        let hex = String(h, radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(8))
    }

    /// Why a trained model file's content does not match its version, or nil when it does
    /// (or the file is no trained model: its version is not 8 hex digits, as `train` writes).
    /// The version is the FNV-1a hash of everything after the version line (`Trainer`), so a
    /// file cut short, or edited by hand, no longer matches.
    static func versionMismatch(_ bytes: [UInt8]) -> String? {
        var i = 0
        let n = bytes.count
        while i < n {
            var e = i
            while e < n, bytes[e] != 0x0A { e += 1 }
            let line = bytes[i..<e]
            if line.first == 0x23 || line.isEmpty { i = e + 1; continue }
            let prefix = Array("version = ".utf8)
            guard line.starts(with: prefix) else { return nil }
            let v = line.dropFirst(prefix.count)
            guard v.count == 8, v.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
            let actual = versionHash(e + 1 < n ? bytes[(e + 1)...] : [])
            return actual == String(decoding: v, as: UTF8.self) ? nil
                : "does not match its version \(String(decoding: v, as: UTF8.self)) (cut short, or edited by hand?); rebuild it with 'starlint train'"
        }
        return nil
    }

    /// Whether `b[s..<e]` starts with "q:", "qf:", "qw:", "qb:" or "qs:".
    static func isQuantifiedLine(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard e - s >= 3, b[s] == 0x71 else { return false }  // "q"
        if b[s + 1] == 0x3A { return true }
        return (b[s + 1] == 0x66 || b[s + 1] == 0x77 || b[s + 1] == 0x62 || b[s + 1] == 0x73) && b[s + 2] == 0x3A  // f, w, b, s, ":"
    }

    enum FeatureLine {
        case parsed(key: UInt64?)
        case noTab
        case notASCII
    }

    /// Feature namespaces ("w", "bg", "x", ...) already hashed, looked up by their bytes:
    /// a model file has a dozen of them and thousands of lines.
    struct NamespaceCache {
        private var names: [[UInt8]] = []
        private var hashes: [UInt64] = []

        /// `Feature.ns` of the ASCII name `b[s..<e]`.
        mutating func hash(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
            let n = e - s
            search: for (i, name) in names.enumerated() where name.count == n {
                for k in 0..<n where name[k] != b[s + k] { continue search }
                return hashes[i]
            }
            let h = Feature.ns(String(decoding: b[s..<e], as: UTF8.self))
            names.append(Array(b[s..<e]))
            hashes.append(h)
            return h
        }
    }

    /// Reads `name<TAB>weights` from `b[s..<e]`, appending the weights to `weights`, and gives
    /// the name's key (nil when it has no namespace). The model's thousands of feature lines
    /// dominate start-up, so ASCII lines are read byte by byte; other lines take the String path.
    /// A line without a tab is an error ("`kind` line needs a tab").
    @inline(__always)
    static func featureLine(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, lineNo: Int, kind: String, namespaces: inout NamespaceCache,
                            into weights: inout [Float]) throws(StarlintError) -> UInt64? {
        switch asciiFeatureLine(b, s, e, namespaces: &namespaces, into: &weights) {
        case .parsed(let key):
            return key
        case .noTab:
            throw .lexicons(path: "model.txt:\(lineNo)", problem: "\(kind) line needs a tab")
        case .notASCII:
            let line = String(decoding: b[s..<e], as: UTF8.self)
            guard let tab = line.firstIndex(of: "\t") else { throw .lexicons(path: "model.txt:\(lineNo)", problem: "\(kind) line needs a tab") }
            weights.append(contentsOf: line[line.index(after: tab)...].split(separator: " ").compactMap { Float($0) })
            return Feature.key(name: String(line[..<tab]))
        }
    }

    /// Reads `name<TAB>w w w w w` from `b[s..<e]` when it is all ASCII, appending the weights
    /// to `weights`. For ASCII text this is exactly the String path: the first tab, the parts
    /// between spaces (empty ones skipped, as `split` does), `Float` of each part, and
    /// `Feature.key(name:)`. Each byte is read once: the name up to the tab, then each weight
    /// as it is parsed.
    static func asciiFeatureLine(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, namespaces: inout NamespaceCache, into weights: inout [Float]) -> FeatureLine {
        var tab = -1
        for k in s..<e {
            let c = b[k]
            if c >= 0x80 { return .notASCII }
            if c == 0x09 {
                tab = k
                break
            }
        }
        guard tab >= 0 else { return .noTab }
        let before = weights.count
        var k = tab + 1
        while k < e {
            while k < e, b[k] == 0x20 { k += 1 }
            guard k < e else { break }
            let start = k
            var ascii = true
            let fast = scanDecimal(b, &k, e, ascii: &ascii)
            if !ascii {
                weights.removeSubrange(before...)
                return .notASCII
            }
            if let v = fast ?? Float(String(decoding: b[start..<k], as: UTF8.self)) { weights.append(v) }
        }
        return .parsed(key: asciiFeatureKey(b, s, tab, namespaces: &namespaces))
    }

    /// Powers of ten that are exact in `Float` (10^0 ... 10^10).
    static let floatPowersOfTen: [Float] = (0...10).map { k in (0..<k).reduce(Float(1)) { r, _ in r * 10 } }

    /// `Float` of a plain decimal `[-]digits[.digits]` in `b[s..<e]` by the exact fast path
    /// (Clinger): when the digits, read as an integer m, are below 2^24 and at most 10 of them
    /// follow the point, m and 10^k are exact floats and one IEEE division rounds m / 10^k
    /// correctly: the same value `Float(String)` (strtof) gives. Anything else is nil, for the
    /// caller to parse the slow way. The model's weights ("-0.0185") all take this path:
    /// reading 45,000 of them through strtof was over a third of `starlint score`'s start-up.
    static func decimalFloat(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Float? {
        var k = s, ascii = true
        let v = scanDecimal(b, &k, e, ascii: &ascii)
        return k == e ? v : nil
    }

    /// `decimalFloat` of the part from `k` to the next space (or `e`), moving `k` to its end;
    /// `ascii` turns false if the part has a byte of 0x80 or above.
    @inline(__always)
    static func scanDecimal(_ b: UnsafeBufferPointer<UInt8>, _ k: inout Int, _ e: Int, ascii: inout Bool) -> Float? {
        var i = k
        var negative = false
        if i < e, b[i] == 0x2D { negative = true; i += 1 }
        var m: UInt32 = 0
        var digits = 0, fraction = 0
        var point = false, plain = true
        while i < e {
            let c = b[i]
            if c == 0x20 { break }
            if c == 0x2E, !point {
                point = true
            } else if c &- 0x30 < 10 {
                m = m &* 10 &+ UInt32(c &- 0x30)
                digits += 1
                if point { fraction += 1 }
                if m >= 1 << 24 { plain = false }
            } else {
                if c >= 0x80 { ascii = false }
                plain = false
            }
            i += 1
        }
        k = i
        guard plain, digits > 0, fraction <= 10 else { return nil }
        let v = Float(m) / floatPowersOfTen[fraction]
        return negative ? -v : v
    }

    /// `Feature.key(name:)` of the ASCII name `b[s..<e]`: the namespace before the first colon,
    /// then each space-separated part's `normalizedHash` (for ASCII: FNV-1a of the lower-cased
    /// bytes) combined in order.
    static func asciiFeatureKey(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, namespaces: inout NamespaceCache) -> UInt64? {
        var colon = -1
        for k in s..<e where b[k] == 0x3A {
            colon = k
            break
        }
        guard colon >= 0 else { return nil }
        var h = namespaces.hash(b, s, colon)
        var k = colon + 1
        while k < e {
            while k < e, b[k] == 0x20 { k += 1 }
            let start = k
            var part = fnvOffsetBasis
            while k < e, b[k] != 0x20 {
                let c = b[k]
                part = fnvStep(part, (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c)
                k += 1
            }
            if k > start { h = combineHash(h, part) }
        }
        return h
    }

    /// Emission log-probabilities for one sentence's features.
    @inline(__always)
    func logProbabilities(_ keys: [UInt64], into out: inout [Double]) {
        logProbabilities(keys, into: &out, at: 0)
    }

    /// Writes the 5 log-probabilities to `out[offset ..< offset + 5]`.
    @inline(__always)
    func logProbabilities(_ keys: [UInt64], into out: inout [Double], at offset: Int) {
        logProbabilities(keys, into: &out, at: offset, edges: nil)
    }

    /// `logProbabilities`, also writing the sum of the features' edge weights to
    /// `edges[0 ..< 25]` when given (and the model has edges). A sentence finds a few dozen
    /// edge lines (its symbolic features, mostly), so the 25 weights are summed in vector
    /// registers, in `Float` as the emissions are.
    @inline(__always)
    func logProbabilities(_ keys: [UInt64], into out: inout [Double], at offset: Int, edges: UnsafeMutablePointer<Double>?) {
        var z: (Float, Float, Float, Float, Float) = (0, 0, 0, 0, 0)
        var ea = SIMD16<Float>(), eb = SIMD8<Float>(), ec: Float = 0
        let withEdges = edges != nil && !edgeWeights.isEmpty
        edgeWeights.withUnsafeBufferPointer { ew in
            emission.withLookup { table in
                keys.withUnsafeBufferPointer { ks in
                    for k in ks {
                        guard let s = table.find(k) else { continue }
                        let w = s.pointee.w
                        z.0 += w.0; z.1 += w.1; z.2 += w.2; z.3 += w.3; z.4 += w.4
                        guard withEdges else { continue }
                        let tag = s.pointee.tag
                        guard tag >= 2 else { continue }
                        let p = UnsafeRawPointer(ew.baseAddress! + Int(tag - 2) * 25)
                        ea += p.loadUnaligned(as: SIMD16<Float>.self)
                        eb += p.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
                        ec += p.load(fromByteOffset: 96, as: Float.self)
                    }
                }
            }
        }
        if withEdges, let edges {
            for q in 0..<16 { edges[q] = Double(ea[q]) }
            for q in 0..<8 { edges[16 + q] = Double(eb[q]) }
            edges[24] = Double(ec)
        }
        // Same operations, in the same order, as over an array [z.0 ... z.4].
        let z0 = Double(z.0), z1 = Double(z.1), z2 = Double(z.2), z3 = Double(z.3), z4 = Double(z.4)
        var m = z0
        if z1 > m { m = z1 }
        if z2 > m { m = z2 }
        if z3 > m { m = z3 }
        if z4 > m { m = z4 }
        var sum = 0.0
        sum += exp(z0 - m); sum += exp(z1 - m); sum += exp(z2 - m); sum += exp(z3 - m); sum += exp(z4 - m)
        let lse = m + log(sum)
        out[offset] = z0 - lse; out[offset + 1] = z1 - lse; out[offset + 2] = z2 - lse; out[offset + 3] = z3 - lse; out[offset + 4] = z4 - lse
    }

    /// Emission scores used in decoding: log p(label | sentence) minus the weighted log prior.
    @inline(__always)
    func emissionScores(_ keys: [UInt64], into out: inout [Double]) {
        emissionScores(keys, into: &out, at: 0)
    }

    /// `emissionScores` into `out[offset ..< offset + 5]`.
    @inline(__always)
    func emissionScores(_ keys: [UInt64], into out: inout [Double], at offset: Int, edges: UnsafeMutablePointer<Double>? = nil) {
        logProbabilities(keys, into: &out, at: offset, edges: edges)
        if priorWeight != 0 {
            for j in 0..<5 { out[offset + j] -= priorWeight * logPrior[j] }
        }
    }

    /// Labels a whole answer: Viterbi path plus forward-backward confidences.
    /// `allowed[t]` restricts sentence t's labels (explicit part labels allow that label or Other).
    func decode(emissions: [[Double]], allowed: [UInt8]) -> [LabelPrediction] {
        decode(flatEmissions: emissions.flatMap { $0 }, allowed: allowed)
    }

    /// `decode` over emissions stored row after row: sentence t's five scores at `t * 5`.
    func decode(flatEmissions e: [Double], allowed: [UInt8]) -> [LabelPrediction] {
        decode(flatEmissions: e, allowed: allowed, marginals: nil)
    }

    /// `decode`, also writing every label's marginal (`T * 5`) into `marginals` if given.
    /// `edges` (empty, or `T * 25`) adds sentence t's edge scores to the transitions into it
    /// (from i to j at `t * 25 + i * 5 + j`; sentence 0's are not read).
    func decode(flatEmissions e: [Double], allowed: [UInt8], marginals: UnsafeMutablePointer<Double>?, edges: [Double] = []) -> [LabelPrediction] {
        let T = allowed.count
        guard T > 0 else { return [] }
        let L = 5
        // Viterbi scores, forward and backward tables (T * L each) and back-pointers plus the
        // path in two scratch buffers (on the stack for ordinary answers), not five arrays.
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * T * L) { scores in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: T * L + T) { ints in
                decode(e, allowed, scores: scores, ints: ints, marginals: marginals, edges: edges)
            }
        }
    }

    private func decode(_ e: [Double], _ allowed: [UInt8], scores: UnsafeMutableBufferPointer<Double>, ints: UnsafeMutableBufferPointer<Int>,
                        marginals: UnsafeMutablePointer<Double>?, edges: [Double]) -> [LabelPrediction] {
        let T = allowed.count
        let L = 5
        let tw = transitionWeight
        let negInf = -Double.infinity
        func ok(_ t: Int, _ j: Int) -> Bool { allowed[t] & (1 << UInt8(j)) != 0 }
        scores.initialize(repeating: negInf)
        ints.initialize(repeating: 0)
        let delta = scores.baseAddress!
        let alpha = delta + T * L
        let beta = alpha + T * L
        let back = ints.baseAddress!
        let path = back + T * L
        // Viterbi.
        for j in 0..<L where ok(0, j) { delta[j] = tw * startScores[j] + e[j] }
        if T > 1 {
            for t in 1..<T {
                let tr = transitions(into: t, allowed)
                for j in 0..<L where ok(t, j) {
                    var best = negInf, arg = 0
                    for i in 0..<L {
                        let v = delta[(t - 1) * L + i] + tw * (tr[i * L + j] + (edges.isEmpty ? 0 : edges[t * 25 + i * L + j]))
                        if v > best { best = v; arg = i }
                    }
                    delta[t * L + j] = best + e[t * L + j]
                    back[t * L + j] = arg
                }
            }
        }
        var bestEnd = negInf, arg = 0
        for j in 0..<L {
            let v = delta[(T - 1) * L + j] + tw * endScores[j]
            if v > bestEnd { bestEnd = v; arg = j }
        }
        path[T - 1] = arg
        var t = T - 1
        while t > 0 {
            path[t - 1] = back[t * L + path[t]]
            t -= 1
        }
        // Marginals by forward-backward, in scaled probabilities: each sentence's emissions
        // are exponentiated once (shifted by their maximum) into the Viterbi table, which is
        // no longer needed, and alpha and beta are renormalised at every step, so the
        // recursion is multiply-adds rather than an exp and a log1p per pair of labels. A
        // marginal is alpha * beta normalised over its sentence's labels, which per-step
        // scaling leaves unchanged. If a step underflows, the log-space version runs instead.
        var out: [LabelPrediction] = []
        out.reserveCapacity(T)
        if scaledForwardBackward(e, allowed, ee: delta, alpha: alpha, beta: beta, edges: edges) {
            for t in 0..<T {
                let j = path[t]
                var z = 0.0
                for k in 0..<L { z += alpha[t * L + k] * beta[t * L + k] }
                let p = alpha[t * L + j] * beta[t * L + j] / z
                let r = alpha[t * L + 3] * beta[t * L + 3] / z
                if let marginals { for k in 0..<L { marginals[t * L + k] = alpha[t * L + k] * beta[t * L + k] / z } }
                out.append(LabelPrediction(label: StarLabel(index: j), confidence: min(1, max(0, p)), resultProbability: min(1, max(0, r))))
            }
            return out
        }
        logForwardBackward(e, allowed, start: { tw * startScores[$0] }, end: { tw * endScores[$0] },
                           transition: { t, i, j in tw * (transitions(into: t, allowed)[i * L + j] + (edges.isEmpty ? 0 : edges[t * 25 + i * L + j])) },
                           alpha: alpha, beta: beta)
        var logZ = negInf
        for j in 0..<L { logZ = logAdd(logZ, alpha[(T - 1) * L + j] + beta[(T - 1) * L + j]) }
        for t in 0..<T {
            let j = path[t]
            let p = exp(alpha[t * L + j] + beta[t * L + j] - logZ)
            let r = exp(alpha[t * L + 3] + beta[t * L + 3] - logZ)
            if let marginals { for k in 0..<L { marginals[t * L + k] = exp(alpha[t * L + k] + beta[t * L + k] - logZ) } }
            out.append(LabelPrediction(label: StarLabel(index: j), confidence: min(1, max(0, p)), resultProbability: min(1, max(0, r))))
        }
        return out
    }

    /// Scaled forward and backward probabilities into `alpha` and `beta` (T * 5 each), using
    /// `ee` (T * 5) for the shifted emission probabilities. False if a step's total is not a
    /// positive finite number. (Internal, not private: a test checks that it refuses
    /// transitions whose exp() is 0, so the log-space pass is the one it measures.)
    func scaledForwardBackward(_ e: [Double], _ allowed: [UInt8], ee: UnsafeMutablePointer<Double>,
                                       alpha: UnsafeMutablePointer<Double>, beta: UnsafeMutablePointer<Double>, edges: [Double]) -> Bool {
        let T = allowed.count
        let L = 5
        let tw = transitionWeight
        // With feature-conditioned transitions, each step's exp(transition) table is its own.
        var stepExp: [Double] = []
        if !edges.isEmpty {
            stepExp = [Double](repeating: 0, count: T * 25)
            for t in 1..<Swift.max(1, T) {
                let base = Self.table(into: t, allowed) * 25
                for q in 0..<25 { stepExp[t * 25 + q] = expTransitions[base + q] * exp(tw * edges[t * 25 + q]) }
            }
        }
        func ok(_ t: Int, _ j: Int) -> Bool { allowed[t] & (1 << UInt8(j)) != 0 }
        for t in 0..<T {
            var m = -Double.infinity
            for j in 0..<L where ok(t, j) { m = Swift.max(m, e[t * L + j]) }
            for j in 0..<L { ee[t * L + j] = ok(t, j) ? exp(e[t * L + j] - m) : 0 }
        }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: L) { buffer -> Bool in
          stepExp.withUnsafeBufferPointer { sx -> Bool in
          expTransitions.withUnsafeBufferPointer { et -> Bool in
            // exp(tw * transition), row i = from, column j = to: general, opening, paragraph.
            let x = et.baseAddress!
            let nb = buffer.baseAddress!  // ee[t + 1] * beta[t + 1]
            // Forward.
            var c = 0.0
            for j in 0..<L { alpha[j] = exp(tw * startScores[j]) * ee[j]; c += alpha[j] }
            guard c > 0, c.isFinite else { return false }
            for j in 0..<L { alpha[j] /= c }
            for t in 1..<Swift.max(1, T) {
                c = 0
                let xt = stepExp.isEmpty ? x + Self.table(into: t, allowed) * L * L : sx.baseAddress! + t * 25
                for j in 0..<L {
                    var acc = 0.0
                    if ee[t * L + j] != 0 {
                        for i in 0..<L { acc += alpha[(t - 1) * L + i] * xt[i * L + j] }
                        acc *= ee[t * L + j]
                    }
                    alpha[t * L + j] = acc
                    c += acc
                }
                guard c > 0, c.isFinite else { return false }
                for j in 0..<L { alpha[t * L + j] /= c }
            }
            // Backward.
            c = 0
            for j in 0..<L { beta[(T - 1) * L + j] = exp(tw * endScores[j]); c += beta[(T - 1) * L + j] }
            guard c > 0, c.isFinite else { return false }
            for j in 0..<L { beta[(T - 1) * L + j] /= c }
            for t in stride(from: T - 2, through: 0, by: -1) {
                for j in 0..<L { nb[j] = ee[(t + 1) * L + j] * beta[(t + 1) * L + j] }
                c = 0
                let xt = stepExp.isEmpty ? x + Self.table(into: t + 1, allowed) * L * L : sx.baseAddress! + (t + 1) * 25
                for i in 0..<L {
                    var acc = 0.0
                    for j in 0..<L { acc += xt[i * L + j] * nb[j] }
                    beta[t * L + i] = acc
                    c += acc
                }
                guard c > 0, c.isFinite else { return false }
                for i in 0..<L { beta[t * L + i] /= c }
            }
            return true
          }
          }
        }
    }
}

@inline(__always)
func logAdd(_ a: Double, _ b: Double) -> Double {
    if a == -.infinity { return b }
    if b == -.infinity { return a }
    return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b))
}

/// Forward and backward scores in log space over `allowed.count` sentences and 5 labels, into
/// `alpha` and `beta` (T * 5 each; -inf where a label is not allowed): the decoder's fallback
/// when scaled probabilities underflow, and the expectations of CRF training.
/// `e[t * 5 + j]` is sentence t's emission score for label j, read only where `allowed[t]`
/// has bit j; `transition(t, i, j)` scores label i at sentence t - 1 followed by j at t.
func logForwardBackward(_ e: [Double], _ allowed: [UInt8], start: (Int) -> Double, end: (Int) -> Double,
                        transition: (Int, Int, Int) -> Double,
                        alpha: UnsafeMutablePointer<Double>, beta: UnsafeMutablePointer<Double>) {
    let T = allowed.count, L = 5
    let negInf = -Double.infinity
    func ok(_ t: Int, _ j: Int) -> Bool { allowed[t] & (1 << UInt8(j)) != 0 }
    for k in 0..<(T * L) { alpha[k] = negInf; beta[k] = negInf }
    for j in 0..<L where ok(0, j) { alpha[j] = start(j) + e[j] }
    if T > 1 {
        for t in 1..<T {
            for j in 0..<L where ok(t, j) {
                var acc = negInf
                for i in 0..<L { acc = logAdd(acc, alpha[(t - 1) * L + i] + transition(t, i, j)) }
                alpha[t * L + j] = acc + e[t * L + j]
            }
        }
    }
    for j in 0..<L { beta[(T - 1) * L + j] = end(j) }
    if T > 1 {
        for t in stride(from: T - 2, through: 0, by: -1) {
            for i in 0..<L {
                var acc = negInf
                for j in 0..<L where ok(t + 1, j) {
                    acc = logAdd(acc, transition(t + 1, i, j) + e[(t + 1) * L + j] + beta[(t + 1) * L + j])
                }
                beta[t * L + i] = acc
            }
        }
    }
}

/// The trained labeller: model features, emissions, constrained sequence decoding.
public struct ModelLabeler: SentenceLabeler {
    public let model: SentenceModel
    public var name: String { "model-\(model.version)" }
    public var quantifiedModel: QuantifiedModel? { model.quantified.isEmpty ? nil : model.quantified }
    public func questionKind(_ question: String) -> (kind: QuestionKind, probability: Double)? { model.questionKinds.classify(question) }

    public init(model: SentenceModel) {
        self.model = model
    }

    public func label(_ input: AnalysisInput, hypotheticalQuestion: Bool) -> [LabelPrediction] {
        let (emissions, allowed, edges) = scores(input, hypotheticalQuestion: hypotheticalQuestion)
        guard !model.presence.isEmpty else { return model.decode(flatEmissions: emissions, allowed: allowed, marginals: nil, edges: edges) }
        let (labels, marginals) = decodeWithMarginals(emissions, allowed, edges)
        let written = input.document.sentences.map(\.explicitLabel)
        // The presence model may move a sentence under a written label only to that label or
        // Other (or keep what the decoder read): reading a labelled sentence as another part
        // is for the sentence's own evidence to decide, not for a part the answer seems to lack.
        var presenceAllowed = allowed
        if model.writtenAllowsAny {
            for (k, l) in written.enumerated() {
                guard let l else { continue }
                var mask = SentenceModel.writtenOrOther(l, keeping: allowed[k]) | (1 << UInt8(labels[k].label.index))
                if let second = input.document.sentences[k].secondLabel { mask |= 1 << UInt8(second.index) }
                presenceAllowed[k] = mask
            }
        }
        return model.presence.apply(labels, marginals: marginals, allowed: presenceAllowed, written: written)
    }

    /// The Viterbi labels (before the presence model) and every label's marginal (`n * 5`).
    func pathAndMarginals(_ input: AnalysisInput, hypotheticalQuestion: Bool) -> (path: [Int], marginals: [Double]) {
        let (emissions, allowed, edges) = scores(input, hypotheticalQuestion: hypotheticalQuestion)
        let (labels, marginals) = decodeWithMarginals(emissions, allowed, edges)
        return (labels.map { $0.label.index }, marginals)
    }

    /// `SentenceModel.decode`, keeping every label's marginal (`n * 5`) as well.
    private func decodeWithMarginals(_ emissions: [Double], _ allowed: [UInt8], _ edges: [Double]) -> (labels: [LabelPrediction], marginals: [Double]) {
        var marginals = [Double](repeating: 0, count: allowed.count * 5)
        let labels = marginals.withUnsafeMutableBufferPointer { model.decode(flatEmissions: emissions, allowed: allowed, marginals: $0.baseAddress, edges: edges) }
        return (labels, marginals)
    }

    /// Every sentence's emission scores (five each, in one flat array) and the labels it may
    /// take (a written part label allows that part or Other).
    func scores(_ input: AnalysisInput, hypotheticalQuestion: Bool) -> (emissions: [Double], allowed: [UInt8], edges: [Double]) {
        let n = input.document.sentences.count
        var sink = KeySink()
        sink.keys.reserveCapacity(128)
        // One flat array, five scores per sentence: no array per sentence.
        var emissions = [Double](repeating: 0, count: n * 5)
        var allowed = [UInt8](repeating: 0x1F, count: n)
        var edges = model.hasEdges ? [Double](repeating: 0, count: n * 25) : []
        for k in 0..<n {
            if input.document.startsParagraph(k) { allowed[k] |= SentenceModel.paragraphStart }
            sink.keys.removeAll(keepingCapacity: true)
            FeatureExtractor.extract(input, sentence: k, hypotheticalQuestion: hypotheticalQuestion, into: &sink)
            if k > 0, !edges.isEmpty {
                edges.withUnsafeMutableBufferPointer { model.emissionScores(sink.keys, into: &emissions, at: k * 5, edges: $0.baseAddress! + k * 25) }
            } else {
                model.emissionScores(sink.keys, into: &emissions, at: k * 5)
            }
            if let l = input.document.sentences[k].explicitLabel {
                if !model.writtenAllowsAny {
                    allowed[k] = SentenceModel.writtenOrOther(l, keeping: allowed[k])
                }
                emissions[k * 5 + l.index] += model.explicitBonus
                if let second = input.document.sentences[k].secondLabel {
                    allowed[k] |= 1 << UInt8(second.index)
                    emissions[k * 5 + second.index] += model.explicitBonus
                }
            }
        }
        return (emissions, allowed, edges)
    }
}

/// An open-addressing hash table (linear probing) from 64-bit keys to non-negative `Int32`
/// values: the feature and word-class lookups of the hot path. Keys are already hashes
/// (FNV-1a, `combineHash`), so one multiply spreads them over the slots, where a `Dictionary`
/// would run SipHash over every key.
///
/// Most lookups are of keys that are absent (a sentence's word pairs, mostly unseen in
/// training). A bit filter, 8 bits per key and one bit set per key (by a second multiply),
/// answers nearly 9 in 10 of those from a few KB that stay in the L1 cache, instead of
/// probing slots spread over a few hundred KB; a key it lets through is looked up as before,
/// so every answer is exact.
struct HashKeyTable: Sendable {
    struct Slot: Sendable {
        var key: UInt64
        /// -1 marks an empty slot.
        var value: Int32
    }

    private var slots: [Slot]
    /// 64 - log2(slot count): the hash keeps the top bits of the product.
    private var shift: UInt64
    /// One bit per filter position; a key sets bit `filterIndex(key)`.
    private var filter: [UInt64]
    /// 64 - log2(filter bits).
    private var filterShift: UInt64
    /// Keys stored.
    private(set) var count = 0

    /// An empty table.
    init() {
        self.init(capacity: 0)
    }

    /// An empty table sized for `n` keys.
    init(capacity n: Int) {
        let g = Geometry(keys: n)
        slots = Array(repeating: Slot(key: 0, value: -1), count: g.slots)
        shift = g.shift
        filter = Array(repeating: 0, count: g.filterWords)
        filterShift = g.filterShift
    }

    /// The sizes of a table for `n` keys, shared with `EmissionTable`: a power of two of slots
    /// with a load factor at most 1/2, and 8 filter bits per key (at least 64).
    struct Geometry {
        let slots: Int
        /// 64 - log2(slots): the slot hash keeps the top bits of the product.
        let shift: UInt64
        let filterWords: Int
        /// 64 - log2(filter bits).
        let filterShift: UInt64

        init(keys n: Int) {
            var size = 8
            while size < n * 2 { size <<= 1 }
            slots = size
            shift = UInt64(64 - size.trailingZeroBitCount)
            var bits = 64
            while bits < n * 8 { bits <<= 1 }
            filterWords = bits / 64
            filterShift = UInt64(64 - bits.trailingZeroBitCount)
        }
    }

    init(_ dictionary: [UInt64: Int32]) {
        self.init(capacity: dictionary.count)
        for (k, v) in dictionary { insert(k, v) }
    }

    init<S: Sequence>(keys: S, value: Int32) where S.Element == UInt64 {
        let list = Array(keys)
        self.init(capacity: list.count)
        for k in list { insert(k, value) }
    }

    /// Sets `value` for `key` (values must be >= 0), replacing an earlier one.
    mutating func insert(_ key: UInt64, _ value: Int32) {
        precondition(value >= 0, "HashKeyTable values must be non-negative")
        if (count + 1) * 2 > slots.count {
            // Keep the load factor at most 1/2: rebuild at twice the size.
            var bigger = HashKeyTable(capacity: count + 1)
            for s in slots where s.value >= 0 { bigger.insert(s.key, s.value) }
            self = bigger
        }
        let mask = slots.count - 1
        var i = Self.slotIndex(key, shift)
        while slots[i].value >= 0 && slots[i].key != key { i = (i + 1) & mask }
        if slots[i].value < 0 { count += 1 }
        slots[i] = Slot(key: key, value: value)
        Self.addToFilter(&filter, key, filterShift)
    }

    /// The slot a probe for `key` starts at.
    @inline(__always)
    static func slotIndex(_ key: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    @inline(__always)
    static func filterIndex(_ key: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0xD6E8_FEB8_6659_FD93) &>> shift)
    }

    static func addToFilter(_ filter: inout [UInt64], _ key: UInt64, _ shift: UInt64) {
        let f = filterIndex(key, shift)
        filter[f >> 6] |= 1 << UInt64(f & 63)
    }

    /// False when `key` is certainly absent; true when it may be in the table.
    @inline(__always)
    static func filterMayHold(_ filter: UnsafeBufferPointer<UInt64>, _ key: UInt64, _ shift: UInt64) -> Bool {
        let f = filterIndex(key, shift)
        return filter[f >> 6] & (1 << UInt64(f & 63)) != 0
    }

    /// The value for `key`, or -1.
    @inline(__always)
    func find(_ key: UInt64) -> Int32 {
        withLookup { $0.find(key) }
    }

    /// Runs `body` with the table's storage pinned, for many lookups in a loop.
    @inline(__always)
    func withLookup<R>(_ body: (Lookup) -> R) -> R {
        slots.withUnsafeBufferPointer { s in
            filter.withUnsafeBufferPointer { f in
                body(Lookup(slots: s, shift: shift, filter: f, filterShift: filterShift))
            }
        }
    }

    /// The table's storage, valid inside `withLookup`.
    struct Lookup {
        let slots: UnsafeBufferPointer<Slot>
        let shift: UInt64
        let filter: UnsafeBufferPointer<UInt64>
        let filterShift: UInt64

        /// The value for `key`, or -1.
        @inline(__always)
        func find(_ key: UInt64) -> Int32 {
            if !HashKeyTable.filterMayHold(filter, key, filterShift) { return -1 }
            let mask = slots.count - 1
            var i = HashKeyTable.slotIndex(key, shift)
            while true {
                let s = slots[i]
                if s.value < 0 { return -1 }
                if s.key == key { return s.value }
                i = (i + 1) & mask
            }
        }
    }
}
