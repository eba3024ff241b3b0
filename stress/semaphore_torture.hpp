// The torture scenarios of a counting semaphore S (every entry of
// synclab::semaphore_registry, its mutants and the self-tests), each for its
// share of --seconds, in this order (a failed one ends the id):
//
//   locker-room  K permits (K = threads - 1, at most 3: always more threads
//                than permits); each visitor takes a permit by acquire,
//                try_acquire or try_acquire_for (random time-out) at random,
//                sometimes a second one by try_acquire (then release(2)),
//                holds them for a random while and yields at random.
//                Checked: the holder count (a relaxed atomic) never above K, on
//                entry and on exit; inside, the visitor takes a key from a key
//                board and writes its locker's plain data (which ThreadSanitizer
//                watches); at the end the lockers' use counts add up to the
//                visits. The key board is a semaphore_queue of the K key
//                numbers made of the semaphore under test: a permit is not
//                bound to a locker, so only a hand-off through the semaphores
//                themselves can order one locker's successive users (a relaxed
//                claim of a free locker would race with its last user even
//                under a correct semaphore, e.g. one whose permit came from a
//                third visitor's release).
//   buffer       producers and consumers through semaphore_queue (capacity 4),
//                push/try_push and pop/try_pop at random; every value distinct;
//                checked: each consumer sees each producer's values in order,
//                and at the end the count, sum and xor of what was sent equal
//                those of what was received (nothing lost or duplicated). At
//                the deadline the producers stop and one end-of-stream pill per
//                consumer follows their last item.
//   ping-pong    two threads hand a plain ball back and forth through two
//                semaphores of 0 (ping, pong), taking them in the three ways at
//                random; each checks the ball it receives.
//
// A timed try_acquire_for that returns false must have lasted its time-out.
// The watchdog (watchdog.hpp) fails any scenario that stops progressing.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "primitives/platform/native.hpp"
#include "primitives/queue/semaphore_queue.hpp"
#include "scenario.hpp"

