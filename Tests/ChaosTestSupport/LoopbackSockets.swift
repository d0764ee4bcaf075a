// Plain loopback sockets for the tests of the fault proxy and the packet filter: an echo server,
// blocking and bounded connects, and reads with a deadline.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A socket call failed (errno in the text).
public struct SocketError: Error, CustomStringConvertible {
    public let description: String
}

/// Accepts connections on a loopback port and echoes what it reads.
public final class EchoServer: @unchecked Sendable {
    public let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var stopping = false
    private var acceptedCount = 0

    /// Connections accepted so far.
    public var accepted: Int { lock.lock(); defer { lock.unlock() }; return acceptedCount }

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(description: "socket: \(errno)") }
        self.fd = fd
        var addr = loopbackAddress(0)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(fd, 16)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
        Thread { [self] in
            while !self.isStopping {
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&pfd, 1, 50) > 0 else { continue }
                let client = accept(fd, nil, nil)
                guard client >= 0 else { continue }
                self.lock.lock(); self.acceptedCount += 1; self.lock.unlock()
                Thread {
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while true {
                        let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                        if n <= 0 { break }
                        _ = buffer.withUnsafeBytes { send(client, $0.baseAddress, n, Int32(MSG_NOSIGNAL)) }
                    }
                    close(client)
                }.start()
            }
        }.start()
    }

    private var isStopping: Bool { lock.lock(); defer { lock.unlock() }; return stopping }

    public func stop() {
        lock.lock(); stopping = true; lock.unlock()
        Thread.sleep(forTimeInterval: 0.06)
        close(fd)
    }
}

/// 127.0.0.1:`port`.
public func loopbackAddress(_ port: Int) -> sockaddr_in {
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = UInt16(port).bigEndian
    return addr
}

/// A blocking connect to 127.0.0.1:`port`.
public func connectLoopback(_ port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = loopbackAddress(port)
    let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    guard r == 0 else {
        close(fd)
        throw SocketError(description: "connect: \(errno)")
    }
    return fd
}

/// How a bounded connect ended.
public enum ConnectResult: Equatable { case connected, refused, timedOut, failed(Int32) }

/// A non-blocking connect, waited for at most `timeoutMs`.
public func connectWithin(_ port: Int, timeoutMs: Int32) -> ConnectResult {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    var addr = loopbackAddress(port)
    let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    if r == 0 { return .connected }
    guard errno == EINPROGRESS else { return errno == ECONNREFUSED ? .refused : .failed(errno) }
    var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
    guard poll(&pfd, 1, timeoutMs) > 0 else { return .timedOut }
    var error: Int32 = 0
    var len = socklen_t(MemoryLayout<Int32>.size)
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len)
    return error == 0 ? .connected : (error == ECONNREFUSED ? .refused : .failed(error))
}

/// Sends `text`, then reads what comes back within the timeout.
public func roundTrip(_ fd: Int32, _ text: String, timeoutMs: Int32) -> String {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    return readAvailable(fd, timeoutMs: timeoutMs, want: bytes.count)
}

/// Reads until `want` bytes arrived, the peer closed, or the timeout passed.
public func readAvailable(_ fd: Int32, timeoutMs: Int32, want: Int = 1) -> String {
    var result: [UInt8] = []
    let deadline = ContinuousClock.now + .milliseconds(Int(timeoutMs))
    while result.count < want, ContinuousClock.now < deadline {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, 20) > 0 else { continue }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { break }
        result += buffer[0..<n]
    }
    return String(decoding: result, as: UTF8.self)
}

/// Sends a byte and returns the socket error that follows within the timeout (0 if none).
public func sendThenError(_ fd: Int32, timeoutMs: Int32) -> Int32 {
    _ = [UInt8(1)].withUnsafeBytes { send(fd, $0.baseAddress, 1, Int32(MSG_NOSIGNAL)) }
    var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    guard poll(&pfd, 1, timeoutMs) > 0 else { return 0 }
    var buffer = [UInt8](repeating: 0, count: 16)
    let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    return n < 0 ? errno : 0
}
