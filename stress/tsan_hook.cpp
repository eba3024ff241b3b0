#include "tsan_hook.hpp"

#include <cstring>

#include <sys/syscall.h>
#include <unistd.h>

namespace {
std::uint64_t reports = 0;  // only touched with __atomic builtins
}

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
}

namespace synclab::stress {

std::uint64_t tsan_report_count() noexcept {
    return __atomic_load_n(&reports, __ATOMIC_RELAXED);  // relaxed: read after join(), which orders it
}

}  // namespace synclab::stress
