import IKECrypto
import IKEWire

/// The outcome of choosing from a peer's IKE SA proposals (RFC 7296 §1.2, §3.3).
public enum IKEProposalSelection: Hashable, Sendable {
    /// A proposal was accepted, and its group matches the peer's KE payload.
    case selected(SelectedIKEProposal)
    /// A proposal is acceptable, but only with this group, which the peer
    /// offered but did not send a KE for: answer INVALID_KE_PAYLOAD naming it.
    case invalidKE(KeyExchangeGroup)
    /// Nothing is acceptable: answer NO_PROPOSAL_CHOSEN.
    case noProposalChosen
}

/// The transforms chosen from one of a peer's IKE SA proposals.
public struct SelectedIKEProposal: Hashable, Sendable {
    /// The peer's Proposal Num, echoed in the answer (RFC 7296 §3.3.1).
    public let number: UInt8
    /// ENCR, INTEG and PRF.
    public let suite: IKECipherSuite
    /// The Diffie-Hellman group.
    public let group: KeyExchangeGroup
    /// The peer's SPI for the new IKE SA when rekeying (RFC 7296 §1.3.2);
    /// zero in IKE_SA_INIT, whose proposals carry none.
    public var peerSPI: UInt64 = 0

    /// The proposal to answer with: one transform of each type.
    public var responseProposal: Proposal {
        Proposal(number: number, protocolID: .ike, transforms:
            [suite.encryption.transform] + (suite.integrity.map { [$0.transform] } ?? []) + [suite.prf.transform, group.transform])
    }

    /// The answer to an IKE SA rekey, carrying our SPI for the new IKE SA.
    public func responseProposal(ourSPI: UInt64) -> Proposal {
        var proposal = responseProposal
        proposal.spi = ArraySlice((0..<8).map { UInt8(truncatingIfNeeded: ourSPI >> UInt64(56 - 8 * $0)) })
        return proposal
    }
}

/// The outcome of choosing from a peer's CREATE_CHILD_SA proposals for a
/// CHILD_SA (RFC 7296 §1.3.1).
public enum ChildSASelection: Hashable, Sendable {
    /// Accepted, with the PFS group of the peer's KE (nil without PFS).
    case selected(SelectedESPProposal, group: KeyExchangeGroup?)
    /// Acceptable only with this group, which the peer offered without a
    /// KE for it: answer INVALID_KE_PAYLOAD.
    case invalidKE(KeyExchangeGroup)
    case noProposalChosen
}

/// The transforms chosen from one of a peer's ESP proposals.
public struct SelectedESPProposal: Hashable, Sendable {
    /// The peer's Proposal Num.
    public let number: UInt8
    /// The peer's inbound SPI: where our outbound packets go.
    public let peerSPI: UInt32
    /// ENCR.
    public let encryption: EncryptionAlgorithm
    /// INTEG; nil for AEAD.
    public let integrity: IntegrityAlgorithm?
    /// Whether 64-bit extended sequence numbers are used (RFC 4303 §2.2.1).
    public let extendedSequenceNumbers: Bool

    /// The proposal to answer with, carrying our inbound SPI.
    public func responseProposal(ourSPI: UInt32) -> Proposal {
        Proposal(number: number, protocolID: .esp, spi: ArraySlice(bigEndian(ourSPI)), transforms:
            [encryption.transform] + (integrity.map { [$0.transform] } ?? [])
                + [.extendedSequenceNumbers(extendedSequenceNumbers ? .enabled : .disabled)])
    }
}

