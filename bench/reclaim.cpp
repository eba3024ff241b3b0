// synclab_reclaim_bench: garbage over operations with one stalled reader, for
// every reclamation scheme of the lock-free structures: stack.treiber and
// queue.ms with symmetric hazard pointers, asymmetric hazard pointers and
// epochs (primitives/reclaim/). Prints one JSON object per line on stdout
// (a sample per checkpoint, a summary per entry); progress on stderr.
// bench/reclaim_report.py runs it, checks both properties and writes
// reclaim.md with a plot (`./synclab bench reclaim`).
//
//   synclab_reclaim_bench [--quick] [--pops N] [--only ID[,ID...]]
//
//   --pops N   pops per entry (default 2000000; --quick 200000), a multiple
//              of 100, at least 10000 (so that the 80% made during the stall
//              are more than any hazard-pointer bound here, 1572 nodes: an
//              epoch entry's growth cannot be mistaken for a bound)
//   --only     some of the six ids (queue.ms, queue.ms_asym_hp,
//              queue.ms_epoch, stack.treiber, stack.treiber_asym_hp,
//              stack.treiber_epoch)
//
// Garbage: the nodes a pop has unlinked and handed to the reclamation domain
// (retire) that the domain has not freed yet. It is counted exactly, not
// estimated: the structures take their platform as a template parameter, and
// counting_native below counts every node that P::create makes and P::destroy
// frees (the domain's records, made through the same calls, are counted
// apart). A sample is taken only at a checkpoint, where the producer and the
// consumer wait at a barrier and no operation is in flight but the stalled
// one. There every live node is one of: a node of the structure (an item, or
// queue.ms's dummy), the stalled pop's node (treiber_stack unlinks it with
// its CAS before the copy, and retires it only after), or garbage. Counting
// the stalled pop's item as an item (it is not popped until the pop returns),
// the items are exactly pushes - completed pops, so
//
//     garbage = live nodes - (pushes - completed pops) - dummies
//
// with no term left to guess (the report checks it is never negative, and
// the binary that every node and record is freed with the structure).
//
// The stall. The item type, stall_item, has a copy constructor that blocks
// once on the thread that set its thread_local flag. Both structures copy
// the item out of a node inside the pop, while the node is protected:
// treiber_stack after its unlinking CAS and before it retires the node (the
// operation's hazard names the node; its epoch is announced), ms_queue before
// its CAS on head_ (hazards on the dummy and its successor). So the stalled
// thread stops with its operation open: a hazard record held (at most Slots
// nodes named by it) or an epoch announced that no advance may pass.
//
// The run, per entry: one producer thread pushes and one consumer thread pops
// the same number of items, in 100 chunks of 1% of the pops each (the queue
// holds `prefill` items at every checkpoint). After chunk 10 a third thread
// starts a pop that stalls in the copy; after chunk 90 it is released and
// joined. So the samples show a warm-up without a stall (both schemes free
// their garbage), 80% of the pops with the stalled reader, and a recovery.
//
// What the schemes promise (see the top comments of hazard_pointers.hpp and
// epochs.hpp): hazard pointers: a record scans when its retired list reaches
// the batch R and keeps only the nodes some hazard names, so every record
// holds fewer than R retired nodes and the garbage is below H * R (H records,
// R = 2 H Slots + 16 symmetric, + 512 asymmetric), stall or not. Epochs: the
// stalled operation stays inside epoch e; the global epoch can still move to
// e + 1 but never to e + 2, and a node retired in epoch t is freed only once
// the epoch reaches t + 2: every node retired after the stall began stays
// allocated until the release (garbage >= the pops made during the stall).
//
// Why operations, not time: the garbage is made by retires, one per pop, and
// a stalled reader keeps what is retired while it is stalled, however long
// that is. Counting the run in pops makes every figure a function of the
// algorithm alone: a slow or loaded machine makes fewer pops per second but
// the same garbage per pop, so the figures compare across machines and the
// report's checks cannot flake on a slow CI runner.
#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "primitives/fault.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/queue/ms_queue.hpp"
#include "primitives/queue/registry.hpp"
#include "primitives/queue/treiber_stack.hpp"
#include "primitives/reclaim/epochs.hpp"
#include "primitives/reclaim/hazard_pointers.hpp"

