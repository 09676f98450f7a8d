/// An address type the codec writes straight into a message, without first
/// building an array of its octets.
protocol WireAddress {
    func encode(into writer: inout ByteWriter)
}

extension IPv4Address: WireAddress {
    func encode(into writer: inout ByteWriter) { writer.write(rawValue) }
}

extension IPv6Address: WireAddress {
    func encode(into writer: inout ByteWriter) {
        writer.write(high)
        writer.write(low)
    }
}
