import Dispatch
import Foundation
@testable import StarlintCore
import Testing

/// The streamed `check`: results in path order through a bounded window, the summary built
/// file by file, and every format byte for byte what the whole-batch code wrote.
@Suite struct ReorderWindowTests {
    /// Workers finish out of order (uneven work); emits come strictly in order, never two
    /// at once, and no more than `window` results wait (plus the one being emitted).
    @Test(arguments: [(1, 1), (2, 3), (4, 8), (7, 2)])
    func emitsInOrderWithinTheWindow(workers: Int, window: Int) {
        let n = 1_500
        let order = ReorderWindow<Int>(count: n, window: window)
        let log = EmitLog()
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var x: UInt64 = UInt64(w + 1) &* 0x9E37_79B9_7F4A_7C15
            while let i = order.claim() {
                // Uneven work: some items take a hundred times longer than others.
                x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                var spin = (x >> 33) % 7 == 0 ? 20_000 : 200
                while spin > 0 { spin -= 1 }
                order.store(i * 10, at: i)
                order.drain { k, v in log.emit(k, v) }
            }
        }
        let (seen, overlapped) = log.result()
        #expect(seen == (0..<n).map { $0 * 10 })
        #expect(!overlapped, "two emits ran at once")
        // `window` waiting, plus the one being emitted.
        #expect(order.highWater <= window + 1)
        #expect(order.emitted == n)
    }

    /// A worker may not claim an index `window` or more past the oldest unemitted one.
    @Test func claimWaitsForTheOldestResult() {
        let order = ReorderWindow<String>(count: 10, window: 3)
        #expect(order.claim() == 0)
        #expect(order.claim() == 1)
        #expect(order.claim() == 2)
        let claimed = Box<Int?>(nil)
        let started = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            started.signal()
            claimed.set(order.claim())
            finished.signal()
        }
        started.wait()
        usleep(50_000)
        #expect(claimed.get() == nil, "claimed past the window")
        order.store("b", at: 1)
        order.drain { _, _ in Issue.record("emitted out of order") }
        usleep(20_000)
        #expect(claimed.get() == nil, "a later result must not open the window")
        order.store("a", at: 0)
        var got: [String] = []
        order.drain { _, v in got.append(v) }
        #expect(got == ["a", "b"])
        #expect(finished.wait(timeout: .now() + 5) == .success)
        #expect(claimed.get() == 3)
    }
}

final class EmitLog: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int] = []
    private var active = 0
    private var overlapped = false

    func emit(_ k: Int, _ v: Int) {
        lock.lock()
        active += 1
        if active > 1 { overlapped = true }
        lock.unlock()
        usleep(k % 97 == 0 ? 200 : 0)  // a slow write now and then
        lock.lock()
        values.append(v)
        active -= 1
        lock.unlock()
    }

    func result() -> ([Int], Bool) {
        lock.lock()
        defer { lock.unlock() }
        return (values, overlapped)
    }
}

final class Box<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ v: T) { value = v }
    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
}

@Suite struct StreamedSummaryTests {
    /// The summary as it was computed from the whole list of files (before streaming).
    static func reference(_ files: [FileReport]) -> BatchSummary {
        let analyses = files.compactMap(\.analysis)
        let worst = analyses.enumerated()
            .filter { $0.element.score < 100 }
            .sorted { ($0.element.score, $0.offset) < ($1.element.score, $1.offset) }
            .prefix(BatchSummary.listLength)
            .map { BatchSummary.ScoredFile(file: $0.element.file, score: $0.element.score) }
        var counts: [String: (Int, Int)] = [:]
        for a in analyses {
            var seen: Set<String> = []
            for f in a.findings {
                let first = seen.insert(f.rule).inserted
                let c = counts[f.rule, default: (0, 0)]
                counts[f.rule] = (c.0 + 1, c.1 + (first ? 1 : 0))
            }
        }
        let frequent = counts.map { BatchSummary.RuleCount(rule: $0.key, count: $0.value.0, files: $0.value.1) }
            .sorted { ($1.count, $0.rule) < ($0.count, $1.rule) }
            .prefix(BatchSummary.listLength)
            .map { $0 }
        let passed = files.filter(\.verdict.passed).count
        return BatchSummary(
            files: files.count, analysed: analyses.count, passed: passed, errors: files.filter { $0.error != nil }.count,
            meanScore: analyses.isEmpty ? nil : (Double(analyses.reduce(0) { $0 + $1.score }) / Double(analyses.count) * 10).rounded() / 10,
            worst: worst, frequentFindings: frequent)
    }

