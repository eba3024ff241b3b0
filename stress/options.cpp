#include "options.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "primitives/mutex/registry.hpp"

namespace synclab::stress {

static_assert(mutex_registry::contains(default_condvar_mutex), "the default --mutex must be a registered mutex");

void print_usage(const char* prog) {
    std::fprintf(stderr,
                 "usage: %s --list | --list-mutants\n"
                 "       %s ID|all [--threads N] [--seconds S] [--watchdog S] [--seed S] [--mutex ID|all]\n"
                 "  --threads N   workers, 1..%u (default 4)\n"
                 "  --seconds S   run time per id, seconds > 0 (default 5; shared by an id's scenarios)\n"
                 "  --watchdog S  fail when no progress for S seconds > 0 (default 2)\n"
                 "  --seed S      PRNG seed, unsigned 64-bit integer (default 1)\n"
                 "  --mutex ID    condvar ids: the mutex their bounded buffer also runs with, beside\n"
                 "                mutex.futex: one of %s, or all (default %.*s)\n",
                 prog, prog, max_threads, synclab::mutex_registry::known_ids().c_str(),
                 static_cast<int>(default_condvar_mutex.size()), default_condvar_mutex.data());
}

namespace {

bool bad(const char* flag, const char* accepts, const char* got) {
    std::fprintf(stderr, "synclab_stress: %s expects %s, got '%s'\n", flag, accepts, got);
    return false;
}

bool parse_unsigned(const char* text, std::uint64_t& out) {
    if (*text == '\0' || *text == '-' || *text == '+') return false;
    errno = 0;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0') return false;
    out = v;
    return true;
}

bool parse_seconds(const char* text, double& out) {
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(text, &end);
    if (*text == '\0' || errno != 0 || *end != '\0' || !std::isfinite(v) || v <= 0 || v > 86400) return false;
    out = v;
    return true;
}

bool apply(options& o, std::string_view flag, const char* value) {
    if (flag == "--threads") {
        std::uint64_t n = 0;
        if (!parse_unsigned(value, n) || n < 1 || n > max_threads) {
            return bad("--threads", "an integer in 1..256", value);
        }
        o.threads = static_cast<unsigned>(n);
    } else if (flag == "--seconds") {
        if (!parse_seconds(value, o.seconds)) return bad("--seconds", "a number of seconds in (0, 86400]", value);
    } else if (flag == "--watchdog") {
        if (!parse_seconds(value, o.watchdog)) return bad("--watchdog", "a number of seconds in (0, 86400]", value);
    } else if (flag == "--seed") {
        if (!parse_unsigned(value, o.seed)) return bad("--seed", "an unsigned 64-bit integer", value);
    } else if (flag == "--mutex") {
        if (std::string_view(value) != "all" && !mutex_registry::contains(value)) {
            const std::string accepts = "a mutex id (" + mutex_registry::known_ids() + ") or all";
            return bad("--mutex", accepts.c_str(), value);
        }
        o.mutex = value;
    } else {
        std::fprintf(stderr, "synclab_stress: unknown flag '%.*s'\n", static_cast<int>(flag.size()), flag.data());
        return false;
    }
    return true;
}

}  // namespace

std::optional<options> parse(int argc, char** argv) {
    options o;
    bool ok = true;
    for (int i = 1; ok && i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--list") {
            o.list = true;
        } else if (arg == "--list-mutants") {
            o.list_mutants = true;
        } else if (arg == "--help" || arg == "-h") {
            ok = false;
        } else if (arg.starts_with("--")) {
            const auto eq = arg.find('=');
            if (eq != std::string_view::npos) {
                ok = apply(o, arg.substr(0, eq), argv[i] + eq + 1);
            } else if (i + 1 < argc) {
                ok = apply(o, arg, argv[++i]);
            } else {
                std::fprintf(stderr, "synclab_stress: %s needs a value\n", argv[i]);
                ok = false;
            }
        } else if (o.target.empty()) {
            o.target = arg;
        } else {
            std::fprintf(stderr, "synclab_stress: one id at a time (or 'all'), got '%s' after '%s'\n", argv[i],
                         o.target.c_str());
            ok = false;
        }
    }
    if (ok && !o.list && !o.list_mutants && o.target.empty()) {
        std::fprintf(stderr, "synclab_stress: name an id, 'all', or --list\n");
        ok = false;
    }
    if (!ok) {
        print_usage(argv[0]);
        return std::nullopt;
    }
    return o;
}

}  // namespace synclab::stress