/// Proposal selection, in the administrator's order of preference: our
/// configured proposals are tried in order; within one, every peer proposal it
/// can accept is matched (taking, per transform type, the first of our
/// algorithms the peer offers), and the match that ranks best by our order of
/// encryption, then integrity, PRF and group wins. So Windows' layout (a dozen
/// single-algorithm proposals, 3DES first) and strongSwan's (one proposal
/// listing many) both end with our preferred algorithms, not the peer's first.
public enum ProposalSelector {
    /// Chooses the IKE SA's transforms in IKE_SA_INIT.
    ///
    /// A proposal whose group matches the peer's KE payload is preferred over
    /// a better-ranked one that would need another group, so that a client
    /// whose first group is acceptable is never sent INVALID_KE_PAYLOAD.
    /// When `rekeying`, the proposals must carry the peer's SPI for the new
    /// IKE SA (RFC 7296 §1.3.2) instead of none.
    public static func selectIKE(
        from offer: SecurityAssociationPayload,
        policies: [IKEProposalPolicy],
        keyExchangeGroup: KeyExchangeMethodID?,
        rekeying: Bool = false
    ) -> IKEProposalSelection {
        let peerGroup = keyExchangeGroup.flatMap { KeyExchangeGroup(rawValue: $0.rawValue) }
        if let peerGroup, let match = firstIKEMatch(offer, policies, requiredGroup: peerGroup, rekeying: rekeying) {
            return .selected(match)
        }
        // No acceptable proposal fits the KE sent. If one fits another offered
        // group, RFC 7296 §1.2 has us name it in INVALID_KE_PAYLOAD.
        if let match = firstIKEMatch(offer, policies, requiredGroup: nil, rekeying: rekeying) {
            return .invalidKE(match.group)
        }
        return .noProposalChosen
    }

    /// Chooses the CHILD_SA's ESP transforms in IKE_AUTH, where no
    /// Diffie-Hellman takes place: KE transforms in the offer are ignored and
    /// none is answered (RFC 7296 §1.2).
    public static func selectESP(from offer: SecurityAssociationPayload, policies: [ESPProposalPolicy]) -> SelectedESPProposal? {
        for policy in policies {
            let matches = offer.proposals.compactMap { matchESP(policy, $0) }
            if let best = matches.min(by: { rank($0, in: policy).lexicographicallyPrecedes(rank($1, in: policy)) }) {
                return best
            }
        }
        return nil
    }

    /// Chooses a CHILD_SA's transforms in CREATE_CHILD_SA. With a KE from
    /// the peer (PFS), its group must be offered in the proposal and be one
    /// of `acceptableGroups`; without one, a proposal that offers no group
    /// (or NONE) is taken: we never demand PFS from a peer that does not
    /// use it (Windows' default), which would stop its traffic at the first
    /// rekey.
    public static func selectChildSA(from offer: SecurityAssociationPayload, policies: [ESPProposalPolicy],
                                     keyExchangeGroup: KeyExchangeMethodID?, acceptableGroups: [KeyExchangeGroup]) -> ChildSASelection {
        var alternative: KeyExchangeGroup?
        for policy in policies {
            var best: (proposal: SelectedESPProposal, group: KeyExchangeGroup?)?
            for proposal in offer.proposals {
                guard let match = matchESP(policy, proposal) else { continue }
                let offered = proposal.transforms(of: .keyExchange).map(\.id)
                let group: KeyExchangeGroup?
                if let keyExchangeGroup {
                    guard let peerGroup = KeyExchangeGroup(rawValue: keyExchangeGroup.rawValue), offered.contains(peerGroup.rawValue),
                          acceptableGroups.contains(peerGroup) else {
                        alternative = alternative ?? acceptableGroups.first { offered.contains($0.rawValue) }
                        continue
                    }
                    group = peerGroup
                } else {
                    guard offered.isEmpty || offered.contains(0) else { continue }
                    group = nil
                }
                if best.map({ rank(match, in: policy).lexicographicallyPrecedes(rank($0.proposal, in: policy)) }) ?? true {
                    best = (match, group)
                }
            }
            if let best { return .selected(best.proposal, group: best.group) }
        }
        return alternative.map { .invalidKE($0) } ?? .noProposalChosen
    }

    private static func firstIKEMatch(_ offer: SecurityAssociationPayload, _ policies: [IKEProposalPolicy],
                                      requiredGroup: KeyExchangeGroup?, rekeying: Bool) -> SelectedIKEProposal? {
        for policy in policies {
            let matches = offer.proposals.compactMap { matchIKE(policy, $0, requiredGroup: requiredGroup, rekeying: rekeying) }
            if let best = matches.min(by: { rank($0, in: policy).lexicographicallyPrecedes(rank($1, in: policy)) }) {
                return best
            }
        }
        return nil
    }

    /// Positions of a match's algorithms in the policy's preference lists.
    private static func rank(_ match: SelectedIKEProposal, in policy: IKEProposalPolicy) -> [Int] {
        [policy.encryption.firstIndex(of: match.suite.encryption) ?? .max,
         match.suite.integrity.flatMap { policy.integrity.firstIndex(of: $0) } ?? 0,
         policy.prf.firstIndex(of: match.suite.prf) ?? .max,
         policy.groups.firstIndex(of: match.group) ?? .max]
    }

