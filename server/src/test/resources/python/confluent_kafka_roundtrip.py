"""Produce and consume with confluent-kafka (librdkafka): the Python round trip of PythonClientsIT.

Usage: python3 confluent_kafka_roundtrip.py <bootstrap servers> <topic>
Prints 'OK ...' and exits 0, or prints what went wrong and exits 1.
"""
import sys
import time

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition

RECORDS = 50


def main(bootstrap, topic):
    delivered = []
    errors = []

    def on_delivery(err, msg):
        (errors if err else delivered).append(err or msg.offset())

    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5,
                         "compression.type": "lz4", "enable.idempotence": True})
    for i in range(RECORDS):
        producer.produce(topic, key=b"key%d" % i, value=b"value%d" % i, partition=0,
                         headers=[("n", str(i).encode())], on_delivery=on_delivery)
    remaining = producer.flush(30)
    if remaining or errors or len(delivered) != RECORDS:
        print("FAILED produce: remaining=%s errors=%s delivered=%s" % (remaining, errors, delivered))
        return 1

    # librdkafka requires a group.id even for assign(); nothing is committed.
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "tideway-it-unused",
                         "enable.auto.commit": False, "enable.auto.offset.store": False})
    consumer.assign([TopicPartition(topic, 0, 0)])
    received = []
    deadline = time.time() + 30
    while len(received) < RECORDS and time.time() < deadline:
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            if msg.error().code() == KafkaError._PARTITION_EOF:
                continue
            print("consumer event (ignored): %s" % msg.error())
            continue
        received.append((msg.offset(), msg.key(), msg.value(), dict(msg.headers() or [])))
    consumer.close()
    expected = [(i, b"key%d" % i, b"value%d" % i, {"n": str(i).encode()}) for i in range(RECORDS)]
    if received != expected:
        print("FAILED consume: got %d records: %s" % (len(received), received[:5]))
        return 1
    print("OK confluent-kafka produced and consumed %d records" % RECORDS)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
