/// `check --format github`: GitHub Actions workflow commands, one annotation per finding
/// (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`).
///
/// GitHub shows at most 10 annotations of each kind (error, warning, notice) per step, so
/// at most 10 of each are written; when some are left out, a closing `::notice::` says how
/// many (and then only 9 other notices are written, so that line is itself shown). File-level
/// errors come first: one per failing file (every reason it failed, at line 1) or file that
/// cannot be graded, so the first ten such files each have one; the others are named in plain
/// log lines after the summary. `info` findings are notices. A file found or named but not
/// graded (`NotGraded`) is a notice after the file-level errors (named in a plain log line
/// when no notice is left to show it).
/// Columns are given only for one-line spans; `endColumn` is inclusive there.
public enum GitHubReporter: BatchReporter {
    public static let identifier = "github"
    public static let limitPerKind = 10

    enum Kind: String, CaseIterable {
        case error, warning, notice
    }

    struct Annotation {
        var kind: Kind
        var properties: [(String, String)]
        var message: String
        /// The plain log line that names it when it cannot be shown (nil: only counted).
        var ifNotShown: String? = nil

        var line: String {
            let props = properties.map { "\($0.0)=\(GitHubReporter.escapeProperty($0.1))" }.joined(separator: ",")
            return "::\(kind.rawValue) \(props)::\(GitHubReporter.escapeData(message))"
        }
    }

    /// One file's annotations: its file-level problems, then its findings.
    static func annotations(_ file: FileReport) -> (fileLevel: [Annotation], findings: [Annotation]) {
        var fileLevel: [Annotation] = []
        var findings: [Annotation] = []
        if let e = file.error {
            // At line 1 as a failing file's error is, so a pull request's diff shows it.
            fileLevel.append(Annotation(kind: .error, properties: [("file", file.path), ("line", "1"), ("title", "starlint: cannot grade this file")],
                                        message: BatchPolicy.inputMessage(e)))
            return (fileLevel, findings)
        }
        // One error per failing file, naming every reason (thresholds in full, error findings
        // by rule), so the first ten failing files each show one however many reasons they
        // have; at line 1, so it is shown in a pull request's diff of the file.
        if !file.verdict.passed {
            var reasons = file.verdict.failures.filter { $0.kind != .finding }.map(\.message)
            let findings = Verdict(failures: file.verdict.failures.filter { $0.kind == .finding }).shortReasons
            if !findings.isEmpty { reasons.append(findings) }
            fileLevel.append(Annotation(kind: .error, properties: [("file", file.path), ("line", "1"), ("title", "starlint: failed")],
                                        message: "failed: " + reasons.joined(separator: "; ")))
        }
        for f in file.analysis?.findings ?? [] {
            var props = [("file", file.path), ("line", String(f.line))]
            if f.line == f.endLine {
                props.append(("col", String(f.column)))
                props.append(("endLine", String(f.endLine)))
                props.append(("endColumn", String(max(f.column, f.endColumn - 1))))
            } else {
                props.append(("endLine", String(f.endLine)))
            }
            props.append(("title", "starlint \(f.rule)"))
            var message = f.message
            if let s = f.suggestion { message += "\nsuggestion: \(s)" }
            let kind: Kind = f.severity == .error ? .error : f.severity == .warning ? .warning : .notice
            findings.append(Annotation(kind: kind, properties: props, message: message))
        }
        // A suppression comment that does nothing (misspelled, unknown rule, nothing to hide).
        for p in file.analysis?.directiveProblems ?? [] {
            findings.append(Annotation(kind: .warning, properties: [("file", file.path), ("line", String(p.line))] + (p.column.map { [("col", String($0))] } ?? []) + [("title", p.isFrontMatter ? "starlint front matter" : "starlint suppression comment")],
                                       message: p.message))
        }
        // Findings hidden by suppression comments: a notice, so an answer that passed with
        // its findings switched off says so where the coach looks.
        if let n = file.analysis?.suppressedFindings, n > 0 {
            findings.append(Annotation(kind: .notice, properties: [("file", file.path), ("title", "starlint suppressed findings")],
                                       message: TextReport.suppressedNote(n)))
        }
        return (fileLevel, findings)
    }

