/// ANSI styling that turns itself off when colour is not wanted.
public struct Style: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// `s` in the colour or weight `code`; nothing to colour stays nothing.
    func wrap(_ s: String, _ code: String) -> String { enabled && !s.isEmpty ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
    public func blue(_ s: String) -> String { wrap(s, "34") }
    public func magenta(_ s: String) -> String { wrap(s, "35") }
    public func cyan(_ s: String) -> String { wrap(s, "36") }

    func label(_ l: StarLabel) -> String {
        let s = String(l.letter)
        switch l {
        case .situation: return blue(s)
        case .task: return magenta(s)
        case .action: return green(s)
        case .result: return yellow(s)
        case .other: return dim(s)
        }
    }

    func severity(_ s: Severity) -> String {
        switch s {
        case .error: red("error")
        case .warning: yellow("warning")
        case .info: cyan("info")
        }
    }

    func score(_ v: Int) -> String {
        v >= 80 ? green(String(v)) : v >= 60 ? yellow(String(v)) : red(String(v))
    }
}

/// The human report of `starlint score`.
public enum TextReport {
    /// One finding as `file:line:column: severity: message [rule]`.
    public static func findingLine(_ f: Finding, file: String, style: Style) -> String {
        "\(file):\(f.line):\(f.column): \(style.severity(f.severity)): \(f.message.escapingControlCharacters) [\(f.rule)]"
    }

    /// Characters of each sentence shown by `render` unless it is given more room.
    public static let defaultSentenceWidth = 90

    /// The note after a sentence read as another part than the label written over it.
    public static func writtenLabelNote(_ written: StarLabel) -> String { "  (under your \(written.rawValue.capitalized) label)" }

    public static func render(_ a: Analysis, style: Style, showSentences: Bool = true, sentenceWidth: Int = defaultSentenceWidth) -> String {
        var out = ""
        out += style.bold(a.file.escapingControlCharacters)
        if let q = a.question {
            // A bank id is shown with its question.
            let text = QuestionBank.bundled.question(id: q).map { "\($0.id) \($0.text)" } ?? q
            out += style.dim("  \(text.escapingControlCharacters)")
        }
        out += "\n"
        if showSentences {
            out += "\n"
            for s in a.sentences {
                let pos = "\(s.line):\(s.column)"
                let mark = s.uncertain ? "?" : " "
                // A note after the sentence: its confidence when uncertain, or, when it is read
                // as another part than the label written over it, that label, so the label
                // shown beside the writer's own heading is not a puzzle. The note's room comes
                // out of the sentence's, so a row fits the width it was given.
                var note = s.uncertain ? uncertainNote(s.label, confidence: s.confidence)
                    : s.writtenLabel.map(writtenLabelNote) ?? ""
                // On a terminal too narrow for the note and 30 characters of the sentence (the
                // least a row gives it), the sentence alone (JSON still has `writtenLabel`, and
                // the confidence).
                if sentenceWidth - note.count < min(30, sentenceWidth) { note = "" }
                let text = truncate(s.text.escapingControlCharacters, sentenceWidth - note.count)
                out += "  \(style.label(s.label))\(mark) \(style.dim(pad(pos, 7))) \(text)\(note.isEmpty ? "" : style.dim(note))\n"
            }
        }
        out += "\n"
        if a.findings.isEmpty { out += style.green("no findings") + "\n" }
        out += findingAndCommentLines(a, file: a.file.escapingControlCharacters, perRule: findingsListedPerRule) {
            findingWithSuggestion($0, file: a.file.escapingControlCharacters, style: style)
        }
        if a.suppressedFindings > 0 { out += style.dim("(\(suppressedCount(a.suppressedFindings)); \(a.suppressedFindings == 1 ? "its" : "their") points still count)") + "\n" }
        out += "\n"
        out += style.bold("score \(style.score(a.score))/100") + style.dim("  (rubric \(a.rubricVersion), \(a.modelVersion))") + "\n"
        if let b = a.band { out += "  " + bandLine(b) + "\n" }
        let dims = Dimension.allCases.map { "\($0.rawValue) \(a.subscores[$0])" }.joined(separator: " · ")
        out += "  " + dims + "\n"
        out += deductionLines(a.deductions, findingRules: a.findings.map(\.rule), score: a.score, style: style)
        let parts = StarLabel.allCases.filter { $0 != .other }.map { l -> String in
            let w = a.stats.wordsByPart[l]
            return "\(l.letter) \(partShare(w, of: a.stats.words))"
        }.joined(separator: " ")
        out += "\n\(a.stats.words) \(a.stats.words == 1 ? "word" : "words"), \(a.stats.sentences) \(a.stats.sentences == 1 ? "sentence" : "sentences"), about \(spokenDuration(a.stats.speakingSeconds)) spoken; \(parts); quantified result: \(quantifiedSummary(a))\n"
        return out
    }

