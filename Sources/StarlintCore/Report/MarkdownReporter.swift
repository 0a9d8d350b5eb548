/// `check --format markdown`: a summary for `$GITHUB_STEP_SUMMARY` (or a PR comment):
/// a headline, a table of files (score, pass/fail, top findings), totals, the worst files
/// and the most frequent findings. Over `maxRows` files the table keeps the failing files
/// only (GitHub caps a step summary at 1 MiB). Files found or named but not graded
/// (`NotGraded`) are named on one line under the totals (the first `maxNotGraded`).
public enum MarkdownReporter: BatchReporter {
    public static let identifier = "markdown"
    public static let maxRows = 500
    static let topFindings = 3
    static let maxNotGraded = 20

    /// "**Not graded:** `old-report.txt` (an earlier starlint report ...), ..." ("" when none).
    static func notGradedLine(_ files: [NotGraded]) -> String {
        guard !files.isEmpty else { return "" }
        let shown = files.prefix(maxNotGraded).map { "\(code($0.path)) (\(cell($0.message)))" }.joined(separator: ", ")
        let more = files.count > maxNotGraded ? " and \(files.count - maxNotGraded) more" : ""
        return "\n**Not graded:** " + shown + more + "\n"
    }

    public static func generateReport(_ report: BatchReport) -> String {
        BatchFormat.markdown.render(report)
    }

    /// "**Graded under:** min score 70 · fail on error · required: `...` · settings `...`"
    /// ("no minimum score" when there is none):
    /// the thresholds a reader of the summary needs to read it (the text report names the
    /// settings file, JSON has them all).
    static func gradedUnder(_ p: BatchPolicy) -> String {
        var parts = p.thresholdsInWords { "`\($0)`" }
        if let f = p.settingsFile { parts.append("settings \(code(f))") }
        return "**Graded under:** " + parts.joined(separator: " · ") + "\n"
    }

    /// One table row.
    static func row(_ f: FileReport) -> String {
        let score = f.analysis.map { String($0.score) } ?? "–"
        let result = f.verdict.passed ? "✅ pass" : "❌ fail: " + cell(f.verdict.shortReasons)
        return "| \(code(f.path)) | \(score) | \(result) | \(cell(top(f))) |\n"
    }

    /// The headline needs the totals, and the table shows either every file (up to
    /// `maxRows` files) or the first `maxRows` failing ones, so at most `maxRows` rows of
    /// each kind are kept (as rendered text) until `end`.
    final class Stream: BatchStreamingReporter {
        var files = 0
        /// Every row, while there are no more than `maxRows` files.
        var allRows: [String] = []
        var failingRows: [String] = []
        var failing = 0

        /// What the files were graded under, said under the totals.
        let gradedUnder: String
        let notGraded: String

        init(_ context: BatchContext) {
            gradedUnder = MarkdownReporter.gradedUnder(context.policy)
            notGraded = MarkdownReporter.notGradedLine(context.notGraded)
        }

        func begin(into out: BatchOutput) {}

        func file(_ f: FileReport, into out: BatchOutput) {
            files += 1
            if files == maxRows + 1 { allRows = [] }
            let passed = f.verdict.passed
            if !passed { failing += 1 }
            let keepAll = files <= maxRows
            let keepFailing = !passed && failingRows.count < maxRows
            guard keepAll || keepFailing else { return }
            let row = MarkdownReporter.row(f)
            if keepAll { allRows.append(row) }
            if keepFailing { failingRows.append(row) }
        }

