import Foundation
import GRDB
import StarlintCore
@testable import StarlintStore
import Testing

/// A varied database for comparing the SQL progress and history with the reference
/// computation: questions keyed by bank id, by free text, by file path (no text) and by
/// "<stdin>"; one question whose text is set on some attempts only; one whose attempts all
/// share one date and one score; dates out of id order; gaps from none to days, around
/// midnight in several time zones; real findings from the six example answers.
enum VariedDatabase {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14 22:13:20 UTC
    static let keys = ["q001", "q002", "/answers/a.md", "Describe a failure", "mixed", "<stdin>", "ties"]

    static func items() throws -> [AttemptInput] {
        let examples = try ["bullets", "filler-heavy", "hypothetical", "labelled", "no-result", "strong"].map { name in
            (try exampleText(name), try analyze(try exampleText(name), path: "\(name).md"))
        }
        var rng = SplitMix64(seed: 7)
        func below(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let gaps: [TimeInterval] = [0, 600, 5 * 3600, 20 * 3600, 30 * 3600, 49 * 3600]
        var date = t0 - 40 * 86_400
        var items: [AttemptInput] = []
        let tieDate = t0 - 10 * 86_400 + 123
        for i in 0..<110 {
            // Mostly q001 (more than the 30-score trend and any recent window), then the others.
            let key = i % 2 == 0 || i > 100 ? "q001" : keys[1 + (i / 2) % (keys.count - 1)]
            let (text, base) = examples[below(examples.count)]
            var a = base
            a.contentHash = "h\(i)"
            a.score = 40 + below(6) * 10  // few distinct scores: ties for best
            a.subscores.structure = below(101)
            a.subscores.specificity = below(101)
            a.subscores.ownership = below(101)
            a.subscores.clarity = below(101)
            a.subscores.concision = below(101)
            date += gaps[below(gaps.count)]
            var at = date
            if i % 9 == 4 { at = date - Double(below(20)) * 86_400 - 17 }  // saved late: an earlier date than attempts before it
            if i == 57 { at = items[40].date! }  // the same date as another question's attempt
            if key == "ties" { at = tieDate; a.score = 70 }
            let questionText: String? = switch key {
            case "q001": "Tell me about a time you disagreed with a colleague."
            case "q002": "Describe a project that failed."
            case "Describe a failure": key
            case "mixed": (i / 2) % 4 == 3 ? "A text set on some attempts" : nil
            default: nil
            }
            items.append(AttemptInput(a, text: text + "\n<!-- \(i) -->", questionKey: key, questionText: questionText,
                                      source: i % 5 == 0 ? .practice : .score, durationMs: i % 5 == 0 ? 1000 * i : nil, date: at))
        }
        return items
    }

    static func make(_ store: AttemptStore) throws {
        let outcomes = try store.save(try items())
        #expect(outcomes.allSatisfy { if case .saved = $0 { true } else { false } })
    }
}

struct BatchSaveTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func aBatchDetectsDuplicatesLikeOneSaveAfterAnother() throws {
        try withTempStore { store, _ in
            // Given one attempt already saved at q001
            let a = try crafted(score: 60, hash: "a"), b = try crafted(score: 70, hash: "b")
            #expect(try store.save(a, text: "A", questionKey: "q001", questionText: nil, date: t0) == .saved(id: 1))

            // When a batch repeats it, adds B, repeats B, reverts to A, and answers q002 with A
            let outcomes = try store.save([
                AttemptInput(a, text: "A", questionKey: "q001", questionText: nil, date: t0 + 60),
                AttemptInput(b, text: "B", questionKey: "q001", questionText: nil, date: t0 + 120),
                AttemptInput(b, text: "B", questionKey: "q001", questionText: nil, date: t0 + 180),
                AttemptInput(a, text: "A", questionKey: "q001", questionText: nil, date: t0 + 240),
                AttemptInput(a, text: "A", questionKey: "q002", questionText: "Q2", date: t0 + 300),
                AttemptInput(a, text: "A", questionKey: "q002", questionText: "Q2", date: t0 + 360),
            ])

            // Then each item is judged against the latest attempt at its question, batch included
            #expect(outcomes == [.duplicate(id: 1), .saved(id: 2), .duplicate(id: 2), .saved(id: 3), .saved(id: 4), .duplicate(id: 4)])
            #expect(try store.attemptCount() == 4)
            #expect(try store.history().map(\.score) == [60, 60, 70, 60])
            #expect(try store.integrityProblems().isEmpty)
            #expect(try store.save([]) == [])
        }
    }

