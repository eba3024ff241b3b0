// Running a rapidcheck property with per-property defaults that RC_PARAMS can
// override, under a stable id so that a failure can be replayed.
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

#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include <rapidcheck.h>

namespace synclab::proofs {

// The test parameters: rapidcheck's configuration (RC_PARAMS), with
// max_success replaced by our default unless RC_PARAMS sets it.
inline rc::detail::TestParams params_with_default(int max_success) {
    rc::detail::TestParams params = rc::detail::configuration().testParams;
    const char* env = std::getenv("RC_PARAMS");
    if (env == nullptr || std::string_view(env).find("max_success") == std::string_view::npos) {
        params.maxSuccess = max_success;
    }
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
    const auto params = params_with_default(max_success);
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

}  // namespace synclab::proofs
