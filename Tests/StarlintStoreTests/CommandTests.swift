import Foundation
import GRDB
import StarlintCore
import StarlintStore
import Testing

/// End to end: the built `starlint` binary with a temporary database.
struct CommandTests {
    let strong = exampleAnswers + "/strong.md"
    let heavy = exampleAnswers + "/filler-heavy.md"

    @Test func scoreSavesByDefaultAndSaysWhenTextIsUnchanged() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        // When an answer is scored twice, then with --no-save
        let first = try runStarlint(["score", strong, "--db", db], scratch: dir)
        let second = try runStarlint(["score", strong, "--db", db], scratch: dir)
        let skipped = try runStarlint(["score", heavy, "--db", db, "--no-save"], scratch: dir)

        // Then the first is saved under its front matter question, the second is not, nor the third
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stdout.hasSuffix("Saved as attempt #1 for \"Tell me about a time you improved a process that…\".\n"))
        #expect(second.stdout.hasSuffix("Unchanged since attempt #1 for \"Tell me about a time you improved a process that…\"; not saved again.\n"))
        #expect(skipped.status == 0)
        #expect(!skipped.stdout.contains("Saved"))
        #expect(try AttemptStore(path: db).attemptCount() == 1)
    }

    /// `--question FILE` finds the attempts of an answer file saved under its front matter's
    /// question, not only those keyed by its path.
    @Test func questionFilterTakesAnAnswerFileWithFrontMatter() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        #expect(try runStarlint(["score", strong, "--db", db], scratch: dir).status == 0)
        let byFile = try runStarlint(["history", "--db", db, "--question", strong], scratch: dir)
        #expect(byFile.status == 0)
        #expect(byFile.stdout.contains("Tell me about a time you improved a process"), "\(byFile.stdout)")
        #expect(!byFile.stdout.contains("No saved attempts"))
        let other = try runStarlint(["history", "--db", db, "--question", heavy], scratch: dir)
        #expect(other.stdout.hasPrefix("No saved attempts for question"), "\(other.stdout)")
        // The front matter's question comes before the file's own history (check --save-by
        // file keys that by its path).
        #expect(try runStarlint(["check", strong, "--db", db, "--save", "--save-by", "file", "--fail-on", "never"], scratch: dir).status == 0)
        #expect(try AttemptStore(path: db).attemptCount() == 2)
        let again = try runStarlint(["history", "--db", db, "--question", strong, "--format", "json"], scratch: dir)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["id"] as? Int } == [1], "\(again.stdout)")
        // forget takes the file the same way.
        let forget = try runStarlint(["forget", "--db", db, "--question", strong, "--yes"], scratch: dir)
        #expect(forget.status == 0, "\(forget.stderr)")
        #expect(try AttemptStore(path: db).attemptCount() == 1)
    }

    /// Over several questions, the overall changes are each question's latest attempt against
    /// its first, averaged over those practised more than once: a strong first answer to one
    /// question and a weak one to another is no slip.
    @Test func overallChangesAverageEachQuestionsOwn() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        #expect(try runStarlint(["score", strong, "--db", db, "--question", "q001"], scratch: dir).status == 0)
        #expect(try runStarlint(["score", heavy, "--db", db, "--question", "q002"], scratch: dir).status == 0)
        let p = try runStarlint(["progress", "--db", db], scratch: dir)
        var lines = p.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Overall · 2 attempts at 2 questions") == true)
        #expect(lines.dropFirst().first { $0.hasPrefix("  ") && !$0.hasPrefix("  2 attempts") && !$0.hasPrefix("  trend") && !$0.hasPrefix("  frequent") }
                == "  sub-scores: no question practised twice yet; answer one again to compare", "\(p.stdout)")
        #expect(!p.stdout.contains("slipped:"), "\(p.stdout)")
        // q002 rewritten well, then q001 answered weakly: q002 improved, q001 slipped; the
        // overall is their mean.
        #expect(try runStarlint(["score", strong, "--db", db, "--question", "q002"], scratch: dir).status == 0)
        #expect(try runStarlint(["score", exampleAnswers + "/no-result.md", "--db", db, "--question", "q001"], scratch: dir).status == 0)
        // Two unrelated answers piped in without a question share "<stdin>"'s history, but are
        // not a question practised twice: the overall mean leaves them out.
        for piped in ["Our queue was full. I sorted the tickets and wrote templates. The wait fell from three days to six hours.",
                      "I would probably ask my manager first, I think."] {
            #expect(try runStarlint(["score", "-", "--db", db], stdin: piped + "\n", scratch: dir).status == 0)
        }
        let store = try AttemptStore(path: db)
        let report = try store.progress()
        let overall = try #require(report.overall)
        #expect(overall.questionsCompared == 2)
        #expect(report.questions.contains { $0.questionKey == "<stdin>" && $0.attempts == 2 })
        let byKey = Dictionary(uniqueKeysWithValues: report.questions.map { ($0.questionKey ?? "", $0) })
        for d in StarlintCore.Dimension.allCases {
            let changes = ["q001", "q002"].map { k in (byKey[k]!.improved + byKey[k]!.slipped).first { $0.dimension == d }?.change ?? 0 }
            let mean = (overall.improved + overall.slipped).first { $0.dimension == d }?.change ?? 0
            #expect(abs(mean * 2 - changes.reduce(0, +)) <= 1, "\(d)")
        }
        // q002's filler-heavy first answer's findings are gone from its latest: said so.
        let q002 = try runStarlint(["progress", "--db", db, "--question", "q002"], scratch: dir).stdout
        #expect(q002.contains("filler in 1 (not in the latest)"), "\(q002)")
        lines = try runStarlint(["progress", "--db", db], scratch: dir).stdout.split(separator: "\n").map(String.init)
        #expect(!overall.improved.isEmpty || !overall.slipped.isEmpty)
        #expect(lines.prefix(6).contains { $0.hasSuffix("(latest against first, mean over 2 questions practised more than once)") }, "\(lines)")
        // The score moves the same way: each question's latest score against its first, the
        // two averaged (the overall first and latest answer different questions), under the trend.
        let change = try #require(overall.scoreChange)
        let firsts = ["q001", "q002"].map { byKey[$0]!.first.score }, latests = ["q001", "q002"].map { byKey[$0]!.latest.score }
        func mean(_ v: [Int]) -> Int { Int((Double(v.reduce(0, +)) / Double(v.count)).rounded()) }
        #expect(change.from == mean(firsts) && change.to == mean(latests) && change.change == change.to - change.from)
        #expect(lines[3] == "  score \(change.from) → \(change.to), \(change.change == 0 ? "±0" : change.change > 0 ? "+\(change.change)" : "\(change.change)") (latest against first, mean over 2 questions practised more than once)", "\(lines)")
        #expect(byKey.values.allSatisfy { $0.scoreChange == nil })
        // The note is said once, on the score line, not again on the sub-score lines under it.
        #expect(lines.prefix(8).filter { $0.hasPrefix("  improved:") || $0.hasPrefix("  slipped:") }.allSatisfy { !$0.contains("latest against first") }, "\(lines)")
    }

    @Test func jsonOutputStaysValidAndTheSaveNoteGoesToStderr() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let r = try runStarlint(["score", heavy, "--db", db, "--format", "json", "--question", "q012"], scratch: dir)
        #expect(r.status == 0)
        let analysis = try JSONOutput.decode(Analysis.self, from: Array(r.stdout.utf8))
        #expect(r.stderr == "Saved as attempt #1 for q012.\n")
        #expect(analysis.savedAttempt == 1)
        let saved = try AttemptStore(path: db).attempt(id: 1)
        #expect(saved.questionKey == "q012")
        #expect(saved.questionText == QuestionBank.bundled.question(id: "q012")?.text)
        #expect(saved.score == analysis.score)
        #expect(saved.text == (try exampleText("filler-heavy")))
    }

    /// A question known by its text keeps one history however its case and closing mark are
    /// written, in score and in check --save; "%" and "_" in it match only themselves.
    @Test func aQuestionTextWrittenAnotherWayJoinsItsHistory() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let first = try runStarlint(["score", strong, "--db", db, "--question", "How did you share out a rota"], scratch: dir)
        #expect(first.stdout.hasSuffix("Saved as attempt #1 for \"How did you share out a rota\".\n"), "\(first.stdout)")
        let second = try runStarlint(["score", heavy, "--db", db, "--question", "how did you share out a rota?"], scratch: dir)
        // A rewrite's line gives its score beside the last attempt's at the question, naming
        // that attempt's file when it is another answer (a second story for the question).
        let (s1, s2) = (try #require(printedScore(first.stdout)), try #require(printedScore(second.stdout)))
        #expect(s1 > s2)
        #expect(second.stdout.hasSuffix("Saved as attempt #2 for \"How did you share out a rota\" (score \(s2), down \(s1 - s2) from \(s1) at attempt #1, an answer in another file: \(strong)).\n"), "\(second.stdout)")
        try "---\nquestion: HOW DID YOU SHARE OUT A ROTA.\n---\n\(try exampleText("no-result"))".write(toFile: dir + "/c.md", atomically: false, encoding: .utf8)
        #expect(try runStarlint(["check", dir + "/c.md", "--db", db, "--save", "--fail-on", "never"], scratch: dir).status == 0)
        let other = try runStarlint(["score", heavy, "--db", db, "--question", "How did you share out a rota_%?"], scratch: dir)
        #expect(other.stdout.hasSuffix("Saved as attempt #4 for \"How did you share out a rota_%?\". This starts a new history: the text is close to the question saved as \"How did you share out a rota\"; give --question with that text to add to that one instead.\n"), "\(other.stdout)")
        // A question of 60,000 characters is looked up too (a LIKE pattern that long is an
        // error in SQLite, which failed the save).
        let long = "Tell me about " + String(repeating: "x", count: 60_000) + "?"
        let huge = try runStarlint(["score", heavy, "--db", db, "--question", long, "--format", "json"], scratch: dir)
        #expect(huge.status == 0, "\(huge.stderr)")
        #expect(try AttemptStore(path: db).attemptCount() == 5)
        try "---\nquestion: \(long)\n---\n\(try exampleText("no-result"))".write(toFile: dir + "/d.md", atomically: false, encoding: .utf8)
        #expect(try runStarlint(["check", dir + "/d.md", "--db", db, "--save", "--fail-on", "never"], scratch: dir).status == 0)
        #expect(try AttemptStore(path: db).attemptCount() == 6)
        // Two files of one batch that write a new question two ways share its history too.
        try FileManager.default.createDirectory(atPath: dir + "/batch", withIntermediateDirectories: true)
        try "---\nquestion: Why did you leave the bakery\n---\n\(try exampleText("no-result"))".write(toFile: dir + "/batch/e.md", atomically: false, encoding: .utf8)
        try "---\nquestion: why did you leave the bakery?\n---\n\(try exampleText("strong"))".write(toFile: dir + "/batch/f.md", atomically: false, encoding: .utf8)
        #expect(try runStarlint(["check", dir + "/batch", "--db", db, "--save", "--fail-on", "never"], scratch: dir).status == 0)
        #expect(Array(try AttemptStore(path: db).history(question: nil, limit: 2).map(\.questionKey)) == ["Why did you leave the bakery", "Why did you leave the bakery"])
        let store = try AttemptStore(path: db)
        #expect(Array(try store.history(question: nil, limit: nil).map(\.questionKey).dropFirst(4)) == ["How did you share out a rota_%?", "How did you share out a rota", "How did you share out a rota", "How did you share out a rota"])
    }

    /// An answer file without a question starts a history of its own: its first attempt says
    /// so (a rewrite saved as "mine-v2.md" would start another); later ones do not repeat it.
    /// A question text only close to a bank question or a saved one (a typing slip, one word
    /// changed) starts its own history, and the save line says which it is close to and how
    /// to join it; the same text again, or a text far from any, says nothing of it.
    @Test func aQuestionTextCloseToAnotherSaysSo() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let q007 = try #require(QuestionBank.bundled.question(id: "q007"))
        let typo = q007.text.replacingOccurrences(of: "priorities", with: "priorites")
        #expect(typo != q007.text)
        let slip = try runStarlint(["score", strong, "--db", db, "--question", typo], scratch: dir)
        #expect(slip.stdout.contains("This starts a new history: the text is close to q007 ("), "\(slip.stdout)")
        #expect(slip.stdout.hasSuffix("give --question q007 to add to that one instead.\n"), "\(slip.stdout)")
        let own = try runStarlint(["score", strong, "--db", db, "--question", "How did you share out a rota among your team"], scratch: dir)
        #expect(!own.stdout.contains("close to"), "\(own.stdout)")
        let near = try runStarlint(["score", heavy, "--db", db, "--question", "How did you share out the rota among your team"], scratch: dir)
        #expect(near.stdout.hasSuffix("This starts a new history: the text is close to the question saved as \"How did you share out a rota among your team\"; give --question with that text to add to that one instead.\n"), "\(near.stdout)")
        let again = try runStarlint(["score", strong, "--db", db, "--question", "How did you share out the rota among your team"], scratch: dir)
        #expect(!again.stdout.contains("close to"), "its second attempt: \(again.stdout)")
        // A bank question asked with another opener ("Tell me about" for "Give an example of").
        let q009 = try #require(QuestionBank.bundled.question(id: "q009"))
        #expect(q009.text.hasPrefix("Give an example of a time"))
        let opener = try runStarlint(["score", strong, "--db", db, "--question", q009.text.replacingOccurrences(of: "Give an example of a time", with: "Tell me about a time")], scratch: dir)
        #expect(opener.stdout.hasSuffix("give --question q009 to add to that one instead.\n"), "\(opener.stdout)")
        #expect(SavedQuestionKeys.withoutOpener("can you tell me about a time you failed") == "a time you failed")
        #expect(SavedQuestionKeys.withoutOpener("describing a time you failed") == "describing a time you failed")
    }

    /// As the save line says: a rewrite in another file given `--question` and the first
    /// file joins that file's history (its own path, or the question in its front matter),
    /// not a new question whose text is "mine-v1.md".
    @Test func questionNamingAnAnswerFileJoinsItsHistory() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite", file = dir + "/mine-v1.md"
        let body = try exampleText("no-result")
        try body.write(toFile: file, atomically: true, encoding: .utf8)
        _ = try runStarlint(["score", file, "--db", db], scratch: dir)
        try (body + "\nI asked the team first.\n").write(toFile: dir + "/mine-v2.md", atomically: true, encoding: .utf8)
        let joined = try runStarlint(["score", "mine-v2.md", "--db", db, "--question", "mine-v1.md"], scratch: dir, in: dir)
        #expect(joined.status == 0 && joined.stdout.contains("Saved as attempt #2 for \(file) (score "), "\(joined.stdout)\(joined.stderr)")
        #expect(try AttemptStore(path: db).history(question: file).map(\.id) == [2, 1])
        // A file whose front matter names a bank question: its question.
        try "---\nquestion: q012\n---\n\(body)".write(toFile: dir + "/banked.md", atomically: true, encoding: .utf8)
        let banked = try runStarlint(["score", "mine-v2.md", "--db", db, "--question", "banked.md"], scratch: dir, in: dir)
        #expect(banked.stdout.contains("Saved as attempt #3 for q012"), "\(banked.stdout)")
        // A name that is no file is a question's text, as before.
        let text = try runStarlint(["score", "mine-v2.md", "--db", db, "--question", "notes.md"], scratch: dir, in: dir)
        #expect(text.stdout.contains("Saved as attempt #4 for \"notes.md\""), "\(text.stdout)")
    }

    @Test func aFileWithoutAQuestionIsToldHowToKeepRewritesTogether() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite", file = dir + "/mine-v1.md"
        let body = try exampleText("no-result")
        try body.write(toFile: file, atomically: true, encoding: .utf8)
        let first = try runStarlint(["score", file, "--db", db], scratch: dir)
        #expect(first.stdout.hasSuffix("Saved as attempt #1 for \(file). A rewrite saved under another file name starts a new history; give it --question mine-v1.md (this file), a bank id or the question's text, or a 'question:' line in front matter to keep them together.\n"), "\(first.stdout)")
        try (body + "\nI learned to ask earlier.\n").write(toFile: file, atomically: true, encoding: .utf8)
        let second = try runStarlint(["score", file, "--db", db], scratch: dir)
        #expect(second.stdout.hasSuffix("Saved as attempt #2 for \(file) (score \(try #require(printedScore(second.stdout))), the same as at attempt #1).\n"), "\(second.stdout)")
        // With a question, no such line.
        let asked = try runStarlint(["score", dir + "/mine-v1.md", "--db", db, "--question", "q012"], scratch: dir)
        #expect(asked.stdout.hasSuffix("Saved as attempt #3 for q012.\n"), "\(asked.stdout)")
        // Scored again without one, the file stays with the question it was last saved under,
        // and the line says so; the JSON says whether this run saved it.
        try (body + "\nI learned to ask earlier, and to write it down.\n").write(toFile: file, atomically: true, encoding: .utf8)
        let again = try runStarlint(["score", file, "--db", db], scratch: dir)
        #expect(again.stdout.hasSuffix("Saved as attempt #4 for q012 (score \(try #require(printedScore(again.stdout))), the same as at attempt #3). (The question this file was last saved under; give --question ID|TEXT to file it elsewhere.)\n"), "\(again.stdout)")
        #expect(try AttemptStore(path: db).history(question: "q012").map(\.id) == [4, 3])
        // and history --question FILE finds it there, as score filed it.
        let byFile = try runStarlint(["history", "--db", db, "--question", file, "--format", "csv"], scratch: dir)
        #expect(byFile.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] } == ["4", "3"], "\(byFile.stdout)")
        let json = try runStarlint(["score", file, "--db", db, "--format", "json"], scratch: dir)
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(doc?["savedAttempt"] as? Int == 4 && doc?["savedAsNew"] as? Bool == false, "\(json.stdout.prefix(300))")
        #expect(json.stderr == "Unchanged since attempt #4 for q012; not saved again.\n")
        try (body + "\nOne more line.\n").write(toFile: file, atomically: true, encoding: .utf8)
        let fresh = try JSONSerialization.jsonObject(with: Data(try runStarlint(["score", file, "--db", db, "--format", "json"], scratch: dir).stdout.utf8)) as? [String: Any]
        #expect(fresh?["savedAttempt"] as? Int == 5 && fresh?["savedAsNew"] as? Bool == true)
        // A front-matter key in another case names the question too.
        try "---\nQuestion: q013\n---\n\(body)".write(toFile: dir + "/upper.md", atomically: true, encoding: .utf8)
        let upper = try runStarlint(["score", dir + "/upper.md", "--db", db], scratch: dir)
        #expect(upper.stdout.hasSuffix("Saved as attempt #6 for q013.\n"), "\(upper.stdout)")
        // A file since deleted is still found by the path it was saved from.
        try FileManager.default.removeItem(atPath: file)
        let gone = try runStarlint(["history", "--db", db, "--question", file, "--format", "csv"], scratch: dir)
        #expect(gone.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] } == ["5", "4", "3"], "\(gone.stdout)")
    }

    /// A file scored again without its question is graded against the question it was last
    /// saved under, not only filed there: a plan answering "what would you do" is what it asks
    /// for, and the report and its JSON name the question. `--no-save` reads no database, so
    /// it grades by what the file says, as `check` does.
    @Test func aFileScoredAgainWithoutItsQuestionIsGradedByIt() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite", file = dir + "/plan.md"
        let question = "What would you do if a client shouted at you?"
        try """
            I would first listen to the client and let them finish. Then I would ask what outcome they need and write it down.
            I would check the facts with my team before promising anything. After that I would call them back within a day with a plan.
            """.write(toFile: file, atomically: true, encoding: .utf8)
        func json(_ args: [String]) throws -> [String: Any] {
            let r = try runStarlint(["score", file, "--db", db, "--format", "json"] + args, scratch: dir)
            #expect(r.status == 0, "\(r.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        }
        func hypothetical(_ doc: [String: Any]) -> String? {
            (doc["findings"] as? [[String: Any]])?.first { $0["rule"] as? String == "hypothetical" }?["severity"] as? String
        }
        let asked = try json(["--question", question])
        #expect(asked["question"] as? String == question && hypothetical(asked) == "info")
        // Unsaved, the file names no question: the plan is a warning, as for any question.
        let unsaved = try json(["--no-save"])
        #expect(unsaved["question"] == nil && hypothetical(unsaved) == "warning")
        // Saved, it is graded by the question it is filed under: the same score as with it.
        try (try String(contentsOfFile: file, encoding: .utf8) + "\nI would then follow up a week later.\n").write(toFile: file, atomically: true, encoding: .utf8)
        let again = try json([])
        #expect(again["question"] as? String == question && hypothetical(again) == "info", "\(again["findings"] ?? "")")
        #expect(again["savedAsNew"] as? Bool == true)
        #expect(again["score"] as? Int == (try json(["--question", question, "--no-save"]))["score"] as? Int)
        let text = try runStarlint(["score", file, "--db", db], scratch: dir)
        #expect(text.stdout.hasPrefix("\(file)  \(question)\n"), "\(text.stdout.prefix(200))")
        // A copy of the file, scored with the question, is saved although its text is the
        // latest attempt's: rewritten and scored without the question, it keeps it.
        let copy = dir + "/plan-copy.md"
        try FileManager.default.copyItem(atPath: file, toPath: copy)
        let copied = try runStarlint(["score", copy, "--db", db, "--question", question], scratch: dir)
        #expect(copied.stdout.contains("Saved as attempt #"), "\(copied.stdout)")
        try (try String(contentsOfFile: copy, encoding: .utf8) + "I would write it up afterwards.\n").write(toFile: copy, atomically: true, encoding: .utf8)
        let rewritten = try runStarlint(["score", copy, "--db", db, "--format", "json"], scratch: dir)
        #expect((try JSONSerialization.jsonObject(with: Data(rewritten.stdout.utf8)) as? [String: Any])?["question"] as? String == question, "\(rewritten.stderr)")
        // A bank id in front matter is named as the bank writes it, whatever its case.
        try "---\nquestion: Q004\n---\nI fixed the rota.\n".write(toFile: dir + "/upper.md", atomically: true, encoding: .utf8)
        let upper = try runStarlint(["score", dir + "/upper.md", "--no-save", "--format", "json"], scratch: dir)
        #expect((try JSONSerialization.jsonObject(with: Data(upper.stdout.utf8)) as? [String: Any])?["question"] as? String == "q004")
    }

    /// history's question column takes the width of the terminal (COLUMNS, or the terminal's
    /// own), 20 characters at least, and 60 when the width is not known (a pipe).
    @Test func historyQuestionsUseTheTerminalsWidth() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let question = "Tell me about a time you had to win over a sceptical stakeholder who had already decided against your proposal before the meeting began"
        #expect(try runStarlint(["score", strong, "--db", db, "--question", question], scratch: dir).status == 0)
        func row(_ env: [String: String]) throws -> String {
            String(try runStarlint(["history", "--db", db, "--no-color"], env: env, scratch: dir).stdout.split(separator: "\n")[1])
        }
        let wide = try row(["COLUMNS": "220"]), narrow = try row(["COLUMNS": ""]), small = try row(["COLUMNS": "80"])
        #expect(wide.hasSuffix("  " + question) && wide.count < 220, "\(wide)")
        #expect(narrow.hasSuffix(String(question.prefix(59)).trimmingCharacters(in: .whitespaces) + "…"), "\(narrow)")
        #expect(small.count < narrow.count && small.hasSuffix("…"), "\(small)")
        #expect(try row(["COLUMNS": "40"]).hasSuffix("  " + String(question.prefix(19)).trimmingCharacters(in: .whitespaces) + "…"))
    }

    @Test func standardInputAndUnknownQuestionIds() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let r = try runStarlint(["score", "-", "--db", db, "--question", "Why do you want this job?"], stdin: try exampleText("no-result"), scratch: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(try AttemptStore(path: db).history().first?.questionKey == "Why do you want this job?")
        #expect(r.stdout.hasSuffix("Saved as attempt #1 for \"Why do you want this job?\".\n"), "\(r.stdout)")
        // Without --question, answers piped in share one history, and the line says so.
        let piped = try runStarlint(["score", "-", "--db", db], stdin: try exampleText("no-result"), scratch: dir)
        #expect(piped.stdout.hasSuffix("Saved as attempt #2 for <stdin>. Give --question ID|TEXT to keep answers to different questions apart.\n"), "\(piped.stdout)")
        let bad = try runStarlint(["score", strong, "--db", db, "--question", "q999"], scratch: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown question id 'q999'; see"))
        let short = try runStarlint(["score", strong, "--db", db, "--question", "q5"], scratch: dir)
        #expect(short.status == 2 && short.stderr.contains("unknown question id 'q5'; did you mean q005?"), "\(short.stderr)")
        // history and progress say the same, not "no saved attempts".
        for command in ["history", "progress"] {
            let r = try runStarlint([command, "--db", db, "--question", "q999"], scratch: dir)
            #expect(r.status == 2)
            #expect(r.stderr.contains("unknown question id 'q999'; see 'starlint questions' for the ids"), "\(r.stderr)")
        }
        // An empty --question is refused, not filed as a question with no text.
        for command in [["score", strong, "--db", db], ["history", "--db", db], ["progress", "--db", db], ["forget", "--db", db, "--yes"]] {
            for empty in ["", "   "] {
                let r = try runStarlint(command + ["--question", empty], scratch: dir)
                #expect(r.status == 2, "\(command)")
                #expect(r.stderr.contains("--question is empty"), "\(command): \(r.stderr)")
            }
        }
        #expect(try AttemptStore(path: db).history().count == 2)
    }

    /// A front-matter question that looks like a bank id but is none is graded and saved (the
    /// file is the candidate's own), under that text, with a warning; `check --save` says it
    /// once for the batch. A real id gets no warning.
    @Test func anUnknownIdInTheFrontMatterIsWarnedAbout() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let body = try exampleText("no-result")
        try ("---\nquestion: q999\n---\n" + body).write(toFile: dir + "/typo.md", atomically: true, encoding: .utf8)
        try ("---\nquestion: q004\n---\n" + body).write(toFile: dir + "/real.md", atomically: true, encoding: .utf8)
        let r = try runStarlint(["score", dir + "/typo.md", "--db", db], scratch: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("starlint: warning: \(dir)/typo.md: 'question: q999' in the front matter is no bank question id, so it is taken as the question's text"), "\(r.stderr)")
        #expect(try AttemptStore(path: db).history().first?.questionKey == "q999")
        let real = try runStarlint(["score", dir + "/real.md", "--db", db], scratch: dir)
        #expect(real.status == 0 && !real.stderr.contains("warning"), "\(real.stderr)")
        // --question wins: no warning about the id it replaces, but one that it replaces it
        // (a slip of the flag would file the attempt under another question quietly) ...
        let named = try runStarlint(["score", dir + "/typo.md", "--db", db, "--question", "q004", "--no-save"], scratch: dir)
        #expect(named.stderr == "starlint: warning: \(dir)/typo.md: --question q004 is used, not the front matter's 'question: q999'\n", "\(named.stderr)")
        // ... and none when both name the same question, by id or by text.
        let same = try runStarlint(["score", dir + "/real.md", "--db", db, "--question", "Q004", "--no-save"], scratch: dir)
        #expect(same.status == 0 && !same.stderr.contains("warning"), "\(same.stderr)")
        let sameText = try runStarlint(["score", dir + "/real.md", "--db", db, "--question", QuestionBank.bundled.question(id: "q004")!.text, "--no-save"], scratch: dir)
        #expect(sameText.status == 0 && !sameText.stderr.contains("warning"), "\(sameText.stderr)")
        // nor when the texts differ only as saving ignores ("a rota?" and "A rota", curly quotes)
        try ("---\nquestion: Tell me about a client's rota\n---\n" + body).write(toFile: dir + "/own.md", atomically: true, encoding: .utf8)
        let loose = try runStarlint(["score", dir + "/own.md", "--db", db, "--question", "tell me about a client’s rota?", "--no-save"], scratch: dir)
        #expect(loose.status == 0 && !loose.stderr.contains("warning"), "\(loose.stderr)")
        let batch = try runStarlint(["check", dir + "/typo.md", dir + "/real.md", "--save", "--db", dir + "/b.sqlite", "--no-config", "--fail-on", "never"], scratch: dir)
        #expect(batch.stderr.contains("starlint: warning: no bank question has the id in the front matter of \(dir)/typo.md; saved under it"), "\(batch.stderr)")
        #expect(!batch.stderr.contains("real.md;"), "\(batch.stderr)")
    }

    @Test func dbFlagWinsOverTheEnvironmentWhichWinsOverXDG() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let flag = dir + "/flag.sqlite", env = dir + "/env.sqlite"
        // When both --db and STARLINT_DB are given, the flag is used
        let r1 = try runStarlint(["score", strong, "--db", flag], env: ["STARLINT_DB": env], scratch: dir)
        #expect(r1.status == 0)
        #expect(FileManager.default.fileExists(atPath: flag))
        #expect(!FileManager.default.fileExists(atPath: env))
        // When only STARLINT_DB is given, it is used
        _ = try runStarlint(["score", strong], env: ["STARLINT_DB": env], scratch: dir)
        #expect(FileManager.default.fileExists(atPath: env))
        // When neither is given, XDG_DATA_HOME (set to the scratch folder by the runner) is used
        _ = try runStarlint(["score", strong], scratch: dir)
        #expect(FileManager.default.fileExists(atPath: dir + "/home/.local/share/starlint/starlint.sqlite"))
        #expect(mode(dir + "/home/.local/share/starlint") == 0o700)
        // Set but empty (an undefined CI secret), it is an error, not the home folder's database.
        try FileManager.default.removeItem(atPath: dir + "/home/.local/share/starlint/starlint.sqlite")
        for args in [["score", strong], ["check", strong, "--no-config", "--save"], ["history"]] {
            let empty = try runStarlint(args, env: ["STARLINT_DB": ""], scratch: dir)
            #expect(empty.status == 2 && empty.stderr.hasSuffix("starlint: error: STARLINT_DB is set but empty; give it a file path, or unset it to use the default database\n"), "\(args): \(empty.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/home/.local/share/starlint/starlint.sqlite"))
        // With --db it is not read.
        #expect(try runStarlint(["score", strong, "--db", flag], env: ["STARLINT_DB": ""], scratch: dir).status == 0)
    }

    /// A database the user names in a folder that does not exist yet is made with its folder,
    /// and stderr says so, so a mistyped path is not silent; `check` reads `--db` only to save.
    @Test func aNamedDatabaseInANewFolderIsSaidOnStderr() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let fresh = dir + "/new-folder/p.sqlite"
        let flag = try runStarlint(["score", strong, "--db", fresh], scratch: dir)
        #expect(flag.status == 0)
        #expect(flag.stderr == "starlint: note: made the folder \(dir)/new-folder for a new progress database \(fresh)\n", "\(flag.stderr)")
        #expect(mode(dir + "/new-folder") == 0o700)
        // Once it is there, nothing more is said of it (the one line is --question over the
        // file's own question).
        let again = try runStarlint(["score", strong, "--db", fresh, "--question", "q012"], scratch: dir)
        #expect(again.status == 0 && again.stderr == "starlint: warning: \(strong): --question q012 is used, not the front matter's 'question: Tell me about a time you improved a process that was slowing your team down.'\n", "\(again.stderr)")
        let env = try runStarlint(["check", strong, "--no-config", "--save"], env: ["STARLINT_DB": dir + "/other/p.sqlite"], scratch: dir)
        #expect(env.status == 0 && env.stderr.hasPrefix("starlint: note: made the folder \(dir)/other for a new progress database"), "\(env.stderr)")
        // The default place under a HOME that is not there is made too, and said.
        let gone = dir + "/gone-home"
        let home = try runStarlint(["score", strong], env: ["HOME": gone, "XDG_DATA_HOME": ""], scratch: dir)
        #expect(home.status == 0 && home.stderr == "starlint: note: made the folder \(gone)/.local/share/starlint for a new progress database \(gone)/.local/share/starlint/starlint.sqlite\n", "\(home.stderr)")
        // practice --keep onto a link to nothing is refused before the answer is taken.
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.md", withDestinationPath: dir + "/no-such/answer.md")
        let keep = try runStarlint(["practice", "--db", fresh, "--keep", dir + "/dangling.md"], stdin: try exampleText("strong"), scratch: dir)
        #expect(keep.status == 2)
        #expect(keep.stderr.contains("--keep: '\(dir)/dangling.md' is a link to a file that is not there; choose a new file name"), "\(keep.stderr)")
        // check reads --db only to save: without --save it is a usage error, not ignored.
        let unsaved = try runStarlint(["check", strong, "--no-config", "--db", dir + "/p.sqlite"], scratch: dir)
        #expect(unsaved.status == 2 && unsaved.stderr.contains("--db applies only with --save"), "\(unsaved.stderr)")
    }

    @Test func historyInTextJsonAndCsv() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let first = try runStarlint(["score", heavy, "--db", db, "--question", "q012"], scratch: dir)
        _ = try runStarlint(["score", strong, "--db", db, "--question", "q012"], scratch: dir)
        // The report names the question the attempt is saved under, with a bank id's text.
        let q012 = try #require(QuestionBank.bundled.question(id: "q012"))
        #expect(first.stdout.split(separator: "\n").first?.hasSuffix("  q012 \(q012.text)") == true, "\(first.stdout)")

        let text = try runStarlint(["history", "--db", db], scratch: dir)
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("   ID  Date"))
        #expect(lines[1].hasPrefix("    2  "))
        #expect(lines[2].contains("new"))

        let json = try runStarlint(["history", "--db", db, "--format", "json", "--limit", "1"], scratch: dir)
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 1)
        #expect(rows?.first?["id"] as? Int == 2)
        #expect(rows?.first?["change"] is Int)
        #expect((rows?.first?["date"] as? String)?.hasSuffix("Z") == true)
        // Every row has every key: a question's first attempt has a null change, not none.
        let all = try runStarlint(["history", "--db", db, "--format", "json"], scratch: dir)
        let both = try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]]
        #expect(both?.count == 2 && both?.last?["change"] is NSNull)

        let csv = try runStarlint(["history", "--db", db, "--format", "csv", "--question", "q012"], scratch: dir)
        let csvLines = csv.stdout.split(separator: "\n")
        #expect(csvLines.first == "id,date,question_key,question_text,score,change,structure,specificity,ownership,clarity,concision,words,source,file,band")
        #expect(csvLines.count == 3)
        #expect(csvLines[1].hasPrefix("2,"))
        // A question that would run as a spreadsheet formula, or holds an escape sequence, is
        // written inert.
        #expect(try runStarlint(["score", heavy, "--db", db, "--question", "=HYPERLINK(\"http://x\",\"y\") \u{1b}[2J"], scratch: dir).status == 0)
        let odd = try runStarlint(["history", "--db", db, "--format", "csv", "--limit", "1"], scratch: dir)
        #expect(!odd.stdout.contains("\u{1b}"))
        #expect(odd.stdout.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\") \\u{1b}[2J\","), "\(odd.stdout)")

        let none = try runStarlint(["history", "--db", dir + "/missing.sqlite"], scratch: dir)
        #expect(none.status == 0)
        #expect(none.stdout.hasPrefix("No attempts saved yet (no database at \(dir)/missing.sqlite)."), "\(none.stdout)")
        // A database with no attempts in it says so without naming a missing file.
        _ = try AttemptStore(path: dir + "/empty.sqlite")
        let empty = try runStarlint(["progress", "--db", dir + "/empty.sqlite"], scratch: dir)
        #expect(empty.stdout.hasPrefix("No attempts saved yet. "), "\(empty.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/missing.sqlite"))
    }

    @Test func aTrendOfTheLastThirtySaysSo() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        do {
            let store = try AttemptStore(path: db)
            for k in 0..<32 {
                _ = try store.save(try crafted(score: k == 0 ? 40 : 60 + k, hash: "\(k)"), text: "attempt \(k)", questionKey: "q006", questionText: nil)
            }
        }
        let r = try runStarlint(["progress", "--db", db, "--question", "q006"], scratch: dir)
        #expect(r.stdout.contains("32 attempts · first 40 (#1,"), "\(r.stdout)")
        // The bars start at the trend's floor, and say so.
        #expect(r.stdout.contains(" 62 → 91 (last 30 attempts)  (bars from 60 to 100)\n"), "\(r.stdout)")
        // With 30 or fewer, the trend starts at the first attempt and needs no note.
        let few = dir + "/few.sqlite"
        do {
            let store = try AttemptStore(path: few)
            for k in 0..<3 { _ = try store.save(try crafted(score: 50 + k, hash: "\(k)"), text: "attempt \(k)", questionKey: "q006", questionText: nil) }
        }
        let f = try runStarlint(["progress", "--db", few], scratch: dir)
        #expect(f.stdout.contains(" 50 → 52  (bars from 50 to 100)\n"), "\(f.stdout)")
    }

    /// progress --format json writes every key, an absent value as null, with or without
    /// attempts (as history's JSON does), so a script need not test for missing keys.
    @Test func progressJSONKeepsItsKeys() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        func keys(_ args: [String]) throws -> [String: Any] {
            let r = try runStarlint(["progress", "--db", db, "--format", "json"] + args, scratch: dir)
            return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        }
        let empty = try keys([])
        #expect(empty["overall"] is NSNull)
        #expect((empty["streak"] as? [String: Any])?["lastDay"] is NSNull)
        _ = try runStarlint(["score", strong, "--db", db, "--question", "q012"], scratch: dir)
        let one = try keys([])
        let overall = try #require(one["overall"] as? [String: Any])
        #expect(overall["questionKey"] is NSNull && overall["questionsCompared"] is NSNull)
        let line = try #require((one["questions"] as? [[String: Any]])?.first)
        #expect(Set(line.keys) == Set(overall.keys) && line["questionKey"] as? String == "q012")
        #expect((one["streak"] as? [String: Any])?["lastDay"] is String)
    }

    /// history's id column widens to the largest id, so a six-digit id keeps its row aligned.
    @Test func historyColumnsStayAlignedPastFiveDigitIds() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        _ = try runStarlint(["score", heavy, "--db", db, "--question", "q012"], scratch: dir)
        try DatabaseQueue(path: db).write { try $0.execute(sql: "UPDATE sqlite_sequence SET seq = 123455 WHERE name = 'attempt'") }
        _ = try runStarlint(["score", strong, "--db", db, "--question", "q012"], scratch: dir)
        let h = try runStarlint(["history", "--db", db], scratch: dir)
        let lines = h.stdout.split(separator: "\n")
        #expect(lines.count == 3 && lines[1].hasPrefix("123456  ") && lines[2].hasPrefix("     1  "), "\(h.stdout)")
        // Every row's date starts where the header's does.
        let at = lines[0].range(of: "Date")!.lowerBound.utf16Offset(in: lines[0])
        #expect(lines.dropFirst().allSatisfy { $0.dropFirst(at).first?.isNumber == true && $0.dropFirst(at - 2).hasPrefix("  ") }, "\(h.stdout)")
    }

    @Test func progressShowAndDiff() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        _ = try runStarlint(["score", heavy, "--db", db, "--question", "q012"], scratch: dir)
        _ = try runStarlint(["score", strong, "--db", db, "--question", "q012"], scratch: dir)

        let progress = try runStarlint(["progress", "--db", db], scratch: dir)
        #expect(progress.status == 0)
        #expect(progress.stdout.contains("2 attempts · first"))
        #expect(progress.stdout.contains("trend "))
        // A question tried once says its one score once, not as first, latest and best.
        _ = try runStarlint(["score", strong, "--db", db + "-once", "--question", "q013"], scratch: dir)
        let once = try runStarlint(["progress", "--db", db + "-once"], scratch: dir)
        #expect(once.stdout.contains("  1 attempt · 100 (#1, ") && !once.stdout.contains("latest"), "\(once.stdout)")
        #expect(progress.stdout.contains("improved: "))
        #expect(progress.stdout.contains("Practice streak: 1 day, including today"))
        let pj = try runStarlint(["progress", "--db", db, "--format", "json", "--question", "q012"], scratch: dir)
        let report = try JSONDecoder().decode(ProgressReport.self, from: Data(pj.stdout.utf8))
        #expect(report.questions.map(\.questionKey) == ["q012"])
        #expect(report.streak.days == 1)

        let show = try runStarlint(["show", "1", "--db", db], scratch: dir)
        #expect(show.stdout.hasPrefix("Attempt #1 · "))
        #expect(show.stdout.split(separator: "\n").first?.hasSuffix(" · saved by score") == true, "\(show.stdout.prefix(80))")
        #expect(show.stdout.contains("\nSentences:\n"))
        #expect(show.stdout.contains(" · model-") && !show.stdout.contains("model model-"))
        // Sentence positions padded to one width ("9:1" and "15:1" in the strong example):
        // every sentence's text starts in one column.
        let show2 = try runStarlint(["show", "2", "--db", db], scratch: dir)
        let rows = show2.stdout.components(separatedBy: "\nSentences:\n")[1].components(separatedBy: "\n\n")[0].split(separator: "\n")
        let positions = rows.map { String($0.dropFirst(5).prefix { $0 != " " }) }
        #expect(Set(positions.map(\.count)).count > 1)
        #expect(Set(zip(rows, positions).map { row, p in 5 + p.count + row.dropFirst(5 + p.count).prefix { $0 == " " }.count }).count == 1)
        #expect(show.stdout.contains("filler 'basically'"))
        // The score's deductions, as score printed them (--no-color: no ANSI dims to strip).
        let scored = try runStarlint(["score", heavy, "--no-save", "--no-color"], scratch: dir)
        let deductionLines = scored.stdout.split(separator: "\n").filter { $0.hasPrefix("  -") || $0.contains("take no points") }
        #expect(deductionLines.count >= 2)
        let showLines = show.stdout.split(separator: "\n")
        #expect(deductionLines.allSatisfy { showLines.contains($0) }, "\(show.stdout)")
        #expect(!show.stdout.contains("not recorded"))
        let sj = try runStarlint(["show", "2", "--db", db, "--format", "json"], scratch: dir)
        let stored = try JSONDecoder().decode(StoredAttempt.self, from: Data(sj.stdout.utf8))
        #expect(stored.id == 2)
        #expect(stored.text == (try exampleText("strong")))
        #expect(stored.deductionsRecorded)
        let analysed = try analyze(try exampleText("strong"), path: strong)
        #expect(stored.deductions == analysed.deductions)
        // Schema v10: the quantified result and the answer's figures, as score gave them.
        #expect(stored.quantifiedResult == analysed.quantifiedResult && stored.quantifiedResultSentence == analysed.quantifiedResultSentence)
        #expect(stored.quantifiedResult == true && stored.stats == analysed.stats, "\(String(describing: stored.stats)) vs \(analysed.stats)")

        let diff = try runStarlint(["diff", "1", "2", "--db", db], scratch: dir)
        #expect(diff.stdout.hasPrefix("Attempt #1 → #2"))
        #expect(diff.stdout.contains("  - filler: filler 'basically'"))
        let dj = try runStarlint(["diff", "1", "2", "--db", db, "--format", "json"], scratch: dir)
        let d = try JSONDecoder().decode(AttemptDiff.self, from: Data(dj.stdout.utf8))
        #expect(d.scoreChange == stored.score - (try AttemptStore(path: db).attempt(id: 1).score))
        // The JSON names both questions and the order, as the text does.
        #expect(d.fromQuestionKey == "q012" && d.toQuestionKey == "q012" && d.toQuestionText == QuestionBank.bundled.question(id: "q012")?.text)
        #expect(!d.reversed)
        let back = try JSONDecoder().decode(AttemptDiff.self, from: Data(try runStarlint(["diff", "2", "1", "--db", db, "--format", "json"], scratch: dir).stdout.utf8))
        #expect(back.reversed && back.from == 2)
        // The streak of one question is labelled as such.
        #expect(try runStarlint(["progress", "--db", db, "--question", "q012"], scratch: dir).stdout.contains("Practice streak at this question: 1 day, including today"))
        // The answer ends show's output with its last line, not an indented blank one.
        #expect(show.stdout.hasSuffix("\n  " + (try exampleText("filler-heavy")).split(separator: "\n").last! + "\n"), "\(show.stdout.suffix(200))")
        #expect(!show.stdout.contains("\n  \n"))

        // A rewrite that is still too short, but longer: the length finding is listed as changed.
        let short = dir + "/short.md"
        try "Situation: our queue was full. Action: I sorted the tickets by product. Result: waits fell from 3 days to 1.\n".write(toFile: short, atomically: true, encoding: .utf8)
        _ = try runStarlint(["score", short, "--db", db, "--question", "q013"], scratch: dir)
        try "Situation: our support queue was full before the holidays. Action: I sorted the tickets by product and wrote five reply templates. Result: waits fell from 3 days to 1.\n".write(toFile: short, atomically: true, encoding: .utf8)
        _ = try runStarlint(["score", short, "--db", db, "--question", "q013"], scratch: dir)
        let grew = try runStarlint(["diff", "3", "4", "--db", db], scratch: dir)
        #expect(grew.stdout.contains("Changed findings (1):\n  ~ length: answer is too short: 17 words"), "\(grew.stdout)")
        #expect(grew.stdout.contains(" → answer is too short: 26 words"), "\(grew.stdout)")
        // A heading with nothing under it says "none"
        #expect(grew.stdout.contains("\nFixed findings: none\nNew findings: none\nChanged findings (1):\n"), "\(grew.stdout)")
        // No change is written "±0" in history and diff, as score --watch writes it.
        try (try String(contentsOfFile: short, encoding: .utf8) + "\n").write(toFile: short, atomically: true, encoding: .utf8)
        _ = try runStarlint(["score", short, "--db", db, "--question", "q013"], scratch: dir)
        let same = try AttemptStore(path: db).attempt(id: 5).score
        #expect(same == (try AttemptStore(path: db).attempt(id: 4).score))
        #expect(try runStarlint(["diff", "4", "5", "--db", db], scratch: dir).stdout.contains("\nScore: \(same) → \(same) (±0)\n"))
        let historyRow = try runStarlint(["history", "--db", db, "--question", "q013", "--no-color"], scratch: dir).stdout.split(separator: "\n").first { $0.hasPrefix("5 ") || $0.hasPrefix("#5") || $0.contains(" 5 ") }
        #expect(historyRow?.contains("  ±0  ") == true, "\(String(describing: historyRow))")
        // and two questions are named as history names them, bank ids with their text.
        let across = try runStarlint(["diff", "2", "3", "--db", db, "--no-color"], scratch: dir)
        #expect(across.stdout.contains("\n  note: different questions: q012 Give an example of when you stepped forward… and q013 Tell me about "), "\(across.stdout)")
        // With no sentence in common, there are no labels to compare: said so, not "none".
        #expect(across.stdout.hasSuffix("Sentences relabelled: no sentence is in both attempts word for word, so none to compare\n"), "\(across.stdout)")
        #expect(grew.stdout.hasSuffix("Sentences relabelled: none\n"), "\(grew.stdout)")

        // An uncertain label shows its confidence, as in `score` (a rubric that marks every
        // sentence uncertain).
        let lex = dir + "/lex"
        try FileManager.default.createDirectory(atPath: lex, withIntermediateDirectories: true)
        let rubric = try String(contentsOfFile: packageRoot + "/Lexicons/rubric.txt", encoding: .utf8)
        // The key's line rewritten whatever its value, so the test does not follow each recalibration.
        let unsureRubric = rubric.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("confidence.uncertain =") ? "confidence.uncertain = 1.01" : String($0) }.joined(separator: "\n")
        #expect(unsureRubric != rubric, "rubric.txt has no confidence.uncertain line")
        try unsureRubric.write(toFile: lex + "/rubric.txt", atomically: true, encoding: .utf8)
        let unsure = try runStarlint(["score", strong, "--db", db, "--question", "q020", "--lexicons", lex, "--no-color"], scratch: dir)
        let unsureLine = try #require(unsure.stdout.split(separator: "\n").first { $0.hasPrefix("  S? ") })
        let shown = try runStarlint(["show", "6", "--db", db, "--no-color"], scratch: dir)
        let confidence = try #require(unsureLine.range(of: " (situation? ")).lowerBound
        #expect(shown.stdout.contains(String(unsureLine[confidence...])), "\(shown.stdout)")

        let missing = try runStarlint(["show", "9", "--db", db], scratch: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr == "starlint: error: \(db): no attempt with id 9 (see 'starlint history')\n")
    }

    /// `show` without an id is the newest attempt; `diff` with one id compares it with the
    /// attempt before it at its question, and without ids does so for the newest.
    @Test func showAndDiffDefaultToTheNewestAttempt() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        // Nothing saved yet
        let none = try runStarlint(["show", "--db", db], scratch: dir)
        #expect(none.status == 2)
        #expect(none.stderr.hasPrefix("starlint: error: no attempts saved yet"), "\(none.stderr)")
        #expect(try runStarlint(["diff", "--db", db], scratch: dir).status == 2)
        // Given attempts #1 and #3 at one question and #2 at another
        _ = try runStarlint(["score", heavy, "--db", db, "--question", "q012"], scratch: dir)
        _ = try runStarlint(["score", strong, "--db", db, "--question", "q013"], scratch: dir)
        _ = try runStarlint(["score", strong, "--db", db, "--question", "q012"], scratch: dir)

        let show = try runStarlint(["show", "--db", db], scratch: dir)
        #expect(show.status == 0)
        #expect(show.stdout.hasPrefix("Attempt #3 · "), "\(show.stdout)")
        // An id may be written as the save line prints it, "#3"; a word is no id.
        #expect(try runStarlint(["show", "#3", "--db", db], scratch: dir).stdout == show.stdout)
        #expect(try runStarlint(["diff", "#1", "#3", "--db", db], scratch: dir).stdout == (try runStarlint(["diff", "1", "3", "--db", db], scratch: dir).stdout))
        let word = try runStarlint(["show", "latest", "--db", db], scratch: dir)
        #expect(word.status == 2 && word.stderr.contains("'latest' is not an attempt id; give the number 'starlint history' shows, such as 12 or #12"), "\(word.stderr)")
        for args in [["diff"], ["diff", "3"]] {
            let d = try runStarlint(args + ["--db", db], scratch: dir)
            #expect(d.status == 0)
            #expect(d.stdout.hasPrefix("Attempt #1 → #3"), "\(args): \(d.stdout)")
        }
        #expect(try runStarlint(["diff", "2", "3", "--db", db], scratch: dir).stdout.hasPrefix("Attempt #2 → #3"))
        #expect(!(try runStarlint(["diff", "1", "3", "--db", db], scratch: dir).stdout.contains("compared in the order given")))
        // Ids the other way round are compared as given, with a note; one id twice is an error
        let backwards = try runStarlint(["diff", "3", "1", "--db", db], scratch: dir)
        #expect(backwards.status == 0)
        #expect(backwards.stdout.contains("\n  note: #3 was saved after #1; compared in the order given\n"), "\(backwards.stdout)")
        let same = try runStarlint(["diff", "3", "3", "--db", db], scratch: dir)
        #expect(same.status == 2)
        #expect(same.stderr == "starlint: error: attempt #3 compared with itself: give two different ids (see 'starlint history')\n")
        // A question's first attempt has nothing before it
        let first = try runStarlint(["diff", "2", "--db", db], scratch: dir)
        #expect(first.status == 2)
        #expect(first.stderr == "starlint: error: attempt #2 is the first at its question: nothing to compare it with (see 'starlint history')\n")
        let unknown = try runStarlint(["diff", "9", "--db", db], scratch: dir)
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "starlint: error: \(db): no attempt with id 9 (see 'starlint history')\n")
        // A mistyped --db is named, as history names it
        let typo = try runStarlint(["show", "--db", dir + "/typo.sqlite"], scratch: dir)
        #expect(typo.status == 2)
        #expect(typo.stderr.hasPrefix("starlint: error: no attempts saved yet (no database at \(dir)/typo.sqlite)"), "\(typo.stderr)")
    }

    /// Attempts saved by one `check --save` share their time: the one before an attempt is
    /// then the lower id, as `history` orders them, and the newest is the highest.
    @Test func diffOrdersAttemptsSavedAtTheSameTimeByID() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let body = try exampleText("strong")
        for (k, word) in ["regression", "test", "release", "build"].enumerated() {
            try ("---\nquestion: q012\n---\n" + body.replacingOccurrences(of: "regression", with: word)).write(toFile: "\(dir)/a\(k).md", atomically: true, encoding: .utf8)
        }
        let saved = try runStarlint(["check", "\(dir)/a0.md", "\(dir)/a1.md", "\(dir)/a2.md", "\(dir)/a3.md", "--no-config", "--fail-on", "never", "--save", "--db", db], scratch: dir)
        #expect(saved.status == 0, "\(saved.stderr)")
        let dates = try AttemptStore(path: db).history().map(\.date)
        #expect(dates.count == 4 && Set(dates).count == 1)
        #expect(try runStarlint(["diff", "--db", db], scratch: dir).stdout.hasPrefix("Attempt #3 → #4"))
        #expect(try runStarlint(["diff", "2", "--db", db], scratch: dir).stdout.hasPrefix("Attempt #1 → #2"))
        #expect(try runStarlint(["show", "--db", db], scratch: dir).stdout.hasPrefix("Attempt #4 · "))
        // An attempt dated earlier (an import) gets a higher id but is not the newest: the
        // time decides first, the id only between equal times.
        let store = try AttemptStore(path: db)
        let older = try analyze(body, path: "\(dir)/old.md")
        _ = try store.save([AttemptInput(older, text: body + "\nOlder.\n", questionKey: "q012", questionText: nil, date: dates[0].addingTimeInterval(-3600))])
        #expect(try store.latestAttemptID() == 4)
        #expect(try store.previousAttemptID(before: 1) == 5)
        #expect(try store.previousAttemptID(before: 5) == nil)
    }

    /// `check --save` with a database it cannot open fails before grading: one error line,
    /// no report (which would read as if the run had gone through).
    @Test func checkSaveFailsBeforeGradingWhenTheDatabaseCannotBeOpened() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let notDB = dir + "/notes.sqlite"
        try "these are my notes, not a database\n".write(toFile: notDB, atomically: true, encoding: .utf8)
        for (db, env) in [(notDB, [String: String]()), (dir, [:]), (dir + "/new.sqlite", ["STARLINT_BUSY_TIMEOUT_MS": "abc"])] {
            let r = try runStarlint(["check", strong, "--no-config", "--save", "--db", db], env: env, scratch: dir)
            #expect(r.status == 2, "\(db): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(db): \(r.stdout)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(db): \(r.stderr)")
        }
        #expect(try String(contentsOfFile: notDB, encoding: .utf8) == "these are my notes, not a database\n")
    }

    /// Two students' answers to the same question: one history with --save (the second is a
    /// change from the first), two with --save-by file.
    @Test func checkSaveByFileKeepsEachAnswerFilesHistoryApart() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        for student in ["ana", "ben"] {
            try FileManager.default.createDirectory(atPath: "\(dir)/\(student)", withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(atPath: strong, toPath: "\(dir)/ana/q.md")
        try (try exampleText("strong")).replacingOccurrences(of: "regression", with: "test").write(toFile: "\(dir)/ben/q.md", atomically: true, encoding: .utf8)
        let byQuestion = dir + "/q.sqlite", byFile = dir + "/f.sqlite"
        let shared = try runStarlint(["check", dir + "/ana", dir + "/ben", "--no-config", "--save", "--db", byQuestion], scratch: dir)
        #expect(shared.status == 0)
        // The run says the two files share the question's history, and how to keep them apart
        #expect(shared.stderr.contains("starlint: note: 2 files answer \"Tell me about a time you improved a process that…\" and share its history (\(dir)/ana/q.md, \(dir)/ben/q.md); --save-by file keeps each file's own\n"), "\(shared.stderr)")
        // and a rerun over the unchanged files saves nothing: each is compared with its own
        // file's latest attempt, not the other student's.
        let again = try runStarlint(["check", dir + "/ana", dir + "/ben", "--no-config", "--save", "--db", byQuestion], scratch: dir)
        #expect(again.stderr.hasSuffix("saved 0 attempts to \(byQuestion); 2 unchanged since their last attempt\n"), "\(again.stderr)")
        #expect(try AttemptStore(path: byQuestion).history().count == 2)
        let byFileRun = try runStarlint(["check", dir + "/ana", dir + "/ben", "--no-config", "--save", "--save-by", "file", "--db", byFile], scratch: dir)
        #expect(byFileRun.status == 0 && !byFileRun.stderr.contains("share its history"))
        let merged = try AttemptStore(path: byQuestion), apart = try AttemptStore(path: byFile)
        #expect(Set(try merged.history().map(\.questionKey)).count == 1)
        let keys = try apart.history().map(\.questionKey).sorted()
        #expect(keys == ["\(dir)/ana/q.md", "\(dir)/ben/q.md"].sorted())
        #expect(try apart.history().allSatisfy { $0.questionText?.hasPrefix("Tell me about a time you improved a process") == true })
        // history --question FILE shows that file's own attempts, not the other student's that
        // only shares the question's text.
        for student in ["ana", "ben"] {
            let h = try runStarlint(["history", "--db", byFile, "--question", "\(dir)/\(student)/q.md", "--format", "csv"], scratch: dir)
            let rows = h.stdout.split(separator: "\n").dropFirst()
            #expect(rows.count == 1 && rows.allSatisfy { $0.contains("\(dir)/\(student)/q.md") }, "\(student): \(h.stdout)")
        }
        let bad = try runStarlint(["check", dir + "/ana", "--no-config", "--save-by", "file"], scratch: dir)
        #expect(bad.status == 2 && bad.stderr == "starlint: error: --save-by applies only with --save\n")
    }

    @Test func checkSaveStoresEveryFileInOneBatchAndSkipsUnchangedOnes() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let answers = dir + "/answers"
        try FileManager.default.createDirectory(atPath: answers, withIntermediateDirectories: true)
        for name in ["bullets", "no-result", "strong"] {
            try FileManager.default.copyItem(atPath: "\(exampleAnswers)/\(name).md", toPath: "\(answers)/\(name).md")
        }
        // When a folder of three answers is checked and saved twice
        let first = try runStarlint(["check", answers, "--save", "--db", db, "--no-config"], scratch: dir)
        let second = try runStarlint(["check", answers, "--save", "--db", db, "--no-config"], scratch: dir)

        // Then all three are saved once, and the second run says they are unchanged
        #expect([0, 1].contains(first.status), "stderr: \(first.stderr)")
        #expect(first.stderr.contains("saved 3 attempts to \(db)"), "stderr: \(first.stderr)")
        #expect(second.stderr.contains("saved 0 attempts to \(db); 3 unchanged since their last attempt"), "stderr: \(second.stderr)")
        let store = try AttemptStore(path: db)
        #expect(try store.attemptCount() == 3)
        #expect(try store.history().map(\.id) == [3, 2, 1])
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func practiceTakesTheAnswerFromStandardInputAndSavesItWithTheQuestionId() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let body = try exampleText("no-result")
        // When practising twice with the same seed and database contents
        let a = try runStarlint(["practice", "--db", db, "--seed", "7", "--type", "behavioural"], stdin: body, scratch: dir)
        #expect(a.status == 0, "stderr: \(a.stderr)")
        let saved = try #require(try AttemptStore(path: db).history().first)
        let q = try #require(QuestionBank.bundled.question(id: saved.questionKey))
        #expect(q.type == "behavioural")
        #expect(a.stdout.hasPrefix("Question \(q.id) (behavioural; "))
        // The question is printed once, above the report (whose first line names the file only).
        #expect(a.stdout.components(separatedBy: q.text).count == 2, "\(a.stdout)")
        #expect(a.stdout.contains("\n<stdin>\n"), "\(a.stdout)")
        #expect(a.stdout.contains("Saved as attempt #1 for \(q.id)."))
        let full = try AttemptStore(path: db).attempt(id: 1)
        #expect(full.source == .practice)
        // Piped in, the answer was written before the command ran: no writing time.
        #expect(full.durationMs == nil)
        // The answer is stored and reported as piped in: its first sentence is on line 1.
        #expect(full.text == body)
        #expect(a.stdout.contains(" 1:1     When I joined the front desk"), "\(a.stdout)")
        // Then the pick is deterministic given the database and seed (two copies of it)
        let picks = try (0..<2).map { k -> Substring? in
            let copy = dir + "/copy\(k).sqlite"
            try FileManager.default.copyItem(atPath: db, toPath: copy)
            return try runStarlint(["practice", "--db", copy, "--seed", "7", "--type", "behavioural"], stdin: body, scratch: dir).stdout.split(separator: "\n").first
        }
        #expect(picks[0] != nil && picks[0] == picks[1])
        #expect(picks[0]?.hasPrefix("Question q") == true)
        // and an empty answer is an error with nothing on standard output.
        let empty = try runStarlint(["practice", "--db", db, "--seed", "7"], stdin: "", scratch: dir)
        #expect(empty.status == 2 && empty.stdout.isEmpty)
        #expect(empty.stderr == "starlint: error: no answer written; nothing was scored or saved\n")
    }

    /// --question names the question to practise, by id or text; an answer piped in with no
    /// question named is filed under a picked one, and a note says so.
    @Test func practiceTakesTheQuestionNamed() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let body = try exampleText("no-result")
        let q = try #require(QuestionBank.bundled.question(id: "q012"))
        // By id, and by its text in another case
        let byID = try runStarlint(["practice", "--db", db, "--question", "Q012"], stdin: body, scratch: dir)
        #expect(byID.status == 0 && byID.stdout.hasPrefix("Question q012 ") && byID.stderr.isEmpty, "\(byID.stderr)")
        let byText = try runStarlint(["practice", "--db", db, "--question", q.text.uppercased()], stdin: body + "\nIt went well.\n", scratch: dir)
        #expect(byText.status == 0, "\(byText.stderr)")
        #expect(try AttemptStore(path: db).history().map(\.questionKey) == ["q012", "q012"])
        // Not with the options that pick one, nor a question outside the bank
        let both = try runStarlint(["practice", "--db", db, "--question", "q012", "--type", "behavioural"], stdin: body, scratch: dir)
        #expect(both.status == 2 && both.stderr.contains("--question names the question; --type, --competency and --seed choose one"), "\(both.stderr)")
        let outside = try runStarlint(["practice", "--db", db, "--question", "What is your favourite colour?"], stdin: body, scratch: dir)
        #expect(outside.status == 2 && outside.stderr.contains("is not a bank question (see 'starlint questions')"), "\(outside.stderr)")
        // A question near one in the bank names it.
        let near = try runStarlint(["practice", "--db", db, "--question", "where do you see yourself in five years"], stdin: body, scratch: dir)
        #expect(near.status == 2 && near.stderr.contains("is not a bank question; the closest is q041, \"Where do you want your career to be in three to five years"), "\(near.stderr)")
        // nor against the answer's own front matter
        let clash = try runStarlint(["practice", "--db", db, "--question", "q012"], stdin: "---\nquestion: q006\n---\n" + body, scratch: dir)
        #expect(clash.status == 2 && clash.stderr == "starlint: error: --question q012 and the answer's front matter (q006) name different questions; nothing was scored or saved\n", "\(clash.stderr)")
        #expect(try AttemptStore(path: db).attemptCount() == 2)
        // A question written out above the answer in its own words gives way to --question
        let ownWords = try runStarlint(["practice", "--db", db, "--question", "q012"], stdin: "Tell me about a time you took charge of something?\n\n" + body + "\nIt went well in the end.\n", scratch: dir)
        #expect(ownWords.status == 0 && ownWords.stdout.hasPrefix("Question q012 "), "\(ownWords.stderr)")
        #expect(try AttemptStore(path: db).attemptCount() == 3)
        // Piped with no question named: picked, and said so
        let picked = try runStarlint(["practice", "--db", db, "--seed", "3"], stdin: body + "\nAfter that it went well.\n", scratch: dir)
        let id = try #require(try AttemptStore(path: db).history().first?.questionKey)
        #expect(picked.status == 0 && picked.stderr == "note: the answer names no question, so it is filed under \(id), picked for you; to file it under another, name that one with --question or in front matter ('question: \(id == "q012" ? "q013" : "q012")')\n", "\(picked.stderr)")
    }

    @Test func practiceRunsTheEditorOnATemplate() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        // Given an "editor" that appends an answer to the file it is given
        let answer = dir + "/answer.txt"
        _ = FileManager.default.createFile(atPath: answer, contents: Data(try exampleText("no-result").utf8))
        let editor = dir + "/my editor.sh"
        // (which also notes whether it runs in starlint's process group, as a terminal editor
        // must to read the keyboard: its parent is starlint, or the shell starlint ran it with;
        // after the command name in stat come the state, the parent and the group), and which
        // sends its parent a Ctrl-C, as a terminal does to its whole foreground group: the
        // answer it saved is still scored)
        _ = FileManager.default.createFile(atPath: editor, contents: Data("""
            #!/bin/sh
            grep -q '^question: ' "$1" && cat '\(answer)' >> "$1"
            field() { sed 's/.*) //' /proc/$1/stat | cut -d' ' -f$2; }
            starlint=$PPID
            [ "$(cat /proc/$PPID/comm)" = sh ] && starlint=$(field $PPID 2)
            if [ "$(field $$ 3)" = "$(field $starlint 3)" ]; then echo 'Editor group: shared.' >> "$1"; else echo 'Editor group: own.' >> "$1"; fi
            kill -INT $PPID

            """.utf8))
        chmod(editor, 0o755)

        // When practising with --edit
        let r = try runStarlint(["practice", "--db", db, "--edit", "--competency", "conflict"], env: ["EDITOR": "'\(editor)'"], scratch: dir)

        // Then the answer written in the editor is scored and saved
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let a = try AttemptStore(path: db).attempt(id: 1)
        #expect(QuestionBank.bundled.question(id: a.questionKey)?.competencies.contains("conflict") == true)
        #expect(a.text.contains("front desk of a mid-sized hotel"))
        #expect(a.text.contains("Editor group: shared."), "\(a.text)")
        // without the editor's guide comment: the front matter, then the answer's first line
        #expect(!a.text.contains("<!--") && !a.text.contains("Save and close the editor"), "\(a.text)")
        let lines = a.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 5 && lines[0] == "---" && lines[3] == "---" && lines[4].contains("front desk of a mid-sized hotel"), "\(a.text)")
        #expect(a.file == "<editor>")
        #expect(a.durationMs != nil)

        // and an editor that writes nothing saves nothing
        let empty = try runStarlint(["practice", "--db", db, "--edit"], env: ["EDITOR": "true"], scratch: dir)
        #expect(empty.status == 2)
        #expect(empty.stderr.hasSuffix("starlint: error: no answer written; nothing was scored or saved\n"))
        #expect(try AttemptStore(path: db).attemptCount() == 1)
    }

    /// An editor that saves CRLF line ends: the guide comment is still left out.
    @Test func practiceLeavesOutTheGuideWithCRLFLineEnds() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let editor = dir + "/editor.sh"
        _ = FileManager.default.createFile(atPath: editor, contents: Data("#!/bin/sh\nsed -i 's/$/\\r/' \"$1\"\nprintf 'When I joined the hotel front desk, check-in took twenty minutes.\\r\\nI rewrote the night checklist.\\r\\n' >> \"$1\"\n".utf8))
        chmod(editor, 0o755)
        let r = try runStarlint(["practice", "--db", db, "--edit", "--question", "q001"], env: ["EDITOR": editor], scratch: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let a = try AttemptStore(path: db).attempt(id: 1)
        #expect(!a.text.contains("<!--"), "\(a.text)")
        #expect(a.text.split(separator: "\r\n", omittingEmptySubsequences: false).dropFirst(4).first?.hasPrefix("When I joined") == true, "\(a.text.debugDescription)")
    }

    /// The editor's guide asks a "what would you do" question for a plan, and any other
    /// question for the story.
    @Test func practiceGuideFitsTheQuestion() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let editor = dir + "/editor.sh"
        _ = FileManager.default.createFile(atPath: editor, contents: Data("#!/bin/sh\ncp \"$1\" \"$(dirname \"$0\")/seen.md\"\n".utf8))
        chmod(editor, 0o755)
        for (type, guide) in [("situational", "Write your plan below: what you would do first and why"),
                              ("behavioural", "Write your answer below: the situation, your task, the actions you took and the result.")] {
            // The editor writes nothing, so nothing is saved; what it was given is kept.
            let r = try runStarlint(["practice", "--db", dir + "/p.sqlite", "--edit", "--type", type], env: ["EDITOR": editor], scratch: dir)
            #expect(r.status == 2 && r.stderr.hasSuffix("no answer written; nothing was scored or saved\n"), "\(r.stderr)")
            let seen = try String(contentsOfFile: dir + "/seen.md", encoding: .utf8)
            #expect(seen.contains(guide), "\(type): \(seen)")
        }
    }

    /// An editor that fails leaves the answer file only when something was written in it: a
    /// missing editor (status 127) leaves no template behind, one that wrote and then failed
    /// keeps the file and names it.
    @Test func practiceEditorFailureKeepsOnlyWrittenAnswers() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let tmp = dir + "/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        func leftOver() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: tmp) }

        // When the editor cannot be found
        let missing = try runStarlint(["practice", "--db", db, "--edit"], env: ["EDITOR": dir + "/no-such-editor", "TMPDIR": tmp], scratch: dir)
        // Then nothing is saved and no template is left in the temporary folder
        #expect(missing.status == 2)
        #expect(missing.stderr.hasSuffix("exited with status 127 (not found?); nothing was written, scored or saved\n"), "\(missing.stderr)")
        #expect(try leftOver().isEmpty)

        // When the editor writes an answer and then fails
        let editor = dir + "/failing.sh"
        _ = FileManager.default.createFile(atPath: editor, contents: Data("#!/bin/sh\necho 'I rebuilt the rota.' >> \"$1\"\nexit 3\n".utf8))
        chmod(editor, 0o755)
        let failed = try runStarlint(["practice", "--db", db, "--edit"], env: ["EDITOR": editor, "TMPDIR": tmp], scratch: dir)
        // Then the file with the answer is kept and named
        #expect(failed.status == 2)
        let kept = try leftOver()
        #expect(kept.count == 1)
        #expect(failed.stderr.contains("exited with status 3; nothing was saved (your answer is in \(tmp)/\(kept.first ?? "?"))"), "\(failed.stderr)")
        #expect(try String(contentsOfFile: tmp + "/" + (kept.first ?? ""), encoding: .utf8).contains("I rebuilt the rota."))
        #expect(try AttemptStore(path: db).attemptCount() == 0)

        // When the editor removes the file and fails, no file is named that is not there
        let remover = dir + "/remover.sh"
        _ = FileManager.default.createFile(atPath: remover, contents: Data("#!/bin/sh\nrm \"$1\"\nexit 1\n".utf8))
        chmod(remover, 0o755)
        try FileManager.default.removeItem(atPath: tmp + "/" + (kept.first ?? ""))
        let removed = try runStarlint(["practice", "--db", db, "--edit"], env: ["EDITOR": remover, "TMPDIR": tmp], scratch: dir)
        #expect(removed.status == 2)
        #expect(removed.stderr.hasSuffix("exited with status 1; nothing was written, scored or saved\n"), "\(removed.stderr)")
        #expect(try leftOver().isEmpty)
    }

    /// A save that fails after the editor closed (a locked database) keeps what was typed: the
    /// report is printed, and the one error line names the file the answer is in.
    @Test func practiceKeepsTheEditorsAnswerWhenTheSaveFails() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let tmp = dir + "/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        try AttemptStore(path: db).save(try crafted(score: 70, hash: "1"), text: "1", questionKey: "q001", questionText: nil)
        let editor = dir + "/writer.sh"
        _ = FileManager.default.createFile(atPath: editor, contents: Data("#!/bin/sh\ncat '\(strong)' >> \"$1\"\n".utf8))
        chmod(editor, 0o755)
        // Given another connection holding the database's write lock
        let holder = try DatabaseQueue(path: db)
        try holder.writeWithoutTransaction { conn in
            try conn.execute(sql: "BEGIN EXCLUSIVE")
            // When an answer is written in the editor and saving it meets the lock
            let r = try runStarlint(["practice", "--db", db, "--edit"], env: ["EDITOR": editor, "TMPDIR": tmp, "STARLINT_BUSY_TIMEOUT_MS": "200"], scratch: dir)
            // Then the report is shown, the run fails, and the answer is still in its file
            #expect(r.status == 2)
            #expect(r.stdout.contains("/100") && !r.stdout.contains("Saved as attempt"), "\(r.stdout)")
            let left = try FileManager.default.contentsOfDirectory(atPath: tmp)
            #expect(left.count == 1)
            let path = tmp + "/" + (left.first ?? "?")
            // (the question on standard error above the editor, then one error line)
            let error = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
            #expect(error.hasPrefix("starlint: error: \(db): database is locked by another process"), "\(r.stderr)")
            #expect(error.hasSuffix("; your answer is in \(path) (score it there with 'starlint score \(path)')"), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").filter { $0.hasPrefix("starlint:") }.count == 1)
            #expect(try String(contentsOfFile: path, encoding: .utf8).contains(try String(contentsOfFile: strong, encoding: .utf8)))
            try conn.execute(sql: "ROLLBACK")
        }
        #expect(try AttemptStore(path: db).attemptCount() == 1)
        // and once saved, the editor's file goes
        let ok = try runStarlint(["practice", "--db", db, "--edit"], env: ["EDITOR": editor, "TMPDIR": tmp], scratch: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).count == 1)
    }

    /// `practice --keep FILE` leaves the answer in FILE with its question, so rewriting it and
    /// running `score FILE` continues the same question's history.
    @Test func practiceKeepsTheAnswerForRewriting() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let kept = dir + "/answer.md"
        let body = try exampleText("no-result")
        // When practising from standard input with --keep (and an American spelling of the type)
        let r = try runStarlint(["practice", "--db", db, "--seed", "3", "--type", "behavioral", "--keep", kept], stdin: body, scratch: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let first = try #require(try AttemptStore(path: db).history().first)
        let q = try #require(QuestionBank.bundled.question(id: first.questionKey))
        #expect(q.type == "behavioural")
        // Then the file holds the answer under the question's id, the report's lines are the file's
        let text = try String(contentsOfFile: kept, encoding: .utf8)
        #expect(text == "---\nquestion: \(q.id)\n---\n" + body)
        #expect(r.stdout.contains(" 4:1     When I joined the front desk"), "\(r.stdout)")
        #expect(r.stderr.contains("Answer kept in \(kept); rewrite it and run 'starlint score \(kept)'"))
        // scoring it unchanged adds nothing, and a rewrite is a second attempt at the same question
        let same = try runStarlint(["score", kept, "--db", db], scratch: dir)
        #expect(same.stdout.hasSuffix("Unchanged since attempt #1 for \(q.id); not saved again.\n"), "\(same.stdout)")
        try (text + "Since then complaints fell from ten a week to two.\n").write(toFile: kept, atomically: true, encoding: .utf8)
        let rewrite = try runStarlint(["score", kept, "--db", db], scratch: dir)
        let (was, now) = (try AttemptStore(path: db).attempt(id: 1).score, try #require(printedScore(rewrite.stdout)))
        #expect(now > was, "the rewrite added a measured result")
        #expect(rewrite.stdout.hasSuffix("Saved as attempt #2 for \(q.id) (score \(now), up \(now - was) from \(was) at attempt #1).\n"), "\(rewrite.stdout)")
        #expect(try AttemptStore(path: db).history().map(\.questionKey) == [q.id, q.id])
        // An answer piped in with front matter of its own gets the question added to it.
        let own = dir + "/own.md"
        let withFront = "---\ntitle: draft 2\n---\n" + body
        let r2 = try runStarlint(["practice", "--db", dir + "/q.sqlite", "--seed", "3", "--type", "behavioural", "--keep", own], stdin: withFront, scratch: dir)
        #expect(r2.status == 0, "\(r2.stderr)")
        #expect(try String(contentsOfFile: own, encoding: .utf8) == "---\nquestion: \(q.id)\ntitle: draft 2\n---\n" + body)
        // An answer piped in that names its bank question is practice at that question, and its
        // kept file scored unchanged adds nothing.
        let named = dir + "/named.md"
        let r3 = try runStarlint(["practice", "--db", dir + "/n.sqlite", "--seed", "7", "--keep", named], stdin: "---\nquestion: q006\n---\n" + body, scratch: dir)
        #expect(r3.status == 0 && r3.stdout.hasPrefix("Question q006 "), "\(r3.stdout)\(r3.stderr)")
        #expect(try AttemptStore(path: dir + "/n.sqlite").history().map(\.questionKey) == ["q006"])
        let r4 = try runStarlint(["score", named, "--db", dir + "/n.sqlite"], scratch: dir)
        #expect(r4.stdout.hasSuffix("Unchanged since attempt #1 for q006; not saved again.\n"), "\(r4.stdout)")
        // one that names a question outside the bank is sent to `score`
        let r5 = try runStarlint(["practice", "--db", dir + "/n.sqlite"], stdin: "---\nquestion: Why pottery?\n---\n" + body, scratch: dir)
        #expect(r5.status == 2 && r5.stderr.contains("names its own question ('Why pottery?'), which is not in the bank"), "\(r5.stderr)")
        // An empty "question:" names none: a question is picked.
        let r6 = try runStarlint(["practice", "--db", dir + "/n.sqlite", "--seed", "7"], stdin: "---\nquestion:\n---\n" + body, scratch: dir)
        #expect(r6.status == 0 && r6.stdout.hasPrefix("Question q"), "\(r6.stderr)")
        // and --keep never overwrites a file
        let again = try runStarlint(["practice", "--db", db, "--keep", kept], stdin: body, scratch: dir)
        #expect(again.status == 2 && again.stdout.isEmpty)
        #expect(again.stderr.contains("--keep: '\(kept)' already exists"))
        #expect(try AttemptStore(path: db).attemptCount() == 2)
        // nor goes into a folder that is not there: refused before anything is saved
        let nowhere = try runStarlint(["practice", "--db", db, "--keep", dir + "/no/such/folder/a.md"], stdin: body + "\nAnother line.\n", scratch: dir)
        #expect(nowhere.status == 2 && nowhere.stdout.isEmpty)
        #expect(nowhere.stderr == "starlint: error: --keep: no folder '\(dir)/no/such/folder' to write '\(dir)/no/such/folder/a.md' in (see 'starlint practice --help')\n", "\(nowhere.stderr)")
        #expect(try AttemptStore(path: db).attemptCount() == 2)
    }

    /// `practice` reads the same settings file as `score`, so an answer scores the same in both.
    @Test func practiceReadsTheSettingsFile() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let config = dir + "/coach.yml"
        try "min-words: 120\nmax-words: 400\nallowed-words: [actually]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let body = "Actually, I fixed it. " + (try exampleText("no-result"))
        let practised = try runStarlint(["practice", "--db", db, "--seed", "1", "--config", config], stdin: body, scratch: dir)
        let scored = try runStarlint(["score", "-", "--db", db, "--no-save", "--config", config], stdin: body, scratch: dir)
        #expect(practised.status == 0 && scored.status == 0, "\(practised.stderr)\(scored.stderr)")
        #expect(practised.stdout.contains("aim for 120-400 words") && scored.stdout.contains("aim for 120-400 words"), "\(practised.stdout)")
        #expect(!practised.stdout.contains("filler 'Actually'"))
        let plain = try runStarlint(["practice", "--db", dir + "/q.sqlite", "--seed", "1", "--no-config"], stdin: body, scratch: dir)
        #expect(plain.stdout.contains("filler 'Actually'"), "\(plain.stdout)")
        #expect(!plain.stdout.contains("aim for 120-400 words"))
        // The settings file's max-bytes limits practice as it limits score; --max-bytes wins.
        try "max-bytes: 50\n".write(toFile: config, atomically: false, encoding: .utf8)
        let big = try runStarlint(["practice", "--db", db, "--seed", "1", "--config", config], stdin: body, scratch: dir)
        #expect(big.status == 2 && big.stderr.contains("input is more than 50 bytes"), "\(big.stderr)")
        let raised = try runStarlint(["practice", "--db", db, "--seed", "2", "--config", config, "--max-bytes", "100000"], stdin: body, scratch: dir)
        #expect(raised.status == 0, "\(raised.stderr)")
    }

    /// A value of STARLINT_BUSY_TIMEOUT_MS that is not a number of milliseconds is an error, not
    /// a silent default.
    @Test func badBusyTimeoutIsAnError() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let r = try runStarlint(["score", strong, "--db", db], env: ["STARLINT_BUSY_TIMEOUT_MS": "5s"], scratch: dir)
        #expect(r.status == 2 && r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("starlint: error: STARLINT_BUSY_TIMEOUT_MS is '5s'; set it to a whole number of milliseconds"), "\(r.stderr)")
        #expect(try runStarlint(["score", strong, "--db", db], env: ["STARLINT_BUSY_TIMEOUT_MS": "250"], scratch: dir).status == 0)
    }

    /// `history`, `progress` and `show` read a database in a folder the user may not write to
    /// (SQLite cannot create the reader's shared-memory file there). Run as an unprivileged
    /// user: root may write anywhere. As root the test runs the binary through `setpriv`.
    @Test func readCommandsWorkInAFolderNobodyMayWrite() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let folder = dir + "/ro"
        let db = folder + "/p.sqlite"
        #expect(try runStarlint(["score", strong, "--db", db], scratch: dir).status == 0)
        var prefix: [String] = []
        var binary = starlintBinary
        if geteuid() == 0 {
            let setpriv = try #require(["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }, "setpriv is needed to test as an unprivileged user")
            // The binary where the user can run it, and the database owned by that user.
            binary = dir + "/bin/starlint"
            try FileManager.default.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: starlintBinary, toPath: binary)
            for p in [dir, dir + "/bin", binary] { chmod(p, 0o755) }
            for p in [folder, db] { chown(p, 65534, 65534) }
            prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        }
        chmod(folder, 0o555)
        defer { chmod(folder, 0o755) }
        for args in [["history"], ["progress"], ["show", "1"]] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: prefix.first ?? binary)
            p.arguments = Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : [binary]) + args + ["--db", db]
            p.environment = ["HOME": dir, "NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            try p.run()
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "\(args): \(stderr)")
            #expect(stdout.contains("improved a process"), "\(args): \(stdout)")
        }
        // Nothing was left beside the database.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["p.sqlite"])
    }

    /// Contradictory or empty options are usage errors, and of --color / --no-color the last wins.
    @Test func optionConflictsAndTheLastColourFlag() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let emptyDB = try runStarlint(["history", "--db", ""], scratch: dir)
        #expect(emptyDB.status == 2 && emptyDB.stderr.hasPrefix("starlint: error: --db needs a file path"), "\(emptyDB.stderr)")
        let both = try runStarlint(["score", strong, "--no-save", "--config", dir + "/x.yml", "--no-config"], scratch: dir)
        #expect(both.status == 2 && both.stderr == "starlint: error: --config and --no-config contradict each other; give one of them\n")
        let colour = try runStarlint(["score", strong, "--no-save", "--no-color", "--color"], scratch: dir)
        #expect(colour.stdout.contains("\u{1B}["))
        let plain = try runStarlint(["score", strong, "--no-save", "--color", "--no-color"], scratch: dir)
        #expect(plain.status == 0 && !plain.stdout.contains("\u{1B}["))
        let history = try runStarlint(["history", "--db", dir + "/none.sqlite", "--no-color"], scratch: dir)
        #expect(history.status == 0, "\(history.stderr)")
    }

    @Test func forgetNeedsConfirmationOrYes() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        let heavyScore = try #require(printedScore(try runStarlint(["score", heavy, "--db", db, "--question", "q012"], scratch: dir).stdout))
        _ = try runStarlint(["score", strong, "--db", db, "--question", "q012"], scratch: dir)
        _ = try runStarlint(["score", strong, "--db", db, "--question", "q001"], scratch: dir)

        // When stdin is not a terminal and --yes is missing, nothing is deleted
        let refused = try runStarlint(["forget", "1", "--db", db], stdin: "y\n", scratch: dir)
        #expect(refused.status == 2)
        #expect(refused.stderr == "starlint: error: refusing to delete without confirmation: standard input is not a terminal; pass --yes\n")
        #expect(try AttemptStore(path: db).attemptCount() == 3)

        // When --yes is given, one attempt or a whole question goes
        let one = try runStarlint(["forget", "1", "--db", db, "--yes"], scratch: dir)
        #expect(one.stdout.hasPrefix("Deleted attempt #1 (q012 ") && one.stdout.hasSuffix(", score \(heavyScore)).\n"), "\(one.stdout)")
        let all = try runStarlint(["forget", "--question", "q012", "--db", db, "--yes"], scratch: dir)
        #expect(all.stdout == "Deleted 1 attempt at q012.\n")
        #expect(try AttemptStore(path: db).history().map(\.questionKey) == ["q001"])
        // A question written out ends the line with its own stop.
        _ = try runStarlint(["score", strong, "--db", db, "--question", "Tell me about a difficult customer."], scratch: dir)
        let written = try runStarlint(["forget", "--question", "Tell me about a difficult customer.", "--db", db, "--yes"], scratch: dir)
        #expect(written.stdout.hasSuffix(" attempt at Tell me about a difficult customer.\n"), "\(written.stdout)")

        // and asking for both or neither is a usage error
        let both = try runStarlint(["forget", "3", "--question", "q001", "--db", db, "--yes"], scratch: dir)
        #expect(both.status == 2)
        #expect(both.stderr.contains("an attempt ID or --question Q, not both"), "\(both.stderr)")
        let neither = try runStarlint(["forget", "--db", db, "--yes"], scratch: dir)
        #expect(neither.status == 2)
        #expect(neither.stderr.contains("either an attempt ID or --question Q"), "\(neither.stderr)")
    }

    /// On a terminal, forget asks "[y/N]" and deletes only on "y" or "yes": "n", an empty line
    /// (the default, N) or anything else keeps the attempt.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: terminalRunner), "needs util-linux script for a terminal"))
    func forgetAsksOnATerminal() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let db = dir + "/p.sqlite"
        // Given two saved attempts
        let first = try runStarlint(["score", strong, "--db", db, "--question", "q012"], scratch: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let score = try #require(printedScore(first.stdout))
        _ = try runStarlint(["score", heavy, "--db", db, "--question", "q001"], scratch: dir)
        #expect(try AttemptStore(path: db).attemptCount() == 2)

        // When the answer to the prompt is not yes, nothing is deleted
        for typed in ["n\n", "\n", "nope\n", "yy\n"] {
            let kept = try runStarlintOnTerminal(["forget", "1", "--db", db], typed: typed, scratch: dir)
            #expect(kept.status == 0, "\(typed.debugDescription): \(kept.stdout)")
            #expect(kept.stdout.contains("Delete attempt #1 (q012 "), "\(kept.stdout)")
            #expect(kept.stdout.contains(", score \(score))? [y/N] "), "\(kept.stdout)")
            #expect(kept.stdout.hasSuffix("Nothing deleted.\r\n"), "\(typed.debugDescription): \(kept.stdout)")
            #expect(try AttemptStore(path: db).history().map(\.id).sorted() == [1, 2], "\(typed.debugDescription)")
        }

        // When it is "y" (or " YES "), the attempt goes, and only that one
        let deleted = try runStarlintOnTerminal(["forget", "1", "--db", db], typed: "y\n", scratch: dir)
        #expect(deleted.status == 0, "\(deleted.stdout)")
        #expect(deleted.stdout.contains("? [y/N] "), "\(deleted.stdout)")
        #expect(deleted.stdout.contains("Deleted attempt #1 (q012 "), "\(deleted.stdout)")
        #expect(deleted.stdout.hasSuffix(", score \(score)).\r\n"), "\(deleted.stdout)")
        #expect(try AttemptStore(path: db).history().map(\.id) == [2])
        let all = try runStarlintOnTerminal(["forget", "--question", "q001", "--db", db], typed: " YES \n", scratch: dir)
        #expect(all.stdout.contains("Delete all 1 attempt at q001? [y/N] "), "\(all.stdout)")
        #expect(all.stdout.hasSuffix("Deleted 1 attempt at q001.\r\n"), "\(all.stdout)")
        #expect(try AttemptStore(path: db).attemptCount() == 0)
    }
}

/// The score a text report printed ("score 84/100").
func printedScore(_ out: String) -> Int? {
    guard let r = out.range(of: "\nscore ") else { return nil }
    return Int(out[r.upperBound...].prefix { $0.isNumber })
}
