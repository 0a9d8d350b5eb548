#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One output format of `starlint check` (SwiftLint's Reporter pattern): an identifier and
/// a pure function from the batch report to text, checked against golden files.
public protocol BatchReporter {
    static var identifier: String { get }
    static func generateReport(_ report: BatchReport) -> String
}

/// A file `check` found or was named but did not grade, and why. The text report says so on
/// stderr; the formats CI reads list them too (JSON's `notGraded`, SARIF notifications,
/// JUnit skipped test cases, GitHub notices, a Markdown line), so a file a class handed in
/// cannot drop out of a run unseen.
public struct NotGraded: Sendable, Equatable, Encodable {
    public enum Reason: String, Sendable, Encodable, CaseIterable {
        /// An earlier report of check's own, found in a graded folder.
        case earlierReport = "earlier-report"
        /// A README or similar found in a graded folder (`FileDiscovery`).
        case projectFile = "project-file"
        /// Named on the command line, and matched by an exclude glob.
        case excluded
        /// On the standard-input list, and left out by the include or exclude globs.
        case leftOutByGlobs = "left-out-by-globs"
        /// A link to a folder, found in a graded folder: not followed.
        case folderLink = "folder-link"
        /// An answer file whose name starts with "." (hidden), found in a graded folder.
        case hidden
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// Why, in words, as the reports put it after "not graded: ".
    public var message: String {
        switch reason {
        case .earlierReport: "an earlier starlint report found among the answers"
        case .projectFile: "a project file rather than an answer; name it to grade it"
        case .excluded: "excluded by the exclude globs"
        case .leftOutByGlobs: "on the standard-input list, left out by the globs"
        case .folderLink: "a link to a folder, not followed; name the folder itself to grade it"
        case .hidden: "a hidden file, its name starting with '.'; name it to grade it, or rename it"
        }
    }

    /// "not graded: " and the message, as the SARIF, JUnit and GitHub reports write it.
    public var note: String { "not graded: " + message }

    enum CodingKeys: String, CodingKey { case path, reason, message }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(reason, forKey: .reason)
        try c.encode(message, forKey: .message)
    }
}

/// What every format needs besides the files: the thresholds and the rules of the run.
public struct BatchContext: Sendable {
    public var policy: BatchPolicy
    public var rules: [RuleInfo]
    /// Colours (text format only).
    public var style: Style
    /// Files found or named and left out, in the order `check` found them.
    public var notGraded: [NotGraded]

    public init(policy: BatchPolicy, rules: [RuleInfo], style: Style = Style(enabled: false), notGraded: [NotGraded] = []) {
        self.policy = policy
        self.rules = rules
        self.style = style
        self.notGraded = notGraded
    }
}

/// A format written as the batch runs: `begin`, then `file` once per file in path order,
/// then `end` with the totals. Each writes to the output what it can already write; a
/// format whose header needs the totals (JSON's `errors`, SARIF's notifications, JUnit's
/// counts) keeps the rendered file sections in a `Spool` (memory, then a temporary file)
/// and writes them at `end`. Nothing keeps an `Analysis` past its `file` call.
public protocol BatchStreamingReporter: AnyObject {
    func begin(into out: BatchOutput)
    func file(_ file: FileReport, into out: BatchOutput)
    func end(_ summary: BatchSummary, into out: BatchOutput)
}

/// The formats of `starlint check --format`.
public enum BatchFormat: String, Sendable, CaseIterable {
    case text, json, sarif, junit, github, markdown

    /// The format a report written to `path` is in when none is named: its extension's
    /// (`.json`, `.sarif` or `.sarif.json`, `.xml` for JUnit, `.md` or `.markdown`), else text. A CI step that
    /// writes `-o results.sarif` and uploads it should not get a text report under that name.
    public static func implied(byOutput path: String?) -> BatchFormat {
        guard let path, path != "-", let dot = path.lastIndex(of: "."),
              !path[dot...].contains("/") else { return .text }
        switch path[path.index(after: dot)...].lowercased() {
        case "json": return path.lowercased().hasSuffix(".sarif.json") ? .sarif : .json
        case "sarif": return .sarif
        case "xml", "junit": return .junit
        case "md", "markdown": return .markdown
        default: return .text
        }
    }

    /// A fresh streaming reporter for one run.
    public func streamingReporter(_ context: BatchContext) -> any BatchStreamingReporter {
        switch self {
        case .text: BatchTextReporter.Stream(context)
        case .json: BatchJSONReporter.Stream(context)
        case .sarif: SARIFReporter.Stream(context)
        case .junit: JUnitReporter.Stream(context)
        case .github: GitHubReporter.Stream(context)
        case .markdown: MarkdownReporter.Stream(context)
        }
    }

    /// Renders `report`; `style` only colours the text format. The same code as the
    /// streamed output, so the two are byte for byte the same.
    public func render(_ report: BatchReport, style: Style = Style(enabled: false)) -> String {
        BatchFormat.render(report, with: streamingReporter(BatchContext(policy: report.policy, rules: report.rules, style: style, notGraded: report.notGraded)))
    }

    static func render(_ report: BatchReport, with reporter: any BatchStreamingReporter) -> String {
        let out = BatchOutput()
        reporter.begin(into: out)
        for f in report.files { reporter.file(f, into: out) }
        reporter.end(report.summary, into: out)
        return out.text
    }
}

extension FileReport {
    /// `file:line:col` of a finding, as editors and CI logs link it.
    func location(_ f: Finding) -> String { "\(path):\(f.line):\(f.column)" }
}

/// JSON for the batch reporters: pretty, and with sorted keys, because JSONEncoder on Linux
/// does not keep the order in which keys were encoded (it changes from process to process),
/// and `check` output must be byte-identical from run to run.
enum StableJSON {
    static func encode<T: Encodable>(_ value: T) -> String {
        (try? encodeOrThrow(value)) ?? failed
    }

    static func encodeOrThrow<T: Encodable>(_ value: T) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try enc.encode(value), as: UTF8.self)
    }

    /// What a whole document becomes when a value cannot be encoded (a NaN, say).
    static let failed = "{\"error\": \"encoding failed\"}"

    /// `value` encoded as it appears nested `depth` levels deep in a pretty document: every
    /// non-empty line after the first indented by 2 × `depth` spaces (pretty JSON has no
    /// other line breaks: those inside strings are escaped).
    static func nested<T: Encodable>(_ value: T, depth: Int) throws -> String {
        let s = try encodeOrThrow(value)
        guard depth > 0 else { return s }
        // The empty line inside an empty array or object (`[`, ``, `]`) stays empty.
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for (k, b) in bytes.enumerated() {
            out.append(b)
            if b == 0x0A && k + 1 < bytes.count && bytes[k + 1] != 0x0A {
                out.append(contentsOf: repeatElement(0x20, count: 2 * depth))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