    /// Where the score sits among the corpus's graded answers: "band: fair (81-90, typical of
    /// the corpus's grade-3 answers)".
    public static func bandLine(_ b: ScoreBand) -> String {
        "band: \(b.name) (\(b.from)-\(b.to), typical of the corpus's grade-\(b.grade) answers)"
    }

    /// A part's share of the words as the summary line shows it: a whole percentage, but
    /// with tenths where rounding would carry it onto a multiple of ten (29.5% is not shown as
    /// "30%" beside a balance finding that says the Action is under 30%).
    static func partShare(_ words: Int, of total: Int) -> String {
        guard total > 0 else { return "0%" }
        let x = Double(words) / Double(total) * 100
        let whole = x.rounded()
        let tenths = (x * 10).rounded() / 10
        // 33 of 60 words is 55%, though 33 / 60 * 100 is 55.00000000000001.
        // Only on a multiple of ten, where the balance limits are (30% and 40%): "15.04%" or
        // "54.7%" beside round figures read as noise.
        guard Int(whole) % 10 == 0, (x * 100).rounded() / 100 != whole else { return "\(Int(whole))%" }
        return tenths != whole ? "\(tenths)%" : "\((x * 100).rounded() / 100)%"
    }

    /// "2 findings suppressed by starlint-disable comments (their points still count;
    /// --no-inline-config reports them)", as every report says it.
    public static func suppressedNote(_ n: Int) -> String {
        suppressedCount(n) + " (\(n == 1 ? "its" : "their") points still count; --no-inline-config reports \(n == 1 ? "it" : "them"))"
    }

    /// "2 findings suppressed by starlint-disable comments", as `score`, `show` and `diff` say it.
    public static func suppressedCount(_ n: Int) -> String {
        "\(n) finding\(n == 1 ? "" : "s") suppressed by starlint-disable comments"
    }

    /// " (situation? 64%)": the label the model is unsure of, with its confidence.
    public static func uncertainNote(_ label: StarLabel, confidence: Double) -> String {
        " (\(label.rawValue)? \(Int((confidence * 100).rounded()))%)"
    }

    /// The score block's deduction lines, each "  -13 structure (-4.8 total)  missing-task at
    /// 1:12", then a line per rule whose findings took no more points (`unchargedLines`), as
    /// `score` and `show` print them.
    public static func deductionLines(_ deductions: [Deduction], findingRules: [String], score: Int, style: Style) -> String {
        var out = ""
        let shown = shownTotals(deductions)
        // The last deduction from a sub-score that ends at 0 took what was left of it, which can
        // be less than its rule's points in the rubric: say so, or the same rule seems to cost
        // 32 points in one answer and 44 in the next.
        var lastOf: [Dimension: Int] = [:], taken: [Dimension: Double] = [:]
        for (i, d) in deductions.enumerated() {
            lastOf[d.dimension] = i
            taken[d.dimension, default: 0] += d.points
        }
        for (i, d) in deductions.enumerated() {
            let hidden = d.suppressed == true ? " (suppressed by a comment; still counted)" : ""
            let floor = lastOf[d.dimension] == i && d.points < 100 && abs((taken[d.dimension] ?? 0) - 100) < 0.05
                ? " (all that \(d.dimension.rawValue) had left: a sub-score stops at 0)" : ""
            out += style.dim("  -\(formatPoints(d.points)) \(d.dimension.rawValue) (-\(formatPoints(shown[i])) total)  \(d.rule) at \(d.line):\(d.column)\(hidden)\(floor)") + "\n"
        }
        if let line = totalLine(deductions, score: score) { out += style.dim("  " + line) + "\n" }
        for line in unchargedLines(findingRules: findingRules, deductions: deductions) { out += style.dim("  " + line) + "\n" }
        return out
    }