    @Test func matchesTheWholeBatchSummaryOnRealAnswers() throws {
        let dir = try DeterminismTests.makeBatch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try Harness.report(paths: ["."], cwd: dir, jobs: 3)
        #expect(report.summary == Self.reference(report.files))
        #expect(report.summary.errors > 0 && report.summary.worst.count == 5)
        let none = BatchSummary([])
        #expect(none == Self.reference([]))
        #expect(none.meanScore == nil)
    }

    /// Many ties, scores of 100, errors, and findings spread over many rules.
    @Test func matchesTheWholeBatchSummaryOnSyntheticFiles() throws {
        let template = try Analyzer(lexicon: Harness.lexicon).analyze(bytes: Array(Harness.answer().utf8), path: "t.md")
        var rng = SplitMix64(seed: 7)
        for round in 0..<20 {
            var files: [FileReport] = []
            for k in 0..<(round * 13) {
                if rng.next() % 9 == 0 {
                    let e = StarlintError.empty(path: "f\(k).md")
                    files.append(FileReport(path: "f\(k).md", analysis: nil, error: e, verdict: BatchPolicy().verdict(for: e)))
                    continue
                }
                var a = template
                a.file = "f\(k).md"
                a.score = [100, 100, 99, 40, 40, 41, 70, 12, 12][Int(rng.next() % 9)]
                a.findings = (0..<Int(rng.next() % 5)).map { _ in
                    Finding(rule: "rule-\(rng.next() % 8)", severity: .warning, message: "m", span: SourceSpan(line: 1, column: 1, endLine: 1, endColumn: 2))
                }
                let verdict = rng.next() % 3 == 0 ? Verdict(failures: [FailureReason(kind: .score, message: "low")]) : Verdict(failures: [])
                files.append(FileReport(path: a.file, analysis: a, error: nil, verdict: verdict))
            }
            #expect(BatchSummary(files) == Self.reference(files), "round \(round)")
        }
    }
}

@Suite struct StreamedOutputTests {
    /// The JSON and SARIF documents as JSONEncoder wrote them from the whole batch.
    static func wholeJSON(_ r: BatchReport) -> String { BatchJSONReporter.encodedWhole(r) }
    static func wholeSARIF(_ r: BatchReport) -> String { StableJSON.encode(SARIFReporter.makeLog(r)) + "\n" }

