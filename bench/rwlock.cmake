# What the reader-writer lock part of the benchmark needs beyond Google
# Benchmark: abseil (absl::Mutex's reader mode) and oneTBB (spin_rw_mutex,
# queuing_rw_mutex, rw_mutex), in rwlock_peers.cpp; pthread_rwlock_t is in the
# C library. As in bench/mutex.cmake.
set(synclab_bench_rwlock_packages absl TBB)
set(synclab_bench_rwlock_headers "")
set(synclab_bench_rwlock_libraries absl::synchronization TBB::tbb)
set(synclab_bench_rwlock_debian libabsl-dev libtbb-dev)  # the Debian packages of the above
