// The order knob of the memory-order audit: the Relacy binding's order
// observer (platform/relacy_mirrors.hpp) as the model layer installs it.
//
// It does two things, both keyed by a place (file, line, column: where the
// operation's std::source_location says it was called):
//
//   record   every place that runs an atomic operation with a non-relaxed
//            order, a fence, a futex_wake or a notify: its operation, its
//            declared orders, its function and how often it ran. The audit
//            (models/orders.hpp) learns the places to weaken from the model
//            runs themselves, not from the header's text.
//   weaken   the operation at one place runs with a weaker order (a
//            compare-exchange's success and failure orders each), a fence at
//            one place is removed, a wake or notify at one place is dropped:
//            `synclab check ID --weaken FILE:LINE[:COL]=ORDER` and
//            `--drop-wake FILE:LINE[:COL]`.
//
// Called inside the simulation, where Relacy replaces operator new: the
// record is a fixed array, matching compares characters in place, and
// nothing here allocates or throws once a run has started (but the message of
// a misfit change, on its way to exit 2).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

#include "primitives/platform/relacy.hpp"

namespace synclab::models {

using platform::relacy_operation;

constexpr const char* to_string(relacy_operation op) noexcept {
    switch (op) {
    case relacy_operation::load: return "load";
    case relacy_operation::store: return "store";
    case relacy_operation::read_modify_write: return "read-modify-write";
    case relacy_operation::compare_exchange: return "compare-exchange";
    case relacy_operation::fence: return "fence";
    case relacy_operation::futex_wake: return "futex_wake";
    case relacy_operation::notify: return "notify";
    }
    return "?";
}

constexpr bool is_wake(relacy_operation op) noexcept {
    return op == relacy_operation::futex_wake || op == relacy_operation::notify;
}

// The orders' names as the command line spells them (consume is acquire here:
// every compiler treats it so).
constexpr const char* order_name(std::memory_order mo) noexcept {
    switch (mo) {
    case std::memory_order_relaxed: return "relaxed";
    case std::memory_order_consume: return "consume";
    case std::memory_order_acquire: return "acquire";
    case std::memory_order_release: return "release";
    case std::memory_order_acq_rel: return "acq_rel";
    case std::memory_order_seq_cst: return "seq_cst";
    }
    return "?";
}

inline std::optional<std::memory_order> order_named(std::string_view name) {
    for (const auto mo : {std::memory_order_relaxed, std::memory_order_acquire, std::memory_order_release,
                          std::memory_order_acq_rel, std::memory_order_seq_cst}) {
        if (name == order_name(mo)) return mo;
    }
    return std::nullopt;
}

// The orders an operation may take: a load no release part, a store no
// acquire part, a compare-exchange's failure order is a load's.
inline bool allowed(relacy_operation op, std::memory_order mo, bool failure_order = false) noexcept {
    const bool load_like = op == relacy_operation::load || failure_order;
    if (load_like) return mo != std::memory_order_release && mo != std::memory_order_acq_rel;
    if (op == relacy_operation::store) return mo != std::memory_order_acquire && mo != std::memory_order_acq_rel &&
                                              mo != std::memory_order_consume;
    return true;
}

// Strength as the parts an order has: acquire, release, and the single total
// order of seq_cst. relaxed < acquire, release < acq_rel < seq_cst.
constexpr unsigned order_parts(std::memory_order mo) noexcept {
    switch (mo) {
    case std::memory_order_relaxed: return 0;
    case std::memory_order_consume:
    case std::memory_order_acquire: return 1;
    case std::memory_order_release: return 2;
    case std::memory_order_acq_rel: return 3;
    case std::memory_order_seq_cst: return 7;
    }
    return 7;
}

// Whether `stronger` has every part `weaker` has.
constexpr bool at_least(std::memory_order stronger, std::memory_order weaker) noexcept {
    return (order_parts(stronger) & order_parts(weaker)) == order_parts(weaker);
}

// The weakest order with every part of both.
constexpr std::memory_order joined(std::memory_order a, std::memory_order b) noexcept {
    switch (order_parts(a) | order_parts(b)) {
    case 0: return std::memory_order_relaxed;
    case 1: return std::memory_order_acquire;
    case 2: return std::memory_order_release;
    case 3: return std::memory_order_acq_rel;
    default: return std::memory_order_seq_cst;
    }
}

// The orders one step weaker than `mo` that the operation may take (for a
// fence, relaxed: the fence removed).
inline std::vector<std::memory_order> one_step_weaker(relacy_operation op, std::memory_order mo,
                                                      bool failure_order = false) {
    std::vector<std::memory_order> out;
    const auto keep = [&](std::memory_order w) {
        if (allowed(op, w, failure_order)) out.push_back(w);
    };
    switch (mo) {
    case std::memory_order_seq_cst:
        if (op == relacy_operation::load || failure_order) keep(std::memory_order_acquire);
        else if (op == relacy_operation::store) keep(std::memory_order_release);
        else keep(std::memory_order_acq_rel);
        break;
    case std::memory_order_acq_rel:
        keep(std::memory_order_acquire);
        keep(std::memory_order_release);
        break;
    case std::memory_order_consume:
    case std::memory_order_acquire:
    case std::memory_order_release: keep(std::memory_order_relaxed); break;
    case std::memory_order_relaxed: break;
    }
    return out;
}

// The strongest failure order that Relacy (and C++11's rule) accepts with a
// given success order: no release part, no stronger than the success order.
constexpr std::memory_order failure_cap(std::memory_order success) noexcept {
    switch (success) {
    case std::memory_order_release:
    case std::memory_order_relaxed: return std::memory_order_relaxed;
    case std::memory_order_acq_rel:
    case std::memory_order_acquire: return std::memory_order_acquire;
    default: return success;
    }
}

// One place's operation as the record keeps it.
struct recorded_place {
    const char* file = nullptr;      // as the source_location names it
    const char* function = nullptr;
    unsigned line = 0, column = 0;
    relacy_operation op = relacy_operation::load;
    std::memory_order order = std::memory_order_relaxed;    // as written (before any weakening)
    std::memory_order failure = std::memory_order_relaxed;  // compare-exchange only
    std::uint64_t executed = 0;
};

// One change the knob makes, as `--weaken FILE:LINE[:COL]=ORDER[/FAILURE]`
// or `--drop-wake FILE:LINE[:COL]` gives it.
struct weakening {
    std::string file;      // a path, matched as a suffix of the place's (whole components)
    unsigned line = 0;
    unsigned column = 0;   // 0: any operation on the line
    std::optional<std::memory_order> order;    // the (success) order
    std::optional<std::memory_order> failure;  // a compare-exchange's failure order
    bool drop = false;     // --drop-wake
    // What the run found (written inside the simulation; read after it).
    std::uint64_t hits = 0;            // operations it changed (or found already as weak)
    bool misfit = false;               // it matched an operation that cannot take the order
    relacy_operation misfit_op = relacy_operation::load;
    std::memory_order misfit_declared = std::memory_order_relaxed;
    bool misfit_failure = false;       // the misfit was the compare-exchange's failure order

