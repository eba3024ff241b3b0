// The history checker against hand-made histories: it accepts a correct
// interleaving and rejects each kind of violation it claims to catch.
#include <initializer_list>
#include <iostream>
#include <tuple>

#include <gtest/gtest.h>

#include "history.hpp"

namespace synclab::properties {
namespace {

using K = event_kind;
constexpr auto L = op_kind::lock;
constexpr auto T = op_kind::try_lock;

// Events in the order given, numbered seq 1, 2, ...
std::vector<event> history(std::initializer_list<std::tuple<int, K, int>> steps) {
    std::vector<event> h;
    std::uint64_t seq = 1;
    for (auto [thread, kind, op] : steps) {
        h.push_back(event{seq++, static_cast<std::uint16_t>(thread), kind, static_cast<std::uint16_t>(op)});
    }
    return h;
}

// Both threads run one lock() each.
expectation two_lockers() { return expectation{{{L}, {L}}, {{true}, {true}}, false}; }

std::optional<std::string> verdict(const std::vector<event>& h, const expectation& x) {
    auto v = check_history(h, x);
    std::cout << (v ? "rejected: " + *v : std::string("accepted")) << '\n' << history_string(h);
    return v;
}

TEST(Checker, AcceptsCorrectInterleaving) {
    auto h = history({{0, K::call, 0}, {1, K::call, 0}, {0, K::enter, 0}, {0, K::exit, 0},
                      {0, K::released, 0}, {1, K::enter, 0}, {1, K::exit, 0}, {1, K::released, 0}});
    EXPECT_EQ(verdict(h, two_lockers()), std::nullopt);
}

TEST(Checker, RejectsOverlappingCriticalSections) {
    auto h = history({{0, K::call, 0}, {1, K::call, 0}, {0, K::enter, 0}, {1, K::enter, 0},
                      {0, K::exit, 0}, {0, K::released, 0}, {1, K::exit, 0}, {1, K::released, 0}});
    auto v = verdict(h, two_lockers());
    ASSERT_TRUE(v);
    EXPECT_NE(v->find("overlap"), std::string::npos);
}

TEST(Checker, RejectsMissingExit) {
    auto h = history({{0, K::call, 0}, {0, K::enter, 0}, {1, K::call, 0}});
    auto v = verdict(h, two_lockers());
    ASSERT_TRUE(v);
    EXPECT_NE(v->find("never exits"), std::string::npos);
}

TEST(Checker, RejectsLockNeverAcquired) {
    auto h = history({{0, K::call, 0}, {0, K::enter, 0}, {0, K::exit, 0}, {0, K::released, 0}, {1, K::call, 0}});
    auto v = verdict(h, two_lockers());
    ASSERT_TRUE(v);
    EXPECT_NE(v->find("never acquired"), std::string::npos);
}

TEST(Checker, RejectsOutcomeTheThreadDidNotSee) {
    // Thread 1's try_lock entered, but the thread saw it fail: counts disagree.
    auto h = history({{1, K::call, 0}, {1, K::enter, 0}, {1, K::exit, 0}, {1, K::released, 0}});
    auto v = verdict(h, expectation{{{}, {T}}, {{}, {false}}, false});
    ASSERT_TRUE(v);
}

TEST(Checker, RejectsTryLockFailureOnFreeLock) {
    // Thread 1's try_lock fails after thread 0 released: nobody held the lock.
    auto h = history({{0, K::call, 0}, {0, K::enter, 0}, {0, K::exit, 0}, {0, K::released, 0},
                      {1, K::call, 0}, {1, K::failed, 0}});
    const expectation x{{{L}, {T}}, {{true}, {false}}, false};
    auto v = verdict(h, x);
    ASSERT_TRUE(v);
    EXPECT_NE(v->find("no other thread held"), std::string::npos);
    // Allowed where the registry says try_lock may fail spuriously.
    auto spurious = x;
    spurious.try_lock_may_fail_spuriously = true;
    EXPECT_EQ(verdict(h, spurious), std::nullopt);
}

TEST(Checker, AcceptsTryLockFailureWhileHeld) {
    auto h = history({{0, K::call, 0}, {0, K::enter, 0}, {1, K::call, 0}, {1, K::failed, 0},
                      {0, K::exit, 0}, {0, K::released, 0}});
    EXPECT_EQ(verdict(h, expectation{{{L}, {T}}, {{true}, {false}}, false}), std::nullopt);
}

}  // namespace
}  // namespace synclab::properties
