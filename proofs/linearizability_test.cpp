// The linearizability checker against hand-written histories: known
// linearizable ones accepted, known non-linearizable ones rejected with a
// readable reason; and two generated properties: legal histories with widened
// intervals stay accepted, and a stack checked as a queue is rejected with a
// counterexample that shrinks to the minimal one.
#include <algorithm>
#include <initializer_list>
#include <deque>
#include <iostream>
#include <mutex>
#include <optional>

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "container_spec.hpp"
#include "linearizability.hpp"
#include "queue_scenario.hpp"
#include "run_property.hpp"

namespace synclab::proofs {
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

lin_result judged(const container_spec& spec, const container_history& h) {
    lin_result r = check_linearizable(spec, h);
    std::cout << "[" << to_string(r.outcome) << " as " << spec.name() << ", " << r.steps << " steps]\n"
              << (r.linearizable() ? history_timeline(spec, h) : r.report);
    return r;
}

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

// A sequential run of a container with the given discipline, as a history in
// which operation k runs from ticket 2k+1 to 2k+2 on thread threads[k], then
// each interval widened by a random amount (widening only adds orders, so a
// legal run stays linearizable). Threads run their operations in order.
container_history sequential_run(discipline order, const std::vector<std::pair<bool, int>>& pushes_and_threads,
                                 std::size_t threads) {
    // pushes_and_threads[k]: (is a push, thread)
    container_history h;
    std::vector<int> items;
    int next_value = 1;
    std::uint64_t tick = 1;
    for (auto [is_push, thread] : pushes_and_threads) {
        container_op op;
        if (is_push) {
            op = {K::push, next_value, true};
            items.push_back(next_value++);
        } else if (items.empty()) {
            op = {K::try_pop, 0, false};
        } else if (order == discipline::fifo) {
            op = {K::try_pop, items.front(), true};
            items.erase(items.begin());
        } else {
            op = {K::try_pop, items.back(), true};
            items.pop_back();
        }
        h.push_back({static_cast<std::uint16_t>(static_cast<std::size_t>(thread) % threads), tick, tick + 1, op});
        tick += 2;
    }
    return h;
}

// Moves every return as late as its thread's next call allows (the last
// operation of a thread to the end of the history).
void widen_fully(container_history& h) {
    const std::uint64_t end = h.empty() ? 0 : h.back().ret + 1;
    for (std::size_t i = 0; i < h.size(); ++i) {
        std::uint64_t hi = end;
        for (std::size_t j = i + 1; j < h.size(); ++j) {
            if (h[j].thread == h[i].thread) {
                hi = h[j].call - 1;
                break;
            }
        }
        h[i].ret = hi;
    }
}

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
    auto r = check_linearizable(fifo_queue_spec(), h);
    std::cout << "12 commuting no-ops: " << to_string(r.outcome) << " in " << r.steps << " steps\n";
    EXPECT_EQ(r.outcome, lin_outcome::not_linearizable);
    EXPECT_LE(r.steps, 12u * 4096u + 1);
}

TEST(Linearizability, AcceptsWidenedLegalHistories) {
    const auto result = run_property(
        "Linearizability/AcceptsWidenedLegalHistories",
        [] {
            const auto ops = *rc::gen::container<std::vector<std::pair<bool, int>>>(
                rc::gen::pair(rc::gen::arbitrary<bool>(), rc::gen::inRange(0, 3)));
            container_history h = sequential_run(discipline::fifo, ops, 3);
            // Widen: move each call earlier and each return later, but not past
            // the same thread's neighbours.
            std::vector<std::uint64_t> last_ret(3, 0);
            for (auto& o : h) {
                const std::uint64_t room = o.call - last_ret[o.thread] - 1;
                o.call -= *rc::gen::inRange<std::uint64_t>(0, room + 1);
                last_ret[o.thread] = o.ret;
            }
            for (std::size_t i = h.size(); i-- > 0;) {
                std::uint64_t limit = UINT64_MAX;
                for (std::size_t j = i + 1; j < h.size(); ++j) {
                    if (h[j].thread == h[i].thread) {
                        limit = h[j].call;
                        break;
                    }
                }
                const std::uint64_t room = limit == UINT64_MAX ? 20 : limit - h[i].ret - 1;
                h[i].ret += *rc::gen::inRange<std::uint64_t>(0, room + 1);
            }
            const auto r = check_linearizable(fifo_queue_spec(), h);
            RC_ASSERT(r.linearizable());
        },
        200);
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
// default-constructed) must pass the property issue 4 will run on its
// lock-free queues and stacks.

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
}  // namespace synclab::proofs