    /// Every corpus answer (in several copies under odd names), plus unreadable files:
    /// the hand-written JSON is JSONEncoder's byte for byte.
    @Test func jsonMatchesJSONEncoderOnTheCorpus() throws {
        let corpus = Harness.packageRoot.appendingPathComponent("Corpus/answers")
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
        #expect(names.count > 100)
        let inputs = names.map { BatchInput(path: corpus.appendingPathComponent($0).path) }
            + [BatchInput(path: "/no/such/file.md", problem: .fileNotFound(path: "/no/such/file.md"))]
        let config = StarlintConfig()
        let runner = BatchRunner(analyzer: Analyzer(lexicon: Harness.lexicon), policy: BatchPolicy(minScore: 70, minimums: [.structure: 60], failOn: .warning, required: ["missing-result"]))
        let report = BatchReport(files: runner.run(inputs), policy: runner.policy, rules: config.ruleInfos)
        #expect(report.summary.analysed == names.count)
        let streamed = BatchFormat.json.render(report)
        let whole = Self.wholeJSON(report)
        #expect(streamed == whole)
        #expect(BatchFormat.sarif.render(report) == Self.wholeSARIF(report))
        if streamed != whole {
            let a = streamed.split(separator: "\n", omittingEmptySubsequences: false), b = whole.split(separator: "\n", omittingEmptySubsequences: false)
            if let k = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("line \(k + 1):\nstreamed: \(a[k])\nencoder:  \(b[k])")
            }
        }
    }

    /// `check --save` stores the text that was graded, kept by the runner, not the file read
    /// again after the report (which may have changed or gone by then).
    @Test func theRunnerKeepsTheTextItGradedWhenAsked() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.md")
        let text = "Situation: our queue was full.\nResult: waits fell from 3 days to 1.\n"
        try Harness.write(text, to: file)
        var runner = BatchRunner(analyzer: Analyzer(lexicon: Harness.lexicon), policy: BatchPolicy())
        #expect(runner.run([BatchInput(path: file.path)]).first?.text == nil)
        runner.keepText = true
        let reports = runner.run([BatchInput(path: file.path), BatchInput(path: dir.path + "/gone.md")])
        try FileManager.default.removeItem(at: file)
        #expect(reports[0].text == text)
        #expect(reports[0].analysis?.contentHash == Analyzer.contentHash(Array(text.utf8)))
        #expect(reports[1].text == nil && reports[1].error == .fileNotFound(path: dir.path + "/gone.md"))
    }

    /// Strings with every ASCII control character, quotes, backslashes, slashes and
    /// non-ASCII text; optional keys present and absent; doubles of every shape.
    @Test func jsonWriterMatchesJSONEncoderOnAwkwardValues() throws {
        var base = try Analyzer(lexicon: Harness.lexicon).analyze(bytes: Array(Harness.answer().utf8), path: "a/b.md")
        var weird = ""
        for u in 0..<0x80 { weird.unicodeScalars.append(Unicode.Scalar(UInt8(u))) }
        weird += "\u{80}\u{A0}\u{2028}\u{2029}\u{FEFF}é😀\u{FFFD} </script> \\/ \"q\""
        let doubles: [Double] = [0, -0.0, 1, 0.1, 0.30000000000000004, 1e-5, 2.5e-7, 1e15, 1e16, 1.2345678901234568e17, 1e21,
                                 Double.leastNonzeroMagnitude, 1.7976931348623157e308, 16.94, 1.0 / 3.0, 100, -3.5]
        var files: [FileReport] = []
        for (k, d) in doubles.enumerated() {
            var a = base
            a.file = k % 2 == 0 ? weird : "plain/\(k).md"
            a.question = k % 3 == 0 ? nil : weird
            a.role = k % 4 == 0 ? "staff / \u{1}" : nil
            a.level = k % 5 == 0 ? "senior" : nil
            a.band = k % 3 == 1 ? nil : ScoreBand(grade: k % 5 + 1, from: k, to: 100 - k)
            a.contentHash = weird
            if !a.sentences.isEmpty {
                a.sentences[0].confidence = d
                a.sentences[0].text = weird
            }
            if !a.deductions.isEmpty { a.deductions[0].points = d; a.deductions[0].totalEffect = -d }
            a.findings.append(Finding(rule: weird, severity: .info, message: weird, span: SourceSpan(line: 1, column: 2, endLine: 3, endColumn: 4),
                                      suggestion: k % 2 == 0 ? weird : nil, weight: k % 3 == 1 ? nil : d, credit: k % 4 == 1 ? d : nil))
            if k % 4 == 3 { a.findings = []; a.deductions = []; a.sentences = [] }
            if k % 3 == 2 { a.directiveProblems = [DirectiveProblem(line: k, message: weird), DirectiveProblem(line: 1, message: "x")] }
            if k % 5 == 1 {
                a.suppressed = [SuppressedFinding(finding: Finding(rule: weird, severity: .warning, message: weird, span: SourceSpan(line: 2, column: 3, endLine: 2, endColumn: 9)),
                                                  commentLine: 1, commentColumn: k, reason: k % 2 == 0 ? weird : nil)]
                a.suppressedFindings = 1
            }
            let v = Verdict(failures: k % 3 == 0 ? [] : [FailureReason(kind: .requiredRule, message: weird, rule: weird, line: 1, column: 2),
                                                         FailureReason(kind: .dimension, message: "x", dimension: weird, actual: k, threshold: 70),
                                                         FailureReason(kind: .score, message: "score", actual: -k, threshold: 0)])
            files.append(FileReport(path: a.file, analysis: a, error: nil, verdict: v))
        }
        base.file = "e"
        let e = StarlintError.invalidUTF8(path: weird, offset: 3)
        files.append(FileReport(path: weird, analysis: nil, error: e, verdict: BatchPolicy().verdict(for: e)))
        for policy in [BatchPolicy(), BatchPolicy(minScore: 50, minimums: [.clarity: 1, .structure: 2], failOn: .never, required: [weird])] {
            let report = BatchReport(files: files, policy: policy, rules: StarlintConfig().ruleInfos)
            #expect(BatchFormat.json.render(report) == Self.wholeJSON(report))
            #expect(BatchFormat.sarif.render(report) == Self.wholeSARIF(report))
            let empty = BatchReport(files: [], policy: policy, rules: [])
            #expect(BatchFormat.json.render(empty) == Self.wholeJSON(empty))
            #expect(BatchFormat.sarif.render(empty) == Self.wholeSARIF(empty))
        }
        // A value JSONEncoder cannot encode turns the whole document into its error object.
        var nan = files[1]
        nan.analysis!.sentences[0].confidence = .nan
        let bad = BatchReport(files: [files[0], nan], policy: BatchPolicy(), rules: [])
        #expect(BatchFormat.json.render(bad) == Self.wholeJSON(bad))
        #expect(BatchFormat.json.render(bad) == "{\"error\": \"encoding failed\"}\n")
    }

    /// A spool that goes to a temporary file gives the same bytes as one kept in memory.
    @Test func spooledToDiskIsTheSame() throws {
        let dir = try DeterminismTests.makeBatch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try Harness.report(paths: ["."], cwd: dir, jobs: 2)
        let context = BatchContext(policy: report.policy, rules: report.rules)
        let spools = [Spool(memoryLimit: 100), Spool(memoryLimit: 100), Spool(memoryLimit: 100)]
        let json = BatchFormat.render(report, with: BatchJSONReporter.Stream(context, spool: spools[0]))
        let sarif = BatchFormat.render(report, with: SARIFReporter.Stream(context, spool: spools[1]))
        let junit = BatchFormat.render(report, with: JUnitReporter.Stream(context, spool: spools[2]))
        #expect(spools.allSatisfy { $0.onDisk })
        #expect(json == Self.wholeJSON(report))
        #expect(json == BatchFormat.json.render(report))
        #expect(sarif == BatchFormat.sarif.render(report))
        #expect(junit == BatchFormat.junit.render(report))
        // Written to a descriptor in small pieces: the same again.
        let path = dir.appendingPathComponent("out.json").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let out = BatchOutput(fd: fd, bufferSize: 64)
        let r = BatchJSONReporter.Stream(context, spool: Spool(memoryLimit: 1000))
        r.begin(into: out)
        for f in report.files { r.file(f, into: out) }
        r.end(report.summary, into: out)
        out.flush()
        close(fd)
        #expect(out.writeError == nil)
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) == json)
    }

    /// Over `MarkdownReporter.maxRows` files and over GitHub's annotation limits, the
    /// bounded streams write what the whole-batch code wrote.
    @Test func markdownAndGitHubLimitsMatchTheWholeBatchCode() throws {
        let strong = try Analyzer(lexicon: Harness.lexicon).analyze(bytes: Array(Harness.answer().utf8), path: "s.md")
        let weak = try Analyzer(lexicon: Harness.lexicon).analyze(bytes: Array(try Harness.fixture("answers/vague.md").utf8), path: "v.md")
        let policy = BatchPolicy(minScore: 80, failOn: .warning)
        for (n, failEvery) in [(0, 1), (1, 1), (12, 2), (500, 3), (501, 3), (1_200, 2), (1_700, 1)] {
            var files: [FileReport] = []
            for k in 0..<n {
                let path = String(format: "dir/%05d.md", k)
                if k % 97 == 5 {
                    let e = StarlintError.binary(path: path)
                    files.append(FileReport(path: path, analysis: nil, error: e, verdict: policy.verdict(for: e)))
                    continue
                }
                var a = k % failEvery == 0 ? weak : strong
                a.file = path
                files.append(FileReport(path: path, analysis: a, error: nil, verdict: policy.verdict(for: a)))
            }
            let report = BatchReport(files: files, policy: policy, rules: StarlintConfig().ruleInfos)
            #expect(BatchFormat.markdown.render(report) == OldReporters.markdown(report), "markdown, \(n) files")
            #expect(BatchFormat.github.render(report) == OldReporters.github(report), "github, \(n) files")
            #expect(BatchFormat.junit.render(report) == OldReporters.junit(report), "junit, \(n) files")
            #expect(BatchFormat.text.render(report) == OldReporters.text(report), "text, \(n) files")
        }
    }

    /// Hundreds of files through the binary: every format the same with 1 and 7 workers and
    /// a window of results far smaller than the batch, and the same written to --output.
    @Test func manyFilesSameOutputWhateverTheJobs() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sources = ["strong.md", "vague.md", "no-result.txt", "suppressed.md", "empty.md", "archive.txt"]
        for k in 0..<420 {
            let src = Harness.fixtures.appendingPathComponent("answers").appendingPathComponent(sources[(k * 7) % sources.count])
            let dst = dir.appendingPathComponent("in/g\(k % 5)/a\(k).\(k % 2 == 0 ? "md" : "txt")")
            try FileManager.default.createDirectory(at: dst.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: src, to: dst)
        }
        let report = try Harness.report(paths: ["in"], cwd: dir, jobs: 2)
        #expect(report.files.count == 420)
        for format in BatchFormat.allCases {
            let serial = try Harness.run(["check", "in", "--no-config", "--format", format.rawValue, "--jobs", "1"], cwd: dir)
            let wide = try Harness.run(["check", "in", "--no-config", "--format", format.rawValue, "--jobs", "7"], cwd: dir)
            let file = dir.appendingPathComponent("report.\(format.rawValue)")
            let toFile = try Harness.run(["check", "in", "--no-config", "--format", format.rawValue, "--output", file.path], cwd: dir)
            #expect(serial.code == 1 && wide.code == 1 && toFile.code == 1)
            #expect(!serial.stdout.isEmpty)
            #expect(serial.stdout == wide.stdout, "\(format): --jobs 1 and --jobs 7 differ")
            #expect(toFile.stdout.isEmpty)
            #expect(String(decoding: try Data(contentsOf: file), as: UTF8.self) == serial.stdout, "\(format): --output differs")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
            #expect(leftovers.isEmpty)
        }
        // In-process (no binary), against the whole-batch encoders.
        #expect(BatchFormat.json.render(report) == Self.wholeJSON(report))
        #expect(BatchFormat.sarif.render(report) == Self.wholeSARIF(report))
    }
}

