// synclab_properties: rapidcheck properties of the mutex, semaphore,
// condition-variable and queue families, and the linearizability checker's own tests.
//
//   synclab_properties --list          the registry ids covered, one a line
//   synclab_properties [--id=ID] [--runs=N] [gtest flags]
//       --id=ID   only the tests of registry id ID (a gtest filter *.ID:*.ID.*,
//                 so BoundedBuffer.blocking_queue.mutex.futex.condvar.std is
//                 among the tests of both mutex.futex and condvar.std)
//       --runs=N  runs of each generated concurrent scenario (1..1000; default
//                 6 for the mutex scenarios, 3 for the bounded buffers)
// rapidcheck reads RC_PARAMS (see run_property.hpp for reproducing a failure).
#include <charconv>
#include <iostream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "registry_tests.hpp"

namespace {

int usage_error(const std::string& message) {
    std::cerr << "synclab_properties: " << message << "\n"
              << "usage: synclab_properties --list | [--id=ID] [--runs=N] [gtest flags]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);  // removes the gtest flags it knows
    synclab::proofs::settings s;
    bool list = false;
    std::string id;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--list") {
            list = true;
        } else if (arg.starts_with("--id=")) {
            id = arg.substr(5);
        } else if (arg.starts_with("--runs=")) {
            const auto value = arg.substr(7);
            int n = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec != std::errc{} || end != value.data() + value.size() || n < 1 || n > 1000) {
                return usage_error("--runs takes an integer from 1 to 1000, got '" + std::string(value) + "'");
            }
            s.runs = n;
            s.buffer_runs = n;
        } else {
            return usage_error("unknown argument '" + std::string(arg) + "'");
        }
    }
    const auto ids = synclab::proofs::covered_ids();
    if (list) {
        for (const auto& known : ids) std::cout << known << '\n';
        return 0;
    }
    if (!id.empty()) {
        bool known = false;
        for (const auto& k : ids) known = known || k == id;
        if (!known) {
            std::cerr << "synclab_properties: unknown id '" << id << "'; known ids:\n";
            for (const auto& k : ids) std::cerr << "  " << k << '\n';
            return 2;
        }
        GTEST_FLAG_SET(filter, "*." + id + ":*." + id + ".*");
    }
    synclab::proofs::register_registry_tests(s);
    synclab::proofs::register_semaphore_tests(s);
    synclab::proofs::register_buffer_tests(s);
    synclab::proofs::register_queue_tests(s);
    synclab::proofs::register_fairness_tests(s);
    return RUN_ALL_TESTS();
}
