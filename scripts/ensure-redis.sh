#!/bin/sh
# Make a Redis broker reachable on 127.0.0.1:6379 for the Celery test (the LKjIP's PDF through a real
# broker and worker). Installs redis-server where it is missing and starts it where it is stopped.
set -eu

if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  exit 0
fi
if ! command -v redis-server >/dev/null 2>&1; then
  echo "Installing Redis"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server
fi
echo "Starting Redis"
redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no
for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && exit 0; sleep 0.5; done
echo "Redis did not start on 127.0.0.1:6379" >&2
exit 1
