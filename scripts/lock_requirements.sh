#!/usr/bin/env bash
# Regenerate requirements.lock and requirements-dev.lock (every transitive dependency, pinned,
# with hashes) from requirements.txt / requirements-dev.txt, after editing either of those.
# Needs uv 0.13.8 (`pip install uv==0.13.8`) and the PyPI index. The target is where CI and the
# Docker image run: CPython 3.11 on Linux x86_64. The dev lock is resolved within the runtime
# lock, so both install the same version of every runtime package.
set -euo pipefail
cd "$(dirname "$0")/.."
compile=(uv pip compile --quiet --generate-hashes --python-version 3.11
  --python-platform x86_64-unknown-linux-gnu
  --custom-compile-command "scripts/lock_requirements.sh")
"${compile[@]}" requirements.txt -o requirements.lock
"${compile[@]}" requirements-dev.txt -c requirements.lock -o requirements-dev.lock
