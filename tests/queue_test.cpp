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
