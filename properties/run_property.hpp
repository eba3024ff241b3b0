// Running a rapidcheck property with per-property defaults that RC_PARAMS can
// override, under a stable id so that a failure can be replayed.
//
// Seeds. By default every property runs with a fixed seed, derived from its
// id, so that the suite (and CI) judges the same cases every run; the seed is
// printed with the property. A soak (SYNCLAB_FRESH_SEEDS=1 in the
// environment; `./synclab soak`, `ctest -L soak`) draws a fresh seed for each
// property run instead, and prints it the same way. A seed set in RC_PARAMS
// ("seed=S") wins over both, which is how a printed seed replays:
//     RC_PARAMS="seed=S" ./synclab_properties --gtest_filter='Linearizability.*'
//
// Reproducing a failure: on failure rapidcheck prints (at exit of the program)
//     RC_PARAMS="reproduce=<token>"
// Rerun the same test with that variable set, e.g.
//     RC_PARAMS="reproduce=<token>" ./synclab_properties --gtest_filter='Concurrent.mutex.tas'
// It regenerates the same (already shrunk) scenario. The concurrent property
// runs real threads, so the interleaving is not replayed: the scenario is rerun
// its `runs` times and usually fails again; raise --runs if it does not.
// Other keys: RC_PARAMS="max_success=500 seed=42 verbose_shrinking=1".
#pragma once

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include <rapidcheck.h>

#include "result_line.hpp"

namespace synclab::properties {

// Whether properties draw fresh seeds (the soak) rather than fixed ones.
inline bool fresh_seeds() {
    const char* env = std::getenv("SYNCLAB_FRESH_SEEDS");
    return env != nullptr && std::string_view(env) != "" && std::string_view(env) != "0";
}

// A property's fixed seed: FNV-1a of its id.
inline std::uint64_t fixed_seed(std::string_view id) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (char c : id) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
    return h;
}

// The number of cases: our default unless RC_PARAMS sets max_success.
inline int case_count(int max_success) {
    const char* env = std::getenv("RC_PARAMS");
    if (env != nullptr && std::string_view(env).find("max_success") != std::string_view::npos) {
        return rc::detail::configuration().testParams.maxSuccess;
    }
    return max_success;
}

// The test parameters: rapidcheck's configuration (RC_PARAMS), with the
// number of cases from case_count and the seed chosen as described at the
// top (printed, with how to replay it).
inline rc::detail::TestParams params_with_default(const std::string& id, int max_success) {
    rc::detail::TestParams params = rc::detail::configuration().testParams;
    params.maxSuccess = case_count(max_success);
    const char* env = std::getenv("RC_PARAMS");
    const std::string_view rc_params = env == nullptr ? std::string_view() : std::string_view(env);
    const char* how = "from RC_PARAMS";
    if (rc_params.find("seed=") == std::string_view::npos) {
        if (fresh_seeds()) {
            params.seed = (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
            how = "fresh";
        } else {
            params.seed = fixed_seed(id);
            how = "fixed";
        }
    }
    current_test::get().seed = std::to_string(params.seed);
    std::cout << "property " << id << ": seed " << params.seed << " (" << how << "; replay with RC_PARAMS=\"seed="
              << params.seed << "\")" << std::endl;
    return params;
}

// Drops every event: for properties expected to fail, so that the end-of-run
// "properties had failures, reproduce with" banner lists only real failures.
struct quiet_listener final : rc::detail::TestListener {
    void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
    void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
    void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

// Checks `testable` as property `id`; the reproduce token is keyed by id.
template <class Testable>
rc::detail::TestResult run_property(const std::string& id, Testable&& testable, int max_success,
                                    bool expected_to_fail = false) {
    rc::detail::TestMetadata metadata;
    metadata.id = id;
    metadata.description = id;
    const auto params = params_with_default(id, max_success);
    const auto property = rc::detail::toProperty(std::forward<Testable>(testable));
    if (expected_to_fail) {
        quiet_listener quiet;
        return rc::detail::checkProperty(property, metadata, params, quiet);
    }
    return rc::detail::checkProperty(property, metadata, params);
}

inline std::string result_message(const rc::detail::TestResult& result) {
    std::ostringstream os;
    rc::detail::printResultMessage(result, os);
    return os.str();
}

}  // namespace synclab::properties
