extension IKEMessage {
    /// A one-line summary in the style of strongSwan's logs, e.g.
    /// `IKE_SA_INIT request 0 [ SA KE No N(NAT_DETECTION_SOURCE_IP) V ]`, for
    /// log lines and diagnostics. It names payloads and notify types only, so it
    /// never carries key material or credentials.
    public var summary: String {
        let direction = header.isResponse ? "response" : "request"
        let names = payloads.map { payload -> String in
            switch payload {
            case .notify(let notify): "N(\(notify.type))"
            case .encryptedFragment(let fragment): "SKF(\(fragment.fragmentNumber)/\(fragment.totalFragments))"
            case .eap(let eap): "EAP/\(eap.code)" + (eap.type.map { "/\($0)" } ?? "")
            default: payload.type.description
            }
        }
        return "\(header.exchangeType) \(direction) \(header.messageID) [ \(names.joined(separator: " ")) ]"
    }
}
