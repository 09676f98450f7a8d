import NIOCore

/// One UDP socket and its 256 identifiers (RFC 2865 §3: the Identifier is
/// one octet, and a reply is matched by it on the socket it comes back to).
struct RADIUSSocket: Sendable {
    let channel: any Channel
    let family: RADIUSAddressFamily
    var slots = [RADIUSSlot](repeating: .free, count: 256)
    var used = 0
    /// Where the search for a free identifier starts: identifiers go round
    /// the whole space, so a just-released one is reused last and a late
    /// reply to its previous request is unlikely to meet a new one.
    var cursor: UInt8

    init(channel: any Channel, family: RADIUSAddressFamily, cursor: UInt8) {
        self.channel = channel
        self.family = family
        self.cursor = cursor
    }

    var hasFreeIdentifier: Bool { used < slots.count }

    /// Reserves the next free identifier.
    mutating func reserve() -> UInt8? {
        guard hasFreeIdentifier else { return nil }
        var candidate = cursor
        while true {
            if case .free = slots[Int(candidate)] {
                slots[Int(candidate)] = .reserved
                used += 1
                cursor = candidate &+ 1
                return candidate
            }
            candidate &+= 1
        }
    }

    mutating func release(_ identifier: UInt8) {
        if case .free = slots[Int(identifier)] { return }
        slots[Int(identifier)] = .free
        used -= 1
    }
}
