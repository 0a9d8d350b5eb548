import Foundation
import GRDB
import StarlintCore
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

extension AttemptStore {
    /// An earlier attempt a new one is compared with.
    private typealias Previous = (id: Int64, contentHash: String?, asTyped: Bool, filePath: String?, file: String?)

    /// The latest attempt `item` is compared with: at its question, and for `check` from its
    /// file (by canonical path, else, for an attempt saved before schema v9, by the path as typed).
    private static func latestAttempt(_ item: AttemptInput, latest: RawStatement, fromFile: RawStatement,
                                      asTyped: RawStatement) throws -> Previous? {
        var lookups: [(statement: RawStatement, file: String?, asTyped: Bool)] = [(latest, nil, false)]
        if item.source == .check {
            lookups = item.filePath.map { [(fromFile, $0, false)] } ?? []
            lookups.append((asTyped, item.analysis.file, true))
        }
        for lookup in lookups {
            if lookup.asTyped, let file = lookup.file {
                if let found = try firstAsTyped(lookup.statement, question: item.questionKey, file: file) { return found }
            } else if let found = try first(lookup.statement, question: item.questionKey, file: lookup.file, asTyped: lookup.asTyped) { return found }
        }
        return nil
    }

    /// The latest attempt saved before v9 from `file` as typed: written so, or with ".." steps
    /// that now collapse to it ("cls/../cls/b.md" is reported as "cls/b.md").
    private static func firstAsTyped(_ statement: RawStatement, question: String, file: String) throws -> Previous? {
        statement.reset()
        try statement.bind(1, question)
        try statement.bind(2, file)
        while try statement.step() {
            let typed = statement.text(3)
            if typed == file || typed.map(FileDiscovery.normalize) == file {
                return (statement.int64(0), statement.text(1), true, statement.text(2), typed)
            }
        }
        return nil
    }

    /// The first row of one of the lookups, bound to the question and, when given, the file.
    private static func first(_ statement: RawStatement, question: String, file: String?, asTyped: Bool) throws -> Previous? {
        statement.reset()
        try statement.bind(1, question)
        if let file { try statement.bind(2, file) }
        return try statement.step() ? (statement.int64(0), statement.text(1), asTyped, statement.text(2), statement.text(3)) : nil
    }

