import ArgumentParser
import StarlintCore

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List every rule with its id, severity, description and examples.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @Option(name: .shortAndLong, help: "Output format: text, json or markdown.")
    var format: Format = .text

    func run() throws {
        let descriptions = RuleRegistry.all.map(\.description)
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

    @Option(help: "Only questions of this type (\(QuestionBank.types.joined(separator: ", "))).")
    var type: String?

    @Option(help: "Only questions probing this competency.")
    var competency: String?

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if let t = type, !QuestionBank.types.contains(t) {
            throw ValidationError("unknown type '\(t)'; use one of: \(QuestionBank.types.joined(separator: ", "))")
        }
        if let c = competency, !QuestionBank.bundled.competencies.contains(c) {
            throw ValidationError("unknown competency '\(c)'; use one of: \(QuestionBank.bundled.competencies.joined(separator: ", "))")
        }
    }

    func run() throws {
        let qs = QuestionBank.bundled.filter(type: type, competency: competency)
        switch format {
        case .json: Terminal.writeOut(JSONOutput.encode(qs))
        case .text:
            Terminal.writeOut(qs.map { "\($0.id)  [\($0.type); \($0.competencies.joined(separator: ", "))]  \($0.text)" }.joined(separator: "\n"))
        }
    }
}
