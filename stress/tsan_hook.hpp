// Counts ThreadSanitizer reports, so each id's verdict includes them.
// tsan_hook.cpp is compiled without -fsanitize=thread: it runs inside the
// sanitizer's report path, where instrumented code must not run.
#pragma once

#include <cstdint>

namespace synclab::stress {

// Reports printed so far in this process (0 when not built with TSan).
std::uint64_t tsan_report_count() noexcept;

}  // namespace synclab::stress
