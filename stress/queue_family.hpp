// The queue family's runner: one queue through the scenarios of
// queue_torture.hpp, chosen by its properties.
#pragma once

#include <utility>
#include <vector>

#include "family.hpp"
#include "primitives/platform/native.hpp"
#include "queue_torture.hpp"

namespace synclab::stress {

struct queue_runner {
    template <class Entry>
    static void run(const options& opt, std::vector<run_result>& out) {
        print_run_header<Entry>(opt);
        for (run_result& r :
             torture_queue<typename Entry::template type<platform::native>, Entry::properties>(Entry::id, opt)) {
            out.push_back(std::move(r));
        }
    }
};

}  // namespace synclab::stress
