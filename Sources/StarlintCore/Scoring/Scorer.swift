/// Points taken from one dimension because of one finding.
public struct Deduction: Sendable, Codable, Equatable {
    public var rule: String
    public var dimension: Dimension
    /// Points taken from the dimension's sub-score (0-100 scale).
    public var points: Double
    /// Effect on the total score (points times the dimension's weight).
    public var totalEffect: Double
    public var line: Int
    public var column: Int
    public var message: String
    /// True when a `starlint-disable` comment hid the finding: it is not reported, but it
    /// still takes its points, so a comment cannot raise a score (absent otherwise).
    public var suppressed: Bool?

    public init(rule: String, dimension: Dimension, points: Double, totalEffect: Double, line: Int, column: Int, message: String, suppressed: Bool? = nil) {
        self.rule = rule
        self.dimension = dimension
        self.points = points
        self.totalEffect = totalEffect
        self.line = line
        self.column = column
        self.message = message
        self.suppressed = suppressed
    }
}

/// Sub-scores per dimension, in a fixed order for stable JSON.
public struct Subscores: Sendable, Codable, Equatable {
    public var structure: Int
    public var specificity: Int
    public var ownership: Int
    public var clarity: Int
    public var concision: Int

    public subscript(d: Dimension) -> Int {
        switch d {
        case .structure: structure
        case .specificity: specificity
        case .ownership: ownership
        case .clarity: clarity
        case .concision: concision
        }
    }
}

/// Turns findings into a 0-100 score under a rubric.
///
/// The rubric's dictionaries are turned into arrays once: scoring an answer indexes them by
/// dimension and by rule instead of hashing a `String` or an enum for every finding.
public struct Scorer: Sendable {
    public let rubric: Rubric
    /// `rubric.weights` by `Dimension.allCases` position (0 where missing).
    private let weights: [Double]
    private let weightSum: Double
    /// Rule costs, with their dimension's position.
    private let costs: [(cost: Rubric.RuleCost, dimension: Int)]
    /// Rule id -> index into `costs`: the exact `Dictionary` lookup, and a table keyed by an
    /// FNV-1a hash of the id's UTF-8 bytes that answers the common case without hashing a
    /// `String` (a hit there is confirmed with `==`).
    private let costIndex: [String: Int]
    private let costTable: HashKeyTable
    private let costIDs: [String]
    /// `Dimension.allCases`, made once (the synthesised property builds an array per use).
    private let dimensions = Dimension.allCases

    public init(rubric: Rubric) {
        self.rubric = rubric
        weights = Dimension.allCases.map { rubric.weights[$0] ?? 0 }
        weightSum = Dimension.allCases.reduce(0) { $0 + (rubric.weights[$1] ?? 0) }
        var costs: [(cost: Rubric.RuleCost, dimension: Int)] = []
        var index: [String: Int] = [:]
        var ids: [String] = []
        var byHash: [UInt64: Int32] = [:]
        var ambiguous: Set<UInt64> = []
        for (id, cost) in rubric.costs {
            index[id] = costs.count
            let h = Self.idHash(id)
            if byHash[h] != nil { ambiguous.insert(h) }
            byHash[h] = Int32(costs.count)
            ids.append(id)
            costs.append((cost, Dimension.allCases.firstIndex(of: cost.dimension)!))
        }
        for h in ambiguous { byHash[h] = nil }  // two ids with one hash: leave them to the dictionary
        self.costs = costs
        costIndex = index
        costIDs = ids
        costTable = HashKeyTable(byHash)
    }

    private static func idHash(_ id: String) -> UInt64 {
        var h = fnvOffsetBasis
        for b in id.utf8 { h = fnvStep(h, b) }
        return h
    }

    /// Index into `costs` of the rule's cost, or nil when the rubric has none.
    @inline(__always)
    private func costIndex(of rule: String) -> Int? {
        let k = costTable.find(Self.idHash(rule))
        if k >= 0, costIDs[Int(k)] == rule { return Int(k) }
        return costIndex[rule]
    }

    /// Points lost per dimension, by `Dimension.allCases` position, without an array.
    private struct Losses {
        var values: (Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0)
        subscript(d: Int) -> Double {
            get {
                switch d {
                case 0: values.0
                case 1: values.1
                case 2: values.2
                case 3: values.3
                default: values.4
                }
            }
            set {
                switch d {
                case 0: values.0 = newValue
                case 1: values.1 = newValue
                case 2: values.2 = newValue
                case 3: values.3 = newValue
                default: values.4 = newValue
                }
            }
        }
    }

    /// `points` off dimension `d` (its index), as a deduction of finding `f`.
    @inline(__always)
    private func deduction(_ points: Double, _ d: Int, _ f: Finding, suppressed: Bool) -> Deduction {
        let w = weights[d] / max(weightSum, 1e-9)
        return Deduction(rule: f.rule, dimension: dimensions[d], points: points, totalEffect: (points * w * 100).rounded() / 100,
                         line: f.line, column: f.column, message: f.message, suppressed: suppressed ? true : nil)
    }

    /// The score of `findings`, in report order; the findings from `suppressedFrom` on are
    /// the ones starlint-disable comments hid: they take their points as any other, and their
    /// deductions say they were hidden.
    public func score(_ findings: [Finding], suppressedFrom: Int? = nil) -> (score: Int, subscores: Subscores, deductions: [Deduction]) {
        let hiddenFrom = suppressedFrom ?? findings.count
        let order = suppressedFrom == nil ? Array(findings.indices) : findings.indices.sorted { Finding.reportOrder(findings[$0], findings[$1]) }
        var lost = Losses()
        var perRule = [Double](repeating: 0, count: costs.count)
        var deductions: [Deduction] = []
        for i in order {
            let f = findings[i]
            guard let k = costIndex(of: f.rule) else { continue }
            let (cost, d) = costs[k]
            let used = perRule[k]
            let room = min(cost.cap - used, 100 - lost[d])
            let points = min(f.weight.map { (cost.points * $0 * 10).rounded() / 10 } ?? cost.points, room)
            guard points > 0 else { continue }
            perRule[k] = used + points
            lost[d] += points
            deductions.append(deduction(points, d, f, suppressed: i >= hiddenFrom))
        }
        // An answer too short to judge keeps only its credit's share of each sub-score: the
        // rest of each is a deduction of the finding that says so (`Finding.credit`).
        var least = -1, credit = 1.0
        for k in order { if let c = findings[k].credit, c < credit { least = k; credit = c } }
        if least >= 0 {
            let f = findings[least], c = credit
            for d in 0..<5 {
                let points = ((100 - lost[d]) * (1 - max(0, c)) * 10).rounded() / 10
                guard points > 0 else { continue }
                lost[d] += points
                deductions.append(deduction(points, d, f, suppressed: least >= hiddenFrom))
            }
        }
        func sub(_ d: Int) -> Int { Int((100 - lost[d]).rounded()) }
        let subs = Subscores(structure: sub(0), specificity: sub(1), ownership: sub(2), clarity: sub(3), concision: sub(4))
        var total = 0.0
        for d in 0..<5 { total += weights[d] * (100 - lost[d]) }
        let score = Int((total / max(weightSum, 1e-9)).rounded())
        return (max(0, min(100, score)), subs, deductions)
    }
}
