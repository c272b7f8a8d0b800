"""Legacy AlterConfigs (API key 33) with kafka-python's admin client, for PythonClientsIT.

The Java Admin of kafka-clients 4 no longer sends AlterConfigs (only IncrementalAlterConfigs),
so this is how the test reaches that API with a real client.

Usage: python3 kafka_python_alter_configs.py <bootstrap servers> <topic>
Prints 'OK ...' and exits 0, or prints what went wrong and exits 1.
"""
import sys

from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient


def main(bootstrap, topic):
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    response = admin.alter_configs([ConfigResource(
        ConfigResourceType.TOPIC, topic,
        configs={"retention.ms": "123456", "segment.ms": "3600000"})])
    errors = [(r[0], r[1]) for r in response.resources]
    admin.close()
    if any(code != 0 for code, _ in errors):
        print("FAILED AlterConfigs: %s" % errors)
        return 1
    print("OK kafka-python AlterConfigs v%d on %s" % (response.API_VERSION, topic))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
