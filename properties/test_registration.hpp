// Registering gtest tests at run time, one per registry entry, and running a
// rapidcheck property inside one with a progress line (shared by the
// *_tests.cpp files).
#pragma once

#include <chrono>
#include <iostream>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "run_property.hpp"

namespace synclab::properties {

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
void register_test(const char* suite, const std::string& name, const char* file, int line, Fn fn) {
    ::testing::RegisterTest(suite, name.c_str(), nullptr, nullptr, file, line,
                            [fn]() -> ::testing::Test* { return new callable_test<Fn>(fn); });
}

// Runs one property, prints a progress line, and fails the gtest on failure.
template <class Testable>
void expect_property(const std::string& id, Testable testable, int max_success) {
    const int cases = case_count(max_success);
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

}  // namespace synclab::properties
