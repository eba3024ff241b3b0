// The memory-order audit (`synclab orders ID`, `synclab_model ID --orders`):
// for every place of one implementation that runs a non-relaxed order or a
// wake, which order it needs, found by weakening each one under the default
// plan.
//
//   1. The implementation runs its default plan as written, with the order
//      knob recording (models/order_knob.hpp): the places are those the runs
//      execute, not those a reader of the header finds. A failure here ends
//      the audit (nothing can be learned from weakening a broken primitive).
//   2. The places kept are the implementation's own: not the model layer's
//      suites (models/), not the platform binding (primitives/platform/), not
//      another concept's implementations (a condition variable's suites run
//      every mutex of the registry; each mutex is audited as itself).
//   3. Each order is an item (a compare-exchange's failure order one more, when
//      it is not relaxed), and each futex_wake or notify one. Top down: the
//      orders one step weaker than the declared one are tried, each under the
//      default plan (the runs of it that execute the place, below) with its
//      budget of seconds (a variant is a `--weaken` run); an order that passes is stepped down from in turn,
//      one that is refuted is not (weaker still is refuted too: a weaker
//      order admits every execution a stronger one does). A wake is tried
//      once, dropped.
//   4. Verdicts per item: `needed` (every order one step weaker is refuted;
//      a wake: dropping it is refuted), `weakenable to X` (X passed the
//      whole plan; nothing weaker than X did), `undecided` (a budget ran out
//      and nothing weaker passed).
//
// A variant runs only the plan's runs that execute its place as written
// (learned in step 1): in the others the place never runs, so the variant's
// executions there are the unchanged program's, which passed. It starts with
// the (configuration, suite) that refuted the last refuted variant, if that
// one executes the place: a place's bug tends to show in the same suite as its
// neighbour's, and a refutation needs one failing run only. A variant that
// passes has run all of them.
#pragma once

#include <functional>

#include "models/order_knob.hpp"
#include "models/plan.hpp"
#include "tools/results.hpp"

namespace synclab::models {

// Where the model layer's own sources are: the directory holding models/ and
// primitives/ (in the repository and in the installed package alike).
inline const std::string& synclab_source_root() {
    static const std::string root = [] {
        std::string here = normalized_path(std::source_location::current().file_name());
        here.erase(here.rfind('/'));  // .../models
        here.erase(here.rfind('/') + 1);
        return here;  // ends with '/'
    }();
    return root;
}

// Whether a place belongs to the audit of an implementation of `concept_`.
inline bool audited_place(const std::string& file, const std::string& concept_) {
    const std::string& root = synclab_source_root();
    if (file.rfind(root, 0) != 0) return true;  // the user's own header
    const std::string rest = file.substr(root.size());
    if (rest.rfind("models/", 0) == 0 || rest.rfind("primitives/platform/", 0) == 0) return false;
    if (rest.rfind("primitives/", 0) == 0) {
        const std::string sub = rest.substr(11);
        const std::size_t slash = sub.find('/');
        if (slash == std::string::npos) return true;  // primitives/*.hpp: shared by every concept
        const std::string dir = sub.substr(0, slash);
        for (const auto& c : all_concepts()) {
            if (c.name == dir) return dir == concept_;
        }
        return true;  // reclaim/, shared/: helpers of several
    }
    return true;
}

// A recorded place's file as the audit shows it (relative to the source root
// where it is under it), or nothing when the place is not the audit's.
inline std::optional<std::string> shown_file(const recorded_place& p, const std::string& concept_) {
    std::string file = normalized_path(p.file);
    if (!audited_place(file, concept_)) return std::nullopt;
    const std::string& root = synclab_source_root();
    return file.rfind(root, 0) == 0 ? file.substr(root.size()) : file;
}

// The label a statement carries at the end of its line in synclab's style
// ("... // (wait)"): on the place's line or, for a call over several lines,
// on a line before the statement's end; "" when it has none.
inline std::string line_label(const std::string& file, unsigned line) {
    std::ifstream in(file);
    std::string text;
    for (unsigned n = 1; n < line && std::getline(in, text); ++n) {
    }
    for (int more = 0; more < 4 && std::getline(in, text); ++more) {
        const std::size_t comment = text.rfind("// (");
        if (comment != std::string::npos && text.back() == ')') return text.substr(comment + 3);
        const std::size_t code_end = text.find("//");
        // The statement ended unlabelled (at its ';', or where a block opens or closes).
        if (text.substr(0, code_end).find_first_of(";{}") != std::string::npos) break;
    }
    return "";
}

// One variant's result.
struct variant_result {
    std::string tried;            // the order tried ("relaxed", "acquire/relaxed"), or "dropped"
    std::string result;           // refuted | passed | undecided
    std::string verdict;          // refuted: the verdict (DATA_RACE, ...)
    std::string suite, search;    // refuted: the run that refuted it
    int threads = 0;
    double seconds = 0;           // the variant's time (every run it made)
    std::string replay;           // refuted: the command that replays the failure
};

// One item of the audit: an order (or a failure order, or a wake) at a place.
struct audit_item {
    std::string file;             // normalized
    std::string shown;            // file as printed (relative to the source root where under it)
    unsigned line = 0, column = 0;
    bool column_needed = false;   // another item's place shares the line
    std::string label, function;
    relacy_operation op = relacy_operation::load;
    std::string part;             // "order", "failure" or "wake"
    std::memory_order declared = std::memory_order_relaxed;
    std::uint64_t executed = 0;
    std::vector<variant_result> variants;
    std::vector<bool> runs;       // per job of the plan: whether it executes this place
    std::string verdict;          // needed | weakenable | undecided
    std::string weakest;          // weakenable: the weakest order that passed
    double seconds = 0;

