import Foundation
import GRDB
import StarlintCore
@testable import StarlintStore
import Testing

/// `score --watch`: a report when it starts, another for each saved version whose bytes
/// changed (with what changed since the one before), nothing for a save that changes nothing,
/// a one-line complaint for a version that cannot be scored, and each changed version saved.
struct WatchTests {
    /// Waits up to `seconds` for `condition`.
    func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    @Test func rescoresEachChangedVersionAndSavesIt() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let file = dir + "/answer.md", db = dir + "/w.sqlite"
        let first = try exampleText("strong")
        let second = first.replacingOccurrences(of: "regression", with: "regression, basically,")
        try first.write(toFile: file, atomically: false, encoding: .utf8)
        let run = try Spawned(["score", file, "--watch", "--watch-reports", "2", "--watch-interval-ms", "20", "--db", db], scratch: dir)
        defer { if run.process.isRunning { run.process.terminate() } }
        func out() -> String { String(decoding: fileBytes(run.outPath), as: UTF8.self) }
        func err() -> String { String(decoding: fileBytes(run.errPath), as: UTF8.self) }

        // Given the first report
        #expect(waitFor(20) { out().contains("Saved as attempt #1") }, "\(out())\n\(err())")
        #expect(err().hasPrefix("watching \(file): scored each time it is saved; Ctrl-C stops\n"))
        // When the file is saved unchanged (a new file renamed over it), then empty (an editor
        // part-way through a save)
        try first.write(toFile: file, atomically: true, encoding: .utf8)
        usleep(300_000)
        try "".write(toFile: file, atomically: false, encoding: .utf8)
        #expect(waitFor(20) { err().contains("file is empty") }, "\(err())")
        // then with a change
        try second.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(waitFor(30) { !run.process.isRunning }, "still running: \(out())\n\(err())")
        let result = run.wait()

