// Generation and printing of bounded-buffer scenarios (see queue_scenario.hpp).
#include "queue_scenario.hpp"

#include <algorithm>

#include "gen_util.hpp"

namespace synclab::properties {

void showValue(const buffer_step& s, std::ostream& os) {
    os << to_string(s.kind);
    if (s.pauses_after) os << " pause=" << s.pauses_after;
    if (s.yield_after) os << " yield";
}

void showValue(const buffer_scenario& s, std::ostream& os) {
    os << "capacity " << s.capacity << ", " << s.threads.size() << " threads";
    for (std::size_t t = 0; t < s.threads.size(); ++t) {
        os << "\n  thread " << t << ":";
        if (s.threads[t].empty()) os << " (nothing)";
        for (std::size_t i = 0; i < s.threads[t].size(); ++i) {
            const buffer_step& step = s.threads[t][i];
            os << (i ? ", " : " ") << to_string(step.kind);
            if (step.kind == container_op_kind::push || step.kind == container_op_kind::try_push) {
                os << "(" << pushed_value(t, i) << ")";
            } else {
                os << "()";
            }
            if (step.pauses_after) os << " pause=" << step.pauses_after;
            if (step.yield_after) os << " yield";
        }
    }
}

namespace {

rc::Gen<buffer_step> gen_step(bool with_blocking) {
    // Shrinking moves towards push, no pauses, no yield.
    return rc::gen::build<buffer_step>(
        rc::gen::set(&buffer_step::kind,
                     with_blocking ? shrinking_element(container_op_kind::push, container_op_kind::pop,
                                                       container_op_kind::try_push, container_op_kind::try_pop)
                                   : shrinking_element(container_op_kind::try_push, container_op_kind::try_pop)),
        rc::gen::set(&buffer_step::pauses_after, mostly(0u, 2, rc::gen::inRange(1u, 300u))),
        rc::gen::set(&buffer_step::yield_after, mostly(false, 4, rc::gen::just(true))));
}

rc::Gen<std::vector<buffer_step>> gen_program(bool with_blocking) {
    return rc::gen::mapcat(rc::gen::inRange<std::size_t>(0, 7), [with_blocking](std::size_t n) {
        return rc::gen::container<std::vector<buffer_step>>(n, gen_step(with_blocking));
    });
}

}  // namespace

rc::Gen<buffer_scenario> gen_buffer_scenario(bool with_blocking, std::size_t max_threads) {
    const std::size_t most = std::clamp<std::size_t>(max_threads, 2, 3);
    // At full size throughout: a run has few cases, and rapidcheck's growing
    // size would make the first ones all short pushes.
    return rc::gen::resize(rc::kNominalSize, rc::gen::apply(
        [](std::size_t capacity, std::vector<std::vector<buffer_step>> threads) {
            return buffer_scenario{capacity, std::move(threads)};
        },
        rc::gen::inRange<std::size_t>(1, 4),
        rc::gen::mapcat(rc::gen::inRange<std::size_t>(2, most + 1), [with_blocking](std::size_t n) {
            return rc::gen::container<std::vector<std::vector<buffer_step>>>(n, gen_program(with_blocking));
        })));
}

}  // namespace synclab::properties
