// queue.spsc: a bounded single-producer single-consumer ring (Lamport's
// concurrent ring buffer, 1983, "Specifying Concurrent Program Modules"), in
// its relaxed-memory form with cached indices (as in Rigtorp's SPSCQueue and
// folly's ProducerConsumerQueue): each side keeps a private copy of the
// other side's index and re-reads the shared one only when its copy says the
// ring is full (producer) or empty (consumer).
//
// Words. tail_ and head_ count items ever pushed and popped (they only grow;
// slot = index & mask_, capacity a power of two):
//
//     tail_        written by the producer only: items [head_, tail_) are published
//     head_        written by the consumer only: slots before head_ are free again
//     head_cache_  the producer's private copy of head_ (a lower bound of it)
//     tail_cache_  the consumer's private copy of tail_ (a lower bound of it)
//
// Transitions:
//     (W) try_push  tail_ - head_cache_ == capacity -> reload head_cache_ from
//                   head_ (acquire); still full -> false. Else write slot
//                   tail_ & mask_, then tail_ := tail_ + 1 (release).
//     (R) try_pop   head_ == tail_cache_ -> reload tail_cache_ from tail_
//                   (acquire); still empty -> nothing. Else read slot
//                   head_ & mask_, then head_ := head_ + 1 (release).
//
// Why it is correct (the invariant): 0 <= tail_ - head_ <= capacity, and the
// slots [head_, tail_) hold published, unread items. Each index has a single
// writer, so it needs no read-modify-write. A cache only lags the index it
// copies, so it can only make its side see the ring fuller (producer) or
// emptier (consumer) than it is, never the reverse: a stale cache costs a
// reload, never an overwrite or a read of an unwritten slot. The release
// store of tail_ orders the slot's write before the consumer's acquire load
// that sees it; the release store of head_ orders the slot's read before the
// producer's acquire load that sees the slot free, so the producer's next
// write to it cannot race the consumer's read. Items leave in the order they
// came (FIFO, trivially: one producer, one consumer, one ring).
//
// What it lacks: exactly one producer thread and one consumer thread at a
// time (the registry says so and every harness respects it; two producers
// race on tail_ and the slots, which Relacy and TSan report); it never blocks
// (try_push / try_pop only; a caller that must wait spins); bounded; the
// cached indices make it fast only while neither side keeps catching up with
// the other (then every operation reloads the shared index).
//
// Fault sites (mutants in mutants.hpp): publish (the store of tail_), vacate
// (the store of head_), see_item (the consumer's load of tail_), see_room (the
// producer's load of head_).
#pragma once

#include <cstddef>
#include <optional>
#include <utility>

#include "../fault.hpp"
#include "capacity.hpp"

namespace synclab {

template <class T, class P, class F = faithful>
class spsc_queue {
public:
    explicit spsc_queue(std::size_t capacity)
        : capacity_(checked_power_of_two_capacity("spsc_queue", capacity, 1)),
          mask_(capacity_ - 1),
          ring_(P::template create_array<typename P::template plain<T>>(capacity_)) {}
    spsc_queue(const spsc_queue&) = delete;
    spsc_queue& operator=(const spsc_queue&) = delete;
    ~spsc_queue() { P::destroy_array(ring_, capacity_); }

    std::size_t capacity() const noexcept { return capacity_; }

    // Producer thread only. False when the ring is full.
    bool try_push(T v) {
        // relaxed: only this thread writes tail_.
        const std::size_t tail = tail_.load(std::memory_order_relaxed);
        if (tail - head_cache_.get() == capacity_) {
            // acquire: pairs with the consumer's release store of head_ in
            // try_pop, so its read of the slot happens-before our overwrite.
            head_cache_.set(head_.load(F::order(site::see_room, std::memory_order_acquire)));
            if (tail - head_cache_.get() == capacity_) return false;
        }
        ring_[tail & mask_].set(std::move(v));
        // release: pairs with the consumer's acquire load of tail_ in try_pop,
        // so the slot's write happens-before its read.
        tail_.store(tail + 1, F::order(site::publish, std::memory_order_release));
        return true;
    }

    // Consumer thread only. Nothing when the ring is empty.
    std::optional<T> try_pop() {
        // relaxed: only this thread writes head_.
        const std::size_t head = head_.load(std::memory_order_relaxed);
        if (head == tail_cache_.get()) {
            // acquire: pairs with the producer's release store of tail_ in try_push.
            tail_cache_.set(tail_.load(F::order(site::see_item, std::memory_order_acquire)));
            if (head == tail_cache_.get()) return std::nullopt;
        }
        std::optional<T> v(ring_[head & mask_].get());
        // release: pairs with the producer's acquire load of head_ in try_push.
        head_.store(head + 1, F::order(site::vacate, std::memory_order_release));
        return v;
    }

private:
    // Each index on its own pair of 64-byte lines, so the two sides do not
    // invalidate each other's private words: x86 cores fetch lines in
    // adjacent pairs (the spatial prefetcher), so 64 bytes apart can still be
    // shared traffic (as Rigtorp's SPSCQueue and folly pad). The object's
    // size rounds up to a whole 128 bytes too.
    static constexpr std::size_t cache_line = 128;

    const std::size_t capacity_;
    const std::size_t mask_;
    typename P::template plain<T>* const ring_;  // capacity_ slots, through the seam (tracked under Relacy)
    alignas(cache_line) typename P::template atomic<std::size_t> tail_{0};   // the producer writes it
    alignas(cache_line) typename P::template atomic<std::size_t> head_{0};   // the consumer writes it
    alignas(cache_line) typename P::template plain<std::size_t> head_cache_{0};  // the producer's alone
    alignas(cache_line) typename P::template plain<std::size_t> tail_cache_{0};  // the consumer's alone
};

}  // namespace synclab
