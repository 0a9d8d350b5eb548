import Foundation
@testable import StarlintCore
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Format-specific checks beyond the goldens: schema validity, escaping, limits.
@Suite struct SARIFTests {
    static func sarif() throws -> String {
        let r = try Harness.run(["check", "answers", "--format", "sarif"])
        #expect(r.code == 1)
        return r.stdout
    }

    static let schemaCandidates = (ProcessInfo.processInfo.environment["STARLINT_SARIF_SCHEMA"].map { [$0] } ?? []) + [
        Harness.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/schemas/sarif-schema-2.1.0.json").path,
        "/work/shared/schemas/sarif-schema-2.1.0.json",
    ]

    /// The first of `schemaCandidates` that is there.
    static var schema: String? { schemaCandidates.first { FileManager.default.fileExists(atPath: $0) } }

    /// Whether python3 can import jsonschema.
    static let hasJSONSchema: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import jsonschema"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Validates against the official SARIF 2.1.0 schema with Python's jsonschema. Skipped (and
    /// shown as skipped) when python3, jsonschema or the schema file is missing, except under
    /// `CI=true` (set by the CI that runs `.ci/run`): there it runs and their absence is a
    /// failure, so the check cannot pass there without running.
    @Test(.enabled(if: SARIFTests.schema != nil && SARIFTests.hasJSONSchema || SARIFTests.inCI,
                   "needs python3 with jsonschema and the SARIF 2.1.0 schema (STARLINT_SARIF_SCHEMA); required when CI=true"))
    func validatesAgainstTheOfficialSchema() throws {
        let schema = try #require(Self.schema, "the SARIF schema is not at any of \(Self.schemaCandidates)")
        try #require(Self.hasJSONSchema, "python3 with jsonschema is needed to validate SARIF in CI")

        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The fixtures' log, and one with notifications: a suppression comment that does
        // nothing and a file that cannot be read.
        try Harness.write("<!-- starlint-disabel filler -->\nSituation: our queue was full.\nBasically I fixed it.\n", to: dir.appendingPathComponent("a.md"))
        try Harness.write("", to: dir.appendingPathComponent("empty.md"))
        let notes = try Harness.run(["check", ".", "--no-config", "--format", "sarif"], cwd: dir)
        #expect(notes.stdout.contains("suppression-comment") && notes.stdout.contains("toolExecutionNotifications"))
        // And one whose settings change rules: those go in the invocation's overrides.
        try Harness.write("rules:\n  hedge: error\n  filler: off\n", to: dir.appendingPathComponent("rules.yml"))
        let configured = try Harness.run(["check", ".", "--config", "rules.yml", "--format", "sarif"], cwd: dir)
        #expect(configured.stdout.contains("ruleConfigurationOverrides"))
        for (k, log) in [try Self.sarif(), notes.stdout, configured.stdout].enumerated() {
            let doc = dir.appendingPathComponent("report\(k).sarif.json")
            try Harness.write(log, to: doc)
            try Self.validate(doc, schema: schema)
        }
    }

