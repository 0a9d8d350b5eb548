import Foundation
import StarlintCore

/// Which question an attempt answers: the key attempts are grouped by, and the text to show.
public struct QuestionIdentity: Sendable, Equatable, Codable {
    /// A bank id ("q012"), a normalised question text, an absolute answer-file path, or "<stdin>".
    public var key: String
    public var text: String?

    /// The key of answers read from standard input with no question named.
    public static let stdinKey = "<stdin>"

    public init(key: String, text: String?) {
        self.key = key
        self.text = text
    }

    /// Picks the question for an attempt: `explicit` (the `--question ID|TEXT` flag) wins over the
    /// front matter `question`; either may be a bank id or a text, and a text equal to a bank
    /// question maps to its id. Without either, the answer file's canonical path is the key.
    public static func resolve(
        explicit: String?, frontMatter: String?, file: String,
        bank: QuestionBank = .bundled, currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> QuestionIdentity {
        for candidate in [explicit, frontMatter] {
            guard let raw = candidate else { continue }
            let text = normalize(raw)
            if text.isEmpty { continue }
            if let q = bank.question(id: text) { return QuestionIdentity(key: q.id, text: q.text) }
            // A bank question's text, whatever its case and closing punctuation (the bundled
            // bank's comparable texts are made once: `check --save` resolves every file).
            let loose = comparable(text)
            let byText = bank.questions == QuestionBank.bundled.questions ? Self.bundledByText : Self.byText(bank)
            if let q = byText[loose] {
                return QuestionIdentity(key: q.id, text: q.text)
            }
            return QuestionIdentity(key: text, text: text)
        }
        if file == "-" || file == "<stdin>" { return QuestionIdentity(key: "<stdin>", text: nil) }
        return QuestionIdentity(key: filePath(file, currentDirectory: currentDirectory), text: nil)
    }

    /// The key of an answer known by its file: the file's canonical path (absolute, links
    /// resolved), so the same file reached through a link or from another folder keeps one
    /// history; the absolute path when it cannot be resolved (the file is gone).
    public static func filePath(_ file: String, currentDirectory: String) -> String {
        let absolute = absolutePath(file, currentDirectory: currentDirectory)
        return FileDiscovery.realPath(absolute) ?? absolute
    }

    /// A bank's questions by comparable text (the first of any two with the same text).
    static func byText(_ bank: QuestionBank) -> [String: Question] {
        var out: [String: Question] = [:]
        for q in bank.questions where out[comparable(q.text)] == nil { out[comparable(q.text)] = q }
        return out
    }

    static let bundledByText = byText(.bundled)

    /// A question's text for comparing: lower-cased, with the punctuation of prose made
    /// alike. Apostrophes go (straight or curly: "organisation’s" is "organisations"); white
    /// space, quotes, dashes of any length, brackets and the marks that end or divide a
    /// sentence are one space, so a comma, an en dash or curly quotes pasted from a job advert
    /// or a document do not start a history of their own. Other symbols ("%", "_", "&", "#")
    /// count as written.
    public static func comparable(_ s: String) -> String {
        var out = ""
        var space = false
        let chars = Array(s)
        for (k, c) in chars.enumerated() {
            if Self.apostrophes.contains(c) { continue }
            // A point or comma between digits is part of the number ("1.5" is not "1,5").
            let inNumber = (c == "." || c == ",") && k > 0 && k + 1 < chars.count && chars[k - 1].isNumber && chars[k + 1].isNumber
            if !inNumber, c.isWhitespace || Self.separators.contains(c) {
                space = true
                continue
            }
            if space, !out.isEmpty { out.append(" ") }
            space = false
            out += c.lowercased()
        }
        return out
    }

    static let apostrophes: Set<Character> = ["'", "\u{2019}", "\u{2018}", "\u{02BC}", "`"]
    static let separators: Set<Character> = [".", ",", ";", ":", "!", "?", "\"", "\u{201C}", "\u{201D}", "\u{00AB}", "\u{00BB}",
                                             "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}",
                                             "(", ")", "[", "]", "{", "}", "\u{2026}", "/"]

    /// Trims and collapses runs of white space to one space.
    public static func normalize(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// `path` made absolute against `currentDirectory`, with "." and ".." segments removed.
    public static func absolutePath(_ path: String, currentDirectory: String) -> String {
        FileDiscovery.absolutePath(path, currentDirectory: currentDirectory)
    }
}

/// The question keys a database holds, for filing a question known by its text: another
/// case or other punctuation ("... a rota" and "... a rota?", "client's" and "client’s") is
/// the same question, and joins the history of the key saved most recently.
public struct SavedQuestionKeys: Sendable {
    private var exact: Set<String>
    private var byComparable: [String: String] = [:]

    /// `newestFirst`: each saved key once, the most recently practised first.
    public init(newestFirst: [String]) {
        exact = Set(newestFirst)
        for key in newestFirst {
            let c = QuestionIdentity.comparable(key)
            if !c.isEmpty, byComparable[c] == nil { byComparable[c] = key }
        }
    }

    /// A question close to `text` but not the same (a typing slip, a word changed: "senior
    /// colleague's" for "senior stakeholder's"): a bank question, or a question saved by its
    /// text, whose comparable form is within a tenth of its length in edits (at least 3) of
    /// `text`'s; the closest, a bank question first on a tie. nil when none is that close, or
    /// when `text` is one of them as it stands.
    public func nearby(_ text: String, bank: QuestionBank = .bundled) -> (key: String, text: String)? {
        let c = Array(QuestionIdentity.comparable(text).unicodeScalars)
        guard c.count >= 12 else { return nil }
        var best: (key: String, text: String, d: Int)?
        let candidates = bank.questions.map { ($0.id, $0.text) }
            + byComparable.values.sorted().filter { !$0.hasPrefix("/") && $0 != QuestionIdentity.stdinKey }.map { ($0, $0) }
        // The question without its opener ("tell me about", "give an example of" ...): the same
        // question asked with another opener is near too.
        let cBody = Array(SavedQuestionKeys.withoutOpener(QuestionIdentity.comparable(text)).unicodeScalars)
        for (key, candidate) in candidates {
            let comparable = QuestionIdentity.comparable(candidate)
            let o = Array(comparable.unicodeScalars)
            let limit = max(3, max(c.count, o.count) / 10)
            if abs(o.count - c.count) <= limit {
                let d = Suggest.distance(c, o, limit: limit)
                if d == 0 { return nil }
                if d <= limit, best == nil || d < best!.d { best = (key, candidate, d) }
            }
            // Another opener: the rest as close as the whole must be, counted one past the
            // limit, so a match of the whole text wins a tie.
            let oBody = Array(SavedQuestionKeys.withoutOpener(comparable).unicodeScalars)
            let bodyLimit = max(3, max(cBody.count, oBody.count) / 10)
            if cBody.count >= 12, cBody.count != c.count || oBody.count != o.count, abs(oBody.count - cBody.count) <= bodyLimit {
                let d = Suggest.distance(cBody, oBody, limit: bodyLimit) + 1
                if d <= bodyLimit + 1, best == nil || d < best!.d { best = (key, candidate, d) }
            }
        }
        return best.map { ($0.key, $0.text) }
    }

    /// Openers a behavioural question may start with, as `comparable` writes them, longest first.
    static let openers = ["can you give me an example of", "can you give an example of", "could you give an example of",
                          "give me an example of", "give an example of", "can you tell me about", "could you tell me about",
                          "can you describe", "could you describe", "tell me about", "tell us about", "talk me through",
                          "walk me through", "share an example of", "describe"]

    /// `comparable` text without an opener from `openers`.
    public static func withoutOpener(_ comparable: String) -> String {
        for o in openers where comparable.hasPrefix(o + " ") { return String(comparable.dropFirst(o.count + 1)) }
        return comparable
    }

    /// The key to save a question known by its text under: itself when saved so already or
    /// new, else the saved key it matches loosely. Recorded, so a batch that writes one text
    /// two ways files both under the first.
    public mutating func key(for text: String) -> String {
        if exact.contains(text) { return text }
        let c = QuestionIdentity.comparable(text)
        if let saved = byComparable[c] { return saved }
        exact.insert(text)
        if !c.isEmpty { byComparable[c] = text }
        return text
    }
}
