// Prints every registered implementation, one per line, tab-separated:
//   concept  id  properties(comma-separated, the true ones)  description
// `./synclab list` joins this with what each checker reports it covers.
#include <cstdio>
#include <string>
#include <string_view>

#include "primitives/condvar/registry.hpp"
#include "primitives/mutex/registry.hpp"
#include "primitives/queue/registry.hpp"
#include "primitives/semaphore/registry.hpp"

namespace {

class flags {
public:
    flags& add(bool on, const char* name) {
        if (on) s_ += (s_.empty() ? "" : ",") + std::string(name);
        return *this;
    }
    std::string str() const { return s_.empty() ? "-" : s_; }

private:
    std::string s_;
};

std::string describe(const synclab::mutex_properties& p) {
    return flags()
        .add(p.fifo, "fifo")
        .add(p.starvation_free, "starvation-free")
        .add(p.try_lock_may_fail_spuriously, "spurious-try_lock")
        .add(p.sleeps, "sleeps")
        .str();
}

std::string describe(const synclab::semaphore_properties& p) {
    return flags()
        .add(p.fifo, "fifo")
        .add(p.starvation_free, "starvation-free")
        .add(p.sleeps, "sleeps")
        .add(p.release_syscall_free, "syscall-free-release")
        .add(p.release_checks_count, "checked-release")
        .str();
}

std::string describe(const synclab::condvar_properties& p) {
    return flags().add(p.fifo, "fifo").add(p.starvation_free, "starvation-free").add(p.sleeps, "sleeps").str();
}

std::string describe(const synclab::queue_properties& p) {
    const auto limit = [](unsigned n) { return n == synclab::any_number ? std::string("n") : std::to_string(n); };
    return flags()
        .add(p.bounded, "bounded")
        .add(!p.bounded, "unbounded")
        .add(p.order == synclab::container_order::fifo, "fifo")
        .add(p.order == synclab::container_order::lifo, "lifo")
        .add(true, (limit(p.max_producers) + "p" + limit(p.max_consumers) + "c").c_str())
        .add(p.blocking, "blocking")
        .add(p.closable, "close")
        .str();
}

template <class Registry>
void print(const char* family) {
    Registry::for_each([&]<class E>() {
        std::printf("%s\t%.*s\t%s\t%.*s\n", family, static_cast<int>(E::id.size()), E::id.data(),
                    describe(E::properties).c_str(), static_cast<int>(E::description.size()), E::description.data());
    });
}

}  // namespace

int main() {
    print<synclab::mutex_registry>("mutex");
    print<synclab::semaphore_registry>("semaphore");
    print<synclab::condvar_registry>("condvar");
    print<synclab::queue_registry>("queue");
}
