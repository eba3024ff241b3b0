# What the queue part of the benchmark needs beyond Google Benchmark: oneTBB,
# ck_ring, Concurrency Kit's ck_hp_fifo, ck_hp_stack and ck_fifo_mpmc with its
# reclamation (libck), and liburcu's cds_lfq through their C wrappers
# (peers/ck_ring_peers.c, peers/ck_reclaim_peers.c, peers/urcu_lfq_peers.c);
# Boost.Lockfree and moodycamel are header-only. As in bench/mutex.cmake:
# packages to find, headers to look for, libraries to link.
set(synclab_bench_queue_packages TBB)
set(synclab_bench_queue_headers "ck_ring.h" "ck_hp_fifo.h" "ck_hp_stack.h" "ck_fifo.h" "ck_epoch.h"
                                "urcu/urcu-memb.h" "boost/lockfree/spsc_queue.hpp"
                                "concurrentqueue/concurrentqueue.h")
set(synclab_bench_queue_libraries TBB::tbb synclab_ck_ring_peers synclab_ck_reclaim_peers synclab_urcu_peers)
set(synclab_bench_queue_debian libtbb-dev libck-dev liburcu-dev libboost-dev libconcurrentqueue-dev)  # the Debian packages of the above
