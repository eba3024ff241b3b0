// The queue family's toys (see ../toys.hpp): broken queues that show the
// checks of a queue can fail where the fault-policy mutants (mutants.hpp,
// which the model layer's transfer suite catches as data races) do not
// reach: a decision, not an order.
//
// For the model layer, toy_queue: a small monitor queue (mutex, one
// condition variable, a ring of plain slots), correct except for its one bug;
// queue_toys names each bug with the suite that must catch it and Relacy's
// verdict.
//
// For the property layer, broken_buffer: a bounded monitor with the interface
// of the buffers under test, otherwise correct, that returns the newest item
// (lifo_buffer) or loses the second item pushed (dropping_buffer); the
// bounded-buffer property must find each not linearizable as a bounded FIFO
// queue.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

#include "../toys.hpp"
#include "registry.hpp"

namespace synclab {

// ---------------------------------------------------------------------------
// The model layer's toy.

enum class queue_bug {
    accepts_one_more,   // the full check is off by one: try_push succeeds on a full queue
    pops_newest,        // pop takes the newest item (a stack): per-producer FIFO broken
    close_drops_items,  // once closed, pop reports closed at once, dropping what is queued
};

template <class P, class F, queue_bug Bug>
class toy_queue {
public:
    explicit toy_queue(std::size_t capacity) : capacity_(capacity) {}
    toy_queue(const toy_queue&) = delete;
    toy_queue& operator=(const toy_queue&) = delete;

    bool try_push(queue_item v) {
        std::unique_lock<typename P::mutex> lock(m_);
        if (closed_.get() || full()) return false;
        append(v);
        changed_.notify_all();
        return true;
    }
    bool push(queue_item v) {
        std::unique_lock<typename P::mutex> lock(m_);
        while (!closed_.get() && full()) changed_.wait(lock);
        if (closed_.get()) return false;
        append(v);
        changed_.notify_all();
        return true;
    }
    std::optional<queue_item> try_pop() {
        std::unique_lock<typename P::mutex> lock(m_);
        if (!can_take()) return std::nullopt;
        return take();
    }
    std::optional<queue_item> pop() {
        std::unique_lock<typename P::mutex> lock(m_);
        while (size_.get() == 0 && !closed_.get()) changed_.wait(lock);
        if (!can_take()) return std::nullopt;
        return take();
    }
    void close() {
        std::unique_lock<typename P::mutex> lock(m_);
        closed_.set(true);
        changed_.notify_all();
    }

private:
    static constexpr std::size_t slots = 8;
    bool full() const { return size_.get() >= capacity_ + (Bug == queue_bug::accepts_one_more ? 1 : 0); }
    bool can_take() const {
        return size_.get() > 0 && !(Bug == queue_bug::close_drops_items && closed_.get());
    }
    void append(queue_item v) {
        slots_[(head_.get() + size_.get()) % slots].set(v);
        size_.set(size_.get() + 1);
    }
    queue_item take() {
        queue_item v;
        if constexpr (Bug == queue_bug::pops_newest) {
            v = slots_[(head_.get() + size_.get() - 1) % slots].get();
        } else {
            v = slots_[head_.get()].get();
            head_.set((head_.get() + 1) % slots);
        }
        size_.set(size_.get() - 1);
        changed_.notify_all();
        return v;
    }

    const std::size_t capacity_;  // at most slots - 1
    typename P::mutex m_;
    typename P::condition_variable changed_;
    typename P::template plain<queue_item> slots_[slots];  // guarded by m_
    typename P::template plain<std::size_t> head_;         // guarded by m_
    typename P::template plain<std::size_t> size_;         // guarded by m_
    typename P::template plain<bool> closed_;              // guarded by m_
};

template <class P, class F>
using toy_queue_accepts_one_more = toy_queue<P, F, queue_bug::accepts_one_more>;
template <class P, class F>
using toy_queue_pops_newest = toy_queue<P, F, queue_bug::pops_newest>;
template <class P, class F>
using toy_queue_close_drops_items = toy_queue<P, F, queue_bug::close_drops_items>;

constexpr queue_properties toy_queue_properties{.bounded = true, .order = container_order::fifo,
                                                .max_producers = any_number, .max_consumers = any_number,
                                                .blocking = true, .closable = true,
                                                .exact_try_failures = true};

// Each bug with the suite that must catch it and Relacy's verdict.
using queue_toys = registry<
    caught_by<implementation<"queue.toy~accepts-one-more", toy_queue_accepts_one_more,
                             "toy queue whose full check is off by one (try_push succeeds when full)",
                             toy_queue_properties>,
              "full_empty", model_verdict::assertion>,
    caught_by<implementation<"queue.toy~pops-newest", toy_queue_pops_newest,
                             "toy queue whose pop takes the newest item (LIFO)", toy_queue_properties>,
              "transfer", model_verdict::assertion>,
    caught_by<implementation<"queue.toy~close-drops-items", toy_queue_close_drops_items,
                             "toy queue whose pop reports closed at once after close(), dropping queued items",
                             toy_queue_properties>,
              "close", model_verdict::assertion>>;

// ---------------------------------------------------------------------------
// The property layer's toys.

// The bounded monitor both are made of; Broken decides which item pop takes
// and whether push keeps its item.
template <class P, class F, class Broken>
class broken_buffer {
public:
    explicit broken_buffer(std::size_t capacity) : capacity_(capacity) {}

    void push(int v) {
        std::unique_lock lock(m_);
        changed_.wait(lock, [&] { return items_.size() < capacity_; });
        store(v);
    }
    bool try_push(int v) {
        std::unique_lock lock(m_);
        if (items_.size() == capacity_) return false;
        store(v);
        return true;
    }
    int pop() {
        std::unique_lock lock(m_);
        changed_.wait(lock, [&] { return !items_.empty(); });
        return take();
    }
    std::optional<int> try_pop() {
        std::unique_lock lock(m_);
        if (items_.empty()) return std::nullopt;
        return take();
    }

private:
    void store(int v) {  // m_ held
        if (Broken::keeps(++pushes_)) items_.push_back(v);
        changed_.notify_all();
    }
    int take() {  // m_ held
        int v;
        if (Broken::lifo) {
            v = items_.back();
            items_.pop_back();
        } else {
            v = items_.front();
            items_.pop_front();
        }
        changed_.notify_all();
        return v;
    }

    const std::size_t capacity_;
    typename P::mutex m_;
    typename P::condition_variable changed_;
    std::deque<int> items_;
    std::size_t pushes_ = 0;
};

// Returns the newest item instead of the oldest.
struct lifo_policy {
    static constexpr bool lifo = true;
    static bool keeps(std::size_t) { return true; }
};
template <class P, class F = faithful>
using lifo_buffer = broken_buffer<P, F, lifo_policy>;

// Loses the second item ever pushed (the push reports success).
struct drop_second_policy {
    static constexpr bool lifo = false;
    static bool keeps(std::size_t nth_push) { return nth_push != 2; }
};
template <class P, class F = faithful>
using dropping_buffer = broken_buffer<P, F, drop_second_policy>;

}  // namespace synclab
