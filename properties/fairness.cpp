// Printing and comparison helpers of the fairness property (fairness.hpp).
#include "fairness.hpp"

#include <algorithm>
#include <ostream>

namespace synclab::properties {

void showValue(semaphore_wait w, std::ostream& os) {
    switch (w) {
    case semaphore_wait::acquire: os << "acquire()"; return;
    case semaphore_wait::try_acquire_for: os << "try_acquire_for(30 s)"; return;
    case semaphore_wait::try_acquire_until: os << "try_acquire_until(now + 30 s)"; return;
    }
    os << "?";
}

void showValue(condvar_wait w, std::ostream& os) {
    switch (w) {
    case condvar_wait::wait_loop: os << "while (!permit) wait(lock)"; return;
    case condvar_wait::wait_predicate: os << "wait(lock, pred)"; return;
    case condvar_wait::wait_for_predicate: os << "wait_for(lock, 30 s, pred)"; return;
    }
    os << "?";
}

namespace detail {

std::string order_string(const std::vector<int>& served) {
    std::string s;
    for (std::size_t k = 0; k < served.size(); ++k) s += (k ? " " : "") + std::to_string(served[k]);
    return s;
}

std::string compare_batches(const std::vector<int>& served, const std::vector<std::size_t>& batches) {
    std::size_t start = 0;
    for (std::size_t k = 0; k < batches.size(); ++k) {
        std::vector<int> got(served.begin() + static_cast<std::ptrdiff_t>(start),
                             served.begin() + static_cast<std::ptrdiff_t>(start + batches[k]));
        std::sort(got.begin(), got.end());
        for (std::size_t j = 0; j < got.size(); ++j) {
            if (got[j] != static_cast<int>(start + j)) {
                std::string batch_sizes;
                for (std::size_t b : batches) batch_sizes += (batch_sizes.empty() ? "" : ",") + std::to_string(b);
                return "not served in arrival order: waiters arrived 0.." + std::to_string(served.size() - 1) +
                       ", were served " + order_string(served) + " (batches of " + batch_sizes + "); batch " +
                       std::to_string(k) + " should have served waiters " + std::to_string(start) + ".." +
                       std::to_string(start + batches[k] - 1);
            }
        }
        start += batches[k];
    }
    return "";
}

}  // namespace detail
}  // namespace synclab::properties
