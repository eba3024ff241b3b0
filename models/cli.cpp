// synclab_model: the Relacy model checker's command line (`./synclab check`
// execs it and passes its arguments through).
//
//   synclab_model --list | --list-mutants
//   synclab_model ID [--search full|bound|random] [--threads N] [--iterations N]
//                    [--seed S] [--ops N] [--bound K] [--suite NAME] [--replay TOKEN] [--expect VERDICT]
//                    [--minimize SECONDS]
//
// On a failure it searches again with fewer threads, preemptions and
// operations (minimize_failure) and prints the smallest failing execution it
// finds, with the command that replays it.
// ID is any id of any concept's registry (mutex.*, semaphore.*, condvar.*) or
// of its broken variants; the concept decides the suites and the default plan.
// Exit status: 0 pass (or, with --expect, the expected failure), 1 a failure
// found (or not the expected one), 2 bad input.
#include "models/orders.hpp"
#include "models/plan.hpp"
#include "tools/results.hpp"

namespace {

using namespace synclab::models;

constexpr const char* usage =
    "usage: synclab_model --list          every checkable id, one a line (each concept's registry, then\n"
    "                                     its broken variants)\n"
    "       synclab_model --list-mutants  the broken variants: ID VERDICT [SUITE] (the verdict each must\n"
    "                                     get, and the suite or family that must catch it)\n"
    "       synclab_model ID [--search full|bound|random] [--threads N] [--iterations N]\n"
    "                        [--seed S] [--ops N] [--bound K] [--suite NAME] [--replay TOKEN] [--expect VERDICT]\n"
    "                        [--minimize SECONDS] [--weaken FILE:LINE[:COL]=ORDER[/FAILURE]] [--drop-wake FILE:LINE[:COL]]\n"
    "       synclab_model ID --orders [--budget SECONDS] [--place FILE:LINE[:COL]] [--json FILE]\n"
    "\n"
    "Without --search/--threads: the default budget, every suite under each configuration:\n"
    "  2 threads full search, 3 threads context-bounded search, 4 threads random search.\n"
    "--search / --threads   narrow to one configuration (the other defaults to its pair)\n"
    "--iterations N         random: iterations to run; full/bound: a cap (the search stops there)\n"
    "--seed S               random search only, 0..36863: which iterations run (Relacy seeds its\n"
    "                       generator from the iteration number; seed 0 = Relacy's default run)\n"
    "--ops N                operations per thread (a lock/unlock cycle, an attempt at a permit,\n"
    "                       values per producer; default: per configuration)\n"
    "--bound K              bound search: at most K preemptions per execution, 0..8 (default 2)\n"
    "--suite NAME           run one suite, or one family (the condition variables' buffer runs once\n"
    "                       per mutex: buffer@mutex.tas, ...; --suite buffer runs them all):\n"
    "                         mutex:     exclusion mixed try_lock\n"
    "                         semaphore: locker_room buffer timed release_n\n"
    "                         condvar:   buffer buffer@<mutex id> notify_all timed\n"
    "--replay TOKEN         replay one failing execution (the token a failure prints), with the\n"
    "                       --search and --threads it was found with\n"
    "--expect VERDICT       exit 0 iff the run fails with exactly VERDICT (e.g. DATA_RACE, DEADLOCK,\n"
    "                       LOST_WAKE_UP: a deadlock in which a thread sleeps on a futex word that has\n"
    "                       changed since, with no futex_wake after the change; EXCEPTION: an exception\n"
    "                       left a thread of the suite)\n"
    "--minimize SECONDS     on a failure, spend up to SECONDS (default 30; 0: off) searching for the\n"
    "                       smallest failing execution: the bounded search with 2 threads, then 3 (no\n"
    "                       more than the failure had), context bound 0, 1, 2, 3 each, then fewer\n"
    "                       operations; it prints that execution's history and replay command\n"
    "--weaken FILE:LINE[:COL]=ORDER[/FAILURE]\n"
    "                       run the atomic operation at that place (FILE: its path or a suffix of it; COL\n"
    "                       where the line has several) with a weaker ORDER: relaxed, acquire, release,\n"
    "                       acq_rel or seq_cst; a compare-exchange's failure order after '/' (or\n"
    "                       =failure:ORDER alone); a fence weakened to relaxed is removed. Repeatable;\n"
    "                       replay commands carry it\n"
    "--drop-wake FILE:LINE[:COL]\n"
    "                       the futex_wake or notify at that place wakes nobody\n"
    "--orders               the memory-order audit: every place the default plan runs with a\n"
    "                       non-relaxed order or a wake, each order weakened one step at a time (a\n"
    "                       wake dropped) under the default plan: needed, weakenable to X, or undecided\n"
    "--budget SECONDS       --orders: seconds each weakened variant may run (default 120)\n"
    "--place FILE:LINE[:COL] --orders: audit only the items at this place (repeatable)\n"
    "--json FILE            --orders: write the result as JSON\n"
    "--list-places          run the plan (to its first failure) recording every atomic operation and\n"
    "                       wake: PLACE FILE:LINE:COL OPERATION ORDER FAILURE-ORDER TIMES\n";

std::vector<std::string> known_ids() {
    std::vector<std::string> ids;
    for (const auto& c : all_concepts()) {
        for (const auto& e : c.checkables) ids.push_back(e.id);
    }
    return ids;
}

[[noreturn]] void bad_input(const std::string& message) {
    std::fprintf(stderr, "synclab_model: %s\n", message.c_str());
    std::exit(2);
}

std::uint64_t parse_number(std::string_view flag, std::string_view text, std::uint64_t lo, std::uint64_t hi,
                           const char* what) {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || v < lo || v > hi) {
        bad_input(std::string(flag) + " takes " + what + ", not '" + std::string(text) + "'");
    }
    return v;
}

