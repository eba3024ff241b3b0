// Sequential specifications of containers, for the linearizability checker
// (linearizability.hpp): a FIFO queue, a LIFO stack, and a bounded buffer (a
// FIFO queue of fixed capacity). One operation type serves them all:
//
//     push(v)      blocking: returns once v is in; never fails
//     try_push(v)  ok = whether v went in (fails when full)
//     pop()        blocking: returns an item (ok = true); ok = false means it
//                  returned nothing, which no spec here allows
//     try_pop()    ok = whether it got an item, value = that item
//
// A blocking operation is partial (Herlihy & Wing): it is only allowed in a
// state where it can complete (push when not full, pop when not empty), so a
// blocking pop that returned must be linearized after some push of its item.
// Items are plain ints; the tests push distinct values, which keeps the search
// small and the reports readable.
//
// try_may_fail_under_contention: when true, a try_push or try_pop may fail in
// any state provided its interval overlaps an operation of another thread (a
// failure with nobody else around must still be a real full or empty). The
// semaphore bounded buffer needs it: its counts lag the ring while another
// operation is between its two semaphores (see queue_scenario.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "linearizability.hpp"

namespace synclab::proofs {

enum class container_op_kind : std::uint8_t { push, try_push, pop, try_pop };

const char* to_string(container_op_kind k) noexcept;

struct container_op {
    container_op_kind kind = container_op_kind::push;
    int value = 0;    // pushed, or popped when ok
    bool ok = true;   // try_push stored it / a pop got an item
};

enum class discipline : std::uint8_t { fifo, lifo };

class container_spec {
public:
    using operation = container_op;
    // The items in, oldest first (so a stack's top is last), printed so too.
    using state = std::vector<int>;

    // capacity 0: unbounded.
    container_spec(discipline order, std::size_t capacity, bool try_may_fail_under_contention = false)
        : order_(order), capacity_(capacity), try_may_fail_(try_may_fail_under_contention) {}

    state initial() const { return {}; }
    std::optional<state> apply(const state& s, const operation& op, const step_context& ctx, std::string* why) const;
    std::size_t hash(const state& s) const noexcept;

    std::string name() const;
    std::string show_call(const operation& op) const;
    std::string show_result(const operation& op) const;
    std::string show_state(const state& s) const;

    discipline order() const noexcept { return order_; }
    std::size_t capacity() const noexcept { return capacity_; }
    bool try_may_fail_under_contention() const noexcept { return try_may_fail_; }

private:
    bool full(const state& s) const noexcept { return capacity_ != 0 && s.size() >= capacity_; }

    discipline order_;
    std::size_t capacity_;
    bool try_may_fail_;
};

static_assert(sequential_spec<container_spec>);

// An unbounded FIFO queue (issue 4's lock-free queues).
inline container_spec fifo_queue_spec() { return container_spec(discipline::fifo, 0); }
// An unbounded LIFO stack (issue 4's stacks).
inline container_spec lifo_stack_spec() { return container_spec(discipline::lifo, 0); }
// A bounded FIFO buffer of the given capacity (the bounded buffers here).
inline container_spec bounded_buffer_spec(std::size_t capacity, bool try_may_fail_under_contention = false) {
    return container_spec(discipline::fifo, capacity, try_may_fail_under_contention);
}

using container_history = op_history<container_op>;

}  // namespace synclab::proofs
