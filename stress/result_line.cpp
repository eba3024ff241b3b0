#include "result_line.hpp"

#include <chrono>
#include <cstdio>

#include "tools/results.hpp"
#include "tsan_hook.hpp"

namespace synclab::stress {
namespace {

struct current_check {
    std::string id, replay, label, suite;
    unsigned threads = 0;
    std::chrono::steady_clock::time_point start;
} current;

std::string seconds_text(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", s);
    return buf;
}

}  // namespace

void begin_id(std::string_view id, const options& opt) {
    results::open_results();  // before the hook or the watchdog may need it
    current.id = std::string(id);
    current.replay = "./synclab stress " + current.id + " --threads " + std::to_string(opt.threads) + " --seconds " +
                     seconds_text(opt.seconds) + " --watchdog " + seconds_text(opt.watchdog) + " --seed " +
                     std::to_string(opt.seed);
    if (id.starts_with("condvar.") && opt.mutex != default_condvar_mutex) current.replay += " --mutex " + opt.mutex;
}

void begin_scenario(const std::string& label, unsigned threads) {
    current.label = label;
    const auto slash = label.find('/');
    current.suite = slash == std::string::npos ? "torture" : label.substr(slash + 1);
    current.threads = threads;
    current.start = std::chrono::steady_clock::now();
    // The hook's line: everything but the seconds, which it adds.
    std::string head = results::line{"stress", current.id, current.suite, "", int(threads), "data-race", 0, 0, ""}.text();
    head.resize(head.find("\"seconds\":") + 10);
    const std::string tail = ",\"replay\":" + results::json_string(current.replay) + "}\n";
    arm_race_line(head, tail);
}

void write_result_line(const run_result& r) {
    if (race_line_written()) return;
    const char* verdict = r.tsan_reports != 0 ? "data-race" : r.passed() ? "pass" : "violation";
    results::write({"stress", current.id, current.suite, "", int(r.acquisitions.size()), verdict, r.total(), r.seconds,
                    current.replay});
}

void write_hang_line() {
    if (race_line_written()) return;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - current.start).count();
    results::write({"stress", current.id, current.suite, "", int(current.threads), "hang", 0, seconds, current.replay});
}

}  // namespace synclab::stress
