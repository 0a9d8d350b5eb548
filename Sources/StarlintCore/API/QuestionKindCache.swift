import Foundation

/// Question -> kind (or nil: no kind), shared by the threads of one `Analyzer`; emptied
/// when it holds 1,024 questions, so a run over many distinct questions stays small.
/// (An `NSLock`, not `Synchronization.Mutex`, which needs macOS 15.)
final class QuestionKindCache: @unchecked Sendable {
    private let lock = NSLock()
    private var table: [String: QuestionKind?] = [:]

    /// The stored kind: nil when the question was not seen, `.some(nil)` when it has no kind.
    func kind(of question: String) -> QuestionKind?? {
        lock.lock()
        defer { lock.unlock() }
        return table[question]
    }

    func store(_ kind: QuestionKind?, for question: String) {
        lock.lock()
        defer { lock.unlock() }
        if table.count >= 1_024 { table.removeAll(keepingCapacity: true) }
        table[question] = .some(kind)
    }
}
