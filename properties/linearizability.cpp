// The specification-independent parts of the linearizability checker: the
// shape checks, the overlap flags, and the timeline layout.
#include "linearizability.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace synclab::properties {

const char* to_string(lin_outcome o) noexcept {
    switch (o) {
    case lin_outcome::linearizable: return "linearizable";
    case lin_outcome::not_linearizable: return "not linearizable";
    case lin_outcome::undecided: return "undecided (budget spent)";
    case lin_outcome::malformed: return "malformed";
    }
    return "?";
}

namespace detail {

std::size_t bitset::hash() const noexcept {
    std::size_t h = 0xcbf29ce484222325ull;
    for (std::uint64_t w : words) h = (h ^ w) * 0x100000001b3ull;
    return h;
}

std::optional<std::string> malformed(const std::vector<rendered_op>& ops) {
    std::map<std::uint16_t, std::vector<const rendered_op*>> by_thread;
    for (const rendered_op& o : ops) {
        if (o.ret <= o.call) {
            return "thread " + std::to_string(o.thread) + "'s " + o.call_text + " returns at ticket " +
                   std::to_string(o.ret) + ", not after its call at " + std::to_string(o.call);
        }
        by_thread[o.thread].push_back(&o);
    }
    for (auto& [thread, list] : by_thread) {
        std::sort(list.begin(), list.end(), [](auto* a, auto* b) { return a->call < b->call; });
        for (std::size_t i = 1; i < list.size(); ++i) {
            if (list[i]->call < list[i - 1]->ret) {
                return "thread " + std::to_string(thread) + " runs " + list[i]->call_text + " (call " +
                       std::to_string(list[i]->call) + ") before its " + list[i - 1]->call_text +
                       " returned (" + std::to_string(list[i - 1]->ret) + ")";
            }
        }
    }
    return std::nullopt;
}

std::vector<bool> overlaps(const std::vector<rendered_op>& ops) {
    std::vector<bool> out(ops.size(), false);
    for (std::size_t i = 0; i < ops.size(); ++i) {
        for (std::size_t j = 0; j < ops.size() && !out[i]; ++j) {
            if (ops[j].thread != ops[i].thread && ops[j].call < ops[i].ret && ops[i].call < ops[j].ret) {
                out[i] = true;
            }
        }
    }
    return out;
}

history_shape shape_of(const std::vector<rendered_op>& ops) {
    history_shape shape;
    shape.operations = ops.size();
    std::set<std::uint16_t> threads;
    std::vector<std::uint64_t> calls, rets;
    for (const rendered_op& o : ops) {
        threads.insert(o.thread);
        calls.push_back(o.call);
        rets.push_back(o.ret);
    }
    shape.threads = threads.size();
    std::sort(calls.begin(), calls.end());
    std::sort(rets.begin(), rets.end());
    // Operations j overlapping i: j.call < i.ret and i.call < j.ret, that is
    // (calls before i.ret) - (returns at or before i.call) - i itself.
    double total = 0;
    for (const rendered_op& o : ops) {
        const auto called = std::lower_bound(calls.begin(), calls.end(), o.ret) - calls.begin();
        const auto gone = std::upper_bound(rets.begin(), rets.end(), o.call) - rets.begin();
        total += static_cast<double>(called - gone - 1);
        // At o's call, the operations in progress (o among them).
        const auto open = std::upper_bound(calls.begin(), calls.end(), o.call) - calls.begin() - gone;
        shape.max_open = std::max(shape.max_open, static_cast<std::size_t>(open));
    }
    shape.mean_overlapping = ops.empty() ? 0 : total / static_cast<double>(ops.size());
    return shape;
}

std::string seconds_text(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%g s", seconds);
    return text;
}

}  // namespace detail

std::string history_shape::describe() const {
    char mean[32];
    std::snprintf(mean, sizeof mean, "%.1f", mean_overlapping);
    return std::to_string(operations) + " operations of " + std::to_string(threads) + " threads, at most " +
           std::to_string(max_open) + " in progress at once, each overlapping " + mean + " others on average";
}

std::string render_timeline(const std::vector<rendered_op>& ops, const std::vector<std::string>& thread_names) {
    // Threads as columns, in the order of their numbers.
    std::map<std::uint16_t, std::size_t> column;
    for (const rendered_op& o : ops) column.emplace(o.thread, 0);
    std::vector<std::string> header{"ticket"};
    std::size_t c = 0;
    for (auto& [thread, col] : column) {
        col = c++;
        header.push_back(thread < thread_names.size() && !thread_names[thread].empty()
                             ? thread_names[thread]
                             : "thread " + std::to_string(thread));
    }
    // One row per event: (ticket, column, text); between an operation's call
    // and its return, its column shows "|".
    struct cell_event {
        std::uint64_t ticket;
        std::size_t col;
        std::string text;
        bool is_call;
        std::uint64_t ret;  // for calls: when the bar ends
    };
    std::vector<cell_event> events;
    for (const rendered_op& o : ops) {
        const std::size_t col = column[o.thread];
        events.push_back({o.call, col, o.call_text, true, o.ret});
        events.push_back({o.ret, col, "'-> " + o.result_text, false, 0});
    }
    std::stable_sort(events.begin(), events.end(), [](const cell_event& a, const cell_event& b) {
        return a.ticket != b.ticket ? a.ticket < b.ticket : (a.is_call && !b.is_call);
    });
    std::vector<std::size_t> width(column.size(), 0);
    for (std::size_t k = 0; k < column.size(); ++k) width[k] = header[k + 1].size();
    for (const cell_event& ev : events) width[ev.col] = std::max(width[ev.col], ev.text.size());

    std::ostringstream os;
    auto row = [&](const std::string& first, const std::vector<std::string>& cells) {
        std::string line = std::string(first.size() < 8 ? 8 - first.size() : 0, ' ') + first;
        for (std::size_t k = 0; k < cells.size(); ++k) {
            line += "  " + cells[k];
            if (k + 1 < cells.size()) line += std::string(width[k] - std::min(width[k], cells[k].size()), ' ');
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        os << line << '\n';
    };
    row(header[0], std::vector<std::string>(header.begin() + 1, header.end()));
    std::vector<bool> open(column.size(), false);  // a bar runs in this column
    for (const cell_event& ev : events) {
        std::vector<std::string> cells(column.size());
        for (std::size_t k = 0; k < cells.size(); ++k) {
            if (open[k]) cells[k] = "|";
        }
        cells[ev.col] = ev.text;
        open[ev.col] = ev.is_call;
        row(std::to_string(ev.ticket), cells);
    }
    return os.str();
}

}  // namespace synclab::properties