extension StreamedOutputTests {
    /// `--save` gets every graded file of a streamed batch (through SaveFeed), and the
    /// report is the same as without it.
    @Test func saveGetsEveryFileOfAStreamedBatch() throws {
        let dir = try DeterminismTests.makeBatch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("progress.sqlite").path
        let plain = try Harness.run(["check", ".", "--no-config", "--format", "json"], cwd: dir)
        let saved = try Harness.run(["check", ".", "--no-config", "--format", "json", "--save", "--db", db, "--jobs", "3"], cwd: dir)
        #expect(saved.code == plain.code)
        #expect(saved.stdout == plain.stdout)
        // (After a note that files answering one question share its history.)
        let lines = saved.stderr.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("starlint: note: ") && lines[1].hasPrefix("saved "), "\(saved.stderr)")
        // Saved + unchanged = the files that were analysed.
        let analysed = try Harness.report(paths: ["."], cwd: dir).summary.analysed
        func number(before marker: String, after start: String) -> Int {
            guard let m = saved.stderr.range(of: marker) else { return 0 }
            let head = saved.stderr[..<m.lowerBound]
            guard let s = head.range(of: start, options: .backwards) else { return 0 }
            return Int(head[s.upperBound...]) ?? -1
        }
        let new = number(before: " attempt", after: "saved "), unchanged = number(before: " unchanged", after: "; ")
        #expect(new > 0)
        #expect(new + unchanged == analysed, "\(saved.stderr)")
    }
}

