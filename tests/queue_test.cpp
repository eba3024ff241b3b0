// The queue contract of every registered queue and stack, on real threads
// with the native platform: FIFO (LIFO for a stack) order alone, try_push
// false when a bounded queue is full and never for an unbounded one, try_pop
// nothing when empty, bad capacities reported with their value at
// construction, close() on the closable ones, and a short two-thread
// transfer that respects each entry's producer/consumer limits. Quick
// functional tests; the deep checks are the other layers.
#include <gtest/gtest.h>

#include "tests/registry_types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "primitives/platform/native.hpp"
#include "primitives/queue/registry.hpp"
#include "primitives/reclaim/node_pool.hpp"

namespace {

using namespace synclab;
using platform::native;

using synclab::testing::gtest_types;
using synclab::testing::id_name;

template <class E>
class QueueContract : public ::testing::Test {
protected:
    using queue = typename E::template type<native>;
    static constexpr queue_properties properties = E::properties;
};

// Containers: a stack is LIFO and named so, a queue FIFO; at least one
// producer and one consumer; close() belongs to the blocking ones (pop
// drains, then reports closed); blocking calls wait for room, so only a
// bounded container has them here.
TEST(QueueRegistry, PropertiesAreConsistent) {
    queue_registry::for_each([&]<class E>() {
        const std::string id(E::id);
        EXPECT_TRUE(id.starts_with("queue.") || id.starts_with("stack.")) << id;
        EXPECT_EQ(id.starts_with("stack."), E::properties.order == container_order::lifo) << id;
        EXPECT_GE(E::properties.max_producers, 1u) << id;
        EXPECT_GE(E::properties.max_consumers, 1u) << id;
        if (E::properties.closable) {
            EXPECT_TRUE(E::properties.blocking) << id;
        }
        if (E::properties.blocking) {
            EXPECT_TRUE(E::properties.bounded) << id;
        }
    });
}

TYPED_TEST_SUITE(QueueContract, gtest_types<queue_registry>::type, id_name);

TYPED_TEST(QueueContract, OrderAloneAndFullAndEmpty) {
    constexpr queue_properties props = TestFixture::properties;
    auto q = make_queue<typename TestFixture::queue>(4);
    EXPECT_FALSE(q.try_pop().has_value());
    for (std::uint64_t round = 0; round < 3; ++round) {  // three laps of a ring
        for (std::uint64_t v = 1; v <= 4; ++v) EXPECT_TRUE(q.try_push(round * 10 + v));
        if constexpr (props.bounded) {
            EXPECT_FALSE(q.try_push(99)) << "a full bounded queue refuses try_push";
        }
        for (std::uint64_t k = 1; k <= 4; ++k) {
            const std::optional<std::uint64_t> got = q.try_pop();
            ASSERT_TRUE(got.has_value());
            const std::uint64_t v = props.order == container_order::fifo ? k : 5 - k;
            EXPECT_EQ(*got, round * 10 + v);
        }
        EXPECT_FALSE(q.try_pop().has_value());
    }
}

TYPED_TEST(QueueContract, UnboundedTakesEverything) {
    if constexpr (!TestFixture::properties.bounded) {
        auto q = make_queue<typename TestFixture::queue>(4);
        constexpr std::uint64_t items = 10000;
        for (std::uint64_t v = 1; v <= items; ++v) ASSERT_TRUE(q.try_push(v)) << v;
        for (std::uint64_t k = 1; k <= items / 2; ++k) ASSERT_TRUE(q.try_pop().has_value());
        // The rest stays queued: the destructor frees it (and the retired nodes).
    } else {
        GTEST_SKIP() << "bounded";
    }
}

// The native platform, counting the nodes it creates and destroys (a node
// is what carries the reclamation domain's retired_next link; records and
// rings are not counted). Single-threaded use in the test below.
template <bool Recycles>
struct node_counting_native : native {
    static inline std::int64_t created = 0;
    static inline std::int64_t live = 0;
    template <class T, class... Args>
    static T* create(Args&&... args) {
        if constexpr (requires(T& t) { t.retired_next; }) {
            ++created;
            ++live;
        }
        return native::create<T>(std::forward<Args>(args)...);
    }
    template <class T>
    static void destroy(T* p) noexcept {
        if constexpr (requires(T& t) { t.retired_next; }) --live;
        native::destroy(p);
    }
    static constexpr bool recycles_nodes = Recycles;
};

// An unbounded lock-free container takes its nodes back from its reclamation
// domain (primitives/reclaim/node_pool.hpp): a steady stream of pushes and
// pops allocates about one batch of the domain's, not one node per push;
// a drain keeps at most the pool's limit beyond that; the destructor frees
// every node. The same run without recycling allocates a node per push,
// which the test checks as well, so that the first count means something.
TYPED_TEST(QueueContract, ReclaimedNodesAreReused) {
    if constexpr (!TestFixture::properties.bounded) {
        using recycling = node_counting_native<true>;
        using allocating = node_counting_native<false>;
        recycling::created = allocating::created = 0;  // the counts are shared by every entry's run
        constexpr std::int64_t rounds = 2000, burst = 50;  // 100000 pushes
        const auto stream = []<class Q>(Q& q) {
            for (std::int64_t r = 0; r < rounds; ++r) {
                for (std::int64_t i = 0; i < burst; ++i) ASSERT_TRUE(q.try_push(std::uint64_t(i)));
                for (std::int64_t i = 0; i < burst; ++i) ASSERT_TRUE(q.try_pop().has_value());
            }
        };
        {
            typename TypeParam::template type<allocating> q;
            stream(q);
        }
        EXPECT_GE(allocating::created, rounds * burst) << "without recycling every push allocates";
        EXPECT_EQ(allocating::live, 0);
        {
            typename TypeParam::template type<recycling> q;
            stream(q);
            // One batch of a domain with a record or two is at most a few
            // thousand nodes (hazard_batch, and the epochs' 2H + 64 three
            // lists deep); 100000 pushes must not allocate anywhere near one
            // node each.
            EXPECT_LT(recycling::created, 5000) << "reclaimed nodes are not reused";
            // A drain: every node comes back at once; the pool keeps at most
            // its limit, the rest goes back to the allocator.
            for (std::int64_t i = 0; i < 100000; ++i) ASSERT_TRUE(q.try_push(std::uint64_t(i)));
            for (std::int64_t i = 0; i < 100000; ++i) ASSERT_TRUE(q.try_pop().has_value());
            for (int flush = 0; flush < 3; ++flush) {  // epochs free two advances late: more batches
                for (std::int64_t i = 0; i < 5000; ++i) {
                    ASSERT_TRUE(q.try_push(std::uint64_t(i)));
                    ASSERT_TRUE(q.try_pop().has_value());
                }
            }
            constexpr auto limit = static_cast<std::int64_t>(node_pool<std::uint64_t, native>::limit);
            EXPECT_LE(recycling::live, limit + 5000) << "the pool keeps more than its limit";
        }
        EXPECT_EQ(recycling::live, 0) << "the destructor frees every node, pooled ones included";
    } else {
        GTEST_SKIP() << "bounded: no nodes";
    }
}

TYPED_TEST(QueueContract, CapacityZeroIsAContractViolation) {
    if constexpr (TestFixture::properties.bounded) {
        try {
            typename TestFixture::queue q(0);
            FAIL() << "capacity 0 accepted";
        } catch (const contract_violation& e) {
            EXPECT_NE(std::string(e.what()).find("(0)"), std::string::npos) << e.what();
        }
    } else {
        static_assert(!std::is_constructible_v<typename TestFixture::queue, std::size_t>,
                      "an unbounded container takes no capacity");
        GTEST_SKIP() << "unbounded: takes no capacity";
    }
}

// One producer, one consumer: every item arrives exactly once, and in push
// order for a FIFO queue (a stack's order under concurrency is the
// linearizability check's, properties/).
TYPED_TEST(QueueContract, TransferKeepsEveryItem) {
    constexpr queue_properties props = TestFixture::properties;
    auto q = make_queue<typename TestFixture::queue>(8);
    constexpr std::uint64_t items = 4000;
    std::thread producer([&] {
        for (std::uint64_t v = 1; v <= items; ++v) {
            while (!q.try_push(v)) std::this_thread::yield();
        }
    });
    std::vector<bool> seen(items + 1, false);
    std::uint64_t expected = 1, received = 0;
    while (received < items) {
        if (const auto v = q.try_pop()) {
            ASSERT_GE(*v, 1u);
            ASSERT_LE(*v, items);
            ASSERT_FALSE(seen[*v]) << "item " << *v << " popped twice";
            seen[*v] = true;
            if constexpr (props.order == container_order::fifo) {
                ASSERT_EQ(*v, expected);
                ++expected;
            }
            ++received;
        } else {
            std::this_thread::yield();
        }
    }
    producer.join();
    EXPECT_FALSE(q.try_pop().has_value());
}

TYPED_TEST(QueueContract, CloseDrainsThenReportsClosed) {
    if constexpr (TestFixture::properties.closable) {
        typename TestFixture::queue q(4);
        EXPECT_TRUE(q.push(1));
        EXPECT_TRUE(q.try_push(2));
        q.close();
        EXPECT_FALSE(q.push(3)) << "push after close() reports closed";
        EXPECT_FALSE(q.try_push(3));
        EXPECT_EQ(q.pop(), std::optional<std::uint64_t>(1));
        EXPECT_EQ(q.try_pop(), std::optional<std::uint64_t>(2));
        EXPECT_EQ(q.pop(), std::nullopt) << "drained and closed";
    } else {
        GTEST_SKIP() << "no close()";
    }
}

TEST(QueueCapacity, RingsNeedAPowerOfTwo) {
    EXPECT_NO_THROW((spsc_queue<int, native>(1)));
    EXPECT_NO_THROW((mpmc_queue<int, native>(2)));
    try {
        mpmc_queue<int, native> q(3);
        FAIL() << "capacity 3 accepted";
    } catch (const contract_violation& e) {
        EXPECT_STREQ(e.what(), "mpmc_queue(3): capacity must be a power of two >= 2");
    }
    try {
        mpmc_queue<int, native> q(1);
        FAIL() << "capacity 1 accepted";
    } catch (const contract_violation& e) {
        EXPECT_STREQ(e.what(), "mpmc_queue(1): capacity must be a power of two >= 2");
    }
    try {
        spsc_queue<int, native> q(6);
        FAIL() << "capacity 6 accepted";
    } catch (const contract_violation& e) {
        EXPECT_STREQ(e.what(), "spsc_queue(6): capacity must be a power of two >= 1");
    }
}

}  // namespace
