// The model layer's futex ledger, behind the Relacy binding's futex observer
// hook (relacy_futex_hook in primitives/platform/relacy_mirrors.hpp): it hears
// what each futex word does in an iteration and, after a DEADLOCK, names the
// sleepers whose wake-up was lost (the LOST WAKE-UP verdict, engine.hpp).
//
// Its standard headers are among those the binding includes before Relacy's
// (which must come after every standard header), so including this after the
// binding adds none after Relacy's.
#pragma once

#include <cstdint>
#include <source_location>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "primitives/platform/relacy.hpp"

namespace synclab::models {

// The futex ledger: what each futex word did in the current iteration (its
// declaration, its latest value and the store that made it, the last
// futex_wake on it) and who sleeps on which word expecting what. Relacy
// reports a wait nobody ends only as DEADLOCK (every thread blocked); with
// this ledger the model layer tells a lost wake-up apart: a sleeper whose
// word no longer holds the value it went to sleep on, with no futex_wake
// since the store that changed it (engine.hpp reads it after a DEADLOCK).
// The ledger is the Relacy binding's futex observer (relacy_futex_observer,
// primitives/platform/relacy_mirrors.hpp): only futex words (relacy::futex_word)
// are recorded, through their own operations, so the ledger costs nothing
// elsewhere. It keeps fixed tables and never allocates (inside a simulation
// Relacy replaces operator new); the engine resets it and installs it in
// platform::relacy_futex_hook at each iteration's start.
class futex_ledger final : public platform::relacy_futex_observer {
public:
    static constexpr int max_words = 64;
    static constexpr int max_threads = 16;

    // One store (or wake) as the ledger keeps it. `order` is the ledger's own
    // clock: which of two events came first.
    struct event {
        bool happened = false;
        int thread = -1;  // -1: before any thread ran (construction)
        std::source_location at;
        std::uint64_t order = 0;
    };
    struct word_record {
        const void* word = nullptr;
        std::source_location declared;
        int value = 0;       // the latest value in the word's modification order
        event last_store;    // the store (or read-modify-write) that wrote `value`
        event last_wake;     // the last futex_wake on the word
        int last_wake_woke = 0;
    };
    struct sleeper_record {
        bool asleep = false;
        const void* word = nullptr;
        int expected = 0;
        bool timed = false;
        std::source_location at;
        std::uint64_t order = 0;
    };

    void reset() noexcept {
        word_count_ = 0;
        overflowed_ = false;
        clock_ = 0;
        for (auto& s : sleepers_) s = sleeper_record{};
    }

    void declared(const void* word, int value, const std::source_location& at) noexcept override {
        word_record* w = find_or_add(word);
        if (w == nullptr) return;
        *w = word_record{};
        w->word = word;
        w->declared = at;
        w->value = value;
        w->last_store = {true, -1, at, ++clock_};
    }
    void stored(const void* word, int value, const std::source_location& at) noexcept override {
        word_record* w = find_or_add(word);
        if (w == nullptr) return;
        w->value = value;
        w->last_store = {true, current_thread(), at, ++clock_};
    }
    void woke(const void* word, int woken, const std::source_location& at) noexcept override {
        word_record* w = find_or_add(word);
        if (w == nullptr) return;
        w->last_wake = {true, current_thread(), at, ++clock_};
        w->last_wake_woke = woken;
    }
    void falls_asleep(const void* word, int expected, bool timed,
                      const std::source_location& at) noexcept override {
        const int t = current_thread();
        if (t < 0 || t >= max_threads) return;
        sleepers_[t] = {true, word, expected, timed, at, ++clock_};
    }
    void wakes_up() noexcept override {
        const int t = current_thread();
        if (t >= 0 && t < max_threads) sleepers_[t].asleep = false;
    }

