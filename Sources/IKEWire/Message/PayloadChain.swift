/// Encoding and decoding of a chain of payloads linked by their Next Payload
/// fields (RFC 7296 §3.2): the payloads of a message, or the inner payloads of
/// a decrypted SK payload.
public enum PayloadChain {
    /// The generic payload header: Next Payload, C + RESERVED, Payload Length.
    static let headerLength = 4
    /// The critical bit in the second octet of the generic header.
    static let criticalFlag: UInt8 = 0x80

    /// Decodes a chain that starts with a payload of type `first`.
    ///
    /// - Parameter allowEncrypted: whether SK or SKF may end the chain. True for
    ///   a message's outer chain, false for the contents of an SK payload, which
    ///   must not nest.
    /// - Throws: ``IKEDecodingError`` for any malformed payload, an unknown
    ///   payload with the critical bit set, SK/SKF anywhere but last, or bytes
    ///   left after the last payload.
    public static func decode(
        first: PayloadType,
        bytes: ArraySlice<UInt8>,
        allowEncrypted: Bool = false
    ) throws(IKEDecodingError) -> [IKEPayload] {
        var reader = ByteReader(bytes)
        var payloads: [IKEPayload] = []
        payloads.reserveCapacity(ByteReader.countStructures(in: bytes))
        var type = first
        while type != .none {
            let (next, flags, body) = try readGenericHeader(type: type, from: &reader)
            switch type {
            case .encrypted, .encryptedFragment:
                // RFC 7296 §3.14 / RFC 7383 §2.5: SK and SKF are always last, and
                // their Next Payload names the first payload inside, not a sibling.
                guard allowEncrypted, reader.isEmpty else { throw IKEDecodingError(.misplacedPayload(type)) }
                payloads.append(try decodeEncrypted(type: type, firstInner: next, body: body))
                return payloads
            default:
                if let payload = try decodeKnown(type: type, body: body) {
                    payloads.append(payload)
                } else if flags & criticalFlag != 0 {
                    // RFC 7296 §2.5: an unknown payload with the critical bit set
                    // rejects the whole message.
                    throw IKEDecodingError(.unsupportedCriticalPayload(type), payload: type)
                } else {
                    payloads.append(.unrecognized(UnrecognizedPayload(type: type, body: body)))
                }
            }
            type = next
        }
        try reader.expectEnd()
        return payloads
    }

    /// Encodes `payloads` as a chain and returns the first payload's type, for
    /// the preceding Next Payload field (the IKE header's, or SK's).
    public static func encode(_ payloads: [IKEPayload]) -> (first: PayloadType, bytes: [UInt8]) {
        var writer = ByteWriter(capacity: encodedLength(payloads))
        encode(payloads, into: &writer)
        return (payloads.first?.type ?? .none, writer.bytes)
    }

    /// The encoded length of `payloads` with their generic headers.
    static func encodedLength(_ payloads: [IKEPayload]) -> Int {
        payloads.reduce(0) { $0 + headerLength + $1.bodyLength }
    }

    static func encode(_ payloads: [IKEPayload], into writer: inout ByteWriter) {
        for (index, payload) in payloads.enumerated() {
            let next: PayloadType
            switch payload {
            case .encrypted(let sk):
                precondition(index == payloads.count - 1, "SK must be the last payload (RFC 7296 §3.14)")
                next = sk.firstPayload
            case .encryptedFragment(let skf):
                precondition(index == payloads.count - 1, "SKF must be the last payload (RFC 7383 §2.5)")
                next = skf.firstPayload
            default:
                next = index + 1 < payloads.count ? payloads[index + 1].type : .none
            }
            let length = headerLength + payload.bodyLength
            precondition(length <= Int(UInt16.max), "payload too large to encode")
            writer.write(next.rawValue)
            // We never set the critical bit: every payload we send is one the
            // peer must understand anyway (RFC 7296 §2.5).
            writer.write(UInt8(0))
            writer.write(UInt16(length))
            payload.encodeBody(into: &writer)
        }
    }

    private static func readGenericHeader(
        type: PayloadType,
        from reader: inout ByteReader
    ) throws(IKEDecodingError) -> (next: PayloadType, flags: UInt8, body: ArraySlice<UInt8>) {
        do throws(IKEDecodingError) {
            let next = PayloadType(rawValue: try reader.readUInt8())
            let flags = try reader.readUInt8()
            let length = Int(try reader.readUInt16())
            guard length >= headerLength else { throw IKEDecodingError(.invalidField("payload length \(length)")) }
            return (next, flags, try reader.readBytes(length - headerLength))
        } catch {
            throw error.within(type)
        }
    }

    private static func decodeKnown(type: PayloadType, body: ArraySlice<UInt8>) throws(IKEDecodingError) -> IKEPayload? {
        do throws(IKEDecodingError) {
            return try IKEPayload.decode(type: type, body: body)
        } catch {
            throw error.within(type)
        }
    }

    private static func decodeEncrypted(type: PayloadType, firstInner: PayloadType, body: ArraySlice<UInt8>) throws(IKEDecodingError) -> IKEPayload {
        switch try decodeKnown(type: type, body: body) {
        case .encrypted(var sk)?:
            sk.firstPayload = firstInner
            return .encrypted(sk)
        case .encryptedFragment(var skf)?:
            skf.firstPayload = firstInner
            return .encryptedFragment(skf)
        default:
            throw IKEDecodingError(.misplacedPayload(type))
        }
    }
}
