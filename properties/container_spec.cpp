// The container specifications (see container_spec.hpp).
#include "container_spec.hpp"

#include <sstream>
#include <stdexcept>

namespace synclab::properties {

const char* to_string(container_op_kind k) noexcept {
    switch (k) {
    case container_op_kind::push: return "push";
    case container_op_kind::try_push: return "try_push";
    case container_op_kind::pop: return "pop";
    case container_op_kind::try_pop: return "try_pop";
    }
    return "?";
}

std::optional<container_spec::state> container_spec::apply(const state& s, const operation& op,
                                                           const step_context& ctx, std::string* why) const {
    auto refuse = [&](std::string reason) -> std::optional<state> {
        if (why) *why = std::move(reason);
        return std::nullopt;
    };
    const bool excused = try_may_fail_ && ctx.overlapped;
    switch (op.kind) {
    case container_op_kind::push:
    case container_op_kind::try_push: {
        const bool blocking = op.kind == container_op_kind::push;
        if (!op.ok) {
            if (blocking) return refuse("a blocking push returned failure");
            if (full(s) || excused) return s;
            return refuse("try_push failed, but it is not full (" + std::to_string(s.size()) + " of " +
                          std::to_string(capacity_) + ")");
        }
        if (full(s)) {
            return refuse("it is full (" + std::to_string(capacity_) + (capacity_ == 1 ? " item)" : " items)"));
        }
        state after = s;
        after.push_back(op.value);
        return after;
    }
    case container_op_kind::pop:
    case container_op_kind::try_pop: {
        const bool blocking = op.kind == container_op_kind::pop;
        if (!op.ok) {
            if (blocking) return refuse("a blocking pop returned nothing");
            if (s.empty() || excused) return s;
            return refuse("try_pop found it empty, but it holds " + std::to_string(s.size()) + " item" +
                          (s.size() == 1 ? "" : "s"));
        }
        if (s.empty()) return refuse("it is empty");
        const int next = order_ == discipline::fifo ? s.front() : s.back();
        if (op.value != next) {
            bool present = false;
            for (int v : s) present = present || v == op.value;
            return refuse(std::string(order_ == discipline::fifo ? "the oldest" : "the newest") + " item is " +
                          std::to_string(next) + ", not " + std::to_string(op.value) +
                          (present ? "" : " (which is not in it)"));
        }
        state after = s;
        if (order_ == discipline::fifo) {
            after.erase(after.begin());
        } else {
            after.pop_back();
        }
        return after;
    }
    }
    return refuse("unknown operation");
}

container_spec::lookahead_t::lookahead_t(const container_spec& spec, const op_history<operation>& history,
                                         const std::vector<bool>& overlapped)
    : spec_(&spec), history_(&history), counted_empty_(history.size(), false) {
    enabled_ = true;
    for (std::size_t i = 0; i < history.size(); ++i) {
        const container_op& op = history[i].op;
        if (!op.ok) continue;
        const bool push = op.kind == container_op_kind::push || op.kind == container_op_kind::try_push;
        if (push) {
            // A value put twice: the patterns need distinct values.
            if (!push_of_.emplace(op.value, i).second) enabled_ = false;
        } else if (const auto [first, fresh] = pop_of_.emplace(op.value, i); !fresh && violation_.empty()) {
            violation_ = pop_text(first->second) + " and " + pop_text(i) + " both take " +
                         std::to_string(op.value) + ", which at most one push puts";
        }
    }
    for (std::size_t i = 0; i < history.size(); ++i) {
        const container_op& op = history[i].op;
        // An excused failure (see the top) says nothing about the state.
        counted_empty_[i] = op.kind == container_op_kind::try_pop && !op.ok &&
                            !(spec.try_may_fail_under_contention() && overlapped[i]);
    }
    if (enabled_ && violation_.empty()) violation_ = find_violation();
}

std::string container_spec::lookahead_t::find_violation() const {
    const op_history<operation>& h = *history_;
    const bool fifo = spec_->order() == discipline::fifo;
    auto at = [&](std::size_t i) {
        return " (tickets " + std::to_string(h[i].call) + ".." + std::to_string(h[i].ret) + ")";
    };
    // In history order, so that the pattern reported does not depend on the
    // hash tables' order.
    std::vector<std::size_t> pushes;
    for (std::size_t i = 0; i < h.size(); ++i) {
        const auto push = push_of_.find(h[i].op.value);
        if (push != push_of_.end() && push->second == i) pushes.push_back(i);
    }
    for (std::size_t pop = 0; pop < h.size(); ++pop) {
        const auto taker = pop_of_.find(h[pop].op.value);
        if (taker == pop_of_.end() || taker->second != pop) continue;
        const auto push = push_of_.find(h[pop].op.value);
        if (push == push_of_.end()) {
            return "no push in the history puts " + std::to_string(h[pop].op.value) + ", which " + pop_text(pop) +
                   " takes";
        }
        if (h[pop].ret < h[push->second].call) {
            return pop_text(pop) + at(pop) + " returns before the push of " + std::to_string(h[pop].op.value) +
                   " is called" + at(push->second);
        }
    }
    for (std::size_t push_a : pushes) {
        const int a = h[push_a].op.value;
        const auto pop_a = pop_of_.find(a);
        for (std::size_t push_b : pushes) {
            const int b = h[push_b].op.value;
            if (h[push_a].ret >= h[push_b].call) continue;  // push(a) before push(b) in real time
            const auto pop_b = pop_of_.find(b);
            if (fifo) {
                if (pop_b == pop_of_.end()) continue;
                if (pop_a == pop_of_.end() || h[pop_b->second].ret < h[pop_a->second].call) {
                    return "push(" + std::to_string(a) + ")" + at(push_a) + " returns before push(" +
                           std::to_string(b) + ")" + at(push_b) + " is called, so " + std::to_string(a) +
                           " is ahead of " + std::to_string(b) + ", but " +
                           (pop_a == pop_of_.end()
                                ? std::to_string(b) + " is popped (" + pop_text(pop_b->second) +
                                      at(pop_b->second) + ") and " + std::to_string(a) + " never is"
                                : pop_text(pop_b->second) + at(pop_b->second) + " returns before " +
                                      pop_text(pop_a->second) + at(pop_a->second) + " is called");
                }
            } else {
                if (pop_a == pop_of_.end() || h[push_b].ret >= h[pop_a->second].call) continue;
                if (pop_b == pop_of_.end() || h[pop_a->second].ret < h[pop_b->second].call) {
                    return std::to_string(b) + " is pushed" + at(push_b) + " onto " + std::to_string(a) + at(push_a) +
                           " before " + pop_text(pop_a->second) + at(pop_a->second) + " is called, but " +
                           (pop_b == pop_of_.end() ? std::to_string(b) + " is never popped"
                                                   : pop_text(pop_b->second) + at(pop_b->second) +
                                                         " is called after it returns");
                }
            }
        }
    }
    for (std::size_t e = 0; e < h.size(); ++e) {
        if (!counted_empty_[e]) continue;
        for (std::size_t push_x : pushes) {
            const int x = h[push_x].op.value;
            if (h[push_x].ret >= h[e].call) continue;
            const auto pop_x = pop_of_.find(x);
            if (pop_x == pop_of_.end() || h[e].ret < h[pop_x->second].call) {
                return pop_text(e) + at(e) + " finds it empty, but push(" + std::to_string(x) + ")" + at(push_x) +
                       " returned before it was called and " +
                       (pop_x == pop_of_.end() ? std::to_string(x) + " is never popped"
                                               : pop_text(pop_x->second) + at(pop_x->second) +
                                                     " is called only after it returns");
            }
        }
    }
    return {};
}

std::uint64_t container_spec::lookahead_t::leaves(int value) const {
    const auto it = pop_of_.find(value);
    return it == pop_of_.end() ? never : (*history_)[it->second].call;
}

std::string container_spec::lookahead_t::pop_text(std::size_t op) const {
    const auto& o = (*history_)[op];
    return "thread " + std::to_string(o.thread) + "'s " + spec_->show_call(o.op) + " -> " +
           spec_->show_result(o.op);
}

bool container_spec::lookahead_t::hopeless(const state& s, const detail::bitset& linearized,
                                           std::string* why) const {
    if (!enabled_) return false;
    const op_history<operation>& h = *history_;
    auto doomed = [&](std::string reason) {
        if (why) *why = std::move(reason);
        return true;
    };
    if (!violation_.empty()) return doomed(violation_);
    auto leave_text = [&](int value) {
        const std::uint64_t t = leaves(value);
        return t == never ? std::to_string(value) + " is never popped"
                          : std::to_string(value) + "'s pop is called only at ticket " + std::to_string(t);
    };
    // An item behind another leaves after it. Walking the items in leaving
    // order (FIFO: front to back; LIFO: top to bottom), `latest` is the
    // latest leaving time of the items passed, `latest_value` that item.
    const bool fifo = spec_->order() == discipline::fifo;
    std::uint64_t latest = 0;  // the latest of the items' leaving times (0: no item)
    int latest_value = 0;
    for (std::size_t k = 0; k < s.size(); ++k) {
        const int b = s[fifo ? k : s.size() - 1 - k];
        const auto pop_b = pop_of_.find(b);
        if (k > 0 && pop_b != pop_of_.end() && h[pop_b->second].ret < latest) {
            return doomed(std::to_string(b) + " is behind " + std::to_string(latest_value) + ", but " +
                          pop_text(pop_b->second) + " returns at ticket " + std::to_string(h[pop_b->second].ret) +
                          " and " + leave_text(latest_value));
        }
        const std::uint64_t t = leaves(b);
        if (k == 0 || t > latest) {
            latest = t;
            latest_value = b;
        }
    }
    for (std::size_t i = 0; i < h.size(); ++i) {
        if (linearized.test(i)) continue;
        const container_op& op = h[i].op;
        const bool pop = op.kind == container_op_kind::pop || op.kind == container_op_kind::try_pop;
        if (!pop || s.empty() || h[i].ret >= latest) continue;
        if (!op.ok && counted_empty_[i]) {
            return doomed(pop_text(i) + " must find it empty by ticket " + std::to_string(h[i].ret) + ", but " +
                          leave_text(latest_value));
        }
        // Every popped value has its push (violation_ names any that has not).
        if (op.ok && fifo && !linearized.test(push_of_.at(op.value))) {
            return doomed(std::to_string(op.value) + " will be behind " + std::to_string(latest_value) + ", but " +
                          pop_text(i) + " returns at ticket " + std::to_string(h[i].ret) + " and " +
                          leave_text(latest_value));
        }
    }
    return false;
}

std::size_t container_spec::hash(const state& s) const noexcept {
    std::size_t h = 0xcbf29ce484222325ull ^ s.size();
    for (int v : s) h = (h ^ static_cast<std::uint32_t>(v)) * 0x100000001b3ull;
    return h;
}

std::string container_spec::name() const {
    std::string n = capacity_ == 0 ? "" : "bounded ";
    n += order_ == discipline::fifo ? "FIFO queue" : "LIFO stack";
    if (capacity_ != 0) n += " of capacity " + std::to_string(capacity_);
    if (try_may_fail_) n += " (try_ may fail under contention)";
    return n;
}

std::string container_spec::show_call(const operation& op) const {
    switch (op.kind) {
    case container_op_kind::push:
    case container_op_kind::try_push: return std::string(to_string(op.kind)) + "(" + std::to_string(op.value) + ")";
    case container_op_kind::pop:
    case container_op_kind::try_pop: return std::string(to_string(op.kind)) + "()";
    }
    return "?";
}

std::string container_spec::show_result(const operation& op) const {
    switch (op.kind) {
    case container_op_kind::push: return op.ok ? "done" : "FAILED";
    case container_op_kind::try_push: return op.ok ? "true" : "false";
    case container_op_kind::pop: return op.ok ? std::to_string(op.value) : "nothing";
    case container_op_kind::try_pop: return op.ok ? std::to_string(op.value) : "empty";
    }
    return "?";
}

std::string container_spec::show_state(const state& s) const {
    std::string out = "[";
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? " " : "") + std::to_string(s[i]);
    return out + "]";
}

