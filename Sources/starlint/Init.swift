import ArgumentParser
import Foundation
import StarlintCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter settings file (.starlint.yml) with every key explained.",
        discussion: "The file sets min-score, fail-on, level and inline-config, and lists every other key as a comment to uncomment. It is never overwritten without --force.")

    @Option(name: .shortAndLong, help: "Write to FILE instead of .starlint.yml ('-': standard output).")
    var output: String = ".starlint.yml"

    @Option(help: "The min-score to write (0-100).")
    var minScore: Int = 70

    @Option(help: "The candidates' level to write: entry, junior, mid, senior, lead.")
    var level: String = "mid"

    @Flag(help: "Replace the file if it exists.")
    var force = false

    func validate() throws {
        guard (0...100).contains(minScore) else { throw ValidationError("--min-score must be 0-100, not \(minScore)") }
        guard CandidateLevel(rawValue: level) != nil else {
            throw ValidationError("unknown level '\(level)'; use one of \(CandidateLevel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        try guarded {
            let text = ConfigTemplate.yaml(minScore: minScore, level: CandidateLevel(rawValue: level)!, rules: RuleRegistry.all.map(\.description))
            if output == "-" {
                Terminal.writeOut(text)
                return
            }
            let flags = O_CREAT | O_WRONLY | O_CLOEXEC | (force ? O_TRUNC : O_EXCL)
            let fd = open(output, flags, 0o644)
            guard fd >= 0 else {
                let e = errno
                if e == EEXIST { throw CLIFailure(message: "\(output) already exists; edit it, or use --force to replace it") }
                throw CLIFailure(message: "\(output): cannot create the file (\(String(cString: strerror(e))))")
            }
            defer { close(fd) }
            let err = Array(text.utf8).withUnsafeBytes { Terminal.writeAll(fd, bytes: $0) }
            guard err == 0 else { throw CLIFailure(message: "\(output): cannot write the file (\(String(cString: strerror(err))))") }
            Terminal.writeErr("wrote \(output); edit it, then run 'starlint check PATH'")
        }
    }
}
