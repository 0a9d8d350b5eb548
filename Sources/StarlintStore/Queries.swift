import Foundation
import GRDB
import StarlintCore

// MARK: - Reads

extension AttemptStore {
    /// Attempts, newest first, each with the change from the previous attempt at the same
    /// question. `question` is a question key (see `resolveQuestion`); nil means all.
    ///
    /// With a limit, the last `limit` ids come first from an index (on createdAt, or on
    /// questionKey and createdAt) and each change is one indexed lookup of the attempt before
    /// it at its question, so the cost follows the limit, not the size of the table.
    public func history(question: String? = nil, limit: Int? = nil) throws(StoreError) -> [AttemptSummary] {
        try run {
            try reader.read { db in
                guard let limit else {
                    let rows = try Row.fetchAll(db, sql: """
                        SELECT * FROM (
                            SELECT id, createdAt, questionKey, questionText, file, score,
                                   structure, specificity, ownership, clarity, concision, words, source, bandGrade, bandFrom, bandTo,
                                   score - LAG(score) OVER (PARTITION BY questionKey ORDER BY createdAt, id) AS change
                            FROM attempt
                            WHERE ?1 IS NULL OR questionKey = ?1
                        )
                        ORDER BY createdAt DESC, id DESC
                        """, arguments: [question])
                    return try rows.map(Self.summary)
                }
                let rows = if let question {
                    try Row.fetchAll(db, sql: """
                        SELECT a.id, a.createdAt, a.questionKey, a.questionText, a.file, a.score,
                               a.structure, a.specificity, a.ownership, a.clarity, a.concision, a.words, a.source, a.bandGrade, a.bandFrom, a.bandTo,
                               a.score - (SELECT p.score FROM attempt AS p
                                          WHERE p.questionKey = a.questionKey
                                            AND p.createdAt <= a.createdAt AND (p.createdAt < a.createdAt OR p.id < a.id)
                                          ORDER BY p.createdAt DESC, p.id DESC LIMIT 1) AS change
                        FROM (SELECT id FROM attempt WHERE questionKey = ?1 ORDER BY createdAt DESC, id DESC LIMIT ?2) AS last
                        JOIN attempt AS a ON a.id = last.id
                        ORDER BY a.createdAt DESC, a.id DESC
                        """, arguments: [question, max(0, limit)])
                } else {
                    try Row.fetchAll(db, sql: """
                        SELECT a.id, a.createdAt, a.questionKey, a.questionText, a.file, a.score,
                               a.structure, a.specificity, a.ownership, a.clarity, a.concision, a.words, a.source, a.bandGrade, a.bandFrom, a.bandTo,
                               a.score - (SELECT p.score FROM attempt AS p
                                          WHERE p.questionKey = a.questionKey
                                            AND p.createdAt <= a.createdAt AND (p.createdAt < a.createdAt OR p.id < a.id)
                                          ORDER BY p.createdAt DESC, p.id DESC LIMIT 1) AS change
                        FROM (SELECT id FROM attempt ORDER BY createdAt DESC, id DESC LIMIT ?1) AS last
                        JOIN attempt AS a ON a.id = last.id
                        ORDER BY a.createdAt DESC, a.id DESC
                        """, arguments: [max(0, limit)])
                }
                return try rows.map(Self.summary)
            }
        }
    }

    /// Column `column` of `row`, a row of attempt `id`, decoded with errors, not GRDB's
    /// subscripts, which stop the program on a value they cannot convert ("garbage" as a
    /// date): such a row is one damaged attempt.
    static func column<T: DatabaseValueConvertible>(_ row: Row, _ column: String, attempt id: Int64) throws -> T {
        do { return try row.decode(forColumn: column) } catch {
            throw StoreError.damagedAttempt(path: "", id: id, problem: "its \(column) cannot be read")
        }
    }

