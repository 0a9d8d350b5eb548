import Foundation
import GRDB
import StarlintCore
@testable import StarlintStore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Several processes, crashes, and databases that cannot be used. Each test runs the built
/// `starlint` binary against a temporary database.
@Suite(.serialized)
struct ReliabilityTests {
    let answer = exampleAnswers + "/strong.md"

    @Test func fourProcessesSavingAtOnceKeepAllHundredAttempts() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        // Given a database that does not exist yet
        let path = dir + "/data/progress.sqlite"

        // When four processes each save 25 attempts into it at the same time. They wait up
        // to a minute for each other's locks instead of the default 5 s. A worker gave up here
        // with "locked" twice (once with the minute, having saved nothing): most likely it
        // lost the race to migrate the new database, where SQLite does not wait; see
        // processesCreatingOneDatabaseAtOnceAllSucceed, which failed 2 runs in 4 before the fix. This test is about losing nothing;
        // lockedDatabaseFailsAfterTheBusyTimeoutAndIsLeftUnchanged covers the timeout.
        let workers = try (0..<4).map { k in
            try Spawned(["_save-loop", answer, "--count", "25", "--tag", "w\(k)", "--db", path],
                        env: ["STARLINT_BUSY_TIMEOUT_MS": "60000"], scratch: dir)
        }
        let results = workers.map { $0.wait() }

        // Then every process succeeded and all 100 attempts are there, 25 per process
        for r in results {
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(!r.stderr.contains("locked"))
            #expect(r.stdout == "saved 25\n")
        }
        let store = try AttemptStore(path: path)
        #expect(try store.attemptCount() == 100)
        for k in 0..<4 { #expect(try store.history(question: "loop-w\(k)").count == 25) }
        #expect(try store.integrityProblems().isEmpty)
    }

