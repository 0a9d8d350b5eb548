#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry of a batch: a file to grade, or a path that could not even be listed.
public struct BatchInput: Sendable, Equatable {
    /// The path as shown in reports (and used to open the file).
    public var path: String
    /// Set when the path cannot be graded at all (an unreadable folder).
    public var problem: StarlintError?
    /// Found by walking a folder, not named on the command line or in the standard-input list.
    public var foundInFolder = false

    public init(path: String, problem: StarlintError? = nil, foundInFolder: Bool = false) {
        self.path = path
        self.problem = problem
        self.foundInFolder = foundInFolder
    }
}

/// Turns the PATH arguments of `starlint check` into a sorted list of answer files.
///
/// - A file named as an argument is always graded, whatever its extension, unless an
///   exclude glob matches it. A file in a list read from standard input is graded when an
///   include glob matches it and no exclude glob does, as in a folder.
/// - A folder is walked recursively; a file found there is graded when an include glob
///   matches it and no exclude glob matches it or a folder above it. Hidden entries
///   (names starting with `.`) and symbolic links to folders are skipped; a link to a file
///   outside the folders named fails on its own, unread.
/// - Globs with a `/` are tried against the path as shown and against the path relative
///   to the folder being walked, so `--exclude 'drafts/**'` works from any working folder.
/// - A path that does not exist is a usage error (the caller exits 2), except in a list read
///   from standard input (`listed`), where it fails on its own and the rest are graded: such
///   lists often come from `git diff --name-only`, which names deleted files too. A link to
///   nothing or in a loop, and a path that cannot be searched, fail on their own either way.
public enum FileDiscovery {
    public static func discover(_ paths: [String], listed: [String] = [], filter: FileFilter) throws(StarlintError) -> [BatchInput] {
        var notes = DiscoveryNotes()
        return try discover(paths, listed: listed, filter: filter, notes: &notes)
    }

    /// What a walk left out that a note should name: links to folders (not followed) and
    /// project files that are not answers ("README.md"), each not excluded, in order.
    public struct DiscoveryNotes: Sendable {
        public var folderLinks: [String] = []
        public var notAnswers: [String] = []
        /// Files the include globs take whose names start with "." (".answer.md"): not graded,
        /// as hidden entries are not, but named, so a student's file does not vanish unseen.
        /// AppleDouble files ("._answer.md", left by macOS in archives) and editor lock files
        /// (".#answer.md") are not answers and are not named.
        public var hiddenFiles: [String] = []
        public init() {}
    }

    /// File names in a graded folder that are the project's, not answers: "README.md",
    /// "README-fr.md", "LICENSE.txt", "COPYING", "CHANGELOG.md", "CONTRIBUTING.md" (any case). Named on the command line
    /// or listed on standard input, such a file is graded.
    /// A language's README is "README-fr", "README_pt-BR" or "README.zh-CN.md"; not
    /// "readme-kim", "readme_week3" or "readme.week3.md", which may well be a student's answer.
    static func isProjectFile(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let stem = parts.first.map { $0.uppercased() } ?? ""
        if ["LICENSE", "LICENCE", "COPYING", "CHANGELOG", "CONTRIBUTING", "CODE_OF_CONDUCT"].contains(stem) { return true }
        if stem == "README" { return parts.count <= 2 || (parts.count == 3 && isLanguageTag(parts[1])) }
        return (stem.hasPrefix("README-") || stem.hasPrefix("README_")) && parts.count <= 2 && isLanguageTag(Substring(stem.dropFirst(7)))
    }

