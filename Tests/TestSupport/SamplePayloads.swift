import IKEWire

/// One or more instances of every payload type, with the less common shapes
/// (unknown attributes and selectors, private notify types, IPv6) included.
public enum SamplePayloads {
    public static let all: [IKEPayload] = [
        .securityAssociation(SecurityAssociationPayload(proposals: [
            Proposal(number: 1, protocolID: .ike, transforms: [
                .encryption(.aesCBC, keyLength: 256), .integrity(.hmacSHA256_128), .prf(.hmacSHA256),
                .keyExchange(.ecp256), .keyExchange(.curve25519),
            ]),
            Proposal(number: 2, protocolID: .esp, spi: [0xC0, 0x01, 0xD0, 0x0D], transforms: [
                .encryption(.aesGCM16, keyLength: 128), .extendedSequenceNumbers(.disabled),
                Transform(type: TransformType(rawValue: 200), id: 7, keyLength: nil, unrecognizedAttributes: [
                    TransformAttribute(type: 99, value: .short(5)),
                    TransformAttribute(type: 100, value: .long([1, 2, 3])),
                ]),
            ]),
            Proposal(number: 3, protocolID: .ike, spi: ArraySlice(repeating: 0x11, count: 8), transforms: []),
        ])),
        .keyExchange(KeyExchangePayload(group: .ecp256, data: ArraySlice(0..<64))),
        .identificationInitiator(.ipv4(IPv4Address(192, 0, 2, 10))),
        .identificationResponder(.fqdn("vpn.example.com")),
        .identificationInitiator(IdentificationPayload(type: .derASN1DN, data: [0x30, 0x00], reserved: 0x010203)),
        .certificate(CertificatePayload(encoding: .x509Signature, data: [0x30, 0x82, 0x01, 0x00])),
        .certificateRequest(CertificateRequestPayload(encoding: .x509Signature, authorities: ArraySlice(repeating: 0xAB, count: 40))),
        .authentication(AuthenticationPayload(method: .rsaSignature, data: ArraySlice(repeating: 7, count: 256))),
        .nonce(NoncePayload(data: ArraySlice(repeating: 9, count: 32))),
        .notify(NotifyPayload(type: .invalidKEPayload, data: [0x00, 0x13])),
        .notify(NotifyPayload(type: .rekeySA, protocolID: .esp, spi: [1, 2, 3, 4])),
        .notify(NotifyPayload(type: .microsoftStatus, data: [0, 0, 0x35, 0xE9])),
        .notify(NotifyPayload(type: NotifyType(rawValue: 40999))),
        .delete(.ikeSA),
        .delete(DeletePayload(protocolID: .esp, spis: [0xDEAD_BEEF, 1])),
        .vendorID(VendorIDPayload(data: [0x01, 0x52, 0x8B, 0xBB])),
        .trafficSelectorInitiator(TrafficSelectorPayload(selectors: [.allIPv4, .allIPv6])),
        .trafficSelectorResponder(TrafficSelectorPayload(selectors: [
            .ipv4(AddressRangeSelector(ipProtocol: 6, startPort: 443, endPort: 443,
                                       start: IPv4Address(203, 0, 113, 0), end: IPv4Address(203, 0, 113, 255))),
            .ipv6(AddressRangeSelector(start: IPv6Address("2001:db8::")!, end: IPv6Address("2001:db8::ffff")!)),
            .unrecognized(type: TrafficSelectorType(rawValue: 10), secondOctet: 0, data: [0x73, 0x79, 0x73]),
        ])),
        .configuration(ConfigurationPayload(type: .request, attributes: [
            ConfigurationAttribute(type: .internalIP4Address), ConfigurationAttribute(type: .internalIP4DNS),
            ConfigurationAttribute(type: .internalIP4NBNS), ConfigurationAttribute(type: .microsoftIP4Server),
            ConfigurationAttribute(type: .internalIP6Address), ConfigurationAttribute(type: .internalIP6DNS),
            ConfigurationAttribute(type: .microsoftIP6Server),
        ])),
        .configuration(ConfigurationPayload(type: .reply, attributes: [
            .ipv4(.internalIP4Address, IPv4Address(198, 18, 0, 1)),
            .ipv4(.internalIP4DNS, IPv4Address(203, 0, 113, 53)),
            .internalIP6Address(IPv6Address("2001:db8:1::1")!, prefixLength: 64),
            ConfigurationAttribute(type: ConfigurationAttributeType(rawValue: 30000), value: [1, 2, 3]),
        ])),
        .eap(EAPMessage(code: .request, identifier: 1, type: .identity)),
        .eap(EAPMessage(code: .response, identifier: 1, type: .identity, data: ArraySlice("CORP\\alice".utf8))),
        .eap(EAPMessage(code: .success, identifier: 5)),
        .unrecognized(UnrecognizedPayload(type: PayloadType(rawValue: 200), body: [1, 2, 3])),
    ]

    public static let encrypted = IKEPayload.encrypted(EncryptedPayload(firstPayload: .identificationInitiator, body: ArraySlice(repeating: 0xEE, count: 48)))
    public static let encryptedFragment = IKEPayload.encryptedFragment(EncryptedFragmentPayload(
        firstPayload: .identificationInitiator, fragmentNumber: 1, totalFragments: 5, body: ArraySlice(repeating: 0xEF, count: 40)))

    public static func message(_ payloads: [IKEPayload], exchange: ExchangeType = .ikeAuth) -> IKEMessage {
        IKEMessage(header: IKEHeader(initiatorSPI: 0x0102_0304_0506_0708, responderSPI: 0x1112_1314_1516_1718,
                                     exchangeType: exchange, flags: [.initiator], messageID: 1),
                   payloads: payloads)
    }
}
