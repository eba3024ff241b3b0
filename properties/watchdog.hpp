// A process-wide watchdog for properties whose failure mode is a hang (a call
// the model says cannot block, a waiter that is never served): arm it around
// the call with what is being waited for; if it is not disarmed in time it
// prints that and aborts, since a thread stuck inside a primitive cannot be
// recovered in-process. Better than CTest's timeout: it says what hung.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

#include "result_line.hpp"

namespace synclab::properties {

// How long a call may block before a property calls it a hang: 10 s, or what
// synclab_properties --hang-limit=S sets (the bug zoo runs mutants with a
// shorter one, so that a hang is reported inside its budget).
inline std::chrono::steady_clock::duration& hang_limit() {
    static std::chrono::steady_clock::duration limit = std::chrono::seconds(10);
    return limit;
}

inline std::string seconds_string(std::chrono::steady_clock::duration d) {
    const double s = std::chrono::duration<double>(d).count();
    std::string text = std::to_string(s);
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
    return text + " s";
}

class watchdog {
public:
    static watchdog& instance() {
        static watchdog* w = new watchdog;  // never destroyed: its thread runs until exit
        return *w;
    }

    void arm(std::string what, std::chrono::steady_clock::duration limit) {
        std::lock_guard lock(m_);
        what_ = std::move(what);
        deadline_ = std::chrono::steady_clock::now() + limit;
        armed_ = true;
        changed_.notify_one();
    }
    void disarm() {
        std::lock_guard lock(m_);
        armed_ = false;
    }

private:
    watchdog() { std::thread([this] { watch(); }).detach(); }

    [[noreturn]] void watch() {
        std::unique_lock lock(m_);
        for (;;) {
            if (!armed_) {
                changed_.wait(lock);
            } else if (changed_.wait_until(lock, deadline_) == std::cv_status::timeout && armed_ &&
                       std::chrono::steady_clock::now() >= deadline_) {
                std::cerr << "\nwatchdog: hung: " << what_ << "\n" << std::flush;
                current_test::get().write("hang");
                std::abort();
            }
        }
    }

    std::mutex m_;
    std::condition_variable changed_;
    std::string what_;
    std::chrono::steady_clock::time_point deadline_{};
    bool armed_ = false;
};

// Arms the watchdog for the lifetime of the guard.
class hang_guard {
public:
    explicit hang_guard(std::string what, std::chrono::steady_clock::duration limit = hang_limit()) {
        watchdog::instance().arm(std::move(what), limit);
    }
    ~hang_guard() { watchdog::instance().disarm(); }
    hang_guard(const hang_guard&) = delete;
    hang_guard& operator=(const hang_guard&) = delete;
};

}  // namespace synclab::properties
