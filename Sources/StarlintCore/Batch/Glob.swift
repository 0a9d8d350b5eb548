#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A shell-style glob over `/`-separated paths. No regular expressions.
///
/// - `*` matches any run of characters inside one path segment (not `/`);
/// - `?` matches exactly one character inside a segment;
/// - `**` as a whole segment matches any number of segments, including none
///   (`answers/**/*.md` matches `answers/a.md` and `answers/x/y/a.md`);
/// - `[abc]`, `[a-z]` match one character of the set inside a segment, `[!abc]` or `[^abc]`
///   one not in it (a `]` first in the set is one of its characters; a `[` with no `]` after
///   it matches itself);
/// - every other character matches itself (there are no escapes).
///
/// A pattern without `/` is matched against the last path component only (`*.md`, `drafts`);
/// a pattern with `/` is matched against the whole path (`answers/**/draft-*.md`).
/// A leading `./` and a trailing `/` are ignored.
public struct Glob: Sendable, Equatable, CustomStringConvertible {
    public let pattern: String
    /// True when the pattern contains `/` and so is matched against the whole path.
    public let anchored: Bool
    private let segments: [Segment]

    enum Segment: Sendable, Equatable {
        case globstar
        case chars([Element])
    }

    /// One place in a segment's pattern.
    enum Element: Sendable, Equatable {
        case scalar(Unicode.Scalar)
        /// `?`
        case any
        /// `*`
        case star
        /// `[...]`: single scalars and inclusive ranges, or everything else when `negated`.
        case set([ClosedRange<UInt32>], negated: Bool)

        func matches(_ c: Unicode.Scalar) -> Bool {
            switch self {
            case .scalar(let x): return x == c
            case .any: return true
            case .star: return false
            case .set(let ranges, let negated): return ranges.contains { $0.contains(c.value) } != negated
            }
        }
    }

    /// A segment's pattern as elements: `*`, `?`, a bracket set, or a character as itself.
    static func elements(_ part: Substring) -> [Element] {
        let u = Array(part.unicodeScalars)
        var out: [Element] = []
        var i = 0
        // Set once a "[" found no "]" after it: no later one can either, so each is itself
        // (a pattern of many "[" stays linear).
        var unclosed = false
        while i < u.count {
            switch u[i] {
            case "*": out.append(.star)
            case "?": out.append(.any)
            case "[" where unclosed: out.append(.scalar("["))
            case "[":
                // The set runs to the next "]" after its first character (so "[]a]" holds "]").
                var j = i + 1
                let negated = j < u.count && (u[j] == "!" || u[j] == "^")
                if negated { j += 1 }
                let first = j
                var ranges: [ClosedRange<UInt32>] = []
                while j < u.count, u[j] != "]" || j == first {
                    if j + 2 < u.count, u[j + 1] == "-", u[j + 2] != "]", u[j].value <= u[j + 2].value {
                        ranges.append(u[j].value...u[j + 2].value)
                        j += 3
                    } else {
                        ranges.append(u[j].value...u[j].value)
                        j += 1
                    }
                }
                if j < u.count {
                    out.append(.set(ranges, negated: negated))
                    i = j
                } else {
                    out.append(.scalar("["))
                    unclosed = true
                }
            default: out.append(.scalar(u[i]))
            }
            i += 1
        }
        return out
    }

    public var description: String { pattern }

    /// Compiles `pattern`; nil when it is empty (or only `/` and `.`).
    public init?(_ pattern: String) {
        var p = Substring(pattern)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        let parts = p.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        guard !parts.isEmpty else { return nil }
        self.pattern = pattern
        self.anchored = p.contains("/")
        var segs: [Segment] = []
        for part in parts {
            if part == "**" {
                if segs.last != .globstar { segs.append(.globstar) }
            } else {
                segs.append(.chars(Glob.elements(part)))
            }
        }
        self.segments = segs
    }

