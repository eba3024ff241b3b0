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
// the last linearized operation and tries the call after it). Memoisation: a
// (set of linearized operations, spec state) pair already explored is never
// explored again, since what follows depends only on that pair.
//
// Why memoisation alone is not enough. One thread's operations are linearized
// in its program order, so the linearized sets of a history of T threads are
// tuples of per-thread prefixes, at most (n/T + 1)^T of them. The states are
// what explode: a FIFO queue's state is the order of the items in it, and
// overlapping pushes give every interleaving of them its own state. A legal
// history whose calls were widened makes the search try, say, push(5) before
// push(1) (5's call came first); if the pop that proves this wrong returns
// fifty operations later, the search first explores every order of the fifty
// operations in between, each with 5 misplaced: a heavy tail of histories
// that take millions of steps where most take hundreds (the README has the
// figures).
//
// Look-ahead (optional, per spec): a spec may offer `lookahead(history, ...)`, an
// object that says of a state reached with a set of operations linearized
// whether the remaining operations can still follow, by patterns over their
// real-time order. For FIFO queues and LIFO stacks with distinct values these
// are the violation patterns of Henzinger, Sezgin and Vafeiadis ("Aspect-
// oriented linearizability proofs", 2013) restricted to one state and the rest
// of the history: an item ahead of another whose pop returns before the first
// one's pop is called, an empty try_pop that returns before an item in the
// queue can be popped, a pop of a value nobody pushes (container_spec.cpp);
// and the same patterns in the history itself, found once, before the first
// step, which is how most broken histories are rejected. They are sound, so
// pruning on them keeps the verdict exact; they catch the misplaced push
// above when it is made, so the search rarely backtracks far.
//
// Budget and the third verdict. Linearizability checking is NP-complete in
// general (Gibbons & Korach 1997), so every check has a budget of steps and of
// seconds; when it is spent the verdict is `undecided`, reported with the
// history's size and overlap, never a hang. Steps are deterministic (the same
// history always takes the same number), which is what tests budget on.
//
// A rejected history's report shows the longest linearizable prefix found. The
// pruned search stops a prefix where the look-ahead sees it is doomed; the
// report extends it greedily (the first operation in call order that real
// time and the spec allow, again and again) to where the spec itself refuses
// every candidate, which is the explanation a reader can check by hand, and
// says of each candidate the spec allows why the look-ahead gave it up.
//
// Not done: pending operations (called, never returned), and
// P-compositionality (Horn & Kroening 2015), which splits a history into
// independent sub-histories (by key) before the search; a FIFO queue is not
// compositional by value, so it would not help the queues here.
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
// and may provide the look-ahead (spec_with_lookahead below):
//     L lookahead(const op_history<operation>&, const std::vector<bool>& overlapped)
//         const, overlapped[i] saying that operation i overlaps another
//         thread's (what step_context carries), where L has
//     bool hopeless(const state&, const detail::bitset& linearized,
//                   std::string* why) const
//         true only if no order of the operations not linearized can follow
//         `state` (a sound test: a false "hopeless" would reject a
//         linearizable history); `why`, when not null, gets a one-line reason
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace synclab::properties {

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
    undecided,  // the budget was spent first (steps or seconds)
    malformed,  // the history itself is broken (ret before call, overlapping ops of one thread)
};

const char* to_string(lin_outcome o) noexcept;

// What one check may spend, and how it searches. Steps (spec applications)
// are deterministic: the same history always takes the same number, so tests
// budget on them; the seconds are a wall-clock guard for users' long
// histories (0: none).
struct lin_options {
    std::size_t max_steps = std::size_t{1} << 20;
    double max_seconds = 10.0;
    // Use the spec's look-ahead where it has one (off: the plain search, for
    // measuring what the look-ahead saves).
    bool lookahead = true;
};

// The shape of a history, reported with an undecided verdict (and measured by
// the checker's benchmark): how much its operations overlap.
struct history_shape {
    std::size_t operations = 0;
    std::size_t threads = 0;
    std::size_t max_open = 0;        // most operations in progress at one ticket
    double mean_overlapping = 0;     // other operations each one overlaps, on average
    std::string describe() const;    // "120 operations of 3 threads, ..."
};