namespace {

using namespace synclab;

// ------------------------------------------------------ counting allocations

// What P::create makes here: a structure's node (it carries the domain's
// retired_next link) or a domain's record (it carries the `active` flag of
// records.hpp). Anything else is a compile error in create, so nothing the
// structures allocate goes uncounted.
template <class T>
concept structure_node = requires(T& t) { t.retired_next; };
template <class T>
concept domain_record = requires(T& t) { t.active; };

// Live objects of the structure under test (one at a time). Written by every
// thread that creates or destroys; read by the main thread only at a
// checkpoint or after every thread is joined.
struct live_counts {
    std::atomic<std::int64_t> nodes{0};
    std::atomic<std::int64_t> records{0};
    std::atomic<std::size_t> node_bytes{0};  // sizeof the node type, for garbage in bytes
};
live_counts live;

// The native platform with create and destroy hidden by counting ones; the
// structures name P::create / P::destroy only, so every allocation they make
// passes through here.
struct counting_native : platform::native {
    template <class T, class... Args>
    static T* create(Args&&... args) {
        static_assert(structure_node<T> != domain_record<T>,
                      "counting_native: a type that is neither (or both) a structure's node and a domain's record");
        T* const p = platform::native::create<T>(std::forward<Args>(args)...);
        // relaxed (all three): counts, pairing with nothing; the main thread
        // reads them only after the checkpoint barrier (or the joins), which
        // orders every count made before it.
        if constexpr (structure_node<T>) {
            live.nodes.fetch_add(1, std::memory_order_relaxed);
            live.node_bytes.store(sizeof(T), std::memory_order_relaxed);
        } else {
            live.records.fetch_add(1, std::memory_order_relaxed);
        }
        return p;
    }
    template <class T>
    static void destroy(T* p) noexcept {
        // relaxed: as in create.
        if constexpr (structure_node<T>) {
            live.nodes.fetch_sub(1, std::memory_order_relaxed);
        } else {
            live.records.fetch_sub(1, std::memory_order_relaxed);
        }
        platform::native::destroy(p);
    }
    // Reclaimed nodes are destroyed here, not pooled for reuse
    // (primitives/reclaim/node_pool.hpp): a pooled node would stay live and
    // be counted as garbage. The garbage is what the scheme has not yet
    // reclaimed, which the pool does not change: it acts after a reclaim.
    static constexpr bool recycles_nodes = false;
};

// ------------------------------------------------------------------ the stall

// The stalled thread and the main thread meet here: reached when the copy
// has begun (the pop is open), released when the experiment lets it go.
struct stall_gate {
    std::atomic<bool> reached{false};
    std::atomic<bool> released{false};
    bool missed = false;  // the pop returned without copying (set before reached)
};
stall_gate gate;

// Set by the stalled thread before its pop; the next copy of a stall_item on
// this thread blocks (once: the flag is cleared, so the pop's retry after the
// release does not block again).
thread_local bool stall_in_next_copy = false;

void block_until_released() {
    // release: pairs with the main thread's acquire wait on reached; the
    // stall has begun inside the operation (its record taken, its hazards
    // or epoch published), before the churn that follows the checkpoint.
    gate.reached.store(true, std::memory_order_release);
    gate.reached.notify_all();
    // acquire: pairs with the main thread's release store of released.
    gate.released.wait(false, std::memory_order_acquire);
}

struct stall_item {
    std::uint64_t value = 0;

