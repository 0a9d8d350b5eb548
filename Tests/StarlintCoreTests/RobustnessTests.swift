import Foundation
import Testing
@testable import StarlintCore

/// Answers as people paste them are messier than any written example: fragments of several
/// answers run together, stray Markdown, emoji, invisible characters, CRLF, text cut off
/// mid-word. Thousands of such answers, made from corpus answers by seeded random edits,
/// must each either be refused with a `StarlintError` or analysed into a report whose
/// every line and column points into the text, in order, with scores in range, and the
/// same report every time.
@Suite struct RobustnessTests {
    /// Pieces spliced into the answers.
    static let pieces = [
        "**", "*", "_", "`", "```\n", "# ", "## Task\n", "> ", "- ", "* ", "1. ", "2) ", "a) ", "|", " | --- |\n", "[", "](", ")",
        "<!-- ", " -->", "<!-- starlint-disable filler -->", "<br>", "&mdash;", "&amp;", "\n", "\n\n", "\r\n", "\r", "\t", "  ",
        "Situation:", "Task -", "**Action**", "Result:", "S:", "(R)", "[Task]", "What I did:", "---\n", "question: Why?\n",
        "...", "!!", "?", "。", "！", "e.g.", "Dr.", "U.S.", "3.5", "$1,200", "40%", "from 9 to 2", "doubled", "cut in half",
        "😀", "👍🏽", "e\u{301}", "\u{200B}", "\u{00A0}", "\u{202E}", "\u{FEFF}", "ß", "İ", "日本語", "مرحبا", "\u{2028}", "\u{1B}[31m", "\u{07}", "\u{0B}", "\u{0C}", "\u{85}",
        "I think", "basically", "we", "I", "um,", "kind of", "I would", "—", "–", "'", "\"", "“", "”", "’",
    ]

