// A bounded blocking queue made of one mutex and two condition variables (the
// monitor of Hoare, 1974, with Mesa semantics), with close(): the shape every
// condition variable is checked and measured in, with every mutex.
//
//     state (all guarded by lock_): ring, head, size, closed
//     push: lock; wait on not_full_ until size < capacity or closed;
//           closed -> unlock, report closed; else append, unlock,
//           not_empty_.notify_one
//     pop:  lock; wait on not_empty_ until size > 0 or closed;
//           size > 0 -> take the head, unlock, not_full_.notify_one;
//           else (closed and drained) -> report closed
//     close: lock; closed = true; unlock; notify_all on both
//
// Why nothing waits forever: every change that can make a waiter's predicate
// true is followed by a notify on that waiter's condition variable, and each
// wait re-checks its predicate under the lock (Mesa: a wake-up is a hint), so a
// spurious or stolen wake-up only costs a loop. A condition variable that loses
// a notification shows up as a deadlock with the predicate already true.
// Notifying after unlocking is allowed and saves the woken thread from blocking
// on the mutex at once.
//
// After close(): push reports closed; pop drains what is queued (nothing
// already queued is lost) and only then reports closed.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>

#include "../contract.hpp"

namespace synclab {

template <class T, class Mutex, class Condvar, class P>
class blocking_queue {
public:
    explicit blocking_queue(std::size_t capacity)
        : capacity_(checked(capacity)), ring_(P::template create_array<typename P::template plain<T>>(capacity)) {}
    blocking_queue(const blocking_queue&) = delete;
    blocking_queue& operator=(const blocking_queue&) = delete;
    ~blocking_queue() { P::destroy_array(ring_, capacity_); }

    std::size_t capacity() const noexcept { return capacity_; }

    // Blocks while full; false if the queue is (or becomes) closed.
    bool push(T v) {
        {
            std::unique_lock<Mutex> lock(lock_);
            not_full_.wait(lock, [&] { return size_.get() < capacity_ || closed_.get(); });
            if (closed_.get()) return false;
            append(std::move(v));
        }
        not_empty_.notify_one();
        return true;
    }
    // False when full or closed.
    bool try_push(T v) {
        {
            std::unique_lock<Mutex> lock(lock_);
            if (closed_.get() || size_.get() == capacity_) return false;
            append(std::move(v));
        }
        not_empty_.notify_one();
        return true;
    }
    // Blocks while empty and open; nothing once closed and drained.
    std::optional<T> pop() {
        std::optional<T> v;
        {
            std::unique_lock<Mutex> lock(lock_);
            not_empty_.wait(lock, [&] { return size_.get() > 0 || closed_.get(); });
            if (size_.get() == 0) return std::nullopt;
            v = take();
        }
        not_full_.notify_one();
        return v;
    }
    std::optional<T> try_pop() {
        std::optional<T> v;
        {
            std::unique_lock<Mutex> lock(lock_);
            if (size_.get() == 0) return std::nullopt;
            v = take();
        }
        not_full_.notify_one();
        return v;
    }
    void close() {
        {
            std::unique_lock<Mutex> lock(lock_);
            closed_.set(true);
        }
        not_empty_.notify_all();
        not_full_.notify_all();
    }

private:
    static std::size_t checked(std::size_t capacity) {
        if (capacity == 0) throw contract_violation("blocking_queue(0): capacity must be at least 1");
        return capacity;
    }
    void append(T v) {  // lock_ held
        const std::size_t size = size_.get();
        const std::size_t head = head_.get();
        ring_[(head + size) % capacity_].set(std::move(v));
        size_.set(size + 1);
    }
    T take() {  // lock_ held, size_ > 0
        const std::size_t head = head_.get();
        T v = ring_[head].get();
        head_.set(head + 1 == capacity_ ? 0 : head + 1);
        size_.set(size_.get() - 1);
        return v;
    }

    const std::size_t capacity_;
    Mutex lock_;
    Condvar not_full_;
    Condvar not_empty_;
    typename P::template plain<T>* ring_;  // capacity_ slots, through the seam (tracked under Relacy)  // guarded by lock_
    typename P::template plain<std::size_t> head_;          // guarded by lock_
    typename P::template plain<std::size_t> size_;          // guarded by lock_
    typename P::template plain<bool> closed_;               // guarded by lock_
};

}  // namespace synclab
