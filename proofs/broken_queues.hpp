// Deliberately broken bounded buffers: the bounded-buffer property must find
// each of them not linearizable as a bounded FIFO queue (a checker that cannot
// fail is a defect). Both are otherwise correct monitors (one std::mutex, one
// std::condition_variable_any), with the interface of the buffers under test.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace synclab::proofs {

// The bounded monitor both are made of; Broken decides which item pop takes
// and whether push keeps its item.
template <class Broken>
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
    std::mutex m_;
    std::condition_variable_any changed_;
    std::deque<int> items_;
    std::size_t pushes_ = 0;
};

// Returns the newest item instead of the oldest.
struct lifo_policy {
    static constexpr bool lifo = true;
    static bool keeps(std::size_t) { return true; }
};
using lifo_buffer = broken_buffer<lifo_policy>;

// Loses the second item ever pushed (the push reports success).
struct drop_second_policy {
    static constexpr bool lifo = false;
    static bool keeps(std::size_t nth_push) { return nth_push != 2; }
};
using dropping_buffer = broken_buffer<drop_second_policy>;

}  // namespace synclab::proofs
