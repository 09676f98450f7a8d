extension NotifyPayload {
    /// The notify for a log line: its type and, since an unknown error in a
    /// response is all the peer says about why a request failed (RFC 7296
    /// §3.10.1), its data. Windows' MS_NOTIFY_STATUS carries a four-octet
    /// big-endian Windows error code, shown in decimal as Windows documents
    /// its codes (e.g. 13801); other data is shown as hex, at most 32 octets.
    public var logDescription: String {
        if type == .microsoftStatus, data.count == 4 {
            let code = data.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return "\(type)(Windows error \(code))"
        }
        return data.isEmpty ? "\(type)" : "\(type) data \(Hex.string(data, limit: 32))"
    }
}
