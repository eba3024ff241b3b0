// The container specifications (see container_spec.hpp).
#include "container_spec.hpp"

namespace synclab::proofs {

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

}  // namespace synclab::proofs
