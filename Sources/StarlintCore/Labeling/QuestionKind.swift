/// The kind of interview question an answer replies to, as the question bank sorts them.
/// Known when the answer names its question (front matter, a heading, `--question`).
public enum QuestionKind: Int, CaseIterable, Sendable, Codable {
    case behavioural, situational, roleSpecific, careerProgression, culturalFit, problemSolving, teamworkLeadership

    public static let names = ["behavioural", "situational", "role-specific", "career-progression", "cultural-fit",
                               "problem-solving", "teamwork-leadership"]

    /// The bank's name for the kind ("career-progression").
    public var name: String { Self.names[rawValue] }

    public init?(name: String) {
        guard let i = Self.names.firstIndex(of: name) else { return nil }
        self.init(rawValue: i)
    }
}
