/// Pretty, sorted-key JSON written straight into bytes, byte for byte what
/// `JSONEncoder` with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` makes of the
/// same values (checked against it over the corpus by the tests), for the one value that
/// `check --format json` writes thousands of times: a file entry (an `Analysis` plus its
/// verdict). JSONEncoder builds a tree of boxed values and sorts every object's keys for
/// each file; here the keys are written in their sorted order by hand.
///
/// The format: `{`, then each `"key" : value` on its own line indented two spaces per level,
/// `,` between them, `}` on its own line; arrays likewise; an empty array or object is
/// `[`, an empty line, and `]`. Keys sort by their UTF-8 bytes (`minScore` before
/// `minimums`). Strings escape `"` `\` and the C0 controls (`\b \t \n \f \r`, else
/// `\u00xx` in lowercase hex); `/` and everything else is written as is. A Double is its
/// shortest round-trip `description` without a trailing `.0`; NaN and infinities cannot be
/// encoded (`failed` is set, as JSONEncoder throws).
struct JSONBytes {
    var b: [UInt8]
    /// A value could not be encoded (NaN or an infinity).
    var failed = false

    init(_ b: [UInt8] = []) {
        self.b = b
    }

    // MARK: primitives

    @inline(__always) mutating func raw(_ s: StaticString) {
        b.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    @inline(__always) mutating func indent(_ depth: Int) {
        let n = 2 * depth
        guard n + 2 <= JSONBytes.breaks.count else {
            b.append(contentsOf: repeatElement(0x20, count: n))
            return
        }
        JSONBytes.breaks.withUnsafeBufferPointer { p in
            b.append(contentsOf: UnsafeBufferPointer(rebasing: p[2..<(n + 2)]))
        }
    }

    /// `token` (`"name" : `) on a new line at `depth`, after a `,` unless it is the
    /// object's first key.
    @inline(__always) mutating func key(_ token: StaticString, depth: Int, first: Bool = false) {
        newline(depth, comma: !first)
        raw(token)
    }

    /// `,` (if `comma`), a line break and the indentation of `depth`, in one append.
    @inline(__always) mutating func newline(_ depth: Int, comma: Bool) {
        let n = 2 * depth
        if n + 2 > JSONBytes.breaks.count {
            if comma { b.append(0x2C) }
            b.append(0x0A)
            b.append(contentsOf: repeatElement(0x20, count: n))
            return
        }
        JSONBytes.breaks.withUnsafeBufferPointer { p in
            b.append(contentsOf: UnsafeBufferPointer(rebasing: p[(comma ? 0 : 1)..<(n + 2)]))
        }
    }

    /// `,\n` and then spaces, sliced by `newline`.
    static let breaks: [UInt8] = [0x2C, 0x0A] + Array(repeating: 0x20, count: 64)

    /// Closes a non-empty object whose braces are at `depth`.
    @inline(__always) mutating func closeObject(_ depth: Int) {
        newline(depth, comma: false)
        b.append(0x7D)
    }

    mutating func string(_ s: String) {
        b.append(0x22)
        var s = s
        s.withUTF8 { p in
            guard let base = p.baseAddress else { return }
            let n = p.count
            var start = 0, i = 0
            while i < n {
                // Eight bytes at a time while none of them needs escaping.
                if i + 8 <= n {
                    let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if !JSONBytes.mayNeedEscape(w) {
                        i += 8
                        continue
                    }
                }
                let c = base[i]
                guard c < 0x20 || c == 0x22 || c == 0x5C else {
                    i += 1
                    continue
                }
                if start < i { b.append(contentsOf: UnsafeBufferPointer(start: base + start, count: i - start)) }
                i += 1
                start = i
                switch c {
                case 0x22: raw("\\\"")
                case 0x5C: raw("\\\\")
                case 0x08: raw("\\b")
                case 0x09: raw("\\t")
                case 0x0A: raw("\\n")
                case 0x0C: raw("\\f")
                case 0x0D: raw("\\r")
                default:
                    raw("\\u00")
                    b.append(JSONBytes.hex[Int(c >> 4)])
                    b.append(JSONBytes.hex[Int(c & 0xF)])
                }
            }
            if start < n { b.append(contentsOf: UnsafeBufferPointer(start: base + start, count: n - start)) }
        }
        b.append(0x22)
    }

    /// True when one of the eight bytes of `w` may be below 0x20, `"` or `\` (never false
    /// when one is: the bit tricks test for a byte below a bound and for a zero byte).
    @inline(__always) static func mayNeedEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let below20 = (w &- ones &* 0x20) & ~w & highs
        let q = w ^ (ones &* 0x22), bs = w ^ (ones &* 0x5C)
        let quote = (q &- ones) & ~q & highs
        let backslash = (bs &- ones) & ~bs & highs
        return (below20 | quote | backslash) != 0
    }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    mutating func int(_ v: Int) {
        switch v {
        case 0..<10:
            b.append(0x30 + UInt8(v))
        case 10..<100:
            b.append(0x30 + UInt8(v / 10))
            b.append(0x30 + UInt8(v % 10))
        case 100..<1000:
            b.append(0x30 + UInt8(v / 100))
            b.append(0x30 + UInt8(v / 10 % 10))
            b.append(0x30 + UInt8(v % 10))
        default:
            b.append(contentsOf: String(v).utf8)
        }
    }

