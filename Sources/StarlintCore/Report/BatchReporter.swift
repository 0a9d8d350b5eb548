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

/// The formats of `starlint check --format`.
public enum BatchFormat: String, Sendable, CaseIterable {
    case text, json, sarif, junit, github, markdown

    /// Renders `report`; `style` only colours the text format.
    public func render(_ report: BatchReport, style: Style = Style(enabled: false)) -> String {
        switch self {
        case .text: BatchTextReporter.generateReport(report, style: style)
        case .json: BatchJSONReporter.generateReport(report)
        case .sarif: SARIFReporter.generateReport(report)
        case .junit: JUnitReporter.generateReport(report)
        case .github: GitHubReporter.generateReport(report)
        case .markdown: MarkdownReporter.generateReport(report)
        }
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
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try enc.encode(value), as: UTF8.self)
        } catch {
            return "{\"error\": \"encoding failed\"}"
        }
    }
}
