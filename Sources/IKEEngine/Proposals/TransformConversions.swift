import IKECrypto
import IKEWire

// Conversions between IKECrypto's algorithms and IKEWire's transforms. The
// two registries carry the same IANA numbers; these are the only bridges.

extension EncryptionAlgorithm {
    /// The ENCR transform, with its Key Length attribute where one is sent.
    var transform: Transform {
        Transform(type: .encryption, id: transformID, keyLength: keyLengthAttribute)
    }

    /// The algorithm a received transform names, if we implement it.
    init?(_ transform: Transform) {
        guard transform.type == .encryption, transform.unrecognizedAttributes.isEmpty else { return nil }
        self.init(transformID: transform.id, keyLengthBits: transform.keyLength)
    }
}

extension IntegrityAlgorithm {
    var transform: Transform { Transform(type: .integrity, id: rawValue) }

    init?(_ transform: Transform) {
        guard transform.type == .integrity, transform.keyLength == nil, transform.unrecognizedAttributes.isEmpty else { return nil }
        self.init(rawValue: transform.id)
    }
}

extension PRFAlgorithm {
    var transform: Transform { Transform(type: .pseudorandomFunction, id: rawValue) }

    init?(_ transform: Transform) {
        guard transform.type == .pseudorandomFunction, transform.keyLength == nil, transform.unrecognizedAttributes.isEmpty else { return nil }
        self.init(rawValue: transform.id)
    }
}

extension KeyExchangeGroup {
    var transform: Transform { .keyExchange(KeyExchangeMethodID(rawValue: rawValue)) }

    init?(_ transform: Transform) {
        guard transform.type == .keyExchange, transform.keyLength == nil, transform.unrecognizedAttributes.isEmpty else { return nil }
        self.init(rawValue: transform.id)
    }
}
