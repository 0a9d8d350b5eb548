/// `check --format json`:
/// `{ "files": [ <score JSON of each analysed file + "passed", "failures"> ],
///    "errors": [ {"file", "message"} ], "summary": {...} }`.
/// Files that could not be analysed appear only under `errors` (and count as failed).
public enum BatchJSONReporter: BatchReporter {
    public static let identifier = "json"

    struct Document: Encodable {
        var files: [FileEntry]
        var errors: [ErrorEntry]
        var summary: Summary
    }

    /// The `starlint score --format json` object plus the verdict.
    struct FileEntry: Encodable {
        var analysis: Analysis
        var verdict: Verdict

        enum ExtraKeys: String, CodingKey { case passed, failures }

        func encode(to encoder: any Encoder) throws {
            try analysis.encode(to: encoder)
            var c = encoder.container(keyedBy: ExtraKeys.self)
            try c.encode(verdict.passed, forKey: .passed)
            try c.encode(verdict.failures, forKey: .failures)
        }
    }

    struct ErrorEntry: Encodable {
        var file: String
        var message: String
    }

    struct Summary: Encodable {
        var files, analysed, passed, failed, errors: Int
        var meanScore: Double?
        var worst: [BatchSummary.ScoredFile]
        var frequentFindings: [BatchSummary.RuleCount]
        var thresholds: Thresholds

        enum CodingKeys: String, CodingKey { case files, analysed, passed, failed, errors, meanScore, worst, frequentFindings, thresholds }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(files, forKey: .files)
            try c.encode(analysed, forKey: .analysed)
            try c.encode(passed, forKey: .passed)
            try c.encode(failed, forKey: .failed)
            try c.encode(errors, forKey: .errors)
            try c.encode(meanScore, forKey: .meanScore)  // null when nothing was analysed
            try c.encode(worst, forKey: .worst)
            try c.encode(frequentFindings, forKey: .frequentFindings)
            try c.encode(thresholds, forKey: .thresholds)
        }
    }

    struct Thresholds: Encodable {
        var minScore: Int?
        var minimums: [String: Int]
        var failOn: String
        var required: [String]

        enum CodingKeys: String, CodingKey { case minScore, minimums, failOn, required }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(minScore, forKey: .minScore)
            // Dimension order, not dictionary order, for stable output.
            var m = c.nestedContainer(keyedBy: DimensionKey.self, forKey: .minimums)
            for d in Dimension.allCases { if let v = minimums[d.rawValue] { try m.encode(v, forKey: DimensionKey(stringValue: d.rawValue)) } }
            try c.encode(failOn, forKey: .failOn)
            try c.encode(required, forKey: .required)
        }
    }

    struct DimensionKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public static func generateReport(_ report: BatchReport) -> String {
        let s = report.summary
        let p = report.policy
        let doc = Document(
            files: report.files.compactMap { f in f.analysis.map { FileEntry(analysis: $0, verdict: f.verdict) } },
            errors: report.files.compactMap { f in
                f.error.map { ErrorEntry(file: f.path, message: BatchPolicy.inputMessage($0)) }
            },
            summary: Summary(files: s.files, analysed: s.analysed, passed: s.passed, failed: s.failed, errors: s.errors,
                             meanScore: s.meanScore, worst: s.worst, frequentFindings: s.frequentFindings,
                             thresholds: Thresholds(minScore: p.minScore, minimums: Dictionary(uniqueKeysWithValues: p.minimums.map { ($0.key.rawValue, $0.value) }),
                                                    failOn: p.failOn.rawValue, required: p.required)))
        return StableJSON.encode(doc) + "\n"
    }
}
