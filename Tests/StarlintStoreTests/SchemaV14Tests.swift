import Foundation
import GRDB
import StarlintCore
@testable import StarlintStore
import Testing

/// Migration v14: an attempt keeps its score's band as `score` gave it, so `show` and `history`
/// say "needs work" or "fair" beside a saved score, under the rubric it was scored with.
struct SchemaV14Tests {
    static let answer = """
        Situation: Our pick rate on the night shift had dropped to 60 lines an hour because the scanners kept dropping off the network.

        Task: I had to get it back above 90 before the peak season started in six weeks.

        Action: I mapped the dead spots with the IT lead and had two access points moved over a weekend.

        Result: Within a month the pick rate was back to 95 lines an hour.
        """

    @Test func aVersion13DatabaseMigratesAndNewAttemptsKeepTheirBand() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/v13.sqlite"
        let a = try analyze(Self.answer, path: "a.md")
        let band = try #require(a.band)
        #expect((band.from...band.to).contains(a.score))
        // Given a v13 database with an attempt saved before the columns existed
        do {
            let old = try DatabaseQueue(path: path)
            try AttemptStore.makeMigrator().migrate(old, upTo: "v13")
            try old.write { _ = try insertAsV4([AttemptInput(a, text: Self.answer, questionKey: "q1", questionText: nil)], into: $0) }
            try old.close()
        }

        // When the current code opens it
        let store = try AttemptStore(path: path)
        #expect(try store.appliedMigrations().last == "v14")

        // Then the old attempt reads as before, with no band (not recorded)
        #expect(try store.attempt(id: 1).band == nil)
        #expect(try store.attempt(id: 1).score == a.score)

        // and a new attempt keeps the band it was given, not one worked out again from its
        // score: a band from another rubric comes back as saved.
        #expect(try store.save(a, text: Self.answer, questionKey: "q2", questionText: nil) == .saved(id: 2))
        var other = a
        other.band = ScoreBand(grade: 2, from: 40, to: 99)
        #expect(try store.save(other, text: Self.answer + "\nOne more line.\n", questionKey: "q3", questionText: nil) == .saved(id: 3))
        #expect(try store.attempt(id: 2).band == band)
        #expect(try store.attempt(id: 3).band == ScoreBand(grade: 2, from: 40, to: 99))
        #expect(try store.history().map(\.band) == [ScoreBand(grade: 2, from: 40, to: 99), band, nil])
        #expect(try store.history(limit: 2).map(\.band) == [ScoreBand(grade: 2, from: 40, to: 99), band])
        #expect(try store.history(question: "q2", limit: 5).map(\.band) == [band])
        #expect(try store.history(question: "q1").map(\.band) == [nil])
        #expect(try store.integrityProblems().isEmpty)

        // and show says it under the score as score does, in text and in JSON; the old attempt
        // has no band line and no band key
        let scored = try runStarlint(["score", "--no-save", "--no-color", "-"], stdin: Self.answer, scratch: dir)
        let bandLine = try #require(scored.stdout.split(separator: "\n").first { $0.hasPrefix("  band: ") })
        let shown = try runStarlint(["show", "2", "--db", path, "--no-color"], scratch: dir)
        let lines = shown.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let scoreAt = try #require(lines.firstIndex { $0.hasPrefix("Score: \(a.score)/100") })
        #expect(lines[scoreAt + 1] == bandLine, "\(shown.stdout)")
        #expect(bandLine == "  band: \(band.name) (\(band.from)-\(band.to), typical of the corpus's grade-\(band.grade) answers)")
        let json = try runStarlint(["show", "2", "--db", path, "--format", "json"], scratch: dir)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let b = try #require(doc["band"] as? [String: Any])
        #expect(b["grade"] as? Int == band.grade && b["name"] as? String == band.name && b["from"] as? Int == band.from && b["to"] as? Int == band.to)
        let shownOld = try runStarlint(["show", "1", "--db", path, "--no-color"], scratch: dir)
        #expect(shownOld.status == 0 && !shownOld.stdout.contains("band:"))
        let oldJSON = try JSONSerialization.jsonObject(with: Data(try runStarlint(["show", "1", "--db", path, "--format", "json"], scratch: dir).stdout.utf8)) as? [String: Any]
        #expect(oldJSON != nil && oldJSON?["band"] == nil)

        // and history gives it in a column of its own: the name in text and CSV, "-" or empty
        // when none was saved, and the whole band (or null) in JSON
        let text = try runStarlint(["history", "--db", path, "--no-color"], scratch: dir).stdout.split(separator: "\n")
        #expect(text.first?.hasPrefix("   ID  Date              Score  Band        Change  Str") == true, "\(text)")
        let row = { (id: Int) in text.first { $0.hasPrefix(String(repeating: " ", count: 4) + "\(id)  ") }.map(String.init) ?? "" }
        let pad = String(repeating: " ", count: 10 - band.name.count)
        #expect(row(2).contains("  \(a.score)  \(band.name)\(pad)  "), "\(row(2))")
        #expect(row(3).contains("  needs work  "), "\(row(3))")
        #expect(row(1).contains("  \(a.score)  -           "), "\(row(1))")
        let csv = try runStarlint(["history", "--db", path, "--format", "csv"], scratch: dir).stdout.split(separator: "\n")
        #expect(csv.first?.hasSuffix(",file,band") == true)
        #expect(csv.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).last.map(String.init) } == ["needs work", band.name, ""])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(try runStarlint(["history", "--db", path, "--format", "json"], scratch: dir).stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 3 && rows[2]["band"] is NSNull)
        #expect((rows[0]["band"] as? [String: Any])?["name"] as? String == "needs work")
        #expect((rows[1]["band"] as? [String: Any])?["grade"] as? Int == band.grade)

        // and diff names both bands as saved ("not recorded" for one saved before), in text and JSON
        let diff = try runStarlint(["diff", "2", "3", "--db", path, "--no-color"], scratch: dir)
        #expect(diff.stdout.contains("\nScore: \(a.score) → \(a.score) (±0)\nBand: \(band.name) → needs work\n"), "\(diff.stdout)")
        let fromOld = try runStarlint(["diff", "1", "2", "--db", path, "--no-color"], scratch: dir)
        #expect(fromOld.stdout.contains("\nBand: not recorded → \(band.name)\n"), "\(fromOld.stdout)")
        let diffJSON = try #require(try JSONSerialization.jsonObject(with: Data(try runStarlint(["diff", "2", "3", "--db", path, "--format", "json"], scratch: dir).stdout.utf8)) as? [String: Any])
        #expect((diffJSON["fromBand"] as? [String: Any])?["name"] as? String == band.name)
        #expect((diffJSON["toBand"] as? [String: Any])?["from"] as? Int == 40)
        #expect(AttemptDiff(from: try store.attempt(id: 1), to: try store.attempt(id: 1)).fromBand == nil)
    }
}
