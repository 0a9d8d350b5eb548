import Testing
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import StarlintCore

@Suite("Analyzer")
struct AnalyzerTests {
    @Test func strongExampleScoresHighWithNoFindings() throws {
        let a = try analyzer.analyze(file: packageRoot + "/Corpus/examples/strong.md")
        // Every part, a measured result, no finding: nothing is deducted.
        #expect(a.findings.isEmpty, "\(a.findings.map(\.rule))")
        #expect(a.deductions.isEmpty)
        #expect(a.score == 100)
        #expect(a.quantifiedResult)
        // The measured change is the first Result sentence ("fell from one day ... to about
        // 45 minutes"), on line 15 of the file, and the text report names its line and column.
        #expect(a.quantifiedResultSentence == 7)
        #expect(a.sentences[7].line == 15 && a.sentences[7].text.hasPrefix("Within two months regression time fell"))
        #expect(TextReport.render(a, style: Style(enabled: false)).contains("quantified result: yes (15:\(a.sentences[7].column))\n"))
        #expect(!rules(a).contains("missing-result") && !rules(a).contains("missing-action"))
        #expect(a.question == "Tell me about a time you improved a process that was slowing your team down.")
        #expect(a.role == "Backend engineer")
        #expect(a.stats.sentences == 9)
        #expect(a.stats.speakingSeconds == Int((Double(a.stats.words) / 150 * 60).rounded()))
    }

    /// A sentence read as another part than the label written over it says which label
    /// that was (`writtenLabel`, "(under your Result label)"); one read as its label's part,
    /// or a sentence with no label, has none.
    @Test func aSentenceReadAgainstItsWrittenLabelNamesTheLabel() throws {
        let a = try analyze("""
        Situation: Our pick rate on the night shift had dropped to 60 lines an hour because the scanners kept dropping off the network.

        Action: I mapped the dead spots with the IT lead and had two access points moved over a weekend.

        Result: Within a month the pick rate was back to 95 lines an hour. The main thing I learned was to walk the floor myself before blaming the people on it.
        """)
        let lesson = try #require(a.sentences.first { $0.text.hasPrefix("The main thing I learned") })
        #expect(lesson.label == .other && lesson.explicitLabel)
        #expect(lesson.writtenLabel == .result)
        let outcome = try #require(a.sentences.first { $0.text.hasPrefix("Within a month") })
        #expect(outcome.label == .result && outcome.writtenLabel == nil)
        let text = TextReport.render(a, style: Style(enabled: false))
        // (The note's room comes out of the sentence's 90 characters.)
        let line = try #require(text.split(separator: "\n").first { $0.contains("The main thing I learned") })
        #expect(line.hasSuffix("…  (under your Result label)") && line.hasPrefix("  O  5:"), "\(line)")
        #expect(text.components(separatedBy: "(under your").count == 2)
        let json = try #require(String(data: JSONEncoder().encode(a), encoding: .utf8))
        #expect(json.components(separatedBy: "\"writtenLabel\":\"result\"").count == 2, "\(json)")
        let plain = try analyze("Our pick rate had dropped. I moved two access points. The pick rate went back up to 95 lines an hour.")
        #expect(plain.sentences.allSatisfy { $0.writtenLabel == nil })
        // A label that names no one part ("Lessons learned:" is Other's) is not named.
        let lessons = try analyze("Situation: Our shop's stock counts were wrong every month.\nTask: My manager asked me to fix the count process.\nAction: I split the shop into zones and gave each zone a named counter. I also moved the count to Monday mornings before opening.\nLessons learned: After two months the count errors fell from 40 a month to 3.")
        let last = try #require(lessons.sentences.last)
        #expect(last.label == .result && last.explicitLabel && last.writtenLabel == nil)
        #expect(!TextReport.render(lessons, style: Style(enabled: false)).contains("(under your"))
    }

    /// A soft hyphen or zero-width space pasted from a word processor is not shown in a
    /// sentence's text (a terminal may print it as a hyphen); the joiners inside an emoji are.
    @Test func sentenceTextLeavesOutInvisibleCharacters() throws {
        let text = "I was asked to fix the sched\u{AD}uling. I set up a weekly plan\u{200B}ning review and tracked every blocker. The team 👩\u{200D}💻 cheered."
        let a = try analyzer.analyze(bytes: Array(text.utf8), path: "a.md")
        #expect(a.sentences.map(\.text) == ["I was asked to fix the scheduling.", "I set up a weekly planning review and tracked every blocker.", "The team 👩\u{200D}💻 cheered."])
        // Where they are: the span still counts the characters as written.
        #expect(a.sentences[1].line == 1 && a.sentences[1].column == 37)
    }

    /// A link or a tag keeps its text, and where its markup stood right before a comma or a
    /// closing mark no space is left there; a space the writer typed stays.
    @Test func sentenceTextLeavesNoSpaceWhereMarkupStood() throws {
        let text = "I fixed the [till](http://x.y), then I rang <b>Sam</b>. It worked (see [the guide](http://a.b)). I typed this , myself."
        let a = try analyzer.analyze(bytes: Array(text.utf8), path: "a.md")
        #expect(a.sentences.map(\.text) == ["I fixed the till, then I rang Sam.", "It worked (see the guide).", "I typed this , myself."])
        #expect(a.sentences[1].column == 57)
        // Spaces inside the markup, and emphasis around it, are the markup's too.
        for (markup, text) in [("I read [the guide](http://a.b \"The guide\"), then I rang Sam.", "I read the guide, then I rang Sam."),
                               ("I rang Sam<br />, then I wrote it up.", "I rang Sam, then I wrote it up."),
                               ("I rang Sam<!-- check this -->, then I wrote it up.", "I rang Sam, then I wrote it up."),
                               ("I fixed the **[till](http://x.y)**, then I rang Sam.", "I fixed the till, then I rang Sam.")] {
            #expect(try analyzer.analyze(bytes: Array(markup.utf8), path: "m.md").sentences.first?.text == text)
        }
    }

    /// A one-sentence answer that tells a step keeps the part the model reads in it: not
    /// Other at a confidence below any other part's, with "no Action" on top.
    @Test func aOneSentenceAnswerKeepsItsPart() throws {
        let a = try analyzer.analyze(bytes: Array("Last month I fixed a bug in production and the errors stopped.\n".utf8), path: "a.txt")
        #expect(a.sentences.count == 1)
        #expect(a.sentences[0].label != .other, "\(a.sentences[0])")
        #expect(a.sentences[0].confidence >= 0.2, "\(a.sentences[0])")
        // The step and its outcome in one sentence may be read as either; read as the Result,
        // "no Action" says the step is told inside it.
        if let missing = a.findings.first(where: { $0.rule == "missing-action" }) {
            #expect(a.sentences[0].label == .result && missing.message.contains("told only inside the Result sentence"), "\(missing.message)")
        }
        let step = try analyzer.analyze(bytes: Array("Last month I rewrote the billing script and tested it with the finance team.\n".utf8), path: "s.txt")
        #expect(step.sentences.map(\.label) == [.action], "\(step.sentences)")
        #expect(!step.findings.contains { $0.rule == "missing-action" })
        // A one-sentence answer with no story in it is still Other.
        let b = try analyzer.analyze(bytes: Array("I am a very careful person and I want to learn many things here.\n".utf8), path: "b.txt")
        #expect(b.sentences[0].label == .other, "\(b.sentences[0])")
    }

    /// A part label with nothing under it (a template not filled in) is named as empty, not
    /// as missing; a template with a title and no text at all is no answer.
    @Test func anEmptyPartLabelIsNamedAsEmpty() throws {
        let text = "# My answer\n\n## Situation\n\nOur stock room was a mess and deliveries went missing every week.\n\n## Task\n\n## Action\n\nI made a map of the room, put labels on every shelf and trained the drivers.\n\n## Result\n"
        let a = try analyzer.analyze(bytes: Array(text.utf8), path: "a.md")
        #expect(a.findings.first { $0.rule == "missing-task" }?.message == "no Task: your Task label has no sentence under it")
        #expect(a.findings.first { $0.rule == "missing-result" }?.message == "no Result: your Result label has no sentence under it")
        #expect(a.findings.first { $0.rule == "missing-result" }?.suggestion?.hasPrefix("fill it in: ") == true)
        // Each is located at its empty label's line, not at the answer's first sentence.
        #expect(a.findings.first { $0.rule == "missing-task" }?.span == SourceSpan(line: 7, column: 1, endLine: 7, endColumn: 8))
        #expect(a.findings.first { $0.rule == "missing-result" }?.span == SourceSpan(line: 13, column: 1, endLine: 13, endColumn: 10))
        let inline = "Situation: Our stock room was a mess and deliveries went missing every week.\n  Task:   \nAction: I made a map of the room, put labels on every shelf and trained the drivers. Deliveries stopped going missing.\n"
        let b = try analyzer.analyze(bytes: Array(inline.utf8), path: "b.md")
        #expect(b.findings.first { $0.rule == "missing-task" }?.span == SourceSpan(line: 2, column: 3, endLine: 2, endColumn: 8))
        #expect(throws: StarlintError.emptyTemplate(path: "t.md")) { try analyzer.analyze(bytes: Array("# My answer\n\n## Situation\n\n## Task\n\n## Action\n\n## Result\n".utf8), path: "t.md") }
        // A title with nothing after it, and no labels, is still read as the answer.
        #expect(try analyzer.analyze(bytes: Array("# I fixed the build\n".utf8), path: "b.md").sentences.count == 1)
    }

    /// Asked what they would do, a plan is backed by a time it was done only where "I" tells
    /// that time ("Last spring, when ..., I did exactly this"), not by an "I" in a clause
    /// ("the day I promised"); the finding is then advice (info), as for any such plan.
    @Test func aPlanIsBackedOnlyByATimeTheWriterTells() throws {
        let plan = "---\nquestion: q023\n---\nI would ring the service desk first and ask how long the outage would last.\nI would tell my manager and the client straight away.\nThen I would finish what I could offline and send it with a note.\n"
        let clause = try analyzer.analyze(bytes: Array((plan + "That way the client still gets the report on the day I promised.\n").utf8), path: "a.md")
        #expect(clause.findings.first { $0.rule == "hypothetical" }?.severity == .info)
        let backed = try analyzer.analyze(bytes: Array((plan + "Last spring, when our file server failed, I did exactly this, and the client had the report by noon.\n").utf8), path: "b.md")
        #expect(!backed.findings.contains { $0.rule == "hypothetical" })
    }

    /// A long sentence read as one part names the parts the answer then lacks, Task included.
    /// The summary line's part shares agree with the balance finding: a share that rounding
    /// would carry onto a round figure is shown with tenths.
    @Test func partSharesAreNotRoundedOntoAnAim() {
        #expect(TextReport.partShare(295, of: 1000) == "29.5%")
        #expect(TextReport.partShare(404, of: 1000) == "40.4%")
        #expect(TextReport.partShare(300, of: 1000) == "30%")
        // Exact shares whose division is not exact in binary: 33 of 60 is 55%, not "55.0%".
        #expect(TextReport.partShare(33, of: 60) == "55%" && TextReport.partShare(7, of: 20) == "35%")
        // Beside no limit, no decimals: 15.04% and 54.7% are "15%" and "55%".
        #expect(TextReport.partShare(1504, of: 10000) == "15%" && TextReport.partShare(547, of: 1000) == "55%")
        #expect(TextReport.partShare(213, of: 1000) == "21%")
        #expect(TextReport.partShare(2996, of: 10000) == "29.96%")
        #expect(TextReport.partShare(0, of: 0) == "0%")
    }

    @Test func aLongSentenceNamesThePartsItMayHide() throws {
        let runOn = "my job was driving a fridge truck for a food company, one night the cooling unit started to fail on the motorway, so I pulled in at a services, I phoned the depot, I moved the pallets to the back, I kept checking the probe every twenty minutes, I drove slowly to the nearest depot, the client took all of the load in the morning without any complaint at all."
        let message = try analyzer.analyze(bytes: Array(runOn.utf8), path: "a.md").findings.first { $0.rule == "long-sentence" }?.message
        #expect(message?.hasSuffix("which may be why it finds no Situation, Task or Result") == true, "\(message ?? "none")")
        let labelled = "Situation: Our depot ran late every Monday.\n" + runOn
        let one = try analyzer.analyze(bytes: Array(labelled.utf8), path: "a.md").findings.first { $0.rule == "long-sentence" }?.message
        #expect(one?.hasSuffix("which may be why it finds no Task or Result") == true, "\(one ?? "none")")
    }

