/// Rule documentation generated from the rule descriptions (README's table).
public enum RuleDocs {
    /// One rule in full for `starlint rules ID`: its description, then each example with what
    /// the rule finds in it. Most examples are the same strong answer with a line or two
    /// changed, so that answer is printed once and each example shows only its changed lines
    /// (numbered as in the answer); an example of another shape is printed whole.
    public static func fullText(_ d: RuleDescription, analyzer: Analyzer = Analyzer()) -> String {
        var out = "\(d.id) (\(d.severity.rawValue)): \(d.name)\n  \(d.description)\n"
        let base = Examples.strong.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let all = d.triggeringExamples + d.nonTriggeringExamples
        let variants = all.filter { $0.split(separator: "\n", omittingEmptySubsequences: false).count == base.count }
        if !variants.isEmpty {
            out += "\nMost examples change lines of this answer:\n"
            out += numbered(base, lines: Array(base.indices))
        }
        for (title, examples, triggers) in [("Triggers on", d.triggeringExamples, true), ("Does not trigger on", d.nonTriggeringExamples, false)] where !examples.isEmpty {
            for (k, e) in examples.enumerated() {
                let lines = e.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let hits = ((try? analyzer.analyze(bytes: Array(e.utf8), path: "example.md"))?.findings ?? []).filter { $0.rule == d.id }
                out += "\n\(title) (\(k + 1) of \(examples.count))"
                if lines.count == base.count {
                    let changed = lines.indices.filter { lines[$0] != base[$0] }
                    out += changed.isEmpty ? ": the answer above as it is\n" : ": the answer above with\n" + numbered(lines, lines: changed)
                } else {
                    out += ":\n" + numbered(lines, lines: Array(lines.indices))
                }
                for f in hits { out += "      -> \(f.line):\(f.column) \(f.message)\n" }
                if triggers && hits.isEmpty { out += "      -> (no finding: the rule's test would fail)\n" }
            }
        }
        return out
    }

    /// The given lines of `lines`, each as "    N  text" (line numbers from 1). A line longer
    /// than `maxCharacters` (the `length` rule's example runs to 740 words) shows its start
    /// and how many words it has in all.
    static func numbered(_ lines: [String], lines which: [Int], maxCharacters: Int = 240) -> String {
        let width = String(lines.count).count
        var out = ""
        for i in which {
            let n = String(i + 1)
            var text = lines[i]
            if text.count > maxCharacters {
                let words = text.split(whereSeparator: { $0 == " " }).count
                text = String(text.prefix(maxCharacters)).trimmingTrailingSpaces() + " … (\(words) words on this line)"
            }
            out += "    " + String(repeating: " ", count: width - n.count) + n + "  " + text + "\n"
        }
        return out
    }

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
