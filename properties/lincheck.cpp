// synclab_lincheck: the linearizability checker on its own, for histories
// kept as files and for measuring the checker. What it takes: the usage text
// below (synclab_lincheck --help prints it).
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "container_histories.hpp"
#include "container_spec.hpp"
#include "linearizability.hpp"

namespace {

using namespace synclab::properties;

constexpr const char* usage_text = R"(  synclab_lincheck [options] FILE...
      checks each history file (format: container_spec.hpp's to_text) and
      prints its verdict, steps, time and shape; the report when it is not
      linearizable. Exit 0 when every file is linearizable, 1 otherwise.
  synclab_lincheck --bench [options] [--histories N] [--max-ops N]
                   [--threads N] [--seed S|fresh] [--json FILE]
      generates N legal histories (default 10000, seed 1; "fresh" draws
      one, printed with the summary): sequential runs (FIFO, or LIFO with --spec lifo) of
      1..max-ops operations (default 200) over T threads (default 3), every
      interval widened (container_histories.hpp), and checks each. Prints
      progress, then steps and time per history (median, 99th percentile,
      maximum) and how many were undecided or, which would be a checker
      bug, rejected. Exit 0 when every history was decided linearizable.
      --corrupt: then break each history in one of the ways a faulty
      container does (container_histories.hpp's corrupt(); many become
      illegal): measures rejections; exit 0 when none is undecided.
      --cross-check: also check each history without the look-ahead and
      count disagreements where both decided (a look-ahead that prunes a
      live state would show here); exit 1 on any.
  options:
      --spec fifo|lifo|buffer:CAPACITY   the specification (default fifo)
      --max-steps N      the step budget of one check (default 1048576)
      --max-seconds S    the time budget of one check (default 10; 0: none)
      --no-lookahead     the plain search (to measure what the look-ahead saves)
)";

[[noreturn]] void usage_error(const std::string& message) {
    std::cerr << "synclab_lincheck: " << message << "\n"
              << "usage: synclab_lincheck [--spec fifo|lifo|buffer:N] [--max-steps N] [--max-seconds S] "
                 "[--no-lookahead] FILE...\n"
              << "       synclab_lincheck --bench [--histories N] [--max-ops N] [--threads N] [--seed S|fresh] "
                 "[--corrupt] [--cross-check] [--json FILE] [same options]\n";
    std::exit(2);
}

template <class T>
T number(std::string_view flag, std::string_view text, T lo, T hi) {
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < lo || value > hi) {
        std::ostringstream os;
        os << flag << " takes a number from " << lo << " to " << hi << ", got '" << text << "'";
        usage_error(os.str());
    }
    return value;
}

container_spec parse_spec(std::string_view text) {
    if (text == "fifo") return fifo_queue_spec();
    if (text == "lifo") return lifo_stack_spec();
    if (text.starts_with("buffer:")) {
        return bounded_buffer_spec(number<std::size_t>("--spec buffer:", text.substr(7), 1, 1u << 30));
    }
    usage_error("--spec takes fifo, lifo or buffer:CAPACITY, got '" + std::string(text) + "'");
}

double quantile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

struct bench_settings {
    std::size_t histories = 10000;
    std::size_t max_ops = 200;
    std::size_t threads = 3;
    std::uint64_t seed = 1;
    std::string json;
    bool corrupt = false;
    bool cross_check = false;
};

