import Foundation
import StarlintCore
import Testing

/// `check` exits 0 when every file passes, 1 when any fails (including unreadable files),
/// 2 for usage, configuration and input-list errors.
@Suite struct ExitCodeTests {
    @Test func allPassIsZero() throws {
        let r = try Harness.run(["check", "answers/strong.md", "answers/suppressed.md"])
        #expect(r.code == 0, "\(r.stdout)\(r.stderr)")
        // (The suppressed findings' points still count.)
        #expect(r.stdout.hasPrefix("PASS 100  answers/strong.md\nPASS  98  answers/suppressed.md\n"), "\(r.stdout)")
    }

    /// A type or competency written so short that it could be several says which, exit 2.
    @Test func anAmbiguousQuestionTypeNamesItsCandidates() throws {
        let r = try Harness.run(["questions", "--type", "c"])
        #expect(r.code == 2)
        #expect(r.stderr.contains("type 'c' could be any of: career-progression, cultural-fit; write more of it"), "\(r.stderr)")
        let ok = try Harness.run(["questions", "--type", "car"])
        #expect(ok.code == 0 && ok.stdout.contains("[career-progression;"))
        // A misspelt one names the nearest, as a misspelt option does.
        let typo = try Harness.run(["questions", "--type", "behavorial"])
        #expect(typo.code == 2 && typo.stderr.contains("unknown type 'behavorial' (did you mean 'behavioural'?); use one of: "), "\(typo.stderr)")
        let comp = try Harness.run(["questions", "--competency", "leadrship"])
        #expect(comp.code == 2 && comp.stderr.contains("unknown competency 'leadrship' (did you mean 'leadership'?)"), "\(comp.stderr)")
        // Filters that match no question: nothing listed, and stderr says so (exit 0).
        let none = try Harness.run(["questions", "--type", "role-specific", "--competency", "conflict"])
        #expect(none.code == 0 && none.stdout.isEmpty, "\(none.stdout)")
        #expect(none.stderr == "starlint: no question matches --type role-specific and --competency conflict\n", "\(none.stderr)")
    }

    /// A rule id in any case is the rule ("FILLER", "Missing-Result").
    @Test func ruleIdsInAnyCase() throws {
        #expect(RuleNames.resolve("FILLER") == "filler" && RuleNames.resolve("Missing-Result") == "missing-result")
        #expect(RuleNames.resolve("fillers") == nil)
        let r = try Harness.run(["rules", "FILLER"])
        #expect(r.code == 0 && r.stdout.hasPrefix("filler (warning): Filler"), "\(r.stdout)\(r.stderr)")
    }

    @Test func anyFailureIsOne() throws {
        let r = try Harness.run(["check", "answers/strong.md", "answers/vague.md"])
        #expect(r.code == 1)
        #expect(r.stdout.contains("FAIL  81  answers/vague.md  (required rule result-not-quantified fired)"))
    }

    /// `--exit-zero`: the same report, failures and all, with exit 0 (a CI step that only
    /// writes a summary or SARIF file); a usage error still exits 2.
    @Test func exitZeroReportsFailuresButExitsZero() throws {
        let r = try Harness.run(["check", "answers/strong.md", "answers/vague.md", "answers/empty.md", "--exit-zero"])
        #expect(r.code == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("FAIL  81  answers/vague.md  (required rule result-not-quantified fired)"), "\(r.stdout)")
        #expect(r.stdout.contains("FAIL   -  answers/empty.md  (file is empty; write your answer in it first)"))
        #expect(r.stdout.contains("3 files: 1 passed, 2 failed (1 could not be graded)"), "\(r.stdout)")
        let md = try Harness.run(["check", "answers/vague.md", "--min-score", "95", "--format", "markdown", "--exit-zero"])
        #expect(md.code == 0 && md.stdout.contains("vague.md"), "\(md.stdout)")
        let bad = try Harness.run(["check", "answers/vague.md", "--exit-zero", "--fail-on", "sometimes"])
        #expect(bad.code == 2 && bad.stderr.contains("--fail-on must be error, warning, info or never"), "\(bad.stderr)")
        let missing = try Harness.run(["check", "answers/no-such-file.md", "--exit-zero"])
        #expect(missing.code == 2, "\(missing.stderr)")
    }