struct options {
    std::string id;
    std::optional<search> kind;
    std::optional<int> threads;
    std::optional<std::uint64_t> iterations;
    std::optional<std::uint64_t> seed;
    std::optional<int> ops;
    std::optional<unsigned> bound;
    std::string suite;  // empty: every suite
    std::string replay;
    std::string expect;
    double minimize_seconds = 30;  // 0: no minimal counterexample search
    std::vector<weakening> weakenings;  // --weaken, --drop-wake
    bool orders = false;               // --orders
    bool list_places = false;          // --list-places
    audit_options audit;
    bool budget_given = false;
};

// FILE:LINE[:COL], the place part of --weaken, --drop-wake and --place.
weakening parse_place(std::string_view flag, std::string_view text, std::string_view form) {
    const auto bad = [&] {
        bad_input(std::string(flag) + " takes " + std::string(form) + ", not '" + std::string(text) + "'");
    };
    weakening w;
    std::vector<std::string_view> parts;
    for (std::size_t from = 0;;) {
        const std::size_t colon = text.find(':', from);
        parts.push_back(text.substr(from, colon == std::string_view::npos ? std::string_view::npos : colon - from));
        if (colon == std::string_view::npos) break;
        from = colon + 1;
    }
    // FILE may not hold a ':'; LINE and COL are numbers.
    const auto number = [&](std::string_view t) {
        unsigned v = 0;
        auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (ec != std::errc{} || end != t.data() + t.size() || v == 0) bad();
        return v;
    };
    if (parts.size() < 2 || parts.size() > 3 || parts[0].empty()) bad();
    w.file = std::string(parts[0]);
    w.line = number(parts[1]);
    if (parts.size() == 3) w.column = number(parts[2]);
    return w;
}

weakening parse_weakening(std::string_view text) {
    constexpr std::string_view form = "FILE:LINE[:COL]=ORDER[/FAILURE] (ORDER: relaxed, acquire, release, acq_rel, seq_cst)";
    const std::size_t eq = text.rfind('=');
    if (eq == std::string_view::npos) bad_input("--weaken takes " + std::string(form) + ", not '" + std::string(text) + "'");
    weakening w = parse_place("--weaken", text.substr(0, eq), form);
    std::string_view orders = text.substr(eq + 1);
    const auto named = [&](std::string_view name) {
        const auto mo = order_named(name);
        if (!mo) {
            bad_input("--weaken: '" + std::string(name) + "' is not an order; it takes relaxed, acquire, release, acq_rel or seq_cst");
        }
        return *mo;
    };
    if (orders.starts_with("failure:")) {
        w.failure = named(orders.substr(8));
    } else if (const std::size_t slash = orders.find('/'); slash != std::string_view::npos) {
        w.order = named(orders.substr(0, slash));
        w.failure = named(orders.substr(slash + 1));
    } else {
        w.order = named(orders);
    }
    return w;
}

