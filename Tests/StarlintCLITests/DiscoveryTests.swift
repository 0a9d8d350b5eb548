import Foundation
import StarlintCore
import Testing

@Suite struct GlobTests {
    @Test(arguments: [
        ("*.md", "a.md", true), ("*.md", "x/y/a.md", true), ("*.md", "a.txt", false), ("*.md", "a.md.bak", false),
        ("?.md", "a.md", true), ("?.md", "ab.md", false), ("a*b*c", "aXbYc", true), ("a*b*c", "aXbY", false),
        ("*", "anything", true), ("answers/*.md", "answers/a.md", true), ("answers/*.md", "answers/x/a.md", false),
        ("answers/**/*.md", "answers/a.md", true), ("answers/**/*.md", "answers/x/y/a.md", true),
        ("answers/**/*.md", "other/a.md", false), ("**/drafts/**", "a/drafts/b.md", true), ("**/drafts/**", "drafts/b.md", true),
        ("**/drafts/**", "a/drafted/b.md", false), ("a/**", "a/b/c", true), ("a/**/b", "a/b", true), ("a/**/**/b", "a/x/y/b", true),
        ("./answers/*.md", "answers/a.md", true), ("answers/*.md", "./answers/a.md", true), ("é?.md", "éa.md", true),
        ("*.md", "🙁.md", true), ("a?c", "a/c", false), ("/abs/*.md", "/abs/a.md", true), ("***.md", "a.md", true),
        // Bracket sets: a character of the set, a range, negated with ! or ^, "]" first as itself,
        // "-" at an end as itself; a "[" with no "]" after it is itself; never "/".
        ("[ab].md", "a.md", true), ("[ab].md", "b.md", true), ("[ab].md", "c.md", false), ("[ab].md", "[ab].md", false),
        ("week[1-3]/*.md", "week2/x.md", true), ("week[1-3]/*.md", "week4/x.md", false), ("[!a]*.md", "b.md", true),
        ("[!a]*.md", "a.md", false), ("[^a]*.md", "a.md", false), ("[]x].md", "].md", true), ("[a-].md", "-.md", true),
        ("[a-].md", "b.md", false), ("draft[.md", "draft[.md", true), ("a[/]b", "a/b", false), ("[é-ë].md", "ê.md", true),
        ("*[0-9].md", "week12.md", true), ("*[0-9].md", "week.md", false),
    ])
    func matches(_ pattern: String, _ path: String, _ expected: Bool) throws {
        let g = try #require(Glob(pattern))
        #expect(g.matches(path) == expected, "\(pattern) vs \(path)")
    }

    /// "[" with no "]" after it is itself, however many there are (each used to scan to the
    /// pattern's end: 100,000 of them took 17 s).
    @Test func manyUnclosedBracketsAreThemselves() throws {
        let name = String(repeating: "[", count: 50_000) + ".md"
        let g = try #require(Glob(name))
        #expect(g.matches(name) && !g.matches("a.md"))
    }

    @Test func emptyPatternsAreRejected() {
        #expect(Glob("") == nil)
        #expect(Glob("./") == nil)
        #expect(throws: StarlintError.self) { try FileFilter(include: nil, exclude: [""]) }
    }

    @Test func excludeMatchesFoldersAbove() throws {
        let f = try FileFilter(include: nil, exclude: ["drafts", "old/**"])
        #expect(f.isExcluded("answers/drafts/x.md"))
        #expect(f.isExcluded("answers/old/x.md", alternatives: ["old/x.md"]))
        #expect(!f.isExcluded("answers/old/x.md"))
        #expect(!f.isExcluded("answers/x.md"))
        #expect(f.isIncluded("answers/x.txt"))
        #expect(!f.isIncluded("answers/x.json"))
    }
}

@Suite struct DiscoveryTests {
    func paths(_ args: [String], include: [String]? = nil, exclude: [String]? = nil) throws -> [String] {
        let cwd = FileManager.default.currentDirectoryPath
        defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
        let root = Harness.fixtures.path
        return try FileDiscovery.discover(args.map { root + "/" + $0 }, filter: try FileFilter(include: include, exclude: exclude))
            .map { String($0.path.dropFirst(root.count + 1)) }
    }

