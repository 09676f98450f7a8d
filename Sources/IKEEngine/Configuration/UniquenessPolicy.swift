/// What happens when a user who already has an IKE SA authenticates again
/// (RFC 7296 §2.4). Windows sends INITIAL_CONTACT on every connect, after
/// sleep or a network change too, so its stale SAs go in every policy but
/// `never`.
public enum UniquenessPolicy: String, Sendable, CaseIterable {
    /// The new SA replaces the user's older ones (strongSwan's
    /// `uniqueids = replace`): one tunnel per user.
    case replace
    /// The new SA is refused while the user has one, unless it carries
    /// INITIAL_CONTACT, which asserts the old ones are stale.
    case keep
    /// Any number of SAs per user; INITIAL_CONTACT is ignored.
    case never
}