options parse(int argc, char** argv) {
    options o;
    std::vector<std::string_view> args(argv + 1, argv + argc);
    auto value = [&](std::size_t& i) -> std::string_view {
        if (i + 1 >= args.size()) bad_input(std::string(args[i]) + " needs a value\n" + usage);
        return args[++i];
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        if (a == "--search") {
            const auto v = value(i);
            if (v == "full") o.kind = search::full;
            else if (v == "bound") o.kind = search::bound;
            else if (v == "random") o.kind = search::random;
            else bad_input("--search takes full, bound or random, not '" + std::string(v) + "'");
        } else if (a == "--threads") {
            o.threads = int(parse_number(a, value(i), 2, 4, "2, 3 or 4"));
        } else if (a == "--iterations") {
            o.iterations = parse_number(a, value(i), 1, max_random_iterations, "a count from 1 to 16777216");
        } else if (a == "--seed") {
            o.seed = parse_number(a, value(i), 0, max_seed, "a number from 0 to 36863");
        } else if (a == "--ops") {
            o.ops = int(parse_number(a, value(i), 1, 16, "a count from 1 to 16"));
        } else if (a == "--bound") {
            o.bound = unsigned(parse_number(a, value(i), 0, 8, "a context bound from 0 to 8"));
        } else if (a == "--suite") {
            o.suite = value(i);  // checked against the id's concept once the id is known
        } else if (a == "--minimize") {
            o.minimize_seconds = double(parse_number(a, value(i), 0, 3600, "seconds from 0 (off) to 3600"));
        } else if (a == "--replay") {
            o.replay = value(i);
        } else if (a == "--expect") {
            o.expect = value(i);
            const auto known = failure_verdicts();
            if (std::find(known.begin(), known.end(), o.expect) == known.end()) {
                std::string list;
                for (const auto& v : known) list += "  " + v + "\n";
                bad_input("--expect takes one of Relacy's failure verdicts, LOST_WAKE_UP or EXCEPTION:\n" + list);
            }
        } else if (a == "--weaken") {
            o.weakenings.push_back(parse_weakening(value(i)));
        } else if (a == "--drop-wake") {
            weakening w = parse_place(a, value(i), "FILE:LINE[:COL]");
            w.drop = true;
            o.weakenings.push_back(w);
        } else if (a == "--orders") {
            o.orders = true;
        } else if (a == "--list-places") {
            o.list_places = true;
        } else if (a == "--budget") {
            o.audit.budget = double(parse_number(a, value(i), 1, 86400, "seconds from 1 to 86400"));
            o.budget_given = true;
        } else if (a == "--place") {
            o.audit.only.push_back(parse_place(a, value(i), "FILE:LINE[:COL]"));
        } else if (a == "--json") {
            o.audit.json = value(i);
        } else if (a == "--help" || a == "-h") {
            std::fputs(usage, stdout);
            std::exit(0);
        } else if (a.starts_with("-")) {
            bad_input("unknown option '" + std::string(a) + "'\n" + usage);
        } else if (o.id.empty()) {
            o.id = a;
        } else {
            bad_input("one ID at a time ('" + o.id + "' and '" + std::string(a) + "')");
        }
    }
    return o;
}

// TOKEN = SUITE:OPS:BOUND:STATE, STATE being Relacy's replay state with '_' for ' '.
std::string make_token(const job& j, const std::string& state) {
    std::string s = state;
    while (!s.empty() && s.back() == ' ') s.pop_back();
    for (char& c : s) {
        if (c == ' ') c = '_';
    }
    return j.suite + ":" + std::to_string(j.ops) + ":" + std::to_string(j.context_bound) + ":" + s;
}

void apply_token(job& j, const std::string& token, const concept_info& concept_) {
    const auto bad = [&] { bad_input("--replay takes a token printed by a failing run (SUITE:OPS:BOUND:STATE), not '" + token + "'"); };
    std::vector<std::string> f;
    std::size_t from = 0;
    for (int k = 0; k < 3; ++k) {
        const auto at = token.find(':', from);
        if (at == std::string::npos) bad();
        f.push_back(token.substr(from, at - from));
        from = at + 1;
    }
    std::string state = token.substr(from);
    if (state.empty() || state.find_first_not_of("0123456789_") != std::string::npos) bad();
    for (char& c : state) {
        if (c == '_') c = ' ';
    }
    if (std::find(concept_.suites.begin(), concept_.suites.end(), f[0]) == concept_.suites.end()) bad();
    j.suite = f[0];
    j.ops = int(parse_number("--replay", f[1], 1, 16, "a token whose OPS is 1..16"));
    j.context_bound = unsigned(parse_number("--replay", f[2], 0, 16, "a token whose BOUND is 0..16"));
    j.replay = state;
}

// "mutex.futex exclusion, 2 threads, full search": a job as the RUN, PASS and
// FAIL lines name it.
std::string describe(const job& j) {
    return j.id + " " + j.suite + ", " + std::to_string(j.threads) + " threads, " + to_string(j.kind) + " search";
}

