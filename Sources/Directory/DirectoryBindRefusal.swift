import EAP

/// What a refused simple bind as the user means.
///
/// Every refusal is `invalidCredentials` (49, RFC 4511 §4.2.2); Active
/// Directory (and Samba's AD DC) says why in the diagnostic message as
/// `AcceptSecurityContext error, data XXX` with a Win32 error code in hex.
enum DirectoryBindRefusal {
    static func refusal(diagnostic message: String) -> CredentialRefusal {
        let lowered = message.lowercased()
        guard let range = lowered.range(of: "data ") else { return .wrongPassword }
        let code = lowered[range.upperBound...].prefix { $0.isHexDigit }
        return switch code {
        case "52e", "525": .wrongPassword        // ERROR_LOGON_FAILURE, ERROR_NO_SUCH_USER
        case "530", "531": .denied("logon hours or workstation not allowed")
        case "532": .passwordExpired             // ERROR_PASSWORD_EXPIRED
        case "533": .accountDisabled             // ERROR_ACCOUNT_DISABLED
        case "701": .accountExpired              // ERROR_ACCOUNT_EXPIRED
        case "773": .passwordMustChange          // ERROR_PASSWORD_MUST_CHANGE
        case "775": .lockedOut                   // ERROR_ACCOUNT_LOCKED_OUT
        default: .wrongPassword
        }
    }
}