    /// "-31.3 in total: 68.7, rounded to 69": what the deductions' totals add up to and how the
    /// score follows from them, when there are two or more (one says it already). The sum is
    /// given to a tenth, or to a hundredth where a tenth would seem to round the other way
    /// ("-31.54 in total: 68.46, rounded to 68", not "-31.5", which reads as 68.5). The totals
    /// are each rounded to a hundredth, so their sum can sit on the edge itself ("53.50" when
    /// the unrounded parts take 53.504, and the score is 46): then the line says so.
    ///
    /// Where the lines, with equal effects rounded alike, cannot add up to the sum's tenth
    /// (`shownTotals`), the line ends with what they add up to: "-0.1 in total: 99.9, rounded
    /// to 100; the lines above, each rounded to a tenth, add up to 0".
    static func totalLine(_ deductions: [Deduction], score: Int) -> String? {
        guard deductions.count >= 2 else { return nil }
        var sum = 0.0
        for d in deductions { sum += d.totalEffect }
        let target = sumTenths(deductions)
        let hundredths = (sum * 100).rounded() / 100, tenths = Double(target) / 10
        let linesSum = Int((shownTotals(deductions).reduce(0, +) * 10).rounded())
        let lines = linesSum == target ? "" : "; the lines above, each rounded to a tenth, add up to \(decimal(Double(linesSum) / 10))"
        for shown in [tenths, hundredths] where Int((100 - shown).rounded()) == score {
            let left: Double = ((100 - shown) * 100).rounded() / 100
            return (left == Double(score) ? "-\(decimal(shown)) in total" : "-\(decimal(shown)) in total: \(decimal(left)), rounded to \(score)") + lines
        }
        let more = 100 - hundredths > Double(score)
        return "-\(decimal(hundredths)) in total, a little \(more ? "more" : "less") before its parts were rounded: \(score)" + lines
    }

