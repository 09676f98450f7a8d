import IKEWire

/// A DHCP message a client sent to the server port, as parsed: what the
/// responder answers from and what the data plane logs (`description`).
public struct DHCPRequest: Hashable, Sendable, CustomStringConvertible {
    /// The IPv4 source: the client's virtual address for a DHCPINFORM.
    public let source: IPv4Address
    /// 255.255.255.255 (Windows broadcasts) or the server identifier.
    public let destination: IPv4Address
    public let messageType: DHCPMessageType
    /// `xid`, chosen by the client and echoed in the reply.
    public let transactionID: UInt32
    /// `flags`; bit 15 is BROADCAST (RFC 2131 §2).
    public let flags: UInt16
    /// `ciaddr`: the client's own address, which a DHCPINFORM must carry.
    public let clientAddress: IPv4Address
    /// `giaddr`: zero unless a relay agent forwarded the message.
    public let relayAddress: IPv4Address
    /// `htype` (1 = Ethernet).
    public let hardwareType: UInt8
    /// The first `hlen` octets of `chaddr`.
    public let hardwareAddress: [UInt8]
    /// Option 55 in the client's order, duplicates removed.
    public let requestedOptions: [DHCPOptionCode]
    /// Option 57, if sent.
    public let maximumMessageSize: Int?
    /// Option 60, printable ASCII only (Windows: "MSFT 5.0").
    public let vendorClass: String?
    /// Option 12, printable ASCII only.
    public let hostName: String?

    /// `chaddr` as received, all 16 octets: the reply copies it (RFC 2131 table 3).
    let hardwareAddressField: [UInt8]
    /// `htype` and `hlen` as received, copied into the reply.
    let hardwareAddressLength: UInt8

    /// The DHCP magic cookie 99.130.83.99 (RFC 2131 §3).
    static let magicCookie: [UInt8] = [99, 130, 83, 99]
    /// op … file: the fixed BOOTP fields (RFC 2131 figure 1).
    static let fixedLength = 236
    static let snameRange = 44..<108
    static let fileRange = 108..<236

