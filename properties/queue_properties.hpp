// The queue properties of one registry's entries (and, with settings::mutants,
// of its mutants), checked for linearizability on real threads over the native
// platform: Queue.<id> and, for unbounded entries, QueueSequential.<id> (see
// queue_tests.cpp for what each judges). register_queue_entries<Registry,
// Mutants> is what queue_tests.cpp calls for synclab's registry, and a user's
// build (synclab_add_primitive) for theirs.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "primitives/platform/native.hpp"
#include "primitives/queue/registry.hpp"
#include "queue_scenario.hpp"
#include "registration.hpp"
#include "test_registration.hpp"

namespace synclab::properties {

// Two threads: thread 0 pushes, thread 1 pops (the programs of any scenario
// with their kinds forced), for single-producer single-consumer queues.
inline rc::Gen<buffer_scenario> gen_spsc_scenario() {
    return rc::gen::map(gen_buffer_scenario(false), [](buffer_scenario sc) {
        sc.threads.resize(2);
        for (auto& s : sc.threads[0]) s.kind = container_op_kind::try_push;
        for (auto& s : sc.threads[1]) s.kind = container_op_kind::try_pop;
        return sc;
    });
}

// Any scenario, with a capacity the rings accept (2 or 4; shrinks towards 2).
inline rc::Gen<buffer_scenario> with_ring_capacity(rc::Gen<buffer_scenario> g) {
    return rc::gen::apply(
        [](buffer_scenario sc, bool larger) {
            sc.capacity = larger ? 4 : 2;
            return sc;
        },
        std::move(g), rc::gen::arbitrary<bool>());
}

inline bool single_ended(const queue_properties& p) { return p.max_producers == 1 || p.max_consumers == 1; }

template <class E>
void register_queue_entry(const settings& s) {
    using Q = typename E::template type<platform::native>;
    constexpr queue_properties props = E::properties;
    // The entries whose try_ calls may fail while another thread is mid-operation.
    const bool excused = !props.exact_try_failures;
    const std::string id(E::id);
    if constexpr (!props.bounded) {
        // Unbounded (stack.treiber, queue.ms): built without a capacity,
        // judged as an unbounded stack or FIFO queue; no blocking calls.
        register_test("Queue", id, __FILE__, __LINE__, [id, s] {
            expect_property(
                "Queue/" + id,
                [runs = s.buffer_runs, most = s.max_threads ? s.max_threads : 3u] {
                    const buffer_scenario sc = *gen_buffer_scenario(false, most);
                    check_container_scenario<Q>(
                        sc, runs, E::properties.order == container_order::lifo ? lifo_stack_spec() : fifo_queue_spec());
                },
                s.buffer_cases);
        });
        // The sequential model: one thread, a generated run of try_push /
        // try_pop, every result as a std::deque used as a stack or queue says.
        register_test("QueueSequential", id, __FILE__, __LINE__, [id, s] {
            expect_property(
                "QueueSequential/" + id,
                [] {
                    const auto pushes = *rc::gen::container<std::vector<bool>>(rc::gen::arbitrary<bool>());
                    Q q;
                    std::deque<std::uint64_t> model;
                    std::uint64_t next = 1;
                    for (const bool push : pushes) {
                        if (push) {
                            RC_ASSERT(q.try_push(next));
                            model.push_back(next++);
                            continue;
                        }
                        const std::optional<std::uint64_t> got = q.try_pop();
                        if (model.empty()) {
                            RC_ASSERT(!got.has_value());
                            continue;
                        }
                        const bool lifo = E::properties.order == container_order::lifo;
                        const std::uint64_t want = lifo ? model.back() : model.front();
                        if (lifo) model.pop_back(); else model.pop_front();
                        RC_ASSERT(got == std::optional<std::uint64_t>(want));
                    }
                },
                s.buffer_cases);
        });
        return;
    }
    register_test("Queue", id, __FILE__, __LINE__, [id, s, excused] {
        expect_property(
            "Queue/" + id,
            [runs = s.buffer_runs, excused, most = s.max_threads ? s.max_threads : 3u] {
                const buffer_scenario sc = single_ended(E::properties)
                                               ? *with_ring_capacity(gen_spsc_scenario())
                                               : *with_ring_capacity(gen_buffer_scenario(E::properties.blocking, most));
                check_container_scenario<Q>(sc, runs, bounded_buffer_spec(sc.capacity, excused));
            },
            s.buffer_cases);
    });
}

template <class Registry, class Mutants>
void register_queue_entries(const settings& s) {
    for_each_checked<Registry, Mutants>(s, [&]<class E>() { register_queue_entry<E>(s); });
}

}  // namespace synclab::properties
