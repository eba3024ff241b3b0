// The condition-variable family's runner: one condition variable through the
// scenarios of condvar_torture.hpp (with mutex.futex and --mutex, synclab's
// own mutexes: the trusted partners).
#pragma once

#include <utility>
#include <vector>

#include "family.hpp"
#include "condvar_torture.hpp"
#include "primitives/platform/native.hpp"

namespace synclab::stress {

struct condvar_runner {
    template <class Entry>
    static void run(const options& opt, std::vector<run_result>& out) {
        print_run_header<Entry>(opt);
        for (run_result& r : torture_condvar<typename Entry::template type<platform::native>>(Entry::id, opt)) {
            out.push_back(std::move(r));
        }
    }
};

}  // namespace synclab::stress
