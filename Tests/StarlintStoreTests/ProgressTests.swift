import Foundation
import StarlintCore
import StarlintStore
import Testing

struct ProgressTests {
    let utc = TimeZone(identifier: "UTC")!
    /// 2023-11-14 22:13:20 UTC.
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    let day: TimeInterval = 86_400

    @Test func firstLatestBestAndDimensionsPerQuestion() throws {
        try withTempStore { store, _ in
            // Given three attempts at q001 and one at q002
            try store.save(try crafted(score: 50, hash: "1", clarity: 40, concision: 90), text: "1", questionKey: "q001", questionText: "Tell me", date: t0)
            try store.save(try crafted(score: 80, hash: "2", clarity: 70, concision: 90), text: "2", questionKey: "q001", questionText: "Tell me", date: t0 + 60)
            try store.save(try crafted(score: 65, hash: "3", clarity: 75, concision: 80), text: "3", questionKey: "q001", questionText: "Tell me", date: t0 + 120)
            try store.save(try crafted(score: 90, hash: "4"), text: "4", questionKey: "q002", questionText: nil, date: t0 + 180)

            // When progress is computed
            let report = try store.progress(now: t0 + 200, timeZone: utc)

            // Then the most recently practised question comes first
            #expect(report.questions.map(\.questionKey) == ["q002", "q001"])
            let q1 = try #require(report.questions.last)
            #expect(q1.attempts == 3)
            #expect(q1.questionText == "Tell me")
            #expect([q1.first.score, q1.latest.score, q1.best.score] as [Int] == [50, 65, 80])
            #expect(q1.best.id == 2)
            #expect(q1.trend == [50, 80, 65])
            #expect(q1.sparkline == "▁▅▃")
            // and dimensions compare the first attempt with the latest
            #expect(q1.improved == [DimensionChange(dimension: .clarity, from: 40, to: 75)])
            #expect(q1.slipped == [DimensionChange(dimension: .concision, from: 90, to: 80)])
            // and the overall line covers every attempt
            let overall = try #require(report.overall)
            #expect(overall.attempts == 4)
            #expect(overall.questionKey == nil)
            #expect([overall.first.score, overall.latest.score, overall.best.score] as [Int] == [50, 90, 90])
        }
    }

    @Test func frequentFindingsCountAttemptsInTheRecentWindow() throws {
        try withTempStore { store, _ in
            // Given a filler-heavy attempt followed by two clean ones
            let heavy = try exampleText("filler-heavy")
            try store.save(try analyze(heavy), text: heavy, questionKey: "q001", questionText: nil, date: t0)
            let strong = try exampleText("strong")
            try store.save(try analyze(strong), text: strong, questionKey: "q001", questionText: nil, date: t0 + 60)
            try store.save(try crafted(score: 99, hash: "z"), text: "z", questionKey: "q001", questionText: nil, date: t0 + 120)

            // When the window covers all three attempts, fillers are frequent
            let wide = try store.progress(question: "q001", recent: 3, now: t0, timeZone: utc)
            let filler = try #require(wide.questions.first?.frequentFindings.first { $0.rule == "filler" })
            #expect(filler.attempts == 1)
            #expect(filler.occurrences > 3)
            #expect(wide.recent == 3)
            // and said to be gone from the latest attempt, in JSON and in the text
            #expect(!filler.inLatest)
            #expect(wide.questions.first?.frequentFindings.allSatisfy { !$0.inLatest } == true)
            // (over several questions the latest attempt answers one of them: not said there)
            let all = try store.progress(recent: 3, now: t0, timeZone: utc)
            #expect(all.overall?.frequentFindings.isEmpty == false && all.overall?.frequentFindings.allSatisfy(\.inLatest) == true)

            // When the window covers only the last two, they are not
            let narrow = try store.progress(question: "q001", recent: 2, now: t0, timeZone: utc)
            #expect(narrow.questions.first?.frequentFindings.contains { $0.rule == "filler" } == false)
        }
    }

