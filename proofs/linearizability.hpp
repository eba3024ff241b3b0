// Linearizability of recorded concurrent histories against a sequential
// specification (Herlihy & Wing 1990), generic over the specification.
//
// A history is a set of completed operations, each with the thread that ran it,
// what it was called with and returned (the spec's `operation`), and the
// interval [call, ret] of global tickets it ran in (see history_recorder
// below). It is linearizable if some total order of its operations
//   1. respects real time: if a.ret < b.call, a comes before b, and
//   2. is a legal sequential run of the specification from its initial state,
//      each operation returning what it returned in the history.
//
// The search is Wing & Gong's (1993) in the form of Lowe ("Testing for
// linearizability", 2017), also the algorithm of the Porcupine and Knossos
// checkers: the call and return events, in ticket order, form a linked list.
// Walking it, at a call the search tries to linearize that operation next (its
// call comes before every pending return, so real time allows it): if the spec
// accepts it from the current state, the operation's two events are lifted out
// of the list and the search restarts from the head; otherwise it moves on to
// the next call. Reaching a return event means the operation returning there
// must already have been linearized and was not: the search backtracks (undoes
// the last linearized operation and tries the call after it). Memoisation makes
// it practical: a (set of linearized operations, spec state) pair already
// explored is never explored again, since what follows depends only on that
// pair. The search is exponential in the worst case; `max_steps` bounds it and
// the outcome is then inconclusive. Histories here are tens of operations.
//
// Not done (issue 4 may want them): pending operations (called, never
// returned), and P-compositionality (Horn & Kroening 2015), which splits a
// history into independent sub-histories (by key or by value) before the
// search.
//
// A sequential specification S provides (see container_spec.hpp for queues,
// stacks and bounded buffers):
//     typename S::state                  copyable, ==
//     typename S::operation              input and observed output of one call
//     S::state initial() const
//     std::optional<S::state> apply(const state&, const operation&,
//                                   const step_context&, std::string* why) const
//         the state after the operation, or nothing if the spec does not allow
//         the operation's observed output from `state`; when refusing and
//         `why` is not null, stores a one-line reason
//     std::size_t hash(const state&) const
//     std::string name() const           e.g. "bounded FIFO queue of capacity 2"
//     std::string show_call(const operation&) const     "try_pop()"
//     std::string show_result(const operation&) const   "21" or "empty"
//     std::string show_state(const state&) const        "[11 21]"
#pragma once

#include <algorithm>
#include <atomic>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace synclab::proofs {

// One completed operation of a history.
template <class Op>
struct timed_op {
    std::uint16_t thread = 0;
    std::uint64_t call = 0;  // ticket taken just before the invocation
    std::uint64_t ret = 0;   // ticket taken just after the response
    Op op{};
};

template <class Op>
using op_history = std::vector<timed_op<Op>>;

// What the search tells the spec about an operation besides the operation.
struct step_context {
    // Its interval overlaps an operation of another thread. A spec may use it
    // to allow what an implementation may only do under contention (e.g. a
    // try_pop that fails while another operation is half done).
    bool overlapped = false;
};

template <class S>
concept sequential_spec = requires(const S& spec, const typename S::state& s, const typename S::operation& op,
                                   const step_context& ctx, std::string* why) {
    { spec.initial() } -> std::convertible_to<typename S::state>;
    { spec.apply(s, op, ctx, why) } -> std::same_as<std::optional<typename S::state>>;
    { spec.hash(s) } -> std::convertible_to<std::size_t>;
    { s == s } -> std::convertible_to<bool>;
    { spec.name() } -> std::convertible_to<std::string>;
    { spec.show_call(op) } -> std::convertible_to<std::string>;
    { spec.show_result(op) } -> std::convertible_to<std::string>;
    { spec.show_state(s) } -> std::convertible_to<std::string>;
};

enum class lin_outcome : std::uint8_t {
    linearizable,
    not_linearizable,
    inconclusive,  // the search passed max_steps
    malformed,     // the history itself is broken (ret before call, overlapping ops of one thread)
};

