/// `check --format junit`: one `<testsuite>` (inside `<testsuites>`), one `<testcase>` per
/// answer file (`name` = path, `classname` = "starlint" and the file's folder, dotted). A failing file carries one
/// `<failure>` whose message sums up the reasons and whose text lists every reason and
/// every finding, infos too, as `file:line:col: severity: message [rule]` (with its
/// suggestion, if any, on an indented line below), as the text report lists them; a file
/// that could not be read carries an `<error>`. A passing file's findings, suppression
/// comments that do nothing and findings they hid are listed in the test case's
/// `<system-out>`. A file found or named but not graded (`NotGraded`) is a test case that
/// carries `<skipped>`, after the graded ones. No timings, so the output is reproducible.
public enum JUnitReporter: BatchReporter {
    public static let identifier = "junit"

    public static func generateReport(_ report: BatchReport) -> String {
        BatchFormat.junit.render(report)
    }

    /// A test case's class: "starlint" and the file's folder, its parts joined with dots
    /// ("class/week1/bob.md" -> "starlint.class.week1"; "." and ".." parts left out), so
    /// Jenkins and GitLab group a class's answers by folder as they group tests by package.
    static func className(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).dropLast().filter { $0 != "." && $0 != ".." }
        return (["starlint"] + parts.map { String($0.map { $0 == "." ? "_" : $0 }) }).joined(separator: ".")
    }

    /// The `<testcase>` element of one file.
    static func testcase(_ file: FileReport) -> String {
        var out = ""
        // In element text a path's line break or tab would split or shift a `file:line:`
        // line: it is shown escaped there (as the text report shows it). The `name`
        // attribute keeps the real path, its line breaks as character references.
        let shown = file.path.escapingControlCharacters
        let open = "    <testcase name=\"\(escape(file.path))\" classname=\"\(escape(className(file.path)))\""
        if let e = file.error {
            let msg = BatchPolicy.inputMessage(e)
            out += open + ">\n"
            out += "      <error message=\"\(escape(msg))\" type=\"input-error\">\(escapeText("\(shown): \(msg)"))</error>\n"
            out += "    </testcase>\n"
        } else if !file.verdict.passed, let a = file.analysis {
            var body = "score \(a.score)/100\n"
            for f in file.verdict.failures where f.kind != .finding {
                body += f.message + "\n"
            }
            // Each finding with its suggestion under it, as `score` prints them: the failure
            // text is what a student reads on the CI's test page.
            for f in a.findings { body += TextReport.findingWithSuggestion(f, file: shown, style: Style(enabled: false)) }
            out += open + ">\n"
            out += "      <failure message=\"\(escape(file.verdict.shortReasons.hasPrefix("score ") ? file.verdict.shortReasons : "score \(a.score): \(file.verdict.shortReasons)"))\" type=\"starlint\">"
            out += escapeText(String(body.dropLast())) + "</failure>\n"
            out += systemOut(file, a)
            out += "    </testcase>\n"
        } else if let a = file.analysis, case let passing = systemOut(file, a, findings: true), !passing.isEmpty {
            out += open + ">\n" + passing + "    </testcase>\n"
        } else {
            out += open + "/>\n"
        }
        return out
    }

    /// A passing file's findings (with `findings`) and the comments that do nothing, in the
    /// order of their places as the text report lists them, and the count of findings the
    /// comments hid, as `<system-out>` ("" when none).
    static func systemOut(_ file: FileReport, _ a: Analysis, findings: Bool = false) -> String {
        let shown = file.path.escapingControlCharacters
        var text = findings
            ? TextReport.findingAndCommentLines(a, file: shown) { TextReport.findingWithSuggestion($0, file: shown, style: Style(enabled: false)) }
            : (a.directiveProblems ?? []).map { TextReport.commentLine($0, file: shown) + "\n" }.joined()
        let n = a.suppressedFindings
        if n > 0 { text += "\(shown): \(TextReport.suppressedNote(n))\n" }
        guard !text.isEmpty else { return "" }
        return "      <system-out>" + escapeText(String(text.dropLast())) + "</system-out>\n"
    }

    /// The totals head the document, so the test cases go to a `Spool` until `end`.
    final class Stream: BatchStreamingReporter {
        let cases: Spool
        let notGraded: [NotGraded]

        init(_ context: BatchContext, spool: Spool = Spool()) {
            cases = spool
            notGraded = context.notGraded
        }

        func begin(into out: BatchOutput) {}

        func file(_ file: FileReport, into out: BatchOutput) {
            cases.write(JUnitReporter.testcase(file))
        }

        func end(_ s: BatchSummary, into out: BatchOutput) {
            let errors = s.errors
            let failures = s.failed - errors
            let tests = s.files + notGraded.count
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            out.write("<testsuites name=\"starlint\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\">\n")
            out.write("  <testsuite name=\"starlint\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(notGraded.count)\">\n")
            cases.copy(into: out)
            for n in notGraded {
                out.write("    <testcase name=\"\(escape(n.path))\" classname=\"\(escape(className(n.path)))\">\n")
                out.write("      <skipped message=\"\(escape(n.note))\"/>\n    </testcase>\n")
            }
            out.write("  </testsuite>\n</testsuites>\n")
        }
    }

    /// Element text: like `escape`, but line breaks and tabs stay as they are.
    public static func escapeText(_ s: String) -> String {
        escape(s, keepWhitespace: true)
    }

    /// XML 1.0 escaping for text and attribute values. Characters XML 1.0 cannot hold at
    /// all (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) become U+FFFD; LF, CR and
    /// tab are written as character references so attribute values keep them.
    public static func escape(_ s: String, keepWhitespace: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += keepWhitespace ? "\n" : "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += keepWhitespace ? "\t" : "&#9;"
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }
}