    @Test func walksFoldersSortedSkippingHiddenAndOtherExtensions() throws {
        #expect(try paths(["answers"]) == [
            "answers/archive.txt", "answers/drafts/unfinished.md", "answers/empty.md", "answers/no-result.txt",
            "answers/odd name, 100%: v2.md", "answers/strong.md", "answers/suppressed.md", "answers/vague.md",
        ])
    }

    @Test func excludeAndIncludeGlobs() throws {
        #expect(try paths(["answers"], exclude: ["drafts"]).contains("answers/drafts/unfinished.md") == false)
        #expect(try paths(["answers"], exclude: ["drafts/**"]).contains("answers/drafts/unfinished.md") == false)
        #expect(try paths(["answers"], include: ["*.txt"]) == ["answers/archive.txt", "answers/no-result.txt"])
        #expect(try paths(["answers"], include: ["drafts/*.md"]) == ["answers/drafts/unfinished.md"])
    }

    /// An absolute exclude glob leaves out what it names when the folder is given by a
    /// relative path (a coach pasting a path into the settings file), and only that.
    @Test func anAbsoluteExcludeMatchesARelativelyNamedFolder() throws {
        let drafts = Harness.fixtures.path + "/answers/drafts"
        let r = try Harness.run(["check", "answers", "--no-config", "--exclude", drafts, "--fail-on", "never"])
        #expect(!r.stdout.contains("unfinished.md") && r.stdout.contains("answers/strong.md"), "\(r.stdout)")
        // The same folder named through "..".
        let around = try Harness.run(["check", "../answers", "--no-config", "--exclude", drafts, "--fail-on", "never"], cwd: Harness.fixtures.appendingPathComponent("answers"))
        #expect(!around.stdout.contains("unfinished.md") && around.stdout.contains("answers/strong.md"), "\(around.stdout)")
        let other = try Harness.run(["check", "answers", "--no-config", "--exclude", "/nowhere/answers/drafts", "--fail-on", "never"])
        #expect(other.stdout.contains("answers/drafts/unfinished.md"), "\(other.stdout)")
    }

    @Test func namedFilesAreTakenWhateverTheirExtensionAndDeduplicated() throws {
        #expect(try paths(["answers/notes.json", "answers/strong.md", "answers/./strong.md"]) == ["answers/notes.json", "answers/strong.md"])
        #expect(try paths(["answers/notes.json"], exclude: ["*.json"]) == [])
    }

    @Test func missingPathIsAUsageError() {
        #expect(throws: StarlintError.usage("'\(Harness.fixtures.path)/answers/nope.md': no such file or directory")) {
            try paths(["answers/nope.md"])
        }
    }

    @Test func oddEntriesInAFolderFailInsteadOfBeingSkipped() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("I did it.", to: dir.appendingPathComponent("ok.md"))
        try Harness.write("I did it.", to: dir.appendingPathComponent("LOUD.MD"))
        try Harness.write("I did it.", to: dir.appendingPathComponent("mixed.Txt"))
        try Harness.write("I did it.", to: dir.appendingPathComponent("notes.json"))
        // A name that is not UTF-8 (byte FF), and a link to a file that is gone.
        let bad = dir.path + "/student\u{FFFD}.md"
        var raw = Array(dir.path.utf8) + Array("/student".utf8) + [0xFF] + Array(".md".utf8) + [0]
        let fd = raw.withUnsafeMutableBufferPointer { p in p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { open($0, O_CREAT | O_WRONLY, 0o644) } }
        #expect(fd >= 0)
        close(fd)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/gone.md", withDestinationPath: dir.path + "/missing.md")
        let found = try FileDiscovery.discover([dir.path], filter: try FileFilter(include: nil, exclude: nil))
        let names = found.map { String($0.path.dropFirst(dir.path.count + 1)) }
        #expect(names == ["LOUD.MD", "gone.md", "mixed.Txt", "ok.md", "student\u{FFFD}.md"])
        #expect(found.first { $0.path.hasSuffix("gone.md") }?.problem == .brokenLink(path: dir.path + "/gone.md"))
        #expect(found.first { $0.path == bad }?.problem == .invalidFileName(path: bad))
        #expect(BatchPolicy.inputMessage(.invalidFileName(path: bad)) == "its name is not valid UTF-8; rename it to grade it")
        // An extension matches in any case in the user's globs too ("**/*.md" takes LOUD.MD, as
        // the defaults do); the rest of a name matches as written.
        let md = try FileDiscovery.discover([dir.path], filter: try FileFilter(include: ["*.md"], exclude: nil))
        #expect(md.map { String($0.path.dropFirst(dir.path.count + 1)) } == ["LOUD.MD", "gone.md", "ok.md", "student\u{FFFD}.md"])
        let same = try FileDiscovery.discover([dir.path], filter: try FileFilter(include: ["*.md", "*.txt"], exclude: nil))
        #expect(same.map { String($0.path.dropFirst(dir.path.count + 1)) } == names)
        let upper = try FileDiscovery.discover([dir.path], filter: try FileFilter(include: ["*.TXT"], exclude: nil))
        #expect(upper.map { String($0.path.dropFirst(dir.path.count + 1)) } == ["mixed.Txt"])
        let named = try FileDiscovery.discover([dir.path], filter: try FileFilter(include: ["loud.md", "LOUD.md"], exclude: nil))
        #expect(named.map { String($0.path.dropFirst(dir.path.count + 1)) } == ["LOUD.MD"])
        let excluded = try FileDiscovery.discover([dir.path], filter: try FileFilter(include: nil, exclude: ["*.md"]))
        #expect(excluded.map { String($0.path.dropFirst(dir.path.count + 1)) } == ["mixed.Txt"])
        // ... however the exclude's extension is written: "*.MD" and "*.TXT" as "*.md" and "*.txt".
        for (glob, left) in [("*.MD", ["mixed.Txt"]), ("*.TXT", ["LOUD.MD", "gone.md", "ok.md", "student\u{FFFD}.md"]), ("LOUD.md", ["gone.md", "mixed.Txt", "ok.md", "student\u{FFFD}.md"])] {
            let found = try FileDiscovery.discover([dir.path], filter: try FileFilter(include: nil, exclude: [glob]))
            #expect(found.map { String($0.path.dropFirst(dir.path.count + 1)) } == left, "\(glob)")
        }
        // With the user's own include as well.
        let asWritten = try FileDiscovery.discover([dir.path], filter: try FileFilter(include: ["*.md", "*.txt"], exclude: ["*.MD", "LOUD.md"]))
        #expect(asWritten.map { String($0.path.dropFirst(dir.path.count + 1)) } == ["mixed.Txt"])
        let name = try FileDiscovery.discover([dir.path], filter: try FileFilter(include: ["*.md", "*.txt"], exclude: ["loud.md"]))
        #expect(name.map { String($0.path.dropFirst(dir.path.count + 1)) } == names, "a name matches as written")
        // A folder whose name is not UTF-8 is reported when it holds answers, which cannot be
        // reached; one holding only other files (pictures) is not.
        func cString(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> Int32) -> Int32 {
            (bytes + [0]).withUnsafeBufferPointer { p in p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { body($0) } }
        }
        let folder = Array(dir.path.utf8) + Array("/caf".utf8) + [0xE9]
        #expect(cString(folder) { mkdir($0, 0o755) } == 0)
        #expect(cString(folder + Array("/photo.png".utf8)) { open($0, O_CREAT | O_WRONLY, 0o644) } >= 0)
        let assets = try FileDiscovery.discover([dir.path], filter: try FileFilter(include: nil, exclude: nil))
        #expect(!assets.contains { $0.path.hasSuffix("/caf\u{FFFD}") })
        #expect(cString(folder + Array("/answer.md".utf8)) { open($0, O_CREAT | O_WRONLY, 0o644) } >= 0)
        let withFolder = try FileDiscovery.discover([dir.path], filter: try FileFilter(include: nil, exclude: nil))
        #expect(withFolder.first { $0.path.hasSuffix("/caf\u{FFFD}") }?.problem == .invalidFileName(path: dir.path + "/caf\u{FFFD}"))
        // A listed path with such bytes says so, not "no such file".
        let listed = try FileDiscovery.discover([], listed: [dir.path + "/student\u{FFFD}.md"], filter: try FileFilter(include: nil, exclude: nil))
        #expect(listed.first?.problem == .invalidFileName(path: dir.path + "/student\u{FFFD}.md"))
    }

    /// A named pipe among a folder's answers fails with its own message rather than being
    /// skipped without a word (or read, which could wait for ever); one whose name is not an
    /// answer's is left alone, as any other file is; named on the command line, it is read.
    @Test func aNamedPipeInAFolderFailsInsteadOfBeingSkipped() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("I did it.", to: dir.appendingPathComponent("ok.md"))
        #expect(mkfifo(dir.path + "/pipe.md", 0o644) == 0)
        #expect(mkfifo(dir.path + "/pipe", 0o644) == 0)
        let found = try FileDiscovery.discover([dir.path], filter: try FileFilter(include: nil, exclude: nil))
        #expect(found.map { String($0.path.dropFirst(dir.path.count + 1)) } == ["ok.md", "pipe.md"])
        let problem = StarlintError.notRegularFile(path: dir.path + "/pipe.md", kind: "a named pipe")
        #expect(found.last?.problem == problem)
        #expect(BatchPolicy.inputMessage(problem) == "is a named pipe, not a regular file, so it is not read; name it on the command line to read it")
        // Excluded, it is not mentioned.
        let excluded = try FileDiscovery.discover([dir.path], filter: try FileFilter(include: nil, exclude: ["pipe.md"]))
        #expect(excluded.map(\.problem) == [nil])
        let named = try FileDiscovery.discover([dir.path + "/pipe.md"], filter: try FileFilter(include: nil, exclude: nil))
        #expect(named.count == 1 && named[0].problem == nil)
    }

    /// A path longer than the system takes (folders thousands deep) fails on its own, found in
    /// a folder or listed on standard input, rather than being skipped without a word or read
    /// as missing.
    @Test func aPathTooLongFailsOnItsOwn() throws {
        let dir = try Harness.tempDir()
        defer { _ = try? Harness.run(["-c", "rm -rf \"$0\"", dir.path], viaShell: true) }
        try Harness.write("I did it.", to: dir.appendingPathComponent("ok.md"))
        // Made by moving into each folder, as no single path may be that long.
        let made = try Harness.run(["-c", "cd \"$0\" && mkdir deep && cd deep && i=0; while [ $i -lt 1500 ]; do mkdir abc && cd -P abc || exit 1; i=$((i+1)); done; echo 'I did it.' > a.md", dir.path], viaShell: true)
        #expect(made.code == 0, "\(made.stderr)")
        let found = try FileDiscovery.discover([dir.path], filter: try FileFilter(include: nil, exclude: nil))
        let long = found.filter { $0.path.count > 4000 }
        #expect(long.count == 1 && long.first?.problem == .readFailed(path: long[0].path, code: ENAMETOOLONG), "\(found.map(\.problem))")
        #expect(found.contains { $0.path.hasSuffix("/ok.md") && $0.problem == nil })
        let listed = dir.path + "/deep" + String(repeating: "/abc", count: 1500) + "/a.md"
        let fromList = try FileDiscovery.discover([], listed: [listed], filter: try FileFilter(include: nil, exclude: nil))
        #expect(fromList.first?.problem == .readFailed(path: listed, code: ENAMETOOLONG))
    }

    /// A link in a graded folder to a file outside it is not read (a link committed among a
    /// class's answers would put that file's text in the JSON report and the database); a
    /// link to a file inside it (or a second hard link) is the same answer, graded once under
    /// the file's own name; a file named on the command line is read wherever it is, and a
    /// link loop says so.
    @Test func aLinkToAFileOutsideTheFolderIsNotRead() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("class/ann"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("secret"), withIntermediateDirectories: true)
        try Harness.write("TOKEN ghp_0123456789 is the deploy key we used.", to: dir.appendingPathComponent("secret/creds.md"))
        try Harness.write(try Harness.fixture("answers/strong.md"), to: dir.appendingPathComponent("class/ann/good.md"))
        try fm.createSymbolicLink(atPath: dir.path + "/class/ann/answer.md", withDestinationPath: "../../secret/creds.md")
        try fm.createSymbolicLink(atPath: dir.path + "/class/ann/also.md", withDestinationPath: "good.md")
        try fm.createSymbolicLink(atPath: dir.path + "/class/loop.md", withDestinationPath: "loop.md")
        try fm.linkItem(atPath: dir.path + "/class/ann/good.md", toPath: dir.path + "/class/ann/hard.md")
        let r = try Harness.run(["check", "class", "--format", "json", "--no-config"], cwd: dir)
        #expect(r.code == 1)
        #expect(!r.stdout.contains("ghp_"), "\(r.stdout)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let files = try #require(json["files"] as? [[String: Any]]), errors = try #require(json["errors"] as? [[String: Any]])
        #expect(files.map { $0["file"] as? String } == ["class/ann/good.md"])
        #expect(errors.map { $0["file"] as? String } == ["class/ann/answer.md", "class/loop.md"])
        #expect(errors.map { $0["message"] as? String } == [
            "is a symbolic link to a file outside the folders being graded, so it is not read; name the file itself to grade it",
            "cannot be read (too many levels of symbolic links)"])
        // Each carries a verdict as a graded file does: not passed, for one input error.
        for e in errors {
            let failures = e["failures"] as? [[String: Any]]
            #expect(e["passed"] as? Bool == false && failures?.count == 1, "\(e)")
            #expect(failures?.first?["kind"] as? String == "input-error" && failures?.first?["message"] as? String == e["message"] as? String, "\(e)")
        }
        // A link into another folder being graded is read.
        let two = try Harness.run(["check", "class", "secret", "--format", "json", "--no-config"], cwd: dir)
        let twoErrors = (try JSONSerialization.jsonObject(with: Data(two.stdout.utf8)) as? [String: Any])?["errors"] as? [[String: Any]]
        #expect(twoErrors?.map { $0["file"] as? String } == ["class/loop.md"], "\(two.stdout)")
        // Named on the command line, the file is the user's choice and is read.
        let named = try Harness.run(["check", "class/ann/answer.md", "--format", "json", "--no-config"], cwd: dir)
        #expect(named.stdout.contains("ghp_"))
    }

    /// What a folder walk leaves out is said on stderr: links to folders (not followed) and a
    /// folder's README; named, a README is graded. Every answer file excluded is said as that,
    /// and folders listed on standard input with no answer in them are not "an empty list".
    @Test func leftOutFilesAndFoldersAreNamed() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("class"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("other/empty"), withIntermediateDirectories: true)
        try Harness.write(try Harness.fixture("answers/strong.md"), to: dir.appendingPathComponent("class/ann.md"))
        try Harness.write("# Week 3\n\nAnswer the question in your own words.\n", to: dir.appendingPathComponent("class/README.md"))
        try Harness.write("# Semaine 3\n\nRépondez avec vos propres mots.\n", to: dir.appendingPathComponent("class/README-fr.md"))
        try Harness.write(try Harness.fixture("answers/strong.md"), to: dir.appendingPathComponent("class/readme-answer.md"))
        // A language's README in its other shapes is left out too; a student's file that only
        // starts with "readme" is graded.
        try Harness.write("# 第三周\n\n请用自己的话回答。\n", to: dir.appendingPathComponent("class/README.zh-CN.md"))
        try Harness.write("# Semana 3\n\nResponda com suas palavras.\n", to: dir.appendingPathComponent("class/README_pt-BR.md"))
        for student in ["readme-kim.md", "readme_week3.md", "readme.week3.md", "readme_x.md"] {
            try Harness.write(try Harness.fixture("answers/strong.md"), to: dir.appendingPathComponent("class/" + student))
        }
        try fm.createSymbolicLink(atPath: dir.path + "/class/linked", withDestinationPath: "../other")
        let r = try Harness.run(["check", "class", "--no-config", "--format", "json"], cwd: dir)
        #expect(r.code == 0, "\(r.stdout)")
        let files = ((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["files"] as? [[String: Any]])?.compactMap { $0["file"] as? String }
        #expect(files == ["class/ann.md", "class/readme-answer.md", "class/readme-kim.md", "class/readme.week3.md", "class/readme_week3.md", "class/readme_x.md"], "\(files ?? [])")
        #expect(r.stderr.contains("starlint: note: not followed, a link to a folder: 'class/linked'; name the folder itself to grade it"), "\(r.stderr)")
        #expect(r.stderr.contains("starlint: note: not graded, project files rather than answers: 'class/README-fr.md', 'class/README.md', 'class/README.zh-CN.md' and 1 more; name one to grade it"), "\(r.stderr)")
        let named = try Harness.run(["check", "class/README.md", "--no-config", "--fail-on", "never"], cwd: dir)
        #expect(named.stdout.contains("class/README.md") && !named.stderr.contains("project files"), "\(named.stdout)")
        let excluded = try Harness.run(["check", "class", "--no-config", "--exclude", "*.md"], cwd: dir)
        #expect(excluded.code == 2 && excluded.stderr.contains("nothing to grade: every answer file in class is excluded (exclude: *.md)"), "\(excluded.stderr)")
        let none = try Harness.run(["check", "other", "--no-config", "--exclude", "*.md"], cwd: dir)
        #expect(none.code == 2 && none.stderr.contains("no answer files found in other"), "\(none.stderr)")
        let listed = try Harness.run(["check", "-", "--no-config"], cwd: dir, stdin: "other/empty\n")
        #expect(listed.code == 0 && listed.stderr.contains("no answer files in the path on standard input (looking for *.md, *.txt); nothing graded"), "\(listed.stderr)")
    }

    /// What `check` leaves out (a project file, an earlier report, a link to a folder, a named
    /// file the exclude globs match, a listed path the globs leave out) is listed in the formats
    /// CI reads, not only on stderr; and a report listing them is itself left out next time.
    @Test func leftOutFilesAreListedInTheMachineReadableReports() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("other"), withIntermediateDirectories: true)
        try Harness.write(try Harness.fixture("answers/strong.md"), to: dir.appendingPathComponent("class/ann.md"))
        try Harness.write(try Harness.fixture("answers/strong.md"), to: dir.appendingPathComponent("class/bo.md"))
        try Harness.write("# Week 3\n\nAnswer the question in your own words.\n", to: dir.appendingPathComponent("class/README.md"))
        try fm.createSymbolicLink(atPath: dir.path + "/class/linked", withDestinationPath: "../other")
        _ = try Harness.run(["check", "class", "--no-config", "--fail-on", "never", "-o", "class/old.txt"], cwd: dir)
        // A hidden answer file is named; macOS's "._" copies and editor locks (".#") are not.
        for name in [".draft.md", "._ann.md", ".#bo.md"] {
            try Harness.write(try Harness.fixture("answers/strong.md"), to: dir.appendingPathComponent("class/" + name))
        }
        let expected: [(String, String)] = [("class/linked", "folder-link"), ("class/README.md", "project-file"), ("class/.draft.md", "hidden"), ("class/old.txt", "earlier-report")]
        let args = ["check", "class", "--no-config", "--fail-on", "never", "--format"]
        let json = try Harness.run(args + ["json"], cwd: dir)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let listed = try #require(doc["notGraded"] as? [[String: Any]])
        #expect(listed.map { "\($0["path"] ?? ""):\($0["reason"] ?? "")" } == expected.map { "\($0.0):\($0.1)" })
        #expect(listed.allSatisfy { ($0["message"] as? String)?.isEmpty == false })
        let sarif = try Harness.run(args + ["sarif"], cwd: dir)
        let run = try #require(((try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])?["runs"] as? [[String: Any]])?.first)
        let notes = try #require((run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]])
        let notGraded = notes.filter { ($0["descriptor"] as? [String: Any])?["id"] as? String == "not-graded" }
        #expect(notGraded.map { ($0["message"] as? [String: Any])?["text"] as? String ?? "" }.map { String($0.prefix { $0 != ":" }) } == expected.map(\.0))
        let descriptors = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["notifications"] as? [[String: Any]])
        let index = try #require((notGraded.first?["descriptor"] as? [String: Any])?["index"] as? Int)
        #expect(descriptors[index]["id"] as? String == "not-graded")
        let junit = try Harness.run(args + ["junit"], cwd: dir).stdout
        #expect(junit.contains("<testsuite name=\"starlint\" tests=\"6\" failures=\"0\" errors=\"0\" skipped=\"4\">"), "\(junit)")
        #expect(junit.contains("    <testcase name=\"class/README.md\" classname=\"starlint.class\">\n      <skipped message=\"not graded: a project file"), "\(junit)")
        let github = try Harness.run(args + ["github"], cwd: dir).stdout
        #expect(github.contains("::notice file=class/old.txt,title=starlint%3A not graded::not graded: an earlier starlint report"), "\(github)")
        let markdown = try Harness.run(args + ["markdown"], cwd: dir).stdout
        #expect(markdown.contains("**Not graded:** `class/linked` (a link to a folder"), "\(markdown)")
        // The text report says it on stderr only, as before.
        let text = try Harness.run(["check", "class", "--no-config", "--fail-on", "never"], cwd: dir)
        #expect(!text.stdout.contains("not graded") && text.stderr.contains("not graded, project files"), "\(text.stdout)")
        #expect(text.stderr.contains("starlint: note: not graded, a hidden file (name starting with '.'): 'class/.draft.md'; name it to grade it, or rename it\n"), "\(text.stderr)")
        // A folder with only a hidden answer in it: the error names it.
        try Harness.write(try Harness.fixture("answers/strong.md"), to: dir.appendingPathComponent("only-hidden/.a.md"))
        let onlyHidden = try Harness.run(["check", "only-hidden", "--no-config"], cwd: dir)
        #expect(onlyHidden.code == 2 && onlyHidden.stderr == "starlint: error: no answer files found in only-hidden (looking for *.md, *.txt; not graded, hidden (name starting with '.'): 'only-hidden/.a.md')\n", "\(onlyHidden.stderr)")
        let hidden = try Harness.run(["check", "class/.draft.md", "--no-config", "--fail-on", "never"], cwd: dir)
        #expect(hidden.code == 0 && hidden.stdout.contains("PASS") && hidden.stdout.contains("class/.draft.md") && hidden.stderr.isEmpty, "\(hidden.stdout)\(hidden.stderr)")
        // Nothing left out: no such key, no skipped case.
        let clean = try Harness.run(["check", "class/ann.md", "--no-config", "--fail-on", "never", "--format", "json"], cwd: dir)
        #expect((try JSONSerialization.jsonObject(with: Data(clean.stdout.utf8)) as? [String: Any])?["notGraded"] == nil)
        #expect(try Harness.run(["check", "class/ann.md", "--no-config", "--fail-on", "never", "--format", "junit"], cwd: dir).stdout.contains("skipped=\"0\""))
        // A named file the exclude globs match, and listed paths the globs leave out.
        let excluded = try Harness.run(["check", "class/ann.md", "class/bo.md", "--no-config", "--exclude", "class/bo.md", "--fail-on", "never", "--format", "json"], cwd: dir)
        let excludedList = (try JSONSerialization.jsonObject(with: Data(excluded.stdout.utf8)) as? [String: Any])?["notGraded"] as? [[String: Any]]
        #expect(excludedList?.map { "\($0["path"] ?? ""):\($0["reason"] ?? "")" } == ["class/bo.md:excluded"])
        let stdin = try Harness.run(["check", "-", "--no-config", "--fail-on", "never", "--format", "json"], cwd: dir, stdin: "class/ann.md\nclass/notes.docx\n")
        let stdinList = (try JSONSerialization.jsonObject(with: Data(stdin.stdout.utf8)) as? [String: Any])?["notGraded"] as? [[String: Any]]
        #expect(stdinList?.map { "\($0["path"] ?? ""):\($0["reason"] ?? "")" } == ["class/notes.docx:left-out-by-globs"], "\(stdin.stdout)")
        // A file named twice, or named and listed, is one entry.
        let twice = try Harness.run(["check", "-", "class/ann.md", "class/bo.md", "class/bo.md", "--no-config", "--exclude", "class/bo.md", "--fail-on", "never", "--format", "junit"], cwd: dir, stdin: "class/bo.md\n")
        #expect(twice.stdout.components(separatedBy: "<skipped ").count == 2 && twice.stdout.contains("skipped=\"1\""), "\(twice.stdout)")
        // Each of those reports, saved among the answers, is an earlier report next time.
        for (k, format) in ["json", "sarif", "junit", "github", "markdown"].enumerated() {
            try Harness.write(try Harness.run(args + [format], cwd: dir).stdout, to: dir.appendingPathComponent("class/r\(k).txt"))
        }
        let next = try Harness.run(["check", "class", "--no-config", "--fail-on", "never", "--format", "json"], cwd: dir)
        let nextList = (try JSONSerialization.jsonObject(with: Data(next.stdout.utf8)) as? [String: Any])?["notGraded"] as? [[String: Any]]
        #expect(nextList?.filter { $0["reason"] as? String == "earlier-report" }.count == 6, "\(next.stderr)")
    }

    /// One file named twice, another way ("a/../a/x.md", or beside its folder), is graded once,
    /// under its shortest name.
    @Test func aFileNamedTwoWaysIsGradedOnce() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("Situation: our queue was full.\nAction: I sorted it.\nResult: waits fell from 3 days to 1.\n", to: dir.appendingPathComponent("answers/a.md"))
        try Harness.write("Situation: our queue was full.\nAction: I sorted it.\nResult: waits fell from 3 days to 1.\n", to: dir.appendingPathComponent("answers/b.md"))
        // A folder named twice, or a folder and its parent, likewise.
        for args in [["answers/a.md", "answers/../answers/a.md"], ["answers", "./answers/../answers/a.md"], ["answers/a.md", dir.path + "/answers/a.md"],
                     ["answers", "answers/../answers", dir.path + "/answers"], [".", "answers"]] {
            let r = try Harness.run(["check"] + args + ["--no-config", "-f", "json"], cwd: dir)
            let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let files = (doc?["files"] as? [[String: Any]])?.compactMap { $0["file"] as? String } ?? []
            #expect(files == (args[0] == "answers" || args[0] == "." ? ["answers/a.md", "answers/b.md"] : ["answers/a.md"]), "\(args): \(files)")
        }
    }

    @Test func theReportFileIsNotGradedOnTheNextRun() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("Situation: our queue was full.\nAction: I sorted it.\nResult: waits fell from 3 days to 1.\n", to: dir.appendingPathComponent("answers/a.md"))
        let first = try Harness.run(["check", "answers", "--no-config", "-f", "markdown", "-o", "answers/summary.md"], cwd: dir)
        let second = try Harness.run(["check", "answers", "--no-config", "-f", "markdown", "-o", "answers/summary.md"], cwd: dir)
        #expect(first.code == second.code)
        let report = try String(contentsOf: dir.appendingPathComponent("answers/summary.md"), encoding: .utf8)
        #expect(!report.contains("summary.md"), "\(report)")
        // Nor is standard output redirected into the folder, which the shell has made empty
        // before starlint starts (it had been graded as an empty answer, failing every run).
        for _ in 0..<2 {
            let shell = try Harness.run(["-c", "\"$0\" check answers --no-config > answers/report.txt", try #require(Harness.binary).path], cwd: dir, viaShell: true)
            #expect(shell.code == 0, "\(shell.stderr)")
            let text = try String(contentsOf: dir.appendingPathComponent("answers/report.txt"), encoding: .utf8)
            #expect(text.contains("answers/a.md") && !text.contains("report.txt"), "\(text)")
        }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("answers/report.txt"))
        // Named as a path to grade, it is still left out: it is the report being written.
        let named = try Harness.run(["check", "answers/a.md", "answers/summary.md", "--no-config", "-o", "answers/summary.md"], cwd: dir)
        #expect(named.code == first.code)
        // Nor through a link of another name in the graded folder.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("ci"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: dir.appendingPathComponent("answers/summary.md"), to: dir.appendingPathComponent("ci/report.md"))
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/answers/latest.md", withDestinationPath: "../ci/report.md")
        let linked = try Harness.run(["check", "answers", "--no-config", "-f", "json", "-o", "ci/report.md"], cwd: dir)
        #expect(linked.code == first.code)
        let json = try String(contentsOf: dir.appendingPathComponent("ci/report.md"), encoding: .utf8)
        #expect(!json.contains("latest.md"), "\(json)")
        // An answer given as the output, found in the folder or named, is refused and left as it is.
        let answer = try String(contentsOf: dir.appendingPathComponent("answers/a.md"), encoding: .utf8)
        for args in [["check", "answers"], ["check", "answers/a.md"], ["check", "answers", "-f", "json"]] {
            let r = try Harness.run(args + ["--no-config", "-o", "answers/a.md"], cwd: dir)
            #expect(r.code == 2 && r.stdout.isEmpty)
            #expect(r.stderr == "starlint: error: --output 'answers/a.md' is one of the answers to grade, not an earlier report; write the report somewhere else\n", "\(r.stderr)")
            #expect(try String(contentsOf: dir.appendingPathComponent("answers/a.md"), encoding: .utf8) == answer)
        }
        // An answer that starts like the text report's first line ("PASS rates ..."), and one
        // left out of grading by --exclude, are answers too.
        let pass = "PASS rates were 40% in 2022.\nAction: I ran weekly clinics.\nResult: pass rates rose from 40% to 65%.\n"
        try Harness.write(pass, to: dir.appendingPathComponent("answers/pass.md"))
        try Harness.write(answer, to: dir.appendingPathComponent("answers/drafts/d.md"))
        for (args, out) in [(["check", "answers"], "answers/pass.md"), (["check", "answers", "--exclude", "drafts"], "answers/drafts/d.md")] {
            let r = try Harness.run(args + ["--no-config", "-o", out], cwd: dir)
            #expect(r.code == 2 && r.stdout.isEmpty, "\(r.stderr)")
            #expect(r.stderr.contains("--output '\(out)' is"), "\(r.stderr)")
        }
        #expect(try String(contentsOf: dir.appendingPathComponent("answers/pass.md"), encoding: .utf8) == pass)
        #expect(try String(contentsOf: dir.appendingPathComponent("answers/drafts/d.md"), encoding: .utf8) == answer)
        // Nor when the output is named another way ("./answers/../answers/...", absolute) and
        // the include glob is written from the working folder.
        for out in ["./answers/../answers/pass.md", dir.path + "/answers/pass.md"] {
            let r = try Harness.run(["check", "answers", "--include", "answers/*.md", "--exclude", "answers/pass.md", "--no-config", "-o", out], cwd: dir)
            #expect(r.code == 2 && r.stdout.isEmpty, "\(out): \(r.stderr)")
        }
        #expect(try String(contentsOf: dir.appendingPathComponent("answers/pass.md"), encoding: .utf8) == pass)
        // A report of no files, or a GitHub report with no annotations, is a report too.
        try Harness.write("Situation: our queue was full. Action: I sorted it. Result: waits fell from 3 days to 1 within a week, and complaints from 12 to 2, a drop of 83%.\n", to: dir.appendingPathComponent("clean/a.md"))
        for _ in 0..<2 {
            let none = try Harness.run(["check", "-", "--no-config", "-o", "answers/none.txt"], cwd: dir, stdin: "notes.yml\n")
            #expect(none.code == 0, "\(none.stderr)")
            let gh = try Harness.run(["check", "clean", "--no-config", "-f", "github", "-o", "answers/gh.txt"], cwd: dir)
            #expect(gh.code != 2, "\(gh.stderr)")
        }
        // Each format's own earlier report is replaced, run after run.
        for format in ["text", "github", "markdown", "json", "sarif", "junit"] {
            let out = "answers/report-\(format).txt"
            for _ in 0..<2 {
                let r = try Harness.run(["check", "answers", "--exclude", "drafts", "--no-config", "-f", format, "-o", out], cwd: dir)
                #expect(r.code != 2, "\(format): \(r.stderr)")
            }
        }
    }

    @Test func controlCharactersInFileNamesAreEscapedInTheMarkdownReport() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("I did it.\n", to: dir.appendingPathComponent("c\u{1B}[31m|\tx.md"))
        try Harness.write("I did it.\n", to: dir.appendingPathComponent("new\nline.md"))
        let r = try Harness.run(["check", ".", "--no-config", "-f", "markdown"], cwd: dir)
        #expect(!r.stdout.contains("\u{1B}") && !r.stdout.contains("\t"), "\(r.stdout)")
        #expect(r.stdout.contains("`c\\u{1b}[31m\\|\\tx.md`"), "\(r.stdout)")
        #expect(r.stdout.contains("`new\\nline.md`"), "\(r.stdout)")
    }

    @Test func controlCharactersInFileNamesAreEscapedInTheTextReport() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("I did it.\n", to: dir.appendingPathComponent("a\nb.md"))
        try Harness.write("I did it.\n", to: dir.appendingPathComponent("c\u{1B}[31m.md"))
        let r = try Harness.run(["check", ".", "--no-config"], cwd: dir)
        #expect(r.stdout.contains("  a\\nb.md"), "\(r.stdout)")
        #expect(r.stdout.contains("  c\\u{1b}[31m.md"), "\(r.stdout)")
        #expect(!r.stdout.contains("\u{1B}"))
        // Every file's first line starts with PASS or FAIL: no record is split.
        #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("PASS") || $0.hasPrefix("FAIL") }.count == 2)
        // The score report's header and an unknown option's error are escaped the same way.
        let score = try Harness.run(["score", "c\u{1B}[31m.md", "--no-save", "--no-config"], cwd: dir)
        #expect(score.stdout.hasPrefix("c\\u{1b}[31m.md"), "\(score.stdout)")
        // (its finding lines name the file escaped too)
        #expect(!score.stdout.contains("\u{1B}") && score.stdout.contains("\nc\\u{1b}[31m.md:1:1: "), "\(score.stdout)")
        let option = try Harness.run(["check", "--bo\u{1B}[31mgus"], cwd: dir)
        #expect(option.code == 2 && option.stderr.contains("--bo\\u{1b}[31mgus") && !option.stderr.contains("\u{1B}"), "\(option.stderr)")
    }

    /// Reports an earlier run wrote into the graded folder are left out of the next run, with
    /// a note on stderr; a file named on the command line is graded whatever it holds.
    @Test func earlierReportsInAGradedFolderAreLeftOut() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("Situation: our queue was full. Action: I sorted it. Result: waits fell from 3 days to 1 within a week, and complaints from 12 to 2, a drop of 83%.\n", to: dir.appendingPathComponent("class/a.md"))
        try Harness.write("PASS rates rose after I rewrote the course. I ran it twice and the team passed.\n", to: dir.appendingPathComponent("class/b.md"))
        let first = try Harness.run(["check", "class", "--no-config", "--fail-on", "never", "-o", "class/report.txt"], cwd: dir)
        #expect(first.code == 0 && first.stderr.isEmpty, "\(first.stderr)")
        _ = try Harness.run(["check", "class", "--no-config", "--fail-on", "never", "-f", "markdown", "-o", "class/summary.md"], cwd: dir)
        // The next plain run grades the two answers only.
        let next = try Harness.run(["check", "class", "--no-config", "--fail-on", "never"], cwd: dir)
        #expect(next.code == 0)
        #expect(next.stdout.contains("class/a.md") && next.stdout.contains("class/b.md"))
        #expect(!next.stdout.contains("report.txt") && !next.stdout.contains("summary.md"), "\(next.stdout)")
        #expect(next.stdout.contains("2 files"), "\(next.stdout)")
        #expect(next.stderr == "starlint: note: left out 2 earlier starlint reports found among the answers: 'class/report.txt', 'class/summary.md'\n", "\(next.stderr)")
        // Named, a report is graded like any file.
        let named = try Harness.run(["check", "class/report.txt", "--no-config", "--fail-on", "never"], cwd: dir)
        #expect(named.stdout.contains("class/report.txt") && named.stderr.isEmpty, "\(named.stderr)")
        // Named beside its folder, in either order or as an absolute path, it is graded too.
        for args in [["class/report.txt", "class"], ["class", "class/report.txt"], ["class", dir.appendingPathComponent("class/report.txt").path]] {
            let both = try Harness.run(["check"] + args + ["--no-config", "--fail-on", "never"], cwd: dir)
            #expect(both.stdout.contains("report.txt") && !both.stderr.contains("report.txt"), "\(args): \(both.stdout) \(both.stderr)")
        }
        // So is one named in the standard-input list.
        let listed = try Harness.run(["check", "-", "--no-config", "--fail-on", "never"], cwd: dir, stdin: "class/a.md\nclass/report.txt\n")
        #expect(listed.stdout.contains("class/report.txt") && listed.stderr.isEmpty, "\(listed.stderr)")
        // An answer that opens like a report's totals, but not exactly, is graded; a report
        // written with colour is still one, and so are the GitHub and JUnit reports.
        try Harness.write("12 files passed, 3 failed the audit when I joined, so I rewrote the checklist and ran it with the team.\n", to: dir.appendingPathComponent("class/c.md"))
        let coloured = try Harness.run(["check", "class/a.md", "class/b.md", "--no-config", "--fail-on", "never", "--color"], cwd: dir)
        #expect(coloured.stdout.hasPrefix("\u{1B}["))
        try Harness.write(coloured.stdout, to: dir.appendingPathComponent("class/colour.txt"))
        for (format, name) in [("github", "gh.txt"), ("junit", "junit.txt")] {
            _ = try Harness.run(["check", "class/a.md", "--no-config", "--fail-on", "never", "-f", format, "-o", "class/" + name], cwd: dir)
        }
        // (A JUnit report with a file that could not be read, and one that failed, is one too.)
        try Harness.write("I fixed \u{0}it.\n", to: dir.appendingPathComponent("bad/binary.md"))
        try Harness.write("I fixed it.\n", to: dir.appendingPathComponent("bad/short.md"))
        _ = try Harness.run(["check", "bad", "--no-config", "--min-score", "90", "-f", "junit", "-o", "class/junit-bad.txt"], cwd: dir)
        let badReport = try String(contentsOf: dir.appendingPathComponent("class/junit-bad.txt"), encoding: .utf8)
        #expect(badReport.contains("<error ") && badReport.contains("<failure "), "\(badReport)")
        // But an answer is left out only when the whole file is a report: opening with a
        // report's first line ("FAIL  12  ...") or its totals is not enough.
        try Harness.write("FAIL  12  hi\nI dunno.\n", to: dir.appendingPathComponent("class/forged.md"))
        try Harness.write("1 file: 0 passed, 1 failed\nI dunno, I just did what my manager said.\n", to: dir.appendingPathComponent("class/totals.md"))
        try Harness.write("::warning file=x.md,line=1::hi\nI fixed the build.\n", to: dir.appendingPathComponent("class/annotation.md"))
        // Nor are a report's first and last lines around an answer, in any report's shape:
        // every line must be one the report writes.
        let answer = "Situation: I ran the cafe. Action: I basically did stuff, kind of. Result: it went really well."
        let wrapped = [
            "wrap-text.md": "PASS 100  class/wrap-text.md\n\(answer)\n1 file: 1 passed, 0 failed; mean score 100\n",
            "wrap-colour.md": "\u{1B}[32mPASS\u{1B}[0m 100  class/wrap-colour.md\n\(answer)\n1 file: 1 passed, 0 failed\n",
            "wrap-path.md": "PASS 100  class/wrap-path.md\nclass/wrap-path.md: \(answer)\n1 file: 1 passed, 0 failed\n",
            "wrap-github.md": "::error file=a.md,line=1::x\n\(answer)\nstarlint: 1 file, 1 passed, 0 failed\n",
            "wrap-junit.md": "<?xml version=\"1.0\"?>\n<testsuites name=\"starlint\">\n\(answer)\n</testsuites>\n",
            "wrap-junit-case.md": "<?xml version=\"1.0\"?>\n<testsuites name=\"starlint\">\n<testcase name=\"a.md\"><system-out>\(answer)</system-out></testcase>\n</testsuites>\n",
            "wrap-json.md": "{ \"errors\" : [],\n\(answer)\n}\n",
            "wrap-json-key.md": "{ \"errors\" : [], \"files\": [], \"summary\": {}, \"answer\": \"\(answer)\" }\n",
            "wrap-markdown.md": "## starlint: 1 of 1 answers passed\n\n\(answer)\n\n**Totals:** 1 file\n",
            // Lines that start as a report's stderr, count or annotation lines do, with prose after.
            "wrap-note.md": "PASS 100  a\nstarlint: note: \(answer)\n",
            "wrap-saved.md": "FAIL  10  Answer  (draft)\nsaved 40 pounds a week, \(answer)\n",
            "wrap-step.md": "PASS 100  Step\nStep: 1. \(answer)\n1 file: 1 passed, 0 failed\n",
            "wrap-notice.md": "::notice title=x::\(answer)\nstarlint: 1 file, 1 passed, 0 failed\n",
            // A run of "&" after a JUnit opening (each used to look for its ";" to the end).
            "wrap-amps.md": "<?xml version=\"1.0\"?>\n<testsuites name=\"starlint\">\n" + String(repeating: "&", count: 200_000) + "\n</testsuites>\n",
        ]
        for (name, text) in wrapped { try Harness.write(text, to: dir.appendingPathComponent("class/" + name)) }
        let shapes = try Harness.run(["check", "class", "--no-config", "--fail-on", "never"], cwd: dir)
        for graded in ["c.md", "forged.md", "totals.md", "annotation.md"] + wrapped.keys.sorted() {
            #expect(shapes.stdout.contains("class/\(graded)") && !shapes.stderr.contains(graded), "\(graded): \(shapes.stdout) \(shapes.stderr)")
        }
        for report in ["colour.txt", "gh.txt", "junit.txt", "junit-bad.txt", "report.txt", "summary.md"] {
            #expect(!shapes.stdout.contains(report), "\(report): \(shapes.stdout)")
        }
        #expect(shapes.stderr == "starlint: note: left out 6 earlier starlint reports found among the answers: 'class/colour.txt', 'class/gh.txt', 'class/junit-bad.txt' and 3 more\n", "\(shapes.stderr)")
        // A folder holding only a report has nothing to grade.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("only"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: dir.appendingPathComponent("class/report.txt"), to: dir.appendingPathComponent("only/report.txt"))
        let only = try Harness.run(["check", "only", "--no-config"], cwd: dir)
        #expect(only.code == 2 && only.stderr.contains("no answer files found in only") && only.stderr.hasSuffix("; left out an earlier starlint report found among the answers: 'only/report.txt')\n"), "\(only.stderr)")
        #expect(only.stderr.split(separator: "\n").count == 1)
    }

    /// A report is recognised whatever its line ends and its files' names: with CRLF, captured
    /// with its stderr (`2>&1`), naming files with a tab, an escape or a combining mark first;
    /// and a CRLF answer under a report's first line is graded.
    @Test func reportsOfOddNamesAndLineEndsAreStillReports() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let strong = try Harness.fixture("answers/strong.md"), weak = "I fixed it. It went fine, basically.\n"
        for name in ["tab\tx.md", "esc\u{1B}[31mred.md", "\u{301}comb.md", "rlo\u{202E}x.md", "ls\u{2028}sep.md", "bad\u{FFFD}x.md"] {
            try Harness.write(weak, to: dir.appendingPathComponent("odd/" + name))
        }
        try Harness.write(strong, to: dir.appendingPathComponent("class/a.md"))
        for format in ["text", "junit", "markdown", "github", "json", "sarif"] {
            let r = try Harness.run(["check", "odd", "--no-config", "--min-score", "90", "-f", format], cwd: dir)
            #expect(r.code == 1, "\(format): \(r.stderr)")
            try Harness.write(r.stdout, to: dir.appendingPathComponent("class/odd-\(format).txt"))
            // And written with Windows line ends.
            try Harness.write(r.stdout.replacingOccurrences(of: "\n", with: "\r\n"), to: dir.appendingPathComponent("class/crlf-\(format).txt"))
        }
        // A report captured with what the run says on stderr (`check --save > r.txt 2>&1`).
        let saved = try Harness.run(["check", "class/a.md", "--no-config", "--save", "--db", dir.path + "/p.sqlite"], cwd: dir)
        #expect(saved.stderr.hasPrefix("saved 1 attempt to "), "\(saved.stderr)")
        try Harness.write(saved.stdout + saved.stderr, to: dir.appendingPathComponent("class/captured.txt"))
        // An answer in CRLF under a report's first line and above its totals is an answer.
        try Harness.write("PASS 100  class/forged.md\r\nI basically did stuff, kind of, and it went really well.\r\n1 file: 1 passed, 0 failed\r\n", to: dir.appendingPathComponent("class/forged.md"))
        let r = try Harness.run(["check", "class", "--no-config", "--fail-on", "never", "-f", "json"], cwd: dir)
        let files = ((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["files"] as? [[String: Any]])?.compactMap { $0["file"] as? String }
        #expect(files == ["class/a.md", "class/forged.md"], "\(files ?? []) \(r.stderr)")
        #expect(r.stderr.contains("left out 13 earlier starlint reports"), "\(r.stderr)")
    }

    @Test func lineBreaksInFileNamesSplitNoJUnitFailureLine() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write("I did it.\n", to: dir.appendingPathComponent("a\nb\t.md"))
        try Harness.write("<!-- starlint-disable no-such-rule -->\nI fixed the build. It now takes four minutes instead of twenty.\n", to: dir.appendingPathComponent("c\nd.md"))
        try Harness.write("", to: dir.appendingPathComponent("e\nf.md"))
        let r = try Harness.run(["check", ".", "--no-config", "-f", "junit"], cwd: dir)
        #expect(r.code == 1)
        // The test case's name is the real path, its line break and tab as references
        #expect(r.stdout.contains("<testcase name=\"a&#10;b&#9;.md\""), "\(r.stdout)")
        // and every finding line of the failure text starts with the escaped path.
        let failure = try #require(r.stdout.components(separatedBy: "type=\"starlint\">").first { $0.hasPrefix("score ") }?.components(separatedBy: "</failure>").first)
        let lines = failure.split(separator: "\n").dropFirst()
        #expect(lines.count >= 2)
        #expect(lines.allSatisfy { !$0.hasPrefix("score ") && ($0.hasPrefix("a\\nb\\t.md:") || $0.hasPrefix("    suggestion: ") || !$0.contains(":")) }, "\(failure)")
        #expect(lines.contains { $0.hasPrefix("    suggestion: ") }, "\(failure)")
        #expect(lines.contains { $0.hasPrefix("a\\nb\\t.md:1:1: ") }, "\(failure)")
        #expect(!failure.contains("\t"))
        // So do the comment warning of <system-out> and the unreadable file's <error> text.
        #expect(r.stdout.contains("c\\nd.md:1:1: warning: unknown rule"), "\(r.stdout)")
        #expect(r.stdout.contains(">e\\nf.md: "), "\(r.stdout)")
    }

    @Test func pathListParsing() {
        #expect(FileDiscovery.parsePathList(Array("a.md\r\n\n  b.md \nc d.md".utf8)) == ["a.md", "b.md", "c d.md"])
        // NUL-separated (find -print0): every byte of a name kept, newlines and spaces included.
        #expect(FileDiscovery.parsePathList(Array("a.md\0 lead.md\0line\nbreak.md\0\0".utf8)) == ["a.md", " lead.md", "line\nbreak.md"])
        // A line end after the last NUL, or closing a last path without one, is not a path.
        #expect(FileDiscovery.parsePathList(Array("a.md\0b.md\0\n".utf8)) == ["a.md", "b.md"])
        #expect(FileDiscovery.parsePathList(Array("a.md\0b.md\r\n".utf8)) == ["a.md", "b.md"])
        #expect(FileDiscovery.normalize("./a//b/") == "a/b")
        #expect(FileDiscovery.normalize("./") == ".")
        #expect(FileDiscovery.normalize("/x/./y") == "/x/y")
    }

    /// "fp/../fp" is "fp" where both name one folder, so a file has one name in reports and
    /// one SARIF fingerprint; not through a link, where "link/.." is the target's parent.
    @Test func parentStepsCollapseOnlyWhereTheyNameTheSameFile() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("fp/x.md"))
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("elsewhere/inner/keep.md"))
        try Harness.write(Harness.answer(), to: dir.appendingPathComponent("elsewhere/fp/x.md"))
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link").path, withDestinationPath: dir.appendingPathComponent("elsewhere/inner").path)
        let root = dir.path
        #expect(FileDiscovery.normalize(root + "/fp/../fp/x.md") == root + "/fp/x.md")
        #expect(FileDiscovery.normalize(root + "/fp/./../fp//") == root + "/fp")
        // Through the link, "link/.." is elsewhere/: the path is kept as written.
        #expect(FileDiscovery.normalize(root + "/link/../fp/x.md") == root + "/link/../fp/x.md")
        #expect(FileDiscovery.normalize("../a/b") == "../a/b")
        // In a report: the same URI and fingerprint whichever way the folder is spelled.
        let plain = try Harness.run(["check", "fp", "--format", "sarif", "--no-config"], cwd: dir)
        let spelled = try Harness.run(["check", "fp/../fp", "--format", "sarif", "--no-config"], cwd: dir)
        #expect(plain.code == 0 && plain.stdout == spelled.stdout && plain.stdout.contains("\"fp/x.md\""), "\(spelled.stdout.prefix(400))")
    }
}
