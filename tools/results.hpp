// Result lines: every checker binary (the model checker, the stress harness,
// the property tests) writes one JSON object per check, one line each, beside
// its human output, to the file that the environment variable SYNCLAB_RESULTS
// names (appended to; nothing is written when it is unset). The zoo, the
// report and `./synclab run` read these lines and never the human output.
//
// A line's keys (docs/architecture.md, "Result lines"):
//   layer       "model" | "stress" | "property"
//   id          the registry id or mutant checked
//   suite       the model suite, the stress scenario, the property test
//   search      the Relacy search ("full", "bound", "random"); "" elsewhere
//   threads     threads of the check
//   verdict     "pass", or what failed: the model verdicts of --list-mutants
//               (DATA_RACE, LOST_WAKE_UP, CRASH, ...), the stress verdicts
//               (data-race, hang, violation), the property verdicts
//               (violation, hang)
//   iterations  model iterations, stress operations, property cases (0 when
//               not known, as after a crash)
//   seconds     wall time of the check up to its verdict
//   replay      the command that runs this check again ("" when none)
//
// One write(2) per line on a file opened with O_APPEND: lines from processes
// writing at once (ctest -j) never interleave. The fd is opened up front
// (open_results()), so that a crash handler or a sanitizer hook can write a
// line preformatted with write_raw().
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace synclab::results {

// The results file's descriptor, opened on the first call; -1 when
// SYNCLAB_RESULTS is unset or cannot be opened (said once on stderr).
inline int open_results() {
    static const int fd = [] {
        const char* path = std::getenv("SYNCLAB_RESULTS");
        if (path == nullptr || *path == '\0') return -1;
        const int f = ::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (f < 0) std::fprintf(stderr, "warning: SYNCLAB_RESULTS=%s cannot be opened; no result lines\n", path);
        return f;
    }();
    return fd;
}

// `text` as a JSON string, quotes included.
inline std::string json_string(std::string_view text) {
    std::string s = "\"";
    for (const char c : text) {
        switch (c) {
        case '"': s += "\\\""; break;
        case '\\': s += "\\\\"; break;
        case '\n': s += "\\n"; break;
        case '\t': s += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char esc[8];
                std::snprintf(esc, sizeof esc, "\\u%04x", c);
                s += esc;
            } else {
                s += c;
            }
        }
    }
    return s + "\"";
}

struct line {
    std::string_view layer, id, suite, search;
    int threads = 0;
    std::string_view verdict;
    std::uint64_t iterations = 0;
    double seconds = 0;
    std::string_view replay;

    std::string text() const {
        char numbers[96];
        std::snprintf(numbers, sizeof numbers, ",\"threads\":%d", threads);
        std::string s = "{\"layer\":" + json_string(layer) + ",\"id\":" + json_string(id) +
                        ",\"suite\":" + json_string(suite) + ",\"search\":" + json_string(search) + numbers +
                        ",\"verdict\":" + json_string(verdict);
        std::snprintf(numbers, sizeof numbers, ",\"iterations\":%llu,\"seconds\":%.3f",
                      static_cast<unsigned long long>(iterations), seconds);
        return s + numbers + ",\"replay\":" + json_string(replay) + "}\n";
    }
};

// Writes a finished line (ending in '\n') with one write(2); safe in a signal
// handler once open_results() has run.
inline void write_raw(const char* text, std::size_t size) {
    const int fd = open_results();
    if (fd >= 0) (void)!::write(fd, text, size);
}

inline void write(const line& l) {
    if (open_results() < 0) return;
    const std::string s = l.text();
    write_raw(s.data(), s.size());
}

}  // namespace synclab::results