    /// The batch insert, inside the caller's transaction.
    ///
    /// The statements are prepared once per batch and stepped through the SQLite C API with
    /// each value bound in place: building GRDB `StatementArguments` (an existential box and a
    /// `DatabaseValue` per value) took most of the CPU time of a large batch. Dates are written
    /// as GRDB writes them (see `StorageDate`), so every reader sees the same text.
    static func insert(_ items: [AttemptInput], into db: Database) throws -> [SaveOutcome] {
        // Read under the write lock: the date of an item that brings none (`AttemptInput.date`).
        let now = Date()
        let latest = try RawStatement(db.makeStatement(sql: """
            SELECT id, contentHash, filePath, file FROM attempt WHERE questionKey = ?1 ORDER BY createdAt DESC, id DESC LIMIT 1
            """))
        // `check --save` grades many files, and several may answer one question (a class's
        // answers to q006): each is unchanged when it matches the latest attempt from its own
        // file, so a rerun over unchanged files saves nothing.
        // The file is known by its canonical path (schema v9), or, for an attempt saved before
        // v9, by its path as typed.
        let latestFromFile = try RawStatement(db.makeStatement(sql: """
            SELECT id, contentHash, filePath, file FROM attempt WHERE questionKey = ?1 AND filePath = ?2 ORDER BY createdAt DESC, id DESC LIMIT 1
            """))
        let latestFromFileAsTyped = try RawStatement(db.makeStatement(sql: """
            SELECT id, contentHash, filePath, file FROM attempt WHERE questionKey = ?1 AND filePath IS NULL
                AND (file = ?2 OR instr(file, '..') > 0)
            ORDER BY createdAt DESC, id DESC
            """))
        // An attempt from before v9 that the path as typed found unchanged learns its file's
        // canonical path, so a later run from another folder finds it too.
        let recordFilePath = try RawStatement(db.makeStatement(sql: "UPDATE attempt SET filePath = ?2 WHERE id = ?1"))
        let insertAttempt = try RawStatement(db.makeStatement(sql: """
            INSERT INTO attempt (createdAt, file, text, contentHash, questionKey, questionText, score, structure, specificity,
                ownership, clarity, concision, sentenceCount, findingCount, rubricVersion, modelVersion, toolVersion,
                words, source, durationMs, deductionCount, suppressedFindings, filePath,
                quantifiedResult, quantifiedSentence, paragraphs, speakingSeconds, bandGrade, bandFrom, bandTo)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23,
                ?24, ?25, ?26, ?27, ?28, ?29, ?30)
            """))
        let insertSentence = try RawStatement(db.makeStatement(sql: """
            INSERT INTO sentence (attemptId, position, textStart, textEnd, text, label, confidence, uncertain, explicitLabel, line, col, words, writtenLabel)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            """))
        let insertFinding = try RawStatement(db.makeStatement(sql: """
            INSERT INTO finding (attemptId, position, rule, severity, message, line, col, endLine, endCol, suggestion)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """))
        let insertDeduction = try RawStatement(db.makeStatement(sql: """
            INSERT INTO deduction (attemptId, position, rule, dimension, points, totalEffect, line, col, message, suppressed)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """))
        let insertDirectiveProblem = try RawStatement(db.makeStatement(sql: """
            INSERT INTO directiveProblem (attemptId, position, line, message, col) VALUES (?1, ?2, ?3, ?4, ?5)
            """))
        defer { for s in [latest, latestFromFile, latestFromFileAsTyped, recordFilePath, insertAttempt, insertSentence, insertFinding, insertDeduction, insertDirectiveProblem] { s.reset() } }
        var outcomes: [SaveOutcome] = []
        outcomes.reserveCapacity(items.count)
        for item in items {
            let a = item.analysis
            // The latest attempt at this question (from this file, for `check`), earlier items
            // of the batch included.
            // `score` of another file with the same text (a copy, "answer-v2.md", or text piped
            // in before) is saved: its path is recorded, so the file keeps the question it was
            // scored with. `score` of a file unchanged since its own latest attempt at the
            // question is not, though a copy was saved after it.
            var found = try latestAttempt(item, latest: latest, fromFile: latestFromFile, asTyped: latestFromFileAsTyped)
            if let p = found, p.contentHash == a.contentHash, item.source != .check, let path = item.filePath,
               p.filePath != path, p.filePath != nil || p.file != a.file {
                found = try first(latestFromFile, question: item.questionKey, file: path, asTyped: false)
            }
            if let previous = found, previous.contentHash == a.contentHash {
                if previous.asTyped, let path = item.filePath {
                    recordFilePath.reset()
                    try recordFilePath.bind(1, previous.id)
                    try recordFilePath.bind(2, path)
                    try recordFilePath.run()
                }
                outcomes.append(.duplicate(id: previous.id))
                continue
            }
            let date = item.date ?? now
            guard let createdAt = StorageDate.text(date) else {
                throw DatabaseError(message: "cannot write the date \(date)")
            }
            let s = a.subscores
            let st = insertAttempt
            st.reset()
            try st.bind(1, createdAt)
            try st.bind(2, a.file)
            try st.bind(3, item.text)
            try st.bind(4, a.contentHash)
            try st.bind(5, item.questionKey)
            try st.bind(6, item.questionText)
            try st.bind(7, a.score)
            try st.bind(8, s.structure)
            try st.bind(9, s.specificity)
            try st.bind(10, s.ownership)
            try st.bind(11, s.clarity)
            try st.bind(12, s.concision)
            try st.bind(13, a.sentences.count)
            try st.bind(14, a.findings.count)
            try st.bind(15, a.rubricVersion)
            try st.bind(16, a.modelVersion)
            try st.bind(17, a.toolVersion)
            try st.bind(18, a.stats.words)
            try st.bind(19, item.source.rawValue)
            try st.bind(20, item.durationMs)
            try st.bind(21, a.deductions.count)
            try st.bind(22, a.suppressedFindings)
            try st.bind(23, item.filePath)
            try st.bind(24, a.quantifiedResult)
            try st.bind(25, a.quantifiedResultSentence)
            try st.bind(26, a.stats.paragraphs)
            try st.bind(27, a.stats.speakingSeconds)
            try st.bind(28, a.band?.grade)
            try st.bind(29, a.band?.from)
            try st.bind(30, a.band?.to)
            try st.run()
            let id = db.lastInsertedRowID
            // Each sentence as a span of the attempt's text, or with its own text when no span
            // reads as it (see `SentenceText`).
            let spans = Self.sentenceSpans(a.sentences, in: item.text)
            for (k, x) in a.sentences.enumerated() {
                let span = spans[k]
                let st = insertSentence
                st.reset()
                try st.bind(1, id)
                try st.bind(2, k)
                try st.bind(3, span?.lowerBound)
                try st.bind(4, span?.upperBound)
                try st.bind(5, span == nil ? x.text : nil)
                try st.bind(6, x.label.rawValue)
                try st.bind(7, x.confidence)
                try st.bind(8, x.uncertain)
                try st.bind(9, x.explicitLabel)
                try st.bind(10, x.line)
                try st.bind(11, x.column)
                try st.bind(12, x.words)
                try st.bind(13, x.writtenLabel?.rawValue)
                try st.run()
            }
            for (k, f) in a.findings.enumerated() {
                let st = insertFinding
                st.reset()
                try st.bind(1, id)
                try st.bind(2, k)
                try st.bind(3, f.rule)
                try st.bind(4, f.severity.rawValue)
                try st.bind(5, f.message)
                try st.bind(6, f.line)
                try st.bind(7, f.column)
                try st.bind(8, f.endLine)
                try st.bind(9, f.endColumn)
                try st.bind(10, f.suggestion)
                try st.run()
            }
            for (k, d) in a.deductions.enumerated() {
                let st = insertDeduction
                st.reset()
                try st.bind(1, id)
                try st.bind(2, k)
                try st.bind(3, d.rule)
                try st.bind(4, d.dimension.rawValue)
                try st.bind(5, d.points)
                try st.bind(6, d.totalEffect)
                try st.bind(7, d.line)
                try st.bind(8, d.column)
                try st.bind(9, d.message)
                try st.bind(10, d.suppressed == true ? 1 : nil)
                try st.run()
            }
            for (k, p) in (a.directiveProblems ?? []).enumerated() {
                let st = insertDirectiveProblem
                st.reset()
                try st.bind(1, id)
                try st.bind(2, k)
                try st.bind(3, p.line)
                try st.bind(4, p.message)
                try st.bind(5, p.column)
                try st.run()
            }
            outcomes.append(.saved(id: id))
        }
        return outcomes
    }
}

