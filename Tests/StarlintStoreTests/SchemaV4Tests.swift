import Foundation
import GRDB
import StarlintCore
@testable import StarlintStore
import Testing

/// Answers whose sentences are awkward to find again in the text: multi-byte UTF-8 (accents,
/// emoji with joiners, CJK), CRLF and lone-CR line ends, a byte order mark, tabs, emphasis and
/// code marks, sentences wrapped over lines, an HTML comment inside a sentence. (The analyzer
/// refuses text with a NUL byte; `aTextWithANulByte...` covers such a text in an old database.)
let awkwardAnswers: [String] = [
    "Café owners said “hi” to the naïve barista. Then I rewrote the menu in één day and sales rose 12%.\n",
    "I shipped the app 🚀 two weeks early. The team 👩‍💻👨🏽‍🔬 cheered, and churn fell by 30%.\n",
    "我们在三周内完成了项目。 I led the rollout across 3 offices. 結果は良かった。 Revenue grew 20%.\n",
    "Situation: our team was late.\r\nI rewrote the plan with the leads.\r\n\r\nResult: we shipped 2 weeks early.\r\n",
    "First I called every client.\rThen I rebuilt the rota.\rWe cut waiting times by 40%.",
    "\u{FEFF}I led the migration to the new billing system. It cut costs by 30% in a quarter.\n",
    "I **really** cut the `backlog`\nby half in a month. Then\tI  trained two  new starters.\n\n- Called every customer\n- Rebuilt the *rota*\n",
    "## Situation\n\nOur   release   was late.\n\n## Action\n\nI fixed <!-- a note --> the build. It worked after 3 days.\n",
    "  Indented text starts here. Ünïcödé   spacing\t\there.\n\n> Quoted: I handled 40 tickets a day.\n",
]

/// The UTF-8 offset of `line`:`column` counted as the analyzer counts (1-based; columns in
/// Unicode scalars; lines ended by LF, CRLF or a lone CR; a byte order mark not counted): a
/// reference written independently of `SentenceText.Locator`.
func referenceOffset(_ text: String, line: Int, column: Int) -> Int? {
    var bytes = Array(text.utf8)
    var base = 0
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { base = 3 }
    bytes = Array(bytes[base...])
    var lineStarts = [0]
    var i = 0
    while i < bytes.count {
        if bytes[i] == 0x0A { lineStarts.append(i + 1) }
        else if bytes[i] == 0x0D {
            if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
            lineStarts.append(i + 1)
        }
        i += 1
    }
    guard line >= 1, line <= lineStarts.count else { return nil }
    let lineText = String(decoding: bytes[lineStarts[line - 1]...], as: UTF8.self)
    let scalars = Array(lineText.unicodeScalars)
    guard column >= 1, column - 1 <= scalars.count else { return nil }
    let prefix = scalars[0..<(column - 1)].reduce(0) { $0 + String($1).utf8.count }
    return base + lineStarts[line - 1] + prefix
}

struct SentenceSpanTests {
    @Test(arguments: awkwardAnswers.indices)
    func sentencesReadBackExactlyAndSpansStartAtTheirLineAndColumn(index: Int) throws {
        let text = awkwardAnswers[index]
        let analysis = try analyze(text)
        #expect(!analysis.sentences.isEmpty)
        try withTempStore { store, _ in
            // Given an awkward answer saved
            let id = try store.save(analysis, text: text, questionKey: "q001", questionText: nil).id

            // Then every sentence reads back as the analyzer gave it
            let a = try store.attempt(id: id)
            #expect(a.sentences.map(\.text) == analysis.sentences.map(\.text))
            #expect(a.text == text)
            #expect(try store.integrityProblems().isEmpty)

            // and each span starts where the sentence's line and column say, and its bytes fold
            // to exactly the sentence's text
            let spans = AttemptStore.sentenceSpans(analysis.sentences, in: text)
            let bytes = Array(text.utf8)
            for (x, span) in zip(analysis.sentences, spans) {
                guard let span else { continue }
                #expect(span.lowerBound == referenceOffset(text, line: x.line, column: x.column), "\(x.text)")
                let folded = bytes[span].withUnsafeBufferPointer { SentenceText.fold($0) }
                #expect(folded == x.text)
            }
        }
    }