    /// A sentence pasted again takes its first copy's label: an answer with no Result pasted
    /// four times still has none (the fourth copy's Situation sentence was read as a Result,
    /// so `missing-result`, an error, went away and `check` passed the padded answer).
    @Test func aPastedSentenceTakesItsFirstCopysLabel() throws {
        let once = "Last spring our shop kept running out of bestsellers on weekends. I was asked to fix the ordering. I checked six months of sales data and I set up a weekly reorder list for the top twenty items.\n"
        let single = try analyzer.analyze(bytes: Array(once.utf8), path: "a.md")
        #expect(single.sentences.map(\.label) == [.situation, .task, .action])
        let pasted = try analyzer.analyze(bytes: Array(Array(repeating: once, count: 4).joined(separator: "\n").utf8), path: "a.md")
        #expect(pasted.sentences.map(\.label) == Array(repeating: [StarLabel.situation, .task, .action], count: 4).flatMap { $0 })
        #expect(rules(pasted).contains("missing-result") && pasted.findings.filter { $0.rule == "repeated-sentence" }.count == 9)
        #expect(pasted.score < single.score)
        // So does a copy under a part label of its own: an Action pasted under "Result:" is no
        // Result, and the finding says why.
        let labelled = try analyzer.analyze(bytes: Array("Situation: Our depot missed its Monday deliveries for a month.\nAction: I moved the loading to Sunday night and sorted the pallets by route.\nResult: I moved the loading to Sunday night and sorted the pallets by route.\n".utf8), path: "a.md")
        #expect(labelled.sentences.map(\.label) == [.situation, .action, .action], "\(labelled.sentences.map(\.label))")
        #expect(labelled.findings.contains { $0.rule == "repeated-sentence" } && labelled.findings.contains { $0.rule == "missing-result" },
                "\(labelled.findings.map(\.rule))")
    }

    /// The figures a result-not-quantified message quotes are the figures as written: a time
    /// "6:30" (not "6"), money with its sign, and no word such as "every" or "now" taken for a
    /// unit; every figure of the Result up to three, so the one that reads like a change is
    /// named ("3,000 euros", not only "40 party").
    @Test func aScopeFigureIsQuotedAsWritten() throws {
        let story = "Situation: Our leisure centre opened its pool late most mornings.\nTask: I had to get the early sessions starting on time.\nAction: I rebuilt the lifeguard rota and trained the staff on it over two weeks.\nResult: "
        for (result, quoted) in [("The pool now opens at 6:30 every morning and the gym at 7:15.", "(\"6:30\", \"7:15\")"),
                                 ("The 40 party guests loved the new rota and the takings were worth about 3,000 euros.", "(\"40 party\", \"3,000 euros\")"),
                                 // Three at most; "no one" is no figure.
                                 ("The rota had 14 shifts and 9 lifeguards, and 5 volunteers and 2 managers helped too.", "(\"14 shifts\", \"9 lifeguards\", \"5 volunteers\")"),
                                 ("The pool opens at 06:00 now.", "(\"06:00\")"),
                                 ("The boats were ready by 6.30 every day.", "(\"6.30\")"),
                                 ("Our team of 12 agents used the new rota.", "(\"12 agents\")"),
                                 // A unit of two letters is quoted with its figure too.
                                 ("The pool is kept at a depth of 900 mm at the shallow end.", "(\"900 mm\")")] {
            let message = try analyzer.analyze(bytes: Array((story + result + "\n").utf8), path: "a.md").findings.first { $0.rule == "result-not-quantified" }?.message
            #expect(message?.hasPrefix("the Result has figures \(quoted), but they describe scope or time") == true, "\(result): \(message ?? "none")")
        }
    }

    /// An empty `question:` names no question, in the JSON as in the database.
    @Test func anEmptyQuestionLineNamesNone() throws {
        for fm in ["question:", "question:   ", "question: \"\""] {
            let a = try analyzer.analyze(bytes: Array("---\n\(fm)\n---\nI fixed the rota and waits fell from 3 days to 1.\n".utf8), path: "a.md")
            #expect(a.question == nil, "\(fm)")
        }
    }

    /// An Action told only inside the Result sentence: the finding points there and says so.
    @Test func actionInsideTheResultIsNamed() throws {
        let text = "Situation: Our clinic's waiting list had grown to nine weeks.\nTask: I had to bring it down before the winter.\nResult: I rebooked every routine review into evening clinics, which brought the list down to three weeks by December.\n"
        let a = try analyzer.analyze(bytes: Array(text.utf8), path: "a.md")
        let f = try #require(a.findings.first { $0.rule == "missing-action" })
        #expect(f.message == "no Action sentence: what you did is told only inside the Result sentence")
        #expect(f.span.line == 3 && f.span.column == 9)
        let plain = try analyzer.analyze(bytes: Array(text.replacingOccurrences(of: "I rebooked every routine review into evening clinics, which brought the list", with: "The list came").utf8), path: "b.md")
        // Under part labels that name no Action, the message says so rather than "never says".
        #expect(plain.findings.first { $0.rule == "missing-action" }?.message == "no Action: no sentence reads as what you did, and your part labels name no Action")
        let unlabelled = try analyzer.analyze(bytes: Array("Our clinic's waiting list had grown to nine weeks. By December the list was down to three weeks.\n".utf8), path: "c.md")
        #expect(unlabelled.findings.first { $0.rule == "missing-action" }?.message == "no Action: no sentence reads as what you did")
    }

    /// A part's label written over a sentence read as something else: the finding says what
    /// it was read as, at that sentence, instead of "the answer never says".
    @Test func aWrittenLabelReadOtherwiseIsNamed() throws {
        let a = try analyzer.analyze(bytes: Array("Situation: Thanks, that is a good question.\n".utf8), path: "a.md")
        #expect(a.sentences.map(\.label) == [.other])
        let f = try #require(a.findings.first { $0.rule == "missing-situation" })
        #expect(f.message == "no Situation: the sentence under your Situation label reads as a general remark, not as the context")
        #expect(f.span.line == 1 && f.span.column == 12)
        // The other parts' suggestions say the label holds what follows.
        let action = try #require(a.findings.first { $0.rule == "missing-action" })
        #expect(action.suggestion?.hasSuffix("nothing after your Situation label reads as an Action: put an Action label ('Action:') before your steps") == true, "\(action.suggestion ?? "")")
        // One label mid-paragraph: what follows reads as the Situation unless it plainly is
        // another part (a step, an outcome), and then says which label it sits under.
        let steps = try analyzer.analyze(bytes: Array("Last spring I was a junior analyst. Situation: the report kept breaking. I rebuilt the formulas myself. The report now takes one day, not three.\n".utf8), path: "s.md")
        #expect(steps.sentences.map(\.label) == [.situation, .situation, .action, .result])
        #expect(steps.sentences.map(\.writtenLabel) == [nil, nil, .situation, .situation])
        #expect(!steps.findings.contains { $0.rule == "missing-action" || $0.rule == "missing-result" })
        // With nothing after it but background, the missing parts' findings say the label holds.
        let mid = try analyzer.analyze(bytes: Array("Last spring I was a junior analyst. Situation: the report kept breaking every Monday.\n".utf8), path: "b.md")
        let m = try #require(mid.findings.first { $0.rule == "missing-action" })
        #expect(m.message == "no Action: no sentence reads as what you did, and your part labels name no Action")
        let r = try #require(mid.findings.first { $0.rule == "missing-result" })
        #expect(r.message == "no Result: no sentence reads as how it turned out, and your part labels name no Result")
    }

    @Test func weakExamplesAreFlaggedAndScoreLower() throws {
        let strong = try analyzer.analyze(file: packageRoot + "/Corpus/examples/strong.md")
        let filler = try analyzer.analyze(file: packageRoot + "/Corpus/examples/filler-heavy.md")
        #expect(rules(filler).isSuperset(of: ["filler", "hedge"]))
        #expect(filler.findings.filter { $0.rule == "filler" }.count >= 6)
        #expect(filler.score < strong.score - 20)
        let noResult = try analyzer.analyze(file: packageRoot + "/Corpus/examples/no-result.md")
        #expect(rules(noResult).contains("missing-result"))
        #expect(!noResult.quantifiedResult && noResult.quantifiedResultSentence == nil)
        #expect(TextReport.render(noResult, style: Style(enabled: false)).contains("quantified result: no\n"))
        // Findings past a rule's cap or a sub-score of 0 are not left unexplained: the report
        // counts the ones that took no points.
        let fillers = filler.findings.filter { $0.rule == "filler" }.count, charged = filler.deductions.filter { $0.rule == "filler" }.count
        #expect(fillers > charged)
        #expect(TextReport.render(filler, style: Style(enabled: false))
                    .contains("  \(fillers - charged) more filler and 2 more hedge findings take no points: clarity is already at 0, so removing some of them raises the score only once clarity's findings cost under 100 points"))
        #expect(!TextReport.render(strong, style: Style(enabled: false)).contains("take no points"))
        let hyp = try analyzer.analyze(file: packageRoot + "/Corpus/examples/hypothetical.md")
        #expect(rules(hyp).contains("hypothetical"))
        // The question is situational, so the hypothetical finding is only informational.
        #expect(hyp.findings.first { $0.rule == "hypothetical" }?.severity == .info)
    }

    @Test func everyDeductionIsTiedToAFinding() throws {
        let a = try analyzer.analyze(file: packageRoot + "/Corpus/examples/filler-heavy.md")
        #expect(!a.deductions.isEmpty)
        for d in a.deductions {
            #expect(a.findings.contains { $0.rule == d.rule && $0.line == d.line && $0.column == d.column })
        }
        // Sub-scores are 100 minus their deductions; the total is their weighted mean.
        let rubric = Lexicon.bundled.rubric
        for dim in Dimension.allCases {
            let lost = a.deductions.filter { $0.dimension == dim }.reduce(0) { $0 + $1.points }
            #expect(a.subscores[dim] == Int((100 - lost).rounded()))
        }
        let wsum = Dimension.allCases.reduce(0) { $0 + rubric.weights[$1]! }
        var total = 0.0
        for dim in Dimension.allCases {
            let lost = a.deductions.filter { $0.dimension == dim }.reduce(0) { $0 + $1.points }
            total += rubric.weights[dim]! * (100 - lost)
        }
        total /= wsum
        #expect(a.score == Int(total.rounded()))
    }

    /// A sentence said again is reported at the repeat, naming the first, and costs concision;
    /// `length` does not count it, so repeating a story does not lift it over the minimum.
    @Test func repeatedSentencesArePaddingNotWords() throws {
        let story = "Situation: Our warehouse shipped late orders every Monday last spring.\nTask: I had to clear the backlog before the summer sale.\nAction: I moved the pickers onto two shifts and rewrote the packing list.\nI checked the late orders every morning with the shift leads.\n"
        let result = "Result: Late orders fell from forty a week to six within a month.\n"
        let repeats = "I checked the LATE orders, every morning, with the shift leads!\nI moved the pickers onto two shifts and rewrote the packing list.\n"
        let once = try analyzer.analyze(bytes: Array((story + result).utf8), path: "a.md")
        let twice = try analyzer.analyze(bytes: Array((story + repeats + result).utf8), path: "a.md")
        #expect(!once.findings.contains { $0.rule == "repeated-sentence" })
        let found = twice.findings.filter { $0.rule == "repeated-sentence" }
        #expect(found.map(\.line) == [5, 6])
        #expect(found.map(\.message) == ["repeats the sentence at line 4, column 1", "repeats the sentence at line 3, column 9"])
        // A five-word sentence counts; a filler inside a repeat is not taken off twice, and
        // the count says what it left out.
        let five = try analyzer.analyze(bytes: Array("I rang all the drivers.\nThen it got better.\nI rang all the drivers.\n".utf8), path: "a.md")
        #expect(five.findings.filter { $0.rule == "repeated-sentence" }.map(\.line) == [3])
        let both = try analyzer.analyze(bytes: Array("I basically rang all the drivers.\nThen it got better.\nI basically rang all the drivers.\n".utf8), path: "a.md")
        #expect(both.findings.first { $0.rule == "length" }?.message.hasPrefix("answer is too short: 9 words without filler, hedges and repeated sentences (16 in all)") == true,
                "\(both.findings.map(\.message))")
        // Both answers are short by the same count of words that carry the story.
        let short = { (a: Analysis) in a.findings.first { $0.rule == "length" }?.message ?? "" }
        #expect(short(once).hasPrefix("answer is too short: 54 words, "))
        #expect(short(twice).hasPrefix("answer is too short: 54 words without repeated sentences (77 in all), "))
        // In an answer of a good length, each repeat takes concision points.
        let strong = Examples.strong
        let padded = strong.replacingFirst("Result:", with: "I shared a weekly chart with the team so everyone could see the trend.\nResult:")
        let (a, b) = (try analyzer.analyze(bytes: Array(strong.utf8), path: "a.md"), try analyzer.analyze(bytes: Array(padded.utf8), path: "a.md"))
        let cost = try #require(Lexicon.bundled.rubric.costs["repeated-sentence"])
        #expect(cost.dimension == .concision)
        #expect(b.deductions.filter { $0.rule == "repeated-sentence" }.map(\.points) == [cost.points])
        #expect(b.subscores.concision == a.subscores.concision - Int(cost.points))
        #expect(b.score < a.score)
        // A long answer (past the few dozen sentences compared pairwise) finds them alike.
        let many = (1...60).map { "I counted the pallets in bay \($0) of the north aisle." }
        let long = (many + [many[9], "Then I rang the depot.", many[2], many[9]]).joined(separator: "\n")
        let found2 = try analyzer.analyze(bytes: Array(long.utf8), path: "a.md").findings.filter { $0.rule == "repeated-sentence" }
        #expect(found2.map(\.line) == [61, 63, 64])
        #expect(found2.map(\.message) == ["repeats the sentence at line 10, column 1", "repeats the sentence at line 3, column 1", "repeats the sentence at line 10, column 1"])
    }

    /// The length deduction grows with the distance from the range: a tenth of the rule's
    /// points just outside it, all of them at `length.very-short` / `length.very-long`.
    @Test func lengthDeductionIsGraded() throws {
        let rubric = Lexicon.bundled.rubric
        let full = try #require(rubric.costs["length"]).points
        func answer(words n: Int) -> String {
            // Sentences of ten words, numbered so that none repeats another (`length` leaves
            // repeats out); the first n words.
            let words = (0..<n).map { k in String("I rang supplier \(k / 10 + 1) and agreed a new delivery slot".split(separator: " ")[k % 10]) }
            return stride(from: 0, to: n, by: 10).map { words[$0..<min(n, $0 + 10)].joined(separator: " ") + "." }.joined(separator: " ")
        }
        func lengthPoints(_ n: Int, min: Int? = nil, max: Int? = nil) throws -> (Double?, Double) {
            var settings = AnalysisSettings()
            settings.minWords = min
            settings.maxWords = max
            let a = try Analyzer(settings: settings).analyze(bytes: Array(answer(words: n).utf8), path: "answer.md")
            let f = a.findings.first { $0.rule == "length" }
            // (Concision's: under `length.min-credit` words the finding also takes a share of
            // every sub-score, `tooShortToJudgeKeepsOnlyItsCredit`.)
            return (f?.weight, a.deductions.filter { $0.rule == "length" && $0.dimension == .concision }.reduce(0) { $0 + $1.points })
        }
        // The bundled rubric: 100-450 words, full deduction at 70 and below or 650 and above.
        #expect(rubric.value("length.min", default: 0) == 100 && rubric.value("length.very-short", default: 0) == 70)
        #expect(rubric.value("length.max", default: 0) == 450 && rubric.value("length.very-long", default: 0) == 650)
        #expect(try lengthPoints(100) == (nil, 0))
        #expect(try lengthPoints(99) == (0.1, (full * 0.1 * 10).rounded() / 10))
        #expect(try lengthPoints(94) == (0.2, (full * 0.2 * 10).rounded() / 10))
        #expect(try lengthPoints(90) == (0.33, (full * 0.33 * 10).rounded() / 10))
        #expect(try lengthPoints(85) == (0.5, (full * 0.5 * 10).rounded() / 10))
        #expect(try lengthPoints(70) == (nil, full))
        #expect(try lengthPoints(30) == (nil, full))
        #expect(try lengthPoints(550).0 == 0.5)
        // A range of one's own moves those points in proportion: a minimum of 80 takes all of it
        // at 56 words (70% of it), a minimum of 39 at 27; a maximum of 900 at 1,300.
        #expect(try lengthPoints(79, min: 80).0 == 0.1)
        #expect(try lengthPoints(74, min: 80).0 == 0.25)
        #expect(try lengthPoints(68, min: 80).0 == 0.5)
        #expect(try lengthPoints(56, min: 80) == (nil, full))
        #expect(try lengthPoints(38, min: 39).0 == 0.1)
        #expect(try lengthPoints(33, min: 39).0 == 0.51)
        #expect(try lengthPoints(27, min: 39).0 == nil)
        #expect(try lengthPoints(901, max: 900).0 == 0.1)
        #expect(try lengthPoints(1100, max: 900).0 == 0.5)
        // A weight is part of the finding in JSON, so the deduction can be checked from it.
        let json = JSONOutput.encode(try analyze(answer(words: 90)))
        #expect(json.contains("\"weight\" : 0.33"))
    }

    /// Under `length.min-credit` content words an answer is too short to judge: every
    /// sub-score keeps words / min-credit of its points, the rest listed as `length`
    /// deductions, so "Um." scores 0 rather than keeping full marks for what it never said.
    @Test func tooShortToJudgeKeepsOnlyItsCredit() throws {
        let rubric = Lexicon.bundled.rubric
        #expect(rubric.value("length.min-credit", default: 0) == 35)
        func words(_ n: Int) -> String {
            let w = (0..<n).map { k in String("I rang supplier \(k / 10 + 1) and agreed a new delivery slot".split(separator: " ")[k % 10]) }
            return stride(from: 0, to: n, by: 10).map { w[$0..<min(n, $0 + 10)].joined(separator: " ") + "." }.joined(separator: " ")
        }
        func check(_ a: Analysis) {
            // Every point still explained: sub-scores are 100 minus their deductions, the
            // total their weighted mean.
            let wsum = Dimension.allCases.reduce(0) { $0 + rubric.weights[$1]! }
            var total = 0.0
            for d in Dimension.allCases {
                let lost = a.deductions.filter { $0.dimension == d }.reduce(0) { $0 + $1.points }
                #expect(a.subscores[d] == Int((100 - lost).rounded()), "\(d)")
                total += rubric.weights[d]! * (100 - lost)
            }
            #expect(a.score == Int((total / wsum).rounded()))
        }
        let um = try analyze("Um.\n")
        #expect(um.score == 0)
        #expect(Dimension.allCases.allSatisfy { um.subscores[$0] == 0 })
        #expect(um.findings.first { $0.rule == "length" }?.credit == 0)
        check(um)
        // 20 words keep 57% of what the other findings left of each sub-score.
        let twenty = try analyze(words(20))
        let f = try #require(twenty.findings.first { $0.rule == "length" })
        #expect(f.credit == 0.57)
        #expect(f.message.hasSuffix("; under 35 words there is too little to judge, so concision scores 0 and every other sub-score keeps 57% of its points"), "\(f.message)")
        #expect(Dimension.allCases.allSatisfy { twenty.subscores[$0] <= 57 })
        #expect(twenty.subscores[.concision] == 0, "as the message says")
        #expect(Set(twenty.deductions.filter { $0.rule == "length" }.map(\.dimension)).count >= 4)
        check(twenty)
        #expect(JSONOutput.encode(twenty).contains("\"credit\" : 0.57"))
        // From 35 words, none; the credit is not a finding's own weight.
        let enough = try analyze(words(35))
        #expect(enough.findings.first { $0.rule == "length" }?.credit == nil)
        #expect(!JSONOutput.encode(enough).contains("\"credit\""))
        // A range of one's own moves it in proportion: with a minimum of 80, 28 words.
        var settings = AnalysisSettings()
        settings.minWords = 80
        let entry = Analyzer(settings: settings)
        #expect(try entry.analyze(bytes: Array(words(27).utf8), path: "a.md").findings.first { $0.rule == "length" }?.credit == 0.96)
        #expect(try entry.analyze(bytes: Array(words(28).utf8), path: "a.md").findings.first { $0.rule == "length" }?.credit == nil)
    }

    @Test func outputIsDeterministic() throws {
        let bytes = try FileIO.read(packageRoot + "/Corpus/examples/bullets.md")
        let a = try analyzer.analyze(bytes: bytes, path: "x.md")
        let b = try analyzer.analyze(bytes: bytes, path: "x.md")
        #expect(JSONOutput.encode(a) == JSONOutput.encode(b))
    }

    @Test func quantifiedChangeVersusScope() throws {
        let cases: [(String, Bool)] = [
            ("cut review time from 3 days to 4 hours", true),
            ("retention went up 12%", true),
            ("we saved $40k a year", true),
            ("sign-ups doubled", true),
            ("the queue was cut in half", true),
            ("there have been zero incidents since", true),
            ("since then we've had no falls on the ward", true),
            // "no" in an idiom counts no zero; "no exceptions" closing a clause is one.
            ("since then i test every single time, no exceptions", false),
            ("I have had no doubt about it since", false),
            ("since the fix we have had no exceptions in the production logs", true),
            ("since the fix the pager no longer goes off at night", true),
            ("tickets are now half what they were at launch", true),
            ("we moved from eleventh to third in the region", true),
            ("the branch went from eleventh place to third place", true),
            ("from the first day to the end of the project I kept notes", false),
            ("I came third out of eleventh-hour applicants", false),
            ("we reduecd waiting times from 40 minutes to 15", true),
            ("sign-ups dobuled after the launch", true),
            ("waiting times were reducd by 40%", true),
            ("we bought in 200 chairs for the event", false),
            ("the trial half had far more visitors", false),
            ("sales grew in the first half", false),
            ("we cut waiting by half", true),
            ("errors fell to half the usual rate", true),
            ("I now check every caption with two or more people in it", false),
            ("she needed 7 or more in every paper", false),
            ("I led a team of 8 on a product with 100k users", false),
            ("this was in 2021", false),
            ("everyone was really happy", false),
            // Two stages compared, a figure for each; "went from" something to a figure.
            ("the first chapter took three days, but by the end I did one in an afternoon", true),
            ("at first a third of the packs came back, and by the end of January about two thirds", true),
            ("on my first block the client found 14 defects per flat, on the second it was 7", true),
            ("first I called two suppliers and later I met three drivers", false),
            ("our app went from an outage every fortnight to one in five months", true),
            ("we went from the old office to the new one", false),
            // "the year before" as the comparison; "new" is no change.
            ("nobody left, where four had walked out the year before", true),
            ("the council sent a new timetable with 15:25", false),
            // After an "after" frame, a measure (ratio, rate, "only", "back at"); counts,
            // the frame's own period and "one of" are not measures.
            ("by the end of August only one box in forty came back", true),
            ("after three weeks I was picking about 160 trays a day", true),
            ("in the next two months only two patients missed a dose", true),
            ("in the twelve months after that we had 3 falls out of 40 residents", true),
            ("by March the backlog was under 12", true),
            ("after about eight months she made me shift lead", false),
            ("by the end of the year one of the two trainees was leading the team", false),
            ("in the following weeks the three senior nurses used the chart", false),
            ("after a month the ward had twelve beds", false),
            // A particle after an object pronoun; "double" as in "a double shift".
            ("she could pick it up in five minutes", false),
            ("she put me down for two courses", false),
            ("my hands stopped aching after a double shift", false),
            ("bookings went up 20% in a month", true),
            ("at first a tray took me forty minutes, now it takes fifteen", true),
            ("at first I was nervous, now I enjoy the night shifts", false),
            ("by the sixth month a show averaged fifty people", true),
            ("by the sixth month the team had twelve drivers", false),
            ("after six months I was sending back about one of her lots in thirty", true),
            ("usually it gets sorted in half an hour", false),
            // Scope told after a frame: approximate counts, times of day, counts in places, the
            // span of the work, the state before; a clause of its own after "when".
            ("after a month I was leading a team of about eight agents", false),
            ("by then we were meeting at 9 every morning", false),
            ("by the end of the year I had run 6 workshops in 3 cities", false),
            ("for the next two months I worked roughly 50 hours on the rollout", false),
            ("at the time the team was handling about 200 calls a day", false),
            ("the team had 6 agents when I started, and 2 of them were new", false),
            ("we hired two new drivers when three left last spring", false),
            ("of the 12 trainees, the first 5 now run their own shifts", false),
            ("we got it down to two days", true),
            ("by the end of June 1 in 40 orders came back late", true),
            // Two figures either side of "when" / "where", the second told as the earlier state.
            ("we lost two drivers this winter, when the winter before we lost nine", true),
            ("he fits a door in about an hour, when at the start it took him three", true),
            ("we lost two drivers this winter, when nine new ones joined", false),
            // Frequencies before and after ("from most days to almost never").
            ("wrong-colour returns went from most days to almost never within a month", true),
            ("price updates went from weekly to daily", true),
            ("lockout calls went from every night to once a week", true),
            // "x3" after a change, "threefold"; not an order's "x2".
            ("refunds per day went up x3", true),
            ("sales grew threefold", true),
            ("the slip said lamb racks x2", false),
            // The time a change took is not its size.
            ("refunds became much quicker within a month", false),
            ("refund complaints went down within a month", false),
            ("the fix went out in four days instead of the usual two-week cycle", true),
            ("complaints fell by half in two weeks", true),
            // ... before the change word too; a place after it ("across all 5 sites") is scope,
            // and a figure past a comma before it (or a semicolon after it) is another clause's.
            ("after 6 months churn was much lower", false),
            ("over 2 years churn kept going down", false),
            ("after 6 months churn was 20% lower", true),
            ("errors dropped significantly across all 5 sites", false),
            ("by the end I was leading a team of 8, and churn improved significantly", false),
            ("errors dropped; we had 5 sites", false),
            ("within a month, complaints fell from 40 to 12", true),
            ("the backlog fell to 12, down from 40", true),
            // A period that measures a thing is no margin ("two days early" is one).
            ("nothing fazes me after ten years of early starts", false),
            ("we finished two days early", true),
            // "by half term" is a time, "raised no complaints" no change.
            ("by half term all 12 agents had raised no complaints about the templates", false),
            // Names, not figures: "24/7", "number 1", "page 2".
            ("refunds became much faster for our 24/7 support line", false),
            ("refunds became much quicker, which was my number 1 goal", false),
            ("the figures improved, as page 2 of my CV shows", false),
        ]
        // The hand-written facts read each one-sentence answer, and without a quantified-result
        // model the analyzer follows them. With the bundled model a change they find stands
        // (it vetoes only below 0.15), but on a lone sentence with a figure and nothing around
        // it the model often leans to "change" (scope one-liners at 0.52-0.83): its rescue is
        // tested in whole answers, ResultNotQuantifiedRule's examples.
        var factsOnlyModel = Lexicon.bundled.model
        factsOnlyModel.quantified = QuantifiedModel()
        let factsOnly = Analyzer(labeler: ModelLabeler(model: factsOnlyModel))
        for (text, expected) in cases {
            let bytes = Array("Result: \(text).".utf8)
            let facts = analyzer.prepare(bytes: bytes).facts[0]
            #expect(facts.quantifiesChange == expected, "\(text)")
            #expect(try factsOnly.analyze(bytes: bytes, path: "answer.md").quantifiedResult == expected, "\(text)")
            if expected { #expect(try analyze("Result: \(text).").quantifiedResult, "\(text)") }
        }
    }

    /// Repeats do not buy points: a short sentence said over and over is caught, and where
    /// repeats outweigh the new words every sub-score keeps only a share, on the first repeat's
    /// finding; a doubled answer keeps all of it.
    @Test func repeatedTextEarnsNoPoints() throws {
        let once = try analyze(String(repeating: "I fixed the bug. ", count: 30))
        #expect(once.findings.filter { $0.rule == "repeated-sentence" }.count == 29)
        #expect(once.score < 20, "\(once.score)")
        let answer = try String(contentsOfFile: packageRoot + "/Corpus/examples/strong.md", encoding: .utf8)
        let single = try analyze(answer), twice = try analyze(answer + "\n\n" + answer)
        let six = try analyze(Array(repeating: answer, count: 6).joined(separator: "\n\n"))
        #expect(twice.score >= single.score - 25, "\(single.score) \(twice.score)")
        #expect(!twice.findings.contains { $0.message.contains("keeps") })
        #expect(six.score < twice.score / 2, "\(six.score) \(twice.score)")
        let first = try #require(six.findings.first { $0.rule == "repeated-sentence" })
        #expect(first.message.contains("of the answer's") && first.message.contains("every sub-score keeps 20% of its points (its "), "\(first.message)")
        #expect(six.deductions.contains { $0.rule == "repeated-sentence" && $0.dimension == .structure })
    }

    /// The two newer shapes set their own facts, so a finding can be traced to the one that fired.
    @Test func outcomeFiguresAndComparisonClausesAreTheirOwnFacts() {
        func facts(_ text: String) -> SentenceFacts { analyzer.prepare(bytes: Array("Result: \(text).".utf8)).facts[0] }
        let outcome = facts("By the end of August only one box in forty came back")
        #expect(outcome.outcomeFigure && !outcome.comparisonClause)
        let comparison = facts("We lost two drivers this winter, when the winter before we lost nine")
        #expect(comparison.comparisonClause && !comparison.outcomeFigure)
        // The period of the frame itself is not the measure.
        #expect(!facts("After three weeks she ran the morning shift").outcomeFigure)
    }

    /// A sentence that states a measured change makes the Result quantified when it is
    /// labelled Result, or when the answer has a Result and the sentence's probability of
    /// Result reaches the threshold (a result told first, read as the Situation); an answer
    /// without a Result has no quantified one.
    @Test func aProbableResultToldFirstCountsForTheQuantifiedResult() {
        let input = analyzer.prepare(bytes: Array("Complaints fell from 40 a week to 6. The desk was swamped. I rewrote the replies. Everyone was happier.".utf8))
        #expect(input.facts[0].quantifiesChange && !input.facts[3].quantifiesChange)
        func p(_ l: StarLabel, _ r: Double) -> LabelPrediction { LabelPrediction(label: l, confidence: 0.6, resultProbability: r) }
        let labels = [p(.situation, 0.3), p(.situation, 0.05), p(.action, 0.1), p(.result, 0.8)]
        #expect(RuleContext.quantifiedResult(input, labels, hasResult: true, minProbability: 0.2) == 0)
        #expect(RuleContext.quantifiedResult(input, labels, hasResult: true, minProbability: 0.5) == nil)
        #expect(RuleContext.quantifiedResult(input, labels, hasResult: false, minProbability: 0.2) == nil)
        var relabelled = labels
        relabelled[0].label = .result
        #expect(RuleContext.quantifiedResult(input, relabelled, hasResult: true, minProbability: 2) == 0)
        // The rule and the analysis read the same sentence.
        let context = RuleContext(input: input, labels: labels, lexicon: .bundled, settings: AnalysisSettings(), hypotheticalQuestion: false)
        #expect(context.quantifiedResultSentence == 0)
        #expect(ResultNotQuantifiedRule().check(context).isEmpty)
        let strict = RuleContext(input: input, labels: labels.map { p($0.label, $0.label == .result ? 1 : 0) }, lexicon: .bundled,
                                 settings: AnalysisSettings(), hypotheticalQuestion: false)
        #expect(strict.quantifiedResultSentence == nil)
        #expect(ResultNotQuantifiedRule().check(strict).map(\.rule) == ["result-not-quantified"])
    }

    /// A one-sentence answer is "1 sentence", and the suggestion for a short answer names
    /// what it lacks.
    @Test func oneSentenceAnswersAreReportedInTheSingular() throws {
        let a = analyzer.analyze(input: analyzer.prepare(bytes: Array("Result: I cut the queue from four days to six hours.".utf8)), path: "one.md", contentHash: "")
        #expect(TextReport.render(a, style: Style(enabled: false)).contains("\n10 words, 1 sentence, about 4 s spoken;"))
        // Long answers are timed in minutes, as people say it.
        #expect([40, 89, 90, 150, 661].map(spokenDuration) == ["40 s", "89 s", "1.5 min", "2.5 min", "11 min"])
        // A word or two is not "0 s"; a pasted book is told in hours, not thousands of minutes.
        #expect([0, 1, 7199, 7200, 2_191_990].map(spokenDuration) == ["1 s", "1 s", "120 min", "2 h", "609 h"])
        #expect(a.findings.first { $0.rule == "length" }?.suggestion == "add the missing detail: the context, what you had to achieve and your own steps")
        // With every part but the Task, the Task is what is missing, not "every part is there".
        let noTask = analyzer.analyze(input: analyzer.prepare(bytes: Array("""
            Last year I worked in a bakery in Bristol and the bread often ran out by noon. I started baking a second batch at ten \
            and moved the display closer to the door. Bread sales rose by 20% and we stopped running out.
            """.utf8)), path: "p.md", contentHash: "")
        #expect(noTask.findings.map(\.rule).contains("missing-task"))
        #expect(noTask.findings.first { $0.rule == "length" }?.suggestion == "add the missing detail: what you had to achieve")
        // A CAR answer ("Challenge:", "Action:", "Result:") is not missing its Situation or Task.
        let car = analyzer.analyze(input: analyzer.prepare(bytes: Array("""
            Challenge: Last year the bakery in Bristol where I worked ran out of bread by noon most days, and I had to stop it \
            without hiring anyone.

            Action: I started baking a second batch at ten and moved the display closer to the door.

            Result: Bread sales rose by 20% and we stopped running out.
            """.utf8)), path: "car.md", contentHash: "")
        let rules = car.findings.map(\.rule)
        #expect(!rules.contains("missing-task") && !rules.contains("missing-situation"), "\(rules)")
    }

    /// Two deductions or more end with their sum and how the score follows from it, to a
    /// hundredth where a tenth would seem to round the other way.
    @Test func theDeductionLinesEndWithTheirSum() {
        func d(_ effect: Double) -> Deduction {
            Deduction(rule: "hedge", dimension: .clarity, points: 10, totalEffect: effect, line: 1, column: 1, message: "m")
        }
        #expect(TextReport.totalLine([d(22.9), d(0.71), d(4.69), d(3.24)], score: 68) == "-31.54 in total: 68.46, rounded to 68")
        #expect(TextReport.totalLine([d(6.2), d(0.5)], score: 93) == "-6.7 in total: 93.3, rounded to 93")
        #expect(TextReport.totalLine([d(10), d(5)], score: 85) == "-15 in total")
        // The rounded totals' sum on the edge itself (the unrounded parts took a little more).
        #expect(TextReport.totalLine([d(50), d(3.5)], score: 46) == "-53.5 in total, a little more before its parts were rounded: 46")
        #expect(TextReport.totalLine([d(50), d(3.56)], score: 47) == "-53.56 in total, a little less before its parts were rounded: 47")
        #expect(TextReport.formatPoints(15.96) == "16" && TextReport.formatPoints(15.94) == "15.9" && TextReport.formatPoints(3) == "3")
        #expect(TextReport.totalLine([d(22.9)], score: 77) == nil)
        #expect(TextReport.totalLine([], score: 100) == nil)
        // As every report prints it: after the deduction lines, before the uncharged ones.
        let lines = TextReport.deductionLines([d(6.2), d(0.5)], findingRules: ["hedge", "hedge", "hedge"], score: 93, style: Style(enabled: false))
        #expect(lines.split(separator: "\n").map(String.init) == [
            "  -10 clarity (-6.2 total)  hedge at 1:1", "  -10 clarity (-0.5 total)  hedge at 1:1", "  -6.7 in total: 93.3, rounded to 93",
            "  1 more hedge finding takes no points: the rubric caps what hedge can take, at 20 clarity points",
        ])
        // A rule none of whose findings took points (its sub-score already at 0): no "more".
        #expect(TextReport.unchargedLines(findingRules: ["hedge", "repeated-sentence", "repeated-sentence"], deductions: [d(3)]) == [
            "2 repeated-sentence findings take no points: a rule's deduction is capped in the rubric, or its sub-score is already at 0",
        ])
        // The lines' tenths add up to the total line's (largest remainders rounded up, the
        // earlier first on a tie): 11.55, 6.75 and 10.55 make 28.85, shown as 28.9, so the
        // lines show 11.6, 6.8 and 10.5, not 11.6, 6.8 and 10.6 (29).
        #expect(TextReport.shownTotals([d(11.55), d(6.75), d(10.55)]) == [11.6, 6.8, 10.5])
        #expect(TextReport.shownTotals([d(9.94), d(1.84), d(4.66)]) == [9.9, 1.8, 4.7])
        #expect(TextReport.shownTotals([d(6.2), d(0.5)]) == [6.2, 0.5])
        // Equal effects are rounded alike, even where the lines then miss the sum by a tenth or
        // so, and the total line says what they add up to.
        #expect(TextReport.shownTotals([d(3.25), d(3.25)]) == [3.3, 3.3])
        #expect(TextReport.totalLine([d(3.25), d(3.25)], score: 94) == "-6.5 in total: 93.5, rounded to 94; the lines above, each rounded to a tenth, add up to 6.6")
        #expect(TextReport.shownTotals([d(0.04), d(0.04), d(0.04)]) == [0, 0, 0])
        #expect(TextReport.totalLine([d(0.04), d(0.04), d(0.04)], score: 100) == "-0.1 in total: 99.9, rounded to 100; the lines above, each rounded to a tenth, add up to 0")
        // Three equal ones and a fourth: the three take their tenths together, the fourth its own.
        #expect(TextReport.shownTotals([d(0.65), d(0.65), d(0.65), d(1.23)]) == [0.7, 0.7, 0.7, 1.2])
        #expect(TextReport.totalLine([d(0.65), d(0.65), d(0.65), d(1.23)], score: 97) == "-3.2 in total: 96.8, rounded to 97; the lines above, each rounded to a tenth, add up to 3.3")
        // The tenths left over go to whole groups of equal effects that take exactly that many:
        // two hedges of 3.25 and a 0.66 (7.16) show as 3.3, 3.3 and 0.6, where the largest
        // remainders alone would give 3.3, 3.2 and 0.7.
        #expect(TextReport.shownTotals([d(3.25), d(3.25), d(0.66)]) == [3.3, 3.3, 0.6])
        #expect(TextReport.totalLine([d(3.25), d(3.25), d(0.66)], score: 93) == "-7.2 in total: 92.8, rounded to 93")
        #expect(TextReport.shownTotals([d(0.13), d(0.13), d(0.13), d(0.22)]) == [0.1, 0.1, 0.1, 0.3])
        // The lines and the total line round the same sum: 4.63, 4.69 and 0.73 (a1125's; 10.05
        // as the machine adds them up, just over) show as 4.7, 4.7 and 0.7 (the 4.63 before the
        // 0.73 on a tie of remainders) under "-10.1 in total", with no remark.
        #expect(TextReport.shownTotals([d(4.63), d(4.69), d(0.73)]) == [4.7, 4.7, 0.7])
        #expect(TextReport.totalLine([d(4.63), d(4.69), d(0.73)], score: 90) == "-10.1 in total: 89.9, rounded to 90")
        // Where no way fits, the nearest: rounding up the 0.73 alone misses 37.4 by a tenth,
        // the four 3.44s by two.
        #expect(TextReport.shownTotals([d(22.9), d(3.44), d(3.44), d(3.44), d(3.44), d(0.73)]) == [22.9, 3.4, 3.4, 3.4, 3.4, 0.8])
        // A larger effect never shows below a smaller one: 3.29 is rounded up before the 3.26s,
        // and a 0.71 is not rounded up while the 0.73s are not.
        #expect(TextReport.shownTotals([d(3.26), d(3.26), d(3.29)]) == [3.3, 3.3, 3.3])
        #expect(TextReport.shownTotals([d(0.71), d(22.9), d(1.2), d(0.73), d(0.73), d(0.73)]) == [0.7, 22.9, 1.2, 0.7, 0.7, 0.7])
        // A sub-score brought to 0: its last deduction says it took what was left.
        func s(_ rule: String, _ points: Double) -> Deduction {
            Deduction(rule: rule, dimension: .structure, points: points, totalEffect: points * 0.357, line: 1, column: 1, message: "m")
        }
        let floored = TextReport.deductionLines([s("missing-action", 45), s("missing-task", 13), s("missing-result", 42)], findingRules: ["missing-action", "missing-task", "missing-result"],
                                                score: 64, style: Style(enabled: false)).split(separator: "\n").map(String.init)
        #expect(floored[2] == "  -42 structure (-15 total)  missing-result at 1:1 (all that structure had left: a sub-score stops at 0)", "\(floored)")
        #expect(!floored[0].contains("had left") && !floored[1].contains("had left"))
        let whole = TextReport.deductionLines([s("missing-action", 45), s("missing-task", 13)], findingRules: [], score: 79, style: Style(enabled: false))
        #expect(!whole.contains("had left"))
        // A rule that takes from several sub-scores: which of the two goes unsaid.
        let spread = [Deduction(rule: "repeated-sentence", dimension: .concision, points: 15, totalEffect: 2, line: 1, column: 1, message: "m"),
                      Deduction(rule: "repeated-sentence", dimension: .structure, points: 10, totalEffect: 2, line: 1, column: 1, message: "m")]
        #expect(TextReport.unchargedLines(findingRules: Array(repeating: "repeated-sentence", count: 5), deductions: spread) == [
            "3 more repeated-sentence findings take no points: a rule's deduction is capped in the rubric, or its sub-score is already at 0",
        ])
        // A finding more of a rule whose sub-score is at 0: said so, and what it takes.
        #expect(TextReport.unchargedLines(findingRules: ["missing-action", "missing-task", "missing-result", "missing-result"],
                                          deductions: [s("missing-action", 45), s("missing-task", 13), s("missing-result", 42)]) == [
            "1 more missing-result finding takes no points: structure is already at 0, so removing it raises the score only once structure's findings cost under 100 points",
        ])
    }

    /// "I'd" before a past participle is "I had", not a plan; before a verb spelt like its
    /// participle ("set", "put") it stays a plan.
    @Test func pastPerfectIdIsNotAPlan() throws {
        let input = analyzer.prepare(bytes: Array("""
            I'd kept a list of every caller.
            I'd already met two of them.
            I'd call each of them back.
            I would set up a rota.
            I'd set up a rota.
            """.utf8))
        #expect(input.facts.map(\.iWouldPlan) == [false, false, true, true, true])
        #expect(input.facts.allSatisfy { $0.iWould })
    }

    /// A plan answering "what would you do" owes no Situation (the question set the scene),
    /// and one with no outcome is told so as a warning, not as a story's missing Result.
    @Test func planAnswersToWhatWouldYouDoQuestions() throws {
        let plan = "---\nquestion: q023\n---\nI would ring the service desk first and ask how long the outage would last.\nI would tell my manager and the client straight away.\nThen I would finish what I could offline."
        let a = try analyzer.analyze(bytes: Array(plan.utf8), path: "a.md")
        #expect(!a.findings.contains { $0.rule == "missing-situation" })
        let result = try #require(a.findings.first { $0.rule == "missing-result" })
        #expect(result.severity == .warning && result.message == "no Result: your plan does not say what you expect to happen at the end")
        // Asked for a past example (q004), the same plan is a story without its Result: an error, and no Situation either.
        let story = try analyzer.analyze(bytes: Array(plan.replacingOccurrences(of: "q023", with: "q004").utf8), path: "a.md")
        #expect(story.findings.contains { $0.rule == "missing-result" && $0.severity == .error })
        #expect(story.findings.contains { $0.rule == "missing-situation" })
    }

    /// A plan in any first-person form is a plan to the hypothetical rule; a habit, a plan
    /// reported in a story and "I'd say" as a hedge are not.
    @Test func plansInEveryFirstPersonForm() throws {
        let plans = [
            "We would call the client first.",
            "We'd call the client first.",
            "I will call the client first.",
            "We'll call the client first.",
            "I'm going to call the client first.",
            "I am going to call the client first.",
            "I would call the client first.",
            "I'd say no and explain the policy.",
            "We are going to call the client first.",
            "I'll make sure everyone knows the plan.",
            "Once the client confirmed, we would ship the order.",
            "After the manager agreed, I would book the room.",
            "If they still said they were fine I'd mention the welfare line.",
        ]
        let notPlans = [
            "We'd already called the client.",
            "I told her I would call back that afternoon.",
            "We agreed we'd phone everyone first.",
            "I told my manager that I would call her back.",
            "We'd already put the forms out.",
            "Sometimes I'll ask Dom for his view.",
            "Lame horses come first, I'd say, then the rest.",
            "I'd say it went well.",
            "It would take a week.",
            "The client will call us.",
        ]
        for text in plans {
            #expect(analyzer.prepare(bytes: Array(text.utf8)).facts.map(\.planModal) == [true], "\(text)")
        }
        for text in notPlans {
            #expect(analyzer.prepare(bytes: Array(text.utf8)).facts.map(\.planModal) == [false], "\(text)")
        }
    }

    /// A share that rounds to the limit shows a decimal, so the message does not read
    /// "40% (aim for at most 40%)".
    @Test func balanceSharesNeverReadAsTheLimit() {
        #expect(BalanceRule.percent(0.43, against: 0.4) == "43%")
        #expect(BalanceRule.percent(0.404, against: 0.4) == "40.4%")
        #expect(BalanceRule.percent(0.4004, against: 0.4) == "40.04%")
        #expect(BalanceRule.percent(0.296, against: 0.3) == "29.6%")
        // On a multiple of ten as the summary line shows it: 49.5% is "49.5%" in both places,
        // 45.49% "45%".
        #expect(BalanceRule.percent(0.495, against: 0.4) == "49.5%" && TextReport.partShare(495, of: 1000) == "49.5%")
        #expect(BalanceRule.percent(0.4549, against: 0.4) == "45%" && TextReport.partShare(4549, of: 10000) == "45%")
        #expect(BalanceRule.percent(0.4649, against: 0.4) == "46%" && TextReport.partShare(4649, of: 10000) == "46%")
        let one = analyzer.analyze(input: analyzer.prepare(bytes: Array("Hello".utf8)), path: "a.md", contentHash: "")
        #expect(one.findings.first { $0.rule == "length" }?.message.hasPrefix("answer is too short: 1 word, ") == true)
    }

    @Test func factsForLeadInsOutcomesAndHypotheticals() throws {
        let input = analyzer.prepare(bytes: Array("""
            Complaints have halved since I took over the rota.
            I took it in three steps:

            - I asked each nurse for their constraints.
            - I would share the draft a week early.
            """.utf8))
        #expect(input.facts.map(\.now) == [true, false, false, false])
        #expect(input.facts.map(\.colonEnd) == [false, true, false, false])
        #expect(input.modalSentences == 1)
    }

    /// "I" and "we" as subjects are counted in every clause, not only at the start; "me",
    /// "my", "our" and "us" are not subjects.
    @Test func subjectPronounsAreCountedInEveryClause() throws {
        let input = analyzer.prepare(bytes: Array("""
            We wrote a script, and then we set it up to run, and I checked it on Monday.
            My manager and me asked our team to help us.
            So basically i think we've fixed it.
            """.utf8))
        #expect(input.facts.map(\.weSubjects) == [2, 0, 1])
        #expect(input.facts.map(\.iSubjects) == [1, 0, 1])
        #expect(input.facts.map(\.subjectWe) == [true, false, false])
    }

    /// A stated aim (`G` cue) and owning the problem (`W` cue) are facts of their own, for the
    /// sentence model; neither is a part, so the baseline cue labeller does not count them.
    @Test func factsForAimsAndOwnership() throws {
        let input = analyzer.prepare(bytes: Array("""
            In five years I'd like to be running the night shift.
            Every repair that came back was on me, so I took it on.
            I rebuilt the checklist with the two fitters.
            """.utf8))
        #expect(input.facts.map(\.goal) == [true, false, false])
        #expect(input.facts.map(\.ownership) == [false, true, false])
        #expect(input.facts.allSatisfy { $0.cueCount(.other) == 0 || !$0.ownership })
        // From a lexicon directory: a G line adds an aim, an unknown letter is an error.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("starlint-cues-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("G qualify as\nA i rebuilt\n".utf8).write(to: dir.appendingPathComponent("cues.txt"))
        let custom = Analyzer(lexicon: try Lexicon.load(directory: dir.path))
        let facts = custom.prepare(bytes: Array("I want to qualify as a fitter. I rebuilt the checklist.".utf8)).facts
        #expect(facts.map(\.goal) == [true, false])
        #expect(facts.map { $0.cueCount(.action) } == [0, 1])
        for bad in ["Q qualify as", "Gqualify as"] {
            try Data("S at the time\n\(bad)\n".utf8).write(to: dir.appendingPathComponent("cues.txt"))
            #expect(throws: StarlintError.self) { try Lexicon.load(directory: dir.path) }
            do { _ = try Lexicon.load(directory: dir.path) } catch { #expect("\(error)".contains("cues.txt:2"), "\(bad)") }
        }
    }

    /// A condition that could never hold is an error naming its line: the sentence's start
    /// is never after a phrase, nor its end before it.
    @Test func impossibleSentenceEdgeConditionsAreRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("starlint-cond-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("fillers.txt")
        try Data("um\nactually | prev=^ | delete it\nanyway | next=$,. | delete it\nlike | next=# | delete it\n".utf8).write(to: file)
        _ = try Lexicon.load(directory: dir.path)
        for bad in ["actually | next=^ | delete it", "actually | prev2=$ | delete it", "actually | !prev=,,$ | delete it", "like | prev=# | delete it"] {
            try Data("um\n\(bad)\n".utf8).write(to: file)
            do {
                _ = try Lexicon.load(directory: dir.path)
                Issue.record("accepted '\(bad)'")
            } catch {
                #expect("\(error)".contains("fillers.txt:2") && "\(error)".contains("can only follow"), "\(error)")
            }
        }
    }

    /// `\,` is the comma inside a list of values, and `earlier=` looks back through the
    /// phrase's clause only: to the sentence's start or the nearest comma, semicolon or colon.
    @Test func escapedCommasAndEarlierConditions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("starlint-earlier-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("frankly | !next=\\,,.,and !earlier=told,wrote | delete it\n".utf8).write(to: dir.appendingPathComponent("fillers.txt"))
        let custom = Analyzer(lexicon: try Lexicon.load(directory: dir.path))
        func fillers(_ s: String) throws -> Int {
            try custom.analyze(bytes: Array(s.utf8), path: "t.md").findings.filter { $0.rule == "filler" }.count
        }
        // Before a comma, a stop or "and" it does not fire; before anything else it does.
        #expect(try fillers("It was frankly a mess.") == 1)
        #expect(try fillers("It was a mess frankly, so I rang them.") == 0)
        #expect(try fillers("It was a mess frankly and I rang them.") == 0)
        #expect(try fillers("It was a mess frankly.") == 0)
        // "told" earlier in the clause stops it; "told" before a comma or semicolon does not.
        #expect(try fillers("I told them frankly what went wrong.") == 0)
        #expect(try fillers("I told them, frankly the rota was the problem.") == 1)
        #expect(try fillers("I told them; frankly the rota was the problem.") == 1)
        // "^" can only stand before the phrase one or two tokens back.
        try Data("frankly | earlier=^ | delete it\n".utf8).write(to: dir.appendingPathComponent("fillers.txt"))
        #expect(throws: StarlintError.self) { try Lexicon.load(directory: dir.path) }
    }

    @Test func fillerIsContextAware() throws {
        func fillers(_ s: String) throws -> [String] {
            try analyze(s).findings.filter { $0.rule == "filler" }.map(\.message)
        }
        #expect(try fillers("I like the new rota.").isEmpty)
        #expect(try fillers("We err on the side of caution.").isEmpty)
        #expect(try fillers("It was the kind of tool we needed.").isEmpty)
        #expect(try fillers("What kind of problem was it?").isEmpty)
        #expect(try fillers("It was kind of hard.").isEmpty, "a hedge, as \"sort of\" is")
        #expect(try analyze("It was kind of hard.").findings.filter { $0.rule == "hedge" }.map(\.message) == ["hedge 'kind of'"])
        #expect(try fillers("There were, like, twenty tickets.") == ["filler 'like'"])
        #expect(try fillers("I basically rewrote it, you know.") == ["filler 'basically'", "filler 'you know'"])
        #expect(try fillers("Do you know the answer?").isEmpty)
    }

    /// Labels that name no Result over an answer with no outcome: the missing-result finding
    /// says the labels hold what follows, and what to write. An outcome written under
    /// "Action:" is read as the Result (since 0.15; before, as Action). Without part labels
    /// the finding gives the plain advice.
    @Test func aMissingResultUnderPartLabelsNamesTheLabel() throws {
        let outcome = try analyze("Situation: In March I had two deadlines on the same Friday, the board pack and a tender.\nTask: Both were mine, and neither could move.\nAction: I listed every task and asked my manager to move my two meetings. I asked a colleague to proofread the tender. Both went out on time on Friday, the board pack at 11 am and the tender at 3 pm. We won the tender, worth 400k a year.")
        #expect(outcome.sentences.suffix(2).map(\.label) == [.result, .result] && outcome.sentences.suffix(2).allSatisfy { $0.writtenLabel == .action })
        #expect(!outcome.findings.contains { $0.rule == "missing-result" })
        // A remark after the steps, read as Other under "Action:": the suggestion does not say
        // that everything after the Action label reads as Action.
        let remark = try analyze("Situation: Our shop's stock counts were wrong every month.\nTask: My manager asked me to fix the count process.\nAction: I split the shop into zones and gave each zone a named counter. I also moved the count to Monday mornings before opening. I learned a lot from that.")
        #expect(remark.sentences.last?.label == .other && remark.sentences.last?.writtenLabel == .action)
        #expect(remark.findings.first { $0.rule == "missing-result" }?.suggestion == "end with the outcome, ideally a before-and-after figure; put a Result label ('Result:') before the outcome")
        let labelled = try analyze("Situation: In March I had two deadlines on the same Friday, the board pack and a tender.\nTask: Both were mine, and neither could move.\nAction: I listed every task and asked my manager to move my two meetings. I asked a colleague to proofread the tender.")
        let f = try #require(labelled.findings.first { $0.rule == "missing-result" })
        #expect(f.suggestion == "end with the outcome, ideally a before-and-after figure; everything after the Action label reads as Action: put a Result label ('Result:') before the outcome")
        let plain = try analyze("In March I had two deadlines on the same Friday, the board pack and a tender.\nI listed every task and asked my manager to move my two meetings.\nI asked a colleague to proofread the tender.")
        #expect(plain.findings.first { $0.rule == "missing-result" }?.suggestion == "end with the outcome, ideally a before-and-after figure")
        // A label that holds for its line only leaves the rest unlabelled: the suggestion does
        // not say that the label holds what follows.
        let lineOnly = try analyze("Context: In March I had two deadlines on the same Friday, the board pack and a tender.\nI listed every task and asked my manager to move my two meetings.\nI asked a colleague to proofread the tender.")
        let lf = try #require(lineOnly.findings.first { $0.rule == "missing-result" })
        #expect(lf.message == "no Result: no sentence reads as how it turned out, and your part labels name no Result")
        #expect(lf.suggestion == "end with the outcome, ideally a before-and-after figure; put a Result label ('Result:') before the outcome")
        let lineOnlyAction = try #require(lineOnly.findings.first { $0.rule == "missing-task" })
        #expect(lineOnlyAction.suggestion?.hasSuffix("a sentence under a part label is read as that label's part unless it plainly is another: put a Task label ('Task:') before your goal") == true, "\(lineOnlyAction.suggestion ?? "")")
        // An outcome with a figure at the end of a run-on Action sentence: said where it is.
        let runOn = try analyze("Our pharmacy queue was always long at lunchtime and people complained.\nI looked at one month of prescriptions and saw most customers came between 12 and 14, so I moved two colleagues' breaks later, prepared the repeat prescriptions the day before and after that the average wait went from 25 minutes to 8 minutes.")
        let inside = try #require(runOn.findings.first { $0.rule == "missing-result" })
        #expect(inside.message == "no Result sentence: how it turned out is told only inside an Action sentence" && inside.line == 2, "\(inside)")
        #expect(inside.suggestion?.hasPrefix("give the outcome a sentence of its own") == true)
    }

    /// Asked where their career is going, an answer with no Result is told what its Result
    /// would be: what the steps towards the aim have achieved; points as for any other.
    @Test func aMissingResultForACareerAimSaysWhatTheResultIs() throws {
        let body = "In three years I want to run a shift of my own at the depot.\nAt the moment I drive the early route and cover the yard on Saturdays.\nLast spring I asked to shadow the shift manager, and I did the first-aid course in May.\n"
        let asked = try analyze("---\nquestion: Where do you see yourself in five years?\n---\n" + body)
        let f = try #require(asked.findings.first { $0.rule == "missing-result" })
        #expect(f.message == "no Result: no sentence reads as what your steps towards the aim have achieved so far")
        #expect(f.suggestion == "end with where those steps have got you: a course passed, a task or role taken on, what your manager said")
        #expect(f.severity == .error)
        // A short answer is told to add that Result too, in the same words.
        #expect(asked.findings.first { $0.rule == "length" }?.suggestion?.hasSuffix("what your steps towards the aim have achieved so far") == true)
        let other = try analyze("---\nquestion: Tell me about a time you worked towards a goal.\n---\n" + body)
        #expect(other.findings.first { $0.rule == "missing-result" }?.message == "no Result: no sentence reads as how it turned out")
        #expect(other.findings.first { $0.rule == "length" }?.suggestion?.hasSuffix("how it turned out") == true)
        #expect(other.score == asked.score)
        #expect(Analyzer.isAimsQuestion("q041") && Analyzer.isAimsQuestion("What are your long-term career goals?"))
        #expect(!Analyzer.isAimsQuestion("q040") && !Analyzer.isAimsQuestion(nil))
        // Asked why they want to move, or what they want to learn next, the answer is a plan
        // too; a question about a past move or a past step is not one.
        for q in ["Why are you leaving your current job?", "Why do you want to move from the warehouse into planning?",
                  "why are you looking to move on from your current role?", "What do you want to learn in your first year here?",
                  "What would be the next step in your career?", "Why this role, and why now?"] {
            #expect(Analyzer.isAimsQuestion(q), "\(q)")
        }
        for q in ["Tell me about a time you moved into an area outside your original role.",
                  "Describe a career setback such as a missed promotion.", "Tell me about the first time you were given responsibility for a budget."] {
            #expect(!Analyzer.isAimsQuestion(q), "\(q)")
        }
        let leaving = try analyze("---\nquestion: Why are you leaving your current job?\n---\n" + body)
        #expect(leaving.findings.first { $0.rule == "missing-result" }?.message == "no Result: no sentence reads as what your steps towards the aim have achieved so far")
        // The plan such a question asks for is not a hypothetical answer; asked for a past
        // example, the same plan is.
        let plan = "I have driven the early route at the depot for four years.\nI would like to move into planning, and I would start by learning the rota software.\nI would also shadow the planner on Fridays and take the transport course in spring.\n"
        let moving = try analyze("---\nquestion: Why do you want to move into planning?\n---\n" + plan)
        #expect(!moving.findings.contains { $0.rule == "hypothetical" }, "\(moving.findings.map(\.rule))")
        let story = try analyze("---\nquestion: Tell me about a time you learned a new system.\n---\n" + plan)
        #expect(story.findings.contains { $0.rule == "hypothetical" }, "\(story.findings.map(\.rule))")
    }

    /// With no question known, the hypothetical finding says how to have it graded against
    /// the question; with one known, it does not.
    @Test func aHypotheticalAnswerWithNoQuestionSaysHowToNameIt() throws {
        let plan = "A customer was unhappy after a release broke their reports.\nI would call them the same morning and agree a fix date.\nI would patch the report query with one developer.\nI would check the reports with them the week after."
        let unknown = try #require(try analyze(plan).findings.first { $0.rule == "hypothetical" })
        #expect(unknown.suggestion?.contains("name the question ('question:' in front matter, or --question)") == true, "\(String(describing: unknown.suggestion))")
        let known = try #require(try analyze("---\nquestion: Tell me about a time you handled an unhappy customer.\n---\n" + plan).findings.first { $0.rule == "hypothetical" })
        #expect(known.suggestion == "tell a real past example in the past tense: 'I did ...'")
        // Asked what they would do, the plan stays: the advice is to add a time it was done.
        let asked = try #require(try analyze("---\nquestion: What would you do if a customer was unhappy after a release broke their reports?\n---\n" + plan).findings.first { $0.rule == "hypothetical" })
        #expect(asked.suggestion == "keep the plan, and add a sentence or two on a time you handled something like it, in the past tense: 'Last year, when ..., I ...'")
        #expect(asked.severity == .info)
        // A plan's missing Task is asked for as a plan says it.
        let planned = try analyze("---\nquestion: What would you do if a customer was unhappy after a release broke their reports?\n---\nI would call them the same morning and agree a fix date.\nI would patch the report query with one developer.\nI would check the reports with them the week after.")
        let task = try #require(planned.findings.first { $0.rule == "missing-task" })
        #expect(task.message == "no Task: no sentence reads as what you would need to achieve")
        #expect(task.suggestion == "add one sentence on the goal your plan serves: 'My first priority would be to ...', 'I would need to ...'")
        // Taking the advice settles it (the same sentence with "that" instead of "to" was read as Other).
        let advised = try analyze("---\nquestion: What would you do if a customer was unhappy after a release broke their reports?\n---\nMy first priority would be to get them working reports before their month end.\nI would call them the same morning and agree a fix date.\nI would patch the report query with one developer.\nI would check the reports with them the week after.")
        #expect(advised.sentences.first?.label == .task && !advised.findings.contains { $0.rule == "missing-task" }, "\(advised.sentences.map(\.label))")
        // A plan told in the present ("First I call them ...") is a plan too: no Situation asked
        // for, and the Task asked for as a plan's.
        let present = try analyze("---\nquestion: What would you do if a customer was unhappy after a release broke their reports?\n---\nFirst I call them the same morning and agree a fix date with them.\nThen I patch the report query with one developer.\nAfter a week I check the reports with them again.")
        #expect(!present.findings.contains { $0.rule == "missing-situation" }, "\(present.findings.map(\.rule))")
        #expect(present.findings.first { $0.rule == "missing-task" }?.message == "no Task: no sentence reads as what you would need to achieve", "\(present.findings.map(\.message))")
    }

    /// Asked what they would do, a plan is advised as a plan, with part labels or without: its
    /// missing Task is what it would need to achieve, its hedged outcome is asked for as an
    /// expectation, and its unmeasured Result as the figure that would show it worked. Asked
    /// for a time it happened, the same words get the story's advice.
    @Test func aPlanIsAdvisedAsAPlanUnderPartLabelsToo() throws {
        let asked = "---\nquestion: What would you do if a customer was unhappy after a release broke their reports?\n---\n"
        let told = "---\nquestion: Tell me about a time a customer was unhappy after a release broke their reports.\n---\n"
        let labelled = "Situation: A release broke a customer's month-end reports.\nAction: I would call them the same morning and agree a fix date.\nI would patch the report query with one developer.\nResult: Hopefully they would trust us again after that."
        let plan = try analyze(asked + labelled)
        let task = try #require(plan.findings.first { $0.rule == "missing-task" })
        #expect(task.message == "no Task: no sentence reads as what you would need to achieve, and your part labels name no Task")
        #expect(task.suggestion?.hasPrefix("add one sentence on the goal your plan serves: 'My first priority would be to ...'") == true, "\(String(describing: task.suggestion))")
        let hedge = try #require(plan.findings.first { $0.rule == "hedge" })
        #expect(hedge.message == "hedge 'Hopefully'")
        #expect(hedge.suggestion == "say what you expect to happen and how you would know: 'I'd expect ... within a week'")
        #expect(plan.findings.first { $0.rule == "result-not-quantified" }?.suggestion
                    == "name the figure that would show it worked: 'I'd aim to cut X from A to B within a month'")
        // Short, it is asked for what a plan lacks: its goal, not the context the question set.
        #expect(plan.findings.first { $0.rule == "length" }?.suggestion == "add the missing detail: what you would need to achieve")
        let story = try analyze(told + labelled)
        #expect(story.findings.first { $0.rule == "missing-task" }?.message == "no Task: no sentence reads as what you had to achieve, and your part labels name no Task")
        #expect(story.findings.first { $0.rule == "hedge" }?.suggestion == "say what happened")
        #expect(story.findings.first { $0.rule == "length" }?.suggestion == "add the missing detail: what you had to achieve")
        #expect(story.findings.first { $0.rule == "result-not-quantified" }?.suggestion
                    == "give a before-and-after figure: 'cut X from A to B', 'up N%', 'saved $N', 'doubled'")
    }

    @Test func findingSpansPointAtThePhrase() throws {
        let a = try analyze("Situation: The ward was short.\nAction: I basically called everyone.")
        let f = try #require(a.findings.first { $0.rule == "filler" })
        #expect(f.line == 2 && f.column == 11 && f.endColumn == 20)
        #expect(f.suggestion != nil)
    }

    @Test(arguments: [
        ([UInt8](), "file is empty"),
        (Array("   \n\t\n".utf8), "only whitespace"),
        ([0x49, 0x00, 0x41, 0x42], "binary"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], "binary"),
        ([0x49, 0x20, 0xC3, 0x28, 0x41], "not valid UTF-8"),
        (Array("---\nquestion: x\n---\n".utf8), "no answer text"),
        // Front matter never closed: the "question:" line runs on over the answer.
        // (A line of prose after it ends it, with a warning: `frontMatterEndsWhereTheAnswerStarts`.)
        (Array("---\nquestion: Tell me about a time\nrole: engineer\n".utf8), "front matter opened by '---' on line 1 is never closed"),
        (Array("---\n".utf8), "front matter opened by '---' on line 1 is never closed"),
    ])
    func badInputIsRejectedWithAMessage(bytes: [UInt8], fragment: String) {
        #expect(throws: StarlintError.self) { _ = try analyzer.analyze(bytes: bytes, path: "bad.md") }
        do {
            _ = try analyzer.analyze(bytes: bytes, path: "bad.md")
        } catch {
            #expect(error.description.hasPrefix("bad.md: "))
            #expect(error.description.contains(fragment), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func fileErrors() {
        #expect(throws: StarlintError.fileNotFound(path: "/nonexistent/answer.md")) {
            _ = try analyzer.analyze(file: "/nonexistent/answer.md")
        }
        #expect(throws: StarlintError.isDirectory(path: packageRoot)) { _ = try analyzer.analyze(file: packageRoot) }
        #expect(throws: StarlintError.tooLarge(path: packageRoot + "/Corpus/examples/strong.md", size: 1149, limit: 100)) {
            _ = try analyzer.analyze(file: packageRoot + "/Corpus/examples/strong.md", maxBytes: 100)
        }
        // A stream over the limit is read only up to it, so its size is not known.
        #expect(StarlintError.tooLarge(path: "<stdin>", size: nil, limit: 100).description == "<stdin>: input is more than 100 bytes, over the limit (raise it with --max-bytes, or max-bytes in the settings file)")
    }

    /// A named pipe is waited on for a writer a few seconds, not for ever (`check` naming one
    /// hung): one opened by a writer just after the read starts is read, however slowly it is
    /// written; one nobody opens fails.
    @Test func aNamedPipeIsReadWhenWrittenAndFailsWhenNot() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("starlint-fifo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/pipe.md"
        #expect(mkfifo(fifo, 0o644) == 0)
        let start = Date()
        #expect(throws: StarlintError.noWriter(path: fifo, seconds: FileIO.pipeWaitSeconds)) { _ = try analyzer.analyze(file: fifo) }
        #expect(Date().timeIntervalSince(start) < Double(FileIO.pipeWaitSeconds) + 3)
        #expect(StarlintError.noWriter(path: "p.md", seconds: 5).description == "p.md: is a named pipe that nothing wrote to within 5 s")
        // In a batch report, where the path heads the line already, without it.
        #expect(BatchPolicy.inputMessage(.noWriter(path: "p.md", seconds: 5)) == "is a named pipe that nothing wrote to within 5 s")
        // A writer that opens the pipe half a second later.
        let text = "Situation: our queue was full. Action: I sorted the tickets. Result: waits fell from 3 days to 1."
        let writer = Thread {
            usleep(500_000)
            let fd = open(fifo, O_WRONLY)
            guard fd >= 0 else { return }
            _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        writer.start()
        let a = try analyzer.analyze(file: fifo)
        #expect(a.sentences.count == 3 && a.sentences.last?.text == "waits fell from 3 days to 1.")
        // A writer that has the pipe open is waited for however slowly it writes (a converter
        // behind `<(...)`): here it writes after the time a pipe is waited on for a writer.
        let slow = Thread {
            usleep(300_000)
            let fd = open(fifo, O_WRONLY)
            guard fd >= 0 else { return }
            usleep(useconds_t(FileIO.pipeWaitSeconds) * 1_000_000 + 700_000)
            _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        slow.start()
        #expect(try analyzer.analyze(file: fifo).sentences.count == 3)
        // A pipe removed during the wait: the wait still ends on time.
        let gone = dir + "/gone.md"
        #expect(mkfifo(gone, 0o644) == 0)
        let remover = Thread {
            usleep(500_000)
            unlink(gone)
        }
        remover.start()
        let t0 = Date()
        #expect(throws: StarlintError.noWriter(path: gone, seconds: FileIO.pipeWaitSeconds)) { _ = try analyzer.analyze(file: gone) }
        #expect(Date().timeIntervalSince(t0) < Double(FileIO.pipeWaitSeconds) + 3)
    }

    /// A story told as a plan costs little when the question is unknown (most answers come
    /// without one, and "what would you do" questions are answered so), much more when the
    /// question asks for a time you did it; under a "what would you do" question it is an info.
    @Test func aHypotheticalAnswerCostsMoreWhenThePastWasAskedFor() throws {
        let body = "Our biggest client was unhappy after a release broke their reports.\nI would call them the same morning and agree a fix date.\nI would patch the report query with one developer.\nThe patch would go out within four days, cutting the outage from two weeks to four days.\n"
        func points(_ question: String?) throws -> Double? {
            let text = question.map { "---\nquestion: \($0)\n---\n" } ?? ""
            return try analyze(text + body).deductions.first { $0.rule == "hypothetical" }?.points
        }
        #expect(try points(nil) == 2)
        #expect(try points("q004") == 45)
        #expect(try points("What would you do if a client was unhappy with a release?") == 2)
        // Only a question that asks for a past example raises it ("greatest weakness" does not).
        #expect(try points("Give an example of a client you won back.") == 45)
        #expect(try points("What is your greatest weakness?") == 2)
        // Asked where they want their career to go, next steps are plans by nature: no finding.
        #expect(try points("q041") == nil)
        #expect(!Analyzer.isHypothetical(question: "Tell me about a time you were supposed to sign off a release."))
        #expect(Analyzer.isHypothetical(question: "If a key system went down an hour before a deadline, what steps would you take?"))
        let plan = try analyze("---\nquestion: What would you do if a client was unhappy with a release?\n---\n" + body)
        #expect(plan.findings.first { $0.rule == "hypothetical" }?.severity == .info)
    }

    /// The ownership message counts first subjects, whatever comes before them ("Then we").
    @Test func ownershipCountsFirstSubjects() throws {
        let a = try analyze("Situation: Our depot missed cut-offs.\nAction: Then we sorted the bays. After that, we moved the scanners. Together we rewrote the rota.\nResult: Missed cut-offs fell from 8 a month to 1.")
        let f = try #require(a.findings.first { $0.rule == "ownership" })
        #expect(f.message == "3 of 3 Action sentences have \"we\" as their first subject, 0 \"I\"", "\(f.message)")
    }

    /// The figure a scope finding quotes is its words joined by a space, even wrapped.
    @Test func theQuotedFigureIsOneLine() throws {
        let a = try analyze("Situation: Queues were long.\nAction: I set up phone bookings.\nResult: Queues pretty much disappeared within a\nmonth of the change.")
        let f = try #require(a.findings.first { $0.rule == "result-not-quantified" })
        #expect(f.message.hasPrefix("the Result has figures (\"a month\")"), "\(f.message)")
        // "One of the ..." is no figure: the finding says the Result states no change.
        let b = try analyze("Situation: Queues were long.\nAction: I set up phone bookings.\nResult: It was one of the clearest wins of my year.")
        let g = try #require(b.findings.first { $0.rule == "result-not-quantified" })
        #expect(g.message == "the Result states no measurable change", "\(g.message)")
        // With another figure after it, that one is quoted.
        let h = try analyze("Situation: Queues were long.\nAction: I set up phone bookings.\nResult: One of the agents was promoted within a month.")
        let hf = try #require(h.findings.first { $0.rule == "result-not-quantified" })
        #expect(hf.message.hasPrefix("the Result has figures (\"a month\")"), "\(hf.message)")
    }

    /// Terminal escape sequences pasted into an answer reach the report escaped, never raw.
    @Test func controlCharactersFromTheAnswerAreEscapedInTheTextReport() throws {
        let a = try analyze("Situation: I ran a shop.\u{1B}]0;PWNED\u{07} Then it broke.\nAction: I fixed it \u{1B}[2J fast, and basically\u{1B}[31m it worked.\nResult: Sales rose 10%.")
        let text = TextReport.render(a, style: Style(enabled: false))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(text.contains("\\u{1b}]0;PWNED\\u{7} Then it broke."), "\(text)")
        #expect(text.contains("I fixed it \\u{1b}[2J fast"))
    }

    /// The byte scan that decides whether anything needs escaping agrees with the scalar
    /// definition (C0 and C1 controls, DEL, bidirectional overrides) and lets other text through.
    @Test func controlCharacterScanMatchesTheScalarDefinition() {
        let escaped = ["a\u{0}b", "tab\t", "del\u{7F}", "c1 \u{85} nel", "c1 \u{9F}", "rlo \u{202E}x", "lre \u{202A}", "rli \u{2067}", "fsi \u{2068}", "pdi \u{2069}"]
        let plain = ["café", "dash — and … quote “x”", "emoji 🚀", "\u{A0}nbsp", "\u{2029}", "\u{2065}", "back\\slash", "\u{20AC}5"]
        for s in escaped {
            #expect(String.hasControlCharacters(s.utf8), "\(s.debugDescription)")
            #expect(s.escapingControlCharacters != s)
        }
        for s in plain {
            #expect(!String.hasControlCharacters(s.utf8), "\(s.debugDescription)")
            #expect(s.escapingControlCharacters == s)
        }
        #expect("a\u{1B}[2J\\".escapingControlCharacters == "a\\u{1b}[2J\\\\")
    }

    /// Files that report a size of 0 but have content (/proc, /sys) are read to the end.
    @Test func zeroSizedSpecialFilesAreReadToTheEnd() throws {
        guard FileIO.exists("/proc/self/status") else { return }
        let bytes = try FileIO.read("/proc/self/status")
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("Name:"))
        #expect(throws: FileIO.ReadError.tooLarge(size: nil, limit: 10)) { _ = try FileIO.read("/proc/self/status", limit: 10) }
        // A regular empty file is still empty.
        let empty = "/tmp/starlint-empty-\(getpid()).md"
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        defer { unlink(empty) }
        #expect(try FileIO.read(empty).isEmpty)
    }

    @Test func bomAndCRLFGiveTheSameAnalysis() throws {
        let plain = "Situation: The ward was short.\nAction: I called everyone.\nResult: Waits fell by half."
        let windows = "\u{FEFF}" + plain.split(separator: "\n").joined(separator: "\r\n")
        let a = try analyze(plain), b = try analyze(windows)
        #expect(a.sentences == b.sentences)
        #expect(a.findings == b.findings)
        #expect(a.score == b.score)
    }

    @Test func suppressionComments() throws {
        let text = """
            <!-- starlint-disable filler -->
            I basically rebuilt the rota.
            <!-- starlint-enable filler -->
            I basically called everyone.
            <!-- starlint-disable-next-line hedge -->
            I think it worked.
            I think it was fine.
            """
        let a = try analyze(text)
        let fillers = a.findings.filter { $0.rule == "filler" }
        let hedges = a.findings.filter { $0.rule == "hedge" }
        #expect(fillers.map(\.line) == [4])
        #expect(hedges.map(\.line) == [7])
        #expect(a.suppressedFindings == 2)
    }

    /// The byte search over an ASCII question agrees with the `String` search it stands in for,
    /// in any case; a question with other characters takes the `String` search.
    @Test func questionPhrasesMatchTheSameAsAStringSearch() {
        let questions = ["Tell me about A TIME you led a team.", "What WOULD YOU do next?", "Suppose the server fails.", "You were supposed to.",
                         "Give an example of a decision.", "Décris a time you failed — briefly.", "What motivates you?", "", "a time"]
        for phrases in [Analyzer.hypotheticalPhrases, Analyzer.pastExamplePhrases] {
            for q in questions {
                let slow = phrases.phrases.contains { q.lowercased().contains($0) }
                #expect(phrases.matches(q) == slow, "\(q)")
            }
        }
        #expect(Analyzer.pastExamplePhrases.matchesASCII("Décris a time") == nil)
    }

    @Test func aBankIdStandsForItsQuestion() throws {
        // q014 asks "What would you do if ...": an answer of plans is what it asks for.
        let plan = "I would talk to each of them on their own first. I would then set one shared goal for the launch week. I would check in with both of them every morning."
        let byId = try analyze("---\nquestion: q014\n---\n" + plan)
        let q = try #require(QuestionBank.bundled.question(id: "q014"))
        let byText = try analyze("---\nquestion: \(q.text)\n---\n" + plan)
        #expect(Analyzer.isHypothetical(question: "q014") && Analyzer.isHypothetical(question: " Q014 "))
        #expect(byId.findings.first { $0.rule == "hypothetical" }?.severity == .info)
        #expect(byId.findings == byText.findings)
        #expect(byId.labels == byText.labels)
        // A question named on the command line wins over the front matter, in the report too.
        let over = try analyzer.analyze(bytes: Array(("---\nquestion: q001\n---\n" + plan).utf8), path: "a.md", questionOverride: "q014")
        #expect(over.question == "q014")
        // The report names a bank question by its id as the bank writes it, however it was typed.
        let typed = try analyzer.analyze(bytes: Array(plan.utf8), path: "a.md", questionOverride: " Q014 ")
        #expect(TextReport.render(typed, style: Style(enabled: false)).hasPrefix("a.md  q014 \(q.text)\n"))
        #expect(over.findings == byId.findings)
    }

    @Test func aDisableActsFromWhereItIsWritten() throws {
        // A comment at the end of a line hides what follows it, not the text before it on
        // that line; disable-line covers its own line.
        let a = try analyze("So basically I rebuilt the rota. <!-- starlint-disable filler --> Then I basically called everyone.\nI think it worked. <!-- starlint-disable-line hedge -->\nI think it was fine.")
        #expect(a.findings.filter { $0.rule == "filler" }.map(\.column) == [4])
        #expect(a.findings.filter { $0.rule == "hedge" }.map(\.line) == [3])
        #expect(a.suppressedFindings == 2)
        #expect(a.directiveProblems == nil)
    }

    @Test func suppressionsAreLinear() throws {
        // 19,000 enables before 19,000 fillers: each finding went through every directive.
        let text = String(repeating: "<!-- starlint-enable hedge -->\n", count: 19_000) + String(repeating: "Um, so I fixed it. ", count: 19_000)
        let start = DispatchTime.now().uptimeNanoseconds
        let a = try analyze(text)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        #expect(seconds < 10, "took \(seconds) s")
        #expect(a.findings.filter { $0.rule == "filler" }.count >= 19_000)
        // Many line-scoped directives on one line, and a long sentence of change words and figures.
        let oneLine = String(repeating: "um <!--starlint-disable-line hedge--> ", count: 20_000)
        let lineStart = DispatchTime.now().uptimeNanoseconds
        _ = try analyze(oneLine)
        #expect(Double(DispatchTime.now().uptimeNanoseconds - lineStart) / 1e9 < 10)
        let figures = String(repeating: "it grew 5 and a 12-month contract grew ", count: 20_000) + "5."
        let figStart = DispatchTime.now().uptimeNanoseconds
        _ = try analyze(figures)
        #expect(Double(DispatchTime.now().uptimeNanoseconds - figStart) / 1e9 < 10)
    }

    @Test func unitCompoundsAreScopeUnlessTheyAreABeforeAndAfter() throws {
        func quantified(_ result: String) throws -> Bool {
            try analyze("Situation: Our stand-ups ran long.\nAction: I set a timer and moved updates to the board.\nResult: \(result)").quantifiedResult
        }
        #expect(try !quantified("The supplier signed a 12-month contract with us."))
        #expect(try !quantified("Afterwards I won a place on the 12-week leadership course."))
        #expect(try quantified("The team cut a 60-minute stand-up to a 15-minute one."))
        #expect(try quantified("We signed 3 new clients in the first month."))
    }

    @Test func commentsCodeAndLinksAreReadInOnePass() throws {
        // A fence line inside a comment is the comment's text: the directive after it works.
        let fenced = try analyze("Situation: Our deploys took two hours.\n<!-- note: the old script began with\n```\nand nothing else -->\nTask: I had to fix it by March.\n<!-- starlint-disable-next-line filler -->\nAction: I rewrote the scripts, basically, and added tests.\nResult: Deploys fell to 9 minutes.")
        #expect(!fenced.findings.contains { $0.rule == "filler" })
        #expect(fenced.suppressedFindings == 1)
        #expect(!fenced.sentences.contains { $0.text.contains("-->") })
        // A comment inside inline code is blanked, not obeyed, and does not split a sentence.
        let inline = try analyze("Action: I added `<!-- starlint-disable -->` markers to every template and basically wrote a check.")
        #expect(inline.sentences.count == 1)
        #expect(inline.findings.contains { $0.rule == "filler" })
        // A link with a multibyte address before a finding: a disable after the finding, on the
        // same line, does not reach back over it.
        let link = try analyze("Action: I read [the guide](https://例え.jp/例え例え例え例え) and rewrote the scripts, basically <!-- starlint-disable filler --> and added tests.")
        #expect(link.findings.contains { $0.rule == "filler" })
        #expect(link.suppressedFindings == 0)
    }

    @Test func directiveNotesAndReasons() throws {
        // "-- reason" names no rule; "starlint: reviewed" is a note, not a misspelled directive.
        let a = try analyze("<!-- starlint: reviewed by the coach -->\n<!-- starlint-disable filler -- it is the customer's word -->\nAction: I basically rewrote the scripts.")
        #expect(a.directiveProblems == nil)
        #expect(a.suppressedFindings == 1)
        // A rule turned off in the config is not called a disable that hides nothing.
        var settings = AnalysisSettings()
        settings.disabledRules = ["filler"]
        let off = try Analyzer(settings: settings).analyze(bytes: Array("<!-- starlint-disable filler -->\nAction: I rewrote the scripts.".utf8), path: "a.md")
        #expect(off.directiveProblems == nil)
        // Words from the answer are quoted with their control characters escaped.
        let esc = try analyze("<!-- starlint-disable \u{1B}]0;x\u{07} -->\nAction: I rewrote the scripts.")
        #expect(esc.directiveProblems?.first?.message.hasPrefix("unknown rule '\\u{1b}]0;x\\u{7}'") == true, "\(esc.directiveProblems ?? [])")
    }

    @Test func directivesThatDoNothingAreReported() throws {
        let text = """
            <!-- starlint-disabel filler -->
            <!-- starlint-disable-next-line hedge -->
            I rebuilt the rota in two days.
            <!-- starlint-disable fillers -->
            I basically called everyone.
            """
        let a = try analyze(text)
        #expect(a.directiveProblems?.map(\.line) == [1, 2, 4])
        #expect(a.directiveProblems?[0].message == "unknown directive 'starlint-disabel' (did you mean 'starlint-disable'?); it suppresses nothing")
        #expect(a.directiveProblems?[1].message == "'starlint-disable-next-line hedge' hides no finding on the next line; remove it")
        #expect(a.directiveProblems?[2].message.hasPrefix("unknown rule 'fillers'") == true)
        // The filler is still reported: none of the three hid it.
        #expect(a.findings.contains { $0.rule == "filler" && $0.line == 5 })
        // A colon for the space before the rules is named as that slip.
        let colon = try analyze("I basically called everyone. <!-- starlint-disable:filler -->")
        #expect(colon.directiveProblems?.first?.message == "unknown directive 'starlint-disable:filler' (did you mean 'starlint-disable filler'?); it suppresses nothing")
        // With inline suppressions off every such comment is ignored, and none is reported
        // (a coach grading with --no-inline-config is not told about students' comments) but
        // for one that runs on to a later "-->", hiding the answer's text between.
        var settings = AnalysisSettings()
        settings.inlineSuppressions = false
        let b = try Analyzer(settings: settings).analyze(bytes: Array(text.utf8), path: "t.md")
        #expect(b.directiveProblems == nil)
        let runOn = "<!-- starlint-disable filler\nI basically called everyone.\n<!-- note -->\nI rebuilt the rota in two days.\n"
        let c = try Analyzer(settings: settings).analyze(bytes: Array(runOn.utf8), path: "t.md")
        #expect(c.directiveProblems?.count == 1 && c.directiveProblems?[0].message.contains("is not closed before the next '<!--'") == true,
                "\(String(describing: c.directiveProblems))")
    }
}

@Suite("File writing")
struct FileWriteTests {
    @Test func writingToACharacterDeviceKeepsTheDevice() throws {
        // /dev/null must stay a character device: a temp-file-and-rename would replace it.
        try FileIO.write(Array("report".utf8), to: "/dev/null")
        var st = stat()
        #expect(stat("/dev/null", &st) == 0)
        #expect((st.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test func regularFilesAreReplacedWhole() throws {
        let path = "/tmp/starlint-write-test-\(getpid()).txt"
        defer { unlink(path) }
        try FileIO.write(Array("first version, longer".utf8), to: path)
        try FileIO.write(Array("second".utf8), to: path)
        #expect(String(decoding: try FileIO.read(path), as: UTF8.self) == "second")
    }
}