    mutating func double(_ v: Double) {
        guard v.isFinite else {
            failed = true
            b.append(0x30)
            return
        }
        let s = v.description
        if s.hasSuffix(".0") {
            b.append(contentsOf: s.utf8.dropLast(2))
        } else {
            b.append(contentsOf: s.utf8)
        }
    }

    mutating func bool(_ v: Bool) {
        if v { raw("true") } else { raw("false") }
    }

    /// An array whose brackets are at `depth`; `element` writes one value (its first line
    /// is already indented to `depth + 1`).
    @inline(__always) mutating func array<S: Collection>(_ items: S, depth: Int, _ element: (inout JSONBytes, S.Element) -> Void) {
        b.append(0x5B)
        if items.isEmpty {
            b.append(0x0A)
        } else {
            var first = true
            for x in items {
                newline(depth + 1, comma: !first)
                first = false
                element(&self, x)
            }
        }
        newline(depth, comma: false)
        b.append(0x5D)
    }

    // MARK: check --format json

    /// One entry of `files`: the `Analysis` keys and the verdict's `passed` and `failures`,
    /// all in sorted order. The object's braces are at `depth`.
    mutating func fileEntry(_ a: Analysis, _ v: Verdict, depth d: Int) {
        let k = d + 1
        b.append(0x7B)
        if let band = a.band { key("\"band\" : ", depth: k, first: true); scoreBand(band, depth: k) }
        key("\"contentHash\" : ", depth: k, first: a.band == nil); string(a.contentHash)
        key("\"deductions\" : ", depth: k); array(a.deductions, depth: k) { $0.deduction($1, depth: k + 1) }
        if let p = a.directiveProblems { key("\"directiveProblems\" : ", depth: k); array(p, depth: k) { $0.directiveProblem($1, depth: k + 1) } }
        key("\"failures\" : ", depth: k); array(v.failures, depth: k) { $0.failure($1, depth: k + 1) }
        key("\"file\" : ", depth: k); string(a.file)
        key("\"findings\" : ", depth: k); array(a.findings, depth: k) { $0.finding($1, depth: k + 1) }
        if let l = a.level { key("\"level\" : ", depth: k); string(l) }
        key("\"modelVersion\" : ", depth: k); string(a.modelVersion)
        key("\"passed\" : ", depth: k); bool(v.passed)
        key("\"quantifiedResult\" : ", depth: k); bool(a.quantifiedResult)
        if let q = a.quantifiedResultSentence { key("\"quantifiedResultSentence\" : ", depth: k); int(q) }
        if let q = a.question { key("\"question\" : ", depth: k); string(q) }
        if let r = a.role { key("\"role\" : ", depth: k); string(r) }
        key("\"rubricVersion\" : ", depth: k); string(a.rubricVersion)
        key("\"score\" : ", depth: k); int(a.score)
        key("\"sentences\" : ", depth: k); array(a.sentences, depth: k) { $0.sentence($1, depth: k + 1) }
        key("\"stats\" : ", depth: k); stats(a.stats, depth: k)
        key("\"subscores\" : ", depth: k); subscores(a.subscores, depth: k)
        if let x = a.suppressed { key("\"suppressed\" : ", depth: k); array(x, depth: k) { $0.suppressedFinding($1, depth: k + 1) } }
        key("\"suppressedFindings\" : ", depth: k); int(a.suppressedFindings)
        key("\"toolVersion\" : ", depth: k); string(a.toolVersion)
        closeObject(d)
    }