    std::string where() const {
        return shown + ":" + std::to_string(line) + (column_needed ? ":" + std::to_string(column) : "");
    }
};

// Runs `jobs` (the default plan's, in order) with the knob as it is set: the
// first failure, or a pass, or out of time. `first` (if set) runs first.
struct plan_result {
    bool failed = false, out_of_time = false;
    job failing;
    outcome failure;
    double seconds = 0;
};

inline plan_result run_jobs(const concept_info& concept_, std::vector<job> jobs, std::optional<std::size_t> first,
                            double budget_seconds) {
    plan_result r;
    const auto begin = std::chrono::steady_clock::now();
    const auto deadline =
        budget_seconds > 0
            ? begin + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(budget_seconds))
            : std::chrono::steady_clock::time_point::max();
    if (first && *first < jobs.size() && *first != 0) std::rotate(jobs.begin(), jobs.begin() + *first, jobs.begin() + *first + 1);
    for (job j : jobs) {
        j.show_history = false;
        j.progress = false;
        j.deadline = deadline;
        outcome o;
        concept_.run(j, o);
        if (o.result != rl::test_result_success) {
            r.failed = true;
            r.failing = j;
            r.failure = o;
            break;
        }
        if (o.out_of_time) {
            r.out_of_time = true;
            break;
        }
    }
    r.seconds = seconds_since(begin);
    return r;
}

struct audit_options {
    double budget = 120;                 // seconds per variant
    std::vector<weakening> only;         // --place: the items at these places only (order fields unused)
    std::string json;                    // where to write the result ("": nowhere)
};

