/// SA payload (RFC 7296 §3.3): the proposals on offer, or the one accepted.
public struct SecurityAssociationPayload: PayloadBody {
    /// The proposals, in the sender's order of preference.
    public var proposals: [Proposal]

    public init(proposals: [Proposal]) {
        self.proposals = proposals
    }

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> SecurityAssociationPayload {
        var reader = ByteReader(body)
        var proposals: [Proposal] = []
        proposals.reserveCapacity(ByteReader.countStructures(in: body))
        var sawLast = false
        while !reader.isEmpty {
            guard !sawLast else { throw IKEDecodingError(.lengthMismatch) }
            let (proposal, isLast) = try Proposal.decode(from: &reader)
            proposals.append(proposal)
            sawLast = isLast
        }
        // An SA payload holds at least one proposal, and the last one says so.
        guard sawLast else { throw IKEDecodingError(.truncated) }
        return SecurityAssociationPayload(proposals: proposals)
    }

    var bodyLength: Int { proposals.reduce(0) { $0 + $1.encodedLength } }

    func encodeBody(into writer: inout ByteWriter) {
        for (index, proposal) in proposals.enumerated() {
            proposal.encode(into: &writer, isLast: index == proposals.count - 1)
        }
    }
}
