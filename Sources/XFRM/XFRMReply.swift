import IKEWire

/// One netlink message received on the XFRM socket, decoded.
///
/// `parse` takes a whole datagram, which may hold several messages (a
/// multi-part answer, NLM_F_MULTI, ends with NLMSG_DONE). Anything that does
/// not decode is an ``XFRMError``, never a trap; message types other than
/// the answers to the requests ``XFRMRequest`` makes are refused, since this
/// socket joins no multicast group and should see nothing else.
public struct XFRMReply: Hashable, Sendable, CustomStringConvertible {
    /// What the message says.
    public enum Content: Hashable, Sendable {
        /// NLMSG_ERROR with error 0: the request succeeded.
        case acknowledgement
        /// NLMSG_ERROR with a negative error: the request failed with this
        /// errno, and the kernel's extended-ack text if it sent one.
        case failure(KernelErrno, message: String?)
        /// XFRM_MSG_NEWSA: a state, the answer to XFRM_MSG_GETSA.
        case state(XFRMStateCounters)
        /// NLMSG_DONE: the end of a multi-part answer.
        case done
    }

    /// nlmsg_len: the message's length before alignment padding.
    public let length: UInt32
    public let type: UInt16
    public let flags: UInt16
    /// The sequence number of the request this answers.
    public let sequence: UInt32
    /// The port ID the kernel addressed the message to (ours).
    public let portID: UInt32
    public let content: Content

    /// Whether NLM_F_MULTI is set: more messages follow until NLMSG_DONE.
    public var isMultipart: Bool { flags & Netlink.flagMulti != 0 }

    /// Decodes every message in one received datagram.
    public static func parse(_ datagram: [UInt8]) throws(XFRMError) -> [XFRMReply] {
        // withUnsafeBytes rethrows untyped errors; carry the typed one out in a Result.
        let result = datagram.withUnsafeBytes { raw in Result { () throws(XFRMError) in try parse(raw) } }
        return try result.get()
    }

    /// Decodes every message in `datagram`, in place (the socket parses its
    /// receive buffer without copying, then wipes it).
    static func parse(_ datagram: UnsafeRawBufferPointer) throws(XFRMError) -> [XFRMReply] {
        let reader = NetlinkReader(datagram)
        var replies: [XFRMReply] = []
        var offset = 0
        while offset < reader.count {
            try reader.require(XFRMLayout.headerSize, at: offset, "netlink header")
            let length = try reader.host(UInt32.self, at: offset + XFRMLayout.headerLength, "nlmsg_len")
            guard length >= UInt32(XFRMLayout.headerSize) else {
                throw .malformed("nlmsg_len \(length) is shorter than the header")
            }
            let message = try reader.slice(offset, Int(length), "netlink message of \(length) octets")
            replies.append(try decode(message))
            // Messages start on 4-octet boundaries (NLMSG_ALIGN); the last
            // one's padding may be missing.
            offset = min(offset + Netlink.align(Int(length)), reader.count)
        }
        return replies
    }

    /// One message: the header, then the body by type.
    private static func decode(_ message: NetlinkReader) throws(XFRMError) -> XFRMReply {
        let type = try message.host(UInt16.self, at: XFRMLayout.headerType, "nlmsg_type")
        let flags = try message.host(UInt16.self, at: XFRMLayout.headerFlags, "nlmsg_flags")
        let body = try message.slice(XFRMLayout.headerSize, message.count - XFRMLayout.headerSize, "message body")
        let content: Content
        switch type {
        case Netlink.typeError: content = try decodeError(body, flags: flags)
        case Netlink.typeDone: content = .done
        case XFRMKernel.messageNewSA: content = .state(try decodeState(body))
        default: throw .unexpectedMessage(type: type)
        }
        return XFRMReply(
            length: UInt32(message.count), type: type, flags: flags,
            sequence: try message.host(UInt32.self, at: XFRMLayout.headerSequence, "nlmsg_seq"),
            portID: try message.host(UInt32.self, at: XFRMLayout.headerPortID, "nlmsg_pid"),
            content: content
        )
    }