extension AttemptStore {
    /// Where each sentence's text lies in the attempt's `text` as schema v4 stores it: UTF-8
    /// byte offsets whose bytes read as exactly the sentence's text (see `SentenceText`), or
    /// nil for a sentence that must keep its own text.
    public static func sentenceSpans(_ sentences: [SentenceReport], in text: String) -> [Range<Int>?] {
        var text = text
        return text.withUTF8 { bytes in
            var locator = SentenceText.Locator(bytes)
            return sentences.map { x in
                var sentenceText = x.text
                return sentenceText.withUTF8 { locator.span(of: $0, line: x.line, column: x.column) }
            }
        }
    }
}

/// A GRDB-prepared statement stepped through the C API. The `Statement` is kept alive (it
/// finalizes the SQLite statement when released) and is never handed back to GRDB.
struct RawStatement {
    let statement: Statement
    var handle: SQLiteStatement { statement.sqliteStatement }

    init(_ statement: Statement) { self.statement = statement }

    /// SQLITE_TRANSIENT: SQLite copies the bytes before the bind call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Readies the statement for new values (a failed step was already reported by `step`).
    func reset() { sqlite3_reset(handle) }

    func bind(_ index: CInt, _ value: Int64) throws { try check(sqlite3_bind_int64(handle, index, value)) }
    func bind(_ index: CInt, _ value: Int) throws { try bind(index, Int64(value)) }
    func bind(_ index: CInt, _ value: Bool) throws { try bind(index, Int64(value ? 1 : 0)) }
    func bind(_ index: CInt, _ value: Double) throws { try check(sqlite3_bind_double(handle, index, value)) }

