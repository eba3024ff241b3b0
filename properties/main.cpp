// synclab_properties: rapidcheck properties of every concept of the list
// (properties/<c>_tests.cpp each), and the linearizability checker's own tests.
//
//   synclab_properties --list          the registry ids covered, one a line
//   synclab_properties --list-mutants  each mutant, a tab, what this layer must
//                                      report for it (violation, hang, not-asserted)
//   synclab_properties [--id=ID] [--runs=N] [--hang-limit=S] [gtest flags]
//       --id=ID   only the tests of registry id ID (a gtest filter *.ID:*.ID.*,
//                 so BoundedBuffer.blocking_queue.mutex.futex.condvar.std is
//                 among the tests of both mutex.futex and condvar.std); a
//                 mutant id (mutex.tas~load-store) runs the tests of its base
//                 on the mutant, and exits 1 when they catch it
//       --runs=N  runs of each generated concurrent scenario (1..1000; default
//                 6 for the mutex scenarios, 3 for the bounded buffers)
//       --hang-limit=S  seconds a run may block before it is reported as a
//                 hang (0.1..600; default 10)
// rapidcheck reads RC_PARAMS (see run_property.hpp for reproducing a failure).
#include <chrono>
#include <charconv>
#include <iostream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "registration.hpp"
#include "synclab/property_concepts.hpp"
#include "watchdog.hpp"

namespace {

int usage_error(const std::string& message) {
    std::cerr << "synclab_properties: " << message << "\n"
              << "usage: synclab_properties --list | --list-mutants | [--id=ID] [--runs=N] [--hang-limit=S] [gtest flags]\n";
    return 2;
}

// A gtest filter pattern matching `id` literally: '-' would start the
// negative patterns, so it becomes '?' (any one character).
std::string literal_pattern(std::string id) {
    for (char& c : id) {
        if (c == '-') c = '?';
    }
    return id;
}

// Writes each test's result line (result_line.hpp).
class result_lines : public ::testing::EmptyTestEventListener {
    void OnTestStart(const ::testing::TestInfo& info) override {
        auto& t = synclab::properties::current_test::get();
        t.name = std::string(info.test_suite_name()) + "." + info.name();
        t.seed.clear();
        t.hang = false;
        t.start = std::chrono::steady_clock::now();
    }
    void OnTestEnd(const ::testing::TestInfo& info) override {
        if (info.result()->Skipped()) return;
        const auto& t = synclab::properties::current_test::get();
        t.write(info.result()->Passed() ? "pass" : t.hang ? "hang" : "violation");
    }
};

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);  // removes the gtest flags it knows
    if (*synclab::properties::replay_binary_default == '\0') synclab::properties::replay_binary = argv[0];
    synclab::properties::settings s;
    bool list = false, list_mutants = false;
    std::string id;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--list") {
            list = true;
        } else if (arg == "--list-mutants") {
            list_mutants = true;
        } else if (arg.starts_with("--hang-limit=")) {
            const std::string value(arg.substr(13));
            double seconds = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
            if (ec != std::errc{} || end != value.data() + value.size() || !(seconds >= 0.1 && seconds <= 600)) {
                return usage_error("--hang-limit takes seconds from 0.1 to 600, got '" + value + "'");
            }
            synclab::properties::hang_limit() = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                std::chrono::duration<double>(seconds));
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
    const auto ids = synclab::properties::covered_ids();
    const auto mutants = synclab::properties::covered_mutants();
    if (list) {
        for (const auto& known : ids) std::cout << known << '\n';
        return 0;
    }
    if (list_mutants) {
        for (const auto& m : mutants) std::cout << m.id << '\t' << m.expected << '\n';
        return 0;
    }
    if (!id.empty()) {
        bool known = false;
        for (const auto& k : ids) known = known || k == id;
        for (const auto& m : mutants) {
            if (m.id == id) known = s.mutants = true;
        }
        if (!known) {
            std::cerr << "synclab_properties: unknown id '" << id << "'; known ids:\n";
            for (const auto& k : ids) std::cerr << "  " << k << '\n';
            std::cerr << "and mutants:\n";
            for (const auto& m : mutants) std::cerr << "  " << m.id << '\n';
            return 2;
        }
        const std::string pattern = literal_pattern(id);
        GTEST_FLAG_SET(filter, "*." + pattern + ":*." + pattern + ".*");
    }
    synclab::results::open_results();  // before the watchdog may need it
    synclab::properties::current_test::get().id = id;
    ::testing::UnitTest::GetInstance()->listeners().Append(new result_lines);
    for (auto* register_concept : synclab::properties::concept_registrations) register_concept(s);
    return RUN_ALL_TESTS();
}
