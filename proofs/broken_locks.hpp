// Deliberately broken Lockables: the concurrent and sequential properties must
// find each of them failing (a checker that cannot fail is a defect).
#pragma once

#include <mutex>

namespace synclab::proofs {

// Excludes nobody: lock() and try_lock() do nothing.
struct null_lock {
    void lock() {}
    bool try_lock() { return true; }
    void unlock() {}
};

// Excludes correctly, but try_lock() always fails, even on a free lock: a lock
// that claims try_lock never fails spuriously must be caught by rule 4.
struct never_try_lock {
    void lock() { m.lock(); }
    bool try_lock() { return false; }
    void unlock() { m.unlock(); }
    std::mutex m;
};

}  // namespace synclab::proofs