    /// The deductions' effects on the total as the lines show them, to a tenth, rounded so
    /// that they add up to their sum's tenth, which the total line gives (`sumTenths`): each
    /// is rounded down, and the tenths left over go to the largest remainders (the earlier on
    /// a tie): 11.55, 6.75 and 10.55 (28.85, "-28.9 in total") show as 11.6, 6.8 and 10.5;
    /// each rounded alone, they would add up to 29. Two more rules hold whatever the sum:
    /// equal effects show alike (two hedges of 3.25 show as 3.3 and 3.3 or 3.2 and 3.2, never
    /// 3.3 and 3.2), and a larger effect never shows below a smaller one. So a tenth goes to
    /// every deduction of one effect or to none, and among those with the same whole tenths
    /// to the larger remainders first; of the ways to hand them out, the one that takes
    /// exactly the tenths left over with the largest remainders in all. Where none does, the
    /// one nearest (the larger on a tie: 3.25 and 3.25 show as 3.3 and 3.3), and the total
    /// line then says what the lines add up to (`totalLine`).
    static func shownTotals(_ deductions: [Deduction]) -> [Double] {
        let tenths = deductions.map { ($0.totalEffect * 10 * 1000).rounded() / 1000 }
        var shown = tenths.map { ($0 + 1e-9).rounded(.down) }
        let left = sumTenths(deductions) - Int(shown.reduce(0, +))
        guard left > 0 else { return shown.map { $0 / 10 } }
        // Deductions of one effect, and the groups of them with a remainder by their whole
        // tenths, larger remainders first within each.
        var groups: [[Int]] = []
        var groupOf: [Double: Int] = [:]
        for (i, t) in tenths.enumerated() {
            if let g = groupOf[t] { groups[g].append(i) } else { groupOf[t] = groups.count; groups.append([i]) }
        }
        let rest = { (g: [Int]) in tenths[g[0]] - shown[g[0]] }
        var classes: [[[Int]]] = []
        var classOf: [Double: Int] = [:]
        for g in groups where rest(g) > 1e-9 {
            if let c = classOf[shown[g[0]]] { classes[c].append(g) } else { classOf[shown[g[0]]] = classes.count; classes.append([g]) }
        }
        for c in classes.indices { classes[c].sort { (rest($0), $1[0]) > (rest($1), $0[0]) } }
        // best[n]: how many groups of each class (its largest remainders) take n tenths with the
        // largest remainders in all; the first found wins a tie. Some n from `left` to `left`
        // plus the largest group is always reached, since all of them take at least `left`.
        let cap = left + (groups.map(\.count).max() ?? 0)
        var best: [(value: Double, take: [Int])?] = [(0, [])] + Array(repeating: nil, count: cap)
        for cls in classes {
            var next: [(value: Double, take: [Int])?] = Array(repeating: nil, count: cap + 1)
            var weight = 0, value = 0.0
            for k in 0...cls.count {
                if k > 0 {
                    weight += cls[k - 1].count
                    value += rest(cls[k - 1]) * Double(cls[k - 1].count)
                }
                guard weight <= cap else { break }
                for n in weight...cap {
                    guard let from = best[n - weight] else { continue }
                    if next[n] == nil || from.value + value > next[n]!.value + 1e-9 { next[n] = (from.value + value, from.take + [k]) }
                }
            }
            best = next
        }
        let reached = (0...cap).filter { best[$0] != nil }
        guard let n = reached.min(by: { (abs($0 - left), -$0) < (abs($1 - left), -$1) }), let pick = best[n] else { return shown.map { $0 / 10 } }
        for (c, k) in pick.take.enumerated() {
            for g in classes[c].prefix(k) { for i in g { shown[i] += 1 } }
        }
        return shown.map { $0 / 10 }
    }

    /// The deductions' sum in tenths, rounded as the total line rounds it.
    static func sumTenths(_ deductions: [Deduction]) -> Int {
        var sum = 0.0
        for d in deductions { sum += d.totalEffect }
        return Int((sum * 10).rounded())
    }

    /// A figure of up to two decimals as written: "31", "31.5", "31.54".
    static func decimal(_ v: Double) -> String {
        if v == v.rounded() { return String(Int(v)) }
        let tenths: Double = (v * 10).rounded() / 10
        if tenths == v { return String(tenths) }
        let h = Int((abs(v) * 100).rounded())
        return (v < 0 ? "-" : "") + "\(h / 100)." + (h % 100 < 10 ? "0" : "") + "\(h % 100)"
    }

    /// The findings (each as `finding` writes it) and a `file:line:column: warning: ...` line
    /// for each starlint comment that does nothing, in the order of their places in the file
    /// (a finding first where both start at one place), as a compiler lists its diagnostics.
    ///
    /// With `perRule`, at most that many findings of one rule are listed, and a line at the end
    /// says how many more each rule has (a pasted 1 MB answer said over and over has thousands
    /// of `repeated-sentence` findings, which a person reads no better than twenty).
    static func findingAndCommentLines(_ a: Analysis, file: String, perRule: Int? = nil, finding: (Finding) -> String) -> String {
        let problems = a.directiveProblems ?? []
        var out = ""
        var k = 0
        var listed: [String: Int] = [:]
        var unlisted: [(rule: String, count: Int)] = []
        for f in a.findings {
            while k < problems.count, (problems[k].line, problems[k].column ?? 0) < (f.line, f.column) {
                out += commentLine(problems[k], file: file) + "\n"
                k += 1
            }
            if let perRule {
                let n = listed[f.rule, default: 0]
                listed[f.rule] = n + 1
                if n >= perRule {
                    if let i = unlisted.firstIndex(where: { $0.rule == f.rule }) { unlisted[i].count += 1 } else { unlisted.append((f.rule, 1)) }
                    continue
                }
            }
            out += finding(f)
        }
        for p in problems[k...] { out += commentLine(p, file: file) + "\n" }
        for u in unlisted {
            out += "\(file): \(u.count) more \(u.rule) finding\(u.count == 1 ? "" : "s") not listed (\(perRule ?? 0) shown; the JSON report lists every one)\n"
        }
        return out
    }

