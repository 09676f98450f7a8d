/// One transform of a proposal (RFC 7296 §3.3.2): an algorithm of one type.
public struct Transform: Hashable, Sendable, CustomStringConvertible {
    /// Which kind of algorithm this is.
    public var type: TransformType
    /// The algorithm, from the registry of `type`.
    public var id: UInt16
    /// The Key Length attribute in bits (RFC 7296 §3.3.5), the only attribute
    /// IKEv2 defines; required for AES-CBC and AES-GCM, absent otherwise.
    public var keyLength: UInt16?
    /// Attributes other than Key Length, kept so that the engine can refuse the
    /// transform (RFC 7296 §3.3.6) and the payload round-trips unchanged.
    public var unrecognizedAttributes: [TransformAttribute]

    public init(type: TransformType, id: UInt16, keyLength: UInt16? = nil, unrecognizedAttributes: [TransformAttribute] = []) {
        self.type = type
        self.id = id
        self.keyLength = keyLength
        self.unrecognizedAttributes = unrecognizedAttributes
    }

    /// An ENCR transform.
    public static func encryption(_ id: EncryptionAlgorithmID, keyLength: UInt16? = nil) -> Transform {
        Transform(type: .encryption, id: id.rawValue, keyLength: keyLength)
    }

    /// A PRF transform.
    public static func prf(_ id: PseudorandomFunctionID) -> Transform {
        Transform(type: .pseudorandomFunction, id: id.rawValue)
    }

    /// An INTEG transform.
    public static func integrity(_ id: IntegrityAlgorithmID) -> Transform {
        Transform(type: .integrity, id: id.rawValue)
    }

    /// A KE (Diffie-Hellman group) transform.
    public static func keyExchange(_ id: KeyExchangeMethodID) -> Transform {
        Transform(type: .keyExchange, id: id.rawValue)
    }

    /// An ESN transform.
    public static func extendedSequenceNumbers(_ id: ExtendedSequenceNumbersID) -> Transform {
        Transform(type: .extendedSequenceNumbers, id: id.rawValue)
    }

    /// The algorithm's IANA name, e.g. `AES_CBC_256`, as strongSwan prints it.
    public var description: String {
        let name: String = switch type {
        case .encryption: EncryptionAlgorithmID(rawValue: id).description
        case .pseudorandomFunction: PseudorandomFunctionID(rawValue: id).description
        case .integrity: IntegrityAlgorithmID(rawValue: id).description
        case .keyExchange: KeyExchangeMethodID(rawValue: id).description
        case .extendedSequenceNumbers: ExtendedSequenceNumbersID(rawValue: id).description
        default: "\(type)(\(id))"
        }
        return keyLength.map { "\(name)_\($0)" } ?? name
    }

    // MARK: - Wire format

    /// Transform Length (2) + Transform Type (1) + RESERVED (1) + ID (2) + the
    /// Last Substruc and RESERVED octets in front (2).
    static let headerLength = 8
    /// The Key Length attribute type (RFC 7296 §3.3.5).
    static let keyLengthAttributeType: UInt16 = 14

    var encodedLength: Int {
        Transform.headerLength + (keyLength == nil ? 0 : 4)
            + unrecognizedAttributes.reduce(0) { $0 + $1.encodedLength }
    }

    func encode(into writer: inout ByteWriter, isLast: Bool) {
        writer.write(UInt8(isLast ? 0 : 3))  // Last Substruc: 3 = more transforms (RFC 7296 §3.3.2)
        writer.write(UInt8(0))
        writer.write(UInt16(encodedLength))
        writer.write(type.rawValue)
        writer.write(UInt8(0))
        writer.write(id)
        if let keyLength {
            // Key Length uses the TV form: AF bit set, value in place of the length.
            writer.write(0x8000 | Transform.keyLengthAttributeType)
            writer.write(keyLength)
        }
        for attribute in unrecognizedAttributes { attribute.encode(into: &writer) }
    }

    /// Decodes one transform substructure; `reader` is positioned at its start.
    /// Returns the transform and whether it claimed to be the last one.
    static func decode(from reader: inout ByteReader) throws(IKEDecodingError) -> (Transform, isLast: Bool) {
        let lastSubstruc = try reader.readUInt8()
        guard lastSubstruc == 0 || lastSubstruc == 3 else { throw IKEDecodingError(.invalidField("transform Last Substruc")) }
        try reader.skip(1)
        let length = Int(try reader.readUInt16())
        guard length >= headerLength else { throw IKEDecodingError(.invalidField("transform length")) }
        var body = ByteReader(try reader.readBytes(length - 4))
        let type = TransformType(rawValue: try body.readUInt8())
        try body.skip(1)
        var transform = Transform(type: type, id: try body.readUInt16())
        while !body.isEmpty {
            let attribute = try TransformAttribute.decode(from: &body)
            if attribute.type == keyLengthAttributeType {
                guard case .short(let bits) = attribute.value, transform.keyLength == nil else {
                    throw IKEDecodingError(.invalidField("Key Length attribute"))
                }
                transform.keyLength = bits
            } else {
                transform.unrecognizedAttributes.append(attribute)
            }
        }
        return (transform, lastSubstruc == 0)
    }
}
