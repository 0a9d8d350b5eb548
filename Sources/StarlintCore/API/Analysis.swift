/// Settings that change how an answer is analysed (from flags or a config file).
public struct AnalysisSettings: Sendable {
    public var minWords: Int?
    public var maxWords: Int?
    /// Rules turned off.
    public var disabledRules: Set<String> = []
    /// Severity overrides per rule id.
    public var severities: [String: Severity] = [:]
    /// Sentences below this confidence are marked uncertain (default from the rubric).
    public var uncertainBelow: Double?
    /// Whether `starlint-disable` comments in the answer suppress findings.
    public var inlineSuppressions = true
    /// Rules whose findings no comment in the answer can suppress: the rules the settings
    /// require (`require:`, `--require`), which are the grader's, not the writer's.
    public var unsuppressible: Set<String> = []

    public init() {}
}

/// One sentence in the report.
public struct SentenceReport: Sendable, Codable, Equatable {
    public var text: String
    public var label: StarLabel
    public var confidence: Double
    public var uncertain: Bool
    /// True when the author labelled this part ("Situation:").
    public var explicitLabel: Bool
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public var words: Int
    /// The part label written over the sentence ("Action:") when the sentence is read as
    /// another part (background under "Action:" read as Situation, a lesson under "Result:"
    /// read as Other); nil otherwise, and under a label that names no one part ("Lessons
    /// learned:", "Challenge:"). JSON leaves the key out when nil.
    public var writtenLabel: StarLabel? = nil
}

public struct LabelCounts: Sendable, Codable, Equatable {
    public var situation = 0, task = 0, action = 0, result = 0, other = 0

    public init() {}

    public subscript(l: StarLabel) -> Int {
        get {
            switch l {
            case .situation: situation
            case .task: task
            case .action: action
            case .result: result
            case .other: other
            }
        }
        set {
            switch l {
            case .situation: situation = newValue
            case .task: task = newValue
            case .action: action = newValue
            case .result: result = newValue
            case .other: other = newValue
            }
        }
    }
}

public struct AnswerStats: Sendable, Codable, Equatable {
    public var words: Int
    public var sentences: Int
    public var paragraphs: Int
    public var speakingSeconds: Int
    /// Words per part.
    public var wordsByPart: LabelCounts

    public init(words: Int, sentences: Int, paragraphs: Int, speakingSeconds: Int, wordsByPart: LabelCounts) {
        self.words = words
        self.sentences = sentences
        self.paragraphs = paragraphs
        self.speakingSeconds = speakingSeconds
        self.wordsByPart = wordsByPart
    }
}

/// A `starlint-disable` comment that cannot do what it says: "unknown rule 'fillr' (did you
/// mean 'filler'?) in a starlint-disable comment; it suppresses nothing".
public struct DirectiveProblem: Sendable, Codable, Equatable {
    /// The line and column of the comment's `<!--`. The column is nil for a problem read
    /// back from an attempt saved before starlint 0.9 (schema v8), which did not record it.
    public var line: Int
    public var column: Int?
    /// "front-matter" for front matter read as ending where the answer starts
    /// (`Document.frontMatterCutAt`); absent for a starlint comment.
    public var kind: String?
    public var message: String

    public init(line: Int, column: Int? = nil, message: String, kind: String? = nil) {
        self.line = line
        self.column = column
        self.message = message
        self.kind = kind
    }

    /// The `kind` of the warning that front matter was cut short.
    public static let frontMatterKind = "front-matter"
    static let frontMatterPrefix = "the front matter opened by '---' is not closed before line "

    /// The warning that front matter is read as ending before `line`, the answer's first.
    static func frontMatter(cutAt line: Int) -> DirectiveProblem {
        DirectiveProblem(line: 1, column: 1, message: frontMatterPrefix + "\(line), which is read as the answer's first line; end the front matter with a line '---' above it",
                         kind: frontMatterKind)
    }

    /// A warning read back from a saved attempt, whose kind was not stored: its message says it.
    public static func saved(line: Int, column: Int?, message: String) -> DirectiveProblem {
        DirectiveProblem(line: line, column: column, message: message, kind: message.hasPrefix(frontMatterPrefix) ? frontMatterKind : nil)
    }

    public var isFrontMatter: Bool { kind == Self.frontMatterKind }

    /// `line:column`, or `line` alone when the column is not known.
    public var place: String { column.map { "\(line):\($0)" } ?? "\(line)" }
}

/// A finding a `starlint-disable` comment hid: the finding, where the comment is (its `<!--`)
/// and the reason written after "--" in it, if any.
public struct SuppressedFinding: Sendable, Codable, Equatable {
    public var finding: Finding
    public var commentLine: Int
    public var commentColumn: Int
    public var reason: String?

    public init(finding: Finding, commentLine: Int, commentColumn: Int, reason: String? = nil) {
        self.finding = finding
        self.commentLine = commentLine
        self.commentColumn = commentColumn
        self.reason = reason
    }
}

/// Everything starlint knows about one answer. Encodes to the documented JSON shape.
public struct Analysis: Sendable, Codable, Equatable {
    public var file: String
    public var score: Int
    /// The quality grade whose corpus answers score like this (`Rubric.band(of:)`); absent
    /// when the rubric has no bands.
    public var band: ScoreBand? = nil
    public var rubricVersion: String
    public var modelVersion: String
    public var toolVersion: String
    public var question: String?
    public var role: String?
    public var level: String?
    public var subscores: Subscores
    public var sentences: [SentenceReport]
    public var quantifiedResult: Bool
    /// Index in `sentences` of the sentence that states the measured change, when there is
    /// one. It is usually a Result, but may be a sentence labelled otherwise that is
    /// probably the Result (an outcome told first).
    public var quantifiedResultSentence: Int?
    public var findings: [Finding]
    public var deductions: [Deduction]
    public var suppressedFindings: Int
    /// The findings `starlint-disable` comments hid, each with the comment that hid it and
    /// the reason written there; absent when none. They take nothing off the score.
    public var suppressed: [SuppressedFinding]?
    /// `starlint-disable` comments naming a rule starlint does not have; absent when none.
    public var directiveProblems: [DirectiveProblem]?
    /// The id of the saved attempt this analysis is (new, or unchanged since): set by
    /// `score` when it saves, absent otherwise.
    public var savedAttempt: Int64?
    /// With `savedAttempt`: true when this run saved it, false when the same text was already
    /// the question's latest attempt (nothing saved); absent otherwise.
    public var savedAsNew: Bool?
    public var stats: AnswerStats
    /// Content key for de-duplicating attempts: XXH64 (seed 0) of the file's bytes, 16 hex
    /// digits (before schema v5 and starlint 0.5: FNV-1a 64; the v5 migration rewrites old keys).
    public var contentHash: String

    public var labels: [StarLabel] { sentences.map(\.label) }
}

public enum StarlintVersion {
    public static let current = "0.23.5"
}
