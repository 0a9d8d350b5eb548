#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Reading files with POSIX calls: exact errors (missing, directory, unreadable, too big)
/// and no Foundation on the hot path.
public enum FileIO {
    public enum ReadError: Error, Equatable, Sendable {
        case notFound
        case isDirectory
        case permissionDenied
        /// Over the limit; `size` is nil when only "more than the limit" is known (a stream).
        case tooLarge(size: Int?, limit: Int)
        /// A named pipe (FIFO) that no program opened for writing within `seconds`.
        case noWriter(seconds: Int)
        case other(code: Int32)
    }

    /// How long a named pipe is waited on for a writer (`ReadError.noWriter` after it).
    public static let pipeWaitSeconds = 5

    /// Reads the whole file at `path`, refusing files larger than `limit` bytes.
    public static func read(_ path: String, limit: Int = Int.max) throws(ReadError) -> [UInt8] {
        // A named pipe (FIFO) nobody writes to would hold `open` until a writer came, so a
        // batch naming one hung: it is opened on another thread and waited on for a writer up
        // to `pipeWaitSeconds`. Once a writer has it open, it is read to its end however slowly
        // it writes (`score <(pandoc answer.docx -t plain)`).
        var pre = stat()
        if stat(path, &pre) == 0, (pre.st_mode & S_IFMT) == S_IFIFO {
            let fd = try openPipe(path)
            defer { close(fd) }
            return try readStream(fd, limit: limit)
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw mapErrno(errno) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw mapErrno(errno) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory }
        let size = Int(st.st_size)
        if size > limit { throw .tooLarge(size: size, limit: limit) }
        // A regular file of size 0 may still have content: /proc and /sys report 0 and are
        // read to the end like a stream.
        if (st.st_mode & S_IFMT) == S_IFREG && size > 0 {
            var buf = [UInt8](repeating: 0, count: size)
            var got = 0
            while got < size {
                let r = buf.withUnsafeMutableBytes { p in Glibc.read(fd, p.baseAddress! + got, size - got) }
                if r < 0 {
                    if errno == EINTR { continue }
                    throw mapErrno(errno)
                }
                if r == 0 { break }
                got += r
            }
            if got < size { buf.removeSubrange(got...) }
            return buf
        }
        return try readStream(fd, limit: limit)
    }

    /// Opens a named pipe for reading once a writer has it open, waiting `pipeWaitSeconds` at
    /// most. On time-out the waiting `open` is released by opening the pipe for writing for a
    /// moment (it then reads nothing and is closed), and `.noWriter` is thrown.
    ///
    /// The pipe is held open for reading meanwhile (a read end opens at once when asked not to
    /// block), and on Linux the waiting `open` and its release go through /proc/self/fd to it:
    /// so they reach the same pipe even when its name is removed or replaced during the wait
    /// (a release through the name would then fail, and the wait never end). With that read
    /// end held, a writer no longer waits for this one: one that writes and closes before the
    /// waiting `open` starts leaves its bytes in the pipe, and they are read, not refused.
    static func openPipe(_ path: String) throws(ReadError) -> Int32 {
        let held = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if held < 0 { throw mapErrno(errno) }
        defer { close(held) }
        #if os(Linux)
        let viaHeld = "/proc/self/fd/\(held)"
        let reach = exists(viaHeld) ? viaHeld : path
        #else
        let reach = path
        #endif
        final class Opened: @unchecked Sendable { var fd: Int32 = -1, error: Int32 = 0 }
        let opened = Opened()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let fd = open(reach, O_RDONLY | O_CLOEXEC)
            opened.fd = fd
            opened.error = fd < 0 ? errno : 0
            done.signal()
        }
        if done.wait(timeout: .now() + .seconds(pipeWaitSeconds)) == .timedOut {
            let w = open(reach, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            done.wait()
            if w >= 0 { close(w) }
            var waiting: Int32 = 0
            if opened.fd >= 0, ioctl(held, UInt(FIONREAD), &waiting) == 0, waiting > 0 { return opened.fd }
            if opened.fd >= 0 { close(opened.fd) }
            throw .noWriter(seconds: pipeWaitSeconds)
        }
        if opened.fd < 0 { throw mapErrno(opened.error) }
        return opened.fd
    }

    /// Reads a pipe or terminal to the end.
    public static func readStream(_ fd: Int32, limit: Int = Int.max) throws(ReadError) -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let r = chunk.withUnsafeMutableBytes { p in Glibc.read(fd, p.baseAddress!, 65536) }
            if r < 0 {
                if errno == EINTR { continue }
                throw mapErrno(errno)
            }
            if r == 0 { break }
            out.append(contentsOf: chunk[0..<r])
            if out.count > limit { throw .tooLarge(size: nil, limit: limit) }
        }
        return out
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Writes `bytes` to `path`: atomically (temp file + rename) for regular files, and
    /// straight into anything else that exists, such as `/dev/null` or a FIFO, which a
    /// rename would replace with a regular file.
    public static func write(_ bytes: [UInt8], to path: String) throws(ReadError) {
        var st = stat()
        if stat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory }
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            if fd < 0 { throw mapErrno(errno) }
            defer { close(fd) }
            try writeAll(fd, bytes)
            return
        }
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw mapErrno(errno) }
        var off = 0
        while off < bytes.count {
            let r = bytes.withUnsafeBytes { p in Glibc.write(fd, p.baseAddress! + off, bytes.count - off) }
            if r < 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                unlink(tmp)
                throw mapErrno(e)
            }
            off += r
        }
        close(fd)
        if rename(tmp, path) != 0 {
            let e = errno
            unlink(tmp)
            throw mapErrno(e)
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(ReadError) {
        var off = 0
        while off < bytes.count {
            let r = bytes.withUnsafeBytes { p in Glibc.write(fd, p.baseAddress! + off, bytes.count - off) }
            if r < 0 {
                if errno == EINTR { continue }
                throw mapErrno(errno)
            }
            off += r
        }
    }

    /// Names in a directory (not recursive), sorted.
    public static func list(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func mapErrno(_ e: Int32) -> ReadError {
        switch e {
        case ENOENT, ENOTDIR: .notFound
        case EISDIR: .isDirectory
        case EACCES, EPERM: .permissionDenied
        default: .other(code: e)
        }
    }
}
