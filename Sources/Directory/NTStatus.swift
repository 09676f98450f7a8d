/// An NT status code as Samba's `ntlm_auth` reports a refused logon.
///
/// The ntlm-server-1 helper protocol carries no code, only Samba's
/// "friendly" message (`Authentication-Error: <message>`), so `init?(sambaMessage:)`
/// maps the messages of the statuses a logon can end with back to their
/// codes (checked against Samba 4.17's `get_friendly_nt_error_msg`).
public struct NTStatus: Sendable, Hashable, CustomStringConvertible {
    public let code: UInt32

    public init(code: UInt32) { self.code = code }

    public static let logonFailure = NTStatus(code: 0xC000_006D)
    public static let wrongPassword = NTStatus(code: 0xC000_006A)
    public static let noSuchUser = NTStatus(code: 0xC000_0064)
    public static let accountDisabled = NTStatus(code: 0xC000_0072)
    public static let accountLockedOut = NTStatus(code: 0xC000_0234)
    public static let passwordMustChange = NTStatus(code: 0xC000_0224)
    public static let passwordExpired = NTStatus(code: 0xC000_0071)
    public static let accountExpired = NTStatus(code: 0xC000_0193)
    public static let accountRestriction = NTStatus(code: 0xC000_006E)
    public static let invalidLogonHours = NTStatus(code: 0xC000_006F)
    public static let invalidWorkstation = NTStatus(code: 0xC000_0070)
    public static let logonTypeNotGranted = NTStatus(code: 0xC000_015B)
    public static let accessDenied = NTStatus(code: 0xC000_0022)
    public static let invalidParameter = NTStatus(code: 0xC000_000D)
    public static let unsuccessful = NTStatus(code: 0xC000_0001)
    public static let noLogonServers = NTStatus(code: 0xC000_005E)
    public static let noSuchDomain = NTStatus(code: 0xC000_00DF)
    public static let noTrustLSASecret = NTStatus(code: 0xC000_018A)
    public static let noTrustSAMAccount = NTStatus(code: 0xC000_018B)
    public static let trustedDomainFailure = NTStatus(code: 0xC000_018C)
    public static let trustedRelationshipFailure = NTStatus(code: 0xC000_018D)
    public static let ioTimeout = NTStatus(code: 0xC000_00B5)
    public static let internalError = NTStatus(code: 0xC000_00E5)
    public static let noMemory = NTStatus(code: 0xC000_0017)

    private struct Known {
        let name: String
        let meaning: String
        let sambaMessage: String
    }

