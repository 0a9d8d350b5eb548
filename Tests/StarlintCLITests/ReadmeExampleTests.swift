import Foundation
import Testing

/// The README's example session is what `starlint` prints.
@Suite struct ReadmeExampleTests {
    /// Every line of the README's `$ starlint score ...` block appears in the real output, in
    /// order ("..." stands for lines left out), and its first and last lines are the output's.
    @Test func theScoreExampleIsTheRealOutput() throws {
        let readme = try String(contentsOf: Harness.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("$ starlint score ") })
        let end = try #require(lines[start...].firstIndex { $0 == "```" })
        let command = lines[start].dropFirst("$ starlint ".count).split(separator: " ").map(String.init)
        let shown = lines[(start + 1)..<end].filter { $0 != "..." && $0 != "  ..." }
        // The bundled lexicons and model, as a user runs it (the harness points at test fixtures).
        let r = try Harness.run(command, cwd: Harness.packageRoot, environment: ["STARLINT_LEXICONS": ""])
        let actual = r.stdout.components(separatedBy: "\n")
        var i = 0
        var missing: [String] = []
        for line in shown {
            guard let at = actual[i...].firstIndex(of: line) else { missing.append(line); continue }
            i = at + 1
        }
        #expect(missing.isEmpty, "README lines not in the output (in order): \(missing)")
        #expect(actual.first == shown.first)
        #expect(actual.last(where: { !$0.isEmpty }) == shown.last)
    }
}
