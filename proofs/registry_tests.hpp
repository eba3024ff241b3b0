// Registration of the per-implementation property tests (registry_tests.cpp).
#pragma once

#include <string>
#include <vector>

namespace synclab::proofs {

struct settings {
    int runs = 6;                // runs of each generated concurrent scenario
    int sequential_cases = 100;  // rapidcheck max_success defaults (RC_PARAMS wins)
    int concurrent_cases = 150;
};

// The registry ids these tests cover, in registry order.
std::vector<std::string> covered_ids();

// Registers Sequential.<id> and Concurrent.<id> for every mutex_registry entry.
void register_registry_tests(const settings& s);

}  // namespace synclab::proofs
