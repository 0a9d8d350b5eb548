import Foundation
import GRDB
import StarlintCore
@testable import StarlintStore
import Testing

/// Migration v7: each attempt keeps what its starlint-disable comments did (findings
/// suppressed, comments naming no known rule), so `show` prints them as `score` did.
struct SchemaV7Tests {
    /// An answer whose comments suppress two filler findings and name a rule starlint lacks.
    static let commented = """
        <!-- starlint-disable-next-line filler -->
        Basically, last year our release process was basically broken and releases slipped every month.
        <!-- starlint-disable no-such-rule -->
        I was asked to fix it before the audit in March.
        I wrote a checklist, automated the two slowest steps and ran the first three releases myself.
        Releases went out on time for the next six months and the audit found no issues.
        """

    @Test func aVersion6DatabaseMigratesAndItsAttemptsSayNothingWasRecorded() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/v6.sqlite"
        let text = try exampleText("filler-heavy")
        let a = try analyze(text, path: "a.md")
        // Given a v6 database with one attempt
        do {
            let old = try DatabaseQueue(path: path)
            try AttemptStore.makeMigrator().migrate(old, upTo: "v6")
            let c = try analyze(Self.commented, path: "c.md")
            try old.write {
                _ = try insertAsV4([AttemptInput(a, text: text, questionKey: "q1", questionText: nil),
                                    AttemptInput(c, text: Self.commented, questionKey: "q3", questionText: nil)], into: $0)
            }
            try old.close()
        }

        // When the current code opens it
        let store = try AttemptStore(path: path)
        #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14"])

        // Then the old attempt reads as before, with no suppressed count recorded
        let old = try store.attempt(id: 1)
        #expect(old.score == a.score && old.findings.count == a.findings.count)
        #expect(old.suppressedFindings == nil && old.directiveProblems == nil)

        // and a new attempt keeps both, as the analysis had them
        let b = try analyze(Self.commented, path: "b.md")
        #expect(b.suppressedFindings == 2)
        #expect(b.directiveProblems?.count == 1 && b.directiveProblems?.first?.line == 3)
        #expect(try store.save(b, text: Self.commented, questionKey: "q2", questionText: nil) == .saved(id: 3))
        let new = try store.attempt(id: 3)
        #expect(new.suppressedFindings == 2)
        #expect(new.directiveProblems == b.directiveProblems)
        #expect(try store.integrityProblems().isEmpty)

        // and show says an old attempt's comments went unrecorded where it has any
        let shown = try runStarlint(["show", "2", "--db", path, "--no-color"], scratch: dir)
        #expect(shown.stdout.contains("\n  (starlint-disable comments not recorded: saved before starlint 0.8)\n"), "\(shown.stdout)")
        #expect(!shown.stdout.contains("suppressed by"))
        #expect(try !runStarlint(["show", "1", "--db", path, "--no-color"], scratch: dir).stdout.contains("not recorded: saved before starlint 0.8"))
        let json = try runStarlint(["show", "2", "--db", path, "--format", "json"], scratch: dir)
        let stored = try JSONDecoder().decode(StoredAttempt.self, from: Data(json.stdout.utf8))
        #expect(stored.suppressedFindings == nil && stored.directiveProblems == nil)

        // and forgetting the new one removes its comment rows with it
        #expect(try store.forget(id: 3))
        let q = try DatabaseQueue(path: path)
        defer { try? q.close() }
        #expect(try q.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM directiveProblem") } == 0)
    }

    @Test func showPrintsTheCommentWarningsAndTheSuppressedCountAsScoreDid() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let file = dir + "/answer.md", db = dir + "/p.sqlite"
        try Self.commented.write(toFile: file, atomically: true, encoding: .utf8)
        let scored = try runStarlint(["score", file, "--db", db, "--no-color"], scratch: dir)
        #expect(scored.stdout.contains("(2 findings suppressed by starlint-disable comments; their points still count)"))
        let warning = try #require(scored.stdout.split(separator: "\n").first { $0.contains("no-such-rule") })
        let message = String(warning.split(separator: " ", maxSplits: 2)[2])

        let shown = try runStarlint(["show", "1", "--db", db, "--no-color"], scratch: dir)
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("\n  3:1 warning: \(message)\n"), "\(shown.stdout)")
        #expect(shown.stdout.contains("\n  (2 findings suppressed by starlint-disable comments)\n"))
        // The hidden findings' deductions are saved as hidden (schema v12) and shown so.
        let scoredJSON = try JSONSerialization.jsonObject(with: Data(try runStarlint(["show", "1", "--db", db, "--format", "json"], scratch: dir).stdout.utf8)) as? [String: Any]
        let hiddenDeductions = (scoredJSON?["deductions"] as? [[String: Any]])?.filter { $0["suppressed"] as? Bool == true } ?? []
        #expect(hiddenDeductions.count == 2, "\(String(describing: scoredJSON?["deductions"]))")
        #expect(shown.stdout.contains("(suppressed by a comment; still counted)"), "\(shown.stdout)")
        // diff from an attempt without the comments says the later one hides findings.
        try Self.commented.replacingOccurrences(of: "<!-- starlint-disable-next-line filler -->\n", with: "").write(toFile: file, atomically: true, encoding: .utf8)
        _ = try runStarlint(["score", file, "--db", db], scratch: dir)
        let diff = try runStarlint(["diff", "2", "1", "--db", db, "--no-color"], scratch: dir)
        #expect(diff.stdout.contains("\n  (#1 has 2 findings suppressed by starlint-disable comments (#2: 0); some of these may be hidden, not fixed)\n"), "\(diff.stdout)")
        // The other way, the findings "new" in #2 may only have been hidden in #1: said so too.
        let back = try runStarlint(["diff", "1", "2", "--db", db, "--no-color"], scratch: dir).stdout
        #expect(back.contains("\n  (#1 has 2 findings suppressed by starlint-disable comments (#2: 0); some of these may have been hidden there, not new)\n"), "\(back)")
        // and its JSON carries both counts.
        let json = try runStarlint(["diff", "2", "1", "--db", db, "--format", "json"], scratch: dir)
        let d = try JSONDecoder().decode(AttemptDiff.self, from: Data(json.stdout.utf8))
        #expect(d.fromSuppressedFindings == 0 && d.toSuppressedFindings == 2 && d.fixedMayBeHidden)
        // An attempt with neither prints neither.
        try "I fixed the build. It now takes four minutes instead of twenty.\n".write(toFile: file, atomically: true, encoding: .utf8)
        _ = try runStarlint(["score", file, "--db", db], scratch: dir)
        let plain = try runStarlint(["show", "3", "--db", db, "--no-color"], scratch: dir)
        #expect(!plain.stdout.contains("suppressed") && !plain.stdout.contains(" warning: "))
    }
}