    public static func generateReport(_ report: BatchReport) -> String {
        BatchFormat.github.render(report)
    }

    /// All file-level annotations of the batch come before all findings, and at most
    /// `limitPerKind` of each kind are shown, so only the first `limitPerKind` file-level
    /// annotations and the first `limitPerKind` findings of each kind are kept (no later one
    /// can be shown), with a count of each kind; `end` writes them.
    final class Stream: BatchStreamingReporter {
        var fileLevel: [Annotation] = []
        var findings: [Annotation] = []
        var keptFindings: [Kind: Int] = [:]
        var counts: [Kind: Int] = [:]
        /// Failing (or ungradable) files past the first `limitPerKind`: named in plain log
        /// lines after the summary, since no annotation can show them.
        var unannotated: [String] = []
        let notGraded: [Annotation]

        init(_ context: BatchContext) {
            notGraded = context.notGraded.map { n in
                Annotation(kind: .notice, properties: [("file", n.path), ("title", "starlint: not graded")], message: n.note,
                           ifNotShown: "\(n.path.escapingControlCharacters): \(n.note)")
            }
        }

        func begin(into out: BatchOutput) {}

        func file(_ file: FileReport, into out: BatchOutput) {
            let a = GitHubReporter.annotations(file)
            for x in a.fileLevel {
                counts[x.kind, default: 0] += 1
                if fileLevel.count < limitPerKind { fileLevel.append(x) } else { unannotated.append("\(file.path.escapingControlCharacters): \(x.message.escapingControlCharacters)") }
            }
            for x in a.findings {
                counts[x.kind, default: 0] += 1
                if keptFindings[x.kind, default: 0] < limitPerKind {
                    keptFindings[x.kind, default: 0] += 1
                    findings.append(x)
                }
            }
        }

        func end(_ s: BatchSummary, into out: BatchOutput) {
            counts[.notice, default: 0] += notGraded.count
            let dropsSomething = Kind.allCases.contains { counts[$0, default: 0] > limitPerKind }
            var shown: [Kind: Int] = [:]
            var text = ""
            var notShown: [String] = []
            for a in fileLevel + notGraded + findings {
                let limit = a.kind == .notice && dropsSomething ? limitPerKind - 1 : limitPerKind
                guard shown[a.kind, default: 0] < limit else {
                    if let line = a.ifNotShown { notShown.append(line) }
                    continue
                }
                shown[a.kind, default: 0] += 1
                text += a.line + "\n"
            }
            if dropsSomething {
                let hidden = Kind.allCases.compactMap { k -> String? in
                    let n = counts[k, default: 0] - shown[k, default: 0]
                    return n > 0 ? "\(n) \(k.rawValue)\(n == 1 ? "" : "s")" : nil
                }
                text += "::notice title=starlint::\(escapeData("\(hidden.joined(separator: ", ")) not shown as annotations (GitHub shows \(limitPerKind) of each kind per step); see the full report with --format text, sarif or markdown"))\n"
            }
            var line = "starlint: \(s.files) file\(s.files == 1 ? "" : "s"), \(s.passed) passed, \(s.failed) failed"
            if let m = s.meanScore { line += ", mean score \(BatchTextReporter.format(m))" }
            text += line + "\n"
            for u in unannotated + notShown { text += "starlint: not annotated: \(u)\n" }
            out.write(text)
        }
    }

    /// Message data: `%` -> %25, CR -> %0D, LF -> %0A.
    public static func escapeData(_ s: String) -> String { escape(s, property: false) }

    /// Property values: as data, plus `:` -> %3A and `,` -> %2C.
    public static func escapeProperty(_ s: String) -> String { escape(s, property: true) }

    /// Other control characters (ESC, which would restyle the log, and the bidirectional
    /// overrides) have no escape of GitHub's: they are written as `\u{1b}`, as the text
    /// report writes them.
    private static func escape(_ s: String, property: Bool) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":" where property: out += "%3A"
            case "," where property: out += "%2C"
            case "\t": out.unicodeScalars.append(u)
            default:
                if u.isShownEscaped { out += u.escapedForDisplay } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}
