#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a streaming batch report goes: a byte buffer that is either kept (to build a
/// `String`, as `BatchFormat.render` does) or written to a file descriptor whenever it
/// holds more than `flushThreshold` bytes, so memory stays flat however long the report.
///
/// Write errors do not throw: the first one is kept in `writeError` and later writes are
/// dropped (standard output ignores them, as `check` always did; `--output FILE` reports them).
public final class BatchOutput {
    /// Bytes not yet written (in memory mode: everything).
    public var buffer: [UInt8] = []
    public let fd: Int32?
    let flushThreshold: Int
    public internal(set) var writeError: Int32?
    /// Bytes handed to the descriptor so far (plus what is still buffered: `count`).
    public internal(set) var written = 0
    /// Called before each write to the descriptor (to clear a progress line on the same terminal).
    public var beforeWrite: (() -> Void)?

    /// Collects everything in memory; read it back with `text`.
    public init() {
        fd = nil
        flushThreshold = .max
    }

    /// Writes to `fd` in chunks of about `bufferSize` bytes.
    public init(fd: Int32, bufferSize: Int = 1 << 16) {
        self.fd = fd
        flushThreshold = max(1, bufferSize)
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    public var count: Int { written + buffer.count }

    /// The whole output (memory mode).
    public var text: String { String(decoding: buffer, as: UTF8.self) }

    public func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        flushIfFull()
    }

    public func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        flushIfFull()
    }

    /// Appends directly into the buffer (for writers that render into `[UInt8]`).
    public func withBuffer<R>(_ body: (inout [UInt8]) throws -> R) rethrows -> R {
        defer { flushIfFull() }
        return try body(&buffer)
    }

    @inline(__always) func flushIfFull() {
        if buffer.count >= flushThreshold { flush() }
    }

    /// Writes out what is buffered (no-op in memory mode).
    public func flush() {
        guard let fd, !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        written += buffer.count
        guard writeError == nil else { return }
        beforeWrite?()
        if let e = BatchOutput.writeAll(fd, buffer) { writeError = e }
    }

    /// nil on success, else errno.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { p -> Int32? in
            var off = 0
            while off < p.count {
                let r = Glibc.write(fd, p.baseAddress! + off, p.count - off)
                if r < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                off += r
            }
            return nil
        }
    }
}

/// A section of a report that must be written after something only known at the end (the
/// JSON `errors`, the SARIF notifications, the JUnit totals): kept in memory up to
/// `memoryLimit` bytes, then moved to an unlinked temporary file, and copied into the
/// output by `copy(into:)`. If no temporary file can be made it stays in memory.
public final class Spool {
    public var buffer: [UInt8] = []
    let memoryLimit: Int
    private var fd: Int32 = -1
    private var spilled = 0
    private var failed = false
    /// Bytes in the spool.
    public var count: Int { spilled + buffer.count }
    public var isEmpty: Bool { count == 0 }
    /// True once the spool went to disk (for tests).
    public var onDisk: Bool { fd >= 0 }

    public init(memoryLimit: Int = 4 << 20) {
        self.memoryLimit = memoryLimit
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    public func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        spillIfFull()
    }

    public func withBuffer<R>(_ body: (inout [UInt8]) throws -> R) rethrows -> R {
        defer { spillIfFull() }
        return try body(&buffer)
    }

