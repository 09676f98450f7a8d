import Directory
import IKECrypto
import IKEWire

/// What the ntlm_auth reply fuzzer checks for one input. The first octet
/// chooses a mode:
///
/// - even: the rest is what a helper wrote. `NTLMServerExchange.decodeReply`
///   either throws an `NTLMServerExchangeError` or returns a reply: a
///   session key of exactly 16 octets, or a refusal whose status (if any)
///   names itself. Decoding twice gives the same answer.
/// - odd: the rest, split at the first 0 octet, is a user name and domain
///   for `encodeRequest`. It either refuses them (empty name, line breaks or
///   NUL) or writes a request in which every line is `Key: value` or
///   `Key:: base64` as Samba's parser splits them, the base64 decodes back
///   to the value, and a single `.` ends it.
///
/// Nothing may trap. The regression tests replay saved inputs through ``run(_:)``.
public enum NTLMReplyFuzzCheck {
    public static func run(_ input: [UInt8]) {
        guard let mode = input.first else { return }
        let rest = Array(input.dropFirst())
        if mode & 1 == 0 { checkReply(rest) } else { checkRequest(rest) }
    }

    static func summary(_ reply: NTLMServerReply) -> String {
        switch reply {
        case .authenticated(let key):
            precondition(key.count == 16, "a session key of \(key.count) octets")
            return "yes"
        case .notAuthenticated(let status, let message):
            if let status { precondition(!status.name.isEmpty && status.hex.count == 10) }
            return "no \(status?.code ?? 0) \(message)"
        case .helperError(let message):
            return "error \(message)"
        }
    }

    static func checkReply(_ bytes: [UInt8]) {
        let first: String
        do throws(NTLMServerExchangeError) {
            first = summary(try NTLMServerExchange.decodeReply(bytes))
        } catch {
            first = "\(error)"
        }
        let second: String
        do throws(NTLMServerExchangeError) {
            second = summary(try NTLMServerExchange.decodeReply(bytes))
        } catch {
            second = "\(error)"
        }
        precondition(first == second, "decoded differently twice")
    }

    static func checkRequest(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
        let user = String(decoding: parts.first ?? [], as: UTF8.self)
        let domain = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : nil
        let request: [UInt8]
        do throws(NTLMServerExchange.RequestError) {
            request = try NTLMServerExchange.encodeRequest(userName: user, domain: domain,
                                                           challengeHash: Array(repeating: 1, count: 8),
                                                           ntResponse: Array(repeating: 2, count: 24))
        } catch {
            return
        }
        let lines = request.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        precondition(lines.suffix(2) == [".", ""], "a request ends with a single . line")
        var values: [String: String] = [:]
        for line in lines.dropLast(2) {
            precondition(line != ".", "a . line inside the request")
            // Samba: the first ":: " marks base64, else the first ": "
            if let range = line.range(of: ":: ") {
                let key = String(line[..<range.lowerBound])
                guard let decoded = Base64.decode(Array(line[range.upperBound...].utf8)) else {
                    preconditionFailure("bad base64 in \(key)")
                }
                values[key] = String(decoding: decoded, as: UTF8.self)
            } else if let range = line.range(of: ": ") {
                values[String(line[..<range.lowerBound])] = String(line[range.upperBound...])
            } else {
                preconditionFailure("a line Samba cannot split")
            }
        }
        precondition(values["Username"] == user, "the user name does not survive")
        if let domain, !domain.isEmpty { precondition(values["NT-Domain"] == domain, "the domain does not survive") }
        precondition(values["Request-User-Session-Key"] == "Yes")
    }
}