std::string to_text(const container_history& history) {
    std::string out;
    for (const auto& o : history) {
        out += std::to_string(o.thread) + " " + std::to_string(o.call) + " " + std::to_string(o.ret) + " " +
               to_string(o.op.kind) + " " + std::to_string(o.op.value) + (o.op.ok ? " ok\n" : " failed\n");
    }
    return out;
}

container_history container_history_from_text(const std::string& text) {
    container_history history;
    std::istringstream lines(text);
    std::string line;
    for (std::size_t number = 1; std::getline(lines, line); ++number) {
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') continue;
        std::istringstream fields(line);
        long long thread = -1;
        std::uint64_t call = 0, ret = 0;
        std::string kind, ok;
        int value = 0;
        std::string rest;
        const bool read = static_cast<bool>(fields >> thread >> call >> ret >> kind >> value >> ok);
        container_op op;
        bool known_kind = false;
        for (auto k : {container_op_kind::push, container_op_kind::try_push, container_op_kind::pop,
                       container_op_kind::try_pop}) {
            if (kind == to_string(k)) {
                op.kind = k;
                known_kind = true;
            }
        }
        if (!read || (fields >> rest) || thread < 0 || thread > 65535 || !known_kind ||
            (ok != "ok" && ok != "failed")) {
            throw std::invalid_argument("history line " + std::to_string(number) + ": '" + line +
                                        "' is not '<thread 0..65535> <call> <ret> "
                                        "<push|try_push|pop|try_pop> <value> <ok|failed>'");
        }
        op.value = value;
        op.ok = ok == "ok";
        history.push_back({static_cast<std::uint16_t>(thread), call, ret, op});
    }
    return history;
}

}  // namespace synclab::properties