// The order knob's changes as flags (--weaken, --drop-wake), for the commands
// that replay or rerun a run made with them.
std::string knob_flags() {
    std::string flags;
    for (const auto& w : the_order_knob.weakenings) flags += " " + w.flag();
    return flags;
}

std::string replay_command(const job& j, const outcome& o) {
    return replay_program + " " + j.id + " --search " + to_string(j.kind) + " --threads " + std::to_string(j.threads) +
           knob_flags() + " --replay " + make_token(j, o.state);
}

// The command that runs job j again as it ran (one suite, one configuration).
std::string rerun_command(const job& j) {
    std::string c = replay_program + " " + j.id + " --search " + to_string(j.kind) + " --threads " +
                    std::to_string(j.threads) + " --suite " + j.suite;
    if (j.kind == search::random && j.seed != 0) c += " --seed " + std::to_string(j.seed);
    return c + knob_flags();
}

// The job's result line (tools/results.hpp).
void write_result(const job& j, std::string_view verdict, std::uint64_t iterations, double seconds,
                  const std::string& replay) {
    synclab::results::write({"model", j.id, j.suite, to_string(j.kind), j.threads, verdict, iterations, seconds, replay});
}

// A crash ends the process inside Relacy: the running job's result line is
// written from the signal handler, before the engine's own report (on_crash),
// from a prefix made before the job ran; the iteration is the one that crashed.
char crash_line_prefix[768] = "";
void on_crash_with_result(int sig) {
    if (crash_line_prefix[0] != '\0') {
        static char text[1280];
        const unsigned long long iteration = control.start + control.done;
        const bool replayable = control.replay_prefix[0] != '\0';  // a random search: its iteration replays it
        char replay_iteration[24] = "";
        if (replayable) std::snprintf(replay_iteration, sizeof replay_iteration, "%llu", iteration);
        const int n = std::snprintf(text, sizeof text, "%s%llu,\"seconds\":%.3f,\"replay\":\"%s%s\"}\n",
                                    crash_line_prefix, iteration, seconds_since(control.begin), control.replay_prefix,
                                    replay_iteration);
        if (n > 0 && std::size_t(n) < sizeof text) synclab::results::write_raw(text, std::size_t(n));
    }
    on_crash(sig);
}
// Puts on_crash_with_result where report_crashes() put on_crash, with the
// same flags (the alternate stack, reset after one).
void report_crashes_with_results() {
    report_crashes();
    for (const int sig : {SIGSEGV, SIGBUS}) {
        struct sigaction sa {};
        ::sigaction(sig, nullptr, &sa);
        sa.sa_handler = on_crash_with_result;
        ::sigaction(sig, &sa, nullptr);
    }
}
void prepare_crash_line(const job& j) {
    std::string line = synclab::results::line{"model", j.id, j.suite, to_string(j.kind), j.threads, "CRASH", 0, 0, ""}.text();
    line.resize(line.find("\"iterations\":") + 13);  // up to the iteration count
    std::snprintf(crash_line_prefix, sizeof crash_line_prefix, "%s", line.c_str());
}

// A ledger line made easier to read: "dir/../" dropped from paths
// (primitives/condvar/../mutex/x.hpp is primitives/mutex/x.hpp) and a member
// function named without its class's template parameters ("in F>::unlock()",
// as futex_ledger::function_of cuts "futex_mutex<P, F>::unlock()", reads "in
// unlock()"; the file and line name the class).
std::string readable(std::string line) {
    for (std::size_t up; (up = line.find("/../")) != std::string::npos;) {
        const std::size_t dir = line.rfind('/', up == 0 ? 0 : up - 1);
        const std::size_t word = line.rfind(' ', up);
        const std::size_t from = dir == std::string::npos || (word != std::string::npos && word > dir) ? word + 1 : dir + 1;
        line.erase(from, up + 4 - from);
    }
    for (std::size_t at = 0; (at = line.find(" in ", at)) != std::string::npos; at += 4) {
        const std::size_t name_end = line.find('(', at + 4);
        const std::size_t scope = line.rfind(">::", name_end);
        if (name_end != std::string::npos && scope != std::string::npos && scope > at &&
            line.find(' ', at + 4) > scope) {
            line.erase(at + 4, scope + 3 - (at + 4));
        }
    }
    return line;
}