/// The whole-batch reporters as they were before streaming (markdown, github, junit, text),
/// kept to check the bounded streaming versions against.
enum OldReporters {
    static func markdown(_ report: BatchReport) -> String {
        typealias M = MarkdownReporter
        let s = report.summary
        var out = "## starlint: \(s.passed) of \(s.files) answer\(s.files == 1 ? "" : "s") passed\n\n"
        var rows = report.files
        var note = ""
        if rows.count > M.maxRows {
            rows = rows.filter { !$0.verdict.passed }
            note = rows.isEmpty ? "Every one of the \(s.files) files passed; over \(M.maxRows) files only failing ones are listed"
                : "Only failing files are listed (\(s.files) files in total)"
            if rows.count > M.maxRows {
                note += "; the first \(M.maxRows) of \(rows.count) failing files are shown"
                rows = Array(rows.prefix(M.maxRows))
            }
            note += ".\n\n"
        }
        if !report.files.isEmpty, rows.isEmpty {
            out += note
        } else if !report.files.isEmpty {
            out += "| file | score | result | top findings |\n|---|---:|---|---|\n"
            for f in rows {
                let score = f.analysis.map { String($0.score) } ?? "–"
                let result = f.verdict.passed ? "✅ pass" : "❌ fail: " + M.cell(f.verdict.shortReasons)
                out += "| \(M.code(f.path)) | \(score) | \(result) | \(M.cell(M.top(f))) |\n"
            }
            out += "\n" + note
        }
        var totals = "**Totals:** \(s.files) file\(s.files == 1 ? "" : "s") · \(s.passed) passed · \(s.failed) failed"
        if s.errors > 0 { totals += " (\(s.errors) could not be graded)" }
        if let m = s.meanScore { totals += " · mean score \(BatchTextReporter.format(m))" }
        out += totals + "\n"
        out += "\n" + M.gradedUnder(report.policy)
        if !s.worst.isEmpty {
            out += "\n**Lowest scores:** " + s.worst.map { "\(M.code($0.file)) \($0.score)" }.joined(separator: ", ") + "\n"
        }
        if !s.frequentFindings.isEmpty {
            out += "\n**Most frequent findings:**\n\n"
            for r in s.frequentFindings {
                out += "- `\(r.rule)`: \(r.count) in \(r.files) file\(r.files == 1 ? "" : "s")\n"
            }
        }
        return out
    }

