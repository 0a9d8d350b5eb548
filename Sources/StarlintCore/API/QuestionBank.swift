import StarlintQuestionData

/// One interview question from the bank.
public struct Question: Sendable, Codable, Equatable {
    public var id: String
    public var type: String
    public var competencies: [String]
    public var text: String
}

/// The bundled question bank (`Corpus/questions.tsv`).
public struct QuestionBank: Sendable {
    public let questions: [Question]

    /// The kinds of question, as `QuestionKind` names them.
    public static let types = QuestionKind.names

    public static let bundled = QuestionBank(tsv: BundledQuestions.tsv)

    /// Reads the bank's TSV from its bytes (a header line, then `id`, `type`, `competencies`,
    /// `question` per line; lines end at "\n", "\r\n" or "\r"): `score` reads it at every
    /// start, and splitting it as Strings cost a twentieth of that start.
    public init(tsv: [UInt8]) {
        var qs: [Question] = []
        tsv.withUnsafeBufferPointer { b in
            func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self) }
            /// The pieces of `r` between `separator` bytes, empty ones included.
            func pieces(_ r: Range<Int>, _ separator: UInt8) -> [Range<Int>] {
                var out: [Range<Int>] = []
                var start = r.lowerBound
                for k in r.lowerBound...r.upperBound where k == r.upperBound || b[k] == separator { out.append(start..<k); start = k + 1 }
                return out
            }
            // The first line that is not empty is the header.
            for line in b.lineRanges().filter({ !$0.isEmpty }).dropFirst() {
                let fields = pieces(line, 0x09)  // tab
                guard fields.count == 4 else { continue }
                let competencies = pieces(fields[2], 0x2C).filter { !$0.isEmpty }.map(text)  // comma
                qs.append(Question(id: text(fields[0]), type: text(fields[1]), competencies: competencies, text: text(fields[3])))
            }
        }
        questions = qs
    }

    public var competencies: [String] { Array(Set(questions.flatMap(\.competencies))).sorted() }

    /// The type or competency `name` stands for, among `known`: written in any case, with spaces
    /// or underscores for hyphens, in American spelling ("behavioral"), or as the start of one
    /// name or of one of its hyphenated words ("career", "leadership", "detail").
    /// Nil when it matches none, or more than one.
    public static func resolve(_ name: String, among known: [String]) -> String? {
        let hits = matches(name, among: known)
        return hits.count == 1 ? hits[0] : nil
    }

    /// Every name in `known` that `name` may stand for (see `resolve`): one when it is exact.
    public static func matches(_ name: String, among known: [String]) -> [String] {
        var key = String(name.trimmingSpaces().lowercased().map { $0 == "_" || $0 == " " ? "-" : $0 })
        if key.hasPrefix("behavior") { key = "behaviour" + key.dropFirst("behavior".count) }
        if known.contains(key) { return [key] }
        guard !key.isEmpty else { return [] }
        return known.filter { $0.hasPrefix(key) || $0.split(separator: "-").contains { $0.hasPrefix(key) } }
    }

    public func filter(type: String?, competency: String?) -> [Question] {
        questions.filter { q in
            (type == nil || q.type == type) && (competency == nil || q.competencies.contains(competency!))
        }
    }

    /// The question with this id, written in any case and with spaces around it ("Q006 ").
    public func question(id: String) -> Question? {
        let key = id.trimmingSpaces().lowercased()
        return questions.first { $0.id == key }
    }

    /// The bank question `question` names: by id (as `question(id:)` reads it) or by its
    /// exact text.
    public func question(idOrText question: String) -> Question? {
        self.question(id: question) ?? questions.first { $0.text == question }
    }
}
