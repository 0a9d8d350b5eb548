import Foundation
import GRDB
import StarlintCore
@testable import StarlintStore
import Testing

struct MigrationTests {
    @Test func aVersion1DatabaseIsMigratedForwardKeepingItsData() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/old.sqlite"

        // Given a database made by a starlint that shipped only migration v1, with one attempt
        do {
            let old = try DatabaseQueue(path: path)
            try AttemptStore.makeMigrator().migrate(old, upTo: "v1")
            try old.write { db in
                try db.execute(sql: """
                    INSERT INTO attempt (createdAt, file, text, contentHash, questionKey, questionText, score,
                        structure, specificity, ownership, clarity, concision, sentenceCount, findingCount,
                        rubricVersion, modelVersion, toolVersion)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: ["2024-05-01 10:00:00.000", "old.md", "We shipped. It worked.", "00ff", "q001", nil, 72,
                                     80, 70, 60, 75, 65, 2, 1, "1", "cues", "0.3.0"])
                try db.execute(sql: """
                    INSERT INTO sentence (attemptId, position, text, label, confidence, uncertain, explicitLabel, line, col, words)
                    VALUES (1, 0, 'We shipped.', 'action', 0.9, 0, 0, 1, 1, 2), (1, 1, 'It worked.', 'result', 0.8, 0, 0, 1, 13, 2)
                    """)
                try db.execute(sql: """
                    INSERT INTO finding (attemptId, position, rule, severity, message, line, col, endLine, endCol, suggestion)
                    VALUES (1, 0, 'length', 'warning', 'answer is too short', 1, 1, 1, 22, NULL)
                    """)
                #expect(try !db.columns(in: "attempt").map(\.name).contains("words"))
            }
        }

        // When the current code opens it
        let store = try AttemptStore(path: path)

        // Then v2 to v5 are applied and the old attempt is intact, with its word count backfilled
        #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14"])
        let a = try store.attempt(id: 1)
        #expect(a.text == "We shipped. It worked.")
        #expect(a.score == 72)
        #expect(a.subscores == DimensionScores(structure: 80, specificity: 70, ownership: 60, clarity: 75, concision: 65))
        #expect(a.sentences.map(\.label) == [.action, .result])
        #expect(a.sentences.map(\.text) == ["We shipped.", "It worked."])
        #expect(a.findings.map(\.rule) == ["length"])
        #expect(a.words == 4)
        #expect(a.source == .score)
        #expect(a.durationMs == nil)
        #expect(try store.integrityProblems().isEmpty)

        // and new attempts save with the v2 columns
        let id = try store.save(try crafted(score: 81, hash: "new"), text: "new", questionKey: "q001", questionText: nil, source: .practice, durationMs: 5).id
        #expect(try store.attempt(id: id).source == .practice)
        #expect(try store.history(question: "q001").first?.change == 81 - 72)
    }

    @Test func aDatabaseFromANewerStarlintIsRefused() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/new.sqlite"
        // Given a database with a migration this build does not know
        do {
            let store = try AttemptStore(path: path)
            _ = store
            let q = try DatabaseQueue(path: path)
            try q.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: ["v99"]) }
        }
        // Then opening it fails with a message naming the file
        #expect(throws: StoreError.newerSchema(path: path)) { try AttemptStore(path: path) }
    }

    @Test func shippedMigrationsAreV1ThroughV5() throws {
        let q = try DatabaseQueue()
        try AttemptStore.makeMigrator().migrate(q)
        let tables = try q.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
        #expect(tables.contains("attempt") && tables.contains("sentence") && tables.contains("finding"))
        #expect(!tables.contains { $0.hasSuffix("_v4") })
        // v4 dropped finding_on_rule (nothing reads findings by rule)
        let indexes = try q.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name") }
        // (v8 added attempt_on_questionKey_file_createdAt for check --save, v9 the same by absolute path,
        // v11 attempt_on_filePath_createdAt for score's question of a file)
        #expect(indexes == ["attempt_on_createdAt", "attempt_on_filePath_createdAt", "attempt_on_questionKey_createdAt_score", "attempt_on_questionKey_createdAt_text",
                            "attempt_on_questionKey_filePath_createdAt", "attempt_on_questionKey_file_createdAt", "attempt_on_questionKey_score"])
        // and made sentence and finding WITHOUT ROWID tables keyed by (attemptId, position), a
        // sentence holding a span of the attempt's text
        for table in ["sentence", "finding"] {
            let sql = try q.read { try String.fetchOne($0, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [table]) } ?? ""
            #expect(sql.hasSuffix("WITHOUT ROWID"), "\(table): \(sql)")
            #expect(sql.contains("PRIMARY KEY (attemptId, position)"))
            #expect(sql.contains("REFERENCES attempt(id) ON DELETE CASCADE"))
        }
        let columns = try q.read { try $0.columns(in: "sentence").map(\.name) }
        #expect(columns == ["attemptId", "position", "textStart", "textEnd", "label", "confidence", "uncertain", "explicitLabel",
                            "line", "col", "words", "text", "writtenLabel"]) // (v13 added writtenLabel)
        #expect(try q.read { try AttemptStore.makeMigrator().appliedMigrations($0) } == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14"])
    }

    @Test func aVersion2DatabaseGainsTheProgressIndexesAndGivesTheSameProgress() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/v2.sqlite"
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        // Given a database made by a starlint that shipped migrations v1 and v2, with attempts
        do {
            let old = try DatabaseQueue(path: path)
            try AttemptStore.makeMigrator().migrate(old, upTo: "v2")
            let scores = [55, 80, 62, 80, 71]
            for (i, score) in scores.enumerated() {
                let a = try crafted(score: score, hash: "h\(i)")
                _ = try old.write { try insertAsBeforeV4([AttemptInput(a, text: "t\(i)", questionKey: i % 2 == 0 ? "q001" : "/a.md",
                                                                       questionText: i % 2 == 0 ? "Tell me" : nil, date: t0 + Double(i) * 60)], into: $0) }
            }
        }

        // When the current code opens it
        let store = try AttemptStore(path: path)

        // Then v3 adds the indexes and progress reads the old rows through them
        #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14"])
        let report = try store.progress(now: t0, timeZone: TimeZone(identifier: "UTC")!)
        #expect(report.questions.map(\.questionKey) == ["q001", "/a.md"])
        #expect(report.questions.map(\.best.score) == [71, 80])
        #expect(report.questions.map(\.best.id) == [5, 2])
        #expect(report.overall?.best.id == 2)
        #expect(report.questions.map(\.questionText) == ["Tell me", nil])
        #expect(try store.integrityProblems().isEmpty)
    }
}
