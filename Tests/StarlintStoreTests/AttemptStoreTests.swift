import Foundation
import StarlintCore
@testable import StarlintStore
import Testing

struct AttemptStoreTests {
    @Test func savesAnAttemptWithEverythingItRecords() throws {
        try withTempStore { store, _ in
            // Given an analysed answer
            let text = try exampleText("filler-heavy")
            let analysis = try analyze(text, path: "answers/filler-heavy.md")

            // When it is saved
            let outcome = try store.save(analysis, text: text, questionKey: "q012", questionText: "Give an example…", source: .practice, durationMs: 1234)

            // Then it reads back in full
            guard case .saved(let id) = outcome else { Issue.record("expected .saved, got \(outcome)"); return }
            let a = try store.attempt(id: id)
            #expect(a.text == text)
            #expect(a.file == "answers/filler-heavy.md")
            #expect(a.contentHash == analysis.contentHash)
            #expect(a.questionKey == "q012")
            #expect(a.questionText == "Give an example…")
            #expect(a.score == analysis.score)
            #expect(a.subscores == DimensionScores(analysis.subscores))
            #expect(a.sentences.map(\.label) == analysis.labels)
            #expect(a.sentences.map(\.text) == analysis.sentences.map(\.text))
            #expect(a.findings.map(\.rule) == analysis.findings.map(\.rule))
            #expect(a.findings.map(\.message) == analysis.findings.map(\.message))
            #expect(a.findings.map(\.suggestion) == analysis.findings.map(\.suggestion))
            #expect(a.rubricVersion == analysis.rubricVersion)
            #expect(a.modelVersion == analysis.modelVersion)
            #expect(a.toolVersion == analysis.toolVersion)
            #expect(a.words == analysis.stats.words)
            #expect(a.source == .practice)
            #expect(a.durationMs == 1234)
            #expect(try store.integrityProblems().isEmpty)
        }
    }

    @Test func unchangedTextForTheSameQuestionIsNotSavedTwice() throws {
        try withTempStore { store, _ in
            // Given a saved attempt
            let text = try exampleText("strong")
            let analysis = try analyze(text)
            let first = try store.save(analysis, text: text, questionKey: "q001", questionText: nil)

            // When the same text is saved again for the same question
            let again = try store.save(analysis, text: text, questionKey: "q001", questionText: nil)

            // Then nothing is added and the outcome names the earlier attempt
            #expect(again == .duplicate(id: first.id))
            #expect(try store.attemptCount() == 1)

            // When the same text answers another question, it is a new attempt
            let other = try store.save(analysis, text: text, questionKey: "q002", questionText: nil)
            #expect(other == .saved(id: first.id + 1))

            // The same text from another file (a copy) is saved, so that file's path is known
            // at the question; scored again from that file, it is unchanged.
            var copy = analysis
            copy.file = "/answers/copy-of-strong.md"
            let fromCopy = try store.save(copy, text: text, questionKey: "q002", questionText: nil)
            #expect(fromCopy == .saved(id: first.id + 2))
            #expect(try store.latestQuestion(ofFile: "/answers/copy-of-strong.md")?.key == "q002")
            #expect(try store.save(copy, text: text, questionKey: "q002", questionText: nil) == .duplicate(id: first.id + 2))
            // Piped in (no file), it is unchanged since the latest attempt, whatever its file.
            var piped = analysis
            piped.file = "<stdin>"
            #expect(try store.save(piped, text: text, questionKey: "q002", questionText: nil) == .duplicate(id: first.id + 2))
            // The first file again: unchanged since its own latest attempt, though the copy's
            // came after it.
            #expect(try store.save(analysis, text: text, questionKey: "q002", questionText: nil) == .duplicate(id: first.id + 1))
            #expect(try store.attemptCount() == 3)
            // Piped in first, then scored from a file: the file's attempt is saved.
            #expect(try store.save(piped, text: text, questionKey: "q003", questionText: nil) == .saved(id: first.id + 3))
            var file = analysis
            file.file = "/answers/from-stdin-first.md"
            #expect(try store.save(file, text: text, questionKey: "q003", questionText: nil) == .saved(id: first.id + 4))
            #expect(try store.latestQuestion(ofFile: "/answers/from-stdin-first.md")?.key == "q003")
        }
    }