    /// The race the test above once lost: processes that create and migrate the same new
    /// database at once. GRDB migrates in DEFERRED transactions, and SQLite refuses such a
    /// transaction's first write at once (SQLITE_BUSY, no busy wait) when another process
    /// wrote in between; the store retries that within its busy timeout. Switching the new file
    /// to WAL can be refused the same way, and is retried too: with a cold page cache (freshly
    /// built binaries, as in a clean-clone CI run) that failed in 2 of 5 runs before the retry
    /// and in none of 24 after it.
    @Test func processesCreatingOneDatabaseAtOnceAllSucceed() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        for round in 0..<8 {
            // Given a database that does not exist yet
            let path = dir + "/r\(round)/progress.sqlite"
            // When six processes each create it, migrate it and save one attempt at once
            let workers = try (0..<6).map { k in
                try Spawned(["_save-loop", answer, "--count", "1", "--tag", "c\(k)", "--db", path], scratch: dir)
            }
            let results = workers.map { $0.wait() }
            // Then each of them succeeded, and the database has all six attempts
            for r in results {
                #expect(r.status == 0, "round \(round): \(r.stderr)")
                #expect(r.stdout == "saved 1\n")
            }
            let store = try AttemptStore(path: path)
            #expect(try store.attemptCount() == 6)
            #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14"])
        }
    }

    @Test func killingAProcessMidSaveLeavesNoPartialAttempt() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/progress.sqlite"
        // A long answer (hundreds of sentences and findings) makes each save transaction long,
        // and the loop spends nearly all its time inside them.
        let long = dir + "/long.md"
        _ = FileManager.default.createFile(atPath: long, contents: Data(String(repeating: try exampleText("filler-heavy") + "\n", count: 60).utf8))
        var expectedAtLeast = 0
        for round in 0..<5 {
            // Given a process saving attempts in a loop
            let loop = try Spawned(["_save-loop", long, "--count", "0", "--tag", "k\(round)", "--db", path], scratch: dir)
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                if FileManager.default.fileExists(atPath: path),
                   let n = try? AttemptStore(path: path, access: .readOnly).attemptCount(), n >= expectedAtLeast + 3 { break }
                usleep(20_000)
            }
            usleep(UInt32.random(in: 0...15_000))

            // When it is killed with SIGKILL
            kill(loop.process.processIdentifier, SIGKILL)
            let r = loop.wait()
            #expect(r.status == SIGKILL)
            expectedAtLeast += 3
        }

        // Then the database passes SQLite's checks and every attempt has all its child rows
        let store = try AttemptStore(path: path)
        #expect(try store.integrityProblems() == [])
        #expect(try store.attemptCount() >= expectedAtLeast)
        let q = try DatabaseQueue(path: path)
        let orphans = try q.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sentence WHERE attemptId NOT IN (SELECT id FROM attempt)") }
        #expect(orphans == 0)
        let empty = try q.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM attempt WHERE id NOT IN (SELECT attemptId FROM sentence)") }
        #expect(empty == 0)
    }

    @Test func readOnlyDatabaseIsRefusedAndLeftUnchanged() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        // Given a database with one attempt whose file is made read-only
        let path = dir + "/progress.sqlite"
        try AttemptStore(path: path).save(try crafted(score: 70, hash: "1"), text: "1", questionKey: "q001", questionText: nil)
        chmod(path, 0o444)
        let before = fingerprint(path)

        // When an answer is scored into it
        let r = try runStarlint(["score", answer, "--db", path], scratch: dir)

        // Then the report is printed, without an attempt id, and the save fails with one line
        // naming the file, exit code 2; the file is untouched
        #expect(r.status == 2)
        #expect(r.stderr == "starlint: error: \(path): database is read-only (no write permission to it or its folder) (use --no-save to score without saving)\n")
        #expect(r.stdout.contains("/100") && !r.stdout.contains("Saved as attempt"), "\(r.stdout)")
        #expect(fingerprint(path) == before)

        // and it can still be read
        let h = try runStarlint(["history", "--db", path, "--format", "csv"], scratch: dir)
        #expect(h.status == 0, "stderr: \(h.stderr)")
        #expect(h.stdout.split(separator: "\n").count == 2)
        #expect(fingerprint(path) == before)
    }

    /// Runs `body` with the path and fingerprint of a database in `dir` holding one attempt,
    /// while another connection holds `lock` on it ("BEGIN EXCLUSIVE", "BEGIN IMMEDIATE");
    /// returns the path.
    @discardableResult
    func whileLocked(_ lock: String, in dir: String, _ body: (_ path: String, _ before: String) throws -> Void) throws -> String {
        let path = dir + "/progress.sqlite"
        try AttemptStore(path: path).save(try crafted(score: 70, hash: "1"), text: "1", questionKey: "q001", questionText: nil)
        let holder = try DatabaseQueue(path: path)
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: lock)
            try body(path, fingerprint(path))
            try db.execute(sql: "ROLLBACK")
        }
        return path
    }

    @Test func lockedDatabaseFailsAfterTheBusyTimeoutAndIsLeftUnchanged() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        // Given a database on which another connection holds an exclusive lock
        let path = try whileLocked("BEGIN EXCLUSIVE", in: dir) { path, before in
            let started = Date()

            // When an answer is scored into it with a 300 ms busy timeout
            let r = try runStarlint(["score", answer, "--db", path], env: ["STARLINT_BUSY_TIMEOUT_MS": "300"], scratch: dir)

            // Then it waits, prints the report (the analysis is not lost to the lock), then fails
            // with one line naming the file and exit code 2, changing nothing
            #expect(r.status == 2)
            #expect(r.stderr == "starlint: error: \(path): database is locked by another process; try again when it has finished (use --no-save to score without saving)\n")
            #expect(r.stdout.contains("/100") && !r.stdout.contains("Saved as attempt"), "\(r.stdout)")
            #expect(Date().timeIntervalSince(started) >= 0.3)
            #expect(fingerprint(path) == before)
        }
        // and once the lock is released, saving works
        let ok = try runStarlint(["score", answer, "--db", path], scratch: dir)
        #expect(ok.status == 0, "stderr: \(ok.stderr)")
        #expect(try AttemptStore(path: path).attemptCount() == 2)
    }

    /// `check --save` takes the database's write lock before it grades anything: one locked
    /// for longer than the wait stops it at once, with nothing graded or printed.
    @Test func checkSaveOnALockedDatabaseStopsBeforeGrading() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        // A writer's lock (readers may still read the WAL database).
        let path = try whileLocked("BEGIN IMMEDIATE", in: dir) { path, before in
            let r = try runStarlint(["check", answer, "--save", "--db", path], env: ["STARLINT_BUSY_TIMEOUT_MS": "300"], scratch: dir)
            #expect(r.status == 2)
            #expect(r.stdout.isEmpty, "\(r.stdout)")
            #expect(r.stderr.contains("database is locked by another process"), "\(r.stderr)")
            #expect(fingerprint(path) == before)
        }
        let ok = try runStarlint(["check", answer, "--save", "--db", path], scratch: dir)
        #expect(ok.status == 0 || ok.status == 1, "stderr: \(ok.stderr)")
        #expect(try AttemptStore(path: path).attemptCount() == 2)
    }

    /// An attempt with no date of its own is dated as it is saved, under the write lock: two
    /// processes that waited for each other's lock list their attempts in the order saved.
    @Test func attemptsAreDatedWhenSavedNotWhenMade() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let store = try AttemptStore(path: dir + "/progress.sqlite")
        let early = AttemptInput(try crafted(score: 60, hash: "a"), text: "a", questionKey: "q001", questionText: nil)
        Thread.sleep(forTimeInterval: 0.01)
        let late = AttemptInput(try crafted(score: 70, hash: "b"), text: "b", questionKey: "q001", questionText: nil)
        // Made in one order, saved in the other (as when the first waited for a lock).
        _ = try store.save([late])
        Thread.sleep(forTimeInterval: 0.01)
        _ = try store.save([early])
        let newest = try #require(try store.history().first)
        #expect(newest.score == 60 && newest.id == 2, "\(newest)")
    }

    @Test(arguments: ["garbage", "damaged pages"])
    func corruptDatabaseIsRefusedAndLeftUnchanged(kind: String) throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        // Given a file that is not a database, or a database whose pages were overwritten
        let path = dir + "/progress.sqlite"
        if kind == "garbage" {
            _ = FileManager.default.createFile(atPath: path, contents: Data(String(repeating: "not a database\n", count: 400).utf8))
        } else {
            do {
                let store = try AttemptStore(path: path)
                for k in 0..<20 { try store.save(try crafted(score: 50 + k, hash: "\(k)"), text: String(repeating: "text \(k) ", count: 200), questionKey: "q001", questionText: nil) }
            }  // closing the last connection checkpoints the WAL into the file
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
            var bytes = fileBytes(path)
            // Every page after the first (the header and schema) is overwritten.
            let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
            #expect(pageSize == 16384)
            #expect(bytes.count > 2 * pageSize)
            for i in pageSize..<bytes.count { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        }
        let before = fingerprint(path)

        // When an answer is scored into it, or its history is read
        let r = try runStarlint(["score", answer, "--db", path], scratch: dir)
        let h = try runStarlint(["history", "--db", path], scratch: dir)

        // Then both fail with one line naming the file and exit code 2, and the file is untouched
        for x in [r, h] {
            #expect(x.status == 2)
            #expect(x.stderr.hasPrefix("starlint: error: \(path): "))
            #expect(x.stderr.contains("not a database") || x.stderr.contains("corrupt"))
            #expect(x.stderr.split(separator: "\n").count == 1)
        }
        #expect(fingerprint(path) == before)
    }

    /// Damage SQLite's own checks let through (a page of the `attempt` table overwritten), or
    /// an edit made outside starlint, can leave values starlint never writes: a score outside
    /// 0-100, a date it cannot read, a sentence past the end of its text. Each is reported as
    /// that one attempt damaged, in one line, the file left as it was; `forget` deletes it and
    /// the rest of the history reads again.
    @Test func impossibleValuesAreReportedAsADamagedAttemptThatForgetRemoves() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/progress.sqlite"
        for _ in 0..<2 {
            let s = try runStarlint(["score", answer, "--db", path, "--question", "q00\(try AttemptStore(path: path).attemptCount() + 1)"], scratch: dir)
            #expect(s.status == 0, "\(s.stderr)")
        }
        func damaged(_ problem: String) -> String {
            "starlint: error: \(path): attempt #1 is damaged (\(problem)), which starlint never writes; 'starlint forget 1' deletes that attempt and keeps the others\n"
        }
        // After `sql`, each command fails naming the attempt, and the file is left as it was.
        func expectDamaged(after sql: String, _ commands: [([String], String)]) throws {
            let raw = try DatabaseQueue(path: path)
            try raw.write { try $0.execute(sql: sql) }
            try raw.close()
            let before = fingerprint(path)
            for (args, problem) in commands {
                let r = try runStarlint(args + ["--db", path], scratch: dir)
                #expect(r.status == 2 && r.stdout.isEmpty, "\(args) \(r.stdout)")
                #expect(r.stderr == damaged(problem), "\(args) \(r.stderr)")
            }
            #expect(fingerprint(path) == before)
        }
        let score = "a score of -111, outside 0-100"
        try expectDamaged(after: "UPDATE attempt SET clarity = -111 WHERE id = 1", [(["history"], score), (["show", "1"], score)])
        // The score itself, which `progress` reads too.
        let score250 = "a score of 250, outside 0-100"
        try expectDamaged(after: "UPDATE attempt SET clarity = 80, score = 250 WHERE id = 1",
                          [(["history"], score250), (["progress"], score250), (["show", "1"], score250)])
        // A date that cannot be read stopped `history` with a crash, and `progress` showed 1970.
        try expectDamaged(after: "UPDATE attempt SET score = 80, createdAt = 'garbage' WHERE id = 1",
                          [(["history"], "its createdAt cannot be read"), (["progress"], "its createdAt cannot be read"),
                           (["show", "1"], "a value in it cannot be read"), (["diff", "1"], "its createdAt cannot be read")])
        // practice reads every question's latest attempt to pick one (it crashed on the date too)
        let practice = try runStarlint(["practice", "--db", path], stdin: "I rang every supplier that morning and sorted the orders by date.", scratch: dir)
        #expect(practice.status == 2 && practice.stderr == damaged("its createdAt cannot be read"), "\(practice.stderr)")
        do {
            let raw = try DatabaseQueue(path: path)
            try raw.write { try $0.execute(sql: "UPDATE attempt SET createdAt = '2026-01-01 10:00:00.000' WHERE id = 1; UPDATE sentence SET text = NULL, textStart = 0, textEnd = 1000000 WHERE attemptId = 1 AND position = 0") }
        }
        let show = try runStarlint(["show", "1", "--db", path], scratch: dir)
        #expect(show.status == 2 && show.stderr == damaged("its sentence 1 points outside its text"), "\(show.stderr)")
        #expect(try runStarlint(["history", "--db", path], scratch: dir).status == 0)
        // `forget` removes the damaged attempt (it cannot be read to be described) and keeps the other.
        try DatabaseQueue(path: path).write { try $0.execute(sql: "UPDATE attempt SET score = 150 WHERE id = 1") }
        let forget = try runStarlint(["forget", "1", "--yes", "--db", path], scratch: dir)
        #expect(forget.status == 0 && forget.stdout == "Deleted attempt #1 (damaged: a score of 150, outside 0-100).\n", "\(forget.stdout)\(forget.stderr)")
        let after = try runStarlint(["history", "--db", path], scratch: dir)
        #expect(after.status == 0 && after.stdout.split(separator: "\n").count == 2, "\(after.stdout)")
    }

    /// A database that may be there but cannot be reached (a loop of links; a folder that may
    /// not be searched) is an error, not "no attempts saved yet".
    @Test func anUnreachableDatabaseIsAnErrorNotAnEmptyHistory() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let loop = dir + "/loop.sqlite"
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: "loop.sqlite")
        for args in [["history"], ["progress"], ["show"], ["forget", "1", "--yes"]] {
            let r = try runStarlint(args + ["--db", loop], scratch: dir)
            #expect(r.status == 2 && r.stdout.isEmpty, "\(args) \(r.stdout)")
            #expect(r.stderr.hasPrefix("starlint: error: cannot reach the progress database \(loop): "), "\(args) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
        // Nothing there at all is still no attempts yet.
        let none = try runStarlint(["history", "--db", dir + "/none.sqlite"], scratch: dir)
        #expect(none.status == 0 && none.stdout.contains("No attempts saved yet"), "\(none.stdout)")
    }

    /// `check -o` never writes its report over a database: the one `--save` writes to, or any
    /// other SQLite file.
    @Test func theReportIsNeverWrittenOverADatabase() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/progress.sqlite"
        #expect(try runStarlint(["score", answer, "--db", path], scratch: dir).status == 0)
        let before = fingerprint(path)
        let same = try runStarlint(["check", answer, "--no-config", "--save", "--db", path, "-o", path], scratch: dir)
        #expect(same.status == 2 && same.stderr == "starlint: error: --output '\(path)' is the progress database --save writes to; write the report somewhere else\n", "\(same.stderr)")
        let env = try runStarlint(["check", answer, "--no-config", "--save", "-o", path], env: ["STARLINT_DB": path], scratch: dir)
        #expect(env.status == 2 && env.stderr.contains("is the progress database --save writes to"), "\(env.stderr)")
        let other = try runStarlint(["check", answer, "--no-config", "-o", path], scratch: dir)
        #expect(other.status == 2 && other.stderr == "starlint: error: --output '\(path)' is a SQLite database, not an earlier report; write the report somewhere else\n", "\(other.stderr)")
        #expect(fingerprint(path) == before)
        #expect(try AttemptStore(path: path).attemptCount() == 1)
        // A database --save is yet to make, named as the output too.
        let fresh = dir + "/new.sqlite"
        let made = try runStarlint(["check", answer, "--no-config", "--save", "--db", fresh, "-o", "./new.sqlite"], scratch: dir, in: dir)
        #expect(made.status == 2 && made.stderr.contains("is the progress database --save writes to"), "\(made.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fresh))
    }

    /// Another program's tables, one of them named as starlint's is (`attempt`).
    @Test(arguments: ["note", "attempt"])
    func anotherProgramsDatabaseIsRefusedAndLeftUnchanged(table: String) throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        // Given an SQLite file with a table of some other program (journal mode delete)
        let path = dir + "/notes.sqlite"
        do {
            let other = try DatabaseQueue(path: path)
            let sql = table == "attempt" ? "CREATE TABLE attempt (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO attempt (note) VALUES ('keep me')"
                : "CREATE TABLE note (body TEXT); INSERT INTO note VALUES ('keep me')"
            try other.write { try $0.execute(sql: sql) }
        }
        let before = fingerprint(path)

        // When --db points at it for reading or for saving
        let h = try runStarlint(["history", "--db", path], scratch: dir)
        let p = try runStarlint(["progress", "--db", path], scratch: dir)
        let r = try runStarlint(["score", answer, "--db", path], scratch: dir)

        // Then each fails with one line and exit code 2, and nothing is added or switched to WAL
        for x in [h, p, r] {
            #expect(x.status == 2)
            #expect(x.stderr.hasPrefix("starlint: error: \(path): is another program's database (it has tables, and no starlint migrations)"), "\(x.stderr)")
            #expect(x.stderr.split(separator: "\n").count == 1)
        }
        #expect(fingerprint(path) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func everySQLStatementInTheStoreIsALiteralWithoutInterpolation() throws {
        // Values reach SQLite only as bound arguments: every `sql:` argument is a string literal
        // and no literal interpolates anything.
        let dir = packageRoot + "/Sources/StarlintStore"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        var statements = 0
        for file in files {
            let source = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            #expect(!source.contains("literal:"), "\(file) uses SQL literal interpolation")
            var rest = source[...]
            while let r = rest.range(of: "sql:") {
                let after = rest[r.upperBound...].drop { $0 == " " }
                #expect(after.first == "\"", "\(file): sql: argument is not a string literal")
                let literal: Substring
                if after.hasPrefix("\"\"\"") {
                    let body = after.dropFirst(3)
                    literal = body[..<(body.range(of: "\"\"\"")?.lowerBound ?? body.endIndex)]
                } else {
                    let body = after.dropFirst()
                    literal = body[..<(body.firstIndex(of: "\"") ?? body.endIndex)]
                }
                #expect(!literal.contains("\\("), "\(file): interpolated SQL: \(literal)")
                statements += 1
                rest = rest[r.upperBound...]
            }
        }
        #expect(statements >= 8)
    }
}

/// What SQLite's errors read as.
struct StoreErrorMessageTests {
    /// A full disk is said as such, for a read as much as a save (a read may need to write the
    /// shared-memory file), and not as "the attempt was not saved" from a command that saves none.
    @Test func aFullDiskIsSaidAsOne() {
        let full = StoreError(DatabaseError(resultCode: .SQLITE_FULL), path: "/data/p.sqlite")
        #expect(full == .diskFull(path: "/data/p.sqlite"))
        #expect(full.description == "/data/p.sqlite: the disk is full, so the database could not be written (nothing was saved); free some space and run it again")
        // An I/O error where the folder has room is SQLite's own message.
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        #expect(!StoreError.folderIsFull(dir + "/p.sqlite"))
        let io = StoreError(DatabaseError(resultCode: .SQLITE_IOERR, message: "disk I/O error"), path: dir + "/p.sqlite")
        #expect(io == .sqlite(path: dir + "/p.sqlite", message: "disk I/O error"))
    }
}