    // After a DEADLOCK (outside the simulation: this allocates): one line per
    // thread still asleep, untimed, on a word whose latest value is not the
    // one it slept on. Empty when there is none (a deadlock of another kind),
    // or when the ledger overflowed and cannot tell.
    std::vector<std::string> lost_wake_ups() const {
        std::vector<std::string> found;
        if (overflowed_) return found;
        for (int t = 0; t < max_threads; ++t) {
            const sleeper_record& s = sleepers_[t];
            if (!s.asleep || s.timed) continue;
            const word_record* w = find(s.word);
            if (w == nullptr || w->value == s.expected) continue;
            std::ostringstream line;
            line << "thread " << t << " sleeps in " << function_of(s.at) << " at " << place(s.at)
                 << " on the futex word declared at " << place(w->declared) << ", expecting " << s.expected
                 << ", but the word is now " << w->value << ": ";
            const event& st = w->last_store;
            if (st.thread < 0) {
                line << "its initial value";
            } else {
                line << "thread " << st.thread << " stored it in " << function_of(st.at) << " at " << place(st.at)
                     << (st.order > s.order ? " after the sleep began" : " before the sleep began (the sleeper's compare read an older value)");
            }
            const event& wk = w->last_wake;
            if (!wk.happened) {
                line << ", and no futex_wake on the word followed (none at all in this execution)";
            } else if (wk.order < st.order) {
                line << ", and no futex_wake on the word followed (the last one, by thread " << wk.thread << " at "
                     << place(wk.at) << ", came before that store)";
            } else {
                line << "; the futex_wake after it, by thread " << wk.thread << " at " << place(wk.at) << ", woke "
                     << w->last_wake_woke << " thread" << (w->last_wake_woke == 1 ? "" : "s") << " and not this one";
            }
            found.push_back(line.str());
        }
        return found;
    }

    // A file as the repository names it (primitives/mutex/futex_mutex.hpp(115)):
    // the repository's root is where this header's own path,
    // models/futex_ledger.hpp, begins.
    static std::string place(const std::source_location& at) {
        std::string_view file = at.file_name();
        const std::string_view self = std::source_location::current().file_name();
        constexpr std::string_view self_in_repo = "models/futex_ledger.hpp";
        if (self.ends_with(self_in_repo)) {
            const std::string_view root = self.substr(0, self.size() - self_in_repo.size());
            if (file.starts_with(root)) file.remove_prefix(root.size());
        }
        return std::string(file) + "(" + std::to_string(at.line()) + ")";
    }
    // "futex_mutex<P, F>::lock_contended()": the compiler's name without its
    // return type, namespace and template arguments' bindings.
    static std::string function_of(const std::source_location& at) {
        std::string_view f = at.function_name();
        if (const auto with = f.find(" [with "); with != std::string_view::npos) f = f.substr(0, with);
        const auto paren = f.find('(');
        if (const auto space = f.rfind(' ', paren); space != std::string_view::npos) f.remove_prefix(space + 1);
        for (std::string_view ns : {"synclab::models::", "synclab::"}) {
            if (f.starts_with(ns)) f.remove_prefix(ns.size());
        }
        return std::string(f);
    }

private:
    static int current_thread() noexcept { return int(rl::ctx().current_thread()); }

    const word_record* find(const void* word) const noexcept {
        for (int i = 0; i < word_count_; ++i) {
            if (words_[i].word == word) return &words_[i];
        }
        return nullptr;
    }
    word_record* find_or_add(const void* word) noexcept {
        for (int i = 0; i < word_count_; ++i) {
            if (words_[i].word == word) return &words_[i];
        }
        if (word_count_ == max_words) {
            overflowed_ = true;
            return nullptr;
        }
        words_[word_count_] = word_record{};
        words_[word_count_].word = word;
        return &words_[word_count_++];
    }

    word_record words_[max_words];
    int word_count_ = 0;
    bool overflowed_ = false;
    std::uint64_t clock_ = 0;
    sleeper_record sleepers_[max_threads];
};

// The one ledger: the engine resets and installs it at each iteration's start
// and reads it after a DEADLOCK.
inline futex_ledger iteration_futex_ledger;

}  // namespace synclab::models
