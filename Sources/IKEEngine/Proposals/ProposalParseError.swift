/// Why a proposal string was rejected, for configuration errors that say
/// what would be valid.
public struct ProposalParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The proposal string.
    public let proposal: String
    /// What is wrong with it.
    public let reason: String

    public var description: String { "proposal \"\(proposal)\": \(reason)" }
}
