import Foundation
import Testing

/// The corpus's own tools, run on the committed corpus (when python3 is there).
@Suite struct CorpusToolTests {
    /// Whether `python3` can be started (the tests are skipped, visibly, when it cannot).
    static let hasPython: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "pass"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationReason == .exit && p.terminationStatus == 0
    }()

    /// Runs a Python script from the package root; nil when python3 cannot be started.
    func python(_ args: [String]) throws -> (code: Int32, out: String)? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        p.currentDirectoryURL = Harness.packageRoot
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        if p.terminationReason == .exit, p.terminationStatus == 127 { return nil }  // no python3
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The agreement figure Corpus/README.md states is what `tools/agreement.py` measures
    /// on the committed labels, so neither drifts from the other.
    @Test(.enabled(if: CorpusToolTests.hasPython, "needs python3"))
    func agreementScriptReproducesTheStatedFigure() throws {
        let r = try #require(try python(["Corpus/tools/agreement.py"]))
        #expect(r.code == 0, "\(r.out)")
        let readme = try String(contentsOf: Harness.packageRoot.appendingPathComponent("Corpus/README.md"), encoding: .utf8)
        let stated = try #require(readme.firstMatch(of: /macro-F1 over S\/T\/A\/R \*\*([0-9.]+)\*\*/)?.1)
        let measured = try #require(r.out.firstMatch(of: /macro-F1 \(S\/T\/A\/R\) ([0-9.]+)/)?.1)
        #expect(measured == stated)
        #expect(r.out.contains("60 answers, 552 sentences"))
        // Part presence and the second reading of the quantified grade, as stated.
        let presence = try #require(readme.firstMatch(of: /agree on \*\*([0-9]+) of ([0-9]+)\*\* \(([0-9.]+)\)/))
        #expect(r.out.contains("part presence \(presence.1) of \(presence.2) (\(presence.3))"))
        let quantified = try #require(readme.firstMatch(of: /\*\*([0-9]+) of ([0-9]+)\*\* agree \(kappa ([0-9.]+)\)/))
        #expect(r.out.contains("quantified result: \(quantified.1) of \(quantified.2) answers agree"))
        #expect(r.out.contains("kappa \(quantified.3)"))
        // The career-aims re-read: the readers' agreement and the changes, as stated; the
        // script fails if a segment's gold is not the readers' majority.
        let aims = try #require(readme.firstMatch(of: /they agreed on ([0-9]+) of the ([0-9]+), and the gold took their\s+majority label: [^:]*?([0-9]+) changes/))
        #expect(r.out.contains("career aims re-read: \(aims.2) sentences, the three readers agree on \(aims.1) "))
        #expect(r.out.contains("gold changed on \(aims.3)"))
        // The tenth session's demeanour and framing re-reads, as stated: each one's line of
        // the script's output has the readers' agreement and the number of changes.
        func line(_ prefix: String) -> String { r.out.split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init) ?? "" }
        let demeanour = try #require(readme.firstMatch(of: /\(([0-9]+) sentences of hypothetical or situational\s+answers[^)]*?they agreed on ([0-9]+), and their majority[^`]*`agreement\/demeanour.tsv` records ([0-9]+) changes/))
        #expect(line("demeanour re-read:").hasPrefix("demeanour re-read: \(demeanour.1) sentences, the three readers agree on \(demeanour.2) "))
        #expect(line("demeanour re-read:").hasSuffix("gold changed on \(demeanour.3)"))
        let framing = try #require(readme.firstMatch(of: /\(([0-9]+) sentences among the first\s+three of such answers[^)]*?the readers agreed on ([0-9]+), and their\s+majority changed ([0-9]+) labels/))
        #expect(line("framing re-read:").hasPrefix("framing re-read: \(framing.1) sentences, the three readers agree on \(framing.2) "))
        #expect(line("framing re-read:").hasSuffix("gold changed on \(framing.3)"))
        let background2 = try #require(readme.firstMatch(of: /they agreed on ([0-9]+) of the ([0-9]+), and their majority\s+changed ([0-9]+) labels, all of them O/))
        #expect(line("background, second pass re-read:").hasPrefix("background, second pass re-read: \(background2.2) sentences, the three readers agree on \(background2.1) "))
        #expect(line("background, second pass re-read:").hasSuffix("gold changed on \(background2.3)"))
        // The second reading under those rules, as stated.
        let rules = try #require(try python(["Corpus/tools/agreement.py", "Corpus/agreement/rules-reading"]))
        #expect(rules.code == 0, "\(rules.out)")
        let statedRules = try #require(readme.firstMatch(of: /([0-9]+) sentences: macro-F1 over S\/T\/A\/R \*\*([0-9.]+)\*\* under the rules/))
        #expect(rules.out.contains("60 answers, \(statedRules.1) sentences"))
        #expect(rules.out.contains("macro-F1 (S/T/A/R) \(statedRules.2)"))
        let rulesPresence = try #require(readme.firstMatch(of: /Part presence: \*\*([0-9]+) of ([0-9]+)\*\* under the rules \(([0-9.]+)\)/))
        #expect(rules.out.contains("part presence \(rulesPresence.1) of \(rulesPresence.2) (\(rulesPresence.3))"))
        // The twenty-third round's second reading, as stated.
        let round = try #require(try python(["Corpus/tools/agreement.py", "Corpus/agreement/round23-reading"]))
        #expect(round.code == 0, "\(round.out)")
        let statedRound = try #require(readme.firstMatch(of: /([0-9]+) sentences: macro-F1 over S\/T\/A\/R \*\*([0-9.]+)\*\* \(/))
        #expect(round.out.contains("60 answers, \(statedRound.1) sentences"), "\(round.out)")
        #expect(round.out.contains("macro-F1 (S/T/A/R) \(statedRound.2)"), "\(round.out)")
        #expect(round.out.contains("part presence 238 of 240") && readme.contains("part presence **238 of 240**"), "\(round.out)")
    }

    /// A second annotator who disagrees on one sentence lowers the agreement, and a
    /// sentence that is not in its answer is an error.
    @Test(.enabled(if: CorpusToolTests.hasPython, "needs python3"))
    func agreementScriptCountsDisagreementsAndRejectsUnknownText() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let answers = dir.appendingPathComponent("answers"), second = dir.appendingPathComponent("second")
        try Harness.write("The ward was short.\nI rewrote the rota.\nWaits fell by half.\n", to: answers.appendingPathComponent("a001.md"))
        try Harness.write("question: q\n---\nS | The ward was short.\nA | I rewrote the rota.\nR | Waits fell by half.\n", to: answers.appendingPathComponent("a001.labels"))
        try Harness.write("annotator: second\n---\nS | The ward was short.\nA | I rewrote the rota.\nA | Waits fell by half.\n", to: second.appendingPathComponent("a001.labels"))
        let r = try #require(try python(["Corpus/tools/agreement.py", second.path, answers.path]))
        #expect(r.code == 0)
        #expect(r.out.contains("1 answers, 3 sentences"))
        #expect(r.out.contains("raw agreement 0.667"))
        // S 1, T 0 (no such sentences), A 2/3, R 0: (1 + 0 + 0.667 + 0) / 4.
        #expect(r.out.contains("macro-F1 (S/T/A/R) 0.417"))
        // R is present in the gold only: three of the four parts agree.
        #expect(r.out.contains("part presence 3 of 4 (0.750)"))
        #expect(!r.out.contains("quantified result"))
        // A second reading of the quantified grade that disagrees with the gold.
        try Harness.write("question: q\nquantified: true\n---\nS | The ward was short.\nA | I rewrote the rota.\nR | Waits fell by half.\n",
                          to: answers.appendingPathComponent("a001.labels"))
        try Harness.write("a001,false,no figure\n", to: second.appendingPathComponent("quantified.csv"))
        let q = try #require(try python(["Corpus/tools/agreement.py", second.path, answers.path]))
        #expect(q.code == 0)
        #expect(q.out.contains("quantified result: 0 of 1 answers agree (0.000)"))
        #expect(q.out.contains("a001: gold true, second false: no figure"))
        try Harness.write("a001,maybe\n", to: second.appendingPathComponent("quantified.csv"))
        #expect(try #require(try python(["Corpus/tools/agreement.py", second.path, answers.path])).code == 1)
        try Harness.write("annotator: second\n---\nS | The ward was long.\n", to: second.appendingPathComponent("a001.labels"))
        let bad = try #require(try python(["Corpus/tools/agreement.py", second.path, answers.path]))
        #expect(bad.code == 1)
    }

    /// `tools/plan.py` draws a round's plan the same way every time from its seed,
    /// stratified as Corpus/README.md says, and the sidecars of the rounds drawn with it (the
    /// thirty-second to the fifty-second) follow the plans their seeds give (kind, part
    /// labels, grade).
    @Test(.enabled(if: CorpusToolTests.hasPython, "needs python3"))
    func planScriptDrawsTheRoundsAsWritten() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = Harness.packageRoot.appendingPathComponent("Corpus/answers")
        // Each round from the thirty-second is 120 answers straight after the one before,
        // drawn with its own number as the seed (plan.py's docstring).
        for seed in 32...52 {
            let first = 6493 + (seed - 32) * 120
            let out = dir.appendingPathComponent("r\(seed)"), again = dir.appendingPathComponent("r\(seed)-again")
            let r = try #require(try python(["Corpus/tools/plan.py", String(first), String(seed), out.path]))
            #expect(r.code == 0)
            #expect(r.out.contains("120 answers: 24 about career plans (5 held out), 32 labelled (6 held out, 8 about career plans), 8 with the question first"))
            _ = try python(["Corpus/tools/plan.py", String(first), String(seed), again.path])
            var rows = 0
            for w in 1...8 {
                let name = "plan-w\(w).md"
                let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
                #expect(text == (try String(contentsOf: again.appendingPathComponent(name), encoding: .utf8)))
                var grades: [Int] = []
                for line in text.split(separator: "\n") {
                    guard let m = line.firstMatch(of: /^\| (a[0-9]+) \| field [1-3] \| (yes|no) \| (yes|no) \| (yes|no) \| ([1-5]) \|$/) else { continue }
                    rows += 1
                    grades.append(Int(m.5)!)
                    let labels = try String(contentsOf: corpus.appendingPathComponent("\(m.1).labels"), encoding: .utf8)
                    #expect(labels.contains("\ntype: career-progression\n") == (m.2 == "yes"), "\(m.1)")
                    #expect(labels.contains("\nlabelled: \(m.3 == "yes")\n"), "\(m.1)")
                    #expect(labels.contains("\nquality: \(m.5)\n"), "\(m.1)")
                }
                #expect(grades.sorted() == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5], "writer \(w)")
            }
            #expect(rows == 120)
        }
        // Another seed, another plan.
        let other = dir.appendingPathComponent("other")
        _ = try python(["Corpus/tools/plan.py", "6493", "34", other.path])
        #expect((try String(contentsOf: other.appendingPathComponent("plan-w1.md"), encoding: .utf8))
                != (try String(contentsOf: dir.appendingPathComponent("r32/plan-w1.md"), encoding: .utf8)))
    }

    /// `tools/originality.py` names every eight-word run a new answer shares with the corpus
    /// or with another new answer, and exits 1; text of its own passes.
    @Test(.enabled(if: CorpusToolTests.hasPython, "needs python3"))
    func originalityScriptFindsSharedRuns() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("corpus"), new = dir.appendingPathComponent("new")
        try Harness.write("---\nquestion: q\n---\nThe night porter kept a paper log of every key he handed out.\n",
                          to: corpus.appendingPathComponent("a001.md"))
        try Harness.write("I rewrote the rota so that two nurses overlapped at handover.\n", to: new.appendingPathComponent("a002.md"))
        let clean = try #require(try python(["Corpus/tools/originality.py", new.path, corpus.path]))
        #expect(clean.code == 0)
        #expect(clean.out == "no shared 8-word runs\n")
        // Eight words of a corpus answer, whatever the case and punctuation.
        try Harness.write("At first, the NIGHT PORTER kept a paper log of every key.\n", to: new.appendingPathComponent("a003.md"))
        let copied = try #require(try python(["Corpus/tools/originality.py", new.path, corpus.path]))
        #expect(copied.code == 1)
        #expect(copied.out.contains("a003.md shares with a001.md: the night porter kept a paper log of"))
        #expect(!copied.out.contains("a002.md"))
        // Seven are not a run; and the same answer already in the corpus is not a copy.
        try Harness.write("At first, the night porter kept a paper log.\n", to: new.appendingPathComponent("a003.md"))
        #expect(try #require(try python(["Corpus/tools/originality.py", new.path, corpus.path])).code == 0)
        try Harness.write("The night porter kept a paper log of every key he handed out.\n", to: new.appendingPathComponent("a001.md"))
        #expect(try #require(try python(["Corpus/tools/originality.py", new.path, corpus.path])).code == 0)
        // Two new answers sharing a run.
        try Harness.write("Later the night porter kept a paper log of every key.\n", to: new.appendingPathComponent("a004.md"))
        let twice = try #require(try python(["Corpus/tools/originality.py", new.path, corpus.path]))
        #expect(twice.code == 1)
        #expect(twice.out.contains("a004.md shares with a001.md: the night porter kept a paper log of"))
    }
}
