// starlint-bench: measures starlint on a deterministic synthetic workload.
//
// The workload recombines paragraphs of the corpus (Corpus/answers/*.md) with a fixed-seed
// SplitMix64, so every run on every machine grades the same bytes (the report prints a
// checksum of them). What is measured:
//
//   analysis   Analyzer.analyze(bytes:path:) in this process, one core: MB/s, answers/s,
//              p50/p99 latency per answer, peak RSS of the loop
//   check      the real `starlint check DIR --format json` (or --check-format) as a subprocess over all files,
//              on all cores: wall time, CPU time, max RSS (wait4), also over a tenth of the
//              files to show how memory grows with the number of files
//   cold start `starlint score FILE --no-save`, median of repeated launches
//   save       AttemptStore.save(_ items:) in this process: every attempt in one batch (one
//              transaction); also the single-attempt save in a loop over the first 1,000
//   history    `starlint history --limit 20 --db DB` and `starlint progress --db DB` on a
//   progress   database of many attempts, built with direct SQL in one transaction
//
// Run a release build: `swift build -c release && .build/release/starlint-bench`.

import Foundation
import StarlintCore
import StarlintStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Options

struct Options {
    var answers = 10_000
    var saveAttempts = 10_000
    var dbAttempts = 100_000
    var coldRuns = 20
    var queryRuns = 10
    var checkRuns = 3
    /// The report format of the check runs.
    var checkFormat = "json"
    var analysisRounds = 3
    var format = "text"
    var starlint: String?
    var corpus: String?
    var workDir: String?
    var keep = false
    var only: Set<String> = []
    var seed: UInt64 = 0x5EED_2024
    var quick = false
    /// Labeller for the analysis section: the trained model (default) or the cue baseline.
    var labeler = "model"

    static let sections = ["analysis", "check", "cold-start", "save", "history", "worst-case"]

    static let usage = """
        usage: starlint-bench [--quick] [--answers N] [--format text|json] [--starlint PATH]
                              [--corpus DIR] [--save-attempts N] [--db-attempts N] [--runs N] [--rounds N]
                              [--only SECTION[,SECTION...]] [--work-dir DIR] [--keep] [--seed N]
                              [--check-format FORMAT] [--labeler model|cues]

          --quick            small sizes for a smoke test: 300 answers, 1,000 attempts, few runs
          --answers N        answers in the workload (default 10,000, about 15 MB)
          --format F         text (a table, default) or json
          --starlint PATH    the starlint binary to run (default: the one beside this binary)
          --corpus DIR       the corpus answers (default: Corpus/answers found from the current
                             folder or this binary's folder upwards)
          --save-attempts N  attempts saved through AttemptStore.save (default 10,000)
          --db-attempts N    attempts in the database for history/progress (default 100,000)
          --runs N           launches for the cold-start median (default 20)
          --rounds N         passes over the workload for the analysis median (default 3)
          --only LIST        run only these sections: \(sections.joined(separator: ", "))
          --work-dir DIR     write the workload and databases here (default: a new temp folder)
          --keep             keep the work folder (it is printed) instead of deleting it
          --seed N           workload seed (default \(0x5EED_2024))
          --check-format F   report format of the check section (default json; text, sarif,
                             junit, github, markdown)
          --labeler L        analysis with the trained model (default) or the cue-phrase
                             baseline (cues), to measure what the model costs
        """

    static func parse(_ args: [String]) throws -> Options {
        var o = Options()
        var i = 0
        func value(_ name: String) throws -> String {
            i += 1
            guard i < args.count else { throw BenchError("\(name) needs a value") }
            return args[i]
        }
        func number(_ name: String) throws -> Int {
            let v = try value(name)
            guard let n = Int(v.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ",", with: "")), n > 0 else {
                throw BenchError("\(name) needs a positive number, not '\(v)'")
            }
            return n
        }
        while i < args.count {
            let a = args[i]
            switch a {
            case "--quick":
                o.quick = true
                o.answers = 300; o.saveAttempts = 1_000; o.dbAttempts = 1_000
                o.coldRuns = 5; o.queryRuns = 3; o.checkRuns = 1; o.analysisRounds = 1
            case "--answers": o.answers = try number(a)
            case "--save-attempts": o.saveAttempts = try number(a)
            case "--db-attempts": o.dbAttempts = try number(a)
            case "--runs": o.coldRuns = try number(a)
            case "--rounds": o.analysisRounds = try number(a)
            case "--format":
                o.format = try value(a)
                guard ["text", "json"].contains(o.format) else { throw BenchError("--format must be text or json") }
            case "--starlint": o.starlint = try value(a)
            case "--check-format":
                o.checkFormat = try value(a)
                guard ["text", "json", "sarif", "junit", "github", "markdown"].contains(o.checkFormat) else {
                    throw BenchError("--check-format must be text, json, sarif, junit, github or markdown")
                }
            case "--corpus": o.corpus = try value(a)
            case "--work-dir": o.workDir = try value(a)
            case "--keep": o.keep = true
            case "--labeler":
                o.labeler = try value(a)
                guard ["model", "cues"].contains(o.labeler) else { throw BenchError("--labeler must be model or cues") }
            case "--seed":
                let v = try value(a)
                guard let s = UInt64(v) else { throw BenchError("--seed needs a number") }
                o.seed = s
            case "--only":
                for s in try value(a).split(separator: ",").map(String.init) {
                    guard sections.contains(s) else { throw BenchError("unknown section '\(s)'; use \(sections.joined(separator: ", "))") }
                    o.only.insert(s)
                }
            case "-h", "--help":
                print(usage)
                exit(0)
            default:
                throw BenchError("unknown argument '\(a)'\n\(usage)")
            }
            i += 1
        }
        return o
    }

    func runs(_ section: String) -> Bool { only.isEmpty || only.contains(section) }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

// MARK: - Clock, memory, machine

enum Clock {
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func seconds(since t0: UInt64) -> Double { Double(now() - t0) / 1e9 }
}

enum Memory {
    /// A field of /proc/self/status in kB ("VmRSS", "VmHWM").
    static func status(_ field: String) -> Int? {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in s.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }

    /// Resets the peak RSS (VmHWM) to the current RSS (Linux: write 5 to clear_refs).
    static func resetPeak() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }

    static func mb(_ kb: Int) -> Double { (Double(kb) / 1024 * 10).rounded() / 10 }
}

struct Machine: Codable {
    var nproc: Int
    var cpu: String
    var kernel: String
    var loadAverageStart: [Double]
    var loadAverageEnd: [Double] = []
    var workFolderFilesystem: String = ""

