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

        // Then v2 is applied and the old attempt is intact, with its word count backfilled
        #expect(try store.appliedMigrations() == ["v1", "v2"])
        let a = try store.attempt(id: 1)
        #expect(a.text == "We shipped. It worked.")
        #expect(a.score == 72)
        #expect(a.subscores == DimensionScores(structure: 80, specificity: 70, ownership: 60, clarity: 75, concision: 65))
        #expect(a.sentences.map(\.label) == [.action, .result])
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

    @Test func shippedMigrationsAreV1ThenV2() throws {
        let q = try DatabaseQueue()
        try AttemptStore.makeMigrator().migrate(q)
        let tables = try q.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
        #expect(tables.contains("attempt") && tables.contains("sentence") && tables.contains("finding"))
        let indexes = try q.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name") }
        #expect(indexes == ["attempt_on_createdAt", "attempt_on_questionKey_createdAt", "finding_on_rule"])
    }
}
