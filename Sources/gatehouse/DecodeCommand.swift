import ArgumentParser
import Foundation
import IKEWire

/// `gatehouse decode`: prints an IKE message from a capture, for diagnosing
/// what a client actually sent.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode an IKEv2 message (raw bytes or hex, e.g. from tcpdump -x or Wireshark's 'Copy as Hex Stream').",
        discussion: "A leading four-octet non-ESP marker (UDP port 4500) is skipped. Encrypted payloads are shown as sizes only."
    )

    @Argument(help: "A file holding the UDP payload, as binary or as hex text; '-' reads standard input.")
    var path: String

    func run() throws {
        let input: Data
        if path == "-" {
            input = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path)")
            }
            input = data
        }
        var bytes = Self.hexDecoded(input) ?? [UInt8](input)
        if bytes.count >= 4, bytes[0..<4].allSatisfy({ $0 == 0 }) {
            bytes.removeFirst(4)
        }
        do {
            let received = try ReceivedIKEMessage(decoding: bytes)
            print(MessageDescription(received.message).lines.joined(separator: "\n"))
        } catch {
            throw ValidationError("not a valid IKEv2 message: \(error) (would be answered with \(error.notifyType))")
        }
    }

    /// Parses hex text, ignoring whitespace and an optional 0x prefix; nil if
    /// the input is not hex text.
    static func hexDecoded(_ data: Data) -> [UInt8]? {
        guard var text = String(data: data, encoding: .utf8) else { return nil }
        text = text.filter { !$0.isWhitespace }
        if text.hasPrefix("0x") { text.removeFirst(2) }
        guard !text.isEmpty, text.count % 2 == 0, text.allSatisfy(\.isHexDigit) else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