// The explanation a verdict carries beyond Relacy's history: the lost
// wake-ups the futex ledger found, the exception a thread threw, or the loop
// a livelock spun in.
void print_lost_wake_ups(const outcome& o) {
    for (const auto& line : o.lost_wake_ups) std::printf("LOST WAKE-UP: %s\n", readable(line).c_str());
    if (!o.exception.empty()) std::printf("EXCEPTION: %s\n", o.exception.c_str());
    if (!o.livelock_loop.empty()) std::printf("LIVELOCK: %s\n", o.livelock_loop.c_str());
}

// The minimal counterexample. After a failure of `found` (verdict V), the
// bounded search runs again for the same suite with 2 threads, then 3 (never
// more than `found` had, and only as built), each with context bound 0, 1, 2,
// 3 in turn (iterative deepening: the first failing bound is the fewest
// preemptions at that thread count; for the thread count `found` used under
// the bounded search, only bounds below its own). The first run that fails
// with V is the smallest; then fewer operations per thread are tried with its
// threads and bound. A run that fails with another verdict does not count (it
// is another bug, or the same one seen another way) and the deepening goes
// on. Each run is capped at minimize_step_cap iterations; the whole search
// stops after `budget` seconds with the smallest found so far. Then the
// smallest failing execution (or `found`, if nothing smaller failed) is
// replayed from its token with its history printed, and its replay command.
constexpr std::uint64_t minimize_step_cap = 200'000;
constexpr unsigned minimize_max_bound = 3;