    @Test func theLatestAttemptIsTheLatestByDateNotByIdWithinABatch() throws {
        try withTempStore { store, _ in
            // Given a batch whose second attempt carries an earlier date than the first
            let a = try crafted(score: 60, hash: "a"), b = try crafted(score: 70, hash: "b")
            let outcomes = try store.save([
                AttemptInput(a, text: "A", questionKey: "q001", questionText: nil, date: t0 + 60),
                AttemptInput(b, text: "B", questionKey: "q001", questionText: nil, date: t0),
                // A is still the latest by date, so A again is a duplicate and B is not
                AttemptInput(a, text: "A", questionKey: "q001", questionText: nil, date: t0 + 120),
                AttemptInput(b, text: "B", questionKey: "q001", questionText: nil, date: t0 + 180),
            ])
            #expect(outcomes == [.saved(id: 1), .saved(id: 2), .duplicate(id: 1), .saved(id: 3)])
        }
    }

    @Test func aBatchStoresTheSameRowsAsSavingOneByOne() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let items = try VariedDatabase.items()
        // Given the same attempts saved in one batch and one by one
        let batch = try AttemptStore(path: dir + "/batch.sqlite")
        let single = try AttemptStore(path: dir + "/single.sqlite")
        let batchOutcomes = try batch.save(items)
        var singleOutcomes: [SaveOutcome] = []
        for x in items {
            singleOutcomes.append(try single.save(x.analysis, text: x.text, questionKey: x.questionKey, questionText: x.questionText,
                                                  source: x.source, durationMs: x.durationMs, date: x.date))
        }
        // Then outcomes and every stored attempt, sentence and finding are the same
        #expect(batchOutcomes == singleOutcomes)
        #expect(batchOutcomes.count == items.count)
        for id in 1...Int64(items.count) {
            #expect(try batch.attempt(id: id) == (try single.attempt(id: id)))
        }
        let first = try batch.attempt(id: 1)
        #expect(first.text == items[0].text)
        #expect(first.findings.map(\.message) == items[0].analysis.findings.map(\.message))
        #expect(first.sentences.map(\.confidence) == items[0].analysis.sentences.map(\.confidence))
        #expect(first.date == items[0].date)
        #expect(try batch.integrityProblems().isEmpty)
    }

    @Test func aFailingItemLeavesTheWholeBatchUnsaved() throws {
        try withTempStore { store, dir in
            // Given a database that refuses one question (a trigger stands in for a failure mid-batch)
            try store.save(try crafted(score: 50, hash: "before"), text: "x", questionKey: "q001", questionText: nil)
            let q = try DatabaseQueue(path: dir + "/progress.sqlite")
            try q.write { try $0.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON attempt WHEN NEW.questionKey = 'boom' BEGIN SELECT RAISE(ABORT, 'refused'); END") }
            try q.close()

            // When a batch's third item fails
            let items = try (0..<4).map { i in
                AttemptInput(try crafted(score: 60 + i, hash: "n\(i)"), text: "n", questionKey: i == 2 ? "boom" : "q00\(i + 2)", questionText: nil)
            }
            #expect(throws: StoreError.self) { try store.save(items) }

            // Then none of the batch is saved and the database is intact
            #expect(try store.attemptCount() == 1)
            #expect(try store.integrityProblems().isEmpty)
        }
    }
}