    static func read() -> Machine {
        var cpu = "unknown"
        if let s = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = s.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            cpu = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var u = utsname()
        uname(&u)
        let release = withUnsafePointer(to: u.release) { $0.withMemoryRebound(to: CChar.self, capacity: 65) { String(cString: $0) } }
        return Machine(nproc: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), cpu: cpu, kernel: release, loadAverageStart: loadAverage())
    }

    static func loadAverage() -> [Double] {
        guard let s = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return [] }
        return s.split(separator: " ").prefix(3).compactMap { Double($0) }
    }

    /// Filesystem type of the folder holding `path` (from /proc/self/mounts, longest prefix).
    static func filesystem(of path: String) -> String {
        guard let s = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return "unknown" }
        var best = ("", "unknown")
        for line in s.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count >= 3 else { continue }
            let mount = String(f[1])
            let under = mount == "/" || path == mount || path.hasPrefix(mount + "/")
            if under, mount.count >= best.0.count { best = (mount, "\(f[2]) (\(f[0]) on \(mount))") }
        }
        return best.1
    }
}

// MARK: - Statistics

enum Stats {
    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func round(_ v: Double, _ digits: Int = 2) -> Double {
        let m = pow(10, Double(digits))
        return (v * m).rounded() / m
    }
}

// MARK: - Deterministic workload

/// The workload's draws, from StarlintCore's SplitMix64: the same stream everywhere.
extension SplitMix64 {
    mutating func chance(_ p: Double) -> Bool { nextDouble() < p }
    mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
}

/// One corpus answer cut into units: paragraphs (separated by blank lines) or, for answers
/// written as one block, lines.
struct CorpusAnswer {
    var frontMatter: String?
    var units: [String]
    var joiner: String
}

/// Units grouped by where they sat in their answer, per joiner style.
struct UnitPools {
    var first: [String] = []
    var middle: [String] = []
    var last: [String] = []
}

struct Workload {
    var names: [String]
    var answers: [[UInt8]]
    var totalBytes: Int
    var checksum: String
    var corpusAnswers: Int

    static func load(corpus dir: String) throws -> [CorpusAnswer] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.filter { $0.hasSuffix(".md") }.sorted() ?? []
        guard !files.isEmpty else { throw BenchError("no corpus answers (*.md) in \(dir); pass --corpus DIR") }
        var out: [CorpusAnswer] = []
        for f in files {
            guard let data = FileManager.default.contents(atPath: dir + "/" + f) else { continue }
            var text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            var fm: String?
            if text.hasPrefix("---\n"), let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex) {
                fm = String(text[text.startIndex..<end.upperBound])
                text = String(text[end.upperBound...])
            }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var paras: [String] = []
            var current: [String] = []
            for l in lines {
                if l.trimmingCharacters(in: .whitespaces).isEmpty {
                    if !current.isEmpty { paras.append(current.joined(separator: "\n")); current = [] }
                } else {
                    current.append(l)
                }
            }
            if !current.isEmpty { paras.append(current.joined(separator: "\n")) }
            if paras.count >= 2 {
                out.append(CorpusAnswer(frontMatter: fm, units: paras, joiner: "\n\n"))
            } else if let only = paras.first {
                out.append(CorpusAnswer(frontMatter: fm, units: only.split(separator: "\n").map(String.init), joiner: "\n"))
            }
        }
        return out
    }

    /// `count` answers: each starts from a random corpus answer, swaps about half of its units
    /// for units from the same position in other answers of the same style, and grows to a
    /// random target of 900 to 2,200 bytes with units from the middle of other answers.
    static func generate(count: Int, corpus: [CorpusAnswer], seed: UInt64) -> Workload {
        var pools: [String: UnitPools] = [:]
        for a in corpus where a.units.count >= 2 {
            var p = pools[a.joiner, default: UnitPools()]
            p.first.append(a.units[0])
            p.last.append(a.units[a.units.count - 1])
            p.middle.append(contentsOf: a.units.dropFirst().dropLast())
            if a.units.count == 2 { p.middle.append(contentsOf: a.units) }
            pools[a.joiner] = p
        }
        var rng = SplitMix64(seed: seed)
        var names: [String] = []
        var answers: [[UInt8]] = []
        names.reserveCapacity(count)
        answers.reserveCapacity(count)
        var total = 0
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<count {
            let base = rng.pick(corpus)
            var units = base.units
            if let p = pools[base.joiner], units.count >= 2 {
                for j in units.indices where rng.chance(0.5) {
                    units[j] = rng.pick(j == 0 ? p.first : j == units.count - 1 ? p.last : p.middle)
                }
                let target = 900 + rng.below(1_300)
                var size = units.reduce(0) { $0 + $1.utf8.count + base.joiner.utf8.count } + (base.frontMatter?.utf8.count ?? 0)
                while size < target, units.count < 30 {
                    let u = rng.pick(p.middle)
                    units.insert(u, at: units.count - 1)
                    size += u.utf8.count + base.joiner.utf8.count
                }
            }
            let text = (base.frontMatter ?? "") + units.joined(separator: base.joiner) + "\n"
            let bytes = Array(text.utf8)
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            total += bytes.count
            answers.append(bytes)
            names.append(String(format: "d%02d/a%05d.md", i / max(1, count / 10) % 100, i))
        }
        return Workload(names: names, answers: answers, totalBytes: total, checksum: String(h, radix: 16), corpusAnswers: corpus.count)
    }

    func write(to dir: String) throws {
        let fm = FileManager.default
        for (name, bytes) in zip(names, answers) {
            let path = dir + "/" + name
            let folder = (path as NSString).deletingLastPathComponent
            if !fm.fileExists(atPath: folder) { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            guard fm.createFile(atPath: path, contents: Data(bytes)) else { throw BenchError("cannot write \(path)") }
        }
    }
}

// MARK: - Subprocesses

struct ProcessResult {
    var status: Int32
    var seconds: Double
    /// `ru_maxrss` from wait4. On Linux a child started by posix_spawn (vfork) inherits the
    /// parent's peak at exec, so this is at least the bench's own RSS: exact only for a child
    /// that grows past it.
    var maxRSSKB: Int
    /// The child's own peak (VmHWM of its address space), sampled every millisecond while it
    /// runs; 0 when not sampled.
    var peakRSSKB: Int
    var cpuSeconds: Double
    var stderr: String
}

/// Samples a process's VmHWM (peak RSS) from /proc until stopped.
final class PeakSampler: @unchecked Sendable {
    private let path: String
    private var peak = 0
    private var running = true
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)

    init(pid: pid_t) {
        path = "/proc/\(pid)/status"
        let thread = Thread { [self] in
            while true {
                lock.lock()
                let go = running
                lock.unlock()
                if !go { break }
                sample()
                usleep(1000)
            }
            done.signal()
        }
        thread.start()
    }

    private func sample() {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 4096)
        let n = read(fd, &buf, buf.count)
        guard n > 0 else { return }
        let text = String(decoding: buf[0..<n], as: UTF8.self)
        guard let r = text.range(of: "VmHWM:") else { return }
        let digits = text[r.upperBound...].drop { $0 == " " || $0 == "\t" }.prefix { $0.isNumber }
        if let kb = Int(digits) {
            lock.lock()
            peak = max(peak, kb)
            lock.unlock()
        }
    }

    /// Stops sampling and returns the highest VmHWM seen (kB).
    func stop() -> Int {
        lock.lock()
        running = false
        lock.unlock()
        done.wait()
        return peak
    }
}

