import Foundation
import StarlintCore

/// What `AttemptStore.save` did with an attempt.
public enum SaveOutcome: Sendable, Equatable {
    /// Saved as a new attempt with this id.
    case saved(id: Int64)
    /// The latest attempt at the same question has the same text; nothing was added.
    case duplicate(id: Int64)

    public var id: Int64 {
        switch self {
        case .saved(let id), .duplicate(let id): id
        }
    }
}

/// One scored attempt to save with `AttemptStore.save(_:)`, the batch form of `save`.
public struct AttemptInput: Sendable {
    public var analysis: Analysis
    /// The answer file's text as read.
    public var text: String
    public var questionKey: String
    public var questionText: String?
    public var source: AttemptSource
    public var durationMs: Int?
    /// When the attempt was made; nil (the default) stamps it as it is saved, once the write
    /// lock is held, so attempts saved by processes that waited for each other's lock are
    /// dated in the order they were saved (newest is the last saved).
    public var date: Date?
    /// The answer file's canonical path (absolute, links resolved), by which `check --save`
    /// finds the file's latest attempt; nil for standard input.
    public var filePath: String?

    /// `filePath` is the analysis's file with its links resolved, or, when that cannot be
    /// done (the file is gone), the file made absolute against the current folder.
    public init(
        _ analysis: Analysis, text: String, questionKey: String, questionText: String?,
        source: AttemptSource = .score, durationMs: Int? = nil, date: Date? = nil,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        self.analysis = analysis
        self.text = text
        self.questionKey = questionKey
        self.questionText = questionText
        self.source = source
        self.durationMs = durationMs
        self.date = date
        let file = analysis.file
        filePath = file == "-" || file == "<stdin>" || file.isEmpty ? nil : QuestionIdentity.filePath(file, currentDirectory: currentDirectory)
    }
}

/// Which command produced an attempt.
public enum AttemptSource: String, Sendable, Codable, CaseIterable {
    /// `score`, `practice`, and `check --save` (a batch graded for a coach or in CI).
    case score, practice, check
}

/// A date that encodes to JSON as an ISO 8601 string in UTC ("2025-03-01T14:05:09Z").
@propertyWrapper
public struct ISODate: Sendable, Codable, Equatable, Hashable {
    public var wrappedValue: Date

    public init(wrappedValue: Date) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        wrappedValue = try Date(s, strategy: .iso8601)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(wrappedValue.formatted(.iso8601))
    }
}

/// An optional written as `null` when absent, where synthesised `Codable` would leave its key
/// out: `history` and `progress` JSON give every row the same keys. A missing key still
/// decodes (as nil).
@propertyWrapper
public struct Nullable<Wrapped: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var wrappedValue: Wrapped?

    public init(wrappedValue: Wrapped?) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(Wrapped.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let v = wrappedValue { try c.encode(v) } else { try c.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// A `Nullable` whose key is missing is nil, as a plain optional's would be.
    public func decode<W>(_ type: Nullable<W>.Type, forKey key: Key) throws -> Nullable<W> {
        try decodeIfPresent(type, forKey: key) ?? Nullable(wrappedValue: nil)
    }
}

/// The five sub-scores of an attempt (the same keys as `Analysis.subscores`).
public struct DimensionScores: Sendable, Codable, Equatable {
    public var structure: Int
    public var specificity: Int
    public var ownership: Int
    public var clarity: Int
    public var concision: Int

    public init(structure: Int, specificity: Int, ownership: Int, clarity: Int, concision: Int) {
        self.structure = structure
        self.specificity = specificity
        self.ownership = ownership
        self.clarity = clarity
        self.concision = concision
    }

    public init(_ s: Subscores) {
        self.init(structure: s.structure, specificity: s.specificity, ownership: s.ownership, clarity: s.clarity, concision: s.concision)
    }

    public subscript(d: StarlintCore.Dimension) -> Int {
        switch d {
        case .structure: structure
        case .specificity: specificity
        case .ownership: ownership
        case .clarity: clarity
        case .concision: concision
        }
    }
}

/// One row of `starlint history`.
public struct AttemptSummary: Sendable, Codable, Equatable {
    public var id: Int64
    @ISODate public var date: Date
    public var questionKey: String
    @Nullable public var questionText: String?
    public var file: String
    public var score: Int
    /// This score minus the score of the previous attempt at the same question; nil for the first.
    @Nullable public var change: Int?
    public var subscores: DimensionScores
    public var words: Int
    public var source: AttemptSource
    /// The score's band as `score` gave it (`ScoreBand`); null when saved before starlint 0.23
    /// (schema v14) or by a rubric without bands.
    @Nullable public var band: ScoreBand? = nil
}

/// One sentence of a saved attempt, with the label it was given.
public struct StoredSentence: Sendable, Codable, Equatable {
    public var text: String
    public var label: StarLabel
    public var confidence: Double
    public var uncertain: Bool
    public var explicitLabel: Bool
    public var line: Int
    public var column: Int
    public var words: Int
    /// The part label written over the sentence when it reads as another part; nil when it
    /// reads as its label, is under none, or was saved before schema v13.
    public var writtenLabel: StarLabel? = nil
}

/// One finding of a saved attempt.
public struct StoredFinding: Sendable, Codable, Equatable {
    public var rule: String
    public var severity: Severity
    public var message: String
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public var suggestion: String?

    public init(rule: String, severity: Severity, message: String, line: Int, column: Int, endLine: Int, endColumn: Int, suggestion: String?) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.suggestion = suggestion
    }
}

