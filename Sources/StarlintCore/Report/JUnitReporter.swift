/// `check --format junit`: one `<testsuite>` (inside `<testsuites>`), one `<testcase>` per
/// answer file (`name` = path, `classname` = "starlint"). A failing file carries one
/// `<failure>` whose message sums up the reasons and whose text lists every reason and
/// every finding, infos too, as `file:line:col: severity: message [rule]` (with its
/// suggestion, if any, on an indented line below), as the text report lists them; a file
/// that could not be read carries an `<error>`. A passing file's findings, suppression
/// comments that do nothing and findings they hid are listed in the test case's
/// `<system-out>`. No timings, so the output is reproducible.
public enum JUnitReporter: BatchReporter {
    public static let identifier = "junit"

    public static func generateReport(_ report: BatchReport) -> String {
        BatchFormat.junit.render(report)
    }

    /// The `<testcase>` element of one file.
    static func testcase(_ file: FileReport) -> String {
        var out = ""
        // In element text a path's line break or tab would split or shift a `file:line:`
        // line: it is shown escaped there (as the text report shows it). The `name`
        // attribute keeps the real path, its line breaks as character references.
        let shown = file.path.escapingControlCharacters
        let open = "    <testcase name=\"\(escape(file.path))\" classname=\"starlint\""
        if let e = file.error {
            let msg = BatchPolicy.inputMessage(e)
            out += open + ">\n"
            out += "      <error message=\"\(escape(msg))\" type=\"input-error\">\(escapeText("\(shown): \(msg)"))</error>\n"
            out += "    </testcase>\n"
        } else if !file.verdict.passed, let a = file.analysis {
            var body: [String] = ["score \(a.score)/100"]
            for f in file.verdict.failures where f.kind != .finding {
                body.append(f.message)
            }
            // Each finding with its suggestion under it, as `score` prints them: the failure
            // text is what a student reads on the CI's test page.
            body += findingLines(a, shown: shown)
            out += open + ">\n"
            out += "      <failure message=\"\(escape(file.verdict.shortReasons.hasPrefix("score ") ? file.verdict.shortReasons : "score \(a.score): \(file.verdict.shortReasons)"))\" type=\"starlint\">"
            out += escapeText(body.joined(separator: "\n")) + "</failure>\n"
            out += systemOut(file)
            out += "    </testcase>\n"
        } else if !systemOut(file, findings: true).isEmpty {
            out += open + ">\n" + systemOut(file, findings: true) + "    </testcase>\n"
        } else {
            out += open + "/>\n"
        }
        return out
    }

    /// Every finding, each with its suggestion on an indented line below.
    static func findingLines(_ a: Analysis, shown: String) -> [String] {
        a.findings.flatMap { TextReport.findingWithSuggestion($0, file: shown, style: Style(enabled: false)).split(separator: "\n").map(String.init) }
    }

    /// A passing file's findings (with `findings`), findings hidden by suppression comments,
    /// and comments that do nothing, as `<system-out>` lines ("" when none).
    static func systemOut(_ file: FileReport, findings: Bool = false) -> String {
        guard let a = file.analysis else { return "" }
        let shown = file.path.escapingControlCharacters
        // A passing file's findings and the comment warnings in the order of their places, as
        // the text report lists them.
        var lines = findings
            ? TextReport.findingAndCommentLines(a, file: shown) { TextReport.findingWithSuggestion($0, file: shown, style: Style(enabled: false)) }
                .split(separator: "\n").map(String.init)
            : (a.directiveProblems ?? []).map { TextReport.commentLine($0, file: shown) }
        let n = a.suppressedFindings
        if n > 0 { lines.append("\(shown): \(TextReport.suppressedNote(n))") }
        guard !lines.isEmpty else { return "" }
        return "      <system-out>" + escapeText(lines.joined(separator: "\n")) + "</system-out>\n"
    }

    /// The totals head the document, so the test cases go to a `Spool` until `end`.
    final class Stream: BatchStreamingReporter {
        let cases: Spool

        init(_ context: BatchContext, spool: Spool = Spool()) {
            cases = spool
        }

        func begin(into out: BatchOutput) {}

        func file(_ file: FileReport, into out: BatchOutput) {
            cases.write(JUnitReporter.testcase(file))
        }

        func end(_ s: BatchSummary, into out: BatchOutput) {
            let errors = s.errors
            let failures = s.failed - errors
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            out.write("<testsuites name=\"starlint\" tests=\"\(s.files)\" failures=\"\(failures)\" errors=\"\(errors)\">\n")
            out.write("  <testsuite name=\"starlint\" tests=\"\(s.files)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\">\n")
            cases.copy(into: out)
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
