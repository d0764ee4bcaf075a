import Foundation
import Testing
@testable import Streams

@Suite struct KcatTests {
    static let kcat = "/usr/bin/kcat"

    /// Another process (Debian's kcat) reads back exactly what was produced.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: kcat)))
    func kcatReadsBackWhatWasProduced() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        defer { cluster.stop() }
        try cluster.createTopic("readback", partitions: 3)
        let producer = try KafkaProducer(config: cluster.clientConfig())
        var expected: Set<String> = []
        for i in 0..<1000 {
            let key = "k\(i % 17)", value = "v\(i)"
            try producer.produce(topic: "readback", key: Array(key.utf8), value: Array(value.utf8))
            expected.insert("\(key)=\(value)")
        }
        try producer.flush()
        producer.close()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.kcat)
        process.arguments = ["-b", cluster.bootstrapServers, "-X", "broker.address.family=v4",
                             "-C", "-t", "readback", "-o", "beginning", "-e", "-q", "-f", "%k=%s\\n"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.count == 1000)
        #expect(Set(lines) == expected)
    }
}
