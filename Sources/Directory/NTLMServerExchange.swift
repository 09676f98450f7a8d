import IKECrypto
import IKEWire

/// One answer of `ntlm_auth --helper-protocol=ntlm-server-1`.
public enum NTLMServerReply: Sendable {
    /// `Authenticated: Yes` with `User-Session-Key: <32 hex digits>`: for
    /// MSCHAPv2 the key is MD4(NT hash), RFC 2759's PasswordHashHash.
    case authenticated(userSessionKey: SecretBytes)
    /// `Authenticated: No` with `Authentication-Error: <message>`; the status
    /// if the message is one `NTStatus` knows.
    case notAuthenticated(status: NTStatus?, message: String)
    /// `Error: <message>` (the helper refused the request's form) or `BH <message>`.
    case helperError(String)
}

/// Why a reply could not be read. None of these is the domain's answer: the
/// helper is out of step or not ntlm_auth, so the pool restarts it.
public enum NTLMServerExchangeError: Error, Sendable, Equatable {
    case emptyReply
    /// No `.` line ends the block.
    case unterminated
    case notUTF8
    case lineTooLong
    case tooManyLines
    /// A line that is neither `Key: value` nor an error line.
    case malformedLine
    case unexpectedField(String)
    case duplicateField(String)
    case missingField(String)
    /// `User-Session-Key` is not 16 octets in hex.
    case malformedSessionKey
    /// `Authenticated:` is neither `Yes` nor `No`.
    case malformedAuthenticated
    /// Something after the block's `.`.
    case trailingData
}

/// The ntlm-server-1 line protocol of Samba's `ntlm_auth` (source3/utils/ntlm_auth.c,
/// `manage_ntlm_server_1_request`).
///
/// A request is `Key: value` lines ended by a line `.`; a value that is
/// not plain printable ASCII, or contains `:`, goes as `Key:: base64` (the
/// helper finds the first `:: ` or else the first `: ` in the line and
/// base64-decodes after `:: `; it keeps values as C strings, so NUL cannot
/// be sent at all). The reply is a block of lines ended by `.`:
///
///     Authenticated: Yes                Authenticated: No
///     User-Session-Key: F536E5...       Authentication-Error: <Samba's message>
///     .                                 .
///                                       .      <- a second, empty block
///
/// or `Error: ...` and `.` for a request it could not use. After a refusal
/// Samba 4.17 prints the `.` twice (once with the error, once when it clears
/// its state), so a reader skips empty blocks before a reply.
public enum NTLMServerExchange {
    /// The longest reply line read (a Samba message is < 300 characters).
    public static let maximumLineLength = 2048
    /// The most lines in one reply block.
    public static let maximumLines = 16

    public enum RequestError: Error, Sendable, Equatable {
        /// The user name is empty or holds a newline, carriage return or NUL.
        case invalidUserName
        /// The domain holds a newline, carriage return or NUL.
        case invalidDomain
        /// The challenge is not 8 octets or the NT-Response not 24.
        case invalidLength
    }

    /// The request block for an MSCHAPv2 response, asking for the user
    /// session key. `challengeHash` is RFC 2759's ChallengeHash (8 octets),
    /// `ntResponse` its NT-Response (24). A nil or empty domain is left out
    /// (the helper then uses its smb.conf's workgroup).
    public static func encodeRequest(userName: String, domain: String?, challengeHash: [UInt8], ntResponse: [UInt8]) throws(RequestError) -> [UInt8] {
        guard !userName.isEmpty, !hasLineBreakOrNUL(userName) else { throw .invalidUserName }
        if let domain, hasLineBreakOrNUL(domain) { throw .invalidDomain }
        guard challengeHash.count == 8, ntResponse.count == 24 else { throw .invalidLength }
        var text = field("Username", userName)
        if let domain, !domain.isEmpty { text += field("NT-Domain", domain) }
        text += "LANMAN-Challenge: \(Hex.string(challengeHash))\n"
        text += "NT-Response: \(Hex.string(ntResponse))\n"
        text += "Request-User-Session-Key: Yes\n.\n"
        return Array(text.utf8)
    }