    private static let known: [UInt32: Known] = [
        0xC000_006D: Known(name: "NT_STATUS_LOGON_FAILURE", meaning: "wrong password or unknown user (or not in --require-membership-of)",
                           sambaMessage: "The attempted logon is invalid. This is either due to a bad username or authentication information."),
        0xC000_006A: Known(name: "NT_STATUS_WRONG_PASSWORD", meaning: "wrong password",
                           sambaMessage: "When trying to update a password, this return status indicates that the value provided as the current password is not correct."),
        0xC000_0064: Known(name: "NT_STATUS_NO_SUCH_USER", meaning: "unknown user",
                           sambaMessage: "The specified account does not exist."),
        0xC000_0072: Known(name: "NT_STATUS_ACCOUNT_DISABLED", meaning: "account disabled",
                           sambaMessage: "The referenced account is currently disabled and cannot be logged on to."),
        0xC000_0234: Known(name: "NT_STATUS_ACCOUNT_LOCKED_OUT", meaning: "account locked out",
                           sambaMessage: "The user account has been automatically locked because too many invalid logon attempts or password change attempts have been requested."),
        0xC000_0224: Known(name: "NT_STATUS_PASSWORD_MUST_CHANGE", meaning: "password must be changed",
                           sambaMessage: "The user password must be changed before logging on the first time."),
        0xC000_0071: Known(name: "NT_STATUS_PASSWORD_EXPIRED", meaning: "password expired",
                           sambaMessage: "The user account password has expired."),
        0xC000_0193: Known(name: "NT_STATUS_ACCOUNT_EXPIRED", meaning: "account expired",
                           sambaMessage: "The user account has expired."),
        0xC000_006E: Known(name: "NT_STATUS_ACCOUNT_RESTRICTION", meaning: "account restriction",
                           sambaMessage: "Indicates a referenced user name and authentication information are valid, but some user account restriction has prevented successful authentication (such as time-of-day restrictions)."),
        0xC000_006F: Known(name: "NT_STATUS_INVALID_LOGON_HOURS", meaning: "outside the account's logon hours",
                           sambaMessage: "The user account has time restrictions and cannot be logged onto at this time."),
        0xC000_0070: Known(name: "NT_STATUS_INVALID_WORKSTATION", meaning: "workstation restriction",
                           sambaMessage: "The user account is restricted so that it cannot be used to log on from the source workstation."),
        0xC000_015B: Known(name: "NT_STATUS_LOGON_TYPE_NOT_GRANTED", meaning: "logon type not granted",
                           sambaMessage: "A user has requested a type of logon (for example, interactive or network) that has not been granted. An administrator has control over who can logon interactively and through the network."),
        0xC000_0022: Known(name: "NT_STATUS_ACCESS_DENIED", meaning: "access denied",
                           sambaMessage: "{Access Denied} A process has requested access to an object but has not been granted those access rights."),
        0xC000_000D: Known(name: "NT_STATUS_INVALID_PARAMETER", meaning: "invalid parameter",
                           sambaMessage: "An invalid parameter was passed to a service or function."),
        0xC000_0001: Known(name: "NT_STATUS_UNSUCCESSFUL", meaning: "unsuccessful (winbindd not reachable?)",
                           sambaMessage: "{Operation Failed} The requested operation was unsuccessful."),
        0xC000_005E: Known(name: "NT_STATUS_NO_LOGON_SERVERS", meaning: "no domain controller reachable",
                           sambaMessage: "No logon servers are currently available to service the logon request."),
        0xC000_00DF: Known(name: "NT_STATUS_NO_SUCH_DOMAIN", meaning: "unknown domain",
                           sambaMessage: "The specified domain did not exist."),
        0xC000_018A: Known(name: "NT_STATUS_NO_TRUST_LSA_SECRET", meaning: "this host's domain membership is broken",
                           sambaMessage: "The workstation does not have a trust secret for the primary domain in the local LSA database."),
        0xC000_018B: Known(name: "NT_STATUS_NO_TRUST_SAM_ACCOUNT", meaning: "this host's machine account is missing",
                           sambaMessage: "The SAM database on the Windows Server does not have a computer account for this workstation trust relationship."),
        0xC000_018C: Known(name: "NT_STATUS_TRUSTED_DOMAIN_FAILURE", meaning: "trusted domain failure",
                           sambaMessage: "The logon request failed because the trust relationship between the primary domain and the trusted domain failed."),
        0xC000_018D: Known(name: "NT_STATUS_TRUSTED_RELATIONSHIP_FAILURE", meaning: "trust relationship failure",
                           sambaMessage: "The logon request failed because the trust relationship between this workstation and the primary domain failed."),
        0xC000_00B5: Known(name: "NT_STATUS_IO_TIMEOUT", meaning: "time-out talking to the domain controller",
                           sambaMessage: "{Device Timeout} The specified I/O operation on %hs was not completed before the time-out period expired."),
        0xC000_00E5: Known(name: "NT_STATUS_INTERNAL_ERROR", meaning: "internal error",
                           sambaMessage: "An internal error occurred."),
        0xC000_0017: Known(name: "NT_STATUS_NO_MEMORY", meaning: "out of memory",
                           sambaMessage: "{Not Enough Quota} Not enough virtual memory or paging file quota is available to complete the specified operation."),
    ]

    private static let byMessage: [String: UInt32] = {
        var table: [String: UInt32] = [:]
        for (code, entry) in known { table[entry.sambaMessage] = code }
        // ntlm_auth's own message when winbindd does not answer (its socket
        // is missing or winbindd died); the status behind it is UNSUCCESSFUL.
        table["Reading winbind reply failed!"] = 0xC000_0001
        return table
    }()

    /// The status whose Samba message this is; also accepts a message that
    /// names the status (`NT_STATUS_ACCOUNT_DISABLED`) or ends with its hex
    /// code in parentheses (`... (0xc0000072)`), as other Samba versions print.
    public init?(sambaMessage message: String) {
        let trimmed = message.trimmingSpaces
        if let code = Self.byMessage[trimmed] {
            self.init(code: code)
            return
        }
        if let code = Self.known.first(where: { $0.value.name == trimmed || trimmed.hasPrefix($0.value.name + ":") || trimmed.hasPrefix($0.value.name + " ") })?.key {
            self.init(code: code)
            return
        }
        if trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") {
            let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            if inner.count == 10, inner.lowercased().hasPrefix("0x"), let code = UInt32(inner.dropFirst(2), radix: 16) {
                self.init(code: code)
                return
            }
        }
        return nil
    }

    /// `NT_STATUS_ACCOUNT_DISABLED`, or the hex code for a status not in the table.
    public var name: String { Self.known[code]?.name ?? hex }

    /// The code as Windows writes it: `0xC0000072`.
    public var hex: String {
        let digits = String(code, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// What it means for a log-in, in a few words.
    public var meaning: String { Self.known[code]?.meaning ?? "NT status \(hex)" }

    /// True for the statuses that say the domain could not be asked (no
    /// domain controller, a time-out talking to it, a broken trust): an
    /// outage a credential chain may fall back on. Not UNSUCCESSFUL (which
    /// is also "Reading winbind reply failed!": winbindd is not running on
    /// this host), INTERNAL_ERROR or NO_MEMORY: this host's trouble, which
    /// must not send everyone to the secrets file.
    public var isOutage: Bool {
        switch self {
        case .noLogonServers, .ioTimeout, .noTrustLSASecret, .noTrustSAMAccount,
             .trustedDomainFailure, .trustedRelationshipFailure:
            return true
        default:
            return false
        }
    }

    public var description: String { "\(name) (\(hex)): \(meaning)" }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\r" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}