    /// A corpus answer with `edits` random edits: a piece inserted, a span deleted, a span of
    /// another answer spliced in, or the text cut off.
    static func mutate(_ texts: [[Unicode.Scalar]], _ rng: inout SplitMix64, edits: Int) -> String {
        var s = texts[Int(rng.next() % UInt64(texts.count))]
        for _ in 0..<edits {
            let at = s.isEmpty ? 0 : Int(rng.next() % UInt64(s.count + 1))
            switch rng.next() % 6 {
            case 0, 1, 2:
                s.insert(contentsOf: pieces[Int(rng.next() % UInt64(pieces.count))].unicodeScalars, at: at)
            case 3:
                let n = min(s.count - at, Int(rng.next() % 40))
                s.removeSubrange(at..<(at + n))
            case 4:
                let other = texts[Int(rng.next() % UInt64(texts.count))]
                let from = Int(rng.next() % UInt64(max(1, other.count)))
                let n = min(other.count - from, Int(rng.next() % 300))
                if n > 0 { s.insert(contentsOf: other[from..<(from + n)], at: at) }
            default:
                if rng.next() % 4 == 0 { s.removeSubrange(at...) }
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s)
        return String(out)
    }

    static func corpusTexts() throws -> [[Unicode.Scalar]] {
        let dir = packageRoot + "/Corpus/answers"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".md") }.sorted().prefix(300)
        return try names.map { Array(try String(contentsOfFile: dir + "/" + $0, encoding: .utf8).unicodeScalars) }
    }

    /// The lines as starlint numbers them (LF, CRLF or a lone CR ends a line), each as its
    /// scalars.
    static func lines(_ text: String) -> [[Unicode.Scalar]] {
        var out: [[Unicode.Scalar]] = [[]]
        var afterCR = false
        for u in text.unicodeScalars {
            defer { afterCR = u == "\r" }
            if u == "\n" && afterCR { continue }
            if u == "\n" || u == "\r" { out.append([]) } else { out[out.count - 1].append(u) }
        }
        if out[0].first == "\u{FEFF}" { out[0].removeFirst() }
        return out
    }

    /// Problems with `a`'s spans and figures for `text`; empty when it holds together.
    static func problems(_ a: Analysis, _ text: String) -> [String] {
        let lines = lines(text)
        var out: [String] = []
        func check(_ what: String, _ line: Int, _ col: Int, _ endLine: Int, _ endCol: Int) {
            guard line >= 1, line <= lines.count, endLine >= line, endLine <= lines.count else {
                out.append("\(what): lines \(line)-\(endLine) outside 1-\(lines.count)"); return
            }
            if col < 1 || col > lines[line - 1].count + 1 { out.append("\(what): column \(col) outside line \(line) (\(lines[line - 1].count) characters)") }
            if endCol < 1 || endCol > lines[endLine - 1].count + 1 { out.append("\(what): end column \(endCol) outside line \(endLine) (\(lines[endLine - 1].count) characters)") }
            if endLine == line && endCol < col { out.append("\(what): ends at \(endCol) before it starts at \(col)") }
        }
        var previousEnd = (0, 0)
        for (k, s) in a.sentences.enumerated() {
            check("sentence \(k)", s.line, s.column, s.endLine, s.endColumn)
            if (s.line, s.column) < previousEnd { out.append("sentence \(k) starts at \(s.line):\(s.column), before the one before it ends (\(previousEnd))") }
            previousEnd = (s.endLine, s.endColumn)
            if s.text.isEmpty { out.append("sentence \(k) is empty") }
            if !(0...1).contains(s.confidence) { out.append("sentence \(k): confidence \(s.confidence)") }
        }
        for f in a.findings { check("finding \(f.rule)", f.line, f.column, f.endLine, f.endColumn) }
        for d in a.deductions where d.line < 1 || d.line > lines.count { out.append("deduction \(d.rule): line \(d.line)") }
        if !(0...100).contains(a.score) { out.append("score \(a.score)") }
        for d in Dimension.allCases where !(0...100).contains(a.subscores[d]) { out.append("\(d): \(a.subscores[d])") }
        if a.stats.sentences != a.sentences.count { out.append("stats count \(a.stats.sentences) sentences, the report \(a.sentences.count)") }
        if let q = a.quantifiedResultSentence, !a.sentences.indices.contains(q) { out.append("quantified sentence \(q) of \(a.sentences.count)") }
        if a.quantifiedResult != (a.quantifiedResultSentence != nil) { out.append("quantifiedResult and its sentence disagree") }
        return out
    }

    /// An enable after a disable that names only required rules (reported on its own) has a
    /// disable before it; one with none before it, or after a disable of other rules, has not.
    @Test func anEnableIsMatchedWithTheDisablesBeforeIt() {
        func problems(_ ds: [SuppressionDirective], required: Set<String> = []) -> [String] {
            Analyzer.directiveProblems(ds, used: [], required: required)?.map(\.message) ?? []
        }
        let disable = SuppressionDirective(kind: .disable, rules: ["missing-action"], line: 1)
        let enable = SuppressionDirective(kind: .enable, rules: ["missing-action"], line: 3)
        let stray = "'starlint-enable missing-action' has no starlint-disable before it; it does nothing"
        #expect(!problems([disable, enable], required: ["missing-action"]).contains(stray))
        #expect(problems([enable]) == [stray])
        #expect(problems([SuppressionDirective(kind: .disable, rules: ["filler"], line: 1), enable]).contains(stray))
        #expect(!problems([SuppressionDirective(kind: .disable, rules: [], line: 1), enable]).contains(stray))
    }

    @Test func messyAnswersAreRefusedOrAnalysedWithSpansInsideTheText() throws {
        let texts = try Self.corpusTexts()
        var rng = SplitMix64(seed: 20261201)
        var failures: [String] = []
        var analysed = 0, refused = 0
        for n in 0..<1500 {
            let text = Self.mutate(texts, &rng, edits: 1 + n % 12)
            let bytes = Array(text.utf8)
            do {
                let a = try analyzer.analyze(bytes: bytes, path: "m\(n).md")
                analysed += 1
                let p = Self.problems(a, text)
                if !p.isEmpty { failures.append("case \(n): \(p.prefix(3)) in \(text.debugDescription.prefix(300))") }
                // The same bytes give the same report.
                if n % 10 == 0, try analyzer.analyze(bytes: bytes, path: "m\(n).md") != a { failures.append("case \(n): a second analysis differs") }
            } catch {
                refused += 1
            }
            if failures.count >= 5 { break }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        // Nearly all of them are answers, not refusals.
        #expect(analysed > 1400, "analysed \(analysed), refused \(refused)")
    }
}