int bench(const container_spec& spec, const lin_options& options, const bench_settings& b) {
    std::mt19937_64 rng(b.seed);
    auto draw = [&](std::uint64_t k) { return std::uniform_int_distribution<std::uint64_t>(0, k - 1)(rng); };
    std::vector<double> steps, micros, sizes;
    std::size_t undecided = 0, rejected = 0, accepted = 0, disagreements = 0, cross_checked = 0;
    lin_result worst;
    container_history worst_history;
    const auto started = std::chrono::steady_clock::now();
    const std::size_t every = std::max<std::size_t>(1, b.histories / 10);
    for (std::size_t k = 0; k < b.histories; ++k) {
        const std::size_t n = 1 + draw(b.max_ops);
        std::vector<std::pair<bool, int>> ops;
        for (std::size_t i = 0; i < n; ++i) {
            ops.emplace_back(draw(2) == 1, static_cast<int>(draw(b.threads)));
        }
        container_history h = sequential_run(spec.order(), ops, b.threads);
        widen_randomly(h, draw);
        if (b.corrupt) corrupt(h, draw);
        lin_result r = check_linearizable(spec, h, {}, options);
        if (b.cross_check) {
            lin_options plain = options;
            plain.lookahead = !options.lookahead;
            const lin_result other = check_linearizable(spec, h, {}, plain);
            const bool both = r.outcome != lin_outcome::undecided && other.outcome != lin_outcome::undecided;
            if (both && r.outcome != other.outcome) {
                ++disagreements;
                std::cout << "history " << k << ": " << to_string(r.outcome) << " with "
                          << (options.lookahead ? "" : "out") << " the look-ahead, " << to_string(other.outcome)
                          << " without; as data:\n"
                          << to_text(h);
            }
            if (both) ++cross_checked;
        }
        steps.push_back(static_cast<double>(r.steps));
        micros.push_back(r.seconds * 1e6);
        sizes.push_back(static_cast<double>(h.size()));
        if (r.outcome == lin_outcome::undecided) ++undecided;
        if (r.linearizable()) ++accepted;
        if (!b.corrupt && (r.outcome == lin_outcome::not_linearizable || r.outcome == lin_outcome::malformed)) {
            ++rejected;
            std::cout << "history " << k << " REJECTED (a checker bug: it is legal by construction):\n"
                      << r.report << "as data:\n"
                      << to_text(h);
        }
        if (k == 0 || r.steps > worst.steps) {
            worst = r;
            worst_history = h;
        }
        if ((k + 1) % every == 0 || k + 1 == b.histories) {
            const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            std::printf("synclab_lincheck: %zu of %zu histories, %zu undecided, %.1f s\n", k + 1, b.histories,
                        undecided, elapsed);
            std::fflush(stdout);
        }
    }
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%zu %s %s histories of 1..%zu operations over %zu threads, widened (seed %llu), %s:\n",
                b.histories, b.corrupt ? "corrupted" : "legal", spec.name().c_str(), b.max_ops, b.threads,
                static_cast<unsigned long long>(b.seed),
                options.lookahead ? "with the look-ahead" : "without the look-ahead");
    std::printf("  steps per history: median %.0f, 99th percentile %.0f, max %.0f (budget %zu)\n",
                quantile(steps, 0.5), quantile(steps, 0.99), quantile(steps, 1.0), options.max_steps);
    std::printf("  time per history:  median %.1f us, 99th percentile %.1f us, max %.1f us\n",
                quantile(micros, 0.5), quantile(micros, 0.99), quantile(micros, 1.0));
    std::printf("  operations per history: median %.0f, max %.0f\n", quantile(sizes, 0.5), quantile(sizes, 1.0));
    std::printf("  the most steps: %zu, %s, %s\n", worst.steps, to_string(worst.outcome),
                worst.shape.describe().c_str());
    if (b.corrupt) {
        std::printf("  accepted: %zu, rejected: %zu, undecided: %zu, all in %.1f s\n", accepted,
                    b.histories - accepted - undecided, undecided, total);
    } else {
        std::printf("  undecided: %zu, rejected: %zu, all in %.1f s\n", undecided, rejected, total);
    }
    if (b.cross_check) {
        std::printf("  cross-checked %s the look-ahead: %zu decided by both, %zu disagreements\n",
                    options.lookahead ? "without" : "with", cross_checked, disagreements);
    }
    if (!b.json.empty()) {
        std::ofstream out(b.json);
        out << "{\"histories\": " << b.histories << ", \"max_ops\": " << b.max_ops << ", \"threads\": " << b.threads
            << ", \"seed\": " << b.seed << ", \"lookahead\": " << (options.lookahead ? "true" : "false")
            << ", \"max_steps\": " << options.max_steps << ", \"steps_median\": " << quantile(steps, 0.5)
            << ", \"steps_p99\": " << quantile(steps, 0.99) << ", \"steps_max\": " << quantile(steps, 1.0)
            << ", \"us_median\": " << quantile(micros, 0.5) << ", \"us_p99\": " << quantile(micros, 0.99)
            << ", \"us_max\": " << quantile(micros, 1.0) << ", \"undecided\": " << undecided
            << ", \"rejected\": " << rejected << ", \"accepted\": " << accepted << ", \"corrupt\": "
            << (b.corrupt ? "true" : "false") << ", \"disagreements\": " << disagreements
            << ", \"seconds\": " << total << "}\n";
        if (!out) usage_error("--json: cannot write '" + b.json + "'");
    }
    if (undecided != 0 && worst.outcome == lin_outcome::undecided) {
        std::cout << "the history that took the most steps, as data:\n" << to_text(worst_history);
    }
    return undecided == 0 && rejected == 0 && disagreements == 0 ? 0 : 1;
}