    /// Whether `path` (relative or absolute, `/`-separated) matches.
    public func matches(_ path: String) -> Bool {
        let comps = Glob.components(path)
        guard !comps.isEmpty else { return false }
        if !anchored {
            return Glob.matchSegments(segments[...], [comps[comps.count - 1]][...])
        }
        return Glob.matchSegments(segments[...], comps[...])
    }

    static func components(_ path: String) -> [[Unicode.Scalar]] {
        path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.map { Array($0.unicodeScalars) }
    }

    private static func matchSegments(_ pat: ArraySlice<Segment>, _ path: ArraySlice<[Unicode.Scalar]>) -> Bool {
        guard let first = pat.first else { return path.isEmpty }
        switch first {
        case .globstar:
            let rest = pat.dropFirst()
            if rest.isEmpty { return true }
            // `**` takes 0...n segments; consecutive globstars were merged at compile time,
            // so this is at most O(segments x path components) per globstar.
            var p = path
            while true {
                if matchSegments(rest, p) { return true }
                if p.isEmpty { return false }
                p = p.dropFirst()
            }
        case .chars(let c):
            guard let seg = path.first, matchSegment(c, seg) else { return false }
            return matchSegments(pat.dropFirst(), path.dropFirst())
        }
    }

    /// `*`, `?` and sets inside one segment: the classic linear backtracking over the last star.
    static func matchSegment(_ p: [Element], _ s: [Unicode.Scalar]) -> Bool {
        var pi = 0, si = 0
        var star = -1, mark = 0
        while si < s.count {
            if pi < p.count, p[pi].matches(s[si]) {
                pi += 1
                si += 1
            } else if pi < p.count, p[pi] == .star {
                star = pi
                mark = si
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == .star { pi += 1 }
        return pi == p.count
    }
}

/// Which files a directory walk picks up.
public struct FileFilter: Sendable, Equatable {
    public static let defaultInclude = ["*.md", "*.txt"]

    public var include: [Glob] {
        didSet { includeLowerCased = Self.lowerCasedExtensions(include) }
    }
    public var exclude: [Glob] {
        didSet { excludeLowerCased = Self.lowerCasedExtensions(exclude) }
    }
    /// An extension matches in any case, for include and exclude alike ("*.md" takes
    /// "B.MD", "*.TXT" takes "a.txt"), while the rest of a name matches as written (since the
    /// thirty-first session also for globs given: "**/*.md" dropped the "B.MD" the default
    /// globs took). The exclude and include globs whose extension has capitals, with it
    /// lower-cased ("*.MD" -> "*.md"), are matched against the paths with theirs lower-cased
    /// (`anyCase`).
    private var excludeLowerCased: [Glob] = []
    private var includeLowerCased: [Glob] = []
    /// The folder of the settings file the globs came from (absolute, links resolved), or nil
    /// for globs given as flags: a glob with "/" from a settings file also matches the path
    /// from that folder ("class/week1/*" in the repository's .starlint.yml leaves week1 out
    /// however the graded folder is named: "class", "$PWD/class", ".." from inside it).
    public var includeBase: String?
    public var excludeBase: String?

    public init(include: [Glob], exclude: [Glob]) {
        self.include = include
        self.exclude = exclude
        excludeLowerCased = Self.lowerCasedExtensions(exclude)
        includeLowerCased = Self.lowerCasedExtensions(include)
    }

    /// The globs of `list` that end in an extension with capitals, that extension lower-cased.
    static func lowerCasedExtensions(_ list: [Glob]) -> [Glob] {
        list.compactMap { g in withLowerCaseExtension(g.pattern).flatMap { Glob($0) } }
    }

    /// `s` with its extension lower-cased ("A.MD" -> "A.md"), when the extension has capitals;
    /// else nil.
    static func withLowerCaseExtension(_ s: String) -> String? {
        guard let dot = s.lastIndex(of: "."), !s[dot...].contains("/"), s[dot...].contains(where: \.isUppercase) else { return nil }
        return String(s[..<dot]) + s[dot...].lowercased()
    }

    /// Compiles pattern strings; throws a usage error naming the first bad one.
    public init(include: [String]?, exclude: [String]?) throws(StarlintError) {
        func compile(_ list: [String], _ what: String) throws(StarlintError) -> [Glob] {
            var out: [Glob] = []
            for p in list {
                guard let g = Glob(p) else { throw .usage("empty \(what) pattern '\(p)'") }
                out.append(g)
            }
            return out
        }
        self.include = try compile(include ?? FileFilter.defaultInclude, "include")
        self.exclude = try compile(exclude ?? [], "exclude")
        excludeLowerCased = Self.lowerCasedExtensions(self.exclude)
        includeLowerCased = Self.lowerCasedExtensions(self.include)
    }

    /// The (path, globs) pairs to try so that an extension matches in any case: each
    /// candidate against `globs` as written, and, where that can add a match, the candidate
    /// with its extension lower-cased ("A.MD" as "A.md") against `globs` and `lowered`, theirs
    /// lower-cased ("*.MD" as "*.md").
    static func anyCase(_ candidates: [String], _ globs: [Glob], _ lowered: [Glob]) -> [(String, [Glob])] {
        var checks = candidates.map { ($0, globs) }
        let both = globs + lowered
        for c in candidates {
            let lower = withLowerCaseExtension(c)
            if lower != nil || !lowered.isEmpty { checks.append((lower ?? c, both)) }
        }
        return checks
    }

    /// True when an exclude glob matches `path` itself or any folder above it.
    /// `alternatives` are other spellings of the same path (relative to the folder walked).
    public func isExcluded(_ path: String, alternatives: [String] = []) -> Bool {
        guard !exclude.isEmpty else { return false }
        var candidates = [path] + alternatives
        // An absolute glob ("/home/me/class/drafts") is tried against the absolute path too.
        if !path.hasPrefix("/"), exclude.contains(where: { $0.pattern.hasPrefix("/") }), let cwd = Self.currentDirectory() {
            candidates.append(FileDiscovery.absolutePath(path, currentDirectory: cwd))
        }
        if let base = excludeBase, exclude.contains(where: \.anchored), let fromBase = Self.relative(path, to: base) { candidates.append(fromBase) }
        for (candidate, globs) in Self.anyCase(candidates, exclude, excludeLowerCased) {
            var prefix = candidate.hasPrefix("/") ? "/" : ""
            for (k, comp) in candidate.split(separator: "/", omittingEmptySubsequences: true).enumerated() {
                prefix += (k == 0 ? "" : "/") + comp
                if comp == "." { continue }
                if globs.contains(where: { $0.matches(prefix) }) { return true }
            }
        }
        return false
    }

    /// `path` (relative to the working folder, or absolute) from the folder `base`, links
    /// resolved; nil when it is not inside `base`.
    static func relative(_ path: String, to base: String) -> String? {
        guard let cwd = currentDirectory() else { return nil }
        let absolute = FileDiscovery.absolutePath(path, currentDirectory: cwd)
        let real = FileDiscovery.realPath(absolute) ?? absolute
        guard real.hasPrefix(base), real.count > base.count + 1, real.utf8.dropFirst(base.utf8.count).first == 0x2F else { return nil }
        return String(real.dropFirst(base.count + 1))
    }

    /// The working folder, for absolute globs.
    static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True when an include glob matches `path` (or one of its alternatives). The extension's
    /// case does not matter (`A.MD`, `notes.Txt`: files saved on systems that do not mind
    /// case), in the default globs and the user's alike; the rest of a name matches as written.
    public func isIncluded(_ path: String, alternatives: [String] = []) -> Bool {
        var candidates = [path] + alternatives
        if let base = includeBase, include.contains(where: \.anchored), let fromBase = Self.relative(path, to: base) { candidates.append(fromBase) }
        return Self.anyCase(candidates, include, includeLowerCased).contains { c, globs in globs.contains { $0.matches(c) } }
    }
}
