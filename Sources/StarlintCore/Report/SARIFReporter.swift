/// `check --format sarif`: a SARIF 2.1.0 log built from Codable structs.
///
/// - `tool.driver.rules` lists every rule in registry order (stable `ruleIndex`), then the
///   pseudo-rules `threshold` (score, dimension minimum or required rule failed, or findings
///   at the `--fail-on` severity) and
///   `input-error` (file unreadable, empty, binary, not UTF-8, too large).
/// - A file's URI is its path as given, relative to the folder starlint ran in, with
///   `uriBaseId` `%SRCROOT%` (an absolute path is a `file://` URI without one).
/// - Columns count Unicode code points (`columnKind: unicodeCodePoints`); `endColumn` is
///   exclusive, as SARIF wants.
/// - File-level errors appear both as `input-error` results (so code scanning shows them)
///   and as `invocations[0].toolExecutionNotifications`; suppression comments that do nothing
///   (misspelled, unknown rule, nothing hidden) appear there as `suppression-comment` warnings.
public enum SARIFReporter: BatchReporter {
    public static let identifier = "sarif"
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// Where users read about starlint's rules. Placeholder until the project has a public home.
    public static let informationURI = "https://github.com/starlint/starlint"

    public static let thresholdRuleID = "threshold"
    public static let inputErrorRuleID = "input-error"
    /// The descriptor id of notifications about suppression comments that do nothing.
    public static let suppressionCommentID = "suppression-comment"
    /// The descriptor id of the note that a file's findings were hidden by suppression comments.
    public static let suppressedFindingsID = "suppressed-findings"
    /// The descriptor id of the notes about files found or named but not graded (`NotGraded`).
    public static let notGradedID = "not-graded"

    // MARK: - Schema subset

    struct Log: Codable, Equatable {
        var schema: String
        var version: String
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct Run: Codable, Equatable {
        var tool: Tool
        var invocations: [Invocation]
        var columnKind: String
        var results: [Result]
    }

    struct Tool: Codable, Equatable {
        var driver: ToolComponent
    }

    struct ToolComponent: Codable, Equatable {
        var name: String
        var version: String
        var semanticVersion: String
        var informationUri: String
        var rules: [ReportingDescriptor]
        /// What the run's notifications are about (`notification.descriptor` points here).
        var notifications: [NotificationDescriptor]
    }

    struct NotificationDescriptor: Codable, Equatable {
        var id: String
        var shortDescription: Message
    }

    /// The notification descriptors, in order: a file that cannot be graded, a suppression
    /// comment that does nothing, findings hidden by suppression comments.
    static let notificationDescriptors = [
        NotificationDescriptor(id: inputErrorRuleID, shortDescription: Message(text: "A file could not be graded (unreadable, empty, binary, not UTF-8 or too large).")),
        NotificationDescriptor(id: suppressionCommentID, shortDescription: Message(text: "A starlint suppression comment does nothing (misspelled, unknown rule, or no finding to hide).")),
        NotificationDescriptor(id: suppressedFindingsID, shortDescription: Message(text: "Findings in a file were hidden by its starlint-disable comments.")),
        NotificationDescriptor(id: frontMatterID, shortDescription: Message(text: "A file's front matter is not closed before its answer starts; it is read as ending there.")),
        NotificationDescriptor(id: notGradedID, shortDescription: Message(text: "A file was found or named but not graded (an earlier report, a project file, excluded, or a link to a folder).")),
    ]
    /// The descriptor id of the warning that front matter was cut short.
    public static let frontMatterID = DirectiveProblem.frontMatterKind

    /// A reference to the notification descriptor `id`, with its index in the list above.
    static func notificationDescriptor(_ id: String) -> DescriptorReference {
        DescriptorReference(id: id, index: notificationDescriptors.firstIndex { $0.id == id }!)
    }

    struct ReportingDescriptor: Codable, Equatable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var defaultConfiguration: Configuration
        var help: Message
    }

    struct Configuration: Codable, Equatable {
        var enabled: Bool
        var level: String
    }

    struct Message: Codable, Equatable {
        var text: String
        var markdown: String?
    }

    struct Invocation: Codable, Equatable {
        var executionSuccessful: Bool
        var ruleConfigurationOverrides: [ConfigurationOverride]?
        var toolExecutionNotifications: [Notification]?
    }

    /// A rule as this run's settings configured it, where that differs from its default.
    struct ConfigurationOverride: Codable, Equatable {
        var configuration: Configuration
        var descriptor: DescriptorReference
    }

