import Foundation

/// The netlink messages a command sent, read from strace's log.
///
/// strace prints a netlink message as its decoded header (`{nlmsg_len=…,
/// nlmsg_type=…, …}`) followed by the rest as a string; `-X raw` makes it
/// print the type and flags as numbers, `-xx` every octet as `\xHH` and
/// `-s 65535` the whole string. The message is rebuilt from those: the
/// header fields in host order, then the octets.
enum StraceCapture {
    static func messages(in log: String) throws -> [[UInt8]] {
        var messages: [[UInt8]] = []
        for line in log.split(separator: "\n") where line.contains("sendmsg(") || line.contains("sendto(") {
            var rest = Substring(line)
            while let start = rest.range(of: "{nlmsg_len=") {
                rest = rest[start.upperBound...]
                let length = try number(&rest, until: ", nlmsg_type=")
                let type = try number(&rest, until: ", nlmsg_flags=")
                let flags = try number(&rest, until: ", nlmsg_seq=")
                let sequence = try number(&rest, until: ", nlmsg_pid=")
                let portID = try number(&rest, until: "}, \"")
                guard let end = rest.firstIndex(of: "\"") else { throw failure("unterminated string in \(line.prefix(200))") }
                let escaped = rest[..<end]
                rest = rest[end...]
                guard !rest.hasPrefix("\"...") else { throw failure("strace cut the message: raise -s") }
                var message = NetlinkBytes()
                message.u32(UInt32(length))
                message.u16(UInt16(type))
                message.u16(UInt16(flags))
                message.u32(UInt32(sequence))
                message.u32(UInt32(portID))
                message.raw(try octets(escaped))
                guard message.bytes.count == length else {
                    throw failure("nlmsg_len \(length) but \(message.bytes.count) octets printed: did strace decode the body?")
                }
                messages.append(message.bytes)
            }
        }
        return messages
    }

    /// A decimal or 0x-prefixed number up to `separator`.
    private static func number(_ text: inout Substring, until separator: String) throws -> Int {
        guard let range = text.range(of: separator) else { throw failure("expected \(separator) in \(text.prefix(80))") }
        let field = text[..<range.lowerBound]
        text = text[range.upperBound...]
        let value = field.hasPrefix("0x") ? Int(field.dropFirst(2), radix: 16) : Int(field)
        guard let value else { throw failure("not a number: \(field) (strace without -X raw?)") }
        return value
    }

    /// `\xHH\xHH…` to octets.
    private static func octets(_ escaped: Substring) throws -> [UInt8] {
        let pieces = escaped.split(separator: "\\", omittingEmptySubsequences: true)
        return try pieces.map { piece in
            guard piece.count == 3, piece.first == "x", let byte = UInt8(piece.dropFirst(), radix: 16) else {
                throw failure("unexpected string escape \\\(piece) (strace without -xx?)")
            }
            return byte
        }
    }

    private static func failure(_ text: String) -> Command.Failure { Command.Failure(description: text) }
}