    // The flag that gives this change, for a replay command.
    std::string flag() const {
        std::string at = file + ":" + std::to_string(line) + (column ? ":" + std::to_string(column) : "");
        if (drop) return "--drop-wake " + at;
        std::string text = "--weaken " + at + "=";
        if (order) text += order_name(*order);
        if (failure) text += std::string(order ? "/" : "failure:") + order_name(*failure);
        return text;
    }
};

// "dir/x/../y.hpp" -> "dir/y.hpp", into out (no allocation).
inline void normalized_path(const char* path, char* out, std::size_t size) {
    std::size_t n = 0;
    for (const char* p = path; *p != '\0' && n + 1 < size;) {
        if (std::strncmp(p, "../", 3) == 0 && n > 0) {
            // drop the last component written (out ends with '/')
            std::size_t cut = n - 1;
            while (cut > 0 && out[cut - 1] != '/') --cut;
            const bool parent_is_dots = n - cut >= 3 && std::strncmp(out + cut, "../", 3) == 0;
            if (!parent_is_dots) {
                n = cut;
                p += 3;
                continue;
            }
        }
        if (std::strncmp(p, "./", 2) == 0 && (n == 0 || out[n - 1] == '/')) {
            p += 2;
            continue;
        }
        out[n++] = *p++;
    }
    out[n] = '\0';
}

inline std::string normalized_path(const char* path) {
    char buffer[1024];
    normalized_path(path, buffer, sizeof buffer);
    return buffer;
}

// Whether `suffix` names `path`: equal, or a suffix starting at a component.
inline bool path_ends_with(const char* path, std::string_view suffix) noexcept {
    char buffer[1024];
    normalized_path(path, buffer, sizeof buffer);
    const std::string_view p(buffer);
    if (suffix.empty() || suffix.size() > p.size()) return false;
    if (p.substr(p.size() - suffix.size()) != suffix) return false;
    return p.size() == suffix.size() || p[p.size() - suffix.size() - 1] == '/' || suffix.front() == '/';
}

class order_knob final : public platform::relacy_order_observer {
public:
    static constexpr std::size_t max_places = 2048;

