/// `check --format json`:
/// `{ "files": [ <score JSON of each analysed file + "passed", "failures"> ],
///    "errors": [ {"file", "message", "passed", "failures"} ], "summary": {...} }`.
/// Files that could not be analysed appear only under `errors` (and count as failed): each
/// with `passed` false and its one `input-error` failure, as a graded file has them. Files
/// found or named but left out (`NotGraded`) are listed under `notGraded` (`path`, `reason`,
/// `message`), a key written only when there are some.
public enum BatchJSONReporter: BatchReporter {
    public static let identifier = "json"

    struct Document: Encodable {
        var files: [FileEntry]
        var errors: [ErrorEntry]
        /// Absent when every file found was graded.
        var notGraded: [NotGraded]?
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
        var passed: Bool
        var failures: [FailureReason]
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
        var settingsFile: String?

        enum CodingKeys: String, CodingKey { case minScore, minimums, failOn, required, settingsFile }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(minScore, forKey: .minScore)
            // Dimension order, not dictionary order, for stable output.
            var m = c.nestedContainer(keyedBy: DimensionKey.self, forKey: .minimums)
            for d in Dimension.allCases { if let v = minimums[d.rawValue] { try m.encode(v, forKey: DimensionKey(stringValue: d.rawValue)) } }
            try c.encode(failOn, forKey: .failOn)
            try c.encode(required, forKey: .required)
            try c.encode(settingsFile, forKey: .settingsFile)  // null when no settings file was read
        }
    }

    struct DimensionKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public static func generateReport(_ report: BatchReport) -> String {
        BatchFormat.json.render(report)
    }

    /// The document as JSONEncoder writes it from `Document`: how the output was made before
    /// it was streamed, kept as the reference the streamed output is tested against.
    static func encodedWhole(_ report: BatchReport) -> String {
        let doc = Document(
            files: report.files.compactMap { f in f.analysis.map { FileEntry(analysis: $0, verdict: f.verdict) } },
            errors: report.files.compactMap { f in
                f.error.map { ErrorEntry(file: f.path, message: BatchPolicy.inputMessage($0), passed: f.verdict.passed, failures: f.verdict.failures) }
            },
            notGraded: report.notGraded.isEmpty ? nil : report.notGraded,
            summary: summary(report.summary, report.policy))
        return StableJSON.encode(doc) + "\n"
    }

    static func summary(_ s: BatchSummary, _ p: BatchPolicy) -> Summary {
        Summary(files: s.files, analysed: s.analysed, passed: s.passed, failed: s.failed, errors: s.errors,
                meanScore: s.meanScore, worst: s.worst, frequentFindings: s.frequentFindings,
                thresholds: Thresholds(minScore: p.minScore, minimums: Dictionary(uniqueKeysWithValues: p.minimums.map { ($0.key.rawValue, $0.value) }),
                                       failOn: p.failOn.rawValue, required: p.required, settingsFile: p.settingsFile))
    }

    /// Streams the document. Sorted keys put `errors` before `files`, and which files cannot
    /// be read is only known as they are graded, so the rendered `files` entries go to a
    /// `Spool` (memory, then a temporary file) and the errors (a path and a message each)
    /// are kept; `end` writes `errors`, copies the spool, and writes `summary`.
    final class Stream: BatchStreamingReporter {
        let context: BatchContext
        let files: Spool
        var fileCount = 0
        var errors = JSONBytes()
        var errorCount = 0
        var failed = false

        init(_ context: BatchContext, spool: Spool = Spool()) {
            self.context = context
            self.files = spool
        }

        func begin(into out: BatchOutput) {}

        func file(_ file: FileReport, into out: BatchOutput) {
            if let a = file.analysis {
                files.withBuffer { buf in
                    var w = JSONBytes()
                    swap(&w.b, &buf)
                    if fileCount > 0 { w.raw(",\n") }
                    w.indent(2)
                    w.fileEntry(a, file.verdict, depth: 2)
                    swap(&w.b, &buf)
                    if w.failed { failed = true }
                }
                fileCount += 1
            }
            if let e = file.error {
                if errorCount > 0 { errors.raw(",\n") }
                errors.indent(2)
                errors.errorEntry(file: file.path, message: BatchPolicy.inputMessage(e), verdict: file.verdict, depth: 2)
                errorCount += 1
            }
        }

        func end(_ summary: BatchSummary, into out: BatchOutput) {
            guard !failed, !errors.failed,
                  let s = try? StableJSON.nested(BatchJSONReporter.summary(summary, context.policy), depth: 1),
                  let notGraded = context.notGraded.isEmpty ? "" : try? StableJSON.nested(context.notGraded, depth: 1) else {
                out.write(StableJSON.failed + "\n")
                return
            }
            out.write("{\n  \"errors\" : [\n")
            if errorCount > 0 { out.write(errors.b) }
            out.write("\n")
            out.write("  ],\n  \"files\" : [\n")
            if fileCount > 0 { files.copy(into: out) }
            out.write("\n")
            if !notGraded.isEmpty { out.write("  ],\n  \"notGraded\" : " + notGraded + ",\n  \"summary\" : ") } else { out.write("  ],\n  \"summary\" : ") }
            out.write(s)
            out.write("\n}\n")
        }
    }
}
