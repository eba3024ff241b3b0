// The waiting room: people wait on a call button until a locker is free. A
// condition variable with a predicate.
//
//   ./build/examples/waiting_room --impl condvar.futex --mutex mutex.futex --lockers 3 --people 8 --visits 100
//
// The free-locker count lives under a mutex. Someone who finds no free locker
// sits down in the waiting room: cv.wait(lock, predicate) releases the room's
// mutex while they wait and re-checks "is a locker free?" each time they are
// called. Someone leaving frees their locker and presses the call button
// (notify_one). A lost call would leave a person waiting beside a free locker
// forever; the example would then never finish (the test around it has a
// time-out). Any registered condition variable and mutex can run the room.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "examples/cli.hpp"
#include "primitives/condvar/registry.hpp"
#include "primitives/mutex/registry.hpp"
#include "primitives/platform/native.hpp"

namespace {

struct options {
    std::string impl = "condvar.futex";
    std::string mutex = "mutex.futex";
    int lockers = 3;
    int people = 8;
    int visits = 100;
};

synclab::examples::cli command_line{"waiting_room"};

options parse(int argc, char** argv) {
    options o;
    command_line.parse(argc, argv,
                       {{"--impl", "CONDVAR_ID", &o.impl}, {"--mutex", "MUTEX_ID", &o.mutex}, {"--lockers", &o.lockers},
                        {"--people", &o.people}, {"--visits", &o.visits}});
    return o;
}

template <class Condvar, class Mutex>
int run(const options& o) {
    Mutex room;                  // guards free_lockers
    Condvar call_button;         // "a locker is free"
    int free_lockers = o.lockers;
    int in_use_max = 0;
    long waits = 0;              // times someone sat down (guarded by room)
    std::vector<int> visits_by(o.people, 0);

    std::printf("%d lockers, %d people, %d visits each; call button %s, room %s\n", o.lockers, o.people, o.visits,
                o.impl.c_str(), o.mutex.c_str());
    std::vector<std::thread> people;
    for (int person = 0; person < o.people; ++person) {
        people.emplace_back([&, person] {
            for (int v = 0; v < o.visits; ++v) {
                {
                    std::unique_lock<Mutex> lock(room);
                    if (free_lockers == 0) {
                        ++waits;
                        if (v == 0) std::printf("  person %d sits down to wait\n", person);
                    }
                    call_button.wait(lock, [&] { return free_lockers > 0; });
                    --free_lockers;
                    if (o.lockers - free_lockers > in_use_max) in_use_max = o.lockers - free_lockers;
                    ++visits_by[person];
                }
                std::this_thread::yield();  // changing
                {
                    std::lock_guard<Mutex> lock(room);
                    ++free_lockers;
                }
                call_button.notify_one();  // press the button on the way out
            }
        });
    }
    for (auto& p : people) p.join();

    bool ok = free_lockers == o.lockers && in_use_max <= o.lockers;
    for (int person = 0; person < o.people; ++person) ok = ok && visits_by[person] == o.visits;
    std::printf("%s: %ld times someone waited; at most %d of %d lockers in use; every locker back: %s\n",
                ok ? "ok" : "BROKEN", waits, in_use_max, o.lockers, free_lockers == o.lockers ? "yes" : "no");
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    if (!synclab::mutex_registry::contains(o.mutex)) {
        std::fprintf(stderr, "waiting_room: unknown --mutex '%s'; known: %s\n", o.mutex.c_str(),
                     synclab::mutex_registry::known_ids().c_str());
        return 2;
    }
    int rc = 0;
    const bool known = synclab::condvar_registry::visit(o.impl, [&]<class C>() {
        synclab::mutex_registry::visit(o.mutex, [&]<class M>() {
            using platform = synclab::platform::native;
            rc = run<typename C::template type<platform>, typename M::template type<platform>>(o);
        });
    });
    if (!known) {
        std::fprintf(stderr, "waiting_room: unknown --impl '%s'; known: %s\n", o.impl.c_str(),
                     synclab::condvar_registry::known_ids().c_str());
        return 2;
    }
    return rc;
}