enum Spawn {
    /// Runs `argv` with stdin and stdout on /dev/null and stderr into `errFile`; waits with
    /// wait4 to get the child's own resource usage (max RSS, CPU time).
    static func run(_ argv: [String], errFile: String, samplePeak: Bool = false) throws -> ProcessResult {
        var fa = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fa)
        defer { posix_spawn_file_actions_destroy(&fa) }
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&fa, 2, errFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var pid: pid_t = 0
        let t0 = Clock.now()
        let rc = posix_spawn(&pid, argv[0], &fa, nil, cargs, environ)
        guard rc == 0 else { throw BenchError("cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
        let sampler = samplePeak ? PeakSampler(pid: pid) : nil
        var status: Int32 = 0
        var ru = rusage()
        while wait4(pid, &status, 0, &ru) < 0 {
            if errno != EINTR { throw BenchError("wait4 failed: \(String(cString: strerror(errno)))") }
        }
        let seconds = Clock.seconds(since: t0)
        let peak = sampler?.stop() ?? 0
        let exited = status & 0x7F == 0
        let code: Int32 = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let cpu = Double(ru.ru_utime.tv_sec) + Double(ru.ru_utime.tv_usec) / 1e6 + Double(ru.ru_stime.tv_sec) + Double(ru.ru_stime.tv_usec) / 1e6
        let err = (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? ""
        return ProcessResult(status: code, seconds: seconds, maxRSSKB: Int(ru.ru_maxrss), peakRSSKB: peak, cpuSeconds: cpu, stderr: err)
    }

    /// Runs and insists on one of the `allowed` exit codes.
    static func checked(_ argv: [String], errFile: String, allowed: Set<Int32> = [0], samplePeak: Bool = false) throws -> ProcessResult {
        let r = try run(argv, errFile: errFile, samplePeak: samplePeak)
        guard allowed.contains(r.status) else {
            throw BenchError("\(argv.joined(separator: " ")) exited with \(r.status): \(r.stderr.prefix(2000))")
        }
        return r
    }
}

// MARK: - Raw SQLite (for building a large database quickly)

/// The few sqlite3 C functions needed to bulk-insert rows, looked up at run time in the
/// libsqlite3 that GRDB already links, so the bench needs no extra package dependency.
struct SQLite {
    typealias DB = OpaquePointer
    typealias Stmt = OpaquePointer
    let open: @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<DB?>?) -> Int32
    let close: @convention(c) (DB?) -> Int32
    let exec: @convention(c) (DB?, UnsafePointer<CChar>?, OpaquePointer?, OpaquePointer?, OpaquePointer?) -> Int32
    let prepare: @convention(c) (DB?, UnsafePointer<CChar>?, Int32, UnsafeMutablePointer<Stmt?>?, OpaquePointer?) -> Int32
    let bindInt64: @convention(c) (Stmt?, Int32, Int64) -> Int32
    let bindDouble: @convention(c) (Stmt?, Int32, Double) -> Int32
    let bindText: @convention(c) (Stmt?, Int32, UnsafePointer<CChar>?, Int32, Int) -> Int32
    let bindNull: @convention(c) (Stmt?, Int32) -> Int32
    let step: @convention(c) (Stmt?) -> Int32
    let reset: @convention(c) (Stmt?) -> Int32
    let finalize: @convention(c) (Stmt?) -> Int32
    let errmsg: @convention(c) (DB?) -> UnsafePointer<CChar>?

    static let transient = -1  // SQLITE_TRANSIENT: SQLite copies the text

    static func load() throws -> SQLite {
        var handle = dlopen(nil, RTLD_NOW)
        if dlsym(handle, "sqlite3_open") == nil {
            handle = dlopen("libsqlite3.so.0", RTLD_NOW) ?? dlopen("libsqlite3.so", RTLD_NOW) ?? dlopen("libsqlite3.dylib", RTLD_NOW)
        }
        func sym<T>(_ name: String, _: T.Type) throws -> T {
            guard let p = dlsym(handle, name) else { throw BenchError("cannot find \(name) in libsqlite3") }
            return unsafeBitCast(p, to: T.self)
        }
        return SQLite(
            open: try sym("sqlite3_open", (@convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<DB?>?) -> Int32).self),
            close: try sym("sqlite3_close", (@convention(c) (DB?) -> Int32).self),
            exec: try sym("sqlite3_exec", (@convention(c) (DB?, UnsafePointer<CChar>?, OpaquePointer?, OpaquePointer?, OpaquePointer?) -> Int32).self),
            prepare: try sym("sqlite3_prepare_v2", (@convention(c) (DB?, UnsafePointer<CChar>?, Int32, UnsafeMutablePointer<Stmt?>?, OpaquePointer?) -> Int32).self),
            bindInt64: try sym("sqlite3_bind_int64", (@convention(c) (Stmt?, Int32, Int64) -> Int32).self),
            bindDouble: try sym("sqlite3_bind_double", (@convention(c) (Stmt?, Int32, Double) -> Int32).self),
            bindText: try sym("sqlite3_bind_text", (@convention(c) (Stmt?, Int32, UnsafePointer<CChar>?, Int32, Int) -> Int32).self),
            bindNull: try sym("sqlite3_bind_null", (@convention(c) (Stmt?, Int32) -> Int32).self),
            step: try sym("sqlite3_step", (@convention(c) (Stmt?) -> Int32).self),
            reset: try sym("sqlite3_reset", (@convention(c) (Stmt?) -> Int32).self),
            finalize: try sym("sqlite3_finalize", (@convention(c) (Stmt?) -> Int32).self),
            errmsg: try sym("sqlite3_errmsg", (@convention(c) (DB?) -> UnsafePointer<CChar>?).self))
    }

    func error(_ db: DB?, _ what: String) -> BenchError {
        BenchError("\(what): \(errmsg(db).map { String(cString: $0) } ?? "unknown SQLite error")")
    }

    func run(_ db: DB?, _ sql: String) throws {
        guard exec(db, sql, nil, nil, nil) == 0 else { throw error(db, sql) }
    }

    func statement(_ db: DB?, _ sql: String) throws -> Stmt? {
        var s: Stmt?
        guard prepare(db, sql, -1, &s, nil) == 0 else { throw error(db, sql) }
        return s
    }

    /// Binds values (Int, Int64, Double, Bool, String, nil) to ?1, ?2, ..., steps once, resets.
    func insert(_ db: DB?, _ s: Stmt?, _ values: [Any?]) throws {
        for (k, v) in values.enumerated() {
            let i = Int32(k + 1)
            switch v {
            case let x as Int: _ = bindInt64(s, i, Int64(x))
            case let x as Int64: _ = bindInt64(s, i, x)
            case let x as Bool: _ = bindInt64(s, i, x ? 1 : 0)
            case let x as Double: _ = bindDouble(s, i, x)
            case let x as String: _ = bindText(s, i, x, -1, SQLite.transient)
            default: _ = bindNull(s, i)
            }
        }
        guard step(s) == 101 else { throw error(db, "insert") }  // SQLITE_DONE
        _ = reset(s)
    }
}

