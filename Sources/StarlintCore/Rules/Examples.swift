/// Shared example answers for rule descriptions.
enum Examples {
    /// A complete, quantified, first-person answer of about 170 words with part labels.
    static let strong = """
        Situation: Last spring our support team in Leeds was answering billing tickets in four days on average, and two large customers had complained to our director about the delays.
        Task: My manager asked me to bring the first reply under one day within a quarter without hiring anyone.
        Action: I read two hundred closed tickets and sorted them by cause, and found that half were the same three invoice questions.
        I wrote short reply templates for those questions and trained the six agents on them over two afternoons.
        I also set up a morning triage rota so that every new ticket had an owner before ten o'clock.
        I checked the queue each Friday and adjusted the templates whenever a new question kept coming up.
        I shared a weekly chart with the team so everyone could see the trend.
        Result: By the end of the quarter the average first reply fell from four days to six hours.
        Both customers renewed their contracts, and my manager asked me to run the same review for the refunds queue.
        """

    /// The strong answer's quantified Result sentence.
    static let strongResult = "By the end of the quarter the average first reply fell from four days to six hours."

    /// The strong answer with one sentence replaced.
    static func strong(replacing old: String, with new: String) -> String {
        strong.replacingFirst(old, with: new)
    }

    /// The strong answer with `new` in place of its quantified Result sentence.
    static func strong(result new: String) -> String {
        strong(replacing: strongResult, with: new)
    }
}

extension String {
    func replacingFirst(_ old: String, with new: String) -> String {
        let hay = Array(utf8), needle = Array(old.utf8)
        guard !needle.isEmpty, hay.count >= needle.count else { return self }
        for i in 0...(hay.count - needle.count) where hay[i..<(i + needle.count)].elementsEqual(needle) {
            return String(decoding: hay[..<i], as: UTF8.self) + new + String(decoding: hay[(i + needle.count)...], as: UTF8.self)
        }
        return self
    }
}