struct StoredValueTests {
    @Test func datesAreWrittenAsGRDBWritesThem() {
        // Whole seconds, milliseconds, sub-millisecond fractions near a boundary, before 1970,
        // leap days, and dates outside 1900-9999 (handed to GRDB)
        var dates = [0, 1_700_000_000, 1_700_000_000.123, 1_700_000_000.0005, 1_700_000_000.9995, 1_700_000_000.999_999_9,
                     -1.5, -0.0004, -86_400.001, 951_782_400, 951_868_799.999, 4_107_542_400, 253_402_300_799.999,
                     -2_208_988_800, -2_208_988_800.001, -30_000_000_000, 300_000_000_000].map { Date(timeIntervalSince1970: $0) }
        var rng = SplitMix64(seed: 11)
        for _ in 0..<20_000 {
            let seconds = Double(Int64(rng.next() % 8_000_000_000)) - 2_000_000_000
            let fraction = Double(rng.next() % 1_000_000) / 1_000_000
            dates.append(Date(timeIntervalSince1970: seconds + fraction))
            dates.append(Date(timeIntervalSinceReferenceDate: seconds + (Double(rng.next() % 1000) + 0.5) / 1000))  // on a tie
        }
        var mismatches: [String] = []
        for d in dates {
            let want = String.fromDatabaseValue(d.databaseValue)
            let got = StorageDate.text(d)
            if got != want { mismatches.append("\(d.timeIntervalSince1970): \(got ?? "nil") != \(want ?? "nil")") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(StorageDate.text(Date(timeIntervalSince1970: 1_700_000_000.25)) == "2023-11-14 22:13:20.250")
    }

    @Test func theBatchWritesTheSameValuesAndTypesAsGRDBRecords() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let text = try exampleText("filler-heavy")
        var a = try analyze(text, path: "answers/filler-heavy.md")
        // (with what starlint-disable comments would have left: a count and two unknown rules)
        a.suppressedFindings = 3
        a.directiveProblems = [DirectiveProblem(line: 2, message: "unknown rule 'fillers'"), DirectiveProblem(line: 9, message: "unknown rule 'x'")]
        let date = Date(timeIntervalSince1970: 1_700_000_000.125)
        // Given one attempt saved by the batch path and the same attempt written with GRDB records
        let batch = try AttemptStore(path: dir + "/batch.sqlite")
        try batch.save(a, text: text, questionKey: "q012", questionText: nil, source: .practice, durationMs: 42, date: date)
        let records = try DatabaseQueue(path: dir + "/records.sqlite")
        try AttemptStore.makeMigrator().migrate(records)
        try records.write { db in
            let s = a.subscores
            var attempt = AttemptRecord(
                id: nil, createdAt: date, file: a.file, text: text, contentHash: a.contentHash, questionKey: "q012", questionText: nil,
                score: a.score, structure: s.structure, specificity: s.specificity, ownership: s.ownership, clarity: s.clarity,
                concision: s.concision, sentenceCount: a.sentences.count, findingCount: a.findings.count, rubricVersion: a.rubricVersion,
                modelVersion: a.modelVersion, toolVersion: a.toolVersion, words: a.stats.words, source: "practice", durationMs: 42,
                deductionCount: a.deductions.count, suppressedFindings: 3,
                filePath: FileManager.default.currentDirectoryPath + "/answers/filler-heavy.md",
                quantifiedResult: a.quantifiedResult, quantifiedSentence: a.quantifiedResultSentence,
                paragraphs: a.stats.paragraphs, speakingSeconds: a.stats.speakingSeconds,
                bandGrade: a.band?.grade, bandFrom: a.band?.from, bandTo: a.band?.to)
            try attempt.insert(db)
            let spans = AttemptStore.sentenceSpans(a.sentences, in: text)
            for (k, x) in a.sentences.enumerated() {
                try SentenceRecord(attemptId: 1, position: k, textStart: spans[k]?.lowerBound, textEnd: spans[k]?.upperBound,
                                   label: x.label.rawValue, confidence: x.confidence, uncertain: x.uncertain, explicitLabel: x.explicitLabel,
                                   line: x.line, col: x.column, words: x.words, text: spans[k] == nil ? x.text : nil).insert(db)
            }
            for (k, f) in a.findings.enumerated() {
                try FindingRecord(attemptId: 1, position: k, rule: f.rule, severity: f.severity.rawValue, message: f.message,
                                  line: f.line, col: f.column, endLine: f.endLine, endCol: f.endColumn, suggestion: f.suggestion).insert(db)
            }
            for (k, d) in a.deductions.enumerated() {
                try DeductionRecord(attemptId: 1, position: k, rule: d.rule, dimension: d.dimension.rawValue, points: d.points,
                                    totalEffect: d.totalEffect, line: d.line, col: d.column, message: d.message).insert(db)
            }
            for (k, p) in a.directiveProblems!.enumerated() {
                try db.execute(sql: "INSERT INTO directiveProblem (attemptId, position, line, message) VALUES (1, ?, ?, ?)", arguments: [k, p.line, p.message])
            }
        }
        try records.close()

        // Then every column of every row has the same value and the same SQLite type
        let other = try DatabaseQueue(path: dir + "/batch.sqlite")
        defer { try? other.close() }
        #expect(a.deductions.count >= 2 && a.band != nil)
        for table in ["attempt", "sentence", "finding", "deduction", "directiveProblem"] {
            func dump(_ q: DatabaseQueue) throws -> [String] {
                try q.read { db in
                    let columns = try db.columns(in: table).map(\.name)
                    // sentence, finding (v4), deduction (v6) and directiveProblem (v7) are WITHOUT ROWID
                    // tables: their order is their key.
                    let order = table == "attempt" ? " ORDER BY id" : " ORDER BY attemptId, position"
                    return try Row.fetchAll(db, sql: "SELECT * FROM " + table + order).map { row in
                        columns.map { c in "\(c)=\(row[c] as DatabaseValue)" }.joined(separator: "|")
                    }
                }
            }
            let want = try dump(DatabaseQueue(path: dir + "/records.sqlite"))
            #expect(!want.isEmpty)
            #expect(try dump(other) == want, "table \(table)")
        }
    }
}

struct HistoryQueryTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func limitedHistoryGivesTheChangeFromThePreviousAttemptByDateThenId() throws {
        try withTempStore { store, _ in
            // Given q001 attempts saved out of date order, two of them at the same moment, and q002 between
            try store.save(try crafted(score: 50, hash: "1"), text: "1", questionKey: "q001", questionText: nil, date: t0)
            try store.save(try crafted(score: 70, hash: "2"), text: "2", questionKey: "q001", questionText: nil, date: t0 - 60)
            try store.save(try crafted(score: 90, hash: "3"), text: "3", questionKey: "q002", questionText: nil, date: t0 + 30)
            try store.save(try crafted(score: 60, hash: "4"), text: "4", questionKey: "q001", questionText: nil, date: t0)

            // When the last attempts are listed
            let rows = try store.history(limit: 3)

            // Then they are newest first, ties by id, each with the change from the one before it
            #expect(rows.map(\.id) == [3, 4, 1])
            #expect(rows.map(\.change) == [nil, 10, -20])
            #expect(try store.history(question: "q001", limit: 2).map(\.change) == [10, -20])
            #expect(try store.history(question: "q001", limit: 5).map(\.change) == [10, -20, nil])
            #expect(try store.history(question: "q003", limit: 5).isEmpty)
        }
    }

