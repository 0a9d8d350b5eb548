/// `check --format text`: one `PASS  87  path` / `FAIL  54  path  (reasons)` line per file,
/// its findings as `file:line:col: severity: message [rule]`, then the summary.
public enum BatchTextReporter: BatchReporter {
    public static let identifier = "text"

    public static func generateReport(_ report: BatchReport) -> String {
        generateReport(report, style: Style(enabled: false))
    }

    public static func generateReport(_ report: BatchReport, style: Style) -> String {
        BatchFormat.text.render(report, style: style)
    }

    /// Writes each file's lines as it comes, then the summary.
    final class Stream: BatchStreamingReporter {
        let style: Style
        /// Said under the totals, so a coach sees what graded the run: the thresholds
        /// (`BatchPolicy.thresholdsInWords`) and the settings file.
        let policy: BatchPolicy
        var files = 0

        init(_ context: BatchContext) {
            style = context.style
            policy = context.policy
        }

        func begin(into out: BatchOutput) {}

        func file(_ file: FileReport, into out: BatchOutput) {
            files += 1
            var text = ""
            // A file name may hold a line break or an escape sequence: shown escaped, so each
            // record stays one line and nothing reaches the terminal as a command.
            let path = file.path.escapingControlCharacters
            let score = file.analysis.map { String($0.score) } ?? "-"
            let padded = String(repeating: " ", count: max(0, 3 - score.count)) + score
            if file.verdict.passed {
                text += "\(style.green("PASS")) \(padded)  \(path)\n"
            } else {
                text += "\(style.red("FAIL")) \(padded)  \(path)  (\(file.verdict.shortReasons))\n"
            }
            if let a = file.analysis {
                text += TextReport.findingAndCommentLines(a, file: path, perRule: TextReport.findingsListedPerRule) { TextReport.findingLine($0, file: path, style: style) + "\n" }
                if a.suppressedFindings > 0 { text += style.dim("\(path): \(TextReport.suppressedNote(a.suppressedFindings))") + "\n" }
            }
            out.write(text)
        }

        func end(_ summary: BatchSummary, into out: BatchOutput) {
            if files > 0 { out.write("\n") }
            out.write(BatchTextReporter.summary(summary, style: style))
            out.write(style.dim("graded under: " + policy.thresholdsInWords().joined(separator: " · ")) + "\n")
            if let path = policy.settingsFile { out.write(style.dim("settings: \(path.escapingControlCharacters)") + "\n") }
        }
    }

    static func summary(_ s: BatchSummary, style: Style) -> String {
        var out = "\(s.files) file\(s.files == 1 ? "" : "s"): \(s.passed) passed, \(s.failed) failed"
        if s.errors > 0 { out += " (\(s.errors) could not be graded)" }
        if let m = s.meanScore { out += "; mean score \(format(m))" }
        out += "\n"
        if let b = s.bands {
            // Strongest first, bands with no file left out: "bands: 2 strong, 1 fair, 1 weak".
            out += "bands: " + (0..<5).reversed().filter { b[$0] > 0 }.map { "\(b[$0]) \(ScoreBand.names[$0])" }.joined(separator: ", ") + "\n"
        }
        if !s.worst.isEmpty {
            out += "worst: " + s.worst.map { "\($0.file.escapingControlCharacters) (\($0.score))" }.joined(separator: ", ") + "\n"
        }
        if !s.frequentFindings.isEmpty {
            out += "most frequent: " + s.frequentFindings.map { "\($0.rule) \($0.count)× in \($0.files) file\($0.files == 1 ? "" : "s")" }.joined(separator: ", ") + "\n"
        }
        return style.bold(out.isEmpty ? out : String(out.dropLast())) + "\n"
    }

    /// 78.4 -> "78.4", 80.0 -> "80".
    static func format(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(v)
    }
}
