// The locker room: ten lockers shared by more people. A counting semaphore.
//
//   ./build/examples/locker_room --impl semaphore.futex --lockers 10 --people 16 --visits 200
//
// The semaphore counts free lockers: a person acquires a permit before walking
// in, which guarantees a free locker is there, takes one (claiming it in the
// locker table), changes, leaves, frees the locker and releases the permit.
// If the semaphore ever let an eleventh person in, that person would find every
// locker taken: the example checks it. Any registered semaphore can count the
// lockers (--impl); `./synclab list` shows them.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "examples/cli.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/semaphore/registry.hpp"

namespace {

struct options {
    std::string impl = "semaphore.futex";
    int lockers = 10;
    int people = 16;
    int visits = 200;
};

synclab::examples::cli command_line{"locker_room"};

options parse(int argc, char** argv) {
    options o;
    command_line.parse(argc, argv,
                       {{"--impl", "ID", &o.impl}, {"--lockers", &o.lockers}, {"--people", &o.people}, {"--visits", &o.visits}});
    return o;
}

template <class Semaphore>
int run(const options& o) {
    Semaphore free_lockers(o.lockers);                     // one permit per free locker
    std::vector<std::atomic<int>> owner(o.lockers);        // -1: free; else the person using it
    for (auto& l : owner) l.store(-1, std::memory_order_relaxed);  // relaxed: before any thread starts
    std::atomic<int> inside{0}, most_inside{0};
    std::atomic<bool> broken{false};

    std::printf("%d lockers, %d people, %d visits each, counted by %s\n", o.lockers, o.people, o.visits,
                o.impl.c_str());
    std::vector<std::thread> people;
    for (int person = 0; person < o.people; ++person) {
        people.emplace_back([&, person] {
            for (int v = 0; v < o.visits; ++v) {
                free_lockers.acquire();
                // relaxed: only counts and reports; the semaphore orders the lockers.
                const int now = inside.fetch_add(1, std::memory_order_relaxed) + 1;
                int seen = most_inside.load(std::memory_order_relaxed);  // relaxed: a maximum, nothing ordered by it
                while (now > seen && !most_inside.compare_exchange_weak(seen, now, std::memory_order_relaxed)) {
                }
                // Find a free locker: the permit promises there is one.
                int mine = -1;
                for (int l = 0; l < o.lockers && mine < 0; ++l) {
                    int expected = -1;
                    // acq_rel: claims the locker; pairs with the release store when its last user left.
                    if (owner[l].compare_exchange_strong(expected, person, std::memory_order_acq_rel)) mine = l;
                }
                if (mine < 0) {
                    broken = true;
                    std::printf("  BROKEN: person %d got in but every locker was taken\n", person);
                } else if (v == 0) {
                    std::printf("  person %2d holds locker %d\n", person, mine);
                }
                std::this_thread::yield();  // changing
                if (mine >= 0) owner[mine].store(-1, std::memory_order_release);  // release: pairs with the claim above
                inside.fetch_sub(1, std::memory_order_relaxed);  // relaxed: a count only
                free_lockers.release();
            }
        });
    }
    for (auto& p : people) p.join();

    const int most = most_inside.load();
    if (broken || most > o.lockers) {
        std::printf("BROKEN: up to %d people inside for %d lockers\n", most, o.lockers);
        return 1;
    }
    std::printf("ok: at most %d of %d lockers in use at once; %d visits\n", most, o.lockers, o.people * o.visits);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    int rc = 0;
    const bool known = synclab::semaphore_registry::visit(o.impl, [&]<class E>() {
        rc = run<typename E::template type<synclab::platform::native>>(o);
    });
    if (!known) {
        std::fprintf(stderr, "locker_room: unknown --impl '%s'; known: %s\n", o.impl.c_str(),
                     synclab::semaphore_registry::known_ids().c_str());
        return 2;
    }
    return rc;
}
