import Glibc

/// One running helper: its pid and the parent's ends of its stdin and
/// stdout pipes; stderr goes to /dev/null. Blocking calls only: used on
/// the slot's own dispatch queue, never on an event loop or the
/// cooperative pool.
final class NTLMHelperProcess {
    enum ReadOutcome {
        case block([String])
        case timedOut
        case endOfFile
        case garbage(NTLMServerExchangeError)
        case failed(Int32)
    }

    let pid: pid_t
    private var input: Int32
    private var output: Int32
    private var buffer: [UInt8] = []
    private var exited = false

    private init(pid: pid_t, input: Int32, output: Int32) {
        self.pid = pid
        self.input = input
        self.output = output
    }

    deinit { terminate() }

    enum SpawnError: Error { case pipe(Int32), spawn(Int32) }

    static func spawn(_ argv: [String]) throws(SpawnError) -> NTLMHelperProcess {
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        // pipe2 is not visible from Swift's Glibc: pipe, then close-on-exec
        // at once (the helper gets its ends through dup2, which clears it).
        guard pipe(&toChild) == 0 else { throw .pipe(errno) }
        guard pipe(&fromChild) == 0 else {
            let error = errno
            close(toChild[0]); close(toChild[1])
            throw .pipe(error)
        }
        for descriptor in toChild + fromChild { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Default dispositions for what a daemon ignores (SIGPIPE) and no
        // blocked signals (a caller's thread may block SIGTERM).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArguments.append(nil)
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, argv[0], &actions, &attributes, cArguments, environ)
        close(toChild[0])
        close(fromChild[1])
        guard result == 0 else {
            close(toChild[1]); close(fromChild[0])
            throw .spawn(result)
        }
        return NTLMHelperProcess(pid: pid, input: toChild[1], output: fromChild[0])
    }

    /// True once the process has exited (reaped here).
    var hasExited: Bool {
        if exited { return true }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid || (result < 0 && errno == ECHILD) { exited = true }
        return exited
    }

    /// Writes all of `bytes`; false if the helper is gone (EPIPE; SIGPIPE is ignored).
    func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Glibc.write(input, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Reads the next reply block (skipping empty blocks) until `deadline`.
    func readBlock(deadline: ContinuousClock.Instant) -> ReadOutcome {
        while true {
            switch takeBlock() {
            case .some(.success(let lines)): return .block(lines)
            case .some(.failure(let error)): return .garbage(error)
            case .none: break
            }
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return .timedOut }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return .failed(errno)
            }
            if ready == 0 { continue }   // the deadline check above ends it
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failed(errno)
            }
            if count == 0 { return .endOfFile }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// A whole block from the buffer, if one is there.
    private func takeBlock() -> Result<[String], NTLMServerExchangeError>? {
        var lines: [String] = []
        var start = 0
        var index = 0
        while index < buffer.count {
            if buffer[index] == 0x0A {
                let line = buffer[start..<index]
                start = index + 1
                if line.count == 1 && line.first == UInt8(ascii: ".") {
                    if lines.isEmpty {
                        // an empty block (Samba's second "." after a refusal)
                        buffer.removeSubrange(0..<start)
                        start = 0
                        index = 0
                        continue
                    }
                    buffer.removeSubrange(0..<start)
                    return .success(lines)
                }
                guard line.count <= NTLMServerExchange.maximumLineLength else { return .failure(.lineTooLong) }
                guard let string = String(validating: line, as: UTF8.self) else { return .failure(.notUTF8) }
                lines.append(string)
                if lines.count > NTLMServerExchange.maximumLines { return .failure(.tooManyLines) }
            }
            index += 1
        }
        if buffer.count - start > NTLMServerExchange.maximumLineLength { return .failure(.lineTooLong) }
        return nil
    }

    /// SIGKILL and reap; closes the pipes. Idempotent.
    func terminate() {
        if input >= 0 { close(input); input = -1 }
        if output >= 0 { close(output); output = -1 }
        if !exited {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            exited = true
        }
        buffer = []
    }
}