    mutating func scoreBand(_ x: ScoreBand, depth d: Int) {
        let k = d + 1
        b.append(0x7B)
        key("\"from\" : ", depth: k, first: true); int(x.from)
        key("\"grade\" : ", depth: k); int(x.grade)
        key("\"name\" : ", depth: k); string(x.name)
        key("\"to\" : ", depth: k); int(x.to)
        closeObject(d)
    }

    mutating func directiveProblem(_ x: DirectiveProblem, depth d: Int) {
        let k = d + 1
        b.append(0x7B)
        // Keys in sorted order, as the encoder writes them (`score --format json`).
        if let c = x.column { key("\"column\" : ", depth: k, first: true); int(c) }
        if let kind = x.kind { key("\"kind\" : ", depth: k, first: x.column == nil); string(kind) }
        key("\"line\" : ", depth: k, first: x.column == nil && x.kind == nil); int(x.line)
        key("\"message\" : ", depth: k); string(x.message)
        closeObject(d)
    }

    mutating func suppressedFinding(_ x: SuppressedFinding, depth d: Int) {
        let k = d + 1
        b.append(0x7B)
        key("\"commentColumn\" : ", depth: k, first: true); int(x.commentColumn)
        key("\"commentLine\" : ", depth: k); int(x.commentLine)
        key("\"finding\" : ", depth: k); finding(x.finding, depth: k)
        if let r = x.reason { key("\"reason\" : ", depth: k); string(r) }
        closeObject(d)
    }

    mutating func deduction(_ x: Deduction, depth d: Int) {
        let k = d + 1
        b.append(0x7B)
        key("\"column\" : ", depth: k, first: true); int(x.column)
        key("\"dimension\" : ", depth: k); string(x.dimension.rawValue)
        key("\"line\" : ", depth: k); int(x.line)
        key("\"message\" : ", depth: k); string(x.message)
        key("\"points\" : ", depth: k); double(x.points)
        key("\"rule\" : ", depth: k); string(x.rule)
        if let hidden = x.suppressed { key("\"suppressed\" : ", depth: k); bool(hidden) }
        key("\"totalEffect\" : ", depth: k); double(x.totalEffect)
        closeObject(d)
    }

    mutating func failure(_ x: FailureReason, depth d: Int) {
        let k = d + 1
        b.append(0x7B)
        var first = true
        if let a = x.actual { key("\"actual\" : ", depth: k, first: true); int(a); first = false }
        if let c = x.column { key("\"column\" : ", depth: k, first: first); int(c); first = false }
        if let dim = x.dimension { key("\"dimension\" : ", depth: k, first: first); string(dim); first = false }
        key("\"kind\" : ", depth: k, first: first); string(x.kind.rawValue)
        if let l = x.line { key("\"line\" : ", depth: k); int(l) }
        key("\"message\" : ", depth: k); string(x.message)
        if let r = x.rule { key("\"rule\" : ", depth: k); string(r) }
        if let t = x.threshold { key("\"threshold\" : ", depth: k); int(t) }
        closeObject(d)
    }

