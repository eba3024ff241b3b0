// The mutex family's toys (see ../toys.hpp): broken Lockables that show the
// checks of a lock can fail.
//
//   no_lock          lock() and try_lock() do nothing: excludes nobody. The
//                    stress harness's owner count and plain counter must
//                    break (selftest~no-lock); the property layer's sequential
//                    model and concurrent histories must refute it.
//   never_try_lock   excludes correctly, but try_lock() fails even on a free
//                    lock: a lock that claims try_lock never fails spuriously
//                    must be refuted by the property layer.
#pragma once

#include "../toys.hpp"

namespace synclab {

template <class P, class F = faithful>
struct no_lock {
    void lock() {}
    bool try_lock() { return true; }
    void unlock() {}
};

template <class P, class F = faithful>
class never_try_lock {
public:
    void lock() { m_.lock(); }
    bool try_lock() { return false; }
    void unlock() { m_.unlock(); }

private:
    typename P::mutex m_;
};

// The stress harness's self-tests of this family.
using mutex_selftests = registry<implementation<"selftest~no-lock", no_lock,
                                                "lock() and unlock() do nothing: the harness's own checks",
                                                selftest_properties{selftest_verdict::exclusion}>>;

}  // namespace synclab