    @Test func revertingToEarlierTextIsANewAttempt() throws {
        try withTempStore { store, _ in
            // Given attempts A then B at one question
            try store.save(try crafted(score: 60, hash: "a"), text: "A", questionKey: "q001", questionText: nil)
            try store.save(try crafted(score: 70, hash: "b"), text: "B", questionKey: "q001", questionText: nil)

            // When A is scored again, it differs from the latest attempt (B)
            let outcome = try store.save(try crafted(score: 60, hash: "a"), text: "A", questionKey: "q001", questionText: nil)

            // Then it is saved
            #expect(outcome == .saved(id: 3))
        }
    }

    @Test func historyIsNewestFirstWithChangeFromThePreviousAttemptAtTheSameQuestion() throws {
        try withTempStore { store, _ in
            // Given attempts at two interleaved questions
            let day = Date(timeIntervalSince1970: 1_700_000_000)
            try store.save(try crafted(score: 50, hash: "1"), text: "1", questionKey: "q001", questionText: nil, date: day)
            try store.save(try crafted(score: 70, hash: "2"), text: "2", questionKey: "q002", questionText: nil, date: day + 60)
            try store.save(try crafted(score: 62, hash: "3"), text: "3", questionKey: "q001", questionText: nil, date: day + 120)
            try store.save(try crafted(score: 55, hash: "4"), text: "4", questionKey: "q001", questionText: nil, date: day + 180)

            // When the history is read
            let all = try store.history()
            let q1 = try store.history(question: "q001", limit: 2)

            // Then rows are newest first and changes compare within a question
            #expect(all.map(\.id) == [4, 3, 2, 1])
            #expect(all.map(\.change) == [-7, 12, nil, nil])
            #expect(q1.map(\.id) == [4, 3])
            #expect(q1.map(\.change) == [-7, 12])
            #expect(all[0].date == day + 180)
        }
    }

    @Test func forgetDeletesAnAttemptWithItsSentencesAndFindings() throws {
        try withTempStore { store, _ in
            // Given two attempts at one question and one at another
            let heavy = try exampleText("filler-heavy")
            let id = try store.save(try analyze(heavy), text: heavy, questionKey: "q001", questionText: nil).id
            try store.save(try crafted(score: 80, hash: "x"), text: "x", questionKey: "q001", questionText: nil)
            try store.save(try crafted(score: 80, hash: "y"), text: "y", questionKey: "q002", questionText: nil)

            // When one attempt is forgotten
            #expect(try store.forget(id: id))

            // Then it is gone, its child rows too, and a second forget finds nothing
            #expect(throws: StoreError.noSuchAttempt(id: id, path: store.path)) { try store.attempt(id: id) }
            #expect(try store.integrityProblems().isEmpty)
            #expect(try store.forget(id: id) == false)

            // When a whole question is forgotten
            #expect(try store.forget(question: "q001") == 1)
            #expect(try store.history().map(\.questionKey) == ["q002"])
        }
    }

    @Test func valuesThatLookLikeSQLAreStoredAsPlainText() throws {
        try withTempStore { store, _ in
            // Given an attempt whose question, file and text contain SQL
            let nasty = "x'); DROP TABLE attempt; --"
            var analysis = try crafted(score: 40, hash: "h")
            analysis.file = "it's \"quoted\"; DELETE FROM finding;.md"
            try store.save(analysis, text: nasty, questionKey: nasty, questionText: nasty)

            // When it is looked up by that question
            let rows = try store.history(question: nasty)

            // Then exactly it comes back and every table is intact
            #expect(rows.count == 1)
            #expect(rows.first?.file == analysis.file)
            #expect(try store.attempt(id: 1).text == nasty)
            #expect(try store.resolveQuestion(nasty) == nasty)
            #expect(try store.integrityProblems().isEmpty)
        }
    }

