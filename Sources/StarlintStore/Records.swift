import Foundation
import GRDB
import StarlintCore

// Database rows. Plain structs; the persistence conformances live in extensions, each with a
// `Columns` enum. Table names are the strings used by the shipped migrations.

struct AttemptRecord: Equatable {
    var id: Int64?
    var createdAt: Date
    var file: String
    var text: String
    var contentHash: String
    var questionKey: String
    var questionText: String?
    var score: Int
    var structure: Int
    var specificity: Int
    var ownership: Int
    var clarity: Int
    var concision: Int
    var sentenceCount: Int
    var findingCount: Int
    var rubricVersion: String
    var modelVersion: String
    var toolVersion: String
    // Added by migration v2.
    var words: Int
    var source: String
    var durationMs: Int?
    // Added by migration v6: nil for an attempt saved before it (deductions not recorded).
    var deductionCount: Int?
    // Added by migration v7: nil for an attempt saved before it (not recorded).
    var suppressedFindings: Int? = nil
    // Added by migration v9: the file's absolute path; nil for standard input, and for an
    // attempt saved before v9 with a relative path.
    var filePath: String? = nil
    // Added by migration v10: nil for an attempt saved before it (not recorded).
    var quantifiedResult: Bool? = nil
    var quantifiedSentence: Int? = nil
    var paragraphs: Int? = nil
    var speakingSeconds: Int? = nil
    // Added by migration v14: nil for an attempt saved before it, or by a rubric without bands.
    var bandGrade: Int? = nil
    var bandFrom: Int? = nil
    var bandTo: Int? = nil

    /// The saved band, or nil when none was saved.
    var band: ScoreBand? { Self.band(grade: bandGrade, from: bandFrom, to: bandTo) }

    /// A band from its saved columns; nil when they hold none (or values no band can have).
    static func band(grade: Int?, from: Int?, to: Int?) -> ScoreBand? {
        guard let grade, let from, let to, (1...5).contains(grade), from <= to else { return nil }
        return ScoreBand(grade: grade, from: from, to: to)
    }
}

extension AttemptRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "attempt"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let createdAt = Column(CodingKeys.createdAt)
        static let contentHash = Column(CodingKeys.contentHash)
        static let questionKey = Column(CodingKeys.questionKey)
        static let questionText = Column(CodingKeys.questionText)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A sentence row as schema v4 has it: its text is either a span of the attempt's text
/// (`textStart`, `textEnd`) or, rarely, `text` itself (see `SentenceText`).
struct SentenceRecord: Equatable {
    var attemptId: Int64
    var position: Int
    var textStart: Int?
    var textEnd: Int?
    var label: String
    var confidence: Double
    var uncertain: Bool
    var explicitLabel: Bool
    var line: Int
    var col: Int
    var words: Int
    var text: String?
    // Added by migration v13: the part label written over the sentence when it reads as
    // another part, else NULL.
    var writtenLabel: String?
}

extension SentenceRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "sentence"

    enum Columns {
        static let attemptId = Column(CodingKeys.attemptId)
        static let position = Column(CodingKeys.position)
    }
}

struct FindingRecord: Equatable {
    var attemptId: Int64
    var position: Int
    var rule: String
    var severity: String
    var message: String
    var line: Int
    var col: Int
    var endLine: Int
    var endCol: Int
    var suggestion: String?
}

extension FindingRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "finding"

    enum Columns {
        static let attemptId = Column(CodingKeys.attemptId)
        static let position = Column(CodingKeys.position)
    }
}

struct DeductionRecord: Equatable {
    var attemptId: Int64
    var position: Int
    var rule: String
    var dimension: String
    var points: Double
    var totalEffect: Double
    var line: Int
    var col: Int
    var message: String
    // Added by migration v12: 1 when a comment hid the finding, else NULL.
    var suppressed: Int?
}

extension DeductionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "deduction"

    enum Columns {
        static let attemptId = Column(CodingKeys.attemptId)
        static let position = Column(CodingKeys.position)
    }
}
