import ArgumentParser
import StarlintCore

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List every rule with its id, severity and description; name one to see its examples.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @Argument(help: "Show this rule in full, with the examples that must and must not trigger it.")
    var rule: String?

    @Option(name: .shortAndLong, help: "Output format: text, json (every field, examples too) or markdown.")
    var format: Format = .text

    func validate() throws {
        if let r = rule, RuleNames.resolve(r) == nil, Self.reportOnly(r) == nil { throw ValidationError(RuleNames.unknown(r)) }
    }

    /// What a report-only id (`threshold`, `input-error`: results in SARIF, JUnit and the
    /// GitHub annotations that no rule finds) stands for, said when `rules` is asked for it.
    static func reportOnly(_ id: String) -> String? {
        let key = id.lowercased()
        guard let d = SARIFReporter.reportOnlyRule(key) else { return nil }
        return "\(key): no rule of the answer's text but a result in check's reports (SARIF, JUnit, GitHub annotations)\n  \(d.description)\n  \(d.help)\n"
    }

    func run() throws {
        if let r = rule, RuleNames.resolve(r) == nil, let text = Self.reportOnly(r) {
            guard format == .text else { throw ValidationError("'\(r.lowercased())' is no rule (it is a result of check reports): it has no JSON or Markdown entry") }
            Terminal.writeOut(text)
            return
        }
        var descriptions = RuleRegistry.all.map(\.description)
        if let r = rule, let id = RuleNames.resolve(r) {
            descriptions = descriptions.filter { $0.id == id }
            if format == .text, let d = descriptions.first {
                Terminal.writeOut(RuleDocs.fullText(d))
                return
            }
        }
        switch format {
        case .json: Terminal.writeOut(JSONOutput.encode(descriptions))
        case .markdown: Terminal.writeOut(RuleDocs.markdownTable(descriptions))
        case .text:
            var out = ""
            for d in descriptions {
                out += "\(d.id) (\(d.severity.rawValue)): \(d.description)\n"
            }
            Terminal.writeOut(out)
        }
    }
}

struct Questions: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "questions", abstract: "List questions from the built-in question bank.")

    @OptionGroup var filter: QuestionFilterOptions

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        try filter.validate()
    }

    func run() throws {
        let qs = QuestionBank.bundled.filter(type: filter.resolvedType, competency: filter.resolvedCompetency)
        switch format {
        case .json: Terminal.writeOut(JSONOutput.encode(qs))
        case .text:
            // Nothing to list is no error (practice, which must pick one, fails instead), but is said.
            guard !qs.isEmpty else {
                Terminal.writeErr("starlint: " + filter.noMatch)
                return
            }
            Terminal.writeOut(qs.map { "\($0.id)  [\($0.type); \($0.competencies.joined(separator: ", "))]  \($0.text)" }.joined(separator: "\n"))
        }
    }
}

/// `--type` and `--competency`, shared by `questions` and `practice`. Names may be written in any
/// case, in American spelling, or shortened to a unique start ("behavioral", "career").
struct QuestionFilterOptions: ParsableArguments {
    @Option(help: "Only questions of this type (\(QuestionBank.types.joined(separator: ", "))).")
    var type: String?

    @Option(help: "Only questions probing this competency (\(QuestionBank.bundled.competencies.joined(separator: ", "))).")
    var competency: String?

    var resolvedType: String? { type.flatMap { QuestionBank.resolve($0, among: QuestionBank.types) } }
    /// What `questions` says, and `practice` fails with, when the filters match no question.
    var noMatch: String { "no question matches --type \(resolvedType ?? "any") and --competency \(resolvedCompetency ?? "any")" }
    var resolvedCompetency: String? { competency.flatMap { QuestionBank.resolve($0, among: QuestionBank.bundled.competencies) } }

    func validate() throws {
        if let t = type, resolvedType == nil {
            let hits = QuestionBank.matches(t, among: QuestionBank.types)
            if hits.count > 1 { throw ValidationError("type '\(t)' could be any of: \(hits.joined(separator: ", ")); write more of it") }
            let hint = Suggest.hint(t, in: QuestionBank.types)
            throw ValidationError("unknown type '\(t)'\(hint); use one of: \(QuestionBank.types.joined(separator: ", "))")
        }
        if let c = competency, resolvedCompetency == nil {
            let hits = QuestionBank.matches(c, among: QuestionBank.bundled.competencies)
            if hits.count > 1 { throw ValidationError("competency '\(c)' could be any of: \(hits.joined(separator: ", ")); write more of it") }
            let hint = Suggest.hint(c, in: QuestionBank.bundled.competencies)
            throw ValidationError("unknown competency '\(c)'\(hint); use one of: \(QuestionBank.bundled.competencies.joined(separator: ", "))")
        }
    }
}