    private func spillIfFull() {
        guard buffer.count >= memoryLimit, !failed else { return }
        if fd < 0 {
            fd = Spool.makeTempFile()
            if fd < 0 { failed = true; return }
        }
        if BatchOutput.writeAll(fd, buffer) != nil {
            // Keep what could not be written in memory from now on; the file keeps `spilled` bytes.
            failed = true
            _ = ftruncate(fd, off_t(spilled))
            _ = lseek(fd, off_t(spilled), SEEK_SET)
            return
        }
        spilled += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the spooled bytes, in order, to `out`: from the temporary file with
    /// `sendfile` (no copy through this process) when `out` is a descriptor, else read back.
    public func copy(into out: BatchOutput) {
        if fd >= 0 && spilled > 0 {
            out.flush()
            var off: off_t = 0
            #if os(Linux)
            if let dest = out.fd {
                if out.writeError == nil { out.beforeWrite?() }
                while out.writeError == nil && off < off_t(spilled) {
                    let r = sendfile(dest, fd, &off, spilled - Int(off))
                    if r < 0 {
                        if errno == EINTR { continue }
                        if errno == EINVAL || errno == ENOSYS { break }  // fall back to read + write
                        out.writeError = errno
                    } else if r == 0 {
                        break
                    }
                }
                out.written += Int(off)
                if out.writeError != nil { off = off_t(spilled) }
            }
            #endif
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while off < off_t(spilled) {
                let want = min(chunk.count, spilled - Int(off))
                let r = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, want, off) }
                if r < 0 {
                    if errno == EINTR { continue }
                    break
                }
                if r == 0 { break }
                out.buffer.append(contentsOf: chunk[0..<r])
                out.flushIfFull()
                off += off_t(r)
            }
        }
        out.write(buffer)
    }

    /// An unlinked file in $TMPDIR (else /tmp), or -1.
    static func makeTempFile() -> Int32 {
        var dirs: [String] = []
        if let t = getenv("TMPDIR") { dirs.append(String(cString: t)) }
        dirs.append("/tmp")
        for d in dirs where !d.isEmpty {
            var template = Array((d.hasSuffix("/") ? d : d + "/").utf8CString.dropLast()) + Array("starlint-spool-XXXXXX".utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            if fd >= 0 {
                template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
                return fd
            }
        }
        return -1
    }
}

/// `check --output FILE` written as the report streams: into a temporary file beside FILE,
/// renamed over FILE at the end (so FILE is replaced whole, as before), or straight into
/// FILE when it exists and is not a regular file (`/dev/null`, a FIFO), which a rename would
/// replace.
public final class OutputFile {
    public enum Failure: Error, Equatable {
        case notFound, isDirectory, permissionDenied, other(Int32)
    }

    public let path: String
    public let fd: Int32
    private let tmp: String?
    private var closed = false

    public init(path: String) throws(Failure) {
        self.path = path
        var st = stat()
        if stat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory }
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            if fd < 0 { throw OutputFile.failure(errno) }
            self.fd = fd
            tmp = nil
            return
        }
        let t = path + ".tmp-\(getpid())"
        // The handler goes in before the file exists: a signal between the two would
        // otherwise leave the file behind (unlinking a file not yet made is harmless).
        Self.removeOnSignal(t)
        let fd = open(t, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 {
            let e = errno
            Self.clearPending()
            throw OutputFile.failure(e)
        }
        self.fd = fd
        tmp = t
    }

    deinit {
        if !closed { abandon() }
    }

    /// The temporary file being written, for the signal handler: interrupting `check`
    /// (Ctrl-C, a CI timeout's SIGTERM, a closed terminal's SIGHUP) removes it instead of
    /// leaving FILE.tmp-PID behind. One at a time: `check` writes one report.
    nonisolated(unsafe) private static var pending: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var previous: [(Int32, sighandler_t?)] = []
    private static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private static func removeOnSignal(_ path: String) {
        clearPending()
        pending = strdup(path)
        // Only async-signal-safe calls in the handler: unlink, signal, raise.
        previous = signals.map { ($0, signal($0, { sig in
            if let p = OutputFile.pending { unlink(p) }
            signal(sig, SIG_DFL)
            raise(sig)
        })) }
    }

    private static func clearPending() {
        for (sig, handler) in previous { signal(sig, handler) }
        previous = []
        if let p = pending {
            pending = nil
            free(p)
        }
    }

    /// Closes the file and, for a regular file, renames it into place. `writeError` is the
    /// first error met while writing, if any: then the temporary file is removed.
    public func finish(writeError: Int32?) throws(Failure) {
        closed = true
        close(fd)
        if tmp != nil { Self.clearPending() }
        if let e = writeError {
            if let tmp { unlink(tmp) }
            throw OutputFile.failure(e)
        }
        if let tmp, rename(tmp, path) != 0 {
            let e = errno
            unlink(tmp)
            throw OutputFile.failure(e)
        }
    }

    /// Closes and removes the temporary file (the run failed before the report was done).
    public func abandon() {
        guard !closed else { return }
        closed = true
        close(fd)
        if let tmp {
            unlink(tmp)
            Self.clearPending()
        }
    }

    static func failure(_ e: Int32) -> Failure {
        switch e {
        case ENOENT, ENOTDIR: .notFound
        case EISDIR: .isDirectory
        case EACCES, EPERM: .permissionDenied
        default: .other(e)
        }
    }
}
