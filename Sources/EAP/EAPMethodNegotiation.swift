import IKEWire

/// The EAP methods the gateway can run, in the order an administrator lists
/// them (the first is offered first).
public enum EAPMethodKind: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// EAP-MSCHAPv2 (type 26): mutual authentication, yields an MSK.
    case mschapv2
    /// EAP-GTC (type 6, RFC 3748 §5.6): the password in clear inside IKE's
    /// SK payload, checked by an LDAP simple bind; yields no MSK, so the
    /// final AUTH payloads are keyed with SK_pi/SK_pr (RFC 7296 §2.16).
    case gtc

    /// The EAP Type that carries the method.
    public var eapType: EAPType {
        switch self {
        case .mschapv2: .mschapv2
        case .gtc: .gtc
        }
    }

    /// The method an EAP Type names, if the gateway implements it.
    public init?(eapType: EAPType) {
        switch eapType {
        case .mschapv2: self = .mschapv2
        case .gtc: self = .gtc
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .mschapv2: "EAP-MSCHAPv2"
        case .gtc: "EAP-GTC"
        }
    }
}

/// Which method the authenticator runs, given the peer's Legacy Nak
/// (RFC 3748 §5.3.1), as a sans-I/O state machine.
///
/// The authenticator starts with the first allowed method. A peer that does
/// not want it answers that first Request with a Nak listing the types it
/// wants, in its order of preference; the authenticator switches to the
/// first of those it allows. The window is narrow on purpose: a Nak is
/// accepted only as the answer to the first method Request, and only once
/// (RFC 3748 §5.3.1: the Nak is sent "only in Response to a Request whose
/// Type is not acceptable"; a peer that has started a method, or Naks the
/// method it asked for, is not negotiating but probing). Anything that is
/// not a Nak ends the negotiation and belongs to the current method, which
/// judges it.
public struct EAPMethodNegotiation: Sendable {
    /// What the caller does with a peer's Response.
    public enum Decision: Hashable, Sendable {
        /// Hand the Response to the current method.
        case continueMethod(EAPMethodKind)
        /// The peer refused the first method: start this one, its first
        /// Request with the identifier after the Nak's.
        case switchTo(EAPMethodKind)
        /// End with EAP-Failure; the reason is for logs.
        case failed(reason: String)
    }

    private enum State: Sendable {
        /// The first method's first Request (this identifier) is out; a Nak may answer it.
        case offered(identifier: UInt8)
        /// The method was switched after a Nak; its first Request is out.
        case switched
        /// The method runs; no more Naks.
        case settled
        /// Negotiation failed.
        case failed
    }

    /// The methods the gateway allows, in its order of preference.
    public let allowed: [EAPMethodKind]
    /// The method in use.
    public private(set) var current: EAPMethodKind
    private var state: State

    /// - Parameters:
    ///   - allowed: the configured methods, first preferred; not empty.
    ///   - firstIdentifier: the EAP Identifier of the first method's first
    ///     Request (the one a Nak may answer).
    public init(allowed: [EAPMethodKind], firstIdentifier: UInt8) {
        precondition(!allowed.isEmpty, "at least one EAP method is configured")
        self.allowed = allowed
        current = allowed[0]
        state = .offered(identifier: firstIdentifier)
    }

    /// Classifies the peer's Response to the current method's Request.
    public mutating func receive(_ response: EAPMessage) -> Decision {
        guard response.code == .response, response.type == .nak else {
            switch state {
            case .offered, .switched, .settled:
                state = .settled
                return .continueMethod(current)
            case .failed:
                return .failed(reason: "EAP method negotiation already failed")
            }
        }
        switch state {
        case .offered(let identifier):
            guard response.identifier == identifier else { return fail("Nak with identifier \(response.identifier), expected \(identifier)") }
            switch Self.choose(from: response.data, allowed: allowed, refused: current) {
            case .success(let method):
                current = method
                state = .switched
                return .switchTo(method)
            case .failure(let reason):
                return fail(reason.description)
            }
        case .switched:
            return fail("a second Nak")
        case .settled:
            return fail("Nak after the method started")
        case .failed:
            return .failed(reason: "EAP method negotiation already failed")
        }
    }

    private mutating func fail(_ reason: String) -> Decision {
        state = .failed
        return .failed(reason: reason)
    }

    /// Why a Nak leaves nothing to switch to.
    public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The method a Nak's Type-Data asks for (RFC 3748 §5.3.1: one octet per
    /// desired Type, the peer's preference first; Type 0 means the peer has
    /// no viable alternative): the first desired Type that is allowed and is
    /// not the method the peer just refused. Pure, for tests and fuzzing.
    public static func choose(from desired: ArraySlice<UInt8>, allowed: [EAPMethodKind],
                              refused: EAPMethodKind) -> Result<EAPMethodKind, Refusal> {
        guard !desired.isEmpty else { return .failure(Refusal(description: "Nak without desired types")) }
        if desired.contains(0) {
            return .failure(Refusal(description: "Nak with no alternative (type 0)"))
        }
        for type in desired {
            if let method = EAPMethodKind(eapType: EAPType(rawValue: type)), method != refused, allowed.contains(method) {
                return .success(method)
            }
        }
        let names = desired.prefix(8).map { EAPType(rawValue: $0).description }.joined(separator: ",")
        return .failure(Refusal(description: "Nak asks for \(names)\(desired.count > 8 ? ",…" : ""), none allowed"))
    }
}