int check_files(const container_spec& spec, const lin_options& options, const std::vector<std::string>& files) {
    bool all = true;
    for (const std::string& file : files) {
        std::ifstream in(file);
        if (!in) usage_error("cannot read history file '" + file + "'");
        std::stringstream text;
        text << in.rdbuf();
        container_history h;
        try {
            h = container_history_from_text(text.str());
        } catch (const std::invalid_argument& e) {
            usage_error(file + ": " + e.what());
        }
        const lin_result r = check_linearizable(spec, h, {}, options);
        std::printf("%s: %s as a %s in %zu steps (%zu pruned), %.3f ms; %s\n", file.c_str(), to_string(r.outcome),
                    spec.name().c_str(), r.steps, r.pruned, r.seconds * 1e3, r.shape.describe().c_str());
        if (!r.linearizable()) {
            std::cout << r.report;
            all = false;
        }
    }
    return all ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    container_spec spec = fifo_queue_spec();
    lin_options options;
    bench_settings b;
    bool run_bench = false;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        auto value = [&]() -> std::string_view {
            if (i + 1 >= argc) usage_error(std::string(arg) + " needs a value");
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            std::cout << usage_text;
            return 0;
        } else if (arg == "--bench") {
            run_bench = true;
        } else if (arg == "--spec") {
            spec = parse_spec(value());
        } else if (arg == "--max-steps") {
            options.max_steps = number<std::size_t>(arg, value(), 1, std::size_t{1} << 40);
        } else if (arg == "--max-seconds") {
            options.max_seconds = number<double>(arg, value(), 0, 86400);
        } else if (arg == "--no-lookahead") {
            options.lookahead = false;
        } else if (arg == "--histories") {
            b.histories = number<std::size_t>(arg, value(), 1, 100000000);
        } else if (arg == "--max-ops") {
            b.max_ops = number<std::size_t>(arg, value(), 1, 100000);
        } else if (arg == "--threads") {
            b.threads = number<std::size_t>(arg, value(), 1, 64);
        } else if (arg == "--seed") {
            const std::string_view v = value();
            b.seed = v == "fresh" ? (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}()
                                  : number<std::uint64_t>("--seed (or 'fresh')", v, 0, UINT64_MAX);
        } else if (arg == "--corrupt") {
            b.corrupt = true;
        } else if (arg == "--cross-check") {
            b.cross_check = true;
        } else if (arg == "--json") {
            b.json = value();
        } else if (arg.starts_with("--")) {
            usage_error("unknown option '" + std::string(arg) + "'");
        } else {
            files.emplace_back(arg);
        }
    }
    if (run_bench) {
        if (!files.empty()) usage_error("--bench takes no history files");
        return bench(spec, options, b);
    }
    if (files.empty()) usage_error("no history file given (or --bench)");
    return check_files(spec, options, files);
}
