import Foundation
import Testing

/// Runs `starlint-bench --quick --format json` as a smoke test: it must finish and report
/// every section with positive numbers. No timing is asserted (CI machines vary).
@Suite struct BenchSmokeTests {
    /// `starlint-bench` beside the `starlint` binary the other CLI tests run; nil when not built.
    static let bench: URL? = {
        guard let starlint = Harness.binary else { return nil }
        let c = starlint.deletingLastPathComponent().appendingPathComponent("starlint-bench")
        return FileManager.default.isExecutableFile(atPath: c.path) ? c : nil
    }()

    static func number(_ object: [String: Any], _ path: String) -> Double? {
        var current: Any? = object
        for key in path.split(separator: ".") { current = (current as? [String: Any])?[String(key)] }
        return (current as? NSNumber)?.doubleValue
    }

    /// Runs the bench with `arguments` (plus --starlint and --corpus); returns the exit
    /// status, standard output and standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, out: Data, err: String) {
        let bench = try #require(Self.bench)
        let starlint = try #require(Harness.binary)
        let p = Process()
        p.executableURL = bench
        p.arguments = arguments + ["--starlint", starlint.path,
                                   "--corpus", Harness.packageRoot.appendingPathComponent("Corpus/answers").path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Read stdout before waiting so a large report cannot fill the pipe and block.
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, data, errText)
    }

    @Test(.enabled(if: BenchSmokeTests.bench != nil, "starlint-bench is not built beside starlint"))
    func cueBaselineAnalysisForTheModelsCost() throws {
        let (status, data, errText) = try Self.run(["--quick", "--only", "analysis", "--labeler", "cues", "--format", "json"])
        #expect(status == 0, "starlint-bench failed: \(errText)")
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let analysis = try #require(json["analysis"] as? [String: Any])
        #expect(analysis["labeler"] as? String == "cues")
        #expect((Self.number(json, "analysis.mbPerSecond") ?? 0) > 0)
        #expect(json["check"] == nil)
        let bad = try Self.run(["--quick", "--labeler", "perceptron"])
        #expect(bad.status == 2)
        #expect(bad.err.contains("--labeler must be model or cues"))
    }

    @Test(.enabled(if: BenchSmokeTests.bench != nil, "starlint-bench is not built beside starlint"))
    func quickRunReportsEverySection() throws {
        let (status, data, errText) = try Self.run(["--quick", "--format", "json"])
        #expect(status == 0, "starlint-bench failed: \(errText)")

        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "not a JSON object: \(String(decoding: data, as: UTF8.self).prefix(500))")
        #expect(json["quick"] as? Bool == true)
        for section in ["machine", "workload", "analysis", "check", "coldStart", "save", "history"] {
            #expect(json[section] is [String: Any], "missing section \(section)")
        }
        #expect((json["machine"] as? [String: Any])?["cpu"] is String)
        let positive = [
            "machine.nproc",
            "workload.answers", "workload.bytes",
            "analysis.mbPerSecond", "analysis.answersPerSecond", "analysis.p50Microseconds", "analysis.p99Microseconds",
            "analysis.peakRSSMB", "analysis.scoreSum",
            "check.medianWallSeconds", "check.maxRSSMB", "check.filesPerSecond",
            "coldStart.medianMilliseconds", "coldStart.runs",
            "save.attempts", "save.saved", "save.wallSeconds", "save.attemptsPerSecond",
            "history.attempts", "history.sentences", "history.databaseMB",
            "history.history.medianMilliseconds", "history.progress.medianMilliseconds",
            "history.inProcessHistoryMilliseconds", "history.inProcessProgressMilliseconds",
        ]
        for key in positive {
            let v = Self.number(json, key)
            #expect(v != nil, "missing number \(key)")
            if let v { #expect(v > 0, "\(key) is \(v), expected > 0") }
        }
        #expect(Self.number(json, "workload.answers") == 300)
        #expect(Self.number(json, "analysis.failures") == 0)
        #expect(Self.number(json, "history.attempts") == 1_000)
        let runs = (json["check"] as? [String: Any])?["runs"] as? [[String: Any]] ?? []
        #expect(!runs.isEmpty)
        for r in runs { #expect([0, 1].contains((r["exitCode"] as? NSNumber)?.intValue ?? -1)) }
    }
}