// The audit of one implementation. `jobs`: the default plan's runs for it;
// `replay(j, o)`: the command that replays a failure of j, with the knob's
// flags as they are set. Returns the exit status: 0 audited, 1 the
// implementation fails as written, 2 bad input.
inline int audit_orders(const std::string& id, const concept_info& concept_, const std::vector<job>& jobs,
                        const audit_options& options,
                        const std::function<std::string(const job&, const outcome&)>& replay) {
    const auto begin = std::chrono::steady_clock::now();
    order_knob& knob = the_order_knob;
    platform::relacy_order_hook = &knob;

    std::printf("ORDERS %s: the default plan as written, recording the places (%zu runs)\n", id.c_str(), jobs.size());
    std::fflush(stdout);
    knob.weakenings.clear();
    knob.clear_record();
    knob.recording = true;
    // One run at a time, to learn which runs execute each place: a variant
    // runs only those (in the others the place never runs, so the variant's
    // executions are the unchanged program's, which passed).
    plan_result baseline;
    std::vector<std::vector<bool>> ran_in;  // per recorded place, per job
    for (std::size_t k = 0; k < jobs.size() && !baseline.failed; ++k) {
        std::vector<std::uint64_t> before;
        for (const recorded_place& p : knob) before.push_back(p.executed);
        const plan_result r = run_jobs(concept_, {jobs[k]}, std::nullopt, 0);
        baseline.seconds += r.seconds;
        if (r.failed) baseline = r;
        std::size_t i = 0;
        for (const recorded_place& p : knob) {
            if (i == ran_in.size()) ran_in.emplace_back(jobs.size(), false);
            if (p.executed > (i < before.size() ? before[i] : 0)) ran_in[i][k] = true;
            ++i;
        }
    }
    knob.recording = false;
    if (baseline.failed) {
        std::printf("FAIL %s as written: %s in %s (%s): nothing to audit\nreplay: %s\n", id.c_str(),
                    verdict_name(baseline.failure).c_str(), baseline.failing.suite.c_str(),
                    to_string(baseline.failing.kind), replay(baseline.failing, baseline.failure).c_str());
        return 1;
    }
    if (knob.overflowed()) std::printf("warning: more than %zu places ran; the rest are not audited\n", order_knob::max_places);

    // The items.
    std::vector<audit_item> items;
    std::size_t place_index = 0;
    for (const recorded_place& p : knob) {
        const std::vector<bool>& runs = ran_in[place_index++];
        const std::optional<std::string> shown = shown_file(p, concept_.name);
        if (!shown) continue;
        if (!options.only.empty()) {
            const bool chosen = std::any_of(options.only.begin(), options.only.end(), [&](const weakening& w) {
                return w.line == p.line && (w.column == 0 || w.column == p.column) && path_ends_with(p.file, w.file);
            });
            if (!chosen) continue;
        }
        audit_item base;
        base.runs = runs;
        base.file = normalized_path(p.file);
        base.shown = *shown;
        base.line = p.line;
        base.column = p.column;
        base.op = p.op;
        base.executed = p.executed;
        base.function = p.function;
        base.label = line_label(base.file, p.line);
        if (is_wake(p.op)) {
            base.part = "wake";
            items.push_back(base);
            continue;
        }
        if (p.order != std::memory_order_relaxed) {
            audit_item i = base;
            i.part = "order";
            i.declared = p.order;
            items.push_back(i);
        }
        if (p.op == relacy_operation::compare_exchange && p.failure != std::memory_order_relaxed) {
            audit_item i = base;
            i.part = "failure";
            i.declared = p.failure;
            items.push_back(i);
        }
    }
    if (!options.only.empty() && items.empty()) {
        std::printf("synclab_model: --place matched none of the places %s runs with a non-relaxed order or a wake\n",
                    id.c_str());
        return 2;
    }
    std::sort(items.begin(), items.end(), [](const audit_item& a, const audit_item& b) {
        return std::tie(a.shown, a.line, a.column, a.part) < std::tie(b.shown, b.line, b.column, b.part);
    });
    for (audit_item& i : items) {
        for (const audit_item& o : items) {
            if (&o != &i && o.file == i.file && o.line == i.line && o.column != i.column) i.column_needed = true;
        }
    }
    std::printf("ORDERS %s: %zu items at the places it runs (as written: passed, %.1f s)\n", id.c_str(), items.size(),
                baseline.seconds);
    std::fflush(stdout);

    std::optional<std::size_t> last_refuter;
    const auto index_of = [&](const job& j) -> std::optional<std::size_t> {
        for (std::size_t k = 0; k < jobs.size(); ++k) {
            if (jobs[k].suite == j.suite && jobs[k].kind == j.kind && jobs[k].threads == j.threads) return k;
        }
        return std::nullopt;
    };
    const auto try_variant = [&](audit_item& item, const weakening& w, const std::string& tried) {
        knob.weakenings = {w};
        std::vector<job> executing;
        std::optional<std::size_t> first;
        for (std::size_t k = 0; k < jobs.size(); ++k) {
            if (!item.runs[k]) continue;
            if (last_refuter == k) first = executing.size();
            executing.push_back(jobs[k]);
        }
        const plan_result r = run_jobs(concept_, executing, first, options.budget);
        variant_result v;
        v.tried = tried;
        v.seconds = r.seconds;
        if (r.failed) {
            v.result = "refuted";
            v.verdict = verdict_name(r.failure);
            v.suite = r.failing.suite;
            v.search = to_string(r.failing.kind);
            v.threads = r.failing.threads;
            v.replay = replay(r.failing, r.failure);  // with the knob's flag: it is still set
            last_refuter = index_of(r.failing);
        } else {
            v.result = r.out_of_time ? "undecided" : "passed";
        }
        if (knob.weakenings.front().hits == 0 && !r.failed) {
            std::printf("warning: %s changed no operation (the place did not run in this variant)\n", w.flag().c_str());
        }
        std::printf("  %-9s %s: %s%s%s (%.1f s)\n", tried.c_str(), w.flag().c_str(), v.result.c_str(),
                    r.failed ? (", " + v.verdict + " in " + v.suite + ", " + std::to_string(v.threads) + " threads " + v.search + " search").c_str() : "",
                    r.out_of_time ? ": the budget ran out first" : "", v.seconds);
        std::fflush(stdout);
        knob.weakenings.clear();
        item.variants.push_back(v);
        return v.result;
    };

    std::size_t k = 0;
    for (audit_item& item : items) {
        ++k;
        const auto item_begin = std::chrono::steady_clock::now();
        std::printf("[%zu/%zu] %s %s%s %s %s (%.0f s elapsed)\n", k, items.size(), item.where().c_str(),
                    item.label.empty() ? "" : (item.label + " ").c_str(), to_string(item.op),
                    item.part == "failure" ? "failure order" : item.part == "wake" ? "" : "order",
                    item.part == "wake" ? "" : order_name(item.declared), seconds_since(begin));
        std::fflush(stdout);
        weakening w;
        w.file = item.shown;
        w.line = item.line;
        w.column = item.column_needed ? item.column : 0;
        if (item.part == "wake") {
            w.drop = true;
            const std::string res = try_variant(item, w, "dropped");
            item.verdict = res == "refuted" ? "needed" : res == "passed" ? "weakenable" : "undecided";
            if (res == "passed") item.weakest = "dropped";
        } else {
            // Top down: a frontier of orders to try; a passing one adds the orders below it.
            std::vector<std::memory_order> frontier = one_step_weaker(item.op, item.declared, item.part == "failure");
            std::vector<std::memory_order> tried;
            std::optional<std::memory_order> weakest_passed;
            bool any_undecided = false;
            while (!frontier.empty()) {
                const std::memory_order o = frontier.front();
                frontier.erase(frontier.begin());
                if (std::find(tried.begin(), tried.end(), o) != tried.end()) continue;
                tried.push_back(o);
                weakening v = w;
                if (item.part == "failure") v.failure = o;
                else v.order = o;
                const std::string res = try_variant(item, v, order_name(o));
                if (res == "passed") {
                    if (!weakest_passed || at_least(*weakest_passed, o)) weakest_passed = o;
                    for (const auto below : one_step_weaker(item.op, o, item.part == "failure")) frontier.push_back(below);
                } else if (res == "undecided") {
                    any_undecided = true;
                }
            }
            if (weakest_passed) {
                item.verdict = "weakenable";
                item.weakest = order_name(*weakest_passed);
            } else {
                item.verdict = any_undecided ? "undecided" : "needed";
            }
        }
        item.seconds = seconds_since(item_begin);
        std::printf("  => %s%s\n", item.verdict.c_str(), item.weakest.empty() ? "" : (" to " + item.weakest).c_str());
        std::fflush(stdout);
    }

    std::size_t needed = 0, weakenable = 0, undecided = 0;
    for (const auto& i : items) {
        needed += i.verdict == "needed";
        weakenable += i.verdict == "weakenable";
        undecided += i.verdict == "undecided";
    }
    const double seconds = seconds_since(begin);
    std::printf("ORDERS %s: %zu items: %zu needed, %zu weakenable, %zu undecided (budget %.0f s a variant; %.1f s)\n",
                id.c_str(), items.size(), needed, weakenable, undecided, options.budget, seconds);
    for (const auto& i : items) {
        std::printf("  %-44s %-18s %-8s %-8s %s%s\n", i.where().c_str(), i.label.c_str(),
                    i.part == "wake" ? to_string(i.op) : order_name(i.declared), i.part == "failure" ? "(fail)" : "",
                    i.verdict.c_str(), i.weakest.empty() ? "" : (" to " + i.weakest).c_str());
    }
    std::fflush(stdout);

    if (!options.json.empty()) {
        using results::json_string;
        std::ofstream out(options.json);
        out << "{\"id\":" << json_string(id) << ",\"concept\":" << json_string(concept_.name)
            << ",\"budget\":" << options.budget << ",\"baseline_seconds\":" << baseline.seconds
            << ",\"seconds\":" << seconds << ",\"items\":[";
        for (std::size_t n = 0; n < items.size(); ++n) {
            const audit_item& i = items[n];
            out << (n ? "," : "") << "\n{\"file\":" << json_string(i.shown) << ",\"line\":" << i.line
                << ",\"column\":" << i.column << ",\"where\":" << json_string(i.where())
                << ",\"label\":" << json_string(i.label) << ",\"function\":" << json_string(i.function)
                << ",\"operation\":" << json_string(to_string(i.op)) << ",\"part\":" << json_string(i.part)
                << ",\"declared\":" << json_string(i.part == "wake" ? "wake" : order_name(i.declared))
                << ",\"executed\":" << i.executed << ",\"verdict\":" << json_string(i.verdict)
                << ",\"weakest\":" << json_string(i.weakest) << ",\"seconds\":" << i.seconds << ",\"variants\":[";
            for (std::size_t m = 0; m < i.variants.size(); ++m) {
                const variant_result& v = i.variants[m];
                out << (m ? "," : "") << "{\"tried\":" << json_string(v.tried) << ",\"result\":" << json_string(v.result)
                    << ",\"verdict\":" << json_string(v.verdict) << ",\"suite\":" << json_string(v.suite)
                    << ",\"search\":" << json_string(v.search) << ",\"threads\":" << v.threads
                    << ",\"seconds\":" << v.seconds << ",\"replay\":" << json_string(v.replay) << "}";
            }
            out << "]}";
        }
        out << "\n]}\n";
        if (!out) {
            std::fprintf(stderr, "synclab_model: cannot write %s\n", options.json.c_str());
            return 2;
        }
    }
    platform::relacy_order_hook = nullptr;
    return 0;
}

