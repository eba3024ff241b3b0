// Fault injection: how a deliberately broken variant (a mutant) is made from the
// same source as the correct one.
//
// A primitive takes a fault policy F (default: faithful). At each place where a
// bug could hide it asks the policy, naming the place with a `site`:
//
//     word_.exchange(unlocked, F::order(site::unlock, std::memory_order_release));
//     if (!F::skips(site::wake)) P::futex_wake(word_, 1);
//
// `faithful` returns the order unchanged and skips nothing; both are constexpr,
// so the production instantiation compiles to exactly the code without the
// question. A mutant is the same template with another policy, e.g.
// relax_at<site::unlock> ("release weakened to relaxed") or skip_at<site::wake>
// ("a missing futex wake"). The zoo of mutants and the registry of them build on
// these two policies.
#pragma once

#include <atomic>

namespace synclab {

// The places a primitive names. Each primitive documents which it has.
enum class site {
    lock,         // the read-modify-write (or load) that takes the lock
    try_lock,     // the same in try_lock()
    spin_wait,    // the load a waiter spins on until it may go
    unlock,       // the store or read-modify-write that releases the lock
    link,         // publishing a queue node to its predecessor
    hand_off,     // passing ownership to a successor
    retire,       // a queue node leaving the queue
    wake,         // waking a sleeper after publishing the state it waits for
    acquire,      // the read-modify-write that takes a permit (semaphores)
    release,      // the read-modify-write that publishes permits (semaphores)
    announce,     // a waiter announcing itself before it sleeps (the store half
                  // of a store-load pair with the waker: Dekker's pattern)
    observe,      // the waker's load of that announcement (the load half)
    notify,       // a notifier publishing its notification (condition variables)
    publish,      // a producer making the item it wrote visible to consumers (queues)
    vacate,       // a consumer handing the slot it read back to producers (queues)
    see_item,     // a consumer's load that finds a published item (queues)
    see_room,     // a producer's load that finds a vacated slot (queues)
};

constexpr const char* to_string(site s) noexcept {
    switch (s) {
    case site::lock: return "lock";
    case site::try_lock: return "try_lock";
    case site::spin_wait: return "spin_wait";
    case site::unlock: return "unlock";
    case site::link: return "link";
    case site::hand_off: return "hand_off";
    case site::retire: return "retire";
    case site::wake: return "wake";
    case site::acquire: return "acquire";
    case site::release: return "release";
    case site::announce: return "announce";
    case site::observe: return "observe";
    case site::notify: return "notify";
    case site::publish: return "publish";
    case site::vacate: return "vacate";
    case site::see_item: return "see_item";
    case site::see_room: return "see_room";
    }
    return "?";
}

// The correct instantiation: every order as written, nothing skipped.
struct faithful {
    static constexpr const char* name = "";
    static constexpr std::memory_order order(site, std::memory_order mo) noexcept { return mo; }
    static constexpr bool skips(site) noexcept { return false; }
};

// Weakens the order at one site to relaxed.
template <site S>
struct relax_at {
    static constexpr std::memory_order order(site s, std::memory_order mo) noexcept {
        return s == S ? std::memory_order_relaxed : mo;
    }
    static constexpr bool skips(site) noexcept { return false; }
};

// Leaves out the step at one site (a wake, a wait for a link).
template <site S>
struct skip_at {
    static constexpr std::memory_order order(site, std::memory_order mo) noexcept { return mo; }
    static constexpr bool skips(site s) noexcept { return s == S; }
};

}  // namespace synclab
