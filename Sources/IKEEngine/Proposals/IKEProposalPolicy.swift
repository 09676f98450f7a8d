import IKECrypto
import IKEWire

/// One IKE SA proposal as configured: the acceptable algorithms of each
/// transform type, most preferred first.
///
/// Written as in strongSwan, e.g. `aes256-aes128-sha256-modp2048`:
/// integrity keywords (`sha256`) also add the matching PRF, AEAD ciphers take
/// PRFs through `prfsha256` and no integrity algorithm (RFC 5282 §8).
public struct IKEProposalPolicy: Hashable, Sendable, CustomStringConvertible {
    /// Encryption algorithms, most preferred first.
    public var encryption: [EncryptionAlgorithm]
    /// Integrity algorithms; empty when every encryption algorithm is an AEAD.
    public var integrity: [IntegrityAlgorithm]
    /// PRFs.
    public var prf: [PRFAlgorithm]
    /// Diffie-Hellman groups.
    public var groups: [KeyExchangeGroup]
    /// The string this was parsed from, for logs and `check-config`.
    public let description: String

    /// Parses a proposal string.
    ///
    /// - Throws: ``ProposalParseError`` naming the unknown keyword, a missing
    ///   transform type, or a mix of AEAD and non-AEAD ciphers (which RFC 7296
    ///   §3.3 needs in separate proposals, since AEAD takes no integrity).
    public init(parsing text: String) throws(ProposalParseError) {
        var encryption: [EncryptionAlgorithm] = []
        var integrity: [IntegrityAlgorithm] = []
        var prf: [PRFAlgorithm] = []
        var groups: [KeyExchangeGroup] = []
        for keyword in text.lowercased().split(separator: "-") {
            guard let meaning = ProposalKeyword.meaning(of: keyword), meaning.extendedSequenceNumbers == nil else {
                throw ProposalParseError(proposal: text, reason: "unknown IKE algorithm '\(keyword)'")
            }
            meaning.encryption.map { Self.appendOnce($0, to: &encryption) }
            meaning.integrity.map { Self.appendOnce($0, to: &integrity) }
            meaning.prf.map { Self.appendOnce($0, to: &prf) }
            meaning.group.map { Self.appendOnce($0, to: &groups) }
        }
        let aead = encryption.filter(\.isAEAD)
        guard !encryption.isEmpty else { throw ProposalParseError(proposal: text, reason: "no encryption algorithm") }
        guard aead.isEmpty || aead.count == encryption.count else {
            throw ProposalParseError(proposal: text, reason: "AEAD and non-AEAD ciphers need separate proposals")
        }
        if !aead.isEmpty {
            // With AEAD, "sha256" means the PRF only: there is no INTEG (RFC 5282 §8).
            integrity = []
        } else if integrity.isEmpty {
            throw ProposalParseError(proposal: text, reason: "no integrity algorithm")
        }
        guard !prf.isEmpty else { throw ProposalParseError(proposal: text, reason: "no PRF") }
        guard !groups.isEmpty else { throw ProposalParseError(proposal: text, reason: "no Diffie-Hellman group") }
        self.encryption = encryption
        self.integrity = integrity
        self.prf = prf
        self.groups = groups
        self.description = text
    }

    /// A proposal of exactly the transforms an IKE SA negotiated.
    init(suite: IKECipherSuite, group: KeyExchangeGroup) {
        encryption = [suite.encryption]
        integrity = suite.integrity.map { [$0] } ?? []
        prf = [suite.prf]
        groups = [group]
        description = "\(suite)/\(group)"
    }

    /// The proposal as we would offer it as initiator (one proposal carrying
    /// every algorithm, RFC 7296 §3.3).
    public func proposal(number: UInt8) -> Proposal {
        Proposal(number: number, protocolID: .ike, transforms:
            encryption.map(\.transform) + integrity.map(\.transform) + prf.map(\.transform)
                + groups.map(\.transform))
    }

    static func appendOnce<T: Equatable>(_ value: T, to list: inout [T]) {
        if !list.contains(value) { list.append(value) }
    }
}