    private static func rank(_ match: SelectedESPProposal, in policy: ESPProposalPolicy) -> [Int] {
        [policy.encryption.firstIndex(of: match.encryption) ?? .max,
         match.integrity.flatMap { policy.integrity.firstIndex(of: $0) } ?? 0,
         policy.extendedSequenceNumbers.firstIndex(of: match.extendedSequenceNumbers) ?? .max]
    }

    private static func matchIKE(_ policy: IKEProposalPolicy, _ proposal: Proposal, requiredGroup: KeyExchangeGroup?,
                                 rekeying: Bool) -> SelectedIKEProposal? {
        // IKE_SA_INIT proposals carry no SPI, a rekey's the new IKE SA's
        // (RFC 7296 §3.3.1), and a proposal with a transform type we do not
        // know is unacceptable (§3.3.6).
        guard proposal.protocolID == .ike, proposal.spi.count == (rekeying ? 8 : 0),
              proposal.transforms.allSatisfy({ [.encryption, .integrity, .pseudorandomFunction, .keyExchange].contains($0.type) }),
              let encryption = firstOffered(policy.encryption, in: proposal, EncryptionAlgorithm.init),
              let prf = firstOffered(policy.prf, in: proposal, PRFAlgorithm.init)
        else { return nil }
        let groups = requiredGroup.map { policy.groups.contains($0) ? [$0] : [] } ?? policy.groups
        guard let group = firstOffered(groups, in: proposal, KeyExchangeGroup.init),
              let integrity = chooseIntegrity(for: encryption, policy.integrity, in: proposal),
              let suite = try? IKECipherSuite(encryption: encryption, integrity: integrity.algorithm, prf: prf)
        else { return nil }
        return SelectedIKEProposal(number: proposal.number, suite: suite, group: group,
                                   peerSPI: proposal.spi.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    private static func matchESP(_ policy: ESPProposalPolicy, _ proposal: Proposal) -> SelectedESPProposal? {
        guard proposal.protocolID == .esp, proposal.spi.count == 4,
              proposal.transforms.allSatisfy({ [.encryption, .integrity, .keyExchange, .extendedSequenceNumbers].contains($0.type) }),
              let encryption = firstOffered(policy.encryption, in: proposal, EncryptionAlgorithm.init),
              let integrity = chooseIntegrity(for: encryption, policy.integrity, in: proposal)
        else { return nil }
        // ESN is mandatory for ESP (RFC 7296 §3.3.3), but a peer that leaves it
        // out can only mean 32-bit sequence numbers.
        let offeredESN = proposal.transforms(of: .extendedSequenceNumbers).map { $0.id == ExtendedSequenceNumbersID.enabled.rawValue }
        let esnOptions = offeredESN.isEmpty ? [false] : Array(offeredESN)
        guard let esn = policy.extendedSequenceNumbers.first(where: esnOptions.contains) else { return nil }
        let spi = proposal.spi.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return SelectedESPProposal(number: proposal.number, peerSPI: spi, encryption: encryption,
                                   integrity: integrity.algorithm, extendedSequenceNumbers: esn)
    }

    /// The first of `preferences` that the proposal offers.
    private static func firstOffered<T: Equatable>(_ preferences: [T], in proposal: Proposal, _ decode: (Transform) -> T?) -> T? {
        let offered = proposal.transforms.compactMap(decode)
        return preferences.first(where: offered.contains)
    }

    /// An integrity choice: an algorithm, or none (with AEAD).
    private struct IntegrityChoice {
        let algorithm: IntegrityAlgorithm?
    }

    /// No integrity for AEAD, whatever else the proposal offers (a proposal
    /// may mix AEAD and classic ciphers; RFC 5282 §8), else the first of our
    /// preferences offered; nil when nothing acceptable is offered.
    private static func chooseIntegrity(for encryption: EncryptionAlgorithm, _ preferences: [IntegrityAlgorithm],
                                        in proposal: Proposal) -> IntegrityChoice? {
        if encryption.isAEAD { return IntegrityChoice(algorithm: nil) }
        return firstOffered(preferences, in: proposal, IntegrityAlgorithm.init).map { IntegrityChoice(algorithm: $0) }
    }
}
