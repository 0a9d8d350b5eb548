import Foundation
import GRDB
import StarlintCore
@testable import StarlintStore
import Testing

/// Migration v6: each attempt keeps its score's deductions, so `show` can explain it.
struct SchemaV6Tests {
    @Test func aVersion5DatabaseMigratesAndItsAttemptsSayTheirDeductionsWereNotRecorded() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/v5.sqlite"
        let text = try exampleText("filler-heavy")
        let a = try analyze(text, path: "a.md")
        #expect(a.deductions.count >= 2)
        // Given a v5 database as starlint 0.5 left it, with one attempt
        do {
            let old = try DatabaseQueue(path: path)
            try AttemptStore.makeMigrator().migrate(old, upTo: "v5")
            try old.write { _ = try insertAsV4([AttemptInput(a, text: text, questionKey: "q1", questionText: nil)], into: $0) }
            try old.close()
        }

        // When the current code opens it
        let store = try AttemptStore(path: path)
        #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14"])

        // Then the old attempt reads as before, its deductions marked as not recorded
        let old = try store.attempt(id: 1)
        #expect(old.score == a.score && old.findings.count == a.findings.count)
        #expect(!old.deductionsRecorded && old.deductions.isEmpty)
        // and a new attempt keeps its deductions, field for field
        let b = try analyze(text + "\nIt also cut the backlog from 40 to 12.", path: "a.md")
        #expect(try store.save(b, text: text + "\nIt also cut the backlog from 40 to 12.", questionKey: "q1", questionText: nil) == .saved(id: 2))
        let new = try store.attempt(id: 2)
        #expect(new.deductionsRecorded)
        #expect(new.deductions == b.deductions)
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func anAttemptWithNoDeductionsIsRecordedAsNoneAndForgettingRemovesThem() throws {
        try withTempStore { store, dir in
            // Given an attempt that lost no points and one that lost some
            var clean = try analyze(try exampleText("strong"), path: "s.md")
            clean.findings = []
            clean.deductions = []
            try store.save(clean, text: "clean", questionKey: "q1", questionText: nil)
            let heavy = try analyze(try exampleText("filler-heavy"), path: "h.md")
            try store.save(heavy, text: try exampleText("filler-heavy"), questionKey: "q2", questionText: nil)

            // Then the first has none recorded (not "not recorded"), the second its own
            let first = try store.attempt(id: 1)
            #expect(first.deductionsRecorded && first.deductions.isEmpty)
            #expect(try store.attempt(id: 2).deductions == heavy.deductions)

            // and forgetting the second removes its deduction rows with it
            #expect(try store.forget(id: 2))
            let q = try DatabaseQueue(path: dir + "/progress.sqlite")
            defer { try? q.close() }
            #expect(try q.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM deduction") } == 0)
        }
    }
}
