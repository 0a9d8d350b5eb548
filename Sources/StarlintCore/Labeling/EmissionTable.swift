#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sentence model's features: key -> five emission weights and edge row, each feature in
/// one 32-byte slot of an open-addressed table (linear probing, load factor at most 1/2),
/// behind the same kind of bit filter as `HashKeyTable`.
///
/// Every feature a sentence has is looked up once per answer, and the model's table is a few
/// MB, more than the L2 cache. Kept apart, a key's slot and its weights row were two cache
/// misses per feature found: sampled with `perf` on `starlint-bench --only analysis`, the two
/// loads held about 70% of the time of the emission loop. In one slot, aligned to half a cache
/// line, they are one.
struct EmissionTable: @unchecked Sendable {
    struct Slot {
        var key: UInt64
        var w: (Float, Float, Float, Float, Float)
        /// 0: an empty slot (so zeroed memory is an empty table); 1: a feature without edge
        /// weights; 2 + r: a feature whose edge weights are row r.
        var tag: Int32

        /// The feature's row in the edge weights, or -1.
        @inline(__always) var edge: Int32 { tag - 2 < 0 ? -1 : tag - 2 }
    }

    /// The slots, 64-byte aligned so no slot straddles two cache lines, and zeroed. Written
    /// only while the table is built, so copies of the table may share it.
    ///
    /// On Linux a table of 2 MB or more (the bundled model's is 4 MB) is mapped on its own,
    /// aligned to 2 MB and marked for transparent huge pages where the kernel allows them
    /// (`madvise` mode): filled in at start-up, it then takes two page faults instead of a
    /// thousand, and random lookups miss the TLB less. Where huge pages are off, it is an
    /// ordinary zeroed mapping.
    private final class Storage: @unchecked Sendable {
        let slots: UnsafeMutablePointer<Slot>
        let count: Int
        /// The mapping to unmap (nil: allocated on the heap).
        private let mapping: (base: UnsafeMutableRawPointer, length: Int)?

        static let hugePage = 2 << 20

        init(count: Int) {
            self.count = count
            let bytes = count * MemoryLayout<Slot>.stride
            #if os(Linux)
            if bytes >= Self.hugePage, let base = mmap(nil, bytes + Self.hugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
               base != MAP_FAILED {
                let address = Int(bitPattern: base)
                let aligned = UnsafeMutableRawPointer(bitPattern: (address + Self.hugePage - 1) & ~(Self.hugePage - 1))!
                _ = madvise(aligned, bytes, Int32(MADV_HUGEPAGE))
                mapping = (base, bytes + Self.hugePage)
                slots = aligned.bindMemory(to: Slot.self, capacity: count)
                return
            }
            #endif
            mapping = nil
            let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            memset(raw, 0, bytes)
            slots = raw.bindMemory(to: Slot.self, capacity: count)
        }

        deinit {
            if let mapping {
                #if os(Linux)
                munmap(mapping.base, mapping.length)
                #endif
            } else {
                UnsafeMutableRawPointer(slots).deallocate()
            }
        }
    }

    private let storage: Storage
    private let mask: Int
    /// 64 - log2(slot count): the hash keeps the top bits of the product.
    private let shift: UInt64
    private var filter: [UInt64]
    private let filterShift: UInt64
    /// Keys stored.
    private(set) var count = 0

    /// An empty table sized for `n` keys (it does not grow), as `HashKeyTable` sizes one.
    init(capacity n: Int) {
        let g = HashKeyTable.Geometry(keys: n)
        storage = Storage(count: g.slots)
        mask = g.slots - 1
        shift = g.shift
        filter = Array(repeating: 0, count: g.filterWords)
        filterShift = g.filterShift
    }

    /// Where the probe for `key` stops in `slots`: at the key's slot, or at the empty slot
    /// where it would go. Every lookup and insertion probes this way.
    @inline(__always)
    static func position(_ slots: UnsafePointer<Slot>, _ key: UInt64, shift: UInt64, mask: Int) -> Int {
        var i = HashKeyTable.slotIndex(key, shift)
        while slots[i].tag != 0 && slots[i].key != key { i = (i + 1) & mask }
        return i
    }

    /// Adds `key` with its five weights and no edge row; false, and nothing changed, if the
    /// key is already in or the table is full.
    @discardableResult
    mutating func insert(_ key: UInt64, _ w: (Float, Float, Float, Float, Float)) -> Bool {
        guard count * 2 < storage.count else { return false }
        let i = Self.position(storage.slots, key, shift: shift, mask: mask)
        guard storage.slots[i].tag == 0 else { return false }
        storage.slots[i] = Slot(key: key, w: w, tag: 1)
        count += 1
        HashKeyTable.addToFilter(&filter, key, filterShift)
        return true
    }

    /// Gives `key` the edge row `row` (>= 0); false if the key is not in the table.
    mutating func setEdge(_ key: UInt64, _ row: Int32) -> Bool {
        guard row >= 0, row < Int32.max - 2 else { return false }
        let i = Self.position(storage.slots, key, shift: shift, mask: mask)
        guard storage.slots[i].tag != 0 else { return false }
        storage.slots[i].tag = row + 2
        return true
    }

    /// The weights and edge row of `key`, or nil.
    func find(_ key: UInt64) -> (w: (Float, Float, Float, Float, Float), edge: Int32)? {
        withLookup { $0.find(key).map { ($0.pointee.w, $0.pointee.edge) } }
    }

    func contains(_ key: UInt64) -> Bool { find(key) != nil }

    /// Runs `body` with the table pinned, for many lookups in a loop.
    @inline(__always)
    func withLookup<R>(_ body: (Lookup) -> R) -> R {
        filter.withUnsafeBufferPointer { f in
            withExtendedLifetime(storage) {
                body(Lookup(slots: UnsafePointer(storage.slots), mask: mask, shift: shift, filter: f, filterShift: filterShift))
            }
        }
    }

    /// The table's storage, valid inside `withLookup`.
    struct Lookup {
        let slots: UnsafePointer<Slot>
        let mask: Int
        let shift: UInt64
        let filter: UnsafeBufferPointer<UInt64>
        let filterShift: UInt64

        /// The slot of `key`, or nil: the filter first, since most keys looked up are absent.
        @inline(__always)
        func find(_ key: UInt64) -> UnsafePointer<Slot>? {
            guard HashKeyTable.filterMayHold(filter, key, filterShift) else { return nil }
            let i = EmissionTable.position(slots, key, shift: shift, mask: mask)
            return slots[i].tag == 0 ? nil : slots + i
        }
    }
}
