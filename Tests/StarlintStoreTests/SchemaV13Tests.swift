import Foundation
import GRDB
import StarlintCore
@testable import StarlintStore
import Testing

/// Migration v13: a sentence read as another part than the label written over it keeps that
/// label, so `show` marks it "(under your Result label)" as `score` did.
struct SchemaV13Tests {
    /// An answer whose last sentence, a lesson under "Result:", reads as Other.
    static let labelled = """
        Situation: Our pick rate on the night shift had dropped to 60 lines an hour because the scanners kept dropping off the network.

        Action: I mapped the dead spots with the IT lead and had two access points moved over a weekend.

        Result: Within a month the pick rate was back to 95 lines an hour. The main thing I learned was to walk the floor myself before blaming the people on it.
        """

    @Test func aVersion12DatabaseMigratesAndNewAttemptsKeepTheWrittenLabel() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/v12.sqlite"
        let a = try analyze(Self.labelled, path: "a.md")
        let lesson = try #require(a.sentences.firstIndex { $0.text.hasPrefix("The main thing I learned") })
        #expect(a.sentences[lesson].label == .other && a.sentences[lesson].writtenLabel == .result)
        // Given a v12 database with the attempt saved before the column existed
        do {
            let old = try DatabaseQueue(path: path)
            try AttemptStore.makeMigrator().migrate(old, upTo: "v12")
            try old.write { _ = try insertAsV4([AttemptInput(a, text: Self.labelled, questionKey: "q1", questionText: nil)], into: $0) }
            try old.close()
        }

        // When the current code opens it
        let store = try AttemptStore(path: path)
        #expect(try store.appliedMigrations().last == "v14")

        // Then the old attempt reads as before, without the written label (not recorded)
        let old = try store.attempt(id: 1)
        #expect(old.sentences.count == a.sentences.count && old.sentences.allSatisfy { $0.writtenLabel == nil })
        #expect(old.sentences[lesson].explicitLabel)

        // and a new attempt keeps it on that sentence alone
        #expect(try store.save(a, text: Self.labelled, questionKey: "q2", questionText: nil) == .saved(id: 2))
        let new = try store.attempt(id: 2)
        #expect(new.sentences.map(\.writtenLabel) == a.sentences.map(\.writtenLabel))
        #expect(new.sentences.compactMap(\.writtenLabel) == [.result])
        #expect(try store.integrityProblems().isEmpty)

        // and show marks it as score does, in text and in JSON; the old attempt has no mark
        let shown = try runStarlint(["show", "2", "--db", path, "--no-color"], scratch: dir)
        let row = try #require(shown.stdout.split(separator: "\n").first { $0.contains("The main thing I learned") })
        #expect(row.hasPrefix("  O  ") && row.hasSuffix("before blaming the people on it.  (under your Result label)"), "\(row)")
        #expect(shown.stdout.components(separatedBy: "(under your").count == 2)
        let json = try runStarlint(["show", "2", "--db", path, "--format", "json"], scratch: dir)
        #expect(json.stdout.components(separatedBy: "\"writtenLabel\" : \"result\"").count == 2, "\(json.stdout)")
        let shownOld = try runStarlint(["show", "1", "--db", path, "--no-color"], scratch: dir)
        #expect(shownOld.stdout.contains("The main thing I learned") && !shownOld.stdout.contains("(under your"))
    }
}
