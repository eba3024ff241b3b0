// The mutual-exclusion history checker (see history.hpp for the rules).
#include "history.hpp"

#include <algorithm>
#include <cstddef>
#include <iomanip>
#include <sstream>

namespace synclab::properties {

const char* to_string(event_kind k) noexcept {
    switch (k) {
    case event_kind::call: return "call";
    case event_kind::enter: return "enter";
    case event_kind::exit: return "exit";
    case event_kind::released: return "released";
    case event_kind::failed: return "failed";
    }
    return "?";
}

std::vector<event> merge(const std::vector<std::vector<event>>& per_thread) {
    std::vector<event> all;
    for (const auto& events : per_thread) all.insert(all.end(), events.begin(), events.end());
    std::sort(all.begin(), all.end(), [](const event& a, const event& b) { return a.seq < b.seq; });
    return all;
}

namespace {

std::string describe(const event& e) {
    std::ostringstream os;
    os << to_string(e.kind) << "(thread " << e.thread << ", op " << e.op << ") at seq " << e.seq;
    return os.str();
}

// One operation as the thread's events show it: the tickets of its steps.
struct op_span {
    const event* call = nullptr;
    const event* enter = nullptr;
    const event* exit = nullptr;
    const event* released = nullptr;
    const event* failed = nullptr;
};

// Rule 2 and the per-thread half of rule 3: thread t's events, in seq order,
// spell call (enter exit released | failed) for each of its ops in turn.
std::optional<std::string> parse_thread(std::size_t t, const std::vector<const event*>& events,
                                        const expectation& expected, std::vector<op_span>& spans) {
    const auto& ops = expected.ops[t];
    const auto& acquired = expected.acquired[t];
    spans.assign(ops.size(), {});
    std::size_t at = 0;
    auto next = [&](std::size_t op, event_kind want) -> const event* {
        if (at < events.size() && events[at]->op == op && events[at]->kind == want) return events[at++];
        return nullptr;
    };
    auto complain = [&](std::size_t op, const char* what) {
        std::ostringstream os;
        os << "thread " << t << " op " << op << " (" << (ops[op] == op_kind::lock ? "lock" : "try_lock")
           << "): " << what;
        if (at < events.size()) os << "; found " << describe(*events[at]) << " instead";
        return os.str();
    };
    for (std::size_t i = 0; i < ops.size(); ++i) {
        op_span& s = spans[i];
        if (!(s.call = next(i, event_kind::call))) return complain(i, "missing call");
        if ((s.enter = next(i, event_kind::enter))) {
            if (!acquired[i]) return complain(i, "entered but the thread saw try_lock fail");
            if (!(s.exit = next(i, event_kind::exit))) return complain(i, "entered but never exits");
            if (!(s.released = next(i, event_kind::released))) return complain(i, "exits but unlock never returned");
        } else if ((s.failed = next(i, event_kind::failed))) {
            if (ops[i] == op_kind::lock) return complain(i, "lock() cannot fail");
            if (acquired[i]) return complain(i, "failed but the thread saw try_lock succeed");
        } else {
            return complain(i, ops[i] == op_kind::lock ? "lock() never acquired" : "neither entered nor failed");
        }
    }
    if (at < events.size()) return "thread " + std::to_string(t) + ": extra " + describe(*events[at]);
    return std::nullopt;
}

// Rule 1: between any enter and its exit, no other enter.
std::optional<std::string> check_no_overlap(const std::vector<event>& history) {
    const event* inside = nullptr;
    for (const event& e : history) {
        if (e.kind == event_kind::enter) {
            if (inside) return "overlap: " + describe(e) + " while " + describe(*inside) + " has not exited";
            inside = &e;
        } else if (e.kind == event_kind::exit) {
            if (!inside || inside->thread != e.thread || inside->op != e.op) return "exit without its enter: " + describe(e);
            inside = nullptr;
        }
    }
    if (inside) return "missing exit: " + describe(*inside) + " never exits";
    return std::nullopt;
}

// Rule 4. The failing try_lock observed the lock held at some point between
// its call and failed tickets; the owner held it between its call and released
// tickets, so the two intervals must intersect. (The tickets order these steps
// on TSO machines, where every read-modify-write is a full fence.)
std::optional<std::string> check_failures(const std::vector<std::vector<op_span>>& spans) {
    for (std::size_t t = 0; t < spans.size(); ++t) {
        for (const op_span& f : spans[t]) {
            if (!f.failed) continue;
            bool explained = false;
            for (std::size_t u = 0; u < spans.size() && !explained; ++u) {
                if (u == t) continue;
                for (const op_span& o : spans[u]) {
                    if (o.enter && o.call->seq < f.failed->seq && o.released->seq > f.call->seq) {
                        explained = true;
                        break;
                    }
                }
            }
            if (!explained) {
                return "try_lock failed while no other thread held the lock: " + describe(*f.call) + " .. " +
                       describe(*f.failed);
            }
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> check_history(const std::vector<event>& history, const expectation& expected) {
    const std::size_t threads = expected.ops.size();
    if (expected.acquired.size() != threads) return "expectation: ops and acquired differ in thread count";
    std::vector<std::vector<const event*>> by_thread(threads);
    for (std::size_t i = 0; i < history.size(); ++i) {
        const event& e = history[i];
        if (i > 0 && history[i - 1].seq >= e.seq) return "history not strictly ordered by seq at " + describe(e);
        if (e.thread >= threads) return "event of an unknown thread: " + describe(e);
        by_thread[e.thread].push_back(&e);
    }
    std::vector<std::vector<op_span>> spans(threads);
    std::size_t expected_acquisitions = 0;
    for (std::size_t t = 0; t < threads; ++t) {
        if (auto bad = parse_thread(t, by_thread[t], expected, spans[t])) return bad;
        expected_acquisitions += std::count(expected.acquired[t].begin(), expected.acquired[t].end(), true);
    }
    if (auto bad = check_no_overlap(history)) return bad;
    const auto enters = std::count_if(history.begin(), history.end(),
                                      [](const event& e) { return e.kind == event_kind::enter; });
    if (static_cast<std::size_t>(enters) != expected_acquisitions) {
        return "acquisitions: " + std::to_string(enters) + " enters, threads saw " +
               std::to_string(expected_acquisitions);
    }
    if (!expected.try_lock_may_fail_spuriously) {
        if (auto bad = check_failures(spans)) return bad;
    }
    return std::nullopt;
}

void print_history(std::ostream& os, const std::vector<event>& history) {
    os << "     seq  thread  event     op\n";
    for (const event& e : history) {
        os << std::setw(8) << e.seq << "  " << std::setw(6) << e.thread << "  " << std::left << std::setw(8)
           << to_string(e.kind) << std::right << "  " << std::setw(3) << e.op << '\n';
    }
}

std::string history_string(const std::vector<event>& history) {
    std::ostringstream os;
    print_history(os, history);
    return os.str();
}

}  // namespace synclab::properties
