import Foundation
import StarlintCore
import Testing

/// `.starlint.yml` / `.starlint.json`: the YAML subset, validation messages, merging.
@Suite struct ConfigTests {
    static func parse(_ yaml: String, path: String = ".starlint.yml") throws(StarlintError) -> StarlintConfig {
        try ConfigFile.parse(Array(yaml.utf8), path: path)
    }

    static func error(_ yaml: String, json: Bool = false) -> String? {
        do {
            _ = try ConfigFile.parse(Array(yaml.utf8), path: json ? ".starlint.json" : ".starlint.yml", json: json)
            return nil
        } catch {
            return error.description
        }
    }

    static let full = """
        # starlint settings
        ---
        min-score: 70
        min:
          structure: 60     # every part present
          "clarity": 50
        fail-on: warning
        require: [quantified-result, "missing-action"]
        rules:
          filler: off
          hedge: error
          weak-verb: on
        filler-words:
          - at the end of the day
          - 'you see'
        hedge-words: ["it's possible that", "more or less"]
        allowed-words:
        - basically
        min-words: 90
        max-words: 500
        level: senior
        include: ["**/*.md"]
        exclude:
          - drafts/**
          - "*#1.md"
        max-bytes: 200000

        """

    /// `check` reads the settings file found from the folder it runs in; one nearer to the
    /// graded answers is not read, and `check` says so on stderr (not with --config or
    /// --no-config, and not for the file in use).
    @Test func checkWarnsOfSettingsFilesItDoesNotRead() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cohort = dir.appendingPathComponent("answers/cohort-b")
        try FileManager.default.createDirectory(at: cohort, withIntermediateDirectories: true)
        try Harness.write("Situation: The queue was long.\nAction: I moved the till.\nResult: Waits fell from 20 minutes to 5.\n", to: cohort.appendingPathComponent("a.md"))
        try Harness.write("min-score: 80\n", to: cohort.appendingPathComponent(".starlint.yml"))
        let none = try Harness.run(["check", "answers"], cwd: dir)
        #expect(none.stderr.contains("starlint: warning: answers/cohort-b/.starlint.yml is not read: settings are looked for only in the folder starlint runs in"), "\(none.stderr)")
        try Harness.write("min-score: 20\n", to: dir.appendingPathComponent(".starlint.yml"))
        let top = try Harness.run(["check", "answers"], cwd: dir)
        #expect(top.stderr.contains("answers/cohort-b/.starlint.yml is not read: the settings in use are .starlint.yml"), "\(top.stderr)")
        #expect(try !Harness.run(["check", "answers", "--no-config"], cwd: dir).stderr.contains("is not read"))
        #expect(try !Harness.run(["check", "."], cwd: cohort).stderr.contains("is not read"))
        // Two settings files in a graded folder: neither is read, and that is said too.
        try Harness.write("{\"min-score\": 10}\n", to: cohort.appendingPathComponent(".starlint.json"))
        let two = try Harness.run(["check", "answers"], cwd: dir)
        #expect(two.stderr.contains("starlint: warning: answers/cohort-b/ holds more than one settings file, and none of them is read"), "\(two.stderr)")
    }

    @Test func readsEveryKey() throws {
        let c = try Self.parse(Self.full)
        #expect(c.minScore == 70)
        #expect(c.dimensionMinimums == [.structure: 60, .clarity: 50])
        #expect(c.failOn == .warning)
        #expect(c.required == ["result-not-quantified", "missing-action"])
        #expect(c.rules == ["filler": .off, "hedge": .severity(.error), "weak-verb": .on])
        #expect(c.fillerWords == ["at the end of the day", "you see"])
        #expect(c.hedgeWords == ["it's possible that", "more or less"])
        #expect(c.allowedWords == ["basically"])
        #expect(c.minWords == 90 && c.maxWords == 500)
        #expect(c.level == .senior)
        #expect(c.include == ["**/*.md"])
        #expect(c.exclude == ["drafts/**", "*#1.md"])
        #expect(c.maxBytes == 200_000)
    }

    @Test func jsonConfigReadsTheSame() throws {
        let json = """
            {
              "min-score": 70, "min": {"structure": 60, "clarity": 50}, "fail-on": "warning",
              "require": ["quantified-result", "missing-action"],
              "rules": {"filler": "off", "hedge": "error", "weak-verb": "on"},
              "filler-words": ["at the end of the day", "you see"],
              "hedge-words": ["it's possible that", "more or less"], "allowed-words": ["basically"],
              "min-words": 90, "max-words": 500, "level": "senior",
              "include": ["**/*.md"], "exclude": ["drafts/**", "*#1.md"], "max-bytes": 200000
            }
            """
        #expect(try ConfigFile.parse(Array(json.utf8), path: ".starlint.json", json: true) == (try Self.parse(Self.full)))
    }

    @Test func windowsLineEndsReadTheSame() throws {
        // "\r\n" is one Character in Swift: a split at "\n" left such a file one line long.
        let crlf = Self.full.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try Self.parse(crlf) == (try Self.parse(Self.full)))
        #expect(try Self.parse("min-score: 70\rlevel: senior\r").minScore == 70)
        // An error still names the line, and quotes no line break.
        #expect(Self.error("min-score: 70\r\nfail-on: sometimes\r\n")?.hasPrefix(".starlint.yml:2: ") == true)
        #expect(Self.error("min-score: 70\r\nfail-on: sometimes\r\n")?.contains("\r") == false)
    }

    @Test func aWordListedAsAHedgeIsNoLongerAFiller() throws {
        var c = StarlintConfig()
        c.hedgeWords = ["basically"]
        let lexicon = c.lexicon(base: Harness.lexicon)
        let a = try Analyzer(lexicon: lexicon).analyze(bytes: Array("So basically I rebuilt the rota in two days.".utf8), path: "a.md")
        #expect(a.findings.filter { $0.rule == "hedge" }.count == 1)
        #expect(a.findings.filter { $0.rule == "filler" }.isEmpty)
        var d = StarlintConfig()
        d.fillerWords = ["I think"]
        let b = try Analyzer(lexicon: d.lexicon(base: Harness.lexicon)).analyze(bytes: Array("I think I rebuilt the rota in two days.".utf8), path: "a.md")
        #expect(b.findings.map(\.rule).filter { $0 == "filler" || $0 == "hedge" } == ["filler"])
    }

    @Test func quotedNumbersAreNumbers() throws {
        #expect(try Self.parse("min-score: \"70\"\n").minScore == 70)
    }

    /// A closing "..." ends the document (comments may follow); anything after it is a second one.
    @Test func documentEndMarker() throws {
        #expect(try Self.parse("---\nmin-score: 70\n...\n# end\n").minScore == 70)
        #expect(Self.error("min-score: 70\n...\nfail-on: error\n") == ".starlint.yml:3: only one YAML document is allowed")
    }

    @Test func emptyAndCommentOnlyFilesAreEmptyConfigs() throws {
        #expect(try Self.parse("") == StarlintConfig())
        #expect(try Self.parse("# nothing yet\n\n   # really\n") == StarlintConfig())
    }

    @Test(arguments: [
        ("min-score: 70\nfail-on: error\nlevel: mid\n\nrules:\n  filler: off\nmin_scor: 80\n",
         ".starlint.yml:7: unknown key 'min_scor' (did you mean 'min-score'?)"),
        ("minscore: 80\n", ".starlint.yml:1: unknown key 'minscore' (did you mean 'min-score'?)"),
        ("colour: red\n", ".starlint.yml:1: unknown key 'colour'; known keys: min-score, min, fail-on, require, rules, filler-words, hedge-words, allowed-words, min-words, max-words, level, include, exclude, max-bytes, inline-config"),
        ("fail-on: sometimes\n", ".starlint.yml:1: 'fail-on' must be error, warning, info or never, not 'sometimes'"),
        ("min-score: 150\n", ".starlint.yml:1: 'min-score' must be between 0 and 100, not 150"),
        ("min-score: high\n", ".starlint.yml:1: 'min-score' must be a whole number, not 'high'"),
        ("min-score:\n", ".starlint.yml:1: 'min-score' needs a value"),
        ("min-score: [70]\n", ".starlint.yml:1: 'min-score' takes a single value, not a list"),
        ("min:\n  structure: 60\n  clartiy: 50\n", ".starlint.yml:3: unknown dimension 'clartiy' (did you mean 'clarity'?)"),
        ("require:\n  - quantified-results\n", ".starlint.yml:2: unknown rule 'quantified-results' (did you mean 'quantified-result'?)"),
        ("rules:\n  filer: off\n", ".starlint.yml:2: unknown rule 'filer' (did you mean 'filler'?)"),
        ("rules:\n  filler: loud\n", ".starlint.yml:2: rule 'filler' must be on, off, error, warning or info, not 'loud'"),
        ("level: principal\n", ".starlint.yml:1: 'level' must be one of entry, junior, mid, senior, lead, not 'principal'"),
        ("min-words: 300\nmax-words: 200\n", ".starlint.yml:2: 'max-words' (200) is smaller than 'min-words' (300)"),
        ("min-score: 70\nmin-score: 80\n", ".starlint.yml:2: duplicate key 'min-score'"),
        ("min:\n\tstructure: 60\n", ".starlint.yml:2: tabs are not allowed for indentation; use spaces"),
        ("exclude: [drafts, \"a\n", ".starlint.yml:1: an inline list must close with ']' on the same line"),
        ("exclude: \"drafts\n", ".starlint.yml:1: unterminated quoted string"),
        ("min: {structure: 60}\n", ".starlint.yml:1: inline mappings ({...}) are not supported; write one 'key: value' per line"),
        ("filler-words: |\n  um\n", ".starlint.yml:1: block scalars (| and >) are not supported; write the value on one line"),
        ("include:\n  - pattern: '*.md'\n", ".starlint.yml:2: mappings inside lists are not supported"),
        ("min-score: 70\n  max-words: 10\n", ".starlint.yml:2: unexpected indentation (multi-line values are not supported)"),
        ("just some words\n", ".starlint.yml:1: expected 'key: value', found 'just some words'"),
        ("- a\n- b\n", ".starlint.yml:1: expected 'key: value' lines at the top level"),
        ("exclude: [\"\"]\n", ".starlint.yml:1: empty glob pattern in 'exclude'"),
        ("include: []\n", ".starlint.yml:1: 'include' is empty, so no file would be graded; leave it out for the default (*.md, *.txt)"),
    ])
    func errorsNameFileLineAndKey(_ yaml: String, _ message: String) {
        #expect(Self.error(yaml) == message)
    }

    @Test func jsonErrorsHaveLines() {
        #expect(Self.error("{\n  \"min-score\": 70,\n  \"min_score\": 80\n}", json: true) == ".starlint.json:3: unknown key 'min_score' (did you mean 'min-score'?)")
        #expect(Self.error("{\n  \"min-score\": 70\n  \"level\": \"mid\"\n}", json: true) == ".starlint.json:3: expected ',' or '}'")
        #expect(Self.error("{\"level\": mid}", json: true) == ".starlint.json:1: unexpected 'mid'")
    }

    @Test func quotedStringsAndComments() throws {
        let c = try Self.parse("""
            filler-words: ["a, b", 'it''s', "say \\"hi\\"", plain]   # comment
            hedge-words: "# not a comment"
            exclude:
            - 'drafts #2/**'   # a comment after a quoted item
            """)
        #expect(c.fillerWords == ["a, b", "it's", "say \"hi\"", "plain"])
        #expect(c.hedgeWords == ["# not a comment"])
        #expect(c.exclude == ["drafts #2/**"])
    }

    @Test func flagsOverrideTheFileKeyByKey() throws {
        let file = try Self.parse("min-score: 70\nmin:\n  structure: 60\n  clarity: 50\nrequire: [filler]\nlevel: senior\n")
        var flags = StarlintConfig()
        flags.minScore = 80
        flags.dimensionMinimums = [.clarity: 40]
        flags.required = ["hedge"]
        let c = file.merging(flags)
        #expect(c.minScore == 80)
        #expect(c.dimensionMinimums == [.structure: 60, .clarity: 40])
        #expect(c.required == ["hedge"])
        #expect(c.level == .senior)
    }

    @Test func levelSetsTargetLengthUnlessWordsAreGiven() throws {
        #expect(try Self.parse("level: senior\n").settings.maxWords == 550)
        #expect(try Self.parse("level: entry\n").settings.minWords == 80)
        #expect(try Self.parse("level: senior\nmax-words: 700\n").settings.maxWords == 700)
        #expect(try Self.parse("").settings.maxWords == nil)
    }

    @Test func rulesSettingsReachTheAnalyzer() throws {
        let text = Harness.answer(situation: "Basically our queue was full, so we had to circle back, and I think customers waited three days.")
        func findings(_ yaml: String) throws -> [Finding] {
            let c = try Self.parse(yaml)
            return try Analyzer(lexicon: c.lexicon(base: Harness.lexicon), settings: c.settings).analyze(bytes: Array(text.utf8), path: "a.md").findings
        }
        let plain = try findings("")
        #expect(plain.filter { $0.rule == "filler" }.map(\.message) == ["filler 'Basically'"])
        #expect(try findings("rules:\n  filler: off\n").filter { $0.rule == "filler" }.isEmpty)
        #expect(try findings("rules:\n  hedge: error\n").first { $0.rule == "hedge" }?.severity == .error)
        let extra = try findings("filler-words: [circle back]\nallowed-words: [basically]\n").filter { $0.rule == "filler" }
        #expect(extra.map(\.message) == ["filler 'circle back'"])
        // A required rule runs even when switched off.
        #expect(try findings("rules:\n  filler: off\nrequire: [filler]\n").contains { $0.rule == "filler" })
    }

    @Test func ruleInfosCarrySeverityAndState() throws {
        let infos = try Self.parse("rules:\n  filler: off\n  weak-verb: error\n").ruleInfos
        #expect(infos.map(\.description.id) == RuleRegistry.ids)
        #expect(infos.first { $0.description.id == "filler" }?.enabled == false)
        #expect(infos.first { $0.description.id == "weak-verb" }?.severity == .error)
    }

    @Test func discoveryFindsTheNearestConfigAbove() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let deep = dir.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        try Harness.write("min-score: 99\n", to: dir.appendingPathComponent("a/.starlint.yml"))
        #expect(try ConfigFile.find(from: deep.path) == dir.appendingPathComponent("a/.starlint.yml").path)
        try Harness.write("{}", to: dir.appendingPathComponent("a/.starlint.json"))
        #expect(throws: StarlintError.self) { try ConfigFile.find(from: deep.path) }
    }

    @Test func binaryReportsConfigErrorsWithExitTwo() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("# thresholds\nmin-score: 70\nmin:\n  structure: 60\nfail-on: error\nrequire: [quantified-result]\nmin_scor: 80\n",
                          to: dir.appendingPathComponent(".starlint.yml"))
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("sub/a.md"))
        let r = try Harness.run(["check", "a.md"], cwd: dir.appendingPathComponent("sub"))
        #expect(r.code == 2)
        #expect(r.stderr == "starlint: error: ../.starlint.yml:7: unknown key 'min_scor' (did you mean 'min-score'?)\n")
        #expect(try Harness.run(["check", "a.md", "--no-config"], cwd: dir.appendingPathComponent("sub")).code == 0)
        try Harness.write("min-score: 100\n", to: dir.appendingPathComponent("strict.yml"))
        let strict = try Harness.run(["check", "a.md", "--config", "../strict.yml"], cwd: dir.appendingPathComponent("sub"))
        #expect(strict.code == 0 || strict.stdout.contains("< 100"))
    }


    /// A settings file that is there but cannot be read as one (a link to a drive that is not
    /// mounted, a link loop, a folder so named) is an error, not settings silently dropped.
    @Test func aBrokenSettingsFileIsAnErrorNotDefaults() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("a.md"))
        let settings = dir.appendingPathComponent(".starlint.yml")
        let cases: [(make: () throws -> Void, problem: String)] = [
            ({ try FileManager.default.createSymbolicLink(atPath: settings.path, withDestinationPath: "/no-such-mount/shared.yml") },
             "is a link to '/no-such-mount/shared.yml', which is not there"),
            ({ try FileManager.default.createSymbolicLink(atPath: settings.path, withDestinationPath: ".starlint.yml") }, "is a link loop, not a config file"),
            ({ try FileManager.default.createDirectory(at: settings, withIntermediateDirectories: false) }, "is a directory, not a config file"),
        ]
        for c in cases {
            try? FileManager.default.removeItem(at: settings)
            try c.make()
            for command in ["check", "score"] {
                let r = try Harness.run([command, "a.md"] + (command == "score" ? ["--no-save"] : []), cwd: dir)
                #expect(r.code == 2 && r.stderr == "starlint: error: .starlint.yml: \(c.problem)\n", "\(command): \(r.stderr)")
                #expect(r.stdout.isEmpty)
            }
            // Named with --config, the same file gets the same message (not "does not exist").
            let named = try Harness.run(["check", "a.md", "--config", ".starlint.yml"], cwd: dir)
            #expect(named.code == 2 && named.stderr == "starlint: error: .starlint.yml: \(c.problem)\n", "\(named.stderr)")
        }
        try? FileManager.default.removeItem(at: settings)
        let missing = try Harness.run(["check", "a.md", "--config", "nothing.yml"], cwd: dir)
        #expect(missing.code == 2 && missing.stderr == "starlint: error: config file 'nothing.yml' does not exist\n", "\(missing.stderr)")
    }

    /// True and false in any case, as YAML reads them ("False", "OFF"), for inline-config and
    /// for rules.
    @Test func booleansInAnyCase() throws {
        for (text, off) in [("inline-config: False\n", true), ("inline-config: TRUE\n", false), ("rules:\n  filler: OFF\n", false)] {
            let c = try ConfigFile.parse(Array(text.utf8), path: "s.yml")
            if text.hasPrefix("rules") { #expect(c.rules["filler"] == .off) } else { #expect(c.inlineConfig == !off, "\(text)") }
        }
        #expect(throws: StarlintError.self) { try ConfigFile.parse(Array("inline-config: maybe\n".utf8), path: "s.yml") }
    }
    @Test func configIncludeAndExcludeApplyToFolderWalks() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("include: ['*.answer']\nexclude: [old]\n", to: dir.appendingPathComponent(".starlint.yml"))
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("x/one.answer"))
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("x/two.md"))
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("x/old/three.answer"))
        let r = try Harness.run(["check", "x"], cwd: dir)
        #expect(r.code == 0)
        #expect(r.stdout.hasPrefix("PASS  97  x/one.answer\n"), "\(r.stdout)")
        #expect(r.stdout.contains("\n1 file: 1 passed, 0 failed"))
    }

    /// A glob with "/" in the settings file is read from the file's folder as well, so the same
    /// committed file leaves the same answers out however the graded folder is named; a glob
    /// given as a flag matches as written.
    @Test func settingsFileGlobsAreReadFromItsFolder() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("exclude: ['class/week1/*']\n", to: dir.appendingPathComponent(".starlint.yml"))
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("class/week1/a.md"))
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("class/week2/b.md"))
        let real = try #require(FileDiscovery.realPath(dir.path))
        for (args, cwd, shown) in [(["class"], dir, "class/week2/b.md"), (["."], dir.appendingPathComponent("class"), "week2/b.md"),
                                   ([".."], dir.appendingPathComponent("class/week2"), "../week2/b.md"),
                                   ([real + "/class"], dir, real + "/class/week2/b.md")] {
            let r = try Harness.run(["check"] + args, cwd: cwd)
            #expect(r.stdout.hasPrefix("PASS") && r.stdout.contains("  \(shown)\n") && r.stdout.contains("\n1 file: 1 passed"), "\(args): \(r.stdout)")
        }
        // As a flag, from inside class/, the same glob matches nothing there.
        let flag = try Harness.run(["check", ".", "--exclude", "class/week1/*"], cwd: dir.appendingPathComponent("class"))
        #expect(flag.stdout.contains("\n2 files: 2 passed"), "\(flag.stdout)")
    }

    /// A list flag replaces the file's list, as every flag overrides the file, and says so on
    /// standard error; a flag that repeats the file's entries, or a file without the list,
    /// gets no note.
    @Test func listFlagsReplaceTheFilesListsWithANote() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("exclude: [week1]\nrequire: [situation]\n", to: dir.appendingPathComponent(".starlint.yml"))
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("answers/week1/a.md"))
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("answers/week2/b.md"))
        let r = try Harness.run(["check", "answers", "--exclude", "week2", "--require", "quantified-result"], cwd: dir)
        #expect(r.stdout.contains("answers/week1/a.md") && !r.stdout.contains("week2/b.md"), "\(r.stdout)")
        #expect(r.stderr.contains("starlint: note: --exclude replaces exclude in .starlint.yml, dropping week1; repeat it in the flags to keep it\n"), "\(r.stderr)")
        #expect(r.stderr.contains("starlint: note: --require replaces require in .starlint.yml, dropping missing-situation; repeat it in the flags to keep it\n"), "\(r.stderr)")
        let kept = try Harness.run(["check", "answers", "--exclude", "week1", "--exclude", "week2", "--require", "situation"], cwd: dir)
        #expect(!kept.stderr.contains("replaces"), "\(kept.stderr)")
        #expect(kept.stderr.contains("nothing to grade") || kept.code == 2, "both folders excluded: \(kept.stderr)")
        let none = try Harness.run(["check", "answers", "--include", "*.md", "--no-config"], cwd: dir)
        #expect(!none.stderr.contains("replaces"), "\(none.stderr)")
        // Only what the flags drop is named.
        let some = try Harness.run(["check", "answers", "--exclude", "week1", "--exclude", "week3", "--require", "situation", "--require", "action"], cwd: dir)
        #expect(!some.stderr.contains("replaces"), "nothing dropped: \(some.stderr)")
        // From another folder the file's globs are read from its own folder, a flag's from
        // here: the same glob as a flag is not the same, and the note says so.
        let below = try Harness.run(["check", ".", "--exclude", "week1"], cwd: dir.appendingPathComponent("answers"))
        #expect(below.stderr.contains("--exclude replaces exclude in "), "\(below.stderr)")
        #expect(below.stderr.contains(".starlint.yml, dropping week1; a glob there is read from "), "\(below.stderr)")
    }

    /// `--require none` drops the settings file's required rules (a QA report: a file's
    /// `require` could not be switched off from the command line), with the same note; with a
    /// rule beside it, it is a usage error.
    @Test func requireNoneDropsTheFilesRequiredRules() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("require: [quantified-result]\n", to: dir.appendingPathComponent(".starlint.yml"))
        // A story whose Result has no figure: the file's required rule fails it.
        try Harness.write(Harness.answer(result: "The queue ran much more smoothly after that and the staff were pleased."),
                          to: dir.appendingPathComponent("a.md"))
        let required = try Harness.run(["check", "a.md"], cwd: dir)
        #expect(required.code == 1 && required.stdout.contains("required rule"), "\(required.code) \(required.stdout)")
        let none = try Harness.run(["check", "a.md", "--require", "none"], cwd: dir)
        #expect(none.code == 0 && none.stdout.hasPrefix("PASS"), "\(none.code) \(none.stdout) \(none.stderr)")
        #expect(none.stderr.contains("starlint: note: --require replaces require in .starlint.yml, dropping result-not-quantified;"), "\(none.stderr)")
        let twice = try Harness.run(["check", "a.md", "--require", "none", "--require", "none"], cwd: dir)
        #expect(twice.code == 0, "\(twice.stderr)")
        let mixed = try Harness.run(["check", "a.md", "--require", "none", "--require", "action"], cwd: dir)
        #expect(mixed.code == 2 && mixed.stderr == "starlint: error: --require none drops every required rule; give it alone, not with 'action'\n", "\(mixed.stderr)")
    }

    /// `score` reads the same settings file as `check`, so a student sees the number CI gives.
    @Test func scoreReadsTheSettingsFileLikeCheck() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write(try Harness.fixture("answers/vague.md"), to: dir.appendingPathComponent("a.md"))
        try Harness.write("rules:\n  filler: off\n", to: dir.appendingPathComponent(".starlint.yml"))
        let score = try Harness.run(["score", "a.md", "--no-save", "--format", "json"], cwd: dir)
        let check = try Harness.run(["check", "a.md", "--format", "json"], cwd: dir)
        let s = try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any]
        let c = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any]
        let file = (c?["files"] as? [[String: Any]])?.first
        #expect(s?["score"] as? Int == file?["score"] as? Int)
        #expect((s?["findings"] as? [[String: Any]])?.contains { $0["rule"] as? String == "filler" } == false)
        let plain = try Harness.run(["score", "a.md", "--no-save", "--format", "json", "--no-config"], cwd: dir)
        #expect(plain.stdout.contains("\"rule\" : \"filler\""))
        try Harness.write("rules:\n  fillr: off\n", to: dir.appendingPathComponent(".starlint.yml"))
        let bad = try Harness.run(["score", "a.md", "--no-save"], cwd: dir)
        #expect(bad.code == 2 && bad.stderr == "starlint: error: .starlint.yml:2: unknown rule 'fillr' (did you mean 'filler'?)\n", "\(bad.stderr)")
        // A length target that is no range is refused by both, with the same line.
        try Harness.write("max-words: 50\n", to: dir.appendingPathComponent(".starlint.yml"))
        let range = "starlint: error: min-words (100) is larger than max-words (50); set both, or one that fits the other\n"
        let s2 = try Harness.run(["score", "a.md", "--no-save"], cwd: dir), c2 = try Harness.run(["check", "a.md"], cwd: dir)
        #expect(s2.code == 2 && s2.stderr == range && c2.code == 2 && c2.stderr == range, "\(s2.stderr)\(c2.stderr)")
        // max-bytes limits score as it limits check; --max-bytes wins over it.
        try Harness.write("max-bytes: 100\n", to: dir.appendingPathComponent(".starlint.yml"))
        let big = try Harness.run(["score", "a.md", "--no-save"], cwd: dir)
        #expect(big.code == 2 && big.stderr.hasPrefix("starlint: error: a.md: ") && big.stderr.contains("100"), "\(big.stderr)")
        #expect(try Harness.run(["score", "a.md", "--no-save", "--max-bytes", "100000"], cwd: dir).code == 0)
    }
}
