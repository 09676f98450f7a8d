import COpenSSL

extension MSCHAPv2 {
    /// DesEncrypt (RFC 2759 §8.6): one 8-byte block under a 7-byte key
    /// spread over the 8 key bytes, 7 bits each; the parity bit (lowest bit)
    /// is left 0 because DES ignores it.
    ///
    /// Single DES through EVP needs OpenSSL's legacy provider, so this uses
    /// the low-level DES API with an unchecked key schedule (the expanded key
    /// has no valid parity and may be weak; RFC 2759 takes it as is).
    static func desEncrypt(_ block: [UInt8], key7: UnsafeRawBufferPointer) -> [UInt8] {
        precondition(block.count == 8 && key7.count == 7, "DesEncrypt takes an 8-byte block and a 7-byte key")
        var key: DES_cblock = (0, 0, 0, 0, 0, 0, 0, 0)
        var schedule = DES_key_schedule()
        var input: DES_cblock = (block[0], block[1], block[2], block[3], block[4], block[5], block[6], block[7])
        var output: DES_cblock = (0, 0, 0, 0, 0, 0, 0, 0)
        defer {
            withUnsafeMutableBytes(of: &key) { OPENSSL_cleanse($0.baseAddress, $0.count) }
            withUnsafeMutableBytes(of: &schedule) { OPENSSL_cleanse($0.baseAddress, $0.count) }
        }
        // 56 key bits, most significant first, become the top 7 bits of each byte.
        var bits: UInt64 = 0
        for byte in key7 { bits = bits << 8 | UInt64(byte) }
        withUnsafeMutableBytes(of: &key) { keyBytes in
            for index in 0..<8 {
                keyBytes[index] = UInt8(truncatingIfNeeded: (bits >> UInt64(49 - 7 * index)) & 0x7F) << 1
            }
        }
        DES_set_key_unchecked(&key, &schedule)
        DES_ecb_encrypt(&input, &output, &schedule, DES_ENCRYPT)
        return withUnsafeBytes(of: &output) { Array($0) }
    }
}