    static func github(_ report: BatchReport) -> String {
        typealias G = GitHubReporter
        var fileLevel: [G.Annotation] = []
        var findings: [G.Annotation] = []
        for file in report.files {
            let a = G.annotations(file)
            fileLevel += a.fileLevel
            findings += a.findings
        }
        let all = fileLevel + findings
        var counts: [G.Kind: Int] = [:]
        for a in all { counts[a.kind, default: 0] += 1 }
        let dropsSomething = G.Kind.allCases.contains { counts[$0, default: 0] > G.limitPerKind }
        var shown: [G.Kind: Int] = [:]
        var out = ""
        for a in all {
            let limit = a.kind == .notice && dropsSomething ? G.limitPerKind - 1 : G.limitPerKind
            guard shown[a.kind, default: 0] < limit else { continue }
            shown[a.kind, default: 0] += 1
            out += a.line + "\n"
        }
        if dropsSomething {
            let hidden = G.Kind.allCases.compactMap { k -> String? in
                let n = counts[k, default: 0] - shown[k, default: 0]
                return n > 0 ? "\(n) \(k.rawValue)\(n == 1 ? "" : "s")" : nil
            }
            out += "::notice title=starlint::\(G.escapeData("\(hidden.joined(separator: ", ")) not shown as annotations (GitHub shows \(G.limitPerKind) of each kind per step); see the full report with --format text, sarif or markdown"))\n"
        }
        let s = report.summary
        var line = "starlint: \(s.files) file\(s.files == 1 ? "" : "s"), \(s.passed) passed, \(s.failed) failed"
        if let m = s.meanScore { line += ", mean score \(BatchTextReporter.format(m))" }
        out += line + "\n"
        for a in fileLevel.dropFirst(G.limitPerKind) {
            let path = a.properties.first { $0.0 == "file" }?.1 ?? ""
            out += "starlint: not annotated: \(path.escapingControlCharacters): \(a.message.escapingControlCharacters)\n"
        }
        return out
    }

