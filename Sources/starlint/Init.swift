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
        discussion: """
            The file sets min-score, fail-on, level and inline-config, and lists every other key \
            as a comment to uncomment. It is never written over an existing file without --force, \
            nor beside another settings file (.starlint.yaml, .starlint.json), which would make \
            the folder's settings ambiguous.
            """)

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE instead of .starlint.yml ('-': standard output).", valueName: "FILE"))
    var output: String = ".starlint.yml"

    @Option(help: ArgumentHelp("The min-score to write (0-100).", valueName: "N"))
    var minScore: Int = 70

    @Option(help: ArgumentHelp("The candidates' level to write: \(CandidateLevel.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "LEVEL"))
    var level: String = "mid"

    @Flag(help: "Replace the file if it exists.")
    var force = false

    func validate() throws {
        guard (0...100).contains(minScore) else { throw ValidationError("--min-score must be 0-100, not \(minScore)") }
        guard CandidateLevel(rawValue: level) != nil else {
            throw ValidationError("--level must be one of \(CandidateLevel.allCases.map(\.rawValue).joined(separator: ", ")), not '\(level)'")
        }
    }

    func run() throws {
        try guarded {
            let text = ConfigTemplate.yaml(minScore: minScore, level: CandidateLevel(rawValue: level)!, rules: RuleRegistry.all.map(\.description))
            if output == "-" {
                Terminal.writeOut(text)
                return
            }
            if FileIO.isDirectory(output) { throw CLIFailure(message: "\(output) is a folder; name the settings file to write") }
            // Not even with --force: a slip of the path would replace every saved attempt.
            if Check.isSQLiteFile(output) {
                throw CLIFailure(message: "\(output) is a SQLite database (a progress database?), not a settings file; it was left as it is, so write the settings somewhere else")
            }
            // Beside another settings file, the folder would have two, and every command there
            // would refuse to guess which one counts.
            let folder = (output as NSString).deletingLastPathComponent
            let name = (output as NSString).lastPathComponent
            if ConfigFile.names.contains(name) {
                if let other = ConfigFile.present(in: folder.isEmpty ? "." : folder).first(where: { $0 != name }) {
                    let shown = folder.isEmpty ? other : folder + "/" + other
                    throw CLIFailure(message: "\(shown) already holds the settings here; edit it, or remove it first")
                }
            }
            var link = stat()
            if force && lstat(output, &link) == 0 {
                try replace(output, with: text)
            } else {
                try write(text, to: output, flags: O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode: 0o644, shown: output)
            }
            // A file of another name is found only when named.
            let next = ConfigFile.names.contains(name) ? "starlint check PATH" : "starlint check --config \(output) PATH"
            Terminal.writeErr("wrote \(output); edit it, then run '\(next)'")
        }
    }

    /// `--force` over an existing file (or link): the new text goes to a temporary file beside
    /// the file, which then takes its place, so a failed write leaves the old settings as they
    /// were; the file keeps its permissions and, where the user may set them, its owner. A link
    /// is followed (a dangling one creates its target). Where no file can be made beside it (a
    /// folder you cannot write to), the file is written over in place. A read-only file, and
    /// anything that is not a regular file (a device, a FIFO), is refused.
    func replace(_ path: String, with text: String) throws {
        let resolved = FileDiscovery.realPath(path)
        var target = resolved ?? path
        var st = stat()
        if resolved == nil, lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK {
            // A dangling link: create what it points to.
            var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(path, &buf, buf.count - 1)
            guard n > 0 else { throw CLIFailure(message: "\(path): cannot read the link") }
            let dest = String(decoding: buf[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let dir = (path as NSString).deletingLastPathComponent
            target = dest.hasPrefix("/") || dir.isEmpty ? dest : dir + "/" + dest
            try write(text, to: target, flags: O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode: 0o644, shown: path)
            return
        }
        guard stat(target, &st) == 0 else { throw CLIFailure(message: "\(path): cannot read the file (\(String(cString: strerror(errno))))") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw CLIFailure(message: "\(path) is not a regular file; name a settings file to write") }
        // No write bit is read-only for root too (who may write anything), as for the database.
        guard access(target, W_OK) == 0, st.st_mode & 0o222 != 0 else { throw CLIFailure(message: "\(path) is read-only; make it writable to replace it") }
        let mode = mode_t(st.st_mode & 0o7777)
        let temp = target + ".starlint-init-\(getpid())"
        let fd = open(temp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
        guard fd >= 0 else {
            // No file can be made in its folder: write over it where it is.
            try write(text, to: target, flags: O_WRONLY | O_TRUNC | O_CLOEXEC, mode: mode, shown: path)
            return
        }
        _ = fchown(fd, st.st_uid, st.st_gid)  // kept where allowed (root, or the owner keeping a group)
        var err = Array(text.utf8).withUnsafeBytes { Terminal.writeAll(fd, bytes: $0) }
        if err == 0, fchmod(fd, mode) != 0 { err = errno }
        close(fd)
        if err == 0, rename(temp, target) != 0 { err = errno }
        if err != 0 {
            unlink(temp)
            throw CLIFailure(message: "\(path): cannot write the file (\(String(cString: strerror(err)))); it is unchanged")
        }
    }

    /// Writes `text` to `path` opened with `flags` (with `O_EXCL`: a new file, and an existing
    /// one is said to be there).
    func write(_ text: String, to path: String, flags: Int32, mode: mode_t, shown: String) throws {
        let fd = open(path, flags, mode)
        guard fd >= 0 else {
            let e = errno
            if e == EEXIST { throw CLIFailure(message: "\(shown) already exists; edit it, or use --force to replace it") }
            let creating = flags & O_EXCL != 0
            throw CLIFailure(message: "\(shown): cannot \(creating ? "create" : "write") the file (\(String(cString: strerror(e))))")
        }
        defer { close(fd) }
        let err = Array(text.utf8).withUnsafeBytes { Terminal.writeAll(fd, bytes: $0) }
        guard err == 0 else { throw CLIFailure(message: "\(shown): cannot write the file (\(String(cString: strerror(err))))") }
    }
}
