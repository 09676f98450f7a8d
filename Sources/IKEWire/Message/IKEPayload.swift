/// One payload of an IKE message (RFC 7296 §3.2–3.16, RFC 7383 §2.5).
public enum IKEPayload: Hashable, Sendable {
    /// SA.
    case securityAssociation(SecurityAssociationPayload)
    /// KE.
    case keyExchange(KeyExchangePayload)
    /// IDi.
    case identificationInitiator(IdentificationPayload)
    /// IDr.
    case identificationResponder(IdentificationPayload)
    /// CERT.
    case certificate(CertificatePayload)
    /// CERTREQ.
    case certificateRequest(CertificateRequestPayload)
    /// AUTH.
    case authentication(AuthenticationPayload)
    /// Ni or Nr.
    case nonce(NoncePayload)
    /// N.
    case notify(NotifyPayload)
    /// D.
    case delete(DeletePayload)
    /// V.
    case vendorID(VendorIDPayload)
    /// TSi.
    case trafficSelectorInitiator(TrafficSelectorPayload)
    /// TSr.
    case trafficSelectorResponder(TrafficSelectorPayload)
    /// SK; always the last payload of a message.
    case encrypted(EncryptedPayload)
    /// SKF; always the last payload of a message.
    case encryptedFragment(EncryptedFragmentPayload)
    /// CP.
    case configuration(ConfigurationPayload)
    /// EAP.
    case eap(EAPMessage)
    /// A non-critical payload of an unknown type.
    case unrecognized(UnrecognizedPayload)

    /// The payload type, as written in the preceding Next Payload field.
    public var type: PayloadType {
        switch self {
        case .securityAssociation: .securityAssociation
        case .keyExchange: .keyExchange
        case .identificationInitiator: .identificationInitiator
        case .identificationResponder: .identificationResponder
        case .certificate: .certificate
        case .certificateRequest: .certificateRequest
        case .authentication: .authentication
        case .nonce: .nonce
        case .notify: .notify
        case .delete: .delete
        case .vendorID: .vendorID
        case .trafficSelectorInitiator: .trafficSelectorInitiator
        case .trafficSelectorResponder: .trafficSelectorResponder
        case .encrypted: .encrypted
        case .encryptedFragment: .encryptedFragment
        case .configuration: .configuration
        case .eap: .eap
        case .unrecognized(let payload): payload.type
        }
    }

    /// Calls `visitor` with the typed body. One generic switch serves every
    /// operation on bodies, and specialisation keeps it free of existential boxes
    /// (which would allocate for the larger payload structs).
    private func visitBody<Visitor: PayloadBodyVisitor>(_ visitor: inout Visitor) {
        switch self {
        case .securityAssociation(let body): visitor.visit(body)
        case .keyExchange(let body): visitor.visit(body)
        case .identificationInitiator(let body), .identificationResponder(let body): visitor.visit(body)
        case .certificate(let body): visitor.visit(body)
        case .certificateRequest(let body): visitor.visit(body)
        case .authentication(let body): visitor.visit(body)
        case .nonce(let body): visitor.visit(body)
        case .notify(let body): visitor.visit(body)
        case .delete(let body): visitor.visit(body)
        case .vendorID(let body): visitor.visit(body)
        case .trafficSelectorInitiator(let body), .trafficSelectorResponder(let body): visitor.visit(body)
        case .encrypted(let body): visitor.visit(body)
        case .encryptedFragment(let body): visitor.visit(body)
        case .configuration(let body): visitor.visit(body)
        case .eap(let body): visitor.visit(body)
        case .unrecognized(let body): visitor.visit(body)
        }
    }

    /// The octets after the generic payload header.
    var bodyLength: Int {
        var visitor = LengthVisitor()
        visitBody(&visitor)
        return visitor.length
    }

    func encodeBody(into writer: inout ByteWriter) {
        // Swap the buffer into the visitor and back: a copy would share the
        // storage and make the next append copy the whole message.
        var visitor = EncodeVisitor(writer: ByteWriter(capacity: 0))
        swap(&visitor.writer, &writer)
        visitBody(&visitor)
        swap(&visitor.writer, &writer)
    }

    /// Decodes the body of a payload of a known type; nil for unknown types.
    static func decode(type: PayloadType, body: ArraySlice<UInt8>) throws(IKEDecodingError) -> IKEPayload? {
        switch type {
        case .securityAssociation: .securityAssociation(try .decode(body: body))
        case .keyExchange: .keyExchange(try .decode(body: body))
        case .identificationInitiator: .identificationInitiator(try .decode(body: body))
        case .identificationResponder: .identificationResponder(try .decode(body: body))
        case .certificate: .certificate(try .decode(body: body))
        case .certificateRequest: .certificateRequest(try .decode(body: body))
        case .authentication: .authentication(try .decode(body: body))
        case .nonce: .nonce(try .decode(body: body))
        case .notify: .notify(try .decode(body: body))
        case .delete: .delete(try .decode(body: body))
        case .vendorID: .vendorID(try .decode(body: body))
        case .trafficSelectorInitiator: .trafficSelectorInitiator(try .decode(body: body))
        case .trafficSelectorResponder: .trafficSelectorResponder(try .decode(body: body))
        case .encrypted: .encrypted(try .decode(body: body))
        case .encryptedFragment: .encryptedFragment(try .decode(body: body))
        case .configuration: .configuration(try .decode(body: body))
        case .eap: .eap(try .decode(body: body))
        default: nil
        }
    }
}

/// An operation applied to a payload body of any type.
private protocol PayloadBodyVisitor {
    mutating func visit<Body: PayloadEncodable>(_ body: Body)
}

private struct LengthVisitor: PayloadBodyVisitor {
    var length = 0
    mutating func visit<Body: PayloadEncodable>(_ body: Body) { length = body.bodyLength }
}

private struct EncodeVisitor: PayloadBodyVisitor {
    var writer: ByteWriter
    mutating func visit<Body: PayloadEncodable>(_ body: Body) { body.encodeBody(into: &writer) }
}
