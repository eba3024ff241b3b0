// Counts ThreadSanitizer reports, so each id's verdict includes them, and
// writes the scenario's result line at its first report (result_line.hpp):
// with halt_on_error=1 the process ends right after the hook returns.
// tsan_hook.cpp is compiled without -fsanitize=thread: it runs inside the
// sanitizer's report path, where instrumented code must not run.
#pragma once

#include <cstdint>
#include <string>

namespace synclab::stress {

// Reports printed so far in this process (0 when not built with TSan).
std::uint64_t tsan_report_count() noexcept;

// The line the hook writes at the next scenario's first report: `head`, the
// seconds since this call, `tail`. Called before the scenario's threads start.
void arm_race_line(const std::string& head, const std::string& tail);
// Whether the hook wrote the armed line.
bool race_line_written() noexcept;

}  // namespace synclab::stress
