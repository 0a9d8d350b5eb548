import Foundation
import StarlintCore
import Testing

/// Inline `<!-- starlint-disable ... -->` comments.
@Suite struct SuppressionTests {
    static func analyse(_ text: String) throws -> Analysis {
        try Analyzer().analyze(bytes: Array(text.utf8), path: "a.md")
    }

    /// Findings as `rule@line`, without `length` (these short answers all get one).
    static func rules(_ a: Analysis) -> [String] { a.findings.filter { $0.rule != "length" }.map { "\($0.rule)@\($0.line)" } }

    static let lines = [
        "Situation: Basically our support queue was full and customers waited three days for a reply.",
        "Task: I think I had to cut the wait to one day before the holiday season.",
        "Action: I read the oldest tickets and sorted them by product area, then I basically wrote reply templates for the five most common questions.",
        "I also set up a morning triage rota so every new ticket had an owner by ten, and I checked the queue every Friday with the team.",
        "Result: The wait fell from three days to six hours, and complaints dropped from forty a week to five.",
    ]

    @Test func baseline() throws {
        let a = try Self.analyse(Self.lines.joined(separator: "\n"))
        #expect(Self.rules(a) == ["filler@1", "hedge@2", "filler@3"])
        #expect(a.suppressedFindings == 0)
    }

