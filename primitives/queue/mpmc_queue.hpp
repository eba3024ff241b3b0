// queue.mpmc: a bounded multi-producer multi-consumer queue with a sequence
// number per cell (Dmitry Vyukov's "bounded MPMC queue", 1024cores.net, 2010).
//
// Words. enqueue_pos_ and dequeue_pos_ count the claims ever made by
// producers and consumers (they only grow; cell = pos & mask_). Each cell has
// a sequence number and a value slot; for the lap that position pos is on:
//
//     sequence == pos              the cell is free for the producer of pos
//     sequence == pos + 1          it holds the item of pos, for its consumer
//     sequence == pos + capacity   freed by the consumer of pos: free for
//                                  the producer of pos + capacity (next lap)
//
// Transitions (dif is sequence - expected, as a signed number):
//     (C) claim-push  pos := enqueue_pos_; sequence == pos -> CAS enqueue_pos_
//                     pos -> pos + 1 (this producer owns the cell); sequence
//                     < pos -> the cell still holds last lap's item: full,
//                     false; sequence > pos -> another producer claimed pos:
//                     reload pos and retry.
//     (P) publish     write the value, then sequence := pos + 1 (release).
//     (D) claim-pop   pos := dequeue_pos_; sequence == pos + 1 -> CAS
//                     dequeue_pos_ pos -> pos + 1; sequence < pos + 1 -> not
//                     yet published: empty, nothing; greater -> reload, retry.
//     (V) vacate      read the value, then sequence := pos + capacity (release).
//
// Why it is correct (the invariant): position pos is claimed by exactly one
// producer and one consumer (each position counter moves by one CAS), and a
// cell's sequence number says whose turn it is: only pos's producer writes
// the value when sequence == pos, only pos's consumer reads it when sequence
// == pos + 1, and only it hands the cell on (pos + capacity). The release
// store of (P) and the acquire load in (D) order the write before the read;
// the release store of (V) and the acquire load in (C) order the read before
// the next lap's write. The position CASes order nothing (relaxed): the
// sequence numbers carry the data. Capacity must be a power of two (masking)
// and at least 2: with 1 cell, "holds the item of pos" (pos + 1) and "free
// for pos + capacity" (pos + 1) would be the same number.
//
// What it lacks: not strictly linearizable in its failures: a try_pop can
// report empty while an item pushed after a still unfinished push is already
// there (position pos claimed but not yet published blocks pos + 1's
// consumer), and a try_push can report full while a pop is between its claim
// and its vacate; every such failure overlaps another thread's unfinished
// operation (properties/ checks it with that excuse). Not lock-free in the strict
// sense: a producer or consumer preempted between claim and publish/vacate
// holds up the one cell (and so everyone who reaches it a lap later); bounded;
// no blocking calls; every operation is one CAS on a counter every thread of
// its side shares.
//
// Fault sites (mutants in mutants.hpp): publish (P), vacate (V), see_item (the
// acquire load in D), see_room (the acquire load in C).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

#include "../fault.hpp"
#include "capacity.hpp"
#include "cell_storage.hpp"

namespace synclab {

// Cells: cells_on_heap (default) or cells_in_place<N> for a queue in a shared
// mapping (cell_storage.hpp).
template <class T, class P, class F = faithful, class Cells = cells_on_heap>
class mpmc_queue {
public:
    explicit mpmc_queue(std::size_t capacity)
        : capacity_(checked_power_of_two_capacity("mpmc_queue", capacity, 2)),
          mask_(capacity_ - 1),
          cells_(capacity_) {
        // relaxed: before the queue is shared; its publication orders these.
        for (std::size_t i = 0; i < capacity_; ++i) cells_.data()[i].sequence.store(i, std::memory_order_relaxed);
    }
    mpmc_queue(const mpmc_queue&) = delete;
    mpmc_queue& operator=(const mpmc_queue&) = delete;

    std::size_t capacity() const noexcept { return capacity_; }

    // False when the cell of the next position still holds last lap's item.
    bool try_push(T v) {
        // relaxed: a guess at the position; the CAS below claims it.
        std::size_t pos = enqueue_pos_.load(std::memory_order_relaxed);
        cell* c;
        for (;;) {
            c = &cells_.data()[pos & mask_];
            // acquire: pairs with the release store of (V) in try_pop, so the
            // last lap's read of the value happens-before our write.
            const std::size_t seq = c->sequence.load(F::order(site::see_room, std::memory_order_acquire));
            const std::intptr_t dif = static_cast<std::intptr_t>(seq) - static_cast<std::intptr_t>(pos);
            if (dif == 0) {
                // relaxed: claims the position only; the sequence numbers order the data.
                if (enqueue_pos_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) break;
            } else if (dif < 0) {
                return false;
            } else {
                pos = enqueue_pos_.load(std::memory_order_relaxed);  // relaxed: as above
            }
        }
        c->value.set(std::move(v));
        // release: pairs with the acquire load of (D) in try_pop.
        c->sequence.store(pos + 1, F::order(site::publish, std::memory_order_release));
        return true;
    }

    // Nothing when the cell of the next position holds no published item.
    std::optional<T> try_pop() {
        // relaxed: a guess at the position; the CAS below claims it.
        std::size_t pos = dequeue_pos_.load(std::memory_order_relaxed);
        cell* c;
        for (;;) {
            c = &cells_.data()[pos & mask_];
            // acquire: pairs with the release store of (P) in try_push.
            const std::size_t seq = c->sequence.load(F::order(site::see_item, std::memory_order_acquire));
            const std::intptr_t dif = static_cast<std::intptr_t>(seq) - static_cast<std::intptr_t>(pos + 1);
            if (dif == 0) {
                // relaxed: claims the position only, as in try_push.
                if (dequeue_pos_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) break;
            } else if (dif < 0) {
                return std::nullopt;
            } else {
                pos = dequeue_pos_.load(std::memory_order_relaxed);  // relaxed: as above
            }
        }
        std::optional<T> v(c->value.get());
        // release: pairs with the acquire load of (C) in try_push, a lap later.
        c->sequence.store(pos + capacity_, F::order(site::vacate, std::memory_order_release));
        return v;
    }

private:
    // 128: x86 cores fetch 64-byte lines in adjacent pairs (see spsc_queue.hpp).
    static constexpr std::size_t cache_line = 128;

    struct cell {
        typename P::template atomic<std::size_t> sequence;
        typename P::template plain<T> value;
    };

    const std::size_t capacity_;
    const std::size_t mask_;
    typename Cells::template storage<cell, P> cells_;  // capacity_ cells
    // Producers and consumers each hammer their own counter: apart, and
    // apart from the read-mostly words above.
    alignas(cache_line) typename P::template atomic<std::size_t> enqueue_pos_{0};
    alignas(cache_line) typename P::template atomic<std::size_t> dequeue_pos_{0};
};

}  // namespace synclab