    static func summary(_ row: Row) throws -> AttemptSummary {
        let id: Int64 = row["id"]
        func value<T: DatabaseValueConvertible>(_ name: String) throws -> T { try column(row, name, attempt: id) }
        let scores: [Int] = try ["score", "structure", "specificity", "ownership", "clarity", "concision"].map { try value($0) }
        try checkScores(scores, attempt: id)
        return AttemptSummary(
            id: id, date: try value("createdAt"), questionKey: try value("questionKey"), questionText: try value("questionText"),
            file: try value("file"), score: scores[0], change: try value("change"),
            subscores: DimensionScores(structure: scores[1], specificity: scores[2], ownership: scores[3], clarity: scores[4], concision: scores[5]),
            words: try value("words"), source: AttemptSource(rawValue: (try value("source") as String?) ?? "") ?? .score,
            band: AttemptRecord.band(grade: try value("bandGrade"), from: try value("bandFrom"), to: try value("bandTo")))
    }

    /// A score or sub-score outside 0-100 was never saved by starlint: a damaged page that
    /// SQLite's own checks let through, or an edit made outside starlint. Said as a damaged
    /// attempt (which `forget` can delete), not shown as "-111".
    static func checkScores(_ values: [Int?], attempt: Int64?) throws {
        for v in values where !(0...100).contains(v ?? -1) {
            throw StoreError.damagedAttempt(path: "", id: attempt ?? -1, problem: "a score of \(v.map(String.init) ?? "nothing"), outside 0-100")
        }
    }

    /// One attempt in full, with its text, sentences and findings.
    public func attempt(id: Int64) throws(StoreError) -> StoredAttempt {
        let path = self.path
        return try run {
            try reader.read { db in
                let record: AttemptRecord?
                do { record = try AttemptRecord.fetchOne(db, key: id) } catch is RowDecodingError {
                    // Not the row itself in the message (it holds the whole answer).
                    throw StoreError.damagedAttempt(path: path, id: id, problem: "a value in it cannot be read")
                }
                guard let a = record else { throw StoreError.noSuchAttempt(id: id, path: path) }
                try Self.checkScores([a.score, a.structure, a.specificity, a.ownership, a.clarity, a.concision], attempt: id)
                let sentences = try SentenceRecord
                    .filter(SentenceRecord.Columns.attemptId == id)
                    .order(SentenceRecord.Columns.position)
                    .fetchAll(db)
                let findings = try FindingRecord
                    .filter(FindingRecord.Columns.attemptId == id)
                    .order(FindingRecord.Columns.position)
                    .fetchAll(db)
                let deductions = try DeductionRecord
                    .filter(DeductionRecord.Columns.attemptId == id)
                    .order(DeductionRecord.Columns.position)
                    .fetchAll(db)
                // Recorded since v10; the words per part are the sentences'.
                let stats = a.paragraphs.map { p in
                    var byPart = LabelCounts()
                    for x in sentences { byPart[StarLabel(rawValue: x.label) ?? .other] += x.words }
                    return AnswerStats(words: a.words, sentences: sentences.count, paragraphs: p, speakingSeconds: a.speakingSeconds ?? 0, wordsByPart: byPart)
                }
                return StoredAttempt(
                    id: id, date: a.createdAt, file: a.file, questionKey: a.questionKey, questionText: a.questionText,
                    score: a.score,
                    subscores: DimensionScores(structure: a.structure, specificity: a.specificity, ownership: a.ownership,
                                               clarity: a.clarity, concision: a.concision),
                    contentHash: a.contentHash, rubricVersion: a.rubricVersion, modelVersion: a.modelVersion, toolVersion: a.toolVersion,
                    source: AttemptSource(rawValue: a.source) ?? .score, durationMs: a.durationMs, words: a.words, text: a.text,
                    sentences: try sentences.map {
                        StoredSentence(text: try Self.text(of: $0, in: a), label: StarLabel(rawValue: $0.label) ?? .other, confidence: $0.confidence,
                                       uncertain: $0.uncertain, explicitLabel: $0.explicitLabel, line: $0.line, column: $0.col, words: $0.words,
                                       writtenLabel: $0.writtenLabel.flatMap(StarLabel.init(rawValue:)))
                    },
                    findings: findings.map {
                        StoredFinding(rule: $0.rule, severity: Severity(rawValue: $0.severity) ?? .warning, message: $0.message,
                                      line: $0.line, column: $0.col, endLine: $0.endLine, endColumn: $0.endCol, suggestion: $0.suggestion)
                    },
                    deductions: deductions.map {
                        Deduction(rule: $0.rule, dimension: StarlintCore.Dimension(rawValue: $0.dimension) ?? .structure, points: $0.points,
                                  totalEffect: $0.totalEffect, line: $0.line, column: $0.col, message: $0.message,
                                  suppressed: $0.suppressed == 1 ? true : nil)
                    },
                    deductionsRecorded: a.deductionCount != nil,
                    suppressedFindings: a.suppressedFindings,
                    directiveProblems: a.suppressedFindings == nil ? nil
                        : try Row.fetchAll(db, sql: "SELECT line, col, message FROM directiveProblem WHERE attemptId = ? ORDER BY position",
                                           arguments: [id]).map { DirectiveProblem.saved(line: $0["line"], column: $0["col"], message: $0["message"]) },
                    quantifiedResult: a.quantifiedResult, quantifiedResultSentence: a.quantifiedSentence, stats: stats,
                    band: a.band)
            }
        }
    }

