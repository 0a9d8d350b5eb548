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

    public init(path: String, analysis: Analysis?, error: StarlintError?, verdict: Verdict) {
        self.path = path
        self.analysis = analysis
        self.error = error
        self.verdict = verdict
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

    public static let listLength = 5

    public init(_ files: [FileReport]) {
        self.files = files.count
        let analyses = files.compactMap(\.analysis)
        analysed = analyses.count
        passed = files.filter(\.verdict.passed).count
        failed = files.count - passed
        errors = files.filter { $0.error != nil }.count
        meanScore = analyses.isEmpty ? nil : (Double(analyses.reduce(0) { $0 + $1.score }) / Double(analyses.count) * 10).rounded() / 10
        // Files are already in path order, and the sort is stable, so ties stay in path order.
        worst = analyses.enumerated()
            .filter { $0.element.score < 100 }
            .sorted { ($0.element.score, $0.offset) < ($1.element.score, $1.offset) }
            .prefix(Self.listLength)
            .map { ScoredFile(file: $0.element.file, score: $0.element.score) }
        var counts: [String: (Int, Int)] = [:]
        for a in analyses {
            var seen: Set<String> = []
            for f in a.findings {
                let first = seen.insert(f.rule).inserted
                let c = counts[f.rule, default: (0, 0)]
                counts[f.rule] = (c.0 + 1, c.1 + (first ? 1 : 0))
            }
        }
        frequentFindings = counts.map { RuleCount(rule: $0.key, count: $0.value.0, files: $0.value.1) }
            .sorted { ($1.count, $0.rule) < ($0.count, $1.rule) }
            .prefix(Self.listLength)
            .map { $0 }
    }
}

/// Everything the reporters need: per-file results in path order, totals, and the rules
/// as configured for the run.
public struct BatchReport: Sendable {
    public var files: [FileReport]
    public var summary: BatchSummary
    public var policy: BatchPolicy
    public var rules: [RuleInfo]

    public init(files: [FileReport], policy: BatchPolicy, rules: [RuleInfo]) {
        self.files = files
        self.summary = BatchSummary(files)
        self.policy = policy
        self.rules = rules
    }
}

/// Grades many files in parallel. Each worker reads its own file, so only one answer per
/// core is in memory as text at a time; results (the `Analysis` values) are collected by
/// index, so the output order is the input order whatever the scheduling.
public struct BatchRunner: Sendable {
    public var analyzer: Analyzer
    public var policy: BatchPolicy
    public var maxBytes: Int
    /// Worker count; defaults to the number of online cores.
    public var jobs: Int

    public init(analyzer: Analyzer, policy: BatchPolicy, maxBytes: Int = Analyzer.defaultMaxBytes, jobs: Int? = nil) {
        self.analyzer = analyzer
        self.policy = policy
        self.maxBytes = maxBytes
        self.jobs = max(1, jobs ?? BatchRunner.coreCount)
    }

    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Analyses every input. `progress(done, path)` is called after each file, from the
    /// worker that finished it (calls may come from several threads at once).
    public func run(_ inputs: [BatchInput], progress: (@Sendable (Int, String) -> Void)? = nil) -> [FileReport] {
        let n = inputs.count
        guard n > 0 else { return [] }
        let slots = ResultSlots(count: n)
        let workers = min(jobs, n)
        let analyzer = self.analyzer, policy = self.policy, maxBytes = self.maxBytes
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = slots.claim() {
                let input = inputs[i]
                let report: FileReport
                if let problem = input.problem {
                    report = FileReport(path: input.path, analysis: nil, error: problem, verdict: policy.verdict(for: problem))
                } else {
                    do {
                        let a = try analyzer.analyze(file: input.path, displayName: input.path, maxBytes: maxBytes)
                        report = FileReport(path: input.path, analysis: a, error: nil, verdict: policy.verdict(for: a))
                    } catch {
                        let e = (error as? StarlintError) ?? .readFailed(path: input.path, code: 0)
                        report = FileReport(path: input.path, analysis: nil, error: e, verdict: policy.verdict(for: e))
                    }
                }
                let done = slots.store(report, at: i)
                progress?(done, input.path)
            }
        }
        return slots.results()
    }

    public func report(_ inputs: [BatchInput], rules: [RuleInfo], progress: (@Sendable (Int, String) -> Void)? = nil) -> BatchReport {
        BatchReport(files: run(inputs, progress: progress), policy: policy, rules: rules)
    }
}

/// A fixed array of result slots shared by the workers: `claim` hands out the next index,
/// `store` fills a slot. One mutex guards both (the work per file dwarfs the locking).
final class ResultSlots: @unchecked Sendable {
    private var slots: [FileReport?]
    private var next = 0
    private var done = 0
    /// Heap-allocated so its address never moves.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func claim() -> Int? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ r: FileReport, at i: Int) -> Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        slots[i] = r
        done += 1
        return done
    }

    func results() -> [FileReport] {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return slots.map { $0! }
    }
}