    std::vector<weakening> weakenings;  // set before a run, never resized during one
    bool recording = false;
    bool recording_relaxed = false;     // record relaxed operations too (--list-places)
    // A change that meets an operation that cannot take its order ends the
    // process at once, exit 2, saying so (a run by hand: bad input, and the
    // rest of the run would only hide it). The audit leaves it off: its
    // change without a column also meets the relaxed neighbours of its place.
    bool exit_on_misfit = false;

    void ordering(relacy_operation op, const std::source_location& at, std::memory_order& order,
                  std::memory_order& failure) noexcept override {
        if (recording && (recording_relaxed || order != std::memory_order_relaxed || op == relacy_operation::fence ||
                          (op == relacy_operation::compare_exchange && failure != std::memory_order_relaxed)))
            record(op, at, order, failure);
        for (weakening& w : weakenings) {
            if (!matches(w, at)) continue;
            if (w.drop) {
                misfit(w, op, order, false);
                continue;
            }
            std::memory_order new_order = order, new_failure = failure;
            if (w.order) {
                if (!allowed(op, *w.order) || !at_least(order, *w.order)) {
                    misfit(w, op, order, false);
                    continue;
                }
                new_order = *w.order;
                if (op == relacy_operation::compare_exchange && !at_least(failure_cap(new_order), new_failure))
                    new_failure = failure_cap(new_order);
            }
            if (w.failure) {
                if (op != relacy_operation::compare_exchange || !at_least(new_failure, *w.failure)) {
                    misfit(w, op, failure, op == relacy_operation::compare_exchange);
                    continue;
                }
                new_failure = *w.failure;
            }
            order = new_order;
            failure = new_failure;
            ++w.hits;
        }
    }

    bool drops(relacy_operation op, const std::source_location& at) noexcept override {
        if (recording) {
            std::memory_order none = std::memory_order_relaxed;
            record(op, at, none, none);
        }
        bool dropped = false;
        for (weakening& w : weakenings) {
            if (!matches(w, at)) continue;
            if (!w.drop) {
                misfit(w, op, std::memory_order_relaxed, false);
                continue;
            }
            ++w.hits;
            dropped = true;
        }
        return dropped;
    }

    // The record: every place that ran, in the order first seen.
    const recorded_place* begin() const noexcept { return places_.data(); }
    const recorded_place* end() const noexcept { return places_.data() + count_; }
    bool overflowed() const noexcept { return overflow_; }
    void clear_record() noexcept {
        count_ = 0;
        overflow_ = false;
    }

private:
    static bool matches(const weakening& w, const std::source_location& at) noexcept {
        return at.line() == w.line && (w.column == 0 || at.column() == w.column) &&
               path_ends_with(at.file_name(), w.file);
    }
    void misfit(weakening& w, relacy_operation op, std::memory_order declared, bool failure) const noexcept {
        w.misfit = true;
        w.misfit_op = op;
        w.misfit_declared = declared;
        w.misfit_failure = failure;
        if (exit_on_misfit) {
            // The only allocation inside a run, on the way out: the run never resumes.
            std::fprintf(stderr, "synclab_model: %s\n", misfit_message(w).c_str());
            std::fflush(stdout);
            std::_Exit(2);
        }
    }

public:
    // What a misfit change met, in a sentence.
    static std::string misfit_message(const weakening& w) {
        std::string m = w.flag() + ": the operation there is a " + to_string(w.misfit_op);
        if (is_wake(w.misfit_op)) return m + ", which --drop-wake drops; --weaken changes orders";
        if (w.drop) return m + ", not a futex_wake or notify";
        m += std::string(" with ") + (w.misfit_failure ? "failure order " : "order ") + order_name(w.misfit_declared);
        return m + "; --weaken takes an order weaker than that which the operation may take (a load: acquire, "
                   "relaxed; a store: release, relaxed; a fence: relaxed removes it)";
    }

private:
    void record(relacy_operation op, const std::source_location& at, std::memory_order order,
                std::memory_order failure) noexcept {
        for (std::size_t i = count_; i-- > 0;) {
            recorded_place& p = places_[i];
            if (p.line == at.line() && p.column == at.column() && p.op == op &&
                (p.file == at.file_name() || std::strcmp(p.file, at.file_name()) == 0)) {
                ++p.executed;
                // An operation whose order depends on its caller (a helper
                // taking the order as an argument) keeps the join of all seen.
                if (!at_least(p.order, order)) p.order = joined(p.order, order);
                if (!at_least(p.failure, failure)) p.failure = joined(p.failure, failure);
                return;
            }
        }
        if (count_ == max_places) {
            overflow_ = true;
            return;
        }
        places_[count_++] = {at.file_name(), at.function_name(), at.line(), at.column(), op, order, failure, 1};
    }

    std::array<recorded_place, max_places> places_{};
    std::size_t count_ = 0;
    bool overflow_ = false;
};

inline order_knob the_order_knob;

}  // namespace synclab::models
