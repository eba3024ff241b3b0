// The properties, instantiated for every entry of synclab::mutex_registry over
// the native platform. Test names carry the registry id:
//   Sequential.<id>   the stateful model of Lockable (sequential.hpp)
//   Concurrent.<id>   generated multi-thread scenarios, histories checked (scenario.hpp)
#include "registry_tests.hpp"

#include <chrono>
#include <iostream>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "primitives/mutex/registry.hpp"
#include "primitives/platform/native.hpp"
#include "run_property.hpp"
#include "scenario.hpp"
#include "sequential.hpp"

namespace synclab::proofs {
namespace {

// A gtest test whose body is a callable (for tests registered at run time).
template <class Fn>
class callable_test : public ::testing::Test {
public:
    explicit callable_test(Fn fn) : fn_(std::move(fn)) {}
    void TestBody() override { fn_(); }

private:
    Fn fn_;
};

template <class Fn>
void register_test(const char* suite, const std::string& name, int line, Fn fn) {
    ::testing::RegisterTest(suite, name.c_str(), nullptr, nullptr, __FILE__, line,
                            [fn]() -> ::testing::Test* { return new callable_test<Fn>(fn); });
}

// Runs one property, prints a progress line, and fails the gtest on failure.
template <class Testable>
void expect_property(const std::string& id, Testable testable, int max_success) {
    const int cases = params_with_default(max_success).maxSuccess;  // loads RC_PARAMS, which prints it
    const auto start = std::chrono::steady_clock::now();
    std::cout << "[property] " << id << ": up to " << cases << " cases ..." << std::endl;
    const auto result = run_property(id, std::move(testable), max_success);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::cout << "[property] " << id << ": " << result_message(result) << " (" << took.count() << " s)"
              << std::endl;
    if (!result.template is<rc::detail::SuccessResult>()) {
        FAIL() << result_message(result)
               << "\n(the reproduce token is printed when the program exits; see run_property.hpp)";
    }
}

}  // namespace

std::vector<std::string> covered_ids() {
    std::vector<std::string> ids;
    mutex_registry::for_each([&]<class E>() { ids.emplace_back(E::id); });
    return ids;
}

void register_registry_tests(const settings& s) {
    mutex_registry::for_each([&]<class E>() {
        using M = typename E::template type<platform::native>;
        constexpr bool spurious = E::properties.try_lock_may_fail_spuriously;
        const std::string id(E::id);
        register_test("Sequential", id, __LINE__, [id, s] {
            expect_property("Sequential/" + id, [] { check_sequential<M, spurious>(); }, s.sequential_cases);
        });
        register_test("Concurrent", id, __LINE__, [id, s] {
            expect_property(
                "Concurrent/" + id,
                [runs = s.runs] {
                    const scenario sc = *gen_scenario();
                    check_scenario<M>(sc, spurious, runs);
                },
                s.concurrent_cases);
        });
    });
}

}  // namespace synclab::proofs
