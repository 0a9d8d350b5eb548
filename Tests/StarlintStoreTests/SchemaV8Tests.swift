import Foundation
import GRDB
import StarlintCore
@testable import StarlintStore
import Testing

/// Migration v8: a starlint comment that did nothing keeps its column, so `show` points at
/// the comment as `score` did; one saved before reads back with its line alone.
struct SchemaV8Tests {
    static let commented = """
        I was asked to fix the release process before the audit. <!-- starlint-disable no-such-rule -->
        I wrote a checklist, automated the two slowest steps and ran the first three releases myself.
        Releases went out on time for the next six months and the audit found no issues.
        """

    @Test func aVersion7DatabaseMigratesAndOldCommentProblemsHaveNoColumn() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/v7.sqlite"
        let a = try analyze(Self.commented, path: "a.md")
        #expect(a.directiveProblems?.map(\.place) == ["1:58"])
        // Given a v7 database with one attempt whose comment named an unknown rule
        do {
            let old = try DatabaseQueue(path: path)
            try AttemptStore.makeMigrator().migrate(old, upTo: "v7")
            try old.write { db in
                _ = try insertAsV4([AttemptInput(a, text: Self.commented, questionKey: "q1", questionText: nil)], into: db)
                try db.execute(sql: "UPDATE attempt SET suppressedFindings = 0")
                try db.execute(sql: "INSERT INTO directiveProblem (attemptId, position, line, message) VALUES (1, 0, 1, ?)",
                               arguments: [a.directiveProblems![0].message])
            }
            try old.close()
        }

        // When the current code opens it
        let store = try AttemptStore(path: path)
        #expect(try store.appliedMigrations().last == "v14")

        // Then the old problem keeps its line and message, with no column
        let old = try store.attempt(id: 1)
        #expect(old.directiveProblems == [DirectiveProblem(line: 1, message: a.directiveProblems![0].message)])
        let shown = try runStarlint(["show", "1", "--db", path, "--no-color"], scratch: dir)
        #expect(shown.stdout.contains("\n  1 warning: unknown rule 'no-such-rule'"), "\(shown.stdout)")

        // and a new attempt keeps the column
        let b = try analyze(Self.commented + "\n", path: "b.md")
        #expect(try store.save(b, text: Self.commented + "\n", questionKey: "q1", questionText: nil) == .saved(id: 2))
        #expect(try store.attempt(id: 2).directiveProblems == b.directiveProblems)
        let shownNew = try runStarlint(["show", "2", "--db", path, "--no-color"], scratch: dir)
        #expect(shownNew.stdout.contains("\n  1:58 warning: unknown rule 'no-such-rule'"), "\(shownNew.stdout)")
        #expect(try store.integrityProblems().isEmpty)
    }
}
