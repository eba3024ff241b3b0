// A bounded buffer made of counting semaphores only (Dijkstra's producer and
// consumer, 1965): the shape every semaphore is checked and measured in.
//
//     free_slots_   counts empty slots   (starts at capacity)
//     full_slots_   counts filled slots  (starts at 0)
//     ring_key_     a semaphore of 1 that guards the ring's indices
//
//     push: free_slots_.acquire; ring_key_.acquire; write ring[tail]; tail+1;
//           ring_key_.release; full_slots_.release
//     pop:  full_slots_.acquire; ring_key_.acquire; read ring[head]; head+1;
//           ring_key_.release; free_slots_.release
//
// Invariant: free + full + (operations between their two semaphores) =
// capacity, so a producer never overwrites an unread slot and a consumer never
// reads an unwritten one. Correct only if every semaphore orders what happens
// before a release before what follows the acquire that takes that permit: the
// ring and its indices are plain data (P::plain, race-checked under Relacy),
// so a semaphore that fails to order them shows up as a data race, a lost item
// or a duplicated one.
//
// Liveness is the semaphores': with FIFO semaphores no producer or consumer
// starves; with barging ones some may.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

#include "../contract.hpp"

namespace synclab {

template <class T, class Semaphore, class P>
class semaphore_queue {
public:
    explicit semaphore_queue(std::size_t capacity)
        : capacity_(checked(capacity)),
          free_slots_(static_cast<std::ptrdiff_t>(capacity)),
          full_slots_(0),
          ring_key_(1),
          ring_(P::template create_array<typename P::template plain<T>>(capacity)) {}
    semaphore_queue(const semaphore_queue&) = delete;
    semaphore_queue& operator=(const semaphore_queue&) = delete;
    ~semaphore_queue() { P::destroy_array(ring_, capacity_); }

    std::size_t capacity() const noexcept { return capacity_; }

    void push(T v) {
        free_slots_.acquire();
        put(std::move(v));
    }
    bool try_push(T v) {
        if (!free_slots_.try_acquire()) return false;
        put(std::move(v));
        return true;
    }
    T pop() {
        full_slots_.acquire();
        return take();
    }
    std::optional<T> try_pop() {
        if (!full_slots_.try_acquire()) return std::nullopt;
        return take();
    }

private:
    static std::size_t checked(std::size_t capacity) {
        if (capacity == 0 || capacity > static_cast<std::size_t>(Semaphore::max())) {
            throw contract_violation("semaphore_queue(" + std::to_string(capacity) +
                                     "): capacity must be in 1..max() of its semaphore = " +
                                     std::to_string(Semaphore::max()));
        }
        return capacity;
    }

    void put(T v) {
        ring_key_.acquire();
        const std::size_t tail = tail_.get();
        ring_[tail].set(std::move(v));
        tail_.set(tail + 1 == capacity_ ? 0 : tail + 1);
        ring_key_.release();
        full_slots_.release();
    }
    T take() {
        ring_key_.acquire();
        const std::size_t head = head_.get();
        T v = ring_[head].get();
        head_.set(head + 1 == capacity_ ? 0 : head + 1);
        ring_key_.release();
        free_slots_.release();
        return v;
    }

    const std::size_t capacity_;
    Semaphore free_slots_;
    Semaphore full_slots_;
    Semaphore ring_key_;
    typename P::template plain<T>* ring_;  // capacity_ slots, through the seam (tracked under Relacy)
    typename P::template plain<std::size_t> head_;  // guarded by ring_key_
    typename P::template plain<std::size_t> tail_;  // guarded by ring_key_
};

}  // namespace synclab
