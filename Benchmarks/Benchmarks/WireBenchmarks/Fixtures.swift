import Foundation
import IKEWire

/// Messages to benchmark: the Windows IKE_SA_INIT request from the fuzz seed
/// corpus, and the inner payloads of a Windows EAP IKE_AUTH request.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The 880-octet IKE_SA_INIT request of a default Windows 7–10 client.
    static let windowsIKESAInit: [UInt8] = {
        let url = repository.appendingPathComponent("Fuzz/corpus/ike-message/windows-classic-ike-sa-init")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            preconditionFailure("missing \(url.path): run the benchmarks from a checkout")
        }
        return [UInt8](data)
    }()

    /// What a Windows client puts inside the SK payload of its first IKE_AUTH
    /// with EAP (research notes §4): IDi (its IP address), INITIAL_CONTACT, a
    /// CERTREQ listing 40 CA key hashes, MOBIKE_SUPPORTED, CP request, the
    /// ESP proposals, and full-range traffic selectors.
    static let windowsIKEAuthPayloads: [IKEPayload] = [
        .identificationInitiator(.ipv4(IPv4Address(192, 0, 2, 10))),
        .notify(NotifyPayload(type: .initialContact)),
        .certificateRequest(CertificateRequestPayload(encoding: .x509Signature,
                                                      authorities: ArraySlice((0..<800).map { UInt8(truncatingIfNeeded: $0 &* 31) }))),
        .notify(NotifyPayload(type: .mobikeSupported)),
        .configuration(ConfigurationPayload(type: .request, attributes: [
            .internalIP4Address, .internalIP4DNS, .internalIP4NBNS, .microsoftIP4Server,
            .internalIP6Address, .internalIP6DNS, .microsoftIP6Server,
        ].map { ConfigurationAttribute(type: $0) })),
        .securityAssociation(SecurityAssociationPayload(proposals: [
            Proposal(number: 1, protocolID: .esp, spi: [0xC1, 0x2A, 0x33, 0x04], transforms: [
                .encryption(.aesCBC, keyLength: 256), .integrity(.hmacSHA1_96), .extendedSequenceNumbers(.disabled),
            ]),
            Proposal(number: 2, protocolID: .esp, spi: [0xC1, 0x2A, 0x33, 0x04], transforms: [
                .encryption(.tripleDES), .integrity(.hmacSHA1_96), .extendedSequenceNumbers(.disabled),
            ]),
        ])),
        .trafficSelectorInitiator(TrafficSelectorPayload(selectors: [.allIPv4, .allIPv6])),
        .trafficSelectorResponder(TrafficSelectorPayload(selectors: [.allIPv4, .allIPv6])),
    ]

    static let ikeAuthHeader = IKEHeader(initiatorSPI: 0x2386_71C8_0375_A0FB, responderSPI: 0x0102_0304_0506_0708,
                                         exchangeType: .ikeAuth, flags: .initiator, messageID: 1)

    /// The IKE_AUTH inner payloads as one plaintext message (for codec timing
    /// without encryption).
    static let windowsIKEAuthPlain: [UInt8] = IKEMessage(header: ikeAuthHeader, payloads: windowsIKEAuthPayloads).encode()
}
