#!/usr/bin/env bash
# Parses docker-compose.yml the way Docker Compose would (no engine needed).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "SKIPPED compose check: docker-compose is not installed (Debian: apt-get install docker-compose)"
  exit 0
fi
docker-compose -f docker-compose.yml config -q
echo "docker-compose.yml: valid"