    @Test func streakCountsConsecutiveDaysEndingTodayOrYesterday() {
        let dates = [t0 - 3 * day, t0 - 2 * day, t0 - day, t0 - day + 5, t0 - 6 * day]
        // Practised today: four days ending today
        let today = AttemptStore.streak(dates + [t0], now: t0 + 60, timeZone: utc)
        #expect(today == Streak(days: 4, lastDay: "2023-11-14", practisedToday: true))
        // Not yet today: the streak ending yesterday still counts
        let yesterday = AttemptStore.streak(dates, now: t0, timeZone: utc)
        #expect(yesterday.days == 3)
        #expect(yesterday.practisedToday == false)
        // Two days without practice: no streak
        #expect(AttemptStore.streak(dates, now: t0 + day, timeZone: utc).days == 0)
        #expect(AttemptStore.streak([], now: t0, timeZone: utc) == Streak(days: 0, lastDay: nil, practisedToday: false))
    }

    @Test func streakDaysFollowTheLocalTimeZone() {
        // 22:13 UTC on the 14th is already the 15th in Tokyo
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        let s = AttemptStore.streak([t0 - day, t0], now: t0 + 3600, timeZone: tokyo)
        #expect(s == Streak(days: 2, lastDay: "2023-11-15", practisedToday: true))
    }

    @Test func sparklineUsesEightLevelsFromItsFloorToHundred() {
        #expect(Sparkline.render([0, 15, 29, 43, 58, 72, 86, 100]) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([-5, 130]) == "▁█")
        #expect(Sparkline.render([]) == "")
        // Scores in the 90s are drawn from 90 (a QA report: 93, 95, 100 looked flat from 0).
        #expect(Sparkline.floor([93, 95, 100]) == 90)
        #expect(Sparkline.render([93, 95, 100]) == "▃▅█")
        #expect(Sparkline.render([42, 71, 88]) == "▁▅▇")
        // The floor stays below 100, and a flat run sits on it.
        #expect(Sparkline.floor([100, 100]) == 90 && Sparkline.render([100, 100]) == "██")
        #expect(Sparkline.render([80, 80]) == "▁▁")
    }

    @Test func emptyDatabaseGivesAnEmptyReport() throws {
        try withTempStore { store, _ in
            let report = try store.progress()
            #expect(report == ProgressReport.empty(recent: 10))
        }
    }
}

struct AttemptDiffTests {
    @Test func findsScoreChangesFixedAndNewFindingsAndRelabelledSentences() throws {
        try withTempStore { store, _ in
            // Given a filler-heavy answer and a rewrite that keeps one sentence and drops the fillers
            let before = try exampleText("filler-heavy")
            let kept = "I think my manager sort of wanted me to fix it, I guess."
            #expect(before.contains(kept))
            let after = try exampleText("strong") + "\n" + kept + "\n"
            let a = try store.attempt(id: try store.save(try analyze(before), text: before, questionKey: "q001", questionText: nil).id)
            let b = try store.attempt(id: try store.save(try analyze(after), text: after, questionKey: "q001", questionText: nil).id)

            // When they are compared
            let d = AttemptDiff(from: a, to: b)

            // Then the score change and each dimension are reported
            #expect(d.scoreChange == b.score - a.score)
            #expect(d.subscores.map(\.dimension) == StarlintCore.Dimension.allCases)
            #expect(d.subscores.allSatisfy { $0.change == b.subscores[$0.dimension] - a.subscores[$0.dimension] })
            #expect(d.sameQuestion)
            // and findings are matched by rule and message
            #expect(d.fixedFindings.contains { $0.rule == "filler" && $0.message == "filler 'basically'" })
            #expect(!d.fixedFindings.contains { $0.rule == "hedge" && $0.message == "hedge 'i think'" })
            #expect(Set(d.newFindings.map(\.rule)).isSubset(of: Set(b.findings.map(\.rule))))
            // and a kept sentence whose label changed is listed (or none changed)
            let oldLabel = try #require(a.sentences.first { $0.text == kept }?.label)
            let newLabel = try #require(b.sentences.first { $0.text == kept }?.label)
            #expect(d.labelChanges == (oldLabel == newLabel ? [] : [AttemptDiff.LabelChange(text: kept, from: oldLabel, to: newLabel)]))
        }
    }