        // Then there are two reports, the second after what changed, and two attempts
        #expect(result.status == 0, "\(result.stderr)")
        let a = try analyze(first, path: file), b = try analyze(second, path: file)
        #expect(result.stdout.components(separatedBy: "score \(a.score)/100").count == 2)
        #expect(result.stdout.components(separatedBy: "score \(b.score)/100").count == (a.score == b.score ? 3 : 2))
        #expect(result.stdout.contains("since the last version: score \(a.score) → \(b.score)"), "\(result.stdout)")
        #expect(result.stdout.contains("new: filler"), "\(result.stdout)")
        #expect(result.stderr.components(separatedBy: "file is empty").count == 2, "said once: \(result.stderr)")
        #expect(result.stderr.hasSuffix("still watching\n"), "\(result.stderr)")
        let store = try AttemptStore(path: db)
        #expect(try store.history().map(\.score) == [b.score, a.score])
    }

    /// A locked database holds the save back, not the report, and the save follows once the
    /// lock is gone. The busy timeout is a minute: the report must not wait for it.
    @Test func aLockedDatabaseDelaysTheSaveNotTheReport() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let file = dir + "/answer.md", db = dir + "/w.sqlite"
        let first = try exampleText("strong")
        try first.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try Spawned(["score", file, "--watch", "--watch-reports", "2", "--watch-interval-ms", "20", "--db", db],
                              env: ["STARLINT_BUSY_TIMEOUT_MS": "60000"], scratch: dir)
        defer { if run.process.isRunning { run.process.terminate() } }
        func out() -> String { String(decoding: fileBytes(run.outPath), as: UTF8.self) }
        #expect(waitFor(20) { out().contains("Saved as attempt #1") }, "\(out())")
        let holder = try DatabaseQueue(path: db)
        let second = first + "\nI now run the same check every month.\n", third = second + "I also wrote it up for the team.\n"
        try holder.writeWithoutTransaction { conn in
            try conn.execute(sql: "BEGIN EXCLUSIVE")
            try second.write(toFile: file, atomically: true, encoding: .utf8)
            #expect(waitFor(20) { out().contains("Not saved yet: \(db) is locked by another process") }, "\(out())")
            // The report came first, then the word on the save.
            let o = out()
            if let report = o.range(of: "since the last version"), let held = o.range(of: "Not saved yet") { #expect(report.lowerBound < held.lowerBound) }
            else { Issue.record("no second report: \(o)") }
            // A second version while the first still waits: it waits behind it, not instead.
            try third.write(toFile: file, atomically: true, encoding: .utf8)
            #expect(waitFor(20) { out().contains("saving this version and the 1 before it as soon as the lock is gone") }, "\(out())")
            #expect(run.process.isRunning)
            try conn.execute(sql: "COMMIT")
        }
        try holder.close()
        #expect(waitFor(20) { !run.process.isRunning }, "still running: \(out())")
        let result = run.wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Saved as attempt #2") && result.stdout.contains("Saved as attempt #3"), "\(result.stdout)")
        let store = try AttemptStore(path: db)
        #expect(try store.attemptCount() == 3)
        #expect(try store.attempt(id: 2).text == second && store.attempt(id: 3).text == third)
    }

    /// Ctrl-C while a version waits for the lock, which another connection holds until
    /// `releaseAfter` seconds after the interrupt (nil: until the watch has ended), under a
    /// busy timeout of `busyTimeoutMs`: the watch's result and the attempts in the database.
    func interruptWhileLocked(busyTimeoutMs: Int, releaseAfter: Double?) throws -> (result: RunResult, signalled: Bool, file: String, db: String, attempts: Int) {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let file = dir + "/answer.md", db = dir + "/w.sqlite"
        let first = try exampleText("strong")
        try first.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try Spawned(["score", file, "--watch", "--watch-interval-ms", "20", "--db", db],
                              env: ["STARLINT_BUSY_TIMEOUT_MS": String(busyTimeoutMs)], scratch: dir)
        defer { if run.process.isRunning { run.process.terminate() } }
        func out() -> String { String(decoding: fileBytes(run.outPath), as: UTF8.self) }
        #expect(waitFor(20) { out().contains("Saved as attempt #1") }, "\(out())")
        let holder = try DatabaseQueue(path: db)
        try holder.writeWithoutTransaction { conn in
            try conn.execute(sql: "BEGIN EXCLUSIVE")
            try (first + "\nI now run the same check every month.\n").write(toFile: file, atomically: true, encoding: .utf8)
            #expect(waitFor(20) { out().contains("Not saved yet") }, "\(out())")
            run.process.interrupt()
            if let releaseAfter { usleep(useconds_t(releaseAfter * 1_000_000)) } else { #expect(waitFor(20) { !run.process.isRunning }) }
            try conn.execute(sql: "COMMIT")
        }
        try holder.close()
        #expect(waitFor(20) { !run.process.isRunning })
        let result = run.wait()
        return (result, run.process.terminationReason == .uncaughtSignal, file, db,
                try AttemptStore(path: db).attemptCount())
    }

    /// Ctrl-C while a version waits for the lock: stderr says it was not saved.
    @Test func anInterruptWithAVersionWaitingSaysSo() throws {
        let r = try interruptWhileLocked(busyTimeoutMs: 100, releaseAfter: nil)
        #expect(r.signalled && r.result.status == SIGINT, "\(r.result.status)")
        #expect(r.result.stderr.contains("starlint: 1 version of \(r.file) not saved: \(r.db) is still locked by another process"), "\(r.result.stderr)")
        #expect(r.attempts == 1)
    }

    /// Ctrl-C while a version waits for a lock that is let go within the busy timeout: the
    /// last try waits for it, as `score` would, and the version is saved.
    @Test func anInterruptWaitsTheBusyTimeoutForTheLastSave() throws {
        let r = try interruptWhileLocked(busyTimeoutMs: 15000, releaseAfter: 1)
        #expect(!r.result.stderr.contains("not saved"), "\(r.result.stderr)")
        #expect(r.attempts == 2)
    }

    /// The database removed while watching: the next version goes to a new database at that
    /// path (said on stderr), not into the removed file.
    @Test func aDatabaseRemovedWhileWatchingIsMadeAgain() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let file = dir + "/answer.md", db = dir + "/w.sqlite"
        let first = try exampleText("strong")
        try first.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try Spawned(["score", file, "--watch", "--watch-reports", "2", "--watch-interval-ms", "20", "--db", db], scratch: dir)
        defer { if run.process.isRunning { run.process.terminate() } }
        func out() -> String { String(decoding: fileBytes(run.outPath), as: UTF8.self) }
        #expect(waitFor(20) { out().contains("Saved as attempt #1") }, "\(out())")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        try (first + "\nI now run the same check every month.\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(waitFor(20) { !run.process.isRunning }, "still running: \(out())")
        let result = run.wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("starlint: \(db) was removed while watching; saving to the database now at that path"), "\(result.stderr)")
        #expect(try AttemptStore(path: db).attemptCount() == 1)
    }

    /// A file that is there but empty when the watch starts (`touch answer.md`, then the
    /// editor) is watched; its first version with text is the first report.
    /// A front-matter id no bank question has is warned about once, not at every save.
    @Test func anUnknownFrontMatterIdIsWarnedAboutOnce() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let file = dir + "/answer.md"
        let body = try exampleText("strong")
        try ("---\nquestion: q999\n---\n" + body).write(toFile: file, atomically: true, encoding: .utf8)
        let run = try Spawned(["score", file, "--watch", "--watch-reports", "2", "--watch-interval-ms", "20", "--no-save"], scratch: dir)
        defer { if run.process.isRunning { run.process.terminate() } }
        func err() -> String { String(decoding: fileBytes(run.errPath), as: UTF8.self) }
        #expect(waitFor(20) { err().contains("'question: q999' in the front matter is no bank question id") }, "\(err())")
        try ("---\nquestion: q999\n---\n" + body + "\nI also wrote it up.\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(waitFor(20) { !run.process.isRunning }, "still running: \(err())")
        let result = run.wait()
        #expect(result.status == 0 && result.stderr.components(separatedBy: "no bank question id").count == 2, "\(result.stderr)")
    }

    @Test func anEmptyFileAtTheStartIsWatched() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let file = dir + "/answer.md"
        try "".write(toFile: file, atomically: true, encoding: .utf8)
        let run = try Spawned(["score", file, "--watch", "--watch-reports", "1", "--watch-interval-ms", "20", "--no-save"], scratch: dir)
        defer { if run.process.isRunning { run.process.terminate() } }
        func err() -> String { String(decoding: fileBytes(run.errPath), as: UTF8.self) }
        #expect(waitFor(20) { err().contains("file is empty; write your answer in it first; still watching") }, "\(err())")
        #expect(run.process.isRunning)
        try exampleText("strong").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(waitFor(20) { !run.process.isRunning }, "still running: \(err())")
        let result = run.wait()
        #expect(result.status == 0 && result.stdout.contains("score "), "\(result.stdout)\(result.stderr)")
    }

    @Test func watchNeedsAFileThatIsThereAndTextOutput() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        for args in [["score", "-", "--watch"], ["score", "a.md", "--watch", "--format", "json"], ["score", "a.md", "--watch", "--watch-reports", "0"]] {
            let r = try runStarlint(args, stdin: "I did it.", scratch: dir)
            #expect(r.status == 2 && r.stdout.isEmpty, "\(args)")
            #expect(r.stderr.hasPrefix("starlint: error: --watch") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
        // A file missing when the watch starts is a typo, as for `score`
        let missing = try runStarlint(["score", dir + "/nosuch.md", "--watch", "--no-save"], scratch: dir)
        #expect(missing.status == 2 && missing.stdout.isEmpty)
        #expect(missing.stderr.split(separator: "\n").count == 1 && missing.stderr.contains("nosuch.md"), "\(missing.stderr)")
    }

    @Test func theChangeLineCountsFindingsThatOnlyGrewFewer() throws {
        let a = try analyze("So basically I fixed it. Basically, um, I called them. Like, it worked.")
        let b = try analyze("So basically I fixed it. I called them. It worked, and complaints fell from 9 to 2.")
        let line = TextReport.changeLine(from: a, to: b)
        #expect(line.hasPrefix("since the last version: score \(a.score) → \(b.score)"), "\(line)")
        let fillers = (a.findings.filter { $0.rule == "filler" }.count, b.findings.filter { $0.rule == "filler" }.count)
        #expect(fillers.0 > fillers.1 && fillers.1 > 0)
        #expect(line.contains("fewer: filler \(fillers.0) → \(fillers.1)"), "\(line)")
        #expect(!line.contains("fixed: filler"))
    }

    /// A comment that hides findings fixes none: the change line counts hidden ones as there.
    @Test func hidingAFindingIsNotFixingIt() throws {
        let text = "So basically I fixed it. I called them. It worked, and complaints fell from 9 to 2."
        let a = try analyze(text), b = try analyze("<!-- starlint-disable filler -->\n" + text)
        #expect(b.suppressedFindings > 0 && b.score == a.score)
        let line = TextReport.changeLine(from: a, to: b)
        #expect(!line.contains("fixed") && line.contains("(±0)"), "\(line)")
    }
}
