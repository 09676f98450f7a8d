/// The fixed 28-octet IKE header (RFC 7296 §3.1).
public struct IKEHeader: Hashable, Sendable {
    /// The header flags. Bits other than these are reserved: sent as zero and
    /// ignored on receipt (RFC 7296 §3.1), so decoding drops them.
    public struct Flags: OptionSet, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue & Flags.all.rawValue }

        /// I: set by the original initiator of the IKE SA.
        public static let initiator = Flags(rawValue: 0x08)
        /// V: the sender could speak a higher major version.
        public static let version = Flags(rawValue: 0x10)
        /// R: this message is a response.
        public static let response = Flags(rawValue: 0x20)

        private static let all = Flags(uncheckedRawValue: 0x38)
        private init(uncheckedRawValue: UInt8) { rawValue = uncheckedRawValue }
    }

    /// The size of the header on the wire.
    public static let length = 28
    /// The IKE major version we speak.
    public static let majorVersion: UInt8 = 2

    /// IKE SA Initiator's SPI; never zero.
    public var initiatorSPI: UInt64
    /// IKE SA Responder's SPI; zero in the first IKE_SA_INIT request.
    public var responderSPI: UInt64
    /// The exchange type.
    public var exchangeType: ExchangeType
    /// I, V and R flags.
    public var flags: Flags
    /// Message ID: matches responses to requests and orders requests (RFC 7296 §2.2).
    public var messageID: UInt32

    public init(initiatorSPI: UInt64, responderSPI: UInt64, exchangeType: ExchangeType, flags: Flags, messageID: UInt32) {
        self.initiatorSPI = initiatorSPI
        self.responderSPI = responderSPI
        self.exchangeType = exchangeType
        self.flags = flags
        self.messageID = messageID
    }

    /// Whether the message is a response.
    public var isResponse: Bool { flags.contains(.response) }

    /// Reads the header at the start of `bytes` without looking at the payloads,
    /// so a datagram can be routed to its SA (or dropped) before full decoding.
    ///
    /// - Returns: the header, the first payload's type and the Length field.
    public static func peek(_ bytes: ArraySlice<UInt8>) throws(IKEDecodingError) -> (header: IKEHeader, firstPayload: PayloadType, length: Int) {
        var reader = ByteReader(bytes)
        let initiatorSPI = try reader.readUInt64()
        let responderSPI = try reader.readUInt64()
        let firstPayload = PayloadType(rawValue: try reader.readUInt8())
        let version = try reader.readUInt8()
        // The minor version is ignored on receipt (RFC 7296 §3.1).
        guard version >> 4 == majorVersion else { throw IKEDecodingError(.unsupportedMajorVersion(version >> 4)) }
        let exchangeType = ExchangeType(rawValue: try reader.readUInt8())
        let flags = Flags(rawValue: try reader.readUInt8())
        let messageID = try reader.readUInt32()
        let length = Int(try reader.readUInt32())
        let header = IKEHeader(initiatorSPI: initiatorSPI, responderSPI: responderSPI,
                               exchangeType: exchangeType, flags: flags, messageID: messageID)
        return (header, firstPayload, length)
    }

    func encode(into writer: inout ByteWriter, firstPayload: PayloadType, length: Int) {
        writer.write(initiatorSPI)
        writer.write(responderSPI)
        writer.write(firstPayload.rawValue)
        writer.write(IKEHeader.majorVersion << 4)  // minor version 0
        writer.write(exchangeType.rawValue)
        writer.write(flags.rawValue)
        writer.write(messageID)
        writer.write(UInt32(length))
    }
}