    /// The Result with no measured change is one issue still there when its message changes:
    /// changed, not fixed and new.
    /// A filler's word is not: 'basically' gone and 'like' added are a fix and a new one.
    @Test func aOncePerAnswerFindingWithAnotherMessageIsChangedNotFixed() {
        func f(_ rule: String, _ message: String, line: Int = 9) -> StoredFinding {
            StoredFinding(rule: rule, severity: .warning, message: message, line: line, column: 1, endLine: line, endColumn: 20, suggestion: nil)
        }
        let a = [f("result-not-quantified", "the Result has figures (\"ten days\"), but they describe scope or time, not a change"), f("filler", "filler 'basically'", line: 2)]
        let b = [f("result-not-quantified", "the Result states no measurable change", line: 11), f("filler", "filler 'like'", line: 2)]
        #expect(AttemptDiff.unmatched(a, against: b).map(\.message) == ["filler 'basically'"])
        #expect(AttemptDiff.unmatched(b, against: a).map(\.message) == ["filler 'like'"])
        #expect(AttemptDiff.changed(a, b) == [AttemptDiff.FindingChange(rule: "result-not-quantified", from: a[0].message, to: b[0].message)])
    }

    /// Of two findings with one message, the one reported fixed is the one whose sentence was
    /// rewritten, not the first in the file, even when the kept one moved down a line.
    @Test func aFixedFindingIsTheOneWhoseSentenceChanged() throws {
        try withTempStore { store, _ in
            let before = try exampleText("filler-heavy")
            let first = "So, basically, in my last job I was kind of the go-to person for the stock room, you know?"
            let kept = "So I basically made a map of the room and um put labels on all the shelves."
            #expect(before.contains(first) && before.contains(kept))
            let after = "Last spring I ran the stock room at a garden centre.\n"
                + before.replacingOccurrences(of: first, with: "So, in my last job I was kind of the go-to person for the stock room, you know?")
            let a = try store.attempt(id: try store.save(try analyze(before), text: before, questionKey: "q001", questionText: nil).id)
            let b = try store.attempt(id: try store.save(try analyze(after), text: after, questionKey: "q001", questionText: nil).id)
            let basically = { (x: StoredAttempt) in x.findings.filter { $0.message == "filler 'basically'" }.map { [$0.line, $0.column] } }
            #expect(basically(a) == [[1, 5], [4, 6]])
            #expect(basically(b) == [[5, 6]])
            let d = AttemptDiff(from: a, to: b)
            #expect(d.fixedFindings.filter { $0.message == "filler 'basically'" }.map { [$0.line, $0.column] } == [[1, 5]])
            #expect(!d.newFindings.contains { $0.message == "filler 'basically'" })
            // Of two equal findings in a rewritten sentence, the one deleted is reported.
            let twice = "So I basically made a map of the room and basically put labels on all the shelves."
            let rewritten = after.replacingOccurrences(of: kept, with: twice)
            let c = try store.attempt(id: try store.save(try analyze(rewritten), text: rewritten, questionKey: "q001", questionText: nil).id)
            let e = try store.attempt(id: try store.save(try analyze(rewritten.replacingOccurrences(of: "and basically put", with: "and put")), text: rewritten.replacingOccurrences(of: "and basically put", with: "and put"), questionKey: "q001", questionText: nil).id)
            #expect(AttemptDiff(from: c, to: e).fixedFindings.filter { $0.message == "filler 'basically'" }.map { [$0.line, $0.column] } == [[5, 43]])
            // Without the sentences, the first in the file pairs first, as before.
            #expect(AttemptDiff.unmatched(a.findings, against: b.findings).filter { $0.message == "filler 'basically'" }.map(\.line) == [4])
        }
    }

    @Test func relabelledSentencesAreMatchedByText() throws {
        try withTempStore { store, _ in
            // Given a saved attempt and an edited copy: one sentence relabelled, one finding fixed, one new
            let text = try exampleText("filler-heavy")
            let a = try store.attempt(id: try store.save(try analyze(text), text: text, questionKey: "q001", questionText: nil).id)
            var b = a
            b.id = a.id + 1
            b.sentences[2].label = a.sentences[2].label == .action ? .result : .action
            b.sentences.reverse()  // order does not matter, text does
            let fixed = b.findings.removeFirst()
            var added = fixed
            added.rule = "new-rule"
            b.findings.append(added)

            // When they are compared
            let d = AttemptDiff(from: a, to: b)

            // Then exactly those changes are reported
            #expect(d.labelChanges == [AttemptDiff.LabelChange(text: a.sentences[2].text, from: a.sentences[2].label, to: b.sentences.reversed()[2].label)])
            #expect(d.fixedFindings == [fixed])
            #expect(d.newFindings == [added])
            #expect(d.scoreChange == 0)
        }
    }

