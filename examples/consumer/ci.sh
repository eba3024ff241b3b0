#!/bin/sh
# The CI recipe for a project that checks its own primitives with synclab:
# configure against the installed package, build the checkers, run the model
# layer (Relacy), the stress layer (ThreadSanitizer, with its watchdog), the
# property layer (rapidcheck: sequential model, concurrent histories) and the
# benchmark's short run of each primitive's scenarios (none may fail: a thread
# stuck at a scenario's end is a lost wake-up or a deadlock). The full
# benchmark report is a target: cmake --build BUILD_DIR --target synclab_bench_report_NAME.
# What a CI system shows: JUnit XML (ctest's) and one JSON line per check
# (synclab's result lines: id, layer, suite, verdict, time, replay command).
#
#   ci.sh [SOURCE_DIR [BUILD_DIR]]     defaults: . and build-synclab
#   SYNCLAB_PREFIX   where synclab is installed (./synclab install --prefix DIR);
#                    default /usr/local
#
# Writes BUILD_DIR/junit.xml and BUILD_DIR/results.jsonl; exits non-zero when a
# check fails (a correct primitive with a finding, or a mutant that did not get
# its expected verdict) or when a layer has no test at all.
set -eu
src=${1:-.}
build=${2:-build-synclab}
prefix=${SYNCLAB_PREFIX:-/usr/local}

cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_PREFIX_PATH="$prefix"
cmake --build "$build" -j "$(nproc)"

# A layer that runs nothing must not pass: ctest -L with no test exits 0.
for layer in model stress property; do
    count=$(ctest --test-dir "$build" -N -L "$layer" | sed -n 's/^Total Tests: //p')
    if [ "${count:-0}" -eq 0 ]; then
        echo "ci.sh: no $layer test registered in $build (no synclab_add_primitive call?)" >&2
        exit 1
    fi
done

rm -f "$build/results.jsonl"
SYNCLAB_RESULTS="$(cd "$build" && pwd)/results.jsonl" \
    ctest --test-dir "$build" -L "model|stress|property|bench" --output-on-failure --output-junit junit.xml
