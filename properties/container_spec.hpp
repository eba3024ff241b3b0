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
//
// The look-ahead (linearizability.hpp) for histories whose pushes put distinct
// values; for any other history it never prunes. With V = the items in a state and R = the operations not yet
// linearized, the state is hopeless when
//   - an item b is behind an item a (FIFO: pushed later; LIFO: pushed
//     earlier), b's pop is in R, and it returns before a's pop is called, or
//     a is never popped: b can only leave after a;
//   - (FIFO) a pop in R takes a value that is not yet pushed, and returns
//     before some item of V can leave: that value will be behind every item
//     of V;
//   - an unexcused try_pop() -> empty in R returns before some item of V can
//     leave (its pop is called after that return, or there is none);
// and, whatever the state, when the history itself has one of the patterns
// (found once, when the look-ahead is made):
//   - a pop takes a value that no push in the history puts (VFresh);
//   - two pops take the same value (VRepet);
//   - a pop of v returns before the push of v is called;
//   - (FIFO) push(a) returns before push(b) is called, b is popped, and a is
//     never popped or its pop is called after b's returns;
//   - (LIFO) push(a) returns before push(b) is called, push(b) returns before
//     a's pop is called (so b is above a then), and b is never popped or its
//     pop is called after a's returns;
//   - push(x) returns before an unexcused try_pop() -> empty is called, and x
//     is never popped or its pop is called after the try_pop returns.
// Each is sound: the items of V leave no earlier than their pops are called,
// an operation takes effect inside its interval, so any order of R that
// satisfies real time breaks one of them. They are the violations of
// Henzinger, Sezgin and Vafeiadis for queues (VFresh, VRepet, VOrd, VWit), for V
// with the state standing in for the operations already linearized.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "linearizability.hpp"

namespace synclab::properties {

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

    class lookahead_t {
    public:
        lookahead_t(const container_spec& spec, const op_history<operation>& history,
                    const std::vector<bool>& overlapped);
        bool hopeless(const state& s, const detail::bitset& linearized, std::string* why) const;

    private:
        static constexpr std::uint64_t never = UINT64_MAX;
        // The earliest an item can leave: its pop's call ticket, or never.
        std::uint64_t leaves(int value) const;
        std::string pop_text(std::size_t op) const;
        std::string find_violation() const;

        const container_spec* spec_;
        const op_history<operation>* history_;
        bool enabled_ = false;
        std::unordered_map<int, std::size_t> pop_of_;   // value -> the successful pop that takes it
        std::unordered_map<int, std::size_t> push_of_;  // value -> the successful push that puts it
        std::vector<bool> counted_empty_;               // unexcused try_pop() -> empty
        std::string violation_;                         // a pattern of the whole history, if any
    };
    lookahead_t lookahead(const op_history<operation>& history, const std::vector<bool>& overlapped) const {
        return lookahead_t(*this, history, overlapped);
    }

    discipline order() const noexcept { return order_; }
    std::size_t capacity() const noexcept { return capacity_; }
    bool try_may_fail_under_contention() const noexcept { return try_may_fail_; }

private:
    bool full(const state& s) const noexcept { return capacity_ != 0 && s.size() >= capacity_; }

    discipline order_;
    std::size_t capacity_;
    bool try_may_fail_;
};

static_assert(spec_with_lookahead<container_spec>);

// An unbounded FIFO queue (queue.ms, and the unbounded peers).
inline container_spec fifo_queue_spec() { return container_spec(discipline::fifo, 0); }
// An unbounded LIFO stack (stack.treiber, boost::lockfree::stack).
inline container_spec lifo_stack_spec() { return container_spec(discipline::lifo, 0); }
// A bounded FIFO buffer of the given capacity (the bounded buffers here).
inline container_spec bounded_buffer_spec(std::size_t capacity, bool try_may_fail_under_contention = false) {
    return container_spec(discipline::fifo, capacity, try_may_fail_under_contention);
}

using container_history = op_history<container_op>;

// A container history as text, one operation a line, for histories kept as
// data (properties/histories/) and printed with a failure so that it can be kept:
//     <thread> <call> <ret> <push|try_push|pop|try_pop> <value> <ok|failed>
// Blank lines and lines starting with '#' are skipped. Parsing throws
// std::invalid_argument naming the line and what it expected.
std::string to_text(const container_history& history);
container_history container_history_from_text(const std::string& text);

}  // namespace synclab::properties
