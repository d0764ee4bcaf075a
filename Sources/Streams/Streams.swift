// Streams owns chaosrun's Kafka layer: the only module that imports librdkafka (CRdKafka).
//
// - `KafkaConfig`, `KafkaProducer`, `KafkaConsumer`, `KafkaAdmin`, `KafkaError`: a Swift API with
//   no C types in it. Every client takes bootstrap servers, so the same code runs against the
//   embedded cluster and an external Kafka-compatible cluster.
// - `EmbeddedKafkaCluster`: librdkafka's mock cluster inside this process, speaking the real
//   Kafka protocol on loopback ports, with broker down/up, RTT, leader moves and request errors.
// - `FaultProxy`: a TCP proxy in front of each broker for partitions, latency and loss, which a
//   client uses through `KafkaConfig.routeThrough(_:)`.
//
// Ownership: each wrapper class owns exactly one C handle and destroys it in `close()` or
// `deinit`. C callbacks reach Swift through the handle's opaque pointer (an unretained
// `ClientContext` that the wrapper keeps alive for the handle's lifetime); they never capture.
// See docs/kafka.md for the settings chosen and the embedded cluster's limits.