const char* to_string(lin_outcome o) noexcept;

struct lin_result {
    lin_outcome outcome = lin_outcome::linearizable;
    // linearizable: a witness order (indices into the history); otherwise the
    // longest prefix of a linearization the search reached.
    std::vector<std::size_t> order;
    std::size_t steps = 0;  // operations tried (spec applications)
    // For a rejected, inconclusive or malformed history: the history as a
    // timeline, the longest linearizable prefix with the state after each
    // operation, and why none of the candidates could come next.
    std::string report;
    bool linearizable() const noexcept { return outcome == lin_outcome::linearizable; }
};

// ---------------------------------------------------------------------------
// Rendering (linearizability.cpp): specification-independent layout.

// An operation as text, for the timeline.
struct rendered_op {
    std::uint16_t thread = 0;
    std::uint64_t call = 0;
    std::uint64_t ret = 0;
    std::string call_text;    // "try_pop()"
    std::string result_text;  // "21"
};

// Rows in ticket order, one column per thread; an operation is drawn from its
// call ("try_pop()") through "|" rows to its return ("'-> 21"). thread_names
// may name some threads (e.g. the main thread); others are "thread N".
std::string render_timeline(const std::vector<rendered_op>& ops, const std::vector<std::string>& thread_names = {});

// ---------------------------------------------------------------------------
// The checker.

namespace detail {

// A set of operation indices as bits, the memo key's first half.
struct bitset {
    std::vector<std::uint64_t> words;
    explicit bitset(std::size_t n) : words((n + 63) / 64, 0) {}
    void set(std::size_t i) { words[i / 64] |= std::uint64_t{1} << (i % 64); }
    void reset(std::size_t i) { words[i / 64] &= ~(std::uint64_t{1} << (i % 64)); }
    bool test(std::size_t i) const { return (words[i / 64] >> (i % 64)) & 1u; }
    bool operator==(const bitset&) const = default;
    std::size_t hash() const noexcept;
};

// Checks the history's shape; a message on the first problem.
std::optional<std::string> malformed(const std::vector<rendered_op>& ops);

// overlapped[i]: op i's interval overlaps an operation of another thread.
std::vector<bool> overlaps(const std::vector<rendered_op>& ops);

}  // namespace detail

template <sequential_spec Spec>
std::vector<rendered_op> render(const Spec& spec, const op_history<typename Spec::operation>& history) {
    std::vector<rendered_op> out;
    out.reserve(history.size());
    for (const auto& o : history) {
        out.push_back(rendered_op{o.thread, o.call, o.ret, spec.show_call(o.op), spec.show_result(o.op)});
    }
    return out;
}

// The history as a timeline (for printing a history that passed, too).
template <sequential_spec Spec>
std::string history_timeline(const Spec& spec, const op_history<typename Spec::operation>& history,
                             const std::vector<std::string>& thread_names = {}) {
    return render_timeline(render(spec, history), thread_names);
}

