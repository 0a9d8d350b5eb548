import Foundation
import GRDB

/// Every problem the progress database reports, each with a one-line message that names the
/// database file.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Another process holds a lock on the database for longer than the busy timeout.
    case locked(path: String)
    /// The file exists but is not an SQLite database.
    case notADatabase(path: String)
    /// The file is an SQLite database whose pages are damaged.
    case corrupt(path: String)
    /// The file (or its folder) cannot be written.
    case readOnly(path: String)
    /// The database is writable but its shared-memory or write-ahead file is not (a run on a
    /// write-protected database creates them with its permissions, and they stay so).
    case readOnlySidecar(path: String, sidecar: String)
    /// A write-protected database made by an older starlint, which cannot be upgraded in place.
    case readOnlyNeedsUpgrade(path: String)
    /// The database was written by a newer starlint with migrations this one does not know.
    case newerSchema(path: String)
    /// An SQLite database with tables but no starlint migrations (another program's file, even one with a table named `attempt`).
    case foreignDatabase(path: String)
    /// There is no database file where one was expected.
    case missing(path: String)
    /// The path names something that is not a regular file (a folder, a device).
    case notAFile(path: String)
    /// The database file or its folder cannot be created or opened.
    case cannotOpen(path: String, reason: String)
    /// The disk is full.
    case diskFull(path: String)
    /// No attempt has this id.
    case noSuchAttempt(id: Int64, path: String)
    /// One attempt holds a value starlint never writes (a score outside 0-100, a date or
    /// number it cannot read, a sentence outside its text): a damaged page, or an edit made
    /// outside starlint. The rest of the database is usable, and `forget ID` removes it.
    case damagedAttempt(path: String, id: Int64, problem: String)
    /// Any other SQLite failure.
    case sqlite(path: String, message: String)
    /// `$STARLINT_BUSY_TIMEOUT_MS` is set to something that is not a number of milliseconds.
    case badBusyTimeout(value: String)

    public var description: String {
        switch self {
        case .locked(let p): "\(p): database is locked by another process; try again when it has finished"
        case .notADatabase(let p): "\(p): file is not a database (check --db or STARLINT_DB)"
        case .corrupt(let p): "\(p): database is corrupt (disk image is malformed); move it aside to start a new one"
        case .readOnly(let p): "\(p): database is read-only (no write permission to it or its folder)"
        case .readOnlySidecar(let p, let side): "\(p): database is read-only because \(side) is not writable; make it writable, or delete it while no starlint is running"
        case .readOnlyNeedsUpgrade(let p): "\(p): database is read-only and was made by an older starlint; make it writable so it can be upgraded"
        case .newerSchema(let p): "\(p): database was written by a newer version of starlint; upgrade starlint to use it"
        case .foreignDatabase(let p): "\(p): is another program's database (it has tables, and no starlint migrations); check --db or STARLINT_DB"
        case .missing(let p): "\(p): no progress database here yet"
        case .notAFile(let p): "\(p): is not a regular file, so it cannot be a progress database"
        case .cannotOpen(let p, let reason): "\(p): cannot open the progress database (\(reason))"
        case .diskFull(let p): "\(p): the disk is full, so the database could not be written (nothing was saved); free some space and run it again"
        case .noSuchAttempt(let id, let p): "\(p): no attempt with id \(id) (see 'starlint history')"
        case .damagedAttempt(let p, let id, let problem):
            "\(p): attempt #\(id) is damaged (\(problem)), which starlint never writes; 'starlint forget \(id)' deletes that attempt and keeps the others"
        case .sqlite(let p, let message): "\(p): database error: \(message)"
        case .badBusyTimeout(let v): "STARLINT_BUSY_TIMEOUT_MS is '\(v)'; set it to a whole number of milliseconds from 0 to 86400000 (a day), or unset it for the default 5000"
        }
    }

    /// Whether the folder of `path` has less than 64 KB free (for an unprivileged writer).
    static func folderIsFull(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        var st = statvfs()
        guard statvfs(folder.isEmpty ? "." : folder, &st) == 0 else { return false }
        return UInt64(st.f_bavail) * UInt64(st.f_frsize) < 64 * 1024
    }

    /// Maps an error thrown by GRDB or SQLite to a `StoreError` naming `path`.
    init(_ error: any Error, path: String) {
        if case .damagedAttempt(let p, let id, let problem)? = error as? StoreError, p.isEmpty {
            // Thrown where the path is not known (a row being read): named here.
            self = .damagedAttempt(path: path, id: id, problem: problem)
            return
        }
        if let e = error as? StoreError { self = e; return }
        guard let e = error as? DatabaseError else {
            self = .sqlite(path: path, message: String(describing: error).oneLine)
            return
        }
        switch e.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .locked(path: path)
        case .SQLITE_NOTADB: self = .notADatabase(path: path)
        case .SQLITE_CORRUPT: self = .corrupt(path: path)
        case .SQLITE_READONLY, .SQLITE_PERM:
            let sidecar = ["-shm", "-wal"].map { path + $0 }.first { FileManager.default.fileExists(atPath: $0) && access($0, W_OK) != 0 }
            if let sidecar, access(path, W_OK) == 0 { self = .readOnlySidecar(path: path, sidecar: sidecar) } else { self = .readOnly(path: path) }
        case .SQLITE_FULL: self = .diskFull(path: path)
        // SQLite says "disk I/O error" when a full disk stops it growing its WAL or mapping its
        // shared-memory file: said as a full disk when the database's folder has (almost) no
        // room left.
        case .SQLITE_IOERR where Self.folderIsFull(path): self = .diskFull(path: path)
        case .SQLITE_CANTOPEN: self = .cannotOpen(path: path, reason: "unable to open the database file")
        default: self = .sqlite(path: path, message: (e.message ?? "SQLite error \(e.resultCode.rawValue)").oneLine)
        }
    }
}

extension String {
    /// Collapses line breaks so a message stays on one line.
    var oneLine: String {
        split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
