// The table the command line reads: each concept of `concepts` described
// (its checkable ids, suites, default plan and search functions), and the
// verdicts' names.
#include "models/plan.hpp"

#include "models/concepts.hpp"

namespace synclab::models {

namespace {

std::string underscored(std::string s) {
    for (char& c : s) {
        if (c == ' ' || c == '-') c = '_';
    }
    return s;
}

}  // namespace

std::string verdict_name(rl::test_result_e r) { return underscored(rl::test_result_str(r)); }

std::string verdict_name(const outcome& o) { return underscored(verdict_text(o)); }

std::string verdict_name(model_verdict v) { return std::string(spelled(v)); }

std::vector<std::string> failure_verdicts() {
    std::vector<std::string> v;
    for (int r = rl::test_result_until_condition_hit; r <= rl::test_result_usage_of_non_initialized_event; ++r) {
        v.push_back(verdict_name(static_cast<rl::test_result_e>(r)));
    }
    v.push_back(verdict_name(model_verdict::lost_wake_up));
    v.push_back(verdict_name(model_verdict::exception));
    return v;
}

bool concept_info::run(const job& j, outcome& o) const {
    for (std::size_t i = 0; i < runners.size(); ++i) {
        if (built_instances[i].kind == j.kind && built_instances[i].threads == j.threads) return runners[i](j, o);
    }
    return false;
}

const checkable_info* concept_info::find(std::string_view id) const {
    for (const auto& c : checkables) {
        if (c.id == id) return &c;
    }
    return nullptr;
}

bool concept_info::knows_suite(std::string_view selector) const {
    for (std::size_t s = 0; s < suites.size(); ++s) {
        if (selects(selector, families[s], suites[s]) && !selector.empty()) return true;
    }
    return false;
}

std::string concept_info::suite_list() const {
    std::string list;
    for (std::size_t s = 0; s < suites.size(); ++s) {
        for (const std::string& n : {families[s], suites[s]}) {
            if ((" " + list + " ").find(" " + n + " ") != std::string::npos) continue;
            list += list.empty() ? "" : " ";
            list += n;
        }
    }
    return list;
}

namespace {

template <class Concept>
concept_info describe() {
    concept_info info;
    info.name = Concept::name;
    for_each_entry<Concept>([&]<class E>() {
        checkable_info c;
        c.id = E::id;
        Concept::broken::for_each([&]<class B>() {
            if constexpr (std::is_same_v<B, E>) {
                c.broken = true;
                c.verdict = verdict_name(expected_verdict<B>());
                c.suite = catching_suite<B>();
            }
        });
        Concept::suites::for_each([&]<class S>() {
            if constexpr (!applies<E, S>()) c.inapplicable.emplace_back(S::name);
        });
        c.plan = fitted_plan<Concept>(E::id);
        info.checkables.push_back(c);
    });
    for (std::size_t s = 0; s < Concept::suites::size; ++s) {
        info.suites.emplace_back(Concept::suites::names[s]);
        info.families.emplace_back(Concept::suites::families[s]);
    }
    info.plan = Concept::default_plan();
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (info.runners.push_back(&run_search<Concept, built_instances[I].kind, built_instances[I].threads>), ...);
    }(std::make_index_sequence<std::size(built_instances)>{});
    return info;
}

}  // namespace

const std::vector<concept_info>& all_concepts() {
    static const std::vector<concept_info> all = [] {
        std::vector<concept_info> v;
        concepts::for_each([&]<class Concept>() { v.push_back(describe<Concept>()); });
        return v;
    }();
    return all;
}

const concept_info* concept_of(std::string_view id, const checkable_info** entry) {
    for (const auto& c : all_concepts()) {
        if (const checkable_info* e = c.find(id)) {
            if (entry) *entry = e;
            return &c;
        }
    }
    return nullptr;
}

}  // namespace synclab::models
