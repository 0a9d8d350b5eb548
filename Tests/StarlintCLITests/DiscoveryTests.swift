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
    ])
    func matches(_ pattern: String, _ path: String, _ expected: Bool) throws {
        let g = try #require(Glob(pattern))
        #expect(g.matches(path) == expected, "\(pattern) vs \(path)")
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

    @Test func namedFilesAreTakenWhateverTheirExtensionAndDeduplicated() throws {
        #expect(try paths(["answers/notes.json", "answers/strong.md", "answers/./strong.md"]) == ["answers/notes.json", "answers/strong.md"])
        #expect(try paths(["answers/notes.json"], exclude: ["*.json"]) == [])
    }

    @Test func missingPathIsAUsageError() {
        #expect(throws: StarlintError.usage("'\(Harness.fixtures.path)/answers/nope.md': no such file or directory")) {
            try paths(["answers/nope.md"])
        }
    }

    @Test func pathListParsing() {
        #expect(FileDiscovery.parsePathList(Array("a.md\r\n\n  b.md \nc d.md".utf8)) == ["a.md", "b.md", "c d.md"])
        #expect(FileDiscovery.normalize("./a//b/") == "a/b")
        #expect(FileDiscovery.normalize("./") == ".")
        #expect(FileDiscovery.normalize("/x/./y") == "/x/y")
    }
}
