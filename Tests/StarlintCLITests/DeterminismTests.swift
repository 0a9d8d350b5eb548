import Foundation
import StarlintCore
import Testing

/// Output order is path order and identical run to run, whatever the parallel scheduling.
@Suite struct DeterminismTests {
    /// 80 answers (more than the 50-file progress threshold) copied from the fixtures.
    static func makeBatch() throws -> URL {
        let dir = try Harness.tempDir()
        let sources = ["strong.md", "vague.md", "no-result.txt", "suppressed.md", "odd name, 100%: v2.md", "empty.md"]
        for k in 0..<80 {
            let src = Harness.fixtures.appendingPathComponent("answers").appendingPathComponent(sources[k % sources.count])
            let sub = k % 3 == 0 ? "team-\(k % 4)/" : ""
            let dst = dir.appendingPathComponent("\(sub)answer-\(String(format: "%03d", 97 - k))-\(sources[k % sources.count])")
            try FileManager.default.createDirectory(at: dst.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: src, to: dst)
        }
        return dir
    }

    @Test func binaryOutputIsByteIdenticalAcrossRunsAndJobCounts() throws {
        let dir = try Self.makeBatch()
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ["json", "sarif", "text"] {
            let a = try Harness.run(["check", ".", "--no-config", "--format", format], cwd: dir)
            let b = try Harness.run(["check", ".", "--no-config", "--format", format], cwd: dir)
            let serial = try Harness.run(["check", ".", "--no-config", "--format", format, "--jobs", "1"], cwd: dir)
            let wide = try Harness.run(["check", ".", "--no-config", "--format", format, "--jobs", "7"], cwd: dir)
            #expect(a.code == 1)
            #expect(!a.stdout.isEmpty)
            #expect(a.stdout == b.stdout, "\(format): two runs differ")
            #expect(a.stdout == serial.stdout, "\(format): --jobs 1 differs")
            #expect(a.stdout == wide.stdout, "\(format): --jobs 7 differs")
            // stderr is not a terminal here: no progress line.
            #expect(a.stderr.isEmpty)
        }
    }

    @Test func filesAreListedInPathOrder() throws {
        let dir = try Self.makeBatch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try Harness.report(paths: ["."], cwd: dir, jobs: 4)
        let paths = report.files.map(\.path)
        #expect(paths.count == 80)
        #expect(paths == paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        let serial = try Harness.report(paths: ["."], cwd: dir, jobs: 1)
        #expect(BatchFormat.json.render(serial) == BatchFormat.json.render(report))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script for a terminal"))
    func progressLineOnlyOnATerminalForLargeBatches() throws {
        let bin = try #require(Harness.binary, "build the starlint binary first (swift build), or set STARLINT_BIN")
        let dir = try Self.makeBatch()
        defer { try? FileManager.default.removeItem(at: dir) }
        // util-linux `script` gives the command a terminal; the report goes to a file.
        let report = dir.appendingPathComponent("report.txt")
        let cmd = "'\(bin.path)' check . --no-config --output '\(report.path)'"
        let r = try Harness.run(["-qec", cmd, "/dev/null"], cwd: dir, viaScript: true)
        #expect(r.stdout.contains("\r[80/80] "), "expected a progress line on the terminal")
        let small = try Harness.run(["-qec", "'\(bin.path)' check team-0 --no-config --output '\(report.path)'", "/dev/null"], cwd: dir, viaScript: true)
        #expect(!small.stdout.contains("\r["), "no progress line for 50 files or fewer")
    }
}
