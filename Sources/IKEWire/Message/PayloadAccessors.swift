/// Typed access to the payloads of a message or of a decrypted SK payload.
///
/// Each accessor returns the first payload of its type; RFC 7296 allows at
/// most one of each of these in the exchanges that use them, and the engine
/// decides whether a duplicate is an error.
extension Collection where Element == IKEPayload {
    /// The SA payload.
    public var securityAssociation: SecurityAssociationPayload? { firstPayload { if case .securityAssociation(let p) = $0 { p } else { nil } } }
    /// The KE payload.
    public var keyExchange: KeyExchangePayload? { firstPayload { if case .keyExchange(let p) = $0 { p } else { nil } } }
    /// The Nonce payload.
    public var nonce: NoncePayload? { firstPayload { if case .nonce(let p) = $0 { p } else { nil } } }
    /// IDi.
    public var identificationInitiator: IdentificationPayload? { firstPayload { if case .identificationInitiator(let p) = $0 { p } else { nil } } }
    /// IDr.
    public var identificationResponder: IdentificationPayload? { firstPayload { if case .identificationResponder(let p) = $0 { p } else { nil } } }
    /// The AUTH payload.
    public var authentication: AuthenticationPayload? { firstPayload { if case .authentication(let p) = $0 { p } else { nil } } }
    /// The EAP payload.
    public var eap: EAPMessage? { firstPayload { if case .eap(let p) = $0 { p } else { nil } } }
    /// The CP payload.
    public var configuration: ConfigurationPayload? { firstPayload { if case .configuration(let p) = $0 { p } else { nil } } }
    /// TSi.
    public var trafficSelectorInitiator: TrafficSelectorPayload? { firstPayload { if case .trafficSelectorInitiator(let p) = $0 { p } else { nil } } }
    /// TSr.
    public var trafficSelectorResponder: TrafficSelectorPayload? { firstPayload { if case .trafficSelectorResponder(let p) = $0 { p } else { nil } } }
    /// Every CERT payload, in order (the first is the end-entity certificate).
    public var certificates: [CertificatePayload] { compactMap { if case .certificate(let p) = $0 { p } else { nil } } }
    /// Every CERTREQ payload.
    public var certificateRequests: [CertificateRequestPayload] { compactMap { if case .certificateRequest(let p) = $0 { p } else { nil } } }
    /// Every Delete payload.
    public var deletes: [DeletePayload] { compactMap { if case .delete(let p) = $0 { p } else { nil } } }

    /// The first payload `extract` turns into a value.
    private func firstPayload<T>(_ extract: (IKEPayload) -> T?) -> T? {
        for payload in self {
            if let value = extract(payload) { return value }
        }
        return nil
    }

    /// Every Notify payload, in order.
    public var notifies: [NotifyPayload] { compactMap { if case .notify(let notify) = $0 { notify } else { nil } } }

    /// The first Notify of `type`, if any.
    public func notify(_ type: NotifyType) -> NotifyPayload? {
        for case .notify(let notify) in self where notify.type == type { return notify }
        return nil
    }
}
