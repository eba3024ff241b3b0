// Broken queues that prove each queue suite can fail where the fault-policy
// mutants (primitives/queue/mutants.hpp, which the transfer suite catches as
// data races) do not reach: a decision, not an order. One toy, a small
// monitor queue (mutex, one condition variable, a ring of plain slots),
// correct except for its one bug; each bug is named with the suite that must
// catch it and Relacy's verdict. They exist only to be caught.
#pragma once

#include "models/broken.hpp"
#include "primitives/queue/registry.hpp"

namespace synclab::models {

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

}  // namespace synclab::models