    @Test func repeatedFindingsAreMatchedOneForOne() throws {
        func finding(_ rule: String, _ message: String, line: Int) -> StoredFinding {
            StoredFinding(rule: rule, severity: .warning, message: message, line: line, column: 1, endLine: line, endColumn: 2, suggestion: nil)
        }
        let twice = [finding("filler", "filler 'so'", line: 1), finding("filler", "filler 'so'", line: 2)]
        let once = [finding("filler", "filler 'so'", line: 7)]
        #expect(AttemptDiff.unmatched(twice, against: once).map(\.line) == [2])
        #expect(AttemptDiff.unmatched(once, against: twice).isEmpty)
        // A finding whose figures changed is the same finding, neither fixed nor new; another
        // message of the same rule is not.
        let shortBefore = [finding("length", "answer is too short: 82 words, about 33 s spoken (aim for 100-450 words)", line: 1),
                           finding("filler", "filler 'so'", line: 3)]
        let shortAfter = [finding("length", "answer is too short: 95 words, about 38 s spoken (aim for 100-450 words)", line: 1),
                          finding("filler", "filler 'um'", line: 3)]
        #expect(AttemptDiff.unmatched(shortBefore, against: shortAfter).map(\.message) == ["filler 'so'"])
        #expect(AttemptDiff.unmatched(shortAfter, against: shortBefore).map(\.message) == ["filler 'um'"])
        let long = [finding("length", "answer is too long: 470 words, about 188 s spoken (aim for 100-450 words)", line: 1)]
        #expect(AttemptDiff.unmatched(long, against: shortBefore).count == 1)
        // ... and it is listed as changed, with both messages; an unchanged one is not.
        #expect(AttemptDiff.changed(shortBefore, shortAfter) == [AttemptDiff.FindingChange(
            rule: "length", from: "answer is too short: 82 words, about 33 s spoken (aim for 100-450 words)",
            to: "answer is too short: 95 words, about 38 s spoken (aim for 100-450 words)")])
        #expect(AttemptDiff.changed(shortBefore, shortBefore).isEmpty)
        #expect(AttemptDiff.changed(long, shortBefore).isEmpty)
        // A message whose wording around the figures changed ("30 without filler and hedges"
        // only when there are some) is matched up to its first figure.
        let withFillers = [finding("length", "answer is too short: 30 words without filler and hedges (32 in all), about 13 s spoken (aim for 100-450 words)", line: 1)]
        let without = [finding("length", "answer is too short: 59 words, about 24 s spoken (aim for 100-450 words)", line: 1)]
        #expect(AttemptDiff.unmatched(withFillers, against: without).isEmpty)
        #expect(AttemptDiff.changed(withFillers, without).map(\.to) == [without[0].message])
        // (so is the wording of attempts saved before starlint 0.8, against today's)
        let saved = [finding("length", "answer is too short: 32 words, 30 without filler and hedges, about 13 s spoken (aim for 100-450 words)", line: 1)]
        #expect(AttemptDiff.changed(saved, withFillers).map(\.to) == [withFillers[0].message])
        #expect(AttemptDiff.unmatched([finding("filler", "filler 'so'", line: 1)], against: [finding("filler", "filler 'um'", line: 1)]).count == 1)
    }
}

struct PracticePickerTests {
    let bank = QuestionBank.bundled

    func stat(_ key: String, score: Int, last: Int64) -> QuestionStat {
        QuestionStat(questionKey: key, attempts: 1, lastAttemptId: last, lastDate: Date(timeIntervalSince1970: 0), latestScore: score, bestScore: score)
    }

    @Test func samePickForTheSameDatabaseAndSeed() {
        let qs = bank.filter(type: "behavioural", competency: nil)
        let stats = [stat(qs[0].id, score: 90, last: 3), stat(qs[1].id, score: 40, last: 2)]
        #expect(PracticePicker.pick(from: qs, stats: stats, seed: 42) == PracticePicker.pick(from: qs, stats: stats, seed: 42))
        #expect(PracticePicker.pick(from: qs, stats: stats) == PracticePicker.pick(from: qs, stats: stats))
        #expect(PracticePicker.pick(from: [], stats: stats, seed: 1) == nil)
    }

