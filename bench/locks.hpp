// The locks the benchmark covers, each as a lock_entry (see harness.hpp).
// Ours come from synclab::mutex_registry; peers from the libraries people use.
#pragma once

#include "harness.hpp"

#include <string>
#include <vector>

namespace synclab::bench {

std::vector<lock_entry> registry_locks();  // one per mutex_registry entry, id = registry id
std::vector<std::string> registry_ids();
std::vector<unsigned> futex_spin_budgets();           // 0, 16, 100, 1000
std::vector<lock_entry> futex_spin_variants();        // "mutex.futex/spin=S"
std::vector<lock_entry> peers_std_absl();             // std::mutex, pthread, absl::Mutex x2
std::vector<lock_entry> peers_tbb_ck();               // tbb x3, ck ticket and mcs
std::vector<lock_entry> floor_locks();                // peer.floor_two_rmw: uncontended only

}  // namespace synclab::bench
