import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

extension AttemptStore {
    /// Migration v4's copy of the sentences into `sentence_v4`: each row's values go across as
    /// SQLite holds them (`sqlite3_bind_value`), except that the text becomes a span of the
    /// attempt's text wherever one reads as exactly the same bytes (see `SentenceText`). A
    /// sentence without such a span keeps its text. Sentences whose attempt is gone are left
    /// behind. Part of a shipped migration: never change what it writes.
    static func copySentencesToV4(_ db: Database) throws {
        let attempt = try RawStatement(db.makeStatement(sql: "SELECT text FROM attempt WHERE id = ?1"))
        let sentences = try RawStatement(db.makeStatement(sql: """
            SELECT s.attemptId, s.position, s.text, s.label, s.confidence, s.uncertain, s.explicitLabel, s.line, s.col, s.words
            FROM sentence AS s JOIN attempt AS a ON a.id = s.attemptId
            ORDER BY s.attemptId, s.position
            """))
        let insert = try RawStatement(db.makeStatement(sql: """
            INSERT INTO sentence_v4 (attemptId, position, textStart, textEnd, text, label, confidence, uncertain, explicitLabel, line, col, words)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
            """))
        defer { for s in [attempt, sentences, insert] { s.reset() } }
        var currentId: Int64?
        var locator = SentenceText.Locator(UnsafeBufferPointer(start: nil, count: 0))
        while try sentences.step() {
            let id = sentences.int64(0)
            if id != currentId {
                // The attempt's text stays valid until `attempt` is stepped or reset again.
                currentId = id
                attempt.reset()
                try attempt.bind(1, id)
                guard try attempt.step() else { throw DatabaseError(message: "attempt \(id) vanished during migration v4") }
                locator = SentenceText.Locator(attempt.bytes(0))
            }
            let span = locator.span(of: sentences.bytes(2), line: sentences.int(7), column: sentences.int(8))
            insert.reset()
            try insert.bindValue(1, from: sentences, column: 0)
            try insert.bindValue(2, from: sentences, column: 1)
            if let span {
                try insert.bind(3, span.lowerBound)
                try insert.bind(4, span.upperBound)
                try insert.bind(5, nil as String?)
            } else {
                try insert.bind(3, nil as Int?)
                try insert.bind(4, nil as Int?)
                try insert.bindValue(5, from: sentences, column: 2)
            }
            for (to, from) in zip(CInt(6)...12, CInt(3)...9) { try insert.bindValue(to, from: sentences, column: from) }
            try insert.run()
        }
    }
}
