#ifndef CHAOSRUN_CRDKAFKA_SHIM_H
#define CHAOSRUN_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/* rd_kafka_producev is variadic and cannot be called from Swift; this fixed-arity
 * wrapper produces one copied message with key, value, timestamp and a per-message
 * opaque (the producer's message id). partition < 0 means "use the partitioner". */
static inline rd_kafka_resp_err_t chaosrun_produce(rd_kafka_t *rk, const char *topic,
                                                   int32_t partition,
                                                   const void *key, size_t key_len,
                                                   const void *value, size_t value_len,
                                                   int64_t timestamp_ms, void *msg_opaque) {
    return rd_kafka_producev(rk,
                             RD_KAFKA_V_TOPIC(topic),
                             RD_KAFKA_V_PARTITION(partition < 0 ? RD_KAFKA_PARTITION_UA : partition),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_KEY(key, key_len),
                             RD_KAFKA_V_VALUE((void *)value, value_len),
                             RD_KAFKA_V_TIMESTAMP(timestamp_ms),
                             RD_KAFKA_V_OPAQUE(msg_opaque),
                             RD_KAFKA_V_END);
}
#endif