    /// The newest attempt's id (the order `history` lists them in), or nil when none is saved.
    public func latestAttemptID() throws(StoreError) -> Int64? {
        try run { try reader.read { try Int64.fetchOne($0, sql: "SELECT id FROM attempt ORDER BY createdAt DESC, id DESC LIMIT 1") } }
    }

    /// The attempt at the same question just before attempt `id` (the one `history`'s change
    /// is measured from), or nil when `id` is its question's first.
    public func previousAttemptID(before id: Int64) throws(StoreError) -> Int64? {
        let path = self.path
        return try run {
            try reader.read { db in
                guard let a = try Row.fetchOne(db, sql: "SELECT questionKey, createdAt FROM attempt WHERE id = ?", arguments: [id]) else {
                    throw StoreError.noSuchAttempt(id: id, path: path)
                }
                let key: String = try Self.column(a, "questionKey", attempt: id), date: Date = try Self.column(a, "createdAt", attempt: id)
                return try Int64.fetchOne(db, sql: """
                    SELECT id FROM attempt
                    WHERE questionKey = ?1 AND createdAt <= ?2 AND (createdAt < ?2 OR id < ?3)
                    ORDER BY createdAt DESC, id DESC LIMIT 1
                    """, arguments: [key, date, id])
            }
        }
    }

    /// The canonical path of an attempt's answer file (absolute, links resolved; nil for
    /// standard input and for attempts saved before 0.10 that no run has matched since).
    public func filePath(ofAttempt id: Int64) throws(StoreError) -> String? {
        try run {
            try reader.read { db in
                try String.fetchOne(db, sql: "SELECT filePath FROM attempt WHERE id = ?", arguments: [id])
            }
        }
    }

    /// A sentence's text: its own, or the span of its attempt's text it points at (see `SentenceText`).
    static func text(of s: SentenceRecord, in a: AttemptRecord) throws -> String {
        if let text = s.text { return text }
        guard let start = s.textStart, let end = s.textEnd, let text = SentenceText.read(a.text, start: start, end: end) else {
            // Only a damaged page can put it there (the text and its sentences are saved together).
            throw StoreError.damagedAttempt(path: "", id: s.attemptId, problem: "its sentence \(s.position + 1) points outside its text")
        }
        return text
    }

