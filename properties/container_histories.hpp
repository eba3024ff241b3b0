// Generated container histories that are linearizable by construction: a
// sequential run of a FIFO queue or LIFO stack, its operations spread over
// threads, then every interval widened (a call moved earlier, a return later,
// never past the same thread's neighbours). Widening only adds orders, so the
// run itself stays a witness; what it adds is the overlap that real
// concurrent histories have and that makes the checker search. Used by the
// linearizability properties (drawing through rapidcheck) and by the
// checker's benchmark (drawing from a seeded std::mt19937_64).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "container_spec.hpp"

namespace synclab::properties {

// The sequential run: operation k runs from ticket 2k+1 to 2k+2 on thread
// pushes_and_threads[k].second % threads; a push puts the next value (1, 2,
// ...), a try_pop takes the oldest (FIFO) or newest (LIFO) item or finds the
// container empty.
inline container_history sequential_run(discipline order,
                                        const std::vector<std::pair<bool, int>>& pushes_and_threads,
                                        std::size_t threads) {
    container_history h;
    std::vector<int> items;
    int next_value = 1;
    std::uint64_t tick = 1;
    for (auto [is_push, thread] : pushes_and_threads) {
        container_op op;
        if (is_push) {
            op = {container_op_kind::push, next_value, true};
            items.push_back(next_value++);
        } else if (items.empty()) {
            op = {container_op_kind::try_pop, 0, false};
        } else if (order == discipline::fifo) {
            op = {container_op_kind::try_pop, items.front(), true};
            items.erase(items.begin());
        } else {
            op = {container_op_kind::try_pop, items.back(), true};
            items.pop_back();
        }
        h.push_back({static_cast<std::uint16_t>(static_cast<std::size_t>(thread) % threads), tick, tick + 1, op});
        tick += 2;
    }
    return h;
}

// Widens every interval of a sequential run at random: each call moves
// earlier by draw(room + 1) tickets, where room reaches back to just after
// the thread's previous return; then each return moves later by
// draw(room + 1), room reaching up to just before the thread's next call (20
// tickets for a thread's last operation). draw(k) returns a number in
// [0, k). History order (by the original call) is kept.
template <class Draw>
void widen_randomly(container_history& h, Draw&& draw) {
    std::vector<std::uint64_t> last_ret;
    for (auto& o : h) {
        if (o.thread >= last_ret.size()) last_ret.resize(o.thread + 1u, 0);
        const std::uint64_t room = o.call - last_ret[o.thread] - 1;
        o.call -= draw(room + 1);
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
        h[i].ret += draw(room + 1);
    }
}

// Moves every return as late as its thread's next call allows (the last
// operation of a thread to the end of the history).
inline void widen_fully(container_history& h) {
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

// Breaks a history in one of the ways a faulty container does, chosen by
// draw(5): two successful pops swap their values (order broken); a
// successful pop finds it empty instead (an item lost, or an empty that is
// not); a pop takes a value another pop took too (an item twice, which also
// turns the look-ahead off); a push's value is never pushed but still popped
// (a value made up); an operation's interval moves to the end of its thread's
// room (real time changed, which may keep it legal). Many results are still
// linearizable; the checker must judge each the same with and without its
// look-ahead. Returns what it did, for the report.
template <class Draw>
std::string corrupt(container_history& h, Draw&& draw) {
    std::vector<std::size_t> pops;
    for (std::size_t i = 0; i < h.size(); ++i) {
        const auto kind = h[i].op.kind;
        if ((kind == container_op_kind::try_pop || kind == container_op_kind::pop) && h[i].op.ok) pops.push_back(i);
    }
    if (h.empty()) return "nothing (empty history)";
    switch (draw(5)) {
    case 0:
        if (pops.size() >= 2) {
            const std::size_t a = draw(pops.size()), b = draw(pops.size() - 1);
            std::swap(h[pops[a]].op.value, h[pops[b >= a ? b + 1 : b]].op.value);
            return "two pops swapped their values";
        }
        break;
    case 1:
        if (!pops.empty()) {
            auto& op = h[pops[draw(pops.size())]].op;
            op = {container_op_kind::try_pop, 0, false};
            return "a pop found it empty instead";
        }
        break;
    case 2:
        if (pops.size() >= 2) {
            const std::size_t a = draw(pops.size()), b = draw(pops.size() - 1);
            h[pops[a]].op.value = h[pops[b >= a ? b + 1 : b]].op.value;
            return "a pop took a value another pop took";
        }
        break;
    case 3:
        for (auto& o : h) {
            if (o.op.kind == container_op_kind::push) {
                o.op.value = 1000000 + o.op.value;  // the pops still take the old value
                return "a push put another value";
            }
        }
        break;
    default: {
        const std::size_t i = draw(h.size());
        std::uint64_t limit = UINT64_MAX;
        for (std::size_t j = i + 1; j < h.size(); ++j) {
            if (h[j].thread == h[i].thread) {
                limit = h[j].call;
                break;
            }
        }
        const std::uint64_t length = h[i].ret - h[i].call;
        const std::uint64_t room = limit == UINT64_MAX ? 40 : limit - h[i].ret - 1;
        const std::uint64_t shift = draw(room + 1);
        h[i].call += shift;
        h[i].ret = h[i].call + length;
        return "an operation moved " + std::to_string(shift) + " tickets later";
    }
    }
    return "nothing (too few operations)";
}

}  // namespace synclab::properties