template <sequential_spec Spec>
lin_result check_linearizable(const Spec& spec, const op_history<typename Spec::operation>& history,
                              const std::vector<std::string>& thread_names = {},
                              std::size_t max_steps = std::size_t{1} << 22) {
    using state_t = typename Spec::state;
    const std::size_t n = history.size();
    const std::vector<rendered_op> shown = render(spec, history);
    lin_result result;
    if (auto bad = detail::malformed(shown)) {
        result.outcome = lin_outcome::malformed;
        result.report = "malformed history: " + *bad + "\n" + render_timeline(shown, thread_names);
        return result;
    }
    const std::vector<bool> overlapped = detail::overlaps(shown);

    // The event list: entry 0 is the head sentinel; entries 1..2n are the
    // calls and returns in ticket order (a call before a return at equal
    // tickets, which only hand-written histories have).
    struct entry {
        std::uint64_t time;
        bool is_call;
        std::size_t op;
    };
    std::vector<entry> events;
    events.reserve(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        events.push_back({history[i].call, true, i});
        events.push_back({history[i].ret, false, i});
    }
    std::sort(events.begin(), events.end(), [](const entry& a, const entry& b) {
        return a.time != b.time ? a.time < b.time : (a.is_call && !b.is_call);
    });
    const std::size_t m = events.size() + 1;
    const std::size_t none = m;  // "no entry"
    std::vector<std::size_t> next(m), prev(m), match(m);
    std::vector<std::size_t> call_of(n), return_of(n);
    for (std::size_t k = 0; k < events.size(); ++k) {
        (events[k].is_call ? call_of : return_of)[events[k].op] = k + 1;
    }
    for (std::size_t e = 0; e < m; ++e) {
        next[e] = e + 1 < m ? e + 1 : none;
        prev[e] = e == 0 ? none : e - 1;
    }
    for (std::size_t i = 0; i < n; ++i) {
        match[call_of[i]] = return_of[i];
        match[return_of[i]] = call_of[i];
    }
    auto entry_at = [&](std::size_t e) -> const entry& { return events[e - 1]; };
    auto unlink = [&](std::size_t e) {
        next[prev[e]] = next[e];
        if (next[e] != none) prev[next[e]] = prev[e];
    };
    auto relink = [&](std::size_t e) {  // the reverse of unlink, in reverse order
        next[prev[e]] = e;
        if (next[e] != none) prev[next[e]] = e;
    };
    auto lift = [&](std::size_t call_entry) {
        unlink(call_entry);
        unlink(match[call_entry]);
    };
    auto unlift = [&](std::size_t call_entry) {
        relink(match[call_entry]);
        relink(call_entry);
    };

    struct memo_key {
        detail::bitset done;
        state_t state;
        bool operator==(const memo_key& o) const { return done == o.done && state == o.state; }
    };
    struct memo_hash {
        const Spec* spec;
        std::size_t operator()(const memo_key& k) const {
            return k.done.hash() ^ (static_cast<std::size_t>(spec->hash(k.state)) * 0x9e3779b97f4a7c15ull);
        }
    };
    std::unordered_set<memo_key, memo_hash> memo(64, memo_hash{&spec});

    struct frame {
        std::size_t call_entry;
        state_t before;
    };
    std::vector<frame> stack;
    detail::bitset done(n);
    state_t state = spec.initial();
    std::vector<std::size_t> longest;

    std::size_t e = next[0];
    while (next[0] != none) {
        if (result.steps >= max_steps) {
            result.outcome = lin_outcome::inconclusive;
            break;
        }
        if (e == none) {  // cannot happen: the list ends with a return
            result.outcome = lin_outcome::malformed;
            break;
        }
        const entry& ev = entry_at(e);
        if (ev.is_call) {
            ++result.steps;
            std::optional<state_t> after =
                spec.apply(state, history[ev.op].op, step_context{overlapped[ev.op]}, nullptr);
            bool fresh = false;
            if (after) {
                detail::bitset done_after = done;
                done_after.set(ev.op);
                fresh = memo.insert(memo_key{std::move(done_after), *after}).second;
            }
            if (fresh) {
                stack.push_back(frame{e, std::move(state)});
                state = std::move(*after);
                done.set(ev.op);
                lift(e);
                if (stack.size() > longest.size()) {
                    longest.clear();
                    for (const frame& f : stack) longest.push_back(entry_at(f.call_entry).op);
                }
                e = next[0];
            } else {
                e = next[e];
            }
        } else {
            // A return of an operation not yet linearized: backtrack.
            if (stack.empty()) {
                result.outcome = lin_outcome::not_linearizable;
                break;
            }
            frame top = std::move(stack.back());
            stack.pop_back();
            state = std::move(top.before);
            done.reset(entry_at(top.call_entry).op);
            unlift(top.call_entry);
            e = next[top.call_entry];
        }
    }
    if (result.outcome == lin_outcome::linearizable && next[0] == none) {
        for (const frame& f : stack) result.order.push_back(entry_at(f.call_entry).op);
        return result;
    }
    result.order = longest;

    // The report: the timeline, the longest prefix, the candidates after it.
    std::string r = (result.outcome == lin_outcome::inconclusive
                         ? "inconclusive: the search passed " + std::to_string(max_steps) + " steps; "
                         : std::string("not linearizable as a ")) +
                    spec.name() + " (" + std::to_string(n) + " operations)\n" +
                    render_timeline(shown, thread_names);
    auto who = [&](std::size_t i) {
        const auto t = history[i].thread;
        return (t < thread_names.size() && !thread_names[t].empty() ? thread_names[t]
                                                                     : "thread " + std::to_string(t)) +
               ": " + spec.show_call(history[i].op) + " -> " + spec.show_result(history[i].op);
    };
    state_t s = spec.initial();
    detail::bitset in_prefix(n);
    r += "longest linearizable prefix (" + std::to_string(longest.size()) + " of " + std::to_string(n) +
         " operations), state after each:\n";
    r += "  start                              " + spec.show_state(s) + "\n";
    for (std::size_t i : longest) {
        s = *spec.apply(s, history[i].op, step_context{overlapped[i]}, nullptr);
        in_prefix.set(i);
        std::string line = "  " + who(i);
        if (line.size() < 36) line.resize(36, ' ');
        r += line + " " + spec.show_state(s) + "\n";
    }
    // Candidates: operations not in the prefix whose call precedes every
    // return of an operation not in the prefix.
    std::uint64_t first_ret = UINT64_MAX;
    for (std::size_t i = 0; i < n; ++i) {
        if (!in_prefix.test(i)) first_ret = std::min(first_ret, history[i].ret);
    }
    r += "none of the operations that could come next fits from state " + spec.show_state(s) + ":\n";
    for (std::size_t i = 0; i < n; ++i) {
        if (in_prefix.test(i) || history[i].call > first_ret) continue;
        std::string why;
        if (spec.apply(s, history[i].op, step_context{overlapped[i]}, &why)) {
            why = "allowed here, but no linearization of the rest follows it";
        }
        r += "  " + who(i) + ": " + why + "\n";
    }
    result.report = std::move(r);
    return result;
}

