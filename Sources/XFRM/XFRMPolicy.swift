/// A security policy (struct xfrm_userpolicy_info with one XFRMA_TMPL): the
/// packets matching `selector` in `direction` are allowed only through an ESP
/// tunnel as `template` describes.
///
/// The action is always XFRM_POLICY_ALLOW (the template does the
/// protecting), the policy type is the main one (no XFRMA_POLICY_TYPE), and
/// the kernel chooses the index. A policy is identified by selector and
/// direction, which is what `XFRMSocket.delete(policy:)` sends.
public struct XFRMPolicy: Hashable, Sendable, CustomStringConvertible {
    public let selector: XFRMSelector
    public let direction: XFRMPolicyDirection
    /// Lower values win when several policies match.
    public let priority: UInt32
    public let template: XFRMTemplate

    public init(selector: XFRMSelector, direction: XFRMPolicyDirection, priority: UInt32 = 0, template: XFRMTemplate) {
        self.selector = selector
        self.direction = direction
        self.priority = priority
        self.template = template
    }

    public var description: String { "\(selector) dir \(direction) priority \(priority) \(template)" }
}