struct lin_result {
    lin_outcome outcome = lin_outcome::linearizable;
    // linearizable: a witness order (indices into the history); otherwise the
    // longest prefix of a linearization the search reached.
    std::vector<std::size_t> order;
    std::size_t steps = 0;       // operations tried (spec applications), both searches
    std::size_t pruned = 0;      // states the look-ahead found hopeless
    double seconds = 0;          // wall-clock time of the check
    history_shape shape;
    // For a rejected, undecided or malformed history: the history as a
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

history_shape shape_of(const std::vector<rendered_op>& ops);

// "10 s", "0.5 s"
std::string seconds_text(double seconds);

}  // namespace detail

// A spec that offers the look-ahead described at the top.
template <class S>
concept spec_with_lookahead =
    sequential_spec<S> && requires(const S& spec, const op_history<typename S::operation>& h,
                                   const std::vector<bool>& overlapped) {
        spec.lookahead(h, overlapped);
        requires requires(const decltype(spec.lookahead(h, overlapped))& l, const typename S::state& s,
                          const detail::bitset& done, std::string* why) {
            { l.hopeless(s, done, why) } -> std::convertible_to<bool>;
        };
    };

// The look-ahead's type for a spec that has one; std::nullptr_t otherwise.
template <class Spec>
struct lookahead_of {
    using type = std::nullptr_t;
};
template <spec_with_lookahead Spec>
struct lookahead_of<Spec> {
    using type = decltype(std::declval<const Spec&>().lookahead(
        std::declval<const op_history<typename Spec::operation>&>(), std::declval<const std::vector<bool>&>()));
};

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