// --list-places: runs `jobs` (to the first failure) with the knob recording
// every atomic operation, relaxed ones too, and every wake, and prints them:
// "PLACE file:line:column operation order failure executed". What a mutant
// changes is the difference between its list and its correct twin's
// (tools/orders.py --agree). Returns 0 (the runs' verdicts are not its
// business; the last line says whether they failed).
inline int list_places(const std::string& id, const concept_info& concept_, const std::vector<job>& jobs) {
    order_knob& knob = the_order_knob;
    platform::relacy_order_hook = &knob;
    knob.clear_record();
    knob.recording = knob.recording_relaxed = true;
    const plan_result r = run_jobs(concept_, jobs, std::nullopt, 0);
    knob.recording = knob.recording_relaxed = false;
    platform::relacy_order_hook = nullptr;
    for (const recorded_place& p : knob) {
        const std::optional<std::string> file = shown_file(p, concept_.name);
        if (!file) continue;
        std::printf("PLACE %s:%u:%u %s %s %s %llu\n", file->c_str(), p.line, p.column, to_string(p.op),
                    is_wake(p.op) ? "-" : order_name(p.order),
                    p.op == relacy_operation::compare_exchange ? order_name(p.failure) : "-",
                    (unsigned long long)p.executed);
    }
    if (r.failed) {
        std::printf("RUNS %s: %s in %s, %d threads, %s search\n", id.c_str(), verdict_name(r.failure).c_str(),
                    r.failing.suite.c_str(), r.failing.threads, to_string(r.failing.kind));
    } else {
        std::printf("RUNS %s: pass\n", id.c_str());
    }
    return 0;
}

}  // namespace synclab::models