    @Test func requiringAQuantifiedResultFailsAnAnswerWithNoResult() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = Harness.answer()
        let noResult = String(full[..<full.range(of: "Result:")!.lowerBound])
        try Harness.write(noResult, to: dir.appendingPathComponent("no-result.md"))
        try Harness.write(full, to: dir.appendingPathComponent("full.md"))
        let r = try Harness.run(["check", ".", "--no-config", "--require", "quantified-result", "--fail-on", "never"], cwd: dir)
        #expect(r.code == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("PASS") && r.stdout.contains("full.md"))
        #expect(r.stdout.contains("no-result.md  (required quantified result missing)"), "\(r.stdout)")
        // Without the requirement the same answer passes at --fail-on never.
        let plain = try Harness.run(["check", "no-result.md", "--no-config", "--fail-on", "never"], cwd: dir)
        #expect(plain.code == 0, "\(plain.stdout)")
        let json = try Harness.run(["check", "no-result.md", "--no-config", "--require", "quantified-result", "--fail-on", "never", "--format", "json"], cwd: dir)
        #expect(json.stdout.contains("required rule 'result-not-quantified': the answer has no Result, so no measured change"))
        #expect(json.stderr.isEmpty)
        // Required and switched off in the settings: required wins, with a warning.
        try Harness.write("rules:\n  result-not-quantified: off\n", to: dir.appendingPathComponent("off.yml"))
        let both = try Harness.run(["check", "no-result.md", "--config", "off.yml", "--require", "quantified-result", "--fail-on", "never"], cwd: dir)
        #expect(both.code == 1, "\(both.stdout)")
        #expect(both.stderr == "starlint: warning: rule 'result-not-quantified' is required and also switched off; required wins: it is checked and its findings count\n", "\(both.stderr)")
        let off = try Harness.run(["check", "no-result.md", "--config", "off.yml", "--fail-on", "never"], cwd: dir)
        #expect(off.code == 0 && off.stderr.isEmpty, "\(off.stderr)")
    }

    /// `length` switched off also drops the cut for an answer too short to judge, and leaves
    /// the length target unused: `check` and `score` warn, and `length: info` keeps the cut.
    @Test func lengthSwitchedOffIsWarnedAbout() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("Situation: Hi.\nAction: I did it.\nResult: It worked.\n", to: dir.appendingPathComponent("tiny.md"))
        try Harness.write("rules:\n  length: off\n", to: dir.appendingPathComponent("off.yml"))
        try Harness.write("min-words: 100\nrules:\n  length: off\n", to: dir.appendingPathComponent("off-min.yml"))
        try Harness.write("rules:\n  length: info\n", to: dir.appendingPathComponent("info.yml"))
        let warning = "starlint: warning: rule 'length' is switched off, so an answer too short to judge keeps all its points"
        let off = try Harness.run(["check", "tiny.md", "--config", "off.yml", "--min-score", "70"], cwd: dir)
        #expect(off.code == 0 && off.stderr == warning + "; 'length: info' keeps its deductions without the warning\n", "\(off.stderr)")
        let flag = try Harness.run(["check", "tiny.md", "--config", "off.yml", "--min-words", "80"], cwd: dir)
        #expect(flag.stderr == warning + " and min-words has no effect; 'length: info' keeps its deductions without the warning\n", "\(flag.stderr)")
        let score = try Harness.run(["score", "tiny.md", "--config", "off-min.yml", "--no-save"], cwd: dir)
        #expect(score.code == 0 && score.stderr.hasPrefix(warning + " and min-words has no effect"), "\(score.stderr)")
        // As info the deduction stays (a lower score) and nothing is said.
        func points(_ r: Harness.Output) -> Int? {
            r.stdout.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
        }
        let info = try Harness.run(["check", "tiny.md", "--config", "info.yml", "--min-score", "70"], cwd: dir)
        #expect(info.stderr.isEmpty, "\(info.stderr)")
        #expect((points(info) ?? 100) < (points(off) ?? 0), "\(info.stdout)\(off.stdout)")
        // Required, the rule runs, so there is nothing to warn about but that.
        let required = try Harness.run(["check", "tiny.md", "--config", "off.yml", "--require", "length", "--fail-on", "never"], cwd: dir)
        #expect(!required.stderr.contains("too short to judge"), "\(required.stderr)")
    }

    @Test func failOnInfoFailsOnAnInfoFinding() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // "helped with" in an Action: a weak-verb info finding and nothing worse.
        try Harness.write(Harness.answer(action: "I read the oldest tickets and sorted them by product area, then I helped with reply templates for the five most common questions."), to: dir.appendingPathComponent("a.md"))
        let warning = try Harness.run(["check", "a.md", "--no-config", "--min-words", "50", "--fail-on", "warning"], cwd: dir)
        #expect(warning.code == 0, "\(warning.stdout)")
        let info = try Harness.run(["check", "a.md", "--no-config", "--min-words", "50", "--fail-on", "info"], cwd: dir)
        #expect(info.code == 1 && info.stdout.contains("FAIL  99  a.md  (1 info finding: weak-verb)"), "\(info.stdout)")
    }

    @Test func unreadableFileFailsButTheRestIsGraded() throws {
        let r = try Harness.run(["check", "answers/archive.txt", "answers/strong.md", "answers/empty.md"])
        #expect(r.code == 1)
        #expect(r.stdout.contains("FAIL   -  answers/archive.txt  (is a zip archive, not text; save the answer as plain text (.txt or .md))"), "\(r.stdout)")
        #expect(r.stdout.contains("FAIL   -  answers/empty.md  (file is empty; write your answer in it first)"))
        #expect(r.stdout.contains("PASS 100  answers/strong.md"))
        #expect(r.stdout.contains("3 files: 1 passed, 2 failed (2 could not be graded)"))
    }

    /// An answer saved from a word processor (a .docx renamed .md, a PDF, RTF) is named for
    /// what it is, with what to do, instead of "binary" or a UTF-8 error.
    @Test func documentFormatsAreNamed() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A zip entry: its local header ("PK\3\4" and 26 bytes), then its name.
        func entry(_ name: String, _ contents: String = "") -> [UInt8] {
            [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26) + Array(name.utf8) + Array(contents.utf8)
        }
        let files: [(String, [UInt8], String)] = [
            ("cv.md", entry("[Content_Types].xml", "<Types/>") + entry("word/document.xml") + [0, 0xFF], "a Word document (.docx)"),
            ("notes.md", entry("mimetype", "application/vnd.oasis.opendocument.text"), "an OpenDocument text (.odt)"),
            ("drawing.md", entry("mimetype", "application/vnd.oasis.opendocument.graphics"), "an OpenDocument file"),
            ("deck.md", entry("ppt/slides/slide1.xml"), "a PowerPoint file (.pptx)"),
            ("sheet.md", entry("xl/workbook.xml"), "an Excel file (.xlsx)"),
            // Names that only contain "word/" or "xl/" are no Office files.
            ("answers.zip.md", entry("password/notes.txt") + entry("static/xl/a.txt"), "a zip archive"),
            ("bom-rtf.md", [0xEF, 0xBB, 0xBF] + Array(#"{\rtf1\ansi I fixed the build.}"#.utf8), "an RTF document"),
            ("answer.md", Array("%PDF-1.7\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3] + Array("\n1 0 obj".utf8), "a PDF"),
            ("old.md", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0], "an older Word or Office file (.doc)"),
            ("wordpad.md", Array(#"{\rtf1\ansi\deff0 {\fonttbl {\f0 Calibri;}} I fixed the build.}"#.utf8), "an RTF document"),
        ]
        for (name, bytes, kind) in files {
            try Data(bytes).write(to: dir.appendingPathComponent(name))
            let e = try Harness.run(["score", name, "--no-save"], cwd: dir)
            #expect(e.code == 2 && e.stderr == "starlint: error: \(name): is \(kind), not text; save the answer as plain text (.txt or .md)\n", "\(name): \(e.stderr)")
        }
        // Text that only mentions them is graded.
        try Harness.write(Harness.answer(situation: #"PK was our lead, and the %PDF- export of the {\rtf} notes had broken."#), to: dir.appendingPathComponent("fine.md"))
        #expect(try Harness.run(["score", "fine.md", "--no-save"], cwd: dir).code == 0)
        let batch = try Harness.run(["check", ".", "--no-config"], cwd: dir)
        #expect(batch.code == 1 && batch.stdout.contains("FAIL   -  cv.md  (is a Word document (.docx), not text; save the answer as plain text (.txt or .md))"), "\(batch.stdout)")
    }

    @Test func invalidUTF8AndTooLargeAreFileFailures() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data([0x53, 0x69, 0x74, 0xC3, 0x28, 0x0A]).write(to: dir.appendingPathComponent("latin1.md"))
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("ok.md"))
        try Harness.write(String(repeating: "Situation: long. ", count: 100), to: dir.appendingPathComponent("big.md"))
        // UTF-16 with its byte-order mark, as Windows Notepad saves "Unicode".
        try Data([0xFF, 0xFE] + Array("I did it.".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: dir.appendingPathComponent("notepad.txt"))
        let r = try Harness.run(["check", ".", "--no-config", "--max-bytes", "1000"], cwd: dir)
        #expect(r.stdout.contains("FAIL   -  notepad.txt  (is UTF-16 text; save it as UTF-8)"), "\(r.stdout)")
        // The bad byte's line and column (in code points: "é" before it is one) are given too.
        try Data(Array("Situation: it rained.\nTask: café ".utf8) + [0xE9, 0x0A]).write(to: dir.appendingPathComponent("cafe.md"))
        let bad = try Harness.run(["score", "cafe.md", "--no-save"], cwd: dir)
        #expect(bad.code == 2 && bad.stderr == "starlint: error: cafe.md: not valid UTF-8 text (bad byte at line 2, column 12, byte offset 34); save it as UTF-8\n", "\(bad.stderr)")
        // A lone CR ends a line, as everywhere else starlint counts lines.
        try Data(Array("first line\rsecond é line ".utf8) + [0xFF] + Array(" here\r".utf8)).write(to: dir.appendingPathComponent("cafe.md"))
        let cr = try Harness.run(["score", "cafe.md", "--no-save"], cwd: dir)
        #expect(cr.stderr.contains("(bad byte at line 2, column 15, byte offset 26)"), "\(cr.stderr)")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("cafe.md"))
        let one = try Harness.run(["score", "notepad.txt", "--no-save"], cwd: dir)
        #expect(one.code == 2 && one.stderr == "starlint: error: notepad.txt: is UTF-16 text; save it as UTF-8\n")
        // Without the mark, little- or big-endian, it is still told apart from a binary file.
        let text: [UInt16] = Array("I fixed the build \u{2014} it now takes four minutes, where it took forty; that’s the change we wanted.".utf16)
        let little: [UInt8] = text.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = text.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let image: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]
        let files: [(String, [UInt8])] = [("le.txt", little), ("be.txt", big), ("image.md", image)]
        for (name, bytes) in files {
            try Data(bytes).write(to: dir.appendingPathComponent(name))
            let e = try Harness.run(["score", name, "--no-save"], cwd: dir)
            let says = name == "image.md" ? "looks like a binary file (contains NUL bytes), not text" : "is UTF-16 text; save it as UTF-8"
            #expect(e.code == 2 && e.stderr == "starlint: error: \(name): \(says)\n", "\(name): \(e.stderr)")
            try FileManager.default.removeItem(at: dir.appendingPathComponent(name))
        }
        // Control characters and no text (a binary file without NULs) are said to be so, not
        // "no answer text found"; a stray control character in an answer is no problem.
        try Data((1...31).map { UInt8($0) } + [0x7F, 0x0A]).write(to: dir.appendingPathComponent("ctrl.txt"))
        let ctrl = try Harness.run(["score", "ctrl.txt", "--no-save"], cwd: dir)
        #expect(ctrl.code == 2 && ctrl.stderr == "starlint: error: ctrl.txt: looks like a binary file (control characters and no answer text), not text\n", "\(ctrl.stderr)")
        try Data(Array(Harness.answer().utf8) + [0x07, 0x0A]).write(to: dir.appendingPathComponent("ctrl.txt"))
        #expect(try Harness.run(["score", "ctrl.txt", "--no-save"], cwd: dir).code == 0)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("ctrl.txt"))
        // Standard input is no file: its messages say "input".
        for (given, says) in [("", "input is empty; nothing to score"), (" \n\t\n", "input contains only whitespace; nothing to score")] {
            let piped = try Harness.run(["score", "-", "--no-save"], cwd: dir, stdin: given)
            #expect(piped.code == 2 && piped.stderr == "starlint: error: <stdin>: \(says)\n", "\(piped.stderr)")
        }
        #expect(r.code == 1)
        #expect(r.stdout.contains("FAIL   -  big.md  (file is 1700 bytes, over the 1000-byte limit (raise it with --max-bytes, or max-bytes in the settings file))"))
        #expect(r.stdout.contains("FAIL   -  latin1.md  (not valid UTF-8 text (bad byte at line 1, column 4, byte offset 3); save it as UTF-8)"))
        #expect(r.stdout.contains("PASS"))
    }

    /// A file with no words (only markup, a comment, or emoji and other symbols) is no answer:
    /// exit 2 from `score`, a failed file in `check`, both with one line saying so.
    @Test func aFileWithNoWordsIsNoAnswer() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = [("emoji.md", "🙂🙂 👍\n"), ("comment.md", "<!-- my answer goes here -->\n"), ("rule.md", "---\ntitle: draft\n---\n\n***\n")]
        for (name, text) in files {
            try Harness.write(text, to: dir.appendingPathComponent(name))
            let r = try Harness.run(["score", name, "--no-save"], cwd: dir)
            #expect(r.code == 2 && r.stdout.isEmpty, "\(name): \(r.code)")
            #expect(r.stderr == "starlint: error: \(name): no answer text found (no words: only front matter, comments, tables, code, other markup or symbols)\n", "\(r.stderr)")
        }
        let c = try Harness.run(["check", ".", "--no-config"], cwd: dir)
        #expect(c.code == 1)
        for (name, _) in files { #expect(c.stdout.contains("FAIL   -  \(name)  (no answer text found"), "\(c.stdout)") }
    }

    @Test(arguments: [
        (["check", "answers/missing.md"], "'answers/missing.md': no such file or directory"),
        (["check"], "give at least one PATH"),
        (["check", "answers", "--format", "sarf"], "unknown format 'sarf' (did you mean 'sarif'?)"),
        (["check", "answers", "--min", "structur=50"], "unknown dimension 'structur' in --min (did you mean 'structure'?)"),
        (["check", "answers", "--min", "structure"], "--min takes DIMENSION=N"),
        (["check", "answers", "--min", "structure=90", "--min", "structure=10"], "--min structure is given twice, as 90 and 10; give it once"),
        (["check", "answers", "--min-score", "101"], "--min-score must be between 0 and 100"),
        (["check", "answers", "--require", "quantified-results"], "--require: unknown rule 'quantified-results' (did you mean 'quantified-result'?)"),
        (["check", "answers", "--fail-on", "sometimes"], "--fail-on must be error, warning, info or never"),
        (["check", "answers", "--level", "principal"], "--level must be one of entry, junior, mid, senior, lead"),
        (["check", "answers", "--config", "nope.yml"], "config file 'nope.yml' does not exist"),
        (["check", "answers/drafts", "--include", "*.txt"], "nothing to grade: answers/drafts is excluded (exclude: drafts)"),
        (["check", "answers/drafts", "--no-config", "--include", "*.txt"], "no answer files found in answers/drafts"),
        (["check", "answers", "--min-words", "300", "--max-words", "200"], "min-words (300) is larger than max-words (200)"),
        (["check", "answers", "--output", "no/such/dir/report.txt"], "cannot write the report to 'no/such/dir/report.txt': no such folder"),
        (["check", "answers", "--output", ""], "--output needs a file name ('-' for standard output)"),
        (["eval", "no/such/corpus"], "no/such/corpus: corpus error: no such folder"),
        (["eval", "answers/strong.md"], "answers/strong.md: corpus error: not a folder"),
        (["score", "answers/strong.md", "--lexicons", "no/such/lexicons"], "no such folder"),
        (["score", ""], "the file name is empty; give the answer's file, or '-' for standard input"),
    ])
    func usageErrorsAreTwo(_ args: [String], _ message: String) throws {
        let r = try Harness.run(args)
        #expect(r.code == 2, "\(args): \(r.stderr)")
        #expect(r.stderr.hasPrefix("starlint: error: "), "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!r.stderr.dropLast().contains("\n"), "one line on stderr")
        #expect(r.stdout.isEmpty)
    }

    @Test func argumentParserErrorsAreNotPassOrFail() throws {
        // Unknown flags are rejected by swift-argument-parser before 'check' runs.
        let r = try Harness.run(["check", "answers", "--no-such-flag"])
        #expect(r.code == 2)
        // One line, like every other error, naming the help to read.
        #expect(r.stderr == "starlint: error: unknown option '--no-such-flag' (see 'starlint check --help')\n", "\(r.stderr)")
        let missing = try Harness.run(["score"])
        #expect(missing.code == 2 && missing.stderr == "starlint: error: missing expected argument '<file>' (see 'starlint score --help')\n")
        // An unknown command suggests the nearest one; `help` of one is an error too.
        let typo = try Harness.run(["scroe", "a.md"])
        #expect(typo.code == 2 && typo.stderr == "starlint: error: unknown command 'scroe' (did you mean 'score'?); see 'starlint --help'\n")
        #expect(try Harness.run(["help", "scroe"]).code == 2)
        #expect(try Harness.run(["help", "score"]).code == 0)
        // A negative number after an option reads as an option itself: say what is wrong with it.
        let negative = try Harness.run(["check", "answers", "--max-bytes", "-5"])
        #expect(negative.code == 2 && negative.stderr == "starlint: error: '-5' is not a valid value for --max-bytes: negative numbers are not accepted (see 'starlint check --help')\n", "\(negative.stderr)")
        // A value outside a short list names the choices as a choice.
        let csv = try Harness.run(["score", "answers/strong.md", "--format", "csv"])
        #expect(csv.code == 2 && csv.stderr == "starlint: error: the value 'csv' is invalid for '--format <format>'. Use 'text' or 'json'. (see 'starlint score --help')\n", "\(csv.stderr)")
        let absent = try Harness.run(["check", "answers", "--max-bytes"])
        #expect(absent.code == 2 && absent.stderr == "starlint: error: missing value for '--max-bytes <N>' (see 'starlint check --help')\n", "\(absent.stderr)")
        // Two answers to `score`: the way to grade several is `check`.
        let two = try Harness.run(["score", "answers/strong.md", "answers/bullets.md"])
        #expect(two.code == 2 && two.stdout.isEmpty)
        #expect(two.stderr == "starlint: error: unexpected argument 'answers/bullets.md'; score takes one answer at a time ('starlint check' grades several) (see 'starlint score --help')\n", "\(two.stderr)")
    }

    @Test func failOnDecidesWhichFindingsFail() throws {
        // no-result.txt has an error (missing-result); odd name has only a warning (length).
        let odd = "answers/odd name, 100%: v2.md"
        #expect(try Harness.run(["check", odd, "--no-config"]).code == 0)
        #expect(try Harness.run(["check", odd, "--no-config", "--fail-on", "warning"]).code == 1)
        #expect(try Harness.run(["check", "answers/no-result.txt", "--no-config"]).code == 1)
        #expect(try Harness.run(["check", "answers/no-result.txt", "--no-config", "--fail-on", "never"]).code == 0)
    }

    @Test func thresholdsFromFlags() throws {
        let strong = "answers/strong.md", vague = "answers/vague.md"
        #expect(try Harness.run(["check", vague, "--no-config"]).code == 0)
        let r = try Harness.run(["check", vague, "--no-config", "--min-score", "90", "--min", "clarity=90", "--min", "specificity=70"])
        #expect(r.code == 1)
        #expect(r.stdout.contains("FAIL  81  answers/vague.md  (score 81 < 90; specificity 57 < 70; clarity 82 < 90)"), "\(r.stdout)")
        #expect(try Harness.run(["check", vague, "--no-config", "--require", "filler"]).code == 1)
        #expect(try Harness.run(["check", strong, "--no-config", "--require", "filler", "--min-score", "100"]).code == 0)
    }

    @Test func flagsOverrideTheConfigFile() throws {
        // Fixtures/.starlint.yml requires quantified-result; --require replaces the list.
        #expect(try Harness.run(["check", "answers/vague.md"]).code == 1)
        #expect(try Harness.run(["check", "answers/vague.md", "--require", "missing-action"]).code == 0)
        #expect(try Harness.run(["check", "answers/strong.md", "--min-score", "100", "--min", "structure=100"]).code == 0)
    }

    @Test func pathsFromStandardInput() throws {
        let r = try Harness.run(["check", "-", "--format", "json"], stdin: "answers/strong.md\n\nanswers/vague.md\r\nanswers/notes.json\n")
        #expect(r.code == 1)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let files = (doc?["files"] as? [[String: Any]])?.compactMap { $0["file"] as? String }
        // A listed file is graded when an include glob matches it, as in a folder (a list from
        // `git diff --name-only` names every kind of file); a deleted one of another kind is
        // not an answer gone missing either.
        #expect(files == ["answers/strong.md", "answers/vague.md"])
        let errors = (doc?["errors"] as? [[String: Any]])?.compactMap { $0["file"] as? String }
        #expect(errors == [])
        let summary = doc?["summary"] as? [String: Any]
        #expect(summary?["files"] as? Int == 2)
        let gone = try Harness.run(["check", "-"], stdin: "answers/strong.md\nSources/gone.swift\n")
        #expect(gone.code == 0 && gone.stdout.hasPrefix("PASS 100  answers/strong.md\n\n1 file"), "\(gone.stdout)")
        // With an include glob for it, it is graded; as an argument, whatever its name.
        let json = try Harness.run(["check", "-", "--include", "*.json", "--include", "*.md"], stdin: "answers/notes.json\nanswers/strong.md\n")
        #expect(json.stdout.contains("answers/notes.json") && json.stdout.contains("answers/strong.md"), "\(json.stdout)")
        let arg = try Harness.run(["check", "answers/notes.json"])
        #expect(arg.stdout.contains("answers/notes.json"))
    }

    /// An empty list (no answer changed) passes, but stderr says nothing was graded, so a
    /// broken pipe upstream is not a silent pass; listed paths the globs leave out are named.
    @Test func emptyPathListFromStandardInputPasses() throws {
        let r = try Harness.run(["check", "-"], stdin: "")
        #expect(r.code == 0)
        // The fixtures' settings file is named under the totals.
        #expect(r.stdout == "0 files: 0 passed, 0 failed\ngraded under: min score 80 · min structure 60 · fail on error · fail if found: result-not-quantified\nsettings: .starlint.yml\n")
        #expect(r.stderr == "starlint: note: the list of paths on standard input is empty; nothing graded\n")
        let filtered = try Harness.run(["check", "-", "--no-config"], stdin: "answers/notes.json\nSources/a.swift\n")
        #expect(filtered.code == 0 && filtered.stdout.hasPrefix("0 files"))
        #expect(filtered.stderr == "starlint: note: 2 paths on standard input not graded, left out by the globs (include: *.md, *.txt): 'answers/notes.json', 'Sources/a.swift'\n", "\(filtered.stderr)")
        let graded = try Harness.run(["check", "-", "--no-config"], stdin: "answers/strong.md\n")
        #expect(graded.code == 0 && graded.stderr.isEmpty, "\(graded.stderr)")
        // A folder on the list is walked; it is not itself "left out".
        let folder = try Harness.run(["check", "-", "--no-config", "--fail-on", "never"], stdin: "answers/drafts\n")
        #expect(folder.code == 0 && !folder.stderr.contains("not graded"), "\(folder.stderr)")
    }

    /// A glob can hand over a file whose name starts with "-": argument-parser would read
    /// "-hiring.md" as options (-h among them: the help, exit 0, nothing graded). It is a usage
    /// error naming the file and the ways to pass it; after "--" or as ./-hiring.md it is graded.
    @Test func aFileNameStartingWithADashIsNotReadAsOptions() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write(try Harness.fixture("answers/strong.md"), to: dir.appendingPathComponent("-hiring.md"))
        try Harness.write(try Harness.fixture("answers/vague.md"), to: dir.appendingPathComponent("bad.md"))
        for args in [["check", "-hiring.md", "bad.md", "--no-config"], ["score", "-hiring.md", "--no-save", "--no-config"]] {
            let r = try Harness.run(args, cwd: dir)
            #expect(r.code == 2, "\(args): \(r.stdout)")
            #expect(r.stdout.isEmpty)
            #expect(r.stderr == "starlint: error: '-hiring.md' is a path whose name starts with '-', which reads as options; name it as ./-hiring.md, or put it after '--'\n", "\(r.stderr)")
        }
        let dashes = try Harness.run(["check", "--no-config", "--", "-hiring.md", "bad.md"], cwd: dir)
        #expect(dashes.code == 0 && dashes.stdout.hasPrefix("PASS 100  -hiring.md\n") && dashes.stdout.contains("bad.md"), "\(dashes.stdout)")
        let dotted = try Harness.run(["score", "./-hiring.md", "--no-save", "--no-config"], cwd: dir)
        #expect(dotted.code == 0 && dotted.stdout.contains("-hiring.md"), "\(dotted.stderr)")
        // Options themselves, and a negative number, are still read as before.
        let help = try Harness.run(["check", "-h"], cwd: dir)
        #expect(help.code == 0)
        // The help's prose reads without gaps from a line joined in the source.
        #expect(help.stdout.replacingOccurrences(of: "\n", with: " ").contains("does not exist; in a list read from standard input"), "\(help.stdout)")
    }

    /// A link loop or a link to nothing fails on its own, named or listed, with its reason;
    /// the rest is graded.
    @Test func aLinkLoopOrDanglingLinkFailsOnItsOwn() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write(try Harness.fixture("answers/strong.md"), to: dir.appendingPathComponent("good.md"))
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/loop.md", withDestinationPath: "loop.md")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/gone.md", withDestinationPath: "nowhere.md")
        let expected = "FAIL   -  gone.md  (is a symbolic link to a file that does not exist)\nPASS 100  good.md\nFAIL   -  loop.md  (cannot be read (too many levels of symbolic links))\n"
        let named = try Harness.run(["check", "good.md", "loop.md", "gone.md", "--no-config"], cwd: dir)
        #expect(named.code == 1 && named.stdout.hasPrefix(expected), "\(named.stdout)\(named.stderr)")
        let listed = try Harness.run(["check", "-", "--no-config"], cwd: dir, stdin: "good.md\nloop.md\ngone.md\n")
        #expect(listed.code == 1 && listed.stdout.hasPrefix(expected), "\(listed.stdout)\(listed.stderr)")
    }

    /// A list on standard input often comes from `git diff --name-only`, which names deleted
    /// files too: a missing one fails on its own and the rest are graded. As an argument it
    /// is still a usage error.
    @Test func missingPathOnStandardInputFailsOnItsOwn() throws {
        let r = try Harness.run(["check", "-"], stdin: "answers/strong.md\nanswers/gone.md\n")
        #expect(r.code == 1)
        #expect(r.stdout.hasPrefix("FAIL   -  answers/gone.md  (no such file)\nPASS 100  answers/strong.md\n"), "\(r.stdout)")
        let arg = try Harness.run(["check", "answers/strong.md", "answers/gone.md"])
        #expect(arg.code == 2)
        #expect(arg.stderr == "starlint: error: 'answers/gone.md': no such file or directory\n")
    }

    /// Every path given excluded by the config: say so, not "no answer files found".
    @Test func explicitlyExcludedPathIsExplained() throws {
        let r = try Harness.run(["check", "answers/strong.md", "--exclude", "answers"])
        #expect(r.code == 2)
        // (The flag replaces the settings file's exclude list, and says so.)
        #expect(r.stderr == "starlint: note: --exclude replaces exclude in .starlint.yml, dropping drafts; repeat it in the flags to keep it\nstarlint: error: nothing to grade: answers/strong.md is excluded (exclude: answers)\n", "\(r.stderr)")
        // Beside a file that is graded, an excluded one is named on stderr, not dropped silently.
        let some = try Harness.run(["check", "answers/strong.md", "answers/drafts", "--exclude", "drafts", "--no-config", "--fail-on", "never"])
        #expect(some.code == 0, "\(some.stderr)")
        #expect(some.stderr.contains("starlint: note: not graded, excluded (exclude: drafts): 'answers/drafts'\n"), "\(some.stderr)")
        #expect(some.stdout.contains("answers/strong.md") && !some.stdout.contains("answers/drafts"))
    }

    /// One bound from a flag and the other from the rubric must still make a range.
    @Test func maxWordsBelowTheDefaultMinimumIsAUsageError() throws {
        let r = try Harness.run(["check", "answers/strong.md", "--no-config", "--max-words", "50"])
        #expect(r.code == 2)
        #expect(r.stderr == "starlint: error: min-words (100) is larger than max-words (50); set both, or one that fits the other\n")
    }

    /// A report that cannot be written is an error, not exit 0.
    @Test func failedWriteToStandardOutputIsAnError() throws {
        let r = try Harness.run(["-c", "\"$0\" score answers/strong.md --no-save > /dev/full", try #require(Harness.binary).path],
                                viaShell: true)
        #expect(r.code == 2)
        #expect(r.stderr == "starlint: error: cannot write to standard output: No space left on device\n")
        let check = try Harness.run(["-c", "\"$0\" check answers/strong.md --no-config > /dev/full", try #require(Harness.binary).path], viaShell: true)
        #expect(check.code == 2)
        #expect(check.stderr == "starlint: error: cannot write the report to standard output: No space left on device\n")
        // Saving, the attempt saved before the report is taken back: a failed run stores nothing.
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("progress.sqlite").path
        let saved = try Harness.run(["-c", "\"$0\" score answers/strong.md --db \"$1\" > /dev/full", try #require(Harness.binary).path, db], viaShell: true)
        #expect(saved.code == 2 && saved.stderr == "starlint: error: cannot write to standard output: No space left on device\n", "\(saved.stderr)")
        let history = try Harness.run(["history", "--db", db, "--format", "csv"])
        #expect(history.code == 0 && history.stdout.split(separator: "\n").count == 1, "\(history.stdout)")
    }

    @Test func saveIsAcceptedAndWritesNothingElse() throws {
        // A database of its own: the user's may be from another version of starlint.
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("progress.sqlite").path
        let r = try Harness.run(["check", "answers/strong.md", "--save", "--db", db])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout == (try Harness.run(["check", "answers/strong.md"]).stdout))
        #expect(r.stderr.hasPrefix("saved 1 attempt to"), "\(r.stderr)")
        // The attempt says which command saved it.
        let show = try Harness.run(["show", "1", "--db", db])
        #expect(show.stdout.hasPrefix("Attempt #1 · ") && show.stdout.split(separator: "\n")[0].hasSuffix(" · saved by check"), "\(show.stdout)")
    }
}
