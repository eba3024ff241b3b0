// The registry and the fault knob: the mechanisms every checker relies on,
// over every concept of the list (synclab::concepts). What a concept's own
// entries must satisfy beyond these is in tests/<c>_test.cpp.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <type_traits>

#include "primitives/interfaces.hpp"
#include "primitives/platform/native.hpp"
#include "synclab/concepts.hpp"

namespace {

using namespace synclab;
using platform::native;

// Ids are unique across every concept (the tools look an id up without its
// concept), each entry is described, and each concept's registry finds its
// own entries and no other.
TEST(Registry, IdsAreUniqueAndDescribed) {
    std::set<std::string> ids;
    std::size_t total = 0;
    concepts::for_each([&]<class C>() {
        using R = typename C::implementations;
        EXPECT_GT(R::size, 0u) << C::name << " has no implementation";
        total += R::size;
        R::for_each([&]<class E>() {
            EXPECT_FALSE(E::description.empty()) << E::id;
            EXPECT_TRUE(ids.insert(std::string(E::id)).second) << "duplicate id " << E::id;
            EXPECT_TRUE(R::contains(E::id)) << E::id;
        });
        EXPECT_FALSE(R::contains(std::string(C::name) + ".nonesuch"));
    });
    EXPECT_EQ(ids.size(), total);
}

// A mutant names its base (an entry of its concept's registry), shadows no
// implementation, and its id is unique across every concept.
TEST(Registry, MutantsNameTheirBaseAndAreUnique) {
    std::set<std::string> ids;
    concepts::for_each([&]<class C>() {
        using R = typename C::implementations;
        C::mutants::for_each([&]<class M>() {
            EXPECT_TRUE(R::contains(M::base_id)) << M::id;
            EXPECT_EQ(M::base::id, M::base_id) << M::id;
            EXPECT_FALSE(R::contains(M::id)) << "a mutant id must not shadow an implementation: " << M::id;
            EXPECT_TRUE(ids.insert(std::string(M::id)).second) << "duplicate mutant " << M::id;
        });
        EXPECT_EQ(R::index_of("nonesuch"), R::size);
    });
}

// FIFO implies starvation freedom (the converse need not hold), for every
// concept whose properties have both.
TEST(Registry, FifoImpliesStarvationFree) {
    concepts::for_each([&]<class C>() {
        C::implementations::for_each([&]<class E>() {
            if constexpr (requires { E::properties.fifo && E::properties.starvation_free; }) {
                if (E::properties.fifo) {
                    EXPECT_TRUE(E::properties.starvation_free) << E::id;
                }
            }
        });
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

// The interface concepts a user's primitive is held to (synclab_add_primitive
// asserts them) hold for every entry here: a concept written too strictly
// would turn away a correct primitive. Checked at compile time.
TEST(Registry, EveryEntryHasItsConceptsInterface) {
    using P = platform::native;
    mutex_registry::for_each([]<class E>() { static_assert(mutex_interface<typename E::template type<P>>); });
    semaphore_registry::for_each([]<class E>() { static_assert(semaphore_interface<typename E::template type<P>>); });
    condvar_registry::for_each([]<class E>() { static_assert(condvar_interface<typename E::template type<P>>); });
    rwlock_registry::for_each([]<class E>() { static_assert(rwlock_interface<typename E::template type<P>>); });
    // And they turn away what lacks a member.
    struct lock_only {
        void lock();
        void unlock();
    };
    static_assert(!mutex_interface<lock_only>);
    static_assert(!semaphore_interface<lock_only>);
    static_assert(!condvar_interface<lock_only>);
    static_assert(!rwlock_interface<lock_only>);
    struct exclusive_only {  // a mutex, but no reader may share it
        void lock();
        bool try_lock();
        void unlock();
    };
    static_assert(mutex_interface<exclusive_only> && !rwlock_interface<exclusive_only>);
}

TEST(Fault, SiteNamesAreDistinct) {
    std::set<std::string> names;
    for (site s : {site::lock, site::try_lock, site::spin_wait, site::unlock, site::link, site::hand_off,
                   site::retire, site::wake, site::acquire, site::release, site::announce, site::observe,
                   site::notify, site::sleep, site::protect, site::reclaim}) {
        EXPECT_TRUE(names.insert(to_string(s)).second) << to_string(s);
    }
}

}  // namespace
