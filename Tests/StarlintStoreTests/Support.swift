import Foundation
import GRDB
import StarlintCore
import StarlintStore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The package root, found from this file's path.
let packageRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/StarlintStoreTests/Support.swift
    return parts.joined(separator: "/")
}()

let exampleAnswers = packageRoot + "/Corpus/examples"

let sharedAnalyzer = Analyzer()

func analyze(_ text: String, path: String = "answer.md") throws -> Analysis {
    try sharedAnalyzer.analyze(bytes: Array(text.utf8), path: path)
}

func exampleText(_ name: String) throws -> String {
    try String(contentsOfFile: "\(exampleAnswers)/\(name).md", encoding: .utf8)
}

/// A real analysis of an example answer, with score, hash and sub-scores overridden.
func crafted(_ example: String = "strong", score: Int, hash: String, clarity: Int? = nil, concision: Int? = nil) throws -> Analysis {
    var a = try analyze(try exampleText(example), path: "\(example).md")
    a.score = score
    a.contentHash = hash
    if let clarity { a.subscores.clarity = clarity }
    if let concision { a.subscores.concision = concision }
    return a
}

/// A fresh folder under the system temporary folder, removed by `cleanUp`.
func makeTempDir() -> String {
    var template = Array((FileManager.default.temporaryDirectory.path + "/starlint-store-test-XXXXXX").utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(made != nil, "mkdtemp failed")
    return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func cleanUp(_ dir: String) {
    _ = chmodTree(dir)
    try? FileManager.default.removeItem(atPath: dir)
}

/// Makes everything under `dir` writable again (tests chmod files read-only).
private func chmodTree(_ dir: String) -> Bool {
    guard let items = FileManager.default.enumerator(atPath: dir) else { return false }
    for case let item as String in items { chmod(dir + "/" + item, 0o700) }
    return true
}

/// A temporary store in its own folder.
func withTempStore(_ body: (AttemptStore, String) throws -> Void) throws {
    let dir = makeTempDir()
    defer { cleanUp(dir) }
    let store = try AttemptStore(path: dir + "/progress.sqlite")
    try body(store, dir)
}

func fileBytes(_ path: String) -> [UInt8] {
    (FileManager.default.contents(atPath: path)).map { Array($0) } ?? []
}

/// Size and FNV-1a hash of a file's bytes, to compare before and after without printing them.
func fingerprint(_ path: String) -> String {
    let bytes = fileBytes(path)
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return "\(bytes.count) bytes, fnv \(String(h, radix: 16))"
}

func mode(_ path: String) -> UInt32 {
    var st = stat()
    return stat(path, &st) == 0 ? UInt32(st.st_mode & 0o777) : 0
}

// MARK: - Running the built binary

/// The `starlint` executable built next to this test bundle (`swift test` builds it too), or
/// `$STARLINT_BIN`, or `.build/debug/starlint` under the package root.
let starlintBinary: String = {
    if let p = ProcessInfo.processInfo.environment["STARLINT_BIN"], !p.isEmpty { return p }
    var candidates: [String] = []
    if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        candidates.append((exe as NSString).deletingLastPathComponent + "/starlint")
    }
    candidates.append((CommandLine.arguments[0] as NSString).deletingLastPathComponent + "/starlint")
    candidates.append(packageRoot + "/.build/debug/starlint")
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
}()

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A started `starlint` process whose output goes to files (no pipe can fill up and block).
final class Spawned: @unchecked Sendable {
    let process = Process()
    let outPath: String
    let errPath: String

    init(_ args: [String], env extra: [String: String] = [:], stdin: String? = nil, scratch: String, in folder: String? = nil,
         executable: String = starlintBinary) throws {
        let id = UUID().uuidString
        outPath = scratch + "/out-\(id)"
        errPath = scratch + "/err-\(id)"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        // Never the user's database: HOME and XDG_DATA_HOME point into the scratch folder.
        var env = ProcessInfo.processInfo.environment
        env["STARLINT_DB"] = nil
        env["STARLINT_BUSY_TIMEOUT_MS"] = nil
        env["HOME"] = scratch + "/home"
        env["XDG_DATA_HOME"] = scratch + "/home/.local/share"
        env["NO_COLOR"] = "1"
        for (k, v) in extra { env[k] = v }
        process.environment = env
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        if let stdin {
            let inPath = scratch + "/in-\(id)"
            _ = FileManager.default.createFile(atPath: inPath, contents: Data(stdin.utf8))
            process.standardInput = FileHandle(forReadingAtPath: inPath)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
    }

    func wait() -> RunResult {
        process.waitUntilExit()
        return RunResult(
            status: process.terminationStatus,
            stdout: String(decoding: fileBytes(outPath), as: UTF8.self),
            stderr: String(decoding: fileBytes(errPath), as: UTF8.self))
    }
}

/// Runs `starlint` to completion.
func runStarlint(_ args: [String], env: [String: String] = [:], stdin: String? = nil, scratch: String, in folder: String? = nil) throws -> RunResult {
    try Spawned(args, env: env, stdin: stdin, scratch: scratch, in: folder).wait()
}

/// Runs `starlint args` on a terminal: util-linux `script` gives it one, and what `typed` holds
/// reaches it as typed input. The terminal echoes that input, and ends lines with "\r\n", in
/// `stdout`; standard error goes to the terminal too.
func runStarlintOnTerminal(_ args: [String], typed: String, env: [String: String] = [:], scratch: String) throws -> RunResult {
    func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    let command = ([starlintBinary] + args).map(quoted).joined(separator: " ")
    return try Spawned(["-qec", command, "/dev/null"], env: env, stdin: typed, scratch: scratch, executable: terminalRunner).wait()
}

/// util-linux `script`, which runs a command on a new terminal.
let terminalRunner = "/usr/bin/script"

// MARK: - Databases as older versions wrote them

/// Saves `items` into a database whose schema is at v2 or v3 the way starlint wrote them then:
/// each sentence with its own text (before v4 stored spans). Returns the new attempt ids.
@discardableResult
func insertAsBeforeV4(_ items: [AttemptInput], into db: Database) throws -> [Int64] {
    var ids: [Int64] = []
    for item in items {
        let a = item.analysis
        let id = try insertAttemptRowAsBeforeV6(item, into: db)
        for (k, x) in a.sentences.enumerated() {
            try db.execute(sql: """
                INSERT INTO sentence (attemptId, position, text, label, confidence, uncertain, explicitLabel, line, col, words)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, k, x.text, x.label.rawValue, x.confidence, x.uncertain, x.explicitLabel, x.line, x.column, x.words])
        }
        try insertFindingRowsAsBeforeV6(a, attempt: id, into: db)
        ids.append(id)
    }
    return ids
}

/// Saves `items` into a database whose schema is at v4 or v5 the way starlint 0.4 and 0.5
/// wrote them: sentences as spans of the attempt's text, no deductions (v6 added them).
/// Returns the new attempt ids.
@discardableResult
func insertAsV4(_ items: [AttemptInput], into db: Database) throws -> [Int64] {
    var ids: [Int64] = []
    for item in items {
        let a = item.analysis
        let id = try insertAttemptRowAsBeforeV6(item, into: db)
        let spans = AttemptStore.sentenceSpans(a.sentences, in: item.text)
        for (k, x) in a.sentences.enumerated() {
            try db.execute(sql: """
                INSERT INTO sentence (attemptId, position, textStart, textEnd, text, label, confidence, uncertain, explicitLabel, line, col, words)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, k, spans[k]?.lowerBound, spans[k]?.upperBound, spans[k] == nil ? x.text : nil, x.label.rawValue,
                                 x.confidence, x.uncertain, x.explicitLabel, x.line, x.column, x.words])
        }
        try insertFindingRowsAsBeforeV6(a, attempt: id, into: db)
        ids.append(id)
    }
    return ids
}

/// The attempt row as schema v2 to v5 have it (v6 added `deductionCount`); returns its id.
func insertAttemptRowAsBeforeV6(_ item: AttemptInput, into db: Database) throws -> Int64 {
    let a = item.analysis
    let s = a.subscores
    try db.execute(sql: """
        INSERT INTO attempt (createdAt, file, text, contentHash, questionKey, questionText, score, structure, specificity,
            ownership, clarity, concision, sentenceCount, findingCount, rubricVersion, modelVersion, toolVersion,
            words, source, durationMs)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """, arguments: [item.date ?? Date(), a.file, item.text, a.contentHash, item.questionKey, item.questionText, a.score, s.structure,
                         s.specificity, s.ownership, s.clarity, s.concision, a.sentences.count, a.findings.count,
                         a.rubricVersion, a.modelVersion, a.toolVersion, a.stats.words, item.source.rawValue, item.durationMs])
    return db.lastInsertedRowID
}

/// The finding rows as every schema so far has them.
func insertFindingRowsAsBeforeV6(_ a: Analysis, attempt id: Int64, into db: Database) throws {
    for (k, f) in a.findings.enumerated() {
        try db.execute(sql: """
            INSERT INTO finding (attemptId, position, rule, severity, message, line, col, endLine, endCol, suggestion)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, k, f.rule, f.severity.rawValue, f.message, f.line, f.column, f.endLine, f.endColumn, f.suggestion])
    }
}