    /// struct nlmsgerr: the error (0 or a negated errno) and the request's
    /// header, followed by the rest of the request unless NLM_F_CAPPED, then
    /// the extended-ack attributes if NLM_F_ACK_TLVS (netlink_ack in
    /// net/netlink/af_netlink.c).
    private static func decodeError(_ body: NetlinkReader, flags: UInt16) throws(XFRMError) -> Content {
        try body.require(XFRMLayout.errorSize, at: 0, "NLMSG_ERROR body (struct nlmsgerr)")
        let error = try body.host(Int32.self, at: XFRMLayout.errorCode, "nlmsgerr.error")
        if error == 0 { return .acknowledgement }
        guard error < 0, error != Int32.min else { throw .malformed("NLMSG_ERROR with error \(error)") }
        var message: String?
        if flags & Netlink.flagAckTLVs != 0 {
            var attributes = XFRMLayout.errorSize
            if flags & Netlink.flagCapped == 0 {
                let echoed = try body.host(UInt32.self, at: XFRMLayout.errorMessage + XFRMLayout.headerLength, "echoed nlmsg_len")
                guard echoed >= UInt32(XFRMLayout.headerSize) else {
                    throw .malformed("echoed request length \(echoed) is shorter than a header")
                }
                try body.require(Int(echoed), at: XFRMLayout.errorMessage, "echoed request of \(echoed) octets")
                attributes = Netlink.align(XFRMLayout.errorMessage + Int(echoed))
            }
            try forEachAttribute(in: body, from: attributes, "extended ack") { type, value throws(XFRMError) in
                if type == Netlink.errorAttributeMessage {
                    // A NUL-terminated string; invalid UTF-8 is replaced, not refused.
                    let text = value.bytes.prefix { $0 != 0 }
                    message = String(decoding: text, as: UTF8.self)
                }
            }
        }
        return .failure(KernelErrno(rawValue: -error), message: message)
    }

    /// XFRM_MSG_NEWSA as the kernel sends it (copy_to_user_state_extra in
    /// net/xfrm/xfrm_user.c): struct xfrm_usersa_info, then attributes. Only
    /// the replay state and last-use time are read; the algorithm attributes,
    /// which hold the keys, are skipped.
    private static func decodeState(_ body: NetlinkReader) throws(XFRMError) -> XFRMStateCounters {
        try body.require(XFRMLayout.stateInfoSize, at: 0, "XFRM_MSG_NEWSA body (struct xfrm_usersa_info)")
        let rawFamily = try body.host(UInt16.self, at: XFRMLayout.stateFamily, "family")
        guard let family = XFRMFamily(rawValue: rawFamily) else {
            throw .malformed("state with address family \(rawFamily)")
        }
        let id = XFRMLayout.stateID
        let current = XFRMLayout.stateCurrent
        let stats = XFRMLayout.stateStats
        let legacyWindow = try body.host(UInt8.self, at: XFRMLayout.stateReplayWindow, "replay_window")
        var replay: XFRMReplayState?
        var lastUsed: UInt64?
        try forEachAttribute(in: body, from: XFRMLayout.stateInfoSize, "XFRM_MSG_NEWSA") { type, value throws(XFRMError) in
            switch type {
            case XFRMKernel.attributeReplayValue:
                try value.require(XFRMLayout.replayStateSize, at: 0, "XFRMA_REPLAY_VAL")
                replay = XFRMReplayState(
                    outboundSequence: UInt64(try value.host(UInt32.self, at: XFRMLayout.replayOutbound, "oseq")),
                    inboundSequence: UInt64(try value.host(UInt32.self, at: XFRMLayout.replayInbound, "seq")),
                    window: UInt32(legacyWindow),
                    bitmap: [try value.host(UInt32.self, at: XFRMLayout.replayBitmap, "bitmap")],
                    extended: false)
            case XFRMKernel.attributeReplayESN:
                replay = try decodeReplayESN(value)
            case XFRMKernel.attributeLastUsed:
                lastUsed = try value.host(UInt64.self, at: 0, "XFRMA_LASTUSED")
            default:
                break
            }
        }
        return XFRMStateCounters(
            source: try body.address(family, at: XFRMLayout.stateSource, "saddr"),
            destination: try body.address(family, at: id + XFRMLayout.idDestination, "daddr"),
            spi: try body.network(UInt32.self, at: id + XFRMLayout.idSPI, "spi"),
            ipProtocol: try body.host(UInt8.self, at: id + XFRMLayout.idProtocol, "proto"),
            reqid: try body.host(UInt32.self, at: XFRMLayout.stateReqid, "reqid"),
            bytes: try body.host(UInt64.self, at: current + XFRMLayout.currentBytes, "curlft.bytes"),
            packets: try body.host(UInt64.self, at: current + XFRMLayout.currentPackets, "curlft.packets"),
            addTime: try body.host(UInt64.self, at: current + XFRMLayout.currentAddTime, "curlft.add_time"),
            useTime: try body.host(UInt64.self, at: current + XFRMLayout.currentUseTime, "curlft.use_time"),
            lastUsed: lastUsed,
            replayWindowDrops: try body.host(UInt32.self, at: stats + XFRMLayout.statsReplayWindow, "stats.replay_window"),
            replayDrops: try body.host(UInt32.self, at: stats + XFRMLayout.statsReplay, "stats.replay"),
            integrityFailures: try body.host(UInt32.self, at: stats + XFRMLayout.statsIntegrityFailed, "stats.integrity_failed"),
            replay: replay)
    }

