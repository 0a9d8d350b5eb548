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

    public static let types = ["behavioural", "situational", "role-specific", "career-progression", "cultural-fit", "problem-solving", "teamwork-leadership"]

    public static let bundled = QuestionBank(tsv: BundledQuestions.tsv)

    public init(tsv: [UInt8]) {
        var qs: [Question] = []
        for (k, line) in String(decoding: tsv, as: UTF8.self).textLines(omittingEmpty: true).enumerated() where k > 0 {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 4 else { continue }
            qs.append(Question(id: String(f[0]), type: String(f[1]), competencies: f[2].split(separator: ",").map(String.init), text: String(f[3])))
        }
        questions = qs
    }

    public var competencies: [String] { Array(Set(questions.flatMap(\.competencies))).sorted() }

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
}