    /// The most findings of one rule a text report lists for one answer.
    public static let findingsListedPerRule = 20

    /// `file:line:column: warning: message` for a starlint comment that does nothing.
    static func commentLine(_ p: DirectiveProblem, file: String) -> String {
        "\(file):\(p.place): warning: \(p.message)"
    }

    /// A finding's line and, on an indented line below, its suggestion (each line ending in
    /// a line break), as `score` and JUnit list them.
    static func findingWithSuggestion(_ f: Finding, file: String, style: Style) -> String {
        findingLine(f, file: file, style: style) + "\n"
            + (f.suggestion.map { "    " + style.dim("suggestion: \($0.escapingControlCharacters)") + "\n" } ?? "")
    }

    /// One line per rule whose findings outnumber its deductions: the findings past a rule's
    /// cap (or a sub-score's floor of 0) take no further points, and the report says so
    /// rather than leaving them unexplained.
    /// From the rule ids of the findings, in order, and the deductions.
    static func unchargedLines(findingRules: [String], deductions: [Deduction]) -> [String] {
        var found: [String: Int] = [:], charged: [String: Int] = [:], order: [String] = []
        for rule in findingRules {
            if found[rule] == nil { order.append(rule) }
            found[rule, default: 0] += 1
        }
        // A rule's sub-score, where its deductions all take from one (`repeated-sentence` takes
        // from several: then which of the two it is goes unsaid).
        var dimension: [String: Dimension] = [:], several: Set<String> = [], taken: [Dimension: Double] = [:], ruleTook: [String: Double] = [:]
        for d in deductions {
            taken[d.dimension, default: 0] += d.points
            if let seen = dimension[d.rule], seen != d.dimension { several.insert(d.rule) }
            dimension[d.rule] = d.dimension
            ruleTook[d.rule, default: 0] += d.points
            if d.suppressed != true { charged[d.rule, default: 0] += 1 }
        }
        for rule in several { dimension[rule] = nil }
        // Rules of a sub-score at 0 share one line: removing one of their findings shows in the
        // score only once that sub-score's findings cost under 100. Others say the rule's cap,
        // where the deductions tell (a rule none of whose findings took points does not).
        var out: [(Int, String)] = [], atZero: [Dimension: [(rule: String, extra: Int, more: String)]] = [:], firstAt: [Dimension: Int] = [:]
        for (k, rule) in order.enumerated() {
            let extra = found[rule]! - charged[rule, default: 0]
            guard extra > 0 else { continue }
            // "more" only when some of the rule's findings took points above.
            let more = charged[rule, default: 0] > 0 ? "more " : ""
            let what = extra == 1 ? "1 \(more)\(rule) finding takes" : "\(extra) \(more)\(rule) findings take"
            if charged[rule] == nil, RuleRegistry.rule(id: rule)?.description.scored == false {
                out.append((k, "\(what) no points: the rubric does not score \(rule)"))
            } else if let dim = dimension[rule] {
                if abs((taken[dim] ?? 0) - 100) < 0.05 {
                    if firstAt[dim] == nil { firstAt[dim] = k }
                    atZero[dim, default: []].append((rule, extra, more))
                } else {
                    out.append((k, "\(what) no points: the rubric caps what \(rule) can take, at \(formatPoints(ruleTook[rule] ?? 0)) \(dim.rawValue) points"))
                }
            } else {
                out.append((k, "\(what) no points: a rule's deduction is capped in the rubric, or its sub-score is already at 0"))
            }
        }
        for (dim, rules) in atZero {
            let total = rules.reduce(0) { $0 + $1.extra }
            let names = rules.map { "\($0.extra) \($0.more)\($0.rule)" }.listed("and")
            let verb = total == 1 ? "finding takes" : "findings take"
            out.append((firstAt[dim]!, "\(names) \(verb) no points: \(dim.rawValue) is already at 0, so removing \(total == 1 ? "it" : "some of them") raises the score only once \(dim.rawValue)'s findings cost under 100 points"))
        }
        return out.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// "no", or "yes (line N)" naming where the measured change is stated.
    static func quantifiedSummary(_ a: Analysis) -> String {
        guard a.quantifiedResult else { return "no" }
        guard let k = a.quantifiedResultSentence, a.sentences.indices.contains(k) else { return "yes" }
        return "yes (\(a.sentences[k].line):\(a.sentences[k].column))"
    }

    /// Points to a tenth, whole ones without it: "16", not "16.0" for 15.96.
    static func formatPoints(_ v: Double) -> String {
        let tenths: Double = (v * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

    static func truncate(_ s: String, _ n: Int) -> String {
        s.count <= n ? s : String(s.prefix(n - 1)) + "…"
    }
}

/// A speaking time as people say it: "40 s" under a minute and a half, then minutes to the
/// half minute ("2.5 min", "11 min").
func spokenDuration(_ seconds: Int) -> String {
    // (An answer of a word or two is "about 1 s", not "about 0 s".)
    guard seconds >= 90 else { return "\(max(1, seconds)) s" }
    // Past two hours (a pasted book), whole hours: "about 609 h", not "about 36533.5 min".
    guard seconds < 7200 else { return "\((seconds + 1800) / 3600) h" }
    let halves = (Double(seconds) / 30).rounded()
    return halves.truncatingRemainder(dividingBy: 2) == 0 ? "\(Int(halves / 2)) min" : "\(halves / 2) min"
}

extension TextReport {
    /// What changed between two versions of an answer, as `score --watch` says it: "since the
    /// last version: score 68 → 74 (+6) · specificity 57 → 67 · fixed: vague-result · new:
    /// hedge · fewer: filler 11 → 10". A rule counts as fixed only when none of its findings is
    /// left, hidden by a comment or not.
    public static func changeLine(from a: Analysis, to b: Analysis) -> String {
        var parts = ["score \(a.score) → \(b.score) (\(b.score == a.score ? "±0" : b.score > a.score ? "+\(b.score - a.score)" : "\(b.score - a.score)"))"]
        for d in Dimension.allCases where a.subscores[d] != b.subscores[d] {
            parts.append("\(d.rawValue) \(a.subscores[d]) → \(b.subscores[d])")
        }
        // Hidden findings are still there (and still cost their points): a comment that hides
        // one does not fix it.
        var before: [String: Int] = [:], after: [String: Int] = [:]
        for f in a.findings + (a.suppressed ?? []).map(\.finding) { before[f.rule, default: 0] += 1 }
        for f in b.findings + (b.suppressed ?? []).map(\.finding) { after[f.rule, default: 0] += 1 }
        var fixed: [String] = [], new: [String] = [], fewer: [String] = [], more: [String] = []
        for rule in Set(before.keys).union(after.keys).sorted() {
            let x = before[rule, default: 0], y = after[rule, default: 0]
            if y == 0 { fixed.append(x == 1 ? rule : "\(rule) ×\(x)") }
            else if x == 0 { new.append(y == 1 ? rule : "\(rule) ×\(y)") }
            else if y < x { fewer.append("\(rule) \(x) → \(y)") }
            else if y > x { more.append("\(rule) \(x) → \(y)") }
        }
        for (name, list) in [("fixed", fixed), ("new", new), ("fewer", fewer), ("more", more)] where !list.isEmpty {
            parts.append("\(name): " + list.joined(separator: ", "))
        }
        return "since the last version: " + parts.joined(separator: " · ")
    }
}