namespace detail {

// One Wing & Gong / Lowe search over a well-formed history (see the top).
// `hopeless` is the look-ahead, or a function that never prunes.
struct search_outcome {
    lin_outcome outcome = lin_outcome::linearizable;
    std::vector<std::size_t> order;  // the witness, or the longest prefix reached
    std::size_t steps = 0;
    std::size_t pruned = 0;
};

template <class Spec, class Hopeless>
search_outcome search(const Spec& spec, const op_history<typename Spec::operation>& history,
                      const std::vector<bool>& overlapped, const Hopeless& hopeless, std::size_t max_steps,
                      std::chrono::steady_clock::time_point deadline) {
    using state_t = typename Spec::state;
    const std::size_t n = history.size();
    search_outcome result;

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

    struct memo_key {
        bitset done;
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
    bitset done(n);
    state_t state = spec.initial();

    if (hopeless(state, done)) {  // a pattern in the history itself
        ++result.pruned;
        result.outcome = lin_outcome::not_linearizable;
        return result;
    }
    std::size_t e = next[0];
    while (next[0] != none) {
        if (result.steps >= max_steps ||
            ((result.steps & 255) == 0 && std::chrono::steady_clock::now() >= deadline)) {
            result.outcome = lin_outcome::undecided;
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
            bool take = false;
            if (after) {
                bitset done_after = done;
                done_after.set(ev.op);
                // A pair seen before is never explored twice; a fresh one the
                // look-ahead finds hopeless stays in the memo, as explored.
                if (memo.insert(memo_key{done_after, *after}).second) {
                    take = !hopeless(*after, done_after);
                    if (!take) ++result.pruned;
                }
            }
            if (take) {
                stack.push_back(frame{e, std::move(state)});
                state = std::move(*after);
                done.set(ev.op);
                unlink(e);  // lift the operation: its call and its return
                unlink(match[e]);
                if (stack.size() > result.order.size()) {
                    result.order.clear();
                    for (const frame& f : stack) result.order.push_back(entry_at(f.call_entry).op);
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
            relink(match[top.call_entry]);  // put it back, in the reverse order
            relink(top.call_entry);
            e = next[top.call_entry];
        }
    }
    if (result.outcome == lin_outcome::linearizable) {
        result.order.clear();
        for (const frame& f : stack) result.order.push_back(entry_at(f.call_entry).op);
    }
    return result;
}

}  // namespace detail

template <sequential_spec Spec>
lin_result check_linearizable(const Spec& spec, const op_history<typename Spec::operation>& history,
                              const std::vector<std::string>& thread_names = {}, const lin_options& budget = {}) {
    using state_t = typename Spec::state;
    const auto started = std::chrono::steady_clock::now();
    const auto deadline =
        budget.max_seconds > 0
            ? started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(budget.max_seconds))
            : std::chrono::steady_clock::time_point::max();
    const std::size_t n = history.size();
    const std::vector<rendered_op> shown = render(spec, history);
    lin_result result;
    result.shape = detail::shape_of(shown);
    auto finish = [&] {
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return std::move(result);
    };
    if (auto bad = detail::malformed(shown)) {
        result.outcome = lin_outcome::malformed;
        result.report = "malformed history: " + *bad + "\n" + render_timeline(shown, thread_names);
        return finish();
    }
    const std::vector<bool> overlapped = detail::overlaps(shown);
    const auto never = [](const state_t&, const detail::bitset&) { return false; };

    // Made once: it indexes the history (and finds the history's own patterns).
    std::optional<typename lookahead_of<Spec>::type> look;
    if constexpr (spec_with_lookahead<Spec>) {
        if (budget.lookahead) look.emplace(spec.lookahead(history, overlapped));
    }
    const bool looked_ahead = look.has_value();
    detail::search_outcome found;
    if constexpr (spec_with_lookahead<Spec>) {
        if (looked_ahead) {
            const auto hopeless = [&](const state_t& s, const detail::bitset& done) {
                return look->hopeless(s, done, nullptr);
            };
            found = detail::search(spec, history, overlapped, hopeless, budget.max_steps, deadline);
        }
    }
    if (!looked_ahead) {
        found = detail::search(spec, history, overlapped, never, budget.max_steps, deadline);
    } else if (found.outcome == lin_outcome::not_linearizable) {
        // The report's prefix (see the top): from the longest prefix the
        // pruned search reached, take the first operation (in call order)
        // that real time and the spec allow, until none is.
        state_t s = spec.initial();
        detail::bitset in(n);
        for (std::size_t i : found.order) {
            s = *spec.apply(s, history[i].op, step_context{overlapped[i]}, nullptr);
            in.set(i);
        }
        std::vector<std::size_t> by_call(n);
        for (std::size_t i = 0; i < n; ++i) by_call[i] = i;
        std::stable_sort(by_call.begin(), by_call.end(),
                         [&](std::size_t a, std::size_t b) { return history[a].call < history[b].call; });
        for (bool extended = true; extended && found.order.size() < n;) {
            extended = false;
            std::uint64_t first_ret = UINT64_MAX;
            for (std::size_t i = 0; i < n; ++i) {
                if (!in.test(i)) first_ret = std::min(first_ret, history[i].ret);
            }
            for (std::size_t i : by_call) {
                if (in.test(i) || history[i].call > first_ret) continue;
                ++found.steps;
                if (auto after = spec.apply(s, history[i].op, step_context{overlapped[i]}, nullptr)) {
                    s = std::move(*after);
                    in.set(i);
                    found.order.push_back(i);
                    extended = true;
                    break;
                }
            }
        }
    }
    result.outcome = found.outcome;
    result.steps = found.steps;
    result.pruned = found.pruned;
    result.order = std::move(found.order);
    if (result.outcome == lin_outcome::linearizable) return finish();
    const std::vector<std::size_t>& longest = result.order;

    // The report: the timeline, the longest prefix, the candidates after it.
    std::string r;
    if (result.outcome == lin_outcome::undecided) {
        r = "undecided (budget spent: " + std::to_string(result.steps) + " of " +
            std::to_string(budget.max_steps) + " steps" +
            (budget.max_seconds > 0 ? ", " + detail::seconds_text(budget.max_seconds) : std::string()) +
            ") as a " + spec.name() + ": " + result.shape.describe() + "\n";
    } else if (result.outcome == lin_outcome::malformed) {
        r = "malformed event list as a " + spec.name() + "\n";
    } else {
        r = "not linearizable as a " + spec.name() + " (" + std::to_string(n) + " operations)\n";
        if constexpr (spec_with_lookahead<Spec>) {
            std::string why;
            if (looked_ahead && look->hopeless(spec.initial(), detail::bitset(n), &why)) {
                r += "the history itself rules out every order: " + why + "\n";
            }
        }
    }
    r += render_timeline(shown, thread_names);
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
    // For an operation the spec allows here: the look-ahead's reason, if any.
    const auto doomed = [&](const state_t& after, std::size_t i) {
        std::string why;
        if constexpr (spec_with_lookahead<Spec>) {
            detail::bitset with = in_prefix;
            with.set(i);
            if (!looked_ahead || !look->hopeless(after, with, &why)) why.clear();
        }
        return why;
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (in_prefix.test(i) || history[i].call > first_ret) continue;
        std::string why;
        if (auto after = spec.apply(s, history[i].op, step_context{overlapped[i]}, &why)) {
            const std::string doom = doomed(*after, i);
            why = doom.empty() ? "allowed here, but no linearization of the rest follows it"
                               : "allowed here, but then " + doom;
        }
        r += "  " + who(i) + ": " + why + "\n";
    }
    result.report = std::move(r);
    return finish();
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

}  // namespace synclab::properties
