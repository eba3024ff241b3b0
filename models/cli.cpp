// synclab_model: the Relacy model checker's command line (`./synclab check`
// execs it and passes its arguments through).
//
//   synclab_model --list | --list-mutants
//   synclab_model ID [--search full|bound|random] [--threads N] [--iterations N]
//                    [--seed S] [--ops N] [--bound K] [--suite NAME] [--replay TOKEN] [--expect VERDICT]
//
// ID is any id of any concept's registry (mutex.*, semaphore.*, condvar.*) or
// of its broken variants; the concept decides the suites and the default plan.
// Exit status: 0 pass (or, with --expect, the expected failure), 1 a failure
// found (or not the expected one), 2 bad input.
#include "models/plan.hpp"

namespace {

using namespace synclab::models;

constexpr const char* usage =
    "usage: synclab_model --list          every checkable id, one a line (each concept's registry, then\n"
    "                                     its broken variants)\n"
    "       synclab_model --list-mutants  the broken variants: ID VERDICT [SUITE] (the verdict each must\n"
    "                                     get, and the suite or family that must catch it)\n"
    "       synclab_model ID [--search full|bound|random] [--threads N] [--iterations N]\n"
    "                        [--seed S] [--ops N] [--bound K] [--suite NAME] [--replay TOKEN] [--expect VERDICT]\n"
    "\n"
    "Without --search/--threads: the default budget, every suite under each configuration:\n"
    "  2 threads full search, 3 threads context-bounded search, 4 threads random search.\n"
    "--search / --threads   narrow to one configuration (the other defaults to its pair)\n"
    "--iterations N         random: iterations to run; full/bound: a cap (the search stops there)\n"
    "--seed S               random search only, 0..36863: which iterations run (Relacy seeds its\n"
    "                       generator from the iteration number; seed 0 = Relacy's default run)\n"
    "--ops N                operations per thread (a lock/unlock cycle, an attempt at a permit,\n"
    "                       values per producer; default: per configuration)\n"
    "--bound K              bound search: at most K preemptions per execution (default 2)\n"
    "--suite NAME           run one suite, or one family (the condition variables' buffer runs once\n"
    "                       per mutex: buffer@mutex.tas, ...; --suite buffer runs them all):\n"
    "                         mutex:     exclusion mixed try_lock\n"
    "                         semaphore: locker_room buffer timed release_n\n"
    "                         condvar:   buffer buffer@<mutex id> notify_all timed\n"
    "--replay TOKEN         replay one failing execution (the token a failure prints), with the\n"
    "                       --search and --threads it was found with\n"
    "--expect VERDICT       exit 0 iff the run fails with exactly VERDICT (e.g. DATA_RACE, DEADLOCK)\n";

std::vector<std::string> known_ids() {
    std::vector<std::string> ids;
    for (const auto& c : all_concepts()) {
        for (const auto& e : c.checkables) ids.push_back(e.id);
    }
    return ids;
}

std::vector<std::string> failure_verdicts() {
    std::vector<std::string> v;
    for (int r = rl::test_result_until_condition_hit; r <= rl::test_result_usage_of_non_initialized_event; ++r) {
        v.push_back(verdict_name(static_cast<rl::test_result_e>(r)));
    }
    return v;
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
};

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
            o.bound = unsigned(parse_number(a, value(i), 1, 8, "a context bound from 1 to 8"));
        } else if (a == "--suite") {
            o.suite = value(i);  // checked against the id's concept once the id is known
        } else if (a == "--replay") {
            o.replay = value(i);
        } else if (a == "--expect") {
            o.expect = value(i);
            const auto known = failure_verdicts();
            if (std::find(known.begin(), known.end(), o.expect) == known.end()) {
                std::string list;
                for (const auto& v : known) list += "  " + v + "\n";
                bad_input("--expect takes one of Relacy's failure verdicts:\n" + list);
            }
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

}  // namespace

int main(int argc, char** argv) {
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
    report_crashes();
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
    std::vector<configuration> configs = concept_->plan;
    if (opt.kind || opt.threads) {
        const auto picked = std::find_if(configs.begin(), configs.end(), [&](const configuration& c) {
            return (!opt.kind || c.kind == *opt.kind) && (!opt.threads || c.threads == *opt.threads);
        });
        if (picked == configs.end()) {
            std::string list;
            for (const auto& c : configs) list += "  --search " + std::string(to_string(c.kind)) + " --threads " + std::to_string(c.threads) + "\n";
            bad_input("no such configuration in this build; it has:\n" + list);
        }
        configs = {*picked};
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
        for (const auto& cfg : concept_->plan) {
            for (const auto& s : cfg.suites) {
                if (wanted(s.name) && where.find(to_string(cfg.kind)) == std::string::npos) {
                    where += std::string(where.empty() ? "" : ", ") + to_string(cfg.kind);
                }
            }
        }
        bad_input("the suites selected for " + opt.id + " do not run under this configuration; they run under: " +
                  where);
    }

    std::printf("synclab check %s (Relacy model checker)\n", opt.id.c_str());
    std::fflush(stdout);
    const auto begin = std::chrono::steady_clock::now();
    std::uint64_t total_iterations = 0;
    int runs = 0;
    std::optional<std::string> failed;  // the failure's verdict name
    for (const auto& cfg : configs) {
        for (const auto& s : cfg.suites) {
            job j;
            j.id = opt.id;
            j.suite = s.name;
            j.kind = cfg.kind;
            j.threads = cfg.threads;
            j.ops = opt.ops.value_or(s.ops);
            j.context_bound = opt.bound.value_or(cfg.context_bound);
            j.iterations = opt.iterations.value_or(s.iterations);
            j.seed = opt.seed.value_or(0);
            if (!wanted(s.name)) continue;
            if (!opt.replay.empty()) {
                apply_token(j, opt.replay, *concept_);
                if (j.suite != s.name) continue;
            }
            const std::string what = opt.id + " " + j.suite + ", " + std::to_string(j.threads) + " threads, " +
                                     to_string(j.kind) + " search";
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
            if (!concept_->run[int(j.kind)](j, o)) bad_input("configuration not built: " + what);
            ++runs;
            total_iterations += o.iterations;
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
                continue;
            }
            failed = verdict_name(o.result);
            std::printf("FAIL %s: %s at iteration %llu (%.2f s)\n", what.c_str(), rl::test_result_str(o.result),
                        (unsigned long long)o.stop_iteration, o.seconds);
            if (!o.replay_reproduced) {
                std::printf("warning: replaying the failure did not reproduce it (a nondeterministic suite?)\n");
            }
            std::printf("replay: ./synclab check %s --search %s --threads %d --replay %s\n", opt.id.c_str(),
                        to_string(j.kind), j.threads, make_token(j, o.state).c_str());
            break;
        }
        if (failed) break;
    }

    const double seconds = seconds_since(begin);
    if (failed) {
        std::printf("FAIL %s: %s\n", opt.id.c_str(), failed->c_str());
    } else {
        std::printf("PASS %s: %d runs, %llu iterations, %.1f s\n", opt.id.c_str(), runs,
                    (unsigned long long)total_iterations, seconds);
    }
    if (!opt.expect.empty()) {
        const bool as_expected = failed && *failed == opt.expect;
        std::printf("expected %s: %s\n", opt.expect.c_str(),
                    as_expected ? "found (exit 0)" : ("got " + failed.value_or("PASS") + " (exit 1)").c_str());
        return as_expected ? 0 : 1;
    }
    return failed ? 1 : 0;
}
