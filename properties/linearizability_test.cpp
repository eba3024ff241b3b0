// The linearizability checker against hand-written histories: known
// linearizable ones accepted, known non-linearizable ones rejected with a
// readable reason; and two generated properties: legal histories with widened
// intervals stay accepted, and a stack checked as a queue is rejected with a
// counterexample that shrinks to the minimal one.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <initializer_list>
#include <deque>
#include <iostream>
#include <mutex>
#include <optional>

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "container_histories.hpp"
#include "container_spec.hpp"
#include "gen_util.hpp"
#include "linearizability.hpp"
#include "queue_scenario.hpp"
#include "run_property.hpp"

namespace synclab::properties {
namespace {

using K = container_op_kind;

struct step {
    int thread;
    std::uint64_t call, ret;
    K kind;
    int value;
    bool ok;
};

container_history history(std::initializer_list<step> steps) {
    container_history h;
    for (const step& s : steps) {
        h.push_back({static_cast<std::uint16_t>(s.thread), s.call, s.ret, container_op{s.kind, s.value, s.ok}});
    }
    return h;
}

lin_result judged_with(const container_spec& spec, const container_history& h, const lin_options& options) {
    lin_result r = check_linearizable(spec, h, {}, options);
    std::cout << "[" << to_string(r.outcome) << " as " << spec.name() << ", " << r.steps << " steps]\n"
              << (r.linearizable() ? history_timeline(spec, h) : r.report);
    return r;
}

lin_result judged(const container_spec& spec, const container_history& h) { return judged_with(spec, h, {}); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Linearizability, AcceptsSequentialFifoHistory) {
    auto h = history({{0, 1, 2, K::push, 1, true}, {0, 3, 4, K::push, 2, true},
                      {1, 5, 6, K::pop, 1, true}, {1, 7, 8, K::try_pop, 2, true}, {1, 9, 10, K::try_pop, 0, false}});
    auto r = judged(fifo_queue_spec(), h);
    ASSERT_TRUE(r.linearizable());
    EXPECT_EQ(r.order, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
}

TEST(Linearizability, AcceptsOverlappingEnqueuesInEitherOrder) {
    // push(1) and push(2) overlap, so the queue may hold them as 2, 1.
    auto h = history({{0, 1, 4, K::push, 1, true}, {1, 2, 3, K::push, 2, true},
                      {2, 5, 6, K::pop, 2, true}, {2, 7, 8, K::pop, 1, true}});
    auto r = judged(fifo_queue_spec(), h);
    ASSERT_TRUE(r.linearizable());
    EXPECT_EQ(r.order, (std::vector<std::size_t>{1, 0, 2, 3}));
}

TEST(Linearizability, AcceptsDequeueOverlappingItsEnqueue) {
    // The pop returns 7 before push(7) has returned: fine, they overlap.
    auto h = history({{0, 1, 4, K::push, 7, true}, {1, 2, 3, K::try_pop, 7, true}});
    EXPECT_TRUE(judged(fifo_queue_spec(), h).linearizable());
}

TEST(Linearizability, RejectsDequeueBeforeItsEnqueueBegan) {
    auto h = history({{1, 1, 2, K::try_pop, 5, true}, {0, 3, 4, K::push, 5, true}});
    auto r = judged(fifo_queue_spec(), h);
    EXPECT_EQ(r.outcome, lin_outcome::not_linearizable);
    EXPECT_TRUE(contains(r.report, "thread 1: try_pop() -> 5: it is empty")) << r.report;
}

TEST(Linearizability, RejectsFifoViolationAcrossSequentialEnqueues) {
    // push(1) returned before push(2) was called; 2 is popped, and only after
    // that pop returned is 1 popped, by another thread.
    auto h = history({{0, 1, 2, K::push, 1, true}, {0, 3, 4, K::push, 2, true},
                      {1, 5, 6, K::pop, 2, true}, {2, 7, 8, K::pop, 1, true}});
    auto r = judged(fifo_queue_spec(), h);
    EXPECT_EQ(r.outcome, lin_outcome::not_linearizable);
    EXPECT_TRUE(contains(r.report, "thread 1: pop() -> 2: the oldest item is 1, not 2")) << r.report;
}

TEST(Linearizability, AcceptsOverlappingDequeuesInEitherOrder) {
    // The same, but the two pops overlap: 1 may have been taken first.
    auto h = history({{0, 1, 2, K::push, 1, true}, {0, 3, 4, K::push, 2, true},
                      {1, 5, 8, K::pop, 2, true}, {2, 6, 9, K::pop, 1, true}, {1, 10, 11, K::try_pop, 0, false}});
    auto r = judged(fifo_queue_spec(), h);
    ASSERT_TRUE(r.linearizable());
    EXPECT_EQ(r.order, (std::vector<std::size_t>{0, 1, 3, 2, 4}));
}

TEST(Linearizability, RejectsFifoViolationSeenByOneThread) {
    auto h = history({{0, 1, 2, K::push, 1, true}, {1, 3, 4, K::push, 2, true}, {2, 5, 6, K::pop, 2, true}});
    auto r = judged(fifo_queue_spec(), h);
    EXPECT_EQ(r.outcome, lin_outcome::not_linearizable);
    EXPECT_TRUE(contains(r.report, "the oldest item is 1, not 2")) << r.report;
}

TEST(Linearizability, StackAcceptsNewestAndRejectsOlderElement) {
    auto newest = history({{0, 1, 2, K::push, 1, true}, {0, 3, 4, K::push, 2, true}, {1, 5, 6, K::pop, 2, true}});
    EXPECT_TRUE(judged(lifo_stack_spec(), newest).linearizable());
    auto older = history({{0, 1, 2, K::push, 1, true}, {0, 3, 4, K::push, 2, true}, {1, 5, 6, K::pop, 1, true}});
    auto r = judged(lifo_stack_spec(), older);
    EXPECT_EQ(r.outcome, lin_outcome::not_linearizable);
    EXPECT_TRUE(contains(r.report, "the newest item is 2, not 1")) << r.report;
}

TEST(Linearizability, RejectsLostItem) {
    // push(1) and push(2) done; try_pop takes 1, and the next finds it empty:
    // 2 was lost.
    auto h = history({{0, 1, 2, K::push, 1, true}, {0, 3, 4, K::push, 2, true},
                      {1, 5, 6, K::try_pop, 1, true}, {1, 7, 8, K::try_pop, 0, false}});
    auto r = judged(fifo_queue_spec(), h);
    EXPECT_EQ(r.outcome, lin_outcome::not_linearizable);
    EXPECT_TRUE(contains(r.report, "try_pop found it empty, but it holds 1 item")) << r.report;
}

TEST(Linearizability, RejectsDuplicatedItem) {
    auto h = history({{0, 1, 2, K::push, 1, true}, {1, 3, 6, K::pop, 1, true}, {2, 4, 5, K::pop, 1, true}});
    EXPECT_EQ(judged(fifo_queue_spec(), h).outcome, lin_outcome::not_linearizable);
}

TEST(Linearizability, BoundedBufferBlockingPushWaitsForRoom) {
    // Capacity 1: push(2) blocks until the pop of 1 makes room.
    auto waits = history({{0, 1, 2, K::push, 1, true}, {0, 3, 9, K::push, 2, true},
                          {1, 4, 6, K::pop, 1, true}, {1, 10, 11, K::pop, 2, true}});
    EXPECT_TRUE(judged(bounded_buffer_spec(1), waits).linearizable());
    // push(2) returned before the pop began: it did not wait for room.
    auto overfull = history({{0, 1, 2, K::push, 1, true}, {0, 3, 4, K::push, 2, true},
                             {1, 5, 6, K::pop, 1, true}});
    auto r = judged(bounded_buffer_spec(1), overfull);
    EXPECT_EQ(r.outcome, lin_outcome::not_linearizable);
    EXPECT_TRUE(contains(r.report, "it is full (1 item)")) << r.report;
}

TEST(Linearizability, BoundedBufferTryPushFailsOnlyWhenFull) {
    auto full = history({{0, 1, 2, K::push, 1, true}, {1, 3, 4, K::try_push, 2, false}});
    EXPECT_TRUE(judged(bounded_buffer_spec(1), full).linearizable());
    auto room = history({{0, 1, 2, K::push, 1, true}, {1, 3, 4, K::try_push, 2, false}});
    auto r = judged(bounded_buffer_spec(2), room);
    EXPECT_EQ(r.outcome, lin_outcome::not_linearizable);
    EXPECT_TRUE(contains(r.report, "try_push failed, but it is not full (1 of 2)")) << r.report;
}

// The semaphore buffer's window: thread 0's push has taken the last free slot
// but not yet written; thread 1 sees the buffer full (try_push fails) and then
// empty (try_pop fails). No order of the three operations explains both, so a
// strict bounded buffer rejects it; with try_ failures excused under
// contention it passes. A failure with nobody else around is never excused.
TEST(Linearizability, TryFailuresUnderContention) {
    auto window = history({{0, 1, 10, K::push, 1, true}, {1, 2, 3, K::try_push, 2, false},
                           {1, 4, 5, K::try_pop, 0, false}});
    EXPECT_EQ(judged(bounded_buffer_spec(1), window).outcome, lin_outcome::not_linearizable);
    EXPECT_TRUE(judged(bounded_buffer_spec(1, true), window).linearizable());
    auto alone = history({{0, 1, 2, K::push, 1, true}, {1, 3, 4, K::try_pop, 0, false}});
    auto r = judged(bounded_buffer_spec(1, true), alone);
    EXPECT_EQ(r.outcome, lin_outcome::not_linearizable);
    EXPECT_TRUE(contains(r.report, "try_pop found it empty")) << r.report;
}

TEST(Linearizability, RejectsMalformedHistories) {
    auto backwards = history({{0, 5, 4, K::push, 1, true}});
    EXPECT_EQ(judged(fifo_queue_spec(), backwards).outcome, lin_outcome::malformed);
    auto self_overlap = history({{0, 1, 4, K::push, 1, true}, {0, 2, 3, K::push, 2, true}});
    EXPECT_EQ(judged(fifo_queue_spec(), self_overlap).outcome, lin_outcome::malformed);
}

// ---------------------------------------------------------------------------
// Generated histories.

TEST(Linearizability, WideLegalHistoryIsCheap) {
    // 120 operations, round-robin over 3 threads, each return moved as late
    // as its thread allows: every operation overlaps several of the others.
    std::vector<std::pair<bool, int>> ops;
    for (int k = 0; k < 120; ++k) ops.emplace_back(k % 5 != 2 && k % 5 != 4, k % 3);
    container_history h = sequential_run(discipline::fifo, ops, 3);
    widen_fully(h);
    auto r = check_linearizable(fifo_queue_spec(), h);
    std::cout << "wide history of " << h.size() << " operations: " << to_string(r.outcome) << " in " << r.steps
              << " steps\n";
    EXPECT_TRUE(r.linearizable());
    EXPECT_LT(r.steps, 10000u);
}

TEST(Linearizability, MemoisationPrunesCommutingOperations) {
    // 12 threads, each one try_pop() -> empty, all overlapping, then a
    // try_pop returning 99, which nobody pushed. Proving that no order works
    // means trying the orders of the 12 no-ops: 12! = 479001600 of them, but
    // only 2^12 distinct (linearized set, state) pairs, which the memo visits
    // once each.
    container_history h;
    for (std::uint16_t t = 0; t < 12; ++t) h.push_back({t, 1u + t, 100u + t, {K::try_pop, 0, false}});
    h.push_back({0, 1000, 1001, {K::try_pop, 99, true}});
    lin_options plain;
    plain.lookahead = false;  // the look-ahead sees at once that nobody pushes 99
    auto r = check_linearizable(fifo_queue_spec(), h, {}, plain);
    std::cout << "12 commuting no-ops: " << to_string(r.outcome) << " in " << r.steps << " steps\n";
    EXPECT_EQ(r.outcome, lin_outcome::not_linearizable);
    EXPECT_LE(r.steps, 12u * 4096u + 1);
    EXPECT_GE(r.steps, 4096u);  // each subset of the no-ops, once
    r = check_linearizable(fifo_queue_spec(), h);
    std::cout << "with the look-ahead: " << to_string(r.outcome) << " in " << r.steps << " steps\n";
    EXPECT_EQ(r.outcome, lin_outcome::not_linearizable);
    EXPECT_TRUE(contains(r.report, "no push in the history puts 99")) << r.report;
}

// The budget of a generated history's check: steps only, so that the verdict
// does not depend on the machine's load.
lin_options generated_budget() {
    lin_options o;
    o.max_steps = std::size_t{1} << 16;
    o.max_seconds = 0;
    return o;
}

TEST(Linearizability, AcceptsWidenedLegalHistories) {
    const auto result = run_property(
        "Linearizability/AcceptsWidenedLegalHistories",
        [] {
            const auto ops = *rc::gen::container<std::vector<std::pair<bool, int>>>(
                rc::gen::pair(rc::gen::arbitrary<bool>(), rc::gen::inRange(0, 3)));
            container_history h = sequential_run(discipline::fifo, ops, 3);
            widen_randomly(h, [](std::uint64_t k) { return *rc::gen::inRange<std::uint64_t>(0, k); });
            const auto r = check_linearizable(fifo_queue_spec(), h, {}, generated_budget());
            if (!r.linearizable()) {
                RC_FAIL(std::string(to_string(r.outcome)) + " (" + std::to_string(r.steps) + " steps): " +
                        r.shape.describe() + "\n" + r.report + "the history as data (keep it in properties/histories/):\n" +
                        to_text(h));
            }
        },
        200);
    EXPECT_TRUE(result.template is<rc::detail::SuccessResult>()) << result_message(result);
}

// The histories kept as data in properties/histories/: each one took the checker
// without its look-ahead minutes (one of them hit CTest's timeout). Each must
// be decided linearizable in a few hundred steps, and, so that the data stays
// the hard case it was kept for, still be undecided without the look-ahead on
// a budget of 2^16 steps.
TEST(Linearizability, KeptHardHistoriesAreDecidedQuickly) {
    const std::filesystem::path dir = SYNCLAB_HISTORIES_DIR;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() == ".txt") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    ASSERT_GE(files.size(), 5u) << "history files in " << dir;
    for (const auto& file : files) {
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        const container_history h = container_history_from_text(text.str());
        ASSERT_FALSE(h.empty()) << file;
        lin_options budget;
        budget.max_steps = 4096;
        budget.max_seconds = 0;
        const lin_result r = check_linearizable(fifo_queue_spec(), h, {}, budget);
        std::cout << file.filename().string() << ": " << to_string(r.outcome) << " in " << r.steps << " steps ("
                  << r.pruned << " pruned), " << r.seconds * 1e3 << " ms; " << r.shape.describe() << "\n";
        EXPECT_TRUE(r.linearizable()) << file << "\n" << r.report;
        budget.lookahead = false;
        budget.max_steps = std::size_t{1} << 16;
        EXPECT_EQ(check_linearizable(fifo_queue_spec(), h, {}, budget).outcome, lin_outcome::undecided) << file;
    }
}

// The third verdict: a spent budget is reported with the history's shape.
TEST(Linearizability, SpentBudgetIsUndecidedWithTheHistorysShape) {
    std::vector<std::pair<bool, int>> ops;
    for (int k = 0; k < 60; ++k) ops.emplace_back(k % 3 != 2, k % 3);
    container_history h = sequential_run(discipline::fifo, ops, 3);
    widen_fully(h);
    lin_options budget;
    budget.max_steps = 10;
    budget.max_seconds = 0;
    const lin_result r = judged_with(fifo_queue_spec(), h, budget);
    EXPECT_EQ(r.outcome, lin_outcome::undecided);
    EXPECT_EQ(r.steps, 10u);
    EXPECT_TRUE(contains(r.report, "undecided (budget spent: 10 of 10 steps) as a FIFO queue: 60 operations of 3 "
                                   "threads, at most 3 in progress at once"))
        << r.report;
    budget.max_steps = std::size_t{1} << 20;
    budget.max_seconds = 1e-9;  // spent before the first check of the clock
    EXPECT_EQ(check_linearizable(fifo_queue_spec(), h, {}, budget).outcome, lin_outcome::undecided);
}

// The look-ahead must never change a verdict, only the number of steps:
// generated histories, legal or broken by corrupt() (container_histories.hpp),
// judged with and without it, as a FIFO queue and as a LIFO stack.
TEST(Linearizability, LookaheadNeverChangesTheVerdict) {
    const auto result = run_property(
        "Linearizability/LookaheadNeverChangesTheVerdict",
        [] {
            const auto order = *shrinking_element(discipline::fifo, discipline::lifo);
            const std::size_t threads = *rc::gen::inRange<std::size_t>(2, 5);
            const auto ops = *rc::gen::resize(
                30, rc::gen::container<std::vector<std::pair<bool, int>>>(
                        rc::gen::pair(rc::gen::arbitrary<bool>(), rc::gen::inRange(0, 4))));
            container_history h = sequential_run(order, ops, threads);
            const auto draw = [](std::uint64_t k) { return *rc::gen::inRange<std::uint64_t>(0, k); };
            widen_randomly(h, draw);
            const std::string broken = *rc::gen::arbitrary<bool>() ? corrupt(h, draw) : "nothing";
            const container_spec spec(order, 0);
            lin_options with;
            with.max_seconds = 0;
            lin_options without = with;
            without.lookahead = false;
            const lin_result a = check_linearizable(spec, h, {}, with);
            const lin_result b = check_linearizable(spec, h, {}, without);
            RC_CLASSIFY(a.linearizable(), "linearizable");
            RC_PRE(b.outcome != lin_outcome::undecided);
            if (a.outcome != b.outcome) {
                RC_FAIL("as a " + spec.name() + " (corrupted: " + broken + "): " + to_string(a.outcome) +
                        " with the look-ahead, " + to_string(b.outcome) + " without\n" +
                        (a.linearizable() ? b.report : a.report) + "as data:\n" + to_text(h));
            }
        },
        300);
    EXPECT_TRUE(result.template is<rc::detail::SuccessResult>()) << result_message(result);
}

// A stack's sequential runs checked as a FIFO queue must fail, and rapidcheck
// must shrink the counterexample to the smallest one: push(1), push(2),
// try_pop() -> 2. The shrunk history is printed as the checker reports it.
TEST(Linearizability, StackAsQueueShrinksToMinimalHistory) {
    const auto result = run_property(
        "Linearizability/StackAsQueue",
        [] {
            const auto ops = *rc::gen::container<std::vector<std::pair<bool, int>>>(
                rc::gen::pair(rc::gen::arbitrary<bool>(), rc::gen::inRange(0, 2)));
            const container_history h = sequential_run(discipline::lifo, ops, 2);
            const auto r = check_linearizable(fifo_queue_spec(), h);
            if (!r.linearizable()) RC_FAIL(std::to_string(h.size()) + " operations\n" + r.report);
        },
        300, /*expected_to_fail=*/true);
    const std::string message = result_message(result);
    std::cout << "[shrunk] " << message << std::endl;
    ASSERT_TRUE(result.template is<rc::detail::FailureResult>());
    EXPECT_TRUE(contains(message, "3 operations")) << message;
    EXPECT_TRUE(contains(message, "the oldest item is 1, not 2")) << message;
}

// ---------------------------------------------------------------------------
// Positive controls on real threads: an unbounded queue and a stack that are
// correct by construction (a std::deque under a std::mutex, try_ calls only,
// default-constructed) must pass the property that queue.ms, stack.treiber and
// the unbounded peers are checked with.

template <discipline Order>
class locked_deque {
public:
    bool try_push(int v) {
        std::lock_guard lock(m_);
        items_.push_back(v);
        return true;
    }
    std::optional<int> try_pop() {
        std::lock_guard lock(m_);
        if (items_.empty()) return std::nullopt;
        int v;
        if (Order == discipline::fifo) {
            v = items_.front();
            items_.pop_front();
        } else {
            v = items_.back();
            items_.pop_back();
        }
        return v;
    }

private:
    std::mutex m_;
    std::deque<int> items_;
};

TEST(Linearizability, LockedQueueAndStackPassOnThreads) {
    const auto queue = run_property(
        "Linearizability/LockedQueue",
        [] {
            check_container_scenario<locked_deque<discipline::fifo>>(*gen_buffer_scenario(false), 2, fifo_queue_spec());
        },
        30);
    EXPECT_TRUE(queue.template is<rc::detail::SuccessResult>()) << result_message(queue);
    const auto stack = run_property(
        "Linearizability/LockedStack",
        [] {
            check_container_scenario<locked_deque<discipline::lifo>>(*gen_buffer_scenario(false), 2, lifo_stack_spec());
        },
        30);
    EXPECT_TRUE(stack.template is<rc::detail::SuccessResult>()) << result_message(stack);
    // And each fails as the other.
    const auto stack_as_queue = run_property(
        "Linearizability/LockedStackAsQueue",
        [] {
            check_container_scenario<locked_deque<discipline::lifo>>(*gen_buffer_scenario(false), 2, fifo_queue_spec());
        },
        100, /*expected_to_fail=*/true);
    std::cout << "[shrunk] " << result_message(stack_as_queue) << std::endl;
    EXPECT_TRUE(stack_as_queue.template is<rc::detail::FailureResult>());
}

}  // namespace
}  // namespace synclab::properties