    static func junit(_ report: BatchReport) -> String {
        let s = report.summary
        let errors = s.errors
        let failures = s.failed - errors
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"starlint\" tests=\"\(s.files)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        out += "  <testsuite name=\"starlint\" tests=\"\(s.files)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\">\n"
        for file in report.files { out += JUnitReporter.testcase(file) }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    static func text(_ report: BatchReport) -> String {
        let style = Style(enabled: false)
        var out = ""
        for file in report.files {
            let score = file.analysis.map { String($0.score) } ?? "-"
            let padded = String(repeating: " ", count: max(0, 3 - score.count)) + score
            if file.verdict.passed {
                out += "PASS \(padded)  \(file.path)\n"
            } else {
                out += "FAIL \(padded)  \(file.path)  (\(file.verdict.shortReasons))\n"
            }
            if let a = file.analysis {
                for f in a.findings { out += TextReport.findingLine(f, file: file.path, style: style) + "\n" }
            }
        }
        if !report.files.isEmpty { out += "\n" }
        out += BatchTextReporter.summary(report.summary, style: style)
        out += "graded under: " + report.policy.thresholdsInWords().joined(separator: " · ") + "\n"
        return out
    }
}

/// `check --output FILE` interrupted mid-report leaves neither FILE nor FILE.tmp-PID.
@Suite struct InterruptedOutputTests {
    /// Starts `starlint args` with default signal handling and no blocked signals (a test
    /// runner's threads may block them, and a child inherits that), output discarded. Paths
    /// are absolute: changing this process's folder would disturb tests running beside it.
    func spawn(_ args: [String]) throws -> pid_t {
        let binary = Harness.binary!.path
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([binary] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, binary, &actions, &attr, argv, environ)
        try #require(rc == 0, "posix_spawn failed: \(rc)")
        return pid
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func interruptedCheckRemovesItsTemporaryFile(signal sig: Int32) throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = Harness.answer()
        for k in 0..<4000 { try Harness.write(text, to: dir.appendingPathComponent("answers/\(k).md")) }
        let report = dir.appendingPathComponent("report.json").path
        let pid = try spawn(["check", dir.appendingPathComponent("answers").path, "--no-config", "--jobs", "1", "--format", "json", "--output", report])
        let tmp = report + ".tmp-\(pid)"
        // Wait until the report is being written, then interrupt it.
        var seen = false
        for _ in 0..<4000 {
            if FileManager.default.fileExists(atPath: tmp) { seen = true; break }
            usleep(2000)
        }
        #expect(seen, "no temporary report appeared")
        kill(pid, sig)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(status & 0x7F == sig, "ended by the signal, not by finishing (status \(status))")
        #expect(!FileManager.default.fileExists(atPath: tmp))
        #expect(!FileManager.default.fileExists(atPath: report))
    }
}
