/// `check --format sarif`: a SARIF 2.1.0 log built from Codable structs.
///
/// - `tool.driver.rules` lists every rule in registry order (stable `ruleIndex`), then the
///   pseudo-rules `threshold` (score, dimension minimum or required rule failed) and
///   `input-error` (file unreadable, empty, binary, not UTF-8, too large).
/// - Columns count Unicode code points (`columnKind: unicodeCodePoints`); `endColumn` is
///   exclusive, as SARIF wants.
/// - File-level errors appear both as `input-error` results (so code scanning shows them)
///   and as `invocations[0].toolExecutionNotifications`.
public enum SARIFReporter: BatchReporter {
    public static let identifier = "sarif"
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// Where users read about starlint's rules. Placeholder until the project has a public home.
    public static let informationURI = "https://github.com/starlint/starlint"

    public static let thresholdRuleID = "threshold"
    public static let inputErrorRuleID = "input-error"

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
        var toolExecutionNotifications: [Notification]?
    }

    struct Notification: Codable, Equatable {
        var level: String
        var message: Message
        var locations: [Location]
        var descriptor: DescriptorReference
    }

    struct DescriptorReference: Codable, Equatable {
        var id: String
    }

    struct Result: Codable, Equatable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
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
    }

    struct Region: Codable, Equatable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
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
            let help = "\(d.description) Silence one place with <!-- starlint-disable-next-line \(d.id) -->, or turn the rule off in .starlint.yml with '\(d.id): off' under 'rules:'."
            return ReportingDescriptor(
                id: d.id, name: pascalName(d.id, fallback: d.name),
                shortDescription: Message(text: d.name.isEmpty ? d.id : d.name),
                fullDescription: Message(text: d.description),
                defaultConfiguration: Configuration(enabled: r.enabled, level: level(r.severity)),
                help: Message(text: help, markdown: nil))
        }
        out.append(ReportingDescriptor(
            id: thresholdRuleID, name: "Threshold",
            shortDescription: Message(text: "Threshold"),
            fullDescription: Message(text: "The answer's score, a dimension sub-score or a required rule failed the thresholds set with --min-score, --min, --require or .starlint.yml."),
            defaultConfiguration: Configuration(enabled: true, level: "error"),
            help: Message(text: "Raise the answer's score, or change the thresholds in .starlint.yml (min-score, min, require).", markdown: nil)))
        out.append(ReportingDescriptor(
            id: inputErrorRuleID, name: "InputError",
            shortDescription: Message(text: "Input error"),
            fullDescription: Message(text: "The file could not be graded: it is unreadable, empty, binary, not UTF-8, too large, or has no answer text."),
            defaultConfiguration: Configuration(enabled: true, level: "error"),
            help: Message(text: "Save the answer as a non-empty UTF-8 text file, or exclude the file with --exclude or 'exclude:' in .starlint.yml.", markdown: nil)))
        return out
    }

    static func makeLog(_ report: BatchReport) -> Log {
        let rules = descriptors(report.rules)
        var index: [String: Int] = [:]
        for (k, r) in rules.enumerated() { index[r.id] = k }
        var results: [Result] = []
        var notifications: [Notification] = []
        for file in report.files {
            let fileLoc = Location(physicalLocation: PhysicalLocation(artifactLocation: ArtifactLocation(uri: uri(file.path)), region: nil))
            if let e = file.error {
                let text = BatchPolicy.inputMessage(e)
                results.append(Result(ruleId: inputErrorRuleID, ruleIndex: index[inputErrorRuleID]!, level: "error",
                                      message: Message(text: text), locations: [fileLoc]))
                notifications.append(Notification(level: "error", message: Message(text: "\(file.path): \(text)"), locations: [fileLoc],
                                                  descriptor: DescriptorReference(id: inputErrorRuleID)))
                continue
            }
            for f in file.verdict.failures where f.kind == .score || f.kind == .dimension || f.kind == .requiredRule {
                results.append(Result(ruleId: thresholdRuleID, ruleIndex: index[thresholdRuleID]!, level: "error",
                                      message: Message(text: f.kind == .requiredRule ? f.message : "\(f.message) (threshold)"), locations: [fileLoc]))
            }
            for f in file.analysis?.findings ?? [] {
                var text = f.message
                if let s = f.suggestion { text += " (suggestion: \(s))" }
                let region = Region(startLine: max(1, f.line), startColumn: max(1, f.column),
                                    endLine: max(f.line, f.endLine), endColumn: max(1, f.endColumn))
                results.append(Result(ruleId: f.rule, ruleIndex: index[f.rule] ?? -1, level: level(f.severity), message: Message(text: text),
                                      locations: [Location(physicalLocation: PhysicalLocation(artifactLocation: ArtifactLocation(uri: uri(file.path)), region: region))]))
            }
        }
        let run = Run(
            tool: Tool(driver: ToolComponent(name: "starlint", version: StarlintVersion.current, semanticVersion: StarlintVersion.current,
                                             informationUri: informationURI, rules: rules)),
            invocations: [Invocation(executionSuccessful: true, toolExecutionNotifications: notifications.isEmpty ? nil : notifications)],
            columnKind: "unicodeCodePoints",
            results: results)
        return Log(schema: schemaURI, version: "2.1.0", runs: [run])
    }

    public static func generateReport(_ report: BatchReport) -> String {
        StableJSON.encode(makeLog(report)) + "\n"
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