    @Test func resolvesAQuestionByKeyTextOrRelativePath() throws {
        try withTempStore { store, dir in
            // Given attempts keyed by a bank id, a text and an absolute path
            try store.save(try crafted(score: 1, hash: "1"), text: "1", questionKey: "q012", questionText: "Give an example of when you stepped forward.")
            try store.save(try crafted(score: 2, hash: "2"), text: "2", questionKey: "Why us?", questionText: "Why us?")
            try store.save(try crafted(score: 3, hash: "3"), text: "3", questionKey: dir + "/answers/mine.md", questionText: nil)

            // Then each can be found the way a user would type it
            #expect(try store.resolveQuestion("q012") == "q012")
            #expect(try store.resolveQuestion("give an example of when  you stepped forward.") == "q012")
            #expect(try store.resolveQuestion("  Why us?  ") == "Why us?")
            #expect(try store.resolveQuestion("answers/./mine.md", currentDirectory: dir) == dir + "/answers/mine.md")
            #expect(try store.resolveQuestion("q999") == nil)
            // A text typed without its closing mark (or with one the saved text lacks), but
            // not a part of it
            try store.save(try crafted(score: 5, hash: "5"), text: "5", questionKey: "Tell me about a time you mentored someone.",
                           questionText: "Tell me about a time you mentored someone.")
            #expect(try store.resolveQuestion("tell me about a time you mentored someone") == "Tell me about a time you mentored someone.")
            #expect(try store.resolveQuestion("Why us") == "Why us?")
            #expect(try store.resolveQuestion("Why us!") == "Why us?")
            #expect(try store.resolveQuestion("Why") == nil)
            #expect(try store.resolveQuestion("Tell me about a time you mentored") == nil)
            #expect(try store.resolveQuestion("Q012") == "q012")
            // An older version saved "Q012" as a text of its own; the bank id comes first.
            try store.save(try crafted(score: 4, hash: "4"), text: "4", questionKey: "Q012", questionText: "Q012")
            #expect(try store.resolveQuestion("Q012") == "q012")
        }
    }

    @Test func newFileAndFolderAreCreatedPrivate() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        // Given a database path in folders that do not exist yet
        let path = dir + "/a/b/progress.sqlite"

        // When the store opens it and saves
        let store = try AttemptStore(path: path)
        try store.save(try crafted(score: 1, hash: "1"), text: "1", questionKey: "q001", questionText: nil)

        // Then the folders are 0700 and the database and its WAL files 0600
        #expect(mode(dir + "/a") == 0o700)
        #expect(mode(dir + "/a/b") == 0o700)
        #expect(mode(path) == 0o600)
        for side in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + side) {
            #expect(mode(path + side) == 0o600)
        }
    }

    @Test func defaultPathPrefersStarlintDBThenXDGThenHome() {
        #expect(AttemptStore.defaultPath(env: ["STARLINT_DB": "/x/db", "XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/x/db")
        #expect(AttemptStore.defaultPath(env: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/starlint/starlint.sqlite")
        #expect(AttemptStore.defaultPath(env: ["XDG_DATA_HOME": "relative", "HOME": "/h"]) == "/h/.local/share/starlint/starlint.sqlite")
        #expect(AttemptStore.defaultPath(env: ["STARLINT_DB": "", "HOME": "/h"]) == "/h/.local/share/starlint/starlint.sqlite")
        #expect(AttemptStore.defaultPath(env: [:]) == nil)
    }

    @Test func busyTimeoutComesFromTheEnvironmentInMilliseconds() throws {
        #expect(try AttemptStore.busyTimeout(env: ["STARLINT_BUSY_TIMEOUT_MS": "250"]) == 0.25)
        #expect(try AttemptStore.busyTimeout(env: ["STARLINT_BUSY_TIMEOUT_MS": " 0 "]) == 0)
        #expect(try AttemptStore.busyTimeout(env: ["STARLINT_BUSY_TIMEOUT_MS": ""]) == AttemptStore.defaultBusyTimeout)
        #expect(try AttemptStore.busyTimeout(env: [:]) == 5)
        for bad in ["soon", "-5", "1.5", "99999999999"] {
            #expect(throws: StoreError.badBusyTimeout(value: bad)) { try AttemptStore.busyTimeout(env: ["STARLINT_BUSY_TIMEOUT_MS": bad]) }
        }
    }

    @Test func readOnlyOpenOfAMissingFileCreatesNothing() {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        #expect(throws: StoreError.missing(path: dir + "/none.sqlite")) {
            try AttemptStore(path: dir + "/none.sqlite", access: .readOnly)
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/none.sqlite"))
    }

    /// `--db` naming a link to a file not created yet: the file is made with mode 0600 like
    /// any new database, not with the umask's mode.
    @Test func aLinkToANewDatabaseCreatesItPrivate() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.sqlite", withDestinationPath: "real.sqlite")
        let old = umask(0o022)
        defer { umask(old) }
        let store = try AttemptStore(path: dir + "/link.sqlite")
        #expect(try store.attemptCount() == 0)
        var st = stat()
        #expect(stat(dir + "/real.sqlite", &st) == 0)
        #expect(st.st_mode & 0o777 == 0o600)
    }

    /// A reader of a write-protected database leaves its shared-memory file write-protected;
    /// once the database is writable again, opening it for saving gives that file its mode back.
    @Test func writeProtectedSidecarsOfThisUserAreMadeWritableAgain() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        _ = try AttemptStore(path: db)
        _ = FileManager.default.createFile(atPath: db + "-shm", contents: Data(), attributes: [.posixPermissions: 0o400])
        let store = try AttemptStore(path: db)
        #expect(try store.attemptCount() == 0)
        var st = stat()
        #expect(stat(db + "-shm", &st) == 0 && st.st_mode & 0o200 != 0, "mode \(String(st.st_mode & 0o777, radix: 8))")
    }

    /// Through a link, the sidecars are the target's (SQLite keeps them beside the real file).
    @Test func sidecarsAreFoundThroughALink() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/w", withIntermediateDirectories: true)
        _ = try AttemptStore(path: dir + "/w/a.sqlite")
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.sqlite", withDestinationPath: "w/a.sqlite")
        _ = FileManager.default.createFile(atPath: dir + "/w/a.sqlite-shm", contents: Data(), attributes: [.posixPermissions: 0o400])
        let store = try AttemptStore(path: dir + "/link.sqlite")
        #expect(try store.attemptCount() == 0)
        var st = stat()
        #expect(stat(dir + "/w/a.sqlite-shm", &st) == 0 && st.st_mode & 0o200 != 0)
        #expect(AttemptStore.resolvedPath(dir + "/link.sqlite").hasSuffix("/w/a.sqlite"))
        #expect(AttemptStore.resolvedPath(dir + "/none.sqlite") == dir + "/none.sqlite")
    }

    @Test func immutableURIEncodesThePath() {
        #expect(AttemptStore.immutableURI("/a b/p?#%.sqlite") == "file:///a%20b/p%3F%23%25.sqlite?immutable=1")
        #expect(AttemptStore.immutableURI("//tmp/p.sqlite") == "file:////tmp/p.sqlite?immutable=1")
        #expect(AttemptStore.immutableURI("rel/caf\u{E9}.sqlite") == "file:rel/caf%C3%A9.sqlite?immutable=1")
    }
}

