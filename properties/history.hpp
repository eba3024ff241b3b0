// The history of one concurrent run and the checker that judges it.
//
// Every thread records what it does to the lock as events. The order of events
// across threads comes from one global ticket (a seq_cst fetch_add on a single
// atomic): if event a happens-before event b, a's ticket is smaller, because
// the ticket's modification order agrees with happens-before. A correct lock
// orders one thread's unlock() before the next owner's lock() returns, so an
// exit recorded before unlock() gets a smaller ticket than the next enter.
//
// Per lock operation a thread records, in program order:
//   call      just before lock()/try_lock()
//   enter     after it acquired            (absent when try_lock failed)
//   exit      just before unlock()
//   released  after unlock() returned
//   failed    after try_lock() returned false (instead of enter/exit/released)
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace synclab::properties {

enum class event_kind : std::uint8_t { call, enter, exit, released, failed };

const char* to_string(event_kind k) noexcept;

struct event {
    std::uint64_t seq;    // global ticket: the order across threads
    std::uint16_t thread;
    event_kind kind;
    std::uint16_t op;     // index of the operation in its thread's program
};

enum class op_kind : std::uint8_t { lock, try_lock };

// What the checker must know of the program that produced a history.
struct expectation {
    // ops[t][i]: the kind of thread t's i-th operation.
    std::vector<std::vector<op_kind>> ops;
    // acquired[t][i]: what thread t saw its i-th operation return (lock: true).
    std::vector<std::vector<bool>> acquired;
    // When false, a failed try_lock must overlap another thread's ownership.
    bool try_lock_may_fail_spuriously = false;
};

// Merges per-thread event lists into one history ordered by seq.
std::vector<event> merge(const std::vector<std::vector<event>>& per_thread);

// Returns a description of the first violation, or nothing if the history is
// a correct mutual-exclusion history for the expectation. Checks:
//   1. no overlap: between an enter and its exit there is no other enter;
//   2. every enter has its exit by the same thread (for the same op), and each
//      thread's events follow call, (enter, exit, released | failed) per op;
//   3. every lock() has its enter/exit, every try_lock() the outcome the thread
//      saw, and the number of enters equals the number of acquisitions;
//   4. unless spurious failures are allowed, a failed try_lock overlaps some
//      other thread's operation that held the lock (call .. released).
std::optional<std::string> check_history(const std::vector<event>& history, const expectation& expected);

// One line per event: "seq  thread  enter  op" (readable in a shrunk failure).
void print_history(std::ostream& os, const std::vector<event>& history);
std::string history_string(const std::vector<event>& history);

}  // namespace synclab::properties
