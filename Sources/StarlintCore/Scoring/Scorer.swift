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
public struct Scorer: Sendable {
    public let rubric: Rubric

    public init(rubric: Rubric) {
        self.rubric = rubric
    }

    public func score(_ findings: [Finding]) -> (score: Int, subscores: Subscores, deductions: [Deduction]) {
        var lost: [Dimension: Double] = [:]
        var perRule: [String: Double] = [:]
        var deductions: [Deduction] = []
        let weightSum = Dimension.allCases.reduce(0) { $0 + (rubric.weights[$1] ?? 0) }
        for f in findings {
            guard let cost = rubric.costs[f.rule] else { continue }
            let used = perRule[f.rule, default: 0]
            let room = min(cost.cap - used, 100 - lost[cost.dimension, default: 0])
            let points = min(cost.points, room)
            guard points > 0 else { continue }
            perRule[f.rule] = used + points
            lost[cost.dimension, default: 0] += points
            let w = (rubric.weights[cost.dimension] ?? 0) / max(weightSum, 1e-9)
            deductions.append(Deduction(rule: f.rule, dimension: cost.dimension, points: points, totalEffect: (points * w * 100).rounded() / 100,
                                        line: f.line, column: f.column, message: f.message))
        }
        func sub(_ d: Dimension) -> Int { Int((100 - lost[d, default: 0]).rounded()) }
        let subs = Subscores(structure: sub(.structure), specificity: sub(.specificity), ownership: sub(.ownership),
                             clarity: sub(.clarity), concision: sub(.concision))
        var total = 0.0
        for d in Dimension.allCases { total += (rubric.weights[d] ?? 0) * (100 - lost[d, default: 0]) }
        let score = Int((total / max(weightSum, 1e-9)).rounded())
        return (max(0, min(100, score)), subs, deductions)
    }
}