// MARK: - Results

struct AnalysisResult: Codable {
    var labeler: String
    var answers: Int
    var rounds: Int
    var megabytes: Double
    var mbPerSecond: Double
    var answersPerSecond: Double
    var roundsMBPerSecond: [Double]
    var p50Microseconds: Double
    var p99Microseconds: Double
    var maxMicroseconds: Double
    var rssBeforeMB: Double
    var peakRSSMB: Double
    var failures: Int
    /// Sum of scores and findings over the workload: changes only when behaviour changes.
    var scoreSum: Int
    var findingCount: Int
}

struct CheckRun: Codable {
    var files: Int
    var wallSeconds: Double
    var cpuSeconds: Double
    /// The child's own peak RSS (VmHWM sampled every ms).
    var maxRSSMB: Double
    /// ru_maxrss from wait4 (floored by the bench's RSS at spawn time; see ProcessResult).
    var wait4MaxRSSMB: Double
    var exitCode: Int32
}

struct CheckResult: Codable {
    var command: String
    var runs: [CheckRun]
    var medianWallSeconds: Double
    var maxRSSMB: Double
    var filesPerSecond: Double
    var tenth: CheckRun?
}

struct LaunchResult: Codable {
    var command: String
    var runs: Int
    var medianMilliseconds: Double
    var minMilliseconds: Double
    var p90Milliseconds: Double
    /// Peak RSS of one more launch, sampled from /proc (not one of the timed runs).
    var maxRSSMB: Double
}

struct SaveResult: Codable {
    var attempts: Int
    var saved: Int
    var duplicates: Int
    var transactions: Int
    /// AttemptStore.save(_ items:), all attempts in one call (one transaction).
    var wallSeconds: Double
    /// User + system CPU time of that call (the wall time also waits for the disk and, on a
    /// busy machine, for a core).
    var cpuSeconds: Double
    var attemptsPerSecond: Double
    var method: String
    var filesystem: String
    /// For comparison: the single-attempt AttemptStore.save in a loop, one IMMEDIATE transaction
    /// per attempt (as `score` saves), over the first `perAttemptAttempts` attempts only.
    var perAttemptAttempts: Int
    var perAttemptSeconds: Double
    var perAttemptPerSecond: Double
    var p50Microseconds: Double
    var p99Microseconds: Double
    /// For comparison: the same attempts (with sentences and findings) inserted by direct SQL
    /// through the C API in one transaction.
    var oneTransactionSeconds: Double
}

struct HistoryResult: Codable {
    var attempts: Int
    var sentences: Int
    var findings: Int
    var databaseMB: Double
    var buildSeconds: Double
    var buildMethod: String
    var history: LaunchResult
    var progress: LaunchResult
    var inProcessHistoryMilliseconds: Double
    var inProcessProgressMilliseconds: Double
}

struct Report: Codable {
    var tool = "starlint-bench"
    var quick: Bool
    var machine: Machine
    var workload: WorkloadInfo
    var analysis: AnalysisResult?
    var check: CheckResult?
    var coldStart: LaunchResult?
    var processLaunchFloor: LaunchResult?
    var save: SaveResult?
    var history: HistoryResult?
    var worstCase: [WorstCaseResult]?
    var totalSeconds: Double = 0
}

/// One pathological shape analysed in process at two sizes: the time should grow with the
/// size, not its square (an outside tester found two that did, at 34 s and about 150 s a MB).
struct WorstCaseResult: Codable {
    var shape: String
    var smallBytes: Int
    var largeBytes: Int
    var smallSeconds: Double
    var largeSeconds: Double
    /// largeSeconds / smallSeconds; the sizes are 4 apart, so about 4 is linear and 16 quadratic.
    var growth: Double
}

struct WorkloadInfo: Codable {
    var answers: Int
    var bytes: Int
    var megabytes: Double
    var meanBytes: Int
    var seed: UInt64
    var checksum: String
    var corpusAnswers: Int
    var generateSeconds: Double
}

// MARK: - Benchmarks

struct Bench {
    let options: Options
    let starlint: String
    let work: String
    let workload: Workload
    let log: (String) -> Void

    var mb: Double { Double(workload.totalBytes) / 1_000_000 }

    func analysis() throws -> AnalysisResult {
        // `--labeler cues` measures the pipeline with the cue-phrase baseline in place of the
        // model, so the cost of the model is the difference between the two runs.
        let analyzer = options.labeler == "cues" ? Analyzer(labeler: CueLabeler(lexicon: .bundled)) : Analyzer()
        let n = workload.answers.count
        // Warm-up: lexicons, model, allocator.
        for i in 0..<min(n, 200) { _ = try? analyzer.analyze(bytes: workload.answers[i], path: workload.names[i]) }
        let rssBefore = Memory.status("VmRSS") ?? 0
        let resetOK = Memory.resetPeak()
        var latencies: [Double] = []
        latencies.reserveCapacity(n * options.analysisRounds)
        var roundRates: [Double] = []
        var failures = 0, scoreSum = 0, findingCount = 0
        for r in 0..<options.analysisRounds {
            let t0 = Clock.now()
            for i in 0..<n {
                let s = Clock.now()
                do {
                    let a = try analyzer.analyze(bytes: workload.answers[i], path: workload.names[i])
                    if r == 0 { scoreSum += a.score; findingCount += a.findings.count }
                } catch {
                    if r == 0 { failures += 1 }
                }
                latencies.append(Double(Clock.now() - s) / 1000)
            }
            let secs = Clock.seconds(since: t0)
            roundRates.append(mb / secs)
            log(String(format: "  analysis round %d: %.2f s, %.1f MB/s", r + 1, secs, mb / secs))
        }
        let peak = resetOK ? (Memory.status("VmHWM") ?? 0) : Int(usage().ru_maxrss)
        latencies.sort()
        let rate = Stats.median(roundRates)
        return AnalysisResult(
            labeler: options.labeler, answers: n, rounds: options.analysisRounds, megabytes: Stats.round(mb, 3), mbPerSecond: Stats.round(rate),
            answersPerSecond: Stats.round(rate / mb * Double(n), 0), roundsMBPerSecond: roundRates.map { Stats.round($0) },
            p50Microseconds: Stats.round(Stats.percentile(latencies, 50), 1), p99Microseconds: Stats.round(Stats.percentile(latencies, 99), 1),
            maxMicroseconds: Stats.round(latencies.last ?? 0, 1), rssBeforeMB: Memory.mb(rssBefore), peakRSSMB: Memory.mb(peak),
            failures: failures, scoreSum: scoreSum, findingCount: findingCount)
    }

