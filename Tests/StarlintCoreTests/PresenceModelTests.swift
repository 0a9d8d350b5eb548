import Testing
@testable import StarlintCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Part-presence model")
struct PresenceModelTests {
    /// A model file with no sentence features and the given presence lines.
    static func model(_ lines: String) throws -> SentenceModel {
        try QuantifiedModelTests.model(lines)
    }

    /// `p:P name` lines with one weight are the presence model's; unknown names are errors.
    @Test func pLinesAreThePresenceModel() throws {
        let m = try Self.model("p:R bias\t-1.5\np:T max\t2")
        #expect(m.featureCount == 2)
        #expect(!m.presence.isEmpty && m.quantified.isEmpty)
        #expect(m.presence.weight(Feature.symbol("p:R bias")) == -1.5 && m.presence.weight(Feature.symbol("p:T max")) == 2)
        #expect(m.presence.weight(Feature.symbol("p:S max")) == 0)
        #expect(try Self.model("").presence.isEmpty)
        #expect(throws: StarlintError.self) { try Self.model("p:R shape\t1") }
        #expect(throws: StarlintError.self) { try Self.model("p:X bias\t1") }
    }

    /// The features of a part from the marginals: log-odds of the top two, the path's count,
    /// the sum, the log of the size, the labelled flag and its product with the top.
    @Test func featuresFromTheMarginals() {
        let m: [Double] = [0.7, 0.1, 0.1, 0.05, 0.05,
                           0.1, 0.2, 0.6, 0.05, 0.05,
                           0.0, 0.0, 0.3, 0.6, 0.1]
        let f = PresenceModel.features(part: 3, marginals: m, path: [0, 2, 3], labelled: true)
        #expect(f[0] == 1)
        #expect(abs(f[1] - PresenceModel.logOdds(0.6)) < 1e-12 && abs(f[2] - PresenceModel.logOdds(0.05)) < 1e-12)
        #expect(f[3] == 1 && abs(f[4] - 0.7) < 1e-12 && abs(f[5] - log(3.0)) < 1e-12)
        #expect(f[6] == 1 && f[7] == f[1])
        let t = PresenceModel.features(part: 1, marginals: m, path: [0, 2, 3], labelled: false)
        #expect(t[3] == 0 && t[6] == 0 && t[7] == 0)
    }

    func p(_ l: StarLabel) -> LabelPrediction { LabelPrediction(label: l, confidence: 0.6) }

    /// Where the model and the path disagree, the labels follow the model: a ruled-out part's
    /// sentences take their next most likely label among the parts found and Other (unless
    /// the author wrote that part), and a part found goes to the allowed sentence most likely
    /// to be it that is not the only sentence of another part found.
    @Test func labelsFollowTheModel() throws {
        let m: [Double] = [0.7, 0.2, 0.05, 0.0, 0.05,
                           0.1, 0.35, 0.5, 0.0, 0.05,
                           0.0, 0.0, 0.5, 0.45, 0.05,
                           0.0, 0.0, 0.1, 0.2, 0.7]
        let labels = [p(.situation), p(.action), p(.action), p(.other)]
        let all: [UInt8] = [0x1F, 0x1F, 0x1F, 0x1F]
        let none: [StarLabel?] = [nil, nil, nil, nil]
        func model(_ bias: [Int]) throws -> PresenceModel {
            try Self.model(zip(["S", "T", "A", "R"], bias).map { "p:\($0) bias\t\($1)" }.joined(separator: "\n")).presence
        }
        // Every part found: Task goes to sentence 1 (0.35; sentence 0 is the only Situation),
        // Result to sentence 3 (0.2; sentence 2 is then the only Action).
        let added = try model([5, 5, 5, 5]).apply(labels, marginals: m, allowed: all, written: none)
        #expect(added.map(\.label) == [.situation, .task, .action, .result])
        #expect(abs(added[1].confidence - 0.35) < 1e-12 && abs(added[3].confidence - 0.2) < 1e-12)
        // Task not allowed at sentence 1 (a written "Action:" there) nor elsewhere but 2: it
        // goes to sentence 2, Result still to 3.
        let constrained = try model([5, 5, 5, 5]).apply(labels, marginals: m, allowed: [0x1F, 0x14, 0x1F, 0x1F],
                                                        written: [nil, .action, nil, nil])
        #expect(constrained.map(\.label) == [.situation, .action, .task, .result])
        // No Action: its sentences take their next label among the parts found and Other.
        let noAction = try model([5, 5, -5, 5])
        #expect(noAction.apply(labels, marginals: m, allowed: all, written: none).map(\.label) == [.situation, .task, .result, .other])
        // ... unless the author wrote "Action:" for one of them; Task and Result are then added.
        #expect(noAction.apply(labels, marginals: m, allowed: [0x1F, 0x14, 0x1F, 0x1F], written: [nil, .action, nil, nil]).map(\.label)
                    == [.situation, .action, .task, .result])
        // Nothing found but Other: every sentence becomes Other.
        #expect(try model([-5, -5, -5, -5]).apply(labels, marginals: m, allowed: all, written: none).map(\.label)
                    == [.other, .other, .other, .other])
        // An empty model changes nothing.
        #expect(PresenceModel().apply(labels, marginals: m, allowed: all, written: none) == labels)
        // A sentence keeps a ruled-out label when the next one is less than a twentieth as
        // likely (a one-sentence run-on answer whose Action is 0.715 and Other 0.000000001).
        let runOn = [p(.action)]
        let kept = try model([-5, -5, -5, -5]).apply(runOn, marginals: [0.28, 0.005, 0.715, 0, 1.4e-9], allowed: [0x1F], written: [nil])
        #expect(kept == runOn)
        // At a twentieth or more, it moves (in an answer of two sentences or more).
        let two = [p(.action), p(.action)]
        #expect(try model([-5, -5, -5, -5]).apply(two, marginals: [0.28, 0.005, 0.66, 0, 0.055, 0.28, 0.005, 0.66, 0, 0.055], allowed: [0x1F, 0x1F], written: [nil, nil])
                    .map(\.label) == [.other, .other])
        // A one-sentence answer keeps the part the sentence model reads in it, not Other at a
        // confidence below that part's.
        #expect(try model([-5, -5, -5, -5]).apply(runOn, marginals: [0.28, 0.005, 0.66, 0, 0.055], allowed: [0x1F], written: [nil]) == runOn)
    }
}