    /// Parses the BOOTP/DHCP message of `datagram` (RFC 2131 §2 and §4.1,
    /// RFC 2132, RFC 3396).
    init(parsing datagram: IPv4UDPDatagram) throws(DHCPError) {
        let message = datagram.payload
        let base = message.startIndex
        guard message.count >= Self.fixedLength else { throw .bootpTooShort(octets: message.count) }
        guard message[base] == 1 else { throw .notBootRequest(op: message[base]) }
        let hlen = message[base + 2]
        guard hlen <= 16 else { throw .invalidHardwareAddressLength(hlen) }
        guard message.count >= Self.fixedLength + 4,
              message[(base + Self.fixedLength)..<(base + Self.fixedLength + 4)].elementsEqual(Self.magicCookie)
        else { throw .missingMagicCookie }

        let options = try DHCPRequestOptions(message: message)
        guard let type = options[.messageType] else { throw .missingMessageType }
        guard type.count == 1 else { throw .invalidOption(code: .messageType) }
        var maximumMessageSize: Int?
        if let size = options[.maximumMessageSize] {
            guard size.count == 2 else { throw .invalidOption(code: .maximumMessageSize) }
            maximumMessageSize = Int(size[size.startIndex]) << 8 | Int(size[size.startIndex + 1])
        }
        var requested: [DHCPOptionCode] = []
        var seen = Set<UInt8>()
        for code in options[.parameterRequestList] ?? [] where seen.insert(code).inserted {
            requested.append(DHCPOptionCode(rawValue: code))
        }

        func word(_ offset: Int) -> UInt32 {
            message[(base + offset)..<(base + offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
        }
        source = datagram.source
        destination = datagram.destination
        messageType = DHCPMessageType(rawValue: type[type.startIndex])
        transactionID = word(4)
        flags = UInt16(message[base + 10]) << 8 | UInt16(message[base + 11])
        clientAddress = IPv4Address(rawValue: word(12))
        relayAddress = IPv4Address(rawValue: word(24))
        hardwareType = message[base + 1]
        hardwareAddressLength = hlen
        hardwareAddressField = Array(message[(base + 28)..<(base + 44)])
        hardwareAddress = Array(hardwareAddressField.prefix(Int(hlen)))
        requestedOptions = requested
        self.maximumMessageSize = maximumMessageSize
        vendorClass = options[.vendorClassIdentifier].map(Self.printable)
        hostName = options[.hostName].map(Self.printable)
    }

    /// Text a client chose, made safe for a log line: printable ASCII kept,
    /// anything else as "?", at most 64 characters.
    private static func printable(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix(64).map { (0x20..<0x7F).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    public var description: String {
        var text = "\(messageType) from \(source) to \(destination) xid 0x\(String(transactionID, radix: 16))"
        text += " ciaddr \(clientAddress)"
        if relayAddress != .any { text += " giaddr \(relayAddress)" }
        text += " chaddr \(hardwareAddress.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: ":"))"
        text += " requests [\(requestedOptions.map(\.description).joined(separator: " "))]"
        if let maximumMessageSize { text += " max-size \(maximumMessageSize)" }
        if let vendorClass { text += " vendor \"\(vendorClass)\"" }
        if let hostName { text += " host \"\(hostName)\"" }
        return text
    }
}

/// The options of a request, each code's instances concatenated (RFC 3396 §7:
/// in the order options field, `file`, `sname`), so a client that splits
/// option 55 is read correctly.
struct DHCPRequestOptions {
    private var values: [UInt8: [UInt8]] = [:]

    init(message: ArraySlice<UInt8>) throws(DHCPError) {
        let base = message.startIndex
        let optionsStart = base + DHCPRequest.fixedLength + 4
        try read(message[optionsStart...], isOptionsField: true)
        // Option Overload (RFC 2132 §9.3): 1 = file, 2 = sname, 3 = both.
        if let overload = values[DHCPOptionCode.optionOverload.rawValue] {
            guard overload.count == 1, (1...3).contains(overload[0]) else { throw .invalidOption(code: .optionOverload) }
            if overload[0] & 1 != 0 {
                try read(message[(base + DHCPRequest.fileRange.lowerBound)..<(base + DHCPRequest.fileRange.upperBound)], isOptionsField: false)
            }
            if overload[0] & 2 != 0 {
                try read(message[(base + DHCPRequest.snameRange.lowerBound)..<(base + DHCPRequest.snameRange.upperBound)], isOptionsField: false)
            }
        }
    }

    subscript(code: DHCPOptionCode) -> ArraySlice<UInt8>? { values[code.rawValue]?[...] }

    /// Reads one field of options up to End (RFC 2131 §4.1: the last option
    /// must be End; anything after it is padding).
    private mutating func read(_ field: ArraySlice<UInt8>, isOptionsField: Bool) throws(DHCPError) {
        var index = field.startIndex
        while index < field.endIndex {
            let code = field[index]
            switch code {
            case DHCPOptionCode.pad.rawValue:
                index += 1
            case DHCPOptionCode.end.rawValue:
                return
            default:
                guard index + 1 < field.endIndex else { throw .optionOverrun(code: DHCPOptionCode(rawValue: code)) }
                let length = Int(field[index + 1])
                let start = index + 2
                guard length <= field.endIndex - start else { throw .optionOverrun(code: DHCPOptionCode(rawValue: code)) }
                // Overload is read from the options field only; in file or
                // sname it would point at itself.
                if code != DHCPOptionCode.optionOverload.rawValue || isOptionsField {
                    values[code, default: []].append(contentsOf: field[start..<(start + length)])
                }
                index = start + length
            }
        }
        throw .missingEndOption
    }
}
