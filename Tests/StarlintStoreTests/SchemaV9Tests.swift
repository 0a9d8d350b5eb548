import Foundation
import GRDB
import StarlintCore
@testable import StarlintStore
import Testing

/// Migration v9: an attempt records its file's canonical path, so `check --save` knows a file
/// it saved before however the path is typed, links included; an attempt saved before keeps
/// being matched by the path as typed, and learns its canonical path when it is.
struct SchemaV9Tests {
    static let answer = """
        ---
        question: Tell me about a time you fixed a rota.
        ---
        Our weekend rota was kept on paper and shifts were missed about nine times a month.
        I was asked to sort it out before the summer.
        I moved it into a shared sheet, added reminders the day before and agreed swaps in one group chat.
        Missed shifts fell from nine a month to two by July.
        """

    /// The class folder `cls` with two answers to one question, and its canonical path (the
    /// temporary folder may be reached through a link).
    func makeClass(_ dir: String) throws -> String {
        try FileManager.default.createDirectory(atPath: dir + "/cls", withIntermediateDirectories: true)
        let cls = try #require(FileDiscovery.realPath(dir + "/cls"))
        try Self.answer.write(toFile: cls + "/a.md", atomically: true, encoding: .utf8)
        try Self.answer.replacingOccurrences(of: "one group chat", with: "a group chat").write(toFile: cls + "/b.md", atomically: true, encoding: .utf8)
        return cls
    }