    static func validate(_ doc: URL, schema: String) throws {
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            doc = json.load(open(sys.argv[2]))
            errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
            for e in errors[:5]:
                print("/".join(map(str, e.path)), e.message)
            sys.exit(1 if errors else 0)
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, schema, doc.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "SARIF schema errors:\n\(text)")
    }

    /// The rules' defaults are the tool's, whatever the settings file says; what a run's
    /// settings change is in `invocations[0].ruleConfigurationOverrides`.
    @Test func settingsGoInTheInvocationNotTheDefaults() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("a.md"))
        try Harness.write("rules:\n  hedge: error\n  filler: off\n", to: dir.appendingPathComponent(".starlint.yml"))
        func run(_ extra: [String]) throws -> [String: Any] {
            let r = try Harness.run(["check", "a.md", "--format", "sarif"] + extra, cwd: dir)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return try #require((json["runs"] as? [[String: Any]])?.first)
        }
        let configured = try run([]), plain = try run(["--no-config"])
        func rules(_ run: [String: Any]) -> [[String: Any]] {
            ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
        }
        let defaults = rules(configured).map { ($0["id"] as? String ?? "", $0["defaultConfiguration"] as? [String: AnyHashable] ?? [:]) }
        #expect(defaults.map(\.0) == rules(plain).map { $0["id"] as? String ?? "" })
        #expect(defaults.map(\.1) == rules(plain).map { $0["defaultConfiguration"] as? [String: AnyHashable] ?? [:] })
        let invocation = try #require((configured["invocations"] as? [[String: Any]])?.first)
        let overrides = try #require(invocation["ruleConfigurationOverrides"] as? [[String: Any]])
        let byId = Dictionary(uniqueKeysWithValues: overrides.map { o -> (String, String) in
            let c = o["configuration"] as? [String: Any] ?? [:]
            return ((o["descriptor"] as? [String: Any])?["id"] as? String ?? "", "\(c["enabled"] as? Bool ?? true) \(c["level"] as? String ?? "")")
        })
        #expect(byId == ["hedge": "true error", "filler": "false warning"])
        let plainInvocation = try #require((plain["invocations"] as? [[String: Any]])?.first)
        #expect(plainInvocation["ruleConfigurationOverrides"] == nil)
    }

    @Test func requiredPropertiesArePresent() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try Self.sarif().utf8)) as? [String: Any])
        #expect(json["version"] as? String == "2.1.0")
        #expect((json["$schema"] as? String)?.hasSuffix("sarif-schema-2.1.0.json") == true)
        let run = try #require((json["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "starlint")
        #expect(driver["version"] as? String == StarlintVersion.current)
        #expect((driver["informationUri"] as? String)?.hasPrefix("https://") == true)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(ids == RuleRegistry.ids + ["threshold", "input-error"])
        for r in rules {
            #expect((r["name"] as? String)?.isEmpty == false)
            #expect((r["shortDescription"] as? [String: Any])?["text"] is String)
            #expect((r["fullDescription"] as? [String: Any])?["text"] is String)
            #expect((r["help"] as? [String: Any])?["text"] is String)
            let level = (r["defaultConfiguration"] as? [String: Any])?["level"] as? String
            #expect(["error", "warning", "note"].contains(level ?? ""))
            // The help's way to silence one finding works for the rule: a finding about the
            // whole answer is hidden only by a disable above its first sentence.
            let help = (r["help"] as? [String: Any])?["text"] as? String ?? ""
            if let id = r["id"] as? String, RuleRegistry.ids.contains(id) {
                let whole = RuleRegistry.wholeAnswer.contains(id)
                #expect(help.contains("<!-- starlint-disable-next-line \(id) -->") == !whole, "\(id): \(help)")
                #expect(help.contains("<!-- starlint-disable \(id) --> above the answer's first sentence") == whole, "\(id): \(help)")
            }
        }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(!results.isEmpty)
        var uris: Set<String> = []
        for res in results {
            let id = try #require(res["ruleId"] as? String)
            let index = try #require(res["ruleIndex"] as? Int)
            #expect(ids[index] == id, "ruleIndex must point at ruleId")
            #expect(["error", "warning", "note"].contains(res["level"] as? String ?? ""))
            #expect(((res["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let loc = try #require(((res["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
            let uri = try #require((loc["artifactLocation"] as? [String: Any])?["uri"] as? String)
            uris.insert(uri)
            #expect(!uri.hasPrefix("/"), "relative URIs")
            #expect((loc["artifactLocation"] as? [String: Any])?["uriBaseId"] as? String == "%SRCROOT%", "a relative URI names its base")
            if id != "threshold" && id != "input-error" {
                let region = try #require(loc["region"] as? [String: Int])
                for key in ["startLine", "startColumn", "endLine", "endColumn"] { #expect((region[key] ?? 0) >= 1, "\(key)") }
            }
        }
        // Spaces, commas, colons and % are percent-encoded in URIs.
        #expect(uris.contains("answers/odd%20name%2C%20100%25%3A%20v2.md"))
        #expect(uris.contains("answers/archive.txt"))
        let notes = (run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]]
        #expect(notes?.count == 4, "one notification per unreadable file, one for the suppressed findings of answers/suppressed.md, and one for answers/.hidden.md, not graded")
    }

    /// A text report written with -o is plain, unless --color asks for colour; other formats
    /// are never coloured.
    @Test func aReportFileIsColouredOnlyWhenAsked() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("a.md"))
        func written(_ extra: [String]) throws -> String {
            _ = try Harness.run(["check", "a.md", "--no-config", "-o", "r.out"] + extra, cwd: dir)
            return try String(contentsOf: dir.appendingPathComponent("r.out"), encoding: .utf8)
        }
        #expect(try !written([]).contains("\u{1B}["))
        #expect(try written(["--color"]).hasPrefix("\u{1B}["))
        #expect(try !written(["--color", "-f", "json"]).contains("\u{1B}["))
        #expect(try !written(["--color", "--no-color"]).contains("\u{1B}["))
    }

    /// Without --format, the report's format follows the --output file's extension; a named
    /// format wins over it.
    @Test func outputExtensionImpliesTheFormat() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("a.md"))
        func written(_ name: String, _ extra: [String] = []) throws -> String {
            let r = try Harness.run(["check", "a.md", "--no-config", "--fail-on", "never", "-o", name] + extra, cwd: dir)
            #expect(r.code == 0 && r.stdout.isEmpty, "\(r.stderr)")
            return try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        }
        #expect(try written("r.sarif").contains("\"$schema\""))
        #expect(try written("r.SARIF.json").contains("\"$schema\""))
        let json = try written("r.json")
        #expect(json.hasPrefix("{") && !json.contains("\"$schema\""), "\(json.prefix(80))")
        #expect(try written("r.xml").hasPrefix("<?xml"))
        #expect(try written("r.junit").hasPrefix("<?xml"))
        #expect(try written("r.md").hasPrefix("#"))
        #expect(try written("r.txt").hasPrefix("PASS") || written("r.txt").hasPrefix("FAIL"))
        #expect(try written("report").hasPrefix("PASS") || written("report").hasPrefix("FAIL"))
        #expect(try written("r.json", ["-f", "text"]).hasPrefix("PASS") || written("r.json", ["-f", "text"]).hasPrefix("FAIL"))
        #expect(try written("r.xml", ["-f", "json"]).hasPrefix("{"))
        // Standard output stays text.
        let out = try Harness.run(["check", "a.md", "--no-config", "--fail-on", "never", "-o", "-"], cwd: dir)
        #expect(out.stdout.hasPrefix("PASS") || out.stdout.hasPrefix("FAIL"), "\(out.stdout.prefix(80))")
    }

    /// `score` shows 90 characters of a sentence when piped, and on a terminal of known width
    /// (`COLUMNS`) as many as fit it: a row of an 80-column terminal is at most 80 wide.
    @Test func sentenceLinesUseAWiderTerminal() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let long = "Situation: " + Array(repeating: "the night shift had no second pair of hands", count: 6).joined(separator: " and ") + "."
        try Harness.write(long + "\n", to: dir.appendingPathComponent("a.md"))
        func sentenceLine(_ env: [String: String]) throws -> Substring {
            let r = try Harness.run(["score", "a.md", "--no-save", "--no-config"], cwd: dir, environment: env)
            // (Its note, if the sentence is read as another part than its label, takes room from
            // the sentence, not from the terminal.)
            return try #require(r.stdout.split(separator: "\n").first { $0.contains(" 1:12 ") })
        }
        func truncated(_ line: Substring) -> Bool { line.hasSuffix("…") || line.contains("…  (under your Situation label)") }
        let piped = try sentenceLine([:]), wide = try sentenceLine(["COLUMNS": "200"])
        #expect(truncated(piped) && piped.count < 120, "\(piped)")
        #expect(truncated(wide) && wide.count == piped.count + 94 && wide.count <= 200, "\(wide)")
        for columns in [80, 60] {
            let narrow = try sentenceLine(["COLUMNS": "\(columns)"])
            #expect(truncated(narrow) && narrow.count <= columns && narrow.count >= columns - 4, "\(narrow)")
        }
        #expect(try sentenceLine(["COLUMNS": "20"]).count < piped.count)
        // A row with its "(under your ... label)" note fits the terminal too; where the note
        // and ten characters of the sentence do not fit, the sentence is shown alone.
        try Harness.write("Challenge: I rebuilt the rota myself over two weekends and called every agency on the list.\nResult: Waits fell by half.\n", to: dir.appendingPathComponent("b.md"))
        for columns in [46, 50, 52, 60, 80] {
            let r = try Harness.run(["score", "b.md", "--no-save", "--no-config"], cwd: dir, environment: ["COLUMNS": "\(columns)"])
            let rows = r.stdout.split(separator: "\n").filter { line in ["S", "T", "A", "R", "O"].contains { line.hasPrefix("  \($0) ") || line.hasPrefix("  \($0)?") } }
            #expect(rows.count == 2 && rows.allSatisfy { $0.count <= columns }, "\(columns): \(rows)")
        }
    }

    @Test func noFindingsGivesEmptyResults() throws {
        let r = try Harness.run(["check", "answers/strong.md", "--format", "sarif"])
        #expect(r.code == 0)
        #expect(r.stdout.contains("\"results\" : [\n\n      ]") || r.stdout.contains("\"results\" : []"), "\(r.stdout.suffix(200))")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let run = (json?["runs"] as? [[String: Any]])?.first
        #expect((run?["results"] as? [Any])?.isEmpty == true)
    }

    /// An absolute path is a `file://` URI and needs no base; a relative one is resolved
    /// against `%SRCROOT%`, the folder starlint ran in.
    @Test func absolutePathsAreFileURIsWithoutBase() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a b.md")
        try Harness.write(Harness.answer(), to: file)
        func artifact(_ path: String) throws -> [String: Any] {
            let r = try Harness.run(["check", path, "--no-config", "--format", "sarif", "--fail-on", "never", "--min-score", "100"], cwd: dir)
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let result = try #require(((json?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
            return try #require((((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any]))
        }
        let absolute = try artifact(file.path)
        #expect(absolute["uri"] as? String == "file://" + file.path.replacingOccurrences(of: " ", with: "%20"))
        #expect(absolute["uriBaseId"] == nil)
        let relative = try artifact("a b.md")
        #expect(relative["uri"] as? String == "a%20b.md")
        #expect(relative["uriBaseId"] as? String == SARIFReporter.sourceRootBase)
    }

    @Test func columnsCountCodePoints() throws {
        // "odd name" starts with curly quotes and an emoji on line 1; the length finding
        // starts after "Situation: " at column 12 either way, so check a finding after them.
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write(Harness.answer(situation: "Our 🙁 “support” queue was basically full and customers waited three days."), to: dir.appendingPathComponent("a.md"))
        let r = try Harness.run(["check", "a.md", "--no-config", "--format", "sarif"], cwd: dir)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let results = ((json?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        let filler = try #require(results.first { $0["ruleId"] as? String == "filler" })
        let region = (((filler["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int]) ?? [:]
        // "Situation: Our 🙁 “support” queue was " is 37 code points; "basically" is 9 (end exclusive).
        #expect(region["startColumn"] == 38)
        #expect(region["endColumn"] == 47)
    }
}

/// Text reports list at most 20 findings of one rule per answer and say how many more there
/// are; machine formats keep every one.
@Suite struct TextFindingCapTests {
    @Test func aRuleWithManyFindingsIsListedTwentyTimesThenCounted() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let line = "Situation: Our support queue was slow and customers waited for four days every week.\n"
        try Harness.write(String(repeating: line, count: 60), to: dir.appendingPathComponent("a.md"))
        let note = "a.md: 39 more repeated-sentence findings not listed (20 shown; the JSON report lists every one)\n"
        for args in [["score", "a.md", "--no-save", "--no-config"], ["check", "a.md", "--no-config"]] {
            let r = try Harness.run(args, cwd: dir)
            let listed = r.stdout.components(separatedBy: "[repeated-sentence]").count - 1
            #expect(listed == 20, "\(args[0]): \(listed)")
            #expect(r.stdout.contains(note), "\(args[0]): \(r.stdout.suffix(600))")
        }
        let json = try Harness.run(["check", "a.md", "--no-config", "--format", "json"], cwd: dir)
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let findings = ((doc?["files"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]]) ?? []
        #expect(findings.filter { $0["rule"] as? String == "repeated-sentence" }.count == 59)
        // Twenty or fewer: no note.
        try Harness.write(String(repeating: line, count: 21), to: dir.appendingPathComponent("a.md"))
        let few = try Harness.run(["score", "a.md", "--no-save", "--no-config"], cwd: dir)
        #expect(few.stdout.components(separatedBy: "[repeated-sentence]").count - 1 == 20 && !few.stdout.contains("not listed"), "\(few.stdout)")
    }
}

/// `partialFingerprints`: a finding keeps its fingerprint when lines are added above it or
/// another finding is suppressed, and two findings of one rule in one sentence differ.
@Suite struct SARIFFingerprintTests {
    /// (rule id, fingerprint, start line) of each result with a fingerprint.
    static func prints(_ text: String) throws -> [(rule: String, print: String, line: Int)] {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write(text, to: dir.appendingPathComponent("a.md"))
        let r = try Harness.run(["check", "a.md", "--no-config", "--format", "sarif", "--fail-on", "never"], cwd: dir)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let results = ((json?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        return results.compactMap { x in
            guard let p = (x["partialFingerprints"] as? [String: String])?[SARIFReporter.fingerprintKey] else { return nil }
            let line = (((x["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int])?["startLine"] ?? 0
            return (x["ruleId"] as? String ?? "", p, line)
        }
    }

    @Test func fingerprintsFollowTheFindingNotItsLine() throws {
        let story = Harness.answer(situation: "Our support queue was basically full\nand we basically had no plan.")
        let before = try Self.prints(story)
        let fillers = before.filter { $0.rule == "filler" }
        #expect(fillers.count == 2)
        #expect(Set(fillers.map(\.print)).count == 2, "two fillers in one sentence have two fingerprints")
        // Two lines added above: the lines move, the fingerprints do not.
        let moved = try Self.prints("Some notes.\n\n" + story)
        #expect(moved.map(\.print) == before.map(\.print))
        #expect(moved.map(\.line) != before.map(\.line))
        // Hiding the first filler leaves the second's fingerprint as it was (the hidden one is
        // still listed, suppressed, under its own).
        let hidden = try Self.prints(story.replacingOccurrences(of: "basically full\n", with: "basically full <!-- starlint-disable-line filler -->\n"))
        #expect(Set(hidden.filter { $0.rule == "filler" }.map(\.print)) == Set(fillers.map(\.print)))
        // Changing the sentence changes its findings' fingerprints.
        let edited = try Self.prints(story.replacingOccurrences(of: "had no plan", with: "had no plan at all"))
        #expect(Set(edited.filter { $0.rule == "filler" }.map(\.print)).isDisjoint(with: fillers.map(\.print)))
    }
}

/// A file that fails only by findings below error (`--fail-on warning`) shows as failed in
/// SARIF too: one `threshold` result naming the rules, as JUnit and the text report say.
@Suite struct SARIFFailOnTests {
    @Test func failingWarningsGetAThresholdResult() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write(Harness.answer(situation: "Our support queue was basically full and customers waited three days."), to: dir.appendingPathComponent("a.md"))
        func thresholds(_ extra: [String]) throws -> (code: Int32, messages: [String]) {
            let r = try Harness.run(["check", "a.md", "--no-config", "--format", "sarif"] + extra, cwd: dir)
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let results = ((json?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
            return (r.code, results.filter { $0["ruleId"] as? String == "threshold" }.compactMap { ($0["message"] as? [String: Any])?["text"] as? String })
        }
        // Threshold results carry fingerprints too.
        let r = try Harness.run(["check", "a.md", "--no-config", "--format", "sarif", "--fail-on", "warning", "--min-score", "99"], cwd: dir)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let all = ((json?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        let prints = all.compactMap { ($0["partialFingerprints"] as? [String: String])?[SARIFReporter.fingerprintKey] }
        #expect(all.filter { $0["ruleId"] as? String == "threshold" }.count == 2 && prints.count == all.count && Set(prints).count == prints.count)
        let warned = try thresholds(["--fail-on", "warning"])
        #expect(warned.code == 1)
        #expect(warned.messages.count == 1 && warned.messages[0].hasSuffix("2 findings at or above the --fail-on severity: length, filler (threshold)"), "\(warned.messages)")
        // Passing under the default (error), there is none.
        let passed = try thresholds([])
        #expect(passed.code == 0 && passed.messages.isEmpty, "\(passed.messages)")
        // A file failing by an error finding as well: that error result says the file failed,
        // so no threshold result repeats it.
        try Harness.write("""
            Situation: Our support queue was basically full and customers waited three days for a reply.

            Action: I sorted the queue by age and answered the oldest tickets first, then I wrote replies for the ten commonest questions.
            """, to: dir.appendingPathComponent("a.md"))
        let withError = try thresholds(["--fail-on", "warning"])
        let r2 = try Harness.run(["check", "a.md", "--no-config", "--format", "sarif", "--fail-on", "warning"], cwd: dir)
        #expect(withError.code == 1 && r2.stdout.contains("\"missing-result\"") && r2.stdout.contains("\"level\" : \"error\""))
        #expect(withError.messages.isEmpty, "\(withError.messages)")
    }
}

@Suite struct JUnitTests {
    @Test func parsesBackAsXML() throws {
        let r = try Harness.run(["check", "answers", "--format", "junit"])
        #expect(r.code == 1)
        #if canImport(FoundationXML) || os(macOS)
        let doc = try XMLDocument(data: Data(r.stdout.utf8))
        let root = try #require(doc.rootElement())
        #expect(root.name == "testsuites")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.count == 1)
        let suite = try #require(suites.first)
        let cases = suite.elements(forName: "testcase")
        #expect(cases.count == 8, "seven files graded or failed, and answers/.hidden.md skipped")
        #expect(suite.attribute(forName: "tests")?.stringValue == "8")
        #expect(suite.attribute(forName: "skipped")?.stringValue == "1")
        #expect(suite.attribute(forName: "failures")?.stringValue == "2")
        #expect(suite.attribute(forName: "errors")?.stringValue == "2")
        #expect(cases.allSatisfy { $0.attribute(forName: "classname")?.stringValue == "starlint.answers" })
        #expect(JUnitReporter.className("class/week1/bob.md") == "starlint.class.week1")
        #expect(JUnitReporter.className("../week2/v1.0/a.md") == "starlint.week2.v1_0" && JUnitReporter.className("a.md") == "starlint")
        let names = cases.compactMap { $0.attribute(forName: "name")?.stringValue }
        #expect(names.contains("answers/odd name, 100%: v2.md"))
        let vague = try #require(cases.first { $0.attribute(forName: "name")?.stringValue == "answers/vague.md" })
        let failure = try #require(vague.elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue == "score 81: required rule result-not-quantified fired")
        let body = failure.stringValue ?? ""
        #expect(body.contains("required rule 'result-not-quantified' fired"))
        #expect(body.contains("answers/vague.md:1:34: warning: filler 'basically' [filler]"))
        #expect(body.contains("answers/vague.md:9:20: info: vague result 'a lot' with no measured change [vague-result]"), "every finding, infos too, as the text report lists them")
        let archive = try #require(cases.first { $0.attribute(forName: "name")?.stringValue == "answers/archive.txt" })
        #expect(archive.elements(forName: "error").first?.attribute(forName: "type")?.stringValue == "input-error")
        let strong = try #require(cases.first { $0.attribute(forName: "name")?.stringValue == "answers/strong.md" })
        #expect(strong.childCount == 0)
        // A passing file with findings lists them in its <system-out>.
        let odd = try #require(cases.first { $0.attribute(forName: "name")?.stringValue == "answers/odd name, 100%: v2.md" })
        #expect(odd.elements(forName: "failure").isEmpty)
        #expect(odd.elements(forName: "system-out").first?.stringValue?.hasPrefix("answers/odd name, 100%: v2.md:1:12: warning: answer is too short") == true)
        #endif
    }

    @Test func escapesMarkupQuotesAndControlCharacters() {
        #expect(JUnitReporter.escape("a<b>&\"c\" 'd'") == "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;")
        #expect(JUnitReporter.escape("line1\nline2\ttab\r") == "line1&#10;line2&#9;tab&#13;")
        #expect(JUnitReporter.escape("bell\u{07}nul\u{0}") == "bell\u{FFFD}nul\u{FFFD}")
        #expect(JUnitReporter.escape("emoji 🙁 “quotes”") == "emoji 🙁 “quotes”")
    }

    @Test func fileNamesWithMarkupStayWellFormed() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write(Harness.answer(result: "Things got better."), to: dir.appendingPathComponent("a<&>\"b'.md"))
        let r = try Harness.run(["check", ".", "--no-config", "--format", "junit", "--require", "quantified-result"], cwd: dir)
        #expect(r.code == 1)
        #expect(r.stdout.contains("name=\"a&lt;&amp;&gt;&quot;b&apos;.md\""))
        #if canImport(FoundationXML) || os(macOS)
        let doc = try XMLDocument(data: Data(r.stdout.utf8))
        let tc = try doc.nodes(forXPath: "//testcase").first as? XMLElement
        #expect(tc?.attribute(forName: "name")?.stringValue == "a<&>\"b'.md")
        #endif
    }
}

@Suite struct GitHubTests {
    @Test func escaping() {
        #expect(GitHubReporter.escapeData("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b")
        #expect(GitHubReporter.escapeProperty("a/odd name, 100%: v2.md") == "a/odd name%2C 100%25%3A v2.md")
        // Control characters GitHub has no escape for are written out, not passed to the log.
        #expect(GitHubReporter.escapeProperty("evil/a\u{1B}[31mb\tc\u{202E}.md") == "evil/a\\u{1b}[31mb\tc\\u{202e}.md")
        #expect(GitHubReporter.escapeData("bell\u{07}") == "bell\\u{7}")
    }

    @Test func annotationForAFinding() throws {
        let r = try Harness.run(["check", "answers/vague.md", "answers/odd name, 100%: v2.md", "--format", "github"])
        #expect(r.code == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("::warning file=answers/vague.md,line=1,col=34,endLine=1,endColumn=42,title=starlint filler::filler 'basically'%0Asuggestion: delete it; say the thing directly"))
        #expect(lines.contains { $0.hasPrefix("::warning file=answers/odd name%2C 100%25%3A v2.md,line=1,") })
        #expect(lines.first == "::error file=answers/vague.md,line=1,title=starlint%3A failed::failed: required rule 'result-not-quantified' fired: the Result states no measurable change")
        #expect(lines.contains { $0.hasPrefix("::notice file=answers/vague.md,line=9,col=20,") })
        #expect(lines.last == "starlint: 2 files, 1 passed, 1 failed, mean score 84.5")
    }

    /// At most 10 annotations of each kind; a closing notice counts the rest and is itself
    /// within the notice limit.
    @Test func capsAnnotationsPerKind() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        for k in 0..<6 {
            // 2 fillers (warnings) + missing-result (error) + vague-result (notice) each.
            let text = """
                Situation: Basically our queue was full and customers waited three days for a reply.
                Task: I had to cut the wait to one day before the holiday season.
                Action: I read the oldest tickets, kind of sorted them by product area, and wrote reply templates for the five most common questions.
                I also set up a morning triage rota so every new ticket had an owner by ten, and I checked the queue every Friday.
                Things got a lot better.

                """
            try Harness.write(text, to: dir.appendingPathComponent("answer-\(k).md"))
        }
        let report = try Harness.report(paths: ["."], cwd: dir)
        let out = GitHubReporter.generateReport(report)
        let lines = out.split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.hasPrefix("::error ") }.count
        let warnings = lines.filter { $0.hasPrefix("::warning ") }.count
        let notices = lines.filter { $0.hasPrefix("::notice ") }.count
        #expect(errors <= 10 && warnings == 10 && notices <= 10)
        let summary = try #require(lines.first { $0.hasPrefix("::notice title=starlint::") })
        let allWarnings = report.files.reduce(0) { $0 + ($1.analysis?.findings.filter { $0.severity == .warning }.count ?? 0) }
        #expect(allWarnings > 10)
        #expect(summary.contains("\(allWarnings - 10) warnings"))
        #expect(summary.contains("not shown as annotations"))
    }

    /// Each failing file has one error of its own, naming every reason, before any finding:
    /// twelve files failing three thresholds each still show an error for the first ten.
    @Test func eachFailingFileGetsOneError() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        for k in 0..<12 {
            try Harness.write(Harness.answer(result: "Things got a lot better."), to: dir.appendingPathComponent(String(format: "answer-%02d.md", k)))
        }
        let r = try Harness.run(["check", ".", "--no-config", "--format", "github", "--min-score", "99", "--min", "specificity=99",
                                 "--require", "result-not-quantified"], cwd: dir)
        #expect(r.code == 1)
        let errors = r.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("::error ") }
        #expect(errors.count == 10)
        for (k, line) in errors.enumerated() {
            let name = String(format: "answer-%02d.md", k)
            #expect(line.hasPrefix("::error file=\(name),line=1,title=starlint%3A failed::failed: score "), "\(line)")
            #expect(line.contains(" < 99; specificity ") && line.contains("; required rule 'result-not-quantified' fired"), "\(line)")
        }
        #expect(r.stdout.contains("2 errors") && r.stdout.contains("not shown as annotations"), "\(r.stdout)")
        // The two past the limit are named in the log after the summary.
        let plain = r.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("starlint: not annotated: ") }
        #expect(plain.map { $0.split(separator: ":")[2].trimmingCharacters(in: .whitespaces) } == ["answer-10.md", "answer-11.md"], "\(r.stdout)")
        #expect(plain.allSatisfy { $0.contains(": failed: score ") }, "\(plain)")
    }
}

@Suite struct MarkdownTests {
    @Test func tableEscapesPipesAndListsTopFindings() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write(Harness.answer(situation: "Basically our queue | was full, and I think customers waited three days."),
                          to: dir.appendingPathComponent("a|b.md"))
        let report = try Harness.report(paths: ["."], cwd: dir)
        let md = MarkdownReporter.generateReport(report)
        #expect(md.hasPrefix("## starlint: 1 of 1 answer passed\n\n| file | score | result | top findings |\n|---|---:|---|---|\n"))
        let row = try #require(md.split(separator: "\n").first { $0.contains("a\\|b.md") })
        #expect(row.contains("| ✅ pass |"))
        #expect(row.contains("filler") && row.contains("hedge"))
        #expect(md.contains("**Totals:** 1 file · 1 passed · 0 failed · mean score"))
    }

    /// A file name with backticks is fenced by a run longer than any inside it, so the code
    /// span cannot close early.
    @Test func codeSpansOutlastTheBackticksInAName() {
        #expect(MarkdownReporter.code("plain.md") == "`plain.md`")
        #expect(MarkdownReporter.code("a`b.md") == "`` a`b.md ``")
        #expect(MarkdownReporter.code("x``y|z.md") == "``` x``y\\|z.md ```")
    }
}

@Suite struct LargeBatchMarkdownTests {
    /// Over 500 files the table keeps failing files only.
    @Test func bigBatchesListFailingFilesOnly() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pass = Harness.answer(), fail = Harness.answer(result: "Things got better.")
        for k in 0..<(MarkdownReporter.maxRows + 3) {
            try Harness.write(k % 100 == 7 ? fail : pass, to: dir.appendingPathComponent(String(format: "a%04d.md", k)))
        }
        var c = StarlintConfig()
        c.required = ["result-not-quantified"]
        let md = MarkdownReporter.generateReport(try Harness.report(paths: ["."], config: c, cwd: dir))
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| `") }
        #expect(rows.count == 5)  // a0007, a0107, a0207, a0307, a0407
        #expect(rows.allSatisfy { $0.contains("❌ fail") })
        #expect(md.contains("Only failing files are listed (503 files in total)."))
        // Every file passing: no empty table, a line saying so.
        let passing = MarkdownReporter.generateReport(try Harness.report(paths: ["."], cwd: dir))
        #expect(!passing.contains("| file | score |"), "\(passing.prefix(300))")
        #expect(passing.contains("Every one of the 503 files passed; over 500 files only failing ones are listed.\n"))
    }
}