        func end(_ s: BatchSummary, into out: BatchOutput) {
            var out2 = "## starlint: \(s.passed) of \(s.files) answer\(s.files == 1 ? "" : "s") passed\n\n"
            var rows = allRows
            var note = ""
            if files > maxRows {
                rows = failingRows
                note = failing == 0 ? "Every one of the \(s.files) files passed; over \(maxRows) files only failing ones are listed"
                    : "Only failing files are listed (\(s.files) files in total)"
                if failing > maxRows {
                    note += "; the first \(maxRows) of \(failing) failing files are shown"
                }
                note += ".\n\n"
            }
            if files > 0, rows.isEmpty {
                out2 += note
            } else if files > 0 {
                out2 += "| file | score | result | top findings |\n|---|---:|---|---|\n"
                for r in rows { out2 += r }
                out2 += "\n" + note
            }
            var totals = "**Totals:** \(s.files) file\(s.files == 1 ? "" : "s") · \(s.passed) passed · \(s.failed) failed"
            if s.errors > 0 { totals += " (\(s.errors) could not be graded)" }
            if let m = s.meanScore { totals += " · mean score \(BatchTextReporter.format(m))" }
            out2 += totals + "\n"
            out2 += notGraded
            out2 += "\n" + gradedUnder
            if !s.worst.isEmpty {
                out2 += "\n**Lowest scores:** " + s.worst.map { "\(code($0.file)) \($0.score)" }.joined(separator: ", ") + "\n"
            }
            if !s.frequentFindings.isEmpty {
                out2 += "\n**Most frequent findings:**\n\n"
                for r in s.frequentFindings {
                    out2 += "- `\(r.rule)`: \(r.count) in \(r.files) file\(r.files == 1 ? "" : "s")\n"
                }
            }
            out.write(out2)
        }
    }

    /// The most serious, then most frequent rules of a file: `missing-result, filler ×3`,
    /// then how many rules and findings are not named: `+2 more rules (5 findings)`.
    static func top(_ f: FileReport) -> String {
        guard let a = f.analysis else { return "" }
        // Findings hidden by suppression comments, and problems with such comments (each
        // unknown rule named in one counts), are named after the findings: a reader of the
        // summary alone should see that an answer passed with findings switched off.
        var noteParts: [String] = []
        if a.suppressedFindings > 0 { noteParts.append("\(a.suppressedFindings) suppressed by starlint-disable") }
        let notes = a.directiveProblems?.filter { $0.kind == nil }.count ?? 0
        if notes > 0 { noteParts.append("\(notes) suppression comment problem\(notes == 1 ? "" : "s")") }
        if a.directiveProblems?.contains(where: \.isFrontMatter) == true { noteParts.append("front matter not closed") }
        let noteText = noteParts.isEmpty ? nil : noteParts.joined(separator: ", ")
        guard !a.findings.isEmpty else { return noteText ?? "" }
        var order: [String] = []
        var counts: [String: Int] = [:]
        var worst: [String: Severity] = [:]
        for x in a.findings {
            if counts[x.rule] == nil { order.append(x.rule) }
            counts[x.rule, default: 0] += 1
            worst[x.rule] = max(worst[x.rule] ?? .info, x.severity)
        }
        let ranked = order.enumerated().sorted { l, r in
            let a = (worst[l.element]!, counts[l.element]!), b = (worst[r.element]!, counts[r.element]!)
            if a.0 != b.0 { return a.0 > b.0 }
            if a.1 != b.1 { return a.1 > b.1 }
            return l.offset < r.offset
        }.map(\.element)
        var parts = ranked.prefix(topFindings).map { r in counts[r]! > 1 ? "\(r) ×\(counts[r]!)" : r }
        // The rules left out still say how many findings they hold, so 17 info findings of one
        // rule are not read as a footnote under one warning.
        if ranked.count > topFindings {
            let rest = ranked.count - topFindings, hidden = ranked.dropFirst(topFindings).reduce(0) { $0 + counts[$1]! }
            parts.append("+\(rest) more rule\(rest == 1 ? "" : "s") (\(hidden) finding\(hidden == 1 ? "" : "s"))")
        }
        if let noteText { parts.append(noteText) }
        return parts.joined(separator: ", ")
    }

    /// Table cell text: line breaks folded, other control characters escaped (`\t`,
    /// `\u{1b}`), pipes escaped.
    static func cell(_ s: String) -> String {
        var folded = ""
        for c in s {
            switch c {
            case "\n", "\r", "\r\n": folded += " "
            default: folded.append(c)
            }
        }
        var out = ""
        for c in folded.escapingControlCharacters {
            if c == "|" { out += "\\|" } else { out.append(c) }
        }
        return out
    }

    /// A path as inline code; backticks inside need a fence longer than their longest run
    /// ("x``y" inside "``" would close it early), with spaces inside it. A line break in a
    /// file name is shown escaped (`\n`), as the text report shows it, not folded to a space.
    static func code(_ s: String) -> String {
        let text = cell(s.escapingControlCharacters)
        guard text.contains("`") else { return "`\(text)`" }
        var longest = 0, run = 0
        for c in text.utf8 {
            run = c == 0x60 ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        return fence + " " + text + " " + fence
    }
}
