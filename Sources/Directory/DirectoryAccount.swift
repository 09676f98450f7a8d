import EAP
import IKEWire

/// What a user's entry says about the account itself, beyond its password:
/// Active Directory's account state and dial-in settings (MS-ADTS), or the
/// Samba schema's `sambaAcctFlags`, read when present and ignored on
/// directories that have none.
///
/// `ntlm_auth` and simple binds already refuse disabled and locked-out
/// accounts; the entry is checked as well so every method (an NT hash from
/// the directory included) gets the same answer and the log says why.
/// Nothing enforces `msNPAllowDialin` but the gateway (winbind, ntlm_auth
/// and FreeRADIUS ignore it).
public struct DirectoryAccount: Sendable, Hashable {
    /// `userAccountControl` bits (MS-ADTS §2.2.16).
    public enum Flag {
        public static let accountDisabled: UInt32 = 0x2
        public static let lockout: UInt32 = 0x10
        public static let passwordExpired: UInt32 = 0x80_0000
    }

    /// The attributes to ask for. `msDS-User-Account-Control-Computed` is
    /// constructed, so it only comes back when asked for by name.
    public static let attributes = ["userAccountControl", "msDS-User-Account-Control-Computed", "msNPAllowDialin",
                                    "msRADIUSFramedIPAddress", "sambaAcctFlags"]

    public var userAccountControl: UInt32?
    /// `msDS-User-Account-Control-Computed`: the lockout (0x10) and expired
    /// password (0x800000) as they stand now. `userAccountControl` does not
    /// show a lockout, and `lockoutTime` stays set after it has expired.
    public var computedControl: UInt32?
    /// `msNPAllowDialin`: nil when unset ("control access through the NPS
    /// network policy"), which the gateway treats as allowed.
    public var allowDialIn: Bool?
    /// `msRADIUSFramedIPAddress`, stored as a **signed** 32-bit integer.
    public var framedAddress: IPv4Address?
    /// The Samba schema's `sambaAcctFlags` letters (`[UX         ]`): D
    /// disabled, L locked out.
    public var sambaFlags: Set<Character>

    public init(userAccountControl: UInt32? = nil, computedControl: UInt32? = nil, allowDialIn: Bool? = nil,
                framedAddress: IPv4Address? = nil, sambaFlags: Set<Character> = []) {
        self.userAccountControl = userAccountControl
        self.computedControl = computedControl
        self.allowDialIn = allowDialIn
        self.framedAddress = framedAddress
        self.sambaFlags = sambaFlags
    }

    /// Reads the attributes from an entry; malformed values are reported
    /// rather than read as "no restriction".
    public init(entry: LDAPEntry) throws(DirectoryAccountError) {
        userAccountControl = try Self.integer(entry, "userAccountControl").map { UInt32(bitPattern: $0) }
        computedControl = try Self.integer(entry, "msDS-User-Account-Control-Computed").map { UInt32(bitPattern: $0) }
        switch entry.values("msNPAllowDialin").first.map({ String(decoding: $0, as: UTF8.self) }) {
        case nil: allowDialIn = nil
        case "TRUE": allowDialIn = true
        case "FALSE": allowDialIn = false
        case let other?: throw DirectoryAccountError(attribute: "msNPAllowDialin", value: other)
        }
        framedAddress = try Self.integer(entry, "msRADIUSFramedIPAddress").flatMap(Self.framedAddress)
        sambaFlags = []
        if let raw = entry.values("sambaAcctFlags").first {
            let text = String(decoding: raw, as: UTF8.self)
            guard text.first == "[", text.last == "]" else { throw DirectoryAccountError(attribute: "sambaAcctFlags", value: String(text.prefix(16))) }
            sambaFlags = Set(text.dropFirst().dropLast().filter { $0 != " " })
        }
    }

    /// The address an `msRADIUSFramedIPAddress` value stands for: the
    /// signed integer's two's-complement bits in network order
    /// (-969710585 = 0xC6336407 = 198.51.100.7). 0.0.0.0, 255.255.255.255
    /// and 255.255.255.254 are no address: RADIUS's "the NAS assigns one"
    /// and "the user may choose" (RFC 2865 §5.8), as NPS uses them.
    public static func framedAddress(_ value: Int32) -> IPv4Address? {
        let bits = UInt32(bitPattern: value)
        guard bits != 0, bits < 0xFFFF_FFFE else { return nil }
        return IPv4Address(rawValue: bits)
    }

    /// Why the account may not log in now, if it may not.
    public var refusal: CredentialRefusal? {
        let control = userAccountControl ?? 0, computed = computedControl ?? 0
        if control & Flag.accountDisabled != 0 || sambaFlags.contains("D") { return .accountDisabled }
        if (control | computed) & Flag.lockout != 0 || sambaFlags.contains("L") { return .lockedOut }
        if (control | computed) & Flag.passwordExpired != 0 { return .passwordExpired }
        if allowDialIn == false { return .dialInDenied }
        return nil
    }

    /// An LDAP Integer (RFC 4517 §3.3.16) that fits 32 bits, signed (AD
    /// writes flags above 0x7FFFFFFF as negative numbers too).
    private static func integer(_ entry: LDAPEntry, _ attribute: String) throws(DirectoryAccountError) -> Int32? {
        guard let raw = entry.values(attribute).first else { return nil }
        let text = String(decoding: raw, as: UTF8.self)
        if let value = Int32(text) { return value }
        if let value = UInt32(text) { return Int32(bitPattern: value) }
        throw DirectoryAccountError(attribute: attribute, value: String(text.prefix(32)))
    }
}

/// An account attribute whose value the gateway cannot read.
public struct DirectoryAccountError: Error, Sendable, CustomStringConvertible {
    public let attribute: String
    public let value: String

    public var description: String { "\(attribute) has the unreadable value '\(value)'" }
}