    @Test func limitedHistoryIsThePrefixOfTheFullHistory() throws {
        try withTempStore { store, _ in
            try VariedDatabase.make(store)
            for key in [nil] + VariedDatabase.keys {
                let full = try store.history(question: key, limit: nil)
                #expect(!full.isEmpty)
                for limit in [1, 2, 7, 30, 500] {
                    #expect(try store.history(question: key, limit: limit) == Array(full.prefix(limit)), "question \(key ?? "all"), limit \(limit)")
                }
            }
        }
    }

    /// SQLite's plan for `sql` on a varied database, one line per step.
    func plan(_ sql: String, arguments: StatementArguments = StatementArguments()) throws -> [String] {
        var plan: [String] = []
        try withTempStore { store, dir in
            try VariedDatabase.make(store)
            let q = try DatabaseQueue(path: dir + "/progress.sqlite")
            defer { try? q.close() }
            plan = try q.read { db in try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String } }
        }
        return plan
    }

    @Test func limitedHistoryUsesTheIndexesNotAScanOfEveryAttempt() throws {
        let plan = try plan("""
            SELECT a.id, a.score - (SELECT p.score FROM attempt AS p
                                    WHERE p.questionKey = a.questionKey
                                      AND p.createdAt <= a.createdAt AND (p.createdAt < a.createdAt OR p.id < a.id)
                                    ORDER BY p.createdAt DESC, p.id DESC LIMIT 1) AS change
            FROM (SELECT id FROM attempt ORDER BY createdAt DESC, id DESC LIMIT 20) AS last
            JOIN attempt AS a ON a.id = last.id
            ORDER BY a.createdAt DESC, a.id DESC
            """)
        // The last 20 ids from the date index, each previous attempt from the question index,
        // and no scan of the attempt table itself
        #expect(plan.contains("SCAN attempt USING COVERING INDEX attempt_on_createdAt"), "\(plan)")
        #expect(plan.contains { $0.hasPrefix("SEARCH p USING COVERING INDEX attempt_on_questionKey_createdAt_score (questionKey=? AND createdAt<") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN") && $0 != "SCAN last" && !$0.contains("INDEX") }, "\(plan)")
    }

    @Test func theLatestQuestionOfAFileIsOneIndexSeek() throws {
        let plan = try plan("SELECT questionKey, questionText FROM attempt WHERE filePath = ?1 ORDER BY createdAt DESC, id DESC LIMIT 1",
                            arguments: ["/answers/a.md"])
        // v11's index, sought by path and read newest first, with no sort and no scan
        #expect(plan == ["SEARCH attempt USING INDEX attempt_on_filePath_createdAt (filePath=?)"], "\(plan)")
    }
}

struct ProgressQueryTests {
    let zones = ["UTC", "Asia/Tokyo", "America/New_York"].map { TimeZone(identifier: $0)! }