    /// One `Key: value` line, or `Key:: base64` for a value the plain form
    /// cannot carry.
    static func field(_ key: String, _ value: String) -> String {
        let plain = value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
            && value.first != " " && value.last != " "
        return plain ? "\(key): \(value)\n" : "\(key):: \(Base64.encode(Array(value.utf8)))\n"
    }

    static func hasLineBreakOrNUL(_ value: String) -> Bool {
        value.utf8.contains { $0 == 0x0A || $0 == 0x0D || $0 == 0 }
    }

    /// Decodes the reply in `bytes`: any empty blocks (lone `.` lines), then
    /// one block ended by `.`, then nothing but empty blocks.
    public static func decodeReply(_ bytes: [UInt8]) throws(NTLMServerExchangeError) -> NTLMServerReply {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in bytes {
            if byte == 0x0A {
                lines.append(current)
                current = []
            } else {
                current.append(byte)
                if current.count > maximumLineLength { throw .lineTooLong }
            }
        }
        if !current.isEmpty { throw lines.contains([UInt8(ascii: ".")]) ? .trailingData : .unterminated }
        var strings: [String] = []
        for line in lines {
            guard let string = String(validating: line, as: UTF8.self) else { throw .notUTF8 }
            strings.append(string)
        }
        while strings.first == "." { strings.removeFirst() }
        guard let end = strings.firstIndex(of: ".") else { throw strings.isEmpty ? .emptyReply : .unterminated }
        // Samba's second "." after a refusal: empty blocks may follow, nothing else
        guard strings[(end + 1)...].allSatisfy({ $0 == "." }) else { throw .trailingData }
        return try decodeBlock(Array(strings[..<end]))
    }

    /// Decodes one reply block, without its `.` line.
    public static func decodeBlock(_ lines: [String]) throws(NTLMServerExchangeError) -> NTLMServerReply {
        guard let first = lines.first else { throw .emptyReply }
        guard lines.count <= maximumLines else { throw .tooManyLines }
        guard lines.allSatisfy({ $0.utf8.count <= maximumLineLength }) else { throw .lineTooLong }
        if first.hasPrefix("Error:") || first == "BH" || first.hasPrefix("BH ") {
            guard lines.count == 1 else { throw .unexpectedField("after an error line") }
            let message = first.hasPrefix("Error:") ? first.dropFirst("Error:".count) : first.dropFirst(2)
            return .helperError(String(message).trimmingSpaces)
        }
        var fields: [String: String] = [:]
        var order: [String] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw .malformedLine }
            let key = String(line[..<colon])
            guard !key.isEmpty, key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .malformedLine }
            var value = line[line.index(after: colon)...]
            guard value.first == " " || value.isEmpty else { throw .malformedLine }
            if value.first == " " { value = value.dropFirst() }
            guard fields[key] == nil else { throw .duplicateField(key) }
            fields[key] = String(value)
            order.append(key)
        }
        guard order.first == "Authenticated" else { throw .missingField("Authenticated") }
        switch fields["Authenticated"] {
        case "Yes":
            for key in order.dropFirst() where key != "User-Session-Key" && key != "LANMAN-Session-Key" {
                throw .unexpectedField(key)
            }
            guard let hex = fields["User-Session-Key"] else { throw .missingField("User-Session-Key") }
            guard let key = Hex.bytes(hex), key.count == 16 else { throw .malformedSessionKey }
            return .authenticated(userSessionKey: SecretBytes(key))
        case "No":
            for key in order.dropFirst() where key != "Authentication-Error" { throw .unexpectedField(key) }
            guard let message = fields["Authentication-Error"] else { throw .missingField("Authentication-Error") }
            let trimmed = message.trimmingSpaces
            return .notAuthenticated(status: NTStatus(sambaMessage: trimmed), message: trimmed)
        default:
            throw .malformedAuthenticated
        }
    }
}
