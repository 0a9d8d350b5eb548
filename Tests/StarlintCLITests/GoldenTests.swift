import Foundation
import StarlintCore
import Testing

/// Every `check --format` output over Fixtures/answers, compared with Golden/.
///
/// The fixture answers label their parts explicitly ("Situation:"), so labels, findings and
/// scores do not depend on the trained model. The JSON and SARIF goldens still carry the
/// model's name and per-sentence confidences: after retraining Lexicons/model.txt, run
/// `STARLINT_UPDATE_GOLDEN=1 swift test --filter StarlintCLITests` and review the diff.
@Suite struct GoldenTests {
    static let goldenName: [String: String] = [
        "text": "check.txt", "json": "check.json", "sarif": "check.sarif", "junit": "check.junit.xml",
        "github": "check.github.txt", "markdown": "check.md",
    ]

    @Test(arguments: BatchFormat.allCases.map(\.rawValue))
    func format(_ name: String) throws {
        // Fixtures/.starlint.yml is found from the working folder: min-score 80,
        // structure >= 60, require quantified-result, exclude drafts.
        let r = try Harness.run(["check", "answers", "--format", name])
        #expect(r.code == 1, "two unreadable files and two failing answers: \(r.stderr)")
        // answers/.hidden.md is not graded, and named as such (on stderr and in each format).
        #expect(r.stderr == "starlint: note: not graded, a hidden file (name starting with '.'): 'answers/.hidden.md'; name it to grade it, or rename it\n", "\(r.stderr)")
        try Harness.assertGolden(r.stdout, Self.goldenName[name]!)
    }

    @Test func outputFileMatchesStdout() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.sarif")
        let r = try Harness.run(["check", "answers", "--format", "sarif", "--output", file.path])
        #expect(r.code == 1)
        #expect(r.stdout.isEmpty)
        let written = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        #expect(written == (try Harness.run(["check", "answers", "--format", "sarif"]).stdout))
    }

    @Test func rulesMarkdownIsTheReadmeTable() throws {
        let r = try Harness.run(["rules", "--format", "markdown"])
        #expect(r.code == 0)
        #expect(r.stdout == RuleDocs.markdownTable(RuleRegistry.all.map(\.description)))
    }

    /// README.md's rule table (between the markers) must be the generated one.
    @Test func readmeRuleTableIsCurrent() throws {
        let url = Harness.packageRoot.appendingPathComponent("README.md")
        let data = try #require(FileManager.default.contents(atPath: url.path), "README.md is missing")
        let readme = String(decoding: data, as: UTF8.self)
        let begin = "<!-- rules:begin -->", end = "<!-- rules:end -->"
        let b = try #require(readme.range(of: begin), "README.md has no \(begin) marker")
        let e = try #require(readme.range(of: end, range: b.upperBound..<readme.endIndex), "README.md has no \(end) marker after \(begin)")
        let table = readme[b.upperBound..<e.lowerBound].trimmingCharacters(in: .newlines)
        let expected = RuleDocs.markdownTable(RuleRegistry.all.map(\.description)).trimmingCharacters(in: .newlines)
        #expect(table == expected, "regenerate the README table with: starlint rules --format markdown")
    }

    /// The ids of results only check's reports carry (`threshold`, `input-error`) are
    /// explained by `rules`, not called unknown; any other unknown id still is.
    @Test func reportOnlyIdsAreExplained() throws {
        let r = try Harness.run(["rules", "threshold"])
        #expect(r.code == 0)
        #expect(r.stdout.hasPrefix("threshold: no rule of the answer's text but a result in check's reports (SARIF, JUnit, GitHub annotations)\n  The answer's score, a dimension sub-score or a required rule failed"), "\(r.stdout)")
        let e = try Harness.run(["rules", "Input-Error"])
        #expect(e.code == 0 && e.stdout.hasPrefix("input-error: no rule") && e.stdout.contains("not UTF-8"), "\(e.stdout)")
        #expect(try Harness.run(["rules", "input-error", "--format", "json"]).code == 2)
        #expect(try Harness.run(["rules", "thresholds"]).code == 2)
    }

    /// `starlint rules ID` shows one rule with the examples its test runs.
    @Test func oneRuleInFullWithItsExamples() throws {
        let r = try Harness.run(["rules", "hedge"])
        #expect(r.code == 0)
        #expect(r.stdout.hasPrefix("hedge (warning): Hedge\n  Hedges (\"I think\", \"I reckon\", \"maybe\", \"kind of\", \"sort of\", \"pretty much\", \"probably\") weaken claims about your own work.\n"))
        // The shared answer once, then each example's changed lines and what the rule finds.
        #expect(r.stdout.contains("Most examples change lines of this answer:\n    1  Situation: Last spring"))
        #expect(r.stdout.contains("Triggers on (1 of 20): the answer above with\n    9  I think both customers renewed their contracts, and my manager asked me to run the same review for the refunds queue.\n      -> 9:1 hedge 'I think'\n"))
        #expect(r.stdout.contains("Does not trigger on (1 of 35): the answer above as it is\n"))
        #expect(r.stdout.contains("Does not trigger on (3 of 35): the answer above with\n    7  I shared the sort of weekly chart"))
        #expect(!r.stdout.contains("no finding"))
        // An example of another shape is printed whole, numbered.
        let hyp = try Harness.run(["rules", "hypothetical"])
        #expect(hyp.stdout.contains("Triggers on (1 of 10):\n    1  If a customer was angry about a late order, I would first listen to them without interrupting.\n"))
        #expect(hyp.stdout.contains("      -> 1:1 the answer says what you would do (4 of 4 Action and Result sentences are plans: \"I would\", \"we'll\" and the like), not what you did\n"))
        // A very long example line shows its start and its length, not 740 words.
        let length = try Harness.run(["rules", "length"])
        #expect(length.stdout.split(separator: "\n").allSatisfy { $0.count < 300 }, "\(length.stdout)")
        #expect(length.stdout.contains("… (570 words on this line)"), "\(length.stdout)")
        let alias = try Harness.run(["rules", "quantified-result", "--format", "json"])
        #expect(alias.stdout.contains("\"id\" : \"result-not-quantified\"") && !alias.stdout.contains("\"id\" : \"hedge\""))
        let bad = try Harness.run(["rules", "fillr"])
        #expect(bad.code == 2 && bad.stderr == "starlint: error: unknown rule 'fillr' (did you mean 'filler'?) (see 'starlint rules --help')\n")
    }
}
