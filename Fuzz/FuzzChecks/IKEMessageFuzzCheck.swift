import IKEWire

/// The properties the fuzzer checks for one input. Regression tests replay
/// saved inputs through the same function.
public enum IKEMessageFuzzCheck {
    public static func run(_ bytes: [UInt8]) {
        // 1. A whole message: anything accepted must re-encode to a message that
        //    decodes to the same content (canonical round trip).
        if let received = try? ReceivedIKEMessage(decoding: bytes) {
            let reencoded = received.message.encode()
            guard let again = try? ReceivedIKEMessage(decoding: reencoded), again.message == received.message else {
                preconditionFailure("round trip changed an accepted message")
            }
            _ = received.message.payloads.map { "\($0)" }
        }
        // 2. The inner payload chain of a decrypted SK payload: first octet is the
        //    first payload type, the rest is the chain.
        if let first = bytes.first,
           let payloads = try? PayloadChain.decode(first: PayloadType(rawValue: first), bytes: bytes.dropFirst()) {
            let (type, encoded) = PayloadChain.encode(payloads)
            guard let again = try? PayloadChain.decode(first: type, bytes: encoded[...]), again == payloads else {
                preconditionFailure("round trip changed an accepted payload chain")
            }
        }
    }
}
