import Foundation
import StarlintCore

/// One attempt as a point on a progress line.
public struct AttemptPoint: Sendable, Codable, Equatable {
    public var id: Int64
    @ISODate public var date: Date
    public var score: Int
}

/// How one sub-score moved.
public struct DimensionChange: Sendable, Codable, Equatable {
    public var dimension: StarlintCore.Dimension
    public var from: Int
    public var to: Int
    public var change: Int

    public init(dimension: StarlintCore.Dimension, from: Int, to: Int) {
        self.dimension = dimension
        self.from = from
        self.to = to
        self.change = to - from
    }
}

/// A rule that keeps firing: in how many of the recent attempts, and how often in all.
public struct FindingFrequency: Sendable, Codable, Equatable {
    public var rule: String
    public var attempts: Int
    public var occurrences: Int
    /// The message of its latest occurrence.
    public var message: String
}

/// First, latest and best scores, the trend and what changed, for one question or overall.
public struct QuestionProgress: Sendable, Codable, Equatable {
    /// Nil for the overall line.
    public var questionKey: String?
    public var questionText: String?
    public var attempts: Int
    public var first: AttemptPoint
    public var latest: AttemptPoint
    public var best: AttemptPoint
    /// Scores oldest to newest (the last 30 attempts).
    public var trend: [Int]
    public var sparkline: String
    /// Per question: first attempt against latest. Overall: the mean of the first k attempts
    /// against the mean of the last k, k = min(3, attempts / 2).
    public var improved: [DimensionChange]
    public var slipped: [DimensionChange]
    /// The most frequent rules over the last `ProgressReport.recent` attempts (at most 5).
    public var frequentFindings: [FindingFrequency]
}

/// Consecutive days with at least one attempt, ending today or yesterday.
public struct Streak: Sendable, Codable, Equatable {
    public var days: Int
    /// The last day practised, "yyyy-MM-dd" in the local time zone.
    public var lastDay: String?
    public var practisedToday: Bool

    public init(days: Int, lastDay: String?, practisedToday: Bool) {
        self.days = days
        self.lastDay = lastDay
        self.practisedToday = practisedToday
    }
}

/// Everything `starlint progress` shows.
public struct ProgressReport: Sendable, Codable, Equatable {
    /// Nil when there are no attempts.
    public var overall: QuestionProgress?
    /// Most recently practised first.
    public var questions: [QuestionProgress]
    public var streak: Streak
    /// How many recent attempts the frequent findings look at.
    public var recent: Int

    /// The report for a database with no attempts.
    public static func empty(recent: Int) -> ProgressReport {
        ProgressReport(overall: nil, questions: [], streak: Streak(days: 0, lastDay: nil, practisedToday: false), recent: recent)
    }
}

/// A one-line bar chart of scores: ▁ for 0 up to █ for 100.
public enum Sparkline {
    public static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func render(_ scores: [Int]) -> String {
        String(scores.map { s in
            let level = Int((Double(min(100, max(0, s))) / 100 * 7).rounded())
            return bars[level]
        })
    }
}

extension AttemptStore {
    /// Progress per question and overall. `question` is a question key (nil: every question);
    /// `recent` bounds the attempts the frequent findings count; `now` and `timeZone` define
    /// "today" for the streak.
    public func progress(question: String? = nil, recent: Int = 10, now: Date = Date(), timeZone: TimeZone = .current) throws(StoreError) -> ProgressReport {
        let recent = max(1, recent)
        let all = Array(try history(question: question, limit: nil).reversed())  // oldest first
        guard !all.isEmpty else {
            return .empty(recent: recent)
        }
        var byQuestion: [String: [AttemptSummary]] = [:]
        for a in all { byQuestion[a.questionKey, default: []].append(a) }
        let order = byQuestion.keys.sorted { l, r in
            let a = byQuestion[l]!.last!, b = byQuestion[r]!.last!
            return (a.date, a.id) > (b.date, b.id)
        }
        var wanted = Set(all.suffix(recent).map(\.id))
        for list in byQuestion.values { wanted.formUnion(list.suffix(recent).map(\.id)) }
        var findings: [Int64: [(rule: String, message: String)]] = [:]
        for f in try findingKeys(attemptIds: wanted.sorted()) { findings[f.attemptId, default: []].append((f.rule, f.message)) }

        let lines = order.map { key in
            let list = byQuestion[key]!
            return Self.line(list, key: key, text: list.last(where: { $0.questionText != nil })?.questionText, k: 1, recent: recent, findings: findings)
        }
        let overall = Self.line(all, key: nil, text: nil, k: max(1, min(3, all.count / 2)), recent: recent, findings: findings)
        return ProgressReport(overall: overall, questions: lines, streak: Self.streak(all.map(\.date), now: now, timeZone: timeZone), recent: recent)
    }

