// The restroom: one key, one person inside at a time. A mutex.
//
//   ./build/examples/restroom --impl mutex.futex --people 4 --visits 1000
//
// Each person (a thread) visits the restroom again and again. Inside, they check
// that nobody else is there: the occupancy count is the mutual-exclusion
// invariant every mutex in synclab promises. Any registered mutex can hold the
// key (--impl); `./synclab list` shows them.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "examples/cli.hpp"
#include "primitives/mutex/registry.hpp"
#include "primitives/platform/native.hpp"

namespace {

struct options {
    std::string impl = "mutex.futex";
    int people = 4;
    int visits = 1000;
};

synclab::examples::cli command_line{"restroom"};

options parse(int argc, char** argv) {
    options o;
    command_line.parse(argc, argv, {{"--impl", "ID", &o.impl}, {"--people", &o.people}, {"--visits", &o.visits}});
    return o;
}

template <class Mutex>
int run(const options& o) {
    Mutex key;                       // the one key
    std::atomic<int> inside{0};      // people in the restroom right now
    long visits_counted = 0;         // written only by whoever holds the key
    std::vector<int> visits_by(o.people, 0);
    std::atomic<bool> crowded{false};

    std::vector<std::thread> people;
    for (int person = 0; person < o.people; ++person) {
        people.emplace_back([&, person] {
            for (int v = 0; v < o.visits; ++v) {
                std::lock_guard hold(key);
                // relaxed: the lock orders these; the counter only detects a breach.
                if (inside.fetch_add(1, std::memory_order_relaxed) != 0) crowded = true;
                ++visits_counted;
                ++visits_by[person];
                if (v == o.visits / 2) std::printf("  person %d is inside (visit %d)\n", person, v + 1);
                // relaxed: as above.
                inside.fetch_sub(1, std::memory_order_relaxed);
            }
        });
    }
    for (auto& p : people) p.join();

    std::printf("%d people, %d visits each, key: %s\n", o.people, o.visits, o.impl.c_str());
    for (int person = 0; person < o.people; ++person) std::printf("  person %d: %d visits\n", person, visits_by[person]);
    const long expected = long{o.people} * o.visits;
    if (crowded || visits_counted != expected) {
        std::printf("BROKEN: two people were inside at once (%ld of %ld visits counted)\n", visits_counted, expected);
        return 1;
    }
    std::printf("ok: never more than one person inside; %ld visits counted\n", visits_counted);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    int rc = 0;
    const bool known = synclab::mutex_registry::visit(o.impl, [&]<class E>() {
        rc = run<typename E::template type<synclab::platform::native>>(o);
    });
    if (!known) {
        std::fprintf(stderr, "restroom: unknown --impl '%s'; known: %s\n", o.impl.c_str(),
                     synclab::mutex_registry::known_ids().c_str());
        return 2;
    }
    return rc;
}
