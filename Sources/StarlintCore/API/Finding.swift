/// How serious a finding is.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, warning, error

    var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One problem found in an answer, with where it is and what to do about it.
public struct Finding: Sendable, Codable, Equatable {
    public var rule: String
    public var severity: Severity
    public var message: String
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public var suggestion: String?
    /// The share (0-1) of its rule's deduction this finding takes, for a finding with a
    /// degree (length: a few words short or half the answer missing); nil takes all of it.
    public var weight: Double?
    /// For an answer too short to judge (`length` under `length.min-credit` words), or one
    /// mostly made of repeats (the first `repeated-sentence` past `repeat.credit-from`): the
    /// share (0-1) of each sub-score it keeps, the rest taken as deductions of this finding's
    /// rule; nil for every other finding.
    public var credit: Double?

    public init(rule: String, severity: Severity, message: String, span: SourceSpan, suggestion: String? = nil, weight: Double? = nil, credit: Double? = nil) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.line = span.line
        self.column = span.column
        self.endLine = span.endLine
        self.endColumn = span.endColumn
        self.suggestion = suggestion
        self.weight = weight
        self.credit = credit
    }

    public var span: SourceSpan { SourceSpan(line: line, column: column, endLine: endLine, endColumn: endColumn) }

    /// The order findings are reported in: (line, column, rule), compared field by field
    /// without building tuples.
    @inline(__always)
    static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.line != b.line { return a.line < b.line }
        if a.column != b.column { return a.column < b.column }
        return a.rule < b.rule
    }
}
