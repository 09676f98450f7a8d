import Credentials
import EAP
import IKEWire
import RADIUS

/// What an Access-Accept grants (RFC 2865 §5, RFC 2548, RFC 6911), read
/// into an ``Authorization``. Only an Accept is read: attributes in an
/// Access-Challenge grant nothing.
enum AccessAcceptAuthorization {
    /// Why an Accept cannot be honoured; the user is refused.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// Acct-Interim-Interval values below this are raised to it: RFC 2869
    /// §5.16 says the value SHOULD NOT be below 60 s, and a typo of 1 s
    /// would flood the accounting server.
    static let shortestInterimInterval: Duration = .seconds(10)

    static func read(_ accept: RADIUSPacket, identity: [UInt8], normalizer: UserNameNormalizer,
                     filters: [String: FilterPolicy]) -> Result<Authorization, Refusal> {
        do {
            return .success(try authorization(accept, identity: identity, normalizer: normalizer, filters: filters))
        } catch let refusal as Refusal {
            return .failure(refusal)
        } catch {
            return .failure(Refusal(description: "malformed Access-Accept: \(error)"))
        }
    }

    private static func authorization(_ accept: RADIUSPacket, identity: [UInt8], normalizer: UserNameNormalizer,
                                      filters: [String: FilterPolicy]) throws -> Authorization {
        let identityText = String(decoding: identity, as: UTF8.self)
        // The Accept's User-Name, if any, is the one accounting must use
        // (RFC 2865 §5.1); leases and uniqueness key on the EAP identity.
        let radiusName = try accept.first(.userName)?.text()
        var authorization = Authorization(userName: normalizer.normalize(identityText))
        authorization.accounting.userName = radiusName ?? identityText
        authorization.accounting.classes = accept.attributes(ofType: .class).map(\.value)
        if let interval = try accept.first(.acctInterimInterval)?.integer(), interval > 0 {
            authorization.accounting.interimInterval = max(.seconds(interval), shortestInterimInterval)
        }
        if let framed = try accept.first(.framedIPAddress)?.ipv4Address() {
            // RFC 2865 §5.8: 255.255.255.255 lets the user choose (the pool
            // honours the address the client asks for if it is free),
            // 255.255.255.254 has the NAS pick from its pool.
            if framed != IPv4Address(bytes: [255, 255, 255, 255]), framed != IPv4Address(bytes: [255, 255, 255, 254]) {
                authorization.staticAddress = framed
            }
        }
        authorization.staticAddress6 = try accept.first(.framedIPv6Address)?.ipv6Address()
        let framedPool = try accept.first(.framedPool)?.text()
        if let seconds = try accept.first(.sessionTimeout)?.integer(), seconds > 0 {
            authorization.sessionTimeout = .seconds(seconds)
        }
        for filter in try accept.attributes(ofType: .filterID).map({ try $0.text() }) {
            guard let policy = filters[filter] else {
                throw Refusal(description: "Filter-Id \(filter.prefix(64)) is not configured (authentication.radius.filter-ids)")
            }
            if let pool = policy.pool { authorization.pool = pool }
            if let name = policy.policy { authorization.policy = name }
        }
        // Framed-Pool names the pool directly, so it wins over a filter's.
        if let framedPool { authorization.pool = framedPool }
        let microsoft = try accept.vendorSpecific(RADIUSVendorSpecific.microsoft)
        let dns = try [MicrosoftAttributeType.primaryDNSServer, .secondaryDNSServer].flatMap { type in
            try microsoft.flatMap { $0.values(ofType: type.rawValue) }.map { value in
                guard let address = IPv4Address(bytes: value) else {
                    throw Refusal(description: "\(type) of \(value.count) octets is not an IPv4 address")
                }
                return address
            }
        }
        if !dns.isEmpty { authorization.dnsServers = dns }
        return authorization
    }
}
