#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands out indices 0..<count to parallel workers and gives their results back strictly
/// in index order, holding at most `window` results that are done but not yet emitted.
///
/// - `claim()` returns the next index, and blocks while that index is `window` or more
///   past the oldest result not yet emitted (a worker that runs too far ahead waits).
/// - `store(_:at:)` files a result; then `drain(_:)` emits every result that is next in
///   order. Only one thread emits at a time: whoever finds the next result ready and no
///   one else emitting does it, outside the lock, so other workers go on meanwhile.
///
/// The oldest unemitted index has always been claimed by a worker that is still on it, so
/// waiting in `claim` cannot deadlock.
public final class ReorderWindow<T>: @unchecked Sendable {
    public let count: Int
    public let window: Int
    private var slots: [T?]
    private var nextClaim = 0
    private var nextEmit = 0
    private var done = 0
    private var emitting = false
    /// Most results held at once (for tests).
    public private(set) var highWater = 0
    private var held = 0
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let moved = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init(count: Int, window: Int) {
        self.count = count
        self.window = max(1, window)
        slots = Array(repeating: nil, count: min(count, max(1, window)))
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        moved.initialize(to: pthread_cond_t())
        pthread_cond_init(moved, nil)
    }

    deinit {
        pthread_cond_destroy(moved)
        moved.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// The next index to work on, or nil when all are handed out.
    public func claim() -> Int? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while nextClaim < count && nextClaim >= nextEmit + window {
            pthread_cond_wait(moved, mutex)
        }
        guard nextClaim < count else { return nil }
        nextClaim += 1
        return nextClaim - 1
    }

    /// Files the result for a claimed index; returns how many results are done so far.
    @discardableResult
    public func store(_ value: T, at i: Int) -> Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        precondition(i >= nextEmit && i < nextEmit + window && slots[i % slots.count] == nil, "index \(i) was not claimed")
        slots[i % slots.count] = value
        held += 1
        highWater = max(highWater, held)
        done += 1
        return done
    }

    /// Emits, in order, every result that is next in line, unless another thread is
    /// already emitting (it will pick these up). `emit` runs outside the lock.
    public func drain(_ emit: (Int, T) -> Void) {
        pthread_mutex_lock(mutex)
        guard !emitting else {
            pthread_mutex_unlock(mutex)
            return
        }
        emitting = true
        while nextEmit < count, let value = slots[nextEmit % slots.count] {
            let i = nextEmit
            slots[i % slots.count] = nil
            nextEmit += 1
            pthread_cond_broadcast(moved)
            pthread_mutex_unlock(mutex)
            emit(i, value)
            pthread_mutex_lock(mutex)
            held -= 1
        }
        emitting = false
        pthread_mutex_unlock(mutex)
    }

    /// Results emitted so far.
    public var emitted: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return nextEmit
    }
}
