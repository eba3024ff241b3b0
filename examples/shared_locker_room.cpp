// The shared locker room: ten lockers shared by people in several processes.
//
//   ./build/examples/shared_locker_room --processes 3 --people 4 --lockers 10 --visits 100
//
// Threads share memory; processes share only what they map. So the room lives
// in a named shared region (/dev/shm, permissions 0600): the first process
// creates it and places in it a process-shared counting semaphore of free
// lockers (semaphore.futex on shared futexes) and the locker table, then
// starts the other processes, which open the region by name and find both
// objects there. Every person (a thread in one of the processes) acquires a
// permit, claims a free locker, changes, frees it and releases the permit.
// Nobody may ever find all lockers taken after getting in: the example checks
// it, across processes.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "examples/cli.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/semaphore/futex_semaphore.hpp"
#include "primitives/shared/region.hpp"

namespace {

using namespace synclab;
using shared_semaphore = futex_semaphore<platform::native_shared>;

constexpr int most_lockers = 64;
constexpr std::uint32_t layout_version = 1;  // bump when room changes shape
constexpr std::size_t region_size = 1 << 16;

// Everything in the region holds no pointers: each process maps it elsewhere.
struct room {
    std::atomic<int> owner[most_lockers];  // -1 free; else process * 1000 + person
    std::atomic<int> inside{0}, most_inside{0}, broken{0};
};

struct options {
    int processes = 3;
    int people = 4;  // per process
    int lockers = 10;
    int visits = 100;
    std::string name = "/synclab-locker-room-" + std::to_string(::getpid());
};

examples::cli command_line{"shared_locker_room"};

options parse(int argc, char** argv) {
    options o;
    command_line.parse(argc, argv,
                       {{"--processes", &o.processes}, {"--people", &o.people}, {"--lockers", &o.lockers, "1..64"},
                        {"--visits", &o.visits}, {"--name", "/NAME", &o.name}});
    if (o.lockers > most_lockers) command_line.error("--lockers takes 1.." + std::to_string(most_lockers));
    return o;
}

// One process's people: open the room by name, find its objects, visit.
int visit(const options& o, int process) {
    auto region = shared_region::open(o.name, region_size, layout_version);
    auto& free_lockers = region.find<shared_semaphore>("free lockers");
    auto& r = region.find<room>("room");
    std::vector<std::thread> people;
    for (int person = 0; person < o.people; ++person) {
        people.emplace_back([&, person] {
            const int who = process * 1000 + person;
            for (int v = 0; v < o.visits; ++v) {
                free_lockers.acquire();
                // relaxed: counts only; the semaphore orders the lockers.
                const int now = r.inside.fetch_add(1, std::memory_order_relaxed) + 1;
                int seen = r.most_inside.load(std::memory_order_relaxed);  // relaxed: a maximum
                while (now > seen && !r.most_inside.compare_exchange_weak(seen, now, std::memory_order_relaxed)) {
                }
                int mine = -1;
                for (int l = 0; l < o.lockers && mine < 0; ++l) {
                    int expected = -1;
                    // acq_rel: claims the locker; pairs with the release store when its last user left.
                    if (r.owner[l].compare_exchange_strong(expected, who, std::memory_order_acq_rel)) mine = l;
                }
                if (mine < 0) {
                    r.broken.store(1);
                    std::printf("  BROKEN: process %d person %d got in but every locker was taken\n", process, person);
                } else if (v == 0) {
                    std::printf("  process %d (pid %d) person %d holds locker %d\n", process, ::getpid(), person, mine);
                }
                std::this_thread::yield();  // changing
                if (mine >= 0) r.owner[mine].store(-1, std::memory_order_release);  // release: pairs with the claim
                r.inside.fetch_sub(1, std::memory_order_relaxed);                    // relaxed: a count only
                free_lockers.release();
            }
        });
    }
    for (auto& p : people) p.join();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    int rc = 0;
    bool created = false;
    try {
        auto region = shared_region::create(o.name, region_size, layout_version);
        created = true;
        region.place<shared_semaphore>("free lockers", o.lockers);
        auto& r = region.place<room>("room");
        for (auto& l : r.owner) l.store(-1, std::memory_order_relaxed);  // relaxed: publish() orders it
        region.publish();
        std::printf("%d lockers in %s, %d processes x %d people, %d visits each\n", o.lockers, o.name.c_str(),
                    o.processes, o.people, o.visits);
        std::vector<pid_t> children;
        for (int p = 0; p < o.processes; ++p) {
            const pid_t pid = ::fork();
            if (pid == 0) {
                int code = 1;
                try {
                    code = visit(o, p);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "shared_locker_room: process %d: %s\n", p, e.what());
                }
                std::fflush(stdout);
                ::_exit(code);
            }
            children.push_back(pid);
        }
        for (pid_t pid : children) {
            int status = 0;
            ::waitpid(pid, &status, 0);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) rc = 1;
        }
        const int most = r.most_inside.load();
        if (rc != 0 || r.broken.load() != 0 || most > o.lockers) {
            std::printf("BROKEN: up to %d people inside for %d lockers\n", most, o.lockers);
            rc = 1;
        } else {
            std::printf("ok: at most %d of %d lockers in use at once, across %d processes; %d visits\n", most,
                        o.lockers, o.processes, o.processes * o.people * o.visits);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "shared_locker_room: %s\n", e.what());
        rc = 2;
    }
    if (created) shared_region::unlink(o.name);
    return rc;
}
