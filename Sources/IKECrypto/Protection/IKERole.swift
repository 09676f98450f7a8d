/// Which end of an IKE SA we are: the original initiator or the responder.
/// It decides which keys protect which direction (RFC 7296 §2.14).
public enum IKERole: Hashable, Sendable {
    /// The peer that sent the first IKE_SA_INIT request.
    case initiator
    /// The peer that answered it.
    case responder
}