    @Test func ordinaryAnswersStoreNoSentenceTextOnlyTheOddOnesDo() throws {
        try withTempStore { store, dir in
            // Given the example answers and the awkward ones saved
            var texts = try ["bullets", "filler-heavy", "hypothetical", "labelled", "no-result", "strong"].map { try exampleText($0) }
            texts += awkwardAnswers
            let items = try texts.enumerated().map { i, t in
                AttemptInput(try analyze(t, path: "a\(i).md"), text: t, questionKey: "k\(i)", questionText: nil)
            }
            _ = try store.save(items)

            // Then a sentence keeps its own text only where no span reads as it: the sentence
            // around an HTML comment (the analyzer blanks comments out)
            let q = try DatabaseQueue(path: dir + "/progress.sqlite")
            let kept = try q.read {
                try String.fetchAll($0, sql: "SELECT text FROM sentence WHERE text IS NOT NULL ORDER BY attemptId, position")
            }
            #expect(kept == ["I fixed the build."])
            let spans = try q.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sentence WHERE text IS NULL") } ?? 0
            #expect(spans == items.reduce(0) { $0 + $1.analysis.sentences.count } - kept.count)
        }
    }

    @Test func matchAgreesWithTheWalkAndFindsTheFoldOfAnySpan() {
        // Random texts over the bytes fold treats specially, and others
        var rng = SplitMix64(seed: 42)
        let pieces: [String] = ["a", "b", "é", "🚀", " ", " ", "*", "`", "\n", "\r", "\t", "\r\n", "x y", "我"]
        for _ in 0..<3000 {
            let raw = (0..<rng.below(24)).map { _ in pieces[rng.below(pieces.count)] }.joined()
            let bytes = Array(raw.utf8)
            // Spans start and end between characters, as a sentence's do
            let boundaries = bytes.indices.filter { bytes[$0] & 0xC0 != 0x80 } + [bytes.count]
            let a = rng.below(boundaries.count), b = a + rng.below(boundaries.count - a)
            let start = boundaries[a], end = boundaries[b]
            let expected = Array(bytes[start..<end].withUnsafeBufferPointer { SentenceText.fold($0) }.utf8)
            bytes.withUnsafeBufferPointer { b in
                expected.withUnsafeBufferPointer { e in
                    let m = SentenceText.match(b, from: start, expected: e)
                    #expect(m == SentenceText.walk(b, from: start, expected: e), "\(raw.debugDescription) \(start)")
                    // The fold of a span is found, and what is found folds to it
                    if let m {
                        #expect(m <= end)
                        #expect(SentenceText.fold(UnsafeBufferPointer(rebasing: b[start..<m])) == String(decoding: e, as: UTF8.self))
                    } else {
                        Issue.record("no match for the fold of \(raw.debugDescription)[\(start)..<\(end)]")
                    }
                    #expect(SentenceText.isFolded(e))
                }
            }
        }
    }

    @Test func aSpanOutsideTheTextIsAnErrorAndAnIntegrityProblem() throws {
        try withTempStore { store, dir in
            // Given a saved attempt whose first sentence's span was made to run past its text
            let text = try exampleText("strong")
            let id = try store.save(try analyze(text), text: text, questionKey: "q001", questionText: nil).id
            let q = try DatabaseQueue(path: dir + "/progress.sqlite")
            try q.write { try $0.execute(sql: "UPDATE sentence SET textEnd = ? WHERE attemptId = ? AND position = 0", arguments: [text.utf8.count + 1, id]) }
            try q.close()

            // Then reading it fails naming the damaged attempt (only a damaged page, or an edit
            // outside starlint, can do this), and the integrity check names the sentence
            #expect(throws: StoreError.damagedAttempt(path: store.path, id: id, problem: "its sentence 1 points outside its text")) {
                try store.attempt(id: id)
            }
            #expect(try store.integrityProblems() == ["sentence 0 of attempt \(id) points outside the attempt's text"])
            #expect(SentenceText.read(text, start: 0, end: text.utf8.count + 1) == nil)
            #expect(SentenceText.read(text, start: 3, end: 2) == nil)
        }
    }
}

