// The sequential model of Lockable, as rapidcheck stateful commands.
//
// Model: one bool, held. Commands valid in each state:
//   free:  lock(), try_lock() (must succeed; where the registry says try_lock
//          may fail spuriously, it must succeed within try_lock_retries tries)
//   held:  unlock(), try_lock() from another, short-lived thread (must fail)
// Unlocking a free lock and relocking by the owner are undefined behaviour for
// a Lockable and are never generated.
#pragma once

#include <ostream>
#include <thread>

#include <rapidcheck.h>
#include <rapidcheck/state.h>

namespace synclab::properties {

struct lock_model {
    bool held = false;
};

// The lock under test; unlocks on destruction if a sequence ended holding it.
template <class M>
struct lock_sut {
    M mutex;
    bool held = false;
    ~lock_sut() {
        if (held) mutex.unlock();
    }
};

template <class M>
using lock_command = rc::state::Command<lock_model, lock_sut<M>>;

inline constexpr int try_lock_retries = 1000;

template <class M>
struct cmd_lock : lock_command<M> {
    void checkPreconditions(const lock_model& s) const override { RC_PRE(!s.held); }
    void apply(lock_model& s) const override { s.held = true; }
    void run(const lock_model&, lock_sut<M>& sut) const override {
        sut.mutex.lock();
        sut.held = true;
    }
    void show(std::ostream& os) const override { os << "lock()"; }
};

template <class M, bool MayFailSpuriously>
struct cmd_try_lock : lock_command<M> {
    void checkPreconditions(const lock_model& s) const override { RC_PRE(!s.held); }
    void apply(lock_model& s) const override { s.held = true; }
    void run(const lock_model&, lock_sut<M>& sut) const override {
        bool got = sut.mutex.try_lock();
        for (int i = 1; MayFailSpuriously && !got && i < try_lock_retries; ++i) got = sut.mutex.try_lock();
        RC_ASSERT(got);
        sut.held = true;
    }
    void show(std::ostream& os) const override { os << "try_lock() on a free lock"; }
};

template <class M>
struct cmd_unlock : lock_command<M> {
    void checkPreconditions(const lock_model& s) const override { RC_PRE(s.held); }
    void apply(lock_model& s) const override { s.held = false; }
    void run(const lock_model&, lock_sut<M>& sut) const override {
        sut.mutex.unlock();
        sut.held = false;
    }
    void show(std::ostream& os) const override { os << "unlock()"; }
};

template <class M>
struct cmd_try_lock_other_thread : lock_command<M> {
    void checkPreconditions(const lock_model& s) const override { RC_PRE(s.held); }
    void run(const lock_model&, lock_sut<M>& sut) const override {
        bool got = false;
        std::thread([&] { got = sut.mutex.try_lock(); }).join();
        RC_ASSERT(!got);
    }
    void show(std::ostream& os) const override { os << "try_lock() from another thread while held"; }
};

// The sequential property: a generated command sequence against the model.
template <class M, bool MayFailSpuriously>
void check_sequential() {
    lock_sut<M> sut;
    rc::state::check(lock_model{}, sut,
                     rc::state::gen::execOneOfWithArgs<cmd_lock<M>, cmd_try_lock<M, MayFailSpuriously>,
                                                       cmd_unlock<M>, cmd_try_lock_other_thread<M>>());
}

}  // namespace synclab::properties