    /// A finding about the whole answer (a part missing, the length) is placed at a sentence
    /// only to have a place: a line comment there, or a region around part of the answer,
    /// does not hide it (a student could hide a missing Action with one comment on the first
    /// line). A `disable` in effect over the whole answer does; a line comment still hides
    /// the findings of its own line.
    @Test func wholeAnswerFindingsNeedTheWholeAnswerDisabled() throws {
        let draft = ["Basically we had a project at work.", "I fixed the bug."]
        func findings(_ lines: [String]) throws -> (all: Set<String>, analysis: Analysis) {
            let a = try Self.analyse(lines.joined(separator: "\n") + "\n")
            return (Set(a.findings.map(\.rule)), a)
        }
        let plain = try findings(draft).all
        let whole = plain.intersection(RuleRegistry.wholeAnswer)
        #expect(whole.isSuperset(of: ["length", "missing-result"]), "\(plain)")
        // A bare disable-next-line over the first sentence: its filler goes, the rest stays.
        let nextLine = try findings(["<!-- starlint-disable-next-line -- intro -->"] + draft)
        #expect(nextLine.all == plain.subtracting(["filler"]), "\(nextLine.all)")
        // Naming the rule on its line: the comment hides nothing, and says so.
        let line = try findings([draft[0] + " <!-- starlint-disable-line length -- fine -->", draft[1]])
        #expect(line.all == plain && line.analysis.suppressedFindings == 0)
        #expect(line.analysis.directiveProblems?.map(\.message) == ["length is about the whole answer, so no line comment hides it; a starlint-disable before the answer's first sentence does"],
                "\(String(describing: line.analysis.directiveProblems))")
        // A region around part of the answer, and a disable after its start, leave it.
        let region = try findings(["<!-- starlint-disable -->", draft[0], "<!-- starlint-enable -->", draft[1]])
        #expect(region.all == plain.subtracting(["filler"]), "\(region.all)")
        let late = try findings([draft[0], "<!-- starlint-disable length missing-result -->", draft[1]])
        #expect(late.all == plain, "\(late.all)")
        // and the comment says where it has to go, not to remove it.
        #expect(late.analysis.directiveProblems?.map(\.message) == ["'starlint-disable length, missing-result' hides no finding after it; length and missing-result are about the whole answer, so only a starlint-disable above the answer's first sentence hides them"],
                "\(String(describing: late.analysis.directiveProblems))")
        // Below the first sentence beside a rule it does hide, it is still said.
        let mixed = try findings([draft[0], "<!-- starlint-disable length missing-result filler -->", "Basically " + draft[1]])
        #expect(mixed.all == plain, "\(mixed.all)")
        #expect(mixed.analysis.suppressedFindings == 1)
        let leftWhole = "length and missing-result are about the whole answer, so this comment does not hide them; only a starlint-disable above the answer's first sentence, not enabled again, does"
        #expect(mixed.analysis.directiveProblems?.map(\.message) == [leftWhole], "\(String(describing: mixed.analysis.directiveProblems))")
        // So does a line comment that hid a filler, and a disable enabled again before the end.
        let lineMixed = try findings([draft[0] + " <!-- starlint-disable-line filler length missing-result -->", draft[1]])
        #expect(lineMixed.analysis.suppressedFindings == 1 && lineMixed.analysis.directiveProblems?.map(\.message) == [leftWhole],
                "\(String(describing: lineMixed.analysis.directiveProblems))")
        let reopened = try findings(["<!-- starlint-disable filler length missing-result -->", draft[0], "<!-- starlint-enable filler length missing-result -->", draft[1]])
        #expect(reopened.analysis.directiveProblems?.map(\.message) == [leftWhole], "\(String(describing: reopened.analysis.directiveProblems))")
        // Naming a whole-answer rule with no finding to hide says nothing of it.
        #expect(!plain.contains("hypothetical"))
        let noFinding = try findings([draft[0], "<!-- starlint-disable filler hypothetical -->", "Basically " + draft[1]])
        #expect(noFinding.analysis.suppressedFindings == 1 && noFinding.analysis.directiveProblems == nil, "\(String(describing: noFinding.analysis.directiveProblems))")
        let idle = try findings([draft[0], "<!-- starlint-disable hypothetical -->", draft[1]])
        #expect(idle.analysis.directiveProblems?.map(\.message) == ["'starlint-disable hypothetical' hides no finding after it; remove it"], "\(String(describing: idle.analysis.directiveProblems))")
        // Disabled over the whole answer, by name or by a bare disable, it is hidden.
        let named = try findings(["<!-- starlint-disable length missing-result -- a draft -->"] + draft)
        #expect(named.all == plain.subtracting(["length", "missing-result"]), "\(named.all)")
        #expect(named.analysis.suppressed?.first { $0.finding.rule == "length" }?.reason == "a draft")
        let blanket = try findings(["<!-- starlint-disable -->"] + draft)
        #expect(blanket.all.isEmpty && blanket.analysis.suppressedFindings == plain.count + 0, "\(blanket.all)")
        // ... unless enabled again before the end.
        let reenabled = try findings(["<!-- starlint-disable length -->", draft[0], "<!-- starlint-enable length -->", draft[1]])
        #expect(reenabled.all == plain, "\(reenabled.all)")
        #expect(reenabled.analysis.directiveProblems == nil || !(reenabled.analysis.directiveProblems ?? []).contains { $0.message.contains("has no starlint-disable") })
        // An enable with no disable before it does nothing, and says so.
        let stray = try findings([draft[0], "<!-- starlint-enable filler -->", draft[1], "<!-- starlint-disable hedge -->", "<!-- starlint-enable -->"])
        #expect(stray.analysis.directiveProblems?.map(\.message).filter { $0.contains("no starlint-disable before it") } == ["'starlint-enable filler' has no starlint-disable before it; it does nothing"],
                "\(String(describing: stray.analysis.directiveProblems))")
    }

    @Test func disableAndEnableARegion() throws {
        var l = Self.lines
        l.insert("<!-- starlint-disable filler -->", at: 0)
        l.insert("<!-- starlint-enable filler -->", at: 2)
        let a = try Self.analyse(l.joined(separator: "\n"))
        #expect(Self.rules(a) == ["hedge@4", "filler@5"])
        #expect(a.suppressedFindings == 1)
        // A suppressed finding still costs its points, and its deduction says it was hidden.
        #expect(a.deductions.filter { $0.rule != "length" }.map { $0.rule + ($0.suppressed == true ? " (hidden)" : "") } == ["filler (hidden)", "hedge", "filler"])
    }

    @Test func disableNextLine() throws {
        var l = Self.lines
        l.insert("<!-- starlint-disable-next-line hedge, filler -->", at: 1)
        let a = try Self.analyse(l.joined(separator: "\n"))
        #expect(Self.rules(a) == ["filler@1", "filler@4"])
    }

    /// A line comment that hid a finding of one rule it names but none of another's says so
    /// of that rule; a disable (a region) may name rules ahead of findings, and does not.
    @Test func aLineCommentNamingARuleWithNothingToHideSaysSo() throws {
        var l = Self.lines
        l[0] += " <!-- starlint-disable-line filler hedge -->"
        let a = try Self.analyse(l.joined(separator: "\n"))
        #expect(Self.rules(a) == ["hedge@2", "filler@3"])
        #expect(a.directiveProblems?.map(\.message) == ["'starlint-disable-line filler, hedge' hides no hedge finding on its line; remove hedge from it"],
                "\(String(describing: a.directiveProblems))")
        var next = Self.lines
        next.insert("<!-- starlint-disable-next-line hedge weak-verb -->", at: 1)
        let b = try Self.analyse(next.joined(separator: "\n"))
        #expect(b.directiveProblems?.map(\.message) == ["'starlint-disable-next-line hedge, weak-verb' hides no weak-verb finding on the next line; remove weak-verb from it"],
                "\(String(describing: b.directiveProblems))")
        var region = Self.lines
        region.insert("<!-- starlint-disable filler hedge weak-verb -->", at: 0)
        #expect(try Self.analyse(region.joined(separator: "\n")).directiveProblems == nil)
    }

    @Test func disableAllThenEnableOne() throws {
        // Regression: `enable filler` after a bare `disable` kept filler suppressed.
        let a = try Self.analyse("<!-- starlint-disable -->\n<!-- starlint-enable filler -->\n" + Self.lines.joined(separator: "\n"))
        #expect(Self.rules(a) == ["filler@3", "filler@5"])
        let b = try Self.analyse("<!-- starlint-disable -->\n<!-- starlint-enable filler -->\n<!-- starlint-disable filler -->\n" + Self.lines.joined(separator: "\n"))
        #expect(Self.rules(b).isEmpty)
        let c = try Self.analyse("<!-- starlint-disable -->\n" + Self.lines[0...1].joined(separator: "\n") + "\n<!-- starlint-enable -->\n" + Self.lines[2...].joined(separator: "\n"))
        #expect(Self.rules(c) == ["filler@5"])
    }

    @Test func disableNextLineAfterAMultiLineComment() throws {
        // Regression: the directive pointed at the line after the comment's first line.
        var l = Self.lines
        l.insert("<!--\n  starlint-disable-next-line hedge\n-->", at: 1)
        let a = try Self.analyse(l.joined(separator: "\n"))
        #expect(Self.rules(a) == ["filler@1", "filler@6"])
    }

    @Test func carriageReturnLineEndings() throws {
        // Regression: lone CRs were not counted as line breaks when placing directives.
        var l = Self.lines
        l.insert("<!-- starlint-disable-next-line hedge -->", at: 1)
        let a = try Self.analyse(l.joined(separator: "\r"))
        #expect(Self.rules(a) == ["filler@1", "filler@4"])
        let b = try Self.analyse(l.joined(separator: "\r\n"))
        #expect(Self.rules(b) == ["filler@1", "filler@4"])
    }

    @Test func aliasesWork() throws {
        let text = "<!-- starlint-disable quantified-result -->\n" + Harness.answer(result: "Things got much better for everyone on the team.")
        let a = try Self.analyse(text)
        #expect(!a.findings.contains { $0.rule == "result-not-quantified" })
        // The one finding the alias names (the Result is not measured), and nothing else.
        #expect(a.suppressedFindings == 1)
    }

    @Test func commentsKeepColumns() throws {
        let a = try Self.analyse("Situation: <!-- note --> Basically our queue was full and customers waited three days.\n" + Self.lines[1...].joined(separator: "\n"))
        let f = try #require(a.findings.first { $0.rule == "filler" })
        #expect(f.line == 1 && f.column == 26)
    }

    @Test func fixtureWithSuppressionsPassesCleanly() throws {
        let r = try Harness.run(["check", "answers/suppressed.md", "--format", "json"])
        #expect(r.code == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let file = (doc?["files"] as? [[String: Any]])?.first
        #expect(file?["suppressedFindings"] as? Int == 2)
        #expect((file?["findings"] as? [Any])?.isEmpty == true)
        #expect(file?["passed"] as? Bool == true)
    }

    /// A comment hides findings but not their points: the score is the same with the comment,
    /// without it and with `--no-inline-config`, and `--min-score` fails the answer either
    /// way; the hidden findings' deductions are marked so.
    @Test func suppressedFindingsStillCostTheirPoints() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let body = "Situation: Um basically there was a problem.\nAction: We kind of fixed it I think.\n"
        try Harness.write("<!-- starlint-disable -->\n" + body, to: dir.appendingPathComponent("game.md"))
        try Harness.write(body, to: dir.appendingPathComponent("plain.md"))
        func json(_ args: [String]) throws -> [String: Any] {
            let r = try Harness.run(["score"] + args + ["--no-save", "--no-config", "--format", "json"], cwd: dir)
            return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        }
        let hidden = try json(["game.md"]), shown = try json(["plain.md"])
        let refusedRun = try Harness.run(["check", "game.md", "--no-config", "--no-inline-config", "--format", "json"], cwd: dir)
        let refused = try JSONSerialization.jsonObject(with: Data(refusedRun.stdout.utf8)) as? [String: Any]
        let score = try #require(hidden["score"] as? Int)
        #expect(score < 70 && score == shown["score"] as? Int && score == (refused?["files"] as? [[String: Any]])?.first?["score"] as? Int, "\(score)")
        #expect((hidden["findings"] as? [Any])?.isEmpty == true)
        let deductions = try #require(hidden["deductions"] as? [[String: Any]])
        #expect(!deductions.isEmpty && deductions.allSatisfy { $0["suppressed"] as? Bool == true })
        #expect((shown["deductions"] as? [[String: Any]])?.allSatisfy { $0["suppressed"] == nil } == true)
        let text = try Harness.run(["score", "game.md", "--no-save", "--no-config"], cwd: dir)
        #expect(text.stdout.contains("(suppressed by a comment; still counted)") && text.stdout.contains("their points still count)"), "\(text.stdout)")
        let check = try Harness.run(["check", "game.md", "--no-config", "--min-score", "70"], cwd: dir)
        #expect(check.code == 1 && check.stdout.hasPrefix("FAIL"), "\(check.stdout)")
    }

    /// A coach can refuse answers' own suppressions: `--no-inline-config` or
    /// `inline-config: false` grades every finding; without them the text report says how
    /// many were suppressed.
    @Test func inlineSuppressionsCanBeIgnoredInCI() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("<!-- starlint-disable -->\nWe did stuff.\n", to: dir.appendingPathComponent("game.md"))
        let honoured = try Harness.run(["check", "game.md", "--no-config"], cwd: dir)
        #expect(honoured.code == 0)
        #expect(honoured.stdout.contains("game.md: 5 findings suppressed by starlint-disable comments (their points still count; --no-inline-config reports them)"), "\(honoured.stdout)")
        // A rule the settings require is the grader's: no comment hides it.
        let required = try Harness.run(["check", "game.md", "--no-config", "--require", "missing-action"], cwd: dir)
        #expect(required.code == 1)
        #expect(required.stdout.contains("game.md  (required rule missing-action fired)"), "\(required.stdout)")
        #expect(required.stdout.contains("game.md: 4 findings suppressed by starlint-disable comments"), "\(required.stdout)")
        try Harness.write("<!-- starlint-disable-next-line missing-action, filler -->\nWe did stuff.\n", to: dir.appendingPathComponent("named.md"))
        let named = try Harness.run(["check", "named.md", "--no-config", "--require", "missing-action"], cwd: dir)
        #expect(named.code == 1)
        #expect(named.stdout.contains("named.md:1:1: warning: the settings require missing-action, so this comment cannot suppress it"), "\(named.stdout)")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("named.md"))
        let flag = try Harness.run(["check", "game.md", "--no-config", "--no-inline-config"], cwd: dir)
        #expect(flag.code == 1)
        #expect(flag.stdout.hasPrefix("FAIL  ") && flag.stdout.contains("game.md  (2 errors: missing-action, missing-result)\n"), "\(flag.stdout)")
        try Harness.write("inline-config: false\n", to: dir.appendingPathComponent(".starlint.yml"))
        #expect(try Harness.run(["check", "game.md"], cwd: dir).stdout == flag.stdout + "settings: .starlint.yml\n")
        try Harness.write("inline-config: maybe\n", to: dir.appendingPathComponent(".starlint.yml"))
        let bad = try Harness.run(["check", "game.md"], cwd: dir)
        #expect(bad.code == 2 && bad.stderr.contains(".starlint.yml:1: 'inline-config' must be true or false, not 'maybe'"), "\(bad.stderr)")
    }

    /// A suppression naming a rule starlint does not have would silently do nothing: it is
    /// reported with its line and the nearest rule id, in text and JSON.
    @Test func unknownRuleInASuppressionIsReported() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("Situation: our queue was full.\n<!-- starlint-disable fillr -->\nBasically I fixed it.\n", to: dir.appendingPathComponent("a.md"))
        let text = try Harness.run(["check", "a.md", "--no-config"], cwd: dir)
        #expect(text.stdout.contains("a.md:2:1: warning: unknown rule 'fillr' in a starlint-disable comment (did you mean 'filler'?); it suppresses nothing\n"), "\(text.stdout)")
        #expect(text.stdout.contains("filler 'Basically'"))
        let score = try Harness.run(["score", "a.md", "--no-save", "--no-config", "--format", "json"], cwd: dir)
        let a = try JSONOutput.decode(Analysis.self, from: Array(score.stdout.utf8))
        #expect(a.directiveProblems == [DirectiveProblem(line: 2, column: 1, message: "unknown rule 'fillr' in a starlint-disable comment (did you mean 'filler'?); it suppresses nothing")])
        // An enable comment is named as one.
        let enable = try Self.analyse("Situation: our queue was full.\n<!-- starlint-enable bogus -->\nI fixed it.\n")
        #expect(enable.directiveProblems?.map(\.message) == ["unknown rule 'bogus' in a starlint-enable comment; it enables nothing"], "\(String(describing: enable.directiveProblems))")
        try Harness.write("Situation: our queue was full.\n<!-- starlint-disable filler -->\nBasically I fixed it.\n", to: dir.appendingPathComponent("a.md"))
        let fine = try Harness.run(["score", "a.md", "--no-save", "--no-config", "--format", "json"], cwd: dir)
        #expect(!fine.stdout.contains("directiveProblems"))
    }

    /// What a comment hid is listed with the comment's place and reason: in JSON under
    /// `suppressed` (score and check alike), in SARIF as results suppressed in source with the
    /// reason as justification. They still take nothing off the score.
    @Test func suppressedFindingsKeepTheirCommentAndReason() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "Situation: our queue was full.\n<!-- starlint-disable-next-line filler -- quoting the customer,\n  word for word -->\nShe said it was basically broken.\nAction: I probably fixed it. <!-- starlint-disable-line hedge -->\nResult: waits fell from 3 days to 1.\n"
        try Harness.write(text, to: dir.appendingPathComponent("a.md"))
        let score = try Harness.run(["score", "a.md", "--no-save", "--no-config", "--format", "json"], cwd: dir)
        let a = try JSONOutput.decode(Analysis.self, from: Array(score.stdout.utf8))
        let hidden = try #require(a.suppressed)
        #expect(hidden.map(\.finding.rule) == ["filler", "hedge"], "\(hidden)")
        #expect(hidden.map(\.finding.line) == [4, 5])
        #expect(hidden.map(\.commentLine) == [2, 5] && hidden.map(\.commentColumn) == [1, 30], "\(hidden)")
        #expect(hidden.map(\.reason) == ["quoting the customer, word for word", nil])
        #expect(a.suppressedFindings == 2 && !a.findings.contains { $0.rule == "filler" || $0.rule == "hedge" })
        // check --format json writes the same entries (its own writer, not the encoder).
        let check = try Harness.run(["check", "a.md", "--no-config", "--fail-on", "never", "--format", "json"], cwd: dir)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let file = try #require((obj["files"] as? [[String: Any]])?.first)
        let listed = try #require(file["suppressed"] as? [[String: Any]])
        #expect(listed.count == 2 && listed[0]["reason"] as? String == "quoting the customer, word for word" && listed[1]["reason"] == nil)
        #expect((listed[0]["finding"] as? [String: Any])?["rule"] as? String == "filler")
        // SARIF: the hidden findings are results with an in-source suppression.
        let sarif = try Harness.run(["check", "a.md", "--no-config", "--fail-on", "never", "--format", "sarif"], cwd: dir)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let results = try #require(((log["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
        let suppressedResults = results.filter { $0["suppressions"] != nil }
        #expect(suppressedResults.map { $0["ruleId"] as? String } == ["filler", "hedge"])
        let first = try #require((suppressedResults.first?["suppressions"] as? [[String: Any]])?.first)
        #expect(first["kind"] as? String == "inSource" && first["justification"] as? String == "quoting the customer, word for word")
        #expect(results.filter { $0["suppressions"] == nil }.allSatisfy { $0["ruleId"] as? String != "filler" })
        // With --no-inline-config nothing is hidden, so nothing is listed.
        let graded = try Harness.run(["check", "a.md", "--no-config", "--no-inline-config", "--fail-on", "never", "--format", "json"], cwd: dir)
        #expect(!graded.stdout.contains("\"suppressed\"") && graded.stdout.contains("\"filler\""))
    }

    /// A directive left without "-->" (at the end, or running on into the next comment)
    /// suppresses nothing and says so, once, instead of listing the prose it swallowed as rules.
    @Test func anUnclosedDirectiveIsReported() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("Situation: our queue was full.\nI probably fixed it. <!-- starlint-disable-line hedge\nI basically checked it. <!-- starlint-disable-line filler -->\nResult: waits fell from 3 days to 1.\n<!-- starlint-disable filler\n", to: dir.appendingPathComponent("a.md"))
        let score = try Harness.run(["score", "a.md", "--no-save", "--no-config", "--format", "json"], cwd: dir)
        let a = try JSONOutput.decode(Analysis.self, from: Array(score.stdout.utf8))
        #expect(a.directiveProblems == [
            DirectiveProblem(line: 2, column: 22, message: "'<!-- starlint-disable-line hedge' is not closed before the next '<!--', so everything up to that comment's '-->' (line 3) is hidden as a comment and nothing is suppressed; close it with '-->'"),
            DirectiveProblem(line: 5, column: 1, message: "'<!-- starlint-disable filler' is never closed with '-->'; it suppresses nothing"),
        ], "\(String(describing: a.directiveProblems))")
        #expect(a.findings.contains { $0.rule == "hedge" } && a.suppressedFindings == 0)
        // An ordinary comment left open is no directive and not reported; nor is a closed note
        // that holds another "<!--".
        try Harness.write("Situation: our queue was full.\n<!-- starlint: see <!-- x -->\nResult: waits fell from 3 days to 1.\n", to: dir.appendingPathComponent("c.md"))
        let c = try Harness.run(["score", "c.md", "--no-save", "--no-config", "--format", "json"], cwd: dir)
        #expect(!c.stdout.contains("directiveProblems"), "\(c.stdout)")
        try Harness.write("Situation: our queue was full.\n<!-- note to self\nResult: waits fell from 3 days to 1.\n", to: dir.appendingPathComponent("b.md"))
        let b = try Harness.run(["score", "b.md", "--no-save", "--no-config", "--format", "json"], cwd: dir)
        #expect(!b.stdout.contains("directiveProblems"))
    }

    /// A coach reading annotations, SARIF, JUnit or Markdown sees a suppression comment that
    /// does nothing, not only a reader of the text or JSON report.
    @Test func suppressionProblemsReachEveryFormat() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("<!-- starlint-disabel filler -->\nSituation: our queue was full.\nBasically I fixed it.\n", to: dir.appendingPathComponent("a.md"))
        let message = "unknown directive 'starlint-disabel' (did you mean 'starlint-disable'?); it suppresses nothing"
        let github = try Harness.run(["check", "a.md", "--no-config", "-f", "github"], cwd: dir)
        #expect(github.stdout.contains("::warning file=a.md,line=1,col=1,title=starlint suppression comment::\(message)\n"), "\(github.stdout)")
        let sarif = try Harness.run(["check", "a.md", "--no-config", "-f", "sarif"], cwd: dir)
        let notes = try Harness.sarifNotifications(sarif.stdout)
        #expect(notes.count == 1)
        #expect((notes.first?["message"] as? [String: Any])?["text"] as? String == "a.md:1:1: \(message)")
        #expect((notes.first?["descriptor"] as? [String: Any])?["id"] as? String == "suppression-comment")
        let junit = try Harness.run(["check", "a.md", "--no-config", "-f", "junit"], cwd: dir)
        #expect(junit.stdout.contains("<system-out>a.md:1:1: warning: unknown directive &apos;starlint-disabel&apos;"), "\(junit.stdout)")
        let markdown = try Harness.run(["check", "a.md", "--no-config", "-f", "markdown"], cwd: dir)
        #expect(markdown.stdout.contains("1 suppression comment problem"), "\(markdown.stdout)")
    }

    /// A starlint comment that does nothing is reported where its `<!--` stands: line and
    /// column, the column counted in characters as findings' columns are, and a
    /// disable-next-line comment over several lines at its first line, not its last.
    @Test func aCommentProblemIsReportedAtItsLineAndColumn() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let answer = "Situation: the café’s queue was full. <!-- starlint-disable-line fillr -->\nI fixed it.\n<!-- starlint-disable-next-line\n     hedge -->\nResult: waits basically fell from 3 days to 1.\n"
        try Harness.write(answer, to: dir.appendingPathComponent("a.md"))
        let score = try Harness.run(["score", "a.md", "--no-save", "--no-config", "--format", "json"], cwd: dir)
        let a = try JSONOutput.decode(Analysis.self, from: Array(score.stdout.utf8))
        // "Situation: the café’s queue was full. " is 38 characters (é and ’ are one each).
        #expect(a.directiveProblems?.map(\.line) == [1, 3], "\(String(describing: a.directiveProblems))")
        #expect(a.directiveProblems?.map(\.column) == [39, 1])
        #expect(a.directiveProblems?.last?.message == "'starlint-disable-next-line hedge' hides no finding on the next line; remove it")
        let text = try Harness.run(["check", "a.md", "--no-config"], cwd: dir)
        #expect(text.stdout.contains("a.md:1:39: warning: unknown rule 'fillr'"), "\(text.stdout)")
        #expect(text.stdout.contains("a.md:3:1: warning: 'starlint-disable-next-line hedge' hides no finding"), "\(text.stdout)")
        // Comment problems and findings are listed together in the order of their places,
        // in check's text report and in score's.
        let scored = try Harness.run(["score", "a.md", "--no-save", "--no-config"], cwd: dir)
        for out in [text.stdout, scored.stdout] {
            let places = out.split(separator: "\n").filter { $0.hasPrefix("a.md:") }.map { line -> [Int] in
                line.split(separator: ":").dropFirst().prefix(2).compactMap { Int($0) }
            }
            #expect(places.count >= 4 && places == places.sorted { $0.lexicographicallyPrecedes($1) }, "\(out)")
            #expect(places.contains([1, 39]) && places.contains([3, 1]) && places.contains { $0[0] == 5 }, "\(out)")
        }
        // check's JSON writes the comment's place as the encoder does, keys sorted.
        let json = try Harness.run(["check", "a.md", "--no-config", "-f", "json"], cwd: dir)
        #expect(json.stdout.contains("\"column\" : 39,\n") && json.stdout.range(of: "\"column\" : 39")!.lowerBound < json.stdout.range(of: "\"message\" : \"unknown rule")!.lowerBound, "\(json.stdout)")
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let problems = ((decoded?["files"] as? [[String: Any]])?.first?["directiveProblems"] as? [[String: Any]]) ?? []
        #expect(problems.map { $0["column"] as? Int } == [39, 1] && problems.map { $0["line"] as? Int } == [1, 3], "\(problems)")
        let github = try Harness.run(["check", "a.md", "--no-config", "-f", "github"], cwd: dir)
        #expect(github.stdout.contains("::warning file=a.md,line=1,col=39,title=starlint suppression comment::unknown rule"), "\(github.stdout)")
        let sarif = try Harness.run(["check", "a.md", "--no-config", "-f", "sarif"], cwd: dir)
        let notes = try Harness.sarifNotifications(sarif.stdout)
        let regions = notes.compactMap { (($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any] }
        #expect(regions.map { $0["startLine"] as? Int } == [1, 3] && regions.map { $0["startColumn"] as? Int } == [39, 1], "\(regions)")
    }

    /// A byte-order mark is no column: a comment on the first line is placed as without it,
    /// as the findings beside it are.
    @Test func aByteOrderMarkMovesNoCommentColumn() throws {
        let body = "<!-- starlint-disable no-such-rule --> Situation: At the shop, basically, stock was lost.\n<!-- starlint-disable-next-line filler -->\nI basically fixed it.\n"
        func places(_ bytes: [UInt8]) throws -> (comments: [Int], hidden: [Int], findings: [Int]) {
            let a = try Analyzer().analyze(bytes: bytes, path: "a.md")
            return ((a.directiveProblems ?? []).map { $0.column ?? 0 }, (a.suppressed ?? []).map(\.commentColumn),
                    a.findings.filter { $0.line == 1 }.map(\.column))
        }
        let plain = try places(Array(body.utf8)), marked = try places([0xEF, 0xBB, 0xBF] + Array(body.utf8))
        #expect(plain.comments == [1] && plain.hidden == [1] && plain.findings.contains(64), "\(plain)")
        #expect(marked.comments == plain.comments && marked.hidden == plain.hidden && marked.findings == plain.findings, "\(marked)")
    }

    /// An answer that passes because its findings are suppressed says so in every format,
    /// not only in the text and JSON reports.
    @Test func suppressedFindingsAreCountedInEveryFormat() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("<!-- starlint-disable -->\nSituation: our queue was full.\nBasically I fixed it.\n", to: dir.appendingPathComponent("a.md"))
        let markdown = try Harness.run(["check", "a.md", "--no-config", "-f", "markdown"], cwd: dir)
        #expect(markdown.stdout.contains("suppressed by starlint-disable |"), "\(markdown.stdout)")
        let junit = try Harness.run(["check", "a.md", "--no-config", "-f", "junit"], cwd: dir)
        #expect(junit.stdout.contains("<system-out>a.md: "), "\(junit.stdout)")
        #expect(junit.stdout.contains(" findings suppressed by starlint-disable comments (their points still count; --no-inline-config reports them)</system-out>"), "\(junit.stdout)")
        let github = try Harness.run(["check", "a.md", "--no-config", "-f", "github"], cwd: dir)
        #expect(github.stdout.contains("::notice file=a.md,title=starlint suppressed findings::"), "\(github.stdout)")
        let sarif = try Harness.run(["check", "a.md", "--no-config", "-f", "sarif"], cwd: dir)
        let notes = try Harness.sarifNotifications(sarif.stdout)
        let text = (notes.first?["message"] as? [String: Any])?["text"] as? String
        #expect((notes.first?["descriptor"] as? [String: Any])?["id"] as? String == "suppressed-findings")
        #expect(text?.hasPrefix("a.md: ") == true && text?.hasSuffix(" findings suppressed by starlint-disable comments (their points still count; --no-inline-config reports them)") == true, "\(String(describing: text))")
        // Without suppressions, none of this appears.
        try Harness.write("Situation: our queue was full.\nBasically I fixed it.\n", to: dir.appendingPathComponent("a.md"))
        for format in ["markdown", "junit", "github", "sarif"] {
            let r = try Harness.run(["check", "a.md", "--no-config", "-f", format], cwd: dir)
            #expect(!r.stdout.contains("suppressed by starlint-disable"), "\(format): \(r.stdout)")
        }
    }
}