    /// struct xfrm_replay_state_esn and its bitmap of bmp_len words, which
    /// must fit in the attribute (the bitmap is allocated only after that
    /// check, so its size is bounded by the bytes received).
    private static func decodeReplayESN(_ value: NetlinkReader) throws(XFRMError) -> XFRMReplayState {
        try value.require(XFRMLayout.replayESNSize, at: 0, "XFRMA_REPLAY_ESN_VAL")
        let words = try value.host(UInt32.self, at: XFRMLayout.esnBitmapLength, "bmp_len")
        let available = (value.count - XFRMLayout.esnBitmap) / 4
        guard words <= UInt32(available) else {
            throw .truncated("XFRMA_REPLAY_ESN_VAL: bmp_len \(words) words, room for \(available)")
        }
        var bitmap: [UInt32] = []
        bitmap.reserveCapacity(Int(words))
        for word in 0..<Int(words) {
            bitmap.append(try value.host(UInt32.self, at: XFRMLayout.esnBitmap + 4 * word, "bmp"))
        }
        func sequence(_ high: Int, _ low: Int) throws(XFRMError) -> UInt64 {
            UInt64(try value.host(UInt32.self, at: high, "seq_hi")) << 32 | UInt64(try value.host(UInt32.self, at: low, "seq"))
        }
        return XFRMReplayState(
            outboundSequence: try sequence(XFRMLayout.esnOutboundHigh, XFRMLayout.esnOutbound),
            inboundSequence: try sequence(XFRMLayout.esnInboundHigh, XFRMLayout.esnInbound),
            window: try value.host(UInt32.self, at: XFRMLayout.esnWindow, "replay_window"),
            bitmap: bitmap,
            extended: true)
    }

    /// Calls `body` with each attribute (type without the flag bits, value)
    /// from `offset` to the end; attributes are 4-aligned and the last one's
    /// padding may be missing.
    private static func forEachAttribute(in reader: NetlinkReader, from offset: Int, _ what: String,
                                         _ body: (UInt16, NetlinkReader) throws(XFRMError) -> Void) throws(XFRMError) {
        var offset = offset
        while offset < reader.count {
            try reader.require(XFRMLayout.attributeHeaderSize, at: offset, "\(what) attribute header")
            let length = Int(try reader.host(UInt16.self, at: offset, "nla_len"))
            let type = try reader.host(UInt16.self, at: offset + 2, "nla_type") & Netlink.attributeTypeMask
            guard length >= XFRMLayout.attributeHeaderSize else {
                throw .malformed("\(what) attribute \(type) with nla_len \(length)")
            }
            let value = try reader.slice(offset + XFRMLayout.attributeHeaderSize, length - XFRMLayout.attributeHeaderSize,
                                         "\(what) attribute \(type) of \(length) octets")
            try body(type, value)
            offset = min(offset + Netlink.align(length), reader.count)
        }
    }

    public var description: String {
        let content: String
        switch self.content {
        case .acknowledgement: content = "ack"
        case .failure(let errno, let message): content = "error \(errno)" + (message.map { " \"\($0)\"" } ?? "")
        case .state(let state): content = "state \(state)"
        case .done: content = "done"
        }
        return "seq \(sequence)\(isMultipart ? " multi" : ""): \(content)"
    }
}
