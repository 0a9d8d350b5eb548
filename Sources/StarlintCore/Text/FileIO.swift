#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        // Opened without waiting: a named pipe (FIFO) nobody writes to would hold `open` until
        // a writer came, so a batch naming one hung. It is waited on for a writer up to
        // `pipeWaitSeconds` (a writer started just after, as in `cat a.md > pipe &`, is still
        // read), then fails; a pipe with a writer (`score <(pbpaste)`) is read at once.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 { throw mapErrno(errno) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw mapErrno(errno) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory }
        if (st.st_mode & S_IFMT) == S_IFIFO {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            var ready: Int32
            repeat { ready = poll(&p, 1, Int32(pipeWaitSeconds * 1000)) } while ready < 0 && errno == EINTR
            if ready == 0 { throw .noWriter(seconds: pipeWaitSeconds) }
        }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
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