    /// Per question: attempts, latest and best score, most recent first.
    public func questionStats() throws(StoreError) -> [QuestionStat] {
        try run {
            try reader.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT a.questionKey, a.id, a.createdAt, a.score, s.attempts, s.best
                    FROM (SELECT questionKey, id, createdAt, score,
                                 ROW_NUMBER() OVER (PARTITION BY questionKey ORDER BY createdAt DESC, id DESC) AS rn
                          FROM attempt) AS a
                    JOIN (SELECT questionKey, COUNT(*) AS attempts, MAX(score) AS best
                          FROM attempt GROUP BY questionKey) AS s ON s.questionKey = a.questionKey
                    WHERE a.rn = 1
                    ORDER BY a.createdAt DESC, a.id DESC
                    """)
                return try rows.map {
                    let id: Int64 = $0["id"]
                    return QuestionStat(questionKey: try Self.column($0, "questionKey", attempt: id), attempts: $0["attempts"], lastAttemptId: id,
                                        lastDate: try Self.column($0, "createdAt", attempt: id), latestScore: try Self.column($0, "score", attempt: id),
                                        bestScore: try Self.column($0, "best", attempt: id))
                }
            }
        }
    }

    /// Finds the stored question key a user means by `query`: a key itself (a bank id such as
    /// "q012", a question text, a file path), a question text in any letter case, or a relative
    /// path to an answer file. Nil when no saved attempt matches.
    public func resolveQuestion(_ query: String, currentDirectory: String = FileManager.default.currentDirectoryPath) throws(StoreError) -> String? {
        let text = QuestionIdentity.normalize(query)
        let absolute = QuestionIdentity.absolutePath(query, currentDirectory: currentDirectory)
        let canonical = QuestionIdentity.filePath(query, currentDirectory: currentDirectory)
        // A bank id in any case ("Q006"), or a bank question's text however it is written.
        let bank = QuestionIdentity.resolve(explicit: query, frontMatter: nil, file: "", currentDirectory: currentDirectory).key
        return try run {
            try reader.read { db in
                // The bank id first: attempts saved under it are the ones this version makes.
                // Each spelling is asked once (the canonical path is usually the absolute one).
                var asked: Set<String> = []
                for candidate in [bank, query, text, canonical, absolute] where asked.insert(candidate).inserted {
                    if try AttemptRecord.filter(AttemptRecord.Columns.questionKey == candidate).isEmpty(db) == false { return candidate }
                }
                if let key = try String.fetchOne(db, sql: """
                    SELECT questionKey FROM attempt WHERE questionText = ? COLLATE NOCASE
                    ORDER BY createdAt DESC, id DESC LIMIT 1
                    """, arguments: [text]) { return key }
                // A question's text written without its closing "?" or "." (or with one the
                // saved text lacks), as a bank question's text is matched.
                let loose = QuestionIdentity.comparable(text)
                guard !loose.isEmpty else { return nil }
                for row in try Row.fetchAll(db, sql: """
                    SELECT questionKey, questionText FROM attempt
                    GROUP BY questionKey ORDER BY MAX(createdAt) DESC, MAX(id) DESC
                    """) {
                    let key: String = row["questionKey"], saved: String? = row["questionText"]
                    if QuestionIdentity.comparable(saved ?? key) == loose || QuestionIdentity.comparable(key) == loose { return key }
                }
                return nil
            }
        }
    }

    /// The saved question keys, to file a question known by its text under the key it was
    /// first saved with when it is written differently now (`SavedQuestionKeys.key(for:)`).
    /// One scan of the question-key index; a batch reads it once.
    /// The question the answer file at `path` (canonical, as `QuestionIdentity.filePath` makes
    /// it) was last saved under, or nil when it never was. (A scan of the attempt table: a
    /// single `score`'s cost, a few milliseconds for 100,000 attempts.)
    public func latestQuestion(ofFile path: String) throws(StoreError) -> QuestionIdentity? {
        try run {
            try reader.read { db in
                try Row.fetchOne(db, sql: """
                    SELECT questionKey, questionText FROM attempt WHERE filePath = ?1 ORDER BY createdAt DESC, id DESC LIMIT 1
                    """, arguments: [path]).map { QuestionIdentity(key: $0["questionKey"], text: $0["questionText"]) }
            }
        }
    }

    public func savedQuestionKeys() throws(StoreError) -> SavedQuestionKeys {
        try run {
            try reader.read { db in
                SavedQuestionKeys(newestFirst: try String.fetchAll(db, sql: """
                    SELECT questionKey FROM attempt GROUP BY questionKey ORDER BY MAX(createdAt) DESC, MAX(id) DESC
                    """))
            }
        }
    }

    /// (attempt id, rule, message) for the findings of the given attempts.
    func findingKeys(attemptIds: [Int64]) throws(StoreError) -> [(attemptId: Int64, rule: String, message: String)] {
        guard !attemptIds.isEmpty else { return [] }
        return try run {
            try reader.read { db in
                try FindingRecord
                    .filter(attemptIds.contains(FindingRecord.Columns.attemptId))
                    .order(FindingRecord.Columns.attemptId, FindingRecord.Columns.position)
                    .fetchAll(db)
                    .map { ($0.attemptId, $0.rule, $0.message) }
            }
        }
    }
}
