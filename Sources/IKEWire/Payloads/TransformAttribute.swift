/// A data attribute of a transform (RFC 7296 §3.3.5), in TV or TLV form.
public struct TransformAttribute: Hashable, Sendable {
    /// The attribute's value in one of the two wire forms.
    public enum Value: Hashable, Sendable {
        /// Type/Value: a two-octet value (the AF bit is set on the wire).
        case short(UInt16)
        /// Type/Length/Value: a variable-length value.
        case long(ArraySlice<UInt8>)
    }

    /// The 15-bit attribute type.
    public var type: UInt16
    /// The value.
    public var value: Value

    public init(type: UInt16, value: Value) {
        self.type = type & 0x7FFF
        self.value = value
    }

    var encodedLength: Int {
        switch value {
        case .short: 4
        case .long(let bytes): 4 + bytes.count
        }
    }

    func encode(into writer: inout ByteWriter) {
        switch value {
        case .short(let value):
            writer.write(0x8000 | type)
            writer.write(value)
        case .long(let bytes):
            writer.write(type)
            writer.write(UInt16(bytes.count))
            writer.write(contentsOf: bytes)
        }
    }

    static func decode(from reader: inout ByteReader) throws(IKEDecodingError) -> TransformAttribute {
        let typeField = try reader.readUInt16()
        let isShort = typeField & 0x8000 != 0
        let second = try reader.readUInt16()
        if isShort {
            return TransformAttribute(type: typeField, value: .short(second))
        }
        return TransformAttribute(type: typeField, value: .long(try reader.readBytes(Int(second))))
    }
}