// ---------------------------------------------------------------------------
// Recording a history on real threads.
//
// Every call and every return takes a ticket from one atomic counter. The
// tickets' order agrees with happens-before: each fetch_add is seq_cst, and a
// later fetch_add reads the value an earlier one wrote (through a release
// sequence of read-modify-writes), so it synchronizes with it. Hence if
// a.ret < b.call, everything a did, its linearization point included,
// happens-before b's call: the real-time order the checker uses is one the
// implementation must respect.
template <class Op>
class history_recorder {
public:
    explicit history_recorder(std::size_t threads) : per_thread_(threads) {}

    // Just before the invocation; returns the call ticket.
    std::uint64_t call() noexcept {
        // seq_cst: pairs with every other ticket's fetch_add (see above).
        return ticket_.fetch_add(1, std::memory_order_seq_cst);
    }
    // Just after the response; only thread `thread` may use its slot.
    void returned(std::uint16_t thread, std::uint64_t call_ticket, Op op) {
        // seq_cst: pairs with every other ticket's fetch_add (see above).
        const std::uint64_t ret = ticket_.fetch_add(1, std::memory_order_seq_cst);
        per_thread_[thread].push_back(timed_op<Op>{thread, call_ticket, ret, std::move(op)});
    }

    // After every recording thread has been joined: the operations by call.
    op_history<Op> merged() const {
        op_history<Op> all;
        for (const auto& ops : per_thread_) all.insert(all.end(), ops.begin(), ops.end());
        std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.call < b.call; });
        return all;
    }

private:
    std::atomic<std::uint64_t> ticket_{1};
    std::vector<op_history<Op>> per_thread_;
};

}  // namespace synclab::proofs