    mutating func finding(_ x: Finding, depth d: Int) {
        let k = d + 1
        b.append(0x7B)
        key("\"column\" : ", depth: k, first: true); int(x.column)
        if let c = x.credit { key("\"credit\" : ", depth: k); double(c) }
        key("\"endColumn\" : ", depth: k); int(x.endColumn)
        key("\"endLine\" : ", depth: k); int(x.endLine)
        key("\"line\" : ", depth: k); int(x.line)
        key("\"message\" : ", depth: k); string(x.message)
        key("\"rule\" : ", depth: k); string(x.rule)
        key("\"severity\" : ", depth: k); string(x.severity.rawValue)
        if let s = x.suggestion { key("\"suggestion\" : ", depth: k); string(s) }
        if let w = x.weight { key("\"weight\" : ", depth: k); double(w) }
        closeObject(d)
    }

    mutating func sentence(_ x: SentenceReport, depth d: Int) {
        let k = d + 1
        b.append(0x7B)
        key("\"column\" : ", depth: k, first: true); int(x.column)
        key("\"confidence\" : ", depth: k); double(x.confidence)
        key("\"endColumn\" : ", depth: k); int(x.endColumn)
        key("\"endLine\" : ", depth: k); int(x.endLine)
        key("\"explicitLabel\" : ", depth: k); bool(x.explicitLabel)
        key("\"label\" : ", depth: k); string(x.label.rawValue)
        key("\"line\" : ", depth: k); int(x.line)
        key("\"text\" : ", depth: k); string(x.text)
        key("\"uncertain\" : ", depth: k); bool(x.uncertain)
        key("\"words\" : ", depth: k); int(x.words)
        if let w = x.writtenLabel { key("\"writtenLabel\" : ", depth: k); string(w.rawValue) }
        closeObject(d)
    }

    mutating func stats(_ x: AnswerStats, depth d: Int) {
        let k = d + 1
        b.append(0x7B)
        key("\"paragraphs\" : ", depth: k, first: true); int(x.paragraphs)
        key("\"sentences\" : ", depth: k); int(x.sentences)
        key("\"speakingSeconds\" : ", depth: k); int(x.speakingSeconds)
        key("\"words\" : ", depth: k); int(x.words)
        key("\"wordsByPart\" : ", depth: k)
        let w = x.wordsByPart, m = k + 1
        b.append(0x7B)
        key("\"action\" : ", depth: m, first: true); int(w.action)
        key("\"other\" : ", depth: m); int(w.other)
        key("\"result\" : ", depth: m); int(w.result)
        key("\"situation\" : ", depth: m); int(w.situation)
        key("\"task\" : ", depth: m); int(w.task)
        closeObject(k)
        closeObject(d)
    }

    mutating func subscores(_ x: Subscores, depth d: Int) {
        let k = d + 1
        b.append(0x7B)
        key("\"clarity\" : ", depth: k, first: true); int(x.clarity)
        key("\"concision\" : ", depth: k); int(x.concision)
        key("\"ownership\" : ", depth: k); int(x.ownership)
        key("\"specificity\" : ", depth: k); int(x.specificity)
        key("\"structure\" : ", depth: k); int(x.structure)
        closeObject(d)
    }

    /// An entry of `errors`: `{"failures", "file", "message", "passed"}`.
    mutating func errorEntry(file: String, message: String, verdict v: Verdict, depth d: Int) {
        let k = d + 1
        b.append(0x7B)
        key("\"failures\" : ", depth: k, first: true); array(v.failures, depth: k) { $0.failure($1, depth: k + 1) }
        key("\"file\" : ", depth: k); string(file)
        key("\"message\" : ", depth: k); string(message)
        key("\"passed\" : ", depth: k); bool(v.passed)
        closeObject(d)
    }
}
