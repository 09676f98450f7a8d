import IKEWire

/// What `gatehouse list-sas` shows about one IKE SA.
public struct SASnapshot: Sendable, Codable, Hashable {
    /// Our SPI, 16 hex digits.
    public let spi: String
    /// The session's name: the SPI of its first IKE SA, which rekeys keep
    /// (the CHILD_SAs' and accounting's key).
    public let session: String
    /// The CHILD_SAs' inbound SPIs, oldest first (two during a rekey).
    public let childSPIs: [String]
    /// The peer's address and port.
    public let peer: String
    /// Our address and port.
    public let local: String
    /// Where the SA is: connecting, authenticating, established.
    public let state: String
    /// The authenticated user, once known.
    public let user: String?
    /// The virtual addresses assigned, IPv4 first.
    public let virtualAddresses: [String]
    /// IKE transforms and group, once negotiated.
    public let ike: String?
    /// Seconds since the SA was created.
    public let ageSeconds: Int
    /// The newest CHILD_SA as installed; the runtime fills it in from the
    /// install action, since the engine keeps no keys once handed over.
    public var child: ChildSASnapshot?
}

/// What `gatehouse list-sas` shows about a CHILD_SA: no keys.
public struct ChildSASnapshot: Sendable, Codable, Hashable {
    /// SPIs, 8 hex digits: the one we receive on and the one we send with.
    public let inboundSPI: String
    public let outboundSPI: String
    /// ENCR and INTEG, e.g. AES_CBC_256/HMAC_SHA1_96.
    public let esp: String
    public let extendedSequenceNumbers: Bool
    /// Our selectors and the peer's.
    public let localSelectors: [String]
    public let remoteSelectors: [String]
    /// Whether ESP goes in UDP on port 4500 (NAT traversal).
    public let udpEncapsulation: Bool
    /// What the data plane has carried, when it runs one.
    public var traffic: ChildSATraffic?
}

/// Inner octets and packets each way, and inbound drops, of one CHILD_SA.
public struct ChildSATraffic: Sendable, Codable, Hashable {
    public var bytesIn: UInt64
    public var packetsIn: UInt64
    public var bytesOut: UInt64
    public var packetsOut: UInt64
    /// Replayed, failed the ICV, malformed.
    public var droppedIn: UInt64

    public init(bytesIn: UInt64, packetsIn: UInt64, bytesOut: UInt64, packetsOut: UInt64, droppedIn: UInt64) {
        self.bytesIn = bytesIn
        self.packetsIn = packetsIn
        self.bytesOut = bytesOut
        self.packetsOut = packetsOut
        self.droppedIn = droppedIn
    }
}

extension ChildSAParameters {
    /// The parameters without their keys, for `list-sas` and logs.
    public var snapshot: ChildSASnapshot {
        ChildSASnapshot(inboundSPI: Hex.string(inboundSPI), outboundSPI: Hex.string(outboundSPI),
                        esp: "\(encryption)" + (integrity.map { "/\($0)" } ?? ""), extendedSequenceNumbers: extendedSequenceNumbers,
                        localSelectors: localSelectors.map(\.description), remoteSelectors: remoteSelectors.map(\.description),
                        udpEncapsulation: udpEncapsulation)
    }
}

extension IKEEngine {
    /// A snapshot of every SA, for the control socket.
    public func snapshot(now: EngineInstant) -> [SASnapshot] {
        sas.values.sorted { $0.createdAt < $1.createdAt }.map { sa in
            var user: String?, addresses: [IPAddress] = [], ike: InitDoneState?, children: [UInt32] = []
            let state: String
            switch sa.state {
            case .initiatorSentInit: state = "connecting"
            case .initDone(let done): state = "connecting"; ike = done
            case .responderAuthenticating(let auth):
                state = "authenticating"; ike = auth.ike
                user = auth.eapIdentity.map { String(decoding: $0, as: UTF8.self) }
            case .initiatorAuthenticating(let auth): state = "authenticating"; ike = auth.ike
            case .established(let established):
                state = established.rekeyed ? "rekeyed" : "established"; ike = established.ike
                user = established.user; addresses = established.virtualAddresses
                children = established.children.map(\.inboundSPI)
            case .closed: state = "closed"
            }
            return SASnapshot(spi: hex(sa.ourSPI), session: hex(sa.sessionID), childSPIs: children.map { Hex.string($0) },
                              peer: "\(sa.remote)", local: "\(sa.local)", state: state, user: user,
                              virtualAddresses: addresses.map(\.description), ike: ike.map { "\($0.suite)/\($0.group)" },
                              ageSeconds: Int(now.duration(since: sa.createdAt).components.seconds), child: nil)
        }
    }

    /// Our SPIs of the SAs whose user or SPI matches `selector`.
    public func spis(matching selector: String) -> [UInt64] {
        sas.values.compactMap { sa in
            // Our SPI, or the session's name (list-sas, Acct-Session-Id).
            if hex(sa.ourSPI) == selector.lowercased() || (sa.holdsSession && hex(sa.sessionID) == selector.lowercased()) { return sa.ourSPI }
            if case .established(let established) = sa.state, sa.holdsSession, established.user == selector { return sa.ourSPI }
            return nil
        }
    }
}