    @Test func checkSaveKnowsAnUnchangedFileWhateverFolderItIsCheckedFrom() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let cls = try makeClass(dir)
        let db = dir + "/c.sqlite"
        // Given the class checked and saved from the folder above it
        let first = try runStarlint(["check", "cls", "--no-config", "--save", "--db", db], scratch: dir, in: dir)
        #expect(first.stderr.hasSuffix("saved 2 attempts to \(db)\n"), "\(first.stderr)")
        // When it is checked again from inside it, and with ./ and ../ in the paths
        let inside = try runStarlint(["check", ".", "--no-config", "--save", "--db", db], scratch: dir, in: cls)
        let dotted = try runStarlint(["check", "./cls/../cls/a.md", "cls/b.md", "--no-config", "--save", "--db", db], scratch: dir, in: dir)
        // and through a link to the folder
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: cls)
        let linked = try runStarlint(["check", "link/a.md", "link/../link/b.md", "--no-config", "--save", "--db", db], scratch: dir, in: dir)
        // Then nothing is saved twice
        for run in [inside, dotted, linked] {
            #expect(run.stderr.hasSuffix("saved 0 attempts to \(db); 2 unchanged since their last attempt\n"), "\(run.stderr)")
        }
        let store = try AttemptStore(path: db)
        #expect(try store.attemptCount() == 2)
        // and each attempt keeps the path as it was typed, for display, with the absolute one beside it
        let rows = try DatabaseQueue(path: db).read { try Row.fetchAll($0, sql: "SELECT file, filePath FROM attempt ORDER BY id") }
        #expect(rows.map { $0["file"] as String } == ["cls/a.md", "cls/b.md"])
        #expect(rows.map { $0["filePath"] as String? } == [cls + "/a.md", cls + "/b.md"])
        // A changed file is still saved, and compared with its own file only
        try (Self.answer + "\nMy manager now uses the sheet for the other two sites.\n").write(toFile: cls + "/a.md", atomically: true, encoding: .utf8)
        let changed = try runStarlint(["check", ".", "--no-config", "--save", "--db", db], scratch: dir, in: cls)
        #expect(changed.stderr.hasSuffix("saved 1 attempt to \(db); 1 unchanged since their last attempt\n"), "\(changed.stderr)")
        #expect(try store.integrityProblems().isEmpty)
    }

    /// An answer with no question is known by its file: through a link to its folder, `check
    /// --save` finds it unchanged, `score` adds to its history, and `history` finds it by
    /// either path.
    @Test func anAnswerWithoutAQuestionKeepsOneHistoryThroughALink() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/cls", withIntermediateDirectories: true)
        let cls = try #require(FileDiscovery.realPath(dir + "/cls"))
        let body = Self.answer.components(separatedBy: "---\n").last!
        try body.write(toFile: cls + "/a.md", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: cls)
        let db = dir + "/c.sqlite"
        let first = try runStarlint(["check", "cls", "--no-config", "--save", "--db", db], scratch: dir, in: dir)
        #expect(first.stderr.hasSuffix("saved 1 attempt to \(db)\n"), "\(first.stderr)")
        let linked = try runStarlint(["check", "link", "--no-config", "--save", "--db", db], scratch: dir, in: dir)
        #expect(linked.stderr.hasSuffix("saved 0 attempts to \(db); 1 unchanged since their last attempt\n"), "\(linked.stderr)")
        try (body + "My manager now uses the sheet for the other two sites.\n").write(toFile: cls + "/a.md", atomically: true, encoding: .utf8)
        let scored = try runStarlint(["score", "link/a.md", "--db", db], scratch: dir, in: dir)
        #expect(scored.status == 0, "\(scored.stderr)")
        let store = try AttemptStore(path: db)
        #expect(try store.history().map(\.questionKey) == [cls + "/a.md", cls + "/a.md"])
        for typed in ["link/a.md", "cls/a.md"] {
            let h = try runStarlint(["history", "--question", typed, "--db", db, "--format", "json"], scratch: dir, in: dir)
            #expect(h.status == 0, "\(typed): \(h.stderr)")
            #expect(h.stdout.components(separatedBy: "\"id\"").count - 1 == 2, "\(typed): \(h.stdout)")
        }
    }

    @Test func aVersion8AttemptIsMatchedAsTypedAndThenLearnsItsPath() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let cls = try makeClass(dir)
        let path = dir + "/v8.sqlite"
        let text = try String(contentsOfFile: cls + "/a.md", encoding: .utf8)
        let question = "Tell me about a time you fixed a rota."
        // Given a v8 database where cls/a.md was saved by its relative path, and cls/b.md by
        // an absolute one written with ".."
        do {
            let old = try DatabaseQueue(path: path)
            try AttemptStore.makeMigrator().migrate(old, upTo: "v8")
            let textB = try String(contentsOfFile: cls + "/b.md", encoding: .utf8)
            let a = try analyze(text, path: "cls/a.md"), b = try analyze(textB, path: cls + "/../cls/b.md")
            try old.write { db in
                _ = try insertAsV4([AttemptInput(a, text: text, questionKey: question, questionText: question, source: .check),
                                    AttemptInput(b, text: textB, questionKey: question, questionText: question, source: .check)], into: db)
            }
            try old.close()
        }
        // When the current code opens it, neither path is guessed
        let store = try AttemptStore(path: path)
        #expect(try store.appliedMigrations().last == "v14")
        func filePaths() throws -> [String?] {
            try DatabaseQueue(path: path).read { try Row.fetchAll($0, sql: "SELECT filePath FROM attempt ORDER BY id").map { $0["filePath"] } }
        }
        #expect(try filePaths() == [nil, nil])
        // (and, saved before v10, they say nothing of a quantified result or of their figures)
        let first = try store.attempt(id: 1)
        #expect(first.quantifiedResult == nil && first.quantifiedResultSentence == nil && first.stats == nil)
        // and the old attempts still count for the same paths typed the same way
        let again = try runStarlint(["check", "cls/a.md", cls + "/../cls/b.md", "--no-config", "--save", "--db", path], scratch: dir, in: dir)
        #expect(again.stderr.hasSuffix("saved 0 attempts to \(path); 2 unchanged since their last attempt\n"), "\(again.stderr)")
        // and learn their canonical paths, so the files are known from another folder too
        #expect(try filePaths() == [cls + "/a.md", cls + "/b.md"])
        let inside = try runStarlint(["check", ".", "--no-config", "--save", "--db", path], scratch: dir, in: cls)
        #expect(inside.stderr.hasSuffix("saved 0 attempts to \(path); 2 unchanged since their last attempt\n"), "\(inside.stderr)")
        #expect(try store.attemptCount() == 2)
        #expect(try store.integrityProblems().isEmpty)
    }
}