    /// Shapes an answer can take when a CV, a chat log or a spreadsheet is pasted in, each
    /// analysed at 256 KB and at 1 MB (the default limit; 64 and 256 KB with `--quick`).
    /// `suffix` follows the repeated part ("" for most): a part label at the very end makes
    /// every list under a labelled line ask whether one comes later.
    static let worstCaseShapes: [(name: String, unit: String, prefix: String, suffix: String)] = [
        ("weak verbs, one clause", "helped with ", "I ", ""),
        ("weak verbs, hard-wrapped CV", "helped with the migration of the old servers to the cloud\n", "I ", ""),
        ("'from 5 to 6' in one sentence", "from 5 to 6 ", "I cut the time ", ""),
        ("'from N to N+1,' list", "from 12 to 13, ", "I cut the time ", ""),
        ("one word, no punctuation", "word ", "", ""),
        ("bullets", "- I did it\n", "", ""),
        ("one sentence repeated", "I rebuilt the rota for the night shift. ", "", ""),
        ("one-line paragraphs", "We fixed it.\n\n", "", ""),
        ("table rows of prose", "| Action | I rang every supplier on the list that morning. |\n", "| Part | What happened |\n|---|---|\n", ""),
        ("shorter fences in an unclosed prose fence", "```\nI rang every supplier on the list that morning and sorted the orders.\n",
         "````\nI rang every supplier on the list that morning and sorted the orders by date.\n", ""),
        ("mail header lines", "From: Sam Lee\nSent: 3 June\nOn 3 June, Sam a écrit :\n", "I fixed it.\n", ""),
        ("pipeless table rows", "Action | I rang every supplier on the list that morning.\n", "Part | What happened\n--- | ---\n", ""),
        ("closing lines", "Hope that helps! Thanks for reading.\n", "I fixed it.\n\n", ""),
        ("lists under a labelled line, a label at the end", "- packed the desks\nThen we moved on.\n", "Situation: we moved.\n", "Result: done.\n"),
    ]

    func worstCase() throws -> [WorstCaseResult] {
        let analyzer = Analyzer()
        let (small, large) = options.quick ? (64_000, 256_000) : (256_000, 1_000_000)
        func text(_ shape: (name: String, unit: String, prefix: String, suffix: String), _ size: Int) -> [UInt8] {
            var out = Array(shape.prefix.utf8)
            let unit = Array(shape.unit.utf8), suffix = Array(shape.suffix.utf8)
            while out.count + unit.count + suffix.count <= size { out += unit }
            return out + suffix
        }
        func time(_ bytes: [UInt8]) -> Double {
            var best = Double.infinity
            for _ in 0..<2 {
                let t0 = Clock.now()
                _ = try? analyzer.analyze(bytes: bytes, path: "worst.md")
                best = min(best, Clock.seconds(since: t0))
            }
            return best
        }
        var results = Self.worstCaseShapes.map { shape in
            let a = text(shape, small), b = text(shape, large)
            let ta = time(a), tb = time(b)
            log(String(format: "  %@: %.3f s at %d bytes, %.3f s at %d", shape.name, ta, a.count, tb, b.count))
            return WorstCaseResult(shape: shape.name, smallBytes: a.count, largeBytes: b.count, smallSeconds: Stats.round(ta, 4),
                                   largeSeconds: Stats.round(tb, 4), growth: Stats.round(tb / max(ta, 1e-6), 1))
        }
        // `diff` of two saved attempts of one sentence repeated, the second's first sentence
        // changed (thousands of equal sentences and "repeats the sentence at line N" findings to pair).
        let repeated = Self.worstCaseShapes.first { $0.name == "one sentence repeated" }!
        func diffTime(_ size: Int) throws -> Double {
            let path = work + "/worst-diff-\(size).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
            let store = try AttemptStore(path: path)
            // The second with its first sentence changed, so every other sentence and its
            // "repeats the sentence at line N" finding has a counterpart to pair with.
            let first = text(repeated, size)
            let second = Array("Today ".utf8) + first
            var ids: [Int64] = []
            for bytes in [first, second] {
                let analysis = try analyzer.analyze(bytes: bytes, path: "worst.md")
                ids.append(try store.save(analysis, text: String(decoding: bytes, as: UTF8.self), questionKey: "q001", questionText: nil).id)
            }
            let a = try store.attempt(id: ids[0]), b = try store.attempt(id: ids[1])
            var best = Double.infinity
            for _ in 0..<2 {
                let t0 = Clock.now()
                _ = AttemptDiff(from: a, to: b)
                best = min(best, Clock.seconds(since: t0))
            }
            return best
        }
        let da = try diffTime(small), db = try diffTime(large)
        log(String(format: "  diff, one sentence repeated: %.3f s at %d bytes, %.3f s at %d", da, small, db, large))
        results.append(WorstCaseResult(shape: "diff of two saved attempts, one sentence repeated", smallBytes: small, largeBytes: large,
                                       smallSeconds: Stats.round(da, 4), largeSeconds: Stats.round(db, 4), growth: Stats.round(db / max(da, 1e-6), 1)))
        return results
    }

