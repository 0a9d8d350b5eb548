import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome for one file of a batch.
public struct FileReport: Sendable {
    public var path: String
    /// Nil when the file could not be analysed (see `error`).
    public var analysis: Analysis?
    public var error: StarlintError?
    public var verdict: Verdict
    /// The text that was graded, when the runner keeps it (`BatchRunner.keepText`, for
    /// `check --save`): saving it, not the file read again, keeps attempt and grade together
    /// when a file changes during the run.
    public var text: String?

    public init(path: String, analysis: Analysis?, error: StarlintError?, verdict: Verdict, text: String? = nil) {
        self.path = path
        self.analysis = analysis
        self.error = error
        self.verdict = verdict
        self.text = text
    }
}

/// Totals for a batch.
public struct BatchSummary: Sendable, Codable, Equatable {
    public struct ScoredFile: Sendable, Codable, Equatable {
        public var file: String
        public var score: Int
    }

    public struct RuleCount: Sendable, Codable, Equatable {
        public var rule: String
        /// Findings of this rule over all files.
        public var count: Int
        /// Files with at least one.
        public var files: Int
    }

    public var files: Int
    public var analysed: Int
    public var passed: Int
    public var failed: Int
    /// Files that could not be read or are not answers (counted in `failed`).
    public var errors: Int
    /// Mean score of the analysed files, one decimal; nil when none was analysed.
    public var meanScore: Double?
    /// Lowest scores below 100 first (up to 5).
    public var worst: [ScoredFile]
    /// Most frequent findings first (up to 5).
    public var frequentFindings: [RuleCount]
    /// How many analysed files fall in each score band (`ScoreBand`), grade 1 first; nil when
    /// the rubric has no bands or nothing was analysed.
    public var bands: [Int]?

    public static let listLength = 5

    public init(_ files: [FileReport]) {
        var acc = Accumulator()
        for f in files { acc.add(f) }
        self = acc.summary
    }

    init(files: Int, analysed: Int, passed: Int, errors: Int, meanScore: Double?, worst: [ScoredFile], frequentFindings: [RuleCount], bands: [Int]? = nil) {
        self.files = files
        self.analysed = analysed
        self.passed = passed
        self.failed = files - passed
        self.errors = errors
        self.meanScore = meanScore
        self.worst = worst
        self.frequentFindings = frequentFindings
        self.bands = bands
    }

    /// Builds the summary one file at a time, in path order, keeping only counters, the
    /// current worst few and a count per rule: what a streamed batch needs, whatever its size.
    public struct Accumulator: Sendable {
        public private(set) var files = 0
        public private(set) var analysed = 0
        public private(set) var passed = 0
        public private(set) var errors = 0
        private var scoreSum = 0
        /// The lowest scores below 100 so far, lowest first, ties in arrival (path) order.
        private var worst: [ScoredFile] = []
        /// Rule -> (findings, files with at least one).
        private var counts: [String: (count: Int, files: Int)] = [:]
        /// Files per score band, grade 1 first; nil until a file has a band.
        private var bands: [Int]?

        public init() {}

        public var failed: Int { files - passed }

        public mutating func add(_ file: FileReport) {
            files += 1
            if file.verdict.passed { passed += 1 }
            if file.error != nil { errors += 1 }
            guard let a = file.analysis else { return }
            analysed += 1
            scoreSum += a.score
            if let b = a.band, (1...5).contains(b.grade) { bands = bands ?? [0, 0, 0, 0, 0]; bands![b.grade - 1] += 1 }
            if a.score < 100 && (worst.count < BatchSummary.listLength || a.score < worst[worst.count - 1].score) {
                // After every entry with a score <= this one: ties keep path order.
                let at = worst.firstIndex { $0.score > a.score } ?? worst.count
                worst.insert(ScoredFile(file: a.file, score: a.score), at: at)
                if worst.count > BatchSummary.listLength { worst.removeLast() }
            }
            var seen: Set<String> = []
            for f in a.findings {
                let first = seen.insert(f.rule).inserted
                let c = counts[f.rule, default: (0, 0)]
                counts[f.rule] = (c.count + 1, c.files + (first ? 1 : 0))
            }
        }

        public var summary: BatchSummary {
            let mean = analysed == 0 ? nil : (Double(scoreSum) / Double(analysed) * 10).rounded() / 10
            let frequent = counts.map { RuleCount(rule: $0.key, count: $0.value.count, files: $0.value.files) }
                .sorted { ($1.count, $0.rule) < ($0.count, $1.rule) }
                .prefix(BatchSummary.listLength)
                .map { $0 }
            return BatchSummary(files: files, analysed: analysed, passed: passed, errors: errors, meanScore: mean,
                                worst: worst, frequentFindings: frequent, bands: bands)
        }
    }
}

