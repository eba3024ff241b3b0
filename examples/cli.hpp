// The examples' command line: `--flag value` pairs, a clear error (naming the
// flag and what it takes) and exit 2 on bad input.
#pragma once

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace synclab::examples {

struct cli {
    const char* program;  // "restroom"
    const char* usage;    // "[--impl ID] [--people N] [--visits N]"

    [[noreturn]] void error(const std::string& message) const {
        std::fprintf(stderr, "%s: %s\nusage: %s %s\n", program, message.c_str(), program, usage);
        std::exit(2);
    }

    int positive(std::string_view flag, std::string_view value) const {
        int n = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec != std::errc() || end != value.data() + value.size() || n < 1)
            error(std::string(flag) + " takes a positive integer, got '" + std::string(value) + "'");
        return n;
    }

    // Calls on_flag(flag, value) for each pair; on_flag returns false for an unknown flag.
    template <class OnFlag>
    void parse(int argc, char** argv, OnFlag on_flag) const {
        for (int i = 1; i < argc; ++i) {
            std::string_view flag = argv[i];
            if (i + 1 >= argc) error(std::string(flag) + " needs a value");
            std::string_view value = argv[++i];
            if (!on_flag(flag, value)) error("unknown flag " + std::string(flag));
        }
    }
};

}  // namespace synclab::examples
