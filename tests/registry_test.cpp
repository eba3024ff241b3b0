// The registry and the fault knob: the mechanisms every checker relies on.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <type_traits>

#include "primitives/condvar/mutants.hpp"
#include "primitives/mutex/mutants.hpp"
#include "primitives/queue/mutants.hpp"
#include "primitives/semaphore/mutants.hpp"
#include "primitives/mutex/registry.hpp"
#include "primitives/platform/native.hpp"

namespace {

using namespace synclab;
using platform::native;

TEST(Registry, IdsAreUniqueAndNamedByConcept) {
    std::set<std::string> ids;
    mutex_registry::for_each([&]<class E>() {
        EXPECT_TRUE(std::string(E::id).starts_with("mutex.")) << E::id;
        EXPECT_FALSE(E::description.empty()) << E::id;
        EXPECT_TRUE(ids.insert(std::string(E::id)).second) << "duplicate id " << E::id;
    });
    EXPECT_EQ(ids.size(), mutex_registry::size);
    EXPECT_TRUE(mutex_registry::contains("mutex.futex"));
    EXPECT_FALSE(mutex_registry::contains("mutex.nonesuch"));
}

template <class Registry, class Mutants>
void expect_mutants_name_their_base_and_are_unique() {
    std::set<std::string> ids;
    Mutants::for_each([&]<class M>() {
        EXPECT_TRUE(Registry::contains(M::base_id)) << M::id;
        EXPECT_EQ(M::base::id, M::base_id) << M::id;
        EXPECT_FALSE(Registry::contains(M::id)) << "a mutant id must not shadow an implementation: " << M::id;
        EXPECT_TRUE(ids.insert(std::string(M::id)).second) << "duplicate mutant " << M::id;
    });
    EXPECT_EQ(Registry::index_of("nonesuch"), Registry::size);
}

TEST(Registry, MutantsNameTheirBaseAndAreUnique) {
    expect_mutants_name_their_base_and_are_unique<mutex_registry, mutex_mutants>();
    expect_mutants_name_their_base_and_are_unique<semaphore_registry, semaphore_mutants>();
    expect_mutants_name_their_base_and_are_unique<condvar_registry, condvar_mutants>();
    expect_mutants_name_their_base_and_are_unique<queue_registry, queue_mutants>();
}

template <class Registry>
void expect_fifo_implies_starvation_free() {
    Registry::for_each([&]<class E>() {
        // FIFO implies starvation freedom; the converse need not hold.
        if (E::properties.fifo) {
            EXPECT_TRUE(E::properties.starvation_free) << E::id;
        }
    });
}

TEST(Registry, PropertiesAreConsistent) {
    expect_fifo_implies_starvation_free<mutex_registry>();
    expect_fifo_implies_starvation_free<semaphore_registry>();
    expect_fifo_implies_starvation_free<condvar_registry>();
    // Containers: a stack is LIFO and named so, a queue FIFO; at least one
    // producer and one consumer; close() belongs to the blocking ones (pop
    // drains, then reports closed); blocking calls wait for room, so only a
    // bounded container has them here.
    queue_registry::for_each([&]<class E>() {
        const std::string id(E::id);
        EXPECT_TRUE(id.starts_with("queue.") || id.starts_with("stack.")) << id;
        EXPECT_EQ(id.starts_with("stack."), E::properties.order == container_order::lifo) << id;
        EXPECT_GE(E::properties.max_producers, 1u) << id;
        EXPECT_GE(E::properties.max_consumers, 1u) << id;
        if (E::properties.closable) EXPECT_TRUE(E::properties.blocking) << id;
        if (E::properties.blocking) EXPECT_TRUE(E::properties.bounded) << id;
        EXPECT_FALSE(E::description.empty()) << id;
    });
}

// The fault knob is decided at compile time: the faithful instantiation asks
// nothing at run time, and a mutant changes exactly its one site.
static_assert(faithful::order(site::unlock, std::memory_order_release) == std::memory_order_release);
static_assert(!faithful::skips(site::wake));
static_assert(relax_at<site::unlock>::order(site::unlock, std::memory_order_release) == std::memory_order_relaxed);
static_assert(relax_at<site::unlock>::order(site::lock, std::memory_order_acquire) == std::memory_order_acquire);
static_assert(skip_at<site::wake>::skips(site::wake) && !skip_at<site::wake>::skips(site::unlock));
static_assert(!faithful::splits(site::lock) && !faithful::wakes_early(site::wake) && !faithful::waits_once(site::sleep));
static_assert(faithful::narrow(site::lock, 0xffffffffu) == 0xffffffffu);
static_assert(split_at<site::lock>::splits(site::lock) && !split_at<site::lock>::splits(site::acquire));
static_assert(wake_early_at<site::wake>::wakes_early(site::wake) && !wake_early_at<site::wake>::skips(site::wake));
static_assert(once_at<site::sleep>::waits_once(site::sleep) && !once_at<site::sleep>::waits_once(site::spin_wait));
static_assert(narrow_ticket<1>::narrow(site::lock, 2) == 0 && narrow_ticket<1>::narrow(site::unlock, 3) == 1);
// Each policy changes only its own answer: the others are faithful's.
static_assert(split_at<site::lock>::order(site::lock, std::memory_order_acquire) == std::memory_order_acquire);
static_assert(narrow_ticket<2>::order(site::unlock, std::memory_order_release) == std::memory_order_release);
static_assert(!relax_at<site::unlock>::skips(site::unlock) && !skip_at<site::wake>::splits(site::wake));
// A mutant has the same layout as the correct type: the knob adds no state.
static_assert(sizeof(futex_mutex<native>) == sizeof(futex_mutex<native, skip_at<site::wake>>));
static_assert(sizeof(ticket_mutex<native>) == sizeof(ticket_mutex<native, relax_at<site::unlock>>));
static_assert(sizeof(ticket_mutex<native>) == sizeof(ticket_mutex<native, narrow_ticket<1>>));
static_assert(sizeof(tas_mutex<native>) == sizeof(tas_mutex<native, split_at<site::lock>>));

TEST(Fault, SiteNamesAreDistinct) {
    std::set<std::string> names;
    for (site s : {site::lock, site::try_lock, site::spin_wait, site::unlock, site::link, site::hand_off,
                   site::retire, site::wake, site::acquire, site::release, site::announce, site::observe,
                   site::notify, site::sleep, site::protect, site::reclaim}) {
        EXPECT_TRUE(names.insert(to_string(s)).second) << to_string(s);
    }
}

}  // namespace
