/// A session's traffic counters. "Input" is what the client sent (RFC 2866
/// §5.3: octets "received from the port"), "output" what was sent to it.
public struct AccountingCounters: Sendable, Hashable {
    public var inputOctets: UInt64
    public var outputOctets: UInt64
    public var inputPackets: UInt64
    public var outputPackets: UInt64

    public init(inputOctets: UInt64 = 0, outputOctets: UInt64 = 0, inputPackets: UInt64 = 0, outputPackets: UInt64 = 0) {
        self.inputOctets = inputOctets
        self.outputOctets = outputOctets
        self.inputPackets = inputPackets
        self.outputPackets = outputPackets
    }

    public static let zero = AccountingCounters()

    /// Adds another CHILD_SA's traffic: a session's counters are summed
    /// across its CHILD_SAs (rekeys). 64 bits do not wrap in practice; if
    /// they ever did, wrapping keeps the low bits, which is what RFC 2869
    /// §5.1's Gigawords cannot carry anyway.
    public mutating func add(_ other: AccountingCounters) {
        inputOctets &+= other.inputOctets
        outputOctets &+= other.outputOctets
        inputPackets &+= other.inputPackets
        outputPackets &+= other.outputPackets
    }
}
