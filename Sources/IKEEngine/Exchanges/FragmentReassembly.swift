import IKECrypto
import IKEWire

/// Collects the decrypted fragments of one message (RFC 7383 §2.6).
///
/// Each fragment was authenticated before it got here. Memory is bounded by
/// the fragment count and octet limits; a fragment of a newer message
/// replaces an unfinished older one, and duplicates are ignored.
struct FragmentReassembly {
    let messageID: UInt32
    let total: UInt16
    private var parts: [UInt16: [UInt8]] = [:]
    private var octets = 0
    private var firstPayload: PayloadType = .none

    init(messageID: UInt32, total: UInt16) {
        self.messageID = messageID
        self.total = total
    }

    /// Why a fragment was not taken.
    enum Refusal: Error {
        case tooManyFragments, tooLarge, inconsistentTotal
    }

    /// Adds a fragment; returns the inner payload chain's first type and
    /// bytes once every fragment is in.
    mutating func add(_ fragment: DecryptedFragment, policy: FragmentationPolicy) throws(Refusal) -> (PayloadType, [UInt8])? {
        guard fragment.total == total else { throw .inconsistentTotal }
        guard Int(total) <= policy.maximumFragments else { throw .tooManyFragments }
        guard parts[fragment.number] == nil else { return nil }
        octets += fragment.content.count
        guard octets <= policy.maximumReassemblyOctets else { throw .tooLarge }
        parts[fragment.number] = fragment.content
        if fragment.number == 1 { firstPayload = fragment.firstPayload }
        guard parts.count == Int(total) else { return nil }
        let joined = (1...total).flatMap { parts[$0] ?? [] }
        return (firstPayload, joined)
    }
}
