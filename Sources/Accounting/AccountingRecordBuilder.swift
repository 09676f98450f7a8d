import Foundation
import IKEWire
import RADIUS

/// Builds the attributes of each kind of record from the NAS identity, the
/// session and its counters.
struct AccountingRecordBuilder: Sendable {
    var nas: NASIdentity

    /// NAS-Port-Type Virtual (RFC 2865 §5.41): the client reaches us over a
    /// tunnel, not a physical port.
    static let nasPortTypeVirtual: UInt32 = 5
    /// Service-Type Framed (RFC 2865 §5.6): the client gets an address and
    /// carries IP, like PPP.
    static let serviceTypeFramed: UInt32 = 2

    /// Start, Interim-Update or Stop. Interim-Update and Stop carry the
    /// session time and counters (RFC 2869 §2.1, RFC 2866 §5.3–5.8); Stop
    /// also the cause (RFC 2866 §5.10).
    func sessionRecord(_ status: AccountingStatusType, session: AccountingSession, at eventTime: Date,
                       sessionTime: TimeInterval? = nil, counters: AccountingCounters? = nil,
                       cause: AccountingTerminateCause? = nil) -> [RADIUSAttribute] {
        var attributes = [RADIUSAttribute(.acctStatusType, integer: status.rawValue),
                          RADIUSAttribute(.acctSessionID, text: session.sessionID),
                          RADIUSAttribute(.userName, text: session.userName)]
        attributes += nasAttributes()
        attributes.append(RADIUSAttribute(.nasPortType, integer: Self.nasPortTypeVirtual))
        attributes.append(RADIUSAttribute(.serviceType, integer: Self.serviceTypeFramed))
        if let called = nas.calledStationID { attributes.append(RADIUSAttribute(.calledStationID, text: called)) }
        attributes.append(RADIUSAttribute(.callingStationID, text: session.callingStationID))
        if let address = session.framedIPv4 { attributes.append(RADIUSAttribute(.framedIPAddress, address: address)) }
        if let address = session.framedIPv6 { attributes.append(RADIUSAttribute(.framedIPv6Address, address: address)) }
        // RFC 2865 §5.25: Class "SHOULD be sent unmodified by the client to
        // the accounting server", every one the Access-Accept had.
        attributes += session.classes.map { RADIUSAttribute(.class, value: $0) }
        attributes.append(RADIUSAttribute(.eventTimestamp, integer: Self.seconds(eventTime.timeIntervalSince1970)))
        if let sessionTime {
            attributes.append(RADIUSAttribute(.acctSessionTime, integer: Self.seconds(sessionTime)))
        }
        if let counters { attributes += Self.counterAttributes(counters) }
        if let cause { attributes.append(RADIUSAttribute(.acctTerminateCause, integer: cause.rawValue)) }
        return attributes
    }

    /// Accounting-On or -Off: the NAS only. RFC 2866 §5.13's table requires
    /// an Acct-Session-Id in every Accounting-Request, so these carry one of
    /// their own.
    func nasRecord(_ status: AccountingStatusType, sessionID: String, at eventTime: Date) -> [RADIUSAttribute] {
        [RADIUSAttribute(.acctStatusType, integer: status.rawValue), RADIUSAttribute(.acctSessionID, text: sessionID)]
            + nasAttributes()
            + [RADIUSAttribute(.eventTimestamp, integer: Self.seconds(eventTime.timeIntervalSince1970))]
    }

    private func nasAttributes() -> [RADIUSAttribute] {
        var attributes = [RADIUSAttribute(.nasIdentifier, text: nas.identifier)]
        if let address = nas.ipv4 { attributes.append(RADIUSAttribute(.nasIPAddress, address: address)) }
        if let address = nas.ipv6 { attributes.append(RADIUSAttribute(.nasIPv6Address, address: address)) }
        return attributes
    }

    /// The octet counts split into the low 32 bits (Acct-Input/Output-Octets,
    /// RFC 2866 §5.3, §5.4) and the number of times they wrapped
    /// (Acct-Input/Output-Gigawords, RFC 2869 §5.1, §5.2). Packet counts have
    /// no gigawords attribute and wrap at 2^32, as a 32-bit counter would.
    static func counterAttributes(_ counters: AccountingCounters) -> [RADIUSAttribute] {
        [RADIUSAttribute(.acctInputOctets, integer: UInt32(truncatingIfNeeded: counters.inputOctets)),
         RADIUSAttribute(.acctInputGigawords, integer: UInt32(truncatingIfNeeded: counters.inputOctets >> 32)),
         RADIUSAttribute(.acctOutputOctets, integer: UInt32(truncatingIfNeeded: counters.outputOctets)),
         RADIUSAttribute(.acctOutputGigawords, integer: UInt32(truncatingIfNeeded: counters.outputOctets >> 32)),
         RADIUSAttribute(.acctInputPackets, integer: UInt32(truncatingIfNeeded: counters.inputPackets)),
         RADIUSAttribute(.acctOutputPackets, integer: UInt32(truncatingIfNeeded: counters.outputPackets))]
    }

    /// Whole seconds, clamped to the 32 bits of an RFC 2865 "integer" or
    /// "time" value.
    static func seconds(_ interval: TimeInterval) -> UInt32 {
        let whole = max(0, interval).rounded(.down)
        return whole >= Double(UInt32.max) ? UInt32.max : UInt32(whole)
    }
}