    /// A two-letter language code, with a region ("BR", "419") or script ("Hans") after "-"
    /// or "_": "fr", "pt-BR", "zh_Hans".
    static func isLanguageTag(_ tag: Substring) -> Bool {
        let parts = tag.split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "_" }
        func letters(_ s: Substring, _ n: Int) -> Bool { s.count == n && s.allSatisfy { $0.isASCII && $0.isLetter } }
        guard parts.count <= 2, letters(parts[0], 2) else { return false }
        guard parts.count == 2 else { return true }
        let sub = parts[1]
        return letters(sub, 2) || letters(sub, 4) || (sub.count == 3 && sub.allSatisfy { $0.isASCII && $0.isNumber })
    }

    /// As above; `notes` gets what the walk left out for a note.
    public static func discover(_ paths: [String], listed: [String] = [], filter: FileFilter,
                                notes: inout DiscoveryNotes) throws(StarlintError) -> [BatchInput] {
        var found: [String: BatchInput] = [:]
        var namedFiles: Set<Substring> = []
        // Set when a walk met a link to a file or a file with more than one name: the same
        // file may then have been found twice.
        var sawSecondNames = false
        // A path from the standard-input list counts as a folder's file does: when an include
        // glob matches it and no exclude glob does (`git diff --name-only` lists every kind of
        // file changed).
        func wantedFromList(_ path: String) -> Bool { filter.isIncluded(path) && !filter.isExcluded(path) }
        // The real paths of the folders named: a link in one may point into any of them.
        let roots = paths.compactMap { p -> String? in
            var st = stat()
            guard stat(normalize(p), &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return nil }
            return realPath(normalize(p)).map { $0 == "/" ? "/" : $0 + "/" }
        }
        for (k, raw) in (paths + listed).enumerated() {
            let path = normalize(raw)
            var st = stat()
            guard stat(path, &st) == 0 else {
                let e = errno
                // A link to nothing, or round in a loop, fails on its own as it does in a
                // folder, whether named or listed; so does a path that cannot be searched.
                var link = stat()
                let isLink = lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK
                if e == EACCES || e == ELOOP || e == ENAMETOOLONG || isLink {
                    if k < paths.count || wantedFromList(path) {
                        let problem: StarlintError = e == EACCES ? .unreadable(path: path) : e == ELOOP || e == ENAMETOOLONG ? .readFailed(path: path, code: e) : .brokenLink(path: path)
                        found[path] = BatchInput(path: path, problem: problem)
                    }
                    continue
                }
                if k >= paths.count, e == ENOENT {
                    // A listed name with bytes that are not UTF-8 arrives with U+FFFD in it.
                    let problem: StarlintError = path.unicodeScalars.contains("\u{FFFD}") ? .invalidFileName(path: path) : .fileNotFound(path: path)
                    if wantedFromList(path) { found[path] = BatchInput(path: path, problem: problem) }
                    continue
                }
                if raw.unicodeScalars.contains("\u{FFFD}") {
                    // The shell passed bytes that are not UTF-8; the name cannot be opened as read.
                    throw .usage("'\(raw)': no such file or directory (a name that is not valid UTF-8 cannot be opened; rename the file)")
                }
                throw .usage("'\(raw)': no such file or directory")
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                if filter.isExcluded(path) { continue }
                walk(path, roots: roots, relative: "", filter: filter, into: &found, notes: &notes, sawSecondNames: &sawSecondNames)
            } else if k < paths.count ? !filter.isExcluded(path) : wantedFromList(path) {
                found[path] = BatchInput(path: path)
                namedFiles.insert(baseName(path))
            }
        }
        // With more than one path, a folder may be named twice ("class" and "$PWD/class", or
        // "class" and "class/../class/week1"): every file is then looked at, once.
        // A link in a folder to a file in it ("latest.md -> week3.md") is the same answer too.
        if paths.count + listed.count > 1 || sawSecondNames { dropSecondNames(&found, among: nil) }
        else if !namedFiles.isEmpty { dropSecondNames(&found, among: namedFiles) }
        return found.values.sorted { pathPrecedes($0.path, $1.path) }
    }

    private static func baseName(_ path: String) -> Substring {
        path.split(separator: "/").last ?? Substring(path)
    }

    /// One file reached by two names ("a/x.md" and "a/../a/x.md", a folder and a file in it
    /// written another way, or a file and a link to it) is graded once, under its shortest
    /// name that is not a link. Only names that share a
    /// file name with one of `names` are looked at (nil: all), so one folder's walk costs
    /// nothing more.
    private static func dropSecondNames(_ found: inout [String: BatchInput], among names: Set<Substring>?) {
        struct FileID: Hashable { var dev: UInt64; var ino: UInt64 }
        var byFile: [FileID: [String]] = [:]
        for (path, input) in found where input.problem == nil && names.map({ $0.contains(baseName(path)) }) ?? true {
            var st = stat()
            guard stat(path, &st) == 0 else { continue }
            byFile[FileID(dev: UInt64(st.st_dev), ino: UInt64(st.st_ino)), default: []].append(path)
        }
        for (_, paths) in byFile where paths.count > 1 {
            func isLink(_ p: String) -> Int {
                var st = stat()
                return lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK ? 1 : 0
            }
            let keep = paths.min { (isLink($0), $0.utf8.count, $0) < (isLink($1), $1.utf8.count, $1) }!
            // Named under any of its names, the file counts as named (never left out as an
            // earlier report found in a folder).
            if paths.contains(where: { found[$0]?.foundInFolder == false }) { found[keep]?.foundInFolder = false }
            for p in paths where p != keep { found[p] = nil }
        }
    }

    /// Byte order of the UTF-8 path: the same on every machine and locale.
    public static func pathPrecedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// `path` made absolute against `currentDirectory`, with "." and ".." segments removed
    /// ("../class/drafts" from /tmp/work is /tmp/class/drafts).
    public static func absolutePath(_ path: String, currentDirectory: String) -> String {
        let full = path.hasPrefix("/") ? path : currentDirectory + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The canonical absolute path of `path`, all links resolved (nil when it cannot be).
    public static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// `./a//b/` -> `a/b`; `.` stays `.`. `a/../a/b` -> `a/b` when both name the same file
    /// (not when `a` is a link elsewhere, where `a/..` is the link's target's parent), so one
    /// file has one name in reports and one SARIF fingerprint however its folder is spelled.
    public static func normalize(_ path: String) -> String {
        guard !path.isEmpty else { return path }
        let absolute = path.hasPrefix("/")
        let comps = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        func joined(_ c: [Substring]) -> String {
            let j = c.joined(separator: "/")
            if absolute { return "/" + j }
            return j.isEmpty ? "." : j
        }
        let plain = joined(comps)
        guard comps.contains("..") else { return plain }
        var kept: [Substring] = []
        for c in comps {
            if c == "..", let last = kept.last, last != ".." { kept.removeLast() } else if !(c == ".." && absolute && kept.isEmpty) { kept.append(c) }
        }
        let collapsed = joined(kept)
        guard collapsed != plain, let a = realPath(collapsed), a == realPath(plain) else { return plain }
        return collapsed
    }

    /// `roots` are the real paths of the folders named on the command line, each ending in "/".
    private static func walk(_ dir: String, roots: [String], relative: String, filter: FileFilter, into found: inout [String: BatchInput],
                             notes: inout DiscoveryNotes, sawSecondNames: inout Bool) {
        guard let names = listDirectory(dir) else {
            found[dir] = BatchInput(path: dir, problem: .unreadable(path: dir))
            return
        }
        for entry in names {
            let name = entry.name
            let path = dir == "." ? name : dir + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            if name.hasPrefix(".") {
                // Hidden entries are not walked; a hidden answer file is named in the notes.
                if entry.validUTF8, !entry.isFolder, !name.hasPrefix("._"), !name.hasPrefix(".#"),
                   filter.isIncluded(path, alternatives: [rel]), !filter.isExcluded(path, alternatives: [rel]) {
                    var st = stat()
                    if stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG { notes.hiddenFiles.append(path) }
                }
                continue
            }
            // A name that is not UTF-8 cannot be opened again from its String: reported, not
            // skipped, so a run never passes without grading a file it found.
            // A folder so named holds answers that cannot be reached either: it is reported
            // whatever the include globs say.
            if !entry.validUTF8 {
                if filter.isExcluded(path, alternatives: [rel]) { continue }
                // A folder so named counts only if it holds answer files (an assets folder
                // named in Latin-1 does not fail the run).
                if entry.isFolder ? rawFolderHoldsAnswers(entry.raw, filter: filter, depth: 0) : filter.isIncluded(path, alternatives: [rel]) {
                    found[path] = BatchInput(path: path, problem: .invalidFileName(path: path))
                }
                continue
            }
            // An answer file by its name: the include globs take it and no exclude glob does.
            func wanted() -> Bool { filter.isIncluded(path, alternatives: [rel]) && !filter.isExcluded(path, alternatives: [rel]) }
            var st = stat()
            guard lstat(path, &st) == 0 else {
                // A path longer than the system takes (folders thousands deep): a failure, not
                // a skip, for an answer or a folder that may hold answers.
                if errno == ENAMETOOLONG, entry.isFolder || filter.isIncluded(path, alternatives: [rel]), !filter.isExcluded(path, alternatives: [rel]) {
                    found[path] = BatchInput(path: path, problem: .readFailed(path: path, code: ENAMETOOLONG))
                }
                continue
            }
            var kind = st.st_mode & S_IFMT
            if kind == S_IFLNK {
                // Follow links to files; never links to folders (no cycles).
                var target = stat()
                guard stat(path, &target) == 0 else {
                    // A link to nothing (or round in a loop), where an answer file should be: a
                    // failure, not a skip.
                    let e = errno
                    if wanted() {
                        found[path] = BatchInput(path: path, problem: e == ELOOP ? .readFailed(path: path, code: e) : .brokenLink(path: path))
                    }
                    continue
                }
                kind = target.st_mode & S_IFMT
                if kind == S_IFREG { sawSecondNames = true }
                if kind == S_IFDIR {
                    if !filter.isExcluded(path, alternatives: [rel]) { notes.folderLinks.append(path) }
                    continue
                }
                // A link to a file outside the folders being graded is not read: in CI, a link
                // committed among the answers ("answer.md -> /etc/passwd", "-> ../secrets")
                // would put that file's text in the report and the database.
                if kind == S_IFREG, wanted(),
                   let real = realPath(path), !roots.contains(where: { real.hasPrefix($0) }) {
                    found[path] = BatchInput(path: path, problem: .linkOutsideFolder(path: path))
                    continue
                }
            }
            if kind == S_IFDIR {
                if filter.isExcluded(path, alternatives: [rel]) { continue }
                walk(path, roots: roots, relative: rel, filter: filter, into: &found, notes: &notes, sawSecondNames: &sawSecondNames)
            } else if kind == S_IFREG {
                // (A file also named on the command line keeps its entry as named.)
                if wanted(), found[path] == nil {
                    if st.st_nlink > 1 { sawSecondNames = true }
                    if isProjectFile(name) {
                        notes.notAnswers.append(path)
                    } else {
                        found[path] = BatchInput(path: path, foundInFolder: true)
                    }
                }
            } else if let what = Self.kindName(kind), wanted(), found[path] == nil {
                // A pipe or device where an answer file should be: a failure, not a skip (a
                // named pipe is read when named on the command line, where a writer is waited for).
                found[path] = BatchInput(path: path, problem: .notRegularFile(path: path, kind: what))
            }
        }
    }

    /// What a file of type `kind` (`st_mode & S_IFMT`) is, for a message; nil for files and folders.
    static func kindName(_ kind: mode_t) -> String? {
        switch kind {
        case S_IFIFO: "a named pipe"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        default: nil
        }
    }

    struct Entry {
        var name: String
        var validUTF8: Bool
        var isFolder: Bool
        /// The entry's full path as raw bytes with a final NUL (only for names that are not
        /// UTF-8, which a String cannot give back).
        var raw: [CChar]
    }

    /// Entry names, sorted, each with whether it was valid UTF-8 (if not, `name` has U+FFFD
    /// in place of the bad bytes, and `isFolder` and `raw` come from the raw name; otherwise
    /// `isFolder` is the type the file system gives, false where it gives none); nil when the
    /// folder cannot be opened.
    static func listDirectory(_ dir: String) -> [Entry]? {
        guard let d = opendir(dir) else { return nil }
        defer { closedir(d) }
        var names: [Entry] = []
        while let e = readdir(d) {
            // (The entry's type, where the file system gives it: only for a folder whose path is
            // too long to look at, below.)
            let typedFolder = e.pointee.d_type == UInt8(DT_DIR)
            let entry = withUnsafePointer(to: e.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: 256) { c -> Entry in
                    if let s = String(validatingCString: c) { return Entry(name: s, validUTF8: true, isFolder: typedFolder, raw: []) }
                    let raw = rawChild(Array(dir.utf8CString), c)
                    var st = stat()
                    let folder = lstat(raw, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
                    return Entry(name: String(cString: c), validUTF8: false, isFolder: folder, raw: raw)
                }
            }
            if entry.name != "." && entry.name != ".." { names.append(entry) }
        }
        return names.sorted { pathPrecedes($0.name, $1.name) }
    }

    /// `parent/name` as raw bytes with a final NUL; `parent` ends in its NUL.
    static func rawChild(_ parent: [CChar], _ name: UnsafePointer<CChar>) -> [CChar] {
        var path = Array(parent.dropLast())
        path.append(0x2F)
        var k = 0
        while name[k] != 0 { path.append(name[k]); k += 1 }
        path.append(0)
        return path
    }

    /// Whether the folder at the raw path `raw` (NUL-terminated) holds, at any depth up to 16,
    /// a file the include globs take (by its name, bad bytes shown as U+FFFD).
    static func rawFolderHoldsAnswers(_ raw: [CChar], filter: FileFilter, depth: Int) -> Bool {
        guard depth < 16, let d = opendir(raw) else { return false }
        defer { closedir(d) }
        while let e = readdir(d) {
            let (name, child) = withUnsafePointer(to: e.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: 256) { c -> (String, [CChar]) in
                    (String(cString: c), rawChild(raw, c))
                }
            }
            if name == "." || name == ".." || name.hasPrefix(".") { continue }
            var st = stat()
            guard lstat(child, &st) == 0 else { continue }
            let kind = st.st_mode & S_IFMT
            if kind == S_IFDIR {
                if rawFolderHoldsAnswers(child, filter: filter, depth: depth + 1) { return true }
            } else if filter.isIncluded(name) {
                return true
            }
        }
        return false
    }

    /// Paths from the list `check -` reads on standard input. A list with a NUL byte is
    /// NUL-separated (`find -print0`, `git ls-files -z`) and taken exactly as written; otherwise
    /// it is one path per line, with CRs, spaces around each path and blank lines dropped.
    public static func parsePathList(_ bytes: [UInt8]) -> [String] {
        if bytes.contains(0) {
            // `printf '...\0'; echo` leaves a line end after the last NUL, or after a last path
            // with no NUL: not part of a path.
            var parts = bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if let last = parts.last, !bytes.last.map({ $0 == 0 })! {
                var trimmed = Substring(last)
                while let c = trimmed.last, c == "\n" || c == "\r\n" || c == "\r" { trimmed.removeLast() }
                parts[parts.count - 1] = String(trimmed)
            }
            return parts.filter { !$0.isEmpty }
        }
        return String(decoding: bytes, as: UTF8.self)
            .split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { String($0).trimmingSpaces() }
            .filter { !$0.isEmpty }
    }
}