    func bind(_ index: CInt, _ value: Int?) throws {
        if let value { try bind(index, value) } else { try check(sqlite3_bind_null(handle, index)) }
    }

    func bind(_ index: CInt, _ value: String?) throws {
        guard var value else { return try check(sqlite3_bind_null(handle, index)) }
        let code = value.withUTF8 { utf8 -> CInt in
            guard let base = utf8.baseAddress, utf8.count > 0 else { return sqlite3_bind_text(handle, index, "", 0, Self.transient) }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text(handle, index, $0, CInt(utf8.count), Self.transient)
            }
        }
        try check(code)
    }

    func bind(_ index: CInt, _ value: String) throws { try bind(index, Optional(value)) }

    /// Steps once: true when a row is ready, false when the statement is done.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw error(code)
    }

    /// Runs a statement that returns no rows.
    func run() throws { _ = try step() }

    /// Column `index` of the current row (0-based).
    func int64(_ index: CInt) -> Int64 { sqlite3_column_int64(handle, index) }
    func int(_ index: CInt) -> Int { Int(sqlite3_column_int64(handle, index)) }

    /// The bytes of text column `index` (all of them, NULs included), valid until the statement
    /// is stepped or reset; empty for NULL.
    func bytes(_ index: CInt) -> UnsafeBufferPointer<UInt8> {
        guard let p = sqlite3_column_text(handle, index) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, index)))
    }

    /// Binds parameter `index` to column `column` of `other`'s current row, value and type as
    /// SQLite holds them.
    func bindValue(_ index: CInt, from other: RawStatement, column: CInt) throws {
        try check(sqlite3_bind_value(handle, index, sqlite3_column_value(other.handle, column)))
    }

    func text(_ index: CInt) -> String? {
        guard let p = sqlite3_column_text(handle, index) else { return nil }
        return String(cString: p)
    }

    private func check(_ code: CInt) throws {
        if code != SQLITE_OK { throw error(code) }
    }

    private func error(_ code: CInt) -> DatabaseError {
        let db = sqlite3_db_handle(handle)
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: db.map { String(cString: sqlite3_errmsg($0)) })
    }
}

/// Dates as GRDB stores them ("yyyy-MM-dd HH:mm:ss.SSS" in UTC, what `Date.databaseValue`
/// writes), without a `DateFormatter`: formatting with one took half of the Swift-side time of
/// a large batch save.
///
/// The formatter (ICU under Foundation) takes the date as milliseconds since 1970 computed as
/// `(timeIntervalSinceReferenceDate + 978307200) * 1000` and rounds to the nearest millisecond
/// as `floor(ms + 0.5)`; this does the same, in the same double arithmetic (checked against
/// the formatter on 200,000 dates, half of them on half-millisecond ties, and in the tests).
/// Outside years 1900 to 9999 (where ICU switches to the Julian calendar or prints other
/// widths) it defers to GRDB itself.
enum StorageDate {
    static func text(_ date: Date) -> String? {
        let ms = (date.timeIntervalSinceReferenceDate + 978_307_200) * 1000
        guard ms.isFinite, ms >= -2_208_988_800_000, ms < 253_402_300_799_000 else {
            return String.fromDatabaseValue(date.databaseValue)
        }
        let whole = Int64((ms + 0.5).rounded(.down))
        var days = whole / 86_400_000
        var inDay = whole % 86_400_000
        if inDay < 0 { inDay += 86_400_000; days -= 1 }
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let fields: [(Int64, Int)] = [
            (year, 4), (month, 2), (day, 2), (inDay / 3_600_000, 2), (inDay / 60_000 % 60, 2), (inDay / 1000 % 60, 2), (inDay % 1000, 3),
        ]
        let separators: [UInt8] = [UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: ":"), UInt8(ascii: ".")]
        return String(unsafeUninitializedCapacity: 23) { buffer in
            var i = 0
            for (k, (value, width)) in fields.enumerated() {
                var v = value
                for w in stride(from: width - 1, through: 0, by: -1) {
                    buffer[i + w] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
                i += width
                if k < separators.count {
                    buffer[i] = separators[k]
                    i += 1
                }
            }
            return i
        }
    }
}
