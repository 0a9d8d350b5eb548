import Foundation
@testable import StarlintCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `starlint init`: a starter settings file that parses, says what it sets, documents every
/// key and every rule, and is never overwritten by accident.
@Suite struct InitTests {
    @Test func writesAFileThatSetsFourKeysAndParses() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Harness.run(["init"], cwd: dir)
        #expect(r.code == 0 && r.stdout.isEmpty)
        #expect(r.stderr == "wrote .starlint.yml; edit it, then run 'starlint check PATH'\n")
        let path = dir.appendingPathComponent(".starlint.yml").path
        let config = try ConfigFile.load(path)
        // Only the four keys it writes as settings are set; the rest are defaults
        var expected = StarlintConfig()
        expected.minScore = 70
        expected.failOn = .error
        expected.level = .mid
        expected.inlineConfig = true
        #expect(config == expected)
        // and `check` finds and reads it
        try Harness.write(try String(contentsOf: Harness.fixtures.appendingPathComponent("answers/strong.md"), encoding: .utf8),
                          to: dir.appendingPathComponent("a.md"))
        let check = try Harness.run(["check", "a.md"], cwd: dir)
        #expect(check.stdout.contains("settings: .starlint.yml"), "\(check.stdout)")
    }

    @Test func everyKeyAndRuleIsDocumentedAndTheCommentedExamplesParse() throws {
        let text = ConfigTemplate.yaml(rules: RuleRegistry.all.map(\.description))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for key in StarlintConfig.keys {
            #expect(lines.contains { $0.hasPrefix("\(key):") || $0.hasPrefix("# \(key):") }, "\(key) is not in the template")
        }
        for rule in RuleRegistry.all.map(\.description) {
            #expect(lines.contains("#   \(rule.id): \(rule.severity.rawValue)"), "\(rule.id)")
        }
        // Uncommenting every example line (a key, or an indented entry under one) gives a
        // file that parses and sets every key.
        let keys = Set(StarlintConfig.keys)
        let uncommented = lines.map { line -> String in
            guard line.hasPrefix("# ") else { return line }
            let rest = String(line.dropFirst(2))
            if let colon = rest.firstIndex(of: ":"), keys.contains(String(rest[..<colon])) { return rest }
            if rest.hasPrefix("  "), rest.contains(":") { return rest }
            return line
        }.joined(separator: "\n")
        let all = try ConfigFile.parse(Array(uncommented.utf8), path: "all.yml")
        #expect(all.dimensionMinimums.count == Dimension.allCases.count)
        #expect(all.rules.count == RuleRegistry.all.count)
        #expect(all.required == ["result-not-quantified"])
        #expect(all.minWords == 100 && all.maxWords == 450)
        #expect(all.fillerWords == ["totally"] && all.hedgeWords == ["arguably"] && all.allowedWords == ["actually"])
        #expect(all.include == FileFilter.defaultInclude && all.exclude == ["drafts"] && all.maxBytes == Analyzer.defaultMaxBytes)
        // and grades as the defaults do: each rule at its own severity
        #expect(all.settings.severities.allSatisfy { id, s in RuleRegistry.all.first { $0.description.id == id }?.description.severity == s })
    }

    @Test func neverOverwritesWithoutForceAndPrintsWithADash() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(".starlint.yml")
        try Harness.write("min-score: 90\n", to: path)
        let again = try Harness.run(["init"], cwd: dir)
        #expect(again.code == 2)
        #expect(again.stderr == "starlint: error: .starlint.yml already exists; edit it, or use --force to replace it\n")
        #expect(try String(contentsOf: path, encoding: .utf8) == "min-score: 90\n")
        // --force replaces it whole, through a link to it, keeping its permissions and leaving no temporary file
        let real = dir.appendingPathComponent("settings.yml")
        try FileManager.default.moveItem(at: path, to: real)
        try FileManager.default.createSymbolicLink(at: path, withDestinationURL: real)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: real.path)
        let forced = try Harness.run(["init", "--force", "--level", "senior", "--min-score", "75"], cwd: dir)
        #expect(forced.code == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path.path) == real.path)
        #expect(try FileManager.default.attributesOfItem(atPath: real.path)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [".starlint.yml", "settings.yml"])
        let config = try ConfigFile.load(path.path)
        #expect(config.minScore == 75 && config.level == .senior)
        #expect(try String(contentsOf: path, encoding: .utf8).contains("# min-words: 120\n# max-words: 550\n"))
        // A file without a write bit is refused, even for root (as CI runners often are).
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: real.path)
        let readOnly = try Harness.run(["init", "--force", "--min-score", "55"], cwd: dir)
        #expect(readOnly.code == 2 && readOnly.stderr == "starlint: error: .starlint.yml is read-only; make it writable to replace it\n", "\(readOnly.stderr)")
        #expect(try ConfigFile.load(path.path).minScore == 75)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: real.path)
        let printed = try Harness.run(["init", "-o", "-"], cwd: dir)
        #expect(printed.code == 0 && printed.stdout == ConfigTemplate.yaml(rules: RuleRegistry.all.map(\.description)))
        // Another name is found only when named, and the message says so
        let named = try Harness.run(["init", "-o", "coach.yml"], cwd: dir)
        #expect(named.code == 0 && named.stderr == "wrote coach.yml; edit it, then run 'starlint check --config coach.yml PATH'\n")
        // Beside another settings file it writes nothing: the folder would have two
        let other = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: other) }
        try Harness.write("{\"min-score\": 90}\n", to: other.appendingPathComponent(".starlint.json"))
        for args in [["init"], ["init", "--force"]] {
            let r = try Harness.run(args, cwd: other)
            #expect(r.code == 2 && r.stderr == "starlint: error: .starlint.json already holds the settings here; edit it, or remove it first\n", "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: other.appendingPathComponent(".starlint.yml").path))
        // A SQLite file (a progress database, one slip of the path away) is never replaced, even with --force
        let dbBytes = Array("SQLite format 3\u{0}".utf8) + [UInt8](repeating: 7, count: 4080)
        try Data(dbBytes).write(to: dir.appendingPathComponent("progress.sqlite"))
        for args in [["init", "-o", "progress.sqlite"], ["init", "-o", "progress.sqlite", "--force"]] {
            let r = try Harness.run(args, cwd: dir)
            #expect(r.code == 2 && r.stderr == "starlint: error: progress.sqlite is a SQLite database (a progress database?), not a settings file; it was left as it is, so write the settings somewhere else\n", "\(r.stderr)")
        }
        #expect(try Array(Data(contentsOf: dir.appendingPathComponent("progress.sqlite"))) == dbBytes)
        // A FIFO is not replaced by a file, and a dangling link gets its target made
        let fifo = dir.appendingPathComponent("f.yml").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let piped = try Harness.run(["init", "-o", "f.yml", "--force"], cwd: dir)
        #expect(piped.code == 2 && piped.stderr == "starlint: error: f.yml is not a regular file; name a settings file to write\n")
        var st = stat()
        #expect(lstat(fifo, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("l.yml").path, withDestinationPath: "target.yml")
        let dangling = try Harness.run(["init", "-o", "l.yml", "--force"], cwd: dir)
        #expect(dangling.code == 0, "\(dangling.stderr)")
        #expect(try ConfigFile.load(dir.appendingPathComponent("target.yml").path).minScore == 70)
        let folder = try Harness.run(["init", "-o", ".", "--force"], cwd: dir)
        #expect(folder.code == 2 && folder.stderr == "starlint: error: . is a folder; name the settings file to write\n")
        for bad in [["init", "--level", "boss"], ["init", "--min-score", "101"], ["init", "-o", dir.path + "/missing/x.yml"]] {
            let r = try Harness.run(bad, cwd: dir)
            #expect(r.code == 2 && r.stdout.isEmpty, "\(bad)")
            #expect(r.stderr.hasPrefix("starlint: error: ") && r.stderr.split(separator: "\n").count == 1, "\(bad): \(r.stderr)")
        }
    }
}
