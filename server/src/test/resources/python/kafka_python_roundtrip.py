"""Produce and consume with kafka-python: the pure-Python round trip of PythonClientsIT.

Usage: python3 kafka_python_roundtrip.py <bootstrap servers> <topic>
Prints 'OK ...' and exits 0, or prints what went wrong and exits 1.
"""
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

RECORDS = 50


def main(bootstrap, topic):
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5,
                             compression_type="gzip")
    futures = [producer.send(topic, key=b"key%d" % i, value=b"value%d" % i, partition=0,
                             headers=[("n", str(i).encode())]) for i in range(RECORDS)]
    offsets = [f.get(timeout=30).offset for f in futures]
    producer.close(timeout=30)
    if offsets != list(range(RECORDS)):
        print("FAILED produce: offsets %s" % offsets)
        return 1

    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None,
                             enable_auto_commit=False, consumer_timeout_ms=1000)
    partition = TopicPartition(topic, 0)
    consumer.assign([partition])
    consumer.seek(partition, 0)
    received = []
    deadline = time.time() + 30
    while len(received) < RECORDS and time.time() < deadline:
        for records in consumer.poll(timeout_ms=500).values():
            received.extend((r.offset, r.key, r.value, dict(r.headers)) for r in records)
    end = consumer.end_offsets([partition])[partition]
    consumer.close()
    expected = [(i, b"key%d" % i, b"value%d" % i, {"n": str(i).encode()}) for i in range(RECORDS)]
    if received != expected or end != RECORDS:
        print("FAILED consume: end offset %s, got %d records: %s"
              % (end, len(received), received[:5]))
        return 1
    print("OK kafka-python produced and consumed %d records" % RECORDS)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
