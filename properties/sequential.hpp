// The sequential model of Lockable, as rapidcheck stateful commands.
//
// Model: one bool, held. Commands valid in each state:
//   free:  lock(), try_lock() (must succeed; where the registry says try_lock
//          may fail spuriously, it must succeed within try_lock_retries tries)
//   held:  unlock(), try_lock() from the other thread (must fail)
// Unlocking a free lock and relocking by the owner are undefined behaviour for
// a Lockable and are never generated. The other thread is one thread for the
// whole sequence, so a lock made for two threads (Peterson's) is never called
// by a third.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <ostream>
#include <thread>

#include <rapidcheck.h>
#include <rapidcheck/state.h>

namespace synclab::properties {

struct lock_model {
    bool held = false;
};

// A second thread that runs one call at a time on request, for the length of
// a sequence (the harness's own std::mutex orders the request and the result;
// the lock under test sees two threads only).
class other_thread {
public:
    other_thread() : worker_([this] { serve(); }) {}
    other_thread(const other_thread&) = delete;
    other_thread& operator=(const other_thread&) = delete;
    ~other_thread() {
        {
            std::lock_guard<std::mutex> g(m_);
            quit_ = true;
        }
        cv_.notify_all();
        worker_.join();
    }
    // Runs fn on the other thread and returns when it is done.
    void run(std::function<void()> fn) {
        std::unique_lock<std::mutex> g(m_);
        job_ = std::move(fn);
        cv_.notify_all();
        cv_.wait(g, [&] { return !job_; });
    }

private:
    void serve() {
        std::unique_lock<std::mutex> g(m_);
        for (;;) {
            cv_.wait(g, [&] { return quit_ || job_; });
            if (quit_) return;
            job_();
            job_ = nullptr;
            cv_.notify_all();
        }
    }

    std::mutex m_;
    std::condition_variable cv_;
    std::function<void()> job_;
    bool quit_ = false;
    std::thread worker_;  // last: started once the rest is built
};

// The lock under test; unlocks on destruction if a sequence ended holding it.
template <class M>
struct lock_sut {
    M mutex;
    bool held = false;
    other_thread other;
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
        sut.other.run([&] { got = sut.mutex.try_lock(); });
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
