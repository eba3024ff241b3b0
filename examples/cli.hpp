// The examples' command line: `--flag value` pairs, declared once as a table
// of flags bound to the fields they set. The table gives the usage line too,
// and bad input gets a clear error naming the flag and what it takes, then
// exit 2.
//
//   options o;
//   cli command_line{"restroom"};
//   command_line.parse(argc, argv, {{"--impl", "ID", &o.impl}, {"--people", &o.people}});
#pragma once

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>

namespace synclab::examples {

// One flag: sets a string (an id, whose value is shown as `meta`) or a
// positive integer.
struct flag {
    const char* name;
    const char* meta;
    std::string* text = nullptr;
    int* positive = nullptr;

    flag(const char* n, const char* m, std::string* to) : name(n), meta(m), text(to) {}
    flag(const char* n, int* to, const char* m = "N") : name(n), meta(m), positive(to) {}
};

class cli {
public:
    explicit cli(const char* program) : program_(program) {}

    // Sets the bound fields from argv; exits 2 with the usage on bad input.
    void parse(int argc, char** argv, std::initializer_list<flag> flags) {
        usage_.clear();
        for (const flag& f : flags) usage_ += std::string(usage_.empty() ? "" : " ") + "[" + f.name + " " + f.meta + "]";
        for (int i = 1; i < argc; ++i) {
            const std::string_view name = argv[i];
            const flag* match = nullptr;
            for (const flag& f : flags)
                if (name == f.name) match = &f;
            if (match == nullptr) error("unknown flag " + std::string(name));
            if (i + 1 >= argc) error(std::string(name) + " needs a value");
            const std::string_view value = argv[++i];
            if (match->text != nullptr) {
                *match->text = value;
            } else {
                *match->positive = positive(name, value);
            }
        }
    }

    [[noreturn]] void error(const std::string& message) const {
        std::fprintf(stderr, "%s: %s\nusage: %s %s\n", program_, message.c_str(), program_, usage_.c_str());
        std::exit(2);
    }

private:
    int positive(std::string_view name, std::string_view value) const {
        int n = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec != std::errc() || end != value.data() + value.size() || n < 1)
            error(std::string(name) + " takes a positive integer, got '" + std::string(value) + "'");
        return n;
    }

    const char* program_;
    std::string usage_;
};

}  // namespace synclab::examples
