// Prints every registered implementation, one per line, tab-separated:
//   concept  id  properties(comma-separated, the true ones)  description
// `./synclab list` joins this with what each checker reports it covers.
#include <cstdio>
#include <string>

#include "primitives/mutex/registry.hpp"

namespace {

std::string mutex_flags(const synclab::mutex_properties& p) {
    std::string s;
    auto add = [&](bool on, const char* name) {
        if (!on) return;
        if (!s.empty()) s += ',';
        s += name;
    };
    add(p.fifo, "fifo");
    add(p.starvation_free, "starvation-free");
    add(p.try_lock_may_fail_spuriously, "spurious-try_lock");
    add(p.sleeps, "sleeps");
    return s.empty() ? "-" : s;
}

}  // namespace

int main() {
    synclab::mutex_registry::for_each([]<class E>() {
        std::printf("mutex\t%.*s\t%s\t%.*s\n", static_cast<int>(E::id.size()), E::id.data(),
                    mutex_flags(E::properties).c_str(), static_cast<int>(E::description.size()),
                    E::description.data());
    });
}