    @Test func progressMatchesTheReferenceComputationOnAVariedDatabase() throws {
        try withTempStore { store, _ in
            try VariedDatabase.make(store)
            let all = try store.history()
            let latest = try #require(all.map(\.date).max())
            let nows = [latest, latest + 86_400, latest + 3 * 86_400, latest - 15 * 86_400]
            var compared = 0
            for key in [nil] + VariedDatabase.keys {
                for recent in [1, 3, 10, 40] {
                    for zone in zones {
                        for now in nows {
                            let got = try store.progress(question: key, recent: recent, now: now, timeZone: zone)
                            let want = try ReferenceProgress.progress(store, question: key, recent: recent, now: now, timeZone: zone)
                            #expect(got == want, "question \(key ?? "all"), recent \(recent), \(zone.identifier), now \(now)")
                            compared += 1
                        }
                    }
                }
            }
            #expect(compared == 8 * 4 * 3 * 4)
            // The comparison covers what it should: a long trend, a running streak, text only on older attempts
            let report = try store.progress(now: latest, timeZone: zones[0])
            #expect(report.questions.count == VariedDatabase.keys.count)
            #expect(report.questions.first { $0.questionKey == "q001" }?.trend.count == 30)
            #expect(report.questions.first { $0.questionKey == "mixed" }?.questionText == "A text set on some attempts")
            #expect(report.questions.first { $0.questionKey == "/answers/a.md" }?.questionText == nil)
            // The last attempts fall on 2023-12-23, 12-25 and 12-26 (UTC), none on 12-24: two days.
            #expect(report.streak.days == 2)
            #expect(report.streak.lastDay == "2023-12-26" && report.streak.practisedToday)
            #expect(report.overall?.frequentFindings.isEmpty == false)
        }
    }

    @Test func perQuestionQueriesReadOnlyIndexes() throws {
        try withTempStore { store, dir in
            try VariedDatabase.make(store)
            let q = try DatabaseQueue(path: dir + "/progress.sqlite")
            defer { try? q.close() }
            // The count, a question's first and last scores and its best read covering indexes
            // (no attempt row, which holds the answer text, is read)
            let statements = [
                "SELECT questionKey, COUNT(*) FROM attempt GROUP BY questionKey",
                "SELECT id, createdAt, score FROM attempt WHERE questionKey = 'q001' ORDER BY createdAt, id LIMIT 1",
                "SELECT id, createdAt, score FROM attempt WHERE questionKey = 'q001' ORDER BY createdAt DESC, id DESC LIMIT 30",
                "SELECT id, createdAt, score FROM attempt WHERE questionKey = 'q001' ORDER BY score DESC, createdAt, id LIMIT 1",
            ]
            for sql in statements {
                let plan = try q.read { db in try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String } }
                #expect(plan.count == 1 && plan[0].contains("USING COVERING INDEX"), "\(sql): \(plan)")
            }
        }
    }

    @Test func theSameJSONAsTheReference() throws {
        try withTempStore { store, _ in
            try VariedDatabase.make(store)
            let now = VariedDatabase.t0
            let got = JSONOutput.encode(try store.progress(now: now, timeZone: zones[1]))
            let want = JSONOutput.encode(try ReferenceProgress.progress(store, now: now, timeZone: zones[1]))
            #expect(got == want)
        }
    }

    @Test func smallDatabasesMatchTheReference() throws {
        try withTempStore { store, _ in
            let t0 = VariedDatabase.t0
            let utc = zones[0]
            // One attempt, then two (overall k = 1), then three at two questions
            try store.save(try crafted(score: 40, hash: "1", clarity: 10), text: "1", questionKey: "q001", questionText: nil, date: t0)
            #expect(try store.progress(now: t0, timeZone: utc) == (try ReferenceProgress.progress(store, now: t0, timeZone: utc)))
            try store.save(try crafted(score: 40, hash: "2", clarity: 90), text: "2", questionKey: "q002", questionText: "Q", date: t0 - 86_400)
            #expect(try store.progress(now: t0, timeZone: utc) == (try ReferenceProgress.progress(store, now: t0, timeZone: utc)))
            try store.save(try crafted(score: 80, hash: "3", concision: 5), text: "3", questionKey: "q002", questionText: nil, date: t0 + 1)
            let got = try store.progress(now: t0 + 86_400, timeZone: utc)
            #expect(got == (try ReferenceProgress.progress(store, now: t0 + 86_400, timeZone: utc)))
            // Hand-checked: q002 (latest t0 + 1) first; q002's text from its older attempt; best overall is #3
            #expect(got.questions.map(\.questionKey) == ["q002", "q001"])
            #expect(got.questions.first?.questionText == "Q")
            #expect(got.overall?.best.id == 3)
            #expect(got.overall?.first.id == 2)
            #expect(got.streak == Streak(days: 2, lastDay: "2023-11-14", practisedToday: false))
        }
    }
}