void minimize_failure(const concept_info& concept_, const job& found, const outcome& found_outcome, double budget) {
    const std::string verdict = verdict_name(found_outcome);
    const auto begin = std::chrono::steady_clock::now();
    std::printf("MINIMIZE %s %s: looking for a smaller %s (fewer threads, then preemptions, then operations; "
                "up to %.0f s)\n",
                found.id.c_str(), found.suite.c_str(), verdict.c_str(), budget);
    std::fflush(stdout);

    // The suite's operations per thread in the default bounded search, if
    // smaller than the failure's (the random search runs more, which the
    // bounded trees cannot afford).
    int ops = found.ops;
    for (const auto& cfg : concept_.plan) {
        if (cfg.kind != search::bound) continue;
        for (const auto& s : cfg.suites) {
            if (s.name == found.suite) ops = std::min(ops, s.ops);
        }
    }

    std::optional<job> best;
    outcome best_outcome;
    bool best_exact = false;   // the bound below best's passed its whole tree: exactly that many preemptions
    bool out_of_time = false;
    const auto step = [&](int threads, unsigned bound, int step_ops, outcome& o) {
        job j = found;
        j.kind = search::bound;
        j.threads = threads;
        j.context_bound = bound;
        j.ops = step_ops;
        j.iterations = minimize_step_cap;
        j.seed = 0;
        j.replay.clear();
        j.show_history = false;
        std::printf("  .. %d threads, context bound %u, %d ops/thread: ", threads, bound, step_ops);
        std::fflush(stdout);
        const bool built = concept_.run(j, o);
        if (!built) {
            std::printf("not built\n");
        } else if (o.result == rl::test_result_success) {
            std::printf("pass, %llu iterations%s (%.2f s)\n", (unsigned long long)o.iterations,
                        o.complete ? ", search complete" : ", stopped at the cap", o.seconds);
        } else {
            std::printf("%s at iteration %llu (%.2f s)%s\n", verdict_text(o).c_str(), (unsigned long long)o.stop_iteration,
                        o.seconds, verdict_name(o) == verdict ? "" : ": another verdict, not counted");
        }
        std::fflush(stdout);
        if (seconds_since(begin) >= budget) out_of_time = true;
        return built && o.result != rl::test_result_success && verdict_name(o) == verdict ? std::optional<job>(j)
                                                                                            : std::nullopt;
    };

    for (int threads = 2; threads <= found.threads && !best && !out_of_time; ++threads) {
        if (!is_built(search::bound, threads)) continue;
        const bool same_as_found = found.kind == search::bound && threads == found.threads;
        const unsigned last = same_as_found ? found.context_bound : minimize_max_bound + 1;  // exclusive
        bool previous_complete = true;
        for (unsigned bound = 0; bound < last && !out_of_time; ++bound) {
            outcome o;
            if (auto failing = step(threads, bound, ops, o)) {
                best = failing;
                best_outcome = o;
                best_exact = bound == 0 || previous_complete;
                break;
            }
            previous_complete = o.result == rl::test_result_success && o.complete;
        }
    }
    // Fewer operations per thread, with the smallest configuration's threads and bound.
    if (best && !out_of_time) {
        for (int fewer = 1; fewer < best->ops && !out_of_time; ++fewer) {
            outcome o;
            if (auto failing = step(best->threads, best->context_bound, fewer, o)) {
                best = failing;
                best_outcome = o;
                break;
            }
        }
    }
    if (out_of_time) std::printf("  (minimization budget of %.0f s spent: the smallest found so far)\n", budget);

    // Replay the smallest from its token, with its history.
    job shown = best ? *best : found;
    const outcome& shown_found = best ? best_outcome : found_outcome;
    shown.replay = shown_found.state;
    shown.show_history = true;
    outcome replayed;
    std::fflush(stdout);
    concept_.run(shown, replayed);
    std::fflush(stdout);
    print_lost_wake_ups(replayed);
    std::string size = std::to_string(shown.threads) + " threads, ";
    if (shown.kind == search::bound) {
        const bool exact = best && best_exact;
        size += (exact ? "" : "at most ") + std::to_string(shown.context_bound) + " preemption" +
                (shown.context_bound == 1 ? "" : "s");
    } else {
        size += "preemptions not bounded (" + std::string(to_string(shown.kind)) + " search)";
    }
    size += ", " + std::to_string(shown.ops) + " ops/thread";
    if (best) {
        std::printf("MINIMAL %s %s: %s, %s (%.1f s to minimize)\n", shown.id.c_str(), shown.suite.c_str(),
                    verdict_text(replayed).c_str(), size.c_str(), seconds_since(begin));
    } else {
        std::printf("MINIMAL %s %s: %s, %s: nothing smaller failed with %s within the budget (%.1f s)\n",
                    shown.id.c_str(), shown.suite.c_str(), verdict_text(replayed).c_str(), size.c_str(), verdict.c_str(),
                    seconds_since(begin));
    }
    if (replayed.result != shown_found.result || verdict_name(replayed) != verdict) {
        std::printf("warning: replaying the smallest failure did not reproduce it (a nondeterministic suite?)\n");
    }
    std::printf("replay: %s\n", replay_command(shown, shown_found).c_str());
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    // plan.hpp's check_command: "./synclab check", or empty for a binary built
    // by synclab_add_primitive, whose replay lines then name the binary itself.
    replay_program = *check_command ? check_command : argv[0];
    if (argc == 2 && std::string_view(argv[1]) == "--list") {
        for (const auto& id : known_ids()) std::printf("%s\n", id.c_str());
        return 0;
    }
    if (argc == 2 && std::string_view(argv[1]) == "--list-mutants") {
        for (const auto& c : all_concepts()) {
            for (const auto& e : c.checkables) {
                if (!e.broken) continue;
                std::printf("%s %s%s%s\n", e.id.c_str(), e.verdict.c_str(), e.suite.empty() ? "" : " ", e.suite.c_str());
            }
        }
        return 0;
    }
    const options opt = parse(argc, argv);
    synclab::results::open_results();  // before any crash: the handler writes with it
    report_crashes_with_results();
    if (opt.id.empty()) bad_input(std::string("which implementation? (--list shows the ids)\n") + usage);
    const checkable_info* entry = nullptr;
    const concept_info* concept_ = concept_of(opt.id, &entry);
    if (concept_ == nullptr) {
        std::string list;
        for (const auto& id : known_ids()) list += "  " + id + "\n";
        bad_input("unknown id '" + opt.id + "'; the known ids are:\n" + list);
    }
    if (!opt.replay.empty()) {
        job check;
        apply_token(check, opt.replay, *concept_);  // exits 2 on a malformed token
    }
    if ((opt.orders || opt.list_places) && (!opt.replay.empty() || !opt.expect.empty() || !opt.weakenings.empty())) {
        bad_input("--orders and --list-places make their own runs: they take no --replay, --expect, --weaken or --drop-wake");
    }
    if (!opt.orders && (opt.budget_given || !opt.audit.only.empty() || !opt.audit.json.empty())) {
        bad_input("--budget, --place and --json go with --orders");
    }
    if (!opt.weakenings.empty()) {
        the_order_knob.weakenings = opt.weakenings;
        the_order_knob.exit_on_misfit = true;
        synclab::platform::relacy_order_hook = &the_order_knob;
    }
    if (!opt.suite.empty()) {
        if (!concept_->knows_suite(opt.suite)) {
            bad_input("--suite takes one of the " + concept_->name + " suites (or families): " + concept_->suite_list() +
                      "; not '" + opt.suite + "'");
        }
    }

    // The suite s (by name) runs if both the entry (a broken variant runs only
    // in the suite that must catch it) and --suite select it.
    const auto family_of = [&](const std::string& name) {
        const auto at = std::find(concept_->suites.begin(), concept_->suites.end(), name);
        return concept_->families[at - concept_->suites.begin()];
    };
    const auto wanted = [&](const std::string& name) {
        const std::string family = family_of(name);
        const bool applies =
            std::find(entry->inapplicable.begin(), entry->inapplicable.end(), name) == entry->inapplicable.end();
        return applies && selects(entry->suite, family, name) && selects(opt.suite, family, name);
    };
    bool any_suite = false;
    for (const auto& name : concept_->suites) any_suite |= wanted(name);
    if (!any_suite && entry->suite.empty()) {
        bad_input("--suite " + opt.suite + " does not apply to " + opt.id + " (the suite is not built for it)");
    }
    if (!any_suite) {
        bad_input(opt.id + " is built for its catching suite " + entry->suite + " only; --suite " + opt.suite +
                  " selects none of it");
    }

    // The configurations to run: the default budget, or the one the flags name.
    std::vector<configuration> configs = entry->plan;
    if (opt.kind || opt.threads) {
        auto picked = std::find_if(configs.begin(), configs.end(), [&](const configuration& c) {
            return (!opt.kind || c.kind == *opt.kind) && (!opt.threads || c.threads == *opt.threads);
        });
        // A built pair outside the default plan (the bounded search with 2
        // threads): its kind's planned configuration, with that thread count.
        std::optional<configuration> unplanned;
        if (picked == configs.end() && opt.kind && opt.threads && is_built(*opt.kind, *opt.threads)) {
            for (const auto& c : configs) {
                if (c.kind == *opt.kind) unplanned = c;
            }
            if (unplanned) unplanned->threads = *opt.threads;
        }
        if (picked == configs.end() && !unplanned) {
            std::string list;
            for (const auto& b : built_instances) list += "  --search " + std::string(to_string(b.kind)) + " --threads " + std::to_string(b.threads) + "\n";
            bad_input("no such configuration in this build; it has:\n" + list);
        }
        configs = {unplanned ? *unplanned : *picked};
    } else if (!opt.replay.empty()) {
        bad_input("--replay needs the --search and --threads the token was found with");
    }
    if (opt.seed && configs.size() == 1 && configs[0].kind != search::random) {
        bad_input("--seed applies to --search random only (full and bound searches are deterministic)");
    }
    bool selected = false;
    for (const auto& cfg : configs) {
        for (const auto& s : cfg.suites) selected |= wanted(s.name);
    }
    if (!opt.replay.empty()) {
        job token;
        apply_token(token, opt.replay, *concept_);
        bool runs = false;
        for (const auto& s : configs.front().suites) runs |= s.name == token.suite && wanted(s.name);
        if (!runs) {
            bad_input("the token's suite " + token.suite + " does not run for " + opt.id + " under --search " +
                      to_string(configs.front().kind));
        }
    }
    if (!selected) {
        std::string where;
        for (const auto& cfg : entry->plan) {
            for (const auto& s : cfg.suites) {
                if (wanted(s.name) && where.find(to_string(cfg.kind)) == std::string::npos) {
                    where += std::string(where.empty() ? "" : ", ") + to_string(cfg.kind);
                }
            }
        }
        bad_input("the suites selected for " + opt.id + " do not run under this configuration; they run under: " +
                  where);
    }

    const auto make_job = [&](const configuration& cfg, const suite_budget& s) {
        job j;
        j.id = opt.id;
        j.suite = s.name;
        j.kind = cfg.kind;
        j.threads = cfg.threads;
        j.ops = opt.ops.value_or(s.ops);
        j.context_bound = opt.bound.value_or(cfg.context_bound);
        j.iterations = opt.iterations.value_or(s.iterations);
        j.seed = opt.seed.value_or(0);
        return j;
    };
    if (opt.orders || opt.list_places) {
        std::vector<job> jobs;
        for (const auto& cfg : configs) {
            for (const auto& s : cfg.suites) {
                if (wanted(s.name)) jobs.push_back(make_job(cfg, s));
            }
        }
        if (opt.list_places) return list_places(opt.id, *concept_, jobs);
        std::printf("synclab orders %s (the memory-order audit, Relacy model checker)\n", opt.id.c_str());
        return audit_orders(opt.id, *concept_, jobs, opt.audit, replay_command);
    }

    std::printf("synclab check %s (Relacy model checker)\n", opt.id.c_str());
    std::fflush(stdout);
    const auto begin = std::chrono::steady_clock::now();
    std::uint64_t total_iterations = 0;
    int runs = 0;
    int tree_searches = 0, capped = 0;  // full and bounded runs; those stopped at their iteration cap
    std::optional<std::string> failed;  // the failure's verdict name
    for (const auto& cfg : configs) {
        for (const auto& s : cfg.suites) {
            job j = make_job(cfg, s);
            if (!wanted(s.name)) continue;
            if (!opt.replay.empty()) {
                apply_token(j, opt.replay, *concept_);
                if (j.suite != s.name) continue;
            }
            const bool minimizing = j.replay.empty() && opt.minimize_seconds > 0;
            // With a minimal counterexample to come, the first failure's history
            // is not printed: the smallest one's is.
            j.show_history = !minimizing;
            const std::string what = describe(j);
            if (!j.replay.empty()) {
                std::printf("REPLAY %s\n", what.c_str());
            } else {
                std::printf("RUN  %s (%d ops/thread%s%s)\n", what.c_str(), j.ops,
                            j.kind == search::bound ? (", context bound " + std::to_string(j.context_bound)).c_str() : "",
                            j.kind == search::random ? (", " + std::to_string(j.iterations) + " iterations, seed " + std::to_string(j.seed)).c_str()
                            : j.iterations ? (", cap " + std::to_string(j.iterations) + " iterations").c_str() : ", exhaustive");
            }
            std::fflush(stdout);
            outcome o;
            prepare_crash_line(j);
            if (!concept_->run(j, o)) bad_input("configuration not built: " + what);
            ++runs;
            total_iterations += o.iterations;
            if (j.kind != search::random && j.replay.empty()) {
                ++tree_searches;
                if (o.result == rl::test_result_success && !o.complete) ++capped;
            }
            if (o.result == rl::test_result_success) {
                if (!j.replay.empty()) {
                    std::printf("PASS %s: the replay ran its iteration without failing (a stale token?)\n", what.c_str());
                } else {
                    std::printf("PASS %s: %llu iterations%s, %.2f s\n", what.c_str(), (unsigned long long)o.iterations,
                                o.complete ? " (search complete)"
                                : j.kind == search::random ? "" : " (stopped at the cap: search incomplete)",
                                o.seconds);
                }
                std::fflush(stdout);
                write_result(j, "pass", o.iterations, o.seconds, rerun_command(j));
                continue;
            }
            failed = verdict_name(o);
            if (!minimizing) print_lost_wake_ups(o);
            std::printf("FAIL %s: %s at iteration %llu (%.2f s)\n", what.c_str(), verdict_text(o).c_str(),
                        (unsigned long long)o.stop_iteration, o.seconds);
            if (!o.replay_reproduced) {
                std::printf("warning: replaying the failure did not reproduce it (a nondeterministic suite?)\n");
            }
            std::printf("replay: %s\n", replay_command(j, o).c_str());
            std::fflush(stdout);
            write_result(j, *failed, o.stop_iteration, o.seconds, replay_command(j, o));
            if (minimizing) minimize_failure(*concept_, j, o, opt.minimize_seconds);
            break;
        }
        if (failed) break;
    }

    // A change that met no operation is bad input, said after the run (the
    // places are known only once they run; a misfit ended the run at once).
    for (const auto& w : the_order_knob.weakenings) {
        if (w.hits == 0 && !failed) {
            bad_input(w.flag() + " changed no operation: nothing at that place ran in these runs (`" + replay_program +
                      " " + opt.id + " --list-places` lists the places that run)");
        }
    }
    const double seconds = seconds_since(begin);
    if (failed) {
        std::printf("FAIL %s: %s\n", opt.id.c_str(), failed->c_str());
    } else {
        // A tree search cut by its cap proved nothing beyond what it visited:
        // the summary says so rather than reading as exhaustive.
        const std::string trees =
            tree_searches == 0 ? ""
            : capped == 0      ? " (every tree search complete)"
                               : " (" + std::to_string(capped) + " of " + std::to_string(tree_searches) +
                                " tree searches stopped at their iteration cap: not exhaustive)";
        std::printf("PASS %s: %d runs, %llu iterations, %.1f s%s\n", opt.id.c_str(), runs,
                    (unsigned long long)total_iterations, seconds, trees.c_str());
    }
    if (!opt.expect.empty()) {
        const bool as_expected = failed && *failed == opt.expect;
        std::printf("expected %s: %s\n", opt.expect.c_str(),
                    as_expected ? "found (exit 0)" : ("got " + failed.value_or("PASS") + " (exit 1)").c_str());
        return as_expected ? 0 : 1;
    }
    return failed ? 1 : 0;
}
