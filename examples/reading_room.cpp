// The reading room: any number of readers at once while nobody writes, and a
// writer alone. A reader-writer lock.
//
//   ./build/examples/reading_room --impl rwlock.phase_fair --readers 6 --writers 2 --visits 1000
//
// Readers and writers (threads) visit the room again and again. Inside, each
// counts who else is there: a reader must find no writer, a writer must find
// nobody at all. Readers also check that the notice board (written by
// writers only) does not change while they read it. Any registered
// reader-writer lock can guard the room (--impl); `./synclab list` shows them.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "examples/cli.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/rwlock/registry.hpp"

namespace {

struct options {
    std::string impl = "rwlock.futex";
    int readers = 6;
    int writers = 2;
    int visits = 1000;
};

synclab::examples::cli command_line{"reading_room"};

options parse(int argc, char** argv) {
    options o;
    command_line.parse(argc, argv,
                       {{"--impl", "ID", &o.impl}, {"--readers", &o.readers}, {"--writers", &o.writers}, {"--visits", &o.visits}});
    return o;
}

template <class Lock>
int run(const options& o) {
    Lock room;
    std::atomic<int> readers_inside{0}, writers_inside{0}, most_readers{0};
    long notice = 0;  // the notice board: written by writers only, under the lock
    std::atomic<bool> broken{false};

    std::vector<std::thread> people;
    for (int w = 0; w < o.writers; ++w) {
        people.emplace_back([&] {
            for (int v = 0; v < o.visits; ++v) {
                std::lock_guard hold(room);
                // relaxed (every count here): the lock orders the room; the counts only detect a breach.
                if (writers_inside.fetch_add(1, std::memory_order_relaxed) != 0) broken = true;
                if (readers_inside.load(std::memory_order_relaxed) != 0) broken = true;
                ++notice;
                writers_inside.fetch_sub(1, std::memory_order_relaxed);
            }
        });
    }
    for (int r = 0; r < o.readers; ++r) {
        people.emplace_back([&] {
            for (int v = 0; v < o.visits; ++v) {
                std::shared_lock hold(room);
                // relaxed: as above.
                const int now = readers_inside.fetch_add(1, std::memory_order_relaxed) + 1;
                int most = most_readers.load(std::memory_order_relaxed);
                while (now > most && !most_readers.compare_exchange_weak(most, now, std::memory_order_relaxed)) {
                }
                if (writers_inside.load(std::memory_order_relaxed) != 0) broken = true;
                const long seen = notice;
                std::this_thread::yield();  // linger, so that readers meet
                if (notice != seen) broken = true;
                readers_inside.fetch_sub(1, std::memory_order_relaxed);
            }
        });
    }
    for (auto& p : people) p.join();

    std::printf("%d readers and %d writers, %d visits each, lock: %s\n", o.readers, o.writers, o.visits, o.impl.c_str());
    std::printf("  most readers inside at once: %d\n", most_readers.load());
    const long expected = long{o.writers} * o.visits;
    if (broken || notice != expected) {
        std::printf("BROKEN: a writer was not alone (%ld of %ld notices counted)\n", notice, expected);
        return 1;
    }
    std::printf("ok: a writer was always alone, readers only ever shared the room with readers; %ld notices\n", notice);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    int rc = 0;
    const bool known = synclab::rwlock_registry::visit(o.impl, [&]<class E>() {
        rc = run<typename E::template type<synclab::platform::native>>(o);
    });
    if (!known) {
        std::fprintf(stderr, "reading_room: unknown --impl '%s'; known: %s\n", o.impl.c_str(),
                     synclab::rwlock_registry::known_ids().c_str());
        return 2;
    }
    return rc;
}