    func usage() -> rusage {
        var ru = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &ru)
        return ru
    }

    func check() throws -> CheckResult {
        let dir = work + "/answers"
        let err = work + "/check.stderr"
        // Exit 1 means some file failed its policy: expected on this workload.
        func once(_ path: String, files: Int) throws -> CheckRun {
            let r = try Spawn.checked([starlint, "check", path, "--format", options.checkFormat, "--no-config"], errFile: err, allowed: [0, 1], samplePeak: true)
            return CheckRun(files: files, wallSeconds: Stats.round(r.seconds, 3), cpuSeconds: Stats.round(r.cpuSeconds, 3),
                            maxRSSMB: Memory.mb(r.peakRSSKB > 0 ? r.peakRSSKB : r.maxRSSKB), wait4MaxRSSMB: Memory.mb(r.maxRSSKB), exitCode: r.status)
        }
        _ = try once(dir + "/d00", files: 0)  // warm the page cache and the binary
        var runs: [CheckRun] = []
        for k in 0..<options.checkRuns {
            let r = try once(dir, files: workload.answers.count)
            log(String(format: "  check run %d: %.2f s, max RSS %.1f MB, exit %d", k + 1, r.wallSeconds, r.maxRSSMB, r.exitCode))
            runs.append(r)
        }
        let tenthFiles = workload.names.filter { $0.hasPrefix("d00/") }.count
        var tenth: CheckRun?
        if tenthFiles < workload.answers.count {
            tenth = try once(dir + "/d00", files: tenthFiles)
            log(String(format: "  check over %d files: %.2f s, max RSS %.1f MB", tenthFiles, tenth!.wallSeconds, tenth!.maxRSSMB))
        }
        let wall = Stats.median(runs.map(\.wallSeconds))
        return CheckResult(
            command: "\(starlint) check DIR --format \(options.checkFormat) --no-config > /dev/null",
            runs: runs, medianWallSeconds: Stats.round(wall, 3), maxRSSMB: runs.map(\.maxRSSMB).max() ?? 0,
            filesPerSecond: Stats.round(Double(workload.answers.count) / wall, 0), tenth: tenth)
    }

    func launches(_ argv: [String], runs: Int, display: String) throws -> LaunchResult {
        let err = work + "/launch.stderr"
        for _ in 0..<2 { _ = try Spawn.checked(argv, errFile: err) }  // warm-up
        var times: [Double] = []
        for _ in 0..<runs {
            let r = try Spawn.checked(argv, errFile: err)
            times.append(r.seconds * 1000)
        }
        // A short process may exit before the first sample: 0 then means "not seen".
        let rss = try Spawn.checked(argv, errFile: err, samplePeak: true).peakRSSKB
        times.sort()
        return LaunchResult(command: display, runs: runs, medianMilliseconds: Stats.round(Stats.median(times)),
                            minMilliseconds: Stats.round(times.first ?? 0), p90Milliseconds: Stats.round(Stats.percentile(times, 90)),
                            maxRSSMB: Memory.mb(rss))
    }

    func coldStart() throws -> LaunchResult {
        let file = work + "/answers/" + workload.names[0]
        return try launches([starlint, "score", file, "--no-save"], runs: options.coldRuns, display: "\(starlint) score FILE --no-save > /dev/null")
    }

    func launchFloor() throws -> LaunchResult? {
        guard FileManager.default.isExecutableFile(atPath: "/bin/true") else { return nil }
        return try launches(["/bin/true"], runs: options.coldRuns, display: "/bin/true")
    }

    /// Analyses for the store benchmarks (not timed), cycling through the workload.
    func analyses(_ count: Int) throws -> [(Analysis, String, QuestionIdentity)] {
        let analyzer = Analyzer()
        var out: [(Analysis, String, QuestionIdentity)] = []
        var cache: [String: QuestionIdentity] = [:]
        for i in 0..<count {
            let k = i % workload.answers.count
            let path = "/bench/" + workload.names[k]
            let a = try analyzer.analyze(bytes: workload.answers[k], path: path)
            let key = a.question ?? path
            let id = cache[key] ?? QuestionIdentity.resolve(explicit: nil, frontMatter: a.question, file: path)
            cache[key] = id
            out.append((a, String(decoding: workload.answers[k], as: UTF8.self), id))
        }
        return out
    }

    static let epoch = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01T00:00:00Z

    func save() throws -> SaveResult {
        let n = options.saveAttempts
        let analysed = try analyses(n)
        let items = analysed.enumerated().map { i, x in
            var a = x.0
            // Answers that cycle (n > workload) are new attempts, not duplicates.
            if i >= workload.answers.count { a.contentHash += "-\(i / workload.answers.count)" }
            return AttemptInput(a, text: x.1, questionKey: x.2.key, questionText: x.2.text, date: Self.epoch.addingTimeInterval(Double(i) * 60))
        }
        let path = work + "/save.sqlite"
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        let store = try AttemptStore(path: path)
        let ru0 = usage()
        let t0 = Clock.now()
        let outcomes = try store.save(items)
        let secs = Clock.seconds(since: t0)
        let ru1 = usage()
        func cpu(_ r: rusage) -> Double {
            Double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) + Double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6
        }
        let saved = outcomes.filter { if case .saved = $0 { true } else { false } }.count
        log(String(format: "  saved %d attempts in one batch in %.2f s, CPU %.2f s (%d new)", n, secs, cpu(ru1) - cpu(ru0), saved))

        // The single-attempt save, one transaction each, over a sample (it is slow).
        let m = min(n, 1_000)
        let loopPath = work + "/save-loop.sqlite"
        for suffix in ["", "-wal", "-shm"] { unlink(loopPath + suffix) }
        let loopStore = try AttemptStore(path: loopPath)
        var latencies: [Double] = []
        latencies.reserveCapacity(m)
        let l0 = Clock.now()
        for x in items.prefix(m) {
            let s = Clock.now()
            try loopStore.save(x.analysis, text: x.text, questionKey: x.questionKey, questionText: x.questionText, date: x.date)
            latencies.append(Double(Clock.now() - s) / 1000)
        }
        let loopSecs = Clock.seconds(since: l0)
        latencies.sort()
        log(String(format: "  saved %d attempts one by one in %.2f s", m, loopSecs))
        let batch = try insertAttempts(work + "/save-batch.sqlite", count: n, templates: analysed)
        log(String(format: "  the same attempts by direct SQL in one transaction: %.2f s", batch.seconds))
        return SaveResult(
            attempts: n, saved: saved, duplicates: n - saved, transactions: 1, wallSeconds: Stats.round(secs, 3),
            cpuSeconds: Stats.round(cpu(ru1) - cpu(ru0), 3),
            attemptsPerSecond: Stats.round(Double(n) / secs, 0),
            method: "AttemptStore.save(_ items:): all attempts in one call, one IMMEDIATE transaction, cached prepared statements",
            filesystem: Machine.filesystem(of: work),
            perAttemptAttempts: m, perAttemptSeconds: Stats.round(loopSecs, 3), perAttemptPerSecond: Stats.round(Double(m) / loopSecs, 0),
            p50Microseconds: Stats.round(Stats.percentile(latencies, 50), 1), p99Microseconds: Stats.round(Stats.percentile(latencies, 99), 1),
            oneTransactionSeconds: Stats.round(batch.seconds, 3))
    }

    /// GRDB's text format for dates (UTC).
    static func dbDate(_ d: Date) -> String {
        var t = time_t(d.timeIntervalSince1970.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        let ms = Int((d.timeIntervalSince1970 - Double(t)) * 1000)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d.%03d", Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1, Int(tm.tm_mday),
                      Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec), ms)
    }

    /// Builds a database of `dbAttempts` attempts: the schema from AttemptStore (migrations),
    /// then every row by direct SQL in one transaction. Attempts reuse up to 500 analysed
    /// answers (text, sentences, findings), spread over the bank's questions, 15 minutes apart.
    func buildDatabase(_ path: String) throws -> (seconds: Double, attempts: Int, sentences: Int, findings: Int) {
        let n = options.dbAttempts
        return try insertAttempts(path, count: n, templates: try analyses(min(n, 500, workload.answers.count)))
    }

    /// `count` attempts (cycling through `templates`) with their sentences and findings, by
    /// direct SQL in one transaction, into a new database whose schema AttemptStore creates.
    func insertAttempts(_ path: String, count n: Int, templates: [(Analysis, String, QuestionIdentity)]) throws
        -> (seconds: Double, attempts: Int, sentences: Int, findings: Int) {
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        _ = try AttemptStore(path: path)  // creates the file and runs the migrations
        let t0 = Clock.now()
        let sql = try SQLite.load()
        var db: SQLite.DB?
        guard sql.open(path, &db) == 0 else { throw sql.error(db, "open \(path)") }
        defer { _ = sql.close(db) }
        try sql.run(db, "PRAGMA journal_mode = WAL; BEGIN IMMEDIATE")
        let insAttempt = try sql.statement(db, """
            INSERT INTO attempt (id, createdAt, file, text, contentHash, questionKey, questionText, score, structure, specificity,
                ownership, clarity, concision, sentenceCount, findingCount, rubricVersion, modelVersion, toolVersion, words, source, durationMs)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)
            """)
        let insSentence = try sql.statement(db, """
            INSERT INTO sentence (attemptId, position, textStart, textEnd, text, label, confidence, uncertain, explicitLabel, line, col, words)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
            """)
        let insFinding = try sql.statement(db, """
            INSERT INTO finding (attemptId, position, rule, severity, message, line, col, endLine, endCol, suggestion)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
        defer { for s in [insAttempt, insSentence, insFinding] { _ = sql.finalize(s) } }
        let bank = QuestionBank.bundled.questions
        var rng = SplitMix64(seed: options.seed ^ 0xDB)
        let end = Self.epoch.addingTimeInterval(365 * 86_400)
        var sentences = 0, findings = 0
        // Sentences are stored as spans of the attempt's text (schema v4), found once per template.
        let spans = templates.map { AttemptStore.sentenceSpans($0.0.sentences, in: $0.1) }
        for i in 0..<n {
            let (a, text, _) = templates[i % templates.count]
            let span = spans[i % templates.count]
            let q = bank.isEmpty ? nil : rng.pick(bank)
            let id = Int64(i + 1)
            let date = end.addingTimeInterval(-Double(n - i) * 900)
            let s = a.subscores
            let score = max(0, min(100, a.score + rng.below(11) - 5))
            try sql.insert(db, insAttempt, [
                id, Self.dbDate(date), a.file, text, "\(a.contentHash)-\(i)", q?.id ?? "/bench/\(i % 50).md", q?.text, score,
                s.structure, s.specificity, s.ownership, s.clarity, s.concision, a.sentences.count, a.findings.count,
                a.rubricVersion, a.modelVersion, a.toolVersion, a.stats.words, i % 7 == 0 ? "practice" : "score", i % 7 == 0 ? 240_000 : nil,
            ])
            for (k, x) in a.sentences.enumerated() {
                try sql.insert(db, insSentence, [id, k, span[k]?.lowerBound, span[k]?.upperBound, span[k] == nil ? x.text : nil,
                                                 x.label.rawValue, x.confidence, x.uncertain, x.explicitLabel, x.line, x.column, x.words])
            }
            for (k, f) in a.findings.enumerated() {
                try sql.insert(db, insFinding, [id, k, f.rule, f.severity.rawValue, f.message, f.line, f.column, f.endLine, f.endColumn, f.suggestion])
            }
            sentences += a.sentences.count
            findings += a.findings.count
        }
        try sql.run(db, "COMMIT")
        try sql.run(db, "PRAGMA wal_checkpoint(TRUNCATE)")
        return (Clock.seconds(since: t0), n, sentences, findings)
    }

    func history() throws -> HistoryResult {
        let path = work + "/history.sqlite"
        let built = try buildDatabase(path)
        log(String(format: "  built a database of %d attempts in %.2f s", built.attempts, built.seconds))
        let check = try AttemptStore(path: path, access: .readOnly)
        let count = try check.attemptCount()
        guard count == built.attempts else { throw BenchError("database has \(count) attempts, expected \(built.attempts)") }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        let history = try launches([starlint, "history", "--limit", "20", "--db", path], runs: options.queryRuns,
                                   display: "\(starlint) history --limit 20 --db DB > /dev/null")
        let progress = try launches([starlint, "progress", "--db", path], runs: options.queryRuns,
                                    display: "\(starlint) progress --db DB > /dev/null")
        func inProcess(_ body: () throws -> Void) rethrows -> Double {
            var times: [Double] = []
            for _ in 0..<3 {
                let t0 = Clock.now()
                try body()
                times.append(Clock.seconds(since: t0) * 1000)
            }
            return Stats.round(Stats.median(times), 3)
        }
        let h = try inProcess { _ = try check.history(limit: 20) }
        let p = try inProcess { _ = try check.progress() }
        return HistoryResult(
            attempts: built.attempts, sentences: built.sentences, findings: built.findings, databaseMB: Memory.mb(size / 1024),
            buildSeconds: Stats.round(built.seconds, 2),
            buildMethod: "schema by AttemptStore (migrations), rows by direct SQL inserts in one transaction",
            history: history, progress: progress, inProcessHistoryMilliseconds: h, inProcessProgressMilliseconds: p)
    }
}

// MARK: - Output

enum TextTable {
    static func render(_ r: Report) -> String {
        var rows: [(String, String, String, String)] = []  // measure, value, target, met
        func add(_ name: String, _ value: String, _ target: String = "", _ met: Bool? = nil) {
            rows.append((name, value, target, met.map { $0 ? "yes" : "NO" } ?? ""))
        }
        if let a = r.analysis {
            add("analysis labeller", a.labeler == "cues" ? "cue-phrase baseline" : "trained model")
            add("analysis throughput, 1 core", String(format: "%.1f MB/s", a.mbPerSecond), ">= 25 MB/s", a.mbPerSecond >= 25)
            add("analysis rate, 1 core", String(format: "%.0f answers/s", a.answersPerSecond))
            add("latency per answer p50", String(format: "%.0f µs", a.p50Microseconds))
            add("latency per answer p99", String(format: "%.0f µs", a.p99Microseconds))
            add("analysis loop peak RSS", String(format: "%.1f MB (%.1f MB before)", a.peakRSSMB, a.rssBeforeMB))
        }
        if let c = r.check {
            add("check \(c.runs.first?.files ?? 0) files, all cores", String(format: "%.2f s", c.medianWallSeconds), "< 2 s", c.medianWallSeconds < 2)
            add("check CPU time", String(format: "%.2f s", c.runs.first?.cpuSeconds ?? 0))
            add("check peak memory (max RSS)", String(format: "%.1f MB", c.maxRSSMB), "< 150 MB", c.maxRSSMB < 150)
            add("  wait4 ru_maxrss of the same runs", String(format: "%.1f MB", c.runs.map(\.wait4MaxRSSMB).max() ?? 0))
            if let t = c.tenth {
                add("check \(t.files) files: time, max RSS", String(format: "%.2f s, %.1f MB", t.wallSeconds, t.maxRSSMB), "flat in files")
            }
        }
        if let c = r.coldStart {
            add("score cold start (median of \(c.runs))", String(format: "%.1f ms", c.medianMilliseconds), "< 40 ms", c.medianMilliseconds < 40)
        }
        if let f = r.processLaunchFloor {
            add("process launch floor (/bin/true)", String(format: "%.1f ms", f.medianMilliseconds))
        }
        if let s = r.save {
            add("save \(s.attempts) attempts (batch, 1 tx)", String(format: "%.2f s (CPU %.2f s)", s.wallSeconds, s.cpuSeconds), "< 1 s", s.wallSeconds < 1)
            add("  save one by one (1 tx each), \(s.perAttemptAttempts)", String(format: "%.2f s (%.0f/s)", s.perAttemptSeconds, s.perAttemptPerSecond))
            add("  one-by-one latency p50 / p99", String(format: "%.0f / %.0f µs", s.p50Microseconds, s.p99Microseconds))
            add("  same rows, direct SQL, 1 transaction", String(format: "%.2f s", s.oneTransactionSeconds))
        }
        if let h = r.history {
            add("history --limit 20, \(h.attempts) attempts", String(format: "%.1f ms", h.history.medianMilliseconds))
            add("progress, \(h.attempts) attempts", String(format: "%.1f ms", h.progress.medianMilliseconds), "< 100 ms", h.progress.medianMilliseconds < 100)
            add("  in-process history / progress", String(format: "%.1f / %.1f ms", h.inProcessHistoryMilliseconds, h.inProcessProgressMilliseconds))
            add("  database build (direct SQL)", String(format: "%.1f s, %.0f MB", h.buildSeconds, h.databaseMB))
        }
        for w in r.worstCase ?? [] {
            // Four times the bytes: linear is about 4x; allow 8x for noise and the allocator.
            add("worst case: \(w.shape)", String(format: "%.3f s at %d KB, %.1fx at 4x", w.largeSeconds, w.largeBytes / 1000, w.growth), "< 8x", w.growth < 8)
        }
        let w0 = max(7, rows.map(\.0.count).max() ?? 0), w1 = max(5, rows.map(\.1.count).max() ?? 0), w2 = max(6, rows.map(\.2.count).max() ?? 0)
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        var out = "starlint-bench\(r.quick ? " (quick)" : "")\n"
        out += "machine: \(r.machine.nproc) cores, \(r.machine.cpu), Linux \(r.machine.kernel)\n"
        out += "load average: \(r.machine.loadAverageStart.map { String($0) }.joined(separator: " ")) at start, "
            + "\(r.machine.loadAverageEnd.map { String($0) }.joined(separator: " ")) at end\n"
        out += "work folder: \(r.machine.workFolderFilesystem)\n"
        let w = r.workload
        out += String(format: "workload: %d answers, %.2f MB (mean %d bytes), ", w.answers, w.megabytes, w.meanBytes)
            + "seed \(w.seed), checksum \(w.checksum), from \(w.corpusAnswers) corpus answers\n\n"
        out += pad("measure", w0) + "  " + pad("value", w1) + "  " + pad("target", w2) + "  met\n"
        out += String(repeating: "-", count: w0 + w1 + w2 + 11) + "\n"
        for (a, b, c, d) in rows { out += pad(a, w0) + "  " + pad(b, w1) + "  " + pad(c, w2) + "  " + d + "\n" }
        out += String(format: "\ntotal bench time %.1f s\n", r.totalSeconds)
        return out
    }
}

// MARK: - Main

func findCorpus() -> String? {
    var starts = [FileManager.default.currentDirectoryPath]
    if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        starts.append((exe as NSString).deletingLastPathComponent)
    }
    for start in starts {
        var dir = start
        while true {
            let c = dir + "/Corpus/answers"
            if FileManager.default.fileExists(atPath: c) { return c }
            let up = (dir as NSString).deletingLastPathComponent
            if up == dir || up.isEmpty { break }
            dir = up
        }
    }
    return nil
}

func defaultStarlint() -> String {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return (exe as NSString).deletingLastPathComponent + "/starlint"
}

func main() -> Int32 {
    let started = Clock.now()
    let options: Options
    do {
        options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
    } catch {
        FileHandle.standardError.write(Data("starlint-bench: \(error)\n".utf8))
        return 2
    }
    let log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    var machine = Machine.read()
    let starlint = options.starlint ?? defaultStarlint()
    let needsBinary = options.runs("check") || options.runs("cold-start") || options.runs("history")
    if needsBinary, !FileManager.default.isExecutableFile(atPath: starlint) {
        log("starlint-bench: no starlint binary at \(starlint); build it (swift build -c release) or pass --starlint PATH")
        return 2
    }
    guard let corpus = options.corpus ?? findCorpus() else {
        log("starlint-bench: cannot find Corpus/answers; run from the package folder or pass --corpus DIR")
        return 2
    }
    let work: String
    if let w = options.workDir {
        work = w
    } else {
        var template = Array((NSTemporaryDirectory() + "/starlint-bench-XXXXXX").utf8CString)
        guard let p = mkdtemp(&template) else { log("starlint-bench: cannot create a temp folder"); return 2 }
        work = String(cString: p)
    }
    defer {
        if options.keep || options.workDir != nil { log("work folder kept: \(work)") } else { try? FileManager.default.removeItem(atPath: work) }
    }
    do {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        machine.workFolderFilesystem = Machine.filesystem(of: work)
        log("starlint-bench: generating \(options.answers) answers from \(corpus)")
        let g0 = Clock.now()
        let workload = Workload.generate(count: options.answers, corpus: try Workload.load(corpus: corpus), seed: options.seed)
        try workload.write(to: work + "/answers")
        let info = WorkloadInfo(
            answers: workload.answers.count, bytes: workload.totalBytes, megabytes: Stats.round(Double(workload.totalBytes) / 1_000_000, 3),
            meanBytes: workload.totalBytes / max(1, workload.answers.count), seed: options.seed, checksum: workload.checksum,
            corpusAnswers: workload.corpusAnswers, generateSeconds: Stats.round(Clock.seconds(since: g0), 2))
        var report = Report(quick: options.quick, machine: machine, workload: info)
        let bench = Bench(options: options, starlint: starlint, work: work, workload: workload, log: log)
        if options.runs("analysis") { log("analysis (one core, in process)"); report.analysis = try bench.analysis() }
        if options.runs("check") { log("check (subprocess, all cores)"); report.check = try bench.check() }
        if options.runs("cold-start") {
            log("cold start")
            report.coldStart = try bench.coldStart()
            report.processLaunchFloor = try bench.launchFloor()
        }
        if options.runs("save") { log("save (AttemptStore.save)"); report.save = try bench.save() }
        if options.runs("history") { log("history and progress"); report.history = try bench.history() }
        if options.runs("worst-case") { log("worst-case shapes (one core, in process)"); report.worstCase = try bench.worstCase() }
        report.machine.loadAverageEnd = Machine.loadAverage()
        report.totalSeconds = Stats.round(Clock.seconds(since: started), 1)
        if options.format == "json" {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(report), as: UTF8.self))
        } else {
            print(TextTable.render(report), terminator: "")
        }
        return 0
    } catch {
        log("starlint-bench: \(error)")
        return 1
    }
}

exit(main())
