import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import StarlintCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The progress database: every scored attempt, its sentences and its findings.
///
/// A `Sendable` struct wrapping one GRDB `DatabaseWriter` (the GRDB demo's `AppDatabase`
/// pattern). `init` opens the file, switches it to WAL, turns foreign keys on, sets a busy
/// timeout and runs the migrations; the other methods are named after what the commands need.
/// Every method throws `StoreError`, whose message names the database file.
public struct AttemptStore: Sendable {
    /// Whether the store may write.
    public enum Access: Sendable {
        case readWrite
        /// Opens with SQLITE_OPEN_READONLY: no migration, no journal-mode change, no writes.
        case readOnly
    }

    private let dbWriter: any DatabaseWriter
    /// The database file.
    public let path: String
    public let access: Access

    /// Seconds to wait for another process's lock before giving up.
    public static let defaultBusyTimeout: Double = 5

    /// Opens (and for `.readWrite` creates) the database at `path`.
    ///
    /// A new file is created with mode 0600 and missing folders with mode 0700. An existing file
    /// whose permission bits allow no writing is refused as read-only before SQLite touches it,
    /// even when running as root.
    public init(path: String, access: Access = .readWrite, busyTimeout: Double = AttemptStore.defaultBusyTimeout) throws(StoreError) {
        self.path = path
        self.access = access
        do {
            try Self.prepareFile(path, access: access)
            // Opening and migrating share one busy timeout for what SQLite refuses without waiting.
            let deadline = BusyDeadline(seconds: busyTimeout)
            dbWriter = try Self.openQueue(path, readOnly: access == .readOnly, busyTimeout: busyTimeout, retryUntil: deadline)
            try Self.migrate(dbWriter, access: access, path: path, retryUntil: deadline)
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// Where the database lives when no `--db` flag is given: `$STARLINT_DB`, else
    /// `$XDG_DATA_HOME/starlint/starlint.sqlite`, else `~/.local/share/starlint/starlint.sqlite`.
    /// Nil when none of these variables is set.
    public static func defaultPath(env: [String: String]) -> String? {
        if let p = env["STARLINT_DB"], !p.isEmpty { return p }
        // The XDG spec says relative values are invalid and must be ignored.
        if let x = env["XDG_DATA_HOME"], x.hasPrefix("/") { return x + "/starlint/starlint.sqlite" }
        if let h = env["HOME"], !h.isEmpty { return h + "/.local/share/starlint/starlint.sqlite" }
        return nil
    }

    /// The busy timeout in seconds: `$STARLINT_BUSY_TIMEOUT_MS` (milliseconds, a whole number
    /// from 0 to a day), or `defaultBusyTimeout` when it is unset or empty. Any other value is
    /// an error rather than a silent default, so a typing slip does not go unnoticed.
    public static func busyTimeout(env: [String: String]) throws(StoreError) -> Double {
        guard let v = env["STARLINT_BUSY_TIMEOUT_MS"], !v.trimmingCharacters(in: .whitespaces).isEmpty else { return defaultBusyTimeout }
        guard let ms = Int(v.trimmingCharacters(in: .whitespaces)), ms >= 0, ms <= 86_400_000 else { throw .badBusyTimeout(value: v) }
        return Double(ms) / 1000
    }
}

// MARK: - Opening

extension AttemptStore {
    static func makeConfiguration(path: String, readOnly: Bool, busyTimeout: Double) -> Configuration {
        var config = Configuration()
        config.label = "starlint"
        config.readonly = readOnly
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            // Another program's database (--db pointed at the wrong file): refused before
            // anything is written to it, the journal mode included.
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
            // (GRDB creates `grdb_migrations` before a first migration: a database that another
            // starlint is creating this moment has that table alone.)
            // Every starlint database has had `grdb_migrations` since the first version, so
            // tables without it are another program's, even one with an `attempt` table.
            if !tables.isEmpty, !tables.contains("grdb_migrations") || (!tables.contains("attempt") && tables.contains { $0 != "grdb_migrations" }) {
                throw StoreError.foreignDatabase(path: path)
            }
            // WAL lets history and progress read while another process saves. Switching an
            // already-WAL database is a no-op that writes nothing.
            guard !readOnly else { return }
            // Pages of 16 KiB for a new database (an existing one keeps its page size: SQLite
            // ignores this once the file has content). With the default 4 KiB, an attempt row
            // holds at most about 1 KB of answer text and the rest goes to overflow pages, each
            // mostly empty: most answers are 1 to 4 KB. On 16 KiB pages the rows fit, the file
            // is smaller and a save writes fewer pages.
            try db.execute(sql: "PRAGMA page_size = 16384")
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            if mode?.lowercased() != "wal" {
                throw DatabaseError(resultCode: .SQLITE_CANTOPEN, message: "could not switch to WAL mode")
            }
        }
        return config
    }

    /// Opens the connection. Processes that open a new database at once all switch it to WAL,
    /// and SQLite can refuse that switch at once with SQLITE_BUSY (two connections each
    /// waiting for the other's lock; the busy timeout does not apply). The open is retried,
    /// for as long as the busy timeout allows: by then one process has switched the file and
    /// the switch is a no-op for the others. (Seen in clean-clone CI runs, and reproduced with
    /// a cold page cache: one of six processes creating a database gave up with "locked".)
    static func openQueue(_ path: String, readOnly: Bool, busyTimeout: Double, retryUntil deadline: BusyDeadline) throws -> DatabaseQueue {
        var tries = 0
        while true {
            do {
                return try DatabaseQueue(path: path, configuration: makeConfiguration(path: path, readOnly: readOnly, busyTimeout: busyTimeout))
            } catch let e as DatabaseError where e.resultCode == .SQLITE_BUSY && !deadline.passed {
                tries += 1
                BusyDeadline.pause(tries)
            } catch let e as DatabaseError where readOnly && (e.resultCode == .SQLITE_CANTOPEN || e.resultCode == .SQLITE_READONLY) && canOnlyBeRead(path) {
                // A WAL database in a folder nobody may write to: SQLite cannot create the
                // shared-memory file a reader needs. No process can be writing to it either (a
                // writer needs its write-ahead file there), so it is read as immutable.
                return try DatabaseQueue(path: immutableURI(path), configuration: makeConfiguration(path: path, readOnly: true, busyTimeout: busyTimeout))
            }
        }
    }

    /// Whether the database's folder cannot be written to and it has no write-ahead file (so
    /// no writer is at work and none can start).
    static func canOnlyBeRead(_ path: String) -> Bool {
        !folderIsWritable(path) && !FileManager.default.fileExists(atPath: resolvedPath(path) + "-wal")
    }

    /// Whether this user may create files in the folder of the database `path` names (through
    /// links): SQLite needs to, to write in WAL mode or to read without a shared-memory file.
    public static func folderIsWritable(_ path: String) -> Bool {
        let real = resolvedPath(path)
        let folder = real.contains("/") ? String(real[..<real.lastIndex(of: "/")!]) : "."
        return Glibc.access(folder.isEmpty ? "/" : folder, W_OK) == 0
    }

    /// `file:PATH?immutable=1`, the path percent-encoded (SQLite reads URIs in filenames when
    /// built with SQLITE_USE_URI, as Debian's libsqlite3 is).
    static func immutableURI(_ path: String) -> String {
        // "file://" and an empty authority before an absolute path, so "//tmp/a" stays a path.
        var out = path.hasPrefix("/") ? "file://" : "file:"
        let plain = Set(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~".utf8))
        for b in path.utf8 {
            if plain.contains(b) {
                out.unicodeScalars.append(UnicodeScalar(b))
            } else {
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out + "?immutable=1"
    }

    /// Until when to retry what SQLite refuses at once with SQLITE_BUSY (where its own busy
    /// timeout does not wait): one busy timeout from when the store began to open the file.
    struct BusyDeadline {
        let end: UInt64
        init(seconds: Double) { end = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1e9) }
        var passed: Bool { DispatchTime.now().uptimeNanoseconds >= end }
        /// The wait before try `tries` + 1: 10 ms more each time, at most 100 ms.
        static func pause(_ tries: Int) { usleep(useconds_t(10_000 * min(tries, 10))) }
    }

    /// Checks an existing file, or creates the folders (0700) and an empty file (0600).
    static func prepareFile(_ path: String, access: Access) throws(StoreError) {
        var st = stat()
        if stat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFREG else { throw .notAFile(path: path) }
            if access == .readWrite {
                // Root may write anything; honour the owner's intent anyway.
                if st.st_mode & 0o222 == 0 || !isWritable(path) { throw .readOnly(path: path) }
                restoreSidecarModes(path, mode: st.st_mode & 0o666)
            }
            return
        }
        let err = errno
        guard err == ENOENT else { throw .cannotOpen(path: path, reason: String(cString: strerror(err))) }
        guard access == .readWrite else { throw .missing(path: path) }
        try makeFolders(parentOf: path)
        // Without O_EXCL: a link to a file that does not exist yet creates that file with mode
        // 0600 (with O_EXCL the open fails on the link and SQLite would create it with the
        // umask's mode), and a file another process created a moment ago is opened as it is.
        let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        if fd >= 0 {
            close(fd)
        } else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// The file a path names, through any links ("lk/db.sqlite" -> "w/a.sqlite"): SQLite keeps
    /// its -shm and -wal files beside that file, not beside the link. The path itself when it
    /// does not resolve (a file not created yet).
    public static func resolvedPath(_ path: String) -> String {
        guard let r = realpath(path, nil) else { return path }
        defer { free(r) }
        return String(cString: r)
    }

    /// A reader of a write-protected database makes its shared-memory and write-ahead files
    /// with the database's mode at the time; once the database is writable again, those of
    /// this user's that are still write-protected get the database's mode back, or every save
    /// would be refused until they were deleted by hand.
    static func restoreSidecarModes(_ path: String, mode: mode_t) {
        let real = resolvedPath(path)
        for sidecar in [real + "-shm", real + "-wal"] {
            var st = stat()
            guard lstat(sidecar, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_uid == geteuid(), st.st_mode & 0o200 == 0 else { continue }
            chmod(sidecar, mode)
        }
    }

    /// Creates each missing folder above `path` with mode 0700.
    static func makeFolders(parentOf path: String) throws(StoreError) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).dropLast()
        var current = path.hasPrefix("/") ? "" : "."
        for part in parts {
            current += "/" + part
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw .cannotOpen(path: path, reason: "cannot create folder \(current): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Runs the migrations. Several processes may open a new database at once: GRDB's migrator
    /// checks what is applied outside the migration's transaction, so a process that loses the
    /// race can fail a migration (rolled back) or read `grdb_migrations` while another process
    /// is creating it ("no such table"). Such a process clears its schema cache, waits a
    /// moment and looks again; by then the winner has finished and the work is done.
    ///
    /// GRDB runs each migration in a DEFERRED transaction, which reads before it writes. When
    /// another process has written in between, SQLite refuses the upgrade to a write at once
    /// with SQLITE_BUSY (a stale WAL snapshot, or two readers each waiting for the other in a
    /// file not yet in WAL mode): the busy timeout does not apply, since waiting cannot help.
    /// That too is retried, for as long as the busy timeout allows (seen once in a full test
    /// run: one of four processes creating a database at once gave up with "locked").
    static func migrate(_ writer: any DatabaseWriter, access: Access, path: String, retryUntil deadline: BusyDeadline) throws {
        var tries = 0
        while true {
            do {
                try migrateOnce(writer, access: access, path: path)
                return
            } catch let e as DatabaseError where ((e.resultCode == .SQLITE_ERROR || e.resultCode == .SQLITE_CONSTRAINT) && tries < 10)
                        || (e.resultCode == .SQLITE_BUSY && !deadline.passed) {
                tries += 1
                writer.writeWithoutTransaction { $0.clearSchemaCache() }
                BusyDeadline.pause(tries)
            }
        }
    }

    private static func migrateOnce(_ writer: any DatabaseWriter, access: Access, path: String) throws {
        let migrator = makeMigrator()
        if try writer.read({ try migrator.hasBeenSuperseded($0) }) { throw StoreError.newerSchema(path: path) }
        if access == .readOnly {
            if try !writer.read({ try migrator.hasCompletedMigrations($0) }) { throw StoreError.readOnlyNeedsUpgrade(path: path) }
            return
        }
        if try !writer.read({ try migrator.hasCompletedMigrations($0) }) {
            try migrator.migrate(writer)
        }
    }

    /// The schema, one migration per shipped version. A shipped migration never changes; table
    /// names are strings, not Swift types, so renaming a type cannot alter an old migration.
    static func makeMigrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE attempt (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    createdAt DATETIME NOT NULL,
                    file TEXT NOT NULL,
                    text TEXT NOT NULL,
                    contentHash TEXT NOT NULL,
                    questionKey TEXT NOT NULL,
                    questionText TEXT,
                    score INTEGER NOT NULL,
                    structure INTEGER NOT NULL,
                    specificity INTEGER NOT NULL,
                    ownership INTEGER NOT NULL,
                    clarity INTEGER NOT NULL,
                    concision INTEGER NOT NULL,
                    sentenceCount INTEGER NOT NULL,
                    findingCount INTEGER NOT NULL,
                    rubricVersion TEXT NOT NULL,
                    modelVersion TEXT NOT NULL,
                    toolVersion TEXT NOT NULL
                );
                CREATE INDEX attempt_on_questionKey_createdAt ON attempt(questionKey, createdAt);
                CREATE INDEX attempt_on_createdAt ON attempt(createdAt);
                CREATE TABLE sentence (
                    attemptId INTEGER NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    label TEXT NOT NULL,
                    confidence DOUBLE NOT NULL,
                    uncertain BOOLEAN NOT NULL,
                    explicitLabel BOOLEAN NOT NULL,
                    line INTEGER NOT NULL,
                    col INTEGER NOT NULL,
                    words INTEGER NOT NULL,
                    PRIMARY KEY (attemptId, position)
                );
                CREATE TABLE finding (
                    attemptId INTEGER NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    message TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    col INTEGER NOT NULL,
                    endLine INTEGER NOT NULL,
                    endCol INTEGER NOT NULL,
                    suggestion TEXT,
                    PRIMARY KEY (attemptId, position)
                );
                CREATE INDEX finding_on_rule ON finding(rule);
                """)
        }

        // v2: word count per attempt (backfilled from the sentences), which command saved it,
        // and how long a practice answer took to write.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                ALTER TABLE attempt ADD COLUMN words INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE attempt ADD COLUMN source TEXT NOT NULL DEFAULT 'score';
                ALTER TABLE attempt ADD COLUMN durationMs INTEGER;
                UPDATE attempt SET words = (SELECT COALESCE(SUM(words), 0) FROM sentence WHERE sentence.attemptId = attempt.id);
                """)
        }

        // v3: indexes for progress and history, so that both read index pages instead of
        // attempt rows (each holds an answer's text): the questionKey/createdAt index gains
        // id (so ORDER BY createdAt, id needs no sort) and the score (covering a question's
        // last scores and each previous score in history);
        // a question's best attempt (highest score, earliest on ties) is one lookup; so is its
        // latest attempt that has a question text (file-keyed questions have none, which
        // without this partial index meant reading all their attempts).
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                CREATE INDEX attempt_on_questionKey_createdAt_score ON attempt(questionKey, createdAt, id, score);
                DROP INDEX attempt_on_questionKey_createdAt;
                CREATE INDEX attempt_on_questionKey_score ON attempt(questionKey, score DESC, createdAt);
                CREATE INDEX attempt_on_questionKey_createdAt_text ON attempt(questionKey, createdAt) WHERE questionText IS NOT NULL;
                """)
        }

        // v4: smaller rows for the tables a save writes most. A sentence no longer repeats its
        // text: it stores where the text lies in the attempt's text (UTF-8 byte offsets
        // textStart/textEnd, see `SentenceText`), keeping the text itself only when no span of
        // the attempt's text reads as it. Sentences and findings become WITHOUT ROWID tables
        // keyed by (attemptId, position), so a row is one b-tree entry instead of a table row
        // plus a primary-key index entry. finding_on_rule goes: no query reads findings by rule.
        // Rows whose attempt is gone (impossible with foreign keys on, which starlint always
        // turns on) are not copied: nothing could read them.
        migrator.registerMigration("v4") { db in
            try db.execute(sql: """
                CREATE TABLE sentence_v4 (
                    attemptId INTEGER NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    textStart INTEGER,
                    textEnd INTEGER,
                    label TEXT NOT NULL,
                    confidence DOUBLE NOT NULL,
                    uncertain BOOLEAN NOT NULL,
                    explicitLabel BOOLEAN NOT NULL,
                    line INTEGER NOT NULL,
                    col INTEGER NOT NULL,
                    words INTEGER NOT NULL,
                    text TEXT,
                    PRIMARY KEY (attemptId, position),
                    CHECK ((text IS NULL AND textStart IS NOT NULL AND textEnd IS NOT NULL AND textStart >= 0 AND textEnd >= textStart)
                        OR (text IS NOT NULL AND textStart IS NULL AND textEnd IS NULL))
                ) WITHOUT ROWID;
                CREATE TABLE finding_v4 (
                    attemptId INTEGER NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    message TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    col INTEGER NOT NULL,
                    endLine INTEGER NOT NULL,
                    endCol INTEGER NOT NULL,
                    suggestion TEXT,
                    PRIMARY KEY (attemptId, position)
                ) WITHOUT ROWID;
                INSERT INTO finding_v4 (attemptId, position, rule, severity, message, line, col, endLine, endCol, suggestion)
                    SELECT f.attemptId, f.position, f.rule, f.severity, f.message, f.line, f.col, f.endLine, f.endCol, f.suggestion
                    FROM finding AS f JOIN attempt AS a ON a.id = f.attemptId
                    ORDER BY f.attemptId, f.position;
                """)
            try copySentencesToV4(db)
            try db.execute(sql: """
                DROP TABLE sentence;
                ALTER TABLE sentence_v4 RENAME TO sentence;
                DROP TABLE finding;
                ALTER TABLE finding_v4 RENAME TO finding;
                """)
        }

        // v5: content keys become XXH64 of the file's bytes (starlint 0.5), where they were
        // FNV-1a 64; keys that are the old hash of their attempt's text are rewritten.
        migrator.registerMigration("v5") { db in
            try rehashContentKeysToV5(db)
        }

        // v6: the score's deductions (starlint 0.6), so `show` explains a saved score as `score`
        // did. An attempt saved before has no rows and a NULL deductionCount: not recorded,
        // which is not the same as no deductions (0).
        migrator.registerMigration("v6") { db in
            try db.execute(sql: """
                ALTER TABLE attempt ADD COLUMN deductionCount INTEGER;
                CREATE TABLE deduction (
                    attemptId INTEGER NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    dimension TEXT NOT NULL,
                    points DOUBLE NOT NULL,
                    totalEffect DOUBLE NOT NULL,
                    line INTEGER NOT NULL,
                    col INTEGER NOT NULL,
                    message TEXT NOT NULL,
                    PRIMARY KEY (attemptId, position)
                ) WITHOUT ROWID;
                """)
        }

        // v7: what `score` said besides the findings (starlint 0.8): how many findings
        // starlint-disable comments suppressed, and the starlint comments that did nothing
        // (unknown rule or directive, never closed, hiding no finding), so `show` prints both
        // as `score` did. NULL suppressedFindings: saved before, neither recorded.
        migrator.registerMigration("v7") { db in
            try db.execute(sql: """
                ALTER TABLE attempt ADD COLUMN suppressedFindings INTEGER;
                CREATE TABLE directiveProblem (
                    attemptId INTEGER NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    line INTEGER NOT NULL,
                    message TEXT NOT NULL,
                    PRIMARY KEY (attemptId, position)
                ) WITHOUT ROWID;
                """)
        }

        // v8: the column of a starlint comment that did nothing (starlint 0.9), so `show`
        // points at the comment as `score` did. NULL: saved before, not recorded. And an
        // index for `check --save`, which compares each file with the latest attempt from
        // that file at its question (a class of answers to one question).
        migrator.registerMigration("v8") { db in
            try db.execute(sql: """
                ALTER TABLE directiveProblem ADD COLUMN col INTEGER;
                CREATE INDEX attempt_on_questionKey_file_createdAt ON attempt(questionKey, file, createdAt, id);
                """)
        }

        // v9: the answer file's canonical path (starlint 0.10: absolute, links resolved), so
        // `check --save` knows a file it saved before however its path is typed ("cls/a.md"
        // from one folder, "a.md" or "./a.md" from another, or through a link). The path as
        // typed stays in `file`, for display. An attempt saved before keeps NULL (the folder a
        // relative path was typed in was not recorded, and a path's links may have changed
        // since): it is still matched by its path as typed, and the first run that matches it
        // so records the canonical path (`BatchInsert`). NULL also for standard input.
        migrator.registerMigration("v9") { db in
            try db.execute(sql: """
                ALTER TABLE attempt ADD COLUMN filePath TEXT;
                CREATE INDEX attempt_on_questionKey_filePath_createdAt ON attempt(questionKey, filePath, createdAt, id)
                    WHERE filePath IS NOT NULL;
                """)
        }

        // v10: what `score --format json` says of the answer beyond its sentences and findings
        // (the thirty-first session): whether the Result is quantified and by which sentence, and the
        // answer's paragraphs and speaking time, so `show --format json` gives them back. NULL:
        // saved before, not recorded.
        migrator.registerMigration("v10") { db in
            try db.execute(sql: """
                ALTER TABLE attempt ADD COLUMN quantifiedResult INTEGER;
                ALTER TABLE attempt ADD COLUMN quantifiedSentence INTEGER;
                ALTER TABLE attempt ADD COLUMN paragraphs INTEGER;
                ALTER TABLE attempt ADD COLUMN speakingSeconds INTEGER;
                """)
        }

        // v11: an index for `score` without a question (the thirty-third session), which files
        // the answer under the question its file was last saved under: the latest attempt by
        // canonical path over every question, which v9's index (question first) cannot seek.
        migrator.registerMigration("v11") { db in
            try db.execute(sql: """
                CREATE INDEX attempt_on_filePath_createdAt ON attempt(filePath, createdAt, id)
                    WHERE filePath IS NOT NULL;
                """)
        }

        // v12: which deductions a starlint-disable comment hid (the thirty-fifth session): a
        // comment hides a finding but its points still count, and `show` says which were hidden.
        // NULL for every deduction saved before (hidden findings took no points then).
        migrator.registerMigration("v12") { db in
            try db.execute(sql: "ALTER TABLE deduction ADD COLUMN suppressed INTEGER")
        }

        // v13: the part label written over a sentence that reads as another part (the
        // fifty-third session), so `show` marks it "(under your Action label)" as `score` does.
        // NULL for a sentence read as the label over it, under none, or saved before.
        migrator.registerMigration("v13") { db in
            try db.execute(sql: "ALTER TABLE sentence ADD COLUMN writtenLabel TEXT")
        }

        // v14: the score's band (starlint 0.23: the grade of the corpus's answers that score like
        // it, and the band's range), so `show` and `history` give it as `score` did, under the
        // rubric it was scored with. NULL: saved before, or by a rubric without bands.
        migrator.registerMigration("v14") { db in
            try db.execute(sql: """
                ALTER TABLE attempt ADD COLUMN bandGrade INTEGER;
                ALTER TABLE attempt ADD COLUMN bandFrom INTEGER;
                ALTER TABLE attempt ADD COLUMN bandTo INTEGER;
                """)
        }

        // Migrations for future versions go here; never edit the ones above.
        return migrator
    }

    /// Runs `body`, turning any error into a `StoreError` naming this database.
    func run<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// Sets how long this connection waits for another process's lock from now on (the
    /// busy timeout it was opened with covers the opening): `score --watch` retries a held-back
    /// save at every look, so it waits only briefly at each.
    public func setBusyTimeout(seconds: Double) throws(StoreError) {
        let ms = CInt((seconds * 1000).rounded())
        try run { dbWriter.writeWithoutTransaction { db in _ = sqlite3_busy_timeout(db.sqliteConnection, ms) } }
    }

    /// Read access for the query methods.
    var reader: any DatabaseReader { dbWriter }
}

// MARK: - Writes

extension AttemptStore {
    /// Saves one scored attempt with its sentences and findings in one IMMEDIATE transaction, so
    /// a crash leaves either the whole attempt or none of it.
    ///
    /// When the latest attempt at `questionKey` has the same content hash, nothing is written and
    /// `.duplicate` names that attempt, unless both came from files and the files differ (a
    /// copy saved as another file is saved, so its path is known at the question).
    @discardableResult
    public func save(
        _ analysis: Analysis, text: String, questionKey: String, questionText: String?,
        source: AttemptSource = .score, durationMs: Int? = nil, date: Date? = nil
    ) throws(StoreError) -> SaveOutcome {
        let item = AttemptInput(analysis, text: text, questionKey: questionKey, questionText: questionText,
                                source: source, durationMs: durationMs, date: date)
        return try save([item])[0]
    }

    /// Saves many scored attempts in one IMMEDIATE transaction: all of them or, on an error or a
    /// crash, none. Returns one outcome per item, in order.
    ///
    /// Each item is handled as `save(_:text:questionKey:...)` would handle it after the items
    /// before it: an item whose content hash equals that of the latest attempt at its question
    /// (by date, then id; earlier items of the batch included) is not written and its outcome
    /// is `.duplicate`.
    public func save(_ items: [AttemptInput]) throws(StoreError) -> [SaveOutcome] {
        guard !items.isEmpty else { return [] }
        return try run { try dbWriter.write { db in try Self.insert(items, into: db) } }
    }

    /// Takes the write lock and lets it go at once, writing nothing: a database another
    /// process holds locked for longer than the busy timeout is refused here, before any
    /// work, with the error `save` would give (opening an existing database only reads it).
    public func checkWritable() throws(StoreError) {
        try run { try dbWriter.writeWithoutTransaction { db in try db.inTransaction(.immediate) { .rollback } } }
    }

    /// Deletes one attempt (its sentences, findings, deductions and comment warnings go with it). False when there is none.
    @discardableResult
    public func forget(id: Int64) throws(StoreError) -> Bool {
        try run { try dbWriter.write { db in try AttemptRecord.deleteOne(db, key: id) } }
    }

    /// Deletes every attempt at a question; returns how many there were.
    @discardableResult
    public func forget(question key: String) throws(StoreError) -> Int {
        try run { try dbWriter.write { db in try AttemptRecord.filter(AttemptRecord.Columns.questionKey == key).deleteAll(db) } }
    }
}

// MARK: - Maintenance

extension AttemptStore {
    /// The migrations applied to this database, oldest first ("v1", "v2", ...).
    public func appliedMigrations() throws(StoreError) -> [String] {
        let migrator = Self.makeMigrator()
        return try run { try reader.read { try migrator.appliedMigrations($0) } }
    }

    /// Problems found by SQLite's integrity and foreign-key checks, attempts whose stored
    /// sentence or finding count does not match their child rows, and sentences whose span
    /// lies outside their attempt's text. Empty when all is well.
    public func integrityProblems() throws(StoreError) -> [String] {
        try run {
            try reader.read { db in
                var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
                let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
                problems += fk.map { "foreign key violation in \($0[0] as String? ?? "?") row \($0[1] as Int64? ?? -1)" }
                let partial = try Int64.fetchAll(db, sql: """
                    SELECT id FROM attempt
                    WHERE sentenceCount != (SELECT COUNT(*) FROM sentence WHERE sentence.attemptId = attempt.id)
                       OR findingCount != (SELECT COUNT(*) FROM finding WHERE finding.attemptId = attempt.id)
                    ORDER BY id
                    """)
                problems += partial.map { "attempt \($0) is missing sentences or findings" }
                // A sentence's span must lie in the part of its attempt's text that reads back
                // (up to any NUL byte; see `SentenceText`).
                let outside = try Row.fetchAll(db, sql: """
                    SELECT s.attemptId, s.position FROM sentence AS s JOIN attempt AS a ON a.id = s.attemptId
                    WHERE s.text IS NULL AND s.textEnd > COALESCE(NULLIF(instr(CAST(a.text AS BLOB), x'00'), 0) - 1, length(CAST(a.text AS BLOB)))
                    ORDER BY s.attemptId, s.position
                    """)
                problems += outside.map { "sentence \($0[1] as Int64? ?? -1) of attempt \($0[0] as Int64? ?? -1) points outside the attempt's text" }
                return problems
            }
        }
    }

    /// How many attempts are saved.
    public func attemptCount() throws(StoreError) -> Int {
        try run { try reader.read { try AttemptRecord.fetchCount($0) } }
    }
}

/// Whether this process may write `path` (file scope: `AttemptStore.access` shadows `access(2)`).
private func isWritable(_ path: String) -> Bool {
    access(path, W_OK) == 0
}
