import IKECrypto
import IKEWire

/// One ESP proposal as configured (strongSwan syntax, e.g. `aes256-sha1-noesn`
/// or `aes256gcm16-esn-noesn`). Diffie-Hellman groups, if any, are used for
/// PFS in CREATE_CHILD_SA only; the CHILD_SA created by IKE_AUTH never has a
/// KE (RFC 7296 §1.2).
public struct ESPProposalPolicy: Hashable, Sendable, CustomStringConvertible {
    /// Encryption algorithms, most preferred first.
    public var encryption: [EncryptionAlgorithm]
    /// Integrity algorithms; empty for AEAD proposals.
    public var integrity: [IntegrityAlgorithm]
    /// Whether 64-bit extended sequence numbers are acceptable, in order of
    /// preference; `[false]` by default, as Windows offers no ESN.
    public var extendedSequenceNumbers: [Bool]
    /// PFS groups for CREATE_CHILD_SA.
    public var groups: [KeyExchangeGroup]
    /// The string this was parsed from.
    public let description: String

    /// - Throws: ``ProposalParseError`` for unknown keywords, PRF keywords
    ///   (ESP has no PRF), missing encryption or integrity, or mixed AEAD and
    ///   non-AEAD ciphers.
    public init(parsing text: String) throws(ProposalParseError) {
        var encryption: [EncryptionAlgorithm] = []
        var integrity: [IntegrityAlgorithm] = []
        var esn: [Bool] = []
        var groups: [KeyExchangeGroup] = []
        for keyword in text.lowercased().split(separator: "-") {
            guard let meaning = ProposalKeyword.meaning(of: keyword), meaning.prf == nil || meaning.integrity != nil else {
                throw ProposalParseError(proposal: text, reason: "unknown ESP algorithm '\(keyword)'")
            }
            meaning.encryption.map { IKEProposalPolicy.appendOnce($0, to: &encryption) }
            meaning.integrity.map { IKEProposalPolicy.appendOnce($0, to: &integrity) }
            meaning.extendedSequenceNumbers.map { IKEProposalPolicy.appendOnce($0, to: &esn) }
            meaning.group.map { IKEProposalPolicy.appendOnce($0, to: &groups) }
        }
        let aead = encryption.filter(\.isAEAD)
        guard !encryption.isEmpty else { throw ProposalParseError(proposal: text, reason: "no encryption algorithm") }
        guard aead.isEmpty || aead.count == encryption.count else {
            throw ProposalParseError(proposal: text, reason: "AEAD and non-AEAD ciphers need separate proposals")
        }
        if !aead.isEmpty {
            integrity = []
        } else if integrity.isEmpty {
            throw ProposalParseError(proposal: text, reason: "no integrity algorithm")
        }
        self.encryption = encryption
        self.integrity = integrity
        self.extendedSequenceNumbers = esn.isEmpty ? [false] : esn
        self.groups = groups
        self.description = text
    }

    /// A proposal of exactly these algorithms (an existing CHILD_SA's).
    init(encryption: [EncryptionAlgorithm], integrity: [IntegrityAlgorithm], extendedSequenceNumbers: [Bool], groups: [KeyExchangeGroup]) {
        self.encryption = encryption
        self.integrity = integrity
        self.extendedSequenceNumbers = extendedSequenceNumbers
        self.groups = groups
        description = (encryption.map(\.description) + integrity.map(\.description) + groups.map(\.description)).joined(separator: "-")
    }

    /// The proposal as we would offer it as initiator, with our inbound SPI.
    public func proposal(number: UInt8, spi: UInt32, includeGroups: Bool) -> Proposal {
        Proposal(number: number, protocolID: .esp, spi: ArraySlice(bigEndian(spi)), transforms:
            encryption.map(\.transform) + integrity.map(\.transform)
                + (includeGroups ? groups.map(\.transform) : [])
                + extendedSequenceNumbers.map { .extendedSequenceNumbers($0 ? .enabled : .disabled) })
    }
}

func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
     UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
}
