// The property layer's result lines (tools/results.hpp): one per test, with
// the verdict pass, violation (a property failed) or hang (a run blocked past
// --hang-limit; the watchdog aborts the process, so it writes the line
// itself). The id is the --id the binary ran with, else the test's parameter
// (BoundedBuffer.blocking_queue.mutex.futex.condvar.std: everything after the
// first dot); the replay command names the test and the last seed a property
// of it printed.
#pragma once

#include <chrono>
#include <string>

#include "tools/results.hpp"

namespace synclab::properties {

// How a replay command names this binary: synclab's own from the repository
// root; a binary built by synclab_add_primitive by its own path (main sets it
// from argv[0] when synclab/property_concepts.hpp's replay_binary is empty).
inline std::string replay_binary = "./build/properties/synclab_properties";

struct current_test {
    std::string id;            // --id, or empty: from the test's name
    std::string name;          // Suite.Test
    std::string seed;          // the last seed a property printed, or empty
    bool hang = false;         // a run of this test was reported as a hang
    std::chrono::steady_clock::time_point start;

    static current_test& get() {
        static current_test t;
        return t;
    }

    std::string line_id() const {
        if (!id.empty()) return id;
        const auto dot = name.find('.');
        return dot == std::string::npos ? name : name.substr(dot + 1);
    }
    std::string replay() const {
        return (seed.empty() ? std::string() : "RC_PARAMS=\"seed=" + seed + "\" ") +
               replay_binary + " " + (id.empty() ? std::string() : "--id=" + id + " ") +
               "--gtest_filter=" + name;
    }
    void write(const char* verdict) const {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        results::write({"property", line_id(), name, "", 0, verdict, 0, seconds, replay()});
    }
};

}  // namespace synclab::properties