    static func line(_ list: [AttemptSummary], key: String?, text: String?, k: Int, recent: Int,
                     findings: [Int64: [(rule: String, message: String)]]) -> QuestionProgress {
        let point = { (a: AttemptSummary) in AttemptPoint(id: a.id, date: a.date, score: a.score) }
        // Best: highest score, earliest on ties.
        let best = list.reduce(list[0]) { $1.score > $0.score ? $1 : $0 }
        var improved: [DimensionChange] = []
        var slipped: [DimensionChange] = []
        if list.count >= 2 {
            let head = list.prefix(k), tail = list.suffix(k)
            for d in StarlintCore.Dimension.allCases {
                let from = mean(head.map { $0.subscores[d] })
                let to = mean(tail.map { $0.subscores[d] })
                let c = DimensionChange(dimension: d, from: from, to: to)
                if c.change > 0 { improved.append(c) } else if c.change < 0 { slipped.append(c) }
            }
            improved.sort { $0.change > $1.change }
            slipped.sort { $0.change < $1.change }
        }
        var counts: [String: (attempts: Int, occurrences: Int, message: String)] = [:]
        for a in list.suffix(recent) {
            var seen: Set<String> = []
            for f in findings[a.id] ?? [] {
                var c = counts[f.rule] ?? (0, 0, f.message)
                c.occurrences += 1
                c.message = f.message
                if seen.insert(f.rule).inserted { c.attempts += 1 }
                counts[f.rule] = c
            }
        }
        let frequent = counts
            .map { FindingFrequency(rule: $0.key, attempts: $0.value.attempts, occurrences: $0.value.occurrences, message: $0.value.message) }
            .sorted { ($1.attempts, $1.occurrences, $0.rule) < ($0.attempts, $0.occurrences, $1.rule) }
            .prefix(5)
        let trend = list.suffix(30).map(\.score)
        return QuestionProgress(
            questionKey: key, questionText: text, attempts: list.count,
            first: point(list.first!), latest: point(list.last!), best: point(best),
            trend: trend, sparkline: Sparkline.render(trend), improved: improved, slipped: slipped,
            frequentFindings: Array(frequent))
    }

    /// The rounded mean of a non-empty list.
    static func mean(_ values: [Int]) -> Int {
        let total: Int = values.reduce(0, +)
        return Int((Double(total) / Double(values.count)).rounded())
    }

    /// Consecutive local days with an attempt, counted back from today, or from yesterday when
    /// there is none yet today.
    public static func streak(_ dates: [Date], now: Date, timeZone: TimeZone) -> Streak {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let days = Set(dates.map { DayText.day($0, calendar: calendar) })
        let today = calendar.startOfDay(for: now)
        var day = today
        let practisedToday = days.contains(DayText.day(today, calendar: calendar))
        if !practisedToday { day = calendar.date(byAdding: .day, value: -1, to: today)! }
        var n = 0
        while days.contains(DayText.day(day, calendar: calendar)) {
            n += 1
            day = calendar.date(byAdding: .day, value: -1, to: day)!
        }
        let last = dates.max().map { DayText.day($0, calendar: calendar) }
        return Streak(days: n, lastDay: last, practisedToday: practisedToday)
    }
}

/// Dates as short local text for reports.
public enum DayText {
    /// "yyyy-MM-dd" in the calendar's time zone.
    public static func day(_ date: Date, calendar: Calendar) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// "yyyy-MM-dd HH:mm" in `timeZone`.
    public static func minute(_ date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
