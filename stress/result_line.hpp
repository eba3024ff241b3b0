// The stress layer's result lines (tools/results.hpp): one per scenario of an
// id ("semaphore.futex/buffer": id semaphore.futex, suite buffer; a mutex's one
// scenario is the suite "torture"), with the verdict pass, data-race (a
// ThreadSanitizer report), hang (the watchdog fired) or violation (a broken
// invariant, a checksum, lost updates).
//
// A run can end the process before its scenario finishes: the watchdog
// _Exits, and TSan with halt_on_error=1 exits at its first report. So the
// line is written where the verdict is known: by the watchdog when it fires,
// by the report hook (tsan_hook.cpp) at the first report of a scenario, and
// otherwise when the scenario's result is printed. One line per scenario.
#pragma once

#include <string>
#include <string_view>

#include "options.hpp"
#include "stats.hpp"

namespace synclab::stress {

// The id about to run, with the options that replay it.
void begin_id(std::string_view id, const options& opt);
// A scenario of that id starts now (its label, "ID" or "ID/scenario").
void begin_scenario(const std::string& label, unsigned threads);
// The scenario's line from its result, unless the report hook wrote it.
void write_result_line(const run_result& r);
// The watchdog fired: the scenario's line says hang.
void write_hang_line();

}  // namespace synclab::stress