    struct Notification: Codable, Equatable {
        var level: String
        var message: Message
        var locations: [Location]
        var descriptor: DescriptorReference
    }

    struct DescriptorReference: Codable, Equatable {
        var id: String
        var index: Int
    }

    struct Result: Codable, Equatable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        /// Set on a finding a `starlint-disable` comment hid: SARIF viewers list it as
        /// suppressed in source, with the comment's reason as the justification.
        var suppressions: [Suppression]?
        /// A finding's identity across edits (`fingerprintKey`), so code scanning keeps one
        /// alert for it when lines above it move.
        var partialFingerprints: [String: String]?
    }

    /// The key of findings' `partialFingerprints`: XXH64 of the file's path, the rule id, the
    /// text of the sentence the finding starts in (white space collapsed; none for a rule
    /// about the whole answer) and its place among that rule's findings in that sentence.
    public static let fingerprintKey = "starlintFinding/v1"

    /// Each finding's fingerprint, in the order given.
    static func fingerprints(_ findings: [Finding], sentences: [SentenceReport], path: String) -> [String] {
        var seen: [String: Int] = [:]
        return findings.map { f in
            var context = ""
            if !RuleRegistry.wholeAnswer.contains(f.rule),
               let s = sentences.first(where: { ($0.line, $0.column) <= (f.line, f.column) && (f.line, f.column) <= ($0.endLine, $0.endColumn) }) {
                context = s.text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
            }
            let base = path + "\u{0}" + f.rule + "\u{0}" + context
            let n = seen[base, default: 0]
            seen[base] = n + 1
            return XXH64.hex(Array((base + "\u{0}\(n)").utf8))
        }
    }

    struct Suppression: Codable, Equatable {
        var kind: String
        var justification: String?
        var location: Location?
    }

    struct Location: Codable, Equatable {
        var physicalLocation: PhysicalLocation
    }

    struct PhysicalLocation: Codable, Equatable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }

    struct ArtifactLocation: Codable, Equatable {
        var uri: String
        /// `%SRCROOT%` for a relative `uri`: the folder starlint was run in, which code
        /// scanning takes as the repository's root and a SARIF viewer asks the user for once
        /// (absent for an absolute `file://` URI).
        var uriBaseId: String?
    }

    /// The base a relative artifact URI is resolved against (`ArtifactLocation.uriBaseId`).
    public static let sourceRootBase = "%SRCROOT%"

    struct Region: Codable, Equatable {
        var startLine: Int
        var startColumn: Int?
        var endLine: Int?
        var endColumn: Int?
    }

    // MARK: - Building

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// "missing-result" -> "MissingResult".
    static func pascalName(_ id: String, fallback: String) -> String {
        let source = fallback.isEmpty ? id.replacingDashes() : fallback
        return source.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func descriptors(_ rules: [RuleInfo]) -> [ReportingDescriptor] {
        var out = rules.map { r -> ReportingDescriptor in
            let d = r.description
            // A finding about the whole answer has no line to silence: only a disable from
            // before the first sentence hides it (a line comment would be reported).
            let silence = d.wholeAnswer
                ? "It is about the whole answer: silence it in one file with <!-- starlint-disable \(d.id) --> above the answer's first sentence"
                : "Silence one place with <!-- starlint-disable-next-line \(d.id) -->"
            let help = "\(d.description) \(silence), or turn the rule off in .starlint.yml with '\(d.id): off' under 'rules:'."
            return ReportingDescriptor(
                id: d.id, name: pascalName(d.id, fallback: d.name),
                shortDescription: Message(text: d.name.isEmpty ? d.id : d.name),
                fullDescription: Message(text: d.description),
                defaultConfiguration: Configuration(enabled: true, level: level(d.severity)),
                help: Message(text: help, markdown: nil))
        }
        out.append(ReportingDescriptor(
            id: thresholdRuleID, name: "Threshold",
            shortDescription: Message(text: "Threshold"),
            fullDescription: Message(text: "The answer's score, a dimension sub-score or a required rule failed the thresholds set with --min-score, --min, --require or .starlint.yml, or it has findings at the --fail-on severity or above."),
            defaultConfiguration: Configuration(enabled: true, level: "error"),
            help: Message(text: "Raise the answer's score and fix the findings named, or change the thresholds in .starlint.yml (min-score, min, require, fail-on).", markdown: nil)))
        out.append(ReportingDescriptor(
            id: inputErrorRuleID, name: "InputError",
            shortDescription: Message(text: "Input error"),
            fullDescription: Message(text: "The file could not be graded: it is unreadable, empty, binary, not UTF-8, too large, or has no answer text."),
            defaultConfiguration: Configuration(enabled: true, level: "error"),
            help: Message(text: "Save the answer as a non-empty UTF-8 text file, or exclude the file with --exclude or 'exclude:' in .starlint.yml.", markdown: nil)))
        return out
    }

    /// The description and help of a report-only id (`threshold`, `input-error`), as the
    /// log's rule list gives them; nil for any other id.
    public static func reportOnlyRule(_ id: String) -> (description: String, help: String)? {
        guard id == thresholdRuleID || id == inputErrorRuleID, let d = descriptors([]).first(where: { $0.id == id }) else { return nil }
        return (d.fullDescription.text, d.help.text)
    }

    /// The tool section: the driver and its rules.
    static func tool(_ rules: [ReportingDescriptor]) -> Tool {
        Tool(driver: ToolComponent(name: "starlint", version: StarlintVersion.current, semanticVersion: StarlintVersion.current,
                                   informationUri: informationURI, rules: rules, notifications: notificationDescriptors))
    }

    /// The results and notifications for one file; `index` maps rule ids to `ruleIndex`.
    static func results(_ file: FileReport, index: [String: Int]) -> (results: [Result], notifications: [Notification]) {
        var results: [Result] = []
        // The file's URI, percent-encoded once, and a place in it.
        let fileURI = uri(file.path)
        let artifact = ArtifactLocation(uri: fileURI, uriBaseId: fileURI.hasPrefix("file://") ? nil : sourceRootBase)
        func location(_ region: Region?) -> Location { Location(physicalLocation: PhysicalLocation(artifactLocation: artifact, region: region)) }
        let fileLoc = location(nil)
        // Results about the file rather than a finding: fingerprinted by file, rule and what
        // failed (a threshold's kind and dimension), so they too stay one alert from run to run.
        func fileFingerprint(_ parts: String...) -> [String: String] { [fingerprintKey: XXH64.hex(Array(([file.path] + parts).joined(separator: "\u{0}").utf8))] }
        if let e = file.error {
            let text = BatchPolicy.inputMessage(e)
            results.append(Result(ruleId: inputErrorRuleID, ruleIndex: index[inputErrorRuleID]!, level: "error",
                                  message: Message(text: text), locations: [fileLoc], partialFingerprints: fileFingerprint(inputErrorRuleID)))
            let n = Notification(level: "error", message: Message(text: "\(file.path): \(text)"), locations: [fileLoc],
                                 descriptor: notificationDescriptor(inputErrorRuleID))
            return (results, [n])
        }
        // A threshold is about the whole answer: placed at 1:1, as the GitHub annotation is, so
        // a code-scanning view shows it on the file (a required rule's at its finding, if any).
        for f in file.verdict.failures where f.kind == .score || f.kind == .dimension || f.kind == .requiredRule {
            let loc = location(Region(startLine: max(1, f.line ?? 1), startColumn: max(1, f.column ?? 1)))
            results.append(Result(ruleId: thresholdRuleID, ruleIndex: index[thresholdRuleID]!, level: "error",
                                  message: Message(text: f.kind == .requiredRule ? f.message : "\(f.message) (threshold)"), locations: [loc],
                                  partialFingerprints: fileFingerprint(thresholdRuleID, f.kind.rawValue, f.dimension ?? f.rule ?? "")))
        }
        // Findings at the --fail-on severity fail the file too, though their own results keep
        // their level ("warning" under --fail-on warning): when all of them are below error, one
        // threshold result says the file failed, and why, as the other formats do. (When one is
        // an error, as under the default --fail-on, its own error result says it already.)
        let failing = file.verdict.failures.filter { $0.kind == .finding }
        if !failing.isEmpty, !failing.contains(where: { $0.message.hasPrefix(Severity.error.rawValue + ":") }) {
            var rules: [String] = []
            for f in failing { if let r = f.rule, !rules.contains(r) { rules.append(r) } }
            let n = failing.count
            results.append(Result(ruleId: thresholdRuleID, ruleIndex: index[thresholdRuleID]!, level: "error",
                                  message: Message(text: "\(n) finding\(n == 1 ? "" : "s") at or above the --fail-on severity: \(rules.joined(separator: ", ")) (threshold)"),
                                  locations: [location(Region(startLine: 1, startColumn: 1))], partialFingerprints: fileFingerprint(thresholdRuleID, "fail-on")))
        }
        func result(_ f: Finding, fingerprint: String, suppressedBy s: SuppressedFinding? = nil) -> Result {
            var text = f.message
            if let s = f.suggestion { text += " (suggestion: \(s))" }
            let region = Region(startLine: max(1, f.line), startColumn: max(1, f.column),
                                endLine: max(f.line, f.endLine), endColumn: max(1, f.endColumn))
            let suppressions = s.map { s in
                [Suppression(kind: "inSource", justification: s.reason,
                             location: location(Region(startLine: max(1, s.commentLine), startColumn: max(1, s.commentColumn))))]
            }
            return Result(ruleId: f.rule, ruleIndex: index[f.rule] ?? -1, level: level(f.severity), message: Message(text: text),
                          locations: [location(region)], suppressions: suppressions, partialFingerprints: [fingerprintKey: fingerprint])
        }
        if let a = file.analysis {
            // Shown and suppressed findings numbered together in the answer's order, so hiding
            // one does not change the identity of another.
            let suppressed = a.suppressed ?? []
            let all = a.findings + suppressed.map(\.finding)
            let order = all.indices.sorted { Finding.reportOrder(all[$0], all[$1]) || (!Finding.reportOrder(all[$1], all[$0]) && $0 < $1) }
            var prints = [String](repeating: "", count: all.count)
            for (k, p) in zip(order, fingerprints(order.map { all[$0] }, sentences: a.sentences, path: file.path)) { prints[k] = p }
            for (k, f) in a.findings.enumerated() { results.append(result(f, fingerprint: prints[k])) }
            for (k, s) in suppressed.enumerated() { results.append(result(s.finding, fingerprint: prints[a.findings.count + k], suppressedBy: s)) }
        }
        // Suppression comments that do nothing: notifications about the run, not results.
        var notifications: [Notification] = []
        for p in file.analysis?.directiveProblems ?? [] {
            let loc = location(Region(startLine: max(1, p.line), startColumn: p.column.map { max(1, $0) }))
            notifications.append(Notification(level: "warning", message: Message(text: "\(file.path):\(p.place): \(p.message)"), locations: [loc],
                                              descriptor: notificationDescriptor(p.isFrontMatter ? frontMatterID : suppressionCommentID)))
        }
        if let n = file.analysis?.suppressedFindings, n > 0 {
            notifications.append(Notification(level: "note", message: Message(text: "\(file.path): \(TextReport.suppressedNote(n))"),
                                              locations: [fileLoc], descriptor: notificationDescriptor(suppressedFindingsID)))
        }
        return (results, notifications)
    }

    /// A note for each file left out of the run, before the notifications about graded files.
    static func notGradedNotifications(_ files: [NotGraded]) -> [Notification] {
        files.map { f in
            let fileURI = uri(f.path)
            let artifact = ArtifactLocation(uri: fileURI, uriBaseId: fileURI.hasPrefix("file://") ? nil : sourceRootBase)
            return Notification(level: "note", message: Message(text: "\(f.path): \(f.note)"),
                                locations: [Location(physicalLocation: PhysicalLocation(artifactLocation: artifact, region: nil))],
                                descriptor: notificationDescriptor(notGradedID))
        }
    }

    static func ruleIndex(_ rules: [ReportingDescriptor]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (k, r) in rules.enumerated() { index[r.id] = k }
        return index
    }

    /// The rules whose settings differ from their defaults (severity, or switched off), as
    /// SARIF puts a run's configuration: in the invocation, not in the tool's defaults, so the
    /// rules' metadata is the same whatever settings file a repository has.
    static func overrides(_ rules: [RuleInfo], index: [String: Int]) -> [ConfigurationOverride]? {
        let out = rules.compactMap { r -> ConfigurationOverride? in
            guard r.severity != r.description.severity || !r.enabled, let i = index[r.description.id] else { return nil }
            return ConfigurationOverride(configuration: Configuration(enabled: r.enabled, level: level(r.severity)),
                                         descriptor: DescriptorReference(id: r.description.id, index: i))
        }
        return out.isEmpty ? nil : out
    }

    /// The whole log in memory (the reference the streamed output is tested against).
    static func makeLog(_ report: BatchReport) -> Log {
        let rules = descriptors(report.rules)
        let index = ruleIndex(rules)
        var results: [Result] = []
        var notifications = notGradedNotifications(report.notGraded)
        for file in report.files {
            let r = SARIFReporter.results(file, index: index)
            results += r.results
            notifications += r.notifications
        }
        let run = Run(
            tool: tool(rules),
            invocations: [Invocation(executionSuccessful: true, ruleConfigurationOverrides: overrides(report.rules, index: index),
                                     toolExecutionNotifications: notifications.isEmpty ? nil : notifications)],
            columnKind: "unicodeCodePoints",
            results: results)
        return Log(schema: schemaURI, version: "2.1.0", runs: [run])
    }

    public static func generateReport(_ report: BatchReport) -> String {
        BatchFormat.sarif.render(report)
    }

    /// Streams the log. Sorted keys put `invocations` (with the notifications about files
    /// that could not be read) before `results`, so the rendered results go to a `Spool` and
    /// the notifications are kept; `end` writes the log around them:
    ///
    ///     { "$schema", "runs" : [ { "columnKind", "invocations" : [ { "executionSuccessful",
    ///       "toolExecutionNotifications"? } ], "results" : [...], "tool" } ], "version" }
    ///
    /// Each result is encoded by JSONEncoder on its own and indented to its depth (4: inside
    /// `runs[0].results`; notifications 6), which is how it appears inside the whole log.
    final class Stream: BatchStreamingReporter {
        let rules: [ReportingDescriptor]
        let index: [String: Int]
        let overrides: [ConfigurationOverride]?
        let results: Spool
        var resultCount = 0
        var notifications: [UInt8] = []
        var notificationCount = 0
        var failed = false

        init(_ context: BatchContext, spool: Spool = Spool()) {
            rules = SARIFReporter.descriptors(context.rules)
            index = SARIFReporter.ruleIndex(rules)
            overrides = SARIFReporter.overrides(context.rules, index: index)
            results = spool
            add(SARIFReporter.notGradedNotifications(context.notGraded))
        }

        func add(_ list: [Notification]) {
            for n in list {
                guard let s = try? StableJSON.nested(n, depth: 6) else { failed = true; continue }
                notifications.append(contentsOf: ((notificationCount > 0 ? ",\n" : "") + "            " + s).utf8)
                notificationCount += 1
            }
        }

        func begin(into out: BatchOutput) {}

        func file(_ file: FileReport, into out: BatchOutput) {
            let r = SARIFReporter.results(file, index: index)
            for x in r.results {
                guard let s = try? StableJSON.nested(x, depth: 4) else { failed = true; continue }
                results.write((resultCount > 0 ? ",\n" : "") + "        " + s)
                resultCount += 1
            }
            add(r.notifications)
        }

        func end(_ summary: BatchSummary, into out: BatchOutput) {
            guard !failed, let tool = try? StableJSON.nested(SARIFReporter.tool(rules), depth: 3) else {
                out.write(StableJSON.failed + "\n")
                return
            }
            var head = JSONBytes()
            head.raw("{\n  \"$schema\" : ")
            head.string(schemaURI)
            head.raw(",\n  \"runs\" : [\n    {\n      \"columnKind\" : \"unicodeCodePoints\",\n")
            head.raw("      \"invocations\" : [\n        {\n          \"executionSuccessful\" : true")
            out.write(head.b)
            if let overrides {
                guard let s = try? StableJSON.nested(overrides, depth: 5) else {
                    out.write(StableJSON.failed + "\n")
                    return
                }
                out.write(",\n          \"ruleConfigurationOverrides\" : " + s)
            }
            if notificationCount > 0 {
                out.write(",\n          \"toolExecutionNotifications\" : [\n")
                out.write(notifications)
                out.write("\n          ]")
            }
            out.write("\n        }\n      ],\n      \"results\" : [\n")
            if resultCount > 0 { results.copy(into: out) }
            out.write("\n")
            out.write("      ],\n      \"tool\" : ")
            out.write(tool)
            out.write("\n    }\n  ],\n  \"version\" : \"2.1.0\"\n}\n")
        }
    }

    /// A relative path as a URI reference (RFC 3986: unreserved characters and `/` stay,
    /// every other byte is %XX); an absolute path as a `file://` URI.
    public static func uri(_ path: String) -> String {
        var out = path.hasPrefix("/") ? "file://" : ""
        for b in path.utf8 {
            switch b {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E, 0x2F:
                out.append(Character(Unicode.Scalar(b)))
            default:
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

extension String {
    func replacingDashes() -> String { String(map { $0 == "-" ? " " : $0 }) }
}