namespace synclab::stress {

inline constexpr unsigned max_locker_room_permits = 3;

// The permits of the locker room for --threads: fewer than the threads, 1..3.
inline unsigned locker_room_permits(unsigned threads) {
    return std::clamp(threads > 1 ? threads - 1 : 1u, 1u, max_locker_room_permits);
}

// Takes one permit of s in one of three ways at random: acquire (half the
// time), try_acquire, try_acquire_for with a random time-out. False: none taken.
template <class S>
bool take_permit(S& s, std::string_view label, arena& a, unsigned self, worker_log& log, rng& r,
                 phase after = phase::inside) {
    const unsigned how = r.below(4);
    const std::chrono::microseconds timeout = how == 3 ? random_timeout(r) : std::chrono::microseconds(0);
    log.begin_wait();
    bool got = true;
    if (how <= 1) {
        s.acquire();
    } else if (how == 2) {
        got = s.try_acquire();
    } else {
        got = s.try_acquire_for(timeout);
    }
    const std::int64_t took = log.end_wait(got ? after : phase::outside);
    if (!got) {
        log.failed_try();
        if (how == 3) check_timed_out(label, a, self, "try_acquire_for", timeout, took);
    }
    return got;
}

// Takes one permit of s, retrying failed tries (a ping-pong partner must wait).
template <class S>
void take_permit_until_taken(S& s, std::string_view label, arena& a, unsigned self, worker_log& log, rng& r) {
    while (!take_permit(s, label, a, self, log, r)) std::this_thread::yield();
}

struct alignas(64) locker {
    std::uint64_t uses = 0;  // plain: only the holder of this locker's key touches it
    unsigned holder = 0;     // plain: as above
};

template <class S>
run_result locker_room(std::string_view id, const options& opt, double seconds) {
    const unsigned permits = locker_room_permits(opt.threads);
    const std::string label = std::string(id) + "/locker-room";
    S room(static_cast<std::ptrdiff_t>(permits));
    semaphore_queue<unsigned, S, platform::native> key_board(permits);
    for (unsigned key = 0; key < permits; ++key) key_board.push(key);
    std::vector<locker> lockers(permits);
    arena a;
    std::printf("[%s] %u permits, %u lockers\n", label.c_str(), permits, permits);

    const scenario_spec spec{label, "visits", "failed tries", roles(opt.threads, "visitor"), seconds, "acquire"};
    auto visitor = [&](unsigned self, worker_log& log, rng& r) {
        const int most = static_cast<int>(permits);
        while (!stopping(a)) {
            if (!take_permit(room, label, a, self, log, r)) {
                outside_work(r);
                continue;
            }
            int taken = 1;
            if (permits > 1 && r.below(8) == 0 && room.try_acquire()) taken = 2;  // and release(2) below

            // relaxed: the holder count only detects too many holders. It must
            // not order anything, or it could hide from ThreadSanitizer a
            // semaphore that fails to order its holders.
            const int before = a.owners.fetch_add(taken, std::memory_order_relaxed);
            if (before + taken > most) {
                report_broken(label, a, holders_message, self,
                              "holders on entry " + std::to_string(before + taken) + " with " +
                                  std::to_string(permits) + " permits");
            }
            const unsigned key = key_board.pop();
            if (key < permits) {
                locker& mine = lockers[key];
                const std::uint64_t uses = ++mine.uses;  // the race TSan looks for
                mine.holder = self;
                busy(r.below(256));
                if (r.below(16) == 0) std::this_thread::yield();
                if (mine.uses != uses || mine.holder != self) {
                    report_broken(label, a, invariant_message, self,
                                  "locker " + std::to_string(key) + " used by thread " + std::to_string(mine.holder) +
                                      " while its key was out");
                }
            } else {
                report_broken(label, a, invariant_message, self,
                              "the key board handed out key " + std::to_string(key) + " of " +
                                  std::to_string(permits));
            }
            key_board.push(key);
            // relaxed: as on entry.
            const int after = a.owners.fetch_sub(taken, std::memory_order_relaxed);
            if (after > most || after < taken) {
                report_broken(label, a, holders_message, self,
                              "holders on exit " + std::to_string(after) + " with " + std::to_string(permits) +
                                  " permits");
            }
            room.release(taken);
            log.done_one();
            log.enter(phase::outside);
            outside_work(r);
        }
    };
    run_result res = run_workers(spec, opt, a, visitor, stop_all(a));
    res.plain_counter = 0;
    for (const locker& l : lockers) res.plain_counter += l.uses;
    return res;
}

template <class S>
run_result semaphore_buffer(std::string_view id, const options& opt, double seconds) {
    transfer t(producers_and_consumers(opt.threads), std::string(id) + "/buffer", seconds);
    semaphore_queue<std::uint64_t, S, platform::native> queue(buffer_capacity);
    auto producer = [&](unsigned p, worker_log& log, rng& r) {
        for (std::uint64_t sequence = 0; !stopping(t.a);) {
            const std::uint64_t v = item(p, sequence);
            const bool use_try = r.below(4) == 0;
            log.begin_wait();
            bool pushed = true;
            if (use_try) {
                pushed = queue.try_push(v);
            } else {
                queue.push(v);
            }
            log.end_wait();
            if (!pushed) {
                log.failed_try();
                outside_work(r);
                continue;
            }
            t.sent[p].add(v);
            ++sequence;
            log.done_one();
            outside_work(r);
        }
    };
    auto consumer = [&](unsigned self, unsigned c, worker_log& log, rng& r) {
        item_checker checker(t.n.producers);
        for (;;) {
            const bool use_try = r.below(4) == 0;
            log.begin_wait();
            const std::optional<std::uint64_t> v = use_try ? queue.try_pop() : std::optional(queue.pop());
            log.end_wait();
            if (!v) {
                log.failed_try();
                outside_work(r, 256);
                continue;
            }
            if (*v == end_of_stream) break;
            t.take(&checker, self, c, *v, log);
            outside_work(r, 256);
        }
    };
    auto wind_down = [&](std::vector<std::thread>& workers) {
        t.a.stop.store(true, std::memory_order_relaxed);  // relaxed: a hint; the joins order the rest
        for (unsigned p = 0; p < t.n.producers; ++p) workers[p].join();
        // After every producer's last item: one pill per consumer (a consumer
        // stops at its first). The watchdog still watches: a stuck consumer
        // leaves these pushes blocked, and it fires.
        for (unsigned c = 0; c < t.n.consumers; ++c) queue.push(end_of_stream);
    };
    return t.run(opt, producer, consumer, wind_down);
}

template <class S>
run_result semaphore_ping_pong(std::string_view id, const options& opt, double seconds) {
    const std::string label = std::string(id) + "/ping-pong";
    S ping(0), pong(0);
    struct {
        std::uint64_t ball = 0;  // plain: ping and pong alone order it
        bool over = false;       // plain: as above
    } court;
    arena a;
    const scenario_spec spec{label, "hand-offs", "failed tries", {"server", "returner"}, seconds, "acquire"};
    auto body = [&](unsigned self, worker_log& log, rng& r) {
        auto expect = [&](std::uint64_t want) {
            if (court.ball != want) {
                report_broken(label, a, invariant_message, self,
                              "received ball " + std::to_string(court.ball) + ", expected " + std::to_string(want));
            }
        };
        if (self == 0) {  // the server serves 2r+1 and receives 2r+2
            for (std::uint64_t round = 0;; ++round) {
                const bool last = stopping(a);
                court.ball = 2 * round + 1;
                court.over = last;
                ping.release();
                if (last) break;
                take_permit_until_taken(pong, label, a, self, log, r);
                expect(2 * round + 2);
                log.done_one();
                if (r.below(8) == 0) std::this_thread::yield();
            }
        } else {  // the returner receives 2r+1 and returns 2r+2
            for (std::uint64_t round = 0;; ++round) {
                take_permit_until_taken(ping, label, a, self, log, r);
                if (court.over) break;
                expect(2 * round + 1);
                court.ball = 2 * round + 2;
                pong.release();
                log.done_one();
                if (r.below(8) == 0) std::this_thread::yield();
            }
        }
    };
    return run_workers(spec, opt, a, body, stop_all(a));
}

// Every scenario of S, sharing --seconds.
template <class S>
std::vector<run_result> torture_semaphore(std::string_view id, const options& opt) {
    return run_scenarios(id, {
                                 [&] { return locker_room<S>(id, opt, opt.seconds * 0.4); },
                                 [&] { return semaphore_buffer<S>(id, opt, opt.seconds * 0.4); },
                                 [&] { return semaphore_ping_pong<S>(id, opt, opt.seconds * 0.2); },
                             });
}

}  // namespace synclab::stress