struct MigrationV4Tests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    /// A database at v3 holding the example and awkward answers as starlint wrote them then,
    /// at two questions each so there are pairs to diff, plus a sentence whose text the
    /// attempt's text does not contain (as an older analyzer might have written it).
    func makeV3Database(_ path: String) throws -> [Int64] {
        let old = try DatabaseQueue(path: path)
        defer { try? old.close() }
        // in WAL mode with 4 KiB pages, as starlint made databases then
        _ = try old.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA journal_mode = WAL") }
        try AttemptStore.makeMigrator().migrate(old, upTo: "v3")
        var texts = try ["bullets", "filler-heavy", "hypothetical", "labelled", "no-result", "strong"].map { try exampleText($0) }
        texts += awkwardAnswers
        var items: [AttemptInput] = []
        for (i, t) in texts.enumerated() {
            items.append(AttemptInput(try analyze(t, path: "a\(i).md"), text: t, questionKey: i % 2 == 0 ? "q001" : "q002",
                                      questionText: nil, source: i % 3 == 0 ? .practice : .score, durationMs: i % 3 == 0 ? 60_000 : nil,
                                      date: t0 + Double(i) * 60))
        }
        return try old.write { db in
            let ids = try insertAsBeforeV4(items, into: db)
            try db.execute(sql: "UPDATE sentence SET text = 'Written by an older analyzer.' WHERE attemptId = ? AND position = 0", arguments: [ids[1]])
            return ids
        }
    }

    /// An attempt read straight from the v3 tables, as `attempt(id:)` read it before v4.
    func readAsV3(_ q: DatabaseQueue, id: Int64) throws -> StoredAttempt {
        try q.read { db in
            let a = try AttemptRecord.fetchOne(db, key: id)!
            let sentences = try Row.fetchAll(db, sql: "SELECT * FROM sentence WHERE attemptId = ? ORDER BY position", arguments: [id]).map {
                StoredSentence(text: $0["text"], label: StarLabel(rawValue: $0["label"]) ?? .other, confidence: $0["confidence"],
                               uncertain: $0["uncertain"], explicitLabel: $0["explicitLabel"], line: $0["line"], column: $0["col"], words: $0["words"])
            }
            let findings = try FindingRecord.filter(FindingRecord.Columns.attemptId == id).order(FindingRecord.Columns.position).fetchAll(db).map {
                StoredFinding(rule: $0.rule, severity: Severity(rawValue: $0.severity) ?? .warning, message: $0.message,
                              line: $0.line, column: $0.col, endLine: $0.endLine, endColumn: $0.endCol, suggestion: $0.suggestion)
            }
            return StoredAttempt(
                id: id, date: a.createdAt, file: a.file, questionKey: a.questionKey, questionText: a.questionText, score: a.score,
                subscores: DimensionScores(structure: a.structure, specificity: a.specificity, ownership: a.ownership, clarity: a.clarity, concision: a.concision),
                contentHash: a.contentHash, rubricVersion: a.rubricVersion, modelVersion: a.modelVersion, toolVersion: a.toolVersion,
                source: AttemptSource(rawValue: a.source) ?? .score, durationMs: a.durationMs, words: a.words, text: a.text,
                sentences: sentences, findings: findings, deductions: [], deductionsRecorded: false,
                suppressedFindings: nil, directiveProblems: nil)
        }
    }

    @Test func aVersion3DatabaseMigratesToV4WithTheSameShowAndDiff() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/v3.sqlite"
        // Given a v3 database with saved attempts, and what each attempt, diff and history read as then
        let ids = try makeV3Database(path)
        let before = try {
            let q = try DatabaseQueue(path: path)
            defer { try? q.close() }
            return try ids.map { try readAsV3(q, id: $0) }
        }()
        #expect(before[1].sentences[0].text == "Written by an older analyzer.")

        // When the current code opens it
        let store = try AttemptStore(path: path)

        // Then v4 is applied, each attempt reads back the same, field for field and as JSON
        #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14"])
        for (id, want) in zip(ids, before) {
            let got = try store.attempt(id: id)
            #expect(got == want, "attempt \(id)")
            #expect(JSONOutput.encode(got) == JSONOutput.encode(want))
        }
        // and so does every diff between consecutive attempts
        for k in 1..<ids.count {
            let got = AttemptDiff(from: try store.attempt(id: ids[k - 1]), to: try store.attempt(id: ids[k]))
            #expect(got == AttemptDiff(from: before[k - 1], to: before[k]))
            #expect(JSONOutput.encode(got) == JSONOutput.encode(AttemptDiff(from: before[k - 1], to: before[k])))
        }
        #expect(try store.integrityProblems().isEmpty)

        // and the sentences are spans except where none reads as the stored text
        let q = try DatabaseQueue(path: path)
        defer { try? q.close() }
        let kept = try q.read { try String.fetchAll($0, sql: "SELECT text FROM sentence WHERE text IS NOT NULL ORDER BY attemptId, position") }
        #expect(kept == ["Written by an older analyzer.", "I fixed the build."])
        let tables = try q.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE name LIKE '%v4%'") }
        #expect(tables.isEmpty)

        // and an attempt saved now reads the same as the migrated one of the same answer
        let text = awkwardAnswers[0]
        let fresh = try store.save(try analyze(text, path: "a6.md"), text: text, questionKey: "q003", questionText: nil, date: t0).id
        #expect(try store.attempt(id: fresh).sentences == before[6].sentences)
    }

    @Test func aTextWithANulByteInAnOldDatabaseReadsAsItDidBefore() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/v3.sqlite"
        // Given a v3 attempt whose text has a NUL byte (GRDB reads a string up to its first
        // NUL), with a sentence before it, one after it and one across it
        let text = "I fixed the login bug.\u{0}Then the queue fell by half.\n"
        var a = try crafted(score: 60, hash: "nul")
        var sentence = a.sentences[0]
        a.sentences = [("I fixed the login bug.", 1), ("Then the queue fell by half.", 24), ("bug.\u{0}Then", 19)].map { t, column in
            sentence.text = t
            sentence.line = 1
            sentence.column = column
            return sentence
        }
        let id = try {
            let old = try DatabaseQueue(path: path)
            defer { try? old.close() }
            try AttemptStore.makeMigrator().migrate(old, upTo: "v3")
            return try old.write { db -> Int64 in
                let id = try insertAsBeforeV4([AttemptInput(a, text: "placeholder", questionKey: "q001", questionText: nil, date: t0)], into: db)[0]
                try db.execute(sql: "UPDATE attempt SET text = CAST(? AS TEXT) WHERE id = ?", arguments: [Data(text.utf8), id])
                for (k, x) in a.sentences.enumerated() {
                    try db.execute(sql: "UPDATE sentence SET text = CAST(? AS TEXT) WHERE attemptId = ? AND position = ?", arguments: [Data(x.text.utf8), id, k])
                }
                return id
            }
        }()
        let before = try {
            let q = try DatabaseQueue(path: path)
            defer { try? q.close() }
            return try readAsV3(q, id: id)
        }()
        #expect(before.text == "I fixed the login bug.")
        #expect(before.sentences.map(\.text) == ["I fixed the login bug.", "Then the queue fell by half.", "bug."])

        // When the current code opens it, the attempt reads as before
        let store = try AttemptStore(path: path)
        #expect(try store.attempt(id: id) == before)
        #expect(try store.integrityProblems().isEmpty)
        // with a span only for the sentence before the NUL; the others keep all their bytes
        let q = try DatabaseQueue(path: path)
        defer { try? q.close() }
        let rows = try q.read { try Row.fetchAll($0, sql: "SELECT textStart, textEnd, length(CAST(text AS BLOB)) AS n FROM sentence ORDER BY position") }
        #expect(rows.map { [$0["textStart"] as Int?, $0["textEnd"] as Int?, $0["n"] as Int?] } == [[0, 22, nil], [nil, nil, 28], [nil, nil, 9]])
    }

    @Test func forgetStillCascadesAfterTheMigrationAndOnANewDatabase() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let migrated = dir + "/v3.sqlite"
        let ids = try makeV3Database(migrated)
        let fresh = dir + "/new.sqlite"
        _ = try AttemptStore(path: fresh).save(try ids.indices.map { i in
            AttemptInput(try crafted(score: 50 + i, hash: "h\(i)"), text: try exampleText("strong"), questionKey: "q\(i)", questionText: nil)
        })
        for path in [migrated, fresh] {
            // Given a database at v4 with attempts
            let store = try AttemptStore(path: path)
            let q = try DatabaseQueue(path: path)
            defer { try? q.close() }
            func children(_ id: Int64) throws -> Int {
                try q.read {
                    try Int.fetchOne($0, sql: "SELECT (SELECT COUNT(*) FROM sentence WHERE attemptId = ?1) + (SELECT COUNT(*) FROM finding WHERE attemptId = ?1)",
                                     arguments: [id])!
                }
            }
            let first = ids[0], second = ids[1]
            #expect(try children(first) > 0)
            #expect(try children(second) > 0)

            // When one attempt, then a whole question, is forgotten
            #expect(try store.forget(id: first))
            let key = try store.attempt(id: second).questionKey
            let n = try store.forget(question: key)

            // Then their sentences and findings went with them, and the checks still pass
            #expect(n >= 1)
            #expect(try children(first) == 0)
            #expect(try children(second) == 0)
            #expect(try q.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }.isEmpty)
            #expect(try store.integrityProblems().isEmpty)
            #expect(try store.attemptCount() == ids.count - 1 - n)
        }
    }

    @Test func newDatabasesHave16KiBPagesAndOldOnesKeepTheirs() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        _ = try makeV3Database(dir + "/v3.sqlite")
        _ = try AttemptStore(path: dir + "/v3.sqlite")
        _ = try AttemptStore(path: dir + "/new.sqlite")
        func pageSize(_ path: String) throws -> Int {
            let q = try DatabaseQueue(path: path)
            defer { try? q.close() }
            return try q.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } ?? 0
        }
        #expect(try pageSize(dir + "/v3.sqlite") == 4096)
        #expect(try pageSize(dir + "/new.sqlite") == 16384)
    }

    @Test func rowsWhoseAttemptIsGoneAreLeftBehind() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/v3.sqlite"
        // Given a v3 database in which, with foreign keys off, an attempt was deleted without its rows
        let ids = try makeV3Database(path)
        do {
            let q = try DatabaseQueue(path: path)
            try q.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                try db.execute(sql: "DELETE FROM attempt WHERE id = ?", arguments: [ids[2]])
                try db.execute(sql: "PRAGMA foreign_keys = ON")
            }
            #expect(try q.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }.count > 0)
            try q.close()
        }

        // When the current code opens it, the migration succeeds without those rows
        let store = try AttemptStore(path: path)
        #expect(try store.appliedMigrations().last == "v14")
        #expect(try store.integrityProblems().isEmpty)
        #expect(try store.attemptCount() == ids.count - 1)
        #expect(throws: StoreError.noSuchAttempt(id: ids[2], path: path)) { try store.attempt(id: ids[2]) }
    }

    @Test func aLockedVersion3DatabaseFailsAsLockedAndIsNotMigrated() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/v3.sqlite"
        // Given a v3 database on which another connection holds an exclusive lock
        _ = try makeV3Database(path)
        let holder = try DatabaseQueue(path: path)
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            // When the current code opens it with a short busy timeout, it fails as locked
            #expect(throws: StoreError.locked(path: path)) { try AttemptStore(path: path, busyTimeout: 0.2) }
            try db.execute(sql: "ROLLBACK")
        }
        try holder.close()
        // and the database is still at v3, then migrates once the lock is gone
        let q = try DatabaseQueue(path: path)
        #expect(try q.read { try AttemptStore.makeMigrator().appliedMigrations($0) } == ["v1", "v2", "v3"])
        try q.close()
        #expect(try AttemptStore(path: path).appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14"])
    }

    @Test func aVersion3DatabaseWithDamagedPagesIsReportedCorrupt() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/v3.sqlite"
        // Given a v3 database (4 KiB pages) whose pages after the first were overwritten
        _ = try makeV3Database(path)
        var bytes = fileBytes(path)
        #expect(bytes.count > 16384)
        for i in 4096..<bytes.count { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let before = fingerprint(path)
        // When the current code opens it, the error is the one it always was, and the file is untouched
        #expect(throws: StoreError.corrupt(path: path)) { try AttemptStore(path: path) }
        #expect(fingerprint(path) == before)
    }
}