    stall_item() = default;
    explicit stall_item(std::uint64_t v) : value(v) {}
    stall_item(const stall_item& other) : value(other.value) {
        if (stall_in_next_copy) {
            stall_in_next_copy = false;
            block_until_released();
        }
    }
    stall_item(stall_item&&) noexcept = default;
    stall_item& operator=(const stall_item&) = default;
    stall_item& operator=(stall_item&&) noexcept = default;
};

// ------------------------------------------------------------------ entries

// The registry's entries, with the item type and platform of this experiment.
template <template <class N, class, class, unsigned> class Reclaim>
using stack_with = treiber_stack<stall_item, counting_native, faithful, Reclaim>;
template <template <class N, class, class, unsigned> class Reclaim>
using queue_with = ms_queue<stall_item, counting_native, faithful, Reclaim>;

// Each id names the registry's structure with that reclamation scheme: the
// experiment below instantiates the same templates with stall_item and
// counting_native, so it measures the registered code.
template <fixed_string Id, class Expected>
constexpr bool registry_entry_is =
    std::is_same_v<typename queue_registry::template at<queue_registry::index_of(Id)>::template type<platform::native,
                                                                                                     faithful>,
                   Expected>;
static_assert(registry_entry_is<"stack.treiber", treiber_stack<queue_item, platform::native, faithful, hazard_domain>>);
static_assert(registry_entry_is<"stack.treiber_asym_hp",
                                treiber_stack<queue_item, platform::native, faithful, asymmetric_hazard_domain>>);
static_assert(registry_entry_is<"stack.treiber_epoch",
                                treiber_stack<queue_item, platform::native, faithful, epoch_domain>>);
static_assert(registry_entry_is<"queue.ms", ms_queue<queue_item, platform::native, faithful, hazard_domain>>);
static_assert(registry_entry_is<"queue.ms_asym_hp",
                                ms_queue<queue_item, platform::native, faithful, asymmetric_hazard_domain>>);
static_assert(registry_entry_is<"queue.ms_epoch", ms_queue<queue_item, platform::native, faithful, epoch_domain>>);

enum class scheme { symmetric_hazard, asymmetric_hazard, epochs };

struct entry_info {
    const char* id;
    scheme reclaim;
    const char* structure;  // "stack" or "queue"
    unsigned slots;         // hazards per record (the structure's Slots)
    unsigned dummies;       // nodes the structure holds besides its items
};

const char* scheme_name(scheme s) {
    switch (s) {
        case scheme::symmetric_hazard: return "hazard pointers, symmetric";
        case scheme::asymmetric_hazard: return "hazard pointers, asymmetric";
        case scheme::epochs: return "epochs";
    }
    return "?";
}

// The bound on the garbage of a hazard-pointer domain with `records` records:
// H * R, R the batch the domain scans at (hazard_batch in hazard_pointers.hpp,
// through the platform's reclaim_batch, which natively keeps it as asked).
std::int64_t hazard_bound(hazard_fences fences, unsigned slots, std::int64_t records) {
    const auto h = static_cast<std::size_t>(records);
    return records * static_cast<std::int64_t>(counting_native::reclaim_batch(hazard_batch(fences, h, slots)));
}
// This entry's bound; nothing for epochs: they promise none.
std::optional<std::int64_t> garbage_bound(const entry_info& e, std::int64_t records) {
    if (e.reclaim == scheme::epochs) return std::nullopt;
    const auto fences = e.reclaim == scheme::asymmetric_hazard ? hazard_fences::asymmetric : hazard_fences::symmetric;
    return hazard_bound(fences, e.slots, records);
}

// Operations that can be in flight at once: the producer's, the consumer's and the stalled pop.
constexpr std::int64_t operating_threads = 3;

// ------------------------------------------------------------------ the run

constexpr unsigned checkpoints = 100;      // chunks of 1% of the pops
constexpr unsigned stall_begins_after = 10;  // chunks of warm-up
constexpr unsigned stall_ends_after = 90;    // the release, after the stall's 80 chunks
constexpr std::uint64_t prefill = 8;         // items in the structure at every checkpoint
static_assert(0 < stall_begins_after && stall_begins_after < stall_ends_after && stall_ends_after < checkpoints,
              "the stall begins after a warm-up and is released (and joined) before the last checkpoint");

const char* phase_of(unsigned checkpoint) {
    if (checkpoint == 0) return "start";
    if (checkpoint <= stall_begins_after) return "warm-up";
    if (checkpoint <= stall_ends_after) return "stalled";
    return "released";
}

template <class Structure>
bool run_entry(const entry_info& e, std::uint64_t total_pops) {
    // relaxed: no other thread runs yet; creating the threads orders these
    // stores before everything they do.
    live.nodes.store(0, std::memory_order_relaxed);
    live.records.store(0, std::memory_order_relaxed);
    gate.reached.store(false, std::memory_order_relaxed);
    gate.released.store(false, std::memory_order_relaxed);
    gate.missed = false;

    const std::uint64_t chunk = total_pops / checkpoints;
    const auto start = std::chrono::steady_clock::now();
    bool ok = true;
    {
        auto structure = std::make_unique<Structure>();
        for (std::uint64_t i = 0; i < prefill; ++i) structure->try_push(stall_item{i});

        // Counts of each thread's own operations: written by it between
        // checkpoints, read by the main thread at a checkpoint (the barrier
        // orders them).
        std::uint64_t producer_pushes = 0;
        std::uint64_t consumer_pops = 0;
        std::uint64_t stalled_pops = 0;  // 1 once the stalled pop has returned with an item

        std::int64_t max_records = 0;
        const auto sample = [&](unsigned c) {
            const std::uint64_t pushes = prefill + producer_pushes;
            const std::uint64_t pops = consumer_pops + stalled_pops;
            // relaxed: read at a checkpoint, after the barrier, which orders
            // every count before it (see counting_native::create).
            const std::int64_t nodes = live.nodes.load(std::memory_order_relaxed);
            const std::int64_t records = live.records.load(std::memory_order_relaxed);
            const std::int64_t node_bytes = static_cast<std::int64_t>(live.node_bytes.load(std::memory_order_relaxed));
            const std::int64_t garbage =
                nodes - static_cast<std::int64_t>(pushes - pops) - static_cast<std::int64_t>(e.dummies);
            max_records = std::max(max_records, records);
            const auto bound = garbage_bound(e, records);
            std::printf("{\"kind\": \"sample\", \"entry\": \"%s\", \"scheme\": \"%s\", \"structure\": \"%s\", "
                        "\"checkpoint\": %u, \"phase\": \"%s\", \"pops\": %llu, \"pushes\": %llu, "
                        "\"live_nodes\": %lld, \"garbage\": %lld, \"garbage_bytes\": %lld, \"records\": %lld, "
                        "\"bound\": %s}\n",
                        e.id, scheme_name(e.reclaim), e.structure, c, phase_of(c),
                        static_cast<unsigned long long>(pops), static_cast<unsigned long long>(pushes),
                        static_cast<long long>(nodes), static_cast<long long>(garbage),
                        static_cast<long long>(garbage * node_bytes), static_cast<long long>(records),
                        bound ? std::to_string(*bound).c_str() : "null");
            if (garbage < 0) {
                std::fprintf(stderr, "synclab_reclaim_bench: %s: negative garbage (%lld) at checkpoint %u: the "
                                     "accounting of live nodes is wrong\n",
                             e.id, static_cast<long long>(garbage), c);
                ok = false;
            }
        };

        sample(0);  // the prefilled structure, before any thread runs

        std::barrier<> checkpoint_barrier(3);  // producer, consumer, main
        // A worker's chunk ends at the barrier (the main thread samples while
        // it waits at the second one); then the next chunk.
        const auto between_chunks = [&] {
            checkpoint_barrier.arrive_and_wait();  // quiescent: the main thread samples
            checkpoint_barrier.arrive_and_wait();  // go on
        };
        std::thread producer([&] {
            std::uint64_t next = prefill;
            for (unsigned c = 0; c < checkpoints; ++c) {
                for (std::uint64_t i = 0; i < chunk; ++i) {
                    structure->try_push(stall_item{next++});
                    ++producer_pushes;
                }
                between_chunks();
            }
        });
        std::thread consumer([&] {
            for (unsigned c = 0; c < checkpoints; ++c) {
                for (std::uint64_t i = 0; i < chunk;) {
                    if (structure->try_pop()) {
                        ++consumer_pops;
                        ++i;
                    } else {
                        counting_native::yield_thread();  // empty: the producer is behind
                    }
                }
                between_chunks();
            }
        });
        std::thread stalled;

        std::uint64_t stall_began_at = 0, released_at = 0;
        for (unsigned c = 1; c <= checkpoints; ++c) {
            checkpoint_barrier.arrive_and_wait();  // the workers have finished chunk c
            sample(c);
            if (c == stall_begins_after) {
                stall_began_at = consumer_pops + stalled_pops;
                stalled = std::thread([&] {
                    stall_in_next_copy = true;
                    const bool popped = structure->try_pop().has_value();
                    if (stall_in_next_copy) {  // never copied: no stall happened
                        gate.missed = true;
                        // release: pairs with the main thread's acquire wait (missed).
                        gate.reached.store(true, std::memory_order_release);
                        gate.reached.notify_all();
                    }
                    stalled_pops = popped ? 1 : 0;  // read by the main thread after the join
                });
                // acquire: pairs with the stalled thread's release store.
                gate.reached.wait(false, std::memory_order_acquire);
                if (gate.missed) {
                    std::fprintf(stderr, "synclab_reclaim_bench: %s: the stalled pop returned without copying an "
                                         "item (the structure was empty?): no stall\n",
                                 e.id);
                    ok = false;
                }
            }
            if (c == stall_ends_after) {
                released_at = consumer_pops + stalled_pops;
                // release: pairs with the stalled thread's acquire wait.
                gate.released.store(true, std::memory_order_release);
                gate.released.notify_all();
                stalled.join();
            }
            checkpoint_barrier.arrive_and_wait();  // the workers go on
        }
        producer.join();
        consumer.join();
        structure.reset();

        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        // relaxed: every thread that counted is joined (the joins order them).
        const std::int64_t leaked_nodes = live.nodes.load(std::memory_order_relaxed);
        const std::int64_t leaked_records = live.records.load(std::memory_order_relaxed);
        const auto max_bound = garbage_bound(e, max_records);
        // The bound with every operating thread's record, and the largest any hazard-pointer domain
        // of this structure could keep (the asymmetric one's): an epoch entry's growth must pass it.
        const auto threads_bound = garbage_bound(e, operating_threads);
        const std::int64_t largest_bound = hazard_bound(hazard_fences::asymmetric, e.slots, operating_threads);
        std::printf("{\"kind\": \"summary\", \"entry\": \"%s\", \"scheme\": \"%s\", \"structure\": \"%s\", "
                    "\"slots\": %u, \"prefill\": %llu, \"pops\": %llu, \"stall_began_at_pops\": %llu, "
                    "\"released_at_pops\": %llu, \"records\": %lld, \"bound\": %s, \"operating_threads\": %lld, "
                    "\"bound_at_operating_threads\": %s, \"largest_hazard_bound\": %lld, \"node_bytes\": %zu, "
                    "\"leaked_nodes\": %lld, \"leaked_records\": %lld, \"seconds\": %.3f}\n",
                    e.id, scheme_name(e.reclaim), e.structure, e.slots, static_cast<unsigned long long>(prefill),
                    static_cast<unsigned long long>(consumer_pops + stalled_pops),
                    static_cast<unsigned long long>(stall_began_at), static_cast<unsigned long long>(released_at),
                    static_cast<long long>(max_records), max_bound ? std::to_string(*max_bound).c_str() : "null",
                    static_cast<long long>(operating_threads),
                    threads_bound ? std::to_string(*threads_bound).c_str() : "null",
                    static_cast<long long>(largest_bound),
                    live.node_bytes.load(std::memory_order_relaxed),  // relaxed: as above
                    static_cast<long long>(leaked_nodes), static_cast<long long>(leaked_records), seconds);
        std::fflush(stdout);
        if (leaked_nodes != 0 || leaked_records != 0) {
            std::fprintf(stderr, "synclab_reclaim_bench: %s: %lld nodes and %lld records still allocated after the "
                                 "structure was destroyed\n",
                         e.id, static_cast<long long>(leaked_nodes), static_cast<long long>(leaked_records));
            ok = false;
        }
        std::fprintf(stderr, "  %s: %llu pops, %.2f s\n", e.id,
                     static_cast<unsigned long long>(consumer_pops + stalled_pops), seconds);
    }
    return ok;
}

struct runnable_entry {
    entry_info info;
    bool (*run)(const entry_info&, std::uint64_t);
};

const runnable_entry entries[] = {
    {{"stack.treiber", scheme::symmetric_hazard, "stack", 1, 0}, &run_entry<stack_with<hazard_domain>>},
    {{"stack.treiber_asym_hp", scheme::asymmetric_hazard, "stack", 1, 0},
     &run_entry<stack_with<asymmetric_hazard_domain>>},
    {{"stack.treiber_epoch", scheme::epochs, "stack", 1, 0}, &run_entry<stack_with<epoch_domain>>},
    {{"queue.ms", scheme::symmetric_hazard, "queue", 2, 1}, &run_entry<queue_with<hazard_domain>>},
    {{"queue.ms_asym_hp", scheme::asymmetric_hazard, "queue", 2, 1}, &run_entry<queue_with<asymmetric_hazard_domain>>},
    {{"queue.ms_epoch", scheme::epochs, "queue", 2, 1}, &run_entry<queue_with<epoch_domain>>},
};

std::string known_ids() {
    std::string s;
    for (const auto& e : entries) s += (s.empty() ? "" : ", ") + std::string(e.info.id);
    return s;
}

[[noreturn]] void bad_flag(const std::string& flag, const std::string& accepts) {
    std::fprintf(stderr,
                 "synclab_reclaim_bench: bad %s: accepts %s\n"
                 "usage: synclab_reclaim_bench [--quick] [--pops N] [--only ID[,ID...]]\n",
                 flag.c_str(), accepts.c_str());
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = false;
    std::optional<std::uint64_t> pops;
    std::vector<std::string> only;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--quick") {
            quick = true;
        } else if (a == "--pops") {
            if (i + 1 >= argc) bad_flag("--pops", "a number of pops per entry, a multiple of 100, at least 10000");
            const std::string text = argv[++i];
            char* end = nullptr;
            const unsigned long long n = std::strtoull(text.c_str(), &end, 10);
            if (text.empty() || text[0] == '-' || *end != '\0' || n < 10000 || n % checkpoints != 0) {
                bad_flag("--pops '" + text + "'", "a number of pops per entry, a multiple of 100, at least 10000");
            }
            pops = n;
        } else if (a == "--only") {
            if (i + 1 >= argc) bad_flag("--only", "a comma-separated list of ids: " + known_ids());
            const std::string list = argv[++i];
            for (std::size_t at = 0; at <= list.size();) {
                const std::size_t comma = std::min(list.find(',', at), list.size());
                const std::string id = list.substr(at, comma - at);
                const auto named = [&](const runnable_entry& e) { return id == e.info.id; };
                if (std::none_of(std::begin(entries), std::end(entries), named)) {
                    bad_flag("--only id '" + id + "'", "a comma-separated list of ids: " + known_ids());
                }
                only.push_back(id);
                at = comma + 1;
            }
        } else {
            bad_flag("argument '" + std::string(a) + "'", "--quick, --pops N, --only ID[,ID...]");
        }
    }
    const std::uint64_t total_pops = pops ? *pops : quick ? 200000 : 2000000;
    std::fprintf(stderr, "synclab_reclaim_bench: %llu pops per entry, stall from pop %llu to %llu\n",
                 static_cast<unsigned long long>(total_pops),
                 static_cast<unsigned long long>(total_pops / checkpoints * stall_begins_after),
                 static_cast<unsigned long long>(total_pops / checkpoints * stall_ends_after));
    bool ok = true;
    for (const auto& e : entries) {
        if (!only.empty() && std::find(only.begin(), only.end(), e.info.id) == only.end()) continue;
        ok = e.run(e.info, total_pops) && ok;
    }
    return ok ? 0 : 1;
}
