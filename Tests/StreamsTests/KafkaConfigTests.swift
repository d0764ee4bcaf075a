import Testing
@testable import Streams

@Suite struct KafkaConfigTests {
    @Test func routesRoundTripThroughTheirTextForm() throws {
        let config = KafkaConfig(bootstrapServers: "127.0.0.1:9092", routes: [9093: 40002, 9092: 40001])
        #expect(config.routesDescription == "9092=40001,9093=40002")
        #expect(KafkaConfig.parseRoutes(config.routesDescription) == config.routes)
        #expect(KafkaConfig.parseRoutes("9092=x") == nil)
        #expect(KafkaConfig.parseRoutes("70000=1") == nil)
    }

    @Test func environmentGivesBootstrapAndRoutesAndExplicitWins() throws {
        let env = ["CHAOSRUN_KAFKA_BOOTSTRAP": "k1:9092,k2:9092", "CHAOSRUN_KAFKA_ROUTE": "9092=41000"]
        let fromEnv = try #require(try KafkaConfig.fromEnvironment(environment: env))
        #expect(fromEnv.bootstrapServers == "k1:9092,k2:9092")
        #expect(fromEnv.routes == [9092: 41000])
        let explicit = try #require(try KafkaConfig.fromEnvironment(bootstrap: "x:1", environment: env))
        #expect(explicit.bootstrapServers == "x:1")
        #expect(try KafkaConfig.fromEnvironment(environment: [:]) == nil)
        #expect(throws: KafkaError.self) { try KafkaConfig.fromEnvironment(environment: ["CHAOSRUN_KAFKA_BOOTSTRAP": "a:1", "CHAOSRUN_KAFKA_ROUTE": "oops"]) }
    }

    @Test func userSettingsWinOverDefaults() {
        var config = KafkaConfig(bootstrapServers: "b:1")
        config.lingerMs = 50
        config["message.timeout.ms"] = "1000"
        let effective = config.applyingDefaults(KafkaConfig.producerDefaults)
        #expect(effective.lingerMs == 50)
        #expect(effective["enable.idempotence"] == "true")
        #expect(effective.deliveryTimeoutMs == nil, "an alias already set must not be overridden")
    }

    @Test func invalidSettingsBecomeKafkaErrorsWithLibrdkafkasText() {
        let config = KafkaConfig(bootstrapServers: "127.0.0.1:1").with("no.such.setting", "1")
        do {
            _ = try KafkaProducer(config: config)
            Issue.record("expected an error")
        } catch {
            #expect(error.name == "_INVALID_ARG")
            #expect(error.message.contains("no.such.setting"))
            #expect(error.message.contains("No such configuration property"))
        }
    }

    @Test func aConsumerNeedsAGroup() {
        #expect(throws: KafkaError.self) { _ = try KafkaConsumer(config: KafkaConfig(bootstrapServers: "127.0.0.1:1")) }
    }
}
