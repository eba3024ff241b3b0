// A header that does not compile (a missing semicolon), for the test of
// `./synclab check --header`: the command must print the compiler's first
// error and what a mutex needs, and exit 1.
#pragma once

#include <synclab/primitives/fault.hpp>

namespace acme {

template <class P, class F = synclab::faithful>
class broken_syntax_lock {
public:
    void lock() {}
    bool try_lock() { return true }
    void unlock() {}
};

}  // namespace acme
