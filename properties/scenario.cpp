// Generation and printing of concurrent scenarios.
#include "scenario.hpp"

#include <algorithm>

#include "gen_util.hpp"

namespace synclab::properties {

void showValue(const op& o, std::ostream& os) {
    os << (o.kind == op_kind::lock ? "lock" : "try_lock") << " cs=" << o.cs_spins << " out=" << o.outside_spins;
    if (o.yield == yield_at::in_cs) os << " yield-in-cs";
    if (o.yield == yield_at::outside) os << " yield-outside";
}

void showValue(const scenario& s, std::ostream& os) {
    os << s.threads.size() << " threads";
    for (std::size_t t = 0; t < s.threads.size(); ++t) {
        os << "\n  thread " << t << ":";
        for (std::size_t i = 0; i < s.threads[t].size(); ++i) {
            os << (i ? ", " : " ") << "[" << i << "] ";
            showValue(s.threads[t][i], os);
        }
    }
}

namespace {

rc::Gen<op> gen_op() {
    // Earlier elements and smaller numbers are what shrinking moves towards.
    return rc::gen::build<op>(rc::gen::set(&op::kind, shrinking_element(op_kind::lock, op_kind::try_lock)),
                              rc::gen::set(&op::cs_spins, rc::gen::inRange(0u, 400u)),
                              rc::gen::set(&op::outside_spins, rc::gen::inRange(0u, 200u)),
                              rc::gen::set(&op::yield, shrinking_element(yield_at::none, yield_at::in_cs,
                                                                         yield_at::outside)));
}

rc::Gen<std::vector<op>> gen_program() {
    return rc::gen::mapcat(rc::gen::inRange<std::size_t>(1, 7),
                           [](std::size_t n) { return rc::gen::container<std::vector<op>>(n, gen_op()); });
}

}  // namespace

rc::Gen<scenario> gen_scenario(std::size_t max_threads) {
    const std::size_t most = std::clamp<std::size_t>(max_threads, 2, 4);
    return rc::gen::map(rc::gen::mapcat(rc::gen::inRange<std::size_t>(2, most + 1),
                                        [](std::size_t n) {
                                            return rc::gen::container<std::vector<std::vector<op>>>(
                                                n, gen_program());
                                        }),
                        [](std::vector<std::vector<op>> threads) { return scenario{std::move(threads)}; });
}

}  // namespace synclab::properties