struct QuestionIdentityTests {
    let bank = QuestionBank.bundled

    @Test func flagWinsOverFrontMatterAndBankIdsKeepTheirText() {
        let q = bank.questions[3]
        let id = QuestionIdentity.resolve(explicit: q.id, frontMatter: "Something else?", file: "a.md", bank: bank, currentDirectory: "/w")
        #expect(id == QuestionIdentity(key: q.id, text: q.text))
    }

    @Test func aBankQuestionTextMapsToItsId() {
        let q = bank.questions[5]
        let id = QuestionIdentity.resolve(explicit: nil, frontMatter: "  " + q.text.uppercased() + " ", file: "a.md", bank: bank, currentDirectory: "/w")
        #expect(id.key == q.id)
        // Lower case and without its closing stop, as people type it; and an id in capitals.
        var typed = q.text.lowercased()
        while typed.last == "." || typed.last == "?" { typed.removeLast() }
        #expect(QuestionIdentity.resolve(explicit: nil, frontMatter: typed, file: "a.md", bank: bank, currentDirectory: "/w").key == q.id)
        #expect(QuestionIdentity.resolve(explicit: q.id.uppercased(), frontMatter: nil, file: "a.md", bank: bank, currentDirectory: "/w").key == q.id)
    }

    @Test func anyOtherTextIsItsOwnKeyAndNoQuestionMeansTheFile() {
        #expect(QuestionIdentity.resolve(explicit: nil, frontMatter: "Why  us?", file: "a.md", bank: bank, currentDirectory: "/w")
            == QuestionIdentity(key: "Why us?", text: "Why us?"))
        #expect(QuestionIdentity.resolve(explicit: nil, frontMatter: nil, file: "../x/./a.md", bank: bank, currentDirectory: "/w/sub")
            == QuestionIdentity(key: "/w/x/a.md", text: nil))
        #expect(QuestionIdentity.resolve(explicit: nil, frontMatter: nil, file: "-", bank: bank, currentDirectory: "/w").key == "<stdin>")
    }
}
