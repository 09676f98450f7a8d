/// A benchmarked handshake that did not end as it must; the benchmark fails
/// rather than time a broken exchange.
struct HandshakeFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
