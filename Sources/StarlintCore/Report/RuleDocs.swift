/// Rule documentation generated from the rule descriptions (README's table).
public enum RuleDocs {
    public static func markdownTable(_ descriptions: [RuleDescription]) -> String {
        var out = "| rule | severity | what it checks |\n|---|---|---|\n"
        for d in descriptions {
            out += "| `\(d.id)` | \(d.severity.rawValue) | \(d.description.replacingOccurrencesOfPipe()) |\n"
        }
        return out
    }
}

extension String {
    func replacingOccurrencesOfPipe() -> String {
        var s = ""
        for c in self { s += c == "|" ? "\\|" : String(c) }
        return s
    }
}
