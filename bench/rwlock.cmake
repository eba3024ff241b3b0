# What the reader-writer lock part of the benchmark needs beyond Google
# Benchmark: abseil (absl::Mutex's reader mode), oneTBB (spin_rw_mutex,
# queuing_rw_mutex, rw_mutex) and Concurrency Kit's ck_rwlock, ck_pflock,
# ck_tflock and ck_brlock through their C wrapper (peers/ck_rwlock_peers.c),
# in rwlock_peers.cpp; pthread_rwlock_t is in the C library. As in
# bench/mutex.cmake.
set(synclab_bench_rwlock_packages absl TBB)
set(synclab_bench_rwlock_headers "ck_rwlock.h" "ck_pflock.h" "ck_tflock.h" "ck_brlock.h")
set(synclab_bench_rwlock_libraries absl::synchronization TBB::tbb synclab_ck_rwlock_peers)
set(synclab_bench_rwlock_debian libabsl-dev libtbb-dev libck-dev)  # the Debian packages of the above
