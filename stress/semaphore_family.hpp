// The semaphore family's runner: one counting semaphore through the scenarios
// of semaphore_torture.hpp.
#pragma once

#include <utility>
#include <vector>

#include "family.hpp"
#include "primitives/platform/native.hpp"
#include "semaphore_torture.hpp"

namespace synclab::stress {

struct semaphore_runner {
    template <class Entry>
    static void run(const options& opt, std::vector<run_result>& out) {
        print_run_header<Entry>(opt);
        for (run_result& r : torture_semaphore<typename Entry::template type<platform::native>>(Entry::id, opt)) {
            out.push_back(std::move(r));
        }
    }
};

}  // namespace synclab::stress
