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
}