/// A saved attempt in full (`starlint show`).
public struct StoredAttempt: Sendable, Codable, Equatable {
    public var id: Int64
    @ISODate public var date: Date
    public var file: String
    public var questionKey: String
    public var questionText: String?
    public var score: Int
    public var subscores: DimensionScores
    public var contentHash: String
    public var rubricVersion: String
    public var modelVersion: String
    public var toolVersion: String
    public var source: AttemptSource
    /// Milliseconds between showing the question and receiving the answer (practice only).
    public var durationMs: Int?
    public var words: Int
    public var text: String
    public var sentences: [StoredSentence]
    public var findings: [StoredFinding]
    /// The points each finding took, as `score` showed them; empty and `deductionsRecorded`
    /// false for an attempt saved before starlint 0.6 (schema v6), which kept none.
    public var deductions: [Deduction]
    public var deductionsRecorded: Bool
    /// Findings that starlint-disable comments suppressed, and the starlint comments that did
    /// nothing (an unknown rule or directive, one never closed, one that hid no finding); both
    /// nil for an attempt saved before starlint 0.8 (schema v7), which recorded neither.
    public var suppressedFindings: Int?
    public var directiveProblems: [DirectiveProblem]?
    /// Whether the Result is quantified, the sentence that makes it so, and the answer's
    /// figures, as `score` gave them; nil for an attempt saved before
    /// schema v10, which did not record them (`stats` is then absent too).
    public var quantifiedResult: Bool? = nil
    public var quantifiedResultSentence: Int? = nil
    public var stats: AnswerStats? = nil
    /// The score's band as `score` gave it; nil when saved before starlint 0.23 (schema v14)
    /// or by a rubric without bands.
    public var band: ScoreBand? = nil
}

/// Per-question figures used to choose what to practise next.
public struct QuestionStat: Sendable, Codable, Equatable {
    public var questionKey: String
    public var attempts: Int
    /// Id of the most recent attempt at this question (ids grow with time).
    public var lastAttemptId: Int64
    @ISODate public var lastDate: Date
    public var latestScore: Int
    public var bestScore: Int

    public init(questionKey: String, attempts: Int, lastAttemptId: Int64, lastDate: Date, latestScore: Int, bestScore: Int) {
        self.questionKey = questionKey
        self.attempts = attempts
        self.lastAttemptId = lastAttemptId
        self.lastDate = lastDate
        self.latestScore = latestScore
        self.bestScore = bestScore
    }
}
