#include "tsan_hook.hpp"

#include <cstring>
#include <ctime>

#include <sys/syscall.h>
#include <unistd.h>

#include "tools/results.hpp"

namespace {
std::uint64_t reports = 0;  // only touched with __atomic builtins

// The armed result line (arm_race_line). Written before the scenario's
// threads start, read in the report path; `written` with __atomic builtins.
char line_head[1024], line_tail[512];
std::size_t head_size = 0, tail_size = 0;
std::int64_t armed_at_ns = 0;
int results_fd = -1;
int written = 0;

std::int64_t monotonic_ns() {
    timespec ts{};
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);  // a raw syscall: nothing intercepted
    return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// "12.345": the seconds since armed, with three decimals, without stdio.
std::size_t format_seconds(char* to, std::int64_t ns) {
    const std::int64_t ms = ns < 0 ? 0 : ns / 1'000'000;
    char digits[24];
    std::size_t n = 0;
    for (std::int64_t whole = ms / 1000; n == 0 || whole != 0; whole /= 10) digits[n++] = char('0' + whole % 10);
    std::size_t size = 0;
    while (n != 0) to[size++] = digits[--n];
    to[size++] = '.';
    to[size++] = char('0' + ms / 100 % 10);
    to[size++] = char('0' + ms / 10 % 10);
    to[size++] = char('0' + ms % 10);
    return size;
}

void write_armed_line() {
    if (results_fd < 0 || head_size == 0) return;
    int expected = 0;
    // relaxed: only one report writes the line; the buffers were written before the threads started.
    if (!__atomic_compare_exchange_n(&written, &expected, 1, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) return;
    char line[sizeof line_head + sizeof line_tail + 32];
    std::size_t size = head_size;
    std::memcpy(line, line_head, head_size);
    size += format_seconds(line + size, monotonic_ns() - armed_at_ns);
    std::memcpy(line + size, line_tail, tail_size);
    size += tail_size;
    [[maybe_unused]] long rc = syscall(SYS_write, results_fd, line, size);
}
}  // namespace

// The sanitizer runtime calls this weak hook once per report with its SUMMARY
// line (sanitizer/common_interface_defs.h). Overriding it replaces the default,
// which prints that line, so print it ourselves: with a raw syscall, as libc's
// stdio would re-enter the (intercepting) runtime.
extern "C" void __sanitizer_report_error_summary(const char* summary) {
    __atomic_fetch_add(&reports, 1, __ATOMIC_RELAXED);  // relaxed: a count read after the run's join()
    if (summary != nullptr) {
        [[maybe_unused]] long rc = syscall(SYS_write, 2, summary, std::strlen(summary));
        rc = syscall(SYS_write, 2, "\n", 1);
    }
    write_armed_line();
}

namespace synclab::stress {

std::uint64_t tsan_report_count() noexcept {
    return __atomic_load_n(&reports, __ATOMIC_RELAXED);  // relaxed: read after join(), which orders it
}

void arm_race_line(const std::string& head, const std::string& tail) {
    results_fd = results::open_results();
    head_size = head.size() < sizeof line_head ? head.size() : 0;  // too long: no line from the hook
    tail_size = tail.size() < sizeof line_tail ? tail.size() : 0;
    if (tail_size == 0) head_size = 0;
    std::memcpy(line_head, head.data(), head_size);
    std::memcpy(line_tail, tail.data(), tail_size);
    armed_at_ns = monotonic_ns();
    __atomic_store_n(&written, 0, __ATOMIC_RELAXED);  // relaxed: the threads start after this
}

bool race_line_written() noexcept {
    return __atomic_load_n(&written, __ATOMIC_RELAXED) != 0;  // relaxed: read after join(), or by the watchdog
}

}  // namespace synclab::stress