    @Test func favoursQuestionsNotPractisedOverOneJustDoneWell() {
        // Given two questions: one just practised with a high score, one never practised
        let qs = Array(bank.questions.prefix(2))
        let stats = [stat(qs[0].id, score: 95, last: 10)]

        // When picking with 200 seeds
        let picks = (0..<200).map { PracticePicker.pick(from: qs, stats: stats, seed: UInt64($0))!.id }

        // Then the unpractised one wins most draws
        #expect(picks.filter { $0 == qs[1].id }.count > 160)
    }

    @Test func favoursLowScoresAndStaleQuestions() {
        let fresh = stat("a", score: 95, last: 9)
        let weak = stat("b", score: 20, last: 8)
        #expect(PracticePicker.weight(stat: weak, recencyRank: 1) > PracticePicker.weight(stat: fresh, recencyRank: 0))
        #expect(PracticePicker.weight(stat: fresh, recencyRank: 8) > PracticePicker.weight(stat: fresh, recencyRank: 1))
        #expect(PracticePicker.weight(stat: nil, recencyRank: 0) > PracticePicker.weight(stat: weak, recencyRank: 10))
    }
}

/// Filing a question known by its text under the key it was saved with.
struct SavedQuestionKeysTests {
    @Test func aTextWrittenAnotherWayTakesTheNewestSavedKey() {
        // Newest first: "How did you share out a rota?" was practised after "how did you share out a rota".
        var keys = SavedQuestionKeys(newestFirst: ["How did you share out a rota?", "how did you share out a rota", "q012"])
        // A key saved as written is itself, even when another matches it loosely.
        #expect(keys.key(for: "how did you share out a rota") == "how did you share out a rota")
        // Written a third way, it takes the most recently practised match.
        #expect(keys.key(for: "HOW DID YOU SHARE OUT A ROTA.") == "How did you share out a rota?")
        // A new text is itself, and later writings of it in the same batch join it.
        #expect(keys.key(for: "Why did you leave the bakery") == "Why did you leave the bakery")
        #expect(keys.key(for: "why did you leave the bakery?") == "Why did you leave the bakery")
        // Other texts stay apart.
        #expect(keys.key(for: "Why did you join the bakery?") == "Why did you join the bakery?")
    }

    /// Punctuation pasted from an advert or a document (curly quotes, an en dash, a comma)
    /// does not start a history of its own; symbols other than prose punctuation count.
    @Test(arguments: [
        ("What would you do if a long–standing client asked for the organisation’s records?", true),
        ("What would you do if a long standing client asked for the organisations records", true),
        ("what would you do, if a long-standing client asked for the organisation's records…", true),
        ("What would you do if a “long-standing” client asked for the organisation's records?", true),
        ("What would you do if a long-standing client asked for the organisation's record?", false),
        ("What would you do if a long-standing client asked for the organisation's records_%?", false),
        ("What would you do if a long-standing client asked for the organisation's 1.5 records?", false),
    ])
    func punctuationWrittenAnotherWayIsTheSameQuestion(_ text: String, _ same: Bool) {
        var keys = SavedQuestionKeys(newestFirst: ["What would you do if a long-standing client asked for the organisation's records?"])
        #expect((keys.key(for: text) == "What would you do if a long-standing client asked for the organisation's records?") == same)
        // A bank question's text written so resolves to its id.
        let q = QuestionBank.bundled.questions[0]
        let written = q.text.replacingOccurrences(of: "'", with: "\u{2019}").replacingOccurrences(of: ",", with: "").uppercased()
        #expect(QuestionIdentity.resolve(explicit: written, frontMatter: nil, file: "a.md").key == q.id)
        // A point or comma inside a number is the number's.
        var numbers = SavedQuestionKeys(newestFirst: ["How would you cut costs by 1.5 percent?"])
        #expect(numbers.key(for: "how would you cut costs by 1.5 percent") == "How would you cut costs by 1.5 percent?")
        #expect(numbers.key(for: "How would you cut costs by 1,5 percent?") == "How would you cut costs by 1,5 percent?")
    }
}
