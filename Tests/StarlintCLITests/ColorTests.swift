import Foundation
import Testing

/// When `score` colours its report: on a terminal, unless NO_COLOR is set or TERM is dumb;
/// never piped unless `--color` asks for it; `--no-color` always wins. The harness sets
/// NO_COLOR=1 for every other run, so these tests unset it.
@Suite struct ColorTests {
    static let script = "/usr/bin/script"
    static var canUseTerminal: Bool { FileManager.default.isExecutableFile(atPath: script) }
    static let escape = "\u{1B}["

    /// Runs `starlint score answers/strong.md --no-save --no-config extra` on a terminal
    /// (util-linux `script`), without NO_COLOR and with TERM=xterm unless `environment` says otherwise.
    static func scoreOnTerminal(_ extra: [String] = [], environment: [String: String] = [:]) throws -> Harness.Output {
        let bin = try #require(Harness.binary)
        let cmd = (["'\(bin.path)'", "score", "answers/strong.md", "--no-save", "--no-config"] + extra).joined(separator: " ")
        return try Harness.run(["-qec", cmd, "/dev/null"], environment: ["TERM": "xterm"].merging(environment) { $1 },
                               unsetting: environment["NO_COLOR"] == nil ? ["NO_COLOR"] : [], viaScript: true)
    }

    /// The same, piped: standard output is a file, not a terminal.
    static func scorePiped(_ extra: [String] = [], environment: [String: String] = [:]) throws -> Harness.Output {
        try Harness.run(["score", "answers/strong.md", "--no-save", "--no-config"] + extra,
                        environment: ["TERM": "xterm"].merging(environment) { $1 },
                        unsetting: environment["NO_COLOR"] == nil ? ["NO_COLOR"] : [])
    }

    @Test(.enabled(if: ColorTests.canUseTerminal, "needs util-linux script for a terminal"))
    func colourOnATerminalWithoutNoColor() throws {
        // Given a terminal, TERM=xterm and no NO_COLOR
        // When score prints its report
        let r = try Self.scoreOnTerminal()
        // Then it is coloured
        #expect(r.code == 0, "\(r.stdout)")
        #expect(r.stdout.contains("score"), "\(r.stdout)")
        #expect(r.stdout.contains(Self.escape), "no colour on a terminal: \(r.stdout)")
    }

    @Test(.enabled(if: ColorTests.canUseTerminal, "needs util-linux script for a terminal"))
    func noColorOrADumbTerminalTurnsColourOff() throws {
        // Given a terminal with NO_COLOR=1, or with TERM=dumb, or with --no-color
        let noColor = try Self.scoreOnTerminal(environment: ["NO_COLOR": "1"])
        let dumb = try Self.scoreOnTerminal(environment: ["TERM": "dumb"])
        let flag = try Self.scoreOnTerminal(["--no-color"])
        // Then the report is the same text with no escape sequences
        for (name, r) in [("NO_COLOR=1", noColor), ("TERM=dumb", dumb), ("--no-color", flag)] {
            #expect(r.code == 0, "\(name): \(r.stdout)")
            #expect(r.stdout.contains("score"), "\(name): \(r.stdout)")
            #expect(!r.stdout.contains(Self.escape), "\(name): coloured anyway: \(r.stdout)")
        }
        // An empty NO_COLOR is not set (no-color.org): colour stays on.
        let empty = try Self.scoreOnTerminal(environment: ["NO_COLOR": ""])
        #expect(empty.stdout.contains(Self.escape), "\(empty.stdout)")
    }

    @Test func pipedOutputIsPlainUnlessColorIsAskedFor() throws {
        // Given standard output that is not a terminal, and no NO_COLOR
        let piped = try Self.scorePiped()
        // Then there is no colour
        #expect(piped.code == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains("score"))
        #expect(!piped.stdout.contains(Self.escape), "\(piped.stdout)")
        // When --color asks for it, there is, NO_COLOR or not
        let forced = try Self.scorePiped(["--color"])
        #expect(forced.code == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains(Self.escape), "\(forced.stdout)")
        let forcedOverNoColor = try Self.scorePiped(["--color"], environment: ["NO_COLOR": "1"])
        #expect(forcedOverNoColor.stdout.contains(Self.escape), "\(forcedOverNoColor.stdout)")
        // and the plain text is the coloured text without its escapes
        #expect(Self.strippingEscapes(forced.stdout) == piped.stdout)
    }

    /// `s` without its SGR sequences (ESC [ ... m).
    static func strippingEscapes(_ s: String) -> String {
        s.replacing(/\x{1B}\[[0-9;]*m/, with: "")
    }
}
