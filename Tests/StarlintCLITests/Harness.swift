import Foundation
import StarlintCore
import Testing

/// Locating fixtures, goldens and the built `starlint` binary, and running it.
enum Harness {
    /// Tests/StarlintCLITests
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = testsDir.appendingPathComponent("Fixtures")
    static let goldenDir = testsDir.appendingPathComponent("Golden")

    /// Set STARLINT_UPDATE_GOLDEN=1 to rewrite the golden files from the current output
    /// (after retraining Lexicons/model.txt, say), then review the diff.
    static var updateGolden: Bool { ProcessInfo.processInfo.environment["STARLINT_UPDATE_GOLDEN"] == "1" }

    /// The `starlint` executable: $STARLINT_BIN, else beside the test bundle (the build
    /// folder `swift test` used), else the newest `.build*/debug/starlint` in the package.
    static let binary: URL? = {
        let fm = FileManager.default
        if let p = ProcessInfo.processInfo.environment["STARLINT_BIN"], fm.isExecutableFile(atPath: p) {
            return URL(fileURLWithPath: p)
        }
        var dirs: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        for arg in CommandLine.arguments where arg.hasPrefix("/") {
            let u = URL(fileURLWithPath: arg)
            dirs.append(u.deletingLastPathComponent())
            if arg.hasSuffix(".xctest") { dirs.append(u.deletingLastPathComponent()) }
        }
        for d in dirs {
            let c = d.appendingPathComponent("starlint")
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: c.path, isDirectory: &isDir), !isDir.boolValue, fm.isExecutableFile(atPath: c.path) { return c }
        }
        var best: (URL, Date)?
        let names = (try? fm.contentsOfDirectory(atPath: packageRoot.path)) ?? []
        for n in names where n.hasPrefix(".build") {
            let c = packageRoot.appendingPathComponent(n).appendingPathComponent("debug/starlint")
            guard fm.isExecutableFile(atPath: c.path),
                  let m = (try? fm.attributesOfItem(atPath: c.path))?[.modificationDate] as? Date else { continue }
            if best == nil || m > best!.1 { best = (c, m) }
        }
        return best?.0
    }()

    struct Output {
        var code: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `starlint args` in `cwd` with `stdin` as standard input (empty if nil).
    /// With `viaScript`, runs util-linux `script` with `args` instead (to get a terminal);
    /// with `viaShell`, `/bin/sh` (to redirect standard output). Variables named in `unsetting`
    /// are removed from the environment (NO_COLOR=1 is set for every run otherwise).
    static func run(_ args: [String], cwd: URL = fixtures, stdin: String? = nil, environment: [String: String] = [:],
                    unsetting: Set<String> = [], viaScript: Bool = false, viaShell: Bool = false) throws -> Output {
        let bin = viaScript ? URL(fileURLWithPath: "/usr/bin/script") : viaShell ? URL(fileURLWithPath: "/bin/sh")
            : try #require(binary, "build the starlint binary first (swift build), or set STARLINT_BIN")
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("starlint-run-\(UUID().uuidString)")
        try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: tmp) }
        let outURL = tmp.appendingPathComponent("out"), errURL = tmp.appendingPathComponent("err"), inURL = tmp.appendingPathComponent("in")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        _ = fm.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))
        let p = Process()
        p.executableURL = bin
        p.arguments = args
        p.currentDirectoryURL = cwd
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "STARLINT_UPDATE_GOLDEN")
        env["STARLINT_LEXICONS"] = fixtureLexicons.path
        for (k, v) in environment { env[k] = v }
        for k in unsetting { env.removeValue(forKey: k) }
        p.environment = env
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL), inp = try FileHandle(forReadingFrom: inURL)
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        p.waitUntilExit()
        try out.close(); try err.close(); try inp.close()
        return Output(code: p.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Masks what changes without a change in behaviour: the model's name and per-sentence
    /// confidences (Lexicons/model.txt may be retrained) and the tool version.
    static func maskVolatile(_ s: String) -> String {
        var out: [String] = []
        for line in s.split(separator: "\n", omittingEmptySubsequences: false) {
            var l = String(line)
            for key in ["\"modelVersion\" : ", "\"toolVersion\" : ", "\"confidence\" : ", "\"version\" : \"\(StarlintVersion.current)\"",
                        "\"semanticVersion\" : "] {
                guard let r = l.range(of: key) else { continue }
                let head = l[..<r.lowerBound]
                let name = key.split(separator: ":")[0].trimmingCharacters(in: .whitespaces)
                l = head + name + " : \"<masked>\"" + (l.hasSuffix(",") ? "," : "")
            }
            out.append(l)
        }
        return out.joined(separator: "\n")
    }

    /// Compares `actual` with Golden/`name`, or rewrites it when STARLINT_UPDATE_GOLDEN=1.
    /// JSON and SARIF output is compared with `maskVolatile` applied to both sides.
    static func assertGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = name.hasSuffix(".json") || name.hasSuffix(".sarif") ? maskVolatile(actual) : actual
        let url = goldenDir.appendingPathComponent(name)
        if updateGolden {
            try FileManager.default.createDirectory(at: goldenDir, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing golden file Golden/\(name); run the tests with STARLINT_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let k = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
            let exp = k < e.count ? String(e[k]) : "<end>", act = k < a.count ? String(a[k]) : "<end>"
            Issue.record("""
                output differs from Golden/\(name) at line \(k + 1) \
                (STARLINT_UPDATE_GOLDEN=1 regenerates it after an intended change):
                expected: \(exp)
                actual:   \(act)
                """, sourceLocation: sourceLocation)
        }
    }

    /// A fresh temporary folder, removed by the caller.
    static func tempDir() throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("starlint-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    /// The tool-execution notifications of a SARIF log's first run (empty when it has none).
    static func sarifNotifications(_ sarif: String) throws -> [[String: Any]] {
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        return (run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]] ?? []
    }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static func fixture(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: fixtures.appendingPathComponent(name)), as: UTF8.self)
    }

    /// Lexicons with the frozen test rubric (see FixtureLexicons/README.md).
    static let fixtureLexicons = fixtures.deletingLastPathComponent().appendingPathComponent("FixtureLexicons")
    static let lexicon: Lexicon = {
        do { return try Lexicon.load(directory: fixtureLexicons.path) } catch { fatalError("\(error)") }
    }()

    /// Analyses fixture answers in-process and builds a report (no binary needed).
    static func report(paths: [String], config: StarlintConfig = StarlintConfig(), cwd: URL = fixtures, jobs: Int? = nil) throws -> BatchReport {
        let inputs = try FileDiscovery.discover(paths.map { cwd.appendingPathComponent($0).path }, filter: try config.fileFilter())
        let runner = BatchRunner(analyzer: Analyzer(lexicon: config.lexicon(base: Harness.lexicon), settings: config.settings),
                                 policy: config.policy, jobs: jobs)
        return runner.report(inputs, rules: config.ruleInfos)
    }

    /// A STAR answer with explicit part labels whose Action says `action`.
    static func answer(situation: String = "Our support queue was full and customers waited three days for a reply.",
                       action: String = "I read the oldest tickets and sorted them by product area, then I wrote reply templates for the five most common questions.",
                       result: String = "The wait fell from three days to six hours, and complaints dropped from forty a week to five.") -> String {
        """
        Situation: \(situation)
        Task: I had to cut the wait to one day before the holiday season.
        Action: \(action)
        I also set up a morning triage rota so every new ticket had an owner by ten, and I checked the queue every Friday with the team.
        Result: \(result)

        """
    }
}