/// Everything the reporters need: per-file results in path order, totals, and the rules
/// as configured for the run.
public struct BatchReport: Sendable {
    public var files: [FileReport]
    public var summary: BatchSummary
    public var policy: BatchPolicy
    public var rules: [RuleInfo]
    /// Files left out of the run (`NotGraded`).
    public var notGraded: [NotGraded]

    public init(files: [FileReport], policy: BatchPolicy, rules: [RuleInfo], notGraded: [NotGraded] = []) {
        self.files = files
        self.summary = BatchSummary(files)
        self.policy = policy
        self.rules = rules
        self.notGraded = notGraded
    }
}

/// Grades many files in parallel and hands the results over in path order as they are
/// ready (`stream`), or all at once (`run`, `report`).
///
/// Each worker reads and analyses its own file; a `ReorderWindow` puts the results back in
/// input order and holds at most `window` of them, so a streamed batch keeps only a few
/// `Analysis` values in memory however many files it has.
public struct BatchRunner: Sendable {
    public var analyzer: Analyzer
    public var policy: BatchPolicy
    public var maxBytes: Int
    /// Worker count; defaults to the number of online cores.
    public var jobs: Int
    /// Most results done but not yet handed over (a worker that gets this far ahead of the
    /// oldest unfinished file waits).
    public var window: Int
    /// Whether each report keeps the text it graded (`FileReport.text`).
    public var keepText = false

    public init(analyzer: Analyzer, policy: BatchPolicy, maxBytes: Int = Analyzer.defaultMaxBytes, jobs: Int? = nil, window: Int? = nil) {
        self.analyzer = analyzer
        self.policy = policy
        self.maxBytes = maxBytes
        self.jobs = max(1, jobs ?? BatchRunner.coreCount)
        self.window = max(1, window ?? max(16, 4 * self.jobs))
    }

    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Grades one input.
    public func grade(_ input: BatchInput) -> FileReport {
        if let problem = input.problem {
            return FileReport(path: input.path, analysis: nil, error: problem, verdict: policy.verdict(for: problem))
        }
        do {
            let bytes = try Analyzer.readInput(input.path, maxBytes: maxBytes)
            let a = try analyzer.analyze(bytes: bytes, path: input.path)
            return FileReport(path: input.path, analysis: a, error: nil, verdict: policy.verdict(for: a),
                              text: keepText ? String(decoding: bytes, as: UTF8.self) : nil)
        } catch {
            // `analyze(file:)` throws only `StarlintError` (typed throws).
            return FileReport(path: input.path, analysis: nil, error: error, verdict: policy.verdict(for: error))
        }
    }

    /// Grades every input and calls `emit(index, report)` once per input, strictly in input
    /// order, as soon as the report and all before it are done. `emit` calls never overlap
    /// but may come from different threads (the worker that completed the run of files);
    /// while one runs, the other workers go on grading. `progress(done, path)` is called
    /// after each file, from the worker that finished it (calls may overlap).
    public func stream(_ inputs: [BatchInput], progress: (@Sendable (Int, String) -> Void)? = nil,
                       emit: (Int, FileReport) -> Void) {
        let n = inputs.count
        guard n > 0 else { return }
        let order = ReorderWindow<FileReport>(count: n, window: window)
        let workers = min(jobs, n)
        // `emit` is only ever called by one thread at a time (ReorderWindow.drain), so it
        // needs no Sendable guarantee of its own.
        withoutActuallyEscaping(emit) { emit in
            let box = UncheckedBox(emit)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let i = order.claim() {
                    let done = order.store(grade(inputs[i]), at: i)
                    progress?(done, inputs[i].path)
                    order.drain(box.value)
                }
            }
        }
    }

    /// Every report, in input order (holds them all: prefer `stream` for large batches).
    public func run(_ inputs: [BatchInput], progress: (@Sendable (Int, String) -> Void)? = nil) -> [FileReport] {
        var out: [FileReport] = []
        out.reserveCapacity(inputs.count)
        stream(inputs, progress: progress) { _, r in out.append(r) }
        return out
    }

    public func report(_ inputs: [BatchInput], rules: [RuleInfo], progress: (@Sendable (Int, String) -> Void)? = nil) -> BatchReport {
        BatchReport(files: run(inputs, progress: progress), policy: policy, rules: rules)
    }
}

/// Carries a non-Sendable value into `concurrentPerform` where the caller guarantees it is
/// used by one thread at a time (or, for a buffer, that each thread writes only its own cells).
public struct UncheckedBox<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}
