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

/// How the score moved over the questions practised more than once: the mean of their first
/// attempts' scores against the mean of their latest.
public struct ScoreChange: Sendable, Codable, Equatable {
    public var from: Int
    public var to: Int
    public var change: Int

    public init(from: Int, to: Int) {
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
    /// Whether the latest attempt at the question has it too (false: fixed since, as far as
    /// the rule goes); always true on the overall line, whose latest attempt answers one of
    /// several questions.
    public var inLatest: Bool = true
}

/// First, latest and best scores, the trend and what changed, for one question or overall.
public struct QuestionProgress: Sendable, Codable, Equatable {
    /// Nil for the overall line.
    @Nullable public var questionKey: String?
    @Nullable public var questionText: String?
    public var attempts: Int
    public var first: AttemptPoint
    public var latest: AttemptPoint
    public var best: AttemptPoint
    /// Scores oldest to newest (the last 30 attempts).
    public var trend: [Int]
    public var sparkline: String
    /// Per question: first attempt against latest. Overall, over several questions: each
    /// question's latest attempt against its first, averaged over the questions practised more
    /// than once (`questionsCompared`); over one question, the mean of its first k attempts
    /// against the mean of its last k, k = min(3, attempts / 2).
    public var improved: [DimensionChange]
    public var slipped: [DimensionChange]
    /// The overall line over several questions: how many were practised more than once, and
    /// so compared. Nil otherwise.
    @Nullable public var questionsCompared: Int? = nil
    /// The overall line over several questions, when one was practised more than once: each
    /// such question's latest score against its first, averaged (the first and latest above
    /// may be answers to different questions). Nil otherwise.
    @Nullable public var scoreChange: ScoreChange? = nil
    /// The most frequent rules over the last `ProgressReport.recent` attempts (at most 5).
    public var frequentFindings: [FindingFrequency]
}

/// Consecutive days with at least one attempt, ending today or yesterday.
public struct Streak: Sendable, Codable, Equatable {
    public var days: Int
    /// The last day practised, "yyyy-MM-dd" in the local time zone.
    @Nullable public var lastDay: String?
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
    @Nullable public var overall: QuestionProgress?
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

/// A one-line bar chart of scores, from ▁ at its floor up to █ at 100. The floor is the
/// lowest score rounded down to a multiple of 10, so the steps of an answer already in the
/// 90s show (93, 95, 100: ▃▅█) where a scale from 0 would draw them all as one height.
public enum Sparkline {
    public static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The score drawn as ▁: the lowest of `scores` (clamped to 0-100) rounded down to a
    /// multiple of 10, and never above 90, so 100 alone still has a range below it.
    public static func floor(_ scores: [Int]) -> Int {
        guard let low = scores.min() else { return 0 }
        return min(90, max(0, low) / 10 * 10)
    }

    public static func render(_ scores: [Int]) -> String {
        let low = Double(floor(scores))
        return String(scores.map { s in
            let level = Int(((Double(min(100, max(0, s))) - low) / (100 - low) * 7).rounded())
            return bars[level]
        })
    }
}

extension AttemptStore {
    /// Progress per question and overall. `question` is a question key (nil: every question);
    /// `recent` bounds the attempts the frequent findings count; `now` and `timeZone` define
    /// "today" for the streak.
    ///
    /// Computed in SQL with the indexes: a count per question (one pass over an index), then a
    /// few indexed lookups per question (first attempt, last attempts, best score, question
    /// text) and per attempt whose findings are counted, and one lookup per streak day. No
    /// step reads every attempt.
    public func progress(question: String? = nil, recent: Int = 10, now: Date = Date(), timeZone: TimeZone = .current) throws(StoreError) -> ProgressReport {
        let recent = max(1, recent)
        return try run {
            try reader.read { db in
                try ProgressQuery(db: db, recent: recent).report(question: question, now: now, timeZone: timeZone)
            }
        }
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
        return streak(now: now, calendar: calendar, lastDay: dates.max().map { DayText.day($0, calendar: calendar) }) {
            days.contains(DayText.day($0, calendar: calendar))
        }
    }

    /// The streak walk shared by the list above and the indexed query (`ProgressQuery`):
    /// `practised(day)` says whether the local day starting at `day` has an attempt.
    static func streak(now: Date, calendar: Calendar, lastDay: String?, practised: (Date) throws -> Bool) rethrows -> Streak {
        let today = calendar.startOfDay(for: now)
        var day = today
        let practisedToday = try practised(today)
        if !practisedToday { day = calendar.date(byAdding: .day, value: -1, to: today)! }
        var n = 0
        while try practised(day) {
            n += 1
            day = calendar.date(byAdding: .day, value: -1, to: day)!
        }
        return Streak(days: n, lastDay: lastDay, practisedToday: practisedToday)
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
