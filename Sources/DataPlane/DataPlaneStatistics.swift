import Synchronization

/// Drops that belong to no SA, for `status` and the logs.
final class DataPlaneStatistics: Sendable {
    enum Drop {
        /// ESP with an SPI no installed SA has.
        case unknownSPI
        /// Decrypted packets outside the SA's selectors (a client sending as
        /// another address), or not IP at all.
        case policy
        /// Packets from the TUN device to an address no SA serves.
        case noSA
        /// Packets the kernel would not take (full socket buffer, TUN queue).
        case sendFailure
    }

    private let unknownSPI = Atomic<UInt64>(0)
    private let policy = Atomic<UInt64>(0)
    private let noSA = Atomic<UInt64>(0)
    private let sendFailure = Atomic<UInt64>(0)

    func count(_ drop: Drop) {
        switch drop {
        case .unknownSPI: unknownSPI.wrappingAdd(1, ordering: .relaxed)
        case .policy: policy.wrappingAdd(1, ordering: .relaxed)
        case .noSA: noSA.wrappingAdd(1, ordering: .relaxed)
        case .sendFailure: sendFailure.wrappingAdd(1, ordering: .relaxed)
        }
    }

    var snapshot: DataPlaneDrops {
        DataPlaneDrops(unknownSPI: unknownSPI.load(ordering: .relaxed), policy: policy.load(ordering: .relaxed),
                       noSA: noSA.load(ordering: .relaxed), sendFailures: sendFailure.load(ordering: .relaxed))
    }
}

/// Drops that belong to no SA, as `status` shows them.
public struct DataPlaneDrops: Sendable, Equatable, Codable {
    public var unknownSPI: UInt64
    public var policy: UInt64
    public var noSA: UInt64
    public var sendFailures: UInt64
}
