import IKEWire

/// A human-readable, multi-line description of a decoded message.
struct MessageDescription {
    let lines: [String]

    /// Vendor IDs worth naming (from the Windows research notes).
    private static let knownVendorIDs: [String: String] = [
        "1e2b516905991c7d7c96fcbfb587e46100000009": "MS NT5 ISAKMPOAKLEY v9 (Windows)",
        "fb1de3cdf341b7ea16b7e5be0855f120": "MS-Negotiation Discovery Capable",
        "26244d38eddb61b3172a36e3d0cfb819": "Vid-Initial-Contact (Microsoft)",
        "01528bbbc00696121849ab9a1c5b2a5100000002": "Microsoft IKEv2 marker",
    ]

    init(_ message: IKEMessage) {
        var lines = [
            message.summary,
            "  SPIi \(Self.hex(message.header.initiatorSPI)) SPIr \(Self.hex(message.header.responderSPI)) flags \(Self.flags(message.header.flags))",
        ]
        for payload in message.payloads {
            lines += Self.describe(payload).map { "  " + $0 }
        }
        self.lines = lines
    }

    private static func describe(_ payload: IKEPayload) -> [String] {
        switch payload {
        case .securityAssociation(let sa):
            return ["SA: \(sa.proposals.count) proposal(s)"] + sa.proposals.map { proposal in
                let spi = proposal.spi.isEmpty ? "" : " SPI \(hex(proposal.spi))"
                return "  #\(proposal.number) \(proposal.protocolID)\(spi): " + proposal.transforms.map(\.description).joined(separator: "/")
            }
        case .keyExchange(let ke):
            return ["KE: \(ke.group), \(ke.data.count) octets"]
        case .identificationInitiator(let id), .identificationResponder(let id):
            return ["\(payload.type): \(id.type) \(id.dataDescription)"]
        case .certificate(let cert):
            return ["CERT: \(cert.encoding), \(cert.data.count) octets"]
        case .certificateRequest(let request):
            let count = request.keyHashes.map { "\($0.count) CA key hash(es)" } ?? "\(request.authorities.count) octets"
            return ["CERTREQ: \(request.encoding), \(count)"]
        case .authentication(let auth):
            return ["AUTH: \(auth.method), \(auth.data.count) octets"]
        case .nonce(let nonce):
            return ["Nonce: \(nonce.data.count) octets"]
        case .notify(let notify):
            let spi = notify.spi.isEmpty ? "" : " \(notify.protocolID) SPI \(hex(notify.spi))"
            let data = notify.data.isEmpty ? "" : " data \(hex(notify.data.prefix(32)))\(notify.data.count > 32 ? "…" : "")"
            return ["N(\(notify.type))\(spi)\(data)"]
        case .delete(let delete):
            return ["D: \(delete.protocolID)" + delete.spis.map { " " + hex(UInt64($0)) }.joined()]
        case .vendorID(let vendor):
            let value = hex(vendor.data)
            return ["V: \(value)" + (knownVendorIDs[value].map { " (\($0))" } ?? "")]
        case .trafficSelectorInitiator(let ts), .trafficSelectorResponder(let ts):
            return ["\(payload.type): " + ts.selectors.map(\.description).joined(separator: ", ")]
        case .encrypted(let sk):
            return ["SK: first inner payload \(sk.firstPayload), \(sk.body.count) octets (encrypted)"]
        case .encryptedFragment(let skf):
            return ["SKF: fragment \(skf.fragmentNumber) of \(skf.totalFragments), \(skf.body.count) octets (encrypted)"]
        case .configuration(let cp):
            return ["CP(\(cp.type)): " + cp.attributes.map(\.description).joined(separator: " ")]
        case .eap(let eap):
            return ["EAP: \(eap.code) id \(eap.identifier)" + (eap.type.map { " \($0), \(eap.data.count) octets" } ?? "")]
        case .unrecognized(let unknown):
            return ["\(unknown.type): not understood, ignored (\(unknown.body.count) octets)"]
        }
    }

    private static func flags(_ flags: IKEHeader.Flags) -> String {
        var names: [String] = []
        if flags.contains(.initiator) { names.append("I") }
        if flags.contains(.version) { names.append("V") }
        if flags.contains(.response) { names.append("R") }
        return names.isEmpty ? "-" : names.joined(separator: "")
    }

    private static func hex(_ bytes: some Collection<UInt8>) -> String { Hex.string(bytes) }
    private static func hex(_ value: UInt64) -> String { Hex.string(value) }
}
