/// The five scored dimensions.
public enum Dimension: String, Sendable, Codable, CaseIterable {
    case structure, specificity, ownership, clarity, concision
}

/// Where a score sits among the corpus's answers: the quality grade (1-5, Corpus/README.md)
/// whose answers score like it, and the scores of that grade's band.
public struct ScoreBand: Sendable, Codable, Equatable {
    public var grade: Int
    /// The band's name: weak, needs work, fair, good or strong (grades 1 to 5).
    public var name: String
    public var from: Int
    public var to: Int

    public init(grade: Int, from: Int, to: Int) {
        self.grade = grade
        self.name = Self.names[min(4, max(0, grade - 1))]
        self.from = from
        self.to = to
    }

    /// The rubric keys of the bands' starts, grade 2's first (grade 1's band starts at 0).
    static let startKeys = ["band.2", "band.3", "band.4", "band.5"]
    /// The bands' names, grade 1 first.
    public static let names = ["weak", "needs work", "fair", "good", "strong"]
}

/// Score weights and thresholds, read from `Lexicons/rubric.txt`.
public struct Rubric: Sendable {
    public struct RuleCost: Sendable, Equatable {
        public var dimension: Dimension
        public var points: Double
        public var cap: Double
    }

    public var version: String
    /// The comment lines at the top of the file, kept when the rubric is rewritten.
    public var header: String = ""
    public var weights: [Dimension: Double]
    public var costs: [String: RuleCost]
    public var values: [String: Double]

    public init(bytes: [UInt8]) throws(StarlintError) {
        var version = ""
        var weights: [Dimension: Double] = [:]
        var costs: [String: RuleCost] = [:]
        var values: [String: Double] = [:]
        var header = ""
        for raw in String(decoding: bytes, as: UTF8.self).textLines() {
            guard raw.hasPrefix("#") else { break }
            header += raw + "\n"
        }
        self.header = header
        for line in try LexiconFile.lines(bytes, name: "rubric.txt") {
            guard let eq = line.text.firstIndex(of: "=") else {
                throw .lexicons(path: "rubric.txt:\(line.number)", problem: "expected 'key = value'")
            }
            let key = String(line.text[..<eq]).trimmingSpaces()
            let value = String(line.text[line.text.index(after: eq)...]).trimmingSpaces()
            if key == "version" {
                version = value
            } else if key.hasPrefix("weight.") {
                guard let d = Dimension(rawValue: String(key.dropFirst(7))), let w = Double(value) else {
                    throw .lexicons(path: "rubric.txt:\(line.number)", problem: "bad weight '\(line.text)'")
                }
                weights[d] = w
            } else if key.hasPrefix("rule.") {
                let parts = value.split(separator: " ")
                guard parts.count == 3, let d = Dimension(rawValue: String(parts[0])), let p = Double(parts[1]), let c = Double(parts[2]) else {
                    throw .lexicons(path: "rubric.txt:\(line.number)", problem: "expected 'rule.ID = dimension points cap'")
                }
                costs[String(key.dropFirst(5))] = RuleCost(dimension: d, points: p, cap: c)
            } else {
                guard let v = Double(value) else {
                    throw .lexicons(path: "rubric.txt:\(line.number)", problem: "'\(key)' needs a number")
                }
                values[key] = v
            }
        }
        guard !version.isEmpty else { throw .lexicons(path: "rubric.txt", problem: "missing 'version'") }
        // A rule reported but never scored (`spelling`) says so in the score report: its rubric
        // line, if any, must give it 0 points, or the report would say something untrue.
        for r in RuleRegistry.all where !r.description.scored {
            if let c = costs[r.description.id], c.points != 0 || c.cap != 0 {
                throw .lexicons(path: "rubric.txt", problem: "rule.\(r.description.id) must be 0 points: \(r.description.id) is reported but not scored")
            }
        }
        // Bands: all four or none, each starting above the one before, inside 1-100.
        let bands = ScoreBand.startKeys.map { values[$0] }
        if bands.contains(where: { $0 != nil }) {
            var previous = 0.0
            for (g, b) in zip(2..., bands) {
                guard let b else { throw .lexicons(path: "rubric.txt", problem: "missing 'band.\(g)' (the bands come as band.2 to band.5, or not at all)") }
                guard b == b.rounded(), b > previous, b <= 100 else {
                    throw .lexicons(path: "rubric.txt", problem: "band.\(g) must be a whole score above band.\(g - 1) and at most 100")
                }
                previous = b
            }
        }
        for d in Dimension.allCases where weights[d] == nil {
            throw .lexicons(path: "rubric.txt", problem: "missing 'weight.\(d.rawValue)'")
        }
        self.version = version
        self.weights = weights
        self.costs = costs
        self.values = values
    }

    public func value(_ key: String, default d: Double) -> Double { values[key] ?? d }

    /// The quality grade whose answers score like `score` (`ScoreBand`), from the rubric's
    /// `band.2` ... `band.5`: the score from which an answer is in that grade's band. Nil when
    /// the rubric has no bands (one written by hand, say).
    public func band(of score: Int) -> ScoreBand? {
        let starts = ScoreBand.startKeys.compactMap { values[$0] }.map { Int($0) }
        guard starts.count == 4 else { return nil }
        let from = [0] + starts, to = starts.map { $0 - 1 } + [100]
        let i = (0..<5).last { score >= from[$0] } ?? 0
        return ScoreBand(grade: i + 1, from: from[i], to: to[i])
    }

    /// Serialises the rubric back to the file format (used by calibration).
    public func render() -> String {
        var out = header
        out += "version = \(version)\n\n"
        for d in Dimension.allCases { out += "weight.\(d.rawValue) = \(fmt(weights[d] ?? 0))\n" }
        out += "\n"
        out += "# rule.ID = dimension points cap: points taken from the dimension per finding,\n# and the most one rule can take in all\n"
        for (id, c) in costs.sorted(by: { $0.key < $1.key }) {
            out += "rule.\(id) = \(c.dimension.rawValue) \(fmt(c.points)) \(fmt(c.cap))\n"
        }
        out += "\n"
        out += "# thresholds: length in words, balance as a share of words, ownership.min-we in\n"
            + "# Action sentences (or times \"we\" in an Action without \"I\"), confidence below\n"
            + "# which a label is shown as uncertain, and the\n"
            + "# posterior probability of Result at which a sentence stating a measured change makes the\n"
            + "# Result quantified although it is labelled otherwise (a result told first); the\n"
            + "# quantified-result model's probability below which it overrules a change the facts found\n"
            + "# (model-veto), and from which it finds one they missed (model-rescue); the fewest words\n"
            + "# a sentence needs for its repeat to count (repeat.min-words; shorter ones count when\n"
            + "# said three times or more), and an answer for its sub-scores to count in full\n"
            + "# (length.min-credit; fewer keep that share of each); the share of an answer's words in\n"
            + "# repeated sentences above which every sub-score keeps only a part (repeat.credit-from);\n"
            + "# band.N, the score from which an answer scores like the dev answers of quality grade N\n"
            + "# (halfway between the median scores of grades N-1 and N; set by calibration)\n"
        for (k, v) in values.sorted(by: { $0.key < $1.key }) { out += "\(k) = \(fmt(v))\n" }
        return out
    }

    private func fmt(_ v: Double) -> String {
        if v == v.rounded() { return String(Int(v)) }
        return String((v * 1000).rounded() / 1000)
    }
}
