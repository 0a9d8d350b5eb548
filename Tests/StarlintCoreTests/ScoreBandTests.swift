import Testing
@testable import StarlintCore

/// The score's band: which quality grade's answers score like it (`Rubric.band(of:)`), set
/// by calibration from the dev answers' median scores.
@Suite struct ScoreBandTests {
    static let bundled: String = {
        String(decoding: (try? FileIO.read(packageRoot + "/Lexicons/rubric.txt")) ?? [], as: UTF8.self)
    }()

    /// The bundled rubric with its band lines replaced by `lines` (none: no bands).
    static func rubric(bands lines: [String]) throws -> Rubric {
        let kept = bundled.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("band.") }
        return try Rubric(bytes: Array((kept + lines.map { Substring($0) }).joined(separator: "\n").utf8))
    }

    @Test func eachScoreFallsInOneBand() throws {
        let r = try Self.rubric(bands: ["band.2 = 59", "band.3 = 81", "band.4 = 91", "band.5 = 98"])
        let cases: [(Int, Int, Int, Int, String)] = [
            (0, 1, 0, 58, "weak"), (58, 1, 0, 58, "weak"), (59, 2, 59, 80, "needs work"), (80, 2, 59, 80, "needs work"),
            (81, 3, 81, 90, "fair"), (90, 3, 81, 90, "fair"), (91, 4, 91, 97, "good"), (97, 4, 91, 97, "good"),
            (98, 5, 98, 100, "strong"), (100, 5, 98, 100, "strong"),
        ]
        for (score, grade, from, to, name) in cases {
            #expect(r.band(of: score) == ScoreBand(grade: grade, from: from, to: to), "\(score)")
            #expect(r.band(of: score)?.name == name, "\(score)")
        }
        #expect(TextReport.bandLine(r.band(of: 84)!) == "band: fair (81-90, typical of the corpus's grade-3 answers)")
    }

    @Test func aRubricWithoutBandsHasNone() throws {
        #expect(try Self.rubric(bands: []).band(of: 70) == nil)
    }

    @Test func bandsComeAllFourAndRising() throws {
        #expect(throws: StarlintError.self) { try Self.rubric(bands: ["band.2 = 59", "band.3 = 81", "band.4 = 91"]) }
        #expect(throws: StarlintError.self) { try Self.rubric(bands: ["band.2 = 59", "band.3 = 59", "band.4 = 91", "band.5 = 98"]) }
        #expect(throws: StarlintError.self) { try Self.rubric(bands: ["band.2 = 59", "band.3 = 81", "band.4 = 91", "band.5 = 101"]) }
        #expect(throws: StarlintError.self) { try Self.rubric(bands: ["band.2 = 59.5", "band.3 = 81", "band.4 = 91", "band.5 = 98"]) }
    }

    /// The committed rubric has bands, and `score` shows the band of its score in the text
    /// report and the JSON.
    @Test func theReportShowsTheBand() throws {
        let a = try analyze(Examples.strong)
        let band = try #require(a.band)
        #expect(band == Lexicon.bundled.rubric.band(of: a.score))
        #expect(band.from <= a.score && a.score <= band.to)
        let text = TextReport.render(a, style: Style(enabled: false))
        #expect(text.contains("score \(a.score)/100  (rubric \(a.rubricVersion), \(a.modelVersion))\n  \(TextReport.bandLine(band))\n"))
        let json = JSONOutput.encode(a, pretty: false)
        #expect(json.contains("\"band\":{\"from\":\(band.from),\"grade\":\(band.grade),\"name\":\"\(band.name)\",\"to\":\(band.to)}"))
        var bare = a
        bare.band = nil
        #expect(!TextReport.render(bare, style: Style(enabled: false)).contains("band:"))
    }

    /// Calibration puts each band's start halfway between the median scores of the grade
    /// below and its own, and leaves the bands out when a grade has no answers or its median
    /// leaves no room for a band.
    @Test func calibrationSetsBandsFromMedians() throws {
        let scorer = Scorer(rubric: Lexicon.bundled.rubric)
        let answers = [
            Examples.strong,
            Examples.strong(replacing: "Both customers renewed", with: "Basically both customers renewed"),
            Examples.strong(replacing: "Both customers renewed", with: "Basically both customers kind of renewed"),
            Examples.strong(result: "It went really well and everyone was happy."),
            "I think I basically helped. It was kind of fine.",
        ]
        let samples = try answers.map { try analyze($0).findings }.map { ($0, scorer.score($0).score) }.sorted { $0.1 < $1.1 }
        let scores = samples.map(\.1)
        try #require(Set(scores).count == 5, "five different scores: \(scores)")
        // Grade g's answers: the g-th lowest score twice and the one above it once, so each
        // grade's median is its own score.
        var graded: [([Finding], Double)] = []
        for g in 0..<5 { graded += [(samples[g].0, Double(g + 1)), (samples[g].0, Double(g + 1)), (samples[min(4, g + 1)].0, Double(g + 1))] }
        var r = Lexicon.bundled.rubric
        Calibrator.setBands(&r, graded)
        for g in 2...5 {
            #expect(r.values["band.\(g)"] == (Double(scores[g - 2] + scores[g - 1]) / 2).rounded(), "band.\(g)")
        }
        #expect(r.band(of: scores[0])?.grade == 1 && r.band(of: scores[4])?.grade == 5)
        // A grade with no answers: no bands at all (not four of them from the wrong medians).
        Calibrator.setBands(&r, graded.filter { $0.1 != 3 })
        #expect(r.values["band.2"] == nil && r.values["band.5"] == nil)
        // Grade 4's median below grade 3's: no room for a band between them, so none.
        Calibrator.setBands(&r, graded.map { ($0.1 == 4 ? samples[1].0 : $0.0, $0.1) })
        #expect(r.values["band.4"] == nil && r.band(of: 50) == nil)
    }

    /// `check` counts the files in each band and names them in its summary, strongest first;
    /// without bands (a rubric that has none) there is no such line.
    @Test func theBatchSummaryCountsBands() throws {
        let a = try analyze(Examples.strong)
        func file(_ band: ScoreBand?) -> FileReport {
            var x = a
            x.band = band
            return FileReport(path: "a.md", analysis: x, error: nil, verdict: Verdict(failures: []))
        }
        let bands = [ScoreBand(grade: 5, from: 98, to: 100), ScoreBand(grade: 1, from: 0, to: 58), ScoreBand(grade: 5, from: 98, to: 100),
                     ScoreBand(grade: 3, from: 81, to: 90)]
        let summary = BatchSummary(bands.map(file) + [FileReport(path: "b.md", analysis: nil, error: .empty(path: "b.md"), verdict: Verdict(failures: []))])
        #expect(summary.bands == [1, 0, 1, 0, 2])
        #expect(BatchTextReporter.summary(summary, style: Style(enabled: false)).contains("\nbands: 2 strong, 1 fair, 1 weak\n"))
        let none = BatchSummary([file(nil), file(nil)])
        #expect(none.bands == nil)
        #expect(!BatchTextReporter.summary(none, style: Style(enabled: false)).contains("bands:"))
    }
}
